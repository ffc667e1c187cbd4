//! `storyline bench`: throughput of the per-article stages, single-threaded so the figure is
//! per core. Figures are recorded in BENCHMARKS.md, never asserted in tests.

use anyhow::Context as _;
use clap::Subcommand;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};
use storyline_core::document;
use storyline_core::extract::{annotate, attribution, time};
use storyline_core::ingest::{self, Body, DocMeta, RawDoc};

#[path = "bench_corpus.rs"]
pub mod corpus;
#[path = "bench_scale.rs"]
pub mod scale;

#[derive(Subcommand)]
pub enum BenchCommand {
    /// Per-article extraction on plain-text news: time expressions + attributions (the
    /// issue-4 pair), and the whole annotate stage (tagger, roles, coreference, quotes,
    /// times), sentences/s on one core.
    Extract {
        #[arg(long, default_value = "../shared/corpus/bulk/te3-silver")]
        text: PathBuf,
        #[arg(long, default_value_t = 3.0)]
        seconds: f64,
    },
    /// Ingest + clean + segment (+ page extraction for HTML), articles/s on one core.
    Ingest {
        /// TimeML news articles (tags are stripped to plain text).
        #[arg(long, default_value = "../shared/corpus/bulk/te3-silver")]
        text: PathBuf,
        /// Gzipped web pages (`*.html.gz`).
        #[arg(long, default_value = "../shared/corpus/extraction/scrapinghub/html")]
        html: PathBuf,
        /// Minimum measuring time per corpus, seconds.
        #[arg(long, default_value_t = 3.0)]
        seconds: f64,
    },
    /// Write the synthetic benchmark corpus: N articles (stories, wire copies, singletons)
    /// built from the bulk corpus, as JSON Lines shards under OUT/articles, with the
    /// generator's truth in OUT/truth.tsv.
    Corpus {
        #[arg(long)]
        n: usize,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value = "../shared/corpus/bulk/te3-silver")]
        text: PathBuf,
        #[arg(long, default_value_t = corpus::SEED)]
        seed: u64,
    },
    /// The main content `storyline eval extraction` scores, page by page, as one JSON object
    /// `{id: text}` (for `scripts/bench-compare`).
    #[command(hide = true)]
    ExtractionDump {
        #[arg(long, default_value = "../shared/corpus/extraction/scrapinghub")]
        corpus: PathBuf,
    },
    /// Dedup + story clustering (as the export runs them) on N generated articles, for each
    /// N in a child process: articles/s, peak memory, growth with N, quality against the
    /// generator's truth.
    Stories {
        #[arg(long, value_delimiter = ',', default_value = "10000,30000,100000")]
        n: Vec<usize>,
        #[arg(long, default_value = "../shared/corpus/bulk/te3-silver")]
        text: PathBuf,
        #[arg(long, default_value_t = corpus::SEED)]
        seed: u64,
        /// Threads for dedup and clustering (1: per-core figures).
        #[arg(long, default_value_t = 1)]
        threads: usize,
        #[arg(long, hide = true)]
        child: bool,
    },
    /// The whole pipeline (run into a fresh SQLite store, with `run`'s digest of the
    /// stories, then export) on N generated articles, for each N in a child process:
    /// articles/s per stage and end to end, peak memory, store size. Corpora are written
    /// under DIR/n<N> (kept for reuse).
    Pipeline {
        #[arg(long, value_delimiter = ',', default_value = "10000,100000")]
        n: Vec<usize>,
        #[arg(long, default_value = "../shared/corpus/bulk/te3-silver")]
        text: PathBuf,
        #[arg(long, default_value_t = corpus::SEED)]
        seed: u64,
        #[arg(long, default_value = "target/bench-corpus")]
        dir: PathBuf,
        /// Articles used for the per-stage split of the run.
        #[arg(long, default_value_t = 10_000)]
        sample: usize,
        /// Skip timing the export's steps one by one (saves one more pass at large N).
        #[arg(long)]
        no_breakdown: bool,
        /// Stop after the run (no export): for sizes where the export does not fit in time.
        #[arg(long)]
        no_export: bool,
        #[arg(long, hide = true)]
        child: Option<PathBuf>,
        /// Only time the export's steps on this store (used by the child).
        #[arg(long, hide = true)]
        steps: Option<PathBuf>,
    },
}

pub fn run(cmd: BenchCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        BenchCommand::Corpus { n, out, text, seed } => scale::corpus(n, &out, &text, seed),
        BenchCommand::ExtractionDump { corpus } => extraction_dump(&corpus),
        BenchCommand::Stories {
            n,
            text,
            seed,
            threads,
            child,
        } => scale::stories(&n, &text, seed, threads, child),
        BenchCommand::Pipeline {
            n,
            text,
            seed,
            dir,
            sample,
            no_breakdown,
            no_export,
            child,
            steps,
        } => match steps {
            Some(db) => scale::export_steps(&db),
            None => scale::pipeline(&scale::PipelineArgs {
                ns: &n,
                text: &text,
                seed,
                dir: &dir,
                sample,
                breakdown: !no_breakdown,
                export: !no_export,
                child: child.as_deref(),
            }),
        },
        BenchCommand::Extract { text, seconds } => {
            let min = Duration::from_secs_f64(seconds);
            let texts = load_timeml(&text).with_context(|| text.display().to_string())?;
            let articles: Vec<storyline_model::Article> = texts
                .iter()
                .filter_map(|(name, t)| document::analyse(ingest::text::parse(name, t)).ok())
                .collect();
            let sentences: usize = articles.iter().map(|a| a.sentences.len()).sum();
            let (n, rate) = measure(min, || {
                for a in &articles {
                    let anchor = a
                        .published
                        .as_ref()
                        .and_then(|p| time::anchor_date(&p.value));
                    std::hint::black_box(time::recognise(&a.text, &a.sentences, anchor));
                    std::hint::black_box(attribution::extract(&a.text, &a.sentences, &[]));
                }
                sentences
            });
            println!(
                "time + attribution: {} articles, {sentences} sentences; {n} sentences analysed, {rate:.0} sentences/s per core",
                articles.len()
            );
            let (n, rate) = measure(min, || {
                for a in &articles {
                    std::hint::black_box(annotate::annotate(a));
                }
                sentences
            });
            println!(
                "whole annotate stage (tagger, roles, coreference, quotes, times): {n} sentences analysed, {rate:.0} sentences/s per core ({:.0} articles/s)",
                rate * articles.len() as f64 / sentences as f64
            );
            Ok(ExitCode::SUCCESS)
        }
        BenchCommand::Ingest {
            text,
            html,
            seconds,
        } => {
            let min = Duration::from_secs_f64(seconds);
            let texts = load_timeml(&text).with_context(|| text.display().to_string())?;
            let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
            let (n, rate) = measure(min, || {
                for (name, t) in &texts {
                    let doc = ingest::text::parse(name, t);
                    std::hint::black_box(document::analyse(doc).ok());
                }
                texts.len()
            });
            println!(
                "plain text: {} articles ({:.1} MB), {n} analysed, {rate:.0} articles/s per core ({:.1} MB/s)",
                texts.len(),
                bytes as f64 / 1e6,
                rate * bytes as f64 / texts.len() as f64 / 1e6
            );
            let pages = load_pages(&html).with_context(|| html.display().to_string())?;
            let (n, rate) = measure(min, || {
                for (name, h) in &pages {
                    let doc = RawDoc {
                        origin: name.clone(),
                        body: Body::Html(h.clone()),
                        meta: DocMeta::default(),
                    };
                    std::hint::black_box(document::analyse(doc).ok());
                }
                pages.len()
            });
            println!(
                "html pages: {} pages, {n} analysed, {rate:.0} pages/s per core",
                pages.len()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Runs `f` repeatedly for at least `min`; returns items processed and items per second.
fn measure(min: Duration, mut f: impl FnMut() -> usize) -> (usize, f64) {
    let started = Instant::now();
    let mut n = 0;
    while started.elapsed() < min || n == 0 {
        n += f();
    }
    (n, n as f64 / started.elapsed().as_secs_f64())
}

/// TimeML files under `dir` as plain-text reports: title line, blank line, text.
pub fn load_timeml(dir: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for path in storyline_eval::files_under(dir)? {
        if path.extension().is_some_and(|e| e == "tml") {
            let xml = std::fs::read_to_string(&path)?;
            let doc = storyline_eval::timeml::parse(&xml);
            let mut text = String::new();
            if let Some(t) = &doc.title {
                text.push_str(t);
                text.push_str("\n\n");
            }
            text.push_str(doc.text.trim());
            out.push((path.display().to_string(), text));
        }
    }
    anyhow::ensure!(!out.is_empty(), "no .tml files");
    Ok(out)
}

fn extraction_dump(dir: &Path) -> anyhow::Result<ExitCode> {
    let truth: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("ground-truth.json"))?)?;
    let mut out = serde_json::Map::new();
    for (id, entry) in &truth {
        let path = dir.join("html").join(format!("{id}.html.gz"));
        let mut bytes = Vec::new();
        flate2::read::MultiGzDecoder::new(std::fs::File::open(&path)?).read_to_end(&mut bytes)?;
        let html = ingest::decode_text(&bytes, true)?;
        let doc = ingest::html::extract(&html, entry["url"].as_str());
        out.insert(id.clone(), serde_json::Value::String(doc.text));
    }
    println!("{}", serde_json::Value::Object(out));
    Ok(ExitCode::SUCCESS)
}

fn load_pages(dir: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for path in storyline_eval::files_under(dir)? {
        if path.to_string_lossy().ends_with(".html.gz") {
            let mut bytes = Vec::new();
            flate2::read::GzDecoder::new(std::fs::File::open(&path)?).read_to_end(&mut bytes)?;
            out.push((
                path.display().to_string(),
                ingest::decode_text(&bytes, true)?,
            ));
        }
    }
    anyhow::ensure!(!out.is_empty(), "no .html.gz files");
    Ok(out)
}

//! The `storyline` command: thin over `storyline-core` and `storyline-store`.

mod align_cmd;
mod attribution_cmd;
mod bench;
mod ner;
mod prior_cmd;
mod progress;
mod queue_cmd;
mod stories_cmd;
mod summarize_cmd;
mod time_cmd;
mod timeline_cmd;
mod train_attribution_cmd;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use storyline_core::ingest::{self, Input};
use storyline_core::{document, Context};
use storyline_model::{Article, Extracted, StoryId};
use storyline_store::{Location, SqliteStore, Store};

/// mimalloc instead of glibc's malloc: the corpus stages allocate and free many small
/// vectors and strings from several threads (see BENCHMARKS.md, Stop 18).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "storyline",
    version,
    about = "One sourced account per news story."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Ingest files, folders, `-` (stdin) or URLs; analyse; store; print a digest.
    Run {
        inputs: Vec<String>,
        /// A SQLite file, or a PostgreSQL URL (postgres://…).
        #[arg(long, default_value = "storyline.db")]
        db: String,
        /// Publish the documents to this NATS JetStream server (nats://HOST:PORT) for
        /// `storyline worker` processes instead of analysing them here; then wait for the
        /// workers to store them all in --db (a PostgreSQL URL) and print the digest.
        #[arg(long, value_name = "URL")]
        queue: Option<String>,
        /// The JetStream stream of the queue (created when missing).
        #[arg(long, default_value = "storyline", requires = "queue")]
        stream: String,
        /// With --queue: return once the documents are queued.
        #[arg(long, requires = "queue")]
        no_wait: bool,
    },
    /// Take documents from the queue, analyse them and store them in PostgreSQL, until
    /// killed (or, with --exit-when-idle, until the queue is empty).
    Worker {
        /// The PostgreSQL store all workers share (postgres://…).
        #[arg(long)]
        db: String,
        /// The NATS JetStream server (nats://HOST:PORT).
        #[arg(long, value_name = "URL")]
        queue: String,
        #[arg(long, default_value = "storyline")]
        stream: String,
        /// Recorded with each article this worker stores (default: host-pid).
        #[arg(long)]
        name: Option<String>,
        /// Documents taken, analysed and stored together (one transaction).
        #[arg(long, default_value_t = 32)]
        batch: usize,
        /// Stop once the queue has nothing to deliver and nothing awaits acknowledgement.
        #[arg(long)]
        exit_when_idle: bool,
    },
    /// Print the whole store (or one story) as one JSON document.
    Export {
        /// A SQLite file, or a PostgreSQL URL (postgres://…).
        #[arg(long, default_value = "storyline.db")]
        db: String,
        #[arg(long)]
        story: Option<String>,
        /// Print on stderr, as each stage of the whole-store export ends, its wall time and
        /// the process' peak resident memory so far (`timing: STAGE: S s, peak M MB`).
        #[arg(long)]
        timings: bool,
    },
    /// Web UI and JSON API over the store.
    Serve {
        /// A SQLite file, or a PostgreSQL URL (postgres://…).
        #[arg(long, default_value = "storyline.db")]
        db: String,
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        /// Seconds between checks for articles other writers stored (workers, another
        /// `run`); the pages and the API show them after the next check. 0 turns it off.
        #[arg(long, default_value_t = 5.0)]
        refresh: f64,
    },
    /// One web page or article file in, one JSON object out (main content only).
    Extract { input: String },
    /// Treat the inputs as one story: print a headline and a cited extractive summary.
    Summarize {
        inputs: Vec<String>,
        #[arg(long, default_value_t = 100)]
        words: usize,
    },
    /// One article in, its article-level analysis out.
    Annotate {
        input: String,
        /// Document creation date, used when the article gives none.
        #[arg(long)]
        dct: Option<String>,
    },
    /// Rebuild the background document frequencies of story clustering
    /// (`models/story-df.tsv.gz`) from the bulk news corpus.
    BuildStoryPrior {
        #[arg(long, default_value = "../shared/corpus/bulk/te3-silver")]
        text: PathBuf,
        #[arg(long, default_value = "models/story-df.tsv.gz")]
        out: PathBuf,
    },
    /// Evaluation commands that mirror public benchmarks.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Throughput benchmarks.
    #[command(subcommand)]
    Bench(bench::BenchCommand),
    /// Named-entity tags for pre-tokenised CoNLL input (tag appended as the last column).
    Tag {
        /// CoNLL column file: token first, blank line between sentences.
        #[arg(long)]
        conll: PathBuf,
    },
    /// Train the named-entity tagger (writes the model file; see models/README.md).
    TrainNer {
        #[arg(long, default_value = "../shared/corpus/ner/conllpp/train.txt")]
        train: PathBuf,
        /// Scored after every epoch (for information; not used for training).
        #[arg(long)]
        dev: Option<PathBuf>,
        /// Unlabelled news (TimeML or text files) for word clusters and usual case.
        #[arg(long, default_value = "../shared/corpus/bulk/te3-silver")]
        unlabelled: PathBuf,
        #[arg(long, default_value = "models/ner.bin")]
        out: PathBuf,
        #[arg(long, default_value_t = 10)]
        epochs: usize,
        #[arg(long, default_value_t = 20030601)]
        seed: u64,
        /// log2 of the rows of the hashed weight table.
        #[arg(long, default_value_t = 19)]
        bits: u32,
    },
    /// Train the learned attribution tagger on PolNeAR (writes the model file; see
    /// models/README.md).
    TrainAttribution(train_attribution_cmd::TrainAttributionArgs),
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Attribution (quotes and reported speech) on PolNeAR: content-span P/R/F1, speaker accuracy.
    Attribution {
        #[arg(long, default_value = "../shared/corpus/attribution/polnear/dev")]
        corpus: PathBuf,
        /// Run without the named-entity tagger (capitalised-name heuristic only).
        #[arg(long)]
        no_tagger: bool,
        /// A learned attribution model file instead of the embedded `models/attribution.bin`.
        #[arg(long)]
        model: Option<PathBuf>,
        /// The rules alone, without the learned model.
        #[arg(long, conflicts_with = "model")]
        rules_only: bool,
        /// Write the analysis of the gold contents a prediction overlaps without matching
        /// (boundary disagreements: classes, counts, examples) to this file.
        #[arg(long)]
        details: Option<PathBuf>,
    },
    /// Main-content extraction on the scrapinghub benchmark (shingle precision/recall/F1).
    Extraction {
        #[arg(long, default_value = "../shared/corpus/extraction/scrapinghub")]
        corpus: PathBuf,
    },
    /// Named-entity tagging, CoNLL entity-level precision/recall/F1 (as conlleval).
    Ner {
        #[arg(long, default_value = "../shared/corpus/ner/conllpp/dev.txt")]
        file: PathBuf,
        /// A model file instead of the embedded model.
        #[arg(long)]
        model: Option<PathBuf>,
    },
    /// Time expressions in the TempEval-3 style (span, type and value F1) on TimeML.
    Time {
        #[arg(long, default_value = "../shared/corpus/time/tbaq")]
        corpus: PathBuf,
        /// Print every error (missed, spurious, span, type, value) to stderr.
        #[arg(long)]
        errors: bool,
    },
    /// SemEval-2015 Task 4 timelines (track A, raw text): per-target-entity timelines and
    /// their F1 (simplified temporal awareness; see storyline_eval::semeval_timeline).
    Timeline {
        #[arg(long, default_value = "../shared/corpus/timeline/semeval2015-trial")]
        corpus: PathBuf,
        /// Write each system timeline in the task format into this folder.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Story clustering on ECB+ (B-cubed and pairwise F1 against sub-topics), or with
    /// --speed the articles/s of dedup + clustering.
    Stories {
        #[command(flatten)]
        args: stories_cmd::StoriesArgs,
    },
    /// Claim alignment on ECB+: the sentence similarity against event coreference
    /// (P/R/F1 at the aligner's threshold and a threshold sweep, topics 1-20 and 21-35).
    Align {
        #[arg(long, default_value = "../shared/corpus/events/ecbplus")]
        corpus: PathBuf,
        /// Every sentence with an event mention, not only those ECB+ lists as annotated.
        #[arg(long)]
        all_sentences: bool,
        /// Keep the ECB+ sentences instead of the pipeline's segmentation.
        #[arg(long)]
        gold_sentences: bool,
    },
    /// Query-focused multi-document summaries on DUC 2006: ROUGE-2 and ROUGE-SU4
    /// (stemmed, jackknifed), with the human summaries scored as a check of the scorer.
    Summary {
        #[arg(long, default_value = "../shared/corpus/summary/duc2006")]
        corpus: PathBuf,
        #[arg(long, default_value_t = 250)]
        words: usize,
    },
}

fn main() -> ExitCode {
    no_huge_pages();
    keep_freed_memory_a_while();
    let cli = Cli::parse();
    log_to_stderr();
    match dispatch(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// mimalloc's `purge_delay` option (its position in `mi_option_e`, mimalloc v3's `mimalloc.h`;
/// `libmimalloc-sys` names only some options).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long mimalloc keeps freed memory before it gives it back to the system.
const PURGE_DELAY_MS: std::os::raw::c_long = 250;

/// mimalloc gives freed memory back to the system 10 ms after it is freed by default. The
/// stages free and allocate again large buffers batch after batch, and the kernel zeroes every
/// page faulted back in (`clear_page_erms`: ~6% of the export's samples). Kept 250 ms, the
/// cold export of 20k articles takes ~9% less time and CPU for ~8% more peak memory
/// (BENCHMARKS.md, Stop 21). `MIMALLOC_PURGE_DELAY` in the environment still decides.
fn keep_freed_memory_a_while() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets one of mimalloc's options, which mimalloc reads when it purges.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) }
    }
}

/// mimalloc's `allow_thp` option (as [`MI_OPTION_PURGE_DELAY`]).
const MI_OPTION_ALLOW_THP: libmimalloc_sys::mi_option_t = 43;

/// Transparent huge pages off for this process (and the children it starts), as mimalloc
/// does at start-up when `MIMALLOC_ALLOW_THP=0` is set. With them, memory comes back from
/// the system 2 MB at a time, each zeroed whole on its first touch: the store pass of the
/// cold 100k export spent 11.6% of its samples in the kernel zeroing pages. Without them the
/// cold 20k export's peak memory fell by 20% (199-205 -> 158-164 MB) and its CPU time by 4%
/// (BENCHMARKS.md, Stop 22). `MIMALLOC_ALLOW_THP` in the environment still decides.
fn no_huge_pages() {
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
        // SAFETY: prctl with PR_SET_THP_DISABLE only sets a flag of this process; mi_option_set
        // sets one of mimalloc's options, read when it maps memory.
        unsafe {
            libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
            libmimalloc_sys::mi_option_set(MI_OPTION_ALLOW_THP, 0);
        }
    }
}

/// What the library reports on the side (a story cache or corpus state that could not be
/// written: the export still completes) goes to stderr as ` WARN …`; `STORYLINE_LOG`
/// (e.g. `debug`, `storyline_core=debug`) shows more.
fn log_to_stderr() {
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_env("STORYLINE_LOG").unwrap_or_else(|_| EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_target(false)
        .without_time()
        .try_init();
}

fn dispatch(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Run {
            inputs,
            db,
            queue: Some(queue),
            stream,
            no_wait,
        } => {
            if inputs.is_empty() {
                eprintln!("error: run: no inputs given (files, folders, - or URLs)");
                return Ok(ExitCode::from(2));
            }
            queue_cmd::run(&queue_cmd::RunArgs {
                inputs: &inputs,
                db: &db,
                queue: &queue,
                stream: &stream,
                no_wait,
            })
        }
        Command::Run {
            inputs,
            db,
            queue: None,
            ..
        } => run(&inputs, &db),
        Command::Worker {
            db,
            queue,
            stream,
            name,
            batch,
            exit_when_idle,
        } => queue_cmd::worker(&queue_cmd::WorkerArgs {
            db: &db,
            queue: &queue,
            stream: &stream,
            name: name.as_deref(),
            batch,
            exit_when_idle,
        }),
        Command::Export { db, story, timings } => export(&db, story.as_deref(), timings),
        Command::Serve { db, addr, refresh } => {
            let refresh = (refresh > 0.0)
                .then(|| std::time::Duration::try_from_secs_f64(refresh).ok())
                .flatten();
            storyline_web::serve(std::path::Path::new(&db), &addr, refresh)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Extract { input } => extract(&input, None, false),
        Command::Annotate { input, dct } => extract(&input, dct.as_deref(), true),
        Command::Eval(EvalCommand::Extraction { corpus }) => {
            let report = storyline_eval::extraction::evaluate(&corpus)
                .with_context(|| format!("{}", corpus.display()))?;
            println!("{report}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval(EvalCommand::Attribution {
            corpus,
            no_tagger,
            model,
            rules_only,
            details,
        }) => attribution_cmd::eval(
            &corpus,
            no_tagger,
            model.as_deref(),
            rules_only,
            details.as_deref(),
        ),
        Command::Bench(b) => bench::run(b),
        Command::BuildStoryPrior { text, out } => prior_cmd::run(&text, &out),
        Command::Eval(EvalCommand::Ner { file, model }) => ner::eval(&file, model.as_deref()),
        Command::Eval(EvalCommand::Time { corpus, errors }) => time_cmd::eval(&corpus, errors),
        Command::Eval(EvalCommand::Stories { args }) => stories_cmd::eval(&args),
        Command::Eval(EvalCommand::Timeline { corpus, out }) => {
            timeline_cmd::eval(&corpus, out.as_deref())
        }
        Command::Eval(EvalCommand::Align {
            corpus,
            all_sentences,
            gold_sentences,
        }) => align_cmd::eval(&corpus, all_sentences, gold_sentences),
        Command::Eval(EvalCommand::Summary { corpus, words }) => {
            summarize_cmd::eval(&corpus, words)
        }
        Command::Summarize { inputs, words } => summarize_cmd::run(&inputs, words),
        Command::Tag { conll } => ner::tag_conll(&conll),
        Command::TrainAttribution(args) => train_attribution_cmd::run(&args),
        Command::TrainNer {
            train,
            dev,
            unlabelled,
            out,
            epochs,
            seed,
            bits,
        } => ner::train(&ner::TrainArgs {
            train,
            dev,
            unlabelled: Some(unlabelled),
            out,
            epochs,
            seed,
            bits,
        }),
    }
}

fn run(inputs: &[String], db: &str) -> anyhow::Result<ExitCode> {
    if inputs.is_empty() {
        eprintln!("error: run: no inputs given (files, folders, - or URLs)");
        return Ok(ExitCode::from(2));
    }
    let location = Location::parse(db);
    let mut store = location
        .open()
        .with_context(|| format!("{}: cannot open store", location.display()))?;
    let inputs: Vec<Input> = inputs.iter().map(|s| Input::parse(s)).collect();
    let ctx = Context::default();
    let mut observer = progress::Progress::new();
    let stats = storyline_core::pipeline::run(&inputs, &ctx, &mut *store, &mut observer)
        .with_context(|| format!("{}: store", location.display()))?;
    observer.finish();
    let mut out = std::io::stdout().lock();
    print_digest(
        &mut out,
        &*store,
        &location,
        &Digest {
            read: stats.read,
            new_ids: &stats.new_ids,
            duplicate: stats.duplicate,
            rejected: stats.rejected,
            seconds: stats.elapsed.as_secs_f64(),
        },
    )
}

/// What `run` did, for its digest.
struct Digest<'a> {
    read: usize,
    new_ids: &'a [storyline_model::ArticleId],
    duplicate: usize,
    rejected: usize,
    seconds: f64,
}

/// `run`'s digest (embedded or through the queue): the counts, the stories the new articles
/// are in (as the export finds them: most new reports first, then the largest), the store's
/// size; exit 1 when some inputs were rejected.
fn print_digest(
    out: &mut impl Write,
    store: &dyn Store,
    location: &Location,
    d: &Digest<'_>,
) -> anyhow::Result<ExitCode> {
    writeln!(
        out,
        "articles read {} · new {} · duplicate {} · rejected {} · {:.2} s",
        d.read,
        d.new_ids.len(),
        d.duplicate,
        d.rejected,
        d.seconds
    )?;
    if !d.new_ids.is_empty() {
        print_stories_touched(out, store, d.new_ids)?;
    }
    writeln!(
        out,
        "store {} holds {} articles",
        location.display(),
        store.article_count()?
    )?;
    Ok(if d.rejected > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Stories listed in the digest; the rest are counted.
const DIGEST_STORIES: usize = 20;

/// The stories that hold new articles: `s:ID  HEADLINE  · R report(s), K new`.
fn print_stories_touched(
    out: &mut impl Write,
    store: &dyn Store,
    new_ids: &[storyline_model::ArticleId],
) -> anyhow::Result<()> {
    let stories = storyline_core::export::stories_in(store)?;
    let new: std::collections::HashSet<&storyline_model::ArticleId> = new_ids.iter().collect();
    let mut touched: Vec<(usize, &storyline_core::link::cluster::Story)> = stories
        .iter()
        .map(|s| (s.articles.iter().filter(|a| new.contains(a)).count(), s))
        .filter(|(n, _)| *n > 0)
        .collect();
    touched.sort_by(|(n, a), (m, b)| {
        m.cmp(n)
            .then(b.articles.len().cmp(&a.articles.len()))
            .then(a.id.cmp(&b.id))
    });
    writeln!(
        out,
        "stories touched {} (of {} in the store)",
        touched.len(),
        stories.len()
    )?;
    for (n, s) in touched.iter().take(DIGEST_STORIES) {
        let reports = s.articles.len();
        writeln!(
            out,
            "  {}  {}  · {} report{}, {} new",
            s.id,
            s.headline,
            reports,
            if reports == 1 { "" } else { "s" },
            n
        )?;
    }
    if touched.len() > DIGEST_STORIES {
        writeln!(out, "  … and {} more", touched.len() - DIGEST_STORIES)?;
    }
    Ok(())
}

fn export(db: &str, story: Option<&str>, timings: bool) -> anyhow::Result<ExitCode> {
    let location = Location::parse(db);
    if let Location::Sqlite(path) = &location {
        if !path.exists() {
            anyhow::bail!("{}: no such store", path.display());
        }
    }
    let store = location.open().with_context(|| location.display())?;
    let story = match story {
        Some(s) => Some(StoryId::parse(s).ok_or_else(|| anyhow::anyhow!("{s}: not a story id"))?),
        None => None,
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match story {
        Some(id) => {
            let doc = storyline_core::export::export(&*store, Some(&id))?;
            serde_json::to_writer_pretty(&mut out, &doc)?;
        }
        // The whole store: written as it is computed, never held whole.
        None => {
            let mut sink = storyline_core::export::json::JsonSink::new(&mut out)?;
            let mut last = std::time::Instant::now();
            let mut last_cpu = bench::scale::cpu_s();
            // The process' peak so far, and the stage's own (the peak is reset after each).
            let mut peak = 0f64;
            let resets = timings && bench::scale::reset_peak();
            storyline_core::export::write_observed(&*store, &mut sink, &mut |stage| {
                if timings {
                    let stage_peak = bench::scale::peak_mb();
                    peak = peak.max(stage_peak);
                    let cpu = bench::scale::cpu_s();
                    eprint!(
                        "timing: {stage}: {:.1} s (CPU {:.1} s), peak {peak:.0} MB",
                        last.elapsed().as_secs_f64(),
                        cpu - last_cpu,
                    );
                    last_cpu = cpu;
                    if resets {
                        eprint!(
                            ", stage peak {stage_peak:.0} MB, resident {:.0} MB",
                            bench::scale::rss_mb()
                        );
                        bench::scale::reset_peak();
                    }
                    eprintln!();
                    last = std::time::Instant::now();
                }
            })?;
            sink.finish()?;
        }
    }
    writeln!(out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `extract` and `annotate`: every document of the input as one JSON object per line.
fn extract(input: &str, dct: Option<&str>, annotate: bool) -> anyhow::Result<ExitCode> {
    let ctx = Context::default();
    let mut failed = false;
    let mut out = std::io::stdout().lock();
    let mut result = Ok(());
    ingest::read_input(&Input::parse(input), &ctx, &mut |item| {
        if result.is_err() {
            return;
        }
        let article = match item.and_then(document::analyse) {
            Ok(a) => a,
            Err(p) => {
                eprintln!("{p}");
                failed = true;
                return;
            }
        };
        result = if annotate {
            print_annotation(&mut out, article, dct)
        } else {
            print_extracted(&mut out, article)
        };
    });
    result?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_extracted(out: &mut impl Write, a: Article) -> anyhow::Result<()> {
    let e = Extracted {
        title: a.title,
        published: a.published.map(|p| p.value),
        outlet: a.outlet,
        url: a.url,
        authors: a.authors,
        language: a.language,
        text: a.text,
        removed: a.removed,
    };
    serde_json::to_writer(&mut *out, &e)?;
    writeln!(out)?;
    Ok(())
}

fn print_annotation(out: &mut impl Write, mut a: Article, dct: Option<&str>) -> anyhow::Result<()> {
    if a.published.is_none() {
        if let Some(d) = dct {
            a.published = Some(storyline_model::Published {
                value: d.to_string(),
                source: storyline_model::DateSource::Metadata,
            });
        }
    }
    // The article-level analysis is the export of a store holding just this article.
    let analysed = storyline_model::Analysed {
        annotations: storyline_core::extract::annotate::annotate(&a),
        article: a,
    };
    let mut store = SqliteStore::in_memory()?;
    store.insert_articles(std::slice::from_ref(&analysed))?;
    let doc = storyline_core::export::export(&store, None)?;
    let article = doc.articles.into_iter().next().unwrap_or(analysed.article);
    let mut v = serde_json::to_value(&article)?;
    let obj = v.as_object_mut().expect("an article is an object");
    obj.insert("entities".into(), serde_json::to_value(&doc.entities)?);
    obj.insert(
        "attributions".into(),
        serde_json::to_value(&doc.attributions)?,
    );
    obj.insert("times".into(), serde_json::to_value(&doc.times)?);
    obj.insert("events".into(), serde_json::to_value(&doc.events)?);
    serde_json::to_writer(&mut *out, &v)?;
    writeln!(out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freed_memory_is_kept_as_long_as_set() {
        keep_freed_memory_a_while();
        // SAFETY: reads one of mimalloc's options.
        let delay = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        let want = std::env::var("MIMALLOC_PURGE_DELAY")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(PURGE_DELAY_MS);
        assert_eq!(delay, want);
    }

    #[test]
    fn huge_pages_are_off_unless_the_environment_says() {
        no_huge_pages();
        // SAFETY: reads a flag of this process and one of mimalloc's options.
        let (off, allowed) = unsafe {
            (
                libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0),
                libmimalloc_sys::mi_option_get(MI_OPTION_ALLOW_THP),
            )
        };
        match std::env::var("MIMALLOC_ALLOW_THP") {
            Err(_) => assert_eq!((off, allowed), (1, 0)),
            Ok(v) => assert_eq!(allowed != 0, v != "0"),
        }
    }
}

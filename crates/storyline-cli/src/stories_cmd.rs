//! `storyline eval stories`: story clustering on ECB+ (B-cubed and pairwise against the
//! sub-topics, all documents of all topics clustered together), and the speed of dedup +
//! clustering on the bulk corpus.

use anyhow::Context as _;
use clap::Args;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use storyline_core::link::cluster::{self, names_of, Params, StoryDoc};
use storyline_core::link::dedup;
use storyline_eval::ecbplus;
use storyline_model::{Article, ArticleId};

#[derive(Args)]
pub struct StoriesArgs {
    #[arg(long, default_value = "../shared/corpus/events/ecbplus")]
    pub corpus: PathBuf,
    /// Treat URL, title and date lines as body text (no metadata).
    #[arg(long)]
    pub no_meta: bool,
    /// Cosine from which an article joins a story (default: the tuned value).
    #[arg(long)]
    pub threshold: Option<f32>,
    #[arg(long)]
    pub name_weight: Option<f32>,
    #[arg(long)]
    pub number_weight: Option<f32>,
    #[arg(long)]
    pub title_weight: Option<f32>,
    #[arg(long)]
    pub refine: Option<usize>,
    #[arg(long)]
    pub name_floor: Option<f32>,
    /// Relative cohesion: an article's mean cosine to a story's members as a fraction of
    /// theirs to one another, below which it does not join (0: off).
    #[arg(long)]
    pub cohesion: Option<f32>,
    /// Cap on the members' mean pairwise cosine used by --cohesion.
    #[arg(long)]
    pub cohesion_cap: Option<f32>,
    /// Weight of a quantity bound to what it counts or measures ("5.6 magnitude"): 0 off.
    #[arg(long)]
    pub quantity_weight: Option<f32>,
    /// Days around a story's dates within which a dated article may join it.
    #[arg(long)]
    pub window_days: Option<i32>,
    /// Longest span of days a story's dated reports may cover.
    #[arg(long)]
    pub max_span_days: Option<i32>,
    /// After refinement, merge each story of at most this many articles into the story whose
    /// centroid is closest (0: off).
    #[arg(long)]
    pub merge_small: Option<usize>,
    /// Centroid cosine from which --merge-small merges two stories.
    #[arg(long)]
    pub merge_threshold: Option<f32>,
    /// Print sub-topic B-cubed F1 on the tuning topics (1–20) over a grid of parameters.
    #[arg(long)]
    pub sweep: bool,
    /// Print, per topic, the stories of its `ecb` and `ecbplus` documents (to stderr).
    #[arg(long)]
    pub details: bool,
    /// Measure dedup + clustering speed on this folder of TimeML articles instead
    /// (e.g. ../shared/corpus/bulk/te3-silver).
    #[arg(long)]
    pub speed: Option<PathBuf>,
    /// With --speed: largest number of perturbed copies of the corpus (1, 2, 4, … up to it).
    #[arg(long, default_value_t = 1)]
    pub copies: usize,
}

pub fn eval(args: &StoriesArgs) -> anyhow::Result<ExitCode> {
    let mut params = Params::default();
    if let Some(t) = args.threshold {
        params.threshold = t;
    }
    if let Some(w) = args.name_weight {
        params.name_weight = w;
    }
    if let Some(w) = args.number_weight {
        params.number_weight = w;
    }
    if let Some(w) = args.title_weight {
        params.title_weight = w;
    }
    if let Some(r) = args.refine {
        params.refine = r;
    }
    if let Some(f) = args.name_floor {
        params.name_floor = f;
    }
    if let Some(c) = args.cohesion {
        params.cohesion = c;
    }
    if let Some(c) = args.cohesion_cap {
        params.cohesion_cap = c;
    }
    if let Some(w) = args.quantity_weight {
        params.quantity_weight = w;
    }
    if let Some(w) = args.window_days {
        params.window_days = w;
    }
    if let Some(w) = args.max_span_days {
        params.max_span_days = w;
    }
    if let Some(m) = args.merge_small {
        params.merge_small = m;
    }
    if let Some(t) = args.merge_threshold {
        params.merge_threshold = t;
    }
    if let Some(dir) = &args.speed {
        return speed(dir, args.copies, params);
    }
    let started = Instant::now();
    let docs = ecbplus::read_corpus(&args.corpus, !args.no_meta)
        .with_context(|| format!("{}", args.corpus.display()))?;
    if docs.is_empty() {
        anyhow::bail!("{}: no ECB+ documents", args.corpus.display());
    }
    let prep = ecbplus::prepare(docs);
    eprintln!(
        "read and annotated {} documents in {:.1} s",
        prep.docs.len(),
        started.elapsed().as_secs_f64()
    );
    if args.sweep {
        sweep(&prep, params);
        return Ok(ExitCode::SUCCESS);
    }
    let started = Instant::now();
    let story = ecbplus::cluster_all(&prep, params);
    let secs = started.elapsed().as_secs_f64();
    println!(
        "ECB+ story clustering, all {} documents of all topics clustered together ({}; threshold {}, cohesion {} (cap {}), quantities ×{}, names ×{}, numbers ×{}, title ×{}, {} refinement pass(es)); {:.0} ms",
        prep.docs.len(),
        if args.no_meta { "no metadata" } else { "URL, title and date lines as metadata" },
        params.threshold,
        params.cohesion,
        params.cohesion_cap,
        params.quantity_weight,
        params.name_weight,
        params.number_weight,
        params.title_weight,
        params.refine,
        secs * 1e3
    );
    if args.details {
        details(&prep, &story);
    }
    for (range, label) in [
        (1..=20, "topics 1-20 (tuning part)"),
        (21..=35, "topics 21-35 (not used for tuning)"),
        (1..=35, "all topics"),
    ] {
        println!("{}", ecbplus::score(&prep, &story, range, label));
    }
    Ok(ExitCode::SUCCESS)
}

fn details(prep: &ecbplus::Prepared, story: &[usize]) {
    use std::collections::BTreeMap;
    type Sides = (BTreeMap<usize, usize>, BTreeMap<usize, usize>);
    let mut by_topic: BTreeMap<u32, Sides> = BTreeMap::new();
    for (i, d) in prep.docs.iter().enumerate() {
        let e = by_topic.entry(d.topic).or_default();
        let side = if d.plus { &mut e.1 } else { &mut e.0 };
        *side.entry(story[i]).or_default() += 1;
    }
    for (t, (ecb, plus)) in by_topic {
        eprintln!("topic {t:2}  ecb {ecb:?}  ecbplus {plus:?}");
    }
    // Per document of the tuning topics: story, gold side, date and title.
    for (i, d) in prep.docs.iter().enumerate() {
        if d.topic > 20 {
            continue;
        }
        eprintln!(
            "  {:<18} story {:3}  {}  {:<10}  {}",
            d.name,
            story[i],
            if d.plus { "plus" } else { "ecb " },
            d.date.as_deref().unwrap_or("-"),
            d.title.as_deref().unwrap_or("")
        );
    }
}

fn sweep(prep: &ecbplus::Prepared, base: Params) {
    println!("threshold cohesion cap title_w  B3-F1(1-20)  pairF1(1-20)");
    for &title_weight in &[2.0f32, 3.0] {
        for &cohesion in &[0.0f32, 0.4, 0.5, 0.6] {
            for &cohesion_cap in &[0.5f32, 0.6, 0.7, 1.0] {
                for &threshold in &[0.12f32, 0.15, 0.18, 0.2, 0.22, 0.25, 0.3] {
                    let p = Params {
                        threshold,
                        cohesion,
                        cohesion_cap,
                        title_weight,
                        ..base
                    };
                    let story = ecbplus::cluster_all(prep, p);
                    let s = ecbplus::score(prep, &story, 1..=20, "tuning");
                    println!(
                        "{threshold:9} {cohesion:8} {cohesion_cap:3} {title_weight:7}  {:11.4}  {:12.4}",
                        s.bcubed.f1(),
                        s.pairwise.f1()
                    );
                }
            }
        }
    }
}

struct Bulk {
    id: ArticleId,
    title: Option<String>,
    date: Option<String>,
    text: String,
    names: Vec<String>,
}

fn load_bulk(dir: &Path) -> anyhow::Result<Vec<Bulk>> {
    let files: Vec<PathBuf> = storyline_eval::files_under(dir)
        .with_context(|| dir.display().to_string())?
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "tml"))
        .collect();
    files
        .par_iter()
        .map(|p| {
            let xml = std::fs::read_to_string(p).with_context(|| p.display().to_string())?;
            let doc = storyline_eval::timeml::parse(&xml);
            let text = doc.text.trim().to_string();
            let date = doc.dct.as_deref().and_then(iso_date);
            let id = storyline_core::document::article_id(&text, doc.title.as_deref(), None);
            let article = Article {
                title: doc.title.clone(),
                language: Some("en".into()),
                ..Article::new(
                    id.clone(),
                    p.display().to_string(),
                    text.clone(),
                    storyline_core::text::segment(&text),
                )
            };
            let names = names_of(&storyline_core::extract::annotate::annotate(&article));
            Ok(Bulk {
                id,
                title: doc.title,
                date,
                text,
                names,
            })
        })
        .collect()
}

/// `YYYY-MM-DD` of a TimeML value (`1997-04-01`, `19970401`, `1997-04-01T10:00`).
fn iso_date(v: &str) -> Option<String> {
    let digits: String = v.chars().filter(|c| c.is_ascii_digit()).take(8).collect();
    (digits.len() == 8).then(|| format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..8]))
}

/// Shifts a `YYYY-MM-DD` date by whole years (copies of the corpus land in other years).
fn shift_years(date: &str, years: usize) -> String {
    let y: usize = date[..4].parse().unwrap_or(2000);
    format!("{}{}", y + years, &date[4..])
}

fn speed(dir: &Path, max_copies: usize, params: Params) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let base = load_bulk(dir)?;
    eprintln!(
        "read and annotated {} articles in {:.1} s (not timed below)",
        base.len(),
        started.elapsed().as_secs_f64()
    );
    println!("dedup + story clustering speed, one thread unless noted (names from stored annotations, not timed)");
    println!("articles  dedup/s(1 thread)  groups  cluster/s(1 thread)  stories  total/s");
    let mut copies = 1;
    while copies <= max_copies.max(1) {
        // Copy k of an article drops its k-th paragraph line (a light rewrite: dedup should
        // group it with the original) and moves to another year (a story of its own).
        let mut texts: Vec<(ArticleId, String, Option<String>, usize)> = Vec::new();
        for k in 0..copies {
            for (i, b) in base.iter().enumerate() {
                if k == 0 {
                    texts.push((b.id.clone(), b.text.clone(), b.date.clone(), i));
                    continue;
                }
                let lines: Vec<&str> = b.text.lines().filter(|l| !l.trim().is_empty()).collect();
                let drop = if lines.len() > 3 {
                    k % lines.len()
                } else {
                    usize::MAX
                };
                let text: Vec<&str> = lines
                    .iter()
                    .enumerate()
                    .filter(|&(j, _)| j != drop)
                    .map(|(_, l)| *l)
                    .collect();
                let text = text.join("\n");
                let id = ArticleId::from_content(format!("{}#{k}", b.id).as_bytes());
                texts.push((id, text, b.date.as_deref().map(|d| shift_years(d, k)), i));
            }
        }
        let n = texts.len();
        let t0 = Instant::now();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| (&texts[a].2, &texts[a].0).cmp(&(&texts[b].2, &texts[b].0)));
        let mut d = dedup::Dedup::new();
        let mut groups = std::collections::BTreeSet::new();
        for &i in &order {
            let a = d.insert(&texts[i].0, &texts[i].1, texts[i].2.as_deref());
            groups.insert(a.group);
        }
        let dedup_secs = t0.elapsed().as_secs_f64();
        let docs: Vec<StoryDoc<'_>> = texts
            .iter()
            .map(|(id, text, date, i)| StoryDoc {
                id: id.clone(),
                title: base[*i].title.clone(),
                date: date.clone(),
                text,
                names: base[*i].names.clone(),
            })
            .collect();
        let t1 = Instant::now();
        let stories = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()?
            .install(|| cluster::cluster_with(&docs, params));
        let cluster_secs = t1.elapsed().as_secs_f64();
        println!(
            "{n:8}  {:17.0}  {:6}  {:19.0}  {:7}  {:7.0}",
            n as f64 / dedup_secs,
            groups.len(),
            n as f64 / cluster_secs,
            stories.len(),
            n as f64 / (dedup_secs + cluster_secs)
        );
        copies *= 2;
    }
    Ok(ExitCode::SUCCESS)
}

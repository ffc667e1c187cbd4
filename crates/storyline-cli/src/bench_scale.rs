//! Scale benchmarks on the generated corpus (see `bench_corpus.rs`):
//! - `bench stories` (issue 5): dedup + clustering as the export runs them, articles/s and
//!   peak memory for each N, each N in a child process so that peaks do not carry over;
//! - `bench pipeline` (issue 8): the whole pipeline into a fresh SQLite store, then the
//!   export, articles/s per stage and end to end, peak memory and store size.
//!
//! Peak memory is `VmHWM` of `/proc/self/status`, reset between stages by writing `5` to
//! `/proc/self/clear_refs` (the peak of a stage then includes what earlier stages still hold).

use super::corpus::{self as gen, Base, GenArticle};
use anyhow::Context as _;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use storyline_core::export;
use storyline_core::ingest::{self, Format, Input, RawDoc};
use storyline_core::link::{cluster, dedup, resolve};
use storyline_core::{document, extract, Context, Problem};
use storyline_eval::ecbplus::{bcubed, pairwise};
use storyline_model::{Analysed, Article, ArticleId};
use storyline_store::{SqliteStore, Store};

/// A `/proc/self/status` field in kB.
fn status_kb(field: &str) -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with(field))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Peak resident memory so far (since the last [`reset_peak`]), MB.
pub fn peak_mb() -> f64 {
    status_kb("VmHWM:").unwrap_or(0) as f64 / 1024.0
}

/// Resident memory now, MB.
pub fn rss_mb() -> f64 {
    status_kb("VmRSS:").unwrap_or(0) as f64 / 1024.0
}

/// CPU time this process has used so far (user + system, all threads), seconds.
pub fn cpu_s() -> f64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes the struct it is given and reads nothing else.
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) } != 0 {
        return 0.0;
    }
    // SAFETY: initialised by the successful call above.
    let usage = unsafe { usage.assume_init() };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(usage.ru_utime) + secs(usage.ru_stime)
}

/// Resets the peak to the current resident size (Linux ≥ 4.0).
pub fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Dense labels for any hashable keys.
fn labels<K: std::hash::Hash + Eq>(keys: impl Iterator<Item = K>) -> Vec<usize> {
    let mut ids: HashMap<K, usize> = HashMap::new();
    keys.map(|k| {
        let next = ids.len();
        *ids.entry(k).or_insert(next)
    })
    .collect()
}

/// The raw document of a generated article, read through the JSON Lines reader.
fn raw_doc(i: usize, a: &GenArticle, ctx: &Context) -> Option<RawDoc> {
    let mut out = None;
    ingest::read_bytes(
        &format!("gen:{i}"),
        Some(Format::JsonLines),
        a.to_json().into_bytes(),
        None,
        ctx,
        &mut |item| out = item.ok(),
    );
    out
}

fn pool(threads: usize) -> anyhow::Result<rayon::ThreadPool> {
    Ok(rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()?)
}

/// This binary, even when the file was replaced by a rebuild while it runs.
fn this_exe() -> std::io::Result<PathBuf> {
    let proc = PathBuf::from("/proc/self/exe");
    if proc.exists() {
        Ok(proc)
    } else {
        std::env::current_exe()
    }
}

/// Runs `args` under this binary in a child process and returns its last stdout line as JSON.
fn child(args: &[String]) -> anyhow::Result<Value> {
    let exe = this_exe()?;
    let out = std::process::Command::new(exe)
        .args(args)
        .stderr(std::process::Stdio::inherit())
        .output()?;
    anyhow::ensure!(out.status.success(), "child {:?} failed", args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .context("child printed no result")?;
    Ok(serde_json::from_str(last)?)
}

fn int(v: &Value, k: &str) -> u64 {
    v[k].as_u64().unwrap_or(0)
}

fn num(v: &Value, k: &str) -> f64 {
    v[k].as_f64().unwrap_or(f64::NAN)
}

// ---------------------------------------------------------------------------------------
// bench stories

pub fn stories(
    ns: &[usize],
    text: &Path,
    seed: u64,
    threads: usize,
    is_child: bool,
) -> anyhow::Result<ExitCode> {
    if is_child {
        let r = stories_child(ns[0], text, seed, threads)?;
        println!("{r}");
        return Ok(ExitCode::SUCCESS);
    }
    let mut rows = Vec::new();
    for &n in ns {
        eprintln!("bench stories: N = {n} (child process)");
        let args: Vec<String> = [
            "bench",
            "stories",
            "--child",
            "--n",
            &n.to_string(),
            "--text",
            &text.display().to_string(),
            "--seed",
            &seed.to_string(),
            "--threads",
            &threads.to_string(),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        rows.push(child(&args)?);
    }
    println!(
        "dedup + story clustering on the generated corpus (seed {seed:#x}), {threads} thread(s); names from annotations computed beforehand (not timed)"
    );
    println!(
        "{:>8} {:>9} {:>10} {:>8} {:>10} {:>9} {:>8} {:>9} {:>9} {:>10} {:>9}",
        "articles",
        "dedup/s",
        "dedup MB",
        "groups",
        "cluster/s",
        "clust MB",
        "stories",
        "both/s",
        "peak MB",
        "copy P/R",
        "story B3F1"
    );
    for r in &rows {
        println!(
            "{:>8} {:>9.0} {:>10.0} {:>8} {:>10.0} {:>9.0} {:>8} {:>9.0} {:>9.0} {:>4.3}/{:.3} {:>9.3}",
            int(r, "articles"),
            num(r, "dedup_per_s"),
            num(r, "dedup_peak_extra_mb"),
            int(r, "groups"),
            num(r, "cluster_per_s"),
            num(r, "cluster_peak_extra_mb"),
            int(r, "stories"),
            num(r, "both_per_s"),
            num(r, "peak_mb"),
            num(r, "copy_pair_p"),
            num(r, "copy_pair_r"),
            num(r, "story_b3_f1"),
        );
    }
    if let Some(first) = rows.first() {
        println!("growth relative to N = {} (time per article, extra memory per article; 1.00 = linear):", first["articles"]);
        for r in &rows[1..] {
            let scale = num(r, "articles") / num(first, "articles");
            println!(
                "  N = {:>8}: dedup time/article ×{:.2}, clustering time/article ×{:.2}, together ×{:.2}; dedup memory/article ×{:.2}, clustering memory/article ×{:.2}",
                r["articles"],
                num(first, "dedup_per_s") / num(r, "dedup_per_s"),
                num(first, "cluster_per_s") / num(r, "cluster_per_s"),
                num(first, "both_per_s") / num(r, "both_per_s"),
                num(r, "dedup_peak_extra_mb") / num(first, "dedup_peak_extra_mb") / scale,
                num(r, "cluster_peak_extra_mb") / num(first, "cluster_peak_extra_mb") / scale,
            );
        }
    }
    for r in &rows {
        println!("{r}");
    }
    Ok(ExitCode::SUCCESS)
}

struct Prepared {
    article: Article,
    names: Vec<String>,
    story: u32,
    copy_group: u32,
}

fn stories_child(n: usize, text: &Path, seed: u64, threads: usize) -> anyhow::Result<Value> {
    let started = Instant::now();
    let bases = gen::load_bases(text).with_context(|| text.display().to_string())?;
    let generated: Vec<GenArticle> = gen::Generator::new(&bases, n, seed).collect();
    let stats = gen::stats_of(&generated);
    let ctx = Context::default();
    // Untimed preparation on all cores: read, analyse and annotate like the pipeline.
    let prepared: Vec<Prepared> = generated
        .par_iter()
        .enumerate()
        .filter_map(|(i, g)| {
            let doc = raw_doc(i, g, &ctx)?;
            let article = document::analyse(doc).ok()?;
            let names = cluster::names_of(&extract::annotate::annotate(&article));
            Some(Prepared {
                article,
                names,
                story: g.story,
                copy_group: g.copy_group,
            })
        })
        .collect();
    drop(generated);
    eprintln!(
        "  generated and annotated {} ({}) in {:.1} s",
        prepared.len(),
        stats,
        started.elapsed().as_secs_f64()
    );
    let pool = pool(threads)?;
    let base_mb = rss_mb();
    reset_peak();

    // Dedup, as the export runs it.
    let keyed: Vec<(ArticleId, &str, Option<&str>)> = prepared
        .iter()
        .map(|p| {
            let a = &p.article;
            let date = a.published.as_ref().map(|d| d.value.as_str());
            (a.id.clone(), a.text.as_str(), date)
        })
        .collect();
    let t = Instant::now();
    let assignments = pool.install(|| dedup::assign(&keyed));
    let dedup_s = t.elapsed().as_secs_f64();
    let dedup_peak = peak_mb();
    drop(keyed);
    let groups = labels(assignments.iter().map(|a| a.group.clone()));
    let n_groups = groups.iter().max().map_or(0, |m| m + 1);
    let truth_groups: Vec<usize> = prepared.iter().map(|p| p.copy_group as usize).collect();
    let copy_pr = pairwise(&groups, &truth_groups);
    let exact_found = assignments
        .iter()
        .filter(|a| a.duplicate_of.is_some())
        .count();

    // Clustering of the non-duplicates, as the export runs it.
    let mid_mb = rss_mb();
    reset_peak();
    let docs: Vec<cluster::StoryDoc<'_>> = prepared
        .iter()
        .zip(&assignments)
        .filter(|(_, a)| a.duplicate_of.is_none())
        .map(|(p, _)| cluster::StoryDoc {
            id: p.article.id.clone(),
            title: p.article.title.clone(),
            date: p.article.published.as_ref().map(|d| d.value.clone()),
            text: &p.article.text,
            names: p.names.clone(),
        })
        .collect();
    let t = Instant::now();
    let stories = pool.install(|| cluster::cluster(&docs));
    let cluster_s = t.elapsed().as_secs_f64();
    let cluster_peak = peak_mb();
    let story_of: HashMap<&ArticleId, usize> = stories
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.articles.iter().map(move |a| (a, i)))
        .collect();
    let (mut pred, mut truth) = (Vec::new(), Vec::new());
    for (p, a) in prepared.iter().zip(&assignments) {
        if a.duplicate_of.is_none() {
            pred.push(story_of[&p.article.id]);
            truth.push(p.story as usize);
        }
    }
    let b3 = bcubed(&pred, &truth);
    let mut sizes: HashMap<usize, usize> = HashMap::new();
    for &t in &truth {
        *sizes.entry(t).or_default() += 1;
    }
    let largest_true = sizes.values().copied().max().unwrap_or(0);
    let total = prepared.len() as f64;
    Ok(json!({
        "articles": prepared.len(),
        "corpus": stats.to_string(),
        "threads": threads,
        "dedup_s": dedup_s,
        "dedup_per_s": total / dedup_s,
        "dedup_peak_extra_mb": dedup_peak - base_mb,
        "groups": n_groups,
        "exact_copies_found": exact_found,
        "copy_pair_p": copy_pr.p,
        "copy_pair_r": copy_pr.r,
        "cluster_docs": docs.len(),
        "cluster_s": cluster_s,
        "cluster_per_s": docs.len() as f64 / cluster_s,
        "cluster_peak_extra_mb": cluster_peak - mid_mb,
        "stories": stories.len(),
        "largest_story": stories.iter().map(|s| s.articles.len()).max().unwrap_or(0),
        "largest_true_story": largest_true,
        "story_b3_p": b3.p,
        "story_b3_r": b3.r,
        "story_b3_f1": b3.f1(),
        "both_per_s": total / (dedup_s + cluster_s),
        "baseline_mb": base_mb,
        "peak_mb": dedup_peak.max(cluster_peak),
    }))
}

// ---------------------------------------------------------------------------------------
// bench corpus / bench pipeline

pub fn corpus(n: usize, out: &Path, text: &Path, seed: u64) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let bases = gen::load_bases(text).with_context(|| text.display().to_string())?;
    let stats = gen::write(&bases, n, seed, out)?;
    std::fs::write(out.join("manifest.txt"), format!("n {n} seed {seed}\n"))?;
    println!(
        "{}: {stats}; written in {:.1} s",
        out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// The corpus of `n` articles under `dir/n<N>`, generated unless already there.
fn ensure_corpus(bases: &[Base], n: usize, seed: u64, dir: &Path) -> anyhow::Result<PathBuf> {
    let out = dir.join(format!("n{n}"));
    let manifest = format!("n {n} seed {seed}\n");
    if std::fs::read_to_string(out.join("manifest.txt"))
        .ok()
        .as_deref()
        == Some(&manifest)
    {
        return Ok(out);
    }
    std::fs::create_dir_all(&out)?;
    let _ = std::fs::remove_file(out.join("manifest.txt"));
    let started = Instant::now();
    let stats = gen::write(bases, n, seed, &out)?;
    std::fs::write(out.join("manifest.txt"), manifest)?;
    eprintln!(
        "  generated {}: {stats} in {:.1} s",
        out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(out)
}

pub struct PipelineArgs<'a> {
    pub ns: &'a [usize],
    pub text: &'a Path,
    pub seed: u64,
    pub dir: &'a Path,
    pub sample: usize,
    pub breakdown: bool,
    pub export: bool,
    pub child: Option<&'a Path>,
}

pub fn pipeline(args: &PipelineArgs<'_>) -> anyhow::Result<ExitCode> {
    if let Some(corpus) = args.child {
        let r = pipeline_child(corpus, args.sample, args.breakdown, args.export)?;
        println!("{r}");
        return Ok(ExitCode::SUCCESS);
    }
    let bases = gen::load_bases(args.text).with_context(|| args.text.display().to_string())?;
    let mut rows = Vec::new();
    for &n in args.ns {
        let corpus = ensure_corpus(&bases, n, args.seed, args.dir)?;
        eprintln!("bench pipeline: N = {n} (child process)");
        let mut cargs: Vec<String> = vec![
            "bench".into(),
            "pipeline".into(),
            "--child".into(),
            corpus.display().to_string(),
            "--sample".into(),
            args.sample.to_string(),
        ];
        if !args.breakdown {
            cargs.push("--no-breakdown".into());
        }
        if !args.export {
            cargs.push("--no-export".into());
        }
        let r = child(&cargs)?;
        eprintln!("  {r}");
        rows.push(r);
    }
    print_pipeline(&rows);
    Ok(ExitCode::SUCCESS)
}

fn print_pipeline(rows: &[Value]) {
    println!("whole pipeline on the generated corpus, all cores (rayon default pool)");
    println!(
        "{:>8} {:>9} {:>9} {:>9} {:>9} {:>9} {:>10} {:>9} {:>9} {:>9} {:>9} {:>10}",
        "articles",
        "run s",
        "run a/s",
        "digest s",
        "run MB",
        "export s",
        "export a/s",
        "exp MB",
        "total s",
        "total a/s",
        "store MB",
        "JSON MB"
    );
    for r in rows {
        println!(
            "{:>8} {:>9.1} {:>9.0} {:>9.1} {:>9.0} {:>9.1} {:>10.0} {:>9.0} {:>9.1} {:>9.0} {:>9.0} {:>10.0}",
            int(r, "articles"),
            num(r, "run_s"),
            num(r, "run_per_s"),
            num(r, "digest_s"),
            num(r, "run_peak_mb"),
            num(r, "export_s"),
            num(r, "export_per_s"),
            num(r, "export_peak_mb"),
            num(r, "total_s"),
            num(r, "total_per_s"),
            num(r, "store_mb"),
            num(r, "json_mb"),
        );
    }
    println!("per-stage split of the run (first `sample` articles, same code, all cores):");
    for r in rows {
        println!(
            "  N = {}: read JSONL {:.0}/s, analyse (clean, segment, language, date, id) {:.0}/s, annotate {:.0}/s, store insert {:.0}/s",
            r["articles"],
            num(r, "stage_read_per_s"),
            num(r, "stage_analyse_per_s"),
            num(r, "stage_annotate_per_s"),
            num(r, "stage_store_per_s"),
        );
    }
    println!("export steps, timed one by one in a fresh process (seconds, +MB of peak memory each step adds):");
    for r in rows {
        if r.get("bd_load_articles_s").is_none() {
            continue;
        }
        let steps = [
            "load_articles",
            "load_annotations",
            "dedup",
            "resolve",
            "cluster",
            "event_mentions",
            "events_merge",
            "summaries",
        ];
        let mut line = format!("  N = {}:", int(r, "articles"));
        let mut sum = 0.0;
        for s in steps {
            let t = num(r, &format!("bd_{s}_s"));
            sum += t;
            line.push_str(&format!(
                " {s} {t:.1} s (+{:.0} MB),",
                num(r, &format!("bd_{s}_mb"))
            ));
        }
        line.push_str(&format!(
            " rest of the export (claims, conflicts, assembly, JSON) ≈ {:.1} s; largest story {} articles, slowest summary {:.2} s ({} articles)",
            num(r, "export_s") - sum,
            int(r, "bd_largest_story"),
            num(r, "bd_slowest_summary_s"),
            int(r, "bd_slowest_summary_articles"),
        ));
        println!("{line}");
    }
    if let Some(first) = rows.first() {
        for r in &rows[1..] {
            let scale = num(r, "articles") / num(first, "articles");
            println!(
                "growth N = {} → {}: run time/article ×{:.2}, export time/article ×{:.2}, end-to-end time/article ×{:.2}; peak memory ×{:.2} for ×{:.0} articles",
                first["articles"],
                r["articles"],
                num(r, "run_s") / num(first, "run_s") / scale,
                num(r, "export_s") / num(first, "export_s") / scale,
                num(r, "total_s") / num(first, "total_s") / scale,
                num(r, "peak_mb") / num(first, "peak_mb"),
                scale
            );
        }
    }
    for r in rows {
        println!("{r}");
    }
}

/// Runs the export's steps one by one on a store: time and added peak memory of each
/// (claims and conflicts, assembly and the JSON are what the whole export adds to these).
pub fn export_steps(db: &Path) -> anyhow::Result<ExitCode> {
    let store = SqliteStore::open(db)?;
    let mut r = serde_json::Map::new();
    let step = |name: &str, r: &mut serde_json::Map<String, Value>, f: &mut dyn FnMut()| {
        let before = rss_mb();
        reset_peak();
        let t = Instant::now();
        f();
        r.insert(format!("bd_{name}_s"), json!(t.elapsed().as_secs_f64()));
        r.insert(format!("bd_{name}_mb"), json!(peak_mb() - before));
    };
    let mut articles = Vec::new();
    step("load_articles", &mut r, &mut || {
        articles = store.articles().expect("articles")
    });
    let mut annotations = Vec::new();
    step("load_annotations", &mut r, &mut || {
        annotations = store.annotations().expect("annotations")
    });
    step("dedup", &mut r, &mut || export::mark_copies(&mut articles));
    let mut resolution = None;
    step("resolve", &mut r, &mut || {
        resolution = Some(resolve::resolve(&annotations))
    });
    let resolution = resolution.expect("resolved");
    let ann_of: FxHashMap<&ArticleId, &storyline_model::Annotations> =
        annotations.iter().map(|(id, a)| (id, a)).collect();
    let mut clusters = Vec::new();
    step("cluster", &mut r, &mut || {
        clusters = export::stories_of(&articles, &ann_of)
    });
    let article_of: FxHashMap<&ArticleId, &Article> = articles.iter().map(|a| (&a.id, a)).collect();
    let mut mentions_of = FxHashMap::default();
    step("event_mentions", &mut r, &mut || {
        mentions_of = export::event_mentions(&article_of, &annotations)
    });
    let entity_of =
        |a: &ArticleId, local: usize| resolution.of_local.get(&(a.clone(), local)).cloned();
    step("events_merge", &mut r, &mut || {
        for c in &clusters {
            let per_article: Vec<storyline_core::link::events::ArticleEvents<'_>> = c
                .articles
                .iter()
                .filter_map(|a| {
                    mentions_of
                        .get(a)
                        .map(|m| storyline_core::link::events::ArticleEvents {
                            article: a,
                            mentions: m,
                        })
                })
                .collect();
            let events = storyline_core::link::events::merge(&per_article, entity_of);
            std::hint::black_box(storyline_core::link::events::timeline(&events));
        }
    });
    let (mut slowest, mut slowest_size) = (0.0f64, 0usize);
    step("summaries", &mut r, &mut || {
        for c in &clusters {
            let story_articles: Vec<&Article> = c
                .articles
                .iter()
                .filter_map(|a| article_of.get(a).copied())
                .collect();
            let t = Instant::now();
            std::hint::black_box(storyline_core::summarize::summarize(
                &story_articles,
                storyline_core::export::SUMMARY_WORDS,
            ));
            let s = t.elapsed().as_secs_f64();
            if s > slowest {
                (slowest, slowest_size) = (s, story_articles.len());
            }
        }
    });
    r.insert("bd_slowest_summary_s".into(), json!(slowest));
    r.insert("bd_slowest_summary_articles".into(), json!(slowest_size));
    r.insert(
        "bd_largest_story".into(),
        json!(clusters.iter().map(|c| c.articles.len()).max().unwrap_or(0)),
    );
    r.insert("bd_clusters".into(), json!(clusters.len()));
    r.insert("bd_rss_end_mb".into(), json!(rss_mb()));
    println!("{}", Value::Object(r));
    Ok(ExitCode::SUCCESS)
}

struct Quiet(usize);

impl storyline_core::pipeline::Observer for Quiet {
    fn problem(&mut self, _p: &Problem) {
        self.0 += 1;
    }
}

fn file_mb(p: &Path) -> f64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0) as f64 / 1e6
}

fn store_mb(db: &Path) -> f64 {
    let s = db.display().to_string();
    file_mb(db) + file_mb(Path::new(&format!("{s}-wal"))) + file_mb(Path::new(&format!("{s}-shm")))
}

fn remove_store(db: &Path) {
    let s = db.display().to_string();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{s}{suffix}"));
    }
}

/// Counts bytes written.
struct Counter(u64);

impl std::io::Write for Counter {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0 += b.len() as u64;
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn pipeline_child(
    corpus: &Path,
    sample: usize,
    breakdown: bool,
    export: bool,
) -> anyhow::Result<Value> {
    let ctx = Context::default();
    let db = corpus.join("store.db");
    remove_store(&db);
    let mut r = serde_json::Map::new();

    // 1. The run: read, analyse, annotate, store (pipeline::run, as `storyline run`).
    reset_peak();
    let t = Instant::now();
    let mut store = SqliteStore::open(&db)?;
    let mut observer = Quiet(0);
    let stats = storyline_core::pipeline::run(
        &[Input::Path(corpus.join("articles"))],
        &ctx,
        &mut store,
        &mut observer,
    )?;
    let run_s = t.elapsed().as_secs_f64();
    // `storyline run`'s digest: the stories of every stored article (they are left in the
    // store as its corpus state, which the export then reads).
    let t = Instant::now();
    let digest = storyline_core::export::stories_in(&store)?;
    let digest_s = t.elapsed().as_secs_f64();
    drop(store); // closes the connection: the WAL is checkpointed into the database file
    let run_peak = peak_mb();
    let n = stats.new;
    r.insert("digest_s".into(), json!(digest_s));
    eprintln!("  digest: {} stories in {digest_s:.1} s", digest.len());
    r.insert("articles".into(), json!(stats.read));
    r.insert("new".into(), json!(stats.new));
    r.insert("duplicate".into(), json!(stats.duplicate));
    r.insert("rejected".into(), json!(stats.rejected));
    r.insert("reused".into(), json!(stats.reused));
    r.insert("run_s".into(), json!(run_s));
    r.insert("run_per_s".into(), json!(stats.read as f64 / run_s));
    r.insert("run_peak_mb".into(), json!(run_peak));
    r.insert("store_mb".into(), json!(store_mb(&db)));
    eprintln!(
        "  run: {} read, {} new ({} wire copies' texts read once) in {run_s:.1} s, peak {run_peak:.0} MB, store {:.0} MB",
        stats.read,
        n,
        stats.reused,
        store_mb(&db)
    );

    if !export {
        r.insert("peak_mb".into(), json!(run_peak));
        return Ok(Value::Object(r));
    }
    // 2. The export as `storyline export` writes it: streamed (export::write into the JSON
    // sink), here to a byte counter rather than to disk.
    reset_peak();
    let t = Instant::now();
    let store = SqliteStore::open(&db)?;
    let mut sink = storyline_core::export::json::JsonSink::new(Counter(0))?;
    storyline_core::export::write(&store, &mut sink)?;
    let story_count = sink.count(storyline_core::export::json::Part::Stories);
    let counter = sink.finish()?;
    let export_total = t.elapsed().as_secs_f64();
    let export_peak = peak_mb();
    r.insert("export_s".into(), json!(export_total));
    r.insert("export_per_s".into(), json!(n as f64 / export_total));
    r.insert("export_peak_mb".into(), json!(export_peak));
    r.insert("json_mb".into(), json!(counter.0 as f64 / 1e6));
    r.insert("stories".into(), json!(story_count));
    let total_s = run_s + digest_s + export_total;
    r.insert("total_s".into(), json!(total_s));
    r.insert("total_per_s".into(), json!(stats.read as f64 / total_s));
    r.insert("peak_mb".into(), json!(run_peak.max(export_peak)));
    eprintln!(
        "  export (streamed JSON included): {story_count} stories in {export_total:.1} s ({:.0} MB of JSON), peak {export_peak:.0} MB",
        counter.0 as f64 / 1e6
    );

    // 3. The export's steps one by one (where its time and memory go), in a fresh process so
    // that the memory each step adds is seen.
    if breakdown {
        let out = std::process::Command::new(this_exe()?)
            .args(["bench", "pipeline", "--steps"])
            .arg(&db)
            .stderr(std::process::Stdio::inherit())
            .output()?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        if let Some(Value::Object(steps)) = stdout
            .lines()
            .rev()
            .find(|l| l.starts_with('{'))
            .and_then(|l| serde_json::from_str(l).ok())
        {
            r.extend(steps);
        }
    }
    drop(store);

    // 4. Per-stage split of the run on a sample (same code as pipeline::run, stage by stage).
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus.join("articles"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    let t = Instant::now();
    let mut docs: Vec<RawDoc> = Vec::new();
    for f in &files {
        if docs.len() >= sample {
            break;
        }
        ingest::read_input(&Input::Path(f.clone()), &ctx, &mut |item| {
            if let Ok(d) = item {
                if docs.len() < sample {
                    docs.push(d);
                }
            }
        });
    }
    let k = docs.len() as f64;
    r.insert("stage_sample".into(), json!(docs.len()));
    r.insert(
        "stage_read_per_s".into(),
        json!(k / t.elapsed().as_secs_f64()),
    );
    let t = Instant::now();
    let articles: Vec<Article> = docs
        .into_par_iter()
        .filter_map(|d| document::analyse(d).ok())
        .collect();
    r.insert(
        "stage_analyse_per_s".into(),
        json!(k / t.elapsed().as_secs_f64()),
    );
    let t = Instant::now();
    let analysed: Vec<Analysed> = articles
        .into_par_iter()
        .map(|article| Analysed {
            annotations: extract::annotate::annotate(&article),
            article,
        })
        .collect();
    r.insert(
        "stage_annotate_per_s".into(),
        json!(k / t.elapsed().as_secs_f64()),
    );
    let sample_db = corpus.join("sample.db");
    remove_store(&sample_db);
    let t = Instant::now();
    let mut store = SqliteStore::open(&sample_db)?;
    for chunk in analysed.chunks(storyline_core::pipeline::BATCH) {
        store.insert_articles(chunk)?;
    }
    drop(store);
    r.insert(
        "stage_store_per_s".into(),
        json!(k / t.elapsed().as_secs_f64()),
    );
    remove_store(&sample_db);
    Ok(Value::Object(r))
}

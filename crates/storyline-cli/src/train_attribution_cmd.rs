//! `storyline train-attribution`: trains the learned attribution tagger on PolNeAR train
//! (brat standoff), chooses its confidence threshold by cross-validation on train, and writes
//! `models/attribution.bin`. `--dev` is only scored, never trained or tuned on.

use anyhow::Context as _;
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use storyline_core::extract::attribution::{
    self, AttributionModel, Candidate, Chooser, Combine, Proposal, QuoteMention, TrainAttribution,
    TrainDocument, TrainOptions,
};
use storyline_core::extract::entities::Tagger;
use storyline_eval::polnear::{self, Counts};

#[derive(Args)]
pub struct TrainAttributionArgs {
    /// PolNeAR split to train on (`text/`, `attributions/`).
    #[arg(long, default_value = "../shared/corpus/attribution/polnear/train")]
    train: PathBuf,
    /// Scored with the final model (for information; never trained or tuned on).
    #[arg(long)]
    dev: Option<PathBuf>,
    #[arg(long, default_value = "models/attribution.bin")]
    out: PathBuf,
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    epochs: usize,
    #[arg(long, default_value_t = TrainOptions::default().seed)]
    seed: u64,
    /// log2 of the rows of the hashed weight table.
    #[arg(long, default_value_t = TrainOptions::default().bits)]
    bits: u32,
    /// Cross-validation folds on train to choose the threshold (documents `i % folds`).
    #[arg(long, default_value_t = 5)]
    folds: usize,
    /// Use this threshold instead of choosing one by cross-validation (needs --combine).
    #[arg(long, allow_hyphen_values = true, requires = "combine")]
    threshold: Option<f32>,
    /// How the model's contents join the rules' (0 only in sentences the rules left alone,
    /// 1 also elsewhere when they overlap no rule content, 2 as 1 and fixing the boundaries
    /// of reported speech); chosen by cross-validation when not given.
    #[arg(long)]
    combine: Option<u32>,
    /// Give the model features of what the rules found at each token.
    #[arg(long)]
    rule_features: bool,
    /// Leave out the content-span chooser (second stage).
    #[arg(long)]
    no_chooser: bool,
    /// Train a veto on the rules' attributions (kept when it raises the CV F1).
    #[arg(long)]
    veto: bool,
    /// Epochs of the veto's perceptron.
    #[arg(long, default_value_t = 5)]
    veto_epochs: usize,
    /// Epochs of the chooser's perceptron.
    #[arg(long, default_value_t = 10)]
    chooser_epochs: usize,
}

struct Loaded {
    doc: TrainDocument,
    gold: Vec<polnear::GoldAttribution>,
}

fn load(dir: &Path, tagger: &Tagger) -> anyhow::Result<Vec<Loaded>> {
    let articles =
        polnear::read_split(dir).with_context(|| format!("reading {}", dir.display()))?;
    anyhow::ensure!(!articles.is_empty(), "{}: no articles", dir.display());
    Ok(articles
        .into_iter()
        .map(|a| {
            let sentences = storyline_core::text::segment(&a.text);
            let entities = polnear::tag_entities(tagger, &a.text, &sentences);
            let gold = a
                .gold
                .iter()
                .map(|g| TrainAttribution {
                    content: g.content.clone(),
                    cue: g.cue.clone(),
                    source: g.source.clone().unwrap_or_default(),
                })
                .collect();
            Loaded {
                doc: TrainDocument {
                    text: a.text,
                    sentences,
                    entities,
                    gold,
                },
                gold: a.gold,
            }
        })
        .collect())
}

fn line(label: &str, c: &Counts) -> String {
    let p = pct(c.matched, c.predicted);
    let r = pct(c.matched, c.gold);
    format!(
        "{label}: gold {}  predicted {}  matched {}  P {:.1}  R {:.1}  F1 {:.1}  speaker {:.1}% direct {:.1}%",
        c.gold,
        c.predicted,
        c.matched,
        p,
        r,
        f1(p, r),
        pct(c.speaker_ok, c.with_source),
        pct(c.direct_speaker_ok, c.direct_with_source)
    )
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Rule attributions and scored proposals of one held-out document.
#[derive(Clone)]
struct Held {
    idx: usize,
    rules: Vec<QuoteMention>,
    props: Vec<Proposal>,
}

/// Scores of the held-out documents: the rules alone (`None`), the model alone (`Some((t,
/// None))`) or both joined.
fn counts_at(data: &[Loaded], held: &[Held], how: Option<(f32, Option<Combine>)>) -> Counts {
    let mut total = Counts::default();
    for h in held {
        let pred = match how {
            None => h.rules.clone(),
            Some((t, None)) => {
                attribution::combine(Vec::new(), &h.props, t, Combine::NonOverlapping)
            }
            Some((t, Some(c))) => attribution::combine(h.rules.clone(), &h.props, t, c),
        };
        let d = &data[h.idx];
        total.add(&polnear::score(&d.doc.text, &pred, &d.gold));
    }
    total
}

fn mode(x: u32) -> anyhow::Result<Combine> {
    Combine::ALL
        .get(x as usize)
        .copied()
        .with_context(|| format!("--combine {x}: 0, 1 or 2"))
}

pub fn run(args: &TrainAttributionArgs) -> anyhow::Result<ExitCode> {
    let tagger = Tagger::embedded();
    let data = load(&args.train, tagger)?;
    let docs: Vec<TrainDocument> = data.iter().map(|d| d.doc.clone()).collect();
    let mut opts = TrainOptions {
        epochs: args.epochs,
        seed: args.seed,
        bits: args.bits,
        rule_features: args.rule_features,
        ..TrainOptions::default()
    };
    let mut chooser: Option<Chooser> = None;
    let mut veto: Option<(Chooser, f32)> = None;
    let (threshold, combine) = match args.threshold {
        Some(t) => (t, mode(args.combine.unwrap_or(0))?),
        None => {
            anyhow::ensure!(args.folds >= 2, "--folds must be at least 2");
            let mut held: Vec<Held> = Vec::new();
            for f in 0..args.folds {
                let train: Vec<TrainDocument> = docs
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i % args.folds != f)
                    .map(|(_, d)| d.clone())
                    .collect();
                let model = attribution::train(&train, &opts, |_| {});
                for (i, d) in docs.iter().enumerate() {
                    if i % args.folds == f {
                        let (rules, props) =
                            attribution::extract_scored(&d.text, &d.sentences, &d.entities, &model);
                        held.push(Held {
                            idx: i,
                            rules,
                            props,
                        });
                    }
                }
                eprintln!("fold {}/{} done", f + 1, args.folds);
            }
            let cv = format!("train {}-fold CV", args.folds);
            println!(
                "{}",
                line("train, rules alone", &counts_at(&data, &held, None))
            );
            println!(
                "{}",
                line(
                    &format!("{cv}, model alone"),
                    &counts_at(&data, &held, Some((f32::MIN, None)))
                )
            );
            // Candidate thresholds: every 5th percentile of the proposals' confidences.
            let mut conf: Vec<f32> = held
                .iter()
                .flat_map(|h| h.props.iter().map(|p| p.confidence))
                .collect();
            conf.sort_by(f32::total_cmp);
            let mut grid: Vec<f32> = (0..20)
                .map(|k| conf.get(k * conf.len() / 20).copied().unwrap_or(0.0))
                .collect();
            grid.dedup();
            let modes: Vec<Combine> = match args.combine {
                Some(c) => vec![mode(c)?],
                None => Combine::ALL.to_vec(),
            };
            let mut best = (f64::MIN, 0.0f32, Combine::Untouched);
            for &c in &modes {
                for &t in &grid {
                    let n = counts_at(&data, &held, Some((t, Some(c))));
                    let score = f1(pct(n.matched, n.predicted), pct(n.matched, n.gold));
                    println!("{}", line(&format!("{cv}, {c:?}, threshold {t:.3}"), &n));
                    if score > best.0 + 1e-9 {
                        best = (score, t, c);
                    }
                }
            }
            println!(
                "chosen on train (tagger alone): {:?}, threshold {:.3} (CV F1 {:.2})",
                best.2, best.1, best.0
            );
            if !args.no_chooser {
                // Nested cross-validation of the chooser on the held-out proposals.
                let mut chosen = held.clone();
                for f in 0..args.folds {
                    let train = chooser_data(&data, &held, |i| i % args.folds != f);
                    let ch = Chooser::train(&train, args.chooser_epochs, args.seed);
                    for h in chosen.iter_mut().filter(|h| h.idx % args.folds == f) {
                        attribution::choose(&ch, &mut h.props);
                    }
                }
                let mut conf: Vec<f32> = chosen
                    .iter()
                    .flat_map(|h| h.props.iter().map(|p| p.confidence))
                    .filter(|&c| c > f32::MIN)
                    .collect();
                conf.sort_by(f32::total_cmp);
                let mut grid: Vec<f32> = (0..40)
                    .map(|k| conf.get(k * conf.len() / 40).copied().unwrap_or(0.0))
                    .collect();
                grid.push(0.0);
                grid.sort_by(f32::total_cmp);
                grid.dedup();
                let mut cbest = (f64::MIN, 0.0f32, Combine::Untouched);
                for &c in modes.iter().filter(|&&c| c != Combine::Boundaries) {
                    for &t in &grid {
                        let n = counts_at(&data, &chosen, Some((t, Some(c))));
                        let score = f1(pct(n.matched, n.predicted), pct(n.matched, n.gold));
                        println!(
                            "{}",
                            line(&format!("{cv}, chooser, {c:?}, threshold {t:.3}"), &n)
                        );
                        if score > cbest.0 + 1e-9 {
                            cbest = (score, t, c);
                        }
                    }
                }
                println!(
                    "chosen on train (chooser): {:?}, threshold {:.3} (CV F1 {:.2})",
                    cbest.2, cbest.1, cbest.0
                );
                if args.veto {
                    veto = train_veto(args, &data, &chosen, cbest);
                }
                if cbest.0 > best.0 {
                    let train = chooser_data(&data, &held, |_| true);
                    chooser = Some(Chooser::train(&train, args.chooser_epochs, args.seed));
                    best = cbest;
                }
            }
            (best.1, best.2)
        }
    };
    opts.combine = combine;
    opts.threshold = threshold;
    let mut model = attribution::train(&docs, &opts, |e| eprintln!("epoch {e}"));
    if let Some(c) = chooser {
        model.meta.push_str(&format!(
            "; content-span chooser ({} epochs, trained on the held-out proposals of the {}-fold CV), threshold {}",
            args.chooser_epochs, args.folds, threshold
        ));
        model.chooser = Some(c);
        if let Some((v, t)) = veto {
            model.meta.push_str(&format!(
                "; veto on the rules' attributions ({} epochs, chosen by {}-fold CV), threshold {t}",
                args.veto_epochs, args.folds
            ));
            model.veto = Some((v, t));
        }
    }
    let bytes = model.to_bytes();
    std::fs::write(&args.out, &bytes).with_context(|| format!("{}", args.out.display()))?;
    println!(
        "wrote {} ({} bytes): {}",
        args.out.display(),
        bytes.len(),
        model.meta
    );
    let back = AttributionModel::from_bytes(&bytes)?;
    anyhow::ensure!(back.to_bytes() == bytes, "the model does not round-trip");
    if let Some(dev) = &args.dev {
        let dev_data = load(dev, tagger)?;
        let mut rules = Counts::default();
        let mut both = Counts::default();
        for d in &dev_data {
            let t = &d.doc;
            let r = attribution::extract_with(&t.text, &t.sentences, &t.entities, None);
            rules.add(&polnear::score(&t.text, &r, &d.gold));
            let m = attribution::extract_with(&t.text, &t.sentences, &t.entities, Some(&model));
            both.add(&polnear::score(&t.text, &m, &d.gold));
        }
        println!("{}", line("dev, rules alone", &rules));
        println!("{}", line("dev, rules + model", &both));
    }
    Ok(ExitCode::SUCCESS)
}

/// The chooser's training data: the candidates of each proposal in a sentence the rules left
/// alone, with the candidate that matches a gold content best (or none).
fn chooser_data<'a>(
    data: &[Loaded],
    held: &'a [Held],
    keep: impl Fn(usize) -> bool,
) -> Vec<(&'a [Candidate], Option<usize>)> {
    let mut out = Vec::new();
    for h in held.iter().filter(|h| keep(h.idx)) {
        // Gold contents the rules did not find (a proposal over a rule content is dropped).
        let gold: Vec<&polnear::GoldAttribution> = data[h.idx]
            .gold
            .iter()
            .filter(|g| {
                !h.rules
                    .iter()
                    .any(|r| polnear::matches(&r.parts, &g.content))
            })
            .collect();
        for p in &h.props {
            if h.rules
                .iter()
                .any(|r| polnear::overlap(&r.parts, &p.mention.parts) > 0)
            {
                continue;
            }
            let target = if p.continues.is_some() {
                // A continuation is right when it lies inside a gold content.
                let c = [p.mention.content];
                gold.iter()
                    .any(|g| 2 * polnear::overlap(&c, &g.content) >= p.mention.content.len())
                    .then_some(0)
            } else {
                let mut t: Option<(usize, usize)> = None;
                for (i, c) in p.candidates.iter().enumerate() {
                    let c = [c.content];
                    for g in &gold {
                        if polnear::matches(&c, &g.content) {
                            let o = polnear::overlap(&c, &g.content);
                            if t.is_none_or(|(_, b)| o > b) {
                                t = Some((i, o));
                            }
                        }
                    }
                }
                t.map(|(i, _)| i)
            };
            out.push((&p.candidates[..], target));
        }
    }
    out
}

/// A veto on the rules' attributions, trained and scored by cross-validation over documents
/// (the rules' output is the same in every fold); its threshold is chosen on the CV F1 of the
/// whole pipeline (`held`: the chooser's proposals, joined at `best`'s threshold and mode).
/// `None` when no threshold beats keeping every rule attribution.
fn train_veto(
    args: &TrainAttributionArgs,
    data: &[Loaded],
    held: &[Held],
    best: (f64, f32, Combine),
) -> Option<(Chooser, f32)> {
    let units: Vec<Vec<Candidate>> = held
        .iter()
        .map(|h| {
            let d = &data[h.idx].doc;
            attribution::rule_candidates(&d.text, &d.sentences, &d.entities, &h.rules)
        })
        .collect();
    let labels: Vec<Vec<Option<usize>>> = held
        .iter()
        .map(|h| {
            h.rules
                .iter()
                .map(|r| {
                    data[h.idx]
                        .gold
                        .iter()
                        .any(|g| polnear::matches(&r.parts, &g.content))
                        .then_some(0)
                })
                .collect()
        })
        .collect();
    let pairs = |keep: &dyn Fn(usize) -> bool| -> Vec<(&[Candidate], Option<usize>)> {
        held.iter()
            .enumerate()
            .filter(|(_, h)| keep(h.idx))
            .flat_map(|(k, _)| {
                units[k]
                    .iter()
                    .zip(&labels[k])
                    .map(|(c, &l)| (std::slice::from_ref(c), l))
            })
            .collect()
    };
    let mut scores: Vec<Vec<f32>> = vec![Vec::new(); held.len()];
    for f in 0..args.folds {
        let v = Chooser::train(
            &pairs(&|i| i % args.folds != f),
            args.veto_epochs,
            args.seed,
        );
        for (k, h) in held.iter().enumerate() {
            if h.idx % args.folds == f {
                scores[k] = units[k].iter().map(|c| v.score(c)).collect();
            }
        }
    }
    let mut all: Vec<f32> = scores.iter().flatten().copied().collect();
    all.sort_by(f32::total_cmp);
    let mut grid: Vec<f32> = (0..80)
        .map(|k| all.get(k * all.len() / 400).copied().unwrap_or(0.0))
        .collect();
    grid.dedup();
    let cv = format!("train {}-fold CV", args.folds);
    let mut vbest = (best.0, None::<f32>);
    for &t in &grid {
        let vetoed: Vec<Held> = held
            .iter()
            .zip(&scores)
            .map(|(h, s)| Held {
                idx: h.idx,
                rules: h
                    .rules
                    .iter()
                    .zip(s)
                    .filter(|(_, &x)| x >= t)
                    .map(|(r, _)| r.clone())
                    .collect(),
                props: h.props.clone(),
            })
            .collect();
        let n = counts_at(data, &vetoed, Some((best.1, Some(best.2))));
        let score = f1(pct(n.matched, n.predicted), pct(n.matched, n.gold));
        println!("{}", line(&format!("{cv}, veto threshold {t:.3}"), &n));
        if score > vbest.0 + 1e-9 {
            vbest = (score, Some(t));
        }
    }
    println!(
        "chosen on train (veto): threshold {:?} (CV F1 {:.2})",
        vbest.1, vbest.0
    );
    let t = vbest.1?;
    Some((
        Chooser::train(&pairs(&|_| true), args.veto_epochs, args.seed),
        t,
    ))
}

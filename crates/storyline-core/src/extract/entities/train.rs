//! Training: an averaged structured perceptron (Collins 2002) over the hashed features, decoded
//! with the same constrained Viterbi as at run time. Deterministic: the lexicon is built with a
//! fixed seed, sentences are visited in an order shuffled by a fixed seed, and all sums run in
//! a fixed order.
//!
//! Gazetteers come from the training names themselves. So that the model does not learn to
//! trust a list that always contains the right answer, the training documents are split into
//! folds and each fold sees only the names of the other folds (jackknifing); the run-time
//! gazetteer holds all of them.

use super::features::Tok;
use super::hash::Rng;
use super::lexicon::{build_lexicon, Gazetteer};
use super::{decode, features, spans_of, Resources, Tag, Tagger, Weights, LABELS};
use std::sync::Arc;

/// One labelled sentence.
#[derive(Debug, Clone)]
pub struct TrainSentence {
    pub tokens: Vec<String>,
    pub tags: Vec<Tag>,
}

/// A labelled document: its sentences in order.
pub type TrainDocument = Vec<TrainSentence>;

#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub epochs: usize,
    pub seed: u64,
    /// log2 of the number of rows of the hashed weight table.
    pub bits: u32,
    /// Folds for the jackknifed training gazetteer.
    pub folds: usize,
    /// Names from outside the training data (bit `k` of the mask: PER, ORG, LOC, MISC).
    pub extra_names: Vec<(String, u8)>,
    /// Train the second, document-aware stage.
    pub two_stage: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 10,
            seed: 20_030_601,
            bits: 19,
            folds: 10,
            extra_names: Vec::new(),
            two_stage: true,
        }
    }
}

/// The names of a document set, with type masks.
fn names<'a>(docs: impl Iterator<Item = &'a TrainDocument>) -> Vec<(String, u8)> {
    let mut out = Vec::new();
    for d in docs {
        for s in d {
            for (a, b, kind) in spans_of(&s.tags) {
                let k = Tag::begin(kind).index() / 2;
                out.push((s.tokens[a..b].join(" "), 1u8 << k));
            }
        }
    }
    out
}

/// One sentence ready for the perceptron: hashed feature rows per token and gold labels.
pub(crate) struct Prepared {
    pub(crate) feats: Vec<u32>,
    /// Feature range of each token: `offs[t]..offs[t + 1]`.
    pub(crate) offs: Vec<u32>,
    pub(crate) gold: Vec<u8>,
}

/// A training document's prepared tokens (with its fold's gazetteer) and gold labels.
struct DocData {
    fold: usize,
    sents: Vec<(Vec<Tok>, bool)>,
    gold: Vec<Vec<u8>>,
}

fn featurize(d: &DocData, bits: u32, stage2: bool) -> Vec<Prepared> {
    d.sents
        .iter()
        .zip(&d.gold)
        .map(|((toks, caps), gold)| {
            let mut p = Prepared {
                feats: Vec::new(),
                offs: vec![0],
                gold: gold.clone(),
            };
            for i in 0..toks.len() {
                features::features(toks, *caps, i, bits, stage2, &mut p.feats);
                p.offs.push(p.feats.len() as u32);
            }
            p
        })
        .collect()
}

/// Averaged float weights of one stage (`L` labels per row).
pub(crate) struct Averaged<const L: usize> {
    pub(crate) emit: Vec<f32>,
    pub(crate) trans: Vec<f32>,
}

impl<const L: usize> Averaged<L> {
    pub(crate) fn decode(&self, p: &Prepared, em: &mut Vec<[f32; L]>, out: &mut Vec<u8>) {
        emissions(&self.emit, p, em);
        decode::viterbi(em, &self.trans, out);
    }

    pub(crate) fn quantise(&self) -> Weights {
        let max = self.emit.iter().fold(0f32, |m, x| m.max(x.abs()));
        let scale = if max > 0.0 { 32767.0 / max } else { 1.0 };
        let emit: Vec<i16> = self
            .emit
            .iter()
            .map(|x| (x * scale).round() as i16)
            .collect();
        let trans = self
            .trans
            .iter()
            .map(|x| (x * scale).round() as i32)
            .collect();
        Weights::from_dense(&emit, L, trans, scale)
    }
}

fn emissions<const L: usize>(w: &[f32], p: &Prepared, em: &mut Vec<[f32; L]>) {
    em.clear();
    for t in 0..p.gold.len() {
        let mut row = [0f32; L];
        for &f in &p.feats[p.offs[t] as usize..p.offs[t + 1] as usize] {
            let ws = &w[f as usize * L..f as usize * L + L];
            for l in 0..L {
                row[l] += ws[l];
            }
        }
        em.push(row);
    }
}

/// The averaged structured perceptron over `data` with `L` BIO labels (`L` also stands for
/// the sentence start in the transition table); `on_epoch` sees the averaged weights.
pub(crate) fn perceptron<const L: usize>(
    data: &[&Prepared],
    epochs: usize,
    seed: u64,
    bits: u32,
    mut on_epoch: impl FnMut(usize, &Averaged<L>),
) -> Averaged<L> {
    let rows = 1usize << bits;
    let mut w = vec![0f32; rows * L];
    let mut u = vec![0f64; rows * L];
    let mut tw = vec![0f32; (L + 1) * L];
    let mut tu = vec![0f64; (L + 1) * L];
    let mut c = 1f64;
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = Rng::new(seed);
    let mut em: Vec<[f32; L]> = Vec::new();
    let mut pred: Vec<u8> = Vec::new();
    let average = |w: &[f32], u: &[f64], c: f64| -> Vec<f32> {
        w.iter()
            .zip(u)
            .map(|(&a, &b)| (a as f64 - b / c) as f32)
            .collect()
    };
    let mut avg = Averaged {
        emit: Vec::new(),
        trans: Vec::new(),
    };
    for epoch in 1..=epochs {
        rng.shuffle(&mut order);
        for &k in &order {
            let p = data[k];
            let n = p.gold.len();
            emissions(&w, p, &mut em);
            decode::viterbi(&em, &tw, &mut pred);
            if pred != p.gold {
                for t in 0..n {
                    let (g, y) = (p.gold[t] as usize, pred[t] as usize);
                    if g != y {
                        for &f in &p.feats[p.offs[t] as usize..p.offs[t + 1] as usize] {
                            let b = f as usize * L;
                            w[b + g] += 1.0;
                            u[b + g] += c;
                            w[b + y] -= 1.0;
                            u[b + y] -= c;
                        }
                    }
                    let pg = if t == 0 { L } else { p.gold[t - 1] as usize };
                    let py = if t == 0 { L } else { pred[t - 1] as usize };
                    if (pg, g) != (py, y) {
                        tw[pg * L + g] += 1.0;
                        tu[pg * L + g] += c;
                        tw[py * L + y] -= 1.0;
                        tu[py * L + y] -= c;
                    }
                }
            }
            c += 1.0;
        }
        avg = Averaged {
            emit: average(&w, &u, c),
            trans: average(&tw, &tu, c),
        };
        on_epoch(epoch, &avg);
    }
    avg
}

/// Which stage `on_epoch` is reporting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The first stage alone (the model has no second stage yet).
    First,
    /// The two-stage model.
    Second,
}

/// Trains a tagger. `unlabelled` holds tokenised sentences of raw news for the lexicon (the
/// training sentences are added to it). `on_epoch` sees the model after each epoch of each
/// stage.
///
/// The second stage learns from what the first stage predicts for the other occurrences of a
/// word in the same document; on the training data those predictions come from first-stage
/// models trained without the document's fold (jackknifing again), so they are as noisy as
/// they will be on new text.
pub fn train(
    docs: &[TrainDocument],
    unlabelled: &[Vec<String>],
    opts: &TrainOptions,
    mut on_epoch: impl FnMut(Stage, usize, &Tagger),
) -> Tagger {
    let mut lex_sents: Vec<&[String]> = unlabelled.iter().map(|s| s.as_slice()).collect();
    for d in docs {
        for s in d {
            lex_sents.push(&s.tokens);
        }
    }
    let lex_sents: Vec<Vec<&str>> = lex_sents
        .iter()
        .map(|s| s.iter().map(String::as_str).collect())
        .collect();
    let lexicon = build_lexicon(&lex_sents, opts.seed);
    let folds = opts.folds.max(2);
    let mut all_names = names(docs.iter());
    all_names.extend(opts.extra_names.iter().cloned());
    let gazetteer = Gazetteer::from_entries(all_names);
    let resources = Arc::new(Resources { lexicon, gazetteer });

    // Every training document prepared with its fold's gazetteer.
    let mut data: Vec<DocData> = Vec::with_capacity(docs.len());
    let gazetteers: Vec<Gazetteer> = (0..folds)
        .map(|f| {
            let mut fold_names = names(
                docs.iter()
                    .enumerate()
                    .filter(|(i, _)| i % folds != f)
                    .map(|(_, d)| d),
            );
            fold_names.extend(opts.extra_names.iter().cloned());
            Gazetteer::from_entries(fold_names)
        })
        .collect();
    for (i, d) in docs.iter().enumerate() {
        let fold = i % folds;
        let mut sents: Vec<_> = d
            .iter()
            .map(|s| {
                let (mut toks, caps) = features::prepare(&s.tokens, &resources.lexicon);
                features::mark_gazetteer(&mut toks, &gazetteers[fold]);
                (toks, caps)
            })
            .collect();
        features::mark_document(&mut sents);
        let gold = d
            .iter()
            .map(|s| s.tags.iter().map(|t| t.index() as u8).collect())
            .collect();
        data.push(DocData { fold, sents, gold });
    }
    let meta = |stages: usize, tagger: &Tagger| {
        format!(
            "averaged perceptron, {stages} stage(s), {} epochs, seed {}, 2^{} rows, {} training documents, lexicon {} words, gazetteer {} names",
            opts.epochs,
            opts.seed,
            opts.bits,
            docs.len(),
            tagger.resources.lexicon.len(),
            tagger.resources.gazetteer.len()
        )
    };

    // Stage 1 on everything.
    let prepared1: Vec<Vec<Prepared>> = data
        .iter()
        .map(|d| featurize(d, opts.bits, false))
        .collect();
    let all: Vec<&Prepared> = prepared1.iter().flatten().collect();
    let mut tagger = Tagger {
        bits: opts.bits,
        stage1: Weights::default(),
        stage2: None,
        resources,
        meta: String::new(),
    };
    let stage1 = perceptron::<LABELS>(&all, opts.epochs, opts.seed, opts.bits, |epoch, avg| {
        tagger.stage1 = avg.quantise();
        tagger.meta = meta(1, &tagger);
        on_epoch(Stage::First, epoch, &tagger);
    });
    tagger.stage1 = stage1.quantise();
    if !opts.two_stage {
        return tagger;
    }

    // First-stage labels of each training document from a model that never saw its fold.
    let mut em = Vec::new();
    for f in 0..folds {
        let train: Vec<&Prepared> = prepared1
            .iter()
            .zip(&data)
            .filter(|(_, d)| d.fold != f)
            .flat_map(|(p, _)| p.iter())
            .collect();
        let sub = perceptron::<LABELS>(
            &train,
            opts.epochs,
            opts.seed + 1 + f as u64,
            opts.bits,
            |_, _| {},
        );
        for (p, d) in prepared1.iter().zip(data.iter_mut()) {
            if d.fold != f {
                continue;
            }
            let labels: Vec<Vec<u8>> = p
                .iter()
                .map(|s| {
                    let mut out = Vec::new();
                    sub.decode(s, &mut em, &mut out);
                    out
                })
                .collect();
            features::mark_aggregate(&mut d.sents, &labels);
        }
    }
    drop(prepared1);
    let prepared2: Vec<Vec<Prepared>> =
        data.iter().map(|d| featurize(d, opts.bits, true)).collect();
    let all: Vec<&Prepared> = prepared2.iter().flatten().collect();
    let stage2 = perceptron::<LABELS>(
        &all,
        opts.epochs,
        opts.seed + 100,
        opts.bits,
        |epoch, avg| {
            tagger.stage2 = Some(avg.quantise());
            tagger.meta = meta(2, &tagger);
            on_epoch(Stage::Second, epoch, &tagger);
        },
    );
    tagger.stage2 = Some(stage2.quantise());
    tagger.meta = meta(2, &tagger);
    tagger
}

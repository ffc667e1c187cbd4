//! ECB+ for claim alignment: does the similarity that aligns sentences across a story's
//! reports (`storyline_core::link::claims`) put sentences about the same event together?
//!
//! Gold pairs come from ECB+ event coreference. Each sentence's events are the
//! cross-document instances of its event mentions (`ACTION_*`, `NEG_ACTION_*` markables,
//! linked to an instance by `CROSS_DOC_COREF`). A *positive* pair is two sentences of
//! different documents of one sub-topic (topic and `ecb`/`ecbplus` half) that mention a
//! common instance; a *negative* pair is two annotated sentences (with at least one event
//! mention, and by default among the sentences ECB+ lists as annotated) of different
//! documents of one topic that share none.
//!
//! Each document becomes an [`Article`](storyline_model::Article) as the story benchmark
//! builds it ([`ecbplus::article_of`]), re-segmented by the pipeline's segmenter and
//! annotated by the per-article stages; an ECB+ sentence maps to the article sentence with
//! exactly its character offsets, and a pair with a sentence that maps to none (split or
//! merged by the segmenter, or a title/date line read as metadata) is skipped and counted.
//! Each pair is scored with [`claims::Aligner`]: the aligner's own similarity, over the
//! candidate sentences it builds for the topic's reports (entities resolved across them).
//! A sentence the aligner never considers (under six words, a heading or a question) never
//! aligns.

use crate::ecbplus::{self, article_of, detokenise, EcbDoc};
use crate::xml::attr;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;
use storyline_core::extract::annotate::annotate;
use storyline_core::link::claims::{self, Aligner, Source};
use storyline_core::link::resolve;
use storyline_model::{Annotations, Article, ArticleId};

/// One markable: an annotated mention (anchored to tokens) or, without tokens, the
/// description of a cross-document instance (`instance_id`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Markable {
    pub m_id: u32,
    /// Element name, e.g. `ACTION_OCCURRENCE`.
    pub tag: String,
    pub tokens: Vec<u32>,
    pub instance: Option<String>,
}

/// One coreference relation (`CROSS_DOC_COREF`, `INTRA_DOC_COREF`): source mentions and the
/// target markable, with the relation's `note` (the instance id for cross-document ones).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub kind: String,
    pub note: Option<String>,
    pub sources: Vec<u32>,
    pub target: Option<u32>,
}

/// Whether a markable tag is an event mention.
pub fn is_event(tag: &str) -> bool {
    tag.starts_with("ACTION_") || tag.starts_with("NEG_ACTION_")
}

/// The part of `xml` between `<name>` and `</name>` (empty when absent).
fn section<'a>(xml: &'a str, name: &str) -> &'a str {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let Some(i) = xml.find(&open) else {
        return "";
    };
    let body = &xml[i + open.len()..];
    &body[..body.find(&close).unwrap_or(body.len())]
}

/// The start and end tags of a section in order: (name, the whole tag text, self-closing).
/// End tags come with a `/`-prefixed name.
fn tags(s: &str) -> impl Iterator<Item = (&str, &str, bool)> {
    s.split('<').skip(1).filter_map(|t| {
        let t = &t[..t.find('>')?];
        let name = t.split_whitespace().next()?;
        let name = name.trim_end_matches('/');
        Some((name, t, t.ends_with('/')))
    })
}

/// The markables of an ECB+ document.
pub fn markables(xml: &str) -> Vec<Markable> {
    let mut out: Vec<Markable> = Vec::new();
    let mut open: Option<Markable> = None;
    for (name, tag, self_closing) in tags(section(xml, "Markables")) {
        if name == "token_anchor" {
            if let (Some(m), Some(t)) = (open.as_mut(), attr(tag, "t_id")) {
                if let Ok(t) = t.parse() {
                    m.tokens.push(t);
                }
            }
        } else if let Some(end) = name.strip_prefix('/') {
            if open.as_ref().is_some_and(|m| m.tag == end) {
                out.extend(open.take());
            }
        } else if let Some(m_id) = attr(tag, "m_id").and_then(|m| m.parse().ok()) {
            out.extend(open.take());
            let m = Markable {
                m_id,
                tag: name.to_string(),
                tokens: Vec::new(),
                instance: attr(tag, "instance_id")
                    .filter(|i| !i.is_empty())
                    .map(crate::xml::unescape),
            };
            if self_closing {
                out.push(m);
            } else {
                open = Some(m);
            }
        }
    }
    out.extend(open);
    out
}

/// The coreference relations of an ECB+ document.
pub fn relations(xml: &str) -> Vec<Relation> {
    let mut out: Vec<Relation> = Vec::new();
    let mut open: Option<Relation> = None;
    for (name, tag, _) in tags(section(xml, "Relations")) {
        let m_id = || attr(tag, "m_id").and_then(|m| m.parse::<u32>().ok());
        match name {
            "source" => {
                if let (Some(r), Some(m)) = (open.as_mut(), m_id()) {
                    r.sources.push(m);
                }
            }
            "target" => {
                if let Some(r) = open.as_mut() {
                    r.target = r.target.or(m_id());
                }
            }
            _ if name.starts_with('/') => out.extend(open.take()),
            _ => {
                out.extend(open.take());
                open = Some(Relation {
                    kind: name.to_string(),
                    note: attr(tag, "note")
                        .filter(|n| !n.is_empty())
                        .map(crate::xml::unescape),
                    sources: Vec::new(),
                    target: None,
                });
            }
        }
    }
    out.extend(open);
    out
}

/// Sentence number of each token id.
pub fn token_sentences(xml: &str) -> BTreeMap<u32, usize> {
    let mut out = BTreeMap::new();
    let body = xml.split("<Markables>").next().unwrap_or(xml);
    for (name, tag, _) in tags(body) {
        if name != "token" {
            continue;
        }
        if let (Some(t), Some(s)) = (
            attr(tag, "t_id").and_then(|t| t.parse().ok()),
            attr(tag, "sentence").and_then(|s| s.parse().ok()),
        ) {
            out.insert(t, s);
        }
    }
    out
}

/// Sentences with at least one event mention, each with the cross-document instances its
/// mentions belong to (empty when none is linked across documents).
pub fn event_sentences(xml: &str) -> BTreeMap<usize, BTreeSet<String>> {
    let sentence_of = token_sentences(xml);
    let marks = markables(xml);
    let by_id: BTreeMap<u32, &Markable> = marks.iter().map(|m| (m.m_id, m)).collect();
    let mut instance_of: BTreeMap<u32, String> = BTreeMap::new();
    for r in relations(xml) {
        if r.kind != "CROSS_DOC_COREF" {
            continue;
        }
        let target = r.target.and_then(|t| by_id.get(&t));
        if target.is_some_and(|t| !is_event(&t.tag)) {
            continue;
        }
        let Some(instance) = target.and_then(|t| t.instance.clone()).or(r.note) else {
            continue;
        };
        for s in r.sources {
            instance_of.insert(s, instance.clone());
        }
    }
    let mut out: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for m in &marks {
        if !is_event(&m.tag) {
            continue;
        }
        let Some(&s) = m.tokens.first().and_then(|t| sentence_of.get(t)) else {
            continue;
        };
        let instances = out.entry(s).or_default();
        instances.extend(instance_of.get(&m.m_id).cloned());
    }
    out
}

/// The sentences ECB+ lists as annotated (`ECBplus_coreference_sentences.csv`): (file name
/// without `.xml`, e.g. `1_10ecbplus`, sentence number).
pub fn selected_sentences(csv: &str) -> BTreeSet<(String, usize)> {
    csv.lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.trim().split(',');
            let (topic, file, sentence) = (f.next()?, f.next()?, f.next()?);
            Some((format!("{topic}_{file}"), sentence.trim().parse().ok()?))
        })
        .collect()
}

/// Where an ECB+ sentence is in its article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The article sentence with exactly its characters.
    Sentence(usize),
    /// Read as metadata (URL, title, date line): not in the body.
    Metadata,
    /// No article sentence has exactly its offsets (the segmenter split or merged it).
    Unmapped,
}

/// One document ready to pair: its article, annotations and annotated sentences.
struct Doc {
    ecb: EcbDoc,
    article: Article,
    annotations: Annotations,
    /// Annotated sentence → its event instances and place in the article.
    events: BTreeMap<usize, (BTreeSet<String>, Place)>,
}

/// Places of an ECB+ document's sentences in the article built from it: body sentences are
/// the document's lines left after metadata, in order; each maps to the segment of the
/// article text with exactly its character offsets.
pub fn places(xml: &str, d: &EcbDoc, article: &Article) -> BTreeMap<usize, Place> {
    // Body sentence k spans what `article_of` gave it.
    let body = article_of(d, &article.id).sentences;
    let mut out = BTreeMap::new();
    let mut k = 0;
    for (n, tokens) in ecbplus::tokens(xml) {
        let place = if k < d.sentences.len() && detokenise(&tokens) == d.sentences[k] {
            let span = body[k];
            k += 1;
            article
                .sentences
                .iter()
                .position(|s| s.start == span.start && s.end == span.end)
                .map_or(Place::Unmapped, Place::Sentence)
        } else {
            Place::Metadata
        };
        out.insert(n, place);
    }
    out
}

fn read(
    path: &Path,
    selected: Option<&BTreeSet<(String, usize)>>,
    resegment: bool,
) -> std::io::Result<Doc> {
    let xml = std::fs::read_to_string(path)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ecb = ecbplus::read_doc(&xml, &name, true);
    let mut article = article_of(&ecb, &ArticleId::from_content(name.as_bytes()));
    if resegment {
        // As the pipeline would see the text: sentences from its segmenter.
        article.sentences = storyline_core::text::segment(&article.text);
    }
    let annotations = annotate(&article);
    let at = places(&xml, &ecb, &article);
    let stem = name.trim_end_matches(".xml");
    let events = event_sentences(&xml)
        .into_iter()
        .filter(|(s, _)| selected.is_none_or(|sel| sel.contains(&(stem.to_string(), *s))))
        .map(|(s, inst)| {
            let place = at.get(&s).copied().unwrap_or(Place::Unmapped);
            (s, (inst, place))
        })
        .collect();
    Ok(Doc {
        ecb,
        article,
        annotations,
        events,
    })
}

/// One scored pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    pub topic: u32,
    pub positive: bool,
    /// Both documents of one sub-topic.
    pub same_subtopic: bool,
    /// The aligner's similarity; `None` when a sentence is not a candidate statement.
    pub sim: Option<f64>,
    /// The same without the day penalty.
    pub sim_no_day_penalty: Option<f64>,
}

/// Pairs of one label left out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Skipped {
    /// A sentence read as metadata (title, date line).
    pub metadata: usize,
    /// A sentence with no article sentence of exactly its offsets.
    pub unmapped: usize,
}

/// Every labelled pair of a corpus range, scored.
#[derive(Debug, Clone, Default)]
pub struct Pairs {
    pub setup: Setup,
    pub pairs: Vec<Pair>,
    /// Skipped positive and negative pairs.
    pub skipped: [Skipped; 2],
    /// Pairs of different sub-topics that share an instance (neither label).
    pub cross_half_shared: usize,
    /// Annotated sentences, and those with no exact article sentence / read as metadata.
    pub sentences: usize,
    pub unmapped_sentences: usize,
    pub metadata_sentences: usize,
}

/// Which sentences count and how articles are split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setup {
    /// Annotated sentences are those ECB+ lists as annotated (when the list is there);
    /// otherwise every sentence with an event mention.
    pub selected_only: bool,
    /// Article sentences from the pipeline's segmenter; otherwise the ECB+ sentences
    /// themselves (every body sentence maps).
    pub resegment: bool,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            selected_only: true,
            resegment: true,
        }
    }
}

/// Reads `<topic>/*.xml` under `dir` and scores the labelled pairs of each topic.
pub fn pairs(dir: &Path, setup: Setup) -> std::io::Result<Pairs> {
    let selected_only = setup.selected_only;
    let csv = dir.join("ECBplus_coreference_sentences.csv");
    let selected = if selected_only && csv.exists() {
        Some(selected_sentences(&std::fs::read_to_string(csv)?))
    } else {
        None
    };
    let mut by_topic: BTreeMap<u32, Vec<std::path::PathBuf>> = BTreeMap::new();
    for p in crate::files_under(dir)? {
        if p.extension().is_none_or(|e| e != "xml") {
            continue;
        }
        let topic = p
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.split('_').next())
            .and_then(|t| t.parse().ok());
        if let Some(t) = topic {
            by_topic.entry(t).or_default().push(p);
        }
    }
    let parts: Vec<Pairs> = by_topic
        .into_par_iter()
        .map(|(topic, files)| {
            let docs = files
                .iter()
                .map(|p| read(p, selected.as_ref(), setup.resegment))
                .collect::<std::io::Result<Vec<Doc>>>()?;
            Ok(topic_pairs(topic, &docs))
        })
        .collect::<std::io::Result<_>>()?;
    let mut out = Pairs {
        setup,
        ..Pairs::default()
    };
    for p in parts {
        out.pairs.extend(p.pairs);
        for k in 0..2 {
            out.skipped[k].metadata += p.skipped[k].metadata;
            out.skipped[k].unmapped += p.skipped[k].unmapped;
        }
        out.cross_half_shared += p.cross_half_shared;
        out.sentences += p.sentences;
        out.unmapped_sentences += p.unmapped_sentences;
        out.metadata_sentences += p.metadata_sentences;
    }
    Ok(out)
}

fn topic_pairs(topic: u32, docs: &[Doc]) -> Pairs {
    let resolution = resolve::resolve(
        &docs
            .iter()
            .map(|d| (d.article.id.clone(), d.annotations.clone()))
            .collect::<Vec<_>>(),
    );
    let entity_of =
        |a: &ArticleId, local: usize| resolution.of_local.get(&(a.clone(), local)).cloned();
    let sources: Vec<Source<'_>> = docs
        .iter()
        .map(|d| Source {
            article: &d.article,
            annotations: &d.annotations,
            group: &d.ecb.name,
        })
        .collect();
    let opts = claims::Options::default();
    let aligner = Aligner::new(&sources, entity_of, &opts);
    let no_penalty = Aligner::new(
        &sources,
        entity_of,
        &claims::Options {
            day_penalty: 0.0,
            ..opts
        },
    );
    let mut out = Pairs::default();
    for d in docs {
        out.sentences += d.events.len();
        for (_, p) in d.events.values() {
            match p {
                Place::Metadata => out.metadata_sentences += 1,
                Place::Unmapped => out.unmapped_sentences += 1,
                Place::Sentence(_) => {}
            }
        }
    }
    for (i, a) in docs.iter().enumerate() {
        for (j, b) in docs.iter().enumerate().skip(i + 1) {
            let same_subtopic = a.ecb.subtopic() == b.ecb.subtopic();
            for (ia, pa) in a.events.values() {
                for (ib, pb) in b.events.values() {
                    let shared = ia.intersection(ib).next().is_some();
                    if shared && !same_subtopic {
                        out.cross_half_shared += 1;
                        continue;
                    }
                    let k = usize::from(!shared);
                    let (sa, sb) = match (pa, pb) {
                        (Place::Sentence(x), Place::Sentence(y)) => (*x, *y),
                        (Place::Unmapped, _) | (_, Place::Unmapped) => {
                            out.skipped[k].unmapped += 1;
                            continue;
                        }
                        _ => {
                            out.skipped[k].metadata += 1;
                            continue;
                        }
                    };
                    out.pairs.push(Pair {
                        topic,
                        positive: shared,
                        same_subtopic,
                        sim: aligner.similarity((i, sa), (j, sb)),
                        sim_no_day_penalty: no_penalty.similarity((i, sa), (j, sb)),
                    });
                }
            }
        }
    }
    out
}

/// Counts of "aligned at `threshold`" against "same event".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn of<'a>(
        pairs: impl IntoIterator<Item = &'a Pair>,
        threshold: f64,
        sim: impl Fn(&Pair) -> Option<f64>,
    ) -> Counts {
        let mut c = Counts::default();
        for p in pairs {
            let aligned = sim(p).is_some_and(|s| s >= threshold);
            match (aligned, p.positive) {
                (true, true) => c.tp += 1,
                (true, false) => c.fp += 1,
                (false, true) => c.fn_ += 1,
                (false, false) => {}
            }
        }
        c
    }

    pub fn prf(&self) -> ecbplus::Prf {
        ecbplus::Prf {
            p: crate::ratio(self.tp, self.tp + self.fp),
            r: crate::ratio(self.tp, self.tp + self.fn_),
        }
    }
}

/// The thresholds swept: 0.10, 0.15 … 0.80.
pub fn thresholds() -> Vec<f64> {
    (2..=16).map(|i| i as f64 * 0.05).collect()
}

/// The threshold of highest F1 (the lowest on ties).
pub fn best_threshold(pairs: &[&Pair], sim: impl Fn(&Pair) -> Option<f64> + Copy) -> (f64, f64) {
    let mut best = (0.0, -1.0);
    for t in thresholds() {
        let f = Counts::of(pairs.iter().copied(), t, sim).prf().f1();
        if f > best.1 + 1e-12 {
            best = (t, f);
        }
    }
    best
}

/// Scores of one range of topics.
#[derive(Debug, Clone)]
pub struct RangeReport<'a> {
    pub label: String,
    pub pairs: Vec<&'a Pair>,
}

/// The whole report: pairs, skips, P/R/F1 at the aligner's threshold and a sweep, for the
/// tuning topics (1–20) and the held-out ones (21–35).
pub struct Report<'a> {
    pub all: &'a Pairs,
    pub align: f64,
    pub ranges: Vec<RangeReport<'a>>,
}

impl<'a> Report<'a> {
    pub fn new(all: &'a Pairs) -> Self {
        let range = |label: &str, r: std::ops::RangeInclusive<u32>| RangeReport {
            label: label.to_string(),
            pairs: all.pairs.iter().filter(|p| r.contains(&p.topic)).collect(),
        };
        Report {
            all,
            align: claims::Options::default().align,
            ranges: vec![
                range("topics 1-20 (tuning)", 1..=20),
                range("topics 21-35 (held out)", 21..=35),
            ],
        }
    }

    /// Best threshold on the first range and the F1 it gives on the second.
    pub fn tuned(&self) -> (f64, f64, f64) {
        let (t, f) = best_threshold(&self.ranges[0].pairs, |p| p.sim);
        let held = Counts::of(self.ranges[1].pairs.iter().copied(), t, |p| p.sim)
            .prf()
            .f1();
        (t, f, held)
    }
}

fn sim(p: &Pair) -> Option<f64> {
    p.sim
}

fn sim_no_penalty(p: &Pair) -> Option<f64> {
    p.sim_no_day_penalty
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let a = self.all;
        let pos = a.pairs.iter().filter(|p| p.positive).count();
        writeln!(
            f,
            "sentences: {}; article sentences: {}",
            if a.setup.selected_only {
                "those ECB+ lists as annotated, with an event mention"
            } else {
                "every sentence with an event mention"
            },
            if a.setup.resegment {
                "the pipeline's segmenter (ECB+ sentences map by exact offsets)"
            } else {
                "the ECB+ sentences"
            }
        )?;
        writeln!(
            f,
            "annotated sentences: {} ({} read as metadata, {} with no exact article sentence)",
            a.sentences, a.metadata_sentences, a.unmapped_sentences
        )?;
        writeln!(
            f,
            "pairs scored: {} positive, {} negative; skipped: positive {} metadata + {} unmapped, negative {} metadata + {} unmapped; {} cross-sub-topic pairs sharing an instance left out",
            pos,
            a.pairs.len() - pos,
            a.skipped[0].metadata,
            a.skipped[0].unmapped,
            a.skipped[1].metadata,
            a.skipped[1].unmapped,
            a.cross_half_shared
        )?;
        for r in &self.ranges {
            let pos = r.pairs.iter().filter(|p| p.positive).count();
            let neg = r.pairs.len() - pos;
            let cand = |p: &&&Pair| p.sim.is_some();
            let cand_pos = r.pairs.iter().filter(cand).filter(|p| p.positive).count();
            let cand_neg = r.pairs.iter().filter(cand).count() - cand_pos;
            writeln!(f)?;
            writeln!(f, "{}: {pos} positive, {neg} negative pairs ({cand_pos} / {cand_neg} with both sentences candidates)", r.label)?;
            let at = Counts::of(r.pairs.iter().copied(), self.align, sim);
            writeln!(
                f,
                "  similarity >= {:.2}: {}  (tp {}, fp {}, fn {})",
                self.align,
                at.prf(),
                at.tp,
                at.fp,
                at.fn_
            )?;
            let candidates: Vec<&Pair> = r
                .pairs
                .iter()
                .copied()
                .filter(|p| p.sim.is_some())
                .collect();
            writeln!(
                f,
                "  candidates only:   {}",
                Counts::of(candidates.iter().copied(), self.align, sim).prf()
            )?;
            writeln!(
                f,
                "  no day penalty:    {}",
                Counts::of(r.pairs.iter().copied(), self.align, sim_no_penalty).prf()
            )?;
            let penalised = r
                .pairs
                .iter()
                .filter(|p| p.sim != p.sim_no_day_penalty)
                .collect::<Vec<_>>();
            writeln!(
                f,
                "  day penalty applies to {} pairs ({} positive)",
                penalised.len(),
                penalised.iter().filter(|p| p.positive).count()
            )?;
            for (label, same) in [("same sub-topic", true), ("other sub-topic", false)] {
                let negs: Vec<&Pair> = r
                    .pairs
                    .iter()
                    .copied()
                    .filter(|p| !p.positive && p.same_subtopic == same)
                    .collect();
                let fp = Counts::of(negs.iter().copied(), self.align, sim).fp;
                writeln!(
                    f,
                    "  negatives of {label}: {} aligned of {} ({:.2}%)",
                    fp,
                    negs.len(),
                    100.0 * crate::ratio(fp, negs.len())
                )?;
            }
            writeln!(
                f,
                "  thr     P      R      F1    FPR   | cand R  cand F1 | no-penalty P   R      F1"
            )?;
            for t in thresholds() {
                let counts = Counts::of(r.pairs.iter().copied(), t, sim);
                let c = counts.prf();
                let cc = Counts::of(candidates.iter().copied(), t, sim).prf();
                let np = Counts::of(r.pairs.iter().copied(), t, sim_no_penalty).prf();
                writeln!(
                    f,
                    "  {t:.2}  {:.4} {:.4} {:.4} {:.4} | {:.4}  {:.4}  |  {:.4}     {:.4} {:.4}",
                    c.p,
                    c.r,
                    c.f1(),
                    crate::ratio(counts.fp, neg),
                    cc.r,
                    cc.f1(),
                    np.p,
                    np.r,
                    np.f1()
                )?;
            }
            let (bt, bf) = best_threshold(&r.pairs, sim);
            writeln!(f, "  best threshold {bt:.2}: F1 {bf:.4}")?;
        }
        let (t, tf, held) = self.tuned();
        write!(
            f,
            "\nthreshold tuned on topics 1-20: {t:.2} (F1 {tf:.4}); on topics 21-35 it gives F1 {held:.4}"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<Document doc_name="9_1ecb.xml" doc_id="DOC1">
<token t_id="1" sentence="0" number="0">Police</token>
<token t_id="2" sentence="0" number="1">arrested</token>
<token t_id="3" sentence="0" number="2">a</token>
<token t_id="4" sentence="0" number="3">man</token>
<token t_id="5" sentence="0" number="4">.</token>
<token t_id="6" sentence="1" number="0">He</token>
<token t_id="7" sentence="1" number="1">was</token>
<token t_id="8" sentence="1" number="2">charged</token>
<token t_id="9" sentence="1" number="3">and</token>
<token t_id="10" sentence="1" number="4">jailed</token>
<token t_id="11" sentence="1" number="5">.</token>
<token t_id="12" sentence="2" number="0">Nothing</token>
<token t_id="13" sentence="2" number="1">else</token>
<token t_id="14" sentence="2" number="2">.</token>
</Document>
<Markables>
<ACTION_OCCURRENCE m_id="31"  >
  <token_anchor t_id="2"/>
</ACTION_OCCURRENCE>
<HUMAN_PART_PER m_id="32"  >
  <token_anchor t_id="4"/>
</HUMAN_PART_PER>
<NEG_ACTION_OCCURRENCE m_id="33"  >
  <token_anchor t_id="8"/>
</NEG_ACTION_OCCURRENCE>
<ACTION_OCCURRENCE m_id="34"  >
  <token_anchor t_id="10"/>
</ACTION_OCCURRENCE>
<ACTION_OCCURRENCE m_id="40" RELATED_TO="" TAG_DESCRIPTOR="t9_arrest" instance_id="ACT111" />
<HUMAN_PART_PER m_id="41" RELATED_TO="" TAG_DESCRIPTOR="t9_man" instance_id="HUM222" />
<ACTION_OCCURRENCE m_id="42" RELATED_TO="" TAG_DESCRIPTOR="t9_jail" instance_id="" />
</Markables>
<Relations>
<CROSS_DOC_COREF r_id="1" note="ACT111" >
  <source m_id="31" />
  <target m_id="40" />
</CROSS_DOC_COREF>
<CROSS_DOC_COREF r_id="2" note="HUM222" >
  <source m_id="32" />
  <target m_id="41" />
</CROSS_DOC_COREF>
<CROSS_DOC_COREF r_id="3" note="ACT333" >
  <source m_id="34" />
  <target m_id="42" />
</CROSS_DOC_COREF>
<INTRA_DOC_COREF r_id="4" >
  <source m_id="33" />
  <target m_id="31" />
</INTRA_DOC_COREF>
</Relations>
</Document>"#;

    #[test]
    fn markables_with_anchors_and_instances() {
        let m = markables(XML);
        assert_eq!(m.len(), 7);
        assert_eq!(
            m[0],
            Markable {
                m_id: 31,
                tag: "ACTION_OCCURRENCE".into(),
                tokens: vec![2],
                instance: None,
            }
        );
        assert_eq!(m[2].tag, "NEG_ACTION_OCCURRENCE");
        assert_eq!(m[4].instance.as_deref(), Some("ACT111"));
        assert!(m[4].tokens.is_empty());
        // An empty instance id is none.
        assert_eq!(m[6].instance, None);
        assert!(is_event("NEG_ACTION_STATE") && !is_event("HUMAN_PART_PER"));
    }

    #[test]
    fn relations_with_sources_and_targets() {
        let r = relations(XML);
        assert_eq!(r.len(), 4);
        assert_eq!(
            r[0],
            Relation {
                kind: "CROSS_DOC_COREF".into(),
                note: Some("ACT111".into()),
                sources: vec![31],
                target: Some(40),
            }
        );
        assert_eq!(r[3].kind, "INTRA_DOC_COREF");
        assert_eq!(r[3].note, None);
        assert_eq!((r[3].sources.clone(), r[3].target), (vec![33], Some(31)));
    }

    #[test]
    fn event_instances_by_sentence() {
        assert_eq!(token_sentences(XML).get(&10), Some(&1));
        let e = event_sentences(XML);
        // Sentence 0: the arrest (instance from the target markable); sentence 1: an event
        // linked only within the document (no instance) and one whose target has no
        // instance id (the relation's note); sentence 2 has no event.
        assert_eq!(e.len(), 2);
        assert_eq!(e[&0], BTreeSet::from(["ACT111".to_string()]));
        assert_eq!(e[&1], BTreeSet::from(["ACT333".to_string()]));
    }

    #[test]
    fn selected_sentence_list() {
        let s = selected_sentences("Topic,File,Sentence Number\n1,10ecbplus,1\n1,10ecb,0\n");
        assert_eq!(
            s,
            BTreeSet::from([("1_10ecbplus".to_string(), 1), ("1_10ecb".to_string(), 0)])
        );
    }

    #[test]
    fn sentences_map_to_article_sentences_by_exact_offsets() {
        let d = ecbplus::read_doc(XML, "9_1ecb.xml", true);
        let mut article = article_of(&d, &ArticleId::from_content(b"x"));
        article.sentences = storyline_core::text::segment(&article.text);
        let p = places(XML, &d, &article);
        assert_eq!(p[&0], Place::Sentence(0));
        assert_eq!(p[&1], Place::Sentence(1));
        assert_eq!(p[&2], Place::Sentence(2));
        // Merged by the segmenter: no exact match.
        article.sentences = vec![storyline_model::Span::new(0, article.text.chars().count())];
        let p = places(XML, &d, &article);
        assert_eq!(p[&0], Place::Unmapped);
    }

    #[test]
    fn counts_and_thresholds() {
        let pair = |positive, sim| Pair {
            topic: 1,
            positive,
            same_subtopic: true,
            sim,
            sim_no_day_penalty: sim,
        };
        let pairs = [
            pair(true, Some(0.6)),
            pair(true, Some(0.3)),
            pair(true, None),
            pair(false, Some(0.5)),
            pair(false, Some(0.1)),
        ];
        let c = Counts::of(&pairs, 0.45, |p| p.sim);
        assert_eq!((c.tp, c.fp, c.fn_), (1, 1, 2));
        let refs: Vec<&Pair> = pairs.iter().collect();
        // 0.10: tp 2, fp 2, fn 1 (F1 4/7); 0.15 .. 0.30: tp 2, fp 1, fn 1 (F1 2/3, the best:
        // the lowest such threshold wins);
        // 0.35 .. 0.50: tp 1, fp 1, fn 2; 0.55 .. 0.60: tp 1, fn 2 (F1 1/2).
        let (t, f) = best_threshold(&refs, |p| p.sim);
        assert!((f - 2.0 / 3.0).abs() < 1e-9, "{t} {f}");
        assert!((t - 0.15).abs() < 1e-9, "{t}");
        assert_eq!(thresholds().len(), 15);
    }

    /// The full evaluation on the shared corpus (run with `--ignored --nocapture`).
    #[test]
    #[ignore]
    fn on_the_corpus() {
        let dir =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/events/ecbplus");
        let all = std::env::var("ECB_ALL_SENTENCES").is_ok();
        let gold = std::env::var("ECB_GOLD_SENTENCES").is_ok();
        let setup = Setup {
            selected_only: !all,
            resegment: !gold,
        };
        let p = pairs(&dir, setup).expect("corpus");
        println!("{}", Report::new(&p));
    }
}

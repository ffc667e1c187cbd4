//! SemEval-2015 Task 4 (TimeLine: cross-document event ordering), track A (raw text).
//!
//! Reader: the CAT XML documents (`docs-cat/*.xml`: tokens with sentence numbers, the
//! document creation time as the `CREATION_TIME` TIMEX3; the gold EVENT_MENTION markables
//! are ignored) and the gold per-target-entity timelines (`gold/*.txt`: the target's name
//! on the first line, then `order TAB date TAB event-id…`, an event id being
//! `docid-sentence-word`).
//!
//! System: every document is detokenised into an [`Article`] (one sentence per CAT
//! sentence, the DCT as its date), annotated by the storyline pipeline and its event
//! mentions extracted in broad mode (every trigger, general news verbs included). An event
//! belongs to a target's timeline when its sentence names the target (the target's text, a
//! name the article resolves to the target, or `he`/`she` right after a sentence that named
//! a person target). Its date is the sentence's date (else the DCT for a past-tense
//! trigger, else `XXXX-XX-XX`); events are ordered
//! by date, undated ones at order 0, as in the task format.
//!
//! Score (a simplified form of the task's temporal-awareness F1, documented here exactly):
//! each timeline becomes a set of relations — one anchoring relation `(event, date)` per
//! event, and for every two events of non-zero order a `BEFORE` (lower order first) or
//! `SIMULTANEOUS` (same order, unordered pair) relation. Both sets are transitively closed
//! by construction, so precision = |system ∩ gold| / |system| and recall =
//! |system ∩ gold| / |gold|, micro-averaged over all target entities (the official scorer
//! also works on closed graphs but counts precision over the system's *reduced* graph,
//! which weighs ordering relations less). Anchoring-only and ordering-only figures are
//! given too.

use crate::xml::attr;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;
use storyline_core::extract::annotate::annotate;
use storyline_core::extract::events::{extract_with, Options};
use storyline_core::text::names::fold;
use storyline_model::{Article, ArticleId, DateSource, EntityKind, Published, Span};

/// One CAT document: id, DCT and tokens `(sentence, text)` in order.
#[derive(Debug, Clone)]
pub struct CatDoc {
    pub id: String,
    pub dct: Option<String>,
    pub tokens: Vec<(usize, String)>,
}

/// One gold or system timeline: target name, and per event id its order and date.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Timeline {
    pub target: String,
    pub entries: BTreeMap<String, (usize, String)>,
}

/// Reads one CAT XML document.
pub fn read_cat(xml: &str) -> CatDoc {
    let id = xml
        .find("<Document")
        .and_then(|i| attr(&xml[i..], "doc_id"))
        .unwrap_or("")
        .to_string();
    let dct = xml.match_indices("<TIMEX3").find_map(|(i, _)| {
        let tag = &xml[i..i + xml[i..].find('>')?];
        (attr(tag, "functionInDocument") == Some("CREATION_TIME"))
            .then(|| attr(tag, "value").map(str::to_string))
            .flatten()
    });
    let tokens = crate::xml::tokens(xml);
    CatDoc { id, dct, tokens }
}

/// Reads one gold timeline file.
pub fn read_gold(text: &str) -> Timeline {
    let mut lines = text.lines();
    let target = lines.next().unwrap_or("").trim().to_string();
    let mut entries = BTreeMap::new();
    for line in lines {
        let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
        if cols.len() < 3 {
            continue;
        }
        let Ok(order) = cols[0].parse::<usize>() else {
            continue;
        };
        for ev in &cols[2..] {
            if !ev.is_empty() {
                entries.insert(ev.to_string(), (order, normalise_date(cols[1])));
            }
        }
    }
    Timeline { target, entries }
}

/// `XXX-XX-XX` (a typo in the gold) and other all-X dates are `XXXX-XX-XX`.
fn normalise_date(d: &str) -> String {
    if d.chars().all(|c| c == 'X' || c == '-') {
        "XXXX-XX-XX".to_string()
    } else {
        d.to_string()
    }
}

/// Detokenises a document: the article (one sentence per CAT sentence) and each token's
/// code-point span in its text.
pub fn article_of(doc: &CatDoc) -> (Article, Vec<Span>) {
    let mut text = String::new();
    let mut len = 0usize;
    let mut spans = Vec::with_capacity(doc.tokens.len());
    let mut sentences: Vec<Span> = Vec::new();
    let mut prev: Option<(usize, &str)> = None;
    for (s, t) in &doc.tokens {
        let new_sentence = prev.is_none_or(|(ps, _)| ps != *s);
        if new_sentence {
            if let Some(last) = sentences.last_mut() {
                last.end = len;
            }
            if prev.is_some() {
                text.push('\n');
                len += 1;
            }
            sentences.push(Span::new(len, len));
        } else {
            let glue = matches!(
                t.as_str(),
                "." | "," | ";" | ":" | "!" | "?" | ")" | "%" | "'s" | "n't" | "'"
            ) || prev.is_some_and(|(_, p)| matches!(p, "(" | "$"));
            if !glue {
                text.push(' ');
                len += 1;
            }
        }
        let n = t.chars().count();
        spans.push(Span::new(len, len + n));
        text.push_str(t);
        len += n;
        prev = Some((*s, t));
    }
    if let Some(last) = sentences.last_mut() {
        last.end = len;
    }
    // CAT sentence numbers start at 0 and are consecutive; keep a sentence per number.
    let article = Article {
        language: Some("en".into()),
        published: doc.dct.as_ref().map(|d| Published {
            value: d.clone(),
            source: DateSource::Metadata,
        }),
        ..Article::new(
            ArticleId::from_content(doc.id.as_bytes()),
            doc.id.clone(),
            text,
            sentences,
        )
    };
    (article, spans)
}

/// One event the system found: id (`doc-sentence-word`) and date (TIMEX3 or `XXXX-XX-XX`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SysEvent {
    pub id: String,
    pub date: String,
    /// Position in the corpus (document, token) for tie-breaking.
    pub pos: (String, usize),
    /// Sentence text, lowercased, for target matching.
    sentence: String,
    /// Folded names of the locals the sentence mentions.
    names: Vec<String>,
    /// A `he`/`she` that refers back to the person named in the previous sentence.
    pronoun_of: Option<String>,
}

/// The event mentions of one document with their dates.
pub fn system_events(doc: &CatDoc) -> Vec<SysEvent> {
    let (article, spans) = article_of(doc);
    let ann = annotate(&article);
    let mentions = extract_with(
        &article,
        &ann,
        Options {
            all_triggers: true,
            broad: true,
        },
    );
    let sentence_text: Vec<String> = article
        .sentences
        .iter()
        .map(|s| s.slice(&article.text).unwrap_or("").to_lowercase())
        .collect();
    let mut names: Vec<Vec<String>> = vec![Vec::new(); article.sentences.len()];
    let mut last_person: Vec<Option<String>> = vec![None; article.sentences.len()];
    let mut person: Option<String> = None;
    for (si, ns) in names.iter_mut().enumerate() {
        last_person[si] = person.clone();
        for m in ann.mentions.iter().filter(|m| m.sentence == si) {
            let name = fold(&ann.locals[m.local].name);
            if m.kind == EntityKind::Person {
                person = Some(name.clone());
            }
            ns.push(name);
            ns.push(fold(&m.text));
        }
    }
    let mut out = Vec::new();
    for m in mentions {
        let Some(ti) = spans
            .iter()
            .position(|s| s.start <= m.start && m.start < s.end)
        else {
            continue;
        };
        let (sentence, word) = &doc.tokens[ti];
        let si = m.sentence;
        // Sentence 0 is the headline, which the task does not annotate.
        if *sentence == 0 {
            continue;
        }
        let stated = m.date.as_ref().map(|d| day_or_coarser(&d.value));
        let date = stated
            .or_else(|| {
                let past =
                    word.ends_with("ed") || IRREGULAR_PAST.contains(&word.to_lowercase().as_str());
                past.then(|| doc.dct.as_deref().map(day_or_coarser))
                    .flatten()
            })
            .unwrap_or_else(|| "XXXX-XX-XX".to_string());
        let first_words: String = sentence_text[si]
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        let pronoun_of = (first_words.split(' ').any(|w| w == "he" || w == "she"))
            .then(|| last_person[si].clone())
            .flatten();
        out.push(SysEvent {
            id: format!("{}-{}-{}", doc.id, sentence, word),
            date,
            pos: (doc.id.clone(), ti),
            sentence: sentence_text[si].clone(),
            names: names[si].clone(),
            pronoun_of,
        });
    }
    out
}

const IRREGULAR_PAST: &[&str] = &[
    "began", "born", "bought", "built", "cut", "fought", "gave", "left", "lost", "made", "met",
    "said", "sold", "took", "won",
];

/// The date part of a TIMEX3 value (`2005-06-06T10:00` → `2005-06-06`).
fn day_or_coarser(v: &str) -> String {
    v.split('T').next().unwrap_or(v).to_string()
}

/// Whether a system event belongs to the target's timeline.
fn about(e: &SysEvent, target: &str) -> bool {
    let t = fold(target);
    let lower = target.to_lowercase();
    let words: Vec<&str> = target.split_whitespace().collect();
    let mut keys = vec![t.clone()];
    if words.len() >= 3 {
        keys.push(fold(&words[words.len() - 2..].join(" ")));
    }
    let person_like = words.len() == 2
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic)
        });
    if person_like {
        keys.push(fold(words[1]));
    }
    contains_phrase(&e.sentence, &lower)
        || e.names.iter().any(|n| keys.contains(n))
        || keys[1..].iter().any(|k| contains_phrase(&e.sentence, k))
        || (person_like && e.pronoun_of.as_deref() == Some(t.as_str()))
}

/// Whether `phrase` occurs in `text` between word boundaries.
fn contains_phrase(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + phrase.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The system timeline of one target from all documents' events.
pub fn system_timeline(target: &str, events: &[SysEvent]) -> Timeline {
    let mine: Vec<&SysEvent> = events.iter().filter(|e| about(e, target)).collect();
    let dates: BTreeSet<&str> = mine
        .iter()
        .map(|e| e.date.as_str())
        .filter(|d| !d.starts_with('X'))
        .collect();
    let order_of: BTreeMap<&str, usize> =
        dates.iter().enumerate().map(|(i, d)| (*d, i + 1)).collect();
    let entries = mine
        .iter()
        .map(|e| {
            let order = order_of.get(e.date.as_str()).copied().unwrap_or(0);
            (e.id.clone(), (order, e.date.clone()))
        })
        .collect();
    Timeline {
        target: target.to_string(),
        entries,
    }
}

/// The timeline in the task's format: target line, then `order TAB date TAB events`.
pub fn format_timeline(t: &Timeline) -> String {
    let mut rows: BTreeMap<(usize, String), Vec<&str>> = BTreeMap::new();
    for (ev, (order, date)) in &t.entries {
        rows.entry((*order, date.clone())).or_default().push(ev);
    }
    let mut out = format!("{}\n", t.target);
    for ((order, date), evs) in rows {
        out.push_str(&format!("{order}\t{date}\t{}\n", evs.join("\t")));
    }
    out
}

/// `(event, date)` anchoring relations.
pub type Anchors = BTreeSet<(String, String)>;
/// `(event, event, BEFORE|SIMULTANEOUS)` ordering relations.
pub type Orderings = BTreeSet<(String, String, &'static str)>;

/// Relations of a timeline: anchoring `(event, date)` and ordering (`BEFORE`/`SIMULTANEOUS`).
pub fn relations(t: &Timeline) -> (Anchors, Orderings) {
    let anchors = t
        .entries
        .iter()
        .map(|(e, (_, d))| (e.clone(), d.clone()))
        .collect();
    let ordered: Vec<(&String, usize)> = t
        .entries
        .iter()
        .filter(|(_, (o, _))| *o > 0)
        .map(|(e, (o, _))| (e, *o))
        .collect();
    let mut order = BTreeSet::new();
    for (i, (a, oa)) in ordered.iter().enumerate() {
        for (b, ob) in &ordered[i + 1..] {
            if oa == ob {
                order.insert((a.to_string(), b.to_string(), "SIMULTANEOUS"));
            } else if oa < ob {
                order.insert((a.to_string(), b.to_string(), "BEFORE"));
            } else {
                order.insert((b.to_string(), a.to_string(), "BEFORE"));
            }
        }
    }
    (anchors, order)
}

/// Matched, system and gold counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub matched: usize,
    pub system: usize,
    pub gold: usize,
}

impl Counts {
    pub fn add(&mut self, o: Counts) {
        self.matched += o.matched;
        self.system += o.system;
        self.gold += o.gold;
    }
    pub fn precision(&self) -> f64 {
        crate::ratio(self.matched, self.system)
    }
    pub fn recall(&self) -> f64 {
        crate::ratio(self.matched, self.gold)
    }
    pub fn f1(&self) -> f64 {
        crate::f1(self.precision(), self.recall())
    }
}

fn count<T: Ord>(sys: &BTreeSet<T>, gold: &BTreeSet<T>) -> Counts {
    Counts {
        matched: sys.intersection(gold).count(),
        system: sys.len(),
        gold: gold.len(),
    }
}

/// Scores one system timeline against its gold: (anchoring, ordering, both).
pub fn score(sys: &Timeline, gold: &Timeline) -> (Counts, Counts, Counts) {
    let (sa, so) = relations(sys);
    let (ga, go) = relations(gold);
    let a = count(&sa, &ga);
    let o = count(&so, &go);
    let mut all = a;
    all.add(o);
    (a, o, all)
}

/// A timeline relation: `(from, to, BEFORE|SIMULTANEOUS|IS_INCLUDED)`; a date node is
/// written `date:<value>`.
pub type Relation = (String, String, &'static str);

/// The timeline as a graph of relations, closed (`closed`) or reduced (`!closed`), as the
/// task's temporal-awareness score reads it: events of one order are SIMULTANEOUS, an event
/// of a lower order is BEFORE one of a higher order, and an event IS_INCLUDED in its date
/// (dates with an `X` and order-0 events are not anchored or ordered). The reduced graph
/// keeps what the closure cannot derive: a chain of SIMULTANEOUS within an order (events by
/// id), one BEFORE from each order to the next (first events by id), and one anchor per
/// order and date.
pub fn graph(t: &Timeline, closed: bool) -> BTreeSet<Relation> {
    let concrete = |d: &str| !d.contains('X') && !d.is_empty();
    let mut levels: BTreeMap<usize, Vec<(&String, &String)>> = BTreeMap::new();
    let mut out = BTreeSet::new();
    for (e, (o, d)) in &t.entries {
        if *o > 0 {
            levels.entry(*o).or_default().push((e, d));
        } else if concrete(d) {
            out.insert((e.clone(), format!("date:{d}"), "IS_INCLUDED"));
        }
    }
    let level_list: Vec<&Vec<(&String, &String)>> = levels.values().collect();
    for (k, level) in level_list.iter().enumerate() {
        let dates: BTreeSet<&String> = level
            .iter()
            .map(|(_, d)| *d)
            .filter(|d| concrete(d))
            .collect();
        if closed {
            for (i, (a, _)) in level.iter().enumerate() {
                for (b, _) in &level[i + 1..] {
                    out.insert((a.to_string(), b.to_string(), "SIMULTANEOUS"));
                }
                for d in &dates {
                    out.insert((a.to_string(), format!("date:{d}"), "IS_INCLUDED"));
                }
                for later in &level_list[k + 1..] {
                    for (b, _) in later.iter() {
                        out.insert((a.to_string(), b.to_string(), "BEFORE"));
                    }
                }
            }
        } else {
            for w in level.windows(2) {
                out.insert((w[0].0.clone(), w[1].0.clone(), "SIMULTANEOUS"));
            }
            for d in &dates {
                let first = level
                    .iter()
                    .find(|(_, x)| x == d)
                    .expect("a date of the level");
                out.insert((first.0.clone(), format!("date:{d}"), "IS_INCLUDED"));
            }
            if let Some(next) = level_list.get(k + 1) {
                out.insert((level[0].0.clone(), next[0].0.clone(), "BEFORE"));
            }
        }
    }
    out
}

/// Temporal awareness counts (UzZaman & Allen 2011, the task's measure): precision =
/// |system⁻ ∩ gold⁺| / |system⁻|, recall = |gold⁻ ∩ system⁺| / |gold⁻| (⁻ reduced, ⁺ closed).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Awareness {
    pub system_in_gold: usize,
    pub system: usize,
    pub gold_in_system: usize,
    pub gold: usize,
}

impl Awareness {
    pub fn of(sys: &Timeline, gold: &Timeline) -> Awareness {
        let (sr, sc) = (graph(sys, false), graph(sys, true));
        let (gr, gc) = (graph(gold, false), graph(gold, true));
        Awareness {
            system_in_gold: sr.intersection(&gc).count(),
            system: sr.len(),
            gold_in_system: gr.intersection(&sc).count(),
            gold: gr.len(),
        }
    }
    pub fn add(&mut self, o: Awareness) {
        self.system_in_gold += o.system_in_gold;
        self.system += o.system;
        self.gold_in_system += o.gold_in_system;
        self.gold += o.gold;
    }
    pub fn precision(&self) -> f64 {
        crate::ratio(self.system_in_gold, self.system)
    }
    pub fn recall(&self) -> f64 {
        crate::ratio(self.gold_in_system, self.gold)
    }
    pub fn f1(&self) -> f64 {
        crate::f1(self.precision(), self.recall())
    }
}

/// Per-target and overall results.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub documents: usize,
    /// Target, event counts (system, gold, events in both), and the overall counts.
    pub targets: Vec<(String, usize, usize, usize, Counts)>,
    pub anchoring: Counts,
    pub ordering: Counts,
    pub overall: Counts,
    /// Temporal awareness, micro-averaged over the targets.
    pub awareness: Awareness,
    pub timelines: Vec<Timeline>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "SemEval-2015 Task 4 track A (raw text), {} documents, {} targets",
            self.documents,
            self.targets.len()
        )?;
        for (t, s, g, both, c) in &self.targets {
            writeln!(
                f,
                "  {t:<22} events sys {s:>3} gold {g:>3} both {both:>3}   P {:5.2} R {:5.2} F1 {:5.2}",
                100.0 * c.precision(),
                100.0 * c.recall(),
                100.0 * c.f1()
            )?;
        }
        for (name, c) in [
            ("anchoring (event, date)", self.anchoring),
            ("ordering (before/simultaneous)", self.ordering),
            ("overall (micro)", self.overall),
        ] {
            writeln!(
                f,
                "{name:<32} P {:6.2} R {:6.2} F1 {:6.2}   ({} matched / {} system / {} gold)",
                100.0 * c.precision(),
                100.0 * c.recall(),
                100.0 * c.f1(),
                c.matched,
                c.system,
                c.gold
            )?;
        }
        let a = self.awareness;
        writeln!(
            f,
            "{:<32} P {:6.2} R {:6.2} F1 {:6.2}   ({} / {} system reduced in gold closed, {} / {} gold reduced in system closed)",
            "temporal awareness",
            100.0 * a.precision(),
            100.0 * a.recall(),
            100.0 * a.f1(),
            a.system_in_gold,
            a.system,
            a.gold_in_system,
            a.gold
        )?;
        write!(
            f,
            "(best system on raw text in the task: F1 7.85, temporal awareness)"
        )
    }
}

/// Runs the evaluation on a corpus folder with `docs-cat/` and `gold/`.
pub fn evaluate(corpus: &Path) -> std::io::Result<Report> {
    use rayon::prelude::*;
    let mut doc_paths: Vec<_> = std::fs::read_dir(corpus.join("docs-cat"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    doc_paths.sort();
    let docs: Vec<CatDoc> = doc_paths
        .iter()
        .map(|p| std::fs::read_to_string(p).map(|x| read_cat(&x)))
        .collect::<Result<_, _>>()?;
    let mut events: Vec<SysEvent> = docs.par_iter().flat_map(system_events).collect();
    events.sort_by(|a, b| a.pos.cmp(&b.pos));
    let mut gold_paths: Vec<_> = std::fs::read_dir(corpus.join("gold"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    gold_paths.sort();
    let mut report = Report {
        documents: docs.len(),
        ..Report::default()
    };
    for p in gold_paths {
        let gold = read_gold(&std::fs::read_to_string(&p)?);
        let sys = system_timeline(&gold.target, &events);
        let (a, o, all) = score(&sys, &gold);
        report.anchoring.add(a);
        report.ordering.add(o);
        report.overall.add(all);
        report.awareness.add(Awareness::of(&sys, &gold));
        let both = sys
            .entries
            .keys()
            .filter(|k| gold.entries.contains_key(*k))
            .count();
        report.targets.push((
            gold.target.clone(),
            sys.entries.len(),
            gold.entries.len(),
            both,
            all,
        ));
        report.timelines.push(sys);
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CAT: &str = r#"<?xml version="1.0" ?><Document doc_id="1664" doc_name="x">
<token number="0" sentence="1" t_id="1">Apple</token>
<token number="1" sentence="1" t_id="2">launched</token>
<token number="2" sentence="1" t_id="3">the</token>
<token number="3" sentence="1" t_id="4">iPod</token>
<token number="4" sentence="1" t_id="5">.</token>
<token number="5" sentence="2" t_id="6">Jobs</token>
<token number="6" sentence="2" t_id="7">said</token>
<token number="7" sentence="2" t_id="8">it</token>
<token number="8" sentence="2" t_id="9">&amp;</token>
<Markables><TIMEX3 functionInDocument="CREATION_TIME" m_id="2" type="DATE" value="2005-06-06"></TIMEX3></Markables>
</Document>"#;

    #[test]
    fn reads_cat_and_detokenises() {
        let d = read_cat(CAT);
        assert_eq!(d.id, "1664");
        assert_eq!(d.dct.as_deref(), Some("2005-06-06"));
        assert_eq!(d.tokens.len(), 9);
        assert_eq!(d.tokens[8], (2, "&".to_string()));
        let (a, spans) = article_of(&d);
        assert_eq!(a.text, "Apple launched the iPod.\nJobs said it &");
        assert_eq!(a.sentences.len(), 2);
        assert_eq!(spans[5].slice(&a.text), Some("Jobs"));
        let ev = system_events(&d);
        let launched = ev
            .iter()
            .find(|e| e.id == "1664-1-launched")
            .expect("launched");
        assert_eq!(launched.date, "2005-06-06");
    }

    #[test]
    fn gold_relations_and_score() {
        let gold =
            read_gold("iPod\n0\tXXX-XX-XX\t1-1-a\n1\t2001\t1-2-b\t2-3-c\n2\t2005-06-06\t1-4-d\n");
        assert_eq!(gold.entries["1-1-a"], (0, "XXXX-XX-XX".to_string()));
        let (a, o) = relations(&gold);
        assert_eq!(a.len(), 4);
        // b~c simultaneous, b<d, c<d; the order-0 event is not ordered.
        assert_eq!(o.len(), 3);
        let (_, _, all) = score(&gold, &gold);
        assert_eq!(all.f1(), 1.0);
        let mut sys = gold.clone();
        sys.entries.remove("1-4-d");
        let (_, _, all) = score(&sys, &gold);
        assert_eq!((all.matched, all.system, all.gold), (4, 4, 7));
        assert!(format_timeline(&gold)
            .starts_with("iPod\n0\tXXXX-XX-XX\t1-1-a\n1\t2001\t1-2-b\t2-3-c\n"));
    }

    #[test]
    fn temporal_awareness_reads_reduced_against_closed_graphs() {
        let gold = read_gold(
            "iPod\n0\tXXXX-XX-XX\t1-1-a\n1\t2001\t1-2-b\t2-3-c\n2\t2005-06-06\t1-4-d\n3\t2006\t1-5-e\n",
        );
        // Reduced: b~c, b<d, d<e, three anchors; closed: b~c, b<d, c<d, b<e, c<e, d<e, four
        // anchors (c is in 2001 through b).
        assert_eq!(graph(&gold, false).len(), 6);
        assert_eq!(graph(&gold, true).len(), 10);
        let same = Awareness::of(&gold, &gold);
        assert_eq!(same.f1(), 1.0);
        // A system that puts d and e together: its reduced d~e is not in the gold closure,
        // and the gold's reduced d<e is not in the system's closure.
        let mut sys = gold.clone();
        sys.entries.insert("1-5-e".into(), (2, "2005-06-06".into()));
        let a = Awareness::of(&sys, &gold);
        assert_eq!((a.system_in_gold, a.system), (4, 5));
        assert_eq!((a.gold_in_system, a.gold), (4, 6));
        assert!(a.f1() < 1.0 && a.f1() > 0.5);
    }

    #[test]
    fn phrase_matching_respects_word_boundaries() {
        assert!(contains_phrase("the ipod nano", "ipod"));
        assert!(!contains_phrase("the ipods", "ipod"));
    }
}

//! Boundary analysis on PolNeAR: the gold contents a prediction overlaps without matching
//! (`polnear::matches` needs ≥ 50% of each), classified by where the two spans disagree —
//! the prediction starts early or late, ends early or late, the gold runs over several
//! sentences — and, for each edge, by the words between the two boundaries (a "that", a
//! subordinate clause, a trailing "he said" frame, a comma, a coordinated clause, …).
//!
//! Pairs: after the scorer's one-to-one matching, each unmatched gold content with the
//! unmatched prediction it overlaps most. A gold content overlapped only by predictions
//! matched elsewhere is counted as nesting. Edges are compared after trimming spaces,
//! punctuation and quote marks at both ends of each hull.

use crate::polnear::{one_to_one, overlap, GoldAttribution};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use storyline_core::extract::attribution::QuoteMention;
use storyline_model::Span;

/// Counts per class, a few examples each, and the words next to the disagreeing edges.
#[derive(Debug, Default, Clone)]
pub struct Boundaries {
    pub pairs: usize,
    pub nesting: usize,
    /// Start × end shape ("start early / end =", …).
    pub shape: BTreeMap<String, usize>,
    /// Finer classes of one edge ("end late: trailing frame", …).
    pub class: BTreeMap<String, usize>,
    /// First (for an end) or last (for a start) word of the stretch between the boundaries.
    pub words: BTreeMap<String, BTreeMap<String, usize>>,
    pub examples: BTreeMap<String, Vec<String>>,
}

const EXAMPLES: usize = 8;

fn edge_char(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '“'
                | '”'
                | '‘'
                | '’'
                | '\''
                | ','
                | '.'
                | ';'
                | ':'
                | '—'
                | '–'
                | '-'
                | '('
                | ')'
                | '`'
        )
}

/// The hull of `spans` with spaces, punctuation and quote marks trimmed at both ends.
fn trimmed(text: &[char], spans: &[Span]) -> Option<(usize, usize)> {
    let mut s = spans.iter().map(|s| s.start).min()?;
    let mut e = spans.iter().map(|s| s.end).max()?.min(text.len());
    while s < e && edge_char(text[s]) {
        s += 1;
    }
    while e > s && edge_char(text[e - 1]) {
        e -= 1;
    }
    Some((s, e))
}

fn words(text: &[char], s: usize, e: usize) -> Vec<String> {
    let t: String = text[s.min(e)..e].iter().collect();
    t.split(|c: char| c.is_whitespace() || matches!(c, '"' | '“' | '”' | '‘' | '’'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

fn first_token(text: &[char], s: usize, e: usize) -> String {
    let mut i = s;
    while i < e && text[i].is_whitespace() {
        i += 1;
    }
    if i >= e {
        return String::new();
    }
    if !text[i].is_alphanumeric() {
        return text[i].to_string();
    }
    let mut j = i;
    while j < e && (text[j].is_alphanumeric() || text[j] == '\'' || text[j] == '’') {
        j += 1;
    }
    text[i..j].iter().collect::<String>().to_lowercase()
}

fn last_token(text: &[char], s: usize, e: usize) -> String {
    let mut j = e;
    while j > s && text[j - 1].is_whitespace() {
        j -= 1;
    }
    if j <= s {
        return String::new();
    }
    if !text[j - 1].is_alphanumeric() {
        return text[j - 1].to_string();
    }
    let mut i = j;
    while i > s && (text[i - 1].is_alphanumeric() || text[i - 1] == '\'' || text[i - 1] == '’') {
        i -= 1;
    }
    text[i..j].iter().collect::<String>().to_lowercase()
}

const SPEECH: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "added",
    "adds",
    "according",
    "argued",
    "argues",
    "noted",
    "notes",
    "wrote",
    "writes",
    "explained",
    "insisted",
    "stated",
    "claimed",
    "claims",
    "asked",
    "continued",
    "warned",
    "recalled",
    "declared",
    "suggested",
    "acknowledged",
    "believes",
    "believe",
    "think",
    "thinks",
    "thought",
    "believed",
];

const SUBORDINATORS: &[&str] = &[
    "if", "when", "while", "because", "although", "though", "as", "after", "before", "unless",
    "since", "once", "whether", "until", "despite", "even", "given",
];

const PREPOSITIONS: &[&str] = &[
    "in", "on", "at", "for", "to", "from", "with", "by", "about", "of", "during", "over",
    "against", "into", "after", "before", "as", "since", "amid", "like", "than", "under",
    "without", "through",
];

fn sentence_of(sentences: &[Span], i: usize) -> usize {
    sentences.partition_point(|s| s.end <= i)
}

fn crosses(sentences: &[Span], s: usize, e: usize) -> bool {
    e > s && sentence_of(sentences, s) != sentence_of(sentences, e - 1)
}

/// Class of the extra text a prediction holds before the gold start (`text[ps..gs]`).
fn start_early(
    text: &[char],
    sentences: &[Span],
    ps: usize,
    gs: usize,
    cues: &[Span],
) -> &'static str {
    let w = words(text, ps, gs);
    let last = last_token(text, ps, gs);
    if crosses(sentences, ps, gs) {
        "start early: previous sentence"
    } else if cues.iter().any(|c| c.start >= ps && c.end <= gs) {
        "start early: holds the gold's own cue (frame inside the content)"
    } else if last == "that" {
        "start early: 'that' kept (gold starts after it)"
    } else if last == "," {
        if w.first()
            .is_some_and(|f| SUBORDINATORS.contains(&f.as_str()))
        {
            "start early: a subordinate clause before a comma"
        } else {
            "start early: a phrase before a comma"
        }
    } else if w
        .iter()
        .any(|x| SPEECH.contains(&x.trim_matches(|c: char| !c.is_alphanumeric())))
    {
        "start early: holds another speech verb"
    } else if w.len() <= 2 {
        "start early: 1-2 words"
    } else {
        "start early: other"
    }
}

/// Class of the gold text the prediction misses at the start (`text[gs..ps]`).
fn start_late(text: &[char], sentences: &[Span], gs: usize, ps: usize) -> &'static str {
    let w = words(text, gs, ps);
    let last = last_token(text, gs, ps);
    if crosses(sentences, gs, ps) {
        "start late: gold starts in an earlier sentence"
    } else if w
        .first()
        .is_some_and(|f| SUBORDINATORS.contains(&f.as_str()))
    {
        "start late: gold opens with a subordinate clause"
    } else if last == "," {
        "start late: prediction starts after a comma"
    } else if matches!(last.as_str(), "\"" | "“" | "”" | "‘" | "’" | "'") {
        "start late: prediction starts at a quote mark"
    } else if last == "that" {
        "start late: prediction starts after an inner 'that'"
    } else if w.len() <= 2 {
        "start late: 1-2 words"
    } else {
        "start late: other"
    }
}

/// Class of the extra text a prediction holds after the gold end (`text[ge..pe]`).
fn end_late(text: &[char], sentences: &[Span], ge: usize, pe: usize) -> &'static str {
    let first = first_token(text, ge, pe);
    let w = words(text, ge, pe);
    let head: Vec<&str> = w
        .iter()
        .take(6)
        .map(|x| x.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    if crosses(sentences, ge, pe) {
        "end late: runs into the next sentence"
    } else if (first == "," || first == "—" || first == "–")
        && head.iter().any(|x| SPEECH.contains(x))
        && w.len() <= 8
    {
        "end late: a trailing speech frame (', he said')"
    } else if first == "," {
        let after = w.first().map(|x| x.trim_start_matches(',')).unwrap_or("");
        let next = if after.is_empty() {
            w.get(1).map(String::as_str).unwrap_or("")
        } else {
            after
        };
        match next {
            "and" | "but" | "or" | "so" | "yet" => "end late: ', and/but' + another clause",
            "which" | "who" | "whose" | "where" => "end late: ', which/who' relative clause",
            x if SUBORDINATORS.contains(&x) => "end late: ', because/while…' adverbial clause",
            x if x.ends_with("ing") => "end late: ', -ing' participle phrase",
            x if PREPOSITIONS.contains(&x) => "end late: ', prep' phrase",
            _ => "end late: ', other'",
        }
    } else if matches!(first.as_str(), ";" | ":" | "—" | "–" | "-" | "(") {
        "end late: after a semicolon/colon/dash/parenthesis"
    } else if matches!(first.as_str(), "and" | "but" | "or") {
        "end late: 'and/but' + more"
    } else if matches!(first.as_str(), "\"" | "“" | "”") {
        "end late: after a quote mark"
    } else if head.iter().any(|x| SPEECH.contains(x)) && w.len() <= 6 {
        "end late: a trailing speech frame without a comma"
    } else if SUBORDINATORS.contains(&first.as_str())
        || matches!(first.as_str(), "which" | "who" | "that" | "to")
    {
        "end late: a clause opener without a comma"
    } else if PREPOSITIONS.contains(&first.as_str()) {
        "end late: a prepositional phrase"
    } else {
        "end late: other"
    }
}

/// Class of the gold text the prediction misses at the end (`text[pe..ge]`).
fn end_early(text: &[char], sentences: &[Span], pe: usize, ge: usize) -> &'static str {
    let first = first_token(text, pe, ge);
    if crosses(sentences, pe, ge) {
        "end early: gold continues into the next sentence"
    } else if first == "," {
        "end early: prediction cut at a comma"
    } else if matches!(first.as_str(), ";" | ":" | "—" | "–" | "-" | "(") {
        "end early: cut at a semicolon/colon/dash/parenthesis"
    } else if matches!(first.as_str(), "and" | "but" | "or") {
        "end early: cut at 'and/but/or'"
    } else if matches!(first.as_str(), "\"" | "“" | "”" | "‘" | "’") {
        "end early: cut at a quote mark"
    } else if SUBORDINATORS.contains(&first.as_str())
        || matches!(first.as_str(), "which" | "who" | "that" | "to")
    {
        "end early: cut at a clause opener"
    } else if PREPOSITIONS.contains(&first.as_str()) {
        "end early: cut before a prepositional phrase"
    } else {
        "end early: other"
    }
}

fn show(text: &[char], s: usize, e: usize) -> String {
    text[s.min(text.len())..e.min(text.len())]
        .iter()
        .map(|&c| if c == '\n' { ' ' } else { c })
        .collect()
}

impl Boundaries {
    fn bump(&mut self, class: &str, example: &dyn Fn() -> String) {
        *self.class.entry(class.to_string()).or_default() += 1;
        let ex = self.examples.entry(class.to_string()).or_default();
        if ex.len() < EXAMPLES {
            ex.push(example());
        }
    }

    fn word(&mut self, edge: &str, w: String) {
        *self
            .words
            .entry(edge.to_string())
            .or_default()
            .entry(w)
            .or_default() += 1;
    }

    /// Adds one article's overlapped-but-unmatched pairs.
    pub fn add(
        &mut self,
        text: &str,
        sentences: &[Span],
        pred: &[QuoteMention],
        gold: &[GoldAttribution],
    ) {
        let chars: Vec<char> = text.chars().collect();
        let mut pu = vec![false; pred.len()];
        let mut gu = vec![false; gold.len()];
        for (pi, gi) in one_to_one(pred, gold) {
            pu[pi] = true;
            gu[gi] = true;
        }
        for (gi, g) in gold.iter().enumerate() {
            if gu[gi] {
                continue;
            }
            let best = pred
                .iter()
                .enumerate()
                .filter(|(pi, _)| !pu[*pi])
                .map(|(pi, p)| (overlap(&p.parts, &g.content), pi))
                .filter(|(o, _)| *o > 0)
                .max();
            let Some((_, pi)) = best else {
                if pred.iter().any(|p| overlap(&p.parts, &g.content) > 0) {
                    self.nesting += 1;
                }
                continue;
            };
            let p = &pred[pi];
            let (Some((gs, ge)), Some((ps, pe))) =
                (trimmed(&chars, &g.content), trimmed(&chars, &p.parts))
            else {
                continue;
            };
            self.pairs += 1;
            let context = || {
                let si = sentence_of(sentences, gs.min(ps));
                let sj = sentence_of(sentences, ge.max(pe).saturating_sub(1));
                let cs = sentences.get(si).map_or(gs.min(ps), |s| s.start);
                let ce = sentences.get(sj).map_or(ge.max(pe), |s| s.end);
                format!(
                    "sentence: {}\n      gold: [{}]\n      pred: [{}]",
                    show(&chars, cs, ce),
                    show(&chars, gs, ge),
                    show(&chars, ps, pe)
                )
            };
            let sc = match ps.cmp(&gs) {
                std::cmp::Ordering::Less => "start early",
                std::cmp::Ordering::Equal => "start =",
                std::cmp::Ordering::Greater => "start late",
            };
            let ec = match pe.cmp(&ge) {
                std::cmp::Ordering::Less => "end early",
                std::cmp::Ordering::Equal => "end =",
                std::cmp::Ordering::Greater => "end late",
            };
            let multi = crosses(sentences, gs, ge) && !crosses(sentences, ps, pe);
            let shape = format!(
                "{sc} / {ec}{}",
                if multi {
                    " (gold over several sentences)"
                } else {
                    ""
                }
            );
            *self.shape.entry(shape).or_default() += 1;
            let cues: Vec<Span> = g.cue.clone();
            if ps < gs {
                let c = start_early(&chars, sentences, ps, gs, &cues);
                self.bump(c, &context);
                self.word(
                    "start early: last word kept before gold",
                    last_token(&chars, ps, gs),
                );
            } else if ps > gs {
                let c = start_late(&chars, sentences, gs, ps);
                self.bump(c, &context);
                self.word(
                    "start late: last gold word before prediction",
                    last_token(&chars, gs, ps),
                );
            }
            if pe > ge {
                let c = end_late(&chars, sentences, ge, pe);
                self.bump(c, &context);
                self.word(
                    "end late: first word after gold",
                    first_token(&chars, ge, pe),
                );
            } else if pe < ge {
                let c = end_early(&chars, sentences, pe, ge);
                self.bump(c, &context);
                self.word(
                    "end early: first gold word after prediction",
                    first_token(&chars, pe, ge),
                );
            }
        }
    }

    /// A plain-text report: shapes, classes with examples, top edge words.
    pub fn report(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "overlapped but unmatched gold contents: {} (paired with an unmatched prediction), nesting (overlapped only by predictions matched elsewhere) {}",
            self.pairs, self.nesting
        );
        let _ = writeln!(s, "\nshape (start / end of the prediction against gold):");
        let mut v: Vec<_> = self.shape.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (k, n) in v {
            let _ = writeln!(s, "  {n:6}  {k}");
        }
        let _ = writeln!(
            s,
            "\nedge classes (a pair counts once per disagreeing edge):"
        );
        let mut v: Vec<_> = self.class.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (k, n) in &v {
            let _ = writeln!(s, "  {n:6}  {k}");
        }
        for (edge, m) in &self.words {
            let mut w: Vec<_> = m.iter().collect();
            w.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let top: Vec<String> = w
                .iter()
                .take(20)
                .map(|(k, n)| format!("{k:?} {n}"))
                .collect();
            let _ = writeln!(s, "\n{edge}: {}", top.join(", "));
        }
        let _ = writeln!(s, "\nexamples:");
        for (k, _) in v {
            let _ = writeln!(s, "\n== {k}");
            for e in self.examples.get(k.as_str()).into_iter().flatten() {
                let _ = writeln!(s, "  - {e}");
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_model::AttributionKind;

    fn qm(s: usize, e: usize) -> QuoteMention {
        QuoteMention {
            kind: AttributionKind::Indirect,
            content: Span::new(s, e),
            parts: vec![Span::new(s, e)],
            cue: None,
            speaker: None,
            speaker_span: None,
            speaker_text: None,
        }
    }

    #[test]
    fn classifies_a_trailing_frame_and_a_comma_cut() {
        let text =
            "Prices will rise next year, the minister said on Monday in Paris. The bank disagreed.";
        let sentences = storyline_core::text::segment(text);
        let gold = vec![GoldAttribution {
            content: vec![Span::new(0, 26)],
            cue: vec![Span::new(41, 45)],
            source: None,
        }];
        // Runs on over the frame: gold 26 of 46 predicted characters.
        let mut b = Boundaries::default();
        b.add(text, &sentences, &[qm(0, 64)], &gold);
        assert_eq!(b.pairs, 1);
        assert_eq!(
            b.class
                .get("end late: a trailing speech frame (', he said')"),
            Some(&1)
        );
        assert_eq!(b.class.len(), 1);
        // A prediction that keeps "Prices will" only.
        let mut b = Boundaries::default();
        b.add(text, &sentences, &[qm(0, 11)], &gold);
        assert_eq!(b.class.get("end early: other"), Some(&1));
        assert!(b.report().contains("end early: other"));
    }
}

//! Attribution on PolNeAR (brat standoff): content-span precision/recall/F1 and speaker
//! accuracy over matched contents.
//!
//! Corpus layout: `text/<name>.txt` and `attributions/<name>_<annotator>.ann`. An article
//! annotated by several annotators is scored against the first annotation file in name
//! order. `.ann` lines: text-bound `T<n>\t<Type> <start> <end>[;<start> <end>…]\t<text>`
//! (`Source`, `Cue`, `Content`, `Attribution`, `Discard`, `Discuss`), events
//! `E<n>\tAttribution:T<a> Content:T<c> Cue:T<q> Source:T<s>` (`Attribution-no-source` without a
//! source). Offsets are code points of the `.txt`, as ours are.
//!
//! Matching (documented choice; PolNeAR/PARC conventions vary): a predicted content matches a
//! gold content when their overlap (in code points, discontinuous spans as unions) is at least
//! 50% of the gold length **and** at least 50% of the predicted length; pairs are matched one
//! to one, largest overlap first. Speaker accuracy, over matched pairs whose gold attribution
//! has a source: the predicted speaker as written (`speaker_span`) overlaps the gold `Source`
//! span. It is reported for all matched pairs and for pairs where the prediction is a direct
//! quote.

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};
use storyline_core::extract::attribution::{self, QuoteMention};
use storyline_core::extract::entities::{EntitySpan, Tagger};
use storyline_model::{AttributionKind, Span};

/// One gold attribution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldAttribution {
    pub content: Vec<Span>,
    pub cue: Vec<Span>,
    pub source: Option<Vec<Span>>,
}

/// One article with its gold attributions.
#[derive(Debug, Clone)]
pub struct Article {
    pub name: String,
    pub text: String,
    pub gold: Vec<GoldAttribution>,
}

/// Parses a brat `.ann` file into attributions.
pub fn parse_ann(ann: &str) -> Result<Vec<GoldAttribution>, String> {
    let mut spans: HashMap<&str, Vec<Span>> = HashMap::new();
    let mut events = Vec::new();
    for (ln, line) in ann.lines().enumerate() {
        let mut cols = line.split('\t');
        let id = cols.next().unwrap_or("");
        let body = cols.next().unwrap_or("");
        // Span texts may hold line breaks: their continuation lines carry no id.
        let numbered = id.len() > 1 && id[1..].bytes().all(|b| b.is_ascii_digit());
        if !numbered {
            continue;
        }
        if id.starts_with('T') {
            let (_, offs) = body
                .split_once(' ')
                .ok_or_else(|| format!("line {}: no offsets", ln + 1))?;
            let mut v = Vec::new();
            for piece in offs.split(';') {
                let (a, b) = piece
                    .trim()
                    .split_once(' ')
                    .ok_or_else(|| format!("line {}: bad offsets {piece:?}", ln + 1))?;
                let a: usize = a
                    .parse()
                    .map_err(|_| format!("line {}: bad offset", ln + 1))?;
                let b: usize = b
                    .parse()
                    .map_err(|_| format!("line {}: bad offset", ln + 1))?;
                if b < a {
                    return Err(format!("line {}: end before start", ln + 1));
                }
                v.push(Span::new(a, b));
            }
            spans.insert(id, v);
        } else if id.starts_with('E') {
            events.push(body);
        }
    }
    let mut out = Vec::new();
    for e in events {
        let mut content = None;
        let mut cue = Vec::new();
        let mut source = None;
        for arg in e.split_whitespace() {
            let Some((role, t)) = arg.split_once(':') else {
                continue;
            };
            let s = spans.get(t).cloned();
            match role.trim_end_matches(|c: char| c.is_ascii_digit()) {
                "Content" => content = s,
                "Cue" => cue = s.unwrap_or_default(),
                "Source" => source = s,
                _ => {}
            }
        }
        if let Some(content) = content {
            out.push(GoldAttribution {
                content,
                cue,
                source,
            });
        }
    }
    Ok(out)
}

/// Reads a PolNeAR split directory.
pub fn read_split(dir: &Path) -> std::io::Result<Vec<Article>> {
    let mut anns: Vec<String> = std::fs::read_dir(dir.join("attributions"))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ann"))
        .collect();
    anns.sort();
    let mut texts: Vec<String> = std::fs::read_dir(dir.join("text"))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    texts.sort();
    let mut out = Vec::new();
    for t in texts {
        let stem = t.trim_end_matches(".txt");
        let prefix = format!("{stem}_");
        let Some(ann) = anns.iter().find(|a| {
            a.strip_prefix(&prefix)
                .is_some_and(|rest| rest.len() == 8 && !rest[..4].contains('_'))
        }) else {
            continue;
        };
        let text = std::fs::read_to_string(dir.join("text").join(&t))?;
        let ann_text = std::fs::read_to_string(dir.join("attributions").join(ann))?;
        let gold = parse_ann(&ann_text).map_err(|e| {
            std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{ann}: {e}"))
        })?;
        out.push(Article {
            name: stem.to_string(),
            text,
            gold,
        });
    }
    Ok(out)
}

fn union_len(spans: &[Span]) -> usize {
    let mut v: Vec<Span> = spans.to_vec();
    v.sort();
    let mut n = 0;
    let mut cur: Option<Span> = None;
    for s in v {
        match cur {
            Some(c) if s.start <= c.end => cur = Some(Span::new(c.start, c.end.max(s.end))),
            Some(c) => {
                n += c.len();
                cur = Some(s);
            }
            None => cur = Some(s),
        }
    }
    n + cur.map_or(0, |c| c.len())
}

/// Code points shared by two span sets.
pub fn overlap(a: &[Span], b: &[Span]) -> usize {
    let mut n = 0;
    for x in a {
        for y in b {
            let s = x.start.max(y.start);
            let e = x.end.min(y.end);
            if e > s {
                n += e - s;
            }
        }
    }
    n
}

/// Does a predicted content match a gold content (≥ 50% of each)?
pub fn matches(pred: &[Span], gold: &[Span]) -> bool {
    let o = overlap(pred, gold);
    let (p, g) = (union_len(pred), union_len(gold));
    p > 0 && g > 0 && 2 * o >= g && 2 * o >= p
}

/// Counts for one or many articles.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    pub gold: usize,
    pub predicted: usize,
    pub matched: usize,
    /// Matched pairs whose gold has a source / whose predicted speaker overlaps it.
    pub with_source: usize,
    pub speaker_ok: usize,
    pub direct_with_source: usize,
    pub direct_speaker_ok: usize,
    /// Gold contents that open with a quotation mark (direct quotes) and how many matched.
    pub gold_direct: usize,
    pub gold_direct_matched: usize,
    pub predicted_direct: usize,
    pub predicted_direct_matched: usize,
}

impl Counts {
    pub fn add(&mut self, o: &Counts) {
        self.gold += o.gold;
        self.predicted += o.predicted;
        self.matched += o.matched;
        self.with_source += o.with_source;
        self.speaker_ok += o.speaker_ok;
        self.direct_with_source += o.direct_with_source;
        self.direct_speaker_ok += o.direct_speaker_ok;
        self.gold_direct += o.gold_direct;
        self.gold_direct_matched += o.gold_direct_matched;
        self.predicted_direct += o.predicted_direct;
        self.predicted_direct_matched += o.predicted_direct_matched;
    }
}

fn opens_with_quote(text: &[char], s: &[Span]) -> bool {
    s.first()
        .and_then(|s| text.get(s.start))
        .is_some_and(|&c| matches!(c, '"' | '“' | '”' | '‘' | '\''))
}

/// The matched (prediction, gold) index pairs: one to one, largest overlap first.
pub fn one_to_one(pred: &[QuoteMention], gold: &[GoldAttribution]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    for (pi, p) in pred.iter().enumerate() {
        for (gi, g) in gold.iter().enumerate() {
            if matches(&p.parts, &g.content) {
                pairs.push((overlap(&p.parts, &g.content), pi, gi));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut pu = vec![false; pred.len()];
    let mut gu = vec![false; gold.len()];
    let mut out = Vec::new();
    for (_, pi, gi) in pairs {
        if !pu[pi] && !gu[gi] {
            pu[pi] = true;
            gu[gi] = true;
            out.push((pi, gi));
        }
    }
    out
}

/// Scores predictions against gold for one article.
pub fn score(text: &str, pred: &[QuoteMention], gold: &[GoldAttribution]) -> Counts {
    let chars: Vec<char> = text.chars().collect();
    let mut c = Counts {
        gold: gold.len(),
        predicted: pred.len(),
        ..Counts::default()
    };
    for g in gold {
        if opens_with_quote(&chars, &g.content) {
            c.gold_direct += 1;
        }
    }
    c.predicted_direct = pred
        .iter()
        .filter(|p| p.kind == AttributionKind::Direct)
        .count();
    for (pi, gi) in one_to_one(pred, gold) {
        c.matched += 1;
        let p = &pred[pi];
        let g = &gold[gi];
        let direct = p.kind == AttributionKind::Direct;
        if direct {
            c.predicted_direct_matched += 1;
        }
        if opens_with_quote(&chars, &g.content) {
            c.gold_direct_matched += 1;
        }
        if let Some(src) = &g.source {
            let ok = p.speaker_span.is_some_and(|s| overlap(&[s], src) > 0);
            c.with_source += 1;
            c.speaker_ok += ok as usize;
            if direct {
                c.direct_with_source += 1;
                c.direct_speaker_ok += ok as usize;
            }
        }
    }
    c
}

/// The evaluation report.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub articles: usize,
    pub sentences: usize,
    pub counts: Counts,
    pub used_tagger: bool,
    /// Time in `attribution::extract` alone (one thread).
    pub extract_time: Duration,
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

impl Report {
    pub fn precision(&self) -> f64 {
        pct(self.counts.matched, self.counts.predicted)
    }
    pub fn recall(&self) -> f64 {
        pct(self.counts.matched, self.counts.gold)
    }
    pub fn f1(&self) -> f64 {
        crate::f1(self.precision(), self.recall())
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = &self.counts;
        writeln!(
            f,
            "articles {}  sentences {}  entities: {}",
            self.articles,
            self.sentences,
            if self.used_tagger { "tagger" } else { "none" }
        )?;
        writeln!(
            f,
            "content (overlap ≥ 50% of gold and of predicted): gold {}  predicted {}  matched {}  precision {:.1}  recall {:.1}  F1 {:.1}",
            c.gold, c.predicted, c.matched, self.precision(), self.recall(), self.f1()
        )?;
        writeln!(
            f,
            "direct quotes: gold (content opens with a quote mark) {}  recall {:.1}; predicted direct {}  precision {:.1}",
            c.gold_direct,
            pct(c.gold_direct_matched, c.gold_direct),
            c.predicted_direct,
            pct(c.predicted_direct_matched, c.predicted_direct)
        )?;
        writeln!(
            f,
            "speaker (predicted speaker overlaps gold Source, over matched contents with a source): all {:.1}% ({}/{})  direct {:.1}% ({}/{})",
            pct(c.speaker_ok, c.with_source),
            c.speaker_ok,
            c.with_source,
            pct(c.direct_speaker_ok, c.direct_with_source),
            c.direct_speaker_ok,
            c.direct_with_source
        )?;
        let secs = self.extract_time.as_secs_f64();
        if secs > 0.0 {
            write!(
                f,
                "attribution::extract alone: {:.3} s, {:.0} sentences/s (one thread, tagger excluded)",
                secs,
                self.sentences as f64 / secs
            )?;
        }
        Ok(())
    }
}

/// Entities of `text` by the embedded tagger, code points into `text`.
pub fn tag_entities(tagger: &Tagger, text: &str, sentences: &[Span]) -> Vec<EntitySpan> {
    let slices: Vec<&str> = sentences.iter().filter_map(|s| s.slice(text)).collect();
    let per = tagger.document_entities(&slices);
    let mut out = Vec::new();
    for (s, ents) in sentences.iter().zip(per) {
        for e in ents {
            out.push(EntitySpan {
                start: e.start + s.start,
                end: e.end + s.start,
                kind: e.kind,
            });
        }
    }
    out
}

/// Runs the extractor over a split and scores it.
pub fn evaluate(dir: &Path, use_tagger: bool) -> std::io::Result<Report> {
    evaluate_with(dir, use_tagger, attribution::AttributionModel::embedded())
}

/// [`evaluate`] with another learned attribution model.
pub fn evaluate_with(
    dir: &Path,
    use_tagger: bool,
    model: &attribution::AttributionModel,
) -> std::io::Result<Report> {
    evaluate_details(dir, use_tagger, Some(model), None)
}

/// [`evaluate`] with another learned model or the rules alone (`None`), adding the
/// overlapped-but-unmatched pairs to `details` when given.
pub fn evaluate_details(
    dir: &Path,
    use_tagger: bool,
    model: Option<&attribution::AttributionModel>,
    mut details: Option<&mut crate::polnear_boundaries::Boundaries>,
) -> std::io::Result<Report> {
    let articles = read_split(dir)?;
    let tagger = use_tagger.then(Tagger::embedded);
    let mut report = Report {
        articles: articles.len(),
        used_tagger: use_tagger,
        ..Report::default()
    };
    for a in &articles {
        let sentences = storyline_core::text::segment(&a.text);
        report.sentences += sentences.len();
        let ents = match tagger {
            Some(t) => tag_entities(t, &a.text, &sentences),
            None => Vec::new(),
        };
        let t0 = Instant::now();
        let pred = attribution::extract_with(&a.text, &sentences, &ents, model);
        report.extract_time += t0.elapsed();
        if let Some(d) = details.as_deref_mut() {
            d.add(&a.text, &sentences, &pred, &a.gold);
        }
        let c = score(&a.text, &pred, &a.gold);
        report.counts.add(&c);
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANN: &str = "T1\tSource 0 5\tFlynn\nT2\tCue 6 10\tsaid\nT3\tContent 11 20;25 30\tTrump was right\nT4\tAttribution 6 10\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\nT5\tCue 40 44\tsaid\nT6\tContent 45 60\tsomething\nE2\tAttribution-no-source:T7 Cue:T5 Content:T6\nT8\tDiscard 70 80\tRead\nThe rest\n#1\tAnnotatorNotes T1\tnote\n";

    #[test]
    fn reads_brat_events_with_discontinuous_spans() {
        let g = parse_ann(ANN).unwrap();
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].content, vec![Span::new(11, 20), Span::new(25, 30)]);
        assert_eq!(g[0].source, Some(vec![Span::new(0, 5)]));
        assert_eq!(g[0].cue, vec![Span::new(6, 10)]);
        assert_eq!(g[1].source, None);
        assert_eq!(g[1].content, vec![Span::new(45, 60)]);
        assert!(parse_ann("T1\tContent 9 3\tx\n").is_err());
    }

    #[test]
    fn overlap_rule_needs_half_of_both() {
        let g = [Span::new(0, 100)];
        assert!(matches(&[Span::new(0, 50)], &g));
        assert!(!matches(&[Span::new(0, 49)], &g));
        assert!(!matches(&[Span::new(0, 250)], &g));
        assert!(matches(&[Span::new(0, 30), Span::new(60, 90)], &g));
        assert!(matches(
            &[Span::new(10, 60)],
            &[Span::new(0, 40), Span::new(50, 70)]
        ));
    }

    fn qm(kind: AttributionKind, parts: Vec<Span>, speaker: Option<Span>) -> QuoteMention {
        QuoteMention {
            kind,
            content: Span::new(parts[0].start, parts[parts.len() - 1].end),
            parts,
            cue: None,
            speaker: None,
            speaker_span: speaker,
            speaker_text: None,
        }
    }

    #[test]
    fn scores_contents_and_speakers() {
        let text = "x".repeat(200);
        let gold = parse_ann(ANN).unwrap();
        let pred = vec![
            qm(
                AttributionKind::Direct,
                vec![Span::new(12, 30)],
                Some(Span::new(0, 3)),
            ),
            qm(AttributionKind::Indirect, vec![Span::new(45, 58)], None),
            qm(AttributionKind::Indirect, vec![Span::new(100, 120)], None),
        ];
        let c = score(&text, &pred, &gold);
        assert_eq!((c.gold, c.predicted, c.matched), (2, 3, 2));
        assert_eq!((c.with_source, c.speaker_ok), (1, 1));
        assert_eq!((c.direct_with_source, c.direct_speaker_ok), (1, 1));
        let wrong = vec![qm(
            AttributionKind::Direct,
            vec![Span::new(12, 30)],
            Some(Span::new(40, 44)),
        )];
        let c = score(&text, &wrong, &gold);
        assert_eq!((c.matched, c.speaker_ok), (1, 0));
    }
}

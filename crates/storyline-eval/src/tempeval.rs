//! Time expressions in the TempEval-3 style (task A) on TimeML corpora (TimeBank + AQUAINT).
//!
//! The recogniser runs on each document's `<TEXT>` with the DCT as anchor. As in TempEval-3:
//! * strict match: the system span equals the gold span; relaxed match: the spans overlap
//!   (one-to-one, first come first served);
//! * type and value accuracy over relaxed matches;
//! * value F1 (and type F1): precision = relaxed matches with the correct value / system
//!   mentions, recall = the same / gold mentions (TempEval-3's "attribute F1").
//!
//! Documents are split by a fixed hash of their file name: about 80% form the tuning part
//! (rules were developed looking at its errors), the rest the held-out part.

use crate::timeml;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use storyline_core::extract::time::{self, TimeMention};
use storyline_model::TimeType;

/// One time expression, gold or system: code-point span, type and value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timex {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: String,
    pub value: String,
}

impl From<&TimeMention> for Timex {
    fn from(m: &TimeMention) -> Self {
        Timex {
            start: m.start,
            end: m.end,
            text: m.text.clone(),
            kind: type_name(m.kind).to_string(),
            value: m.value.clone(),
        }
    }
}

pub fn type_name(k: TimeType) -> &'static str {
    match k {
        TimeType::Date => "DATE",
        TimeType::Time => "TIME",
        TimeType::Duration => "DURATION",
        TimeType::Set => "SET",
    }
}

/// Counts from which every figure is computed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub docs: usize,
    pub sentences: usize,
    pub gold: usize,
    pub system: usize,
    pub strict: usize,
    pub relaxed: usize,
    pub type_ok: usize,
    pub value_ok: usize,
}

impl Counts {
    pub fn add(&mut self, o: &Counts) {
        self.docs += o.docs;
        self.sentences += o.sentences;
        self.gold += o.gold;
        self.system += o.system;
        self.strict += o.strict;
        self.relaxed += o.relaxed;
        self.type_ok += o.type_ok;
        self.value_ok += o.value_ok;
    }

    /// (precision, recall, F1) for `hits` matches.
    pub fn prf(&self, hits: usize) -> (f64, f64, f64) {
        let p = ratio(hits, self.system);
        let r = ratio(hits, self.gold);
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }

    pub fn type_accuracy(&self) -> f64 {
        ratio(self.type_ok, self.relaxed)
    }

    pub fn value_accuracy(&self) -> f64 {
        ratio(self.value_ok, self.relaxed)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// A relaxed match and whether it is also strict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    pub gold: usize,
    pub system: usize,
    pub strict: bool,
}

/// One-to-one matching: exact spans first, then overlaps in text order.
pub fn align(gold: &[Timex], system: &[Timex]) -> Vec<Pair> {
    let mut used_g = vec![false; gold.len()];
    let mut used_s = vec![false; system.len()];
    let mut pairs = Vec::new();
    for (si, s) in system.iter().enumerate() {
        if let Some(gi) = gold
            .iter()
            .enumerate()
            .position(|(gi, g)| !used_g[gi] && g.start == s.start && g.end == s.end)
        {
            used_g[gi] = true;
            used_s[si] = true;
            pairs.push(Pair {
                gold: gi,
                system: si,
                strict: true,
            });
        }
    }
    for (si, s) in system.iter().enumerate() {
        if used_s[si] {
            continue;
        }
        if let Some(gi) = gold
            .iter()
            .enumerate()
            .position(|(gi, g)| !used_g[gi] && g.start < s.end && s.start < g.end)
        {
            used_g[gi] = true;
            used_s[si] = true;
            pairs.push(Pair {
                gold: gi,
                system: si,
                strict: false,
            });
        }
    }
    pairs.sort_by_key(|p| p.gold);
    pairs
}

/// Scores one document.
pub fn score(gold: &[Timex], system: &[Timex]) -> Counts {
    let pairs = align(gold, system);
    let mut c = Counts {
        docs: 1,
        gold: gold.len(),
        system: system.len(),
        ..Counts::default()
    };
    for p in &pairs {
        let (g, s) = (&gold[p.gold], &system[p.system]);
        c.relaxed += 1;
        c.strict += usize::from(p.strict);
        c.type_ok += usize::from(g.kind == s.kind);
        c.value_ok += usize::from(same_value(&g.value, &s.value));
    }
    c
}

/// Whether two TIMEX3 values are the same. A few gold files write ISO weeks without the
/// leading zero (`2000-W7` for `2000-W07`, TimeBank's AQUAINT part); the week is the same, so
/// week numbers are compared as numbers. Everything else must match exactly.
pub fn same_value(a: &str, b: &str) -> bool {
    a == b || (a.contains("-W") && canonical_week(a) == canonical_week(b))
}

/// `2000-W7…` → `2000-W07…`; other values unchanged.
fn canonical_week(v: &str) -> String {
    match v.split_once("-W") {
        Some((y, rest)) => {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 1 {
                format!("{y}-W0{rest}")
            } else {
                v.to_string()
            }
        }
        None => v.to_string(),
    }
}

/// Gold TIMEX3s of a TimeML document, spans trimmed of surrounding whitespace.
pub fn gold_timexes(doc: &timeml::TimeMlDoc) -> Vec<Timex> {
    doc.timexes
        .iter()
        .map(|t| {
            let lead = t.text.chars().take_while(|c| c.is_whitespace()).count();
            let trail = t
                .text
                .chars()
                .rev()
                .take_while(|c| c.is_whitespace())
                .count();
            let len = t.text.chars().count();
            let (start, end) = if lead + trail >= len {
                (t.start, t.end)
            } else {
                (t.start + lead, t.end - trail)
            };
            Timex {
                start,
                end,
                text: t.text.trim().to_string(),
                kind: t.attrs.get("type").cloned().unwrap_or_default(),
                value: t.attrs.get("value").cloned().unwrap_or_default(),
            }
        })
        .collect()
}

/// Which part a document belongs to: a fixed FNV-1a hash of its file name, 80% tuning.
pub fn is_held_out(file_name: &str) -> bool {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in file_name.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h % 10 >= 8
}

/// Scores per part and what was wrong, for the report.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub tuning: Counts,
    pub held_out: Counts,
    /// Time in the recogniser alone (segmentation excluded), single thread.
    pub recognise_time: Duration,
    /// One line per error (missed, spurious, wrong span, type or value), when asked for.
    pub errors: Vec<String>,
}

impl Report {
    pub fn sentences_per_second(&self) -> f64 {
        let n = self.tuning.sentences + self.held_out.sentences;
        n as f64 / self.recognise_time.as_secs_f64().max(1e-9)
    }
}

fn write_part(f: &mut fmt::Formatter<'_>, name: &str, c: &Counts) -> fmt::Result {
    let (sp, sr, sf) = c.prf(c.strict);
    let (rp, rr, rf) = c.prf(c.relaxed);
    let (_, _, tf) = c.prf(c.type_ok);
    let (vp, vr, vf) = c.prf(c.value_ok);
    writeln!(
        f,
        "{name}: {} documents, {} gold, {} system",
        c.docs, c.gold, c.system
    )?;
    writeln!(
        f,
        "  strict span   P {:.2}  R {:.2}  F1 {:.2}",
        100.0 * sp,
        100.0 * sr,
        100.0 * sf
    )?;
    writeln!(
        f,
        "  relaxed span  P {:.2}  R {:.2}  F1 {:.2}",
        100.0 * rp,
        100.0 * rr,
        100.0 * rf
    )?;
    writeln!(
        f,
        "  type  accuracy {:.2}  F1 {:.2}",
        100.0 * c.type_accuracy(),
        100.0 * tf
    )?;
    writeln!(
        f,
        "  value accuracy {:.2}  F1 {:.2}  (P {:.2}  R {:.2})",
        100.0 * c.value_accuracy(),
        100.0 * vf,
        100.0 * vp,
        100.0 * vr
    )
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_part(f, "tuning part (80%, rules developed on it)", &self.tuning)?;
        write_part(f, "held-out part (20%)", &self.held_out)?;
        let mut all = self.tuning;
        all.add(&self.held_out);
        write_part(f, "all", &all)?;
        write!(
            f,
            "recogniser: {} sentences in {:.3} s, {:.0} sentences/s (one thread)",
            all.sentences,
            self.recognise_time.as_secs_f64(),
            self.sentences_per_second()
        )
    }
}

/// TimeML files under `dir` (recursively), one per file name (copies in several folders count
/// once), in name order.
pub fn timeml_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out: Vec<PathBuf> = crate::files_under(dir)?
        .into_iter()
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x == "tml" || x == "xml" || x == "TML")
        })
        .collect();
    out.sort_by(|a, b| a.file_name().cmp(&b.file_name()).then(a.cmp(b)));
    out.dedup_by(|a, b| a.file_name() == b.file_name());
    Ok(out)
}

/// Runs the recogniser over the corpus and scores it. `errors` collects one line per error.
pub fn evaluate(dir: &Path, errors: bool) -> std::io::Result<Report> {
    let files = timeml_files(dir)?;
    if files.is_empty() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("{}: no TimeML files", dir.display()),
        ));
    }
    let mut report = Report::default();
    for path in files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let xml = std::fs::read_to_string(&path)?;
        let doc = timeml::parse(&xml);
        let anchor = doc.dct.as_deref().and_then(time::anchor_date);
        let sentences = storyline_core::text::segment(&doc.text);
        let t0 = Instant::now();
        let found = time::recognise(&doc.text, &sentences, anchor);
        report.recognise_time += t0.elapsed();
        let system: Vec<Timex> = found.iter().map(Timex::from).collect();
        let gold = gold_timexes(&doc);
        let mut c = score(&gold, &system);
        c.sentences = sentences.len();
        let held = is_held_out(&name);
        if held {
            report.held_out.add(&c);
        } else {
            report.tuning.add(&c);
        }
        if errors {
            let part = if held { "held" } else { "tune" };
            list_errors(
                &mut report.errors,
                &format!("{part} {name} dct={}", doc.dct.as_deref().unwrap_or("-")),
                &doc.text,
                &gold,
                &system,
            );
        }
    }
    Ok(report)
}

/// Throughput of the recogniser alone on the corpus texts (segmented beforehand), one
/// thread, repeated for at least `min_time`: (sentences, characters, elapsed).
pub fn throughput(dir: &Path, min_time: Duration) -> std::io::Result<(usize, usize, Duration)> {
    let mut docs = Vec::new();
    for path in timeml_files(dir)? {
        let doc = timeml::parse(&std::fs::read_to_string(&path)?);
        let anchor = doc.dct.as_deref().and_then(time::anchor_date);
        let sentences = storyline_core::text::segment(&doc.text);
        docs.push((doc.text, sentences, anchor));
    }
    let (mut n, mut chars, mut found) = (0usize, 0usize, 0usize);
    let t0 = Instant::now();
    while t0.elapsed() < min_time || n == 0 {
        for (text, sentences, anchor) in &docs {
            found += time::recognise(text, sentences, *anchor).len();
            n += sentences.len();
            chars += text.len();
        }
    }
    std::hint::black_box(found);
    Ok((n, chars, t0.elapsed()))
}

fn list_errors(out: &mut Vec<String>, doc: &str, text: &str, gold: &[Timex], system: &[Timex]) {
    let pairs = align(gold, system);
    let context = |s: usize, e: usize| -> String {
        let from = s.saturating_sub(40);
        text.chars()
            .skip(from)
            .take(e + 40 - from)
            .collect::<String>()
            .replace('\n', " ")
    };
    let mut g_used = vec![false; gold.len()];
    let mut s_used = vec![false; system.len()];
    for p in &pairs {
        g_used[p.gold] = true;
        s_used[p.system] = true;
        let (g, s) = (&gold[p.gold], &system[p.system]);
        if !p.strict {
            out.push(format!("SPAN  {doc}  gold [{}] sys [{}]", g.text, s.text));
        }
        if g.kind != s.kind {
            out.push(format!(
                "TYPE  {doc}  [{}] gold {} sys {}",
                g.text, g.kind, s.kind
            ));
        }
        if !same_value(&g.value, &s.value) {
            out.push(format!(
                "VALUE {doc}  [{}] gold {} sys {}  | {}",
                g.text,
                g.value,
                s.value,
                context(g.start, g.end)
            ));
        }
    }
    for (i, g) in gold.iter().enumerate() {
        if !g_used[i] {
            out.push(format!(
                "MISS  {doc}  [{}] {} {}  | {}",
                g.text,
                g.kind,
                g.value,
                context(g.start, g.end)
            ));
        }
    }
    for (i, s) in system.iter().enumerate() {
        if !s_used[i] {
            out.push(format!(
                "FALSE {doc}  [{}] {} {}  | {}",
                s.text,
                s.kind,
                s.value,
                context(s.start, s.end)
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(start: usize, end: usize, kind: &str, value: &str) -> Timex {
        Timex {
            start,
            end,
            text: String::new(),
            kind: kind.to_string(),
            value: value.to_string(),
        }
    }

    #[test]
    fn strict_relaxed_type_and_value() {
        let gold = vec![
            t(0, 8, "DATE", "2026-01-22"),
            t(20, 30, "DURATION", "P3M"),
            t(40, 45, "DATE", "2026"),
            t(60, 70, "SET", "P1D"),
        ];
        let system = vec![
            t(0, 8, "DATE", "2026-01-22"),    // strict, all right
            t(22, 30, "DURATION", "P2M"),     // relaxed only, wrong value
            t(40, 45, "TIME", "2026"),        // strict, wrong type
            t(80, 90, "DATE", "PRESENT_REF"), // spurious
        ];
        let c = score(&gold, &system);
        assert_eq!(c.gold, 4);
        assert_eq!(c.system, 4);
        assert_eq!(c.strict, 2);
        assert_eq!(c.relaxed, 3);
        assert_eq!(c.type_ok, 2);
        assert_eq!(c.value_ok, 2);
        let (p, r, f) = c.prf(c.value_ok);
        assert!((p - 0.5).abs() < 1e-9 && (r - 0.5).abs() < 1e-9 && (f - 0.5).abs() < 1e-9);
        assert!((c.value_accuracy() - 2.0 / 3.0).abs() < 1e-9);
        let (_, _, sf) = c.prf(c.strict);
        assert!((sf - 0.5).abs() < 1e-9);
    }

    #[test]
    fn week_numbers_without_a_leading_zero_are_the_same_week() {
        assert!(same_value("2000-W7", "2000-W07"));
        assert!(same_value("2000-W07-WE", "2000-W7-WE"));
        assert!(!same_value("2000-W7", "2000-W17"));
        assert!(!same_value("2000-W07", "2000-W08"));
        assert!(!same_value("1998-WXX", "1998-W08"));
        assert!(!same_value("2000-07", "2000-7"));
        let c = score(
            &[t(0, 9, "DATE", "2000-W8")],
            &[t(0, 9, "DATE", "2000-W08")],
        );
        assert_eq!(c.value_ok, 1);
    }

    #[test]
    fn matching_is_one_to_one_and_prefers_exact_spans() {
        // Two system spans overlap one gold span: only one counts.
        let gold = vec![t(10, 30, "DATE", "X")];
        let system = vec![t(10, 15, "DATE", "X"), t(10, 30, "DATE", "X")];
        let c = score(&gold, &system);
        assert_eq!((c.relaxed, c.strict, c.system), (1, 1, 2));
        // Nothing found: zero, not NaN.
        let c = score(&gold, &[]);
        assert_eq!(c.prf(c.relaxed), (0.0, 0.0, 0.0));
    }

    #[test]
    fn gold_spans_are_trimmed_and_split_is_stable() {
        let doc = timeml::parse(
            "<TimeML><DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"1998-08-08\">x</TIMEX3></DCT>\
             <TEXT>On <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"1998-08-07\">Friday </TIMEX3>it rained.</TEXT></TimeML>",
        );
        let g = gold_timexes(&doc);
        assert_eq!(g.len(), 1);
        assert_eq!((g[0].start, g[0].end), (3, 9));
        assert_eq!(g[0].text, "Friday");
        assert_eq!(
            is_held_out("APW19980807.0261.tml"),
            is_held_out("APW19980807.0261.tml")
        );
        let held = (0..1000)
            .filter(|i| is_held_out(&format!("doc{i}.tml")))
            .count();
        assert!((150..250).contains(&held), "{held}");
    }
}

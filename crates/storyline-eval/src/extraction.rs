//! Main-content extraction on the scrapinghub article-extraction benchmark.
//!
//! The scorer follows the public benchmark's `evaluate.py`: texts are tokenised as runs of word
//! characters (`\w+`), cut into 4-token shingles (a text with fewer than four tokens is one
//! shingle), and shingle multisets are compared. Each page's TP/FP/FN are normalised to sum to
//! one, precision and recall are macro-averaged over pages (pages with no predicted shingles are
//! left out of precision, pages with no true shingles out of recall), and F1 is the harmonic mean
//! of the two averages.

use regex::Regex;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Scores of one evaluation run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub pages: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Pages whose predicted text has the same shingles as the truth (the benchmark's accuracy).
    pub exact: usize,
    /// Time spent in `html::extract` over all pages, single thread.
    pub extract_time: Duration,
    /// Pages per second of `html::extract` alone (decoding and scoring excluded).
    pub pages_per_second: f64,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "pages {}  precision {:.3}  recall {:.3}  F1 {:.3}",
            self.pages, self.precision, self.recall, self.f1
        )?;
        if self.pages > 0 {
            write!(
                f,
                "  exact {:.3}  extraction {:.2} ms/page  {:.0} pages/s (1 thread)",
                self.exact as f64 / self.pages as f64,
                self.extract_time.as_secs_f64() * 1000.0 / self.pages as f64,
                self.pages_per_second
            )?;
        }
        Ok(())
    }
}

/// Normalised true positives, false positives and false negatives of one page.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TpFpFn {
    pub tp: f64,
    pub fp: f64,
    pub fn_: f64,
}

fn token_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\w+").expect("token regex"))
}

fn shingles(text: &str, n: usize) -> HashMap<Vec<&str>, usize> {
    let tokens: Vec<&str> = token_re().find_iter(text).map(|m| m.as_str()).collect();
    let mut out: HashMap<Vec<&str>, usize> = HashMap::new();
    let count = tokens.len().saturating_sub(n - 1).max(1);
    for i in 0..count {
        let shingle = &tokens[i.min(tokens.len())..(i + n).min(tokens.len())];
        if !shingle.is_empty() {
            *out.entry(shingle.to_vec()).or_default() += 1;
        }
    }
    out
}

/// Compares a predicted body with the true one on 4-token shingles.
pub fn shingle_match(truth: &str, pred: &str) -> TpFpFn {
    let t = shingles(truth, 4);
    let p = shingles(pred, 4);
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for (key, &tc) in &t {
        let pc = p.get(key).copied().unwrap_or(0);
        tp += tc.min(pc) as f64;
        fn_ += tc.saturating_sub(pc) as f64;
    }
    for (key, &pc) in &p {
        let tc = t.get(key).copied().unwrap_or(0);
        fp += pc.saturating_sub(tc) as f64;
    }
    let s = tp + fp + fn_;
    if s > 0.0 {
        TpFpFn {
            tp: tp / s,
            fp: fp / s,
            fn_: fn_ / s,
        }
    } else {
        TpFpFn::default()
    }
}

fn precision_score(m: &TpFpFn) -> f64 {
    if m.fp == 0.0 && m.fn_ == 0.0 {
        1.0
    } else if m.tp == 0.0 && m.fp == 0.0 {
        0.0
    } else {
        m.tp / (m.tp + m.fp)
    }
}

fn recall_score(m: &TpFpFn) -> f64 {
    if m.fp == 0.0 && m.fn_ == 0.0 {
        1.0
    } else if m.tp == 0.0 && m.fn_ == 0.0 {
        0.0
    } else {
        m.tp / (m.tp + m.fn_)
    }
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 {
        0.0
    } else {
        sum / n as f64
    }
}

/// Macro-averaged precision, recall and F1 over pages, as the benchmark computes them.
pub fn metrics(pages: &[TpFpFn]) -> (f64, f64, f64) {
    let precision = mean(
        pages
            .iter()
            .filter(|m| m.tp + m.fp > 0.0)
            .map(precision_score),
    );
    let recall = mean(
        pages
            .iter()
            .filter(|m| m.tp + m.fn_ > 0.0)
            .map(recall_score),
    );
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    (precision, recall, f1)
}

#[derive(serde::Deserialize)]
struct Truth {
    #[serde(rename = "articleBody", default)]
    article_body: String,
    #[serde(default)]
    url: Option<String>,
}

fn invalid(msg: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, msg)
}

/// Scores `html::extract` on `dir/ground-truth.json` and `dir/html/<id>.html.gz`.
///
/// Set `STORYLINE_EVAL_VERBOSE=1` to print each page's scores to stderr.
pub fn evaluate(dir: &Path) -> std::io::Result<Report> {
    let truth_text = std::fs::read_to_string(dir.join("ground-truth.json"))?;
    let truth: HashMap<String, Truth> = serde_json::from_str(&truth_text)
        .map_err(|e| invalid(format!("ground-truth.json: {e}")))?;
    let mut ids: Vec<&String> = truth.keys().collect();
    ids.sort();
    let verbose = std::env::var_os("STORYLINE_EVAL_VERBOSE").is_some_and(|v| v != "0");

    let mut scores = Vec::with_capacity(ids.len());
    let mut extract_time = Duration::ZERO;
    let mut exact = 0;
    for id in ids {
        let entry = &truth[id];
        let path = dir.join("html").join(format!("{id}.html.gz"));
        let mut bytes = Vec::new();
        flate2::read::MultiGzDecoder::new(std::fs::File::open(&path)?).read_to_end(&mut bytes)?;
        let html = storyline_core::ingest::decode_text(&bytes, true)
            .map_err(|e| invalid(format!("{}: {e}", path.display())))?;
        let start = Instant::now();
        let doc = storyline_core::ingest::html::extract(&html, entry.url.as_deref());
        extract_time += start.elapsed();
        let m = shingle_match(&entry.article_body, &doc.text);
        if m.fp == 0.0 && m.fn_ == 0.0 {
            exact += 1;
        }
        if verbose {
            eprintln!(
                "{id}  P {:.3}  R {:.3}  {}",
                precision_score(&m),
                recall_score(&m),
                entry.url.as_deref().unwrap_or("")
            );
        }
        scores.push(m);
    }
    let (precision, recall, f1) = metrics(&scores);
    let pages = scores.len();
    let secs = extract_time.as_secs_f64();
    Ok(Report {
        pages,
        precision,
        recall,
        f1,
        exact,
        extract_time,
        pages_per_second: if secs > 0.0 { pages as f64 / secs } else { 0.0 },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_text_scores_one() {
        let m = shingle_match(
            "the quick brown fox jumps over",
            "the quick brown fox jumps over",
        );
        assert_eq!(m.tp, 1.0);
        assert_eq!(metrics(&[m]), (1.0, 1.0, 1.0));
    }

    #[test]
    fn disjoint_text_scores_zero() {
        let m = shingle_match("one two three four five", "six seven eight nine ten");
        assert_eq!(m.tp, 0.0);
        assert_eq!(precision_score(&m), 0.0);
        assert_eq!(recall_score(&m), 0.0);
        assert_eq!(metrics(&[m]).2, 0.0);
    }

    #[test]
    fn partial_overlap() {
        // truth: 3 shingles (a b c d, b c d e, c d e f); prediction: 1 shingle (a b c d).
        let m = shingle_match("a b c d e f", "a b c d");
        assert!((m.tp - 1.0 / 3.0).abs() < 1e-9);
        assert!((m.fn_ - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(m.fp, 0.0);
        assert_eq!(precision_score(&m), 1.0);
        assert!((recall_score(&m) - 1.0 / 3.0).abs() < 1e-9);
        let (p, r, f) = metrics(&[m]);
        assert!((f - 2.0 * p * r / (p + r)).abs() < 1e-9);
    }

    #[test]
    fn tokenisation_ignores_punctuation_and_short_texts_are_one_shingle() {
        let m = shingle_match("Hello, world!", "hello world");
        assert_eq!(m.tp, 0.0); // case-sensitive
        let m = shingle_match("Hello, world!", "Hello  world");
        assert_eq!(m.tp, 1.0);
    }

    #[test]
    fn empty_prediction_is_left_out_of_precision() {
        let empty = shingle_match("a b c d e", "");
        let good = shingle_match("a b c d e", "a b c d e");
        let (p, r, _) = metrics(&[empty, good]);
        assert_eq!(p, 1.0);
        assert_eq!(r, 0.5);
    }
}

//! TF-IDF sentence vectors with document frequencies from the embedded background prior
//! (so a name every report of a story shares still weighs as rare): shared by the summary
//! and claim alignment.

use crate::link::cluster::{terms, Prior};
use rustc_hash::FxHashMap;

/// A sparse vector sorted by term id.
pub type Vector = Vec<(u32, f64)>;

/// Term ids and their IDF, grown as texts are seen.
pub struct Vocab {
    ids: FxHashMap<String, u32>,
    idf: Vec<f64>,
}

impl Default for Vocab {
    fn default() -> Self {
        Self::new()
    }
}

impl Vocab {
    pub fn new() -> Self {
        Vocab {
            ids: FxHashMap::default(),
            idf: Vec::new(),
        }
    }

    pub fn id(&mut self, term: String) -> u32 {
        if let Some(&i) = self.ids.get(&term) {
            return i;
        }
        let prior = Prior::embedded();
        let df = prior
            .df
            .binary_search_by(|(f, _)| f.as_str().cmp(term.as_str()))
            .map(|i| prior.df[i].1)
            .unwrap_or(0);
        let idf = ((prior.docs.max(1) as f64 + 1.0) / (df as f64 + 1.0))
            .ln()
            .max(0.1);
        let i = self.idf.len() as u32;
        self.idf.push(idf);
        self.ids.insert(term, i);
        i
    }

    /// The normalised TF-IDF vector of a text's content terms and numbers.
    pub fn vector(&mut self, text: &str) -> Vector {
        self.vector_where(text, |_| true)
    }

    /// The normalised TF-IDF vector of the terms `keep` accepts (numbers are `#`-prefixed).
    pub fn vector_where(&mut self, text: &str, keep: impl Fn(&str) -> bool) -> Vector {
        let mut counts: FxHashMap<u32, f64> = FxHashMap::default();
        let mut ts = Vec::new();
        terms(text, |t| {
            if keep(&t) {
                ts.push(t)
            }
        });
        for t in ts {
            *counts.entry(self.id(t)).or_default() += 1.0;
        }
        let mut v: Vector = counts
            .into_iter()
            .map(|(i, c)| (i, c * self.idf[i as usize]))
            .collect();
        v.sort_by_key(|x| x.0);
        normalise(&mut v);
        v
    }
}

/// Scales a vector to unit length.
pub fn normalise(v: &mut Vector) {
    let n = v.iter().map(|x| x.1 * x.1).sum::<f64>().sqrt();
    if n > 0.0 {
        for x in v.iter_mut() {
            x.1 /= n;
        }
    }
}

/// Dot product of two sorted, normalised vectors (= cosine).
pub fn cosine(a: &Vector, b: &Vector) -> f64 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

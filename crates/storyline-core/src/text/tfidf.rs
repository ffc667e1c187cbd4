//! TF-IDF sentence vectors with document frequencies from the embedded background prior
//! (so a name every report of a story shares still weighs as rare): shared by the summary
//! and claim alignment.

use crate::link::cluster::{terms_str, Prior};
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

    pub fn id(&mut self, term: &str) -> u32 {
        if let Some(&i) = self.ids.get(term) {
            return i;
        }
        let df = prior_df(term);
        let idf = ((Prior::embedded().docs.max(1) as f64 + 1.0) / (df as f64 + 1.0))
            .ln()
            .max(0.1);
        let i = self.idf.len() as u32;
        self.idf.push(idf);
        self.ids.insert(term.to_string(), i);
        i
    }

    /// The normalised TF-IDF vector of a text's content terms and numbers.
    pub fn vector(&mut self, text: &str) -> Vector {
        self.vector_where(text, |_| true)
    }

    /// The normalised TF-IDF vector of the terms `keep` accepts (numbers are `#`-prefixed).
    pub fn vector_where(&mut self, text: &str, keep: impl Fn(&str) -> bool) -> Vector {
        let mut counts: FxHashMap<u32, f64> = FxHashMap::default();
        terms_str(text, |t| {
            if keep(t) {
                *counts.entry(self.id(t)).or_default() += 1.0;
            }
        });
        self.weigh(counts)
    }

    /// [`Vocab::vector_where`] of a text, and of the words (whitespace-separated) of it that
    /// `part` accepts, from one pass over the text: the same two vectors as two calls, the
    /// text's first (a term never spans whitespace).
    pub fn vector_and_part(
        &mut self,
        text: &str,
        keep: impl Fn(&str) -> bool,
        part: impl Fn(&str) -> bool,
    ) -> (Vector, Vector) {
        let mut all: FxHashMap<u32, f64> = FxHashMap::default();
        let mut some: FxHashMap<u32, f64> = FxHashMap::default();
        for word in text.split_whitespace() {
            let in_part = part(word);
            terms_str(word, |t| {
                if keep(t) {
                    let id = self.id(t);
                    *all.entry(id).or_default() += 1.0;
                    if in_part {
                        *some.entry(id).or_default() += 1.0;
                    }
                }
            });
        }
        (self.weigh(all), self.weigh(some))
    }

    /// The normalised vector of term counts.
    fn weigh(&self, counts: FxHashMap<u32, f64>) -> Vector {
        let mut v: Vector = counts
            .into_iter()
            .map(|(i, c)| (i, c * self.idf[i as usize]))
            .collect();
        v.sort_by_key(|x| x.0);
        normalise(&mut v);
        v
    }
}

/// The embedded prior's document frequency of a term (0: unseen), by hash: each story's
/// vocabulary looks up every distinct term it meets, and a binary search over the prior's
/// sorted strings was a tenth of the per-story stages' time at scale.
fn prior_df(term: &str) -> u32 {
    static INDEX: std::sync::OnceLock<FxHashMap<&'static str, u32>> = std::sync::OnceLock::new();
    INDEX
        .get_or_init(|| {
            Prior::embedded()
                .df
                .iter()
                .map(|(f, n)| (f.as_str(), *n))
                .collect()
        })
        .get(term)
        .copied()
        .unwrap_or(0)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prior_index_finds_what_a_search_of_the_prior_finds() {
        let prior = Prior::embedded();
        assert!(!prior.df.is_empty());
        for (f, n) in prior.df.iter().step_by(97) {
            assert_eq!(prior_df(f), *n, "{f}");
        }
        assert_eq!(prior_df("no-such-feature-anywhere"), 0);
    }

    #[test]
    fn a_text_and_its_part_in_one_pass_are_the_two_vectors_of_two_calls() {
        let texts = [
            "Earthquakes killed 1,200 people in Zürich's old town, magnitude 7.1, on Tuesday.",
            "The U.S. envoy met İstanbul officials; talks ended at 9am and resumed.",
            "Officials said the talks were productive and officials will meet again",
            "ÉCOLE closed  after   the storm hit the coast twice",
            "",
        ];
        let keep = |t: &str| !t.starts_with('#');
        let part = |w: &str| !w.starts_with(|c: char| c.is_uppercase());
        let (mut one, mut two) = (Vocab::new(), Vocab::new());
        for text in texts {
            let lower: String = text
                .split_whitespace()
                .filter(|w| part(w))
                .collect::<Vec<_>>()
                .join(" ");
            let expected = (two.vector_where(text, keep), two.vector_where(&lower, keep));
            assert_eq!(one.vector_and_part(text, keep, part), expected, "{text}");
        }
        assert_eq!(one.ids, two.ids);
        assert!(!one.ids.is_empty());
    }
}

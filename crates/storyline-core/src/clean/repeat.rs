//! Memory of what an article already said, to drop repeats: exact (after normalisation),
//! contained (a fragment of an earlier paragraph or caption), or near (most word trigrams of
//! one earlier sentence).

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use std::hash::Hasher;
use storyline_model::RemovedKind;

/// Fragments shorter than this many words are only dropped on an exact repeat.
const MIN_FRAGMENT_WORDS: usize = 4;
/// Sentences shorter than this are never judged near-duplicates.
const MIN_NEAR_WORDS: usize = 6;
/// Share of a sentence's word trigrams found in one earlier sentence that makes it a repeat.
const NEAR_SHARE: f64 = 0.8;

/// A text's normalised key and its word trigrams, computed once.
pub(super) struct Fingerprint {
    /// Lowercased words (letters and digits) joined by single spaces, padded with a space on
    /// both ends so that substring tests respect word boundaries.
    key: String,
    words: usize,
    /// Hashes of the distinct word trigrams, sorted.
    grams: Vec<u64>,
}

impl Fingerprint {
    pub fn of(text: &str) -> Self {
        let mut key = String::with_capacity(text.len() + 2);
        key.push(' ');
        let mut word_hashes: Vec<u64> = Vec::new();
        let mut h = FxHasher::default();
        let mut in_word = false;
        for c in text.chars() {
            if c.is_alphanumeric() {
                if c.is_ascii() {
                    let l = c.to_ascii_lowercase();
                    key.push(l);
                    h.write_u8(l as u8);
                } else {
                    for l in c.to_lowercase() {
                        key.push(l);
                        h.write_u32(l as u32);
                    }
                }
                in_word = true;
            } else if in_word {
                key.push(' ');
                word_hashes.push(h.finish());
                h = FxHasher::default();
                in_word = false;
            }
        }
        if in_word {
            key.push(' ');
            word_hashes.push(h.finish());
        }
        let mut grams: Vec<u64> = word_hashes
            .windows(3)
            .map(|w| {
                let mut g = FxHasher::default();
                g.write_u64(w[0]);
                g.write_u64(w[1]);
                g.write_u64(w[2]);
                g.finish()
            })
            .collect();
        grams.sort_unstable();
        grams.dedup();
        Fingerprint {
            key,
            words: word_hashes.len(),
            grams,
        }
    }

    #[cfg(test)]
    pub fn key(&self) -> &str {
        &self.key
    }
}

#[derive(Default)]
pub(super) struct Seen {
    /// Keys of kept paragraphs and sentences.
    keys: FxHashSet<String>,
    /// Keys of removed captions.
    caption_keys: FxHashSet<String>,
    /// Kept paragraph keys, concatenated with separators, for containment tests.
    body: String,
    /// Removed caption keys, concatenated likewise.
    captions: String,
    /// Word trigrams of `body` and of `captions`: a fragment can only be contained in a
    /// text that has all its trigrams, which saves most substring searches.
    body_grams: FxHashSet<u64>,
    caption_grams: FxHashSet<u64>,
    /// Trigram → the kept sentences (by index) that contain it.
    trigrams: FxHashMap<u64, Vec<u32>>,
    sentences: u32,
}

impl Seen {
    pub fn add_paragraph(&mut self, fp: Fingerprint) {
        self.body_grams.extend(fp.grams.iter().copied());
        self.body.push_str(&fp.key);
        self.body.push('|');
        self.keys.insert(fp.key);
    }

    pub fn add_caption(&mut self, fp: Fingerprint) {
        self.caption_grams.extend(fp.grams.iter().copied());
        self.captions.push_str(&fp.key);
        self.captions.push('|');
        self.caption_keys.insert(fp.key);
    }

    pub fn add_sentence(&mut self, fp: Fingerprint) {
        let id = self.sentences;
        self.sentences += 1;
        if fp.words >= MIN_NEAR_WORDS {
            for t in &fp.grams {
                self.trigrams.entry(*t).or_default().push(id);
            }
        }
        self.keys.insert(fp.key);
    }

    /// Whether a whole paragraph repeats (or is a fragment of) something kept or a caption.
    pub fn repeated_paragraph(&self, fp: &Fingerprint) -> Option<RemovedKind> {
        self.contained(fp)
    }

    /// Whether a sentence repeats something kept, exactly, as a fragment, or nearly.
    pub fn repeated_sentence(&self, fp: &Fingerprint) -> Option<RemovedKind> {
        if let Some(kind) = self.contained(fp) {
            return Some(kind);
        }
        if fp.words < MIN_NEAR_WORDS || fp.grams.is_empty() {
            return None;
        }
        let mut hits: FxHashMap<u32, usize> = FxHashMap::default();
        for g in &fp.grams {
            if let Some(ids) = self.trigrams.get(g) {
                for id in ids {
                    *hits.entry(*id).or_default() += 1;
                }
            }
        }
        let best = hits.values().copied().max().unwrap_or(0);
        (best as f64 >= NEAR_SHARE * fp.grams.len() as f64).then_some(RemovedKind::Repeated)
    }

    fn contained(&self, fp: &Fingerprint) -> Option<RemovedKind> {
        if fp.words == 0 {
            return None;
        }
        if self.caption_keys.contains(&fp.key) {
            return Some(RemovedKind::Caption);
        }
        if self.keys.contains(&fp.key) {
            return Some(RemovedKind::Repeated);
        }
        if fp.words < MIN_FRAGMENT_WORDS {
            return None;
        }
        let within = |set: &FxHashSet<u64>| fp.grams.iter().all(|g| set.contains(g));
        if within(&self.caption_grams) && self.captions.contains(&fp.key) {
            return Some(RemovedKind::Caption);
        }
        if within(&self.body_grams) && self.body.contains(&fp.key) {
            return Some(RemovedKind::Repeated);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp(s: &str) -> Fingerprint {
        Fingerprint::of(s)
    }

    #[test]
    fn keys_ignore_case_and_punctuation() {
        assert_eq!(fp("“Hello,  World!”").key(), " hello world ");
        assert_eq!(fp("U.S. envoy’s").key(), " u s envoy s ");
        assert_eq!(fp("Ünïcode ÉCOLE").key(), " ünïcode école ");
    }

    #[test]
    fn exact_fragment_and_near_repeats() {
        let mut s = Seen::default();
        s.add_sentence(fp(
            "The talks in Geneva ended late on Friday without a deal.",
        ));
        s.add_paragraph(fp(
            "The talks in Geneva ended late on Friday without a deal.",
        ));
        assert_eq!(
            s.repeated_sentence(&fp(
                "The talks in Geneva ended late on Friday without a deal"
            )),
            Some(RemovedKind::Repeated)
        );
        assert_eq!(
            s.repeated_sentence(&fp("talks in Geneva ended late")),
            Some(RemovedKind::Repeated)
        );
        assert_eq!(
            s.repeated_sentence(&fp(
                "The talks in Geneva ended late on Friday without any deal."
            )),
            None,
            "one changed word in eleven is below the near-duplicate share"
        );
        assert_eq!(s.repeated_sentence(&fp("The deal.")), None);
        assert_eq!(s.repeated_sentence(&fp("Geneva ended late Friday")), None);
        s.add_caption(fp(
            "A plane carrying the envoy lands in Moscow, Russia, January 22, 2026",
        ));
        assert_eq!(
            s.repeated_sentence(&fp("A plane carrying the envoy")),
            Some(RemovedKind::Caption)
        );
    }
}

//! Word-level knowledge the tagger's features look up: a lexicon learned from unlabelled news
//! (hierarchical word clusters and each word's usual capitalisation) and gazetteers (lists of
//! names by type).
//!
//! Clusters: every word seen at least [`MIN_COUNT`] times is described by its positive-PMI
//! weighted counts of neighbouring words (the 1,000 most frequent words at offsets −2…+2); a
//! three-level spherical k-means (16 × 16 × 8) over these vectors gives each word a path, whose
//! prefixes play the role of Brown-cluster prefixes. Deterministic (fixed seed, ordered inputs).

use super::hash::{self, Rng, U64Map};
use std::collections::HashMap;

/// Words rarer than this in the unlabelled text get no cluster.
pub const MIN_COUNT: u32 = 3;
const CONTEXT_WORDS: usize = 1000;
const LEVELS: [usize; 3] = [16, 16, 8];
const ITERATIONS: usize = 12;

/// How a word is usually written when it is not sentence-initial nor in a capitalised headline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum CaseClass {
    Unknown = 0,
    Lower = 1,
    Title = 2,
    Upper = 3,
    Mixed = 4,
}

impl CaseClass {
    pub(crate) fn from_u8(b: u8) -> CaseClass {
        match b {
            1 => CaseClass::Lower,
            2 => CaseClass::Title,
            3 => CaseClass::Upper,
            4 => CaseClass::Mixed,
            _ => CaseClass::Unknown,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LexEntry {
    /// `1 << 11 | l1 << 7 | l2 << 3 | l3`, or 0 when the word has no cluster.
    pub cluster: u32,
    pub case: CaseClass,
}

/// Lowercased word → cluster and usual case. Kept with the words for serialisation.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    pub(crate) entries: Vec<(String, LexEntry)>,
    pub(crate) map: U64Map<LexEntry>,
}

impl Lexicon {
    pub(crate) fn from_entries(mut entries: Vec<(String, LexEntry)>) -> Lexicon {
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries.dedup_by(|a, b| a.0 == b.0);
        let map = entries.iter().map(|(w, e)| (hash::lower(w), *e)).collect();
        Lexicon { entries, map }
    }

    #[inline]
    pub(crate) fn get(&self, lower_hash: u64) -> Option<&LexEntry> {
        self.map.get(&lower_hash)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Entity types in gazetteer masks: bit `k` for PER, ORG, LOC, MISC.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    /// Lowercased, space-joined token sequences and their type masks, sorted.
    pub(crate) entries: Vec<(String, u8)>,
    pub(crate) map: U64Map<u8>,
    pub(crate) max_len: usize,
    /// Hashes of the token sequences that begin a longer name: a match is extended past a
    /// sequence only when it is one of them.
    pub(crate) prefixes: U64Map<()>,
}

impl Gazetteer {
    pub fn from_entries(entries: impl IntoIterator<Item = (String, u8)>) -> Gazetteer {
        let mut m: HashMap<String, u8> = HashMap::new();
        for (name, mask) in entries {
            let name = name
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            if !name.is_empty() {
                *m.entry(name).or_default() |= mask;
            }
        }
        let mut entries: Vec<(String, u8)> = m.into_iter().collect();
        entries.sort();
        let mut map = U64Map::default();
        let mut max_len = 0;
        let mut prefixes = U64Map::default();
        for (name, mask) in &entries {
            let mut h = hash::OFFSET;
            let mut n = 0;
            for w in name.split(' ') {
                if n > 0 {
                    prefixes.insert(h, ());
                }
                h = hash::combine(h, hash::lower(w));
                n += 1;
            }
            max_len = max_len.max(n);
            *map.entry(h).or_default() |= *mask;
        }
        Gazetteer {
            entries,
            map,
            max_len,
            prefixes,
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

fn case_of(w: &str) -> Option<CaseClass> {
    let mut letters = 0;
    let mut upper = 0;
    let mut first_upper = false;
    for (i, c) in w.chars().enumerate() {
        if c.is_alphabetic() {
            letters += 1;
            if c.is_uppercase() {
                upper += 1;
                if i == 0 {
                    first_upper = true;
                }
            }
        }
    }
    if letters == 0 {
        return None;
    }
    Some(if upper == 0 {
        CaseClass::Lower
    } else if upper == letters && letters > 1 {
        CaseClass::Upper
    } else if first_upper && upper == 1 {
        CaseClass::Title
    } else {
        CaseClass::Mixed
    })
}

/// Whether most letters of a token sequence are capitals (a CoNLL headline).
pub(crate) fn is_caps_sentence<S: AsRef<str>>(tokens: &[S]) -> bool {
    let mut alpha = 0;
    let mut caps = 0;
    for t in tokens {
        let t = t.as_ref();
        if t.chars().any(char::is_alphabetic) {
            alpha += 1;
            if !t.chars().any(char::is_lowercase) {
                caps += 1;
            }
        }
    }
    alpha > 0 && caps * 5 >= alpha * 4
}

fn is_sentence_end(t: &str) -> bool {
    matches!(
        t,
        "." | "!" | "?" | ":" | "\"" | "''" | "``" | "“" | "”" | "-" | "--" | "("
    )
}

/// Builds the lexicon from unlabelled sentences (token sequences).
pub fn build_lexicon<S: AsRef<str>>(sentences: &[Vec<S>], seed: u64) -> Lexicon {
    // Vocabulary and case statistics.
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut words: Vec<String> = Vec::new();
    let mut counts: Vec<u32> = Vec::new();
    let mut cases: Vec<[u32; 5]> = Vec::new();
    let mut ids: Vec<Vec<usize>> = Vec::with_capacity(sentences.len());
    for s in sentences {
        let caps = is_caps_sentence(s);
        let mut row = Vec::with_capacity(s.len());
        for (i, t) in s.iter().enumerate() {
            let t = t.as_ref();
            let l = t.to_lowercase();
            let id = match index.get(&l) {
                Some(&id) => id,
                None => {
                    index.insert(l.clone(), words.len());
                    words.push(l);
                    counts.push(0);
                    cases.push([0; 5]);
                    words.len() - 1
                }
            };
            counts[id] += 1;
            let initial = i == 0 || is_sentence_end(s[i - 1].as_ref());
            if !caps && !initial {
                if let Some(c) = case_of(t) {
                    cases[id][c as usize] += 1;
                }
            }
            row.push(id);
        }
        ids.push(row);
    }
    // Context vocabulary: the most frequent words.
    let mut order: Vec<usize> = (0..words.len()).collect();
    order.sort_by(|&a, &b| counts[b].cmp(&counts[a]).then(words[a].cmp(&words[b])));
    let mut ctx_of = vec![u32::MAX; words.len()];
    for (rank, &w) in order.iter().take(CONTEXT_WORDS).enumerate() {
        ctx_of[w] = rank as u32;
    }
    let n_ctx = CONTEXT_WORDS * 4 + 8;
    // Clustered vocabulary, in frequency order.
    let vocab: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&w| counts[w] >= MIN_COUNT && words[w].chars().any(char::is_alphabetic))
        .collect();
    let mut row_of = vec![u32::MAX; words.len()];
    for (r, &w) in vocab.iter().enumerate() {
        row_of[w] = r as u32;
    }
    let mut cooc: Vec<HashMap<u32, f32>> = vec![HashMap::new(); vocab.len()];
    for row in &ids {
        for (i, &w) in row.iter().enumerate() {
            let r = row_of[w];
            if r == u32::MAX {
                continue;
            }
            for (k, off) in [-2i64, -1, 1, 2].iter().enumerate() {
                let j = i as i64 + off;
                let c = if j < 0 || j >= row.len() as i64 {
                    (CONTEXT_WORDS * 4 + k) as u32 // sentence boundary
                } else {
                    let cw = ctx_of[row[j as usize]];
                    if cw == u32::MAX {
                        (CONTEXT_WORDS * 4 + 4 + k) as u32 // a rare word
                    } else {
                        k as u32 * CONTEXT_WORDS as u32 + cw
                    }
                };
                *cooc[r as usize].entry(c).or_default() += 1.0;
            }
        }
    }
    // PPMI, L2-normalised sparse vectors.
    let mut ctx_total = vec![0f64; n_ctx];
    let mut total = 0f64;
    for m in &cooc {
        for (&c, &v) in m {
            ctx_total[c as usize] += v as f64;
            total += v as f64;
        }
    }
    let vectors: Vec<Vec<(u32, f32)>> = cooc
        .iter()
        .map(|m| {
            let wt: f64 = m.values().map(|&v| v as f64).sum();
            let mut v: Vec<(u32, f32)> = m
                .iter()
                .filter_map(|(&c, &n)| {
                    let pmi = ((n as f64 * total) / (wt * ctx_total[c as usize])).ln();
                    (pmi > 0.0).then_some((c, pmi as f32))
                })
                .collect();
            v.sort_by_key(|e| e.0);
            let norm = v.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
            if norm > 0.0 {
                for e in &mut v {
                    e.1 /= norm;
                }
            }
            v
        })
        .collect();
    let mut rng = Rng::new(seed);
    let mut paths = vec![0u32; vocab.len()];
    let members: Vec<usize> = (0..vocab.len())
        .filter(|&i| !vectors[i].is_empty())
        .collect();
    split(&vectors, &members, n_ctx, 0, 0, &mut rng, &mut paths);
    let mut entries: Vec<(String, LexEntry)> = Vec::new();
    for (w, word) in words.iter().enumerate() {
        let c = &cases[w];
        let seen: u32 = c.iter().sum();
        let case = if seen == 0 {
            CaseClass::Unknown
        } else {
            let (best, &n) = c
                .iter()
                .enumerate()
                .max_by_key(|(i, &n)| (n, 5 - i))
                .unwrap();
            if n * 10 >= seen * 7 {
                CaseClass::from_u8(best as u8)
            } else {
                CaseClass::Mixed
            }
        };
        let cluster = if row_of[w] == u32::MAX {
            0
        } else {
            paths[row_of[w] as usize]
        };
        if cluster != 0 || (case != CaseClass::Unknown && counts[w] >= 2) {
            entries.push((word.clone(), LexEntry { cluster, case }));
        }
    }
    Lexicon::from_entries(entries)
}

/// Recursive spherical k-means: assigns `members` to `LEVELS[level]` clusters and recurses.
fn split(
    vectors: &[Vec<(u32, f32)>],
    members: &[usize],
    dims: usize,
    level: usize,
    prefix: u32,
    rng: &mut Rng,
    paths: &mut [u32],
) {
    if level == LEVELS.len() {
        for &m in members {
            paths[m] = (1 << 11) | prefix;
        }
        return;
    }
    let shift = [7u32, 3, 0][level];
    let k = LEVELS[level].min(members.len());
    if k <= 1 {
        for &m in members {
            paths[m] = (1 << 11) | prefix;
        }
        return;
    }
    // k-means++ seeding.
    let mut centroids: Vec<Vec<f32>> = Vec::with_capacity(k);
    let dense = |v: &Vec<(u32, f32)>| {
        let mut d = vec![0f32; dims];
        for &(i, x) in v {
            d[i as usize] = x;
        }
        d
    };
    let dot =
        |c: &[f32], v: &Vec<(u32, f32)>| v.iter().map(|&(i, x)| c[i as usize] * x).sum::<f32>();
    centroids.push(dense(&vectors[members[rng.below(members.len())]]));
    let mut best_sim: Vec<f32> = members
        .iter()
        .map(|&m| dot(&centroids[0], &vectors[m]))
        .collect();
    while centroids.len() < k {
        let weights: Vec<f64> = best_sim
            .iter()
            .map(|&s| (1.0 - s as f64).max(0.0))
            .collect();
        let total: f64 = weights.iter().sum();
        let pick = if total <= 0.0 {
            rng.below(members.len())
        } else {
            let mut r = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * total;
            let mut p = members.len() - 1;
            for (i, w) in weights.iter().enumerate() {
                if r < *w {
                    p = i;
                    break;
                }
                r -= w;
            }
            p
        };
        let c = dense(&vectors[members[pick]]);
        for (i, &m) in members.iter().enumerate() {
            best_sim[i] = best_sim[i].max(dot(&c, &vectors[m]));
        }
        centroids.push(c);
    }
    let mut assign = vec![0usize; members.len()];
    for _ in 0..ITERATIONS {
        let mut changed = false;
        for (i, &m) in members.iter().enumerate() {
            let v = &vectors[m];
            let mut best = 0;
            let mut bs = f32::MIN;
            for (c, cent) in centroids.iter().enumerate() {
                let s = dot(cent, v);
                if s > bs {
                    bs = s;
                    best = c;
                }
            }
            if assign[i] != best {
                assign[i] = best;
                changed = true;
            }
        }
        for c in centroids.iter_mut() {
            c.iter_mut().for_each(|x| *x = 0.0);
        }
        for (i, &m) in members.iter().enumerate() {
            for &(d, x) in &vectors[m] {
                centroids[assign[i]][d as usize] += x;
            }
        }
        for c in centroids.iter_mut() {
            let n = c.iter().map(|x| x * x).sum::<f32>().sqrt();
            if n > 0.0 {
                c.iter_mut().for_each(|x| *x /= n);
            }
        }
        if !changed {
            break;
        }
    }
    for c in 0..k {
        let sub: Vec<usize> = members
            .iter()
            .zip(&assign)
            .filter(|(_, &a)| a == c)
            .map(|(&m, _)| m)
            .collect();
        if !sub.is_empty() {
            split(
                vectors,
                &sub,
                dims,
                level + 1,
                prefix | ((c as u32) << shift),
                rng,
                paths,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gazetteer_normalises_and_merges_masks() {
        let g = Gazetteer::from_entries([
            ("New  York".to_string(), 4),
            ("new york".to_string(), 2),
            ("Reuters".to_string(), 2),
        ]);
        assert_eq!(g.len(), 2);
        assert_eq!(g.entries[0], ("new york".to_string(), 6));
        assert_eq!(g.max_len, 2);
    }

    #[test]
    fn caps_sentences() {
        assert!(is_caps_sentence(&[
            "SOCCER", "-", "JAPAN", "GET", "LUCKY", "WIN", "."
        ]));
        assert!(!is_caps_sentence(&["The", "EU", "said", "."]));
    }

    #[test]
    fn lexicon_learns_case_and_is_deterministic() {
        let mut sents: Vec<Vec<&str>> = Vec::new();
        for _ in 0..5 {
            sents.push(vec![
                "Yesterday",
                "Smith",
                "met",
                "Jones",
                "in",
                "Paris",
                ".",
            ]);
            sents.push(vec![
                "The", "minister", "met", "the", "envoy", "in", "Berlin", ".",
            ]);
            sents.push(vec!["Later", "Jones", "met", "Smith", "in", "Berlin", "."]);
        }
        let a = build_lexicon(&sents, 7);
        let b = build_lexicon(&sents, 7);
        assert_eq!(a.entries, b.entries);
        let smith = a.get(hash::lower("SMITH")).expect("smith");
        assert_eq!(smith.case, CaseClass::Title);
        assert_ne!(smith.cluster, 0);
        assert_eq!(a.get(hash::lower("met")).unwrap().case, CaseClass::Lower);
    }
}

//! Copies of one report: exact copies (the same normalised text) and near copies (wire copy
//! under another headline, a changed paragraph, a trimmed ending) grouped into one origin
//! group.
//!
//! Each text becomes a MinHash signature of [`PERMUTATIONS`] minima over its word
//! [`SHINGLE`]-shingles (lowercased letters and digits). Signatures are cut into [`BANDS`] bands
//! of [`ROWS`] rows; two texts are candidates when one band is equal (bucket lookup: the cost
//! per article does not grow with the corpus, except through the buckets it shares), and a
//! candidate is a copy when the estimated Jaccard similarity of the shingle sets reaches
//! [`MIN_JACCARD`], or when the estimated containment of the shorter in the longer reaches
//! [`MIN_CONTAINMENT`] (a trimmed copy). The thresholds are justified by the tests below on
//! news variants: rewrites of one wire report score 0.55–0.9 Jaccard (containment ≥ 0.9 for
//! trimmed copies), two reports of the same topic by different writers score below 0.05.

use rustc_hash::{FxHashMap, FxHasher};
use std::hash::Hasher;
use storyline_model::{ArticleId, GroupId};

/// Minima per signature.
pub const PERMUTATIONS: usize = 128;
/// Words per shingle.
pub const SHINGLE: usize = 5;
/// LSH bands and rows per band (`BANDS * ROWS <= PERMUTATIONS`). With 42 × 3 a pair at
/// Jaccard 0.4 is a candidate with probability 0.94, at 0.2 with 0.29, at 0.05 with 0.005.
pub const BANDS: usize = 42;
pub const ROWS: usize = 3;
/// Estimated Jaccard similarity from which a candidate is a copy.
pub const MIN_JACCARD: f64 = 0.5;
/// Estimated containment (of the shorter text in the longer) from which a candidate is a
/// copy, when the shorter has at least [`MIN_CONTAINED_SHINGLES`] shingles.
pub const MIN_CONTAINMENT: f64 = 0.85;
pub const MIN_CONTAINED_SHINGLES: u32 = 40;

/// Where one article belongs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// The earliest article with the same normalised text, if this is an exact copy.
    pub duplicate_of: Option<ArticleId>,
    /// The origin group: copies and light rewrites of one original.
    pub group: GroupId,
}

/// A text's MinHash signature, shingle count and exact key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// Upper 32 bits of each permutation's minimum.
    pub mins: Box<[u32; PERMUTATIONS]>,
    /// Distinct shingles.
    pub shingles: u32,
    /// Hash of the normalised word sequence (exact copies share it).
    pub exact: [u8; 32],
}

impl Signature {
    /// Estimated Jaccard similarity of two shingle sets.
    pub fn jaccard(&self, other: &Signature) -> f64 {
        let same = self
            .mins
            .iter()
            .zip(other.mins.iter())
            .filter(|(a, b)| a == b)
            .count();
        same as f64 / PERMUTATIONS as f64
    }

    /// Estimated containment of the smaller shingle set in the larger:
    /// `|A ∩ B| = J (|A| + |B|) / (1 + J)`, over `min(|A|, |B|)`.
    pub fn containment(&self, other: &Signature) -> f64 {
        let j = self.jaccard(other);
        let (a, b) = (f64::from(self.shingles), f64::from(other.shingles));
        let small = a.min(b).max(1.0);
        (j * (a + b) / (1.0 + j) / small).min(1.0)
    }

    /// Whether two texts are copies of one report (see the module documentation).
    pub fn is_copy(&self, other: &Signature) -> bool {
        if self.exact == other.exact {
            return true;
        }
        let j = self.jaccard(other);
        j >= MIN_JACCARD
            || (self.shingles.min(other.shingles) >= MIN_CONTAINED_SHINGLES
                && self.containment(other) >= MIN_CONTAINMENT)
    }

    fn band_key(&self, band: usize) -> u64 {
        let mut h = FxHasher::default();
        h.write_usize(band);
        for &m in &self.mins[band * ROWS..(band + 1) * ROWS] {
            h.write_u32(m);
        }
        mix(h.finish())
    }
}

/// The murmur3 64-bit finaliser: spreads every input bit over the output.
#[inline]
fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// Multipliers (odd) and offsets of the permutations `x ↦ (a x + b) >> 32`, fixed.
fn permutations() -> &'static ([u64; PERMUTATIONS], [u64; PERMUTATIONS]) {
    static P: std::sync::OnceLock<([u64; PERMUTATIONS], [u64; PERMUTATIONS])> =
        std::sync::OnceLock::new();
    P.get_or_init(|| {
        let mut state = 0x5eed_0f57_0121_11e5_u64;
        let mut next = || {
            // splitmix64
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            mix(state)
        };
        let mut a = [0u64; PERMUTATIONS];
        let mut b = [0u64; PERMUTATIONS];
        for i in 0..PERMUTATIONS {
            a[i] = next() | 1;
            b[i] = next();
        }
        (a, b)
    })
}

/// Hashes of the words of `text`: runs of letters and digits, lowercased. `exact` is fed the
/// lowercased words, each followed by a space, in one update (blake3 is slow fed a byte at a
/// time).
fn word_hashes(text: &str, exact: &mut blake3::Hasher) -> Vec<u64> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut normal: Vec<u8> = Vec::with_capacity(text.len() + 1);
    let mut h = FxHasher::default();
    let mut in_word = false;
    let mut buf = [0u8; 4];
    for c in text.chars() {
        if c.is_alphanumeric() {
            if c.is_ascii() {
                let l = c.to_ascii_lowercase() as u8;
                h.write_u8(l);
                normal.push(l);
            } else {
                for l in c.to_lowercase() {
                    h.write_u32(l as u32);
                    normal.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
                }
            }
            in_word = true;
        } else if in_word {
            out.push(mix(h.finish()));
            normal.push(b' ');
            h = FxHasher::default();
            in_word = false;
        }
    }
    if in_word {
        out.push(mix(h.finish()));
        normal.push(b' ');
    }
    exact.update(&normal);
    out
}

/// The signature of one text.
pub fn signature(text: &str) -> Signature {
    let mut exact = blake3::Hasher::new();
    let words = word_hashes(text, &mut exact);
    let mut shingles: Vec<u64> = if words.len() < SHINGLE {
        // A very short text is one shingle (empty text: none).
        if words.is_empty() {
            Vec::new()
        } else {
            vec![words.iter().fold(0u64, |acc, w| mix(acc ^ w))]
        }
    } else {
        words
            .windows(SHINGLE)
            .map(|w| {
                let mut x = 0u64;
                for (i, h) in w.iter().enumerate() {
                    x ^= h.rotate_left(i as u32 * 13);
                }
                mix(x)
            })
            .collect()
    };
    shingles.sort_unstable();
    shingles.dedup();
    let (a, b) = permutations();
    let mut mins = [u32::MAX; PERMUTATIONS];
    for &s in &shingles {
        for i in 0..PERMUTATIONS {
            let v = (a[i].wrapping_mul(s).wrapping_add(b[i]) >> 32) as u32;
            if v < mins[i] {
                mins[i] = v;
            }
        }
    }
    Signature {
        mins: Box::new(mins),
        shingles: shingles.len() as u32,
        exact: *exact.finalize().as_bytes(),
    }
}

struct Entry {
    id: ArticleId,
    group: u32,
    sig: Signature,
}

/// Incremental near-duplicate detection: each inserted article is looked up in the LSH
/// buckets of the articles before it and joins the origin group of its best match (or starts
/// its own). Earlier assignments never change. For results independent of the order of
/// arrival, insert in the canonical order (see [`assign`]).
#[derive(Default)]
pub struct Dedup {
    entries: Vec<Entry>,
    /// Group ids by index (the id of each group's first member, hashed).
    groups: Vec<GroupId>,
    /// Exact key → index of the first article with that text.
    exact: FxHashMap<[u8; 32], u32>,
    /// Band key → the most recent entry in that bucket; earlier ones by `next`.
    heads: FxHashMap<u64, u32>,
    /// `next[entry * BANDS + band]`: the previous entry in the same bucket, or `u32::MAX`.
    next: Vec<u32>,
}

impl Dedup {
    pub fn new() -> Self {
        Self::default()
    }

    /// Articles inserted so far.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Assigns one article (its cleaned text) and remembers it. `date` is only used by
    /// [`assign`] for ordering; it is accepted here so that callers keep one shape.
    pub fn insert(&mut self, id: &ArticleId, text: &str, _date: Option<&str>) -> Assignment {
        self.insert_signature(id, signature(text))
    }

    /// Like [`Dedup::insert`] with a signature computed beforehand (e.g. in parallel).
    pub fn insert_signature(&mut self, id: &ArticleId, sig: Signature) -> Assignment {
        self.insert_scored(id, sig, None, 0)
    }

    /// [`Dedup::insert_signature`], the best match among the entries before `from` found
    /// beforehand (`before`: its score and index, by [`Dedup::best_from`] with `from` 0 when
    /// there were `from` entries), so that only the entries since are looked at here.
    fn insert_scored(
        &mut self,
        id: &ArticleId,
        sig: Signature,
        before: Option<(f64, u32)>,
        from: u32,
    ) -> Assignment {
        let index = self.entries.len() as u32;
        let (duplicate_of, group) = if let Some(&first) = self.exact.get(&sig.exact) {
            let e = &self.entries[first as usize];
            (Some(e.id.clone()), e.group)
        } else {
            // The earlier entries win ties (as one scan in index order would have it).
            let best = match (before, self.best_from(&sig, from)) {
                (Some(b), Some(s)) if s.0 > b.0 => Some(s),
                (Some(b), _) => Some(b),
                (None, s) => s,
            };
            match best.map(|(_, i)| self.entries[i as usize].group) {
                Some(g) => (None, g),
                None => {
                    let g = self.groups.len() as u32;
                    self.groups
                        .push(GroupId::from_content(id.as_str().as_bytes()));
                    (None, g)
                }
            }
        };
        self.exact.entry(sig.exact).or_insert(index);
        for band in 0..BANDS {
            let key = sig.band_key(band);
            let prev = self.heads.insert(key, index).unwrap_or(u32::MAX);
            self.next.push(prev);
        }
        self.entries.push(Entry {
            id: id.clone(),
            group,
            sig,
        });
        Assignment {
            duplicate_of,
            group: self.groups[group as usize].clone(),
        }
    }

    /// The most similar earlier copy among the entries from index `from` on: its score and
    /// index, ties to the earliest.
    fn best_from(&self, sig: &Signature, from: u32) -> Option<(f64, u32)> {
        let mut seen: Vec<u32> = Vec::new();
        for band in 0..BANDS {
            let mut cur = self
                .heads
                .get(&sig.band_key(band))
                .copied()
                .unwrap_or(u32::MAX);
            // A bucket lists its entries latest first.
            while cur != u32::MAX && cur >= from {
                seen.push(cur);
                cur = self.next[cur as usize * BANDS + band];
            }
        }
        seen.sort_unstable();
        seen.dedup();
        let mut best: Option<(f64, u32)> = None;
        for i in seen {
            let e = &self.entries[i as usize];
            if !sig.is_copy(&e.sig) {
                continue;
            }
            let score = sig.jaccard(&e.sig).max(sig.containment(&e.sig));
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, i));
            }
        }
        best
    }
}

/// Articles whose earlier copies [`assign_signatures`] looks up together.
const ASSIGN_CHUNK: usize = 2048;

/// The canonical order of articles: dated ones first by date, then by id.
pub fn canonical_order<T>(
    items: &[T],
    key: impl Fn(&T) -> (&ArticleId, Option<&str>),
) -> Vec<usize> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| {
        let (ia, da) = key(&items[a]);
        let (ib, db) = key(&items[b]);
        da.is_none()
            .cmp(&db.is_none())
            .then_with(|| da.cmp(&db))
            .then_with(|| ia.cmp(ib))
    });
    order
}

/// Assigns every article, in the input's order, the same whatever that order: articles are
/// inserted by date (undated last), then id, so `duplicate_of` is the earliest copy and a
/// group's id comes from its earliest member. Signatures are computed in parallel.
pub fn assign(articles: &[(ArticleId, &str, Option<&str>)]) -> Vec<Assignment> {
    use rayon::prelude::*;
    let sigs: Vec<Signature> = articles.par_iter().map(|a| signature(a.1)).collect();
    let keys: Vec<(&ArticleId, Option<&str>)> = articles.iter().map(|a| (&a.0, a.2)).collect();
    assign_signatures(&keys, sigs)
}

/// [`assign`] for articles (id, date) whose signatures were computed beforehand (`sigs[i]`
/// is the signature of `articles[i]`'s text), so that their texts need not be held.
pub fn assign_signatures(
    articles: &[(&ArticleId, Option<&str>)],
    sigs: Vec<Signature>,
) -> Vec<Assignment> {
    assert_eq!(articles.len(), sigs.len(), "one signature per article");
    let order = canonical_order(articles, |a| (a.0, a.1));
    let mut sigs: Vec<Option<Signature>> = sigs.into_iter().map(Some).collect();
    let mut dedup = Dedup::new();
    let mut out: Vec<Option<Assignment>> = vec![None; articles.len()];
    // A chunk at a time: what the entries before the chunk offer each of its articles is
    // looked up in parallel (they are only read), then the articles are inserted in order,
    // each looking only at the chunk's entries before it. The same as inserting one at a time.
    for chunk in order.chunks(ASSIGN_CHUNK) {
        use rayon::prelude::*;
        let chunk_sigs: Vec<Signature> = chunk
            .iter()
            .map(|&i| sigs[i].take().expect("each article once"))
            .collect();
        let from = dedup.len() as u32;
        let before: Vec<Option<(f64, u32)>> = chunk_sigs
            .par_iter()
            .map(|sig| dedup.best_from(sig, 0))
            .collect();
        for ((&i, sig), before) in chunk.iter().zip(chunk_sigs).zip(before) {
            out[i] = Some(dedup.insert_scored(articles[i].0, sig, before, from));
        }
    }
    out.into_iter().map(|a| a.expect("assigned")).collect()
}

#[cfg(test)]
mod tests;

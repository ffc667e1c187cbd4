//! Feature extraction: every token becomes a list of hashed feature rows of the weight table.
//! Only the tokens are used (no part-of-speech tags: raw news has none).
//!
//! Per token: the lowercased word; its long and short word shape (`Xxxxx`, `Xx`, `dd-dd`,
//! `X.X.`); prefixes and suffixes of 1–4 characters; the words and shapes at offsets −2…+2 and
//! shape/word conjunctions; position in the sentence crossed with capitalisation and with the
//! word's usual case (learned from unlabelled news); headline (all-caps sentence) context crossed
//! with the usual case, and the word's capitalisation elsewhere in the same document; word
//! cluster prefixes at the token and its neighbours; gazetteer matches covering the token and
//! its neighbours.

use super::hash::{self, U64Map};
use super::lexicon::{is_caps_sentence, Gazetteer, Lexicon};

/// What the feature templates need to know about one token.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Tok {
    lw: u64,
    shape: u64,
    lshape: u64,
    pre: [u64; 4],
    suf: [u64; 4],
    /// Number of characters.
    len: u32,
    init_upper: bool,
    has_lower: bool,
    /// No letter or digit.
    punct: bool,
    cluster: u32,
    case: u8,
    /// Gazetteer matches: bit `2k` the token begins a name of type `k`, bit `2k+1` continues one;
    /// bit 8 single-token match.
    gaz: u16,
    /// Document context: bit 0 the word appears lowercase elsewhere in the document, bit 1 it
    /// appears capitalised in the middle of a non-headline sentence elsewhere.
    doc: u8,
    /// What the first stage predicted for the other occurrences of this word in the document:
    /// bit `k` some were of type `k` (PER, ORG, LOC, MISC), bit 4 some were outside names;
    /// bits 5–7 the majority (0 none, 1 outside, 2 + k type `k`).
    agg: u8,
}

fn class(c: char) -> u64 {
    if c.is_uppercase() {
        'X' as u64
    } else if c.is_lowercase() {
        'x' as u64
    } else if c.is_numeric() {
        'd' as u64
    } else if c.is_alphabetic() {
        'a' as u64
    } else {
        c as u64
    }
}

/// Prepares the tokens of one sentence.
pub(crate) fn prepare<S: AsRef<str>>(tokens: &[S], lexicon: &Lexicon) -> (Vec<Tok>, bool) {
    let caps = is_caps_sentence(tokens);
    let mut out = Vec::with_capacity(tokens.len());
    for t in tokens {
        let t = t.as_ref();
        let mut tok = Tok::default();
        let mut h = hash::OFFSET;
        let mut sh = hash::OFFSET;
        let mut lsh = hash::OFFSET;
        let mut prev_class = 0u64;
        let mut run = 0;
        let mut n = 0u32;
        for c in t.chars() {
            let lc = if c.is_ascii() {
                c.to_ascii_lowercase()
            } else {
                c.to_lowercase().next().unwrap_or(c)
            };
            if c.is_ascii() || c.to_lowercase().count() == 1 {
                h = hash::step(h, lc as u64);
            } else {
                for l in c.to_lowercase() {
                    h = hash::step(h, l as u64);
                }
            }
            if n < 4 {
                tok.pre[n as usize] = h;
            }
            if n == 0 {
                tok.init_upper = c.is_uppercase();
            }
            if c.is_lowercase() {
                tok.has_lower = true;
            }
            let cl = class(c);
            if cl == prev_class {
                run += 1;
            } else {
                run = 1;
                sh = hash::step(sh, cl);
                prev_class = cl;
            }
            if run <= 4 {
                lsh = hash::step(lsh, cl);
            }
            n += 1;
        }
        tok.len = n;
        tok.punct = !t.chars().any(char::is_alphanumeric);
        tok.lw = hash::mix(h);
        tok.shape = sh;
        tok.lshape = lsh;
        // Suffixes: hash the last k characters, lowercased, right to left.
        let mut s = hash::OFFSET ^ 0x5555;
        for (k, c) in t.chars().rev().take(4).enumerate() {
            let lc = c.to_lowercase().next().unwrap_or(c);
            s = hash::step(s, lc as u64);
            tok.suf[k] = s;
        }
        if let Some(e) = lexicon.get(tok.lw) {
            tok.cluster = e.cluster;
            tok.case = e.case as u8;
        }
        out.push(tok);
    }
    (out, caps)
}

/// Marks gazetteer matches on prepared tokens.
pub(crate) fn mark_gazetteer(toks: &mut [Tok], gaz: &Gazetteer) {
    mark_spans(toks, gaz, true)
}

/// [`mark_gazetteer`]; `stop`: a match is not extended past a sequence that begins no name
/// (the same marks as looking up every span, with fewer lookups).
fn mark_spans(toks: &mut [Tok], gaz: &Gazetteer, stop: bool) {
    if gaz.max_len == 0 {
        return;
    }
    for i in 0..toks.len() {
        let mut h = hash::OFFSET;
        for j in i..toks.len().min(i + gaz.max_len) {
            h = hash::combine(h, toks[j].lw);
            if let Some(&mask) = gaz.map.get(&h) {
                for k in 0..4 {
                    if mask & (1 << k) != 0 {
                        toks[i].gaz |= 1 << (2 * k);
                        for t in &mut toks[i + 1..=j] {
                            t.gaz |= 1 << (2 * k + 1);
                        }
                    }
                }
                if j == i {
                    toks[i].gaz |= 1 << 8;
                }
            }
            // No name goes on from here: most words begin none.
            if stop && !gaz.prefixes.contains_key(&h) {
                break;
            }
        }
    }
}

/// Document context: how each word is written across the document's sentences.
pub(crate) fn mark_document(doc: &mut [(Vec<Tok>, bool)]) {
    let mut seen: U64Map<u8> = U64Map::default();
    for (toks, caps) in doc.iter() {
        for (i, t) in toks.iter().enumerate() {
            if t.len == 0 {
                continue;
            }
            if !t.init_upper && t.has_lower {
                *seen.entry(t.lw).or_default() |= 1;
            } else if t.init_upper && t.has_lower && !caps && i > 0 {
                *seen.entry(t.lw).or_default() |= 2;
            }
        }
    }
    for (toks, _) in doc.iter_mut() {
        for t in toks.iter_mut() {
            t.doc = seen.get(&t.lw).copied().unwrap_or(0);
        }
    }
}

/// Sets each token's [`Tok::agg`] from first-stage labels (`labels[s][t]`, 0 = O,
/// 1 + 2k / 2 + 2k = B/I of type `k`).
pub(crate) fn mark_aggregate(doc: &mut [(Vec<Tok>, bool)], labels: &[Vec<u8>]) {
    let mut counts: U64Map<[u16; 5]> = U64Map::default();
    let class = |l: u8| if l == 0 { 0 } else { 1 + (l as usize - 1) / 2 };
    for ((toks, _), ls) in doc.iter().zip(labels) {
        for (t, &l) in toks.iter().zip(ls) {
            if !t.punct {
                counts.entry(t.lw).or_default()[class(l)] += 1;
            }
        }
    }
    for ((toks, _), ls) in doc.iter_mut().zip(labels) {
        for (t, &l) in toks.iter_mut().zip(ls) {
            t.agg = 0;
            if t.punct {
                continue;
            }
            let mut c = counts[&t.lw];
            c[class(l)] -= 1;
            let mut best = 0;
            let mut mask = 0u8;
            for k in 0..5 {
                if c[k] > 0 {
                    mask |= if k == 0 { 1 << 4 } else { 1 << (k - 1) };
                    if best == 0 || c[k] > c[best - 1] {
                        best = k + 1;
                    }
                }
            }
            t.agg = mask | (best as u8) << 5;
        }
    }
}

const BOS: [u64; 2] = [0x1111_2222, 0x3333_4444];
const EOS: [u64; 2] = [0x5555_6666, 0x7777_8888];

#[inline]
fn feat(template: u64, value: u64, shift: u32) -> u32 {
    (hash::mix(value ^ template.wrapping_mul(0x9e37_79b9_7f4a_7c15)) >> shift) as u32
}

/// Appends the feature rows of token `i` to `out` (`bits` = log2 of the table's rows).
pub(crate) fn features(
    toks: &[Tok],
    caps: bool,
    i: usize,
    bits: u32,
    stage2: bool,
    out: &mut Vec<u32>,
) {
    let shift = 64 - bits;
    let t = &toks[i];
    let n = toks.len();
    let word = |j: isize| -> u64 {
        if j < 0 {
            BOS[(-j - 1) as usize]
        } else if j as usize >= n {
            EOS[j as usize - n]
        } else {
            toks[j as usize].lw
        }
    };
    let shape = |j: isize| -> u64 {
        if j < 0 {
            BOS[(-j - 1) as usize]
        } else if j as usize >= n {
            EOS[j as usize - n]
        } else {
            toks[j as usize].shape
        }
    };
    let tok = |j: isize| -> Option<&Tok> {
        if j < 0 || j as usize >= n {
            None
        } else {
            Some(&toks[j as usize])
        }
    };
    let ii = i as isize;
    let mut f = |template: u64, value: u64| out.push(feat(template, value, shift));
    f(0, 0);
    f(1, t.lw);
    f(2, t.shape);
    f(3, t.lshape);
    for k in 0..(t.len.min(4) as usize) {
        f(4 + k as u64, t.pre[k]);
        f(8 + k as u64, t.suf[k]);
    }
    f(12, word(ii - 1));
    f(13, word(ii + 1));
    f(14, word(ii - 2));
    f(15, word(ii + 2));
    f(16, shape(ii - 1));
    f(17, shape(ii + 1));
    f(18, shape(ii - 2));
    f(19, shape(ii + 2));
    f(20, hash::combine(shape(ii - 1), t.shape));
    f(21, hash::combine(t.shape, shape(ii + 1)));
    f(
        22,
        hash::combine(hash::combine(shape(ii - 1), t.shape), shape(ii + 1)),
    );
    f(23, hash::combine(word(ii - 1), t.lw));
    f(24, hash::combine(t.lw, word(ii + 1)));
    f(25, hash::combine(word(ii - 1), t.shape));
    f(26, hash::combine(t.shape, word(ii + 1)));
    // Position, capitalisation and usual case.
    let first = i == 0 || (i == 1 && toks[0].punct);
    let case = t.case as u64;
    f(27, (first as u64) << 8 | (t.init_upper as u64) << 4 | case);
    if first {
        f(28, t.lw);
    }
    f(29, (caps as u64) << 8 | (t.init_upper as u64) << 4 | case);
    if caps {
        f(30, t.lw);
        f(31, hash::combine(case, shape(ii - 1)));
    }
    f(
        32,
        (t.doc as u64) << 4 | (first as u64) << 2 | (caps as u64) << 1 | t.init_upper as u64,
    );
    // Clusters.
    if t.cluster != 0 {
        f(33, (t.cluster >> 7) as u64);
        f(34, (t.cluster >> 3) as u64);
        f(35, t.cluster as u64);
        f(36, hash::combine(t.cluster as u64 >> 3, t.shape));
    } else {
        f(37, t.shape);
    }
    for (tp, j) in [(38u64, ii - 1), (40, ii + 1)] {
        if let Some(p) = tok(j) {
            if p.cluster != 0 {
                f(tp, (p.cluster >> 3) as u64);
                f(tp + 1, p.cluster as u64);
            }
        }
    }
    // Gazetteers.
    if t.gaz != 0 {
        for b in 0..9 {
            if t.gaz & (1 << b) != 0 {
                f(42, b as u64);
                f(43, (b as u64) << 4 | t.init_upper as u64);
            }
        }
    }
    for (tp, j) in [(44u64, ii - 1), (45, ii + 1)] {
        if let Some(p) = tok(j) {
            if p.gaz != 0 {
                f(tp, p.gaz as u64);
            }
        }
    }
    // Second stage: first-stage labels of the word's other occurrences in the document.
    if stage2 {
        f(46, t.agg as u64);
        f(
            47,
            (t.agg >> 5) as u64 | (t.init_upper as u64) << 4 | (caps as u64) << 5,
        );
        for k in 0..5 {
            if t.agg & (1 << k) != 0 {
                f(48, k as u64);
            }
        }
        for (tp, j) in [(49u64, ii - 1), (50, ii + 1)] {
            if let Some(p) = tok(j) {
                f(tp, (p.agg >> 5) as u64);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const WORDS: [&str; 8] = [
        "the", "Bank", "of", "England", "New", "York", "said", "Times",
    ];

    fn gazetteer() -> Gazetteer {
        Gazetteer::from_entries([
            ("bank of england".to_string(), 2),
            ("new york".to_string(), 4),
            ("new york times".to_string(), 2),
            ("england".to_string(), 4),
            ("the times".to_string(), 2),
        ])
    }

    #[test]
    fn names_longer_than_their_prefixes_are_marked() {
        let gaz = gazetteer();
        let words = ["the", "Bank", "of", "England", "said"];
        let (mut toks, _) = prepare(&words, &Lexicon::default());
        mark_gazetteer(&mut toks, &gaz);
        // "bank of england" (ORG, bit 1): begins at "Bank", goes on through "England";
        // "england" alone (bit 2) is also a one-word name.
        assert_eq!(toks[1].gaz, 1 << 2);
        assert_eq!(toks[2].gaz, 1 << 3);
        assert_eq!(toks[3].gaz, 1 << 3 | 1 << 4 | 1 << 8);
        assert_eq!((toks[0].gaz, toks[4].gaz), (0, 0));
    }

    proptest! {
        #[test]
        fn stopping_at_words_that_begin_no_name_marks_the_same(
            picks in prop::collection::vec(0usize..WORDS.len(), 0..24),
        ) {
            let gaz = gazetteer();
            let words: Vec<&str> = picks.iter().map(|&k| WORDS[k]).collect();
            let (mut fast, _) = prepare(&words, &Lexicon::default());
            let mut every = fast.clone();
            mark_gazetteer(&mut fast, &gaz);
            mark_spans(&mut every, &gaz, false);
            let a: Vec<u16> = fast.iter().map(|t| t.gaz).collect();
            let b: Vec<u16> = every.iter().map(|t| t.gaz).collect();
            prop_assert_eq!(a, b);
        }
    }
}

//! ROUGE-N and ROUGE-SU as ROUGE-1.5.5 computes them for DUC 2005–2007
//! (`-n 2 -x -m -2 4 -u -c 95 -r 1000 -f A -p 0.5 -t 0 -l 250`):
//! lower-cased alphanumeric tokens, Porter-stemmed (`-m`, words longer than 3 characters),
//! no stop-word removal, peer and models truncated to the first `-l` words, model-average
//! counting (`-f A`: hits and model totals summed over the references) and jackknifing
//! (mean over the leave-one-out subsets of the references when there are more than one).
//!
//! Differences to ROUGE-1.5.5: its `-m` first looks words up in WordNet's exception lists
//! (`went` → `go`); this scorer applies the Porter stemmer alone.

use std::collections::HashMap;

/// ROUGE options: n-gram order, skip distance (`None`: no skip-bigrams), word limit.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub stem: bool,
    pub word_limit: Option<usize>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            stem: true,
            word_limit: Some(250),
        }
    }
}

/// Recall, precision and F (alpha 0.5) of one score.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    pub recall: f64,
    pub precision: f64,
    pub f: f64,
}

/// Tokens as ROUGE sees them: truncated to the word limit (whitespace words of the raw
/// text), lower-cased, non-alphanumerics as spaces, stemmed.
pub fn tokens(text: &str, opts: &Options) -> Vec<String> {
    let raw: Vec<&str> = text.split_whitespace().collect();
    let raw = match opts.word_limit {
        Some(l) if raw.len() > l => &raw[..l],
        _ => &raw[..],
    };
    let mut out = Vec::new();
    for w in raw {
        let lower = w.to_ascii_lowercase();
        for t in lower.split(|c: char| !c.is_ascii_alphanumeric()) {
            if t.is_empty() {
                continue;
            }
            if opts.stem && t.len() > 3 {
                out.push(porter_stem(t));
            } else {
                out.push(t.to_string());
            }
        }
    }
    out
}

type Counts = HashMap<String, usize>;

/// N-gram counts of a token list.
pub fn ngrams(toks: &[String], n: usize) -> Counts {
    let mut c = Counts::new();
    if toks.len() >= n {
        for w in toks.windows(n) {
            *c.entry(w.join(" ")).or_default() += 1;
        }
    }
    c
}

/// Skip-bigram counts with at most `gap` words in between, plus unigrams (`-u`).
pub fn skip_bigrams(toks: &[String], gap: usize, unigrams: bool) -> Counts {
    let mut c = Counts::new();
    for i in 0..toks.len() {
        for j in i + 1..toks.len().min(i + gap + 2) {
            *c.entry(format!("{} {}", toks[i], toks[j])).or_default() += 1;
        }
        if unigrams {
            *c.entry(toks[i].clone()).or_default() += 1;
        }
    }
    c
}

fn hits(peer: &Counts, model: &Counts) -> (usize, usize, usize) {
    let mut hit = 0;
    for (g, &m) in model {
        if let Some(&p) = peer.get(g) {
            hit += m.min(p);
        }
    }
    (hit, model.values().sum(), peer.values().sum())
}

/// Model-average score of a peer against a set of references.
fn average(peer: &Counts, models: &[&Counts]) -> Prf {
    let (mut h, mut mc, mut pc) = (0usize, 0usize, 0usize);
    for m in models {
        let (a, b, c) = hits(peer, m);
        h += a;
        mc += b;
        pc += c;
    }
    let recall = if mc > 0 { h as f64 / mc as f64 } else { 0.0 };
    let precision = if pc > 0 { h as f64 / pc as f64 } else { 0.0 };
    let f = if recall + precision > 0.0 {
        recall * precision / (0.5 * recall + 0.5 * precision)
    } else {
        0.0
    };
    Prf {
        recall,
        precision,
        f,
    }
}

/// Jackknifed score: mean over the leave-one-out subsets of the references (plain score
/// with one reference).
pub fn jackknife(peer: &Counts, models: &[Counts]) -> Prf {
    let refs: Vec<&Counts> = models.iter().collect();
    if refs.len() <= 1 {
        return average(peer, &refs);
    }
    let mut sum = Prf::default();
    for leave in 0..refs.len() {
        let sub: Vec<&Counts> = refs
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != leave)
            .map(|(_, m)| *m)
            .collect();
        let s = average(peer, &sub);
        sum.recall += s.recall;
        sum.precision += s.precision;
        sum.f += s.f;
    }
    let k = refs.len() as f64;
    Prf {
        recall: sum.recall / k,
        precision: sum.precision / k,
        f: sum.f / k,
    }
}

/// ROUGE-2 and ROUGE-SU4 of one peer text against reference texts.
pub fn rouge2_su4(peer: &str, models: &[&str], opts: &Options) -> (Prf, Prf) {
    let pt = tokens(peer, opts);
    let mts: Vec<Vec<String>> = models.iter().map(|m| tokens(m, opts)).collect();
    let p2 = ngrams(&pt, 2);
    let m2: Vec<Counts> = mts.iter().map(|t| ngrams(t, 2)).collect();
    let ps = skip_bigrams(&pt, 4, true);
    let ms: Vec<Counts> = mts.iter().map(|t| skip_bigrams(t, 4, true)).collect();
    (jackknife(&p2, &m2), jackknife(&ps, &ms))
}

// ---------------------------------------------------------------------------------------
// Porter stemmer (M. F. Porter, 1980), as in ROUGE-1.5.5's bundled implementation.

fn is_cons(w: &[u8], i: usize) -> bool {
    match w[i] {
        b'a' | b'e' | b'i' | b'o' | b'u' => false,
        b'y' => i == 0 || !is_cons(w, i - 1),
        _ => true,
    }
}

/// m(): the number of VC sequences in w[..len].
fn measure(w: &[u8], len: usize) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < len && is_cons(w, i) {
        i += 1;
    }
    loop {
        while i < len && !is_cons(w, i) {
            i += 1;
        }
        if i >= len {
            return n;
        }
        while i < len && is_cons(w, i) {
            i += 1;
        }
        n += 1;
        if i >= len {
            return n;
        }
    }
}

fn has_vowel(w: &[u8], len: usize) -> bool {
    (0..len).any(|i| !is_cons(w, i))
}

fn double_cons(w: &[u8], len: usize) -> bool {
    len >= 2 && w[len - 1] == w[len - 2] && is_cons(w, len - 1)
}

/// cvc at the end of w[..len], the last c not w, x or y.
fn cvc(w: &[u8], len: usize) -> bool {
    if len < 3 || !is_cons(w, len - 1) || is_cons(w, len - 2) || !is_cons(w, len - 3) {
        return false;
    }
    !matches!(w[len - 1], b'w' | b'x' | b'y')
}

fn ends(w: &[u8], s: &str) -> bool {
    w.ends_with(s.as_bytes())
}

/// Replaces suffix `s` by `r` when m() of the stem is > `min_m`.
fn replace_if(w: &mut Vec<u8>, s: &str, r: &str, min_m: usize) -> bool {
    if ends(w, s) {
        let stem = w.len() - s.len();
        if measure(w, stem) > min_m {
            w.truncate(stem);
            w.extend_from_slice(r.as_bytes());
        }
        return true;
    }
    false
}

/// The Porter stem of a lower-case ASCII word.
pub fn porter_stem(word: &str) -> String {
    if word.len() <= 2 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_string();
    }
    let mut w = word.as_bytes().to_vec();
    // Step 1a
    if ends(&w, "sses") || ends(&w, "ies") {
        w.truncate(w.len() - 2);
    } else if ends(&w, "ss") {
    } else if ends(&w, "s") {
        w.truncate(w.len() - 1);
    }
    // Step 1b
    let mut extra = false;
    if ends(&w, "eed") {
        if measure(&w, w.len() - 3) > 0 {
            w.truncate(w.len() - 1);
        }
    } else if ends(&w, "ed") && has_vowel(&w, w.len() - 2) {
        w.truncate(w.len() - 2);
        extra = true;
    } else if ends(&w, "ing") && has_vowel(&w, w.len() - 3) {
        w.truncate(w.len() - 3);
        extra = true;
    }
    if extra {
        if ends(&w, "at") || ends(&w, "bl") || ends(&w, "iz") {
            w.push(b'e');
        } else if double_cons(&w, w.len()) && !matches!(w[w.len() - 1], b'l' | b's' | b'z') {
            w.truncate(w.len() - 1);
        } else if measure(&w, w.len()) == 1 && cvc(&w, w.len()) {
            w.push(b'e');
        }
    }
    // Step 1c
    if ends(&w, "y") && has_vowel(&w, w.len() - 1) {
        let n = w.len();
        w[n - 1] = b'i';
    }
    // Step 2
    const S2: &[(&str, &str)] = &[
        ("ational", "ate"),
        ("tional", "tion"),
        ("enci", "ence"),
        ("anci", "ance"),
        ("izer", "ize"),
        ("bli", "ble"),
        ("alli", "al"),
        ("entli", "ent"),
        ("eli", "e"),
        ("ousli", "ous"),
        ("ization", "ize"),
        ("ation", "ate"),
        ("ator", "ate"),
        ("alism", "al"),
        ("iveness", "ive"),
        ("fulness", "ful"),
        ("ousness", "ous"),
        ("aliti", "al"),
        ("iviti", "ive"),
        ("biliti", "ble"),
        ("logi", "log"),
    ];
    // Longest match first among suffixes sharing an ending.
    let mut s2: Vec<&(&str, &str)> = S2.iter().collect();
    s2.sort_by_key(|(s, _)| std::cmp::Reverse(s.len()));
    for (s, r) in s2 {
        if replace_if(&mut w, s, r, 0) {
            break;
        }
    }
    // Step 3
    const S3: &[(&str, &str)] = &[
        ("icate", "ic"),
        ("ative", ""),
        ("alize", "al"),
        ("iciti", "ic"),
        ("ical", "ic"),
        ("ful", ""),
        ("ness", ""),
    ];
    for (s, r) in S3 {
        if replace_if(&mut w, s, r, 0) {
            break;
        }
    }
    // Step 4
    const S4: &[&str] = &[
        "ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate", "iti", "ous",
        "ive", "ize", "ion", "al", "er", "ic", "ou",
    ];
    for s in S4 {
        if ends(&w, s) {
            let stem = w.len() - s.len();
            let ok = if *s == "ion" {
                stem > 0 && matches!(w[stem - 1], b's' | b't')
            } else {
                true
            };
            if ok && measure(&w, stem) > 1 {
                w.truncate(stem);
            }
            break;
        }
    }
    // Step 5a
    if ends(&w, "e") {
        let stem = w.len() - 1;
        let m = measure(&w, stem);
        if m > 1 || (m == 1 && !cvc(&w, stem)) {
            w.truncate(stem);
        }
    }
    // Step 5b
    if measure(&w, w.len()) > 1 && double_cons(&w, w.len()) && w[w.len() - 1] == b'l' {
        w.truncate(w.len() - 1);
    }
    String::from_utf8(w).unwrap_or_else(|_| word.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn porter_reference_words() {
        for (w, s) in [
            ("caresses", "caress"),
            ("ponies", "poni"),
            ("cats", "cat"),
            ("feed", "feed"),
            ("agreed", "agre"),
            ("plastered", "plaster"),
            ("motoring", "motor"),
            ("conflated", "conflat"),
            ("hopping", "hop"),
            ("filing", "file"),
            ("happy", "happi"),
            ("relational", "relat"),
            ("conditional", "condit"),
            ("digitizer", "digit"),
            ("generalization", "gener"),
            ("triplicate", "triplic"),
            ("hopeful", "hope"),
            ("revival", "reviv"),
            ("adoption", "adopt"),
            ("controlling", "control"),
            ("roll", "roll"),
            ("reservations", "reserv"),
            ("athletes", "athlet"),
            ("steroids", "steroid"),
        ] {
            assert_eq!(porter_stem(w), s, "{w}");
        }
    }

    #[test]
    fn tokens_truncate_and_stem() {
        let o = Options {
            stem: true,
            word_limit: Some(3),
        };
        assert_eq!(
            tokens("The Indians' reservations, poor. Extra", &o),
            ["the", "indian", "reserv"]
        );
    }

    #[test]
    fn rouge2_identical_and_disjoint() {
        let o = Options::default();
        let (r2, su) = rouge2_su4("the cat sat on the mat", &["the cat sat on the mat"], &o);
        assert!((r2.recall - 1.0).abs() < 1e-9 && (su.recall - 1.0).abs() < 1e-9);
        let (r2, _) = rouge2_su4("dogs bark loudly", &["the cat sat on the mat"], &o);
        assert_eq!(r2.recall, 0.0);
    }

    #[test]
    fn jackknife_is_mean_of_leave_one_out() {
        let o = Options::default();
        // peer shares "a b" with ref1 only; each ref has 2 bigrams.
        let (r2, _) = rouge2_su4("a b", &["a b c", "x y z", "p q r"], &o);
        // subsets: {1,2}: 1/4, {1,3}: 1/4, {2,3}: 0 → mean 1/6.
        assert!((r2.recall - 1.0 / 6.0).abs() < 1e-9, "{r2:?}");
    }

    #[test]
    fn skip_bigram_gap() {
        let t: Vec<String> = "a b c d e f g".split(' ').map(String::from).collect();
        let c = skip_bigrams(&t, 4, false);
        assert!(c.contains_key("a f"));
        assert!(!c.contains_key("a g"));
        let u = skip_bigrams(&t, 4, true);
        assert_eq!(u.get("a"), Some(&1));
    }
}

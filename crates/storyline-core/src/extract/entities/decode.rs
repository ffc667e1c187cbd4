//! First-order Viterbi decoding over BIO labels, with the BIO constraint built in: `I-X` only
//! after `B-X` or `I-X`. Generic over the number of labels `L` (labels `0 = O`, `1 + 2k = B-k`,
//! `2 + 2k = I-k`; `L` stands for the start of the sentence in the transition table), so the
//! entity tagger and the attribution tagger share it.

#[cfg(test)]
use super::LABELS;
/// The "previous label" before a sentence's first token, for the entity labels.
#[cfg(test)]
const START: usize = LABELS;

/// Scores the decoder adds: `i32` for the quantised run-time model, `f32` while training.
pub(crate) trait Score: Copy + PartialOrd + std::ops::Add<Output = Self> {
    const NEG: Self;
}

impl Score for i32 {
    const NEG: i32 = i32::MIN / 4;
}

impl Score for f32 {
    const NEG: f32 = f32::MIN / 4.0;
}

/// Whether label `cur` may follow `prev` (`L` before the first token).
#[inline]
pub(crate) fn allowed_in<const L: usize>(prev: usize, cur: usize) -> bool {
    // Labels: 0 = O, 1 + 2k = B-k, 2 + 2k = I-k.
    if cur == 0 || cur % 2 == 1 {
        return true;
    }
    prev != L && prev != 0 && prev.div_ceil(2) == cur / 2
}

/// [`allowed_in`] for the entity labels.
#[cfg(test)]
fn allowed(prev: usize, cur: usize) -> bool {
    allowed_in::<LABELS>(prev, cur)
}

/// Best label sequence for emission scores `em` (one row per token) and transition scores
/// `trans[prev * L + cur]` (`prev` = `L` before the first token). Writes into `out`.
pub(crate) fn viterbi<S: Score, const L: usize>(em: &[[S; L]], trans: &[S], out: &mut Vec<u8>) {
    out.clear();
    let n = em.len();
    if n == 0 {
        return;
    }
    let mut back: Vec<[u8; L]> = vec![[0; L]; n];
    let mut cur = [S::NEG; L];
    for (l, c) in cur.iter_mut().enumerate() {
        if allowed_in::<L>(L, l) {
            *c = em[0][l] + trans[L * L + l];
        }
    }
    for t in 1..n {
        let mut next = [S::NEG; L];
        for l in 0..L {
            let mut best = S::NEG;
            let mut arg = 0u8;
            for (p, &sp) in cur.iter().enumerate() {
                if !allowed_in::<L>(p, l) {
                    continue;
                }
                let s = sp + trans[p * L + l];
                if s > best {
                    best = s;
                    arg = p as u8;
                }
            }
            next[l] = best + em[t][l];
            back[t][l] = arg;
        }
        cur = next;
    }
    let mut best = 0;
    for l in 1..L {
        if cur[l] > cur[best] {
            best = l;
        }
    }
    out.resize(n, 0);
    out[n - 1] = best as u8;
    for t in (1..n).rev() {
        out[t - 1] = back[t][out[t] as usize];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraint() {
        assert!(allowed(START, 0));
        assert!(allowed(START, 1));
        assert!(!allowed(START, 2));
        assert!(allowed(1, 2)); // B-PER → I-PER
        assert!(allowed(2, 2)); // I-PER → I-PER
        assert!(!allowed(3, 2)); // B-ORG → I-PER
        assert!(!allowed(0, 4)); // O → I-ORG
        assert!(allowed(4, 3)); // I-ORG → B-ORG
    }

    #[test]
    fn decodes_best_valid_path() {
        let trans = vec![0i32; (LABELS + 1) * LABELS];
        // Token 0 prefers I-PER (invalid at start) then B-PER; token 1 prefers I-PER.
        let mut em = vec![[0i32; LABELS]; 2];
        em[0][2] = 10;
        em[0][1] = 5;
        em[1][2] = 6;
        let mut out = Vec::new();
        viterbi(&em, &trans, &mut out);
        assert_eq!(out, vec![1, 2]);
        // I-ORG after B-PER is not allowed: the decoder picks the best valid alternative.
        em[1] = [0; LABELS];
        em[1][4] = 6;
        em[1][3] = 2;
        viterbi(&em, &trans, &mut out);
        assert_eq!(out, vec![1, 3]);
        viterbi::<i32, LABELS>(&[], &trans, &mut out);
        assert!(out.is_empty());
    }
}

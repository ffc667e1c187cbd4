//! The second stage of the learned attribution tagger: a content-span chooser conditioned on
//! the cue. For each content the BIO tagger proposes, a few candidate spans are built around
//! its cue (the tagged span; the clause after the cue to the sentence end; the tagged span
//! started right after the cue; cut at its first comma; for a content before its cue, from the
//! sentence start to the comma before the frame) and scored as units by a linear model over
//! hashed features of the whole span (length, position against the cue, boundary words, the
//! tagger's confidence and how much of the span it tagged, the cue's words, a source or not).
//! The best candidate is kept when its score beats rejecting the proposal (score 0) by the
//! model's threshold. It is trained (averaged perceptron) on the proposals the tagger makes on
//! held-out training documents, so it learns where the tagger's spans and decisions are wrong.

use super::{cues, reported, Tok};
use crate::extract::entities::hash;
use storyline_model::{AttributionKind, Span};

/// One candidate content span and its hashed features.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub content: Span,
    pub kind: AttributionKind,
    pub(crate) feats: Vec<u32>,
}

/// What the candidate builder needs to know about one proposal.
pub(crate) struct Context<'a> {
    pub toks: &'a [Tok],
    /// Tokens the tagger labelled as content.
    pub tagged: &'a [bool],
    /// The tagged content `[a, b)`, the cue and the source (token spans).
    pub a: usize,
    pub b: usize,
    pub cue: Option<(usize, usize)>,
    pub source: Option<(usize, usize)>,
    pub confidence: f32,
    pub kind: AttributionKind,
    pub continues: bool,
}

/// Bits of the chooser's hashed weight table.
pub(crate) const BITS: u32 = 14;

fn is_end_punct(t: &Tok) -> bool {
    !t.word && matches!(t.lower.as_str(), "." | "!" | "?" | ";")
}

fn is_opener(t: &Tok) -> bool {
    t.word && matches!(t.lower.as_str(), "that" | "whether" | "if")
        || !t.word && matches!(t.lower.as_str(), ":" | "," | "—" | "-" | "–")
}

/// The candidate token spans of one proposal, the tagged span first (deduplicated).
fn spans(c: &Context) -> Vec<(usize, usize, u64)> {
    let toks = c.toks;
    let n = toks.len();
    let mut end = n;
    while end > 0 && (is_end_punct(&toks[end - 1])) {
        end -= 1;
    }
    let mut out: Vec<(usize, usize, u64)> = vec![(c.a, c.b, 0)];
    let first_comma = |from: usize, to: usize| (from + 1..to).find(|&i| toks[i].lower == ",");
    match c.cue {
        Some((_, c1)) if c1 <= c.a => {
            let mut s = c1;
            while s + 1 < c.b && is_opener(&toks[s]) {
                s += 1;
            }
            out.push((c.a, end.max(c.b), 1));
            out.push((s, c.b, 2));
            out.push((s, end.max(c.b), 3));
            if let Some(k) = first_comma(c.a, c.b) {
                out.push((c.a, k, 4));
            }
        }
        Some((c0, _)) if c.b <= c0 => {
            // A trailing frame: the content runs from the sentence start to the comma (or
            // quote) before the frame's first word (source or cue).
            let frame = c.source.map_or(c0, |s| s.0.min(c0));
            let mut k = frame;
            while k > c.b && !toks[k - 1].word {
                k -= 1;
            }
            let mut s0 = 0;
            while s0 < c.a && !toks[s0].word && toks[s0].quote.is_none() {
                s0 += 1;
            }
            out.push((s0, c.b, 5));
            out.push((s0, k.max(c.b), 6));
            out.push((c.a, k.max(c.b), 7));
        }
        _ => {}
    }
    let mut seen: Vec<(usize, usize)> = Vec::new();
    out.retain(|&(a, b, _)| {
        let ok = a < b && b <= n && toks[a..b].iter().any(|t| t.word) && !seen.contains(&(a, b));
        seen.push((a, b));
        ok
    });
    out
}

fn bucket(x: usize) -> u64 {
    match x {
        0 => 0,
        1 => 1,
        2..=3 => 2,
        4..=6 => 3,
        7..=12 => 4,
        13..=25 => 5,
        _ => 6,
    }
}

/// The candidates of one proposal with their features (`bits` rows).
pub(crate) fn candidates(c: &Context) -> Vec<Candidate> {
    let toks = c.toks;
    let n = toks.len();
    let lw = |i: usize| hash::lower(&toks[i].lower);
    let cue_words: Vec<u64> = c.cue.map_or(Vec::new(), |(x, y)| (x..y).map(lw).collect());
    let cue_last = cue_words.last().copied().unwrap_or(1);
    let cue_first = cue_words.first().copied().unwrap_or(1);
    let cue_lex = c.cue.is_some_and(|(x, y)| {
        toks[x..y]
            .iter()
            .any(|t| cues::cue_class(&t.lower).is_some() || reported::is_noun_cue(&t.lower))
    });
    let before = c.cue.is_some_and(|(x, _)| c.b <= x);
    // A noun cue in the cue span, and whether a possessor ("his", "the mayor's") precedes it.
    let noun = c.cue.and_then(|(x, y)| {
        (x..y)
            .rev()
            .find(|&i| reported::is_noun_cue(&toks[i].lower))
    });
    let possessor = noun.is_some_and(|i| {
        i > 0 && {
            let p = &toks[i - 1].lower;
            matches!(
                p.as_str(),
                "his" | "her" | "their" | "its" | "my" | "our" | "your"
            ) || p.ends_with("'s")
                || p.ends_with("’s")
                || p.ends_with('\'')
                || p.ends_with('’')
        }
    });
    let noun_kind: u64 = match noun {
        None => 0,
        Some(_) if possessor => 1,
        Some(_) => 2,
    };
    let cue_len = c.cue.map_or(0, |(x, y)| bucket(y - x));
    let side: u64 = match c.cue {
        None => 0,
        Some(_) if before => 1,
        Some(_) => 2,
    };
    let conf = (c.confidence / 20.0).clamp(0.0, 20.0) as u64;
    let src: u64 = match c.source {
        None => 0,
        Some((s, _)) if s < c.a => 1,
        Some(_) => 2,
    };
    let kind = c.kind as u64;
    let mut out = Vec::new();
    for (a, b, variant) in spans(c) {
        let mut feats: Vec<u32> = Vec::with_capacity(32);
        let shift = 64 - BITS;
        let mut push = |template: u64, v: u64| {
            feats.push((hash::combine(hash::mix(template ^ 0xa77), v) >> shift) as u32);
        };
        let words = toks[a..b].iter().filter(|t| t.word).count();
        let wb = bucket(words);
        let tagged = (a..b).filter(|&i| c.tagged[i]).count();
        let frac = (4 * tagged / (b - a)) as u64;
        let outside = (c.a..c.b).filter(|&i| i < a || i >= b).count();
        let commas = toks[a..b].iter().filter(|t| t.lower == ",").count();
        let marks = toks[a..b]
            .iter()
            .filter(|t| {
                !t.word && super::quotes::is_quote_mark(t.lower.chars().next().unwrap_or(' '))
            })
            .count();
        let at_end = toks[b..].iter().all(|t| !t.word);
        let at_start = toks[..a].iter().all(|t| !t.word);
        let gap = match c.cue {
            Some((_, y)) if y <= a => bucket(a - y),
            Some((x, _)) if b <= x => bucket(x - b),
            _ => 7,
        };
        let v = variant;
        push(1, v);
        push(2, v << 8 | conf);
        push(3, conf);
        push(4, side << 8 | wb);
        push(5, side << 16 | src << 8 | kind);
        push(6, hash::combine(cue_last, v));
        push(7, cue_first);
        push(8, (cue_lex as u64) << 8 | side);
        push(9, hash::combine(lw(a), side));
        push(10, lw(b - 1));
        push(11, if a > 0 { lw(a - 1) } else { 2 });
        push(12, if b < n { lw(b) } else { 3 });
        push(13, side << 8 | (at_end as u64) << 1 | at_start as u64);
        push(14, v << 8 | frac);
        push(15, v << 8 | bucket(outside));
        push(16, bucket(commas) << 4 | (marks % 2) as u64);
        push(17, (c.continues as u64) << 8 | wb);
        push(18, side << 8 | gap);
        push(19, hash::combine(cue_last, wb));
        push(20, hash::combine(cue_last, side << 8 | src));
        push(21, src << 8 | wb);
        push(22, v << 8 | side);
        push(23, noun_kind << 8 | src);
        push(24, hash::combine(cue_last, noun_kind));
        push(25, cue_len << 8 | src);
        push(26, cue_len << 8 | wb);
        let quoted = toks[a..b].iter().filter(|t| t.quote.is_some()).count();
        let first_mark = !toks[a].word
            && super::quotes::is_quote_mark(toks[a].lower.chars().next().unwrap_or(' '));
        let kind = if quoted == 0 {
            AttributionKind::Indirect
        } else if quoted == b - a || (first_mark && quoted + 1 >= b - a) {
            AttributionKind::Direct
        } else {
            AttributionKind::Partial
        };
        out.push(Candidate {
            kind,
            content: Span::new(toks[a].start, toks[b - 1].end),
            feats,
        });
    }
    out
}

/// A rule attribution as a one-candidate unit for the veto ([`super::AttributionModel::veto`]):
/// hashed features of its cue in context, its speaker and its content (kind, length, side of
/// the cue, boundary words). `doc`'s sentences holding the attribution must be tokenised.
pub(crate) fn rule_candidate(doc: &super::Doc, m: &super::QuoteMention) -> Candidate {
    let shift = 64 - BITS;
    let mut feats: Vec<u32> = Vec::with_capacity(32);
    let mut push = |template: u64, v: u64| {
        feats.push((hash::combine(hash::mix(template ^ 0x5e70), v) >> shift) as u32);
    };
    let kind = m.kind as u64;
    let anchor = m.cue.map_or(m.content.start, |c| c.start);
    let toks: &[Tok] = doc.sent_of(anchor).map_or(&[], |si| &doc.sents[si].toks);
    let at = |pos: usize| toks.partition_point(|t| t.end <= pos);
    let lw = |i: usize| toks.get(i).map_or(3, |t| hash::lower(&t.lower));
    let words = |s: Span| {
        toks.iter()
            .filter(|t| t.word && s.start <= t.start && t.start < s.end)
            .count()
    };
    // Cue: its words, the words around it.
    let (cue_first, cue_last, before, after) = match m.cue {
        Some(c) => {
            let i = at(c.start);
            let j = toks.partition_point(|t| t.start < c.end);
            let first = lw(i);
            let last = if j > i { lw(j - 1) } else { first };
            let before = if i > 0 { lw(i - 1) } else { 2 };
            (first, last, before, lw(j))
        }
        None => (1, 1, 1, 1),
    };
    push(1, kind);
    push(2, hash::combine(cue_last, kind));
    push(3, hash::combine(cue_first, cue_last));
    push(4, hash::combine(cue_last, after));
    push(5, hash::combine(before, cue_last));
    push(6, after);
    // Content: size, side of the cue, parts, boundary words, quote marks.
    let n_words: usize = m.parts.iter().map(|&p| words(p)).sum();
    let wb = bucket(n_words);
    let side: u64 = match m.cue {
        None => 0,
        Some(c) if c.start >= m.content.end => 1,
        Some(c) if c.end <= m.content.start => 2,
        Some(_) => 3,
    };
    push(7, kind << 16 | side << 8 | wb);
    push(8, hash::combine(cue_last, side << 8 | wb));
    push(9, (m.parts.len().min(4) as u64) << 8 | kind);
    let ci = at(m.content.start);
    push(10, hash::combine(lw(ci), side));
    let ce = toks.partition_point(|t| t.start < m.content.end);
    push(11, if ce > 0 { lw(ce - 1) } else { 3 });
    let at_end = toks[ce.min(toks.len())..].iter().all(|t| !t.word);
    push(12, (at_end as u64) << 8 | side << 4 | kind);
    let commas = toks
        .iter()
        .filter(|t| t.lower == "," && m.content.start <= t.start && t.start < m.content.end)
        .count();
    push(13, bucket(commas) << 8 | kind);
    // Speaker: none, a pronoun, a name (capitalised), other; resolved or not; its last word.
    let sp: u64 = match m.speaker_span {
        None => 0,
        Some(s) => {
            let i = at(s.start);
            let j = toks.partition_point(|t| t.start < s.end);
            match toks.get(i) {
                Some(t) if j == i + 1 && super::cues::is_pronoun(&t.lower) => 1,
                Some(t) if t.cap => 2,
                _ => 3,
            }
        }
    };
    push(14, sp << 8 | (m.speaker.is_some() as u64) << 4 | kind);
    push(15, hash::combine(cue_last, sp));
    if let Some(s) = m.speaker_span {
        let j = toks.partition_point(|t| t.start < s.end);
        push(16, if j > 0 { lw(j - 1) } else { 3 });
    }
    push(17, sp << 8 | side << 4 | wb.min(7));
    let cue_lex = m.cue.is_some_and(|c| {
        toks.iter()
            .filter(|t| c.start <= t.start && t.start < c.end)
            .any(|t| cues::cue_class(&t.lower).is_some())
    });
    push(18, (cue_lex as u64) << 8 | kind << 4 | side);
    {
        // The speaker's entity kind, a cue inside a quote, the content's first words.
        let ent = m.speaker_span.map_or(9, |s| {
            doc.entities_in(s.start, s.end)
                .next()
                .map_or(0, |e| e.kind as u64 + 1)
        });
        push(19, ent << 8 | kind << 4 | side);
        push(20, hash::combine(cue_last, ent));
        let cue_quoted = m
            .cue
            .is_some_and(|c| toks.get(at(c.start)).is_some_and(|t| t.quote.is_some()));
        push(21, (cue_quoted as u64) << 8 | kind);
        push(22, hash::combine(lw(ci), lw(ci + 1)));
        push(23, hash::combine(lw(ci), cue_last));
        let n_sent_words = toks.iter().filter(|t| t.word).count();
        push(24, bucket(n_sent_words) << 8 | wb);
    }
    {
        // The sentence's place in the article, what follows the content, its last word, a
        // cue word inside it.
        let si = doc.sent_of(anchor).unwrap_or(0) as u64;
        push(25, si.min(3) << 8 | kind << 4 | side);
        push(26, hash::combine(lw(ce), side));
        push(27, hash::combine(if ce > 0 { lw(ce - 1) } else { 3 }, kind));
        let inner_cue = toks
            .iter()
            .filter(|t| t.word && m.content.start <= t.start && t.start < m.content.end)
            .any(|t| cues::cue_class(&t.lower).is_some());
        push(28, (inner_cue as u64) << 8 | kind << 4 | side);
    }
    Candidate {
        content: m.content,
        kind: m.kind,
        feats,
    }
}

/// The chooser's weights (2^[`BITS`] rows).
#[derive(Debug, Clone, PartialEq)]
pub struct Chooser {
    pub(crate) w: Vec<f32>,
}

impl Chooser {
    pub fn score(&self, c: &Candidate) -> f32 {
        c.feats.iter().map(|&f| self.w[f as usize]).sum()
    }

    /// The best candidate and its score (rejecting scores 0).
    pub fn best(&self, cands: &[Candidate]) -> Option<(usize, f32)> {
        let mut best: Option<(usize, f32)> = None;
        for (i, c) in cands.iter().enumerate() {
            let s = self.score(c);
            if best.is_none_or(|(_, b)| s > b) {
                best = Some((i, s));
            }
        }
        best
    }

    /// Trains on `(candidates, index of the right candidate or None to reject)`; an averaged
    /// perceptron, deterministic.
    pub fn train(data: &[(&[Candidate], Option<usize>)], epochs: usize, seed: u64) -> Chooser {
        let rows = 1usize << BITS;
        let mut w = vec![0f32; rows];
        let mut sum = vec![0f64; rows];
        let mut stamp = vec![0u64; rows];
        let mut t: u64 = 1;
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut rng = seed | 1;
        for _ in 0..epochs {
            for i in (1..order.len()).rev() {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                order.swap(i, (rng % (i as u64 + 1)) as usize);
            }
            for &k in &order {
                let (cands, gold) = data[k];
                let mut pred: Option<usize> = None;
                let mut best = 0f32;
                for (i, c) in cands.iter().enumerate() {
                    let s: f32 = c.feats.iter().map(|&f| w[f as usize]).sum();
                    if s > best {
                        best = s;
                        pred = Some(i);
                    }
                }
                if pred != gold {
                    let mut upd = |feats: &[u32], d: f32| {
                        for &f in feats {
                            let f = f as usize;
                            sum[f] += (t - stamp[f]) as f64 * w[f] as f64;
                            stamp[f] = t;
                            w[f] += d;
                        }
                    };
                    if let Some(g) = gold {
                        upd(&cands[g].feats, 1.0);
                    }
                    if let Some(p) = pred {
                        upd(&cands[p].feats, -1.0);
                    }
                }
                t += 1;
            }
        }
        let w = (0..rows)
            .map(|f| {
                let total = sum[f] + (t - stamp[f]) as f64 * w[f] as f64;
                (total / t as f64) as f32
            })
            .collect();
        Chooser { w }
    }

    pub(crate) fn write(&self, b: &mut Vec<u8>) {
        let nz: Vec<(u32, f32)> = self
            .w
            .iter()
            .enumerate()
            .filter(|(_, &x)| x != 0.0)
            .map(|(i, &x)| (i as u32, x))
            .collect();
        b.extend_from_slice(&(nz.len() as u32).to_le_bytes());
        for (i, x) in nz {
            b.extend_from_slice(&i.to_le_bytes());
            b.extend_from_slice(&x.to_le_bytes());
        }
    }

    pub(crate) fn read(
        r: &mut crate::extract::entities::model::Reader,
    ) -> Result<Chooser, crate::extract::entities::model::ModelError> {
        let rows = 1usize << BITS;
        let mut w = vec![0f32; rows];
        let n = r.u32()? as usize;
        for _ in 0..n {
            let i = r.u32()? as usize;
            let x = f32::from_bits(r.u32()?);
            *w.get_mut(i).ok_or_else(|| {
                crate::extract::entities::model::ModelError::Format(format!("chooser row {i}"))
            })? = x;
        }
        Ok(Chooser { w })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::attribution::tokenize;

    fn toks(text: &str) -> (Vec<char>, Vec<Tok>) {
        let chars: Vec<char> = text.chars().collect();
        let t = tokenize(&chars, Span::new(0, chars.len()));
        (chars, t)
    }

    fn text_of(chars: &[char], s: Span) -> String {
        chars[s.start..s.end].iter().collect()
    }

    #[test]
    fn candidates_around_the_cue() {
        // The tagger stopped the content early and took "that" into it.
        let (chars, t) =
            toks("The mayor said that the bridge would reopen in May, officials hoped.");
        let tagged: Vec<bool> = (0..t.len()).map(|i| (3..6).contains(&i)).collect();
        let ctx = Context {
            toks: &t,
            tagged: &tagged,
            a: 3,
            b: 6,
            cue: Some((2, 3)),
            source: Some((0, 2)),
            confidence: 50.0,
            kind: AttributionKind::Indirect,
            continues: false,
        };
        let c = candidates(&ctx);
        let texts: Vec<String> = c.iter().map(|c| text_of(&chars, c.content)).collect();
        assert_eq!(texts[0], "that the bridge");
        assert!(texts.contains(&"the bridge".to_string()), "{texts:?}");
        assert!(
            texts.contains(&"the bridge would reopen in May, officials hoped".to_string()),
            "{texts:?}"
        );
        assert!(c.iter().all(|c| !c.feats.is_empty()));
        // A trailing frame: from the sentence start to the comma before the frame (without
        // the marks, as the rules' direct quotes).
        let (chars, t) = toks("“Taxes will rise next year,” the treasurer warned.");
        let tagged = vec![false; t.len()];
        let ctx = Context {
            toks: &t,
            tagged: &tagged,
            a: 1,
            b: 3,
            cue: Some((9, 10)),
            source: Some((7, 9)),
            confidence: 50.0,
            kind: AttributionKind::Indirect,
            continues: false,
        };
        let texts: Vec<String> = candidates(&ctx)
            .iter()
            .map(|c| text_of(&chars, c.content))
            .collect();
        assert!(
            texts.contains(&"Taxes will rise next year".to_string()),
            "{texts:?}"
        );
    }

    #[test]
    fn chooser_learns_a_preferred_candidate_and_when_to_reject() {
        let (_, t) = toks("The mayor said that the bridge would reopen in May.");
        let tagged = vec![false; t.len()];
        let ctx = |conf: f32| Context {
            toks: &t,
            tagged: &tagged,
            a: 3,
            b: 6,
            cue: Some((2, 3)),
            source: Some((0, 2)),
            confidence: conf,
            kind: AttributionKind::Indirect,
            continues: false,
        };
        let sure = candidates(&ctx(200.0));
        let unsure = candidates(&ctx(0.0));
        // The clause after "that" to the sentence end is right when the tagger is sure, and
        // nothing is right when it is not.
        let want = sure
            .iter()
            .position(|c| c.content == Span::new(20, 50))
            .expect("clause candidate");
        let data: Vec<(&[Candidate], Option<usize>)> = (0..20)
            .map(|i| {
                if i % 2 == 0 {
                    (&sure[..], Some(want))
                } else {
                    (&unsure[..], None)
                }
            })
            .collect();
        let ch = Chooser::train(&data, 5, 7);
        let (best, score) = ch.best(&sure).expect("candidates");
        assert_eq!(best, want);
        assert!(score > 0.0);
        assert!(ch.best(&unsure).expect("candidates").1 <= 0.0);
        assert_eq!(Chooser::train(&data, 5, 7), ch, "deterministic");
        let mut b = Vec::new();
        ch.write(&mut b);
        let mut r = crate::extract::entities::model::Reader { b: &b };
        assert_eq!(Chooser::read(&mut r).expect("reads back"), ch);
        assert!(r.b.is_empty());
    }
}

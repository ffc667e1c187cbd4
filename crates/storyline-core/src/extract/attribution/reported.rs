//! Reported speech: `X said (that) …`, `X told reporters …`, `according to X, …`,
//! `…, X said.`, `…, said X.`, `The deal, he said, was …`; with partial quotes inside.

use super::cues::{self, CueClass};
use super::direct::{make, Frame};
use super::speaker;
use super::{Doc, QuoteMention, Tok};
use storyline_model::{AttributionKind, Span};

/// Verbs whose object (the addressee) comes before the content: "told reporters …".
fn takes_addressee(lower: &str) -> bool {
    matches!(
        lower,
        "told"
            | "tell"
            | "tells"
            | "telling"
            | "asked"
            | "ask"
            | "asks"
            | "informed"
            | "assured"
            | "reminded"
            | "warned"
            | "urged"
            | "advised"
            | "promised"
            | "called"
            | "calls"
    )
}

fn is_gerund_cue(t: &Tok) -> bool {
    t.word && t.lower.ends_with("ing") && cues::cue_class(&t.lower) == Some(CueClass::Speech)
}

fn cue_at(toks: &[Tok], i: usize) -> Option<CueClass> {
    let t = &toks[i];
    if !t.word || t.quote.is_some() {
        return None;
    }
    if t.cap && i > 0 {
        return None;
    }
    let class = cues::cue_class(&t.lower)?;
    // "to say", "the report", "a claim", "his warning": not a verb here.
    if i > 0
        && matches!(
            toks[i - 1].lower.as_str(),
            "to" | "the"
                | "a"
                | "an"
                | "his"
                | "her"
                | "their"
                | "its"
                | "this"
                | "that"
                | "of"
                | "new"
                | "latest"
        )
    {
        return None;
    }
    Some(class)
}

fn is_according(toks: &[Tok], i: usize) -> bool {
    toks[i].lower == "according" && toks.get(i + 1).is_some_and(|t| t.lower == "to")
}

fn words_in(toks: &[Tok], s: usize, e: usize) -> usize {
    toks[s..e].iter().filter(|t| t.word).count()
}

fn part(toks: &[Tok], s: usize, e: usize) -> Option<Span> {
    let mut s = s;
    let mut e = e;
    while s < e && !toks[s].word && toks[s].quote.is_none() {
        s += 1;
    }
    while e > s && !toks[e - 1].word && toks[e - 1].quote.is_none() {
        e -= 1;
    }
    (e > s).then(|| Span::new(toks[s].start, toks[e - 1].end))
}

/// Where the content of a cue at `c` begins: after "that", the addressee or adjuncts.
fn content_start(doc: &Doc, toks: &[Tok], c: usize, e: usize) -> usize {
    let mut j = c + 1;
    // "said Tuesday that", "told reporters on Air Force One that"
    let window = (j..e.min(j + 9)).find(|&i| toks[i].lower == "that" && toks[i].quote.is_none());
    if let Some(w) = window {
        if toks[j..w].iter().all(|t| {
            t.word && cues::cue_class(&t.lower).is_none() || t.lower == "’s" || t.lower == ","
        }) {
            return w + 1;
        }
    }
    if takes_addressee(&toks[c].lower) && j < e && toks[j].word && toks[j].quote.is_none() {
        if let Some(np) = speaker::np_after(doc, toks, j, e) {
            j = np.end;
        }
    }
    j = skip_time(toks, j, e);
    while j < e && matches!(toks[j].lower.as_str(), ":" | ",") {
        j += 1;
    }
    j
}

fn is_time_word(lower: &str) -> bool {
    matches!(
        lower,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "today"
            | "yesterday"
            | "tonight"
            | "night"
            | "morning"
            | "afternoon"
            | "evening"
            | "week"
            | "weekend"
            | "month"
            | "year"
    )
}

/// Skips "on Tuesday", "late Monday", "last week", "yesterday" after a cue.
fn skip_time(toks: &[Tok], mut j: usize, e: usize) -> usize {
    loop {
        if j < e && is_time_word(&toks[j].lower) {
            j += 1;
        } else if j + 1 < e
            && matches!(
                toks[j].lower.as_str(),
                "on" | "late" | "early" | "last" | "this" | "earlier"
            )
            && is_time_word(&toks[j + 1].lower)
        {
            j += 2;
        } else {
            return j;
        }
    }
}

/// End of a content starting at `s`: the sentence end `e`, or a ", adding …" that starts
/// another attribution of the same speaker.
fn content_end(toks: &[Tok], s: usize, e: usize) -> (usize, Option<usize>) {
    for i in s..e.saturating_sub(1) {
        if toks[i].lower == "," && toks[i].quote.is_none() && is_gerund_cue(&toks[i + 1]) {
            return (i, Some(i + 1));
        }
    }
    (e, None)
}

/// Adds the reported speech of the sentences no direct quote took.
pub(crate) fn reported(doc: &Doc, out: &mut Vec<QuoteMention>) {
    let mut covered = vec![false; doc.sents.len()];
    let mut earlier: Vec<(usize, Span, Option<Span>)> = Vec::new();
    for m in out.iter() {
        let mut marks = vec![m.content.start, m.content.end.saturating_sub(1)];
        if let Some(c) = m.cue {
            marks.push(c.start);
        }
        let lo = marks.iter().filter_map(|&p| doc.sent_of(p)).min();
        let hi = marks.iter().filter_map(|&p| doc.sent_of(p)).max();
        if let (Some(lo), Some(hi)) = (lo, hi) {
            covered[lo..=hi].iter_mut().for_each(|c| *c = true);
        }
        if let (Some(ws), Some(c)) = (m.speaker_span, m.cue) {
            if let Some(s) = doc.sent_of(c.start) {
                earlier.push((s, ws, m.speaker));
            }
        }
    }
    for (si, sent) in doc.sents.iter().enumerate() {
        if !sent.candidate || covered[si] || sent.toks.is_empty() {
            continue;
        }
        let found = sentence(doc, si, &earlier);
        for m in found {
            if let (Some(ws), Some(_)) = (m.speaker_span, m.cue) {
                earlier.push((si, ws, m.speaker));
            }
            out.push(m);
        }
    }
}

fn kind_of(toks: &[Tok], s: usize, e: usize) -> AttributionKind {
    if toks[s..e].iter().any(|t| t.quote.is_some()) {
        AttributionKind::Partial
    } else {
        AttributionKind::Indirect
    }
}

fn sentence(doc: &Doc, si: usize, earlier: &[(usize, Span, Option<Span>)]) -> Vec<QuoteMention> {
    let toks = &doc.sents[si].toks;
    let mut e = toks.len();
    while e > 0 && !toks[e - 1].word && toks[e - 1].quote.is_none() {
        e -= 1;
    }
    let mut out = Vec::new();
    if e == 0 {
        return out;
    }
    if let Some(m) = trailing(doc, si, toks, e, earlier) {
        out.push(m);
        return out;
    }
    // Left to right: "X said (that) …".
    let mut i = 0;
    while i < e {
        if is_according(toks, i) && (i == 0 || toks[i - 1].lower == ",") && toks[i].quote.is_none()
        {
            // "According to X, …"
            if let Some(comma) = (i + 2..e).find(|&k| toks[k].lower == ",") {
                let np = speaker::np_after(doc, toks, i + 2, comma);
                if let Some(p) = part(toks, comma + 1, e) {
                    if words_in(toks, comma + 1, e) >= 3 {
                        let f = Frame {
                            cue: (i, i + 2),
                            np,
                            end: comma,
                        };
                        let kind = kind_of(toks, comma + 1, e);
                        out.push(make(doc, si, kind, vec![p], Some(f), earlier));
                        return out;
                    }
                }
            }
            i += 2;
            continue;
        }
        let Some(class) = cue_at(toks, i) else {
            i += 1;
            continue;
        };
        let Some(np) = speaker::np_before(doc, toks, i, 0) else {
            i += 1;
            continue;
        };
        // The speaker must begin a clause.
        if np.start > 0
            && !matches!(
                toks[np.start - 1].lower.as_str(),
                "," | "and" | "but" | ":" | ";" | "—" | "as" | "because" | "while" | "when" | "so"
            )
            && toks[np.start - 1].word
            && !toks[..np.start].iter().any(|t| t.lower == ",")
            && np.start > 3
        {
            i += 1;
            continue;
        }
        let s = content_start(doc, toks, i, e);
        let (ce, next) = content_end(toks, s, e);
        let min_words = if class == CueClass::Speech { 2 } else { 3 };
        if words_in(toks, s, ce) < min_words {
            i += 1;
            continue;
        }
        let Some(p) = part(toks, s, ce) else {
            i += 1;
            continue;
        };
        let f = Frame {
            cue: (i, i + 1),
            np: Some(np),
            end: i + 1,
        };
        out.push(make(
            doc,
            si,
            kind_of(toks, s, ce),
            vec![p],
            Some(f),
            earlier,
        ));
        if let Some(g) = next {
            // ", adding that …": the same speaker, another content.
            let s2 = content_start(doc, toks, g, e);
            if let Some(p2) = part(toks, s2, e).filter(|_| words_in(toks, s2, e) >= 2) {
                let mut m = make(
                    doc,
                    si,
                    kind_of(toks, s2, e),
                    vec![p2],
                    Some(Frame {
                        cue: (g, g + 1),
                        np: None,
                        end: g + 1,
                    }),
                    earlier,
                );
                let first = &out[out.len() - 1];
                m.speaker = first.speaker;
                m.speaker_text = first.speaker_text.clone();
                out.push(m);
            }
        }
        break;
    }
    out
}

/// "…, X said (on Tuesday)." / "…, said X, a spokeswoman." / "…, according to X." /
/// "The deal, he said, was dead."
fn trailing(
    doc: &Doc,
    si: usize,
    toks: &[Tok],
    e: usize,
    earlier: &[(usize, Span, Option<Span>)],
) -> Option<QuoteMention> {
    // The last comma-introduced frame.
    let commas: Vec<usize> = (1..e)
        .filter(|&k| toks[k].lower == "," && toks[k].quote.is_none())
        .collect();
    for &m in commas.iter().rev() {
        let k = m + 1;
        if k >= e {
            continue;
        }
        let (cue, np, frame_end) = if is_according(toks, k) {
            let np = speaker::np_after(doc, toks, k + 2, e);
            ((k, k + 2), np, np.map_or(k + 2, |n| n.end))
        } else if let Some(c) = (k..e.min(k + 10)).find(|&c| cue_at(toks, c).is_some()) {
            if c == k {
                let np = speaker::np_after(doc, toks, c + 1, e)?;
                ((c, c + 1), Some(np), np.end)
            } else {
                match speaker::np_before(doc, toks, c, k) {
                    Some(np) if np.start == k => ((c, c + 1), Some(np), c + 1),
                    _ => continue,
                }
            }
        } else {
            continue;
        };
        // What follows the frame: adjuncts up to the end, or ", …" resuming the content.
        let rest = &toks[frame_end..e];
        if rest.iter().any(|t| t.lower == "that" || t.quote.is_some()) {
            return None;
        }
        let resume = rest
            .iter()
            .position(|t| t.lower == ",")
            .map(|p| frame_end + p + 1);
        let mut parts = Vec::new();
        parts.extend(part(toks, 0, m));
        let mut tail_words = 0;
        if let Some(r) = resume {
            tail_words = words_in(toks, r, e);
            if tail_words >= 2 && r - frame_end <= 3 {
                parts.extend(part(toks, r, e));
            } else {
                tail_words = 0;
            }
        }
        if tail_words == 0 && rest.len() > 10 {
            return None;
        }
        if words_in(toks, 0, m) + tail_words < 3 || parts.is_empty() {
            return None;
        }
        let kind = if toks[..e].iter().any(|t| t.quote.is_some()) {
            AttributionKind::Partial
        } else {
            AttributionKind::Indirect
        };
        let f = Frame {
            cue,
            np,
            end: frame_end,
        };
        return Some(make(doc, si, kind, parts, Some(f), earlier));
    }
    None
}

//! Direct quotes: a quoted stretch that is its sentence(s) apart from an attribution frame.

use super::cues::{self, CueClass};
use super::speaker::{self, Np, Speaker};
use super::{Doc, QuoteMention, Tok};
use storyline_model::{AttributionKind, Span};

/// A frame: the cue (tokens `[cue.0, cue.1)`) and the speaker phrase.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    pub cue: (usize, usize),
    pub np: Option<Np>,
    /// One past the frame's last token.
    pub end: usize,
}

#[derive(Debug, Clone, Copy)]
enum Side {
    Empty,
    Frame(Frame),
    Other,
}

fn is_cue(t: &Tok) -> Option<CueClass> {
    if !t.word || t.quote.is_some() {
        return None;
    }
    cues::cue_class(&t.lower).filter(|&c| c != CueClass::Seem)
}

fn is_filler(t: &Tok) -> bool {
    !t.word && matches!(t.lower.as_str(), "," | "—" | "–" | "-" | ":" | ";")
}

fn is_final(t: &Tok) -> bool {
    !t.word && matches!(t.lower.as_str(), "." | "!" | "?" | ")" | "…" | "]")
}

/// Span of a frame's cue tokens.
pub(crate) fn cue_span(toks: &[Tok], cue: (usize, usize)) -> Span {
    Span::new(toks[cue.0].start, toks[cue.1 - 1].end)
}

/// `, X said …` / `, said X …` / `X said` after a quote: tokens `[b, hi)`.
fn post_frame(doc: &Doc, toks: &[Tok], b: usize, hi: usize) -> Side {
    let mut k = b;
    while k < hi && is_filler(&toks[k]) {
        k += 1;
    }
    if toks[k..hi].iter().all(is_final) {
        return Side::Empty;
    }
    // Room for a long appositive: "…,” Jane Doe, the Democratic chair of Palm Beach
    // County, said.
    let limit = hi.min(k + 24);
    let Some(c) = (k..limit).find(|&i| is_cue(&toks[i]).is_some()) else {
        return Side::Other;
    };
    if c > k {
        match speaker::np_before(doc, toks, c, k) {
            Some(np) if np.start == k => Side::Frame(Frame {
                cue: (c, c + 1),
                np: Some(np),
                end: c + 1,
            }),
            _ => Side::Other,
        }
    } else {
        let np = speaker::np_after(doc, toks, c + 1, hi);
        Side::Frame(Frame {
            cue: (c, c + 1),
            np,
            end: np.map_or(c + 1, |n| n.end),
        })
    }
}

/// `X said:` / `X told reporters,` / `According to X,` before a quote: tokens `[0, a)`; else
/// `Clinton has since apologized for what happened: "…"` — a short clause opened by its
/// subject and closed by a colon.
fn pre_frame(doc: &Doc, toks: &[Tok], a: usize) -> Side {
    let side = pre_frame_cue(doc, toks, a);
    if !matches!(side, Side::Other) || a < 3 || toks[a - 1].lower != ":" || a > 24 {
        return side;
    }
    let mut k = 0;
    while k < a && matches!(toks[k].lower.as_str(), "but" | "and" | "so" | "yet") {
        k += 1;
    }
    let t = &toks[k];
    if !t.word || t.quote.is_some() || !(t.cap || cues::is_pronoun(&t.lower)) {
        return side;
    }
    if toks[k..a - 1].iter().any(|t| t.quote.is_some()) {
        return side;
    }
    match speaker::np_after(doc, toks, k, a - 1) {
        Some(np) if np.end + 1 < a => Side::Frame(Frame {
            cue: (np.end, a - 1),
            np: Some(np),
            end: a - 1,
        }),
        _ => side,
    }
}

fn pre_frame_cue(doc: &Doc, toks: &[Tok], a: usize) -> Side {
    if a == 0 {
        return Side::Empty;
    }
    let mut e = a;
    while e > 0 && (is_filler(&toks[e - 1]) || toks[e - 1].lower == "that") {
        e -= 1;
    }
    if e == 0 {
        return Side::Empty;
    }
    // "According to X,"
    if let Some(c) = (0..e.saturating_sub(1))
        .find(|&i| toks[i].lower == "according" && toks[i + 1].lower == "to")
    {
        if c == 0 || is_filler(&toks[c - 1]) {
            let np = speaker::np_after(doc, toks, c + 2, e);
            return Side::Frame(Frame {
                cue: (c, c + 2),
                np,
                end: e,
            });
        }
    }
    let Some(c) = (0..e).rev().find(|&i| is_cue(&toks[i]).is_some()) else {
        return Side::Other;
    };
    if e - c > 9 {
        return Side::Other;
    }
    // `called the deal “a disaster”`: the object belongs to the content (reported speech).
    if e - c > 1 && is_cue(&toks[c]) == Some(CueClass::Object) {
        return Side::Other;
    }
    if reported_subject_before_quote(toks, c, e, a) {
        return Side::Other;
    }
    match speaker::np_before(doc, toks, c, 0) {
        Some(np) if np.start == 0 || is_filler(&toks[np.start - 1]) => Side::Frame(Frame {
            cue: (c, c + 1),
            np: Some(np),
            end: e,
        }),
        _ => Side::Other,
    }
}

/// `said that Sanders supporters sent “vile emails”`, `said he was “excited”`, `says the
/// businessman “can’t win”`: between the cue (token `c`) and the quote (at `a`, frame ending at
/// `e`) a reported clause begins, so the quote is partial, not the whole content.
fn reported_subject_before_quote(toks: &[Tok], c: usize, e: usize, a: usize) -> bool {
    if e <= c + 1 {
        return false;
    }
    let next = &toks[c + 1];
    // "said that X …" with words after "that".
    if toks[c + 1..e]
        .iter()
        .enumerate()
        .any(|(k, t)| t.lower == "that" && c + 1 + k + 1 < e)
    {
        return true;
    }
    if !next.word || next.quote.is_some() {
        return false;
    }
    if matches!(
        next.lower.as_str(),
        "he" | "she" | "they" | "we" | "it" | "i"
    ) {
        return true;
    }
    // "says the billionaire “…”" (no comma or colon before the quote): a subject, unless the
    // verb takes its addressee first ("told the crowd “…”").
    e == a
        && !matches!(
            toks[c].lower.as_str(),
            "told"
                | "tell"
                | "tells"
                | "asked"
                | "asks"
                | "ask"
                | "reminded"
                | "assured"
                | "warned"
        )
        && (cues::is_determiner(&next.lower) || next.cap)
}

/// `he told Hewitt, “…”`, `he said of Trump, “…”`, `she said on Tuesday, “…”`: a short
/// addressee or adjunct after the frame, closed by a comma or colon before the quote resumes.
fn frame_adjunct(toks: &[Tok]) -> bool {
    let Some(last) = toks.last() else {
        return false;
    };
    toks.len() <= 10
        && matches!(last.lower.as_str(), "," | ":" | "—" | "–")
        && toks[0].word
        && toks.iter().all(|t| {
            t.quote.is_none()
                && (!t.word
                    || cues::cue_class(&t.lower).is_none()
                        && !matches!(
                            t.lower.as_str(),
                            "he" | "she" | "they" | "we" | "i" | "but" | "because" | "while"
                        ))
        })
}

/// Index of the first token of `toks` at or after `pos`.
fn tok_at(toks: &[Tok], pos: usize) -> usize {
    toks.partition_point(|t| t.start < pos)
}

pub(crate) fn make(
    doc: &Doc,
    si: usize,
    kind: AttributionKind,
    parts: Vec<Span>,
    frame: Option<Frame>,
    earlier: &[(usize, Span, Option<Span>)],
) -> QuoteMention {
    let toks = &doc.sents[si].toks;
    let speaker: Option<Speaker> = frame
        .and_then(|f| f.np)
        .map(|np| speaker::resolve(doc, si, np, earlier));
    let content = Span::new(
        parts.first().map_or(0, |p| p.start),
        parts.last().map_or(0, |p| p.end),
    );
    QuoteMention {
        kind,
        content,
        parts,
        cue: frame.map(|f| cue_span(toks, f.cue)),
        speaker: speaker.as_ref().and_then(|s| s.resolved),
        speaker_span: speaker.as_ref().map(|s| s.written),
        speaker_text: speaker.map(|s| s.text),
    }
}

/// All direct quotes of the document.
pub(crate) fn direct_quotes(doc: &Doc) -> Vec<QuoteMention> {
    let mut out: Vec<QuoteMention> = Vec::new();
    let mut earlier: Vec<(usize, Span, Option<Span>)> = Vec::new();
    // The last direct attribution: index in `out`, paragraph, sentence.
    let mut last: Option<(usize, usize, usize)> = None;
    let quotes = &doc.quotes;
    let mut qi = 0;
    while qi < quotes.len() {
        let q = &quotes[qi];
        let (Some(si), Some(sj)) = (doc.sent_of(q.start()), doc.sent_of(q.end() - 1)) else {
            qi += 1;
            continue;
        };
        let pre_toks = &doc.sents[si].toks;
        let post_toks = &doc.sents[sj].toks;
        let a = tok_at(pre_toks, q.start());
        let b = tok_at(post_toks, q.end());
        // The post region stops at the next quote of the same sentence.
        let next_in_sent = quotes
            .get(qi + 1)
            .filter(|n| n.start() < doc.sents[sj].span.end);
        let hi = next_in_sent.map_or(post_toks.len(), |n| tok_at(post_toks, n.start()));
        let pre = pre_frame(doc, pre_toks, a);
        let post = if b <= hi {
            post_frame(doc, post_toks, b, hi)
        } else {
            Side::Other
        };
        let words = q.words(&doc.chars);
        let mut parts = q.parts.clone();
        let mut consumed = 1;
        let (frame, fs) = match (pre, post) {
            (Side::Other, _) | (_, Side::Other) => {
                qi += 1;
                continue; // embedded: partial or scare quote, left to reported speech
            }
            (Side::Frame(f), Side::Empty) => (Some(f), si),
            (_, Side::Frame(f)) => {
                // "…," he said, "…"  → one attribution, two parts.
                if let Some(n) = next_in_sent {
                    if post_toks[f.end..hi]
                        .iter()
                        .all(|t| is_filler(t) || t.word && t.lower == "and")
                        || frame_adjunct(&post_toks[f.end..hi])
                    {
                        parts.extend(n.parts.iter().copied());
                        consumed = 2;
                    }
                }
                (Some(f), sj)
            }
            (Side::Empty, Side::Empty) => (None, sj),
        };
        if frame.is_none() {
            // A quote standing alone: continues the last speaker's quote in the same
            // paragraph, or the same speaker in the next one.
            let para = doc.sents[si].para;
            match last {
                Some((li, lp, ls)) if lp == para && si <= ls + 2 => {
                    let m = &mut out[li];
                    m.parts.extend(parts.iter().copied());
                    m.content.end = m.parts.last().map_or(m.content.end, |p| p.end);
                    last = Some((li, lp, sj));
                }
                Some((li, lp, ls)) if lp + 1 == para && si <= ls + 2 && words >= 3 => {
                    let prev = out[li].clone();
                    let content = Span::new(parts[0].start, parts[parts.len() - 1].end);
                    out.push(QuoteMention {
                        kind: AttributionKind::Direct,
                        content,
                        parts,
                        cue: None,
                        speaker: prev.speaker,
                        speaker_span: None,
                        speaker_text: prev.speaker_text,
                    });
                    last = Some((out.len() - 1, para, sj));
                }
                _ if words >= 3 => {
                    out.push(make(
                        doc,
                        si,
                        AttributionKind::Direct,
                        parts,
                        None,
                        &earlier,
                    ));
                    last = Some((out.len() - 1, para, sj));
                }
                _ => {}
            }
            qi += consumed;
            continue;
        }
        if words < 2 && fs == si && matches!(pre, Side::Frame(_)) && a > 0 {
            // `He called it "unfair"` is no direct quote.
            qi += 1;
            continue;
        }
        let m = make(doc, fs, AttributionKind::Direct, parts, frame, &earlier);
        if let Some(ws) = m.speaker_span {
            earlier.push((fs, ws, m.speaker));
        }
        out.push(m);
        last = Some((out.len() - 1, doc.sents[sj].para, sj));
        qi += consumed;
    }
    out
}

//! Speaker phrases next to a cue, and what they resolve to.

use super::cues;
use super::{Doc, Tok};
use crate::extract::entities::EntitySpan;
use storyline_model::{EntityKind, Span};

/// A speaker phrase: tokens `[start, end)` of one sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Np {
    pub start: usize,
    pub end: usize,
}

/// A resolved speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Speaker {
    pub written: Span,
    pub text: String,
    pub resolved: Option<Span>,
}

/// Title words that are no name on their own.
const TITLES: &[&str] = &[
    "president",
    "sen.",
    "senator",
    "gov.",
    "governor",
    "rep.",
    "representative",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "gen.",
    "general",
    "lt.",
    "col.",
    "secretary",
    "minister",
    "prime",
    "chancellor",
    "mayor",
    "judge",
    "justice",
    "speaker",
    "chairman",
    "spokesman",
    "spokeswoman",
    "former",
    "vice",
    "chief",
    "director",
    "ambassador",
    "king",
    "queen",
    "prince",
    "pope",
    "attorney",
    "candidate",
    "nominee",
    "leader",
    "the",
    "a",
    "an",
    "democratic",
    "republican",
    "gop",
    "retired",
    "state",
    "foreign",
    "defense",
    "u.s.",
    "white",
    "house",
    "campaign",
];

fn is_title(lower: &str) -> bool {
    TITLES.contains(&lower)
}

/// Extends `[s, e)` (token range) to cover whole entity mentions, never past `lo`/`hi`.
fn entity_start(doc: &Doc, toks: &[Tok], i: usize, lo: usize) -> usize {
    let t = &toks[i];
    if let Some(ent) = doc.entities_in(t.start, t.end).next() {
        let mut j = i;
        while j > lo && toks[j - 1].start >= ent.start {
            j -= 1;
        }
        return j;
    }
    i
}

/// The speaker phrase ending right before token `k` (the cue), not before `lo`: skips
/// auxiliaries and adverbs ("has also said"), takes an appositive's host ("Flynn, a top
/// surrogate, said" → "Flynn"), walks back over a noun phrase to its determiner.
pub(crate) fn np_before(doc: &Doc, toks: &[Tok], k: usize, lo: usize) -> Option<Np> {
    let mut j = k;
    loop {
        if j > lo && toks[j - 1].word && cues::is_between(&toks[j - 1].lower) {
            j -= 1;
        } else if j > lo + 1 && toks[j - 1].word && is_time_or_place(&toks[j - 1].lower) {
            // "Feinstein last week said", "Clinton on Tuesday said", "workers here said"
            j -= 1;
            if matches!(
                toks[j - 1].lower.as_str(),
                "last" | "this" | "on" | "late" | "early" | "earlier" | "next"
            ) && j > lo + 1
            {
                j -= 1;
            }
        } else {
            break;
        }
    }
    if j == lo {
        return None;
    }
    j = skip_paren(toks, j, lo);
    if j == lo {
        return None;
    }
    if toks[j - 1].lower == "," {
        // "X, the spokesman, said" / "X, who …, said" / "X, 45, said": the host is the phrase
        // before an earlier comma that begins its clause (the nearest one within 16 tokens
        // if none does).
        let close = j - 1;
        let mut m = close;
        let mut first = None;
        while m > lo && close - m <= 40 {
            m -= 1;
            if toks[m].lower == "," {
                // "Six newspapers in New Jersey, …": the host takes its prepositional phrase.
                let core = core_before(doc, toks, skip_paren(toks, m, lo), lo)
                    .map(|c| with_pp(doc, toks, c, lo));
                // "Jane Doe, 21, a student, said": an age is no host.
                if core.is_some_and(|c| {
                    c.end == c.start + 1
                        && toks[c.start].lower.chars().all(|ch| ch.is_ascii_digit())
                }) {
                    continue;
                }
                if let Some(core) = core {
                    let opens = core.start == lo
                        || matches!(
                            toks[core.start - 1].lower.as_str(),
                            "," | ":" | ";" | "—" | "–" | "and" | "but" | "(" | "“" | "\""
                        );
                    if opens {
                        return Some(core);
                    }
                    if first.is_none() && close - m <= 16 {
                        first = Some(core);
                    }
                } else if close - m <= 16 && first.is_none() {
                    return None;
                }
            }
            let t = &toks[m];
            if !t.word
                && !matches!(
                    t.lower.as_str(),
                    "." | "-" | "’" | "'" | "(" | ")" | "," | "/" | "&"
                )
                && !super::quotes::is_quote_mark(t.lower.chars().next().unwrap_or(' '))
            {
                break;
            }
        }
        return first;
    }
    if matches!(toks[j - 1].lower.as_str(), "—" | "–") {
        // "Democrats — and some Republicans — say": the host is before the opening dash.
        let close = j - 1;
        let open = (lo..close)
            .rev()
            .take(24)
            .find(|&m| toks[m].lower == toks[close].lower)?;
        return core_before(doc, toks, open, lo).map(|c| with_pp(doc, toks, c, lo));
    }
    // "The deputy head of China’s delegation to the forum said", "An official familiar with
    // the investigation said": the head takes its prepositional phrases.
    core_before(doc, toks, j, lo).map(|c| with_pp(doc, toks, c, lo))
}

/// Extends a noun phrase back over the prepositions that attach it to an earlier head:
/// "two-thirds of Republicans in New Hampshire" from "New Hampshire".
fn with_pp(doc: &Doc, toks: &[Tok], mut core: Np, lo: usize) -> Np {
    for _ in 0..3 {
        let Some(b) = core.start.checked_sub(1).filter(|&b| b > lo) else {
            break;
        };
        if !matches!(
            toks[b].lower.as_str(),
            "in" | "of" | "from" | "at" | "for" | "with" | "to" | "on" | "across"
        ) {
            break;
        }
        match core_before(doc, toks, b, lo) {
            Some(h) if !cues::is_pronoun(&toks[h.start].lower) => {
                core = Np {
                    start: h.start,
                    end: core.end,
                }
            }
            _ => break,
        }
    }
    core
}

/// Time and place adverbs that may stand between a speaker and the cue.
fn is_time_or_place(lower: &str) -> bool {
    is_weekday(lower)
        || matches!(
            lower,
            "today"
                | "yesterday"
                | "tonight"
                | "week"
                | "weekend"
                | "month"
                | "year"
                | "morning"
                | "afternoon"
                | "evening"
                | "night"
                | "here"
        )
}

/// Skips a parenthesis ending right before token `j`: "Sen. Marco Rubio (R-Fla.) said".
fn skip_paren(toks: &[Tok], j: usize, lo: usize) -> usize {
    if j > lo && toks[j - 1].lower == ")" {
        let mut m = j - 1;
        while m > lo && j - m <= 10 {
            m -= 1;
            if toks[m].lower == "(" {
                return m;
            }
        }
    }
    j
}

/// A noun phrase ending right before token `j`.
fn core_before(doc: &Doc, toks: &[Tok], j: usize, lo: usize) -> Option<Np> {
    let end = j;
    let mut i = j;
    let mut n = 0;
    while i > lo && n < 9 {
        let t = &toks[i - 1];
        if !t.word {
            break;
        }
        let first_of_sentence = i - 1 == 0;
        if cues::is_pronoun(&t.lower) {
            if i == end {
                i -= 1;
            }
            break;
        }
        let in_entity = doc.entities_in(t.start, t.end).next().is_some();
        if !in_entity
            && cues::is_np_stop(&t.lower)
            && !(t.cap && !first_of_sentence && !is_weekday(&t.lower))
        {
            break;
        }
        if cues::cue_class(&t.lower).is_some() && !t.cap && !in_entity && i != end {
            break;
        }
        let s = if in_entity {
            entity_start(doc, toks, i - 1, lo)
        } else {
            i - 1
        };
        n += i - s;
        i = s;
        if cues::is_determiner(&toks[i].lower) {
            break;
        }
    }
    (i < end).then_some(Np { start: i, end })
}

fn is_weekday(lower: &str) -> bool {
    matches!(
        lower,
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
    )
}

/// The speaker phrase starting at token `k`, before `hi`: "said Jane Doe, a spokeswoman".
pub(crate) fn np_after(doc: &Doc, toks: &[Tok], k: usize, hi: usize) -> Option<Np> {
    let mut i = k;
    let mut n = 0;
    while i < hi && n < 9 {
        let t = &toks[i];
        if !t.word {
            break;
        }
        if cues::is_pronoun(&t.lower) {
            if i == k {
                i += 1;
            }
            break;
        }
        if let Some(ent) = doc.entities_in(t.start, t.end).next() {
            while i < hi && toks[i].start < ent.end {
                i += 1;
                n += 1;
            }
            continue;
        }
        if cues::is_np_stop(&t.lower) && !(t.cap && i > 0) {
            break;
        }
        if cues::is_determiner(&t.lower) && i != k {
            break;
        }
        i += 1;
        n += 1;
    }
    (i > k).then_some(Np { start: k, end: i })
}

/// What a speaker phrase refers to.
pub(crate) fn resolve(
    doc: &Doc,
    si: usize,
    np: Np,
    earlier: &[(usize, Span, Option<Span>)],
) -> Speaker {
    let toks = &doc.sents[si].toks;
    let written = Span::new(toks[np.start].start, toks[np.end - 1].end);
    let text = doc.text(written);
    let last = &toks[np.end - 1].lower;
    // A pronoun.
    if np.end - np.start == 1 && cues::is_pronoun(last) {
        let resolved = match last.as_str() {
            "he" => antecedent(doc, si, written.start, Some(false), earlier),
            "she" => antecedent(doc, si, written.start, Some(true), earlier),
            _ => None,
        };
        return Speaker {
            written,
            text,
            resolved,
        };
    }
    // A name the tagger found: prefer a person, then an organisation.
    let ents: Vec<&EntitySpan> = doc.entities_in(written.start, written.end).collect();
    let pick = ents
        .iter()
        .rev()
        .find(|e| e.kind == EntityKind::Person)
        .or_else(|| {
            ents.iter()
                .rev()
                .find(|e| e.kind == EntityKind::Organization)
        })
        .or_else(|| ents.last());
    if let Some(e) = pick {
        return Speaker {
            written,
            text,
            resolved: Some(Span::new(e.start, e.end)),
        };
    }
    // A capitalised name at the head of the phrase ("Senator Smith", "The New York Post").
    let mut s = np.end;
    while s > np.start
        && toks[s - 1].cap
        && !(s - 1 == 0 && cues::is_determiner(&toks[s - 1].lower))
    {
        s -= 1;
    }
    while s < np.end && is_title(&toks[s].lower) {
        s += 1;
    }
    if s < np.end && toks[np.end - 1].cap {
        return Speaker {
            written,
            text,
            resolved: Some(Span::new(toks[s].start, toks[np.end - 1].end)),
        };
    }
    // A description: anonymous sources stay unresolved; a definite one may name an earlier
    // entity ("the spokesman" ← "Dmitry Peskov, the Kremlin spokesman").
    let head = last.trim_end_matches("’s").trim_end_matches("'s");
    let definite = matches!(
        toks[np.start].lower.as_str(),
        "the" | "his" | "her" | "their"
    );
    let resolved = if definite && !cues::is_anonymous_head(head) {
        described(doc, written.start, head)
    } else {
        None
    };
    Speaker {
        written,
        text,
        resolved,
    }
}

/// Is the entity mention inside a quote?
fn quoted(doc: &Doc, e: &EntitySpan) -> bool {
    let i = doc.quotes.partition_point(|q| q.end() <= e.start);
    doc.quotes
        .get(i)
        .is_some_and(|q| q.start() <= e.start && e.end <= q.end())
}

/// Gender of a person mention, from a title before it or its given name.
fn gender(doc: &Doc, e: &EntitySpan) -> Option<bool> {
    let first: String = doc.chars[e.start..e.end]
        .iter()
        .take_while(|c| c.is_alphabetic())
        .flat_map(|c| c.to_lowercase())
        .collect();
    if let Some(g) = cues::title_gender(&first).or_else(|| cues::name_gender(&first)) {
        return Some(g);
    }
    // "Mrs. Clinton": the word before the mention.
    let from = e.start.saturating_sub(14);
    let before: String = doc.chars[from..e.start]
        .iter()
        .flat_map(|c| c.to_lowercase())
        .collect();
    let word = before
        .split_whitespace()
        .last()
        .unwrap_or("")
        .trim_end_matches('.');
    cues::title_gender(word)
}

/// The person a `he`/`she` at `pos` (in sentence `si`) refers to: going back sentence by
/// sentence, the last attributed speaker of that sentence if it fits, else the first fitting
/// person mentioned outside quotes (the subject, usually).
fn antecedent(
    doc: &Doc,
    si: usize,
    pos: usize,
    female: Option<bool>,
    earlier: &[(usize, Span, Option<Span>)],
) -> Option<Span> {
    let fits = |e: &EntitySpan| {
        e.kind == EntityKind::Person
            && !quoted(doc, e)
            && match (female, gender(doc, e)) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
    };
    for back in 0..6 {
        let Some(s) = si.checked_sub(back) else { break };
        let span = doc.sents[s].span;
        let limit = if back == 0 { pos } else { span.end };
        // The last speaker attributed in that sentence.
        for (es, _, resolved) in earlier.iter().rev() {
            if *es == s {
                if let Some(r) = resolved {
                    if r.end <= limit {
                        if let Some(e) = doc.entities_in(r.start, r.end).find(|e| fits(e)) {
                            return Some(Span::new(e.start, e.end));
                        }
                    }
                }
            }
        }
        if let Some(e) = doc
            .entities_in(span.start, limit)
            .find(|e| e.end <= limit && fits(e))
        {
            return Some(Span::new(e.start, e.end));
        }
    }
    None
}

/// The nearest earlier person or organisation written next to `head` ("Peskov, the Kremlin
/// spokesman", "Kremlin spokesman Dmitry Peskov").
fn described(doc: &Doc, pos: usize, head: &str) -> Option<Span> {
    if head.len() < 3 {
        return None;
    }
    let i = doc.entities.partition_point(|e| e.end <= pos);
    let kinds = [EntityKind::Person, EntityKind::Organization];
    for e in kinds.iter().flat_map(|k| {
        doc.entities[..i]
            .iter()
            .rev()
            .take(40)
            .filter(move |e| e.kind == *k)
    }) {
        let from = e.start.saturating_sub(40);
        let to = (e.end + 50).min(doc.chars.len()).min(pos);
        let window: String = doc.chars[from..e.start]
            .iter()
            .chain(&doc.chars[e.end.min(to)..to])
            .flat_map(|c| c.to_lowercase())
            .collect();
        if window
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == head)
        {
            return Some(Span::new(e.start, e.end));
        }
    }
    None
}

//! Reported speech: `X said (that) …`, `X told reporters …`, `according to X, …`,
//! `…, X said.`, `…, said X.`, `The deal, he said, was …`; with partial quotes inside.

use super::cues::{self, CueClass};
use super::direct::{make, Frame};
use super::speaker;
use super::{quotes, Doc, QuoteMention, Tok};
use storyline_model::{AttributionKind, EntityKind, Span};

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

/// Does a verb phrase coordinated with the cue's, headed by another cue verb, begin at token
/// `k` after a comma ("praised her husband's record, recited her policy ideas …")? Belief
/// and evidential verbs ("…, believed …") and participles ("…, backed by …", "…, said to
/// …") do not count.
fn coordinated_cue(toks: &[Tok], mut k: usize, e: usize) -> bool {
    while k < e && toks[k].word && cues::is_between(&toks[k].lower) {
        k += 1;
    }
    k < e
        && toks[k].word
        && toks[k].quote.is_none()
        && !toks[k].cap
        && !toks[k].lower.ends_with("ing")
        && cues::cue_class(&toks[k].lower)
            .is_some_and(|c| c != CueClass::Seem && c != CueClass::Cognitive)
        && !toks
            .get(k + 1)
            .is_some_and(|n| k + 1 < e && matches!(n.lower.as_str(), "by" | "to" | "as"))
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
    toks[s.min(e)..e].iter().filter(|t| t.word).count()
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
fn content_start(doc: &Doc, toks: &[Tok], c: usize, e: usize, class: CueClass) -> usize {
    let mut j = c + 1;
    // "said Tuesday that", "told reporters on Air Force One that", "told ABC’s “This Week” that"
    let window = (j..e.min(j + 12)).find(|&i| toks[i].lower == "that" && toks[i].quote.is_none());
    if let Some(w) = window {
        if class != CueClass::Object
            && toks[j..w].iter().all(|t| {
                t.word && cues::cue_class(&t.lower).is_none()
                    || t.lower == "’s"
                    || t.lower == ","
                    || (!t.word && quotes::is_quote_mark(t.lower.chars().next().unwrap_or(' ')))
            })
        {
            return w + 1;
        }
    }
    if class == CueClass::Object {
        // "called for …", "called on X to …", "referring to …"
        if j < e
            && matches!(
                toks[j].lower.as_str(),
                "for" | "on" | "to" | "upon" | "about" | "against" | "with" | "of"
            )
        {
            j += 1;
        }
        return skip_time(toks, j, e);
    }
    if takes_addressee(&toks[c].lower) && j < e && toks[j].word && toks[j].quote.is_none() {
        if let Some(np) = speaker::np_after(doc, toks, j, e) {
            j = np.end;
        }
    }
    j = skip_time(toks, j, e);
    // "warned about …", "made no mention of …", "railed against …": the topic.
    if j < e && j == c + 1 && matches!(toks[j].lower.as_str(), "about" | "against" | "of") {
        j += 1;
    }
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

/// Words that begin an adjunct after a trailing frame ("…, he said on Tuesday in Paris").
fn is_adjunct_start(lower: &str) -> bool {
    matches!(
        lower,
        "on" | "in"
            | "at"
            | "during"
            | "after"
            | "before"
            | "to"
            | "from"
            | "via"
            | "per"
            | "while"
            | "when"
            | "as"
            | "about"
            | "of"
            | "with"
            | "by"
            | "for"
            | "late"
            | "early"
            | "last"
            | "this"
            | "earlier"
            | "later"
            | "recently"
            | "previously"
            | "again"
            | "too"
            | "also"
            | "then"
            | "though"
            | "however"
            | "afterward"
            | "afterwards"
            | "told"
            | "wrote"
            | "adding"
            | "because"
            | "through"
            | "over"
            | "under"
            | "outside"
            | "inside"
            | "near"
            | "ahead"
            | "following"
            | "amid"
            | "shortly"
            | "publicly"
            | "privately"
            | "flatly"
            | "repeatedly"
            | "simply"
            | "only"
            | "not"
            | "and"
            | "but"
            | "or"
    )
}

/// A numeral ("30", "two"): no speaker ends with one ("That’s 30 states").
fn is_numeral(lower: &str) -> bool {
    lower.chars().next().is_some_and(|c| c.is_ascii_digit())
        || matches!(
            lower,
            "one"
                | "two"
                | "three"
                | "four"
                | "five"
                | "six"
                | "seven"
                | "eight"
                | "nine"
                | "ten"
                | "eleven"
                | "twelve"
                | "dozen"
                | "hundred"
                | "thousand"
                | "million"
                | "percentage"
                | "minus"
                | "plus"
        )
}

/// Cue words that are more often nouns ("50 states", "three points", "his remarks"): a cue
/// only when what follows introduces a content.
fn noun_like(lower: &str) -> bool {
    matches!(
        lower,
        "state"
            | "states"
            | "point"
            | "points"
            | "note"
            | "notes"
            | "remark"
            | "remarks"
            | "comment"
            | "comments"
            | "attacks"
            | "report"
            | "reports"
            | "answer"
            | "answers"
            | "charge"
            | "charges"
            | "claims"
            | "claim"
            | "demands"
            | "estimates"
            | "forecast"
            | "forecasts"
            | "projects"
            | "signals"
            | "protest"
            | "counter"
            | "post"
            | "posts"
            | "hopes"
            | "fears"
            | "doubts"
            | "promise"
            | "promises"
            | "pledges"
            | "vows"
            | "warning"
            | "hint"
            | "hints"
            | "worries"
            | "backs"
            | "cites"
            | "continues"
            | "continue"
            | "support"
            | "plan"
            | "plans"
            | "offers"
            | "orders"
            | "votes"
            | "favor"
            | "talks"
            | "rails"
            | "highlights"
    )
}

fn is_subject_pronoun(lower: &str) -> bool {
    matches!(lower, "he" | "she" | "they" | "we" | "i" | "it" | "you")
}

/// Does a new clause (with its own subject or verb) begin at token `i` (after a comma or a
/// conjunction)?
fn is_gerund_clause(t: &Tok) -> bool {
    t.word
        && !t.cap
        && t.quote.is_none()
        && t.lower.len() > 5
        && t.lower.ends_with("ing")
        && !matches!(
            t.lower.as_str(),
            "including"
                | "according"
                | "regarding"
                | "concerning"
                | "during"
                | "nothing"
                | "something"
                | "anything"
                | "everything"
                | "morning"
                | "evening"
                | "thing"
                | "building"
                | "spring"
                | "bring"
                | "string"
                | "wing"
        )
}

fn is_month(lower: &str) -> bool {
    matches!(
        lower.trim_end_matches('.'),
        "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
            | "jan"
            | "feb"
            | "aug"
            | "sept"
            | "oct"
            | "nov"
            | "dec"
    )
}

/// Conjunctions, relatives and time words that end an object content ("endorsed Clinton
/// Tuesday"); "in"/"on"/"at" end it only before a time ("endorsed Clinton on Tuesday").
fn ends_object(lower: &str) -> bool {
    matches!(
        lower,
        "during"
            | "after"
            | "before"
            | "when"
            | "while"
            | "because"
            | "since"
            | "following"
            | "amid"
            | "ahead"
            | "last"
            | "earlier"
            | "this"
            | "yesterday"
            | "today"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "but"
            | "and"
            | "who"
            | "which"
            | "where"
    )
}

/// Does another "NP said" begin right after token `i` ("…, and three-quarters said …",
/// "… which I said was …")?
fn next_attribution(toks: &[Tok], i: usize, e: usize) -> bool {
    let mut k = i + 1;
    if k < e && toks[k].lower == "," {
        k += 1;
    }
    if k < e && matches!(toks[k].lower.as_str(), "and" | "but" | "while" | "whereas") {
        k += 1;
    }
    let from = k;
    while k < e && k < from + 10 {
        let t = &toks[k];
        if t.quote.is_some() || !t.word {
            return false;
        }
        if k > from
            && !t.cap
            && cues::cue_class(&t.lower)
                .is_some_and(|c| matches!(c, CueClass::Speech | CueClass::Written))
            && !t.lower.ends_with("ing")
        {
            let p = &toks[k - 1];
            let p = if p.lower.ends_with("ly") && k - 1 > from {
                &toks[k - 2]
            } else {
                p
            };
            return is_subject_pronoun(&p.lower)
                || p.cap
                || cues::is_between(&p.lower)
                || is_numeral(&p.lower)
                || matches!(
                    p.lower.as_str(),
                    "half"
                        | "third"
                        | "thirds"
                        | "quarter"
                        | "quarters"
                        | "others"
                        | "majority"
                        | "percent"
                        | "most"
                        | "many"
                        | "some"
                );
        }
        if cues::is_np_stop(&t.lower)
            && !(t.lower == "in" && k + 1 < e && is_numeral(&toks[k + 1].lower))
            && !cues::is_between(&t.lower)
        {
            return false;
        }
        k += 1;
    }
    false
}

/// End of a content starting at `s`: the sentence end `e`, or where another clause begins
/// (", saying …", ", and he …", ", while …", "and said …", "; …"). The second value is the
/// token where the scan for further cues resumes.
fn content_end(toks: &[Tok], s: usize, e: usize, class: CueClass) -> (usize, usize) {
    let s = s.min(e);
    let dashes = toks[s..e]
        .iter()
        .filter(|t| t.quote.is_none() && matches!(t.lower.as_str(), "—" | "–"))
        .count();
    let mut guarded = false; // an "of/for/as/to …" complement: prepositions stay inside
    for i in s..e {
        let t = &toks[i];
        let next = toks.get(i + 1).filter(|_| i + 1 < e);
        if let Some(q) = t.quote {
            // `… she was “going to put coal miners out of business,” while trying to …`: a
            // comma closing the quote ends the content like one outside it.
            let closes = !t.word
                && i > s
                && toks[i - 1].lower == ","
                && toks[i - 1].quote == Some(q)
                && next.is_some_and(|n| n.quote != Some(q));
            if closes
                && next.is_some_and(|n| {
                    is_gerund_clause(n)
                        || matches!(
                            n.lower.as_str(),
                            "while" | "whereas" | "although" | "though" | "as" | "even"
                        )
                })
            {
                return (i + 1, i + 1);
            }
            continue;
        }
        if i > s
            && matches!(
                t.lower.as_str(),
                "," | "and" | "but" | "while" | "whereas" | "which" | "who" | "that" | "after"
            )
            && next_attribution(toks, i, e)
        {
            return (i, i + 1);
        }
        match t.lower.as_str() {
            ";" => return (i, i + 1),
            "—" | "–" if dashes == 1 && i > s => return (i, i + 1),
            "," => {
                if let Some(n) = next {
                    if is_gerund_clause(n) {
                        return (i, i + 1);
                    }
                    if matches!(
                        n.lower.as_str(),
                        "while" | "whereas" | "although" | "though" | "even" | "as" | "compared"
                    ) {
                        return (i, i + 1);
                    }
                    if matches!(n.lower.as_str(), "and" | "but" | "so")
                        && toks.get(i + 2).is_some_and(|m| {
                            i + 2 < e && m.quote.is_none() && is_subject_pronoun(&m.lower)
                        })
                    {
                        return (i, i + 1);
                    }
                    if coordinated_cue(toks, i + 1, e) {
                        return (i, i + 1);
                    }
                }
                if class == CueClass::Object && !guarded && !in_list(toks, i, e) {
                    return (i, i + 1);
                }
            }
            "and" | "but" if i > s => {
                if let Some(n) = next {
                    let mut k = i + 1;
                    while k < e && toks[k].word && cues::is_between(&toks[k].lower) {
                        k += 1;
                    }
                    let verb = k < e
                        && toks[k].quote.is_none()
                        && !toks[k].cap
                        && cues::cue_class(&toks[k].lower)
                            .is_some_and(|c| c != CueClass::Seem && c != CueClass::Cognitive)
                        && (k > i + 1 || n.word);
                    if verb {
                        return (i, i + 1);
                    }
                }
                if class == CueClass::Object && !guarded && i > s + 1 {
                    // "endorsed Clinton and …" keeps the coordination of objects
                    if next.is_some_and(|n| is_subject_pronoun(&n.lower)) {
                        return (i, i + 1);
                    }
                }
            }
            _ => {}
        }
        if class == CueClass::Object {
            if matches!(
                t.lower.as_str(),
                "of" | "for" | "as" | "to" | "that" | "if" | "whether" | "about" | "over"
            ) {
                guarded = true;
            } else if !guarded
                && i > s
                && t.word
                && (ends_object(&t.lower)
                    || matches!(t.lower.as_str(), "in" | "on" | "at")
                        && next.is_some_and(|n| {
                            is_time_word(&n.lower)
                                || is_numeral(&n.lower)
                                || is_month(&n.lower)
                                || matches!(
                                    n.lower.as_str(),
                                    "early" | "late" | "mid" | "last" | "next" | "recent"
                                )
                        }))
            {
                return (i, i);
            }
        }
    }
    (e, e)
}

/// Is the comma at `i` inside a list of modifiers or nouns ("a kind, loving and admirable
/// person", "the first gentleman, first husband or first dude")?
fn in_list(toks: &[Tok], i: usize, e: usize) -> bool {
    let mut k = i + 1;
    while k < e && k <= i + 4 {
        let t = &toks[k];
        if !t.word || t.quote.is_some() {
            return false;
        }
        if matches!(t.lower.as_str(), "and" | "or") {
            return k > i + 1;
        }
        if t.cap || cues::cue_class(&t.lower).is_some() || is_subject_pronoun(&t.lower) {
            return false;
        }
        k += 1;
    }
    false
}

/// Adds the reported speech of the sentences: the sentences no direct quote took whole,
/// and in the others the cues outside the quotes ("…,” said Beck, who said there were …").
pub(crate) fn reported(doc: &Doc, out: &mut Vec<QuoteMention>) {
    let mut covered: Vec<Vec<usize>> = vec![Vec::new(); doc.sents.len()];
    let mut earlier: Vec<(usize, Span, Option<Span>)> = Vec::new();
    for (mi, m) in out.iter().enumerate() {
        let mut marks = vec![m.content.start, m.content.end.saturating_sub(1)];
        if let Some(c) = m.cue {
            marks.push(c.start);
        }
        let lo = marks.iter().filter_map(|&p| doc.sent_of(p)).min();
        let hi = marks.iter().filter_map(|&p| doc.sent_of(p)).max();
        if let (Some(lo), Some(hi)) = (lo, hi) {
            covered[lo..=hi].iter_mut().for_each(|c| c.push(mi));
        }
        if let (Some(ws), Some(c)) = (m.speaker_span, m.cue) {
            if let Some(s) = doc.sent_of(c.start) {
                earlier.push((s, ws, m.speaker));
            }
        }
    }
    let n_direct = out.len();
    for (si, sent) in doc.sents.iter().enumerate() {
        if !sent.candidate || sent.toks.is_empty() {
            continue;
        }
        let host: Vec<&QuoteMention> = covered[si].iter().map(|&i| &out[i]).collect();
        let found = sentence(doc, si, &earlier, &host);
        for m in found {
            if let (Some(ws), Some(_)) = (m.speaker_span, m.cue) {
                earlier.push((si, ws, m.speaker));
            }
            out.push(m);
        }
    }
    debug_assert!(out.len() >= n_direct);
}

fn kind_of(toks: &[Tok], s: usize, e: usize) -> AttributionKind {
    if toks[s.min(e)..e].iter().any(|t| t.quote.is_some()) {
        AttributionKind::Partial
    } else {
        AttributionKind::Indirect
    }
}

/// Words before a speaker that show it does not begin a clause.
fn clause_opener(lower: &str) -> bool {
    matches!(
        lower,
        "," | "and"
            | "but"
            | ":"
            | ";"
            | "—"
            | "–"
            | "as"
            | "because"
            | "while"
            | "when"
            | "so"
            | "if"
            | "though"
            | "although"
            | "after"
            | "before"
            | "since"
            | "until"
            | "where"
            | "whereas"
            | "("
            | "then"
            | "yet"
            | "which"
            | "that"
            | "who"
            | "“"
            | "\""
    )
}

/// `Obama: I’m optimistic …`, `Poll: Sanders leads …` — a headline's short name, a colon, the
/// content.
fn colon_headline(doc: &Doc, si: usize, toks: &[Tok], e: usize) -> Option<QuoteMention> {
    let k = (1..toks.len().min(6)).find(|&k| toks[k].lower == ":")?;
    if !toks[0].cap || toks[..k].iter().any(|t| !t.word || t.quote.is_some()) {
        return None;
    }
    // "Q: …", "TAPPER: …": a transcript's speaker in capitals; the turn runs to the end of
    // the paragraph.
    let caps = k <= 3
        && toks[..k].iter().all(|t| {
            doc.chars[t.start..t.end]
                .iter()
                .all(|c| !c.is_alphabetic() || c.is_uppercase())
        })
        && !toks[..k].iter().any(|t| {
            matches!(
                t.lower.as_str(),
                "exclusive" | "breaking" | "update" | "watch" | "video" | "note" | "read"
            )
        });
    if caps && words_in(toks, k + 1, e) >= 2 {
        let p = part(toks, k + 1, e)?;
        let para = doc.sents[si].para;
        let mut end = p.end;
        for next in doc.sents[si + 1..].iter().take_while(|n| n.para == para) {
            end = next.span.end;
        }
        while end > p.end && doc.chars[end - 1].is_whitespace() {
            end -= 1;
        }
        let f = Frame {
            cue: (k, k + 1),
            np: Some(speaker::Np { start: 0, end: k }),
            end: k + 1,
        };
        let parts = vec![Span::new(p.start, end)];
        return Some(make(doc, si, kind_of(toks, k + 1, e), parts, Some(f), &[]));
    }
    let named = toks[..k]
        .iter()
        .all(|t| t.cap || matches!(t.lower.as_str(), "of" | "to" | "on" | "’s"))
        && (doc
            .entities_in(toks[0].start, toks[k - 1].end)
            .next()
            .is_some()
            || matches!(
                toks[k - 1].lower.as_str(),
                "poll" | "report" | "survey" | "study" | "analysis" | "sources" | "source"
            ));
    if !named
        || toks[..k].iter().any(|t| {
            matches!(
                t.lower.as_str(),
                "editor’s"
                    | "editor's"
                    | "note"
                    | "breaking"
                    | "update"
                    | "latest"
                    | "watch"
                    | "related"
                    | "read"
                    | "video"
                    | "photos"
                    | "correction"
                    | "here"
                    | "now"
                    | "but"
                    | "and"
                    | "so"
                    | "the"
            ) || is_time_word(&t.lower)
                || cues::cue_class(&t.lower).is_some()
        })
    {
        return None;
    }
    if words_in(toks, k + 1, e) < 3 {
        return None;
    }
    let p = part(toks, k + 1, e)?;
    let f = Frame {
        cue: (k, k + 1),
        np: Some(speaker::Np { start: 0, end: k }),
        end: k + 1,
    };
    Some(make(
        doc,
        si,
        kind_of(toks, k + 1, e),
        vec![p],
        Some(f),
        &[],
    ))
}

/// The speaker of a gerund cue after a comma (", saying …"): the last attribution of the
/// sentence, else its subject (the first person or organisation, or pronoun, outside quotes
/// and prepositional phrases).
fn host_speaker(
    doc: &Doc,
    toks: &[Tok],
    g: usize,
    prev: Option<&QuoteMention>,
    host: &[&QuoteMention],
) -> Option<(Option<Span>, Option<Span>, Option<String>)> {
    let gpos = toks[g].start;
    let from_m = |m: &QuoteMention| (m.speaker, m.speaker_span, m.speaker_text.clone());
    if let Some(m) = prev.filter(|m| m.speaker_span.is_some()) {
        return Some(from_m(m));
    }
    if let Some(m) = host
        .iter()
        .rev()
        .find(|m| m.speaker_span.is_some() && m.cue.is_some_and(|c| c.end <= gpos))
    {
        return Some(from_m(m));
    }
    for i in 0..g {
        let t = &toks[i];
        if !t.word || t.quote.is_some() {
            continue;
        }
        let after_prep = i > 0
            && matches!(
                toks[i - 1].lower.as_str(),
                "in" | "on"
                    | "at"
                    | "of"
                    | "with"
                    | "by"
                    | "for"
                    | "to"
                    | "from"
                    | "about"
                    | "against"
                    | "than"
                    | "like"
                    | "over"
            );
        if after_prep {
            continue;
        }
        if matches!(t.lower.as_str(), "he" | "she" | "they" | "we" | "i") {
            return Some((
                None,
                Some(Span::new(t.start, t.end)),
                Some(doc.text(Span::new(t.start, t.end))),
            ));
        }
        if let Some(ent) = doc.entities_in(t.start, t.end).next() {
            if matches!(ent.kind, EntityKind::Person | EntityKind::Organization) {
                let sp = Span::new(ent.start, ent.end);
                return Some((Some(sp), Some(sp), Some(doc.text(sp))));
            }
        }
    }
    // The sentence's subject: a capitalised phrase opening it ("Rubio thanked Miami and
    // said …"), after a connective.
    let mut k = 0;
    while k < g
        && matches!(
            toks[k].lower.as_str(),
            "but" | "and" | "yet" | "so" | "still"
        )
    {
        k += 1;
    }
    if k < g && toks[k].word && toks[k].cap && toks[k].quote.is_none() {
        let np = speaker::np_after(doc, toks, k, g)?;
        let sp = Span::new(toks[np.start].start, toks[np.end - 1].end);
        return Some((None, Some(sp), Some(doc.text(sp))));
    }
    None
}

fn sentence(
    doc: &Doc,
    si: usize,
    earlier: &[(usize, Span, Option<Span>)],
    host: &[&QuoteMention],
) -> Vec<QuoteMention> {
    let toks = &doc.sents[si].toks;
    let mut e = toks.len();
    while e > 0 && !toks[e - 1].word && toks[e - 1].quote.is_none() {
        e -= 1;
    }
    let mut out: Vec<QuoteMention> = Vec::new();
    if e == 0 {
        return out;
    }
    let covered = !host.is_empty();
    // Token ranges the direct quotes and their frames already took.
    let taken = |t: &Tok| {
        host.iter().any(|m| {
            m.parts.iter().any(|p| p.start <= t.start && t.end <= p.end)
                || m.cue.is_some_and(|c| c.start <= t.start && t.end <= c.end)
                || m.speaker_span
                    .is_some_and(|c| c.start <= t.start && t.end <= c.end)
        })
    };
    let mut i = 0;
    if !covered {
        // A trailing frame before any ", saying …" (which the scan below then takes).
        let cut = (1..e.saturating_sub(1))
            .find(|&k| {
                toks[k].lower == ","
                    && toks[k].quote.is_none()
                    && is_gerund_clause(&toks[k + 1])
                    && cues::cue_class(&toks[k + 1].lower).is_some()
            })
            .unwrap_or(e);
        if let Some(m) = trailing(doc, si, toks, cut, earlier) {
            out.push(m);
            if cut == e {
                return out;
            }
            i = cut + 1;
        } else if let Some(m) = colon_headline(doc, si, toks, e) {
            out.push(m);
            return out;
        }
    }
    if !covered && i == 0 {
        if let Some(m) = headline(doc, si, toks, e, earlier) {
            out.push(m);
            return out;
        }
    }
    // Left to right: "X said (that) …".
    while i < e {
        // "But according to reports, …": a connective may open the sentence.
        let opens_sentence = i == 0
            || toks[i - 1].lower == ","
            || (i == 1 && matches!(toks[0].lower.as_str(), "but" | "and" | "yet" | "so"));
        if is_according(toks, i) && !opens_sentence && toks[i].quote.is_none() && !covered {
            // "Clinton leads by 271 delegates according to a count by The Associated Press":
            // the clause before the cue, without a comma.
            if let Some(m) = according_inline(doc, si, toks, i, e, earlier) {
                out.push(m);
            }
            i += 2;
            continue;
        }
        if is_according(toks, i) && opens_sentence && toks[i].quote.is_none() {
            // "According to X, …"
            if let Some(comma) = (i + 2..e).find(|&k| toks[k].lower == ",") {
                let np = speaker::np_after(doc, toks, i + 2, comma);
                if let Some(p) = part(toks, comma + 1, e) {
                    if words_in(toks, comma + 1, e) >= 3 && !covered {
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
        if toks[i].lower == "reportedly" && toks[i].quote.is_none() && !covered {
            if let Some((m, next)) = reportedly(doc, si, toks, i, e) {
                out.push(m);
                i = next;
                continue;
            }
        }
        if let Some((m, next)) = noun_cue(doc, si, toks, i, e, earlier) {
            if !(covered
                && m.parts.iter().any(|p| {
                    toks.iter()
                        .any(|t| t.start >= p.start && t.end <= p.end && taken(t))
                }))
            {
                out.push(m);
                i = next;
                continue;
            }
        }
        let Some(class) = cue_at(toks, i) else {
            i += 1;
            continue;
        };
        if covered && taken(&toks[i]) {
            i += 1;
            continue;
        }
        // What stands before the cue, auxiliaries and adverbs skipped.
        let mut b = i;
        while b > 0 && toks[b - 1].word && cues::is_between(&toks[b - 1].lower) {
            b -= 1;
        }
        let passive = !toks[i].lower.ends_with("ing")
            && toks[b..i].iter().any(|t| {
                matches!(
                    t.lower.as_str(),
                    "was" | "were" | "is" | "are" | "be" | "been" | "being"
                )
            });
        if class == CueClass::Seem {
            if let Some(m) = seem(doc, si, toks, i, b, e) {
                i = m.1;
                out.push(m.0);
            } else {
                i += 1;
            }
            continue;
        }
        if passive && toks[i].lower == "asked" && !covered {
            // "Pence was asked (by X) about the comment" / "was asked whether …": the question.
            if let Some((m, next)) = asked_passive(doc, si, toks, i, e, earlier) {
                out.push(m);
                i = next;
                continue;
            }
        }
        if passive && (class == CueClass::Object || takes_addressee(&toks[i].lower)) {
            i += 1;
            continue;
        }
        // A comma closing a quote counts as a comma (`… “Morning Joe,” calling it …`).
        let prev_word = b.checked_sub(1).map(|k| {
            let t = &toks[k];
            if !t.word && t.quote.is_some() && k > 0 && toks[k - 1].lower == "," {
                ","
            } else {
                t.lower.as_str()
            }
        });
        let gerund = toks[i].lower.ends_with("ing");
        // "Asked about X, Y said …" / "when asked whether …": what was asked, no source.
        if matches!(toks[i].lower.as_str(), "asked" | "told")
            && (b == 0
                || matches!(
                    prev_word,
                    Some("when" | "after" | "if" | "while" | "once" | "," | "before")
                ))
            && !(b > 0 && toks[i].cap)
        {
            let mut s0 = i + 1;
            if s0 < e && toks[s0].lower == "by" {
                s0 = speaker::np_after(doc, toks, s0 + 1, e).map_or(s0 + 1, |n| n.end);
            }
            let s0 = skip_time(toks, s0, e);
            let ce = (s0..e)
                .find(|&k| {
                    toks[k].lower == ","
                        && (toks[k].quote.is_none()
                            || toks
                                .get(k + 1)
                                .is_some_and(|n| !n.word && n.quote.is_some()))
                })
                .unwrap_or(e);
            if words_in(toks, s0, ce) >= 1 && !(covered && toks[s0..ce].iter().any(taken)) {
                if let Some(p) = part(toks, s0, ce) {
                    let mut m = make(doc, si, kind_of(toks, s0, ce), vec![p], None, earlier);
                    m.cue = Some(Span::new(toks[i].start, toks[i].end));
                    out.push(m);
                    i = ce.max(i + 1);
                    continue;
                }
            }
        }
        // The speaker: a phrase before the cue, a relative pronoun ("Beck, who said"), the
        // subject shared with an earlier verb ("… and said"), or the host of ", saying".
        let mut speaker_override: Option<(Option<Span>, Option<Span>, Option<String>)> = None;
        let mut np = None;
        let mut relative = false;
        // "Criticizing police tactics, Trump said …" / "After saying he was nervous, she …":
        // an opening participle clause; its subject is the main clause's.
        let opening = b == 0
            || (b == 1
                && matches!(
                    toks[0].lower.as_str(),
                    "after" | "in" | "while" | "by" | "before" | "when" | "since" | "without"
                ));
        if gerund && opening && toks[i].quote.is_none() {
            let s0 = content_start(doc, toks, i, e, class);
            let comma = (s0..e).find(|&k| toks[k].lower == "," && toks[k].quote.is_none());
            if let Some(comma) = comma {
                let subj = speaker::np_after(doc, toks, comma + 1, e);
                if let (Some(subj), Some(p)) = (subj, part(toks, s0, comma)) {
                    if words_in(toks, s0, comma) >= 1
                        && !(covered && toks[s0..comma].iter().any(taken))
                    {
                        let f = Frame {
                            cue: (i, i + 1),
                            np: Some(subj),
                            end: i + 1,
                        };
                        out.push(make(
                            doc,
                            si,
                            kind_of(toks, s0, comma),
                            vec![p],
                            Some(f),
                            earlier,
                        ));
                        i = comma + 1;
                        continue;
                    }
                }
            }
        }
        // "Beck, who said …", "a boy who calls himself …", "results that show …".
        let rel_host = b >= 2
            && (toks[b - 2].lower == ","
                || (toks[b - 2].word
                    && toks[b - 2].quote.is_none()
                    && cues::cue_class(&toks[b - 2].lower).is_none()
                    && !cues::is_between(&toks[b - 2].lower)
                    && (prev_word != Some("that") || !cues::is_np_stop(&toks[b - 2].lower))
                    && !is_subject_pronoun(&toks[b - 2].lower)));
        if matches!(prev_word, Some("who" | "which" | "that"))
            && rel_host
            && (prev_word != Some("that") || toks[b - 2].lower != ",")
        {
            np = Some(speaker::Np {
                start: b - 1,
                end: b,
            });
            relative = true;
        } else if gerund && matches!(prev_word, Some("," | "by" | "and" | "but" | "—" | "–")) {
            speaker_override = host_speaker(doc, toks, i, out.last(), host);
            if speaker_override.is_none() {
                i += 1;
                continue;
            }
        } else if matches!(prev_word, Some("and" | "but")) {
            // "… and said …": the subject of the first verb.
            speaker_override = match out.last() {
                Some(m) => Some((m.speaker, m.speaker_span, m.speaker_text.clone())),
                None => host_speaker(doc, toks, i, None, host),
            };
            if speaker_override.is_none() {
                i += 1;
                continue;
            }
        } else {
            np = speaker::np_before(doc, toks, i, 0);
            if np.is_none() {
                i += 1;
                continue;
            }
        }
        if noun_like(&toks[i].lower) {
            let next = toks.get(i + 1).filter(|_| i + 1 < e);
            let introduces = next.is_some_and(|n| {
                matches!(n.lower.as_str(), "that" | "out")
                    || n.quote.is_some()
                    || (n.word && is_subject_pronoun(&n.lower))
            });
            // A pronoun or a name as subject makes it a verb ("Merkel hopes …").
            let named_subject = np.is_some_and(|np| {
                np.end == np.start + 1 && is_subject_pronoun(&toks[np.start].lower)
                    || doc
                        .entities_in(toks[np.start].start, toks[np.end - 1].end)
                        .next()
                        .is_some()
            });
            if !introduces && !named_subject && !relative {
                i += 1;
                continue;
            }
        }
        if let Some(n) = np.as_mut() {
            // "Six in 10 say …"
            if n.start >= 2
                && n.end == n.start + 1
                && toks[n.start - 1].lower == "in"
                && is_numeral(&toks[n.start - 2].lower)
            {
                n.start -= 2;
            }
        }
        if let Some(np) = np {
            if is_numeral(&toks[np.end - 1].lower)
                && !(np.end - np.start >= 3 && toks[np.end - 2].lower == "in")
            {
                i += 1;
                continue;
            }
            // The speaker must begin a clause.
            if !relative
                && np.start > 0
                && !clause_opener(&toks[np.start - 1].lower)
                && toks[np.start - 1].word
                && !toks[..np.start].iter().any(|t| t.lower == ",")
                && np.start > 3
            {
                i += 1;
                continue;
            }
            if covered && toks[np.start..np.end].iter().any(|t| t.quote.is_some()) {
                i += 1;
                continue;
            }
        }
        let s = content_start(doc, toks, i, e, class);
        let (mut ce, mut resume) = content_end(toks, s, e, class);
        if let Some(c) = subordinate_end(toks, i, s, ce) {
            ce = c;
            resume = c + 1;
        }
        let min_words = match class {
            // "46 percent said yes.", "Priebus said, “Probably.”": a one-word answer that ends
            // the sentence.
            CueClass::Speech if ce == e && toks[i].lower != "asked" => 1,
            CueClass::Speech => 2,
            CueClass::Object => 1,
            _ => 3,
        };
        if words_in(toks, s, ce) < min_words || (covered && toks[s..ce].iter().any(taken)) {
            i += 1;
            continue;
        }
        let Some(p) = part(toks, s, ce) else {
            i += 1;
            continue;
        };
        let f = Frame {
            cue: (i, i + 1),
            np,
            end: i + 1,
        };
        let mut m = make(doc, si, kind_of(toks, s, ce), vec![p], Some(f), earlier);
        if let Some((sp, ss, st)) = speaker_override {
            m.speaker = sp;
            m.speaker_span = ss;
            m.speaker_text = st;
        }
        out.push(m);
        i = resume.max(i + 1);
    }
    if out.is_empty() && !covered {
        out.extend(survey_frame(doc, si, toks, e, earlier));
    }
    out
}

/// Heads of the sources a finding is "in": polls, surveys, studies.
fn is_survey_head(lower: &str) -> bool {
    matches!(
        lower,
        "poll"
            | "polls"
            | "survey"
            | "surveys"
            | "study"
            | "studies"
            | "analysis"
            | "census"
            | "polling"
            | "report"
            | "data"
    )
}

/// `In a Des Moines Register poll last month, Cruz had a 10-point lead.` / `Trump leads by 57
/// percent to 33 percent in the 50-state poll.` — the finding, the poll as source.
fn survey_frame(
    doc: &Doc,
    si: usize,
    toks: &[Tok],
    e: usize,
    earlier: &[(usize, Span, Option<Span>)],
) -> Option<QuoteMention> {
    if toks[0].lower == "in" {
        let comma = (1..e.min(16)).find(|&k| toks[k].lower == ",")?;
        let head = (1..comma).find(|&k| is_survey_head(&toks[k].lower))?;
        if toks[1..comma].iter().any(|t| t.quote.is_some()) || words_in(toks, comma + 1, e) < 3 {
            return None;
        }
        let (ce, _) = content_end(toks, comma + 1, e, CueClass::Speech);
        let p = part(toks, comma + 1, ce)?;
        let f = Frame {
            cue: (0, 1),
            np: Some(speaker::Np {
                start: 1,
                end: head + 1,
            }),
            end: comma,
        };
        return Some(make(
            doc,
            si,
            kind_of(toks, comma + 1, ce),
            vec![p],
            Some(f),
            earlier,
        ));
    }
    // "… in the 50-state poll." at the end.
    let k = (e.saturating_sub(9)..e)
        .rev()
        .find(|&k| matches!(toks[k].lower.as_str(), "in" | "by") && toks[k].quote.is_none())?;
    if k < 3 || !is_survey_head(&toks[e - 1].lower) || toks[k..e].iter().any(|t| !t.word) {
        return None;
    }
    let mut c = k;
    if toks[c - 1].lower == "," {
        c -= 1;
    }
    if words_in(toks, 0, c) < 4 {
        return None;
    }
    let p = part(toks, 0, c)?;
    let f = Frame {
        cue: (k, k + 1),
        np: Some(speaker::Np {
            start: k + 1,
            end: e,
        }),
        end: e,
    };
    Some(make(
        doc,
        si,
        kind_of(toks, 0, c),
        vec![p],
        Some(f),
        earlier,
    ))
}

/// `X seems to …`, `it appears that …`: the content is the subject and the rest of the
/// clause; there is no source. Returns the attribution and where the scan resumes.
fn seem(
    doc: &Doc,
    si: usize,
    toks: &[Tok],
    c: usize,
    b: usize,
    e: usize,
) -> Option<(QuoteMention, usize)> {
    let next = toks.get(c + 1).filter(|_| c + 1 < e)?;
    let s = match next.lower.as_str() {
        "to" => speaker::np_before(doc, toks, b.max(c), 0)
            .filter(|np| np.end == b)
            .map(|np| np.start)?,
        "that" if b > 0 && toks[b - 1].lower == "it" => c + 2,
        _ if next.word && !cues::is_np_stop(&next.lower) || next.lower == "to" => {
            speaker::np_before(doc, toks, c, 0)
                .filter(|np| np.end == b)
                .map(|np| np.start)?
        }
        _ => return None,
    };
    let (ce, resume) = content_end(toks, c + 1, e, CueClass::Speech);
    if words_in(toks, c + 1, ce) < 2 {
        return None;
    }
    let p = part(toks, s, ce)?;
    let mut m = make(doc, si, kind_of(toks, s, ce), vec![p], None, &[]);
    m.cue = Some(Span::new(toks[c].start, toks[c].end));
    Some((m, resume.max(c + 1)))
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
    // The last comma-introduced frame; a comma closing a quote counts (`… "goals," X said`).
    let commas: Vec<(usize, usize)> = (1..e)
        .filter_map(|k| {
            if toks[k].lower != "," {
                return None;
            }
            match toks[k].quote {
                None => Some((k, k + 1)),
                Some(q) => {
                    let mark = toks.get(k + 1)?;
                    let closes = !mark.word
                        && mark.quote == Some(q)
                        && toks.get(k + 2).is_none_or(|t| t.quote != Some(q));
                    closes.then_some((k, k + 2))
                }
            }
        })
        .collect();
    let trailing_cue = |c: usize| {
        cue_at(toks, c).is_some_and(|cl| match cl {
            CueClass::Speech | CueClass::Written | CueClass::Cognitive => true,
            CueClass::Object => matches!(toks[c].lower.as_str(), "asked" | "asks"),
            CueClass::Seem => false,
        })
    };
    for &(m, k) in commas.iter().rev() {
        if k >= e {
            continue;
        }
        let (cue, np, frame_end) = if is_according(toks, k) {
            let np = speaker::np_after(doc, toks, k + 2, e);
            ((k, k + 2), np, np.map_or(k + 2, |n| n.end))
        } else if let Some(c) = (k..e.min(k + 10)).find(|&c| trailing_cue(c)) {
            if c == k {
                let np = speaker::np_after(doc, toks, c + 1, e)?;
                // "Mike Doe, a former director, said the plan …": the sentence's subject and
                // its appositive, not a content.
                if speaker::np_before(doc, toks, c, 0).is_some_and(|np| {
                    toks[..np.start]
                        .iter()
                        .all(|t| matches!(t.lower.as_str(), "but" | "and" | "yet" | "so" | "still"))
                }) {
                    continue;
                }
                // "…, said Trump’s nomination will test …": a clause, not a speaker.
                if toks[np.start..(np.end + 1).min(e)]
                    .iter()
                    .any(|t| is_auxiliary(&t.lower))
                {
                    continue;
                }
                // "…, said he would …": the pronoun is the subject of the content.
                if np.end == np.start + 1
                    && is_subject_pronoun(&toks[np.start].lower)
                    && words_in(toks, np.end, e) > 0
                {
                    continue;
                }
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
        // What follows the frame: adjuncts up to the end, or ", …" resuming the content; not
        // a clause of its own ("Moments earlier, Trump said he was …").
        let mut j = skip_time(toks, frame_end, e);
        if j < e && takes_addressee(&toks[cue.0].lower) && toks[j].word {
            j = speaker::np_after(doc, toks, j, e).map_or(j, |n| n.end);
        }
        // "…, he promised to cut taxes": an infinitive complement, not an adjunct.
        if j + 1 < e
            && toks[j].lower == "to"
            && toks[j + 1].word
            && !toks[j + 1].cap
            && !cues::is_determiner(&toks[j + 1].lower)
        {
            continue;
        }
        // "When Smith announced his candidacy, he …": an opening subordinate clause alone is
        // no content.
        if is_subordinator(&toks[0].lower)
            && !toks[1..m]
                .iter()
                .any(|t| t.lower == "," && t.quote.is_none())
        {
            continue;
        }
        if j < e
            && toks[j].word
            && toks[j].quote.is_none()
            && !is_adjunct_start(&toks[j].lower)
            && !(j == frame_end && matches!(toks[j].lower.as_str(), "who" | "whose"))
            && words_in(toks, j, e) >= 2
            && !is_according(toks, k)
        {
            continue;
        }
        let rest = &toks[frame_end..e];
        // "…, according to an interview his brother gave to ITV.": the source runs to the end.
        let according = is_according(toks, k);
        if according {
            if words_in(toks, 0, m) < 3 {
                return None;
            }
            let p = part(toks, 0, m)?;
            let f = Frame {
                cue,
                np,
                end: frame_end,
            };
            return Some(make(
                doc,
                si,
                kind_of(toks, 0, m),
                vec![p],
                Some(f),
                earlier,
            ));
        }
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
        // A long rest is an appositive only when no other verb of saying is in it.
        if tail_words == 0
            && rest.len() > 10
            && (rest.len() > 30
                || rest.iter().any(|t| {
                    t.word && (cues::cue_class(&t.lower).is_some() || is_subject_pronoun(&t.lower))
                }))
        {
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

/// `Pence was asked about the comment`, `Sanders was asked by host John Dickerson whether his
/// aim was similar`: after a passive "asked" (its agent skipped), the question; no source.
fn asked_passive(
    doc: &Doc,
    si: usize,
    toks: &[Tok],
    i: usize,
    e: usize,
    earlier: &[(usize, Span, Option<Span>)],
) -> Option<(QuoteMention, usize)> {
    let mut j = i + 1;
    if j < e && toks[j].lower == "by" {
        j = speaker::np_after(doc, toks, j + 1, e).map_or(j + 1, |n| n.end);
    }
    j = skip_time(toks, j, e);
    let s = match toks.get(j).filter(|_| j < e)?.lower.as_str() {
        "about" => j + 1,
        "whether" | "if" | "what" | "how" | "why" | "who" | "when" | "where" | "which" => j,
        _ => return None,
    };
    let (ce, resume) = content_end(toks, s, e, CueClass::Speech);
    if words_in(toks, s, ce) < 1 {
        return None;
    }
    let p = part(toks, s, ce)?;
    let mut m = make(doc, si, kind_of(toks, s, ce), vec![p], None, earlier);
    m.cue = Some(Span::new(toks[i].start, toks[i].end));
    Some((m, resume.max(i + 1)))
}

/// `Clinton leads Sanders by 271 delegates according to a count by The Associated Press, but
/// …` / `That’s according to a new poll.`: "according to" inside the sentence, no comma before
/// it; the content is the clause before it (from the last comma or the sentence start).
fn according_inline(
    doc: &Doc,
    si: usize,
    toks: &[Tok],
    i: usize,
    e: usize,
    earlier: &[(usize, Span, Option<Span>)],
) -> Option<QuoteMention> {
    let s = (0..i)
        .rev()
        .find(|&k| matches!(toks[k].lower.as_str(), "," | ";" | ":") && toks[k].quote.is_none())
        .map_or(0, |k| k + 1);
    let mut ce = i;
    // "That’s according to …" / "That is according to …": the pronoun alone.
    let copula = |t: &Tok| matches!(t.lower.as_str(), "is" | "was" | "’s" | "'s");
    if ce > s && copula(&toks[ce - 1]) {
        ce -= 1;
    }
    let demonstrative = matches!(
        toks[s].lower.as_str(),
        "that’s" | "that's" | "this" | "that" | "it’s" | "it's"
    );
    let p = if demonstrative && ce <= s + 1 {
        let t = &toks[s];
        let n = t
            .lower
            .find(['’', '\''])
            .map_or(t.lower.chars().count(), |b| t.lower[..b].chars().count());
        Span::new(t.start, t.start + n)
    } else {
        if words_in(toks, s, ce) < 3 {
            return None;
        }
        part(toks, s, ce)?
    };
    let hi = (i + 2..e)
        .find(|&k| toks[k].lower == "," && toks[k].quote.is_none())
        .unwrap_or(e);
    let np = speaker::np_after(doc, toks, i + 2, hi);
    let f = Frame {
        cue: (i, i + 2),
        np,
        end: hi,
    };
    Some(make(
        doc,
        si,
        kind_of(toks, s, ce),
        vec![p],
        Some(f),
        earlier,
    ))
}

/// Nouns of saying, believing and judging that a possessor attributes: "Trump's claim that
/// …", "her support for …", "his pledge to …".
pub(crate) fn is_noun_cue(lower: &str) -> bool {
    matches!(
        lower,
        "claim"
            | "claims"
            | "view"
            | "views"
            | "accusation"
            | "accusations"
            | "allegation"
            | "allegations"
            | "assertion"
            | "argument"
            | "belief"
            | "insistence"
            | "suggestion"
            | "warning"
            | "warnings"
            | "promise"
            | "promises"
            | "pledge"
            | "pledges"
            | "call"
            | "calls"
            | "criticism"
            | "criticisms"
            | "opposition"
            | "support"
            | "endorsement"
            | "praise"
            | "statement"
            | "contention"
            | "conclusion"
            | "demand"
            | "demands"
            | "vow"
            | "threat"
            | "threats"
            | "denial"
            | "admission"
            | "prediction"
            | "proposal"
            | "plan"
            | "plans"
            | "decision"
            | "attack"
            | "attacks"
            | "description"
            | "assessment"
            | "refusal"
            | "hope"
            | "fear"
            | "fears"
            | "concern"
            | "concerns"
    )
}

/// Noun cues whose "to" opens an infinitive ("his pledge to build …"), not an object.
fn noun_takes_infinitive(lower: &str) -> bool {
    matches!(
        lower,
        "claim"
            | "promise"
            | "promises"
            | "pledge"
            | "pledges"
            | "call"
            | "calls"
            | "vow"
            | "threat"
            | "threats"
            | "plan"
            | "plans"
            | "decision"
            | "refusal"
            | "proposal"
            | "demand"
            | "demands"
            | "hope"
    )
}

fn is_possessive(t: &Tok) -> bool {
    t.word
        && (t.lower.ends_with("’s")
            || t.lower.ends_with("'s")
            || matches!(t.lower.as_str(), "his" | "her" | "their" | "its"))
}

/// `Trump's claim that …`, `her support for Sanders`, `his pledge to build a wall`: the
/// possessor is the source, what follows "that"/the preposition the content. Returns the
/// attribution and where the scan resumes.
fn noun_cue(
    doc: &Doc,
    si: usize,
    toks: &[Tok],
    i: usize,
    e: usize,
    earlier: &[(usize, Span, Option<Span>)],
) -> Option<(QuoteMention, usize)> {
    let t = &toks[i];
    if !t.word || t.quote.is_some() || i == 0 || i + 2 >= e || !is_noun_cue(&t.lower) {
        return None;
    }
    // The possessor, right before the noun or before one modifier ("his repeated claim").
    let poss = if is_possessive(&toks[i - 1]) {
        i - 1
    } else if i >= 2
        && is_possessive(&toks[i - 2])
        && toks[i - 1].word
        && !toks[i - 1].cap
        && toks[i - 1].quote.is_none()
    {
        i - 2
    } else {
        return None;
    };
    if toks[poss].quote.is_some() {
        return None;
    }
    let next = &toks[i + 1];
    if next.quote.is_some() {
        return None;
    }
    let (s, class) = match next.lower.as_str() {
        "that" => (i + 2, CueClass::Speech),
        "to" if noun_takes_infinitive(&t.lower)
            && toks[i + 2].word
            && !toks[i + 2].cap
            && !cues::is_determiner(&toks[i + 2].lower) =>
        {
            (i + 1, CueClass::Speech)
        }
        "of" | "for" | "to" | "on" | "against" | "behind"
            if !matches!(t.lower.as_str(), "statement" | "conclusion" | "admission") =>
        {
            (i + 2, CueClass::Object)
        }
        _ => return None,
    };
    let (mut ce, mut resume) = content_end(toks, s, e, class);
    if let Some(c) = subordinate_end(toks, i, s, ce) {
        ce = c;
        resume = c + 1;
    }
    let min = if class == CueClass::Object { 1 } else { 3 };
    if words_in(toks, s, ce) < min {
        return None;
    }
    let p = part(toks, s, ce)?;
    // The possessor phrase: "Donald Trump's", "the senator's", "his".
    let np = speaker::np_before(doc, toks, poss + 1, 0)
        .filter(|np| np.end == poss + 1)
        .unwrap_or(speaker::Np {
            start: poss,
            end: poss + 1,
        });
    let f = Frame {
        cue: (i, i + 1),
        np: Some(np),
        end: i + 1,
    };
    let m = make(doc, si, kind_of(toks, s, ce), vec![p], Some(f), earlier);
    Some((m, resume.max(i + 1)))
}

/// `Glenn Beck Blasts Drudge for Mocking His Fast`, `Clinton Says Russians Hacked DNC`: a
/// title-case headline (no final stop) whose capitalised present-tense cue verb follows the
/// source's name; the rest of the headline is the content.
fn headline(
    doc: &Doc,
    si: usize,
    toks: &[Tok],
    e: usize,
    earlier: &[(usize, Span, Option<Span>)],
) -> Option<QuoteMention> {
    if e < 4 {
        return None;
    }
    let words: Vec<&Tok> = toks[..e].iter().filter(|t| t.word).collect();
    let caps = words.iter().filter(|t| t.cap).count();
    if words.len() < 4 || caps * 10 < words.len() * 7 {
        return None;
    }
    // The source starts after a kicker ("WATCH:") if there is one.
    let start = toks[..e]
        .iter()
        .position(|t| t.lower == ":")
        .filter(|&k| k + 3 < e)
        .map_or(0, |k| k + 1);
    let c = (start + 1..e.saturating_sub(1)).find(|&k| {
        let t = &toks[k];
        t.word
            && t.cap
            && t.quote.is_none()
            && t.lower.ends_with('s')
            && !t.lower.ends_with("ss")
            && cues::cue_class(&t.lower).is_some_and(|c| c != CueClass::Seem)
    })?;
    if toks[start..c].iter().any(|t| !t.word || !t.cap) || c - start > 6 {
        return None;
    }
    // "…, Calls Trump’s Remarks ‘Troubling’": a second headline clause.
    let ce = (c + 1..e)
        .find(|&k| toks[k].lower == "," && toks[k].quote.is_none())
        .unwrap_or(e);
    if words_in(toks, c + 1, ce) < 1 {
        return None;
    }
    let p = part(toks, c + 1, ce)?;
    let f = Frame {
        cue: (c, c + 1),
        np: Some(speaker::Np { start, end: c }),
        end: c + 1,
    };
    Some(make(
        doc,
        si,
        kind_of(toks, c + 1, ce),
        vec![p],
        Some(f),
        earlier,
    ))
}

/// `The group is reportedly spending $1.5 million on ads`: the clause around the adverb is
/// reported, without a named source. Not when a cue verb follows ("reportedly said").
fn reportedly(
    doc: &Doc,
    si: usize,
    toks: &[Tok],
    i: usize,
    e: usize,
) -> Option<(QuoteMention, usize)> {
    let next = toks.get(i + 1).filter(|_| i + 1 < e)?;
    if !next.word || cues::cue_class(&next.lower).is_some() || i == 0 {
        return None;
    }
    // The clause starts after the last comma or semicolon before the adverb.
    let s = (0..i)
        .rev()
        .find(|&k| matches!(toks[k].lower.as_str(), "," | ";") && toks[k].quote.is_none())
        .map_or(0, |k| k + 1);
    let (ce, resume) = content_end(toks, i + 1, e, CueClass::Speech);
    if words_in(toks, s, i) < 1 || words_in(toks, i + 1, ce) < 2 {
        return None;
    }
    let mut parts = Vec::new();
    parts.extend(part(toks, s, i));
    parts.extend(part(toks, i + 1, ce));
    let mut m = make(doc, si, kind_of(toks, s, ce), parts, None, &[]);
    m.cue = Some(Span::new(toks[i].start, toks[i].end));
    Some((m, resume.max(i + 1)))
}

/// Conjunctions that open a subordinate clause ("When …, ", "Although …, ").
fn is_subordinator(lower: &str) -> bool {
    matches!(
        lower,
        "when"
            | "while"
            | "after"
            | "although"
            | "though"
            | "if"
            | "as"
            | "because"
            | "since"
            | "before"
            | "until"
            | "once"
            | "whether"
            | "unless"
    )
}

/// Does the sentence open with a subordinate clause that holds token `i` (no comma outside
/// quotes before it)? "When Trump announced …", "But if Carson implied …", "Even as …",
/// "A few weeks after Obama announced …", "Years after Clinton claimed …", "Having announced
/// …".
fn opens_subordinate(toks: &[Tok], i: usize) -> bool {
    if toks[..i]
        .iter()
        .any(|t| t.lower == "," && t.quote.is_none())
    {
        return false;
    }
    let mut j = 0;
    while j < i && j < 5 {
        let t = &toks[j];
        if !t.word || t.quote.is_some() {
            return false;
        }
        if is_subordinator(&t.lower) || t.lower == "having" {
            return true;
        }
        let lead = matches!(
            t.lower.as_str(),
            "but"
                | "and"
                | "so"
                | "yet"
                | "still"
                | "even"
                | "only"
                | "just"
                | "shortly"
                | "soon"
                | "long"
                | "right"
                | "a"
                | "few"
                | "several"
                | "hours"
                | "days"
                | "weeks"
                | "months"
                | "years"
                | "decades"
                | "moments"
                | "minutes"
                | "day"
                | "week"
                | "month"
                | "year"
                | "hour"
                | "minute"
        ) || is_numeral(&t.lower);
        if !lead {
            return false;
        }
        j += 1;
    }
    false
}

/// The comma that ends a content begun at `s` inside an opening subordinate clause (cue at
/// `i`, content to `ce`): "When Trump announced his candidacy in June, he referred …", "A
/// few weeks after Obama announced that the war would not end on his watch, U.S. forces
/// bombed …". At least one word must precede the comma ("As Smith said, …" is left alone).
fn subordinate_end(toks: &[Tok], i: usize, s: usize, ce: usize) -> Option<usize> {
    if !opens_subordinate(toks, i) {
        return None;
    }
    (s..ce)
        .find(|&k| toks[k].lower == "," && toks[k].quote.is_none())
        .filter(|&c| words_in(toks, s, c) > 0)
}

/// Finite auxiliaries and modals: a phrase holding one is a clause, not a speaker.
fn is_auxiliary(lower: &str) -> bool {
    matches!(
        lower,
        "will"
            | "would"
            | "is"
            | "was"
            | "are"
            | "were"
            | "has"
            | "had"
            | "could"
            | "can"
            | "should"
            | "may"
            | "might"
            | "must"
    )
}

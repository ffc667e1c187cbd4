//! Attribution: who said what. Hand-written rules over quotation marks, a cue lexicon and
//! speaker phrases.
//!
//! [`extract`] finds, in one article:
//! * **direct** quotes — a quoted stretch that makes up its sentence(s) apart from an
//!   attribution frame (`"…," he said.`, `Trump said: "…"`, `"…," said Jane Doe, a
//!   spokeswoman.`). A quote interrupted by its frame (`"…," he said, "…"`, or the frame
//!   sentence followed by a frameless quote sentence in the same paragraph) is **one**
//!   attribution whose content has several [`QuoteMention::parts`]; `content` is their hull.
//!   A quote over several paragraphs is one attribution with one part per paragraph.
//!   A frameless quote paragraph right after an attributed quote continues that speaker.
//! * **partial** quotes — quoted words inside reported speech (`Flynn said Trump was
//!   "absolutely right"`): the attribution's content is the reported clause (quoted words
//!   included, marks kept inside it).
//! * **indirect** (reported) speech — `X said (that) …`, `X told reporters …`, `according to
//!   X, …`, `…, X said.`, `…, said X.`, `The deal, he said, was …`, `X warned/stressed/… …`.
//!
//! Short quoted terms without a speech verb or speaker (scare quotes, titles) are not
//! attributions.
//!
//! Speakers ([`speaker`]): a named speaker resolves to the entity mention it overlaps (or to
//! a capitalised name when the tagger found none); a pronoun to the nearest fitting earlier
//! person (the last speaker or the first person of the closest earlier sentence, gender
//! checked by title or a short list of given names); a definite description ("the French
//! president") to the nearest earlier person or organisation introduced with that word;
//! anonymous sources ("a senior official", "sources") stay unresolved, kept as
//! `speaker_text`.

mod cues;
mod direct;
mod learned;
mod quotes;
mod reported;
mod span;
mod speaker;

use crate::extract::entities::EntitySpan;
use storyline_model::{AttributionKind, Span};

/// One attribution found in an article. Spans are code points into the article text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteMention {
    pub kind: AttributionKind,
    /// What was said: the hull of `parts` (for direct quotes without the marks).
    pub content: Span,
    /// The pieces of the content: one for most attributions, several for a quote interrupted
    /// by its frame or running over paragraphs.
    pub parts: Vec<Span>,
    /// The cue ("said", "told", "according to").
    pub cue: Option<Span>,
    /// The entity mention the speaker resolves to (for a pronoun, its antecedent).
    pub speaker: Option<Span>,
    /// The speaker as written ("he", "a senior official", "Ushakov").
    pub speaker_span: Option<Span>,
    pub speaker_text: Option<String>,
}

impl QuoteMention {
    /// The content as text: the parts joined by a space.
    pub fn content_text(&self, text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        self.content_text_chars(&chars)
    }

    fn content_text_chars(&self, chars: &[char]) -> String {
        let mut s = String::new();
        for p in &self.parts {
            if !s.is_empty() {
                s.push(' ');
            }
            s.extend(&chars[p.start.min(chars.len())..p.end.min(chars.len())]);
        }
        s
    }
}

pub use learned::{
    choose, combine, train, AttributionModel, Combine, GoldAttribution as TrainAttribution,
    Proposal, TrainDocument, TrainOptions,
};
pub use span::{Candidate, Chooser};

/// Attributions of `text` (cleaned article text) given its sentence spans and the names the
/// tagger found (code points into `text`, any order; may be empty): the rules, then the
/// embedded learned tagger ([`AttributionModel::embedded`]) in the sentences the rules left
/// alone and, as its [`Combine`] mode says, in those they touch where a cue head lies outside
/// the rules' spans (its contents kept when they overlap no rule content). A veto stored with
/// the model drops the rule attributions it scores below its threshold first. Sorted by
/// content start.
pub fn extract(text: &str, sentences: &[Span], entities: &[EntitySpan]) -> Vec<QuoteMention> {
    extract_with(
        text,
        sentences,
        entities,
        Some(AttributionModel::embedded()),
    )
}

/// [`extract`] with another learned tagger, or the rules alone (`None`).
pub fn extract_with(
    text: &str,
    sentences: &[Span],
    entities: &[EntitySpan],
    model: Option<&AttributionModel>,
) -> Vec<QuoteMention> {
    let mut doc = Doc::new(text, sentences, entities);
    let mut out = rules(&doc);
    if let Some(model) = model {
        let all = model.combine != Combine::Untouched;
        let mut props = proposals(&mut doc, &out, model, all);
        if let Some(c) = &model.chooser {
            choose(c, &mut props);
        }
        if let Some((v, t)) = &model.veto {
            let keep: Vec<bool> = veto_units(&mut doc, &out)
                .iter()
                .map(|c| v.score(c) >= *t)
                .collect();
            let mut k = keep.iter();
            out.retain(|_| *k.next().unwrap_or(&true));
        }
        out = combine(out, &props, model.threshold, model.combine);
    }
    out.sort_by_key(|m| (m.content.start, m.content.end));
    out
}

/// The rules' attributions and, apart, what the learned tagger proposes in every sentence,
/// each with its confidence (to choose a threshold and a [`Combine`] mode with [`combine`]).
pub fn extract_scored(
    text: &str,
    sentences: &[Span],
    entities: &[EntitySpan],
    model: &AttributionModel,
) -> (Vec<QuoteMention>, Vec<Proposal>) {
    let mut doc = Doc::new(text, sentences, entities);
    let out = rules(&doc);
    let props = proposals(&mut doc, &out, model, true);
    (out, props)
}

/// The veto's one-candidate units of the rules' attributions `found` in `text` (to train and
/// score [`AttributionModel::veto`]).
pub fn rule_candidates(
    text: &str,
    sentences: &[Span],
    entities: &[EntitySpan],
    found: &[QuoteMention],
) -> Vec<Candidate> {
    veto_units(&mut Doc::new(text, sentences, entities), found)
}

fn veto_units(doc: &mut Doc, found: &[QuoteMention]) -> Vec<Candidate> {
    for m in found {
        if let Some(si) = doc.sent_of(m.cue.map_or(m.content.start, |c| c.start)) {
            doc.fill_tokens(si);
        }
    }
    found.iter().map(|m| span::rule_candidate(doc, m)).collect()
}

fn rules(doc: &Doc) -> Vec<QuoteMention> {
    let mut out = direct::direct_quotes(doc);
    reported::reported(doc, &mut out);
    out
}

/// The learned tagger's proposals in the sentences no rule attribution touches (by its
/// content, cue or speaker), and with `all` also in the touched sentences with a cue head
/// outside the rules' spans.
fn proposals(
    doc: &mut Doc,
    found: &[QuoteMention],
    model: &AttributionModel,
    all: bool,
) -> Vec<learned::Proposal> {
    // The rules' spans (contents, cues, speakers), sorted by start: the sentences they touch
    // and, with `all`, what a cue head must lie outside of there.
    let mut covered: Vec<Span> = found
        .iter()
        .flat_map(|m| m.parts.iter().chain(&m.cue).chain(&m.speaker_span).copied())
        .collect();
    covered.sort_by_key(|s| (s.start, s.end));
    let touched = touched_sentences(doc, &covered);
    let mut earlier: Vec<(usize, Span, Option<Span>)> = Vec::new();
    for m in found {
        if let (Some(ws), Some(c)) = (m.speaker_span, m.cue) {
            if let Some(s) = doc.sent_of(c.start) {
                earlier.push((s, ws, m.speaker));
            }
        }
    }
    earlier.sort_by_key(|e| (e.0, e.1.start));
    let mut out = Vec::new();
    for (si, &touched) in touched.iter().enumerate() {
        if touched && (!all || !free_cue(doc, si, &covered, model)) {
            continue;
        }
        if !doc.sents[si].candidate {
            doc.fill_tokens(si);
            if !model.may_attribute(&doc.sents[si].toks) {
                continue;
            }
        }
        learned::propose(model, doc, si, found, &earlier, touched, &mut out);
    }
    out
}

/// Per sentence of `doc`: whether one of the rules' spans touches it.
fn touched_sentences(doc: &Doc, spans: &[Span]) -> Vec<bool> {
    let mut touched = vec![false; doc.sents.len()];
    for s in spans {
        let mut i = doc.sents.partition_point(|x| x.span.end <= s.start);
        while i < doc.sents.len() && doc.sents[i].span.start < s.end.max(s.start + 1) {
            touched[i] = true;
            i += 1;
        }
    }
    touched
}

/// Whether sentence `si` (touched by a rule attribution, so tokenised) holds a cue head
/// ([`AttributionModel::is_cue_head`]) outside the rules' spans `covered` (sorted by start):
/// only then can the tagger find there an attribution the rules' contents do not overlap, and decoding
/// every touched sentence would halve the extraction speed.
fn free_cue(doc: &Doc, si: usize, covered: &[Span], model: &AttributionModel) -> bool {
    let span = doc.sents[si].span;
    // The spans that overlap the sentence.
    let near = &covered[..covered.partition_point(|s| s.start < span.end)];
    doc.sents[si].toks.iter().any(|t| {
        t.word
            && !near
                .iter()
                .any(|s| s.end > span.start && s.start <= t.start && t.start < s.end)
            && model.is_cue_head(t)
    })
}

/// A token of a sentence: a word or one punctuation mark.
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub lower: String,
    pub word: bool,
    pub cap: bool,
    /// Index of the quote the token lies in.
    pub quote: Option<usize>,
}

pub(crate) struct Sent {
    pub span: Span,
    pub para: usize,
    pub toks: Vec<Tok>,
    /// Whether the sentence may hold an attribution (quote mark or cue word): the others are
    /// never looked at again.
    pub candidate: bool,
}

/// One article prepared for the rules.
pub(crate) struct Doc {
    pub chars: Vec<char>,
    pub sents: Vec<Sent>,
    pub entities: Vec<EntitySpan>,
    pub quotes: Vec<quotes::Quote>,
}

impl Doc {
    fn new(text: &str, sentences: &[Span], entities: &[EntitySpan]) -> Doc {
        let mut chars: Vec<char> = text.chars().collect();
        quotes::normalise_doubled_apostrophes(&mut chars);
        let quotes = quotes::find(&chars);
        let mut entities = entities.to_vec();
        entities.sort_by_key(|e| (e.start, e.end));
        let mut sents = Vec::with_capacity(sentences.len());
        let mut para = 0;
        let mut pos = 0;
        let mut qi = 0;
        for s in sentences {
            let s = Span::new(s.start.min(chars.len()), s.end.min(chars.len()));
            if chars[pos.min(s.start)..s.start]
                .iter()
                .any(|&c| c == '\n' || c == '\u{2029}')
            {
                para += 1;
            }
            pos = s.end;
            let region = &chars[s.start..s.end];
            // A colon near the start may close a headline's speaker ("Obama: …").
            let candidate = region.iter().any(|&c| quotes::is_quote_mark(c) || c == ':')
                || has_cue_word(region);
            let mut toks = if candidate {
                tokenize(&chars, s)
            } else {
                Vec::new()
            };
            // Quote membership of tokens.
            while qi < quotes.len() && quotes[qi].end() <= s.start {
                qi += 1;
            }
            mark_quotes(&quotes, qi, &mut toks);
            sents.push(Sent {
                span: s,
                para,
                toks,
                candidate,
            });
        }
        Doc {
            chars,
            sents,
            entities,
            quotes,
        }
    }

    /// Tokenises sentence `si` if the prefilter skipped it (for the learned tagger, after the
    /// rules have run).
    pub fn fill_tokens(&mut self, si: usize) {
        if !self.sents[si].toks.is_empty() {
            return;
        }
        let s = self.sents[si].span;
        let mut toks = tokenize(&self.chars, s);
        let qi = self.quotes.partition_point(|q| q.end() <= s.start);
        mark_quotes(&self.quotes, qi, &mut toks);
        self.sents[si].toks = toks;
    }

    pub fn text(&self, s: Span) -> String {
        self.chars[s.start..s.end].iter().collect()
    }

    /// Index of the sentence holding position `pos`.
    pub fn sent_of(&self, pos: usize) -> Option<usize> {
        let i = self.sents.partition_point(|s| s.span.end <= pos);
        (i < self.sents.len() && self.sents[i].span.start <= pos).then_some(i)
    }

    /// Entities overlapping `[s, e)`.
    pub fn entities_in(&self, s: usize, e: usize) -> impl Iterator<Item = &EntitySpan> {
        let i = self.entities.partition_point(|x| x.end <= s);
        self.entities[i..]
            .iter()
            .take_while(move |x| x.start < e)
            .filter(move |x| x.end > s)
    }
}

/// Marks the tokens that lie inside a quote (`qi`: the first quote that does not end before
/// the tokens).
fn mark_quotes(quotes: &[quotes::Quote], qi: usize, toks: &mut [Tok]) {
    let mut q = qi;
    for t in toks.iter_mut() {
        while q < quotes.len() && quotes[q].end() <= t.start {
            q += 1;
        }
        if q < quotes.len() && quotes[q].start() <= t.start && t.end <= quotes[q].end() {
            t.quote = Some(q);
        }
    }
}

/// Cheap prefilter: does the region contain a word from the cue lexicon?
fn has_cue_word(region: &[char]) -> bool {
    let mut buf = [0u8; 16];
    let mut n = 0usize;
    let mut ok = true;
    let check = |buf: &[u8]| {
        std::str::from_utf8(buf).is_ok_and(|w| {
            cues::cue_class(w).is_some()
                || reported::is_noun_cue(w)
                || matches!(
                    w,
                    "according" | "poll" | "polls" | "survey" | "study" | "reportedly"
                )
        })
    };
    for &c in region {
        if c.is_ascii_alphabetic() {
            if n < buf.len() {
                buf[n] = c.to_ascii_lowercase() as u8;
                n += 1;
            } else {
                ok = false;
            }
        } else {
            if ok && n >= 3 && check(&buf[..n]) {
                return true;
            }
            n = 0;
            ok = true;
        }
    }
    ok && n >= 3 && check(&buf[..n])
}

const DOTTED: &[&str] = &[
    "mr", "mrs", "ms", "dr", "sen", "gov", "rep", "gen", "lt", "col", "st", "jr", "sr", "prof",
    "sgt", "capt", "maj", "adm", "pres", "rev", "hon", "u.s", "u.k", "u.n", "d.c", "a.m", "p.m",
];

/// Are `chars[i..i + 3]` three digits not followed by a fourth (before `end`)?
fn thousands(chars: &[char], i: usize, end: usize) -> bool {
    i + 3 <= end
        && chars[i..i + 3].iter().all(char::is_ascii_digit)
        && (i + 3 == end || !chars[i + 3].is_ascii_digit())
}

/// Words (letters/digits with inner `’ ' . - &`) and single punctuation marks of sentence `s`.
pub(crate) fn tokenize(chars: &[char], s: Span) -> Vec<Tok> {
    let mut toks = Vec::with_capacity((s.end - s.start) / 5 + 1);
    let mut i = s.start;
    while i < s.end {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_alphanumeric() {
            let st = i;
            i += 1;
            while i < s.end {
                let d = chars[i];
                if d.is_alphanumeric() {
                    i += 1;
                } else if d == ','
                    && c.is_ascii_digit()
                    && chars[i - 1].is_ascii_digit()
                    && thousands(chars, i + 1, s.end)
                {
                    // "1,100 donors": a thousands separator, not a comma.
                    i += 4;
                } else if matches!(d, '’' | '\'' | '.' | '-' | '&')
                    && i + 1 < s.end
                    && chars[i + 1].is_alphanumeric()
                {
                    i += 2;
                } else {
                    break;
                }
            }
            let mut lower: String = chars[st..i].iter().flat_map(|c| c.to_lowercase()).collect();
            if i < s.end && chars[i] == '.' && (i - st == 1 || DOTTED.contains(&lower.as_str())) {
                i += 1;
                lower.push('.');
            }
            toks.push(Tok {
                start: st,
                end: i,
                cap: c.is_uppercase(),
                lower,
                word: true,
                quote: None,
            });
        } else {
            toks.push(Tok {
                start: i,
                end: i + 1,
                lower: c.to_string(),
                word: false,
                cap: false,
                quote: None,
            });
            i += 1;
        }
    }
    toks
}

#[cfg(test)]
mod tests;

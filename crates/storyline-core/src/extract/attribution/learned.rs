//! A learned attribution tagger: Source / Cue / Content as BIO tags over the tokens of one
//! sentence, an averaged structured perceptron with hashed features and constrained Viterbi
//! decoding (the machinery of the entity tagger, [`crate::extract::entities`], with 7 labels).
//!
//! It complements the rules: it reads the sentences where the rules found nothing (and, in
//! mode [`Combine::NonOverlapping`], the sentences they touch that hold a cue head outside the
//! rules' spans) and adds the attributions whose content it tags with enough confidence (mean
//! emission margin of the content tokens over `O`, in weight units, at least the model's
//! threshold), that have a cue in the same sentence and overlap no rule content. Cues in no lexicon ("pleaded guilty to", "voted against") are
//! learned from the training data. The speaker is the Source span the model tags next to the
//! content, resolved like a rule speaker ([`super::speaker::resolve`]).
//!
//! Features per token: the lowercased word and its neighbours at −2…+2, word bigrams, suffixes
//! of 2 and 3 characters, word shape, quote state (inside a quote, a quote mark) of the token
//! and its neighbours, cue-lexicon membership at −2…+2 and the distance to the nearest lexicon
//! cue on either side, the entity kind the tagger gave the token and its neighbours, position in
//! the sentence, and sentence-level flags (a quote mark, a lexicon cue).
//!
//! The model file (gzip, little-endian):
//!
//! ```text
//! "SLATT002"  u32 bits  u32 labels (7)  f32 threshold  u32 flags (bit 0 rule features,
//!             bit 1 a content-span chooser, bit 3 a veto on the rules' attributions,
//!             bits 8–15 the combination mode)
//! weights     as the entity tagger's one stage (scale, transitions, row bitmap, rows)
//! meta        u32 length + UTF-8 (how the model was built)
//! cue words   u32 count, then per word: u8 length + UTF-8
//! chooser     (flag bit 1) u32 count, then per non-zero weight: u32 row + f32
//! veto        (flag bit 3) f32 threshold, then its weights as the chooser's
//! ```
//!
//! With a chooser ([`super::span`]), each proposal's content is replaced by the best of its
//! candidate spans and the threshold applies to that candidate's score. Proposals are vetoed
//! before that when their content is a short unquoted phrase before the cue (the subject of a
//! passive or object verb) or their cue names a noun with an article and no possessor.
//!
//! The model reads a sentence only when it holds a quote mark, a word of the rules' cue
//! lexicon or one of the model's own cue words (words inside gold cues at least twice and in
//! at least one in ten of their occurrences on the training data), and a sentence a rule
//! attribution touches only when a cue head ([`AttributionModel::is_cue_head`]) lies outside
//! the rules' spans, which keeps it fast.

use super::span::{self as cspan, Candidate, Chooser};
use super::{cues, reported, speaker, Doc, QuoteMention, Tok};
use crate::extract::entities::model::{self, read_weights, write_weights, ModelError, Reader};
use crate::extract::entities::train::{perceptron, Prepared};
use crate::extract::entities::{decode, hash, EntitySpan, Weights};
use flate2::write::GzEncoder;
use std::io::Write;
use std::sync::OnceLock;
use storyline_model::{AttributionKind, EntityKind, Span};

/// Labels: `O`, then `B-`/`I-` for Source, Cue and Content.
pub(crate) const L: usize = 7;
pub(crate) const O: u8 = 0;
pub(crate) const B_SRC: u8 = 1;
pub(crate) const I_SRC: u8 = 2;
pub(crate) const B_CUE: u8 = 3;
pub(crate) const I_CUE: u8 = 4;
pub(crate) const B_CON: u8 = 5;
pub(crate) const I_CON: u8 = 6;

const MAGIC: &[u8; 8] = b"SLATT002";

/// The trained attribution tagger.
#[derive(Debug, Clone)]
pub struct AttributionModel {
    bits: u32,
    weights: Weights,
    /// Minimum mean emission margin (content label over `O`, in weight units) of a content.
    pub threshold: f32,
    /// How the model's contents join the rules' ([`Combine`]).
    pub combine: Combine,
    /// Whether the features include what the rules found at each token.
    rule_features: bool,
    /// Words the training data uses as cues, sorted (for the prefilter).
    cue_words: Vec<String>,
    cue_hashes: hash::U64Map<()>,
    /// Free-form description of how the model was built.
    pub meta: String,
    /// The content-span chooser (second stage), if trained.
    pub chooser: Option<Chooser>,
    /// A veto on the rules' attributions (one-candidate units, [`super::rule_candidates`]) and the
    /// score below which it drops one.
    pub veto: Option<(Chooser, f32)>,
}

static EMBEDDED: &[u8] = include_bytes!("../../../../../models/attribution.bin");

/// Whether a word token is a cue of the lexicon (a verb or adverb) or a cue noun.
fn is_lexicon_cue(t: &Tok) -> bool {
    t.word && (cues::cue_class(&t.lower).is_some() || reported::is_noun_cue(&t.lower))
}

impl AttributionModel {
    /// The model committed as `models/attribution.bin`, loaded once.
    pub fn embedded() -> &'static AttributionModel {
        static MODEL: OnceLock<AttributionModel> = OnceLock::new();
        MODEL.get_or_init(|| {
            AttributionModel::from_bytes(EMBEDDED)
                .expect("the embedded models/attribution.bin is a valid model")
        })
    }

    /// The model as bytes (deterministic for the same model).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b: Vec<u8> = Vec::new();
        b.extend_from_slice(MAGIC);
        b.extend_from_slice(&self.bits.to_le_bytes());
        b.extend_from_slice(&(L as u32).to_le_bytes());
        b.extend_from_slice(&self.threshold.to_le_bytes());
        let flags = self.rule_features as u32
            | (self.chooser.is_some() as u32) << 1
            | (self.veto.is_some() as u32) << 3
            | (self.combine as u32) << 8;
        b.extend_from_slice(&flags.to_le_bytes());
        write_weights(&mut b, &self.weights, self.bits, L);
        b.extend_from_slice(&(self.meta.len() as u32).to_le_bytes());
        b.extend_from_slice(self.meta.as_bytes());
        b.extend_from_slice(&(self.cue_words.len() as u32).to_le_bytes());
        for w in &self.cue_words {
            b.push(w.len() as u8);
            b.extend_from_slice(w.as_bytes());
        }
        if let Some(c) = &self.chooser {
            c.write(&mut b);
        }
        if let Some((v, t)) = &self.veto {
            b.extend_from_slice(&t.to_le_bytes());
            v.write(&mut b);
        }
        let mut enc = GzEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(&b).expect("writing to memory");
        enc.finish().expect("writing to memory")
    }

    /// Reads a model written by [`AttributionModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<AttributionModel, ModelError> {
        let (raw, bits) = model::open(bytes, MAGIC, L)?;
        let mut r = Reader {
            b: &raw[model::HEADER..],
        };
        let threshold = f32::from_bits(r.u32()?);
        let flags = r.u32()?;
        let combine = Combine::from_u32(flags >> 8)
            .ok_or_else(|| ModelError::Format(format!("flags {flags:#x}")))?;
        let weights = read_weights(&mut r, bits, L)?;
        let n = r.u32()? as usize;
        let meta = r.str(n)?.to_string();
        let n = r.u32()? as usize;
        let mut cue_words = Vec::with_capacity(n);
        for _ in 0..n {
            let len = r.u8()? as usize;
            cue_words.push(r.str(len)?.to_string());
        }
        let chooser = if flags & 2 != 0 {
            Some(Chooser::read(&mut r)?)
        } else {
            None
        };
        let veto = if flags & 8 != 0 {
            let t = f32::from_bits(r.u32()?);
            Some((Chooser::read(&mut r)?, t))
        } else {
            None
        };
        if !r.b.is_empty() {
            return Err(ModelError::Format("trailing bytes".into()));
        }
        Ok(AttributionModel {
            veto,
            chooser,
            bits,
            weights,
            threshold,
            combine,
            rule_features: flags & 1 != 0,
            cue_hashes: cue_hashes(&cue_words),
            cue_words,
            meta,
        })
    }

    /// Reads a model file.
    pub fn from_path(path: &std::path::Path) -> Result<AttributionModel, ModelError> {
        let bytes = std::fs::read(path).map_err(ModelError::Io)?;
        AttributionModel::from_bytes(&bytes)
    }

    /// Whether a word token is a lexicon cue, a cue noun or one of the model's cue words.
    pub(crate) fn is_cue_word(&self, t: &Tok) -> bool {
        is_lexicon_cue(t) || (t.word && self.cue_hashes.contains_key(&hash::lower(&t.lower)))
    }

    /// Whether a word token may head a cue: a lexicon cue, a cue noun or one of the model's
    /// cue words that is no function word ("has", "also", "about", "Wednesday" lie inside
    /// cues — "has said", "said Wednesday" — but head none).
    pub(crate) fn is_cue_head(&self, t: &Tok) -> bool {
        is_lexicon_cue(t)
            || (t.word
                && self.cue_hashes.contains_key(&hash::lower(&t.lower))
                && !crate::text::stopwords::is_stopword(&t.lower))
    }

    /// Whether a sentence with these tokens may hold an attribution the model can find.
    pub(crate) fn may_attribute(&self, toks: &[Tok]) -> bool {
        toks.iter().any(|t| {
            if t.word {
                self.is_cue_word(t)
            } else {
                t.quote.is_some()
                    || super::quotes::is_quote_mark(t.lower.chars().next().unwrap_or(' '))
            }
        })
    }

    /// Labels of one prepared sentence and the emission rows (in weight units).
    fn decode(&self, info: &[TokInfo], sflags: u64) -> (Vec<u8>, Vec<[i32; L]>) {
        let mut feats = Vec::with_capacity(48);
        let mut em: Vec<[i32; L]> = Vec::with_capacity(info.len());
        for i in 0..info.len() {
            feats.clear();
            features(info, i, sflags, self.bits, self.rule_features, &mut feats);
            em.push(self.weights.emission::<L>(&feats));
        }
        let mut path = Vec::with_capacity(info.len());
        decode::viterbi(&em, &self.weights.trans, &mut path);
        (path, em)
    }
}

/// How the model's contents join the rules' attributions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Combine {
    /// Only in sentences no rule attribution touches.
    Untouched = 0,
    /// Anywhere, when the content overlaps no rule content.
    NonOverlapping = 1,
    /// As `NonOverlapping`, and a model content that overlaps one reported-speech (indirect)
    /// rule content gives it its boundaries.
    Boundaries = 2,
}

impl Combine {
    pub const ALL: [Combine; 3] = [
        Combine::Untouched,
        Combine::NonOverlapping,
        Combine::Boundaries,
    ];

    fn from_u32(x: u32) -> Option<Combine> {
        Combine::ALL.get(x as usize).copied()
    }
}

/// What the feature templates need to know about one token.
#[derive(Debug, Clone, Copy, Default)]
struct TokInfo {
    lw: u64,
    suf2: u64,
    suf3: u64,
    shape: u64,
    /// Bit 0 inside a quote, 1 a quote mark, 2 a lexicon cue verb, 3 a cue noun, 4 a pronoun,
    /// 5 capitalised, 6 punctuation, 7 a digit.
    flags: u8,
    /// Entity kind: 0 none, 1 PER, 2 ORG, 3 LOC, 4 MISC.
    ent: u8,
    /// Distance buckets to the nearest lexicon cue on the left and on the right.
    cue_left: u8,
    cue_right: u8,
    /// What the rules found here: 0 nothing, 1 content, 2 cue, 3 speaker (with rule features).
    rule: u8,
}

const F_QUOTE: u8 = 1;
const F_MARK: u8 = 2;
const F_CUE: u8 = 4;
const F_NOUN_CUE: u8 = 8;

fn bucket(d: usize) -> u8 {
    match d {
        0 => 0,
        1 => 1,
        2..=3 => 2,
        4..=7 => 3,
        8..=15 => 4,
        _ => 5,
    }
}

fn shape(s: impl Iterator<Item = char>) -> u64 {
    let mut h = hash::OFFSET;
    let mut prev = 0u64;
    let mut n = 0;
    for c in s {
        let cl = if c.is_uppercase() {
            'X' as u64
        } else if c.is_lowercase() {
            'x' as u64
        } else if c.is_numeric() {
            'd' as u64
        } else {
            c as u64
        };
        if cl != prev {
            h = hash::step(h, cl);
            prev = cl;
            n += 1;
            if n == 4 {
                break;
            }
        }
    }
    hash::mix(h)
}

fn suffix(lower: &str, k: usize) -> u64 {
    let mut h = hash::OFFSET ^ 0x5555;
    for c in lower.chars().rev().take(k) {
        h = hash::step(h, c as u64);
    }
    hash::mix(h)
}

/// Token information of sentence `si` of `doc` (its tokens must be filled); `rules`: the
/// rules' attributions when the features include them.
fn prepare(doc: &Doc, si: usize, rules: Option<&[QuoteMention]>) -> (Vec<TokInfo>, u64) {
    let toks = &doc.sents[si].toks;
    let mut info: Vec<TokInfo> = Vec::with_capacity(toks.len());
    let span = doc.sents[si].span;
    let ents: Vec<&EntitySpan> = doc.entities_in(span.start, span.end).collect();
    let mut ei = 0;
    let mut sflags = 0u64;
    for t in toks {
        let mut f = 0u8;
        if t.quote.is_some() {
            f |= F_QUOTE;
        }
        if !t.word {
            if super::quotes::is_quote_mark(t.lower.chars().next().unwrap_or(' ')) {
                f |= F_MARK;
            }
            f |= 64;
        } else {
            if cues::cue_class(&t.lower).is_some() {
                f |= F_CUE;
            }
            if reported::is_noun_cue(&t.lower) {
                f |= F_NOUN_CUE;
            }
            if cues::is_pronoun(&t.lower) {
                f |= 16;
            }
            if t.cap {
                f |= 32;
            }
            if t.lower.starts_with(|c: char| c.is_ascii_digit()) {
                f |= 128;
            }
        }
        while ei < ents.len() && ents[ei].end <= t.start {
            ei += 1;
        }
        let ent = match ents.get(ei) {
            Some(e) if e.start < t.end => match e.kind {
                EntityKind::Person => 1,
                EntityKind::Organization => 2,
                EntityKind::Location => 3,
                EntityKind::Other => 4,
            },
            _ => 0,
        };
        sflags |= (f & (F_MARK | F_CUE | F_NOUN_CUE)) as u64;
        info.push(TokInfo {
            lw: hash::lower(&t.lower),
            suf2: suffix(&t.lower, 2),
            suf3: suffix(&t.lower, 3),
            shape: shape(doc.chars[t.start..t.end].iter().copied()),
            flags: f,
            ent,
            cue_left: 0,
            cue_right: 0,
            rule: 0,
        });
    }
    if let Some(rules) = rules {
        let inside = |t: &Tok, s: &Span| s.start <= t.start && t.start < s.end;
        for m in rules {
            let hit = |s: &Span| s.start < span.end && s.end > span.start;
            let marks = m
                .parts
                .iter()
                .map(|s| (s, 1u8))
                .chain(m.cue.iter().map(|s| (s, 2u8)))
                .chain(m.speaker_span.iter().map(|s| (s, 3u8)));
            for (s, k) in marks {
                if !hit(s) {
                    continue;
                }
                for (t, x) in toks.iter().zip(info.iter_mut()) {
                    if inside(t, s) && x.rule == 0 {
                        x.rule = k;
                    }
                }
            }
        }
        if info.iter().any(|x| x.rule != 0) {
            sflags |= 0x100;
        }
    }
    let mut last: Option<usize> = None;
    for (i, x) in info.iter_mut().enumerate() {
        x.cue_left = last.map_or(6, |j| bucket(i - j));
        if x.flags & (F_CUE | F_NOUN_CUE) != 0 {
            last = Some(i);
        }
    }
    let mut next: Option<usize> = None;
    for (i, x) in info.iter_mut().enumerate().rev() {
        x.cue_right = next.map_or(6, |j| bucket(j - i));
        if x.flags & (F_CUE | F_NOUN_CUE) != 0 {
            next = Some(i);
        }
    }
    (info, sflags)
}

const BOS: u64 = 0x6a09_e667_f3bc_c908;
const EOS: u64 = 0xbb67_ae85_84ca_a73b;

/// Hashed feature rows of token `i`.
fn features(
    info: &[TokInfo],
    i: usize,
    sflags: u64,
    bits: u32,
    rule_features: bool,
    out: &mut Vec<u32>,
) {
    let shift = 64 - bits;
    let n = info.len();
    let at =
        |j: isize| -> Option<&TokInfo> { (j >= 0 && (j as usize) < n).then(|| &info[j as usize]) };
    let word = |j: isize| -> u64 {
        match at(j) {
            Some(t) => t.lw,
            None if j < 0 => BOS,
            None => EOS,
        }
    };
    let flags = |j: isize| -> u64 { at(j).map_or(0x100, |t| t.flags as u64) };
    let ent = |j: isize| -> u64 { at(j).map_or(9, |t| t.ent as u64) };
    let i = i as isize;
    let t = &info[i as usize];
    let mut push = |template: u64, v: u64| {
        out.push((hash::combine(hash::mix(template), v) >> shift) as u32);
    };
    let inq = (t.flags & F_QUOTE) as u64;
    push(1, 0);
    push(2, t.lw);
    push(3, word(i - 1));
    push(4, word(i + 1));
    push(5, word(i - 2));
    push(6, word(i + 2));
    push(7, hash::combine(word(i - 1), t.lw));
    push(8, hash::combine(t.lw, word(i + 1)));
    push(9, t.suf3);
    push(10, t.suf2);
    push(11, t.shape);
    push(12, flags(i));
    push(13, flags(i - 1));
    push(14, flags(i + 1));
    push(15, flags(i - 1) << 16 | flags(i) << 8 | flags(i + 1));
    push(16, (t.cue_left as u64) << 8 | t.cue_right as u64);
    push(17, (t.cue_left as u64) << 8 | inq);
    push(18, (t.cue_right as u64) << 8 | inq);
    push(19, ent(i));
    push(20, ent(i - 1) << 8 | ent(i) << 4 | ent(i + 1));
    let pos = if i == 0 {
        0
    } else if i as usize == n - 1 {
        1
    } else if i as usize == n - 2 {
        2
    } else {
        3 + (i as u64).min(6)
    };
    push(21, pos << 8 | t.flags as u64);
    push(22, sflags << 8 | inq);
    push(23, hash::combine(t.lw, inq));
    push(24, hash::combine(word(i - 1), flags(i) & 0x3));
    push(
        25,
        hash::combine(
            t.lw,
            (t.cue_left.min(3) as u64) << 4 | t.cue_right.min(3) as u64,
        ),
    );
    push(26, hash::combine(word(i - 1), word(i - 2)));
    push(27, hash::combine(word(i + 1), word(i + 2)));
    if rule_features {
        let rule = |j: isize| -> u64 { at(j).map_or(7, |t| t.rule as u64) };
        push(28, rule(i));
        push(29, rule(i - 1) << 8 | rule(i) << 4 | rule(i + 1));
        push(30, hash::combine(t.lw, rule(i)));
        push(31, rule(i) << 8 | flags(i));
    }
}

fn cue_hashes(words: &[String]) -> hash::U64Map<()> {
    words.iter().map(|w| (hash::lower(w), ())).collect()
}

/// Token spans `[a, b)` of label type `k` (0 Source, 1 Cue, 2 Content) in a BIO path.
fn spans(path: &[u8], k: u8) -> Vec<(usize, usize)> {
    let (b, ins) = (1 + 2 * k, 2 + 2 * k);
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (t, &l) in path.iter().enumerate() {
        if l == ins && open.is_some() {
            continue;
        }
        if let Some(a) = open.take() {
            out.push((a, t));
        }
        if l == b || l == ins {
            open = Some(t);
        }
    }
    if let Some(a) = open {
        out.push((a, path.len()));
    }
    out
}

fn is_article(t: &Tok) -> bool {
    matches!(t.lower.as_str(), "the" | "a" | "an")
}

/// Whether a cue span holds an article before its last word ("the criticism of").
fn has_article(cue: &[Tok]) -> bool {
    cue.len() > 1 && cue[..cue.len() - 1].iter().any(is_article)
}

/// Words a content before its cue needs unless quoted.
const SHORT_BEFORE: usize = 7;

/// A content the model proposes, with its confidence.
#[derive(Debug, Clone)]
pub struct Proposal {
    pub mention: QuoteMention,
    pub confidence: f32,
    /// Whether a rule attribution touches the sentence.
    pub touched: bool,
    /// For a content without a cue that opens its sentence: the previous sentence, whose
    /// attribution it continues when one ends there.
    pub continues: Option<Span>,
    /// Candidate content spans for the chooser (the tagged span first).
    pub candidates: Vec<Candidate>,
}

/// Replaces each proposal's content by the chooser's best candidate and its confidence by the
/// candidate's score (rejecting the proposal scores 0).
pub fn choose(chooser: &Chooser, props: &mut [Proposal]) {
    for p in props {
        match chooser.best(&p.candidates) {
            Some((i, score)) => {
                let c = &p.candidates[i];
                p.mention.content = c.content;
                p.mention.parts = vec![c.content];
                p.mention.kind = c.kind;
                p.confidence = score;
            }
            None => p.confidence = f32::MIN,
        }
    }
}

/// The model's attributions in sentence `si` (tokens filled), whatever their confidence.
pub(crate) fn propose(
    model: &AttributionModel,
    doc: &Doc,
    si: usize,
    rules: &[QuoteMention],
    earlier: &[(usize, Span, Option<Span>)],
    touched: bool,
    out: &mut Vec<Proposal>,
) {
    let toks = &doc.sents[si].toks;
    if toks.len() < 3 {
        return;
    }
    let (info, sflags) = prepare(doc, si, model.rule_features.then_some(rules));
    let (path, em) = model.decode(&info, sflags);
    let contents = spans(&path, 2);
    if contents.is_empty() {
        return;
    }
    let cues_found = spans(&path, 1);
    let sources = spans(&path, 0);
    let scale = model.weights.scale.max(f32::MIN_POSITIVE);
    let tagged: Vec<bool> = path.iter().map(|&l| l == B_CON || l == I_CON).collect();
    for (a, b) in contents {
        // Punctuation alone is no content.
        if !toks[a..b].iter().any(|t| t.word) {
            continue;
        }
        let margin: i64 = (a..b)
            .map(|t| (em[t][path[t] as usize] - em[t][O as usize]) as i64)
            .sum();
        let confidence = margin as f32 / (b - a) as f32 / scale;
        let dist = |s: &(usize, usize)| {
            if s.1 <= a {
                a - s.1
            } else {
                s.0.saturating_sub(b)
            }
        };
        let cue = cues_found.iter().min_by_key(|s| dist(s)).copied();
        // Without a cue in the sentence, only the continuation of the previous sentence's
        // content (a content that opens the sentence) is kept.
        let continues = match cue {
            Some(_) => None,
            None if a <= 1 && si > 0 => Some(doc.sents[si - 1].span),
            None => continue,
        };
        let src = sources.iter().min_by_key(|s| dist(s)).copied();
        // A cue with an article inside ("were surprised by the criticism of") is a noun
        // whose speaker would be its possessor: without a source the content is the noun's
        // topic, not something said (a quarter of such proposals right in train CV); a cue
        // noun after an article has no possessor at all.
        if cue.is_some_and(|(x, y)| {
            let c = &toks[x..y];
            (src.is_none() && has_article(c))
                || c.windows(2)
                    .any(|w| is_article(&w[0]) && reported::is_noun_cue(&w[1].lower))
        }) {
            continue;
        }
        // The cue must hold a word of the cue lexicon or one the training data uses as a cue
        // ("was travelling" is no cue).
        if cue.is_some_and(|(x, y)| !toks[x..y].iter().any(|t| model.is_cue_word(t))) {
            continue;
        }
        // Beside a rule attribution, a relative clause is no new attribution (`"…," said
        // Sara Nyberg, 34, who was travelling to …`): a cue within two words after
        // "who/which/whose", or a source holding one, needs a lexicon cue.
        if touched
            && cue.is_some_and(|(x, y)| {
                let rel = |t: &Tok| t.word && matches!(t.lower.as_str(), "who" | "which" | "whose");
                let relative = toks[x.saturating_sub(2)..x].iter().any(rel)
                    || src.is_some_and(|(s, e)| toks[s..e].iter().any(rel));
                relative && !toks[x..y].iter().any(is_lexicon_cue)
            })
        {
            continue;
        }
        // A short unquoted content before its cue is the subject of a passive or object
        // verb ("Trump was criticized by …"), not what was said (under a fifth right in
        // train CV): a content before its cue is a clause or a quote.
        let words = toks[a..b].iter().filter(|t| t.word).count();
        if cue.is_some_and(|(x, _)| b <= x)
            && words < SHORT_BEFORE
            && toks[a..b].iter().all(|t| t.quote.is_none())
        {
            continue;
        }
        let speaker =
            src.map(|(s, e)| speaker::resolve(doc, si, speaker::Np { start: s, end: e }, earlier));
        let quoted = toks[a..b].iter().filter(|t| t.quote.is_some()).count();
        let kind = if quoted == 0 {
            AttributionKind::Indirect
        } else if quoted == b - a || (info[a].flags & F_MARK != 0 && quoted + 1 >= b - a) {
            AttributionKind::Direct
        } else {
            AttributionKind::Partial
        };
        let content = Span::new(toks[a].start, toks[b - 1].end);
        let candidates = cspan::candidates(&cspan::Context {
            toks,
            tagged: &tagged,
            a,
            b,
            cue,
            source: src,
            confidence,
            kind,
            continues: continues.is_some(),
        });
        out.push(Proposal {
            mention: QuoteMention {
                kind,
                content,
                parts: vec![content],
                cue: cue.map(|c| Span::new(toks[c.0].start, toks[c.1 - 1].end)),
                speaker: speaker.as_ref().and_then(|s| s.resolved),
                speaker_span: speaker.as_ref().map(|s| s.written),
                speaker_text: speaker.map(|s| s.text),
            },
            confidence,
            touched,
            continues,
            candidates,
        });
    }
}

/// One gold attribution of a training document (code points into its text).
#[derive(Debug, Clone, Default)]
pub struct GoldAttribution {
    pub content: Vec<Span>,
    pub cue: Vec<Span>,
    pub source: Vec<Span>,
}

/// A training document: text, sentence spans, the tagger's names and the gold attributions.
#[derive(Debug, Clone)]
pub struct TrainDocument {
    pub text: String,
    pub sentences: Vec<Span>,
    pub entities: Vec<EntitySpan>,
    pub gold: Vec<GoldAttribution>,
}

#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub epochs: usize,
    pub seed: u64,
    /// log2 of the number of rows of the hashed weight table.
    pub bits: u32,
    /// The confidence threshold stored in the model.
    pub threshold: f32,
    pub combine: Combine,
    /// Features of what the rules found at each token.
    pub rule_features: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 8,
            seed: 20_180_601,
            bits: 16,
            threshold: 0.0,
            combine: Combine::Untouched,
            rule_features: false,
        }
    }
}

fn inside(t: &Tok, spans: &[Span]) -> bool {
    spans.iter().any(|s| s.start <= t.start && t.start < s.end)
}

/// Gold labels of the tokens of sentence `si`: contents first (longest first, a content
/// nested in a longer one is left out), then cues and sources where no content lies.
fn gold_labels(doc: &Doc, si: usize, gold: &[GoldAttribution]) -> Vec<u8> {
    let toks = &doc.sents[si].toks;
    let span = doc.sents[si].span;
    let mut labels = vec![O; toks.len()];
    let mut owner: Vec<usize> = vec![usize::MAX; toks.len()];
    let touches = |v: &[Span]| v.iter().any(|s| s.start < span.end && s.end > span.start);
    let mut order: Vec<usize> = (0..gold.len())
        .filter(|&g| touches(&gold[g].content))
        .collect();
    let len = |g: &GoldAttribution| g.content.iter().map(|s| s.len()).sum::<usize>();
    order.sort_by_key(|&g| (std::cmp::Reverse(len(&gold[g])), g));
    let mut placed = Vec::new();
    for &g in &order {
        let idx: Vec<usize> = (0..toks.len())
            .filter(|&t| inside(&toks[t], &gold[g].content))
            .collect();
        if idx.is_empty() || idx.iter().any(|&t| owner[t] != usize::MAX) {
            continue;
        }
        for &t in &idx {
            owner[t] = g;
        }
        placed.push(g);
    }
    // Cues, then sources (k: 1 cue, 0 source).
    for k in [1usize, 0] {
        for (g, a) in gold.iter().enumerate() {
            let spans = if k == 1 { &a.cue } else { &a.source };
            if !touches(spans) {
                continue;
            }
            for t in 0..toks.len() {
                if owner[t] == usize::MAX && inside(&toks[t], spans) {
                    owner[t] = gold.len() + 2 * g + k;
                }
            }
        }
    }
    for t in 0..toks.len() {
        let o = owner[t];
        if o == usize::MAX {
            continue;
        }
        let (b, i) = if o < gold.len() {
            (B_CON, I_CON)
        } else if (o - gold.len()) % 2 == 1 {
            (B_CUE, I_CUE)
        } else {
            (B_SRC, I_SRC)
        };
        labels[t] = if t > 0 && owner[t - 1] == o { i } else { b };
    }
    labels
}

/// Trains the tagger on every sentence of `docs`. Deterministic.
pub fn train(
    docs: &[TrainDocument],
    opts: &TrainOptions,
    mut on_epoch: impl FnMut(usize),
) -> AttributionModel {
    let mut data: Vec<Prepared> = Vec::new();
    // Per word: occurrences inside a gold cue, and in all.
    let mut cue_count: std::collections::BTreeMap<String, (u32, u32)> = Default::default();
    for d in docs {
        let mut doc = Doc::new(&d.text, &d.sentences, &d.entities);
        let rules = if opts.rule_features {
            super::rules(&doc)
        } else {
            Vec::new()
        };
        for si in 0..doc.sents.len() {
            doc.fill_tokens(si);
            if doc.sents[si].toks.is_empty() {
                continue;
            }
            let gold = gold_labels(&doc, si, &d.gold);
            for (t, &l) in doc.sents[si].toks.iter().zip(&gold) {
                if t.word && t.lower.len() < 256 {
                    let e = cue_count.entry(t.lower.clone()).or_default();
                    e.0 += (l == B_CUE || l == I_CUE) as u32;
                    e.1 += 1;
                }
            }
            let (info, sflags) = prepare(&doc, si, opts.rule_features.then_some(&rules[..]));
            let mut p = Prepared {
                feats: Vec::new(),
                offs: vec![0],
                gold,
            };
            for i in 0..info.len() {
                features(
                    &info,
                    i,
                    sflags,
                    opts.bits,
                    opts.rule_features,
                    &mut p.feats,
                );
                p.offs.push(p.feats.len() as u32);
            }
            data.push(p);
        }
    }
    let cue_words: Vec<String> = cue_count
        .into_iter()
        .filter(|(_, (c, n))| *c >= 2 && 10 * c >= *n)
        .map(|(w, _)| w)
        .collect();
    let refs: Vec<&Prepared> = data.iter().collect();
    let avg = perceptron::<L>(&refs, opts.epochs, opts.seed, opts.bits, |e, _| on_epoch(e));
    AttributionModel {
        bits: opts.bits,
        weights: avg.quantise(),
        threshold: opts.threshold,
        combine: opts.combine,
        rule_features: opts.rule_features,
        cue_hashes: cue_hashes(&cue_words),
        cue_words,
        chooser: None,
        veto: None,
        meta: format!(
            "averaged perceptron, Source/Cue/Content BIO, {} epochs, seed {}, 2^{} rows, {} training documents, {} sentences, rule features {}, combination {:?}, threshold {}",
            opts.epochs,
            opts.seed,
            opts.bits,
            docs.len(),
            data.len(),
            opts.rule_features,
            opts.combine,
            opts.threshold
        ),
    }
}

/// The rules' attributions with the model's proposals joined as `combine` says (proposals
/// below `threshold` are dropped).
pub fn combine(
    mut rules: Vec<QuoteMention>,
    proposals: &[Proposal],
    threshold: f32,
    combine: Combine,
) -> Vec<QuoteMention> {
    let overlaps = |a: &QuoteMention, b: &QuoteMention| {
        a.parts
            .iter()
            .any(|x| b.parts.iter().any(|y| x.start < y.end && y.start < x.end))
    };
    let n_rules = rules.len();
    let mut fixed = vec![false; n_rules];
    for p in proposals {
        if p.confidence < threshold {
            continue;
        }
        if let Some(prev) = p.continues {
            // Join the attribution whose content ends the previous sentence.
            let ends_there =
                |m: &QuoteMention| m.content.end <= prev.end && m.content.end + 3 >= prev.end;
            let covered = rules.iter().any(|m| {
                m.parts
                    .iter()
                    .any(|x| x.start < p.mention.content.end && p.mention.content.start < x.end)
            });
            if covered {
                continue;
            }
            if let Some(m) = rules.iter_mut().rev().find(|m| ends_there(m)) {
                m.parts.push(p.mention.content);
                m.content = Span::new(m.content.start, p.mention.content.end);
            }
            continue;
        }
        match combine {
            Combine::Untouched if p.touched => continue,
            Combine::Untouched => rules.push(p.mention.clone()),
            Combine::NonOverlapping | Combine::Boundaries => {
                let hits: Vec<usize> = (0..n_rules)
                    .filter(|&r| overlaps(&rules[r], &p.mention))
                    .collect();
                if hits.is_empty() {
                    rules.push(p.mention.clone());
                } else if combine == Combine::Boundaries
                    && hits.len() == 1
                    && !fixed[hits[0]]
                    && rules[hits[0]].kind == AttributionKind::Indirect
                    && p.mention.kind == AttributionKind::Indirect
                {
                    let r = &mut rules[hits[0]];
                    r.content = p.mention.content;
                    r.parts = vec![p.mention.content];
                    fixed[hits[0]] = true;
                }
            }
        }
    }
    rules
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::attribution::{extract_with, Doc};
    use crate::text::segment;
    use proptest::prelude::*;

    /// Invented reports with a cue verb no lexicon holds ("blorped", "flummoxed").
    const TRAIN: &[(&str, &str, &str, &str)] = &[
        (
            "Mayor Tran",
            "blorped",
            "the bridge would reopen in May",
            ".",
        ),
        (
            "The council",
            "blorped",
            "taxes would not rise next year",
            ".",
        ),
        ("Jane Okafor", "flummoxed", "the budget was balanced", "."),
        (
            "The union",
            "blorped",
            "its members would strike on Monday",
            ".",
        ),
        ("Senator Vale", "flummoxed", "the vote had been rigged", "."),
        (
            "A neighbour",
            "blorped",
            "the lights went out at midnight",
            ".",
        ),
        ("The coach", "flummoxed", "his team had played badly", "."),
        (
            "Governor Ruiz",
            "blorped",
            "the floods were the worst in decades",
            ".",
        ),
    ];

    fn training_set() -> Vec<TrainDocument> {
        TRAIN
            .iter()
            .map(|(src, cue, content, end)| {
                let text = format!(
                    "Rain fell on the town all week. {src} {cue} that {content}{end} Shops stayed open."
                );
                let find = |s: &str| {
                    let b = text.find(s).expect("in text");
                    let a = text[..b].chars().count();
                    Span::new(a, a + s.chars().count())
                };
                TrainDocument {
                    sentences: segment(&text),
                    entities: Vec::new(),
                    gold: vec![GoldAttribution {
                        content: vec![find(content)],
                        cue: vec![find(cue)],
                        source: vec![find(src)],
                    }],
                    text,
                }
            })
            .collect()
    }

    fn tiny_model() -> AttributionModel {
        let opts = TrainOptions {
            epochs: 10,
            bits: 14,
            threshold: f32::MIN,
            ..TrainOptions::default()
        };
        train(&training_set(), &opts, |_| {})
    }

    #[test]
    fn learns_a_cue_no_lexicon_has() {
        let model = tiny_model();
        let text = "The river rose overnight. Chief Diallo blorped that the dam would hold.";
        let sents = segment(text);
        assert!(
            extract_with(text, &sents, &[], None).is_empty(),
            "the rules do not know the cue"
        );
        let found = extract_with(text, &sents, &[], Some(&model));
        assert_eq!(found.len(), 1, "{found:?}");
        let m = &found[0];
        assert_eq!(m.content_text(text), "the dam would hold");
        assert_eq!(m.cue.and_then(|c| c.slice(text)), Some("blorped"));
        assert_eq!(
            m.speaker_span.and_then(|s| s.slice(text)),
            Some("Chief Diallo")
        );
        assert_eq!(m.kind, AttributionKind::Indirect);
        // Nothing is attributed in a sentence without a cue.
        let plain = "The river rose overnight. The dam held.";
        assert!(extract_with(plain, &segment(plain), &[], Some(&model)).is_empty());
    }

    #[test]
    fn reads_a_touched_sentence_for_a_cue_outside_the_rules() {
        let mut model = tiny_model();
        let text = "Rain fell on the town all week. \"The dam will hold,\" Mayor Tran said, and Chief Diallo blorped that the bridge would reopen.";
        let sents = segment(text);
        let rules = extract_with(text, &sents, &[], None);
        assert_eq!(rules.len(), 1, "{rules:?}");
        assert_eq!(rules[0].content_text(text), "The dam will hold");
        // Only in the sentences the rules leave alone: nothing is added.
        model.combine = Combine::Untouched;
        assert_eq!(extract_with(text, &sents, &[], Some(&model)), rules);
        // Also in touched sentences: "blorped" lies outside the rule's spans.
        model.combine = Combine::NonOverlapping;
        let found = extract_with(text, &sents, &[], Some(&model));
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[1].content_text(text), "the bridge would reopen");
        assert_eq!(found[1].cue.and_then(|c| c.slice(text)), Some("blorped"));
        // A cue word only inside the rule's content: the sentence is not read.
        let inside = "Rain fell on the town all week. \"Chief Diallo blorped that the bridge would reopen,\" Mayor Tran said.";
        let s2 = segment(inside);
        let rules2 = extract_with(inside, &s2, &[], None);
        assert_eq!(rules2.len(), 1, "{rules2:?}");
        let mut doc = Doc::new(inside, &s2, &[]);
        let props = crate::extract::attribution::proposals(&mut doc, &rules2, &model, true);
        assert!(props.is_empty(), "{props:?}");
        // Untouched, the same sentence is read.
        let props = crate::extract::attribution::proposals(&mut doc, &[], &model, true);
        assert!(!props.is_empty());
    }

    #[test]
    fn model_round_trips_and_rejects_garbage() {
        let model = tiny_model();
        let bytes = model.to_bytes();
        let back = AttributionModel::from_bytes(&bytes).expect("reads back");
        assert_eq!(back.to_bytes(), bytes);
        assert_eq!(back.meta, model.meta);
        assert_eq!(back.combine, model.combine);
        assert!(back.chooser.is_none());
        // With a chooser.
        let mut with = model.clone();
        with.chooser = Some(Chooser::train(&[], 1, 1));
        let b2 = with.to_bytes();
        let back2 = AttributionModel::from_bytes(&b2).expect("reads back");
        assert_eq!(back2.chooser, with.chooser);
        assert_eq!(back2.to_bytes(), b2);
        // With a veto on the rules' attributions.
        let text = "Rain fell. The mayor said the bridge would reopen in May.";
        let sents = segment(text);
        let rules = extract_with(text, &sents, &[], None);
        let units = crate::extract::attribution::rule_candidates(text, &sents, &[], &rules);
        assert_eq!(units.len(), rules.len());
        assert!(units.iter().all(|u| !u.feats.is_empty()));
        let data: Vec<(&[Candidate], Option<usize>)> = units
            .iter()
            .map(|u| (std::slice::from_ref(u), None))
            .collect();
        with.veto = Some((Chooser::train(&data, 3, 1), 0.25));
        let b3 = with.to_bytes();
        let back3 = AttributionModel::from_bytes(&b3).expect("reads back");
        assert_eq!(back3.veto, with.veto);
        assert_eq!(back3.to_bytes(), b3);
        // A veto that rejects every rule attribution leaves none of them.
        let mut strict = model.clone();
        strict.veto = Some((Chooser::train(&data, 3, 1), f32::MAX));
        assert!(!rules.is_empty());
        assert!(extract_with(text, &sents, &[], Some(&strict))
            .iter()
            .all(|m| !rules.contains(m)));
        assert!(AttributionModel::from_bytes(b"not a model").is_err());
        assert!(AttributionModel::from_bytes(&bytes[..bytes.len() / 2]).is_err());
        // Training is deterministic.
        assert_eq!(tiny_model().to_bytes(), bytes);
    }

    #[test]
    fn embedded_model_loads() {
        let m = AttributionModel::embedded();
        assert!(m.meta.contains("Source/Cue/Content"), "{}", m.meta);
    }

    #[test]
    fn bio_spans_and_decoding_respect_the_constraint() {
        // A stray I- opens a span; B- after I- of the same type starts a new one.
        let path = [O, B_CUE, I_CUE, O, I_CON, I_CON, B_CON, I_CON, B_SRC];
        assert_eq!(spans(&path, 1), vec![(1, 3)]);
        assert_eq!(spans(&path, 2), vec![(4, 6), (6, 8)]);
        assert_eq!(spans(&path, 0), vec![(8, 9)]);
        let model = tiny_model();
        let text = "Mayor Tran blorped that the bridge would reopen, and the council flummoxed that taxes would rise.";
        let mut doc = Doc::new(text, &segment(text), &[]);
        doc.fill_tokens(0);
        let (info, sflags) = prepare(&doc, 0, None);
        let (path, _) = model.decode(&info, sflags);
        assert_eq!(path.len(), doc.sents[0].toks.len());
        for (t, &l) in path.iter().enumerate() {
            let prev = if t == 0 { L } else { path[t - 1] as usize };
            assert!(decode::allowed_in::<L>(prev, l as usize), "{path:?}");
        }
        assert!(path.contains(&B_CON), "{path:?}");
    }

    fn check_offsets(text: &str, model: &AttributionModel) {
        let n = text.chars().count();
        let sents = segment(text);
        for m in extract_with(text, &sents, &[], Some(model)) {
            assert!(m.content.start <= m.content.end && m.content.end <= n);
            for p in &m.parts {
                assert!(m.content.start <= p.start && p.start <= p.end && p.end <= m.content.end);
            }
            for s in m.cue.iter().chain(&m.speaker_span).chain(&m.speaker) {
                assert!(s.start <= s.end && s.end <= n);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn offsets_stay_in_the_text(text in "([A-Za-z]{1,7}|blorped|flummoxed|said|that|[ .,;:\"'“”‘’\n—-]|é|😀){0,60}") {
            static MODEL: OnceLock<AttributionModel> = OnceLock::new();
            let model = MODEL.get_or_init(|| {
                let mut m = tiny_model();
                m.combine = Combine::Boundaries;
                m
            });
            check_offsets(&text, model);
            check_offsets(&text, AttributionModel::embedded());
        }
    }
}

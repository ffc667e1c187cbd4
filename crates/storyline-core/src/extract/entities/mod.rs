//! Named-entity tagging: PER, ORG, LOC and MISC names as BIO tags over tokens.
//!
//! A first-order linear sequence model (averaged structured perceptron, Viterbi decoding with
//! the BIO constraint) over hashed token features (see [`features`]), trained by
//! [`train::train`] on CoNLL-2003 style data. The trained model is the committed file
//! `models/ner.bin`, embedded in the binary: [`Tagger::embedded`].
//!
//! ```no_run
//! use storyline_core::extract::entities::Tagger;
//! let tagger = Tagger::embedded();
//! let tags = tagger.tag(&["Angela", "Merkel", "visited", "Paris", "."]);
//! assert_eq!(tags[0].as_str(), "B-PER");
//! let spans = tagger.entities("Angela Merkel visited Paris.");
//! assert_eq!((spans[1].start, spans[1].end), (22, 27));
//! ```

pub(crate) mod decode;
mod features;
pub(crate) mod hash;
pub mod lexicon;
pub(crate) mod model;
pub mod tokenize;
pub mod train;

use std::sync::{Arc, OnceLock};
use storyline_model::EntityKind;

pub use lexicon::{Gazetteer, Lexicon};
pub use model::ModelError;
pub use tokenize::{tokenize, Token};

/// Number of labels: `O` and `B-`/`I-` for each of the four types.
pub const LABELS: usize = 9;

const KINDS: [EntityKind; 4] = [
    EntityKind::Person,
    EntityKind::Organization,
    EntityKind::Location,
    EntityKind::Other,
];
const NAMES: [&str; LABELS] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];

/// A BIO tag: `O`, or the beginning / inside of a name of some [`EntityKind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tag(u8);

impl Tag {
    pub const O: Tag = Tag(0);

    pub fn begin(kind: EntityKind) -> Tag {
        Tag(1 + 2 * kind_index(kind) as u8)
    }

    pub fn inside(kind: EntityKind) -> Tag {
        Tag(2 + 2 * kind_index(kind) as u8)
    }

    pub(crate) fn from_index(i: usize) -> Tag {
        debug_assert!(i < LABELS);
        Tag(i as u8)
    }

    pub fn index(self) -> usize {
        self.0 as usize
    }

    pub fn kind(self) -> Option<EntityKind> {
        (self.0 != 0).then(|| KINDS[(self.0 as usize - 1) / 2])
    }

    pub fn is_begin(self) -> bool {
        self.0 % 2 == 1
    }

    /// The CoNLL spelling: `O`, `B-PER`, `I-ORG`, `B-LOC`, `I-MISC`, …
    pub fn as_str(self) -> &'static str {
        NAMES[self.0 as usize]
    }

    /// Reads a CoNLL tag (IOB2 spelling; `B-`/`I-` prefixes with PER, ORG, LOC, MISC).
    pub fn parse(s: &str) -> Option<Tag> {
        NAMES.iter().position(|n| *n == s).map(Tag::from_index)
    }
}

impl std::fmt::Display for Tag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

fn kind_index(kind: EntityKind) -> usize {
    match kind {
        EntityKind::Person => 0,
        EntityKind::Organization => 1,
        EntityKind::Location => 2,
        EntityKind::Other => 3,
    }
}

/// A name found in text: `[start, end)` in code points, and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntitySpan {
    pub start: usize,
    pub end: usize,
    pub kind: EntityKind,
}

/// Token ranges `[start, end)` of the names in a tag sequence (a stray `I-X` starts a name).
pub fn spans_of(tags: &[Tag]) -> Vec<(usize, usize, EntityKind)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, EntityKind)> = None;
    for (i, t) in tags.iter().enumerate() {
        let continues = !t.is_begin() && t.kind().is_some() && open.map(|o| o.1) == t.kind();
        if continues {
            continue;
        }
        if let Some((s, k)) = open.take() {
            out.push((s, i, k));
        }
        if let Some(k) = t.kind() {
            open = Some((i, k));
        }
    }
    if let Some((s, k)) = open {
        out.push((s, tags.len(), k));
    }
    out
}

/// Word clusters, usual case and gazetteers: the model's word knowledge.
#[derive(Debug, Clone, Default)]
pub struct Resources {
    pub lexicon: Lexicon,
    pub gazetteer: Gazetteer,
}

/// One stage's quantised weights.
#[derive(Debug, Clone, Default)]
pub(crate) struct Weights {
    /// Emission weights, `LABELS` per row, scaled by `scale`.
    pub(crate) emit: Vec<i16>,
    /// Transition weights `[prev * LABELS + cur]`, `prev` = `LABELS` first.
    pub(crate) trans: Vec<i32>,
    pub(crate) scale: f32,
}

impl Weights {
    /// Quantised emission scores of one token with feature rows `feats` (`L` labels per row).
    #[inline]
    pub(crate) fn emission<const L: usize>(&self, feats: &[u32]) -> [i32; L] {
        let mut row = [0i32; L];
        for &f in feats {
            let ws = &self.emit[f as usize * L..f as usize * L + L];
            for l in 0..L {
                row[l] += ws[l] as i32;
            }
        }
        row
    }
}

/// The trained tagger: a first stage, an optional second stage that also sees what the first
/// stage found for the same words elsewhere in the document, and their [`Resources`].
#[derive(Debug, Clone)]
pub struct Tagger {
    pub(crate) bits: u32,
    pub(crate) stage1: Weights,
    pub(crate) stage2: Option<Weights>,
    pub(crate) resources: Arc<Resources>,
    /// Free-form description of how the model was built.
    pub meta: String,
}

static EMBEDDED: &[u8] = include_bytes!("../../../../../models/ner.bin");

impl Tagger {
    /// The model committed as `models/ner.bin`, loaded once.
    pub fn embedded() -> &'static Tagger {
        static TAGGER: OnceLock<Tagger> = OnceLock::new();
        TAGGER.get_or_init(|| {
            Tagger::from_bytes(EMBEDDED).expect("the embedded models/ner.bin is a valid model")
        })
    }

    /// A fresh copy of the embedded model.
    pub fn load() -> Tagger {
        Tagger::embedded().clone()
    }

    /// Reads a model written by [`Tagger::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, ModelError> {
        model::read(bytes)
    }

    /// Reads a model file.
    pub fn from_path(path: &std::path::Path) -> Result<Tagger, ModelError> {
        let bytes = std::fs::read(path).map_err(ModelError::Io)?;
        Tagger::from_bytes(&bytes)
    }

    /// The model as bytes (deterministic for the same model).
    pub fn to_bytes(&self) -> Vec<u8> {
        model::write(self)
    }

    pub fn resources(&self) -> &Resources {
        &self.resources
    }

    /// Tags one sentence (it is its own document context).
    pub fn tag<S: AsRef<str>>(&self, tokens: &[S]) -> Vec<Tag> {
        self.tag_document(std::slice::from_ref(&tokens))
            .pop()
            .unwrap_or_default()
    }

    /// Tags the sentences of one document: how a word is written elsewhere in the document (in
    /// headlines, at the start of sentences) informs each sentence.
    pub fn tag_document<S: AsRef<str>, T: AsRef<[S]>>(&self, sentences: &[T]) -> Vec<Vec<Tag>> {
        let mut doc: Vec<_> = sentences
            .iter()
            .map(|s| {
                let (mut toks, caps) = features::prepare(s.as_ref(), &self.resources.lexicon);
                features::mark_gazetteer(&mut toks, &self.resources.gazetteer);
                (toks, caps)
            })
            .collect();
        features::mark_document(&mut doc);
        let first = decode_doc(&doc, &self.stage1, self.bits, false);
        match &self.stage2 {
            None => first,
            Some(w2) => {
                features::mark_aggregate(&mut doc, &first);
                decode_doc(&doc, w2, self.bits, true)
            }
        }
        .into_iter()
        .map(|p| p.into_iter().map(|l| Tag::from_index(l as usize)).collect())
        .collect()
    }

    /// Tokenises `text` (one sentence or more; treated as one document) and returns the names
    /// found, with code-point offsets into `text`.
    pub fn entities(&self, text: &str) -> Vec<EntitySpan> {
        let tokens = tokenize(text);
        let words: Vec<&str> = tokens.iter().map(|t| t.text).collect();
        let tags = self.tag(&words);
        spans_of(&tags)
            .into_iter()
            .map(|(s, e, kind)| EntitySpan {
                start: tokens[s].start,
                end: tokens[e - 1].end,
                kind,
            })
            .collect()
    }

    /// Like [`Tagger::entities`] for a document given as sentences of text: offsets are per
    /// sentence.
    pub fn document_entities<S: AsRef<str>>(&self, sentences: &[S]) -> Vec<Vec<EntitySpan>> {
        let tokens: Vec<Vec<Token<'_>>> = sentences.iter().map(|s| tokenize(s.as_ref())).collect();
        let words: Vec<Vec<&str>> = tokens
            .iter()
            .map(|ts| ts.iter().map(|t| t.text).collect())
            .collect();
        let tags = self.tag_document(&words);
        tags.iter()
            .zip(&tokens)
            .map(|(tags, toks)| {
                spans_of(tags)
                    .into_iter()
                    .map(|(s, e, kind)| EntitySpan {
                        start: toks[s].start,
                        end: toks[e - 1].end,
                        kind,
                    })
                    .collect()
            })
            .collect()
    }
}

/// Decodes every sentence of a prepared document with one stage's weights.
fn decode_doc(
    doc: &[(Vec<features::Tok>, bool)],
    w: &Weights,
    bits: u32,
    stage2: bool,
) -> Vec<Vec<u8>> {
    let mut feats = Vec::with_capacity(64);
    let mut em: Vec<[i32; LABELS]> = Vec::new();
    doc.iter()
        .map(|(toks, caps)| {
            em.clear();
            for i in 0..toks.len() {
                feats.clear();
                features::features(toks, *caps, i, bits, stage2, &mut feats);
                em.push(w.emission::<LABELS>(&feats));
            }
            let mut path = Vec::with_capacity(toks.len());
            decode::viterbi(&em, &w.trans, &mut path);
            path
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip() {
        for (i, n) in NAMES.iter().enumerate() {
            let t = Tag::parse(n).unwrap();
            assert_eq!(t.index(), i);
            assert_eq!(t.as_str(), *n);
        }
        assert_eq!(Tag::begin(EntityKind::Location).as_str(), "B-LOC");
        assert_eq!(Tag::inside(EntityKind::Other).as_str(), "I-MISC");
        assert_eq!(
            Tag::parse("B-ORG").unwrap().kind(),
            Some(EntityKind::Organization)
        );
        assert_eq!(Tag::O.kind(), None);
        assert!(Tag::parse("X").is_none());
    }

    #[test]
    fn spans_from_tags() {
        let t = |s: &str| Tag::parse(s).unwrap();
        let tags = [
            t("B-PER"),
            t("I-PER"),
            t("O"),
            t("I-LOC"),
            t("B-LOC"),
            t("B-ORG"),
            t("I-ORG"),
        ];
        assert_eq!(
            spans_of(&tags),
            vec![
                (0, 2, EntityKind::Person),
                (3, 4, EntityKind::Location),
                (4, 5, EntityKind::Location),
                (5, 7, EntityKind::Organization),
            ]
        );
    }

    #[test]
    fn embedded_model_tags_news() {
        let tagger = Tagger::embedded();
        let tags = tagger.tag(&[
            "German",
            "Chancellor",
            "Helmut",
            "Kohl",
            "met",
            "Boris",
            "Yeltsin",
            "in",
            "Moscow",
            ".",
        ]);
        let s: Vec<&str> = tags.iter().map(|t| t.as_str()).collect();
        assert_eq!(
            s,
            ["B-MISC", "O", "B-PER", "I-PER", "O", "B-PER", "I-PER", "O", "B-LOC", "O"]
        );
        let text = "Shares of Microsoft Corp. rose in New York on Friday, said Reuters.";
        let spans = tagger.entities(text);
        let chars: Vec<char> = text.chars().collect();
        let found: Vec<(String, EntityKind)> = spans
            .iter()
            .map(|s| (chars[s.start..s.end].iter().collect(), s.kind))
            .collect();
        assert_eq!(
            found,
            vec![
                ("Microsoft Corp.".to_string(), EntityKind::Organization),
                ("New York".to_string(), EntityKind::Location),
                ("Reuters".to_string(), EntityKind::Organization),
            ]
        );
        assert!(tagger.tag::<&str>(&[]).is_empty());
    }
}

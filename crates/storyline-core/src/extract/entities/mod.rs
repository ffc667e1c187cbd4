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
///
/// Most of the `2^bits` hashed feature rows are all zero (at 19 bits the entity tagger's stages
/// keep ~59,000 of 524,288), so only those rows are kept, in row order, with a rank index over
/// a bitmap of which rows exist. A stage is then ~1 MB of rows and 128 KB of index instead of
/// 9.4 MB of mostly zero rows: the lookups of a token's ~40 features stay in the core's L2
/// cache instead of reaching across the L3 cache, and the sums are the same integers.
#[derive(Debug, Clone, Default)]
pub(crate) struct Weights {
    /// The rows that are not all zero, `labels` per row, in row order, then one zero row that
    /// absent rows read (so the lookup needs no branch).
    rows: Vec<i16>,
    /// Per 64 rows: which of them are stored, and how many stored rows come before.
    index: Vec<RowBlock>,
    /// Transition weights `[prev * LABELS + cur]`, `prev` = `LABELS` first.
    pub(crate) trans: Vec<i32>,
    pub(crate) scale: f32,
}

/// 64 rows of a [`Weights`] table: a bitmap of the stored ones and the stored rows before them.
#[derive(Debug, Clone, Copy, Default)]
struct RowBlock {
    present: u64,
    before: u32,
}

impl Weights {
    /// Weights from a dense table of `rows_total × labels` emission weights.
    pub(crate) fn from_dense(dense: &[i16], labels: usize, trans: Vec<i32>, scale: f32) -> Weights {
        let rows_total = dense.len() / labels;
        Weights::from_rows(
            rows_total,
            labels,
            (0..rows_total).filter_map(|r| {
                let row = &dense[r * labels..(r + 1) * labels];
                row.iter().any(|&x| x != 0).then_some((r, row))
            }),
            trans,
            scale,
        )
    }

    /// Weights from the stored rows `(row, weights)` in increasing row order, of `rows_total`.
    pub(crate) fn from_rows<'a>(
        rows_total: usize,
        labels: usize,
        stored: impl IntoIterator<Item = (usize, &'a [i16])>,
        trans: Vec<i32>,
        scale: f32,
    ) -> Weights {
        let mut index = vec![RowBlock::default(); rows_total.div_ceil(64)];
        let mut rows = Vec::new();
        let mut count = 0u32;
        for (r, row) in stored {
            debug_assert_eq!(row.len(), labels);
            index[r / 64].present |= 1 << (r % 64);
            rows.extend_from_slice(row);
            count += 1;
        }
        rows.extend(std::iter::repeat_n(0, labels));
        let mut before = 0u32;
        for b in &mut index {
            b.before = before;
            before += b.present.count_ones();
        }
        debug_assert_eq!(before, count);
        Weights {
            rows,
            index,
            trans,
            scale,
        }
    }

    /// The stored rows (not all zero) as `(row, weights)`, in row order.
    pub(crate) fn stored(&self, labels: usize) -> impl Iterator<Item = (usize, &[i16])> + '_ {
        self.index.iter().enumerate().flat_map(move |(k, b)| {
            let mut bits = b.present;
            let mut i = b.before as usize;
            std::iter::from_fn(move || {
                if bits == 0 {
                    return None;
                }
                let r = k * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let row = &self.rows[i * labels..(i + 1) * labels];
                i += 1;
                Some((r, row))
            })
        })
    }

    /// Where row `f`'s weights start in `rows` (the trailing zero row when it is not stored).
    #[inline]
    fn offset<const L: usize>(&self, f: u32) -> usize {
        let zero = self.rows.len() - L;
        match self.index.get(f as usize / 64) {
            Some(b) => {
                let bit = 1u64 << (f % 64);
                let at = (b.before + (b.present & (bit - 1)).count_ones()) as usize * L;
                if b.present & bit != 0 {
                    at
                } else {
                    zero
                }
            }
            None => zero,
        }
    }

    /// Quantised emission scores of one token with feature rows `feats` (`L` labels per row).
    #[inline]
    pub(crate) fn emission<const L: usize>(&self, feats: &[u32]) -> [i32; L] {
        let mut row = [0i32; L];
        if self.rows.len() < L {
            return row;
        }
        for &f in feats {
            let at = self.offset::<L>(f);
            let ws = &self.rows[at..at + L];
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
    use proptest::prelude::*;

    proptest! {
        /// The compact table sums the same integers as the dense table it was built from, for
        /// stored and absent rows alike, and lists exactly the rows that are not all zero.
        #[test]
        fn compact_weights_sum_as_the_dense_table(
            dense in prop::collection::vec(
                prop_oneof![4 => Just(0i16), 1 => any::<i16>()], 3 * 200),
            feats in prop::collection::vec(0u32..200, 0..40),
        ) {
            let w = Weights::from_dense(&dense, 3, vec![0; 12], 1.0);
            let mut want = [0i32; 3];
            for &f in &feats {
                for l in 0..3 {
                    want[l] += dense[f as usize * 3 + l] as i32;
                }
            }
            prop_assert_eq!(w.emission::<3>(&feats), want);
            let stored: Vec<usize> = w.stored(3).map(|(r, _)| r).collect();
            let nonzero: Vec<usize> = (0..200)
                .filter(|&r| dense[r * 3..r * 3 + 3].iter().any(|&x| x != 0))
                .collect();
            prop_assert_eq!(stored, nonzero);
            for (r, row) in w.stored(3) {
                prop_assert_eq!(row, &dense[r * 3..r * 3 + 3]);
            }
        }
    }

    #[test]
    fn features_beyond_the_table_and_an_empty_table_add_nothing() {
        let w = Weights::from_dense(&[1, 2, 0, 0], 2, vec![0; 6], 1.0);
        assert_eq!(w.emission::<2>(&[0, 1, 5000]), [1, 2]);
        assert_eq!(Weights::default().emission::<2>(&[0, 7]), [0, 0]);
    }

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

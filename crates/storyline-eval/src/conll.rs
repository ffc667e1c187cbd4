//! CoNLL-2003 (and CoNLL++) named-entity data: a reader for the `token POS chunk BIO-tag`
//! column format and an entity-level scorer that computes what `conlleval` prints: precision,
//! recall and F1 of exact-match chunks, per type and overall.
//!
//! Chunks are read the way `conlleval` reads them, so IOB1 and IOB2 input both work: a chunk
//! starts at a `B-` tag, or at an `I-` tag whose type differs from the previous tag's, and ends
//! when the next tag does not continue it.

use std::collections::BTreeMap;
use std::fmt;

/// One token line: all its columns (the first is the token, the last the gold tag when the
/// file carries tags).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub columns: Vec<String>,
}

impl Token {
    pub fn text(&self) -> &str {
        self.columns.first().map(String::as_str).unwrap_or("")
    }

    /// The last column, when there are at least two.
    pub fn tag(&self) -> Option<&str> {
        if self.columns.len() >= 2 {
            self.columns.last().map(String::as_str)
        } else {
            None
        }
    }
}

pub type Sentence = Vec<Token>;

/// A document: the sentences between two `-DOCSTART-` lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    pub sentences: Vec<Sentence>,
}

/// Reads CoNLL column text. Sentences are separated by blank lines; `-DOCSTART-` lines start a
/// new document (text before the first one forms a document of its own).
pub fn parse(text: &str) -> Vec<Document> {
    let mut docs: Vec<Document> = Vec::new();
    let mut doc = Document::default();
    let mut sentence: Sentence = Vec::new();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        let docstart = line.starts_with("-DOCSTART-");
        if line.trim().is_empty() || docstart {
            if !sentence.is_empty() {
                doc.sentences.push(std::mem::take(&mut sentence));
            }
            if docstart && !doc.sentences.is_empty() {
                docs.push(std::mem::take(&mut doc));
            }
            continue;
        }
        sentence.push(Token {
            columns: line.split_whitespace().map(str::to_string).collect(),
        });
    }
    if !sentence.is_empty() {
        doc.sentences.push(sentence);
    }
    if !doc.sentences.is_empty() {
        docs.push(doc);
    }
    docs
}

/// An entity chunk: token range `[start, end)` within its sentence, and its type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Chunk {
    pub start: usize,
    pub end: usize,
    pub kind: String,
}

fn split_tag(tag: &str) -> (char, &str) {
    if tag == "O" || tag.is_empty() {
        return ('O', "");
    }
    match tag.split_once('-') {
        Some((p, t)) => (p.chars().next().unwrap_or('O'), t),
        None => ('I', tag),
    }
}

fn end_of_chunk(prev: char, prev_type: &str, tag: char, kind: &str) -> bool {
    matches!(
        (prev, tag),
        ('B', 'B') | ('B', 'O') | ('I', 'B') | ('I', 'O') | ('E', _) | ('S', _)
    ) || (prev != 'O' && prev_type != kind)
}

fn start_of_chunk(prev: char, prev_type: &str, tag: char, kind: &str) -> bool {
    matches!(
        (prev, tag),
        ('B', 'B') | ('I', 'B') | ('O', 'B') | ('O', 'I') | ('E', 'E') | ('E', 'I') | ('O', 'E')
    ) || tag == 'S'
        || (tag != 'O' && prev_type != kind)
}

/// The chunks of one sentence's tag sequence, as `conlleval` finds them.
pub fn chunks<S: AsRef<str>>(tags: &[S]) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut prev = 'O';
    let mut prev_type = String::new();
    let mut open: Option<(usize, String)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let (p, kind) = split_tag(tag.as_ref());
        if open.is_some() && end_of_chunk(prev, &prev_type, p, kind) {
            let (s, k) = open.take().expect("checked");
            out.push(Chunk {
                start: s,
                end: i,
                kind: k,
            });
        }
        if start_of_chunk(prev, &prev_type, p, kind) && p != 'O' {
            open = Some((i, kind.to_string()));
        }
        prev = p;
        prev_type = kind.to_string();
    }
    if let Some((s, k)) = open {
        out.push(Chunk {
            start: s,
            end: tags.len(),
            kind: k,
        });
    }
    out
}

/// Counts for one entity type (or all of them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Chunks found by the system with the right extent and type.
    pub correct: usize,
    /// Chunks predicted by the system.
    pub predicted: usize,
    /// Chunks in the gold standard.
    pub gold: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        crate::ratio(self.correct, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        crate::ratio(self.correct, self.gold)
    }
    pub fn f1(&self) -> f64 {
        crate::f1(self.precision(), self.recall())
    }
}

/// Entity-level scores, accumulated sentence by sentence.
#[derive(Debug, Clone, Default)]
pub struct Scorer {
    pub overall: Counts,
    pub per_type: BTreeMap<String, Counts>,
    pub tokens: usize,
    pub tokens_correct: usize,
}

impl Scorer {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one sentence: gold and predicted tags, same length.
    pub fn add<G: AsRef<str>, P: AsRef<str>>(&mut self, gold: &[G], predicted: &[P]) {
        assert_eq!(
            gold.len(),
            predicted.len(),
            "gold and predicted lengths differ"
        );
        self.tokens += gold.len();
        self.tokens_correct += gold
            .iter()
            .zip(predicted)
            .filter(|(g, p)| g.as_ref() == p.as_ref())
            .count();
        let g = chunks(gold);
        let p = chunks(predicted);
        for c in &g {
            self.overall.gold += 1;
            self.per_type.entry(c.kind.clone()).or_default().gold += 1;
        }
        for c in &p {
            self.overall.predicted += 1;
            let e = self.per_type.entry(c.kind.clone()).or_default();
            e.predicted += 1;
            if g.binary_search(c).is_ok() {
                e.correct += 1;
                self.overall.correct += 1;
            }
        }
    }

    pub fn f1(&self) -> f64 {
        self.overall.f1()
    }
}

impl fmt::Display for Scorer {
    /// A `conlleval`-like report (figures in percent).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let acc = if self.tokens == 0 {
            0.0
        } else {
            100.0 * self.tokens_correct as f64 / self.tokens as f64
        };
        writeln!(
            f,
            "processed {} tokens with {} phrases; found: {} phrases; correct: {}.",
            self.tokens, self.overall.gold, self.overall.predicted, self.overall.correct
        )?;
        write!(
            f,
            "accuracy: {acc:6.2}%; precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}",
            100.0 * self.overall.precision(),
            100.0 * self.overall.recall(),
            100.0 * self.overall.f1()
        )?;
        for (kind, c) in &self.per_type {
            write!(
                f,
                "\n{kind:>17}: precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}  {}",
                100.0 * c.precision(),
                100.0 * c.recall(),
                100.0 * c.f1(),
                c.predicted
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\n. . O O\n\nPeter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n\n-DOCSTART- -X- -X- O\n\nBRUSSELS NNP B-NP B-LOC\n";

    #[test]
    fn reads_documents_and_sentences() {
        let docs = parse(SAMPLE);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].sentences.len(), 2);
        assert_eq!(docs[0].sentences[0].len(), 4);
        assert_eq!(docs[0].sentences[1][1].text(), "Blackburn");
        assert_eq!(docs[0].sentences[1][1].tag(), Some("I-PER"));
        assert_eq!(docs[1].sentences[0][0].tag(), Some("B-LOC"));
    }

    #[test]
    fn chunks_iob2_and_iob1() {
        let c = chunks(&["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-ORG"]);
        assert_eq!(
            c.iter()
                .map(|c| (c.start, c.end, c.kind.as_str()))
                .collect::<Vec<_>>(),
            vec![(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "LOC"), (5, 6, "ORG")]
        );
        // IOB1: an I- after O starts a chunk; a type change ends one.
        let c = chunks(&["I-ORG", "I-ORG", "I-LOC", "O", "I-PER"]);
        assert_eq!(
            c.iter()
                .map(|c| (c.start, c.end, c.kind.as_str()))
                .collect::<Vec<_>>(),
            vec![(0, 2, "ORG"), (2, 3, "LOC"), (4, 5, "PER")]
        );
    }

    #[test]
    fn scores_exact_matches_only() {
        let mut s = Scorer::new();
        s.add(
            &["B-PER", "I-PER", "O", "B-LOC", "O"],
            &["B-PER", "O", "O", "B-LOC", "B-ORG"],
        );
        // gold: PER(0,2), LOC(3,4); predicted: PER(0,1), LOC(3,4), ORG(4,5).
        assert_eq!(s.overall.correct, 1);
        assert_eq!(s.overall.predicted, 3);
        assert_eq!(s.overall.gold, 2);
        assert!((s.overall.precision() - 1.0 / 3.0).abs() < 1e-12);
        assert!((s.overall.recall() - 0.5).abs() < 1e-12);
        assert!((s.f1() - 0.4).abs() < 1e-12);
        assert_eq!(s.per_type["LOC"].f1(), 1.0);
        assert_eq!(s.per_type["PER"].correct, 0);
        assert_eq!(s.per_type["ORG"].gold, 0);
        assert_eq!(s.tokens_correct, 3);
        let report = s.to_string();
        assert!(report.contains("FB1:  40.00"), "{report}");
    }
}

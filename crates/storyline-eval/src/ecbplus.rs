//! ECB+ for story clustering: the reader (tokens with sentence numbers, detokenised into
//! text), the gold sub-topics (topic, and whether the file is an `ecbplus` one: two different
//! events of one kind per topic) and the scorers (B-cubed and pairwise precision, recall, F1).
//!
//! Every document of every topic is clustered together; scores are then computed over the
//! documents of a range of topics (tuned on topics 1–20, reported apart on 21–35).

use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use storyline_core::link::cluster::{self, names_of, Params, StoryDoc};
use storyline_model::{Article, ArticleId, DateSource, Published, Span};

/// One ECB+ document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EcbDoc {
    /// File name, e.g. `1_10ecbplus.xml`.
    pub name: String,
    pub topic: u32,
    /// An `ecbplus` file (the topic's second event) rather than an `ecb` one.
    pub plus: bool,
    /// The source URL (first line of most `ecbplus` files).
    pub url: Option<String>,
    /// The title line that follows the URL.
    pub title: Option<String>,
    /// The publication date (`YYYY-MM-DD`), from the URL or a date line.
    pub date: Option<String>,
    /// Body sentences, detokenised (metadata lines removed).
    pub sentences: Vec<String>,
}

impl EcbDoc {
    /// The gold sub-topic: `(topic, plus)`.
    pub fn subtopic(&self) -> (u32, bool) {
        (self.topic, self.plus)
    }

    pub fn text(&self) -> String {
        self.sentences.join(" ")
    }
}

/// The tokens of an ECB+ document by sentence, in order.
pub fn tokens(xml: &str) -> Vec<(usize, Vec<String>)> {
    let mut by_sentence: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (sentence, token) in crate::xml::tokens(xml) {
        by_sentence.entry(sentence).or_default().push(token);
    }
    by_sentence.into_iter().collect()
}

/// Joins tokens into text: no space before closing punctuation and clitics, none after
/// opening brackets and quotes; PTB quotes (`` and '') become straight double quotes.
pub fn detokenise<S: AsRef<str>>(tokens: &[S]) -> String {
    let mut out = String::new();
    let mut open_quote = false;
    let mut no_space_next = true;
    for t in tokens {
        let t = t.as_ref();
        let (t, kind) = match t {
            "``" => ("\"", 'o'),
            "''" => ("\"", 'c'),
            "\"" => {
                if open_quote {
                    ("\"", 'c')
                } else {
                    ("\"", 'o')
                }
            }
            "-LRB-" | "(" | "[" | "{" | "$" | "#" => (if t == "-LRB-" { "(" } else { t }, 'o'),
            "-RRB-" | ")" | "]" | "}" | "," | "." | ";" | ":" | "!" | "?" | "%" | "..." => {
                (if t == "-RRB-" { ")" } else { t }, 'c')
            }
            "n't" | "'s" | "'re" | "'ve" | "'ll" | "'d" | "'m" | "'" | "’s" => (t, 'c'),
            _ => (t, 'w'),
        };
        if t == "\"" {
            open_quote = kind == 'o';
        }
        if !(no_space_next || kind == 'c' || out.is_empty()) {
            out.push(' ');
        }
        out.push_str(t);
        no_space_next = kind == 'o';
    }
    out
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// A date in a short date line ("May 03 , 2013", "Published : April 23 , 2013 9 : 39 AM",
/// "10 : 24 AM , MON 22 JUL 2013", "12 / 23 / 12 06 : 03 PM ET"): `YYYY-MM-DD`.
pub fn date_line(tokens: &[String]) -> Option<String> {
    if tokens.len() > 16 {
        return None;
    }
    let lower: Vec<String> = tokens.iter().map(|t| t.to_lowercase()).collect();
    let num = |s: &str| {
        s.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h'])
            .parse::<u32>()
            .ok()
    };
    let year = lower
        .iter()
        .filter_map(|t| num(t))
        .find(|y| (1990..=2100).contains(y));
    let month = lower.iter().position(|t| is_month(t));
    if let (Some(y), Some(mi)) = (year, month) {
        let m = MONTHS
            .iter()
            .position(|m| lower[mi].starts_with(m))
            .expect("a month")
            + 1;
        let day = lower[mi + 1..]
            .iter()
            .chain(lower[..mi].iter().rev())
            .filter_map(|t| num(t))
            .find(|d| (1..=31).contains(d))?;
        return Some(format!("{y:04}-{m:02}-{day:02}"));
    }
    // m / d / yy
    for w in lower.windows(5) {
        if w[1] == "/" && w[3] == "/" {
            if let (Some(m), Some(d), Some(y)) = (num(&w[0]), num(&w[2]), num(&w[4])) {
                let y = if y < 100 { 2000 + y } else { y };
                if (1..=12).contains(&m) && (1..=31).contains(&d) && (1990..=2100).contains(&y) {
                    return Some(format!("{y:04}-{m:02}-{d:02}"));
                }
            }
        }
    }
    None
}

/// Whether a lowercased token is a month name or its abbreviation ("may", "sept.", "august").
fn is_month(t: &str) -> bool {
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let t = t.trim_end_matches('.');
    FULL.iter().any(|f| f.starts_with(t) && t.len() >= 3)
}

/// Reads one document. With `meta`, a leading URL line, the title line after it and a
/// date line among the first lines are taken as metadata (as an ingest would); without, the
/// URL line is dropped and everything else is body text.
pub fn read_doc(xml: &str, name: &str, meta: bool) -> EcbDoc {
    let topic = name
        .split('_')
        .next()
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let plus = name.contains("ecbplus");
    let mut lines: Vec<Vec<String>> = tokens(xml).into_iter().map(|(_, t)| t).collect();
    let mut url = None;
    let mut title = None;
    let mut date = None;
    if lines
        .first()
        .and_then(|l| l.first())
        .is_some_and(|t| t.starts_with("http"))
    {
        url = Some(lines.remove(0).concat());
        if meta {
            date = url
                .as_deref()
                .and_then(storyline_core::document::date_from_url);
            if let Some(d) = lines.first().and_then(|l| date_line(l)) {
                lines.remove(0);
                date = date.or(Some(d));
            }
            if let Some(first) = lines.first() {
                let ends = first.last().map(String::as_str);
                if first.len() <= 30 && !matches!(ends, Some("." | "?" | "!")) {
                    title = Some(detokenise(&lines.remove(0)));
                }
            }
        }
    }
    if meta {
        for i in 0..lines.len().min(3) {
            if let Some(d) = date_line(&lines[i]) {
                lines.remove(i);
                date = date.or(Some(d));
                break;
            }
        }
    }
    EcbDoc {
        name: name.to_string(),
        topic,
        plus,
        url,
        title,
        date,
        sentences: lines.iter().map(|l| detokenise(l)).collect(),
    }
}

/// Reads every `<topic>/*.xml` under `dir`, sorted by topic and file name.
pub fn read_corpus(dir: &Path, meta: bool) -> std::io::Result<Vec<EcbDoc>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if !entry.file_type()?.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(entry.path())? {
            let p = f?.path();
            if p.extension().is_some_and(|e| e == "xml") {
                files.push(p);
            }
        }
    }
    files.sort();
    let mut docs: Vec<EcbDoc> = files
        .par_iter()
        .map(|p| {
            let xml = std::fs::read_to_string(p)?;
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            Ok(read_doc(&xml, &name, meta))
        })
        .collect::<std::io::Result<_>>()?;
    docs.sort_by(|a, b| (a.topic, &a.name).cmp(&(b.topic, &b.name)));
    Ok(docs)
}

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Prf {
    pub p: f64,
    pub r: f64,
}

impl Prf {
    pub fn f1(&self) -> f64 {
        crate::f1(self.p, self.r)
    }
}

impl fmt::Display for Prf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "P {:.4}  R {:.4}  F1 {:.4}", self.p, self.r, self.f1())
    }
}

/// Cells, row sizes and column sizes of a contingency table.
type Table<A, B> = (
    BTreeMap<(A, B), usize>,
    BTreeMap<A, usize>,
    BTreeMap<B, usize>,
);

/// Cell counts of the contingency table of two labelings, with the row and column sizes.
fn contingency<A: Ord + Clone, B: Ord + Clone>(pred: &[A], gold: &[B]) -> Table<A, B> {
    assert_eq!(pred.len(), gold.len());
    let mut cells = BTreeMap::new();
    let mut rows = BTreeMap::new();
    let mut cols = BTreeMap::new();
    for (p, g) in pred.iter().zip(gold) {
        *cells.entry((p.clone(), g.clone())).or_insert(0) += 1;
        *rows.entry(p.clone()).or_insert(0) += 1;
        *cols.entry(g.clone()).or_insert(0) += 1;
    }
    (cells, rows, cols)
}

/// B-cubed precision and recall of a predicted clustering against a gold one (one label per
/// item in each).
pub fn bcubed<A: Ord + Clone, B: Ord + Clone>(pred: &[A], gold: &[B]) -> Prf {
    if pred.is_empty() {
        return Prf::default();
    }
    let (cells, rows, cols) = contingency(pred, gold);
    let (mut p, mut r) = (0.0, 0.0);
    for ((a, b), &n) in &cells {
        let n = n as f64;
        p += n * n / rows[a] as f64;
        r += n * n / cols[b] as f64;
    }
    let total = pred.len() as f64;
    Prf {
        p: p / total,
        r: r / total,
    }
}

/// Pairwise precision and recall: over pairs of items put in one cluster (a clustering with
/// no pairs has precision 1; a gold with no pairs, recall 1).
pub fn pairwise<A: Ord + Clone, B: Ord + Clone>(pred: &[A], gold: &[B]) -> Prf {
    let (cells, rows, cols) = contingency(pred, gold);
    let pairs = |n: usize| (n * n.saturating_sub(1) / 2) as f64;
    let tp: f64 = cells.values().map(|&n| pairs(n)).sum();
    let pp: f64 = rows.values().map(|&n| pairs(n)).sum();
    let gp: f64 = cols.values().map(|&n| pairs(n)).sum();
    Prf {
        p: if pp == 0.0 { 1.0 } else { tp / pp },
        r: if gp == 0.0 { 1.0 } else { tp / gp },
    }
}

/// The corpus read and annotated once, ready to be clustered with any parameters.
pub struct Prepared {
    pub docs: Vec<EcbDoc>,
    pub ids: Vec<ArticleId>,
    pub texts: Vec<String>,
    pub names: Vec<Vec<String>>,
}

/// Runs the per-article stages the clustering needs (names from the entity annotator) on
/// each document, as the pipeline would on an ingested article.
pub fn prepare(docs: Vec<EcbDoc>) -> Prepared {
    let ids: Vec<ArticleId> = docs
        .iter()
        .map(|d| ArticleId::from_content(d.name.as_bytes()))
        .collect();
    let (texts, names): (Vec<String>, Vec<Vec<String>>) = docs
        .par_iter()
        .zip(&ids)
        .map(|(d, id)| {
            let article = article_of(d, id);
            let ann = storyline_core::extract::annotate::annotate(&article);
            (article.text, names_of(&ann))
        })
        .unzip();
    Prepared {
        docs,
        ids,
        texts,
        names,
    }
}

/// An [`Article`] for one document: body sentences joined by spaces.
pub fn article_of(d: &EcbDoc, id: &ArticleId) -> Article {
    let mut text = String::new();
    let mut sentences = Vec::new();
    let mut pos = 0;
    for s in &d.sentences {
        if !text.is_empty() {
            text.push(' ');
            pos += 1;
        }
        let n = s.chars().count();
        sentences.push(Span::new(pos, pos + n));
        text.push_str(s);
        pos += n;
    }
    Article {
        url: d.url.clone(),
        title: d.title.clone(),
        language: Some("en".into()),
        published: d.date.clone().map(|value| Published {
            value,
            source: DateSource::Metadata,
        }),
        ..Article::new(id.clone(), d.name.clone(), text, sentences)
    }
}

/// Scores over the documents of some topics.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    pub label: String,
    pub docs: usize,
    /// Gold sub-topics among those documents.
    pub subtopics: usize,
    /// Predicted stories among those documents.
    pub stories: usize,
    pub bcubed: Prf,
    pub pairwise: Prf,
    /// B-cubed against topics (for information: the easy part).
    pub topic_bcubed: Prf,
}

impl fmt::Display for Scores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}: {} documents, {} sub-topics, {} stories",
            self.label, self.docs, self.subtopics, self.stories
        )?;
        writeln!(f, "  sub-topic B-cubed   {}", self.bcubed)?;
        writeln!(f, "  sub-topic pairwise  {}", self.pairwise)?;
        write!(f, "  topic B-cubed       {}", self.topic_bcubed)
    }
}

/// The story of each document (an index into the stories) when all are clustered together.
pub fn cluster_all(prep: &Prepared, params: Params) -> Vec<usize> {
    let docs: Vec<StoryDoc<'_>> = prep
        .docs
        .iter()
        .enumerate()
        .map(|(i, d)| StoryDoc {
            id: prep.ids[i].clone(),
            title: d.title.clone(),
            date: d.date.clone(),
            text: &prep.texts[i],
            names: prep.names[i].clone(),
        })
        .collect();
    let stories = cluster::cluster_with(&docs, params);
    let index: BTreeMap<&ArticleId, usize> =
        prep.ids.iter().enumerate().map(|(i, id)| (id, i)).collect();
    let mut of = vec![usize::MAX; docs.len()];
    for (s, story) in stories.iter().enumerate() {
        for a in &story.articles {
            of[index[a]] = s;
        }
    }
    of
}

/// Scores of a clustering (`story` per document) over the documents whose topic is in
/// `topics`.
pub fn score(
    prep: &Prepared,
    story: &[usize],
    topics: std::ops::RangeInclusive<u32>,
    label: &str,
) -> Scores {
    let keep: Vec<usize> = (0..prep.docs.len())
        .filter(|&i| topics.contains(&prep.docs[i].topic))
        .collect();
    let pred: Vec<usize> = keep.iter().map(|&i| story[i]).collect();
    let gold: Vec<(u32, bool)> = keep.iter().map(|&i| prep.docs[i].subtopic()).collect();
    let topic: Vec<u32> = keep.iter().map(|&i| prep.docs[i].topic).collect();
    let distinct = |v: &[usize]| v.iter().collect::<std::collections::BTreeSet<_>>().len();
    Scores {
        label: label.to_string(),
        docs: keep.len(),
        subtopics: gold.iter().collect::<std::collections::BTreeSet<_>>().len(),
        stories: distinct(&pred),
        bcubed: bcubed(&pred, &gold),
        pairwise: pairwise(&pred, &gold),
        topic_bcubed: bcubed(&pred, &topic),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<Document doc_name="3_1ecbplus.xml" doc_id="DOC1">
<token t_id="1" sentence="0" number="0">http</token>
<token t_id="2" sentence="0" number="1">:</token>
<token t_id="3" sentence="0" number="2">/</token>
<token t_id="4" sentence="0" number="3">/</token>
<token t_id="5" sentence="0" number="4">www.example.com</token>
<token t_id="6" sentence="0" number="5">/</token>
<token t_id="7" sentence="0" number="6">x</token>
<token t_id="8" sentence="1" number="0">Inmate</token>
<token t_id="9" sentence="1" number="1">escapes</token>
<token t_id="10" sentence="2" number="0">Published</token>
<token t_id="11" sentence="2" number="1">August</token>
<token t_id="12" sentence="2" number="2">02</token>
<token t_id="13" sentence="2" number="3">,</token>
<token t_id="14" sentence="2" number="4">2013</token>
<token t_id="15" sentence="3" number="0">``</token>
<token t_id="16" sentence="3" number="1">We</token>
<token t_id="17" sentence="3" number="2">do</token>
<token t_id="18" sentence="3" number="3">n't</token>
<token t_id="19" sentence="3" number="4">know</token>
<token t_id="20" sentence="3" number="5">,</token>
<token t_id="21" sentence="3" number="6">''</token>
<token t_id="22" sentence="3" number="7">Smith</token>
<token t_id="23" sentence="3" number="8">'s</token>
<token t_id="24" sentence="3" number="9">aide</token>
<token t_id="25" sentence="3" number="10">said</token>
<token t_id="26" sentence="3" number="11">(</token>
<token t_id="27" sentence="3" number="12">AT&amp;T</token>
<token t_id="28" sentence="3" number="13">)</token>
<token t_id="29" sentence="3" number="14">.</token>
</Document>
<Markables><ACTION_OCCURRENCE m_id="1"><token_anchor t_id="9"/></ACTION_OCCURRENCE></Markables>"#;

    #[test]
    fn reads_tokens_metadata_and_text() {
        let d = read_doc(XML, "3_1ecbplus.xml", true);
        assert_eq!(d.topic, 3);
        assert!(d.plus);
        assert_eq!(d.url.as_deref(), Some("http://www.example.com/x"));
        assert_eq!(d.title.as_deref(), Some("Inmate escapes"));
        assert_eq!(d.date.as_deref(), Some("2013-08-02"));
        assert_eq!(
            d.sentences,
            ["\"We don't know,\" Smith's aide said (AT&T)."]
        );
        let plain = read_doc(XML, "3_1ecbplus.xml", false);
        assert_eq!(plain.title, None);
        assert_eq!(plain.date, None);
        assert_eq!(plain.sentences.len(), 3);
        assert_eq!(plain.subtopic(), (3, true));
        assert!(!read_doc(XML, "3_1ecb.xml", true).plus);
    }

    #[test]
    fn date_lines() {
        let t = |s: &str| -> Vec<String> { s.split(' ').map(String::from).collect() };
        assert_eq!(
            date_line(&t("May 03 , 2013")).as_deref(),
            Some("2013-05-03")
        );
        assert_eq!(
            date_line(&t("10 : 24 AM , MON 22 JUL 2013")).as_deref(),
            Some("2013-07-22")
        );
        assert_eq!(
            date_line(&t("12 / 23 / 12 06 : 03 PM ET EST")).as_deref(),
            Some("2012-12-23")
        );
        assert_eq!(date_line(&t("Can you believe it ?")), None);
        assert_eq!(
            date_line(&t("December 15th , 2008 , 7 : 35 am")).as_deref(),
            Some("2008-12-15")
        );
        assert_eq!(date_line(&t("Mark Teixeira not headed to Boston")), None);
    }

    #[test]
    fn bcubed_and_pairwise() {
        // Gold {a,b,c} {d,e}; predicted {a,b} {c,d,e}.
        let gold = [0, 0, 0, 1, 1];
        let pred = [7, 7, 8, 8, 8];
        let b = bcubed(&pred, &gold);
        // Precision: a,b: 1; c: 1/3; d,e: 2/3 → (2 + 1/3 + 4/3) / 5.
        assert!((b.p - (2.0 + 1.0 / 3.0 + 4.0 / 3.0) / 5.0).abs() < 1e-12);
        // Recall: a,b: 2/3; c: 1/3; d,e: 1 → (4/3 + 1/3 + 2) / 5.
        assert!((b.r - (4.0 / 3.0 + 1.0 / 3.0 + 2.0) / 5.0).abs() < 1e-12);
        let p = pairwise(&pred, &gold);
        // Predicted pairs: ab, cd, ce, de (4); gold pairs: ab, ac, bc, de (4); common ab, de.
        assert!((p.p - 0.5).abs() < 1e-12 && (p.r - 0.5).abs() < 1e-12);
        let perfect = bcubed(&gold, &gold);
        assert_eq!((perfect.p, perfect.r, perfect.f1()), (1.0, 1.0, 1.0));
        let singletons = pairwise(&[1, 2, 3], &[0, 0, 1]);
        assert_eq!((singletons.p, singletons.r), (1.0, 0.0));
    }
}

//! Stories: articles about one real-world happening, clustered incrementally.
//!
//! Each article is a sparse vector of TF-IDF-weighted features: content terms (lowercased,
//! lightly stemmed, stopwords out), numbers, quantities bound to what they count or measure
//! ("5.6 magnitude", "10 people"; see [`quantity`]), and the names the article mentions
//! (folded, one per mention). Names, numbers and quantities weigh more than words, the title
//! more than the body, so that two events of one kind (two earthquakes, two meetings) are
//! told apart by who, where and how many rather than joined by what. Document frequencies are
//! kept incrementally (or observed over a whole batch first).
//!
//! A new article is scored only against the stories that an inverted index returns for its
//! heaviest features, within a time window around each story's dates when both are dated: the
//! cosine between the article and the story's centroid (the sum of its members' vectors). It
//! joins the best story at [`Params::threshold`] or above, or founds a new one. A story of two
//! or more articles also asks for cohesion ([`Params::cohesion`]): the article's mean cosine to
//! its members must be near the members' mean cosine to one another, so that a tight story of
//! one occurrence (one fight, one quake) does not absorb a report of another occurrence that
//! only shares its protagonist and vocabulary; the mean pairwise cosine comes from the
//! centroid's norm at no extra cost. The batch
//! entry point [`cluster`] processes articles in a canonical order (date, undated last, then
//! id) and then reassigns each article once to its best story, so the result does not depend
//! on the input order.

use crate::link::dedup::canonical_order;
use crate::text::names::fold;
use crate::text::stopwords::is_stopword;
use rustc_hash::FxHashMap;
use storyline_model::{Annotations, ArticleId, StoryId};

/// One article as clustering sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryDoc<'a> {
    pub id: ArticleId,
    pub title: Option<String>,
    /// Publication date, ISO 8601 (`YYYY-MM-DD…`).
    pub date: Option<String>,
    /// The cleaned body.
    pub text: &'a str,
    /// Folded names, one per mention (see [`names_of`]).
    pub names: Vec<String>,
}

/// A story: its id (from its earliest member), headline and articles (canonical order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Story {
    pub id: StoryId,
    pub headline: String,
    pub articles: Vec<ArticleId>,
}

/// Weights and thresholds (defaults tuned on ECB+ topics 1–20).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Cosine to a story's centroid from which an article joins it.
    pub threshold: f32,
    /// Weight of a name feature relative to a content term.
    pub name_weight: f32,
    /// Weight of a number.
    pub number_weight: f32,
    /// Weight of a term of the title (and of the first sentence when there is no title).
    pub title_weight: f32,
    /// Days beyond a story's first and last dates within which a dated article may join it.
    pub window_days: i32,
    /// Longest span of days a story's dated reports may cover: a developing story, not a
    /// subject. Without it a story stays open as long as reports keep coming, and reports
    /// of a recurring subject (a league's weekly games, a court's sittings) chain into one
    /// story over months; a report past the span founds the next story.
    pub max_span_days: i32,
    /// Features kept per article (the heaviest).
    pub max_features: usize,
    /// Features of an article used to retrieve candidate stories.
    pub probe: usize,
    /// Reassignment passes after the first pass (batch only).
    pub refine: usize,
    /// How much of the score survives when the article's salient names and the story's
    /// core names disagree entirely: the cosine is scaled by
    /// `floor + (1 - floor) * agreement` (1 turns name agreement off).
    pub name_floor: f32,
    /// Relative cohesion: a story of two or more articles takes an article only when the
    /// article's mean cosine to its members is at least this fraction of the members' mean
    /// cosine to one another (capped at [`Params::cohesion_cap`]); 0 turns it off.
    pub cohesion: f32,
    /// Cap on the members' mean pairwise cosine used by [`Params::cohesion`], so that a story
    /// of near-copies still takes reports that tell it in other words.
    pub cohesion_cap: f32,
    /// Weight of a quantity bound to what it counts or measures ("5.6 magnitude", "10
    /// people"; see [`quantity`]), a feature besides the bare number; 0 leaves them out.
    pub quantity_weight: f32,
    /// Batch only, after the refine passes: a story of at most this many articles joins,
    /// whole, the story whose centroid is closest to its own, at [`Params::merge_threshold`]
    /// or above (a report that the cohesion test kept out of its story, alone or with one
    /// other); 0 turns it off. Off by default: it gains on ECB+ and loses on the generated
    /// corpus, whose singletons are true (EVALUATION.md, issue 5).
    pub merge_small: usize,
    /// Cosine between two stories' centroids from which [`Params::merge_small`] merges them.
    pub merge_threshold: f32,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            threshold: 0.2,
            name_weight: 1.0,
            number_weight: 1.0,
            title_weight: 3.0,
            window_days: 14,
            max_span_days: 30,
            max_features: 150,
            probe: 30,
            refine: 1,
            name_floor: 1.0,
            cohesion: 0.55,
            cohesion_cap: 0.6,
            quantity_weight: 1.5,
            merge_small: 0,
            merge_threshold: 0.22,
        }
    }
}

/// The folded names of an article's annotations, one per mention, each mention given the
/// fullest name of its referent; descriptive referents left out.
pub fn names_of(ann: &Annotations) -> Vec<String> {
    ann.mentions
        .iter()
        .filter_map(|m| ann.locals.get(m.local))
        .filter(|l| !l.descriptive)
        .map(|l| fold(&l.name))
        .filter(|n| !n.is_empty())
        .collect()
}

/// A light stem: plural and verb endings off ("earthquakes" → "earthquake",
/// "killed" → "kill", "hosting" → "host", "countries" → "country").
pub fn stem(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    stem_into(w, &mut out);
    out
}

/// [`stem`] written at the end of `out`.
fn stem_into(w: &str, out: &mut String) {
    let n = w.len();
    if n > 4 && w.ends_with("ies") {
        out.push_str(&w[..n - 3]);
        out.push('y');
    } else if n > 5 && w.ends_with("ing") {
        out.push_str(&w[..n - 3]);
    } else if n > 4 && w.ends_with("ed") && !w.ends_with("eed") {
        out.push_str(&w[..n - 2]);
    } else if n > 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
    {
        out.push_str(&w[..n - 1]);
    } else {
        out.push_str(w);
    }
}

/// The content terms and numbers of a text, as feature strings: terms as themselves,
/// numbers prefixed with `#`.
pub fn terms(text: &str, mut sink: impl FnMut(String)) {
    terms_str(text, |t| sink(t.to_string()));
}

/// [`terms`] lent one at a time from one buffer (the sentence vectors of every story's
/// claims and summary go through here; most of their terms are already known).
pub fn terms_str(text: &str, mut sink: impl FnMut(&str)) {
    let mut buf = String::new();
    words(text, |word| {
        if term_into(word, &mut buf) {
            sink(&buf)
        }
    });
}

/// The feature of one word of [`words`], if any (see [`terms`]), written into `out`
/// (cleared first): whether the word has one.
fn term_into(word: &str, out: &mut String) -> bool {
    out.clear();
    if word.chars().any(|c| c.is_numeric()) {
        // "9am", "30km", "2nd": the number as is, letters and all.
        if word.len() >= 2 || word != "0" {
            out.push('#');
            out.push_str(word);
            return true;
        }
        false
    } else if word.chars().count() >= 3 && !is_stopword(word) {
        stem_into(word, out);
        !is_stopword(out)
    } else {
        false
    }
}

/// The words of a text in order, lowercased; numbers keep a decimal point and lose their
/// thousands separators ("5.6", "2,000" → "2000"). One buffer for all the words: the
/// sentence vectors of every story's claims and summary go through here.
fn words(text: &str, mut sink: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut word = String::new();
    let mut digits = false;
    for (j, c) in text.char_indices() {
        if c.is_alphanumeric() {
            digits |= c.is_numeric();
            if c.is_ascii() {
                word.push(c.to_ascii_lowercase());
            } else {
                word.extend(c.to_lowercase());
            }
        } else if word.is_empty() {
            continue;
        } else if (c == '.' || c == ',')
            && digits
            && bytes.get(j + 1).is_some_and(u8::is_ascii_digit)
            && j > 0
            && bytes[j - 1].is_ascii_digit()
        {
            // Both neighbours are ASCII digits (a byte of another character never is one).
            if c == '.' {
                word.push('.');
            }
        } else {
            sink(&word);
            word.clear();
            digits = false;
        }
    }
    if !word.is_empty() {
        sink(&word);
    }
}

/// The first sentence of a text (up to 200 characters), for a headline.
fn first_sentence(text: &str) -> String {
    let t = text.trim();
    let mut end = t.len();
    for (i, c) in t.char_indices() {
        if matches!(c, '.' | '!' | '?' | '\n') && i > 20 {
            end = i + c.len_utf8();
            break;
        }
    }
    let s = t[..end].trim();
    if s.chars().count() > 200 {
        let mut h: String = s.chars().take(200).collect();
        h.push('…');
        h
    } else {
        s.to_string()
    }
}

/// Days since 1970-01-01 of an ISO date's `YYYY-MM-DD` prefix.
pub fn day_number(date: &str) -> Option<i32> {
    let b = date.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i32 = date[0..4].parse().ok()?;
    let m: i32 = date[5..7].parse().ok()?;
    let d: i32 = date[8..10].parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Raw features of one article: feature strings with their counts (a title occurrence counts
/// [`Params::title_weight`] times).
fn raw_features(doc: &StoryDoc<'_>, p: &Params) -> Vec<(String, f32)> {
    let mut counts: FxHashMap<String, f32> = FxHashMap::default();
    let lead = match &doc.title {
        Some(t) => t.clone(),
        None => first_sentence(doc.text),
    };
    let quantities = p.quantity_weight > 0.0;
    if p.title_weight > 1.0 {
        terms_str(&lead, |t| count(&mut counts, t, p.title_weight - 1.0));
    }
    if quantities {
        quantity::quantities(&lead, |t| *counts.entry(t).or_default() += 1.0);
    }
    // The body in one pass: terms and quantities.
    let mut q = quantity::Quantities::default();
    let mut buf = String::new();
    words(doc.text, |w| {
        if quantities {
            q.push(w, &mut |t: String| *counts.entry(t).or_default() += 1.0);
        }
        if term_into(w, &mut buf) {
            count(&mut counts, &buf, 1.0);
        }
    });
    q.finish(&mut |t: String| *counts.entry(t).or_default() += 1.0);
    for n in &doc.names {
        *counts.entry(format!("@{n}")).or_default() += 1.0;
    }
    let mut v: Vec<(String, f32)> = counts.into_iter().collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

/// Adds `weight` to a feature's count, looking a feature already counted up by reference
/// (copied only the first time).
fn count(counts: &mut FxHashMap<String, f32>, feature: &str, weight: f32) {
    match counts.get_mut(feature) {
        Some(c) => *c += weight,
        None => {
            counts.insert(feature.to_string(), weight);
        }
    }
}

/// An article's distinct name features (`@name`) in the order first mentioned, each with
/// whether it is salient (mentioned twice or among the first three names).
fn salient_names(doc: &StoryDoc<'_>) -> Vec<(String, bool)> {
    let mut counts: Vec<(&str, usize, usize)> = Vec::new();
    for n in &doc.names {
        match counts.iter_mut().find(|c| c.0 == n.as_str()) {
            Some(c) => c.1 += 1,
            None => {
                let rank = counts.len();
                counts.push((n.as_str(), 1, rank));
            }
        }
    }
    counts
        .into_iter()
        .map(|(n, count, rank)| (format!("@{n}"), count >= 2 || rank < 3))
        .collect()
}

/// What clustering reads of one article, computed from it alone (so that many can be
/// computed in parallel, and the text dropped before the article is added): its raw features
/// ([`raw_features`]), headline, day and names.
#[derive(Debug, Clone, PartialEq)]
pub struct Features {
    id: ArticleId,
    headline: String,
    day: Option<i32>,
    raw: Vec<(String, f32)>,
    names: Vec<(String, bool)>,
}

impl Features {
    pub fn of(doc: &StoryDoc<'_>, p: &Params) -> Features {
        Features {
            id: doc.id.clone(),
            headline: doc
                .title
                .clone()
                .unwrap_or_else(|| first_sentence(doc.text)),
            day: doc.date.as_deref().and_then(day_number),
            raw: raw_features(doc, p),
            // Only name agreement reads them (the names are among the raw features too).
            names: if p.name_floor < 1.0 {
                salient_names(doc)
            } else {
                Vec::new()
            },
        }
    }
}

/// An article's [`Features`] interned by one clusterer ([`Clusterer::observe_features`]):
/// feature ids and counts instead of strings, ready for [`Clusterer::add_observed`].
#[derive(Debug, Clone, PartialEq)]
pub struct Observed {
    id: ArticleId,
    headline: String,
    day: Option<i32>,
    ids: Vec<(u32, f32)>,
    names: Vec<(u32, bool)>,
}

struct DocState {
    id: ArticleId,
    headline: String,
    day: Option<i32>,
    vec: Vec<(u32, f32)>,
    /// Distinct name features, and whether each is salient (mentioned twice or among the
    /// first three names).
    names: Vec<(u32, bool)>,
    story: u32,
}

struct StoryState {
    founder: ArticleId,
    centroid: FxHashMap<u32, f32>,
    norm2: f32,
    /// Sum of the members' squared norms (1 each unless a member has no features).
    sumsq: f32,
    members: Vec<u32>,
    /// Name feature → members that mention it.
    names: FxHashMap<u32, u32>,
}

impl StoryState {
    /// A story with no members yet.
    fn founded_by(founder: ArticleId) -> StoryState {
        StoryState {
            founder,
            centroid: FxHashMap::default(),
            norm2: 0.0,
            sumsq: 0.0,
            members: Vec::new(),
            names: FxHashMap::default(),
        }
    }

    fn dot(&self, v: &[(u32, f32)]) -> f32 {
        v.iter()
            .map(|(f, w)| self.centroid.get(f).copied().unwrap_or(0.0) * w)
            .sum()
    }

    fn add(&mut self, v: &[(u32, f32)], sign: f32) {
        let d = self.dot(v);
        let vv: f32 = v.iter().map(|(_, w)| w * w).sum();
        self.norm2 = (self.norm2 + sign * 2.0 * d + vv).max(0.0);
        self.sumsq = (self.sumsq + sign * vv).max(0.0);
        for &(f, w) in v {
            let e = self.centroid.entry(f).or_default();
            *e += sign * w;
            if e.abs() < 1e-6 {
                self.centroid.remove(&f);
            }
        }
    }

    /// Whether an article whose dot product with the centroid is `dot` is about as close to
    /// the members as they are to one another: its mean cosine to them at least `rho` times
    /// their mean pairwise cosine (from `|C|^2 = sum of squared norms + sum over pairs`),
    /// that mean capped at `cap`. Stories of fewer than two members always cohere.
    fn coheres(&self, dot: f32, rho: f32, cap: f32) -> bool {
        let m = self.members.len();
        if rho <= 0.0 || m < 2 {
            return true;
        }
        let m = m as f32;
        let pairwise = ((self.norm2 - self.sumsq) / (m * (m - 1.0))).max(0.0);
        dot / m >= rho * pairwise.min(cap)
    }
}

/// Background document frequencies: how common each feature is in news in general, so that
/// a small batch (five reports of one story) still weighs a name they all share as rare.
/// Built from the bulk corpus by `storyline build-story-prior` into
/// `models/story-df.tsv.gz` and compiled in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prior {
    pub docs: u32,
    pub df: Vec<(String, u32)>,
}

/// Features seen in fewer background documents than this are left out of the prior (they
/// count as unseen, the rarest anyway).
const PRIOR_MIN_DF: u32 = 2;

impl Prior {
    /// The prior compiled into the binary.
    pub fn embedded() -> &'static Prior {
        static PRIOR: std::sync::OnceLock<Prior> = std::sync::OnceLock::new();
        PRIOR.get_or_init(|| {
            Prior::parse(include_bytes!("../../../../models/story-df.tsv.gz"))
                .expect("the embedded models/story-df.tsv.gz is valid")
        })
    }

    /// Counts, for each feature, the documents that have it.
    pub fn build(docs: &[StoryDoc<'_>]) -> Prior {
        let p = Params::default();
        let mut df: FxHashMap<String, u32> = FxHashMap::default();
        for d in docs {
            for (f, _) in raw_features(d, &p) {
                *df.entry(f).or_default() += 1;
            }
        }
        let mut df: Vec<(String, u32)> =
            df.into_iter().filter(|(_, n)| *n >= PRIOR_MIN_DF).collect();
        df.sort();
        Prior {
            docs: docs.len() as u32,
            df,
        }
    }

    /// gzip of `docs\t<n>` then one `feature\tdf` line per feature, sorted: deterministic.
    pub fn to_bytes(&self) -> Vec<u8> {
        use std::io::Write;
        let mut text = format!("docs\t{}\n", self.docs);
        for (f, n) in &self.df {
            text.push_str(f);
            text.push('\t');
            text.push_str(&n.to_string());
            text.push('\n');
        }
        let mut gz = flate2::GzBuilder::new()
            .mtime(0)
            .write(Vec::new(), flate2::Compression::best());
        gz.write_all(text.as_bytes()).expect("writing to memory");
        gz.finish().expect("writing to memory")
    }

    pub fn parse(bytes: &[u8]) -> Result<Prior, String> {
        use std::io::Read;
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_string(&mut text)
            .map_err(|e| e.to_string())?;
        let mut lines = text.lines();
        let docs = lines
            .next()
            .and_then(|l| l.strip_prefix("docs\t"))
            .and_then(|n| n.parse().ok())
            .ok_or("missing docs line")?;
        let mut df = Vec::new();
        for l in lines {
            let (f, n) = l.rsplit_once('\t').ok_or("a line without a tab")?;
            df.push((f.to_string(), n.parse().map_err(|_| "a bad count")?));
        }
        Ok(Prior { docs, df })
    }
}

/// Incremental story clustering (see the module documentation).
pub struct Clusterer {
    params: Params,
    vocab: FxHashMap<String, u32>,
    df: Vec<u32>,
    /// Weight of each feature's kind (term, number, name).
    boost: Vec<f32>,
    n_docs: u32,
    /// Document frequencies are no longer updated (they were observed over a batch).
    frozen: bool,
    docs: Vec<DocState>,
    stories: Vec<StoryState>,
    /// Feature → stories whose members have it among their heaviest features (appended in
    /// order; a story may repeat), each with the day of the member that put it there.
    postings: FxHashMap<u32, Vec<Posting>>,
    /// What the posting scan reads and writes of each story, in one 16-byte record (see
    /// [`Scan`]).
    scan: Vec<Scan>,
    generation: u32,
}

/// What the posting scan of [`Clusterer::best_story`] reads and writes of a story, together:
/// at scale the scan is a random walk over the stories (thousands of entries an article), and
/// one cache line a story, not three arrays', is most of what it costs.
#[derive(Clone, Copy)]
struct Scan {
    /// The scan that last met the story (to collect candidates without repeats).
    stamp: u32,
    /// Its position in that scan's candidate list (`u32::MAX`: out of the time window).
    slot: u32,
    /// The story's first and last day (`NO_DAYS` while it has no dated member).
    days: (i32, i32),
}

/// An entry of a posting list: a story, and the day of the member whose feature put it there
/// ([`UNDATED`]: the member had none).
#[derive(Clone, Copy)]
struct Posting {
    story: u32,
    day: i32,
}

/// The day of a posting whose member had none.
const UNDATED: i32 = i32::MIN;

/// Entries of a posting list looked at per feature (the most recent): bounds the cost of
/// very common features at scale.
const MAX_POSTINGS: usize = 256;
/// Candidate stories scored in full per article (the most promising by the summed weight of
/// the probe features they share). 48 until stop 16: 16 gives the same ECB+ stories and, on
/// the generated 30k corpus, 43% more articles/s (B³ 0.621 → 0.625), the full scoring being
/// most of clustering's time at scale (cache misses in centroids).
const MAX_CANDIDATES: usize = 16;
/// A story's day span while it has no dated member (first > last).
const NO_DAYS: (i32, i32) = (i32::MAX, i32::MIN);

/// Days between an article's day and a story's span (negative inside it); none when either
/// is undated.
fn day_gap(day: Option<i32>, (first, last): (i32, i32)) -> Option<i32> {
    let day = day?;
    (first <= last).then(|| (first - day).max(day - last))
}
/// Whether a story whose dated reports cover `span` may take a report of `day` without
/// covering more than `max_span` days (undated reports and stories always may).
fn spans_at_most(day: Option<i32>, (first, last): (i32, i32), max_span: i32) -> bool {
    match day {
        Some(day) if first <= last => last.max(day) - first.min(day) <= max_span,
        _ => true,
    }
}

/// Articles whose raw features are computed together (in parallel) by
/// [`Clusterer::observe_all`].
const OBSERVE_CHUNK: usize = 4096;

impl Clusterer {
    pub fn new(params: Params) -> Self {
        Clusterer {
            params,
            vocab: FxHashMap::default(),
            df: Vec::new(),
            boost: Vec::new(),
            n_docs: 0,
            frozen: false,
            docs: Vec::new(),
            stories: Vec::new(),
            postings: FxHashMap::default(),
            scan: Vec::new(),
            generation: 0,
        }
    }

    /// A clusterer whose document frequencies start from `prior` (see [`Prior`]).
    pub fn with_prior(params: Params, prior: &Prior) -> Self {
        let mut c = Clusterer::new(params);
        for (f, n) in &prior.df {
            let id = c.intern(f.clone());
            c.df[id as usize] = *n;
        }
        c.n_docs = prior.docs;
        c
    }

    pub fn params(&self) -> &Params {
        &self.params
    }

    fn intern(&mut self, f: String) -> u32 {
        let next = self.vocab.len() as u32;
        let boost = match f.as_bytes().first() {
            Some(b'@') => self.params.name_weight,
            Some(b'#') => self.params.number_weight,
            Some(b'=') => self.params.quantity_weight,
            _ => 1.0,
        };
        let id = *self.vocab.entry(f).or_insert(next);
        if id as usize >= self.df.len() {
            self.df.push(0);
            self.boost.push(boost);
        }
        id
    }

    fn observe_raw(&mut self, raw: &[(String, f32)]) -> Vec<(u32, f32)> {
        let ids: Vec<(u32, f32)> = raw
            .iter()
            .map(|(f, w)| (self.intern(f.clone()), *w))
            .collect();
        if !self.frozen {
            for &(f, _) in &ids {
                self.df[f as usize] += 1;
            }
            self.n_docs += 1;
        }
        ids
    }

    /// Counts the document frequencies of a batch beforehand and keeps them fixed: every
    /// article is then weighted by the same statistics, whatever its position.
    pub fn observe_all(&mut self, docs: &[StoryDoc<'_>]) {
        use rayon::prelude::*;
        let p = self.params;
        // In chunks: the raw features of a whole batch at once (~10 KB an article as
        // strings) would be the peak memory of clustering at scale. The order of
        // `observe_raw` calls, hence the feature ids, is the same.
        for chunk in docs.chunks(OBSERVE_CHUNK) {
            let raws: Vec<Vec<(String, f32)>> =
                chunk.par_iter().map(|d| raw_features(d, &p)).collect();
            for raw in &raws {
                self.observe_raw(raw);
            }
        }
        self.frozen = true;
    }

    fn vectorise(&self, ids: &[(u32, f32)]) -> Vec<(u32, f32)> {
        let n = self.n_docs.max(1) as f32;
        let mut v: Vec<(u32, f32)> = ids
            .iter()
            .map(|&(f, c)| {
                let df = self.df[f as usize].max(1) as f32;
                let idf = ((n + 1.0) / df).ln();
                let tf = if c >= 1.0 { 1.0 + c.ln() } else { c };
                (f, self.boost[f as usize] * tf * idf)
            })
            .filter(|&(_, w)| w > 0.0)
            .collect();
        // Heaviest first, ties by feature id.
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(self.params.max_features);
        let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            for e in &mut v {
                e.1 /= norm;
            }
        }
        v
    }

    /// Adds one article: it joins its best candidate story or founds a new one.
    pub fn add(&mut self, doc: &StoryDoc<'_>) -> StoryId {
        let observed = self.observe_features(Features::of(doc, &self.params));
        self.add_observed(observed)
    }

    /// Interns an article's features (computed beforehand, e.g. in parallel, by
    /// [`Features::of`]) and, unless the document frequencies are fixed ([`Clusterer::freeze`]),
    /// counts them. Observing articles one by one and then freezing is
    /// [`Clusterer::observe_all`] over them, without holding their texts; the result is what
    /// [`Clusterer::add_observed`] takes.
    pub fn observe_features(&mut self, f: Features) -> Observed {
        let ids = self.observe_raw(&f.raw);
        let names = self.intern_names(f.names);
        Observed {
            id: f.id,
            headline: f.headline,
            day: f.day,
            ids,
            names,
        }
    }

    /// Keeps the document frequencies observed so far fixed (as [`Clusterer::observe_all`]
    /// does at its end).
    pub fn freeze(&mut self) {
        self.frozen = true;
    }

    /// Adds an observed article (see [`Clusterer::observe_features`]): it joins its best
    /// candidate story or founds a new one. [`Clusterer::add`] is this after observing.
    pub fn add_observed(&mut self, o: Observed) -> StoryId {
        let vec = self.vectorise(&o.ids);
        let index = self.docs.len() as u32;
        self.docs.push(DocState {
            id: o.id,
            headline: o.headline,
            day: o.day,
            vec,
            names: o.names,
            story: u32::MAX,
        });
        let story = match self.best_story(index, None) {
            Some((s, _)) => s,
            None => self.new_story(index),
        };
        self.join(index, story);
        story_id(&self.stories[story as usize].founder)
    }

    /// The ids of an article's distinct name features (see [`salient_names`]).
    fn intern_names(&mut self, names: Vec<(String, bool)>) -> Vec<(u32, bool)> {
        let mut out: Vec<(u32, bool)> = names
            .into_iter()
            .map(|(n, salient)| (self.intern(n), salient))
            .collect();
        out.sort_unstable();
        out.dedup_by_key(|e| e.0);
        out
    }

    fn idf(&self, f: u32) -> f32 {
        let n = self.n_docs.max(1) as f32;
        let df = self.df.get(f as usize).copied().unwrap_or(0).max(1) as f32;
        ((n + 1.0) / df).ln()
    }

    /// How well an article's salient names and a story's core names (mentioned by at least
    /// half its members) cover each other, IDF-weighted: 0 (disjoint) to 1; 1 when either
    /// side has none.
    fn name_agreement(&self, doc: &DocState, st: &StoryState) -> f32 {
        let members = st.members.len().max(1) as f32;
        let (mut a_num, mut a_den) = (0.0f32, 0.0f32);
        for &(f, salient) in &doc.names {
            if salient {
                let w = self.idf(f);
                let share = st.names.get(&f).copied().unwrap_or(0) as f32 / members;
                a_num += w * (2.0 * share).min(1.0);
                a_den += w;
            }
        }
        let (mut b_num, mut b_den) = (0.0f32, 0.0f32);
        for (&f, &count) in &st.names {
            if 2 * count as usize >= st.members.len() {
                let w = self.idf(f);
                b_den += w;
                if doc.names.binary_search_by_key(&f, |e| e.0).is_ok() {
                    b_num += w;
                }
            }
        }
        if a_den <= 0.0 || b_den <= 0.0 {
            return 1.0;
        }
        (a_num / a_den + b_num / b_den) / 2.0
    }

    fn new_story(&mut self, doc: u32) -> u32 {
        self.stories
            .push(StoryState::founded_by(self.docs[doc as usize].id.clone()));
        self.scan.push(Scan {
            stamp: 0,
            slot: 0,
            days: NO_DAYS,
        });
        (self.stories.len() - 1) as u32
    }

    fn join(&mut self, doc: u32, story: u32) {
        let d = &mut self.docs[doc as usize];
        d.story = story;
        let s = &mut self.stories[story as usize];
        s.add(&d.vec, 1.0);
        s.members.push(doc);
        for &(f, _) in &d.names {
            *s.names.entry(f).or_default() += 1;
        }
        if let Some(day) = d.day {
            let span = &mut self.scan[story as usize].days;
            *span = (span.0.min(day), span.1.max(day));
        }
        let day = d.day.unwrap_or(UNDATED);
        for &(f, _) in d.vec.iter().take(self.params.probe) {
            let list = self.postings.entry(f).or_default();
            if list.last().map(|p| p.story) != Some(story) {
                list.push(Posting { story, day });
            }
        }
    }

    fn leave(&mut self, doc: u32) {
        let d = &self.docs[doc as usize];
        let s = &mut self.stories[d.story as usize];
        s.add(&d.vec, -1.0);
        s.members.retain(|&m| m != doc);
        for &(f, _) in &d.names {
            if let Some(c) = s.names.get_mut(&f) {
                *c -= 1;
                if *c == 0 {
                    s.names.remove(&f);
                }
            }
        }
        if s.members.is_empty() {
            s.centroid.clear();
            s.norm2 = 0.0;
            s.sumsq = 0.0;
        }
    }

    /// The best story for a document at or above the threshold (`own`: a story to score
    /// even when the index does not return it).
    fn best_story(&mut self, doc: u32, own: Option<u32>) -> Option<(u32, f32)> {
        self.generation += 1;
        let gen = self.generation;
        let d = &self.docs[doc as usize];
        let (window, max_span) = (self.params.window_days, self.params.max_span_days);
        let in_window = |span| {
            day_gap(d.day, span).is_none_or(|gap| gap <= window)
                && spans_at_most(d.day, span, max_span)
        };
        // Candidates: stories sharing probe features, by the summed weight of those
        // features; only the best MAX_CANDIDATES are scored in full.
        // A posting whose member's day is further from the article's than the window and a
        // story's longest span together names a story out of the window (the story covers
        // that day, and no more than `max_span` days): skipped without reading the story.
        let reach = window.saturating_add(max_span);
        let far = |p: &Posting| match d.day {
            Some(day) if p.day != UNDATED => (p.day as i64 - day as i64).abs() > reach as i64,
            _ => false,
        };
        let mut candidates: Vec<(f32, u32)> = Vec::new();
        for &(f, w) in d.vec.iter().take(self.params.probe) {
            if let Some(list) = self.postings.get(&f) {
                for p in list.iter().rev().take(MAX_POSTINGS) {
                    if far(p) {
                        continue;
                    }
                    let s = p.story;
                    let scan = &mut self.scan[s as usize];
                    if scan.stamp != gen {
                        scan.stamp = gen;
                        if !in_window(scan.days) {
                            scan.slot = u32::MAX;
                            continue;
                        }
                        scan.slot = candidates.len() as u32;
                        candidates.push((w, s));
                    } else if scan.slot != u32::MAX {
                        candidates[scan.slot as usize].0 += w;
                    }
                }
            }
        }
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        candidates.truncate(MAX_CANDIDATES);
        if let Some(o) = own {
            if !candidates.iter().any(|c| c.1 == o) {
                candidates.push((0.0, o));
            }
        }
        // The best: highest score, ties to the lowest story number.
        let mut best: Option<(u32, f32)> = None;
        for (_, s) in candidates {
            if let Some(score) = self.score(d, s) {
                if best.is_none_or(|(b, bs)| score > bs || (score == bs && s < b)) {
                    best = Some((s, score));
                }
            }
        }
        best
    }

    /// A document's score for a story, when it may join it: the cosine to the story's
    /// centroid, scaled by name agreement and the date gap, at the threshold or above, and
    /// the story cohesive enough to take it.
    fn score(&self, d: &DocState, s: u32) -> Option<f32> {
        let st = &self.stories[s as usize];
        if st.members.is_empty() {
            return None;
        }
        let dot = st.dot(&d.vec);
        if !st.coheres(dot, self.params.cohesion, self.params.cohesion_cap) {
            return None;
        }
        let mut score = if st.norm2 > 0.0 {
            dot / st.norm2.sqrt()
        } else {
            0.0
        };
        if self.params.name_floor < 1.0 {
            let floor = self.params.name_floor;
            score *= floor + (1.0 - floor) * self.name_agreement(d, st);
        }
        let span = self.scan[s as usize].days;
        if !spans_at_most(d.day, span, self.params.max_span_days) {
            return None;
        }
        if let Some(gap) = day_gap(d.day, span) {
            let gap = gap.max(0);
            if gap > self.params.window_days {
                return None;
            }
            score *= 1.0 - 0.5 * gap as f32 / self.params.window_days.max(1) as f32;
        }
        (score >= self.params.threshold).then_some(score)
    }

    /// Moves every article (in the order added) to its best story, if another one is better
    /// than its own; an article that no story suits any more founds its own.
    pub fn refine(&mut self) {
        for doc in 0..self.docs.len() as u32 {
            let own = self.docs[doc as usize].story;
            self.leave(doc);
            let target = match self.best_story(doc, Some(own)) {
                Some((s, _)) => s,
                None if self.stories[own as usize].members.is_empty() => own,
                None => self.new_story(doc),
            };
            self.join(doc, target);
        }
    }

    /// What a batch does once every article is added: the [`Params::refine`] passes, then
    /// [`Clusterer::merge_small`]. Every batch clustering (the export's included) ends here.
    pub fn settle(&mut self) {
        for _ in 0..self.params.refine {
            self.refine();
        }
        self.merge_small();
    }

    /// Merges each story of at most [`Params::merge_small`] articles (smallest first) into the
    /// story whose centroid is closest to its own, when that cosine is at least
    /// [`Params::merge_threshold`] and the dates allow it (the window and the longest span,
    /// as for one article). Candidates are the stories sharing the small story's heaviest
    /// features, as for an article.
    pub fn merge_small(&mut self) {
        let max = self.params.merge_small;
        if max == 0 {
            return;
        }
        let mut small: Vec<u32> = (0..self.stories.len() as u32)
            .filter(|&s| (1..=max).contains(&self.stories[s as usize].members.len()))
            .collect();
        small.sort_by_key(|&s| (self.stories[s as usize].members.len(), s));
        for s in small {
            let size = self.stories[s as usize].members.len();
            if size == 0 || size > max {
                continue;
            }
            if let Some(target) = self.closest_story(s) {
                for m in self.stories[s as usize].members.clone() {
                    self.leave(m);
                    self.join(m, target);
                }
            }
        }
    }

    /// The story whose centroid is closest to story `s`'s, at [`Params::merge_threshold`] or
    /// above, among those the dates allow (see [`Clusterer::merge_small`]).
    fn closest_story(&self, s: u32) -> Option<u32> {
        let a = &self.stories[s as usize];
        let mut heavy: Vec<(u32, f32)> = a.centroid.iter().map(|(&f, &w)| (f, w)).collect();
        heavy.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        heavy.truncate(self.params.probe);
        let mut shared: FxHashMap<u32, f32> = FxHashMap::default();
        for &(f, w) in &heavy {
            for p in self
                .postings
                .get(&f)
                .into_iter()
                .flatten()
                .rev()
                .take(MAX_POSTINGS)
            {
                if p.story != s {
                    *shared.entry(p.story).or_default() += w;
                }
            }
        }
        let mut candidates: Vec<(f32, u32)> = shared.into_iter().map(|(t, w)| (w, t)).collect();
        candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        candidates.truncate(MAX_CANDIDATES);
        let days = self.scan[s as usize].days;
        let mut best: Option<(u32, f32)> = None;
        for (_, t) in candidates {
            let b = &self.stories[t as usize];
            if b.members.is_empty() || !self.dates_allow(days, self.scan[t as usize].days) {
                continue;
            }
            let (short, long) = if a.centroid.len() <= b.centroid.len() {
                (a, b)
            } else {
                (b, a)
            };
            let dot: f32 = short
                .centroid
                .iter()
                .map(|(f, w)| long.centroid.get(f).copied().unwrap_or(0.0) * w)
                .sum();
            let cos = dot / (a.norm2.sqrt() * b.norm2.sqrt()).max(f32::MIN_POSITIVE);
            if cos >= self.params.merge_threshold
                && best.is_none_or(|(bt, bs)| cos > bs || (cos == bs && t < bt))
            {
                best = Some((t, cos));
            }
        }
        best.map(|(t, _)| t)
    }

    /// Whether two stories whose dated reports cover `a` and `b` may be one: no further apart
    /// than [`Params::window_days`], together no longer than [`Params::max_span_days`]
    /// (always when either has no dated report).
    fn dates_allow(&self, a: (i32, i32), b: (i32, i32)) -> bool {
        if a.0 > a.1 || b.0 > b.1 {
            return true;
        }
        let gap = (a.0 - b.1).max(b.0 - a.1);
        gap <= self.params.window_days && a.1.max(b.1) - a.0.min(b.0) <= self.params.max_span_days
    }

    /// The stories so far (non-empty), each with its articles in the order added and the
    /// headline of its most central article; ordered by their first article.
    pub fn stories(&self) -> Vec<Story> {
        let mut out: Vec<(u32, Story)> = Vec::new();
        for st in &self.stories {
            let Some(&first) = st.members.iter().min() else {
                continue;
            };
            let mut members = st.members.clone();
            members.sort_unstable();
            let central = members
                .iter()
                .copied()
                .max_by(|&a, &b| {
                    let (ca, cb) = (
                        st.dot(&self.docs[a as usize].vec),
                        st.dot(&self.docs[b as usize].vec),
                    );
                    ca.total_cmp(&cb).then(b.cmp(&a))
                })
                .unwrap_or(first);
            out.push((
                first,
                Story {
                    id: story_id(&self.docs[first as usize].id),
                    headline: self.docs[central as usize].headline.clone(),
                    articles: members
                        .iter()
                        .map(|&m| self.docs[m as usize].id.clone())
                        .collect(),
                },
            ));
        }
        out.sort_by_key(|(first, _)| *first);
        out.into_iter().map(|(_, s)| s).collect()
    }
}

/// A story's id: a hash of its earliest article's id.
pub fn story_id(first: &ArticleId) -> StoryId {
    StoryId::from_content(first.as_str().as_bytes())
}

/// Clusters a batch with the default parameters (see [`cluster_with`]).
pub fn cluster(docs: &[StoryDoc<'_>]) -> Vec<Story> {
    cluster_with(docs, Params::default())
}

/// Clusters a batch: document frequencies observed over all of it, articles added in the
/// canonical order (date, undated last, then id), then [`Params::refine`] reassignment
/// passes. The same whatever the order of `docs`.
pub fn cluster_with(docs: &[StoryDoc<'_>], params: Params) -> Vec<Story> {
    cluster_with_prior(docs, params, Some(Prior::embedded()))
}

/// [`cluster_with`] with a chosen background prior (`None`: statistics of the batch only).
pub fn cluster_with_prior(
    docs: &[StoryDoc<'_>],
    params: Params,
    prior: Option<&Prior>,
) -> Vec<Story> {
    let order = canonical_order(docs, |d| (&d.id, d.date.as_deref()));
    let sorted: Vec<StoryDoc<'_>> = order.iter().map(|&i| docs[i].clone()).collect();
    cluster_sorted(&sorted, params, prior)
}

/// [`cluster`] taking the documents by value: sorted into the canonical order by moving
/// them, not by copying every document's names and title as the borrowing functions must
/// (at a million articles, a copy of every name).
pub fn cluster_owned(docs: Vec<StoryDoc<'_>>) -> Vec<Story> {
    let order = canonical_order(&docs, |d| (&d.id, d.date.as_deref()));
    let mut slots: Vec<Option<StoryDoc<'_>>> = docs.into_iter().map(Some).collect();
    let sorted: Vec<StoryDoc<'_>> = order
        .iter()
        .map(|&i| slots[i].take().expect("each document once"))
        .collect();
    drop(slots);
    cluster_sorted(&sorted, Params::default(), Some(Prior::embedded()))
}

/// Clusters documents already in the canonical order.
fn cluster_sorted(sorted: &[StoryDoc<'_>], params: Params, prior: Option<&Prior>) -> Vec<Story> {
    let mut c = match prior {
        Some(p) => Clusterer::with_prior(params, p),
        None => Clusterer::new(params),
    };
    c.observe_all(sorted);
    // The features of a chunk in parallel, then the chunk added in order (the same as adding
    // one at a time: the features depend on the parameters only).
    for chunk in sorted.chunks(OBSERVE_CHUNK) {
        use rayon::prelude::*;
        let features: Vec<Features> = chunk.par_iter().map(|d| Features::of(d, &params)).collect();
        for f in features {
            let o = c.observe_features(f);
            c.add_observed(o);
        }
    }
    c.settle();
    c.stories()
}

pub mod quantity;

#[cfg(test)]
mod tests;

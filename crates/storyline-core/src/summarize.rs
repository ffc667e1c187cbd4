//! Extractive multi-document summary of one story.
//!
//! Every sentence of every article is a candidate. A candidate's salience combines
//! - centrality: TF-IDF cosine to the story centroid (IDF from the embedded background
//!   document frequencies, so a name all reports share still weighs as rare),
//! - coverage: how many independent sources (origin groups) state the same content
//!   (near-duplicate sentences across articles; the chosen sentence cites all of them),
//! - position: lead sentences of articles score higher,
//! - an optional query (DUC-style topic statement): cosine to the query terms.
//!
//! Optionally (`Options::concepts`, used for DUC 2006, off by default), the selection also
//! rewards concept coverage in the manner of Gillick & Favre (2009): word bigrams used by at
//! least two origin groups are concepts weighted by how many groups use them (and, with a
//! query, by the query similarity of the sentences that use them); a candidate gains the
//! weight of the concepts it adds that the summary does not cover yet, per word. On the
//! 100-word live summaries it favoured short sentences that lean on their context, so the
//! default keeps it off.
//!
//! Sentences that begin mid-discourse ("But he said…", "He added…", "It comes…"), quote
//! fragments, questions and very short or long sentences are not candidates. Selection is
//! MMR (salience minus similarity to what is already chosen) up to the word budget; the chosen
//! sentences are ordered by article date, then position. Deterministic and independent of the
//! order of the input articles.

use crate::text::tfidf::{cosine, normalise, Vector, Vocab};
use rustc_hash::{FxHashMap, FxHashSet};
use std::rc::Rc;
use storyline_model::{Article, SentenceRef, SummarySentence};

/// A story summary: a headline and cited sentences.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Summary {
    pub headline: String,
    /// Sentence text and every source sentence stating it (the chosen one first).
    pub sentences: Vec<(String, Vec<SentenceRef>)>,
}

impl Summary {
    /// The summary as the export's `stories[].summary`.
    pub fn to_model(&self) -> Vec<SummarySentence> {
        self.sentences
            .iter()
            .map(|(text, citations)| SummarySentence {
                text: text.clone(),
                citations: citations.clone(),
            })
            .collect()
    }

    pub fn word_count(&self) -> usize {
        self.sentences
            .iter()
            .map(|(t, _)| t.split_whitespace().count())
            .sum()
    }
}

/// Tuning knobs; `Options::new(words)` gives the defaults.
#[derive(Debug, Clone)]
pub struct Options {
    /// Word budget of the summary.
    pub words: usize,
    /// A topic statement biasing the choice (DUC's title and narrative).
    pub query: Option<String>,
    /// Let the last sentence run past the budget (for evaluations that truncate).
    pub overflow: bool,
    /// MMR trade-off: weight of salience against redundancy.
    pub lambda: f64,
    pub min_words: usize,
    pub max_words: usize,
    /// Salience weights: centrality, query similarity, position, coverage.
    pub weights: [f64; 4],
    /// A candidate this similar to a chosen sentence is redundant.
    pub max_overlap: f64,
    /// With a query: the centroid weight of a sentence is `query_focus + cosine(query)`.
    pub query_focus: f64,
    /// Drop trailing attributions (", officials said.") and parenthetical asides to fit more
    /// content (for length-limited evaluations; the export keeps sentences whole).
    pub compress: bool,
    /// Weight of term frequency across the articles (the mean share of articles that use
    /// each of the sentence's terms, SumBasic-style).
    pub frequency: f64,
    /// Weight of concept coverage in the selection (Gillick & Favre 2009): the summed weight
    /// of the word bigrams a sentence adds that the summary does not yet cover, per word.
    /// 0 (the default) turns it off.
    pub concepts: f64,
    /// A bigram is a concept when at least this many origin groups use it.
    pub concept_min_df: usize,
    /// With a query: a concept weighs `1 + concept_relevance × s` times as much, `s` the
    /// highest query cosine of the sentences that use it.
    pub concept_relevance: f64,
    /// At most this many reports are read (see [`sample`]): a story of thousands of
    /// reports is summarised from one report per origin group, spread over its dates, so
    /// the cost of a summary is bounded whatever the story's size.
    pub max_articles: usize,
}

impl Options {
    pub fn new(words: usize) -> Self {
        Options {
            words,
            query: None,
            overflow: false,
            lambda: 0.6,
            min_words: 6,
            max_words: 55,
            weights: [0.55, 0.0, 0.25, 0.2],
            max_overlap: 0.6,
            query_focus: 1.0,
            compress: false,
            frequency: 0.3,
            concepts: 0.0,
            concept_min_df: 2,
            concept_relevance: 0.0,
            max_articles: MAX_ARTICLES,
        }
    }
}

/// Reports a summary reads at most (DUC topics have 25; the largest stories of a day of
/// world news have thousands).
pub const MAX_ARTICLES: usize = 96;

/// The reports a summary reads, from `arts` (sorted by id, no id twice): all of them when
/// they are at most `max`; else one report per origin group (the earliest, then the
/// smallest id), and when the groups are still more than `max`, `max` of them evenly spaced
/// in order of date (then id), the first and the last included. Deterministic and
/// independent of the input order.
fn sample<'a>(arts: Vec<&'a Article>, max: usize) -> Vec<&'a Article> {
    if arts.len() <= max || max == 0 {
        return arts;
    }
    let mut by_group: FxHashMap<String, &'a Article> = FxHashMap::default();
    for a in &arts {
        let key = a
            .origin_group
            .as_ref()
            .map(|g| format!("{g:?}"))
            .unwrap_or_else(|| a.id.as_str().to_string());
        let e = by_group.entry(key).or_insert(a);
        if (date_key(a), a.id.as_str()) < (date_key(e), e.id.as_str()) {
            *e = a;
        }
    }
    let mut reps: Vec<&'a Article> = by_group.into_values().collect();
    reps.sort_by(|a, b| {
        date_key(a)
            .cmp(&date_key(b))
            .then_with(|| a.id.as_str().cmp(b.id.as_str()))
    });
    if reps.len() > max {
        let n = reps.len();
        reps = (0..max)
            .map(|i| reps[if max == 1 { 0 } else { i * (n - 1) / (max - 1) }])
            .collect();
    }
    reps.sort_by(|a, b| a.id.as_str().cmp(b.id.as_str()));
    reps
}

/// Summary of `articles` in at most `words` words.
pub fn summarize(articles: &[&Article], words: usize) -> Summary {
    summarize_with(articles, &Options::new(words))
}

/// What a sentence's text gives the summary, before its place is considered.
struct Reading {
    text: String,
    words: usize,
    vec: Vector,
    eligible: bool,
    penalty: f64,
}

/// A sentence cleaned, judged and (when eligible and asked for) compressed, with its vector;
/// `None` when nothing is left of it.
fn read_sentence(vocab: &mut Vocab, raw: &str, opts: &Options) -> Option<Reading> {
    let text = clean_sentence(raw);
    if text.is_empty() {
        return None;
    }
    let (eligible, penalty) = judge(&text, opts);
    let text = if opts.compress && eligible {
        compress(&text)
    } else {
        text
    };
    Some(Reading {
        words: text.split_whitespace().count(),
        vec: vocab.vector(&text),
        text,
        eligible,
        penalty,
    })
}

struct Candidate {
    art: usize,
    sent: usize,
    /// What its text gives (shared by the sentences with the same text).
    read: Rc<Reading>,
}

/// Openers that leave the sentence hanging on something before it.
const MID_DISCOURSE: &[&str] = &[
    "he",
    "she",
    "it",
    "they",
    "his",
    "her",
    "its",
    "their",
    "them",
    "him",
    "this",
    "these",
    "those",
    "that",
    "but",
    "and",
    "or",
    "also",
    "however",
    "meanwhile",
    "still",
    "yet",
    "so",
    "then",
    "there",
    "here",
    "such",
    "we",
    "i",
    "you",
    "our",
    "my",
    "moreover",
    "instead",
    "besides",
    "otherwise",
    "thus",
    "hence",
    "furthermore",
    "nevertheless",
    "nonetheless",
    "likewise",
    "similarly",
    "indeed",
    "anyway",
    "afterwards",
    "later",
    "earlier",
    "both",
    "neither",
    "either",
    "another",
    "other",
    "others",
    "accordingly",
    "consequently",
    "therefore",
    "nor",
    "because",
    "as",
    "too",
    "again",
    "now",
    "us",
];

/// Cosine at which a sentence of another report says the same (cited, counted as coverage).
const TWIN: f64 = 0.5;

/// All-pairs similarity search by prefix filtering (Bayardo et al., 2007): each unit vector
/// is indexed under its rarest terms only, up to the point where the rest of it weighs less
/// than the threshold. Two vectors at cosine ≥ threshold then always share an indexed term
/// (what they share outside the indexed prefix adds at most the rest's norm), so probing
/// with every term of a vector finds every near twin, without comparing all pairs.
struct PrefixIndex {
    postings: FxHashMap<u32, Vec<usize>>,
    stamp: std::cell::RefCell<(Vec<u32>, u32)>,
}

impl PrefixIndex {
    fn new<'a>(
        vectors: impl Iterator<Item = &'a Vector>,
        df: &FxHashMap<u32, usize>,
        threshold: f64,
    ) -> Self {
        let mut postings: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
        let mut n = 0;
        for (i, v) in vectors.enumerate() {
            n = i + 1;
            let mut terms: Vec<(usize, u32, f64)> = v
                .iter()
                .map(|&(t, x)| (df.get(&t).copied().unwrap_or(0), t, x))
                .collect();
            terms.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
            let mut rest: f64 = terms.iter().map(|x| x.2 * x.2).sum();
            for (_, t, x) in terms {
                // (a hair under the bound, so rounding never drops a pair at exactly it)
                if rest < threshold * threshold - 1e-9 {
                    break;
                }
                postings.entry(t).or_default().push(i);
                rest -= x * x;
            }
        }
        PrefixIndex {
            postings,
            stamp: std::cell::RefCell::new((vec![0; n], 0)),
        }
    }

    /// Every indexed vector that may reach the threshold with `v`, each once, in order.
    fn candidates(&self, v: &Vector) -> Vec<usize> {
        let mut guard = self.stamp.borrow_mut();
        let (seen, round) = &mut *guard;
        *round += 1;
        let mut out = Vec::new();
        for (t, _) in v {
            for &j in self.postings.get(t).map(|p| p.as_slice()).unwrap_or(&[]) {
                if seen[j] != *round {
                    seen[j] = *round;
                    out.push(j);
                }
            }
        }
        out.sort_unstable();
        out
    }
}

fn first_word(text: &str) -> String {
    text.split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// Removes a wire dateline ("PINE RIDGE, S.D. (AP) -- ", "WASHINGTON _ ") from the start.
fn strip_dateline(text: &str) -> &str {
    for sep in [" -- ", " — ", " _ ", " – "] {
        if let Some(i) = text.find(sep) {
            let head = &text[..i];
            let letters: Vec<char> = head.chars().filter(|c| c.is_alphabetic()).collect();
            let upper = letters.iter().filter(|c| c.is_uppercase()).count();
            if i < 60
                && !letters.is_empty()
                && (upper * 10 >= letters.len() * 7 || head.trim_end().ends_with(')'))
            {
                return text[i + sep.len()..].trim_start();
            }
        }
    }
    text
}

fn clean_sentence(raw: &str) -> String {
    let t = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    strip_dateline(&t).to_string()
}

/// Shortens a sentence without changing what it states: a trailing attribution
/// (", the agency said."), a parenthetical aside, a leading connective ("In addition, ").
fn compress(text: &str) -> String {
    use std::sync::OnceLock;
    static RES: OnceLock<[regex::Regex; 3]> = OnceLock::new();
    let [tail, paren, lead] = RES.get_or_init(|| {
        [
            regex::Regex::new(
                r#",\s*(?:(?:he|she|they|it)|(?:the |a |an )?[A-Za-z][\w.'\- ]{0,50}?)\s+(?:said|says|reported|added|noted|stated|told [\w ]{1,30}?)(?: on \w+| last \w+| yesterday| today)?\s*\.$"#,
            )
            .expect("valid regex"),
            regex::Regex::new(r"\s*\([^()]{1,80}\)").expect("valid regex"),
            regex::Regex::new(
                r"^(?:In addition|Additionally|Meanwhile|However|Moreover|Furthermore|Also|Still|Nevertheless|For example|For instance|In fact|Indeed|Instead),\s+",
            )
            .expect("valid regex"),
        ]
    });
    let mut t = tail.replace(text, ".").to_string();
    t = paren.replace_all(&t, "").to_string();
    if let Some(m) = lead.find(&t) {
        let rest = &t[m.end()..];
        let mut c = rest.chars();
        if let Some(f) = c.next() {
            t = f.to_uppercase().chain(c).collect();
        }
    }
    t
}

/// Function words: a bigram of two of them is not a concept.
const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "before", "being", "between", "but", "by", "can", "could", "did", "do", "does", "for", "from",
    "had", "has", "have", "he", "her", "his", "how", "i", "if", "in", "into", "is", "it", "its",
    "may", "more", "most", "no", "not", "of", "on", "one", "or", "other", "our", "out", "over",
    "s", "said", "says", "she", "so", "some", "such", "than", "that", "the", "their", "them",
    "there", "these", "they", "this", "those", "to", "under", "up", "was", "we", "were", "what",
    "when", "where", "which", "while", "who", "will", "with", "would", "you", "t", "new", "mr",
    "mrs", "ms", "only", "many", "much", "would", "should", "through", "during", "against",
    "because", "then", "now", "just", "each", "both", "very", "own", "same", "off", "down",
    "again", "until", "whether", "am",
];

fn is_function_word(w: &str) -> bool {
    static SET: std::sync::OnceLock<FxHashSet<&'static str>> = std::sync::OnceLock::new();
    SET.get_or_init(|| FUNCTION_WORDS.iter().copied().collect())
        .contains(w)
}

/// The word bigrams of a sentence as concepts: lower-cased alphanumeric tokens, lightly
/// stemmed, pairs of two function words left out; each bigram once.
fn bigram_concepts(text: &str) -> Vec<(String, String)> {
    let toks: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(|t| crate::link::cluster::stem(&t.to_lowercase()))
        .collect();
    let mut out: Vec<(String, String)> = toks
        .windows(2)
        .filter(|w| !(is_function_word(&w[0]) && is_function_word(&w[1])))
        .map(|w| (w[0].clone(), w[1].clone()))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Whether a sentence can stand on its own in a summary; and a penalty factor.
fn judge(text: &str, opts: &Options) -> (bool, f64) {
    let n = text.split_whitespace().count();
    if n < opts.min_words || n > opts.max_words {
        return (false, 0.0);
    }
    let first = text.chars().next().unwrap_or(' ');
    if !(first.is_uppercase() || first.is_ascii_digit()) {
        return (false, 0.0);
    }
    let w = first_word(text);
    if MID_DISCOURSE.contains(&w.as_str()) {
        return (false, 0.0);
    }
    let trimmed = text.trim_end_matches(['"', '\'', '”', '’', ')']);
    if !trimmed.ends_with(['.', '!']) {
        return (false, 0.0);
    }
    // Quote fragments: unbalanced quotation marks, or opening with a quote.
    let straight = text.matches('"').count();
    let curly_open = text.matches('“').count();
    let curly_close = text.matches('”').count();
    let ticks_open = text.matches("``").count();
    let ticks_close = text.matches("''").count();
    if straight % 2 == 1 || curly_open != curly_close || ticks_open != ticks_close {
        return (false, 0.0);
    }
    if text.starts_with(['"', '“', '\'', '`', '‘']) {
        return (false, 0.0);
    }
    let quoted = straight + curly_open + ticks_open > 0;
    let lower = text.to_lowercase();
    let reported = [" said", " says", " told "]
        .iter()
        .any(|c| lower.contains(c));
    let mut penalty = 1.0;
    if quoted {
        penalty *= 0.75;
    }
    if reported {
        penalty *= 0.9;
    }
    (true, penalty)
}

fn date_key(a: &Article) -> String {
    a.published
        .as_ref()
        .map(|p| p.value.clone())
        .unwrap_or_else(|| "9999".to_string())
}

/// Summary of `articles` with explicit options.
pub fn summarize_with(articles: &[&Article], opts: &Options) -> Summary {
    // A canonical order: by id (content-derived), copies of the same id once.
    let mut arts: Vec<&Article> = articles.to_vec();
    arts.sort_by(|a, b| a.id.as_str().cmp(b.id.as_str()));
    arts.dedup_by(|a, b| a.id == b.id);
    let arts = sample(arts, opts.max_articles);
    if arts.is_empty() {
        return Summary::default();
    }
    let mut vocab = Vocab::new();
    let mut cands: Vec<Candidate> = Vec::new();
    // Each distinct sentence text is read once (wire copies repeat most of a story's
    // sentences); a text's vector does not depend on when the vocabulary meets it.
    let mut read: FxHashMap<&str, Option<Rc<Reading>>> = FxHashMap::default();
    for (ai, a) in arts.iter().enumerate() {
        for (si, span) in a.sentences.iter().enumerate() {
            let Some(raw) = span.slice(&a.text) else {
                continue;
            };
            let reading = read
                .entry(raw)
                .or_insert_with(|| read_sentence(&mut vocab, raw, opts).map(Rc::new));
            let Some(r) = reading else {
                continue;
            };
            cands.push(Candidate {
                art: ai,
                sent: si,
                read: Rc::clone(r),
            });
        }
    }
    let query = opts.query.as_deref().map(|q| vocab.vector(q));
    // Centroid: the sentence vectors, leads weighing more; with a query, the sentences
    // about it weigh more (a query-focused centroid).
    let mut centroid: FxHashMap<u32, f64> = FxHashMap::default();
    for c in &cands {
        let mut w = 1.0 / (1.0 + c.sent as f64 * 0.05);
        if let Some(q) = &query {
            w *= opts.query_focus + cosine(&c.read.vec, q);
        }
        for &(i, x) in &c.read.vec {
            *centroid.entry(i).or_default() += x * w;
        }
    }
    let mut centroid: Vector = centroid.into_iter().collect();
    centroid.sort_by_key(|x| x.0);
    // Keep the centroid's heavier terms only (classic centroid summarisation).
    if centroid.len() > 200 {
        let mut by_weight = centroid.clone();
        by_weight.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let cut = by_weight[199].1;
        centroid.retain(|x| x.1 >= cut);
    }
    normalise(&mut centroid);

    let group_of = |ai: usize| -> String {
        let a = arts[ai];
        a.origin_group
            .as_ref()
            .map(|g| format!("{g:?}"))
            .unwrap_or_else(|| a.id.as_str().to_string())
    };
    let n_groups = {
        let mut g: Vec<String> = (0..arts.len()).map(group_of).collect();
        g.sort();
        g.dedup();
        g.len().max(1)
    };

    // Salience of every eligible candidate, and its near-duplicates in other articles.
    let eligible: Vec<usize> = (0..cands.len())
        .filter(|&i| cands[i].read.eligible)
        .collect();
    let mut salience: Vec<f64> = vec![0.0; cands.len()];
    let mut twins: Vec<Vec<usize>> = vec![Vec::new(); cands.len()];
    let mut sentences_of: Vec<usize> = vec![0; arts.len()];
    for c in &cands {
        sentences_of[c.art] += 1;
    }
    // In how many articles each term occurs.
    let mut art_df: FxHashMap<u32, usize> = FxHashMap::default();
    {
        let mut seen: Vec<(u32, usize)> = cands
            .iter()
            .flat_map(|c| c.read.vec.iter().map(move |&(t, _)| (t, c.art)))
            .collect();
        seen.sort();
        seen.dedup();
        for (t, _) in seen {
            *art_df.entry(t).or_default() += 1;
        }
    }
    let near = PrefixIndex::new(cands.iter().map(|c| &c.read.vec), &art_df, TWIN);
    // Sentences with the same text (wire copies, repeated paragraphs) are scored once: the
    // origin groups of every sentence at cosine ≥ TWIN with a distinct text, its own
    // included. A sentence's coverage is then that set with its own group, less one, the
    // same as comparing it with every sentence of the other reports.
    let group_ix: Vec<usize> = {
        let names: Vec<String> = (0..arts.len()).map(group_of).collect();
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        names
            .iter()
            .map(|g| sorted.binary_search(g).expect("a group of the list"))
            .collect()
    };
    let mut class_of: Vec<usize> = Vec::with_capacity(cands.len());
    let mut members: Vec<Vec<usize>> = Vec::new();
    {
        let mut by_text: FxHashMap<&str, usize> = FxHashMap::default();
        for (i, c) in cands.iter().enumerate() {
            let k = *by_text.entry(c.read.text.as_str()).or_insert_with(|| {
                members.push(Vec::new());
                members.len() - 1
            });
            members[k].push(i);
            class_of.push(k);
        }
    }
    let classes = PrefixIndex::new(members.iter().map(|m| &cands[m[0]].read.vec), &art_df, TWIN);
    let mut class_groups: Vec<FxHashSet<usize>> = vec![FxHashSet::default(); members.len()];
    let mut needed = vec![false; members.len()];
    for &i in &eligible {
        needed[class_of[i]] = true;
    }
    for (k, m) in members.iter().enumerate() {
        if !needed[k] {
            continue;
        }
        let v = &cands[m[0]].read.vec;
        let mut set = FxHashSet::default();
        for other in classes.candidates(v) {
            if cosine(v, &cands[members[other][0]].read.vec) >= TWIN {
                set.extend(members[other].iter().map(|&j| group_ix[cands[j].art]));
            }
        }
        class_groups[k] = set;
    }
    for &i in &eligible {
        let c = &cands[i];
        let central = cosine(&c.read.vec, &centroid);
        let freq = if c.read.vec.is_empty() {
            0.0
        } else {
            c.read
                .vec
                .iter()
                .map(|(t, _)| art_df.get(t).copied().unwrap_or(0) as f64 / arts.len() as f64)
                .sum::<f64>()
                / c.read.vec.len() as f64
        };
        // Coverage: the origin groups of other reports saying the same (computed once per
        // distinct sentence text).
        let groups = &class_groups[class_of[i]];
        let own = usize::from(!groups.contains(&group_ix[c.art]));
        let coverage = (groups.len() + own - 1) as f64 / n_groups.max(2).saturating_sub(1) as f64;
        let position = 1.0 / (1.0 + c.sent as f64).sqrt();
        let q = query
            .as_ref()
            .map(|q| cosine(&c.read.vec, q))
            .unwrap_or(0.0);
        let w = &opts.weights;
        let mut s =
            w[0] * central + w[1] * q + w[2] * position + w[3] * coverage + opts.frequency * freq;
        s *= c.read.penalty;
        salience[i] = s;
    }

    // Concepts (word bigrams) weighted by the number of origin groups that use them.
    let mut concept_w: Vec<f64> = Vec::new();
    let mut concepts_of: Vec<Vec<u32>> = vec![Vec::new(); cands.len()];
    if opts.concepts > 0.0 {
        let mut ids: FxHashMap<(String, String), u32> = FxHashMap::default();
        let mut groups: Vec<FxHashSet<usize>> = Vec::new();
        let mut relevance: Vec<f64> = Vec::new();
        for (i, c) in cands.iter().enumerate() {
            let r = query
                .as_ref()
                .map(|q| cosine(&c.read.vec, q))
                .unwrap_or(0.0);
            for bg in bigram_concepts(&c.read.text) {
                let id = *ids.entry(bg).or_insert_with(|| {
                    groups.push(FxHashSet::default());
                    relevance.push(0.0);
                    (groups.len() - 1) as u32
                });
                groups[id as usize].insert(group_ix[c.art]);
                let rel = &mut relevance[id as usize];
                *rel = rel.max(r);
                concepts_of[i].push(id);
            }
        }
        concept_w = groups
            .iter()
            .enumerate()
            .map(|(k, g)| {
                if g.len() >= opts.concept_min_df {
                    g.len() as f64 * (1.0 + opts.concept_relevance * relevance[k])
                } else {
                    0.0
                }
            })
            .collect();
    }
    let mut covered: Vec<bool> = vec![false; concept_w.len()];

    // MMR selection within the budget.
    let mut chosen: Vec<usize> = Vec::new();
    let mut used = 0usize;
    let mut left: Vec<usize> = eligible.clone();
    let max_sal = eligible
        .iter()
        .map(|&i| salience[i])
        .fold(0.0, f64::max)
        .max(1e-9);
    // Each candidate's redundancy: its highest cosine to a chosen sentence, kept up to date
    // as sentences are chosen (the same maximum as comparing it with all of them each round).
    let mut redundancy: Vec<f64> = vec![0.0; cands.len()];
    while !left.is_empty() && used < opts.words {
        let mut best: Option<(f64, usize, usize)> = None; // (score, index into left, cand)
        let gains: Vec<f64> = if opts.concepts > 0.0 {
            left.iter()
                .map(|&i| {
                    let g: f64 = concepts_of[i]
                        .iter()
                        .filter(|&&c| !covered[c as usize])
                        .map(|&c| concept_w[c as usize])
                        .sum();
                    g / cands[i].read.words.max(1) as f64
                })
                .collect()
        } else {
            Vec::new()
        };
        let max_gain = gains.iter().copied().fold(0.0, f64::max).max(1e-9);
        for (k, &i) in left.iter().enumerate() {
            let red = redundancy[i];
            let mut score = opts.lambda * salience[i] / max_sal - (1.0 - opts.lambda) * red;
            if opts.concepts > 0.0 {
                score += opts.concepts * gains[k] / max_gain;
            }
            let better = match best {
                None => true,
                Some((b, _, bi)) => {
                    score > b
                        || (score == b
                            && (cands[i].art, cands[i].sent) < (cands[bi].art, cands[bi].sent))
                }
            };
            if red < opts.max_overlap && better {
                best = Some((score, k, i));
            }
        }
        let Some((_, k, i)) = best else { break };
        left.remove(k);
        let fits = used + cands[i].read.words <= opts.words;
        if fits || (opts.overflow && chosen.len() < 1000) {
            for &c in &concepts_of[i] {
                covered[c as usize] = true;
            }
            chosen.push(i);
            used += cands[i].read.words;
            if !fits {
                break;
            }
            for &o in &left {
                let r = cosine(&cands[o].read.vec, &cands[i].read.vec);
                redundancy[o] = redundancy[o].max(r);
            }
        }
    }

    // Citations: for each chosen sentence, the closest sentence of every other article at
    // cosine ≥ TWIN (ties to the earlier candidate).
    for &i in &chosen {
        let c = &cands[i];
        let mut best: FxHashMap<usize, (f64, usize)> = FxHashMap::default();
        for j in near.candidates(&c.read.vec) {
            let d = &cands[j];
            if d.art == c.art {
                continue;
            }
            let s = cosine(&c.read.vec, &d.read.vec);
            if s >= TWIN {
                let e = best.entry(d.art).or_insert((0.0, usize::MAX));
                if s > e.0 || (s == e.0 && j < e.1) {
                    *e = (s, j);
                }
            }
        }
        let mut tw: Vec<(usize, usize)> = best.values().map(|&(_, j)| (cands[j].art, j)).collect();
        tw.sort();
        twins[i] = tw.into_iter().map(|(_, j)| j).collect();
    }

    // Reading order: article date, then article, then position.
    chosen.sort_by(|&x, &y| {
        let (a, b) = (&cands[x], &cands[y]);
        date_key(arts[a.art])
            .cmp(&date_key(arts[b.art]))
            .then(a.art.cmp(&b.art))
            .then(a.sent.cmp(&b.sent))
    });
    let sentences = chosen
        .iter()
        .map(|&i| {
            let c = &cands[i];
            let mut cites = vec![SentenceRef {
                article: arts[c.art].id.clone(),
                sentence: c.sent,
            }];
            for &j in &twins[i] {
                cites.push(SentenceRef {
                    article: arts[cands[j].art].id.clone(),
                    sentence: cands[j].sent,
                });
            }
            (c.read.text.clone(), cites)
        })
        .collect();

    // Headline: the title closest to the centroid; else the most salient sentence.
    let mut headline: Option<(f64, String)> = None;
    for a in &arts {
        if let Some(t) = a.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let s = cosine(&vocab.vector(t), &centroid);
            let better = match &headline {
                None => true,
                Some((b, bt)) => s > *b || (s == *b && t < bt.as_str()),
            };
            if better {
                headline = Some((s, t.to_string()));
            }
        }
    }
    let headline = match headline {
        Some((_, t)) => t,
        None => eligible
            .iter()
            .copied()
            .max_by(|&x, &y| salience[x].total_cmp(&salience[y]).then(y.cmp(&x)))
            .or(if cands.is_empty() { None } else { Some(0) })
            .map(|i| cands[i].read.text.clone())
            .unwrap_or_default(),
    };
    Summary {
        headline,
        sentences,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_model::{DateSource, Published};

    /// The summary reads each distinct sentence text once and reuses it for the copies: a
    /// text read again, after other texts grew the vocabulary, reads the same.
    #[test]
    fn a_sentence_reads_the_same_after_the_vocabulary_grew() {
        let opts = Options::new(100);
        let raw = "Rescuers pulled 14 survivors from the rubble of the hotel on Sunday.";
        let mut vocab = Vocab::new();
        let first = read_sentence(&mut vocab, raw, &opts).expect("a sentence");
        read_sentence(
            &mut vocab,
            "The hotel had 300 rooms and opened in 1998.",
            &opts,
        );
        let again = read_sentence(&mut vocab, raw, &opts).expect("a sentence");
        assert_eq!(
            (&first.text, first.words, &first.vec, first.eligible),
            (&again.text, again.words, &again.vec, again.eligible)
        );
        assert_eq!(first.penalty, again.penalty);
        assert!(read_sentence(&mut vocab, "  ", &opts).is_none());
    }

    fn article(title: &str, date: &str, text: &str) -> Article {
        let id = crate::document::article_id(text, Some(title), None);
        Article {
            title: Some(title.to_string()),
            language: Some("en".into()),
            published: Some(Published {
                value: date.into(),
                source: DateSource::Metadata,
            }),
            ..Article::new(
                id,
                format!("{title}.txt"),
                text.to_string(),
                crate::text::segment(text),
            )
        }
    }

    fn quake() -> Vec<Article> {
        vec![
            article(
                "Earthquake kills dozens in central Italy",
                "2016-08-24",
                "A powerful earthquake struck central Italy early on Wednesday, killing at least 38 people and flattening buildings in several mountain towns. \
                 He said the town was gone. \
                 The magnitude 6.2 quake hit near the town of Norcia at 3:36 a.m. local time, the US Geological Survey said. \
                 Rescuers dug through rubble with their bare hands in Amatrice, where the mayor said half the town had been destroyed. \
                 But it was not clear how many people were still missing.",
            ),
            article(
                "Italy quake toll rises as rescuers search rubble",
                "2016-08-25",
                "The death toll from the earthquake that struck central Italy rose to 247 on Thursday as rescuers searched the rubble of collapsed buildings. \
                 Rescuers dug through the rubble with their bare hands in Amatrice, where the mayor said half of the town was destroyed. \
                 Prime Minister Matteo Renzi visited the area and promised that no family would be left alone. \
                 It comes after a series of aftershocks rattled the region overnight.",
            ),
            article(
                "Amatrice devastated by quake",
                "2016-08-24",
                "The earthquake devastated the hilltop town of Amatrice in central Italy, famous for its pasta sauce. \
                 Rescuers dug through rubble with bare hands in Amatrice, where the mayor said half the town was destroyed. \
                 They worked through the night under floodlights. \
                 Italy's civil protection agency said more than 1,000 people had been left homeless by the quake.",
            ),
        ]
    }

    #[test]
    fn summary_is_cited_within_budget_and_avoids_hanging_openers() {
        let arts = quake();
        let refs: Vec<&Article> = arts.iter().collect();
        let s = summarize(&refs, 60);
        assert!(!s.sentences.is_empty());
        assert!(s.word_count() <= 60, "{}", s.word_count());
        for (t, cites) in &s.sentences {
            assert!(!cites.is_empty());
            for w in ["He ", "But ", "It comes", "They "] {
                assert!(!t.starts_with(w), "{t}");
            }
            // Every citation points at a sentence of a cited article.
            for c in cites {
                let a = arts.iter().find(|a| a.id == c.article).unwrap();
                assert!(c.sentence < a.sentences.len());
            }
        }
        assert!(
            s.headline.to_lowercase().contains("quake"),
            "{}",
            s.headline
        );
    }

    #[test]
    fn repeated_content_cites_every_source() {
        let arts = quake();
        let refs: Vec<&Article> = arts.iter().collect();
        let s = summarize(&refs, 200);
        let rescue = s
            .sentences
            .iter()
            .find(|(t, _)| t.contains("bare hands"))
            .expect("the sentence all three report is chosen");
        let mut cited: Vec<&str> = rescue.1.iter().map(|c| c.article.as_str()).collect();
        cited.sort();
        cited.dedup();
        assert_eq!(cited.len(), 3, "{:?}", rescue.1);
        // And only one version of it is in the summary.
        assert_eq!(
            s.sentences
                .iter()
                .filter(|(t, _)| t.contains("bare hands"))
                .count(),
            1
        );
    }

    #[test]
    fn independent_of_input_order_and_ordered_by_date() {
        let arts = quake();
        let a: Vec<&Article> = arts.iter().collect();
        let b: Vec<&Article> = arts.iter().rev().collect();
        let sa = summarize(&a, 80);
        assert_eq!(sa, summarize(&b, 80));
        let dates: Vec<String> = sa
            .sentences
            .iter()
            .map(|(_, c)| {
                let art = arts.iter().find(|x| x.id == c[0].article).unwrap();
                date_key(art)
            })
            .collect();
        let mut sorted = dates.clone();
        sorted.sort();
        assert_eq!(dates, sorted);
    }

    #[test]
    fn dateline_is_stripped_and_fragments_rejected() {
        assert_eq!(
            strip_dateline("PINE RIDGE, S.D. (AP) -- President Clinton turned to Indians."),
            "President Clinton turned to Indians."
        );
        let o = Options::new(100);
        assert_eq!(
            strip_dateline(
                "MADRID, February 17 (Xinhua) -- Spanish pole vaulter Dana Cervantes failed."
            ),
            "Spanish pole vaulter Dana Cervantes failed."
        );
        assert!(
            !judge(
                "He added that the talks would continue next week in Geneva.",
                &o
            )
            .0
        );
        assert!(!judge("\"We will rebuild,\" the mayor told reporters in", &o).0);
        assert!(!judge("Too short.", &o).0);
        assert!(
            judge(
                "The ministers met in Geneva on Thursday for five hours of talks.",
                &o
            )
            .0
        );
    }

    #[test]
    fn the_prefix_index_finds_every_near_twin() {
        // Pseudo-random sparse vectors over a small vocabulary, so many pairs are close.
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as u32
        };
        let vectors: Vec<Vector> = (0..300)
            .map(|_| {
                let mut v: Vector = (0..1 + next() % 6)
                    .map(|_| (next() % 25, 1.0 + (next() % 4) as f64))
                    .collect();
                v.sort_by_key(|x| x.0);
                v.dedup_by_key(|x| x.0);
                normalise(&mut v);
                v
            })
            .collect();
        let mut df: FxHashMap<u32, usize> = FxHashMap::default();
        for v in &vectors {
            for (t, _) in v {
                *df.entry(*t).or_default() += 1;
            }
        }
        let index = PrefixIndex::new(vectors.iter(), &df, TWIN);
        let mut pairs = 0;
        for (i, v) in vectors.iter().enumerate() {
            let found = index.candidates(v);
            for (j, w) in vectors.iter().enumerate() {
                if cosine(v, w) >= TWIN {
                    pairs += 1;
                    assert!(found.contains(&j), "{i} {j}");
                }
            }
        }
        assert!(pairs > 600, "{pairs} pairs: the test needs close vectors");
    }

    #[test]
    fn bigram_concepts_are_stemmed_and_skip_function_word_pairs() {
        let c = bigram_concepts("Rescuers dug through the rubble of the towns.");
        let has = |a: &str, b: &str| c.contains(&(a.to_string(), b.to_string()));
        assert!(has("rescuer", "dug"));
        assert!(has("the", "rubble"));
        assert!(has("rubble", "of"));
        assert!(has("the", "town"));
        assert!(!has("through", "the"));
        assert!(!has("of", "the"));
    }

    #[test]
    fn concept_coverage_prefers_what_several_reports_share() {
        let arts = quake();
        let refs: Vec<&Article> = arts.iter().collect();
        let mut o = Options::new(30);
        // Salience off: without concepts every score ties and the first sentence of the
        // first article wins; with them, the sentence most of whose bigrams recur.
        o.lambda = 0.0;
        o.concepts = 1.0;
        let s = summarize_with(&refs, &o);
        assert!(s.word_count() <= 30, "{}", s.word_count());
        // The rescue sentence shares its bigrams with all three reports.
        assert!(
            s.sentences.iter().any(|(t, _)| t.contains("bare hands")),
            "{:?}",
            s.sentences
        );
        let b: Vec<&Article> = arts.iter().rev().collect();
        assert_eq!(s, summarize_with(&b, &o));
    }

    /// `n` reports: the first `groups` are distinct, the rest copies of them (one origin
    /// group per distinct report), dated over a month.
    fn many(n: usize, groups: usize) -> Vec<Article> {
        (0..n)
            .map(|i| {
                let g = i % groups;
                let mut a = article(
                    &format!("Report {i}"),
                    &format!("2020-03-{:02}", 1 + i % 28),
                    &format!(
                        "Flooding in the river valley forced {g} families from their homes on Monday, officials in district {g} said. \
                         Volunteers filled sandbags along the levee through the night near village {g}."
                    ),
                );
                a.origin_group = Some(storyline_model::GroupId::from_content(
                    format!("group {g}").as_bytes(),
                ));
                a
            })
            .collect()
    }

    #[test]
    fn a_large_story_is_read_from_a_bounded_sample() {
        // Under the cap, every report is read: a sentence all report cites all of them.
        let small = many(30, 30);
        let refs: Vec<&Article> = small.iter().collect();
        let s = summarize(&refs, 100);
        let cited: FxHashSet<&str> = s
            .sentences
            .iter()
            .flat_map(|(_, c)| c.iter().map(|c| c.article.as_str()))
            .collect();
        assert_eq!(cited.len(), 30);
        // 400 reports in 250 origin groups: at most MAX_ARTICLES are read, one a group.
        let big = many(400, 250);
        let refs: Vec<&Article> = big.iter().collect();
        let s = summarize(&refs, 100);
        assert!(!s.sentences.is_empty());
        let cited: FxHashSet<&str> = s
            .sentences
            .iter()
            .flat_map(|(_, c)| c.iter().map(|c| c.article.as_str()))
            .collect();
        assert!(
            cited.len() > 30 && cited.len() <= MAX_ARTICLES,
            "{}",
            cited.len()
        );
        let group_of: FxHashMap<&str, _> = big
            .iter()
            .map(|a| (a.id.as_str(), a.origin_group.clone()))
            .collect();
        let groups: FxHashSet<_> = cited.iter().map(|a| group_of[a].clone()).collect();
        assert_eq!(groups.len(), cited.len(), "one report per origin group");
        // The sample, and so the summary, does not depend on the input order.
        let mut rev = refs.clone();
        rev.reverse();
        assert_eq!(summarize(&rev, 100), s);
        // The sample spans the story's dates, first and last day included.
        let days: FxHashSet<String> = big
            .iter()
            .filter(|a| cited.contains(a.id.as_str()))
            .map(date_key)
            .collect();
        assert!(
            days.contains("2020-03-01") && days.contains("2020-03-28"),
            "{days:?}"
        );
    }

    #[test]
    fn empty_input_gives_empty_summary() {
        assert_eq!(summarize(&[], 100), Summary::default());
    }
}

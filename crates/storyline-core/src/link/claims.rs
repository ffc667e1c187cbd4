//! Claims across a story's reports, their corroboration and where the reports disagree.
//!
//! Every sentence of a report is a candidate statement. Sentences of different reports are
//! aligned when they say the same thing: TF-IDF cosine of their content words (numbers left
//! out, so "five hours" and "six hours" still align) blended with the overlap of the entities
//! they name. Aligned sentences form a claim greedily, most similar pairs first, with average
//! link (a sentence joins a claim only if it is close to the claim's members on average, so
//! claims do not chain) and at most one sentence per article.
//!
//! Within a claim, evidence *contradicts* the claim's text when it gives another number for
//! the same thing (same unit word), another day for it, or the opposite polarity of a closely
//! aligned statement; numbers that only grow (or only shrink) with publication time are an
//! update, not a contradiction. `independent_sources` counts origin groups, so ten copies of
//! one wire report count once. The value differences become the story's conflicts
//! (`number`, `date`, `other`), and the claim is `contested`.

use crate::extract::time::is_month;
use crate::link::cluster::day_number;
use crate::text::tfidf::{cosine, Vector, Vocab};
use rustc_hash::{FxHashMap, FxHashSet};
use std::rc::Rc;
use storyline_model::{
    Annotations, Article, ArticleId, Claim, ClaimId, ClaimStatus, Conflict, ConflictKind,
    ConflictLabel, ConflictValue, EntityId, EntityKind, Evidence, SentenceRef, Stance, TimeType,
};

/// One report of a story with what the per-article stages found in it.
pub struct Source<'a> {
    pub article: &'a Article,
    pub annotations: &'a Annotations,
    /// Origin group: copies and light rewrites of one report share it.
    pub group: &'a str,
}

/// Tuning knobs.
#[derive(Debug, Clone)]
pub struct Options {
    /// Minimum blended similarity for two sentences to state the same claim.
    pub align: f64,
    /// Minimum content cosine (with and without names) for opposite polarity to count as a
    /// contradiction, and for two full dates of one statement to conflict.
    pub polarity: f64,
    /// Weight of entity overlap (Jaccard) added to the content-word cosine.
    pub entity_weight: f64,
    /// Most claims kept per story (corroborated and contested first).
    pub max_claims: usize,
    /// Shortest candidate sentence, in words.
    pub min_words: usize,
    /// Taken off the similarity when one sentence gives a day the other's report never
    /// mentions (though it mentions days).
    pub day_penalty: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            align: 0.45,
            polarity: 0.7,
            entity_weight: 0.15,
            max_claims: 60,
            min_words: 6,
            day_penalty: 0.1,
        }
    }
}

/// A story's claims and the conflicts read off them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Claims {
    pub claims: Vec<Claim>,
    pub conflicts: Vec<Conflict>,
}

/// One candidate sentence.
struct Unit {
    src: usize,
    sent: usize,
    /// What its text says (shared by the story's sentences with the same text).
    said: Rc<Said>,
    /// The entities it mentions, by number (numbered per story: see [`units_of`]), sorted.
    entities: Vec<u32>,
    /// Day-precision dates the sentence states or resolves to.
    days: Vec<String>,
    /// The same, as [`similarity`] compares them.
    day_keys: Vec<DayKey>,
    /// Every day the sentence's article mentions, as [`similarity`] compares them.
    article_days: Rc<Vec<DayKey>>,
    attributed: bool,
}

/// A number and the word it counts ("five hours" → 5, "hour").
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub value: f64,
    pub unit: String,
    pub text: String,
}

/// Claims of one story. `entity_of` maps an article's local entity to its resolved id.
pub fn claims<F>(sources: &[Source<'_>], entity_of: F, opts: &Options) -> Claims
where
    F: Fn(&ArticleId, usize) -> Option<EntityId>,
{
    // Order-independent: sources by article id.
    let mut order: Vec<usize> = (0..sources.len()).collect();
    order.sort_by(|&a, &b| sources[a].article.id.cmp(&sources[b].article.id));
    let mut reading = Reading::default();
    let mut units = Vec::new();
    for &si in &order {
        units.extend(units_of(si, &sources[si], &entity_of, &mut reading, opts));
    }
    let groups = align(&units, sources, opts);
    let mut out = Claims::default();
    let mut ranked = Vec::new();
    for members in groups {
        let (claim, conflicts) = build(&members, &units, sources, opts);
        ranked.push((claim, conflicts, members));
    }
    // Contested and corroborated claims first, then single-source ones that carry a fact
    // (a number, a date, an attribution, or two named entities).
    ranked.retain(|(c, _, m)| {
        c.status != ClaimStatus::SingleSource || m.iter().any(|&u| carries_fact(&units[u]))
    });
    ranked.sort_by(|a, b| {
        rank(&a.0)
            .cmp(&rank(&b.0))
            .then(b.0.independent_sources.cmp(&a.0.independent_sources))
            .then(b.0.evidence.len().cmp(&a.0.evidence.len()))
            .then(first_ref(&a.0).cmp(&first_ref(&b.0)))
    });
    ranked.truncate(opts.max_claims);
    for (claim, conflicts, _) in ranked {
        out.claims.push(claim);
        out.conflicts.extend(conflicts);
    }
    out
}

fn rank(c: &Claim) -> u8 {
    match c.status {
        ClaimStatus::Contested => 0,
        ClaimStatus::Corroborated => 1,
        ClaimStatus::SingleSource => 2,
    }
}

fn first_ref(c: &Claim) -> (ArticleId, usize) {
    c.evidence
        .first()
        .map(|e| (e.article.clone(), e.sentence))
        .unwrap_or_else(|| (ArticleId::from_content(b""), 0))
}

fn carries_fact(u: &Unit) -> bool {
    !u.said.numbers.is_empty() || !u.days.is_empty() || u.attributed || u.entities.len() >= 2
}

/// What one story's candidate sentences share: the story's vocabulary, its entities by
/// number, and what each distinct sentence text reads as.
#[derive(Default)]
struct Reading<'a> {
    vocab: Vocab,
    entity_ids: FxHashMap<EntityId, u32>,
    /// Sentence text as written → what it says (`None`: not a candidate). Wire copies and
    /// rewrites repeat most sentences of a story word for word; each distinct text is read
    /// once. A text's vectors do not depend on when it is read: a term's weight is fixed
    /// from the prior when the vocabulary first meets it.
    said: FxHashMap<&'a str, Option<Rc<Said>>>,
}

/// What a candidate sentence's text says, before the article it is in is considered.
struct Said {
    text: String,
    /// All content terms (names included).
    vec: Vector,
    /// Content terms of the lower-case words only: what is said, not who it is about.
    pred: Vector,
    numbers: Vec<Quantity>,
    negated: bool,
}

impl<'a> Reading<'a> {
    /// What the sentence `raw` says, read once per distinct text.
    fn said(&mut self, raw: &'a str, opts: &Options) -> Option<Rc<Said>> {
        let vocab = &mut self.vocab;
        self.said
            .entry(raw)
            .or_insert_with(|| read_sentence(vocab, raw, opts).map(Rc::new))
            .clone()
    }
}

/// A sentence as a candidate statement: `None` for questions, headings (no closing stop),
/// sentences shorter than `opts.min_words` and sentences without content terms.
fn read_sentence(vocab: &mut Vocab, raw: &str, opts: &Options) -> Option<Said> {
    let text = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let words = text.split(' ').count();
    let bare = text.trim_end_matches(['"', '\'', '’', '”', ')']);
    // Questions and headings (no closing stop) state nothing.
    if words < opts.min_words || bare.ends_with('?') || !bare.ends_with(['.', '!']) {
        return None;
    }
    // The sentence's terms, and those of its words not capitalised (what it says
    // happened, without who).
    let (vec, pred) = vocab.vector_and_part(
        &text,
        |t| !t.starts_with('#'),
        |w| !w.starts_with(|c: char| c.is_uppercase()),
    );
    if vec.is_empty() {
        return None;
    }
    Some(Said {
        numbers: quantities(&text),
        negated: negated(&text),
        text,
        vec,
        pred,
    })
}

fn units_of<'a, F>(
    si: usize,
    src: &Source<'a>,
    entity_of: &F,
    reading: &mut Reading<'a>,
    opts: &Options,
) -> Vec<Unit>
where
    F: Fn(&ArticleId, usize) -> Option<EntityId>,
{
    let a = src.article;
    let ann = src.annotations;
    let n = a.sentences.len();
    // Entities by number, shared by the story's units (compared as numbers, not ids).
    let mut entities: Vec<Vec<u32>> = vec![Vec::new(); n];
    for m in &ann.mentions {
        if m.sentence < n && m.kind != EntityKind::Other {
            if let Some(e) = entity_of(&a.id, m.local) {
                let next = reading.entity_ids.len() as u32;
                entities[m.sentence].push(*reading.entity_ids.entry(e).or_insert(next));
            }
        }
    }
    let sentence_at = |offset: usize| {
        a.sentences
            .partition_point(|s| s.end <= offset)
            .min(n.saturating_sub(1))
    };
    let mut days: Vec<Vec<String>> = vec![Vec::new(); n];
    for t in &ann.times {
        // Full dates, and weekdays no date anchors ("XXXX-WXX-4").
        if t.kind == TimeType::Date && (is_full_date(&t.value) || t.value.starts_with("XXXX-WXX-"))
        {
            let s = sentence_at(t.start);
            if s < n {
                days[s].push(t.value.clone());
            }
        }
    }
    let mut all_days: Vec<String> = days.iter().flatten().cloned().collect();
    all_days.sort();
    all_days.dedup();
    let article_days: Rc<Vec<DayKey>> = Rc::new(all_days.iter().map(|d| DayKey::of(d)).collect());
    let mut attributed = vec![false; n];
    for q in &ann.quotes {
        if n > 0 {
            attributed[sentence_at(q.start)] = true;
        }
    }
    let mut out = Vec::new();
    for (i, span) in a.sentences.iter().enumerate() {
        let Some(raw) = span.slice(&a.text) else {
            continue;
        };
        let Some(said) = reading.said(raw, opts) else {
            continue;
        };
        let mut ents = std::mem::take(&mut entities[i]);
        ents.sort();
        ents.dedup();
        let mut d = std::mem::take(&mut days[i]);
        d.sort();
        d.dedup();
        let day_keys = d.iter().map(|d| DayKey::of(d)).collect();
        out.push(Unit {
            src: si,
            sent: i,
            said,
            entities: ents,
            days: d,
            day_keys,
            article_days: article_days.clone(),
            attributed: attributed[i],
        });
    }
    out
}

/// Blended similarity of two sentences: content words with and without names, a little
/// for shared entities; none for statements dated to different days (two occurrences, unless
/// they are near-identical and the days are full dates: then the dates conflict).
fn similarity(a: &Unit, b: &Unit, opts: &Options) -> f64 {
    let cos = cosine(&a.said.vec, &b.said.vec);
    let pred = cosine(&a.said.pred, &b.said.pred);
    // Days compare as precisely as both give them: two full dates by date, otherwise by
    // weekday (a report's "Thursday" is 22 January in a report that dates it).
    let disjoint = !a.day_keys.is_empty()
        && !b.day_keys.is_empty()
        && !a
            .day_keys
            .iter()
            .any(|x| b.day_keys.iter().any(|y| x.same(y)));
    if disjoint {
        let all_full = a
            .day_keys
            .iter()
            .chain(&b.day_keys)
            .all(|d| d.full.is_some());
        if !(all_full && cos >= opts.polarity) {
            return 0.0;
        }
    }
    let mut sim = 0.5 * cos + 0.5 * pred;
    // A day one sentence gives that the other's report never mentions, though it mentions
    // days: likely another occurrence (a Tuesday meeting against a report of Thursday's).
    let foreign = |x: &Unit, y: &Unit| {
        !y.article_days.is_empty()
            && x.day_keys
                .iter()
                .any(|d| !y.article_days.iter().any(|o| d.same(o)))
    };
    if foreign(a, b) || foreign(b, a) {
        sim -= opts.day_penalty;
    }
    if !a.entities.is_empty() && !b.entities.is_empty() {
        let shared = sorted_common(&a.entities, &b.entities);
        let union = a.entities.len() + b.entities.len() - shared;
        sim += opts.entity_weight * shared as f64 / union as f64;
    }
    sim
}

/// The candidate sentences of some reports and the similarity the aligner gives any two of
/// them: for measuring alignment against labelled pairs.
pub struct Aligner {
    units: Vec<Unit>,
    /// (source, sentence) → unit.
    index: FxHashMap<(usize, usize), usize>,
    opts: Options,
}

impl Aligner {
    /// The candidate sentences of `sources`, built exactly as [`claims`] builds them.
    pub fn new<F>(sources: &[Source<'_>], entity_of: F, opts: &Options) -> Self
    where
        F: Fn(&ArticleId, usize) -> Option<EntityId>,
    {
        let mut reading = Reading::default();
        let mut units = Vec::new();
        for (si, src) in sources.iter().enumerate() {
            units.extend(units_of(si, src, &entity_of, &mut reading, opts));
        }
        let index = units
            .iter()
            .enumerate()
            .map(|(i, u)| ((u.src, u.sent), i))
            .collect();
        Aligner {
            units,
            index,
            opts: opts.clone(),
        }
    }

    /// Whether sentence `sentence` of source `source` is a candidate statement (long enough,
    /// closed by a full stop, not a question).
    pub fn is_candidate(&self, source: usize, sentence: usize) -> bool {
        self.index.contains_key(&(source, sentence))
    }

    /// The blended similarity of two sentences, each `(source, sentence)`, as the aligner
    /// computes it (with the options given); `None` when either is not a candidate.
    pub fn similarity(&self, a: (usize, usize), b: (usize, usize)) -> Option<f64> {
        let (&i, &j) = (self.index.get(&a)?, self.index.get(&b)?);
        Some(similarity(&self.units[i], &self.units[j], &self.opts))
    }
}

fn is_full_date(d: &str) -> bool {
    d.len() == 10 && day_number(d).is_some()
}

/// 1 = Monday … 7 = Sunday, of a full date or a weekday value (`XXXX-WXX-4`).
fn weekday_of(d: &str) -> Option<i32> {
    if let Some(w) = d.strip_prefix("XXXX-WXX-") {
        return w.parse().ok();
    }
    // 1970-01-01 was a Thursday.
    if !is_full_date(d) {
        return None;
    }
    Some((day_number(d)? + 3).rem_euclid(7) + 1)
}

/// A day value as [`similarity`] compares it, computed once per sentence: two values name
/// the same day when both are full dates and equal, else when they give the same weekday.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct DayKey {
    /// A full date's ten bytes (`YYYY-MM-DD`), when it is one.
    full: Option<u128>,
    /// 1 = Monday … 7 = Sunday.
    weekday: Option<i32>,
}

impl DayKey {
    fn of(d: &str) -> DayKey {
        DayKey {
            full: is_full_date(d).then(|| {
                let mut b = [0u8; 16];
                b[..10].copy_from_slice(&d.as_bytes()[..10]);
                u128::from_le_bytes(b)
            }),
            weekday: weekday_of(d),
        }
    }

    fn same(&self, other: &DayKey) -> bool {
        if let (Some(x), Some(y)) = (self.full, other.full) {
            return x == y;
        }
        self.weekday.is_some() && self.weekday == other.weekday
    }
}

/// How many values two sorted, deduplicated lists share.
fn sorted_common(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Groups of units stating the same claim (singletons included).
/// Members of a claim compared in full with each other; larger claims (a sentence repeated
/// by hundreds of reports of one story) compare with their first this many members only,
/// which keeps alignment and the choice of a claim's text linear in the claim's size.
const LINK_SAMPLE: usize = 64;

fn align(units: &[Unit], sources: &[Source<'_>], opts: &Options) -> Vec<Vec<usize>> {
    // Candidate pairs through the sentences' rarest terms (an inverted index, never all
    // pairs of a large story): two sentences that share no term of weight can't align.
    let mut postings: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
    for (i, u) in units.iter().enumerate() {
        // Each sentence's heaviest terms.
        let mut top: Vec<(u32, f64)> = u.said.vec.clone();
        top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        for &(t, _) in top.iter().take(20) {
            postings.entry(t).or_default().push(i);
        }
    }
    const MAX_POSTING: usize = 200;
    let mut pairs: FxHashSet<(usize, usize)> = FxHashSet::default();
    for list in postings.values() {
        if list.len() > MAX_POSTING {
            continue;
        }
        for (k, &i) in list.iter().enumerate() {
            for &j in &list[k + 1..] {
                if sources[units[i].src].article.id != sources[units[j].src].article.id {
                    pairs.insert((i.min(j), i.max(j)));
                }
            }
        }
    }
    let mut scored: Vec<(f64, usize, usize)> = pairs
        .into_iter()
        .map(|(i, j)| (similarity(&units[i], &units[j], opts), i, j))
        .filter(|(s, _, _)| *s >= opts.align)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));

    let mut group_of: Vec<usize> = (0..units.len()).collect();
    let mut groups: Vec<Vec<usize>> = (0..units.len()).map(|i| vec![i]).collect();
    for (_, i, j) in scored {
        let (gi, gj) = (group_of[i], group_of[j]);
        if gi == gj {
            continue;
        }
        // At most one sentence per article in a claim.
        let arts: FxHashSet<usize> = groups[gi].iter().map(|&u| units[u].src).collect();
        if groups[gj].iter().any(|&u| arts.contains(&units[u].src)) {
            continue;
        }
        // Average link (over the first LINK_SAMPLE members of each group: exact for
        // claims of up to that many reports, bounded for larger ones).
        let mut total = 0.0;
        let mut n = 0.0;
        for &x in groups[gi].iter().take(LINK_SAMPLE) {
            for &y in groups[gj].iter().take(LINK_SAMPLE) {
                total += similarity(&units[x], &units[y], opts);
                n += 1.0;
            }
        }
        if total / n < opts.align {
            continue;
        }
        let moved = std::mem::take(&mut groups[gj]);
        for &u in &moved {
            group_of[u] = gi;
        }
        groups[gi].extend(moved);
    }
    groups.retain(|g| !g.is_empty());
    for g in &mut groups {
        g.sort();
    }
    groups
}

/// A claim from aligned units, with the conflicts among them.
fn build(
    members: &[usize],
    units: &[Unit],
    sources: &[Source<'_>],
    opts: &Options,
) -> (Claim, Vec<Conflict>) {
    let published = |u: &Unit| {
        sources[u.src]
            .article
            .published
            .as_ref()
            .and_then(|p| day_number(&p.value))
    };
    // The claim's text: the member closest to the others (the earliest report on ties;
    // the others are the first LINK_SAMPLE members, so a claim of thousands of reports
    // costs a bounded amount per member).
    let centrality: Vec<f64> = members
        .iter()
        .map(|&a| {
            members
                .iter()
                .take(LINK_SAMPLE)
                .map(|&o| similarity(&units[a], &units[o], opts))
                .sum()
        })
        .collect();
    let rep = members[(0..members.len())
        .max_by(|&x, &y| {
            let (a, b) = (members[x], members[y]);
            centrality[x]
                .total_cmp(&centrality[y])
                .then(published(&units[b]).cmp(&published(&units[a])))
                .then(b.cmp(&a))
        })
        .expect("a claim has members")];
    let r = &units[rep];
    let mut contradicting: FxHashSet<usize> = FxHashSet::default();
    let mut conflicts = Vec::new();
    let sref = |u: usize| SentenceRef {
        article: sources[units[u].src].article.id.clone(),
        sentence: units[u].sent,
    };

    // Numbers: the same unit word with different values.
    let mut by_unit: FxHashMap<&str, Vec<(usize, &Quantity)>> = FxHashMap::default();
    for &m in members {
        for q in &units[m].said.numbers {
            by_unit.entry(q.unit.as_str()).or_default().push((m, q));
        }
    }
    let mut unit_names: Vec<&str> = by_unit.keys().copied().collect();
    unit_names.sort();
    for unit in unit_names {
        let given = &by_unit[unit];
        let mut values: Vec<f64> = given.iter().map(|(_, q)| q.value).collect();
        values.sort_by(f64::total_cmp);
        values.dedup();
        if values.len() < 2 {
            continue;
        }
        let mut vals: Vec<(f64, String, Vec<usize>)> = values
            .iter()
            .map(|&v| {
                let us: Vec<usize> = given
                    .iter()
                    .filter(|(_, q)| q.value == v)
                    .map(|(u, _)| *u)
                    .collect();
                let text = given
                    .iter()
                    .find(|(_, q)| q.value == v)
                    .map(|(_, q)| q.text.clone())
                    .unwrap_or_default();
                (v, text, us)
            })
            .collect();
        let update = is_update(&vals, |u| published(&units[u]));
        if update {
            vals.sort_by_key(|(_, _, us)| us.iter().filter_map(|&u| published(&units[u])).min());
        } else {
            let rep_values: Vec<f64> = r
                .said
                .numbers
                .iter()
                .filter(|q| q.unit == unit)
                .map(|q| q.value)
                .collect();
            if !rep_values.is_empty() {
                for (v, _, us) in &vals {
                    if !rep_values.contains(v) {
                        contradicting.extend(us.iter().copied());
                    }
                }
            } else {
                // The claim's own sentence doesn't say: every value is contested.
                contradicting.extend(vals.iter().skip(1).flat_map(|(_, _, us)| us.clone()));
            }
        }
        conflicts.push(Conflict {
            kind: ConflictKind::Number,
            subject: String::new(),
            about: format!("{unit}: {}", short(&r.said.text)),
            values: vals
                .into_iter()
                .map(|(_, text, us)| value_of(text, &us, &sref))
                .collect(),
            label: if update {
                ConflictLabel::Update
            } else {
                ConflictLabel::Contradiction
            },
        });
    }

    // Days: every member that dates the statement gives one full date, and they differ.
    let dated: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&m| units[m].days.len() == 1 && is_full_date(&units[m].days[0]))
        .collect();
    let mut days: Vec<&str> = dated.iter().map(|&m| units[m].days[0].as_str()).collect();
    days.sort();
    days.dedup();
    if days.len() >= 2 {
        let rep_day = (r.days.len() == 1).then(|| r.days[0].as_str());
        let mut values = Vec::new();
        for d in &days {
            let us: Vec<usize> = dated
                .iter()
                .copied()
                .filter(|&m| units[m].days[0] == *d)
                .collect();
            if rep_day.is_some_and(|rd| rd != *d) || (rep_day.is_none() && *d != days[0]) {
                contradicting.extend(us.iter().copied());
            }
            values.push(value_of(d.to_string(), &us, &sref));
        }
        conflicts.push(Conflict {
            kind: ConflictKind::Date,
            subject: String::new(),
            about: format!("date of: {}", short(&r.said.text)),
            values,
            label: ConflictLabel::Contradiction,
        });
    }

    // Polarity: closely aligned statements, one negated.
    let flipped: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&m| {
            m != rep
                && units[m].said.negated != r.said.negated
                && cosine(&units[m].said.vec, &r.said.vec) >= opts.polarity
                && cosine(&units[m].said.pred, &r.said.pred) >= opts.polarity
        })
        .collect();
    if !flipped.is_empty() {
        contradicting.extend(flipped.iter().copied());
        let agree: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&m| units[m].said.negated == r.said.negated)
            .collect();
        conflicts.push(Conflict {
            kind: ConflictKind::Other,
            subject: String::new(),
            about: format!("whether: {}", short(&r.said.text)),
            values: vec![
                value_of(r.said.text.clone(), &agree, &sref),
                value_of(units[flipped[0]].said.text.clone(), &flipped, &sref),
            ],
            label: ConflictLabel::Contradiction,
        });
    }

    let mut evidence: Vec<(usize, Evidence)> = members
        .iter()
        .map(|&m| {
            let stance = if contradicting.contains(&m) {
                Stance::Contradicts
            } else {
                Stance::Supports
            };
            (
                m,
                Evidence {
                    article: sources[units[m].src].article.id.clone(),
                    sentence: units[m].sent,
                    stance,
                },
            )
        })
        .collect();
    evidence.sort_by(|a, b| {
        (a.1.article.as_str(), a.1.sentence).cmp(&(b.1.article.as_str(), b.1.sentence))
    });
    let supporting: FxHashSet<&str> = evidence
        .iter()
        .filter(|(_, e)| e.stance == Stance::Supports)
        .map(|(m, _)| sources[units[*m].src].group)
        .collect();
    let independent_sources = supporting.len();
    let status = if evidence
        .iter()
        .any(|(_, e)| e.stance == Stance::Contradicts)
    {
        ClaimStatus::Contested
    } else if independent_sources >= 2 {
        ClaimStatus::Corroborated
    } else {
        ClaimStatus::SingleSource
    };
    let id =
        ClaimId::from_content(format!("{}\u{0}{}", sources[r.src].article.id, r.sent).as_bytes());
    for c in &mut conflicts {
        c.subject = id.to_string();
    }
    let claim = Claim {
        id,
        text: r.said.text.clone(),
        status,
        independent_sources,
        evidence: evidence.into_iter().map(|(_, e)| e).collect(),
    };
    (claim, conflicts)
}

fn value_of(value: String, units: &[usize], sref: &impl Fn(usize) -> SentenceRef) -> ConflictValue {
    let mut sentences: Vec<SentenceRef> = units.iter().map(|&u| sref(u)).collect();
    sentences
        .sort_by(|a, b| (a.article.as_str(), a.sentence).cmp(&(b.article.as_str(), b.sentence)));
    let mut articles: Vec<ArticleId> = sentences.iter().map(|s| s.article.clone()).collect();
    articles.dedup();
    ConflictValue {
        value,
        articles,
        sentences,
    }
}

/// Values that move one way with publication time: every report of a later value is dated
/// after every report of an earlier one (a rising toll).
fn is_update(vals: &[(f64, String, Vec<usize>)], published: impl Fn(usize) -> Option<i32>) -> bool {
    let mut spans = Vec::new();
    for (v, _, us) in vals {
        let days: Option<Vec<i32>> = us.iter().map(|&u| published(u)).collect();
        let Some(days) = days else {
            return false;
        };
        let (Some(&lo), Some(&hi)) = (days.iter().min(), days.iter().max()) else {
            return false;
        };
        spans.push((*v, lo, hi));
    }
    let increasing = {
        let mut s = spans.clone();
        s.sort_by(|a, b| a.0.total_cmp(&b.0));
        s.windows(2).all(|w| w[0].2 < w[1].1)
    };
    let decreasing = {
        let mut s = spans;
        s.sort_by(|a, b| b.0.total_cmp(&a.0));
        s.windows(2).all(|w| w[0].2 < w[1].1)
    };
    increasing || decreasing
}

fn short(text: &str) -> String {
    if text.chars().count() <= 120 {
        return text.to_string();
    }
    let mut s: String = text.chars().take(119).collect();
    s.push('…');
    s
}

const NEGATIONS: &[&str] = &[
    "not", "never", "no", "denied", "denies", "deny", "neither", "nor", "nobody", "nothing",
];

/// Whether a sentence is negated ("did not", "denied", "no … was reached").
fn negated(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .any(|w| {
            let w = w.to_lowercase();
            NEGATIONS.contains(&w.as_str()) || w.ends_with("n't") || w.ends_with("n’t")
        })
}

const NUMBER_WORDS: &[(&str, f64)] = &[
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("hundred", 100.0),
    ("dozen", 12.0),
    ("dozens", 24.0),
];

const SCALES: &[(&str, f64)] = &[
    ("hundred", 100.0),
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
];

/// Words between a number and what it counts that don't name the thing ("four additional
/// documents", "30 more people").
const SKIP_BEFORE_UNIT: &[&str] = &[
    "additional",
    "more",
    "new",
    "other",
    "top",
    "senior",
    "key",
    "separate",
    "major",
    "further",
    "different",
    "extra",
    "full",
    "whole",
    "consecutive",
    "straight",
    "previous",
    "last",
    "first",
    "next",
    "of",
    "the",
    "approximately",
    "about",
    "around",
    "some",
    "nearly",
    "almost",
    "roughly",
    "at",
    "least",
    "than",
    "or",
    "so",
    "per",
    "cent",
    "percent",
];

/// The quantities a sentence states: a number (digits or words, with a scale) and the word it
/// counts. Years, days of a month, clock times and ordinals are not quantities; a unit given
/// two different values in one sentence is dropped ("cut from 28 points to 20 points").
pub fn quantities(text: &str) -> Vec<Quantity> {
    let tokens: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == '-' || c == '–' || c == '/')
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '$' && c != '%')
                .to_string()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let lower: Vec<String> = tokens.iter().map(|t| t.to_lowercase()).collect();
    let mut out: Vec<Quantity> = Vec::new();
    let mut i = 0;
    while i < lower.len() {
        let w = lower[i].trim_start_matches('$');
        let money = lower[i].starts_with('$');
        let percent_sign = w.ends_with('%');
        let w = w.trim_end_matches('%');
        let value = if !w.is_empty()
            && w.chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        {
            let digits = w.replace(',', "");
            let is_year = w.len() == 4
                && !w.contains(',')
                && (1800..=2100).contains(&digits.parse::<u32>().unwrap_or(0));
            let after_month = i > 0 && is_month(&lower[i - 1]);
            let before_month = i + 1 < lower.len() && is_month(&lower[i + 1]);
            let clock = i + 1 < lower.len()
                && matches!(
                    lower[i + 1].as_str(),
                    "am" | "pm" | "a.m" | "p.m" | "gmt" | "utc" | "hrs"
                );
            if (is_year && !money) || after_month || before_month || clock {
                None
            } else {
                digits.parse::<f64>().ok()
            }
        } else {
            NUMBER_WORDS.iter().find(|(n, _)| *n == w).map(|(_, v)| *v)
        };
        let Some(mut value) = value else {
            i += 1;
            continue;
        };
        if lower.get(i + 1).is_some_and(|n| n == "of") && value == 1.0 {
            // "one of the …" counts nothing.
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i + 1;
        while j < lower.len() {
            if let Some((_, s)) = SCALES.iter().find(|(n, _)| *n == lower[j]) {
                value *= s;
                j += 1;
            } else {
                break;
            }
        }
        let unit = if percent_sign || lower.get(j).is_some_and(|w| w == "percent" || w == "per") {
            Some("percent".to_string())
        } else if money {
            Some("dollar".to_string())
        } else {
            let mut k = j;
            while k < lower.len() && SKIP_BEFORE_UNIT.contains(&lower[k].as_str()) {
                k += 1;
            }
            lower
                .get(k)
                .filter(|u| u.chars().all(|c| c.is_alphabetic()) && u.chars().count() >= 2)
                .map(|u| {
                    j = k + 1;
                    crate::link::cluster::stem(u)
                })
        };
        if let Some(unit) = unit {
            let text = tokens[start..j.min(tokens.len())].join(" ");
            out.push(Quantity { value, unit, text });
        }
        i = j.max(i + 1);
    }
    // A unit with two values in one sentence is a comparison, not a statement of one value.
    let mut seen: FxHashMap<String, Vec<f64>> = FxHashMap::default();
    for q in &out {
        seen.entry(q.unit.clone()).or_default().push(q.value);
    }
    out.retain(|q| {
        let v = &seen[&q.unit];
        v.iter().all(|x| *x == v[0])
    });
    out.dedup_by(|a, b| a.unit == b.unit);
    out
}

#[cfg(test)]
mod tests;

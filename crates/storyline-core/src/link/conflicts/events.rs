//! Conflicts over a story's events between reports: where a meeting took place, how long it
//! lasted, who led a delegation to it, and whether someone took part in it.
//!
//! Each check reads only what a report states outright, and a conflict needs values from
//! different origin groups (a wire story and its copies never disagree with themselves):
//! - **Place.** [`crate::link::events`] keeps mentions with different places apart, so two
//!   reports that put one meeting in two cities give two events. They are one meeting when they
//!   have the same kind, the same day and at least two participants in common. The places
//!   disagree only when neither is a country or region ([`regions`]), neither name contains
//!   the other, no sentence of the story names both (a trip from one to the other), and the
//!   reports that give one place never name the other (a venue and its city).
//! - **Duration.** Durations of one event (a DURATION expression tied to it: "lasted five
//!   hours", "after three hours of talks", "a 90-minute call") whose ranges do not overlap once
//!   their modifiers are read ("more than", "nearly", "about"; "so far" is a lower bound).
//! - **Who led a delegation.** "The Ukrainian delegation, led by X" against "Y led the
//!   Ukrainian delegation", in mentions of the same event (or, outside event mentions, in
//!   reports of the same day), when no report names both as leaders.
//! - **Who took part.** "X did not attend the talks" (skipped, stayed away, talks went ahead
//!   without X) against a report in which X attended, met or held talks at the same event (or
//!   an event of the same day).
//!
//! A plan against an outcome ("X will lead", "X did not attend") is an `update`, not a
//! contradiction.

use super::regions::is_region;
use crate::link::cluster::day_number;
use crate::link::union_find::UnionFind;
use crate::text::names::fold;
use crate::text::words::words;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeMap, BTreeSet};
use storyline_model::{
    Annotations, Article, ArticleId, Conflict, ConflictKind, ConflictLabel, ConflictValue,
    EntityId, EntityKind, Event, EventKind, SentenceRef, TimeType,
};

/// A name mention resolved to a corpus entity, its code points relative to its sentence.
struct Named {
    entity: EntityId,
    kind: EntityKind,
    start: usize,
    end: usize,
}

/// The story's reports as the checks read them.
struct Reports<'a> {
    by_id: FxHashMap<&'a ArticleId, (&'a Article, &'a Annotations)>,
    named: FxHashMap<(&'a ArticleId, usize), Vec<Named>>,
    /// The articles that name each entity.
    naming: FxHashMap<EntityId, FxHashSet<&'a ArticleId>>,
    /// The first event (in story order) each sentence is a mention of.
    event_of: FxHashMap<&'a SentenceRef, usize>,
}

impl<'a> Reports<'a> {
    fn new<F>(
        articles: &[(&'a Article, &'a Annotations)],
        events: &'a [Event],
        entity_of: F,
    ) -> Self
    where
        F: Fn(&ArticleId, usize) -> Option<EntityId>,
    {
        let mut named: FxHashMap<(&'a ArticleId, usize), Vec<Named>> = FxHashMap::default();
        let mut naming: FxHashMap<EntityId, FxHashSet<&'a ArticleId>> = FxHashMap::default();
        for &(a, ann) in articles {
            for m in &ann.mentions {
                let (Some(entity), Some(span)) =
                    (entity_of(&a.id, m.local), a.sentences.get(m.sentence))
                else {
                    continue;
                };
                naming.entry(entity.clone()).or_default().insert(&a.id);
                named.entry((&a.id, m.sentence)).or_default().push(Named {
                    entity,
                    kind: m.kind,
                    start: m.start.saturating_sub(span.start),
                    end: m.end.saturating_sub(span.start),
                });
            }
        }
        let mut event_of = FxHashMap::default();
        for (i, e) in events.iter().enumerate() {
            for m in &e.mentions {
                event_of.entry(m).or_insert(i);
            }
        }
        Reports {
            by_id: articles.iter().map(|&(a, n)| (&a.id, (a, n))).collect(),
            named,
            naming,
            event_of,
        }
    }

    fn article(&self, a: &ArticleId) -> Option<&'a Article> {
        self.by_id.get(a).map(|(a, _)| *a)
    }

    /// The sentence's text and the code point it starts at.
    fn sentence(&self, r: &SentenceRef) -> Option<(&'a str, usize)> {
        let a = self.article(&r.article)?;
        let span = a.sentences.get(r.sentence)?;
        Some((span.slice(&a.text)?, span.start))
    }

    fn names(&self, r: &SentenceRef) -> &[Named] {
        self.by_id
            .get_key_value(&r.article)
            .and_then(|(a, _)| self.named.get(&(*a, r.sentence)))
            .map_or(&[], Vec::as_slice)
    }

    fn names_entity(&self, a: &ArticleId, e: &EntityId) -> bool {
        self.naming.get(e).is_some_and(|s| s.contains(a))
    }

    /// Whether some sentence of the story names both entities.
    fn co_named(&self, x: &EntityId, y: &EntityId) -> bool {
        self.named
            .values()
            .any(|ns| ns.iter().any(|n| &n.entity == x) && ns.iter().any(|n| &n.entity == y))
    }

    /// The report's origin group (its own id when it has none).
    fn group(&self, a: &ArticleId) -> String {
        self.article(a)
            .and_then(|a| a.origin_group.as_ref().map(|g| g.to_string()))
            .unwrap_or_else(|| a.to_string())
    }

    fn day(&self, a: &ArticleId) -> Option<i32> {
        self.article(a)?
            .published
            .as_ref()
            .and_then(|p| day_number(&p.value))
    }

    /// Whether no origin group gives two of the values.
    fn disjoint(&self, values: &[&[SentenceRef]]) -> bool {
        let mut seen: FxHashMap<String, usize> = FxHashMap::default();
        for (i, refs) in values.iter().enumerate() {
            for r in refs.iter() {
                if *seen.entry(self.group(&r.article)).or_insert(i) != i {
                    return false;
                }
            }
        }
        true
    }

    /// Every sentence of the story, in article order.
    fn sentences(&self) -> Vec<SentenceRef> {
        let mut ids: Vec<&&ArticleId> = self.by_id.keys().collect();
        ids.sort();
        ids.into_iter()
            .flat_map(|a| {
                let n = self.article(a).map_or(0, |x| x.sentences.len());
                (0..n).map(|sentence| SentenceRef {
                    article: (*a).clone(),
                    sentence,
                })
            })
            .collect()
    }
}

/// Conflicts over the events of one story. `events` are the story's merged events;
/// `entity_of` maps an article's local entity to its corpus entity; `name_of` names an entity.
pub fn events<F, N>(
    events: &[Event],
    articles: &[(&Article, &Annotations)],
    entity_of: F,
    name_of: N,
) -> Vec<Conflict>
where
    F: Fn(&ArticleId, usize) -> Option<EntityId>,
    N: Fn(&EntityId) -> String,
{
    let reports = Reports::new(articles, events, entity_of);
    let mut out = places(events, &reports, &name_of);
    out.extend(durations(events, &reports));
    out.extend(leaders(events, &reports, &name_of));
    out.extend(absences(events, &reports, &name_of));
    out
}

fn kind_name(k: EventKind) -> &'static str {
    match k {
        EventKind::Meeting => "meeting",
        EventKind::Talks => "talks",
        EventKind::Visit => "visit",
        EventKind::Statement => "statement",
        EventKind::Announcement => "announcement",
        EventKind::Agreement => "agreement",
        EventKind::Attack => "attack",
        EventKind::Other => "event",
    }
}

/// The event's day (`2026-01-22`), when its date is at least that precise.
fn day_of(e: &Event) -> Option<&str> {
    let d = e.date.as_ref()?.value.get(..10)?;
    day_number(d).map(|_| d)
}

/// "the talks on 2026-01-22" / "the talks".
fn event_phrase(e: &Event) -> String {
    match day_of(e) {
        Some(d) => format!("the {} on {d}", kind_name(e.kind)),
        None => format!("the {}", kind_name(e.kind)),
    }
}

/// A conflict value: sentences sorted, articles in their order.
fn value(text: String, mut sentences: Vec<SentenceRef>) -> ConflictValue {
    sentences.sort();
    sentences.dedup();
    let mut articles: Vec<ArticleId> = sentences.iter().map(|s| s.article.clone()).collect();
    articles.dedup();
    ConflictValue {
        value: text,
        articles,
        sentences,
    }
}

/// Groups of items joined by `linked` pairs (each group of two or more, in item order).
fn components(n: usize, linked: impl Fn(usize, usize) -> bool) -> Vec<Vec<usize>> {
    let mut sets = UnionFind::new(n);
    for i in 0..n {
        for j in i + 1..n {
            if linked(i, j) {
                sets.union(i, j);
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        groups.entry(sets.find(i)).or_default().push(i);
    }
    groups.into_values().filter(|g| g.len() > 1).collect()
}

const PLACE_KINDS: [EventKind; 4] = [
    EventKind::Meeting,
    EventKind::Talks,
    EventKind::Visit,
    EventKind::Agreement,
];

/// Whether one name's words contain the other's ("Sharm el-Sheikh" / "Sharm").
fn contains_words(long: &str, short: &str) -> bool {
    let l: Vec<&str> = long.split(' ').collect();
    let s: Vec<&str> = short.split(' ').collect();
    !s.is_empty() && l.windows(s.len()).any(|w| w == s.as_slice())
}

fn places<N: Fn(&EntityId) -> String>(
    events: &[Event],
    r: &Reports<'_>,
    name_of: &N,
) -> Vec<Conflict> {
    // Candidates: dated to the day, with a place some of their mentions state.
    let cands: Vec<(&Event, &EntityId, Vec<SentenceRef>)> = events
        .iter()
        .filter(|e| PLACE_KINDS.contains(&e.kind) && day_of(e).is_some())
        .filter_map(|e| {
            let p = e.place.as_ref()?;
            let givers: Vec<SentenceRef> = e
                .mentions
                .iter()
                .filter(|m| r.names(m).iter().any(|n| &n.entity == p))
                .cloned()
                .collect();
            (!givers.is_empty()).then_some((e, p, givers))
        })
        .collect();
    let disagree = |i: usize, j: usize| {
        let ((a, pa, ga), (b, pb, gb)) = (&cands[i], &cands[j]);
        if a.kind != b.kind || pa == pb || day_of(a) != day_of(b) {
            return false;
        }
        let shared = a
            .participants
            .iter()
            .filter(|p| b.participants.contains(p))
            .count();
        if shared < 2 {
            return false;
        }
        let (na, nb) = (fold(&name_of(pa)), fold(&name_of(pb)));
        if is_region(&na) || is_region(&nb) || contains_words(&na, &nb) || contains_words(&nb, &na)
        {
            return false;
        }
        r.disjoint(&[ga, gb])
            && !ga.iter().any(|s| r.names_entity(&s.article, pb))
            && !gb.iter().any(|s| r.names_entity(&s.article, pa))
            && !r.co_named(pa, pb)
    };
    let mut out = Vec::new();
    for comp in components(cands.len(), disagree) {
        let mut by_place: BTreeMap<&EntityId, Vec<SentenceRef>> = BTreeMap::new();
        for &i in &comp {
            by_place
                .entry(cands[i].1)
                .or_default()
                .extend(cands[i].2.iter().cloned());
        }
        let subject = comp
            .iter()
            .map(|&i| cands[i].0)
            .max_by_key(|e| (e.mentions.len(), std::cmp::Reverse(&e.id)))
            .expect("a component has members");
        // The participants every event of the conflict shares, by name.
        let mut shared: Vec<String> = subject
            .participants
            .iter()
            .filter(|p| comp.iter().all(|&i| cands[i].0.participants.contains(p)))
            .map(name_of)
            .collect();
        shared.truncate(3);
        let mut values: Vec<ConflictValue> = by_place
            .into_iter()
            .map(|(p, refs)| value(name_of(p), refs))
            .collect();
        values.sort_by(|a, b| a.value.cmp(&b.value));
        out.push(Conflict {
            kind: ConflictKind::Place,
            subject: subject.id.to_string(),
            about: format!("place of {} ({})", event_phrase(subject), shared.join(", ")),
            values,
            label: ConflictLabel::Contradiction,
        });
    }
    out
}

/// Seconds in a TIMEX3 duration (`PT5H`, `PT1H30M`, `P2D`, `PT4.5H`); `None` when vague.
fn seconds(value: &str) -> Option<f64> {
    let rest = value.strip_prefix('P')?;
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) => (d, t),
        None => (rest, ""),
    };
    let mut total = 0.0;
    let mut any = false;
    for (part, units) in [
        (
            date,
            &[
                ('Y', 31_536_000.0),
                ('M', 2_592_000.0),
                ('W', 604_800.0),
                ('D', 86_400.0),
            ][..],
        ),
        (time, &[('H', 3_600.0), ('M', 60.0), ('S', 1.0)][..]),
    ] {
        let mut num = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' {
                num.push(c);
            } else {
                let unit = units.iter().find(|(u, _)| *u == c)?.1;
                total += num.parse::<f64>().ok()? * unit;
                num.clear();
                any = true;
            }
        }
        if !num.is_empty() {
            return None;
        }
    }
    (any && total > 0.0).then_some(total)
}

/// Nouns a duration can measure an event by ("three hours of talks", "a 90-minute call").
const EVENT_NOUNS: &[&str] = &[
    "call",
    "consultations",
    "conversation",
    "debate",
    "discussion",
    "discussions",
    "hearing",
    "meeting",
    "meetings",
    "negotiations",
    "round",
    "session",
    "sessions",
    "summit",
    "talks",
    "visit",
];

/// Words before a duration that make it the event's length.
const DURATION_CUES: &[&str] = &[
    "after", "for", "lasted", "lasting", "last", "ran", "took", "spent",
];

/// Modifiers before a duration and the range they give, as factors of the value.
const MODIFIERS: &[(&str, f64, f64)] = &[
    ("more than", 1.0, f64::INFINITY),
    ("over", 1.0, f64::INFINITY),
    ("at least", 1.0, f64::INFINITY),
    ("upwards of", 1.0, f64::INFINITY),
    ("nearly", 0.75, 1.0),
    ("almost", 0.75, 1.0),
    ("less than", 0.5, 1.0),
    ("under", 0.5, 1.0),
    ("up to", 0.5, 1.0),
    ("close to", 0.75, 1.05),
    ("about", 0.7, 1.3),
    ("around", 0.7, 1.3),
    ("some", 0.7, 1.3),
    ("roughly", 0.7, 1.3),
    ("approximately", 0.7, 1.3),
    ("an estimated", 0.7, 1.3),
];

/// An event's length as one sentence gives it.
struct Length {
    low: f64,
    high: f64,
    text: String,
    at: SentenceRef,
}

/// The length a DURATION at code points `[s, e)` of `sentence` gives its event, if it is one:
/// its range in seconds and the words that give it ("about five hours").
fn length(sentence: &str, s: usize, e: usize, secs: f64) -> Option<(f64, f64, String)> {
    let chars: Vec<char> = sentence.chars().collect();
    let text: String = chars.get(s..e)?.iter().collect::<String>().to_lowercase();
    let before: String = chars[..s].iter().collect::<String>().to_lowercase();
    let after: String = chars[e..].iter().collect::<String>().to_lowercase();
    let mut before = before.trim_end();
    let mut range = (0.85, 1.15);
    let mut written = text.clone();
    // The modifier may sit inside the expression or just before it.
    for (m, lo, hi) in MODIFIERS {
        let inside = text.starts_with(&format!("{m} "));
        let outside = before.ends_with(m)
            && before[..before.len() - m.len()]
                .chars()
                .last()
                .is_none_or(|c| !c.is_alphanumeric());
        if inside || outside {
            range = (*lo, *hi);
            if outside {
                before = before[..before.len() - m.len()].trim_end();
                written = format!("{m} {text}");
            }
            break;
        }
    }
    let after_words = words(&after);
    let compound = text.contains('-')
        && after_words
            .first()
            .is_some_and(|(_, _, w)| EVENT_NOUNS.contains(&w.as_str()));
    let of_event = after_words.first().is_some_and(|(_, _, w)| w == "of")
        && after_words
            .get(1)
            .is_some_and(|(_, _, w)| EVENT_NOUNS.contains(&w.as_str()));
    let cued = words(before)
        .last()
        .is_some_and(|(_, _, w)| DURATION_CUES.contains(&w.as_str()));
    // "the first talks in five years", "for the first time in three days": not a length.
    let tail: String = before.chars().rev().take(40).collect::<String>();
    let tail: String = tail.chars().rev().collect();
    if tail.contains("first") || tail.contains("since") || tail.contains("last ") {
        return None;
    }
    if !(compound || of_event || cued) {
        return None;
    }
    // Still going on when reported: a lower bound.
    let lower = sentence.to_lowercase();
    if [
        "so far",
        "still",
        "have been",
        "has been",
        "ongoing",
        "under way",
        "underway",
    ]
    .iter()
    .any(|c| lower.contains(c))
    {
        range = (range.0.min(1.0), f64::INFINITY);
    }
    Some((secs * range.0, secs * range.1, written))
}

fn durations(events: &[Event], r: &Reports<'_>) -> Vec<Conflict> {
    let mut out = Vec::new();
    for e in events {
        let mut found: Vec<Length> = Vec::new();
        for m in &e.mentions {
            let (Some((sentence, offset)), Some((_, ann))) =
                (r.sentence(m), r.by_id.get(&m.article))
            else {
                continue;
            };
            let len = sentence.chars().count();
            for t in &ann.times {
                if t.kind != TimeType::Duration || t.start < offset || t.end > offset + len {
                    continue;
                }
                // Meetings last minutes to days; longer spans are something else.
                let Some(secs) = seconds(&t.value).filter(|s| (60.0..=3.0 * 86_400.0).contains(s))
                else {
                    continue;
                };
                if let Some((low, high, text)) =
                    length(sentence, t.start - offset, t.end - offset, secs)
                {
                    found.push(Length {
                        low,
                        high,
                        text,
                        at: m.clone(),
                    });
                }
            }
        }
        let apart = |a: &Length, b: &Length| {
            (a.high < b.low || b.high < a.low) && r.group(&a.at.article) != r.group(&b.at.article)
        };
        let clash = found
            .iter()
            .enumerate()
            .any(|(i, a)| found[i + 1..].iter().any(|b| apart(a, b)));
        if !clash {
            continue;
        }
        let mut by_text: BTreeMap<&str, Vec<SentenceRef>> = BTreeMap::new();
        for l in &found {
            by_text.entry(&l.text).or_default().push(l.at.clone());
        }
        out.push(Conflict {
            kind: ConflictKind::Other,
            subject: e.id.to_string(),
            about: format!("duration of {}", event_phrase(e)),
            values: by_text
                .into_iter()
                .map(|(t, refs)| value(t.to_string(), refs))
                .collect(),
            label: ConflictLabel::Contradiction,
        });
    }
    out
}

/// Determiners and possessives that are not a delegation's qualifier.
const NOT_QUALIFIERS: &[&str] = &[
    "a", "an", "her", "his", "its", "our", "that", "the", "their", "this", "whose",
];

const LEAD_VERBS: &[&str] = &[
    "head", "headed", "heading", "heads", "lead", "leading", "leads", "led",
];

/// Words between a leader's name and "led the … delegation".
const LEAD_AUX: &[&str] = &[
    "also", "been", "expected", "had", "has", "is", "set", "to", "was", "who", "will", "would",
];

/// Future or planned wording.
fn planned(text: &str) -> bool {
    let t = text.to_lowercase();
    [
        "will ",
        "would ",
        "won't",
        "to be ",
        "expected to",
        "is set to",
        "are set to",
        "plans to",
        "is due to",
        "is to ",
        "are to ",
    ]
    .iter()
    .any(|c| t.contains(c))
}

/// One report's word on who led a delegation.
struct Lead {
    key: String,
    written: String,
    leaders: BTreeSet<EntityId>,
    future: bool,
    at: SentenceRef,
}

/// PERSON names from code point `pos` of `sentence`: the first within a few words (titles
/// before it allowed, no clause break), then any joined by "and".
fn persons_from(sentence: &str, names: &[Named], pos: usize) -> BTreeSet<EntityId> {
    let chars: Vec<char> = sentence.chars().collect();
    let mut out = BTreeSet::new();
    let mut at = pos;
    let mut persons: Vec<&Named> = names
        .iter()
        .filter(|n| n.kind == EntityKind::Person && n.start >= pos)
        .collect();
    persons.sort_by_key(|n| n.start);
    for n in persons {
        let gap: String = chars
            .get(at..n.start)
            .map_or(String::new(), |g| g.iter().collect());
        let gap_words = words(&gap);
        let ok = if out.is_empty() {
            !gap.contains([',', ';', '(', ':']) && gap_words.len() <= 4
        } else {
            gap_words.len() == 1 && gap_words[0].2 == "and"
        };
        if !ok {
            break;
        }
        out.insert(n.entity.clone());
        at = n.end;
    }
    out
}

/// What one sentence says about who led a delegation.
fn leads_in(sentence: &str, names: &[Named], at: &SentenceRef) -> Vec<Lead> {
    let ws = words(sentence);
    let chars: Vec<char> = sentence.chars().collect();
    let mut out = Vec::new();
    for (k, (s, e, w)) in ws.iter().enumerate() {
        if w != "delegation" {
            continue;
        }
        // The qualifier: the whitespace-separated chunk before "delegation".
        let before: String = chars[..*s].iter().collect();
        let before = before.trim_end();
        let (rest, written) = before
            .rsplit_once(char::is_whitespace)
            .unwrap_or(("", before));
        let written = written.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
        let key = fold(written);
        if key.is_empty() || NOT_QUALIFIERS.contains(&key.as_str()) {
            continue;
        }
        // "… delegation, (which was) led by X".
        let after: String = chars[*e..].iter().collect::<String>().to_lowercase();
        let trimmed = after.trim_start_matches([',', ' ']);
        let skipped = after.chars().count() - trimmed.chars().count();
        let aux = [
            "which was ",
            "who were ",
            "was ",
            "is ",
            "will be ",
            "would be ",
            "has been ",
            "to be ",
            "had been ",
            "being ",
        ];
        let (aux_len, future) =
            aux.iter()
                .find(|a| trimmed.starts_with(*a))
                .map_or((0, false), |a| {
                    (
                        a.chars().count(),
                        a.starts_with("will") || a.starts_with("would") || a.starts_with("to"),
                    )
                });
        let rest_after = &trimmed[trimmed
            .char_indices()
            .nth(aux_len)
            .map_or(trimmed.len(), |(i, _)| i)..];
        for v in ["led by ", "headed by "] {
            if rest_after.starts_with(v) {
                let pos = e + skipped + aux_len + v.chars().count();
                let leaders = persons_from(sentence, names, pos);
                if !leaders.is_empty() {
                    out.push(Lead {
                        key: key.clone(),
                        written: written.to_string(),
                        leaders,
                        future,
                        at: at.clone(),
                    });
                }
            }
        }
        // "X (who will) led the … delegation".
        let rest = rest.trim_end();
        let Some(rest) = rest
            .strip_suffix("the")
            .or_else(|| rest.strip_suffix("The"))
        else {
            continue;
        };
        let rest_words = words(rest);
        let Some((vs, _, verb)) = rest_words.last() else {
            continue;
        };
        if !LEAD_VERBS.contains(&verb.as_str()) || k < 2 {
            continue;
        }
        let leader = names
            .iter()
            .filter(|n| n.kind == EntityKind::Person && n.end <= *vs)
            .max_by_key(|n| n.end);
        let Some(leader) = leader else { continue };
        let gap: String = chars[leader.end..*vs].iter().collect();
        let gap_words = words(&gap);
        if gap_words.len() > 4
            || gap.contains([';', '(', ':'])
            || !gap_words
                .iter()
                .all(|(_, _, w)| LEAD_AUX.contains(&w.as_str()))
        {
            continue;
        }
        out.push(Lead {
            key,
            written: written.to_string(),
            leaders: BTreeSet::from([leader.entity.clone()]),
            future: planned(&gap)
                || verb == "lead" && gap_words.iter().any(|(_, _, w)| w == "will" || w == "to"),
            at: at.clone(),
        });
    }
    out
}

/// Whether two statements speak of the same occasion: mentions of one event or of events of
/// the same day, or (outside event mentions) reports of the same day.
fn same_occasion(events: &[Event], r: &Reports<'_>, a: &SentenceRef, b: &SentenceRef) -> bool {
    match (r.event_of.get(a), r.event_of.get(b)) {
        (Some(&x), Some(&y)) => {
            x == y || day_of(&events[x]).is_some() && day_of(&events[x]) == day_of(&events[y])
        }
        _ => r.day(&a.article).is_some() && r.day(&a.article) == r.day(&b.article),
    }
}

fn leaders<N: Fn(&EntityId) -> String>(
    events: &[Event],
    r: &Reports<'_>,
    name_of: &N,
) -> Vec<Conflict> {
    let mut all: Vec<Lead> = Vec::new();
    for at in r.sentences() {
        let Some((sentence, _)) = r.sentence(&at) else {
            continue;
        };
        if !sentence.contains("delegation") {
            continue;
        }
        all.extend(leads_in(sentence, r.names(&at), &at));
    }
    // Leaders some statement names together are not rivals.
    let together = |x: &EntityId, y: &EntityId| {
        all.iter()
            .any(|l| l.leaders.contains(x) && l.leaders.contains(y))
    };
    let rivals = |i: usize, j: usize| {
        let (a, b) = (&all[i], &all[j]);
        a.key == b.key
            && a.leaders.is_disjoint(&b.leaders)
            && r.group(&a.at.article) != r.group(&b.at.article)
            && same_occasion(events, r, &a.at, &b.at)
            && !a
                .leaders
                .iter()
                .any(|x| b.leaders.iter().any(|y| together(x, y)))
    };
    let mut out = Vec::new();
    for comp in components(all.len(), rivals) {
        let mut by_leaders: BTreeMap<&BTreeSet<EntityId>, (Vec<SentenceRef>, bool)> =
            BTreeMap::new();
        for &i in &comp {
            let v = by_leaders
                .entry(&all[i].leaders)
                .or_insert((Vec::new(), true));
            v.0.push(all[i].at.clone());
            v.1 &= all[i].future;
        }
        let refs: Vec<&[SentenceRef]> = by_leaders.values().map(|(v, _)| v.as_slice()).collect();
        if by_leaders.len() < 2 || !r.disjoint(&refs) {
            continue;
        }
        let plans = by_leaders.values().filter(|(_, f)| *f).count();
        let update = plans > 0 && plans < by_leaders.len();
        let mut values: Vec<(bool, ConflictValue)> = by_leaders
            .into_iter()
            .map(|(leaders, (refs, future))| {
                let names: Vec<String> = leaders.iter().map(name_of).collect();
                (!future, value(names.join(" and "), refs))
            })
            .collect();
        values.sort_by(|a, b| (a.0, &a.1.value).cmp(&(b.0, &b.1.value)));
        let first = &all[comp[0]];
        let subject = comp
            .iter()
            .find_map(|&i| r.event_of.get(&all[i].at))
            .map_or_else(
                || first.at.article.to_string(),
                |&e| events[e].id.to_string(),
            );
        out.push(Conflict {
            kind: ConflictKind::Other,
            subject,
            about: format!("head of the {} delegation", first.written),
            values: values.into_iter().map(|(_, v)| v).collect(),
            label: if update {
                ConflictLabel::Update
            } else {
                ConflictLabel::Contradiction
            },
        });
    }
    out
}

/// Wording after a name that says it was not there.
const ABSENT: &[&str] = &[
    "boycotted",
    "declined to attend",
    "declined to take part",
    "did not attend",
    "did not join",
    "did not participate",
    "did not take part",
    "didn't attend",
    "didn't join",
    "didn't participate",
    "didn't take part",
    "is not attending",
    "is not taking part",
    "skipped",
    "stayed away",
    "was absent",
    "was not at",
    "was not present",
    "wasn't present",
    "were absent",
    "were not present",
    "will not attend",
    "will not participate",
    "will not take part",
    "will skip",
    "won't attend",
    "won't take part",
    "would not attend",
    "would not take part",
];

/// Wording after a name that says it was there.
const PRESENT_AFTER: &[&str] = &[
    "arrived for",
    "attended",
    "attends",
    "headed the",
    "held talks",
    "holds talks",
    "is expected to attend",
    "is set to attend",
    "is to meet",
    "joined",
    "led the",
    "meets",
    "met",
    "participated",
    "plans to attend",
    "sat down",
    "takes part",
    "took part",
    "was present",
    "were present",
    "will attend",
    "will join",
    "will meet",
    "will participate",
    "will take part",
];

/// Wording before a name that says it was there.
const PRESENT_BEFORE: &[&str] = &[
    "attended by",
    "between",
    "headed by",
    "joined by",
    "led by",
    "meeting with",
    "met",
    "met with",
    "talks with",
];

/// Whether `text` starts with one of `phrases` as whole words.
fn starts_with_phrase(text: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| {
        text.strip_prefix(p)
            .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()))
    })
}

/// Whether `text` ends with one of `phrases` as whole words.
fn ends_with_phrase(text: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| {
        text.strip_suffix(p)
            .is_some_and(|rest| rest.chars().last().is_none_or(|c| !c.is_alphanumeric()))
    })
}

/// One report's word on whether someone took part.
struct Presence {
    entity: EntityId,
    present: bool,
    future: bool,
    at: SentenceRef,
}

fn presences_in(sentence: &str, names: &[Named], at: &SentenceRef) -> Vec<Presence> {
    let chars: Vec<char> = sentence.chars().collect();
    let lower = sentence.to_lowercase().replace('’', "'");
    let negated = [" not ", "n't ", " never ", " no longer ", "without "]
        .iter()
        .any(|n| lower.contains(n));
    let mut out = Vec::new();
    for n in names {
        if !matches!(n.kind, EntityKind::Person | EntityKind::Organization) {
            continue;
        }
        let after: String = chars
            .get(n.end..)
            .map_or(String::new(), |c| c.iter().collect::<String>())
            .to_lowercase()
            .replace('’', "'");
        let after = after.trim_start_matches([',', ' ']);
        let after = after.strip_prefix("who ").unwrap_or(after);
        let before: String = chars
            .get(..n.start)
            .map_or(String::new(), |c| c.iter().collect::<String>())
            .to_lowercase();
        let before = before.trim_end();
        let absent_after = starts_with_phrase(after, ABSENT);
        let without = ends_with_phrase(before, &["without", "in the absence of"]);
        if absent_after || without {
            out.push(Presence {
                entity: n.entity.clone(),
                present: false,
                future: planned(if absent_after { after } else { &lower }),
                at: at.clone(),
            });
            continue;
        }
        if negated {
            continue;
        }
        // "talks between X and Y": Y after "and" within a between-phrase.
        let between_and = ends_with_phrase(before, &["and"])
            && before
                .rfind("between ")
                .is_some_and(|i| words(&before[i..]).len() <= 7);
        if starts_with_phrase(after, PRESENT_AFTER)
            || ends_with_phrase(before, PRESENT_BEFORE)
            || between_and
        {
            let future = planned(after.get(..after.len().min(30)).unwrap_or(after))
                || planned(before.get(before.len().saturating_sub(30)..).unwrap_or(""));
            out.push(Presence {
                entity: n.entity.clone(),
                present: true,
                future,
                at: at.clone(),
            });
        }
    }
    out
}

/// A presence statement with the event its sentence mentions.
type Said<'a> = &'a (usize, Presence);

const PRESENCE_KINDS: [EventKind; 3] = [EventKind::Meeting, EventKind::Talks, EventKind::Visit];

fn absences<N: Fn(&EntityId) -> String>(
    events: &[Event],
    r: &Reports<'_>,
    name_of: &N,
) -> Vec<Conflict> {
    // Only sentences that mention a meeting, talks or a visit.
    let mut all: Vec<(usize, Presence)> = Vec::new();
    for (at, &ei) in &r.event_of {
        if !PRESENCE_KINDS.contains(&events[ei].kind) {
            continue;
        }
        let Some((sentence, _)) = r.sentence(at) else {
            continue;
        };
        all.extend(
            presences_in(sentence, r.names(at), at)
                .into_iter()
                .map(|p| (ei, p)),
        );
    }
    all.sort_by(|a, b| {
        (&a.1.entity, &a.1.at, a.1.present).cmp(&(&b.1.entity, &b.1.at, b.1.present))
    });
    let occasion = |x: usize, y: usize| {
        x == y || day_of(&events[x]).is_some() && day_of(&events[x]) == day_of(&events[y])
    };
    let opposed = |i: usize, j: usize| {
        let ((ea, a), (eb, b)) = (&all[i], &all[j]);
        a.entity == b.entity
            && a.present != b.present
            && r.group(&a.at.article) != r.group(&b.at.article)
            && occasion(*ea, *eb)
    };
    let mut out = Vec::new();
    for comp in components(all.len(), opposed) {
        let (mut yes, mut no): (Vec<Said<'_>>, Vec<Said<'_>>) =
            comp.iter().map(|&i| &all[i]).partition(|(_, p)| p.present);
        yes.sort_by(|a, b| a.1.at.cmp(&b.1.at));
        no.sort_by(|a, b| a.1.at.cmp(&b.1.at));
        let refs =
            |v: &[Said<'_>]| -> Vec<SentenceRef> { v.iter().map(|(_, p)| p.at.clone()).collect() };
        let (yes_refs, no_refs) = (refs(&yes), refs(&no));
        if !r.disjoint(&[&yes_refs, &no_refs]) {
            continue;
        }
        let yes_future = yes.iter().all(|(_, p)| p.future);
        let no_future = no.iter().all(|(_, p)| p.future);
        let event = &events[no[0].0];
        let entity = &no[0].1.entity;
        let took = value(
            if yes_future {
                "to take part"
            } else {
                "took part"
            }
            .to_string(),
            yes_refs,
        );
        let not = value(
            if no_future {
                "not to take part"
            } else {
                "did not take part"
            }
            .to_string(),
            no_refs,
        );
        let update = yes_future != no_future;
        // A plan first, then what happened.
        let values = if update && no_future {
            vec![not, took]
        } else {
            vec![took, not]
        };
        out.push(Conflict {
            kind: ConflictKind::Other,
            subject: event.id.to_string(),
            about: format!(
                "participation of {} in {}",
                name_of(entity),
                event_phrase(event)
            ),
            values,
            label: if update {
                ConflictLabel::Update
            } else {
                ConflictLabel::Contradiction
            },
        });
    }
    out
}

#[cfg(test)]
mod tests;

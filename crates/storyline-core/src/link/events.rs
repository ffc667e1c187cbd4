//! Events of one story: event mentions of its articles merged across articles, and the
//! story's timeline.
//!
//! Two mentions are one event when they have the same kind, overlapping participants (by
//! corpus entity; when either side names none, the same place instead), no two different
//! places, and compatible dates (equal, or one a coarser form of the other: `2026-01` and
//! `2026-01-22`). A Tuesday meeting and a Thursday meeting of the same people stay two
//! events. Mentions are clustered greedily in an order fixed by their content (dated
//! mentions first, the most specific dates first), so the result does not depend on the
//! order of the input.
//!
//! An event's date is the most specific date its mentions give: `stated` when some mention
//! states it, else `resolved`; `inferred` when some report of the event gives no date of its
//! own and the date comes from the other reports. No mention with a date, no date.

use crate::extract::events::EventMention;
use std::collections::{BTreeMap, BTreeSet};
use storyline_model::{
    ArticleId, DateBasis, EntityId, Event, EventDate, EventId, EventKind, SentenceRef,
    TimelineEntry,
};

/// The event mentions of one article of the story.
#[derive(Debug, Clone, Copy)]
pub struct ArticleEvents<'a> {
    pub article: &'a ArticleId,
    pub mentions: &'a [EventMention],
}

/// One mention with its locals mapped to corpus entities.
#[derive(Debug, Clone)]
struct Mapped<'a> {
    article: &'a ArticleId,
    m: &'a EventMention,
    participants: BTreeSet<EntityId>,
    place: Option<EntityId>,
}

/// A growing event.
struct Cluster<'a> {
    kind: EventKind,
    members: Vec<Mapped<'a>>,
    participants: BTreeSet<EntityId>,
    places: BTreeSet<EntityId>,
    /// The most specific date of the members so far.
    date: Option<String>,
}

/// Merges the event mentions of one story's articles into events. `entity_of` maps an
/// article's local entity to its corpus entity. Events come out in timeline order.
pub fn merge<F>(articles: &[ArticleEvents<'_>], entity_of: F) -> Vec<Event>
where
    F: Fn(&ArticleId, usize) -> Option<EntityId>,
{
    let mut mapped: Vec<Mapped<'_>> = Vec::new();
    for a in articles {
        for m in a.mentions {
            let participants: BTreeSet<EntityId> = m
                .participants
                .iter()
                .filter_map(|&l| entity_of(a.article, l))
                .collect();
            let place = m.place.and_then(|l| entity_of(a.article, l));
            mapped.push(Mapped {
                article: a.article,
                m,
                participants,
                place,
            });
        }
    }
    // Content order: dated first, most specific dates first, then by position.
    mapped.sort_by(|x, y| {
        let dx = x.m.date.as_ref().map(|d| d.value.as_str());
        let dy = y.m.date.as_ref().map(|d| d.value.as_str());
        (
            dx.is_none(),
            std::cmp::Reverse(dx.map(str::len)),
            dx,
            x.article,
            x.m.sentence,
            x.m.start,
            x.m.kind as u8,
        )
            .cmp(&(
                dy.is_none(),
                std::cmp::Reverse(dy.map(str::len)),
                dy,
                y.article,
                y.m.sentence,
                y.m.start,
                y.m.kind as u8,
            ))
    });
    mapped.dedup_by(|a, b| a.article == b.article && a.m == b.m);

    let mut clusters: Vec<Cluster<'_>> = Vec::new();
    for x in mapped {
        let best = clusters
            .iter()
            .enumerate()
            .filter(|(_, c)| compatible(c, &x))
            .max_by_key(|(i, c)| {
                (
                    c.participants.intersection(&x.participants).count(),
                    x.place.as_ref().is_some_and(|p| c.places.contains(p)),
                    std::cmp::Reverse(*i),
                )
            })
            .map(|(i, _)| i);
        match best {
            Some(i) => {
                let c = &mut clusters[i];
                c.participants.extend(x.participants.iter().cloned());
                c.places.extend(x.place.iter().cloned());
                if let Some(d) = &x.m.date {
                    if c.date.as_ref().is_none_or(|cd| d.value.len() > cd.len()) {
                        c.date = Some(d.value.clone());
                    }
                }
                c.members.push(x);
            }
            None => clusters.push(Cluster {
                kind: x.m.kind,
                participants: x.participants.clone(),
                places: x.place.iter().cloned().collect(),
                date: x.m.date.as_ref().map(|d| d.value.clone()),
                members: vec![x],
            }),
        }
    }
    let mut events: Vec<Event> = clusters.into_iter().map(to_event).collect();
    sort_events(&mut events);
    events
}

/// Whether mention `x` can be a mention of the event `c`.
fn compatible(c: &Cluster<'_>, x: &Mapped<'_>) -> bool {
    if c.kind != x.m.kind {
        return false;
    }
    if let (Some(cd), Some(xd)) = (&c.date, &x.m.date) {
        if !dates_compatible(cd, &xd.value) {
            return false;
        }
    }
    if let Some(p) = &x.place {
        if !c.places.is_empty() && !c.places.contains(p) {
            return false;
        }
    }
    if !c.participants.is_empty() && !x.participants.is_empty() {
        return c
            .participants
            .intersection(&x.participants)
            .next()
            .is_some();
    }
    // Without participants on one side, only a shared place ties them.
    x.place.as_ref().is_some_and(|p| c.places.contains(p))
}

/// Equal, or one a coarser form of the other (`2026-01` / `2026-01-22`,
/// `2026-01-22` / `2026-01-22T10:00`).
pub fn dates_compatible(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    long.starts_with(short)
        && (long.len() == short.len() || matches!(long.as_bytes()[short.len()], b'-' | b'T'))
}

fn to_event(c: Cluster<'_>) -> Event {
    let mut mentions: Vec<SentenceRef> = c
        .members
        .iter()
        .map(|x| SentenceRef {
            article: x.article.clone(),
            sentence: x.m.sentence,
        })
        .collect();
    mentions.sort();
    mentions.dedup();
    let date = c.date.as_ref().map(|value| {
        let supporting: Vec<&Mapped<'_>> = c
            .members
            .iter()
            .filter(|x| {
                x.m.date.as_ref().is_some_and(|d| {
                    dates_compatible(&d.value, value) && d.value.len() == value.len()
                })
            })
            .collect();
        let dated_articles: BTreeSet<&ArticleId> = c
            .members
            .iter()
            .filter(|x| x.m.date.is_some())
            .map(|x| x.article)
            .collect();
        let all_articles: BTreeSet<&ArticleId> = c.members.iter().map(|x| x.article).collect();
        let basis = if dated_articles.len() < all_articles.len() {
            DateBasis::Inferred
        } else if supporting.iter().any(|x| {
            x.m.date
                .as_ref()
                .is_some_and(|d| d.basis == DateBasis::Stated)
        }) {
            DateBasis::Stated
        } else {
            DateBasis::Resolved
        };
        EventDate {
            value: value.clone(),
            end: None,
            basis,
        }
    });
    // Place: the one most mentions give (ties: smallest id).
    let mut place_votes: BTreeMap<&EntityId, usize> = BTreeMap::new();
    for x in &c.members {
        if let Some(p) = &x.place {
            *place_votes.entry(p).or_default() += 1;
        }
    }
    let place = place_votes
        .iter()
        .max_by_key(|(p, n)| (**n, std::cmp::Reverse(**p)))
        .map(|(p, _)| (*p).clone());
    // Participants: by how many mentions name them, then id.
    let mut votes: BTreeMap<&EntityId, usize> = BTreeMap::new();
    for x in &c.members {
        for p in &x.participants {
            *votes.entry(p).or_default() += 1;
        }
    }
    let mut participants: Vec<(&EntityId, usize)> = votes.into_iter().collect();
    participants.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let participants: Vec<EntityId> = participants.into_iter().map(|(p, _)| p.clone()).collect();
    let duration = c.members.iter().filter_map(|x| x.m.duration.clone()).min();
    // Title: the most participants, then the first report's.
    let title = c
        .members
        .iter()
        .max_by_key(|x| {
            (
                x.m.participants.len().min(3) + x.m.place.is_some() as usize,
                std::cmp::Reverse((x.article, x.m.sentence, x.m.start)),
            )
        })
        .map(|x| x.m.title.clone())
        .unwrap_or_default();
    let first = mentions.first().expect("an event has a mention");
    let id = EventId::from_content(
        format!(
            "{:?}\u{1f}{}\u{1f}{}",
            c.kind, first.article, first.sentence
        )
        .as_bytes(),
    );
    Event {
        id,
        kind: c.kind,
        title,
        date,
        place,
        participants,
        duration,
        mentions,
    }
}

/// Orders events: by date, undated ones after the dated event that precedes them in the
/// text of their first report (or first when none does); ties by first mention.
fn sort_events(events: &mut [Event]) {
    events.sort_by(|a, b| (&a.mentions[0], &a.id).cmp(&(&b.mentions[0], &b.id)));
    let order = timeline_order(events);
    let mut ranked: Vec<(usize, Event)> = order.into_iter().zip(events.iter().cloned()).collect();
    ranked.sort_by_key(|(r, _)| *r);
    for (slot, (_, e)) in events.iter_mut().zip(ranked) {
        *slot = e;
    }
}

/// Rank of each event in the timeline.
fn timeline_order(events: &[Event]) -> Vec<usize> {
    // Sort key: (date of the anchor, anchored after it, text position).
    let dated: Vec<(usize, &Event)> = events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.date.is_some())
        .collect();
    let mut keys: Vec<(String, u8, SentenceRef, usize)> = Vec::with_capacity(events.len());
    for (i, e) in events.iter().enumerate() {
        let first = e.mentions[0].clone();
        match &e.date {
            Some(d) => keys.push((d.value.clone(), 0, first, i)),
            None => {
                // The dated event mentioned last before this one in the same article.
                let anchor = dated
                    .iter()
                    .filter_map(|(_, d)| {
                        d.mentions
                            .iter()
                            .filter(|m| m.article == first.article && m.sentence <= first.sentence)
                            .map(|m| m.sentence)
                            .max()
                            .map(|s| {
                                (
                                    s,
                                    d.date.as_ref().map(|x| x.value.clone()).unwrap_or_default(),
                                )
                            })
                    })
                    .max();
                match anchor {
                    Some((_, date)) => keys.push((date, 1, first, i)),
                    None => keys.push((String::new(), 1, first, i)),
                }
            }
        }
    }
    let mut idx: Vec<usize> = (0..events.len()).collect();
    idx.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    let mut rank = vec![0; events.len()];
    for (r, i) in idx.into_iter().enumerate() {
        rank[i] = r;
    }
    rank
}

/// The story's timeline: its events in timeline order (as [`merge`] returns them), undated
/// ones with `date: None`.
pub fn timeline(events: &[Event]) -> Vec<TimelineEntry> {
    let mut sorted = events.to_vec();
    sort_events(&mut sorted);
    sorted
        .into_iter()
        .map(|e| TimelineEntry {
            date: e.date.map(|d| d.value),
            event: e.id,
        })
        .collect()
}

/// The timeline of one entity: the events it takes part in (or is the place of), in order.
pub fn entity_timeline(events: &[Event], entity: &EntityId) -> Vec<TimelineEntry> {
    let mine: Vec<Event> = events
        .iter()
        .filter(|e| e.participants.contains(entity) || e.place.as_ref() == Some(entity))
        .cloned()
        .collect();
    timeline(&mine)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(
        kind: EventKind,
        sentence: usize,
        parts: &[usize],
        place: Option<usize>,
        date: Option<(&str, DateBasis)>,
    ) -> EventMention {
        EventMention {
            kind,
            trigger: "met".into(),
            start: sentence * 100,
            end: sentence * 100 + 3,
            sentence,
            participants: parts.to_vec(),
            place,
            date: date.map(|(v, b)| EventDate {
                value: v.into(),
                end: None,
                basis: b,
            }),
            duration: None,
            title: format!("t{sentence}"),
        }
    }

    /// Locals 0 = Putin, 1 = Witkoff, 2 = Moscow, 3 = Zelensky in every article.
    fn ent(_: &ArticleId, l: usize) -> Option<EntityId> {
        ["e:putin", "e:witkoff", "e:moscow", "e:zelensky"]
            .get(l)
            .and_then(|s| EntityId::parse(s))
    }

    fn aid(s: &str) -> ArticleId {
        ArticleId::parse(s).unwrap()
    }

    #[test]
    fn tuesday_and_thursday_meetings_stay_two_events() {
        use DateBasis::*;
        let (a1, a2, a3) = (aid("a:1"), aid("a:2"), aid("a:3"));
        let m1 = vec![
            mention(
                EventKind::Meeting,
                0,
                &[0, 1],
                Some(2),
                Some(("2026-01-20", Resolved)),
            ),
            mention(
                EventKind::Meeting,
                4,
                &[0, 1],
                Some(2),
                Some(("2026-01-22", Resolved)),
            ),
        ];
        let m2 = vec![mention(
            EventKind::Meeting,
            1,
            &[1, 0],
            None,
            Some(("2026-01-22", Stated)),
        )];
        let m3 = vec![mention(
            EventKind::Meeting,
            2,
            &[0],
            Some(2),
            Some(("2026-01-20", Resolved)),
        )];
        let input = [
            ArticleEvents {
                article: &a1,
                mentions: &m1,
            },
            ArticleEvents {
                article: &a2,
                mentions: &m2,
            },
            ArticleEvents {
                article: &a3,
                mentions: &m3,
            },
        ];
        let events = merge(&input, ent);
        assert_eq!(events.len(), 2, "{events:#?}");
        assert_eq!(events[0].date.as_ref().unwrap().value, "2026-01-20");
        assert_eq!(events[1].date.as_ref().unwrap().value, "2026-01-22");
        assert_eq!(events[1].date.as_ref().unwrap().basis, Stated);
        assert_eq!(events[0].mentions.len(), 2);
        assert_eq!(
            events[0].place.as_ref().map(|p| p.as_str()),
            Some("e:moscow")
        );
        // Independent of input order.
        let reversed = [input[2], input[1], input[0]];
        assert_eq!(merge(&reversed, ent), events);
        let tl = timeline(&events);
        assert_eq!(
            tl.iter()
                .map(|t| t.date.clone().unwrap())
                .collect::<Vec<_>>(),
            vec!["2026-01-20", "2026-01-22"]
        );
    }

    #[test]
    fn date_inferred_from_other_reports_and_undated_placed_by_text() {
        use DateBasis::*;
        let (a1, a2) = (aid("a:1"), aid("a:2"));
        let m1 = vec![
            mention(
                EventKind::Talks,
                0,
                &[0, 1],
                None,
                Some(("2026-01-22", Stated)),
            ),
            mention(EventKind::Attack, 3, &[], None, None),
        ];
        let m2 = vec![
            mention(EventKind::Talks, 2, &[1], Some(2), None),
            mention(
                EventKind::Visit,
                0,
                &[3],
                None,
                Some(("2026-01-19", Resolved)),
            ),
        ];
        let input = [
            ArticleEvents {
                article: &a1,
                mentions: &m1,
            },
            ArticleEvents {
                article: &a2,
                mentions: &m2,
            },
        ];
        let events = merge(&input, ent);
        let talks = events.iter().find(|e| e.kind == EventKind::Talks).unwrap();
        assert_eq!(talks.mentions.len(), 2);
        assert_eq!(talks.date.as_ref().map(|d| d.basis), Some(Inferred));
        let attack = events.iter().find(|e| e.kind == EventKind::Attack).unwrap();
        assert_eq!(attack.date, None);
        let tl = timeline(&events);
        let kinds: Vec<EventKind> = tl
            .iter()
            .map(|t| events.iter().find(|e| e.id == t.event).unwrap().kind)
            .collect();
        assert_eq!(
            kinds,
            vec![EventKind::Visit, EventKind::Talks, EventKind::Attack]
        );
        assert_eq!(tl[2].date, None);
        // Ids are stable.
        assert_eq!(
            merge(&input, ent)
                .iter()
                .map(|e| e.id.clone())
                .collect::<Vec<_>>(),
            events.iter().map(|e| e.id.clone()).collect::<Vec<_>>()
        );
    }

    #[test]
    fn different_participants_or_places_do_not_merge() {
        let (a1, a2) = (aid("a:1"), aid("a:2"));
        let m1 = vec![mention(EventKind::Meeting, 0, &[0], Some(2), None)];
        let m2 = vec![mention(EventKind::Meeting, 0, &[3], Some(2), None)];
        let input = [
            ArticleEvents {
                article: &a1,
                mentions: &m1,
            },
            ArticleEvents {
                article: &a2,
                mentions: &m2,
            },
        ];
        assert_eq!(merge(&input, ent).len(), 2);
        assert!(dates_compatible("2026-01", "2026-01-22"));
        assert!(!dates_compatible("2026-01-2", "2026-01-22"));
        assert!(!dates_compatible("2026-01-20", "2026-01-22"));
    }
}

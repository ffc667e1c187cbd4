//! The story cache: what the per-story corpus stages (dates across reports, events and
//! timeline, summary, claims, conflicts) computed for a story, stored by a key that hashes
//! everything they read — the build of the stages, the story's reports (by id: see
//! [`Report`]) with the copy marks the corpus-wide stages gave them, and the entity each of
//! their referents resolved to. The same key therefore always means the same result, and an
//! export recomputes only the stories whose reports, copies or entities changed since the
//! last one.

use crate::link::cluster;
use crate::link::dates::Finding;
use serde::{Deserialize, Serialize};
use std::io::Write;
use storyline_model::{ArticleId, EntityId, Event, GroupId, Story};

/// A fingerprint of the stage code and models this binary was built from.
const STAGES: &str = env!("STORYLINE_STAGES");

/// One story's per-story results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Dates the story's reports gave each other.
    pub dates: Vec<Finding>,
    pub story: Story,
    pub events: Vec<Event>,
}

/// [`Entry`] by reference, to encode what was just computed without copying it.
#[derive(Serialize)]
struct EntryRef<'a> {
    dates: &'a [Finding],
    story: &'a Story,
    events: &'a [Event],
}

/// The stored form of an [`Entry`] with these parts.
pub fn encode(dates: &[Finding], story: &Story, events: &[Event]) -> Vec<u8> {
    serde_json::to_vec(&EntryRef {
        dates,
        story,
        events,
    })
    .expect("an entry serialises")
}

impl Entry {
    /// `None` for a value this build cannot read (it is then recomputed).
    pub fn decode(bytes: &[u8]) -> Option<Entry> {
        serde_json::from_slice(bytes).ok()
    }
}

/// What a story's key reads of one of its reports besides its id: its copy marks and, by
/// article-local referent, the entity it resolved to with that entity's name.
///
/// A report's own content (text, title, dates as stated, annotations) is not read: the
/// store is append-only by id (an article is inserted once, and its stored record and
/// annotations never change afterwards), so within a store the id stands for all of it. The key is therefore computed from what the
/// corpus-wide stages hold, without loading the story's reports, and a warm export reads
/// only the stories whose key changed.
pub struct Report<'a> {
    pub duplicate_of: Option<&'a ArticleId>,
    pub origin_group: Option<&'a GroupId>,
    /// By article-local referent: the entity and its name (`None`: it resolved to none).
    pub entities: Vec<Option<(&'a EntityId, &'a str)>>,
}

/// The key of a story: the build of the stages, and its reports in the story's order, each
/// by its id and what [`Report`] holds (`None` from `report`: a report the corpus-wide
/// stages do not know, keyed by its id alone).
pub fn key<'a>(
    story: &cluster::Story,
    report: impl Fn(&ArticleId) -> Option<Report<'a>>,
) -> String {
    let mut h = blake3::Hasher::new();
    h.update(STAGES.as_bytes());
    for id in &story.articles {
        h.update(b"\x00article\x00");
        h.update(id.as_str().as_bytes());
        let Some(r) = report(id) else {
            continue;
        };
        let _ = write!(
            h,
            "\x00{}\x00{}",
            r.duplicate_of.map_or("", |d| d.as_str()),
            r.origin_group.map_or("", |g| g.as_str())
        );
        for (local, e) in r.entities.iter().enumerate() {
            let (entity, name) = e.map_or(("", ""), |(e, n)| (e.as_str(), n));
            let _ = write!(h, "\x00{local}\x00{entity}\x00{name}");
        }
    }
    let hash = h.finalize();
    hash.to_hex()[..32].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_model::StoryId;

    #[test]
    fn keys_change_with_what_the_stages_read_and_only_with_it() {
        let (a, b) = (
            ArticleId::from_content(b"one"),
            ArticleId::from_content(b"two"),
        );
        let (x, y) = (EntityId::from_content(b"x"), EntityId::from_content(b"y"));
        let group = GroupId::from_content(b"g");
        let story = |ids: &[&ArticleId]| cluster::Story {
            id: StoryId::from_content(b"s"),
            headline: "h".into(),
            articles: ids.iter().map(|&i| i.clone()).collect(),
        };
        // Report "two" with its copy mark and its referents' entities as given.
        let key_with = |ids: &[&ArticleId],
                        copy: Option<&ArticleId>,
                        entities: Vec<Option<(&EntityId, &str)>>| {
            key(&story(ids), |id| {
                Some(if id == &b {
                    Report {
                        duplicate_of: copy,
                        origin_group: Some(&group),
                        entities: entities.clone(),
                    }
                } else {
                    Report {
                        duplicate_of: None,
                        origin_group: None,
                        entities: Vec::new(),
                    }
                })
            })
        };
        let ortiz = || vec![Some((&x, "Lena Ortiz")), None];
        let base = key_with(&[&a, &b], None, ortiz());
        assert_eq!(base.len(), 32);
        assert_eq!(base, key_with(&[&a, &b], None, ortiz()), "deterministic");
        assert_ne!(base, key_with(&[&a], None, ortiz()), "members");
        assert_ne!(base, key_with(&[&b, &a], None, ortiz()), "order");
        assert_ne!(base, key_with(&[&a, &b], Some(&a), ortiz()), "copy marks");
        let other = vec![Some((&y, "Lena Ortiz")), None];
        assert_ne!(base, key_with(&[&a, &b], None, other), "entities");
        let renamed = vec![Some((&x, "L. Ortiz")), None];
        assert_ne!(base, key_with(&[&a, &b], None, renamed), "entity names");
        let moved = vec![None, Some((&x, "Lena Ortiz"))];
        assert_ne!(base, key_with(&[&a, &b], None, moved), "referents");
    }

    #[test]
    fn entries_round_trip() {
        let e = Entry {
            dates: Vec::new(),
            story: Story {
                id: StoryId::from_content(b"s"),
                headline: "Ferry aground".into(),
                articles: vec![ArticleId::from_content(b"x")],
                events: Vec::new(),
                entities: Vec::new(),
                summary: Vec::new(),
                timeline: Vec::new(),
                claims: Vec::new(),
                conflicts: Vec::new(),
            },
            events: Vec::new(),
        };
        assert_eq!(
            Entry::decode(&encode(&e.dates, &e.story, &e.events)),
            Some(e)
        );
        assert_eq!(Entry::decode(b"not json"), None);
    }
}

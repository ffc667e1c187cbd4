//! The story cache: what the per-story corpus stages (dates across reports, events and
//! timeline, summary, claims, conflicts) computed for a story, stored by a key that hashes
//! everything they read — the build of the stages, the story's reports as the corpus-wide
//! stages left them (copies marked, dates as stated), and the entity each of their name
//! mentions resolved to. The same key therefore always means the same result, and an export
//! recomputes only the stories whose reports, copies or entities changed since the last one.

use crate::link::cluster;
use crate::link::dates::Finding;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::io::Write;
use storyline_model::{Annotations, Article, ArticleId, EntityId, Event, Story};

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

/// The key of a story: its reports (whole, with the copy marks and stated dates, in the
/// story's order), and for each name mention the entity and that entity's name.
pub fn key(
    story: &cluster::Story,
    article_of: &FxHashMap<&ArticleId, &Article>,
    ann_of: &FxHashMap<&ArticleId, &Annotations>,
    entity_of: impl Fn(&ArticleId, usize) -> Option<EntityId>,
    name_of: impl Fn(&EntityId) -> Option<String>,
) -> String {
    let mut h = blake3::Hasher::new();
    h.update(STAGES.as_bytes());
    for id in &story.articles {
        h.update(b"\x00article\x00");
        h.update(id.as_str().as_bytes());
        if let Some(a) = article_of.get(id) {
            // serde_json writes straight into the hasher.
            let _ = serde_json::to_writer(&mut h, a);
        }
        if let Some(ann) = ann_of.get(id) {
            for m in &ann.mentions {
                let entity = entity_of(id, m.local);
                let name = entity.as_ref().and_then(&name_of);
                let _ = write!(
                    h,
                    "\x00{}\x00{}\x00{}",
                    m.local,
                    entity.as_ref().map(|e| e.as_str()).unwrap_or(""),
                    name.as_deref().unwrap_or("")
                );
            }
        }
    }
    let hash = h.finalize();
    hash.to_hex()[..32].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::test_reports::report;
    use storyline_model::StoryId;

    #[test]
    fn keys_change_with_what_the_stages_read_and_only_with_it() {
        let text = "Mayor Lena Ortiz opened the new bridge in Calver on Monday.";
        let a = report("one", Some("2026-03-02"), "g1", text).article;
        let b = report("two", None, "g2", "The bridge cost 40 million, Ortiz said.");
        let (b, ann) = (b.article, b.annotations);
        let ann_a = report("one", Some("2026-03-02"), "g1", text).annotations;
        assert!(!ann.mentions.is_empty());
        let story = |ids: Vec<ArticleId>| cluster::Story {
            id: StoryId::from_content(b"s"),
            headline: "h".into(),
            articles: ids,
        };
        let key_with = |a: &Article, b: &Article, ids: Vec<ArticleId>, entity: &str| {
            let article_of: FxHashMap<&ArticleId, &Article> =
                [(&a.id, a), (&b.id, b)].into_iter().collect();
            let ann_of: FxHashMap<&ArticleId, &Annotations> =
                [(&a.id, &ann_a), (&b.id, &ann)].into_iter().collect();
            let e = EntityId::from_content(entity.as_bytes());
            key(
                &story(ids),
                &article_of,
                &ann_of,
                |_, _| Some(e.clone()),
                |_| Some("Lena Ortiz".into()),
            )
        };
        let both = || vec![a.id.clone(), b.id.clone()];
        let base = key_with(&a, &b, both(), "x");
        assert_eq!(base.len(), 32);
        assert_eq!(base, key_with(&a, &b, both(), "x"), "deterministic");
        assert_ne!(base, key_with(&a, &b, vec![a.id.clone()], "x"), "members");
        assert_ne!(
            base,
            key_with(&a, &b, vec![b.id.clone(), a.id.clone()], "x"),
            "order"
        );
        assert_ne!(base, key_with(&a, &b, both(), "y"), "entities");
        let mut copy = b.clone();
        copy.duplicate_of = Some(a.id.clone());
        assert_ne!(base, key_with(&a, &copy, both(), "x"), "copy marks");
        let mut dated = b.clone();
        dated.published = a.published.clone();
        assert_ne!(base, key_with(&a, &dated, both(), "x"), "dates");
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

//! The corpus state: the copy marks and stories the corpus-wide stages found, kept in the
//! store ([`Store::corpus_state`](storyline_store::Store::corpus_state)) so that an export
//! after a run (whose digest clustered the same articles), or a second export, reads them
//! instead of recomputing copies and clustering over every article.
//!
//! A state holds only for the articles it was computed over, and says which they were: its
//! header names the build of the stages, the number of articles and a hash of their ids in
//! canonical order. The store is append-only by id (an article is inserted once, and its
//! stored record and annotations never change afterwards), so the ids determine everything
//! copies and clustering read (texts, dates, titles, names); a state whose header differs
//! in any part is ignored.

use crate::link::cluster;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use storyline_model::{ArticleId, GroupId, StoryId};

/// A fingerprint of the stage code and models this binary was built from.
const STAGES: &str = env!("STORYLINE_STAGES");
/// First word of the header.
const MAGIC: &str = "storyline-corpus-state";
/// No article (an original's `duplicate_of`).
const NONE: u32 = u32::MAX;

/// Copy marks of one article: the article it is an exact copy of, and its origin group.
pub(super) type Mark = (Option<ArticleId>, Option<GroupId>);

/// The body: articles by their position in the canonical order.
#[derive(Serialize, Deserialize)]
struct Body {
    /// By position: the position of the article copied, or [`NONE`].
    duplicate_of: Vec<u32>,
    /// Distinct origin groups, and by position the number of each article's ([`NONE`]: none).
    groups: Vec<GroupId>,
    group_of: Vec<u32>,
    /// Each story's id, headline and articles (positions, in the story's order).
    stories: Vec<(StoryId, String, Vec<u32>)>,
}

/// The header line of a state computed over these articles (canonical order).
fn header(order: &[ArticleId]) -> String {
    let mut h = blake3::Hasher::new();
    for id in order {
        h.update(id.as_str().as_bytes());
        h.update(b"\n");
    }
    format!(
        "{MAGIC} {STAGES} {} {}\n",
        order.len(),
        h.finalize().to_hex()
    )
}

/// The stored form of the copy marks and stories of these articles (canonical order;
/// `marks` by position).
pub(super) fn encode(order: &[ArticleId], marks: &[Mark], stories: &[cluster::Story]) -> Vec<u8> {
    let position: FxHashMap<&ArticleId, u32> = order
        .iter()
        .enumerate()
        .map(|(i, id)| (id, i as u32))
        .collect();
    let at = |id: &ArticleId| position.get(id).copied().unwrap_or(NONE);
    let mut group_number: FxHashMap<&GroupId, u32> = FxHashMap::default();
    let mut groups = Vec::new();
    let mut group_of = Vec::with_capacity(marks.len());
    for (_, group) in marks {
        group_of.push(match group {
            Some(g) => *group_number.entry(g).or_insert_with(|| {
                groups.push(g.clone());
                (groups.len() - 1) as u32
            }),
            None => NONE,
        });
    }
    let body = Body {
        duplicate_of: marks
            .iter()
            .map(|(d, _)| d.as_ref().map_or(NONE, at))
            .collect(),
        groups,
        group_of,
        stories: stories
            .iter()
            .map(|s| {
                let articles = s.articles.iter().map(at).collect();
                (s.id.clone(), s.headline.clone(), articles)
            })
            .collect(),
    };
    let mut out = header(order).into_bytes();
    serde_json::to_writer(&mut out, &body).expect("a corpus state serialises");
    out
}

/// The number of articles a stored state was computed over, when this build computed it
/// (read from its header alone: a reader learns before its pass over the store whether
/// the state may hold).
pub(super) fn count(bytes: &[u8]) -> Option<usize> {
    let line = bytes.split(|&b| b == b'\n').next()?;
    let mut words = std::str::from_utf8(line).ok()?.split(' ');
    if words.next()? != MAGIC || words.next()? != STAGES {
        return None;
    }
    words.next()?.parse().ok()
}

/// The copy marks (by position) and stories of a stored state, when it was computed over
/// exactly these articles (canonical order) by this build; `None` otherwise, or when it is
/// damaged.
pub(super) fn decode(
    bytes: &[u8],
    order: &[ArticleId],
) -> Option<(Vec<Mark>, Vec<cluster::Story>)> {
    let header = header(order);
    let body = bytes.strip_prefix(header.as_bytes())?;
    let body: Body = serde_json::from_slice(body).ok()?;
    let n = order.len();
    if body.duplicate_of.len() != n || body.group_of.len() != n {
        return None;
    }
    let id = |i: u32| -> Option<Option<ArticleId>> {
        match i {
            NONE => Some(None),
            i => order.get(i as usize).map(|id| Some(id.clone())),
        }
    };
    let mut marks = Vec::with_capacity(n);
    for (&d, &g) in body.duplicate_of.iter().zip(&body.group_of) {
        let group = match g {
            NONE => None,
            g => Some(body.groups.get(g as usize)?.clone()),
        };
        marks.push((id(d)?, group));
    }
    let mut stories = Vec::with_capacity(body.stories.len());
    for (story, headline, articles) in body.stories {
        let articles = articles
            .into_iter()
            .map(|i| order.get(i as usize).cloned())
            .collect::<Option<Vec<ArticleId>>>()?;
        stories.push(cluster::Story {
            id: story,
            headline,
            articles,
        });
    }
    Some((marks, stories))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(names: &[&str]) -> Vec<ArticleId> {
        names
            .iter()
            .map(|n| ArticleId::from_content(n.as_bytes()))
            .collect()
    }

    fn state(order: &[ArticleId]) -> (Vec<Mark>, Vec<cluster::Story>) {
        let g = |i: usize| Some(GroupId::from_content(order[i].as_str().as_bytes()));
        let marks = vec![
            (None, g(0)),
            (Some(order[0].clone()), g(0)),
            (None, g(2)),
            (None, None),
        ];
        let stories = vec![
            cluster::Story {
                id: cluster::story_id(&order[0]),
                headline: "Talks open in Geneva".into(),
                articles: vec![order[0].clone(), order[2].clone(), order[1].clone()],
            },
            cluster::Story {
                id: cluster::story_id(&order[3]),
                headline: "A \"quoted\" headline\nover two lines".into(),
                articles: vec![order[3].clone()],
            },
        ];
        (marks, stories)
    }

    #[test]
    fn a_state_reads_back_as_written() {
        let order = ids(&["a", "b", "c", "d"]);
        let (marks, stories) = state(&order);
        let bytes = encode(&order, &marks, &stories);
        assert_eq!(decode(&bytes, &order), Some((marks, stories)));
    }

    #[test]
    fn a_state_of_other_articles_is_not_read() {
        let order = ids(&["a", "b", "c", "d"]);
        let (marks, stories) = state(&order);
        let bytes = encode(&order, &marks, &stories);
        // One more article, one other article, the same articles in another order.
        let mut more = order.clone();
        more.push(ArticleId::from_content(b"e"));
        assert_eq!(decode(&bytes, &more), None);
        assert_eq!(decode(&bytes, &ids(&["a", "b", "c", "x"])), None);
        let mut swapped = order.clone();
        swapped.swap(1, 2);
        assert_eq!(decode(&bytes, &swapped), None);
    }

    #[test]
    fn a_damaged_or_foreign_state_is_not_read() {
        let order = ids(&["a", "b", "c", "d"]);
        let (marks, stories) = state(&order);
        let bytes = encode(&order, &marks, &stories);
        assert_eq!(decode(&bytes[..bytes.len() - 3], &order), None);
        let mut other_build = bytes.clone();
        let at = MAGIC.len() + 1;
        other_build[at] = if other_build[at] == b'0' { b'1' } else { b'0' };
        assert_eq!(decode(&other_build, &order), None);
        assert_eq!(decode(b"not a state", &order), None);
        assert_eq!(decode(b"", &order), None);
    }
}

//! Conflicts that are not read off one claim: an entity's title as reports give it ("chief
//! executive" against "former chief executive"), an article's stated date against its own
//! text, and the place, length and participants of an event ([`events`]). (Numbers, days and
//! polarity within aligned statements come from [`crate::link::claims`].)
//!
//! Titles conflict when two reports give the same office (same head word, compatible
//! modifiers: "U.S. President" and "President" are one office) with a different status or
//! rank qualifier: former/ex-/late/outgoing/acting/interim/elect, deputy/vice/assistant. When
//! the reports that give each status follow one another in time along the natural course of an
//! office (elect → acting → in office → outgoing → former), the conflict is an `update`.

mod events;
mod regions;

pub use events::events;

use crate::link::cluster::day_number;
use rustc_hash::FxHashMap;
use storyline_model::{
    Annotations, Article, ArticleId, Conflict, ConflictKind, ConflictLabel, ConflictValue,
    EntityId, SentenceRef,
};

/// Status qualifiers and their place in the course of an office.
const STATUS: &[(&str, u8)] = &[
    ("elect", 0),
    ("designate", 0),
    ("incoming", 0),
    ("acting", 1),
    ("interim", 1),
    ("caretaker", 1),
    ("outgoing", 3),
    ("former", 4),
    ("ex", 4),
    ("late", 4),
    ("retired", 4),
    ("ousted", 4),
    ("deposed", 4),
];

/// Rank qualifiers: a deputy minister is not the minister.
const RANK: &[&str] = &["deputy", "vice", "assistant", "associate", "under"];

/// Words that neither qualify nor name an office.
const IGNORED: &[&str] = &[
    "the",
    "a",
    "an",
    "then",
    "newly",
    "appointed",
    "named",
    "current",
    "sitting",
    "its",
    "his",
    "her",
    "their",
    "country's",
    "country’s",
];

/// One description as a report gives it.
struct Given<'a> {
    text: &'a str,
    article: &'a ArticleId,
    sentence: usize,
}

/// An office read from a description.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Office {
    /// The office's head word ("president", "head of fund", "executive").
    head: String,
    modifiers: Vec<String>,
    status: Option<String>,
    rank: Option<String>,
}

fn office(description: &str) -> Option<Office> {
    let lower = description.to_lowercase().replace(['’'], "'");
    let mut words: Vec<String> = Vec::new();
    for w in lower.split_whitespace() {
        // "ex-president", "vice-president", "then-president".
        let mut parts: Vec<&str> = w.split('-').filter(|p| !p.is_empty()).collect();
        let qualifier =
            |p: &str| STATUS.iter().any(|(s, _)| *s == p) || RANK.contains(&p) || p == "then";
        if parts.len() > 1 && !parts.iter().any(|p| qualifier(p)) {
            // "son-in-law", "co-founder": one word.
            parts = vec![w];
        }
        words.extend(
            parts
                .into_iter()
                .map(|p| p.trim_matches(|c: char| !c.is_alphanumeric() && c != '.'))
                .filter(|p| !p.is_empty())
                .map(str::to_string),
        );
    }
    let mut status = None;
    let mut rank = None;
    let mut core = Vec::new();
    for w in words {
        if STATUS.iter().any(|(s, _)| *s == w) {
            status = Some(if w == "ex" { "former".to_string() } else { w });
        } else if RANK.contains(&w.as_str()) {
            rank = Some(w);
        } else if !IGNORED.contains(&w.as_str()) {
            core.push(w);
        }
    }
    // "head of the Russian Direct Investment Fund": the head word is before "of"; what
    // follows names the body and must match too.
    let (head, modifiers) = match core.iter().position(|w| w == "of" || w == "to") {
        Some(0) | None => {
            let head = core.pop()?;
            (head, core)
        }
        Some(i) => {
            let head = core[i - 1].clone();
            let mut mods: Vec<String> = core[..i - 1].to_vec();
            mods.extend(core[i + 1..].iter().cloned());
            (head, mods)
        }
    };
    if head.chars().count() < 3
        || !head
            .chars()
            .all(|c| c.is_alphabetic() || c == '.' || c == '-')
    {
        return None;
    }
    let mut modifiers: Vec<String> = modifiers
        .into_iter()
        .map(|m| m.replace('.', ""))
        .filter(|m| !m.is_empty())
        .collect();
    modifiers.sort();
    modifiers.dedup();
    Some(Office {
        head: head.trim_end_matches('s').to_string(),
        modifiers,
        status,
        rank,
    })
}

fn compatible(a: &Office, b: &Office) -> bool {
    a.head == b.head
        && (a.modifiers.iter().all(|m| b.modifiers.contains(m))
            || b.modifiers.iter().all(|m| a.modifiers.contains(m)))
}

/// Title conflicts of a story's entities. `entity_of` maps an article's local entity to its
/// resolved id; `name_of` gives the entity's display name.
pub fn roles<F, N>(articles: &[(&Article, &Annotations)], entity_of: F, name_of: N) -> Vec<Conflict>
where
    F: Fn(&ArticleId, usize) -> Option<EntityId>,
    N: Fn(&EntityId) -> String,
{
    let published: FxHashMap<&ArticleId, Option<i32>> = articles
        .iter()
        .map(|(a, _)| {
            (
                &a.id,
                a.published.as_ref().and_then(|p| day_number(&p.value)),
            )
        })
        .collect();
    let mut by_entity: FxHashMap<EntityId, Vec<Given<'_>>> = FxHashMap::default();
    for (a, ann) in articles {
        for m in &ann.mentions {
            let Some(d) = m.description.as_deref() else {
                continue;
            };
            if let Some(e) = entity_of(&a.id, m.local) {
                by_entity.entry(e).or_default().push(Given {
                    text: d,
                    article: &a.id,
                    sentence: m.sentence,
                });
            }
        }
    }
    let mut entities: Vec<EntityId> = by_entity.keys().cloned().collect();
    entities.sort();
    let mut out = Vec::new();
    for e in entities {
        let given = &by_entity[&e];
        let offices: Vec<(Office, &Given<'_>)> = given
            .iter()
            .filter_map(|g| office(g.text).map(|o| (o, g)))
            .collect();
        // Offices by head word; within one head, the qualifier variants.
        let mut heads: Vec<&str> = offices.iter().map(|(o, _)| o.head.as_str()).collect();
        heads.sort();
        heads.dedup();
        for head in heads {
            let group: Vec<&(Office, &Given<'_>)> =
                offices.iter().filter(|(o, _)| o.head == head).collect();
            // Every pair of descriptions must name one office (compatible modifiers).
            let all_compatible = group
                .iter()
                .all(|(a, _)| group.iter().all(|(b, _)| compatible(a, b)));
            if !all_compatible {
                continue;
            }
            let mut variants: Vec<(Option<String>, Option<String>)> = group
                .iter()
                .map(|(o, _)| (o.status.clone(), o.rank.clone()))
                .collect();
            variants.sort();
            variants.dedup();
            if variants.len() < 2 {
                continue;
            }
            let mut values: Vec<(u8, Option<i32>, Option<i32>, ConflictValue)> = variants
                .iter()
                .map(|v| {
                    let members: Vec<&Given<'_>> = group
                        .iter()
                        .filter(|(o, _)| (&o.status, &o.rank) == (&v.0, &v.1))
                        .map(|(_, g)| *g)
                        .collect();
                    // The value as most reports write it.
                    let mut texts: FxHashMap<&str, usize> = FxHashMap::default();
                    for g in &members {
                        *texts.entry(g.text).or_default() += 1;
                    }
                    let mut texts: Vec<(&str, usize)> = texts.into_iter().collect();
                    texts.sort_by(|a, b| {
                        b.1.cmp(&a.1)
                            .then(b.0.len().cmp(&a.0.len()))
                            .then(a.0.cmp(b.0))
                    });
                    let mut sentences: Vec<SentenceRef> = members
                        .iter()
                        .map(|g| SentenceRef {
                            article: g.article.clone(),
                            sentence: g.sentence,
                        })
                        .collect();
                    sentences.sort_by(|a, b| {
                        (a.article.as_str(), a.sentence).cmp(&(b.article.as_str(), b.sentence))
                    });
                    sentences.dedup();
                    let mut arts: Vec<ArticleId> =
                        sentences.iter().map(|s| s.article.clone()).collect();
                    arts.dedup();
                    let days: Vec<Option<i32>> = arts
                        .iter()
                        .map(|a| published.get(a).copied().flatten())
                        .collect();
                    let lo = days.iter().copied().min().flatten();
                    let hi = if days.iter().all(Option::is_some) {
                        days.iter().copied().max().flatten()
                    } else {
                        None
                    };
                    let stage =
                        v.0.as_deref()
                            .and_then(|s| STATUS.iter().find(|(n, _)| *n == s).map(|(_, k)| *k))
                            .unwrap_or(2);
                    (
                        stage,
                        lo,
                        hi,
                        ConflictValue {
                            value: texts[0].0.to_string(),
                            articles: arts,
                            sentences,
                        },
                    )
                })
                .collect();
            // An update: statuses follow the course of the office in publication order.
            values.sort_by_key(|v| (v.1, v.0));
            let update = values.iter().all(|v| v.1.is_some() && v.2.is_some())
                && values
                    .windows(2)
                    .all(|w| w[0].0 < w[1].0 && w[0].2 < w[1].1);
            if !update {
                values.sort_by(|a, b| a.3.value.cmp(&b.3.value));
            }
            out.push(Conflict {
                kind: ConflictKind::Role,
                subject: e.to_string(),
                about: format!("title of {}", name_of(&e)),
                values: values.into_iter().map(|v| v.3).collect(),
                label: if update {
                    ConflictLabel::Update
                } else {
                    ConflictLabel::Contradiction
                },
            });
        }
    }
    out
}

/// An article whose stated date its text contradicts.
pub fn published(article: &Article) -> Option<Conflict> {
    let pc = article.published_conflict.as_ref()?;
    Some(Conflict {
        kind: ConflictKind::Published,
        subject: article.id.to_string(),
        about: format!(
            "publication date of {}",
            article.title.as_deref().unwrap_or(&article.origin)
        ),
        values: vec![
            ConflictValue {
                value: pc.claimed.clone(),
                articles: vec![article.id.clone()],
                sentences: Vec::new(),
            },
            ConflictValue {
                value: pc.evidence.clone(),
                articles: if pc.reports.is_empty() {
                    vec![article.id.clone()]
                } else {
                    pc.reports.clone()
                },
                sentences: Vec::new(),
            },
        ],
        label: ConflictLabel::Contradiction,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offices_read_status_rank_and_body() {
        let o = office("former U.S. President").unwrap();
        assert_eq!(o.head, "president");
        assert_eq!(o.status.as_deref(), Some("former"));
        assert_eq!(o.modifiers, vec!["us"]);
        let o = office("ex-chief executive of Acme").unwrap();
        assert_eq!(
            (o.head.as_str(), o.status.as_deref()),
            ("executive", Some("former"))
        );
        assert_eq!(o.modifiers, vec!["acme", "chief"]);
        let o = office("deputy foreign minister").unwrap();
        assert_eq!(o.rank.as_deref(), Some("deputy"));
        let o = office("son-in-law").unwrap();
        assert_eq!(o.head, "son-in-law");
        assert!(office("Adm.").is_none() || office("Adm.").unwrap().head == "adm.");
    }

    #[test]
    fn compatible_offices_need_matching_modifiers() {
        let a = office("U.S. President").unwrap();
        let b = office("former President").unwrap();
        let c = office("Russian President").unwrap();
        assert!(compatible(&a, &b));
        assert!(!compatible(&a, &c));
    }

    fn article(name: &str, date: Option<&str>, text: &str) -> (Article, Annotations) {
        let mut a = crate::document::analyse(crate::ingest::text::parse(name, text)).unwrap();
        a.published = date.map(|d| storyline_model::Published {
            value: d.to_string(),
            source: storyline_model::DateSource::Metadata,
        });
        let ann = crate::extract::annotate::annotate(&a);
        (a, ann)
    }

    fn run(docs: &[(Article, Annotations)]) -> Vec<Conflict> {
        let pairs: Vec<(&Article, &Annotations)> = docs.iter().map(|(a, n)| (a, n)).collect();
        roles(
            &pairs,
            |a, l| {
                let (_, ann) = docs.iter().find(|(x, _)| &x.id == a)?;
                let name = crate::text::names::fold(&ann.locals.get(l)?.name);
                Some(EntityId::from_content(name.rsplit(' ').next()?.as_bytes()))
            },
            |e| e.to_string(),
        )
    }

    #[test]
    fn former_and_sitting_titles_conflict() {
        let docs = vec![
            article(
                "a.txt",
                None,
                "Former chief executive Jane Doe told the court she had warned the board.",
            ),
            article(
                "b.txt",
                None,
                "Chief executive Jane Doe told the court she had warned the board in March.",
            ),
        ];
        let c = run(&docs);
        assert_eq!(c.len(), 1, "{c:#?}");
        assert_eq!(c[0].kind, ConflictKind::Role);
        assert_eq!(c[0].label, ConflictLabel::Contradiction);
        let values: Vec<&str> = c[0].values.iter().map(|v| v.value.as_str()).collect();
        assert_eq!(values, vec!["Chief executive", "Former chief executive"]);
        assert_eq!(c[0].values[0].articles, vec![docs[1].0.id.clone()]);
    }

    #[test]
    fn titles_that_follow_the_office_in_time_are_an_update() {
        let docs = vec![
            article(
                "a.txt",
                Some("2025-01-10"),
                "President-elect Marta Ruiz named her cabinet on Friday in Lima.",
            ),
            article(
                "b.txt",
                Some("2025-03-02"),
                "President Marta Ruiz named a new finance minister on Sunday in Lima.",
            ),
        ];
        let c = run(&docs);
        assert_eq!(c.len(), 1, "{c:#?}");
        assert_eq!(c[0].label, ConflictLabel::Update);
        assert_eq!(c[0].values[0].articles, vec![docs[0].0.id.clone()]);
    }

    #[test]
    fn different_offices_do_not_conflict() {
        let docs = vec![
            article(
                "a.txt",
                None,
                "Foreign Minister Ana Lopes met her Spanish counterpart.",
            ),
            article(
                "b.txt",
                None,
                "Former ambassador Ana Lopes met her Spanish counterpart.",
            ),
        ];
        assert!(run(&docs).is_empty());
    }
}

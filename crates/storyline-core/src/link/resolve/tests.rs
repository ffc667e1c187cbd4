use super::*;
use proptest::prelude::*;
use storyline_model::{LocalEntity, NameMention};

/// An article whose text mentions `names` (name, kind), each resolved as its own local entity
/// unless the same text repeats.
fn article(id: &str, names: &[(&str, EntityKind)]) -> (ArticleId, Annotations) {
    let mut ann = Annotations::default();
    let mut pos = 0;
    for (name, kind) in names {
        let local = match ann.locals.iter().position(|l| l.name == *name) {
            Some(l) => l,
            None => {
                ann.locals.push(LocalEntity {
                    name: name.to_string(),
                    kind: *kind,
                    descriptive: false,
                });
                ann.locals.len() - 1
            }
        };
        let len = name.chars().count();
        ann.mentions.push(NameMention {
            start: pos,
            end: pos + len,
            text: name.to_string(),
            kind: *kind,
            sentence: 0,
            local,
            description: None,
        });
        pos += len + 1;
    }
    (ArticleId::from_content(id.as_bytes()), ann)
}

fn names(r: &Resolution) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = r
        .entities
        .iter()
        .map(|e| (e.name.clone(), e.mentions.len()))
        .collect();
    v.sort();
    v
}

use EntityKind::*;

#[test]
fn spelling_variants_and_transliterations_merge() {
    let r = resolve(&[
        article(
            "1",
            &[("Volodymyr Zelenskyy", Person), ("Alexei Navalny", Person)],
        ),
        article(
            "2",
            &[("Volodymyr Zelensky", Person), ("Alexei Navalnyi", Person)],
        ),
        article("3", &[("Muammar Gaddafi", Person)]),
        article("4", &[("Muammar Qaddafi", Person), ("Zelenskiy", Person)]),
    ]);
    assert_eq!(
        names(&r),
        vec![
            ("Alexei Navalny".to_string(), 2),
            ("Muammar Gaddafi".to_string(), 2),
            ("Volodymyr Zelensky".to_string(), 3)
        ]
    );
}

#[test]
fn acronyms_meet_their_expansions() {
    let r = resolve(&[
        article("1", &[("World Health Organization", Organization)]),
        article("2", &[("WHO", Organization), ("UN", Organization)]),
    ]);
    assert_eq!(
        names(&r),
        vec![
            ("UN".to_string(), 1),
            ("World Health Organization".to_string(), 2)
        ]
    );
}

#[test]
fn a_surname_alone_joins_the_only_person_with_that_surname() {
    let r = resolve(&[
        article("1", &[("Vladimir Putin", Person)]),
        article("2", &[("Putin", Person), ("Putin", Person)]),
    ]);
    assert_eq!(names(&r), vec![("Vladimir Putin".to_string(), 3)]);
}

#[test]
fn people_sharing_a_surname_stay_apart() {
    let r = resolve(&[
        article("1", &[("Donald Trump", Person)]),
        article("2", &[("Eric Trump", Person)]),
        article("3", &[("Trump", Person)]),
    ]);
    assert_eq!(
        names(&r),
        vec![
            ("Donald Trump".to_string(), 1),
            ("Eric Trump".to_string(), 1),
            ("Trump".to_string(), 1)
        ]
    );
    // …unless one of them clearly dominates the coverage.
    let r = resolve(&[
        article(
            "1",
            &[
                ("Donald Trump", Person),
                ("Donald Trump", Person),
                ("Donald Trump", Person),
            ],
        ),
        article("2", &[("Eric Trump", Person)]),
        article("3", &[("Trump", Person)]),
    ]);
    assert_eq!(
        names(&r),
        vec![
            ("Donald Trump".to_string(), 4),
            ("Eric Trump".to_string(), 1)
        ]
    );
}

#[test]
fn a_person_tagged_as_an_organisation_somewhere_joins_the_person() {
    let r = resolve(&[
        article("1", &[("Donald Trump", Person), ("Trump", Person)]),
        article("2", &[("Trump", Organization)]),
    ]);
    assert_eq!(names(&r), vec![("Donald Trump".to_string(), 3)]);
}

#[test]
fn a_full_name_tagged_as_an_organisation_in_many_mentions_joins_the_person() {
    // "the Donald Trump administration" in two reports, the person in two others: the same
    // full name needs no 2:1 majority.
    let r = resolve(&[
        article("1", &[("Donald Trump", Person), ("Trump", Person)]),
        article("2", &[("Donald Trump", Person)]),
        article(
            "3",
            &[("Donald Trump", Organization), ("Trump", Organization)],
        ),
        article("4", &[("Donald Trump", Organization)]),
    ]);
    assert_eq!(names(&r), vec![("Donald Trump".to_string(), 6)]);
    // A single word still needs the person to dominate.
    let r = resolve(&[
        article("1", &[("Jordan", Person)]),
        article("2", &[("Jordan", Organization)]),
    ]);
    assert_eq!(r.entities.len(), 2);
}

#[test]
fn the_same_name_of_different_kinds_stays_apart_for_people() {
    let r = resolve(&[
        article("1", &[("Jordan", Location)]),
        article("2", &[("Jordan", Person)]),
    ]);
    assert_eq!(r.entities.len(), 2);
}

#[test]
fn locals_map_to_their_entities() {
    let a = article("1", &[("Vladimir Putin", Person)]);
    let id = a.0.clone();
    let r = resolve(&[a]);
    assert_eq!(r.of_local[&(id, 0)], r.entities[0].id);
}

proptest! {
    #[test]
    fn order_of_articles_does_not_matter(seed in 0u64..1000) {
        let pool = [
            ("Vladimir Putin", Person), ("Putin", Person), ("Donald Trump", Person),
            ("Trump", Person), ("Eric Trump", Person), ("WHO", Organization),
            ("World Health Organization", Organization), ("Kremlin", Organization),
            ("Kremlin", Location), ("Moscow", Location), ("Zelensky", Person),
            ("Volodymyr Zelenskyy", Person),
        ];
        let mut arts = Vec::new();
        let mut x = seed;
        for a in 0..6 {
            let mut ns = Vec::new();
            for _ in 0..4 {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                ns.push(pool[(x >> 33) as usize % pool.len()]);
            }
            arts.push(article(&a.to_string(), &ns));
        }
        let forward = resolve(&arts);
        arts.reverse();
        let backward = resolve(&arts);
        prop_assert_eq!(&forward.entities, &backward.entities);
    }
}

#[test]
fn descriptions_resolve_to_the_entity_they_describe() {
    let mut a = article("1", &[("Emmanuel Macron", Person)]);
    a.1.mentions[0].description = Some("French President".into());
    let mut b = article("2", &[("French president", Person)]);
    b.1.locals[0].descriptive = true;
    let mut c = article("3", &[("Chinese president", Person)]);
    c.1.locals[0].descriptive = true;
    let r = resolve(&[a, b, c]);
    assert_eq!(names(&r), vec![("Emmanuel Macron".to_string(), 2)]);
}

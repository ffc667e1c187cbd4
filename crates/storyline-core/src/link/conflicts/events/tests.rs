//! Invented reports of invented meetings: each test is two or three outlets on one occasion.

use super::*;
use crate::link::events as link_events;

fn article(name: &str, date: &str, text: &str) -> (Article, Annotations) {
    let mut a = crate::document::analyse(crate::ingest::text::parse(name, text)).unwrap();
    a.published = Some(storyline_model::Published {
        value: date.to_string(),
        source: storyline_model::DateSource::Metadata,
    });
    let ann = crate::extract::annotate::annotate(&a);
    (a, ann)
}

/// Entities by the last word of their folded name (what resolution would join here).
fn entity(docs: &[(Article, Annotations)], a: &ArticleId, l: usize) -> Option<EntityId> {
    let (_, ann) = docs.iter().find(|(x, _)| &x.id == a)?;
    let name = fold(&ann.locals.get(l)?.name);
    Some(EntityId::from_content(name.rsplit(' ').next()?.as_bytes()))
}

fn name(docs: &[(Article, Annotations)], e: &EntityId) -> String {
    docs.iter()
        .flat_map(|(a, ann)| (0..ann.locals.len()).map(move |l| (a, ann, l)))
        .find(|(a, _, l)| entity(docs, &a.id, *l).as_ref() == Some(e))
        .map_or_else(|| e.to_string(), |(_, ann, l)| ann.locals[l].name.clone())
}

/// The story's events, then their conflicts.
fn run(docs: &[(Article, Annotations)]) -> (Vec<Event>, Vec<Conflict>) {
    let mentions: Vec<(ArticleId, Vec<crate::extract::events::EventMention>)> = docs
        .iter()
        .map(|(a, ann)| (a.id.clone(), crate::extract::events::extract(a, ann)))
        .collect();
    let per: Vec<link_events::ArticleEvents<'_>> = mentions
        .iter()
        .map(|(a, m)| link_events::ArticleEvents {
            article: a,
            mentions: m,
        })
        .collect();
    let evs = link_events::merge(&per, |a, l| entity(docs, a, l));
    let pairs: Vec<(&Article, &Annotations)> = docs.iter().map(|(a, n)| (a, n)).collect();
    let c = events(&evs, &pairs, |a, l| entity(docs, a, l), |e| name(docs, e));
    (evs, c)
}

fn values(c: &Conflict) -> Vec<&str> {
    c.values.iter().map(|v| v.value.as_str()).collect()
}

fn of_kind(c: &[Conflict], about: &str) -> Vec<Conflict> {
    c.iter()
        .filter(|c| c.about.starts_with(about))
        .cloned()
        .collect()
}

#[test]
fn two_cities_for_one_meeting_conflict() {
    let docs = vec![
        article(
            "a.txt",
            "2025-03-12",
            "Foreign ministers Anna Berg and Tomas Vidal met in Lisbon on Tuesday to discuss the fishing dispute.",
        ),
        article(
            "b.txt",
            "2025-03-12",
            "Anna Berg and Tomas Vidal met in Porto on Tuesday, officials said, but reached no deal.",
        ),
    ];
    let (evs, c) = run(&docs);
    let c = of_kind(&c, "place of");
    assert_eq!(c.len(), 1, "{evs:#?}\n{c:#?}");
    assert_eq!(c[0].kind, ConflictKind::Place);
    assert_eq!(values(&c[0]), vec!["Lisbon", "Porto"]);
    assert_eq!(c[0].values[0].articles, vec![docs[0].0.id.clone()]);
    assert_eq!(c[0].values[1].articles, vec![docs[1].0.id.clone()]);
    assert!(c[0].about.contains("2025-03-11"), "{}", c[0].about);
    assert!(c[0].values.iter().all(|v| v.sentences.len() == 1));
}

#[test]
fn a_country_a_trip_or_one_wire_story_is_no_place_conflict() {
    let lisbon = "Foreign ministers Anna Berg and Tomas Vidal met in Lisbon on Tuesday to discuss the fishing dispute.";
    // The country holds the city.
    let country = vec![
        article("a.txt", "2025-03-12", lisbon),
        article(
            "b.txt",
            "2025-03-12",
            "Anna Berg and Tomas Vidal met in Portugal on Tuesday, officials said.",
        ),
    ];
    assert!(of_kind(&run(&country).1, "place of").is_empty());
    // A report that names both places tells of a trip, not of two venues.
    let trip = vec![
        article("a.txt", "2025-03-12", lisbon),
        article(
            "b.txt",
            "2025-03-12",
            "Anna Berg and Tomas Vidal met in Porto on Tuesday. Berg later flew back to Lisbon.",
        ),
    ];
    assert!(of_kind(&run(&trip).1, "place of").is_empty());
    // Copies of one wire story never disagree with each other.
    let mut wire = vec![
        article("a.txt", "2025-03-12", lisbon),
        article(
            "b.txt",
            "2025-03-12",
            "Anna Berg and Tomas Vidal met in Porto on Tuesday, officials said, but reached no deal.",
        ),
    ];
    let g = storyline_model::GroupId::from_content(b"one wire story");
    for (a, _) in &mut wire {
        a.origin_group = Some(g.clone());
    }
    assert!(of_kind(&run(&wire).1, "place of").is_empty());
    // Different days: two meetings.
    let days = vec![
        article("a.txt", "2025-03-12", lisbon),
        article(
            "b.txt",
            "2025-03-14",
            "Anna Berg and Tomas Vidal met in Porto on Thursday, officials said.",
        ),
    ];
    assert!(of_kind(&run(&days).1, "place of").is_empty());
}

#[test]
fn lengths_that_cannot_both_hold_conflict() {
    let docs = vec![
        article(
            "a.txt",
            "2025-03-12",
            "The talks between Anna Berg and Tomas Vidal in Lisbon on Tuesday lasted five hours.",
        ),
        article(
            "b.txt",
            "2025-03-12",
            "The talks between Anna Berg and Tomas Vidal in Lisbon on Tuesday lasted two hours.",
        ),
        article(
            "c.txt",
            "2025-03-12",
            "The talks between Anna Berg and Tomas Vidal in Lisbon on Tuesday lasted about five hours.",
        ),
    ];
    let (evs, c) = run(&docs);
    let c = of_kind(&c, "duration of");
    assert_eq!(c.len(), 1, "{evs:#?}\n{c:#?}");
    assert_eq!(
        values(&c[0]),
        vec!["about five hours", "five hours", "two hours"]
    );
    assert_eq!(c[0].label, ConflictLabel::Contradiction);
}

#[test]
fn lengths_that_overlap_do_not_conflict() {
    let docs = vec![
        article(
            "a.txt",
            "2025-03-12",
            "The talks between Anna Berg and Tomas Vidal in Lisbon on Tuesday lasted more than three hours.",
        ),
        article(
            "b.txt",
            "2025-03-12",
            "The talks between Anna Berg and Tomas Vidal in Lisbon on Tuesday lasted five hours.",
        ),
        article(
            "c.txt",
            "2025-03-12",
            "Anna Berg and Tomas Vidal held talks in Lisbon on Tuesday, the first in ten days.",
        ),
    ];
    let (evs, c) = run(&docs);
    assert!(of_kind(&c, "duration of").is_empty(), "{evs:#?}\n{c:#?}");
    assert_eq!(seconds("PT1H30M"), Some(5400.0));
    assert_eq!(seconds("PT4.5H"), Some(16200.0));
    assert_eq!(seconds("PTXH"), None);
}

#[test]
fn two_heads_of_one_delegation_conflict() {
    let docs = vec![
        article(
            "a.txt",
            "2025-03-12",
            "The Danish delegation, led by Karin Holm, held talks with Norwegian officials in Oslo on Tuesday.",
        ),
        article(
            "b.txt",
            "2025-03-12",
            "Defence minister Erik Lund led the Danish delegation at the talks in Oslo on Tuesday.",
        ),
        article(
            "c.txt",
            "2025-03-12",
            "The Norwegian delegation was led by Ola Strand at the talks in Oslo on Tuesday.",
        ),
    ];
    let (evs, c) = run(&docs);
    let c = of_kind(&c, "head of");
    assert_eq!(c.len(), 1, "{evs:#?}\n{c:#?}");
    assert_eq!(c[0].about, "head of the Danish delegation");
    assert_eq!(values(&c[0]), vec!["Erik Lund", "Karin Holm"]);
    assert_eq!(c[0].label, ConflictLabel::Contradiction);
}

#[test]
fn a_planned_head_then_another_is_an_update_and_joint_heads_agree() {
    let docs = vec![
        article(
            "a.txt",
            "2025-03-12",
            "The Danish delegation will be led by Karin Holm, the ministry said on Wednesday.",
        ),
        article(
            "b.txt",
            "2025-03-12",
            "Erik Lund led the Danish delegation, the ministry said on Wednesday.",
        ),
    ];
    let c = of_kind(&run(&docs).1, "head of");
    assert_eq!(c.len(), 1, "{c:#?}");
    assert_eq!(c[0].label, ConflictLabel::Update);
    assert_eq!(values(&c[0]), vec!["Karin Holm", "Erik Lund"]);
    let joint = vec![
        article(
            "a.txt",
            "2025-03-12",
            "The Danish delegation was led by Karin Holm and Erik Lund, the ministry said.",
        ),
        article(
            "b.txt",
            "2025-03-12",
            "Erik Lund led the Danish delegation, the ministry said.",
        ),
    ];
    assert!(of_kind(&run(&joint).1, "head of").is_empty());
}

#[test]
fn absent_against_present_conflict() {
    let docs = vec![
        article(
            "a.txt",
            "2025-03-12",
            "Karin Holm did not attend the talks with Erik Lund in Oslo on Tuesday, officials said.",
        ),
        article(
            "b.txt",
            "2025-03-12",
            "Karin Holm met Erik Lund for talks in Oslo on Tuesday.",
        ),
    ];
    let (evs, c) = run(&docs);
    let c = of_kind(&c, "participation of");
    assert_eq!(c.len(), 1, "{evs:#?}\n{c:#?}");
    assert!(
        c[0].about.starts_with("participation of Karin Holm"),
        "{}",
        c[0].about
    );
    assert_eq!(values(&c[0]), vec!["took part", "did not take part"]);
    assert_eq!(c[0].values[1].articles, vec![docs[0].0.id.clone()]);
    assert_eq!(c[0].label, ConflictLabel::Contradiction);
}

#[test]
fn a_plan_to_attend_then_absence_is_an_update() {
    let docs = vec![
        article(
            "a.txt",
            "2025-03-12",
            "Karin Holm will attend the talks with Erik Lund in Oslo on Friday, her office said.",
        ),
        article(
            "b.txt",
            "2025-03-15",
            "Karin Holm did not attend the talks with Erik Lund in Oslo on Friday.",
        ),
    ];
    let (evs, c) = run(&docs);
    let c = of_kind(&c, "participation of");
    assert_eq!(c.len(), 1, "{evs:#?}\n{c:#?}");
    assert_eq!(c[0].label, ConflictLabel::Update);
    assert_eq!(values(&c[0]), vec!["to take part", "did not take part"]);
}

#[test]
fn presence_on_another_day_or_in_the_same_report_is_no_conflict() {
    let other_day = vec![
        article(
            "a.txt",
            "2025-03-12",
            "Karin Holm did not attend the talks with Erik Lund in Oslo on Tuesday.",
        ),
        article(
            "b.txt",
            "2025-03-14",
            "Karin Holm met Erik Lund for talks in Oslo on Thursday.",
        ),
    ];
    assert!(of_kind(&run(&other_day).1, "participation of").is_empty());
    let same = vec![article(
        "a.txt",
        "2025-03-12",
        "Karin Holm did not attend the talks with Erik Lund in Oslo on Tuesday. \
         Karin Holm met Erik Lund for talks in Oslo on Tuesday evening instead.",
    )];
    assert!(of_kind(&run(&same).1, "participation of").is_empty());
}

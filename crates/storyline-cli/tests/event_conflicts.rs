//! Conflicts over one meeting end to end: three invented outlets report the same talks of two
//! foreign ministers and disagree on the city, on how long the talks lasted and on who led
//! one delegation; a copy of one of them must not count as a further source.

use serde_json::Value;

mod common;
use common::{run_reports, storyline_ok};

const A: &str = "Foreign ministers Anna Berg of Vessmark and Tomas Vidal of Arvena met in Lisbon on Tuesday to settle a long-running fishing dispute.\n\nThe talks between Anna Berg and Tomas Vidal lasted five hours, officials said. The Vessmark delegation, led by Karin Holm, presented a new quota plan.\n\nNo agreement was announced.";

const B: &str = "Anna Berg and Tomas Vidal met in Porto on Tuesday for talks on fishing quotas, according to diplomats.\n\nThe talks between Anna Berg and Tomas Vidal lasted two hours. Deputy minister Erik Lund led the Vessmark delegation.\n\nBoth sides called the meeting constructive.";

const C: &str = "Anna Berg and Tomas Vidal held talks on Tuesday about fishing quotas, their ministries said.\n\nThe two ministers plan to meet again next month.";

#[test]
fn reports_that_disagree_on_a_meeting_show_each_conflict_with_its_sources() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        serde_json::json!({"url": "https://one.example/talks", "title": "Berg and Vidal meet in Lisbon", "published": "2026-03-11", "text": A}),
        serde_json::json!({"url": "https://copy.example/talks", "title": "Berg and Vidal meet in Lisbon", "published": "2026-03-11", "text": A}),
        serde_json::json!({"url": "https://two.example/fish", "title": "Fishing talks in Porto", "published": "2026-03-11", "text": B}),
        serde_json::json!({"url": "https://three.example/quota", "title": "Ministers hold fishing talks", "published": "2026-03-11", "text": C}),
    ];
    let (db, _) = run_reports(dir.path(), &lines);
    let out = storyline_ok(&["export", "--db", &db]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();

    let arts = doc["articles"].as_array().unwrap();
    let id = |u: &str| arts.iter().find(|a| a["url"] == u).unwrap()["id"].clone();
    let (one, copy, two) = (
        id("https://one.example/talks"),
        id("https://copy.example/talks"),
        id("https://two.example/fish"),
    );
    let stories = doc["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 1, "one story: {stories:#?}");
    let conflicts = stories[0]["conflicts"].as_array().unwrap();
    let find = |about: &str| {
        conflicts
            .iter()
            .find(|c| c["about"].as_str().unwrap().starts_with(about))
            .unwrap_or_else(|| panic!("a conflict about {about}: {conflicts:#?}"))
    };
    let values = |c: &Value| -> Vec<(String, Vec<Value>)> {
        c["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                (
                    v["value"].as_str().unwrap().to_string(),
                    v["articles"].as_array().unwrap().clone(),
                )
            })
            .collect()
    };

    // The city: Lisbon by the first outlet and its copy, Porto by the second.
    let place = find("place of the meeting on 2026-03-10");
    assert_eq!(place["kind"], "place");
    let mut lisbon = vec![one.clone(), copy.clone()];
    lisbon.sort_by_key(|v| v.as_str().unwrap().to_string());
    assert_eq!(
        values(place),
        vec![
            ("Lisbon".to_string(), lisbon.clone()),
            ("Porto".to_string(), vec![two.clone()])
        ]
    );
    assert!(place["subject"].as_str().unwrap().starts_with("v:"));

    // How long the talks lasted.
    let duration = find("duration of the talks");
    assert_eq!(duration["kind"], "other");
    assert_eq!(
        values(duration),
        vec![
            ("five hours".to_string(), lisbon.clone()),
            ("two hours".to_string(), vec![two.clone()])
        ]
    );

    // Who led the Vessmark delegation.
    let head = find("head of the Vessmark delegation");
    assert_eq!(head["label"], "contradiction");
    assert_eq!(
        values(head),
        vec![
            ("Erik Lund".to_string(), vec![two.clone()]),
            ("Karin Holm".to_string(), lisbon)
        ]
    );

    // The third outlet names no place, length or head: it is in no conflict value.
    let three = id("https://three.example/quota");
    assert!(conflicts
        .iter()
        .flat_map(|c| c["values"].as_array().unwrap())
        .all(|v| !v["articles"].as_array().unwrap().contains(&three)));
}

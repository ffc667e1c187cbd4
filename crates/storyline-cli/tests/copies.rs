//! Copies of one report end to end: an exact copy at another URL points to the original, a
//! light rewrite shares its origin group, and all sit in one story; an unrelated report does
//! not.

use serde_json::Value;

mod common;
use common::{run_reports, storyline};

const WIRE: &str = "A magnitude 6.4 earthquake struck the coastal province of Arvena early on Monday, killing at least 14 people and damaging hundreds of homes, the national disaster agency said.\n\nThe quake hit at 3:12 a.m. at a depth of 10 km, about 40 km south of the port city of Leshan, according to the geological survey.\n\nRescue teams were searching collapsed buildings in Leshan and the nearby town of Korvo, agency spokesman Tomas Velin told reporters. \"We expect the toll to rise,\" Velin said.\n\nThe government sent 300 soldiers and field hospitals to the area and declared three days of mourning.";

#[test]
fn copies_share_an_origin_and_a_story() {
    let dir = tempfile::tempdir().unwrap();
    let rewrite = WIRE
        .replace(
            "The government sent 300 soldiers and field hospitals to the area and declared three days of mourning.",
            "Officials said the government had sent 300 soldiers and field hospitals to the region.",
        );
    let other = "Parliament in Vessmark approved a new budget on Thursday after a three-week standoff over pension spending, ending fears of a government shutdown.\n\nThe budget passed by 88 votes to 71, speaker Ilse Moran announced. Finance minister Ruud Decker called the vote \"a victory for common sense\".\n\nThe opposition said it would challenge the pension cuts in the constitutional court.";
    let lines = [
        serde_json::json!({"url": "https://wire.example/quake", "title": "Quake kills 14 in Arvena", "published": "2026-02-02", "text": WIRE}),
        serde_json::json!({"url": "https://paper.example/world/quake", "title": "Quake kills 14 in Arvena", "published": "2026-02-02", "text": WIRE}),
        serde_json::json!({"url": "https://site.example/arvena-earthquake", "title": "Deadly earthquake hits Arvena province", "published": "2026-02-02", "text": rewrite}),
        serde_json::json!({"url": "https://news.example/budget", "title": "Vessmark parliament passes budget", "published": "2026-02-05", "text": other}),
    ];
    let (db, out) = run_reports(dir.path(), &lines);
    let db = db.as_str();
    // The digest names the stories the new reports are in, the largest first.
    let digest = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = digest.lines().collect();
    assert!(
        lines[0].starts_with("articles read 4 · new 4 · duplicate 0 · rejected 0 · "),
        "{digest}"
    );
    assert_eq!(
        lines[1], "stories touched 2 (of 2 in the store)",
        "{digest}"
    );
    assert!(lines[2].starts_with("  s:"), "{digest}");
    assert!(
        lines[2].ends_with("  Quake kills 14 in Arvena  · 3 reports, 3 new"),
        "{digest}"
    );
    assert!(
        lines[3].ends_with("  Vessmark parliament passes budget  · 1 report, 1 new"),
        "{digest}"
    );
    assert!(lines[4].starts_with("store "), "{digest}");
    // Nothing new, no stories touched.
    let input = dir.path().join("in");
    let again = storyline(&["run", input.to_str().unwrap(), "--db", db]);
    let again = String::from_utf8(again.stdout).unwrap();
    assert!(again.starts_with("articles read 4 · new 0 "), "{again}");
    assert!(!again.contains("stories touched"), "{again}");
    let out = storyline(&["export", "--db", db]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let arts = doc["articles"].as_array().unwrap();
    let by_url = |u: &str| arts.iter().find(|a| a["url"] == u).unwrap();
    let (wire, copy, rewrite, budget) = (
        by_url("https://wire.example/quake"),
        by_url("https://paper.example/world/quake"),
        by_url("https://site.example/arvena-earthquake"),
        by_url("https://news.example/budget"),
    );
    assert_ne!(
        wire["id"], copy["id"],
        "a copy at another URL is another article"
    );
    let original = if wire["duplicate_of"].is_null() {
        wire
    } else {
        copy
    };
    let duplicate = if wire["duplicate_of"].is_null() {
        copy
    } else {
        wire
    };
    assert_eq!(duplicate["duplicate_of"], original["id"]);
    assert!(rewrite["duplicate_of"].is_null());
    assert_eq!(wire["origin_group"], copy["origin_group"]);
    assert_eq!(wire["origin_group"], rewrite["origin_group"]);
    assert_ne!(wire["origin_group"], budget["origin_group"]);
    let stories = doc["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 2, "{stories:?}");
    let quake = stories
        .iter()
        .find(|s| s["articles"].as_array().unwrap().contains(&wire["id"]))
        .unwrap();
    let members = quake["articles"].as_array().unwrap();
    assert_eq!(members.len(), 3);
    assert!(members.contains(&rewrite["id"]) && members.contains(&copy["id"]));
    // The exact copy's text was read once (the run takes the findings of the first report
    // of a text): it quotes the same speaker, with the same words at the same offsets.
    let quotes_of = |a: &Value| -> Vec<(Value, Value, Value, Value)> {
        doc["attributions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|q| q["article"] == a["id"])
            .map(|q| {
                (
                    q["content"].clone(),
                    q["start"].clone(),
                    q["speaker"].clone(),
                    q["kind"].clone(),
                )
            })
            .collect()
    };
    let quoted = quotes_of(wire);
    assert!(
        quoted
            .iter()
            .any(|q| q.0 == "We expect the toll to rise" && !q.2.is_null()),
        "{quoted:?}"
    );
    assert_eq!(quoted, quotes_of(copy));

    // `--timings` reports each stage on stderr and changes nothing on stdout (the corpus
    // state and the story cache the first export filled give the same document; copies and
    // clustering are read from the state, one stage).
    let timed = storyline(&["export", "--db", db, "--timings"]);
    assert!(timed.status.success());
    assert_eq!(timed.stdout, out.stdout);
    let stderr = String::from_utf8(timed.stderr).unwrap();
    let stages: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("timing: "))
        .collect();
    assert_eq!(stages.len(), 5, "{stderr}");
    assert!(stages[0].starts_with("store pass"), "{stderr}");
    assert!(stages[1].starts_with("entity resolution"), "{stderr}");
    assert!(
        stages[2].starts_with("copies and story clustering (from the corpus state)"),
        "{stderr}"
    );
    assert!(stages[4].starts_with("articles"), "{stderr}");
    assert!(
        stages
            .iter()
            .all(|s| s.contains(" s (CPU ") && s.ends_with(" MB")),
        "{stderr}"
    );
}

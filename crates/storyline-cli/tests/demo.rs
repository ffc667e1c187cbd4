//! The README's demo: `run examples/demo` then `export`, snapshotted whole, and `extract` of
//! the demo page.

use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

#[test]
fn demo_corpus_exports_as_snapshotted() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let bin = env!("CARGO_BIN_EXE_storyline");
    let out = Command::new(bin)
        .current_dir(root())
        .args(["run", "examples/demo", "--db", db.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = Command::new(bin)
        .args(["export", "--db", db.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    insta::assert_json_snapshot!("demo_export", doc);
}

#[test]
fn extract_prints_one_object_with_the_contract_fields() {
    let out = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .current_dir(root())
        .args(["extract", "examples/demo/02-outlet.html"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let obj = v.as_object().unwrap();
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "authors",
            "language",
            "outlet",
            "published",
            "removed",
            "text",
            "title",
            "url"
        ]
    );
    insta::assert_json_snapshot!("demo_extract", v);
}

#[test]
fn usage_errors_exit_2() {
    let bin = env!("CARGO_BIN_EXE_storyline");
    let out = Command::new(bin).args(["run"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = Command::new(bin).args(["frobnicate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn annotate_carries_entities_quotes_times_and_events() {
    let out = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .current_dir(root())
        .args([
            "annotate",
            "--dct",
            "2026-03-14",
            "examples/demo/01-wire.txt",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Erik Dahl"), "{names:?}");
    let dahl = v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "Erik Dahl")
        .unwrap();
    let quote = v["attributions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["kind"] == "direct")
        .expect("a direct quote");
    assert_eq!(quote["speaker"], dahl["id"]);
    // "will travel to the site on Sunday": the Sunday after the article's Saturday.
    assert!(v["times"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["text"] == "Sunday" && t["value"] == "2026-03-15"));
    assert!(v["events"].is_array());
}

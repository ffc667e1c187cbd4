//! What the end-to-end tests share.

use std::path::Path;
use std::process::{Command, Output};

/// Runs the `storyline` binary built for these tests.
pub fn storyline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(args)
        .output()
        .unwrap()
}

/// [`storyline`], asserting that it succeeded (its stderr as the message otherwise).
pub fn storyline_ok(args: &[&str]) -> Output {
    let out = storyline(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Writes `reports` as JSON Lines into a folder of `dir` and runs them into a new store
/// there: the store's path and the run's output.
pub fn run_reports(dir: &Path, reports: &[serde_json::Value]) -> (String, Output) {
    let input = dir.join("in");
    std::fs::create_dir(&input).unwrap();
    let jsonl: String = reports.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(input.join("reports.jsonl"), jsonl).unwrap();
    let db = dir.join("s.db").to_str().unwrap().to_string();
    let out = storyline_ok(&["run", input.to_str().unwrap(), "--db", &db]);
    (db, out)
}

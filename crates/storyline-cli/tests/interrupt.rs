//! An interrupted run leaves the store consistent: every batch is all or nothing, and the
//! next run completes what the first did not.

use std::process::{Command, Stdio};
use std::time::Duration;

#[test]
fn killed_run_leaves_a_consistent_store() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let n = 3000;
    for i in 0..n {
        std::fs::write(
            input.join(format!("{i:05}.txt")),
            format!(
                "Report number {i} on the harbour works\n\nWorkers in the town of Hallby finished section {i} of the new harbour wall on Monday, officials said. The council said the work was on budget.\n"
            ),
        )
        .unwrap();
    }
    let db = dir.path().join("s.db");
    let bin = env!("CARGO_BIN_EXE_storyline");
    let mut child = Command::new(bin)
        .args(["run", input.to_str().unwrap(), "--db", db.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(400));
    let _ = child.kill();
    let _ = child.wait();

    // The store opens, exports, and holds whole batches only.
    let out = Command::new(bin)
        .args(["export", "--db", db.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let stored = doc["articles"].as_array().unwrap().len();
    assert!(stored <= n);

    // Running again completes the job without duplicates.
    let out = Command::new(bin)
        .args(["run", input.to_str().unwrap(), "--db", db.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("new {} · duplicate {stored}", n - stored)),
        "{stdout}"
    );
    let out = Command::new(bin)
        .args(["export", "--db", db.to_str().unwrap()])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["articles"].as_array().unwrap().len(), n);
}

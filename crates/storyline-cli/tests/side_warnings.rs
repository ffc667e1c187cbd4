//! What the export saves on the side (the story cache) may fail to be written: the export
//! still completes, with the same output, and says so on stderr.

mod common;
use common::{run_reports, storyline};

#[test]
fn an_unwritable_story_cache_is_reported_and_the_export_completes() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        serde_json::json!({"url": "https://wire.example/storm", "title": "Storm floods the coast of Vessmark", "published": "2026-03-02",
            "text": "A storm flooded the coast of Vessmark on Monday, forcing 2,000 people from their homes, officials said.\n\nThe river Alder burst its banks near the town of Korvo, mayor Ilse Moran told reporters."}),
        serde_json::json!({"url": "https://paper.example/storm", "title": "Floods force 2,000 from homes in Vessmark", "published": "2026-03-02",
            "text": "Floods forced 2,000 people from their homes on the Vessmark coast on Monday after a storm, officials said.\n\nKorvo's mayor Ilse Moran said the river Alder had burst its banks."}),
    ];
    let (db, _) = run_reports(dir.path(), &lines);
    let db = db.as_str();

    {
        let conn = rusqlite::Connection::open(db).unwrap();
        conn.execute_batch(
            "DELETE FROM story_cache;
             CREATE TRIGGER no_cache BEFORE INSERT ON story_cache
             BEGIN SELECT RAISE(ABORT, 'the cache is closed'); END;",
        )
        .unwrap();
    }
    let blocked = storyline(&["export", "--db", db]);
    let stderr = String::from_utf8_lossy(&blocked.stderr);
    assert!(blocked.status.success(), "{stderr}");
    assert!(
        stderr.contains("story cache not written") && stderr.contains("the cache is closed"),
        "{stderr}"
    );
    let json: serde_json::Value = serde_json::from_slice(&blocked.stdout).unwrap();
    assert!(!json["stories"].as_array().unwrap().is_empty());

    {
        let conn = rusqlite::Connection::open(db).unwrap();
        conn.execute_batch("DROP TRIGGER no_cache;").unwrap();
    }
    let open = storyline(&["export", "--db", db]);
    assert!(open.status.success());
    assert!(
        !String::from_utf8_lossy(&open.stderr).contains("not written"),
        "{}",
        String::from_utf8_lossy(&open.stderr)
    );
    assert_eq!(open.stdout, blocked.stdout, "the same export either way");
}

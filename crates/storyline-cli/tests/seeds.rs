//! The five seed reports (shared/corpus/seeds) end to end: run, re-run, export.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/seeds")
}

/// The raw text of the seed file whose name starts with `prefix`, read from the shared corpus.
fn seed_text(prefix: &str) -> String {
    let path = std::fs::read_dir(seeds())
        .expect("the seeds folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no seed {prefix}"));
    std::fs::read_to_string(path).expect("a seed file")
}

/// The first line of a seed file: its title.
fn seed_title(prefix: &str) -> String {
    seed_text(prefix)
        .lines()
        .next()
        .unwrap_or("")
        .trim()
        .to_string()
}

fn storyline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(args)
        .output()
        .expect("storyline runs")
}

fn export(db: &str) -> Value {
    let out = storyline(&["export", "--db", db]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("export is JSON")
}

fn article<'a>(doc: &'a Value, file_prefix: &str) -> &'a Value {
    doc["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| {
            Path::new(a["origin"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(file_prefix)
        })
        .unwrap_or_else(|| panic!("no article from {file_prefix}"))
}

fn sentences(a: &Value) -> Vec<String> {
    let text: Vec<char> = a["text"].as_str().unwrap().chars().collect();
    a["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let (start, end) = (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
            text[start as usize..end as usize].iter().collect()
        })
        .collect()
}

#[test]
fn seeds_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let db = db.to_str().unwrap();
    let seeds = seeds();
    let out = storyline(&["run", seeds.to_str().unwrap(), "--db", db]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("read 5 · new 5 · duplicate 0 · rejected 0"),
        "{stdout}"
    );

    // Re-ingesting is a no-op.
    let again = storyline(&["run", seeds.to_str().unwrap(), "--db", db]);
    assert!(again.status.success());
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(stdout.contains("new 0 · duplicate 5"), "{stdout}");

    let doc = export(db);
    assert_eq!(doc["schema"], "storyline/1");
    for key in ["entities", "attributions", "times", "events", "stories"] {
        assert!(doc[key].is_array(), "{key}");
    }
    let articles = doc["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 5);

    // Every sentence span is inside the text, in order, and none is cut at "U.S.".
    for a in articles {
        let n = a["text"].as_str().unwrap().chars().count() as u64;
        let mut last = 0;
        for s in a["sentences"].as_array().unwrap() {
            let (start, end) = (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
            assert!(last <= start && start < end && end <= n);
            last = end;
        }
        let sents = sentences(a);
        for pair in sents.windows(2) {
            assert!(
                !(pair[0].ends_with("U.S.") && pair[1].starts_with("President")),
                "cut at U.S.: {:?} | {:?}",
                pair[0],
                pair[1]
            );
        }
        assert_eq!(a["language"], "en");
    }

    // The long report: its repeated paragraph is kept once, its captions are gone.
    let long = article(&doc, "004_");
    let text = long["text"].as_str().unwrap();
    let repeated = "arrived in Moscow yesterday for talks with Russian President Vladimir Putin";
    assert_eq!(text.matches(repeated).count(), 1, "{text}");
    // The quote repeated word for word (and only that copy) is gone; the longer version that
    // adds where it was said stays.
    assert_eq!(
        text.matches("During his address, Zelensky told the audience")
            .count(),
        1,
        "{text}"
    );
    assert_eq!(
        text.matches("our teams are working almost every day")
            .count(),
        2,
        "{text}"
    );
    assert!(!text.contains("stands on the tarmac"), "{text}");
    assert!(!text.contains("(left-right)"), "{text}");
    assert!(text.contains("as former U.S. President Donald Trump did during his previous term"));
    let removed = long["removed"].as_array().unwrap();
    let of_kind = |k: &str| removed.iter().filter(|r| r["kind"] == k).count();
    assert!(of_kind("caption") >= 2, "{removed:?}");
    assert!(of_kind("repeated") >= 3, "{removed:?}");
    assert_eq!(long["title"], seed_title("004_"));

    // Headers are metadata, not body.
    let titled = article(&doc, "003_");
    // (the file's first line is its title, the second a `Summary:` header)
    assert_eq!(titled["title"], seed_title("003_"));
    assert!(!titled["text"].as_str().unwrap().contains("Summary:"));
    assert!(titled["removed"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["kind"] == "header" && r["text"].as_str().unwrap().starts_with("Summary:")));
    let dated = article(&doc, "002_");
    assert_eq!(dated["published"]["value"], "2026-01-01");
    assert_eq!(dated["published"]["source"], "metadata");
    // The `date` header opens the file, and the body follows it on the same line.
    let raw = seed_text("002_");
    let body = raw
        .trim_start()
        .strip_prefix("date 2026-01-01")
        .expect("002 opens with its date header")
        .trim_start();
    let opening: String = body.chars().take(40).collect();
    assert!(dated["text"].as_str().unwrap().starts_with(&opening));
    // No date given and none in a URL: unknown stays unknown.
    assert!(article(&doc, "000_")["published"].is_null());
    // Report 004 gives no date, but its photo caption is dated Thursday 22 January 2026 and
    // its text reports Thursday's meeting as past: it is of that day or later (inferred).
    let captioned = article(&doc, "004_");
    assert_eq!(captioned["published"]["value"], "2026-01-22");
    assert_eq!(captioned["published"]["source"], "inferred");
    // Report 002 is stated to be of 1 January 2026, so its "talks in the United Arab Emirates
    // on Friday" would be 26 December; report 004 (dated by its caption) puts the talks in
    // the UAE on Friday 23 January: the stated date is flagged, with that evidence.
    let conflict = &dated["published_conflict"];
    assert_eq!(conflict["claimed"], "2026-01-01", "{conflict}");
    let evidence = conflict["evidence"].as_str().unwrap();
    assert!(evidence.contains("2026-01-23"), "{evidence}");
    assert!(evidence.contains("United Arab Emirates"), "{evidence}");
    // The wrong date does not keep the report out of its story.
    let stories = doc["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 1, "one story");
    assert_eq!(conflict["reports"], serde_json::json!([captioned["id"]]));
    let published = stories[0]["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "published" && c["subject"] == dated["id"])
        .expect("the published conflict in the story");
    assert_eq!(
        published["values"][0]["articles"],
        serde_json::json!([dated["id"]])
    );
    assert_eq!(
        published["values"][1]["articles"],
        serde_json::json!([captioned["id"]])
    );

    // Entities: every spelling of one person merged, roles read from the text, every mention
    // pointing at its text.
    let entities = doc["entities"].as_array().unwrap();
    let by_alias = |alias: &str| -> Vec<&Value> {
        entities
            .iter()
            .filter(|e| e["aliases"].as_array().unwrap().iter().any(|a| a == alias))
            .collect()
    };
    for alias in ["Zelensky", "Zelenskyy", "Volodymyr Zelensky"] {
        let found = by_alias(alias);
        assert_eq!(found.len(), 1, "{alias}");
        assert_eq!(found[0]["kind"], "person");
        assert!(found[0]["name"]
            .as_str()
            .unwrap()
            .starts_with("Volodymyr Zelensk"));
    }
    let putin = by_alias("Vladimir Putin");
    assert_eq!(putin.len(), 1);
    assert!(putin[0]["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == "Putin"));
    let roles = |e: &Value| -> Vec<String> {
        e["descriptions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["text"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(roles(putin[0]).contains(&"Russian President".to_string()));
    let dmitriev = by_alias("Kirill Dmitriev");
    assert!(roles(dmitriev[0]).contains(&"head of the Russian Direct Investment Fund".to_string()));
    let texts: std::collections::HashMap<&str, Vec<char>> = articles
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap(),
                a["text"].as_str().unwrap().chars().collect(),
            )
        })
        .collect();
    for e in entities {
        for m in e["mentions"].as_array().unwrap() {
            let t = &texts[m["article"].as_str().unwrap()];
            let (s, en) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                t[s..en].iter().collect::<String>(),
                m["text"].as_str().unwrap()
            );
        }
    }

    // Who said what: a direct quote to its named speaker, a pronoun to its antecedent.
    let attributions = doc["attributions"].as_array().unwrap();
    let entity_name = |id: &Value| -> Option<String> {
        entities
            .iter()
            .find(|e| &e["id"] == id)
            .map(|e| e["name"].as_str().unwrap().to_string())
    };
    let territorial = attributions
        .iter()
        .find(|q| {
            q["content"]
                .as_str()
                .unwrap()
                .starts_with("The territorial issue, naturally, is the most important for us")
        })
        .expect("Ushakov's quote");
    assert_eq!(territorial["kind"], "direct");
    assert_eq!(
        entity_name(&territorial["speaker"]).as_deref(),
        Some("Yuri Ushakov")
    );
    let signals = attributions
        .iter()
        .find(|q| {
            q["content"]
                .as_str()
                .unwrap()
                .starts_with("We will receive certain signals")
        })
        .expect("Zelenskyy's quote");
    assert_eq!(signals["speaker_text"], "he");
    assert!(entity_name(&signals["speaker"])
        .unwrap()
        .starts_with("Volodymyr Zelensk"));
    for q in attributions {
        let t = &texts[q["article"].as_str().unwrap()];
        let (s, en) = (
            q["start"].as_u64().unwrap() as usize,
            q["end"].as_u64().unwrap() as usize,
        );
        assert!(s < en && en <= t.len());
    }
    // Times: a relative weekday without an article date stays underspecified.
    let times = doc["times"].as_array().unwrap();
    assert!(times
        .iter()
        .any(|t| t["text"] == "Thursday" && t["value"] == "XXXX-WXX-4"));

    // One story: five independent reports (five origin groups, no duplicates).
    let stories = doc["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 1, "{stories:?}");
    assert_eq!(stories[0]["articles"].as_array().unwrap().len(), 5);
    let groups: std::collections::HashSet<&str> = articles
        .iter()
        .map(|a| a["origin_group"].as_str().unwrap())
        .collect();
    assert_eq!(groups.len(), 5);
    assert!(articles.iter().all(|a| a["duplicate_of"].is_null()));
    let id = stories[0]["id"].as_str().unwrap();
    let one = storyline(&["export", "--db", db, "--story", id]);
    assert!(one.status.success());
    let one: Value = serde_json::from_slice(&one.stdout).unwrap();
    assert_eq!(one["stories"].as_array().unwrap().len(), 1);
    let missing = storyline(&["export", "--db", db, "--story", "s:0000000000000000"]);
    assert_eq!(missing.status.code(), Some(1));

    // "Adm. Igor Kostyukov" is one sentence, not two.
    assert!(sentences(dated)
        .iter()
        .any(|s| s.contains("led by Adm. Igor Kostyukov, the head of military intelligence")));

    check_claims_conflicts_summary(&doc);
}

/// What the five reports agree and disagree on, read from the reports themselves: three
/// outlets report Putin's late-night meeting with Witkoff and Kushner on Thursday (000, 003,
/// 004); report 001 describes another meeting (five hours, on Tuesday) that must not be
/// folded into it; reports 000 and 004 call Trump a *former* president while 003 and 004 call
/// him the sitting U.S. President.
fn check_claims_conflicts_summary(doc: &Value) {
    let story = &doc["stories"][0];
    let arts = |prefix: &str| article(doc, prefix)["id"].as_str().unwrap().to_string();
    let group_of = |id: &str| -> String {
        doc["articles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .map(|a| a["origin_group"].as_str().unwrap().to_string())
            .unwrap()
    };
    let sentence_text = |id: &str, i: usize| -> String {
        let a = doc["articles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .unwrap();
        sentences(a)[i].clone()
    };

    // Claims: statuses and counts follow the evidence.
    let claims = story["claims"].as_array().unwrap();
    assert!(!claims.is_empty());
    for c in claims {
        let evidence = c["evidence"].as_array().unwrap();
        assert!(!evidence.is_empty());
        let supporting: std::collections::HashSet<String> = evidence
            .iter()
            .filter(|e| e["stance"] == "supports")
            .map(|e| group_of(e["article"].as_str().unwrap()))
            .collect();
        assert_eq!(
            c["independent_sources"].as_u64().unwrap() as usize,
            supporting.len()
        );
        let contested = evidence.iter().any(|e| e["stance"] == "contradicts");
        let expected = if contested {
            "contested"
        } else if supporting.len() >= 2 {
            "corroborated"
        } else {
            "single_source"
        };
        assert_eq!(c["status"], expected, "{c}");
        assert!(c["id"].as_str().unwrap().starts_with("c:"));
        for e in evidence {
            // Evidence points at real sentences.
            sentence_text(
                e["article"].as_str().unwrap(),
                e["sentence"].as_u64().unwrap() as usize,
            );
        }
    }
    // The late-night Thursday meeting is corroborated by independent reports.
    let (a000, a001, a003, a004) = (arts("000_"), arts("001_"), arts("003_"), arts("004_"));
    let meeting = claims
        .iter()
        .find(|c| {
            let cited: Vec<&str> = c["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| e["sentence"] == 0)
                .map(|e| e["article"].as_str().unwrap())
                .collect();
            [&a000, &a003, &a004]
                .iter()
                .filter(|a| cited.contains(&a.as_str()))
                .count()
                >= 2
        })
        .expect("a claim for the late-night meeting citing two of the reports");
    assert_eq!(meeting["status"], "corroborated", "{meeting}");
    assert!(meeting["independent_sources"].as_u64().unwrap() >= 2);
    // … and the Tuesday meeting of report 001 is not part of it.
    assert!(!meeting["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["article"] == a001.as_str() && e["sentence"] == 0));

    // Conflicts: Trump's title.
    let conflicts = story["conflicts"].as_array().unwrap();
    let title = conflicts
        .iter()
        .find(|c| c["kind"] == "role" && c["about"].as_str().unwrap().contains("Donald Trump"))
        .unwrap_or_else(|| panic!("a conflict over Trump's title: {conflicts:#?}"));
    assert_eq!(title["label"], "contradiction");
    let values = title["values"].as_array().unwrap();
    let former = values
        .iter()
        .find(|v| {
            v["value"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains("former")
        })
        .expect("the 'former president' value");
    let sitting = values
        .iter()
        .find(|v| {
            !v["value"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains("former")
        })
        .expect("the sitting president value");
    let has = |v: &Value, a: &str| v["articles"].as_array().unwrap().iter().any(|x| x == a);
    assert!(has(former, &a000), "{title}");
    assert!(has(sitting, &a003), "{title}");
    for v in values {
        for s in v["sentences"].as_array().unwrap() {
            let text = sentence_text(
                s["article"].as_str().unwrap(),
                s["sentence"].as_u64().unwrap() as usize,
            );
            assert!(text.contains("Trump"), "{text}");
        }
    }

    // The summary cites every sentence, and each citation is a sentence that says it.
    let summary = story["summary"].as_array().unwrap();
    assert!(!summary.is_empty());
    for s in summary {
        let citations = s["citations"].as_array().unwrap();
        assert!(!citations.is_empty(), "{s}");
        let first = &citations[0];
        let cited = sentence_text(
            first["article"].as_str().unwrap(),
            first["sentence"].as_u64().unwrap() as usize,
        );
        let words: Vec<&str> = s["text"].as_str().unwrap().split_whitespace().collect();
        let shared = words.iter().filter(|w| cited.contains(*w)).count();
        assert!(shared * 10 >= words.len() * 8, "{s} cites {cited}");
    }
}

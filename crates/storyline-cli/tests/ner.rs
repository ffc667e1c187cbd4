//! `storyline tag --conll` and `storyline eval ner` end to end, with the embedded model.

use std::path::Path;
use std::process::{Command, Output};

fn storyline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(args)
        .output()
        .expect("storyline runs")
}

const INPUT: &str = "-DOCSTART- -X- -X- O

EU NNP B-NP B-ORG
rejects VBZ B-VP O
German JJ B-NP B-MISC
call NN I-NP O
to TO B-VP O
boycott VB I-VP O
British JJ B-NP B-MISC
lamb NN I-NP O
. . O O

Peter NNP B-NP B-PER
Blackburn NNP I-NP I-PER

-DOCSTART- -X- -X- O

BRUSSELS NNP B-NP B-LOC
1996-08-22 CD I-NP O
";

#[test]
fn tag_conll_appends_one_tag_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.txt");
    std::fs::write(&path, INPUT).unwrap();
    let out = storyline(&["tag", "--conll", path.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    let input: Vec<&str> = INPUT.lines().collect();
    assert_eq!(lines.len(), input.len());
    let tags = [
        "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
    ];
    for (i, o) in input.iter().zip(&lines) {
        if i.is_empty() {
            assert!(o.is_empty(), "blank line kept: {o:?}");
            continue;
        }
        let (head, tag) = o.rsplit_once(' ').expect("a tag column");
        assert_eq!(head, *i, "input line kept as written");
        assert!(tags.contains(&tag), "{tag} is a BIO tag");
        if i.starts_with("-DOCSTART-") {
            assert_eq!(tag, "O");
        }
    }
    // The embedded model gets this easy sample right: predicted tag = gold (fourth column).
    for o in lines.iter().filter(|l| !l.is_empty()) {
        let cols: Vec<&str> = o.split(' ').collect();
        assert_eq!(cols[3], cols[4], "{o}");
    }
}

#[test]
fn tag_conll_missing_file_fails() {
    let out = storyline(&["tag", "--conll", "/nonexistent/conll.txt"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: "));
}

#[test]
fn eval_ner_prints_conlleval_scores() {
    let dev =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/ner/conllpp/dev.txt");
    let dir = tempfile::tempdir().unwrap();
    let file = if dev.exists() {
        dev
    } else {
        let p = dir.path().join("dev.txt");
        std::fs::write(&p, INPUT).unwrap();
        p
    };
    let out = storyline(&["eval", "ner", "--file", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    for needle in ["FB1:", "PER:", "LOC:", "tokens/s"] {
        assert!(stdout.contains(needle), "{needle} in {stdout}");
    }
}

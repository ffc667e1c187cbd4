use super::*;
use crate::link::test_reports::{report, Report};
use crate::text::names::fold;

/// Resolution for the tests: one entity per folded local name.
fn run(reports: &[Report]) -> Claims {
    let sources: Vec<Source<'_>> = reports.iter().map(Report::source).collect();
    let by_id: FxHashMap<&ArticleId, &Report> =
        reports.iter().map(|r| (&r.article.id, r)).collect();
    claims(
        &sources,
        |a, local| {
            let r = by_id.get(a)?;
            let name = &r.annotations.locals.get(local)?.name;
            let last = fold(name).rsplit(' ').next()?.to_string();
            Some(EntityId::from_content(last.as_bytes()))
        },
        &Options::default(),
    )
}

fn claim_citing<'a>(c: &'a Claims, article: &ArticleId, sentence: usize) -> &'a Claim {
    c.claims
        .iter()
        .find(|c| {
            c.evidence
                .iter()
                .any(|e| &e.article == article && e.sentence == sentence)
        })
        .unwrap_or_else(|| panic!("no claim cites {article} sentence {sentence}: {c:#?}"))
}

fn conflict_of(c: &Claims, kind: ConflictKind) -> &Conflict {
    c.conflicts
        .iter()
        .find(|x| x.kind == kind)
        .unwrap_or_else(|| panic!("a {kind:?} conflict: {c:#?}"))
}

#[test]
fn quantities_read_numbers_and_what_they_count() {
    let q = quantities("The meeting lasted about five hours and 1,200 people waited outside.");
    assert_eq!(
        q.iter()
            .map(|q| (q.value, q.unit.as_str()))
            .collect::<Vec<_>>(),
        vec![(5.0, "hour"), (1200.0, "people")]
    );
    let q = quantities("Russia received four additional documents on 22 January 2026.");
    assert_eq!(q.len(), 1);
    assert_eq!((q[0].value, q[0].unit.as_str()), (4.0, "document"));
    let q = quantities("Damage was put at $3.5 billion, and 12% of homes lost power at 9 pm.");
    assert_eq!(
        q.iter()
            .map(|q| (q.value, q.unit.as_str()))
            .collect::<Vec<_>>(),
        vec![(3.5e9, "dollar"), (12.0, "percent")]
    );
    // A comparison within one sentence states no single value.
    assert!(quantities("The plan was cut from 28 points to 20 points.").is_empty());
    // Years and "one of" are not quantities.
    assert!(quantities("In 2024 one of the ministers resigned.").is_empty());
}

#[test]
fn negation_is_seen() {
    assert!(negated("Officials said no agreement was reached."));
    assert!(negated("The ministry didn’t confirm the figure."));
    assert!(negated("The company denied the report."));
    assert!(!negated("Officials said an agreement was reached."));
}

#[test]
fn copies_count_once_and_independent_reports_corroborate() {
    let wire = "Flooding in the Po valley forced 3,000 residents of Ferrara to leave their homes on Monday, the regional governor Stefano Bonaccini said.";
    let reports = vec![
        report("a.txt", Some("2026-03-02"), "g:1", wire),
        report("b.txt", Some("2026-03-02"), "g:1", wire),
        report(
            "c.txt",
            Some("2026-03-02"),
            "g:2",
            "Regional governor Stefano Bonaccini said 3,000 residents of Ferrara had to leave their homes because of flooding in the Po valley.",
        ),
    ];
    let c = run(&reports[..2]);
    let claim = claim_citing(&c, &reports[0].article.id, 0);
    assert_eq!(claim.independent_sources, 1, "{claim:#?}");
    assert_eq!(claim.status, ClaimStatus::SingleSource);
    assert_eq!(claim.evidence.len(), 2);

    let c = run(&reports);
    let claim = claim_citing(&c, &reports[2].article.id, 0);
    assert_eq!(claim.evidence.len(), 3, "{claim:#?}");
    assert_eq!(claim.independent_sources, 2);
    assert_eq!(claim.status, ClaimStatus::Corroborated);
    assert!(c.conflicts.is_empty(), "{:#?}", c.conflicts);
}

#[test]
fn different_numbers_contest_a_claim() {
    let reports = vec![
        report(
            "a.txt",
            None,
            "g:1",
            "The talks between Rubio and Lavrov in Riyadh lasted five hours, officials said.",
        ),
        report(
            "b.txt",
            None,
            "g:2",
            "The talks between Rubio and Lavrov in Riyadh lasted three hours, according to officials.",
        ),
    ];
    let c = run(&reports);
    let claim = claim_citing(&c, &reports[0].article.id, 0);
    assert_eq!(claim.status, ClaimStatus::Contested, "{claim:#?}");
    assert_eq!(claim.evidence.len(), 2);
    assert_eq!(
        claim
            .evidence
            .iter()
            .filter(|e| e.stance == Stance::Contradicts)
            .count(),
        1
    );
    let conflict = conflict_of(&c, ConflictKind::Number);
    assert_eq!(conflict.label, ConflictLabel::Contradiction);
    assert_eq!(conflict.subject, claim.id.to_string());
    let values: Vec<&str> = conflict.values.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(values, vec!["three hours", "five hours"]);
}

#[test]
fn a_rising_toll_is_an_update_not_a_contradiction() {
    let reports = vec![
        report(
            "a.txt",
            Some("2026-01-20"),
            "g:1",
            "The earthquake near Arequipa in southern Peru killed 14 people, the civil defence agency said.",
        ),
        report(
            "b.txt",
            Some("2026-01-22"),
            "g:2",
            "The earthquake near Arequipa in southern Peru has killed 17 people, the civil defence agency said.",
        ),
    ];
    let c = run(&reports);
    let conflict = conflict_of(&c, ConflictKind::Number);
    assert_eq!(conflict.label, ConflictLabel::Update, "{conflict:#?}");
    assert_eq!(conflict.values[0].value, "14 people");
    assert_eq!(conflict.values[1].value, "17 people");
    let claim = claim_citing(&c, &reports[0].article.id, 0);
    assert_eq!(claim.status, ClaimStatus::Corroborated, "{claim:#?}");
    assert_eq!(claim.independent_sources, 2);

    // Without publication dates nothing says which came first: a contradiction.
    let reports = vec![
        report("a.txt", None, "g:1", reports[0].article.text.as_str()),
        report("b.txt", None, "g:2", reports[1].article.text.as_str()),
    ];
    let c = run(&reports);
    let conflict = conflict_of(&c, ConflictKind::Number);
    assert_eq!(conflict.label, ConflictLabel::Contradiction);
}

#[test]
fn different_days_for_one_statement_conflict() {
    let reports = vec![
        report(
            "a.txt",
            Some("2026-01-23"),
            "g:1",
            "Foreign ministers Rubio and Lavrov met in Geneva on Thursday to discuss the ceasefire plan.",
        ),
        report(
            "b.txt",
            Some("2026-01-23"),
            "g:2",
            "Foreign ministers Rubio and Lavrov met in Geneva on Wednesday to discuss the ceasefire plan.",
        ),
    ];
    let c = run(&reports);
    let conflict = conflict_of(&c, ConflictKind::Date);
    let values: Vec<&str> = conflict.values.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(values, vec!["2026-01-21", "2026-01-22"]);
    let claim = claim_citing(&c, &reports[0].article.id, 0);
    assert_eq!(claim.status, ClaimStatus::Contested);
}

#[test]
fn opposite_polarity_contradicts() {
    let reports = vec![
        report(
            "a.txt",
            None,
            "g:1",
            "The European Commission confirmed that the merger of Alstom and Siemens was approved.",
        ),
        report(
            "b.txt",
            None,
            "g:2",
            "The European Commission confirmed that the merger of Alstom and Siemens was not approved.",
        ),
    ];
    let c = run(&reports);
    let claim = claim_citing(&c, &reports[0].article.id, 0);
    assert_eq!(claim.status, ClaimStatus::Contested, "{claim:#?}");
    assert!(c.conflicts.iter().any(|x| x.kind == ConflictKind::Other));
}

#[test]
fn unrelated_sentences_stay_apart() {
    let reports = vec![
        report(
            "a.txt",
            None,
            "g:1",
            "Flooding in the Po valley forced 3,000 residents of Ferrara to leave their homes.",
        ),
        report(
            "b.txt",
            None,
            "g:2",
            "The central bank in Frankfurt raised its main interest rate by a quarter point.",
        ),
    ];
    let c = run(&reports);
    assert!(c.claims.iter().all(|c| c.evidence.len() == 1), "{c:#?}");
}

#[test]
fn claims_do_not_depend_on_input_order() {
    let texts = [
        ("a.txt", "Flooding in the Po valley forced 3,000 residents of Ferrara to leave their homes on Monday. Governor Stefano Bonaccini asked Rome for emergency funds."),
        ("b.txt", "About 3,000 residents of Ferrara left their homes as flooding hit the Po valley. Bonaccini asked the government in Rome for emergency funds on Monday."),
        ("c.txt", "Governor Stefano Bonaccini said 2,500 people in Ferrara had been evacuated from the flooding in the Po valley."),
    ];
    let reports: Vec<Report> = texts
        .iter()
        .enumerate()
        .map(|(i, (n, t))| report(n, Some("2026-03-02"), &format!("g:{i}"), t))
        .collect();
    let forward = run(&reports);
    let reversed: Vec<Report> = texts
        .iter()
        .enumerate()
        .rev()
        .map(|(i, (n, t))| report(n, Some("2026-03-02"), &format!("g:{i}"), t))
        .collect();
    assert_eq!(forward, run(&reversed));
    assert!(forward.claims.iter().any(|c| c.independent_sources >= 2));
}

#[test]
fn a_weekday_and_a_full_date_compare_by_weekday() {
    // 2026-01-22 is a Thursday: 1970-01-01 (day 0) was one too.
    assert_eq!(weekday_of("2026-01-22"), Some(4));
    assert_eq!(weekday_of("1970-01-01"), Some(4));
    assert_eq!(weekday_of("XXXX-WXX-5"), Some(5));
    assert!(same_day("2026-01-22", "XXXX-WXX-4"));
    assert!(!same_day("2026-01-22", "XXXX-WXX-2"));
    assert!(!same_day("2026-01-22", "2026-01-29"));
    assert!(!same_day("XXXX-XX-XX", "XXXX-XX-XX"));
}

#[test]
fn the_aligner_scores_pairs_as_claims_does() {
    let reports = [
        report(
            "a.txt",
            Some("2026-03-02"),
            "g:1",
            "Flooding in the Po valley forced 3,000 residents of Ferrara to leave their homes on Tuesday. Was it foreseen?",
        ),
        report(
            "b.txt",
            Some("2026-03-02"),
            "g:2",
            "Residents of Ferrara had to leave their homes because of flooding in the Po valley. The governor spoke on Thursday about the damage.",
        ),
    ];
    let sources: Vec<Source<'_>> = reports.iter().map(Report::source).collect();
    let no_entities = |_: &ArticleId, _: usize| None;
    let aligner = Aligner::new(&sources, no_entities, &Options::default());
    assert!(aligner.is_candidate(0, 0) && aligner.is_candidate(1, 0));
    // A question states nothing.
    assert!(!aligner.is_candidate(0, 1));
    assert_eq!(aligner.similarity((0, 1), (1, 0)), None);
    let sim = aligner.similarity((0, 0), (1, 0)).expect("both candidates");
    assert_eq!(aligner.similarity((1, 0), (0, 0)), Some(sim));
    // Tuesday is a day report b never mentions, though it mentions Thursday: the penalty.
    let off = Options {
        day_penalty: 0.0,
        ..Options::default()
    };
    let without = Aligner::new(&sources, no_entities, &off)
        .similarity((0, 0), (1, 0))
        .expect("both candidates");
    assert!((without - sim - 0.1).abs() < 1e-9, "{sim} {without}");
    // The pair aligns in claims() exactly when the similarity reaches the threshold.
    let c = claims(&sources, no_entities, &Options::default());
    let joined = c.claims.iter().any(|c| c.evidence.len() == 2);
    assert_eq!(joined, sim >= Options::default().align, "{sim} {c:#?}");
}

#[test]
fn a_statement_repeated_by_more_reports_than_the_link_sample_is_one_claim() {
    // More reports than LINK_SAMPLE, each its own origin group, with the same statement in
    // varied wording: alignment compares with a bounded sample of the claim, and still
    // gathers every report into one claim.
    let n = LINK_SAMPLE * 2 + 20;
    let reports: Vec<Report> = (0..n)
        .map(|i| {
            let text = match i % 3 {
                0 => "Flooding in the Po valley forced 3,000 residents of Ferrara to leave their homes on Monday, the regional governor said.",
                1 => "The regional governor said flooding in the Po valley forced 3,000 residents of Ferrara to leave their homes on Monday.",
                _ => "On Monday flooding in the Po valley forced 3,000 residents of Ferrara to leave their homes, the regional governor said.",
            };
            report(
                &format!("r{i}.txt"),
                Some("2026-03-02"),
                &format!("g:{i}"),
                text,
            )
        })
        .collect();
    let c = run(&reports);
    let claim = claim_citing(&c, &reports[0].article.id, 0);
    assert_eq!(claim.evidence.len(), n, "{claim:#?}");
    assert_eq!(claim.independent_sources, n);
    assert!(c.conflicts.is_empty(), "{:#?}", c.conflicts);
}

/// Whether the aligner takes two day values for the same day.
fn same_day(x: &str, y: &str) -> bool {
    DayKey::of(x).same(&DayKey::of(y))
}

#[test]
fn two_weekdays_compare_by_weekday_and_a_month_is_no_day() {
    assert!(same_day("XXXX-WXX-4", "XXXX-WXX-4"));
    assert!(same_day("XXXX-WXX-4", "2026-01-29"));
    assert!(!same_day("XXXX-WXX-4", "XXXX-WXX-5"));
    assert!(!same_day("2026-01", "2026-01"));
    assert!(DayKey::of("2026-01-22").full.is_some());
    assert_eq!(DayKey::of("XXXX-WXX-4").full, None);
}

#[test]
fn sorted_lists_share_what_both_hold() {
    assert_eq!(sorted_common(&[1, 3, 5, 9], &[2, 3, 9, 10]), 2);
    assert_eq!(sorted_common(&[], &[1]), 0);
    assert_eq!(sorted_common(&[4], &[4]), 1);
}

#[test]
fn a_repeated_sentence_is_read_once_and_reads_as_a_fresh_one() {
    let opts = Options::default();
    let first = "Officials said 12 people were hurt in the blast on Tuesday.";
    let other = "The port reopened on Wednesday after a day of talks with unions.";
    let mut reading = Reading::default();
    let a = reading.said(first, &opts).expect("a statement");
    reading.said(other, &opts).expect("a statement");
    let again = reading.said(first, &opts).expect("a statement");
    assert_eq!(reading.said.len(), 2);
    assert!(Rc::ptr_eq(&a, &again), "a repeated text shares its reading");
    let mut fresh = Reading::default();
    fresh.said(first, &opts);
    let fresh = fresh.said(first, &opts).expect("a statement");
    for s in [&a, &again] {
        assert_eq!(s.text, fresh.text);
        assert_eq!(s.vec, fresh.vec);
        assert_eq!(s.pred, fresh.pred);
        assert_eq!(s.numbers, fresh.numbers);
        assert_eq!(s.negated, fresh.negated);
    }
    // Not candidates: a question, and a heading without a closing stop.
    assert!(reading
        .said("Will the port reopen before the talks end?", &opts)
        .is_none());
    assert!(reading
        .said("Port reopens after talks with unions", &opts)
        .is_none());
}

use super::*;
use crate::link::test_reports::{report, Report};

fn run(reports: &[Report]) -> Vec<Finding> {
    let sources: Vec<Source<'_>> = reports.iter().map(Report::source).collect();
    reconcile(&sources)
}

/// The text of a dated report: overnight talks on Thursday, a signing due on Friday.
const DATED: &str = "Kenyan President William Ruto held overnight talks with the Tanzanian and \
                     Ugandan trade ministers in Nairobi on Thursday, his office said.\n\n\
                     Negotiators from Kenya, Tanzania and Uganda are due to sign a customs \
                     agreement in Arusha on Friday.";

/// The dated report, of Friday 13 March 2026.
fn dated() -> Report {
    report("dated", Some("2026-03-13"), "g1", DATED)
}

#[test]
fn an_undated_report_is_dated_by_the_weekdays_it_shares() {
    let undated = report(
        "undated",
        None,
        "g2",
        "William Ruto met the Tanzanian and Ugandan trade ministers for overnight talks in \
         Nairobi on Thursday.\n\nNegotiators from Kenya, Tanzania and Uganda will sign a \
         customs agreement in Arusha on Friday.",
    );
    let found = run(&[dated(), undated]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].article, ArticleId::from_content(b"undated"));
    // Thursday (past) puts it on 12–18 March, Friday (future) on 7–13: the 12th or the
    // 13th, both in ISO week 11.
    assert_eq!(
        found[0].published,
        Some(Published {
            value: "2026-W11".into(),
            source: DateSource::Inferred
        })
    );
    assert_eq!(found[0].conflict, None);
}

#[test]
fn one_shared_past_weekday_bounds_too_little_for_a_date() {
    let undated = report(
        "undated",
        None,
        "g2",
        "William Ruto met the Tanzanian and Ugandan trade ministers for overnight talks in \
         Nairobi on Thursday.",
    );
    assert!(run(&[dated(), undated]).is_empty());
}

#[test]
fn a_stated_date_that_puts_the_shared_weekday_in_another_week_is_flagged() {
    let text = "Negotiators from Kenya, Tanzania and Uganda signed a customs agreement in Arusha \
                on Friday.\n\nThe ministers are expected to meet again on Saturday.";
    // Two reports against one: the odd one out is flagged, not the others.
    let agreeing = report(
        "agreeing",
        Some("2026-03-12"),
        "g3",
        "A customs agreement between Kenya, Tanzania and Uganda will be signed in Arusha on \
         Friday.",
    );
    let wrong = report("wrong", Some("2026-01-01"), "g2", text);
    let found = run(&[dated(), wrong, agreeing]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].article, ArticleId::from_content(b"wrong"));
    let c = found[0].conflict.as_ref().expect("a conflict");
    let mut from = vec![
        ArticleId::from_content(b"dated"),
        ArticleId::from_content(b"agreeing"),
    ];
    from.sort();
    assert_eq!(c.reports, from);
    assert_eq!(c.claimed, "2026-01-01");
    assert!(c.evidence.contains("2026-03-13"), "{}", c.evidence);
    assert!(c.evidence.contains("2025-12-26"), "{}", c.evidence);
    assert_eq!(found[0].published, None);
    // The right date (or one a day off) is no conflict.
    for ok in ["2026-03-13", "2026-03-14"] {
        let right = report("right", Some(ok), "g2", text);
        assert!(run(&[dated(), right]).is_empty(), "{ok}");
    }
    // One stated date against another: nothing says which is wrong.
    let wrong = report("wrong", Some("2026-01-01"), "g2", text);
    assert!(run(&[dated(), wrong]).is_empty());
    // A date the other report's own text establishes (here a dated caption a weekday agrees
    // with) outweighs a date only stated in metadata.
    let mut from_text = dated();
    from_text.article.published.as_mut().unwrap().source = DateSource::Inferred;
    let wrong = report("wrong", Some("2026-01-01"), "g2", text);
    let found = run(&[from_text, wrong]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].article, ArticleId::from_content(b"wrong"));
}

#[test]
fn copies_of_one_report_never_date_each_other() {
    let undated = report("copy", None, "g1", DATED);
    assert!(run(&[dated(), undated]).is_empty());
}

#[test]
fn the_same_weekday_in_unrelated_sentences_says_nothing() {
    let other = report(
        "other",
        Some("2026-01-01"),
        "g2",
        "The city council approved the harbour budget on Thursday.\n\nThe museum reopens to \
         visitors on Friday after a two-year renovation.",
    );
    assert!(run(&[dated(), other]).is_empty());
}

#[test]
fn a_conflict_names_a_few_reports_of_the_closest_sentences() {
    // Twenty reports of other outlets date the signing; the odd one out is flagged, with the
    // reports whose sentences are closest to its own, not all twenty.
    let text = "Negotiators from Kenya, Tanzania and Uganda signed a customs agreement in Arusha \
                on Friday.";
    let mut reports = vec![report("wrong", Some("2026-01-01"), "wrong", text)];
    for i in 0..20 {
        let body = if i < 3 {
            // Near the flagged sentence.
            text.to_string()
        } else {
            format!(
                "Negotiators from Kenya, Tanzania and Uganda signed a customs agreement in \
                 Arusha on Friday after talks on tariffs number {i} and border posts."
            )
        };
        let name = format!("other{i:02}");
        reports.push(report(&name, Some("2026-03-13"), &name, &body));
    }
    let found = run(&reports);
    assert_eq!(found.len(), 1, "{found:?}");
    let c = found[0].conflict.as_ref().expect("a conflict");
    assert_eq!(c.reports.len(), MAX_EVIDENCE);
    assert!(
        c.reports.windows(2).all(|w| w[0] < w[1]),
        "sorted, no repeats"
    );
    for i in 0..3 {
        let id = ArticleId::from_content(format!("other{i:02}").as_bytes());
        assert!(c.reports.contains(&id), "the identical sentences are named");
    }
}

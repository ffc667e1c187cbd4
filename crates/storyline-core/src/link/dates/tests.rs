use super::*;
use crate::link::test_reports::{report, Report};

fn run(reports: &[Report]) -> Vec<Finding> {
    let sources: Vec<Source<'_>> = reports.iter().map(Report::source).collect();
    reconcile(&sources)
}

/// A dated report (Friday 23 January 2026) of a meeting on Thursday and talks due on Friday.
fn dated() -> Report {
    report(
        "dated",
        Some("2026-01-23"),
        "g1",
        "Russian President Vladimir Putin held late-night talks with envoys Steve Witkoff and \
         Jared Kushner in Moscow on Thursday, the Kremlin said.\n\n\
         Officials from the United States, Ukraine and Russia are due to hold security talks in \
         Abu Dhabi on Friday.",
    )
}

#[test]
fn an_undated_report_is_dated_by_the_weekdays_it_shares() {
    let undated = report(
        "undated",
        None,
        "g2",
        "Vladimir Putin met Steve Witkoff and Jared Kushner for late-night talks in Moscow on \
         Thursday.\n\nSecurity talks between officials from the United States, Ukraine and Russia \
         will be held in Abu Dhabi on Friday.",
    );
    let found = run(&[dated(), undated]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].article, ArticleId::from_content(b"undated"));
    // Thursday (past) puts it on 22–28 January, Friday (future) on 17–23: the 22nd or the
    // 23rd, both in ISO week 4.
    assert_eq!(
        found[0].published,
        Some(Published {
            value: "2026-W04".into(),
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
        "Vladimir Putin met Steve Witkoff and Jared Kushner for late-night talks in Moscow on \
         Thursday.",
    );
    assert!(run(&[dated(), undated]).is_empty());
}

#[test]
fn a_stated_date_that_puts_the_shared_weekday_in_another_week_is_flagged() {
    let text = "Officials from the United States, Ukraine and Russia held security talks in Abu \
                Dhabi on Friday.\n\nThe talks are expected to wrap up on Saturday.";
    // Two reports against one: the odd one out is flagged, not the others.
    let agreeing = report(
        "agreeing",
        Some("2026-01-22"),
        "g3",
        "Security talks between the United States, Ukraine and Russia will take place in Abu \
         Dhabi on Friday.",
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
    assert!(c.evidence.contains("2026-01-23"), "{}", c.evidence);
    assert!(c.evidence.contains("2025-12-26"), "{}", c.evidence);
    assert_eq!(found[0].published, None);
    // The right date (or one a day off) is no conflict.
    for ok in ["2026-01-23", "2026-01-24"] {
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
    let undated = report(
        "copy",
        None,
        "g1",
        "Russian President Vladimir Putin held late-night talks with envoys Steve Witkoff and \
         Jared Kushner in Moscow on Thursday, the Kremlin said.\n\n\
         Officials from the United States, Ukraine and Russia are due to hold security talks in \
         Abu Dhabi on Friday.",
    );
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

//! Tests on real-looking news: every class of time expression, and the article's date.

use super::*;
use crate::text::segment;
use storyline_model::{DateSource, Published, TimeType};

fn d(s: &str) -> jiff::civil::Date {
    s.parse().unwrap()
}

/// (text, type, value) of every mention, anchored on `anchor`.
fn tag(text: &str, anchor: Option<&str>) -> Vec<(String, TimeType, String)> {
    let sentences = segment(text);
    recognise(text, &sentences, anchor.map(d))
        .into_iter()
        .map(|m| {
            // spans are code points into the text
            let got: String = text.chars().skip(m.start).take(m.end - m.start).collect();
            assert_eq!(got, m.text);
            (m.text, m.kind, m.value)
        })
        .collect()
}

fn has(found: &[(String, TimeType, String)], text: &str, kind: TimeType, value: &str) {
    assert!(
        found
            .iter()
            .any(|(t, k, v)| t == text && *k == kind && v == value),
        "expected [{text}] {kind:?} {value} in {found:?}"
    );
}

use TimeType::{Date as D, Duration as Du, Set as S, Time as T};

// 2026-01-22 is a Thursday.
const ANCHOR: Option<&str> = Some("2026-01-22");

#[test]
fn absolute_dates() {
    let f = tag(
        "The talks opened on January 22, 2026 in Geneva. A second round is set for 3 February \
         2026, after a first meeting on Jan. 9. The ceasefire of 2025-12-24 held until \
         12/31/2025. Officials met in September and again in 2024. In Sept. 2025 the plan stalled.",
        ANCHOR,
    );
    has(&f, "January 22, 2026", D, "2026-01-22");
    has(&f, "3 February 2026", D, "2026-02-03");
    has(&f, "Jan. 9", D, "2026-01-09");
    has(&f, "2025-12-24", D, "2025-12-24");
    has(&f, "12/31/2025", D, "2025-12-31");
    has(&f, "September", D, "2025-09");
    has(&f, "2024", D, "2024");
    has(&f, "Sept. 2025", D, "2025-09");
}

#[test]
fn counts_and_verbs_are_not_dates() {
    let f = tag(
        "About 2000 people marched. The index closed at 2082.1 points. Troops may march on. \
         Ships sailed 1/2 mile offshore.",
        ANCHOR,
    );
    assert!(f.is_empty(), "{f:?}");
}

#[test]
fn weekdays_follow_tense() {
    let f = tag(
        "Foreign ministers met on Tuesday in Geneva. They will meet again on Friday, and talks \
         are due to resume next Monday. The envoy arrived last Friday. The vote is expected \
         on Wednesday.",
        ANCHOR,
    );
    has(&f, "Tuesday", D, "2026-01-20");
    has(&f, "Friday", D, "2026-01-23");
    has(&f, "next Monday", D, "2026-01-26");
    has(&f, "last Friday", D, "2026-01-16");
    has(&f, "Wednesday", D, "2026-01-28");
}

#[test]
fn weekdays_without_anchor_stay_underspecified() {
    let f = tag(
        "Rebels attacked the town on Thursday and again yesterday.",
        None,
    );
    has(&f, "Thursday", D, "XXXX-WXX-4");
    has(&f, "yesterday", D, "XXXX-XX-XX");
}

#[test]
fn deictic_days_and_parts_of_day() {
    let f = tag(
        "The strike began yesterday and will end tomorrow. Today the union met. Later today \
         the minister speaks; tonight crowds gathered. The blast came late on Thursday, and a \
         second one in the early hours of Friday. Thursday night was quiet, and this morning \
         the markets opened. Protesters left last night.",
        ANCHOR,
    );
    has(&f, "yesterday", D, "2026-01-21");
    has(&f, "tomorrow", D, "2026-01-23");
    has(&f, "Today", D, "2026-01-22");
    has(&f, "Later today", D, "2026-01-22");
    has(&f, "tonight", T, "2026-01-22TNI");
    has(&f, "late on Thursday", D, "2026-01-22");
    has(&f, "early hours of Friday", D, "2026-01-16");
    has(&f, "Thursday night", T, "2026-01-22TNI");
    has(&f, "this morning", T, "2026-01-22TMO");
    has(&f, "last night", T, "2026-01-21TNI");
}

#[test]
fn weeks_months_years_quarters_seasons_decades() {
    let f = tag(
        "Prices rose earlier this week and last month, and fell this year. Exports will grow \
         next week and next year, after a slump last year. Third-quarter profit rose; in the \
         fourth quarter it fell. This summer was dry; last winter was wet. It was a boom of the \
         1990s, unlike the early 2000s. The 20th century ended. It happened in late November.",
        ANCHOR,
    );
    has(&f, "earlier this week", D, "2026-W04");
    has(&f, "last month", D, "2025-12");
    has(&f, "this year", D, "2026");
    has(&f, "next week", D, "2026-W05");
    has(&f, "next year", D, "2027");
    has(&f, "last year", D, "2025");
    has(&f, "Third-quarter", D, "2025-Q3");
    has(&f, "the fourth quarter", D, "2025-Q4");
    has(&f, "This summer", D, "2026-SU");
    has(&f, "last winter", D, "2025-WI");
    has(&f, "the 1990s", D, "199");
    has(&f, "the early 2000s", D, "200");
    has(&f, "The 20th century", D, "19");
    has(&f, "late November", D, "2025-11");
}

#[test]
fn times_of_day() {
    let f = tag(
        "The shelling stopped at 10:30 a.m. and resumed at midnight. Polls close at 8 p.m. EST \
         Tuesday. The meeting ended at noon.",
        ANCHOR,
    );
    has(&f, "10:30 a.m.", T, "2026-01-22T10:30");
    has(&f, "midnight", T, "2026-01-22T24:00");
    has(&f, "8 p.m. EST Tuesday", T, "2026-01-20T20:00");
    has(&f, "noon", T, "2026-01-22T12:00");
}

#[test]
fn durations() {
    let f = tag(
        "The talks lasted five hours. The siege went on for three months, nearly four years \
         after the war began. A two-day summit follows, then a 16-hour flight, and the past two \
         weeks were calm. He served 2 1/2 years. It took a minute and a half. The 40-year-old \
         driver was unhurt.",
        ANCHOR,
    );
    has(&f, "five hours", Du, "PT5H");
    has(&f, "three months", Du, "P3M");
    has(&f, "two-day", Du, "P2D");
    has(&f, "16-hour", Du, "PT16H");
    has(&f, "the past two weeks", Du, "P2W");
    has(&f, "2 1/2 years", Du, "P2Y6M");
    has(&f, "a minute and a half", Du, "PT1M30S");
    assert!(!f.iter().any(|(t, _, _)| t.contains("40")), "{f:?}");
}

#[test]
fn offsets_from_the_anchor() {
    let f = tag(
        "The plant closed three days ago. Two weeks ago it was sold; a year ago it was booming. \
         Nearly four years ago the first strike hit.",
        ANCHOR,
    );
    has(&f, "three days ago", D, "2026-01-19");
    has(&f, "Two weeks ago", D, "2026-W02");
    has(&f, "a year ago", D, "2025");
    has(&f, "Nearly four years ago", D, "2022");
}

#[test]
fn sets() {
    let f = tag(
        "Trains run every day and the council meets weekly. Elections are held each year; \
         the market opens every Monday and prices are reviewed twice a year.",
        ANCHOR,
    );
    has(&f, "every day", S, "P1D");
    has(&f, "weekly", S, "P1W");
    has(&f, "each year", S, "P1Y");
    has(&f, "every Monday", S, "XXXX-WXX-1");
    has(&f, "twice a year", S, "P1Y");
}

#[test]
fn reference_values() {
    let f = tag(
        "Talks are now stalled. Violence has recently spread, as in the past, and may spread in \
         the future.",
        ANCHOR,
    );
    has(&f, "now", D, "PRESENT_REF");
    has(&f, "recently", D, "PAST_REF");
    has(&f, "the past", D, "PAST_REF");
    has(&f, "the future", D, "FUTURE_REF");
}

#[test]
fn narrative_reference_and_holidays() {
    let f = tag(
        "The ship docked on March 3, 2025. The next day it sailed, and two days later it sank. \
         Families gathered at Christmas.",
        ANCHOR,
    );
    has(&f, "The next day", D, "2025-03-04");
    has(&f, "Christmas", D, "2025-12-25");
    // "two days later": the duration, as TimeML marks it
    has(&f, "two days", Du, "P2D");
}

#[test]
fn non_ascii_offsets_are_code_points() {
    let text = "Zelensky’s envoy — «calm» — met on Friday in Kyiv.";
    let f = tag(text, ANCHOR);
    has(&f, "Friday", D, "2026-01-16");
}

// ---- the article's date ----

fn published(text: &str, stated: Option<&str>) -> (Option<Published>, Option<PublishedConflict>) {
    let sentences = segment(text);
    let stated = stated.map(|v| Published {
        value: v.to_string(),
        source: DateSource::Metadata,
    });
    infer_published(text, &sentences, stated.as_ref(), &[])
}

use storyline_model::PublishedConflict;

#[test]
fn datelines() {
    let (p, c) = published(
        "KYIV, Jan 22 (Reuters) - Russian drones struck the city overnight, officials said on \
         Thursday. The attack followed talks on January 20, 2026.",
        None,
    );
    assert_eq!(
        p,
        Some(Published {
            value: "2026-01-22".into(),
            source: DateSource::Dateline
        })
    );
    assert!(c.is_none());
    let (p, _) = published(
        "WASHINGTON, January 22, 2026 — The Senate passed the bill late on Wednesday.",
        None,
    );
    assert_eq!(p.unwrap().value, "2026-01-22");
    let (p, _) = published(
        "(AP) Jan. 22, 2026 — Floods forced thousands from their homes.",
        None,
    );
    assert_eq!(p.unwrap().source, DateSource::Dateline);
    let dl = find_dateline(
        "KYIV, Jan 22 (Reuters) - Drones struck.",
        &segment("KYIV, Jan 22 (Reuters) - Drones struck."),
    )
    .unwrap();
    assert_eq!((dl.month, dl.day, dl.year), (1, 22, None));
    assert_eq!(dl.text, "KYIV, Jan 22 (Reuters) -");
}

#[test]
fn a_dateline_without_a_year_and_nothing_else_stays_unknown() {
    let (p, c) = published("KYIV, Jan 22 (Reuters) - Drones struck the city.", None);
    assert_eq!(p, None);
    assert_eq!(c, None);
}

#[test]
fn a_dated_photo_caption_counts_as_a_past_date_of_the_text() {
    let text = "The apartment block collapsed after the earthquake on Friday. \
                Officials said more than 40 people were pulled from the rubble.";
    let sentences = segment(text);
    // 6 February 2026 is a Friday, 4 February a Wednesday.
    let caption = "Rescue workers search the rubble of a collapsed building in Antakya, Turkey, \
                   February 6, 2026";
    let (p, c) = infer_published(text, &sentences, None, &[caption]);
    assert_eq!(
        p,
        Some(Published {
            value: "2026-02-06".into(),
            source: DateSource::Inferred
        })
    );
    assert!(c.is_none());
    // Without the caption nothing dates the text; a caption whose weekday the text never
    // names dates nothing either.
    assert_eq!(infer_published(text, &sentences, None, &[]).0, None);
    let other = "Residents queue for water in Antakya, Turkey, February 4, 2026";
    assert_eq!(infer_published(text, &sentences, None, &[other]).0, None);
}

#[test]
fn inferred_from_agreeing_weekday_and_date() {
    let (p, _) = published(
        "Foreign ministers met in Geneva on Thursday. The meeting, held on January 22, 2026, \
         ended without a deal.",
        None,
    );
    assert_eq!(
        p,
        Some(Published {
            value: "2026-01-22".into(),
            source: DateSource::Inferred
        })
    );
}

#[test]
fn explicit_yesterday_with_a_date() {
    let (p, _) = published(
        "The minister resigned yesterday (January 21, 2026) after weeks of pressure.",
        None,
    );
    assert_eq!(
        p,
        Some(Published {
            value: "2026-01-22".into(),
            source: DateSource::Text
        })
    );
}

#[test]
fn no_evidence_no_date() {
    // a date with no weekday to agree with it, a weekday with no date
    let (p, c) = published(
        "The treaty was signed on March 5, 1946. Talks resumed on Thursday.",
        None,
    );
    // Thursday is not March 5, 1946 (a Tuesday): nothing agrees.
    assert_eq!(p, None);
    assert_eq!(c, None);
    let (p, _) = published("Rebels attacked the town on Thursday.", None);
    assert_eq!(p, None);
}

#[test]
fn a_stated_date_the_text_contradicts() {
    let text = "Foreign ministers met in Geneva on Thursday. The meeting, held on January 22, \
                2026, ended without a deal. Earlier talks on January 20, 2026 had failed.";
    let (p, c) = published(text, Some("2026-01-01"));
    assert_eq!(p.unwrap().value, "2026-01-01");
    let c = c.expect("a conflict");
    assert_eq!(c.claimed, "2026-01-01");
    assert!(c.evidence.contains("2026-01-22"), "{}", c.evidence);
    // the same text with its true date: no conflict
    let (_, c) = published(text, Some("2026-01-22"));
    assert_eq!(c, None);
    // a day later (time zones, next-day print): no conflict
    let (_, c) = published(text, Some("2026-01-23T06:00:00Z"));
    assert_eq!(c, None);
}

#[test]
fn future_dates_and_old_history_are_no_conflict() {
    let text = "The summit will take place on March 3, 2026 and March 4, 2026. The war began in \
                1991 and a truce was signed on May 5, 1994.";
    let (_, c) = published(text, Some("2026-01-22"));
    assert_eq!(c, None);
}

#[test]
fn a_dateline_contradicting_the_stated_date() {
    let (_, c) = published(
        "KYIV, Feb 14 (Reuters) - Drones struck the city on Friday, officials said.",
        Some("2026-01-22"),
    );
    let c = c.expect("a conflict");
    assert!(c.evidence.contains("dateline"), "{}", c.evidence);
}

/// (value) of the mention `text` in `found`.
fn value_of(found: &[(String, TimeType, String)], text: &str) -> String {
    found
        .iter()
        .find(|(t, _, _)| t == text)
        .map(|(_, _, v)| v.clone())
        .unwrap_or_else(|| panic!("no [{text}] in {found:?}"))
}

#[test]
fn deadlines_look_ahead_unless_past_perfect() {
    // 2026-10-26 is a Monday.
    let a = Some("2026-10-26");
    let f = tag(
        "Directors approved a new wage pact effective June 1, the company said.",
        a,
    );
    has(&f, "June 1", D, "2027-06-01");
    let f = tag(
        "The buyers must repay $2 billion of the bridge loan by February, bankers said.",
        a,
    );
    has(&f, "February", D, "2027-02");
    let f = tag(
        "It extended $90 million in revolving loans through January, as well as standby letters.",
        a,
    );
    has(&f, "January", D, "2027-01");
    // "since" starts something that still holds
    let f = tag("Since February, prices have fallen by a third.", a);
    has(&f, "February", D, "2026-02");
    // a past perfect keeps the deadline behind the anchor (2026-01-23 is a Friday)
    let f = tag(
        "Until Thursday, investigators had not called him a suspect.",
        Some("2026-01-23"),
    );
    has(&f, "Thursday", D, "2026-01-22");
}

#[test]
fn passive_participles_after_be_are_not_past() {
    let f = tag(
        "Enlargement will be held up at the NATO summit on April 24 in Washington.",
        Some("2026-10-26"),
    );
    has(&f, "April 24", D, "2027-04-24");
    let f = tag(
        "The accession treaty is expected to be signed in March.",
        Some("2026-10-26"),
    );
    has(&f, "March", D, "2027-03");
}

#[test]
fn plans_govern_the_date_they_precede() {
    // 2026-01-21 is a Wednesday.
    let wed = Some("2026-01-21");
    let f = tag(
        "The team planned to leave Nairobi on Thursday for Dar es Salaam.",
        wed,
    );
    has(&f, "Thursday", D, "2026-01-22");
    // a past plan after the expression is timed by it
    let f = tag(
        "On Friday, the Kenyan government planned to pay the hospital bills.",
        wed,
    );
    has(&f, "Friday", D, "2026-01-16");
    // a present plan still looks ahead (2026-01-19 is a Monday)
    let f = tag(
        "On Tuesday, the league plans to hold a news conference in Washington.",
        Some("2026-01-19"),
    );
    has(&f, "Tuesday", D, "2026-01-20");
    // "a planned meeting" looks ahead even after a past verb (2026-01-22 is a Thursday)
    let f = tag(
        "The vote came ahead of planned talks between the two unions and the rail operator in \
         Geneva on Friday.",
        Some("2026-01-22"),
    );
    has(&f, "Friday", D, "2026-01-23");
    // "had been due to": a plan that was overtaken
    let f = tag(
        "The offer had been due to expire on Friday, but it was extended to Nov. 16.",
        Some("2026-01-19"),
    );
    has(&f, "Friday", D, "2026-01-16");
}

#[test]
fn reporting_verbs_govern_only_what_they_are_next_to() {
    // 2026-01-19 is a Monday: the quoted clause's own verb decides.
    let f = tag(
        "Gonzalez will fly to Washington with his wife as soon as Tuesday, Castro said.",
        Some("2026-01-19"),
    );
    has(&f, "Tuesday", D, "2026-01-20");
    // "said Friday": the report itself (2026-01-22 is a Thursday)
    let f = tag(
        "New Zealand said Friday it would send two frigates to the Gulf.",
        ANCHOR,
    );
    has(&f, "Friday", D, "2026-01-16");
}

#[test]
fn years_spelled_out_in_broadcast_transcripts() {
    let a = Some("1998-02-27");
    let f = tag(
        "In nineteen ninety-one Charles Keating was convicted in state court. January nineteen \
         ninety-seven. Atlanta again. We may return to the thirteen dollar level we saw in the \
         winter of nineteen ninety-four. His promise to halve unemployment by the year two \
         thousand has been abandoned.",
        a,
    );
    has(&f, "nineteen ninety-one", D, "1991");
    has(&f, "January nineteen ninety-seven", D, "1997-01");
    has(&f, "the winter of nineteen ninety-four", D, "1994-WI");
    has(&f, "the year two thousand", D, "2000");
    // a count is not a year
    let f = tag("Some two thousand people marched in Sarajevo.", a);
    assert!(f.iter().all(|(_, _, v)| v != "2000"), "{f:?}");
}

#[test]
fn possessive_years_and_year_end() {
    let f = tag(
        "NATO decided at last year's Madrid summit to invite three countries. This year's \
         results included a gain of $70.2 million.",
        ANCHOR,
    );
    has(&f, "last year", D, "2025");
    has(&f, "This year", D, "2026");
    let f = tag(
        "The bank plans to cut 6,000 jobs by year end and to meet the capital rules by year's \
         end.",
        ANCHOR,
    );
    has(&f, "year end", D, "2026");
    has(&f, "year's end", D, "2026");
}

#[test]
fn hedges_stay_outside_durations() {
    let f = tag(
        "The father will stay about three days in Washington. The talks could take at least \
         two weeks, officials said.",
        ANCHOR,
    );
    assert_eq!(value_of(&f, "three days"), "P3D");
    assert_eq!(value_of(&f, "two weeks"), "P2W");
}

#[test]
fn possessive_weekdays_are_past_or_today() {
    // 2026-01-23 is a Friday: "would" looks ahead, but Wednesday's ruling has been made.
    let f = tag(
        "Exile leaders said they would look for ways to get around Wednesday's ruling by the \
         immigration service. Friday's close was the lowest in a month.",
        Some("2026-01-23"),
    );
    has(&f, "Wednesday", D, "2026-01-21");
    has(&f, "Friday", D, "2026-01-23");
}

/// How many mentions are exactly `text`.
fn times(found: &[(String, TimeType, String)], text: &str) -> usize {
    found.iter().filter(|(t, _, _)| t == text).count()
}

/// No mention covers `text`.
fn lacks(found: &[(String, TimeType, String)], text: &str) {
    assert!(
        found.iter().all(|(t, _, _)| !t.contains(text)),
        "[{text}] should not be tagged in {found:?}"
    );
}

#[test]
fn the_quarter_is_the_quarter_the_report_is_about() {
    // anchor 2026-01-22: the quarter before it is 2025-Q4, but the report is on the
    // company's fiscal first quarter
    let f = tag(
        "Acme Corp. reported a 12% rise in profit for its fiscal first quarter. Sales in the \
         quarter rose to $2 billion from $1.8 billion a year earlier. The latest period \
         included a one-time gain.",
        ANCHOR,
    );
    has(&f, "fiscal first quarter", D, "2026-Q1");
    has(&f, "the quarter", D, "2026-Q1");
    has(&f, "a year earlier", D, "2025-Q1");
    has(&f, "The latest period", D, "2026-Q1");
    // a quarter still ahead is not the one reported on
    let f = tag(
        "The company posted third-quarter net income of $5 million. It said the storm will \
         result in a fourth-quarter charge. Revenue in the quarter fell 3%.",
        Some("2025-10-20"),
    );
    has(&f, "third-quarter", D, "2025-Q3");
    has(&f, "fourth-quarter", D, "2025-Q4");
    has(&f, "the quarter", D, "2025-Q3");
}

#[test]
fn a_fiscal_year_ended_on_a_date_is_a_period() {
    let f = tag(
        "For the year ended Sept. 30, the retailer earned $40 million. In the fiscal year ending \
         June 30 it expects sales to rise. Profit for the year will be lower.",
        ANCHOR,
    );
    has(&f, "the year", Du, "P1Y");
    has(&f, "the fiscal year", Du, "P1Y");
    let last = f.iter().rev().find(|(t, _, _)| t == "the year").unwrap();
    assert_eq!(last.2, "2026", "{f:?}");
}

#[test]
fn ages_are_not_durations() {
    let f = tag(
        "Mr. Smith, 52 years old, will succeed her. The plan covers workers 55 years old or \
         older. He served 20 years in the army.",
        ANCHOR,
    );
    lacks(&f, "52 years");
    lacks(&f, "55 years");
    has(&f, "20 years", Du, "P20Y");
}

#[test]
fn soon_points_ahead_only_from_the_present() {
    let f = tag(
        "The envoy was soon released. Protests soon became riots. He died soon after his \
         arrest. The government will soon announce a plan, and talks may soon resume.",
        ANCHOR,
    );
    let soon = f.iter().filter(|(t, _, _)| t == "soon").count();
    assert_eq!(soon, 2, "{f:?}");
    assert!(f.iter().all(|(_, _, v)| v == "FUTURE_REF"), "{f:?}");
}

#[test]
fn the_day_before_a_clause_is_not_a_day() {
    let f = tag(
        "He was last seen on Jan. 20, the day before police issued a warrant. The minister \
         arrived on Jan. 20 and left the day after.",
        ANCHOR,
    );
    lacks(&f, "the day before");
    has(&f, "the day after", D, "2026-01-21");
}

#[test]
fn growth_rates_and_terms_and_these_days() {
    let f = tag(
        "Sales are forecast to rise 8% annually. The fund pays a dividend annually. Prices \
         will stay high in the short term. Nobody denies the challenges of the near term. \
         Few people write letters these days. The firm repaid short-term debt.",
        ANCHOR,
    );
    assert_eq!(
        f.iter().filter(|(t, _, _)| t == "annually").count(),
        1,
        "{f:?}"
    );
    has(&f, "annually", S, "P1Y");
    has(&f, "the short term", D, "FUTURE_REF");
    has(&f, "the near term", D, "FUTURE_REF");
    has(&f, "these days", D, "PRESENT_REF");
    lacks(&f, "short-term");
}

#[test]
fn one_day_after_a_modal_is_some_future_day() {
    let f = tag(
        "She said the region will one day be at peace. The strike lasted one day.",
        ANCHOR,
    );
    has(&f, "one day", D, "FUTURE_REF");
    has(&f, "one day", Du, "P1D");
}

#[test]
fn parts_of_the_day_in_focus() {
    let f = tag(
        "Rebels attacked the town on Jan. 20. Troops arrived in the morning. By mid afternoon \
         the fighting had stopped. Shares were up at mid-afternoon yesterday.",
        ANCHOR,
    );
    has(&f, "the morning", T, "2026-01-20TMO");
    has(&f, "mid afternoon", T, "2026-01-20TAF");
    has(&f, "mid-afternoon yesterday", T, "2026-01-21TAF");
}

#[test]
fn titles_and_idioms_are_not_times() {
    let f = tag(
        "The minister, speaking on the programme \"This Week,\" said talks would resume. This \
         is BBC Today. It was high noon for the coalition. The vote is today.",
        ANCHOR,
    );
    lacks(&f, "This Week");
    lacks(&f, "noon");
    assert_eq!(f.len(), 1, "{f:?}");
    has(&f, "today", D, "2026-01-22");
}

#[test]
fn irregular_past_verbs_put_a_month_in_the_past() {
    // anchor in January: without a tense cue May is the coming one; "brought" makes it
    // last year's
    let f = tag(
        "In May, the board brought in a new chief executive. In May the board will meet. In \
         May the board meets.",
        ANCHOR,
    );
    let values: Vec<&str> = f
        .iter()
        .filter(|(t, _, _)| t == "May")
        .map(|(_, _, v)| v.as_str())
        .collect();
    assert_eq!(values, ["2025-05", "2026-05", "2026-05"], "{f:?}");
}

#[test]
fn a_year_before_a_spaced_dash_is_a_year() {
    let f = tag(
        "Ford sold its stake in Jaguar in 1984 -- part of a privatisation drive -- and its \
         1989-90 plan failed.",
        ANCHOR,
    );
    has(&f, "1984", D, "1984");
    assert!(!f.iter().any(|(t, _, _)| t == "1989"), "{f:?}");
}

#[test]
fn the_same_quarter_a_year_before() {
    // anchor 2026-01-22; the report is on the fourth quarter of 2025
    let f = tag(
        "Acme Corp. said fourth-quarter net income rose 8% to $52 million, compared with a \
         year-earlier loss of $3 million. For the quarter a year ago, Acme earned $48 million. \
         Sales were $1.2 billion, against $1.1 billion in the corresponding period last year. \
         In the 2024 quarter, costs were higher.",
        ANCHOR,
    );
    has(&f, "fourth-quarter", D, "2025-Q4");
    has(&f, "year-earlier", D, "2024-Q4");
    has(&f, "the quarter a year ago", D, "2024-Q4");
    has(&f, "the corresponding period last year", D, "2024-Q4");
    has(&f, "the 2024 quarter", D, "2024-Q4");
    // without a quarter reported on, "the 2024 period" is the year
    let f = tag(
        "Costs fell from the 2024 period, the ministry said.",
        ANCHOR,
    );
    has(&f, "the 2024 period", D, "2024");
}

#[test]
fn the_week_of_a_date_and_a_second_day() {
    let f = tag(
        "The case could be resolved in a hearing the week of March 6, the family's lawyer said. \
         Leaders will gather for the summit on April 24 and 25. Shares rose on May 5 and 6 \
         percent of the float changed hands.",
        Some("2000-02-24"),
    );
    has(&f, "the week of March 6", D, "2000-W10");
    has(&f, "April 24", D, "2000-04-24");
    has(&f, "25", D, "2000-04-25");
    assert!(!f.iter().any(|(t, _, _)| t == "6"), "{f:?}");
}

#[test]
fn an_adjective_in_ed_is_no_past_cue() {
    // "unspecified" after "a still" is an adjective: the clause looks ahead
    let f = tag(
        "The company said the dividend will be paid on a still unspecified date in January.",
        Some("1989-10-26"),
    );
    has(&f, "January", D, "1990-01");
}

#[test]
fn days_counted_from_a_named_day() {
    // 1989-10-30 is a Monday
    let f = tag(
        "The index rose 1.2% on Friday. It closed at 2082.1, down 4.5% from the previous \
         Friday. The day before last Tuesday's hearing, the lawyers met.",
        Some("1989-10-30"),
    );
    has(&f, "Friday", D, "1989-10-27");
    has(&f, "the previous Friday", D, "1989-10-20");
    has(&f, "The day before last Tuesday", D, "1989-10-23");
}

#[test]
fn year_to_date_comparisons_are_the_year_before() {
    // anchor 1989-11-02: the report is on the third quarter of 1989
    let f = tag(
        "Acme Corp. said third-quarter net income rose 5% to $12 million from $11 million a \
         year ago. For the first nine months, net was $30 million, compared with a loss of $4 \
         million a year earlier. Revenue for the nine months rose to $1.2 billion from $1.1 \
         billion in the 1988 period. Net for the year-earlier nine months included a gain of \
         $9 million.",
        Some("1989-11-02"),
    );
    // the quarter a year before, then the year before in the report on nine months
    for (text, kind, value) in [
        ("third-quarter", D, "1989-Q3"),
        ("a year ago", D, "1988-Q3"),
        ("a year earlier", D, "1988"),
        ("the 1988 period", D, "1988"),
        ("the year-earlier nine months", Du, "P9M"),
    ] {
        has(&f, text, kind, value);
    }
}

#[test]
fn the_past_year_is_the_year_before() {
    let f = tag(
        "Hate groups have multiplied in the United States over the past year. Workers lost \
         earning power to inflation in the last decade. In the last year of his term, he vetoed \
         the bill.",
        Some("1998-03-03"),
    );
    has(&f, "the past year", D, "1997");
    has(&f, "the last decade", D, "198");
    assert!(
        !f.iter()
            .any(|(t, _, v)| t == "the last year" && v == "1997"),
        "{f:?}"
    );
}

#[test]
fn election_day_the_future_of_and_a_day_earlier() {
    let f = tag(
        "\"It will be a major theme of our campaign from now to Election Day,\" he said. \
         That is very important to the future of our peoples. Air strikes will continue well \
         into the future. There are no shipments at the moment. A day earlier, scores of \
         trucks crossed the border.",
        Some("1998-10-26"),
    );
    has(&f, "Election Day", D, "1998-11-03");
    assert_eq!(times(&f, "the future"), 1, "{f:?}");
    has(&f, "A day earlier", Du, "P1D");
}

#[test]
fn the_first_two_quarters_of_a_year_are_its_first_half() {
    let f = tag(
        "Orders will stay weak through the fourth quarter and through at least the first two \
         quarters of 1990, when the industry will see new capacity.",
        Some("1989-10-26"),
    );
    assert!(
        f.iter()
            .any(|(t, _, v)| t.ends_with("first two quarters of 1990") && v == "1990-H1"),
        "{f:?}"
    );
    assert!(!f.iter().any(|(t, _, _)| t == "1990"), "{f:?}");
}

#[test]
fn weekday_nights_last_month_names_year_end_and_comparisons() {
    let f = tag(
        "Qantas said two new flights would leave Bombay on Tuesday nights from March 30. Two \
         military helicopters crashed last February, the newspaper said. The percentage change \
         is since year-end. The quarter-to-quarter comparison was also enhanced by charges.",
        Some("1998-03-01"),
    );
    has(&f, "Tuesday nights", S, "XXXX-WXX-2TNI");
    // the month just ended would be "last month": "last February" in March is a year back
    has(&f, "last February", D, "1997-02");
    assert!(
        f.iter()
            .any(|(t, _, v)| t.ends_with("year-end") && v == "1997-12-31"),
        "{f:?}"
    );
    lacks(&f, "quarter");
    // a month further back is this year's
    let f = tag(
        "The company was founded last April, a spokesman said.",
        Some("1989-10-30"),
    );
    has(&f, "last April", D, "1989-04");
}

#[test]
fn headquarters_and_fractions_do_not_make_a_quarterly_report() {
    // "a year earlier" in a jobs report is the year before; the words "headquarters",
    // "quarter-century" and "three-quarters of" name no quarter of a year
    let f = tag(
        "Joblessness stayed a notch above its quarter-century low, the agency said at its \
         headquarters. Imports make up about three-quarters of its food. The gain left wages \
         3.8 percent higher than a year earlier.",
        Some("1998-02-06"),
    );
    has(&f, "a year earlier", D, "1997");
    // a results report keeps the reported quarter a year back
    let f = tag(
        "Acme posted a 20% gain in third-quarter net income. Sales rose from $1.37 billion a \
         year earlier.",
        Some("1989-11-01"),
    );
    has(&f, "a year earlier", D, "1988-Q3");
    let f = tag(
        "Acme ended a two-quarter slide. Sales rose from $1.37 billion a year earlier.",
        Some("1989-11-01"),
    );
    has(&f, "a year earlier", D, "1988-Q3");
}

#[test]
fn an_earlier_quarter_named_in_passing_is_not_the_reported_one() {
    let f = tag(
        "Kimberly-Clark posted a 20% gain in third-quarter net income. After a flat second \
         quarter tied to lower newsprint earnings, the company rebounded. In the 1989 period \
         also, interest expense was lower than a year ago.",
        Some("1989-11-01"),
    );
    has(&f, "second quarter", D, "1989-Q2");
    has(&f, "the 1989 period", D, "1989-Q3");
    has(&f, "a year ago", D, "1988-Q3");
}

#[test]
fn trading_and_business_days_are_days() {
    let f = tag(
        "Eight trading days after Oct. 12, the index was still down. The offer expires in \
         ten business days. The working group met.",
        Some("1989-10-30"),
    );
    has(&f, "Eight trading days", Du, "P8D");
    has(&f, "ten business days", Du, "P10D");
    lacks(&f, "working");
}

#[test]
fn ahead_of_the_weekend_is_the_coming_one() {
    // 1989-10-26 is a Thursday
    let f = tag(
        "Dealers had chosen to square positions ahead of the weekend. Over the weekend, \
         lawyers met.",
        Some("1989-10-26"),
    );
    has(&f, "the weekend", D, "1989-W43-WE");
    let f = tag(
        "Dealers squared positions before the weekend.",
        Some("1989-10-30"),
    );
    has(&f, "the weekend", D, "1989-W44-WE");
}

#[test]
fn a_fiscal_quarter_starts_another_report() {
    let f = tag(
        "Bethlehem posted a 54% drop in third-quarter profit. National Steel posted net income \
         for the fiscal second quarter of $8.6 million. The latest period includes gains of \
         $9.1 million.",
        Some("1989-10-26"),
    );
    has(&f, "The latest period", D, "1989-Q2");
}

#[test]
fn a_weekday_before_a_plural_part_of_day_is_a_set_too() {
    let f = tag(
        "Two new flights would leave Bombay on Monday and Tuesday nights from March 30.",
        Some("1998-02-13"),
    );
    has(&f, "Monday", S, "XXXX-WXX-1TNI");
    has(&f, "Tuesday nights", S, "XXXX-WXX-2TNI");
}

#[test]
fn weekday_references_are_found_only_where_a_weekday_is_named() {
    let text = "Zürich's mayor spoke on Monday, Jan. 5, 2026. The figures came later. \
                Ministers met on Thursday and will meet again next week. The monthly report \
                came out. Talks resume on Fri. night, officials said.";
    let sentences = segment(text);
    assert_eq!(sentences.len(), 5);
    let refs = weekday_refs(text, &sentences);
    let found: Vec<(usize, &str, u8)> = refs
        .iter()
        .map(|r| {
            let s = storyline_model::Span::new(r.start, r.end);
            (r.sentence, s.slice(text).unwrap_or(""), r.weekday)
        })
        .collect();
    // The dated Monday is no bare weekday; "monthly" names none. The sentences are those of
    // the whole text, though only some are read.
    assert_eq!(found, [(2, "Thursday", 4), (4, "Fri. night", 5)]);
    assert!(weekday_refs(
        "No weekday here. None at all.",
        &segment("No weekday here. None at all.")
    )
    .is_empty());
}

#[test]
fn a_present_schedule_verb_before_a_weekday_looks_ahead() {
    // 2026-01-22 is a Thursday
    let f = tag(
        "Israeli and Palestinian leaders meet separately Monday with the US envoy. The trial \
         opens on Tuesday in The Hague. The two sides did not meet Wednesday, aides said.",
        ANCHOR,
    );
    has(&f, "Monday", D, "2026-01-26");
    has(&f, "Tuesday", D, "2026-01-27");
    has(&f, "Wednesday", D, "2026-01-21");
}

#[test]
fn uncounted_decades_are_years() {
    let f = tag(
        "For decades, exiles in Miami lobbied Washington. The glassblowers of Herat have kept \
         their craft for centuries. The embargo has lasted four decades.",
        ANCHOR,
    );
    has(&f, "decades", Du, "PXY");
    has(&f, "centuries", Du, "PXC");
    has(&f, "four decades", Du, "P40Y");
}

#[test]
fn quarters_of_something_are_periods_unless_one_or_three() {
    let f = tag(
        "Control Data, which posted a third-quarter loss, recently returned to profit after \
         several quarters of losses. Rival Unisys has had two quarters of losses. A quarter of \
         its staff and three quarters of its plants are abroad.",
        Some("1989-10-30"),
    );
    has(&f, "several quarters", Du, "PXQ");
    has(&f, "two quarters", Du, "P2Q");
    lacks(&f, "A quarter");
    lacks(&f, "three quarters");
}

#[test]
fn a_unit_long_compound_is_one_unit() {
    let f = tag(
        "Lawyers for the family emerged from their third day-long meeting with federal \
         officials. The envoy ends a week-long visit on Friday. The strike was decades-long.",
        Some("2000-04-03"),
    );
    has(&f, "day-long", Du, "P1D");
    has(&f, "a week-long", Du, "P1W");
    has(&f, "decades-long", Du, "PXY");
}

#[test]
fn in_a_count_after_a_modal_is_a_date_ahead() {
    let f = tag(
        "The notes would be repaid in five years, the lender said. Analysts say the plant may, \
         in a year or two, double its output. The union will vote in three weeks. It will be \
         the first rate cut in ten years. Prices rose 3% in two months. Tax payments would \
         normally be small in a quarter that produced such a loss.",
        ANCHOR,
    );
    // a relative clause makes "a quarter" some period, not a count ahead
    for (text, kind, value) in [
        ("five years", D, "2031"),
        ("a year or two", D, "FUTURE_REF"),
        ("three weeks", D, "2026-W07"),
        ("ten years", Du, "P10Y"),
        ("two months", Du, "P2M"),
        ("a quarter", Du, "P1Q"),
    ] {
        has(&f, text, kind, value);
    }
}

#[test]
fn bare_recent_or_coming_years_point_back_or_ahead() {
    let f = tag(
        "The city has suffered a wave of kidnappings in recent years. Sales fell in past years, \
         and analysts see no upturn in coming quarters. Ministers plan to buy new jets in the \
         coming years. Rents have risen in recent weeks.",
        ANCHOR,
    );
    has(&f, "recent years", D, "PAST_REF");
    has(&f, "past years", D, "PAST_REF");
    has(&f, "coming quarters", D, "FUTURE_REF");
    has(&f, "the coming years", Du, "PXY");
    has(&f, "recent weeks", Du, "PXW");
}

#[test]
fn of_tomorrow_is_the_times_in_general() {
    let f = tag(
        "\"These are the leaders of tomorrow,\" the minister said. As of today, the fund holds \
         $2 billion. The talks resume tomorrow.",
        ANCHOR,
    );
    assert_eq!(times(&f, "tomorrow"), 1, "{f:?}");
    has(&f, "today", D, "2026-01-22");
}

#[test]
fn a_year_in_a_name_is_no_date() {
    let f = tag(
        "Farkas now heads a joint venture called Orion 1980, which builds parts for NASA. \
         Fiscal 2025 sales rose. Prices peaked in September 1998 and again in 2001.",
        ANCHOR,
    );
    lacks(&f, "1980");
    has(&f, "September 1998", D, "1998-09");
    has(&f, "2001", D, "2001");
}

#[test]
fn over_a_count_is_more_than_it_only_before_an_article_or_figures() {
    let f = tag(
        "The tour is likely to last over a week. The remaining $40 million can be used over \
         three years. The system has evolved over several years. Just over an hour later, he \
         was dead.",
        ANCHOR,
    );
    has(&f, "over a week", Du, "P1W");
    has(&f, "three years", Du, "P3Y");
    has(&f, "several years", Du, "PXY");
    has(&f, "over an hour", Du, "PT1H");
}

#[test]
fn over_the_years_is_a_stretch_of_years() {
    let f = tag(
        "Over the years, the clinic has treated thousands. In the years that followed, the \
         rebels took the capital. In the weeks before the vote, turnout fell. The scars of the \
         years of war remain.",
        ANCHOR,
    );
    has(&f, "the years", Du, "PXY");
    lacks(&f, "weeks");
    // "Over the years", "In the years that followed"; not "the years of war"
    assert_eq!(times(&f, "the years"), 2, "{f:?}");
    assert_eq!(f.len(), 2, "{f:?}");
}

#[test]
fn centuries_and_millennia_keep_their_units() {
    let f = tag(
        "The mosque dominated the skyline for centuries. Families here have kept their glass \
         secrets for more than two thousand years. The church has stood for a thousand years, \
         the bridge for two hundred years.",
        ANCHOR,
    );
    has(&f, "centuries", Du, "PXC");
    has(&f, "more than two thousand years", Du, "P2L");
    has(&f, "a thousand years", Du, "P1L");
    has(&f, "two hundred years", Du, "P200Y");
}

#[test]
fn then_current_is_past() {
    let f = tag(
        "Holders may buy shares at 50% of the then current market price. The then-current \
         chairman resigned. The current system is unfair.",
        ANCHOR,
    );
    has(&f, "then current", D, "PAST_REF");
    has(&f, "then-current", D, "PAST_REF");
    has(&f, "current", D, "PRESENT_REF");
}

#[test]
fn months_of_pay_are_money() {
    let f = tag(
        "Upjohn is offering a retirement bonus equal to six months of base pay. Workers get two \
         weeks of severance.",
        ANCHOR,
    );
    assert!(f.is_empty(), "{f:?}");
    let f = tag("The ruling follows six months of infighting.", ANCHOR);
    has(&f, "six months", Du, "P6M");
}

#[test]
fn a_day_described_is_the_day_in_focus() {
    let f = tag(
        "Poland joined NATO on March 12, 1999. Geremek said it was \"a great day for Poland.\" \
         \"This is a historic day,\" the minister says. Today is a sad day for the court. It \
         was a day later that the talks resumed.",
        ANCHOR,
    );
    has(&f, "day", D, "1999-03-12");
    has(&f, "day", D, "2026-01-22");
    has(&f, "Today", D, "2026-01-22");
    assert_eq!(times(&f, "day"), 2, "{f:?}");
    has(&f, "a day", Du, "P1D");
}

#[test]
fn the_nth_day_of_a_running_event_is_the_day_spoken_of() {
    let f = tag(
        "It's the second day of an offensive by the security forces. In Saudi Arabia, today is \
         the eighth day of the operation. He won on the second day of voting.",
        ANCHOR,
    );
    has(&f, "the second day", D, "2026-01-22");
    has(&f, "the eighth day", D, "2026-01-22");
    assert_eq!(times(&f, "the second day"), 1, "{f:?}");
}

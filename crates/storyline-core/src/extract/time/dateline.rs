//! The article's own date: a dateline (`KYIV, Jan 22 (Reuters) -`), a date line at the top, an
//! explicit `yesterday (January 21)`, or an absolute date that a weekday agrees with; and the
//! check of a stated date against what the text says. Conservative by design: a false
//! conflict is worse than a missed one, and nothing is guessed.

use super::normalise::{Rel, Sem, Tense};
use super::recognise::{scan, Found};
use jiff::civil::Date;
use storyline_model::{DateSource, Published, PublishedConflict, Span};

/// A dateline at the start of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    /// Code-point span of the whole dateline (place, date, agency).
    pub span: Span,
    pub text: String,
    pub year: Option<i32>,
    pub month: u8,
    pub day: u8,
}

/// What the text says about dates, collected once.
struct Evidence<'a> {
    dateline: Option<Dateline>,
    /// A short first line that is only a date (`Published 22 January 2026`).
    date_line: Option<(Date, &'a str)>,
    /// `yesterday (January 21)`: the article's date and the words that say so.
    explicit: Vec<(Option<i32>, u8, u8, i32, String)>,
    /// Full dates with their clause's tense.
    full: Vec<(Date, Tense, &'a str)>,
    /// Bare weekdays (1 = Monday) with their tense and text.
    weekdays: Vec<(u8, Tense, &'a str)>,
}

fn collect<'a>(text: &'a str, sentences: &[Span], captions: &[&'a str]) -> Evidence<'a> {
    let mut found: Vec<Found<'a>> = Vec::new();
    scan(text, sentences, |f| found.push(f));
    let mut ev = Evidence {
        dateline: find_dateline(text, sentences),
        date_line: None,
        explicit: Vec::new(),
        full: Vec::new(),
        weekdays: Vec::new(),
    };
    // A first line that is only a date.
    let first = sentences.iter().take(3).find(|s| !s.is_empty());
    for f in &found {
        if let Sem::Date {
            y: Some(y),
            m,
            d: Some(d),
            ..
        } = f.sem
        {
            if let Some(date) = ymd(y, m, d) {
                ev.full.push((date, f.tense, f.text));
                if let Some(s) = first {
                    if f.sentence < 3 && ev.date_line.is_none() {
                        let line = s.slice(text).unwrap_or("");
                        if sentences.get(f.sentence) == Some(s) && date_only_line(line, f.text) {
                            ev.date_line = Some((date, f.text));
                        }
                    }
                }
            }
        }
        if let Sem::Weekday { wd, rel: Rel::Bare } = f.sem {
            ev.weekdays.push((wd, f.tense, f.text));
        }
    }
    // yesterday (January 21) / today, Jan. 22 / tomorrow (Friday, Jan 23)
    for pair in found.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let Sem::Deictic(n) = a.sem else { continue };
        let Sem::Date {
            y, m, d: Some(d), ..
        } = b.sem
        else {
            continue;
        };
        if a.sentence != b.sentence {
            continue;
        }
        let between: String = text
            .chars()
            .skip(a.end)
            .take(b.start.saturating_sub(a.end))
            .collect();
        if between.len() <= 4
            && between
                .chars()
                .all(|c| c.is_whitespace() || matches!(c, '(' | ',' | '-' | '—' | '–'))
        {
            let words = format!("{} ({})", a.text, b.text);
            ev.explicit.push((y, m, d, n, words));
        }
    }
    // A photo caption's full date ("… in Moscow, Russia, January 22, 2026") is when the
    // picture was taken: on or before the article's date, as a past date in the text is.
    for caption in captions {
        scan(caption, &[], |f| {
            if let Sem::Date {
                y: Some(y),
                m,
                d: Some(d),
                ..
            } = f.sem
            {
                if let Some(date) = ymd(y, m, d) {
                    ev.full.push((date, Tense::Past, f.text));
                }
            }
        });
    }
    ev
}

/// `line` is a date and little else (`Published: 22 January 2026 10:30 GMT`).
fn date_only_line(line: &str, date: &str) -> bool {
    let rest = line.replacen(date, "", 1);
    let words: Vec<&str> = rest
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    rest.chars().count() < 40
        && words.iter().all(|w| {
            let l = w.to_ascii_lowercase();
            matches!(
                l.as_str(),
                "published"
                    | "updated"
                    | "posted"
                    | "date"
                    | "on"
                    | "at"
                    | "am"
                    | "pm"
                    | "a"
                    | "p"
                    | "m"
                    | "gmt"
                    | "utc"
                    | "est"
                    | "edt"
                    | "et"
                    | "bst"
                    | "cet"
                    | "last"
                    | "monday"
                    | "tuesday"
                    | "wednesday"
                    | "thursday"
                    | "friday"
                    | "saturday"
                    | "sunday"
            ) || l.bytes().all(|b| b.is_ascii_digit())
        })
}

fn ymd(y: i32, m: u8, d: u8) -> Option<Date> {
    Date::new(i16::try_from(y).ok()?, m as i8, d as i8).ok()
}

/// The dateline at the start of `text`, if any: `KYIV, Jan 22 (Reuters) -`,
/// `WASHINGTON, January 22, 2026 —`, `(AP) Jan. 22 —`, `Jan 22 (Reuters) -`.
pub fn find_dateline(text: &str, sentences: &[Span]) -> Option<Dateline> {
    let first = sentences.iter().find(|s| !s.is_empty())?;
    // Look at the first 160 characters of the first sentence.
    let head_end = first.start + first.len().min(160);
    let head: String = text
        .chars()
        .skip(first.start)
        .take(head_end - first.start)
        .collect();
    let head_span = [Span::new(0, head.chars().count())];
    let mut best = None;
    scan(&head, &head_span, |f| {
        if best.is_some() {
            return;
        }
        let Sem::Date {
            y, m, d: Some(d), ..
        } = f.sem
        else {
            return;
        };
        let before: String = head.chars().take(f.start).collect();
        let after: String = head.chars().skip(f.end).collect();
        if !dateline_before(&before) {
            return;
        }
        let Some(tail) = dateline_after(&after) else {
            return;
        };
        let end = f.end + tail;
        best = Some(Dateline {
            span: Span::new(first.start, first.start + end),
            text: head
                .chars()
                .take(end)
                .collect::<String>()
                .trim()
                .to_string(),
            year: y,
            month: m,
            day: d,
        });
    });
    best
}

/// What precedes the date: nothing, `PLACE,` (capitals), `PLACE, State,` or `(AP)`.
fn dateline_before(before: &str) -> bool {
    let b = before.trim();
    if b.is_empty() {
        return true;
    }
    if b.len() > 60 {
        return false;
    }
    if let Some(rest) = b.strip_suffix(')') {
        // (AP) / PLACE (Reuters)
        return rest.rsplit_once('(').is_some_and(|(place, agency)| {
            is_agency(agency) && (place.trim().is_empty() || is_place(place.trim()))
        });
    }
    if let Some(place) = b.strip_suffix(',') {
        return is_place(place.trim());
    }
    false
}

/// A dateline place: starts with a capitalised word, the first word in capitals
/// (`WASHINGTON`, `NEW YORK`, `Kyiv, Ukraine` is accepted when the first word is upper case).
fn is_place(p: &str) -> bool {
    let first = p.split([' ', ',']).next().unwrap_or("");
    let letters: Vec<char> = first.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2
        && letters.iter().all(|c| c.is_uppercase())
        && p.chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | ',' | '.' | '-' | '\''))
        && p.split_whitespace().count() <= 6
}

fn is_agency(a: &str) -> bool {
    let a = a.trim();
    !a.is_empty()
        && a.len() <= 20
        && a.chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '/' | '.' | '&'))
        && a.chars().next().is_some_and(char::is_uppercase)
}

/// What follows the date: optional `(Agency)`, then a dash; returns the length consumed.
fn dateline_after(after: &str) -> Option<usize> {
    let mut rest = after;
    let mut used = 0;
    let skip_ws = |s: &str| s.len() - s.trim_start().len();
    let ws = skip_ws(rest);
    used += rest[..ws].chars().count();
    rest = &rest[ws..];
    if let Some(r) = rest.strip_prefix('(') {
        let close = r.find(')')?;
        if !is_agency(&r[..close]) {
            return None;
        }
        used += r[..close].chars().count() + 2;
        rest = &r[close + 1..];
        let ws = skip_ws(rest);
        used += rest[..ws].chars().count();
        rest = &rest[ws..];
    }
    let c = rest.chars().next()?;
    if matches!(c, '-' | '—' | '–' | '_' | ':' | '/') {
        Some(used + 1)
    } else {
        None
    }
}

/// Picks the year of a month and day closest to `near`.
fn closest_year(m: u8, d: u8, near: Date) -> Option<Date> {
    let y = near.year() as i32;
    [y - 1, y, y + 1]
        .into_iter()
        .filter_map(|y| ymd(y, m, d))
        .min_by_key(|c| days_between(*c, near).abs())
}

fn days_between(a: Date, b: Date) -> i64 {
    i64::from(a.since(b).map(|s| s.get_days()).unwrap_or(i32::MAX))
}

fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(jiff::Span::new().days(n)).ok()
}

fn weekday_no(d: Date) -> u8 {
    d.weekday().to_monday_one_offset() as u8
}

/// The article's date when metadata gives none, and a conflict when a stated date is
/// contradicted by the text.
///
/// Returns the stated date unchanged when there is one (with a conflict if the text
/// disagrees); otherwise a dateline (`source: dateline`), a date stated at the top or as
/// `yesterday (January 21)` (`text`), or an absolute date that a weekday reference agrees
/// with (`inferred`); otherwise `None`. `captions` are the photo captions cleaning took out
/// of the body: their full dates count as past dates of the text.
pub fn infer_published<'a>(
    text: &'a str,
    sentences: &[Span],
    stated: Option<&Published>,
    captions: &[&'a str],
) -> (Option<Published>, Option<PublishedConflict>) {
    let ev = collect(text, sentences, captions);
    // The year of a dateline without one: from the stated date, else from the text's full
    // dates (the dateline must not come before any of the past ones, nor long after).
    let stated_date = stated.and_then(|p| super::anchor_date(&p.value));
    let dateline_date = ev.dateline.as_ref().and_then(|dl| match dl.year {
        Some(y) => ymd(y, dl.month, dl.day),
        None => match stated_date {
            Some(s) => closest_year(dl.month, dl.day, s),
            None => year_from_text(dl.month, dl.day, &ev),
        },
    });
    let explicit: Vec<(Date, &str)> = ev
        .explicit
        .iter()
        .filter_map(|(y, m, d, n, words)| {
            let date = match y {
                Some(y) => ymd(*y, *m, *d)?,
                None => match stated_date {
                    Some(s) => closest_year(*m, *d, s)?,
                    None => year_from_text(*m, *d, &ev)?,
                },
            };
            Some((add_days(date, -i64::from(*n))?, words.as_str()))
        })
        .collect();
    let agreed = weekday_agreement(&ev);

    if let Some(stated) = stated {
        let conflict = stated_date.and_then(|s| {
            conflict(
                s,
                &stated.value,
                dateline_date.zip(ev.dateline.as_ref().map(|d| d.text.as_str())),
                ev.date_line,
                &explicit,
                agreed,
                &ev,
            )
        });
        return (Some(stated.clone()), conflict);
    }
    let published = |d: Date, source| {
        Some(Published {
            value: d.to_string(),
            source,
        })
    };
    if let Some(d) = dateline_date {
        return (published(d, DateSource::Dateline), None);
    }
    if let Some((d, _)) = ev.date_line {
        return (published(d, DateSource::Text), None);
    }
    // Several explicit statements must agree.
    if let Some(&(d, _)) = explicit.first() {
        if explicit.iter().all(|(e, _)| *e == d) && past_dates_fit(d, &ev) {
            return (published(d, DateSource::Text), None);
        }
        return (None, None);
    }
    if let Some((d, _, _)) = agreed {
        return (published(d, DateSource::Inferred), None);
    }
    (None, None)
}

/// The year for a month and day from the text's full dates: the latest full date in a past
/// context, if the month and day fall within 120 days after it.
fn year_from_text(m: u8, d: u8, ev: &Evidence) -> Option<Date> {
    let latest = ev
        .full
        .iter()
        .filter(|(_, t, _)| *t != Tense::Future)
        .map(|(d, _, _)| *d)
        .max()?;
    let c = closest_year(m, d, latest)?;
    let gap = days_between(c, latest);
    (0..=120).contains(&gap).then_some(c)
}

/// No full date in a past-tense clause lies after `d`.
fn past_dates_fit(d: Date, ev: &Evidence) -> bool {
    ev.full.iter().all(|(f, t, _)| *t != Tense::Past || *f <= d)
}

/// A full date whose weekday the text names in a non-future clause, which is the latest
/// full date in a past context: the article is most plausibly of that day.
/// Returns (date, the weekday's words, the date's words).
fn weekday_agreement<'a>(ev: &Evidence<'a>) -> Option<(Date, &'a str, &'a str)> {
    let mut best: Option<(Date, &str, &str)> = None;
    for &(d, t, dtext) in &ev.full {
        if t == Tense::Future {
            continue;
        }
        let wd = weekday_no(d);
        let Some(&(_, _, wtext)) = ev
            .weekdays
            .iter()
            .find(|(w, wt, _)| *w == wd && *wt != Tense::Future)
        else {
            continue;
        };
        if best.is_none_or(|(b, _, _)| d > b) {
            best = Some((d, wtext, dtext));
        }
    }
    let (d, _, _) = best?;
    // Every weekday named in a past clause must then fall within the week before `d`,
    // which always holds; but no past full date may come after it.
    past_dates_fit(d, ev).then_some(best?)
}

fn conflict(
    s: Date,
    claimed: &str,
    dateline: Option<(Date, &str)>,
    date_line: Option<(Date, &str)>,
    explicit: &[(Date, &str)],
    agreed: Option<(Date, &str, &str)>,
    ev: &Evidence,
) -> Option<PublishedConflict> {
    let make = |evidence: String| {
        Some(PublishedConflict {
            claimed: claimed.to_string(),
            evidence,
            reports: Vec::new(),
        })
    };
    // Allow a day either way for time zones and late-night filing.
    if let Some((d, words)) = dateline {
        if days_between(d, s).abs() > 2 {
            return make(format!("dateline \"{words}\" gives {d}"));
        }
    }
    if let Some((d, words)) = date_line {
        if days_between(d, s).abs() > 2 {
            return make(format!("the text is dated \"{words}\" ({d})"));
        }
    }
    for &(d, words) in explicit {
        if days_between(d, s).abs() > 2 {
            return make(format!("\"{words}\" puts the article on {d}"));
        }
    }
    // Events reported as past that happened after the stated date.
    if let Some((d, wtext, dtext)) = agreed {
        if days_between(d, s) > 3 {
            return make(format!(
                "\"{wtext}\" and \"{dtext}\" (a {}) put the article on or after {d}, {} days after the stated date",
                d.weekday().to_string_full(),
                days_between(d, s)
            ));
        }
    }
    let mut later: Vec<(Date, &str)> = ev
        .full
        .iter()
        .filter(|(d, t, _)| *t == Tense::Past && days_between(*d, s) > 3)
        .map(|(d, _, w)| (*d, *w))
        .collect();
    later.sort();
    later.dedup_by_key(|x| x.0);
    if later.len() >= 2 {
        let list: Vec<String> = later
            .iter()
            .take(3)
            .map(|(d, w)| format!("\"{w}\" ({d})"))
            .collect();
        return make(format!(
            "the text reports as past {} after the stated date",
            list.join(", ")
        ));
    }
    None
}

trait WeekdayName {
    fn to_string_full(self) -> &'static str;
}

impl WeekdayName for jiff::civil::Weekday {
    fn to_string_full(self) -> &'static str {
        use jiff::civil::Weekday::*;
        match self {
            Monday => "Monday",
            Tuesday => "Tuesday",
            Wednesday => "Wednesday",
            Thursday => "Thursday",
            Friday => "Friday",
            Saturday => "Saturday",
            Sunday => "Sunday",
        }
    }
}

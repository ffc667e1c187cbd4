//! TIMEX3 values: what a recognised expression means ([`Sem`]) resolved against the anchor
//! (the article's date), the sentence's tense and the narrative reference date.
//!
//! Without an anchor, anything relative stays underspecified (`XXXX-XX-XX`, `XXXX-WXX-4`):
//! a date is never invented.

use super::lexicon::Unit;
use jiff::civil::Date;
use storyline_model::TimeType;

/// `last` / `next` / `this` in front of a weekday, month, season or unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Rel {
    Bare,
    Last,
    Next,
    This,
    /// `July last year`
    PrevYear,
    /// `March next year`
    NextYear,
}

/// Tense of the clause around an expression, from the nearest cue word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    Past,
    Future,
    Unknown,
}

/// What an expression means, before resolution.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Sem {
    /// A calendar date or month, year given or to be inferred.
    Date {
        y: Option<i32>,
        m: u8,
        d: Option<u8>,
        rel: Rel,
    },
    Year(i32),
    /// `199` for the 1990s.
    Decade(i32),
    /// `19` for the 20th century.
    Century(i32),
    Weekday {
        wd: u8,
        rel: Rel,
    },
    /// Days from the anchor: yesterday −1, today 0, tomorrow 1.
    Deictic(i32),
    /// this/last/next week, month, year, quarter, decade.
    Unit {
        unit: Unit,
        off: i32,
    },
    Weekend(Rel),
    Quarter {
        q: Option<u8>,
        yoff: Option<i32>,
        year: Option<i32>,
    },
    Half {
        h: u8,
        yoff: Option<i32>,
        year: Option<i32>,
    },
    Season {
        s: &'static str,
        rel: Rel,
        year: Option<i32>,
    },
    /// `n` units before (`sign` −1) or after (+1) the anchor; `from_ref`: the narrative date.
    Ago {
        n: Option<f64>,
        unit: Unit,
        sign: i32,
        from_ref: bool,
    },
    /// A value that needs no anchor.
    Lit(TimeType, String),
    Clock {
        h: u8,
        mi: u8,
        day: Option<Box<Sem>>,
    },
    Part {
        day: Box<Sem>,
        part: &'static str,
    },
    /// A holiday on a fixed month and day; `Thanksgiving` and `Easter` are computed.
    Holiday {
        which: Holiday,
        year: Option<i32>,
    },
    /// That weekday before the narrative reference day (`the previous Friday`).
    RefWeekday(u8),
    /// Days from a named day (`the day before last Tuesday` −1).
    DayFrom(Box<Sem>, i32),
    /// The week that holds a day (`the week of March 6`).
    WeekOf(Box<Sem>),
    /// The narrative reference day shifted (`the next day` +1, `that day` 0).
    RefDay(i32),
    /// The narrative reference shifted by units (`the following year`, `that year`).
    RefUnit {
        unit: Unit,
        off: i32,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Holiday {
    Fixed(u8, u8),
    Thanksgiving,
    Easter,
    MemorialDay,
    LaborDay,
    /// US Election Day: the Tuesday after the first Monday of November.
    ElectionDay,
}

/// What a value is resolved against.
#[derive(Debug, Clone, Copy)]
pub(super) struct Ctx {
    pub anchor: Option<Date>,
    pub tense: Tense,
    /// The last full date the text mentioned (for `the next day`), if any.
    pub reference: Option<Date>,
    /// The year of the last date the text mentioned (for `that year`), if any.
    pub ref_year: Option<i32>,
    /// The year and month of the last date the text mentioned (`the following month`).
    pub ref_month: Option<(i32, i32)>,
    /// The quarter the text reports on: the last quarter it named by number that had
    /// already begun (`fiscal first quarter`, `third-quarter earnings`). `the quarter`,
    /// `the latest period` and a quarterly `a year ago` refer to it rather than to the
    /// quarter before the anchor.
    pub ref_quarter: Option<(i32, i32)>,
}

pub(super) fn kind(sem: &Sem) -> TimeType {
    match sem {
        Sem::Lit(k, _) => *k,
        Sem::Clock { .. } | Sem::Part { .. } => TimeType::Time,
        Sem::Ago { n: None, .. } => TimeType::Date,
        _ => TimeType::Date,
    }
}

fn ymd(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn ym(y: i32, m: i32) -> String {
    format!("{y:04}-{m:02}")
}

fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(jiff::Span::new().days(n)).ok()
}

fn add_months(y: i32, m: i32, off: i32) -> (i32, i32) {
    let k = y * 12 + (m - 1) + off;
    (k.div_euclid(12), k.rem_euclid(12) + 1)
}

fn week(d: Date) -> String {
    let w = d.iso_week_date();
    format!("{:04}-W{:02}", w.year(), w.week())
}

fn weekday_no(d: Date) -> i64 {
    i64::from(d.weekday().to_monday_one_offset())
}

fn quarter_of(m: i32) -> i32 {
    (m - 1) / 3 + 1
}

/// The value of `sem` in `cx`.
pub(super) fn value(sem: &Sem, cx: &Ctx) -> String {
    let a = cx.anchor;
    match sem {
        Sem::Lit(_, v) => v.clone(),
        Sem::Year(y) => format!("{y:04}"),
        Sem::Decade(d) => format!("{d:03}"),
        Sem::Century(c) => format!("{c:02}"),
        Sem::Date { y, m, d, rel } => {
            let m = i32::from(*m);
            let y = match (y, a) {
                (Some(y), _) => Some(*y),
                (None, None) => None,
                (None, Some(a)) => Some(infer_year(a, m, d.map(i32::from), *rel, cx.tense)),
            };
            let ys = y.map_or("XXXX".to_string(), |y| format!("{y:04}"));
            match d {
                Some(d) => format!("{ys}-{m:02}-{d:02}"),
                None => format!("{ys}-{m:02}"),
            }
        }
        Sem::Weekday { wd, rel } => match a {
            None => format!("XXXX-WXX-{wd}"),
            Some(a) => resolve_weekday(a, i64::from(*wd), *rel, cx.tense)
                .map(ymd)
                .unwrap_or_else(|| format!("XXXX-WXX-{wd}")),
        },
        Sem::Deictic(n) => match a.and_then(|a| add_days(a, i64::from(*n))) {
            Some(d) => ymd(d),
            None => "XXXX-XX-XX".to_string(),
        },
        Sem::RefDay(n) => match cx.reference.or(a).and_then(|a| add_days(a, i64::from(*n))) {
            Some(d) => ymd(d),
            None => "XXXX-XX-XX".to_string(),
        },
        Sem::Unit { unit, off } => unit_value(a, *unit, *off),
        Sem::RefWeekday(wd) => match cx.reference.or(a) {
            None => format!("XXXX-WXX-{wd}"),
            Some(r) => resolve_weekday(r, i64::from(*wd), Rel::Last, cx.tense)
                .map_or_else(|| format!("XXXX-WXX-{wd}"), ymd),
        },
        Sem::DayFrom(day, n) => {
            let v = value(day, cx);
            match v
                .parse::<Date>()
                .ok()
                .and_then(|d| add_days(d, i64::from(*n)))
            {
                Some(d) => ymd(d),
                None => v,
            }
        }
        Sem::WeekOf(day) => match value(day, cx).parse::<Date>() {
            Ok(d) => week(d),
            Err(_) => "XXXX-WXX".to_string(),
        },
        Sem::RefUnit { unit, off } => match (unit, cx.ref_year) {
            (Unit::Year, Some(y)) => format!("{:04}", y + off),
            (Unit::Month, _) if cx.ref_month.is_some() => {
                let (y, m) = cx.ref_month.unwrap_or_default();
                let (y, m) = add_months(y, m, *off);
                ym(y, m)
            }
            _ => unit_value(cx.reference.or(a), *unit, *off),
        },
        Sem::Weekend(rel) => match a {
            None => "XXXX-WXX-WE".to_string(),
            Some(a) => {
                let wd = weekday_no(a);
                let shift = match rel {
                    Rel::Last => -7,
                    Rel::Next | Rel::This | Rel::NextYear => 0,
                    Rel::PrevYear => -7,
                    Rel::Bare => match cx.tense {
                        Tense::Future => 0,
                        _ if wd <= 4 => -7,
                        _ => 0,
                    },
                };
                add_days(a, shift).map_or("XXXX-WXX-WE".to_string(), |d| format!("{}-WE", week(d)))
            }
        },
        Sem::Quarter { q, yoff, year } => {
            let Some(a) = a else {
                return match (year, q) {
                    (Some(y), Some(q)) => format!("{y:04}-Q{q}"),
                    (Some(y), None) => format!("{y:04}-QX"),
                    (None, Some(q)) => format!("XXXX-Q{q}"),
                    (None, None) => "XXXX-QX".to_string(),
                };
            };
            let cur = quarter_of(i32::from(a.month()));
            let (mut y, q) = match (q, cx.ref_quarter) {
                (None, Some((fy, fq))) if year.is_none() => (fy, fq),
                // "the 1988 period": the reported quarter of that year, or else the year
                (None, Some((_, fq))) => (year.unwrap_or_default(), fq),
                (None, None) if year.is_some() => {
                    return format!("{:04}", year.unwrap_or_default())
                }
                (q, _) => match q {
                    Some(q) => {
                        let q = i32::from(*q);
                        let y = match cx.tense {
                            Tense::Future => a.year() as i32,
                            _ if q > cur => a.year() as i32 - 1,
                            _ => a.year() as i32,
                        };
                        (y, q)
                    }
                    None => {
                        if cur == 1 {
                            (a.year() as i32 - 1, 4)
                        } else {
                            (a.year() as i32, cur - 1)
                        }
                    }
                },
            };
            if let Some(off) = yoff {
                y += off;
            }
            if let Some(yy) = year {
                y = *yy;
            }
            format!("{y:04}-Q{q}")
        }
        Sem::Half { h, yoff, year } => {
            let y = match (year, yoff, a) {
                (Some(y), _, _) => Some(*y),
                (None, Some(o), Some(a)) => Some(a.year() as i32 + o),
                (None, None, Some(a)) => {
                    let y = a.year() as i32;
                    Some(if *h == 2 && a.month() <= 6 { y - 1 } else { y })
                }
                _ => None,
            };
            match y {
                Some(y) => format!("{y:04}-H{h}"),
                None => format!("XXXX-H{h}"),
            }
        }
        Sem::Season { s, rel, year } => {
            let y = match (year, a) {
                (Some(y), _) => Some(*y),
                (None, None) => None,
                (None, Some(a)) => {
                    let y = a.year() as i32;
                    let am = i32::from(a.month());
                    let start = match *s {
                        "SP" => 3,
                        "SU" => 6,
                        "FA" => 9,
                        _ => 12,
                    };
                    Some(match rel {
                        Rel::Last => {
                            if start + 2 < am {
                                y
                            } else {
                                y - 1
                            }
                        }
                        Rel::PrevYear => y - 1,
                        Rel::Next => {
                            if start > am {
                                y
                            } else {
                                y + 1
                            }
                        }
                        _ => y,
                    })
                }
            };
            match y {
                Some(y) => format!("{y:04}-{s}"),
                None => format!("XXXX-{s}"),
            }
        }
        Sem::Ago {
            n,
            unit,
            sign,
            from_ref,
        } => {
            let base = if *from_ref { cx.reference.or(a) } else { a };
            match (n, base) {
                (None, _) => {
                    if *sign < 0 {
                        "PAST_REF".to_string()
                    } else {
                        "FUTURE_REF".to_string()
                    }
                }
                (Some(n), Some(b)) => shift(b, *unit, (*n * f64::from(*sign)).round() as i64)
                    .unwrap_or_else(|| "XXXX-XX-XX".to_string()),
                (Some(_), None) => underspecified(*unit),
            }
        }
        Sem::Clock { h, mi, day } => {
            let day = match day {
                Some(d) => value(d, cx),
                // the day last mentioned, if it is within the week before the anchor
                None => {
                    let recent = match (cx.reference, a) {
                        (Some(r), Some(a)) if r <= a && add_days(r, 7).is_some_and(|w| w >= a) => {
                            Some(r)
                        }
                        _ => None,
                    };
                    recent.or(a).map_or("XXXX-XX-XX".to_string(), ymd)
                }
            };
            format!("{day}T{h:02}:{mi:02}")
        }
        Sem::Part { day, part } => format!("{}T{part}", value(day, cx)),
        Sem::Holiday { which, year } => {
            let y = match (year, a) {
                (Some(y), _) => Some(*y),
                (None, None) => None,
                (None, Some(a)) => {
                    let y = a.year() as i32;
                    let this = holiday_date(*which, y);
                    Some(match (this, cx.tense) {
                        (Some(d), Tense::Future) if d < a => y + 1,
                        (Some(d), Tense::Past) if d > a => y - 1,
                        _ => y,
                    })
                }
            };
            match (y, which) {
                (Some(y), w) => holiday_date(*w, y).map_or(format!("{y:04}"), ymd),
                (None, Holiday::Fixed(m, d)) => format!("XXXX-{m:02}-{d:02}"),
                (None, _) => "XXXX-XX-XX".to_string(),
            }
        }
    }
}

fn underspecified(unit: Unit) -> String {
    match unit {
        Unit::Week | Unit::Fortnight => "XXXX-WXX".to_string(),
        Unit::Month => "XXXX-XX".to_string(),
        Unit::Quarter => "XXXX-QX".to_string(),
        Unit::Year | Unit::Decade | Unit::Century => "XXXX".to_string(),
        _ => "XXXX-XX-XX".to_string(),
    }
}

/// `b` moved by `n` units, formatted at that unit's granularity.
fn shift(b: Date, unit: Unit, n: i64) -> Option<String> {
    let y = b.year() as i32;
    let m = i32::from(b.month());
    Some(match unit {
        Unit::Second | Unit::Minute | Unit::Hour => ymd(b),
        Unit::Day => ymd(add_days(b, n)?),
        Unit::Week => week(add_days(b, 7 * n)?),
        Unit::Fortnight => week(add_days(b, 14 * n)?),
        Unit::Month => {
            let (y, m) = add_months(y, m, n as i32);
            ym(y, m)
        }
        Unit::Quarter => {
            let (y, m) = add_months(y, m, 3 * n as i32);
            format!("{y:04}-Q{}", quarter_of(m))
        }
        Unit::Year => format!("{:04}", y + n as i32),
        Unit::Decade => format!("{:04}", y + 10 * n as i32),
        Unit::Century => format!("{:04}", y + 100 * n as i32),
    })
}

fn unit_value(a: Option<Date>, unit: Unit, off: i32) -> String {
    let Some(a) = a else {
        return match unit {
            Unit::Decade => "XXX".to_string(),
            Unit::Century => "XX".to_string(),
            u => underspecified(u),
        };
    };
    let y = a.year() as i32;
    match unit {
        Unit::Decade => format!("{:03}", y.div_euclid(10) + off),
        Unit::Century => format!("{:02}", y.div_euclid(100) + off),
        u => shift(a, u, i64::from(off)).unwrap_or_else(|| underspecified(u)),
    }
}

/// The year of a month (and day) given without one.
///
/// `last`/`next` pick the previous/next occurrence. Otherwise the nearest of last, this and
/// next year, where the tense weighs against the other direction: in a past clause a date
/// ahead counts three times as far, in a future clause a date behind does.
fn infer_year(a: Date, m: i32, d: Option<i32>, rel: Rel, tense: Tense) -> i32 {
    let y = a.year() as i32;
    let am = i32::from(a.month());
    let ad = i32::from(a.day());
    use std::cmp::Ordering::*;
    let cmp = match d {
        Some(d) => (m, d).cmp(&(am, ad)),
        None => m.cmp(&am),
    };
    match rel {
        // "last February" in March: not the month just ended ("last month"), a year before
        Rel::Last if d.is_none() && m == am - 1 => return y - 1,
        Rel::Last => return if cmp == Less { y } else { y - 1 },
        Rel::Next => return if cmp == Greater { y } else { y + 1 },
        Rel::This => return y,
        Rel::PrevYear => return y - 1,
        Rel::NextYear => return y + 1,
        Rel::Bare => {}
    }
    if d.is_none() && m == am {
        return y;
    }
    let day = d.unwrap_or(15);
    let (past_w, fut_w) = match tense {
        Tense::Past => (1.0, 4.0),
        Tense::Future => (4.0, 1.0),
        Tense::Unknown => (1.0, 1.5),
    };
    let mut best = (f64::MAX, y);
    for cy in [y - 1, y, y + 1] {
        let Some(c) = i16::try_from(cy)
            .ok()
            .and_then(|cy| Date::new(cy, m as i8, day.min(28) as i8).ok())
        else {
            continue;
        };
        let diff = c.since(a).map(|s| s.get_days()).unwrap_or(i32::MAX) as f64;
        let cost = if diff < 0.0 {
            -diff * past_w
        } else {
            diff * fut_w
        };
        if cost < best.0 {
            best = (cost, cy);
        }
    }
    best.1
}

/// Without a tense cue, a bare weekday is the past one unless the next is more than a day closer.
const WD_BIAS: i64 = 1;

/// The day a weekday refers to (news convention).
fn resolve_weekday(a: Date, wd: i64, rel: Rel, tense: Tense) -> Option<Date> {
    let awd = weekday_no(a);
    let back = (awd - wd).rem_euclid(7); // days back to the most recent such day (0 = today)
    let fwd = (wd - awd).rem_euclid(7); // days ahead to the next such day (0 = today)
    let delta = match rel {
        Rel::Last => -(if back == 0 { 7 } else { back }),
        Rel::Next => {
            if fwd == 0 {
                7
            } else {
                fwd
            }
        }
        Rel::This | Rel::NextYear => fwd,
        Rel::PrevYear => -(if back == 0 { 7 } else { back }),
        Rel::Bare => match tense {
            Tense::Past => -back,
            Tense::Future => fwd,
            Tense::Unknown => {
                if back <= fwd + WD_BIAS {
                    -back
                } else {
                    fwd
                }
            }
        },
    };
    add_days(a, delta)
}

fn holiday_date(h: Holiday, y: i32) -> Option<Date> {
    let y16 = i16::try_from(y).ok()?;
    let nth_weekday = |m: i8, wd: jiff::civil::Weekday, nth: i8| -> Option<Date> {
        Date::new(y16, m, 1)
            .ok()?
            .nth_weekday_of_month(nth, wd)
            .ok()
    };
    match h {
        Holiday::Fixed(m, d) => Date::new(y16, m as i8, d as i8).ok(),
        Holiday::Thanksgiving => nth_weekday(11, jiff::civil::Weekday::Thursday, 4),
        Holiday::MemorialDay => nth_weekday(5, jiff::civil::Weekday::Monday, -1),
        Holiday::LaborDay => nth_weekday(9, jiff::civil::Weekday::Monday, 1),
        Holiday::ElectionDay => nth_weekday(11, jiff::civil::Weekday::Monday, 1)?
            .tomorrow()
            .ok(),
        Holiday::Easter => {
            // Anonymous Gregorian algorithm.
            let a = y % 19;
            let b = y / 100;
            let c = y % 100;
            let d = b / 4;
            let e = b % 4;
            let f = (b + 8) / 25;
            let g = (b - f + 1) / 3;
            let h = (19 * a + b - d - g + 15) % 30;
            let i = c / 4;
            let k = c % 4;
            let l = (32 + 2 * e + 2 * i - h - k) % 7;
            let m = (a + 11 * h + 22 * l) / 451;
            let month = (h + l - 7 * m + 114) / 31;
            let day = (h + l - 7 * m + 114) % 31 + 1;
            Date::new(y16, month as i8, day as i8).ok()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx(a: &str, tense: Tense) -> Ctx {
        Ctx {
            anchor: Some(a.parse().unwrap()),
            tense,
            reference: None,
            ref_year: None,
            ref_month: None,
            ref_quarter: None,
        }
    }

    #[test]
    fn weekdays_follow_the_news_convention() {
        // 2026-01-22 is a Thursday.
        let thu = |rel, t| value(&Sem::Weekday { wd: 5, rel }, &cx("2026-01-22", t));
        assert_eq!(thu(Rel::Bare, Tense::Past), "2026-01-16");
        assert_eq!(thu(Rel::Bare, Tense::Future), "2026-01-23");
        assert_eq!(thu(Rel::Bare, Tense::Unknown), "2026-01-23");
        assert_eq!(thu(Rel::Last, Tense::Unknown), "2026-01-16");
        assert_eq!(thu(Rel::Next, Tense::Past), "2026-01-23");
        let same = value(
            &Sem::Weekday {
                wd: 4,
                rel: Rel::Bare,
            },
            &cx("2026-01-22", Tense::Past),
        );
        assert_eq!(same, "2026-01-22");
        let none = value(
            &Sem::Weekday {
                wd: 4,
                rel: Rel::Bare,
            },
            &Ctx {
                anchor: None,
                tense: Tense::Past,
                reference: None,
                ref_year: None,
                ref_month: None,
                ref_quarter: None,
            },
        );
        assert_eq!(none, "XXXX-WXX-4");
    }

    #[test]
    fn units_weeks_quarters_and_holidays() {
        let c = cx("2026-01-22", Tense::Unknown);
        assert_eq!(
            value(
                &Sem::Unit {
                    unit: Unit::Week,
                    off: -1
                },
                &c
            ),
            "2026-W03"
        );
        assert_eq!(
            value(
                &Sem::Unit {
                    unit: Unit::Month,
                    off: -1
                },
                &c
            ),
            "2025-12"
        );
        assert_eq!(
            value(
                &Sem::Unit {
                    unit: Unit::Decade,
                    off: 0
                },
                &c
            ),
            "202"
        );
        assert_eq!(
            value(
                &Sem::Quarter {
                    q: None,
                    yoff: None,
                    year: None
                },
                &c
            ),
            "2025-Q4"
        );
        assert_eq!(
            value(
                &Sem::Quarter {
                    q: Some(4),
                    yoff: None,
                    year: None
                },
                &c
            ),
            "2025-Q4"
        );
        assert_eq!(
            value(
                &Sem::Holiday {
                    which: Holiday::Thanksgiving,
                    year: Some(2025)
                },
                &c
            ),
            "2025-11-27"
        );
        assert_eq!(
            value(
                &Sem::Holiday {
                    which: Holiday::Easter,
                    year: Some(2026)
                },
                &c
            ),
            "2026-04-05"
        );
        let ago = Sem::Ago {
            n: Some(3.0),
            unit: Unit::Month,
            sign: -1,
            from_ref: false,
        };
        assert_eq!(value(&ago, &c), "2025-10");
    }
}

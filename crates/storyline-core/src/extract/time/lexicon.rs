//! Word lists of the time grammar: months, weekdays, units, number words, parts of day,
//! seasons, time zones and tense cues. Everything is matched on ASCII-lowercased words.

/// A calendar or clock unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Fortnight,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

impl Unit {
    /// Duration value for `n` units (`None`: unknown number): `P3M`, `PT5H`, `PXY`.
    pub(super) fn duration(self, n: Option<f64>) -> String {
        // 2.5 years is P2Y6M, 1.5 minutes PT1M30S
        if let Some(v) = n {
            if v.fract() != 0.0 && v > 1.0 || v == 0.5 {
                let whole = v.trunc();
                let frac = v - whole;
                let (small, k, time) = match self {
                    Unit::Year => ("M", 12.0, false),
                    Unit::Month => ("D", 30.0, false),
                    Unit::Week => ("D", 7.0, false),
                    Unit::Day => ("H", 24.0, true),
                    Unit::Hour => ("M", 60.0, true),
                    Unit::Minute => ("S", 60.0, true),
                    _ => ("", 0.0, false),
                };
                let part = frac * k;
                if k > 0.0 && part.fract() == 0.0 {
                    let big = if whole > 0.0 {
                        let w = self.duration(Some(whole));
                        if time && self == Unit::Day {
                            format!("{w}T")
                        } else {
                            w
                        }
                    } else if time {
                        "PT".to_string()
                    } else {
                        "P".to_string()
                    };
                    return format!("{big}{}{small}", part as i64);
                }
            }
        }
        let num = |k: f64| match n {
            Some(v) => fmt_num(v * k),
            None => "X".to_string(),
        };
        match self {
            Unit::Second => format!("PT{}S", num(1.0)),
            Unit::Minute => format!("PT{}M", num(1.0)),
            Unit::Hour => format!("PT{}H", num(1.0)),
            Unit::Day => format!("P{}D", num(1.0)),
            Unit::Week => format!("P{}W", num(1.0)),
            Unit::Fortnight => format!("P{}W", num(2.0)),
            Unit::Month => format!("P{}M", num(1.0)),
            Unit::Quarter => format!("P{}Q", num(1.0)),
            // whole thousands of years are millennia, as TimeBank writes them (`more than two
            // thousand years` is `P2L`)
            Unit::Year => match n {
                Some(v) if v >= 1000.0 && v % 1000.0 == 0.0 => {
                    format!("P{}L", fmt_num(v / 1000.0))
                }
                _ => format!("P{}Y", num(1.0)),
            },
            // counted decades and centuries are years (`two decades` is `P20Y`), and so are
            // uncounted decades: `for decades` is `PXY`; uncounted centuries keep their unit
            // (`for centuries` is `PXC`, the TIMEX2 letter TimeBank uses for them)
            Unit::Decade => match n {
                Some(v) => format!("P{}Y", fmt_num(v * 10.0)),
                None => "PXY".to_string(),
            },
            Unit::Century => match n {
                Some(v) => format!("P{}Y", fmt_num(v * 100.0)),
                None => "PXC".to_string(),
            },
        }
    }
}

pub(super) fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// `(month 1–12, is an abbreviation)`.
pub(super) fn month(w: &str) -> Option<(u8, bool)> {
    Some(match w {
        "january" => (1, false),
        "jan" => (1, true),
        "february" => (2, false),
        "feb" => (2, true),
        "march" => (3, false),
        "mar" => (3, true),
        "april" => (4, false),
        "apr" => (4, true),
        "may" => (5, false),
        "june" => (6, false),
        "jun" => (6, true),
        "july" => (7, false),
        "jul" => (7, true),
        "august" => (8, false),
        "aug" => (8, true),
        "september" => (9, false),
        "sept" | "sep" => (9, true),
        "october" => (10, false),
        "oct" => (10, true),
        "november" => (11, false),
        "nov" => (11, true),
        "december" => (12, false),
        "dec" => (12, true),
        _ => return None,
    })
}

/// `(weekday 1 = Monday … 7 = Sunday, plural, abbreviation)`.
pub(super) fn weekday(w: &str) -> Option<(u8, bool, bool)> {
    Some(match w {
        "monday" => (1, false, false),
        "mondays" => (1, true, false),
        "mon" => (1, false, true),
        "tuesday" => (2, false, false),
        "tuesdays" => (2, true, false),
        "tue" | "tues" => (2, false, true),
        "wednesday" => (3, false, false),
        "wednesdays" => (3, true, false),
        "wed" => (3, false, true),
        "thursday" => (4, false, false),
        "thursdays" => (4, true, false),
        "thu" | "thur" | "thurs" => (4, false, true),
        "friday" => (5, false, false),
        "fridays" => (5, true, false),
        "fri" => (5, false, true),
        "saturday" => (6, false, false),
        "saturdays" => (6, true, false),
        "sat" => (6, false, true),
        "sunday" => (7, false, false),
        "sundays" => (7, true, false),
        "sun" => (7, false, true),
        _ => return None,
    })
}

/// `(unit, plural)`.
pub(super) fn unit(w: &str) -> Option<(Unit, bool)> {
    Some(match w {
        "second" => (Unit::Second, false),
        "seconds" | "secs" => (Unit::Second, true),
        "minute" | "min" => (Unit::Minute, false),
        "minutes" | "mins" => (Unit::Minute, true),
        "hour" | "hr" => (Unit::Hour, false),
        "hours" | "hrs" => (Unit::Hour, true),
        "day" => (Unit::Day, false),
        "days" => (Unit::Day, true),
        "week" => (Unit::Week, false),
        "weeks" => (Unit::Week, true),
        "fortnight" => (Unit::Fortnight, false),
        "fortnights" => (Unit::Fortnight, true),
        "month" => (Unit::Month, false),
        "months" => (Unit::Month, true),
        "quarter" => (Unit::Quarter, false),
        "quarters" => (Unit::Quarter, true),
        "year" | "yr" => (Unit::Year, false),
        "years" | "yrs" => (Unit::Year, true),
        "decade" => (Unit::Decade, false),
        "decades" => (Unit::Decade, true),
        "century" => (Unit::Century, false),
        "centuries" => (Unit::Century, true),
        _ => return None,
    })
}

/// Cardinal number words (`twenty` is 20; compounds are put together by the grammar).
pub(super) fn number_word(w: &str) -> Option<u32> {
    Some(match w {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "hundred" => 100,
        "dozen" => 12,
        _ => return None,
    })
}

/// Ordinal words and `22nd`-style ordinals.
pub(super) fn ordinal(w: &str) -> Option<u32> {
    let v = match w {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        "eleventh" => 11,
        "twelfth" => 12,
        "thirteenth" => 13,
        "fourteenth" => 14,
        "fifteenth" => 15,
        "sixteenth" => 16,
        "seventeenth" => 17,
        "eighteenth" => 18,
        "nineteenth" => 19,
        "twentieth" => 20,
        "thirtieth" => 30,
        _ => {
            let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            let suffix = &w[digits.len()..];
            if digits.is_empty()
                || digits.len() > 2
                || !digits.bytes().all(|b| b.is_ascii_digit())
                || !matches!(suffix, "st" | "nd" | "rd" | "th")
            {
                return None;
            }
            digits.parse().ok()?
        }
    };
    Some(v)
}

/// TIMEX3 part-of-day code.
pub(super) fn part_of_day(w: &str) -> Option<&'static str> {
    Some(match w {
        "morning" | "mornings" => "MO",
        "afternoon" | "afternoons" => "AF",
        "evening" | "evenings" => "EV",
        "night" | "nights" | "overnight" => "NI",
        _ => return None,
    })
}

/// TIMEX3 season code.
pub(super) fn season(w: &str) -> Option<&'static str> {
    Some(match w {
        "spring" => "SP",
        "summer" => "SU",
        "fall" | "autumn" => "FA",
        "winter" => "WI",
        _ => return None,
    })
}

pub(super) fn timezone(w: &str) -> bool {
    matches!(
        w,
        "est"
            | "edt"
            | "cst"
            | "cdt"
            | "mst"
            | "mdt"
            | "pst"
            | "pdt"
            | "gmt"
            | "utc"
            | "bst"
            | "cet"
            | "cest"
            | "et"
            | "pt"
            | "ct"
            | "jst"
            | "ist"
    )
}

/// Words that put a sentence in the future (for weekdays and bare months).
pub(super) fn future_cue(w: &str) -> bool {
    matches!(
        w,
        "will"
            | "ll"
            | "shall"
            | "would"
            | "expected"
            | "expects"
            | "expect"
            | "due"
            | "scheduled"
            | "schedule"
            | "planning"
            | "upcoming"
            | "intends"
            | "intend"
            | "tomorrow"
            | "forthcoming"
            | "slated"
            | "soon"
            | "won"
    )
}

/// Schedule verbs in the present tense (`meets`, `opens`, `resume`): right before a date
/// they announce an appointment to come.
pub(super) fn schedule_present(w: &str) -> bool {
    matches!(
        w,
        "meets"
            | "meet"
            | "begins"
            | "begin"
            | "opens"
            | "starts"
            | "resumes"
            | "resume"
            | "convenes"
            | "convene"
            | "reconvenes"
            | "reconvene"
            | "leaves"
            | "departs"
            | "arrives"
            | "visits"
            | "travels"
            | "heads"
            | "returns"
            | "votes"
            | "testifies"
            | "hosts"
            | "expires"
    )
}

/// Words that clearly put a clause in the past.
pub(super) fn past_cue(w: &str) -> bool {
    matches!(
        w,
        "said"
            | "was"
            | "were"
            | "had"
            | "did"
            | "ago"
            | "yesterday"
            | "last"
            | "earlier"
            | "told"
            | "announced"
            | "reported"
            | "killed"
            | "died"
            | "met"
            | "held"
            | "signed"
            | "took"
            | "came"
            | "went"
            | "began"
            | "became"
            | "ended"
            // irregular past tenses news uses (not the ambiguous set/put/cut/hit/read)
            | "brought"
            | "made"
            | "gave"
            | "got"
            | "left"
            | "found"
            | "sold"
            | "bought"
            | "paid"
            | "lost"
            | "fell"
            | "rose"
            | "sent"
            | "spent"
            | "struck"
            | "fled"
            | "flew"
            | "wrote"
            | "spoke"
            | "saw"
            | "heard"
            | "knew"
            | "thought"
            | "kept"
            | "stood"
            | "ran"
            | "drove"
            | "sought"
            | "fought"
            | "caught"
            | "chose"
            | "broke"
            | "shot"
            | "felt"
            | "built"
            | "drew"
            | "grew"
            | "threw"
            | "withdrew"
            | "swept"
            | "underwent"
            | "upheld"
            | "oversaw"
    )
}

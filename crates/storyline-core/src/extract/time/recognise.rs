//! Time expression recognition: a cheap keyword prefilter, a word tokenizer and a hand-written
//! grammar over the tokens of each sentence that passes it. Each match carries its meaning
//! ([`Sem`]), which [`super::normalise`] turns into a TIMEX3 value.

use super::lexicon::{self, Unit};
use super::normalise::{self, Ctx, Holiday, Rel, Sem, Tense};
use super::TimeMention;
use aho_corasick::AhoCorasick;
use jiff::civil::Date;
use std::sync::OnceLock;
use storyline_model::{Span, TimeType};

/// Substrings one of which every time expression without digits contains.
const TRIGGERS: &[&str] = &[
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "day",
    "dail",
    "night",
    "morning",
    "noon",
    "evening",
    "week",
    "month",
    "year",
    "hour",
    "minute",
    "second",
    "decade",
    "centur",
    "quarter",
    "now",
    "current",
    "recent",
    "past",
    "future",
    "soon",
    "spring",
    "summer",
    "fall",
    "autumn",
    "winter",
    "annual",
    "tomorrow",
    "earlier",
    "later",
    "christmas",
    "easter",
    "thanksgiving",
    "half",
    "fortnight",
    "lately",
    "present",
    "term",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "twelve",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "dozen",
    "several",
    "few",
];

fn triggers() -> &'static AhoCorasick {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(TRIGGERS)
            .expect("valid patterns")
    })
}

/// One word or punctuation mark of a sentence.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tok<'a> {
    /// ASCII-lowercased text.
    pub w: &'a str,
    /// Original text.
    pub o: &'a str,
    /// Code-point offsets into the whole text.
    pub cs: usize,
    pub ce: usize,
    /// Whitespace (or the sentence start) before this token.
    pub sp: bool,
}

fn tokenize<'a>(s: &'a str, lower: &'a str, cstart: usize, out: &mut Vec<Tok<'a>>) {
    out.clear();
    let mut ci = cstart;
    let mut sp = true;
    let mut it = s.char_indices().peekable();
    while let Some((b, c)) = it.next() {
        if c.is_whitespace() {
            sp = true;
            ci += 1;
            continue;
        }
        let cs = ci;
        ci += 1;
        let mut be = b + c.len_utf8();
        if c.is_alphanumeric() {
            while let Some(&(b2, c2)) = it.peek() {
                if !c2.is_alphanumeric() {
                    break;
                }
                be = b2 + c2.len_utf8();
                ci += 1;
                it.next();
            }
        }
        let w = if matches!(c, '\u{2019}' | '\u{2018}' | '`') {
            "'"
        } else {
            &lower[b..be]
        };
        out.push(Tok {
            w,
            o: &s[b..be],
            cs,
            ce: ci,
            sp,
        });
        sp = false;
    }
}

/// Modifiers in front of a core expression.
#[derive(Debug, Clone, Copy, Default)]
struct Pre {
    the: bool,
    det: Option<Det>,
    /// about, nearly, more than, up to …
    approx: bool,
    /// early, late, mid, the end of …
    pos: bool,
    /// earlier, later
    relpos: bool,
    /// "late on", "early hours of": only a day may follow.
    day_only: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Det {
    This,
    Last,
    Next,
    /// past (the past two weeks)
    Past,
    Coming,
    Previous,
    Following,
    Latest,
    Recent,
    That,
    First,
    Same,
    Each,
}

impl Det {
    fn rel(self) -> Option<Rel> {
        Some(match self {
            Det::This => Rel::This,
            Det::Last | Det::Past | Det::Previous => Rel::Last,
            Det::Next | Det::Coming | Det::Following => Rel::Next,
            _ => return None,
        })
    }
}

/// A recognised expression: tokens `[start, end)` and what it means.
#[derive(Debug, Clone)]
pub(super) struct Match {
    pub start: usize,
    pub end: usize,
    pub sem: Sem,
}

pub(super) struct Parser<'t, 'a> {
    pub t: &'t [Tok<'a>],
    /// The document talks about quarters (results): "a year ago" is that quarter a year ago.
    pub quarterly: bool,
}

impl<'t, 'a> Parser<'t, 'a> {
    fn w(&self, i: usize) -> &'a str {
        self.t.get(i).map_or("", |t| t.w)
    }

    fn prev(&self, i: usize) -> &'a str {
        if i == 0 {
            ""
        } else {
            self.w(i - 1)
        }
    }

    fn cap(&self, i: usize) -> bool {
        self.t
            .get(i)
            .and_then(|t| t.o.chars().next())
            .is_some_and(char::is_uppercase)
    }

    /// Token `i` directly follows token `i - 1` (no space).
    fn glued(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| !t.sp)
    }

    fn digits(&self, i: usize) -> Option<(u32, usize)> {
        let w = self.w(i);
        if w.is_empty() || w.len() > 9 || !w.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some((w.parse().ok()?, w.len()))
    }

    fn is_apos(&self, i: usize) -> bool {
        self.w(i) == "'"
    }

    /// A dot glued to the previous token (`Jan.`, `a.m.`).
    fn dot(&self, i: usize) -> bool {
        self.w(i) == "." && self.glued(i)
    }

    /// A year: `1998`, `'98`. Returns (year, next index).
    /// "… of 2025" after the token at `*e`: the year, with `*e` moved onto it.
    fn of_year(&self, e: &mut usize) -> Option<i32> {
        if self.w(*e + 1) != "of" {
            return None;
        }
        let (y, _) = self.year_at(*e + 2)?;
        *e += 2;
        Some(y)
    }

    fn year_at(&self, i: usize) -> Option<(i32, usize)> {
        if let Some((v, 4)) = self.digits(i) {
            if (1000..=2999).contains(&v) {
                return Some((v as i32, i + 1));
            }
        }
        if let Some(r) = self.spelled_year(i) {
            return Some(r);
        }
        if self.is_apos(i) {
            if let Some((v, 2)) = self.digits(i + 1) {
                if self.glued(i + 1) {
                    let y = if v >= 30 { 1900 + v } else { 2000 + v };
                    return Some((y as i32, i + 2));
                }
            }
        }
        None
    }

    /// A year spelled out, as broadcast transcripts write it: `nineteen ninety-six`,
    /// `nineteen seventy`, and after `year` (`the year two thousand`) `two thousand`.
    fn spelled_year(&self, i: usize) -> Option<(i32, usize)> {
        let century = match self.w(i) {
            "nineteen" => 19,
            "eighteen" => 18,
            "two" if self.w(i + 1) == "thousand" && self.prev(i) == "year" => {
                return Some((2000, i + 2));
            }
            _ => return None,
        };
        let tens = lexicon::number_word(self.w(i + 1))?;
        if !(20..=90).contains(&tens) || tens % 10 != 0 {
            return None;
        }
        let y = (century * 100 + tens) as i32;
        if self.w(i + 2) == "-" && self.glued(i + 2) && self.glued(i + 3) {
            if let Some(u) = lexicon::number_word(self.w(i + 3)).filter(|u| (1..=9).contains(u)) {
                return Some((y + u as i32, i + 4));
            }
        }
        Some((y, i + 2))
    }

    /// A day of the month: `22`, `22nd`, `twenty-second` is not supported.
    fn day_at(&self, i: usize) -> Option<(u8, usize)> {
        if let Some((v, n)) = self.digits(i) {
            if n <= 2 && (1..=31).contains(&v) {
                // not a clock time or a decimal
                if matches!(self.w(i + 1), ":" | ".") && self.digits(i + 2).is_some() {
                    return None;
                }
                return Some((v as u8, i + 1));
            }
            return None;
        }
        let w = self.w(i);
        if w.bytes().next().is_some_and(|b| b.is_ascii_digit()) {
            if let Some(v) = lexicon::ordinal(w) {
                if (1..=31).contains(&v) {
                    return Some((v as u8, i + 1));
                }
            }
        }
        None
    }

    /// A month name (capitalised); abbreviations take their dot.
    fn month_at(&self, i: usize) -> Option<(u8, bool, usize)> {
        let (m, abbr) = lexicon::month(self.w(i))?;
        if !self.cap(i) {
            return None;
        }
        if abbr && self.dot(i + 1) {
            return Some((m, true, i + 2));
        }
        // "Sept." style dot handled; "Sept" without dot is fine before a number.
        Some((m, abbr, i + 1))
    }

    /// A number: digits, words, `a`/`an`, `a few`, `several`. `None` inside means unknown.
    fn number_at(&self, i: usize) -> Option<(Option<f64>, usize)> {
        let w = self.w(i);
        if let Some((v, n)) = self.digits(i) {
            if n > 6 {
                return None;
            }
            // decimal 1.5
            if self.w(i + 1) == "." && self.glued(i + 1) && self.glued(i + 2) {
                if let Some((f, fl)) = self.digits(i + 2) {
                    let v = f64::from(v) + f64::from(f) / 10f64.powi(fl as i32);
                    return Some((Some(v), i + 3));
                }
            }
            // 1,000
            if self.w(i + 1) == "," && self.glued(i + 1) && self.glued(i + 2) {
                if let Some((f, 3)) = self.digits(i + 2) {
                    return Some((Some(f64::from(v * 1000 + f)), i + 3));
                }
            }
            return Some((Some(f64::from(v)), i + 1));
        }
        match w {
            "a" | "an" => {
                return match self.w(i + 1) {
                    "few" => Some((None, i + 2)),
                    "couple" if self.w(i + 2) == "of" => Some((Some(2.0), i + 3)),
                    "couple" => Some((Some(2.0), i + 2)),
                    "dozen" => Some((Some(12.0), i + 2)),
                    "half" => Some((Some(0.5), i + 2)),
                    // "a hundred years", "a thousand years"
                    "hundred" => Some((Some(100.0), i + 2)),
                    "thousand" => Some((Some(1000.0), i + 2)),
                    _ => Some((Some(1.0), i + 1)),
                };
            }
            "few" | "several" | "many" | "numerous" | "some" => return Some((None, i + 1)),
            "couple" if self.w(i + 1) == "of" => return Some((Some(2.0), i + 2)),
            "half" if matches!(self.w(i + 1), "a" | "an") => return Some((Some(0.5), i + 2)),
            "dozens" | "hundreds" | "thousands" if self.w(i + 1) == "of" => {
                return Some((None, i + 2))
            }
            _ => {}
        }
        let mut v = lexicon::number_word(w)?;
        let mut k = i + 1;
        if v >= 20 && v % 10 == 0 && v < 100 {
            let mut k2 = k;
            if self.w(k2) == "-" && self.glued(k2) {
                k2 += 1;
            }
            if let Some(u) = lexicon::number_word(self.w(k2)).filter(|&u| u < 10) {
                v += u;
                k = k2 + 1;
            }
        }
        // "two hundred years", "two thousand years"
        if v < 100 {
            match self.w(k) {
                "hundred" => return Some((Some(f64::from(v * 100)), k + 1)),
                "thousand" => return Some((Some(f64::from(v * 1000)), k + 1)),
                _ => {}
            }
        }
        Some((Some(f64::from(v)), k))
    }

    /// `a.m.`, `am`, `p.m`, `PM`: (is pm, next index).
    fn ampm_at(&self, i: usize) -> Option<(bool, usize)> {
        let w = self.w(i);
        match w {
            "am" | "pm" => return Some((w == "pm", i + 1)),
            "a" | "p" if self.dot(i + 1) && self.w(i + 2) == "m" && self.glued(i + 2) => {
                let k = if self.dot(i + 3) { i + 4 } else { i + 3 };
                return Some((w == "p", k));
            }
            _ => {}
        }
        None
    }

    /// `over` at `i` means "more than" before `a`/`an` or figures ("lasted over a week",
    /// "over 30 years"), and "during" before a spelled count ("used over three years",
    /// "evolved over several years"), which is no part of the expression.
    fn over_more_than(&self, i: usize) -> bool {
        let n1 = self.w(i + 1);
        matches!(n1, "a" | "an" | "half") || self.digits(i + 1).is_some()
    }

    /// "over the years", "in the months that followed", "through the decades": a stretch of
    /// that plural unit (`k`) after `the` and a preposition of time, unless an event bounds
    /// it ("in the weeks before the shooting", "the years of war", which need the event).
    fn over_the_years(&self, k: usize, unit: Unit, pre: &Pre) -> bool {
        pre.the
            && pre.det.is_none()
            && !pre.approx
            && !pre.pos
            && k >= 2
            && self.w(k - 1) == "the"
            && matches!(unit, Unit::Year | Unit::Decade | Unit::Month)
            && matches!(
                self.w(k - 2),
                "over" | "through" | "in" | "during" | "across" | "throughout"
            )
            && !matches!(
                self.w(k + 1),
                "before"
                    | "after"
                    | "of"
                    | "since"
                    | "to"
                    | "leading"
                    | "preceding"
                    | "following"
                    | "between"
                    | "from"
                    | "ahead"
                    | "-"
                    | "'"
            )
    }

    /// Modifiers in front of a core: returns them and where the core starts.
    fn prefix(&self, i: usize) -> (Pre, usize) {
        let mut p = Pre::default();
        let mut j = i;
        loop {
            let w = self.w(j);
            let n1 = self.w(j + 1);
            match w {
                "about" | "around" | "nearly" | "almost" | "roughly" | "approximately" | "over"
                | "some"
                    if !p.approx
                        && (w != "some" || n1 != "time")
                        && (w != "over" || self.over_more_than(j)) =>
                {
                    p.approx = true;
                    j += 1;
                }
                "more" | "less" | "fewer" if n1 == "than" => {
                    p.approx = true;
                    j += 2;
                }
                "up" if n1 == "to" => {
                    p.approx = true;
                    j += 2;
                }
                "at" if matches!(n1, "least" | "most") => {
                    p.approx = true;
                    j += 2;
                }
                "early" | "late" | "small" | "wee" if n1 == "hours" && self.w(j + 2) == "of" => {
                    p.day_only = true;
                    p.pos = true;
                    j += 3;
                }
                "early" | "late" | "mid" if !p.pos => {
                    p.pos = true;
                    j += 1;
                    if self.w(j) == "-" && self.glued(j) {
                        j += 1;
                    } else if self.w(j) == "on" {
                        p.day_only = true;
                        j += 1;
                    }
                }
                "earlier" | "later" if !p.relpos && !p.pos => {
                    p.relpos = true;
                    j += 1;
                }
                "the"
                    if matches!(n1, "end" | "beginning" | "start" | "middle" | "turn")
                        && self.w(j + 2) == "of" =>
                {
                    p.pos = true;
                    j += 3;
                }
                "the"
                    if matches!(n1, "first" | "second" | "last" | "latter")
                        && self.w(j + 2) == "half"
                        && self.w(j + 3) == "of" =>
                {
                    p.pos = true;
                    j += 4;
                }
                "the" if !p.the && p.det.is_none() => {
                    p.the = true;
                    j += 1;
                }
                _ => {
                    let det = match w {
                        "this" if n1 == "past" => {
                            j += 1;
                            Some(Det::Last)
                        }
                        "this" if n1 == "coming" => {
                            j += 1;
                            Some(Det::Next)
                        }
                        "this" | "current" => Some(Det::This),
                        "last" => Some(Det::Last),
                        "next" => Some(Det::Next),
                        "past" => Some(Det::Past),
                        "coming" | "upcoming" => Some(Det::Coming),
                        "previous" | "preceding" | "prior" => Some(Det::Previous),
                        "following" | "ensuing" | "subsequent" => Some(Det::Following),
                        "latest" => Some(Det::Latest),
                        "recent" => Some(Det::Recent),
                        "that" => Some(Det::That),
                        "same" => Some(Det::Same),
                        "first" | "final" | "remaining" | "initial" => Some(Det::First),
                        "each" | "every" => Some(Det::Each),
                        _ => None,
                    };
                    match det {
                        Some(d) if p.det.is_none() => {
                            p.det = Some(d);
                            j += 1;
                        }
                        _ => break,
                    }
                }
            }
        }
        (p, j)
    }

    /// The longest expression starting at token `i`.
    pub(super) fn parse_at(&self, i: usize) -> Option<Match> {
        let (pre, j) = self.prefix(i);
        let mut best: Option<(usize, Sem)> = None;
        let mut consider = |r: Option<(usize, Sem)>| {
            if let Some((e, s)) = r {
                if e > j && best.as_ref().is_none_or(|b| e > b.0) {
                    best = Some((e, s));
                }
            }
        };
        if pre.day_only {
            consider(self.core_weekday(j, &pre));
            consider(self.core_deictic(j, &pre));
            consider(self.core_month(j, &pre));
        } else {
            consider(self.core_numeric(j, &pre));
            consider(self.core_clock(j, &pre));
            consider(self.core_month(j, &pre));
            consider(self.core_day_month(j, &pre));
            consider(self.core_weekday(j, &pre));
            consider(self.core_year(j, &pre));
            consider(self.core_deictic(j, &pre));
            consider(self.core_unit(j, &pre));
            consider(self.core_number_unit(j, &pre));
            consider(self.core_words(j, &pre));
        }
        let (end, mut sem) = match best {
            Some(b) => b,
            None => return self.fallback(i),
        };
        // "for the year ended Sept. 30", "the fiscal year ending June 30": a reporting period
        // (TimeBank: a duration), not the calendar year
        let fiscal = usize::from(self.w(i + 1) == "fiscal");
        if self.w(i) == "the"
            && end == i + 2 + fiscal
            && self.w(end - 1) == "year"
            && matches!(self.w(end), "ended" | "ending")
        {
            sem = Sem::Lit(TimeType::Duration, "P1Y".to_string());
        }
        Some(Match { start: i, end, sem })
    }

    /// Token `i` ends a phrase: punctuation, the end of the sentence or a word that opens
    /// another clause or phrase ("in the short term and", "the day before, when").
    fn clause_ends(&self, i: usize) -> bool {
        let w = self.w(i);
        w.is_empty()
            || !w.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
            || matches!(
                w,
                "and"
                    | "but"
                    | "or"
                    | "as"
                    | "when"
                    | "while"
                    | "than"
                    | "because"
                    | "if"
                    | "to"
                    | "for"
                    | "in"
                    | "at"
                    | "on"
                    | "with"
            )
    }

    /// Words that are time expressions only when nothing longer starts there.
    fn fallback(&self, i: usize) -> Option<Match> {
        let lit = |v: &str| Sem::Lit(TimeType::Date, v.to_string());
        let (end, sem) = match (self.w(i), self.w(i + 1)) {
            // "at 50% of the then current market price", "the then-current chairman": current
            // at a time the text has left, not now
            ("then", "current") => (i + 2, lit("PAST_REF")),
            ("then", "-") if self.glued(i + 1) && self.w(i + 2) == "current" => {
                (i + 3, lit("PAST_REF"))
            }
            ("current", n) if !matches!(n, "account" | "accounts" | "affairs" | "events") => {
                (i + 1, lit("PRESENT_REF"))
            }
            ("recent", _) => (i + 1, lit("PAST_REF")),
            ("the", "past") => (i + 2, lit("PAST_REF")),
            ("right", "now") => (i + 2, lit("PRESENT_REF")),
            ("these", "days") => (i + 2, lit("PRESENT_REF")),
            // "in the short term", "the challenges of the near term" (not "short-term debt")
            ("the", "near" | "short" | "long")
                if self.w(i + 2) == "term" && self.clause_ends(i + 3) =>
            {
                (i + 3, lit("FUTURE_REF"))
            }
            ("more" | "most" | "until", "recently") => (i + 2, lit("PAST_REF")),
            ("the", "full" | "whole" | "entire") if self.w(i + 2) == "year" => (
                i + 3,
                Sem::Unit {
                    unit: Unit::Year,
                    off: 0,
                },
            ),
            ("the", "nineties" | "eighties" | "seventies" | "sixties" | "fifties" | "forties") => {
                let d = match self.w(i + 1) {
                    "nineties" => 199,
                    "eighties" => 198,
                    "seventies" => 197,
                    "sixties" => 196,
                    "fifties" => 195,
                    _ => 194,
                };
                (i + 2, Sem::Decade(d))
            }
            ("the", _) => {
                // "the 1988 period", "the 1988 third quarter", "the 1988 second quarter"
                let (y, k) = self.year_at(i + 1)?;
                if self.w(i + 1) == "'" {
                    return None;
                }
                match self.w(k) {
                    // in a report on the year to date, that year
                    "period" if self.year_to_date() => (k + 1, Sem::Year(y)),
                    // in a report on a quarter, that quarter of the year (else the year)
                    "period" | "quarter" => (
                        k + 1,
                        Sem::Quarter {
                            q: None,
                            yoff: None,
                            year: Some(y),
                        },
                    ),
                    w => {
                        let q = lexicon::ordinal(w).filter(|q| (1..=4).contains(q))?;
                        let mut e = k + 1;
                        if self.w(e) == "-" {
                            e += 1;
                        }
                        if self.w(e) != "quarter" {
                            return None;
                        }
                        (
                            e + 1,
                            Sem::Quarter {
                                q: Some(q as u8),
                                yoff: None,
                                year: Some(y),
                            },
                        )
                    }
                }
            }
            _ => return None,
        };
        Some(Match { start: i, end, sem })
    }

    /// `2026-01-22`, `1/22/2026`, `22/1/2026`, `1/22` after "on".
    fn core_numeric(&self, j: usize, pre: &Pre) -> Option<(usize, Sem)> {
        if pre.the || pre.det.is_some() || pre.approx {
            return None;
        }
        let (a, al) = self.digits(j)?;
        let sep = self.w(j + 1);
        if !matches!(sep, "-" | "/" | ".") || !self.glued(j + 1) || !self.glued(j + 2) {
            return None;
        }
        let (b, bl) = self.digits(j + 2)?;
        let third = if self.w(j + 3) == sep && self.glued(j + 3) && self.glued(j + 4) {
            self.digits(j + 4)
        } else {
            None
        };
        let valid = |y: i32, m: u32, d: u32| {
            (1..=12).contains(&m)
                && (1..=31).contains(&d)
                && i16::try_from(y)
                    .ok()
                    .and_then(|y| Date::new(y, m as i8, d as i8).ok())
                    .is_some()
        };
        match third {
            Some((c, cl)) => {
                // ISO yyyy-mm-dd or yyyy/mm/dd
                if al == 4 && bl <= 2 && cl <= 2 && sep != "." {
                    let y = a as i32;
                    if valid(y, b, c) {
                        return Some((j + 5, date(Some(y), b, Some(c))));
                    }
                    return None;
                }
                if al <= 2 && bl <= 2 && (cl == 4 || cl == 2) && sep != "-" {
                    let y = if cl == 4 {
                        c as i32
                    } else if c >= 30 {
                        1900 + c as i32
                    } else {
                        2000 + c as i32
                    };
                    // US month/day first; day/month when the first cannot be a month.
                    let (m, d) = if a > 12 { (b, a) } else { (a, b) };
                    if sep == "." && a <= 12 && b <= 12 {
                        // 03.04.2026 is European: day.month
                        if valid(y, b, a) {
                            return Some((j + 5, date(Some(y), b, Some(a))));
                        }
                    }
                    if valid(y, m, d) {
                        return Some((j + 5, date(Some(y), m, Some(d))));
                    }
                }
                None
            }
            None => {
                // yyyy-mm
                if al == 4 && bl == 2 && sep == "-" && (1..=12).contains(&b) {
                    let y = a as i32;
                    if (1900..=2100).contains(&y) && !self.glued(j + 3) {
                        return Some((
                            j + 3,
                            Sem::Date {
                                y: Some(y),
                                m: b as u8,
                                d: None,
                                rel: Rel::Bare,
                            },
                        ));
                    }
                }
                // m/d only after "on"
                if sep == "/" && al <= 2 && bl <= 2 && self.prev(j) == "on" && valid(2000, a, b) {
                    return Some((j + 3, date(None, a, Some(b))));
                }
                None
            }
        }
    }

    /// `10:30 a.m. EST`, `3 p.m.`, `noon`, `midnight Friday`, `4 in the morning`.
    fn core_clock(&self, j: usize, pre: &Pre) -> Option<(usize, Sem)> {
        if pre.the || pre.det.is_some() || pre.relpos {
            return None;
        }
        let (h, mi, mut k) = match self.w(j) {
            "noon" | "midday" => (12u8, 0u8, j + 1),
            "midnight" => (24, 0, j + 1),
            _ => {
                let (h, hl) = self.digits(j)?;
                if hl > 2 || h > 24 {
                    return None;
                }
                let mut k = j + 1;
                let mut mi = 0;
                let mut colon = false;
                if matches!(self.w(k), ":" | ".") && self.glued(k) && self.glued(k + 1) {
                    if let Some((m, 2)) = self.digits(k + 1) {
                        if m < 60 {
                            mi = m;
                            colon = self.w(k) == ":";
                            k += 2;
                        }
                    }
                }
                if let Some((pm, k2)) = self.ampm_at(k) {
                    if h == 0 || h > 12 {
                        return None;
                    }
                    let h = match (pm, h) {
                        (true, 12) => 12,
                        (true, h) => h + 12,
                        (false, 12) => 0,
                        (false, h) => h,
                    };
                    (h as u8, mi as u8, k2)
                } else if self.w(k) == "o" && self.is_apos(k + 1) && self.w(k + 2) == "clock" {
                    (h as u8, mi as u8, k + 3)
                } else if self.w(k) == "in"
                    && self.w(k + 1) == "the"
                    && matches!(self.w(k + 2), "morning" | "afternoon" | "evening")
                    && h <= 12
                {
                    let h = if self.w(k + 2) == "morning" {
                        h
                    } else {
                        h % 12 + 12
                    };
                    (h as u8, mi as u8, k + 3)
                } else if colon && mi < 60 && h < 24 {
                    (h as u8, mi as u8, k)
                } else {
                    return None;
                }
            }
        };
        // time zone
        if lexicon::timezone(self.w(k)) && self.cap(k) {
            k += 1;
        } else if self.w(k) == "local" && self.w(k + 1) == "time" {
            k += 2;
        }
        // an attached day: "9 a.m. Tuesday", "5 p.m. EST, Nov. 9", "midnight Friday"
        let mut day = None;
        for skip in [0usize, 1] {
            let d = k + skip;
            if skip == 1 && !matches!(self.w(k), "," | "on") {
                continue;
            }
            let none = Pre::default();
            let r = self
                .core_weekday(d, &none)
                .or_else(|| self.core_deictic(d, &none))
                .or_else(|| self.core_month(d, &none));
            if let Some((e, s)) = r {
                if !matches!(s, Sem::Part { .. }) {
                    day = Some((e, s));
                    break;
                }
            }
        }
        if let Some((e, s)) = day {
            let base = match s {
                Sem::Part { day, .. } => *day,
                s => s,
            };
            return Some((
                e,
                Sem::Clock {
                    h,
                    mi,
                    day: Some(Box::new(base)),
                },
            ));
        }
        Some((k, Sem::Clock { h, mi, day: None }))
    }

    /// `January 22, 2026`, `Jan. 22`, `August 1988`, `March`, `last November`.
    fn core_month(&self, j: usize, pre: &Pre) -> Option<(usize, Sem)> {
        if pre.the || pre.approx {
            return None;
        }
        let (m, abbr, mut k) = self.month_at(j)?;
        let dotted = abbr && k == j + 2;
        let mut d = None;
        let mut y = None;
        if let Some((dd, k2)) = self.day_at(k) {
            // "May 5 percent" is not a date; neither is "March 12 shares".
            d = Some(dd);
            k = k2;
            let mut k3 = k;
            if self.w(k3) == "," {
                k3 += 1;
            }
            if let Some((yy, k4)) = self.year_at(k3) {
                y = Some(yy);
                k = k4;
            }
        } else {
            let mut k3 = k;
            if matches!(self.w(k3), "," | "of") {
                k3 += 1;
            }
            if let Some((yy, k4)) = self.year_at(k3) {
                y = Some(yy);
                k = k4;
            }
        }
        if d.is_none() && y.is_none() {
            // A month alone: abbreviations need their dot, and "May"/"March" need context.
            if abbr && !dotted {
                return None;
            }
            let prev = self.prev(j);
            let ctx = pre.pos
                || pre.det.is_some()
                || matches!(
                    prev,
                    "in" | "since"
                        | "until"
                        | "till"
                        | "by"
                        | "of"
                        | "from"
                        | "through"
                        | "during"
                        | "before"
                        | "after"
                        | "early"
                        | "late"
                        | "mid"
                        | "-"
                        | "and"
                        | "or"
                        | "to"
                        | "between"
                        | "last"
                        | "next"
                        | "this"
                );
            if (m == 5 || m == 3 || m == 8) && !ctx {
                return None;
            }
            if self.w(k) == "'" && self.w(k + 1) == "s" {
                k += 2;
            }
        }
        let rel = match pre.det {
            None => Rel::Bare,
            Some(det) => det.rel()?,
        };
        if y.is_some() && rel != Rel::Bare {
            return None;
        }
        // "July last year", "Jan. 5 this year"
        let mut rel = rel;
        if y.is_none() && rel == Rel::Bare && self.w(k + 1) == "year" {
            let r = match self.w(k) {
                "last" => Some(Rel::PrevYear),
                "next" => Some(Rel::NextYear),
                "this" => Some(Rel::This),
                _ => None,
            };
            if let Some(r) = r {
                rel = r;
                k += 2;
            }
        }
        Some((k, Sem::Date { y, m, d, rel }))
    }

    /// `22 January 2026`, `the 22nd of January`.
    fn core_day_month(&self, j: usize, pre: &Pre) -> Option<(usize, Sem)> {
        if pre.det.is_some() || pre.approx {
            return None;
        }
        let (d, mut k) = self.day_at(j)?;
        if self.w(k) == "of" {
            k += 1;
        } else if pre.the {
            return None;
        }
        let (m, _, mut k) = self.month_at(k)?;
        let mut y = None;
        let mut k3 = k;
        if self.w(k3) == "," {
            k3 += 1;
        }
        if let Some((yy, k4)) = self.year_at(k3) {
            y = Some(yy);
            k = k4;
        }
        Some((k, date(y, u32::from(m), Some(u32::from(d)))))
    }

    /// `Friday`, `last Friday`, `Friday night`, `Thursday, Jan. 22`, `Tuesdays`.
    fn core_weekday(&self, j: usize, pre: &Pre) -> Option<(usize, Sem)> {
        if (pre.the && pre.det != Some(Det::Previous)) || pre.approx {
            return None;
        }
        let (wd, plural, abbr) = lexicon::weekday(self.w(j))?;
        if !self.cap(j) {
            return None;
        }
        let mut k = j + 1;
        if abbr {
            if !self.dot(k) {
                return None;
            }
            k += 1;
        }
        if plural {
            let mut v = format!("XXXX-WXX-{wd}");
            if let Some(p) = lexicon::part_of_day(self.w(k)) {
                v.push('T');
                v.push_str(p);
                k += 1;
            }
            if pre.det.is_some() && pre.det != Some(Det::Each) {
                return None;
            }
            return Some((k, Sem::Lit(TimeType::Set, v)));
        }
        // "down 4.5% from the previous Friday": the one before the day in focus
        if pre.det == Some(Det::Previous) && lexicon::part_of_day(self.w(k)).is_none() {
            return Some((k, Sem::RefWeekday(wd)));
        }
        let rel = match pre.det {
            None => Rel::Bare,
            Some(Det::Each) => {
                let mut v = format!("XXXX-WXX-{wd}");
                if let Some(p) = lexicon::part_of_day(self.w(k)) {
                    v.push('T');
                    v.push_str(p);
                    k += 1;
                }
                return Some((k, Sem::Lit(TimeType::Set, v)));
            }
            Some(det) => det.rel()?,
        };
        // "Thursday, Jan. 22[, 2026]" / "Thursday Jan. 22"
        let mut k2 = k;
        if self.w(k2) == "," {
            k2 += 1;
        }
        if let Some((e, s @ Sem::Date { d: Some(_), .. })) = self
            .core_month(k2, &Pre::default())
            .or_else(|| self.core_day_month(k2, &Pre::default()))
        {
            return Some((e, s));
        }
        // "leave Bombay on Tuesday nights": every Tuesday night
        if rel == Rel::Bare && self.w(k).ends_with('s') {
            if let Some(p) = lexicon::part_of_day(self.w(k)) {
                return Some((k + 1, Sem::Lit(TimeType::Set, format!("XXXX-WXX-{wd}T{p}"))));
            }
        }
        // "on Monday and Tuesday nights": the plural part of day is Monday's too
        if rel == Rel::Bare
            && matches!(self.w(k), "and" | "or")
            && self.cap(k + 1)
            && lexicon::weekday(self.w(k + 1)).is_some_and(|(_, pl, ab)| !pl && !ab)
            && self.w(k + 2).ends_with('s')
        {
            if let Some(p) = lexicon::part_of_day(self.w(k + 2)) {
                return Some((k, Sem::Lit(TimeType::Set, format!("XXXX-WXX-{wd}T{p}"))));
            }
        }
        let mut sem = Sem::Weekday { wd, rel };
        if let Some(p) = lexicon::part_of_day(self.w(k)) {
            if self.w(k) != "overnight" {
                sem = Sem::Part {
                    day: Box::new(sem),
                    part: p,
                };
                k += 1;
            }
        }
        Some((k, sem))
    }

    /// `1998`, `fiscal 1989`, `the 1990s`, `the '80s`, `the 20th century`, `the year 2000`.
    fn core_year(&self, j: usize, pre: &Pre) -> Option<(usize, Sem)> {
        if pre.approx {
            return None;
        }
        let mut k = j;
        let mut fiscal = false;
        if self.w(k) == "fiscal" {
            fiscal = true;
            k += 1;
            if self.w(k) == "year" {
                k += 1;
            }
        } else if pre.the
            && self.w(k) == "year"
            && (self.digits(k + 1).is_some() || self.spelled_year(k + 1).is_some())
        {
            k += 1;
            fiscal = true;
        }
        let w = self.w(k);
        // decades: 1990s, '80s, 80s, 1990's
        if let Some(digits) = w.strip_suffix('s') {
            if digits.bytes().all(|b| b.is_ascii_digit())
                && (digits.len() == 4 || digits.len() == 2)
            {
                let v: i32 = digits.parse().ok()?;
                if v % 10 != 0 {
                    return None;
                }
                let dec = if digits.len() == 4 {
                    if !(1000..3000).contains(&v) {
                        return None;
                    }
                    v / 10
                } else {
                    if !(pre.the || pre.pos || self.is_apos(k.wrapping_sub(1))) {
                        return None;
                    }
                    if v >= 30 {
                        190 + v / 10
                    } else {
                        200 + v / 10
                    }
                };
                return Some((k + 1, Sem::Decade(dec)));
            }
        }
        if self.is_apos(k) && self.glued(k + 1) {
            let w2 = self.w(k + 1);
            if let Some(d) = w2.strip_suffix('s') {
                if d.len() == 2 && d.bytes().all(|b| b.is_ascii_digit()) {
                    let v: i32 = d.parse().ok()?;
                    if v % 10 == 0 {
                        let dec = if v >= 30 { 190 + v / 10 } else { 200 + v / 10 };
                        return Some((k + 2, Sem::Decade(dec)));
                    }
                }
            }
        }
        // ordinal century
        if let Some(n) = lexicon::ordinal(w) {
            if self.w(k + 1) == "century" && (1..=30).contains(&n) {
                return Some((k + 2, Sem::Century(n as i32 - 1)));
            }
            return None;
        }
        if pre.the && !fiscal {
            return None;
        }
        let (y, mut e) = self.year_at(k)?;
        if self.w(k) == "'" {
            // '98 alone is fine only after "in"/"since" or with fiscal
            if !fiscal && !matches!(self.prev(k), "in" | "since" | "of") {
                return None;
            }
        } else if !fiscal && self.spelled_year(k).is_none() && !self.year_context(k, y) {
            return None;
        }
        // 1990s written 1990's
        if self.is_apos(e) && self.w(e + 1) == "s" && self.glued(e) && y % 10 == 0 {
            if !matches!(self.w(e + 2), "" | "," | "." | ")" | "and" | "or") {
                // possessive "1990's budget" is the year itself
                return Some((e, Sem::Year(y)));
            }
            return Some((e + 2, Sem::Decade(y / 10)));
        }
        if fiscal && self.is_apos(e) && self.w(e + 1) == "s" {
            e += 0;
        }
        let _ = pre;
        Some((e, Sem::Year(y)))
    }

    /// Whether the four digits at `k` read as a year in this context.
    fn year_context(&self, k: usize, y: i32) -> bool {
        let prev = self.prev(k);
        let next = self.w(k + 1);
        if matches!(
            prev,
            "$" | "#" | "no" | "number" | "nos" | "flight" | "route" | "model"
        ) || matches!(next, "%" | "percent" | "/")
            // "1984-85", "1990-vintage"; a spaced dash ("in 1984 -- part of") ends the phrase
            || (next == "-" && self.glued(k + 1))
            || (self.w(k + 1) == "," && self.digits(k + 2).is_some_and(|(_, l)| l == 3))
            || (prev == "," && k >= 2 && self.digits(k - 2).is_some())
            || (prev == "." && self.glued(k))
        {
            return false;
        }
        if !(1900..=2100).contains(&y) {
            return matches!(
                prev,
                "in" | "since" | "year" | "of" | "by" | "until" | "from"
            );
        }
        let strong_prev = matches!(
            prev,
            "in" | "since"
                | "of"
                | "by"
                | "until"
                | "till"
                | "from"
                | "to"
                | "through"
                | "before"
                | "after"
                | "during"
                | "early"
                | "late"
                | "mid"
                | "year"
                | "around"
                | "circa"
                | "between"
                | "and"
                | "or"
                | "("
                | "spring"
                | "summer"
                | "fall"
                | "autumn"
                | "winter"
                | "for"
                | "fiscal"
                | "'s"
        );
        if strong_prev {
            return true;
        }
        // part of a name: "a joint venture called Orion 1980", "the Euro 2000 tournament" (a
        // capitalised word inside the sentence that is no month, weekday or season)
        if k >= 2
            && self.cap(k - 1)
            && prev.bytes().all(|b| b.is_ascii_alphabetic())
            && lexicon::month(prev).is_none()
            && lexicon::weekday(prev).is_none()
            && lexicon::season(prev).is_none()
        {
            return false;
        }
        // a count, not a year: "2000 people", "1,500 shares", "2082.1"
        if (next == "." && self.glued(k + 1) && self.digits(k + 2).is_some())
            || matches!(
                next,
                "people"
                    | "shares"
                    | "troops"
                    | "employees"
                    | "workers"
                    | "members"
                    | "soldiers"
                    | "cars"
                    | "units"
                    | "jobs"
                    | "homes"
                    | "feet"
                    | "meters"
                    | "metres"
                    | "miles"
                    | "tons"
                    | "tonnes"
                    | "barrels"
                    | "points"
                    | "votes"
                    | "dollars"
                    | "yuan"
                    | "yen"
                    | "pounds"
                    | "euros"
                    | "acres"
                    | "km"
                    | "kilometers"
                    | "kilometres"
                    | "students"
                    | "children"
                    | "residents"
                    | "cases"
                    | "deaths"
                    | "hectares"
                    | "rounds"
                    | "copies"
                    | "pages"
                    | "words"
                    | "calories"
            )
        {
            return false;
        }
        true
    }

    /// `today`, `yesterday morning`, `tonight`, `last night`, `this morning`, `earlier today`.
    fn core_deictic(&self, j: usize, pre: &Pre) -> Option<(usize, Sem)> {
        if pre.approx {
            return None;
        }
        let w = self.w(j);
        let part_sem = |n: i32, p: &'static str| Sem::Part {
            day: Box::new(Sem::Deictic(n)),
            part: p,
        };
        match (pre.the, pre.det, w) {
            // "the people of tomorrow", "the heroes of yesterday", "the youth of today": the
            // times in general, not a day (but "as of today" is one)
            (false, None, "today" | "yesterday" | "tomorrow")
                if j >= 2
                    && self.w(j - 1) == "of"
                    && !matches!(
                        self.w(j - 2),
                        "as" | "morning" | "night" | "evening" | "end"
                    )
                    && self.t[j - 2].o.bytes().all(|b| b.is_ascii_lowercase())
                    && !matches!(
                        self.w(j + 1),
                        "'" | "at" | "morning" | "afternoon" | "evening" | "night"
                    ) =>
            {
                None
            }
            (false, None, "today" | "yesterday" | "tomorrow") => {
                let n = match w {
                    "today" => 0,
                    "yesterday" => -1,
                    _ => 1,
                };
                let mut k = j + 1;
                if let Some(p) = lexicon::part_of_day(self.w(k)) {
                    if self.w(k) != "overnight" {
                        return Some((k + 1, part_sem(n, p)));
                    }
                }
                let _ = &mut k;
                Some((k, Sem::Deictic(n)))
            }
            (false, None, "tonight") => Some((j + 1, part_sem(0, "NI"))),
            (false, None, "overnight") if !pre.pos => Some((j + 1, part_sem(0, "NI"))),
            (false, Some(Det::This), _) => {
                let p = lexicon::part_of_day(w)?;
                if w.ends_with('s') || w == "overnight" {
                    return None;
                }
                Some((j + 1, part_sem(0, p)))
            }
            (false, Some(Det::Last), "night") => Some((j + 1, part_sem(-1, "NI"))),
            // "in the morning", "by mid afternoon", "late evening": that part of the day in
            // focus (the day last mentioned, else the article's)
            (true, None, "morning" | "afternoon" | "evening")
                if !pre.pos && j >= 2 && self.w(j - 2) == "in" && self.w(j - 1) == "the" =>
            {
                let p = lexicon::part_of_day(w)?;
                Some((
                    j + 1,
                    Sem::Part {
                        day: Box::new(Sem::RefDay(0)),
                        part: p,
                    },
                ))
            }
            (false, None, "morning" | "afternoon" | "evening") if pre.pos && !pre.day_only => {
                let p = lexicon::part_of_day(w)?;
                // "mid-afternoon yesterday": that day's
                let (day, e) = match self.w(j + 1) {
                    "yesterday" => (Sem::Deictic(-1), j + 2),
                    "today" => (Sem::Deictic(0), j + 2),
                    "tomorrow" => (Sem::Deictic(1), j + 2),
                    _ if lexicon::weekday(self.w(j + 1)).is_some() => return None,
                    _ => (Sem::RefDay(0), j + 1),
                };
                Some((
                    e,
                    Sem::Part {
                        day: Box::new(day),
                        part: p,
                    },
                ))
            }
            (true, None, "day")
                if matches!(self.w(j + 1), "before" | "after")
                    && matches!(self.w(j + 2), "yesterday" | "tomorrow") =>
            {
                let n = if self.w(j + 2) == "yesterday" { -2 } else { 2 };
                Some((j + 3, Sem::Deictic(n)))
            }
            _ => None,
        }
    }

    /// this/last/next week…, the third quarter, the weekend, the past two weeks, that year.
    fn core_unit(&self, j: usize, pre: &Pre) -> Option<(usize, Sem)> {
        if !pre.the && pre.det.is_none() && !pre.pos {
            // bare: "year-end", "year-earlier", "third-quarter", "fiscal second-quarter"
            return self.core_bare_unit(j, pre);
        }
        if pre.approx {
            return None;
        }
        let mut k = j;
        if self.w(k) == "fiscal" {
            k += 1;
            if self.w(k) == "-" {
                k += 1;
            }
        }
        // "the year-earlier quarter", "the year-ago period"
        if self.w(k) == "year" && self.w(k + 1) == "-" && matches!(self.w(k + 2), "earlier" | "ago")
        {
            let mut e = k + 3;
            if let Some(q) = lexicon::ordinal(self.w(e)).filter(|q| (1..=4).contains(q)) {
                e += 1;
                if self.w(e) == "-" {
                    e += 1;
                }
                if self.w(e) == "quarter" {
                    return Some((
                        e + 1,
                        Sem::Quarter {
                            q: Some(q as u8),
                            yoff: Some(-1),
                            year: None,
                        },
                    ));
                }
            }
            if self.w(e) == "quarter" {
                return Some((
                    e + 1,
                    Sem::Quarter {
                        q: None,
                        yoff: Some(-1),
                        year: None,
                    },
                ));
            }
            if self.w(e) == "period" {
                return Some((e + 1, self.year_ago_period()));
            }
            // "the year-earlier nine months": the period, as `the nine months`
            if let Some((n, e2)) = self.number_at(e).filter(|(n, _)| n.is_some()) {
                if let Some((u, true)) = lexicon::unit(self.w(e2)) {
                    return Some((e2 + 1, Sem::Lit(TimeType::Duration, u.duration(n))));
                }
            }
            return None;
        }
        // ordinal quarter / half
        if let Some(n) = lexicon::ordinal(self.w(k)).filter(|n| (1..=4).contains(n)) {
            let mut e = k + 1;
            if self.w(e) == "-" {
                e += 1;
            }
            if self.w(e) == "fiscal" {
                e += 1;
            }
            let yoff = match pre.det {
                None => None,
                Some(Det::This) => Some(0),
                Some(Det::Last | Det::Previous) => Some(-1),
                Some(Det::Next | Det::Coming) => Some(1),
                _ => return None,
            };
            match self.w(e) {
                "quarter" => {
                    let year = self.of_year(&mut e);
                    return Some((
                        e + 1,
                        Sem::Quarter {
                            q: Some(n as u8),
                            yoff,
                            year,
                        },
                    ));
                }
                "half" if n <= 2 => {
                    let year = self.of_year(&mut e);
                    return Some((
                        e + 1,
                        Sem::Half {
                            h: n as u8,
                            yoff,
                            year,
                        },
                    ));
                }
                _ => {}
            }
            if pre.det != Some(Det::First) {
                // "the first nine months" falls through to durations
            }
        }
        // "this year's third quarter", "last year's quarter"
        if self.w(k) == "year" && self.is_apos(k + 1) && self.w(k + 2) == "s" {
            let yoff = match pre.det {
                Some(Det::This) => 0,
                Some(Det::Last | Det::Previous) => -1,
                Some(Det::Next | Det::Coming) => 1,
                None if pre.pos => {
                    // "year's end" after "the end of"? rare
                    0
                }
                _ => return None,
            };
            let mut e = k + 3;
            let q = lexicon::ordinal(self.w(e)).filter(|q| (1..=4).contains(q));
            if q.is_some() {
                e += 1;
                if self.w(e) == "-" {
                    e += 1;
                }
            }
            if matches!(self.w(e), "quarter" | "period") {
                return Some((
                    e + 1,
                    Sem::Quarter {
                        q: q.map(|q| q as u8),
                        yoff: Some(yoff),
                        year: None,
                    },
                ));
            }
            if self.w(e) == "end" {
                return Some((
                    e + 1,
                    Sem::Unit {
                        unit: Unit::Year,
                        off: yoff,
                    },
                ));
            }
            // "last year's election", "this year's results": the year, without the `'s`
            if pre.det.is_some() && q.is_none() {
                return Some((
                    k + 1,
                    Sem::Unit {
                        unit: Unit::Year,
                        off: yoff,
                    },
                ));
            }
            return None;
        }
        // seasons
        if let Some(s) = lexicon::season(self.w(k)) {
            let rel = match pre.det {
                None => Rel::Bare,
                Some(d) => d.rel()?,
            };
            if self.w(k) == "fall" && pre.det.is_none() && !pre.pos {
                return None;
            }
            let mut e = k + 1;
            let mut year = None;
            let mut k3 = e;
            if self.w(k3) == "of" {
                k3 += 1;
            }
            if let Some((y, k4)) = self.year_at(k3) {
                year = Some(y);
                e = k4;
            }
            return Some((e, Sem::Season { s, rel, year }));
        }
        if pre.pos && !pre.the && pre.det.is_none() {
            // "late 1990" etc. are handled by other cores; "early 2026 talks"
            return None;
        }
        // "the weekend", "this weekend"
        if self.w(k) == "weekend" {
            let rel = match pre.det {
                // "ahead of the weekend", "before the weekend": the one still to come
                None if k >= 2
                    && self.w(k - 1) == "the"
                    && (self.w(k - 2) == "before"
                        || (self.w(k - 2) == "of" && self.prev(k - 2) == "ahead")) =>
                {
                    Rel::Next
                }
                None => Rel::Bare,
                Some(d) => d.rel()?,
            };
            return Some((k + 1, Sem::Weekend(rel)));
        }
        // the past/next N units (durations)
        if matches!(
            pre.det,
            None | Some(
                Det::Past
                    | Det::Last
                    | Det::Next
                    | Det::Coming
                    | Det::First
                    | Det::Previous
                    | Det::Following
                    | Det::Recent
            )
        ) {
            let yearish = self
                .digits(k)
                .is_some_and(|(v, l)| l == 4 && (1800..=2100).contains(&v));
            if let Some((n, e)) = self.number_at(k).filter(|_| !yearish) {
                let mut e = e;
                if matches!(self.w(e), "to" | "or") {
                    if let Some((_, e2)) = self.number_at(e + 1) {
                        e = e2;
                    }
                }
                if let Some((u, _)) = lexicon::unit(self.w(e)) {
                    let mut end = e + 1;
                    if self.w(end) == "or" && self.w(end + 1) == "so" {
                        end += 2;
                    }
                    let n = if self.w(k) == "a" || self.w(k) == "an" {
                        Some(1.0)
                    } else {
                        n
                    };
                    if self.w(k) == "a" && pre.det.is_some() {
                        return None;
                    }
                    // "the first two quarters of 1990": that year's first half
                    if u == Unit::Quarter
                        && n == Some(2.0)
                        && self.w(end) == "of"
                        && matches!(pre.det, Some(Det::First | Det::Last))
                    {
                        if let Some((y, e2)) = self.year_at(end + 1) {
                            let h = if pre.det == Some(Det::First) { 1 } else { 2 };
                            return Some((
                                e2,
                                Sem::Half {
                                    h,
                                    yoff: None,
                                    year: Some(y),
                                },
                            ));
                        }
                    }
                    return Some((end, Sem::Lit(TimeType::Duration, u.duration(n))));
                }
            }
        }
        let w = self.w(k);
        let Some((unit, plural)) = lexicon::unit(w) else {
            return self.core_the_words(k, pre);
        };
        if plural {
            // the coming weeks, recent years, the past few days, the weeks ahead
            let ok = matches!(
                pre.det,
                Some(
                    Det::Coming
                        | Det::Past
                        | Det::Recent
                        | Det::Last
                        | Det::Next
                        | Det::Following
                        | Det::Previous
                )
            ) || (pre.the && self.w(k + 1) == "ahead")
                || self.over_the_years(k, unit, pre);
            if !ok {
                return None;
            }
            let mut e = k + 1;
            if self.w(e) == "ahead" {
                e += 1;
            }
            // "the boom of recent years", "in past years", "for coming quarters": without an
            // article, plural years and quarters point vaguely back or ahead (TimeML's
            // PAST_REF/FUTURE_REF); "the coming years", "recent weeks" measure a stretch
            if !pre.the && matches!(unit, Unit::Year | Unit::Quarter | Unit::Decade) {
                match pre.det {
                    Some(Det::Recent | Det::Past) => {
                        return Some((e, Sem::Lit(TimeType::Date, "PAST_REF".to_string())))
                    }
                    Some(Det::Coming) => {
                        return Some((e, Sem::Lit(TimeType::Date, "FUTURE_REF".to_string())))
                    }
                    _ => {}
                }
            }
            return Some((e, Sem::Lit(TimeType::Duration, unit.duration(None))));
        }
        let e = k + 1;
        // "year-end", "year end"
        let (unit, e) = match (unit, self.w(e), self.w(e + 1)) {
            (Unit::Year, "-", "end") => (Unit::Year, e + 2),
            (u, _, _) => (u, e),
        };
        let sem = match (pre.the, pre.det) {
            (_, Some(Det::This)) if unit == Unit::Quarter && self.w(k - 1) == "this" => {
                Sem::Quarter {
                    q: None,
                    yoff: None,
                    year: None,
                }
            }
            (_, Some(Det::This)) => Sem::Unit { unit, off: 0 },
            (false, Some(Det::Last)) => Sem::Unit { unit, off: -1 },
            (false, Some(Det::Next | Det::Coming)) => Sem::Unit { unit, off: 1 },
            // "over the past year", "in the last decade": the calendar year/decade before
            (true, Some(Det::Past | Det::Last))
                if matches!(unit, Unit::Year | Unit::Decade)
                    && !matches!(self.w(e), "of" | "-") =>
            {
                Sem::Unit { unit, off: -1 }
            }
            (true, Some(Det::Past | Det::Last)) | (false, Some(Det::Past)) => {
                if matches!(unit, Unit::Day | Unit::Second | Unit::Minute | Unit::Hour) && !pre.the
                {
                    return None;
                }
                Sem::Lit(TimeType::Duration, unit.duration(Some(1.0)))
            }
            (true, Some(Det::Next | Det::Following)) if unit == Unit::Day => Sem::RefDay(1),
            (true, Some(Det::Next | Det::Coming)) => {
                Sem::Lit(TimeType::Duration, unit.duration(Some(1.0)))
            }
            (_, Some(Det::Previous)) => {
                if unit == Unit::Day {
                    Sem::RefDay(-1)
                } else {
                    Sem::RefUnit { unit, off: -1 }
                }
            }
            (_, Some(Det::Following)) => {
                if unit == Unit::Day {
                    Sem::RefDay(1)
                } else {
                    Sem::RefUnit { unit, off: 1 }
                }
            }
            (_, Some(Det::That | Det::Same)) => {
                if unit == Unit::Day {
                    Sem::RefDay(0)
                } else {
                    Sem::RefUnit { unit, off: 0 }
                }
            }
            (true, Some(Det::Latest)) | (true, None)
                if unit == Unit::Quarter || (unit == Unit::Year && self.w(e) == "-") =>
            {
                Sem::Quarter {
                    q: None,
                    yoff: None,
                    year: None,
                }
            }
            (true, None) => match unit {
                Unit::Year => Sem::Unit { unit, off: 0 },
                // "the week of March 6": the week that holds that day
                Unit::Week if self.w(e) == "of" => {
                    let (end, day) = self.core_month(e + 1, &Pre::default())?;
                    if !matches!(day, Sem::Date { d: Some(_), .. }) {
                        return None;
                    }
                    return Some((end, Sem::WeekOf(Box::new(day))));
                }
                Unit::Week | Unit::Month => Sem::Unit { unit, off: 0 },
                // "the day before." is a day; in "the day before authorities issued a
                // warrant" `before` opens a clause (TimeBank tags neither)
                Unit::Day if matches!(self.w(e), "before" | "after") => {
                    let n = if self.w(e) == "before" { -1 } else { 1 };
                    if self.clause_ends(e + 1) {
                        return Some((e + 1, Sem::RefDay(n)));
                    }
                    // "the day before last Tuesday's hearing": a day from a named day
                    let next = self.parse_at(e + 1)?;
                    if !matches!(next.sem, Sem::Weekday { .. } | Sem::Date { d: Some(_), .. }) {
                        return None;
                    }
                    return Some((next.end, Sem::DayFrom(Box::new(next.sem), n)));
                }
                _ => return None,
            },
            (true, Some(Det::Latest)) if unit == Unit::Year => Sem::Unit { unit, off: -1 },
            _ => return None,
        };
        if pre.pos && matches!(sem, Sem::Lit(..)) {
            return None;
        }
        // "the quarter a year ago", "the quarter last year": the same quarter a year before
        if let Sem::Quarter {
            q: None,
            yoff: None,
            year: None,
        } = sem
        {
            if let Some(end) = self.year_before(e) {
                return Some((
                    end,
                    Sem::Quarter {
                        q: None,
                        yoff: Some(-1),
                        year: None,
                    },
                ));
            }
        }
        Some((e, sem))
    }

    /// "April 24 and 25": the second day of the month after a full date `m`, as a date of
    /// its own (not "May 5 and 6 percent", not "June 3 and 4 million shares").
    fn second_day(&self, m: &Match) -> Option<(usize, Sem)> {
        let Sem::Date {
            y,
            m: month,
            d: Some(d0),
            rel,
        } = m.sem
        else {
            return None;
        };
        if !matches!(self.w(m.end), "and" | "or") {
            return None;
        }
        let (d, k) = self.day_at(m.end + 1)?;
        let next = self.w(k);
        let ends = next.is_empty() || !next.bytes().any(|b| b.is_ascii_alphanumeric());
        (d > d0 && ends && next != "%").then_some((
            k,
            Sem::Date {
                y,
                m: month,
                d: Some(d),
                rel,
            },
        ))
    }

    /// `a year ago`, `a year earlier` or `last year` at token `e`: where it ends.
    fn year_before(&self, e: usize) -> Option<usize> {
        match (self.w(e), self.w(e + 1), self.w(e + 2)) {
            ("a", "year", "ago" | "earlier") => Some(e + 3),
            ("last", "year", _) => Some(e + 2),
            _ => None,
        }
    }

    /// `the future`, `the past`, `the present`, `the latest period`, `the day`.
    fn core_the_words(&self, k: usize, pre: &Pre) -> Option<(usize, Sem)> {
        let w = self.w(k);
        let lit = |v: &str| Sem::Lit(TimeType::Date, v.to_string());
        match (pre.the, pre.det, w) {
            // "the future of our peoples" is what lies ahead for someone, not a time
            (true, None, "future") if self.w(k + 1) == "of" => None,
            (true, None, "future") => Some((k + 1, lit("FUTURE_REF"))),
            (true, None, "near") if self.w(k + 1) == "future" => Some((k + 2, lit("FUTURE_REF"))),
            (true, None, "present") => Some((k + 1, lit("PRESENT_REF"))),
            (false, Some(Det::Past), _) if pre.the || w.is_empty() => None,
            (true, Some(Det::Latest), "period") => Some((
                k + 1,
                Sem::Quarter {
                    q: None,
                    yoff: None,
                    year: None,
                },
            )),
            // "the same period last year", "the corresponding quarter a year earlier"
            (true, Some(Det::Same), "period" | "quarter")
            | (true, None, "corresponding" | "comparable") => {
                let k = if pre.det.is_none() { k + 1 } else { k };
                if !matches!(self.w(k), "period" | "quarter") {
                    return None;
                }
                let end = self.year_before(k + 1)?;
                if self.w(k) == "period" {
                    return Some((end, self.year_ago_period()));
                }
                Some((
                    end,
                    Sem::Quarter {
                        q: None,
                        yoff: Some(-1),
                        year: None,
                    },
                ))
            }
            _ => None,
        }
    }

    /// `third-quarter`, `year-earlier`, `year-end` without a determiner.
    fn core_bare_unit(&self, j: usize, pre: &Pre) -> Option<(usize, Sem)> {
        if pre.approx || pre.relpos {
            return None;
        }
        let mut k = j;
        let fiscal = self.w(k) == "fiscal";
        if fiscal {
            k += 1;
        }
        if let Some(q) = lexicon::ordinal(self.w(k)).filter(|q| (1..=4).contains(q)) {
            if self.w(k + 1) == "-" && self.w(k + 2) == "quarter" {
                return Some((
                    k + 3,
                    Sem::Quarter {
                        q: Some(q as u8),
                        yoff: None,
                        year: None,
                    },
                ));
            }
            if (fiscal || !self.cap(k) || k == 0) && self.w(k + 1) == "quarter" {
                return Some((
                    k + 2,
                    Sem::Quarter {
                        q: Some(q as u8),
                        yoff: None,
                        year: None,
                    },
                ));
            }
            return None;
        }
        if self.w(k) == "year" && self.w(k + 1) == "-" {
            match self.w(k + 2) {
                "earlier" | "ago" => {
                    let mut e = k + 3;
                    let q = lexicon::ordinal(self.w(e)).filter(|q| (1..=4).contains(q));
                    if q.is_some() {
                        e += 1;
                        if self.w(e) == "-" {
                            e += 1;
                        }
                    }
                    if matches!(self.w(e), "quarter" | "period") {
                        e += 1;
                    }
                    if q.is_some() || self.w(e - 1) == "quarter" {
                        return Some((
                            e,
                            Sem::Quarter {
                                q: q.map(|q| q as u8),
                                yoff: Some(-1),
                                year: None,
                            },
                        ));
                    }
                    if self.w(e - 1) == "period" || self.mentions_quarter() {
                        return Some((e, self.year_ago_period()));
                    }
                    return Some((
                        e,
                        Sem::Unit {
                            unit: Unit::Year,
                            off: -1,
                        },
                    ));
                }
                // "the percentage change is since year-end": the end of last year
                "end" if self.prev(j) == "since" => {
                    return Some((
                        k + 3,
                        Sem::Date {
                            y: None,
                            m: 12,
                            d: Some(31),
                            rel: Rel::PrevYear,
                        },
                    ))
                }
                "end" => {
                    return Some((
                        k + 3,
                        Sem::Unit {
                            unit: Unit::Year,
                            off: 0,
                        },
                    ))
                }
                _ => {}
            }
        }
        // "by year end", "by year's end": the end of the current year
        if self.w(k) == "year"
            && matches!(
                self.prev(k),
                "by" | "at" | "before" | "until" | "till" | "toward" | "towards" | "through"
            )
        {
            let e = if self.w(k + 1) == "end" {
                k + 2
            } else if self.is_apos(k + 1) && self.w(k + 2) == "s" && self.w(k + 3) == "end" {
                k + 4
            } else {
                0
            };
            if e > 0 {
                return Some((
                    e,
                    Sem::Unit {
                        unit: Unit::Year,
                        off: 0,
                    },
                ));
            }
        }
        if pre.pos && self.w(k) == "year" && self.w(k + 1) == "end" {
            return Some((
                k + 2,
                Sem::Unit {
                    unit: Unit::Year,
                    off: 0,
                },
            ));
        }
        None
    }

    /// Durations and offsets: `five hours`, `two-day`, `a year ago`, `three days later`.
    fn core_number_unit(&self, j: usize, pre: &Pre) -> Option<(usize, Sem)> {
        if pre.the || pre.det.is_some() || pre.pos {
            return None;
        }
        let w0 = self.w(j);
        if self
            .digits(j)
            .is_some_and(|(v, l)| l == 4 && (1800..=2100).contains(&v))
        {
            return None;
        }
        let (mut n, mut k) = self.number_at(j)?;
        let is_article = matches!(w0, "a" | "an");
        // 2 1/2 years
        if let (Some(v), Some((1, _)), "/", Some((2, _))) =
            (n, self.digits(k), self.w(k + 1), self.digits(k + 2))
        {
            if self.glued(k + 1) && self.glued(k + 2) {
                n = Some(v + 0.5);
                k += 3;
            }
        }
        if matches!(w0, "some" | "many") && !pre.approx {
            // "some years" is fine, "some days" too; "many years" too.
        }
        // ranges: "two to three weeks", "12 to 18 months", "two or three days"
        let mut ranged = false;
        if matches!(self.w(k), "to" | "or") || (self.w(k) == "-" && self.digits(k + 1).is_some()) {
            if let Some((_, k2)) = self.number_at(k + 1) {
                if lexicon::unit(self.w(k2)).is_some() {
                    k = k2;
                    ranged = true;
                }
            }
        }
        if matches!(
            self.w(k),
            "more" | "additional" | "full" | "straight" | "consecutive" | "long"
        ) {
            k += 1;
        }
        // "eight trading days", "three business days", "ten working days": days all the same
        if matches!(self.w(k), "trading" | "business" | "working")
            && matches!(self.w(k + 1), "day" | "days" | "week" | "weeks")
        {
            k += 1;
        }
        let mut hyphen = false;
        if self.w(k) == "-" && self.glued(k) {
            hyphen = true;
            k += 1;
        }
        let (unit, plural) = lexicon::unit(self.w(k))?;
        if hyphen && is_article {
            return None;
        }
        // "a second round" is an ordinal
        if unit == Unit::Second
            && !plural
            && !matches!(
                self.w(k + 1),
                "" | "ago" | "later" | "earlier" | "," | "." | "or" | "and" | "to" | "for"
            )
        {
            return None;
        }
        // "a year-earlier loss": the compound `year-earlier` is the expression (core_bare_unit)
        if self.w(k + 1) == "-" && self.glued(k + 1) && matches!(self.w(k + 2), "earlier" | "ago") {
            return None;
        }
        // ages are not time expressions: "Smith, 52 years old"
        if matches!(unit, Unit::Year) && self.w(k + 1) == "old" {
            return None;
        }
        // fractions: "three-quarters", "a quarter of", "three quarters of the vote"; only one
        // and three quarters make a fraction: "several quarters of losses", "two quarters of
        // growth" are periods
        let fraction_count =
            matches!(n, Some(v) if (v - 1.0).abs() < 1e-9 || (v - 3.0).abs() < 1e-9);
        if unit == Unit::Quarter
            && ((plural && hyphen) || (self.w(k + 1) == "of" && fraction_count))
        {
            return None;
        }
        // "one second" vs "one second-quarter": ordinal "second" is a unit here only after a number
        let mut e = k + 1;
        if hyphen || (self.w(e) == "-" && self.glued(e)) {
            // ages are not time expressions: "five-year-old", "40-year-old"
            if self.w(e) == "-" && matches!(self.w(e + 1), "old" | "olds") {
                return None;
            }
            if self.w(e) == "-" && self.w(e + 1) == "long" {
                e += 2;
            }
        }
        if !plural && !hyphen && n.is_some_and(|v| v > 1.0) && !is_article {
            // "two year" is unusual outside adjectival use; accept ("five year low")
        }
        // a year and a half
        if self.w(e) == "and" && self.w(e + 1) == "a" && self.w(e + 2) == "half" {
            n = n.map(|v| v + 0.5);
            e += 3;
        }
        if self.w(e) == "or" && self.w(e + 1) == "so" {
            e += 2;
        }
        // "Islam will one day be …": some day in the future, not a day's duration
        if w0 == "one"
            && unit == Unit::Day
            && e == k + 1
            && matches!(
                self.prev(j),
                "will" | "would" | "could" | "might" | "may" | "can" | "shall" | "should"
            )
        {
            return Some((e, Sem::Lit(TimeType::Date, "FUTURE_REF".to_string())));
        }
        // "will be redeemed in five years", "may, in a year or two, save": the date that
        // far ahead (TimeML), or some time ahead when the count is vague
        if !hyphen
            && !pre.approx
            && !matches!(unit, Unit::Second | Unit::Minute | Unit::Hour)
            && !matches!(self.w(e), "-" | "'")
            && self.future_in(j)
        {
            let mut n = if ranged { None } else { n };
            let mut e = e;
            if self.w(e) == "or" && self.number_at(e + 1).is_some_and(|(_, k2)| k2 == e + 2) {
                n = None;
                e += 2;
            }
            // not "minimal in a quarter that produced a loss": a relative clause makes it some
            // period, not a count ahead
            if !matches!(
                self.w(e),
                "ago"
                    | "earlier"
                    | "later"
                    | "from"
                    | "hence"
                    | "of"
                    | "that"
                    | "which"
                    | "when"
                    | "where"
                    | "in"
            ) {
                return Some((
                    e,
                    Sem::Ago {
                        n,
                        unit,
                        sign: 1,
                        from_ref: false,
                    },
                ));
            }
        }
        // "a bonus equal to six months of base pay": an amount of money, not a stretch of time
        if self.w(e) == "of"
            && matches!(
                self.w(e + 1 + usize::from(self.w(e + 1) == "base")),
                "pay" | "salary" | "salaries" | "wages" | "severance"
            )
        {
            return None;
        }
        let quarterly = unit == Unit::Year && n == Some(1.0) && self.mentions_quarter();
        match self.w(e) {
            "ago" | "earlier" if quarterly => {
                return Some((e + 1, self.year_ago_period()));
            }
            // "A day earlier, scores of trucks …": the span of time back to the narrative's
            // day, as `three days later` (TimeBank), not a date counted from the article's
            "earlier"
                if !hyphen
                    && matches!(unit, Unit::Day | Unit::Week | Unit::Hour | Unit::Minute) =>
            {
                return Some((e + 1, Sem::Lit(TimeType::Duration, unit.duration(n))));
            }
            "ago" | "earlier" if !hyphen => {
                return Some((
                    e + 1,
                    Sem::Ago {
                        n,
                        unit,
                        sign: -1,
                        from_ref: false,
                    },
                ));
            }
            "from" if self.w(e + 1) == "now" => {
                return Some((
                    e + 2,
                    Sem::Ago {
                        n,
                        unit,
                        sign: 1,
                        from_ref: false,
                    },
                ));
            }
            "hence" => {
                return Some((
                    e + 1,
                    Sem::Ago {
                        n,
                        unit,
                        sign: 1,
                        from_ref: false,
                    },
                ));
            }
            _ => {}
        }
        // "$5 a year", "twice a week": a set
        if is_article {
            let p = self.prev(j);
            if p.bytes().next().is_some_and(|b| b.is_ascii_digit())
                || matches!(
                    p,
                    "times"
                        | "once"
                        | "twice"
                        | "percent"
                        | "%"
                        | "cents"
                        | "dollars"
                        | "million"
                        | "billion"
                )
            {
                return Some((e, Sem::Lit(TimeType::Set, unit.duration(Some(1.0)))));
            }
        }
        if w0 == "some" && !plural {
            return None;
        }
        if w0 == "second" {
            return None;
        }
        Some((e, Sem::Lit(TimeType::Duration, unit.duration(n))))
    }

    /// `in` right before token `j`, with a modal a few words before it and no superlative or
    /// `first`/`time` between ("will be repaid in five years", not "will be the first rise in
    /// ten years", which is a span).
    fn future_in(&self, j: usize) -> bool {
        if j < 2 || self.w(j - 1) != "in" {
            return false;
        }
        let from = (j - 1).saturating_sub(FUTURE_IN_REACH);
        for i in (from..j - 1).rev() {
            let w = self.w(i);
            if matches!(
                w,
                "will" | "would" | "ll" | "may" | "might" | "could" | "shall" | "should" | "can"
            ) {
                return true;
            }
            if matches!(
                w,
                "first" | "last" | "time" | "times" | "since" | "than" | "." | ";"
            ) || (w.len() > 4 && w.ends_with("est"))
            {
                return false;
            }
        }
        false
    }

    /// The sentence is about quarterly results ("a year ago" then means that quarter).
    fn mentions_quarter(&self) -> bool {
        self.quarterly || self.t.iter().any(|t| t.w == "quarter")
    }

    /// The sentence reports results to date over several quarters ("for the nine months",
    /// "the first six months", "the six-month period"): its year-ago figures are the year
    /// before, not the reported quarter a year before.
    fn year_to_date(&self) -> bool {
        (0..self.t.len()).any(|i| {
            matches!(self.w(i), "nine" | "six")
                && (self.w(i + 1) == "months" || (self.w(i + 1) == "-" && self.w(i + 2) == "month"))
        })
    }

    /// A comparison a year back in a report on results: the reported quarter a year before,
    /// or the year before in a report on the year to date.
    fn year_ago_period(&self) -> Sem {
        if self.year_to_date() {
            Sem::Unit {
                unit: Unit::Year,
                off: -1,
            }
        } else {
            Sem::Quarter {
                q: None,
                yoff: Some(-1),
                year: None,
            }
        }
    }

    /// Reference words, sets, holidays and plural units.
    fn core_words(&self, j: usize, pre: &Pre) -> Option<(usize, Sem)> {
        let w = self.w(j);
        let lit = |k: TimeType, v: &str| Sem::Lit(k, v.to_string());
        if pre.det == Some(Det::Each) && !pre.the {
            // every day, each year, every other week, every two weeks (weekdays: core_weekday)
            let mut k = j;
            let mut n = Some(1.0);
            if self.w(k) == "other" {
                n = Some(2.0);
                k += 1;
            } else if let Some((m, k2)) = self.number_at(k) {
                if !matches!(self.w(k), "a" | "an" | "some" | "few")
                    && lexicon::unit(self.w(k2)).is_some()
                {
                    n = m;
                    k = k2;
                }
            }
            if let Some((u, _)) = lexicon::unit(self.w(k)) {
                return Some((k + 1, lit(TimeType::Set, &u.duration(n))));
            }
            if let Some((m, _, e)) = self.month_at(k) {
                return Some((e, lit(TimeType::Set, &format!("XXXX-{m:02}"))));
            }
            if let Some(p) = lexicon::part_of_day(self.w(k)) {
                return Some((k + 1, lit(TimeType::Set, &format!("XXXX-XX-XXT{p}"))));
            }
            if let Some(s) = lexicon::season(self.w(k)) {
                return Some((k + 1, lit(TimeType::Set, &format!("XXXX-{s}"))));
            }
            if self.w(k) == "weekend" {
                return Some((k + 1, lit(TimeType::Set, "XXXX-WXX-WE")));
            }
            return None;
        }
        // "their third day-long meeting", "a week-long visit": one unit, whatever the
        // determiner (the plural "decades-long" is a bare plural unit, below)
        if !pre.approx && self.w(j + 1) == "-" && self.glued(j + 1) && self.w(j + 2) == "long" {
            if let Some((u, false)) = lexicon::unit(w) {
                return Some((j + 3, lit(TimeType::Duration, &u.duration(Some(1.0)))));
            }
        }
        // "it's the second day of an offensive", "today is the eighth day of Desert Shield":
        // that day of a running event is the day spoken of, as above
        if !pre.approx && !pre.pos {
            let (first, e) = match (pre.det, lexicon::ordinal(w)) {
                (None, Some(n)) if n > 1 && self.w(j + 1) == "day" => (j, j + 2),
                (Some(Det::First), _) if w == "day" && self.prev(j) == "first" => (j - 1, j + 1),
                _ => (0, 0),
            };
            if e > 0 {
                if let Some(past) = self.day_copula(first - usize::from(pre.the), true) {
                    return Some((
                        e,
                        if past {
                            Sem::RefDay(0)
                        } else {
                            Sem::Deictic(0)
                        },
                    ));
                }
            }
        }
        if pre.the || pre.det.is_some() {
            return None;
        }
        // holidays
        if let Some((h, e)) = self.holiday_at(j) {
            let mut year = None;
            let mut e = e;
            let mut k3 = e;
            if self.w(k3) == "," {
                k3 += 1;
            }
            if let Some((y, k4)) = self.year_at(k3) {
                year = Some(y);
                e = k4;
            }
            return Some((e, Sem::Holiday { which: h, year }));
        }
        let one = |v: &str| Some((j + 1, lit(TimeType::Date, v)));
        // "it was a great day for Poland", "this is a sad day": the day spoken of, the day in
        // focus in a past clause, the article's day in a present one
        if w == "day" && pre.det.is_none() && !pre.the {
            if let Some(past) = self.day_described(j) {
                return Some((
                    j + 1,
                    if past {
                        Sem::RefDay(0)
                    } else {
                        Sem::Deictic(0)
                    },
                ));
            }
        }
        match w {
            "now" if !pre.approx && !pre.pos => {
                // "now" in "now that" or "just now" stays
                one("PRESENT_REF")
            }
            "currently" | "nowadays" | "presently" if !pre.approx => one("PRESENT_REF"),
            "current" if !pre.approx && !pre.pos => {
                // an adjective before a noun: "current account" is not a time
                if matches!(self.w(j + 1), "account" | "accounts" | "affairs" | "events") {
                    return None;
                }
                one("PRESENT_REF")
            }
            "recently" | "lately" if !pre.approx => one("PAST_REF"),
            // "soon after being captured" orders two events, it does not point ahead
            "soon"
                if !pre.approx
                    && self.prev(j) != "as"
                    && !matches!(
                        self.w(j + 1),
                        "after" | "afterward" | "afterwards" | "thereafter"
                    ) =>
            {
                one("FUTURE_REF")
            }
            "future" if !pre.approx && self.prev(j) == "in" => one("FUTURE_REF"),
            "daily" | "nightly" | "weekly" | "monthly" | "yearly" | "annually" | "hourly"
            | "biweekly" | "semiannually"
                if !pre.approx
                    // "rise 8.5% annually" is a growth rate, not a recurring event
                    && (w != "annually" || !matches!(self.prev(j), "%" | "percent")) =>
            {
                let v = match w {
                    "daily" => "P1D",
                    "nightly" => "XXXX-XX-XXTNI",
                    "weekly" => "P1W",
                    "monthly" => "P1M",
                    "hourly" => "PT1H",
                    "biweekly" => "P2W",
                    "semiannually" => "P6M",
                    _ => "P1Y",
                };
                Some((j + 1, lit(TimeType::Set, v)))
            }
            "once" | "twice" | "thrice"
                if self.w(j + 1) == "a" || self.w(j + 1) == "per" || self.w(j + 1) == "every" =>
            {
                let (u, _) = lexicon::unit(self.w(j + 2))?;
                Some((j + 3, lit(TimeType::Set, &u.duration(Some(1.0)))))
            }
            "per" => {
                let (u, plural) = lexicon::unit(self.w(j + 1))?;
                if plural {
                    return None;
                }
                Some((j + 2, lit(TimeType::Set, &u.duration(Some(1.0)))))
            }
            // bare plural units: "for years", "in weeks", "decades-long", "weeks or months"
            "years" | "months" | "weeks" | "days" | "decades" | "hours" | "minutes"
            | "centuries" => {
                let (u, _) = lexicon::unit(w)?;
                let prev = self.prev(j);
                let mut e = j + 1;
                if self.w(e) == "-" && self.w(e + 1) == "long" {
                    e += 2;
                } else if !(pre.approx
                    || matches!(
                        prev,
                        "for" | "in" | "within" | "over" | "after" | "took" | "lasted" | "spent"
                    ))
                {
                    return None;
                }
                if matches!(self.w(e), "ago") {
                    return Some((e + 1, lit(TimeType::Date, "PAST_REF")));
                }
                if matches!(self.w(e), "of" | "old" | "-") {
                    return None;
                }
                if self.w(e) == "or" {
                    if let Some((_, true)) = lexicon::unit(self.w(e + 1)) {
                        e += 2;
                    }
                }
                Some((e, lit(TimeType::Duration, &u.duration(None))))
            }
            _ => None,
        }
    }

    /// `day` at `j` is described by a copula on `it`/`this`/`that` (`it was a great day`,
    /// `this is a historic day`, up to two adjectives): whether the copula is past. `Today is a
    /// sad day` is not (the day is already named), nor `one day`, `a day later`.
    fn day_described(&self, j: usize) -> Option<bool> {
        let mut k = j;
        let mut adjectives = 0;
        while k > 0
            && adjectives < 2
            && !matches!(self.w(k - 1), "a" | "an")
            && self.w(k - 1).bytes().all(|b| b.is_ascii_lowercase())
            && !self.cap(k - 1)
        {
            k -= 1;
            adjectives += 1;
        }
        if k == 0 || !matches!(self.w(k - 1), "a" | "an") {
            return None;
        }
        self.day_copula(k - 1, false)
    }

    /// `it was`, `this is`, `it's` (and `today is` when `today_too`) right before token
    /// `first`: whether the copula is past.
    fn day_copula(&self, first: usize, today_too: bool) -> Option<bool> {
        // it was "a great day"
        let mut first = first;
        while first > 0 && matches!(self.w(first - 1), "\"" | "'") {
            first -= 1;
        }
        if first < 2 {
            return None;
        }
        let (past, subject) = match self.w(first - 1) {
            "was" => (true, first - 2),
            "is" => (false, first - 2),
            "s" if first >= 3 && self.is_apos(first - 2) => (false, first - 3),
            _ => return None,
        };
        let ok = match self.w(subject) {
            "it" | "this" | "that" => true,
            "today" => today_too,
            _ => false,
        };
        ok.then_some(past)
    }

    fn holiday_at(&self, j: usize) -> Option<(Holiday, usize)> {
        let w = self.w(j);
        if !self.cap(j) {
            return None;
        }
        let day = |k: usize| if self.w(k) == "day" { k + 1 } else { k };
        Some(match w {
            "christmas" => {
                if self.w(j + 1) == "eve" {
                    (Holiday::Fixed(12, 24), j + 2)
                } else {
                    (Holiday::Fixed(12, 25), day(j + 1))
                }
            }
            "thanksgiving" => (Holiday::Thanksgiving, day(j + 1)),
            "easter"
                if matches!(self.w(j + 1), "sunday" | "day" | "," | "." | "weekend")
                    || self.prev(j) == "at"
                    || self.prev(j) == "on"
                    || self.prev(j) == "before"
                    || self.prev(j) == "after" =>
            {
                if self.w(j + 1) == "sunday" {
                    (Holiday::Easter, j + 2)
                } else {
                    (Holiday::Easter, j + 1)
                }
            }
            "halloween" => (Holiday::Fixed(10, 31), j + 1),
            "new" if self.w(j + 1) == "year" && self.is_apos(j + 2) && self.w(j + 3) == "s" => {
                match self.w(j + 4) {
                    "day" => (Holiday::Fixed(1, 1), j + 5),
                    "eve" => (Holiday::Fixed(12, 31), j + 5),
                    _ => return None,
                }
            }
            "independence" if self.w(j + 1) == "day" => (Holiday::Fixed(7, 4), j + 2),
            "valentine"
                if self.is_apos(j + 1) && self.w(j + 2) == "s" && self.w(j + 3) == "day" =>
            {
                (Holiday::Fixed(2, 14), j + 4)
            }
            "labor" | "labour" if self.w(j + 1) == "day" => (Holiday::LaborDay, j + 2),
            "memorial" if self.w(j + 1) == "day" => (Holiday::MemorialDay, j + 2),
            "election" if self.w(j + 1) == "day" && self.cap(j + 1) => {
                (Holiday::ElectionDay, j + 2)
            }
            "veterans" if self.w(j + 1) == "day" => (Holiday::Fixed(11, 11), j + 2),
            _ => return None,
        })
    }
}

fn date(y: Option<i32>, m: u32, d: Option<u32>) -> Sem {
    Sem::Date {
        y,
        m: m as u8,
        d: d.map(|d| d as u8),
        rel: Rel::Bare,
    }
}

/// Lower-case words in `-ed` (past-tense verbs) count as past cues.
const ED_PAST: bool = true;

/// Words before an infinitive that put it ahead in time: "planned to leave Thursday", "agreed
/// to meet Monday", "is set to open in March".
fn plans_ahead(w: &str) -> bool {
    matches!(
        w,
        "set"
            | "due"
            | "expected"
            | "scheduled"
            | "going"
            | "planned"
            | "plans"
            | "plan"
            | "planning"
            | "poised"
            | "slated"
            | "agreed"
            | "decided"
            | "promised"
            | "vowed"
            | "hopes"
            | "hoped"
            | "intends"
            | "intended"
            | "aims"
    )
}

/// The past-tense plan words: the plan was made then.
fn plan_made(w: &str) -> bool {
    matches!(
        w,
        "planned" | "agreed" | "decided" | "promised" | "vowed" | "hoped" | "intended"
    )
}

/// Reporting verbs time the report, not what is reported: in "…leave Tuesday, Castro said"
/// the clause's own verb decides, and `said` only when it governs the expression ("said
/// Friday", "said on Friday") or nothing else is found.
fn reporting(w: &str) -> bool {
    matches!(
        w,
        "said" | "says" | "told" | "announced" | "reported" | "added" | "stated"
    )
}

/// Tokens `[s, e)` are part of a title or a name rather than a time: a word news writes in
/// lower case (`today`, `noon`, `this week`) capitalised inside a sentence after a
/// capitalised word ("VOA Today", "High Noon") or in title case throughout ("This Week").
/// Also the idiom "high noon".
fn in_title(toks: &[Tok], s: usize, e: usize) -> bool {
    let lowercase_word = |w: &str| {
        matches!(
            w,
            "today"
                | "tonight"
                | "tomorrow"
                | "yesterday"
                | "now"
                | "noon"
                | "midnight"
                | "this"
                | "week"
                | "month"
                | "year"
                | "morning"
                | "evening"
                | "night"
        )
    };
    let cap = |t: &Tok| t.o.chars().next().is_some_and(char::is_uppercase);
    if !lowercase_word(toks[s].w) {
        return false;
    }
    if toks[s].w == "noon" && s > 0 && toks[s - 1].w == "high" {
        return true;
    }
    if s == 0 || !cap(&toks[s]) {
        return false;
    }
    let prev = &toks[s - 1];
    let after_name = prev.o.chars().next().is_some_and(char::is_alphabetic) && cap(prev);
    let title_case = e > s + 1
        && toks[s + 1..e].iter().all(|t| cap(t) && lowercase_word(t.w))
        && !matches!(prev.w, "." | "!" | "?");
    after_name || title_case
}

/// The word before or after token `i` is a past-tense verb ("was soon", "soon became").
fn past_verb_beside(toks: &[Tok], i: usize) -> bool {
    let past = |t: &Tok| {
        lexicon::past_cue(t.w)
            || (t.w.len() > 4 && t.w.ends_with("ed") && t.o.as_bytes()[0].is_ascii_lowercase())
    };
    (i > 0 && past(&toks[i - 1])) || toks.get(i + 1).is_some_and(past)
}

/// An `-ed` word after these is an adjective, not a past verb: "a still unspecified date",
/// "the expected merger", "its limited offer".
fn adjective_before(w: &str) -> bool {
    matches!(
        w,
        "a" | "an"
            | "the"
            | "its"
            | "their"
            | "his"
            | "her"
            | "our"
            | "still"
            | "very"
            | "most"
            | "less"
    )
}

/// Words between a modal and the `in` of "will be repaid in five years".
const FUTURE_IN_REACH: usize = 6;
/// How far a reporting verb may be from an expression and still govern it.
const REPORT_REACH: usize = 3;
/// How far a past perfect may be from a deadline ("until Thursday") and keep it in the past.
const DEADLINE_REACH: usize = 12;
/// What a reporting verb further away counts as, in extra tokens of distance.
const REPORT_PENALTY: usize = 8;

/// Tense of the clause around tokens `[s, e)`: the nearest cue word decides.
///
/// Whether a present-tense schedule verb stands right before token `s` (`meets Monday`,
/// `opens on Tuesday`, `meet separately Monday`): news announces fixed appointments in the
/// present. Not after a negation or `did` ("did not meet Monday" is past).
fn scheduled_present(toks: &[Tok], s: usize) -> bool {
    let mut k = s;
    if k > 0 && toks[k - 1].w == "on" {
        k -= 1;
    }
    // one manner adverb: "meet separately Monday"
    if k > 1 && toks[k - 1].w.len() > 4 && toks[k - 1].w.ends_with("ly") {
        k -= 1;
    }
    if k == 0 || !lexicon::schedule_present(toks[k - 1].w) {
        return false;
    }
    // "did not meet", "had been due to expire"; "the votes on Tuesday", "his visits" are nouns
    !(k > 1
        && matches!(
            toks[k - 2].w,
            "did"
                | "not"
                | "t"
                | "never"
                | "to"
                | "the"
                | "a"
                | "an"
                | "his"
                | "her"
                | "its"
                | "their"
                | "our"
                | "s"
                | "of"
        ))
}

/// A deadline word in front ("effective Feb. 1", "by February", "until Tuesday", "through
/// January") looks ahead whatever the verb: terms, deadlines and plans in news are announced
/// before they fall due.
fn tense_at(toks: &[Tok], s: usize, e: usize) -> Tense {
    if s > 0
        && matches!(
            toks[s - 1].w,
            "effective" | "by" | "until" | "till" | "through"
        )
    {
        // "had … by March", "Until Thursday, they had not": a past perfect keeps the
        // deadline in the past
        let near = &toks[s.saturating_sub(DEADLINE_REACH)..(e + DEADLINE_REACH).min(toks.len())];
        let past_perfect = near.iter().any(|t| t.w == "had");
        if toks[s - 1].w == "effective" || !past_perfect {
            return Tense::Future;
        }
    }
    // "Wednesday's ruling", "Friday's close": news names a day in the possessive once its
    // event has happened (or is happening today)
    if e > s
        && lexicon::weekday(toks[e - 1].w).is_some()
        && toks.get(e).is_some_and(|t| t.w == "'" && !t.sp)
        && toks.get(e + 1).is_some_and(|t| t.w == "s" && !t.sp)
    {
        return Tense::Past;
    }
    // "since February": the start of something that still holds
    if s > 0 && toks[s - 1].w == "since" {
        return Tense::Past;
    }
    // "Arafat and Netanyahu meet separately Monday", "the trial opens on Tuesday": a
    // schedule verb in the present right before the date announces what is to come
    if scheduled_present(toks, s) {
        return Tense::Future;
    }
    let mut best: Option<(usize, Tense)> = None;
    for (i, t) in toks.iter().enumerate() {
        if i >= s && i < e {
            continue;
        }
        let w = t.w;
        // "will be held", "to be signed": a participle after `be` is not a past verb;
        // "planned to": the plan, not its date, is past
        let passive = i > 0 && matches!(toks[i - 1].w, "be" | "being");
        // a plan in the past tense after the expression is timed by it: in "On Friday, the
        // government planned to pay", Friday is when the plan was made (but "On Tuesday, the
        // league plans to hold")
        let governs = |p: &str| i < s || !plan_made(p);
        let planning = plans_ahead(w) && governs(w) && toks.get(i + 1).is_some_and(|n| n.w == "to");
        // "had been due to", "was expected to": a past plan
        let past_plan = |k: usize| {
            (1..=2)
                .any(|b| i >= k + b && matches!(toks[i - k - b].w, "was" | "were" | "had" | "been"))
        };
        // "a planned meeting", "ahead of planned talks": the adjective looks ahead
        let planned_adj = w == "planned"
            && i > 0
            && matches!(
                toks[i - 1].w,
                "a" | "an" | "the" | "its" | "their" | "his" | "her" | "of" | "for"
            )
            && toks.get(i + 1).is_some_and(|n| n.w != "to");
        let tense = if planning || planned_adj || lexicon::future_cue(w) {
            // "next" inside another time expression is not a cue for this one; "won" is a verb
            // unless "won't"
            if w == "won" && toks.get(i + 1).is_none_or(|n| n.w != "'") {
                continue;
            }
            if w == "due" && toks.get(i + 1).is_some_and(|n| n.w != "to") {
                continue;
            }
            if past_plan(0) {
                Tense::Past
            } else {
                Tense::Future
            }
        } else if !passive
            && (lexicon::past_cue(w)
                || (ED_PAST
                    && w.len() > 4
                    && w.ends_with("ed")
                    && t.o.as_bytes()[0].is_ascii_lowercase()
                    && !(i > 0 && adjective_before(toks[i - 1].w))))
        {
            Tense::Past
        } else if w == "to"
            && i > 0
            && plans_ahead(toks[i - 1].w)
            && governs(toks[i - 1].w)
            && !past_plan(1)
            && toks
                .get(i + 1)
                .is_some_and(|n| n.o.as_bytes()[0].is_ascii_lowercase())
        {
            Tense::Future
        } else {
            continue;
        };
        let mut dist = if i < s { s - i } else { i + 1 - e };
        if reporting(w) && dist > REPORT_REACH {
            dist += REPORT_PENALTY;
        }
        if best.is_none_or(|(d, _)| dist < d) {
            best = Some((dist, tense));
        }
    }
    best.map_or(Tense::Unknown, |b| b.1)
}

/// One recognised expression, before normalisation.
pub(super) struct Found<'a> {
    pub sentence: usize,
    /// Code-point offsets into the whole text.
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    pub sem: Sem,
    pub tense: Tense,
}

/// All time expressions of `text`, sentence by sentence, normalised against `anchor`.
///
/// A relative expression without an anchor keeps an underspecified value (`XXXX-WXX-4`).
pub fn recognise(text: &str, sentences: &[Span], anchor: Option<Date>) -> Vec<TimeMention> {
    let mut out = Vec::new();
    let mut reference: Option<Date> = None;
    let mut ref_year: Option<i32> = None;
    let mut ref_month: Option<(i32, i32)> = None;
    let mut ref_quarter: Option<(i32, i32)> = None;
    scan(text, sentences, |f| {
        let cx = Ctx {
            anchor,
            tense: f.tense,
            reference,
            ref_year,
            ref_month,
            ref_quarter,
        };
        let value = normalise::value(&f.sem, &cx);
        let kind = normalise::kind(&f.sem);
        if let Sem::Quarter { q: Some(_), .. } = f.sem {
            if let Some(yq) = reported_quarter(&value, anchor, f.tense) {
                // an earlier quarter named in passing ("after a flat second quarter") is not
                // the one reported on; a fiscal quarter starts another company's report, whose
                // numbering is its own
                if ref_quarter.is_none_or(|r| yq >= r)
                    || f.text
                        .split(|c: char| !c.is_ascii_alphabetic())
                        .any(|w| w.eq_ignore_ascii_case("fiscal"))
                {
                    ref_quarter = Some(yq);
                }
            }
        }
        if kind == TimeType::Date && value.len() == 10 && !value.starts_with('X') {
            reference = value.parse().ok().or(reference);
        }
        if kind == TimeType::Date
            && value.len() >= 4
            && value.as_bytes()[..4].iter().all(u8::is_ascii_digit)
        {
            ref_year = value[..4].parse().ok().or(ref_year);
            if value.len() >= 7 && value.as_bytes()[4] == b'-' {
                if let (Some(y), Ok(m)) = (ref_year, value[5..7].parse::<i32>()) {
                    ref_month = Some((y, m));
                }
            }
        }
        out.push(TimeMention {
            start: f.start,
            end: f.end,
            text: f.text.to_string(),
            kind,
            value,
        });
    });
    out
}

/// A quarter named by number (`2026-Q1`) that results can be reported on: one that ended
/// before the anchor's quarter (unless the clause looks ahead), or the current one in a past
/// clause ("reported a decline in fourth-quarter earnings"). A quarter still ahead ("will
/// result in a fourth-quarter charge") is not the one the report is about.
fn reported_quarter(value: &str, anchor: Option<Date>, tense: Tense) -> Option<(i32, i32)> {
    let (y, q) = value.split_once("-Q")?;
    let (y, q): (i32, i32) = (y.parse().ok()?, q.parse().ok()?);
    let a = anchor?;
    let cur = (a.year() as i32, (i32::from(a.month()) - 1) / 3 + 1);
    let ok = match (y, q).cmp(&cur) {
        std::cmp::Ordering::Less => tense != Tense::Future,
        std::cmp::Ordering::Equal => tense == Tense::Past,
        std::cmp::Ordering::Greater => false,
    };
    ok.then_some((y, q))
}

/// Whether the text names quarters of a year (`third-quarter`, `the quarter`, `two
/// quarters`): a report on results. `headquarters`, `quarterly`, `three-quarters of`, `a
/// quarter of the market` and `a quarter-century` are no such period.
fn names_quarters(text: &str) -> bool {
    let b = text.as_bytes();
    text.match_indices("quarter").any(|(i, _)| {
        let before = i.checked_sub(1).map(|k| b[k]);
        if before.is_some_and(|c| c.is_ascii_alphabetic()) {
            return false;
        }
        let mut e = i + "quarter".len();
        if b.get(e) == Some(&b's') {
            e += 1;
        }
        if b.get(e).is_some_and(|c| c.is_ascii_alphanumeric()) {
            return false;
        }
        let rest = &text[e..];
        let head = &text[..i];
        // "a quarter of the market", "a quarter-century"
        if rest.starts_with("-century")
            || (rest.starts_with(" of ") && (head.ends_with(" a ") || head.ends_with("A ")))
        {
            return false;
        }
        // "three-quarters", "one-quarter": a fraction ("a two-quarter slide" is a period)
        !(head.ends_with('-')
            && head[..head.len() - 1]
                .rsplit(|c: char| !c.is_ascii_alphabetic())
                .next()
                .is_some_and(|w| w.eq_ignore_ascii_case("one") || w.eq_ignore_ascii_case("three")))
    })
}

/// Runs the grammar over every sentence that passes the prefilter, in text order.
/// The indices of the sentences (in order, not overlapping) holding the first three letters
/// of a weekday, in any case: every weekday word of the lexicon begins with them, so
/// [`scan`] finds a weekday in no other sentence.
pub(super) fn naming_weekdays(text: &str, sentences: &[Span]) -> Vec<usize> {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    let ac = AC.get_or_init(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])
            .expect("valid patterns")
    });
    let mut walk = CharToByte::new(text);
    (0..sentences.len())
        .filter(|&k| {
            let bs = walk.byte(sentences[k].start);
            let be = walk.byte(sentences[k].end).max(bs);
            ac.is_match(&text[bs..be])
        })
        .collect()
}

pub(super) fn scan<'a>(text: &'a str, sentences: &[Span], mut found: impl FnMut(Found<'a>)) {
    let whole = [Span::new(0, text.chars().count())];
    let sentences = if sentences.is_empty() {
        &whole[..]
    } else {
        sentences
    };
    // code-point sentence bounds → byte bounds, in one pass (sentences are in order)
    let mut bounds: Vec<(usize, usize, usize)> = Vec::with_capacity(sentences.len());
    let mut walk = CharToByte::new(text);
    for s in sentences {
        let bs = walk.byte(s.start);
        let be = walk.byte(s.end);
        bounds.push((bs, be.max(bs), s.start));
    }
    let quarterly = names_quarters(text);
    // prefilter: sentences with a digit or a trigger word
    let ac = triggers();
    let mut mark = vec![false; bounds.len()];
    let mut si = 0;
    for m in ac.find_iter(text) {
        while si < bounds.len() && bounds[si].1 <= m.start() {
            si += 1;
        }
        if si < bounds.len() && bounds[si].0 <= m.start() {
            mark[si] = true;
        }
    }
    for (k, &(bs, be, _)) in bounds.iter().enumerate() {
        if !mark[k] && text.as_bytes()[bs..be].iter().any(u8::is_ascii_digit) {
            mark[k] = true;
        }
    }
    for (k, &(bs, be, cs)) in bounds.iter().enumerate() {
        if !mark[k] {
            continue;
        }
        let s = &text[bs..be];
        let lower = s.to_ascii_lowercase();
        let mut toks: Vec<Tok> = Vec::with_capacity(s.len() / 4 + 4);
        tokenize(s, &lower, cs, &mut toks);
        let p = Parser {
            t: &toks,
            quarterly,
        };
        let mut i = 0;
        while i < toks.len() {
            let Some(mut m) = p.parse_at(i) else {
                i += 1;
                continue;
            };
            // "about three days", "at least two more weeks": TimeBank leaves the hedge out of
            // a duration's extent (the value is the same)
            if matches!(m.sem, Sem::Lit(TimeType::Duration, _)) && m.end > m.start + 2 {
                match (toks[m.start].w, toks[m.start + 1].w) {
                    ("about", _) => m.start += 1,
                    ("at", "least") => m.start += 2,
                    _ => {}
                }
            }
            // "the quarter-to-quarter comparison", "year-over-year growth", "day-to-day
            // running": a comparison of consecutive periods, no time of its own
            if toks.get(m.end).is_some_and(|t| t.w == "-")
                && toks
                    .get(m.end + 1)
                    .is_some_and(|t| matches!(t.w, "to" | "over" | "on" | "by"))
                && toks.get(m.end + 2).is_some_and(|t| t.w == "-")
            {
                i = (m.end + 4).min(toks.len());
                continue;
            }
            // "ABC's \"This Week\"", "VOA Today", "High Noon": a title or a name
            if in_title(&toks, m.start, m.end) {
                i = m.end;
                continue;
            }
            // "was soon released", "soon became": a past narrative's "soon" orders its
            // events; only a "soon" still ahead of the report points to the future
            if toks[m.start].w == "soon" && m.end == m.start + 1 && past_verb_beside(&toks, m.start)
            {
                i = m.end;
                continue;
            }
            let second = p.second_day(&m);
            let mut emit = |start: usize, end: usize, sem: Sem| {
                let tb = toks[start].o.as_ptr() as usize - s.as_ptr() as usize;
                let last = &toks[end - 1];
                let te = last.o.as_ptr() as usize - s.as_ptr() as usize + last.o.len();
                found(Found {
                    sentence: k,
                    start: toks[start].cs,
                    end: last.ce,
                    text: &s[tb..te],
                    tense: tense_at(&toks, start, end),
                    sem,
                });
            };
            emit(m.start, m.end, m.sem);
            i = m.end;
            if let Some((end, sem)) = second {
                emit(i + 1, end, sem);
                i = end;
            }
        }
    }
}

/// Code-point offsets to byte offsets, for non-decreasing queries.
struct CharToByte<'a> {
    it: std::str::CharIndices<'a>,
    ci: usize,
    bi: usize,
    len: usize,
    ascii: bool,
}

impl<'a> CharToByte<'a> {
    fn new(text: &'a str) -> Self {
        CharToByte {
            it: text.char_indices(),
            ci: 0,
            bi: 0,
            len: text.len(),
            ascii: text.is_ascii(),
        }
    }

    /// The byte offset of code point `c` (called with offsets that never decrease).
    fn byte(&mut self, c: usize) -> usize {
        if self.ascii {
            return c.min(self.len);
        }
        while self.ci < c {
            match self.it.next() {
                Some((b, ch)) => {
                    self.bi = b + ch.len_utf8();
                    self.ci += 1;
                }
                None => return self.len,
            }
        }
        self.bi
    }
}

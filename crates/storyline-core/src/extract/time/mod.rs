//! Time expressions: recognition and TIMEX3 normalisation, and the article's own date.
//!
//! * [`recognise`] finds dates, times, durations and sets in a cleaned, segmented text and
//!   normalises them to TIMEX3 values (`2026-01-22`, `2026-W04`, `P3M`, `XXXX-WXX-4`,
//!   `PRESENT_REF`) against an anchor, the article's date. Hand-written rules over words: a
//!   keyword prefilter (Aho–Corasick) skips sentences that cannot hold one.
//! * [`infer_published`] works out the article's date when metadata gives none (a dateline,
//!   or an absolute date in the text that a relative expression agrees with) and flags a
//!   stated date that the text contradicts. Unknown stays unknown.
//!
//! Conventions (news, as HeidelTime): a bare weekday in a past-tense clause is the most
//! recent such day on or before the anchor, in a future-tense clause the next one on or
//! after it, and without a cue the nearest with a past bias. `the next day`, `two days
//! later` and `the previous Friday` resolve against the last full date the text mentioned.

mod dateline;
mod lexicon;
mod normalise;
mod recognise;

pub use dateline::{find_dateline, infer_published, Dateline};
pub use normalise::Tense;
pub use recognise::recognise;

/// A weekday named without a date (`on Thursday`, `the early hours of Friday`,
/// `Friday evening`), with the tense of its clause: in a past clause it names a day of the
/// week before the article's date, in a future clause one of the week after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekdayRef {
    pub sentence: usize,
    /// Code-point offsets of the whole expression.
    pub start: usize,
    pub end: usize,
    /// 1 = Monday … 7 = Sunday.
    pub weekday: u8,
    pub tense: Tense,
}

/// Every weekday named without a date in `text`, in text order.
pub fn weekday_refs(text: &str, sentences: &[storyline_model::Span]) -> Vec<WeekdayRef> {
    fn bare(sem: &normalise::Sem) -> Option<u8> {
        use normalise::{Rel, Sem};
        match sem {
            Sem::Weekday { wd, rel: Rel::Bare } => Some(*wd),
            Sem::Part { day, .. } => bare(day),
            Sem::Clock { day: Some(day), .. } => bare(day),
            _ => None,
        }
    }
    let mut out = Vec::new();
    // Only the sentences naming a weekday are read (all of the text when it has none).
    let (read, index): (Vec<storyline_model::Span>, Vec<usize>) = if sentences.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        let index = recognise::naming_weekdays(text, sentences);
        if index.is_empty() {
            return out;
        }
        (index.iter().map(|&k| sentences[k]).collect(), index)
    };
    recognise::scan(text, &read, |f| {
        if let Some(weekday) = bare(&f.sem) {
            out.push(WeekdayRef {
                sentence: index.get(f.sentence).copied().unwrap_or(f.sentence),
                start: f.start,
                end: f.end,
                weekday,
                tense: f.tense,
            });
        }
    });
    out
}

/// Whether a lower-case word names a month ("january", "sept").
pub fn is_month(word: &str) -> bool {
    lexicon::month(word).is_some()
}

/// Whether a lower-case word names a month or a day of the week.
pub fn is_calendar_word(word: &str) -> bool {
    lexicon::month(word).is_some() || lexicon::weekday(word).is_some()
}

use storyline_model::{ArticleId, TimeExpr, TimeType};

/// A time expression found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeMention {
    /// Code-point offsets into the text, `end` exclusive.
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: TimeType,
    /// TIMEX3 value.
    pub value: String,
}

impl TimeMention {
    /// The export form of this mention.
    pub fn into_expr(self, article: ArticleId) -> TimeExpr {
        TimeExpr {
            article,
            start: self.start,
            end: self.end,
            text: self.text,
            kind: self.kind,
            value: self.value,
        }
    }
}

/// The article's date as a calendar date, when `value` starts with one (`2026-01-22…`).
pub fn anchor_date(value: &str) -> Option<jiff::civil::Date> {
    value.get(..10)?.parse().ok()
}

#[cfg(test)]
mod tests;

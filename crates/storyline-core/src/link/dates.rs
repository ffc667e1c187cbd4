//! Dates across the reports of a story.
//!
//! Reports of one story often name days only by weekday ("talks on Friday"). When a dated
//! report of the same story says the same thing about the same weekday, that weekday is a
//! date, and it bounds the other report's own date: a weekday in a past clause lies in the
//! week before the article's date, one in a future clause in the week after. So an undated
//! report gets a date (`published.source: inferred`, a day when the bounds meet, else the
//! ISO week that holds them), and a stated date that would put the shared weekday in
//! another week than the other reports do is flagged (`published_conflict`).
//!
//! Conservative like the article-level check: only same-weekday mentions in sentences that
//! say much the same thing (content-word cosine) count, copies of the same report never
//! date each other, bounds that disagree give nothing, and a conflict needs a stated date
//! two days or more outside the bounds.

use crate::extract::time::{self, Tense, WeekdayRef};
use crate::link::claims::Source;
use crate::text::tfidf::{cosine, Vector, Vocab};
use jiff::civil::Date;
use jiff::ToSpan;
use storyline_model::{ArticleId, DateSource, Published, PublishedConflict, Span};

/// Minimum cosine of two sentences' content words for their weekdays to be the same day.
pub const SAME_DAY: f64 = 0.35;
/// A conflict from one shared weekday needs sentences at least this close.
pub const CONFLICT_ONE: f64 = 0.5;
/// Dated mentions considered per weekday (the first reports in the story's order).
const MAX_DATED: usize = 400;
/// Reports a conflict names as its evidence (those of the closest sentences).
pub const MAX_EVIDENCE: usize = 8;
/// Days a stated date may lie outside the bounds (time zones, late filing).
const SLACK: i64 = 2;

/// What the story says about one report's date.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Finding {
    pub article: ArticleId,
    /// A date for a report that had none.
    pub published: Option<Published>,
    /// A stated date the other reports contradict.
    pub conflict: Option<PublishedConflict>,
}

struct Mention<'a> {
    report: usize,
    weekday: u8,
    tense: Tense,
    /// The day it names, when its report is dated.
    date: Option<Date>,
    words: &'a str,
    sentence: String,
    vector: Vector,
}

/// A story's weekday mentions, indexed: each report's own (they are collected report by
/// report) and the dated ones by weekday, so no mention is compared with the whole story.
struct Pool<'a> {
    mentions: Vec<Mention<'a>>,
    /// Index range of each report's mentions.
    of_report: Vec<std::ops::Range<usize>>,
    /// Mentions with a date, by weekday (1–7), in story order.
    dated: Vec<Vec<usize>>,
}

impl<'a> Pool<'a> {
    fn new(mentions: Vec<Mention<'a>>, reports: usize) -> Self {
        let mut of_report = vec![0..0; reports];
        let mut dated = vec![Vec::new(); 8];
        for (j, m) in mentions.iter().enumerate() {
            let r = &mut of_report[m.report];
            if r.start == r.end {
                *r = j..j;
            }
            r.end = j + 1;
            if m.date.is_some() {
                dated[usize::from(m.weekday)].push(j);
            }
        }
        Pool {
            mentions,
            of_report,
            dated,
        }
    }
}

/// Findings for the reports of one story (none for most).
pub fn reconcile(reports: &[Source<'_>]) -> Vec<Finding> {
    let mut vocab = Vocab::new();
    let keep = |t: &str| !t.starts_with('#') && !time::is_calendar_word(t);
    let mut mentions: Vec<Mention<'_>> = Vec::new();
    for (i, r) in reports.iter().enumerate() {
        let a = r.article;
        let dct = reference_date(r);
        for w in time::weekday_refs(&a.text, &a.sentences) {
            let Some(span) = a.sentences.get(w.sentence) else {
                continue;
            };
            let sentence = span.slice(&a.text).unwrap_or("").to_string();
            let date = dct.and_then(|d| resolved(r, &w).or_else(|| resolve(d, &w)));
            mentions.push(Mention {
                report: i,
                weekday: w.weekday,
                tense: w.tense,
                date,
                words: slice(&a.text, w.start, w.end),
                vector: vocab.vector_where(&sentence, keep),
                sentence,
            });
        }
    }
    let pool = Pool::new(mentions, reports.len());
    let mut out = Vec::new();
    for (i, r) in reports.iter().enumerate() {
        let own: Vec<&Mention<'_>> = pool.mentions[pool.of_report[i].clone()].iter().collect();
        let mut bounds: Option<(Date, Date)> = None;
        let mut agree = true;
        for m in &own {
            let Some((other, _)) = matches(m, &pool, reports, i).max_by(|x, y| x.1.total_cmp(&y.1))
            else {
                continue;
            };
            let Some(day) = other.date else { continue };
            let (lo, hi) = window(day, m.tense);
            bounds = match bounds {
                None => Some((lo, hi)),
                Some((a, b)) => {
                    let (a, b) = (a.max(lo), b.min(hi));
                    if a > b {
                        agree = false;
                        break;
                    }
                    Some((a, b))
                }
            };
        }
        let a = r.article;
        match stated_date(r) {
            None if a.published.is_none() => {
                let (Some((lo, hi)), true) = (bounds, agree) else {
                    continue;
                };
                if let Some(value) = narrowest(lo, hi) {
                    out.push(Finding {
                        article: a.id.clone(),
                        published: Some(Published {
                            value,
                            source: DateSource::Inferred,
                        }),
                        conflict: None,
                    });
                }
            }
            Some(s) if a.published_conflict.is_none() => {
                if let Some(conflict) = contradicted(s, i, &own, &pool, reports) {
                    out.push(Finding {
                        article: a.id.clone(),
                        published: None,
                        conflict: Some(conflict),
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// The report's own date when it can date its weekdays: a full date that nothing contradicts.
fn reference_date(r: &Source<'_>) -> Option<Date> {
    if r.article.published_conflict.is_some() {
        return None;
    }
    time::anchor_date(&r.article.published.as_ref()?.value)
}

/// A stated date (metadata, dateline, URL, the text's own date line), not an inferred one.
fn stated_date(r: &Source<'_>) -> Option<Date> {
    let p = r.article.published.as_ref()?;
    if p.source == DateSource::Inferred {
        return None;
    }
    time::anchor_date(&p.value)
}

/// How much a report's date counts as evidence (see [`contradicted`]).
fn weight(r: &Source<'_>) -> u32 {
    match r.article.published.as_ref().map(|p| p.source) {
        Some(DateSource::Dateline | DateSource::Text | DateSource::Inferred) => 2,
        _ => 1,
    }
}

/// The value the article-level tagger gave this weekday, when it is a full date.
fn resolved(r: &Source<'_>, w: &WeekdayRef) -> Option<Date> {
    r.annotations
        .times
        .iter()
        .find(|t| t.start <= w.start && w.end <= t.end)
        .and_then(|t| time::anchor_date(&t.value))
}

/// A weekday against an article's date, as the tagger resolves one (past: on or before,
/// future: on or after, else the nearest with a past bias).
fn resolve(dct: Date, w: &WeekdayRef) -> Option<Date> {
    let today = dct.weekday().to_monday_one_offset() as i64;
    let back = (today - w.weekday as i64).rem_euclid(7);
    let ahead = (w.weekday as i64 - today).rem_euclid(7);
    let off = match w.tense {
        Tense::Past => -back,
        Tense::Future => ahead,
        Tense::Unknown if ahead < back => ahead,
        Tense::Unknown => -back,
    };
    dct.checked_add(off.days()).ok()
}

/// The days an article may be of when it names `day` in a clause of `tense`.
fn window(day: Date, tense: Tense) -> (Date, Date) {
    let add = |n: i64| day.checked_add(n.days()).unwrap_or(day);
    match tense {
        Tense::Past => (day, add(6)),
        Tense::Future => (add(-6), day),
        Tense::Unknown => (add(-6), add(6)),
    }
}

/// The most precise value that holds every day from `lo` to `hi`: the day, else its ISO
/// week; a wider span says too little to be a date.
fn narrowest(lo: Date, hi: Date) -> Option<String> {
    if lo == hi {
        return Some(lo.to_string());
    }
    let (a, b) = (lo.iso_week_date(), hi.iso_week_date());
    (a.year() == b.year() && a.week() == b.week())
        .then(|| format!("{:04}-W{:02}", a.year(), a.week()))
}

/// Same-weekday mentions in dated reports of other origin groups whose sentences say much
/// the same as `m`'s, with their similarity.
fn matches<'m>(
    m: &'m Mention<'_>,
    pool: &'m Pool<'m>,
    reports: &'m [Source<'_>],
    own: usize,
) -> impl Iterator<Item = (&'m Mention<'m>, f64)> + 'm {
    let group = reports[own].group;
    let dated = pool
        .dated
        .get(usize::from(m.weekday))
        .map_or(&[][..], |d| d.as_slice());
    dated
        .iter()
        .map(|&j| &pool.mentions[j])
        .filter(move |o| o.report != own)
        .filter(move |o| group.is_empty() || reports[o.report].group != group)
        .take(MAX_DATED)
        .map(move |o| (o, cosine(&m.vector, &o.vector)))
        .filter(|(_, s)| *s >= SAME_DAY)
}

/// A stated date `s` of report `own` contradicted by the other reports: the origin groups
/// that date its shared weekdays outside the days `s` allows outvote those that date them
/// within (the report itself among them), on strong evidence (two mentions, or one in
/// near-identical sentences). A vote weighs two when its report's date comes from its own
/// text (dateline, date line, a dated caption a weekday agrees with), one when it is only
/// stated (metadata, URL): text is evidence, metadata a claim. So one stated date against
/// another is a tie and flags nothing.
fn contradicted(
    s: Date,
    own: usize,
    mine: &[&Mention<'_>],
    pool: &Pool<'_>,
    reports: &[Source<'_>],
) -> Option<PublishedConflict> {
    let mut against: Vec<usize> = Vec::new();
    let mut with: Vec<usize> = Vec::new();
    let mut evidence: Vec<(&Mention<'_>, &Mention<'_>, f64)> = Vec::new();
    for m in mine {
        for (o, sim) in matches(m, pool, reports, own) {
            let (lo, hi) = window(o.date?, m.tense);
            let off = if s < lo {
                (lo - s).get_days() as i64
            } else if s > hi {
                (s - hi).get_days() as i64
            } else {
                0
            };
            if off >= SLACK {
                against.push(o.report);
                evidence.push((m, o, sim));
            } else {
                with.push(o.report);
            }
        }
    }
    with.push(own);
    let votes = |v: &mut Vec<usize>| {
        v.sort_unstable_by_key(|&r| (reports[r].group, std::cmp::Reverse(weight(&reports[r]))));
        v.dedup_by_key(|r| reports[*r].group);
        v.iter().map(|&r| weight(&reports[r])).sum::<u32>()
    };
    let (against_votes, with_votes) = (votes(&mut against), votes(&mut with));
    let strong = evidence.len() >= 2 || evidence.iter().any(|x| x.2 >= CONFLICT_ONE);
    if against_votes <= with_votes || !strong {
        return None;
    }
    let (m, other, _) = evidence.iter().max_by(|x, y| x.2.total_cmp(&y.2))?;
    // The reports of the closest sentences, a few: a conflict in a story of thousands of
    // reports would otherwise list thousands (quadratic in the story's size).
    let mut closest: Vec<(f64, &ArticleId)> = evidence
        .iter()
        .map(|(_, o, sim)| (*sim, &reports[o.report].article.id))
        .collect();
    closest.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| x.1.cmp(y.1)));
    let mut from: Vec<ArticleId> = Vec::with_capacity(MAX_EVIDENCE);
    for (_, id) in closest {
        if from.len() == MAX_EVIDENCE {
            break;
        }
        if !from.contains(id) {
            from.push(id.clone());
        }
    }
    from.sort();
    let source = reports[other.report].article;
    let by = source
        .outlet
        .clone()
        .or_else(|| source.title.clone())
        .unwrap_or_else(|| source.origin.clone());
    let own_day = m
        .date
        .map(|d| format!("; the stated date would make it {d}"))
        .unwrap_or_default();
    Some(PublishedConflict {
        claimed: reports[own]
            .article
            .published
            .as_ref()
            .map(|p| p.value.clone())
            .unwrap_or_default(),
        evidence: format!(
            "\"{}\" in \"{}\" is {} in {by} (\"{}\"){own_day}",
            m.words,
            excerpt(&m.sentence),
            other.date?,
            excerpt(&other.sentence),
        ),
        reports: from,
    })
}

fn slice(text: &str, start: usize, end: usize) -> &str {
    Span::new(start, end).slice(text).unwrap_or("")
}

fn excerpt(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() <= 90 {
        return s.to_string();
    }
    let mut e: String = s.chars().take(88).collect();
    if let Some(i) = e.rfind(' ') {
        e.truncate(i);
    }
    e.push('…');
    e
}

#[cfg(test)]
mod tests;

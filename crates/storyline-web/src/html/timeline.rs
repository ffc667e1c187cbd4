//! A drawn timeline (SVG): dated events down a vertical axis, the gap between two entries
//! growing with the days between them; undated events listed after, in text order.

use crate::snapshot::truncate;
use maud::{html, Markup};
use storyline_model::{DateBasis, Event};

const WIDTH: f64 = 760.0;
const AXIS_X: f64 = 130.0;
const ROW: f64 = 34.0;
const TOP: f64 = 20.0;

/// Days since 1970-01-01 of the start of an ISO date (`2026-01-22`, `2026-01`, `2026`,
/// `2026-01-22T10:00`, `2026-W04`); `None` for anything else (TIMEX3 `PAST_REF` etc.).
pub fn day_number(value: &str) -> Option<i64> {
    let date = value.split('T').next()?;
    let mut parts = date.split('-');
    let y: i64 = parts.next()?.parse().ok()?;
    let (m, d) = match parts.next() {
        None => (1, 1),
        Some(w) if w.starts_with('W') => {
            let week: i64 = w[1..].parse().ok()?;
            return Some(days_from_civil(y, 1, 1) + (week - 1) * 7);
        }
        Some(m) => {
            let m: i64 = m.parse().ok()?;
            let d: i64 = match parts.next() {
                Some(d) => d.parse().ok()?,
                None => 1,
            };
            (m, d)
        }
    };
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

/// Howard Hinnant's days-from-civil (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// The extra gap (px) for `days` between two entries: a day is visible, a year is not huge.
fn gap(days: i64) -> f64 {
    if days <= 0 {
        0.0
    } else {
        (10.0 * (1.0 + days as f64).log2()).min(60.0)
    }
}

fn basis_name(b: DateBasis) -> &'static str {
    match b {
        DateBasis::Stated => "stated",
        DateBasis::Resolved => "resolved",
        DateBasis::Inferred => "inferred",
    }
}

/// The timeline of `entries` (date as placed on the timeline, event), in their order.
pub fn svg(entries: &[(Option<&str>, &Event)]) -> Markup {
    let dated: Vec<(&str, &Event)> = entries
        .iter()
        .filter_map(|(d, e)| {
            d.or(e.date.as_ref().map(|d| d.value.as_str()))
                .filter(|d| day_number(d).is_some())
                .map(|d| (d, *e))
        })
        .collect();
    let undated: Vec<&Event> = entries
        .iter()
        .filter(|(d, e)| {
            d.or(e.date.as_ref().map(|d| d.value.as_str()))
                .and_then(day_number)
                .is_none()
        })
        .map(|(_, e)| *e)
        .collect();
    let mut ys = Vec::with_capacity(dated.len());
    let mut y = TOP;
    let mut prev: Option<i64> = None;
    for (d, _) in &dated {
        let day = day_number(d).unwrap_or(0);
        if let Some(p) = prev {
            y += ROW + gap(day - p);
        }
        ys.push(y);
        prev = Some(day);
    }
    let height = y + TOP;
    html! {
        @if !dated.is_empty() {
            svg.timeline xmlns="http://www.w3.org/2000/svg" role="img"
                aria-label="Timeline of the story's events"
                viewBox=(format!("0 0 {WIDTH} {height:.0}")) width="100%"
                style=(format!("max-width:{WIDTH}px")) {
                line.axis x1=(AXIS_X) y1=(TOP - 10.0) x2=(AXIS_X) y2=(height - TOP + 10.0) {}
                @for (i, ((date, e), y)) in dated.iter().zip(&ys).enumerate() {
                    @let same_day = i > 0 && dated[i - 1].0 == *date;
                    @let basis = e.date.as_ref().map(|d| basis_name(d.basis)).unwrap_or("inferred");
                    g.entry data-event=(e.id) {
                        title { (date) " — " (e.title) " (" (basis) ")" }
                        @if !same_day {
                            text.date x=(AXIS_X - 14.0) y=(y + 4.0) text-anchor="end" { (date) }
                        }
                        circle class=(format!("dot {basis}")) cx=(AXIS_X) cy=(*y) r="6" {}
                        a href=(format!("#ev-{}", e.id)) {
                            text.label x=(AXIS_X + 16.0) y=(y + 4.0) { (truncate(&e.title, 80)) }
                        }
                    }
                }
            }
        }
        @if !undated.is_empty() {
            p.meta { "Undated, in the order the reports tell them:" }
            ul.undated {
                @for e in &undated {
                    li { a href=(format!("#ev-{}", e.id)) { (e.title) } }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_of_iso_dates() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2026-01-22"), Some(20475));
        assert_eq!(day_number("2026-01-22T10:30"), Some(20475));
        assert_eq!(day_number("2026-01"), day_number("2026-01-01"));
        assert_eq!(day_number("2026"), day_number("2026-01-01"));
        assert_eq!(
            day_number("2026-W02"),
            Some(day_number("2026").unwrap() + 7)
        );
        assert_eq!(day_number("PAST_REF"), None);
        assert_eq!(day_number("2026-13-01"), None);
    }

    #[test]
    fn gaps_grow_with_days_and_are_capped() {
        assert_eq!(gap(0), 0.0);
        assert!(gap(1) < gap(7));
        assert!(gap(7) < gap(60));
        assert_eq!(gap(100_000), 60.0);
    }
}

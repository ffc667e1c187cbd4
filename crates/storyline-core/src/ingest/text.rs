//! Plain-text reports: a leading block of header lines (`Title:`, `Summary:`, `date
//! YYYY-MM-DD`, `URL:`, `Source:`, `By:`) is metadata, and so is a first line that reads as a
//! headline (short, no closing punctuation, followed by more text).

use super::{Body, DocMeta, RawDoc};
use storyline_model::{DateSource, Published};

/// Splits a text file into metadata and body.
pub fn parse(origin: &str, text: &str) -> RawDoc {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut meta = DocMeta::default();
    let mut lines: Vec<&str> = text.split('\n').collect();
    let mut body_start = 0;
    let mut first_line_rest: Option<String> = None;
    let mut title_line_seen = false;

    while body_start < lines.len() {
        let line = lines[body_start].trim();
        if line.is_empty() {
            body_start += 1;
            continue;
        }
        if let Some((date, rest)) = date_header(line) {
            meta.published = Some(Published {
                value: date,
                source: DateSource::Metadata,
            });
            let header_len = line.len() - rest.len();
            meta.headers.push(line[..header_len].trim().to_string());
            if !rest.trim().is_empty() {
                first_line_rest = Some(rest.trim().to_string());
                body_start += 1;
                break;
            }
            body_start += 1;
            continue;
        }
        if let Some((key, value)) = keyed_header(line) {
            meta.headers.push(line.to_string());
            let value = value.to_string();
            match key {
                Key::Title => meta.title = Some(value),
                Key::Summary => meta.summary = Some(value),
                Key::Url => meta.url = Some(value),
                Key::Outlet => meta.outlet = Some(value),
                Key::Author => meta.authors.extend(split_authors(&value)),
                Key::Date => {
                    if let Some(d) = iso_date_prefix(&value) {
                        meta.published = Some(Published {
                            value: d,
                            source: DateSource::Metadata,
                        })
                    }
                }
            }
            body_start += 1;
            continue;
        }
        if let Some(names) = byline(line) {
            meta.authors.extend(names);
            meta.headers.push(line.to_string());
            body_start += 1;
            continue;
        }
        if meta.title.is_none()
            && !title_line_seen
            && looks_like_title(line, &lines[body_start + 1..])
        {
            meta.title = Some(line.to_string());
            meta.headers.push(line.to_string());
            title_line_seen = true;
            body_start += 1;
            continue;
        }
        break;
    }

    let mut body = String::new();
    if let Some(rest) = first_line_rest {
        body.push_str(&rest);
        body.push('\n');
    }
    lines.drain(..body_start.min(lines.len()));
    body.push_str(&lines.join("\n"));
    RawDoc {
        origin: origin.to_string(),
        body: Body::Text(body.trim().to_string()),
        meta,
    }
}

enum Key {
    Title,
    Summary,
    Url,
    Outlet,
    Author,
    Date,
}

fn keyed_header(line: &str) -> Option<(Key, &str)> {
    let (k, v) = line.split_once(':')?;
    let v = v.trim();
    if v.is_empty() || k.len() > 12 {
        return None;
    }
    let key = match k.trim().to_ascii_lowercase().as_str() {
        "title" | "headline" => Key::Title,
        "summary" | "description" | "standfirst" => Key::Summary,
        "url" | "link" => Key::Url,
        "source" | "outlet" | "publisher" => Key::Outlet,
        "by" | "author" | "authors" | "byline" => Key::Author,
        "date" | "published" => Key::Date,
        _ => return None,
    };
    // `Source: …` inside a body is prose; only accept a URL for url keys.
    if matches!(key, Key::Url) && !v.starts_with("http") {
        return None;
    }
    if matches!(key, Key::Date) && iso_date_prefix(v).is_none() {
        return None;
    }
    Some((key, v))
}

/// `date 2026-01-22` (also `date: …`) at the start of a line; returns the date and the rest
/// of the line, which may already be body text.
fn date_header(line: &str) -> Option<(String, &str)> {
    let lower = line.get(..5)?.to_ascii_lowercase();
    if lower != "date " && lower != "date:" {
        return None;
    }
    let rest = line[5..].trim_start();
    let date = iso_date_prefix(rest)?;
    Some((date.clone(), &rest[date.len()..]))
}

/// `YYYY-MM-DD` (optionally with `THH:MM[:SS]`) at the start of `s`, if it is a valid date.
fn iso_date_prefix(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if b.len() < 10 {
        return None;
    }
    let shape = b[..10].iter().enumerate().all(|(i, c)| {
        if i == 4 || i == 7 {
            *c == b'-'
        } else {
            c.is_ascii_digit()
        }
    });
    if !shape || (b.len() > 10 && b[10].is_ascii_digit()) {
        return None;
    }
    let date = &s[..10];
    date.parse::<jiff::civil::Date>().ok()?;
    Some(date.to_string())
}

/// `By Ann Lee` / `By Ann Lee and Bo Chan, Reuters` in the header block.
fn byline(line: &str) -> Option<Vec<String>> {
    let rest = line
        .strip_prefix("By ")
        .or_else(|| line.strip_prefix("BY "))?;
    let names = rest.split(',').next().unwrap_or(rest);
    let words: Vec<&str> = names.split_whitespace().collect();
    let capitalised = words
        .iter()
        .all(|w| *w == "and" || w.chars().next().is_some_and(char::is_uppercase));
    (capitalised && (2..=8).contains(&words.len())).then(|| split_authors(names))
}

fn split_authors(s: &str) -> Vec<String> {
    s.split([',', ';'])
        .flat_map(|p| p.split(" and "))
        .map(|p| p.trim().trim_start_matches("By ").trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// A headline: at most 25 words and 200 characters, at least two words, no sentence-final
/// punctuation, and followed by body text.
fn looks_like_title(line: &str, rest: &[&str]) -> bool {
    let words = line.split_whitespace().count();
    let has_more = rest.iter().any(|l| !l.trim().is_empty());
    let last = line.chars().last().unwrap_or('.');
    has_more
        && (2..=25).contains(&words)
        && line.chars().count() <= 200
        && !matches!(
            last,
            '.' | '!' | '?' | ':' | ';' | ',' | '"' | '”' | '’' | '\'' | ')'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(d: &RawDoc) -> &str {
        match &d.body {
            Body::Text(t) => t,
            Body::Html(_) => panic!("text expected"),
        }
    }

    #[test]
    fn title_and_summary_headers_are_metadata() {
        let d = parse(
            "x.txt",
            "Ships Collide Off Coast\nSummary: Two ships collided.\nTwo ships collided on Monday.\nNo one was hurt.",
        );
        assert_eq!(d.meta.title.as_deref(), Some("Ships Collide Off Coast"));
        assert_eq!(d.meta.summary.as_deref(), Some("Two ships collided."));
        assert_eq!(body(&d), "Two ships collided on Monday.\nNo one was hurt.");
        assert_eq!(d.meta.headers.len(), 2);
    }

    #[test]
    fn inline_date_header_keeps_the_rest_of_the_line() {
        let d = parse(
            "x.txt",
            " date 2026-01-01 Envoys met on Friday.\n\nMore text.",
        );
        let p = d.meta.published.clone().unwrap();
        assert_eq!(p.value, "2026-01-01");
        assert_eq!(p.source, DateSource::Metadata);
        assert_eq!(body(&d), "Envoys met on Friday.\n\nMore text.");
        assert!(d.meta.title.is_none());
    }

    #[test]
    fn a_first_sentence_is_not_a_title() {
        let d = parse(
            "x.txt",
            "The minister resigned on Monday.\nShe gave no reason.",
        );
        assert!(d.meta.title.is_none());
        assert!(body(&d).starts_with("The minister"));
    }

    #[test]
    fn keyed_headers() {
        let d = parse(
            "x.txt",
            "Title: Flood warning\nURL: https://example.com/a\nBy: Ann Lee and Bo Chan\nDate: 2025-03-04\n\nRivers rose.",
        );
        assert_eq!(d.meta.title.as_deref(), Some("Flood warning"));
        assert_eq!(d.meta.url.as_deref(), Some("https://example.com/a"));
        assert_eq!(d.meta.authors, vec!["Ann Lee", "Bo Chan"]);
        assert_eq!(d.meta.published.as_ref().unwrap().value, "2025-03-04");
        assert_eq!(body(&d), "Rivers rose.");
    }

    #[test]
    fn bylines_in_the_header_block_are_authors() {
        let d = parse("x.txt", "Bridge Reopens\ndate 2026-02-02\nBy Ann Lee and Bo Chan, Reuters\nThe bridge reopened.");
        assert_eq!(d.meta.authors, vec!["Ann Lee", "Bo Chan"]);
        assert_eq!(body(&d), "The bridge reopened.");
        let d = parse(
            "x.txt",
            "By the time the rescuers arrived, the fire was out.",
        );
        assert!(d.meta.authors.is_empty());
    }

    #[test]
    fn invalid_dates_are_not_headers() {
        let d = parse("x.txt", "date 2026-13-45 was wrong.\nText.");
        assert!(d.meta.published.is_none());
    }
}

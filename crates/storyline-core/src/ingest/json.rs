//! `.json` (one object, or an array of objects) and `.jsonl` (one object per line) reports:
//! objects with `text` or `html`, optional `title`, `url`, `outlet`, `published`, `authors`,
//! `summary`, `language`.
//!
//! Origins: `<origin>:<line>` (1-based) for JSON Lines, `<origin>#<index>` (0-based) for the
//! items of an array, the plain origin for a single object. A bad item is one problem; the
//! others are still read.

use super::{Body, DocMeta, Format, Item, RawDoc};
use crate::{Context, IngestError, Problem};
use serde_json::{Map, Value};
use storyline_model::{DateSource, Published};

pub fn read(origin: &str, bytes: &[u8], format: Format, ctx: &Context, sink: &mut dyn FnMut(Item)) {
    let text = match super::decode_text(bytes, false) {
        Ok(t) => t,
        Err(e) => return sink(Err(Problem::new(origin, e))),
    };
    if text.trim().is_empty() {
        return sink(Err(Problem::new(
            origin,
            IngestError::Empty("no JSON".into()),
        )));
    }
    if format == Format::JsonLines {
        return read_lines(origin, &text, ctx, sink);
    }
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Array(items)) => {
            if items.is_empty() {
                return sink(Err(Problem::new(
                    origin,
                    IngestError::Empty("empty JSON array".into()),
                )));
            }
            for (i, item) in items.iter().enumerate() {
                sink(object_doc(format!("{origin}#{i}"), item, ctx));
            }
        }
        Ok(v) => sink(object_doc(origin.to_string(), &v, ctx)),
        // A `.json` file that holds one object per line is JSON Lines.
        Err(_) if looks_like_lines(&text) => read_lines(origin, &text, ctx, sink),
        Err(e) => sink(Err(Problem::new(origin, IngestError::Json(e.to_string())))),
    }
}

fn read_lines(origin: &str, text: &str, ctx: &Context, sink: &mut dyn FnMut(Item)) {
    let mut any = false;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        any = true;
        let item_origin = format!("{origin}:{}", i + 1);
        match serde_json::from_str::<Value>(line) {
            Ok(v) => sink(object_doc(item_origin, &v, ctx)),
            Err(e) => sink(Err(Problem::new(
                item_origin,
                IngestError::Json(e.to_string()),
            ))),
        }
    }
    if !any {
        sink(Err(Problem::new(
            origin,
            IngestError::Empty("no JSON".into()),
        )));
    }
}

/// Two or more lines that each start with `{`, and the first one parses alone.
fn looks_like_lines(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("");
    first.starts_with('{')
        && lines.next().is_some_and(|l| l.starts_with('{'))
        && serde_json::from_str::<Value>(first).is_ok_and(|v| v.is_object())
}

/// One report object → one document.
fn object_doc(origin: String, value: &Value, ctx: &Context) -> Item {
    let fail = |e: IngestError| Err(Problem::new(origin.clone(), e));
    let Some(obj) = value.as_object() else {
        return fail(IngestError::Json(format!(
            "expected an object, found {}",
            kind(value)
        )));
    };
    let text = match string_field(obj, &["text", "body", "content"]) {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    let html = match string_field(obj, &["html"]) {
        Ok(h) => h,
        Err(e) => return fail(e),
    };
    let body = match (text, html) {
        (Some(t), _) if !t.trim().is_empty() => Body::Text(t.to_string()),
        (_, Some(h)) if !h.trim().is_empty() => Body::Html(h.to_string()),
        (None, None) => {
            return fail(IngestError::Json(
                "object has no \"text\" or \"html\" string".into(),
            ))
        }
        _ => return fail(IngestError::Empty("no text".into())),
    };
    let len = match &body {
        Body::Text(t) | Body::Html(t) => t.len() as u64,
    };
    if len > ctx.max_doc_bytes {
        return fail(IngestError::TooLarge {
            limit: ctx.max_doc_bytes,
        });
    }
    let text_of = |keys: &[&str]| -> Option<String> {
        string_field(obj, keys)
            .ok()
            .flatten()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let published = text_of(&["published", "date", "published_at", "datePublished"])
        .and_then(|s| iso_published(&s));
    let authors = match obj.get("authors").or_else(|| obj.get("author")) {
        Some(Value::String(s)) => vec![s.trim().to_string()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| match v {
                Value::String(s) => Some(s.trim().to_string()),
                Value::Object(o) => o
                    .get("name")
                    .and_then(Value::as_str)
                    .map(|s| s.trim().to_string()),
                _ => None,
            })
            .collect(),
        Some(Value::Object(o)) => o
            .get("name")
            .and_then(Value::as_str)
            .map(|s| vec![s.trim().to_string()])
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let authors = authors.into_iter().filter(|a| !a.is_empty()).collect();
    Ok(RawDoc {
        origin,
        body,
        meta: DocMeta {
            title: text_of(&["title", "headline"]),
            url: text_of(&["url", "link"]),
            outlet: text_of(&["outlet", "source", "publisher"]),
            published,
            authors,
            summary: text_of(&["summary", "description"]),
            language: text_of(&["language", "lang"]),
            headers: Vec::new(),
        },
    })
}

/// The first of `keys` present: a string, or an error when it holds something else (`null`
/// counts as absent).
fn string_field<'a>(
    obj: &'a Map<String, Value>,
    keys: &[&str],
) -> Result<Option<&'a str>, IngestError> {
    for key in keys {
        match obj.get(*key) {
            None | Some(Value::Null) => continue,
            Some(Value::String(s)) => return Ok(Some(s)),
            Some(other) => {
                return Err(IngestError::Json(format!(
                    "\"{key}\" should be a string, found {}",
                    kind(other)
                )))
            }
        }
    }
    Ok(None)
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// An ISO 8601 date (`2026-01-22`) or date-time (`2026-01-22T23:30:00+01:00`, also with a
/// space) as a metadata publication date: the date, or the date and the wall-clock time to
/// the minute as written (`2026-01-22T23:30`). Anything else is no date.
pub(crate) fn iso_published(s: &str) -> Option<Published> {
    let s = s.trim();
    let date = s.get(..10)?;
    let parsed: jiff::civil::Date = date.parse().ok()?;
    if parsed.to_string() != date {
        return None;
    }
    let rest = &s[10..];
    let value = if rest.is_empty() {
        date.to_string()
    } else {
        let time = rest.strip_prefix(['T', 't', ' '])?;
        let hm = time.get(..5)?;
        let b = hm.as_bytes();
        let shape = b[2] == b':' && [0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_digit());
        if !shape {
            return None;
        }
        let (h, m): (u8, u8) = (hm[..2].parse().ok()?, hm[3..].parse().ok()?);
        if h > 23 || m > 59 {
            return None;
        }
        format!("{date}T{hm}")
    };
    Some(Published {
        value,
        source: DateSource::Metadata,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(origin: &str, input: &str, format: Format) -> Vec<Item> {
        run_ctx(origin, input, format, &Context::default())
    }

    fn run_ctx(origin: &str, input: &str, format: Format, ctx: &Context) -> Vec<Item> {
        let mut out = Vec::new();
        read(origin, input.as_bytes(), format, ctx, &mut |i| out.push(i));
        out
    }

    fn problem(item: &Item) -> String {
        match item {
            Err(p) => p.to_string(),
            Ok(d) => panic!("expected a problem, got {d:?}"),
        }
    }

    #[test]
    fn single_object_with_all_fields() {
        let out = run(
            "a.json",
            r#"{"text":"Rivers rose.","title":"Floods","url":"https://ex.com/a",
               "outlet":"Ex","published":"2026-01-22T23:30:15+02:00",
               "authors":["Ann Lee"," Bo Chan "],"summary":"S","language":"en"}"#,
            Format::Json,
        );
        assert_eq!(out.len(), 1);
        let d = out[0].as_ref().unwrap();
        assert_eq!(d.origin, "a.json");
        assert_eq!(d.body, Body::Text("Rivers rose.".into()));
        assert_eq!(d.meta.title.as_deref(), Some("Floods"));
        assert_eq!(d.meta.url.as_deref(), Some("https://ex.com/a"));
        assert_eq!(d.meta.outlet.as_deref(), Some("Ex"));
        assert_eq!(
            d.meta.published,
            Some(Published {
                value: "2026-01-22T23:30".into(),
                source: DateSource::Metadata
            })
        );
        assert_eq!(d.meta.authors, vec!["Ann Lee", "Bo Chan"]);
        assert_eq!(d.meta.summary.as_deref(), Some("S"));
        assert_eq!(d.meta.language.as_deref(), Some("en"));
    }

    #[test]
    fn array_items_are_numbered_from_zero() {
        let out = run(
            "a.json",
            r#"[{"html":"<p>One</p>","author":"Ann","published":"2026-01-02"},
                {"title":"no body"},
                {"text":"Two."}]"#,
            Format::Json,
        );
        assert_eq!(out.len(), 3);
        let d0 = out[0].as_ref().unwrap();
        assert_eq!(d0.origin, "a.json#0");
        assert_eq!(d0.body, Body::Html("<p>One</p>".into()));
        assert_eq!(d0.meta.authors, vec!["Ann"]);
        assert_eq!(d0.meta.published.as_ref().unwrap().value, "2026-01-02");
        assert_eq!(
            problem(&out[1]),
            "error: a.json#1: malformed JSON: object has no \"text\" or \"html\" string"
        );
        assert_eq!(out[2].as_ref().unwrap().origin, "a.json#2");
    }

    #[test]
    fn lines_keep_going_after_a_bad_line() {
        let out = run(
            "r.jsonl",
            "{\"text\":\"One.\"}\n\n{\"text\": oops}\n{\"text\":\"  \"}\n[1]\n{\"text\":\"Two.\"}\n",
            Format::JsonLines,
        );
        assert_eq!(out.len(), 5);
        assert_eq!(out[0].as_ref().unwrap().origin, "r.jsonl:1");
        assert!(problem(&out[1]).starts_with("error: r.jsonl:3: malformed JSON: "));
        assert_eq!(problem(&out[2]), "error: r.jsonl:4: empty: no text");
        assert_eq!(
            problem(&out[3]),
            "error: r.jsonl:5: malformed JSON: expected an object, found an array"
        );
        assert_eq!(out[4].as_ref().unwrap().origin, "r.jsonl:6");
    }

    #[test]
    fn a_json_file_with_one_object_per_line_is_read_as_lines() {
        let out = run(
            "a.json",
            "{\"text\":\"One.\"}\n{\"text\":\"Two.\"}\n",
            Format::Json,
        );
        assert_eq!(out.len(), 2);
        assert_eq!(out[1].as_ref().unwrap().origin, "a.json:2");
    }

    #[test]
    fn malformed_empty_and_oversized() {
        let out = run("a.json", "{\"text\": ", Format::Json);
        assert!(problem(&out[0]).starts_with("error: a.json: malformed JSON: "));
        let out = run("a.json", "  \n", Format::Json);
        assert_eq!(problem(&out[0]), "error: a.json: empty: no JSON");
        let out = run("a.json", "{\"text\": 3}", Format::Json);
        assert_eq!(
            problem(&out[0]),
            "error: a.json: malformed JSON: \"text\" should be a string, found a number"
        );
        let ctx = Context {
            max_doc_bytes: 5,
            ..Context::default()
        };
        let out = run_ctx(
            "a.jsonl",
            "{\"text\":\"123456\"}\n{\"text\":\"12345\"}",
            Format::JsonLines,
            &ctx,
        );
        assert_eq!(
            problem(&out[0]),
            "error: a.jsonl:1: too large: more than 5 bytes"
        );
        assert!(out[1].is_ok());
    }

    #[test]
    fn published_values() {
        let v = |s: &str| iso_published(s).map(|p| p.value);
        assert_eq!(v("2026-01-22").as_deref(), Some("2026-01-22"));
        assert_eq!(
            v("2026-01-22T08:05:00Z").as_deref(),
            Some("2026-01-22T08:05")
        );
        assert_eq!(v("2026-01-22 08:05").as_deref(), Some("2026-01-22T08:05"));
        assert_eq!(v("2026-02-30"), None);
        assert_eq!(v("2026-01-22T25:00"), None);
        assert_eq!(v("22 January 2026"), None);
        assert_eq!(v("2026-01-22x"), None);
    }
}

//! The JSON API. Every answer is JSON; errors are `{"error": "..."}` with a fitting status.

use crate::app::{App, WriteError};
use crate::ingest::{Upload, WriteOutcome};
use crate::snapshot::Snapshot;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::sync::Arc;
use storyline_core::ingest::Format;
use storyline_model::{Export, Story};

/// The OpenAPI 3 description of this API (hand-written; tested to list every route).
pub const OPENAPI: &str = include_str!("../static/openapi.json");

/// `{"error": message}` with `status`.
pub fn error(status: StatusCode, message: impl Into<String>) -> Response {
    json_response(status, &json!({ "error": message.into() }))
}

pub fn json_response<T: Serialize + ?Sized>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (
            status,
            [(header::CONTENT_TYPE, "application/json")],
            Body::from(body),
        )
            .into_response(),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, format!("serialise: {e}")),
    }
}

use axum::body::Body;

fn ok<T: Serialize + ?Sized>(value: &T) -> Response {
    json_response(StatusCode::OK, value)
}

/// 400 when `id` lacks the kind's prefix, else 404.
fn missing(kind: &str, prefix: &str, id: &str) -> Response {
    if id.starts_with(prefix) && id.len() > prefix.len() {
        error(StatusCode::NOT_FOUND, format!("no such {kind}: {id}"))
    } else {
        error(
            StatusCode::BAD_REQUEST,
            format!("not a {kind} id (`{prefix}…`): {id}"),
        )
    }
}

pub async fn not_found() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "no such API route (see /api/openapi.json)",
    )
}

pub async fn openapi() -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        OPENAPI,
    )
        .into_response()
}

pub async fn stories(State(app): State<Arc<App>>) -> Response {
    let snap = app.snapshot();
    ok(&json!({ "stories": snap.rows() }))
}

pub async fn story(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    let snap = app.snapshot();
    match snap.story(&id) {
        Some(s) => ok(&story_document(&snap, s)),
        None => missing("story", "s:", &id),
    }
}

#[derive(Deserialize)]
pub struct ExportQuery {
    story: Option<String>,
}

pub async fn export(State(app): State<Arc<App>>, Query(q): Query<ExportQuery>) -> Response {
    let snap = app.snapshot();
    match q.story {
        None => ok(&snap.export),
        Some(id) => match snap.story(&id) {
            Some(s) => ok(&story_document(&snap, s)),
            None => missing("story", "s:", &id),
        },
    }
}

/// The export document of one story, filtered from the cached export.
pub fn story_document(snap: &Snapshot, story: &Story) -> Export {
    storyline_core::export::story_document(&snap.export, story)
}

/// An article with what was found in it (as `storyline annotate` prints it) and its stories.
pub async fn article(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    let snap = app.snapshot();
    let Some(a) = snap.article(&id) else {
        return missing("article", "a:", &id);
    };
    let mut v = match serde_json::to_value(a) {
        Ok(v) => v,
        Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    };
    let mut seen = FxHashSet::default();
    let entities: Vec<Value> = snap
        .mentions_in(&id)
        .iter()
        .filter(|(_, _, e)| seen.insert(*e))
        .map(|&(_, _, e)| {
            let e = &snap.export.entities[e];
            json!({
                "id": e.id, "name": e.name, "kind": e.kind,
                "mentions": e.mentions.iter().filter(|m| m.article.as_str() == id).collect::<Vec<_>>(),
            })
        })
        .collect();
    let attributions: Vec<_> = snap.quotes_in(&id).collect();
    let times: Vec<_> = snap.times_in(&id).collect();
    let events: Vec<_> = snap
        .export
        .events
        .iter()
        .filter(|e| e.mentions.iter().any(|m| m.article.as_str() == id))
        .collect();
    let stories: Vec<_> = snap.stories_of(&id).map(|s| &s.id).collect();
    if let Some(obj) = v.as_object_mut() {
        obj.insert("entities".into(), json!(entities));
        obj.insert("attributions".into(), json!(attributions));
        obj.insert("times".into(), json!(times));
        obj.insert("events".into(), json!(events));
        obj.insert("stories".into(), json!(stories));
    }
    ok(&v)
}

/// An entity with its quotes, events and stories.
pub async fn entity(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    let snap = app.snapshot();
    let Some(e) = snap.entity(&id) else {
        return missing("entity", "e:", &id);
    };
    let mut v = match serde_json::to_value(e) {
        Ok(v) => v,
        Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    };
    let quotes: Vec<_> = snap
        .export
        .attributions
        .iter()
        .filter(|q| q.speaker.as_ref() == Some(&e.id))
        .collect();
    let events: Vec<_> = snap
        .export
        .events
        .iter()
        .filter(|ev| ev.participants.contains(&e.id) || ev.place.as_ref() == Some(&e.id))
        .collect();
    let stories: Vec<_> = snap
        .export
        .stories
        .iter()
        .filter(|s| s.entities.contains(&e.id))
        .map(|s| &s.id)
        .collect();
    if let Some(obj) = v.as_object_mut() {
        obj.insert("attributions".into(), json!(quotes));
        obj.insert("events".into(), json!(events));
        obj.insert("stories".into(), json!(stories));
    }
    ok(&v)
}

#[derive(Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
}

pub async fn search(State(app): State<Arc<App>>, Query(q): Query<SearchQuery>) -> Response {
    let Some(query) = q.q.filter(|q| !q.trim().is_empty()) else {
        return error(StatusCode::BAD_REQUEST, "missing query: /api/search?q=…");
    };
    ok(&app.snapshot().search(&query))
}

#[derive(Deserialize)]
pub struct PostQuery {
    /// Origin recorded for the reports in the body (default `api`).
    origin: Option<String>,
    /// A page or feed to fetch and ingest (besides or instead of the body).
    url: Option<String>,
}

/// `POST /api/articles`: one report or a batch, in any input format (the content type or
/// the content decides); JSON objects with only a `url` are fetched.
pub async fn post_articles(
    State(app): State<Arc<App>>,
    Query(q): Query<PostQuery>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(b) => b,
        Err(r) => {
            let status = r.status();
            let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
                format!(
                    "request body larger than the limit of {} bytes",
                    app.limits.max_body
                )
            } else {
                r.body_text()
            };
            return error(status, message);
        }
    };
    if app.is_read_only() {
        return error(StatusCode::METHOD_NOT_ALLOWED, "this server is read-only");
    }
    let origin = q.origin.unwrap_or_else(|| "api".to_string());
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let mut uploads = body_uploads(&origin, content_type, body.to_vec());
    if let Some(url) = q.url {
        uploads.push(Upload::Url(url));
    }
    if uploads.is_empty() {
        return error(
            StatusCode::BAD_REQUEST,
            "nothing to ingest: send a report (text, HTML, JSON, feed, WARC) or ?url=",
        );
    }
    match write(app, uploads).await {
        Ok(outcome) => outcome_response(&outcome),
        Err(e) => e,
    }
}

/// Runs a write on a blocking thread; failures as JSON error responses.
pub async fn write(app: Arc<App>, uploads: Vec<Upload>) -> Result<WriteOutcome, Response> {
    match tokio::task::spawn_blocking(move || app.write(&uploads)).await {
        Ok(Ok(outcome)) => Ok(outcome),
        Ok(Err(WriteError::ReadOnly)) => Err(error(
            StatusCode::METHOD_NOT_ALLOWED,
            "this server is read-only",
        )),
        Ok(Err(e)) => Err(error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())),
        Err(e) => Err(error(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("write failed: {e}"),
        )),
    }
}

/// 201 when something new was stored, 200 when all was already there, 422 when any item was
/// rejected (the others are stored all the same and listed).
fn outcome_response(o: &WriteOutcome) -> Response {
    let mut v = json!(o);
    if !o.errors.is_empty() {
        v["error"] = json!(o.errors.join("\n"));
        return json_response(StatusCode::UNPROCESSABLE_ENTITY, &v);
    }
    let status = if o.articles.iter().any(|a| a.new) {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    json_response(status, &v)
}

/// Splits a request body into uploads. A JSON body that is an object, or an array of
/// objects, gives one upload per object, so items with only a `url` can be fetched.
pub fn body_uploads(origin: &str, content_type: Option<&str>, bytes: Vec<u8>) -> Vec<Upload> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Vec::new();
    }
    let hint = Format::from_content_type(content_type);
    if hint == Some(Format::Json) {
        if let Ok(v) = serde_json::from_slice::<Value>(&bytes) {
            let one = |origin: String, item: &Value| -> Upload {
                let fetch_only = item.get("text").is_none()
                    && item.get("html").is_none()
                    && item.get("url").and_then(Value::as_str).is_some();
                if fetch_only {
                    Upload::Url(item["url"].as_str().unwrap_or_default().to_string())
                } else {
                    Upload::Bytes {
                        origin,
                        hint: Some(Format::Json),
                        bytes: serde_json::to_vec(item).unwrap_or_default(),
                    }
                }
            };
            return match &v {
                Value::Array(items) if !items.is_empty() => items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| one(format!("{origin}#{i}"), item))
                    .collect(),
                _ => vec![one(origin.to_string(), &v)],
            };
        }
    }
    vec![Upload::Bytes {
        origin: origin.to_string(),
        hint,
        bytes,
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_batches_split_into_items_and_urls() {
        let body = br#"[{"text":"a b c","title":"T"},{"url":"https://example.com/x"}]"#;
        let ups = body_uploads("api", Some("application/json"), body.to_vec());
        assert_eq!(ups.len(), 2);
        match &ups[0] {
            Upload::Bytes { origin, hint, .. } => {
                assert_eq!(origin, "api#0");
                assert_eq!(*hint, Some(Format::Json));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(ups[1], Upload::Url("https://example.com/x".into()));
    }

    #[test]
    fn other_bodies_are_one_upload_and_blank_is_none() {
        let ups = body_uploads("x", Some("text/plain; charset=utf-8"), b"Hello.".to_vec());
        assert_eq!(
            ups,
            vec![Upload::Bytes {
                origin: "x".into(),
                hint: Some(Format::Text),
                bytes: b"Hello.".to_vec()
            }]
        );
        assert!(body_uploads("x", None, b" \n ".to_vec()).is_empty());
        // Malformed JSON goes to the reader, which reports it as a problem of that origin.
        assert_eq!(
            body_uploads("x", Some("application/json"), b"{oops".to_vec()).len(),
            1
        );
    }
}

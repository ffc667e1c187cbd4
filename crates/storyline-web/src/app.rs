//! The application state (the current snapshot and the one writer) and the router.

use crate::ingest::{self, Upload, WriteOutcome};
use crate::snapshot::Snapshot;
use crate::{api, html};
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;
use storyline_core::export::{self, ExportError};
use storyline_core::Context;
use storyline_store::Store;

/// Limits of what the server accepts.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest request body (bytes); larger requests get 413.
    pub max_body: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body: 16 * 1024 * 1024,
        }
    }
}

/// The server's state: the snapshot readers use, and the store only writers touch.
pub struct App {
    snapshot: RwLock<Arc<Snapshot>>,
    /// `None` serves a fixed export read-only (writes answer 405).
    writer: Option<Mutex<Box<dyn Store + Send>>>,
    ctx: Context,
    pub limits: Limits,
}

/// Why a write failed as a whole (bad items are not failures: they are listed).
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("this server is read-only")]
    ReadOnly,
    #[error("store: {0}")]
    Store(#[from] storyline_store::StoreError),
    #[error("export: {0}")]
    Export(#[from] ExportError),
    #[error("the writer failed earlier; restart the server")]
    Poisoned,
}

impl App {
    /// Serves `store`, computing its export once now.
    pub fn new(
        store: Box<dyn Store + Send>,
        ctx: Context,
        limits: Limits,
    ) -> Result<App, ExportError> {
        let started = Instant::now();
        let doc = export::export(&*store, None)?;
        let snapshot = Snapshot::new(doc, started.elapsed());
        Ok(App {
            snapshot: RwLock::new(Arc::new(snapshot)),
            writer: Some(Mutex::new(store)),
            ctx,
            limits,
        })
    }

    /// Serves a fixed export document, read-only.
    pub fn read_only(doc: storyline_model::Export, limits: Limits) -> App {
        App {
            snapshot: RwLock::new(Arc::new(Snapshot::new(doc, Default::default()))),
            writer: None,
            ctx: Context::default(),
            limits,
        }
    }

    /// The current snapshot (cheap: an `Arc` clone; never waits for a write to finish).
    pub fn snapshot(&self) -> Arc<Snapshot> {
        match self.snapshot.read() {
            Ok(s) => s.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Reads, analyses and stores the uploads, then replaces the snapshot. Blocking: call it
    /// on a blocking thread. Writes are serialised; readers go on with the old snapshot.
    pub fn write(&self, uploads: &[Upload]) -> Result<WriteOutcome, WriteError> {
        let writer = self.writer.as_ref().ok_or(WriteError::ReadOnly)?;
        let mut store = writer.lock().map_err(|_| WriteError::Poisoned)?;
        let items = ingest::read(uploads, &self.ctx);
        let (articles, errors) = ingest::analyse_and_store(items, &mut **store)?;
        let started = Instant::now();
        let doc = export::export(&**store, None)?;
        let snapshot = Arc::new(Snapshot::new(doc, started.elapsed()));
        let mut stories: Vec<String> = Vec::new();
        for a in &articles {
            for s in snapshot.stories_of(&a.id) {
                let id = s.id.to_string();
                if !stories.contains(&id) {
                    stories.push(id);
                }
            }
        }
        match self.snapshot.write() {
            Ok(mut s) => *s = snapshot,
            Err(poisoned) => *poisoned.into_inner() = snapshot,
        }
        Ok(WriteOutcome {
            articles,
            stories,
            errors,
        })
    }

    /// Takes in what other writers stored since the snapshot was taken — workers writing into
    /// the same PostgreSQL store, or another `storyline run` into the same SQLite file — by
    /// comparing the store's article count with the snapshot's, and exporting again when they
    /// differ. Articles are never deleted, so an unchanged count means an unchanged store.
    /// Returns whether the snapshot was replaced. Blocking: call it on a blocking thread; it
    /// waits for a write in progress, and readers go on with the old snapshot meanwhile.
    pub fn refresh(&self) -> Result<bool, WriteError> {
        let Some(writer) = self.writer.as_ref() else {
            return Ok(false);
        };
        let store = writer.lock().map_err(|_| WriteError::Poisoned)?;
        if store.article_count()? == self.snapshot().export.articles.len() {
            return Ok(false);
        }
        let started = Instant::now();
        let doc = export::export(&**store, None)?;
        let snapshot = Arc::new(Snapshot::new(doc, started.elapsed()));
        match self.snapshot.write() {
            Ok(mut s) => *s = snapshot,
            Err(poisoned) => *poisoned.into_inner() = snapshot,
        }
        Ok(true)
    }

    pub fn is_read_only(&self) -> bool {
        self.writer.is_none()
    }
}

pub fn router(app: Arc<App>) -> Router {
    let limit = app.limits.max_body;
    let api = Router::new()
        .route("/stories", get(api::stories))
        .route("/stories/{id}", get(api::story))
        .route("/articles", post(api::post_articles))
        .route("/articles/{id}", get(api::article))
        .route("/entities/{id}", get(api::entity))
        .route("/search", get(api::search))
        .route("/export", get(api::export))
        .route("/openapi.json", get(api::openapi))
        .fallback(api::not_found)
        .layer(middleware::from_fn(json_errors));
    Router::new()
        .route("/", get(html::stories_page))
        .route("/stories/{id}", get(html::story_page))
        .route("/articles/{id}", get(html::article_page))
        .route("/entities/{id}", get(html::entity_page))
        .route("/search", get(html::search_page))
        .route("/upload", get(html::upload_form).post(html::upload))
        .route("/static/app.css", get(html::css))
        .route("/static/app.js", get(html::js))
        .nest("/api", api)
        .fallback(html::not_found)
        .layer(DefaultBodyLimit::max(limit))
        .layer(middleware::from_fn(server_timing))
        .with_state(app)
}

/// `Server-Timing: app;dur=<ms>`: the time from the request to the response's head.
async fn server_timing(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let mut resp = next.run(req).await;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if let Ok(v) = HeaderValue::from_str(&format!("app;dur={ms:.2}")) {
        resp.headers_mut().insert("server-timing", v);
    }
    resp
}

/// Every error of the API is JSON (`{"error": "..."}`), including those axum produces itself
/// (405, 413 from the body limit, rejected paths and queries).
async fn json_errors(req: Request, next: Next) -> Response {
    let resp = next.run(req).await;
    let status = resp.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return resp;
    }
    let is_json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let text = match axum::body::to_bytes(body, 64 * 1024).await {
        Ok(b) => String::from_utf8_lossy(&b).trim().to_string(),
        Err(_) => String::new(),
    };
    let message = if text.is_empty() {
        status
            .canonical_reason()
            .unwrap_or("error")
            .to_ascii_lowercase()
    } else {
        text
    };
    let mut out = api::error(status, message);
    for (name, value) in parts.headers.iter() {
        // Keep `Allow` on 405 and the like; the body's own headers are replaced.
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            out.headers_mut().insert(name.clone(), value.clone());
        }
    }
    out
}

/// A response with a fixed body and content type (static assets).
pub fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        Body::from(body),
    )
        .into_response()
}

//! `storyline serve`: the web UI and the JSON API over the store.
//!
//! Readers never touch the store: every request is answered from a [`Snapshot`] — the export
//! document of the whole store plus indexes by id and a search index — held behind an
//! `Arc` that a write replaces when it is done. Writes (`POST /api/articles`, the upload
//! form) run on a blocking thread, one at a time: read, analyse, store, export again, swap.
//! So a reader sees the store as it was before a write or as it is after it, never half of
//! one, and never waits for one.

mod api;
mod app;
mod html;
mod ingest;
mod snapshot;

pub use app::{App, Limits};
pub use ingest::{Stored, Upload, WriteOutcome};
pub use snapshot::Snapshot;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use storyline_core::Context;
use storyline_store::Location;

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    // The causes are in the messages (not `source`), so a report of the chain does not
    // print them twice.
    #[error("{path}: cannot open store: {error}")]
    Store {
        path: String,
        error: storyline_store::StoreError,
    },
    #[error("{path}: cannot read the store: {error}")]
    Export {
        path: String,
        error: storyline_core::export::ExportError,
    },
    #[error("{addr}: cannot listen: {error}")]
    Bind { addr: String, error: std::io::Error },
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
}

/// The router of the whole application (pages, API, static files) over `app`.
pub fn router(app: Arc<App>) -> axum::Router {
    app::router(app)
}

/// Opens (or creates) the store `db` names — a SQLite file, or a PostgreSQL URL
/// (`postgres://…`) — and serves it on `addr` until interrupted (Ctrl-C). Prints the address
/// it listens on to stderr.
pub fn serve(db: &Path, addr: &str) -> Result<(), ServeError> {
    let location = Location::parse(&db.to_string_lossy());
    let store = location.open().map_err(|error| ServeError::Store {
        path: location.display(),
        error,
    })?;
    let app = App::new(store, Context::default(), Limits::default()).map_err(|error| {
        ServeError::Export {
            path: location.display(),
            error,
        }
    })?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener =
            tokio::net::TcpListener::bind(addr)
                .await
                .map_err(|error| ServeError::Bind {
                    addr: addr.to_string(),
                    error,
                })?;
        let local: SocketAddr = listener.local_addr()?;
        eprintln!(
            "storyline: serving {} ({} articles, {} stories) on http://{local}/",
            location.display(),
            app.snapshot().export.articles.len(),
            app.snapshot().export.stories.len()
        );
        axum::serve(listener, router(Arc::new(app)))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok(())
    })
}

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
use std::time::Duration;
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
/// it listens on to stderr. Every `refresh` (if any) the store is checked for articles other
/// writers stored (workers, another `run`), and the snapshot is rebuilt when there are.
pub fn serve(db: &Path, addr: &str, refresh: Option<Duration>) -> Result<(), ServeError> {
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
        let app = Arc::new(app);
        if let Some(every) = refresh {
            tokio::spawn(watch(app.clone(), every));
        }
        eprintln!(
            "storyline: serving {} ({} articles, {} stories) on http://{local}/",
            location.display(),
            app.snapshot().export.articles.len(),
            app.snapshot().export.stories.len()
        );
        axum::serve(listener, router(app))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok(())
    })
}

/// Checks the store for other writers' articles every `every`, for as long as the server runs.
async fn watch(app: Arc<App>, every: Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tick.tick().await;
    loop {
        tick.tick().await;
        let writer = app.clone();
        match tokio::task::spawn_blocking(move || writer.refresh()).await {
            Ok(Ok(true)) => {
                let snap = app.snapshot();
                eprintln!(
                    "storyline: store changed: now {} articles, {} stories",
                    snap.export.articles.len(),
                    snap.export.stories.len()
                );
            }
            Ok(Ok(false)) => {}
            Ok(Err(e)) => eprintln!("error: refresh: {e}"),
            Err(e) => eprintln!("error: refresh: {e}"),
        }
    }
}

//! storyline's stages, one module per stage, and the pipeline that wires them together.
//!
//! Per-article stages (`ingest` → `document` → `clean` → `text`) are pure functions of one
//! article plus read-only context; corpus stages see the store.

pub mod clean;
pub mod context;
pub mod document;
pub mod error;
pub mod export;
pub mod extract;
pub mod ingest;
pub mod link;
pub mod pipeline;
pub mod story_cache;
pub mod summarize;
pub mod text;

pub use context::Context;
pub use error::{IngestError, Problem};

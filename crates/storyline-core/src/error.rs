//! Errors of the per-article stages. One bad item never aborts a batch: it becomes a
//! [`Problem`] in the run report and is printed as `error: <origin>: <reason>`.

use std::fmt;

/// Why one input item could not be turned into an article.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("not text: {0}")]
    Binary(String),
    #[error("empty: {0}")]
    Empty(String),
    #[error("too large: more than {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("broken gzip: {0}")]
    Gzip(String),
    #[error("malformed JSON: {0}")]
    Json(String),
    #[error("malformed feed: {0}")]
    Feed(String),
    #[error("malformed WARC: {0}")]
    Warc(String),
    #[error("HTTP: {0}")]
    Http(String),
    #[error("unsupported input: {0}")]
    Unsupported(String),
}

/// A failure attached to the item it concerns.
#[derive(Debug)]
pub struct Problem {
    /// Path or URL as given, with `#n` / `:line` for items inside a container.
    pub origin: String,
    pub error: IngestError,
}

impl Problem {
    pub fn new(origin: impl Into<String>, error: IngestError) -> Self {
        Problem {
            origin: origin.into(),
            error,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}: {}", self.origin, self.error)
    }
}

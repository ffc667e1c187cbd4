//! Clean: news-grade removal of repeated paragraphs and sentences, photo captions and
//! credits, boilerplate lines and header lines, keeping what was removed. Idempotent.

use storyline_model::Removed;

/// Cleaned body text and what was taken out of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    /// Paragraphs separated by a blank line.
    pub text: String,
    pub removed: Vec<Removed>,
}

pub fn clean(text: &str) -> Cleaned {
    let _ = text;
    unimplemented!()
}

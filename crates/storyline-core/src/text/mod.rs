//! Text stage: sentence segmentation (and later tokenisation) of cleaned text.

pub mod names;
pub mod segment;
pub mod stopwords;
pub mod tfidf;
pub mod words;

pub use segment::segment;

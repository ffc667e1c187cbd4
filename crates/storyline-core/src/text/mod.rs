//! Text stage: sentence segmentation (and later tokenisation) of cleaned text.

pub mod segment;

pub use segment::segment;

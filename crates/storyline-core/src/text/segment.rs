//! News-grade sentence segmentation.
//! TODO(helper): implement.

use storyline_model::Span;

/// Sentence spans (code-point offsets) of `text`, in order, covering every non-space part.
pub fn segment(text: &str) -> Vec<Span> {
    let _ = text;
    unimplemented!("segment")
}

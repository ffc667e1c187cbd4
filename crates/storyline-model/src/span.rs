//! Spans in Unicode code points (as the contract counts offsets).

use serde::{Deserialize, Serialize};

/// A half-open range `[start, end)` of code points into an article's cleaned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The text this span covers in `text` (code-point offsets), or `None` if out of range.
    pub fn slice<'a>(&self, text: &'a str) -> Option<&'a str> {
        // Where the text is ASCII up to the span's end, code points are bytes: no walk over
        // the characters before the span (a sentence late in a long article).
        let bytes = text.as_bytes();
        if self.start <= self.end && self.end <= bytes.len() && bytes[..self.end].is_ascii() {
            return Some(&text[self.start..self.end]);
        }
        let mut it = text
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(text.len()));
        let start = it.nth(self.start)?;
        let end = if self.end == self.start {
            start
        } else {
            it.nth(self.end - self.start - 1)?
        };
        Some(&text[start..end])
    }
}

/// Number of code points in `s`.
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_by_code_points() {
        let t = "Zelenskyy’s “plan” — ok";
        assert_eq!(Span::new(0, 9).slice(t), Some("Zelenskyy"));
        assert_eq!(Span::new(12, 18).slice(t), Some("“plan”"));
        assert_eq!(Span::new(21, 23).slice(t), Some("ok"));
        assert_eq!(Span::new(23, 23).slice(t), Some(""));
        assert_eq!(Span::new(20, 24).slice(t), None);
    }

    #[test]
    fn ascii_prefixes_slice_as_the_walk_over_characters_does() {
        let walk = |start: usize, end: usize, t: &str| -> Option<String> {
            let chars: Vec<char> = t.chars().collect();
            (end <= chars.len()).then(|| chars[start..end].iter().collect())
        };
        for t in [
            "Talks in Geneva.",
            "Talks — in “Geneva”.",
            "",
            "é",
            "ab é cd",
        ] {
            let n = t.chars().count();
            for start in 0..=n + 1 {
                for end in start..=n + 2 {
                    assert_eq!(
                        Span::new(start, end).slice(t).map(str::to_string),
                        walk(start, end, t),
                        "{t:?} {start}..{end}"
                    );
                }
            }
        }
    }
}

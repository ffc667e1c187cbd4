//! Quantities bound to what they count or measure ("a 5.6-magnitude quake", "killing 10
//! people", "$180 million"): features of their own beside the bare numbers, so that two
//! reports giving the same quantity of the same thing weigh as one occurrence, and a "10"
//! that counts villages does not agree with a "10" that counts the dead.
//!
//! They only add agreement: a report that gives another count (a toll that rose, a
//! magnitude revised) or none loses nothing but this feature.

/// Words a quantity is not bound to (it counts or measures the word after them, or
/// nothing).
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "and", "or", "the", "of", "to", "in", "on", "at", "for", "by", "with", "from", "as",
    "is", "was", "are", "were", "be", "than", "that", "this", "it", "its", "his", "her", "their",
    "per", "about", "some", "over", "under", "into", "after", "before", "since", "but",
];

/// Quantities bound to the word they count or measure, as feature strings `=N~word` (the
/// word lowercased and stemmed): the word after the number ("10 people" → `=10~people`),
/// else the word before it ("magnitude 4.1" → `=4.1~magnitude`). Years (four digits from
/// 1900 to 2099) are dates, not quantities; a number bound to no word gives nothing.
pub fn quantities(text: &str, mut sink: impl FnMut(String)) {
    let mut q = Quantities::default();
    super::words(text, |w| q.push(w, &mut sink));
    q.finish(&mut sink);
}

/// [`quantities`] over a stream of words (those of [`super::words`]), one pass; a word is
/// only looked at closely next to a number.
#[derive(Default)]
pub(super) struct Quantities {
    /// The previous word.
    prev: String,
    /// A number waiting for the next word, with the word before it (stemmed) when the
    /// number may be bound to it.
    pending: Option<(String, Option<String>)>,
}

fn is_quantity(w: &str) -> bool {
    w.starts_with(|c: char| c.is_ascii_digit())
        && w.chars().all(|c| c.is_ascii_digit() || c == '.')
        && !(w.len() == 4 && (w.starts_with("19") || w.starts_with("20")))
}

fn bindable(w: &str) -> bool {
    w.len() >= 3 && w.chars().all(|c| c.is_alphabetic()) && !FUNCTION_WORDS.contains(&w)
}

impl Quantities {
    pub(super) fn push(&mut self, w: &str, sink: &mut impl FnMut(String)) {
        if let Some((n, before)) = self.pending.take() {
            if bindable(w) {
                sink(format!("={n}~{}", super::stem(w)));
            } else if let Some(u) = before {
                sink(format!("={n}~{u}"));
            }
        }
        if is_quantity(w) {
            let before = bindable(&self.prev).then(|| super::stem(&self.prev));
            self.pending = Some((w.to_string(), before));
        }
        self.prev.clear();
        self.prev.push_str(w);
    }

    pub(super) fn finish(&mut self, sink: &mut impl FnMut(String)) {
        if let Some((n, Some(u))) = self.pending.take() {
            sink(format!("={n}~{u}"));
        }
        self.prev.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let mut q = Vec::new();
        quantities(text, |f| q.push(f));
        q
    }

    #[test]
    fn quantities_are_bound_to_their_words() {
        assert_eq!(
            all("A 5.6-magnitude quake, killing 10 people; 3,500 tents. In 2008, magnitude 4.1 and of 3."),
            ["=5.6~magnitude", "=10~people", "=3500~tent", "=4.1~magnitude"]
        );
    }

    #[test]
    fn years_ordinals_and_unbound_numbers_give_nothing() {
        assert!(all("Since 1998 the 2nd team is 3 of 9 at 9am in 2031.").is_empty());
    }
}

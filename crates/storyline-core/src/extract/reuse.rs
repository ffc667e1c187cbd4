//! Wire copies read once. The same cleaned text often arrives several times: a wire story
//! run by many outlets under their own titles, addresses and dates. What its text says —
//! names, roles, local entities, quotes ([`TextFindings`]) — depends on the text and its
//! sentences only, so a copy takes them from the first report of that text, and only its
//! time expressions, which are read against its own date, are read again.
//!
//! The first report is looked for among the last distinct texts annotated (two generations
//! of at most `capacity` texts each: a text seen again moves to the newer one, and the older
//! one is dropped whole when the newer one fills). Texts are keyed by a BLAKE3 hash of the
//! text and its sentence offsets. The output is the same as annotating every article on its
//! own ([`annotate::annotate`]); only the work differs.

use super::annotate::{self, TextFindings};
use rustc_hash::FxHashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use storyline_model::{Annotations, Article};

/// Distinct texts kept per generation by [`Annotator::default`]: a few thousand findings
/// (~5 KB each) cover the copies a wire story gets within the next few thousand reports.
pub const CAPACITY: usize = 4096;

type Key = [u8; 32];

/// A text's findings, set by the thread that reads the text first.
type Slot = Arc<OnceLock<Arc<TextFindings>>>;

/// Annotates articles, reading each distinct text once. Shared by the threads of a batch:
/// an article whose text another thread is reading at that moment is read again rather than
/// waited for, so no thread ever blocks on another.
pub struct Annotator {
    recent: Mutex<Recent>,
    reused: AtomicUsize,
}

struct Recent {
    newer: FxHashMap<Key, Slot>,
    older: FxHashMap<Key, Slot>,
    capacity: usize,
}

impl Default for Annotator {
    fn default() -> Self {
        Annotator::new(CAPACITY)
    }
}

impl Annotator {
    /// An annotator that remembers up to `capacity` distinct texts per generation.
    pub fn new(capacity: usize) -> Annotator {
        Annotator {
            recent: Mutex::new(Recent {
                newer: FxHashMap::default(),
                older: FxHashMap::default(),
                capacity: capacity.max(1),
            }),
            reused: AtomicUsize::new(0),
        }
    }

    /// Articles so far whose text's findings were taken from an earlier report.
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    /// The annotations of an article, as [`annotate::annotate`] gives them.
    pub fn annotate(&self, article: &Article) -> Annotations {
        let (slot, first) = self
            .recent
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .slot(key(article));
        if !first {
            if let Some(f) = slot.get() {
                self.reused.fetch_add(1, Ordering::Relaxed);
                return Annotations {
                    locals: f.locals.clone(),
                    mentions: f.mentions.clone(),
                    quotes: f.quotes.clone(),
                    times: annotate::times(article),
                };
            }
        }
        // Read here: the first report of the text keeps a copy for the next ones; a text
        // another thread is reading at this moment is read again and not kept.
        let found = annotate::read_text(article);
        if first {
            let _ = slot.set(Arc::new(found.clone()));
        }
        let TextFindings {
            locals,
            mentions,
            quotes,
        } = found;
        Annotations {
            locals,
            mentions,
            quotes,
            times: annotate::times(article),
        }
    }
}

impl Recent {
    /// The slot of a text, and whether it is new (the caller then reads the text and fills
    /// it). A text found in the older generation moves to the newer one.
    fn slot(&mut self, k: Key) -> (Slot, bool) {
        if let Some(s) = self.newer.get(&k) {
            return (Arc::clone(s), false);
        }
        let (slot, first) = match self.older.remove(&k) {
            Some(s) => (s, false),
            None => (Slot::default(), true),
        };
        if self.newer.len() >= self.capacity {
            self.older = std::mem::take(&mut self.newer);
        }
        self.newer.insert(k, Arc::clone(&slot));
        (slot, first)
    }
}

/// The text and its sentence offsets, hashed.
fn key(article: &Article) -> Key {
    let mut h = blake3::Hasher::new();
    h.update(&(article.sentences.len() as u64).to_le_bytes());
    for s in &article.sentences {
        h.update(&(s.start as u64).to_le_bytes());
        h.update(&(s.end as u64).to_le_bytes());
    }
    h.update(article.text.as_bytes());
    *h.finalize().as_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{document, ingest};
    use proptest::prelude::*;
    use storyline_model::{ArticleId, DateSource, Published};

    const WIRE: &str = "Finance Minister Maria Oyelaran said on Tuesday that the budget would be \
        cut by 4 percent. \"We have no choice,\" she told reporters in Lagos.\n\nThe central \
        bank's governor, Tunde Bakare, warned last week that inflation could reach 30 percent.";
    const OTHER: &str = "Flooding in the Po valley forced 2,000 people from their homes on \
        Sunday, the Italian civil protection agency said.\n\nRescuers reached the village of \
        Sermide late on Monday.";

    fn article(text: &str, n: usize, day: &str) -> Article {
        let mut a = document::analyse(ingest::text::parse("wire", text)).expect("analysed");
        a.id = ArticleId::from_content(format!("report {n}").as_bytes());
        a.published = Some(Published {
            value: day.to_string(),
            source: DateSource::Metadata,
        });
        a
    }

    #[test]
    fn copies_read_as_their_first_report_with_their_own_dates() {
        let batch = [
            article(WIRE, 1, "2026-03-03"),
            article(OTHER, 2, "2026-03-09"),
            article(WIRE, 3, "2026-03-04"),
        ];
        let later = [article(WIRE, 4, "2026-03-05")];
        let annotator = Annotator::new(16);
        let got: Vec<Annotations> = batch
            .iter()
            .chain(&later)
            .map(|a| annotator.annotate(a))
            .collect();
        let want: Vec<Annotations> = batch.iter().chain(&later).map(annotate::annotate).collect();
        assert_eq!(got, want);
        assert_eq!(annotator.reused(), 2);
        // The copies' "on Tuesday" is read against their own dates.
        assert!(!got[0].times.is_empty());
        assert_ne!(got[0].times, got[3].times);
    }

    #[test]
    fn a_forgotten_text_is_read_again() {
        let annotator = Annotator::new(1);
        for (n, text) in [WIRE, OTHER, "A third text about nothing.", WIRE]
            .into_iter()
            .enumerate()
        {
            annotator.annotate(&article(text, n, "2026-03-03"));
        }
        assert_eq!(annotator.reused(), 0);
        let a = article(WIRE, 9, "2026-03-03");
        assert_eq!(annotator.annotate(&a), annotate::annotate(&a));
        assert_eq!(annotator.reused(), 1);
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
        /// Whatever the order, repeats, memory size and threads, each article gets what
        /// annotating it alone gives.
        #[test]
        fn shared_annotator_equals_articles_alone(
            picks in proptest::collection::vec((0usize..3, 0u32..3), 1..16),
            capacity in 1usize..4,
        ) {
            use rayon::prelude::*;
            let texts = [WIRE, OTHER, "Talks resumed in Geneva on Friday, officials said."];
            let articles: Vec<Article> = picks
                .iter()
                .enumerate()
                .map(|(n, &(t, d))| article(texts[t], n, &format!("2026-04-0{}", d + 1)))
                .collect();
            let annotator = Annotator::new(capacity);
            let got: Vec<Annotations> =
                articles.par_iter().map(|a| annotator.annotate(a)).collect();
            let want: Vec<Annotations> = articles.iter().map(annotate::annotate).collect();
            prop_assert_eq!(got, want);
        }
    }
}

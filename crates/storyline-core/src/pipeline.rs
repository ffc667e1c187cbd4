//! The pipeline only wires stages together: inputs are read on one thread (I/O and fetching),
//! documents are analysed in parallel batches, and each batch is stored in one transaction
//! while the next one is analysed.

use crate::ingest::{self, Input, Item};
use crate::{document, extract};
use crate::{Context, Problem};
use rayon::prelude::*;
use std::sync::mpsc;
use std::time::{Duration, Instant};
use storyline_model::{Analysed, ArticleId};
use storyline_store::{Store, StoreError};

/// Documents analysed and stored together (one transaction).
pub const BATCH: usize = 256;

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunStats {
    /// Items read from the inputs: documents and unreadable items alike
    /// (`read = new + duplicate + rejected`).
    pub read: usize,
    /// Articles stored for the first time.
    pub new: usize,
    /// Articles already in the store (or twice in this run).
    pub duplicate: usize,
    /// Items rejected with an error.
    pub rejected: usize,
    /// Articles whose text was read before in this run (wire copies): their names and
    /// quotes were taken from it, only their time expressions read again.
    pub reused: usize,
    pub elapsed: Duration,
    /// Ids of the new articles, in the order stored.
    pub new_ids: Vec<ArticleId>,
}

/// Observes a run: problems as they happen, progress after each batch.
pub trait Observer {
    fn problem(&mut self, problem: &Problem);
    fn progress(&mut self, _stats: &RunStats) {}
}

/// Reads, analyses and stores every input. Only a store failure aborts the run.
pub fn run(
    inputs: &[Input],
    ctx: &Context,
    store: &mut dyn Store,
    observer: &mut dyn Observer,
) -> Result<RunStats, StoreError> {
    let started = Instant::now();
    let mut stats = RunStats::default();
    let (tx, rx) = mpsc::sync_channel::<Item>(BATCH * 4);
    std::thread::scope(|scope| {
        let reader_ctx = ctx.clone();
        scope.spawn(move || {
            for input in inputs {
                ingest::read_input(input, &reader_ctx, &mut |item| {
                    // The receiver only goes away when the store failed; stop reading then.
                    let _ = tx.send(item);
                });
            }
        });
        let mut work = Work {
            batch: Vec::with_capacity(BATCH),
            pending: Vec::new(),
            annotator: extract::reuse::Annotator::default(),
        };
        let mut result = Ok(());
        for item in rx.iter() {
            if result.is_err() {
                continue;
            }
            match item {
                Ok(doc) => {
                    stats.read += 1;
                    work.batch.push(doc);
                }
                Err(p) => {
                    stats.read += 1;
                    stats.rejected += 1;
                    observer.problem(&p);
                }
            }
            if work.batch.len() >= BATCH {
                result = work.flush(store, &mut stats, observer);
                stats.elapsed = started.elapsed();
                observer.progress(&stats);
            }
        }
        if result.is_ok() {
            result = work.flush(store, &mut stats, observer);
        }
        if result.is_ok() {
            result = store_analysed(
                std::mem::take(&mut work.pending),
                store,
                &mut stats,
                observer,
            );
        }
        stats.elapsed = started.elapsed();
        observer.progress(&stats);
        result
    })?;
    Ok(stats)
}

/// The documents read and not yet analysed, the batch analysed and not yet stored, and the
/// annotator shared by the batches (wire copies read once).
struct Work {
    batch: Vec<ingest::RawDoc>,
    pending: Vec<Result<Analysed, Problem>>,
    annotator: extract::reuse::Annotator,
}

impl Work {
    /// Analyses a batch in the rayon pool while the batch analysed before it (`pending`) is
    /// stored on this thread, so that the pool does not wait for the store's transaction;
    /// the batch just analysed becomes `pending`. Batches are stored, and their problems
    /// reported, in the order they were read.
    fn flush(
        &mut self,
        store: &mut dyn Store,
        stats: &mut RunStats,
        observer: &mut dyn Observer,
    ) -> Result<(), StoreError> {
        let docs = std::mem::take(&mut self.batch);
        let previous = std::mem::take(&mut self.pending);
        let (pending, annotator) = (&mut self.pending, &self.annotator);
        let stored = rayon::in_place_scope(|scope| {
            if !docs.is_empty() {
                scope.spawn(|_| {
                    *pending = docs
                        .into_par_iter()
                        .map(|doc| {
                            document::analyse(doc).map(|article| Analysed {
                                annotations: annotator.annotate(&article),
                                article,
                            })
                        })
                        .collect();
                });
            }
            store_analysed(previous, store, stats, observer)
        });
        stats.reused = annotator.reused();
        // The scope has waited for the analysis: `pending` holds this batch (none when
        // empty).
        stored
    }
}

/// Stores an analysed batch in one transaction and reports its problems.
fn store_analysed(
    results: Vec<Result<Analysed, Problem>>,
    store: &mut dyn Store,
    stats: &mut RunStats,
    observer: &mut dyn Observer,
) -> Result<(), StoreError> {
    if results.is_empty() {
        return Ok(());
    }
    let mut articles = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(a) => articles.push(a),
            Err(p) => {
                stats.rejected += 1;
                observer.problem(&p);
            }
        }
    }
    let inserted = store.insert_articles(&articles)?;
    for (a, is_new) in articles.into_iter().zip(inserted.new) {
        if is_new {
            stats.new += 1;
            stats.new_ids.push(a.article.id);
        } else {
            stats.duplicate += 1;
        }
    }
    Ok(())
}

//! `storyline worker`: pull batches of documents from the queue, analyse them in parallel,
//! store each batch in one PostgreSQL transaction with its job records, then acknowledge.

use crate::{connect, runtime, Queue, QueueError, QueuedDoc, ACK_WAIT};
use async_nats::jetstream::{self, consumer::PullConsumer, AckKind};
use futures_util::StreamExt;
use rayon::prelude::*;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};
use storyline_core::ingest::{Body, DocMeta, RawDoc};
use storyline_core::{document, extract};
use storyline_model::Analysed;
use storyline_store::postgres::{Job, JobKey, JobOutcome, JobResult};
use storyline_store::PgStore;

/// How long an idle worker waits before asking the queue again.
const IDLE_POLL: Duration = Duration::from_millis(200);

#[derive(Debug, Clone)]
pub struct WorkerOptions {
    pub queue: Queue,
    /// PostgreSQL URL of the store.
    pub db: String,
    /// Recorded in `processed.worker` and `jobs.worker`.
    pub name: String,
    /// Documents taken from the queue, analysed and stored together.
    pub batch: usize,
    /// Stop once the queue has nothing to deliver and nothing awaits acknowledgement.
    pub exit_when_idle: bool,
}

/// `<host>-<pid>`: unique among running workers.
pub fn default_name() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|h| h.trim().to_string())
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "worker".to_string());
    format!("{host}-{}", std::process::id())
}

/// What a worker did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkerStats {
    /// Messages taken from the queue (deliveries, so a redelivered one counts again).
    pub messages: usize,
    /// Articles stored by this worker.
    pub new: usize,
    /// Articles that were already stored.
    pub duplicate: usize,
    /// Documents refused by the analysis.
    pub rejected: usize,
    /// Messages whose job was already completed (redeliveries after a commit): acknowledged
    /// without processing.
    pub already_done: usize,
    /// Messages delivered more than once (their first worker died or was too slow).
    pub redelivered: usize,
    /// Messages that were not queued documents (acknowledged and dropped).
    pub undecodable: usize,
    pub elapsed: Duration,
}

impl fmt::Display for WorkerStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "messages {} · new {} · duplicate {} · rejected {} · already done {} · redelivered {} · undecodable {} · {:.2} s",
            self.messages,
            self.new,
            self.duplicate,
            self.rejected,
            self.already_done,
            self.redelivered,
            self.undecodable,
            self.elapsed.as_secs_f64()
        )
    }
}

/// Hears what a worker does.
pub trait Observer {
    /// Connected to the queue and the store, models loaded: taking work from now on.
    fn ready(&mut self) {}
    /// One `error: <origin>: <reason>` line per refused document.
    fn problem(&mut self, line: &str);
    /// A passing trouble with the queue (the worker goes on).
    fn warning(&mut self, message: &str);
    /// After each batch is stored and acknowledged.
    fn batch(&mut self, _stats: &WorkerStats) {}
}

/// Runs a worker until the process is killed or, with `exit_when_idle`, the queue is empty.
/// A store failure ends it with an error before the batch is acknowledged, so the batch is
/// delivered again (to this worker restarted, or to another).
pub fn work(opts: &WorkerOptions, observer: &mut dyn Observer) -> Result<WorkerStats, QueueError> {
    if opts.batch == 0 {
        return Err(QueueError::Usage("--batch must be at least 1".into()));
    }
    let rt = runtime()?;
    let mut store = PgStore::open(&opts.db)?;
    let mut conn = rt.block_on(connect(&opts.queue))?;
    warm_up();
    observer.ready();
    let started = Instant::now();
    let mut stats = WorkerStats::default();
    // Wire copies this worker has read before take what their text says from it.
    let annotator = extract::reuse::Annotator::default();
    loop {
        let messages = match rt.block_on(fetch(&conn.consumer, opts.batch)) {
            Ok(m) => m,
            Err(e) => {
                observer.warning(&format!("{}: cannot fetch: {e}", opts.queue.url));
                std::thread::sleep(Duration::from_secs(1));
                continue;
            }
        };
        if messages.is_empty() {
            if opts.exit_when_idle {
                match rt.block_on(conn.consumer.info()) {
                    Ok(info) if info.num_pending == 0 && info.num_ack_pending == 0 => break,
                    Ok(_) => {}
                    Err(e) => observer.warning(&format!(
                        "{}: cannot read the consumer: {e}",
                        opts.queue.url
                    )),
                }
            }
            std::thread::sleep(IDLE_POLL);
            continue;
        }
        let messages = Arc::new(messages);
        let keep_alive = rt.spawn(keep_alive(messages.clone()));
        let outcome = process(
            &messages, &annotator, &mut store, opts, &mut stats, observer,
        );
        keep_alive.abort();
        let undecodable = outcome?;
        // Acknowledge only now that the batch is committed.
        let acked = rt.block_on(async {
            for (i, m) in messages.iter().enumerate() {
                let kind = if undecodable.contains(&i) {
                    AckKind::Term
                } else {
                    AckKind::Ack
                };
                m.ack_with(kind).await?;
            }
            conn.client.flush().await?;
            Ok::<(), async_nats::Error>(())
        });
        if let Err(e) = acked {
            // The jobs are recorded: their redelivery will be acknowledged without work.
            observer.warning(&format!("{}: cannot acknowledge: {e}", opts.queue.url));
        }
        stats.elapsed = started.elapsed();
        observer.batch(&stats);
    }
    stats.elapsed = started.elapsed();
    Ok(stats)
}

/// Decodes, analyses and stores one batch. Returns the indexes of undecodable messages.
fn process(
    messages: &[jetstream::Message],
    annotator: &extract::reuse::Annotator,
    store: &mut PgStore,
    opts: &WorkerOptions,
    stats: &mut WorkerStats,
    observer: &mut dyn Observer,
) -> Result<Vec<usize>, QueueError> {
    stats.messages += messages.len();
    let mut undecodable = Vec::new();
    let mut queued = Vec::with_capacity(messages.len());
    for (i, m) in messages.iter().enumerate() {
        let info = m.info().ok();
        if info.as_ref().is_some_and(|i| i.delivered > 1) {
            stats.redelivered += 1;
        }
        match serde_json::from_slice::<QueuedDoc>(&m.payload) {
            Ok(q) => queued.push(q),
            Err(e) => {
                let at = info.map(|i| i.stream_sequence).unwrap_or_default();
                observer.problem(&format!(
                    "error: {}#{at}: not a queued document: {e}",
                    opts.queue.stream
                ));
                stats.undecodable += 1;
                undecodable.push(i);
            }
        }
    }
    let keys: Vec<JobKey> = queued
        .iter()
        .map(|q| JobKey {
            run: q.run.clone(),
            seq: q.seq,
        })
        .collect();
    let done = store.jobs_done(&keys)?;
    let todo: Vec<QueuedDoc> = queued
        .into_iter()
        .zip(&done)
        .filter(|(_, &d)| !d)
        .map(|(q, _)| q)
        .collect();
    stats.already_done += done.iter().filter(|d| **d).count();
    let jobs: Vec<Job> = todo
        .into_par_iter()
        .map(|q| analyse(q, annotator))
        .collect();
    let outcomes = store.complete_jobs(&opts.name, &jobs)?;
    for (job, outcome) in jobs.iter().zip(outcomes) {
        match outcome {
            JobOutcome::New => stats.new += 1,
            JobOutcome::Duplicate => stats.duplicate += 1,
            JobOutcome::AlreadyDone => stats.already_done += 1,
            JobOutcome::Rejected => {
                stats.rejected += 1;
                if let JobResult::Rejected(reason) = &job.result {
                    observer.problem(&format!("error: {}: {reason}", job.origin));
                }
            }
        }
    }
    Ok(undecodable)
}

/// The per-article stages of one queued document. A document that makes them panic is
/// refused like any bad document, not retried (the annotator then forgets nothing it had:
/// a text whose reading panicked is read again by its next copy).
fn analyse(q: QueuedDoc, annotator: &extract::reuse::Annotator) -> Job {
    let key = JobKey {
        run: q.run,
        seq: q.seq,
    };
    let origin = q.doc.origin.clone();
    let analysed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        document::analyse(q.doc).map(|article| Analysed {
            annotations: annotator.annotate(&article),
            article,
        })
    }));
    let (origin, result) = match analysed {
        Ok(Ok(a)) => (origin, JobResult::Analysed(Box::new(a))),
        Ok(Err(p)) => (p.origin, JobResult::Rejected(p.error.to_string())),
        Err(_) => (
            origin,
            JobResult::Rejected("internal error: the analysis panicked".into()),
        ),
    };
    Job {
        key,
        origin,
        result,
    }
}

/// Takes up to `n` messages that are available now (none when the queue is empty).
async fn fetch(consumer: &PullConsumer, n: usize) -> Result<Vec<jetstream::Message>, String> {
    let mut batch = consumer
        .fetch()
        .max_messages(n)
        .messages()
        .await
        .map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(n);
    while let Some(m) = batch.next().await {
        match m {
            Ok(m) => out.push(m),
            // Messages already received are processed; the error ends the batch.
            Err(e) if out.is_empty() => return Err(e.to_string()),
            Err(_) => break,
        }
    }
    Ok(out)
}

/// Tells the server the batch is being worked on, every third of the ack wait, until
/// aborted, so a long batch is not delivered to another worker meanwhile.
async fn keep_alive(messages: Arc<Vec<jetstream::Message>>) {
    let mut tick = tokio::time::interval(ACK_WAIT / 3);
    tick.tick().await;
    loop {
        tick.tick().await;
        for m in messages.iter() {
            let _ = m.ack_with(AckKind::Progress).await;
        }
    }
}

/// Loads the models (lazily initialised on first use) before the worker says it is ready.
fn warm_up() {
    let doc = RawDoc {
        origin: "warm-up".into(),
        body: Body::Text(
            "Officials in Geneva said on Monday that the talks would resume. \
             \"We are hopeful,\" said Jane Doe, a spokeswoman."
                .into(),
        ),
        meta: DocMeta::default(),
    };
    if let Ok(article) = document::analyse(doc) {
        let _ = extract::annotate::annotate(&article);
    }
}

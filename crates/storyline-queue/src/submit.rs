//! `run --queue`: publish the documents of the inputs, then wait for the workers.

use crate::{connect, runtime, Queue, QueueError, QueuedDoc};
use async_nats::jetstream::context::PublishAckFuture;
use async_nats::jetstream::message::PublishMessage;
use std::time::{Duration, Instant};
use storyline_core::ingest::{self, Input};
use storyline_core::{Context, IngestError, Problem};
use storyline_store::postgres::RunReport;
use storyline_store::PgStore;

/// Publish acknowledgements awaited together.
const WINDOW: usize = 256;
/// Room left in a message for its headers.
const HEADER_ROOM: usize = 512;

/// What `submit` did.
#[derive(Debug, Clone, Default)]
pub struct Submission {
    /// This run's id: the jobs of its documents are `(run, 0..published)`.
    pub run: String,
    /// Items read from the inputs (`read = published + rejected`).
    pub read: usize,
    /// Documents published to the queue.
    pub published: i64,
    /// Items that were not published (unreadable, or too large for the queue's messages).
    pub rejected: usize,
    /// The origin of each published document, by sequence number.
    pub origins: Vec<String>,
    pub elapsed: Duration,
}

/// Reads every input and publishes each document to the queue (creating its stream and
/// consumer when missing). Problems with single items are handed to `on_problem` and the
/// rest goes on; only a failure of the queue itself stops it.
pub fn submit(
    inputs: &[Input],
    ctx: &Context,
    queue: &Queue,
    on_problem: &mut dyn FnMut(&Problem),
) -> Result<Submission, QueueError> {
    let started = Instant::now();
    let rt = runtime()?;
    let conn = rt.block_on(connect(queue))?;
    let max_payload = conn.client.server_info().max_payload;
    let subject = queue.subject();
    let mut sub = Submission {
        run: run_id(),
        ..Default::default()
    };
    let mut pending: Vec<PublishAckFuture> = Vec::with_capacity(WINDOW);
    let mut failure: Option<QueueError> = None;
    for input in inputs {
        // Inputs are read outside the runtime: reading a URL uses a blocking HTTP client.
        ingest::read_input(input, ctx, &mut |item| {
            if failure.is_some() {
                return;
            }
            sub.read += 1;
            let doc = match item {
                Ok(doc) => doc,
                Err(p) => {
                    sub.rejected += 1;
                    on_problem(&p);
                    return;
                }
            };
            let seq = sub.published;
            let origin = doc.origin.clone();
            let payload = serde_json::to_vec(&QueuedDoc {
                run: sub.run.clone(),
                seq,
                doc,
            })
            .expect("documents serialise");
            if payload.len() + HEADER_ROOM > max_payload {
                sub.rejected += 1;
                let limit = max_payload.saturating_sub(HEADER_ROOM) as u64;
                on_problem(&Problem::new(origin, IngestError::TooLarge { limit }));
                return;
            }
            let message = PublishMessage::build()
                .payload(payload.into())
                .message_id(format!("{}.{seq}", sub.run));
            match rt.block_on(conn.js.send_publish(subject.clone(), message)) {
                Ok(ack) => pending.push(ack),
                Err(e) => {
                    failure = Some(QueueError::nats(queue, "cannot publish", e));
                    return;
                }
            }
            sub.published += 1;
            sub.origins.push(origin);
            if pending.len() >= WINDOW {
                if let Err(e) = rt.block_on(confirm(&mut pending)) {
                    failure = Some(QueueError::nats(queue, "publish not confirmed", e));
                }
            }
        });
        if failure.is_some() {
            break;
        }
    }
    if failure.is_none() {
        if let Err(e) = rt.block_on(confirm(&mut pending)) {
            failure = Some(QueueError::nats(queue, "publish not confirmed", e));
        }
    }
    if let Some(e) = failure {
        return Err(e);
    }
    sub.elapsed = started.elapsed();
    Ok(sub)
}

async fn confirm(
    pending: &mut Vec<PublishAckFuture>,
) -> Result<(), async_nats::jetstream::context::PublishError> {
    for ack in pending.drain(..) {
        ack.await?;
    }
    Ok(())
}

/// A run id unique enough across machines and time: clock, process and a counter.
fn run_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!(
        "{nanos:x}-{:x}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// What `wait` found.
#[derive(Debug, Clone, Default)]
pub struct Waited {
    pub report: RunReport,
    /// Documents the queue gave up on (every delivery failed: each worker that took one
    /// died or could not store it), as `(origin, reason)`.
    pub lost: Vec<(String, String)>,
}

/// Waits until the workers have completed every job of `sub` (polling the store), or until
/// the queue has nothing left to deliver although some jobs are not done (they exhausted
/// their deliveries). `progress` sees the number of completed jobs after each poll.
pub fn wait(
    sub: &Submission,
    queue: &Queue,
    store: &mut PgStore,
    progress: &mut dyn FnMut(usize),
) -> Result<Waited, QueueError> {
    const POLL: Duration = Duration::from_millis(100);
    const CHECK_QUEUE_EVERY: Duration = Duration::from_secs(1);
    let rt = runtime()?;
    let mut conn = rt.block_on(connect(queue))?;
    let mut next_check = Instant::now() + CHECK_QUEUE_EVERY;
    let mut drained_before: Option<Vec<i64>> = None;
    loop {
        let done = store.jobs_completed(&sub.run)?;
        progress(done);
        if done as i64 >= sub.published {
            break;
        }
        if Instant::now() >= next_check {
            next_check = Instant::now() + CHECK_QUEUE_EVERY;
            // Nothing left to deliver nor waiting for an acknowledgement: what is not done
            // now never will be. (Jobs are recorded before their messages are acknowledged,
            // so they are read after the consumer.) Seen twice in a row to be sure.
            let info = rt
                .block_on(conn.consumer.info())
                .map_err(|e| QueueError::nats(queue, "cannot read the consumer", e))?;
            if info.num_pending == 0 && info.num_ack_pending == 0 {
                let missing = store.jobs_missing(&sub.run, sub.published)?;
                if drained_before.as_ref() == Some(&missing) {
                    let lost = missing
                        .iter()
                        .map(|&s| {
                            let origin = sub.origins.get(s as usize).cloned().unwrap_or_default();
                            (
                                origin,
                                format!(
                                    "not processed: delivered {} times, no worker completed it",
                                    crate::MAX_DELIVER
                                ),
                            )
                        })
                        .collect();
                    return Ok(Waited {
                        report: store.run_report(&sub.run)?,
                        lost,
                    });
                }
                drained_before = Some(missing);
            } else {
                drained_before = None;
            }
        }
        std::thread::sleep(POLL);
    }
    Ok(Waited {
        report: store.run_report(&sub.run)?,
        lost: Vec::new(),
    })
}

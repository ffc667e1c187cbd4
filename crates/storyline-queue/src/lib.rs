//! The work queue of the scale-out mode (DESIGN.md, "Scale-out").
//!
//! `storyline run --queue nats://…` reads its inputs as usual and publishes each document
//! ([`RawDoc`], serialised as a [`QueuedDoc`]) to a NATS JetStream stream with work-queue
//! retention ([`submit`]), then waits until the workers have completed every one ([`wait`]).
//! `storyline worker` processes ([`worker::work`]) pull batches from one durable pull consumer
//! shared by all of them, run the per-article stages, and store each batch in PostgreSQL in
//! one transaction together with the record of what they did, acknowledging the messages
//! only after the commit. The corpus stages run where the store is (`export`, `serve`).
//!
//! Exactly once: a message that is not acknowledged (its worker died, or the commit failed)
//! is delivered again after [`ACK_WAIT`]; one whose job is already recorded is acknowledged
//! without being processed again; and an article is inserted once, by its content id, so even
//! two workers racing on the same message store it once and record one `processed` row.

mod submit;
pub mod worker;

pub use submit::{submit, wait, Submission, Waited};

use async_nats::jetstream::{self, consumer, stream};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use storyline_core::ingest::RawDoc;

/// How long a delivered message may stay unacknowledged before it is delivered again. A
/// worker busy with a batch extends it (progress acknowledgements every third of it), so
/// only a dead or stuck worker lets it run out.
pub const ACK_WAIT: Duration = Duration::from_secs(10);
/// Deliveries of one message before JetStream gives up on it (a document that crashes every
/// worker that takes it); `run` then reports it as not processed.
pub const MAX_DELIVER: i64 = 5;
/// The durable pull consumer all workers of a stream share.
pub const CONSUMER: &str = "workers";

/// Where the queue is: a NATS server and the name of the stream on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queue {
    /// `nats://host:port` (or anything `async_nats::connect` takes).
    pub url: String,
    /// JetStream stream name (letters, digits, `-`, `_`); its subject is `<stream>.articles`.
    pub stream: String,
}

impl Queue {
    pub fn new(url: impl Into<String>, stream: impl Into<String>) -> Result<Queue, QueueError> {
        let stream = stream.into();
        if stream.is_empty()
            || !stream
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(QueueError::Usage(format!(
                "{stream:?}: not a stream name (letters, digits, - and _)"
            )));
        }
        Ok(Queue {
            url: url.into(),
            stream,
        })
    }

    pub fn subject(&self) -> String {
        format!("{}.articles", self.stream)
    }
}

/// One message on the queue: a document of a run, and its position in that run (from 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedDoc {
    pub run: String,
    pub seq: i64,
    pub doc: RawDoc,
}

#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("{url}: {what}: {message}")]
    Nats {
        url: String,
        what: &'static str,
        message: String,
    },
    #[error("{0}")]
    Store(#[from] storyline_store::StoreError),
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl QueueError {
    fn nats(queue: &Queue, what: &'static str, e: impl std::fmt::Display) -> QueueError {
        QueueError::Nats {
            url: queue.url.clone(),
            what,
            message: e.to_string(),
        }
    }
}

/// A connection to the queue's server, its stream and the workers' consumer (both created
/// when missing).
pub(crate) struct Connected {
    pub client: async_nats::Client,
    pub js: jetstream::Context,
    pub consumer: consumer::PullConsumer,
}

pub(crate) async fn connect(queue: &Queue) -> Result<Connected, QueueError> {
    let client = async_nats::connect(queue.url.as_str())
        .await
        .map_err(|e| QueueError::nats(queue, "cannot connect", e))?;
    let js = jetstream::new(client.clone());
    let stream = js
        .get_or_create_stream(stream::Config {
            name: queue.stream.clone(),
            subjects: vec![queue.subject()],
            retention: stream::RetentionPolicy::WorkQueue,
            storage: stream::StorageType::File,
            ..Default::default()
        })
        .await
        .map_err(|e| QueueError::nats(queue, "cannot open the stream", e))?;
    let consumer = stream
        .get_or_create_consumer(
            CONSUMER,
            consumer::pull::Config {
                durable_name: Some(CONSUMER.to_string()),
                ack_policy: consumer::AckPolicy::Explicit,
                ack_wait: ACK_WAIT,
                max_deliver: MAX_DELIVER,
                ..Default::default()
            },
        )
        .await
        .map_err(|e| QueueError::nats(queue, "cannot open the consumer", e))?;
    Ok(Connected {
        client,
        js,
        consumer,
    })
}

/// What the queue holds for the workers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Status {
    /// Messages not yet delivered to any worker.
    pub pending: u64,
    /// Messages delivered and not yet acknowledged (being worked on, or held by a worker
    /// that died: delivered again once the ack wait runs out).
    pub ack_pending: usize,
    /// Messages delivered more than once and not yet acknowledged.
    pub redelivered: usize,
}

/// The state of the workers' consumer of `queue`.
pub fn status(queue: &Queue) -> Result<Status, QueueError> {
    let rt = runtime()?;
    rt.block_on(async {
        let mut conn = connect(queue).await?;
        let info = conn
            .consumer
            .info()
            .await
            .map_err(|e| QueueError::nats(queue, "cannot read the consumer", e))?;
        Ok(Status {
            pending: info.num_pending,
            ack_pending: info.num_ack_pending,
            redelivered: info.num_redelivered,
        })
    })
}

/// A tokio runtime for one command (the commands themselves are synchronous).
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, QueueError> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_core::ingest::{Body, DocMeta};

    #[test]
    fn stream_names_are_checked() {
        assert_eq!(
            Queue::new("nats://h:1", "a-b_9").unwrap().subject(),
            "a-b_9.articles"
        );
        assert!(Queue::new("nats://h:1", "a.b").is_err());
        assert!(Queue::new("nats://h:1", "").is_err());
        assert!(Queue::new("nats://h:1", "a b").is_err());
    }

    #[test]
    fn queued_documents_round_trip() {
        let q = QueuedDoc {
            run: "r1".into(),
            seq: 7,
            doc: RawDoc {
                origin: "feed.xml#3".into(),
                body: Body::Html("<p>Ferry “Aurora” \0 sank</p>".into()),
                meta: DocMeta {
                    title: Some("T".into()),
                    authors: vec!["A".into()],
                    headers: vec!["Title: T".into()],
                    ..Default::default()
                },
            },
        };
        let bytes = serde_json::to_vec(&q).unwrap();
        assert_eq!(serde_json::from_slice::<QueuedDoc>(&bytes).unwrap(), q);
    }
}

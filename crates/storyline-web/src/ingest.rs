//! Writes: reports sent to the server (bytes of any input format, or URLs to fetch) are read,
//! analysed and stored exactly as `storyline run` does, one problem per bad item.

use rayon::prelude::*;
use serde::Serialize;
use storyline_core::ingest::{self, Format, Input, Item, Source};
use storyline_core::{document, extract, Context, Problem};
use storyline_model::{Analysed, ArticleId};
use storyline_store::{Store, StoreError};

/// One thing sent to the server to ingest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Upload {
    /// Bytes of a report or a container (text, HTML, JSON, JSON Lines, feed, WARC, gzip).
    Bytes {
        origin: String,
        /// The format the name or content type promises; sniffed when `None`.
        hint: Option<Format>,
        bytes: Vec<u8>,
    },
    /// A page or feed to fetch.
    Url(String),
}

/// One article a write stored (or found already stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stored {
    pub id: String,
    pub origin: String,
    /// False when the store already held it.
    pub new: bool,
}

/// What a write did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WriteOutcome {
    pub articles: Vec<Stored>,
    /// Stories that hold any of the articles, after the write.
    pub stories: Vec<String>,
    /// `error: <origin>: <reason>`, one per rejected item.
    pub errors: Vec<String>,
}

/// Reads every upload into documents and problems.
pub fn read(uploads: &[Upload], ctx: &Context) -> Vec<Item> {
    let mut items = Vec::new();
    for u in uploads {
        match u {
            Upload::Bytes {
                origin,
                hint,
                bytes,
            } => ingest::read_bytes(
                origin,
                *hint,
                bytes.clone(),
                Some(&Source::File),
                ctx,
                &mut |i| items.push(i),
            ),
            Upload::Url(url) => {
                if url.starts_with("http://") || url.starts_with("https://") {
                    ingest::read_input(&Input::Url(url.clone()), ctx, &mut |i| items.push(i))
                } else {
                    items.push(Err(Problem::new(
                        url.clone(),
                        storyline_core::IngestError::Unsupported(
                            "not an http:// or https:// URL".into(),
                        ),
                    )))
                }
            }
        }
    }
    items
}

/// Analyses the documents (in parallel) and stores the articles in one transaction.
/// Returns what was stored and the problems, in input order.
pub fn analyse_and_store(
    items: Vec<Item>,
    store: &mut dyn Store,
) -> Result<(Vec<Stored>, Vec<String>), StoreError> {
    let results: Vec<Result<(String, Analysed), Problem>> = items
        .into_par_iter()
        .map(|item| {
            let doc = item?;
            let origin = doc.origin.clone();
            let article = document::analyse(doc)?;
            Ok((
                origin,
                Analysed {
                    annotations: extract::annotate::annotate(&article),
                    article,
                },
            ))
        })
        .collect();
    let mut errors = Vec::new();
    let mut origins = Vec::new();
    let mut analysed = Vec::new();
    for r in results {
        match r {
            Ok((origin, a)) => {
                origins.push(origin);
                analysed.push(a);
            }
            Err(p) => errors.push(p.to_string()),
        }
    }
    let inserted = store.insert_articles(&analysed)?;
    let ids: Vec<ArticleId> = analysed.into_iter().map(|a| a.article.id).collect();
    let stored = ids
        .into_iter()
        .zip(origins)
        .zip(inserted.new)
        .map(|((id, origin), new)| Stored {
            id: id.to_string(),
            origin,
            new,
        })
        .collect();
    Ok((stored, errors))
}

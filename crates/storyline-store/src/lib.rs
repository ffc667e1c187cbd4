//! The store: where analysed articles (and, later, entities, stories and the rest) live.
//!
//! [`Store`] is the interface the pipeline, the exporter and the server use; [`SqliteStore`]
//! is the embedded default and [`PgStore`] the one many workers share. Every write is one
//! transaction, so an interrupted run leaves the store as it was after the last completed
//! batch. [`open`] picks the backend from the `--db` value every command takes.

pub mod postgres;
mod sqlite;

pub use postgres::PgStore;
pub use sqlite::SqliteStore;

use storyline_model::{Analysed, Annotations, Article, ArticleId};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The message carries the cause (not `source`, so a report of the chain does not
    /// repeat it).
    #[error("postgres: {}", postgres_message(.0))]
    Postgres(::postgres::Error),
    #[error("corrupt record {id}: {reason}")]
    Corrupt { id: String, reason: String },
    #[error("store schema {found} is newer than this storyline ({supported})")]
    Schema { found: i64, supported: i64 },
    #[error("{0}: not a plain database name (letters, digits, _)")]
    DatabaseName(String),
}

/// A PostgreSQL error with its causes ("db error: ERROR: relation … does not exist").
fn postgres_message(e: &::postgres::Error) -> String {
    let mut message = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        let text = c.to_string();
        if !message.ends_with(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        cause = c.source();
    }
    message
}

impl From<::postgres::Error> for StoreError {
    fn from(e: ::postgres::Error) -> Self {
        StoreError::Postgres(e)
    }
}

/// Where a store is: a `--db` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite file (created when missing).
    Sqlite(std::path::PathBuf),
    /// A PostgreSQL connection URL (`postgres://…` or `postgresql://…`).
    Postgres(String),
}

impl Location {
    /// `postgres://…` and `postgresql://…` name a PostgreSQL database; anything else is the
    /// path of a SQLite file.
    pub fn parse(db: &str) -> Location {
        if db.starts_with("postgres://") || db.starts_with("postgresql://") {
            Location::Postgres(db.to_string())
        } else {
            Location::Sqlite(db.into())
        }
    }

    /// How to name it in messages: the path, or the URL without its password.
    pub fn display(&self) -> String {
        match self {
            Location::Sqlite(p) => p.display().to_string(),
            Location::Postgres(url) => redact(url),
        }
    }

    /// Opens (creating the schema if needed) the store.
    pub fn open(&self) -> Result<Box<dyn Store + Send>, StoreError> {
        Ok(match self {
            Location::Sqlite(p) => Box::new(SqliteStore::open(p)?),
            Location::Postgres(url) => Box::new(PgStore::open(url)?),
        })
    }
}

/// Opens the store a `--db` value names (see [`Location::parse`]).
pub fn open(db: &str) -> Result<Box<dyn Store + Send>, StoreError> {
    Location::parse(db).open()
}

/// Decodes a stored annotations document.
fn decode_annotations(id: &str, doc: &str) -> Result<Annotations, StoreError> {
    serde_json::from_str(doc).map_err(|e| StoreError::Corrupt {
        id: id.to_string(),
        reason: e.to_string(),
    })
}

/// Decodes a stored article document.
fn decode_article(id: &str, doc: &str) -> Result<Article, StoreError> {
    serde_json::from_str(doc).map_err(|e| StoreError::Corrupt {
        id: id.to_string(),
        reason: e.to_string(),
    })
}

/// An article's row as read from a backend, not yet decoded: its id, its document and its
/// annotations' document.
type RawRow = (String, String, Option<String>);

/// Rows read ahead before they are decoded together (see [`decode_rows`]).
const DECODE_BATCH: usize = 512;

/// Decodes rows in rayon's pool, in their order. Parsing the JSON documents is most of
/// the cost of reading an article back (more than SQLite's own work), so the backends read
/// rows on the calling thread and decode them here, on every core.
fn decode_rows(rows: Vec<RawRow>) -> Result<Vec<(Article, Option<Annotations>)>, StoreError> {
    use rayon::prelude::*;
    rows.into_par_iter()
        .with_min_len(8)
        .map(|(id, doc, ann)| {
            let article = decode_article(&id, &doc)?;
            let ann = match ann {
                Some(doc) => Some(decode_annotations(&id, &doc)?),
                None => None,
            };
            Ok((article, ann))
        })
        .collect()
}

/// Hands rows to `visit` decoded, a batch at a time ([`decode_rows`]), in their order.
struct Decoder<'v> {
    rows: Vec<RawRow>,
    visit: &'v mut dyn FnMut(Article, Option<Annotations>),
}

impl<'v> Decoder<'v> {
    fn new(visit: &'v mut dyn FnMut(Article, Option<Annotations>)) -> Self {
        Decoder {
            rows: Vec::with_capacity(DECODE_BATCH),
            visit,
        }
    }

    fn push(&mut self, row: RawRow) -> Result<(), StoreError> {
        self.rows.push(row);
        if self.rows.len() == DECODE_BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), StoreError> {
        let rows = std::mem::replace(&mut self.rows, Vec::with_capacity(DECODE_BATCH));
        for (article, ann) in decode_rows(rows)? {
            (self.visit)(article, ann);
        }
        Ok(())
    }
}

/// A connection URL with its password replaced by `***`.
fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return url.to_string();
    };
    let rest = &url[scheme_end..];
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => match rest[..at].find(':') {
            Some(colon) => format!(
                "{}{}:***{}",
                &url[..scheme_end],
                &rest[..colon],
                &rest[at..]
            ),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

/// What inserting a batch did: for each article, in order, whether it was new.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inserted {
    pub new: Vec<bool>,
}

impl Inserted {
    pub fn new_count(&self) -> usize {
        self.new.iter().filter(|n| **n).count()
    }
    pub fn duplicate_count(&self) -> usize {
        self.new.len() - self.new_count()
    }
}

pub trait Store {
    /// Adds the articles not yet stored (by id), with their annotations, all in one
    /// transaction.
    fn insert_articles(&mut self, articles: &[Analysed]) -> Result<Inserted, StoreError>;
    /// Whether an article with this id is stored.
    fn contains(&self, id: &ArticleId) -> Result<bool, StoreError>;
    fn article(&self, id: &ArticleId) -> Result<Option<Article>, StoreError>;
    /// All articles in the order they were first stored.
    fn articles(&self) -> Result<Vec<Article>, StoreError>;
    fn article_count(&self) -> Result<usize, StoreError>;
    /// The annotations of every article, in the order the articles were stored.
    fn annotations(&self) -> Result<Vec<(ArticleId, Annotations)>, StoreError>;
    /// Every article with its annotations (`None` if it has none), in the order the
    /// articles were first stored, handed to `visit` one at a time: the corpus is read in
    /// one pass and never held whole by the store.
    fn each_article(
        &self,
        visit: &mut dyn FnMut(Article, Option<Annotations>),
    ) -> Result<(), StoreError>;
    /// The articles with these ids, with their annotations, in the order of `ids` (an id
    /// not stored is left out).
    fn articles_by_id(
        &self,
        ids: &[ArticleId],
    ) -> Result<Vec<(Article, Option<Annotations>)>, StoreError>;

    // The story cache: results of the per-story corpus stages, by a key that hashes
    // everything they depend on (so a key, once stored, always means the same value). It
    // lets an export recompute only the stories that changed since the last one. Writes go
    // through `&self`: an export only reads the store otherwise.

    /// The cached value of each key, if stored, in the order of `keys`.
    fn cached(&self, keys: &[String]) -> Result<Vec<Option<Vec<u8>>>, StoreError>;
    /// Stores values by key, in one transaction; a key already stored keeps its value.
    fn cache(&self, entries: &[(String, Vec<u8>)]) -> Result<(), StoreError>;
    /// How many values the cache holds.
    fn cache_len(&self) -> Result<usize, StoreError>;
    /// Drops every cached value whose key is not in `keep`; returns how many went.
    fn prune_cache(&self, keep: &[String]) -> Result<usize, StoreError>;

    // The corpus state: what the corpus-wide stages (copies, story clustering) last found
    // over every stored article, one value replaced whole each time they run. The value
    // names the articles it was computed over, so a reader tells for itself whether it
    // still holds; it lets an export after a run reuse the stories the run's digest found.

    /// The stored corpus state, if any.
    fn corpus_state(&self) -> Result<Option<Vec<u8>>, StoreError>;
    /// Replaces the corpus state.
    fn set_corpus_state(&self, value: &[u8]) -> Result<(), StoreError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn db_values_name_their_backend() {
        assert_eq!(
            Location::parse("postgres://u@127.0.0.1:5432/db"),
            Location::Postgres("postgres://u@127.0.0.1:5432/db".into())
        );
        assert!(matches!(
            Location::parse("postgresql://h/db"),
            Location::Postgres(_)
        ));
        assert_eq!(
            Location::parse("demo.db"),
            Location::Sqlite("demo.db".into())
        );
        assert_eq!(
            Location::parse("./postgres/x.db"),
            Location::Sqlite("./postgres/x.db".into())
        );
    }

    #[test]
    fn passwords_are_not_shown() {
        assert_eq!(
            Location::parse("postgres://u:secret@h:1/db").display(),
            "postgres://u:***@h:1/db"
        );
        assert_eq!(
            Location::parse("postgres://u@h/db").display(),
            "postgres://u@h/db"
        );
        assert_eq!(Location::parse("a.db").display(), "a.db");
    }
}

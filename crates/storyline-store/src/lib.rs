//! The store: where analysed articles (and, later, entities, stories and the rest) live.
//!
//! [`Store`] is the interface the pipeline, the exporter and the server use; [`SqliteStore`]
//! is the embedded default. Every write is one transaction, so an interrupted run leaves the
//! store as it was after the last completed batch.

mod sqlite;

pub use sqlite::SqliteStore;

use storyline_model::{Analysed, Annotations, Article, ArticleId};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("corrupt record {id}: {reason}")]
    Corrupt { id: String, reason: String },
    #[error("store schema {found} is newer than this storyline ({supported})")]
    Schema { found: i64, supported: i64 },
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
}

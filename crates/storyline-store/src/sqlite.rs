//! SQLite backend (bundled SQLite, WAL journal). Articles are kept as their JSON document
//! plus the columns that are looked up.

use crate::{Inserted, Store, StoreError};
use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;
use storyline_model::{Analysed, Annotations, Article, ArticleId};

const SCHEMA_VERSION: i64 = 1;

pub struct SqliteStore {
    conn: Connection,
}

impl SqliteStore {
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let conn = Connection::open(path)?;
        Self::init(conn)
    }

    pub fn in_memory() -> Result<Self, StoreError> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> Result<Self, StoreError> {
        let wait = std::time::Duration::from_secs(30);
        conn.busy_timeout(wait)?;
        // Two processes opening one new store at once: switching the journal to WAL and
        // creating the tables take locks that SQLite may refuse at once (SQLITE_BUSY without
        // waiting, to avoid a deadlock); the setup is idempotent, so it is tried again.
        let start = std::time::Instant::now();
        loop {
            match Self::setup(&conn) {
                Ok(()) => return Ok(SqliteStore { conn }),
                Err(StoreError::Sqlite(e)) if is_busy(&e) && start.elapsed() < wait => {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// The journal mode, the tables and the schema version (idempotent).
    fn setup(conn: &Connection) -> Result<(), StoreError> {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS meta (
                 key   TEXT PRIMARY KEY,
                 value TEXT NOT NULL
             );
             CREATE TABLE IF NOT EXISTS articles (
                 seq       INTEGER PRIMARY KEY AUTOINCREMENT,
                 id        TEXT NOT NULL UNIQUE,
                 origin    TEXT NOT NULL,
                 url       TEXT,
                 outlet    TEXT,
                 title     TEXT,
                 published TEXT,
                 doc       TEXT NOT NULL
             );
             CREATE TABLE IF NOT EXISTS annotations (
                 article TEXT PRIMARY KEY REFERENCES articles(id),
                 doc     TEXT NOT NULL
             );
             CREATE INDEX IF NOT EXISTS articles_url ON articles(url);
             CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
             CREATE TABLE IF NOT EXISTS story_cache (
                 key   TEXT PRIMARY KEY,
                 value BLOB NOT NULL
             );
             CREATE TABLE IF NOT EXISTS corpus_state (
                 slot  INTEGER PRIMARY KEY CHECK (slot = 0),
                 value BLOB NOT NULL
             );",
        )?;
        let found: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| {
                r.get(0)
            })
            .optional()?;
        match found.and_then(|v| v.parse::<i64>().ok()) {
            Some(v) if v > SCHEMA_VERSION => {
                return Err(StoreError::Schema {
                    found: v,
                    supported: SCHEMA_VERSION,
                })
            }
            Some(_) => {}
            None => {
                conn.execute(
                    "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema', ?1)",
                    params![SCHEMA_VERSION.to_string()],
                )?;
            }
        }
        Ok(())
    }
}

/// SQLite refused a lock (busy or locked) rather than failing.
fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

impl Store for SqliteStore {
    fn insert_articles(&mut self, articles: &[Analysed]) -> Result<Inserted, StoreError> {
        let tx = self.conn.transaction()?;
        let mut new = Vec::with_capacity(articles.len());
        {
            let mut stmt = tx.prepare_cached(
                "INSERT OR IGNORE INTO articles(id, origin, url, outlet, title, published, doc)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            let mut ann =
                tx.prepare_cached("INSERT INTO annotations(article, doc) VALUES (?1, ?2)")?;
            for item in articles {
                let a = &item.article;
                let doc = serde_json::to_string(a).expect("articles serialise");
                let n = stmt.execute(params![
                    a.id.as_str(),
                    a.origin,
                    a.url,
                    a.outlet,
                    a.title,
                    a.published.as_ref().map(|p| p.value.as_str()),
                    doc
                ])?;
                if n == 1 {
                    let doc =
                        serde_json::to_string(&item.annotations).expect("annotations serialise");
                    ann.execute(params![a.id.as_str(), doc])?;
                }
                new.push(n == 1);
            }
        }
        tx.commit()?;
        Ok(Inserted { new })
    }

    fn contains(&self, id: &ArticleId) -> Result<bool, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT 1 FROM articles WHERE id = ?1")?;
        Ok(stmt.exists(params![id.as_str()])?)
    }

    fn article(&self, id: &ArticleId) -> Result<Option<Article>, StoreError> {
        let doc: Option<String> = self
            .conn
            .query_row(
                "SELECT doc FROM articles WHERE id = ?1",
                params![id.as_str()],
                |r| r.get(0),
            )
            .optional()?;
        doc.map(|d| crate::decode_article(id.as_str(), &d))
            .transpose()
    }

    fn articles(&self) -> Result<Vec<Article>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, doc FROM articles ORDER BY seq")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, doc) = row?;
            out.push(crate::decode_article(&id, &doc)?);
        }
        Ok(out)
    }

    fn article_count(&self) -> Result<usize, StoreError> {
        let n: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0))?;
        Ok(n as usize)
    }

    fn annotations(&self) -> Result<Vec<(ArticleId, Annotations)>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT a.id, n.doc FROM articles a JOIN annotations n ON n.article = a.id ORDER BY a.seq",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, doc) = row?;
            let ann = serde_json::from_str(&doc).map_err(|e| StoreError::Corrupt {
                id: id.clone(),
                reason: e.to_string(),
            })?;
            let id = ArticleId::parse(&id).ok_or_else(|| StoreError::Corrupt {
                id: id.clone(),
                reason: "not an article id".into(),
            })?;
            out.push((id, ann));
        }
        Ok(out)
    }

    fn each_article(
        &self,
        visit: &mut dyn FnMut(Article, Option<Annotations>),
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT a.id, a.doc, n.doc FROM articles a LEFT JOIN annotations n ON n.article = a.id
             ORDER BY a.seq",
        )?;
        let mut rows = stmt.query([])?;
        let mut decoder = crate::Decoder::new(visit);
        while let Some(r) = rows.next()? {
            decoder.push((r.get(0)?, r.get(1)?, r.get(2)?))?;
        }
        decoder.flush()
    }

    fn articles_by_id(
        &self,
        ids: &[ArticleId],
    ) -> Result<Vec<(Article, Option<Annotations>)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.doc, n.doc FROM articles a LEFT JOIN annotations n ON n.article = a.id
             WHERE a.id = ?1",
        )?;
        let mut raw = Vec::with_capacity(ids.len());
        for id in ids {
            let mut rows = stmt.query(params![id.as_str()])?;
            if let Some(r) = rows.next()? {
                raw.push((id.as_str().to_string(), r.get(0)?, r.get(1)?));
            }
        }
        crate::decode_rows(raw)
    }

    fn cached(&self, keys: &[String]) -> Result<Vec<Option<Vec<u8>>>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT value FROM story_cache WHERE key = ?1")?;
        keys.iter()
            .map(|k| Ok(stmt.query_row(params![k], |r| r.get(0)).optional()?))
            .collect()
    }

    fn cache(&self, entries: &[(String, Vec<u8>)]) -> Result<(), StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        {
            let mut stmt = tx
                .prepare_cached("INSERT OR IGNORE INTO story_cache (key, value) VALUES (?1, ?2)")?;
            for (k, v) in entries {
                stmt.execute(params![k, v])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn corpus_state(&self) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT value FROM corpus_state WHERE slot = 0", [], |r| {
                r.get(0)
            })
            .optional()?)
    }

    fn set_corpus_state(&self, value: &[u8]) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT OR REPLACE INTO corpus_state (slot, value) VALUES (0, ?1)",
            params![value],
        )?;
        Ok(())
    }

    fn cache_len(&self) -> Result<usize, StoreError> {
        let n: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM story_cache", [], |r| r.get(0))?;
        Ok(n as usize)
    }

    fn prune_cache(&self, keep: &[String]) -> Result<usize, StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        tx.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS cache_keep (key TEXT PRIMARY KEY); DELETE FROM cache_keep;",
        )?;
        {
            let mut stmt =
                tx.prepare_cached("INSERT OR IGNORE INTO cache_keep (key) VALUES (?1)")?;
            for k in keep {
                stmt.execute(params![k])?;
            }
        }
        let gone = tx.execute(
            "DELETE FROM story_cache WHERE key NOT IN (SELECT key FROM cache_keep)",
            [],
        )?;
        tx.execute_batch("DELETE FROM cache_keep;")?;
        tx.commit()?;
        Ok(gone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_model::Span;

    #[test]
    fn many_handles_open_one_new_store_at_once() {
        for _ in 0..20 {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("store.db");
            let start = std::sync::Arc::new(std::sync::Barrier::new(6));
            let handles: Vec<_> = (0..6)
                .map(|_| {
                    let (path, start) = (path.clone(), start.clone());
                    std::thread::spawn(move || {
                        start.wait();
                        SqliteStore::open(&path).map(|_| ())
                    })
                })
                .collect();
            for h in handles {
                h.join().unwrap().expect("every handle opens the store");
            }
        }
    }

    fn article(text: &str) -> Analysed {
        Analysed {
            article: bare(text),
            annotations: Annotations::default(),
        }
    }

    fn bare(text: &str) -> Article {
        Article {
            title: Some("T".into()),
            language: Some("en".into()),
            ..Article::new(
                ArticleId::from_content(text.as_bytes()),
                "t.txt".into(),
                text.into(),
                vec![Span::new(0, text.chars().count())],
            )
        }
    }

    #[test]
    fn inserting_twice_is_a_no_op() {
        let mut s = SqliteStore::in_memory().unwrap();
        let a = article("One.");
        let b = article("Two.");
        assert_eq!(
            s.insert_articles(std::slice::from_ref(&a)).unwrap().new,
            vec![true]
        );
        let r = s
            .insert_articles(&[a.clone(), b.clone(), b.clone()])
            .unwrap();
        assert_eq!(r.new, vec![false, true, false]);
        assert_eq!(s.article_count().unwrap(), 2);
        assert_eq!(s.articles().unwrap(), vec![a.article.clone(), b.article]);
        assert_eq!(s.article(&a.article.id).unwrap(), Some(a.article));
        assert_eq!(s.annotations().unwrap().len(), 2);
    }

    #[test]
    fn reopening_keeps_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        {
            let mut s = SqliteStore::open(&path).unwrap();
            s.insert_articles(&[article("Kept.")]).unwrap();
        }
        let s = SqliteStore::open(&path).unwrap();
        assert_eq!(s.article_count().unwrap(), 1);
        assert_eq!(s.articles().unwrap().len(), 1);
        assert_eq!(s.annotations().unwrap().len(), 1);
    }

    #[test]
    fn a_failed_batch_leaves_nothing_behind() {
        let mut s = SqliteStore::in_memory().unwrap();
        s.conn
            .execute_batch(
                "CREATE TRIGGER no_bad BEFORE INSERT ON articles WHEN NEW.origin = 'bad'
                 BEGIN SELECT RAISE(ABORT, 'refused'); END;",
            )
            .unwrap();
        let good = article("Good.");
        let mut bad = article("Bad.");
        bad.article.origin = "bad".into();
        assert!(s.insert_articles(&[good, bad]).is_err());
        assert_eq!(s.article_count().unwrap(), 0);
    }
}

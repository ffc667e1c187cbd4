//! PostgreSQL backend: the store shared by many `storyline worker` processes, `run --db
//! postgres://…` and `serve`. Same semantics as [`crate::SqliteStore`]: an article is
//! inserted once (by its content id), each batch is one transaction, and articles come back
//! in the order they were first stored (a sequence assigned at insert).
//!
//! Besides the articles it keeps the work queue's records (see [`PgStore::complete_jobs`]):
//! `jobs`, one row per queue message handled (its outcome, and the reason when rejected; the
//! view `rejected` lists those), and `processed`, which worker stored which article. A
//! worker writes them in the same transaction as the articles, and acknowledges the messages
//! only after that commit: see DESIGN.md, "Scale-out".

use crate::{Inserted, RawRow, Store, StoreError};
use postgres::error::SqlState;
use postgres::{Client, NoTls, Transaction};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashSet;
use storyline_model::{Analysed, Annotations, Article, ArticleId};

const SCHEMA_VERSION: i64 = 1;
/// Key of the advisory lock that serialises schema creation (many workers may open a new
/// database at once; concurrent `CREATE TABLE IF NOT EXISTS` can otherwise fail).
const SCHEMA_LOCK: i64 = 0x7374_6f72_796c_696e;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS articles (
    seq       BIGSERIAL PRIMARY KEY,
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
CREATE TABLE IF NOT EXISTS jobs (
    run     TEXT NOT NULL,
    seq     BIGINT NOT NULL,
    origin  TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('new', 'duplicate', 'rejected')),
    article TEXT REFERENCES articles(id),
    reason  TEXT,
    worker  TEXT NOT NULL,
    at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (run, seq)
);
CREATE TABLE IF NOT EXISTS processed (
    article TEXT NOT NULL REFERENCES articles(id),
    worker  TEXT NOT NULL,
    at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    run     TEXT NOT NULL,
    seq     BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS processed_article ON processed(article);
CREATE TABLE IF NOT EXISTS story_cache (
    key   TEXT PRIMARY KEY,
    value BYTEA NOT NULL
);
CREATE TABLE IF NOT EXISTS corpus_state (
    slot  INTEGER PRIMARY KEY CHECK (slot = 0),
    value BYTEA NOT NULL
);
CREATE OR REPLACE VIEW rejected AS
    SELECT run, seq, origin, reason, worker, at FROM jobs WHERE outcome = 'rejected';
";

/// A PostgreSQL store, opened from a `postgres://` or `postgresql://` URL (or any
/// connection string the `postgres` crate accepts). One connection, no TLS.
pub struct PgStore {
    // The Store trait reads through `&self`; a connection needs `&mut` for every query.
    client: RefCell<Client>,
}

/// One message of the work queue: the run that published it and its position in that run.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct JobKey {
    pub run: String,
    pub seq: i64,
}

/// What a worker made of one queue message.
#[derive(Debug, Clone)]
pub enum JobResult {
    Analysed(Box<Analysed>),
    /// The document was refused; the reason as printed after `error: <origin>: `.
    Rejected(String),
}

#[derive(Debug, Clone)]
pub struct Job {
    pub key: JobKey,
    pub origin: String,
    pub result: JobResult,
}

/// What completing a job did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobOutcome {
    /// The article was stored now (and a `processed` row names this worker).
    New,
    /// The article was already stored (an earlier run, or another message with the same
    /// content).
    Duplicate,
    Rejected,
    /// The job had already been completed (a redelivered message): nothing was written.
    AlreadyDone,
}

/// The state of one run's jobs, for the digest of `run --queue`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunReport {
    /// Jobs completed.
    pub done: usize,
    /// Articles stored by this run's jobs, in the order they were published.
    pub new: Vec<ArticleId>,
    pub duplicate: usize,
    /// `(origin, reason)` of each rejected job, in the order published.
    pub rejected: Vec<(String, String)>,
}

impl PgStore {
    pub fn open(url: &str) -> Result<Self, StoreError> {
        let mut client = Client::connect(url, NoTls)?;
        {
            let mut tx = client.transaction()?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])?;
            tx.batch_execute(SCHEMA)?;
            let found: Option<String> = tx
                .query_opt("SELECT value FROM meta WHERE key = 'schema'", &[])?
                .map(|r| r.get(0));
            match found.and_then(|v| v.parse::<i64>().ok()) {
                Some(v) if v > SCHEMA_VERSION => {
                    return Err(StoreError::Schema {
                        found: v,
                        supported: SCHEMA_VERSION,
                    })
                }
                Some(_) => {}
                None => {
                    tx.execute(
                        "INSERT INTO meta(key, value) VALUES ('schema', $1)
                         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                        &[&SCHEMA_VERSION.to_string()],
                    )?;
                }
            }
            tx.commit()?;
        }
        Ok(PgStore {
            client: RefCell::new(client),
        })
    }

    /// Which of these jobs are already completed.
    pub fn jobs_done(&mut self, keys: &[JobKey]) -> Result<Vec<bool>, StoreError> {
        let runs: Vec<&str> = keys.iter().map(|k| k.run.as_str()).collect();
        let seqs: Vec<i64> = keys.iter().map(|k| k.seq).collect();
        let rows = self.client.get_mut().query(
            "SELECT j.run, j.seq FROM jobs j
             JOIN unnest($1::text[], $2::bigint[]) AS k(run, seq)
               ON j.run = k.run AND j.seq = k.seq",
            &[&runs, &seqs],
        )?;
        let done: HashSet<(String, i64)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
        Ok(keys
            .iter()
            .map(|k| done.contains(&(k.run.clone(), k.seq)))
            .collect())
    }

    /// Completes a batch of jobs in one transaction: stores the new articles with their
    /// annotations, a `processed` row (article, `worker`, time) for each article stored now,
    /// and a `jobs` row per job. A job already completed (by this or another worker) writes
    /// nothing. Committed all or nothing, so a crash before the commit leaves no trace and the
    /// redelivered messages are processed again; a crash after it leaves the jobs recorded
    /// and their redelivery is a no-op.
    pub fn complete_jobs(
        &mut self,
        worker: &str,
        jobs: &[Job],
    ) -> Result<Vec<JobOutcome>, StoreError> {
        // Rows are written in a fixed order (articles by id, jobs by key), so two workers
        // writing overlapping batches at once take their locks in one order: no deadlock.
        let mut order: Vec<usize> = (0..jobs.len()).collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&jobs[a], &jobs[b]);
            (article_of(a), &a.key.run, a.key.seq).cmp(&(article_of(b), &b.key.run, b.key.seq))
        });
        let client = self.client.get_mut();
        retrying(|| Self::complete_in(client, worker, jobs, &order))
    }

    fn complete_in(
        client: &mut Client,
        worker: &str,
        jobs: &[Job],
        order: &[usize],
    ) -> Result<Vec<JobOutcome>, StoreError> {
        let mut tx = client.transaction()?;
        let analysed: Vec<(usize, &Analysed)> = order
            .iter()
            .filter_map(|&i| match &jobs[i].result {
                JobResult::Analysed(a) => Some((i, &**a)),
                JobResult::Rejected(_) => None,
            })
            .collect();
        let new = insert_in(
            &mut tx,
            &analysed.iter().map(|(_, a)| *a).collect::<Vec<_>>(),
        )?;
        let mut outcomes = vec![JobOutcome::Rejected; jobs.len()];
        for ((i, _), is_new) in analysed.iter().zip(new) {
            outcomes[*i] = if is_new {
                JobOutcome::New
            } else {
                JobOutcome::Duplicate
            };
        }
        let mut by_key: Vec<usize> = (0..jobs.len()).collect();
        by_key.sort_by(|&a, &b| {
            (&jobs[a].key.run, jobs[a].key.seq).cmp(&(&jobs[b].key.run, jobs[b].key.seq))
        });
        let runs: Vec<&str> = by_key.iter().map(|&i| jobs[i].key.run.as_str()).collect();
        let seqs: Vec<i64> = by_key.iter().map(|&i| jobs[i].key.seq).collect();
        let origins: Vec<String> = by_key
            .iter()
            .map(|&i| no_nul(&jobs[i].origin).into_owned())
            .collect();
        let labels: Vec<&str> = by_key
            .iter()
            .map(|&i| match outcomes[i] {
                JobOutcome::New => "new",
                JobOutcome::Duplicate => "duplicate",
                _ => "rejected",
            })
            .collect();
        let articles: Vec<Option<&str>> = by_key.iter().map(|&i| article_of(&jobs[i])).collect();
        let reasons: Vec<Option<String>> = by_key
            .iter()
            .map(|&i| match &jobs[i].result {
                JobResult::Analysed(_) => None,
                JobResult::Rejected(r) => Some(no_nul(r).into_owned()),
            })
            .collect();
        let recorded: HashSet<(String, i64)> = tx
            .query(
                "INSERT INTO jobs(run, seq, origin, outcome, article, reason, worker)
                 SELECT run, seq, origin, outcome, article, reason, $7
                 FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[],
                             $6::text[]) AS t(run, seq, origin, outcome, article, reason)
                 ON CONFLICT (run, seq) DO NOTHING RETURNING run, seq",
                &[
                    &runs, &seqs, &origins, &labels, &articles, &reasons, &worker,
                ],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        let (mut p_articles, mut p_runs, mut p_seqs) = (Vec::new(), Vec::new(), Vec::new());
        for &i in &by_key {
            if let (JobOutcome::New, Some(id)) = (outcomes[i], article_of(&jobs[i])) {
                p_articles.push(id);
                p_runs.push(jobs[i].key.run.as_str());
                p_seqs.push(jobs[i].key.seq);
            }
        }
        if !p_articles.is_empty() {
            tx.execute(
                "INSERT INTO processed(article, worker, run, seq)
                 SELECT article, $4, run, seq
                 FROM unnest($1::text[], $2::text[], $3::bigint[]) AS t(article, run, seq)",
                &[&p_articles, &p_runs, &p_seqs, &worker],
            )?;
        }
        tx.commit()?;
        Ok(jobs
            .iter()
            .zip(outcomes)
            .map(|(j, o)| {
                if recorded.contains(&(j.key.run.clone(), j.key.seq)) {
                    o
                } else {
                    JobOutcome::AlreadyDone
                }
            })
            .collect())
    }

    /// How many of `run`'s jobs are completed.
    pub fn jobs_completed(&mut self, run: &str) -> Result<usize, StoreError> {
        let n: i64 = self
            .client
            .get_mut()
            .query_one("SELECT COUNT(*) FROM jobs WHERE run = $1", &[&run])?
            .get(0);
        Ok(n as usize)
    }

    /// Which of `run`'s jobs (sequence numbers `0..count`) are not completed yet.
    pub fn jobs_missing(&mut self, run: &str, count: i64) -> Result<Vec<i64>, StoreError> {
        let rows = self.client.get_mut().query(
            "SELECT s FROM generate_series(0::bigint, $2::bigint - 1) AS s
             WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE run = $1 AND seq = s)
             ORDER BY s",
            &[&run, &count],
        )?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    /// The outcome of `run`'s completed jobs.
    pub fn run_report(&mut self, run: &str) -> Result<RunReport, StoreError> {
        let rows = self.client.get_mut().query(
            "SELECT outcome, article, origin, reason FROM jobs WHERE run = $1 ORDER BY seq",
            &[&run],
        )?;
        let mut report = RunReport::default();
        for r in rows {
            report.done += 1;
            let outcome: &str = r.get(0);
            match outcome {
                "new" => {
                    let id: Option<String> = r.get(1);
                    let id = id.unwrap_or_default();
                    report
                        .new
                        .push(ArticleId::parse(&id).ok_or(StoreError::Corrupt {
                            id,
                            reason: "not an article id".into(),
                        })?);
                }
                "duplicate" => report.duplicate += 1,
                _ => {
                    let reason: Option<String> = r.get(3);
                    report
                        .rejected
                        .push((r.get(2), reason.unwrap_or_else(|| "rejected".into())));
                }
            }
        }
        Ok(report)
    }
}

/// Runs a transaction again when PostgreSQL aborted it for a deadlock or a serialization
/// failure with a concurrent writer (a few times; other errors are returned at once).
fn retrying<T>(mut transaction: impl FnMut() -> Result<T, StoreError>) -> Result<T, StoreError> {
    let mut attempt = 0;
    loop {
        match transaction() {
            Err(StoreError::Postgres(e))
                if attempt < 4
                    && matches!(
                        e.code(),
                        Some(&SqlState::T_R_DEADLOCK_DETECTED)
                            | Some(&SqlState::T_R_SERIALIZATION_FAILURE)
                    ) =>
            {
                attempt += 1;
                std::thread::sleep(std::time::Duration::from_millis(20 * attempt));
            }
            result => return result,
        }
    }
}

/// The id of the article a job produced.
fn article_of(job: &Job) -> Option<&str> {
    match &job.result {
        JobResult::Analysed(a) => Some(a.article.id.as_str()),
        JobResult::Rejected(_) => None,
    }
}

/// PostgreSQL text cannot hold NUL; the lookup columns drop it (the JSON documents, the
/// source of truth, escape it).
fn no_nul(s: &str) -> Cow<'_, str> {
    if s.contains('\0') {
        Cow::Owned(s.replace('\0', ""))
    } else {
        Cow::Borrowed(s)
    }
}

/// Inserts the articles not yet stored, in the order given, in one statement; for each,
/// whether it was new (of two with one id in the batch, the first).
fn insert_in(tx: &mut Transaction<'_>, articles: &[&Analysed]) -> Result<Vec<bool>, StoreError> {
    if articles.is_empty() {
        return Ok(Vec::new());
    }
    let opt = |s: &Option<String>| s.as_deref().map(|s| no_nul(s).into_owned());
    let ids: Vec<&str> = articles.iter().map(|a| a.article.id.as_str()).collect();
    let origins: Vec<String> = articles
        .iter()
        .map(|a| no_nul(&a.article.origin).into_owned())
        .collect();
    let urls: Vec<Option<String>> = articles.iter().map(|a| opt(&a.article.url)).collect();
    let outlets: Vec<Option<String>> = articles.iter().map(|a| opt(&a.article.outlet)).collect();
    let titles: Vec<Option<String>> = articles.iter().map(|a| opt(&a.article.title)).collect();
    let published: Vec<Option<String>> = articles
        .iter()
        .map(|a| {
            a.article
                .published
                .as_ref()
                .map(|p| no_nul(&p.value).into_owned())
        })
        .collect();
    let docs: Vec<String> = articles
        .iter()
        .map(|a| serde_json::to_string(&a.article).expect("articles serialise"))
        .collect();
    let rows = tx.query(
        "INSERT INTO articles(id, origin, url, outlet, title, published, doc)
         SELECT id, origin, url, outlet, title, published, doc
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                     $7::text[])
              WITH ORDINALITY AS t(id, origin, url, outlet, title, published, doc, ord)
         ORDER BY ord
         ON CONFLICT (id) DO NOTHING RETURNING id",
        &[&ids, &origins, &urls, &outlets, &titles, &published, &docs],
    )?;
    let mut inserted: HashSet<String> = rows.iter().map(|r| r.get(0)).collect();
    let new: Vec<bool> = ids.iter().map(|id| inserted.remove(*id)).collect();
    let (new_ids, new_docs): (Vec<&str>, Vec<String>) = articles
        .iter()
        .zip(&new)
        .filter(|(_, n)| **n)
        .map(|(a, _)| {
            let doc = serde_json::to_string(&a.annotations).expect("annotations serialise");
            (a.article.id.as_str(), doc)
        })
        .unzip();
    if !new_ids.is_empty() {
        tx.execute(
            "INSERT INTO annotations(article, doc) SELECT * FROM unnest($1::text[], $2::text[])",
            &[&new_ids, &new_docs],
        )?;
    }
    Ok(new)
}

impl Store for PgStore {
    fn insert_articles(&mut self, articles: &[Analysed]) -> Result<Inserted, StoreError> {
        let articles: Vec<&Analysed> = articles.iter().collect();
        let client = self.client.get_mut();
        let new = retrying(|| {
            let mut tx = client.transaction()?;
            let new = insert_in(&mut tx, &articles)?;
            tx.commit()?;
            Ok(new)
        })?;
        Ok(Inserted { new })
    }

    fn contains(&self, id: &ArticleId) -> Result<bool, StoreError> {
        Ok(self
            .client
            .borrow_mut()
            .query_opt("SELECT 1 FROM articles WHERE id = $1", &[&id.as_str()])?
            .is_some())
    }

    fn article(&self, id: &ArticleId) -> Result<Option<Article>, StoreError> {
        let row = self
            .client
            .borrow_mut()
            .query_opt("SELECT doc FROM articles WHERE id = $1", &[&id.as_str()])?;
        row.map(|r| crate::decode_article(id.as_str(), r.get(0)))
            .transpose()
    }

    fn articles(&self) -> Result<Vec<Article>, StoreError> {
        let rows = self
            .client
            .borrow_mut()
            .query("SELECT id, doc FROM articles ORDER BY seq", &[])?;
        rows.iter()
            .map(|r| crate::decode_article(r.get(0), r.get(1)))
            .collect()
    }

    fn article_count(&self) -> Result<usize, StoreError> {
        let n: i64 = self
            .client
            .borrow_mut()
            .query_one("SELECT COUNT(*) FROM articles", &[])?
            .get(0);
        Ok(n as usize)
    }

    fn annotations(&self) -> Result<Vec<(ArticleId, Annotations)>, StoreError> {
        let rows = self.client.borrow_mut().query(
            "SELECT a.id, n.doc FROM articles a JOIN annotations n ON n.article = a.id
             ORDER BY a.seq",
            &[],
        )?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let id: String = r.get(0);
            let doc: &str = r.get(1);
            let ann = serde_json::from_str(doc).map_err(|e| StoreError::Corrupt {
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
        use postgres::fallible_iterator::FallibleIterator;
        let mut client = self.client.borrow_mut();
        // Rows stream from the server as they are read.
        let mut rows = client.query_raw(
            "SELECT a.id, a.doc, n.doc FROM articles a LEFT JOIN annotations n ON n.article = a.id
             ORDER BY a.seq",
            Vec::<String>::new(),
        )?;
        let mut decoder = crate::Decoder::new(visit);
        while let Some(r) = rows.next()? {
            decoder.push((r.get(0), r.get(1), r.get(2)))?;
        }
        decoder.flush()
    }

    fn articles_by_id(
        &self,
        ids: &[ArticleId],
    ) -> Result<Vec<(Article, Option<Annotations>)>, StoreError> {
        let keys: Vec<&str> = ids.iter().map(|i| i.as_str()).collect();
        let rows = self.client.borrow_mut().query(
            "SELECT a.id, a.doc, n.doc FROM articles a LEFT JOIN annotations n ON n.article = a.id
             WHERE a.id = ANY($1)",
            &[&keys],
        )?;
        let mut found: std::collections::HashMap<String, RawRow> =
            std::collections::HashMap::with_capacity(rows.len());
        for r in &rows {
            let id: String = r.get(0);
            found.insert(id.clone(), (id, r.get(1), r.get(2)));
        }
        crate::decode_rows(
            ids.iter()
                .filter_map(|i| found.remove(i.as_str()))
                .collect(),
        )
    }

    fn cached(&self, keys: &[String]) -> Result<Vec<Option<Vec<u8>>>, StoreError> {
        let rows = self.client.borrow_mut().query(
            "SELECT key, value FROM story_cache WHERE key = ANY($1)",
            &[&keys],
        )?;
        let found: std::collections::HashMap<String, Vec<u8>> =
            rows.into_iter().map(|r| (r.get(0), r.get(1))).collect();
        Ok(keys.iter().map(|k| found.get(k).cloned()).collect())
    }

    fn cache(&self, entries: &[(String, Vec<u8>)]) -> Result<(), StoreError> {
        let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
        let values: Vec<&[u8]> = entries.iter().map(|(_, v)| v.as_slice()).collect();
        self.client.borrow_mut().execute(
            "INSERT INTO story_cache (key, value) SELECT * FROM unnest($1::text[], $2::bytea[])
             ON CONFLICT (key) DO NOTHING",
            &[&keys, &values],
        )?;
        Ok(())
    }

    fn corpus_state(&self) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .client
            .borrow_mut()
            .query_opt("SELECT value FROM corpus_state WHERE slot = 0", &[])?
            .map(|r| r.get(0)))
    }

    fn set_corpus_state(&self, value: &[u8]) -> Result<(), StoreError> {
        self.client.borrow_mut().execute(
            "INSERT INTO corpus_state (slot, value) VALUES (0, $1)
             ON CONFLICT (slot) DO UPDATE SET value = EXCLUDED.value",
            &[&value],
        )?;
        Ok(())
    }

    fn cache_len(&self) -> Result<usize, StoreError> {
        let n: i64 = self
            .client
            .borrow_mut()
            .query_one("SELECT COUNT(*) FROM story_cache", &[])?
            .get(0);
        Ok(n as usize)
    }

    fn prune_cache(&self, keep: &[String]) -> Result<usize, StoreError> {
        let gone = self.client.borrow_mut().execute(
            "DELETE FROM story_cache c WHERE NOT EXISTS
             (SELECT 1 FROM unnest($1::text[]) k(key) WHERE k.key = c.key)",
            &[&keep],
        )?;
        Ok(gone as usize)
    }
}

/// Creating and dropping databases on a server (tests give each case a database of its own).
pub mod admin {
    use super::*;

    /// `url` with its database name replaced by `database`.
    pub fn with_database(url: &str, database: &str) -> String {
        let (base, query) = match url.split_once('?') {
            Some((b, q)) => (b, Some(q)),
            None => (url, None),
        };
        // After the scheme: `[user[:password]@]host[:port][/database]`.
        let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
        let authority_end = base[scheme_end..]
            .find('/')
            .map(|i| scheme_end + i)
            .unwrap_or(base.len());
        let mut out = format!("{}/{}", &base[..authority_end], database);
        if let Some(q) = query {
            out.push('?');
            out.push_str(q);
        }
        out
    }

    /// Creates the database `name` (a plain identifier: letters, digits, `_`) on the server
    /// of `url`, dropping any earlier one of that name, and returns the URL that opens it.
    pub fn create_database(url: &str, name: &str) -> Result<String, StoreError> {
        check_name(name)?;
        let mut c = Client::connect(url, NoTls)?;
        // Two statements: neither may run inside a transaction block.
        c.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))?;
        c.batch_execute(&format!("CREATE DATABASE \"{name}\""))?;
        Ok(with_database(url, name))
    }

    /// Drops the database `name` on the server of `url` (closing its connections).
    pub fn drop_database(url: &str, name: &str) -> Result<(), StoreError> {
        check_name(name)?;
        let mut c = Client::connect(url, NoTls)?;
        c.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))?;
        Ok(())
    }

    fn check_name(name: &str) -> Result<(), StoreError> {
        if name.is_empty()
            || name.len() > 63
            || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return Err(StoreError::DatabaseName(name.to_string()));
        }
        Ok(())
    }

    #[cfg(test)]
    mod tests {
        use super::with_database;

        #[test]
        fn replaces_the_database_of_a_url() {
            assert_eq!(
                with_database("postgres://u@127.0.0.1:5432/postgres", "t1"),
                "postgres://u@127.0.0.1:5432/t1"
            );
            assert_eq!(
                with_database("postgresql://u:p@h/db?sslmode=disable", "x"),
                "postgresql://u:p@h/x?sslmode=disable"
            );
            assert_eq!(with_database("postgres://h:1", "x"), "postgres://h:1/x");
        }
    }
}

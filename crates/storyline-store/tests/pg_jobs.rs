//! The work queue's records in PostgreSQL (`PgStore::complete_jobs` and the run report):
//! what makes a worker's batch exactly-once. Needs `STORYLINE_PG_URL` (scripts/test starts a
//! server); without it each test prints a notice and returns.

use storyline_model::{Analysed, Annotations, Article, ArticleId, Span};
use storyline_store::postgres::{admin, Job, JobKey, JobOutcome, JobResult};
use storyline_store::{PgStore, Store};

struct Db {
    server: String,
    name: String,
    url: String,
}

impl Db {
    fn new(test: &str) -> Option<Db> {
        let Ok(server) = std::env::var("STORYLINE_PG_URL") else {
            eprintln!("notice: STORYLINE_PG_URL is not set: {test} skipped");
            return None;
        };
        let name = format!("sl_jobs_{test}_{}", std::process::id());
        let url = admin::create_database(&server, &name).unwrap();
        Some(Db { server, name, url })
    }

    fn count(&self, q: &str) -> i64 {
        let mut c = postgres::Client::connect(&self.url, postgres::NoTls).unwrap();
        c.query_one(q, &[]).unwrap().get(0)
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        let _ = admin::drop_database(&self.server, &self.name);
    }
}

fn analysed(text: &str) -> JobResult {
    JobResult::Analysed(Box::new(Analysed {
        article: Article {
            language: Some("en".into()),
            ..Article::new(
                ArticleId::from_content(text.as_bytes()),
                format!("{text}.txt"),
                text.into(),
                vec![Span::new(0, text.chars().count())],
            )
        },
        annotations: Annotations::default(),
    }))
}

fn job(run: &str, seq: i64, result: JobResult) -> Job {
    Job {
        key: JobKey {
            run: run.into(),
            seq,
        },
        origin: format!("in/{seq}.txt"),
        result,
    }
}

#[test]
fn jobs_complete_once() {
    let Some(db) = Db::new("once") else { return };
    let mut s = PgStore::open(&db.url).unwrap();
    let jobs = vec![
        job("r", 0, analysed("Alpha.")),
        job("r", 1, analysed("Bravo.")),
        job("r", 2, JobResult::Rejected("empty: no text".into())),
        job("r", 3, analysed("Alpha.")),
    ];
    use JobOutcome::*;
    assert_eq!(
        s.complete_jobs("w1", &jobs).unwrap(),
        vec![New, New, Rejected, Duplicate]
    );
    // Redelivered: nothing is written again.
    assert_eq!(s.complete_jobs("w2", &jobs).unwrap(), vec![AlreadyDone; 4]);
    assert_eq!(db.count("SELECT COUNT(*) FROM articles"), 2);
    assert_eq!(db.count("SELECT COUNT(*) FROM processed"), 2);
    assert_eq!(
        db.count("SELECT COUNT(*) FROM processed WHERE worker = 'w1'"),
        2
    );
    assert_eq!(db.count("SELECT COUNT(*) FROM jobs"), 4);
    assert_eq!(db.count("SELECT COUNT(*) FROM rejected"), 1);
    assert_eq!(s.article_count().unwrap(), 2);

    let keys: Vec<JobKey> = (0..6)
        .map(|seq| JobKey {
            run: "r".into(),
            seq,
        })
        .collect();
    assert_eq!(
        s.jobs_done(&keys).unwrap(),
        vec![true, true, true, true, false, false]
    );
    assert_eq!(s.jobs_completed("r").unwrap(), 4);
    assert_eq!(s.jobs_completed("other").unwrap(), 0);
    assert_eq!(s.jobs_missing("r", 6).unwrap(), vec![4, 5]);
    let report = s.run_report("r").unwrap();
    assert_eq!(report.done, 4);
    assert_eq!(report.duplicate, 1);
    assert_eq!(
        report.new,
        vec![
            ArticleId::from_content(b"Alpha."),
            ArticleId::from_content(b"Bravo.")
        ]
    );
    assert_eq!(
        report.rejected,
        vec![("in/2.txt".to_string(), "empty: no text".to_string())]
    );
}

#[test]
fn two_workers_racing_on_one_batch_store_it_once() {
    let Some(db) = Db::new("race") else { return };
    drop(PgStore::open(&db.url).unwrap());
    // The same 60 jobs, in opposite orders, completed by two workers at once.
    let jobs: Vec<Job> = (0..60)
        .map(|i| job("race", i, analysed(&format!("Report {i}."))))
        .collect();
    let threads: Vec<_> = ["a", "b"]
        .into_iter()
        .map(|name| {
            let url = db.url.clone();
            let mut mine = jobs.clone();
            if name == "b" {
                mine.reverse();
            }
            std::thread::spawn(move || {
                let mut s = PgStore::open(&url).unwrap();
                let mut outcomes = Vec::new();
                for chunk in mine.chunks(7) {
                    outcomes.extend(s.complete_jobs(name, chunk).unwrap());
                }
                outcomes
            })
        })
        .collect();
    let outcomes: Vec<JobOutcome> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    let new = outcomes.iter().filter(|o| **o == JobOutcome::New).count();
    let done = outcomes
        .iter()
        .filter(|o| **o == JobOutcome::AlreadyDone)
        .count();
    assert_eq!((new, done), (60, 60), "{outcomes:?}");
    assert_eq!(db.count("SELECT COUNT(*) FROM articles"), 60);
    assert_eq!(db.count("SELECT COUNT(*) FROM processed"), 60);
    assert_eq!(
        db.count("SELECT COUNT(DISTINCT article) FROM processed"),
        60
    );
    assert_eq!(db.count("SELECT COUNT(*) FROM jobs"), 60);
}

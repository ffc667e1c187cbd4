//! The conformance suite of the `Store` trait: every case runs against every backend —
//! SQLite always, PostgreSQL when `STORYLINE_PG_URL` names a server (scripts/test starts
//! one; without it the PostgreSQL cases print a notice and return). Each case gets a store
//! of its own (a fresh SQLite file, a fresh PostgreSQL database), so cases run in parallel.

use std::sync::Arc;
use storyline_model::{
    Analysed, Annotations, Article, ArticleId, DateSource, EntityKind, LocalEntity, NameMention,
    Published, Span,
};
use storyline_store::{postgres::admin, PgStore, SqliteStore, Store, StoreError};

type Opener = Arc<dyn Fn() -> Result<Box<dyn Store + Send>, StoreError> + Send + Sync>;

/// One backend under test, with the few hooks the cases need that the trait does not offer.
struct Backend {
    open: Opener,
    /// Makes inserting an article with this origin fail (a trigger), to test atomicity.
    refuse_origin: Box<dyn Fn(&str)>,
    /// Writes a schema version into the store's metadata.
    set_schema: Box<dyn Fn(i64)>,
    _cleanup: Cleanup,
}

struct Cleanup(Option<Box<dyn FnOnce()>>);

impl Drop for Cleanup {
    fn drop(&mut self) {
        if let Some(f) = self.0.take() {
            f();
        }
    }
}

fn sqlite(_case: &str) -> Option<Backend> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let (p1, p2, p3) = (path.clone(), path.clone(), path);
    Some(Backend {
        open: Arc::new(move || Ok(Box::new(SqliteStore::open(&p1)?) as Box<dyn Store + Send>)),
        refuse_origin: Box::new(move |origin| {
            let c = rusqlite::Connection::open(&p2).unwrap();
            c.execute_batch(&format!(
                "CREATE TRIGGER refuse BEFORE INSERT ON articles WHEN NEW.origin = '{origin}'
                 BEGIN SELECT RAISE(ABORT, 'refused'); END;"
            ))
            .unwrap();
        }),
        set_schema: Box::new(move |v| {
            let c = rusqlite::Connection::open(&p3).unwrap();
            c.execute(
                "UPDATE meta SET value = ?1 WHERE key = 'schema'",
                [v.to_string()],
            )
            .unwrap();
        }),
        _cleanup: Cleanup(Some(Box::new(move || drop(dir)))),
    })
}

fn pg(case: &str) -> Option<Backend> {
    let Ok(server) = std::env::var("STORYLINE_PG_URL") else {
        eprintln!("notice: STORYLINE_PG_URL is not set: PostgreSQL case {case} skipped");
        return None;
    };
    let name = format!("sl_conformance_{case}_{}", std::process::id());
    let url = admin::create_database(&server, &name).expect("create a test database");
    let sql = {
        let url = url.clone();
        move |q: &str| {
            let mut c = ::postgres::Client::connect(&url, ::postgres::NoTls).unwrap();
            c.batch_execute(q).unwrap();
        }
    };
    let sql2 = sql.clone();
    let open_url = url.clone();
    Some(Backend {
        open: Arc::new(move || Ok(Box::new(PgStore::open(&open_url)?) as Box<dyn Store + Send>)),
        refuse_origin: Box::new(move |origin| {
            sql(&format!(
                "CREATE FUNCTION refuse() RETURNS trigger AS $$
                 BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql;
                 CREATE TRIGGER refuse BEFORE INSERT ON articles
                 FOR EACH ROW WHEN (NEW.origin = '{origin}') EXECUTE FUNCTION refuse();"
            ))
        }),
        set_schema: Box::new(move |v| {
            sql2(&format!(
                "UPDATE meta SET value = '{v}' WHERE key = 'schema'"
            ))
        }),
        _cleanup: Cleanup(Some(Box::new(move || {
            let _ = admin::drop_database(&server, &name);
        }))),
    })
}

/// Defines each case once per backend: `sqlite::case` and `postgres::case`.
macro_rules! conformance {
    ($($case:ident),* $(,)?) => {
        mod sqlite {
            $( #[test] fn $case() { if let Some(b) = super::sqlite(stringify!($case)) { super::$case(b) } } )*
        }
        mod postgres {
            $( #[test] fn $case() { if let Some(b) = super::pg(stringify!($case)) { super::$case(b) } } )*
        }
    };
}

conformance!(
    inserting_twice_is_a_no_op,
    order_of_first_storage_is_kept,
    lookups_find_what_is_stored,
    documents_round_trip_exactly,
    reopening_keeps_data,
    a_failed_batch_leaves_nothing_behind,
    concurrent_writers_store_each_article_once,
    a_newer_schema_is_refused,
    an_empty_batch_is_fine,
    story_cache_keeps_and_prunes,
    corpus_state_is_replaced_whole,
    articles_stream_in_order_and_load_by_id,
);

fn analysed(text: &str) -> Analysed {
    let article = Article {
        title: Some("T".into()),
        language: Some("en".into()),
        ..Article::new(
            ArticleId::from_content(text.as_bytes()),
            format!("{}.txt", text.len()),
            text.into(),
            vec![Span::new(0, text.chars().count())],
        )
    };
    Analysed {
        article,
        annotations: Annotations::default(),
    }
}

fn ids(articles: &[Article]) -> Vec<String> {
    articles.iter().map(|a| a.id.to_string()).collect()
}

fn inserting_twice_is_a_no_op(b: Backend) {
    let mut s = (b.open)().unwrap();
    let (x, y) = (analysed("One."), analysed("Two."));
    assert_eq!(
        s.insert_articles(std::slice::from_ref(&x)).unwrap().new,
        vec![true]
    );
    let r = s
        .insert_articles(&[x.clone(), y.clone(), y.clone()])
        .unwrap();
    assert_eq!(r.new, vec![false, true, false]);
    assert_eq!((r.new_count(), r.duplicate_count()), (1, 2));
    assert_eq!(s.article_count().unwrap(), 2);
    assert_eq!(s.articles().unwrap(), vec![x.article, y.article]);
    assert_eq!(s.annotations().unwrap().len(), 2);
}

fn order_of_first_storage_is_kept(b: Backend) {
    let mut s = (b.open)().unwrap();
    let [a, bb, c, d] = ["Alpha.", "Bravo.", "Charlie.", "Delta."].map(analysed);
    s.insert_articles(&[c.clone(), a.clone()]).unwrap();
    s.insert_articles(&[bb.clone(), a.clone(), c.clone()])
        .unwrap();
    s.insert_articles(std::slice::from_ref(&d)).unwrap();
    let want = ids(&[c.article, a.article, bb.article, d.article]);
    assert_eq!(ids(&s.articles().unwrap()), want);
    let ann: Vec<String> = s
        .annotations()
        .unwrap()
        .into_iter()
        .map(|(id, _)| id.to_string())
        .collect();
    assert_eq!(ann, want);
}

fn lookups_find_what_is_stored(b: Backend) {
    let mut s = (b.open)().unwrap();
    let x = analysed("Stored.");
    let missing = analysed("Not stored.");
    assert!(!s.contains(&x.article.id).unwrap());
    assert_eq!(s.article(&x.article.id).unwrap(), None);
    s.insert_articles(std::slice::from_ref(&x)).unwrap();
    assert!(s.contains(&x.article.id).unwrap());
    assert!(!s.contains(&missing.article.id).unwrap());
    assert_eq!(s.article(&x.article.id).unwrap(), Some(x.article));
    assert_eq!(s.article(&missing.article.id).unwrap(), None);
}

fn documents_round_trip_exactly(b: Backend) {
    let mut s = (b.open)().unwrap();
    let text = "Ünïcödé “quotes”, a back\\slash, a NUL \0 and 🚢 emoji.\nSecond line.";
    let mut x = analysed(text);
    x.article.title = Some("Title with NUL \0 and 'quote'".into());
    x.article.url = Some("https://example.com/a?b=c&d=é".into());
    x.article.outlet = Some("example.com".into());
    x.article.authors = vec!["Jane Doe".into(), "J. Ó Briain".into()];
    x.article.published = Some(Published {
        value: "2026-01-22T23:30".into(),
        source: DateSource::Dateline,
    });
    x.annotations = Annotations {
        locals: vec![LocalEntity {
            name: "Jane Doe".into(),
            kind: EntityKind::Person,
            descriptive: false,
        }],
        mentions: vec![NameMention {
            start: 0,
            end: 7,
            text: "Ünïcödé".into(),
            kind: EntityKind::Person,
            sentence: 0,
            local: 0,
            description: Some("chief executive".into()),
        }],
        quotes: vec![],
        times: vec![],
    };
    s.insert_articles(std::slice::from_ref(&x)).unwrap();
    assert_eq!(s.article(&x.article.id).unwrap().as_ref(), Some(&x.article));
    assert_eq!(s.articles().unwrap(), vec![x.article.clone()]);
    assert_eq!(
        s.annotations().unwrap(),
        vec![(x.article.id.clone(), x.annotations.clone())]
    );
}

fn articles_stream_in_order_and_load_by_id(b: Backend) {
    let mut s = (b.open)().unwrap();
    let [a, bb, c] = ["Alpha one.", "Bravo two.", "Charlie three."].map(analysed);
    let mut c = c;
    c.annotations.locals.push(LocalEntity {
        name: "Orla Brandt".into(),
        kind: EntityKind::Person,
        descriptive: false,
    });
    s.insert_articles(&[c.clone(), a.clone()]).unwrap();
    s.insert_articles(std::slice::from_ref(&bb)).unwrap();
    let mut seen = Vec::new();
    s.each_article(&mut |article, ann| seen.push((article, ann)))
        .unwrap();
    let stored = |x: &Analysed| (x.article.clone(), Some(x.annotations.clone()));
    assert_eq!(seen, vec![stored(&c), stored(&a), stored(&bb)]);

    let missing = analysed("Not stored.");
    let by_id = s
        .articles_by_id(&[
            bb.article.id.clone(),
            missing.article.id.clone(),
            c.article.id.clone(),
            a.article.id.clone(),
        ])
        .unwrap();
    assert_eq!(by_id, vec![stored(&bb), stored(&c), stored(&a)]);
    assert!(s.articles_by_id(&[]).unwrap().is_empty());
}

fn reopening_keeps_data(b: Backend) {
    {
        let mut s = (b.open)().unwrap();
        s.insert_articles(&[analysed("Kept."), analysed("Also kept.")])
            .unwrap();
    }
    let mut s = (b.open)().unwrap();
    assert_eq!(s.article_count().unwrap(), 2);
    assert_eq!(s.annotations().unwrap().len(), 2);
    assert_eq!(
        s.insert_articles(&[analysed("Kept.")]).unwrap().new,
        vec![false]
    );
}

fn a_failed_batch_leaves_nothing_behind(b: Backend) {
    let mut s = (b.open)().unwrap();
    s.insert_articles(&[analysed("Before.")]).unwrap();
    (b.refuse_origin)("bad");
    let good = analysed("Good.");
    let mut bad = analysed("Bad.");
    bad.article.origin = "bad".into();
    assert!(s.insert_articles(&[good.clone(), bad]).is_err());
    assert_eq!(s.article_count().unwrap(), 1);
    assert!(!s.contains(&good.article.id).unwrap());
    assert_eq!(s.annotations().unwrap().len(), 1);
    // The store is still usable after the failed transaction.
    assert_eq!(s.insert_articles(&[good]).unwrap().new, vec![true]);
    assert_eq!(s.article_count().unwrap(), 2);
}

fn concurrent_writers_store_each_article_once(b: Backend) {
    // Two handles write overlapping batches at once: every article is stored once, and
    // exactly one writer reports each one as new.
    let all: Vec<Analysed> = (0..120)
        .map(|i| analysed(&format!("Report number {i}.")))
        .collect();
    let threads: Vec<_> = (0..2)
        .map(|t| {
            let open = b.open.clone();
            let mine: Vec<Analysed> = all
                .iter()
                .enumerate()
                .filter(|(i, _)| t == 0 || i % 3 != 0)
                .map(|(_, a)| a.clone())
                .collect();
            std::thread::spawn(move || {
                let mut s = open().unwrap();
                let mut new = 0;
                for chunk in mine.chunks(10) {
                    new += s.insert_articles(chunk).unwrap().new_count();
                }
                new
            })
        })
        .collect();
    let new: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
    let s = (b.open)().unwrap();
    assert_eq!(new, all.len());
    assert_eq!(s.article_count().unwrap(), all.len());
    let mut got = ids(&s.articles().unwrap());
    got.sort();
    got.dedup();
    assert_eq!(got.len(), all.len());
    assert_eq!(s.annotations().unwrap().len(), all.len());
}

fn a_newer_schema_is_refused(b: Backend) {
    drop((b.open)().unwrap());
    (b.set_schema)(99);
    match (b.open)() {
        Err(StoreError::Schema { found, supported }) => {
            assert_eq!(found, 99);
            assert!(supported < 99);
        }
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("a store of a newer schema was opened"),
    }
}

fn an_empty_batch_is_fine(b: Backend) {
    let mut s = (b.open)().unwrap();
    assert_eq!(s.insert_articles(&[]).unwrap().new, Vec::<bool>::new());
    assert_eq!(s.article_count().unwrap(), 0);
    assert!(s.articles().unwrap().is_empty());
    assert!(s.annotations().unwrap().is_empty());
}

fn story_cache_keeps_and_prunes(b: Backend) {
    let key = |k: &str| k.to_string();
    {
        let s = (b.open)().unwrap();
        assert_eq!(s.cache_len().unwrap(), 0);
        assert_eq!(s.cached(&[key("a")]).unwrap(), vec![None]);
        s.cache(&[(key("a"), b"one".to_vec()), (key("b"), vec![0, 255, 7])])
            .unwrap();
        // A key already stored keeps its value.
        s.cache(&[(key("a"), b"other".to_vec()), (key("c"), Vec::new())])
            .unwrap();
        s.cache(&[]).unwrap();
    }
    let s = (b.open)().unwrap();
    assert_eq!(s.cache_len().unwrap(), 3);
    assert_eq!(
        s.cached(&[key("c"), key("x"), key("a"), key("b"), key("a")])
            .unwrap(),
        vec![
            Some(Vec::new()),
            None,
            Some(b"one".to_vec()),
            Some(vec![0, 255, 7]),
            Some(b"one".to_vec())
        ]
    );
    assert_eq!(s.prune_cache(&[key("b"), key("zz")]).unwrap(), 2);
    assert_eq!(s.cache_len().unwrap(), 1);
    assert_eq!(
        s.cached(&[key("a"), key("b")]).unwrap(),
        vec![None, Some(vec![0, 255, 7])]
    );
    assert_eq!(s.prune_cache(&[]).unwrap(), 1);
    assert_eq!(s.cache_len().unwrap(), 0);
}

fn corpus_state_is_replaced_whole(b: Backend) {
    {
        let s = (b.open)().unwrap();
        assert_eq!(s.corpus_state().unwrap(), None);
        s.set_corpus_state(b"first state").unwrap();
        assert_eq!(s.corpus_state().unwrap(), Some(b"first state".to_vec()));
        // Replaced, not added to; any bytes, however long.
        let long: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        s.set_corpus_state(&long).unwrap();
        assert_eq!(s.corpus_state().unwrap(), Some(long));
        s.set_corpus_state(&[0, 255, 7]).unwrap();
    }
    // Kept across openings; the story cache is another table.
    let s = (b.open)().unwrap();
    assert_eq!(s.corpus_state().unwrap(), Some(vec![0, 255, 7]));
    assert_eq!(s.cache_len().unwrap(), 0);
}

//! Shared by the API and browser tests: the seed reports in a temporary store, and a real
//! server on a loopback port.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;
use storyline_core::ingest::Input;
use storyline_core::{pipeline, Context, Problem};
use storyline_store::SqliteStore;
use storyline_web::{App, Limits};

pub fn seeds_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/seeds")
}

struct Quiet(Vec<String>);
impl pipeline::Observer for Quiet {
    fn problem(&mut self, p: &Problem) {
        self.0.push(p.to_string());
    }
}

/// A store in `dir` holding the five seed reports.
pub fn seed_store(dir: &tempfile::TempDir) -> SqliteStore {
    let mut store = SqliteStore::open(dir.path().join("seeds.db")).expect("open store");
    let mut obs = Quiet(Vec::new());
    let stats = pipeline::run(
        &[Input::Path(seeds_dir())],
        &Context::default(),
        &mut store,
        &mut obs,
    )
    .expect("ingest seeds");
    assert_eq!(stats.new, 5, "the five seed reports: {:?}", obs.0);
    store
}

/// The app over the seed reports (store in `dir`).
pub fn seed_app(dir: &tempfile::TempDir, limits: Limits) -> App {
    App::new(Box::new(seed_store(dir)), Context::default(), limits).expect("export")
}

/// A server on 127.0.0.1 (any free port), stopped when dropped.
pub struct Server {
    pub base: String,
    pub app: Arc<App>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    pub fn start(app: App) -> Server {
        let app = Arc::new(app);
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.set_nonblocking(true).expect("nonblocking");
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let router = storyline_web::router(app.clone());
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                axum::serve(listener, router)
                    .with_graceful_shutdown(async {
                        let _ = rx.await;
                    })
                    .await
                    .expect("serve");
            });
        });
        Server {
            base,
            app,
            stop: Some(tx),
            thread: Some(thread),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

pub fn client() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .no_proxy()
        .timeout(std::time::Duration::from_secs(120))
        .build()
        .expect("client")
}

/// GET `path`: status, body text and the `Server-Timing` duration (ms).
pub fn get(c: &reqwest::blocking::Client, s: &Server, path: &str) -> (u16, String, f64) {
    let resp = c.get(s.url(path)).send().expect("GET");
    let status = resp.status().as_u16();
    let ms = server_ms(resp.headers());
    (status, resp.text().expect("body"), ms)
}

pub fn server_ms(h: &reqwest::header::HeaderMap) -> f64 {
    h.get("server-timing")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split("dur=").nth(1))
        .and_then(|v| v.parse().ok())
        .expect("a Server-Timing header")
}

pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// Escapes like the pages do, to look for text in them.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// No tag repeats an attribute (`class`, `id`): browsers keep only the first.
pub fn assert_no_repeated_attributes(page: &str, what: &str) {
    for tag in page.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        for attr in [" class=", " id=", " href=", " title="] {
            assert!(
                tag.matches(attr).count() <= 1,
                "{what}: repeated{attr} in <{tag}>"
            );
        }
    }
}

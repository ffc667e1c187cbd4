//! The scale-out mode end to end: `run --queue` publishes to NATS JetStream, `storyline
//! worker` processes store into PostgreSQL. Needs both servers: `STORYLINE_PG_URL` (a
//! PostgreSQL server URL whose user may create databases) and `STORYLINE_NATS_URL` (a NATS
//! server with JetStream); scripts/test starts both on loopback. Without them each test
//! prints a notice and returns. Each test has a database and a stream of its own.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use storyline_store::postgres::admin;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_storyline")
}

/// The servers of one test: a fresh database (dropped at the end) and a stream name.
struct Env {
    server: String,
    database: String,
    db: String,
    nats: String,
    stream: String,
}

impl Env {
    fn new(test: &str) -> Option<Env> {
        let (Ok(server), Ok(nats)) = (
            std::env::var("STORYLINE_PG_URL"),
            std::env::var("STORYLINE_NATS_URL"),
        ) else {
            eprintln!(
                "notice: STORYLINE_PG_URL or STORYLINE_NATS_URL is not set: workers test {test} skipped (scripts/test sets them)"
            );
            return None;
        };
        let pid = std::process::id();
        let database = format!("sl_workers_{test}_{pid}");
        let db = admin::create_database(&server, &database).expect("create the test database");
        Some(Env {
            server,
            database,
            db,
            nats,
            stream: format!("t-{test}-{pid}"),
        })
    }

    fn sql(&self) -> postgres::Client {
        postgres::Client::connect(&self.db, postgres::NoTls).unwrap()
    }

    fn count(&self, query: &str) -> i64 {
        self.sql().query_one(query, &[]).unwrap().get(0)
    }

    fn run(&self, inputs: &[&str], wait: bool) -> Output {
        let mut args = vec![
            "run",
            "--db",
            &self.db,
            "--queue",
            &self.nats,
            "--stream",
            &self.stream,
        ];
        if !wait {
            args.push("--no-wait");
        }
        args.extend(inputs);
        Command::new(bin())
            .current_dir(root())
            .args(&args)
            .output()
            .unwrap()
    }

    fn worker(&self, name: &str, batch: usize, exit_when_idle: bool) -> Worker {
        let batch = batch.to_string();
        let mut args = vec![
            "worker",
            "--db",
            &self.db,
            "--queue",
            &self.nats,
            "--stream",
            &self.stream,
            "--name",
            name,
            "--batch",
            &batch,
        ];
        if exit_when_idle {
            args.push("--exit-when-idle");
        }
        let mut cmd = Command::new(bin());
        cmd.args(&args);
        logged(cmd)
    }

    /// `storyline serve` over the test's database, checking for new articles every 200 ms.
    fn serve(&self) -> (Worker, String) {
        let mut cmd = Command::new(bin());
        cmd.args(["serve", "--db", &self.db, "--addr", "127.0.0.1:0"])
            .args(["--refresh", "0.2"]);
        let mut server = logged(cmd);
        let line = server.wait_for("on http://", Duration::from_secs(60));
        let addr = line
            .rsplit("http://")
            .next()
            .unwrap()
            .trim_end_matches('/')
            .to_string();
        (server, addr)
    }

    /// `(worker, articles)` from the `processed` table, by worker name.
    fn processed_by_worker(&self) -> Vec<(String, i64)> {
        self.sql()
            .query(
                "SELECT worker, COUNT(*) FROM processed GROUP BY worker ORDER BY worker",
                &[],
            )
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect()
    }

    /// Every stored article is in `processed` exactly once, and there are `n` of each.
    fn assert_exactly_once(&self, n: i64) {
        assert_eq!(self.count("SELECT COUNT(*) FROM articles"), n);
        assert_eq!(self.count("SELECT COUNT(*) FROM annotations"), n);
        assert_eq!(self.count("SELECT COUNT(*) FROM processed"), n);
        assert_eq!(
            self.count("SELECT COUNT(DISTINCT article) FROM processed"),
            n
        );
        assert_eq!(
            self.count(
                "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS
                 (SELECT 1 FROM processed p WHERE p.article = a.id)"
            ),
            0
        );
        assert_eq!(
            self.count("SELECT COUNT(*) FROM jobs WHERE outcome = 'new'"),
            n
        );
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = admin::drop_database(&self.server, &self.database);
    }
}

struct Worker {
    child: Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Worker {
    /// Waits for a stderr line containing `needle` (panics after `timeout`).
    fn wait_for(&mut self, needle: &str, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(l) = self.seen.iter().find(|l| l.contains(needle)) {
                return l.clone();
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => self.seen.push(line),
                Err(_) => panic!(
                    "worker never printed {needle:?}; it printed:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }

    fn ready(&mut self) {
        self.wait_for(": ready", Duration::from_secs(60));
    }

    /// Waits for the worker to exit by itself; its summary line.
    fn finish(mut self, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                let line = self.wait_for(": messages ", Duration::from_secs(5));
                assert!(
                    status.success(),
                    "worker failed: {status}\n{}",
                    self.seen.join("\n")
                );
                return line;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("worker did not exit in {timeout:?}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A child process whose stderr lines are collected as they come.
fn logged(mut cmd: Command) -> Worker {
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    Worker {
        child,
        lines,
        seen: Vec::new(),
    }
}

/// GET `path` from a server on loopback (HTTP/1.1, one request per connection): the body.
fn http_get(addr: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let mut conn = std::net::TcpStream::connect(addr).unwrap();
    write!(
        conn,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    conn.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        !head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked"),
        "chunked answers are not read here: {head}"
    );
    body.to_string()
}

/// A number from a summary line: `… redelivered 7 · …` → 7.
fn figure(line: &str, label: &str) -> usize {
    let at = line
        .find(&format!("{label} "))
        .unwrap_or_else(|| panic!("{label:?} not in {line:?}"));
    line[at + label.len() + 1..]
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// `n` distinct reports in a folder: paragraphs of the seed reports, each with a title and a
/// paragraph of its own.
fn generated_reports(n: usize) -> (tempfile::TempDir, PathBuf) {
    let seeds = root().join("../shared/corpus/seeds");
    let mut paragraphs: Vec<String> = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(f).unwrap();
        paragraphs.extend(
            text.split("\n\n")
                .map(str::trim)
                .filter(|p| p.len() > 80)
                .map(str::to_string),
        );
    }
    assert!(paragraphs.len() > 10, "too few seed paragraphs");
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("reports");
    std::fs::create_dir(&folder).unwrap();
    let days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
    for i in 0..n {
        let mut text = format!(
            "Update {i}: talks and rescue efforts continue\n\nIn update number {i}, officials said on {} that {} people had been counted at the harbour of Vessa.\n\n",
            days[i % days.len()],
            3 + (i * 37) % 1000
        );
        for k in 0..4 {
            text.push_str(&paragraphs[(i * 3 + k * 7) % paragraphs.len()]);
            text.push_str("\n\n");
        }
        std::fs::write(folder.join(format!("report-{i:04}.txt")), text).unwrap();
    }
    (dir, folder)
}

/// The digest without its timing and store lines, which differ between two stores.
fn digest(stdout: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stdout)
        .lines()
        .filter(|l| !l.starts_with("store "))
        .map(|l| match l.rfind(" · ") {
            Some(i) if l.starts_with("articles read") => l[..i].to_string(),
            _ => l.to_string(),
        })
        .collect()
}

#[test]
fn workers_give_the_same_export_as_embedded_run() {
    let Some(env) = Env::new("same") else { return };
    let inputs = ["../shared/corpus/seeds", "examples/demo"];
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("embedded.db");
    let embedded = Command::new(bin())
        .current_dir(root())
        .args(["run", "--db", sqlite.to_str().unwrap()])
        .args(inputs)
        .output()
        .unwrap();
    assert!(embedded.status.success());

    let mut workers = [env.worker("a", 4, false), env.worker("b", 4, false)];
    for w in &mut workers {
        w.ready();
    }
    let queued = env.run(&inputs, true);
    assert!(
        queued.status.success(),
        "{}",
        String::from_utf8_lossy(&queued.stderr)
    );
    assert_eq!(digest(&queued.stdout), digest(&embedded.stdout));
    drop(workers);

    let export = |db: &str| {
        let out = Command::new(bin())
            .args(["export", "--db", db])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let from_sqlite = export(sqlite.to_str().unwrap());
    let from_postgres = export(&env.db);
    let doc: serde_json::Value = serde_json::from_slice(&from_postgres).unwrap();
    let articles = doc["articles"].as_array().unwrap().len();
    assert!(articles >= 10, "{articles} articles");
    assert!(!doc["stories"].as_array().unwrap().is_empty());
    assert!(
        from_sqlite == from_postgres,
        "the exports differ (embedded SQLite vs workers into PostgreSQL)"
    );
    env.assert_exactly_once(articles as i64);

    // Queuing the same inputs again stores nothing new.
    let again = env.run(&inputs, false);
    assert!(again.status.success());
    let mut w = env.worker("c", 8, true);
    w.ready();
    let summary = w.finish(Duration::from_secs(60));
    assert_eq!(figure(&summary, "new"), 0, "{summary}");
    assert_eq!(figure(&summary, "duplicate"), articles, "{summary}");
    env.assert_exactly_once(articles as i64);
}

#[test]
fn a_worker_killed_mid_batch_loses_nothing_and_doubles_nothing() {
    let Some(env) = Env::new("kill") else { return };
    const N: i64 = 300;
    let (_dir, folder) = generated_reports(N as usize);
    let queued = env.run(&[folder.to_str().unwrap()], false);
    assert!(
        queued.status.success(),
        "{}",
        String::from_utf8_lossy(&queued.stderr)
    );

    let mut first = env.worker("first", 10, false);
    first.ready();
    // Once some articles are stored (far from all), freeze the worker; if it holds delivered
    // but unacknowledged messages (a batch in its hands), kill it, else let it go on a moment.
    let queue = storyline_queue::Queue::new(env.nats.as_str(), env.stream.as_str()).unwrap();
    let pid = first.child.id().to_string();
    let signal = |sig: &str| {
        let ok = Command::new("kill").args([sig, &pid]).status().unwrap();
        assert!(ok.success(), "kill {sig} {pid}");
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    let held = loop {
        assert!(
            Instant::now() < deadline,
            "never caught the worker mid-batch"
        );
        if env.count("SELECT COUNT(*) FROM processed") < 30 {
            std::thread::sleep(Duration::from_millis(10));
            continue;
        }
        signal("-STOP");
        let status = storyline_queue::status(&queue).unwrap();
        if status.ack_pending > 0 {
            signal("-KILL");
            break status.ack_pending;
        }
        signal("-CONT");
        std::thread::sleep(Duration::from_millis(3));
    };
    first.child.wait().unwrap();
    let at_kill = env.count("SELECT COUNT(*) FROM processed");
    assert!(at_kill < N, "the worker finished before it could be killed");

    let second = env.worker("second", 10, true);
    let summary = second.finish(Duration::from_secs(90));
    env.assert_exactly_once(N);
    let by_worker = env.processed_by_worker();
    assert_eq!(by_worker.len(), 2, "{by_worker:?}");
    assert_eq!(by_worker[0].0, "first");
    assert_eq!(by_worker[0].1, at_kill, "{by_worker:?}");
    assert_eq!(by_worker[1].1, N - at_kill, "{by_worker:?}");
    // The batch the first worker held when it died came back to the second.
    assert!(figure(&summary, "redelivered") >= held, "{summary}");
    assert_eq!(figure(&summary, "new") as i64, N - at_kill, "{summary}");
    assert_eq!(
        env.count("SELECT COUNT(*) FROM jobs"),
        N,
        "one job record per queued document"
    );
    eprintln!("killed holding {held} messages, after {at_kill} of {N} articles; then {summary}");
}

#[test]
fn three_workers_share_the_work() {
    let Some(env) = Env::new("spread") else {
        return;
    };
    const N: i64 = 240;
    let (_dir, folder) = generated_reports(N as usize);
    let mut workers: Vec<Worker> = ["w1", "w2", "w3"]
        .iter()
        .map(|n| env.worker(n, 4, false))
        .collect();
    for w in &mut workers {
        w.ready();
    }
    let queued = env.run(&[folder.to_str().unwrap()], true);
    assert!(
        queued.status.success(),
        "{}",
        String::from_utf8_lossy(&queued.stderr)
    );
    let stdout = String::from_utf8_lossy(&queued.stdout);
    assert!(
        stdout.starts_with(&format!(
            "articles read {N} · new {N} · duplicate 0 · rejected 0 · "
        )),
        "{stdout}"
    );
    drop(workers);
    env.assert_exactly_once(N);
    let by_worker = env.processed_by_worker();
    let names: Vec<&str> = by_worker.iter().map(|(w, _)| w.as_str()).collect();
    assert_eq!(names, ["w1", "w2", "w3"], "{by_worker:?}");
    assert!(by_worker.iter().all(|(_, n)| *n > 0), "{by_worker:?}");
    assert_eq!(by_worker.iter().map(|(_, n)| n).sum::<i64>(), N);
    eprintln!("articles per worker: {by_worker:?}");
}

#[test]
fn rejected_documents_are_reported_once_and_not_retried() {
    let Some(env) = Env::new("rejected") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    // Read fine, refused by the analysis (no article text): a worker's rejection.
    std::fs::write(
        inputs.join("a-empty.html"),
        "<html><body><script>var x;</script></body></html>",
    )
    .unwrap();
    // Refused while reading: the submitting run's own rejection.
    std::fs::write(inputs.join("b-empty.txt"), "").unwrap();
    std::fs::copy(
        root().join("examples/demo/01-wire.txt"),
        inputs.join("c-wire.txt"),
    )
    .unwrap();
    let mut w = env.worker("only", 4, false);
    w.ready();
    let out = env.run(&[inputs.to_str().unwrap()], true);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("articles read 3 · new 1 · duplicate 0 · rejected 2 · "),
        "{stdout}"
    );
    let a = inputs.join("a-empty.html");
    let b = inputs.join("b-empty.txt");
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    assert_eq!(errors.len(), 2, "{stderr}");
    assert!(
        errors
            .iter()
            .any(|l| l.starts_with(&format!("error: {}: ", b.display()))),
        "{stderr}"
    );
    assert!(
        errors
            .iter()
            .any(|l| l.starts_with(&format!("error: {}: ", a.display()))),
        "{stderr}"
    );
    // The worker reported it too, and acknowledged it: nothing is left to deliver, so a
    // worker started now finds the queue idle at once (an unacknowledged message would keep
    // it waiting for the redelivery, and it would take it).
    w.wait_for(&format!("error: {}: ", a.display()), Duration::from_secs(5));
    assert_eq!(env.count("SELECT COUNT(*) FROM rejected"), 1);
    let started = Instant::now();
    let summary = env.worker("after", 4, true).finish(Duration::from_secs(60));
    assert_eq!(figure(&summary, "messages"), 0, "{summary}");
    assert!(started.elapsed() < Duration::from_secs(8), "{summary}");
    drop(w);
    env.assert_exactly_once(1);
}

#[test]
fn serve_shows_what_workers_store_into_postgresql() {
    let Some(env) = Env::new("serve") else { return };
    let (mut server, addr) = env.serve();
    let articles = || {
        let doc: serde_json::Value = serde_json::from_str(&http_get(&addr, "/api/export")).unwrap();
        doc["articles"].as_array().unwrap().len()
    };
    assert_eq!(articles(), 0, "a fresh store");

    let mut w = env.worker("a", 4, false);
    w.ready();
    let queued = env.run(&["../shared/corpus/seeds"], true);
    assert!(
        queued.status.success(),
        "{}",
        String::from_utf8_lossy(&queued.stderr)
    );
    let stored = env.count("SELECT COUNT(*) FROM articles") as usize;
    assert_eq!(stored, 5);

    // The server wrote nothing itself: it sees the workers' articles by its refresh.
    let deadline = Instant::now() + Duration::from_secs(60);
    while articles() != stored {
        assert!(
            Instant::now() < deadline,
            "serve never showed the workers' articles"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let stories: serde_json::Value =
        serde_json::from_str(&http_get(&addr, "/api/stories")).unwrap();
    assert!(
        !stories["stories"].as_array().unwrap().is_empty(),
        "{stories}"
    );
    server.wait_for("store changed: now 5 articles", Duration::from_secs(5));
}

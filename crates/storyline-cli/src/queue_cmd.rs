//! `run --queue` and `worker`: the scale-out mode (storyline-queue).

use anyhow::Context as _;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use storyline_core::ingest::Input;
use storyline_core::Context;
use storyline_queue::worker::{self, WorkerOptions, WorkerStats};
use storyline_queue::Queue;
use storyline_store::{Location, PgStore};

pub struct RunArgs<'a> {
    pub inputs: &'a [String],
    pub db: &'a str,
    pub queue: &'a str,
    pub stream: &'a str,
    pub no_wait: bool,
}

/// Publishes the documents of the inputs, then (unless `no_wait`) waits for the workers
/// and prints the digest of the run, as `run` does.
pub fn run(args: &RunArgs) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let queue = match Queue::new(args.queue, args.stream) {
        Ok(q) => q,
        Err(e) => {
            eprintln!("error: run: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let location = Location::parse(args.db);
    let url = match &location {
        _ if args.no_wait => None,
        Location::Postgres(url) => Some(url.clone()),
        Location::Sqlite(_) => {
            eprintln!(
                "error: run: --queue needs --db postgres://… (the workers' store) to wait for the workers, or --no-wait"
            );
            return Ok(ExitCode::from(2));
        }
    };
    // Open the store first: a wrong URL fails before anything is queued.
    let mut store = match &url {
        Some(url) => Some(
            PgStore::open(url)
                .with_context(|| format!("{}: cannot open store", location.display()))?,
        ),
        None => None,
    };
    let inputs: Vec<Input> = args.inputs.iter().map(|s| Input::parse(s)).collect();
    let ctx = Context::default();
    let sub = storyline_queue::submit(&inputs, &ctx, &queue, &mut |p| eprintln!("{p}"))?;
    let mut out = std::io::stdout().lock();
    let Some(store) = store.as_mut() else {
        writeln!(
            out,
            "articles read {} · queued {} · rejected {} · {:.2} s (run {} on stream {})",
            sub.read,
            sub.published,
            sub.rejected,
            sub.elapsed.as_secs_f64(),
            sub.run,
            queue.stream
        )?;
        return Ok(exit_code(sub.rejected));
    };
    let terminal = std::io::stderr().is_terminal();
    if terminal {
        eprintln!(
            "storyline: queued {} documents on {} (stream {}); waiting for the workers",
            sub.published, queue.url, queue.stream
        );
    }
    let total = sub.published;
    let waited = storyline_queue::wait(&sub, &queue, store, &mut |done| {
        if terminal {
            eprint!("\r{done}/{total} processed");
        }
    })?;
    if terminal {
        eprintln!();
    }
    let report = &waited.report;
    for (origin, reason) in report.rejected.iter().chain(&waited.lost) {
        eprintln!("error: {origin}: {reason}");
    }
    let rejected = sub.rejected + report.rejected.len() + waited.lost.len();
    crate::print_digest(
        &mut out,
        store,
        &location,
        &crate::Digest {
            read: sub.read,
            new_ids: &report.new,
            duplicate: report.duplicate,
            rejected,
            seconds: started.elapsed().as_secs_f64(),
        },
    )
}

fn exit_code(rejected: usize) -> ExitCode {
    if rejected > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

pub struct WorkerArgs<'a> {
    pub db: &'a str,
    pub queue: &'a str,
    pub stream: &'a str,
    pub name: Option<&'a str>,
    pub batch: usize,
    pub exit_when_idle: bool,
}

pub fn worker(args: &WorkerArgs) -> anyhow::Result<ExitCode> {
    let location = Location::parse(args.db);
    let Location::Postgres(url) = &location else {
        eprintln!(
            "error: worker: --db must be a PostgreSQL URL (postgres://…), the store all workers share"
        );
        return Ok(ExitCode::from(2));
    };
    if args.batch == 0 {
        eprintln!("error: worker: --batch must be at least 1");
        return Ok(ExitCode::from(2));
    }
    let queue = match Queue::new(args.queue, args.stream) {
        Ok(q) => q,
        Err(e) => {
            eprintln!("error: worker: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let name = args
        .name
        .map(str::to_string)
        .unwrap_or_else(worker::default_name);
    let opts = WorkerOptions {
        queue,
        db: url.clone(),
        name: name.clone(),
        batch: args.batch,
        exit_when_idle: args.exit_when_idle,
    };
    let mut observer = Printer {
        name: &name,
        db: location.display(),
        queue: &opts.queue,
    };
    let stats = worker::work(&opts, &mut observer).with_context(|| format!("worker {name}"))?;
    eprintln!("storyline worker {name}: {stats}");
    Ok(exit_code(stats.rejected + stats.undecodable))
}

struct Printer<'a> {
    name: &'a str,
    db: String,
    queue: &'a Queue,
}

impl worker::Observer for Printer<'_> {
    fn ready(&mut self) {
        eprintln!(
            "storyline worker {}: ready (queue {} stream {}, store {})",
            self.name, self.queue.url, self.queue.stream, self.db
        );
    }
    fn problem(&mut self, line: &str) {
        eprintln!("{line}");
    }
    fn warning(&mut self, message: &str) {
        eprintln!("warning: worker {}: {message}", self.name);
    }
    fn batch(&mut self, _stats: &WorkerStats) {}
}

//! `storyline eval time`: time expressions in the TempEval-3 style on TimeML.

use anyhow::Context as _;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

pub fn eval(corpus: &Path, errors: bool) -> anyhow::Result<ExitCode> {
    let report = storyline_eval::tempeval::evaluate(corpus, errors)
        .with_context(|| format!("{}", corpus.display()))?;
    for e in &report.errors {
        eprintln!("{e}");
    }
    println!("{report}");
    let (n, chars, elapsed) = storyline_eval::tempeval::throughput(corpus, Duration::from_secs(2))
        .with_context(|| format!("{}", corpus.display()))?;
    let secs = elapsed.as_secs_f64().max(1e-9);
    println!(
        "throughput (repeated for 2 s): {:.0} sentences/s, {:.1} MB/s of text (one thread)",
        n as f64 / secs,
        chars as f64 / secs / 1e6
    );
    Ok(ExitCode::SUCCESS)
}

//! `storyline eval attribution`: PolNeAR content-span P/R/F1 and speaker accuracy.

use anyhow::Context as _;
use std::path::Path;
use std::process::ExitCode;

pub fn eval(corpus: &Path, no_tagger: bool) -> anyhow::Result<ExitCode> {
    let report = storyline_eval::polnear::evaluate(corpus, !no_tagger)
        .with_context(|| format!("{}", corpus.display()))?;
    println!("{report}");
    Ok(ExitCode::SUCCESS)
}

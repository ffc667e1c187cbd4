//! `storyline eval timeline`: SemEval-2015 Task 4 (TimeLine, track A) on the trial corpus.

use anyhow::Context as _;
use std::path::Path;
use std::process::ExitCode;

/// Scores the per-target timelines; with `out`, writes each system timeline there in the
/// task's format (one `<target>.txt` per target entity).
pub fn eval(corpus: &Path, out: Option<&Path>) -> anyhow::Result<ExitCode> {
    let report = storyline_eval::semeval_timeline::evaluate(corpus)
        .with_context(|| format!("{}", corpus.display()))?;
    if let Some(dir) = out {
        std::fs::create_dir_all(dir).with_context(|| format!("{}", dir.display()))?;
        for t in &report.timelines {
            let name: String = t
                .target
                .to_lowercase()
                .chars()
                .map(|c| if c.is_alphanumeric() { c } else { '_' })
                .collect();
            let path = dir.join(format!("{name}.txt"));
            std::fs::write(&path, storyline_eval::semeval_timeline::format_timeline(t))
                .with_context(|| format!("{}", path.display()))?;
        }
    }
    println!("{report}");
    Ok(ExitCode::SUCCESS)
}

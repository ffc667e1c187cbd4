//! `storyline eval attribution`: PolNeAR content-span P/R/F1 and speaker accuracy.

use anyhow::Context as _;
use std::path::Path;
use std::process::ExitCode;
use storyline_core::extract::attribution::AttributionModel;
use storyline_eval::polnear_boundaries::Boundaries;

pub fn eval(
    corpus: &Path,
    no_tagger: bool,
    model: Option<&Path>,
    rules_only: bool,
    details: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let loaded = match model {
        Some(path) => {
            Some(AttributionModel::from_path(path).with_context(|| format!("{}", path.display()))?)
        }
        None => None,
    };
    let model = match (&loaded, rules_only) {
        (_, true) => None,
        (Some(m), false) => Some(m),
        (None, false) => Some(AttributionModel::embedded()),
    };
    let mut boundaries = details.map(|_| Boundaries::default());
    let report =
        storyline_eval::polnear::evaluate_details(corpus, !no_tagger, model, boundaries.as_mut())
            .with_context(|| format!("{}", corpus.display()))?;
    println!("{report}");
    if let (Some(path), Some(b)) = (details, &boundaries) {
        std::fs::write(path, b.report()).with_context(|| format!("{}", path.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}

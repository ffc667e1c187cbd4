//! `storyline eval attribution`: PolNeAR content-span P/R/F1 and speaker accuracy.

use anyhow::Context as _;
use std::path::Path;
use std::process::ExitCode;
use storyline_core::extract::attribution::AttributionModel;

pub fn eval(corpus: &Path, no_tagger: bool, model: Option<&Path>) -> anyhow::Result<ExitCode> {
    let report = match model {
        Some(path) => {
            let model =
                AttributionModel::from_path(path).with_context(|| format!("{}", path.display()))?;
            storyline_eval::polnear::evaluate_with(corpus, !no_tagger, &model)
        }
        None => storyline_eval::polnear::evaluate(corpus, !no_tagger),
    }
    .with_context(|| format!("{}", corpus.display()))?;
    println!("{report}");
    Ok(ExitCode::SUCCESS)
}

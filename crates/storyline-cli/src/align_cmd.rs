//! `storyline eval align`: the claim-alignment similarity against ECB+ event coreference
//! (pairs of sentences about one event instance against pairs about none in common).

use anyhow::Context as _;
use std::path::Path;
use std::process::ExitCode;
use storyline_eval::ecbplus_align::{self, Report, Setup};

/// Scores the labelled pairs of the ECB+ corpus at `corpus` and prints the report. With
/// `all_sentences`, every sentence with an event mention counts (not only those ECB+ lists
/// as annotated); with `gold_sentences`, articles keep the ECB+ sentences instead of the
/// pipeline's segmentation.
pub fn eval(corpus: &Path, all_sentences: bool, gold_sentences: bool) -> anyhow::Result<ExitCode> {
    let setup = Setup {
        selected_only: !all_sentences,
        resegment: !gold_sentences,
    };
    let pairs =
        ecbplus_align::pairs(corpus, setup).with_context(|| format!("{}", corpus.display()))?;
    if pairs.pairs.is_empty() {
        anyhow::bail!("no labelled pairs under {}", corpus.display());
    }
    println!("{}", Report::new(&pairs));
    Ok(ExitCode::SUCCESS)
}

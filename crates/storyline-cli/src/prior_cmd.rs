//! `storyline build-story-prior`: background document frequencies for story clustering,
//! from the bulk news corpus (deterministic; writes `models/story-df.tsv.gz`).

use anyhow::Context as _;
use rayon::prelude::*;
use std::path::Path;
use std::process::ExitCode;
use storyline_core::document;
use storyline_core::extract::annotate::annotate;
use storyline_core::ingest;
use storyline_core::link::cluster::{names_of, Prior, StoryDoc};

pub fn run(text: &Path, out: &Path) -> anyhow::Result<ExitCode> {
    let texts = crate::bench::load_timeml(text).with_context(|| text.display().to_string())?;
    let analysed: Vec<_> = texts
        .par_iter()
        .filter_map(|(name, t)| document::analyse(ingest::text::parse(name, t)).ok())
        .map(|a| {
            let names = names_of(&annotate(&a));
            (a, names)
        })
        .collect();
    let docs: Vec<StoryDoc<'_>> = analysed
        .iter()
        .map(|(a, names)| StoryDoc {
            id: a.id.clone(),
            title: a.title.clone(),
            date: None,
            text: &a.text,
            names: names.clone(),
        })
        .collect();
    let prior = Prior::build(&docs);
    let bytes = prior.to_bytes();
    std::fs::write(out, &bytes).with_context(|| out.display().to_string())?;
    println!(
        "{} documents, {} features, {} bytes → {}",
        prior.docs,
        prior.df.len(),
        bytes.len(),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

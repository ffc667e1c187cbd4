//! `storyline summarize` (the inputs as one story → a cited summary) and
//! `storyline eval summary` (DUC 2006, ROUGE-2 / ROUGE-SU4).

use anyhow::Context as _;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use storyline_core::ingest::{self, Input};
use storyline_core::{document, Context};
use storyline_model::Article;

pub fn run(inputs: &[String], words: usize) -> anyhow::Result<ExitCode> {
    if inputs.is_empty() {
        eprintln!("error: summarize: no inputs given (files, folders, - or URLs)");
        return Ok(ExitCode::from(2));
    }
    let ctx = Context::default();
    let mut failed = false;
    let mut articles: Vec<Article> = Vec::new();
    for input in inputs {
        ingest::read_input(&Input::parse(input), &ctx, &mut |item| match item
            .and_then(document::analyse)
        {
            Ok(a) => articles.push(a),
            Err(p) => {
                eprintln!("{p}");
                failed = true;
            }
        });
    }
    let refs: Vec<&Article> = articles.iter().collect();
    let summary = storyline_core::summarize::summarize(&refs, words);
    let sentences: Vec<serde_json::Value> = summary
        .sentences
        .iter()
        .map(|(text, cites)| {
            let citations: Vec<serde_json::Value> = cites
                .iter()
                .map(|c| {
                    let origin = articles
                        .iter()
                        .find(|a| a.id == c.article)
                        .map(|a| a.origin.clone())
                        .unwrap_or_default();
                    serde_json::json!({"origin": origin, "article": c.article, "sentence": c.sentence})
                })
                .collect();
            serde_json::json!({"text": text, "citations": citations})
        })
        .collect();
    let doc = serde_json::json!({"headline": summary.headline, "summary": sentences});
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &doc)?;
    writeln!(out)?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub fn eval(corpus: &Path, words: usize) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let report = storyline_eval::duc::evaluate(corpus, words)
        .with_context(|| format!("{}", corpus.display()))?;
    print!("{report}");
    println!("({:.1} s)", started.elapsed().as_secs_f64());
    Ok(ExitCode::SUCCESS)
}

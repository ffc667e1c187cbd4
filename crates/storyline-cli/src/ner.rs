//! `storyline tag --conll`, `storyline eval ner` and `storyline train-ner`.

use anyhow::Context as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use storyline_core::extract::entities::train::{self, TrainDocument, TrainOptions, TrainSentence};
use storyline_core::extract::entities::{tokenize, Tag, Tagger};
use storyline_eval::conll;

/// One line of CoNLL input, kept as written.
enum Line<'a> {
    DocStart(&'a str),
    Blank(&'a str),
    Token(&'a str),
}

/// `tag --conll FILE`: the input lines with a predicted tag appended to each token line (and
/// `O` to `-DOCSTART-` lines, as `conlleval` expects); blank lines kept.
pub fn tag_conll(path: &Path) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
    let tagger = Tagger::embedded();
    let lines: Vec<Line> = text
        .lines()
        .map(|l| {
            let l = l.trim_end();
            if l.starts_with("-DOCSTART-") {
                Line::DocStart(l)
            } else if l.is_empty() {
                Line::Blank(l)
            } else {
                Line::Token(l)
            }
        })
        .collect();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    // Tag document by document (a document ends at the next -DOCSTART-).
    let mut i = 0;
    while i < lines.len() {
        let mut j = i;
        while j < lines.len() && (j == i || !matches!(lines[j], Line::DocStart(_))) {
            j += 1;
        }
        let doc = &lines[i..j];
        let mut sentences: Vec<Vec<&str>> = Vec::new();
        let mut current: Vec<&str> = Vec::new();
        for l in doc {
            match l {
                Line::Token(t) => current.push(t.split_whitespace().next().unwrap_or("")),
                _ => {
                    if !current.is_empty() {
                        sentences.push(std::mem::take(&mut current));
                    }
                }
            }
        }
        if !current.is_empty() {
            sentences.push(current);
        }
        let tags = tagger.tag_document(&sentences);
        let mut flat = tags.iter().flatten();
        for l in doc {
            match l {
                Line::DocStart(s) => writeln!(out, "{s} O")?,
                Line::Blank(s) => writeln!(out, "{s}")?,
                Line::Token(s) => {
                    let tag = flat.next().copied().unwrap_or(Tag::O);
                    writeln!(out, "{s} {tag}")?
                }
            }
        }
        i = j;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `eval ner --file FILE`: conlleval-style scores of the embedded model, and its speed.
pub fn eval(path: &Path, model: Option<&Path>) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
    let docs = conll::parse(&text);
    let t0 = Instant::now();
    let owned;
    let tagger = match model {
        Some(m) => {
            owned = Tagger::from_path(m).with_context(|| format!("{}", m.display()))?;
            &owned
        }
        None => Tagger::embedded(),
    };
    let load = t0.elapsed();
    let (scorer, tokens, secs) = score(tagger, &docs);
    println!("{scorer}");
    println!(
        "tagged {tokens} tokens in {:.3} s: {:.0} tokens/s (one thread); model load {:.0} ms",
        secs,
        tokens as f64 / secs.max(1e-9),
        load.as_secs_f64() * 1000.0
    );
    Ok(ExitCode::SUCCESS)
}

/// Tags every document of `docs` and scores it; also returns the token count and tagging time.
fn score(tagger: &Tagger, docs: &[conll::Document]) -> (conll::Scorer, usize, f64) {
    let mut scorer = conll::Scorer::new();
    let mut tokens = 0;
    let mut secs = 0.0;
    for d in docs {
        let sentences: Vec<Vec<&str>> = d
            .sentences
            .iter()
            .map(|s| s.iter().map(|t| t.text()).collect())
            .collect();
        tokens += sentences.iter().map(Vec::len).sum::<usize>();
        let t0 = Instant::now();
        let tags = tagger.tag_document(&sentences);
        secs += t0.elapsed().as_secs_f64();
        for (s, p) in d.sentences.iter().zip(&tags) {
            let gold: Vec<&str> = s.iter().map(|t| t.tag().unwrap_or("O")).collect();
            let pred: Vec<&str> = p.iter().map(|t| t.as_str()).collect();
            scorer.add(&gold, &pred);
        }
    }
    (scorer, tokens, secs)
}

fn read_training(path: &Path) -> anyhow::Result<Vec<TrainDocument>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
    let mut out = Vec::new();
    for d in conll::parse(&text) {
        let mut doc = Vec::new();
        for s in d.sentences {
            let mut sent = TrainSentence {
                tokens: Vec::with_capacity(s.len()),
                tags: Vec::with_capacity(s.len()),
            };
            for t in &s {
                let tag = t.tag().unwrap_or("O");
                sent.tokens.push(t.text().to_string());
                sent.tags.push(
                    Tag::parse(tag)
                        .with_context(|| format!("{}: unknown tag {tag}", path.display()))?,
                );
            }
            doc.push(sent);
        }
        out.push(doc);
    }
    Ok(out)
}

/// The text of a TimeML file's `<TEXT>` (or the whole file), tags stripped, entities decoded.
fn timeml_text(xml: &str) -> String {
    let body = match (xml.find("<TEXT>"), xml.rfind("</TEXT>")) {
        (Some(a), Some(b)) if a < b => &xml[a + 6..b],
        _ => xml,
    };
    let mut out = String::with_capacity(body.len());
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    storyline_eval::xml::unescape(&out)
}

/// Tokenised paragraphs of every `.tml` file under `dir`, in path order.
fn read_unlabelled(dir: &Path) -> anyhow::Result<Vec<Vec<String>>> {
    let files: Vec<PathBuf> = storyline_eval::files_under(dir)
        .with_context(|| format!("{}", dir.display()))?
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "tml" || x == "txt"))
        .collect();
    let mut out = Vec::new();
    for f in files {
        let xml = std::fs::read_to_string(&f).with_context(|| format!("{}", f.display()))?;
        for para in timeml_text(&xml).split("\n\n") {
            let toks: Vec<String> = tokenize(para).iter().map(|t| t.text.to_string()).collect();
            if !toks.is_empty() {
                out.push(toks);
            }
        }
    }
    Ok(out)
}

/// Options of `train-ner`.
pub struct TrainArgs {
    pub train: PathBuf,
    pub dev: Option<PathBuf>,
    pub unlabelled: Option<PathBuf>,
    pub out: PathBuf,
    pub epochs: usize,
    pub seed: u64,
    pub bits: u32,
}

/// `train-ner`: trains the tagger, printing dev scores after every epoch, and writes the model.
pub fn train(args: &TrainArgs) -> anyhow::Result<ExitCode> {
    let t0 = Instant::now();
    let docs = read_training(&args.train)?;
    let dev = match &args.dev {
        Some(p) => {
            let text = std::fs::read_to_string(p).with_context(|| format!("{}", p.display()))?;
            Some(conll::parse(&text))
        }
        None => None,
    };
    let unlabelled = match &args.unlabelled {
        Some(d) => read_unlabelled(d)?,
        None => Vec::new(),
    };
    eprintln!(
        "read {} training documents, {} unlabelled paragraphs ({:.1} s)",
        docs.len(),
        unlabelled.len(),
        t0.elapsed().as_secs_f64()
    );
    let opts = TrainOptions {
        epochs: args.epochs,
        seed: args.seed,
        bits: args.bits,
        ..TrainOptions::default()
    };
    let tagger = train::train(&docs, &unlabelled, &opts, |stage, epoch, tagger| {
        let stage = if stage == train::Stage::First { 1 } else { 2 };
        if let Some(dev) = &dev {
            let (s, _, _) = score(tagger, dev);
            let per: Vec<String> = s
                .per_type
                .iter()
                .map(|(k, c)| format!("{k} {:.2}", 100.0 * c.f1()))
                .collect();
            eprintln!(
                "stage {stage} epoch {epoch:2}  dev F1 {:.2}  ({})  {:.1} s",
                100.0 * s.f1(),
                per.join(", "),
                t0.elapsed().as_secs_f64()
            );
        } else {
            eprintln!(
                "stage {stage} epoch {epoch:2}  {:.1} s",
                t0.elapsed().as_secs_f64()
            );
        }
    });
    let bytes = tagger.to_bytes();
    std::fs::write(&args.out, &bytes).with_context(|| format!("{}", args.out.display()))?;
    eprintln!(
        "wrote {} ({} bytes): {}",
        args.out.display(),
        bytes.len(),
        tagger.meta
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_timeml() {
        let xml = "<DCT>x</DCT><TEXT>\nThe <EVENT eid=\"e1\">fall</EVENT> of A&amp;B.\n</TEXT>";
        assert_eq!(timeml_text(xml), "\nThe fall of A&B.\n");
    }
}

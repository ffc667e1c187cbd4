//! Clean: news-grade removal of repeated paragraphs and sentences, photo captions and
//! credits, boilerplate lines and header lines, keeping what was removed. Idempotent:
//! cleaning cleaned text changes nothing and removes nothing.
//!
//! Steps, in order:
//! 1. normalise whitespace and invisible characters; split into paragraphs (lines, or
//!    blank-line blocks when the text is hard-wrapped);
//! 2. repair paragraph breaks that cut a sentence (after `U.S.`, `Mr.`, or before a
//!    lowercase continuation);
//! 3. drop boilerplate paragraphs (share/subscribe/"Read more"/bylines/credits) and photo
//!    captions ([`rules`]);
//! 4. drop repeated paragraphs and sentences, exact or near (≥ 80% of word trigrams), and
//!    fragments of captions already removed ([`repeat`]); the first occurrence is kept;
//! 5. repair the breaks the removals closed (a caption between two halves of a sentence);
//!    when that rejoined a sentence, all steps again (at most three more rounds).

mod repeat;
mod rules;

use crate::text::segment;
use repeat::{Fingerprint, Seen};
use storyline_model::{Removed, RemovedKind};

/// Cleaned body text and what was taken out of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    /// Paragraphs separated by a blank line, each on one line.
    pub text: String,
    pub removed: Vec<Removed>,
}

pub fn clean(text: &str) -> Cleaned {
    let (mut out, mut rejoined) = clean_once(text);
    // A cut sentence brought back together by a removal is a paragraph the steps have not
    // seen (it may repeat another one): cleaned again until nothing changes, so that
    // cleaning stays idempotent. Rare, and bounded.
    let mut rounds = 0;
    while rejoined && rounds < MAX_ROUNDS {
        let (again, joined) = clean_once(&out.text);
        if again.removed.is_empty() && again.text == out.text {
            break;
        }
        out.text = again.text;
        out.removed.extend(again.removed);
        rejoined = joined;
        rounds += 1;
    }
    out
}

/// Further rounds of [`clean`] after a removal rejoined a cut sentence.
const MAX_ROUNDS: usize = 3;

/// One round of the steps; also whether a removal brought the halves of a cut sentence
/// together (step 2 again, after step 4).
fn clean_once(text: &str) -> (Cleaned, bool) {
    let paragraphs = repair_breaks(split_paragraphs(&normalise(text)));
    let mut removed = Vec::new();
    let mut seen = Seen::default();
    let mut kept: Vec<String> = Vec::new();
    for para in paragraphs {
        if let Some(kind) = rules::classify_paragraph(&para) {
            if kind == RemovedKind::Caption {
                seen.add_caption(Fingerprint::of(&para));
            }
            removed.push(Removed { kind, text: para });
            continue;
        }
        let para_fp = Fingerprint::of(&para);
        if let Some(kind) = seen.repeated_paragraph(&para_fp) {
            removed.push(Removed { kind, text: para });
            continue;
        }
        let spans = segment(&para);
        let mut sentences_kept: Vec<&str> = Vec::with_capacity(spans.len());
        for span in &spans {
            let sentence = span.slice(&para).expect("segment spans are valid");
            let fp = Fingerprint::of(sentence);
            let verdict = if rules::is_caption_sentence(sentence) {
                Some(RemovedKind::Caption)
            } else {
                seen.repeated_sentence(&fp)
            };
            match verdict {
                Some(kind) => {
                    if kind == RemovedKind::Caption {
                        seen.add_caption(fp);
                    }
                    removed.push(Removed {
                        kind,
                        text: sentence.to_string(),
                    });
                }
                None => {
                    seen.add_sentence(fp);
                    sentences_kept.push(sentence);
                }
            }
        }
        if sentences_kept.is_empty() {
            continue;
        }
        let (para, para_fp) = if sentences_kept.len() == spans.len() {
            (para, para_fp)
        } else {
            // What is left may itself be boilerplate ("… 2025. Share").
            let rest = sentences_kept.join(" ");
            if let Some(kind) = rules::classify_paragraph(&rest) {
                removed.push(Removed { kind, text: rest });
                continue;
            }
            let fp = Fingerprint::of(&rest);
            (rest, fp)
        };
        seen.add_paragraph(para_fp);
        kept.push(para);
    }
    // Removing a line between two halves of a cut sentence brings them together.
    let before = kept.len();
    let kept = repair_breaks(kept);
    let rejoined = kept.len() < before;
    (
        Cleaned {
            text: kept.join("\n\n"),
            removed,
        },
        rejoined,
    )
}

/// Unifies line ends, drops invisible characters, turns odd spaces into plain spaces and
/// collapses runs of spaces within a line.
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let c = match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    continue;
                }
                '\n'
            }
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => continue,
            '\u{2028}' | '\u{2029}' | '\u{85}' => '\n',
            c if c != '\n' && c.is_whitespace() => ' ',
            c if c.is_control() && c != '\n' => continue,
            c => c,
        };
        if c == ' ' {
            if last_space {
                continue;
            }
            last_space = true;
        } else {
            last_space = false;
        }
        out.push(c);
    }
    out
}

/// Paragraphs: each non-empty line, except in hard-wrapped text, where a blank-line-separated
/// block of wrapped lines is one paragraph.
fn split_paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for block in text.split("\n\n") {
        let lines: Vec<&str> = block
            .split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if lines.len() > 1 && is_wrapped(&lines) {
            out.push(lines.join(" "));
        } else {
            out.extend(lines.into_iter().map(str::to_string));
        }
    }
    out
}

/// A block is hard-wrapped when its lines (but the last) are of similar, moderate length
/// and most do not end a sentence.
fn is_wrapped(lines: &[&str]) -> bool {
    let body = &lines[..lines.len() - 1];
    let lens: Vec<usize> = body.iter().map(|l| l.chars().count()).collect();
    let max = *lens.iter().max().unwrap_or(&0);
    let min = *lens.iter().min().unwrap_or(&0);
    if max > 100 || min < 30 || max - min > 40 {
        return false;
    }
    let open = body
        .iter()
        .filter(|l| !l.ends_with(['.', '!', '?', '"', '”', ':']))
        .count();
    open * 2 >= body.len()
}

/// Joins paragraphs that a bad line break split mid-sentence.
fn repair_breaks(paragraphs: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(paragraphs.len());
    for p in paragraphs {
        if let Some(prev) = out.last_mut() {
            if rules::continues(prev, &p) {
                prev.push(' ');
                prev.push_str(&p);
                continue;
            }
        }
        out.push(p);
    }
    out
}

#[cfg(test)]
mod tests;

//! The per-article extraction stage: one analysed article in, its [`Annotations`] out
//! (names with their roles, resolved within the article).

use super::coref::{self, Found};
use super::entities::Tagger;
use super::roles;
use storyline_model::{Annotations, Article, EntityKind, NameMention};

/// Annotates one article. Pure: the same article always gives the same annotations.
pub fn annotate(article: &Article) -> Annotations {
    let tagger = Tagger::embedded();
    let sentences: Vec<&str> = article
        .sentences
        .iter()
        .map(|s| s.slice(&article.text).unwrap_or(""))
        .collect();
    let per_sentence = tagger.document_entities(&sentences);
    let mut mentions = Vec::new();
    for (si, (spans, sentence)) in per_sentence.iter().zip(&sentences).enumerate() {
        let offset = article.sentences[si].start;
        for e in spans {
            let mut start = e.start;
            let mut text: String = sentence
                .chars()
                .skip(e.start)
                .take(e.end - e.start)
                .collect();
            if e.kind == EntityKind::Person {
                // A title the tagger took into the name ("Admiral Igor Kostyukov") is moved
                // out of it: the name starts after it and the title describes it.
                let skip = roles::leading_title_words(&text);
                if skip > 0 {
                    let cut = word_start(&text, skip);
                    start += cut;
                    text = text.chars().skip(cut).collect();
                }
            }
            mentions.push(NameMention {
                start: offset + start,
                end: offset + e.end,
                text,
                kind: e.kind,
                sentence: si,
                local: 0,
                description: roles::describe(sentence, start, e.end),
            });
        }
    }
    let found: Vec<Found> = mentions
        .iter()
        .map(|m| Found {
            text: m.text.clone(),
            kind: m.kind,
        })
        .collect();
    let (locals, of) = coref::resolve(&found);
    for (m, local) in mentions.iter_mut().zip(of) {
        m.local = local;
    }
    // A mention whose name folds to nothing (punctuation only) belongs to no entity.
    mentions.retain(|m| m.local != usize::MAX);
    Annotations {
        locals,
        mentions,
        ..Annotations::default()
    }
}

/// Code-point offset of the `n`-th word (0-based) of `s`.
fn word_start(s: &str, n: usize) -> usize {
    let mut words = 0;
    let mut in_word = false;
    for (i, c) in s.chars().enumerate() {
        if c.is_whitespace() {
            in_word = false;
        } else if !in_word {
            if words == n {
                return i;
            }
            words += 1;
            in_word = true;
        }
    }
    s.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_starts() {
        assert_eq!(word_start("Admiral  Igor Kostyukov", 1), 9);
        assert_eq!(word_start("Mr. Smith", 1), 4);
        assert_eq!(word_start("Smith", 0), 0);
    }
}

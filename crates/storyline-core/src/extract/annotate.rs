//! The per-article extraction stage: one analysed article in, its [`Annotations`] out
//! (names with their roles, resolved within the article).

use super::coref::{self, Found};
use super::entities::Tagger;
use super::roles;
use crate::text::names::fold;
use std::collections::{BTreeMap, BTreeSet};
use storyline_model::{Annotations, Article, EntityKind, LocalEntity, NameMention};

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
    let mut locals = locals;
    add_descriptive_references(&sentences, article, &mut mentions, &mut locals);
    mentions.sort_by_key(|m| (m.start, m.end));
    Annotations {
        locals,
        mentions,
        ..Annotations::default()
    }
}

/// Descriptions standing for a person ("the French president") become mentions of the one
/// person the article gives that description, or of a descriptive local entity that the
/// corpus stage may resolve.
fn add_descriptive_references(
    sentences: &[&str],
    article: &Article,
    mentions: &mut Vec<NameMention>,
    locals: &mut Vec<LocalEntity>,
) {
    let mut described: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for m in mentions.iter() {
        if let (EntityKind::Person, Some(d)) = (m.kind, &m.description) {
            described.entry(fold(d)).or_default().insert(m.local);
        }
    }
    let mut descriptive: BTreeMap<String, usize> = BTreeMap::new();
    for (si, sentence) in sentences.iter().enumerate() {
        let offset = article.sentences[si].start;
        for (s, e) in roles::descriptive_references(sentence) {
            let text: String = sentence.chars().skip(s).take(e - s).collect();
            let key = fold(&text);
            let local = match described.get(&key) {
                Some(ls) if ls.len() == 1 => *ls.first().expect("one local"),
                _ => *descriptive.entry(key).or_insert_with(|| {
                    locals.push(LocalEntity {
                        name: text.clone(),
                        kind: EntityKind::Person,
                        descriptive: true,
                    });
                    locals.len() - 1
                }),
            };
            mentions.push(NameMention {
                start: offset + s,
                end: offset + e,
                text,
                kind: EntityKind::Person,
                sentence: si,
                local,
                description: None,
            });
        }
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

    fn article(text: &str) -> Article {
        let doc = crate::ingest::text::parse("t.txt", text);
        crate::document::analyse(doc).expect("article")
    }

    #[test]
    fn names_roles_and_references_in_one_article() {
        let a = article(
            "French President Emmanuel Macron arrived in Berlin on Monday for talks with Chancellor Olaf Scholz.\n\n\
             Macron said the talks would focus on energy. The French president left on Tuesday.",
        );
        let ann = annotate(&a);
        let macron = ann
            .locals
            .iter()
            .position(|l| l.name == "Emmanuel Macron")
            .expect("Macron found");
        let texts: Vec<&str> = ann
            .mentions
            .iter()
            .filter(|m| m.local == macron)
            .map(|m| m.text.as_str())
            .collect();
        assert_eq!(texts, vec!["Emmanuel Macron", "Macron", "French president"]);
        let first = ann.mentions.iter().find(|m| m.text == "Emmanuel Macron").unwrap();
        assert_eq!(first.description.as_deref(), Some("French President"));
        let chars: Vec<char> = a.text.chars().collect();
        for m in &ann.mentions {
            let got: String = chars[m.start..m.end].iter().collect();
            assert_eq!(got, m.text, "mention offsets point at their text");
        }
    }

    #[test]
    fn word_starts() {
        assert_eq!(word_start("Admiral  Igor Kostyukov", 1), 9);
        assert_eq!(word_start("Mr. Smith", 1), 4);
        assert_eq!(word_start("Smith", 0), 0);
    }
}

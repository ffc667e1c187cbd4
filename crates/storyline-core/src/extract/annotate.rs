//! The per-article extraction stage: one analysed article in, its [`Annotations`] out
//! (names with their roles, resolved within the article).

use super::coref::{self, Found};
use super::entities::{EntitySpan, Tagger};
use super::roles;
use super::{attribution, time};
use crate::text::names::fold;
use std::collections::{BTreeMap, BTreeSet};
use storyline_model::{
    Annotations, Article, EntityKind, LocalEntity, NameMention, QuoteRecord, Span,
};

/// Annotates one article. Pure: the same article always gives the same annotations.
pub fn annotate(article: &Article) -> Annotations {
    let TextFindings {
        locals,
        mentions,
        quotes,
    } = read_text(article);
    Annotations {
        locals,
        mentions,
        quotes,
        times: times(article),
    }
}

/// What an article's text alone says: its names with their roles and local entities, and
/// who said what. A function of the text and its sentences only (not of the article's date,
/// address or title), so a wire copy of a text reads the same ([`super::reuse`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextFindings {
    pub locals: Vec<LocalEntity>,
    pub mentions: Vec<NameMention>,
    pub quotes: Vec<QuoteRecord>,
}

/// The time expressions of an article, normalised against its own date.
pub fn times(article: &Article) -> Vec<storyline_model::TimeExpr> {
    let anchor = article
        .published
        .as_ref()
        .and_then(|p| time::anchor_date(&p.value));
    time::recognise(&article.text, &article.sentences, anchor)
        .into_iter()
        .map(|t| t.into_expr(article.id.clone()))
        .collect()
}

/// Reads the names, roles, local entities and quotes of an article's text.
pub fn read_text(article: &Article) -> TextFindings {
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
    let quotes = quotes(article, &mentions);
    TextFindings {
        locals,
        mentions,
        quotes,
    }
}

/// Who said what, with each speaker given as the local entity its mention belongs to.
fn quotes(article: &Article, mentions: &[NameMention]) -> Vec<QuoteRecord> {
    let spans: Vec<EntitySpan> = mentions
        .iter()
        .map(|m| EntitySpan {
            start: m.start,
            end: m.end,
            kind: m.kind,
        })
        .collect();
    let slice = |sp: Span| sp.slice(&article.text).unwrap_or("").to_string();
    attribution::extract(&article.text, &article.sentences, &spans)
        .into_iter()
        .filter(|q| q.speaker.is_some() || looks_like_a_source(q.speaker_text.as_deref()))
        .map(|q| {
            let speaker = q.speaker.and_then(|sp| {
                mentions
                    .iter()
                    .find(|m| m.start == sp.start && m.end == sp.end)
                    .or_else(|| {
                        mentions
                            .iter()
                            .find(|m| m.start < sp.end && sp.start < m.end)
                    })
                    .map(|m| m.local)
            });
            QuoteRecord {
                kind: q.kind,
                start: q.content.start,
                end: q.content.end,
                content: q.content_text(&article.text),
                cue: q.cue.map(slice),
                speaker,
                speaker_text: q.speaker_text.clone(),
            }
        })
        .collect()
}

/// Whether an unnamed speaker reads as a source of speech ("a senior official", "police",
/// "they") rather than a thing that "points to" or "continues to" do something.
fn looks_like_a_source(speaker: Option<&str>) -> bool {
    const SOURCES: &[&str] = &[
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "official",
        "officials",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "source",
        "sources",
        "analyst",
        "analysts",
        "expert",
        "experts",
        "minister",
        "ministers",
        "ministry",
        "police",
        "authorities",
        "witness",
        "witnesses",
        "resident",
        "residents",
        "people",
        "person",
        "aide",
        "aides",
        "adviser",
        "advisers",
        "advisor",
        "diplomat",
        "diplomats",
        "leader",
        "leaders",
        "president",
        "government",
        "statement",
        "report",
        "reports",
        "survey",
        "poll",
        "polls",
        "study",
        "researchers",
        "scientists",
        "doctors",
        "lawyer",
        "lawyers",
        "prosecutors",
        "judge",
        "court",
        "agency",
        "company",
        "spokespeople",
        "representative",
        "representatives",
        "envoy",
        "envoys",
        "negotiators",
        "delegation",
        "critics",
        "supporters",
        "voters",
        "observers",
        "commentators",
        "organizers",
        "organisers",
        "rescuers",
        "investigators",
        "military",
        "army",
        "kremlin",
        "office",
        "department",
        "council",
        "committee",
        "campaign",
        "party",
        "group",
        "union",
        "administration",
        "officer",
        "officers",
        "member",
        "members",
        "staff",
        "employees",
        "workers",
        "director",
        "chief",
        "head",
        "executive",
        "secretary",
        "governor",
        "mayor",
        "senator",
        "lawmaker",
        "lawmakers",
        "legislators",
        "economist",
        "economists",
        "chairman",
        "ceo",
    ];
    // The head noun: before "of" ("the head of the ministry"), else the last word.
    speaker.is_some_and(|s| {
        let head_phrase = s.split(" of ").next().unwrap_or(s);
        head_phrase
            .split(|c: char| !c.is_alphanumeric())
            .rfind(|w| !w.is_empty())
            .is_some_and(|w| SOURCES.contains(&w.to_lowercase().as_str()))
    })
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
        let first = ann
            .mentions
            .iter()
            .find(|m| m.text == "Emmanuel Macron")
            .unwrap();
        assert_eq!(first.description.as_deref(), Some("French President"));
        let chars: Vec<char> = a.text.chars().collect();
        for m in &ann.mentions {
            let got: String = chars[m.start..m.end].iter().collect();
            assert_eq!(got, m.text, "mention offsets point at their text");
        }
    }

    #[test]
    fn unnamed_speakers_must_read_as_sources() {
        assert!(looks_like_a_source(Some("a senior official")));
        assert!(looks_like_a_source(Some("the head of the ministry")));
        assert!(looks_like_a_source(Some("they")));
        assert!(!looks_like_a_source(Some(
            "The inclusion of diverse officials"
        )));
        assert!(!looks_like_a_source(Some("major challenges")));
        assert!(!looks_like_a_source(None));
    }

    #[test]
    fn word_starts() {
        assert_eq!(word_start("Admiral  Igor Kostyukov", 1), 9);
        assert_eq!(word_start("Mr. Smith", 1), 4);
        assert_eq!(word_start("Smith", 0), 0);
    }
}

//! What readers see: the export of the store, indexes by id, per-article spans, a story list
//! ordered newest first, and a small in-memory search index.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use std::time::Duration;
use storyline_model::{Article, Export, Story};

/// The export of the store at one moment, with everything the pages look up.
pub struct Snapshot {
    pub export: Export,
    /// How long computing the export and the indexes took.
    pub built_in: Duration,
    article_ix: FxHashMap<String, usize>,
    entity_ix: FxHashMap<String, usize>,
    story_ix: FxHashMap<String, usize>,
    event_ix: FxHashMap<String, usize>,
    /// Stories (indexes) each article belongs to.
    stories_of_article: FxHashMap<String, Vec<usize>>,
    /// Per article: entity mentions as (start, end, entity index), sorted.
    mentions_of_article: FxHashMap<String, Vec<(usize, usize, usize)>>,
    /// Per article: indexes into `export.attributions`.
    quotes_of_article: FxHashMap<String, Vec<usize>>,
    /// Per article: indexes into `export.times`.
    times_of_article: FxHashMap<String, Vec<usize>>,
    /// Story rows, newest first.
    rows: Vec<StoryRow>,
    /// Case-folded article text and title, entity names, quote contents (same char counts).
    folded_articles: Vec<(String, String)>,
    folded_quotes: Vec<String>,
}

/// One line of the stories list.
#[derive(Debug, Clone, Serialize)]
pub struct StoryRow {
    pub id: String,
    pub headline: String,
    pub article_count: usize,
    pub independent_sources: usize,
    /// Earliest and latest publication date of its articles.
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    /// The most recently stored article of the story.
    pub last_article: Option<String>,
    #[serde(skip)]
    pub story: usize,
    /// Position in the store of the most recently stored article (larger is newer).
    #[serde(skip)]
    pub last_seq: usize,
}

/// Search results over the snapshot.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    pub query: String,
    pub articles: Vec<ArticleHit>,
    pub entities: Vec<EntityHit>,
    pub quotes: Vec<QuoteHit>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArticleHit {
    pub id: String,
    pub title: String,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub snippet: String,
    /// How often the query's terms occur (title counts three times).
    pub score: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntityHit {
    pub id: String,
    pub name: String,
    pub kind: storyline_model::EntityKind,
    pub aliases: Vec<String>,
    pub mentions: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuoteHit {
    pub id: String,
    pub article: String,
    pub content: String,
    pub speaker: Option<String>,
    pub speaker_name: Option<String>,
}

/// At most this many hits of each kind.
pub const SEARCH_LIMIT: usize = 50;

/// Lower case with one char per char, so char offsets of the folded text are those of the
/// original.
pub fn fold(s: &str) -> String {
    s.chars()
        .map(|c| c.to_lowercase().next().unwrap_or(c))
        .collect()
}

impl Snapshot {
    pub fn new(export: Export, built_in: Duration) -> Snapshot {
        let article_ix = index(export.articles.iter().map(|a| a.id.as_str()));
        let entity_ix = index(export.entities.iter().map(|e| e.id.as_str()));
        let story_ix = index(export.stories.iter().map(|s| s.id.as_str()));
        let event_ix = index(export.events.iter().map(|e| e.id.as_str()));
        let mut stories_of_article: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (i, s) in export.stories.iter().enumerate() {
            for a in &s.articles {
                stories_of_article
                    .entry(a.as_str().to_string())
                    .or_default()
                    .push(i);
            }
        }
        let mut mentions_of_article: FxHashMap<String, Vec<(usize, usize, usize)>> =
            FxHashMap::default();
        for (i, e) in export.entities.iter().enumerate() {
            for m in &e.mentions {
                mentions_of_article
                    .entry(m.article.as_str().to_string())
                    .or_default()
                    .push((m.start, m.end, i));
            }
        }
        for v in mentions_of_article.values_mut() {
            v.sort_unstable();
        }
        let mut quotes_of_article: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (i, q) in export.attributions.iter().enumerate() {
            quotes_of_article
                .entry(q.article.as_str().to_string())
                .or_default()
                .push(i);
        }
        let mut times_of_article: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (i, t) in export.times.iter().enumerate() {
            times_of_article
                .entry(t.article.as_str().to_string())
                .or_default()
                .push(i);
        }
        let mut rows: Vec<StoryRow> = export
            .stories
            .iter()
            .enumerate()
            .map(|(i, s)| story_row(&export, &article_ix, i, s))
            .collect();
        // Newest first: by the latest report's date, then by what was stored last.
        rows.sort_by(|a, b| {
            b.last_date
                .cmp(&a.last_date)
                .then(b.last_seq.cmp(&a.last_seq))
                .then(a.id.cmp(&b.id))
        });
        let folded_articles = export
            .articles
            .iter()
            .map(|a| (fold(a.title.as_deref().unwrap_or("")), fold(&a.text)))
            .collect();
        let folded_quotes = export
            .attributions
            .iter()
            .map(|q| fold(&q.content))
            .collect();
        Snapshot {
            export,
            built_in,
            article_ix,
            entity_ix,
            story_ix,
            event_ix,
            stories_of_article,
            mentions_of_article,
            quotes_of_article,
            times_of_article,
            rows,
            folded_articles,
            folded_quotes,
        }
    }

    pub fn article(&self, id: &str) -> Option<&Article> {
        self.article_ix.get(id).map(|&i| &self.export.articles[i])
    }
    pub fn entity(&self, id: &str) -> Option<&storyline_model::Entity> {
        self.entity_ix.get(id).map(|&i| &self.export.entities[i])
    }
    pub fn entity_index(&self, id: &str) -> Option<usize> {
        self.entity_ix.get(id).copied()
    }
    pub fn story(&self, id: &str) -> Option<&Story> {
        self.story_ix.get(id).map(|&i| &self.export.stories[i])
    }
    pub fn event(&self, id: &str) -> Option<&storyline_model::Event> {
        self.event_ix.get(id).map(|&i| &self.export.events[i])
    }
    pub fn rows(&self) -> &[StoryRow] {
        &self.rows
    }
    pub fn row_of(&self, story: &str) -> Option<&StoryRow> {
        self.rows.iter().find(|r| r.id == story)
    }
    /// The stories an article belongs to.
    pub fn stories_of(&self, article: &str) -> impl Iterator<Item = &Story> {
        self.stories_of_article
            .get(article)
            .into_iter()
            .flatten()
            .map(|&i| &self.export.stories[i])
    }
    /// Entity mentions in an article: (start, end, entity index), sorted by start.
    pub fn mentions_in(&self, article: &str) -> &[(usize, usize, usize)] {
        self.mentions_of_article
            .get(article)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
    pub fn quotes_in(&self, article: &str) -> impl Iterator<Item = &storyline_model::Attribution> {
        self.quotes_of_article
            .get(article)
            .into_iter()
            .flatten()
            .map(|&i| &self.export.attributions[i])
    }
    pub fn times_in(&self, article: &str) -> impl Iterator<Item = &storyline_model::TimeExpr> {
        self.times_of_article
            .get(article)
            .into_iter()
            .flatten()
            .map(|&i| &self.export.times[i])
    }

    /// The text of one sentence of one article, if both exist.
    pub fn sentence(&self, article: &str, sentence: usize) -> Option<&str> {
        let a = self.article(article)?;
        a.sentences.get(sentence)?.slice(&a.text)
    }

    /// Full-text search over articles (title and text), entities (names and aliases) and
    /// quotes. Every whitespace-separated term must occur (case-insensitive).
    pub fn search(&self, query: &str) -> SearchResults {
        let terms: Vec<String> = query
            .split_whitespace()
            .map(fold)
            .filter(|t| !t.is_empty())
            .collect();
        let mut out = SearchResults {
            query: query.to_string(),
            articles: Vec::new(),
            entities: Vec::new(),
            quotes: Vec::new(),
        };
        if terms.is_empty() {
            return out;
        }
        for (a, (title, text)) in self.export.articles.iter().zip(&self.folded_articles) {
            let mut score = 0;
            let mut all = true;
            for t in &terms {
                let n = title.matches(t.as_str()).count() * 3 + text.matches(t.as_str()).count();
                if n == 0 {
                    all = false;
                    break;
                }
                score += n;
            }
            if all {
                out.articles.push(ArticleHit {
                    id: a.id.to_string(),
                    title: article_title(a),
                    outlet: a.outlet.clone(),
                    published: a.published.as_ref().map(|p| p.value.clone()),
                    snippet: snippet(&a.text, text, &terms[0]),
                    score,
                });
            }
        }
        out.articles
            .sort_by(|a, b| b.score.cmp(&a.score).then(a.id.cmp(&b.id)));
        out.articles.truncate(SEARCH_LIMIT);
        let phrase = terms.join(" ");
        for e in &self.export.entities {
            let names = std::iter::once(&e.name).chain(&e.aliases);
            let hit = names
                .map(|n| fold(n))
                .any(|n| n.contains(&phrase) || terms.iter().all(|t| n.contains(t.as_str())));
            if hit {
                out.entities.push(EntityHit {
                    id: e.id.to_string(),
                    name: e.name.clone(),
                    kind: e.kind,
                    aliases: e.aliases.clone(),
                    mentions: e.mentions.len(),
                });
            }
        }
        out.entities
            .sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.id.cmp(&b.id)));
        out.entities.truncate(SEARCH_LIMIT);
        for (q, folded) in self.export.attributions.iter().zip(&self.folded_quotes) {
            let speaker_name = q
                .speaker
                .as_ref()
                .and_then(|s| self.entity(s.as_str()))
                .map(|e| e.name.clone())
                .or_else(|| q.speaker_text.clone());
            let speaker_folded = speaker_name.as_deref().map(fold).unwrap_or_default();
            if terms
                .iter()
                .all(|t| folded.contains(t.as_str()) || speaker_folded.contains(t.as_str()))
            {
                out.quotes.push(QuoteHit {
                    id: q.id.to_string(),
                    article: q.article.to_string(),
                    content: q.content.clone(),
                    speaker: q.speaker.as_ref().map(|s| s.to_string()),
                    speaker_name,
                });
                if out.quotes.len() == SEARCH_LIMIT {
                    break;
                }
            }
        }
        out
    }
}

fn index<'a>(ids: impl Iterator<Item = &'a str>) -> FxHashMap<String, usize> {
    ids.enumerate().map(|(i, id)| (id.to_string(), i)).collect()
}

fn story_row(
    export: &Export,
    article_ix: &FxHashMap<String, usize>,
    i: usize,
    s: &Story,
) -> StoryRow {
    let articles: Vec<(usize, &Article)> = s
        .articles
        .iter()
        .filter_map(|a| {
            article_ix
                .get(a.as_str())
                .map(|&j| (j, &export.articles[j]))
        })
        .collect();
    let dates: Vec<&str> = articles
        .iter()
        .filter_map(|(_, a)| a.published.as_ref().map(|p| p.value.as_str()))
        .collect();
    let groups: FxHashSet<&str> = articles
        .iter()
        .map(|(_, a)| {
            a.origin_group
                .as_ref()
                .map(|g| g.as_str())
                .unwrap_or(a.id.as_str())
        })
        .collect();
    let last = articles.iter().max_by_key(|(j, _)| *j);
    StoryRow {
        id: s.id.to_string(),
        headline: s.headline.clone(),
        article_count: s.articles.len(),
        independent_sources: groups.len(),
        first_date: dates.iter().min().map(|d| d.to_string()),
        last_date: dates.iter().max().map(|d| d.to_string()),
        last_article: last.map(|(_, a)| a.id.to_string()),
        story: i,
        last_seq: last.map(|(j, _)| *j).unwrap_or(0),
    }
}

/// An article's title, or the start of its first sentence.
pub fn article_title(a: &Article) -> String {
    if let Some(t) = a.title.as_deref().filter(|t| !t.trim().is_empty()) {
        return t.to_string();
    }
    let first = a
        .sentences
        .first()
        .and_then(|s| s.slice(&a.text))
        .unwrap_or(&a.text);
    truncate(first, 90)
}

/// At most `n` chars, with an ellipsis when cut.
pub fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let mut t: String = s.chars().take(n).collect();
    t.push('…');
    t
}

/// About 200 chars of `text` around the first occurrence of `term` in `folded`.
fn snippet(text: &str, folded: &str, term: &str) -> String {
    let Some(byte) = folded.find(term) else {
        return truncate(text, 200);
    };
    let at = folded[..byte].chars().count();
    let start = at.saturating_sub(80);
    let body: String = text.chars().skip(start).take(200).collect();
    let mut s = String::new();
    if start > 0 {
        s.push('…');
    }
    s.push_str(body.trim());
    if start + 200 < text.chars().count() {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_keeps_char_offsets() {
        let s = "İstanbul ÉTÉ Straße";
        assert_eq!(fold(s).chars().count(), s.chars().count());
        assert!(fold(s).contains("été"));
    }

    #[test]
    fn snippet_centres_on_the_term() {
        let text = format!("{} needle {}", "x ".repeat(100), "y ".repeat(100));
        let s = snippet(&text, &fold(&text), "needle");
        assert!(s.contains("needle"));
        assert!(s.starts_with('…') && s.ends_with('…'));
        assert!(s.chars().count() <= 202);
    }
}

//! What the per-article stages found in one article, as stored: the input of the corpus
//! stages (entity resolution across articles, stories, claims). Not part of the export; its
//! content reaches the export through [`crate::Entity`], [`crate::Attribution`] and the rest.

use crate::{ArticleId, AttributionKind, EntityKind, TimeExpr};
use serde::{Deserialize, Serialize};

/// One name in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameMention {
    /// Code points into the article's cleaned text.
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: EntityKind,
    pub sentence: usize,
    /// The article-local entity this mention refers to (index into `Annotations::locals`).
    pub local: usize,
    /// What the text says this referent is at this mention ("Russian President",
    /// "head of the Russian Direct Investment Fund").
    pub description: Option<String>,
}

/// A referent within one article: its mentions resolved to one another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalEntity {
    /// The fullest name the article uses for it.
    pub name: String,
    pub kind: EntityKind,
    /// Known only by a description ("the French president"): it becomes an entity only by
    /// resolving to a named one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub descriptive: bool,
}

/// A quote or reported statement, its speaker given as a local entity when resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteRecord {
    pub kind: AttributionKind,
    pub start: usize,
    pub end: usize,
    pub content: String,
    pub cue: Option<String>,
    /// Local entity of the speaker, when it resolves to a named one.
    pub speaker: Option<usize>,
    /// The speaker as written ("he", "a senior official", "Ushakov").
    pub speaker_text: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotations {
    pub locals: Vec<LocalEntity>,
    pub mentions: Vec<NameMention>,
    #[serde(default)]
    pub quotes: Vec<QuoteRecord>,
    #[serde(default)]
    pub times: Vec<TimeExpr>,
}

/// An article with what the per-article stages found in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysed {
    pub article: crate::Article,
    pub annotations: Annotations,
}

impl Analysed {
    pub fn id(&self) -> &ArticleId {
        &self.article.id
    }
}

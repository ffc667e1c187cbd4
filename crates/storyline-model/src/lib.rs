//! The storyline contract: ids, spans and every type of the export document.
//!
//! This crate has no I/O. The export JSON (`schema: storyline/1`, see
//! `shared/spec/contract.md`) is exactly these types serialised with serde.

mod annotations;
mod ids;
mod span;

pub use annotations::{Analysed, Annotations, LocalEntity, NameMention, QuoteRecord};

pub use ids::{ArticleId, AttributionId, ClaimId, EntityId, EventId, GroupId, StoryId};
pub use span::{char_len, Span};

use serde::{Deserialize, Serialize};

/// Version string of the export document.
pub const SCHEMA: &str = "storyline/1";

/// Where an article's publication date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    Metadata,
    Dateline,
    Url,
    Text,
    Inferred,
}

impl DateSource {
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::Metadata => "metadata",
            DateSource::Dateline => "dateline",
            DateSource::Url => "url",
            DateSource::Text => "text",
            DateSource::Inferred => "inferred",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "metadata" => DateSource::Metadata,
            "dateline" => DateSource::Dateline,
            "url" => DateSource::Url,
            "text" => DateSource::Text,
            "inferred" => DateSource::Inferred,
            _ => return None,
        })
    }
}

/// An article's publication date (ISO 8601 date or date-time) and its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    pub value: String,
    pub source: DateSource,
}

/// A stated publication date that the article's own text, or the other reports of its
/// story, contradict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedConflict {
    pub claimed: String,
    pub evidence: String,
    /// The other reports whose text gives the evidence (empty when it is the article's own).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reports: Vec<ArticleId>,
}

/// What kind of text cleaning took out of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RemovedKind {
    Repeated,
    Caption,
    Boilerplate,
    Header,
}

impl RemovedKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RemovedKind::Repeated => "repeated",
            RemovedKind::Caption => "caption",
            RemovedKind::Boilerplate => "boilerplate",
            RemovedKind::Header => "header",
        }
    }
}

/// One piece of text removed from the body by cleaning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    pub kind: RemovedKind,
    pub text: String,
}

/// One analysed article as exported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: ArticleId,
    /// Path or URL as given on the command line (plus `#n` for items of a container).
    pub origin: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub language: Option<String>,
    pub published: Option<Published>,
    pub published_conflict: Option<PublishedConflict>,
    /// The cleaned body; every span of the export points into it.
    pub text: String,
    pub sentences: Vec<Span>,
    pub removed: Vec<Removed>,
    pub duplicate_of: Option<ArticleId>,
    pub origin_group: Option<GroupId>,
}

impl Article {
    /// An article with its identity, text and sentences only: no address, outlet, title,
    /// authors, language or date, nothing removed, no copy marks. Corpus readers and tests
    /// fill in what they know with struct update syntax.
    pub fn new(id: ArticleId, origin: String, text: String, sentences: Vec<Span>) -> Article {
        Article {
            id,
            origin,
            url: None,
            outlet: None,
            title: None,
            authors: Vec::new(),
            language: None,
            published: None,
            published_conflict: None,
            text,
            sentences,
            removed: Vec::new(),
            duplicate_of: None,
            origin_group: None,
        }
    }
}

/// Closed set of entity kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Organization,
    Location,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Description {
    pub text: String,
    pub articles: Vec<ArticleId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub article: ArticleId,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub id: EntityId,
    pub name: String,
    pub kind: EntityKind,
    pub aliases: Vec<String>,
    pub descriptions: Vec<Description>,
    pub mentions: Vec<Mention>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AttributionKind {
    Direct,
    Partial,
    Indirect,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attribution {
    pub id: AttributionId,
    pub article: ArticleId,
    pub kind: AttributionKind,
    pub content: String,
    pub start: usize,
    pub end: usize,
    pub cue: Option<String>,
    pub speaker: Option<EntityId>,
    pub speaker_text: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimeType {
    Date,
    Time,
    Duration,
    Set,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeExpr {
    pub article: ArticleId,
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(rename = "type")]
    pub kind: TimeType,
    pub value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    Meeting,
    Talks,
    Visit,
    Statement,
    Announcement,
    Agreement,
    Attack,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateBasis {
    Stated,
    Resolved,
    Inferred,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDate {
    pub value: String,
    pub end: Option<String>,
    pub basis: DateBasis,
}

/// A reference to one sentence of one article.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SentenceRef {
    pub article: ArticleId,
    pub sentence: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: EventId,
    pub kind: EventKind,
    pub title: String,
    pub date: Option<EventDate>,
    pub place: Option<EntityId>,
    pub participants: Vec<EntityId>,
    pub duration: Option<String>,
    pub mentions: Vec<SentenceRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummarySentence {
    pub text: String,
    pub citations: Vec<SentenceRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub date: Option<String>,
    pub event: EventId,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimStatus {
    Corroborated,
    SingleSource,
    Contested,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    Supports,
    Contradicts,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub article: ArticleId,
    pub sentence: usize,
    pub stance: Stance,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub id: ClaimId,
    pub text: String,
    pub status: ClaimStatus,
    pub independent_sources: usize,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConflictKind {
    Role,
    Date,
    Place,
    Number,
    Published,
    Other,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConflictValue {
    pub value: String,
    pub articles: Vec<ArticleId>,
    /// The sentences that give this value (empty for values not read from one sentence).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sentences: Vec<SentenceRef>,
}

/// Whether the values of a conflict contradict each other or follow one another in time (a
/// toll rising as later reports come in).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConflictLabel {
    #[default]
    Contradiction,
    Update,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub kind: ConflictKind,
    pub subject: String,
    pub about: String,
    pub values: Vec<ConflictValue>,
    /// `update` when later reports revise an earlier value, values then in publication order.
    #[serde(default)]
    pub label: ConflictLabel,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    pub id: StoryId,
    pub headline: String,
    pub articles: Vec<ArticleId>,
    pub events: Vec<EventId>,
    pub entities: Vec<EntityId>,
    pub summary: Vec<SummarySentence>,
    pub timeline: Vec<TimelineEntry>,
    pub claims: Vec<Claim>,
    pub conflicts: Vec<Conflict>,
}

/// The whole export document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Export {
    pub schema: String,
    pub articles: Vec<Article>,
    pub entities: Vec<Entity>,
    pub attributions: Vec<Attribution>,
    pub times: Vec<TimeExpr>,
    pub events: Vec<Event>,
    pub stories: Vec<Story>,
}

impl Default for Export {
    fn default() -> Self {
        Export {
            schema: SCHEMA.to_string(),
            articles: Vec::new(),
            entities: Vec::new(),
            attributions: Vec::new(),
            times: Vec::new(),
            events: Vec::new(),
            stories: Vec::new(),
        }
    }
}

/// Output of `storyline extract`: one page or file, main content only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extracted {
    pub title: Option<String>,
    pub published: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub authors: Vec<String>,
    pub language: Option<String>,
    pub text: String,
    pub removed: Vec<Removed>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_has_every_top_level_key() {
        let v = serde_json::to_value(Export::default()).unwrap();
        let obj = v.as_object().unwrap();
        for key in [
            "schema",
            "articles",
            "entities",
            "attributions",
            "times",
            "events",
            "stories",
        ] {
            assert!(obj.contains_key(key), "missing {key}");
        }
        assert_eq!(obj["schema"], "storyline/1");
    }

    #[test]
    fn enums_serialise_as_the_contract_spells_them() {
        assert_eq!(
            serde_json::to_string(&ClaimStatus::SingleSource).unwrap(),
            "\"single_source\""
        );
        assert_eq!(
            serde_json::to_string(&TimeType::Duration).unwrap(),
            "\"DURATION\""
        );
        assert_eq!(
            serde_json::to_string(&RemovedKind::Caption).unwrap(),
            "\"caption\""
        );
        assert_eq!(
            serde_json::to_string(&DateSource::Dateline).unwrap(),
            "\"dateline\""
        );
        assert_eq!(
            serde_json::to_string(&EntityKind::Organization).unwrap(),
            "\"organization\""
        );
    }
}

//! Analysed reports for the corpus stages' tests: a text run through the per-article
//! stages, with an optional stated date and an origin group.

use super::claims::Source;
use crate::extract::annotate::annotate;
use crate::{document, ingest};
use storyline_model::{Annotations, Article, ArticleId, DateSource, Published};

pub struct Report {
    pub article: Article,
    pub annotations: Annotations,
    pub group: String,
}

impl Report {
    pub fn source(&self) -> Source<'_> {
        Source {
            article: &self.article,
            annotations: &self.annotations,
            group: &self.group,
        }
    }
}

/// `name` makes the id (copies at other addresses are other articles); `date` is stated
/// as metadata.
pub fn report(name: &str, date: Option<&str>, group: &str, text: &str) -> Report {
    let mut article = document::analyse(ingest::text::parse(name, text)).expect("analysed");
    article.id = ArticleId::from_content(name.as_bytes());
    if let Some(d) = date {
        article.published = Some(Published {
            value: d.to_string(),
            source: DateSource::Metadata,
        });
    }
    let annotations = annotate(&article);
    Report {
        article,
        annotations,
        group: group.to_string(),
    }
}

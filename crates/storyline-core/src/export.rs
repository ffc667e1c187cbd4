//! The export document (contract `storyline/1`): assembled from the store by running the
//! corpus stages over what it holds.

use crate::link::resolve;
use storyline_model::{Attribution, AttributionId, Export, StoryId};
use storyline_store::{Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no such story: {0}")]
    NoStory(String),
}

/// Everything the store holds, or one story of it.
pub fn export(store: &dyn Store, story: Option<&StoryId>) -> Result<Export, ExportError> {
    if let Some(s) = story {
        // Stories are computed by the corpus stages of issue 5; until then there are none.
        return Err(ExportError::NoStory(s.to_string()));
    }
    let articles = store.articles()?;
    let annotations = store.annotations()?;
    let resolution = resolve::resolve(&annotations);
    let mut attributions = Vec::new();
    let mut times = Vec::new();
    for (article, ann) in &annotations {
        times.extend(ann.times.iter().cloned());
        for q in &ann.quotes {
            attributions.push(Attribution {
                id: AttributionId::from_content(
                    format!("{article}\u{0}{}\u{0}{}", q.start, q.end).as_bytes(),
                ),
                article: article.clone(),
                kind: q.kind,
                content: q.content.clone(),
                start: q.start,
                end: q.end,
                cue: q.cue.clone(),
                speaker: q
                    .speaker
                    .and_then(|l| resolution.of_local.get(&(article.clone(), l)).cloned()),
                speaker_text: q.speaker_text.clone(),
            });
        }
    }
    Ok(Export {
        articles,
        entities: resolution.entities,
        attributions,
        times,
        ..Export::default()
    })
}

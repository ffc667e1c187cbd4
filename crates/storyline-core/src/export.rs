//! The export document (contract `storyline/1`): assembled from the store by running the
//! corpus stages over what it holds.

use crate::link::resolve;
use storyline_model::{Export, StoryId};
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
    Ok(Export {
        articles,
        entities: resolution.entities,
        ..Export::default()
    })
}

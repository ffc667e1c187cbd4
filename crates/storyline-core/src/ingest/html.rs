//! Web pages: main content and metadata (title, date, outlet, authors, language) from meta
//! tags, JSON-LD and the URL.
//! TODO(helper): implement.

use storyline_model::Published;

/// What a page yields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlDoc {
    pub title: Option<String>,
    pub published: Option<Published>,
    pub outlet: Option<String>,
    /// Canonical URL if the page declares one, else the URL it was fetched from.
    pub url: Option<String>,
    pub authors: Vec<String>,
    pub language: Option<String>,
    /// Main content: one paragraph per block, blocks separated by a blank line.
    pub text: String,
}

pub fn extract(html: &str, url: Option<&str>) -> HtmlDoc {
    let _ = (html, url);
    unimplemented!("html extraction")
}

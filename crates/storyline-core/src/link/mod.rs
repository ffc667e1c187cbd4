//! Corpus stages that link what single articles found: copies of one report, entities across
//! articles, stories, events, claims and the conflicts between reports.

pub mod claims;
pub mod cluster;
pub mod conflicts;
pub mod dates;
pub mod dedup;
pub mod events;
pub mod resolve;
pub(crate) mod union_find;

#[cfg(test)]
pub(crate) mod test_reports;

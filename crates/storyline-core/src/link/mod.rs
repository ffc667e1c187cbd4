//! Corpus stages that link what single articles found: entities across articles (and, in
//! later stages, copies of one report, stories, events).

pub mod cluster;
pub mod dedup;
pub mod events;
pub mod resolve;

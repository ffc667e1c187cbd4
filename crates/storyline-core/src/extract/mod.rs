//! Per-article extraction stages: what a cleaned, segmented document mentions.

pub mod annotate;
pub mod attribution;
pub mod coref;
pub mod entities;
pub mod events;
pub mod reuse;
pub mod roles;
pub mod time;

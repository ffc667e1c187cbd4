//! Per-article extraction stages: what a cleaned, segmented document mentions.

pub mod entities;

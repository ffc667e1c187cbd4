//! Evaluation: readers for the corpora in `shared/corpus` and scorers that print the same
//! metric as the public benchmark each mirrors.

pub mod conll;
pub mod duc;
pub mod ecbplus;
pub mod extraction;
pub mod polnear;
pub mod rouge;
pub mod semeval_timeline;
pub mod tempeval;
pub mod timeml;

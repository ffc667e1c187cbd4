//! Main-content extraction on the scrapinghub article-extraction benchmark.
//! TODO(helper): implement.

use std::path::Path;

/// Scores of one evaluation run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub pages: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "pages {}  precision {:.3}  recall {:.3}  F1 {:.3}",
            self.pages, self.precision, self.recall, self.f1
        )
    }
}

pub fn evaluate(dir: &Path) -> std::io::Result<Report> {
    let _ = dir;
    unimplemented!()
}

//! Evaluation: readers for the corpora in `shared/corpus` and scorers that print the same
//! metric as the public benchmark each mirrors.

pub mod conll;
pub mod duc;
pub mod ecbplus;
pub mod ecbplus_align;
pub mod extraction;
pub mod polnear;
pub mod polnear_boundaries;
pub mod rouge;
pub mod semeval_timeline;
pub mod tempeval;
pub mod timeml;
pub mod xml;

/// Every file under `dir`, recursively, sorted by path.
pub fn files_under(dir: &std::path::Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d)? {
            let p = e?.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// `matched / of` (0 when `of` is 0): precision or recall from counts.
pub fn ratio(matched: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        matched as f64 / of as f64
    }
}

/// Harmonic mean of precision and recall (0 when both are 0).
pub fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

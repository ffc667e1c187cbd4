//! Words of a sentence with their code-point offsets.

/// Words of a sentence: code-point start, end and the lowercased word (letters, digits,
/// inner hyphens and apostrophes).
pub fn words(sentence: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, String)> = None;
    let chars: Vec<char> = sentence.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let inner = (c == '-' || c == '\'' || c == '’')
            && cur.is_some()
            && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        if c.is_alphanumeric() || inner {
            match &mut cur {
                Some((_, w)) => w.extend(c.to_lowercase()),
                None => cur = Some((i, c.to_lowercase().collect())),
            }
        } else if let Some((s, w)) = cur.take() {
            out.push((s, i, w));
        }
    }
    if let Some((s, w)) = cur {
        out.push((s, chars.len(), w));
    }
    out
}

//! Words of a sentence with their code-point offsets.

/// Words of a sentence: code-point start, end and the lowercased word (letters, digits,
/// inner hyphens and apostrophes).
pub fn words(sentence: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, String)> = None;
    let mut chars = sentence.chars().peekable();
    let mut i = 0;
    while let Some(c) = chars.next() {
        let inner = (c == '-' || c == '\'' || c == '’')
            && cur.is_some()
            && chars.peek().is_some_and(|n| n.is_alphanumeric());
        if c.is_alphanumeric() || inner {
            let word = &mut cur.get_or_insert_with(|| (i, String::new())).1;
            // ASCII (most of news) lowercases without Unicode's case tables.
            if c.is_ascii() {
                word.push(c.to_ascii_lowercase());
            } else {
                word.extend(c.to_lowercase());
            }
        } else if let Some((s, w)) = cur.take() {
            out.push((s, i, w));
        }
        i += 1;
    }
    if let Some((s, w)) = cur {
        out.push((s, i, w));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The plain reading: every character, Unicode lowercasing throughout.
    fn reference(sentence: &str) -> Vec<(usize, usize, String)> {
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

    #[test]
    fn words_keep_inner_hyphens_and_apostrophes() {
        let got = words("Zelensky’s re-election: İstanbul, -5 'quoted'");
        let texts: Vec<&str> = got.iter().map(|w| w.2.as_str()).collect();
        assert_eq!(
            texts,
            [
                "zelensky’s",
                "re-election",
                "i\u{307}stanbul",
                "5",
                "quoted"
            ]
        );
        assert_eq!((got[0].0, got[0].1), (0, 10));
        assert_eq!(
            got,
            reference("Zelensky’s re-election: İstanbul, -5 'quoted'")
        );
    }

    proptest! {
        #[test]
        fn the_same_words_as_the_plain_reading(s in "[a-zA-Z0-9 '’\\-ÄÉİßΣσ.,]{0,40}") {
            prop_assert_eq!(words(&s), reference(&s));
        }
    }
}

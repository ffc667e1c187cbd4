//! Name keys: how names are compared within and across articles (case, diacritics,
//! possessives, transliteration variants, acronyms).

use unicode_normalization::UnicodeNormalization;

/// Lowercase, diacritics stripped, possessive `’s` dropped, punctuation removed, words
/// joined by single spaces: "Zelenskyy’s" → "zelenskyy", "Société Générale" → "societe generale".
pub fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        let word = word
            .trim_end_matches("’s")
            .trim_end_matches("'s")
            .trim_end_matches(['’', '\'']);
        let mut w = String::with_capacity(word.len());
        for c in word.nfd() {
            if c.is_alphanumeric() {
                w.extend(c.to_lowercase());
            } else if c == '-' {
                w.push(' ');
            }
        }
        let w = w.trim();
        if !w.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    out
}

/// A coarser key that spelling variants and transliterations share: `y`/`i` and doubled
/// letters are not told apart, `ph` is `f`, `kh` is `h`, `q` is `k`
/// (Zelensky / Zelenskyy / Zelenskiy, Navalny / Navalnyi, Qaddafi / Kaddafi).
pub fn variant_key(name: &str) -> String {
    let folded = fold(name);
    let mut out = String::with_capacity(folded.len());
    let chars: Vec<char> = folded.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let mapped = match (c, next) {
            ('p', Some('h')) => {
                i += 1;
                'f'
            }
            ('k', Some('h')) => {
                i += 1;
                'h'
            }
            ('y', _) | ('j', Some('a' | 'e' | 'o' | 'u')) if i > 0 && chars[i - 1] != ' ' => 'i',
            ('y', _) => 'i',
            ('q', _) => 'k',
            ('c', Some('k')) => {
                i += 1;
                'k'
            }
            (c, _) => c,
        };
        if !out.ends_with(mapped) || mapped == ' ' {
            out.push(mapped);
        }
        i += 1;
    }
    out
}

/// Initials of the significant words: "World Health Organization" → "WHO",
/// "North Atlantic Treaty Organisation" → "NATO".
pub fn initials(name: &str) -> String {
    const SKIP: &[&str] = &[
        "of", "the", "and", "for", "in", "on", "de", "des", "du", "la", "le", "&",
    ];
    name.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty() && !SKIP.contains(&w.to_lowercase().as_str()))
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_uppercase)
        .collect()
}

/// Whether `name` is written as an acronym ("WHO", "U.N.", "NATO").
pub fn is_acronym(name: &str) -> bool {
    let letters: String = name.chars().filter(|c| c.is_alphabetic()).collect();
    (2..=7).contains(&letters.chars().count())
        && letters.chars().all(char::is_uppercase)
        && !name.contains(' ')
}

/// The letters of an acronym: "U.N." → "UN".
pub fn acronym_letters(name: &str) -> String {
    name.chars().filter(|c| c.is_alphabetic()).collect()
}

/// Levenshtein distance, for short keys.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(fold("Zelenskyy’s"), "zelenskyy");
        assert_eq!(fold("Société  Générale"), "societe generale");
        assert_eq!(fold("Jean-Luc Mélenchon"), "jean luc melenchon");
    }

    #[test]
    fn variants_share_a_key() {
        assert_eq!(variant_key("Zelensky"), variant_key("Zelenskyy"));
        assert_eq!(variant_key("Zelenskiy"), variant_key("Zelensky"));
        assert_eq!(variant_key("Navalny"), variant_key("Navalnyi"));
        assert_eq!(variant_key("Qaddafi"), variant_key("Kaddafi"));
        assert!(edit_distance(&variant_key("Gaddafi"), &variant_key("Qaddafi")) <= 1);
        assert_ne!(variant_key("Putin"), variant_key("Patin"));
    }

    #[test]
    fn acronyms() {
        assert_eq!(initials("World Health Organization"), "WHO");
        assert_eq!(initials("North Atlantic Treaty Organization"), "NATO");
        assert!(is_acronym("WHO"));
        assert!(is_acronym("U.N."));
        assert!(!is_acronym("Putin"));
        assert_eq!(acronym_letters("U.N."), "UN");
    }
}

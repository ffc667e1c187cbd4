//! A news tokenizer that splits text the way CoNLL-2003 (Reuters) is tokenised: punctuation and
//! quotes are tokens of their own, clitics (`'s`, `n't`) are split off, and abbreviations
//! (`U.S.`, `Mr.`, `Corp.`), numbers (`1,189.42`), dates (`1996-08-22`) and hyphenated words
//! stay whole. Offsets count code points, `end` exclusive.

/// A token of the input: `[start, end)` in code points, and its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

const OPENERS: &[char] = &['"', '\'', '(', '[', '{', '“', '‘', '«', '`', '¿', '¡'];
const CLOSERS: &[char] = &[
    '"', '\'', ')', ']', '}', '”', '’', '»', ',', ';', ':', '!', '?', '…',
];

/// Words written with a final period that is part of the word.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "maj", "capt", "sgt",
    "cpl", "adm", "cmdr", "rev", "hon", "pres", "supt", "insp", "det", "st", "ste", "mt", "ft",
    "inc", "corp", "co", "ltd", "plc", "bros", "jr", "sr", "no", "nos", "vs", "etc", "approx",
    "dept", "univ", "assn", "ave", "blvd", "rd", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri",
    "sat", "sun", "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind",
    "kan", "ky", "la", "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla",
    "ore", "pa", "tenn", "tex", "va", "vt", "wash", "wis", "wyo",
];

fn is_abbreviation(word: &str) -> bool {
    // `word` ends with '.'.
    let stem = &word[..word.len() - 1];
    if stem.is_empty() {
        return false;
    }
    if stem.contains('.') {
        return true; // U.S., a.m., U.N.
    }
    let mut chars = stem.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_alphabetic(); // initials: "J."
    }
    stem.len() <= 6 && ABBREVIATIONS.iter().any(|a| stem.eq_ignore_ascii_case(a))
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    // Walk whitespace-separated chunks, tracking code-point offsets.
    let mut chunk_start: Option<(usize, usize)> = None; // (byte, code point)
    for (cp, (b, c)) in text.char_indices().enumerate() {
        if c.is_whitespace() {
            if let Some((sb, sc)) = chunk_start.take() {
                split_chunk(&text[sb..b], sc, &mut out);
            }
        } else if chunk_start.is_none() {
            chunk_start = Some((b, cp));
        }
    }
    if let Some((sb, sc)) = chunk_start {
        split_chunk(&text[sb..], sc, &mut out);
    }
    out
}

fn push<'a>(out: &mut Vec<Token<'a>>, text: &'a str, start: usize) {
    let n = text.chars().count();
    out.push(Token {
        start,
        end: start + n,
        text,
    });
}

fn split_chunk<'a>(chunk: &'a str, start: usize, out: &mut Vec<Token<'a>>) {
    let mut s = chunk;
    let mut s_start = start;
    // Leading quotes and brackets.
    while let Some(c) = s.chars().next() {
        if s.len() > c.len_utf8() && OPENERS.contains(&c) {
            // Keep "'s", "'90s" style tokens whole.
            if (c == '\'' || c == '’')
                && s[c.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(|n| n.is_alphanumeric())
                && is_clitic(s)
            {
                break;
            }
            push(out, &s[..c.len_utf8()], s_start);
            s = &s[c.len_utf8()..];
            s_start += 1;
        } else {
            break;
        }
    }
    // Trailing punctuation, clitics and periods, collected right to left.
    let mut tail: Vec<&'a str> = Vec::new();
    while let Some(c) = s.chars().next_back() {
        let cl = c.len_utf8();
        if s.len() > cl && CLOSERS.contains(&c) {
            // Plural possessive "players'" keeps the apostrophe as its own token: fine.
            tail.push(&s[s.len() - cl..]);
            s = &s[..s.len() - cl];
            continue;
        }
        if s.len() > 3 && s.ends_with("...") {
            tail.push(&s[s.len() - 3..]);
            s = &s[..s.len() - 3];
            continue;
        }
        if c == '.' && s.len() > 1 && !is_abbreviation(s) {
            tail.push(&s[s.len() - 1..]);
            s = &s[..s.len() - 1];
            continue;
        }
        if let Some(n) = clitic_len(s) {
            tail.push(&s[s.len() - n..]);
            s = &s[..s.len() - n];
            continue;
        }
        break;
    }
    if !s.is_empty() {
        push(out, s, s_start);
    }
    let mut pos = s_start + s.chars().count();
    for t in tail.into_iter().rev() {
        push(out, t, pos);
        pos += t.chars().count();
    }
}

fn is_clitic(s: &str) -> bool {
    let l = s.to_lowercase().replace('’', "'");
    matches!(l.as_str(), "'s" | "'re" | "'ve" | "'ll" | "'d" | "'m")
}

/// Byte length of a clitic ending `s` ("'s", "n't", "'re", …) when `s` has more before it.
fn clitic_len(s: &str) -> Option<usize> {
    let lower = s.to_ascii_lowercase();
    for suffix in ["n't", "n’t"] {
        if lower.ends_with(suffix) && lower.len() > suffix.len() {
            return Some(suffix.len());
        }
    }
    for apos in ["'", "’"] {
        for rest in ["s", "re", "ve", "ll", "d", "m"] {
            let n = apos.len() + rest.len();
            if lower.len() > n
                && lower.ends_with(rest)
                && lower[..lower.len() - rest.len()].ends_with(apos)
            {
                return Some(n);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        tokenize(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn splits_like_conll() {
        assert_eq!(
            texts("Germany's Mr. Kohl said (on 1996-08-22) the U.S. don't \"agree\"."),
            vec![
                "Germany",
                "'s",
                "Mr.",
                "Kohl",
                "said",
                "(",
                "on",
                "1996-08-22",
                ")",
                "the",
                "U.S.",
                "do",
                "n't",
                "\"",
                "agree",
                "\"",
                "."
            ]
        );
        assert_eq!(
            texts("Shares rose 1,189.42 points, analysts' notes... Anglo-Dutch Unilever Plc."),
            vec![
                "Shares",
                "rose",
                "1,189.42",
                "points",
                ",",
                "analysts",
                "'",
                "notes",
                "...",
                "Anglo-Dutch",
                "Unilever",
                "Plc."
            ]
        );
    }

    #[test]
    fn offsets_count_code_points() {
        let text = "«Zürich» — São Paulo’s mayor.";
        let toks = tokenize(text);
        let chars: Vec<char> = text.chars().collect();
        for t in &toks {
            let s: String = chars[t.start..t.end].iter().collect();
            assert_eq!(s, t.text);
        }
        assert_eq!(
            toks.iter().map(|t| t.text).collect::<Vec<_>>(),
            vec!["«", "Zürich", "»", "—", "São", "Paulo", "’s", "mayor", "."]
        );
        assert_eq!((toks[4].start, toks[4].end), (11, 14));
    }

    #[test]
    fn empty_and_space_only() {
        assert!(tokenize("").is_empty());
        assert!(tokenize(" \n\t ").is_empty());
        assert_eq!(texts("."), vec!["."]);
        assert_eq!(texts("\"'"), vec!["\"", "'"]);
    }
}

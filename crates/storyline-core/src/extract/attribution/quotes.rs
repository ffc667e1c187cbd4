//! Quotation marks → quoted stretches of text.
//!
//! One pass over the code points finds double-quoted stretches (straight `"`, curly `“ ”`,
//! low `„`, guillemets `« »`), a second pass finds single-quoted ones (`‘ ’`, straight `'`)
//! outside them. The glyph proposes a direction, the neighbouring characters decide it, so
//! mismatched marks (`“…“`, `"…”`, `”…”`) still pair up. An apostrophe is told from a closing
//! single quote by what is around it: a letter on both sides (`We’re`, `Macron’s`), or a
//! digit after a space (`the ’90s`), is an apostrophe.
//!
//! Quotes over several paragraphs: a paragraph that ends inside a quote continues the quote
//! when the next paragraph opens with a quotation mark (the news convention: the opening mark
//! is repeated, the closing one is left out), or when the next paragraph closes a quote
//! before it opens one (a writer who did not repeat the mark). Otherwise the quote ends with
//! its paragraph (a lost closing mark).

use storyline_model::Span;

/// One quoted stretch: its parts (one per paragraph, without marks, trimmed) and the
/// positions of its opening and closing marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Quote {
    pub open: usize,
    /// Position of the closing mark; `None` when the quote ran to the end of its paragraph.
    pub close: Option<usize>,
    pub parts: Vec<Span>,
    pub double: bool,
}

impl Quote {
    pub fn start(&self) -> usize {
        self.open
    }
    /// One past the closing mark (or the end of the last part).
    pub fn end(&self) -> usize {
        match self.close {
            Some(c) => c + 1,
            None => self.parts.last().map_or(self.open + 1, |p| p.end),
        }
    }
    pub fn words(&self, chars: &[char]) -> usize {
        self.parts
            .iter()
            .map(|p| count_words(&chars[p.start..p.end]))
            .sum()
    }
}

pub(crate) fn count_words(chars: &[char]) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for &c in chars {
        let w = c.is_alphanumeric();
        if w && !in_word {
            n += 1;
        }
        in_word = w;
    }
    n
}

pub(crate) fn is_double_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»' | '‟' | '＂')
}

pub(crate) fn is_single_mark(c: char) -> bool {
    matches!(c, '\'' | '‘' | '’' | '‚' | '‹' | '›')
}

pub(crate) fn is_quote_mark(c: char) -> bool {
    is_double_mark(c) || is_single_mark(c)
}

fn is_newline(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

fn opens_before(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | ':' | '…')
}

fn closes_after(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '—' | '–' | '-' | '…' | '/'
        )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    Open,
    Close,
    Either,
}

/// Direction the context gives a mark at `i`.
fn context_dir(chars: &[char], i: usize, is_mark: fn(char) -> bool) -> Dir {
    let prev = i.checked_sub(1).map(|j| chars[j]);
    let next = chars.get(i + 1).copied();
    let open_ctx = prev.is_none_or(|p| opens_before(p) || is_mark(p))
        && next.is_some_and(|n| !n.is_whitespace());
    let close_ctx = prev.is_some_and(|p| !p.is_whitespace())
        && next.is_none_or(|n| closes_after(n) || is_mark(n));
    match (open_ctx, close_ctx) {
        (true, false) => Dir::Open,
        (false, true) => Dir::Close,
        _ => Dir::Either,
    }
}

fn glyph_dir(c: char) -> Dir {
    match c {
        '“' | '„' | '«' | '‘' | '‚' | '‹' => Dir::Open,
        '”' | '»' | '’' | '›' => Dir::Close,
        _ => Dir::Either,
    }
}

/// Direction of a mark: context first, then glyph, then the state (toggle).
fn decide(chars: &[char], i: usize, open: bool, is_mark: fn(char) -> bool) -> Dir {
    match context_dir(chars, i, is_mark) {
        Dir::Either => match glyph_dir(chars[i]) {
            Dir::Either if open => Dir::Close,
            Dir::Either => Dir::Open,
            d => d,
        },
        d => d,
    }
}

/// Start of the paragraph after position `i` (first non-space code point after the next
/// line break), if any.
fn next_paragraph(chars: &[char], i: usize) -> Option<usize> {
    let mut j = i;
    while j < chars.len() && !is_newline(chars[j]) {
        j += 1;
    }
    while j < chars.len() && chars[j].is_whitespace() {
        j += 1;
    }
    (j < chars.len()).then_some(j)
}

fn paragraph_end(chars: &[char], i: usize) -> usize {
    let mut j = i;
    while j < chars.len() && !is_newline(chars[j]) {
        j += 1;
    }
    j
}

/// In the paragraph starting at `p`, does a closing-looking double mark come before any
/// opening-looking one?
fn closes_first(chars: &[char], p: usize) -> bool {
    let end = paragraph_end(chars, p);
    for i in p..end {
        if is_double_mark(chars[i]) {
            return match context_dir(chars, i, is_double_mark) {
                Dir::Close => true,
                Dir::Open => false,
                Dir::Either => glyph_dir(chars[i]) == Dir::Close,
            };
        }
    }
    false
}

/// Trimmed part `[s, e)`: no surrounding whitespace, no trailing comma.
fn part(chars: &[char], mut s: usize, mut e: usize) -> Option<Span> {
    while s < e && chars[s].is_whitespace() {
        s += 1;
    }
    while e > s && (chars[e - 1].is_whitespace() || chars[e - 1] == ',') {
        e -= 1;
    }
    (e > s).then(|| Span::new(s, e))
}

/// Rewrites `''` (two apostrophes standing for a double quotation mark, as some newspapers
/// print them) as one `"` and a space, keeping offsets: the space goes outside the quote
/// (`''Yes,''` → ` "Yes,"`), so the mark's neighbours still tell its direction.
pub(crate) fn normalise_doubled_apostrophes(chars: &mut [char]) {
    let mut i = 0;
    while i + 1 < chars.len() {
        if chars[i] == '\'' && chars[i + 1] == '\'' {
            let opening = i == 0 || chars[i - 1].is_whitespace() || opens_before(chars[i - 1]);
            if opening {
                chars[i] = ' ';
                chars[i + 1] = '"';
            } else {
                chars[i] = '"';
                chars[i + 1] = ' ';
            }
            i += 2;
        } else {
            i += 1;
        }
    }
}

/// All quoted stretches of `chars`, in text order, not overlapping.
pub(crate) fn find(chars: &[char]) -> Vec<Quote> {
    let mut out = find_double(chars);
    let singles = find_single(chars, &out);
    if !singles.is_empty() {
        out.extend(singles);
        out.sort_by_key(|q| q.open);
    }
    out
}

fn find_double(chars: &[char]) -> Vec<Quote> {
    let mut out = Vec::new();
    // Current quote: opening mark, start of the current part, finished parts.
    let mut open: Option<(usize, usize, Vec<Span>)> = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_newline(c) {
            if let Some((o, s, mut parts)) = open.take() {
                // The paragraph ended inside a quote.
                let next = next_paragraph(chars, i);
                let repeated = next.filter(|&p| {
                    is_double_mark(chars[p]) && context_dir(chars, p, is_double_mark) != Dir::Close
                });
                if let Some(p) = repeated {
                    parts.extend(part(chars, s, i));
                    open = Some((o, p + 1, parts));
                    i = p + 1;
                    continue;
                }
                if let Some(p) = next.filter(|&p| closes_first(chars, p)) {
                    parts.extend(part(chars, s, i));
                    open = Some((o, p, parts));
                    i = p;
                    continue;
                }
                parts.extend(part(chars, s, i));
                if !parts.is_empty() {
                    out.push(Quote {
                        open: o,
                        close: None,
                        parts,
                        double: true,
                    });
                }
            }
            i += 1;
            continue;
        }
        if !is_double_mark(c) {
            i += 1;
            continue;
        }
        // `''` used as a closing double mark is handled by the single pass.
        let dir = decide(chars, i, open.is_some(), is_double_mark);
        match (&open, dir) {
            (None, Dir::Open) => open = Some((i, i + 1, Vec::new())),
            (None, _) => {} // a stray closing mark
            (Some(_), Dir::Close) | (Some(_), Dir::Either) => {
                let (o, s, mut parts) = open.take().expect("open");
                parts.extend(part(chars, s, i));
                if !parts.is_empty() {
                    out.push(Quote {
                        open: o,
                        close: Some(i),
                        parts,
                        double: true,
                    });
                }
            }
            (Some(_), Dir::Open) => {
                // An opening mark inside an open quote on the same paragraph: the earlier
                // mark was stray; start again here.
                open = Some((i, i + 1, Vec::new()));
            }
        }
        i += 1;
    }
    if let Some((o, s, mut parts)) = open {
        parts.extend(part(chars, s, chars.len()));
        if !parts.is_empty() {
            out.push(Quote {
                open: o,
                close: None,
                parts,
                double: true,
            });
        }
    }
    out
}

/// Is the single mark at `i` an apostrophe rather than a quotation mark?
fn is_apostrophe(chars: &[char], i: usize) -> bool {
    let prev = i.checked_sub(1).map(|j| chars[j]);
    let next = chars.get(i + 1).copied();
    let letter = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    if letter(prev) && letter(next) {
        return true; // We’re, Macron’s, rock’n’roll
    }
    if next.is_some_and(|c| c.is_ascii_digit()) {
        // ’90s, '16 — a decade or year
        let mut j = i + 1;
        while j < chars.len() && chars[j].is_ascii_digit() {
            j += 1;
        }
        return j - i - 1 == 2;
    }
    // 'em, 'til, 'n'
    if !letter(prev) {
        let word: String = chars[i + 1..]
            .iter()
            .take_while(|c| c.is_alphabetic())
            .collect::<String>()
            .to_lowercase();
        if matches!(word.as_str(), "em" | "til" | "n" | "cause" | "bout" | "tis") {
            return true;
        }
    }
    false
}

fn find_single(chars: &[char], doubles: &[Quote]) -> Vec<Quote> {
    let mut out = Vec::new();
    let mut d = 0;
    let mut open: Option<usize> = None;
    let mut i = 0;
    while i < chars.len() {
        // Skip over double-quoted stretches: nested quotes belong to their host.
        if let Some(q) = doubles.get(d) {
            if i >= q.start() {
                if i < q.end() {
                    open = None;
                    i = q.end();
                    continue;
                }
                d += 1;
                continue;
            }
        }
        let c = chars[i];
        if is_newline(c) {
            open = None;
        } else if is_single_mark(c) && !is_apostrophe(chars, i) {
            let dir = context_dir(chars, i, is_single_mark);
            match open {
                None => {
                    if dir == Dir::Open && c != '’' && c != '›' {
                        open = Some(i);
                    }
                }
                Some(o) => {
                    if dir == Dir::Close || (dir == Dir::Either && c != '‘') {
                        if let Some(p) = part(chars, o + 1, i) {
                            out.push(Quote {
                                open: o,
                                close: Some(i),
                                parts: vec![p],
                                double: false,
                            });
                        }
                        open = None;
                    } else if dir == Dir::Open {
                        open = Some(i);
                    }
                }
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<Vec<String>> {
        let chars: Vec<char> = s.chars().collect();
        find(&chars)
            .iter()
            .map(|q| {
                q.parts
                    .iter()
                    .map(|p| chars[p.start..p.end].iter().collect())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn straight_and_curly_doubles() {
        assert_eq!(
            texts(r#""We are ready," he said. “It will be hard,” she said."#),
            vec![vec!["We are ready"], vec!["It will be hard"]]
        );
    }

    #[test]
    fn mismatched_marks_pair_up() {
        assert_eq!(
            texts("“We are ready,“ he said. \"It will be hard.” Then “no”."),
            vec![vec!["We are ready"], vec!["It will be hard."], vec!["no"]]
        );
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert_eq!(
            texts("Macron’s aide said ‘We’re not going back to the ’90s’ on Friday."),
            vec![vec!["We’re not going back to the ’90s"]]
        );
        assert!(texts("Macron’s allies and the Democrats’ plan in the ’90s.").is_empty());
    }

    #[test]
    fn paragraphs_repeating_the_opening_mark() {
        let t = "He said: “The first part.\n\n“The second part,” he added.";
        assert_eq!(texts(t), vec![vec!["The first part.", "The second part"]]);
    }

    #[test]
    fn paragraphs_without_repeated_mark() {
        let t = "He said: “The first part.\n\nThe second part,” he added.";
        assert_eq!(texts(t), vec![vec!["The first part.", "The second part"]]);
    }

    #[test]
    fn doubled_apostrophes_are_double_marks() {
        let mut chars: Vec<char> = "''We are refugees,'' he said.".chars().collect();
        normalise_doubled_apostrophes(&mut chars);
        let q = find(&chars);
        assert_eq!(q.len(), 1);
        let t: String = chars[q[0].parts[0].start..q[0].parts[0].end]
            .iter()
            .collect();
        assert_eq!(t, "We are refugees");
    }

    #[test]
    fn lost_closing_mark_ends_with_paragraph() {
        let t = "He said: “The first part.\n\nNothing quoted here. Or here.";
        assert_eq!(texts(t), vec![vec!["The first part."]]);
    }
}

//! News-grade sentence segmentation.
//!
//! [`segment`] splits cleaned article text into sentence spans. It is a single
//! linear pass over the UTF-8 bytes (no allocation besides the output vector):
//! byte offsets are converted to code-point offsets incrementally as spans are
//! emitted.
//!
//! What it knows about news copy:
//! * A line break (`\n`, `\r`, VT, FF, NEL, U+2028, U+2029) always ends a
//!   sentence, so headlines and subheadings are sentences of their own.
//! * A sentence may end at `.`, `!`, `?`, `…`/`...`/`. . .`, `‼ ⁇ ⁈ ⁉`, and the
//!   CJK full stops `。 ！ ？ ｡`, followed by any closing quotes/brackets
//!   (`" ' ” ’ » › ) ] }` …), and then whitespace. The span ends after the
//!   closing quote: `He said: "We are ready." Then…` splits after `"`.
//! * `?`/`!` followed by a lowercase word continue (`"Are you ready?" he asked.`).
//!   Ellipses end a sentence only before a capital letter.
//! * After a full stop, the word before the dot decides:
//!   - titles (`Mr.`, `Dr.`, `Gen.`, `Sen.` …), `vs.`, `v.`, `approx.`,
//!     `e.g.`, `i.e.` and other lowercase dotted abbreviations never end a
//!     sentence;
//!   - `No.`, `Nos.`, `Fig.`, `p.` … do not end one before a number;
//!   - acronyms (`U.S.`, `D.C.`, `J.R.R.`), initials (`F.`), months, company
//!     suffixes (`Inc.`, `Corp.`, `Co.`, `Ltd.`, `Bros.`), `Jr.`, `Sr.`, `St.`,
//!     `et al.` and AP state abbreviations end one only before a typical
//!     sentence starter (`The`, `He`, `But`, `In` …), so `U.S. President` stays
//!     whole while `the U.S. The move` splits;
//!   - `a.m.`/`p.m.` end one before a starter, or before a capitalised word
//!     that is not a time-zone, weekday, month or `X time` phrase;
//!   - a paragraph-initial list number (`1.`) never ends a sentence;
//!   - any other word ends the sentence unless a lowercase word (or `,;:` or a
//!     dash) follows.
//! * Dots not followed by whitespace (`3.5%`, `$1.2`, `10.30`, `U.S.-based`,
//!   `example.com`) never end a sentence.

use storyline_model::Span;

/// Sentence spans (code-point offsets) of `text`, in order, covering every non-space part.
pub fn segment(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut seg = Segmenter {
        text,
        out: Vec::with_capacity(text.len() / 100 + 1),
        cursor_byte: 0,
        cursor_char: 0,
    };
    let mut line_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let brk = match bytes[i] {
            b'\n' | b'\r' | 0x0B | 0x0C => 1,
            // U+0085 NEXT LINE
            0xC2 if bytes.get(i + 1) == Some(&0x85) => 2,
            // U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR
            0xE2 if bytes.get(i + 1) == Some(&0x80)
                && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)) =>
            {
                3
            }
            _ => 0,
        };
        if brk > 0 {
            seg.line(line_start, i);
            i += brk;
            line_start = i;
        } else {
            i += 1;
        }
    }
    seg.line(line_start, bytes.len());
    seg.out
}

struct Segmenter<'a> {
    text: &'a str,
    out: Vec<Span>,
    /// Byte / code-point position of the last converted offset (spans are emitted in order).
    cursor_byte: usize,
    cursor_char: usize,
}

/// Outcome of examining a candidate boundary.
enum Step {
    /// End the sentence at byte `end`, next one starts at byte `next`.
    Split { end: usize, next: usize },
    /// No boundary; resume scanning at this byte.
    Skip(usize),
}

/// How the word before a full stop behaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Abbr {
    /// Ordinary word: the full stop ends the sentence unless a lowercase word follows.
    None,
    /// Never ends a sentence (titles, `vs.`, `e.g.` …).
    Always,
    /// Does not end a sentence before a number (`No. 10`), otherwise ordinary.
    NumPrefix,
    /// Ends a sentence only before a sentence-starter word (`U.S.`, `Inc.`, `Jan.` …).
    Starter,
    /// `a.m.` / `p.m.`.
    Time,
    /// Paragraph-initial list number (`1.`): never ends a sentence.
    ListNumber,
}

impl Segmenter<'_> {
    /// Code-point offset of byte offset `b` (must be >= the previous call's).
    fn char_offset(&mut self, b: usize) -> usize {
        self.cursor_char += self.text[self.cursor_byte..b].chars().count();
        self.cursor_byte = b;
        self.cursor_char
    }

    fn emit(&mut self, start: usize, end: usize) {
        debug_assert!(start < end);
        let s = self.char_offset(start);
        let e = self.char_offset(end);
        self.out.push(Span::new(s, e));
    }

    /// Segment one line (bytes `s..e`, no line breaks inside).
    fn line(&mut self, s: usize, e: usize) {
        let raw = &self.text[s..e];
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return;
        }
        let ls = s + lead;
        let le = ls + trimmed.len();
        let bytes = self.text.as_bytes();
        let mut start = ls;
        let mut i = ls;
        while i < le {
            let is_term = match bytes[i] {
                b'.' | b'!' | b'?' => true,
                // lead bytes of the multi-byte terminators
                0xE2 | 0xE3 | 0xEF => self.text[i..].chars().next().is_some_and(is_terminator),
                _ => false,
            };
            if !is_term {
                i += 1;
                continue;
            }
            match self.boundary(ls, start, i, le) {
                Step::Split { end, next } => {
                    self.emit(start, end);
                    start = next;
                    i = next;
                }
                Step::Skip(to) => i = to,
            }
        }
        if start < le {
            self.emit(start, le);
        }
    }

    /// Examine the terminator at byte `b` of the line `ls..le` whose current
    /// sentence starts at `start`.
    fn boundary(&self, ls: usize, start: usize, b: usize, le: usize) -> Step {
        let text = self.text;
        // 1. Terminators and closing quotes/brackets, in any order.
        let mut j = b;
        let (mut dots, mut qex, mut ell, mut cjk) = (0u32, false, false, false);
        let mut last_was_dot = false;
        while let Some(c) = text[j..le].chars().next() {
            match c {
                '.' => dots += 1,
                '!' | '?' | '‼' | '⁇' | '⁈' | '⁉' => qex = true,
                '…' => ell = true,
                '。' | '！' | '？' | '｡' => cjk = true,
                // AP-style spaced ellipsis ". . ."
                ' ' if last_was_dot && spaced_dot_follows(&text[j + 1..le]) => {}
                // French spacing before a closing guillemet: "prêts. »"
                ' ' | '\u{a0}' | '\u{202f}'
                    if closing_guillemet_follows(&text[j + c.len_utf8()..le]) => {}
                c if is_closer(c) => {}
                _ => break,
            }
            last_was_dot = c == '.';
            j += c.len_utf8();
        }
        let end = j;
        let ell = ell || dots >= 2;
        let Some(after) = text[end..le].chars().next() else {
            // End of line: the line closes the sentence.
            return Step::Skip(le);
        };
        if !after.is_whitespace() {
            return if cjk {
                Step::Split { end, next: end }
            } else {
                Step::Skip(end)
            };
        }
        let next = end + (text[end..le].len() - text[end..le].trim_start().len());
        let split = Step::Split { end, next };
        let skip = Step::Skip(next);
        if cjk {
            return split;
        }
        let nx = NextInfo::at(&text[next..le]);
        if qex {
            return if nx.continues() { skip } else { split };
        }
        if ell {
            return if nx.first.is_some_and(is_upper) {
                split
            } else {
                skip
            };
        }
        if nx.continues() {
            return skip;
        }
        let class = match prev_word(&text[start..b]) {
            Some((word, offset)) => classify(word, start + offset == ls),
            None => Abbr::None,
        };
        let ends = match class {
            Abbr::None => true,
            Abbr::Always | Abbr::ListNumber => false,
            Abbr::NumPrefix => !nx.first.is_some_and(|c| c.is_ascii_digit() || c == '#'),
            Abbr::Starter => is_starter(nx.w1),
            Abbr::Time => {
                is_starter(nx.w1)
                    || (nx.first.is_some_and(is_upper)
                        && !is_time_continuation(nx.w1)
                        && !matches!(nx.w2, "time" | "Time" | "Standard" | "Daylight"))
            }
        };
        if ends {
            split
        } else {
            skip
        }
    }
}

/// What follows a candidate boundary.
struct NextInfo<'a> {
    /// First character, before skipping opening quotes/brackets.
    raw: Option<char>,
    /// First character after opening quotes/brackets.
    first: Option<char>,
    /// Alphabetic run starting at `first` (bounded length).
    w1: &'a str,
    /// Alphabetic run of the following word (bounded length).
    w2: &'a str,
}

const MAX_WORD: usize = 40;

impl<'a> NextInfo<'a> {
    fn at(s: &'a str) -> Self {
        let raw = s.chars().next();
        let body =
            s.trim_start_matches(|c| is_opener(c) || matches!(c, ' ' | '\u{a0}' | '\u{202f}'));
        let first = body.chars().next();
        let w1 = alpha_prefix(body);
        let rest = body[w1.len()..].trim_start_matches([' ', '\u{a0}']);
        let w2 = alpha_prefix(rest);
        NextInfo { raw, first, w1, w2 }
    }

    /// Does the text after the boundary read as a continuation of the sentence?
    fn continues(&self) -> bool {
        matches!(
            self.raw,
            Some(',' | ';' | ':' | '-' | '–' | '—' | '%' | '&')
        ) || self.first.is_some_and(char::is_lowercase)
    }
}

fn alpha_prefix(s: &str) -> &str {
    let mut end = 0;
    for (n, (i, c)) in s.char_indices().enumerate() {
        if n >= MAX_WORD || !c.is_alphabetic() {
            return &s[..i];
        }
        end = i + c.len_utf8();
    }
    &s[..end]
}

/// The whitespace-delimited word at the end of `s` and its byte offset in `s`
/// (`None` if it is implausibly long for an abbreviation).
fn prev_word(s: &str) -> Option<(&str, usize)> {
    for (n, (i, c)) in s.char_indices().rev().enumerate() {
        if c.is_whitespace() {
            let o = i + c.len_utf8();
            return Some((&s[o..], o));
        }
        if n >= MAX_WORD {
            return None;
        }
    }
    Some((s, 0))
}

fn is_upper(c: char) -> bool {
    c.is_uppercase()
        || (c.is_alphabetic() && !c.is_lowercase() && c.to_lowercase().next() != Some(c))
}

fn is_terminator(c: char) -> bool {
    matches!(c, '…' | '‼' | '⁇' | '⁈' | '⁉' | '。' | '！' | '？' | '｡')
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '」' | '』' | '）' | '》' | '〉'
    )
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '‘'
            | '«'
            | '‹'
            | '„'
            | '('
            | '['
            | '{'
            | '「'
            | '『'
            | '（'
            | '《'
            | '〈'
    )
}

/// `s` (after a space inside a dot run) continues a spaced ellipsis: `. ` or `.` + non-word.
fn spaced_dot_follows(s: &str) -> bool {
    let mut it = s.chars();
    it.next() == Some('.') && !it.next().is_some_and(char::is_alphanumeric)
}

fn closing_guillemet_follows(s: &str) -> bool {
    matches!(s.chars().next(), Some('»' | '›'))
}

/// Classify the word before a full stop. `line_initial`: the word starts the paragraph.
fn classify(word: &str, line_initial: bool) -> Abbr {
    let core = word.trim_matches(|c: char| !c.is_alphanumeric());
    if line_initial
        && !core.is_empty()
        && core.len() <= 3
        && core == word
        && core.bytes().all(|b| b.is_ascii_digit())
    {
        return Abbr::ListNumber;
    }
    // "D-N.Y." -> "N.Y.", "R/Calif." -> "Calif."
    let core = core
        .rsplit(['-', '–', '—', '/'])
        .next()
        .unwrap_or(core)
        .trim_matches(|c: char| !c.is_alphanumeric());
    if core.is_empty() {
        return Abbr::None;
    }
    if core.contains('.') {
        return classify_dotted(core);
    }
    let mut chars = core.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return match c {
            'v' | 'c' => Abbr::Always,
            'p' => Abbr::NumPrefix,
            c if is_upper(c) => Abbr::Starter,
            _ => Abbr::None,
        };
    }
    let class = lookup(core);
    if class != Abbr::None {
        return class;
    }
    // Headline capitals: "ST." -> "St."
    if core.len() <= 6 && core.bytes().all(|b| b.is_ascii_uppercase()) {
        let mut buf = [0u8; 6];
        buf[..core.len()].copy_from_slice(core.as_bytes());
        buf[1..core.len()].make_ascii_lowercase();
        if let Ok(t) = std::str::from_utf8(&buf[..core.len()]) {
            return lookup(t);
        }
    }
    Abbr::None
}

/// Words with inner dots: acronyms (`U.S`), `e.g`, `a.m`, `Ph.D` — or numbers/domains.
fn classify_dotted(core: &str) -> Abbr {
    let mut lower = true;
    for part in core.split('.') {
        if part.is_empty() || part.chars().count() > 3 || !part.chars().all(char::is_alphabetic) {
            return Abbr::None;
        }
        lower &= part.chars().all(char::is_lowercase);
    }
    match core {
        "a.m" | "p.m" | "A.M" | "P.M" => Abbr::Time,
        _ if lower => Abbr::Always,
        _ => Abbr::Starter,
    }
}

fn lookup(w: &str) -> Abbr {
    match w {
        // Titles and other prefixes of names.
        "Mr" | "Mrs" | "Ms" | "Messrs" | "Mmes" | "Mme" | "Mlle" | "Dr" | "Drs" | "Prof" | "Profs"
        | "Gov" | "Govs" | "Sen" | "Sens" | "Rep" | "Reps" | "Gen" | "Gens" | "Lt" | "Col"
        | "Maj" | "Capt" | "Sgt" | "Adm" | "Cmdr" | "Cdr" | "Comdr" | "Cpl" | "Pvt" | "Pfc"
        | "Brig" | "Rev" | "Revs" | "Hon" | "Pres" | "Supt" | "Det" | "Insp" | "Amb" | "Fr"
        | "Msgr" | "Atty" | "Sec" | "Secy" | "Asst" | "Rt" | "Mt" | "Ft" | "Ste" | "Sra"
        // Lowercase abbreviations that never end a sentence.
        | "vs" | "approx" | "cf" | "viz" | "incl" | "esp" | "ca" | "appx" | "resp" => Abbr::Always,
        "No" | "Nos" | "Nr" | "Fig" | "Figs" | "fig" | "Vol" | "Vols" | "vol"
        | "Art" | "pp" | "Ch" | "Para" | "Tel" | "Ext" | "Rm" | "Pg" | "est" => Abbr::NumPrefix,
        // Can end a sentence, but usually do not: months, company suffixes, places, states.
        "Jan" | "Feb" | "Mar" | "Apr" | "Jun" | "Jul" | "Aug" | "Sep" | "Sept" | "Oct" | "Nov"
        | "Dec" | "Inc" | "Corp" | "Co" | "Cos" | "Ltd" | "Bros" | "Intl" | "Assn" | "Dept"
        | "Univ" | "Govt" | "Natl" | "Jr" | "Sr" | "St" | "Esq" | "Ave" | "Blvd" | "Rd" | "Hwy"
        | "Sq" | "al" | "Ala" | "Ariz" | "Ark" | "Calif" | "Colo" | "Conn" | "Del" | "Fla"
        | "Ga" | "Ill" | "Ind" | "Kan" | "Kans" | "Ky" | "La" | "Md" | "Mass" | "Mich" | "Minn"
        | "Miss" | "Mo" | "Mont" | "Neb" | "Nev" | "Okla" | "Ore" | "Pa" | "Tenn" | "Vt" | "Va"
        | "Wash" | "Wis" | "Wyo" => Abbr::Starter,
        _ => Abbr::None,
    }
}

/// Words that typically open a sentence; after an ambiguous abbreviation they
/// signal a boundary (`…on the U.S. The move…`).
fn is_starter(w: &str) -> bool {
    matches!(
        w,
        "The"
            | "A"
            | "An"
            | "He"
            | "She"
            | "It"
            | "They"
            | "We"
            | "I"
            | "You"
            | "His"
            | "Her"
            | "Its"
            | "Their"
            | "Our"
            | "My"
            | "Your"
            | "This"
            | "That"
            | "These"
            | "Those"
            | "There"
            | "Here"
            | "Then"
            | "But"
            | "And"
            | "Or"
            | "So"
            | "Yet"
            | "In"
            | "On"
            | "At"
            | "As"
            | "By"
            | "For"
            | "From"
            | "With"
            | "Without"
            | "After"
            | "Before"
            | "During"
            | "Since"
            | "Until"
            | "When"
            | "While"
            | "Where"
            | "What"
            | "Who"
            | "Whom"
            | "Why"
            | "How"
            | "Which"
            | "If"
            | "Although"
            | "Though"
            | "Because"
            | "However"
            | "Meanwhile"
            | "Also"
            | "Still"
            | "Some"
            | "Many"
            | "Most"
            | "More"
            | "All"
            | "Both"
            | "Each"
            | "Every"
            | "Neither"
            | "Not"
            | "Now"
            | "Today"
            | "Yesterday"
            | "Tomorrow"
            | "Last"
            | "Next"
            | "Such"
            | "Other"
            | "Another"
            | "According"
            | "Earlier"
            | "Later"
            | "Instead"
            | "Despite"
            | "Under"
            | "Over"
            | "Among"
            | "Asked"
            | "Thus"
            | "Therefore"
            | "Nevertheless"
            | "Nonetheless"
            | "Indeed"
            | "Even"
            | "Only"
            | "Just"
            | "Further"
            | "Furthermore"
            | "Moreover"
            | "Overall"
            | "Separately"
            | "Elsewhere"
            | "Already"
            | "Once"
            | "Let"
    )
}

/// Capitalised words that continue a time expression: `5 p.m. EST`, `9 a.m. Monday`.
fn is_time_continuation(w: &str) -> bool {
    if (2..=5).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_uppercase()) {
        return true; // time zones: ET, EST, GMT, CEST, AEST …
    }
    matches!(
        w,
        "Monday"
            | "Tuesday"
            | "Wednesday"
            | "Thursday"
            | "Friday"
            | "Saturday"
            | "Sunday"
            | "Mon"
            | "Tue"
            | "Tues"
            | "Wed"
            | "Thu"
            | "Thur"
            | "Thurs"
            | "Fri"
            | "Sat"
            | "Sun"
            | "January"
            | "February"
            | "March"
            | "April"
            | "May"
            | "June"
            | "July"
            | "August"
            | "September"
            | "October"
            | "November"
            | "December"
            | "Jan"
            | "Feb"
            | "Mar"
            | "Apr"
            | "Jun"
            | "Jul"
            | "Aug"
            | "Sep"
            | "Sept"
            | "Oct"
            | "Nov"
            | "Dec"
            | "Eastern"
            | "Pacific"
            | "Central"
            | "Mountain"
            | "Atlantic"
            | "Greenwich"
            | "Local"
            | "Universal"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sents(text: &str) -> Vec<String> {
        segment(text)
            .iter()
            .map(|s| s.slice(text).expect("span in range").to_string())
            .collect()
    }

    #[track_caller]
    fn check(text: &str, expected: &[&str]) {
        assert_eq!(sents(text), expected, "segmenting {text:?}");
    }

    #[test]
    fn empty_and_blank() {
        check("", &[]);
        check("  \n\n \t ", &[]);
        check(
            "  One sentence without stop  ",
            &["One sentence without stop"],
        );
    }

    #[test]
    fn plain_sentences() {
        check(
            "The vote was delayed. Lawmakers left Washington! Will they return?",
            &[
                "The vote was delayed.",
                "Lawmakers left Washington!",
                "Will they return?",
            ],
        );
    }

    #[test]
    fn titles_never_split() {
        check(
            "Mr. Smith met Dr. Jane Doe and Prof. Alan Reed. Gov. Gavin Newsom and Sen. Ted Cruz \
             spoke with Rep. Nancy Mace, Gen. Mark Milley, Lt. Col. Alexander Vindman, \
             Maj. Gen. Pat Ryder, Capt. Sully, Sgt. Maj. Ray, Adm. John Aquilino, Cmdr. Li, \
             Rev. Al Sharpton, Hon. Mrs. Reid, Ms. Lee, Pres. Biden, Supt. Ray, Det. Insp. Kerr \
             and Amb. Linda Thomas-Greenfield.",
            &[
                "Mr. Smith met Dr. Jane Doe and Prof. Alan Reed.",
                "Gov. Gavin Newsom and Sen. Ted Cruz spoke with Rep. Nancy Mace, Gen. Mark Milley, \
                 Lt. Col. Alexander Vindman, Maj. Gen. Pat Ryder, Capt. Sully, Sgt. Maj. Ray, \
                 Adm. John Aquilino, Cmdr. Li, Rev. Al Sharpton, Hon. Mrs. Reid, Ms. Lee, \
                 Pres. Biden, Supt. Ray, Det. Insp. Kerr and Amb. Linda Thomas-Greenfield.",
            ],
        );
    }

    #[test]
    fn saint_junior_senior() {
        check(
            "Crowds gathered in St. Louis and St. Petersburg. Martin Luther King Jr. Day is a \
             holiday. Robert Downey Jr. The actor and Ken Griffey Sr. said nothing. He lives on \
             Main St. The house is empty.",
            &[
                "Crowds gathered in St. Louis and St. Petersburg.",
                "Martin Luther King Jr. Day is a holiday.",
                "Robert Downey Jr.",
                "The actor and Ken Griffey Sr. said nothing.",
                "He lives on Main St.",
                "The house is empty.",
            ],
        );
    }

    #[test]
    fn months() {
        check(
            "The attack came on Jan. 22 and again on Feb. 3, Aug. 14, Sept. 30, Oct. 1, Nov. 5 \
             and Dec. 25. It was over by Oct. The talks resumed.",
            &[
                "The attack came on Jan. 22 and again on Feb. 3, Aug. 14, Sept. 30, Oct. 1, Nov. 5 \
                 and Dec. 25.",
                "It was over by Oct.",
                "The talks resumed.",
            ],
        );
    }

    #[test]
    fn number_prefixes() {
        check(
            "He lives at No. 10 Downing Street and holds Nos. 3 and 4. Asked if he would stay, \
             he said: No. We will leave.",
            &[
                "He lives at No. 10 Downing Street and holds Nos. 3 and 4.",
                "Asked if he would stay, he said: No.",
                "We will leave.",
            ],
        );
    }

    #[test]
    fn vs_etc_eg_ie_approx() {
        check(
            "In Roe v. Wade and Biden vs. Texas the courts ruled. Fruit, nuts, etc. were sold, \
             e.g. Apples and i.e. Pears, at approx. 5 dollars. They bought bread, milk, etc. \
             The store closed.",
            &[
                "In Roe v. Wade and Biden vs. Texas the courts ruled.",
                "Fruit, nuts, etc. were sold, e.g. Apples and i.e. Pears, at approx. 5 dollars.",
                "They bought bread, milk, etc.",
                "The store closed.",
            ],
        );
    }

    #[test]
    fn company_suffixes() {
        check(
            "Apple Inc. said sales rose. Shares of Microsoft Corp. The company and Ford Motor Co. \
             rallied. Warner Bros. Discovery and BP Ltd. Chief Executive Murray Auchincloss spoke.",
            &[
                "Apple Inc. said sales rose.",
                "Shares of Microsoft Corp.",
                "The company and Ford Motor Co. rallied.",
                "Warner Bros. Discovery and BP Ltd. Chief Executive Murray Auchincloss spoke.",
            ],
        );
    }

    #[test]
    fn am_pm() {
        check(
            "The blast happened at 9 a.m. Monday. Police arrived at 9:40 a.m. The road was \
             closed until 5 p.m. EST and reopened at 6 p.m. Moscow time. The mayor spoke at 7 p.m. \
             Officials said later he was wrong.",
            &[
                "The blast happened at 9 a.m. Monday.",
                "Police arrived at 9:40 a.m.",
                "The road was closed until 5 p.m. EST and reopened at 6 p.m. Moscow time.",
                "The mayor spoke at 7 p.m.",
                "Officials said later he was wrong.",
            ],
        );
        check(
            "The vote is at 3 p.m. on Tuesday.",
            &["The vote is at 3 p.m. on Tuesday."],
        );
    }

    #[test]
    fn acronyms() {
        check(
            "U.S. President Donald Trump imposed sanctions on the U.S. The move angered U.K. \
             Prime Minister Keir Starmer, the U.N. Secretary-General and E.U. officials in \
             Washington, D.C. Mayor Muriel Bowser and N.Y. Gov. Kathy Hochul disagreed. It was \
             quiet in D.C. But not in N.Y. He left.",
            &[
                "U.S. President Donald Trump imposed sanctions on the U.S.",
                "The move angered U.K. Prime Minister Keir Starmer, the U.N. Secretary-General and \
                 E.U. officials in Washington, D.C. Mayor Muriel Bowser and N.Y. Gov. Kathy Hochul \
                 disagreed.",
                "It was quiet in D.C.",
                "But not in N.Y.",
                "He left.",
            ],
        );
        check(
            "Rep. Alexandria Ocasio-Cortez, D-N.Y. The lawmaker objected.",
            &[
                "Rep. Alexandria Ocasio-Cortez, D-N.Y.",
                "The lawmaker objected.",
            ],
        );
    }

    #[test]
    fn initials() {
        check(
            "John F. Kennedy was shot in Dallas. J.R.R. Tolkien wrote books. George W. Bush and \
             J. K. Rowling met. The plan is known as Plan B. The first plan failed.",
            &[
                "John F. Kennedy was shot in Dallas.",
                "J.R.R. Tolkien wrote books.",
                "George W. Bush and J. K. Rowling met.",
                "The plan is known as Plan B.",
                "The first plan failed.",
            ],
        );
    }

    #[test]
    fn numbers_and_decimals() {
        check(
            "Inflation rose 3.5% to $1.2 billion, or 1.1 percent, at 10.30 on version 2.0.1. \
             It grew 2.5. 2024 was worse.",
            &[
                "Inflation rose 3.5% to $1.2 billion, or 1.1 percent, at 10.30 on version 2.0.1.",
                "It grew 2.5.",
                "2024 was worse.",
            ],
        );
    }

    #[test]
    fn ellipses() {
        check(
            "He paused... and then continued. She waited… Nothing happened. \"Well . . . maybe,\" \
             he said. They tried . . . It failed.",
            &[
                "He paused... and then continued.",
                "She waited…",
                "Nothing happened.",
                "\"Well . . . maybe,\" he said.",
                "They tried . . .",
                "It failed.",
            ],
        );
    }

    #[test]
    fn quotes_straight() {
        check(
            "He said: \"We are ready.\" Then he left. \"Are you ready?\" he asked. \
             \"We are ready,\" she said. \"Go!\" The crowd ran.",
            &[
                "He said: \"We are ready.\"",
                "Then he left.",
                "\"Are you ready?\" he asked.",
                "\"We are ready,\" she said.",
                "\"Go!\"",
                "The crowd ran.",
            ],
        );
    }

    #[test]
    fn quotes_curly_and_guillemets() {
        check(
            "Macron’s aide said: “We’re ready.” Then he left. ‘We are ready.’ Then silence. \
             « Nous sommes prêts. » Il est parti. “Why now?” she asked.",
            &[
                "Macron’s aide said: “We’re ready.”",
                "Then he left.",
                "‘We are ready.’",
                "Then silence.",
                "« Nous sommes prêts. »",
                "Il est parti.",
                "“Why now?” she asked.",
            ],
        );
    }

    #[test]
    fn multi_sentence_quote() {
        check(
            "\"We met. We agreed,\" he said.",
            &["\"We met.", "We agreed,\" he said."],
        );
        check(
            "“We met. We agreed,” he said.",
            &["“We met.", "We agreed,” he said."],
        );
    }

    #[test]
    fn brackets() {
        check(
            "The talks collapsed. (The meeting ended.) Officials left. He cited the law (Art. 5) \
             and the U.N. (the world body) report.",
            &[
                "The talks collapsed.",
                "(The meeting ended.)",
                "Officials left.",
                "He cited the law (Art. 5) and the U.N. (the world body) report.",
            ],
        );
    }

    #[test]
    fn headlines_and_newlines() {
        check(
            "Ukraine Strikes Russian Airbase\nOfficials Say Damage Is Heavy\n\nThe strike hit at \
             dawn. Mr.\nSmith was not there",
            &[
                "Ukraine Strikes Russian Airbase",
                "Officials Say Damage Is Heavy",
                "The strike hit at dawn.",
                "Mr.",
                "Smith was not there",
            ],
        );
        check(
            "Line one\r\nLine two\u{2029}Line three",
            &["Line one", "Line two", "Line three"],
        );
    }

    #[test]
    fn datelines() {
        check(
            "WASHINGTON (Reuters) - U.S. officials said on Tuesday they would act. It was late.",
            &[
                "WASHINGTON (Reuters) - U.S. officials said on Tuesday they would act.",
                "It was late.",
            ],
        );
        check(
            "KYIV, Jan. 22 (AP) — Russian drones hit the city. Two died.",
            &[
                "KYIV, Jan. 22 (AP) — Russian drones hit the city.",
                "Two died.",
            ],
        );
        check(
            "NEW YORK, N.Y. (AP) — Stocks fell. ST. LOUIS (AP) — Rain fell.",
            &[
                "NEW YORK, N.Y. (AP) — Stocks fell.",
                "ST. LOUIS (AP) — Rain fell.",
            ],
        );
    }

    #[test]
    fn numbered_list_items() {
        check(
            "1. Raise taxes on the rich.\n2. Cut spending.\n\n10. Review in 2026. Then vote.",
            &[
                "1. Raise taxes on the rich.",
                "2. Cut spending.",
                "10. Review in 2026.",
                "Then vote.",
            ],
        );
    }

    #[test]
    fn unicode_offsets_are_code_points() {
        let text = "José Martí’s café — “Ça va.” 🎉 Élodie Dupré left. Zoë stayed.";
        let spans = segment(text);
        let got: Vec<_> = spans.iter().map(|s| s.slice(text).unwrap()).collect();
        assert_eq!(
            got,
            [
                "José Martí’s café — “Ça va.”",
                "🎉 Élodie Dupré left.",
                "Zoë stayed."
            ]
        );
        assert_eq!(spans[0].start, 0);
        assert_eq!(spans[0].end, "José Martí’s café — “Ça va.”".chars().count());
        assert_eq!(spans[2].end, text.chars().count());
        assert_eq!(spans[1].start, spans[0].end + 1);
    }

    #[test]
    fn cjk_full_stops() {
        check(
            "他走了。她留下了！好吗？",
            &["他走了。", "她留下了！", "好吗？"],
        );
    }

    #[test]
    fn news_paragraph() {
        let text = "WASHINGTON (Reuters) - U.S. Secretary of State Antony Blinken met Gen. \
                    Charles Q. Brown Jr. at 10 a.m. Tuesday to discuss aid worth $1.2 billion. \
                    \"We are ready. We have been for months,\" Blinken told reporters. \
                    \"Are you ready?\" one asked. The U.S. contribution rose 3.5% vs. last year, \
                    e.g. for air defence, officials said. Sanctions hit Rosneft Co. and hurt \
                    the U.K. But Kyiv wants more… It asked the U.N. for help at 5 p.m. The \
                    request is pending (a vote is due Jan. 5.) Analysts were cautious.";
        check(
            text,
            &[
                "WASHINGTON (Reuters) - U.S. Secretary of State Antony Blinken met Gen. Charles Q. \
                 Brown Jr. at 10 a.m. Tuesday to discuss aid worth $1.2 billion.",
                "\"We are ready.",
                "We have been for months,\" Blinken told reporters.",
                "\"Are you ready?\" one asked.",
                "The U.S. contribution rose 3.5% vs. last year, e.g. for air defence, officials said.",
                "Sanctions hit Rosneft Co. and hurt the U.K.",
                "But Kyiv wants more…",
                "It asked the U.N. for help at 5 p.m.",
                "The request is pending (a vote is due Jan. 5.)",
                "Analysts were cautious.",
            ],
        );
    }

    fn check_invariants(text: &str) {
        let spans = segment(text);
        let chars: Vec<char> = text.chars().collect();
        let mut covered = vec![0u8; chars.len()];
        let mut prev_end = 0;
        for s in &spans {
            assert!(s.start < s.end, "empty span {s:?}");
            assert!(s.start >= prev_end, "overlap/out of order {s:?}");
            assert!(s.end <= chars.len(), "out of bounds {s:?}");
            let slice = s.slice(text).expect("slice");
            assert_eq!(slice, slice.trim(), "untrimmed {slice:?}");
            assert!(
                !chars[s.start..s.end].iter().any(|&c| matches!(
                    c,
                    '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
                )),
                "span crosses a line break: {slice:?}"
            );
            for c in &mut covered[s.start..s.end] {
                *c += 1;
            }
            prev_end = s.end;
        }
        for (i, &c) in chars.iter().enumerate() {
            if !c.is_whitespace() {
                assert_eq!(covered[i], 1, "char {i} {c:?} covered {} times", covered[i]);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn invariants_arbitrary(text in any::<String>()) {
            check_invariants(&text);
        }

        #[test]
        fn invariants_newsy(text in "([A-Za-z]{1,6}|[ .!?…,;:\"'“”‘’«»()\\[\\]\n\t\u{a0}\u{2028}—-]|U\\.S\\.|Mr\\.|p\\.m\\.|\\. \\. \\.|3\\.5|é|😀|。|！){0,80}") {
            check_invariants(&text);
        }
    }
}

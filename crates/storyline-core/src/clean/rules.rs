//! Rules that recognise what is not article text: boilerplate lines (share and subscribe
//! prompts, "Read more", bylines, credits, timestamps, copyright) and photo captions; and
//! the rule that tells a paragraph break that cut a sentence.

use crate::text::segment;
use regex::{Regex, RegexSet};
use std::sync::OnceLock;
use storyline_model::RemovedKind;

/// Paragraphs longer than this are article text, whatever they start with.
const MAX_BOILERPLATE_WORDS: usize = 30;
const MAX_CAPTION_WORDS: usize = 70;

const MONTHS: &str = "January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.|Feb\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\.";

fn boilerplate() -> &'static RegexSet {
    static SET: OnceLock<RegexSet> = OnceLock::new();
    SET.get_or_init(|| {
        RegexSet::new([
            // Widgets and prompts, alone on their line.
            r"(?i)^(share|share this( article| story| page)?|share on \w+|tweet|email|e-mail|print|comments?|save|saved|subscribe|sign up|sign in|log in|register|follow|advertisement|advertising|sponsored( content)?|skip to (main )?content|related|related (articles|stories|content|coverage|topics)|most (read|popular|viewed)|trending( now)?|recommended( for you)?|read more|more from [^.]{0,40}|listen( to this article)?|watch( now)?|video|click here|close|menu|search|home|loading\.*|top stories|latest news|editor'?s picks?|you may also like|don'?t miss)\W{0,3}$",
            // Read more / see also / related links.
            r"(?i)^(read|see|watch|listen) (more|also|next)\b",
            r"(?i)^(also read|related|more|read more|see also|further reading|recommended|watch|explainer)\s*[:|>»-]",
            // Social and newsletter prompts.
            r"(?i)^(sign up|subscribe|get|receive|join|register)\b.{0,60}\b(newsletter|alerts|updates|briefing|inbox)\b",
            r"(?i)^(follow us|follow @|join us on|download (the|our) app|turn on notifications|enable javascript|we use cookies|accept (all )?cookies|cookie (policy|settings))\b",
            r"(?i)^((facebook|twitter|x|linkedin|whatsapp|email|e-mail|reddit|pinterest|telegram|copy link|messenger|print)\W*){2,}$",
            // Bylines and credits.
            r"^(By|BY|From|Words by|Written by|Story by)\s+\p{Lu}[\p{L}.'’-]+(\s+(\p{Lu}[\p{L}.'’-]*|de|van|von|da|al|bin|la|le)){0,4}(\s*(,|and|&|\|)\s*\p{Lu}[\p{L}.'’-]+(\s+\p{Lu}[\p{L}.'’-]*){0,4})*(\s*[,|/-]\s*[\p{L} ,.&]{0,60})?$",
            r"(?i)^\(?(reporting|additional reporting|writing|editing|compiled|produced|edited|research) by\b",
            r"(?i)^(our standards|the thomson reuters trust principles)",
            r"(?i)^(this (article|story) (was|has been|is) (originally |first )?(published|updated|produced|amended|corrected)|originally published)",
            // Timestamps.
            r"(?i)^(updated|published|posted|last updated|first published|last modified|created)\b[:\s]+[\p{L}\p{N} ,:./+-]{0,60}$",
            // Copyright.
            r"(?i)^(©|\(c\)|copyright\b)|all rights reserved",
        ])
        .expect("valid boilerplate patterns")
    })
}

fn caption_markers() -> &'static RegexSet {
    static SET: OnceLock<RegexSet> = OnceLock::new();
    SET.get_or_init(|| {
        RegexSet::new([
            r"(?i)^(photo|photograph|picture|image|pictured|caption|image caption|media caption|image source|credit|photo credit|file photo|main image|top image|above|below|left|right|inset)\s*[:|/-]",
            r"(?i)\((photo|photograph|picture|image|credit|file)\b[^)]{0,80}\)\s*\.?$",
            r"(?i)\b(AP Photo|AFP via Getty Images|Getty Images|REUTERS/|Reuters/|AFP/|EPA-EFE|EPA/|Shutterstock|Alamy|Xinhua/|Bloomberg via Getty|Photo by|Photograph by|Photo courtesy|Courtesy of)\b",
            r"(?i)\((left|right|centre|center|top|bottom|l-r|r-l|left-right|right-left|left to right|from left|pictured)\)",
            r"(?i)(,\s*pictured\b|\bpictured (here |above |below |left |right |with |at |in |on |during |last |earlier |yesterday|today))",
        ])
        .expect("valid caption patterns")
    })
}

/// A wire-photo caption: a present-tense description ending with place and date
/// ("… stands on the tarmac in Moscow, Russia, January 22, 2026.").
fn wire_caption() -> &'static (Regex, Regex) {
    static RES: OnceLock<(Regex, Regex)> = OnceLock::new();
    RES.get_or_init(|| {
        let ending = Regex::new(&format!(
            r"\b\p{{Lu}}[\p{{L}}.'’ -]+,\s+(\p{{Lu}}[\p{{L}}.'’ -]+,\s+)?({MONTHS})\s+\d{{1,2}},\s+(19|20)\d\d\.?\s*([(\[][^)\]]{{0,60}}[)\]]\s*\.?)?\s*$"
        ))
        .expect("valid caption ending");
        let verb = Regex::new(
            r"(?i)\b(stands?|sits?|walks?|speaks?|looks?( on)?|gestures?|attends?|arrives?|waves?|poses?|holds?|listens?|talks?|shakes?|greets?|delivers?|leaves?|reacts?|is seen|are seen|gather|gathers|march|marches|rides?|prepares?|inspects?|carries|carry|takes? part|pays? tribute|lays?|meets?|smiles?|embraces?|salutes?|votes?|casts?|is pictured|are pictured|can be seen)\b",
        )
        .expect("valid caption verbs");
        (ending, verb)
    })
}

/// What a whole paragraph is, if it is not article text.
pub(super) fn classify_paragraph(p: &str) -> Option<RemovedKind> {
    let words = p.split_whitespace().count();
    if words <= MAX_BOILERPLATE_WORDS && may_be_boilerplate(p) && boilerplate().is_match(p) {
        return Some(RemovedKind::Boilerplate);
    }
    if words <= MAX_CAPTION_WORDS && is_caption(p) {
        return Some(RemovedKind::Caption);
    }
    None
}

/// First words that boilerplate lines start with; a paragraph starting otherwise is only
/// checked when it has a copyright or republication notice.
const BOILERPLATE_STARTS: &[&str] = &[
    "share",
    "tweet",
    "email",
    "e",
    "print",
    "comment",
    "comments",
    "save",
    "saved",
    "subscribe",
    "sign",
    "log",
    "register",
    "follow",
    "advertisement",
    "advertising",
    "sponsored",
    "skip",
    "related",
    "most",
    "trending",
    "recommended",
    "read",
    "more",
    "listen",
    "watch",
    "video",
    "click",
    "close",
    "menu",
    "search",
    "home",
    "loading",
    "top",
    "latest",
    "editor",
    "editors",
    "you",
    "don",
    "dont",
    "see",
    "also",
    "further",
    "explainer",
    "get",
    "receive",
    "join",
    "download",
    "turn",
    "enable",
    "we",
    "accept",
    "cookie",
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "whatsapp",
    "reddit",
    "pinterest",
    "telegram",
    "copy",
    "messenger",
    "by",
    "from",
    "words",
    "written",
    "story",
    "reporting",
    "additional",
    "writing",
    "editing",
    "compiled",
    "produced",
    "edited",
    "research",
    "our",
    "updated",
    "published",
    "posted",
    "last",
    "first",
    "created",
    "copyright",
    "c",
];

fn may_be_boilerplate(p: &str) -> bool {
    let first: String = p
        .trim_start_matches(|c: char| !c.is_alphanumeric() && c != '©')
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .take(16)
        .flat_map(char::to_lowercase)
        .collect();
    if BOILERPLATE_STARTS.contains(&first.as_str()) || p.starts_with('©') {
        return true;
    }
    let lower = p.to_lowercase();
    [
        "©",
        "copyright",
        "rights reserved",
        "trust principles",
        "originally published",
        "this article",
        "this story",
    ]
    .iter()
    .any(|n| lower.contains(n))
}

fn is_caption(p: &str) -> bool {
    // Captions describe a picture; paragraphs with quotes are reporting. A paragraph of
    // several sentences is a caption only with an explicit marker; the bare wire form
    // (description, place, date) is judged sentence by sentence.
    !has_quote(p) && (has_caption_marker(p) || (is_wire_caption(p) && segment(p).len() == 1))
}

fn has_quote(p: &str) -> bool {
    p.contains(['"', '“', '”', '«']) || p.contains(" ‘") || p.starts_with('‘')
}

fn is_wire_caption(p: &str) -> bool {
    if !ends_with_year(p) {
        return false;
    }
    let (ending, verb) = wire_caption();
    ending.is_match(p) && verb.is_match(p)
}

/// Cheap test before the caption regexes: the text ends with a year (maybe followed by a
/// full stop and a bracketed credit).
fn ends_with_year(p: &str) -> bool {
    let mut t = p.trim_end().trim_end_matches('.').trim_end();
    if t.ends_with([')', ']']) {
        if let Some(open) = t.rfind(['(', '[']) {
            t = t[..open].trim_end().trim_end_matches('.').trim_end();
        }
    }
    let b = t.as_bytes();
    b.len() >= 5
        && b[b.len() - 4..].iter().all(u8::is_ascii_digit)
        && !b[b.len() - 5].is_ascii_digit()
}

/// Words one of which any caption marker contains: most paragraphs have none of them, and
/// skip the marker regexes.
fn marker_words() -> &'static aho_corasick::AhoCorasick {
    static AC: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| {
        aho_corasick::AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .build([
                "photo",
                "picture",
                "image",
                "pictured",
                "caption",
                "credit",
                "above",
                "below",
                "left",
                "right",
                "inset",
                "getty",
                "reuters/",
                "afp",
                "epa",
                "shutterstock",
                "alamy",
                "xinhua/",
                "courtesy",
                "centre",
                "center",
                "top",
                "bottom",
                "l-r",
                "r-l",
            ])
            .expect("valid marker words")
    })
}

fn has_caption_marker(p: &str) -> bool {
    marker_words().is_match(p) && caption_markers().is_match(p)
}

/// A sentence inside a paragraph that is a pasted photo caption (only the strong wire form:
/// a present-tense description ending in place and date).
pub(super) fn is_caption_sentence(s: &str) -> bool {
    s.split_whitespace().count() <= MAX_CAPTION_WORDS && !has_quote(s) && is_wire_caption(s)
}

/// Abbreviations that end a line only when a break cut the sentence after them.
const TITLE_ABBREVIATIONS: &[&str] = &[
    "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Gov.", "Sen.", "Rep.", "Gen.", "Lt.", "Col.", "Maj.",
    "Capt.", "Sgt.", "Adm.", "Cmdr.", "Rev.", "St.", "Hon.", "Pres.", "Amb.", "No.",
];
/// Place abbreviations that usually modify the next word ("U.S. President").
const PLACE_ABBREVIATIONS: &[&str] = &["U.S.", "U.K.", "U.N.", "E.U.", "U.S.A."];
/// Words that start sentences: after `U.S.` they mean the break was a real sentence end.
const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "But",
    "And",
    "Or",
    "So",
    "Yet",
    "In",
    "On",
    "At",
    "By",
    "For",
    "From",
    "With",
    "As",
    "If",
    "When",
    "While",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "Their",
    "His",
    "Her",
    "Its",
    "Our",
    "My",
    "Some",
    "Many",
    "Most",
    "All",
    "No",
    "Not",
    "After",
    "Before",
    "Since",
    "Under",
    "Over",
    "Despite",
    "However",
    "Meanwhile",
    "Still",
    "Now",
    "Then",
    "Earlier",
    "Later",
    "According",
    "Asked",
    "What",
    "Why",
    "How",
    "Who",
    "Where",
    "Officials",
    "Both",
    "One",
    "Two",
    "Last",
    "Next",
];

/// Whether `next` continues the sentence that `prev` broke off.
pub(super) fn continues(prev: &str, next: &str) -> bool {
    let Some(last_word) = prev.split_whitespace().last() else {
        return false;
    };
    let Some(first_word) = next.split_whitespace().next() else {
        return false;
    };
    let first_char = first_word.chars().next().unwrap_or(' ');
    if TITLE_ABBREVIATIONS.contains(&last_word) {
        return first_char.is_uppercase();
    }
    if PLACE_ABBREVIATIONS.contains(&last_word) {
        let bare = first_word.trim_end_matches(|c: char| !c.is_alphanumeric());
        return first_char.is_uppercase() && !SENTENCE_STARTERS.contains(&bare);
    }
    // A line ending mid-sentence (no closing punctuation, a lowercase word or a comma) and a
    // continuation starting in lowercase.
    let last_char = prev.chars().last().unwrap_or('.');
    (last_char.is_lowercase() || last_char == ',')
        && first_char.is_lowercase()
        && prev.split_whitespace().count() > 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boilerplate_lines() {
        for p in [
            "Share this article",
            "Advertisement",
            "Read more: Ukraine talks stall again",
            "READ MORE: Markets fall",
            "By Jane Doe and John Smith, Reuters",
            "By JANE DOE",
            "Reporting by Guy Faulconbridge; Editing by Alex Richardson",
            "Sign up for our daily newsletter",
            "Facebook Twitter Email",
            "Updated 3:45 PM EST, Thu January 22, 2026",
            "© 2026 Example Media. All rights reserved.",
            "Our Standards: The Thomson Reuters Trust Principles.",
        ] {
            assert_eq!(classify_paragraph(p), Some(RemovedKind::Boilerplate), "{p}");
        }
    }

    #[test]
    fn article_text_is_not_boilerplate() {
        for p in [
            "By Thursday evening the talks had stalled.",
            "Share prices fell 2 percent in early trading on Monday.",
            "Subscribers to the service were told the plan had changed, officials said.",
            "The minister said the newsletter had been misread by critics who wanted a fight.",
            "Updated figures released on Monday showed the death toll had risen to 41, the health ministry said in a statement.",
        ] {
            assert_eq!(classify_paragraph(p), None, "{p}");
        }
    }

    #[test]
    fn captions() {
        for p in [
            "Firefighters work at the scene of the blast in Kyiv, Ukraine, March 3, 2025. REUTERS/Jane Doe",
            "A plane carrying the delegation stands on the tarmac at Vnukovo airport in Moscow, Russia, January 22, 2026",
            "The two leaders (left-right), pictured in Davos earlier today.",
            "Photo: John Smith/AP",
            "Protesters gather outside parliament. (Photo by Ann Lee/Getty Images)",
        ] {
            assert_eq!(classify_paragraph(p), Some(RemovedKind::Caption), "{p}");
        }
        assert_eq!(
            classify_paragraph("The meeting took place in Moscow, Russia, on January 22, 2026."),
            None
        );
        assert_eq!(
            classify_paragraph("“We stand ready,” she said in Paris, France, January 2, 2026."),
            None
        );
    }

    #[test]
    fn broken_lines() {
        assert!(continues("… as former U.S.", "President Donald Trump did."));
        assert!(!continues(
            "… sanctions on the U.S.",
            "The move was expected."
        ));
        assert!(continues("She met Gov.", "Kathy Hochul on Monday."));
        assert!(continues(
            "the talks went on for hours and",
            "ended without a deal."
        ));
        assert!(!continues("The talks ended.", "then it rained."));
        assert!(!continues("Talks resume", "Officials arrive."));
    }
}

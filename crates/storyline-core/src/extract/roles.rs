//! Roles and titles: what a sentence says a named person (or organisation) is, read from the
//! words around the name — a title before it ("Foreign Secretary David Lammy", "Gen. Mark
//! Milley", "Putin’s envoy Kirill Dmitriev"), an appositive after it ("Ann Smith, a
//! spokeswoman for the ministry,") or before it ("the head of the fund, Kirill Dmitriev").

use super::entities::{tokenize, Token};

/// Nouns that make a phrase a role ("envoy", "head", "spokeswoman").
const ROLE_NOUNS: &[&str] = &[
    "president",
    "minister",
    "secretary",
    "envoy",
    "envoys",
    "adviser",
    "advisor",
    "aide",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "chief",
    "head",
    "leader",
    "director",
    "executive",
    "chairman",
    "chairwoman",
    "chair",
    "ceo",
    "cfo",
    "coo",
    "founder",
    "co-founder",
    "governor",
    "senator",
    "lawmaker",
    "legislator",
    "congressman",
    "congresswoman",
    "mayor",
    "ambassador",
    "general",
    "admiral",
    "commander",
    "colonel",
    "captain",
    "sergeant",
    "lieutenant",
    "major",
    "officer",
    "official",
    "judge",
    "justice",
    "prosecutor",
    "attorney",
    "lawyer",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "cardinal",
    "archbishop",
    "bishop",
    "imam",
    "rabbi",
    "chancellor",
    "premier",
    "emperor",
    "professor",
    "analyst",
    "economist",
    "researcher",
    "scientist",
    "negotiator",
    "diplomat",
    "representative",
    "delegate",
    "coach",
    "manager",
    "owner",
    "partner",
    "son-in-law",
    "daughter-in-law",
    "wife",
    "husband",
    "widow",
    "daughter",
    "son",
    "brother",
    "sister",
    "mother",
    "father",
    "correspondent",
    "reporter",
    "editor",
    "columnist",
    "actor",
    "actress",
    "singer",
    "player",
    "striker",
    "goalkeeper",
    "candidate",
    "nominee",
    "activist",
    "dissident",
    "member",
    "speaker",
    "chairperson",
    "commissioner",
    "inspector",
    "detective",
    "sheriff",
    "superintendent",
    "dean",
    "principal",
    "rector",
    "mp",
    "mep",
    "cabinet",
    "deputy",
    "vice-president",
    "undersecretary",
    "counsel",
    "consul",
    "attaché",
    "emir",
    "sheikh",
    "sultan",
    "crown",
    "monarch",
    "president-elect",
];

/// Words that may stand in a role phrase before the role noun.
const ROLE_MODIFIERS: &[&str] = &[
    "special",
    "senior",
    "deputy",
    "vice",
    "former",
    "acting",
    "interim",
    "foreign",
    "defence",
    "defense",
    "interior",
    "finance",
    "economy",
    "economic",
    "prime",
    "presidential",
    "national",
    "security",
    "intelligence",
    "military",
    "policy",
    "chief",
    "top",
    "lead",
    "state",
    "general",
    "first",
    "then",
    "incoming",
    "outgoing",
    "newly",
    "appointed",
    "assistant",
    "associate",
    "executive",
    "managing",
    "press",
    "foreign-policy",
    "affairs",
    "health",
    "trade",
    "justice",
    "education",
    "energy",
    "environment",
    "labour",
    "labor",
    "transport",
    "agriculture",
    "culture",
    "sports",
    "home",
    "treasury",
    "white",
    "house",
    "supreme",
    "high",
    "opposition",
    "ruling",
    "party",
    "union",
    "regional",
    "local",
    "federal",
    "provincial",
    "district",
    "county",
    "city",
    "police",
    "army",
    "navy",
    "air",
    "force",
    "fire",
    "communications",
    "information",
    "team",
    "club",
    "company",
    "group",
    "board",
    "council",
    "committee",
    "government",
    "ministry",
    "department",
    "agency",
    "u.s.",
    "us",
    "u.k.",
    "uk",
    "un",
    "u.n.",
    "eu",
    "e.u.",
    "nato",
    "of",
    "’s",
    "'s",
    "-",
];

/// Abbreviated titles that stand before a name.
const TITLE_ABBREVIATIONS: &[&str] = &[
    "gen.", "adm.", "lt.", "col.", "maj.", "capt.", "sgt.", "cmdr.", "gov.", "sen.", "rep.",
    "amb.", "supt.", "det.", "insp.", "prof.", "rev.", "pres.", "sec.",
];

/// Courtesy titles: not roles.
const HONORIFICS: &[&str] = &[
    "mr.", "mrs.", "ms.", "mr", "mrs", "ms", "dr.", "dr", "sir", "dame", "lord", "lady",
];

/// Words after which a phrase before a comma cannot be an appositive head.
const STOPS: &[&str] = &[
    "and",
    "or",
    "with",
    "by",
    "including",
    "said",
    "says",
    "told",
    "met",
    "to",
    "from",
    "for",
    "in",
    "on",
    "at",
    "as",
    "that",
    "while",
    "after",
    "before",
    "when",
    "but",
];

/// Capitalised at the start of a sentence, never part of a title.
const FUNCTION_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "although",
    "though",
    "while",
    "but",
    "and",
    "or",
    "so",
    "yet",
    "in",
    "on",
    "at",
    "as",
    "when",
    "after",
    "before",
    "meanwhile",
    "however",
    "since",
    "if",
    "because",
    "then",
    "now",
    "also",
    "even",
    "still",
    "today",
    "yesterday",
    "earlier",
    "later",
    "last",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "their",
    "its",
    "our",
    "with",
    "by",
    "for",
    "from",
    "to",
    "during",
    "despite",
    "under",
    "over",
    "according",
    "speaking",
    "asked",
    "notably",
    "separately",
    "indeed",
    "instead",
];

/// Prepositions that may follow a role noun ("head of", "adviser to", "spokesman for").
const ROLE_PREPOSITIONS: &[&str] = &["of", "to", "for", "at", "in", "on"];

fn lower(t: &Token<'_>) -> String {
    t.text.to_lowercase()
}

pub(crate) fn is_role_noun(w: &str) -> bool {
    ROLE_NOUNS.contains(&w) || TITLE_ABBREVIATIONS.contains(&w)
}

fn is_capitalised(t: &Token<'_>) -> bool {
    t.text.chars().next().is_some_and(char::is_uppercase)
}

fn is_punct(t: &Token<'_>) -> bool {
    !t.text.chars().any(char::is_alphanumeric)
}

/// How many leading words of a person's name (as tagged) are a title or honorific
/// ("Admiral Igor Kostyukov", "Mr. Smith"): they are description, not name.
pub fn leading_title_words(name: &str) -> usize {
    let words: Vec<&str> = name.split_whitespace().collect();
    let n = words
        .iter()
        .take_while(|w| {
            let w = w.to_lowercase();
            is_role_noun(&w)
                || HONORIFICS.contains(&w.as_str())
                || matches!(w.as_str(), "former" | "deputy" | "vice" | "acting")
        })
        .count();
    // Keep at least one word of name.
    n.min(words.len().saturating_sub(1))
}

/// The description a sentence gives for the name at `[start, end)` (code points into
/// `sentence`), if any: the title before it, else an appositive after it, else one before it.
pub fn describe(sentence: &str, start: usize, end: usize) -> Option<String> {
    let tokens = tokenize(sentence);
    let first = tokens.iter().position(|t| t.start >= start)?;
    let last = tokens.iter().rposition(|t| t.end <= end)?;
    if last < first {
        return None;
    }
    title_before(sentence, &tokens, first)
        .or_else(|| appositive_after(sentence, &tokens, last))
        .or_else(|| appositive_before(sentence, &tokens, first))
}

fn slice(sentence: &str, tokens: &[Token<'_>], from: usize, to: usize) -> String {
    let start = tokens[from].start;
    let end = tokens[to].end;
    sentence
        .chars()
        .skip(start)
        .take(end - start)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// "Russian President", "U.S. Special Envoy", "Putin’s envoy", "Gen.", "Secretary of State".
fn title_before(sentence: &str, tokens: &[Token<'_>], first: usize) -> Option<String> {
    let mut i = first;
    let mut has_role = false;
    while i > 0 {
        let t = &tokens[i - 1];
        let w = lower(t);
        if HONORIFICS.contains(&w.as_str()) {
            break;
        }
        let fits = is_role_noun(&w)
            || ROLE_MODIFIERS.contains(&w.as_str())
            || (is_capitalised(t) && !is_punct(t) && !FUNCTION_WORDS.contains(&w.as_str()));
        if !fits {
            break;
        }
        // "son-in-law of former U.S. President Donald Trump": a role after "of" belongs to
        // the name; the phrase before "of" describes someone else.
        if w == "of" && (i..first).any(|k| is_role_noun(&lower(&tokens[k]))) {
            break;
        }
        has_role |= is_role_noun(&w);
        i -= 1;
    }
    // Trim words that cannot open a role phrase.
    while i < first {
        let w = lower(&tokens[i]);
        if matches!(w.as_str(), "of" | "and" | "-" | "’s" | "'s") {
            i += 1;
        } else {
            break;
        }
    }
    // The phrase must end in its role noun ("Putin’s envoy"), or in "of" and a capitalised
    // name after it ("Secretary of State"): not, say, in a place name.
    if !has_role || i >= first {
        return None;
    }
    let role_at = (i..first)
        .rev()
        .find(|&k| is_role_noun(&lower(&tokens[k])))?;
    let tail_ok = role_at + 1 == first
        || (lower(&tokens[role_at + 1]) == "of"
            && (role_at + 2..first).all(|k| is_capitalised(&tokens[k])));
    if !tail_ok {
        return None;
    }
    Some(slice(sentence, tokens, i, first - 1))
}

/// "Ann Smith, a spokeswoman for the ministry," → "spokeswoman for the ministry".
fn appositive_after(sentence: &str, tokens: &[Token<'_>], last: usize) -> Option<String> {
    let comma = last + 1;
    if tokens.get(comma)?.text != "," {
        return None;
    }
    let mut i = comma + 1;
    if matches!(lower(tokens.get(i)?).as_str(), "a" | "an" | "the") {
        i += 1;
    }
    let from = i;
    let mut role_at = None;
    while let Some(t) = tokens.get(i) {
        if matches!(
            t.text,
            "," | "." | ";" | ":" | ")" | "(" | "—" | "–" | "\"" | "“" | "”"
        ) {
            break;
        }
        let w = lower(t);
        if role_at.is_none() {
            if is_role_noun(&w) {
                role_at = Some(i);
            } else if !(ROLE_MODIFIERS.contains(&w.as_str()) || is_capitalised(t)) {
                return None;
            }
        }
        i += 1;
        if i - from > 14 {
            return None;
        }
    }
    let role_at = role_at?;
    // After the role noun only a prepositional phrase may follow.
    if role_at + 1 < i && !ROLE_PREPOSITIONS.contains(&lower(&tokens[role_at + 1]).as_str()) {
        return None;
    }
    Some(slice(sentence, tokens, from, i - 1))
}

/// "the head of the Russian Direct Investment Fund, Kirill Dmitriev" → "head of the Russian
/// Direct Investment Fund".
fn appositive_before(sentence: &str, tokens: &[Token<'_>], first: usize) -> Option<String> {
    if first < 2 || tokens[first - 1].text != "," {
        return None;
    }
    let end = first - 2;
    let mut i = end + 1;
    while i > 0 {
        let t = &tokens[i - 1];
        let w = lower(t);
        if is_punct(t) && !matches!(t.text, "’s" | "'s" | "-") || STOPS.contains(&w.as_str()) {
            break;
        }
        i -= 1;
        if end + 1 - i > 12 {
            return None;
        }
    }
    let mut from = i;
    if from <= end && matches!(lower(&tokens[from]).as_str(), "the" | "a" | "an") {
        from += 1;
    }
    if from > end {
        return None;
    }
    // The phrase is "modifiers* ROLE (preposition …)?": find the role noun.
    let role_at = (from..=end).find(|&k| is_role_noun(&lower(&tokens[k])))?;
    let before_ok = (from..role_at).all(|k| {
        let w = lower(&tokens[k]);
        ROLE_MODIFIERS.contains(&w.as_str()) || is_capitalised(&tokens[k])
    });
    let after_ok =
        role_at == end || ROLE_PREPOSITIONS.contains(&lower(&tokens[role_at + 1]).as_str());
    (before_ok && after_ok).then(|| slice(sentence, tokens, from, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(sentence: &str, name: &str) -> Option<String> {
        let byte = sentence.find(name).expect("name in sentence");
        let start = sentence[..byte].chars().count();
        describe(sentence, start, start + name.chars().count())
    }

    #[test]
    fn titles_before_names() {
        let s = "Russian President Vladimir Putin met U.S. Special Envoy Steve Witkoff and former President Donald Trump on Thursday.";
        assert_eq!(d(s, "Vladimir Putin").as_deref(), Some("Russian President"));
        assert_eq!(d(s, "Steve Witkoff").as_deref(), Some("U.S. Special Envoy"));
        assert_eq!(d(s, "Donald Trump").as_deref(), Some("former President"));
        assert_eq!(
            d("Foreign Secretary David Lammy arrived.", "David Lammy").as_deref(),
            Some("Foreign Secretary")
        );
        assert_eq!(
            d("Gen. Mark Milley said so.", "Mark Milley").as_deref(),
            Some("Gen.")
        );
        assert_eq!(
            d(
                "Putin’s envoy Kirill Dmitriev is attending.",
                "Kirill Dmitriev"
            )
            .as_deref(),
            Some("Putin’s envoy")
        );
        assert_eq!(
            d("Secretary of State Marco Rubio spoke.", "Marco Rubio").as_deref(),
            Some("Secretary of State")
        );
        assert_eq!(
            d(
                "Although Ukrainian President Volodymyr Zelensky said so.",
                "Volodymyr Zelensky"
            )
            .as_deref(),
            Some("Ukrainian President")
        );
        assert_eq!(
            d(
                "He met Jared Kushner, son-in-law of former U.S. President Donald Trump.",
                "Donald Trump"
            )
            .as_deref(),
            Some("former U.S. President")
        );
    }

    #[test]
    fn appositives() {
        assert_eq!(
            d(
                "Ann Smith, a spokeswoman for the ministry, said the talks ended.",
                "Ann Smith"
            )
            .as_deref(),
            Some("spokeswoman for the ministry")
        );
        assert_eq!(
            d("The delegation includes Rustem Umerov, head of the national security council; and others.", "Rustem Umerov").as_deref(),
            Some("head of the national security council")
        );
        assert_eq!(
            d("It included Yuri Ushakov and the head of the Russian Direct Investment Fund, Kirill Dmitriev.", "Kirill Dmitriev").as_deref(),
            Some("head of the Russian Direct Investment Fund")
        );
    }

    #[test]
    fn no_role_where_none_is_stated() {
        assert_eq!(d("Trump met Putin in Moscow.", "Putin"), None);
        assert_eq!(d("Mr. Smith declined to comment.", "Smith"), None);
        assert_eq!(
            d(
                "Ushakov stated, emphasizing the point, that talks went well.",
                "Ushakov"
            ),
            None
        );
        assert_eq!(d("In Moscow, Putin spoke.", "Putin"), None);
        assert_eq!(d("Officials in Paris, France said so.", "France"), None);
    }
}

/// Descriptions used as references in place of a name: "the French president", "the
/// Ukrainian leader", "the U.S. envoy". Returns code-point spans (into `sentence`) of the
/// description without its article ("French president").
pub fn descriptive_references(sentence: &str) -> Vec<(usize, usize)> {
    let tokens = tokenize(sentence);
    let mut out = Vec::new();
    for i in 0..tokens.len() {
        if !tokens[i].text.eq_ignore_ascii_case("the") {
            continue;
        }
        // One or two capitalised words (a demonym or a country), then a role noun.
        for width in 1..=2 {
            let role = i + width + 1;
            let Some(noun) = tokens.get(role) else { break };
            let caps = (i + 1..role).all(|k| {
                is_capitalised(&tokens[k]) && !FUNCTION_WORDS.contains(&lower(&tokens[k]).as_str())
            });
            if !caps || !is_role_noun(&noun.text.to_lowercase()) || noun.text.ends_with('.') {
                continue;
            }
            // A name right after makes it a title ("the French President Emmanuel Macron").
            if tokens.get(role + 1).is_some_and(is_capitalised) {
                break;
            }
            out.push((tokens[i + 1].start, noun.end));
            break;
        }
    }
    out
}

#[cfg(test)]
mod reference_tests {
    use super::*;

    fn refs(s: &str) -> Vec<String> {
        descriptive_references(s)
            .into_iter()
            .map(|(a, b)| s.chars().skip(a).take(b - a).collect())
            .collect()
    }

    #[test]
    fn descriptions_standing_for_names() {
        assert_eq!(
            refs("Later the French president said he was hopeful."),
            vec!["French president"]
        );
        assert_eq!(
            refs("The Ukrainian leader left; the U.S. envoy stayed."),
            vec!["Ukrainian leader", "U.S. envoy"]
        );
        assert!(refs("the French President Emmanuel Macron spoke").is_empty());
        assert!(refs("the president spoke").is_empty());
        assert!(refs("In the Paris suburbs they met.").is_empty());
    }
}

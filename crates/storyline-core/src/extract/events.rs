//! Event mentions in one article: per sentence, a trigger word from a hand-written lexicon
//! (met, talks, visited, statement, announced, agreed, attack, earthquake, …) with its kind,
//! the named participants of the sentence, a place (a location after in/at/near), a date
//! (the DATE/TIME expression of the sentence nearest the trigger) and a duration.
//!
//! [`extract`] gives at most one mention per kind and sentence (the first trigger);
//! [`extract_with`] with [`Options::all_triggers`] gives one per trigger word, and with
//! [`Options::broad`] also takes general news verbs (launched, released, born, sued, …)
//! as `other` events (used by the SemEval-2015 Task 4 evaluation).

use crate::text::words::words;
use storyline_model::{
    Annotations, Article, DateBasis, EntityKind, EventDate, EventKind, TimeType,
};

/// One mention of an event in one sentence of one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventMention {
    pub kind: EventKind,
    /// The trigger word as written, and its code-point span in the article's text.
    pub trigger: String,
    pub start: usize,
    pub end: usize,
    /// 0-based index into the article's sentences.
    pub sentence: usize,
    /// PERSON/ORG local entities named in the sentence (indices into `Annotations::locals`),
    /// in text order, without repeats.
    pub participants: Vec<usize>,
    /// A LOCATION local entity of the sentence introduced by in/at/near.
    pub place: Option<usize>,
    /// The sentence's date: `stated` when the expression is absolute in the text,
    /// `resolved` when it is relative and was resolved against the article's date.
    pub date: Option<EventDate>,
    /// TIMEX3 value of a DURATION expression in the sentence (`PT5H`).
    pub duration: Option<String>,
    /// A short generated title ("Vladimir Putin meets Steve Witkoff in Moscow").
    pub title: String,
}

/// How much to extract.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// One mention per trigger word instead of one per kind and sentence.
    pub all_triggers: bool,
    /// Also general news verbs and nouns as `other` events.
    pub broad: bool,
}

/// Event mentions of one article, at most one per kind and sentence, in text order.
pub fn extract(article: &Article, ann: &Annotations) -> Vec<EventMention> {
    extract_with(article, ann, Options::default())
}

/// Event mentions of one article with the given options, in text order.
pub fn extract_with(article: &Article, ann: &Annotations, opts: Options) -> Vec<EventMention> {
    let mut out = Vec::new();
    for (si, span) in article.sentences.iter().enumerate() {
        let sentence = span.slice(&article.text).unwrap_or("");
        let words = words(sentence);
        let mut seen_kinds: Vec<EventKind> = Vec::new();
        for (wi, &(ws, we, ref w)) in words.iter().enumerate() {
            let Some(kind) = trigger_kind(&words, wi, w, opts.broad) else {
                continue;
            };
            if !opts.all_triggers {
                if seen_kinds.contains(&kind) {
                    continue;
                }
                seen_kinds.push(kind);
            }
            let start = span.start + ws;
            let end = span.start + we;
            let trigger: String = sentence.chars().skip(ws).take(we - ws).collect();
            let (participants, place) = roles_in(ann, si, sentence, span.start);
            let date = date_in(ann, span.start, span.end, start);
            let duration = ann
                .times
                .iter()
                .filter(|t| {
                    t.kind == TimeType::Duration && t.start >= span.start && t.end <= span.end
                })
                .find(|t| t.value.starts_with('P') && !t.value.contains('X'))
                .map(|t| t.value.clone());
            let title = title(kind, &trigger, ann, &participants, place);
            out.push(EventMention {
                kind,
                trigger,
                start,
                end,
                sentence: si,
                participants,
                place,
                date,
                duration,
                title,
            });
        }
    }
    out
}

/// The kind of event the word at `wi` names, if it is a trigger.
fn trigger_kind(
    words: &[(usize, usize, String)],
    wi: usize,
    w: &str,
    broad: bool,
) -> Option<EventKind> {
    let prev = |k: usize| wi.checked_sub(k).map(|i| words[i].2.as_str());
    let next = words.get(wi + 1).map(|x| x.2.as_str());
    let kind = match w {
        "met" | "meet" | "meets" | "meeting" | "meetings" | "summit" | "summits" => {
            // "meet the requirements", "meeting expectations" are not meetings.
            if matches!(
                next,
                Some(
                    "expectations" | "demand" | "demands" | "requirements" | "criteria" | "targets"
                )
            ) {
                return None;
            }
            EventKind::Meeting
        }
        "talks" | "negotiations" | "negotiated" | "negotiating" => {
            // "talks" as a verb after a pronoun or name ("he talks") stays a trigger only as a noun.
            if w == "talks" && matches!(prev(1), Some("he" | "she" | "it" | "who")) {
                return None;
            }
            EventKind::Talks
        }
        "visit" | "visited" | "visiting" | "visits" | "arrived" | "arrives" | "trip" => {
            EventKind::Visit
        }
        "statement" | "communique" | "communiqué" | "declaration" => EventKind::Statement,
        "announced" | "announces" | "announce" | "announcement" | "unveiled" | "unveils" => {
            EventKind::Announcement
        }
        "agreed" | "agree" | "agrees" | "agreement" | "signed" | "signs" | "deal" | "accord"
        | "treaty" | "ceasefire" | "truce" => {
            if w == "agree" && matches!(prev(1), Some("not" | "don't" | "didn't" | "disagree")) {
                return None;
            }
            EventKind::Agreement
        }
        "attack" | "attacks" | "attacked" | "strike" | "strikes" | "airstrike" | "airstrikes"
        | "bombing" | "bombings" | "shelling" | "shelled" | "killed" | "bombed" | "raid"
        | "assault" | "offensive" => {
            if w == "strike" || w == "strikes" {
                // A labour strike is not an attack.
                if matches!(
                    prev(1),
                    Some("general" | "hunger" | "labour" | "labor" | "workers" | "rail")
                ) || matches!(next, Some("action"))
                {
                    return Some(EventKind::Other);
                }
            }
            EventKind::Attack
        }
        "earthquake" | "quake" | "tsunami" | "election" | "elections" | "vote" | "voted"
        | "referendum" | "crash" | "crashed" | "fire" | "blaze" | "wildfire" | "protest"
        | "protests" | "protested" | "demonstration" | "demonstrations" | "flood" | "floods"
        | "flooding" | "explosion" | "exploded" | "blast" | "storm" | "hurricane" | "typhoon"
        | "cyclone" | "arrested" | "arrest" | "resigned" | "resignation" | "died" | "collapse"
        | "collapsed" | "shooting" | "derailed" | "landslide" | "inauguration" | "sworn" => {
            if w == "fire" && matches!(prev(1), Some("under" | "open" | "ceasefire")) {
                return None;
            }
            EventKind::Other
        }
        _ if broad && BROAD.binary_search(&w).is_ok() => EventKind::Other,
        _ => return None,
    };
    Some(kind)
}

/// General news verbs and nouns (sorted, for binary search), taken only in broad mode.
const BROAD: &[&str] = &[
    "acquire",
    "acquired",
    "acquisition",
    "add",
    "added",
    "appointed",
    "began",
    "begin",
    "born",
    "bought",
    "build",
    "built",
    "buy",
    "called",
    "cancelled",
    "closed",
    "conference",
    "cut",
    "debut",
    "debuted",
    "decided",
    "decision",
    "delayed",
    "demonstrated",
    "described",
    "discontinued",
    "dismissed",
    "dropped",
    "event",
    "expected",
    "expo",
    "fired",
    "fought",
    "founded",
    "gave",
    "hired",
    "increase",
    "increased",
    "introduce",
    "introduced",
    "introduces",
    "keynote",
    "launch",
    "launched",
    "launches",
    "lawsuit",
    "left",
    "lost",
    "lowered",
    "made",
    "merged",
    "named",
    "offer",
    "offered",
    "opened",
    "plans",
    "presented",
    "priced",
    "purchase",
    "purchased",
    "reached",
    "release",
    "released",
    "releases",
    "replace",
    "replaced",
    "reported",
    "returned",
    "revealed",
    "ruled",
    "said",
    "sale",
    "sales",
    "says",
    "sell",
    "selling",
    "sells",
    "settled",
    "shipped",
    "showed",
    "sold",
    "start",
    "started",
    "stated",
    "sue",
    "sued",
    "suing",
    "took",
    "unveil",
    "update",
    "updated",
    "upgrade",
    "win",
    "won",
];

/// Participants (PERSON/ORG locals) and place (a LOCATION local after in/at/near) of one
/// sentence.
fn roles_in(
    ann: &Annotations,
    si: usize,
    sentence: &str,
    offset: usize,
) -> (Vec<usize>, Option<usize>) {
    let mut participants = Vec::new();
    let mut place = None;
    for m in ann.mentions.iter().filter(|m| m.sentence == si) {
        match m.kind {
            EntityKind::Person | EntityKind::Organization if !participants.contains(&m.local) => {
                participants.push(m.local);
            }
            EntityKind::Location if place.is_none() => {
                let before: String = sentence
                    .chars()
                    .take(m.start.saturating_sub(offset))
                    .collect::<String>()
                    .to_lowercase();
                let before = before.trim_end();
                let before = before.strip_suffix(" the").unwrap_or(before);
                if [" in", " at", " near"]
                    .iter()
                    .any(|p| before.ends_with(p) || before == p.trim_start())
                {
                    place = Some(m.local);
                }
            }
            _ => {}
        }
    }
    (participants, place)
}

/// The DATE (or TIME) expression of the sentence `[s, e)` nearest the trigger at `at`, as an
/// event date. Vague values (`PRESENT_REF`, `XXXX-…`) are no date.
fn date_in(ann: &Annotations, s: usize, e: usize, at: usize) -> Option<EventDate> {
    ann.times
        .iter()
        .filter(|t| matches!(t.kind, TimeType::Date | TimeType::Time))
        .filter(|t| t.start >= s && t.end <= e)
        .filter(|t| t.value.starts_with(|c: char| c.is_ascii_digit()) && !t.value.contains('X'))
        .min_by_key(|t| (t.start.abs_diff(at), t.start))
        .map(|t| EventDate {
            value: date_part(&t.value),
            end: None,
            basis: if is_absolute(&t.text) {
                DateBasis::Stated
            } else {
                DateBasis::Resolved
            },
        })
}

/// The calendar part of a TIMEX3 value (`2026-01-22T23:30` stays; `2026-01-22TMO` → date).
fn date_part(value: &str) -> String {
    match value.split_once('T') {
        Some((_, t)) if t.chars().next().is_some_and(|c| c.is_ascii_digit()) => value.to_string(),
        Some((d, _)) => d.to_string(),
        None => value.to_string(),
    }
}

/// Whether a time expression names its date outright (a year, a month name or digits)
/// rather than relative to the article's date ("Thursday", "yesterday", "last week").
fn is_absolute(text: &str) -> bool {
    const MONTHS: &[&str] = &[
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = text.to_lowercase();
    let relative = [
        "ago", "last", "next", "this", "later", "earlier", "before", "after",
    ]
    .iter()
    .any(|r| lower.split(|c: char| !c.is_alphabetic()).any(|w| w == *r));
    let named = text.chars().any(|c| c.is_ascii_digit())
        || lower
            .split(|c: char| !c.is_alphabetic())
            .any(|w| w.len() >= 3 && MONTHS.iter().any(|m| w.starts_with(m)));
    named && !relative
}

/// A short title from kind, participants and place.
fn title(
    kind: EventKind,
    trigger: &str,
    ann: &Annotations,
    participants: &[usize],
    place: Option<usize>,
) -> String {
    let names: Vec<&str> = participants
        .iter()
        .filter_map(|&l| ann.locals.get(l))
        .map(|l| l.name.as_str())
        .take(3)
        .collect();
    let place = place
        .and_then(|p| ann.locals.get(p))
        .map(|l| l.name.as_str());
    let join = |ns: &[&str]| match ns {
        [] => String::new(),
        [a] => a.to_string(),
        [init @ .., last] => format!("{} and {}", init.join(", "), last),
    };
    let mut t = match (kind, names.as_slice()) {
        (EventKind::Meeting, [a, rest @ ..]) if !rest.is_empty() => {
            format!("{a} meets {}", join(rest))
        }
        (EventKind::Meeting, _) => format!("{} meeting", join(&names)),
        (EventKind::Talks, [a, rest @ ..]) if !rest.is_empty() => {
            format!("{a} holds talks with {}", join(rest))
        }
        (EventKind::Talks, _) => format!("{} talks", join(&names)),
        (EventKind::Visit, [a, ..]) => format!("{a} visits"),
        (EventKind::Statement, [a, ..]) => format!("{a} issues a statement"),
        (EventKind::Announcement, [a, ..]) => format!("{a} announcement"),
        (EventKind::Agreement, [_, _, ..]) => format!("{} reach an agreement", join(&names)),
        (EventKind::Agreement, [a]) => format!("{a} agreement"),
        (EventKind::Attack, _) => format!("{} attack", join(&names)),
        _ => format!("{} {}", join(&names), trigger.to_lowercase()),
    };
    t = t.trim().to_string();
    if t.is_empty() || names.is_empty() && !matches!(kind, EventKind::Other) {
        t = match kind {
            EventKind::Meeting => "Meeting".into(),
            EventKind::Talks => "Talks".into(),
            EventKind::Visit => "Visit".into(),
            EventKind::Statement => "Statement".into(),
            EventKind::Announcement => "Announcement".into(),
            EventKind::Agreement => "Agreement".into(),
            EventKind::Attack => "Attack".into(),
            EventKind::Other => capitalise(trigger),
        };
    }
    if let Some(p) = place {
        t.push_str(" in ");
        t.push_str(p);
    }
    capitalise(&t)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(text: &str) -> Article {
        let doc = crate::ingest::text::parse("t.txt", text);
        crate::document::analyse(doc).expect("article")
    }

    fn run(text: &str) -> (Article, Annotations, Vec<EventMention>) {
        let a = article(text);
        let ann = crate::extract::annotate::annotate(&a);
        let ev = extract(&a, &ann);
        (a, ann, ev)
    }

    fn name(ann: &Annotations, l: usize) -> &str {
        &ann.locals[l].name
    }

    #[test]
    fn meeting_with_participants_place_date_and_duration() {
        let (a, ann, ev) = run("Putin meets Witkoff\n\ndate 2026-01-23\n\n\
             Russian President Vladimir Putin met U.S. envoy Steve Witkoff in Moscow on Thursday. \
             The talks lasted five hours, Kremlin aide Yuri Ushakov said.");
        let m = ev
            .iter()
            .find(|e| e.kind == EventKind::Meeting)
            .unwrap_or_else(|| panic!("no meeting in {ev:?}"));
        let names: Vec<&str> = m.participants.iter().map(|&l| name(&ann, l)).collect();
        assert!(names.contains(&"Vladimir Putin"), "{names:?}");
        assert!(names.iter().any(|n| n.contains("Witkoff")), "{names:?}");
        assert_eq!(m.place.map(|p| name(&ann, p)), Some("Moscow"));
        let d = m.date.as_ref().expect("date");
        assert_eq!(d.value, "2026-01-22");
        assert_eq!(d.basis, DateBasis::Resolved);
        assert_eq!(m.trigger, "met");
        let chars: Vec<char> = a.text.chars().collect();
        assert_eq!(chars[m.start..m.end].iter().collect::<String>(), "met");
        assert!(m.title.starts_with("Vladimir Putin meets"), "{}", m.title);
        assert!(m.title.ends_with("in Moscow"), "{}", m.title);
        let talks = ev
            .iter()
            .find(|e| e.kind == EventKind::Talks)
            .expect("talks");
        assert_eq!(talks.duration.as_deref(), Some("PT5H"));
        assert_eq!(talks.sentence, m.sentence + 1);
    }

    #[test]
    fn stated_dates_and_kinds() {
        let (_, _, ev) = run("Deal signed\n\ndate 2026-03-02\n\n\
             Ukraine and Russia signed a ceasefire agreement in Istanbul on March 1, 2026. \
             A Russian missile attack on Kharkiv killed three people on Sunday. \
             The Foreign Ministry said in a statement that the deal was a step forward.");
        let agreement = ev
            .iter()
            .find(|e| e.kind == EventKind::Agreement)
            .expect("agreement");
        assert_eq!(
            agreement.date.as_ref().map(|d| (d.value.as_str(), d.basis)),
            Some(("2026-03-01", DateBasis::Stated))
        );
        assert_eq!(agreement.sentence, 0);
        assert!(ev
            .iter()
            .any(|e| e.kind == EventKind::Attack && e.sentence == 1));
        assert!(ev
            .iter()
            .any(|e| e.kind == EventKind::Statement && e.sentence == 2));
        // One mention per kind and sentence by default ("signed", "ceasefire", "agreement").
        assert_eq!(
            ev.iter()
                .filter(|e| e.kind == EventKind::Agreement && e.sentence == 0)
                .count(),
            1
        );
    }

    #[test]
    fn no_trigger_no_event_and_no_date_is_never_guessed() {
        let (_, _, ev) =
            run("Markets\n\nShares rose sharply as investors bought technology stocks.");
        assert!(ev.is_empty(), "{ev:?}");
        let (_, _, ev) = run("Quake\n\nA strong earthquake struck central Turkey, officials said.");
        let q = ev
            .iter()
            .find(|e| e.trigger == "earthquake")
            .expect("earthquake");
        assert_eq!(q.date, None);
        assert_eq!(q.title, "Earthquake");
    }

    #[test]
    fn all_triggers_and_broad_mode() {
        let a = article("Apple\n\ndate 2008-06-10\n\nApple launched the iPhone 3G and announced a new store in London.");
        let ann = crate::extract::annotate::annotate(&a);
        let ev = extract_with(
            &a,
            &ann,
            Options {
                all_triggers: true,
                broad: true,
            },
        );
        let triggers: Vec<&str> = ev.iter().map(|e| e.trigger.as_str()).collect();
        assert_eq!(triggers, vec!["launched", "announced"]);
        assert!(extract(&a, &ann).iter().all(|e| e.trigger != "launched"));
    }

    #[test]
    fn broad_list_is_sorted() {
        assert!(BROAD.windows(2).all(|w| w[0] < w[1]));
    }
}

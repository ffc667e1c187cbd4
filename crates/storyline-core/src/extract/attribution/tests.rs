//! Real-looking news for every quoting style and speaker case.

use super::*;
use crate::text::segment;
use storyline_model::EntityKind;

/// Entities given by hand: every occurrence of each name, with its kind.
fn run(text: &str, names: &[(&str, EntityKind)]) -> Vec<QuoteMention> {
    let chars: Vec<char> = text.chars().collect();
    let mut ents = Vec::new();
    for (name, kind) in names {
        let n: Vec<char> = name.chars().collect();
        for i in 0..chars.len().saturating_sub(n.len() - 1) {
            if chars[i..i + n.len()] == n[..]
                && (i == 0 || !chars[i - 1].is_alphanumeric())
                && chars.get(i + n.len()).is_none_or(|c| !c.is_alphanumeric())
            {
                ents.push(EntitySpan {
                    start: i,
                    end: i + n.len(),
                    kind: *kind,
                });
            }
        }
    }
    extract(text, &segment(text), &ents)
}

fn s(text: &str, span: Option<Span>) -> Option<String> {
    span.and_then(|s| s.slice(text)).map(str::to_string)
}

fn content(text: &str, m: &QuoteMention) -> String {
    m.content_text(text)
}

const P: EntityKind = EntityKind::Person;
const O: EntityKind = EntityKind::Organization;

#[test]
fn straight_quote_with_trailing_frame() {
    let t =
        r#"Talks ended without a deal. "We will not give up on peace," Macron said on Thursday."#;
    let m = run(t, &[("Macron", P)]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].kind, AttributionKind::Direct);
    assert_eq!(content(t, &m[0]), "We will not give up on peace");
    assert_eq!(s(t, m[0].cue).as_deref(), Some("said"));
    assert_eq!(s(t, m[0].speaker).as_deref(), Some("Macron"));
    assert_eq!(m[0].speaker_text.as_deref(), Some("Macron"));
}

#[test]
fn curly_quote_with_inverted_frame_and_appositive() {
    let t = "“The meeting was constructive,” said Yuri Ushakov, a Kremlin foreign policy aide.";
    let m = run(t, &[("Yuri Ushakov", P), ("Kremlin", O)]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(content(t, &m[0]), "The meeting was constructive");
    assert_eq!(s(t, m[0].speaker).as_deref(), Some("Yuri Ushakov"));
}

#[test]
fn colon_frame_before_quote() {
    let t = "The minister told reporters in Geneva: “There is no agreement yet.”";
    let m = run(t, &[("Geneva", EntityKind::Location)]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].kind, AttributionKind::Direct);
    assert_eq!(content(t, &m[0]), "There is no agreement yet.");
    assert_eq!(m[0].speaker_text.as_deref(), Some("The minister"));
    assert_eq!(s(t, m[0].cue).as_deref(), Some("told"));
}

#[test]
fn single_curly_quotes_and_apostrophes() {
    let t = "Macron’s adviser said: ‘We’re not going back to the ’90s.’";
    let m = run(t, &[("Macron", P)]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(content(t, &m[0]), "We’re not going back to the ’90s.");
    assert_eq!(m[0].speaker_text.as_deref(), Some("Macron’s adviser"));
}

#[test]
fn mismatched_marks() {
    let t = "“We are ready to sign today,“ Peskov said.";
    let m = run(t, &[("Peskov", P)]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(content(t, &m[0]), "We are ready to sign today");
    assert_eq!(s(t, m[0].speaker).as_deref(), Some("Peskov"));
}

#[test]
fn quote_over_paragraphs_with_repeated_mark() {
    let t = "Zelenskyy said: “We need air defence now. Every night matters.\n\n“Our partners know what is at stake.”\n\nThe talks resume on Monday.";
    let m = run(t, &[("Zelenskyy", P)]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].parts.len(), 2);
    assert_eq!(
        content(t, &m[0]),
        "We need air defence now. Every night matters. Our partners know what is at stake."
    );
    assert_eq!(s(t, m[0].speaker).as_deref(), Some("Zelenskyy"));
}

#[test]
fn quote_over_paragraphs_without_repeated_mark() {
    let t = "Zelenskyy said: “We need air defence now.\n\nOur partners know what is at stake,” he added.";
    let m = run(t, &[("Zelenskyy", P)]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].parts.len(), 2);
}

#[test]
fn interrupted_quote_is_one_attribution() {
    let t = "“This is a good day,” Starmer said, “but the hard part starts now.”";
    let m = run(t, &[("Starmer", P)]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].parts.len(), 2);
    assert_eq!(
        content(t, &m[0]),
        "This is a good day but the hard part starts now."
    );
    assert_eq!(s(t, m[0].speaker).as_deref(), Some("Starmer"));
}

#[test]
fn next_sentence_quote_continues_the_speaker() {
    let t = "“He’s absolutely right,” Flynn said on Fox News. “There is a lot of frustration.”";
    let m = run(t, &[("Flynn", P), ("Fox News", O)]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].parts.len(), 2);
}

#[test]
fn partial_quote_inside_reported_speech() {
    let t = "Flynn said Donald Trump was “absolutely right” about the generals.";
    let m = run(t, &[("Flynn", P), ("Donald Trump", P)]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].kind, AttributionKind::Partial);
    assert_eq!(
        content(t, &m[0]),
        "Donald Trump was “absolutely right” about the generals"
    );
    assert_eq!(s(t, m[0].speaker).as_deref(), Some("Flynn"));
}

#[test]
fn scare_quotes_are_not_attributions() {
    let t = "The so-called “peace plan” has 28 points and a “security guarantee” for Kyiv.";
    assert!(run(t, &[("Kyiv", EntityKind::Location)]).is_empty());
}

#[test]
fn said_that() {
    let t = "The ministry spokesman said that the talks would continue next week.";
    let m = run(t, &[]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].kind, AttributionKind::Indirect);
    assert_eq!(content(t, &m[0]), "the talks would continue next week");
    assert_eq!(m[0].speaker_text.as_deref(), Some("The ministry spokesman"));
    assert_eq!(m[0].speaker, None);
}

#[test]
fn said_without_that_and_told_reporters() {
    let t = "Trump said the deal was close. Witkoff told reporters on Tuesday the Russians were serious.";
    let m = run(
        t,
        &[
            ("Trump", P),
            ("Witkoff", P),
            ("Russians", EntityKind::Other),
        ],
    );
    assert_eq!(m.len(), 2, "{m:?}");
    assert_eq!(content(t, &m[0]), "the deal was close");
    assert_eq!(s(t, m[0].speaker).as_deref(), Some("Trump"));
    assert_eq!(content(t, &m[1]), "the Russians were serious");
    assert_eq!(s(t, m[1].cue).as_deref(), Some("told"));
}

#[test]
fn according_to() {
    let t = "According to the Pentagon, the strike hit an empty warehouse. The convoy was stopped at the border, according to local officials.";
    let m = run(t, &[("Pentagon", O)]);
    assert_eq!(m.len(), 2, "{m:?}");
    assert_eq!(content(t, &m[0]), "the strike hit an empty warehouse");
    assert_eq!(s(t, m[0].speaker).as_deref(), Some("Pentagon"));
    assert_eq!(content(t, &m[1]), "The convoy was stopped at the border");
    assert_eq!(m[1].speaker_text.as_deref(), Some("local officials"));
    assert_eq!(m[1].speaker, None);
}

#[test]
fn other_speech_verbs() {
    for verb in [
        "stressed",
        "warned",
        "added",
        "noted",
        "insisted",
        "claimed",
        "announced",
        "confirmed",
    ] {
        let t = format!("Rutte {verb} that the alliance would stand by Kyiv.");
        let m = run(&t, &[("Rutte", P), ("Kyiv", EntityKind::Location)]);
        assert_eq!(m.len(), 1, "{verb}: {m:?}");
        assert_eq!(
            content(&t, &m[0]),
            "the alliance would stand by Kyiv",
            "{verb}"
        );
        assert_eq!(s(&t, m[0].cue).as_deref(), Some(verb));
    }
}

#[test]
fn trailing_frame_indirect() {
    let t = "The convoy reached the city before dawn, a senior official said on Friday.";
    let m = run(t, &[]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].kind, AttributionKind::Indirect);
    assert_eq!(content(t, &m[0]), "The convoy reached the city before dawn");
    assert_eq!(m[0].speaker_text.as_deref(), Some("a senior official"));
    assert_eq!(m[0].speaker, None);
}

#[test]
fn anonymous_sources() {
    let t = "The plan was drafted in Miami, sources said.";
    let m = run(t, &[("Miami", EntityKind::Location)]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].speaker_text.as_deref(), Some("sources"));
    assert_eq!(m[0].speaker, None);
}

#[test]
fn parenthetical_frame() {
    let t = "The deal, he said, was dead on arrival.";
    let m = run(t, &[]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].parts.len(), 2);
    assert_eq!(content(t, &m[0]), "The deal was dead on arrival");
}

#[test]
fn pronoun_resolves_to_recent_person_with_gender() {
    let t = "Hillary Clinton met Donald Trump in St. Louis. “It was a tough night,” she said.";
    let m = run(
        t,
        &[
            ("Hillary Clinton", P),
            ("Donald Trump", P),
            ("St. Louis", EntityKind::Location),
        ],
    );
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].speaker_text.as_deref(), Some("she"));
    assert_eq!(s(t, m[0].speaker).as_deref(), Some("Hillary Clinton"));
    let t = "Ushakov met Witkoff on Tuesday. Later he said the talks were useful.";
    let m = run(t, &[("Ushakov", P), ("Witkoff", P)]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(s(t, m[0].speaker).as_deref(), Some("Ushakov"));
}

#[test]
fn pronoun_prefers_last_speaker() {
    let t = "Peskov said the meeting with Witkoff went well.\n\n“We are satisfied,” he said.";
    let m = run(t, &[("Peskov", P), ("Witkoff", P)]);
    assert_eq!(m.len(), 2, "{m:?}");
    assert_eq!(s(t, m[1].speaker).as_deref(), Some("Peskov"));
}

#[test]
fn description_resolves_to_introduced_entity() {
    let t = "Dmitry Peskov, the Kremlin spokesman, spoke in Moscow.\n\n“No date is set,” the spokesman said.";
    let m = run(
        t,
        &[
            ("Dmitry Peskov", P),
            ("Kremlin", O),
            ("Moscow", EntityKind::Location),
        ],
    );
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].speaker_text.as_deref(), Some("the spokesman"));
    assert_eq!(s(t, m[0].speaker).as_deref(), Some("Dmitry Peskov"));
}

#[test]
fn title_description_kept_as_text() {
    let t = "“We will respond,” the French president said.";
    let m = run(t, &[]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].speaker_text.as_deref(), Some("the French president"));
}

#[test]
fn capitalised_name_without_tagger() {
    let t = "“The vote is final,” said Senator Jane Holloway.";
    let m = run(t, &[]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(s(t, m[0].speaker).as_deref(), Some("Jane Holloway"));
}

#[test]
fn adding_splits_into_two() {
    let t = "Trump said the talks were going well, adding that a deal could come this week.";
    let m = run(t, &[("Trump", P)]);
    assert_eq!(m.len(), 2, "{m:?}");
    assert_eq!(content(t, &m[0]), "the talks were going well");
    assert_eq!(content(t, &m[1]), "a deal could come this week");
    assert_eq!(s(t, m[1].speaker).as_deref(), Some("Trump"));
}

#[test]
fn sentences_without_cues_give_nothing() {
    let t = "The convoy reached the city before dawn. Prices rose by 3% in March.";
    assert!(run(t, &[]).is_empty());
}

#[test]
fn doubled_apostrophes_as_quote_marks() {
    let t = "''We are refugees,'' said Ahmed Hassan, 34. ''We are not terrorists.''";
    let m = run(t, &[("Ahmed Hassan", P)]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(content(t, &m[0]), "We are refugees We are not terrorists.");
    assert_eq!(s(t, m[0].speaker).as_deref(), Some("Ahmed Hassan"));
}

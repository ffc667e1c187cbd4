use super::*;
use proptest::prelude::*;

fn kinds(c: &Cleaned, kind: RemovedKind) -> Vec<&str> {
    c.removed
        .iter()
        .filter(|r| r.kind == kind)
        .map(|r| r.text.as_str())
        .collect()
}

#[test]
fn repeated_paragraphs_keep_the_first() {
    let c = clean(
        "Rescuers reached the village on Monday after the landslide.\n\n\
         Officials said 12 people were missing.\n\n\
         Rescuers reached the village on Monday after the landslide.\n\n\
         Officials said 12 people were missing",
    );
    assert_eq!(
        c.text,
        "Rescuers reached the village on Monday after the landslide.\n\nOfficials said 12 people were missing."
    );
    assert_eq!(kinds(&c, RemovedKind::Repeated).len(), 2);
}

#[test]
fn repeated_sentences_inside_paragraphs_go() {
    let c = clean(
        "The storm made landfall near Tampa late on Tuesday. Power was cut to 2 million homes.\n\
         Schools stayed shut. The storm made landfall near Tampa late on Tuesday.",
    );
    assert_eq!(
        c.text,
        "The storm made landfall near Tampa late on Tuesday. Power was cut to 2 million homes.\n\nSchools stayed shut."
    );
    assert_eq!(
        kinds(&c, RemovedKind::Repeated),
        vec!["The storm made landfall near Tampa late on Tuesday."]
    );
}

#[test]
fn captions_and_their_fragments_go() {
    let c = clean(
        "The envoys landed in Moscow on Thursday.\n\n\
         A plane carrying the envoys stands on the tarmac at Vnukovo airport in Moscow, Russia, January 22, 2026\n\n\
         Talks began before midnight.’ A plane carrying the envoys stands on the tarmac\n\n\
         at Vnukovo airport in Moscow, Russia, January 22, 2026.\n\n\
         The talks lasted five hours.",
    );
    assert_eq!(
        c.text,
        "The envoys landed in Moscow on Thursday.\n\nTalks began before midnight.’\n\nThe talks lasted five hours."
    );
    assert!(kinds(&c, RemovedKind::Caption).len() >= 2);
}

#[test]
fn broken_paragraphs_are_joined() {
    let c = clean(
        "He criticised sanctions, as former U.S.\n\nPresident Donald Trump did in his first term.",
    );
    assert_eq!(
        c.text,
        "He criticised sanctions, as former U.S. President Donald Trump did in his first term."
    );
}

#[test]
fn hard_wrapped_text_is_unwrapped() {
    let c = clean(
        "The central bank raised its key rate by half a point on\n\
         Thursday, the third increase this year, citing prices that\n\
         have kept rising faster than wages.\n\n\
         Markets had expected the move.",
    );
    assert_eq!(
        c.text,
        "The central bank raised its key rate by half a point on Thursday, the third increase this year, citing prices that have kept rising faster than wages.\n\nMarkets had expected the move."
    );
}

#[test]
fn boilerplate_goes_and_is_kept_in_removed() {
    let c = clean(
        "By Ann Lee\n\nShare\n\nThe bridge reopened on Sunday.\n\nRead more: Bridge closed after crash\n\nAdvertisement",
    );
    assert_eq!(c.text, "The bridge reopened on Sunday.");
    assert_eq!(kinds(&c, RemovedKind::Boilerplate).len(), 4);
}

#[test]
fn whitespace_and_invisibles_are_normalised() {
    let c = clean("Prices\u{a0}rose  3.5%\u{200b} in\tMay.\r\n\r\nThey fell in June.");
    assert_eq!(c.text, "Prices rose 3.5% in May.\n\nThey fell in June.");
}

fn news_like() -> impl Strategy<Value = String> {
    let sentence = prop_oneof![
        Just("The minister resigned on Monday.".to_string()),
        Just("“We are ready,” she said.".to_string()),
        Just("Share".to_string()),
        Just("Officials in the U.S. said talks would resume.".to_string()),
        Just("A man walks past the site in Kyiv, Ukraine, May 2, 2025.".to_string()),
        Just("Rescue teams searched the rubble overnight for survivors".to_string()),
        "[a-zA-Z ,.’“”\"!?]{0,60}",
    ];
    prop::collection::vec(
        (sentence, prop_oneof![Just(" "), Just("\n"), Just("\n\n")]),
        0..14,
    )
    .prop_map(|parts| parts.into_iter().map(|(s, sep)| s + sep).collect())
}

proptest! {
    #[test]
    fn cleaning_is_idempotent(text in news_like()) {
        let once = clean(&text);
        let twice = clean(&once.text);
        prop_assert_eq!(&twice.text, &once.text);
        prop_assert!(twice.removed.is_empty(), "removed on second pass: {:?}", twice.removed);
    }

    #[test]
    fn nothing_is_lost_silently(text in news_like()) {
        // Every word of the input is in the text or in what was removed.
        let c = clean(&text);
        let mut pool = c.text.clone();
        for r in &c.removed { pool.push(' '); pool.push_str(&r.text); }
        for w in text.split_whitespace() {
            prop_assert!(pool.contains(w), "lost {:?}", w);
        }
    }
}

#[test]
fn a_rejoined_sentence_that_repeats_a_paragraph_goes_too() {
    // The caption between the halves of a cut sentence goes; the rejoined paragraph then
    // repeats the last one (what a second cleaning would otherwise remove).
    let text = "Rescue teams searched the rubble overnight for survivors\n\
                A man walks past the site in Kyiv, Ukraine, May 2, 2025.\n\
                a The minister resigned on Monday.\n\
                Rescue teams searched the rubble overnight for survivors The minister resigned on Monday.";
    let once = clean(text);
    assert_eq!(
        once.text,
        "Rescue teams searched the rubble overnight for survivors a The minister resigned on Monday."
    );
    assert_eq!(once.removed.len(), 2, "{:?}", once.removed);
    let twice = clean(&once.text);
    assert_eq!(twice.text, once.text);
    assert!(twice.removed.is_empty());
}

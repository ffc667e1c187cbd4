//! Real-looking news for every quoting style and speaker case.

use super::*;
use crate::text::segment;
use storyline_model::EntityKind;

/// The default path (the rules, then the embedded learned tagger and its content-span chooser,
/// which have their own tests in `learned.rs` and `span.rs`), with entities given by hand:
/// every occurrence of each name, with its kind.
fn run(text: &str, names: &[(&str, EntityKind)]) -> Vec<QuoteMention> {
    extract(text, &segment(text), &entities(text, names))
}

/// The rules alone (without the learned model and its veto on the rules' attributions).
fn run_rules(text: &str, names: &[(&str, EntityKind)]) -> Vec<QuoteMention> {
    extract_with(text, &segment(text), &entities(text, names), None)
}

/// Every occurrence of each name, with its kind.
fn entities(text: &str, names: &[(&str, EntityKind)]) -> Vec<EntitySpan> {
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
    ents
}

#[test]
fn learned_tagger_leaves_what_the_rules_found() {
    for t in [
        "“We will not back down,” Mayor Jane Doe said on Tuesday.",
        "The governor said that the bridge would reopen in May, and he warned that tolls would rise.",
        "According to the ministry, the talks will resume next week.",
    ] {
        let sents = segment(t);
        let rules = extract_with(t, &sents, &[], None);
        assert!(!rules.is_empty(), "{t}");
        assert_eq!(extract(t, &sents, &[]), rules, "{t}");
    }
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

#[test]
fn object_verbs_called_accused_endorsed() {
    let t = "Sanders called the agreement “a disaster for American workers.” Warren accused the bank of misleading its customers. Ryan endorsed Trump in early June.";
    let m = run(
        t,
        &[("Sanders", P), ("Warren", P), ("Ryan", P), ("Trump", P)],
    );
    assert_eq!(m.len(), 3, "{m:?}");
    assert_eq!(
        content(t, &m[0]),
        "the agreement “a disaster for American workers.”"
    );
    assert_eq!(s(t, m[0].cue).as_deref(), Some("called"));
    assert_eq!(s(t, m[0].speaker).as_deref(), Some("Sanders"));
    assert_eq!(content(t, &m[1]), "the bank of misleading its customers");
    assert_eq!(s(t, m[1].speaker).as_deref(), Some("Warren"));
    // The time adjunct is no part of what was endorsed.
    assert_eq!(content(t, &m[2]), "Trump");
    assert_eq!(s(t, m[2].cue).as_deref(), Some("endorsed"));
}

#[test]
fn passive_object_verb_is_no_attribution() {
    let t = "Trump was criticized by several Republican senators over the weekend.";
    assert!(run(t, &[("Trump", P)]).is_empty());
}

#[test]
fn coordinated_cue_verb_after_a_comma_ends_the_content() {
    let t = "The mayor praised the city's response to the flood, criticized the state's delays and pledged to rebuild the bridge.";
    let m = run_rules(t, &[]);
    let first = m
        .iter()
        .find(|m| s(t, m.cue).as_deref() == Some("praised"))
        .expect("an attribution for \"praised\"");
    assert_eq!(content(t, first), "the city's response to the flood");
    // A participle after the comma stays in the content.
    let t = "The governor said the plan, backed by both parties, would pass next month.";
    let m = run_rules(t, &[]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(
        content(t, &m[0]),
        "the plan, backed by both parties, would pass next month"
    );
}

#[test]
fn object_content_keeps_a_list_of_modifiers() {
    let t = "The senator called her rival a liar, a cheat or a fraud.";
    let m = run_rules(t, &[]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(content(t, &m[0]), "her rival a liar, a cheat or a fraud");
    // "and" still ends an object content, now at the "and" rather than at the comma.
    let t = "The senator called her rival a rude, reckless and dangerous man.";
    let m = run_rules(t, &[]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(content(t, &m[0]), "her rival a rude, reckless");
}

#[test]
fn urged_keeps_the_addressee_in_the_content() {
    let t = "The governor urged residents to stay indoors until the storm passes.";
    let m = run(t, &[]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(
        content(t, &m[0]),
        "residents to stay indoors until the storm passes"
    );
    assert_eq!(m[0].speaker_text.as_deref(), Some("The governor"));
}

#[test]
fn beliefs_and_hopes() {
    let t = "Many economists believe the tariffs will push prices higher. Merkel hopes the coalition will hold until the budget vote.";
    let m = run(t, &[("Merkel", P)]);
    assert_eq!(m.len(), 2, "{m:?}");
    assert_eq!(content(t, &m[0]), "the tariffs will push prices higher");
    assert_eq!(m[0].speaker_text.as_deref(), Some("Many economists"));
    assert_eq!(
        content(t, &m[1]),
        "the coalition will hold until the budget vote"
    );
    assert_eq!(s(t, m[1].speaker).as_deref(), Some("Merkel"));
}

#[test]
fn seems_and_appears_have_no_source() {
    let t =
        "The ceasefire appears to be holding in the south. Scholz seemed unsure about the timing.";
    // The rules' reading is checked alone; on the default path the learned veto keeps the
    // first (whether it drops the second depends on the threshold chosen on PolNeAR train:
    // the stop-18 and stop-21 vetoes did, the stop-22 one does not).
    let full = run(t, &[("Scholz", P)]);
    let m = run_rules(t, &[("Scholz", P)]);
    assert_eq!(full[0], m[0], "{full:?}");
    assert_eq!(m.len(), 2, "{m:?}");
    assert_eq!(
        content(t, &m[0]),
        "The ceasefire appears to be holding in the south"
    );
    assert_eq!(m[0].speaker_span, None);
    assert_eq!(s(t, m[0].cue).as_deref(), Some("appears"));
    assert_eq!(content(t, &m[1]), "Scholz seemed unsure about the timing");
}

#[test]
fn reported_speech_beside_a_direct_quote() {
    let t = "“He is a dictator in the making,” said Beck, who said there were too many red flags.";
    let m = run(t, &[("Beck", P)]);
    assert_eq!(m.len(), 2, "{m:?}");
    assert_eq!(m[0].kind, AttributionKind::Direct);
    assert_eq!(content(t, &m[1]), "there were too many red flags");
    assert_eq!(m[1].speaker_text.as_deref(), Some("who"));
}

#[test]
fn gerund_after_a_direct_frame_takes_its_speaker() {
    let t =
        "“We will not back down,” Clinton told a rally in Ohio, saying the plan would cost jobs.";
    let m = run(t, &[("Clinton", P), ("Ohio", EntityKind::Location)]);
    assert_eq!(m.len(), 2, "{m:?}");
    assert_eq!(content(t, &m[1]), "the plan would cost jobs");
    assert_eq!(s(t, m[1].cue).as_deref(), Some("saying"));
    assert_eq!(s(t, m[1].speaker).as_deref(), Some("Clinton"));
}

#[test]
fn speaker_after_an_adverbial_and_with_a_parenthesis() {
    let t = "At a rally on Monday, Sen. Marco Rubio (R-Fla.) said the nominee was unelectable.";
    let m = run(t, &[("Marco Rubio", P)]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(content(t, &m[0]), "the nominee was unelectable");
    assert_eq!(s(t, m[0].speaker).as_deref(), Some("Marco Rubio"));
}

#[test]
fn long_appositive_before_the_cue() {
    let t = "Rich Heffley, a Tallahassee operative who played a major role in the 2008 campaign and now runs the early-vote effort in the state, said the absentee program was critical.";
    let m = run(
        t,
        &[("Rich Heffley", P), ("Tallahassee", EntityKind::Location)],
    );
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(content(t, &m[0]), "the absentee program was critical");
    assert_eq!(s(t, m[0].speaker).as_deref(), Some("Rich Heffley"));
}

#[test]
fn coordinated_clauses_split_into_attributions() {
    let t = "Six in 10 voters said the economy was their top issue, while a third said immigration mattered most.";
    let m = run(t, &[]);
    assert_eq!(m.len(), 2, "{m:?}");
    assert_eq!(content(t, &m[0]), "the economy was their top issue");
    assert_eq!(content(t, &m[1]), "immigration mattered most");
    assert_eq!(m[1].speaker_text.as_deref(), Some("a third"));
    let t = "Rubio said the real extremist was his rival, and he railed against the moderators.";
    let m = run(t, &[("Rubio", P)]);
    assert_eq!(content(t, &m[0]), "the real extremist was his rival");
}

#[test]
fn coordinated_verb_shares_the_subject() {
    let t = "McCain survived five years in prison and says such techniques are inhumane.";
    let m = run(t, &[("McCain", P)]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(content(t, &m[0]), "such techniques are inhumane");
    assert_eq!(s(t, m[0].speaker).as_deref(), Some("McCain"));
}

#[test]
fn poll_respondents_as_speakers() {
    let t = "Six in 10 say the country is on the wrong track.";
    let m = run(t, &[]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].speaker_text.as_deref(), Some("Six in 10"));
    assert_eq!(content(t, &m[0]), "the country is on the wrong track");
}

#[test]
fn partial_quote_before_a_trailing_frame() {
    let t = "Trump and Clinton have “very different strategic goals,” Silverman said.";
    let m = run(t, &[("Trump", P), ("Clinton", P), ("Silverman", P)]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].kind, AttributionKind::Partial);
    assert_eq!(
        content(t, &m[0]),
        "Trump and Clinton have “very different strategic goals"
    );
    assert_eq!(s(t, m[0].speaker).as_deref(), Some("Silverman"));
}

#[test]
fn trailing_frame_with_a_clause_after_it_is_no_trailing_frame() {
    let t = "Moments earlier, in his opening remarks, Trump said he was ready for the job.";
    let m = run(t, &[("Trump", P)]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(content(t, &m[0]), "he was ready for the job");
}

#[test]
fn asked_without_a_source() {
    let t = "Asked about the leaked memo, Rubio said he had not read it.";
    let m = run(t, &[("Rubio", P)]);
    assert_eq!(m.len(), 2, "{m:?}");
    assert_eq!(content(t, &m[0]), "about the leaked memo");
    assert_eq!(m[0].speaker_span, None);
    assert_eq!(content(t, &m[1]), "he had not read it");
    assert_eq!(s(t, m[1].speaker).as_deref(), Some("Rubio"));
}

#[test]
fn headline_colon_names_the_speaker() {
    let t = "Obama: Americans Will Reject Fear In November.";
    let m = run(t, &[("Obama", P)]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(content(t, &m[0]), "Americans Will Reject Fear In November");
    assert_eq!(s(t, m[0].speaker).as_deref(), Some("Obama"));
    assert!(run("Editor’s note: This story was updated on Friday.", &[]).is_empty());
}

#[test]
fn findings_in_a_poll() {
    let t = "In a Des Moines Register poll last month, Cruz had a 10-point lead. Trump leads by 57 percent to 33 percent in the 50-state poll.";
    let m = run(t, &[("Cruz", P), ("Trump", P), ("Des Moines Register", O)]);
    assert_eq!(m.len(), 2, "{m:?}");
    assert_eq!(content(t, &m[0]), "Cruz had a 10-point lead");
    assert_eq!(
        m[0].speaker_text.as_deref(),
        Some("a Des Moines Register poll")
    );
    assert_eq!(content(t, &m[1]), "Trump leads by 57 percent to 33 percent");
    assert_eq!(m[1].speaker_text.as_deref(), Some("the 50-state poll"));
}

#[test]
fn noun_uses_of_cue_words_are_not_cues() {
    let t = "That’s 30 states with 309 electoral votes. The Florida senator lost seven points last week.";
    assert!(run(t, &[]).is_empty());
}

/// The attribution whose content text is `c`, if any.
fn with_content<'a>(t: &str, m: &'a [QuoteMention], c: &str) -> Option<&'a QuoteMention> {
    m.iter().find(|x| content(t, x) == c)
}

#[test]
fn subject_with_age_and_appositive_before_said() {
    let t = "Maria Lopez, 34, a nurse from Tucson, said she would vote for the first time.";
    let m = run(t, &[("Maria Lopez", P), ("Tucson", EntityKind::Location)]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(content(t, &m[0]), "she would vote for the first time");
    assert_eq!(s(t, m[0].speaker_span).as_deref(), Some("Maria Lopez"));
}

#[test]
fn subject_with_prepositional_phrase_and_appositive() {
    let t = "Four newspapers in Ohio, including the Toledo Blade, said the senator should resign.";
    let m = run(t, &[("Ohio", EntityKind::Location), ("Toledo Blade", O)]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(content(t, &m[0]), "the senator should resign");
    assert_eq!(
        s(t, m[0].speaker_span).as_deref(),
        Some("Four newspapers in Ohio")
    );
}

#[test]
fn inverted_pronoun_after_comma_starts_the_content() {
    let t = "Warren, who has raised money for the group, said she may also campaign for it.";
    let m = run(t, &[("Warren", P)]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(content(t, &m[0]), "she may also campaign for it");
    assert_eq!(s(t, m[0].speaker_span).as_deref(), Some("Warren"));
}

#[test]
fn restrictive_relative_pronoun_as_speaker() {
    let t = "The challenger leads among voters who say the economy is weak.";
    let m = run(t, &[]);
    let a = with_content(t, &m, "the economy is weak").expect("relative clause");
    assert_eq!(s(t, a.speaker_span).as_deref(), Some("who"));
    assert_eq!(s(t, a.cue).as_deref(), Some("say"));
}

#[test]
fn opening_participle_clause_takes_the_main_subject() {
    let t = "Criticizing the new tariffs, Senator Baldwin said farmers would pay the price.";
    let m = run(t, &[("Baldwin", P)]);
    let a = with_content(t, &m, "the new tariffs").expect("participle clause");
    assert_eq!(s(t, a.cue).as_deref(), Some("Criticizing"));
    assert_eq!(s(t, a.speaker_span).as_deref(), Some("Senator Baldwin"));
    assert!(
        with_content(t, &m, "farmers would pay the price").is_some(),
        "{m:?}"
    );
}

#[test]
fn possessive_noun_cues() {
    let t =
        "Residents were angered by the governor’s claim that the city had ignored the warnings.";
    let m = run(t, &[]);
    let a = with_content(t, &m, "the city had ignored the warnings").expect("claim that");
    assert_eq!(s(t, a.cue).as_deref(), Some("claim"));
    assert_eq!(s(t, a.speaker_span).as_deref(), Some("the governor’s"));

    let t = "Voters in the district remember his pledge to repeal the tax.";
    let m = run(t, &[]);
    let a = with_content(t, &m, "to repeal the tax").expect("pledge to");
    assert_eq!(s(t, a.speaker_span).as_deref(), Some("his"));

    let t = "Party leaders were surprised by her criticism of the trade deal.";
    let m = run(t, &[]);
    assert!(with_content(t, &m, "the trade deal").is_some(), "{m:?}");
    // No possessor: no attribution from the noun.
    let t = "Party leaders were surprised by the criticism of the trade deal.";
    assert!(run(t, &[]).is_empty());
}

#[test]
fn progressive_cue_is_not_passive() {
    let t = "Jones is telling donors that the race is far from over.";
    let m = run(t, &[("Jones", P)]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(content(t, &m[0]), "the race is far from over");
    assert_eq!(s(t, m[0].speaker_span).as_deref(), Some("Jones"));
}

#[test]
fn according_to_with_a_long_source() {
    let t = "The two men planned to reopen the plant as a warehouse, according to a lawsuit filed in Manhattan by a former partner of the firm.";
    let m = run(t, &[("Manhattan", EntityKind::Location)]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(
        content(t, &m[0]),
        "The two men planned to reopen the plant as a warehouse"
    );
    assert_eq!(s(t, m[0].cue).as_deref(), Some("according to"));
}

#[test]
fn opening_subordinate_clause_ends_the_content() {
    let t = "When Smith announced his candidacy in May, he promised to cut taxes.";
    let m = run(t, &[("Smith", P)]);
    let a = m
        .iter()
        .find(|x| s(t, x.cue).as_deref() == Some("announced"));
    let a = a.expect("announced");
    assert_eq!(content(t, a), "his candidacy in May");
}

#[test]
fn object_content_keeps_its_prepositional_phrase_but_not_a_time() {
    let t = "The governor has proposed a small tax on high-frequency trading.";
    let m = run(t, &[]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(content(t, &m[0]), "a small tax on high-frequency trading");
    let t = "The union endorsed Garcia on Tuesday.";
    let m = run(t, &[("Garcia", P)]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(content(t, &m[0]), "Garcia");
}

#[test]
fn topic_after_about_or_against() {
    let t = "The senator warned about a new arms race in Asia.";
    let m = run(t, &[("Asia", EntityKind::Location)]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(content(t, &m[0]), "a new arms race in Asia");
}

#[test]
fn coordinated_cue_with_an_untagged_subject() {
    let t = "Okafor thanked the crowd and said it was good to be back.";
    let m = run(t, &[]);
    let a = with_content(t, &m, "it was good to be back").expect("and said");
    assert_eq!(s(t, a.speaker_span).as_deref(), Some("Okafor"));
}

#[test]
fn title_case_headline() {
    let t = "Senate Leader Slams Budget Plan as Reckless\n\nThe vote is set for Friday.";
    let m = run(t, &[]);
    let a = with_content(t, &m, "Budget Plan as Reckless").expect("headline");
    assert_eq!(s(t, a.speaker_span).as_deref(), Some("Senate Leader"));
    assert_eq!(s(t, a.cue).as_deref(), Some("Slams"));
    // An ordinary sentence with a capitalised word is no headline.
    let t = "The Senate Leader Slams nothing, aides insist.";
    assert!(with_content(t, &run(t, &[]), "nothing").is_none());
}

#[test]
fn colon_clause_before_a_quote() {
    let t = "Patel has since apologized for the remark: “I chose my words badly.”";
    // The rules' reading; on the default path the veto of the stop-19 model drops it (a
    // colon frame without a cue verb is a rule attribution PolNeAR train often lacks).
    let m = run_rules(t, &[("Patel", P)]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].kind, AttributionKind::Direct);
    assert_eq!(content(t, &m[0]), "I chose my words badly.");
    assert_eq!(s(t, m[0].speaker_span).as_deref(), Some("Patel"));
}

#[test]
fn reportedly_without_a_source() {
    let t = "The group is reportedly spending $2 million on television ads.";
    let m = run(t, &[]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].parts.len(), 2);
    assert_eq!(
        content(t, &m[0]),
        "The group is spending $2 million on television ads"
    );
    assert_eq!(m[0].speaker_span, None);
    // "reportedly said": the verb is the cue.
    let t = "Lee reportedly said the deal was dead.";
    let m = run(t, &[("Lee", P)]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(s(t, m[0].cue).as_deref(), Some("said"));
}

#[test]
fn wider_cue_lexicon() {
    for (t, c) in [
        (
            "The minister talked about the cost of the war.",
            "the cost of the war",
        ),
        (
            "The chairman bemoaned the lack of progress.",
            "the lack of progress",
        ),
        (
            "Critics likened the plan to a tax on the poor.",
            "the plan to a tax on the poor",
        ),
    ] {
        let m = run(t, &[]);
        assert!(with_content(t, &m, c).is_some(), "{t}: {m:?}");
    }
}

#[test]
fn direct_quote_frame_with_a_long_appositive() {
    let t = "“Voters expect answers,” Dana Reyes, the Democratic chair of Orange County in central Florida, said of the candidates.";
    let m = run(
        t,
        &[("Dana Reyes", P), ("Orange County", EntityKind::Location)],
    );
    let a = with_content(t, &m, "Voters expect answers").expect("direct quote");
    assert_eq!(a.kind, AttributionKind::Direct);
    assert_eq!(s(t, a.speaker_span).as_deref(), Some("Dana Reyes"));
}

#[test]
fn clause_after_comma_said_is_a_content_not_a_speaker() {
    let t = "One of the authors of the report, Tom Hale, said the ruling will test the new law.";
    let m = run(t, &[("Tom Hale", P)]);
    assert!(
        with_content(t, &m, "the ruling will test the new law").is_some(),
        "{m:?}"
    );
    assert!(m
        .iter()
        .all(|x| s(t, x.speaker_span).as_deref() != Some("the ruling will")));
}

#[test]
fn interrupted_quote_with_an_addressee_in_the_frame() {
    let t = "“First and foremost,” she told Hewitt, “I would never want that for anyone. But I believe it should not be a shield.”";
    let m = run(t, &[("Hewitt", P)]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].kind, AttributionKind::Direct);
    assert_eq!(m[0].parts.len(), 2);
    assert!(content(t, &m[0]).ends_with("should not be a shield."));
    assert_eq!(s(t, m[0].speaker_span).as_deref(), Some("she"));
}

#[test]
fn quote_after_a_reported_clause_is_partial() {
    let t =
        "Weaver said that Sanders supporters had never sent “vile emails and threatening emails.”";
    let m = run(t, &[("Weaver", P), ("Sanders", P)]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].kind, AttributionKind::Partial);
    assert!(content(t, &m[0]).starts_with("Sanders supporters had never sent"));
    assert_eq!(s(t, m[0].speaker_span).as_deref(), Some("Weaver"));
    let t = "Jeb Bush says he’s “excited where we stand” in South Carolina.";
    let m = run(
        t,
        &[("Jeb Bush", P), ("South Carolina", EntityKind::Location)],
    );
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].kind, AttributionKind::Partial);
    assert!(content(t, &m[0]).starts_with("he’s “excited"));
}

#[test]
fn partial_quote_ends_before_a_clause_after_its_closing_comma() {
    let t = "Clinton said she was “going to put a lot of coal companies out of business,” while trying to explain her plan for Appalachia.";
    let m = run(t, &[("Clinton", P), ("Appalachia", EntityKind::Location)]);
    let a = m
        .iter()
        .find(|x| s(t, x.cue).as_deref() == Some("said"))
        .expect("said");
    assert_eq!(
        content(t, a),
        "she was “going to put a lot of coal companies out of business,”"
    );
}

#[test]
fn speaker_with_prepositional_phrases_and_dashes() {
    let t = "A law enforcement official familiar with the investigation said that prosecuting anyone would be difficult.";
    let m = run(t, &[]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(content(t, &m[0]), "prosecuting anyone would be difficult");
    assert!(m[0]
        .speaker_text
        .as_deref()
        .is_some_and(|x| x.starts_with("A law enforcement official")));
    let t = "The deputy head of China’s delegation to the forum said the United States should reduce its patrols.";
    let m = run(t, &[("China", EntityKind::Location)]);
    assert!(
        with_content(t, &m, "the United States should reduce its patrols").is_some(),
        "{m:?}"
    );
    let t = "Democrats — and some Republicans — say that the losses far outweigh any gains he is making.";
    let m = run(t, &[]);
    let a = with_content(t, &m, "the losses far outweigh any gains he is making").expect("say");
    assert_eq!(a.speaker_text.as_deref(), Some("Democrats"));
}

#[test]
fn time_adverb_between_speaker_and_cue() {
    let t = "Senator Dianne Feinstein last week said Clinton was not the originator of the email chains.";
    let m = run(t, &[("Dianne Feinstein", P), ("Clinton", P)]);
    let a =
        with_content(t, &m, "Clinton was not the originator of the email chains").expect("said");
    assert_eq!(s(t, a.speaker).as_deref(), Some("Dianne Feinstein"));
    let t = "Her campaign workers here said they have been working the state since the spring.";
    let m = run(t, &[]);
    assert!(
        with_content(t, &m, "they have been working the state since the spring").is_some(),
        "{m:?}"
    );
}

#[test]
fn according_to_without_a_comma() {
    let t = "Clinton leads Sanders by 271 pledged delegates according to a count by The Associated Press.";
    let m = run(
        t,
        &[("Clinton", P), ("Sanders", P), ("The Associated Press", O)],
    );
    let a = with_content(t, &m, "Clinton leads Sanders by 271 pledged delegates").expect("inline");
    assert_eq!(s(t, a.cue).as_deref(), Some("according to"));
    let t = "That’s according to early results of exit polls conducted for the networks.";
    let m = run(t, &[]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(content(t, &m[0]), "That");
    let t = "But according to reports in the news media, he could not convince the family members.";
    let m = run(t, &[]);
    assert!(
        with_content(t, &m, "he could not convince the family members").is_some(),
        "{m:?}"
    );
}

#[test]
fn trailing_according_to_before_a_further_clause() {
    let t = "Verizon has struck a provisional agreement with the unions, according to the Labor Department, taking a step toward ending the strike.";
    let m = run(t, &[("Verizon", O), ("the Labor Department", O)]);
    let a = with_content(
        t,
        &m,
        "Verizon has struck a provisional agreement with the unions",
    )
    .expect("according to");
    assert_eq!(
        s(t, a.speaker_span).as_deref(),
        Some("the Labor Department")
    );
}

#[test]
fn passive_asked_gives_the_question() {
    let t = "In a telephone interview, Pence was asked about the “not there yet” comment.";
    let m = run(t, &[("Pence", P)]);
    assert!(
        with_content(t, &m, "the “not there yet” comment").is_some(),
        "{m:?}"
    );
    let t = "Sanders was asked by host John Dickerson whether his aim was similar to Kennedy’s.";
    let m = run(t, &[("Sanders", P), ("John Dickerson", P), ("Kennedy", P)]);
    let a = with_content(t, &m, "whether his aim was similar to Kennedy’s").expect("asked");
    assert_eq!(a.speaker_span, None);
}

#[test]
fn one_word_answer_at_the_end_of_the_sentence() {
    let t = "Everyone but Hewlett said yes.";
    let m = run(t, &[("Hewlett", P)]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(content(t, &m[0]), "yes");
}

#[test]
fn trailing_speaker_with_a_relative_clause_or_long_appositive() {
    let t = "Defending that terrain is squarely within the Biden wheelhouse, said a handful of Democrats who point to his ties with organized labor.";
    let m = run(t, &[("Biden", P)]);
    let a = with_content(
        t,
        &m,
        "Defending that terrain is squarely within the Biden wheelhouse",
    )
    .expect("trailing");
    assert!(s(t, a.speaker_span).is_some_and(|x| x.starts_with("a handful")));
    let t = "He also had a voice in decisions about American investments in Ukraine, said a former spokesman for the Foreign Ministry, Oleg Voloshyn, who also ran as a candidate in the new bloc.";
    let m = run(
        t,
        &[("Ukraine", EntityKind::Location), ("Oleg Voloshyn", P)],
    );
    assert!(
        with_content(
            t,
            &m,
            "He also had a voice in decisions about American investments in Ukraine"
        )
        .is_some(),
        "{m:?}"
    );
}

#[test]
fn transcript_turn_in_capitals_runs_to_the_paragraph_end() {
    let t = "Q: You open your book on May 17, 2001. You were 14 years old. What did you find?\n\nShe paused.";
    let m = run(t, &[]);
    let a = m
        .iter()
        .find(|x| s(t, x.speaker_span).as_deref() == Some("Q"))
        .expect("Q turn");
    assert_eq!(
        content(t, a),
        "You open your book on May 17, 2001. You were 14 years old. What did you find?"
    );
}

#[test]
fn opening_subordinate_clause_ends_at_its_comma() {
    for (t, want) in [
        (
            "A few weeks after the minister announced that the plant would close by June, workers staged a strike outside the gates.",
            "the plant would close by June",
        ),
        (
            "But if the mayor implied that he would not veto the budget, his letter to the council left the question open.",
            "he would not veto the budget",
        ),
        (
            "Years after the company claimed that its engines met every emission standard, regulators fined it heavily.",
            "its engines met every emission standard",
        ),
    ] {
        let m = run_rules(t, &[]);
        assert_eq!(m.len(), 1, "{t}: {m:?}");
        assert_eq!(content(t, &m[0]), want, "{t}");
    }
    // A sentence that opens with its subject keeps the whole clause.
    let t =
        "The minister announced that the plant would close by June, weeks earlier than planned.";
    let m = run_rules(t, &[]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(
        content(t, &m[0]),
        "the plant would close by June, weeks earlier than planned"
    );
}

#[test]
fn thousands_separator_is_no_comma() {
    let t =
        "The agency reported that roughly 1,100 donor names were never disclosed to the public.";
    let m = run_rules(t, &[]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(
        content(t, &m[0]),
        "roughly 1,100 donor names were never disclosed to the public"
    );
    let toks = tokenize(
        &t.chars().collect::<Vec<_>>(),
        Span::new(0, t.chars().count()),
    );
    assert!(toks.iter().any(|k| k.lower == "1,100"));
    // A comma between a number and a year stays a comma.
    let t = "The ruling came on Sept. 26, 2014, the court said.";
    let toks = tokenize(
        &t.chars().collect::<Vec<_>>(),
        Span::new(0, t.chars().count()),
    );
    assert!(toks.iter().any(|k| k.lower == "26"));
}

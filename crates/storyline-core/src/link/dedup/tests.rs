use super::*;

/// A wire report (eight paragraphs).
const WIRE: &str = "\
A magnitude 7.1 earthquake struck off the coast of southern Peru early on Tuesday, killing at least 14 people and damaging hundreds of homes in the Arequipa region, officials said.

The quake hit at 4:32 a.m. local time at a depth of 28 kilometres, about 60 kilometres south-west of the town of Acari, the United States Geological Survey said.

Peru's civil defence agency said most of the victims were killed when adobe walls collapsed on sleeping families in the villages of Yauca and Chala. Rescue teams were still searching the rubble of a church in Acari on Tuesday afternoon.

President Dina Boluarte flew to the area and promised emergency funds. \"We will not leave any family alone,\" she told reporters at the airport in Arequipa.

The Pacific Tsunami Warning Center briefly issued a warning for the coasts of Peru and northern Chile, lifting it two hours later after sea levels rose by less than 30 centimetres.

The Pan-American Highway was blocked by landslides in at least three places, cutting off the coastal towns from Lima for most of the day, the transport ministry said.

Peru sits on the Pacific Ring of Fire, where the Nazca plate slides beneath the South American plate, and is struck by several strong earthquakes each year.

In 2007 a magnitude 8.0 quake near the city of Pisco killed more than 500 people and destroyed much of the old town.";

fn paragraphs(text: &str) -> Vec<&str> {
    text.split("\n\n").collect()
}

/// The wire report under another outlet's headline, with its fourth paragraph rewritten.
fn changed_paragraph() -> String {
    let mut p = paragraphs(WIRE);
    p[3] = "Boluarte, who arrived in Arequipa by military plane, said the government would release emergency funds for the families who lost their homes and send tents and water.";
    p.join("\n\n")
}

/// The wire report cut after its fifth paragraph.
fn trimmed() -> String {
    paragraphs(WIRE)[..5].join("\n\n")
}

/// The wire report with an updated toll, a local paragraph added and one sentence dropped.
fn rewrite() -> String {
    WIRE.replace("at least 14 people", "at least 17 people")
        .replace(" Rescue teams were still searching the rubble of a church in Acari on Tuesday afternoon.", "")
        .replace(
            "The Pan-American Highway",
            "In Lima, buildings swayed for almost a minute and residents ran into the streets.\n\nThe Pan-American Highway",
        )
}

/// Another outlet's own report of the same earthquake.
const OTHER_OUTLET: &str = "\
Residents of Peru's southern coast spent Tuesday digging through collapsed adobe houses after a powerful earthquake shook the Arequipa region before dawn, leaving at least 14 dead.

The magnitude 7.1 tremor, centred in the Pacific south-west of Acari, was felt as far away as Lima and the Chilean city of Arica. Many of the dead were asleep when the walls of their homes fell in, according to the civil defence institute.

Landslides closed stretches of the Pan-American Highway, and a brief tsunami alert sent coastal residents to higher ground.

President Dina Boluarte visited the damaged villages and said emergency funds would be released. Geologists noted that the Nazca plate's subduction under South America makes such quakes a regular event.";

/// A different earthquake, reported from the same agency template.
const OTHER_QUAKE: &str = "\
A magnitude 6.4 earthquake struck central Chile late on Saturday, killing two people and knocking out power to thousands of homes in the Maule region, officials said.

The quake hit at 11:05 p.m. local time at a depth of 35 kilometres, about 40 kilometres north of the city of Talca, the United States Geological Survey said.

Chile's emergency office said a man died when a wall collapsed in Constitucion and a woman suffered a heart attack in Curico. Power was restored to most homes by Sunday morning.

President Gabriel Boric said on Twitter that the government was monitoring the situation. No tsunami warning was issued.

Chile sits on the Pacific Ring of Fire and is struck by several strong earthquakes each year. In 2010 a magnitude 8.8 quake off Maule killed more than 500 people.";

fn id(s: &str) -> ArticleId {
    ArticleId::from_content(s.as_bytes())
}

#[test]
fn thresholds_separate_copies_from_other_reports() {
    let wire = signature(WIRE);
    let copies = [
        ("changed paragraph", changed_paragraph()),
        ("trimmed ending", trimmed()),
        ("rewrite", rewrite()),
        ("lead only", paragraphs(WIRE)[..3].join("\n\n")),
    ];
    for (name, text) in &copies {
        let s = signature(text);
        let (j, c) = (wire.jaccard(&s), wire.containment(&s));
        eprintln!("{name}: jaccard {j:.2} containment {c:.2}");
        assert!(wire.is_copy(&s), "{name} is a copy ({j:.2}, {c:.2})");
    }
    for (name, text) in [("other outlet", OTHER_OUTLET), ("other quake", OTHER_QUAKE)] {
        let s = signature(text);
        let (j, c) = (wire.jaccard(&s), wire.containment(&s));
        eprintln!("{name}: jaccard {j:.2} containment {c:.2}");
        assert!(!wire.is_copy(&s), "{name} is not a copy ({j:.2}, {c:.2})");
        assert!(j < 0.2 && c < 0.3, "{name} is far from the thresholds");
    }
}

#[test]
fn wire_copy_with_new_headline_and_changed_paragraph_joins_the_group() {
    let a = id("wire");
    let b = id("outlet");
    let text = changed_paragraph();
    let out = assign(&[
        (a.clone(), WIRE, Some("2026-01-20")),
        (b.clone(), text.as_str(), Some("2026-01-20")),
    ]);
    assert_eq!(out[0].group, out[1].group);
    assert_eq!(out[0].duplicate_of, None);
    assert_eq!(out[1].duplicate_of, None);
}

#[test]
fn exact_copy_is_a_duplicate_of_the_earliest() {
    let early = id("early");
    let late = id("late");
    let shouted = WIRE.to_uppercase().replace("\n\n", "\n");
    let out = assign(&[
        (late.clone(), shouted.as_str(), Some("2026-01-21")),
        (early.clone(), WIRE, Some("2026-01-20T08:00:00Z")),
    ]);
    assert_eq!(out[0].duplicate_of.as_ref(), Some(&early));
    assert_eq!(out[1].duplicate_of, None);
    assert_eq!(out[0].group, out[1].group);
    assert_eq!(
        out[1].group,
        GroupId::from_content(early.as_str().as_bytes())
    );
}

#[test]
fn independent_reports_get_their_own_groups() {
    let out = assign(&[
        (id("wire"), WIRE, None),
        (id("other"), OTHER_OUTLET, None),
        (id("quake"), OTHER_QUAKE, None),
    ]);
    assert_ne!(out[0].group, out[1].group);
    assert_ne!(out[0].group, out[2].group);
    assert_ne!(out[1].group, out[2].group);
}

#[test]
fn short_and_empty_texts() {
    let out = assign(&[
        (id("1"), "Breaking news.", None),
        (id("2"), "breaking NEWS", None),
        (id("3"), "", None),
        (id("4"), "Something else entirely", None),
    ]);
    let (first, second) = if id("1") < id("2") { (0, 1) } else { (1, 0) };
    assert_eq!(
        out[second].duplicate_of.as_ref(),
        Some(&id(["1", "2"][first]))
    );
    assert_eq!(out[first].duplicate_of, None);
    assert_eq!(out[0].group, out[1].group);
    assert_ne!(out[0].group, out[3].group);
}

#[test]
fn assignments_do_not_depend_on_input_order() {
    let texts: Vec<(ArticleId, String, Option<&str>)> = vec![
        (id("w"), WIRE.to_string(), Some("2026-01-20")),
        (id("c"), changed_paragraph(), Some("2026-01-20")),
        (id("t"), trimmed(), Some("2026-01-21")),
        (id("r"), rewrite(), None),
        (id("x"), WIRE.to_string(), Some("2026-01-22")),
        (id("o"), OTHER_OUTLET.to_string(), Some("2026-01-20")),
        (id("q"), OTHER_QUAKE.to_string(), None),
    ];
    let run = |order: &[usize]| {
        let input: Vec<(ArticleId, &str, Option<&str>)> = order
            .iter()
            .map(|&i| (texts[i].0.clone(), texts[i].1.as_str(), texts[i].2))
            .collect();
        let out = assign(&input);
        let mut by_id: Vec<(ArticleId, Assignment)> =
            input.into_iter().map(|a| a.0).zip(out).collect();
        by_id.sort_by(|a, b| a.0.cmp(&b.0));
        by_id
    };
    let base = run(&[0, 1, 2, 3, 4, 5, 6]);
    let groups: std::collections::BTreeSet<&GroupId> = base.iter().map(|a| &a.1.group).collect();
    assert_eq!(groups.len(), 3, "{base:?}");
    for order in [
        [6, 5, 4, 3, 2, 1, 0],
        [3, 0, 6, 1, 4, 2, 5],
        [4, 2, 0, 5, 1, 6, 3],
    ] {
        assert_eq!(run(&order), base);
    }
    let x = base.iter().find(|a| a.0 == id("x")).unwrap();
    assert_eq!(x.1.duplicate_of, Some(id("w")));
}

#[test]
fn incremental_inserts_match_the_batch() {
    let mut d = Dedup::new();
    let a = d.insert(&id("w"), WIRE, None);
    let b = d.insert(&id("t"), &trimmed(), None);
    let c = d.insert(&id("q"), OTHER_QUAKE, None);
    let e = d.insert(&id("x"), WIRE, None);
    assert_eq!(a.group, b.group);
    assert_ne!(a.group, c.group);
    assert_eq!(e.duplicate_of, Some(id("w")));
    assert_eq!(d.len(), 4);
}

/// Texts of several chunks' worth, many of them copies of one another: some exact, some
/// with a sentence changed, across chunk boundaries.
fn many_reports(n: usize) -> Vec<String> {
    let words = [
        "ministers",
        "harbour",
        "talks",
        "ferry",
        "storm",
        "council",
        "vote",
        "budget",
        "rail",
        "strike",
        "court",
        "ruling",
        "police",
        "fire",
        "bridge",
        "flood",
        "election",
        "mayor",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut out: Vec<String> = Vec::with_capacity(n);
    for i in 0..n {
        let r = next();
        if i > 0 && r % 3 == 0 {
            // A copy of an earlier report, exact or with its last sentence replaced.
            let earlier = out[(next() % i as u64) as usize].clone();
            if r % 2 == 0 {
                out.push(earlier);
            } else {
                let cut = earlier.rfind(". ").unwrap_or(0);
                out.push(format!(
                    "{} The {} said more later.",
                    &earlier[..cut],
                    words[i % 18]
                ));
            }
        } else {
            let sentences: Vec<String> = (0..6)
                .map(|_| {
                    let w: Vec<&str> = (0..9).map(|_| words[(next() % 18) as usize]).collect();
                    format!("The {} {}.", w.join(" "), next() % 1000)
                })
                .collect();
            out.push(sentences.join(" "));
        }
    }
    out
}

#[test]
fn chunked_assignment_is_one_insert_at_a_time() {
    let texts = many_reports(3 * ASSIGN_CHUNK + 17);
    let ids: Vec<ArticleId> = (0..texts.len()).map(|i| id(&format!("a{i}"))).collect();
    let keyed: Vec<(ArticleId, &str, Option<&str>)> = ids
        .iter()
        .zip(&texts)
        .map(|(i, t)| (i.clone(), t.as_str(), None))
        .collect();
    let batch = assign(&keyed);
    let keys: Vec<(&ArticleId, Option<&str>)> = ids.iter().map(|i| (i, None)).collect();
    let mut one = Dedup::new();
    let mut single: Vec<Option<Assignment>> = vec![None; ids.len()];
    for i in canonical_order(&keys, |k| (k.0, k.1)) {
        single[i] = Some(one.insert(&ids[i], &texts[i], None));
    }
    let single: Vec<Assignment> = single.into_iter().map(Option::unwrap).collect();
    assert_eq!(batch, single);
    let copies = batch.iter().filter(|a| a.duplicate_of.is_some()).count();
    let grouped = ids.len()
        - batch
            .iter()
            .map(|a| &a.group)
            .collect::<std::collections::HashSet<_>>()
            .len();
    assert!(
        copies > 500 && grouped > copies,
        "{copies} exact copies, {grouped} grouped"
    );
}

#[test]
fn exact_key_hashes_the_lowercased_words_each_followed_by_a_space() {
    let sig = signature("Élan, ÉLAN! The U.S. said: 42 ships.");
    assert_eq!(
        sig.exact,
        *blake3::hash("élan élan the u s said 42 ships ".as_bytes()).as_bytes()
    );
    assert_eq!(signature("").exact, *blake3::hash(b"").as_bytes());
}

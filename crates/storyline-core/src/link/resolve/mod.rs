//! Entity resolution across articles: one entity per real-world referent, merged across
//! spellings (case, diacritics, transliteration variants), surname-only references,
//! acronyms and their expansions; people who only share a surname stay apart unless one of
//! them clearly dominates. Deterministic and independent of the order of articles.

use crate::link::union_find::UnionFind;
use crate::text::names::{acronym_letters, edit_distance, fold, initials, is_acronym, variant_key};
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet};
use storyline_model::{Annotations, ArticleId, Description, Entity, EntityId, EntityKind, Mention};

/// The entities of a corpus, and which entity each article-local referent became.
#[derive(Debug, Default)]
pub struct Resolution {
    pub entities: Vec<Entity>,
    pub of_local: FxHashMap<(ArticleId, usize), EntityId>,
}

struct Node<'a> {
    article: &'a ArticleId,
    local: usize,
    name: &'a str,
    kind: EntityKind,
    key: String,
    variant: String,
    words: usize,
    mentions: usize,
    descriptive: bool,
}

/// A string and every string made by deleting one of its characters.
fn deletions(v: &str) -> Vec<String> {
    let chars: Vec<(usize, char)> = v.char_indices().collect();
    let mut out = Vec::with_capacity(chars.len() + 1);
    out.push(v.to_string());
    for &(b, c) in &chars {
        let mut d = String::with_capacity(v.len());
        d.push_str(&v[..b]);
        d.push_str(&v[b + c.len_utf8()..]);
        out.push(d);
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Resolves the local entities of all `articles` into corpus entities.
pub fn resolve(articles: &[(ArticleId, Annotations)]) -> Resolution {
    let mut sorted: Vec<&(ArticleId, Annotations)> = articles.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut nodes: Vec<Node<'_>> = Vec::new();
    for (id, ann) in &sorted {
        let mut counts = vec![0usize; ann.locals.len()];
        for m in &ann.mentions {
            if let Some(c) = counts.get_mut(m.local) {
                *c += 1;
            }
        }
        for (i, l) in ann.locals.iter().enumerate() {
            let key = fold(&l.name);
            if key.is_empty() || counts[i] == 0 {
                continue;
            }
            nodes.push(Node {
                article: id,
                local: i,
                name: &l.name,
                kind: l.kind,
                variant: variant_key(&l.name),
                words: key.split(' ').count(),
                key,
                mentions: counts[i],
                descriptive: l.descriptive,
            });
        }
    }
    let mut uf = UnionFind::new(nodes.len());
    let person = |n: &Node<'_>| n.kind == EntityKind::Person && !n.descriptive;

    // 1. The same name (or the same variant of a person's name) is the same referent.
    let mut by_key: BTreeMap<(bool, &str), usize> = BTreeMap::new();
    for (i, n) in nodes.iter().enumerate() {
        let k = if person(n) {
            n.variant.as_str()
        } else {
            n.key.as_str()
        };
        match by_key.get(&(person(n), k)) {
            Some(&j) => uf.union(i, j),
            None => {
                by_key.insert((person(n), k), i);
            }
        }
    }
    // 2. Full names of people one letter apart in the variant key, with the same first word
    //    ("Muammar Gaddafi" / "Muammar Qaddafi").
    let full: Vec<usize> = (0..nodes.len())
        .filter(|&i| person(&nodes[i]) && nodes[i].words >= 2)
        .collect();
    //    Distinct variants only (rule 1 joined equal ones), paired through their
    //    one-deletion neighbourhoods: two strings one edit apart share a string made by
    //    deleting at most one character from each, so candidates come from a hash map,
    //    linear in the names' total length, never from all pairs of a first name.
    let mut first_of_variant: BTreeMap<&str, usize> = BTreeMap::new();
    for &i in &full {
        let v = nodes[i].variant.as_str();
        if v.chars().count() >= 8 {
            first_of_variant.entry(v).or_insert(i);
        }
    }
    let mut by_deletion: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (&v, &i) in &first_of_variant {
        for key in deletions(v) {
            by_deletion.entry(key).or_default().push(i);
        }
    }
    for group in by_deletion.values() {
        for (a, &i) in group.iter().enumerate() {
            for &j in &group[a + 1..] {
                let (x, y) = (&nodes[i].variant, &nodes[j].variant);
                let same_first = x.split(' ').next() == y.split(' ').next();
                if same_first && uf.find(i) != uf.find(j) && edit_distance(x, y) <= 1 {
                    uf.union(i, j);
                }
            }
        }
    }
    // 3. A person known in some article by one name only: the full-name person whose last
    //    (or first) word it is, when there is one, or one that clearly dominates.
    let mut full_by_word: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
    for &i in &full {
        let root = uf.find(i);
        if let Some(last) = nodes[i].variant.rsplit(' ').next() {
            full_by_word.entry(last).or_default().insert(root);
        }
    }
    let weight = |uf: &mut UnionFind, nodes: &[Node<'_>]| {
        let mut w: FxHashMap<usize, usize> = FxHashMap::default();
        for (i, n) in nodes.iter().enumerate() {
            *w.entry(uf.find(i)).or_default() += n.mentions;
        }
        w
    };
    let weights = weight(&mut uf, &nodes);
    for (i, n) in nodes.iter().enumerate() {
        if !person(n) || n.words != 1 {
            continue;
        }
        let Some(candidates) = full_by_word.get(n.variant.as_str()) else {
            continue;
        };
        let roots: BTreeSet<usize> = candidates.iter().map(|&r| uf.find(r)).collect();
        let target = if roots.len() == 1 {
            roots.first().copied()
        } else {
            let mut ranked: Vec<(usize, usize)> = roots
                .iter()
                .map(|&r| (weights.get(&r).copied().unwrap_or(0), r))
                .collect();
            ranked.sort_by(|a, b| b.cmp(a));
            (ranked[0].0 >= 3 * ranked[1].0.max(1)).then_some(ranked[0].1)
        };
        if let Some(t) = target {
            uf.union(i, t);
        }
    }
    // 4. A person's name the tagger took for an organisation or a miscellaneous name
    //    somewhere ("the Trump administration"): joins the person when the person
    //    dominates (places keep their own: "Jordan" the country is not a person), or, for a
    //    full name of two words or more, has at least as many mentions.
    let weights = weight(&mut uf, &nodes);
    let mut person_by_key: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, n) in nodes.iter().enumerate() {
        if person(n) {
            person_by_key.entry(n.key.as_str()).or_insert(uf.find(i));
        }
    }
    for (i, n) in nodes.iter().enumerate() {
        if n.descriptive || !matches!(n.kind, EntityKind::Organization | EntityKind::Other) {
            continue;
        }
        let by_surname = || {
            let roots: BTreeSet<usize> = full_by_word
                .get(n.variant.as_str())?
                .iter()
                .map(|&r| uf.find_const(r))
                .collect();
            (roots.len() == 1).then(|| *roots.first().expect("one root"))
        };
        let found = person_by_key
            .get(n.key.as_str())
            .copied()
            .or_else(|| (n.words == 1).then(by_surname).flatten());
        if let Some(p) = found {
            let (p, me) = (uf.find(p), uf.find(i));
            let (wp, wm) = (
                weights.get(&p).copied().unwrap_or(0),
                weights.get(&me).copied().unwrap_or(0),
            );
            // The same full name of two words or more is near-certain; a single word
            // ("Jordan") needs the person to dominate clearly.
            let needed = if n.words >= 2 && person_by_key.contains_key(n.key.as_str()) {
                wm
            } else {
                2 * wm
            };
            if wp >= needed {
                uf.union(i, p);
            }
        }
    }
    // 5. Acronyms and their expansions, when only one organisation spells it.
    let mut spelled: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (i, n) in nodes.iter().enumerate() {
        if !person(n) && !n.descriptive && n.words >= 2 {
            spelled
                .entry(initials(n.name))
                .or_default()
                .insert(uf.find(i));
        }
    }
    for (i, n) in nodes.iter().enumerate() {
        if person(n) || n.descriptive || !is_acronym(n.name) {
            continue;
        }
        if let Some(roots) = spelled.get(&acronym_letters(n.name)) {
            let roots: BTreeSet<usize> = roots.iter().map(|&r| uf.find(r)).collect();
            if roots.len() == 1 {
                uf.union(i, *roots.first().expect("one root"));
            }
        }
    }
    // 6. Descriptions standing for a name ("the French president"): the one entity some
    //    article gives that description.
    let mut node_of: FxHashMap<(&ArticleId, usize), usize> = FxHashMap::default();
    for (i, n) in nodes.iter().enumerate() {
        node_of.insert((n.article, n.local), i);
    }
    let mut described: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (id, ann) in &sorted {
        for m in &ann.mentions {
            let Some(d) = &m.description else { continue };
            if let Some(&i) = node_of.get(&(id, m.local)) {
                if !nodes[i].descriptive {
                    described.entry(fold(d)).or_default().insert(i);
                }
            }
        }
    }
    for (i, n) in nodes.iter().enumerate() {
        if !n.descriptive {
            continue;
        }
        if let Some(holders) = described.get(&n.key) {
            let roots: BTreeSet<usize> = holders.iter().map(|&h| uf.find(h)).collect();
            if roots.len() == 1 {
                uf.union(i, *roots.first().expect("one root"));
            }
        }
    }
    build(&sorted, &nodes, &mut uf)
}

fn build(
    articles: &[&(ArticleId, Annotations)],
    nodes: &[Node<'_>],
    uf: &mut UnionFind,
) -> Resolution {
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..nodes.len() {
        groups.entry(uf.find(i)).or_default().push(i);
    }
    let ann_of: FxHashMap<&ArticleId, &Annotations> =
        articles.iter().map(|(id, a)| (id, a)).collect();
    let mut out = Resolution::default();
    let mut entities: Vec<(usize, Entity)> = Vec::new();
    for members in groups.values() {
        // A description that resolved to no named entity is not an entity.
        if members.iter().all(|&i| nodes[i].descriptive) {
            continue;
        }
        // Name: the fullest name, most mentioned, then alphabetical; kind: by mentions.
        let mut name_votes: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        let mut kind_votes = [0usize; 4];
        for &i in members.iter().filter(|&&i| !nodes[i].descriptive) {
            let n = &nodes[i];
            let v = name_votes.entry(n.name).or_insert((n.words, 0));
            v.1 += n.mentions;
            kind_votes[kind_rank(n.kind)] += n.mentions;
        }
        let name = name_votes
            .iter()
            .max_by(|a, b| (a.1 .0, a.1 .1).cmp(&(b.1 .0, b.1 .1)).then(b.0.cmp(a.0)))
            .map(|(n, _)| n.to_string())
            .unwrap_or_default();
        let kind_i = (0..4).max_by_key(|&k| (kind_votes[k], 3 - k)).unwrap_or(0);
        let kind = KINDS[kind_i];
        let id =
            EntityId::from_content(format!("{}\u{0}{}", kind_rank(kind), fold(&name)).as_bytes());
        let mut aliases: BTreeSet<String> = BTreeSet::new();
        let mut descriptions: BTreeMap<String, (String, BTreeSet<ArticleId>)> = BTreeMap::new();
        let mut mentions: Vec<Mention> = Vec::new();
        for &i in members {
            let n = &nodes[i];
            out.of_local
                .insert((n.article.clone(), n.local), id.clone());
            let ann = ann_of[n.article];
            for m in ann.mentions.iter().filter(|m| m.local == n.local) {
                aliases.insert(m.text.clone());
                mentions.push(Mention {
                    article: n.article.clone(),
                    start: m.start,
                    end: m.end,
                    text: m.text.clone(),
                });
                if let Some(d) = &m.description {
                    let e = descriptions
                        .entry(d.to_lowercase())
                        .or_insert_with(|| (d.clone(), BTreeSet::new()));
                    e.1.insert(n.article.clone());
                }
            }
        }
        mentions.sort_by(|a, b| (&a.article, a.start).cmp(&(&b.article, b.start)));
        let count = mentions.len();
        entities.push((
            count,
            Entity {
                id,
                name,
                kind,
                aliases: aliases.into_iter().collect(),
                descriptions: descriptions
                    .into_values()
                    .map(|(text, arts)| Description {
                        text,
                        articles: arts.into_iter().collect(),
                    })
                    .collect(),
                mentions,
            },
        ));
    }
    entities.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| a.1.name.cmp(&b.1.name))
            .then_with(|| a.1.id.cmp(&b.1.id))
    });
    out.entities = entities.into_iter().map(|(_, e)| e).collect();
    out
}

const KINDS: [EntityKind; 4] = [
    EntityKind::Person,
    EntityKind::Organization,
    EntityKind::Location,
    EntityKind::Other,
];

fn kind_rank(k: EntityKind) -> usize {
    KINDS.iter().position(|&x| x == k).unwrap_or(3)
}

#[cfg(test)]
mod tests;

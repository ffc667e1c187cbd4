//! Entity resolution across articles: one entity per real-world referent, merged across
//! spellings (case, diacritics, transliteration variants), surname-only references,
//! acronyms and their expansions; people who only share a surname stay apart unless one of
//! them clearly dominates. Deterministic and independent of the order of articles.

use crate::link::union_find::UnionFind;
use crate::text::names::{acronym_letters, edit_distance, fold, initials, is_acronym, variant_key};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet};
use storyline_model::{Annotations, ArticleId, Description, Entity, EntityId, EntityKind, Mention};

/// The entities of a corpus, and which entity each article-local referent became.
#[derive(Debug, Default)]
pub struct Resolution {
    pub entities: Vec<Entity>,
    pub of_local: FxHashMap<(ArticleId, usize), EntityId>,
}

/// Every distinct string once, by number.
#[derive(Default)]
struct Interner {
    ids: FxHashMap<Box<str>, u32>,
    strings: Vec<Box<str>>,
}

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.ids.get(s) {
            return i;
        }
        let i = self.strings.len() as u32;
        let b: Box<str> = s.into();
        self.strings.push(b.clone());
        self.ids.insert(b, i);
        i
    }
    fn get(&self, i: u32) -> &str {
        &self.strings[i as usize]
    }
}

/// No string, in a record's string field.
const NO: u32 = u32::MAX;

/// An article-local referent, compactly (strings by number).
struct LocalRec {
    article: u32,
    local: u32,
    name: u32,
    kind: EntityKind,
    descriptive: bool,
}

/// A name mention, compactly.
#[derive(Clone, Copy)]
struct MentionRec {
    article: u32,
    local: u32,
    start: u32,
    end: u32,
    text: u32,
    description: u32,
}

/// Entity resolution fed one article at a time ([`Resolver::add`]), holding only what the
/// rules and the output need of each — referents and mentions as fixed-size records,
/// every distinct string once — so a corpus's names fit in a few hundred bytes an article.
/// [`Resolver::finish`] gives the same result as [`resolve`] over the same articles, in
/// whatever order they were added.
#[derive(Default)]
pub struct Resolver {
    strings: Interner,
    articles: Vec<ArticleId>,
    locals: Vec<LocalRec>,
    mentions: Vec<MentionRec>,
}

/// The entities of a corpus, built one at a time on request ([`Resolved::entity`]), in
/// the order of [`resolve`] (most mentioned first, then by name, then by id).
pub struct Resolved {
    strings: Interner,
    /// Article ids in sorted order (mentions refer to them by rank).
    articles: Vec<ArticleId>,
    /// Mentions sorted by (article rank, local), each local's in the article's order.
    mentions: Vec<MentionRec>,
    /// Per entity: its name, kind and id.
    heads: Vec<(u32, EntityKind, EntityId)>,
    /// Per entity, its members' mentions as (position of the first in `mentions`, count),
    /// in node order; `members[i]` is `flat[offsets[i]..offsets[i + 1]]`.
    flat: Vec<(u32, u32)>,
    offsets: Vec<usize>,
    /// By article, in the order they were added to the [`Resolver`]: the entity number of
    /// each local referent ([`NONE`]: none).
    of_local: Vec<Box<[u32]>>,
}

/// No entity, in [`Resolved::of_local`].
pub const NONE: u32 = u32::MAX;

impl Resolved {
    pub fn len(&self) -> usize {
        self.heads.len()
    }
    pub fn is_empty(&self) -> bool {
        self.heads.is_empty()
    }
    pub fn id(&self, e: usize) -> &EntityId {
        &self.heads[e].2
    }
    pub fn name(&self, e: usize) -> &str {
        self.strings.get(self.heads[e].0)
    }
    /// The entity number of each local referent of the `n`-th article added ([`NONE`]:
    /// it resolved to none).
    pub fn of_local(&self, n: usize) -> &[u32] {
        self.of_local.get(n).map(|b| &b[..]).unwrap_or(&[])
    }
    /// Gives up the per-article tables (the entity numbers of the article-local
    /// referents, by the order the articles were added).
    pub fn take_of_local(&mut self) -> Vec<Box<[u32]>> {
        std::mem::take(&mut self.of_local)
    }

    /// How many mentions the `e`-th entity has (what [`Resolved::entity`] builds of it).
    pub fn mention_count(&self, e: usize) -> usize {
        self.flat[self.offsets[e]..self.offsets[e + 1]]
            .iter()
            .map(|&(_, count)| count as usize)
            .sum()
    }

    /// The `e`-th entity, whole: aliases, descriptions and every mention.
    pub fn entity(&self, e: usize) -> Entity {
        let (name, kind, ref id) = self.heads[e];
        let mut aliases: BTreeSet<&str> = BTreeSet::new();
        let mut descriptions: BTreeMap<String, (&str, BTreeSet<u32>)> = BTreeMap::new();
        let mut mentions: Vec<(u32, u32, u32, u32)> = Vec::new();
        for &(first, count) in &self.flat[self.offsets[e]..self.offsets[e + 1]] {
            let (first, count) = (first as usize, count as usize);
            for m in &self.mentions[first..first + count] {
                let article = m.article;
                aliases.insert(self.strings.get(m.text));
                mentions.push((m.article, m.start, m.end, m.text));
                if m.description != NO {
                    let d = self.strings.get(m.description);
                    let entry = descriptions
                        .entry(d.to_lowercase())
                        .or_insert_with(|| (d, BTreeSet::new()));
                    entry.1.insert(article);
                }
            }
        }
        mentions.sort_by_key(|m| (m.0, m.1));
        Entity {
            id: id.clone(),
            name: self.strings.get(name).to_string(),
            kind,
            aliases: aliases.into_iter().map(str::to_string).collect(),
            descriptions: descriptions
                .into_values()
                .map(|(text, arts)| Description {
                    text: text.to_string(),
                    articles: arts
                        .into_iter()
                        .map(|a| self.articles[a as usize].clone())
                        .collect(),
                })
                .collect(),
            mentions: mentions
                .into_iter()
                .map(|(a, start, end, text)| Mention {
                    article: self.articles[a as usize].clone(),
                    start: start as usize,
                    end: end as usize,
                    text: self.strings.get(text).to_string(),
                })
                .collect(),
        }
    }
}

/// A referent as the rules see it, compactly (a corpus has tens of millions): strings by
/// number in the resolver's [`Interner`].
struct Node {
    /// Rank of the article in sorted id order.
    article: u32,
    local: u32,
    name: u32,
    /// The folded name, and the variant key of a person's name.
    key: u32,
    variant: u32,
    mentions: u32,
    words: u16,
    kind: EntityKind,
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
    let mut r = Resolver::default();
    for (id, ann) in articles {
        r.add(id, ann);
    }
    let added: Vec<&ArticleId> = articles.iter().map(|(id, _)| id).collect();
    let resolved = r.finish();
    let mut of_local = FxHashMap::default();
    for (n, id) in added.into_iter().enumerate() {
        for (local, &e) in resolved.of_local(n).iter().enumerate() {
            if e != NONE {
                of_local.insert((id.clone(), local), resolved.id(e as usize).clone());
            }
        }
    }
    Resolution {
        entities: (0..resolved.len()).map(|e| resolved.entity(e)).collect(),
        of_local,
    }
}

impl Resolver {
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes what resolution needs of one article's annotations (its referents and name
    /// mentions).
    pub fn add(&mut self, id: &ArticleId, ann: &Annotations) {
        let article = self.articles.len() as u32;
        self.articles.push(id.clone());
        for (i, l) in ann.locals.iter().enumerate() {
            let name = self.strings.id(&l.name);
            self.locals.push(LocalRec {
                article,
                local: i as u32,
                name,
                kind: l.kind,
                descriptive: l.descriptive,
            });
        }
        for m in &ann.mentions {
            let text = self.strings.id(&m.text);
            let description = match &m.description {
                Some(d) => self.strings.id(d),
                None => NO,
            };
            self.mentions.push(MentionRec {
                article,
                local: m.local as u32,
                start: m.start as u32,
                end: m.end as u32,
                text,
                description,
            });
        }
    }

    /// Resolves everything added.
    pub fn finish(self) -> Resolved {
        let Resolver {
            mut strings,
            articles,
            mut locals,
            mut mentions,
        } = self;
        // Articles by id: the rules see them in that order whatever the order they came in.
        let mut by_id: Vec<u32> = (0..articles.len() as u32).collect();
        by_id.sort_by(|&a, &b| articles[a as usize].cmp(&articles[b as usize]));
        let mut rank = vec![0u32; articles.len()];
        for (r, &a) in by_id.iter().enumerate() {
            rank[a as usize] = r as u32;
        }
        let added = articles.len();
        let mut sorted_ids: Vec<Option<ArticleId>> = articles.into_iter().map(Some).collect();
        let sorted_articles: Vec<ArticleId> = by_id
            .iter()
            .map(|&a| sorted_ids[a as usize].take().expect("each article once"))
            .collect();
        drop(sorted_ids);
        for l in &mut locals {
            l.article = rank[l.article as usize];
        }
        for m in &mut mentions {
            m.article = rank[m.article as usize];
        }
        // (stable: each local's mentions keep the article's order)
        locals.sort_by_key(|l| (l.article, l.local));
        mentions.sort_by_key(|m| (m.article, m.local));
        // Keys and variants of every distinct name, interned before the rules borrow the
        // strings.
        let mut key_of: FxHashMap<u32, (u32, u32)> = FxHashMap::default();
        for l in &locals {
            if let std::collections::hash_map::Entry::Vacant(v) = key_of.entry(l.name) {
                let name = strings.get(l.name).to_string();
                let key = strings.id(&fold(&name));
                let variant = strings.id(&variant_key(&name));
                v.insert((key, variant));
            }
        }
        let strings_ref = &strings;
        let str_of = |i: u32| strings_ref.get(i);
        let mut nodes: Vec<Node> = Vec::with_capacity(locals.len());
        // By node, the position of its first mention (its mentions follow it).
        let mut first_mention: Vec<u32> = Vec::with_capacity(locals.len());
        {
            let mut m = 0;
            for l in &locals {
                while m < mentions.len()
                    && (mentions[m].article, mentions[m].local) < (l.article, l.local)
                {
                    m += 1;
                }
                let mut count = 0;
                while m + count < mentions.len()
                    && (mentions[m + count].article, mentions[m + count].local)
                        == (l.article, l.local)
                {
                    count += 1;
                }
                let (key, variant) = key_of[&l.name];
                let key_str = str_of(key);
                if key_str.is_empty() || count == 0 {
                    continue;
                }
                first_mention.push(m as u32);
                nodes.push(Node {
                    article: l.article,
                    local: l.local,
                    name: l.name,
                    kind: l.kind,
                    variant,
                    words: key_str.split(' ').count().min(u16::MAX as usize) as u16,
                    key,
                    mentions: count as u32,
                    descriptive: l.descriptive,
                });
            }
        }
        drop(key_of);
        drop(locals);
        let mut uf = UnionFind::new(nodes.len());
        let person = |n: &Node| n.kind == EntityKind::Person && !n.descriptive;

        // 1. The same name (or the same variant of a person's name) is the same referent.
        let mut by_key: BTreeMap<(bool, &str), usize> = BTreeMap::new();
        for (i, n) in nodes.iter().enumerate() {
            let k = if person(n) {
                str_of(n.variant)
            } else {
                str_of(n.key)
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
            let v = str_of(nodes[i].variant);
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
                    let (x, y) = (str_of(nodes[i].variant), str_of(nodes[j].variant));
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
            if let Some(last) = str_of(nodes[i].variant).rsplit(' ').next() {
                full_by_word.entry(last).or_default().insert(root);
            }
        }
        let weight = |uf: &mut UnionFind, nodes: &[Node]| {
            let mut w: FxHashMap<usize, usize> = FxHashMap::default();
            for (i, n) in nodes.iter().enumerate() {
                *w.entry(uf.find(i)).or_default() += n.mentions as usize;
            }
            w
        };
        let weights = weight(&mut uf, &nodes);
        for (i, n) in nodes.iter().enumerate() {
            if !person(n) || n.words != 1 {
                continue;
            }
            let Some(candidates) = full_by_word.get(str_of(n.variant)) else {
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
                person_by_key.entry(str_of(n.key)).or_insert(uf.find(i));
            }
        }
        for (i, n) in nodes.iter().enumerate() {
            if n.descriptive || !matches!(n.kind, EntityKind::Organization | EntityKind::Other) {
                continue;
            }
            let by_surname = || {
                let roots: BTreeSet<usize> = full_by_word
                    .get(str_of(n.variant))?
                    .iter()
                    .map(|&r| uf.find_const(r))
                    .collect();
                (roots.len() == 1).then(|| *roots.first().expect("one root"))
            };
            let found = person_by_key
                .get(str_of(n.key))
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
                let needed = if n.words >= 2 && person_by_key.contains_key(str_of(n.key)) {
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
                    .entry(initials(str_of(n.name)))
                    .or_default()
                    .insert(uf.find(i));
            }
        }
        for (i, n) in nodes.iter().enumerate() {
            if person(n) || n.descriptive || !is_acronym(str_of(n.name)) {
                continue;
            }
            if let Some(roots) = spelled.get(&acronym_letters(str_of(n.name))) {
                let roots: BTreeSet<usize> = roots.iter().map(|&r| uf.find(r)).collect();
                if roots.len() == 1 {
                    uf.union(i, *roots.first().expect("one root"));
                }
            }
        }
        // 6. Descriptions standing for a name ("the French president"): the one entity some
        //    article gives that description.
        let mut node_of: FxHashMap<(u32, u32), usize> = FxHashMap::default();
        for (i, n) in nodes.iter().enumerate() {
            node_of.insert((n.article, n.local), i);
        }
        let mut described: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        for m in &mentions {
            if m.description == NO {
                continue;
            }
            if let Some(&i) = node_of.get(&(m.article, m.local)) {
                if !nodes[i].descriptive {
                    described
                        .entry(fold(strings_ref.get(m.description)))
                        .or_default()
                        .insert(i);
                }
            }
        }
        drop(node_of);
        for (i, n) in nodes.iter().enumerate() {
            if !n.descriptive {
                continue;
            }
            if let Some(holders) = described.get(str_of(n.key)) {
                let roots: BTreeSet<usize> = holders.iter().map(|&h| uf.find(h)).collect();
                if roots.len() == 1 {
                    uf.union(i, *roots.first().expect("one root"));
                }
            }
        }
        let heads_members = build(&nodes, &mut uf, strings_ref);
        // What the output needs of the nodes, before they give the strings back.
        let node_ref: Vec<(u32, u32, u32, u32)> = nodes
            .iter()
            .zip(first_mention)
            .map(|(n, first)| (n.article, n.local, first, n.mentions))
            .collect();
        let heads_members: Vec<(usize, String, EntityKind, EntityId, Vec<usize>)> = heads_members;
        drop(nodes);
        let mut heads = Vec::with_capacity(heads_members.len());
        let mut flat = Vec::new();
        let mut offsets = vec![0];
        let mut of_local: Vec<Vec<u32>> = vec![Vec::new(); added];
        // rank → the order the article was added
        let mut added_of = vec![0u32; added];
        for (n, &r) in rank.iter().enumerate() {
            added_of[r as usize] = n as u32;
        }
        for (e, (_, name, kind, id, members)) in heads_members.into_iter().enumerate() {
            heads.push((strings.id(&name), kind, id));
            for i in members {
                let (article, local, first, count) = node_ref[i];
                flat.push((first, count));
                let locals = &mut of_local[added_of[article as usize] as usize];
                if locals.len() <= local as usize {
                    locals.resize(local as usize + 1, NONE);
                }
                locals[local as usize] = e as u32;
            }
            offsets.push(flat.len());
        }
        Resolved {
            strings,
            articles: sorted_articles,
            mentions,
            heads,
            flat,
            offsets,
            of_local: of_local.into_iter().map(Vec::into_boxed_slice).collect(),
        }
    }
}

/// The groups of nodes as entities, most mentioned first (then by name, then by id): the
/// mention count, name, kind, id and member nodes of each. A group of descriptions only is
/// no entity.
fn build(
    nodes: &[Node],
    uf: &mut UnionFind,
    strings: &Interner,
) -> Vec<(usize, String, EntityKind, EntityId, Vec<usize>)> {
    // The members of each set, by root (its smallest member) and in index order: a counting
    // sort (a corpus has tens of millions of referents).
    let n = nodes.len();
    let roots: Vec<u32> = (0..n).map(|i| uf.find(i) as u32).collect();
    let mut start = vec![0u32; n + 1];
    for &r in &roots {
        start[r as usize + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut order = vec![0u32; n];
    {
        let mut next = start.clone();
        for (i, &r) in roots.iter().enumerate() {
            order[next[r as usize] as usize] = i as u32;
            next[r as usize] += 1;
        }
    }
    drop(roots);
    let groups: Vec<&[u32]> = (0..n)
        .filter(|&r| start[r + 1] > start[r])
        .map(|r| &order[start[r] as usize..start[r + 1] as usize])
        .collect();
    // Each set's entity on its own, in parallel, collected in the sets' order.
    let mut entities: Vec<_> = groups
        .par_iter()
        .filter_map(|members| entity_of(nodes, members, strings))
        .collect();
    // (stable: equal entities keep the sets' order)
    entities.par_sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| a.1.cmp(&b.1))
            .then_with(|| a.3.cmp(&b.3))
    });
    entities
}

/// The entity of one set of referents (`members`, in index order): its mention count,
/// name, kind, id and members; none for a set of descriptions only.
fn entity_of(
    nodes: &[Node],
    members: &[u32],
    strings: &Interner,
) -> Option<(usize, String, EntityKind, EntityId, Vec<usize>)> {
    let members: Vec<usize> = members.iter().map(|&i| i as usize).collect();
    // A description that resolved to no named entity is not an entity.
    if members.iter().all(|&i| nodes[i].descriptive) {
        return None;
    }
    // Name: the fullest name, most mentioned, then alphabetical; kind: by mentions.
    let mut name_votes: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut kind_votes = [0usize; 4];
    for &i in members.iter().filter(|&&i| !nodes[i].descriptive) {
        let n = &nodes[i];
        let v = name_votes
            .entry(strings.get(n.name))
            .or_insert((n.words as usize, 0));
        v.1 += n.mentions as usize;
        kind_votes[kind_rank(n.kind)] += n.mentions as usize;
    }
    let name = name_votes
        .iter()
        .max_by(|a, b| (a.1 .0, a.1 .1).cmp(&(b.1 .0, b.1 .1)).then(b.0.cmp(a.0)))
        .map(|(n, _)| n.to_string())
        .unwrap_or_default();
    let kind_i = (0..4).max_by_key(|&k| (kind_votes[k], 3 - k)).unwrap_or(0);
    let kind = KINDS[kind_i];
    let id = EntityId::from_content(format!("{}\u{0}{}", kind_rank(kind), fold(&name)).as_bytes());
    let count: usize = members.iter().map(|&i| nodes[i].mentions as usize).sum();
    Some((count, name, kind, id, members))
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

//! Within one article: which name mentions refer to the same referent. A surname or first
//! name alone refers back (or forward) to the full name that contains it, an acronym to the
//! organisation whose initials it spells, and the same name to itself whatever the tagger
//! called it in each place.

use crate::text::names::{acronym_letters, fold, initials, is_acronym};
use storyline_model::{EntityKind, LocalEntity};

/// A name found in the text, before resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub text: String,
    pub kind: EntityKind,
}

/// Groups mentions (in text order) into local entities; returns the entities and, for each
/// mention, the index of its entity.
pub fn resolve(mentions: &[Found]) -> (Vec<LocalEntity>, Vec<usize>) {
    let mut groups: Vec<Group> = Vec::new();
    let mut of_mention = Vec::with_capacity(mentions.len());
    // Full names first, so that a surname used before the full name still finds it.
    let mut order: Vec<usize> = (0..mentions.len()).collect();
    // Then people before other kinds, so a surname finds its person before a stray tag of
    // the same word as an organisation makes a group of its own.
    order.sort_by_key(|&i| {
        (
            single_word(&mentions[i]),
            mentions[i].kind != EntityKind::Person,
            i,
        )
    });
    let mut assigned = vec![usize::MAX; mentions.len()];
    for &i in &order {
        let m = &mentions[i];
        let key = fold(&m.text);
        if key.is_empty() {
            continue;
        }
        let g = find(&groups, m, &key, i).unwrap_or_else(|| {
            groups.push(Group::default());
            groups.len() - 1
        });
        groups[g].add(m, key, i);
        assigned[i] = g;
    }
    // Renumber groups by first mention so local ids follow the text.
    let mut first_seen: Vec<(usize, usize)> = groups
        .iter()
        .enumerate()
        .map(|(g, grp)| (grp.first, g))
        .collect();
    first_seen.sort();
    let mut renumber = vec![0; groups.len()];
    for (new, (_, old)) in first_seen.iter().enumerate() {
        renumber[*old] = new;
    }
    let mut locals = vec![None; groups.len()];
    for (old, grp) in groups.iter().enumerate() {
        locals[renumber[old]] = Some(LocalEntity {
            name: grp.name.clone(),
            kind: grp.kind(),
            descriptive: false,
        });
    }
    for a in assigned {
        of_mention.push(if a == usize::MAX {
            usize::MAX
        } else {
            renumber[a]
        });
    }
    (locals.into_iter().map(Option::unwrap).collect(), of_mention)
}

fn single_word(m: &Found) -> bool {
    !m.text.trim().contains(char::is_whitespace)
}

#[derive(Default)]
struct Group {
    /// The fullest name seen.
    name: String,
    /// Folded words of every name seen.
    words: Vec<String>,
    keys: Vec<String>,
    /// Mention counts per kind.
    kinds: [usize; 4],
    person: bool,
    /// Index of the earliest mention, and of the latest one assigned so far.
    first: usize,
    last: usize,
    count: usize,
}

impl Group {
    fn add(&mut self, m: &Found, key: String, index: usize) {
        if self.count == 0 || index < self.first {
            self.first = index;
        }
        self.last = self.last.max(index);
        self.count += 1;
        self.kinds[kind_index(m.kind)] += 1;
        self.person |= m.kind == EntityKind::Person;
        let better = m.text.split_whitespace().count() > self.name.split_whitespace().count()
            || (self.name.is_empty())
            || (is_acronym(&self.name) && !is_acronym(&m.text));
        if better {
            self.name = m.text.split_whitespace().collect::<Vec<_>>().join(" ");
        }
        for w in key.split(' ') {
            if !self.words.iter().any(|x| x == w) {
                self.words.push(w.to_string());
            }
        }
        if !self.keys.contains(&key) {
            self.keys.push(key);
        }
    }

    fn kind(&self) -> EntityKind {
        let best = (0..4).max_by_key(|&k| (self.kinds[k], 3 - k)).unwrap_or(0);
        [
            EntityKind::Person,
            EntityKind::Organization,
            EntityKind::Location,
            EntityKind::Other,
        ][best]
    }
}

fn kind_index(k: EntityKind) -> usize {
    match k {
        EntityKind::Person => 0,
        EntityKind::Organization => 1,
        EntityKind::Location => 2,
        EntityKind::Other => 3,
    }
}

fn find(groups: &[Group], m: &Found, key: &str, index: usize) -> Option<usize> {
    let words: Vec<&str> = key.split(' ').collect();
    // A surname or first name alone: the person whose name contains it; if several do, the
    // one mentioned closest before. A lone word tagged as an organisation or other name
    // that is a person's surname ("the Trump administration") goes to that person too.
    if words.len() == 1 && m.kind != EntityKind::Location {
        let person = groups
            .iter()
            .enumerate()
            .filter(|(_, g)| g.person && g.words.len() > 1 && g.words.iter().any(|w| w == words[0]))
            .max_by_key(|(_, g)| (g.last < index, g.last))
            .map(|(i, _)| i);
        if person.is_some() {
            return person;
        }
    }
    // The same name: the same referent, whatever kind the tagger gave it here, except that
    // a place and a person are never one ("Jordan").
    let compatible = |g: &Group| match m.kind {
        EntityKind::Location => !g.person,
        EntityKind::Person => g.person || g.kind() != EntityKind::Location,
        _ => true,
    };
    if let Some(g) = groups
        .iter()
        .position(|g| compatible(g) && g.keys.iter().any(|k| k == key))
    {
        return Some(g);
    }
    match m.kind {
        EntityKind::Person => {
            if words.len() == 1 {
                return None;
            }
            // A full name extends a group known so far only by one of its words, if that
            // group has no other full name ("Putin" … "Vladimir Putin").
            let last = *words.last().expect("non-empty");
            groups
                .iter()
                .position(|g| g.person && g.words.len() == 1 && g.words[0] == last)
        }
        EntityKind::Organization | EntityKind::Other | EntityKind::Location => {
            if is_acronym(&m.text) {
                let letters = acronym_letters(&m.text);
                return unique(groups.iter().enumerate().filter(|(_, g)| {
                    !g.person && initials(&g.name) == letters && g.name.contains(' ')
                }));
            }
            if words.len() == 1 && m.kind == EntityKind::Organization {
                // "the Board" after "Maritime Accident Board": the one organisation whose
                // name ends with the word.
                let found = unique(groups.iter().enumerate().filter(|(_, g)| {
                    !g.person
                        && g.kind() == EntityKind::Organization
                        && g.keys
                            .iter()
                            .any(|k| k.contains(' ') && k.rsplit(' ').next() == Some(words[0]))
                }));
                if found.is_some() {
                    return found;
                }
            }
            if m.text.contains(' ') {
                let spelled = initials(&m.text);
                return unique(groups.iter().enumerate().filter(|(_, g)| {
                    !g.person && is_acronym(&g.name) && acronym_letters(&g.name) == spelled
                }));
            }
            None
        }
    }
}

fn unique<'a>(mut it: impl Iterator<Item = (usize, &'a Group)>) -> Option<usize> {
    let first = it.next()?;
    it.next().is_none().then_some(first.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(text: &str, kind: EntityKind) -> Found {
        Found {
            text: text.into(),
            kind,
        }
    }
    use EntityKind::*;

    #[test]
    fn surnames_and_first_names_refer_to_full_names() {
        let ms = [
            f("Putin", Person),
            f("Vladimir Putin", Person),
            f("Steve Witkoff", Person),
            f("Witkoff", Person),
            f("Steve", Person),
            f("Putin", Person),
        ];
        let (locals, of) = resolve(&ms);
        assert_eq!(locals.len(), 2);
        assert_eq!(locals[0].name, "Vladimir Putin");
        assert_eq!(of, vec![0, 0, 1, 1, 1, 0]);
    }

    #[test]
    fn shared_surnames_go_to_the_nearest_person() {
        let ms = [
            f("Donald Trump", Person),
            f("Eric Trump", Person),
            f("Trump", Person),
        ];
        let (locals, of) = resolve(&ms);
        assert_eq!(locals.len(), 2);
        assert_eq!(of, vec![0, 1, 1]);
    }

    #[test]
    fn a_surname_tagged_as_an_organisation_is_the_person() {
        let ms = [
            f("Trump", Organization),
            f("Donald Trump", Person),
            f("Trump", Person),
            f("Trump", Location),
        ];
        let (locals, of) = resolve(&ms);
        assert_eq!(of, vec![0, 0, 0, 1]);
        assert_eq!(locals[0].name, "Donald Trump");
        assert_eq!(locals[0].kind, Person);
    }

    #[test]
    fn acronyms_and_kinds() {
        let ms = [
            f("World Health Organization", Organization),
            f("WHO", Organization),
            f("Kremlin", Organization),
            f("Kremlin", Location),
            f("Kremlin", Organization),
        ];
        let (locals, of) = resolve(&ms);
        assert_eq!(of, vec![0, 0, 1, 1, 1]);
        assert_eq!(locals[1].kind, Organization);
        assert_eq!(locals[0].name, "World Health Organization");
    }

    #[test]
    fn a_short_form_of_an_organisation() {
        let ms = [
            f("Maritime Accident Board", Organization),
            f("Board", Organization),
            f("Moscow", Location),
        ];
        let (_, of) = resolve(&ms);
        assert_eq!(of, vec![0, 0, 1]);
    }

    #[test]
    fn an_acronym_before_its_expansion() {
        let ms = [
            f("NATO", Organization),
            f("North Atlantic Treaty Organization", Organization),
        ];
        let (locals, of) = resolve(&ms);
        assert_eq!(of, vec![0, 0]);
        assert_eq!(locals[0].name, "North Atlantic Treaty Organization");
    }
}

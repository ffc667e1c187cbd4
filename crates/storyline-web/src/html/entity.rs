//! The entity page: names and aliases, roles by source, quotes, events and their timeline,
//! stories and the articles that mention it.

use super::story::cite;
use super::timeline;
use super::{article_link, kind_name, source_label};
use crate::snapshot::Snapshot;
use maud::{html, Markup};
use rustc_hash::FxHashMap;
use storyline_model::{Entity, Event};

pub fn render(snap: &Snapshot, e: &Entity) -> Markup {
    let quotes: Vec<_> = snap
        .export
        .attributions
        .iter()
        .filter(|q| q.speaker.as_ref() == Some(&e.id))
        .collect();
    let mut events: Vec<&Event> = snap
        .export
        .events
        .iter()
        .filter(|ev| ev.participants.contains(&e.id) || ev.place.as_ref() == Some(&e.id))
        .collect();
    // Dated events first, by date; then undated ones as found.
    events.sort_by(|a, b| {
        let da = a.date.as_ref().map(|d| d.value.as_str());
        let db = b.date.as_ref().map(|d| d.value.as_str());
        db.is_none().cmp(&da.is_none()).then(da.cmp(&db))
    });
    let entries: Vec<(Option<&str>, &Event)> = events
        .iter()
        .map(|ev| (ev.date.as_ref().map(|d| d.value.as_str()), *ev))
        .collect();
    let stories: Vec<_> = snap
        .export
        .stories
        .iter()
        .filter(|s| s.entities.contains(&e.id))
        .collect();
    let mut per_article: Vec<(&str, usize)> = Vec::new();
    let mut pos: FxHashMap<&str, usize> = FxHashMap::default();
    for m in &e.mentions {
        let k = m.article.as_str();
        match pos.get(k) {
            Some(&i) => per_article[i].1 += 1,
            None => {
                pos.insert(k, per_article.len());
                per_article.push((k, 1));
            }
        }
    }
    html! {
        article.entity-page data-entity=(e.id) {
            h1 { (e.name) " " span.badge { (kind_name(e.kind)) } }
            p.meta { (e.mentions.len()) " mentions in " (per_article.len()) " articles · "
                a href=(format!("/api/entities/{}", e.id)) { "JSON" } }
            section #names {
                h2 { "Names" }
                ul.aliases { @for a in &e.aliases { li { (a) } } }
            }
            section #roles {
                h2 { "Roles by source" }
                @if e.descriptions.is_empty() { p.empty { "No roles or titles given." } }
                ul.roles {
                    @for d in &e.descriptions {
                        li {
                            strong { (d.text) } " — "
                            @for (i, a) in d.articles.iter().filter_map(|a| snap.article(a.as_str())).enumerate() {
                                @if i > 0 { "; " }
                                a href=(format!("/articles/{}", a.id)) { (source_label(a)) }
                            }
                        }
                    }
                }
            }
            section #entity-quotes {
                h2 { "Quotes" }
                @if quotes.is_empty() { p.empty { "No quotes." } }
                ul.quotes {
                    @for q in &quotes {
                        li {
                            q { (q.content) } " "
                            span.meta {
                                (format!("{:?}", q.kind).to_lowercase())
                                " · "
                                @if let Some(a) = snap.article(q.article.as_str()) {
                                    a href=(format!("/articles/{}#q-{}", a.id, q.id)) { (source_label(a)) }
                                }
                            }
                        }
                    }
                }
            }
            section #entity-events {
                h2 { "Events and timeline" }
                @if events.is_empty() { p.empty { "No events." } }
                @else {
                    (timeline::svg(&entries))
                    ol {
                        @for ev in &events {
                            li id=(format!("ev-{}", ev.id)) {
                                strong { (ev.title) } " "
                                @if let Some(d) = &ev.date { span.date { (d.value) } } @else { span.meta { "undated" } }
                                " "
                                @for m in &ev.mentions { (cite(snap, None, m)) " " }
                            }
                        }
                    }
                }
            }
            section #entity-stories {
                h2 { "Stories" }
                ul { @for s in &stories { li { a.story-link href=(format!("/stories/{}", s.id)) { (s.headline) } } } }
            }
            section #mentioned-in {
                h2 { "Mentioned in" }
                ul {
                    @for (a, n) in &per_article {
                        @if let Some(art) = snap.article(a) {
                            li { (article_link(art)) " " span.meta { (source_label(art)) " · ×" (n) } }
                        }
                    }
                }
            }
        }
    }
}

//! The story page: headline, cited summary, timeline, actors, quotes, claims, conflicts and
//! the sources.

use super::timeline;
use super::{article_link, entity_link, kind_name, source_label};
use crate::snapshot::{article_title, Snapshot};
use maud::{html, Markup};
use rustc_hash::{FxHashMap, FxHashSet};
use storyline_model::{
    Article, Attribution, ClaimStatus, ConflictKind, ConflictLabel, SentenceRef, Stance, Story,
};

/// The story's articles in source-list order (by date, then as stored), numbered from 1.
pub(crate) struct Sources<'a> {
    pub list: Vec<&'a Article>,
    pub number: FxHashMap<&'a str, usize>,
}

impl<'a> Sources<'a> {
    pub fn of(snap: &'a Snapshot, story: &Story) -> Sources<'a> {
        let mut list: Vec<&Article> = story
            .articles
            .iter()
            .filter_map(|a| snap.article(a.as_str()))
            .collect();
        list.sort_by(|a, b| {
            let da = a.published.as_ref().map(|p| p.value.as_str());
            let db = b.published.as_ref().map(|p| p.value.as_str());
            da.cmp(&db)
        });
        let number = list
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i + 1))
            .collect();
        Sources { list, number }
    }
}

/// A citation: `[n]`, linking to the sentence in its article; its text in the tooltip and
/// in data attributes for the pop-over.
pub(crate) fn cite(snap: &Snapshot, number: Option<usize>, r: &SentenceRef) -> Markup {
    let article = snap.article(r.article.as_str());
    let label = article.map(source_label).unwrap_or_default();
    let text = snap.sentence(r.article.as_str(), r.sentence).unwrap_or("");
    let n = number.map(|n| n.to_string()).unwrap_or_else(|| "↗".into());
    html! {
        a.cite href=(format!("/articles/{}#s{}", r.article, r.sentence))
            data-article=(r.article) data-sentence=(r.sentence) data-source=(label)
            data-title=(article.map(article_title).unwrap_or_default())
            data-text=(text) title=(format!("{label}: {text}")) { "[" (n) "]" }
    }
}

fn status_badge(s: ClaimStatus) -> Markup {
    let (class, text) = match s {
        ClaimStatus::Corroborated => ("badge ok", "corroborated"),
        ClaimStatus::SingleSource => ("badge single", "single source"),
        ClaimStatus::Contested => ("badge contested", "contested"),
    };
    html! { span class=(class) { (text) } }
}

fn conflict_kind(k: ConflictKind) -> &'static str {
    match k {
        ConflictKind::Role => "role",
        ConflictKind::Date => "date",
        ConflictKind::Place => "place",
        ConflictKind::Number => "number",
        ConflictKind::Published => "published",
        ConflictKind::Other => "other",
    }
}

fn subject_link(snap: &Snapshot, subject: &str) -> Markup {
    if subject.starts_with("e:") {
        entity_link(snap, subject)
    } else if let Some(a) = snap.article(subject) {
        article_link(a)
    } else if subject.starts_with("c:") {
        html! { a href=(format!("#claim-{subject}")) { "claim" } }
    } else if let Some(e) = snap.event(subject) {
        html! { a href=(format!("#ev-{}", e.id)) { (e.title) } }
    } else {
        html! { span { (subject) } }
    }
}

/// Who said it: the speaker entity's id, or the description of an anonymous one.
fn speaker_key(q: &Attribution) -> String {
    match (&q.speaker, &q.speaker_text) {
        (Some(e), _) => e.to_string(),
        (None, Some(t)) => format!("~{}", t.to_lowercase()),
        (None, None) => "~".to_string(),
    }
}

pub fn render(snap: &Snapshot, story: &Story) -> Markup {
    let sources = Sources::of(snap, story);
    let row = snap.row_of(story.id.as_str());
    let in_story: FxHashSet<&str> = story.articles.iter().map(|a| a.as_str()).collect();

    // Actors: entities of the story by mentions in its articles.
    let mut actors: Vec<(&storyline_model::Entity, usize)> = story
        .entities
        .iter()
        .filter_map(|e| snap.entity(e.as_str()))
        .map(|e| {
            let n = e
                .mentions
                .iter()
                .filter(|m| in_story.contains(m.article.as_str()))
                .count();
            (e, n)
        })
        .collect();
    actors.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.name.cmp(&b.0.name)));
    const MAX_ACTORS: usize = 60;
    let more_actors = actors.len().saturating_sub(MAX_ACTORS);
    actors.truncate(MAX_ACTORS);

    // Quotes grouped by speaker, largest group first.
    let mut groups: Vec<(String, Vec<&Attribution>)> = Vec::new();
    for a in &sources.list {
        for q in snap.quotes_in(a.id.as_str()) {
            let key = speaker_key(q);
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, v)) => v.push(q),
                None => groups.push((key, vec![q])),
            }
        }
    }
    groups.sort_by_key(|g| std::cmp::Reverse(g.1.len()));

    let events: Vec<&storyline_model::Event> = story
        .events
        .iter()
        .filter_map(|e| snap.event(e.as_str()))
        .collect();
    let entries: Vec<(Option<&str>, &storyline_model::Event)> = if story.timeline.is_empty() {
        events.iter().map(|e| (None, *e)).collect()
    } else {
        story
            .timeline
            .iter()
            .filter_map(|t| snap.event(t.event.as_str()).map(|e| (t.date.as_deref(), e)))
            .collect()
    };

    html! {
        article.story data-story=(story.id) {
            h1 { (story.headline) }
            p.meta {
                (story.articles.len()) " articles · "
                @if let Some(r) = row {
                    (r.independent_sources) " independent sources · "
                    (super::date_range(r.first_date.as_deref(), r.last_date.as_deref()))
                }
                " · " a href=(format!("/api/stories/{}", story.id)) { "JSON" }
            }

            section #summary {
                h2 { "Summary" }
                @if story.summary.is_empty() { p.empty { "No summary." } }
                @for s in &story.summary {
                    p.summary-sentence {
                        (s.text) " "
                        @for c in &s.citations { (cite(snap, sources.number.get(c.article.as_str()).copied(), c)) " " }
                    }
                }
            }

            section #timeline {
                h2 { "Timeline" }
                @if entries.is_empty() { p.empty { "No events found." } }
                @else { (timeline::svg(&entries)) }
                @if !events.is_empty() {
                    details.events {
                        summary { (events.len()) " events" }
                        ol {
                            @for e in &events {
                                li id=(format!("ev-{}", e.id)) {
                                    strong { (e.title) } " "
                                    span.badge { (format!("{:?}", e.kind).to_lowercase()) } " "
                                    @if let Some(d) = &e.date {
                                        span.date { (d.value) @if let Some(end) = &d.end { " – " (end) } }
                                        " " span.meta { "(" (format!("{:?}", d.basis).to_lowercase()) ")" }
                                    } @else { span.meta { "undated" } }
                                    @if let Some(p) = &e.place { " · in " (entity_link(snap, p.as_str())) }
                                    @if let Some(d) = &e.duration { " · lasted " (d) }
                                    @if !e.participants.is_empty() {
                                        br; span.meta { "with " }
                                        @for (i, p) in e.participants.iter().enumerate() {
                                            @if i > 0 { ", " } (entity_link(snap, p.as_str()))
                                        }
                                    }
                                    " "
                                    @for m in &e.mentions { (cite(snap, sources.number.get(m.article.as_str()).copied(), m)) " " }
                                }
                            }
                        }
                    }
                }
            }

            section #actors {
                h2 { "Actors" }
                @if actors.is_empty() { p.empty { "No named actors." } }
                @else {
                    table.actors {
                        thead { tr { th { "Name" } th { "Kind" } th { "Roles (sources)" } th.num { "Mentions" } } }
                        tbody {
                            @for (e, n) in &actors {
                                tr {
                                    td { (entity_link(snap, e.id.as_str())) }
                                    td { span.badge { (kind_name(e.kind)) } }
                                    td {
                                        @for d in e.descriptions.iter().filter(|d| d.articles.iter().any(|a| in_story.contains(a.as_str()))) {
                                            span.role {
                                                (d.text)
                                                @let outlets: Vec<String> = d.articles.iter().filter(|a| in_story.contains(a.as_str())).filter_map(|a| snap.article(a.as_str())).map(source_label).collect();
                                                " " span.meta { "(" (outlets.join("; ")) ")" }
                                            }
                                        }
                                    }
                                    td.num { (n) }
                                }
                            }
                        }
                    }
                    @if more_actors > 0 { p.meta { "… and " (more_actors) " more." } }
                }
            }

            section #quotes {
                h2 { "Quotes" }
                @if groups.is_empty() { p.empty { "No quotes." } }
                @for (_, qs) in &groups {
                    div.speaker {
                        h3 {
                            @match (&qs[0].speaker, &qs[0].speaker_text) {
                                (Some(e), _) => (entity_link(snap, e.as_str())),
                                (None, Some(t)) => span.anonymous { (t) },
                                (None, None) => span.anonymous { "unattributed" },
                            }
                            " " span.meta { (qs.len()) }
                        }
                        ul.quotes {
                            @for q in qs {
                                li class=(format!("quote {}", format!("{:?}", q.kind).to_lowercase())) {
                                    q { (q.content) }
                                    " " span.meta {
                                        (format!("{:?}", q.kind).to_lowercase())
                                        @if let Some(c) = &q.cue { ", " (c) }
                                        " · "
                                        @if let Some(a) = snap.article(q.article.as_str()) {
                                            a href=(format!("/articles/{}#q-{}", a.id, q.id)) { (source_label(a)) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }

            section #claims {
                h2 { "Claims" }
                @if story.claims.is_empty() { p.empty { "No claims checked across sources yet." } }
                ul.claims {
                    @for c in &story.claims {
                        li.claim id=(format!("claim-{}", c.id)) data-status=(format!("{:?}", c.status).to_lowercase()) {
                            (status_badge(c.status)) " "
                            span.claim-text { (c.text) } " "
                            span.meta { (c.independent_sources) @if c.independent_sources == 1 { " independent source" } @else { " independent sources" } }
                            " "
                            @for ev in &c.evidence {
                                @let r = SentenceRef { article: ev.article.clone(), sentence: ev.sentence };
                                span class=(if ev.stance == Stance::Contradicts { "evidence contradicts" } else { "evidence supports" })
                                    title=(if ev.stance == Stance::Contradicts { "contradicts" } else { "supports" }) {
                                    @if ev.stance == Stance::Contradicts { "✗" } @else { "✓" }
                                    (cite(snap, sources.number.get(ev.article.as_str()).copied(), &r))
                                }
                                " "
                            }
                        }
                    }
                }
            }

            section #conflicts {
                h2 { "Conflicts" }
                @if story.conflicts.is_empty() { p.empty { "The sources do not contradict each other on anything found." } }
                @for (i, c) in story.conflicts.iter().enumerate() {
                    div.conflict data-conflict=(i) {
                        h3 {
                            span.badge { (conflict_kind(c.kind)) } " "
                            @if c.label == ConflictLabel::Update { span.badge.update title="later reports revise an earlier value" { "update" } " " }
                            (c.about) " "
                            span.meta { "(" (subject_link(snap, &c.subject)) ")" }
                        }
                        div.values {
                            @for v in &c.values {
                                @let ids: Vec<&str> = v.articles.iter().map(|a| a.as_str()).collect();
                                div.value role="button" tabindex="0" data-articles=(ids.join(" ")) {
                                    strong.value-text { (v.value) }
                                    @for r in &v.sentences { " " (cite(snap, sources.number.get(r.article.as_str()).copied(), r)) }
                                    ul {
                                        @for a in v.articles.iter().filter_map(|a| snap.article(a.as_str())) {
                                            li {
                                                @if let Some(n) = sources.number.get(a.id.as_str()) { "[" (n) "] " }
                                                a href=(format!("/articles/{}", a.id)) { (source_label(a)) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }

            section #sources {
                h2 { "Sources" }
                (source_list(&sources))
            }
        }
    }
}

/// The sources, copies of one original (same origin group) folded under the first.
fn source_list(sources: &Sources<'_>) -> Markup {
    let mut groups: Vec<(&str, Vec<&Article>)> = Vec::new();
    for a in &sources.list {
        let key = a
            .origin_group
            .as_ref()
            .map(|g| g.as_str())
            .unwrap_or(a.id.as_str());
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(a),
            None => groups.push((key, vec![a])),
        }
    }
    let item = |a: &Article| {
        html! {
            li.source id=(format!("src-{}", a.id)) data-article=(a.id) {
                span.num { "[" (sources.number.get(a.id.as_str()).copied().unwrap_or(0)) "]" } " "
                (article_link(a)) " "
                span.meta { (source_label(a)) }
                @if let Some(d) = &a.duplicate_of { " " span.badge { "copy of " (d) } }
            }
        }
    };
    html! {
        ol.sources {
            @for (_, g) in &groups {
                (item(g[0]))
                @if g.len() > 1 {
                    li.copies {
                        details {
                            summary { (g.len() - 1) " more from the same original: "
                                @for (i, a) in g[1..].iter().enumerate() { @if i > 0 { ", " } (a.outlet.as_deref().unwrap_or(&a.origin)) } }
                            ol { @for a in &g[1..] { (item(a)) } }
                        }
                    }
                }
            }
        }
    }
}

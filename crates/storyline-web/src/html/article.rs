//! The article page: the cleaned text with entity, quote and time highlights, sentence
//! anchors for citations, what cleaning removed, and links to its stories and entities.

use super::{entity_link, kind_name, source_label};
use crate::snapshot::{article_title, Snapshot};
use maud::{html, Markup};
use rustc_hash::FxHashMap;
use storyline_model::{Article, Attribution, RemovedKind, TimeExpr};

/// One highlight layer's span: `[start, end)` in chars and what it marks.
struct Mark<T> {
    start: usize,
    end: usize,
    what: T,
}

fn active<T>(marks: &[Mark<T>], at: usize) -> Option<&Mark<T>> {
    marks.iter().find(|m| m.start <= at && at < m.end)
}

/// The article's text as markup: sentences (`id="s<n>"`) hold segments, each wrapped in
/// the quote, entity mention and time expression it falls in (outermost first). A span
/// that crosses another's boundary is cut there, so the markup always nests.
pub(crate) fn highlighted(snap: &Snapshot, a: &Article) -> Markup {
    let n = a.text.chars().count();
    // Byte offset of every char index (and of the end).
    let bytes: Vec<usize> = a
        .text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(a.text.len()))
        .collect();
    let clip = |s: usize, e: usize| (s.min(n), e.min(n));
    let mk = |s: usize, e: usize| {
        let (s, e) = clip(s, e);
        (s < e).then_some((s, e))
    };
    let quotes: Vec<Mark<&Attribution>> = snap
        .quotes_in(a.id.as_str())
        .filter_map(|q| {
            mk(q.start, q.end).map(|(start, end)| Mark {
                start,
                end,
                what: q,
            })
        })
        .collect();
    let mentions: Vec<Mark<usize>> = snap
        .mentions_in(a.id.as_str())
        .iter()
        .filter_map(|&(s, e, ent)| {
            mk(s, e).map(|(start, end)| Mark {
                start,
                end,
                what: ent,
            })
        })
        .collect();
    let times: Vec<Mark<&TimeExpr>> = snap
        .times_in(a.id.as_str())
        .filter_map(|t| {
            mk(t.start, t.end).map(|(start, end)| Mark {
                start,
                end,
                what: t,
            })
        })
        .collect();
    // Regions: each sentence, and the gaps between them.
    let mut regions: Vec<(usize, usize, Option<usize>)> = Vec::new();
    let mut at = 0;
    for (i, s) in a.sentences.iter().enumerate() {
        let (s0, s1) = clip(s.start.max(at), s.end);
        if s0 >= s1 {
            continue;
        }
        if s0 > at {
            regions.push((at, s0, None));
        }
        regions.push((s0, s1, Some(i)));
        at = s1;
    }
    if at < n {
        regions.push((at, n, None));
    }
    let mut first_of_quote: FxHashMap<&str, bool> = FxHashMap::default();
    let mut render_region = |r0: usize, r1: usize| -> Markup {
        let mut cuts: Vec<usize> = vec![r0, r1];
        for (s, e) in quotes
            .iter()
            .map(|m| (m.start, m.end))
            .chain(mentions.iter().map(|m| (m.start, m.end)))
            .chain(times.iter().map(|m| (m.start, m.end)))
        {
            for c in [s, e] {
                if c > r0 && c < r1 {
                    cuts.push(c);
                }
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        let mut out = String::new();
        for w in cuts.windows(2) {
            let (s, e) = (w[0], w[1]);
            let text = &a.text[bytes[s]..bytes[e]];
            let mut m = html! { (text) };
            if let Some(t) = active(&times, s) {
                let t = t.what;
                m = html! {
                    span.hl-time title=(format!("{:?}: {}", t.kind, t.value)) data-value=(t.value) { (m) }
                };
            }
            if let Some(men) = active(&mentions, s) {
                let e = &snap.export.entities[men.what];
                m = html! {
                    a class=(format!("hl-ent kind-{}", kind_name(e.kind))) href=(format!("/entities/{}", e.id)) title=(format!("{} ({})", e.name, kind_name(e.kind))) { (m) }
                };
            }
            if let Some(q) = active(&quotes, s) {
                let q = q.what;
                let first = first_of_quote.insert(q.id.as_str(), false).is_none();
                let speaker = q
                    .speaker
                    .as_ref()
                    .and_then(|e| snap.entity(e.as_str()))
                    .map(|e| e.name.clone())
                    .or_else(|| q.speaker_text.clone())
                    .unwrap_or_else(|| "unattributed".into());
                let kind = format!("{:?}", q.kind).to_lowercase();
                m = html! {
                    span class=(format!("hl-quote {kind}")) id=[first.then(|| format!("q-{}", q.id))]
                        data-quote=(q.id) title=(format!("{kind} quote: {speaker}")) { (m) }
                };
            }
            out.push_str(&m.into_string());
        }
        maud::PreEscaped(out)
    };
    html! {
        @for (r0, r1, sentence) in regions {
            @if let Some(i) = sentence {
                span.sent id=(format!("s{i}")) data-sentence=(i) { (render_region(r0, r1)) }
            } @else {
                (render_region(r0, r1))
            }
        }
    }
}

fn removed_kind(k: RemovedKind) -> &'static str {
    k.as_str()
}

pub fn render(snap: &Snapshot, a: &Article) -> Markup {
    let stories: Vec<_> = snap.stories_of(a.id.as_str()).collect();
    // Entities by mentions in this article.
    let mut counts: FxHashMap<usize, usize> = FxHashMap::default();
    for &(_, _, e) in snap.mentions_in(a.id.as_str()) {
        *counts.entry(e).or_default() += 1;
    }
    let mut entities: Vec<(usize, usize)> = counts.into_iter().collect();
    entities.sort_by(|x, y| {
        y.1.cmp(&x.1).then_with(|| {
            snap.export.entities[x.0]
                .name
                .cmp(&snap.export.entities[y.0].name)
        })
    });
    let quotes: Vec<&Attribution> = snap.quotes_in(a.id.as_str()).collect();
    let times: Vec<&TimeExpr> = snap.times_in(a.id.as_str()).collect();
    html! {
        article.article data-article=(a.id) {
            h1 { (article_title(a)) }
            p.meta {
                (source_label(a))
                @if let Some(p) = &a.published { " (date from " (p.source.as_str()) ")" }
                @if !a.authors.is_empty() { " · by " (a.authors.join(", ")) }
                @if let Some(l) = &a.language { " · " (l) }
                " · "
                @if let Some(u) = &a.url { a href=(u) rel="noopener noreferrer nofollow" { "original" } " · " }
                span.origin title="origin" { (a.origin) }
                " · " a href=(format!("/api/articles/{}", a.id)) { "JSON" }
            }
            @if let Some(c) = &a.published_conflict {
                p.warning { "Stated date " (c.claimed) " disagrees with the text: " q { (c.evidence) } }
            }
            @if let Some(d) = &a.duplicate_of {
                p.warning { "A copy of " a href=(format!("/articles/{d}")) { (snap.article(d.as_str()).map(article_title).unwrap_or_else(|| d.to_string())) } "." }
            }
            @if !stories.is_empty() {
                p.feeds { "In "
                    @for (i, s) in stories.iter().enumerate() {
                        @if i > 0 { ", " }
                        a.story-link href=(format!("/stories/{}", s.id)) { (s.headline) }
                    }
                }
            }
            p.legend {
                span.hl-ent.kind-person { "person" } " "
                span.hl-ent.kind-organization { "organisation" } " "
                span.hl-ent.kind-location { "place" } " "
                span.hl-quote.direct { "quote" } " "
                span.hl-time { "time" }
            }
            div.article-text { (highlighted(snap, a)) }

            section #removed {
                h2 { "Removed by cleaning" }
                @if a.removed.is_empty() { p.empty { "Nothing." } }
                ul.removed {
                    @for r in &a.removed {
                        li { span.badge { (removed_kind(r.kind)) } " " span.removed-text { (r.text) } }
                    }
                }
            }
            section #entities {
                h2 { "Names" }
                @if entities.is_empty() { p.empty { "None found." } }
                ul.entities {
                    @for (e, n) in &entities {
                        li { (entity_link(snap, snap.export.entities[*e].id.as_str())) " " span.meta { "×" (n) } }
                    }
                }
            }
            section #article-quotes {
                h2 { "Quotes" }
                @if quotes.is_empty() { p.empty { "None found." } }
                ul.quotes {
                    @for q in &quotes {
                        li {
                            a href=(format!("#q-{}", q.id)) { q { (q.content) } }
                            " — "
                            @if let Some(s) = &q.speaker { (entity_link(snap, s.as_str())) }
                            @else { (q.speaker_text.as_deref().unwrap_or("unattributed")) }
                        }
                    }
                }
            }
            section #times {
                h2 { "Times" }
                @if times.is_empty() { p.empty { "None found." } }
                ul.times {
                    @for t in &times {
                        li { (t.text) " → " code { (t.value) } }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_model::{
        ArticleId, AttributionId, AttributionKind, Entity, EntityId, EntityKind, Export, Mention,
        Span, TimeType,
    };

    fn fixture() -> Export {
        let text = "Jane <Doe> said \"we <b>won</b> on Monday\" today.".to_string();
        let id = ArticleId::parse("a:1").unwrap();
        let sentences = vec![Span::new(0, text.chars().count())];
        let article = Article {
            title: Some("T".into()),
            ..Article::new(id.clone(), "t".into(), text, sentences)
        };
        Export {
            articles: vec![article],
            entities: vec![Entity {
                id: EntityId::parse("e:1").unwrap(),
                name: "Jane <Doe>".into(),
                kind: EntityKind::Person,
                aliases: vec![],
                descriptions: vec![],
                mentions: vec![Mention {
                    article: id.clone(),
                    start: 0,
                    end: 10,
                    text: "Jane <Doe>".into(),
                }],
            }],
            attributions: vec![Attribution {
                id: AttributionId::parse("q:1").unwrap(),
                article: id.clone(),
                kind: AttributionKind::Direct,
                content: "we <b>won</b> on Monday".into(),
                start: 17,
                end: 40,
                cue: Some("said".into()),
                speaker: Some(EntityId::parse("e:1").unwrap()),
                speaker_text: None,
            }],
            // "on Monday" crosses the quote's end: it must be cut, never mis-nested.
            times: vec![TimeExpr {
                article: id,
                start: 34,
                end: 47,
                text: "Monday\" today".into(),
                kind: TimeType::Date,
                value: "2026-01-19".into(),
            }],
            ..Export::default()
        }
    }

    #[test]
    fn highlights_escape_text_and_nest() {
        let snap = Snapshot::new(fixture(), Default::default());
        let a = &snap.export.articles[0];
        let html = highlighted(&snap, a).into_string();
        assert!(!html.contains("<Doe>") && !html.contains("<b>"), "{html}");
        assert!(html.contains("&lt;b&gt;won&lt;/b&gt;"), "{html}");
        assert!(
            html.contains(r#"<a class="hl-ent kind-person" href="/entities/e:1""#),
            "{html}"
        );
        assert!(html.contains(r#"id="q-q:1""#), "{html}");
        assert!(html.contains(r#"id="s0""#), "{html}");
        // Opening and closing tags balance (the crossing time span was cut in two).
        for tag in ["span", "a"] {
            let opens = html.matches(&format!("<{tag} ")).count();
            let closes = html.matches(&format!("</{tag}>")).count();
            assert_eq!(opens, closes, "{tag} in {html}");
        }
        assert_eq!(html.matches("hl-time").count(), 2, "{html}");
        // The text itself is all there, in order, once the tags are removed.
        let mut plain = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => plain.push(c),
                _ => {}
            }
        }
        let plain = plain
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&");
        assert_eq!(plain, a.text);
    }
}

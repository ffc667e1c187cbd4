//! The web UI: server-rendered pages (maud escapes every text and attribute value), a style
//! sheet and a little vanilla JavaScript that only enhances (citation pop-overs, conflict
//! highlighting): every page works without it.

mod article;
mod entity;
mod story;
mod timeline;

use crate::api;
use crate::app::{self, App};
use crate::ingest::{Upload, WriteOutcome};
use crate::snapshot::{article_title, Snapshot};
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};
use serde::Deserialize;
use std::sync::Arc;
use storyline_core::ingest::Format;
use storyline_model::{Article, EntityKind};

const CSS: &str = include_str!("../../static/app.css");
const JS: &str = include_str!("../../static/app.js");

pub async fn css() -> Response {
    app::asset("text/css; charset=utf-8", CSS)
}

pub async fn js() -> Response {
    app::asset("text/javascript; charset=utf-8", JS)
}

/// A whole page around `body`.
fn page(title: &str, query: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · storyline" }
                link rel="stylesheet" href="/static/app.css";
                script src="/static/app.js" defer {}
            }
            body {
                header.top {
                    a.brand href="/" { "storyline" }
                    nav {
                        a href="/" { "Stories" }
                        a href="/upload" { "Add reports" }
                    }
                    form.search action="/search" method="get" role="search" {
                        input type="search" name="q" value=(query)
                            placeholder="Search articles, names, quotes" aria-label="Search";
                        button type="submit" { "Search" }
                    }
                }
                main { (body) }
                div #cite-pop .popover role="dialog" hidden {}
            }
        }
    }
}

fn respond(status: StatusCode, markup: Markup) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        markup.into_string(),
    )
        .into_response()
}

fn error_page(status: StatusCode, message: &str) -> Response {
    let title = status.canonical_reason().unwrap_or("Error");
    respond(
        status,
        page(
            title,
            "",
            html! {
                h1 { (title) }
                p.error { (message) }
                p { a href="/" { "All stories" } }
            },
        ),
    )
}

pub async fn not_found() -> Response {
    error_page(StatusCode::NOT_FOUND, "There is no such page.")
}

// ----- small shared pieces -----

/// "outlet · date", or the origin when neither is known.
pub(crate) fn source_label(a: &Article) -> String {
    let mut parts = Vec::new();
    if let Some(o) = &a.outlet {
        parts.push(o.clone());
    }
    if let Some(p) = &a.published {
        parts.push(p.value.clone());
    }
    if parts.is_empty() {
        // The file name of a path, the host and path of a URL: enough to tell sources apart.
        let origin = a.origin.trim_end_matches('/');
        let short = if origin.contains("://") {
            origin.split("://").nth(1).unwrap_or(origin)
        } else {
            origin.rsplit(['/', '\\']).next().unwrap_or(origin)
        };
        parts.push(short.to_string());
    }
    parts.join(" · ")
}

pub(crate) fn article_link(a: &Article) -> Markup {
    html! { a href=(format!("/articles/{}", a.id)) { (article_title(a)) } }
}

pub(crate) fn kind_name(k: EntityKind) -> &'static str {
    match k {
        EntityKind::Person => "person",
        EntityKind::Organization => "organization",
        EntityKind::Location => "location",
        EntityKind::Other => "other",
    }
}

pub(crate) fn entity_link(snap: &Snapshot, id: &str) -> Markup {
    match snap.entity(id) {
        Some(e) => html! {
            a class=(format!("entity kind-{}", kind_name(e.kind))) href=(format!("/entities/{}", e.id)) { (e.name) }
        },
        None => html! { span.entity { (id) } },
    }
}

fn date_range(first: Option<&str>, last: Option<&str>) -> String {
    match (first, last) {
        (Some(f), Some(l)) if f == l => f.to_string(),
        (Some(f), Some(l)) => format!("{f} – {l}"),
        _ => "undated".to_string(),
    }
}

// ----- stories list -----

pub async fn stories_page(State(app): State<Arc<App>>) -> Response {
    let snap = app.snapshot();
    let rows = snap.rows();
    let body = html! {
        h1 { "Stories" }
        p.meta {
            (rows.len()) " stories from " (snap.export.articles.len()) " articles. "
            a href="/upload" { "Add reports" }
        }
        @if rows.is_empty() {
            p.empty { "The store holds no stories yet: " a href="/upload" { "add a report" } "." }
        } @else {
            table.stories {
                thead { tr {
                    th { "Headline" } th.num { "Articles" } th.num { "Independent sources" }
                    th { "Dates" } th { "Last update" }
                } }
                tbody {
                    @for r in rows {
                        tr {
                            td { a.story-link href=(format!("/stories/{}", r.id)) { (r.headline) } }
                            td.num { (r.article_count) }
                            td.num { (r.independent_sources) }
                            td.date { (date_range(r.first_date.as_deref(), r.last_date.as_deref())) }
                            td.date {
                                @if let Some(a) = r.last_article.as_deref().and_then(|a| snap.article(a)) {
                                    a href=(format!("/articles/{}", a.id)) title=(article_title(a)) { (source_label(a)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    respond(StatusCode::OK, page("Stories", "", body))
}

pub async fn story_page(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    let snap = app.snapshot();
    match snap.story(&id) {
        Some(s) => respond(
            StatusCode::OK,
            page(&s.headline, "", story::render(&snap, s)),
        ),
        None => error_page(StatusCode::NOT_FOUND, &format!("No story {id}.")),
    }
}

pub async fn article_page(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    let snap = app.snapshot();
    match snap.article(&id) {
        Some(a) => respond(
            StatusCode::OK,
            page(&article_title(a), "", article::render(&snap, a)),
        ),
        None => error_page(StatusCode::NOT_FOUND, &format!("No article {id}.")),
    }
}

pub async fn entity_page(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    let snap = app.snapshot();
    match snap.entity(&id) {
        Some(e) => respond(StatusCode::OK, page(&e.name, "", entity::render(&snap, e))),
        None => error_page(StatusCode::NOT_FOUND, &format!("No entity {id}.")),
    }
}

// ----- search -----

#[derive(Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
}

pub async fn search_page(State(app): State<Arc<App>>, Query(q): Query<SearchQuery>) -> Response {
    let snap = app.snapshot();
    let query = q.q.unwrap_or_default();
    let r = snap.search(&query);
    let body = html! {
        h1 { "Search" }
        @if query.trim().is_empty() {
            p.empty { "Type words to find in articles, names of people, organisations and places, and quotes." }
        } @else {
            p.meta { (r.articles.len()) " articles, " (r.entities.len()) " names, " (r.quotes.len()) " quotes for “" (query) "”" }
            section #results-entities {
                h2 { "Names" }
                @if r.entities.is_empty() { p.empty { "None." } }
                ul {
                    @for e in &r.entities {
                        li {
                            (entity_link(&snap, &e.id)) " "
                            span.badge { (kind_name(e.kind)) } " "
                            span.meta { (e.mentions) " mentions" }
                            @if e.aliases.len() > 1 { span.meta { " — also " (e.aliases.join(", ")) } }
                        }
                    }
                }
            }
            section #results-articles {
                h2 { "Articles" }
                @if r.articles.is_empty() { p.empty { "None." } }
                ul.hits {
                    @for h in &r.articles {
                        li {
                            a href=(format!("/articles/{}", h.id)) { (h.title) }
                            " " span.meta { (h.outlet.as_deref().unwrap_or("")) " " (h.published.as_deref().unwrap_or("")) }
                            p.snippet { (h.snippet) }
                        }
                    }
                }
            }
            section #results-quotes {
                h2 { "Quotes" }
                @if r.quotes.is_empty() { p.empty { "None." } }
                ul.quotes {
                    @for qh in &r.quotes {
                        li {
                            q { (qh.content) }
                            " — "
                            @if let Some(s) = &qh.speaker { (entity_link(&snap, s)) }
                            @else { (qh.speaker_name.as_deref().unwrap_or("unattributed")) }
                            " "
                            a.meta href=(format!("/articles/{}#q-{}", qh.article, qh.id)) { "in context" }
                        }
                    }
                }
            }
        }
    };
    respond(StatusCode::OK, page("Search", &query, body))
}

// ----- upload -----

pub async fn upload_form(State(app): State<Arc<App>>) -> Response {
    respond(
        StatusCode::OK,
        page("Add reports", "", upload_markup(&app, None)),
    )
}

fn upload_markup(app: &App, outcome: Option<&WriteOutcome>) -> Markup {
    let snap = app.snapshot();
    html! {
        h1 { "Add reports" }
        @if let Some(o) = outcome {
            section #upload-result {
                @let new = o.articles.iter().filter(|a| a.new).count();
                p.meta { "Stored " (new) " new articles (" (o.articles.len() - new) " already stored), " (o.errors.len()) " rejected." }
                @if !o.errors.is_empty() {
                    ul.errors { @for e in &o.errors { li { code { (e) } } } }
                }
                @if !o.articles.is_empty() {
                    h2 { "Articles" }
                    ul {
                        @for a in &o.articles {
                            li {
                                @if let Some(art) = snap.article(&a.id) { (article_link(art)) } @else { (a.id) }
                                " " span.meta { (a.origin) @if !a.new { " (already stored)" } }
                            }
                        }
                    }
                }
                @if !o.stories.is_empty() {
                    h2 { "Stories updated" }
                    ul {
                        @for s in &o.stories {
                            li { @if let Some(st) = snap.story(s) { a href=(format!("/stories/{s}")) { (st.headline) } } @else { (s) } }
                        }
                    }
                }
            }
        }
        @if app.is_read_only() {
            p.error { "This server is read-only." }
        } @else {
            form.upload method="post" action="/upload" enctype="multipart/form-data" {
                fieldset {
                    legend { "Paste a report" }
                    label { "Title " input type="text" name="title"; }
                    label { "Text " textarea name="text" rows="10" {} }
                }
                fieldset {
                    legend { "Or fetch a page or feed" }
                    label { "URL " input type="url" name="url" placeholder="https://…"; }
                }
                fieldset {
                    legend { "Or upload files" }
                    input type="file" name="file" multiple;
                    p.meta { "Text, HTML, JSON, JSON Lines, RSS/Atom, WARC, or any of these gzipped; at most "
                        (app.limits.max_body / (1024 * 1024)) " MB in all." }
                }
                button type="submit" { "Add" }
            }
        }
    }
}

/// The upload form's target: a pasted report, a URL and files, in one write.
pub async fn upload(State(app): State<Arc<App>>, mut form: Multipart) -> Response {
    let mut uploads = Vec::new();
    let mut title = String::new();
    let mut text = String::new();
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return error_page(e.status(), &e.body_text()),
        };
        let name = field.name().unwrap_or("").to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = match field.bytes().await {
            Ok(b) => b,
            Err(e) => return error_page(e.status(), &e.body_text()),
        };
        match name.as_str() {
            "title" => title = String::from_utf8_lossy(&bytes).trim().to_string(),
            "text" => text = String::from_utf8_lossy(&bytes).to_string(),
            "url" => {
                let url = String::from_utf8_lossy(&bytes).trim().to_string();
                if !url.is_empty() {
                    uploads.push(Upload::Url(url));
                }
            }
            "file" => {
                let file_name = file_name.unwrap_or_default();
                if file_name.is_empty() && bytes.is_empty() {
                    continue; // the empty file input of a form sent without files
                }
                let hint = Format::from_path(std::path::Path::new(&file_name));
                uploads.push(Upload::Bytes {
                    origin: format!("upload/{file_name}"),
                    hint,
                    bytes: bytes.to_vec(),
                });
            }
            _ => {}
        }
    }
    if !text.trim().is_empty() {
        let body = if title.is_empty() {
            text
        } else {
            format!("Title: {title}\n\n{text}")
        };
        uploads.insert(
            0,
            Upload::Bytes {
                origin: "paste".into(),
                hint: Some(Format::Text),
                bytes: body.into_bytes(),
            },
        );
    }
    if uploads.is_empty() {
        return error_page(
            StatusCode::BAD_REQUEST,
            "Nothing to add: paste a report, give a URL or choose files.",
        );
    }
    match api::write(app.clone(), uploads).await {
        Ok(outcome) => {
            let status = if outcome.errors.is_empty() {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            respond(
                status,
                page("Add reports", "", upload_markup(&app, Some(&outcome))),
            )
        }
        Err(resp) => resp,
    }
}

//! RSS/Atom feeds (`feed-rs`). Items with full HTML content are articles; items with only a
//! link are fetched when the feed itself came from a URL.
//!
//! An item's content is full when its `content:encoded` / Atom `content` (or, lacking that, a
//! long description) holds at least [`FULL_TEXT_CHARS`] characters of text once tags are
//! stripped. Shorter items are teasers: their link is fetched and read as a page when the feed
//! came over HTTP; from a file or stdin they are reported, never stored as articles.
//!
//! Origins: `<origin>#<n>` (0-based item index) for items read from the feed, the item's link
//! for pages fetched from it.

use super::{fetch, text, Body, DocMeta, Format, Item, RawDoc, Source};
use crate::{Context, IngestError, Problem};
use feed_rs::model::{Entry, Feed, Text};
use storyline_model::{DateSource, Published};

/// Characters of text (tags stripped) from which an item's content counts as the article.
pub const FULL_TEXT_CHARS: usize = 500;

pub fn read(
    origin: &str,
    bytes: &[u8],
    source: Option<&Source>,
    ctx: &Context,
    sink: &mut dyn FnMut(Item),
) {
    let feed_url = match source {
        Some(Source::Url(u)) => Some(u.as_str()),
        _ => None,
    };
    let parser = feed_rs::parser::Builder::new().base_uri(feed_url).build();
    let feed = match parser.parse(bytes) {
        Ok(f) => f,
        Err(e) => return sink(Err(Problem::new(origin, IngestError::Feed(e.to_string())))),
    };
    if feed.entries.is_empty() {
        return sink(Err(Problem::new(
            origin,
            IngestError::Empty("feed has no items".into()),
        )));
    }
    for (n, entry) in feed.entries.iter().enumerate() {
        read_entry(&format!("{origin}#{n}"), &feed, entry, feed_url, ctx, sink);
    }
}

fn read_entry(
    item_origin: &str,
    feed: &Feed,
    entry: &Entry,
    feed_url: Option<&str>,
    ctx: &Context,
    sink: &mut dyn FnMut(Item),
) {
    let link = entry_link(entry, feed_url);
    let mut meta = entry_meta(feed, entry, link.clone());
    let content = entry
        .content
        .as_ref()
        .and_then(|c| {
            let body = c.body.as_deref()?;
            Some((body, c.content_type.to_string()))
        })
        .filter(|(body, _)| !body.trim().is_empty());
    let summary = entry
        .summary
        .as_ref()
        .filter(|s| !s.content.trim().is_empty());
    // The longer of content and description is the candidate body.
    let candidate = match (content, summary) {
        (Some(c), Some(s)) if text_chars(&s.content) > text_chars(c.0) => {
            Some((s.content.as_str(), s.content_type.to_string()))
        }
        (Some(c), _) => Some(c),
        (None, Some(s)) => Some((s.content.as_str(), s.content_type.to_string())),
        (None, None) => None,
    };
    let chars = candidate.as_ref().map(|(b, _)| text_chars(b)).unwrap_or(0);
    if let Some((body, mime)) = candidate.filter(|_| chars >= FULL_TEXT_CHARS) {
        if body.len() as u64 > ctx.max_doc_bytes {
            return sink(Err(Problem::new(
                item_origin,
                IngestError::TooLarge {
                    limit: ctx.max_doc_bytes,
                },
            )));
        }
        // The description is only a summary when it is not the body itself.
        if meta.summary.as_deref() == Some(strip_tags(body).as_str()) {
            meta.summary = None;
        }
        let body = if mime.starts_with("text/plain") && !has_tags(body) {
            Body::Text(body.trim().to_string())
        } else {
            Body::Html(body.to_string())
        };
        return sink(Ok(RawDoc {
            origin: item_origin.to_string(),
            body,
            meta,
        }));
    }
    let Some(link) = link else {
        let reason = if chars == 0 {
            "feed item has no content and no link".to_string()
        } else {
            format!("feed item has no link and only {chars} characters of text")
        };
        return sink(Err(Problem::new(item_origin, IngestError::Empty(reason))));
    };
    if feed_url.is_none() {
        return sink(Err(Problem::new(
            item_origin,
            IngestError::Unsupported(format!(
                "feed item has only a link ({link}); give the feed as a URL to fetch it"
            )),
        )));
    }
    sink(fetch_page(&link, meta, ctx));
}

/// Fetches an item's link and reads it as a page carrying the item's metadata.
fn fetch_page(link: &str, mut meta: DocMeta, ctx: &Context) -> Item {
    let fail = |e: IngestError| Err(Problem::new(link, e));
    let resp = match fetch::get(link, &ctx.http) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    if resp.body.len() as u64 > ctx.max_doc_bytes {
        return fail(IngestError::TooLarge {
            limit: ctx.max_doc_bytes,
        });
    }
    let format = match Format::from_content_type(resp.content_type.as_deref()) {
        Some(Format::Text) => Format::Text,
        Some(Format::Html) | None => super::detect::sniff(&resp.body),
        Some(_) => {
            return fail(IngestError::Unsupported(format!(
                "feed item link is not a page ({})",
                resp.content_type.as_deref().unwrap_or("").trim()
            )))
        }
    };
    let is_html = format != Format::Text;
    let decoded = match super::decode_text(&resp.body, is_html) {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    if decoded.trim().is_empty() {
        return fail(IngestError::Empty("no text".into()));
    }
    let body = if is_html {
        Body::Html(decoded)
    } else {
        let doc = text::parse(link, &decoded);
        let m = doc.meta;
        meta.title = meta.title.or(m.title);
        meta.published = meta.published.or(m.published);
        if meta.authors.is_empty() {
            meta.authors = m.authors;
        }
        meta.headers = m.headers;
        doc.body
    };
    Ok(RawDoc {
        origin: link.to_string(),
        body,
        meta,
    })
}

/// The item's page: an `alternate` (or untyped) link, else the first link; relative links
/// are resolved against the feed's URL.
fn entry_link(entry: &Entry, feed_url: Option<&str>) -> Option<String> {
    let link = entry
        .links
        .iter()
        .find(|l| matches!(l.rel.as_deref(), None | Some("alternate")))
        .or_else(|| entry.links.first())?;
    let href = link.href.trim();
    if href.is_empty() {
        return None;
    }
    if reqwest::Url::parse(href).is_ok() {
        return Some(href.to_string());
    }
    let base = reqwest::Url::parse(feed_url?).ok()?;
    base.join(href).ok().map(|u| u.to_string())
}

fn entry_meta(feed: &Feed, entry: &Entry, link: Option<String>) -> DocMeta {
    let published = entry.published.or(entry.updated).map(|t| Published {
        value: t.format("%Y-%m-%dT%H:%M").to_string(),
        source: DateSource::Metadata,
    });
    let mut authors: Vec<String> = Vec::new();
    for p in &entry.authors {
        let name = p.name.as_deref().unwrap_or("").trim();
        // RSS `<author>` is often `email (Name)`.
        let name = match (name.find('('), name.ends_with(')')) {
            (Some(i), true) if name[..i].contains('@') => name[i + 1..name.len() - 1].trim(),
            _ => name,
        };
        if !name.is_empty() && !name.contains('@') && !authors.iter().any(|a| a == name) {
            authors.push(name.to_string());
        }
    }
    DocMeta {
        title: entry.title.as_ref().and_then(plain),
        url: link,
        outlet: feed.title.as_ref().and_then(plain),
        published,
        authors,
        summary: entry.summary.as_ref().and_then(plain),
        language: entry.language.clone().or_else(|| feed.language.clone()),
        headers: Vec::new(),
    }
}

/// A text construct as plain text, if it has any.
fn plain(t: &Text) -> Option<String> {
    let s = strip_tags(&t.content);
    (!s.is_empty()).then_some(s)
}

fn has_tags(s: &str) -> bool {
    s.as_bytes()
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'))
}

fn text_chars(s: &str) -> usize {
    strip_tags(s).chars().count()
}

/// Text of an HTML fragment: tags (and script/style contents) dropped, common entities
/// decoded, whitespace collapsed. Good enough to measure and to show; pages go through the
/// real extractor.
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let is_tag = after[1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!' || c == '?');
        if !is_tag {
            out.push('<');
            rest = &after[1..];
            continue;
        }
        let lower: String = after
            .chars()
            .take(8)
            .collect::<String>()
            .to_ascii_lowercase();
        let skip_to = if lower.starts_with("<script") {
            "</script>"
        } else if lower.starts_with("<style") {
            "</style>"
        } else if lower.starts_with("<!--") {
            "-->"
        } else {
            ">"
        };
        match find_ci(after, skip_to) {
            Some(j) => {
                out.push(' ');
                rest = &after[j + skip_to.len()..];
            }
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    let decoded = decode_entities(&out);
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    if needle == ">" {
        return hay.find('>');
    }
    hay.to_ascii_lowercase().find(needle)
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let end = after[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|e| e + 1);
        let decoded = end.filter(|&e| after[e..].starts_with(';')).and_then(|e| {
            let name = &after[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &after[len..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;

    fn long_html(words: &str) -> String {
        let para = format!("<p>{words} The council met for five hours and agreed a budget.</p>");
        para.repeat(12)
    }

    fn rss(items: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Daily Gazette</title><link>https://gazette.example/</link>
<description>News</description><language>en</language>
{items}
</channel></rss>"#
        )
    }

    fn run(origin: &str, xml: &str, source: Option<&Source>) -> Vec<Item> {
        let mut out = Vec::new();
        read(
            origin,
            xml.as_bytes(),
            source,
            &Context::default(),
            &mut |i| out.push(i),
        );
        out
    }

    fn problem(item: &Item) -> String {
        match item {
            Err(p) => p.to_string(),
            Ok(d) => panic!("expected a problem, got {d:?}"),
        }
    }

    #[test]
    fn rss_items_with_full_content_are_articles() {
        let content = long_html("Budget &amp; taxes.");
        let xml = rss(&format!(
            r#"<item><title>Council agrees budget</title>
<link>https://gazette.example/2026/01/22/budget</link>
<description>Short teaser.</description>
<content:encoded><![CDATA[{content}]]></content:encoded>
<dc:creator>Ann Lee</dc:creator>
<pubDate>Thu, 22 Jan 2026 09:30:00 +0000</pubDate></item>
<item><title>Teaser only</title><link>https://gazette.example/b</link>
<description>Just a teaser.</description></item>"#
        ));
        let out = run("f.rss", &xml, Some(&Source::File));
        assert_eq!(out.len(), 2);
        let d = out[0].as_ref().unwrap();
        assert_eq!(d.origin, "f.rss#0");
        assert!(matches!(&d.body, Body::Html(h) if h.contains("Budget &amp; taxes.")));
        assert_eq!(d.meta.title.as_deref(), Some("Council agrees budget"));
        assert_eq!(
            d.meta.url.as_deref(),
            Some("https://gazette.example/2026/01/22/budget")
        );
        assert_eq!(d.meta.outlet.as_deref(), Some("Daily Gazette"));
        assert_eq!(d.meta.authors, vec!["Ann Lee"]);
        assert_eq!(d.meta.summary.as_deref(), Some("Short teaser."));
        assert_eq!(d.meta.language.as_deref(), Some("en"));
        assert_eq!(
            d.meta.published,
            Some(Published {
                value: "2026-01-22T09:30".into(),
                source: DateSource::Metadata
            })
        );
        assert_eq!(
            problem(&out[1]),
            "error: f.rss#1: unsupported input: feed item has only a link \
             (https://gazette.example/b); give the feed as a URL to fetch it"
        );
    }

    #[test]
    fn a_long_description_is_the_article() {
        let xml = rss(&format!(
            "<item><title>T</title><link>https://g.example/a</link><description><![CDATA[{}]]></description></item>\
             <item><title>No link</title><description>Short.</description></item>\
             <item><title>Nothing</title></item>",
            long_html("Words.")
        ));
        let out = run("-", &xml, None);
        let d = out[0].as_ref().unwrap();
        assert!(matches!(d.body, Body::Html(_)));
        assert_eq!(d.meta.summary, None);
        assert_eq!(
            problem(&out[1]),
            "error: -#1: empty: feed item has no link and only 6 characters of text"
        );
        assert_eq!(
            problem(&out[2]),
            "error: -#2: empty: feed item has no content and no link"
        );
    }

    #[test]
    fn atom_entries() {
        let content = long_html("Atom words.")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        let xml = format!(
            r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:w</id>
<updated>2026-01-23T10:00:00Z</updated>
<entry><title>Talks end</title><id>urn:1</id>
<link rel="alternate" href="https://wire.example/talks"/>
<updated>2026-01-23T10:00:00Z</updated>
<author><name>Bo Chan</name></author>
<content type="html">{content}</content></entry>
<entry><title>Plain</title><id>urn:2</id><updated>2026-01-23T10:00:00Z</updated>
<content type="text">{plain}</content></entry>
</feed>"#,
            plain = "Plain words here. ".repeat(40)
        );
        let out = run("w.atom", &xml, Some(&Source::File));
        let d = out[0].as_ref().unwrap();
        assert_eq!(d.origin, "w.atom#0");
        assert!(matches!(&d.body, Body::Html(h) if h.starts_with("<p>Atom words.")));
        assert_eq!(d.meta.authors, vec!["Bo Chan"]);
        assert_eq!(d.meta.outlet.as_deref(), Some("Wire"));
        assert_eq!(d.meta.url.as_deref(), Some("https://wire.example/talks"));
        assert_eq!(d.meta.published.as_ref().unwrap().value, "2026-01-23T10:00");
        let d = out[1].as_ref().unwrap();
        assert!(matches!(&d.body, Body::Text(t) if t.starts_with("Plain words here.")));
    }

    #[test]
    fn malformed_and_empty_feeds() {
        let out = run("f.xml", "<rss version=\"2.0\"><channel><item>", None);
        assert!(problem(&out[0]).starts_with("error: f.xml: malformed feed: "));
        let out = run("f.xml", "<html><body>no</body></html>", None);
        assert!(problem(&out[0]).starts_with("error: f.xml: malformed feed: "));
        let out = run("f.xml", &rss(""), None);
        assert_eq!(problem(&out[0]), "error: f.xml: empty: feed has no items");
    }

    #[test]
    fn links_of_a_fetched_feed_are_fetched() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            for _ in 0..2 {
                let Ok((mut s, _)) = listener.accept() else {
                    return;
                };
                let mut req = Vec::new();
                let mut buf = [0u8; 1024];
                while !req.windows(4).any(|w| w == b"\r\n\r\n") {
                    match s.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => req.extend_from_slice(&buf[..n]),
                    }
                }
                let req = String::from_utf8_lossy(&req);
                let resp = if req.starts_with("GET /a ") {
                    let body = "<html><body><p>Page A.</p></body></html>";
                    format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    )
                } else {
                    "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .to_string()
                };
                let _ = s.write_all(resp.as_bytes());
            }
        });
        let base = format!("http://{addr}/feed.xml");
        let xml = rss(
            "<item><title>A</title><link>/a</link><description>Teaser A.</description>\
             <pubDate>Fri, 23 Jan 2026 08:00:00 GMT</pubDate></item>\
             <item><title>B</title><link>/missing</link></item>",
        );
        let out = run(&base, &xml, Some(&Source::Url(base.clone())));
        let d = out[0].as_ref().unwrap();
        let link = format!("http://{addr}/a");
        assert_eq!(d.origin, link);
        assert_eq!(d.meta.url.as_deref(), Some(link.as_str()));
        assert_eq!(d.meta.title.as_deref(), Some("A"));
        assert_eq!(d.meta.outlet.as_deref(), Some("Daily Gazette"));
        assert_eq!(d.meta.published.as_ref().unwrap().value, "2026-01-23T08:00");
        assert!(matches!(&d.body, Body::Html(h) if h.contains("Page A.")));
        assert_eq!(
            problem(&out[1]),
            format!("error: http://{addr}/missing: HTTP: 404 Not Found")
        );
    }

    #[test]
    fn strips_tags_and_entities() {
        assert_eq!(
            strip_tags("<p>A &amp; B</p><script>x<y</script><!-- c --> 1 < 2 &#8217; &bogus;"),
            "A & B 1 < 2 \u{2019} &bogus;"
        );
    }
}

//! Every input format and every kind of input failure, end to end: `storyline run` then
//! `storyline export`. Fixtures are generated here; URLs are served by a tiny HTTP server on
//! 127.0.0.1.

use flate2::write::GzEncoder;
use flate2::Compression;
use serde_json::Value;
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_storyline");

// ---------------------------------------------------------------------------------------
// Fixtures

/// Four news paragraphs about a flood in the town `place`; the place name makes the article
/// unique and findable in the export.
fn paragraphs(place: &str) -> Vec<String> {
    vec![
        format!("Officials in {place} said on Tuesday that the river had risen by two metres overnight, forcing hundreds of families to leave their homes."),
        format!("The mayor of {place}, Anna Berg, told reporters that emergency shelters had been opened in three schools and that more rain was expected before the weekend."),
        format!("Residents of {place} described water reaching the first floor of houses near the old stone bridge, which the police closed to all traffic."),
        format!("A spokesman for the regional government said army engineers would arrive in {place} on Thursday to reinforce the flood barriers along the river."),
    ]
}

fn text_report(title: &str, place: &str) -> String {
    format!("{title}\n\n{}\n", paragraphs(place).join("\n\n"))
}

fn html_page(title: &str, place: &str) -> String {
    let body: String = paragraphs(place)
        .iter()
        .map(|p| format!("      <p>{p}</p>\n"))
        .collect();
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title}</title>
  <meta property="og:title" content="{title}">
</head>
<body>
  <nav><a href="/">Home</a> <a href="/world">World</a></nav>
  <main>
    <article>
      <h1>{title}</h1>
{body}    </article>
  </main>
  <footer>Copyright 2026 Example News</footer>
</body>
</html>
"#
    )
}

fn json_report(title: &str, place: &str) -> Value {
    serde_json::json!({
        "title": title,
        "text": paragraphs(place).join("\n\n"),
        "url": format!("https://news.example/{}", place.to_lowercase()),
        "outlet": "Example News",
        "published": "2026-01-20T08:15:00Z",
        "authors": ["Ann Lee"],
    })
}

fn rss_feed(items: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>River Gazette</title>
<link>https://gazette.example/</link>
<description>Local news</description>
{items}
</channel>
</rss>
"#
    )
}

fn rss_full_item(title: &str, place: &str) -> String {
    let content: String = paragraphs(place)
        .iter()
        .map(|p| format!("<p>{p}</p>"))
        .collect();
    format!(
        "<item><title>{title}</title><link>https://gazette.example/{}</link>\
         <description>A short teaser.</description>\
         <content:encoded><![CDATA[{content}]]></content:encoded>\
         <pubDate>Wed, 21 Jan 2026 10:00:00 +0000</pubDate></item>\n",
        place.to_lowercase()
    )
}

fn rss_link_item(title: &str, link: &str) -> String {
    format!(
        "<item><title>{title}</title><link>{link}</link>\
         <description>Read the full story.</description>\
         <pubDate>Thu, 22 Jan 2026 07:30:00 +0000</pubDate></item>\n"
    )
}

fn atom_feed(title: &str, place: &str) -> String {
    let content: String = paragraphs(place)
        .iter()
        .map(|p| format!("&lt;p&gt;{p}&lt;/p&gt;"))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Valley Wire</title>
  <id>urn:valley-wire</id>
  <updated>2026-01-23T12:00:00Z</updated>
  <entry>
    <title>{title}</title>
    <id>urn:valley-wire:1</id>
    <link rel="alternate" href="https://wire.example/{place}"/>
    <updated>2026-01-23T12:00:00Z</updated>
    <author><name>Bo Chan</name></author>
    <content type="html">{content}</content>
  </entry>
</feed>
"#
    )
}

/// One WARC record (with the blank lines that end it).
fn warc_record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n\
         WARC-Date: 2026-01-24T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:{kind}-{uri}>\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

/// A small crawl: warcinfo, a request, an HTML response (chunked and gzip-encoded when
/// `encoded`), a redirect and an image. Returns the records, one per element.
fn warc_records(uri: &str, title: &str, place: &str, encoded: bool) -> Vec<Vec<u8>> {
    let page = html_page(title, place).into_bytes();
    let http = if encoded {
        let zipped = gzip(&page);
        let mut chunked = Vec::new();
        for part in zipped.chunks(100) {
            chunked.extend(format!("{:x}\r\n", part.len()).into_bytes());
            chunked.extend_from_slice(part);
            chunked.extend_from_slice(b"\r\n");
        }
        chunked.extend_from_slice(b"0\r\n\r\n");
        let mut h = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\
                      Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n"
            .to_vec();
        h.extend(chunked);
        h
    } else {
        let mut h = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
            page.len()
        )
        .into_bytes();
        h.extend(page);
        h
    };
    vec![
        warc_record(
            "warcinfo",
            "",
            "application/warc-fields",
            b"software: test\r\n",
        ),
        warc_record(
            "request",
            uri,
            "application/http; msgtype=request",
            format!("GET {uri} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes(),
        ),
        warc_record("response", uri, "application/http; msgtype=response", &http),
        warc_record(
            "response",
            &format!("{uri}/old"),
            "application/http; msgtype=response",
            b"HTTP/1.1 301 Moved Permanently\r\nLocation: /\r\nContent-Length: 0\r\n\r\n",
        ),
        warc_record(
            "response",
            &format!("{uri}/logo.png"),
            "application/http; msgtype=response",
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 4\r\n\r\n\x89PNG",
        ),
    ]
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// A `.warc.gz` as crawlers write it: one gzip member per record.
fn warc_gz(records: &[Vec<u8>]) -> Vec<u8> {
    records.iter().flat_map(|r| gzip(r)).collect()
}

// ---------------------------------------------------------------------------------------
// A tiny HTTP server

struct Route {
    status: &'static str,
    headers: String,
    body: Vec<u8>,
}

fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Route {
    Route {
        status: "200 OK",
        headers: format!("Content-Type: {content_type}\r\n"),
        body: body.into(),
    }
}

/// Binds 127.0.0.1:0; `routes` gets the base URL (`http://127.0.0.1:port`) and returns the
/// routes by path. Unknown paths are 404. The server lives as long as the test process.
fn serve(routes: impl FnOnce(&str) -> HashMap<String, Route>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let routes = std::sync::Arc::new(routes(&base));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let routes = routes.clone();
            std::thread::spawn(move || handle(stream, &routes));
        }
    });
    base
}

fn handle(mut stream: TcpStream, routes: &HashMap<String, Route>) {
    let mut req = Vec::new();
    let mut buf = [0u8; 2048];
    while !req.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => req.extend_from_slice(&buf[..n]),
        }
    }
    let req = String::from_utf8_lossy(&req);
    let path = req.split_whitespace().nth(1).unwrap_or("/").to_string();
    let not_found = Route {
        status: "404 Not Found",
        headers: "Content-Type: text/plain\r\n".into(),
        body: b"not found".to_vec(),
    };
    let route = routes.get(&path).unwrap_or(&not_found);
    let mut resp = format!(
        "HTTP/1.1 {}\r\n{}Content-Length: {}\r\nConnection: close\r\n\r\n",
        route.status,
        route.headers,
        route.body.len()
    )
    .into_bytes();
    resp.extend_from_slice(&route.body);
    let _ = stream.write_all(&resp);
}

/// A URL on which nothing listens.
fn refused_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}/story")
}

// ---------------------------------------------------------------------------------------
// Running the binary

struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(db: &Path, inputs: &[&str], stdin: Option<&str>) -> Outcome {
    let mut child = Command::new(BIN)
        .arg("run")
        .args(inputs)
        .arg("--db")
        .arg(db)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        pipe.write_all(input.as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn export(db: &Path) -> Vec<Value> {
    let out = Command::new(BIN)
        .args(["export", "--db"])
        .arg(db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "export failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["schema"], "storyline/1");
    doc["articles"].as_array().unwrap().clone()
}

/// The stored article whose text mentions `place`; exactly one must.
fn article<'a>(articles: &'a [Value], place: &str) -> &'a Value {
    let found: Vec<&Value> = articles
        .iter()
        .filter(|a| a["text"].as_str().unwrap_or("").contains(place))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "articles mentioning {place}: {found:#?}\nall origins: {:?}",
        articles.iter().map(|a| &a["origin"]).collect::<Vec<_>>()
    );
    found[0]
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) -> String {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, bytes).unwrap();
    path.to_str().unwrap().to_string()
}

// ---------------------------------------------------------------------------------------
// Tests

#[test]
fn every_input_format_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let base = serve(|base| {
        let mut r = HashMap::new();
        r.insert(
            "/page".to_string(),
            ok(
                "text/html; charset=utf-8",
                html_page("Flood Page Over Http", "Httpton"),
            ),
        );
        r.insert(
            "/old-page".to_string(),
            Route {
                status: "301 Moved Permanently",
                headers: format!("Location: {base}/moved\r\n"),
                body: Vec::new(),
            },
        );
        r.insert(
            "/moved".to_string(),
            ok("text/html", html_page("Flood Page Moved", "Movedton")),
        );
        r.insert(
            "/feed.xml".to_string(),
            ok(
                "application/rss+xml",
                rss_feed(&format!(
                    "{}{}",
                    rss_link_item("Linked Flood Story One", &format!("{base}/news/1")),
                    rss_link_item("Linked Flood Story Two", "/news/2"),
                )),
            ),
        );
        r.insert(
            "/news/1".to_string(),
            ok("text/html", html_page("Page title one", "Linkton")),
        );
        r.insert(
            "/news/2".to_string(),
            ok("text/html", html_page("Page title two", "Relton")),
        );
        r.insert(
            "/crawl.warc.gz".to_string(),
            ok(
                "application/gzip",
                warc_gz(&warc_records(
                    "https://crawl.example/flood",
                    "Flood Crawled Over Http",
                    "Crawlton",
                    false,
                )),
            ),
        );
        r
    });

    let txt = write(
        &d.join("a.txt"),
        text_report("Flood Report From Text", "Textford"),
    );
    let html = write(
        &d.join("b.html"),
        html_page("Flood Report From Html", "Htmlford"),
    );
    let htm = write(
        &d.join("c.htm"),
        html_page("Flood Report From Htm", "Htmford"),
    );
    let json_obj = write(
        &d.join("d.json"),
        json_report("Flood Report From Json", "Jsonford").to_string(),
    );
    let json_arr = write(
        &d.join("e.json"),
        Value::Array(vec![
            json_report("Flood Report From Array Zero", "Arrayzero"),
            json_report("Flood Report From Array One", "Arrayone"),
        ])
        .to_string(),
    );
    let jsonl = write(
        &d.join("f.jsonl"),
        format!(
            "{}\n\n{}\n",
            json_report("Flood Report From Line One", "Lineone"),
            json_report("Flood Report From Line Three", "Linethree")
        ),
    );
    let rss = write(
        &d.join("g.rss"),
        rss_feed(&rss_full_item("Flood Report From Rss", "Rssford")),
    );
    let atom = write(
        &d.join("h.atom"),
        atom_feed("Flood Report From Atom", "Atomford"),
    );
    let warc = write(
        &d.join("i.warc"),
        warc_records(
            "https://crawl.example/warc",
            "Flood From Warc",
            "Warcford",
            false,
        )
        .concat(),
    );
    let warc_gz_path = write(
        &d.join("j.warc.gz"),
        warc_gz(&warc_records(
            "https://crawl.example/warcgz",
            "Flood From Warc Gz",
            "Warcgzford",
            true,
        )),
    );
    let txt_gz = write(
        &d.join("k.txt.gz"),
        gzip(text_report("Flood Report From Gzipped Text", "Gztextford").as_bytes()),
    );
    let html_gz = write(
        &d.join("x.html.gz"),
        gzip(html_page("Flood Report From Gzipped Html", "Gzhtmlford").as_bytes()),
    );
    let folder = d.join("folder");
    write(
        &folder.join("one.txt"),
        text_report("Flood Report In Folder", "Folderone"),
    );
    write(
        &folder.join("nested/deeper/two.html"),
        html_page("Flood Report Nested In Folder", "Foldertwo"),
    );
    write(
        &folder.join("nested/three.jsonl"),
        format!(
            "{}\n",
            json_report("Flood Report Nested Jsonl", "Folderthree")
        ),
    );
    write(
        &folder.join(".hidden.txt"),
        text_report("Hidden Flood Report", "Hiddenford"),
    );
    let folder = folder.to_str().unwrap().to_string();
    let page_url = format!("{base}/page");
    let redirect_url = format!("{base}/old-page");
    let feed_url = format!("{base}/feed.xml");
    let warc_url = format!("{base}/crawl.warc.gz");

    let db = d.join("s.db");
    let inputs = [
        txt.as_str(),
        &html,
        &htm,
        &json_obj,
        &json_arr,
        &jsonl,
        &rss,
        &atom,
        &warc,
        &warc_gz_path,
        &txt_gz,
        &html_gz,
        &folder,
        "-",
        &page_url,
        &redirect_url,
        &feed_url,
        &warc_url,
    ];
    let out = run(
        &db,
        &inputs,
        Some(&text_report("Flood Report From Stdin", "Stdinford")),
    );
    assert_eq!(
        out.code, 0,
        "stdout:\n{}\nstderr:\n{}",
        out.stdout, out.stderr
    );
    assert!(!out.stderr.contains("error:"), "{}", out.stderr);

    let articles = export(&db);
    let places = [
        "Textford",
        "Htmlford",
        "Htmford",
        "Jsonford",
        "Arrayzero",
        "Arrayone",
        "Lineone",
        "Linethree",
        "Rssford",
        "Atomford",
        "Warcford",
        "Warcgzford",
        "Gztextford",
        "Gzhtmlford",
        "Folderone",
        "Foldertwo",
        "Folderthree",
        "Stdinford",
        "Httpton",
        "Movedton",
        "Linkton",
        "Relton",
        "Crawlton",
    ];
    for place in places {
        article(&articles, place);
    }
    assert_eq!(articles.len(), places.len(), "{articles:#?}");
    assert!(!articles
        .iter()
        .any(|a| a["text"].as_str().unwrap().contains("Hiddenford")));
    assert!(
        out.stdout.contains(&format!("new {}", places.len())),
        "{}",
        out.stdout
    );

    // Origins as given, with item suffixes for containers.
    let origin = |place: &str| {
        article(&articles, place)["origin"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(origin("Textford"), txt);
    assert_eq!(origin("Jsonford"), json_obj);
    assert_eq!(origin("Arrayone"), format!("{json_arr}#1"));
    assert_eq!(origin("Linethree"), format!("{jsonl}:3"));
    assert_eq!(origin("Rssford"), format!("{rss}#0"));
    assert_eq!(origin("Atomford"), format!("{atom}#0"));
    assert_eq!(
        origin("Warcford"),
        format!("{warc}#https://crawl.example/warc")
    );
    assert_eq!(
        origin("Warcgzford"),
        format!("{warc_gz_path}#https://crawl.example/warcgz")
    );
    assert_eq!(origin("Gzhtmlford"), html_gz);
    assert_eq!(origin("Stdinford"), "-");
    assert_eq!(origin("Httpton"), page_url);
    assert_eq!(origin("Linkton"), format!("{base}/news/1"));
    assert_eq!(origin("Relton"), format!("{base}/news/2"));
    assert_eq!(
        origin("Crawlton"),
        format!("{warc_url}#https://crawl.example/flood")
    );
    assert!(origin("Foldertwo").ends_with("folder/nested/deeper/two.html"));

    // Metadata the containers gave.
    let a = article(&articles, "Textford");
    assert_eq!(a["title"], "Flood Report From Text");
    let a = article(&articles, "Jsonford");
    assert_eq!(a["title"], "Flood Report From Json");
    assert_eq!(a["url"], "https://news.example/jsonford");
    assert_eq!(a["outlet"], "Example News");
    assert_eq!(a["authors"], serde_json::json!(["Ann Lee"]));
    assert_eq!(a["published"]["value"], "2026-01-20T08:15");
    assert_eq!(a["published"]["source"], "metadata");
    let a = article(&articles, "Rssford");
    assert_eq!(a["title"], "Flood Report From Rss");
    assert_eq!(a["outlet"], "River Gazette");
    assert_eq!(a["url"], "https://gazette.example/rssford");
    assert_eq!(a["published"]["value"], "2026-01-21T10:00");
    let a = article(&articles, "Atomford");
    assert_eq!(a["title"], "Flood Report From Atom");
    assert_eq!(a["authors"], serde_json::json!(["Bo Chan"]));
    let a = article(&articles, "Linkton");
    // The feed item's metadata wins over the page's own.
    assert_eq!(a["title"], "Linked Flood Story One");
    assert_eq!(a["url"], format!("{base}/news/1"));
    assert_eq!(a["outlet"], "River Gazette");
    assert_eq!(a["published"]["value"], "2026-01-22T07:30");
    assert_eq!(
        article(&articles, "Warcford")["url"],
        "https://crawl.example/warc"
    );
    assert_eq!(
        article(&articles, "Crawlton")["url"],
        "https://crawl.example/flood"
    );

    // Running again adds nothing.
    let again = run(
        &db,
        &inputs,
        Some(&text_report("Flood Report From Stdin", "Stdinford")),
    );
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again
            .stdout
            .contains(&format!("new 0 · duplicate {}", places.len())),
        "{}",
        again.stdout
    );
    assert_eq!(export(&db).len(), places.len());
}

#[test]
fn every_failure_is_reported_and_the_good_inputs_are_stored() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let base = serve(|base| {
        let mut r = HashMap::new();
        r.insert(
            "/good".to_string(),
            ok("text/html", html_page("Good Page Over Http", "Goodhttpton")),
        );
        r.insert(
            "/feed.xml".to_string(),
            ok(
                "application/rss+xml",
                rss_feed(&format!(
                    "{}{}",
                    rss_link_item("Good Linked Story", &format!("{base}/news/good")),
                    rss_link_item("Gone Linked Story", &format!("{base}/news/gone")),
                )),
            ),
        );
        r.insert(
            "/news/good".to_string(),
            ok("text/html", html_page("Good linked page", "Goodlinkton")),
        );
        r.insert(
            "/empty".to_string(),
            ok(
                "text/html",
                "<html><head><title>x</title></head><body></body></html>",
            ),
        );
        r
    });

    let good_txt = write(
        &d.join("good.txt"),
        text_report("Good Text Report", "Goodtextford"),
    );
    let missing = d.join("missing.txt").to_str().unwrap().to_string();
    // A folder holding a good report and a broken symlink.
    let folder = d.join("folder");
    write(
        &folder.join("fine.txt"),
        text_report("Good Folder Report", "Goodfolderford"),
    );
    let dangling = folder.join("dangling.txt");
    std::os::unix::fs::symlink(d.join("nowhere.txt"), &dangling).unwrap();
    let folder = folder.to_str().unwrap().to_string();
    let junk: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    let junk = write(&d.join("junk.dat"), junk);
    let zero = write(&d.join("zero.txt"), "");
    let blank = write(&d.join("blank.txt"), "  \n\n \t\n");
    let empty_page = write(
        &d.join("empty.html"),
        "<!DOCTYPE html><html><head><title>Nothing</title></head><body></body></html>",
    );
    let full = gzip(text_report("Never Stored Report", "Brokengzford").as_bytes());
    let broken_gz = write(&d.join("broken.txt.gz"), &full[..full.len() / 2]);
    let lines = write(
        &d.join("lines.jsonl"),
        format!(
            "{}\n{{\"title\": \"bad\", \"text\": \n{}\n{{\"title\": \"no body\"}}\n",
            json_report("Good Line One", "Goodlineone"),
            json_report("Good Line Three", "Goodlinethree"),
        ),
    );
    let bad_feed = write(
        &d.join("bad.rss"),
        "<rss version=\"2.0\"><channel><title>x</title><item>",
    );
    let link_feed = write(
        &d.join("links.rss"),
        rss_feed(&rss_link_item(
            "Only A Link",
            "https://gazette.example/only-link",
        )),
    );
    let mut warc = warc_records(
        "https://crawl.example/kept",
        "Kept From Warc",
        "Keptwarcford",
        false,
    )
    .concat();
    // The sixth record (an HTML response) is cut off half way.
    let cut = warc_records(
        "https://crawl.example/cut",
        "Cut From Warc",
        "Cutwarcford",
        false,
    )
    .swap_remove(2);
    warc.extend_from_slice(&cut[..cut.len() / 2]);
    let warc = write(&d.join("cut.warc"), warc);
    let url_404 = format!("{base}/missing");
    let url_refused = refused_url();
    let url_empty = format!("{base}/empty");
    let url_good = format!("{base}/good");
    let url_feed = format!("{base}/feed.xml");

    let db = d.join("s.db");
    let out = run(
        &db,
        &[
            &good_txt,
            &missing,
            &folder,
            &junk,
            &zero,
            &blank,
            &empty_page,
            &broken_gz,
            &lines,
            &bad_feed,
            &link_feed,
            &warc,
            &url_404,
            &url_refused,
            &url_empty,
            &url_good,
            &url_feed,
        ],
        None,
    );
    assert_eq!(
        out.code, 1,
        "stdout:\n{}\nstderr:\n{}",
        out.stdout, out.stderr
    );
    let errors: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    let expect = |prefix: String| {
        assert!(
            errors.iter().any(|l| l.starts_with(&prefix)),
            "no stderr line starts with {prefix:?}:\n{}",
            out.stderr
        );
    };
    expect(format!("error: {missing}: cannot read: "));
    expect(format!("error: {}: cannot read: ", dangling.display()));
    expect(format!("error: {junk}: not text: "));
    expect(format!("error: {zero}: empty: "));
    expect(format!("error: {blank}: empty: "));
    expect(format!("error: {empty_page}: empty: "));
    expect(format!("error: {broken_gz}: broken gzip: "));
    expect(format!("error: {lines}:2: malformed JSON: "));
    expect(format!(
        "error: {lines}:4: malformed JSON: object has no \"text\" or \"html\""
    ));
    expect(format!("error: {bad_feed}: malformed feed: "));
    expect(format!(
        "error: {link_feed}#0: unsupported input: feed item has only a link (https://gazette.example/only-link)"
    ));
    expect(format!(
        "error: {warc}#record6: malformed WARC: truncated record"
    ));
    expect(format!("error: {url_404}: HTTP: 404 Not Found"));
    expect(format!("error: {url_refused}: HTTP: cannot connect"));
    expect(format!("error: {url_empty}: empty: "));
    expect(format!("error: {base}/news/gone: HTTP: 404 Not Found"));
    assert_eq!(errors.len(), 16, "{}", out.stderr);
    // Every problem line is one line: `error: <origin>: <reason>`.
    for l in &errors {
        let rest = &l["error: ".len()..];
        assert!(rest.contains(": "), "{l}");
    }

    let articles = export(&db);
    let good = [
        "Goodtextford",
        "Goodfolderford",
        "Goodlineone",
        "Goodlinethree",
        "Keptwarcford",
        "Goodhttpton",
        "Goodlinkton",
    ];
    for place in good {
        article(&articles, place);
    }
    assert_eq!(articles.len(), good.len(), "{articles:#?}");
    assert_eq!(
        article(&articles, "Goodlinethree")["origin"],
        format!("{lines}:3")
    );
    assert!(out.stdout.contains("rejected 16"), "{}", out.stdout);
}

#[test]
fn a_single_bad_input_exits_one_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let missing = dir.path().join("nope.html");
    let out = run(&db, &[missing.to_str().unwrap()], None);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        out.stderr.trim(),
        format!(
            "error: {}: cannot read: No such file or directory (os error 2)",
            missing.display()
        )
    );
    assert!(export(&db).is_empty());
}

//! The JSON API and the pages over a real server on loopback, with the seed reports.

mod common;

use common::{client, esc, get, json, seed_app, Server};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::sync::mpsc;
use storyline_web::Limits;

fn seed_server() -> (tempfile::TempDir, Server) {
    let dir = tempfile::tempdir().unwrap();
    let app = seed_app(&dir, Limits::default());
    (dir, Server::start(app))
}

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn api_serves_stories_articles_entities_export_and_search() {
    let (_dir, s) = seed_server();
    let c = client();

    let (status, body, _) = get(&c, &s, "/api/export");
    assert_eq!(status, 200);
    let export = json(&body);
    assert_eq!(export["schema"], "storyline/1");
    assert_eq!(export["articles"].as_array().unwrap().len(), 5);

    let (status, body, _) = get(&c, &s, "/api/stories");
    assert_eq!(status, 200);
    let list = json(&body)["stories"].as_array().unwrap().clone();
    assert_eq!(list.len(), export["stories"].as_array().unwrap().len());
    assert!(!list.is_empty());
    let total: u64 = list
        .iter()
        .map(|r| r["article_count"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 5, "every seed report is in one story");
    // Newest first.
    let lasts: Vec<Option<&str>> = list.iter().map(|r| r["last_date"].as_str()).collect();
    let mut sorted = lasts.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(lasts, sorted);

    for row in &list {
        let id = row["id"].as_str().unwrap();
        let (status, body, _) = get(&c, &s, &format!("/api/stories/{id}"));
        assert_eq!(status, 200, "{body}");
        let doc = json(&body);
        assert_eq!(doc["schema"], "storyline/1");
        assert_eq!(doc["stories"][0]["id"], id);
        let story_articles = ids(&doc["stories"][0]["articles"]);
        assert_eq!(
            story_articles.len() as u64,
            row["article_count"].as_u64().unwrap()
        );
        let doc_articles: Vec<String> = doc["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap().to_string())
            .collect();
        for a in &doc_articles {
            assert!(story_articles.contains(a));
        }
        for q in doc["attributions"].as_array().unwrap() {
            assert!(story_articles.contains(&q["article"].as_str().unwrap().to_string()));
        }
        // The same as `export?story=`.
        let (_, body2, _) = get(&c, &s, &format!("/api/export?story={id}"));
        assert_eq!(json(&body2), doc);
    }

    for a in export["articles"].as_array().unwrap() {
        let id = a["id"].as_str().unwrap();
        let (status, body, _) = get(&c, &s, &format!("/api/articles/{id}"));
        assert_eq!(status, 200);
        let v = json(&body);
        assert_eq!(v["text"], a["text"]);
        assert_eq!(v["stories"].as_array().unwrap().len(), 1);
        for key in ["entities", "attributions", "times", "events"] {
            assert!(v[key].is_array(), "{key}");
        }
        for q in v["attributions"].as_array().unwrap() {
            assert_eq!(q["article"], id);
        }
    }

    let entity = &export["entities"][0];
    let eid = entity["id"].as_str().unwrap();
    let (status, body, _) = get(&c, &s, &format!("/api/entities/{eid}"));
    assert_eq!(status, 200);
    let v = json(&body);
    assert_eq!(v["name"], entity["name"]);
    assert!(!v["stories"].as_array().unwrap().is_empty());

    // Search: full text, names and quotes.
    let (status, body, _) = get(&c, &s, "/api/search?q=zelenskyy");
    assert_eq!(status, 200);
    let r = json(&body);
    assert!(!r["articles"].as_array().unwrap().is_empty());
    assert!(r["entities"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["name"].as_str().unwrap().contains("Zelensk")));
    let (_, body, _) = get(&c, &s, "/api/search?q=ready%20for%20compromises");
    let r = json(&body);
    assert!(r["quotes"].as_array().unwrap().iter().any(|q| q["content"]
        .as_str()
        .unwrap()
        .contains("ready for compromises")));
    let (_, body, _) = get(&c, &s, "/api/search?q=qqxxzzyy");
    let r = json(&body);
    assert!(r["articles"].as_array().unwrap().is_empty());
}

#[test]
fn api_errors_are_json_with_status_codes() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(seed_app(&dir, Limits { max_body: 4096 }));
    let c = client();
    let check = |resp: reqwest::blocking::Response, status: u16, needle: &str| {
        assert_eq!(resp.status().as_u16(), status);
        let ct = resp
            .headers()
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert!(ct.starts_with("application/json"), "{ct}");
        let v = json(&resp.text().unwrap());
        let msg = v["error"].as_str().expect("an error message");
        assert!(msg.contains(needle), "{msg:?} lacks {needle:?}");
    };
    check(
        c.get(s.url("/api/stories/s:0000000000000000"))
            .send()
            .unwrap(),
        404,
        "no such story",
    );
    check(
        c.get(s.url("/api/stories/nope")).send().unwrap(),
        400,
        "not a story id",
    );
    check(
        c.get(s.url("/api/articles/a:00")).send().unwrap(),
        404,
        "no such article",
    );
    check(
        c.get(s.url("/api/entities/x")).send().unwrap(),
        400,
        "not a entity id",
    );
    check(
        c.get(s.url("/api/nope")).send().unwrap(),
        404,
        "no such API route",
    );
    check(
        c.get(s.url("/api/search")).send().unwrap(),
        400,
        "missing query",
    );
    check(c.delete(s.url("/api/stories")).send().unwrap(), 405, "");
    check(
        c.post(s.url("/api/articles"))
            .header("content-type", "text/plain")
            .body(vec![b'a'; 10_000])
            .send()
            .unwrap(),
        413,
        "larger than the limit",
    );
    check(
        c.post(s.url("/api/articles")).body("   ").send().unwrap(),
        400,
        "nothing to ingest",
    );
    // Nothing was stored by any of these.
    assert_eq!(s.app.snapshot().export.articles.len(), 5);
}

#[test]
fn post_stores_a_batch_lists_bad_items_and_updates_stories() {
    let (_dir, s) = seed_server();
    let c = client();
    let before = s.app.snapshot().export.articles.len();
    let batch = json!([
        {"title": "Harbour ferry runs aground near Port Ellis",
         "text": "A passenger ferry ran aground near Port Ellis on Tuesday, the coast guard said. \"Everyone is safe,\" said harbour master Ana Ruiz. Forty passengers were taken ashore.",
         "outlet": "example.org", "published": "2026-02-03"},
        {"title": "Ferry aground at Port Ellis, all passengers safe",
         "text": "All forty passengers of a ferry that ran aground near Port Ellis on Tuesday are safe, harbour master Ana Ruiz said. The coast guard is investigating.",
         "outlet": "example.net", "published": "2026-02-03"},
        {"title": "nothing here"}
    ]);
    let resp = c
        .post(s.url("/api/articles"))
        .header("content-type", "application/json")
        .body(batch.to_string())
        .send()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 422);
    let v = json(&resp.text().unwrap());
    let errors = ids(&v["errors"]);
    assert_eq!(errors.len(), 1, "{v}");
    assert!(errors[0].starts_with("error: api#2: "), "{}", errors[0]);
    assert_eq!(v["error"], errors[0]);
    let stored = v["articles"].as_array().unwrap();
    assert_eq!(stored.len(), 2);
    assert!(stored.iter().all(|a| a["new"] == true));
    assert_eq!(stored[0]["origin"], "api#0");
    let touched = ids(&v["stories"]);
    assert!(!touched.is_empty());
    assert_eq!(s.app.snapshot().export.articles.len(), before + 2);
    // The stories touched hold the new articles.
    let new_ids: Vec<&str> = stored.iter().map(|a| a["id"].as_str().unwrap()).collect();
    for sid in &touched {
        let (status, body, _) = get(&c, &s, &format!("/api/stories/{sid}"));
        assert_eq!(status, 200);
        let story_articles = ids(&json(&body)["stories"][0]["articles"]);
        assert!(new_ids
            .iter()
            .any(|a| story_articles.iter().any(|x| x == a)));
    }
    // The same reports again: nothing new, 200.
    let resp = c
        .post(s.url("/api/articles"))
        .header("content-type", "application/json")
        .body(json!([batch[0], batch[1]]).to_string())
        .send()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let v = json(&resp.text().unwrap());
    assert!(v["articles"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["new"] == false));
    assert!(v["errors"].as_array().unwrap().is_empty());
    assert_eq!(s.app.snapshot().export.articles.len(), before + 2);

    // A plain-text report with an origin; then it is found by search.
    let resp = c
        .post(s.url("/api/articles?origin=desk/note.txt"))
        .header("content-type", "text/plain")
        .body("Lighthouse keeper retires\n\nThe last lighthouse keeper of Port Ellis, Tomas Brandt, retired on Friday after forty years.")
        .send()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 201);
    let v = json(&resp.text().unwrap());
    assert_eq!(v["articles"][0]["origin"], "desk/note.txt");
    let (_, body, _) = get(&c, &s, "/api/search?q=lighthouse%20keeper");
    let r = json(&body);
    assert_eq!(r["articles"][0]["id"], v["articles"][0]["id"]);
}

/// A one-shot HTTP server on loopback that answers only when told to, and says when the
/// request arrived.
fn held_server(body: &'static str) -> (String, mpsc::Receiver<()>, mpsc::Sender<()>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/report.txt", listener.local_addr().unwrap());
    let (arrived_tx, arrived_rx) = mpsc::channel();
    let (release_tx, release_rx) = mpsc::channel::<()>();
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut buf = [0u8; 4096];
        let mut req = Vec::new();
        while !req.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = stream.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            req.extend_from_slice(&buf[..n]);
        }
        arrived_tx.send(()).unwrap();
        let _ = release_rx.recv();
        let resp = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(resp.as_bytes()).unwrap();
    });
    (url, arrived_rx, release_tx)
}

#[test]
fn readers_are_answered_while_a_write_runs_and_urls_are_fetched() {
    let (_dir, s) = seed_server();
    let c = client();
    let (url, arrived, release) = held_server(
        "Storm closes Port Ellis harbour\n\nA winter storm closed the harbour of Port Ellis on Monday, the port authority said.",
    );
    let before = s.app.snapshot().export.articles.len();
    let post_url = s.url("/api/articles");
    let writer = std::thread::spawn(move || {
        let resp = client()
            .post(post_url)
            .header("content-type", "application/json")
            .body(json!({ "url": url }).to_string())
            .send()
            .unwrap();
        (resp.status().as_u16(), resp.text().unwrap())
    });
    // The write is now under way (it holds the writer while fetching).
    arrived.recv().unwrap();
    for path in ["/api/stories", "/api/export", "/"] {
        let (status, body, _) = get(&c, &s, path);
        assert_eq!(status, 200, "{path}");
        if path == "/api/export" {
            assert_eq!(json(&body)["articles"].as_array().unwrap().len(), before);
        }
    }
    assert!(!writer.is_finished(), "the write waited for the fetch");
    release.send(()).unwrap();
    let (status, body) = writer.join().unwrap();
    assert_eq!(status, 201, "{body}");
    let v = json(&body);
    assert!(v["articles"][0]["origin"]
        .as_str()
        .unwrap()
        .ends_with("/report.txt"));
    let (_, body, _) = get(&c, &s, "/api/export");
    assert_eq!(
        json(&body)["articles"].as_array().unwrap().len(),
        before + 1
    );

    // A URL that cannot be fetched is one error line; nothing else changes.
    let resp = c
        .post(s.url("/api/articles?url=ftp://example.invalid/x"))
        .send()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 422);
    let v = json(&resp.text().unwrap());
    assert!(v["error"]
        .as_str()
        .unwrap()
        .starts_with("error: ftp://example.invalid/x: "));
}

#[test]
fn openapi_lists_every_route_and_every_listed_route_answers() {
    let (_dir, s) = seed_server();
    let c = client();
    let (status, body, _) = get(&c, &s, "/api/openapi.json");
    assert_eq!(status, 200);
    let doc = json(&body);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    let mut listed: Vec<(String, String)> = paths
        .iter()
        .flat_map(|(p, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.to_uppercase(), p.clone()))
        })
        .collect();
    listed.sort();
    let mut routes: Vec<(String, String)> = [
        ("GET", "/api/stories"),
        ("GET", "/api/stories/{id}"),
        ("GET", "/api/articles/{id}"),
        ("POST", "/api/articles"),
        ("GET", "/api/entities/{id}"),
        ("GET", "/api/search"),
        ("GET", "/api/export"),
        ("GET", "/api/openapi.json"),
    ]
    .iter()
    .map(|(m, p)| (m.to_string(), p.to_string()))
    .collect();
    routes.sort();
    assert_eq!(listed, routes);
    // Every `$ref` resolves.
    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    if k == "$ref" {
                        out.push(x.as_str().unwrap().to_string());
                    } else {
                        refs(x, out);
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(!all.is_empty());
    for r in all {
        let ptr = r.trim_start_matches('#');
        assert!(doc.pointer(ptr).is_some(), "dangling {r}");
    }
    // Every listed GET route answers on the server (ids from the store).
    let snap = s.app.snapshot();
    for (m, p) in &listed {
        if m != "GET" {
            continue;
        }
        let path = p
            .replace(
                "/stories/{id}",
                &format!("/stories/{}", snap.export.stories[0].id),
            )
            .replace(
                "/articles/{id}",
                &format!("/articles/{}", snap.export.articles[0].id),
            )
            .replace(
                "/entities/{id}",
                &format!("/entities/{}", snap.export.entities[0].id),
            )
            .replace("/search", "/search?q=putin");
        let (status, body, _) = get(&c, &s, &path);
        assert_eq!(status, 200, "{path}: {body}");
    }
}

#[test]
fn pages_render_the_seeds_and_time_the_story_page() {
    let (_dir, s) = seed_server();
    let c = client();
    let snap = s.app.snapshot();
    let (status, home, _) = get(&c, &s, "/");
    assert_eq!(status, 200);
    common::assert_no_repeated_attributes(&home, "stories page");
    for st in &snap.export.stories {
        assert!(home.contains(&esc(&st.headline)), "{}", st.headline);
        assert!(home.contains(&format!("href=\"/stories/{}\"", st.id)));
    }
    let mut times = Vec::new();
    for st in &snap.export.stories {
        let (status, page, ms) = get(&c, &s, &format!("/stories/{}", st.id));
        assert_eq!(status, 200);
        common::assert_no_repeated_attributes(&page, "story page");
        times.push(ms);
        for section in [
            "id=\"summary\"",
            "id=\"timeline\"",
            "id=\"actors\"",
            "id=\"quotes\"",
            "id=\"claims\"",
            "id=\"conflicts\"",
            "id=\"sources\"",
        ] {
            assert!(page.contains(section), "{section}");
        }
        let citations: usize = st.summary.iter().map(|s| s.citations.len()).sum();
        assert!(page.matches("class=\"cite\"").count() >= citations);
        for sent in &st.summary {
            assert!(page.contains(&esc(&sent.text)), "{}", sent.text);
        }
        if st.timeline.iter().any(|t| t.date.is_some()) {
            assert!(page.contains("<svg"), "a drawn timeline");
        }
        for a in &st.articles {
            assert!(page.contains(&format!("id=\"src-{a}\"")), "source {a}");
        }
        for c in &st.claims {
            assert!(page.contains(&esc(&c.text)));
        }
        for c in &st.conflicts {
            for v in &c.values {
                assert!(page.contains(&esc(&v.value)));
            }
        }
    }
    // Several loads of the biggest story: the figure is printed (and recorded in the
    // report), not asserted — no timed tests.
    let biggest = snap
        .export
        .stories
        .iter()
        .max_by_key(|s| s.articles.len())
        .unwrap();
    for _ in 0..5 {
        times.push(get(&c, &s, &format!("/stories/{}", biggest.id)).2);
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "story page server time over the seeds: median {:.2} ms, max {:.2} ms ({} loads)",
        times[times.len() / 2],
        times[times.len() - 1],
        times.len()
    );

    for a in &snap.export.articles {
        let (status, page, _) = get(&c, &s, &format!("/articles/{}", a.id));
        assert_eq!(status, 200);
        common::assert_no_repeated_attributes(&page, "article page");
        for i in 0..a.sentences.len() {
            assert!(page.contains(&format!("id=\"s{i}\"")), "sentence {i}");
        }
        assert!(page.contains("id=\"removed\""));
        for st in snap.stories_of(a.id.as_str()) {
            assert!(page.contains(&format!("href=\"/stories/{}\"", st.id)));
        }
        for &(_, _, e) in snap.mentions_in(a.id.as_str()) {
            let e = &snap.export.entities[e];
            assert!(page.contains(&format!("href=\"/entities/{}\"", e.id)));
        }
        if snap.quotes_in(a.id.as_str()).next().is_some() {
            assert!(page.contains("hl-quote"));
        }
        if snap.times_in(a.id.as_str()).next().is_some() {
            assert!(page.contains("hl-time"));
        }
    }
    for e in snap.export.entities.iter().take(15) {
        let (status, page, _) = get(&c, &s, &format!("/entities/{}", e.id));
        assert_eq!(status, 200);
        common::assert_no_repeated_attributes(&page, "entity page");
        assert!(page.contains(&esc(&e.name)));
        for alias in &e.aliases {
            assert!(page.contains(&esc(alias)));
        }
    }
    let (status, page, _) = get(&c, &s, "/search?q=Witkoff");
    assert_eq!(status, 200);
    common::assert_no_repeated_attributes(&page, "search page");
    assert!(page.contains("id=\"results-articles\""));
    assert!(page.contains("Witkoff"));
    let (status, _, _) = get(&c, &s, "/stories/s:0000000000000000");
    assert_eq!(status, 404);
    let (status, _, _) = get(&c, &s, "/no/such/page");
    assert_eq!(status, 404);
    let (status, css, _) = get(&c, &s, "/static/app.css");
    assert_eq!(status, 200);
    assert!(css.contains(".cite"));
}

#[test]
fn every_page_escapes_text_from_reports() {
    let (_dir, s) = seed_server();
    let c = client();
    let evil = json!({
        "title": "Mayor <script>alert('t')</script> resigns",
        "text": "Mayor Karl <script>alert('x')</script> Weber resigned on Monday, the council said. \"I <b>quit</b> <img src=x onerror=alert(1)>,\" Weber said. The city of Port Ellis thanked him.",
        "outlet": "evil\"><script>alert(3)</script>.example",
        "published": "2026-02-02"
    });
    let resp = c
        .post(s.url("/api/articles"))
        .header("content-type", "application/json")
        .body(evil.to_string())
        .send()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 201);
    let v = json(&resp.text().unwrap());
    let aid = v["articles"][0]["id"].as_str().unwrap().to_string();
    let sid = v["stories"][0].as_str().unwrap().to_string();
    let snap = s.app.snapshot();
    let mut pages = vec![
        "/".to_string(),
        format!("/articles/{aid}"),
        format!("/stories/{sid}"),
        "/search?q=%3Cscript%3E".to_string(),
        "/search?q=quit".to_string(),
    ];
    for &(_, _, e) in snap.mentions_in(&aid) {
        pages.push(format!("/entities/{}", snap.export.entities[e].id));
    }
    for p in &pages {
        let (status, page, _) = get(&c, &s, p);
        assert_eq!(status, 200, "{p}");
        assert!(!page.contains("<script>alert"), "{p} has a raw script");
        assert!(!page.contains("<img src=x"), "{p} has a raw img");
        assert!(!page.contains("<b>quit"), "{p} has raw markup");
    }
    let (_, article, _) = get(&c, &s, &format!("/articles/{aid}"));
    assert!(article.contains("&lt;script&gt;alert('x')&lt;/script&gt;"));
    assert!(article.contains("&lt;b&gt;quit&lt;/b&gt;"));
    let (_, search, _) = get(&c, &s, "/search?q=%3Cscript%3E");
    assert!(search.contains("value=\"&lt;script&gt;\""));
    assert!(search.contains(&format!("href=\"/articles/{aid}\"")));
}

/// A multipart/form-data body, as a browser sends the upload form.
fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----storylinetestboundary7MA4YWxk";
    let mut body = Vec::new();
    for (name, file, data) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match file {
            Some(f) => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
            ),
            None => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            ),
        }
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[test]
fn the_upload_form_stores_pasted_text_and_files_and_lists_bad_files() {
    let (_dir, s) = seed_server();
    let c = client();
    let (status, form, _) = get(&c, &s, "/upload");
    assert_eq!(status, 200);
    assert!(form.contains("enctype=\"multipart/form-data\""));
    let seed = std::fs::read(common::seeds_dir().join("000_737cdf181188acf0.txt")).unwrap();
    let (ct, body) = multipart(&[
        ("title", None, b"Kremlin talks with US envoys end after midnight"),
        (
            "text",
            None,
            "Talks between Vladimir Putin and the U.S. envoys Steve Witkoff and Jared Kushner in the Kremlin ended after midnight on Friday, Yuri Ushakov said. \"The talks were useful,\" Ushakov told reporters.".as_bytes(),
        ),
        ("url", None, b""),
        ("file", Some("again.txt"), &seed),
        ("file", Some("broken.json"), b"{\"title\": 1,"),
    ]);
    let resp = c
        .post(s.url("/upload"))
        .header("content-type", ct)
        .body(body)
        .send()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 422);
    let page = resp.text().unwrap();
    assert!(page.contains("error: upload/broken.json: "), "{page}");
    assert!(page.contains("(already stored)"), "the seed again");
    let snap = s.app.snapshot();
    assert_eq!(snap.export.articles.len(), 6);
    let pasted = snap
        .export
        .articles
        .iter()
        .find(|a| a.origin == "paste")
        .expect("the pasted report");
    assert_eq!(
        pasted.title.as_deref(),
        Some("Kremlin talks with US envoys end after midnight")
    );
    let story = snap.stories_of(pasted.id.as_str()).next().unwrap();
    assert!(page.contains(&format!("href=\"/stories/{}\"", story.id)));
    // An empty form is a 400 page, not a crash.
    let (ct, body) = multipart(&[("text", None, b"  "), ("file", Some(""), b"")]);
    let resp = c
        .post(s.url("/upload"))
        .header("content-type", ct)
        .body(body)
        .send()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);
}

/// Another writer (workers, a second `storyline run`) stores into the served store: the
/// refresh sees the new count, exports again and serves the new articles; without new
/// articles it leaves the snapshot alone.
#[test]
fn refresh_takes_in_what_other_writers_stored() {
    let (dir, s) = seed_server();
    let c = client();
    assert!(!s.app.refresh().unwrap(), "nothing new yet");
    let before = s.app.snapshot().export.articles.len();

    let mut other = storyline_store::SqliteStore::open(dir.path().join("seeds.db")).unwrap();
    let demo = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/demo");
    struct Quiet;
    impl storyline_core::pipeline::Observer for Quiet {
        fn problem(&mut self, p: &storyline_core::Problem) {
            panic!("{p}");
        }
    }
    let stats = storyline_core::pipeline::run(
        &[storyline_core::ingest::Input::Path(demo)],
        &storyline_core::Context::default(),
        &mut other,
        &mut Quiet,
    )
    .unwrap();
    assert!(stats.new > 0);
    // Readers still see the old snapshot until the refresh.
    let articles = |c: &reqwest::blocking::Client| {
        let (status, body, _) = get(c, &s, "/api/export");
        assert_eq!(status, 200);
        json(&body)["articles"].as_array().unwrap().len()
    };
    assert_eq!(articles(&c), before);

    assert!(s.app.refresh().unwrap(), "the new articles are seen");
    assert_eq!(articles(&c), before + stats.new);
    assert!(!s.app.refresh().unwrap(), "nothing new since");
}

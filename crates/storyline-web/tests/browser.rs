//! Browser tests in headless Chromium (Debian's `chromium`, path in `STORYLINE_CHROMIUM`,
//! which `scripts/test` sets): load each page, click a citation and a conflict, use the
//! upload form, and save screenshots to `target/screenshots/`. Without the variable they
//! print a notice and return.

mod common;

use common::{seed_app, Server};
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::{Browser, LaunchOptions, Tab};
use std::ffi::OsStr;
use std::path::PathBuf;
use std::time::Duration;
use storyline_model::{
    ArticleId, Conflict, ConflictKind, ConflictLabel, ConflictValue, SentenceRef,
};
use storyline_web::{App, Limits};

fn chromium() -> Option<PathBuf> {
    match std::env::var_os("STORYLINE_CHROMIUM") {
        Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
        _ => {
            eprintln!(
                "notice: STORYLINE_CHROMIUM is not set: browser tests skipped (scripts/test sets it)"
            );
            None
        }
    }
}

fn launch(path: PathBuf, profile: &tempfile::TempDir) -> Browser {
    let args: Vec<&OsStr> = [
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(path))
        .headless(true)
        .sandbox(false)
        .window_size(Some((1280, 1000)))
        .user_data_dir(Some(profile.path().to_path_buf()))
        .args(args)
        .idle_browser_timeout(Duration::from_secs(120))
        .build()
        .expect("launch options");
    Browser::new(options).expect("start chromium")
}

fn screenshots() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn shot(tab: &Tab, name: &str) {
    let png = tab
        .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
        .expect("screenshot");
    assert!(png.len() > 1000, "an empty screenshot of {name}");
    std::fs::write(screenshots().join(format!("{name}.png")), png).unwrap();
}

fn eval_string(tab: &Tab, js: &str) -> String {
    let r = tab.evaluate(js, false).expect(js);
    match r.value {
        Some(serde_json::Value::String(s)) => s,
        Some(v) => v.to_string(),
        None => String::new(),
    }
}

fn step(started: std::time::Instant, what: &str) {
    eprintln!(
        "browser: {what} at {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

fn open(tab: &Tab, url: &str) {
    tab.navigate_to(url).expect("navigate");
    tab.wait_until_navigated().expect("navigated");
}

#[test]
fn pages_citations_conflicts_and_upload_in_chromium() {
    let Some(path) = chromium() else { return };
    let started = std::time::Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(seed_app(&dir, Limits::default()));
    let snap = s.app.snapshot();
    let story = snap
        .export
        .stories
        .iter()
        .max_by_key(|s| s.articles.len())
        .unwrap()
        .clone();

    let profile = tempfile::tempdir().unwrap();
    let browser = launch(path, &profile);
    let tab = browser.new_tab().expect("tab");
    step(started, "chromium started");
    tab.set_default_timeout(Duration::from_secs(20));

    // Stories list → story page by clicking its link.
    open(&tab, &s.url("/"));
    tab.wait_for_element("table.stories").unwrap();
    shot(&tab, "stories");
    step(started, "stories");
    tab.wait_for_element(&format!("a.story-link[href=\"/stories/{}\"]", story.id))
        .unwrap()
        .click()
        .unwrap();
    tab.wait_for_element("section#summary").unwrap();
    tab.wait_until_navigated().unwrap();
    assert_eq!(
        eval_string(&tab, "document.querySelector('h1').textContent"),
        story.headline
    );
    shot(&tab, "story");
    step(started, "story");

    // A citation: its sentence appears in the pop-over, with a link to the article.
    assert!(!story.summary.is_empty(), "the seeds' story has a summary");
    let first = &story.summary[0].citations[0];
    let sentence = snap
        .sentence(first.article.as_str(), first.sentence)
        .unwrap()
        .to_string();
    tab.wait_for_element("#summary a.cite")
        .unwrap()
        .click()
        .unwrap();
    tab.wait_for_element("#cite-pop:not([hidden])").unwrap();
    assert_eq!(
        eval_string(
            &tab,
            "document.querySelector('#cite-pop blockquote').textContent"
        ),
        sentence
    );
    assert_eq!(
        eval_string(&tab, "document.querySelector('#cite-pop').dataset.article"),
        first.article.as_str()
    );
    shot(&tab, "story-citation");
    step(started, "story-citation");
    // Following the pop-over's link lands on the sentence, highlighted as the target.
    tab.wait_for_element("#cite-pop a")
        .unwrap()
        .click()
        .unwrap();
    tab.wait_for_element(&format!("span.sent[data-sentence=\"{}\"]", first.sentence))
        .unwrap();
    tab.wait_until_navigated().unwrap();
    assert_eq!(
        eval_string(&tab, "location.pathname + location.hash"),
        format!("/articles/{}#s{}", first.article, first.sentence)
    );
    assert_eq!(
        eval_string(&tab, "document.querySelector(':target').textContent"),
        sentence
    );
    assert_ne!(
        eval_string(
            &tab,
            "document.querySelectorAll('.article-text a.hl-ent.kind-person').length"
        ),
        "0"
    );
    shot(&tab, "article");
    step(started, "article");

    // An entity page from the article's first highlighted name.
    let entity_href = eval_string(
        &tab,
        "document.querySelector('a.hl-ent').getAttribute('href')",
    );
    open(&tab, &s.url(&entity_href));
    tab.wait_for_element("section#roles").unwrap();
    shot(&tab, "entity");
    step(started, "entity");

    // Search from the box in the header.
    open(&tab, &s.url("/"));
    tab.wait_for_element("form.search input")
        .unwrap()
        .type_into("Witkoff")
        .unwrap();
    tab.press_key("Enter").unwrap();
    tab.wait_for_element("#results-articles li").unwrap();
    assert!(eval_string(&tab, "location.search").contains("q=Witkoff"));
    shot(&tab, "search");
    step(started, "search");

    // A conflict: clicking a value marks the sources behind it. The seeds' story may have
    // none yet, so a read-only copy of the store gets one between its first two reports.
    let mut export = snap.export.clone();
    let target = export
        .stories
        .iter_mut()
        .find(|s| s.id == story.id)
        .unwrap();
    if target.conflicts.is_empty() {
        let a: Vec<ArticleId> = target.articles.iter().take(2).cloned().collect();
        target.conflicts.push(Conflict {
            kind: ConflictKind::Number,
            subject: a[0].to_string(),
            about: "number of days of trilateral talks".into(),
            values: vec![
                ConflictValue {
                    value: "two days".into(),
                    articles: vec![a[0].clone()],
                    sentences: vec![SentenceRef {
                        article: a[0].clone(),
                        sentence: 0,
                    }],
                },
                ConflictValue {
                    value: "three days".into(),
                    articles: vec![a[1].clone()],
                    sentences: vec![],
                },
            ],
            label: ConflictLabel::Contradiction,
        });
    }
    let conflict = target.conflicts[0].clone();
    let fixture = Server::start(App::read_only(export, Limits::default()));
    open(&tab, &fixture.url(&format!("/stories/{}", story.id)));
    tab.wait_for_element(".conflict .value .value-text")
        .unwrap()
        .click()
        .unwrap();
    tab.wait_for_element("li.source.hl").unwrap();
    let marked = eval_string(
        &tab,
        "Array.from(document.querySelectorAll('li.source.hl')).map(e => e.dataset.article).join(' ')",
    );
    let expected: Vec<&str> = conflict.values[0]
        .articles
        .iter()
        .map(|a| a.as_str())
        .collect();
    assert_eq!(marked, expected.join(" "));
    assert_eq!(
        eval_string(
            &tab,
            "document.querySelectorAll('.conflict .value.selected').length"
        ),
        "1"
    );
    shot(&tab, "story-conflict");
    step(started, "story-conflict");
    drop(fixture);

    // The upload form: paste a report; the result lists the story it joined.
    open(&tab, &s.url("/upload"));
    tab.wait_for_element("input[name=title]")
        .unwrap()
        .type_into("Envoys leave Moscow after Kremlin talks")
        .unwrap();
    // Typing is one key event per character: the body is pasted as a person would.
    tab.evaluate(
        "document.querySelector('textarea[name=text]').value = 'Steve Witkoff and Jared Kushner left Moscow on Friday after talks with Vladimir Putin, Yuri Ushakov said.'",
        false,
    )
    .unwrap();
    tab.wait_for_element("form.upload button[type=submit]")
        .unwrap()
        .click()
        .unwrap();
    tab.wait_for_element("#upload-result").unwrap();
    let after = s.app.snapshot();
    assert_eq!(after.export.articles.len(), 6);
    let pasted = after
        .export
        .articles
        .iter()
        .find(|a| a.origin == "paste")
        .unwrap();
    let joined = after.stories_of(pasted.id.as_str()).next().unwrap();
    tab.wait_for_element(&format!(
        "#upload-result a[href=\"/stories/{}\"]",
        joined.id
    ))
    .unwrap();
    shot(&tab, "upload-result");
    step(started, "upload-result");
}

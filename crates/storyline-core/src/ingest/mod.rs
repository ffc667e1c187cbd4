//! Ingest: turns inputs (files, folders, stdin, URLs; text, HTML, JSON, feeds, WARC, gzip of
//! any of these) into [`RawDoc`]s. Each input may yield many documents and many problems; a
//! problem with one item never stops the others.

mod detect;
pub mod feed;
pub mod fetch;
pub mod html;
pub mod json;
pub mod text;
pub mod warc;

pub use detect::{decode_text, Format};

use crate::{Context, IngestError, Problem};
use std::io::Read;
use std::path::{Path, PathBuf};
use storyline_model::Published;

/// One input as given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Path(PathBuf),
    Stdin,
    Url(String),
}

impl Input {
    pub fn parse(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else if arg.starts_with("http://") || arg.starts_with("https://") {
            Input::Url(arg.to_string())
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }

    /// The origin string reported for this input.
    pub fn origin(&self) -> String {
        match self {
            Input::Path(p) => p.display().to_string(),
            Input::Stdin => "-".to_string(),
            Input::Url(u) => u.clone(),
        }
    }
}

/// The body of a document before extraction.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Body {
    /// Plain text: paragraphs are lines or blank-line separated blocks.
    Text(String),
    /// A web page; main content is extracted by [`html::extract`].
    Html(String),
}

/// Metadata a container or header gave for a document. Empty fields are unknown.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DocMeta {
    pub title: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<Published>,
    pub authors: Vec<String>,
    pub summary: Option<String>,
    pub language: Option<String>,
    /// Header lines taken out of a text body (`Title:`, `date …`, a title line).
    pub headers: Vec<String>,
}

/// One document read from an input, not yet analysed (serialisable: the queue carries it).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RawDoc {
    pub origin: String,
    pub body: Body,
    pub meta: DocMeta,
}

/// What a reader hands over: a document or a problem with one item.
pub type Item = Result<RawDoc, Problem>;

/// Reads one input, handing every document and every problem to `sink` as it goes.
pub fn read_input(input: &Input, ctx: &Context, sink: &mut dyn FnMut(Item)) {
    match input {
        Input::Path(p) => read_path(p, ctx, sink),
        Input::Stdin => {
            let origin = "-".to_string();
            match read_capped(std::io::stdin().lock(), ctx.max_input_bytes) {
                Ok(bytes) => read_bytes(&origin, None, bytes, None, ctx, sink),
                Err(e) => sink(Err(Problem::new(origin, e))),
            }
        }
        Input::Url(url) => match fetch::get(url, &ctx.http) {
            Ok(resp) => {
                let hint = Format::from_content_type(resp.content_type.as_deref());
                let base = Source::Url(resp.final_url.clone());
                read_bytes(url, hint, resp.body, Some(&base), ctx, sink)
            }
            Err(e) => sink(Err(Problem::new(url.clone(), e))),
        },
    }
}

/// Where bytes came from: decides whether feed items with only a link are fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    File,
    Url(String),
}

fn read_path(path: &Path, ctx: &Context, sink: &mut dyn FnMut(Item)) {
    let origin = path.display().to_string();
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return sink(Err(Problem::new(origin, e.into()))),
    };
    if meta.is_dir() {
        let mut files = Vec::new();
        walk(path, &mut files, sink);
        for f in files {
            read_path(&f, ctx, sink);
        }
        return;
    }
    if meta.len() > ctx.max_input_bytes {
        return sink(Err(Problem::new(
            origin,
            IngestError::TooLarge {
                limit: ctx.max_input_bytes,
            },
        )));
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return sink(Err(Problem::new(origin, e.into()))),
    };
    let hint = match Format::from_path(path) {
        Some(Format::Gzip) => detect::inner_name_hint(path),
        other => other,
    };
    read_bytes(&origin, hint, bytes, Some(&Source::File), ctx, sink)
}

/// Collects the files under `dir` recursively, sorted by path so runs are deterministic.
/// Hidden files and folders (leading `.`) are skipped.
fn walk(dir: &Path, out: &mut Vec<PathBuf>, sink: &mut dyn FnMut(Item)) {
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            return sink(Err(Problem::new(dir.display().to_string(), e.into())));
        }
    };
    let mut paths: Vec<(PathBuf, bool)> = Vec::new();
    for entry in entries {
        match entry {
            Ok(e) => {
                let name = e.file_name();
                if name.to_string_lossy().starts_with('.') {
                    continue;
                }
                let is_dir = e.file_type().map(|t| t.is_dir()).unwrap_or(false)
                    || (e.file_type().map(|t| t.is_symlink()).unwrap_or(false)
                        && e.path().is_dir());
                paths.push((e.path(), is_dir));
            }
            Err(e) => sink(Err(Problem::new(dir.display().to_string(), e.into()))),
        }
    }
    paths.sort();
    for (p, is_dir) in paths {
        if is_dir {
            walk(&p, out, sink);
        } else {
            out.push(p);
        }
    }
}

/// Reads a whole stream, failing once it passes `limit` bytes.
pub fn read_capped(reader: impl Read, limit: u64) -> Result<Vec<u8>, IngestError> {
    let mut buf = Vec::new();
    reader.take(limit + 1).read_to_end(&mut buf)?;
    if buf.len() as u64 > limit {
        return Err(IngestError::TooLarge { limit });
    }
    Ok(buf)
}

/// Dispatches bytes of any supported format (gzip is unwrapped first).
pub fn read_bytes(
    origin: &str,
    hint: Option<Format>,
    bytes: Vec<u8>,
    source: Option<&Source>,
    ctx: &Context,
    sink: &mut dyn FnMut(Item),
) {
    if detect::is_gzip(&bytes) {
        let decoder = flate2::read::MultiGzDecoder::new(&bytes[..]);
        match read_capped(decoder, ctx.max_input_bytes) {
            Ok(inner) => {
                // The hint already names the inner format (`x.warc.gz` → Warc).
                return read_bytes(origin, hint, inner, source, ctx, sink);
            }
            Err(IngestError::Io(e)) => {
                return sink(Err(Problem::new(origin, IngestError::Gzip(e.to_string()))))
            }
            Err(e) => return sink(Err(Problem::new(origin, e))),
        }
    }
    let format = match hint.and_then(|h| h.concrete()) {
        Some(f) => f,
        None => detect::sniff(&bytes),
    };
    let url = match source {
        Some(Source::Url(u)) => Some(u.as_str()),
        _ => None,
    };
    match format {
        Format::Warc => warc::read(origin, &bytes, ctx, sink),
        Format::Feed => feed::read(origin, &bytes, source, ctx, sink),
        Format::Json | Format::JsonLines => json::read(origin, &bytes, format, ctx, sink),
        Format::Html | Format::Text => {
            if bytes.len() as u64 > ctx.max_doc_bytes {
                return sink(Err(Problem::new(
                    origin,
                    IngestError::TooLarge {
                        limit: ctx.max_doc_bytes,
                    },
                )));
            }
            let text = match decode_text(&bytes, format == Format::Html) {
                Ok(t) => t,
                Err(e) => return sink(Err(Problem::new(origin, e))),
            };
            if text.trim().is_empty() {
                return sink(Err(Problem::new(
                    origin,
                    IngestError::Empty("no text".into()),
                )));
            }
            let doc = if format == Format::Html {
                RawDoc {
                    origin: origin.to_string(),
                    body: Body::Html(text),
                    meta: DocMeta {
                        url: url.map(str::to_string),
                        ..DocMeta::default()
                    },
                }
            } else {
                let mut doc = text::parse(origin, &text);
                if doc.meta.url.is_none() {
                    doc.meta.url = url.map(str::to_string);
                }
                doc
            };
            sink(Ok(doc))
        }
        Format::Gzip => sink(Err(Problem::new(
            origin,
            IngestError::Gzip("not a gzip stream".into()),
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn collect(input: &Input, ctx: &Context) -> Vec<Item> {
        let mut out = Vec::new();
        read_input(input, ctx, &mut |i| out.push(i));
        out
    }

    fn problems(items: &[Item]) -> Vec<String> {
        items
            .iter()
            .filter_map(|i| i.as_ref().err().map(|p| p.to_string()))
            .collect()
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    /// Serves one canned body per connection (any path) on 127.0.0.1.
    fn serve(content_type: &'static str, body: Vec<u8>) -> String {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut s) = stream else { continue };
                let mut req = Vec::new();
                let mut buf = [0u8; 1024];
                while !req.windows(4).any(|w| w == b"\r\n\r\n") {
                    match s.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => req.extend_from_slice(&buf[..n]),
                    }
                }
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nConnection: close\r\n\r\n"
                );
                let _ = s.write_all(head.as_bytes());
                let _ = s.write_all(&body);
            }
        });
        base
    }

    #[test]
    fn oversized_files_streams_and_documents_are_rejected() {
        let dir = tempfile::tempdir().unwrap();
        let ctx = Context {
            max_input_bytes: 100,
            max_doc_bytes: 50,
            ..Context::default()
        };
        // A file over the input limit is not read.
        let big = dir.path().join("big.txt");
        std::fs::write(&big, "word ".repeat(30)).unwrap();
        let out = collect(&Input::Path(big.clone()), &ctx);
        assert_eq!(
            problems(&out),
            vec![format!(
                "error: {}: too large: more than 100 bytes",
                big.display()
            )]
        );
        // A small gzip that inflates past the input limit.
        let bomb = dir.path().join("bomb.txt.gz");
        std::fs::write(&bomb, gzip(&[b'a'; 10_000])).unwrap();
        let out = collect(&Input::Path(bomb.clone()), &ctx);
        assert_eq!(
            problems(&out),
            vec![format!(
                "error: {}: too large: more than 100 bytes",
                bomb.display()
            )]
        );
        // A page within the input limit but over the document limit.
        let page = dir.path().join("page.html");
        std::fs::write(&page, format!("<p>{}</p>", "x".repeat(60))).unwrap();
        let out = collect(&Input::Path(page.clone()), &ctx);
        assert_eq!(
            problems(&out),
            vec![format!(
                "error: {}: too large: more than 50 bytes",
                page.display()
            )]
        );
        // One JSON line over the document limit; the other is read.
        let lines = dir.path().join("a.jsonl");
        std::fs::write(
            &lines,
            format!("{{\"text\":\"{}\"}}\n{{\"text\":\"ok\"}}\n", "y".repeat(60)),
        )
        .unwrap();
        let out = collect(&Input::Path(lines.clone()), &ctx);
        assert_eq!(
            problems(&out),
            vec![format!(
                "error: {}:1: too large: more than 50 bytes",
                lines.display()
            )]
        );
        assert_eq!(out.iter().filter(|i| i.is_ok()).count(), 1);
        assert!(matches!(
            read_capped(&[0u8; 101][..], 100),
            Err(IngestError::TooLarge { limit: 100 })
        ));
        assert_eq!(read_capped(&[0u8; 100][..], 100).unwrap().len(), 100);
    }

    #[test]
    fn oversized_responses_are_rejected() {
        let base = serve(
            "text/html",
            format!("<p>{}</p>", "z".repeat(5000)).into_bytes(),
        );
        let url = format!("{base}/big");
        let mut ctx = Context::default();
        ctx.http.max_bytes = 1000;
        let out = collect(&Input::Url(url.clone()), &ctx);
        assert_eq!(
            problems(&out),
            vec![format!("error: {url}: too large: more than 1000 bytes")]
        );
        ctx.http.max_bytes = 10_000;
        let out = collect(&Input::Url(url.clone()), &ctx);
        let doc = out[0].as_ref().unwrap();
        assert_eq!(doc.origin, url);
        assert_eq!(doc.meta.url.as_deref(), Some(url.as_str()));
        assert!(matches!(doc.body, Body::Html(_)));
    }

    #[test]
    fn a_gzipped_warc_over_http_is_read() {
        let page = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>From the archive.</p>";
        let mut record = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://a.example/x\r\n\
             Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            page.len()
        )
        .into_bytes();
        record.extend_from_slice(page);
        record.extend_from_slice(b"\r\n\r\n");
        let base = serve("application/gzip", gzip(&record));
        let url = format!("{base}/crawl.warc.gz");
        let out = collect(&Input::Url(url.clone()), &Context::default());
        let doc = out[0].as_ref().unwrap();
        assert_eq!(doc.origin, format!("{url}#https://a.example/x"));
        assert_eq!(doc.body, Body::Html("<p>From the archive.</p>".into()));
    }
}

//! WARC archives: HTTP 200 `text/html` responses become HTML documents.
//!
//! A small parser over the bytes in memory (gzip is already unwrapped by the caller) rather
//! than the `warc` crate: that crate ends silently on a record whose header is cut off and
//! reads bodies line by line into fresh megabyte buffers, while here a truncated record must
//! be reported and the records before it kept.
//!
//! Every `response` record that holds an HTTP response with status 200 and an HTML content
//! type becomes a [`Body::Html`] document with origin `<origin>#<WARC-Target-URI>`; chunked
//! transfer encoding and gzip/deflate content encoding are undone. Other records are
//! skipped. A record whose framing is broken ends the file with one problem.

use super::{Body, DocMeta, Item, RawDoc};
use crate::{Context, IngestError, Problem};

pub fn read(origin: &str, bytes: &[u8], ctx: &Context, sink: &mut dyn FnMut(Item)) {
    let mut pos = 0;
    let mut reported = false;
    let mut records = 0usize;
    loop {
        while pos < bytes.len() && matches!(bytes[pos], b'\r' | b'\n' | b' ' | b'\t') {
            pos += 1;
        }
        if pos >= bytes.len() {
            break;
        }
        let record = match next_record(bytes, pos) {
            Ok(r) => r,
            Err(reason) => {
                let at = if records == 0 {
                    origin.to_string()
                } else {
                    format!("{origin}#record{}", records + 1)
                };
                sink(Err(Problem::new(at, IngestError::Warc(reason))));
                return;
            }
        };
        records += 1;
        pos = record.end;
        if let Some(item) = response_doc(origin, &record, ctx) {
            reported = true;
            sink(item);
        }
    }
    if !reported {
        let what = if records == 0 {
            "no WARC records"
        } else {
            "no HTML responses in the archive"
        };
        sink(Err(Problem::new(origin, IngestError::Empty(what.into()))));
    }
}

/// One WARC record: its named headers and its content block.
struct Record<'a> {
    headers: Vec<(&'a str, &'a str)>,
    block: &'a [u8],
    /// Offset just past the block.
    end: usize,
}

impl Record<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

fn header<'a>(headers: &[(&'a str, &'a str)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| *v)
}

/// Parses the record starting at `start` (a `WARC/` version line).
fn next_record(bytes: &[u8], start: usize) -> Result<Record<'_>, String> {
    let (version, mut pos) = line(bytes, start).ok_or("truncated record header")?;
    if !version.starts_with(b"WARC/") {
        return Err(format!("expected a WARC record at byte {start}"));
    }
    let mut headers = Vec::new();
    loop {
        let (l, next) = line(bytes, pos).ok_or("truncated record header")?;
        pos = next;
        if l.is_empty() {
            break;
        }
        let l = std::str::from_utf8(l).map_err(|_| "record header is not UTF-8".to_string())?;
        match l.split_once(':') {
            Some((k, v)) => headers.push((k.trim(), v.trim())),
            // Continuation lines (folded values) carry nothing we use.
            None if l.starts_with([' ', '\t']) => {}
            None => return Err(format!("bad record header line {l:?}")),
        }
    }
    let len: usize = header(&headers, "Content-Length")
        .ok_or("record without Content-Length")?
        .parse()
        .map_err(|_| "bad Content-Length".to_string())?;
    let available = bytes.len() - pos;
    if len > available {
        return Err(format!("truncated record ({available} of {len} bytes)"));
    }
    Ok(Record {
        headers,
        block: &bytes[pos..pos + len],
        end: pos + len,
    })
}

/// The line at `pos` without its `\r\n` (or `\n`), and the offset after it; `None` at the end
/// of the data without a line ending.
fn line(bytes: &[u8], pos: usize) -> Option<(&[u8], usize)> {
    let nl = bytes[pos..].iter().position(|&b| b == b'\n')?;
    let l = &bytes[pos..pos + nl];
    Some((l.strip_suffix(b"\r").unwrap_or(l), pos + nl + 1))
}

/// A document (or a problem) for an HTML response record; `None` for anything else.
fn response_doc(origin: &str, rec: &Record<'_>, ctx: &Context) -> Option<Item> {
    if !rec
        .header("WARC-Type")
        .is_some_and(|t| t.eq_ignore_ascii_case("response"))
    {
        return None;
    }
    let record_type = rec
        .header("Content-Type")
        .unwrap_or("")
        .to_ascii_lowercase();
    let is_http = if record_type.is_empty() {
        rec.block.starts_with(b"HTTP/")
    } else {
        record_type.starts_with("application/http")
    };
    if !is_http {
        return None;
    }
    let uri = rec
        .header("WARC-Target-URI")
        .unwrap_or("")
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_string();
    let item_origin = if uri.is_empty() {
        format!("{origin}#{}", rec.header("WARC-Record-ID").unwrap_or("?"))
    } else {
        format!("{origin}#{uri}")
    };
    let fail = |e: IngestError| Some(Err(Problem::new(item_origin.clone(), e)));
    let http = match parse_http(rec.block) {
        Ok(h) => h,
        Err(reason) => return fail(IngestError::Warc(format!("HTTP response: {reason}"))),
    };
    if http.status != 200 {
        return None;
    }
    let declared = header(&http.headers, "Content-Type").map(|s| s.to_ascii_lowercase());
    let is_html = match declared.as_deref() {
        Some(ct) => {
            let mime = ct.split(';').next().unwrap_or("").trim();
            mime == "text/html" || mime == "application/xhtml+xml"
        }
        None => false,
    };
    if !is_html {
        return None;
    }
    let mut body = http.body.to_vec();
    if header(&http.headers, "Transfer-Encoding")
        .is_some_and(|te| te.to_ascii_lowercase().contains("chunked"))
    {
        match dechunk(&body) {
            Ok(b) => body = b,
            // Some crawlers store the decoded body but keep the header; only a body that
            // starts like a chunk (a hex size line) is held to the chunked framing.
            Err(reason) if starts_with_chunk_size(&body) => {
                return fail(IngestError::Warc(format!("HTTP response: {reason}")))
            }
            Err(_) => {}
        }
    }
    let encoding = header(&http.headers, "Content-Encoding")
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let limit = ctx.max_doc_bytes;
    let decoded = match encoding.as_str() {
        "" | "identity" | "none" => Ok(body),
        // Also a crawler that stored the decoded body under the original header.
        _ if !super::detect::is_gzip(&body) && encoding.contains("gzip") => Ok(body),
        "gzip" | "x-gzip" => {
            super::read_capped(flate2::read::MultiGzDecoder::new(&body[..]), limit)
        }
        "deflate" => {
            let zlib = super::read_capped(flate2::read::ZlibDecoder::new(&body[..]), limit);
            match zlib {
                Ok(b) => Ok(b),
                Err(IngestError::TooLarge { limit }) => Err(IngestError::TooLarge { limit }),
                Err(_) => super::read_capped(flate2::read::DeflateDecoder::new(&body[..]), limit),
            }
        }
        other => Err(IngestError::Unsupported(format!(
            "content encoding {other:?}"
        ))),
    };
    let decoded = match decoded {
        Ok(b) => b,
        Err(IngestError::Io(e)) => return fail(IngestError::Gzip(e.to_string())),
        Err(e) => return fail(e),
    };
    if decoded.len() as u64 > limit {
        return fail(IngestError::TooLarge { limit });
    }
    let text = match super::decode_text(&decoded, true) {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    if text.trim().is_empty() {
        return fail(IngestError::Empty("no text".into()));
    }
    Some(Ok(RawDoc {
        origin: item_origin,
        body: Body::Html(text),
        meta: DocMeta {
            url: (!uri.is_empty()).then_some(uri),
            ..DocMeta::default()
        },
    }))
}

struct Http<'a> {
    status: u16,
    headers: Vec<(&'a str, &'a str)>,
    body: &'a [u8],
}

fn parse_http(block: &[u8]) -> Result<Http<'_>, String> {
    let (status_line, mut pos) = line(block, 0).ok_or("no status line")?;
    let status_line = String::from_utf8_lossy(status_line);
    let mut parts = status_line.split_whitespace();
    if !parts.next().is_some_and(|p| p.starts_with("HTTP/")) {
        return Err("no status line".into());
    }
    let status: u16 = parts
        .next()
        .and_then(|s| s.parse().ok())
        .ok_or("bad status line")?;
    let mut headers = Vec::new();
    loop {
        let (l, next) = line(block, pos).ok_or("truncated headers")?;
        pos = next;
        if l.is_empty() {
            break;
        }
        // Header values that are not UTF-8 are not ones we read.
        let Ok(l) = std::str::from_utf8(l) else {
            continue;
        };
        if let Some((k, v)) = l.split_once(':') {
            headers.push((k.trim(), v.trim()));
        }
    }
    Ok(Http {
        status,
        headers,
        body: &block[pos..],
    })
}

fn starts_with_chunk_size(body: &[u8]) -> bool {
    line(body, 0).is_some_and(|(l, _)| {
        let size = l.split(|&b| b == b';').next().unwrap_or(b"");
        let size = size.trim_ascii();
        !size.is_empty() && size.iter().all(u8::is_ascii_hexdigit)
    })
}

/// Undoes chunked transfer encoding.
fn dechunk(body: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(body.len());
    let mut pos = 0;
    loop {
        let (l, next) = line(body, pos).ok_or("truncated chunked body")?;
        let size = l.split(|&b| b == b';').next().unwrap_or(b"");
        let size = std::str::from_utf8(size.trim_ascii()).map_err(|_| "bad chunk size")?;
        let size =
            usize::from_str_radix(size, 16).map_err(|_| format!("bad chunk size {size:?}"))?;
        pos = next;
        if size == 0 {
            return Ok(out);
        }
        let end = pos.checked_add(size).filter(|&e| e <= body.len());
        let end = end.ok_or("truncated chunked body")?;
        out.extend_from_slice(&body[pos..end]);
        pos = end;
        // The CRLF after the chunk data.
        if body[pos..].starts_with(b"\r\n") {
            pos += 2;
        } else if body[pos..].starts_with(b"\n") {
            pos += 1;
        } else if pos < body.len() {
            return Err("bad chunk terminator".into());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n\
             WARC-Record-ID: <urn:uuid:1>\r\nContent-Type: {content_type}\r\n\
             Content-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn http(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
        let mut r = format!("HTTP/1.1 {status}\r\n{headers}\r\n").into_bytes();
        r.extend_from_slice(body);
        r
    }

    fn response(uri: &str, status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
        record(
            "response",
            uri,
            "application/http; msgtype=response",
            &http(status, headers, body),
        )
    }

    fn run(bytes: &[u8]) -> Vec<Item> {
        run_ctx(bytes, &Context::default())
    }

    fn run_ctx(bytes: &[u8], ctx: &Context) -> Vec<Item> {
        let mut out = Vec::new();
        read("a.warc", bytes, ctx, &mut |i| out.push(i));
        out
    }

    fn html_of(item: &Item) -> (&str, &str, Option<&str>) {
        let d = item.as_ref().unwrap();
        match &d.body {
            Body::Html(h) => (d.origin.as_str(), h.as_str(), d.meta.url.as_deref()),
            Body::Text(_) => panic!("html expected"),
        }
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn html_responses_become_documents() {
        let mut w = record(
            "warcinfo",
            "",
            "application/warc-fields",
            b"software: x\r\n",
        );
        w.extend(record(
            "request",
            "http://a.example/1",
            "application/http; msgtype=request",
            b"GET /1 HTTP/1.1\r\n\r\n",
        ));
        w.extend(response(
            "http://a.example/1",
            "200 OK",
            "Content-Type: text/html; charset=utf-8\r\n",
            "<p>caf\u{e9} one</p>".as_bytes(),
        ));
        w.extend(response(
            "http://a.example/2",
            "404 Not Found",
            "Content-Type: text/html\r\n",
            b"<p>no</p>",
        ));
        w.extend(response(
            "http://a.example/3",
            "200 OK",
            "Content-Type: image/png\r\n",
            b"\x89PNG",
        ));
        w.extend(response(
            "http://a.example/4",
            "301 Moved",
            "Location: /1\r\n",
            b"",
        ));
        w.extend(record(
            "metadata",
            "http://a.example/1",
            "application/warc-fields",
            b"a: b\r\n",
        ));
        w.extend(response(
            "<http://a.example/5>",
            "200 OK",
            "Content-Type: application/xhtml+xml\r\n",
            b"<p>five</p>",
        ));
        let out = run(&w);
        assert_eq!(out.len(), 2);
        assert_eq!(
            html_of(&out[0]),
            (
                "a.warc#http://a.example/1",
                "<p>caf\u{e9} one</p>",
                Some("http://a.example/1")
            )
        );
        assert_eq!(
            html_of(&out[1]),
            (
                "a.warc#http://a.example/5",
                "<p>five</p>",
                Some("http://a.example/5")
            )
        );
    }

    #[test]
    fn chunked_and_gzip_payloads() {
        let page = b"<html><body><p>Chunked and zipped.</p></body></html>";
        let zipped = gzip(page);
        let mut chunked = Vec::new();
        for part in zipped.chunks(7) {
            chunked.extend(format!("{:x};ext=1\r\n", part.len()).into_bytes());
            chunked.extend_from_slice(part);
            chunked.extend_from_slice(b"\r\n");
        }
        chunked.extend_from_slice(b"0\r\n\r\n");
        let w = response(
            "http://a.example/z",
            "200 OK",
            "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n",
            &chunked,
        );
        let out = run(&w);
        assert_eq!(html_of(&out[0]).1.as_bytes(), page);
        // A crawler that stored the decoded body but kept the headers.
        let w = response(
            "http://a.example/y",
            "200 OK",
            "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n",
            page,
        );
        assert_eq!(html_of(&run(&w)[0]).1.as_bytes(), page);
    }

    #[test]
    fn truncated_record_keeps_what_was_read() {
        let mut w = response(
            "http://a.example/1",
            "200 OK",
            "Content-Type: text/html\r\n",
            b"<p>one</p>",
        );
        let second = response(
            "http://a.example/2",
            "200 OK",
            "Content-Type: text/html\r\n",
            b"<p>two</p>",
        );
        w.extend_from_slice(&second[..second.len() - 12]);
        let out = run(&w);
        assert_eq!(out.len(), 2);
        assert_eq!(html_of(&out[0]).0, "a.warc#http://a.example/1");
        let p = out[1].as_ref().unwrap_err();
        assert_eq!(p.origin, "a.warc#record2");
        assert!(
            p.to_string().contains("malformed WARC: truncated record"),
            "{p}"
        );
        // Cut inside the header.
        let out = run(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Le");
        assert_eq!(
            out[0].as_ref().unwrap_err().to_string(),
            "error: a.warc: malformed WARC: truncated record header"
        );
        let out = run(b"junk\r\n");
        assert!(out[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("expected a WARC record"));
    }

    #[test]
    fn bad_payloads_are_problems_for_their_record() {
        let mut w = response(
            "http://a.example/1",
            "200 OK",
            "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n",
            b"ff\r\n<p>short",
        );
        w.extend(response(
            "http://a.example/2",
            "200 OK",
            "Content-Type: text/html\r\n",
            b"\0\0\0\x01\x02",
        ));
        w.extend(response(
            "http://a.example/3",
            "200 OK",
            "Content-Type: text/html\r\n",
            &[b'a'; 64],
        ));
        w.extend(response(
            "http://a.example/4",
            "200 OK",
            "Content-Type: text/html\r\n",
            b"<p>ok</p>",
        ));
        let ctx = Context {
            max_doc_bytes: 32,
            ..Context::default()
        };
        let out = run_ctx(&w, &ctx);
        let msgs: Vec<String> = out
            .iter()
            .map(|i| match i {
                Ok(d) => d.origin.clone(),
                Err(p) => p.to_string(),
            })
            .collect();
        assert_eq!(
            msgs,
            vec![
                "error: a.warc#http://a.example/1: malformed WARC: HTTP response: truncated chunked body",
                "error: a.warc#http://a.example/2: not text: binary data",
                "error: a.warc#http://a.example/3: too large: more than 32 bytes",
                "a.warc#http://a.example/4",
            ]
        );
    }

    #[test]
    fn archives_without_pages_are_reported() {
        let w = record("warcinfo", "", "application/warc-fields", b"x: y\r\n");
        assert_eq!(
            run(&w)[0].as_ref().unwrap_err().to_string(),
            "error: a.warc: empty: no HTML responses in the archive"
        );
    }
}

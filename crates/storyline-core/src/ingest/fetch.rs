//! HTTP(S) fetching with a timeout and a size cap.
//!
//! The blocking `reqwest` client lives in the [`HttpConfig`] that the context carries (built
//! on first use, shared by clones): building one loads the TLS roots and starts a background
//! thread, too much for every link of a feed. The size cap is applied per call while the
//! body streams in.

use crate::context::HttpConfig;
use crate::IngestError;
use std::io::Read;

/// Redirects followed before giving up.
const MAX_REDIRECTS: usize = 10;

/// A fetched resource.
#[derive(Debug, Clone)]
pub struct Response {
    /// The URL after redirects.
    pub final_url: String,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

/// Fetches `url`, following redirects. Fails on a non-2xx status (`HTTP: 404 Not Found`), on
/// a network error or timeout, and with [`IngestError::TooLarge`] as soon as the body (after
/// content decoding) passes `cfg.max_bytes`: no more than `max_bytes + 1` bytes are buffered.
pub fn get(url: &str, cfg: &HttpConfig) -> Result<Response, IngestError> {
    let client = client(cfg)?;
    let resp = client.get(url).send().map_err(|e| describe(e, cfg))?;
    let status = resp.status();
    if !status.is_success() {
        return Err(IngestError::Http(status.to_string()));
    }
    if resp.content_length().is_some_and(|n| n > cfg.max_bytes) {
        return Err(IngestError::TooLarge {
            limit: cfg.max_bytes,
        });
    }
    let final_url = resp.url().to_string();
    let content_type = resp
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let mut body = Vec::new();
    resp.take(cfg.max_bytes.saturating_add(1))
        .read_to_end(&mut body)
        .map_err(|e| {
            IngestError::Http(if e.kind() == std::io::ErrorKind::TimedOut {
                format!("timed out after {} s", cfg.timeout.as_secs_f64())
            } else {
                format!("reading the body: {}", io_reason(&e))
            })
        })?;
    if body.len() as u64 > cfg.max_bytes {
        return Err(IngestError::TooLarge {
            limit: cfg.max_bytes,
        });
    }
    Ok(Response {
        final_url,
        content_type,
        body,
    })
}

/// The configuration's client, built on first use (see [`HttpConfig::client`]).
fn client(cfg: &HttpConfig) -> Result<reqwest::blocking::Client, IngestError> {
    if let Some(c) = cfg.client.get() {
        return Ok(c.clone());
    }
    let c = reqwest::blocking::Client::builder()
        .timeout(cfg.timeout)
        .connect_timeout(cfg.timeout)
        .user_agent(cfg.user_agent.clone())
        .redirect(reqwest::redirect::Policy::limited(MAX_REDIRECTS))
        .build()
        .map_err(|e| IngestError::Http(format!("cannot build the HTTP client: {e}")))?;
    // Another thread may have won the race; either client is fine.
    Ok(cfg.client.get_or_init(|| c).clone())
}

/// A short reason for a failed request, without the URL (the origin already names it).
fn describe(e: reqwest::Error, cfg: &HttpConfig) -> IngestError {
    if e.is_timeout() {
        return IngestError::Http(format!("timed out after {} s", cfg.timeout.as_secs_f64()));
    }
    let what = if e.is_redirect() {
        "too many redirects"
    } else if e.is_connect() {
        "cannot connect"
    } else if e.is_builder() {
        "invalid URL"
    } else {
        "request failed"
    };
    // The innermost cause is the informative one ("Connection refused (os error 111)").
    let mut cause: Option<String> = None;
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        cause = Some(s.to_string());
        source = s.source();
    }
    IngestError::Http(match cause {
        Some(c) if !c.is_empty() => format!("{what}: {c}"),
        _ => what.to_string(),
    })
}

fn io_reason(e: &std::io::Error) -> String {
    let mut reason = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        reason = s.to_string();
        source = s.source();
    }
    reason
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::net::TcpListener;
    use std::time::Duration;

    /// Serves each accepted connection with the next canned response, then stops.
    fn serve(responses: Vec<Vec<u8>>) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            for resp in responses {
                let Ok((mut stream, _)) = listener.accept() else {
                    return;
                };
                let mut buf = [0u8; 4096];
                let mut req = Vec::new();
                while !req.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => req.extend_from_slice(&buf[..n]),
                    }
                }
                let _ = stream.write_all(&resp);
            }
        });
        format!("http://{addr}")
    }

    fn response(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .into_bytes();
        r.extend_from_slice(body);
        r
    }

    fn cfg(max_bytes: u64) -> HttpConfig {
        HttpConfig {
            timeout: Duration::from_secs(5),
            max_bytes,
            ..HttpConfig::default()
        }
    }

    #[test]
    fn fetches_with_content_type_and_redirects() {
        let base = serve(vec![
            response("302 Found", "Location: /b\r\n", b""),
            response(
                "200 OK",
                "Content-Type: text/html; charset=utf-8\r\n",
                b"<p>hi</p>",
            ),
        ]);
        let r = get(&format!("{base}/a"), &cfg(1000)).unwrap();
        assert_eq!(r.final_url, format!("{base}/b"));
        assert_eq!(r.content_type.as_deref(), Some("text/html; charset=utf-8"));
        assert_eq!(r.body, b"<p>hi</p>");
    }

    #[test]
    fn non_success_status_is_an_error() {
        let base = serve(vec![response("404 Not Found", "", b"nope")]);
        let e = get(&format!("{base}/x"), &cfg(1000)).unwrap_err();
        assert_eq!(e.to_string(), "HTTP: 404 Not Found");
    }

    #[test]
    fn oversized_bodies_are_rejected_with_and_without_length() {
        let base = serve(vec![response("200 OK", "", &[b'a'; 100])]);
        let e = get(&base, &cfg(50)).unwrap_err();
        assert!(matches!(e, IngestError::TooLarge { limit: 50 }), "{e}");
        // No Content-Length: the cap applies while streaming.
        let mut chunked = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".to_vec();
        chunked.extend_from_slice(&[b'a'; 100]);
        let base = serve(vec![chunked]);
        let e = get(&base, &cfg(50)).unwrap_err();
        assert!(matches!(e, IngestError::TooLarge { limit: 50 }), "{e}");
        let base = serve(vec![response("200 OK", "", &[b'a'; 50])]);
        assert_eq!(get(&base, &cfg(50)).unwrap().body.len(), 50);
    }

    #[test]
    fn slow_servers_time_out() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            let (_stream, _) = listener.accept().unwrap();
            std::thread::sleep(Duration::from_secs(3));
        });
        let cfg = HttpConfig {
            timeout: Duration::from_millis(300),
            ..cfg(50)
        };
        let e = get(&format!("http://{addr}/"), &cfg).unwrap_err();
        assert_eq!(e.to_string(), "HTTP: timed out after 0.3 s");
    }

    #[test]
    fn refused_connections_say_why() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        let e = get(&format!("http://{addr}/"), &cfg(50)).unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with("HTTP: cannot connect"), "{msg}");
        assert!(!msg.contains(&addr.to_string()), "{msg}");
    }
}

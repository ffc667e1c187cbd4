//! Input format detection (extension first, then content sniffing) and text decoding.

use crate::IngestError;
use std::path::Path;

/// The formats ingest understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    Json,
    JsonLines,
    Feed,
    Warc,
    /// gzip of something: the inner format is sniffed (or taken from the name without `.gz`).
    Gzip,
}

impl Format {
    /// The format a file name promises, if any (`x.warc.gz` → Gzip, then Warc inside).
    pub fn from_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        Self::from_name(&name)
    }

    fn from_name(name: &str) -> Option<Format> {
        let ext = name.rsplit_once('.').map(|(_, e)| e)?;
        Some(match ext {
            "txt" | "text" | "md" => Format::Text,
            "html" | "htm" | "xhtml" => Format::Html,
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::JsonLines,
            "rss" | "atom" | "xml" | "feed" => Format::Feed,
            "warc" => Format::Warc,
            "gz" | "gzip" => Format::Gzip,
            _ => return None,
        })
    }

    /// A hint is only used when it names a concrete format; gzip is recognised by content.
    pub fn concrete(self) -> Option<Format> {
        (self != Format::Gzip).then_some(self)
    }

    /// The format an HTTP `Content-Type` announces.
    pub fn from_content_type(ct: Option<&str>) -> Option<Format> {
        let ct = ct?.to_ascii_lowercase();
        let mime = ct.split(';').next().unwrap_or("").trim();
        Some(match mime {
            "text/html" | "application/xhtml+xml" => Format::Html,
            "text/plain" => Format::Text,
            "application/json" => Format::Json,
            "application/x-ndjson" | "application/jsonl" => Format::JsonLines,
            "application/rss+xml" | "application/atom+xml" | "application/feed+xml" => Format::Feed,
            "application/warc" => Format::Warc,
            "application/gzip" | "application/x-gzip" => Format::Gzip,
            _ => return None,
        })
    }
}

/// `x.warc.gz` → hint for the inner part, used when a caller knows the file name.
pub fn inner_name_hint(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let stem = name
        .strip_suffix(".gz")
        .or_else(|| name.strip_suffix(".gzip"))?;
    Format::from_name(stem)
}

pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.len() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
}

/// Guesses the format from the first bytes.
pub fn sniff(bytes: &[u8]) -> Format {
    if is_gzip(bytes) {
        return Format::Gzip;
    }
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head);
    let trimmed = head.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with("WARC/") {
        return Format::Warc;
    }
    let lower = trimmed.to_ascii_lowercase();
    if lower.starts_with('{') || lower.starts_with('[') {
        // Several objects on separate lines: JSON Lines.
        let mut lines = trimmed.lines().filter(|l| !l.trim().is_empty());
        let first = lines.next().unwrap_or("");
        let second = lines.next();
        if first.trim_start().starts_with('{')
            && first.trim_end().ends_with('}')
            && second.is_some_and(|l| l.trim_start().starts_with('{'))
        {
            return Format::JsonLines;
        }
        return Format::Json;
    }
    if lower.starts_with("<?xml") || lower.starts_with("<rss") || lower.starts_with("<feed") {
        if lower.contains("<rss") || lower.contains("<feed") || lower.contains("<rdf:rdf") {
            return Format::Feed;
        }
        if lower.contains("<html") {
            return Format::Html;
        }
        return Format::Feed;
    }
    if lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || lower.starts_with("<!--")
        || lower.starts_with("<head")
        || lower.contains("<html")
        || lower.contains("<body")
    {
        return Format::Html;
    }
    Format::Text
}

/// Decodes bytes to text: UTF-8 (BOM dropped), else the charset an HTML page declares, else
/// Windows-1252. Binary data (NUL bytes, many control characters) is rejected.
pub fn decode_text(bytes: &[u8], html: bool) -> Result<String, IngestError> {
    let head = &bytes[..bytes.len().min(8192)];
    let controls = head
        .iter()
        .filter(|&&b| b < 0x09 || (0x0e..0x20).contains(&b) && b != 0x1b)
        .count();
    if head.contains(&0) || controls * 20 > head.len().max(1) {
        return Err(IngestError::Binary("binary data".into()));
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    let encoding = if html {
        declared_charset(head).unwrap_or(encoding_rs::WINDOWS_1252)
    } else {
        encoding_rs::WINDOWS_1252
    };
    let (text, _, _) = encoding.decode(bytes);
    Ok(text.into_owned())
}

fn declared_charset(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    let at = lower.find("charset=")? + "charset=".len();
    let rest = lower[at..].trim_start_matches(['"', '\'']);
    let label: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    encoding_rs::Encoding::for_label(label.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_names() {
        assert_eq!(Format::from_path(Path::new("a/b.HTML")), Some(Format::Html));
        assert_eq!(
            Format::from_path(Path::new("x.warc.gz")),
            Some(Format::Gzip)
        );
        assert_eq!(inner_name_hint(Path::new("x.warc.gz")), Some(Format::Warc));
        assert_eq!(Format::from_path(Path::new("README")), None);
    }

    #[test]
    fn sniffs_content() {
        assert_eq!(sniff(b"WARC/1.0\r\n"), Format::Warc);
        assert_eq!(sniff(b"<!DOCTYPE html><html>"), Format::Html);
        assert_eq!(sniff(b"<?xml version='1.0'?><rss>"), Format::Feed);
        assert_eq!(sniff(b"{\"text\":1}\n{\"text\":2}\n"), Format::JsonLines);
        assert_eq!(sniff(b"{\"text\":1}"), Format::Json);
        assert_eq!(sniff(b"Just words."), Format::Text);
        assert_eq!(sniff(&[0x1f, 0x8b, 8]), Format::Gzip);
    }

    #[test]
    fn rejects_binary_and_decodes_latin1() {
        assert!(decode_text(&[0, 1, 2, 3, 200, 201], false).is_err());
        assert_eq!(decode_text(b"caf\xe9", false).unwrap(), "café");
        assert_eq!(decode_text(b"\xef\xbb\xbfhi", false).unwrap(), "hi");
    }
}

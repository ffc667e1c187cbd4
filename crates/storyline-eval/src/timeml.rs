//! Reader for TimeML documents (TimeBank, AQUAINT, TempEval-3 silver): the document creation
//! time, the title, and the text with tags stripped, keeping every TIMEX3 with its offsets.

use std::collections::HashMap;

/// A TIMEX3 annotation, offsets in code points into [`TimeMlDoc::text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timex {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub attrs: HashMap<String, String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimeMlDoc {
    pub id: Option<String>,
    /// Value of the DCT's TIMEX3.
    pub dct: Option<String>,
    pub title: Option<String>,
    /// Contents of `<TEXT>`, tags removed, entities decoded.
    pub text: String,
    pub timexes: Vec<Timex>,
}

/// Parses one TimeML document. Unknown tags are dropped, their text kept.
pub fn parse(xml: &str) -> TimeMlDoc {
    let mut doc = TimeMlDoc::default();
    let mut section: Option<String> = None;
    let mut buf = String::new();
    let mut buf_chars = 0usize;
    let mut open_timex: Option<(usize, HashMap<String, String>)> = None;
    let mut rest = xml;
    while !rest.is_empty() {
        match rest.find('<') {
            Some(0) => {
                let Some(close) = rest.find('>') else { break };
                let tag = &rest[1..close];
                rest = &rest[close + 1..];
                if tag.starts_with('?') || tag.starts_with('!') {
                    continue;
                }
                let closing = tag.starts_with('/');
                let body = tag.trim_start_matches('/').trim_end_matches('/');
                let name = body
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_ascii_uppercase();
                match (name.as_str(), closing) {
                    ("TEXT" | "TITLE" | "DCT" | "DOCID", false) => {
                        section = Some(name.clone());
                        buf.clear();
                        buf_chars = 0;
                    }
                    ("TEXT" | "TITLE" | "DCT" | "DOCID", true) => {
                        let s = std::mem::take(&mut buf);
                        match name.as_str() {
                            "TEXT" => doc.text = s,
                            "TITLE" => doc.title = Some(s.trim().to_string()),
                            "DOCID" => doc.id = Some(s.trim().to_string()),
                            _ => {}
                        }
                        section = None;
                        buf_chars = 0;
                    }
                    ("TIMEX3", false) => {
                        let attrs = attributes(body);
                        if section.as_deref() == Some("DCT") {
                            doc.dct = attrs.get("value").cloned();
                        }
                        if section.as_deref() == Some("TEXT") && !tag.ends_with('/') {
                            open_timex = Some((buf_chars, attrs));
                        }
                    }
                    ("TIMEX3", true) => {
                        if let Some((start, attrs)) = open_timex.take() {
                            if section.as_deref() == Some("TEXT") {
                                let text: String =
                                    buf.chars().skip(start).take(buf_chars - start).collect();
                                doc.timexes.push(Timex {
                                    start,
                                    end: buf_chars,
                                    text,
                                    attrs,
                                });
                            }
                        }
                    }
                    _ => {}
                }
            }
            Some(n) => {
                let (text, after) = rest.split_at(n);
                if section.is_some() {
                    let decoded = crate::xml::unescape(text);
                    buf_chars += decoded.chars().count();
                    buf.push_str(&decoded);
                }
                rest = after;
            }
            None => {
                if section.is_some() {
                    buf.push_str(&crate::xml::unescape(rest));
                }
                break;
            }
        }
    }
    doc
}

fn attributes(tag: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut rest = tag
        .split_once(char::is_whitespace)
        .map(|x| x.1)
        .unwrap_or("");
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq].trim().to_string();
        let after = rest[eq + 1..].trim_start();
        let quote = after.chars().next().unwrap_or('"');
        if quote != '"' && quote != '\'' {
            break;
        }
        let Some(end) = after[1..].find(quote) else {
            break;
        };
        out.insert(key, crate::xml::unescape(&after[1..1 + end]));
        rest = &after[end + 2..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_dct_title_text_and_timexes() {
        let xml = r#"<?xml version="1.0" ?>
<TimeML><DOCID>X1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1997-04-01">April 1, 1997</TIMEX3></DCT>
<TITLE>Shares fall</TITLE>
<TEXT>
Shares <EVENT eid="e1">fell</EVENT> 1.1 percent &amp; more on <TIMEX3 tid="t1" type="DATE" value="1997-04-01">Tuesday</TIMEX3>.
</TEXT></TimeML>"#;
        let d = parse(xml);
        assert_eq!(d.id.as_deref(), Some("X1"));
        assert_eq!(d.dct.as_deref(), Some("1997-04-01"));
        assert_eq!(d.title.as_deref(), Some("Shares fall"));
        assert_eq!(d.text.trim(), "Shares fell 1.1 percent & more on Tuesday.");
        assert_eq!(d.timexes.len(), 1);
        let t = &d.timexes[0];
        assert_eq!(t.text, "Tuesday");
        let got: String = d.text.chars().skip(t.start).take(t.end - t.start).collect();
        assert_eq!(got, "Tuesday");
        assert_eq!(t.attrs["value"], "1997-04-01");
        assert_eq!(t.attrs["type"], "DATE");
    }
}

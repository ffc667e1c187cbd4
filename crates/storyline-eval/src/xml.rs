//! The little XML the evaluation corpora need: entities, attributes and the `<token>`
//! elements that ECB+ and CAT documents share.

/// Decodes the five predefined XML entities.
pub fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The value of attribute `name` in a start tag (`name="value"`), undecoded.
pub fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("{name}=\"");
    let i = tag.find(&key)? + key.len();
    let j = tag[i..].find('"')?;
    Some(&tag[i..i + j])
}

/// Every `<token … sentence="n">text</token>` in document order: (sentence, decoded text).
pub fn tokens(xml: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<token ") {
        rest = &rest[start..];
        let Some(gt) = rest.find('>') else { break };
        let tag = &rest[..gt];
        let body = &rest[gt + 1..];
        let Some(end) = body.find("</token>") else {
            break;
        };
        let sentence = attr(tag, "sentence")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        out.push((sentence, unescape(&body[..end])));
        rest = &body[end..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_attributes_and_entities() {
        let xml = r#"<Document doc_id="d1"><token t_id="1" sentence="0">AT&amp;T</token><token t_id="2" sentence="1">&quot;hi&quot;</token></Document>"#;
        assert_eq!(
            tokens(xml),
            vec![(0, "AT&T".to_string()), (1, "\"hi\"".to_string())]
        );
        assert_eq!(attr(r#"<Document doc_id="d1" x="2""#, "doc_id"), Some("d1"));
        assert_eq!(attr("<a>", "b"), None);
    }
}

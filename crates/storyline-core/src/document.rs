//! Document stage: one [`RawDoc`] → one analysed [`Article`] (extraction of web pages,
//! cleaning, segmentation, language, publication date from metadata or URL, content id).

use crate::clean;
use crate::extract::time;
use crate::ingest::{html, Body, RawDoc};
use crate::text;
use crate::{IngestError, Problem};
use storyline_model::{Article, ArticleId, DateSource, Published, Removed, RemovedKind};
use unicode_normalization::UnicodeNormalization;

/// Analyses one document. Fails only when nothing of the body is left.
pub fn analyse(doc: RawDoc) -> Result<Article, Problem> {
    let RawDoc { origin, body, meta } = doc;
    let mut title = meta.title;
    let mut url = meta.url;
    let mut outlet = meta.outlet;
    let mut published = meta.published;
    let mut authors = meta.authors;
    let mut language = meta.language;
    let body_text = match body {
        Body::Text(t) => t,
        Body::Html(h) => {
            let page = html::extract(&h, url.as_deref());
            // What the container said wins over what the page says about itself.
            title = title.or(page.title);
            url = url.or(page.url);
            outlet = outlet.or(page.outlet);
            published = published.or(page.published);
            if authors.is_empty() {
                authors = page.authors;
            }
            language = language.or(page.language);
            page.text
        }
    };
    let cleaned = clean::clean(&body_text);
    if cleaned.text.trim().is_empty() {
        return Err(Problem::new(
            origin,
            IngestError::Empty("no article text".into()),
        ));
    }
    let sentences = text::segment(&cleaned.text);
    if outlet.is_none() {
        outlet = url.as_deref().and_then(outlet_from_url);
    }
    // The date: metadata, else a dateline, else the URL, else what the text shows (never a
    // guess); a stated date the text contradicts is flagged.
    let captions: Vec<&str> = cleaned
        .removed
        .iter()
        .filter(|r| r.kind == RemovedKind::Caption)
        .map(|r| r.text.as_str())
        .collect();
    let (from_text, published_conflict) =
        time::infer_published(&cleaned.text, &sentences, published.as_ref(), &captions);
    if published.is_none() {
        let from_url = url
            .as_deref()
            .and_then(date_from_url)
            .map(|value| Published {
                value,
                source: DateSource::Url,
            });
        published = match from_text {
            Some(p) if p.source == DateSource::Dateline => Some(p),
            other => from_url.or(other),
        };
    }
    let language = language.or_else(|| detect_language(&cleaned.text));
    let mut removed: Vec<Removed> = meta
        .headers
        .into_iter()
        .map(|text| Removed {
            kind: RemovedKind::Header,
            text,
        })
        .collect();
    removed.extend(cleaned.removed);
    let id = article_id(&cleaned.text, title.as_deref(), url.as_deref());
    Ok(Article {
        id,
        origin,
        url,
        outlet,
        title: title.map(|t| collapse_ws(&t)),
        authors,
        language,
        published,
        published_conflict,
        text: cleaned.text,
        sentences,
        removed,
        duplicate_of: None,
        origin_group: None,
    })
}

/// An article's id: a hash of its normalised content (NFC, whitespace collapsed, lowercase)
/// with its title and URL. The same report ingested twice gets the same id; the same wire
/// text at two URLs gets two ids (and later `duplicate_of`).
pub fn article_id(text: &str, title: Option<&str>, url: Option<&str>) -> ArticleId {
    let mut hasher = blake3::Hasher::new();
    hash_normalised(&mut hasher, text);
    hasher.update(b"\0");
    hash_normalised(&mut hasher, title.unwrap_or(""));
    hasher.update(b"\0");
    hasher.update(url.map(canonical_url).unwrap_or_default().as_bytes());
    ArticleId::from_hash(hasher.finalize().as_bytes())
}

/// Feeds `s` to the hasher as NFC, lowercased, with whitespace runs as single spaces.
fn hash_normalised(hasher: &mut blake3::Hasher, s: &str) {
    use unicode_normalization::{is_nfc_quick, IsNormalized};
    let nfc: std::borrow::Cow<str> = if s.is_ascii() || is_nfc_quick(s.chars()) == IsNormalized::Yes
    {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.nfc().collect())
    };
    let mut buf = [0u8; 4];
    for (i, word) in nfc.split_whitespace().enumerate() {
        if i > 0 {
            hasher.update(b" ");
        }
        if word
            .bytes()
            .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
        {
            for c in word.chars().flat_map(char::to_lowercase) {
                hasher.update(c.encode_utf8(&mut buf).as_bytes());
            }
        } else {
            hasher.update(word.as_bytes());
        }
    }
}

fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// URL without scheme, `www.`, fragment, common tracking parameters or a trailing slash.
pub fn canonical_url(url: &str) -> String {
    let u = url.trim();
    let u = u.split('#').next().unwrap_or(u);
    let u = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
        .unwrap_or(u);
    let u = u.strip_prefix("www.").unwrap_or(u);
    let (path, query) = match u.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (u, None),
    };
    let mut out = path.trim_end_matches('/').to_lowercase();
    if let Some(q) = query {
        let kept: Vec<&str> = q
            .split('&')
            .filter(|kv| {
                let k = kv.split('=').next().unwrap_or("");
                !(k.starts_with("utm_") || matches!(k, "fbclid" | "gclid" | "ref" | "cmpid"))
            })
            .collect();
        if !kept.is_empty() {
            out.push('?');
            out.push_str(&kept.join("&"));
        }
    }
    out
}

/// `https://www.example.co.uk/x` → `example.co.uk`.
pub fn outlet_from_url(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host
        .rsplit('@')
        .next()?
        .split(':')
        .next()?
        .to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

/// A date in a URL path: `/2026/01/22/`, `/2026-01-22-`, `/20260122/`.
pub fn date_from_url(url: &str) -> Option<String> {
    let path = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let path = path.split(['?', '#']).next()?;
    let segs: Vec<&str> = path.split('/').skip(1).collect();
    let valid = |y: &str, m: &str, d: &str| -> Option<String> {
        let s = format!("{y}-{m:0>2}-{d:0>2}");
        let date: jiff::civil::Date = s.parse().ok()?;
        (1990..=2100).contains(&date.year()).then_some(s)
    };
    for w in segs.windows(3) {
        if w[0].len() == 4
            && w[0].bytes().all(|b| b.is_ascii_digit())
            && (1..=2).contains(&w[1].len())
            && w[1].bytes().all(|b| b.is_ascii_digit())
        {
            let day: String = w[2].chars().take_while(|c| c.is_ascii_digit()).collect();
            if (1..=2).contains(&day.len()) {
                if let Some(s) = valid(w[0], w[1], &day) {
                    return Some(s);
                }
            }
        }
    }
    let re = regex_date();
    re.captures(path).and_then(|c| valid(&c[1], &c[2], &c[3]))
}

fn regex_date() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(
            r"(?:^|[/_-])((?:19|20)\d\d)-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])(?:$|[/_.-])",
        )
        .expect("valid regex")
    })
}

/// ISO 639-1 code of the text's language, when the detector is reliable.
pub fn detect_language(text: &str) -> Option<String> {
    if looks_english(text) {
        return Some("en".to_string());
    }
    let sample: String = text.chars().take(600).collect();
    let info = whatlang::detect(&sample)?;
    if !info.is_reliable() && sample.chars().count() > 200 {
        return None;
    }
    Some(iso639_1(info.lang()).to_string())
}

/// Fast path for the common case: among the first 120 words, a fifth or more are English
/// function words that other Latin-script languages do not share.
fn looks_english(text: &str) -> bool {
    const FUNCTION_WORDS: &[&str] = &[
        "the", "of", "and", "to", "is", "that", "for", "was", "with", "said", "has", "have", "are",
        "were", "from", "by", "this", "which", "it", "its", "on", "at", "be", "had", "will",
        "would", "after", "their", "they", "he", "she", "his", "her", "an", "but", "not", "been",
    ];
    let mut n = 0;
    let mut hits = 0;
    for w in text.split_whitespace().take(120) {
        n += 1;
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if w.len() <= 5 && FUNCTION_WORDS.iter().any(|f| f.eq_ignore_ascii_case(w)) {
            hits += 1;
        }
    }
    n >= 8 && hits * 5 >= n
}

fn iso639_1(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match lang {
        Eng => "en",
        Fra => "fr",
        Deu => "de",
        Spa => "es",
        Ita => "it",
        Por => "pt",
        Nld => "nl",
        Rus => "ru",
        Ukr => "uk",
        Pol => "pl",
        Tur => "tr",
        Ara => "ar",
        Heb => "he",
        Cmn => "zh",
        Jpn => "ja",
        Kor => "ko",
        Hin => "hi",
        Swe => "sv",
        Dan => "da",
        Nob => "no",
        Fin => "fi",
        Ces => "cs",
        Ell => "el",
        Hun => "hu",
        Ron => "ro",
        Ind => "id",
        Vie => "vi",
        Tha => "th",
        Pes => "fa",
        Urd => "ur",
        Ben => "bn",
        Bul => "bg",
        Hrv => "hr",
        Srp => "sr",
        Slk => "sk",
        Slv => "sl",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Cat => "ca",
        other => other.code(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlets_and_dates_from_urls() {
        assert_eq!(
            outlet_from_url("https://www.bbc.co.uk/news/world-123").as_deref(),
            Some("bbc.co.uk")
        );
        assert_eq!(
            date_from_url("https://example.com/2026/01/22/talks-end/").as_deref(),
            Some("2026-01-22")
        );
        assert_eq!(
            date_from_url("https://example.com/world/2026-01-22-talks").as_deref(),
            Some("2026-01-22")
        );
        assert_eq!(date_from_url("https://example.com/a/12345678/b"), None);
        assert_eq!(date_from_url("https://example.com/2026/13/40/x"), None);
    }

    #[test]
    fn canonical_urls_drop_tracking() {
        assert_eq!(
            canonical_url("https://www.Example.com/a/?utm_source=x&id=3#top"),
            "example.com/a?id=3"
        );
    }

    #[test]
    fn ids_ignore_whitespace_and_case() {
        assert_eq!(
            article_id("Hello  world.\n", Some("T"), None),
            article_id("hello world.", Some("t "), None)
        );
        assert_ne!(
            article_id("Hello world.", None, Some("https://a.com/x")),
            article_id("Hello world.", None, Some("https://b.com/x"))
        );
    }
}

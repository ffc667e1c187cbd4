//! Web pages: main content and metadata (title, date, outlet, authors, language) from meta
//! tags, JSON-LD and the URL.
//!
//! Main content is found by a scorer on the DOM (`scraper`):
//! 1. a byte-level pre-pass drops `<script>`, `<style>`, `<svg>` and comments (keeping JSON-LD
//!    aside), which both removes noise and halves parse time;
//! 2. one walk over the DOM cuts the page into text blocks (one per block-level element or
//!    `<br>`-separated line), records per element its subtree span, link text and class/id
//!    signals, and collects metadata on the way;
//! 3. blocks that read like prose (long, few links) give their length to every ancestor; the
//!    container is found by descending from `<body>` into the child that holds most of the
//!    prose, and stopping where the prose is spread over several children;
//! 4. inside the container, boilerplate (navigation, share widgets, related links, comments,
//!    captions, ads…) is dropped by tag, class/id, link density and a few text patterns.
//!
//! When the page carries a long JSON-LD `articleBody` that the DOM result does not cover, the
//! JSON-LD text is used instead.

use regex::Regex;
use scraper::{ElementRef, Html, Node};
use std::collections::HashSet;
use std::sync::OnceLock;
use storyline_model::{DateSource, Published};

/// What a page yields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlDoc {
    pub title: Option<String>,
    pub published: Option<Published>,
    pub outlet: Option<String>,
    /// Canonical URL if the page declares one, else the URL it was fetched from.
    pub url: Option<String>,
    pub authors: Vec<String>,
    pub language: Option<String>,
    /// Main content: one paragraph per block, blocks separated by a blank line.
    pub text: String,
    /// Short description (`og:description` / `description` / JSON-LD `description`).
    pub description: Option<String>,
}

pub fn extract(html: &str, url: Option<&str>) -> HtmlDoc {
    let pre = preclean(html);
    let dom = Html::parse_document(&pre.html);
    let mut walk = Walk::default();
    walk.run(&dom);
    let ld = JsonLd::parse(&pre.json_ld);
    let meta = walk.meta.take().unwrap_or_default();
    let mut titles: Vec<String> = Vec::new();
    titles.extend(meta_get(&meta.metas, &["og:title"]).map(title_key));
    titles.extend(meta_get(&meta.metas, &["twitter:title"]).map(title_key));
    titles.extend(ld.headline.as_deref().map(title_key));
    titles.extend(meta.title.as_deref().map(title_key));
    let mut doc = metadata(&meta, &ld, url);
    titles.extend(doc.title.as_deref().map(title_key));
    titles.retain(|t| !t.is_empty());
    doc.text = main_text(&walk, &ld, &titles);
    doc
}

// ---------------------------------------------------------------------------------------------
// Pre-pass

struct Precleaned {
    html: String,
    json_ld: Vec<String>,
}

fn find_ci(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    let first = needle[0].to_ascii_lowercase();
    let last = hay.len() - needle.len();
    let mut i = from;
    while i <= last {
        let b = hay[i].to_ascii_lowercase();
        if b == first && hay[i..i + needle.len()].eq_ignore_ascii_case(needle) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Removes script, style, svg and comment content before parsing; JSON-LD scripts are kept aside.
fn preclean(html: &str) -> Precleaned {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let mut json_ld = Vec::new();
    let mut copied = 0;
    let mut i = 0;
    while let Some(off) = memchr_lt(&bytes[i..]) {
        let at = i + off;
        let rest = &bytes[at..];
        let (kind, close): (u8, &[u8]) = if rest.starts_with(b"<!--") {
            (b'c', b"-->")
        } else if starts_tag(rest, b"script") {
            (b's', b"</script")
        } else if starts_tag(rest, b"style") {
            (b'y', b"</style")
        } else if starts_tag(rest, b"svg") {
            (b'v', b"</svg")
        } else {
            i = at + 1;
            continue;
        };
        let Some(open_end) = (if kind == b'c' {
            Some(at + 4)
        } else {
            rest.iter().position(|&b| b == b'>').map(|p| at + p + 1)
        }) else {
            break;
        };
        let Some(close_at) = find_ci(bytes, close, open_end) else {
            break;
        };
        let end = if kind == b'c' {
            close_at + 3
        } else {
            bytes[close_at..]
                .iter()
                .position(|&b| b == b'>')
                .map_or(bytes.len(), |p| close_at + p + 1)
        };
        if kind == b's' && find_ci(&bytes[at..open_end], b"ld+json", 0).is_some() {
            json_ld.push(html[open_end..close_at].to_string());
        }
        out.push_str(&html[copied..at]);
        copied = end;
        i = end;
    }
    out.push_str(&html[copied..]);
    Precleaned { html: out, json_ld }
}

fn memchr_lt(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'<')
}

fn starts_tag(rest: &[u8], name: &[u8]) -> bool {
    rest.len() > name.len() + 1
        && rest[1..1 + name.len()].eq_ignore_ascii_case(name)
        && matches!(
            rest[1 + name.len()],
            b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/'
        )
}

// ---------------------------------------------------------------------------------------------
// DOM walk

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Neutral,
    Positive,
    Negative,
}

#[derive(Debug)]
struct Elem {
    parent: usize,
    /// Index of the last element of the subtree (pre-order).
    end: usize,
    tag: &'static str,
    class: Class,
}

#[derive(Debug)]
struct Block {
    text: String,
    owner: usize,
    chars: usize,
    link_chars: usize,
    tag: &'static str,
}

#[derive(Debug, Default)]
struct RawMeta {
    /// `<meta>` name/property/itemprop (lowercase) → content, in document order.
    metas: Vec<(String, String)>,
    title: Option<String>,
    lang: Option<String>,
    canonical: Option<String>,
    rel_authors: Vec<String>,
    bylines: Vec<String>,
    itemprop_authors: Vec<String>,
    time_datetime: Option<String>,
    itemprop_date: Option<String>,
    h1: Option<String>,
}

#[derive(Default)]
struct Walk {
    elems: Vec<Elem>,
    blocks: Vec<Block>,
    meta: Option<RawMeta>,
    body: Option<usize>,
    // walk state
    cur: String,
    cur_chars: usize,
    cur_link: usize,
    in_link: usize,
    block_stack: Vec<usize>,
}

/// Tags whose whole subtree is never content.
fn hard_skip(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "button"
            | "select"
            | "textarea"
            | "input"
            | "nav"
            | "aside"
            | "footer"
            | "iframe"
            | "object"
            | "embed"
            | "video"
            | "audio"
            | "canvas"
            | "head"
            | "menu"
            | "dialog"
            | "figcaption"
    )
}

fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "tbody"
            | "thead"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "figure"
            | "header"
            | "address"
            | "center"
            | "details"
            | "summary"
            | "fieldset"
            | "form"
            | "body"
            | "html"
            | "hr"
    )
}

fn intern(tag: &str) -> &'static str {
    const TAGS: &[&str] = &[
        "p",
        "div",
        "section",
        "article",
        "main",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "table",
        "tr",
        "td",
        "th",
        "body",
        "html",
        "header",
        "figure",
        "form",
        "a",
        "span",
        "em",
        "strong",
        "b",
        "i",
    ];
    TAGS.iter().find(|t| **t == tag).copied().unwrap_or("other")
}

fn negative_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"(?i)comment|disqus|share|sharing|social|related|recommend|sidebar|side-bar|",
            r"footer|newsletter|subscri|promo|sponsor|advert|\bads?\b|\bad[-_]|[-_]ads?\b|",
            r"adslot|dfp|cookie|consent|gdpr|breadcrumb|byline|author|\btags?\b|tag-?list|",
            r"popular|trending|most-?read|outbrain|taboola|modal|popup|signup|sign-up|login|",
            r"paywall|\bnav|navigation|\bmenu|masthead|widget|\brail|right-?rail|pagination|pager|",
            r"toolbar|caption|credit|hidden|skip-link|jump-link|teaser|more-stories|",
            r"read-?more|see-?also|print-only|visually-hidden|sr-only|screen-reader|",
            r"follow|banner|alert|inline-?video|video-?player|gallery|slideshow|carousel|",
            r"timestamp|dateline|published|post-?meta|entry-meta|article-meta|meta-data|",
            r"metadata|rating|bio\b|about-the|disclaimer|copyright|legal|accessibility|",
            r"rollover|tooltip|popover|hover-?card"
        ))
        .expect("negative regex")
    })
}

fn positive_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)article|\bbody|content|story|entry|\bmain|\bpost\b|post-?body|\btext|blog|hentry|prose",
        )
        .expect("positive regex")
    })
}

/// Embedded posts (tweets, Instagram) quoted by an article are content.
fn embed_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)embed|tweet|instagram-media|tiktok").expect("embed regex"))
}

fn byline_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)byline|author-?name|\bauthor\b|writer|contributor").expect("byline")
    })
}

fn hidden(el: &scraper::node::Element) -> bool {
    if el.attr("hidden").is_some() {
        return true;
    }
    if el.attr("aria-hidden") == Some("true") {
        return true;
    }
    if let Some(style) = el.attr("style") {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    false
}

fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

fn element_text(el: ElementRef) -> String {
    let mut s = String::new();
    for t in el.text() {
        s.push_str(t);
    }
    collapse(&s)
}

impl Walk {
    fn run(&mut self, dom: &Html) {
        self.meta = Some(RawMeta::default());
        let root = dom.root_element();
        self.visit(root, usize::MAX, 0, false);
        self.flush();
    }

    fn flush(&mut self) {
        if self.cur_chars > 0 {
            if let Some(&owner) = self.block_stack.last() {
                let text = collapse(&self.cur);
                let tag = self.elems[owner].tag;
                self.blocks.push(Block {
                    text,
                    owner,
                    chars: self.cur_chars,
                    link_chars: self.cur_link,
                    tag,
                });
            }
        }
        self.cur.clear();
        self.cur_chars = 0;
        self.cur_link = 0;
    }

    fn collect_meta(&mut self, el: ElementRef, name: &str, in_head: bool) {
        let Some(meta) = self.meta.as_mut() else {
            return;
        };
        let v = el.value();
        match name {
            "meta" => {
                let key = v
                    .attr("property")
                    .or_else(|| v.attr("name"))
                    .or_else(|| v.attr("itemprop"))
                    .or_else(|| v.attr("http-equiv"));
                if let (Some(k), Some(c)) = (key, v.attr("content")) {
                    let c = collapse(c);
                    if !c.is_empty() {
                        meta.metas.push((k.to_ascii_lowercase(), c));
                    }
                }
            }
            "title" if in_head && meta.title.is_none() => {
                let t = element_text(el);
                if !t.is_empty() {
                    meta.title = Some(t);
                }
            }
            "html" => {
                meta.lang = v
                    .attr("lang")
                    .or_else(|| v.attr("xml:lang"))
                    .map(str::to_string);
            }
            "link" => {
                let rel = v.attr("rel").unwrap_or("").to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "canonical") && meta.canonical.is_none() {
                    meta.canonical = v.attr("href").map(str::to_string);
                }
            }
            _ => {}
        }
        if in_head {
            return;
        }
        if name == "a"
            && v.attr("rel").is_some_and(|r| {
                r.split_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("author"))
            })
        {
            let t = element_text(el);
            if !t.is_empty() {
                meta.rel_authors.push(t);
            }
        }
        if name == "time" && meta.time_datetime.is_none() {
            if let Some(d) = v.attr("datetime") {
                meta.time_datetime = Some(d.to_string());
            }
        }
        if name == "h1" && meta.h1.is_none() {
            let t = element_text(el);
            if !t.is_empty() {
                meta.h1 = Some(t);
            }
        }
        if let Some(ip) = v.attr("itemprop") {
            let ip = ip.to_ascii_lowercase();
            if ip == "datepublished" && meta.itemprop_date.is_none() {
                meta.itemprop_date = v
                    .attr("content")
                    .or_else(|| v.attr("datetime"))
                    .map(str::to_string)
                    .or_else(|| Some(element_text(el)));
            } else if ip == "author" && name != "meta" {
                let named = el
                    .descendants()
                    .filter_map(ElementRef::wrap)
                    .find(|e| e.value().attr("itemprop") == Some("name"));
                let t = match named {
                    Some(n) => n
                        .value()
                        .attr("content")
                        .map(collapse)
                        .unwrap_or_else(|| element_text(n)),
                    None => element_text(el),
                };
                if !t.is_empty() && t.len() < 100 {
                    meta.itemprop_authors.push(t);
                }
            }
        }
        if meta.bylines.len() < 4 && !matches!(name, "html" | "body" | "meta" | "link") {
            let cls = v.attr("class").unwrap_or("");
            let id = v.attr("id").unwrap_or("");
            if (byline_re().is_match(cls) || byline_re().is_match(id))
                && !matches!(name, "label" | "input" | "textarea" | "form" | "img")
                && !cls.contains("comment")
                && !id.contains("comment")
                && !cls.contains("bio")
                && !cls.contains("avatar")
            {
                let t = element_text(el);
                if !t.is_empty() && t.len() < 80 {
                    meta.bylines.push(t);
                }
            }
        }
    }

    fn visit(&mut self, el: ElementRef, parent: usize, depth: usize, in_head: bool) {
        let v = el.value();
        let name = v.name();
        let in_head = in_head || name == "head";
        self.collect_meta(el, name, in_head);
        if depth > 400 || (name != "html" && hard_skip(name)) || hidden(v) {
            // Walk the head for metadata only.
            if name == "head" {
                for child in el.children() {
                    if let Some(c) = ElementRef::wrap(child) {
                        self.visit_meta_only(c);
                    }
                }
            }
            return;
        }
        let block = is_block(name) || name == "br";
        if block {
            self.flush();
        }
        if name == "br" {
            return;
        }
        let idx = self.elems.len();
        let class = {
            let cls = v.attr("class").unwrap_or("");
            let id = v.attr("id").unwrap_or("");
            let role = v.attr("role").unwrap_or("");
            if matches!(
                role,
                "navigation" | "complementary" | "contentinfo" | "banner" | "menu"
            ) {
                Class::Negative
            } else if cls.is_empty() && id.is_empty() {
                Class::Neutral
            } else {
                let neg = negative_re().is_match(cls) || negative_re().is_match(id);
                if neg && !embed_re().is_match(cls) {
                    Class::Negative
                } else if positive_re().is_match(cls) || positive_re().is_match(id) {
                    Class::Positive
                } else {
                    Class::Neutral
                }
            }
        };
        // Negative inline elements (tooltips, credits, share links inside a paragraph).
        if class == Class::Negative && !block && !matches!(name, "a" | "strong" | "b" | "em" | "i")
        {
            return;
        }
        self.elems.push(Elem {
            parent,
            end: idx,
            tag: intern(name),
            class,
        });
        if name == "body" {
            self.body = Some(idx);
        }
        if block {
            self.block_stack.push(idx);
        }
        if name == "a" {
            self.in_link += 1;
        }
        for child in el.children() {
            match child.value() {
                Node::Text(t) => {
                    let t: &str = t;
                    let n = t.chars().filter(|c| !c.is_whitespace()).count();
                    self.cur.push_str(t);
                    if n > 0 {
                        self.cur_chars += n;
                        if self.in_link > 0 {
                            self.cur_link += n;
                        }
                    }
                }
                Node::Element(_) => {
                    if let Some(c) = ElementRef::wrap(child) {
                        self.visit(c, idx, depth + 1, in_head);
                    }
                }
                _ => {}
            }
        }
        if name == "a" {
            self.in_link -= 1;
        }
        if block {
            self.flush();
            self.block_stack.pop();
        }
        let last = self.elems.len() - 1;
        self.elems[idx].end = last;
    }

    fn visit_meta_only(&mut self, el: ElementRef) {
        let name = el.value().name();
        self.collect_meta(el, name, true);
        for child in el.children() {
            if let Some(c) = ElementRef::wrap(child) {
                self.visit_meta_only(c);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Main content

fn boilerplate_text_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"(?i)^(advert|advertisement|advertisements|ad|sponsored|share|share this( article| story)?|",
            r"tweet|email|print|comments?|read more|continue reading|related( articles| stories)?|",
            r"recommended|sign up|subscribe|follow us|click here|image|photo|video|loading\.*|",
            r"skip to (main )?content|story continues below( advertisement)?|",
            r"continue reading (the main story|below)|scroll to continue.*|",
            r"(image|photo|picture) (credit|source)s?:.*|don'?t miss|breaking news|",
            r"(more|latest|top) (news|stories)|tell us what you think.*|",
            r"(this (article|story|post) (was|is)|we may earn|affiliate links?).{0,40}$|",
            r"all rights reserved.*|copyright ©.*|© \d{4}.*)$"
        ))
        .expect("boilerplate regex")
    })
}

/// Photo captions with a trailing credit, newsletter pitches and leaked markup.
fn junk_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"(?i)\((image|photo|picture|pic|credit|source)s?: ?[^)]{1,60}\)\s*$|",
            r"^<[a-z][a-z0-9]*\b[^>]*>$|^https?://\S+$|",
            r"^explore further$|subject to copyright|^citation: |",
            r"^\[[a-z_]+\b[^\]]*\].*\[/[a-z_]+\]$|",
            r"(subscribe|sign up) (to|for) .{0,60}newsletters?|",
            r"newsletters?.{0,60}(subscribe|sign up)"
        ))
        .expect("junk regex")
    })
}

fn prose_weight(b: &Block) -> f64 {
    if b.chars < 40 {
        return 0.0;
    }
    let ld = b.link_chars as f64 / b.chars as f64;
    if ld > 0.35 {
        return 0.0;
    }
    let w = match b.tag {
        "p" => 1.0,
        "li" | "td" | "dd" => 0.6,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => 0.0,
        _ => 0.9,
    };
    // Sentences end with punctuation; menus and teasers rarely do.
    let punct = b
        .text
        .chars()
        .filter(|c| matches!(c, '.' | ',' | '!' | '?' | ';' | '。' | '、' | '،'))
        .count();
    let bonus = if punct == 0 { 0.5 } else { 1.0 };
    b.chars as f64 * w * bonus * (1.0 - ld)
}

/// Lowercase letters and digits only: for comparing a heading with the page title.
fn title_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Sums a per-block value into every ancestor of the block's owner.
fn accumulate(walk: &Walk, value: impl Fn(&Block) -> f64) -> Vec<f64> {
    let n = walk.elems.len();
    let mut acc = vec![0.0f64; n];
    for b in &walk.blocks {
        acc[b.owner] += value(b);
    }
    // Children have larger indices than their parents.
    for i in (1..n).rev() {
        let p = walk.elems[i].parent;
        if p != usize::MAX {
            acc[p] += acc[i];
        }
    }
    acc
}

/// Share of the container's prose a child must hold for the search to descend into it.
const DESCEND: f64 = 0.7;
/// A sibling of the container joins it when it holds this share of the container's prose.
const SIBLING: f64 = 0.15;
/// How many levels above the container siblings are looked for (2 was worse on the dev split).
const SIBLING_LEVELS: usize = 1;

fn main_text(walk: &Walk, ld: &JsonLd, titles: &[String]) -> String {
    let n = walk.elems.len();
    if n == 0 {
        return String::new();
    }
    let all_prose = accumulate(walk, prose_weight);
    let total = all_prose[0].max(1.0);
    // Negative class/id marks count only for elements that are not wrappers of most prose.
    let neg: Vec<bool> = (0..n)
        .map(|i| walk.elems[i].class == Class::Negative && all_prose[i] < 0.5 * total)
        .collect();
    let mut inherited_neg = vec![false; n];
    for i in 0..n {
        let p = walk.elems[i].parent;
        inherited_neg[i] = neg[i] || (p != usize::MAX && inherited_neg[p]);
    }
    // Prose that counts for the container choice: not inside a negative element.
    let prose = accumulate(walk, |b| {
        if inherited_neg[b.owner] {
            0.0
        } else {
            prose_weight(b)
        }
    });
    let chars = accumulate(walk, |b| b.chars as f64);
    let links = accumulate(walk, |b| b.link_chars as f64);
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    for i in 1..n {
        let p = walk.elems[i].parent;
        if p != usize::MAX {
            children[p].push(i);
        }
    }
    let mut c = walk.body.unwrap_or(0);
    loop {
        let best = children[c]
            .iter()
            .copied()
            .max_by(|&a, &b| prose[a].total_cmp(&prose[b]));
        match best {
            Some(b) if prose[b] >= DESCEND * prose[c] && prose[b] > 0.0 => c = b,
            _ => break,
        }
    }
    let container = c;
    // Siblings holding prose of their own (an article split over several wrappers).
    let mut roots = vec![container];
    if prose[container] > 0.0 {
        let mut node = container;
        for _ in 0..SIBLING_LEVELS {
            let parent = walk.elems[node].parent;
            if parent == usize::MAX || Some(node) == walk.body {
                break;
            }
            for &s in &children[parent] {
                if s != node
                    && !inherited_neg[s]
                    && prose[s] >= SIBLING * prose[container]
                    && links[s] < 0.25 * chars[s]
                {
                    roots.push(s);
                }
            }
            node = parent;
        }
    }

    let mut paras: Vec<&str> = Vec::new();
    let mut dropped_title = false;
    for b in &walk.blocks {
        let Some(&root) = roots
            .iter()
            .find(|&&r| b.owner >= r && b.owner <= walk.elems[r].end)
        else {
            continue;
        };
        // Negative elements strictly inside the chosen subtree.
        let mut e = b.owner;
        let mut drop = false;
        while e != usize::MAX && e > root {
            if neg[e] {
                drop = true;
                break;
            }
            e = walk.elems[e].parent;
        }
        if drop || !keep_block(b) {
            continue;
        }
        // The headline is metadata, not body.
        if !dropped_title && b.chars < 400 && paras.len() < 8 {
            let key = title_key(&b.text);
            if b.tag == "h1" || titles.contains(&key) {
                dropped_title = true;
                continue;
            }
        }
        paras.push(&b.text);
    }
    let mut text = paras.join("\n\n");

    if let Some(body) = ld.article_body.as_deref() {
        let body_chars = body.chars().filter(|c| !c.is_whitespace()).count();
        if body_chars > 400 {
            let got = text.chars().filter(|c| !c.is_whitespace()).count();
            if (got as f64) < 0.5 * body_chars as f64 {
                text = body
                    .split('\n')
                    .map(collapse)
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>()
                    .join("\n\n");
            }
        }
    }
    text
}

fn keep_block(b: &Block) -> bool {
    let nonlink = b.chars - b.link_chars.min(b.chars);
    if b.link_chars * 2 > b.chars && nonlink < 80 {
        return false;
    }
    if b.chars < 120 && boilerplate_text_re().is_match(&b.text) {
        return false;
    }
    if b.chars < 300 && junk_re().is_match(&b.text) {
        return false;
    }
    true
}

// ---------------------------------------------------------------------------------------------
// JSON-LD

#[derive(Debug, Default)]
struct JsonLd {
    headline: Option<String>,
    date_published: Option<String>,
    authors: Vec<String>,
    publisher: Option<String>,
    article_body: Option<String>,
    url: Option<String>,
    language: Option<String>,
    description: Option<String>,
}

const ARTICLE_TYPES: &[&str] = &[
    "article",
    "newsarticle",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "scholarlyarticle",
    "techarticle",
    "liveblogposting",
    "socialmediaposting",
    "report",
    "posting",
];

fn ld_types(v: &serde_json::Value) -> Vec<String> {
    match v.get("@type") {
        Some(serde_json::Value::String(s)) => vec![s.to_ascii_lowercase()],
        Some(serde_json::Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str())
            .map(str::to_ascii_lowercase)
            .collect(),
        _ => Vec::new(),
    }
}

fn ld_objects<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a serde_json::Value>, depth: usize) {
    if depth > 6 {
        return;
    }
    match v {
        serde_json::Value::Array(a) => a.iter().for_each(|x| ld_objects(x, out, depth + 1)),
        serde_json::Value::Object(o) => {
            out.push(v);
            if let Some(g) = o.get("@graph") {
                ld_objects(g, out, depth + 1);
            }
            if let Some(m) = o.get("mainEntity") {
                ld_objects(m, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn ld_str(v: Option<&serde_json::Value>) -> Option<String> {
    match v? {
        serde_json::Value::String(s) => {
            let s = collapse(&html_unescape(s));
            (!s.is_empty()).then_some(s)
        }
        serde_json::Value::Array(a) => a.iter().find_map(|x| ld_str(Some(x))),
        serde_json::Value::Object(o) => ld_str(o.get("name")).or_else(|| ld_str(o.get("@id"))),
        _ => None,
    }
}

fn ld_names(v: Option<&serde_json::Value>, out: &mut Vec<String>) {
    match v {
        Some(serde_json::Value::String(s)) => out.push(collapse(s)),
        Some(serde_json::Value::Array(a)) => a.iter().for_each(|x| ld_names(Some(x), out)),
        Some(serde_json::Value::Object(o)) => {
            if let Some(n) = o.get("name").and_then(|n| n.as_str()) {
                out.push(collapse(n));
            }
        }
        _ => {}
    }
}

fn html_unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#039;", "'")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

impl JsonLd {
    fn parse(scripts: &[String]) -> JsonLd {
        let mut ld = JsonLd::default();
        let values: Vec<serde_json::Value> = scripts
            .iter()
            .filter_map(|s| {
                let s = s
                    .trim()
                    .trim_start_matches("<![CDATA[")
                    .trim_end_matches("]]>");
                serde_json::from_str(s.trim().trim_end_matches(';')).ok()
            })
            .collect();
        let mut objs = Vec::new();
        for v in &values {
            ld_objects(v, &mut objs, 0);
        }
        let article = objs
            .iter()
            .find(|o| {
                ld_types(o)
                    .iter()
                    .any(|t| ARTICLE_TYPES.contains(&t.as_str()))
            })
            .or_else(|| {
                objs.iter()
                    .find(|o| o.get("headline").is_some() || o.get("articleBody").is_some())
            });
        if let Some(a) = article {
            ld.headline = ld_str(a.get("headline")).or_else(|| ld_str(a.get("name")));
            ld.date_published =
                ld_str(a.get("datePublished")).or_else(|| ld_str(a.get("dateCreated")));
            ld_names(a.get("author"), &mut ld.authors);
            ld.publisher = a
                .get("publisher")
                .and_then(|p| ld_str(p.get("name")).or_else(|| p.as_str().map(collapse)));
            ld.article_body = a
                .get("articleBody")
                .and_then(|b| b.as_str())
                .map(html_unescape);
            ld.url = ld_str(a.get("url")).or_else(|| match a.get("mainEntityOfPage") {
                Some(serde_json::Value::String(s)) => Some(s.clone()),
                Some(o) => ld_str(o.get("@id")),
                None => None,
            });
            ld.language = ld_str(a.get("inLanguage"));
            ld.description = ld_str(a.get("description"));
        }
        if ld.publisher.is_none() {
            ld.publisher = objs
                .iter()
                .find(|o| {
                    ld_types(o)
                        .iter()
                        .any(|t| t == "newsmediaorganization" || t == "organization")
                })
                .and_then(|o| ld_str(o.get("name")));
        }
        ld
    }
}

// ---------------------------------------------------------------------------------------------
// Metadata

fn date_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2}))?").expect("date regex")
    })
}

/// An ISO-like date string as `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` (midnight drops the time).
pub fn normalize_date(s: &str) -> Option<String> {
    let c = date_re().captures(s)?;
    let y: u32 = c[1].parse().ok()?;
    let m: u32 = c[2].parse().ok()?;
    let d: u32 = c[3].parse().ok()?;
    if !(1900..=2100).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let mut out = format!("{y:04}-{m:02}-{d:02}");
    if let (Some(h), Some(mi)) = (c.get(4), c.get(5)) {
        let h: u32 = h.as_str().parse().ok()?;
        let mi: u32 = mi.as_str().parse().ok()?;
        if h < 24 && mi < 60 && (h, mi) != (0, 0) {
            out.push_str(&format!("T{h:02}:{mi:02}"));
        }
    }
    Some(out)
}

fn meta_get<'a>(metas: &'a [(String, String)], keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|k| {
        metas
            .iter()
            .find(|(mk, _)| mk == k)
            .map(|(_, v)| v.as_str())
    })
}

fn host_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    (!host.is_empty()).then_some(host)
}

fn resolve(base: Option<&str>, href: &str) -> Option<String> {
    let href = href.trim();
    if href.starts_with("http://") || href.starts_with("https://") {
        return Some(href.to_string());
    }
    let base = base?;
    let scheme = base.split_once("://")?.0;
    if let Some(rest) = href.strip_prefix("//") {
        return Some(format!("{scheme}://{rest}"));
    }
    if href.starts_with('/') {
        return Some(format!("{scheme}://{}{href}", host_of(base)?));
    }
    None
}

/// Drops a trailing " - Site" / " | Site" part from a page title.
fn clean_title(title: &str, outlet: Option<&str>, host: Option<&str>) -> String {
    let mut t = collapse(title);
    for _ in 0..2 {
        let cut = [" | ", " - ", " – ", " — ", " :: ", " · ", " » "]
            .iter()
            .filter_map(|sep| t.rfind(sep).map(|i| (i, sep.len())))
            .max_by_key(|&(i, _)| i);
        let Some((i, len)) = cut else { break };
        let (head, tail) = (&t[..i], &t[i + len..]);
        let tail_l = tail.to_lowercase();
        let squashed: String = tail_l.chars().filter(|c| c.is_alphanumeric()).collect();
        let is_site = outlet.is_some_and(|o| o.to_lowercase() == tail_l)
            || host.is_some_and(|h| !squashed.is_empty() && h.to_lowercase().contains(&squashed))
            || tail.split_whitespace().count() <= 3;
        if is_site && head.split_whitespace().count() >= 2 {
            t = head.trim().to_string();
        } else {
            break;
        }
    }
    t
}

fn by_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)^(written |posted |reported |story |words )?by\b[:\s]*").expect("by regex")
    })
}

/// Parts of a byline that name an organisation or a role rather than a person.
fn affiliation_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"(?i)\b(writer|staff|media|press|news|reporter|correspondent|editor|editors|",
            r"contributor|wire|service|agency|desk|team|reports|business|international)\b|",
            r"\.(com|org|net|co|uk)\b|^(ap|afp|pti|ians|upi|reuters|cnn|bbc)$"
        ))
        .expect("affiliation regex")
    })
}

fn clean_authors(raw: &[String]) -> Vec<String> {
    let mut all: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for r in raw {
        let r = collapse(r);
        if r.starts_with("http://") || r.starts_with("https://") || r.contains('@') {
            continue;
        }
        let r = by_re().replace(&r, "").to_string();
        for part in r
            .split([',', ';', '&', '|', '/'])
            .flat_map(|p| p.split(" and "))
        {
            let p = part
                .trim()
                .trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
            let p = by_re().replace(p, "").trim().to_string();
            let words = p.split_whitespace().count();
            let lower = p.to_lowercase();
            let credential = words == 1
                && (p.len() <= 4 && p.chars().all(|c| c.is_uppercase() || c == '.')
                    || matches!(
                        lower.as_str(),
                        "phd" | "ph.d." | "jr." | "jr" | "sr." | "sr"
                    ));
            if p.is_empty()
                || words > 5
                || credential
                || p.contains(['(', ')', '[', ']', ':'])
                || p.chars().any(|c| c.is_ascii_digit())
                || !p.chars().next().is_some_and(char::is_alphabetic)
                || matches!(
                    lower.as_str(),
                    "by" | "staff" | "admin" | "editor" | "name" | "author"
                )
            {
                continue;
            }
            if seen.insert(lower) {
                all.push(p);
            }
        }
    }
    // "JILL LAWLESSAssociated Press" next to "JILL LAWLESS": keep the shorter.
    let snapshot = all.clone();
    all.retain(|a| {
        !snapshot
            .iter()
            .any(|b| b.len() < a.len() && a.starts_with(b.as_str()))
    });
    let people: Vec<String> = all
        .iter()
        .filter(|a| !affiliation_re().is_match(a))
        .cloned()
        .collect();
    if people.is_empty() {
        all
    } else {
        people
    }
}

fn metadata(meta: &RawMeta, ld: &JsonLd, url: Option<&str>) -> HtmlDoc {
    let m = &meta.metas;
    let outlet = meta_get(m, &["og:site_name", "application-name"])
        .map(|o| o.trim_start_matches('@').trim().to_string())
        .or_else(|| ld.publisher.clone())
        .filter(|s| !s.is_empty());
    let canonical = meta
        .canonical
        .as_deref()
        .and_then(|c| resolve(url, c))
        .or_else(|| meta_get(m, &["og:url"]).and_then(|c| resolve(url, c)))
        .or_else(|| url.map(str::to_string));
    let host = canonical.as_deref().and_then(host_of);
    let title = meta_get(m, &["og:title", "twitter:title"])
        .map(|t| clean_title(t, outlet.as_deref(), host))
        .or_else(|| ld.headline.clone())
        .or_else(|| {
            meta.title
                .as_deref()
                .map(|t| clean_title(t, outlet.as_deref(), host))
        })
        .or_else(|| meta.h1.clone())
        .filter(|t| !t.is_empty());
    let date_keys = [
        "article:published_time",
        "og:article:published_time",
        "article.published",
        "datepublished",
        "publishdate",
        "publish-date",
        "publish_date",
        "pubdate",
        "date",
        "dc.date.issued",
        "dc.date",
        "dcterms.created",
        "sailthru.date",
        "parsely-pub-date",
        "cxenseparse:recs:publishtime",
        "article:modified_time",
    ];
    let published = meta_get(m, &date_keys[..date_keys.len() - 1])
        .and_then(normalize_date)
        .or_else(|| ld.date_published.as_deref().and_then(normalize_date))
        .or_else(|| meta.itemprop_date.as_deref().and_then(normalize_date))
        .or_else(|| meta.time_datetime.as_deref().and_then(normalize_date))
        .map(|value| Published {
            value,
            source: DateSource::Metadata,
        });
    let mut author_sources: Vec<Vec<String>> = vec![ld.authors.clone()];
    author_sources.push(
        m.iter()
            .filter(|(k, _)| {
                matches!(
                    k.as_str(),
                    "author" | "dc.creator" | "sailthru.author" | "parsely-author"
                )
            })
            .map(|(_, v)| v.clone())
            .collect(),
    );
    author_sources.push(
        m.iter()
            .filter(|(k, _)| k == "article:author")
            .map(|(_, v)| v.clone())
            .collect(),
    );
    author_sources.push(meta.itemprop_authors.clone());
    author_sources.push(meta.rel_authors.clone());
    author_sources.push(meta.bylines.clone());
    let authors = author_sources
        .iter()
        .map(|s| clean_authors(s))
        .find(|a| !a.is_empty())
        .unwrap_or_default();
    let language = meta
        .lang
        .clone()
        .or_else(|| ld.language.clone())
        .or_else(|| meta_get(m, &["content-language", "og:locale", "language"]).map(str::to_string))
        .and_then(|l| {
            let code: String = l
                .trim()
                .chars()
                .take_while(|c| c.is_ascii_alphabetic())
                .collect();
            (code.len() == 2).then(|| code.to_ascii_lowercase())
        });
    let description = meta_get(m, &["og:description", "description", "twitter:description"])
        .map(str::to_string)
        .or_else(|| ld.description.clone());
    HtmlDoc {
        title,
        published,
        outlet,
        url: canonical,
        authors,
        language,
        text: String::new(),
        description,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARA1: &str = "The city council voted on Tuesday to approve the new budget, which \
        raises spending on schools and public transport by ten percent over two years.";
    const PARA2: &str = "Opponents said the plan would force higher property taxes, while \
        supporters argued that the investment was long overdue and widely popular.";
    const PARA3: &str = "The mayor is expected to sign the measure next week, officials said, \
        after a final review by the city's legal department.";

    fn page(head: &str, body: &str) -> String {
        format!("<!DOCTYPE html><html lang=\"en-US\"><head>{head}</head><body>{body}</body></html>")
    }

    #[test]
    fn metadata_from_meta_tags() {
        let html = page(
            r#"<title>Council passes budget - The Daily Planet</title>
            <meta property="og:site_name" content="The Daily Planet">
            <meta property="article:published_time" content="2026-01-22T14:30:00Z">
            <meta name="author" content="By Lois Lane and Clark Kent">
            <link rel="canonical" href="/news/budget">"#,
            &format!("<article><p>{PARA1}</p></article>"),
        );
        let doc = extract(&html, Some("https://planet.example/news/budget?utm=x"));
        assert_eq!(doc.title.as_deref(), Some("Council passes budget"));
        assert_eq!(doc.outlet.as_deref(), Some("The Daily Planet"));
        assert_eq!(
            doc.published,
            Some(Published {
                value: "2026-01-22T14:30".into(),
                source: DateSource::Metadata
            })
        );
        assert_eq!(doc.authors, vec!["Lois Lane", "Clark Kent"]);
        assert_eq!(
            doc.url.as_deref(),
            Some("https://planet.example/news/budget")
        );
        assert_eq!(doc.language.as_deref(), Some("en"));
    }

    #[test]
    fn metadata_from_json_ld() {
        let html = page(
            r#"<script type="application/ld+json">
            {"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"Example"},
              {"@type":"NewsArticle","headline":"Storm hits the coast",
               "datePublished":"2025-11-03","author":[{"@type":"Person","name":"Jane Roe"}],
               "publisher":{"@type":"Organization","name":"Coastal News"}}]}
            </script>"#,
            &format!("<div><p>{PARA1}</p></div>"),
        );
        let doc = extract(&html, None);
        assert_eq!(doc.title.as_deref(), Some("Storm hits the coast"));
        assert_eq!(
            doc.published.as_ref().map(|p| p.value.as_str()),
            Some("2025-11-03")
        );
        assert_eq!(doc.authors, vec!["Jane Roe"]);
        assert_eq!(doc.outlet.as_deref(), Some("Coastal News"));
        assert_eq!(doc.url, None);
    }

    #[test]
    fn time_element_and_no_date() {
        let html = page(
            "",
            &format!("<article><time datetime=\"2024-05-06\">May 6</time><p>{PARA1}</p></article>"),
        );
        let doc = extract(&html, None);
        assert_eq!(
            doc.published.map(|p| p.value),
            Some("2024-05-06".to_string())
        );
        let html = page("<title>Hello</title>", &format!("<p>{PARA1}</p>"));
        let doc = extract(&html, Some("https://x.example/2024/05/06/story"));
        assert_eq!(doc.published, None);
        assert_eq!(
            doc.url.as_deref(),
            Some("https://x.example/2024/05/06/story")
        );
        assert_eq!(doc.outlet, None);
    }

    #[test]
    fn boilerplate_is_removed_and_paragraphs_kept() {
        let body = format!(
            r##"<header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
            <div class="cookie-banner">We use cookies to improve your experience on our site.</div>
            <main><article>
              <h1>Council passes budget</h1>
              <div class="byline">By Lois Lane</div>
              <div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
              <p>{PARA1}</p>
              <h2>What comes next</h2>
              <p>{PARA2}</p>
              <figure><img src="x.jpg"><figcaption>The council chamber on Tuesday.</figcaption></figure>
              <div class="ad-slot">Advertisement</div>
              <p>{PARA3}</p>
            </article>
            <aside class="related"><h3>Related</h3><ul><li><a href="/a">Another story about the budget and taxes</a></li></ul></aside>
            <section id="comments"><p>Great article, I really enjoyed reading it and will share it with friends.</p></section>
            </main>
            <footer><p>Copyright 2026 The Daily Planet. All rights reserved.</p></footer>"##
        );
        let html = page(
            "<title>Council passes budget | The Daily Planet</title>",
            &body,
        );
        let doc = extract(&html, None);
        assert_eq!(
            doc.text,
            format!("{PARA1}\n\n What comes next\n\n{PARA2}\n\n{PARA3}").replace("\n ", "\n")
        );
        assert_eq!(doc.title.as_deref(), Some("Council passes budget"));
    }

    #[test]
    fn article_split_over_sibling_wrappers() {
        let body = format!(
            r#"<div class="row"><p>{PARA1}</p></div>
            <div class="row"><p>{PARA2}</p><p>{PARA3}</p><p>{PARA2}</p></div>
            <div class="row"><ul><li><a href="/1">Link one to elsewhere on the site</a></li>
            <li><a href="/2">Link two to elsewhere on the site</a></li></ul></div>"#
        );
        let doc = extract(&page("", &body), None);
        assert_eq!(
            doc.text,
            format!("{PARA1}\n\n{PARA2}\n\n{PARA3}\n\n{PARA2}")
        );
    }

    #[test]
    fn inline_markup_and_line_breaks() {
        let body = format!(
            "<div class=\"story-body\"><p>{PARA1} <a href=\"/x\">More</a> <em>here</em>.</p>\
             <p>{PARA2}<br>Second line of the paragraph.</p></div>"
        );
        let doc = extract(&page("", &body), None);
        assert_eq!(
            doc.text,
            format!("{PARA1} More here.\n\n{PARA2}\n\nSecond line of the paragraph.")
        );
    }

    #[test]
    fn json_ld_article_body_when_dom_has_little() {
        let long = format!("{PARA1}\n{PARA2}\n{PARA3}\n{PARA1}");
        let ld = serde_json::json!({"@type": "NewsArticle", "headline": "H", "articleBody": long});
        let html = page(
            &format!("<script type=\"application/ld+json\">{ld}</script>"),
            "<div id=\"app\"><p>Loading the story, please wait while we fetch it.</p></div>",
        );
        let doc = extract(&html, None);
        assert_eq!(
            doc.text,
            format!("{PARA1}\n\n{PARA2}\n\n{PARA3}\n\n{PARA1}")
        );
    }

    #[test]
    fn dates_normalise() {
        assert_eq!(
            normalize_date("2019-11-18T13:45:00+00:00").as_deref(),
            Some("2019-11-18T13:45")
        );
        assert_eq!(
            normalize_date("2019-11-18T00:00:00Z").as_deref(),
            Some("2019-11-18")
        );
        assert_eq!(normalize_date("2019-1-8").as_deref(), Some("2019-01-08"));
        assert_eq!(normalize_date("2019-13-01"), None);
        assert_eq!(normalize_date("yesterday"), None);
    }

    #[test]
    fn authors_are_cleaned() {
        let raw = vec![
            "By JILL LAWLESS, Associated Press".to_string(),
            "Rachael Link, MS, RD".to_string(),
        ];
        assert_eq!(clean_authors(&raw), vec!["JILL LAWLESS", "Rachael Link"]);
        assert_eq!(
            clean_authors(&["https://facebook.com/someone".to_string()]),
            Vec::<String>::new()
        );
        assert_eq!(
            clean_authors(&["Associated Press".to_string()]),
            vec!["Associated Press"]
        );
    }

    #[test]
    fn titles_lose_site_suffix() {
        assert_eq!(
            clean_title("Storm hits coast | Coastal News", None, None),
            "Storm hits coast"
        );
        assert_eq!(
            clean_title(
                "Storm hits coast - coastalnews.com",
                None,
                Some("www.coastalnews.com")
            ),
            "Storm hits coast"
        );
        assert_eq!(
            clean_title(
                "Spider-Man - Far From Home review: a tangled web of fun",
                None,
                None
            ),
            "Spider-Man - Far From Home review: a tangled web of fun"
        );
    }

    #[test]
    fn preclean_drops_scripts_and_keeps_json_ld() {
        let pre = preclean(
            "<p>a</p><script>var x = '<p>no</p>';</script><SCRIPT type=\"application/ld+json\">{\"a\":1}</SCRIPT>\
             <!-- <p>comment</p> --><style>p{}</style><p>b</p>",
        );
        assert_eq!(pre.html, "<p>a</p><p>b</p>");
        assert_eq!(pre.json_ld, vec!["{\"a\":1}".to_string()]);
    }

    #[test]
    fn empty_and_broken_input() {
        assert_eq!(extract("", None).text, "");
        assert_eq!(extract("<p>unclosed <script>", None).text, "unclosed");
        let doc = extract("just text, no tags at all", None);
        assert_eq!(doc.title, None);
    }
}

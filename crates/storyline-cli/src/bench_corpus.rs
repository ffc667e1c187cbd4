//! A deterministic synthetic news corpus for the scale benchmarks (issues 5 and 8), built from
//! the bulk corpus (TE3-silver AFP/APW articles, TimeML tags stripped).
//!
//! The corpus is a sequence of *events*, each on a date spread over `max(60, N / 1000)` days
//! (about a thousand articles a day at 1M):
//! - a **story** (30%): 2–6 reports made by recombining the paragraphs of a seed article and
//!   up to three articles whose titles share words with it (the lead from one source, the
//!   other paragraphs drawn from all of them), dated within three days of each other;
//! - a **singleton** (70%): one report, the lead of a seed article and paragraphs of three
//!   random others.
//!
//! Every report gets 1–3 **wire copies** with probability 0.25: 40% exact (same text, another
//! title, outlet and URL), 60% perturbed (a few words changed, the last paragraph dropped or
//! two paragraphs swapped, another title). Each paragraph, when used, has its numbers
//! rewritten for the event (consistently inside the event) and a few short words dropped, so
//! that reuse of the 2,452 source articles at large N does not make unrelated reports
//! near-copies of one another. Report lengths follow the source articles' paragraph counts.
//!
//! The generator's truth (story = event, copy group = the original report) is kept with each
//! article, for quality figures.

use std::io::Write;
use std::path::Path;

/// Default seed of the benchmark corpus.
pub const SEED: u64 = 0x5709_11e5;
/// Articles per JSON Lines shard on disk.
pub const SHARD: usize = 10_000;

/// One source article: title and paragraphs.
#[derive(Debug, Clone)]
pub struct Base {
    pub title: String,
    pub paras: Vec<String>,
}

/// What a generated article is, relative to its copy group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Original,
    ExactCopy,
    NearCopy,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Original => "original",
            Kind::ExactCopy => "exact",
            Kind::NearCopy => "near",
        }
    }
}

/// One generated article and the generator's truth about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenArticle {
    pub title: String,
    pub text: String,
    pub url: String,
    pub outlet: String,
    /// `YYYY-MM-DDTHH:MM:00Z`.
    pub published: String,
    /// The event (story) it reports.
    pub story: u32,
    /// Its copy group: the index of the original report.
    pub copy_group: u32,
    pub kind: Kind,
}

impl GenArticle {
    /// The contract input object (one JSON Lines line, no newline).
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "title": self.title,
            "text": self.text,
            "url": self.url,
            "outlet": self.outlet,
            "published": self.published,
        })
        .to_string()
    }
}

/// splitmix64: small, fast, deterministic.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

const OUTLETS: &[(&str, &str)] = &[
    ("Agence France-Presse", "afp.com"),
    ("Associated Press", "apnews.com"),
    ("Reuters", "reuters.com"),
    ("The Daily Ledger", "dailyledger.example"),
    ("Morning Courier", "morningcourier.example"),
    ("Evening Standard Post", "eveningpost.example"),
    ("Globe Wire", "globewire.example"),
    ("Capital Times", "capitaltimes.example"),
    ("Harbour Herald", "harbourherald.example"),
    ("Northern Gazette", "northerngazette.example"),
    ("Southern Tribune", "southerntribune.example"),
    ("Metro Observer", "metroobserver.example"),
    ("Valley News", "valleynews.example"),
    ("Coastal Chronicle", "coastalchronicle.example"),
    ("Business Daily", "businessdaily.example"),
    ("World Report", "worldreport.example"),
    ("City Journal", "cityjournal.example"),
    ("The Sentinel", "sentinel.example"),
    ("The Examiner", "examiner.example"),
    ("National Dispatch", "nationaldispatch.example"),
    ("Market Watch Weekly", "marketweekly.example"),
    ("Regional Press", "regionalpress.example"),
    ("The Record", "therecord.example"),
    ("Independent Monitor", "monitor.example"),
];

const TITLE_STOP: &[&str] = &[
    "with", "from", "after", "over", "says", "said", "that", "this", "into", "than", "will",
    "have", "been", "more", "percent", "year", "first", "amid", "about", "against", "back",
];

/// The source articles under `dir` (TimeML), in path order: title and paragraphs.
pub fn load_bases(dir: &Path) -> anyhow::Result<Vec<Base>> {
    let mut out = Vec::new();
    for path in storyline_eval::files_under(dir)? {
        if path.extension().is_some_and(|e| e == "tml") {
            let xml = std::fs::read_to_string(&path)?;
            let doc = storyline_eval::timeml::parse(&xml);
            let paras: Vec<String> = doc
                .text
                .split("\n\n")
                .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|p| p.len() >= 20)
                .collect();
            if paras.is_empty() {
                continue;
            }
            let title = doc
                .title
                .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| paras[0].chars().take(80).collect());
            out.push(Base { title, paras });
        }
    }
    anyhow::ensure!(!out.is_empty(), "no .tml files with text");
    Ok(out)
}

/// Up to three articles whose titles share the most content words with each article's.
fn neighbours(bases: &[Base]) -> Vec<Vec<u32>> {
    use std::collections::HashMap as FxHashMap;
    let words = |t: &str| -> Vec<String> {
        let mut w: Vec<String> = t
            .split(|c: char| !c.is_alphanumeric())
            .map(str::to_lowercase)
            .filter(|w| w.len() >= 4 && !TITLE_STOP.contains(&w.as_str()))
            .collect();
        w.sort();
        w.dedup();
        w
    };
    let titles: Vec<Vec<String>> = bases.iter().map(|b| words(&b.title)).collect();
    let mut index: FxHashMap<&str, Vec<u32>> = FxHashMap::new();
    for (i, ws) in titles.iter().enumerate() {
        for w in ws {
            index.entry(w.as_str()).or_default().push(i as u32);
        }
    }
    titles
        .iter()
        .enumerate()
        .map(|(i, ws)| {
            let mut counts: FxHashMap<u32, u32> = FxHashMap::new();
            for w in ws {
                let list = &index[w.as_str()];
                if list.len() > 60 {
                    continue;
                }
                for &j in list {
                    if j as usize != i {
                        *counts.entry(j).or_default() += 1;
                    }
                }
            }
            let mut v: Vec<(u32, u32)> = counts.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            v.into_iter().take(3).map(|(j, _)| j).collect()
        })
        .collect()
}

/// Days since 1970-01-01 → (year, month, day) (Howard Hinnant's algorithm).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// 2021-01-01 in days since 1970-01-01.
const START_DAY: i64 = 18_628;

/// The generator: an iterator over `n` articles, deterministic for `(bases, n, seed)`.
pub struct Generator<'a> {
    bases: &'a [Base],
    near: Vec<Vec<u32>>,
    rng: Rng,
    n: usize,
    produced: usize,
    span_days: usize,
    event: u32,
    pending: std::collections::VecDeque<GenArticle>,
}

impl<'a> Generator<'a> {
    pub fn new(bases: &'a [Base], n: usize, seed: u64) -> Self {
        assert!(!bases.is_empty());
        Generator {
            bases,
            near: neighbours(bases),
            rng: Rng::new(seed),
            n,
            produced: 0,
            span_days: (n / 1000).max(60),
            event: 0,
            pending: Default::default(),
        }
    }

    /// A paragraph as used by one event: numbers rewritten (consistently within the event)
    /// and about one short word in seven dropped.
    fn variant(&mut self, para: &str, event_key: u64) -> String {
        let mut out = String::with_capacity(para.len());
        for w in para.split(' ') {
            let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
            if !bare.is_empty()
                && bare
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
            {
                // Same number, same event → same replacement.
                let mut h = event_key ^ 0x9e37_79b9_7f4a_7c15;
                for b in bare.bytes() {
                    h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
                }
                let digits = bare.chars().filter(char::is_ascii_digit).count().min(7) as u32;
                let value = (h >> 20) % 10u64.pow(digits).max(10);
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&w.replacen(bare, &value.to_string(), 1));
                continue;
            }
            if bare.len() <= 3
                && bare.chars().all(char::is_lowercase)
                && w.len() == bare.len()
                && self.rng.chance(0.15)
            {
                continue;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
        out
    }

    fn length(&mut self) -> usize {
        let b = &self.bases[self.rng.below(self.bases.len())];
        b.paras.len().clamp(1, 40)
    }

    fn date(&mut self, day: i64) -> String {
        let (y, m, d) = civil(START_DAY + day);
        let hour = self.rng.below(24);
        let minute = self.rng.below(60);
        format!("{y:04}-{m:02}-{d:02}T{hour:02}:{minute:02}:00Z")
    }

    fn url(&mut self, outlet: usize, published: &str, title: &str) -> String {
        let slug: String = title
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(6)
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join("-");
        format!(
            "https://{}/{}/{}/{}-{}",
            OUTLETS[outlet].1,
            &published[..4],
            &published[5..7],
            slug,
            self.produced + self.pending.len()
        )
    }

    fn push(&mut self, article: GenArticle) {
        self.pending.push_back(article);
    }

    /// One report plus its wire copies.
    fn report(&mut self, story: u32, title: String, paras: Vec<String>, day: i64) {
        let outlet = self.rng.below(OUTLETS.len());
        let published = self.date(day);
        let url = self.url(outlet, &published, &title);
        let group = (self.produced + self.pending.len()) as u32;
        let text = paras.join("\n\n");
        self.push(GenArticle {
            title: title.clone(),
            text: text.clone(),
            url,
            outlet: OUTLETS[outlet].0.to_string(),
            published,
            story,
            copy_group: group,
            kind: Kind::Original,
        });
        if !self.rng.chance(0.25) {
            return;
        }
        for _ in 0..1 + self.rng.below(3) {
            let outlet = self.rng.below(OUTLETS.len());
            let shift = self.rng.below(2) as i64;
            let published = self.date(day + shift);
            let copy_title = match self.rng.below(3) {
                0 => format!("{} ({})", title, OUTLETS[outlet].0),
                1 => format!("UPDATE {}-{}", 1 + self.rng.below(3), title),
                _ => {
                    let ws: Vec<&str> = title.split(' ').collect();
                    ws[..ws.len().saturating_sub(1).max(1)].join(" ")
                }
            };
            let url = self.url(outlet, &published, &copy_title);
            let (text, kind) = if self.rng.chance(0.4) {
                (text.clone(), Kind::ExactCopy)
            } else {
                (self.perturb(&paras), Kind::NearCopy)
            };
            self.push(GenArticle {
                title: copy_title,
                text,
                url,
                outlet: OUTLETS[outlet].0.to_string(),
                published,
                story,
                copy_group: group,
                kind,
            });
        }
    }

    /// A light rewrite: 1–3 words replaced, and the last paragraph dropped or two swapped.
    fn perturb(&mut self, paras: &[String]) -> String {
        let mut paras = paras.to_vec();
        match self.rng.below(3) {
            0 if paras.len() >= 3 => {
                paras.pop();
            }
            1 if paras.len() >= 3 => {
                let a = 1 + self.rng.below(paras.len() - 1);
                let b = 1 + self.rng.below(paras.len() - 1);
                paras.swap(a, b);
            }
            _ => {}
        }
        for _ in 0..1 + self.rng.below(3) {
            let p = self.rng.below(paras.len());
            let mut words: Vec<String> = paras[p].split(' ').map(str::to_string).collect();
            let w = self.rng.below(words.len());
            let b = &self.bases[self.rng.below(self.bases.len())];
            let donor = &b.paras[self.rng.below(b.paras.len())];
            let dw: Vec<&str> = donor.split(' ').collect();
            words[w] = dw[self.rng.below(dw.len())].to_string();
            paras[p] = words.join(" ");
        }
        paras.join("\n\n")
    }

    fn next_event(&mut self) {
        let story = self.event;
        self.event += 1;
        let key = self.rng.next_u64();
        let day = self.rng.below(self.span_days) as i64;
        let seed = self.rng.below(self.bases.len());
        if self.rng.chance(0.3) {
            let mut sources = vec![seed as u32];
            sources.extend(self.near[seed].iter().copied());
            let pool: Vec<(u32, usize)> = sources
                .iter()
                .flat_map(|&s| (0..self.bases[s as usize].paras.len()).map(move |p| (s, p)))
                .collect();
            let reports = 2 + self.rng.below(5);
            for r in 0..reports {
                let lead_src = sources[r % sources.len()] as usize;
                let title = self.bases[lead_src].title.clone();
                let len = self.length().min(pool.len());
                let mut picked: Vec<(u32, usize)> = vec![(lead_src as u32, 0)];
                let mut tries = 0;
                while picked.len() < len && tries < 4 * len {
                    tries += 1;
                    let c = pool[self.rng.below(pool.len())];
                    if !picked.contains(&c) {
                        picked.push(c);
                    }
                }
                let paras: Vec<String> = picked
                    .iter()
                    .map(|&(s, p)| {
                        let text = self.bases[s as usize].paras[p].clone();
                        self.variant(&text, key)
                    })
                    .collect();
                let d = day + self.rng.below(3) as i64;
                self.report(story, title, paras, d);
            }
        } else {
            let len = self.length();
            let mut paras = vec![self.bases[seed].paras[0].clone()];
            let others: Vec<usize> = (0..3).map(|_| self.rng.below(self.bases.len())).collect();
            for _ in 1..len {
                let b = &self.bases[others[self.rng.below(others.len())]];
                paras.push(b.paras[self.rng.below(b.paras.len())].clone());
            }
            let paras: Vec<String> = paras.iter().map(|p| self.variant(p, key)).collect();
            let title = self.bases[seed].title.clone();
            self.report(story, title, paras, day);
        }
    }
}

impl Iterator for Generator<'_> {
    type Item = GenArticle;

    fn next(&mut self) -> Option<GenArticle> {
        if self.produced >= self.n {
            return None;
        }
        while self.pending.is_empty() {
            self.next_event();
        }
        self.produced += 1;
        self.pending.pop_front()
    }
}

/// Counts of a generated corpus.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CorpusStats {
    pub articles: usize,
    pub bytes: usize,
    pub stories: usize,
    pub multi_report_stories: usize,
    pub exact_copies: usize,
    pub near_copies: usize,
}

impl std::fmt::Display for CorpusStats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} articles ({:.1} MB of text), {} stories ({} with 2+ reports), {} exact and {} perturbed wire copies",
            self.articles,
            self.bytes as f64 / 1e6,
            self.stories,
            self.multi_report_stories,
            self.exact_copies,
            self.near_copies
        )
    }
}

/// Writes `n` articles to `out/articles/part-NNNNN.jsonl` ([`SHARD`] a file) and the truth to
/// `out/truth.tsv` (`line\turl\tstory\tcopy_group\tkind`, in article order).
pub fn write(bases: &[Base], n: usize, seed: u64, out: &Path) -> anyhow::Result<CorpusStats> {
    let dir = out.join("articles");
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    let mut truth = std::io::BufWriter::new(std::fs::File::create(out.join("truth.tsv"))?);
    writeln!(truth, "line\turl\tstory\tcopy_group\tkind")?;
    let mut shard: Option<std::io::BufWriter<std::fs::File>> = None;
    let mut stats = CorpusStats::default();
    let mut story_sizes: Vec<u32> = Vec::new();
    for (i, a) in Generator::new(bases, n, seed).enumerate() {
        if i % SHARD == 0 {
            if let Some(mut w) = shard.take() {
                w.flush()?;
            }
            let path = dir.join(format!("part-{:05}.jsonl", i / SHARD));
            shard = Some(std::io::BufWriter::new(std::fs::File::create(path)?));
        }
        let w = shard.as_mut().expect("shard open");
        writeln!(w, "{}", a.to_json())?;
        writeln!(
            truth,
            "{i}\t{}\t{}\t{}\t{}",
            a.url,
            a.story,
            a.copy_group,
            a.kind.as_str()
        )?;
        count(&mut stats, &mut story_sizes, &a);
    }
    if let Some(mut w) = shard {
        w.flush()?;
    }
    truth.flush()?;
    finish(&mut stats, &story_sizes);
    Ok(stats)
}

fn count(stats: &mut CorpusStats, story_sizes: &mut Vec<u32>, a: &GenArticle) {
    stats.articles += 1;
    stats.bytes += a.text.len();
    match a.kind {
        Kind::ExactCopy => stats.exact_copies += 1,
        Kind::NearCopy => stats.near_copies += 1,
        Kind::Original => {
            let s = a.story as usize;
            if story_sizes.len() <= s {
                story_sizes.resize(s + 1, 0);
            }
            story_sizes[s] += 1;
        }
    }
}

fn finish(stats: &mut CorpusStats, story_sizes: &[u32]) {
    stats.stories = story_sizes.iter().filter(|&&c| c > 0).count();
    stats.multi_report_stories = story_sizes.iter().filter(|&&c| c > 1).count();
}

/// Statistics of articles generated in memory.
pub fn stats_of(articles: &[GenArticle]) -> CorpusStats {
    let mut stats = CorpusStats::default();
    let mut sizes = Vec::new();
    for a in articles {
        count(&mut stats, &mut sizes, a);
    }
    finish(&mut stats, &sizes);
    stats
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_core::link::dedup;

    fn bases() -> Vec<Base> {
        let topics = [
            (
                "Earthquake strikes northern province",
                "earthquake province rescue rubble",
            ),
            (
                "Central bank raises interest rates",
                "bank rates inflation markets",
            ),
            (
                "Election results contested in capital",
                "election votes ballots capital",
            ),
            ("Storm floods coastal towns", "storm flood coast evacuation"),
        ];
        let mut out = Vec::new();
        for (t, (title, words)) in topics.iter().enumerate() {
            for k in 0..3 {
                let paras = (0..6)
                    .map(|p| {
                        (0..40)
                            .map(|w| {
                                let ws: Vec<&str> = words.split(' ').collect();
                                format!("{}{}x{}y{}", ws[w % ws.len()], t, k * 100 + p, w)
                            })
                            .collect::<Vec<_>>()
                            .join(" ")
                            + " in 1,200 cases."
                    })
                    .collect();
                out.push(Base {
                    title: format!("{title} {k}"),
                    paras,
                });
            }
        }
        out
    }

    #[test]
    fn deterministic_for_a_seed() {
        let b = bases();
        let a: Vec<GenArticle> = Generator::new(&b, 300, 7).collect();
        let again: Vec<GenArticle> = Generator::new(&b, 300, 7).collect();
        assert_eq!(a.len(), 300);
        assert_eq!(a, again);
        let other: Vec<GenArticle> = Generator::new(&b, 300, 8).collect();
        assert_ne!(a, other);
        // URLs are unique.
        let mut urls: Vec<&str> = a.iter().map(|x| x.url.as_str()).collect();
        urls.sort();
        urls.dedup();
        assert_eq!(urls.len(), 300);
    }

    #[test]
    fn copies_and_stories_exist() {
        let b = bases();
        let a: Vec<GenArticle> = Generator::new(&b, 400, SEED).collect();
        let s = stats_of(&a);
        assert!(s.exact_copies > 0 && s.near_copies > 0, "{s}");
        assert!(s.multi_report_stories > 0, "{s}");
        for x in &a {
            let original = &a[x.copy_group as usize];
            assert_eq!(original.kind, Kind::Original);
            assert_eq!(original.story, x.story);
            match x.kind {
                Kind::ExactCopy => assert_eq!(x.text, original.text),
                Kind::NearCopy => {
                    // A perturbed copy is a copy for the deduplicator.
                    let (sx, so) = (dedup::signature(&x.text), dedup::signature(&original.text));
                    assert!(sx.is_copy(&so), "{}\n---\n{}", x.text, original.text);
                }
                Kind::Original => {}
            }
        }
        // Reports of one story are not copies of each other (they are rewrites).
        let mut pairs = 0;
        for (i, x) in a.iter().enumerate() {
            for y in &a[i + 1..] {
                if x.kind == Kind::Original && y.kind == Kind::Original && x.story == y.story {
                    pairs += 1;
                }
            }
        }
        assert!(pairs > 0);
    }
}

//! The export document (contract `storyline/1`): assembled from the store by running the
//! corpus stages over what it holds — copies of one report, entities across articles,
//! stories — and filtered to one story on request.

use crate::extract;
use crate::link::events as link_events;
use crate::link::{claims, cluster, conflicts, dates, dedup, resolve};
use crate::story_cache;
use crate::summarize;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use storyline_model::{
    Annotations, Article, ArticleId, Attribution, AttributionId, Entity, EntityId, Event, Export,
    GroupId, Published, PublishedConflict, Story, StoryId, TimeExpr,
};

mod corpus_state;
pub mod json;
use storyline_store::{Store, StoreError};

/// Length of each story's summary in the export (about five sentences).
pub const SUMMARY_WORDS: usize = 100;

/// Articles loaded whole, and the annotations of those that have them.
type Loaded = (Vec<Article>, Vec<(ArticleId, Annotations)>);

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no such story: {0}")]
    NoStory(String),
    #[error("writing the export: {0}")]
    Io(#[from] std::io::Error),
}

/// Everything the store holds, or one story of it, as one document in memory (for the
/// server's snapshot and for tests; `storyline export` streams the same parts through
/// [`write`] and [`json::JsonSink`] instead). Stories whose inputs did not change since an
/// earlier export are read from the store's story cache (`story_cache`); the others are
/// computed, in parallel, and cached.
pub fn export(store: &dyn Store, story: Option<&StoryId>) -> Result<Export, ExportError> {
    let mut doc = Export::default();
    write(store, &mut doc)?;
    if let Some(id) = story {
        let Some(pos) = doc.stories.iter().position(|s| &s.id == id) else {
            return Err(ExportError::NoStory(id.to_string()));
        };
        let story = doc.stories.swap_remove(pos);
        return Ok(story_document(&doc, &story));
    }
    Ok(doc)
}

/// Receives the parts of the export document. [`write`] hands them over in the order it
/// computes them — every entity first, then every event and story, then every article with
/// its attributions and times (the articles last) — and within each part in document order.
pub trait Sink {
    fn article(&mut self, article: Article) -> Result<(), ExportError>;
    fn entity(&mut self, entity: Entity) -> Result<(), ExportError>;
    fn attribution(&mut self, attribution: Attribution) -> Result<(), ExportError>;
    fn time(&mut self, time: TimeExpr) -> Result<(), ExportError>;
    fn event(&mut self, event: Event) -> Result<(), ExportError>;
    fn story(&mut self, story: Story) -> Result<(), ExportError>;

    // Several elements of one part at once, in order (a sink may prepare them in
    // parallel); by default one at a time.

    fn articles(&mut self, articles: Vec<Article>) -> Result<(), ExportError> {
        articles.into_iter().try_for_each(|a| self.article(a))
    }
    fn entities(&mut self, entities: Vec<Entity>) -> Result<(), ExportError> {
        entities.into_iter().try_for_each(|e| self.entity(e))
    }
    fn attributions(&mut self, attributions: Vec<Attribution>) -> Result<(), ExportError> {
        attributions
            .into_iter()
            .try_for_each(|a| self.attribution(a))
    }
    fn times(&mut self, times: Vec<TimeExpr>) -> Result<(), ExportError> {
        times.into_iter().try_for_each(|t| self.time(t))
    }
    fn events(&mut self, events: Vec<Event>) -> Result<(), ExportError> {
        events.into_iter().try_for_each(|e| self.event(e))
    }
    fn stories(&mut self, stories: Vec<Story>) -> Result<(), ExportError> {
        stories.into_iter().try_for_each(|s| self.story(s))
    }
}

/// The whole document in memory.
impl Sink for Export {
    fn article(&mut self, article: Article) -> Result<(), ExportError> {
        self.articles.push(article);
        Ok(())
    }
    fn entity(&mut self, entity: Entity) -> Result<(), ExportError> {
        self.entities.push(entity);
        Ok(())
    }
    fn attribution(&mut self, attribution: Attribution) -> Result<(), ExportError> {
        self.attributions.push(attribution);
        Ok(())
    }
    fn time(&mut self, time: TimeExpr) -> Result<(), ExportError> {
        self.times.push(time);
        Ok(())
    }
    fn event(&mut self, event: Event) -> Result<(), ExportError> {
        self.events.push(event);
        Ok(())
    }
    fn story(&mut self, story: Story) -> Result<(), ExportError> {
        self.stories.push(story);
        Ok(())
    }
}

/// Articles a batch loads from the store in the per-story and per-article passes (whole
/// stories are kept together, so a batch can hold more).
const BATCH_ARTICLES: usize = 4096;

/// Mentions of the entities built (and handed to the sink) together.
const ENTITY_BATCH_MENTIONS: usize = 65_536;

/// Articles read whole per batch for clustering's features: two batches are held at a time
/// (one read while the other's features are computed), so smaller than [`BATCH_ARTICLES`].
const FEATURE_BATCH: usize = 1024;

/// What the corpus-wide stages left: the canonical order of articles, their copy marks, the
/// stories and the entities (handed to the sink as soon as they are resolved; what the
/// per-story stages need of them is kept in [`Corpus::entity`]).
struct Corpus {
    /// Article ids in canonical order.
    order: Vec<ArticleId>,
    /// Position of each article in `order`.
    index: FxHashMap<ArticleId, usize>,
    /// Copy marks (`duplicate_of`, `origin_group`) by position.
    marks: Vec<(Option<ArticleId>, Option<GroupId>)>,
    clusters: Vec<cluster::Story>,
    /// Entity ids and names, by number.
    entities: Vec<(EntityId, String)>,
    /// By article position, the number of the entity each article-local referent resolved to
    /// (`NONE`: it resolved to none).
    of_local: Vec<Box<[u32]>>,
}

/// No entity, in [`Corpus::of_local`].
const NONE: u32 = u32::MAX;

impl Corpus {
    /// Runs entity resolution, copies and clustering without holding the corpus' texts (see
    /// [`read_pass`], [`copies`] and [`stories`]). Resolution runs first, right after the
    /// store pass, so that its working set is freed before the clusterer is built: the two
    /// largest corpus-wide structures are never held together.
    fn build(
        store: &dyn Store,
        sink: &mut dyn Sink,
        stage: &mut dyn FnMut(&'static str),
    ) -> Result<Corpus, ExportError> {
        // Of the annotations, the resolver keeps the referents and mentions compactly.
        let mut resolver = resolve::Resolver::new();
        let mut added: Vec<ArticleId> = Vec::new();
        let state = StoredState::read(store)?;
        let (metas, sigs) = read_pass(store, state.signatures_needed(), &mut |id, ann| {
            resolver.add(id, ann);
            added.push(id.clone());
        })?;
        stage("store pass (ids, dates, signatures, names)");
        let index: FxHashMap<ArticleId, usize> = metas
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id.clone(), i))
            .collect();

        // Entities: resolved, then handed to the sink one at a time.
        let mut resolved = resolver.finish();
        let mut of_local: Vec<Box<[u32]>> = vec![Box::default(); metas.len()];
        for (id, locals) in added.into_iter().zip(resolved.take_of_local()) {
            if let Some(&i) = index.get(&id) {
                of_local[i] = locals;
            }
        }
        let entities: Vec<(EntityId, String)> = (0..resolved.len())
            .map(|e| (resolved.id(e).clone(), resolved.name(e).to_string()))
            .collect();
        // Built whole a batch at a time, in parallel; a batch is bounded by its mentions
        // (the first entities, the most mentioned, hold a large share of them all).
        let mut e = 0;
        while e < resolved.len() {
            let (from, mut mentions) = (e, 0);
            while e < resolved.len() && (e == from || mentions < ENTITY_BATCH_MENTIONS) {
                mentions += resolved.mention_count(e);
                e += 1;
            }
            sink.entities(
                (from..e)
                    .into_par_iter()
                    .map(|e| resolved.entity(e))
                    .collect(),
            )?;
        }
        drop(resolved);
        stage("entity resolution");

        let order: Vec<ArticleId> = metas.iter().map(|m| m.id.clone()).collect();
        let (marks, clusters) = copies_and_stories(store, &metas, sigs, &order, state, stage)?;
        drop(metas);
        Ok(Corpus {
            order,
            index,
            marks,
            clusters,
            entities,
            of_local,
        })
    }

    /// The entity an article-local referent resolved to.
    fn entity(&self, article: &ArticleId, local: usize) -> Option<EntityId> {
        let i = *self.index.get(article)?;
        let e = *self.of_local[i].get(local)?;
        (e != NONE).then(|| self.entities[e as usize].0.clone())
    }

    /// What a story's cache key reads of one of its reports (see [`story_cache::key`]).
    fn report(&self, article: &ArticleId) -> Option<story_cache::Report<'_>> {
        let i = *self.index.get(article)?;
        let (duplicate_of, origin_group) = &self.marks[i];
        Some(story_cache::Report {
            duplicate_of: duplicate_of.as_ref(),
            origin_group: origin_group.as_ref(),
            entities: self.of_local[i]
                .iter()
                .map(|&e| {
                    (e != NONE).then(|| {
                        let (id, name) = &self.entities[e as usize];
                        (id, name.as_str())
                    })
                })
                .collect(),
        })
    }

    /// Loads these articles whole, with their annotations, and gives them the copy marks.
    fn load(&self, store: &dyn Store, ids: &[ArticleId]) -> Result<Loaded, ExportError> {
        let mut articles = Vec::with_capacity(ids.len());
        let mut annotations = Vec::with_capacity(ids.len());
        for (mut a, ann) in store.articles_by_id(ids)? {
            if let Some(&i) = self.index.get(&a.id) {
                (a.duplicate_of, a.origin_group) = self.marks[i].clone();
            }
            if let Some(ann) = ann {
                annotations.push((a.id.clone(), ann));
            }
            articles.push(a);
        }
        Ok((articles, annotations))
    }
}

/// The export of everything the store holds, part by part into `sink` (see [`Sink`]). Memory
/// is bounded by the corpus-wide stages' compact inputs and one batch of whole articles: the
/// entities go to the sink as soon as they are resolved, and the per-story stages and the
/// articles' own parts load their articles from the store a batch of stories (or articles)
/// at a time.
pub fn write(store: &dyn Store, sink: &mut dyn Sink) -> Result<(), ExportError> {
    write_observed(store, sink, &mut |_| {})
}

/// [`write`], calling `stage` with the name of each stage as it ends (`storyline export
/// --timings`): the corpus-wide stages, the per-story stages, the articles' pass.
pub fn write_observed(
    store: &dyn Store,
    sink: &mut dyn Sink,
    stage: &mut dyn FnMut(&'static str),
) -> Result<(), ExportError> {
    let corpus = Corpus::build(store, sink, stage)?;
    let entity_of = |a: &ArticleId, local: usize| corpus.entity(a, local);
    let name_of: FxHashMap<&EntityId, String> = corpus
        .entities
        .iter()
        .map(|(id, name)| (id, name.clone()))
        .collect();

    // The stories, a batch at a time; the dates their reports gave each other are kept for
    // the articles' pass.
    let mut keys_all: Vec<String> = Vec::with_capacity(corpus.clusters.len());
    let mut dated: FxHashMap<ArticleId, Dated> = FxHashMap::default();
    let mut cache_ok = true;
    let mut any_fresh = false;
    let mut clusters = corpus.clusters.iter().peekable();
    while clusters.peek().is_some() {
        let mut batch: Vec<cluster::Story> = Vec::new();
        let mut size = 0;
        while let Some(c) = clusters.next_if(|_| size < BATCH_ARTICLES) {
            size += c.articles.len();
            batch.push(c.clone());
        }
        // What the cache holds for each story, by a key over the story's inputs as the
        // corpus-wide stages left them; only the reports of the stories it lacks are loaded.
        let keys: Vec<String> = batch
            .par_iter()
            .map(|c| story_cache::key(c, |a| corpus.report(a)))
            .collect();
        let mut cached: Vec<Option<story_cache::Entry>> = store
            .cached(&keys)?
            .into_par_iter()
            .map(|v| v.and_then(|v| story_cache::Entry::decode(&v)))
            .collect();
        let ids: Vec<ArticleId> = batch
            .iter()
            .zip(&cached)
            .filter(|(_, hit)| hit.is_none())
            .flat_map(|(c, _)| c.articles.clone())
            .collect();
        let (mut articles, annotations) = corpus.load(store, &ids)?;
        let ann_of: FxHashMap<&ArticleId, &Annotations> =
            annotations.iter().map(|(id, a)| (id, a)).collect();

        // Dates across reports: from the cache, or reconciled now (dates as stated).
        let findings: Vec<Vec<dates::Finding>> = {
            let article_of: FxHashMap<&ArticleId, &Article> =
                articles.iter().map(|a| (&a.id, a)).collect();
            batch
                .par_iter()
                .zip(&cached)
                .map(|(c, hit)| match hit {
                    Some(entry) => entry.dates.clone(),
                    None if c.articles.len() > 1 => {
                        dates::reconcile(&sources_of(&c.articles, &article_of, &ann_of))
                    }
                    None => Vec::new(),
                })
                .collect()
        };
        // A story's findings concern its own reports only, so applying them a batch at a
        // time is applying them all at once.
        for f in findings.iter().flatten() {
            dated.entry(f.article.clone()).or_default().add(f);
        }
        for a in &mut articles {
            if let Some(d) = dated.get(&a.id) {
                d.apply(a);
            }
        }
        let article_of: FxHashMap<&ArticleId, &Article> =
            articles.iter().map(|a| (&a.id, a)).collect();

        // Stories are independent of each other from here on: computed in parallel,
        // collected in the clusters' order (the output does not depend on the number of
        // threads).
        let computed: Vec<(Story, Vec<Event>, bool)> = batch
            .into_par_iter()
            .zip(cached.par_iter_mut())
            .map(|(c, hit)| match hit.take() {
                Some(entry) => {
                    let mut story = entry.story;
                    (story.id, story.headline, story.articles) = (c.id, c.headline, c.articles);
                    (story, entry.events, false)
                }
                None => {
                    let (story, events) = story_of(c, &article_of, &ann_of, &entity_of, &name_of);
                    (story, events, true)
                }
            })
            .collect();
        let fresh: Vec<(String, Vec<u8>)> = computed
            .par_iter()
            .zip(keys.par_iter().zip(findings))
            .filter(|((_, _, fresh), _)| *fresh)
            .map(|((story, events, _), (key, dates))| {
                (key.clone(), story_cache::encode(&dates, story, events))
            })
            .collect();
        if cache_ok && !fresh.is_empty() {
            any_fresh = true;
            cache_ok = remember(store, &fresh);
        }
        keys_all.extend(keys);
        let (stories, events): (Vec<Story>, Vec<Vec<Event>>) =
            computed.into_iter().map(|(s, e, _)| (s, e)).unzip();
        sink.events(events.into_iter().flatten().collect())?;
        sink.stories(stories)?;
    }
    if cache_ok && any_fresh {
        prune(store, &keys_all);
    }
    drop(keys_all);
    stage("per-story stages (dates, events, summaries, claims, conflicts)");

    // The articles in canonical order, with their attributions and times.
    for ids in corpus.order.chunks(BATCH_ARTICLES) {
        let (mut articles, annotations) = corpus.load(store, ids)?;
        let mut times = Vec::new();
        let mut attributions = Vec::new();
        for (article, ann) in &annotations {
            times.extend(ann.times.iter().cloned());
            for q in &ann.quotes {
                attributions.push(Attribution {
                    id: AttributionId::from_content(
                        format!("{article}\u{0}{}\u{0}{}", q.start, q.end).as_bytes(),
                    ),
                    article: article.clone(),
                    kind: q.kind,
                    content: q.content.clone(),
                    start: q.start,
                    end: q.end,
                    cue: q.cue.clone(),
                    speaker: q.speaker.and_then(|l| corpus.entity(article, l)),
                    speaker_text: q.speaker_text.clone(),
                });
            }
        }
        sink.times(times)?;
        sink.attributions(attributions)?;
        for a in &mut articles {
            if let Some(d) = dated.get(&a.id) {
                d.apply(a);
            }
        }
        sink.articles(articles)?;
    }
    stage("articles, attributions, times");
    Ok(())
}

/// One story's events, timeline, summary, claims and conflicts (its reports' dates already
/// reconciled).
fn story_of(
    c: cluster::Story,
    article_of: &FxHashMap<&ArticleId, &Article>,
    ann_of: &FxHashMap<&ArticleId, &Annotations>,
    entity_of: &(impl Fn(&ArticleId, usize) -> Option<EntityId> + Sync),
    name_of: &FxHashMap<&EntityId, String>,
) -> (Story, Vec<storyline_model::Event>) {
    let mentions: Vec<(&ArticleId, Vec<extract::events::EventMention>)> = c
        .articles
        .iter()
        .filter_map(|a| {
            let (article, ann) = (article_of.get(a)?, ann_of.get(a)?);
            Some((a, extract::events::extract(article, ann)))
        })
        .collect();
    let per_article: Vec<link_events::ArticleEvents<'_>> = mentions
        .iter()
        .map(|(a, m)| link_events::ArticleEvents {
            article: a,
            mentions: m,
        })
        .collect();
    // A cited summary of the story's reports (exact copies add nothing to cite).
    let story_articles: Vec<&Article> = c
        .articles
        .iter()
        .filter_map(|a| article_of.get(a).copied())
        .filter(|a| a.duplicate_of.is_none())
        .collect();
    let summary = summarize::summarize(&story_articles, SUMMARY_WORDS).to_model();
    let story_events = link_events::merge(&per_article, entity_of);
    let timeline = link_events::timeline(&story_events);
    let event_ids = story_events.iter().map(|e| e.id.clone()).collect();
    let mut entities: Vec<_> = c
        .articles
        .iter()
        .filter_map(|a| ann_of.get(a).map(|ann| (a, *ann)))
        .flat_map(|(a, ann)| ann.mentions.iter().filter_map(|m| entity_of(a, m.local)))
        .collect();
    entities.sort();
    entities.dedup();
    // Claims and conflicts over the story's reports (exact copies included: they count once
    // through their origin group).
    let sources = sources_of(&c.articles, article_of, ann_of);
    let found = claims::claims(&sources, entity_of, &claims::Options::default());
    let pairs: Vec<_> = sources.iter().map(|s| (s.article, s.annotations)).collect();
    let name = |e: &EntityId| name_of.get(e).cloned().unwrap_or_else(|| e.to_string());
    let mut story_conflicts = conflicts::roles(&pairs, entity_of, name);
    story_conflicts.extend(conflicts::events(&story_events, &pairs, entity_of, name));
    story_conflicts.extend(found.conflicts);
    story_conflicts.extend(
        sources
            .iter()
            .filter_map(|s| conflicts::published(s.article)),
    );
    let story = Story {
        id: c.id,
        headline: c.headline,
        articles: c.articles,
        events: event_ids,
        entities,
        summary,
        timeline,
        claims: found.claims,
        conflicts: story_conflicts,
    };
    (story, story_events)
}

/// Caches what was computed; false when the store could not be written. The cache only
/// saves work: a store that cannot be written (a read-only file) still exports, so failures
/// are logged, not returned.
fn remember(store: &dyn Store, fresh: &[(String, Vec<u8>)]) -> bool {
    match store.cache(fresh) {
        Ok(()) => true,
        Err(e) => {
            tracing::warn!("story cache not written: {e}");
            false
        }
    }
}

/// Drops cache entries of stories that no longer exist once they outnumber the live ones.
fn prune(store: &dyn Store, live: &[String]) {
    match store.cache_len() {
        Ok(n) if n > 2 * live.len() => {
            if let Err(e) = store.prune_cache(live) {
                tracing::warn!("story cache not pruned: {e}");
            }
        }
        Ok(_) => {}
        Err(e) => tracing::warn!("story cache not measured: {e}"),
    }
}

/// What the reports of a story gave one report's date: a date it lacked, or a stated date
/// they contradict (the latest finding of each wins).
#[derive(Default)]
struct Dated {
    published: Option<Published>,
    conflict: Option<PublishedConflict>,
}

impl Dated {
    fn add(&mut self, f: &dates::Finding) {
        if f.published.is_some() {
            self.published = f.published.clone();
        }
        if f.conflict.is_some() {
            self.conflict = f.conflict.clone();
        }
    }

    fn apply(&self, a: &mut Article) {
        if self.published.is_some() {
            a.published = self.published.clone();
        }
        if self.conflict.is_some() {
            a.published_conflict = self.conflict.clone();
        }
    }
}

/// Puts articles (and their annotations alike) in an order that depends only on what they
/// are — date, origin, id — never on the order they were stored in: workers store in whatever
/// order they finish, and the export must not change with it.
pub fn canonical_order(articles: &mut [Article], annotations: &mut [(ArticleId, Annotations)]) {
    articles.sort_by(|a, b| {
        canonical_key(&a.published, &a.origin, &a.id).cmp(&canonical_key(
            &b.published,
            &b.origin,
            &b.id,
        ))
    });
    let rank: FxHashMap<&ArticleId, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (&a.id, i))
        .collect();
    annotations.sort_by_key(|(id, _)| (rank.get(id).copied().unwrap_or(usize::MAX), id.clone()));
}

/// What orders articles canonically (see [`canonical_order`]): date (undated first), origin,
/// id.
fn canonical_key<'a>(
    published: &'a Option<Published>,
    origin: &'a str,
    id: &'a ArticleId,
) -> (Option<&'a str>, &'a str, &'a ArticleId) {
    (published.as_ref().map(|p| p.value.as_str()), origin, id)
}

/// What the corpus-wide stages keep of an article between their passes over the store.
#[derive(Clone)]
struct Meta {
    id: ArticleId,
    origin: String,
    published: Option<Published>,
}

/// The stories of everything the store holds (copies joined to their original's story), as
/// the export finds them, without resolving entities: what `storyline run`'s digest lists.
pub fn stories_in(store: &dyn Store) -> Result<Vec<cluster::Story>, ExportError> {
    let state = StoredState::read(store)?;
    let (metas, sigs) = read_pass(store, state.signatures_needed(), &mut |_, _| {})?;
    let order: Vec<ArticleId> = metas.iter().map(|m| m.id.clone()).collect();
    Ok(copies_and_stories(store, &metas, sigs, &order, state, &mut |_| {})?.1)
}

/// The store's corpus state as read before the store pass, and whether it may hold: it was
/// computed by this build over as many articles as the store holds (whether they are the
/// same ones is known after the pass, from their ids). While it may, the pass computes no
/// signatures (what copies are found from); should the ids differ after all, a pass of
/// their own computes them ([`signature_pass`]).
struct StoredState {
    bytes: Option<Vec<u8>>,
    may_hold: bool,
}

impl StoredState {
    fn read(store: &dyn Store) -> Result<StoredState, ExportError> {
        let bytes = match store.corpus_state() {
            Ok(bytes) => bytes,
            Err(e) => {
                tracing::warn!("corpus state not read: {e}");
                None
            }
        };
        let count = bytes.as_deref().and_then(corpus_state::count);
        let may_hold = match count {
            Some(n) => n == store.article_count()?,
            None => false,
        };
        Ok(StoredState { bytes, may_hold })
    }

    fn signatures_needed(&self) -> bool {
        !self.may_hold
    }
}

/// Copy marks and stories of the articles of the store pass (`order`: their ids): read from
/// the store's corpus state when it was computed over them, else computed from the
/// signatures and the store, and left as the corpus state for the next reader.
fn copies_and_stories(
    store: &dyn Store,
    metas: &[Meta],
    sigs: Option<Vec<dedup::Signature>>,
    order: &[ArticleId],
    state: StoredState,
    stage: &mut dyn FnMut(&'static str),
) -> Result<(Vec<corpus_state::Mark>, Vec<cluster::Story>), ExportError> {
    if let Some(found) = state.bytes.and_then(|b| corpus_state::decode(&b, order)) {
        stage("copies and story clustering (from the corpus state)");
        return Ok(found);
    }
    let sigs = match sigs {
        Some(sigs) => sigs,
        None => signature_pass(store, order)?,
    };
    let marks = copies(metas, sigs);
    stage("copies");
    let clusters = stories(store, metas, &marks, stage)?;
    remember_state(store, order, &marks, &clusters);
    Ok((marks, clusters))
}

/// Stores the copy marks and stories just computed as the corpus state. Like the story
/// cache, it only saves work: a store that cannot be written still exports.
fn remember_state(
    store: &dyn Store,
    order: &[ArticleId],
    marks: &[corpus_state::Mark],
    clusters: &[cluster::Story],
) {
    if let Err(e) = store.set_corpus_state(&corpus_state::encode(order, marks, clusters)) {
        tracing::warn!("corpus state not written: {e}");
    }
}

/// One pass over the store: of each article its id, origin and date (for the canonical
/// order) and, if `signatures`, its MinHash signature (computed in the rayon pool a batch at
/// a time while the store is read on; at most two batches wait, so the texts held stay
/// bounded); its annotations, when it has them, go to `on_annotations` and are not kept.
/// Returned in canonical order.
fn read_pass(
    store: &dyn Store,
    signatures: bool,
    on_annotations: &mut dyn FnMut(&ArticleId, &Annotations),
) -> Result<(Vec<Meta>, Option<Vec<dedup::Signature>>), ExportError> {
    let mut metas: Vec<Meta> = Vec::new();
    let sigs = signed_pass(store, signatures, &mut |a, ann| {
        if let Some(ann) = ann {
            on_annotations(&a.id, ann);
        }
        metas.push(Meta {
            id: a.id.clone(),
            origin: a.origin.clone(),
            published: a.published.clone(),
        });
    })?;
    if let Some(sigs) = &sigs {
        assert_eq!(sigs.len(), metas.len(), "a signature per article");
    }

    // The canonical order (the signatures follow their articles).
    let rank = canonical_ranks(&metas);
    let sigs = sigs.map(|sigs| {
        let mut sorted: Vec<Option<dedup::Signature>> = vec![None; sigs.len()];
        for (sig, &r) in sigs.into_iter().zip(&rank) {
            sorted[r] = Some(sig);
        }
        sorted
            .into_iter()
            .map(|s| s.expect("a rank per article"))
            .collect()
    });
    let mut sorted: Vec<Option<Meta>> = vec![None; metas.len()];
    for (m, &r) in metas.into_iter().zip(&rank) {
        sorted[r] = Some(m);
    }
    let metas = sorted
        .into_iter()
        .map(|m| m.expect("a rank per article"))
        .collect();
    Ok((metas, sigs))
}

/// Every article of the store to `visit`, in the order stored, and (if `signatures`) the
/// MinHash signature of each in that order, computed in the rayon pool a batch at a time
/// while the store is read on (at most two batches wait, so the texts held stay bounded).
fn signed_pass(
    store: &dyn Store,
    signatures: bool,
    visit: &mut dyn FnMut(&Article, Option<&Annotations>),
) -> Result<Option<Vec<dedup::Signature>>, ExportError> {
    let mut texts: Vec<String> = Vec::with_capacity(BATCH_ARTICLES);
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Vec<dedup::Signature>)>();
    let mut done: std::collections::BTreeMap<usize, Vec<dedup::Signature>> =
        std::collections::BTreeMap::new();
    rayon::in_place_scope(|scope| -> Result<(), ExportError> {
        let (mut sent, mut received) = (0usize, 0usize);
        let mut send = |texts: Vec<String>| {
            if sent - received >= 2 {
                let (n, sigs) = rx.recv().expect("signatures of a batch");
                done.insert(n, sigs);
                received += 1;
            }
            let tx = tx.clone();
            let n = sent;
            scope.spawn(move |_| {
                let sigs = texts.par_iter().map(|t| dedup::signature(t)).collect();
                let _ = tx.send((n, sigs));
            });
            sent += 1;
        };
        store.each_article(&mut |a, ann| {
            visit(&a, ann.as_ref());
            if signatures {
                texts.push(a.text);
                if texts.len() == BATCH_ARTICLES {
                    send(std::mem::replace(
                        &mut texts,
                        Vec::with_capacity(BATCH_ARTICLES),
                    ));
                }
            }
        })?;
        if signatures {
            send(std::mem::take(&mut texts));
        }
        Ok(())
    })?;
    drop(tx);
    done.extend(rx);
    Ok(signatures.then(|| done.into_values().flatten().collect()))
}

/// The signatures of the articles in `order` (canonical order), in a pass of their own
/// (when the store pass skipped them, expecting the corpus state to hold, and it did not).
fn signature_pass(
    store: &dyn Store,
    order: &[ArticleId],
) -> Result<Vec<dedup::Signature>, ExportError> {
    let mut ids: Vec<ArticleId> = Vec::with_capacity(order.len());
    let sigs = signed_pass(store, true, &mut |a, _| ids.push(a.id.clone()))?
        .expect("signatures asked for");
    let mut of: FxHashMap<ArticleId, dedup::Signature> = ids.into_iter().zip(sigs).collect();
    // The store is append-only by id, so every article of the first pass is still there;
    // one that is not (a store edited by hand meanwhile) is reported, not assumed.
    order
        .iter()
        .map(|id| {
            of.remove(id).ok_or_else(|| {
                ExportError::Store(StoreError::Corrupt {
                    id: id.to_string(),
                    reason: "the article left the store during the export".into(),
                })
            })
        })
        .collect()
}

/// Copy marks (`duplicate_of`, `origin_group`) of articles in canonical order, from their
/// signatures alone.
fn copies(
    metas: &[Meta],
    sigs: Vec<dedup::Signature>,
) -> Vec<(Option<ArticleId>, Option<GroupId>)> {
    let keys: Vec<(&ArticleId, Option<&str>)> = metas
        .iter()
        .map(|m| (&m.id, m.published.as_ref().map(|p| p.value.as_str())))
        .collect();
    dedup::assign_signatures(&keys, sigs)
        .into_iter()
        .map(|asg| (asg.duplicate_of, Some(asg.group)))
        .collect()
}

/// The position of each article in the canonical order.
fn canonical_ranks(metas: &[Meta]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..metas.len()).collect();
    order.par_sort_by(|&a, &b| {
        let (a, b) = (&metas[a], &metas[b]);
        canonical_key(&a.published, &a.origin, &a.id).cmp(&canonical_key(
            &b.published,
            &b.origin,
            &b.id,
        ))
    });
    let mut rank = vec![0; metas.len()];
    for (r, i) in order.into_iter().enumerate() {
        rank[i] = r;
    }
    rank
}

/// Copies of one report: exact copies point to the earliest (`duplicate_of`), near copies
/// share an origin group.
pub fn mark_copies(articles: &mut [Article]) {
    let keyed: Vec<(ArticleId, &str, Option<&str>)> = articles
        .iter()
        .map(|a| {
            let date = a.published.as_ref().map(|p| p.value.as_str());
            (a.id.clone(), a.text.as_str(), date)
        })
        .collect();
    let assignments = dedup::assign(&keyed);
    for (a, asg) in articles.iter_mut().zip(assignments) {
        a.duplicate_of = asg.duplicate_of;
        a.origin_group = Some(asg.group);
    }
}

/// Stories of articles whose copies are marked: the originals are clustered, exact copies
/// then join their original's story (they add nothing to cluster on).
pub fn stories_of(
    articles: &[Article],
    ann_of: &FxHashMap<&ArticleId, &Annotations>,
) -> Vec<cluster::Story> {
    let empty = Annotations::default();
    let docs: Vec<cluster::StoryDoc<'_>> = articles
        .iter()
        .filter(|a| a.duplicate_of.is_none())
        .map(|a| story_doc(a, ann_of.get(&a.id).copied().unwrap_or(&empty)))
        .collect();
    let clusters = cluster::cluster_owned(docs);
    join_copies(
        clusters,
        articles.iter().map(|a| (&a.id, a.duplicate_of.as_ref())),
    )
}

/// An article as clustering sees it.
fn story_doc<'a>(a: &'a Article, ann: &Annotations) -> cluster::StoryDoc<'a> {
    cluster::StoryDoc {
        id: a.id.clone(),
        title: a.title.clone(),
        date: story_date(&a.published).map(str::to_string),
        text: &a.text,
        names: cluster::names_of(ann),
    }
}

/// Only a stated date bounds a story in time: a date inferred from the text (a caption, a
/// weekday) is too weak to keep a report out of its story.
fn story_date(published: &Option<Published>) -> Option<&str> {
    published
        .as_ref()
        .filter(|p| p.source != storyline_model::DateSource::Inferred)
        .map(|p| p.value.as_str())
}

/// Exact copies (articles, in canonical order, with the original they copy) join their
/// original's story.
fn join_copies<'a>(
    mut clusters: Vec<cluster::Story>,
    articles: impl Iterator<Item = (&'a ArticleId, Option<&'a ArticleId>)>,
) -> Vec<cluster::Story> {
    let story_of: FxHashMap<ArticleId, usize> = clusters
        .iter()
        .enumerate()
        .flat_map(|(i, c)| c.articles.iter().map(move |a| (a.clone(), i)))
        .collect();
    for (id, original) in articles {
        if let Some(i) = original.and_then(|o| story_of.get(o)) {
            clusters[*i].articles.push(id.clone());
        }
    }
    clusters
}

/// [`stories_of`] over the store, the same stories without holding the texts: the
/// originals (articles in canonical order, `marks[i].0` none) are read a batch at a time in
/// clustering's canonical order ([`cluster::cluster`]'s), each batch's features computed in
/// parallel and observed in order (document frequencies over all of them, as
/// [`cluster::Clusterer::observe_all`] counts them); the observed features, not the texts,
/// are kept until the articles are added.
fn stories(
    store: &dyn Store,
    metas: &[Meta],
    marks: &[(Option<ArticleId>, Option<GroupId>)],
    stage: &mut dyn FnMut(&'static str),
) -> Result<Vec<cluster::Story>, ExportError> {
    let params = cluster::Params::default();
    let originals: Vec<usize> = (0..metas.len()).filter(|&i| marks[i].0.is_none()).collect();
    let keys: Vec<(&ArticleId, Option<&str>)> = originals
        .iter()
        .map(|&i| (&metas[i].id, story_date(&metas[i].published)))
        .collect();
    let order = dedup::canonical_order(&keys, |k| (k.0, k.1));
    drop(keys);
    let mut c = cluster::Clusterer::with_prior(params, cluster::Prior::embedded());
    let mut observed = Vec::with_capacity(order.len());
    // A batch's features are computed in the pool while the next batch is read; they are
    // observed in order.
    let (tx, rx) = std::sync::mpsc::channel::<Vec<cluster::Features>>();
    rayon::in_place_scope(|scope| -> Result<(), ExportError> {
        let mut pending = false;
        for batch in order.chunks(FEATURE_BATCH) {
            let ids: Vec<ArticleId> = batch
                .iter()
                .map(|&k| metas[originals[k]].id.clone())
                .collect();
            let loaded = store.articles_by_id(&ids)?;
            if pending {
                for f in rx.recv().expect("features of the previous batch") {
                    observed.push(c.observe_features(f));
                }
            }
            let tx = tx.clone();
            scope.spawn(move |_| {
                let empty = Annotations::default();
                let features: Vec<cluster::Features> = loaded
                    .par_iter()
                    .map(|(a, ann)| {
                        let doc = story_doc(a, ann.as_ref().unwrap_or(&empty));
                        cluster::Features::of(&doc, &params)
                    })
                    .collect();
                // The receiver is gone only when reading failed.
                let _ = tx.send(features);
            });
            pending = true;
        }
        if pending {
            for f in rx.recv().expect("features of the last batch") {
                observed.push(c.observe_features(f));
            }
        }
        Ok(())
    })?;
    c.freeze();
    stage("story clustering: reading, features");
    for o in observed {
        c.add_observed(o);
    }
    stage("story clustering: joining");
    c.settle();
    stage("story clustering: refinement");
    Ok(join_copies(
        c.stories(),
        metas
            .iter()
            .zip(marks)
            .map(|(m, mark)| (&m.id, mark.0.as_ref())),
    ))
}

/// A story's reports with their annotations and origin groups (exact copies included: they
/// count once through their group).
fn sources_of<'a>(
    ids: &[ArticleId],
    article_of: &FxHashMap<&ArticleId, &'a Article>,
    ann_of: &FxHashMap<&ArticleId, &'a Annotations>,
) -> Vec<claims::Source<'a>> {
    ids.iter()
        .filter_map(|a| Some((*article_of.get(a)?, *ann_of.get(a)?)))
        .map(|(article, annotations)| claims::Source {
            article,
            annotations,
            group: article
                .origin_group
                .as_ref()
                .map(|g| g.as_str())
                .unwrap_or(""),
        })
        .collect()
}

/// Event mentions per article (pure and cheap: recomputed from what is stored).
pub fn event_mentions<'a>(
    article_of: &FxHashMap<&ArticleId, &Article>,
    annotations: &'a [(ArticleId, Annotations)],
) -> FxHashMap<&'a ArticleId, Vec<extract::events::EventMention>> {
    annotations
        .par_iter()
        .filter_map(|(id, ann)| {
            article_of
                .get(id)
                .map(|a| (id, extract::events::extract(a, ann)))
        })
        .collect()
}

/// The document of one story: its articles, and the entities, attributions, times and events
/// found in them (entity mentions, aliases and descriptions outside the story dropped).
pub fn story_document(doc: &Export, story: &Story) -> Export {
    let keep: FxHashSet<&ArticleId> = story.articles.iter().collect();
    let events: FxHashSet<&storyline_model::EventId> = story.events.iter().collect();
    let entities = doc
        .entities
        .iter()
        .filter_map(|e| {
            let mentions: Vec<_> = e
                .mentions
                .iter()
                .filter(|m| keep.contains(&m.article))
                .cloned()
                .collect();
            if mentions.is_empty() {
                return None;
            }
            let used: FxHashSet<&str> = mentions.iter().map(|m| m.text.as_str()).collect();
            let mut aliases = e.aliases.clone();
            aliases.retain(|a| used.contains(a.as_str()));
            let mut descriptions = e.descriptions.clone();
            descriptions.retain_mut(|d| {
                d.articles.retain(|a| keep.contains(a));
                !d.articles.is_empty()
            });
            let e = storyline_model::Entity {
                id: e.id.clone(),
                name: e.name.clone(),
                kind: e.kind,
                aliases,
                descriptions,
                mentions,
            };
            Some(e)
        })
        .collect();
    Export {
        schema: doc.schema.clone(),
        articles: doc
            .articles
            .iter()
            .filter(|a| keep.contains(&a.id))
            .cloned()
            .collect(),
        entities,
        attributions: doc
            .attributions
            .iter()
            .filter(|q| keep.contains(&q.article))
            .cloned()
            .collect(),
        times: doc
            .times
            .iter()
            .filter(|t| keep.contains(&t.article))
            .cloned()
            .collect(),
        events: doc
            .events
            .iter()
            .filter(|e| events.contains(&e.id))
            .cloned()
            .collect(),
        stories: vec![story.clone()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::test_reports::report;
    use storyline_model::Analysed;
    use storyline_store::SqliteStore;

    fn analysed(name: &str, date: &str, text: &str) -> Analysed {
        let r = report(name, Some(date), "", text);
        Analysed {
            article: r.article,
            annotations: r.annotations,
        }
    }

    fn reports() -> Vec<Analysed> {
        vec![
            analysed(
                "a",
                "2026-05-04",
                "Flooding closed the Orrin Valley rail line on Monday, the transport agency said. \
                 Engineer Mara Voss said repairs would take two weeks.",
            ),
            analysed(
                "b",
                "2026-05-05",
                "The Orrin Valley rail line stays closed after Monday's flooding. Repairs will \
                 take two weeks, engineer Mara Voss told reporters.",
            ),
            analysed(
                "c",
                "2026-05-05",
                "Voters in Pelham elected Dario Fenn as mayor on Sunday with 52 percent of the \
                 vote, the election board said.",
            ),
        ]
    }

    #[test]
    fn the_story_cache_gives_what_computing_gives() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open(dir.path().join("s.db")).unwrap();
        let all = reports();
        store.insert_articles(&all[..2]).unwrap();
        let first = export(&store, None).unwrap();
        assert_eq!(store.cache_len().unwrap(), first.stories.len());
        // Read back from the cache: the same document.
        assert_eq!(export(&store, None).unwrap(), first);

        // A new report: its story is computed, the others come from the cache, and the
        // whole equals an export of a store that never had a cache.
        store.insert_articles(&all[2..]).unwrap();
        let cached = export(&store, None).unwrap();
        let mut fresh_store = SqliteStore::open(dir.path().join("fresh.db")).unwrap();
        fresh_store.insert_articles(&all).unwrap();
        assert_eq!(cached, export(&fresh_store, None).unwrap());
        assert_eq!(cached.stories.len(), first.stories.len() + 1);
    }

    #[test]
    fn the_corpus_state_is_read_while_the_articles_stay_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open(dir.path().join("s.db")).unwrap();
        let all = reports();
        store.insert_articles(&all[..2]).unwrap();
        assert_eq!(store.corpus_state().unwrap(), None);
        // `run`'s digest computes the stories and leaves them as the corpus state.
        let digest = stories_in(&store).unwrap();
        assert_eq!(digest.len(), 1, "{digest:?}");
        let state = store.corpus_state().unwrap().expect("a corpus state");
        let computed = export(&store, None).unwrap();

        // The export reads the state: one written with each report a story of its own
        // (what clustering would not find) comes out as such.
        let mut sink = Export::default();
        let corpus = Corpus::build(&store, &mut sink, &mut |_| {}).unwrap();
        let apart: Vec<cluster::Story> = corpus
            .order
            .iter()
            .map(|a| cluster::Story {
                id: cluster::story_id(a),
                headline: format!("apart {a}"),
                articles: vec![a.clone()],
            })
            .collect();
        store
            .set_corpus_state(&corpus_state::encode(&corpus.order, &corpus.marks, &apart))
            .unwrap();
        let read = export(&store, None).unwrap();
        assert_eq!(read.stories.len(), 2);
        assert!(read
            .stories
            .iter()
            .all(|s| s.headline.starts_with("apart ")));

        // The computed state back: the same document as computing gives.
        store.set_corpus_state(&state).unwrap();
        assert_eq!(export(&store, None).unwrap(), computed);

        // A new report makes the state stale: everything is computed again (the same as a
        // store that never had a state) and the state replaced.
        store.insert_articles(&all[2..]).unwrap();
        let after = export(&store, None).unwrap();
        let mut fresh = SqliteStore::open(dir.path().join("fresh.db")).unwrap();
        fresh.insert_articles(&all).unwrap();
        assert_eq!(after, export(&fresh, None).unwrap());
        assert_eq!(after.stories.len(), 2);
        assert_ne!(store.corpus_state().unwrap(), Some(state));
        assert_eq!(stories_in(&store).unwrap().len(), 2);
    }

    #[test]
    fn a_state_of_as_many_other_articles_is_not_read() {
        // The store pass skips signatures when the state counts as many articles as the
        // store holds; when its ids then differ, a pass of their own computes them.
        let dir = tempfile::tempdir().unwrap();
        let all = reports();
        let mut first = SqliteStore::open(dir.path().join("first.db")).unwrap();
        first.insert_articles(&all[..2]).unwrap();
        stories_in(&first).unwrap();
        let state = first.corpus_state().unwrap().expect("a corpus state");
        let mut other = SqliteStore::open(dir.path().join("other.db")).unwrap();
        other.insert_articles(&all[1..3]).unwrap();
        let mut fresh = SqliteStore::open(dir.path().join("fresh.db")).unwrap();
        fresh.insert_articles(&all[1..3]).unwrap();
        let expected = export(&fresh, None).unwrap();
        other.set_corpus_state(&state).unwrap();
        assert_eq!(export(&other, None).unwrap(), expected);
        assert_ne!(other.corpus_state().unwrap(), Some(state.clone()));
        other.set_corpus_state(&state).unwrap();
        assert_eq!(
            stories_in(&other).unwrap().len(),
            expected.stories.len(),
            "the digest too"
        );
    }

    #[test]
    fn the_corpus_stages_over_the_store_equal_them_over_every_article() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open(dir.path().join("s.db")).unwrap();
        let mut all = reports();
        // An exact copy of "a" at another address, a near copy of "b", an undated report
        // and one whose date was only inferred (it does not bound a story in time).
        let a_text = all[0].article.text.clone();
        all.push(analysed("a-copy", "2026-05-06", &a_text));
        all.push(analysed(
            "b-near",
            "2026-05-06",
            "The Orrin Valley rail line stays closed after Monday's flooding. Repairs will \
             take two weeks, engineer Mara Voss told local reporters.",
        ));
        let mut undated = analysed(
            "d",
            "2026-05-01",
            "Engineer Mara Voss said the Orrin Valley line would reopen once repairs end.",
        );
        undated.article.published = None;
        all.push(undated);
        let mut inferred = analysed(
            "e",
            "2026-04-02",
            "Pelham's new mayor Dario Fenn thanked voters and the election board on Monday.",
        );
        inferred.article.published.as_mut().unwrap().source = storyline_model::DateSource::Inferred;
        all.push(inferred);
        // Stored in an order that is neither canonical nor clustering's.
        all.reverse();
        store.insert_articles(&all).unwrap();

        let mut sink = Export::default();
        let corpus = Corpus::build(&store, &mut sink, &mut |_| {}).unwrap();

        let mut articles = store.articles().unwrap();
        let mut annotations = store.annotations().unwrap();
        canonical_order(&mut articles, &mut annotations);
        mark_copies(&mut articles);
        let ann_of: FxHashMap<&ArticleId, &Annotations> =
            annotations.iter().map(|(id, a)| (id, a)).collect();
        let clusters = stories_of(&articles, &ann_of);

        let ids: Vec<ArticleId> = articles.iter().map(|a| a.id.clone()).collect();
        assert_eq!(corpus.order, ids);
        let marks: Vec<_> = articles
            .iter()
            .map(|a| (a.duplicate_of.clone(), a.origin_group.clone()))
            .collect();
        assert_eq!(corpus.marks, marks);
        assert_eq!(corpus.clusters, clusters);
        // What `run`'s digest lists is the export's stories, computed (a store with no
        // corpus state) or read from the corpus state the export left.
        let mut fresh = SqliteStore::in_memory().unwrap();
        fresh.insert_articles(&all).unwrap();
        assert_eq!(stories_in(&fresh).unwrap(), clusters);
        assert!(store.corpus_state().unwrap().is_some());
        assert_eq!(stories_in(&store).unwrap(), clusters);
        // The fixture has what the stages must get right: an exact copy in its
        // original's story, a near copy in its original's group.
        let a = ArticleId::from_content(b"a");
        let copy = ArticleId::from_content(b"a-copy");
        assert_eq!(corpus.marks[corpus.index[&copy]].0.as_ref(), Some(&a));
        assert!(corpus
            .clusters
            .iter()
            .any(|c| c.articles.contains(&a) && c.articles.contains(&copy)));
        let (b, near) = (
            ArticleId::from_content(b"b"),
            ArticleId::from_content(b"b-near"),
        );
        assert_eq!(
            corpus.marks[corpus.index[&b]].1,
            corpus.marks[corpus.index[&near]].1
        );
        assert!(corpus.clusters.len() >= 2);
    }
}

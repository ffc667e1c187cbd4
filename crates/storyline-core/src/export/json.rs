//! The export document written as JSON while it is computed: byte for byte what
//! `serde_json::to_writer_pretty` writes for the whole [`Export`](storyline_model::Export),
//! without ever holding it. [`write`](super::write) produces the parts out of document order
//! (the articles, which come first in the document, last), so the articles are written
//! straight to the output and every other part goes to a temporary file of its own, copied
//! into place when the document is finished.

use super::{ExportError, Sink};
use serde::Serialize;
use std::fs::File;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use storyline_model::{Article, Attribution, Entity, Event, Story, TimeExpr, SCHEMA};

/// The document's arrays, in document order.
const PARTS: [&str; 6] = [
    "articles",
    "entities",
    "attributions",
    "times",
    "events",
    "stories",
];

/// A part of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Articles = 0,
    Entities,
    Attributions,
    Times,
    Events,
    Stories,
}

/// Writes the export to `out` as the parts arrive; [`JsonSink::finish`] completes it.
pub struct JsonSink<W: Write> {
    out: W,
    /// The part being written straight to `out` (the articles until [`JsonSink::finish`]);
    /// the ones before it are complete.
    current: usize,
    /// Elements written so far, by part.
    counts: [usize; 6],
    /// Parts after `current` that have elements, held until their turn.
    spills: [Option<BufWriter<File>>; 6],
}

impl<W: Write> JsonSink<W> {
    /// Starts the document (its opening and `schema`).
    pub fn new(mut out: W) -> Result<Self, ExportError> {
        out.write_all(b"{\n  \"schema\": ")?;
        serde_json::to_writer(&mut out, SCHEMA).map_err(std::io::Error::from)?;
        out.write_all(b",\n  \"")?;
        out.write_all(PARTS[0].as_bytes())?;
        out.write_all(b"\": [")?;
        Ok(JsonSink {
            out,
            current: 0,
            counts: [0; 6],
            spills: Default::default(),
        })
    }

    /// Elements of a part written (or held) so far.
    pub fn count(&self, part: Part) -> usize {
        self.counts[part as usize]
    }

    /// Ends the document (without a final newline, as `to_writer_pretty`) and returns the
    /// output.
    pub fn finish(mut self) -> Result<W, ExportError> {
        self.advance(PARTS.len())?;
        self.out.write_all(b"\n}")?;
        Ok(self.out)
    }

    /// Adds an element to a part: straight to the output for the current part, to the
    /// part's file for a later one.
    fn push(&mut self, part: usize, value: &impl Serialize) -> Result<(), ExportError> {
        let element = element(value)?;
        self.put(part, &element)
    }

    /// Adds elements to a part, in order, serialised in rayon's pool (the pretty form of
    /// 14 GB of JSON at a million articles is worth both cores; the writes stay in order
    /// on this thread).
    fn push_all<T: Serialize + Sync>(
        &mut self,
        part: usize,
        values: &[T],
    ) -> Result<(), ExportError> {
        use rayon::prelude::*;
        let elements: Vec<Vec<u8>> = values
            .par_iter()
            .with_min_len(16)
            .map(element)
            .collect::<Result<_, _>>()?;
        for e in &elements {
            self.put(part, e)?;
        }
        Ok(())
    }

    /// Writes an element already in its place's form (see [`element`]).
    fn put(&mut self, part: usize, element: &[u8]) -> Result<(), ExportError> {
        assert!(part >= self.current, "{} after its part ended", PARTS[part]);
        let separator: &[u8] = if self.counts[part] == 0 {
            b"\n"
        } else {
            b",\n"
        };
        self.counts[part] += 1;
        if part == self.current {
            self.out.write_all(separator)?;
            self.out.write_all(element)?;
        } else {
            let spill = match &mut self.spills[part] {
                Some(s) => s,
                slot => slot.insert(BufWriter::new(tempfile::tempfile()?)),
            };
            spill.write_all(separator)?;
            spill.write_all(element)?;
        }
        Ok(())
    }

    /// Completes the parts before `part` (copying what was held of each) and opens `part`.
    fn advance(&mut self, part: usize) -> Result<(), ExportError> {
        while self.current < part {
            let done = self.current;
            self.out.write_all(if self.counts[done] == 0 {
                b"]"
            } else {
                b"\n  ]"
            })?;
            self.current += 1;
            if self.current == PARTS.len() {
                break;
            }
            self.out.write_all(b",\n  \"")?;
            self.out.write_all(PARTS[self.current].as_bytes())?;
            self.out.write_all(b"\": [")?;
            if let Some(spill) = self.spills[self.current].take() {
                let mut file = spill.into_inner().map_err(|e| e.into_error())?;
                file.seek(SeekFrom::Start(0))?;
                std::io::copy(&mut file, &mut self.out)?;
            }
        }
        Ok(())
    }
}

/// An element of a top-level array in its place: pretty-printed and indented by two
/// levels (every line break of its own pretty form gets four spaces; JSON strings hold
/// none: they are escaped). Printed once, by [`Nested`], not printed then indented.
fn element(value: &impl Serialize) -> Result<Vec<u8>, ExportError> {
    let mut out = Vec::with_capacity(256);
    out.extend_from_slice(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Nested::default());
    value.serialize(&mut ser).map_err(std::io::Error::from)?;
    Ok(out)
}

/// `serde_json`'s pretty formatter (two spaces a level) starting two levels in: what the
/// whole document's `to_writer_pretty` prints for an element of a top-level array.
struct Nested {
    level: usize,
    has_value: bool,
}

impl Default for Nested {
    fn default() -> Self {
        Nested {
            level: 2,
            has_value: false,
        }
    }
}

impl Nested {
    fn line<W: ?Sized + Write>(&self, writer: &mut W, lead: &[u8]) -> std::io::Result<()> {
        writer.write_all(lead)?;
        for _ in 0..self.level {
            writer.write_all(b"  ")?;
        }
        Ok(())
    }

    fn open<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.line(writer, b"\n")?;
        }
        writer.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.line(writer, if first { b"\n" } else { b",\n" })
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.line(writer, if first { b"\n" } else { b",\n" })
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

impl<W: Write> Sink for JsonSink<W> {
    fn article(&mut self, article: Article) -> Result<(), ExportError> {
        self.push(0, &article)
    }
    fn entity(&mut self, entity: Entity) -> Result<(), ExportError> {
        self.push(1, &entity)
    }
    fn attribution(&mut self, attribution: Attribution) -> Result<(), ExportError> {
        self.push(2, &attribution)
    }
    fn time(&mut self, time: TimeExpr) -> Result<(), ExportError> {
        self.push(3, &time)
    }
    fn event(&mut self, event: Event) -> Result<(), ExportError> {
        self.push(4, &event)
    }
    fn story(&mut self, story: Story) -> Result<(), ExportError> {
        self.push(5, &story)
    }
    fn articles(&mut self, articles: Vec<Article>) -> Result<(), ExportError> {
        self.push_all(0, &articles)
    }
    fn entities(&mut self, entities: Vec<Entity>) -> Result<(), ExportError> {
        self.push_all(1, &entities)
    }
    fn attributions(&mut self, attributions: Vec<Attribution>) -> Result<(), ExportError> {
        self.push_all(2, &attributions)
    }
    fn times(&mut self, times: Vec<TimeExpr>) -> Result<(), ExportError> {
        self.push_all(3, &times)
    }
    fn events(&mut self, events: Vec<Event>) -> Result<(), ExportError> {
        self.push_all(4, &events)
    }
    fn stories(&mut self, stories: Vec<Story>) -> Result<(), ExportError> {
        self.push_all(5, &stories)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_model::{ArticleId, EntityKind, Export, Mention, Span, StoryId};

    fn article(text: &str) -> Article {
        Article::new(
            ArticleId::from_content(text.as_bytes()),
            "a.txt".into(),
            text.into(),
            vec![Span::new(0, text.chars().count())],
        )
    }

    fn entity(name: &str, article: &Article) -> Entity {
        Entity {
            id: storyline_model::EntityId::from_content(name.as_bytes()),
            name: name.into(),
            kind: EntityKind::Person,
            aliases: vec![name.into()],
            descriptions: Vec::new(),
            mentions: vec![Mention {
                article: article.id.clone(),
                start: 0,
                end: 4,
                text: "Name\n\"quoted\"".into(),
            }],
        }
    }

    fn story(headline: &str, articles: Vec<ArticleId>) -> Story {
        Story {
            id: StoryId::from_content(headline.as_bytes()),
            headline: headline.into(),
            articles,
            events: Vec::new(),
            entities: Vec::new(),
            summary: Vec::new(),
            timeline: Vec::new(),
            claims: Vec::new(),
            conflicts: Vec::new(),
        }
    }

    /// The parts in the order `write` hands them over give `to_writer_pretty`'s bytes.
    fn streamed(doc: &Export) -> Vec<u8> {
        let mut sink = JsonSink::new(Vec::new()).unwrap();
        for e in &doc.entities {
            sink.entity(e.clone()).unwrap();
        }
        for s in &doc.stories {
            sink.story(s.clone()).unwrap();
        }
        for (i, a) in doc.articles.iter().enumerate() {
            if i == 0 {
                for t in &doc.times {
                    sink.time(t.clone()).unwrap();
                }
            }
            sink.article(a.clone()).unwrap();
        }
        assert_eq!(sink.count(Part::Stories), doc.stories.len());
        assert_eq!(sink.count(Part::Articles), doc.articles.len());
        sink.finish().unwrap()
    }

    #[test]
    fn the_stream_is_the_pretty_document() {
        let empty = Export::default();
        assert_eq!(streamed(&empty), serde_json::to_vec_pretty(&empty).unwrap());

        let (a, b) = (
            article("Ferries stopped at Lund on Monday.\nA second line."),
            article("The harbour reopened."),
        );
        let doc = Export {
            entities: vec![entity("Ada Lind", &a), entity("Bo Kerr", &b)],
            stories: vec![
                story("Ferries stop", vec![a.id.clone()]),
                story("Harbour", vec![b.id.clone()]),
            ],
            articles: vec![a, b],
            ..Export::default()
        };
        assert_eq!(streamed(&doc), serde_json::to_vec_pretty(&doc).unwrap());
        assert_eq!(
            streamed_in_batches(&doc),
            serde_json::to_vec_pretty(&doc).unwrap()
        );
    }

    #[test]
    fn an_element_is_its_pretty_form_two_levels_in() {
        let values = [
            serde_json::json!({}),
            serde_json::json!([]),
            serde_json::json!("a\nb"),
            serde_json::json!({"a": [], "b": {}, "c": [1, {"d": null, "e": [[], [2]]}]}),
            serde_json::json!([{"x": "y"}, [], {}]),
        ];
        for v in &values {
            let pretty = serde_json::to_vec_pretty(v).unwrap();
            let mut indented = b"    ".to_vec();
            for &b in &pretty {
                indented.push(b);
                if b == b'\n' {
                    indented.extend_from_slice(b"    ");
                }
            }
            assert_eq!(element(v).unwrap(), indented, "{v}");
        }
    }

    /// The parts handed over a batch at a time (serialised in parallel) give the same bytes.
    fn streamed_in_batches(doc: &Export) -> Vec<u8> {
        let mut sink = JsonSink::new(Vec::new()).unwrap();
        sink.entities(doc.entities[..1].to_vec()).unwrap();
        sink.entities(doc.entities[1..].to_vec()).unwrap();
        sink.stories(doc.stories.clone()).unwrap();
        sink.times(doc.times.clone()).unwrap();
        sink.articles(doc.articles.clone()).unwrap();
        assert_eq!(sink.count(Part::Entities), doc.entities.len());
        sink.finish().unwrap()
    }
}

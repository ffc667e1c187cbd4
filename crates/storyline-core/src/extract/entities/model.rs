//! The model file: a gzip stream holding, little-endian,
//!
//! ```text
//! "SLNER002"  u32 bits  u32 labels  u32 stages (1 or 2)
//! per stage:
//!   f32 scale
//!   transitions    (labels + 1) × labels × i32
//!   row bitmap     2^bits bits: which rows of the weight table are not all zero
//!   rows           labels × i16 for each set bit, in row order
//! meta             u32 length + UTF-8 (how the model was built)
//! lexicon          u32 count, then per word: u8 length + UTF-8, u16 cluster path, u8 case
//! gazetteer        u32 count, then per name: u16 length + UTF-8, u8 type mask
//! ```

use super::lexicon::{CaseClass, Gazetteer, LexEntry, Lexicon};
use super::{Resources, Tagger, Weights, LABELS};
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use std::io::{Read, Write};
use std::sync::Arc;

const MAGIC: &[u8; 8] = b"SLNER002";

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("cannot read model: {0}")]
    Io(std::io::Error),
    #[error("not a storyline NER model: {0}")]
    Format(String),
}

pub(crate) fn write(t: &Tagger) -> Vec<u8> {
    let mut b: Vec<u8> = Vec::new();
    b.extend_from_slice(MAGIC);
    b.extend_from_slice(&t.bits.to_le_bytes());
    b.extend_from_slice(&(LABELS as u32).to_le_bytes());
    let stages: Vec<&Weights> = std::iter::once(&t.stage1)
        .chain(t.stage2.as_ref())
        .collect();
    b.extend_from_slice(&(stages.len() as u32).to_le_bytes());
    for w in stages {
        write_weights(&mut b, w, t.bits, LABELS);
    }
    b.extend_from_slice(&(t.meta.len() as u32).to_le_bytes());
    b.extend_from_slice(t.meta.as_bytes());
    let lex = &t.resources.lexicon.entries;
    b.extend_from_slice(&(lex.len() as u32).to_le_bytes());
    for (w, e) in lex {
        let w = truncate(w, 255);
        b.push(w.len() as u8);
        b.extend_from_slice(w.as_bytes());
        b.extend_from_slice(&(e.cluster as u16).to_le_bytes());
        b.push(e.case as u8);
    }
    let gaz = &t.resources.gazetteer.entries;
    b.extend_from_slice(&(gaz.len() as u32).to_le_bytes());
    for (name, mask) in gaz {
        let name = truncate(name, u16::MAX as usize);
        b.extend_from_slice(&(name.len() as u16).to_le_bytes());
        b.extend_from_slice(name.as_bytes());
        b.push(*mask);
    }
    let mut enc = GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(&b).expect("writing to memory");
    enc.finish().expect("writing to memory")
}

/// Writes one stage's weights (`labels` per row): scale, transitions, row bitmap, rows.
pub(crate) fn write_weights(b: &mut Vec<u8>, w: &Weights, bits: u32, labels: usize) {
    b.extend_from_slice(&w.scale.to_le_bytes());
    for &x in &w.trans {
        b.extend_from_slice(&x.to_le_bytes());
    }
    let rows = 1usize << bits;
    let mut bitmap = vec![0u8; rows.div_ceil(8)];
    let mut body = Vec::new();
    for (r, e) in w.stored(labels) {
        bitmap[r / 8] |= 1 << (r % 8);
        for &x in e {
            body.extend_from_slice(&x.to_le_bytes());
        }
    }
    b.extend_from_slice(&bitmap);
    b.extend_from_slice(&body);
}

/// Reads what [`write_weights`] wrote.
pub(crate) fn read_weights(
    r: &mut Reader,
    bits: u32,
    labels: usize,
) -> Result<Weights, ModelError> {
    let scale = f32::from_bits(r.u32()?);
    let mut trans = Vec::with_capacity((labels + 1) * labels);
    for _ in 0..(labels + 1) * labels {
        trans.push(r.u32()? as i32);
    }
    let rows = 1usize << bits;
    let bitmap = r.take(rows.div_ceil(8))?;
    let set: usize = bitmap.iter().map(|b| b.count_ones() as usize).sum();
    let body = r.take(set * labels * 2)?;
    let weights: Vec<i16> = body
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]))
        .collect();
    let present = (0..rows).filter(|&row| bitmap[row / 8] & (1 << (row % 8)) != 0);
    Ok(Weights::from_rows(
        rows,
        labels,
        present.zip(weights.chunks_exact(labels)),
        trans,
        scale,
    ))
}

fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// A cursor over a decompressed model.
pub(crate) struct Reader<'a> {
    pub(crate) b: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        if self.b.len() < n {
            return Err(ModelError::Format("truncated".into()));
        }
        let (h, t) = self.b.split_at(n);
        self.b = t;
        Ok(h)
    }
    pub(crate) fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }
    pub(crate) fn u16(&mut self) -> Result<u16, ModelError> {
        Ok(u16::from_le_bytes(
            self.take(2)?.try_into().expect("2 bytes"),
        ))
    }
    pub(crate) fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
    pub(crate) fn str(&mut self, n: usize) -> Result<&'a str, ModelError> {
        std::str::from_utf8(self.take(n)?).map_err(|e| ModelError::Format(e.to_string()))
    }
}

/// Unzips a model file and checks the header every model shares: its magic, the table's
/// bits (8–26) and the label count. Returns the file's bytes and the bits; what follows the
/// header starts at [`HEADER`].
pub(crate) fn open(
    bytes: &[u8],
    magic: &[u8; 8],
    labels: usize,
) -> Result<(Vec<u8>, u32), ModelError> {
    let mut raw = Vec::with_capacity(bytes.len() * 3);
    GzDecoder::new(bytes)
        .read_to_end(&mut raw)
        .map_err(|e| ModelError::Format(format!("gzip: {e}")))?;
    let mut r = Reader { b: &raw };
    if r.take(8)? != magic {
        return Err(ModelError::Format("bad magic".into()));
    }
    let bits = r.u32()?;
    let found = r.u32()? as usize;
    if found != labels || !(8..=26).contains(&bits) {
        return Err(ModelError::Format(format!("bits {bits}, labels {found}")));
    }
    Ok((raw, bits))
}

/// Length of the shared header (magic, bits, labels).
pub(crate) const HEADER: usize = 16;

pub(crate) fn read(bytes: &[u8]) -> Result<Tagger, ModelError> {
    let (raw, bits) = open(bytes, MAGIC, LABELS)?;
    let mut r = Reader { b: &raw[HEADER..] };
    let stages = r.u32()?;
    if !(1..=2).contains(&stages) {
        return Err(ModelError::Format(format!("{stages} stages")));
    }
    let stage1 = read_weights(&mut r, bits, LABELS)?;
    let stage2 = if stages == 2 {
        Some(read_weights(&mut r, bits, LABELS)?)
    } else {
        None
    };
    let n = r.u32()? as usize;
    let meta = r.str(n)?.to_string();
    let n = r.u32()? as usize;
    let mut lex = Vec::with_capacity(n);
    for _ in 0..n {
        let len = r.u8()? as usize;
        let w = r.str(len)?.to_string();
        let cluster = r.u16()? as u32;
        let case = CaseClass::from_u8(r.u8()?);
        lex.push((w, LexEntry { cluster, case }));
    }
    let n = r.u32()? as usize;
    let mut gaz = Vec::with_capacity(n);
    for _ in 0..n {
        let len = r.u16()? as usize;
        let name = r.str(len)?.to_string();
        gaz.push((name, r.u8()?));
    }
    Ok(Tagger {
        bits,
        stage1,
        stage2,
        resources: Arc::new(Resources {
            lexicon: Lexicon::from_entries(lex),
            gazetteer: Gazetteer::from_entries(gaz),
        }),
        meta,
    })
}

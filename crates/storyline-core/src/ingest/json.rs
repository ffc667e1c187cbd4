//! `.json` (one object, or an array of objects) and `.jsonl` (one object per line) reports:
//! objects with `text` or `html`, optional `title`, `url`, `outlet`, `published`, `authors`.
//! TODO(helper): implement.

use super::{Format, Item};
use crate::Context;

pub fn read(origin: &str, bytes: &[u8], format: Format, ctx: &Context, sink: &mut dyn FnMut(Item)) {
    let _ = (origin, bytes, format, ctx, sink);
    unimplemented!("json ingest")
}

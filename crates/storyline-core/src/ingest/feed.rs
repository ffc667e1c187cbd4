//! RSS/Atom feeds (`feed-rs`). Items with full HTML content are articles; items with only a
//! link are fetched when the feed itself came from a URL.
//! TODO(helper): implement.

use super::{Item, Source};
use crate::Context;

pub fn read(
    origin: &str,
    bytes: &[u8],
    source: Option<&Source>,
    ctx: &Context,
    sink: &mut dyn FnMut(Item),
) {
    let _ = (origin, bytes, source, ctx, sink);
    unimplemented!("feed ingest")
}

//! WARC archives: HTTP 200 `text/html` responses become HTML documents.
//! TODO(helper): implement.

use super::Item;
use crate::Context;

pub fn read(origin: &str, bytes: &[u8], ctx: &Context, sink: &mut dyn FnMut(Item)) {
    let _ = (origin, bytes, ctx, sink);
    unimplemented!("warc ingest")
}

//! HTTP(S) fetching with a timeout and a size cap.
//! TODO(helper): implement.

use crate::context::HttpConfig;
use crate::IngestError;

/// A fetched resource.
#[derive(Debug, Clone)]
pub struct Response {
    /// The URL after redirects.
    pub final_url: String,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

pub fn get(url: &str, cfg: &HttpConfig) -> Result<Response, IngestError> {
    let _ = (url, cfg);
    unimplemented!("fetch")
}

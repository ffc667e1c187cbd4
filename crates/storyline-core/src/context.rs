//! Everything a stage may need from outside: limits, the HTTP client settings, the clock.
//! Passed in explicitly so the same input gives the same output.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Whole-request timeout.
    pub timeout: Duration,
    /// Responses larger than this are rejected (bytes, after decompression).
    pub max_bytes: u64,
    pub user_agent: String,
    /// The client, built from `timeout` and `user_agent` on first use and shared by clones
    /// of this value (a client loads TLS roots and starts a thread: too much per feed link).
    pub client: Arc<OnceLock<reqwest::blocking::Client>>,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            timeout: Duration::from_secs(20),
            max_bytes: 16 * 1024 * 1024,
            user_agent: concat!("storyline/", env!("CARGO_PKG_VERSION")).to_string(),
            client: Arc::default(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Context {
    pub http: HttpConfig,
    /// Largest input file or decompressed stream accepted (bytes).
    pub max_input_bytes: u64,
    /// Largest single document (bytes of HTML or text) accepted.
    pub max_doc_bytes: u64,
}

impl Default for Context {
    fn default() -> Self {
        Context {
            http: HttpConfig::default(),
            max_input_bytes: 1024 * 1024 * 1024,
            max_doc_bytes: 32 * 1024 * 1024,
        }
    }
}

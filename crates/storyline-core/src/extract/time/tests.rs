//! Tests on real-looking news.

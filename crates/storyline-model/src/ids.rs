//! Newtype ids. Each serialises as a string with its kind prefix (`a:`, `e:`, …).

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub const PREFIX: &'static str = $prefix;

            /// An id whose body is a hash of `content` (first 16 hex digits of BLAKE3).
            pub fn from_content(content: &[u8]) -> Self {
                Self::from_hash(blake3::hash(content).as_bytes())
            }

            /// An id whose body is the first 16 hex digits of a 32-byte hash.
            pub fn from_hash(hash: &[u8; 32]) -> Self {
                use std::fmt::Write;
                let mut s = String::with_capacity($prefix.len() + 16);
                s.push_str($prefix);
                for b in &hash[..8] {
                    let _ = write!(s, "{b:02x}");
                }
                Self(s)
            }

            /// Accepts an id with its prefix; `None` for any other string.
            pub fn parse(s: &str) -> Option<Self> {
                (s.starts_with($prefix) && s.len() > $prefix.len()).then(|| Self(s.to_string()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// An article, derived from its normalised content.
    ArticleId,
    "a:"
);
id_type!(EntityId, "e:");
id_type!(AttributionId, "q:");
id_type!(EventId, "v:");
id_type!(StoryId, "s:");
id_type!(ClaimId, "c:");
id_type!(
    /// An origin group: copies and light rewrites of one original report.
    GroupId,
    "g:"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_carry_their_prefix_and_are_stable() {
        let a = ArticleId::from_content(b"hello");
        assert!(a.as_str().starts_with("a:"));
        assert_eq!(a.as_str().len(), 18);
        assert_eq!(a, ArticleId::from_content(b"hello"));
        assert_ne!(a, ArticleId::from_content(b"hello!"));
        assert_eq!(ArticleId::parse(a.as_str()), Some(a));
        assert_eq!(ArticleId::parse("e:123"), None);
        assert_eq!(ArticleId::parse("a:"), None);
    }
}

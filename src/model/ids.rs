//! Stable identifiers. Ids are strings chosen once and never reused for
//! something else; they are never positions in a vector, so reordering,
//! deleting or undoing cannot make one point at the wrong component.
//! An id is shared, not copied: every report names every component and
//! dependency, and a clone that bumps a count instead of allocating took
//! a fifth of a 1,000-component solve off (Arc, not Rc: the page's
//! signals need Send + Sync).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// Identifies a component across edits, saves and exports.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ComponentId(Arc<str>);

/// Identifies a dependency (an edge) across edits, saves and exports.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DependencyId(Arc<str>);

macro_rules! string_id {
    ($name:ident) => {
        impl $name {
            pub fn new(value: impl Into<String>) -> Self {
                Self(Arc::from(value.into()))
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

        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self(Arc::from(value))
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self(Arc::from(value))
            }
        }
    };
}

string_id!(ComponentId);
string_id!(DependencyId);

/// Whether a string is acceptable as an id: short, non-empty, and made of
/// characters that survive URLs, Markdown and Mermaid without escaping.
pub(crate) fn is_well_formed_id(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 64
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
}

/// An id as a message quotes it: whole when it is well formed, cut to 64
/// characters with "…" when someone wrote a much longer one.
pub fn quoted_id(value: &str) -> String {
    match value.char_indices().nth(64) {
        Some((at, _)) => format!("{}…", &value[..at]),
        None => value.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_accept_slugs_and_reject_markup() {
        assert!(is_well_formed_id("db-primary"));
        assert!(is_well_formed_id("n_001.v2"));
        assert!(!is_well_formed_id(""));
        assert!(!is_well_formed_id("<img>"));
        assert!(!is_well_formed_id("has space"));
        assert!(!is_well_formed_id(&"x".repeat(65)));
    }
}

//! Storage: how documents are kept between visits. The rules of the
//! browser's store as plain Rust over a key-value trait: documents with
//! their revisions, the bin, quotas and stamps that tell one tab's write
//! from another's. The browser's `localStorage` is one implementation
//! (`platform::storage`); tests use the in-memory one. Above the rules,
//! the decisions: `session` (autosave, other tabs, conflicts) and
//! `documents` (the documents menu), which the shell feeds and obeys.

pub mod documents;
pub mod session;
pub mod workspace;

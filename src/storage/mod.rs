//! Storage: how documents are kept between visits. The rules of the
//! browser's store as plain Rust over a key-value trait: documents with
//! their revisions, the bin, quotas and stamps that tell one tab's write
//! from another's. The browser's `localStorage` is one implementation
//! (`platform::storage`); tests use the in-memory one.

pub mod session;
pub mod workspace;

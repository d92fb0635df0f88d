//! Headroom: an architecture-decision planner. Draw the system, turn the
//! growth dial, see what saturates first and what fixing it costs.
//!
//! The crate is a pure core with a thin browser shell:
//!
//! - [`model`]: the document (components, dependencies, scenario);
//! - [`engine`]: traffic, queueing maths, headroom — document in, report out;
//! - [`words`]: what people read: every sentence and number, written from
//!   the report (quantities, headline, results table, workings);
//! - [`adr`]: what happens to decisions: drafting, evidence, guardrails;
//! - [`files`]: how documents leave and enter: JSON, share link, Mermaid,
//!   MADR and Nygard Markdown, the decisions zip;
//! - [`storage`]: how documents are kept: the store's rules, revisions, bin;
//! - [`collab`]: the document in a CRDT (yrs) for live collaboration, and
//!   the repairs a merge can need;
//! - [`editor`]: the editing session's pure parts: canvas, view, forms;
//! - `platform` and `ui` (wasm only): browser APIs and Leptos components.
//!
//! Everything but `platform` and `ui` is plain Rust, tested natively.

// Nothing a user, a file or local storage supplies may panic: outside
// tests, unwrap/expect/panic/unreachable are refused by clippy (CI runs
// it with -D warnings). A justified exception carries an `allow` and a
// reason. Slicing is guarded by the code around it; the importers and the
// storage reader are fuzzed with arbitrary text (tests/formats.rs).
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::unreachable))]

pub mod adr;
pub mod collab;
pub mod editor;
pub mod engine;
pub mod files;
pub mod model;
pub mod storage;
pub mod words;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(target_arch = "wasm32")]
pub mod platform;
#[cfg(target_arch = "wasm32")]
pub mod ui;

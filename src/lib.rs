//! Headroom: an architecture-decision planner. Draw the system, turn the
//! growth dial, see what saturates first and what fixing it costs.
//!
//! The crate is a pure core with a thin browser shell:
//!
//! - [`model`]: the document (components, dependencies, scenario);
//! - [`engine`]: traffic, queueing maths, headroom — document in, report out;
//! - [`adr`]: decision records, evidence and guardrails;
//! - [`formats`]: files and words: JSON, ADR Markdown, Mermaid, share URL,
//!   storage rules, quantities and headlines;
//! - [`editor`]: the editing session's pure parts (layout, scene, dial);
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
pub mod editor;
pub mod engine;
pub mod formats;
pub mod model;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(target_arch = "wasm32")]
pub mod platform;
#[cfg(target_arch = "wasm32")]
pub mod ui;

//! The page: Leptos components, one per file, thin. They read the document
//! and its derived report from context, draw them, and turn what the user
//! does into document edits; every number and sentence they show comes
//! from `engine`, `formats` and `editor`.
//!
//! State flows one way: `App` owns the document (`DocumentContext`) and the
//! report memo (`ReportContext`); the growth dial applies a
//! `Command::SetScenario`; the report, the canvas scene and the results
//! rows are memos derived from the document and update by themselves.

mod app;
mod banner;
mod canvas;
mod edge_view;
mod growth_dial;
mod legend;
mod node_view;
mod result_row;
mod results_table;
mod state;
mod status_icon;

/// Starts the page: installs the panic hook and mounts the app on `<body>`.
pub fn mount() {
    crate::platform::install_panic_hook();
    leptos::mount::mount_to_body(app::App);
}

//! The page's shared state, provided as context by `App`. Context values are
//! newtypes so that two signals of the same type can never be confused.

use leptos::prelude::*;

use crate::engine::Report;
use crate::model::Document;

/// The document being edited: the saved, undoable input state.
#[derive(Clone, Copy)]
pub struct DocumentContext(pub RwSignal<Document>);

/// The engine's report on the document, recomputed whenever it changes.
/// Derived, never stored.
#[derive(Clone, Copy)]
pub struct ReportContext(pub Memo<Report>);

//! The page's shared state, provided as context by `App`. Context values are
//! newtypes so that two signals of the same type can never be confused.
//!
//! Every edit of the document goes through [`Editor::dispatch`]: it applies
//! a `Command`, records undo history when the command is an edit worth a
//! step, and hands a refusal back as a value. Nothing else writes the
//! document signal.

use leptos::prelude::*;

use crate::engine::Report;
use crate::model::{Command, Document, EditError, History};

/// The document being edited: the saved, undoable input state. Read it
/// freely; change it only through [`Editor`].
#[derive(Clone, Copy)]
pub struct DocumentContext(pub RwSignal<Document>);

/// The engine's report on the document, recomputed whenever it changes.
/// Derived, never stored.
#[derive(Clone, Copy)]
pub struct ReportContext(pub Memo<Report>);

/// Edits, undo and redo.
#[derive(Clone, Copy)]
pub struct Editor {
    document: RwSignal<Document>,
    history: StoredValue<History>,
    /// Labels of the steps undo and redo would take ("move 2
    /// components"), `None` when there is none; for buttons and titles.
    pub undo_label: RwSignal<Option<String>>,
    pub redo_label: RwSignal<Option<String>>,
}

impl Editor {
    pub fn new(document: RwSignal<Document>) -> Editor {
        Editor {
            document,
            history: StoredValue::new(History::new()),
            undo_label: RwSignal::new(None),
            redo_label: RwSignal::new(None),
        }
    }

    /// Applies one edit. On refusal the document is unchanged and the
    /// error says which field and why.
    pub fn dispatch(&self, command: Command) -> Result<(), EditError> {
        let mut outcome = Ok(());
        self.history.update_value(|history| {
            let mut draft = self.document.get_untracked();
            outcome = history.apply(&mut draft, command);
            if outcome.is_ok() {
                self.document.set(draft);
            }
        });
        self.refresh_labels();
        outcome
    }

    /// Reverts the last edit; returns its label.
    pub fn undo(&self) -> Option<String> {
        self.replay(true)
    }

    /// Re-applies the last undone edit; returns its label.
    pub fn redo(&self) -> Option<String> {
        self.replay(false)
    }

    /// Forgets undo history, e.g. when another saved document is opened.
    pub fn forget_history(&self) {
        self.history.update_value(History::clear);
        self.refresh_labels();
    }

    /// Replaces the document without an undo step (opening a saved
    /// document, taking another tab's version) and forgets history.
    pub fn load(&self, document: Document) {
        self.document.set(document);
        self.forget_history();
    }

    fn replay(&self, undo: bool) -> Option<String> {
        let mut label = None;
        self.history.update_value(|history| {
            let mut draft = self.document.get_untracked();
            label = if undo { history.undo(&mut draft) } else { history.redo(&mut draft) };
            if label.is_some() {
                self.document.set(draft);
            }
        });
        self.refresh_labels();
        label
    }

    fn refresh_labels(&self) {
        let (undo, redo) = self.history.with_value(|h| {
            (h.undo_label().map(str::to_owned), h.redo_label().map(str::to_owned))
        });
        self.undo_label.set(undo);
        self.redo_label.set(redo);
    }
}

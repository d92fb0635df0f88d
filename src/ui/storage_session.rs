//! The open document's life in storage: which saved document this tab
//! has open, autosave, the documents menu's actions, other tabs, and the
//! messages about all of them. Every rule (keys, revisions, what happens
//! to unreadable text, a full storage, a conflict) is
//! `storage::workspace::Workspace`'s; this file calls it at the right
//! moments and keeps what it answers in signals for the views to show.
//!
//! Session state only: which document is open and at which revision is
//! never part of the document.

use std::time::Duration;

use leptos::prelude::*;

use super::state::Editor;
use crate::adr::slug;
use crate::files::json::to_json;
use crate::files::share_url;
use crate::storage::workspace::{
    bin_key, document_key, BackupEntry, Conflict, DocumentEntry, DocumentId, Resolution, TrashEntry, Workspace,
    WorkspaceError, NAMESPACE,
};
use crate::model::{mvp_that_creaks, Command, Document};
use crate::platform::storage::BrowserStore;
use crate::platform::{clock, files, focus, location, page_events};

/// How long autosave waits after the last edit.
const AUTOSAVE_DELAY: Duration = Duration::from_millis(500);

/// What the page says about saving, next to the document's name.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    /// The stored copy is the document on screen.
    Saved,
    /// An edit waits for autosave.
    Pending,
    /// The last save failed; the message says why and what was kept.
    NotSaved(String),
    /// Another tab saved first: the user chooses (see the conflict dialog).
    WaitingForChoice,
}

/// How a message should read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Info,
    Problem,
}

/// What a message's button does.
#[derive(Clone, Debug, PartialEq)]
pub enum NoticeAction {
    /// Download text kept under a backup key.
    DownloadBackup(String),
    /// Take a document out of the bin.
    Restore(DocumentId),
}

/// One message in the page's message area.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub id: u64,
    pub tone: Tone,
    pub text: String,
    pub action: Option<NoticeAction>,
}

/// The saved document this tab has open.
#[derive(Clone, Debug, PartialEq)]
struct OpenDocument {
    id: DocumentId,
    /// The revision this tab last read or wrote: a save expects it.
    revision: u64,
}

/// The storage session, provided as context by `App`.
#[derive(Clone, Copy)]
pub struct StorageSession {
    workspace: StoredValue<Workspace<BrowserStore>, LocalStorage>,
    open: RwSignal<Option<OpenDocument>>,
    /// The document as last read or written, to skip saves of nothing.
    stored: StoredValue<Option<Document>>,
    pending: StoredValue<Option<TimeoutHandle>>,
    next_notice: StoredValue<u64>,
    opened_in_ms: StoredValue<f64>,
    document: RwSignal<Document>,
    editor: Editor,
    pub save_state: RwSignal<SaveState>,
    pub notices: RwSignal<Vec<Notice>>,
    pub conflict: RwSignal<Option<Conflict>>,
    /// Whether the conflict dialog is showing (Esc closes it; the conflict
    /// stays until it is answered).
    pub conflict_dialog: RwSignal<bool>,
    pub documents: RwSignal<Vec<DocumentEntry>>,
    pub trash: RwSignal<Vec<TrashEntry>>,
    pub backups: RwSignal<Vec<BackupEntry>>,
    /// Whether documents outlive the tab (false when the browser refuses
    /// local storage).
    pub persistent: bool,
}

/// A document with nothing in it yet.
fn blank_document() -> Document {
    Document::empty("Untitled architecture")
}

impl StorageSession {
    /// Opens the workspace and the document to show: a shared document in
    /// the address (as a new document), else the most recently saved one
    /// that can be read, else the sample (first run). Loads it into the
    /// editor, then starts autosave and listens to other tabs.
    pub fn start(document: RwSignal<Document>, editor: Editor) -> StorageSession {
        let (store, refused) = BrowserStore::open();
        let persistent = store.is_persistent();
        let session = StorageSession {
            workspace: StoredValue::new_local(Workspace::new(store)),
            open: RwSignal::new(None),
            stored: StoredValue::new(None),
            pending: StoredValue::new(None),
            next_notice: StoredValue::new(1),
            opened_in_ms: StoredValue::new(0.0),
            document,
            editor,
            save_state: RwSignal::new(SaveState::Saved),
            notices: RwSignal::new(Vec::new()),
            conflict: RwSignal::new(None),
            conflict_dialog: RwSignal::new(false),
            documents: RwSignal::new(Vec::new()),
            trash: RwSignal::new(Vec::new()),
            backups: RwSignal::new(Vec::new()),
            persistent,
        };
        if let Some(why) = refused {
            session.notify(
                Tone::Problem,
                format!(
                    "This browser does not let the page keep anything ({why}): your documents live only in this tab. \
                     Export a document as JSON to keep it."
                ),
                None,
            );
        }
        let started = clock::since_page_start();
        session.open_first();
        session.refresh_lists();
        session.watch(started);
        session
    }

    fn open_first(&self) {
        if self.open_shared() {
            return;
        }
        let entries = self.workspace.with_value(|ws| ws.list());
        for entry in entries {
            if self.open_saved(&entry.id) {
                return;
            }
        }
        // First run, or nothing readable: the sample, saved as a document.
        self.adopt_new(mvp_that_creaks());
    }

    /// Opens the document a share link carries in the address (`#doc=…`)
    /// as a new document, and clears the fragment so a reload does not open
    /// it again. Returns whether it did; a damaged link is explained and
    /// left in the address.
    fn open_shared(&self) -> bool {
        let fragment = location::fragment();
        if !fragment.contains("doc=") {
            return false;
        }
        match share_url::decode(&fragment) {
            Ok(shared) => {
                let name = shared.name.clone();
                let stored = self.adopt_new(shared);
                location::clear_fragment();
                let text = if stored {
                    format!("Opened the shared document \"{name}\" as a new document; your other documents are unchanged.")
                } else {
                    format!("Opened the shared document \"{name}\"; it could not be stored yet (see above).")
                };
                self.notify(Tone::Info, text, None);
                true
            }
            Err(error) => {
                self.notify(Tone::Problem, format!("The link's document was not opened: {error}."), None);
                false
            }
        }
    }

    /// A share link pasted into the address bar of this open tab.
    fn fragment_changed(&self) {
        if location::fragment().contains("doc=") && self.settle() && self.open_shared() {
            self.refresh_lists();
        }
    }

    /// Saves `doc` as a new document and shows it. Returns whether it
    /// could be stored; when not, it is shown anyway and the message says
    /// it is not saved.
    fn adopt_new(&self, doc: Document) -> bool {
        let created = self.workspace.try_update_value(|ws| ws.create(&doc, clock::now()));
        self.editor.load(doc.clone());
        match created {
            Some(Ok(entry)) => {
                self.open.set(Some(OpenDocument { id: entry.id, revision: 1 }));
                self.stored.set_value(Some(doc));
                self.save_state.set(SaveState::Saved);
                true
            }
            Some(Err(error)) => {
                self.open.set(None);
                self.stored.set_value(None);
                self.save_state.set(SaveState::NotSaved(error.to_string()));
                false
            }
            None => false,
        }
    }

    /// Reads a saved document and shows it. Unreadable text has been set
    /// aside by the workspace: the message says so and offers it.
    fn open_saved(&self, id: &DocumentId) -> bool {
        let opened = self.workspace.try_update_value(|ws| ws.open(id, clock::now()));
        match opened {
            Some(Ok(opened)) => {
                self.editor.load(opened.document.clone());
                self.open.set(Some(OpenDocument { id: opened.id, revision: opened.revision }));
                self.stored.set_value(Some(opened.document));
                self.save_state.set(SaveState::Saved);
                true
            }
            Some(Err(error)) => {
                self.report(error);
                false
            }
            None => false,
        }
    }

    /// Autosave after edits, a last save when the page is hidden, and
    /// other tabs' writes.
    fn watch(self, started: f64) {
        let document = self.document;
        Effect::new(move |_| {
            document.track();
            self.schedule_save();
        });
        let _ = page_events::on_page_hide(
            move || self.save_now(),
            move || {
                // A field being typed in commits when it loses focus.
                focus::commit_focused_field();
                self.save_now();
            },
        );
        let _ = page_events::on_fragment_change(move || self.fragment_changed());
        let _ = page_events::on_other_tab_storage(move |change| match change.key {
            Some(key) => self.other_tab_wrote(&key),
            None => {
                // Another tab cleared storage: this tab's document is
                // saved again on its next save.
                self.refresh_lists();
            }
        });
        self.opened_in_ms.set_value(clock::since_page_start() - started);
    }

    /// How long opening the first document took (reading, migrating and
    /// validating it), in milliseconds.
    pub fn opened_in_ms(&self) -> f64 {
        self.opened_in_ms.get_value()
    }

    /// Puts a message in the message area; returns its id.
    pub fn notify(&self, tone: Tone, text: String, action: Option<NoticeAction>) -> u64 {
        let id = self.next_notice.get_value();
        self.next_notice.set_value(id + 1);
        self.notices.update(|list| list.push(Notice { id, tone, text, action }));
        id
    }

    pub fn dismiss(&self, id: u64) {
        self.notices.update(|list| list.retain(|n| n.id != id));
    }

    /// Shows a workspace error as a message (with the download of the kept
    /// text when there is some).
    fn report(&self, error: WorkspaceError) {
        match error {
            WorkspaceError::Unreadable { backup_key, message, .. } => {
                let action = backup_key.contains("/backup/").then_some(NoticeAction::DownloadBackup(backup_key));
                self.notify(Tone::Problem, message, action);
                self.refresh_lists();
            }
            WorkspaceError::Conflict(conflict) => self.show_conflict(*conflict),
            other => {
                self.notify(Tone::Problem, other.to_string(), None);
            }
        }
    }

    pub fn refresh_lists(&self) {
        let (documents, trash, backups) = self.workspace.with_value(|ws| (ws.list(), ws.trash(), ws.backups()));
        self.documents.set(documents);
        self.trash.set(trash);
        self.backups.set(backups);
    }

    /// The id of the saved document on screen.
    /// (Reactive: a view reading it follows the document switches.)
    pub fn open_id(&self) -> Option<DocumentId> {
        self.open.with(|open| open.as_ref().map(|o| o.id.clone()))
    }

    // --- Autosave ---------------------------------------------------------

    fn schedule_save(&self) {
        if let Some(handle) = self.pending.get_value() {
            handle.clear();
        }
        let unchanged = self.stored.with_value(|stored| {
            self.document.with_untracked(|doc| stored.as_ref() == Some(doc))
        });
        if self.conflict.with_untracked(Option::is_some) {
            return;
        }
        if unchanged {
            if self.save_state.get_untracked() == SaveState::Pending {
                self.save_state.set(SaveState::Saved);
            }
            return;
        }
        self.save_state.set(SaveState::Pending);
        let session = *self;
        self.pending.set_value(set_timeout_with_handle(move || session.save_now(), AUTOSAVE_DELAY).ok());
    }

    /// Saves the document now if it changed since it was stored.
    pub fn save_now(&self) {
        if let Some(handle) = self.pending.get_value() {
            handle.clear();
        }
        self.pending.set_value(None);
        if self.conflict.with_untracked(Option::is_some) {
            return;
        }
        let doc = self.document.get_untracked();
        if self.stored.with_value(|stored| stored.as_ref() == Some(&doc)) {
            if matches!(self.save_state.get_untracked(), SaveState::Pending) {
                self.save_state.set(SaveState::Saved);
            }
            return;
        }
        let Some(open) = self.open.get_untracked() else {
            // Never stored (storage was full when it was opened): try now.
            if self.adopt_new_silently(&doc) {
                self.refresh_lists();
            }
            return;
        };
        let result = self.workspace.try_update_value(|ws| ws.save(&open.id, &doc, open.revision, clock::now()));
        match result {
            Some(Ok(revision)) => {
                self.open.set(Some(OpenDocument { id: open.id, revision }));
                self.stored.set_value(Some(doc));
                self.save_state.set(SaveState::Saved);
                self.refresh_lists();
            }
            Some(Err(WorkspaceError::Conflict(conflict))) => self.show_conflict(*conflict),
            Some(Err(error)) => self.save_state.set(SaveState::NotSaved(error.to_string())),
            None => {}
        }
    }

    fn adopt_new_silently(&self, doc: &Document) -> bool {
        match self.workspace.try_update_value(|ws| ws.create(doc, clock::now())) {
            Some(Ok(entry)) => {
                self.open.set(Some(OpenDocument { id: entry.id, revision: 1 }));
                self.stored.set_value(Some(doc.clone()));
                self.save_state.set(SaveState::Saved);
                true
            }
            Some(Err(error)) => {
                self.save_state.set(SaveState::NotSaved(error.to_string()));
                false
            }
            None => false,
        }
    }

    /// Saves pending edits before the open document changes; refuses (with
    /// a message) when they cannot be saved, so nothing is lost.
    fn settle(&self) -> bool {
        self.save_now();
        match self.save_state.get_untracked() {
            SaveState::Saved | SaveState::Pending => true,
            SaveState::WaitingForChoice => {
                self.conflict_dialog.set(true);
                false
            }
            SaveState::NotSaved(why) => {
                let name = self.document.with_untracked(|d| d.name.clone());
                self.notify(
                    Tone::Problem,
                    format!("\"{name}\" stays open: its latest edits are not saved ({why}) Export it as JSON or make room first."),
                    None,
                );
                false
            }
        }
    }

    // --- Other tabs -------------------------------------------------------

    fn other_tab_wrote(&self, key: &str) {
        if !key.starts_with(NAMESPACE) {
            return;
        }
        self.refresh_lists();
        let Some(open) = self.open.get_untracked() else {
            return;
        };
        if key == bin_key(&open.id) && self.trash.with_untracked(|t| t.iter().any(|e| e.id == open.id)) {
            let name = self.document.with_untracked(|d| d.name.clone());
            self.notify(
                Tone::Info,
                format!("\"{name}\" was moved to the bin in another tab. This tab keeps saving it; restore it to see it in the list again."),
                Some(NoticeAction::Restore(open.id.clone())),
            );
            return;
        }
        if key != document_key(&open.id) {
            return;
        }
        let read = self.workspace.try_update_value(|ws| ws.open(&open.id, clock::now()));
        match read {
            Some(Ok(theirs)) if theirs.revision > open.revision => {
                let ours = self.document.get_untracked();
                if theirs.document == ours {
                    self.open.set(Some(OpenDocument { id: open.id, revision: theirs.revision }));
                    self.stored.set_value(Some(ours));
                } else {
                    self.show_conflict(Conflict {
                        id: open.id,
                        ours,
                        theirs: theirs.document,
                        theirs_revision: theirs.revision,
                        theirs_updated_at: theirs.updated_at,
                    });
                }
            }
            Some(Ok(_)) | None => {}
            Some(Err(WorkspaceError::NotFound { .. })) => {
                let name = self.document.with_untracked(|d| d.name.clone());
                self.notify(
                    Tone::Info,
                    format!("\"{name}\" was deleted for good in another tab. This tab still has it and saves it again with the next edit."),
                    None,
                );
                self.open.set(Some(OpenDocument { id: open.id, revision: 0 }));
                self.stored.set_value(None);
            }
            Some(Err(error)) => self.report(error),
        }
    }

    fn show_conflict(&self, conflict: Conflict) {
        if let Some(handle) = self.pending.get_value() {
            handle.clear();
        }
        self.pending.set_value(None);
        self.conflict.set(Some(conflict));
        self.save_state.set(SaveState::WaitingForChoice);
        self.conflict_dialog.set(true);
    }

    /// Applies the user's answer to the conflict.
    pub fn resolve(&self, resolution: Resolution) {
        let Some(mut conflict) = self.conflict.get_untracked() else {
            return;
        };
        conflict.ours = self.document.get_untracked();
        let theirs_name = conflict.theirs.name.clone();
        let result = self.workspace.try_update_value(|ws| ws.resolve(conflict, resolution, clock::now()));
        self.conflict.set(None);
        self.conflict_dialog.set(false);
        match result {
            Some(Ok(opened)) => {
                if resolution != Resolution::KeepMine {
                    self.editor.load(opened.document.clone());
                }
                self.open.set(Some(OpenDocument { id: opened.id, revision: opened.revision }));
                self.stored.set_value(Some(opened.document.clone()));
                self.save_state.set(SaveState::Saved);
                if resolution == Resolution::KeepBoth {
                    self.notify(
                        Tone::Info,
                        format!(
                            "Kept both: your version is now \"{}\"; the other tab's stays as \"{theirs_name}\".",
                            opened.document.name
                        ),
                        None,
                    );
                }
                self.refresh_lists();
            }
            Some(Err(WorkspaceError::Conflict(again))) => self.show_conflict(*again),
            Some(Err(error)) => self.save_state.set(SaveState::NotSaved(error.to_string())),
            None => {}
        }
    }

    // --- The documents menu -----------------------------------------------

    /// Opens another saved document.
    pub fn switch_to(&self, id: &DocumentId) {
        if self.open_id().as_ref() == Some(id) || !self.settle() {
            return;
        }
        self.open_saved(id);
        self.refresh_lists();
    }

    /// A new document from `doc` (a template or blank), opened.
    /// Opens `doc` as a new document kept beside the others; false when the
    /// open one could not be saved first (the message says why) or the new
    /// one could not be stored.
    pub fn create(&self, doc: Document) -> bool {
        if !self.settle() {
            return false;
        }
        let created = self.adopt_new(doc);
        self.refresh_lists();
        created
    }

    pub fn create_blank(&self) {
        self.create(blank_document());
    }

    /// Renames a saved document (the open one through an undoable edit).
    pub fn rename(&self, id: &DocumentId, name: String) -> Result<(), String> {
        if self.open_id().as_ref() == Some(id) {
            return self.editor.dispatch(Command::Rename(name)).map_err(|e| e.to_string());
        }
        let result = self.workspace.try_update_value(|ws| ws.rename(id, &name, clock::now()));
        self.refresh_lists();
        match result {
            Some(Err(error)) => Err(error.to_string()),
            _ => Ok(()),
        }
    }

    pub fn duplicate(&self, id: &DocumentId) {
        if self.open_id().as_ref() == Some(id) && !self.settle() {
            return;
        }
        match self.workspace.try_update_value(|ws| ws.duplicate(id, clock::now())) {
            Some(Ok(entry)) => {
                self.notify(Tone::Info, format!("Made a copy: \"{}\".", entry.name), None);
            }
            Some(Err(error)) => self.report(error),
            None => {}
        }
        self.refresh_lists();
    }

    /// Puts a document in the bin (the message offers to undo it). When it
    /// is the open one, the most recent other document opens, or a blank
    /// one when there is none.
    pub fn delete(&self, id: &DocumentId) {
        let is_open = self.open_id().as_ref() == Some(id);
        if is_open && !self.settle() {
            return;
        }
        let name = self.documents.with_untracked(|list| list.iter().find(|e| &e.id == id).map(|e| e.name.clone()));
        match self.workspace.try_update_value(|ws| ws.delete(id, clock::now())) {
            Some(Ok(())) => {
                let name = name.unwrap_or_else(|| "The document".to_owned());
                self.notify(Tone::Info, format!("\"{name}\" was moved to the bin."), Some(NoticeAction::Restore(id.clone())));
            }
            Some(Err(error)) => {
                self.report(error);
                return;
            }
            None => return,
        }
        self.refresh_lists();
        if is_open {
            let next = self.documents.with_untracked(|list| list.first().map(|e| e.id.clone()));
            let opened = next.is_some_and(|next| self.open_saved(&next));
            if !opened {
                self.adopt_new(blank_document());
            }
            self.refresh_lists();
        }
    }

    /// Takes a document out of the bin.
    pub fn restore(&self, id: &DocumentId) {
        match self.workspace.try_update_value(|ws| ws.restore(id)) {
            Some(Ok(())) => {
                self.notices.update(|list| list.retain(|n| n.action != Some(NoticeAction::Restore(id.clone()))));
            }
            Some(Err(error)) => self.report(error),
            None => {}
        }
        self.refresh_lists();
    }

    /// Deletes a document in the bin for good.
    pub fn purge(&self, id: &DocumentId) {
        if let Some(Err(error)) = self.workspace.try_update_value(|ws| ws.purge(id)) {
            self.report(error);
        }
        self.refresh_lists();
    }

    /// Imports a JSON document file as a new document and opens it. On an
    /// error nothing changes and the message names the field.
    pub fn import_json(&self, text: &str) -> Result<String, String> {
        if !self.settle() {
            return Err("the open document has unsaved edits (see the message above); nothing was imported".to_owned());
        }
        let result = self.workspace.try_update_value(|ws| ws.import_json(text, clock::now()));
        match result {
            Some(Ok(entry)) => {
                self.open_saved(&entry.id);
                self.refresh_lists();
                Ok(entry.name)
            }
            Some(Err(error)) => Err(error.to_string()),
            None => Err("storage is not available".to_owned()),
        }
    }

    /// Downloads the open document as a JSON file.
    pub fn export_json(&self) -> Result<(), String> {
        let (name, text) = self.document.with_untracked(|doc| (format!("{}.headroom.json", slug(&doc.name)), to_json(doc)));
        files::download_text(&name, "application/json", &text)
    }

    /// A link that opens the open document as a new document, or why
    /// there can be none (a document too large for a link).
    pub fn share_link(&self) -> Result<String, String> {
        self.document
            .with_untracked(share_url::encode)
            .map(|fragment| location::link_with_fragment(&fragment))
            .map_err(|error| error.to_string())
    }

    /// Downloads text kept under a backup key, unchanged.
    pub fn download_backup(&self, key: &str) {
        let Some(text) = self.workspace.with_value(|ws| ws.backup_text(key)) else {
            self.notify(Tone::Problem, "That backup is no longer stored (removed in another tab?).".to_owned(), None);
            return;
        };
        let stem: String = key
            .trim_start_matches(NAMESPACE)
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        if let Err(why) = files::download_text(&format!("headroom-{stem}.txt"), "text/plain", &text) {
            self.notify(Tone::Problem, format!("The download did not start: {why}."), None);
        }
    }

    pub fn remove_backup(&self, key: &str) {
        self.workspace.update_value(|ws| ws.remove_backup(key));
        self.notices.update(|list| list.retain(|n| n.action != Some(NoticeAction::DownloadBackup(key.to_owned()))));
        self.refresh_lists();
    }
}

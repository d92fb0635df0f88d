//! The open document's life in storage: which saved document this tab
//! has open, autosave, the documents menu's actions, other tabs, and the
//! messages about all of them. Every decision (when to save, what another
//! tab's write means, how a conflict ends) is `storage::session::Session`'s,
//! every documents-menu decision (what opens first or next, what happens to
//! unsaved edits on a switch) is `storage::documents`'s, and every rule
//! (keys, revisions, unreadable text, a full storage) is
//! `storage::workspace::Workspace`'s; this file feeds them the browser's
//! events and the menu's clicks, carries out the effects they answer and
//! mirrors the session in signals for the views to show.
//!
//! Session state only: which document is open and at which revision is
//! never part of the document.

use std::time::Duration;

use leptos::prelude::*;

use super::state::Editor;
use crate::adr::slug;
use crate::files::json::to_json;
use crate::files::share_url;
use crate::storage::documents::{self, blank_document, Outcome, Request};
pub use crate::storage::session::{NoticeAction, SaveState, Tone};
use crate::storage::session::{Effect as StorageEffect, Event, OpenDocument, Session};
use crate::storage::workspace::{BackupEntry, Conflict, DocumentEntry, DocumentId, Resolution, TrashEntry, Workspace, NAMESPACE};
use crate::model::{Command, Document};
use crate::platform::storage::BrowserStore;
use crate::platform::{clock, files, focus, location, page_events};

/// How long autosave waits after the last edit.
const AUTOSAVE_DELAY: Duration = Duration::from_millis(500);

/// One message in the page's message area.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub id: u64,
    pub tone: Tone,
    pub text: String,
    pub action: Option<NoticeAction>,
}

/// The storage session, provided as context by `App`.
#[derive(Clone, Copy)]
pub struct StorageSession {
    workspace: StoredValue<Workspace<BrowserStore>, LocalStorage>,
    /// Every decision; `open`, `save_state` and `conflict` mirror it.
    machine: StoredValue<Session, LocalStorage>,
    open: RwSignal<Option<OpenDocument>>,
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
            machine: StoredValue::new_local(Session::new()),
            open: RwSignal::new(None),
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
        session.ask(Request::OpenFirst { fragment: &location::fragment() });
        session.watch(started);
        session
    }

    /// A share link pasted into the address bar of this open tab.
    fn fragment_changed(&self) {
        let fragment = location::fragment();
        let on_screen = &self.on_screen();
        self.ask(Request::OpenLink { fragment: &fragment, on_screen });
    }

    /// Hands one event to the session, mirrors its state and carries out
    /// what it answers (after it answered, so a load that triggers an edit
    /// feeds that edit as a new event). Returns the effects carried out.
    fn feed(&self, event: Event<'_>) -> Vec<StorageEffect> {
        let effects = self.decide(event);
        self.carry_out_all(&effects);
        effects
    }

    /// The session's answer to `event`, with nothing carried out yet (so
    /// the event may borrow the document signal).
    fn decide(&self, event: Event<'_>) -> Vec<StorageEffect> {
        let now = clock::now();
        self.workspace
            .try_update_value(|ws| self.machine.try_update_value(|session| session.handle(ws, now, event)))
            .flatten()
            .unwrap_or_default()
    }

    fn carry_out_all(&self, effects: &[StorageEffect]) {
        self.mirror();
        for effect in effects {
            // The session never asks for a rename, the only effect the
            // shell can fail to carry out.
            let _ = self.carry_out(effect);
        }
    }

    /// Hands one documents-menu request to `storage::documents`, mirrors
    /// the session and carries out the answer, as `feed` does. Returns how
    /// it ended (refused when the editor refused a rename); `None` when the
    /// page is going away.
    fn ask(&self, request: Request<'_>) -> Option<Outcome> {
        let now = clock::now();
        let answer = self
            .workspace
            .try_update_value(|ws| self.machine.try_update_value(|session| documents::answer(session, ws, now, request)))
            .flatten()?;
        self.mirror();
        let mut outcome = answer.outcome;
        for effect in &answer.effects {
            if let Err(why) = self.carry_out(effect) {
                outcome = Outcome::Refused(why);
            }
        }
        Some(outcome)
    }

    /// The document on screen, for a request that may change which one is
    /// open.
    fn on_screen(&self) -> Document {
        self.document.get_untracked()
    }

    /// Feeds an event about the document on screen.
    fn feed_on_screen(&self, event: impl FnOnce(&Document) -> Event<'_>) -> Vec<StorageEffect> {
        // Borrowed, not copied (a dial step of a large model would copy
        // it each time); the effects, which may load another document,
        // are carried out once the borrow ends.
        let effects = self.document.with_untracked(|doc| self.decide(event(doc)));
        self.carry_out_all(&effects);
        effects
    }

    fn mirror(&self) {
        let Some((open, save_state, conflict)) = self
            .machine
            .try_with_value(|session| (session.open().cloned(), session.save_state().clone(), session.conflict().cloned()))
        else {
            return;
        };
        if self.open.with_untracked(|old| *old != open) {
            self.open.set(open);
        }
        if self.save_state.with_untracked(|old| *old != save_state) {
            self.save_state.set(save_state);
        }
        if self.conflict.with_untracked(|old| *old != conflict) {
            self.conflict.set(conflict);
        }
    }

    /// Carries out one effect; only an edit can be refused (the editor's
    /// words say why).
    fn carry_out(&self, effect: &StorageEffect) -> Result<(), String> {
        match effect {
            StorageEffect::ScheduleSave => {
                let session = *self;
                self.pending.set_value(set_timeout_with_handle(move || session.save_now(), AUTOSAVE_DELAY).ok());
            }
            StorageEffect::CancelSave => {
                if let Some(handle) = self.pending.get_value() {
                    handle.clear();
                }
                self.pending.set_value(None);
            }
            StorageEffect::Load(doc) => self.editor.load(Document::clone(doc)),
            StorageEffect::Notify { tone, text, action } => {
                self.notify(*tone, text.clone(), action.clone());
            }
            StorageEffect::ShowConflictDialog => self.conflict_dialog.set(true),
            StorageEffect::HideConflictDialog => self.conflict_dialog.set(false),
            StorageEffect::RefreshLists => self.refresh_lists(),
            StorageEffect::ClearFragment => location::clear_fragment(),
            StorageEffect::DismissNotices(action) => {
                self.notices.update(|list| list.retain(|n| n.action.as_ref() != Some(action)));
            }
            StorageEffect::RenameOnScreen(name) => {
                return self.editor.dispatch(Command::Rename(name.clone())).map_err(|e| e.to_string());
            }
        }
        Ok(())
    }

    /// Autosave after edits, a last save when the page is hidden, and
    /// other tabs' writes.
    fn watch(self, started: f64) {
        let document = self.document;
        Effect::new(move |_| {
            document.track();
            self.feed_on_screen(|on_screen| Event::Edited { on_screen });
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
            Some(key) => {
                let on_screen = self.document.get_untracked();
                self.feed(Event::OtherTabWrote { key: &key, on_screen: &on_screen });
            }
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

    /// `open_id` without subscribing (for code that runs in an effect of
    /// something else).
    pub fn open_id_untracked(&self) -> Option<DocumentId> {
        self.open.with_untracked(|open| open.as_ref().map(|o| o.id.clone()))
    }

    // --- Autosave ---------------------------------------------------------

    /// Says whether the open document is a live room's: then another tab
    /// writing it is that tab's copy of the room, not a conflict.
    pub fn set_live(&self, live: bool) {
        self.machine.update_value(|session| session.set_live(live));
    }

    /// Saves the document now if it changed since it was stored.
    pub fn save_now(&self) {
        self.feed_on_screen(|on_screen| Event::SaveDue { on_screen });
    }

    /// Applies the user's answer to the conflict.
    pub fn resolve(&self, resolution: Resolution) {
        self.feed_on_screen(|on_screen| Event::Chose { resolution, on_screen });
    }

    // --- The documents menu -----------------------------------------------

    /// Opens another saved document.
    pub fn switch_to(&self, id: &DocumentId) {
        let on_screen = &self.on_screen();
        self.ask(Request::SwitchTo { id, on_screen });
    }

    /// Opens `doc` (a template or blank) as a new document kept beside the
    /// others; false when the open one could not be saved first (the
    /// message says why) or the new one could not be stored.
    pub fn create(&self, doc: Document) -> bool {
        let document = Box::new(doc);
        let on_screen = &self.on_screen();
        self.ask(Request::Create { document, on_screen }) == Some(Outcome::Done)
    }

    pub fn create_blank(&self) {
        self.create(blank_document());
    }

    /// Renames a saved document (the open one through an undoable edit).
    pub fn rename(&self, id: &DocumentId, name: String) -> Result<(), String> {
        match self.ask(Request::Rename { id, name }) {
            Some(Outcome::Refused(why)) => Err(why),
            _ => Ok(()),
        }
    }

    pub fn duplicate(&self, id: &DocumentId) {
        let on_screen = &self.on_screen();
        self.ask(Request::Duplicate { id, on_screen });
    }

    /// Puts a document in the bin (the message offers to undo it); when it
    /// is the open one, another opens (see `storage::documents`).
    pub fn delete(&self, id: &DocumentId) {
        let on_screen = &self.on_screen();
        self.ask(Request::Delete { id, on_screen });
    }

    /// Takes a document out of the bin.
    pub fn restore(&self, id: &DocumentId) {
        self.ask(Request::Restore { id });
    }

    /// Deletes a document in the bin for good.
    pub fn purge(&self, id: &DocumentId) {
        self.ask(Request::Purge { id });
    }

    /// Imports a JSON document file as a new document and opens it; returns
    /// its name. On an error nothing changes and the message names the
    /// field.
    pub fn import_json(&self, text: &str) -> Result<String, String> {
        let on_screen = &self.on_screen();
        match self.ask(Request::Import { text, on_screen }) {
            Some(Outcome::Imported(name)) => Ok(name),
            Some(Outcome::Refused(why)) => Err(why),
            Some(Outcome::Done) | None => Err("storage is not available".to_owned()),
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

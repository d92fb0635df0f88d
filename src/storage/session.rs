//! The open document's session with storage as a plain state machine:
//! which saved document this tab has open and at which revision, the copy
//! last stored, the save state the page shows, and an unanswered conflict.
//! The shell feeds it events (an edit, the autosave timer, another tab's
//! write, the user's answer to a conflict, a document to open) and carries
//! out the effects it answers; every storage rule stays `Workspace`'s.

use super::workspace::{
    bin_key, document_key, Conflict, DocumentId, KeyValueStore, Resolution, Stamp, Workspace, WorkspaceError, NAMESPACE,
};
use crate::model::Document;

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

/// The saved document this tab has open.
#[derive(Clone, Debug, PartialEq)]
pub struct OpenDocument {
    pub id: DocumentId,
    /// The revision this tab last read or wrote: a save expects it.
    pub revision: u64,
}

/// Something that happened, as the shell saw it.
#[derive(Clone, Debug, PartialEq)]
pub enum Event<'a> {
    /// The document on screen changed (or was loaded).
    Edited { on_screen: &'a Document },
    /// The autosave timer fired, the page is being hidden, or the open
    /// document is about to change: save now if anything changed.
    SaveDue { on_screen: &'a Document },
    /// Another tab wrote `key` in storage.
    OtherTabWrote { key: &'a str, on_screen: &'a Document },
    /// The user answered the conflict.
    Chose { resolution: Resolution, on_screen: &'a Document },
    /// Show `document` as a new saved document.
    OpenNew { document: Box<Document> },
    /// Show a saved document.
    OpenSaved { id: &'a DocumentId },
}

/// What the shell should do, in order.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Start the autosave timer.
    ScheduleSave,
    /// Stop the autosave timer if it runs.
    CancelSave,
    /// Put this document in the editor.
    Load(Box<Document>),
    /// Show a message.
    Notify { tone: Tone, text: String, action: Option<NoticeAction> },
    /// Open the conflict dialog.
    ShowConflictDialog,
    /// Close the conflict dialog.
    HideConflictDialog,
    /// Read the documents, the bin and the backups again.
    RefreshLists,
    /// Take a share link out of the address, so a reload does not open it
    /// again (`storage::documents`).
    ClearFragment,
    /// Remove the messages offering this action: it is done.
    DismissNotices(NoticeAction),
    /// Rename the document on screen through an undoable edit.
    RenameOnScreen(String),
}

/// The storage session's state.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    open: Option<OpenDocument>,
    /// The document as last read or written, to skip saves of nothing.
    stored: Option<Document>,
    save_state: SaveState,
    conflict: Option<Conflict>,
    /// The open document is a live room's: another tab writing it is that
    /// tab's copy of the room, which the room keeps in step with this one.
    live: bool,
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}

impl Session {
    /// A session with nothing open yet.
    pub fn new() -> Self {
        Session { open: None, stored: None, save_state: SaveState::Saved, conflict: None, live: false }
    }

    /// Says whether the open document is a live room's (`ui::live_room`).
    /// While it is, another tab's write of it is not a conflict: both tabs
    /// are in the room, which merges their edits; the later save stands.
    pub fn set_live(&mut self, live: bool) {
        self.live = live;
    }

    pub fn save_state(&self) -> &SaveState {
        &self.save_state
    }

    pub fn conflict(&self) -> Option<&Conflict> {
        self.conflict.as_ref()
    }

    pub fn open(&self) -> Option<&OpenDocument> {
        self.open.as_ref()
    }

    /// Takes one event; answers what the shell should do.
    pub fn handle<S: KeyValueStore>(&mut self, workspace: &mut Workspace<S>, now: Stamp, event: Event<'_>) -> Vec<Effect> {
        let mut effects = Vec::new();
        match event {
            Event::Edited { on_screen } => self.edited(on_screen, &mut effects),
            Event::SaveDue { on_screen } => self.save(workspace, now, on_screen, &mut effects),
            Event::OtherTabWrote { key, on_screen } => self.other_tab_wrote(workspace, now, key, on_screen, &mut effects),
            Event::Chose { resolution, on_screen } => self.resolve(workspace, now, resolution, on_screen, &mut effects),
            Event::OpenNew { document } => {
                self.open_new(workspace, now, *document, &mut effects);
            }
            Event::OpenSaved { id } => {
                self.open_saved(workspace, now, id, &mut effects);
            }
        }
        effects
    }

    /// Cancels a pending save and says whether there is nothing to
    /// write: a conflict waits for its answer, or the screen is what is
    /// stored (an edit undone before the timer fired reads as saved).
    fn nothing_to_save(&mut self, on_screen: &Document, effects: &mut Vec<Effect>) -> bool {
        effects.push(Effect::CancelSave);
        if self.conflict.is_some() {
            return true;
        }
        if self.stored.as_ref() == Some(on_screen) {
            if self.save_state == SaveState::Pending {
                self.save_state = SaveState::Saved;
            }
            return true;
        }
        false
    }

    fn edited(&mut self, on_screen: &Document, effects: &mut Vec<Effect>) {
        if self.nothing_to_save(on_screen, effects) {
            return;
        }
        self.save_state = SaveState::Pending;
        effects.push(Effect::ScheduleSave);
    }

    fn save<S: KeyValueStore>(&mut self, ws: &mut Workspace<S>, now: Stamp, on_screen: &Document, effects: &mut Vec<Effect>) {
        if self.nothing_to_save(on_screen, effects) {
            return;
        }
        let Some(open) = self.open.clone() else {
            // Never stored (storage was full when it was opened): try now.
            match ws.create(on_screen, now) {
                Ok(entry) => {
                    self.open = Some(OpenDocument { id: entry.id, revision: 1 });
                    self.stored = Some(on_screen.clone());
                    self.save_state = SaveState::Saved;
                    effects.push(Effect::RefreshLists);
                }
                Err(error) => self.save_state = SaveState::NotSaved(error.to_string()),
            }
            return;
        };
        match ws.save(&open.id, on_screen, open.revision, now) {
            Ok(revision) => {
                self.open = Some(OpenDocument { id: open.id, revision });
                self.stored = Some(on_screen.clone());
                self.save_state = SaveState::Saved;
                effects.push(Effect::RefreshLists);
            }
            Err(WorkspaceError::Conflict(conflict)) if self.live => {
                // The other tab's copy is the room's too: this one, which
                // has merged it or will, is written over it.
                self.open = Some(OpenDocument { id: open.id, revision: conflict.theirs_revision });
                self.save(ws, now, on_screen, effects);
            }
            Err(WorkspaceError::Conflict(conflict)) => self.show_conflict(*conflict, effects),
            Err(error) => self.save_state = SaveState::NotSaved(error.to_string()),
        }
    }

    fn other_tab_wrote<S: KeyValueStore>(
        &mut self,
        ws: &mut Workspace<S>,
        now: Stamp,
        key: &str,
        on_screen: &Document,
        effects: &mut Vec<Effect>,
    ) {
        if !key.starts_with(NAMESPACE) {
            return;
        }
        effects.push(Effect::RefreshLists);
        let Some(open) = self.open.clone() else {
            return;
        };
        if key == bin_key(&open.id) && ws.trash().iter().any(|e| e.id == open.id) {
            effects.push(Effect::Notify {
                tone: Tone::Info,
                text: format!(
                    "\"{}\" was moved to the bin in another tab. This tab keeps saving it; restore it to see it in the list again.",
                    on_screen.name
                ),
                action: Some(NoticeAction::Restore(open.id.clone())),
            });
            return;
        }
        if key != document_key(&open.id) {
            return;
        }
        match ws.open(&open.id, now) {
            Ok(theirs) if theirs.revision > open.revision => {
                if &theirs.document == on_screen {
                    self.open = Some(OpenDocument { id: open.id, revision: theirs.revision });
                    self.stored = Some(on_screen.clone());
                } else if self.live {
                    // A pending save of this tab's copy still writes it.
                    self.open = Some(OpenDocument { id: open.id, revision: theirs.revision });
                    self.stored = Some(theirs.document);
                } else {
                    let conflict = Conflict {
                        id: open.id,
                        ours: on_screen.clone(),
                        theirs: theirs.document,
                        theirs_revision: theirs.revision,
                        theirs_updated_at: theirs.updated_at,
                    };
                    self.show_conflict(conflict, effects);
                }
            }
            Ok(_) => {}
            Err(WorkspaceError::NotFound { .. }) => {
                effects.push(Effect::Notify {
                    tone: Tone::Info,
                    text: format!(
                        "\"{}\" was deleted for good in another tab. This tab still has it and saves it again with the next edit.",
                        on_screen.name
                    ),
                    action: None,
                });
                self.open = Some(OpenDocument { id: open.id, revision: 0 });
                self.stored = None;
            }
            Err(error) => self.report(error, effects),
        }
    }

    fn show_conflict(&mut self, conflict: Conflict, effects: &mut Vec<Effect>) {
        effects.push(Effect::CancelSave);
        self.conflict = Some(conflict);
        self.save_state = SaveState::WaitingForChoice;
        effects.push(Effect::ShowConflictDialog);
    }

    fn resolve<S: KeyValueStore>(
        &mut self,
        ws: &mut Workspace<S>,
        now: Stamp,
        resolution: Resolution,
        on_screen: &Document,
        effects: &mut Vec<Effect>,
    ) {
        let Some(mut conflict) = self.conflict.take() else {
            return;
        };
        conflict.ours = on_screen.clone();
        let theirs_name = conflict.theirs.name.clone();
        let result = ws.resolve(conflict, resolution, now);
        effects.push(Effect::HideConflictDialog);
        match result {
            Ok(opened) => {
                if resolution != Resolution::KeepMine {
                    effects.push(Effect::Load(Box::new(opened.document.clone())));
                }
                if resolution == Resolution::KeepBoth {
                    effects.push(Effect::Notify {
                        tone: Tone::Info,
                        text: format!(
                            "Kept both: your version is now \"{}\"; the other tab's stays as \"{theirs_name}\".",
                            opened.document.name
                        ),
                        action: None,
                    });
                }
                self.open = Some(OpenDocument { id: opened.id, revision: opened.revision });
                self.stored = Some(opened.document);
                self.save_state = SaveState::Saved;
                effects.push(Effect::RefreshLists);
            }
            Err(WorkspaceError::Conflict(again)) => self.show_conflict(*again, effects),
            Err(error) => self.save_state = SaveState::NotSaved(error.to_string()),
        }
    }

    /// Saves `document` as a new document and shows it; when it cannot be
    /// stored it is shown anyway and the save state says why.
    fn open_new<S: KeyValueStore>(&mut self, ws: &mut Workspace<S>, now: Stamp, document: Document, effects: &mut Vec<Effect>) {
        let created = ws.create(&document, now);
        effects.push(Effect::Load(Box::new(document.clone())));
        match created {
            Ok(entry) => {
                self.open = Some(OpenDocument { id: entry.id, revision: 1 });
                self.stored = Some(document);
                self.save_state = SaveState::Saved;
            }
            Err(error) => {
                self.open = None;
                self.stored = None;
                self.save_state = SaveState::NotSaved(error.to_string());
            }
        }
    }

    /// Reads a saved document and shows it. Unreadable text has been set
    /// aside by the workspace: the message says so and offers it.
    fn open_saved<S: KeyValueStore>(&mut self, ws: &mut Workspace<S>, now: Stamp, id: &DocumentId, effects: &mut Vec<Effect>) {
        match ws.open(id, now) {
            Ok(opened) => {
                effects.push(Effect::Load(Box::new(opened.document.clone())));
                self.open = Some(OpenDocument { id: opened.id, revision: opened.revision });
                self.stored = Some(opened.document);
                self.save_state = SaveState::Saved;
            }
            Err(error) => self.report(error, effects),
        }
    }

    /// A workspace error as a message (with the download of the kept text
    /// when there is some).
    fn report(&mut self, error: WorkspaceError, effects: &mut Vec<Effect>) {
        match error {
            WorkspaceError::Conflict(conflict) => self.show_conflict(*conflict, effects),
            other => effects.extend(report(other)),
        }
    }
}

/// The effects that show a workspace error as a message; the session
/// takes a conflict as state instead (see `Session::handle`).
pub fn report(error: WorkspaceError) -> Vec<Effect> {
    match error {
        WorkspaceError::Unreadable { backup_key, message, .. } => {
            let action = backup_key.contains("/backup/").then_some(NoticeAction::DownloadBackup(backup_key));
            vec![Effect::Notify { tone: Tone::Problem, text: message, action }, Effect::RefreshLists]
        }
        other => vec![Effect::Notify { tone: Tone::Problem, text: other.to_string(), action: None }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::mvp_that_creaks;
    use crate::storage::workspace::MemoryStore;

    const NOW: Stamp = Stamp(1_000);

    fn named(name: &str) -> Document {
        let mut doc = mvp_that_creaks();
        doc.name = name.to_owned();
        doc
    }

    /// A workspace and a session with `doc` opened as a new document.
    fn opened(doc: &Document) -> (Workspace<MemoryStore>, Session) {
        let mut ws = Workspace::new(MemoryStore::new());
        let mut session = Session::new();
        let effects = session.handle(&mut ws, NOW, Event::OpenNew { document: Box::new(doc.clone()) });
        assert_eq!(effects, vec![Effect::Load(Box::new(doc.clone()))]);
        (ws, session)
    }

    fn id(session: &Session) -> DocumentId {
        session.open().map(|o| o.id.clone()).unwrap_or_else(|| DocumentId::new("none"))
    }

    #[test]
    fn an_edit_waits_for_the_timer_which_saves_it() {
        let (mut ws, mut session) = opened(&named("A"));
        let edited = named("A, edited");
        let effects = session.handle(&mut ws, NOW, Event::Edited { on_screen: &edited });
        assert_eq!(effects, vec![Effect::CancelSave, Effect::ScheduleSave]);
        assert_eq!(session.save_state(), &SaveState::Pending);

        let effects = session.handle(&mut ws, Stamp(2_000), Event::SaveDue { on_screen: &edited });
        assert_eq!(effects, vec![Effect::CancelSave, Effect::RefreshLists]);
        assert_eq!(session.save_state(), &SaveState::Saved);
        assert_eq!(session.open().map(|o| o.revision), Some(2));
        let stored = ws.open(&id(&session), NOW).map(|o| o.document);
        assert_eq!(stored, Ok(edited));
    }

    #[test]
    fn an_edit_undone_before_the_timer_is_saved_again_without_writing() {
        let doc = named("A");
        let (mut ws, mut session) = opened(&doc);
        session.handle(&mut ws, NOW, Event::Edited { on_screen: &named("B") });
        let effects = session.handle(&mut ws, NOW, Event::Edited { on_screen: &doc });
        assert_eq!(effects, vec![Effect::CancelSave]);
        assert_eq!(session.save_state(), &SaveState::Saved);
        assert_eq!(session.handle(&mut ws, NOW, Event::SaveDue { on_screen: &doc }), vec![Effect::CancelSave]);
        assert_eq!(session.open().map(|o| o.revision), Some(1));
    }

    #[test]
    fn a_full_storage_keeps_the_edit_on_screen_and_says_so() {
        let (mut ws, mut session) = opened(&named("A"));
        let used = ws.store().used();
        ws.store_mut().set_quota(Some(used));
        let mut big = named("A");
        big.name = "A, with a longer name".to_owned();
        session.handle(&mut ws, NOW, Event::Edited { on_screen: &big });
        session.handle(&mut ws, NOW, Event::SaveDue { on_screen: &big });
        assert!(matches!(session.save_state(), SaveState::NotSaved(_)), "{:?}", session.save_state());
        assert_eq!(session.open().map(|o| o.revision), Some(1));

        // Room again: the next save stores the kept edit.
        ws.store_mut().set_quota(None);
        session.handle(&mut ws, NOW, Event::SaveDue { on_screen: &big });
        assert_eq!(session.save_state(), &SaveState::Saved);
        assert_eq!(ws.open(&id(&session), NOW).map(|o| o.document), Ok(big));
    }

    #[test]
    fn a_document_never_stored_is_created_by_its_next_save() {
        let mut ws = Workspace::new(MemoryStore::with_quota(10));
        let mut session = Session::new();
        let doc = named("A");
        session.handle(&mut ws, NOW, Event::OpenNew { document: Box::new(doc.clone()) });
        assert!(session.open().is_none());
        assert!(matches!(session.save_state(), SaveState::NotSaved(_)));
        ws.store_mut().set_quota(None);
        let effects = session.handle(&mut ws, NOW, Event::SaveDue { on_screen: &doc });
        assert_eq!(effects, vec![Effect::CancelSave, Effect::RefreshLists]);
        assert_eq!(session.save_state(), &SaveState::Saved);
        assert!(session.open().is_some());
    }

    #[test]
    fn another_tabs_newer_revision_equal_to_the_screen_is_taken_quietly() {
        let doc = named("A");
        let (mut ws, mut session) = opened(&doc);
        let id = id(&session);
        // The other tab wrote the same document (revision 2).
        assert_eq!(ws.save(&id, &doc, 1, NOW), Ok(2));
        let effects = session.handle(&mut ws, NOW, Event::OtherTabWrote { key: &document_key(&id), on_screen: &doc });
        assert_eq!(effects, vec![Effect::RefreshLists]);
        assert_eq!(session.open().map(|o| o.revision), Some(2));
        assert_eq!(session.save_state(), &SaveState::Saved);
    }

    #[test]
    fn another_tabs_newer_revision_against_a_local_edit_is_a_conflict() {
        let (mut ws, mut session) = opened(&named("A"));
        let id = id(&session);
        assert_eq!(ws.save(&id, &named("Theirs"), 1, NOW), Ok(2));
        let ours = named("Ours");
        session.handle(&mut ws, NOW, Event::Edited { on_screen: &ours });
        let effects = session.handle(&mut ws, NOW, Event::OtherTabWrote { key: &document_key(&id), on_screen: &ours });
        assert_eq!(effects, vec![Effect::RefreshLists, Effect::CancelSave, Effect::ShowConflictDialog]);
        assert_eq!(session.save_state(), &SaveState::WaitingForChoice);
        assert_eq!(session.conflict().map(|c| c.theirs_revision), Some(2));
        // While it waits, edits and timers write nothing.
        assert_eq!(session.handle(&mut ws, NOW, Event::Edited { on_screen: &ours }), vec![Effect::CancelSave]);
        assert_eq!(session.handle(&mut ws, NOW, Event::SaveDue { on_screen: &ours }), vec![Effect::CancelSave]);
        assert_eq!(ws.open(&id, NOW).map(|o| o.document.name), Ok("Theirs".to_owned()));
    }

    #[test]
    fn in_a_live_room_another_tabs_write_is_the_rooms_and_no_conflict() {
        let (mut ws, mut session) = opened(&named("A"));
        let id = id(&session);
        session.set_live(true);
        assert_eq!(ws.save(&id, &named("Theirs"), 1, NOW), Ok(2));
        let ours = named("Ours");
        session.handle(&mut ws, NOW, Event::Edited { on_screen: &ours });
        let effects = session.handle(&mut ws, NOW, Event::OtherTabWrote { key: &document_key(&id), on_screen: &ours });
        assert_eq!(effects, vec![Effect::RefreshLists]);
        assert_eq!(session.conflict(), None);
        // The pending save still writes this tab's copy, over revision 2.
        session.handle(&mut ws, NOW, Event::SaveDue { on_screen: &ours });
        assert_eq!(ws.open(&id, NOW).map(|o| (o.document.name, o.revision)), Ok(("Ours".to_owned(), 3)));
        // And a save that finds a newer write before its event arrives.
        assert_eq!(ws.save(&id, &named("Theirs again"), 3, NOW), Ok(4));
        let later = named("Ours later");
        session.handle(&mut ws, NOW, Event::SaveDue { on_screen: &later });
        assert_eq!(session.conflict(), None);
        assert_eq!(ws.open(&id, NOW).map(|o| (o.document.name, o.revision)), Ok(("Ours later".to_owned(), 5)));
    }

    #[test]
    fn a_save_over_another_tabs_write_is_a_conflict() {
        let (mut ws, mut session) = opened(&named("A"));
        let id = id(&session);
        assert_eq!(ws.save(&id, &named("Theirs"), 1, NOW), Ok(2));
        let effects = session.handle(&mut ws, NOW, Event::SaveDue { on_screen: &named("Ours") });
        assert_eq!(effects, vec![Effect::CancelSave, Effect::CancelSave, Effect::ShowConflictDialog]);
        assert_eq!(session.save_state(), &SaveState::WaitingForChoice);
    }

    fn in_conflict() -> (Workspace<MemoryStore>, Session, DocumentId, Document) {
        let (mut ws, mut session) = opened(&named("A"));
        let id = id(&session);
        assert_eq!(ws.save(&id, &named("Theirs"), 1, NOW), Ok(2));
        let ours = named("Ours");
        session.handle(&mut ws, NOW, Event::SaveDue { on_screen: &ours });
        (ws, session, id, ours)
    }

    #[test]
    fn keep_mine_overwrites_theirs_and_keeps_the_screen() {
        let (mut ws, mut session, id, ours) = in_conflict();
        let effects = session.handle(&mut ws, NOW, Event::Chose { resolution: Resolution::KeepMine, on_screen: &ours });
        assert_eq!(effects, vec![Effect::HideConflictDialog, Effect::RefreshLists]);
        assert_eq!(session.save_state(), &SaveState::Saved);
        assert!(session.conflict().is_none());
        assert_eq!(ws.open(&id, NOW).map(|o| o.document), Ok(ours));
    }

    #[test]
    fn take_theirs_loads_theirs() {
        let (mut ws, mut session, id, ours) = in_conflict();
        let effects = session.handle(&mut ws, NOW, Event::Chose { resolution: Resolution::TakeTheirs, on_screen: &ours });
        assert_eq!(effects, vec![Effect::HideConflictDialog, Effect::Load(Box::new(named("Theirs"))), Effect::RefreshLists]);
        assert_eq!(session.open().map(|o| (o.id.clone(), o.revision)), Some((id, 2)));
        assert_eq!(session.save_state(), &SaveState::Saved);
    }

    #[test]
    fn keep_both_opens_ours_as_a_new_document_and_says_so() {
        let (mut ws, mut session, id, ours) = in_conflict();
        let effects = session.handle(&mut ws, NOW, Event::Chose { resolution: Resolution::KeepBoth, on_screen: &ours });
        assert_eq!(effects.first(), Some(&Effect::HideConflictDialog));
        assert!(effects.iter().any(|e| matches!(e, Effect::Notify { tone: Tone::Info, text, .. } if text.starts_with("Kept both"))));
        assert_ne!(session.open().map(|o| o.id.clone()), Some(id.clone()));
        assert_eq!(ws.open(&id, NOW).map(|o| o.document.name), Ok("Theirs".to_owned()));
        assert_eq!(ws.list().len(), 2);
    }

    #[test]
    fn a_reload_restores_the_saved_document() {
        let (mut ws, mut session) = opened(&named("A"));
        let edited = named("A, edited");
        session.handle(&mut ws, NOW, Event::SaveDue { on_screen: &edited });
        let id = id(&session);

        // A new page on the same storage.
        let mut ws = Workspace::new(ws.into_store());
        let mut reloaded = Session::new();
        let effects = reloaded.handle(&mut ws, NOW, Event::OpenSaved { id: &id });
        assert_eq!(effects, vec![Effect::Load(Box::new(edited.clone()))]);
        assert_eq!(reloaded.open().map(|o| o.revision), Some(2));
        assert_eq!(reloaded.handle(&mut ws, NOW, Event::Edited { on_screen: &edited }), vec![Effect::CancelSave]);
    }

    #[test]
    fn the_open_document_binned_or_purged_elsewhere_is_kept_and_told() {
        let doc = named("A");
        let (mut ws, mut session) = opened(&doc);
        let id = id(&session);
        ws.delete(&id, NOW).ok();
        let effects = session.handle(&mut ws, NOW, Event::OtherTabWrote { key: &bin_key(&id), on_screen: &doc });
        assert!(matches!(effects.as_slice(), [Effect::RefreshLists, Effect::Notify { action: Some(NoticeAction::Restore(_)), .. }]));

        ws.purge(&id).ok();
        let effects = session.handle(&mut ws, NOW, Event::OtherTabWrote { key: &document_key(&id), on_screen: &doc });
        assert!(matches!(effects.as_slice(), [Effect::RefreshLists, Effect::Notify { tone: Tone::Info, .. }]));
        assert_eq!(session.open().map(|o| o.revision), Some(0));
        // The next save writes it again.
        session.handle(&mut ws, NOW, Event::SaveDue { on_screen: &doc });
        assert_eq!(session.save_state(), &SaveState::Saved);
    }

    #[test]
    fn writes_outside_the_namespace_are_ignored() {
        let doc = named("A");
        let (mut ws, mut session) = opened(&doc);
        assert!(session.handle(&mut ws, NOW, Event::OtherTabWrote { key: "other-app/x", on_screen: &doc }).is_empty());
    }
}

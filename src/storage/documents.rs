//! The documents menu's decisions as plain Rust: which document a page
//! opens first, switching, creating, renaming, duplicating, deleting (and
//! which document is open next), the bin, importing a file and opening a
//! share link. Each is a `Request` answered against a `Workspace` and the
//! open document's `Session`, driven only through the session's events,
//! so a pending save or a waiting conflict is settled by the same rules as
//! autosave. The shell turns clicks into requests and carries out the
//! answer's effects; every storage rule stays `Workspace`'s.

use super::session::{report, Effect, Event, NoticeAction, SaveState, Session, Tone};
use super::workspace::{DocumentId, KeyValueStore, Stamp, Workspace, WorkspaceError};
use crate::files::share_url;
use crate::model::{mvp_that_creaks, Document};

/// A documents-menu action (or the page opening), as the shell saw it.
/// `on_screen` is the document in the editor when the action changes
/// which document is open (its pending edits are saved first).
#[derive(Clone, Debug, PartialEq)]
pub enum Request<'a> {
    /// The page opened with `fragment` in its address.
    OpenFirst { fragment: &'a str },
    /// The address's fragment changed in the open tab (a share link pasted
    /// into the address bar).
    OpenLink { fragment: &'a str, on_screen: &'a Document },
    /// Open another saved document.
    SwitchTo { id: &'a DocumentId, on_screen: &'a Document },
    /// Open `document` (a template or a blank one) as a new document.
    Create { document: Box<Document>, on_screen: &'a Document },
    /// Give a saved document a new name.
    Rename { id: &'a DocumentId, name: String },
    /// Copy a saved document.
    Duplicate { id: &'a DocumentId, on_screen: &'a Document },
    /// Put a document in the bin.
    Delete { id: &'a DocumentId, on_screen: &'a Document },
    /// Take a document out of the bin.
    Restore { id: &'a DocumentId },
    /// Delete a document for good.
    Purge { id: &'a DocumentId },
    /// Import a JSON document file as a new document and open it.
    Import { text: &'a str, on_screen: &'a Document },
}

/// How a request ended, for the control that made it (the effects have
/// already said so to the user where they should).
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Done,
    /// The file was imported as a document of this name, now open.
    Imported(String),
    /// Nothing was done, or the new document is shown but not stored: why.
    Refused(String),
}

/// What the shell should do, in order, and how the request ended.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    pub effects: Vec<Effect>,
    pub outcome: Outcome,
}

/// A document with nothing in it yet.
pub fn blank_document() -> Document {
    Document::empty("Untitled architecture")
}

const NOT_SETTLED: &str = "the open document's latest edits are not saved (see the message above)";

/// Answers one request.
pub fn answer<S: KeyValueStore>(session: &mut Session, workspace: &mut Workspace<S>, now: Stamp, request: Request<'_>) -> Answer {
    let mut turn = Turn { session, ws: workspace, now, effects: Vec::new() };
    let outcome = match request {
        Request::OpenFirst { fragment } => turn.open_first(fragment),
        Request::OpenLink { fragment, on_screen } => turn.open_link(fragment, on_screen),
        Request::SwitchTo { id, on_screen } => turn.switch_to(id, on_screen),
        Request::Create { document, on_screen } => turn.create(*document, on_screen),
        Request::Rename { id, name } => turn.rename(id, name),
        Request::Duplicate { id, on_screen } => turn.duplicate(id, on_screen),
        Request::Delete { id, on_screen } => turn.delete(id, on_screen),
        Request::Restore { id } => turn.restore(id),
        Request::Purge { id } => turn.purge(id),
        Request::Import { text, on_screen } => turn.import(text, on_screen),
    };
    Answer { effects: turn.effects, outcome }
}

/// One request being answered: the session, the workspace, the time and
/// the effects so far.
struct Turn<'a, S: KeyValueStore> {
    session: &'a mut Session,
    ws: &'a mut Workspace<S>,
    now: Stamp,
    effects: Vec<Effect>,
}

impl<S: KeyValueStore> Turn<'_, S> {
    fn feed(&mut self, event: Event<'_>) -> Vec<Effect> {
        let effects = self.session.handle(self.ws, self.now, event);
        self.effects.extend(effects.iter().cloned());
        effects
    }

    fn is_open(&self, id: &DocumentId) -> bool {
        self.session.open().is_some_and(|open| &open.id == id)
    }

    /// Saves pending edits before the open document changes; refuses when
    /// they cannot be saved, so nothing is lost: a waiting conflict shows
    /// its dialog again, a failed save says why.
    fn settle(&mut self, on_screen: &Document) -> bool {
        self.feed(Event::SaveDue { on_screen });
        match self.session.save_state() {
            SaveState::Saved | SaveState::Pending => true,
            SaveState::WaitingForChoice => {
                self.effects.push(Effect::ShowConflictDialog);
                false
            }
            SaveState::NotSaved(why) => {
                let text = format!(
                    "\"{}\" stays open: its latest edits are not saved ({why}) Export it as JSON or make room first.",
                    on_screen.name
                );
                self.effects.push(Effect::Notify { tone: Tone::Problem, text, action: None });
                false
            }
        }
    }

    /// Shows a saved document; false when it could not be read (the
    /// message says why and offers the text kept aside).
    fn open_saved(&mut self, id: &DocumentId) -> bool {
        self.feed(Event::OpenSaved { id }).iter().any(|effect| matches!(effect, Effect::Load(_)))
    }

    /// Shows `document` as a new document; false when it could not be
    /// stored (it is shown anyway and the save state says why).
    fn open_new(&mut self, document: Document) -> bool {
        self.feed(Event::OpenNew { document: Box::new(document) });
        self.session.open().is_some()
    }

    fn refresh(&mut self) {
        self.effects.push(Effect::RefreshLists);
    }

    fn notify(&mut self, tone: Tone, text: String, action: Option<NoticeAction>) {
        self.effects.push(Effect::Notify { tone, text, action });
    }

    /// A storage action the workspace refused: the page shows the error
    /// as the session words it, and the control that asked hears why.
    fn refuse(&mut self, error: WorkspaceError) -> Outcome {
        let why = error.to_string();
        self.effects.extend(report(error));
        Outcome::Refused(why)
    }

    /// A shared document in the address (as a new document), else the most
    /// recently saved one that can be read, else the sample (first run).
    fn open_first(&mut self, fragment: &str) -> Outcome {
        if !self.open_shared(fragment) && !self.ws.list().iter().any(|entry| self.open_saved(&entry.id)) {
            self.open_new(mvp_that_creaks());
        }
        self.refresh();
        Outcome::Done
    }

    /// Opens the document a share link carries (`#doc=…`) as a new
    /// document and clears the address so a reload does not open it again.
    /// Returns whether it did; a damaged link is explained and left in the
    /// address.
    fn open_shared(&mut self, fragment: &str) -> bool {
        if !fragment.contains("doc=") {
            return false;
        }
        match share_url::decode(fragment) {
            Ok(shared) => {
                let name = shared.name.clone();
                let stored = self.open_new(shared);
                self.effects.push(Effect::ClearFragment);
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

    fn open_link(&mut self, fragment: &str, on_screen: &Document) -> Outcome {
        if !fragment.contains("doc=") {
            return Outcome::Done;
        }
        if !self.settle(on_screen) {
            return Outcome::Refused(NOT_SETTLED.to_owned());
        }
        if self.open_shared(fragment) {
            self.refresh();
        }
        Outcome::Done
    }

    fn switch_to(&mut self, id: &DocumentId, on_screen: &Document) -> Outcome {
        if self.is_open(id) {
            return Outcome::Done;
        }
        if !self.settle(on_screen) {
            return Outcome::Refused(NOT_SETTLED.to_owned());
        }
        self.open_saved(id);
        self.refresh();
        Outcome::Done
    }

    fn create(&mut self, document: Document, on_screen: &Document) -> Outcome {
        if !self.settle(on_screen) {
            return Outcome::Refused(NOT_SETTLED.to_owned());
        }
        let stored = self.open_new(document);
        self.refresh();
        if stored {
            return Outcome::Done;
        }
        match self.session.save_state() {
            SaveState::NotSaved(why) => Outcome::Refused(why.clone()),
            _ => Outcome::Refused("the new document could not be stored".to_owned()),
        }
    }

    /// The open document is renamed through an undoable edit (which saves
    /// it), any other in storage.
    fn rename(&mut self, id: &DocumentId, name: String) -> Outcome {
        if self.is_open(id) {
            self.effects.push(Effect::RenameOnScreen(name));
            return Outcome::Done;
        }
        let renamed = self.ws.rename(id, &name, self.now);
        self.refresh();
        match renamed {
            Ok(_) => Outcome::Done,
            Err(error) => Outcome::Refused(error.to_string()),
        }
    }

    /// A copy of a saved document; the open one's pending edits are saved
    /// first so the copy has them.
    fn duplicate(&mut self, id: &DocumentId, on_screen: &Document) -> Outcome {
        if self.is_open(id) && !self.settle(on_screen) {
            return Outcome::Refused(NOT_SETTLED.to_owned());
        }
        let outcome = match self.ws.duplicate(id, self.now) {
            Ok(entry) => {
                self.notify(Tone::Info, format!("Made a copy: \"{}\".", entry.name), None);
                Outcome::Done
            }
            Err(error) => self.refuse(error),
        };
        self.refresh();
        outcome
    }

    /// Puts a document in the bin (the message offers to undo it). When it
    /// is the open one, the most recent other document opens, or a blank
    /// one when there is none.
    fn delete(&mut self, id: &DocumentId, on_screen: &Document) -> Outcome {
        let is_open = self.is_open(id);
        if is_open && !self.settle(on_screen) {
            return Outcome::Refused(NOT_SETTLED.to_owned());
        }
        let name = self.ws.list().into_iter().find(|entry| &entry.id == id).map(|entry| entry.name);
        if let Err(error) = self.ws.delete(id, self.now) {
            return self.refuse(error);
        }
        let name = name.unwrap_or_else(|| "The document".to_owned());
        self.notify(Tone::Info, format!("\"{name}\" was moved to the bin."), Some(NoticeAction::Restore(id.clone())));
        self.refresh();
        if is_open {
            let next = self.ws.list().first().map(|entry| entry.id.clone());
            if !next.is_some_and(|next| self.open_saved(&next)) {
                self.open_new(blank_document());
            }
            self.refresh();
        }
        Outcome::Done
    }

    /// Takes a document out of the bin under the name it had (a document
    /// of the same name beside it keeps its own); the messages offering to
    /// undo its delete go.
    fn restore(&mut self, id: &DocumentId) -> Outcome {
        let outcome = match self.ws.restore(id) {
            Ok(()) => {
                self.effects.push(Effect::DismissNotices(NoticeAction::Restore(id.clone())));
                Outcome::Done
            }
            Err(error) => self.refuse(error),
        };
        self.refresh();
        outcome
    }

    fn purge(&mut self, id: &DocumentId) -> Outcome {
        let outcome = match self.ws.purge(id) {
            Ok(()) => Outcome::Done,
            Err(error) => self.refuse(error),
        };
        self.refresh();
        outcome
    }

    /// The file becomes a new document with an id of its own (a stored
    /// document is never replaced) and opens; on an error nothing changes
    /// and the outcome names the field.
    fn import(&mut self, text: &str, on_screen: &Document) -> Outcome {
        if !self.settle(on_screen) {
            return Outcome::Refused("the open document has unsaved edits (see the message above); nothing was imported".to_owned());
        }
        match self.ws.import_json(text, self.now) {
            Ok(entry) => {
                self.open_saved(&entry.id);
                self.refresh();
                Outcome::Imported(entry.name)
            }
            Err(error) => Outcome::Refused(error.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::json::to_json;
    use crate::storage::workspace::{document_key, MemoryStore, Resolution};

    const NOW: Stamp = Stamp(1_000);

    fn named(name: &str) -> Document {
        let mut doc = mvp_that_creaks();
        doc.name = name.to_owned();
        doc
    }

    /// Documents `names` stored (the last one most recent) and the first
    /// one open.
    fn kept(names: &[&str]) -> (Workspace<MemoryStore>, Session, Vec<DocumentId>) {
        let mut ws = Workspace::new(MemoryStore::new());
        let ids: Vec<DocumentId> =
            names.iter().enumerate().filter_map(|(i, n)| ws.create(&named(n), Stamp(i as u64 + 1)).ok().map(|e| e.id)).collect();
        let mut session = Session::new();
        session.handle(&mut ws, NOW, Event::OpenSaved { id: &ids[0] });
        (ws, session, ids)
    }

    fn open_id(session: &Session) -> Option<DocumentId> {
        session.open().map(|o| o.id.clone())
    }

    fn loaded(answer: &Answer) -> Vec<String> {
        answer.effects.iter().filter_map(|e| if let Effect::Load(d) = e { Some(d.name.clone()) } else { None }).collect()
    }

    fn notices(answer: &Answer) -> Vec<String> {
        answer.effects.iter().filter_map(|e| if let Effect::Notify { text, .. } = e { Some(text.clone()) } else { None }).collect()
    }

    #[test]
    fn the_first_visit_stores_the_sample() {
        let mut ws = Workspace::new(MemoryStore::new());
        let mut session = Session::new();
        let answer = answer(&mut session, &mut ws, NOW, Request::OpenFirst { fragment: "" });
        assert_eq!(loaded(&answer), vec![mvp_that_creaks().name]);
        assert_eq!(answer.effects.last(), Some(&Effect::RefreshLists));
        assert_eq!(ws.list().len(), 1);
    }

    #[test]
    fn a_page_opens_the_most_recent_readable_document() {
        let (mut ws, _, ids) = kept(&["Old", "New"]);
        ws.store_mut().set(&document_key(&ids[1]), "not json").ok();
        let mut session = Session::new();
        let answer = answer(&mut session, &mut ws, NOW, Request::OpenFirst { fragment: "" });
        assert_eq!(loaded(&answer), vec!["Old".to_owned()]);
        assert!(notices(&answer)[0].contains("could not be read"));
        assert_eq!(open_id(&session), Some(ids[0].clone()));
    }

    #[test]
    fn a_share_link_opens_as_a_new_document_and_leaves_the_address() {
        let (mut ws, _, _) = kept(&["Mine"]);
        let fragment = share_url::encode(&named("Shared")).unwrap_or_default();
        let mut session = Session::new();
        let answer = answer(&mut session, &mut ws, NOW, Request::OpenFirst { fragment: &fragment });
        assert_eq!(loaded(&answer), vec!["Shared".to_owned()]);
        assert!(answer.effects.contains(&Effect::ClearFragment));
        assert!(notices(&answer)[0].starts_with("Opened the shared document \"Shared\" as a new document"));
        assert_eq!(ws.list().len(), 2);
    }

    #[test]
    fn a_damaged_link_is_explained_and_the_most_recent_opens() {
        let (mut ws, _, _) = kept(&["Mine"]);
        let mut session = Session::new();
        let answer = answer(&mut session, &mut ws, NOW, Request::OpenFirst { fragment: "#doc=v1.AAAA" });
        assert!(notices(&answer)[0].starts_with("The link's document was not opened"));
        assert!(!answer.effects.contains(&Effect::ClearFragment));
        assert_eq!(loaded(&answer), vec!["Mine".to_owned()]);
    }

    #[test]
    fn a_link_pasted_with_unsaved_edits_saves_them_first() {
        let (mut ws, mut session, ids) = kept(&["Mine"]);
        let edited = named("Mine, edited");
        session.handle(&mut ws, NOW, Event::Edited { on_screen: &edited });
        let fragment = share_url::encode(&named("Shared")).unwrap_or_default();
        let answer = answer(&mut session, &mut ws, NOW, Request::OpenLink { fragment: &fragment, on_screen: &edited });
        assert_eq!(ws.open(&ids[0], NOW).map(|o| o.document.name), Ok("Mine, edited".to_owned()));
        assert_eq!(loaded(&answer), vec!["Shared".to_owned()]);
        assert_eq!(answer.outcome, Outcome::Done);
    }

    #[test]
    fn a_link_pasted_while_edits_cannot_be_saved_is_refused() {
        let (mut ws, mut session, _) = kept(&["Mine"]);
        let used = ws.store().used();
        ws.store_mut().set_quota(Some(used));
        let edited = named("Mine, edited at length");
        let fragment = share_url::encode(&named("Shared")).unwrap_or_default();
        let answer = answer(&mut session, &mut ws, NOW, Request::OpenLink { fragment: &fragment, on_screen: &edited });
        assert!(matches!(answer.outcome, Outcome::Refused(_)));
        assert!(notices(&answer)[0].contains("stays open"));
        assert!(loaded(&answer).is_empty() && !answer.effects.contains(&Effect::ClearFragment));
    }

    #[test]
    fn a_switch_saves_the_pending_edit_first() {
        let (mut ws, mut session, ids) = kept(&["A", "B"]);
        let edited = named("A, edited");
        session.handle(&mut ws, NOW, Event::Edited { on_screen: &edited });
        let answer = answer(&mut session, &mut ws, NOW, Request::SwitchTo { id: &ids[1], on_screen: &edited });
        assert_eq!(ws.open(&ids[0], NOW).map(|o| o.document.name), Ok("A, edited".to_owned()));
        assert_eq!(loaded(&answer), vec!["B".to_owned()]);
        assert_eq!(open_id(&session), Some(ids[1].clone()));
        assert_eq!(session.save_state(), &SaveState::Saved);
    }

    #[test]
    fn a_switch_while_a_conflict_waits_shows_it_and_stays() {
        let (mut ws, mut session, ids) = kept(&["A", "B"]);
        assert_eq!(ws.save(&ids[0], &named("Theirs"), 1, NOW), Ok(2));
        let ours = named("Ours");
        session.handle(&mut ws, NOW, Event::SaveDue { on_screen: &ours });
        let answer = answer(&mut session, &mut ws, NOW, Request::SwitchTo { id: &ids[1], on_screen: &ours });
        assert!(answer.effects.contains(&Effect::ShowConflictDialog));
        assert!(loaded(&answer).is_empty());
        assert_eq!(open_id(&session), Some(ids[0].clone()));
        assert!(session.conflict().is_some());
        // Once answered, the switch goes through.
        session.handle(&mut ws, NOW, Event::Chose { resolution: Resolution::KeepMine, on_screen: &ours });
        let answer = super::answer(&mut session, &mut ws, NOW, Request::SwitchTo { id: &ids[1], on_screen: &ours });
        assert_eq!(loaded(&answer), vec!["B".to_owned()]);
    }

    #[test]
    fn a_switch_to_the_open_document_does_nothing() {
        let (mut ws, mut session, ids) = kept(&["A"]);
        let answer = answer(&mut session, &mut ws, NOW, Request::SwitchTo { id: &ids[0], on_screen: &named("A") });
        assert!(answer.effects.is_empty());
    }

    #[test]
    fn create_opens_a_new_document_beside_the_others() {
        let (mut ws, mut session, ids) = kept(&["A"]);
        let answer = answer(&mut session, &mut ws, NOW, Request::Create { document: Box::new(blank_document()), on_screen: &named("A") });
        assert_eq!(answer.outcome, Outcome::Done);
        assert_eq!(loaded(&answer), vec!["Untitled architecture".to_owned()]);
        assert_ne!(open_id(&session), Some(ids[0].clone()));
        assert_eq!(ws.list().len(), 2);
    }

    #[test]
    fn create_in_a_full_storage_shows_the_new_document_unsaved() {
        let (mut ws, mut session, _) = kept(&["A"]);
        let used = ws.store().used();
        ws.store_mut().set_quota(Some(used));
        let answer = answer(&mut session, &mut ws, NOW, Request::Create { document: Box::new(named("B")), on_screen: &named("A") });
        assert!(matches!(answer.outcome, Outcome::Refused(_)));
        assert_eq!(loaded(&answer), vec!["B".to_owned()]);
        assert!(session.open().is_none());
    }

    #[test]
    fn rename_goes_through_the_editor_for_the_open_document_only() {
        let (mut ws, mut session, ids) = kept(&["A", "B"]);
        let answer = answer(&mut session, &mut ws, NOW, Request::Rename { id: &ids[0], name: "A2".to_owned() });
        assert_eq!(answer.effects, vec![Effect::RenameOnScreen("A2".to_owned())]);
        let answer = super::answer(&mut session, &mut ws, NOW, Request::Rename { id: &ids[1], name: "B2".to_owned() });
        assert_eq!(answer.effects, vec![Effect::RefreshLists]);
        assert_eq!(ws.open(&ids[1], NOW).map(|o| o.document.name), Ok("B2".to_owned()));
    }

    #[test]
    fn duplicate_of_the_open_document_copies_its_pending_edit() {
        let (mut ws, mut session, ids) = kept(&["A"]);
        let edited = named("A, edited");
        session.handle(&mut ws, NOW, Event::Edited { on_screen: &edited });
        let answer = answer(&mut session, &mut ws, Stamp(5_000), Request::Duplicate { id: &ids[0], on_screen: &edited });
        assert_eq!(notices(&answer), vec!["Made a copy: \"A, edited (copy)\".".to_owned()]);
        assert_eq!(open_id(&session), Some(ids[0].clone()));
        assert_eq!(ws.list().len(), 2);
    }

    #[test]
    fn deleting_another_document_keeps_the_open_one() {
        let (mut ws, mut session, ids) = kept(&["A", "B"]);
        let answer = answer(&mut session, &mut ws, NOW, Request::Delete { id: &ids[1], on_screen: &named("A") });
        assert_eq!(notices(&answer), vec!["\"B\" was moved to the bin.".to_owned()]);
        assert!(loaded(&answer).is_empty());
        assert_eq!(open_id(&session), Some(ids[0].clone()));
    }

    #[test]
    fn deleting_the_open_document_opens_the_most_recent_other() {
        let (mut ws, mut session, ids) = kept(&["A", "B", "C"]);
        let answer = answer(&mut session, &mut ws, NOW, Request::Delete { id: &ids[0], on_screen: &named("A") });
        assert!(answer
            .effects
            .iter()
            .any(|e| matches!(e, Effect::Notify { action: Some(NoticeAction::Restore(id)), .. } if id == &ids[0])));
        assert_eq!(loaded(&answer), vec!["C".to_owned()]);
        assert_eq!(open_id(&session), Some(ids[2].clone()));
    }

    #[test]
    fn deleting_the_last_document_opens_a_blank_one() {
        let (mut ws, mut session, ids) = kept(&["A"]);
        let answer = answer(&mut session, &mut ws, NOW, Request::Delete { id: &ids[0], on_screen: &named("A") });
        assert_eq!(loaded(&answer), vec!["Untitled architecture".to_owned()]);
        assert_eq!(ws.list().len(), 1);
        assert_eq!(ws.trash().len(), 1);
    }

    #[test]
    fn restore_into_a_name_that_exists_keeps_both() {
        let (mut ws, mut session, ids) = kept(&["Plan", "Plan"]);
        ws.delete(&ids[1], NOW).ok();
        let answer = answer(&mut session, &mut ws, NOW, Request::Restore { id: &ids[1] });
        assert_eq!(answer.effects, vec![Effect::DismissNotices(NoticeAction::Restore(ids[1].clone())), Effect::RefreshLists]);
        let names: Vec<String> = ws.list().into_iter().map(|e| e.name).collect();
        assert_eq!(names, vec!["Plan", "Plan"]);
        // Not in the bin (restored in another tab): said, nothing else.
        let answer = super::answer(&mut session, &mut ws, NOW, Request::Restore { id: &ids[1] });
        assert!(matches!(answer.effects.first(), Some(Effect::Notify { tone: Tone::Problem, .. })));
    }

    #[test]
    fn purge_deletes_for_good_and_a_second_purge_says_so() {
        let (mut ws, mut session, ids) = kept(&["A", "B"]);
        ws.delete(&ids[1], NOW).ok();
        assert_eq!(answer(&mut session, &mut ws, NOW, Request::Purge { id: &ids[1] }).outcome, Outcome::Done);
        assert!(ws.trash().is_empty() && ws.list().len() == 1);
        assert!(matches!(answer(&mut session, &mut ws, NOW, Request::Purge { id: &ids[1] }).outcome, Outcome::Refused(_)));
    }

    #[test]
    fn an_import_whose_id_collides_gets_its_own() {
        let (mut ws, mut session, ids) = kept(&["A"]);
        // Imported in the very millisecond the open document was made.
        let answer =
            answer(&mut session, &mut ws, Stamp(1), Request::Import { text: &to_json(&named("Imported")), on_screen: &named("A") });
        assert_eq!(answer.outcome, Outcome::Imported("Imported".to_owned()));
        let opened = open_id(&session).unwrap_or_else(|| DocumentId::new("none"));
        assert_ne!(opened, ids[0]);
        assert_eq!(ws.open(&ids[0], NOW).map(|o| o.document.name), Ok("A".to_owned()));
        assert_eq!(loaded(&answer), vec!["Imported".to_owned()]);
    }

    #[test]
    fn a_broken_import_changes_nothing() {
        let (mut ws, mut session, _) = kept(&["A"]);
        let before = ws.store().keys();
        let answer = answer(&mut session, &mut ws, NOW, Request::Import { text: "{", on_screen: &named("A") });
        assert!(matches!(&answer.outcome, Outcome::Refused(why) if why.starts_with("the file was not imported")));
        assert_eq!(ws.store().keys(), before);
    }
}

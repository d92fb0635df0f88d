//! The workspace: every document a user keeps in the browser, over a
//! key-value store the platform provides (localStorage there, a map in
//! tests). This is the storage *logic* — keys, revisions, backups, the bin
//! — with no browser API in sight; the store is a trait.
//!
//! The rules it keeps (docs/design.md, "Storage rules"):
//!
//! - Keys are namespaced and versioned: `headroom/v1/index`,
//!   `headroom/v1/doc/<id>`, `headroom/v1/trash/<id>`,
//!   `headroom/v1/backup/<id>/<stamp>`.
//! - What cannot be read is never overwritten or deleted: it is moved,
//!   unchanged, under a backup key, and the error says where and what to
//!   do.
//! - A failed write (quota) leaves the last good copy in place and says so.
//! - Two tabs: each saved copy carries a revision; a save that expected an
//!   older revision than the stored one is refused with both versions, so
//!   the user chooses.
//! - Deleting puts a document in the bin (`restore` undoes it) until it is
//!   purged.
//!
//! The index is a cache of names and times for the document list. Every
//! document carries its own name and time, so a lost or stale index is
//! rebuilt from the documents and can never hide one. Time stamps are
//! passed in; nothing here reads a clock.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::files::json::{parse_document, to_json, DocumentError};
use crate::model::Document;

/// Every key this version writes starts with this.
pub const NAMESPACE: &str = "headroom/v1/";

const INDEX_KEY: &str = "headroom/v1/index";
const DOC_PREFIX: &str = "headroom/v1/doc/";
const TRASH_PREFIX: &str = "headroom/v1/trash/";
const BACKUP_PREFIX: &str = "headroom/v1/backup/";

/// Why the store refused a write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The browser's storage for this page is full.
    QuotaExceeded,
    /// Storage cannot be used at all (disabled, private mode, …).
    Unavailable(String),
}

/// A string key-value store, as localStorage is. A failed `set` must leave
/// the previous value of the key in place (localStorage does).
pub trait KeyValueStore {
    fn get(&self, key: &str) -> Option<String>;
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError>;
    fn remove(&mut self, key: &str);
    fn keys(&self) -> Vec<String>;
}

/// An in-memory store with an optional quota, for tests and as a fallback
/// where the browser offers no storage. Size is counted as localStorage
/// counts it: UTF-16 code units of keys and values.
#[derive(Clone, Debug, Default)]
pub struct MemoryStore {
    entries: BTreeMap<String, String>,
    quota: Option<usize>,
}

fn units(text: &str) -> usize {
    text.encode_utf16().count()
}

impl MemoryStore {
    pub fn new() -> Self {
        MemoryStore::default()
    }

    /// A store that refuses writes past `quota` UTF-16 code units.
    pub fn with_quota(quota: usize) -> Self {
        MemoryStore { entries: BTreeMap::new(), quota: Some(quota) }
    }

    pub fn set_quota(&mut self, quota: Option<usize>) {
        self.quota = quota;
    }

    /// UTF-16 code units in use.
    pub fn used(&self) -> usize {
        self.entries.iter().map(|(k, v)| units(k) + units(v)).sum()
    }
}

impl KeyValueStore for MemoryStore {
    fn get(&self, key: &str) -> Option<String> {
        self.entries.get(key).cloned()
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        if let Some(quota) = self.quota {
            let old = self.entries.get(key).map_or(0, |v| units(key) + units(v));
            if self.used() - old + units(key) + units(value) > quota {
                return Err(StoreError::QuotaExceeded);
            }
        }
        self.entries.insert(key.to_owned(), value.to_owned());
        Ok(())
    }

    fn remove(&mut self, key: &str) {
        self.entries.remove(key);
    }

    fn keys(&self) -> Vec<String> {
        self.entries.keys().cloned().collect()
    }
}

/// Milliseconds since the Unix epoch, supplied by the platform's clock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Stamp(pub u64);

/// Identifies a saved document in the workspace (not inside it).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocumentId(String);

impl DocumentId {
    pub fn new(value: impl Into<String>) -> Self {
        DocumentId(value.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn doc_key(id: &DocumentId) -> String {
    format!("{DOC_PREFIX}{id}")
}

/// The store key a document is saved under, so a page told that another
/// tab wrote a key can tell whether it was the document it has open.
pub fn document_key(id: &DocumentId) -> String {
    doc_key(id)
}

/// The store key that marks a document as in the bin.
pub fn bin_key(id: &DocumentId) -> String {
    trash_key(id)
}

fn trash_key(id: &DocumentId) -> String {
    format!("{TRASH_PREFIX}{id}")
}

fn backup_key(id: &str, stamp: Stamp) -> String {
    format!("{BACKUP_PREFIX}{id}/{}", stamp.0)
}

/// One line of the document list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentEntry {
    pub id: DocumentId,
    pub name: String,
    pub updated_at: Stamp,
}

/// A document in the bin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrashEntry {
    pub id: DocumentId,
    pub name: String,
    pub deleted_at: Stamp,
}

/// Text kept because it could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupEntry {
    /// The store key holding the text, to pass to [`Workspace::backup_text`].
    pub key: String,
    /// The document it was saved as.
    pub id: DocumentId,
    pub saved_at: Stamp,
    /// Size of the text in UTF-16 code units.
    pub size: usize,
}

/// A document read from the workspace, with the revision to pass back to
/// [`Workspace::save`].
#[derive(Clone, Debug, PartialEq)]
pub struct Opened {
    pub id: DocumentId,
    pub document: Document,
    pub revision: u64,
    pub updated_at: Stamp,
}

/// Another tab saved the document since this one read it.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    pub id: DocumentId,
    /// What this tab tried to save.
    pub ours: Document,
    /// What is stored now.
    pub theirs: Document,
    pub theirs_revision: u64,
    pub theirs_updated_at: Stamp,
}

/// The user's answer to a [`Conflict`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// Overwrite the other tab's version with ours.
    KeepMine,
    /// Drop ours and continue with theirs.
    TakeTheirs,
    /// Save ours as a new document beside theirs, and continue with ours.
    KeepBoth,
}

/// What went wrong, in words the page can show as they are.
#[derive(Clone, Debug, PartialEq)]
pub enum WorkspaceError {
    NotFound { id: DocumentId },
    /// The stored text could not be read. It was not deleted: it is kept,
    /// unchanged, under `backup_key`.
    Unreadable { id: DocumentId, backup_key: String, message: String },
    /// Storage is full. Nothing was changed: the last good copy is still
    /// in place.
    QuotaExceeded { message: String },
    /// Another tab saved first.
    Conflict(Box<Conflict>),
    /// Storage cannot be used.
    Unavailable { message: String },
    /// An imported JSON document was refused; nothing was changed.
    Import(DocumentError),
}

impl fmt::Display for WorkspaceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WorkspaceError::NotFound { id } => write!(f, "there is no saved document {id} (it may have been purged in another tab)"),
            WorkspaceError::Unreadable { message, .. }
            | WorkspaceError::QuotaExceeded { message }
            | WorkspaceError::Unavailable { message } => f.write_str(message),
            WorkspaceError::Conflict(conflict) => write!(
                f,
                "\"{}\" was changed in another tab (revision {}) since this tab opened it: keep yours, take theirs, or keep both",
                conflict.theirs.name, conflict.theirs_revision
            ),
            WorkspaceError::Import(error) => write!(f, "the file was not imported, nothing was changed: {error}"),
        }
    }
}

impl std::error::Error for WorkspaceError {}

/// A saved document as stored: the document and the revision and time it
/// was saved with.
#[derive(Serialize)]
struct Envelope<'a> {
    revision: u64,
    updated_at: Stamp,
    document: &'a Document,
}

/// The part of a stored document the list needs, read without building
/// the document.
#[derive(Deserialize)]
struct Header {
    updated_at: Stamp,
    document: NameOnly,
}

#[derive(Deserialize)]
struct NameOnly {
    name: String,
}

/// A stored document, read and validated.
struct Stored {
    document: Document,
    revision: u64,
    updated_at: Stamp,
}

/// Reads a stored document: the envelope, then the document inside it
/// through the same parser as an imported file (migrations included), then
/// its decisions.
fn read_stored(raw: &str) -> Result<Stored, String> {
    let value: Value = serde_json::from_str(raw).map_err(|e| format!("the saved text is not valid JSON ({e})"))?;
    let revision = value.get("revision").and_then(Value::as_u64).ok_or("the saved copy has no revision number")?;
    let updated_at = Stamp(value.get("updated_at").and_then(Value::as_u64).unwrap_or(0));
    let document = value.get("document").ok_or("the saved copy holds no document")?;
    let document = parse_document(&document.to_string()).map_err(|e| e.to_string())?;
    Ok(Stored { document, revision, updated_at })
}

fn quota_message(what: &str) -> String {
    format!(
        "{what}: the browser's storage for this page is full. Nothing was changed and the last saved copy is still there. \
         Make room by emptying the bin or removing old backups, or export the document as JSON to keep your changes."
    )
}

fn store_error(error: StoreError, what: &str) -> WorkspaceError {
    match error {
        StoreError::QuotaExceeded => WorkspaceError::QuotaExceeded { message: quota_message(what) },
        StoreError::Unavailable(why) => WorkspaceError::Unavailable {
            message: format!("{what}: the browser does not let this page store anything ({why}). Export the document as JSON to keep it."),
        },
    }
}

/// The documents a user keeps, over a store.
pub struct Workspace<S: KeyValueStore> {
    store: S,
    /// The key, text and revision of the last document written: a save
    /// that finds its own text still stored knows the revision without
    /// reading the document back (on a 5,000-component model a parse
    /// of megabytes at every settle of the dial). Another tab's write
    /// changes the text, and the save reads it as before.
    last_written: Option<(String, String, u64)>,
}

impl<S: KeyValueStore> Workspace<S> {
    pub fn new(store: S) -> Self {
        Workspace { store, last_written: None }
    }

    pub fn store(&self) -> &S {
        &self.store
    }

    pub fn store_mut(&mut self) -> &mut S {
        &mut self.store
    }

    pub fn into_store(self) -> S {
        self.store
    }

    fn ids_under(&self, prefix: &str) -> Vec<DocumentId> {
        self.store
            .keys()
            .iter()
            .filter_map(|k| k.strip_prefix(prefix))
            .filter(|id| !id.is_empty() && !id.contains('/'))
            .map(DocumentId::new)
            .collect()
    }

    fn is_trashed(&self, id: &DocumentId) -> bool {
        self.store.get(&trash_key(id)).is_some()
    }

    /// The index as stored, or `None` when it is missing or unreadable.
    fn read_index(&self) -> Option<Vec<DocumentEntry>> {
        #[derive(Deserialize)]
        struct Index {
            documents: Vec<DocumentEntry>,
        }
        let raw = self.store.get(INDEX_KEY)?;
        serde_json::from_str::<Index>(&raw).ok().map(|index| index.documents)
    }

    /// The list entry of a stored document, from the document itself.
    fn entry_from_document(&self, id: &DocumentId) -> Option<DocumentEntry> {
        let raw = self.store.get(&doc_key(id))?;
        Some(match serde_json::from_str::<Header>(&raw) {
            Ok(header) => DocumentEntry { id: id.clone(), name: header.document.name, updated_at: header.updated_at },
            Err(_) => DocumentEntry { id: id.clone(), name: format!("Unreadable document {id}"), updated_at: Stamp(0) },
        })
    }

    /// Every document not in the bin, most recently saved first. The index
    /// gives names and times; a document missing from it is read itself,
    /// and an entry whose document is gone is dropped.
    pub fn list(&self) -> Vec<DocumentEntry> {
        let stored = self.ids_under(DOC_PREFIX);
        let indexed = self.read_index().unwrap_or_default();
        let mut entries: Vec<DocumentEntry> = stored
            .iter()
            .filter(|id| !self.is_trashed(id))
            .filter_map(|id| match indexed.iter().find(|e| &e.id == id) {
                Some(entry) => Some(entry.clone()),
                None => self.entry_from_document(id),
            })
            .collect();
        entries.sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then_with(|| a.name.cmp(&b.name)));
        entries
    }

    /// Records a document's name and time in the index. The index is only
    /// a cache: when it cannot be written it is removed (which always
    /// succeeds and frees room), and the next list reads the documents.
    fn index_put(&mut self, entry: Option<DocumentEntry>, drop: Option<&DocumentId>) {
        let stored = self.ids_under(DOC_PREFIX);
        let mut documents = match self.read_index() {
            Some(documents) => documents,
            None => stored.iter().filter_map(|id| self.entry_from_document(id)).collect(),
        };
        documents.retain(|e| stored.contains(&e.id) && Some(&e.id) != drop && entry.as_ref().is_none_or(|n| n.id != e.id));
        documents.extend(entry);
        let text = serde_json::json!({ "documents": documents }).to_string();
        if self.store.set(INDEX_KEY, &text).is_err() {
            self.store.remove(INDEX_KEY);
        }
    }

    /// A fresh id: the time in hexadecimal, with a suffix if two documents
    /// are made in the same millisecond.
    fn new_id(&self, now: Stamp) -> DocumentId {
        let keys = self.store.keys();
        let base = format!("{:x}", now.0);
        let taken = |id: &str| {
            keys.iter().any(|k| {
                k.strip_prefix(DOC_PREFIX).or_else(|| k.strip_prefix(TRASH_PREFIX)) == Some(id)
                    || k.strip_prefix(BACKUP_PREFIX).is_some_and(|rest| rest.split('/').next() == Some(id))
            })
        };
        let mut id = base.clone();
        let mut n = 2;
        while taken(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        DocumentId::new(id)
    }

    fn write(&mut self, id: &DocumentId, document: &Document, revision: u64, now: Stamp, what: &str) -> Result<(), WorkspaceError> {
        let text = serde_json::to_string(&Envelope { revision, updated_at: now, document })
            .map_err(|e| WorkspaceError::Unavailable { message: format!("{what}: could not encode the document ({e})") })?;
        let key = doc_key(id);
        self.last_written = None;
        self.store.set(&key, &text).map_err(|e| store_error(e, what))?;
        self.last_written = Some((key, text, revision));
        self.index_put(Some(DocumentEntry { id: id.clone(), name: document.name.clone(), updated_at: now }), None);
        Ok(())
    }

    /// Saves `document` as a new entry.
    pub fn create(&mut self, document: &Document, now: Stamp) -> Result<DocumentEntry, WorkspaceError> {
        let id = self.new_id(now);
        self.write(&id, document, 1, now, &format!("\"{}\" could not be created", document.name))?;
        Ok(DocumentEntry { id, name: document.name.clone(), updated_at: now })
    }

    /// Moves unreadable text under a backup key, unchanged. Returns the
    /// key it is now under: the backup key, or the original key when there
    /// was no room for the copy (the text is then left where it was).
    fn set_aside(&mut self, id: &DocumentId, raw: &str, now: Stamp) -> String {
        let mut key = backup_key(id.as_str(), now);
        let mut n = 2;
        while self.store.get(&key).is_some_and(|existing| existing != raw) {
            key = format!("{}-{n}", backup_key(id.as_str(), now));
            n += 1;
        }
        match self.store.set(&key, raw) {
            Ok(()) => {
                self.store.remove(&doc_key(id));
                self.index_put(None, Some(id));
                key
            }
            Err(_) => doc_key(id),
        }
    }

    fn unreadable(&mut self, id: &DocumentId, raw: &str, why: &str, now: Stamp) -> WorkspaceError {
        let name = self.read_index().unwrap_or_default().into_iter().find(|e| &e.id == id).map(|e| e.name);
        let name = name.map_or_else(|| format!("document {id}"), |n| format!("\"{n}\""));
        let kept_at = self.set_aside(id, raw, now);
        let message = format!(
            "The saved copy of {name} could not be read: {why}. Nothing was deleted: its text is kept, unchanged, under the storage key \
             \"{kept_at}\". Export it from the list of backups (it is JSON, readable in any text editor) to keep it or to send it \
             to someone who can repair it; a repaired file can be imported again."
        );
        WorkspaceError::Unreadable { id: id.clone(), backup_key: kept_at, message }
    }

    fn read(&mut self, id: &DocumentId, now: Stamp) -> Result<(String, Stored), WorkspaceError> {
        let raw = self.store.get(&doc_key(id)).ok_or_else(|| WorkspaceError::NotFound { id: id.clone() })?;
        match read_stored(&raw) {
            Ok(stored) => Ok((raw, stored)),
            Err(why) => Err(self.unreadable(id, &raw, &why, now)),
        }
    }

    /// Reads, migrates and validates a saved document. Text that cannot be
    /// read is moved under a backup key and the error says where.
    pub fn open(&mut self, id: &DocumentId, now: Stamp) -> Result<Opened, WorkspaceError> {
        let (_, stored) = self.read(id, now)?;
        Ok(Opened { id: id.clone(), document: stored.document, revision: stored.revision, updated_at: stored.updated_at })
    }

    /// Saves over the stored copy that had `expected_revision`, and returns
    /// the new revision. Refused with a [`Conflict`] when another tab saved
    /// a later revision; on a full storage the stored copy stays as it was.
    /// A document purged elsewhere is saved again rather than lost; one put
    /// in the bin elsewhere stays there (saved, and restorable).
    pub fn save(&mut self, id: &DocumentId, document: &Document, expected_revision: u64, now: Stamp) -> Result<u64, WorkspaceError> {
        let what = format!("\"{}\" could not be saved", document.name);
        let key = doc_key(id);
        let raw = self.store.get(&key);
        let own = self.last_written.as_ref().and_then(|(k, text, revision)| {
            (*k == key && raw.as_deref() == Some(text.as_str()) && *revision <= expected_revision).then_some(*revision)
        });
        let stored_revision = match (own, raw) {
            (Some(revision), _) => revision,
            (None, None) => 0,
            (None, Some(raw)) => match read_stored(&raw) {
                Ok(stored) if stored.revision > expected_revision => {
                    return Err(WorkspaceError::Conflict(Box::new(Conflict {
                        id: id.clone(),
                        ours: document.clone(),
                        theirs: stored.document,
                        theirs_revision: stored.revision,
                        theirs_updated_at: stored.updated_at,
                    })));
                }
                Ok(stored) => stored.revision,
                Err(_) => {
                    // Never write over what cannot be read: set it aside
                    // first, and give up if there is no room to.
                    if self.set_aside(id, &raw, now) == doc_key(id) {
                        return Err(WorkspaceError::QuotaExceeded { message: quota_message(&what) });
                    }
                    0
                }
            },
        };
        let revision = stored_revision.max(expected_revision) + 1;
        self.write(id, document, revision, now, &what)?;
        Ok(revision)
    }

    /// Gives a saved document a new name; returns the new revision.
    pub fn rename(&mut self, id: &DocumentId, name: &str, now: Stamp) -> Result<u64, WorkspaceError> {
        let (_, mut stored) = self.read(id, now)?;
        stored.document.name = name.to_owned();
        self.save(id, &stored.document, stored.revision, now)
    }

    /// A copy of a saved document, named "… (copy)".
    pub fn duplicate(&mut self, id: &DocumentId, now: Stamp) -> Result<DocumentEntry, WorkspaceError> {
        let (_, mut stored) = self.read(id, now)?;
        stored.document.name = format!("{} (copy)", stored.document.name);
        self.create(&stored.document, now)
    }

    /// Puts a document in the bin. It stays stored until purged, so
    /// [`Workspace::restore`] brings it back as it was.
    pub fn delete(&mut self, id: &DocumentId, now: Stamp) -> Result<(), WorkspaceError> {
        let entry = self.entry_from_document(id).ok_or_else(|| WorkspaceError::NotFound { id: id.clone() })?;
        let trash = TrashEntry { id: id.clone(), name: entry.name.clone(), deleted_at: now };
        let text = serde_json::to_string(&trash).unwrap_or_default();
        self.store
            .set(&trash_key(id), &text)
            .map_err(|e| store_error(e, &format!("\"{}\" could not be moved to the bin", entry.name)))
    }

    /// Takes a document out of the bin.
    pub fn restore(&mut self, id: &DocumentId) -> Result<(), WorkspaceError> {
        if !self.is_trashed(id) {
            return Err(WorkspaceError::NotFound { id: id.clone() });
        }
        self.store.remove(&trash_key(id));
        Ok(())
    }

    /// Documents in the bin, most recently deleted first.
    pub fn trash(&self) -> Vec<TrashEntry> {
        let mut entries: Vec<TrashEntry> = self
            .ids_under(TRASH_PREFIX)
            .into_iter()
            .filter_map(|id| {
                let raw = self.store.get(&trash_key(&id))?;
                Some(serde_json::from_str::<TrashEntry>(&raw).unwrap_or(TrashEntry {
                    name: format!("document {id}"),
                    id,
                    deleted_at: Stamp(0),
                }))
            })
            .collect();
        entries.sort_by_key(|e| std::cmp::Reverse(e.deleted_at));
        entries
    }

    /// Deletes a document for good (from the bin or not). Removing always
    /// succeeds, so this is also how room is made when storage is full.
    pub fn purge(&mut self, id: &DocumentId) -> Result<(), WorkspaceError> {
        let existed = self.store.get(&doc_key(id)).is_some() || self.is_trashed(id);
        if !existed {
            return Err(WorkspaceError::NotFound { id: id.clone() });
        }
        self.store.remove(&doc_key(id));
        self.store.remove(&trash_key(id));
        self.index_put(None, Some(id));
        Ok(())
    }

    /// Purges everything in the bin.
    pub fn empty_trash(&mut self) {
        for entry in self.trash() {
            let _ = self.purge(&entry.id);
        }
    }

    /// Text set aside because it could not be read, newest first.
    pub fn backups(&self) -> Vec<BackupEntry> {
        let mut found: Vec<BackupEntry> = self
            .store
            .keys()
            .into_iter()
            .filter_map(|key| {
                let rest = key.strip_prefix(BACKUP_PREFIX)?;
                let (id, stamp) = rest.split_once('/')?;
                let stamp = stamp.split('-').next().and_then(|s| s.parse().ok()).unwrap_or(0);
                let size = self.store.get(&key).map_or(0, |text| units(&text));
                Some(BackupEntry { id: DocumentId::new(id), saved_at: Stamp(stamp), size, key })
            })
            .collect();
        found.sort_by_key(|b| std::cmp::Reverse(b.saved_at));
        found
    }

    /// The text of a backup, to export as a file.
    pub fn backup_text(&self, key: &str) -> Option<String> {
        key.starts_with(BACKUP_PREFIX).then(|| self.store.get(key)).flatten()
    }

    /// Removes a backup the user has exported or no longer wants.
    pub fn remove_backup(&mut self, key: &str) {
        if key.starts_with(BACKUP_PREFIX) {
            self.store.remove(key);
        }
    }

    /// Applies the user's answer to a conflict and returns the document to
    /// continue editing.
    pub fn resolve(&mut self, conflict: Conflict, resolution: Resolution, now: Stamp) -> Result<Opened, WorkspaceError> {
        match resolution {
            Resolution::KeepMine => {
                let revision = self.save(&conflict.id, &conflict.ours, conflict.theirs_revision, now)?;
                Ok(Opened { id: conflict.id, document: conflict.ours, revision, updated_at: now })
            }
            Resolution::TakeTheirs => Ok(Opened {
                id: conflict.id,
                document: conflict.theirs,
                revision: conflict.theirs_revision,
                updated_at: conflict.theirs_updated_at,
            }),
            Resolution::KeepBoth => {
                let mut ours = conflict.ours;
                ours.name = format!("{} (conflicted copy)", ours.name);
                let entry = self.create(&ours, now)?;
                Ok(Opened { id: entry.id, document: ours, revision: 1, updated_at: now })
            }
        }
    }

    /// Imports a JSON document file as a new entry. The file is parsed,
    /// migrated and validated first; on any error nothing is stored.
    pub fn import_json(&mut self, text: &str, now: Stamp) -> Result<DocumentEntry, WorkspaceError> {
        let document = parse_document(text).map_err(WorkspaceError::Import)?;
        self.create(&document, now)
    }

    /// A saved document as a JSON file.
    pub fn export_json(&mut self, id: &DocumentId, now: Stamp) -> Result<String, WorkspaceError> {
        let (_, stored) = self.read(id, now)?;
        Ok(to_json(&stored.document))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::mvp_that_creaks;

    fn named(name: &str) -> Document {
        let mut doc = mvp_that_creaks();
        doc.name = name.to_owned();
        doc
    }

    #[test]
    fn create_open_save_list() {
        let mut ws = Workspace::new(MemoryStore::new());
        let a = ws.create(&named("A"), Stamp(1000)).unwrap();
        let b = ws.create(&named("B"), Stamp(1000)).unwrap();
        assert_eq!((a.id.as_str(), b.id.as_str()), ("3e8", "3e8-2"));
        let opened = ws.open(&a.id, Stamp(1001)).unwrap();
        assert_eq!((opened.document.name.as_str(), opened.revision), ("A", 1));
        assert_eq!(ws.save(&a.id, &named("A2"), 1, Stamp(2000)), Ok(2));
        let names: Vec<String> = ws.list().into_iter().map(|e| e.name).collect();
        assert_eq!(names, vec!["A2", "B"]);
        assert!(ws.store().keys().iter().all(|k| k.starts_with(NAMESPACE)));
    }

    #[test]
    fn a_second_tab_cannot_overwrite_silently() {
        let mut ws = Workspace::new(MemoryStore::new());
        let id = ws.create(&named("Plan"), Stamp(1)).unwrap().id;
        // Both tabs opened revision 1; the other tab saves first.
        assert_eq!(ws.save(&id, &named("Theirs"), 1, Stamp(2)), Ok(2));
        let Err(WorkspaceError::Conflict(conflict)) = ws.save(&id, &named("Mine"), 1, Stamp(3)) else {
            panic!("expected a conflict");
        };
        assert_eq!((conflict.ours.name.as_str(), conflict.theirs.name.as_str(), conflict.theirs_revision), ("Mine", "Theirs", 2));
        let kept = ws.resolve((*conflict).clone(), Resolution::KeepBoth, Stamp(4)).unwrap();
        assert_eq!(kept.document.name, "Mine (conflicted copy)");
        assert_eq!(ws.open(&id, Stamp(5)).unwrap().document.name, "Theirs");
        let mine = ws.resolve(*conflict, Resolution::KeepMine, Stamp(6)).unwrap();
        assert_eq!((mine.revision, ws.open(&id, Stamp(7)).unwrap().document.name.as_str()), (3, "Mine"));
    }

    #[test]
    fn unreadable_text_is_set_aside_never_lost() {
        let mut ws = Workspace::new(MemoryStore::new());
        let id = ws.create(&named("Plan"), Stamp(1)).unwrap().id;
        let garbage = "{\"revision\": 1, \"document\": {\"schema_version\": 1, \"name\": ";
        ws.store_mut().set(&doc_key(&id), garbage).unwrap();
        let Err(WorkspaceError::Unreadable { backup_key, message, .. }) = ws.open(&id, Stamp(50)) else {
            panic!("expected unreadable");
        };
        assert_eq!(backup_key, format!("headroom/v1/backup/{id}/50"));
        assert!(message.starts_with("The saved copy of \"Plan\" could not be read: the saved text is not valid JSON"), "{message}");
        assert!(message.contains("Nothing was deleted"));
        assert_eq!(ws.backup_text(&backup_key).as_deref(), Some(garbage));
        assert_eq!(ws.backups().len(), 1);
        assert!(ws.list().is_empty());
    }

    #[test]
    fn a_full_store_keeps_the_last_good_copy() {
        let mut ws = Workspace::new(MemoryStore::new());
        let id = ws.create(&named("Plan"), Stamp(1)).unwrap().id;
        let used = ws.store().used();
        ws.store_mut().set_quota(Some(used + 10));
        let mut bigger = named("Plan");
        bigger.name = "Plan with a much longer name than before".into();
        let error = ws.save(&id, &bigger, 1, Stamp(2)).unwrap_err();
        assert!(matches!(error, WorkspaceError::QuotaExceeded { .. }));
        assert!(error.to_string().contains("the last saved copy is still there"));
        assert_eq!(ws.open(&id, Stamp(3)).unwrap().document.name, "Plan");
    }

    #[test]
    fn the_bin_undoes_deletes() {
        let mut ws = Workspace::new(MemoryStore::new());
        let id = ws.create(&named("Plan"), Stamp(1)).unwrap().id;
        ws.delete(&id, Stamp(2)).unwrap();
        assert!(ws.list().is_empty());
        assert_eq!(ws.trash().len(), 1);
        ws.restore(&id).unwrap();
        assert_eq!(ws.list().len(), 1);
        ws.delete(&id, Stamp(3)).unwrap();
        ws.empty_trash();
        assert!(ws.trash().is_empty() && ws.list().is_empty());
        assert_eq!(ws.open(&id, Stamp(4)), Err(WorkspaceError::NotFound { id }));
    }

    #[test]
    fn imports_change_nothing_on_error() {
        let mut ws = Workspace::new(MemoryStore::new());
        let error = ws.import_json("{\"schema_version\": 1,", Stamp(1)).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the file was not imported, nothing was changed: not valid JSON at line 1, column 21: EOF while parsing a value"
        );
        assert!(ws.store().keys().is_empty());
        let entry = ws.import_json(&to_json(&named("Imported")), Stamp(2)).unwrap();
        assert_eq!(ws.export_json(&entry.id, Stamp(3)).unwrap(), to_json(&named("Imported")));
    }
}

//! One page's part in a room, without any input or output of its own:
//! what to send when a connection opens, what to do with each frame heard
//! (from the relay or another tab), how a local edit goes out, and what
//! to keep in storage so that edits made offline survive a reload and go
//! out on reconnect. The page (`ui::room_session`) carries the frames over
//! its websocket and BroadcastChannel and shows what comes back; every
//! decision is here, so it is tested natively.

use super::presence::{Presence, Roster};
use super::relay::{self, Heard, RelayDocument, RelayError};
use super::sealed::Room;
use super::{MergeError, Merged, SharedDocument};
use crate::model::Document;
use yrs::StateVector;

/// What a frame asked of the page.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Frames to send back on the connection the frame came from.
    pub reply: Vec<Vec<u8>>,
    /// Frames to pass on to the page's other connections (an update heard
    /// from the relay goes on to the other tabs, and back).
    pub forward: Vec<Vec<u8>>,
    /// Frames to send on every connection (this copy's repair notes).
    pub broadcast: Vec<Vec<u8>>,
    /// The merged document, when the shared one changed.
    pub merged: Option<Result<Merged, MergeError>>,
    /// Who is in the room, or what they selected, changed.
    pub presence_changed: bool,
    /// The connection's first answer to this page's state vector: from
    /// here on, this page has everything the relay had.
    pub synced: bool,
    /// Sealed updates that did not open with the room's key.
    pub unopened: usize,
    /// What merges repaired, in words: this copy's own repairs and those
    /// other copies noted in the room, each told once.
    pub notes: Vec<String>,
}

/// This page in one room.
pub struct RoomSession {
    room: Room,
    relay: RelayDocument,
    shared: SharedDocument,
    roster: Roster,
}

impl RoomSession {
    /// Joins `room` as Yjs client `client` (a fresh random 53-bit number
    /// per page: Yjs tells writers apart by it).
    pub fn new(room: Room, client: u64, presence: Presence) -> RoomSession {
        RoomSession { room, relay: RelayDocument::new(client), shared: SharedDocument::new(client), roster: Roster::new(client, presence) }
    }

    pub fn room(&self) -> &Room {
        &self.room
    }

    pub fn roster(&self) -> &Roster {
        &self.roster
    }

    /// Takes back what [`RoomSession::stored`] kept. Nothing is sent: the
    /// next connection's sync sends what the relay lacks.
    pub fn restore(&mut self, stored: &[u8]) -> Result<usize, RelayError> {
        let fresh = self.relay.apply(stored)?;
        let opened = self.open_all(fresh);
        // What was noted before this visit was told then.
        self.shared.skip_notes();
        Ok(opened)
    }

    /// The sealed updates this page holds, for storage: only ciphertext,
    /// like the relay's copy.
    pub fn stored(&self) -> Vec<u8> {
        self.relay.missing_for(&StateVector::default())
    }

    /// Whether anybody ever put a document in the room, as far as this
    /// page knows.
    pub fn is_empty(&self) -> bool {
        self.shared.is_empty()
    }

    /// How many sealed updates the room holds here.
    pub fn updates(&self) -> u32 {
        self.relay.len()
    }

    /// What to send when a connection opens: this page's state vector
    /// (the other side answers with what it lacks) and its presence.
    pub fn greeting(&mut self, nonce: [u8; 12]) -> Vec<Vec<u8>> {
        vec![relay::sync_step1(&self.relay.state_vector()), self.roster.announce(&self.room, nonce)]
    }

    /// What a tab joining over BroadcastChannel sends: the greeting and
    /// all it has (no relay there to keep it for the others).
    pub fn tab_greeting(&mut self, nonce: [u8; 12]) -> Vec<Vec<u8>> {
        let mut frames = self.greeting(nonce);
        frames.push(relay::sync_step2(self.stored()));
        frames
    }

    /// Records a local edit; the frame to send everywhere, `None` when
    /// nothing the room shares changed (a dial step, a selection).
    pub fn record(&mut self, document: &Document, nonce: [u8; 12]) -> Option<Vec<u8>> {
        let update = self.shared.record(document);
        if update.is_empty() {
            return None;
        }
        let sealed = self.room.seal(nonce, &update);
        Some(relay::update_frame(self.relay.push(sealed)))
    }

    /// The merged, repaired document; `previous` is what this page shows
    /// (its growth stays this person's).
    pub fn document(&mut self, previous: &Document) -> Result<Merged, MergeError> {
        self.shared.document(previous)
    }

    /// Changes what this page shares of itself; the frame announcing it.
    pub fn set_presence(&mut self, presence: Presence, nonce: [u8; 12]) -> Option<Vec<u8>> {
        self.roster.set_mine(presence).then(|| self.roster.announce(&self.room, nonce))
    }

    /// The frame renewing this page's presence (every 15 s).
    pub fn renew_presence(&mut self, nonce: [u8; 12]) -> Vec<u8> {
        self.roster.announce(&self.room, nonce)
    }

    /// The frame saying this page left.
    pub fn leave(&mut self) -> Vec<u8> {
        self.roster.leave()
    }

    /// Forgets presences not renewed in time, or everyone when the page
    /// lost its last connection; true when the roster changed.
    pub fn forget_presences(&mut self, now_ms: f64, everyone: bool) -> bool {
        if everyone {
            self.roster.clear()
        } else {
            self.roster.expire(now_ms)
        }
    }

    /// Takes in one frame. `previous` is the document on screen; `nonce`
    /// seals what this copy notes of a repair.
    pub fn hear(&mut self, frame: &[u8], previous: &Document, now_ms: f64, nonce: [u8; 12]) -> Result<Outcome, RelayError> {
        let mut outcome = Outcome::default();
        match relay::read_frame(frame)? {
            Heard::SyncStep1(vector) => outcome.reply.push(relay::sync_step2(self.relay.missing_for(&vector))),
            Heard::SyncStep2(update) => {
                outcome.synced = true;
                self.take(&update, previous, nonce, &mut outcome)?;
            }
            Heard::Update(update) => {
                if self.take(&update, previous, nonce, &mut outcome)? {
                    outcome.forward.push(frame.to_vec());
                }
            }
            Heard::Awareness(entries) => outcome.presence_changed = self.roster.hear(&self.room, entries, now_ms),
            Heard::Other => {}
        }
        Ok(outcome)
    }

    /// Merges an update of the relay's list; true when it held anything new.
    fn take(&mut self, update: &[u8], previous: &Document, nonce: [u8; 12], outcome: &mut Outcome) -> Result<bool, RelayError> {
        let fresh = self.relay.apply(update)?;
        if fresh.is_empty() {
            return Ok(false);
        }
        let count = fresh.len();
        let opened = self.open_all(fresh);
        outcome.unopened += count - opened;
        if opened > 0 {
            let merged = self.shared.document(previous);
            if let Ok(merged) = &merged {
                outcome.notes.extend(merged.repairs.iter().map(|r| r.to_string()));
                let noted = self.shared.note_repairs(&merged.repairs);
                if !noted.is_empty() {
                    let sealed = self.room.seal(nonce, &noted);
                    outcome.broadcast.push(relay::update_frame(self.relay.push(sealed)));
                }
            }
            for note in self.shared.new_notes() {
                if !outcome.notes.contains(&note) {
                    outcome.notes.push(note);
                }
            }
            outcome.merged = Some(merged);
        }
        Ok(true)
    }

    /// Opens and merges sealed updates; how many opened.
    fn open_all(&mut self, sealed: Vec<Vec<u8>>) -> usize {
        let mut opened = 0;
        for item in sealed {
            if let Ok(plain) = self.room.open(&item) {
                if self.shared.apply(&plain).is_ok() {
                    opened += 1;
                }
            }
        }
        opened
    }
}

/// Where a page keeps what it knows of a room between visits (outside
/// the documents' namespace: another tab's write here is not a document's).
pub fn memory_key(room_id: &str) -> String {
    format!("headroom-room/{room_id}")
}

/// What a page keeps of a room: which saved document is the room's in
/// this browser, and the sealed updates it holds (ciphertext only, as the
/// relay keeps them), so edits made offline survive a reload.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RoomMemory {
    pub document: String,
    state: String,
}

impl RoomMemory {
    pub fn new(document: &str, state: &[u8]) -> RoomMemory {
        use base64::Engine;
        RoomMemory { document: document.to_owned(), state: base64::engine::general_purpose::STANDARD_NO_PAD.encode(state) }
    }

    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads what `encode` wrote; the error says what is wrong with it.
    pub fn decode(text: &str) -> Result<RoomMemory, String> {
        serde_json::from_str(text).map_err(|e| format!("what this browser kept of the room cannot be read ({e})"))
    }

    /// The sealed updates kept.
    pub fn state(&self) -> Result<Vec<u8>, String> {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(&self.state)
            .map_err(|e| format!("what this browser kept of the room cannot be read ({e})"))
    }
}

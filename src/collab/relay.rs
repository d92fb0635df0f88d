//! What a room's relay holds and what goes over the wire to it. The relay
//! is a standard y-websocket server: it keeps one Yjs document per room
//! and passes on the sync protocol's messages (y-protocols: sync step 1
//! and 2, updates, awareness). So that it never reads the model, the
//! relay's document is not the shared document itself but a list of
//! sealed updates of it ([`RelayDocument`]): each local edit is sealed
//! with the room's key and appended as one binary item; every copy opens
//! the items it has not seen and merges them into its `SharedDocument`.
//! The relay merges the list like any Yjs document and sees only bytes.

use std::collections::HashSet;

use yrs::sync::awareness::AwarenessUpdateEntry;
use yrs::sync::{AwarenessUpdate, Message, SyncMessage};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{Any, Array, ArrayRef, Doc, Out, ReadTxn, StateVector, Transact, Update};

/// The relay document's one list.
const SEALED: &str = "sealed";
/// Where a sealed update's nonce sits: after its layout byte, 12 bytes.
const NONCE: std::ops::Range<usize> = 1..13;

/// Why bytes from the relay were refused.
#[derive(Debug, PartialEq, Eq)]
pub enum RelayError {
    /// Not a message of the sync protocol, or an update Yjs cannot read.
    Unreadable(String),
}

impl std::fmt::Display for RelayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RelayError::Unreadable(why) => write!(f, "the relay sent something this page cannot read ({why})"),
        }
    }
}

/// The list of sealed updates, as this copy holds it.
pub struct RelayDocument {
    doc: Doc,
    list: ArrayRef,
    /// Nonces of the items already handed out, so each is opened once.
    seen: HashSet<Vec<u8>>,
}

impl RelayDocument {
    /// An empty list written as Yjs client `client`.
    pub fn new(client: u64) -> RelayDocument {
        let doc = Doc::with_client_id(client);
        let list = doc.get_or_insert_array(SEALED);
        RelayDocument { doc, list, seen: HashSet::new() }
    }

    /// Appends one sealed update; returns the Yjs update to send.
    pub fn push(&mut self, sealed: Vec<u8>) -> Vec<u8> {
        self.seen.insert(nonce_of(&sealed));
        let mut txn = self.doc.transact_mut();
        self.list.push_back(&mut txn, Any::Buffer(sealed.into()));
        txn.encode_update_v1()
    }

    /// Merges an update of the list (from the relay, another tab, or this
    /// copy's own stored state); returns the sealed items not seen before.
    pub fn apply(&mut self, update: &[u8]) -> Result<Vec<Vec<u8>>, RelayError> {
        let update = Update::decode_v1(update).map_err(|e| RelayError::Unreadable(e.to_string()))?;
        {
            let mut txn = self.doc.transact_mut();
            txn.apply_update(update).map_err(|e| RelayError::Unreadable(e.to_string()))?;
        }
        let txn = self.doc.transact();
        let mut fresh = Vec::new();
        for item in self.list.iter(&txn) {
            if let Out::Any(Any::Buffer(bytes)) = item {
                if self.seen.insert(nonce_of(&bytes)) {
                    fresh.push(bytes.to_vec());
                }
            }
        }
        Ok(fresh)
    }

    /// How many sealed updates the list holds.
    pub fn len(&self) -> u32 {
        self.list.len(&self.doc.transact())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn state_vector(&self) -> StateVector {
        self.doc.transact().state_vector()
    }

    /// What a copy knowing `vector` lacks (everything for an empty one):
    /// sync step 2's answer, and what this copy keeps in storage.
    pub fn missing_for(&self, vector: &StateVector) -> Vec<u8> {
        self.doc.transact().encode_state_as_update_v1(vector)
    }
}

fn nonce_of(sealed: &[u8]) -> Vec<u8> {
    // A sealed update shorter than its header cannot open anyway; its
    // whole bytes tell it apart.
    sealed.get(NONCE).unwrap_or(sealed).to_vec()
}

/// A message of the sync protocol, as this page reads it.
#[derive(Debug, PartialEq)]
pub enum Heard {
    /// A peer's state vector: answer with what it lacks.
    SyncStep1(StateVector),
    /// The answer to this copy's state vector: what it lacked.
    SyncStep2(Vec<u8>),
    /// A new update.
    Update(Vec<u8>),
    /// Presence: each client's clock and JSON ("null" when it left).
    Awareness(Vec<(u64, u32, String)>),
    /// A message this page has no use for (auth, awareness queries).
    Other,
}

/// Reads one websocket frame.
pub fn read_frame(frame: &[u8]) -> Result<Heard, RelayError> {
    let message = Message::decode_v1(frame).map_err(|e| RelayError::Unreadable(e.to_string()))?;
    Ok(match message {
        Message::Sync(SyncMessage::SyncStep1(vector)) => Heard::SyncStep1(vector),
        Message::Sync(SyncMessage::SyncStep2(update)) => Heard::SyncStep2(update),
        Message::Sync(SyncMessage::Update(update)) => Heard::Update(update),
        Message::Awareness(update) => {
            Heard::Awareness(update.clients.into_iter().map(|(client, e)| (client, e.clock, e.json.to_string())).collect())
        }
        Message::Auth(_) | Message::AwarenessQuery | Message::Custom(..) => Heard::Other,
    })
}

/// Sync step 1: this copy's state vector.
pub fn sync_step1(vector: &StateVector) -> Vec<u8> {
    Message::Sync(SyncMessage::SyncStep1(vector.clone())).encode_v1()
}

/// Sync step 2: what a peer lacks.
pub fn sync_step2(update: Vec<u8>) -> Vec<u8> {
    Message::Sync(SyncMessage::SyncStep2(update)).encode_v1()
}

/// A new update.
pub fn update_frame(update: Vec<u8>) -> Vec<u8> {
    Message::Sync(SyncMessage::Update(update)).encode_v1()
}

/// This client's presence: its clock and JSON ("null" when leaving).
pub fn awareness_frame(client: u64, clock: u32, json: &str) -> Vec<u8> {
    let mut clients = std::collections::HashMap::new();
    clients.insert(client, AwarenessUpdateEntry { clock, json: json.into() });
    Message::Awareness(AwarenessUpdate { clients }).encode_v1()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealed(n: u8) -> Vec<u8> {
        let mut bytes = vec![1];
        bytes.extend_from_slice(&[n; 12]);
        bytes.extend_from_slice(b"ciphertext");
        bytes
    }

    #[test]
    fn each_sealed_update_is_handed_out_once_in_every_copy() {
        let mut a = RelayDocument::new(1);
        let mut b = RelayDocument::new(2);
        let first = a.push(sealed(1));
        let second = a.push(sealed(2));
        assert_eq!(b.apply(&second).unwrap(), Vec::<Vec<u8>>::new(), "waits for the first");
        assert_eq!(b.apply(&first).unwrap(), vec![sealed(1), sealed(2)]);
        assert_eq!(b.apply(&first).unwrap(), Vec::<Vec<u8>>::new());
        let from_b = b.push(sealed(3));
        assert_eq!(a.apply(&from_b).unwrap(), vec![sealed(3)]);
        assert_eq!(a.len(), 3);
    }

    #[test]
    fn frames_read_back_as_what_was_written() {
        let a = RelayDocument::new(1);
        assert_eq!(read_frame(&sync_step1(&a.state_vector())).unwrap(), Heard::SyncStep1(a.state_vector()));
        assert_eq!(read_frame(&update_frame(vec![0, 0])).unwrap(), Heard::Update(vec![0, 0]));
        assert_eq!(read_frame(&sync_step2(vec![0, 0])).unwrap(), Heard::SyncStep2(vec![0, 0]));
        assert_eq!(read_frame(&awareness_frame(9, 3, "null")).unwrap(), Heard::Awareness(vec![(9, 3, "null".to_owned())]));
        assert!(read_frame(&[0, 9]).is_err());
        assert!(read_frame(&[]).is_err());
    }

    #[test]
    fn garbage_is_refused_and_leaves_the_list_alone() {
        let mut a = RelayDocument::new(1);
        a.push(sealed(1));
        assert!(a.apply(&[1, 2, 3, 4, 5]).is_err());
        assert_eq!(a.len(), 1);
    }
}

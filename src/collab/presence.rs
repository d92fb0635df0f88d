//! Who is in a room and what each has selected: the room's roster, kept
//! from the awareness messages of the sync protocol. What a person shares
//! (a name and the ids they have selected) is sealed with the room's key
//! like every update, so the relay passes on `{"sealed":"…"}` and learns
//! nothing of the model from it. As in y-protocols, a presence not
//! renewed for [`FORGOTTEN_AFTER_MS`] is forgotten (a closed laptop), and
//! each page renews its own every [`RENEW_EVERY_MS`].

use std::collections::BTreeMap;

use base64::engine::general_purpose::STANDARD_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};

use super::relay::awareness_frame;
use super::sealed::Room;

/// y-protocols' outdated timeout: the relay forgets a client as late.
pub const FORGOTTEN_AFTER_MS: f64 = 30_000.0;
/// Half of it, as y-protocols renews.
pub const RENEW_EVERY_MS: f64 = 15_000.0;
/// How many colours people are told apart by (the page's palette).
pub const COLOURS: u64 = 6;

/// What one person shares with the room.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Presence {
    pub name: String,
    /// The ids of the components they have selected.
    pub selected: Vec<String>,
}

/// Someone else in the room.
#[derive(Clone, Debug, PartialEq)]
pub struct Peer {
    pub client: u64,
    pub presence: Presence,
    /// Which of [`COLOURS`] marks them (from their client id, so the same
    /// in every browser).
    pub colour: u64,
}

#[derive(Clone, Debug)]
struct Heard {
    clock: u32,
    at_ms: f64,
    presence: Option<Presence>,
}

/// This page's presence and everyone else's.
pub struct Roster {
    client: u64,
    clock: u32,
    mine: Presence,
    others: BTreeMap<u64, Heard>,
}

/// The awareness entry's JSON: the sealed presence, base64.
#[derive(Serialize, Deserialize)]
struct Wrapped {
    sealed: String,
}

impl Roster {
    pub fn new(client: u64, mine: Presence) -> Roster {
        Roster { client, clock: 0, mine, others: BTreeMap::new() }
    }

    pub fn mine(&self) -> &Presence {
        &self.mine
    }

    /// Changes what this page shares; false when it was already that.
    pub fn set_mine(&mut self, presence: Presence) -> bool {
        if presence == self.mine {
            return false;
        }
        self.mine = presence;
        true
    }

    /// The awareness frame announcing this page's presence, sealed with
    /// `nonce` (each announcement a new clock, so the relay passes it on).
    pub fn announce(&mut self, room: &Room, nonce: [u8; 12]) -> Vec<u8> {
        self.clock = self.clock.wrapping_add(1);
        let plain = serde_json::to_vec(&self.mine).unwrap_or_default();
        let wrapped = Wrapped { sealed: STANDARD_NO_PAD.encode(room.seal(nonce, &plain)) };
        let json = serde_json::to_string(&wrapped).unwrap_or_else(|_| "null".to_owned());
        awareness_frame(self.client, self.clock, &json)
    }

    /// The frame saying this page left.
    pub fn leave(&mut self) -> Vec<u8> {
        self.clock = self.clock.wrapping_add(1);
        awareness_frame(self.client, self.clock, "null")
    }

    /// Takes in an awareness message; true when who is in the room or
    /// what they selected changed. A presence that does not open with the
    /// room's key is ignored, as is one older than what was heard.
    pub fn hear(&mut self, room: &Room, entries: Vec<(u64, u32, String)>, now_ms: f64) -> bool {
        let mut changed = false;
        for (client, clock, json) in entries {
            if client == self.client {
                continue;
            }
            let presence = open_presence(room, &json);
            if presence.is_none() && json.trim() != "null" {
                // Another room's, or altered: as if not heard.
                continue;
            }
            let known = self.others.get(&client);
            let newer = known.is_none_or(|k| clock > k.clock || (clock == k.clock && presence.is_none() && k.presence.is_some()));
            if !newer {
                continue;
            }
            changed |= known.and_then(|k| k.presence.as_ref()) != presence.as_ref();
            self.others.insert(client, Heard { clock, at_ms: now_ms, presence });
        }
        changed
    }

    /// Forgets presences not renewed in time; true when someone went.
    pub fn expire(&mut self, now_ms: f64) -> bool {
        let before = self.present_count();
        for heard in self.others.values_mut() {
            if heard.presence.is_some() && now_ms - heard.at_ms > FORGOTTEN_AFTER_MS {
                heard.presence = None;
            }
        }
        before != self.present_count()
    }

    /// Forgets everyone (this page lost its connection to them).
    pub fn clear(&mut self) -> bool {
        let had = self.present_count() > 0;
        self.others.clear();
        had
    }

    fn present_count(&self) -> usize {
        self.others.values().filter(|h| h.presence.is_some()).count()
    }

    /// Everyone else present, by name.
    pub fn peers(&self) -> Vec<Peer> {
        let mut peers: Vec<Peer> = self
            .others
            .iter()
            .filter_map(|(client, heard)| {
                heard.presence.clone().map(|presence| Peer { client: *client, presence, colour: colour_of(*client) })
            })
            .collect();
        peers.sort_by(|a, b| a.presence.name.cmp(&b.presence.name).then(a.client.cmp(&b.client)));
        peers
    }
}

/// The colour that marks `client` everywhere.
pub fn colour_of(client: u64) -> u64 {
    client % COLOURS
}

fn open_presence(room: &Room, json: &str) -> Option<Presence> {
    let wrapped: Wrapped = serde_json::from_str(json).ok()?;
    let sealed = STANDARD_NO_PAD.decode(wrapped.sealed).ok()?;
    let plain = room.open(&sealed).ok()?;
    let presence: Presence = serde_json::from_slice(&plain).ok()?;
    // A name is shown in a list: keep it short.
    let name: String = presence.name.chars().take(40).collect();
    Some(Presence { name, selected: presence.selected.into_iter().take(1000).collect() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collab::relay::{read_frame, Heard as Frame};

    fn entries(frame: &[u8]) -> Vec<(u64, u32, String)> {
        match read_frame(frame).unwrap() {
            Frame::Awareness(entries) => entries,
            other => panic!("{other:?}"),
        }
    }

    fn ana() -> Presence {
        Presence { name: "Ana".into(), selected: vec!["postgres".into()] }
    }

    #[test]
    fn a_presence_is_sealed_heard_renewed_and_forgotten() {
        let room = Room::new([1; 8], [2; 32]);
        let mut a = Roster::new(10, ana());
        let mut b = Roster::new(11, Presence { name: "Bo".into(), selected: vec![] });
        let frame = a.announce(&room, [3; 12]);
        assert!(!String::from_utf8_lossy(&frame).contains("postgres"));
        assert!(b.hear(&room, entries(&frame), 0.0));
        assert_eq!(b.peers()[0].presence, ana());
        assert!(!b.hear(&room, entries(&frame), 1.0), "the same clock again is no news");
        assert!(!b.expire(20_000.0));
        assert!(b.expire(31_000.0));
        assert!(b.peers().is_empty());
        assert!(b.hear(&room, entries(&a.announce(&room, [4; 12])), 32_000.0));
        assert!(b.hear(&room, entries(&a.leave()), 33_000.0));
        assert!(b.peers().is_empty());
    }

    #[test]
    fn another_rooms_presence_is_not_heard() {
        let mut a = Roster::new(10, ana());
        let frame = a.announce(&Room::new([1; 8], [2; 32]), [3; 12]);
        let mut b = Roster::new(11, ana());
        assert!(!b.hear(&Room::new([1; 8], [9; 32]), entries(&frame), 0.0));
        assert!(b.peers().is_empty());
    }
}

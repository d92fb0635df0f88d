//! A room's link and the sealing of what is sent to its relay. The link
//! is `#room=ID.KEY`: the fragment never leaves the browser, so the relay
//! (a standard y-websocket server run by the team) only ever sees the
//! room's id and sealed bytes, never the model. Each update is sealed
//! with ChaCha20-Poly1305 under the room's 256-bit key and a fresh 96-bit
//! nonce the page draws; a sealed update that was changed, or sealed with
//! another key, does not open.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};

/// The layout of a sealed update: this byte, the nonce, the ciphertext.
const LAYOUT: u8 = 1;
const NONCE_BYTES: usize = 12;
/// A room id: what the relay names the room by.
const MAX_ROOM_ID: usize = 64;

/// A room: its id (given to the relay) and its key (kept in the link).
#[derive(Clone, PartialEq, Eq)]
pub struct Room {
    pub id: String,
    key: [u8; 32],
}

impl std::fmt::Debug for Room {
    // The key is never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Room").field("id", &self.id).finish_non_exhaustive()
    }
}

/// Why a link or a sealed update was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum SealError {
    /// The fragment is not `#room=ID.KEY`, or its key is not 32 bytes.
    NotARoomLink(&'static str),
    /// Too short, another layout, altered, or sealed with another key.
    DoesNotOpen,
}

impl std::fmt::Display for SealError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SealError::NotARoomLink(why) => write!(f, "this is not a Headroom room link: {why}"),
            SealError::DoesNotOpen => write!(f, "an update from the room does not open with this room's key (altered, or another room's)"),
        }
    }
}

impl Room {
    /// A new room from 8 random bytes for its id and 32 for its key.
    pub fn new(id_bytes: [u8; 8], key: [u8; 32]) -> Room {
        Room { id: URL_SAFE_NO_PAD.encode(id_bytes), key }
    }

    /// The room a page address's fragment names (`#room=ID.KEY`).
    pub fn from_fragment(fragment: &str) -> Result<Room, SealError> {
        let text = fragment.trim_start_matches('#');
        let value = text
            .split('&')
            .find_map(|pair| pair.strip_prefix("room="))
            .ok_or(SealError::NotARoomLink("no room= in the address"))?;
        let (id, key) = value.split_once('.').ok_or(SealError::NotARoomLink("the room has no key"))?;
        let id_ok = !id.is_empty() && id.len() <= MAX_ROOM_ID && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !id_ok {
            return Err(SealError::NotARoomLink("the room's id has characters a link does not make"));
        }
        let key: [u8; 32] = URL_SAFE_NO_PAD
            .decode(key)
            .ok()
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or(SealError::NotARoomLink("the room's key is not 32 bytes of base64url"))?;
        Ok(Room { id: id.to_owned(), key })
    }

    /// The fragment that opens this room: `#room=ID.KEY`.
    pub fn fragment(&self) -> String {
        format!("#room={}.{}", self.id, URL_SAFE_NO_PAD.encode(self.key))
    }

    /// The fragment of a link that joins this room through `relay` (a
    /// y-websocket server's `ws://` or `wss://` address), or over the tabs
    /// of one browser only without one.
    pub fn link_fragment(&self, relay: Option<&str>) -> String {
        match relay {
            Some(relay) => format!("{}&relay={relay}", self.fragment()),
            None => self.fragment(),
        }
    }

    fn cipher(&self) -> ChaCha20Poly1305 {
        ChaCha20Poly1305::new(Key::from_slice(&self.key))
    }

    /// `plain` sealed under the room's key with `nonce`, which must never
    /// be used twice with one key (the page draws 96 random bits).
    pub fn seal(&self, nonce: [u8; NONCE_BYTES], plain: &[u8]) -> Vec<u8> {
        let sealed = self.cipher().encrypt(Nonce::from_slice(&nonce), plain).unwrap_or_default();
        let mut out = Vec::with_capacity(1 + NONCE_BYTES + sealed.len());
        out.push(LAYOUT);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    /// What `seal` sealed, if it was this room's and is unaltered.
    pub fn open(&self, sealed: &[u8]) -> Result<Vec<u8>, SealError> {
        let [layout, rest @ ..] = sealed else { return Err(SealError::DoesNotOpen) };
        if *layout != LAYOUT || rest.len() < NONCE_BYTES {
            return Err(SealError::DoesNotOpen);
        }
        let (nonce, body) = rest.split_at(NONCE_BYTES);
        self.cipher().decrypt(Nonce::from_slice(nonce), body).map_err(|_| SealError::DoesNotOpen)
    }
}

/// The relay a room link names (`&relay=ws://…`), checked: `None` when
/// the link has none (the room lives in this browser's tabs).
pub fn relay_of_fragment(fragment: &str) -> Result<Option<String>, SealError> {
    let text = fragment.trim_start_matches('#');
    match text.split('&').find_map(|pair| pair.strip_prefix("relay=")) {
        None => Ok(None),
        Some(relay) => check_relay(relay).map(|r| Some(r.to_owned())),
    }
}

/// A relay address as a link may carry it: `ws://` or `wss://`, a host,
/// nothing that would end the fragment's field or break out of it.
pub fn check_relay(relay: &str) -> Result<&str, SealError> {
    let relay = relay.trim();
    let rest = relay.strip_prefix("ws://").or_else(|| relay.strip_prefix("wss://"));
    let fine = |c: char| c.is_ascii_alphanumeric() || "-._~:/[]@%".contains(c);
    match rest {
        None => Err(SealError::NotARoomLink("the relay's address must start with ws:// or wss://")),
        Some(rest) if rest.is_empty() || rest.starts_with('/') => Err(SealError::NotARoomLink("the relay's address has no host")),
        Some(rest) if !rest.chars().all(fine) || relay.len() > 300 => {
            Err(SealError::NotARoomLink("the relay's address has characters an address does not (spaces, quotes, & or #)"))
        }
        Some(_) => Ok(relay.trim_end_matches('/')),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn room() -> Room {
        Room::new([7; 8], [42; 32])
    }

    #[test]
    fn a_link_names_its_relay_or_none() {
        let room = room();
        let link = room.link_fragment(Some("ws://127.0.0.1:1234"));
        assert_eq!(Room::from_fragment(&link).unwrap(), room);
        assert_eq!(relay_of_fragment(&link).unwrap().as_deref(), Some("ws://127.0.0.1:1234"));
        assert_eq!(relay_of_fragment(&room.link_fragment(None)).unwrap(), None);
        assert_eq!(check_relay("wss://relay.example.org/rooms/").unwrap(), "wss://relay.example.org/rooms");
        for bad in ["http://x", "ws://", "ws:///x", "ws://a b", "ws://x\"><script>", "javascript:alert(1)"] {
            assert!(check_relay(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_sealed_update_opens_only_with_its_room_and_unaltered() {
        let room = room();
        let sealed = room.seal([1; 12], b"component Postgres");
        assert!(!sealed.windows(8).any(|w| w == b"Postgres"), "the name is not readable in the sealed bytes");
        assert_eq!(room.open(&sealed).unwrap(), b"component Postgres");
        let mut altered = sealed.clone();
        let last = altered.len() - 1;
        altered[last] ^= 1;
        assert_eq!(room.open(&altered), Err(SealError::DoesNotOpen));
        assert_eq!(Room::new([7; 8], [43; 32]).open(&sealed), Err(SealError::DoesNotOpen));
        assert_eq!(room.open(&[]), Err(SealError::DoesNotOpen));
        assert_eq!(room.open(&[9, 1, 2]), Err(SealError::DoesNotOpen));
    }

    #[test]
    fn the_link_carries_the_room_and_refuses_what_is_not_one() {
        let room = room();
        let fragment = room.fragment();
        assert!(fragment.starts_with("#room=BwcHBwcHBwc."), "{fragment}");
        assert_eq!(Room::from_fragment(&fragment), Ok(room.clone()));
        assert_eq!(Room::from_fragment(&format!("#doc=v1.x&{}", &fragment[1..])), Ok(room));
        assert!(matches!(Room::from_fragment("#doc=v1.abc"), Err(SealError::NotARoomLink(_))));
        assert!(matches!(Room::from_fragment("#room=abc"), Err(SealError::NotARoomLink(_))));
        assert!(matches!(Room::from_fragment("#room=a<b.AAAA"), Err(SealError::NotARoomLink(_))));
        assert!(matches!(Room::from_fragment("#room=abc.AAAA"), Err(SealError::NotARoomLink(_))));
        assert!(!format!("{:?}", Room::new([1; 8], [9; 32])).contains("CQkJ"), "the key is not in Debug");
    }
}

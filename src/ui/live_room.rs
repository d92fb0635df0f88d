//! The page in a live room: joining one from its link (`#room=ID.KEY`,
//! with `&relay=ws://…` when a team's y-websocket server relays it),
//! carrying the room's frames over the relay's websocket and between this
//! browser's tabs (BroadcastChannel), recording every local edit, taking
//! every merged one, and mirroring who is in the room for the views. What
//! each frame means, what goes out and what is kept is
//! `collab::room::RoomSession`'s; this file moves frames and shows.
//!
//! The local copy in storage stays the source of truth when nobody is
//! connected: the room's document is a saved document like any other,
//! autosaved as edits arrive, and what this page holds of the room
//! (sealed updates only) is kept beside it, so edits made offline survive
//! a reload and go out on reconnect.

use std::time::Duration;

use leptos::prelude::*;

use super::state::Editor;
use super::storage_session::{NoticeAction, StorageSession, Tone};
use crate::collab::presence::{Peer, Presence, RENEW_EVERY_MS};
use crate::collab::room::{memory_key, RoomMemory, RoomSession};
use crate::collab::sealed::{check_relay, relay_of_fragment, Room};
use crate::model::{ComponentId, Document};
use crate::platform::relay_socket::RelaySocket;
use crate::platform::storage::BrowserStore;
use crate::platform::windows::Channel;
use crate::platform::{clock, location, page_events, random};
use crate::storage::workspace::{DocumentId, KeyValueStore, StoreError};

/// Where this browser keeps the name people see, and the relay last used.
const NAME_KEY: &str = "headroom-name";
const RELAY_KEY: &str = "headroom-relay";
/// The relay a team runs on the facilitator's laptop (the README says how).
pub const DEFAULT_RELAY: &str = "ws://127.0.0.1:1234";
/// How often presences are checked for their age.
const TICK: Duration = Duration::from_secs(5);
/// What merged from others is kept this long after the last of it.
const KEEP_AFTER: Duration = Duration::from_millis(400);
/// The longest wait between two attempts to reach the relay.
const RETRY_AT_MOST_MS: u64 = 10_000;

/// How this page is connected to its room.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connection {
    /// Not in a room.
    Alone,
    /// In a room that lives in this browser's tabs only (no relay).
    TabsOnly,
    /// Reaching the relay.
    Connecting,
    /// Connected to the relay and in step with it.
    Connected,
    /// The relay cannot be reached: edits are kept and go out on
    /// reconnect.
    Offline,
}

impl Connection {
    pub fn words(self) -> &'static str {
        match self {
            Connection::Alone => "Not in a live room",
            Connection::TabsOnly => "Live in this browser's tabs",
            Connection::Connecting => "Connecting to the relay…",
            Connection::Connected => "Connected",
            Connection::Offline => "Offline: your edits are kept and sent when the relay is back",
        }
    }
}

/// Where a frame came from, so the answer goes back there.
#[derive(Clone, Copy, PartialEq)]
enum Source {
    Relay,
    Tab,
}

struct Joined {
    room: RoomSession,
    relay: Option<String>,
    /// The saved document that is the room's in this browser (`None`
    /// while waiting for the room to send it).
    document: Option<DocumentId>,
}

/// The live room, provided as context by `App`.
#[derive(Clone, Copy)]
pub struct LiveRoom {
    joined: StoredValue<Option<Joined>, LocalStorage>,
    socket: StoredValue<Option<RelaySocket>, LocalStorage>,
    channel: StoredValue<Option<Channel>, LocalStorage>,
    /// Tells a closed socket's late callbacks from the current one's.
    generation: StoredValue<u64>,
    attempts: StoredValue<u32>,
    keep_pending: StoredValue<Option<TimeoutHandle>>,
    last_renewal: StoredValue<f64>,
    told_unopened: StoredValue<bool>,
    pub connection: RwSignal<Connection>,
    pub peers: RwSignal<Vec<Peer>>,
    /// The room's link (the whole address), `None` when not in one.
    pub link: RwSignal<Option<String>>,
    /// The relay address the dialog offers.
    pub relay: RwSignal<String>,
    /// The name others see.
    pub name: RwSignal<String>,
    /// The components selected on this page (the workspace feeds it).
    pub selected: RwSignal<Vec<ComponentId>>,
    /// Joined a room whose document has not arrived yet.
    pub waiting: RwSignal<bool>,
    /// Sealed updates sent and taken, for the page's data attributes.
    pub sent: RwSignal<u64>,
    pub taken: RwSignal<u64>,
    document: RwSignal<Document>,
    editor: Editor,
    storage: StorageSession,
}

fn nonce() -> Option<[u8; 12]> {
    random::bytes::<12>()
}

fn local_store() -> BrowserStore {
    BrowserStore::open().0
}

impl LiveRoom {
    /// Follows the page from now on; joins the room the address names.
    pub fn start(document: RwSignal<Document>, editor: Editor, storage: StorageSession) -> LiveRoom {
        let store = local_store();
        let client_hint = random::bytes::<2>().map(|b| u16::from_le_bytes(b) % 1000).unwrap_or(0);
        let live = LiveRoom {
            joined: StoredValue::new_local(None),
            socket: StoredValue::new_local(None),
            channel: StoredValue::new_local(None),
            generation: StoredValue::new(0),
            attempts: StoredValue::new(0),
            keep_pending: StoredValue::new(None),
            last_renewal: StoredValue::new(0.0),
            told_unopened: StoredValue::new(false),
            connection: RwSignal::new(Connection::Alone),
            peers: RwSignal::new(Vec::new()),
            link: RwSignal::new(None),
            relay: RwSignal::new(store.get(RELAY_KEY).unwrap_or_else(|| DEFAULT_RELAY.to_owned())),
            name: RwSignal::new(store.get(NAME_KEY).unwrap_or_else(|| format!("Guest {client_hint:03}"))),
            selected: RwSignal::new(Vec::new()),
            waiting: RwSignal::new(false),
            sent: RwSignal::new(0),
            taken: RwSignal::new(0),
            document,
            editor,
            storage,
        };
        live.join_from_address();
        Effect::new(move |_| {
            document.track();
            live.record_local();
        });
        Effect::new(move |_| {
            let selected = live.selected.get();
            let name = live.name.get();
            live.share_presence(Presence { name, selected: selected.iter().map(|id| id.to_string()).collect() });
        });
        // Opening another saved document leaves the room: its edits are
        // not the room's.
        Effect::new(move |_| {
            let open = storage.open_id();
            let room_document = live.joined.with_value(|j| j.as_ref().and_then(|j| j.document.clone()));
            if let (Some(room_document), Some(open)) = (room_document, open) {
                if room_document != open {
                    live.leave();
                    live.tell(
                        Tone::Info,
                        "You opened another document, so this page left the live room. The room's link brings you back.".to_owned(),
                        None,
                    );
                }
            }
        });
        let _ = set_interval_with_handle(move || live.tick(), TICK);
        let _ = page_events::on_fragment_change(move || live.join_from_address());
        let _ = page_events::on_page_hide(move || live.keep_now(), move || {
            live.keep_now();
            live.send_everywhere(live.joined.try_update_value(|j| j.as_mut().map(|j| j.room.leave())).flatten());
        });
        live
    }

    /// Joins the room in the address's fragment, if it names one other
    /// than this page's.
    fn join_from_address(&self) {
        let fragment = location::fragment();
        if !fragment.contains("room=") {
            return;
        }
        let room = match Room::from_fragment(&fragment) {
            Ok(room) => room,
            Err(why) => {
                self.tell(Tone::Problem, format!("{why}. Ask for the room's link again."), None);
                return;
            }
        };
        let relay = match relay_of_fragment(&fragment) {
            Ok(relay) => relay,
            Err(why) => {
                self.tell(Tone::Problem, format!("{why}. Ask for the room's link again."), None);
                return;
            }
        };
        let same = self.joined.with_value(|j| j.as_ref().is_some_and(|j| j.room.room() == &room));
        if !same {
            self.join(room, relay, false);
        }
    }

    /// Starts a room on the open document, relayed by `relay` (empty:
    /// this browser's tabs only). The error says what is wrong with the
    /// address.
    pub fn start_room(&self, relay: &str) -> Result<(), String> {
        let relay = match relay.trim() {
            "" => None,
            given => Some(check_relay(given).map_err(|e| e.to_string())?.to_owned()),
        };
        let (Some(id), Some(key)) = (random::bytes::<8>(), random::bytes::<32>()) else {
            return Err("this browser gives the page no random numbers (Web Crypto), so it cannot make a room's key".to_owned());
        };
        if let Some(relay) = &relay {
            self.relay.set(relay.clone());
            let _ = local_store().set(RELAY_KEY, relay);
        }
        self.join(Room::new(id, key), relay, true);
        Ok(())
    }

    fn join(&self, room: Room, relay: Option<String>, creating: bool) {
        self.leave();
        let Some(client) = random::bytes::<4>().map(|b| u64::from(u32::from_le_bytes(b))) else {
            self.tell(Tone::Problem, "This browser gives the page no random numbers (Web Crypto): it cannot join a room.".to_owned(), None);
            return;
        };
        let presence = Presence { name: self.name.get_untracked(), selected: Vec::new() };
        let mut session = RoomSession::new(room.clone(), client, presence);
        let memory = local_store().get(&memory_key(&room.id)).map(|text| RoomMemory::decode(&text));
        let mut known = None;
        match memory {
            Some(Ok(memory)) => match memory.state().and_then(|state| session.restore(&state).map_err(|e| e.to_string())) {
                Ok(_) => known = Some(DocumentId::new(memory.document)),
                Err(why) => self.tell(Tone::Problem, format!("{why}; the room is read again from the relay."), None),
            },
            Some(Err(why)) => self.tell(Tone::Problem, format!("{why}; the room is read again from the relay."), None),
            None => {}
        }
        let document = if creating {
            self.storage.open_id()
        } else {
            known.filter(|id| self.storage.documents.with_untracked(|list| list.iter().any(|e| &e.id == id)))
        };
        if !creating {
            if let Some(id) = &document {
                if self.storage.open_id().as_ref() != Some(id) {
                    self.storage.switch_to(id);
                }
            }
        }
        let waiting = document.is_none();
        if !waiting && !session.is_empty() {
            // This browser's copy of the room, with what it received and
            // recorded before (its own edits made offline among them).
            let shown = self.document.get_untracked();
            match session.document(&shown) {
                Ok(merged) => self.editor.adopt(merged.document),
                Err(why) => self.tell(Tone::Problem, format!("{why}. This page shows its last good copy."), None),
            }
        }
        self.joined.set_value(Some(Joined { room: session, relay: relay.clone(), document }));
        self.waiting.set(waiting);
        self.storage.set_live(!waiting);
        if creating {
            self.record_local();
        }
        let fragment = room.link_fragment(relay.as_deref());
        location::replace_fragment(&fragment);
        self.link.set(Some(location::link_with_fragment(&fragment)));
        let live = *self;
        let channel = Channel::open_binary(&format!("headroom-room/{}", room.id), move |frame| live.hear(&frame, Source::Tab));
        self.channel.set_value(channel);
        if let Some(nonce) = nonce() {
            let greeting = self.joined.try_update_value(|j| j.as_mut().map(|j| j.room.tab_greeting(nonce))).flatten();
            self.channel.with_value(|c| {
                if let Some(c) = c {
                    greeting.iter().flatten().for_each(|frame| c.post_frame(frame));
                }
            });
        }
        match relay {
            Some(relay) => self.connect(&relay, &room.id),
            None => self.connection.set(Connection::TabsOnly),
        }
        self.keep_now();
    }

    /// Leaves the room: the others are told, the connections close, the
    /// document stays saved here as it is.
    pub fn leave(&self) {
        let farewell = self.joined.try_update_value(|j| j.as_mut().map(|j| j.room.leave())).flatten();
        if farewell.is_none() {
            return;
        }
        self.keep_now();
        self.send_everywhere(farewell);
        self.generation.update_value(|g| *g += 1);
        self.socket.set_value(None);
        self.channel.set_value(None);
        self.joined.set_value(None);
        self.storage.set_live(false);
        self.connection.set(Connection::Alone);
        self.peers.set(Vec::new());
        self.link.set(None);
        self.waiting.set(false);
        if location::fragment().contains("room=") {
            location::clear_fragment();
        }
    }

    /// Changes the name others see.
    pub fn rename(&self, name: &str) {
        let name: String = name.trim().chars().take(40).collect();
        if name.is_empty() {
            return;
        }
        let _ = local_store().set(NAME_KEY, &name);
        self.name.set(name);
    }

    fn connect(&self, relay: &str, room_id: &str) {
        self.generation.update_value(|g| *g += 1);
        let generation = self.generation.get_value();
        let live = *self;
        let current = move || live.generation.get_value() == generation;
        self.connection.set(Connection::Connecting);
        let address = format!("{relay}/{room_id}");
        let opened = RelaySocket::open(
            &address,
            move || {
                if !current() {
                    return;
                }
                live.attempts.set_value(0);
                live.connection.set(Connection::Connected);
                if let Some(nonce) = nonce() {
                    let greeting = live.joined.try_update_value(|j| j.as_mut().map(|j| j.room.greeting(nonce))).flatten();
                    greeting.into_iter().flatten().for_each(|frame| live.send(Source::Relay, &frame));
                }
            },
            move |frame| {
                if current() {
                    live.hear(&frame, Source::Relay);
                }
            },
            move || {
                if current() {
                    live.lost_relay();
                }
            },
        );
        match opened {
            Ok(socket) => self.socket.set_value(Some(socket)),
            Err(why) => {
                self.tell(Tone::Problem, format!("The relay at {relay} cannot be used: {why}."), None);
                self.connection.set(Connection::Offline);
            }
        }
    }

    /// The relay's connection closed: try again, waiting longer each time.
    fn lost_relay(&self) {
        self.connection.set(Connection::Offline);
        let changed = self.joined.try_update_value(|j| j.as_mut().is_some_and(|j| j.room.forget_presences(0.0, true))).unwrap_or(false);
        if changed {
            self.refresh_peers();
        }
        let attempt = self.attempts.get_value();
        self.attempts.set_value(attempt.saturating_add(1));
        let wait = (500u64 << attempt.min(5)).min(RETRY_AT_MOST_MS);
        let generation = self.generation.get_value();
        let live = *self;
        set_timeout(
            move || {
                if live.generation.get_value() != generation {
                    return;
                }
                let target = live.joined.with_value(|j| j.as_ref().and_then(|j| j.relay.clone().map(|r| (r, j.room.room().id.clone()))));
                if let Some((relay, id)) = target {
                    live.connect(&relay, &id);
                }
            },
            Duration::from_millis(wait),
        );
    }

    fn send(&self, to: Source, frame: &[u8]) {
        match to {
            Source::Relay => self.socket.with_value(|s| {
                if let Some(s) = s {
                    s.send(frame);
                }
            }),
            Source::Tab => self.channel.with_value(|c| {
                if let Some(c) = c {
                    c.post_frame(frame);
                }
            }),
        }
    }

    fn send_everywhere(&self, frame: Option<Vec<u8>>) {
        if let Some(frame) = frame {
            self.send(Source::Relay, &frame);
            self.send(Source::Tab, &frame);
        }
    }

    /// A frame from the relay or another tab.
    fn hear(&self, frame: &[u8], from: Source) {
        let now = clock::since_page_start();
        let document = self.document;
        let Some(nonce) = nonce() else { return };
        let heard = self
            .joined
            .try_update_value(|j| j.as_mut().map(|j| document.with_untracked(|shown| j.room.hear(frame, shown, now, nonce))))
            .flatten();
        // Something that is not the sync protocol: not from Headroom, or
        // from a newer one; nothing changed.
        let Some(Ok(outcome)) = heard else { return };
        for reply in &outcome.reply {
            self.send(from, reply);
        }
        let onward = if from == Source::Relay { Source::Tab } else { Source::Relay };
        for frame in &outcome.forward {
            self.send(onward, frame);
        }
        for frame in outcome.broadcast {
            self.send_everywhere(Some(frame));
        }
        if outcome.unopened > 0 && !self.told_unopened.get_value() {
            self.told_unopened.set_value(true);
            self.tell(
                Tone::Problem,
                format!(
                    "{} update(s) in this room were sealed with another key and were left out. \
                     Someone may be using an older link of the room.",
                    outcome.unopened
                ),
                None,
            );
        }
        if let Some(merged) = outcome.merged {
            self.taken.update(|n| *n += 1);
            match merged {
                Ok(merged) => {
                    // A page that just joined is not told of clashes from
                    // before it came.
                    if self.waiting.get_untracked() {
                        self.arrived(merged.document);
                    } else {
                        self.editor.adopt(merged.document);
                        if !outcome.notes.is_empty() {
                            self.tell(
                                Tone::Info,
                                format!("Edits made at once in the room did not fit together, so: {}.", outcome.notes.join("; ")),
                                None,
                            );
                        }
                    }
                }
                Err(why) => {
                    self.tell(Tone::Problem, format!("{why}. This page keeps its last good copy."), None);
                }
            }
            self.keep_soon();
        }
        if outcome.synced && self.waiting.get_untracked() && self.joined.with_value(|j| j.as_ref().is_some_and(|j| j.room.is_empty())) {
            self.tell(
                Tone::Info,
                "The room is empty so far: its document arrives when someone who has it connects.".to_owned(),
                None,
            );
        }
        if outcome.presence_changed {
            self.refresh_peers();
        }
    }

    /// The room's document reached a page that joined by its link: it
    /// opens as a new saved document, nobody's own work replaced.
    fn arrived(&self, document: Document) {
        let name = document.name.clone();
        if !self.storage.create(document) {
            return;
        }
        let id = self.storage.open_id();
        self.joined.update_value(|j| {
            if let Some(j) = j {
                j.document = id;
            }
        });
        self.waiting.set(false);
        self.storage.set_live(true);
        self.tell(Tone::Info, format!("You joined the live room on \"{name}\": it is saved in this browser as a document of its own."), None);
        self.keep_now();
    }

    /// Records what changed on screen and sends it.
    fn record_local(&self) {
        // Every change on screen passes here (each dial step): alone, or
        // waiting for the room's document, nothing is recorded.
        if self.waiting.get_untracked() || self.joined.with_value(Option::is_none) {
            return;
        }
        let open = self.storage.open_id_untracked();
        let Some(nonce) = nonce() else { return };
        let document = self.document;
        let frame = self
            .joined
            .try_update_value(|j| {
                let j = j.as_mut()?;
                // Only the room's own document is the room's.
                if j.document.is_none() || j.document != open {
                    return None;
                }
                document.with_untracked(|shown| j.room.record(shown, nonce))
            })
            .flatten();
        if frame.is_some() {
            self.sent.update(|n| *n += 1);
            self.send_everywhere(frame);
            self.keep_now();
        }
    }

    fn share_presence(&self, presence: Presence) {
        let Some(nonce) = nonce() else { return };
        let frame = self.joined.try_update_value(|j| j.as_mut().and_then(|j| j.room.set_presence(presence, nonce))).flatten();
        self.send_everywhere(frame);
    }

    fn tick(&self) {
        let now = clock::since_page_start();
        let expired = self.joined.try_update_value(|j| j.as_mut().is_some_and(|j| j.room.forget_presences(now, false))).unwrap_or(false);
        if expired {
            self.refresh_peers();
        }
        if now - self.last_renewal.get_value() >= RENEW_EVERY_MS - TICK.as_millis() as f64 {
            self.last_renewal.set_value(now);
            if let Some(nonce) = nonce() {
                let frame = self.joined.try_update_value(|j| j.as_mut().map(|j| j.room.renew_presence(nonce))).flatten();
                self.send_everywhere(frame);
            }
        }
    }

    fn refresh_peers(&self) {
        let peers = self.joined.with_value(|j| j.as_ref().map(|j| j.room.roster().peers()).unwrap_or_default());
        if self.peers.with_untracked(|now| *now != peers) {
            self.peers.set(peers);
        }
    }

    fn keep_soon(&self) {
        if let Some(handle) = self.keep_pending.get_value() {
            handle.clear();
        }
        let live = *self;
        self.keep_pending.set_value(set_timeout_with_handle(move || live.keep_now(), KEEP_AFTER).ok());
    }

    /// Keeps what this page holds of the room, beside the saved document.
    fn keep_now(&self) {
        if let Some(handle) = self.keep_pending.get_value() {
            handle.clear();
        }
        self.keep_pending.set_value(None);
        let kept = self.joined.with_value(|j| {
            let j = j.as_ref()?;
            let document = j.document.as_ref()?;
            Some((memory_key(&j.room.room().id), RoomMemory::new(document.as_str(), &j.room.stored()).encode()))
        });
        if let Some((key, value)) = kept {
            if let Err(why) = local_store().set(&key, &value) {
                let why = match why {
                    StoreError::QuotaExceeded => "its storage for this page is full".to_owned(),
                    StoreError::Unavailable(why) => why,
                };
                self.tell(
                    Tone::Problem,
                    format!("This browser could not keep the room's updates ({why}); the document itself is saved."),
                    None,
                );
            }
        }
    }

    fn tell(&self, tone: Tone, text: String, action: Option<NoticeAction>) {
        let _ = self.storage.notify(tone, text, action);
    }

    /// How many people are in the room, this page included (0 alone).
    pub fn people(&self) -> usize {
        if self.connection.get() == Connection::Alone {
            0
        } else {
            1 + self.peers.with(Vec::len)
        }
    }
}

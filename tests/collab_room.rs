//! A room as pages live it: pages (`RoomSession`s) talking through a relay
//! that does what a y-websocket server does with a room's Yjs document
//! (answers state vectors, merges and passes on updates) and knows no key.
//! Joining, live edits, offline edits merged on reconnect, a reload that
//! keeps unsent edits, and a relay that never holds the model in clear.
//! The real server is driven by the browser tests (tests/browser/live-room).

use headroom::collab::presence::Presence;
use headroom::collab::relay::{read_frame, sync_step1, sync_step2, update_frame, Heard, RelayDocument};
use headroom::collab::room::{RoomMemory, RoomSession};
use headroom::collab::sealed::Room;
use headroom::model::{mvp_that_creaks, ComponentId, Document};

/// The relay: one Yjs document per room, merged without being read.
struct Relay {
    doc: RelayDocument,
}

impl Relay {
    fn new() -> Relay {
        Relay { doc: RelayDocument::new(999) }
    }

    /// What a connecting page is sent first: the relay's state vector.
    fn hello(&self) -> Vec<u8> {
        sync_step1(&self.doc.state_vector())
    }

    /// A frame from a page: the reply to it, and what goes to the others.
    fn hear(&mut self, frame: &[u8]) -> (Vec<Vec<u8>>, Vec<Vec<u8>>) {
        match read_frame(frame).unwrap() {
            Heard::SyncStep1(vector) => (vec![sync_step2(self.doc.missing_for(&vector))], vec![]),
            Heard::SyncStep2(update) | Heard::Update(update) => {
                self.doc.apply(&update).unwrap();
                (vec![], vec![update_frame(update)])
            }
            Heard::Awareness(_) => (vec![], vec![frame.to_vec()]),
            Heard::Other => (vec![], vec![]),
        }
    }

    fn stored(&self) -> Vec<u8> {
        self.doc.missing_for(&Default::default())
    }
}

struct Page {
    session: RoomSession,
    shown: Document,
    nonce: u8,
    /// Repairs this page was told of, and its notes of them still to send.
    notes: Vec<String>,
    broadcast: Vec<Vec<u8>>,
}

impl Page {
    fn new(room: &Room, client: u64, shown: Document) -> Page {
        let presence = Presence { name: format!("person {client}"), selected: vec![] };
        Page { session: RoomSession::new(room.clone(), client, presence), shown, nonce: client as u8, notes: vec![], broadcast: vec![] }
    }

    fn nonce(&mut self) -> [u8; 12] {
        self.nonce = self.nonce.wrapping_add(17);
        let mut n = [self.nonce; 12];
        n[0] = self.session.updates() as u8;
        n[1] = (self.session.updates() >> 8) as u8;
        n
    }

    /// An edit on screen, recorded; the frame it sends, if any.
    fn edit(&mut self, change: impl FnOnce(&mut Document)) -> Option<Vec<u8>> {
        change(&mut self.shown);
        let nonce = self.nonce();
        self.session.record(&self.shown, nonce)
    }

    /// Hears a frame; adopts what merged; returns the replies.
    fn hear(&mut self, frame: &[u8]) -> Vec<Vec<u8>> {
        let nonce = self.nonce();
        let outcome = self.session.hear(frame, &self.shown, 0.0, nonce).unwrap();
        self.notes.extend(outcome.notes.clone());
        self.broadcast.extend(outcome.broadcast.clone());
        if let Some(merged) = outcome.merged {
            self.shown = merged.unwrap().document;
            // As the page does: what was adopted is recorded (the
            // repairs go out as edits).
            let nonce = self.nonce();
            let shown = self.shown.clone();
            self.broadcast.extend(self.session.record(&shown, nonce));
        }
        outcome.reply
    }
}

/// Connects `page` to `relay` the way the page and server greet: each
/// sends its state vector, each answers with what the other lacks. What
/// the relay passes on to others is returned.
fn connect(page: &mut Page, relay: &mut Relay) -> Vec<Vec<u8>> {
    let mut onward = Vec::new();
    let nonce = page.nonce();
    let mut to_relay = page.session.greeting(nonce);
    to_relay.extend(page.hear(&relay.hello()));
    for frame in to_relay {
        let (replies, others) = relay.hear(&frame);
        onward.extend(others);
        for reply in replies {
            for answer in page.hear(&reply) {
                let (_, others) = relay.hear(&answer);
                onward.extend(others);
            }
        }
    }
    onward
}

fn send(frame: Option<Vec<u8>>, relay: &mut Relay, others: &mut [&mut Page]) {
    let frame = frame.expect("the edit sends a frame");
    let (_, onward) = relay.hear(&frame);
    for frame in onward {
        for page in others.iter_mut() {
            page.hear(&frame);
        }
    }
}

fn instances(doc: &Document, id: &str) -> u32 {
    doc.component(&ComponentId::from(id)).unwrap().instances
}

fn set_instances(doc: &mut Document, id: &str, n: u32) {
    let c = doc.components.iter_mut().find(|c| c.id.as_str() == id).unwrap();
    c.instances = n;
    c.max_instances = None;
}

fn room() -> Room {
    Room::new([3; 8], [7; 32])
}

/// A put the sample in the room through the relay; B joined with a
/// document of its own.
fn joined() -> (Relay, Page, Page) {
    let room = room();
    let mut relay = Relay::new();
    let mut a = Page::new(&room, 1, mvp_that_creaks());
    a.edit(|_| {});
    connect(&mut a, &mut relay);
    let mut b = Page::new(&room, 2, Document::empty("mine"));
    connect(&mut b, &mut relay);
    (relay, a, b)
}

#[test]
fn a_page_joining_gets_the_document_and_live_edits_reach_it() {
    let room = room();
    let mut relay = Relay::new();
    let mut a = Page::new(&room, 1, mvp_that_creaks());
    let seed = a.edit(|_| {});
    assert!(seed.is_some(), "the first record puts the whole document in the room");
    connect(&mut a, &mut relay);
    let mut b = Page::new(&room, 2, Document::empty("mine"));
    assert!(b.session.is_empty());
    connect(&mut b, &mut relay);
    assert_eq!(b.shown, a.shown);
    let frame = a.edit(|d| set_instances(d, "web", 5));
    send(frame, &mut relay, &mut [&mut b]);
    assert_eq!(instances(&b.shown, "web"), 5);
    assert_eq!(a.shown, b.shown);
}

#[test]
fn edits_made_offline_merge_when_the_page_reconnects() {
    let (mut relay, mut a, mut b) = joined();
    // B goes offline: its edits go nowhere, A's reach the relay.
    let _lost = b.edit(|d| set_instances(d, "worker", 9));
    b.edit(|d| d.name = "After the workshop".to_owned());
    let frame = a.edit(|d| set_instances(d, "web", 5));
    send(frame, &mut relay, &mut []);
    let onward = connect(&mut b, &mut relay);
    for frame in onward {
        a.hear(&frame);
    }
    assert_eq!(a.shown, b.shown);
    assert_eq!(instances(&a.shown, "worker"), 9);
    assert_eq!(instances(&a.shown, "web"), 5);
    assert_eq!(a.shown.name, "After the workshop");
}

#[test]
fn a_reload_keeps_the_edits_not_yet_sent() {
    let room = room();
    let mut relay = Relay::new();
    let mut a = Page::new(&room, 1, mvp_that_creaks());
    a.edit(|_| {});
    connect(&mut a, &mut relay);
    a.edit(|d| set_instances(d, "web", 6));
    // The page reloads while offline, from what it kept.
    let kept = RoomMemory::decode(&RoomMemory::new("doc-1", &a.session.stored()).encode()).unwrap();
    assert_eq!(kept.document, "doc-1");
    let mut again = Page::new(&room, 3, a.shown.clone());
    again.session.restore(&kept.state().unwrap()).unwrap();
    assert_eq!(again.session.document(&again.shown).unwrap().document, a.shown);
    connect(&mut again, &mut relay);
    let mut b = Page::new(&room, 2, Document::empty("mine"));
    connect(&mut b, &mut relay);
    assert_eq!(instances(&b.shown, "web"), 6);
}

#[test]
fn the_relay_holds_no_readable_name_and_another_key_opens_nothing() {
    let room = room();
    let mut relay = Relay::new();
    let mut a = Page::new(&room, 1, mvp_that_creaks());
    a.edit(|_| {});
    a.edit(|d| d.components[0].name = "Checkout service".to_owned());
    connect(&mut a, &mut relay);
    let stored = relay.stored();
    let text = String::from_utf8_lossy(&stored);
    for name in ["Checkout", "Postgres", "postgres", "web", "Redis"] {
        assert!(!text.contains(name), "{name} is readable in the relay's copy");
    }
    let intruder_room = Room::new([3; 8], [8; 32]);
    let mut intruder = Page::new(&intruder_room, 5, Document::empty("x"));
    let outcome = intruder.session.hear(&sync_step2(stored), &intruder.shown.clone(), 0.0, [9; 12]).unwrap();
    assert!(outcome.merged.is_none());
    assert_eq!(outcome.unopened, 2);
    assert!(intruder.session.is_empty());
}

#[test]
fn the_growth_dial_stays_each_persons_own() {
    let (mut relay, mut a, mut b) = joined();
    assert!(a.edit(|d| d.scenario.growth = 40.0).is_none(), "a dial step sends nothing");
    let frame = a.edit(|d| set_instances(d, "web", 3));
    b.shown.scenario.growth = 2.0;
    send(frame, &mut relay, &mut [&mut b]);
    assert_eq!(b.shown.scenario.growth, 2.0);
    assert_eq!(instances(&b.shown, "web"), 3);
}

#[test]
fn a_repair_made_by_one_copy_is_told_to_everyone_involved() {
    let (mut relay, mut a, mut b) = joined();
    // Offline, both: A deletes redis, B calls it from the load balancer.
    a.edit(|d| {
        d.components.retain(|c| c.id.as_str() != "redis");
        d.dependencies.retain(|x| x.from.as_str() != "redis" && x.to.as_str() != "redis");
    });
    b.edit(|d| {
        let mut arrow = d.dependencies[0].clone();
        arrow.id = "lb-redis".into();
        arrow.from = ComponentId::from("lb");
        arrow.to = ComponentId::from("redis");
        arrow.routing = Default::default();
        d.dependencies.push(arrow);
    });
    // B reconnects first and has nothing to merge; A then reconnects,
    // merges B's arrow to the box it deleted, and repairs.
    connect(&mut b, &mut relay);
    let onward = connect(&mut a, &mut relay);
    assert!(a.notes.iter().any(|n| n.contains("lb-redis")), "{:?}", a.notes);
    let mut to_b = onward;
    for frame in std::mem::take(&mut a.broadcast) {
        to_b.extend(relay.hear(&frame).1);
    }
    for frame in to_b {
        b.hear(&frame);
    }
    assert!(b.shown.dependency(&"lb-redis".into()).is_none());
    assert!(b.notes.iter().any(|n| n.contains("lb-redis")), "B, whose arrow went, is told: {:?}", b.notes);
    assert_eq!(a.shown, b.shown);
}

//! The facilitator's side of the presenter view: the toolbar's "Projector"
//! opens a second window for the projector and, from then on, this window
//! tells it every change over a BroadcastChannel (`platform::windows`) in
//! `files::presenter_feed`'s messages: the document when it changes apart
//! from the growth, each step of the dial, each new selection.
//!
//! The room is kept in this tab's sessionStorage, so a reload of this
//! window finds its projector again and sends it the state at once; a
//! reload of the projector's window says hello and is answered.

use leptos::prelude::*;

use super::session::Session;
use crate::files::presenter_feed::{channel_name, new_room_id, FeedMessage, Pointed};
use crate::model::Document;
use crate::platform::storage::BrowserStore;
use crate::platform::windows::{open_window, random_bits, Channel};
use crate::storage::workspace::KeyValueStore;

/// Where this tab keeps the room of the projector it feeds.
const ROOM_KEY: &str = "headroom.presenter-room";

/// The feed to the presenter window, provided as context by the
/// workspace.
#[derive(Clone, Copy)]
pub struct PresenterFeed {
    channel: StoredValue<Option<Channel>, LocalStorage>,
    /// Whether a presenter window has been opened from this tab.
    pub live: RwSignal<bool>,
    session: Session,
}

fn pointed(session: Session) -> Pointed {
    session.selection.with_untracked(|s| Pointed {
        components: s.components().cloned().collect(),
        dependencies: s.dependencies().cloned().collect(),
    })
}

fn whole(session: Session) -> FeedMessage {
    let document: Document = session.document().get_untracked();
    let growth = document.scenario.growth;
    FeedMessage::Whole { document: Box::new(document), growth, pointed: pointed(session) }
}

impl PresenterFeed {
    /// Follows the session; feeds a projector when this tab opened one
    /// (before a reload too).
    pub fn start(session: Session) -> PresenterFeed {
        let feed = PresenterFeed { channel: StoredValue::new_local(None), live: RwSignal::new(false), session };
        if let Some(room) = BrowserStore::session().get(ROOM_KEY) {
            feed.connect(&room);
        }
        let design = session.design();
        let document = session.document();
        // Every change apart from the growth goes whole; nothing is sent
        // before a projector is there.
        Effect::new(move |_| {
            design.track();
            if feed.live.get() {
                feed.send(&whole(session));
            }
        });
        let growth = Memo::new(move |_| document.with(|d| d.scenario.growth));
        Effect::new(move |_| {
            let growth = growth.get();
            if feed.live.get_untracked() {
                feed.send(&FeedMessage::Growth(growth));
            }
        });
        Effect::new(move |_| {
            session.selection.track();
            if feed.live.get_untracked() {
                feed.send(&FeedMessage::Selection(pointed(session)));
            }
        });
        let leaving = crate::platform::page_events::on_page_hide(|| {}, move || feed.send(&FeedMessage::Leaving));
        on_cleanup(move || {
            leaving.0.remove();
            leaving.1.remove();
        });
        feed
    }

    fn connect(&self, room: &str) {
        let feed = *self;
        let channel = Channel::open(&channel_name(room), move |text| {
            // A presenter that opens or reloads asks for everything.
            if FeedMessage::decode(&text) == Ok(FeedMessage::Hello) {
                feed.send(&whole(feed.session));
            }
        });
        let opened = channel.is_some();
        self.channel.set_value(channel);
        self.live.set(opened);
    }

    fn send(&self, message: &FeedMessage) {
        self.channel.with_value(|channel| {
            if let Some(channel) = channel {
                channel.post(&message.encode());
            }
        });
    }

    /// Opens the presenter window (or brings it back after it was
    /// closed), on this tab's room.
    pub fn open(&self) {
        let mut store = BrowserStore::session();
        let room = store.get(ROOM_KEY).unwrap_or_else(|| new_room_id(random_bits()));
        // Without sessionStorage the room lasts as long as the page.
        let _ = store.set(ROOM_KEY, &room);
        if !self.live.get_untracked() {
            self.connect(&room);
        }
        if !self.live.get_untracked() {
            self.session.warn("This browser cannot talk between windows (no BroadcastChannel), so there is no presenter view.");
            return;
        }
        let address = crate::platform::location::address_with_query(&format!("?presenter={room}"));
        if open_window(&address, &format!("headroom-presenter-{room}")) {
            self.session.say("The presenter view is open: move it to the projector. It follows this window.");
        } else {
            self.session.warn(format!(
                "The browser blocked the presenter window. Allow pop-ups for this page, or open {address} in a window of this browser."
            ));
        }
    }
}

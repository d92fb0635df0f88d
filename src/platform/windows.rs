//! Other windows of this site in one browser: opening one (the presenter
//! view), and messages between them over a `BroadcastChannel`, carrying
//! strings or binary frames. The facilitator's window and the presenter
//! window on the projector talk in strings (`files::presenter_feed`'s);
//! tabs in one room pass the room's sync frames (`collab::relay`'s).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{BroadcastChannel, MessageEvent};

/// An open channel; closed when dropped. A window never hears its own
/// messages, only the other windows'.
pub struct Channel {
    channel: BroadcastChannel,
    // Kept alive for as long as the channel listens.
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl Channel {
    /// Opens the channel `name` and calls `on_message` with every string
    /// another window posts on it. `None` where the browser has no
    /// BroadcastChannel.
    pub fn open(name: &str, mut on_message: impl FnMut(String) + 'static) -> Option<Channel> {
        let channel = BroadcastChannel::new(name).ok()?;
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            if let Some(text) = event.data().as_string() {
                on_message(text);
            }
        });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Some(Channel { channel, _on_message: on_message })
    }

    /// Opens the channel `name` for binary frames (a room's sync messages
    /// between tabs) and calls `on_frame` with each one another tab posts.
    pub fn open_binary(name: &str, mut on_frame: impl FnMut(Vec<u8>) + 'static) -> Option<Channel> {
        let channel = BroadcastChannel::new(name).ok()?;
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            if let Ok(bytes) = event.data().dyn_into::<js_sys::Uint8Array>() {
                on_frame(bytes.to_vec());
            }
        });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Some(Channel { channel, _on_message: on_message })
    }

    /// Posts one binary frame to every other tab on the channel.
    pub fn post_frame(&self, frame: &[u8]) {
        let _ = self.channel.post_message(&js_sys::Uint8Array::from(frame));
    }

    /// Posts `text` to every other window on the channel. A refusal (the
    /// channel was closed) is dropped: the other side asks again when it
    /// opens.
    pub fn post(&self, text: &str) {
        let _ = self.channel.post_message(&wasm_bindgen::JsValue::from_str(text));
    }
}

impl Drop for Channel {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}

/// Opens `address` in a new window (the presenter view). False when the
/// browser blocked it.
pub fn open_window(address: &str, name: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.open_with_url_and_target_and_features(address, name, "popup=yes,width=1280,height=800").ok())
        .flatten()
        .is_some()
}

/// 64 random bits from the browser, for an id nobody else picks.
pub fn random_bits() -> u64 {
    let half = || (js_sys::Math::random() * 4_294_967_296.0) as u64;
    (half() << 32) | half()
}

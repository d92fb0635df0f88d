//! A websocket to a room's relay (a y-websocket server), carrying binary
//! frames both ways. What the frames say is `collab::relay`'s; when to
//! reconnect is the caller's.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{BinaryType, CloseEvent, Event, MessageEvent, WebSocket};

/// An open (or opening) connection; closed when dropped.
pub struct RelaySocket {
    socket: WebSocket,
    // Kept alive for as long as the socket calls them.
    _on_open: Closure<dyn FnMut(Event)>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_close: Closure<dyn FnMut(CloseEvent)>,
}

impl RelaySocket {
    /// Connects to `url` (`ws://…/ROOM`). `on_open` runs once connected,
    /// `on_frame` with every binary frame, `on_close` once when the
    /// connection ends or could not be made. The error is the browser's
    /// refusal in words (a malformed address, or one the page's
    /// Content-Security-Policy does not allow).
    pub fn open(
        url: &str,
        on_open: impl FnMut() + 'static,
        mut on_frame: impl FnMut(Vec<u8>) + 'static,
        on_close: impl FnMut() + 'static,
    ) -> Result<RelaySocket, String> {
        let socket = WebSocket::new(url).map_err(|e| {
            e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_else(|| "the browser refused the address".to_owned())
        })?;
        socket.set_binary_type(BinaryType::Arraybuffer);
        let mut on_open = on_open;
        let on_open = Closure::<dyn FnMut(Event)>::new(move |_: Event| on_open());
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            if let Ok(buffer) = event.data().dyn_into::<js_sys::ArrayBuffer>() {
                on_frame(js_sys::Uint8Array::new(&buffer).to_vec());
            }
        });
        let mut on_close = on_close;
        let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |_: CloseEvent| on_close());
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        Ok(RelaySocket { socket, _on_open: on_open, _on_message: on_message, _on_close: on_close })
    }

    /// Sends one frame; false when the connection is not open (the next
    /// connection's sync sends what was missed).
    pub fn send(&self, frame: &[u8]) -> bool {
        self.socket.ready_state() == WebSocket::OPEN && self.socket.send_with_u8_array(frame).is_ok()
    }
}

impl Drop for RelaySocket {
    fn drop(&mut self) {
        self.socket.set_onopen(None);
        self.socket.set_onmessage(None);
        self.socket.set_onclose(None);
        let _ = self.socket.close();
    }
}

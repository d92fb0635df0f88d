//! Events from outside the page's own controls: another tab writing to
//! local storage, the page being hidden or closed, and a new fragment in
//! the address.

use leptos::prelude::{window_event_listener_untyped, WindowListenerHandle};
use wasm_bindgen::JsCast;
use web_sys::StorageEvent;

/// What another tab changed in local storage: the key (`None` when it
/// cleared everything).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StorageChange {
    pub key: Option<String>,
}

/// Calls `on_change` whenever another tab of this site writes to local
/// storage. (A tab is never told about its own writes.)
pub fn on_other_tab_storage(on_change: impl Fn(StorageChange) + 'static) -> WindowListenerHandle {
    window_event_listener_untyped("storage", move |event| {
        if let Some(event) = event.dyn_ref::<StorageEvent>() {
            on_change(StorageChange { key: event.key() });
        }
    })
}

/// Calls `on_hide` when the page is hidden (another tab chosen, the window
/// minimised), and `on_leave` when it is being unloaded: the last moments
/// to save.
pub fn on_page_hide(
    on_hide: impl Fn() + 'static,
    on_leave: impl Fn() + 'static,
) -> (WindowListenerHandle, WindowListenerHandle) {
    let visibility = window_event_listener_untyped("visibilitychange", move |_| {
        let is_hidden = web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden());
        if is_hidden {
            on_hide();
        }
    });
    let pagehide = window_event_listener_untyped("pagehide", move |_| on_leave());
    (visibility, pagehide)
}

/// Calls `on_change` when the address's fragment changes while the page
/// is open (a share link pasted into the address bar of an open tab).
pub fn on_fragment_change(on_change: impl Fn() + 'static) -> WindowListenerHandle {
    window_event_listener_untyped("hashchange", move |_| on_change())
}

//! The only code that touches browser APIs directly: the panic hook, local
//! storage (`storage`), the clock, file downloads and uploads (`files`),
//! the address's fragment (`location`), the clipboard (`copy_text`) and
//! events from other tabs and the page's life (`page_events`), turning an
//! exported SVG into a PNG (`picture`), the offline worker and new deploys
//! (`offline`), and timers that hand work back to
//! the event loop (`timer`), and other windows of the site: the presenter
//! view and the channels to it and between tabs (`windows`), a room's
//! relay (`relay_socket`) and random bytes for its keys (`random`). Everything else stays testable without a
//! browser: these files move strings and bytes, and turn the browser's
//! refusals into values.

pub mod clock;
pub mod copy_text;
pub mod decision_folder;
pub mod element_size;
pub mod files;
pub mod focus;
pub mod location;
pub mod offline;
pub mod page_events;
pub mod picture;
pub mod random;
pub mod relay_socket;
pub mod storage;
pub mod timer;
pub mod windows;

/// Sends Rust panics to the browser console with their message and place,
/// instead of the bare "unreachable executed" WebAssembly would print.
/// Safe to call more than once.
pub fn install_panic_hook() {
    console_error_panic_hook::set_once();
}

//! The only code that touches browser APIs directly. Today that is the
//! panic hook; local storage, downloads, the clipboard and the clock come
//! here as the page needs them, so everything else stays testable without a
//! browser.

/// Sends Rust panics to the browser console with their message and place,
/// instead of the bare "unreachable executed" WebAssembly would print.
/// Safe to call more than once.
pub fn install_panic_hook() {
    console_error_panic_hook::set_once();
}

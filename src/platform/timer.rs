//! Timers: work handed back to the browser's event loop. A long job (the
//! plan search) runs in slices, each scheduled with [`soon`], so the page
//! paints and answers clicks and keys between them.

use std::time::Duration;

/// Runs `work` after the browser has had a turn: input handled, the page
/// painted.
pub fn soon(work: impl FnOnce() + 'static) {
    leptos::prelude::set_timeout(work, Duration::ZERO);
}

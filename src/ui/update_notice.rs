//! The message that a new version of Headroom was deployed while this page
//! was open (or cached for offline use): the page keeps running its own
//! build until the user chooses to reload, so no page ever mixes files of
//! two versions.

use leptos::prelude::*;

use super::storage_session::StorageSession;
use crate::platform::offline;

/// Registers the offline worker and, once a newer build waits, offers the
/// reload. Renders nothing until then.
#[component]
pub fn UpdateNotice() -> impl IntoView {
    let ready = RwSignal::new(false);
    offline::start(move || ready.set(true));
    let session = expect_context::<StorageSession>();
    let reload = move |_| {
        // The last edit may still wait for its debounced save.
        session.save_now();
        offline::reload_into_new_version();
    };
    move || {
        ready.get().then(|| {
            view! {
                <div class="notices-live" role="status" aria-live="polite">
                    <div class="notice notice-update" data-testid="update-ready">
                        <p class="notice-text">
                            <strong class="notice-tone">"A new version of Headroom is ready. "</strong>
                            "Reload to use it; your documents stay as they are."
                        </p>
                        <div class="notice-actions">
                            <button type="button" class="button" data-testid="update-reload" on:click=reload>
                                "Reload now"
                            </button>
                            <button
                                type="button"
                                class="button button-quiet"
                                aria-label="Keep working in this version for now"
                                on:click=move |_| ready.set(false)
                            >
                                "Later"
                            </button>
                        </div>
                    </div>
                </div>
            }
        })
    }
}

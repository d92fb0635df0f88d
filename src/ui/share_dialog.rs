//! Sharing a document by link: the whole document, compressed, in the
//! link's fragment (`files::share_url`). Whoever opens it gets a copy as
//! a new document; the fragment never reaches a server.

use leptos::prelude::*;

use super::modal::Modal;
use super::storage_session::StorageSession;
use crate::platform::copy_text::copy_text;

/// The link, a copy button and what the link carries.
#[component]
pub fn ShareDialog(
    /// Whether the dialog shows.
    open: RwSignal<bool>,
) -> impl IntoView {
    let session = expect_context::<StorageSession>();
    let made = Memo::new(move |_| if open.get() { session.share_link() } else { Ok(String::new()) });
    let link = Memo::new(move |_| made.with(|m| m.clone().unwrap_or_default()));
    let refusal = move || made.with(|m| m.clone().err());
    let status = RwSignal::new(String::new());
    Effect::new(move |_| {
        if open.get() {
            status.set(String::new());
        }
    });
    let copy = move |_| {
        let text = link.get_untracked();
        leptos::task::spawn_local(async move {
            match copy_text(&text).await {
                Ok(()) => status.set("Link copied.".to_owned()),
                Err(why) => status.set(format!("Not copied: {why}.")),
            }
        });
    };
    view! {
        <Modal open=open labelled_by="share-heading" class="modal-narrow" test_id="share-dialog">
            <div class="modal-header">
                <h2 id="share-heading">"Share this document"</h2>
                <button type="button" class="button button-quiet" on:click=move |_| open.set(false)>"Close"</button>
            </div>
            <p class="modal-text">
                "The link holds the whole document, compressed. Whoever opens it gets their own copy as a new document; "
                "nothing is sent to a server."
            </p>
            <label class="field" for="share-link">
                <span class="field-label">"Link"</span>
                <input
                    id="share-link"
                    data-testid="share-link"
                    class="field-input"
                    type="text"
                    readonly
                    prop:value=move || link.get()
                    on:focus:target=move |event| event.target().select()
                />
            </label>
            <p class="field-hint">
                {move || match refusal() {
                    Some(why) => format!("No link: {why}. Export the document as a JSON file instead (Documents…)."),
                    None => format!("{} characters", link.with(String::len)),
                }}
            </p>
            <div class="modal-actions">
                <button type="button" class="button button-primary" data-testid="copy-share-link" on:click=copy>"Copy link"</button>
            </div>
            <p class="modal-status" role="status" aria-live="polite">{move || status.get()}</p>
        </Modal>
    }
}

//! The choice when another tab saved the open document: keep this tab's
//! version, take the other's, or keep both. Esc puts the choice off (the
//! header says the document is not saved until it is made).

use leptos::prelude::*;

use super::modal::Modal;
use super::storage_session::StorageSession;
use crate::storage::workspace::{Resolution, WorkspaceError};

/// The three answers to a two-tab conflict, with what each does.
#[component]
pub fn ConflictDialog() -> impl IntoView {
    let session = expect_context::<StorageSession>();
    let sentence = move || {
        session
            .conflict
            .get()
            .map(|conflict| format!("{}.", WorkspaceError::Conflict(Box::new(conflict))))
            .unwrap_or_default()
    };
    let choose = move |resolution: Resolution| move |_| session.resolve(resolution);
    view! {
        <Modal open=session.conflict_dialog labelled_by="conflict-heading" class="modal-narrow" test_id="conflict-dialog">
            <div class="modal-header">
                <h2 id="conflict-heading">"Changed in another tab"</h2>
            </div>
            <p class="modal-text" data-testid="conflict-text">{sentence}</p>
            <ul class="choice-list">
                <li>
                    <button type="button" class="button" data-testid="keep-mine" on:click=choose(Resolution::KeepMine)>
                        "Keep mine"
                    </button>
                    <span class="choice-hint">"Save this tab's version over the other tab's."</span>
                </li>
                <li>
                    <button type="button" class="button" data-testid="take-theirs" on:click=choose(Resolution::TakeTheirs)>
                        "Take theirs"
                    </button>
                    <span class="choice-hint">"Continue with the other tab's version; this tab's unsaved edits are dropped."</span>
                </li>
                <li>
                    // Nothing is lost whichever version was wanted: the
                    // safe answer has the focus when the dialog opens.
                    <button
                        type="button"
                        class="button button-primary"
                        data-testid="keep-both"
                        autofocus
                        on:click=choose(Resolution::KeepBoth)
                    >
                        "Keep both"
                    </button>
                    <span class="choice-hint">"Save this tab's version as a new document beside the other."</span>
                </li>
            </ul>
            <div class="modal-actions">
                <button type="button" class="button button-quiet" on:click=move |_| session.conflict_dialog.set(false)>
                    "Decide later"
                </button>
            </div>
        </Modal>
    }
}

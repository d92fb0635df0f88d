//! The document's line in the header: its name, whether it is saved, and
//! the buttons that open the documents dialog (which leads on to the
//! import dialog), the share dialog and the live room's dialog, whose
//! button also says whether this page is in a room and with how many.

use leptos::prelude::*;

use super::documents_dialog::DocumentsDialog;
use super::import_dialog::ImportDialog;
use super::live_room::{Connection, LiveRoom};
use super::room_dialog::RoomDialog;
use super::share_dialog::ShareDialog;
use super::state::DesignContext;
use super::storage_session::{SaveState, StorageSession};

/// Name, save state, "Documents…" and "Share…".
#[component]
pub fn DocumentBar() -> impl IntoView {
    let document = expect_context::<DesignContext>().0;
    let session = expect_context::<StorageSession>();
    let documents_open = RwSignal::new(false);
    let share_open = RwSignal::new(false);
    let room_open = RwSignal::new(false);
    let live = expect_context::<LiveRoom>();
    let room_label = move || match live.connection.get() {
        Connection::Alone => "Live…".to_owned(),
        _ => format!("Live · {}", live.people()),
    };
    let room_name = move || match live.connection.get() {
        Connection::Alone => "Together: work on this document live with others".to_owned(),
        connection => format!("Live room: {} in it; {}", live.people(), connection.words()),
    };
    let connection_key = move || format!("{:?}", live.connection.get()).to_lowercase();
    let import_open = RwSignal::new(false);
    let name = move || document.with(|d| d.name.clone());
    let state = move || match session.save_state.get() {
        // Short: the header holds the name, four buttons and the dial on
        // one line at 1280 px.
        SaveState::Saved if session.persistent => "Saved here",
        SaveState::Saved => "Kept in this tab only",
        SaveState::Pending => "Saving…",
        SaveState::NotSaved(_) => "Not saved",
        SaveState::WaitingForChoice => "Not saved: changed in another tab",
    };
    let state_key = move || match session.save_state.get() {
        SaveState::Saved => "saved",
        SaveState::Pending => "pending",
        SaveState::NotSaved(_) | SaveState::WaitingForChoice => "problem",
    };
    let waiting = move || session.save_state.with(|s| *s == SaveState::WaitingForChoice);

    view! {
        <div class="document-bar">
            <p class="app-document" data-testid="document-name">{name}</p>
            <p
                class="save-state"
                data-testid="save-state"
                data-state=state_key
                title=move || match session.save_state.get() {
                    SaveState::Saved if session.persistent => "Saved in this browser's storage".to_owned(),
                    SaveState::NotSaved(why) => format!("Not saved: {why}"),
                    _ => String::new(),
                }
                data-opened-in-ms=format!("{:.1}", session.opened_in_ms())
            >
                {state}
            </p>
            <Show when=waiting>
                <button type="button" class="button" on:click=move |_| session.conflict_dialog.set(true)>
                    "Choose a version…"
                </button>
            </Show>
            <button
                type="button"
                class="button"
                data-testid="open-documents"
                aria-haspopup="dialog"
                on:click=move |_| {
                    session.refresh_lists();
                    documents_open.set(true);
                }
            >
                "Documents…"
            </button>

            <button
                type="button"
                class="button"
                data-testid="open-share"
                aria-haspopup="dialog"
                on:click=move |_| share_open.set(true)
            >
                "Share…"
            </button>
            <button
                type="button"
                class="button room-button"
                data-testid="open-room"
                data-connection=connection_key
                data-sent=move || live.sent.get()
                data-taken=move || live.taken.get()
                aria-haspopup="dialog"
                aria-label=room_name
                on:click=move |_| room_open.set(true)
            >
                {room_label}
            </button>
        </div>
        <RoomDialog open=room_open/>
        <DocumentsDialog open=documents_open import_open=import_open/>
        <ShareDialog open=share_open/>
        <ImportDialog open=import_open/>
    }
}

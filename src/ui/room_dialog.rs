//! The live room's dialog: start a room on the open document (through the
//! team's relay, or in this browser's tabs only), its link to hand out,
//! the name others see, who is in the room and what each has selected,
//! and leaving. What it shows is `LiveRoom`'s.

use leptos::prelude::*;

use super::live_room::{Connection, LiveRoom};
use super::modal::Modal;
use super::state::DesignContext;
use crate::model::{ComponentId, Document};
use crate::platform::copy_text::copy_text;

/// What someone has selected, in words.
pub fn selection_words(document: &Document, ids: &[String]) -> String {
    let names: Vec<String> = ids
        .iter()
        .map(|id| document.component(&ComponentId::from(id.as_str())).map(|c| c.name.clone()).unwrap_or_else(|| id.clone()))
        .collect();
    match names.len() {
        0 => "nothing selected".to_owned(),
        1..=3 => format!("selected {}", names.join(", ")),
        n => format!("selected {}, {} and {} more", names[0], names[1], n - 2),
    }
}

#[component]
pub fn RoomDialog(open: RwSignal<bool>) -> impl IntoView {
    let live = expect_context::<LiveRoom>();
    let design = expect_context::<DesignContext>().0;
    let relay_draft = RwSignal::new(live.relay.get_untracked());
    let name_draft = RwSignal::new(live.name.get_untracked());
    let status = RwSignal::new(String::new());
    let in_room = move || live.connection.get() != Connection::Alone;
    let start = move |_| match live.start_room(&relay_draft.get_untracked()) {
        Ok(()) => status.set("The room is open: hand out its link.".to_owned()),
        Err(why) => status.set(format!("No room: {why}.")),
    };
    let copy = move |_| {
        let text = live.link.get_untracked().unwrap_or_default();
        leptos::task::spawn_local(async move {
            match copy_text(&text).await {
                Ok(()) => status.set("Room link copied.".to_owned()),
                Err(why) => status.set(format!("Not copied: {why}.")),
            }
        });
    };
    let rename = move || live.rename(&name_draft.get_untracked());
    let people = move || {
        live.peers.with(|peers| {
            design.with(|document| {
                peers
                    .iter()
                    .map(|peer| {
                        let words = selection_words(document, &peer.presence.selected);
                        let colour = format!("peer-swatch peer-{}", peer.colour);
                        view! {
                            <li data-testid="room-person">
                                <span class=colour aria-hidden="true"></span>
                                <strong>{peer.presence.name.clone()}</strong>
                                " — "
                                {words}
                            </li>
                        }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <Modal open=open labelled_by="room-heading" class="modal-narrow" test_id="room-dialog">
            <div class="modal-header">
                <h2 id="room-heading">"Work on it together, live"</h2>
                <button type="button" class="button button-quiet" on:click=move |_| open.set(false)>"Close"</button>
            </div>
            <p class="modal-text">
                "Everyone who opens the room's link edits this document with you and sees who is there and what each has selected. "
                "The growth dial stays each person's own. The relay — a y-websocket server your team runs (see the README) — "
                "passes on sealed updates only: the key is in the link's #fragment, which browsers never send."
            </p>
            <label class="field" for="room-name">
                <span class="field-label">"Your name, as others see it"</span>
                <input
                    id="room-name"
                    data-testid="room-name"
                    class="field-input"
                    type="text"
                    maxlength="40"
                    prop:value=move || name_draft.get()
                    on:input:target=move |event| name_draft.set(event.target().value())
                    on:change=move |_| rename()
                />
            </label>
            <Show
                when=in_room
                fallback=move || view! {
                    <label class="field" for="room-relay">
                        <span class="field-label">"Relay address"</span>
                        <input
                            id="room-relay"
                            data-testid="room-relay"
                            class="field-input"
                            type="text"
                            spellcheck="false"
                            prop:value=move || relay_draft.get()
                            on:input:target=move |event| relay_draft.set(event.target().value())
                        />
                    </label>
                    <p class="field-hint">"ws:// or wss://. Empty: a room in this browser's tabs only."</p>
                    <div class="modal-actions">
                        <button type="button" class="button button-primary" data-testid="start-room" on:click=start>
                            "Start a live room"
                        </button>
                    </div>
                }
            >
                <label class="field" for="room-link">
                    <span class="field-label">"Room link"</span>
                    <input
                        id="room-link"
                        data-testid="room-link"
                        class="field-input"
                        type="text"
                        readonly
                        prop:value=move || live.link.get().unwrap_or_default()
                        on:focus:target=move |event| event.target().select()
                    />
                </label>
                <p class="field-hint" data-testid="room-connection">{move || live.connection.get().words()}</p>
                <h3 class="modal-subheading">"In the room"</h3>
                <ul class="room-people" data-testid="room-people">
                    <li>
                        <span class="peer-swatch peer-you" aria-hidden="true"></span>
                        <strong>{move || live.name.get()}</strong>
                        " (you)"
                    </li>
                    {people}
                </ul>
                <div class="modal-actions">
                    <button type="button" class="button button-primary" data-testid="copy-room-link" on:click=copy>"Copy room link"</button>
                    <button type="button" class="button" data-testid="leave-room" on:click=move |_| {
                        live.leave();
                        status.set("You left the room. The document stays saved in this browser.".to_owned());
                    }>
                        "Leave the room"
                    </button>
                </div>
            </Show>
            <p class="modal-status" role="status" aria-live="polite">{move || status.get()}</p>
        </Modal>
    }
}

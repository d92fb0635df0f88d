//! The palette: one button per component kind, with the kind's icon. A
//! click adds the kind in free space near the middle of the screen; a drag
//! onto the canvas adds it where it is dropped. Either way the new box is
//! selected, with its kind's realistic defaults, ready for the inspector.

use leptos::prelude::*;

use super::canvas::{add_at, KIND_DRAG_TYPE};
use super::kind_icon::KindIcon;
use super::session::Session;
use crate::model::ComponentKind;

/// Every kind of component, to add by click or drag.
#[component]
pub fn Palette() -> impl IntoView {
    let session = expect_context::<Session>();
    view! {
        <nav class="palette" aria-labelledby="palette-heading">
            <h2 id="palette-heading" class="panel-heading">"Add"</h2>
            <ul class="palette-list">
                {ComponentKind::ALL
                    .into_iter()
                    .map(|kind| {
                        let label = kind.label();
                        let on_dragstart = move |ev: web_sys::DragEvent| {
                            if let Some(transfer) = ev.data_transfer() {
                                let _ = transfer.set_data(KIND_DRAG_TYPE, kind.slug());
                                let _ = transfer.set_data("text/plain", label);
                                transfer.set_effect_allowed("copy");
                            }
                        };
                        view! {
                            <li>
                                <button
                                    type="button"
                                    class="palette-item"
                                    data-kind=kind.slug()
                                    draggable="true"
                                    aria-label=format!("Add {label}")
                                    title=format!("Add a {}: click to place it in free space, or drag it onto the canvas", label.to_lowercase())
                                    on:click=move |_| add_at(session, kind, None)
                                    on:dragstart=on_dragstart
                                >
                                    <KindIcon kind=kind/>
                                    <span class="palette-label">{label}</span>
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

//! Renaming a box in place: a text field over the box's name, opened by a
//! double-click, Enter or F2. Enter or leaving the field applies the name
//! (one undo step); Esc keeps the old one. A refused name (empty, too
//! long) is explained and the field stays open.

use leptos::html;
use leptos::prelude::*;

use super::session::{focus_node, Session};
use crate::editor::forms::inspector::{edit, Field};
use crate::editor::view::layout::NODE_WIDTH;

/// The in-place name field of the box being renamed, if any.
#[component]
pub fn RenameField() -> impl IntoView {
    let session = expect_context::<Session>();
    let document = session.document();
    let input_ref = NodeRef::<html::Input>::new();
    let error = RwSignal::new(None::<String>);
    // Where the field goes: over the name, in canvas units.
    let place = Memo::new(move |_| {
        let id = session.renaming.get()?;
        let origin = session.geometry.with(|g| g.node(&id))?;
        Some((id, origin))
    });
    let initial = move || {
        session.renaming.with(|r| {
            r.as_ref().and_then(|id| document.with_untracked(|d| d.component(id).map(|c| c.name.clone())))
        })
    };

    // Focus and select the text as the field opens.
    Effect::new(move |_| {
        if session.renaming.with(Option::is_some) {
            error.set(None);
            request_animation_frame(move || {
                if let Some(input) = input_ref.get_untracked() {
                    let _ = input.focus();
                    input.select();
                }
            });
        }
    });

    let close = move |refocus: bool| {
        let id = session.renaming.get_untracked();
        session.renaming.set(None);
        error.set(None);
        if let (true, Some(id)) = (refocus, id) {
            focus_node(&id);
        }
    };
    let commit = move |refocus: bool| {
        let Some(id) = session.renaming.get_untracked() else {
            return;
        };
        let Some(input) = input_ref.get_untracked() else {
            return;
        };
        let typed = input.value();
        let unchanged = document.with_untracked(|d| d.component(&id).is_some_and(|c| c.name == typed.trim()));
        if unchanged {
            close(refocus);
            return;
        }
        match document.with_untracked(|d| edit(d, &id, Field::Name, &typed)) {
            Ok(command) => {
                if session.run(command, None) {
                    close(refocus);
                }
            }
            Err(message) => {
                session.warn(message.clone());
                error.set(Some(message));
            }
        }
    };

    view! {
        {move || {
            place
                .get()
                .map(|(_, origin)| {
                    view! {
                        <foreignObject
                            class="rename"
                            x=origin.x + 6.0
                            y=origin.y + 6.0
                            width=NODE_WIDTH - 12.0
                            height="48"
                        >
                            <input
                                node_ref=input_ref
                                class="rename-input"
                                type="text"
                                aria-label="Component name"
                                aria-invalid=move || error.with(Option::is_some).to_string()
                                maxlength="120"
                                prop:value=initial
                                on:keydown=move |ev: web_sys::KeyboardEvent| {
                                    ev.stop_propagation();
                                    match ev.key().as_str() {
                                        "Enter" => {
                                            ev.prevent_default();
                                            commit(true);
                                        }
                                        "Escape" => {
                                            ev.prevent_default();
                                            close(true);
                                        }
                                        _ => {}
                                    }
                                }
                                on:blur=move |_| {
                                    if session.renaming.with_untracked(Option::is_some) {
                                        commit(false);
                                    }
                                }
                                on:pointerdown=move |ev: web_sys::PointerEvent| ev.stop_propagation()
                            />
                        </foreignObject>
                    }
                })
        }}
    }
}

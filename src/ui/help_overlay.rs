//! The keyboard help, opened with `?` or the toolbar's "?": every entry of
//! `editor::canvas::keymap::KEYMAP`, grouped, in a modal dialog (Esc or the
//! button closes it and the focus goes back where it was).

use leptos::prelude::*;

use super::modal::Modal;
use super::session::Session;
use crate::editor::canvas::keymap::{Group, KEYMAP};

/// The list of shortcuts.
#[component]
pub fn HelpOverlay() -> impl IntoView {
    let session = expect_context::<Session>();
    view! {
        <Modal open=session.help_open labelled_by="help-heading" class="modal-wide help" test_id="help">
            <div class="modal-header">
                <h2 id="help-heading">"Keyboard shortcuts"</h2>
                <button type="button" class="button" autofocus on:click=move |_| session.help_open.set(false)>
                    "Close"
                </button>
            </div>
            <div class="help-groups">
                {Group::ALL
                    .into_iter()
                    .map(|group| {
                        view! {
                            <section class="help-group">
                                <h3>{group.title()}</h3>
                                <dl>
                                    {KEYMAP
                                        .iter()
                                        .filter(|b| b.group == group)
                                        .map(|binding| {
                                            view! {
                                                <div class="help-row">
                                                    <dt>
                                                        {binding
                                                            .keys
                                                            .iter()
                                                            .enumerate()
                                                            .map(|(i, keys)| {
                                                                view! {
                                                                    {(i > 0).then_some(" or ")}
                                                                    <kbd>{*keys}</kbd>
                                                                }
                                                            })
                                                            .collect_view()}
                                                    </dt>
                                                    <dd>{binding.what}</dd>
                                                </div>
                                            }
                                        })
                                        .collect_view()}
                                </dl>
                            </section>
                        }
                    })
                    .collect_view()}
            </div>
        </Modal>
    }
}

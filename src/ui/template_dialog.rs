//! Starting from a template: a modal dialog listing every template in
//! `model::templates`. Opening one replaces the document (one undo step);
//! when the document holds work that is not a template as it comes, the
//! dialog asks first, in words, with "Cancel" focused.

use leptos::html;
use leptos::prelude::*;

use super::modal::Modal;
use super::session::Session;
use crate::editor::opening::{confirmation_text, needs_confirmation, open_template};
use crate::editor::selection::Selection;
use crate::model::templates::{template, TEMPLATES};

/// The template picker and its confirmation.
#[component]
pub fn TemplateDialog() -> impl IntoView {
    let session = expect_context::<Session>();
    let document = session.document();
    let cancel_ref = NodeRef::<html::Button>::new();
    // The template waiting for confirmation.
    let confirming = RwSignal::new(None::<&'static str>);
    // Each opening starts at the list.
    Effect::new(move |_| {
        if session.templates_open.get() {
            confirming.set(None);
        }
    });

    let open_now = move |id: &'static str| {
        let Some(command) = open_template(id) else {
            return;
        };
        let name = template(id).map_or("the template", |t| t.name);
        if session.run(command, Some(format!("Opened “{name}”. Undo with Ctrl+Z to get the previous architecture back."))) {
            session.select(Selection::none());
            session.templates_open.set(false);
            request_animation_frame(move || session.fit());
        }
    };
    let choose = move |id: &'static str| {
        if document.with_untracked(needs_confirmation) {
            confirming.set(Some(id));
            request_animation_frame(move || {
                if let Some(button) = cancel_ref.get_untracked() {
                    let _ = button.focus();
                }
            });
        } else {
            open_now(id);
        }
    };
    let question = move || {
        confirming.get().map(|id| {
            let name = template(id).map_or("the template", |t| t.name);
            document.with(|d| confirmation_text(d, name))
        })
    };

    view! {
        <Modal open=session.templates_open labelled_by="templates-heading" class="modal-wide templates" test_id="templates">
            <div class="modal-header">
                <h2 id="templates-heading">"Start from a template"</h2>
                <button type="button" class="button" on:click=move |_| session.templates_open.set(false)>
                    "Close"
                </button>
            </div>
            <div hidden=move || confirming.with(Option::is_some)>
                <ul class="template-list">
                    {TEMPLATES
                        .iter()
                        .map(|t| {
                            let id = t.id;
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="template"
                                        data-template=id
                                        on:click=move |_| choose(id)
                                    >
                                        <span class="template-name">{t.name}</span>
                                        <span class="template-description">{t.description}</span>
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
            <div
                class="confirm"
                role="alertdialog"
                aria-labelledby="confirm-heading"
                aria-describedby="confirm-text"
                hidden=move || confirming.with(Option::is_none)
            >
                <h3 id="confirm-heading">"Replace the current architecture?"</h3>
                <p id="confirm-text">{question}</p>
                <div class="modal-actions">
                    <button
                        type="button"
                        class="button button-danger"
                        data-testid="confirm-replace"
                        on:click=move |_| {
                            if let Some(id) = confirming.get_untracked() {
                                open_now(id);
                            }
                        }
                    >
                        "Replace"
                    </button>
                    <button type="button" class="button" node_ref=cancel_ref on:click=move |_| confirming.set(None)>
                        "Cancel"
                    </button>
                </div>
            </div>
        </Modal>
    }
}

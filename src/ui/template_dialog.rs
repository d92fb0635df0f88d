//! Starting from a template: a modal dialog listing every template in
//! `model::templates`. A template always opens as a new document, the same
//! as "New document" in the documents dialog: the open document stays kept
//! under Documents, so nothing is replaced and there is nothing to confirm.

use leptos::prelude::*;

use super::session::Session;
use super::modal::Modal;
use super::storage_session::{StorageSession, Tone};
use super::state::DocumentContext;
use crate::editor::canvas::selection::Selection;
use crate::model::templates::{template, TEMPLATES};

/// The template picker.
#[component]
pub fn TemplateDialog() -> impl IntoView {
    let session = expect_context::<Session>();
    // Absent only where the page runs without storage (the benchmark page).
    let storage = use_context::<StorageSession>();
    let document = expect_context::<DocumentContext>().0;
    let current_name = move || document.with(|d| d.name.clone());

    let open = move |id: &'static str| {
        let Some(chosen) = template(id) else {
            return;
        };
        let kept = document.with_untracked(|d| d.name.clone());
        let opened = match storage {
            Some(storage) => {
                let opened = storage.create((chosen.build)());
                if opened {
                    let text = format!("Opened “{}” as a new document; “{kept}” is kept under Documents.", chosen.name);
                    storage.notify(Tone::Info, text, None);
                }
                opened
            }
            None => {
                session.editor().load((chosen.build)());
                true
            }
        };
        if opened {
            session.select(Selection::none());
            session.templates_open.set(false);
            request_animation_frame(move || session.fit());
        }
    };

    view! {
        <Modal open=session.templates_open labelled_by="templates-heading" class="modal-wide templates" test_id="templates">
            <div class="modal-header">
                <h2 id="templates-heading">"Start from a template"</h2>
                <button type="button" class="button" on:click=move |_| session.templates_open.set(false)>
                    "Close"
                </button>
            </div>
            <p class="modal-text" data-testid="templates-behaviour">
                "A template opens as a new document. “" {current_name} "” stays as it is, under Documents."
            </p>
            <ul class="template-list">
                {TEMPLATES
                    .iter()
                    .map(|t| {
                        let id = t.id;
                        view! {
                            <li>
                                <button type="button" class="template" data-template=id on:click=move |_| open(id)>
                                    <span class="template-name">{t.name}</span>
                                    <span class="template-description">{t.description}</span>
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </Modal>
    }
}

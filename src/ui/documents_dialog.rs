//! The documents dialog: every document kept in this browser (open,
//! rename, duplicate, delete), new documents (blank or from a template),
//! the open document as a JSON file (export, import), the bin and the
//! unreadable data kept aside. Every action is a `StorageSession` call;
//! what it does to storage is `storage::workspace`'s.

use leptos::html::Input;
use leptos::prelude::*;

use super::modal::Modal;
use super::storage_session::StorageSession;
use crate::storage::workspace::{DocumentEntry, DocumentId};
use crate::model::templates::TEMPLATES;
use crate::platform::{clock, files};

/// The documents dialog.
#[component]
pub fn DocumentsDialog(
    /// Whether the dialog shows.
    open: RwSignal<bool>,
    /// Whether the import dialog shows; "Import a system…" closes this
    /// one and opens it.
    import_open: RwSignal<bool>,
) -> impl IntoView {
    let session = expect_context::<StorageSession>();
    let import_input = NodeRef::<Input>::new();
    let file_message = RwSignal::new(None::<(bool, String)>);
    Effect::new(move |_| {
        if open.get() {
            file_message.set(None);
        }
    });

    let import = move |_| {
        let Some(input) = import_input.get_untracked() else {
            return;
        };
        let chosen = files::chosen_files(&input);
        files::clear_choice(&input);
        let Some(file) = chosen.into_iter().next() else {
            return;
        };
        leptos::task::spawn_local(async move {
            let outcome = match files::read_text(file).await {
                Ok((name, text)) => match session.import_json(&text) {
                    Ok(document) => (true, format!("Imported {name} as \"{document}\", now open.")),
                    Err(why) => (false, format!("{name}: {why}")),
                },
                Err(why) => (false, why),
            };
            file_message.set(Some(outcome));
        });
    };
    let export = move |_| {
        let outcome = match session.export_json() {
            Ok(()) => (true, "The JSON file is downloading.".to_owned()),
            Err(why) => (false, format!("The download did not start: {why}.")),
        };
        file_message.set(Some(outcome));
    };
    let new_blank = move |_| {
        session.create_blank();
        open.set(false);
    };

    view! {
        <Modal open=open labelled_by="documents-heading" class="modal-wide" test_id="documents-dialog">
            <div class="modal-header">
                <h2 id="documents-heading">"Documents"</h2>
                <button type="button" class="button button-quiet" on:click=move |_| open.set(false)>"Close"</button>
            </div>

            <section class="modal-section" aria-labelledby="saved-heading">
                <h3 id="saved-heading">"Kept in this browser"</h3>
                <ul class="document-list" data-testid="document-list">
                    <For
                        each=move || session.documents.get()
                        key=|entry| (entry.id.clone(), entry.name.clone(), entry.updated_at)
                        let:entry
                    >
                        <DocumentRow entry=entry dialog=open/>
                    </For>
                </ul>
            </section>

            <section class="modal-section" aria-labelledby="new-heading">
                <h3 id="new-heading">"New document"</h3>
                <ul class="template-list">
                    <li>
                        <button type="button" class="button" data-testid="new-blank" on:click=new_blank>"Blank"</button>
                        <span class="choice-hint">"An empty canvas."</span>
                    </li>
                    {TEMPLATES
                        .iter()
                        .map(|template| {
                            let build = template.build;
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="button"
                                        data-template=template.id
                                        on:click=move |_| {
                                            session.create(build());
                                            open.set(false);
                                        }
                                    >
                                        {template.name}
                                    </button>
                                    <span class="choice-hint">{template.description}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>

            <section class="modal-section" aria-labelledby="files-heading">
                <h3 id="files-heading">"As a file"</h3>
                <p class="modal-text">
                    "A JSON file holds the whole document: components, scenario and decisions. "
                    "An imported file is checked first; if anything is wrong nothing changes and the message names the field."
                </p>
                <div class="modal-actions">
                    <button type="button" class="button" data-testid="export-json" on:click=export>
                        "Export this document (JSON)"
                    </button>
                    <button
                        type="button"
                        class="button"
                        data-testid="import-json"
                        on:click=move |_| {
                            if let Some(input) = import_input.get_untracked() {
                                input.click();
                            }
                        }
                    >
                        "Import a JSON document…"
                    </button>
                    <button
                        type="button"
                        class="button"
                        data-testid="open-import"
                        aria-haspopup="dialog"
                        on:click=move |_| {
                            open.set(false);
                            import_open.set(true);
                        }
                    >
                        "Import a system (Mermaid, Structurizr, compose, tracing)…"
                    </button>
                    <input
                        node_ref=import_input
                        data-testid="import-json-file"
                        type="file"
                        accept=".json,application/json"
                        hidden
                        aria-label="JSON document to import"
                        on:change=import
                    />
                </div>
                {move || file_message.get().map(|(ok, text)| view! {
                    <p
                        class="file-message"
                        class:file-message-problem=!ok
                        data-testid="json-message"
                        role=if ok { "status" } else { "alert" }
                    >
                        {text}
                    </p>
                })}
            </section>

            <section class="modal-section" aria-labelledby="bin-heading">
                <h3 id="bin-heading">"Bin"</h3>
                <Show
                    when=move || session.trash.with(|t| !t.is_empty())
                    fallback=|| view! { <p class="modal-text">"The bin is empty."</p> }
                >
                    <ul class="document-list" data-testid="bin-list">
                        <For each=move || session.trash.get() key=|entry| entry.id.clone() let:entry>
                            <TrashRow id=entry.id name=entry.name/>
                        </For>
                    </ul>
                </Show>
            </section>

            <Show when=move || session.backups.with(|b| !b.is_empty())>
                <section class="modal-section" aria-labelledby="backups-heading">
                    <h3 id="backups-heading">"Unreadable data kept aside"</h3>
                    <p class="modal-text">
                        "Saved text that could not be read is never deleted: it is kept here, unchanged. "
                        "Download it to repair it or to send it to someone who can; a repaired file can be imported."
                    </p>
                    <ul class="document-list" data-testid="backup-list">
                        <For each=move || session.backups.get() key=|backup| backup.key.clone() let:backup>
                            <li class="document-row">
                                <span class="document-name">
                                    {format!("Document {} — {} characters, set aside {}", backup.id, backup.size, clock::local_time(backup.saved_at))}
                                </span>
                                <span class="document-actions">
                                    <button
                                        type="button"
                                        class="button"
                                        aria-label=format!("Download the unreadable data of document {}", backup.id)
                                        on:click={
                                            let key = backup.key.clone();
                                            move |_| session.download_backup(&key)
                                        }
                                    >
                                        "Download"
                                    </button>
                                    <button
                                        type="button"
                                        class="button button-quiet"
                                        aria-label=format!("Remove the kept data of document {}", backup.id)
                                        on:click={
                                            let key = backup.key.clone();
                                            move |_| session.remove_backup(&key)
                                        }
                                    >
                                        "Remove"
                                    </button>
                                </span>
                            </li>
                        </For>
                    </ul>
                </section>
            </Show>
        </Modal>
    }
}

/// One saved document: its name and time, and what can be done with it.
#[component]
fn DocumentRow(entry: DocumentEntry, dialog: RwSignal<bool>) -> impl IntoView {
    let session = expect_context::<StorageSession>();
    let renaming = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let draft = RwSignal::new(entry.name.clone());
    let id = entry.id.clone();
    let is_open = {
        let id = id.clone();
        move || session.open_id().as_ref() == Some(&id)
    };
    let act = |id: DocumentId, action: fn(&StorageSession, &DocumentId)| move |_| action(&session, &id);
    let rename_id = StoredValue::new(id.clone());
    let commit = move || match session.rename(&rename_id.get_value(), draft.get_untracked().trim().to_owned()) {
        Ok(()) => {
            renaming.set(false);
            error.set(None);
        }
        Err(why) => error.set(Some(why)),
    };
    let field_id = format!("rename-{}", entry.id);
    let open_id = id.clone();
    let name = entry.name.clone();
    view! {
        <li class="document-row" data-testid="document-entry" data-document-id=entry.id.to_string()>
            <Show
                when=move || renaming.get()
                fallback={
                    let is_open = is_open.clone();
                    let name = name.clone();
                    move || {
                        let current = is_open();
                        view! {
                            <span class="document-name">
                                <span data-testid="document-entry-name">{name.clone()}</span>
                                {current.then(|| view! { <span class="document-open">" (open)"</span> })}
                            </span>
                        }
                    }
                }
            >
                <span class="document-rename">
                    <label class="visually-hidden" for=field_id.clone()>"New name"</label>
                    <input
                        id=field_id.clone()
                        class="field-input"
                        type="text"
                        prop:value=move || draft.get()
                        on:input:target=move |event| draft.set(event.target().value())
                        on:keydown=move |event| {
                            if event.key() == "Enter" {
                                event.prevent_default();
                                commit();
                            } else if event.key() == "Escape" {
                                // Cancel the rename, not the dialog.
                                event.prevent_default();
                                event.stop_propagation();
                                renaming.set(false);
                            }
                        }
                    />
                    <button type="button" class="button" on:click=move |_| commit()>"Save name"</button>
                </span>
            </Show>
            <span class="document-time">{format!("saved {}", clock::local_time(entry.updated_at))}</span>
            <span class="document-actions">
                <button
                    type="button"
                    class="button"
                    aria-label=format!("Open {}", entry.name)
                    disabled={
                        let is_open = is_open.clone();
                        move || is_open()
                    }
                    on:click=move |_| {
                        session.switch_to(&open_id);
                        dialog.set(false);
                    }
                >
                    "Open"
                </button>
                <button type="button" class="button" aria-label=format!("Rename {}", entry.name) on:click=move |_| renaming.set(true)>
                    "Rename"
                </button>
                <button
                    type="button"
                    class="button"
                    aria-label=format!("Duplicate {}", entry.name)
                    on:click=act(id.clone(), StorageSession::duplicate)
                >
                    "Duplicate"
                </button>
                <button
                    type="button"
                    class="button button-danger"
                    aria-label=format!("Delete {}", entry.name)
                    on:click=act(id.clone(), StorageSession::delete)
                >
                    "Delete"
                </button>
            </span>
            {move || error.get().map(|why| view! { <p class="file-message file-message-problem" role="alert">{why}</p> })}
        </li>
    }
}

/// One document in the bin.
#[component]
fn TrashRow(id: DocumentId, name: String) -> impl IntoView {
    let session = expect_context::<StorageSession>();
    let (restore, purge) = (id.clone(), id);
    let (restore_label, purge_label) = (format!("Restore {name}"), format!("Delete {name} for good"));
    view! {
        <li class="document-row">
            <span class="document-name">{name}</span>
            <span class="document-actions">
                <button type="button" class="button" aria-label=restore_label on:click=move |_| session.restore(&restore)>
                    "Restore"
                </button>
                <button type="button" class="button button-danger" aria-label=purge_label on:click=move |_| session.purge(&purge)>
                    "Delete for good"
                </button>
            </span>
        </li>
    }
}

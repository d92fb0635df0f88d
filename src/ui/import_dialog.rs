//! The import dialog: a file chosen or text pasted, read by
//! `files::import` into a preview — every component with the kind it was
//! given and why, every arrow, the entry rates, and everything not read —
//! whose guesses (kinds, calls, modes, rates) can be changed before
//! anything is created. Accepting
//! makes a new document; the open one never changes.

use leptos::html::{Input, Textarea};
use leptos::prelude::*;

use super::modal::Modal;
use super::storage_session::StorageSession;
use crate::files::import::{self, ImportDraft, ImportFormat, ImportOptions, ImportSummary};
use crate::model::{CallKind, CallMode, ComponentKind};
use crate::platform::files;

/// Rows the preview's component table lists; past that it says how many
/// more come in as guessed (a tracing export can name thousands).
const PREVIEW_ROWS: usize = 200;

/// The kinds of call an arrow can be.
const CALL_KINDS: [CallKind; 3] = [CallKind::Call, CallKind::Read, CallKind::Write];

/// The kinds a preview offers: a module needs a host, which no imported
/// file names, so it is made in the editor instead.
fn offered_kinds() -> impl Iterator<Item = ComponentKind> {
    ComponentKind::ALL.into_iter().filter(|k| *k != ComponentKind::Module)
}

#[component]
pub fn ImportDialog(open: RwSignal<bool>) -> impl IntoView {
    let session = expect_context::<StorageSession>();
    let file_input = NodeRef::<Input>::new();
    let pasted = NodeRef::<Textarea>::new();
    let format = RwSignal::new(None::<ImportFormat>);
    let window = RwSignal::new("86400".to_owned());
    let draft = RwSignal::new(None::<ImportDraft>);
    // The preview's rows are drawn once per file read, so a change of kind
    // or inclusion edits the draft without redrawing (and unfocusing) them.
    let shown = RwSignal::new(None::<ImportSummary>);
    let message = RwSignal::new(None::<(bool, String)>);
    let source_name = RwSignal::new(String::new());
    Effect::new(move |_| {
        if open.get() {
            draft.set(None);
            shown.set(None);
            message.set(None);
        }
    });

    let read_text = move |name: String, text: String| {
        let window_seconds = match window.get_untracked().trim().parse::<f64>() {
            Ok(seconds) if seconds.is_finite() && seconds > 0.0 => seconds,
            _ => {
                message.set(Some((false, "The window must be a number of seconds above 0.".to_owned())));
                return;
            }
        };
        let options = ImportOptions { format: format.get_untracked(), window_seconds };
        match import::read(&text, &options) {
            Ok(read) => {
                source_name.set(name);
                shown.set(Some(ImportSummary::of(&read)));
                draft.set(Some(read));
                message.set(None);
            }
            Err(error) => {
                draft.set(None);
                shown.set(None);
                message.set(Some((false, format!("{name}: {error}. Nothing was created."))));
            }
        }
    };
    let choose = move |_| {
        let Some(input) = file_input.get_untracked() else { return };
        let chosen = files::chosen_files(&input);
        files::clear_choice(&input);
        let Some(file) = chosen.into_iter().next() else { return };
        leptos::task::spawn_local(async move {
            match files::read_text(file).await {
                Ok((name, text)) => read_text(name, text),
                Err(why) => message.set(Some((false, why))),
            }
        });
    };
    let read_pasted = move |_| {
        let text = pasted.get_untracked().map(|t| t.value()).unwrap_or_default();
        if text.trim().is_empty() {
            message.set(Some((false, "Paste a diagram or file first.".to_owned())));
            return;
        }
        read_text("The pasted text".to_owned(), text);
    };
    let accept = move |_| {
        let Some(result) = draft.with_untracked(|d| d.as_ref().map(ImportDraft::to_document)) else { return };
        match result {
            Ok(doc) => {
                let name = doc.name.clone();
                if session.create(doc) {
                    open.set(false);
                } else {
                    message.set(Some((false, format!("\"{name}\" could not be created; nothing changed."))));
                }
            }
            Err(errors) => message.set(Some((
                false,
                format!("The preview does not make a valid document yet: {errors}. Change it above and try again."),
            ))),
        }
    };
    let headline = Signal::derive(move || {
        draft.with(|d| d.as_ref().map(|d| ImportSummary::of(d).headline).unwrap_or_default())
    });
    let needs_window = move || {
        format.get().is_some_and(ImportFormat::needs_window)
            || draft.with(|d| d.as_ref().is_some_and(|d| d.format.needs_window()))
    };

    view! {
        <Modal open=open labelled_by="import-heading" class="modal-wide" test_id="import-dialog">
            <div class="modal-header">
                <h2 id="import-heading">"Import a system"</h2>
                <button type="button" class="button button-quiet" on:click=move |_| open.set(false)>"Close"</button>
            </div>
            <section class="modal-section" aria-labelledby="import-source-heading">
                <h3 id="import-source-heading">"What you have"</h3>
                <p class="modal-text">
                    "A Mermaid flowchart or architecture diagram (or a Markdown file holding one), a Structurizr workspace (JSON), "
                    "a docker-compose file, or a Jaeger or Zipkin dependency list. You see what it becomes before anything is created; "
                    "the document open now does not change."
                </p>
                <div class="import-options">
                    <label class="field field-inline">
                        <span class="field-label">"Format"</span>
                        <select
                            class="field-input"
                            data-testid="import-format"
                            on:change=move |ev| format.set(ImportFormat::from_slug(&event_target_value(&ev)))
                        >
                            <option value="" selected>"Detect from the text"</option>
                            {ImportFormat::ALL
                                .into_iter()
                                .map(|f| view! { <option value=f.slug()>{f.label()}</option> })
                                .collect_view()}
                        </select>
                    </label>
                    <Show when=needs_window>
                        <label class="field field-inline">
                            <span class="field-label">"Counts cover (seconds)"</span>
                            <input
                                class="field-input field-number"
                                data-testid="import-window"
                                inputmode="decimal"
                                prop:value=move || window.get()
                                on:change=move |ev| window.set(event_target_value(&ev))
                            />
                        </label>
                    </Show>
                </div>
                <div class="modal-actions">
                    <button
                        type="button"
                        class="button"
                        data-testid="import-choose"
                        on:click=move |_| {
                            if let Some(input) = file_input.get_untracked() {
                                input.click();
                            }
                        }
                    >
                        "Choose a file…"
                    </button>
                    <input
                        node_ref=file_input
                        data-testid="import-file"
                        type="file"
                        accept=".mmd,.mermaid,.md,.markdown,.json,.yaml,.yml,.txt"
                        hidden
                        aria-label="File to import"
                        on:change=choose
                    />
                </div>
                <label class="field">
                    <span class="field-label">"Or paste it here"</span>
                    <textarea
                        node_ref=pasted
                        class="field-input field-textarea import-paste"
                        data-testid="import-text"
                        rows="6"
                        spellcheck="false"
                    ></textarea>
                </label>
                <div class="modal-actions">
                    <button type="button" class="button" data-testid="import-read" on:click=read_pasted>
                        "Read the pasted text"
                    </button>
                </div>
                {move || message.get().map(|(ok, text)| view! {
                    <p
                        class="file-message"
                        class:file-message-problem=!ok
                        data-testid="import-message"
                        role=if ok { "status" } else { "alert" }
                    >
                        {text}
                    </p>
                })}
            </section>
            {move || shown.get().map(|summary| view! {
                <ImportPreview summary=summary draft=draft headline=headline source=source_name.get_untracked()/>
                <div class="modal-actions">
                    <button type="button" class="button button-primary" data-testid="import-accept" on:click=accept>
                        "Create this document"
                    </button>
                    <button
                        type="button"
                        class="button button-quiet"
                        on:click=move |_| {
                            draft.set(None);
                            shown.set(None);
                        }
                    >
                        "Discard the preview"
                    </button>
                </div>
            })}
        </Modal>
    }
}

/// The preview: what will be created, each guess open to change.
#[component]
fn ImportPreview(
    summary: ImportSummary,
    draft: RwSignal<Option<ImportDraft>>,
    /// The headline of the draft as edited so far.
    headline: Signal<String>,
    source: String,
) -> impl IntoView {
    let more = summary.components.len().saturating_sub(PREVIEW_ROWS);
    let rows = summary
        .components
        .iter()
        .take(PREVIEW_ROWS)
        .map(|c| {
            let id = c.id.clone();
            let kind_id = id.clone();
            let include_id = id.clone();
            let chosen = c.kind;
            view! {
                <tr data-component=id.clone() data-kind=c.kind>
                    <td>
                        <input
                            type="checkbox"
                            prop:checked=c.included
                            aria-label=format!("Include {}", c.name)
                            on:change=move |ev| {
                                let included = event_target_checked(&ev);
                                draft.update(|d| if let Some(d) = d { d.set_included(&include_id, included) });
                            }
                        />
                    </td>
                    <th scope="row">{c.name.clone()}<span class="import-id">{id.clone()}</span></th>
                    <td>
                        <select
                            class="field-input"
                            aria-label=format!("Kind of {}", c.name)
                            data-testid="import-kind"
                            prop:value=chosen
                            on:change=move |ev| {
                                if let Some(kind) = ComponentKind::from_slug(&event_target_value(&ev)) {
                                    draft.update(|d| if let Some(d) = d { d.set_kind(&kind_id, kind) });
                                }
                            }
                        >
                            {offered_kinds()
                                .map(|k| view! { <option value=k.slug() selected=k.slug() == chosen>{k.label()}</option> })
                                .collect_view()}
                        </select>
                    </td>
                    <td class="import-why">{c.guess.clone().unwrap_or_else(|| "as the file says".to_owned())}</td>
                    <td class="import-place">{c.place.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let entries = summary
        .entries
        .iter()
        .map(|e| {
            let id = e.component.clone();
            view! {
                <li>
                    <label class="field field-inline">
                        <span class="field-label">{format!("Requests per second into {}", e.component)}</span>
                        <input
                            class="field-input field-number"
                            inputmode="decimal"
                            data-testid="import-entry-rate"
                            prop:value=crate::words::quantity::field_text(e.rate)
                            on:change=move |ev| {
                                if let Ok(rate) = event_target_value(&ev).trim().parse::<f64>() {
                                    if rate.is_finite() && rate >= 0.0 {
                                        draft.update(|d| if let Some(d) = d { d.set_entry_rate(&id, rate) });
                                    }
                                }
                            }
                        />
                    </label>
                    {e.guess.clone().map(|g| view! { <span class="choice-hint">{g}</span> })}
                </li>
            }
        })
        .collect_view();
    let arrows = summary
        .dependencies
        .iter()
        .take(PREVIEW_ROWS)
        .enumerate()
        .map(|(index, d)| {
            let calls = RwSignal::new(d.calls);
            let asynchronous = RwSignal::new(d.mode == "async");
            let kind = RwSignal::new(CALL_KINDS.into_iter().find(|k| k.label() == d.kind).unwrap_or(CallKind::Call));
            let commit = move || {
                let mode = if asynchronous.get_untracked() { CallMode::Async } else { CallMode::Sync };
                draft.update(|dr| {
                    if let Some(dr) = dr {
                        dr.set_arrow(index, calls.get_untracked(), kind.get_untracked(), mode)
                    }
                });
            };
            let arrow = format!("{} → {}", d.from, d.to);
            let chosen_kind = d.kind;
            view! {
                <li class="import-arrow" data-arrow=index>
                    <span>{arrow.clone()}</span>
                    <select
                        class="field-input"
                        data-testid="import-arrow-kind"
                        aria-label=format!("Kind of call, {arrow}")
                        on:change=move |ev| {
                            let chosen = event_target_value(&ev);
                            if let Some(k) = CALL_KINDS.into_iter().find(|k| k.label() == chosen) {
                                kind.set(k);
                                commit();
                            }
                        }
                    >
                        {CALL_KINDS
                            .into_iter()
                            .map(|k| view! { <option value=k.label() selected=k.label() == chosen_kind>{k.label()}</option> })
                            .collect_view()}
                    </select>
                    <input
                        class="field-input field-number"
                        inputmode="decimal"
                        data-testid="import-arrow-calls"
                        aria-label=format!("Calls per request, {arrow}")
                        prop:value=crate::words::quantity::field_text(d.calls)
                        on:change=move |ev| {
                            if let Ok(value) = event_target_value(&ev).trim().parse::<f64>() {
                                if value.is_finite() && value >= 0.0 {
                                    calls.set(value);
                                    commit();
                                }
                            }
                        }
                    />
                    <select
                        class="field-input"
                        data-testid="import-arrow-mode"
                        aria-label=format!("Does the caller wait, {arrow}")
                        on:change=move |ev| {
                            asynchronous.set(event_target_value(&ev) == "async");
                            commit();
                        }
                    >
                        <option value="sync" selected=d.mode == "sync">"waits (sync)"</option>
                        <option value="async" selected=d.mode == "async">"does not wait (async)"</option>
                    </select>
                    {d.guess.clone().map(|g| view! { <span class="choice-hint">{g}</span> })}
                </li>
            }
        })
        .collect_view();
    let not_read = summary.not_read.clone();
    let nothing_skipped = not_read.is_empty();
    view! {
        <section class="modal-section import-preview" aria-labelledby="import-preview-heading" data-testid="import-preview">
            <h3 id="import-preview-heading">"What it becomes"</h3>
            <p class="modal-text" data-testid="import-headline" role="status">
                {move || format!("{source} — {}", headline.get())}
            </p>
            <div class="import-table-wrap">
                <table class="import-table">
                    <caption class="visually-hidden">"Components to create"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Include"</th>
                            <th scope="col">"Component"</th>
                            <th scope="col">"Kind"</th>
                            <th scope="col">"Why that kind"</th>
                            <th scope="col">"In the file"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {(more > 0).then(|| view! { <p class="modal-text">{format!("…and {more} more components, with the kinds guessed.")}</p> })}
            <h4>"Entry points"</h4>
            <ul class="import-list" data-testid="import-entries">{entries}</ul>
            <details>
                <summary>{format!("Dependencies ({})", summary.dependencies.len())}</summary>
                <ul class="import-list" data-testid="import-dependencies">{arrows}</ul>
            </details>
            <h4>"Not read"</h4>
            {if nothing_skipped {
                view! { <p class="modal-text">"Everything in the file was read."</p> }.into_any()
            } else {
                view! {
                    <ul class="import-list" data-testid="import-not-read">
                        {not_read.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}

//! The options panel: named forks of the architecture ("Add read
//! replicas", "Extract search") kept beside the main line. Save the
//! current architecture as an option, rename, delete or adopt one (adopting
//! asks first; the main line it replaces is kept as an option and one undo
//! brings it back), and compare up to two options with the main line side
//! by side at the same scenario — headroom, bottleneck, end-to-end latency,
//! monthly cost, violations — the best of each row said in words. A
//! compared option can become a decision record in one action.
//!
//! Which options are compared is session state; the options themselves
//! are in the document and every change is a `Command` through the editor.

use leptos::prelude::*;

use super::decisions_state::DecisionsContext;
use super::modal::Modal;
use super::planning_message::{Note, PlanningMessage};
use super::state::{DocumentContext, Editor};
use crate::adr::{next_number, record_from_comparison, DecisionRecord};
use crate::editor::forms::planning::{fork_option, next_option_name, renamed_option, MAX_COMPARED};
use crate::engine::compare_options;
use crate::words::options::comparison_rows;
use crate::words::quantity::multiplier;
use crate::model::Command;
use crate::platform::{clock, focus, timer};

/// Adds a record proposed from a comparison or a plan step (`origin`:
/// "the comparison", "step 2") as one undoable edit, says so, and opens it
/// in the decisions panel.
pub fn propose_record(editor: Editor, decisions: DecisionsContext, note: RwSignal<Option<Note>>, record: DecisionRecord, origin: &str) {
    let number = record.number;
    let text = format!("{} “{}” was proposed from {origin}: it is open in the decisions panel.", record.label(), record.title);
    let command = Command::PutDecision(Box::new(record));
    let label = command.label();
    match editor.dispatch(command) {
        Ok(()) => {
            note.set(Some(Note::done(text, Some(label))));
            open_record(decisions, number);
        }
        Err(why) => note.set(Some(Note::problem(format!("No record was made: {why}.")))),
    }
}

/// Opens record `number` in the decisions panel and takes the user there.
fn open_record(decisions: DecisionsContext, number: u32) {
    decisions.status_filter.set(None);
    decisions.component_filter.set(None);
    decisions.selected.set(Some(number));
    // The editor renders on the next turn.
    timer::soon(move || focus::reveal(&format!("adr-{number}-title")));
}

/// The options panel.
#[component]
pub fn OptionsPanel() -> impl IntoView {
    let document = expect_context::<DocumentContext>().0;
    let editor = expect_context::<Editor>();
    let decisions = expect_context::<DecisionsContext>();
    let note = RwSignal::new(None::<Note>);
    // Ids of the options compared with the main line, in the order picked.
    let compared = RwSignal::new(Vec::<String>::new());
    let save_open = RwSignal::new(false);
    // The option "Adopt…" asks about, and whether its dialog shows.
    let adopting = RwSignal::new(None::<(String, String)>);
    let adopt_open = RwSignal::new(false);

    // Options that went away (deleted, adopted, undone) leave the comparison.
    let options = Memo::new(move |_| {
        document.with(|d| d.options.iter().map(|o| (o.id.clone(), o.name.clone(), o.note.clone())).collect::<Vec<_>>())
    });
    let live_compared = Memo::new(move |_| {
        let ids = compared.get();
        options.with(|o| ids.into_iter().filter(|id| o.iter().any(|(known, _, _)| known == id)).collect::<Vec<_>>())
    });
    let comparison = Memo::new(move |_| {
        let ids = live_compared.get();
        if ids.is_empty() {
            return None;
        }
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        Some(document.with(|d| compare_options(d, &refs)))
    });
    let rows = Memo::new(move |_| {
        comparison.with(|c| c.as_ref().map(|c| document.with_untracked(|d| comparison_rows(d, c))).unwrap_or_default())
    });
    let columns = Memo::new(move |_| {
        comparison.with(|c| {
            c.as_ref()
                .map(|c| c.columns.iter().enumerate().map(|(i, col)| (i, col.id.clone(), col.name.clone())).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });

    let toggle = move |id: String, on: bool| {
        compared.update(|ids| {
            ids.retain(|known| known != &id);
            if on {
                ids.push(id);
            }
        })
    };
    let remove = move |id: String, name: String| {
        let command = Command::RemoveOption(id);
        let label = command.label();
        match editor.dispatch(command) {
            Ok(()) => note.set(Some(Note::done(format!("Deleted the option “{name}”."), Some(label)))),
            Err(why) => note.set(Some(Note::problem(format!("Nothing was deleted: {why}.")))),
        }
    };
    let adopt = move |_| {
        let Some((id, name)) = adopting.get_untracked() else { return };
        adopt_open.set(false);
        let command = Command::AdoptOption(id);
        let label = command.label();
        match editor.dispatch(command) {
            Ok(()) => note.set(Some(Note::done(
                format!("“{name}” is the main line now; the previous main line is kept as the option “Before {name}”."),
                Some(label),
            ))),
            Err(why) => note.set(Some(Note::problem(format!("Nothing was adopted: {why}.")))),
        }
    };
    let record = move |column: usize| {
        let Some(comparison) = comparison.get_untracked() else { return };
        let made = document.with_untracked(|d| {
            record_from_comparison(d, &comparison, column, next_number(&d.decisions), &clock::today())
        });
        let Some(record) = made else {
            note.set(Some(Note::problem("No record was made: that option is no longer in the comparison.")));
            return;
        };
        propose_record(editor, decisions, note, record, "the comparison");
    };
    let growth = move || document.with(|d| multiplier(d.scenario.growth));
    let full = move || live_compared.with(|c| c.len() >= MAX_COMPARED);

    view! {
        <section class="options panel" aria-labelledby="options-heading" data-testid="options">
            <div class="panel-header">
                <h2 id="options-heading" class="panel-heading">"Options"</h2>
                <button
                    type="button"
                    class="button button-primary"
                    data-testid="save-option"
                    on:click=move |_| save_open.set(true)
                >
                    "Save as option…"
                </button>
            </div>
            <p class="panel-hint">
                "An option is a copy of the architecture to try an idea on. Tick up to two to compare them with the "
                "main line at the same scenario."
            </p>
            <PlanningMessage note=note test_id="options-message"/>
            <Show
                when=move || options.with(|o| !o.is_empty())
                fallback=|| view! {
                    <p class="limits-empty">"No options yet: “Save as option…” keeps a copy of the architecture as it is now."</p>
                }
            >
                <ul class="option-list" data-testid="option-list" aria-label="Design options">
                    <For each=move || options.get() key=|o| o.clone() let:option>
                        <OptionItem
                            id=option.0.clone()
                            name=option.1.clone()
                            note=option.2.clone()
                            compared=Signal::derive({
                                let id = option.0.clone();
                                move || live_compared.with(|c| c.contains(&id))
                            })
                            full=Signal::derive(full)
                            on_compare=Callback::new({
                                let id = option.0.clone();
                                move |on: bool| toggle(id.clone(), on)
                            })
                            on_adopt=Callback::new({
                                let (id, name) = (option.0.clone(), option.1.clone());
                                move |_| {
                                    adopting.set(Some((id.clone(), name.clone())));
                                    adopt_open.set(true);
                                }
                            })
                            on_delete=Callback::new({
                                let (id, name) = (option.0.clone(), option.1.clone());
                                move |_| remove(id.clone(), name.clone())
                            })
                            on_note=note
                        />
                    </For>
                </ul>
            </Show>
            <Show when=move || comparison.with(Option::is_some)>
                <div class="comparison-wrap">
                    <table class="comparison" data-testid="comparison">
                        <caption class="panel-subheading">"Side by side at " {growth}</caption>
                        <thead>
                            <tr>
                                <th scope="col"><span class="visually-hidden">"Figure"</span></th>
                                <For each=move || columns.get() key=|c| c.clone() let:column>
                                    <th scope="col" data-option-id=column.1.clone().unwrap_or_default()>
                                        <span class="comparison-name">{column.2.clone()}</span>
                                        {column.1.is_some().then(|| {
                                            let name = column.2.clone();
                                            view! {
                                                <button
                                                    type="button"
                                                    class="button comparison-record"
                                                    data-testid="record-option"
                                                    aria-label=format!("Record this decision: choose “{name}”")
                                                    on:click=move |_| record(column.0)
                                                >
                                                    "Record this decision"
                                                </button>
                                            }
                                        })}
                                    </th>
                                </For>
                            </tr>
                        </thead>
                        <tbody>
                            <For each=move || rows.get() key=|r| r.clone() let:row>
                                <tr data-row=row.key>
                                    <th scope="row">{row.label}</th>
                                    {row.cells.iter().map(|cell| view! {
                                        <td class:comparison-best=cell.best class:comparison-differs=cell.differs data-best=cell.best.to_string()>
                                            {cell.text.clone()}
                                            {cell.best.then(|| view! { <span class="comparison-best-tag">" ★ best"</span> })}
                                            {cell.differs.then(|| view! { <span class="visually-hidden">" (differs from the main line)"</span> })}
                                        </td>
                                    }).collect_view()}
                                </tr>
                            </For>
                        </tbody>
                    </table>
                </div>
            </Show>
            <SaveOptionDialog open=save_open note=note/>
            <Modal open=adopt_open labelled_by="adopt-heading" class="modal-narrow" test_id="adopt-dialog">
                <div class="modal-header">
                    <h2 id="adopt-heading">
                        {move || adopting.with(|a| a.as_ref().map(|(_, name)| format!("Adopt “{name}” as the main line?")).unwrap_or_default())}
                    </h2>
                </div>
                <p class="modal-text">
                    "Its architecture replaces the main line's; the main line is kept as an option named “Before …”. "
                    "The scenario stays. Undo brings the main line back."
                </p>
                <div class="modal-actions">
                    <button type="button" class="button button-primary" data-testid="confirm-adopt" on:click=adopt>"Adopt"</button>
                    <button type="button" class="button" on:click=move |_| adopt_open.set(false)>"Cancel"</button>
                </div>
            </Modal>
        </section>
    }
}

/// One option in the list: its name (renamed in place), its note, and
/// what can be done with it.
#[component]
fn OptionItem(
    /// The option's id.
    id: String,
    /// Its name.
    name: String,
    /// Why it exists, when it says.
    note: String,
    /// Whether it is in the comparison.
    compared: Signal<bool>,
    /// Whether the comparison holds as many options as it can.
    full: Signal<bool>,
    /// Ticking or unticking "Compare".
    on_compare: Callback<bool>,
    /// "Adopt…" (asks first).
    on_adopt: Callback<()>,
    /// "Delete".
    on_delete: Callback<()>,
    /// Where the outcome of a rename is said.
    on_note: RwSignal<Option<Note>>,
) -> impl IntoView {
    let document = expect_context::<DocumentContext>().0;
    let editor = expect_context::<Editor>();
    let renaming = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let compare_id = format!("compare-{id}");
    let rename_id = format!("rename-{id}");
    {
        let rename_id = rename_id.clone();
        Effect::new(move |_| {
            if renaming.get() {
                let rename_id = rename_id.clone();
                timer::soon(move || focus::focus_id(&rename_id));
            }
        });
    }
    let rename = {
        let id = id.clone();
        move |text: String| {
            match document.with_untracked(|d| renamed_option(d, &id, &text)) {
                Ok(option) if document.with_untracked(|d| d.options.iter().any(|o| o == &option)) => {
                    // The same name: nothing to change.
                    error.set(None);
                    renaming.set(false);
                }
                Ok(option) => {
                    let name = option.name.clone();
                    match editor.dispatch(Command::PutOption(Box::new(option))) {
                        Ok(()) => {
                            error.set(None);
                            renaming.set(false);
                            on_note.set(Some(Note::done(format!("Renamed the option to “{name}”."), None)));
                        }
                        Err(why) => error.set(Some(why.to_string())),
                    }
                }
                Err(why) => error.set(Some(why)),
            }
        }
    };
    let rename_label = format!("New name for “{name}”");
    let group_label = format!("Option “{name}”");
    let error_id = format!("{rename_id}-message");
    view! {
        <li class="option-item" data-testid="option-item" data-option-id=id.clone()>
            <Show
                when=move || renaming.get()
                fallback={
                    let (name, note) = (name.clone(), note.clone());
                    move || view! {
                        <span class="option-name" data-testid="option-name">{name.clone()}</span>
                        {(!note.is_empty()).then(|| view! { <span class="option-note">{note.clone()}</span> })}
                    }
                }
            >
                <span class="option-rename">
                    <label class="visually-hidden" for=rename_id.clone()>{rename_label.clone()}</label>
                    <input
                        id=rename_id.clone()
                        class="field-input"
                        type="text"
                        data-testid="option-rename-input"
                        prop:value={
                            let name = name.clone();
                            move || name.clone()
                        }
                        aria-describedby=error_id.clone()
                        aria-invalid=move || error.with(Option::is_some).to_string()
                        on:keydown:target={
                            let rename = rename.clone();
                            move |ev| match ev.key().as_str() {
                                "Enter" => rename(ev.target().value()),
                                "Escape" => {
                                    error.set(None);
                                    renaming.set(false);
                                }
                                _ => {}
                            }
                        }
                        on:change:target={
                            let rename = rename.clone();
                            move |ev| rename(ev.target().value())
                        }
                    />
                    <span id=error_id.clone() class="field-message" role="alert" hidden=move || error.with(Option::is_none)>
                        {move || error.get().unwrap_or_default()}
                    </span>
                </span>
            </Show>
            <span class="option-actions" role="group" aria-label=group_label>
                <label class="check" for=compare_id.clone()>
                    <input
                        id=compare_id.clone()
                        type="checkbox"
                        data-testid="compare-option"
                        prop:checked=move || compared.get()
                        disabled=move || full.get() && !compared.get()
                        on:change:target=move |ev| on_compare.run(ev.target().checked())
                    />
                    " Compare"
                </label>
                <button
                    type="button"
                    class="button"
                    data-testid="rename-option"
                    aria-pressed=move || renaming.get().to_string()
                    on:click=move |_| renaming.update(|r| *r = !*r)
                >
                    "Rename"
                </button>
                <button type="button" class="button" data-testid="adopt-option" on:click=move |_| on_adopt.run(())>
                    "Adopt…"
                </button>
                <button type="button" class="button button-danger" data-testid="delete-option" on:click=move |_| on_delete.run(())>
                    "Delete"
                </button>
            </span>
        </li>
    }
}

/// "Save as option…": asks for a name (one is suggested) and forks the
/// current architecture under it.
#[component]
fn SaveOptionDialog(
    /// Whether the dialog shows.
    open: RwSignal<bool>,
    /// Where the outcome is said.
    note: RwSignal<Option<Note>>,
) -> impl IntoView {
    let document = expect_context::<DocumentContext>().0;
    let editor = expect_context::<Editor>();
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if open.get() {
            name.set(document.with_untracked(next_option_name));
            error.set(None);
        }
    });
    let save = move || {
        let text = name.get_untracked();
        match document.with_untracked(|d| fork_option(d, &text)) {
            Ok(option) => {
                let saved = option.name.clone();
                let command = Command::PutOption(Box::new(option));
                let label = command.label();
                match editor.dispatch(command) {
                    Ok(()) => {
                        open.set(false);
                        note.set(Some(Note::done(
                            format!("Saved the architecture as the option “{saved}”. The main line is unchanged: edit it, then compare."),
                            Some(label),
                        )));
                    }
                    Err(why) => error.set(Some(why.to_string())),
                }
            }
            Err(why) => error.set(Some(why)),
        }
    };
    view! {
        <Modal open=open labelled_by="save-option-heading" class="modal-narrow" test_id="save-option-dialog">
            <div class="modal-header">
                <h2 id="save-option-heading">"Save as option"</h2>
            </div>
            <p class="modal-text">"A copy of the architecture as it is now, judged under the same scenario as the main line."</p>
            <label class="field" for="option-name-input">
                <span class="field-label">"Name"</span>
                <input
                    id="option-name-input"
                    data-testid="option-name-input"
                    class="field-input"
                    type="text"
                    autocomplete="off"
                    aria-describedby="option-name-message"
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    prop:value=move || name.get()
                    on:input:target=move |ev| name.set(ev.target().value())
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            save();
                        }
                    }
                />
            </label>
            <p id="option-name-message" class="field-message" role="alert" hidden=move || error.with(Option::is_none)>
                {move || error.get().unwrap_or_default()}
            </p>
            <div class="modal-actions">
                <button type="button" class="button button-primary" data-testid="confirm-save-option" on:click=move |_| save()>
                    "Save option"
                </button>
                <button type="button" class="button" on:click=move |_| open.set(false)>"Cancel"</button>
            </div>
        </Modal>
    }
}

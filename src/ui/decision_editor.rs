//! The editor of one decision record: every MADR 4 field (status, date,
//! decision-makers, consulted, informed; context and problem statement;
//! decision drivers; considered options with their pros, neutral points and
//! cons; the outcome with its justification, consequences and
//! confirmation; more information), the components it links, its
//! guardrails with how they stand today, and its evidence. A preview shows
//! the record as the chosen Markdown layout renders it.
//!
//! Each field is committed when it loses focus (one undoable edit per
//! field, "edit ADR-0007"); a refused value leaves the record as it was and
//! the message names the field. Status changes go through
//! `adr::change_status`, so superseded-by links are kept both ways.

use leptos::prelude::*;

use super::decisions_panel::PanelMessage;
use super::decisions_state::DecisionsContext;
use super::state::{DocumentContext, Editor};
use crate::adr::{
    change_status, evaluate_for, evidence_now, exact_decimal, number_label, Comparison, ConsideredOption, DecisionRecord,
    Guardrail, GuardrailMetric, Status, StatusKind,
};
use crate::files::decisions_zip::render;
use crate::files::markdown_preview::to_safe_html;
use crate::model::{Command, ComponentId, Document};
use crate::platform::files;

/// Edits of the record being edited, each one command.
#[derive(Clone, Copy)]
struct RecordEdit {
    number: u32,
    document: RwSignal<Document>,
    editor: Editor,
    error: RwSignal<Option<String>>,
}

impl RecordEdit {
    fn current(&self) -> Option<DecisionRecord> {
        self.document.with_untracked(|d| d.decisions.iter().find(|r| r.number == self.number).cloned())
    }

    fn dispatch(&self, command: Command) {
        match self.editor.dispatch(command) {
            Ok(()) => self.error.set(None),
            Err(why) => self.error.set(Some(format!("Not changed: {why}."))),
        }
    }

    /// Changes the record; nothing happens when the edit changes nothing.
    fn put(&self, edit: impl FnOnce(&mut DecisionRecord)) {
        let Some(before) = self.current() else {
            return;
        };
        let mut after = before.clone();
        edit(&mut after);
        if after != before {
            self.dispatch(Command::PutDecision(Box::new(after)));
        }
    }

    /// A new status, with the links both ways, as one edit.
    fn set_status(&self, status: Status) {
        let changed = self.document.with_untracked(|d| change_status(&d.decisions, self.number, status));
        match changed {
            Ok(records) => {
                self.dispatch(Command::Batch(records.into_iter().map(|r| Command::PutDecision(Box::new(r))).collect()))
            }
            Err(why) => self.error.set(Some(format!("Not changed: {why}."))),
        }
    }
}

fn status_of(kind: StatusKind) -> Status {
    match kind {
        StatusKind::Proposed => Status::Proposed,
        StatusKind::Accepted => Status::Accepted,
        StatusKind::Rejected => Status::Rejected,
        StatusKind::Deprecated => Status::Deprecated,
        StatusKind::Superseded => Status::SupersededBy(Vec::new()),
    }
}

/// Text typed one item per line, as a list (blank lines dropped).
fn lines_of(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

/// Names typed with commas between them.
fn names_of(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned).collect()
}

/// A labelled text input or text area that commits when it changes.
#[component]
fn Field(
    /// The element id (the label points at it).
    id: String,
    /// What the field is, shown above it.
    label: &'static str,
    /// A line under the label about what to type.
    #[prop(optional)]
    hint: &'static str,
    /// A text area (true) or a one-line input.
    #[prop(optional)]
    multiline: bool,
    /// The input's type when one-line ("text" by default).
    #[prop(optional)]
    kind: &'static str,
    /// The field's value, from the record.
    value: Signal<String>,
    /// Called with the new text when the user leaves a changed field.
    on_commit: Callback<String>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let described = (!hint.is_empty()).then(|| hint_id.clone());
    let control = if multiline {
        view! {
            <textarea
                id=id.clone()
                class="field-input field-textarea"
                rows="3"
                aria-describedby=described.clone()
                prop:value=move || value.get()
                on:change=move |event| on_commit.run(event_target_value(&event))
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                class="field-input"
                type=if kind.is_empty() { "text" } else { kind }
                aria-describedby=described.clone()
                prop:value=move || value.get()
                on:change=move |event| on_commit.run(event_target_value(&event))
            />
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label class="field-label" for=id.clone()>{label}</label>
            {(!hint.is_empty()).then(|| view! { <span class="field-hint" id=hint_id.clone()>{hint}</span> })}
            {control}
        </div>
    }
}

/// The editor of record `number`.
#[component]
pub fn DecisionEditor(
    /// The record to edit.
    number: u32,
) -> impl IntoView {
    let document = expect_context::<DocumentContext>().0;
    let editor = expect_context::<Editor>();
    let decisions = expect_context::<DecisionsContext>();
    let message = use_context::<RwSignal<Option<PanelMessage>>>();
    let error = RwSignal::new(None::<String>);
    let edit = RecordEdit { number, document, editor, error };
    let record = Memo::new(move |_| document.with(|d| d.decisions.iter().find(|r| r.number == number).cloned()));
    let preview = RwSignal::new(false);
    let id = move |name: &str| format!("adr-{number}-{name}");


    let export = move |_| {
        let style = decisions.style.get_untracked();
        let rendered = document.with_untracked(|d| {
            d.decisions.iter().find(|r| r.number == number).map(|r| render(r, &d.decisions, style))
        });
        if let Some((name, markdown)) = rendered {
            if let Err(why) = files::download_text(&name, "text/markdown", &markdown) {
                error.set(Some(format!("The download did not start: {why}.")));
            }
        }
    };
    let delete = move |_| {
        let label = number_label(number);
        match editor.dispatch(Command::RemoveDecision(number)) {
            Ok(()) => {
                decisions.selected.set(None);
                if let Some(message) = message {
                    let undo = editor.undo_label.get_untracked();
                    message.set(Some(PanelMessage { problem: false, text: format!("{label} was deleted."), undo }));
                }
            }
            Err(why) => error.set(Some(format!("{label} was not deleted: {why}. Change the records that link it first."))),
        }
    };
    let preview_html = move || {
        let style = decisions.style.get();
        document.with(|d| {
            d.decisions
                .iter()
                .find(|r| r.number == number)
                .map(|r| to_safe_html(&render(r, &d.decisions, style).1))
                .unwrap_or_default()
        })
    };

    view! {
        <article class="decision-editor" data-testid="decision-editor" aria-labelledby=id("heading")>
            <div class="decision-editor-header">
                <h3 id=id("heading") class="decision-editor-heading" tabindex="-1">
                    <span class="decision-editor-number">{number_label(number)}</span>
                    " "
                    <span data-testid="decision-editor-title">
                        {move || record.with(|r| r.as_ref().map(|r| r.title.clone()).unwrap_or_default())}
                    </span>
                </h3>
                <div class="decision-editor-actions" role="group" aria-label="This record">
                    <button
                        type="button"
                        class="button"
                        data-testid="edit-mode"
                        aria-pressed=move || (!preview.get()).to_string()
                        on:click=move |_| preview.set(false)
                    >
                        "Edit"
                    </button>
                    <button
                        type="button"
                        class="button"
                        data-testid="preview-mode"
                        aria-pressed=move || preview.get().to_string()
                        on:click=move |_| preview.set(true)
                    >
                        "Preview"
                    </button>
                    <button type="button" class="button" data-testid="export-record" on:click=export>"Export .md"</button>
                    <button type="button" class="button button-danger" data-testid="delete-record" on:click=delete>
                        "Delete"
                    </button>
                </div>
            </div>
            {move || error.get().map(|why| view! {
                <p class="panel-message panel-message-problem" role="alert" data-testid="decision-error">{why}</p>
            })}
            <Show
                when=move || preview.get()
                fallback=move || view! {
                    <DecisionForm number=number edit=edit record=record/>
                }
            >
                <div class="markdown-preview" data-testid="decision-preview" inner_html=preview_html></div>
            </Show>
        </article>
    }
}

/// The form: every field of the record.
#[component]
fn DecisionForm(
    number: u32,
    edit: RecordEdit,
    record: Memo<Option<DecisionRecord>>,
) -> impl IntoView {
    let id = move |name: &str| format!("adr-{number}-{name}");
    // A text of the record, for a field, and how a field's text goes back.
    let text_of = move |pick: fn(&DecisionRecord) -> String| {
        Signal::derive(move || record.with(|r| r.as_ref().map(pick).unwrap_or_default()))
    };
    let commit = move |apply: fn(&mut DecisionRecord, String)| {
        Callback::new(move |value: String| edit.put(|r| apply(r, value)))
    };
    view! {
        <div class="decision-form">
            <Field id=id("title") label="Title" hint="Short: the problem and the solution found."
                value=text_of(|r| r.title.clone()) on_commit=commit(|r, v| r.title = v.trim().to_owned())/>
            <fieldset class="form-group">
                <legend>"Status and people"</legend>
                <StatusControl number=number edit=edit record=record/>
                <Field id=id("date") label="Date" kind="date" hint="When the decision was last updated."
                    value=text_of(|r| r.date.clone()) on_commit=commit(|r, v| r.date = v.trim().to_owned())/>
                <Field id=id("decision-makers") label="Decision-makers" hint="Names, separated by commas."
                    value=text_of(|r| r.decision_makers.join(", ")) on_commit=commit(|r, v| r.decision_makers = names_of(&v))/>
                <Field id=id("consulted") label="Consulted" hint="People whose opinion was sought, separated by commas."
                    value=text_of(|r| r.consulted.join(", ")) on_commit=commit(|r, v| r.consulted = names_of(&v))/>
                <Field id=id("informed") label="Informed" hint="People kept up to date, separated by commas."
                    value=text_of(|r| r.informed.join(", ")) on_commit=commit(|r, v| r.informed = names_of(&v))/>
            </fieldset>
            <Field id=id("context") label="Context and problem statement" multiline=true
                value=text_of(|r| r.context_and_problem.clone()) on_commit=commit(|r, v| r.context_and_problem = v.trim().to_owned())/>
            <Field id=id("drivers") label="Decision drivers" multiline=true hint="One per line."
                value=text_of(|r| r.decision_drivers.join("\n")) on_commit=commit(|r, v| r.decision_drivers = lines_of(&v))/>
            <OptionsEditor number=number edit=edit record=record/>
            <fieldset class="form-group">
                <legend>"Decision outcome"</legend>
                <ChosenOption number=number edit=edit record=record/>
                <Field id=id("justification") label="Because" multiline=true hint="Why this option: what follows “because”."
                    value=text_of(|r| r.justification.clone()) on_commit=commit(|r, v| r.justification = v.trim().to_owned())/>
                <Field id=id("good") label="Good consequences" multiline=true hint="One per line (“Good, because …”)."
                    value=text_of(|r| r.good_consequences.join("\n")) on_commit=commit(|r, v| r.good_consequences = lines_of(&v))/>
                <Field id=id("bad") label="Bad consequences" multiline=true hint="One per line (“Bad, because …”)."
                    value=text_of(|r| r.bad_consequences.join("\n")) on_commit=commit(|r, v| r.bad_consequences = lines_of(&v))/>
                <Field id=id("confirmation") label="Confirmation" multiline=true hint="How compliance with the decision will be confirmed."
                    value=text_of(|r| r.confirmation.clone()) on_commit=commit(|r, v| r.confirmation = v.trim().to_owned())/>
            </fieldset>
            <Field id=id("more") label="More information" multiline=true
                value=text_of(|r| r.more_information.clone()) on_commit=commit(|r, v| r.more_information = v.trim().to_owned())/>
            <LinkedComponents number=number edit=edit record=record/>
            <GuardrailsEditor number=number edit=edit record=record/>
            <EvidenceView edit=edit record=record/>
        </div>
    }
}

/// Status select; "superseded" shows the records that replace this one.
#[component]
fn StatusControl(number: u32, edit: RecordEdit, record: Memo<Option<DecisionRecord>>) -> impl IntoView {
    let document = edit.document;
    let kind = Memo::new(move |_| record.with(|r| r.as_ref().map(|r| r.status.kind())));
    // "superseded" chosen but no successor ticked yet: shown, not stored.
    let choosing = RwSignal::new(false);
    let shown = move || if choosing.get() { Some(StatusKind::Superseded) } else { kind.get() };
    let successors = Memo::new(move |_| {
        record.with(|r| match r.as_ref().map(|r| &r.status) {
            Some(Status::SupersededBy(by)) => by.clone(),
            _ => Vec::new(),
        })
    });
    let others = Memo::new(move |_| {
        document.with(|d| {
            d.decisions
                .iter()
                .filter(|r| r.number != number)
                .map(|r| (r.number, format!("{} {}", r.label(), r.title)))
                .collect::<Vec<_>>()
        })
    });
    let supersedes = Memo::new(move |_| {
        record.with(|r| r.as_ref().map(|r| r.supersedes.iter().map(|n| number_label(*n)).collect::<Vec<_>>()).unwrap_or_default())
    });
    let on_change = move |event: leptos::ev::Event| {
        let value = event_target_value(&event);
        let Some(chosen) = StatusKind::ALL.into_iter().find(|k| k.label() == value) else {
            return;
        };
        if chosen == StatusKind::Superseded {
            choosing.set(kind.get_untracked() != Some(StatusKind::Superseded));
        } else {
            choosing.set(false);
            edit.set_status(status_of(chosen));
        }
    };
    let toggle = move |other: u32, on: bool| {
        let mut by = successors.get_untracked();
        if on && !by.contains(&other) {
            by.push(other);
        } else if !on {
            by.retain(|&n| n != other);
        }
        if !by.is_empty() {
            choosing.set(false);
            edit.set_status(Status::SupersededBy(by));
        }
    };
    let select_id = format!("adr-{number}-status");
    view! {
        <div class="field">
            <label class="field-label" for=select_id.clone()>"Status"</label>
            <select
                id=select_id.clone()
                class="field-input"
                data-testid="decision-status"
                prop:value=move || shown().map_or("", StatusKind::label)
                on:change=on_change
            >
                {StatusKind::ALL.into_iter().map(|k| view! { <option value=k.label()>{k.label()}</option> }).collect_view()}
            </select>
        </div>
        <Show when=move || shown() == Some(StatusKind::Superseded)>
            <fieldset class="form-subgroup" data-testid="superseded-by">
                <legend>"Superseded by"</legend>
                <Show
                    when=move || !others.with(Vec::is_empty)
                    fallback=|| view! { <p class="field-hint">"There is no other record to name yet."</p> }
                >
                    <p class="field-hint">
                        "Tick the record or records that replace this one; they list it as superseded in turn. "
                        "To stop superseding, choose another status."
                    </p>
                </Show>
                <For each=move || others.get() key=|(n, label)| (*n, label.clone()) let:other>
                    {
                        let (other_number, label) = other;
                        let checked = move || successors.with(|by| by.contains(&other_number));
                        let only = move || successors.with(|by| by.len() == 1 && by[0] == other_number);
                        view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    prop:checked=checked
                                    disabled=only
                                    on:change:target=move |event| toggle(other_number, event.target().checked())
                                />
                                {label}
                            </label>
                        }
                    }
                </For>
            </fieldset>
        </Show>
        <Show when=move || !supersedes.with(Vec::is_empty)>
            <p class="field-hint" data-testid="supersedes">"Supersedes " {move || supersedes.get().join(", ")} "."</p>
        </Show>
    }
}

/// The considered options, each with its description and arguments.
#[component]
fn OptionsEditor(number: u32, edit: RecordEdit, record: Memo<Option<DecisionRecord>>) -> impl IntoView {
    let count = Memo::new(move |_| record.with(|r| r.as_ref().map_or(0, |r| r.considered_options.len())));
    let add = move |_| {
        edit.put(|r| {
            let title = format!("Option {}", r.considered_options.len() + 1);
            r.considered_options.push(ConsideredOption::new(title));
        })
    };
    view! {
        <fieldset class="form-group" data-testid="considered-options">
            <legend>"Considered options"</legend>
            <For each=move || 0..count.get() key=|i| *i let:index>
                <OptionEditor number=number index=index edit=edit record=record/>
            </For>
            <button type="button" class="button" data-testid="add-option" on:click=add>"Add an option"</button>
        </fieldset>
    }
}

#[component]
fn OptionEditor(number: u32, index: usize, edit: RecordEdit, record: Memo<Option<DecisionRecord>>) -> impl IntoView {
    let read = move |pick: fn(&ConsideredOption) -> String| {
        Signal::derive(move || {
            record.with(|r| r.as_ref().and_then(|r| r.considered_options.get(index)).map(pick).unwrap_or_default())
        })
    };
    let write = move |apply: fn(&mut ConsideredOption, String)| {
        Callback::new(move |value: String| {
            edit.put(|r| {
                if let Some(option) = r.considered_options.get_mut(index) {
                    apply(option, value);
                }
            })
        })
    };
    let remove = move |_| {
        edit.put(|r| {
            if index < r.considered_options.len() {
                let removed = r.considered_options.remove(index);
                if r.chosen_option == removed.title {
                    r.chosen_option.clear();
                }
            }
        })
    };
    let id = move |name: &str| format!("adr-{number}-option-{index}-{name}");
    let title = read(|o| o.title.clone());
    view! {
        <fieldset class="form-subgroup option-editor">
            <legend>{move || format!("Option {}: {}", index + 1, title.get())}</legend>
            <Field id=id("title") label="Title" value=title on_commit=write(|o, v| o.title = v.trim().to_owned())/>
            <Field id=id("description") label="Description" multiline=true
                value=read(|o| o.description.clone()) on_commit=write(|o, v| o.description = v.trim().to_owned())/>
            <Field id=id("pros") label="Good, because …" multiline=true hint="One argument per line."
                value=read(|o| o.pros.join("\n")) on_commit=write(|o, v| o.pros = lines_of(&v))/>
            <Field id=id("neutral") label="Neutral, because …" multiline=true hint="One argument per line."
                value=read(|o| o.neutral.join("\n")) on_commit=write(|o, v| o.neutral = lines_of(&v))/>
            <Field id=id("cons") label="Bad, because …" multiline=true hint="One argument per line."
                value=read(|o| o.cons.join("\n")) on_commit=write(|o, v| o.cons = lines_of(&v))/>
            <button
                type="button"
                class="button button-quiet"
                aria-label=move || format!("Remove option {}: {}", index + 1, title.get())
                on:click=remove
            >
                "Remove this option"
            </button>
        </fieldset>
    }
}

/// Which considered option was chosen.
#[component]
fn ChosenOption(number: u32, edit: RecordEdit, record: Memo<Option<DecisionRecord>>) -> impl IntoView {
    let choices = Memo::new(move |_| {
        record.with(|r| {
            let Some(r) = r else { return Vec::new() };
            let mut titles: Vec<String> = r.considered_options.iter().map(|o| o.title.clone()).collect();
            if !r.chosen_option.is_empty() && !titles.contains(&r.chosen_option) {
                titles.push(r.chosen_option.clone());
            }
            titles
        })
    });
    let chosen = move || record.with(|r| r.as_ref().map(|r| r.chosen_option.clone()).unwrap_or_default());
    let select_id = format!("adr-{number}-chosen");
    view! {
        <div class="field">
            <label class="field-label" for=select_id.clone()>"Chosen option"</label>
            <select
                id=select_id.clone()
                class="field-input"
                data-testid="chosen-option"
                prop:value=chosen
                on:change=move |event| {
                    let value = event_target_value(&event);
                    edit.put(|r| r.chosen_option = value);
                }
            >
                <option value="">"(not chosen yet)"</option>
                <For each=move || choices.get() key=|title| title.clone() let:title>
                    <option value=title.clone()>{title.clone()}</option>
                </For>
            </select>
        </div>
    }
}

/// The components the record is about: ticking one links it (and marks
/// the component on the canvas).
#[component]
fn LinkedComponents(number: u32, edit: RecordEdit, record: Memo<Option<DecisionRecord>>) -> impl IntoView {
    let document = edit.document;
    let items = Memo::new(move |_| {
        let linked: Vec<ComponentId> = record.with(|r| r.as_ref().map(|r| r.components.clone()).unwrap_or_default());
        document.with(|d| {
            let mut items: Vec<(ComponentId, String)> = d.components.iter().map(|c| (c.id.clone(), d.name_of(&c.id))).collect();
            for id in linked {
                if d.component(&id).is_none() {
                    items.push((id.clone(), format!("{id} (removed from the model)")));
                }
            }
            items
        })
    });
    let toggle = move |id: ComponentId, on: bool| {
        edit.put(|r| {
            if on && !r.components.contains(&id) {
                r.components.push(id);
            } else if !on {
                r.components.retain(|c| c != &id);
            }
        })
    };
    view! {
        <fieldset class="form-group" data-testid="linked-components">
            <legend>"Components this decision is about"</legend>
            <div class="check-grid">
                <For each=move || items.get() key=|(id, name)| (id.clone(), name.clone()) let:item>
                    {
                        let (component, name) = item;
                        let checked_id = component.clone();
                        let checked = move || record.with(|r| r.as_ref().is_some_and(|r| r.components.contains(&checked_id)));
                        view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    data-component-id=component.to_string()
                                    prop:checked=checked
                                    on:change:target=move |event| toggle(component.clone(), event.target().checked())
                                />
                                {name}
                            </label>
                        }
                    }
                </For>
            </div>
            <p class="field-hint">{format!("Linked components carry a marker on the canvas; ADR-{number:04} is listed under them.")}</p>
        </fieldset>
    }
}

/// The guardrails: when the decision stops holding, checked against the
/// document as it is now.
#[component]
fn GuardrailsEditor(number: u32, edit: RecordEdit, record: Memo<Option<DecisionRecord>>) -> impl IntoView {
    let document = edit.document;
    let count = Memo::new(move |_| record.with(|r| r.as_ref().map_or(0, |r| r.guardrails.len())));
    let has_components = Memo::new(move |_| document.with(|d| !d.components.is_empty()));
    let add = move |_| {
        let Some(guardrail) = document.with_untracked(|d| {
            let linked = record.with_untracked(|r| r.as_ref().and_then(|r| r.components.first().cloned()));
            let component = linked.filter(|id| d.component(id).is_some()).or_else(|| d.components.first().map(|c| c.id.clone()))?;
            Some(Guardrail {
                component,
                metric: GuardrailMetric::Utilisation,
                comparison: Comparison::AtMost,
                threshold: d.scenario.comfort_line,
                at_growth: d.scenario.growth,
            })
        }) else {
            return;
        };
        edit.put(|r| r.guardrails.push(guardrail));
    };
    view! {
        <fieldset class="form-group" data-testid="guardrails">
            <legend>"Guardrails"</legend>
            <p class="field-hint">
                "Conditions under which the decision holds. When an edit breaks one of an accepted record, "
                "the record is flagged as drifted in the list and on the canvas."
            </p>
            <For each=move || 0..count.get() key=|i| *i let:index>
                <GuardrailEditor number=number index=index edit=edit record=record/>
            </For>
            <button type="button" class="button" data-testid="add-guardrail" disabled=move || !has_components.get() on:click=add>
                "Add a guardrail"
            </button>
        </fieldset>
    }
}

/// One change of a guardrail's fields, refused with a reason.
type GuardrailChange = Box<dyn FnOnce(&mut Guardrail) -> Result<(), String>>;

#[component]
fn GuardrailEditor(number: u32, index: usize, edit: RecordEdit, record: Memo<Option<DecisionRecord>>) -> impl IntoView {
    let document = edit.document;
    let guardrail = Memo::new(move |_| record.with(|r| r.as_ref().and_then(|r| r.guardrails.get(index).cloned())));
    let status = Memo::new(move |_| record.with(|r| r.as_ref().map_or(StatusKind::Proposed, |r| r.status.kind())));
    let check = Memo::new(move |_| guardrail.get().map(|g| document.with(|d| evaluate_for(d, &g, status.get()))));
    let components = Memo::new(move |_| {
        let own = guardrail.with(|g| g.as_ref().map(|g| g.component.clone()));
        document.with(|d| {
            let mut items: Vec<(String, String)> = d.components.iter().map(|c| (c.id.to_string(), d.name_of(&c.id))).collect();
            if let Some(own) = own.filter(|id| d.component(id).is_none()) {
                items.push((own.to_string(), format!("{own} (removed)")));
            }
            items
        })
    });
    let update = move |apply: GuardrailChange| {
        let Some(mut changed) = guardrail.get_untracked() else {
            return;
        };
        if let Err(why) = apply(&mut changed) {
            edit.error.set(Some(format!("Not changed: guardrail {}: {why}.", index + 1)));
            return;
        }
        edit.put(|r| {
            if let Some(slot) = r.guardrails.get_mut(index) {
                *slot = changed;
            }
        });
    };
    let unit = move || guardrail.with(|g| g.as_ref().map_or(("%", 100.0), |g| g.metric.display_unit()));
    let threshold = move || {
        guardrail.with(|g| {
            g.as_ref()
                .map(|g| {
                    let (_, scale) = g.metric.display_unit();
                    exact_decimal(g.threshold, scale).unwrap_or_else(|| format!("{}", g.threshold * scale))
                })
                .unwrap_or_default()
        })
    };
    let id = move |name: &str| format!("adr-{number}-guardrail-{index}-{name}");
    let number_from = |text: &str| crate::words::quantity::read_number(text).ok_or_else(|| format!("{:?} is not a number", text.trim()));
    view! {
        <div class="guardrail" role="group" aria-label=format!("Guardrail {}", index + 1) data-testid="guardrail">
            <label class="field" for=id("component")>
                <span class="field-label">"Component"</span>
                <select
                    id=id("component")
                    class="field-input"
                    prop:value=move || guardrail.with(|g| g.as_ref().map(|g| g.component.to_string()).unwrap_or_default())
                    on:change=move |event| {
                        let value = event_target_value(&event);
                        update(Box::new(move |g| {
                            g.component = ComponentId::new(value);
                            Ok(())
                        }));
                    }
                >
                    <For each=move || components.get() key=|item| item.clone() let:item>
                        <option value=item.0.clone()>{item.1.clone()}</option>
                    </For>
                </select>
            </label>
            <label class="field" for=id("metric")>
                <span class="field-label">"Measure"</span>
                <select
                    id=id("metric")
                    class="field-input"
                    prop:value=move || guardrail.with(|g| g.as_ref().map(|g| g.metric.label()).unwrap_or_default())
                    on:change=move |event| {
                        let value = event_target_value(&event);
                        update(Box::new(move |g| {
                            let metric = GuardrailMetric::ALL.into_iter().find(|m| m.label() == value).ok_or("unknown measure")?;
                            if metric != g.metric {
                                // Keep the number the user sees meaningful:
                                // a sensible threshold in the new unit.
                                g.threshold = match metric {
                                    GuardrailMetric::Utilisation => 0.7,
                                    GuardrailMetric::ResponseTime => 0.25,
                                    GuardrailMetric::P95Latency | GuardrailMetric::P99Latency => 0.3,
                                    GuardrailMetric::Headroom => 2.0,
                                };
                                g.comparison = if metric == GuardrailMetric::Headroom { Comparison::AtLeast } else { Comparison::AtMost };
                                g.metric = metric;
                            }
                            Ok(())
                        }));
                    }
                >
                    {GuardrailMetric::ALL.into_iter().map(|m| view! { <option value=m.label()>{m.label()}</option> }).collect_view()}
                </select>
            </label>
            <label class="field" for=id("comparison")>
                <span class="field-label">"Holds while"</span>
                <select
                    id=id("comparison")
                    class="field-input"
                    prop:value=move || guardrail.with(|g| match g.as_ref().map(|g| g.comparison) {
                        Some(Comparison::AtLeast) => "at_least",
                        _ => "at_most",
                    })
                    on:change=move |event| {
                        let at_least = event_target_value(&event) == "at_least";
                        update(Box::new(move |g| {
                            g.comparison = if at_least { Comparison::AtLeast } else { Comparison::AtMost };
                            Ok(())
                        }));
                    }
                >
                    <option value="at_most">"≤ at most"</option>
                    <option value="at_least">"≥ at least"</option>
                </select>
            </label>
            <label class="field" for=id("threshold")>
                <span class="field-label">{move || format!("Threshold ({})", unit().0.trim())}</span>
                <input
                    id=id("threshold")
                    class="field-input field-number"
                    type="number"
                    step="any"
                    prop:value=threshold
                    on:change=move |event| {
                        let value = event_target_value(&event);
                        update(Box::new(move |g| {
                            let (_, scale) = g.metric.display_unit();
                            g.threshold = number_from(&value)? / scale;
                            Ok(())
                        }));
                    }
                />
            </label>
            <label class="field" for=id("growth")>
                <span class="field-label">"At growth (×)"</span>
                <input
                    id=id("growth")
                    class="field-input field-number"
                    type="number"
                    step="any"
                    min="0"
                    prop:value=move || guardrail.with(|g| g.as_ref().map(|g| format!("{}", g.at_growth)).unwrap_or_default())
                    on:change=move |event| {
                        let value = event_target_value(&event);
                        update(Box::new(move |g| {
                            g.at_growth = number_from(&value)?;
                            Ok(())
                        }));
                    }
                />
            </label>
            <p
                class="guardrail-check"
                class:guardrail-broken=move || {
                    status.get() != StatusKind::Proposed && check.with(|c| c.as_ref().is_some_and(|c| !c.holds))
                }
                class:guardrail-unmet=move || {
                    status.get() == StatusKind::Proposed && check.with(|c| c.as_ref().is_some_and(|c| !c.holds))
                }
                data-testid="guardrail-check"
            >
                {move || check.with(|c| c.as_ref().map(|c| c.text.clone()).unwrap_or_default())}
            </p>
            <button
                type="button"
                class="button button-quiet"
                aria-label=format!("Remove guardrail {}", index + 1)
                on:click=move |_| {
                    edit.put(|r| {
                        if index < r.guardrails.len() {
                            r.guardrails.remove(index);
                        }
                    })
                }
            >
                "Remove"
            </button>
        </div>
    }
}

/// The evidence snapshot, as the record's Markdown shows it; it can be
/// taken again from the figures on screen, or dropped.
#[component]
fn EvidenceView(edit: RecordEdit, record: Memo<Option<DecisionRecord>>) -> impl IntoView {
    let document = edit.document;
    let evidence = Memo::new(move |_| record.with(|r| r.as_ref().and_then(|r| r.evidence.clone())));
    let capture = move |_| {
        let linked = record.with_untracked(|r| r.as_ref().map(|r| r.components.clone()).unwrap_or_default());
        let captured = document.with_untracked(|d| evidence_now(d, &linked));
        edit.put(|r| r.evidence = Some(captured));
    };
    view! {
        <fieldset class="form-group" data-testid="evidence">
            <legend>"Evidence"</legend>
            {move || match evidence.get() {
                Some(evidence) => view! {
                    <div class="markdown-preview evidence-preview" inner_html=to_safe_html(&crate::files::evidence::to_markdown(&evidence))></div>
                }
                .into_any(),
                None => view! {
                    <p class="field-hint">"No figures recorded. “Take the figures on screen” freezes the scenario, growth, headroom, bottleneck and every component’s figures into the record."</p>
                }
                .into_any(),
            }}
            <div class="form-actions">
                <button type="button" class="button" on:click=capture>"Take the figures on screen"</button>
                <button
                    type="button"
                    class="button button-quiet"
                    disabled=move || evidence.with(Option::is_none)
                    on:click=move |_| edit.put(|r| r.evidence = None)
                >
                    "Remove the evidence"
                </button>
            </div>
        </fieldset>
    }
}

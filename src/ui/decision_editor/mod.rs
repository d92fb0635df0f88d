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

mod evidence;
mod guardrails;
mod links;
mod options;
mod status;

use leptos::prelude::*;

use evidence::EvidenceView;
use guardrails::GuardrailsEditor;
use links::LinkedComponents;
use options::{ChosenOption, OptionsEditor};
use status::StatusControl;

use crate::ui::decisions_panel::PanelMessage;
use crate::ui::decisions_state::DecisionsContext;
use crate::ui::state::{DocumentContext, Editor};
use crate::adr::{change_status, number_label, DecisionRecord, Status, StatusKind};
use crate::files::decisions_zip::render;
use crate::files::markdown_preview::to_safe_html;
use crate::model::{Command, Document};
use crate::platform::files;

/// Edits of the record being edited, each one command.
#[derive(Clone, Copy)]
pub(super) struct RecordEdit {
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

pub(super) fn status_of(kind: StatusKind) -> Status {
    match kind {
        StatusKind::Proposed => Status::Proposed,
        StatusKind::Accepted => Status::Accepted,
        StatusKind::Rejected => Status::Rejected,
        StatusKind::Deprecated => Status::Deprecated,
        StatusKind::Superseded => Status::SupersededBy(Vec::new()),
    }
}

/// Text typed one item per line, as a list (blank lines dropped).
pub(super) fn lines_of(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

/// Names typed with commas between them.
pub(super) fn names_of(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned).collect()
}

/// A labelled text input or text area that commits when it changes.
#[component]
pub(super) fn Field(
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

//! The scenario form's state on the page: the messages shown beside its
//! fields, and the one way its inputs change the document — a
//! `ScenarioEdit` turned into a scenario by `editor::forms::scenario_form` and
//! dispatched as `Command::SetScenario`. Also the labelled text field
//! every number of the panel uses.

use std::collections::BTreeMap;

use leptos::prelude::*;
use web_sys::HtmlInputElement;

use super::state::{DocumentContext, Editor};
use crate::editor::forms::scenario_form::{edit_scenario, messages_for, Field, ScenarioEdit};
use crate::model::Command;

/// The scenario panel's edits and messages, shared by its parts.
#[derive(Clone, Copy)]
pub struct ScenarioForm {
    editor: Editor,
    document: DocumentContext,
    messages: RwSignal<BTreeMap<Field, String>>,
}

impl ScenarioForm {
    /// A form over the page's document and editor (from context).
    pub fn new() -> ScenarioForm {
        ScenarioForm {
            editor: expect_context::<Editor>(),
            document: expect_context::<DocumentContext>(),
            messages: RwSignal::new(BTreeMap::new()),
        }
    }

    /// Applies one edit. A refusal is shown beside its field and leaves
    /// the document as it was; success clears the messages it settles.
    pub fn apply(&self, edit: ScenarioEdit) {
        let outcome = self.document.0.with_untracked(|d| edit_scenario(d, edit.clone()));
        let refused = match outcome {
            Err(message) => vec![message],
            Ok(scenario) => match self.editor.dispatch(Command::SetScenario(scenario)) {
                Ok(()) => Vec::new(),
                Err(error) => messages_for(&error),
            },
        };
        self.messages.update(|messages| {
            if refused.is_empty() {
                messages.retain(|field, _| !edit.settles(field));
            }
            for message in refused {
                messages.insert(message.field, message.message);
            }
        });
    }

    /// The message beside `field`, if its last value was refused.
    pub fn message(&self, field: &Field) -> Option<String> {
        self.messages.with(|m| m.get(field).cloned())
    }

    /// Messages that belong to no field of the form.
    pub fn other_messages(&self) -> Vec<String> {
        self.messages.with(|m| m.get(&Field::Other).cloned().into_iter().collect())
    }
}

/// A labelled text field that applies its text on Enter or when it loses
/// focus, with the message about its last refused value beside it.
#[component]
pub fn FormField(
    /// The form the field belongs to.
    form: ScenarioForm,
    /// Which field of the scenario it edits (for its message).
    field: Field,
    /// Element id of the input; the message's id derives from it.
    id: String,
    /// The visible label.
    label: String,
    /// The unit after the field ("req/s", "%", "×"); none when empty.
    #[prop(optional)]
    unit: &'static str,
    /// The value the document holds, as the field shows it.
    #[prop(into)]
    value: Signal<String>,
    /// What applying a text does.
    apply: Callback<String>,
    /// `inputmode` of the input: "decimal" for numbers, "text" for names.
    #[prop(default = "decimal")]
    inputmode: &'static str,
    /// Extra class on the wrapper (layout).
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    let message_id = format!("{id}-message");
    let message = {
        let field = field.clone();
        Memo::new(move |_| form.message(&field))
    };
    let invalid = move || message.with(Option::is_some);
    let run = move |input: HtmlInputElement| apply.run(input.value());

    view! {
        <div class=format!("form-field {class}") data-field=field.to_string()>
            <label class="form-label" for=id.clone()>{label}</label>
            <span class="form-control">
                <input
                    id=id
                    class="form-input"
                    type="text"
                    inputmode=inputmode
                    autocomplete="off"
                    spellcheck="false"
                    aria-describedby=message_id.clone()
                    aria-invalid=move || invalid().to_string()
                    prop:value=move || value.get()
                    on:change:target=move |ev| run(ev.target())
                    on:keydown:target=move |ev| {
                        if ev.key() == "Enter" {
                            run(ev.target());
                        }
                    }
                />
                {(!unit.is_empty()).then(|| view! { <span class="form-unit" aria-hidden="true">{unit}</span> })}
            </span>
            <p id=message_id class="field-message" role="alert" hidden=move || !invalid()>
                {move || message.get().unwrap_or_default()}
            </p>
        </div>
    }
}

/// The name shown for the component `id` among `components` (id, name);
/// the id itself when it is not there.
pub fn component_name(components: Memo<Vec<(String, String)>>, id: String) -> String {
    components.with(|c| c.iter().find(|(i, _)| *i == id).map(|(_, n)| n.clone()).unwrap_or(id))
}

/// A labelled select of the document's components, with the message about
/// its last refused choice beside it (an entry point's or an override's
/// component).
#[component]
pub fn ComponentPicker(
    /// The form the picker belongs to.
    form: ScenarioForm,
    /// Which field of the scenario it edits (for its message).
    field: Field,
    /// Element id of the select.
    id: String,
    /// The visible label ("Entry 1").
    label: String,
    /// Every component as (id, name).
    components: Memo<Vec<(String, String)>>,
    /// The chosen component's id.
    #[prop(into)]
    current: Signal<String>,
    /// What choosing a component's id does.
    choose: Callback<String>,
) -> impl IntoView {
    let message = Memo::new(move |_| form.message(&field));
    view! {
        <div class="form-field">
            <label class="form-label" for=id.clone()>{label}</label>
            <select id=id class="form-select" on:change:target=move |ev| choose.run(ev.target().value())>
                <For each=move || components.get() key=|c| c.clone() let:choice>
                    <option value=choice.0.clone() prop:selected=move || current.get() == choice.0>
                        {choice.1.clone()}
                    </option>
                </For>
            </select>
            <p class="field-message" role="alert" hidden=move || message.with(Option::is_none)>
                {move || message.get().unwrap_or_default()}
            </p>
        </div>
    }
}

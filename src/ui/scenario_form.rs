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

/// Up to this many components a picker is a select of them all; past it,
/// a field that suggests them from one shared list
/// ([`ComponentChoices`]): a hundred selects of 5,000 options each were
/// half a million elements, and no one scrolls a list that long.
pub const LISTED_UP_TO: usize = 300;

/// Whether `components` are too many to list in every picker.
pub fn too_many_to_list(components: Memo<Vec<(String, String)>>) -> Memo<bool> {
    Memo::new(move |_| components.with(Vec::len) > LISTED_UP_TO)
}

/// The one list of every component the pickers of a long document
/// suggest from (`list_id` names it).
#[component]
pub fn ComponentChoices(
    /// Element id of the list.
    list_id: &'static str,
    /// Every component as (id, name).
    components: Memo<Vec<(String, String)>>,
) -> impl IntoView {
    view! {
        <datalist id=list_id>
            <For each=move || components.get() key=|c| c.clone() let:choice>
                <option value=choice.0.clone()>{choice.1.clone()}</option>
            </For>
        </datalist>
    }
}

/// A labelled choice of one of the document's components, with the
/// message about its last refused choice beside it (an entry point's or
/// an override's component): a select of them all, or past
/// [`LISTED_UP_TO`] a field suggesting them from `list_id`'s list.
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
    /// Whether they are too many to list here ([`too_many_to_list`]).
    long: Memo<bool>,
    /// The shared list a long document's picker suggests from.
    list_id: &'static str,
    /// The chosen component's id.
    #[prop(into)]
    current: Signal<String>,
    /// What choosing a component's id does.
    choose: Callback<String>,
) -> impl IntoView {
    let refused = RwSignal::new(None::<String>);
    let message = Memo::new(move |_| refused.get().or_else(|| form.message(&field)));
    let select_id = id.clone();
    let listed = move || {
        // The select follows the chosen id through its value; each
        // option says only whether it was chosen when it was built, so
        // 5,000 options are not 5,000 effects.
        let initial = current.get_untracked();
        view! {
            <select id=select_id.clone() class="form-select" prop:value=move || current.get() on:change:target=move |ev| choose.run(ev.target().value())>
                <For each=move || components.get() key=|c| c.clone() let:choice>
                    <option value=choice.0.clone() selected=initial == choice.0>{choice.1.clone()}</option>
                </For>
            </select>
        }
    };
    view! {
        <div class="form-field">
            <label class="form-label" for=id.clone()>{label}</label>
            <Show when=move || long.get() fallback=listed>
                <input
                    id=id.clone()
                    class="form-input"
                    type="text"
                    list=list_id
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || current.get()
                    on:change:target=move |ev| {
                        let typed = ev.target().value();
                        match components.with(|c| crate::editor::forms::scenario_form::typed_component(c, &typed)) {
                            Ok(id) => {
                                refused.set(None);
                                choose.run(id);
                            }
                            Err(why) => refused.set(Some(format!("Nothing was changed: {why}."))),
                        }
                    }
                />
            </Show>
            <p class="field-message" role="alert" hidden=move || message.with(Option::is_none)>
                {move || message.get().unwrap_or_default()}
            </p>
        </div>
    }
}

//! Growth overrides: components whose traffic grows faster or slower than
//! the rest ("search grows 10× as fast"), one row each with a component
//! picker, the factor and a remove button, and a button to add one.

use leptos::prelude::*;

use super::scenario_form::{component_name, too_many_to_list, ComponentChoices, ComponentPicker, FormField, ScenarioForm};
use super::state::DesignContext;
use crate::words::quantity::typed_field_text;
use crate::editor::forms::scenario_form::{Field, ScenarioEdit};

/// The list a long document's pickers here suggest components from.
const LIST_ID: &str = "override-component-choices";

/// The list of growth overrides.
#[component]
pub fn OverridesEditor(
    /// The scenario form the rows edit.
    form: ScenarioForm,
) -> impl IntoView {
    let document = expect_context::<DesignContext>().0;
    let count = Memo::new(move |_| document.with(|d| d.scenario.growth_overrides.len()));
    let components = Memo::new(move |_| {
        document.with(|d| d.components.iter().map(|c| (c.id.to_string(), d.name_of(&c.id))).collect::<Vec<_>>())
    });
    let long = too_many_to_list(components);
    let list_message = Memo::new(move |_| form.message(&Field::Overrides));

    view! {
        <fieldset class="scenario-list" data-testid="overrides">
            <legend class="panel-subheading">"Growth overrides"</legend>
            <Show when=move || long.get()>
                <ComponentChoices list_id=LIST_ID components=components/>
            </Show>
            <p class="panel-hint">"A component whose traffic grows at its own pace: 10 means it grows 10× as fast as the rest."</p>
            <ul class="list-rows">
                <For each=move || 0..count.get() key=|i| *i let:i>
                    <OverrideRow form=form index=i components=components long=long/>
                </For>
            </ul>
            <button
                type="button"
                class="button"
                data-action="add-override"
                on:click=move |_| form.apply(ScenarioEdit::AddOverride)
            >
                "+ Add a growth override"
            </button>
            <p class="field-message" role="alert" hidden=move || list_message.with(Option::is_none)>
                {move || list_message.get().unwrap_or_default()}
            </p>
        </fieldset>
    }
}

/// One override: component, factor, remove.
#[component]
fn OverrideRow(
    form: ScenarioForm,
    /// Position in the scenario's overrides.
    index: usize,
    /// Every component as (id, name), for the picker.
    components: Memo<Vec<(String, String)>>,
    /// Whether they are too many to list in its picker.
    long: Memo<bool>,
) -> impl IntoView {
    let document = expect_context::<DesignContext>().0;
    let entry = Memo::new(move |_| {
        document.with(|d| d.scenario.growth_overrides.get(index).map(|o| (o.component.to_string(), o.factor)))
    });
    let current = move || entry.with(|e| e.as_ref().map(|e| e.0.clone()).unwrap_or_default());
    let name = move || component_name(components, current());

    view! {
        <li class="list-row" data-override=index.to_string()>
            <ComponentPicker
                form=form
                field=Field::OverrideComponent(index)
                id=format!("override-{index}-component")
                label=format!("Override {}", index + 1)
                components=components
                long=long
                list_id=LIST_ID
                current=Signal::derive(current)
                choose=Callback::new(move |id| form.apply(ScenarioEdit::OverrideComponent(index, id)))
            />
            <FormField
                form=form
                field=Field::OverrideFactor(index)
                id=format!("override-{index}-factor")
                label="Grows this many times as fast".to_owned()
                unit="×"
                value=Signal::derive(move || entry.with(|e| e.as_ref().map(|e| typed_field_text(e.1)).unwrap_or_default()))
                apply=Callback::new(move |text| form.apply(ScenarioEdit::OverrideFactor(index, text)))
            />
            <button
                type="button"
                class="button button-quiet"
                data-action="remove-override"
                aria-label=move || format!("Remove the growth override of {}", name())
                on:click=move |_| form.apply(ScenarioEdit::RemoveOverride(index))
            >
                "Remove"
            </button>
        </li>
    }
}

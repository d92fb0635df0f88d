//! The entry points of the scenario: which components receive traffic
//! from outside and how much at 1×, one row each with a component picker,
//! the rate, the objective, how bursty the arrivals are and a remove
//! button, and a button to add one.

use leptos::prelude::*;

use super::inspector::VariabilityPresets;
use super::scenario_form::{component_name, too_many_to_list, ComponentChoices, ComponentPicker, FormField, ScenarioForm};
use super::state::DesignContext;
use crate::words::quantity::typed_field_text;
use crate::editor::forms::scenario_form::{Field, ScenarioEdit, OBJECTIVE_PERCENTILES};

/// The list a long document's pickers here suggest components from.
const LIST_ID: &str = "entry-component-choices";

/// The list of entry points.
#[component]
pub fn EntriesEditor(
    /// The scenario form the rows edit.
    form: ScenarioForm,
) -> impl IntoView {
    let document = expect_context::<DesignContext>().0;
    let count = Memo::new(move |_| document.with(|d| d.scenario.entries.len()));
    let components = Memo::new(move |_| {
        document.with(|d| d.components.iter().map(|c| (c.id.to_string(), d.name_of(&c.id))).collect::<Vec<_>>())
    });
    let long = too_many_to_list(components);
    let list_message = Memo::new(move |_| form.message(&Field::Entries));

    view! {
        <fieldset class="scenario-list" data-testid="entries">
            <legend class="panel-subheading">"Entry points"</legend>
            <Show when=move || long.get()>
                <ComponentChoices list_id=LIST_ID components=components/>
            </Show>
            <Show when=move || count.get() == 0>
                <p class="panel-hint">"No traffic enters: add an entry point."</p>
            </Show>
            <ul class="list-rows">
                <For each=move || 0..count.get() key=|i| *i let:i>
                    <EntryRow form=form index=i components=components long=long/>
                </For>
            </ul>
            <button
                type="button"
                class="button"
                data-action="add-entry"
                on:click=move |_| form.apply(ScenarioEdit::AddEntry)
            >
                "+ Add an entry point"
            </button>
            <p class="field-message" role="alert" hidden=move || list_message.with(Option::is_none)>
                {move || list_message.get().unwrap_or_default()}
            </p>
        </fieldset>
    }
}

/// One entry point: component, rate, remove.
#[component]
fn EntryRow(
    form: ScenarioForm,
    /// Position in the scenario's entries.
    index: usize,
    /// Every component as (id, name), for the picker.
    components: Memo<Vec<(String, String)>>,
    /// Whether they are too many to list in its picker.
    long: Memo<bool>,
) -> impl IntoView {
    let document = expect_context::<DesignContext>().0;
    let entry = Memo::new(move |_| {
        document.with(|d| d.scenario.entries.get(index).map(|e| (e.component.to_string(), e.rate)))
    });
    let objective = Memo::new(move |_| document.with(|d| d.scenario.entries.get(index).and_then(|e| e.objective)));
    let burstiness = Signal::derive(move || {
        document.with(|d| d.scenario.entries.get(index).and_then(|e| e.arrival_scv).map(typed_field_text).unwrap_or_default())
    });
    let burstiness_id = format!("entry-{index}-arrival-scv");
    let percentile_id = format!("entry-{index}-objective-percentile");
    let percentile_message = Memo::new(move |_| form.message(&Field::EntryObjectivePercentile(index)));
    let chosen_percentile = move || objective.with(|o| o.map(|o| o.percentile).unwrap_or(0.99));
    let current = move || entry.with(|e| e.as_ref().map(|e| e.0.clone()).unwrap_or_default());
    let name = move || component_name(components, current());

    view! {
        <li class="list-row" data-entry=index.to_string()>
            <ComponentPicker
                form=form
                field=Field::EntryComponent(index)
                id=format!("entry-{index}-component")
                label=format!("Entry {}", index + 1)
                components=components
                long=long
                list_id=LIST_ID
                current=Signal::derive(current)
                choose=Callback::new(move |id| form.apply(ScenarioEdit::EntryComponent(index, id)))
            />
            <FormField
                form=form
                field=Field::EntryRate(index)
                id=format!("entry-{index}-rate")
                label="Requests per second at 1×".to_owned()
                unit="req/s"
                value=Signal::derive(move || entry.with(|e| e.as_ref().map(|e| typed_field_text(e.1)).unwrap_or_default()))
                apply=Callback::new(move |text| form.apply(ScenarioEdit::EntryRate(index, text)))
            />
            <div class="form-field">
                <label class="form-label" for=percentile_id.clone()>"Objective percentile"</label>
                <select
                    id=percentile_id
                    class="form-select"
                    data-field="objective-percentile"
                    on:change:target=move |ev| form.apply(ScenarioEdit::EntryObjectivePercentile(index, ev.target().value()))
                >
                    {OBJECTIVE_PERCENTILES
                        .iter()
                        .map(|&(share, label)| {
                            view! {
                                <option value=share.to_string() prop:selected=move || (chosen_percentile() - share).abs() < 1e-12>
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <p class="field-message" role="alert" hidden=move || percentile_message.with(Option::is_none)>
                    {move || percentile_message.get().unwrap_or_default()}
                </p>
            </div>
            <FormField
                form=form
                field=Field::EntryObjectiveTarget(index)
                id=format!("entry-{index}-objective-target")
                label="Objective: at most (empty for none)".to_owned()
                unit="ms"
                value=Signal::derive(move || objective.with(|o| o.map(|o| typed_field_text(o.target_ms)).unwrap_or_default()))
                apply=Callback::new(move |text| form.apply(ScenarioEdit::EntryObjectiveTarget(index, text)))
            />
            <div class="form-field-group">
                <FormField
                    form=form
                    field=Field::EntryArrivalScv(index)
                    id=burstiness_id.clone()
                    label="Arrival burstiness (empty: 1, Poisson)".to_owned()
                    unit="ca²"
                    value=burstiness
                    apply=Callback::new(move |text| form.apply(ScenarioEdit::EntryArrivalScv(index, text)))
                />
                <VariabilityPresets
                    id=format!("{burstiness_id}-presets")
                    of="Arrival burstiness"
                    shown=burstiness
                    choose=Callback::new(move |text| form.apply(ScenarioEdit::EntryArrivalScv(index, text)))
                />
            </div>
            <button
                type="button"
                class="button button-quiet"
                data-action="remove-entry"
                aria-label=move || format!("Remove the entry point at {}", name())
                on:click=move |_| form.apply(ScenarioEdit::RemoveEntry(index))
            >
                "Remove"
            </button>
        </li>
    }
}

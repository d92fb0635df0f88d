//! The components a record is about: each carries the record's marker on
//! the canvas and lists it under the component.

use leptos::prelude::*;

use super::RecordEdit;
use crate::adr::DecisionRecord;
use crate::model::ComponentId;

/// The components the record is about: ticking one links it (and marks
/// the component on the canvas).
#[component]
pub(super) fn LinkedComponents(number: u32, edit: RecordEdit, record: Memo<Option<DecisionRecord>>) -> impl IntoView {
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

//! The inspector's readiness checklist for one component: each item its
//! kind asks for (`model::readiness`), marked open, done or not needed,
//! with the component's score. A mark is one undoable edit of the
//! component; the counting is `engine::readiness`, the words
//! `words::readiness`.

use leptos::prelude::*;

use super::state::{DesignContext, Editor};
use crate::engine::readiness::{component_readiness, readiness};
use crate::words::readiness::{component_score, system_score};
use crate::model::readiness::{marked, state_of, ItemState, ReadinessItem};
use crate::model::{Command, Component, ComponentId};

fn state_of_value(value: &str) -> ItemState {
    ItemState::ALL.into_iter().find(|s| s.label() == value).unwrap_or_default()
}

/// The checklist of component `id`.
#[component]
pub fn ReadinessChecklist(id: ComponentId) -> impl IntoView {
    let design = expect_context::<DesignContext>().0;
    let editor = expect_context::<Editor>();
    let error = RwSignal::new(None::<String>);
    let component = {
        let id = id.clone();
        Memo::new(move |_| design.with(|d| d.component(&id).cloned()))
    };
    let items = Memo::new(move |_| component.with(|c| c.as_ref().map(|c| ReadinessItem::asked_of(c.kind)).unwrap_or_default()));
    let score = Memo::new(move |_| component.with(|c| c.as_ref().map(|c| component_score(&component_readiness(c))).unwrap_or_default()));
    let system = Memo::new(move |_| design.with(|d| system_score(&readiness(d))));
    let set = move |item: ReadinessItem, state: ItemState| {
        let Some(current) = component.get_untracked() else { return };
        let updated = Component { readiness: marked(&current.readiness, item, state), ..current };
        error.set(editor.dispatch(Command::UpdateComponent(updated)).err().map(|e| e.to_string()));
    };
    let prefix = format!("readiness-{id}");
    view! {
        <fieldset class="inspector-section readiness-checklist" data-testid="readiness-checklist">
            <legend>"Readiness"</legend>
            <p class="field-hint" data-testid="readiness-score">{move || format!("Ready: {}", score.get())}</p>
            <p class="field-hint" data-testid="readiness-system">{move || format!("The whole system — {}", system.get())}</p>
            <For each=move || items.get() key=|item| *item let:item>
                {
                    let field = format!("{prefix}-{item:?}").to_lowercase();
                    view! {
                        <div class="field">
                            <label for=field.clone()>{item.label()}</label>
                            <div class="field-input">
                                <select
                                    id=field
                                    data-item=format!("{item:?}")
                                    prop:value=move || component.with(|c| c.as_ref().map(|c| state_of(&c.readiness, item)).unwrap_or_default().label())
                                    on:change:target=move |ev| set(item, state_of_value(&ev.target().value()))
                                >
                                    {ItemState::ALL.into_iter().map(|s| view! { <option value=s.label()>{s.label()}</option> }).collect_view()}
                                </select>
                            </div>
                        </div>
                    }
                }
            </For>
            <p class="field-message" role="alert" hidden=move || error.with(Option::is_none)>{move || error.get().unwrap_or_default()}</p>
        </fieldset>
    }
}

//! The decisions about one component, for the place that shows a selected
//! component (the inspector): each record with its status and drift, a
//! button that opens it in the decisions panel, and "Record a decision
//! about it", which drafts a record from the scenario linking the
//! component.

use std::time::Duration;

use leptos::prelude::*;

use super::decisions_state::DecisionsContext;
use super::state::{DesignContext, DocumentContext, Editor};
use crate::adr::{draft_from_scenario, filter, next_number, number_label};
use crate::model::{Command, ComponentId};
use crate::platform::{clock, focus};

/// Opens record `number` in the decisions panel and moves the focus to it.
fn open_record(decisions: DecisionsContext, component: ComponentId, number: u32) {
    decisions.component_filter.set(Some(component));
    decisions.status_filter.set(None);
    decisions.selected.set(Some(number));
    // The editor is drawn on the next turn.
    set_timeout(move || focus::reveal(&format!("adr-{number}-heading")), Duration::ZERO);
}

/// The records linking `id`.
#[component]
pub fn ComponentDecisions(
    /// The component whose records are listed.
    id: ComponentId,
) -> impl IntoView {
    let document = expect_context::<DocumentContext>().0;
    let design = expect_context::<DesignContext>().0;
    let editor = expect_context::<Editor>();
    let Some(decisions) = use_context::<DecisionsContext>() else {
        return ().into_any();
    };
    let component = StoredValue::new(id);
    let records = Memo::new(move |_| {
        let drifted: Vec<u32> = decisions.drift.with(|d| d.iter().map(|(n, _)| *n).collect());
        component.with_value(|id| {
            design.with(|doc| {
                filter(&doc.decisions, None, Some(id))
                    .into_iter()
                    .map(|r| (r.number, format!("{} {}", number_label(r.number), r.title), r.status.label(), drifted.contains(&r.number)))
                    .collect::<Vec<_>>()
            })
        })
    });
    let error = RwSignal::new(None::<String>);
    let record = move |_| {
        let linked = vec![component.get_value()];
        let draft = document.with_untracked(|doc| draft_from_scenario(doc, next_number(&doc.decisions), &clock::today(), &linked));
        let number = draft.number;
        match editor.dispatch(Command::PutDecision(Box::new(draft))) {
            Ok(()) => {
                error.set(None);
                open_record(decisions, component.get_value(), number);
            }
            Err(why) => error.set(Some(format!("No record was added: {why}."))),
        }
    };
    view! {
        <section class="component-decisions" data-testid="component-decisions" aria-label="Decisions about this component">
            <h3 class="component-decisions-heading">"Decisions"</h3>
            <Show
                when=move || !records.with(Vec::is_empty)
                fallback=|| view! { <p class="field-hint">"No decision links this component yet."</p> }
            >
                <ul class="component-decisions-list">
                    <For each=move || records.get() key=|r| r.clone() let:item>
                        {
                            let (number, label, status, drifted) = item;
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="button component-decision"
                                        class:component-decision-drifted=drifted
                                        on:click=move |_| open_record(decisions, component.get_value(), number)
                                    >
                                        <span class="component-decision-label">{label}</span>
                                        <span class="component-decision-status">
                                            {status}
                                            {drifted.then_some(" · ⚠ drifted")}
                                        </span>
                                    </button>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </Show>
            <button type="button" class="button" data-testid="record-decision-about" on:click=record>
                "Record a decision about it"
            </button>
            {move || error.get().map(|why| view! { <p class="file-message file-message-problem" role="alert">{why}</p> })}
        </section>
    }
    .into_any()
}

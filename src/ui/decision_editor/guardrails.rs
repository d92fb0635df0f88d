//! A record's guardrails: when the decision stops holding, each checked
//! against the document as it is now. The fields' rules are
//! `editor::forms::guardrail_form`'s; this file wires them to inputs.

use leptos::prelude::*;

use super::RecordEdit;
use crate::adr::{evaluate_for, DecisionRecord, StatusKind, GuardrailMetric};
use crate::editor::forms::guardrail_form::{apply, component_choices, growth_text, new_guardrail, threshold_text, GuardrailField};

/// The guardrails: when the decision stops holding, checked against the
/// document as it is now.
#[component]
pub(super) fn GuardrailsEditor(number: u32, edit: RecordEdit, record: Memo<Option<DecisionRecord>>) -> impl IntoView {
    let document = edit.document;
    let count = Memo::new(move |_| record.with(|r| r.as_ref().map_or(0, |r| r.guardrails.len())));
    let has_components = Memo::new(move |_| document.with(|d| !d.components.is_empty()));
    let add = move |_| {
        let linked = record.with_untracked(|r| r.as_ref().and_then(|r| r.components.first().cloned()));
        let Some(guardrail) = document.with_untracked(|d| new_guardrail(d, linked.as_ref())) else {
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

#[component]
fn GuardrailEditor(number: u32, index: usize, edit: RecordEdit, record: Memo<Option<DecisionRecord>>) -> impl IntoView {
    let document = edit.document;
    let guardrail = Memo::new(move |_| record.with(|r| r.as_ref().and_then(|r| r.guardrails.get(index).cloned())));
    let status = Memo::new(move |_| record.with(|r| r.as_ref().map_or(StatusKind::Proposed, |r| r.status.kind())));
    let check = Memo::new(move |_| guardrail.get().map(|g| document.with(|d| evaluate_for(d, &g, status.get()))));
    let components = Memo::new(move |_| {
        let own = guardrail.with(|g| g.as_ref().map(|g| g.component.clone()));
        document.with(|d| component_choices(d, own.as_ref()))
    });
    let update = move |field: GuardrailField| {
        let Some(mut changed) = guardrail.get_untracked() else {
            return;
        };
        if let Err(why) = apply(&mut changed, field) {
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
    let threshold = move || guardrail.with(|g| g.as_ref().map(threshold_text).unwrap_or_default());
    let id = move |name: &str| format!("adr-{number}-guardrail-{index}-{name}");
    view! {
        <div class="guardrail" role="group" aria-label=format!("Guardrail {}", index + 1) data-testid="guardrail">
            <label class="field" for=id("component")>
                <span class="field-label">"Component"</span>
                <select
                    id=id("component")
                    class="field-input"
                    prop:value=move || guardrail.with(|g| g.as_ref().map(|g| g.component.to_string()).unwrap_or_default())
                    on:change=move |event| {
                        update(GuardrailField::Component(event_target_value(&event)));
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
                        update(GuardrailField::Metric(event_target_value(&event)));
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
                        Some(crate::adr::Comparison::AtLeast) => "at_least",
                        _ => "at_most",
                    })
                    on:change=move |event| {
                        update(GuardrailField::AtLeast(event_target_value(&event) == "at_least"));
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
                        update(GuardrailField::Threshold(event_target_value(&event)));
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
                    prop:value=move || guardrail.with(|g| g.as_ref().map(growth_text).unwrap_or_default())
                    on:change=move |event| {
                        update(GuardrailField::AtGrowth(event_target_value(&event)));
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

//! A record's status select, and the records that replace it or that it
//! replaces; a change goes through `adr::change_status` so the
//! superseded-by links are kept both ways.

use leptos::prelude::*;

use super::{status_of, RecordEdit};
use crate::adr::{number_label, DecisionRecord, Status, StatusKind};

/// Status select; "superseded" shows the records that replace this one.
#[component]
pub(super) fn StatusControl(number: u32, edit: RecordEdit, record: Memo<Option<DecisionRecord>>) -> impl IntoView {
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

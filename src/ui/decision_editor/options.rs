//! A record's considered options (each with its description, pros,
//! neutral points and cons) and the chosen one.

use leptos::prelude::*;

use super::{lines_of, Field, RecordEdit};
use crate::adr::{ConsideredOption, DecisionRecord};

/// The considered options, each with its description and arguments.
#[component]
pub(super) fn OptionsEditor(number: u32, edit: RecordEdit, record: Memo<Option<DecisionRecord>>) -> impl IntoView {
    let count = Memo::new(move |_| record.with(|r| r.as_ref().map_or(0, |r| r.considered_options.len())));
    let add = move |_| {
        edit.put(|r| {
            let title = format!("Option {}", r.considered_options.len() + 1);
            r.considered_options.push(ConsideredOption::new(title));
        })
    };
    view! {
        <fieldset class="form-group" data-testid="considered-options">
            <legend>"Considered options"</legend>
            <For each=move || 0..count.get() key=|i| *i let:index>
                <OptionEditor number=number index=index edit=edit record=record/>
            </For>
            <button type="button" class="button" data-testid="add-option" on:click=add>"Add an option"</button>
        </fieldset>
    }
}

#[component]
fn OptionEditor(number: u32, index: usize, edit: RecordEdit, record: Memo<Option<DecisionRecord>>) -> impl IntoView {
    let read = move |pick: fn(&ConsideredOption) -> String| {
        Signal::derive(move || {
            record.with(|r| r.as_ref().and_then(|r| r.considered_options.get(index)).map(pick).unwrap_or_default())
        })
    };
    let write = move |apply: fn(&mut ConsideredOption, String)| {
        Callback::new(move |value: String| {
            edit.put(|r| {
                if let Some(option) = r.considered_options.get_mut(index) {
                    apply(option, value);
                }
            })
        })
    };
    let remove = move |_| {
        edit.put(|r| {
            if index < r.considered_options.len() {
                let removed = r.considered_options.remove(index);
                if r.chosen_option == removed.title {
                    r.chosen_option.clear();
                }
            }
        })
    };
    let id = move |name: &str| format!("adr-{number}-option-{index}-{name}");
    let title = read(|o| o.title.clone());
    view! {
        <fieldset class="form-subgroup option-editor">
            <legend>{move || format!("Option {}: {}", index + 1, title.get())}</legend>
            <Field id=id("title") label="Title" value=title on_commit=write(|o, v| o.title = v.trim().to_owned())/>
            <Field id=id("description") label="Description" multiline=true
                value=read(|o| o.description.clone()) on_commit=write(|o, v| o.description = v.trim().to_owned())/>
            <Field id=id("pros") label="Good, because …" multiline=true hint="One argument per line."
                value=read(|o| o.pros.join("\n")) on_commit=write(|o, v| o.pros = lines_of(&v))/>
            <Field id=id("neutral") label="Neutral, because …" multiline=true hint="One argument per line."
                value=read(|o| o.neutral.join("\n")) on_commit=write(|o, v| o.neutral = lines_of(&v))/>
            <Field id=id("cons") label="Bad, because …" multiline=true hint="One argument per line."
                value=read(|o| o.cons.join("\n")) on_commit=write(|o, v| o.cons = lines_of(&v))/>
            <button
                type="button"
                class="button button-quiet"
                aria-label=move || format!("Remove option {}: {}", index + 1, title.get())
                on:click=remove
            >
                "Remove this option"
            </button>
        </fieldset>
    }
}

/// Which considered option was chosen.
#[component]
pub(super) fn ChosenOption(number: u32, edit: RecordEdit, record: Memo<Option<DecisionRecord>>) -> impl IntoView {
    let choices = Memo::new(move |_| {
        record.with(|r| {
            let Some(r) = r else { return Vec::new() };
            let mut titles: Vec<String> = r.considered_options.iter().map(|o| o.title.clone()).collect();
            if !r.chosen_option.is_empty() && !titles.contains(&r.chosen_option) {
                titles.push(r.chosen_option.clone());
            }
            titles
        })
    });
    let chosen = move || record.with(|r| r.as_ref().map(|r| r.chosen_option.clone()).unwrap_or_default());
    let select_id = format!("adr-{number}-chosen");
    view! {
        <div class="field">
            <label class="field-label" for=select_id.clone()>"Chosen option"</label>
            <select
                id=select_id.clone()
                class="field-input"
                data-testid="chosen-option"
                prop:value=chosen
                on:change=move |event| {
                    let value = event_target_value(&event);
                    edit.put(|r| r.chosen_option = value);
                }
            >
                <option value="">"(not chosen yet)"</option>
                <For each=move || choices.get() key=|title| title.clone() let:title>
                    <option value=title.clone()>{title.clone()}</option>
                </For>
            </select>
        </div>
    }
}

//! The decisions panel: the records of the document, numbered ADR-0001
//! onward and filterable by status and by component, with the drifted
//! ones flagged; the buttons that make records ("Record a decision" from
//! the scenario on screen, a blank one, Markdown or zip import in
//! whatever format each file is) and export them all; and the editor of
//! the record chosen in the list.

use leptos::html::Input;
use leptos::prelude::*;

use super::decision_editor::DecisionEditor;
use super::decision_folder_bar::DecisionFolderBar;
use super::decisions_state::DecisionsContext;
use super::state::{DesignContext, DocumentContext, Editor};
use crate::adr::{draft_from_scenario, filter, next_number, number_imported, DecisionRecord, StatusKind};
use crate::files::decisions_zip::{record_files, zip_records, AdrStyle, FOLDER};
use crate::files::nygard;
use crate::files::record_format::parse_record_files;
use crate::model::{Command, ComponentId};
use crate::platform::{clock, files};

/// A result to show under the panel's toolbar.
#[derive(Clone, Debug, PartialEq)]
pub struct PanelMessage {
    pub problem: bool,
    pub text: String,
    /// The undo label ("delete ADR-0003") of the edit an Undo button next
    /// to the message reverts; the button shows only while that edit is
    /// the last one.
    pub undo: Option<String>,
}

/// What a Nygard export cannot give back, one sentence per record that
/// loses something; empty for the other layouts, which carry every field.
fn export_losses(records: &[DecisionRecord], style: AdrStyle) -> Vec<String> {
    if style != AdrStyle::Nygard {
        return Vec::new();
    }
    records
        .iter()
        .filter_map(|r| {
            let lost = nygard::not_carried(r);
            (!lost.is_empty()).then(|| format!("{} loses {} in the Nygard layout", r.label(), lost.join(", ")))
        })
        .collect()
}

/// The decisions panel.
#[component]
pub fn DecisionsPanel() -> impl IntoView {
    let document = expect_context::<DocumentContext>().0;
    // What the lists show does not depend on the growth; a draft does.
    let design = expect_context::<DesignContext>().0;
    let editor = expect_context::<Editor>();
    let decisions = expect_context::<DecisionsContext>();
    let message = RwSignal::new(None::<PanelMessage>);
    let import_input = NodeRef::<Input>::new();
    provide_context(message);

    let say = move |problem: bool, text: String| message.set(Some(PanelMessage { problem, text, undo: None }));

    let visible = Memo::new(move |_| {
        let status = decisions.status_filter.get();
        let component = decisions.component_filter.get();
        design.with(|doc| {
            filter(&doc.decisions, status, component.as_ref())
                .into_iter()
                .map(|r| r.number)
                .collect::<Vec<u32>>()
        })
    });
    let total = Memo::new(move |_| design.with(|d| d.decisions.len()));
    // Components a filter can name: those of the model, then ids records
    // still link although the component was removed.
    let filterable = Memo::new(move |_| {
        design.with(|doc| {
            let mut found: Vec<(String, String)> =
                doc.components.iter().map(|c| (c.id.to_string(), doc.name_of(&c.id))).collect();
            for record in &doc.decisions {
                for id in record.components.iter().chain(record.guardrails.iter().map(|g| &g.component)) {
                    if !found.iter().any(|(known, _)| known == id.as_str()) {
                        found.push((id.to_string(), format!("{id} (removed)")));
                    }
                }
            }
            found
        })
    });

    let put_new = move |record: DecisionRecord, what: &str| {
        let number = record.number;
        let label = record.label();
        match editor.dispatch(Command::PutDecision(Box::new(record))) {
            Ok(()) => {
                decisions.selected.set(Some(number));
                say(false, format!("{label} {what}."));
            }
            Err(why) => say(true, format!("No record was added: {why}.")),
        }
    };
    let record_decision = move |_| {
        // The components selected on the canvas, else the one the list is
        // filtered by, are linked besides the bottleneck.
        let mut selected = decisions.selection.get_untracked();
        if selected.is_empty() {
            selected.extend(decisions.component_filter.get_untracked());
        }
        let record = document.with_untracked(|doc| {
            draft_from_scenario(doc, next_number(&doc.decisions), &clock::today(), &selected)
        });
        put_new(record, "was drafted from the scenario: fill in the options and the outcome");
    };
    let new_record = move |_| {
        let mut record = document.with_untracked(|doc| DecisionRecord::new(next_number(&doc.decisions), "New decision", clock::today()));
        record.components = decisions.component_filter.get_untracked().into_iter().collect();
        put_new(record, "was added");
    };
    let export_all = move |_| {
        let style = decisions.style.get_untracked();
        let zipped = document.with_untracked(|doc| zip_records(&doc.decisions, style));
        let outcome = zipped.and_then(|bytes| files::download("decisions.zip", "application/zip", &bytes));
        let losses = document.with_untracked(|doc| export_losses(&doc.decisions, style));
        match outcome {
            Ok(()) => {
                let mut text = format!("decisions.zip is downloading: one file per record under {FOLDER}/, and a README listing them.");
                if style == AdrStyle::Nygard {
                    text.push_str(" adr-tools finds them through the .adr-dir file at the zip's root.");
                }
                for loss in losses {
                    text.push_str(&format!(" {loss}."));
                }
                say(false, text)
            }
            Err(why) => say(true, format!("Nothing was exported: {why}.")),
        }
    };
    let import = move |_| {
        let Some(input) = import_input.get_untracked() else {
            return;
        };
        let chosen = files::chosen_files(&input);
        files::clear_choice(&input);
        if chosen.is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            let mut texts = Vec::new();
            for file in chosen {
                // A zip (this panel's export, or a repository's folder)
                // holds the records; any other file is one record.
                let read = if file.name().to_lowercase().ends_with(".zip") {
                    match files::read_bytes(file).await {
                        Ok((name, bytes)) => record_files(&bytes)
                            .map(|found| found.into_iter().map(|(path, text)| (format!("{name}: {path}"), text)).collect())
                            .map_err(|why| format!("{name}: {why}")),
                        Err(why) => Err(why),
                    }
                } else {
                    files::read_text(file).await.map(|named| vec![named])
                };
                match read {
                    Ok(named) => texts.extend(named),
                    Err(why) => {
                        say(true, format!("Nothing was imported: {why}."));
                        return;
                    }
                }
            }
            let (parsed, formats) = match parse_record_files(&texts, &clock::today()) {
                Ok(parsed) => parsed,
                Err(why) => {
                    say(true, format!("Nothing was imported:\n{why}"));
                    return;
                }
            };
            let (records, notes) = document.with_untracked(|doc| number_imported(&doc.decisions, parsed));
            let labels: Vec<String> = records.iter().map(|r| format!("{} \"{}\"", r.label(), r.title)).collect();
            let first = records.first().map(|r| r.number);
            let batch = Command::Batch(records.into_iter().map(|r| Command::PutDecision(Box::new(r))).collect());
            match editor.dispatch(batch) {
                Ok(()) => {
                    decisions.selected.set(first);
                    let mut text = format!("Imported {} ({}).", labels.join(", "), formats.join(", "));
                    for note in notes {
                        text.push(' ');
                        text.push_str(&note);
                        text.push('.');
                    }
                    say(false, text);
                }
                Err(why) => say(true, format!("Nothing was imported: {why}.")),
            }
        });
    };

    let status_value = move || decisions.status_filter.get().map_or("", StatusKind::label);
    let on_status = move |event: leptos::ev::Event| {
        let value = event_target_value(&event);
        decisions.status_filter.set(StatusKind::ALL.into_iter().find(|k| k.label() == value));
    };
    let component_value = move || decisions.component_filter.get().map(|c| c.to_string()).unwrap_or_default();
    let on_component = move |event: leptos::ev::Event| {
        let value = event_target_value(&event);
        decisions.component_filter.set((!value.is_empty()).then(|| ComponentId::new(value)));
    };
    let style_value = move || match decisions.style.get() {
        AdrStyle::Madr => "madr",
        AdrStyle::Nygard => "nygard",
        AdrStyle::Log4brains => "log4brains",
    };
    let on_style = move |event: leptos::ev::Event| {
        decisions.style.set(match event_target_value(&event).as_str() {
            "nygard" => AdrStyle::Nygard,
            "log4brains" => AdrStyle::Log4brains,
            _ => AdrStyle::Madr,
        });
    };

    view! {
        <section class="decisions" aria-labelledby="decisions-heading" data-testid="decisions">
            <div class="decisions-header">
                <h2 id="decisions-heading">"Decisions"</h2>
                <div class="decisions-toolbar" role="group" aria-label="Make and export records">
                    <button type="button" class="button button-primary" data-testid="record-decision" on:click=record_decision>
                        "Record a decision"
                    </button>
                    <button type="button" class="button" data-testid="new-record" on:click=new_record>"New blank record"</button>
                    <button
                        type="button"
                        class="button"
                        data-testid="import-markdown"
                        on:click=move |_| {
                            if let Some(input) = import_input.get_untracked() {
                                input.click();
                            }
                        }
                    >
                        "Import Markdown…"
                    </button>
                    <input
                        node_ref=import_input
                        data-testid="import-markdown-file"
                        type="file"
                        multiple
                        accept=".md,.markdown,.zip,text/markdown,text/plain,application/zip"
                        hidden
                        aria-label="Markdown records or a zip of them to import"
                        on:change=import
                    />
                    <button
                        type="button"
                        class="button"
                        data-testid="export-all"
                        disabled=move || total.get() == 0
                        on:click=export_all
                    >
                        "Export all (.zip)"
                    </button>
                    <label class="field field-inline" for="adr-style">
                        <span class="field-label">"Markdown layout"</span>
                        <select id="adr-style" data-testid="adr-style" class="field-input" prop:value=style_value on:change=on_style>
                            <option value="madr">"MADR 4"</option>
                            <option value="nygard">"Nygard (adr-tools)"</option>
                            <option value="log4brains">"log4brains (MADR 2 header)"</option>
                        </select>
                    </label>
                </div>
            </div>
            <DecisionFolderBar/>
            <p class="decisions-hint">
                "“Record a decision” drafts a proposed record from the scenario on screen: the bottleneck, "
                "the figures now and at 1× as evidence, and a guardrail that flags the record if a later edit breaks it."
            </p>
            {move || message.get().map(|m| {
                let undo = m.undo.clone().filter(|label| editor.undo_label.with(|l| l.as_deref() == Some(label)));
                view! {
                    <div class="panel-message" class:panel-message-problem=m.problem>
                        <p data-testid="decisions-message" role=if m.problem { "alert" } else { "status" }>{m.text}</p>
                        {undo.map(|_| view! {
                            <button
                                type="button"
                                class="button"
                                data-testid="decisions-undo"
                                on:click=move |_| {
                                    editor.undo();
                                    message.set(None);
                                }
                            >
                                "Undo"
                            </button>
                        })}
                    </div>
                }
            })}
            <div class="decisions-body">
                <div class="decisions-list-pane">
                    <div class="decisions-filters" role="group" aria-label="Filter the records">
                        <label class="field" for="decision-status-filter">
                            <span class="field-label">"Status"</span>
                            <select
                                id="decision-status-filter"
                                data-testid="status-filter"
                                class="field-input"
                                prop:value=status_value
                                on:change=on_status
                            >
                                <option value="">"All statuses"</option>
                                {StatusKind::ALL
                                    .into_iter()
                                    .map(|kind| view! { <option value=kind.label()>{kind.label()}</option> })
                                    .collect_view()}
                            </select>
                        </label>
                        <label class="field" for="decision-component-filter">
                            <span class="field-label">"Component"</span>
                            <select
                                id="decision-component-filter"
                                data-testid="component-filter"
                                class="field-input"
                                prop:value=component_value
                                on:change=on_component
                            >
                                <option value="">"All components"</option>
                                <For each=move || filterable.get() key=|(id, name)| (id.clone(), name.clone()) let:item>
                                    <option value=item.0.clone()>{item.1.clone()}</option>
                                </For>
                            </select>
                        </label>
                    </div>
                    <Show
                        when=move || !visible.with(Vec::is_empty)
                        fallback=move || {
                            let text = if total.get() == 0 {
                                "No decisions recorded yet. Turn the growth dial to where it hurts, then “Record a decision”."
                            } else {
                                "No record matches these filters."
                            };
                            view! { <p class="decisions-empty">{text}</p> }
                        }
                    >
                        <ul class="decision-list" data-testid="decision-list" aria-label="Decision records">
                            <For each=move || visible.get() key=|n| *n let:number>
                                <DecisionListItem number=number/>
                            </For>
                        </ul>
                    </Show>
                </div>
                <div class="decisions-editor-pane">
                    {move || match decisions.selected.get() {
                        Some(number) if design.with(|d| d.decisions.iter().any(|r| r.number == number)) => {
                            view! { <DecisionEditor number=number/> }.into_any()
                        }
                        _ => view! {
                            <p class="decisions-empty">"Choose a record in the list to read or edit it."</p>
                        }
                        .into_any(),
                    }}
                </div>
            </div>
        </section>
    }
}

/// One line of the list: number, title, status, date, and the drift flag.
#[component]
fn DecisionListItem(number: u32) -> impl IntoView {
    let design = expect_context::<DesignContext>().0;
    let decisions = expect_context::<DecisionsContext>();
    let record = Memo::new(move |_| design.with(|d| d.decisions.iter().find(|r| r.number == number).cloned()));
    let read = move |pick: fn(&DecisionRecord) -> String| move || record.with(|r| r.as_ref().map(pick).unwrap_or_default());
    let drift = Memo::new(move |_| decisions.drift_of(number));
    let current = move || decisions.selected.get() == Some(number);
    view! {
        <li class="decision-list-item" data-testid="decision-item" data-number=number.to_string()>
            <button
                type="button"
                class="decision-item"
                class:decision-item-current=current
                class:decision-item-drifted=move || !drift.with(Vec::is_empty)
                aria-current=move || if current() { "true" } else { "false" }
                on:click=move |_| decisions.selected.set(Some(number))
            >
                <span class="decision-item-label">{read(|r| r.label())}</span>
                <span class="decision-item-title" data-testid="decision-item-title">{read(|r| r.title.clone())}</span>
                <span class="decision-item-meta">
                    <span class="decision-status" data-status=read(|r| r.status.kind().label().to_owned())>
                        {read(|r| r.status.label())}
                    </span>
                    " · "
                    {read(|r| r.date.clone())}
                </span>
                {move || (!drift.with(Vec::is_empty)).then(|| view! {
                    <span class="decision-drift" data-testid="drift-flag">
                        "⚠ Drifted: " {drift.get().join("; ")}
                    </span>
                })}
            </button>
        </li>
    }
}

//! The automatic plan: a target growth and a utilisation ceiling in, the
//! cheapest sequence of interventions that reaches them out
//! (`engine::PlanSearch`), each step explained with its before and after
//! figures (`words::plan`).
//!
//! The search runs in slices of about a frame each, handed back to the
//! browser in between (`platform::timer`), so the page keeps answering;
//! once it has taken longer than 200 ms a progress bar and Cancel show.
//! Each step applies as one undoable edit, in order, and only on the
//! architecture it was planned for (`editor::forms::planning::plan_position`):
//! if the document changed meanwhile, the panel says so and offers to
//! search again. Each step says what it unlocks and, for a choice, why;
//! steps that only prepare a later one are shown under one heading with
//! it. The message about the step applied last is read from the document
//! (`editor::forms::planning::applied_step`), so it follows Undo and Redo. A step
//! can become a decision record, and the whole plan an option.

use leptos::prelude::*;

use super::decisions_state::DecisionsContext;
use super::options_panel::propose_record;
use super::planning_message::{Note, PlanningMessage};
use super::state::{DocumentContext, Editor};
use crate::adr::{next_number, record_from_plan_step};
use crate::editor::forms::planning::{
    applied_step, parse_ceiling, parse_target, plan_option, plan_position, step_command, AppliedStep, PlanPosition,
    DEFAULT_TARGET_GROWTH,
};
use crate::words::quantity::{percent_field_text, typed_field_text};
use crate::engine::{Plan, PlanAssembly, PlanSearch, PlanSettings, PlanTarget, SearchProgress};
use crate::words::plan::{applied_step_text, explain_steps, progress_text, summarise, PlanSummary, StepText, StepsText};
use crate::model::Command;
use crate::platform::{clock, timer};

/// How long one slice of the search may run before the browser gets a
/// turn, in milliseconds: well under a frame at 60 Hz.
const SLICE_MS: f64 = 12.0;
/// Architectures examined (or moves replayed) between two looks at the
/// clock: one, since on a large model one can take tens of milliseconds.
const WORK_PER_LOOK: usize = 1;
/// A search that has run this long shows its progress and Cancel.
const SHOW_PROGRESS_AFTER_MS: f64 = 200.0;

/// A search under way.
#[derive(Clone, Debug, PartialEq)]
struct Running {
    progress: SearchProgress,
    /// Most architectures the search will examine.
    budget: usize,
    /// `performance.now()` when "Find plan" was pressed.
    started: f64,
    /// Milliseconds spent searching (the slices, without the turns given
    /// back to the browser).
    computing: f64,
    /// Longer than [`SHOW_PROGRESS_AFTER_MS`] already.
    slow: bool,
}

/// A plan found, with what the panel shows about it.
#[derive(Clone, Debug, PartialEq)]
struct Found {
    plan: Plan,
    summary: PlanSummary,
    /// Each step in words, and the groups they form.
    explained: StepsText,
    /// From "Find plan" to the plan, milliseconds (what the user waited).
    elapsed_ms: f64,
    /// Of which searching (the slices), milliseconds.
    computing_ms: f64,
}

/// The work under way: searching, then putting the plan together (each
/// move replayed for its figures).
enum Stage {
    Searching(PlanSearch),
    Assembling(Box<PlanAssembly>),
}

/// The search's state, shared by the slices.
#[derive(Clone, Copy)]
struct Search {
    stage: StoredValue<Option<Stage>>,
    /// Bumped by every start and cancel: a slice of an older search stops.
    generation: StoredValue<u32>,
    running: RwSignal<Option<Running>>,
    found: RwSignal<Option<Found>>,
    document: DocumentContext,
}

impl Search {
    fn start(self, target: PlanTarget) {
        let doc = self.document.0.get_untracked();
        let settings = PlanSettings::for_document(&doc);
        self.generation.update_value(|g| *g = g.wrapping_add(1));
        let generation = self.generation.get_value();
        let started = clock::since_page_start();
        let search = PlanSearch::new(&doc, target, settings);
        let progress = search.progress();
        self.stage.set_value(Some(Stage::Searching(search)));
        self.found.set(None);
        self.running.set(Some(Running {
            progress,
            budget: settings.max_expansions,
            started,
            computing: clock::since_page_start() - started,
            slow: false,
        }));
        timer::soon(move || self.slice(generation));
    }

    /// Stops the search under way; returns how far it got.
    fn cancel(self) -> Option<usize> {
        self.generation.update_value(|g| *g = g.wrapping_add(1));
        self.stage.set_value(None);
        let running = self.running.get_untracked();
        self.running.set(None);
        running.map(|r| r.progress.explored)
    }

    /// Runs the search for about [`SLICE_MS`], then either finishes or
    /// schedules the next slice.
    fn slice(self, generation: u32) {
        if self.generation.get_value() != generation {
            return;
        }
        let from = clock::since_page_start();
        let out_of_time = || clock::since_page_start() - from >= SLICE_MS;
        let mut progress = None;
        let mut plan = None;
        self.stage.update_value(|stage| {
            // Search, then assemble, until the slice's time is up.
            loop {
                match stage.take() {
                    Some(Stage::Searching(mut search)) => {
                        let now = search.step(WORK_PER_LOOK);
                        progress = Some(now);
                        *stage = if now.done {
                            search.assemble().map(|assembly| Stage::Assembling(Box::new(assembly)))
                        } else {
                            Some(Stage::Searching(search))
                        };
                    }
                    Some(Stage::Assembling(mut assembly)) => {
                        if assembly.step(WORK_PER_LOOK) {
                            plan = Some(assembly.finish());
                        } else {
                            *stage = Some(Stage::Assembling(assembly));
                        }
                    }
                    None => break,
                }
                if stage.is_none() || out_of_time() {
                    break;
                }
            }
        });
        let now = clock::since_page_start();
        let Some(mut running) = self.running.get_untracked() else { return };
        running.computing += now - from;
        if let Some(progress) = progress {
            running.progress = progress;
        }
        running.slow = now - running.started > SHOW_PROGRESS_AFTER_MS;
        if self.stage.with_value(Option::is_some) {
            self.running.set(Some(running));
            timer::soon(move || self.slice(generation));
            return;
        }
        self.running.set(None);
        if let Some(plan) = plan {
            let summary = self.document.0.with_untracked(|d| summarise(d, &plan));
            let explained = explain_steps(&plan);
            self.found.set(Some(Found {
                plan,
                summary,
                explained,
                elapsed_ms: now - running.started,
                computing_ms: running.computing,
            }));
        }
    }
}

/// One step: where the document stands on it, what to do, what it
/// unlocks, why (for a choice), and its buttons.
fn step_view(
    k: usize,
    text: StepText,
    position: Memo<Option<PlanPosition>>,
    apply: impl Fn(usize) + Copy + Send + Sync + 'static,
    record: impl Fn(usize) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let state = move || match position.get() {
        Some(PlanPosition::Next(next)) if k < next => "applied",
        Some(PlanPosition::Next(next)) if k == next => "next",
        Some(PlanPosition::Done) => "applied",
        Some(PlanPosition::Stale) => "stale",
        _ => "later",
    };
    let StepText { description, unlock, reason } = text;
    view! {
        <li class="plan-step" data-testid="plan-step" data-state=state value=(k + 1).to_string()>
            <p class="plan-step-text">
                <span class="plan-step-state">
                    {move || match state() {
                        "applied" => "✓ applied: ",
                        "next" => "next: ",
                        _ => "",
                    }}
                </span>
                <span data-testid="plan-step-description">{description}</span>
            </p>
            <p class="plan-step-unlock" data-testid="plan-step-unlock">{unlock}</p>
            {reason.map(|reason| view! { <p class="plan-step-reason" data-testid="plan-step-reason">{reason}</p> })}
            <div class="plan-step-actions" role="group" aria-label=format!("Step {}", k + 1)>
                <button
                    type="button"
                    class="button"
                    data-testid="apply-step"
                    disabled=move || state() != "next"
                    on:click=move |_| apply(k)
                >
                    "Apply"
                </button>
                <button type="button" class="button" data-testid="record-step" on:click=move |_| record(k)>
                    "Record as decision"
                </button>
            </div>
        </li>
    }
}

/// The plan panel.
#[component]
pub fn PlanPanel() -> impl IntoView {
    let document = expect_context::<DocumentContext>();
    let editor = expect_context::<Editor>();
    let decisions = expect_context::<DecisionsContext>();
    let search = Search {
        stage: StoredValue::new(None),
        generation: StoredValue::new(0),
        running: RwSignal::new(None),
        found: RwSignal::new(None),
        document,
    };
    let note = RwSignal::new(None::<Note>);
    // The step this panel applied last, with the undo label of its edit.
    let applied = RwSignal::new(None::<(usize, String)>);
    let target_text = RwSignal::new(typed_field_text(DEFAULT_TARGET_GROWTH));
    // `None` follows the scenario's comfort line.
    let ceiling_text = RwSignal::new(None::<String>);
    let target_error = RwSignal::new(None::<String>);
    let ceiling_error = RwSignal::new(None::<String>);
    let comfort = move || document.0.with(|d| percent_field_text(d.scenario.comfort_line));
    let ceiling_value = move || ceiling_text.get().unwrap_or_else(comfort);

    let position = Memo::new(move |_| {
        search.found.with(|f| f.as_ref().map(|f| document.0.with(|d| plan_position(d, &f.plan))))
    });

    let find = move || {
        let target = parse_target(&target_text.get_untracked());
        let ceiling = parse_ceiling(&ceiling_text.get_untracked().unwrap_or_else(|| {
            document.0.with_untracked(|d| percent_field_text(d.scenario.comfort_line))
        }));
        target_error.set(target.as_ref().err().cloned());
        ceiling_error.set(ceiling.as_ref().err().cloned());
        if let (Ok(growth), Ok(ceiling)) = (target, ceiling) {
            note.set(None);
            applied.set(None);
            search.start(PlanTarget { growth, ceiling });
        }
    };
    let cancel = move |_| {
        if let Some(explored) = search.cancel() {
            note.set(Some(Note::done(format!("Search cancelled after examining {explored} architectures."), None)));
        }
    };
    let apply = move |k: usize| {
        let made = search.found.with_untracked(|f| {
            let step = f.as_ref()?.plan.steps.get(k)?;
            document.0.with_untracked(|d| step_command(d, step))
        });
        let Some(command) = made else {
            note.set(Some(Note::problem("That step does not apply to the document as it is now: find the plan again.")));
            return;
        };
        let label = command.label();
        match editor.dispatch(command) {
            Ok(()) => {
                note.set(None);
                applied.set(Some((k, label)));
            }
            Err(why) => note.set(Some(Note::problem(format!("Step {} was not applied: {why}.", k + 1)))),
        }
    };
    // What became of the step applied last, as the document has it now:
    // applied, undone, or (after other edits) nothing to claim.
    let applied_note = Signal::derive(move || {
        let (k, label) = applied.get()?;
        let position = position.get()?;
        search.found.with(|f| {
            let plan = &f.as_ref()?.plan;
            match applied_step(position, k, plan.steps.len())? {
                AppliedStep::Applied(k) => Some(Note::done(applied_step_text(plan, k, true)?, Some(label))),
                AppliedStep::Undone(k) => Some(Note::done(applied_step_text(plan, k, false)?, None)),
            }
        })
    });
    let record = move |k: usize| {
        let made = search.found.with_untracked(|f| {
            let plan = &f.as_ref()?.plan;
            let number = document.0.with_untracked(|d| next_number(&d.decisions));
            record_from_plan_step(plan, k, number, &clock::today())
        });
        let Some(record) = made else {
            note.set(Some(Note::problem("No record was made from that step.")));
            return;
        };
        propose_record(editor, decisions, note, record, &format!("step {}", k + 1));
    };
    let save_option = move |_| {
        let option = search.found.with_untracked(|f| {
            f.as_ref().map(|f| document.0.with_untracked(|d| plan_option(d, &f.plan)))
        });
        let Some(option) = option else { return };
        let name = option.name.clone();
        let command = Command::PutOption(Box::new(option));
        let label = command.label();
        match editor.dispatch(command) {
            Ok(()) => note.set(Some(Note::done(
                format!("Saved the plan's architecture as the option “{name}”: compare it in the options panel."),
                Some(label),
            ))),
            Err(why) => note.set(Some(Note::problem(format!("The plan was not saved: {why}.")))),
        }
    };

    let running = move || search.running.get().is_some();
    let slow = move || search.running.with(|r| r.as_ref().is_some_and(|r| r.slow));
    let status = move || {
        if running() {
            "Searching for the cheapest plan…".to_owned()
        } else {
            search.found.with(|f| f.as_ref().map(|f| f.summary.outcome.clone()).unwrap_or_default())
        }
    };

    view! {
        <section class="plan panel" aria-labelledby="plan-heading" data-testid="plan">
            <h2 id="plan-heading" class="panel-heading">"Automatic plan"</h2>
            <p class="panel-hint">
                "The cheapest sequence of moves — scale out, raise a maximum, read replicas, a cache, a pooler, a queue, "
                "extracting a module, sharding — that carries the system to the target growth with every component under the ceiling."
            </p>
            <form
                class="plan-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    if !running() {
                        find();
                    }
                }
            >
                <div class="field">
                    <label class="field-label" for="plan-target">"Target growth (×)"</label>
                    <input
                        id="plan-target"
                        data-testid="plan-target"
                        class="field-input field-number"
                        type="text"
                        inputmode="decimal"
                        autocomplete="off"
                        aria-describedby="plan-target-message"
                        aria-invalid=move || target_error.with(Option::is_some).to_string()
                        prop:value=move || target_text.get()
                        on:input:target=move |ev| target_text.set(ev.target().value())
                    />
                    <span class="field-hint">"default " {typed_field_text(DEFAULT_TARGET_GROWTH)} "×"</span>
                    <p id="plan-target-message" class="field-message" role="alert" hidden=move || target_error.with(Option::is_none)>
                        {move || target_error.get().unwrap_or_default()}
                    </p>
                </div>
                <div class="field">
                    <label class="field-label" for="plan-ceiling">"Utilisation ceiling (%)"</label>
                    <input
                        id="plan-ceiling"
                        data-testid="plan-ceiling"
                        class="field-input field-number"
                        type="text"
                        inputmode="decimal"
                        autocomplete="off"
                        aria-describedby="plan-ceiling-message"
                        aria-invalid=move || ceiling_error.with(Option::is_some).to_string()
                        prop:value=ceiling_value
                        on:input:target=move |ev| ceiling_text.set(Some(ev.target().value()))
                    />
                    <span class="field-hint">"default: the comfort line, " {comfort} "%"</span>
                    <p id="plan-ceiling-message" class="field-message" role="alert" hidden=move || ceiling_error.with(Option::is_none)>
                        {move || ceiling_error.get().unwrap_or_default()}
                    </p>
                </div>
                <div class="plan-actions">
                    <button type="submit" class="button button-primary" data-testid="find-plan" disabled=running>
                        "Find plan"
                    </button>
                    <Show when=slow>
                        <button type="button" class="button" data-testid="cancel-plan" on:click=cancel>"Cancel"</button>
                    </Show>
                </div>
            </form>
            <p class="visually-hidden" role="status">{status}</p>
            <Show when=slow>
                {move || search.running.get().map(|r| {
                    let text = progress_text(&r.progress, r.budget);
                    view! {
                        <div class="plan-progress" data-testid="plan-progress">
                            <progress
                                id="plan-progress-bar"
                                max=r.budget.to_string()
                                value=r.progress.explored.min(r.budget).to_string()
                                aria-label="Plan search"
                                aria-valuetext=text.clone()
                            ></progress>
                            <p class="plan-progress-text">{text}</p>
                        </div>
                    }
                })}
            </Show>
            <PlanningMessage note=note derived=applied_note test_id="plan-message"/>
            {move || search.found.get().map(|found| {
                let Found { plan, summary, explained, elapsed_ms, computing_ms } = found;
                let count = explained.steps.len();
                view! {
                    <div
                        class="plan-result"
                        data-testid="plan-result"
                        data-reached=plan.reached.to_string()
                        data-elapsed-ms=format!("{elapsed_ms:.1}")
                        data-computing-ms=format!("{computing_ms:.1}")
                        data-explored=plan.explored.to_string()
                    >
                        <p class="plan-outcome" class:plan-outcome-short=!plan.reached data-testid="plan-outcome">
                            <span aria-hidden="true">{if plan.reached { "✔ " } else { "⚠ " }}</span>
                            {summary.outcome.clone()}
                        </p>
                        <p class="plan-cost" data-testid="plan-cost">{summary.cost.clone()}</p>
                        {(!summary.unfixable.is_empty()).then(|| view! {
                            <h3 class="panel-subheading">"What no move fixes"</h3>
                            <ul class="plan-unfixable" data-testid="plan-unfixable">
                                {summary.unfixable.iter().map(|u| view! { <li>{u.clone()}</li> }).collect_view()}
                            </ul>
                        })}
                        <p class="panel-hint">
                            {summary.search.clone()} " Found in " {format!("{elapsed_ms:.0}")} " ms."
                        </p>
                        {move || (position.get() == Some(PlanPosition::Stale)).then(|| view! {
                            <div class="panel-message panel-message-problem" data-testid="plan-stale">
                                <p>"The architecture changed since this plan was found: its steps no longer apply in order. Find the plan again."</p>
                                <button type="button" class="button" data-testid="replan" on:click=move |_| find()>"Find the plan again"</button>
                            </div>
                        })}
                        {move || (position.get() == Some(PlanPosition::Done) && count > 0).then(|| view! {
                            <p class="plan-done" data-testid="plan-done">"Every step is applied."</p>
                        })}
                        <div class="plan-toolbar">
                            <button type="button" class="button" data-testid="save-plan-option" on:click=save_option>
                                "Save plan as option"
                            </button>
                        </div>
                        <ol class="plan-steps" data-testid="plan-steps">
                            {explained.groups.into_iter().map(|group| {
                                let steps = group.steps.iter().filter_map(|&k| {
                                    explained.steps.get(k).cloned().map(|text| step_view(k, text, position, apply, record))
                                }).collect_view();
                                match group.heading {
                                    Some(heading) => {
                                        let start = group.steps.first().map_or(1, |k| k + 1);
                                        view! {
                                            <li class="plan-group" data-testid="plan-group">
                                                <p class="plan-group-heading" data-testid="plan-group-heading">{heading}</p>
                                                <ol class="plan-steps plan-group-steps" start=start.to_string()>{steps}</ol>
                                            </li>
                                        }.into_any()
                                    }
                                    None => steps.into_any(),
                                }
                            }).collect_view()}
                        </ol>
                        {(count == 0 && plan.reached).then(|| view! { <p class="limits-empty">"No step needed."</p> })}
                    </div>
                }
            })}
        </section>
    }
}

//! Migration: strangler-fig plans as a timeline under the drawing. A team
//! picks the component to replace and its replacement (or has one drawn:
//! the service a module would be extracted into), types the split, and
//! reads for each step both sides' load, utilisation and p99, the bill,
//! and whether the step is safe, with the way back checked. A step can be
//! taken on the model to see it on the canvas, and undone. The figures are
//! `engine::migration`'s, the words `words::migration`'s, the edits
//! `editor::forms::migration_form`'s.

use leptos::prelude::*;

use super::state::{DocumentContext, Editor, SettledDocument};
use crate::editor::forms::migration_form::{
    new_plan, record_plan, shares_text, take_step, with_old_instances, with_shadow, with_shares, without_plan,
};
use crate::engine::migration::{current_share, migration_report};
use super::explanation::WorkingRows;
use crate::words::explain::Explanation;
use crate::words::migration::{migration_rows, migration_summary, step_working, MigrationRow};
use crate::words::quantity::multiplier;
use crate::model::{Command, ComponentId, Document};

/// One card of a plan's timeline.
#[derive(Clone, Debug, PartialEq)]
struct StepView {
    row: MigrationRow,
    /// The plan's step it is (the shadow phase is none: it is not taken).
    step: Option<usize>,
    /// The old side's instances typed for it.
    instances: String,
    /// Whether the model already stands at this step.
    done: bool,
    working: Vec<Explanation>,
}

/// One plan as the page shows it.
#[derive(Clone, Debug, PartialEq)]
struct PlanView {
    index: usize,
    title: String,
    summary: String,
    shares: String,
    shadow: bool,
    rows: Vec<StepView>,
    /// The names of both sides, for the figure labels.
    old: String,
    new: String,
    /// What runs the old side (a module's host), whose instances a step
    /// may shrink.
    old_runner: String,
    error: Option<String>,
}

fn plan_views(doc: &Document) -> Vec<PlanView> {
    doc.migrations
        .iter()
        .enumerate()
        .map(|(index, plan)| {
            let (old, new) = (doc.name_of(&plan.old), doc.name_of(&plan.new));
            let title = format!("{old} → {new}");
            let runner = doc.component(&plan.old).and_then(|c| c.host()).unwrap_or(&plan.old);
            let old_runner = doc.name_of(runner).to_owned();
            let taken = current_share(doc, plan);
            match migration_report(doc, plan, doc.scenario.growth) {
                Ok(report) => {
                    let steps = (0..plan.steps.len()).map(Some);
                    let phases: Vec<Option<usize>> = if plan.shadow { std::iter::once(None).chain(steps).collect() } else { steps.collect() };
                    let rows = migration_rows(doc, &report)
                        .into_iter()
                        .zip(phases)
                        .zip(report.steps.iter().map(|s| step_working(doc, s)))
                        .map(|((row, step), working)| {
                            let step_plan = step.and_then(|s| plan.steps.get(s));
                            let instances = step_plan.and_then(|s| s.old_instances).map(|n| n.to_string()).unwrap_or_default();
                            let done = step_plan.is_some_and(|s| (s.share - taken).abs() < 1e-9);
                            StepView { row, step, instances, done, working }
                        })
                        .collect();
                    PlanView {
                        index,
                        title,
                        summary: migration_summary(doc, &report),
                        shares: shares_text(plan),
                        shadow: plan.shadow,
                        rows,
                        old: old.to_owned(),
                        new: new.to_owned(),
                        old_runner: old_runner.clone(),
                        error: None,
                    }
                }
                Err(error) => PlanView {
                    index,
                    title,
                    summary: String::new(),
                    shares: shares_text(plan),
                    shadow: plan.shadow,
                    rows: Vec::new(),
                    old: old.to_owned(),
                    new: new.to_owned(),
                    old_runner,
                    error: Some(error),
                },
            }
        })
        .collect()
}

/// The panel: a form for a new plan, then each plan's timeline.
#[component]
pub fn MigrationPanel() -> impl IntoView {
    let settled = expect_context::<SettledDocument>().0;
    let document = expect_context::<DocumentContext>().0;
    let editor = expect_context::<Editor>();
    let plans = Memo::new(move |_| settled.with(plan_views));
    let growth = move || settled.with(|d| multiplier(d.scenario.growth));
    let components = Memo::new(move |_| {
        settled.with(|d| d.components.iter().map(|c| (c.id.to_string(), d.name_of(&c.id).to_owned())).collect::<Vec<_>>())
    });
    let old_choice = RwSignal::new(String::new());
    let new_choice = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    // The latest document: an edit is made against it, not the settled one.
    let send = move |make: &dyn Fn(&Document) -> Result<Command, String>| {
        let outcome = document.with_untracked(make).and_then(|command| editor.dispatch(command).map_err(|e| e.to_string()));
        let done = outcome.is_ok();
        message.set(outcome.err());
        done
    };
    let plan = move || {
        let old = old_choice.get_untracked();
        let old = if old.is_empty() { components.with_untracked(|c| c.first().map(|(id, _)| id.clone())).unwrap_or_default() } else { old };
        let new = new_choice.get_untracked();
        send(&|d: &Document| {
            let old = ComponentId::new(old.clone());
            if d.component(&old).is_none() {
                return Err("choose the component to replace".to_owned());
            }
            let new = (!new.is_empty()).then(|| ComponentId::new(new.clone()));
            new_plan(d, &old, new.as_ref())
        });
    };

    view! {
        <section class="panel migration" aria-labelledby="migration-heading" data-testid="migration">
            <h2 id="migration-heading" class="panel-heading">"Migration, step by step, at " {growth}</h2>
            <p class="panel-hint">
                "No big bang: move a share of a component’s traffic to its replacement at each step. A step is safe when "
                "nothing saturates or runs out of connections, no latency objective breaks, and the old side could take "
                "all the traffic back if the new one failed."
            </p>
            <form class="migration-form" on:submit=move |ev| { ev.prevent_default(); plan(); }>
                <div class="field">
                    <label class="field-label" for="migration-old">"Replace"</label>
                    <select
                        id="migration-old"
                        data-testid="migration-old"
                        on:change:target=move |ev| old_choice.set(ev.target().value())
                    >
                        <For each=move || components.get() key=|(id, _)| id.clone() let:choice>
                            <option value=choice.0.clone() selected=move || old_choice.with(|o| o == &choice.0)>{choice.1.clone()}</option>
                        </For>
                    </select>
                </div>
                <div class="field">
                    <label class="field-label" for="migration-new">"with"</label>
                    <select
                        id="migration-new"
                        data-testid="migration-new"
                        on:change:target=move |ev| new_choice.set(ev.target().value())
                    >
                        <option value="">"a new service, drawn for it"</option>
                        <For each=move || components.get() key=|(id, _)| id.clone() let:choice>
                            <option value=choice.0.clone()>{choice.1.clone()}</option>
                        </For>
                    </select>
                </div>
                <button type="submit" class="button button-primary" data-testid="plan-migration">"Plan migration"</button>
            </form>
            <p class="field-message" role="alert" data-testid="migration-message" hidden=move || message.with(Option::is_none)>
                {move || message.get().unwrap_or_default()}
            </p>
            {move || plans.get().into_iter().map(|plan| view! { <PlanTimeline plan=plan send=send/> }).collect_view()}
        </section>
    }
}

#[component]
fn PlanTimeline(
    plan: PlanView,
    /// Makes an edit against the latest document; whether it was made.
    send: impl Fn(&dyn Fn(&Document) -> Result<Command, String>) -> bool + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let recorded = RwSignal::new(None::<String>);
    let document = expect_context::<DocumentContext>().0;
    let index = plan.index;
    let heading = format!("migration-{index}-heading");
    let labelled_by = heading.clone();
    let shares_id = format!("migration-{index}-shares");
    let shares = RwSignal::new(plan.shares.clone());
    let (old, new, runner) = (plan.old.clone(), plan.new.clone(), plan.old_runner.clone());
    let steps = plan
        .rows
        .into_iter()
        .map(|StepView { row, step, instances, done, working }| {
            let (old, new, runner) = (old.clone(), new.clone(), runner.clone());
            let instances_id = format!("migration-{index}-step-{}-instances", step.unwrap_or(usize::MAX));
            let label = format!("Take the {} step on the model", row.step);
            view! {
                <li class="migration-step" data-testid="migration-step" data-safe=row.safe.to_string() data-done=done.to_string()>
                    <p class="migration-step-share">{row.step.clone()}</p>
                    <p class="migration-step-verdict" data-testid="migration-verdict">
                        <span aria-hidden="true">{if row.safe { "✔ " } else { "✖ " }}</span>
                        {if row.safe { "Safe".to_owned() } else { format!("Unsafe: {}", row.verdict) }}
                    </p>
                    <details class="migration-working" data-testid="migration-working">
                        <summary>"How this is worked out"</summary>
                        <table class="working">
                            <caption class="visually-hidden">{format!("The {} step, worked out", row.step)}</caption>
                            <WorkingRows figures=Memo::new(move |_| working.clone())/>
                        </table>
                    </details>
                    <dl class="migration-figures">
                        <dt>{old.clone()}</dt>
                        <dd data-testid="migration-old-figures">
                            <span>{row.old.load.clone()}</span>
                            <span>{row.old.utilisation.clone()}</span>
                            <span>"p99 " {row.old.p99.clone()}</span>
                        </dd>
                        <dt>{new.clone()}</dt>
                        <dd data-testid="migration-new-figures">
                            <span>{row.new.load.clone()}</span>
                            <span>{row.new.utilisation.clone()}</span>
                            <span>"p99 " {row.new.p99.clone()}</span>
                        </dd>
                        <dt>"Bill"</dt>
                        <dd>{row.bill.clone()}</dd>
                    </dl>
                    {step.map(|s| {
                        let instances_id = instances_id.clone();
                        view! {
                            <div class="field migration-instances">
                                <label class="field-label" for=instances_id.clone()>{format!("{runner} instances from here")}</label>
                                <input
                                    id=instances_id
                                    type="text"
                                    inputmode="numeric"
                                    autocomplete="off"
                                    placeholder="as declared"
                                    prop:value=instances.clone()
                                    on:change:target=move |ev| {
                                        let text = ev.target().value();
                                        send(&|d: &Document| with_old_instances(d, index, s, &text));
                                    }
                                />
                            </div>
                            <button
                                type="button"
                                class="button"
                                data-testid="take-step"
                                aria-label=label.clone()
                                disabled=done
                                on:click=move |_| { send(&|d: &Document| take_step(d, index, s)); }
                            >
                                {if done { "On the model" } else { "Take this step" }}
                            </button>
                        }
                    })}
                </li>
            }
        })
        .collect_view();

    view! {
        <article class="migration-plan" data-testid="migration-plan" aria-labelledby=labelled_by>
            <h3 id=heading.clone() class="migration-title">{plan.title.clone()}</h3>
            <p class="migration-summary" data-testid="migration-summary">{plan.summary.clone()}</p>
            {plan.error.clone().map(|e| view! { <p class="field-message" role="alert">{e}</p> })}
            <div class="migration-settings">
                <div class="field">
                    <label class="field-label" for=shares_id.clone()>"Steps (% of the traffic on the new side)"</label>
                    <input
                        id=shares_id
                        data-testid="migration-shares"
                        type="text"
                        autocomplete="off"
                        prop:value=move || shares.get()
                        on:input:target=move |ev| shares.set(ev.target().value())
                        on:change:target=move |ev| {
                            let text = ev.target().value();
                            send(&|d: &Document| with_shares(d, index, &text));
                        }
                    />
                </div>
                <label class="migration-shadow">
                    <input
                        type="checkbox"
                        data-testid="migration-shadow"
                        prop:checked=plan.shadow
                        on:change:target=move |ev| {
                            let on = ev.target().checked();
                            send(&|d: &Document| with_shadow(d, index, on));
                        }
                    />
                    " Shadow phase first (the new side takes a copy of all the traffic, answering nobody)"
                </label>
                <button
                    type="button"
                    class="button"
                    data-testid="record-migration"
                    on:click=move |_| {
                        let today = crate::platform::clock::today();
                        if send(&|d: &Document| record_plan(d, index, &today)) {
                            // The record just added has the highest number.
                            let label = document.with_untracked(|d| d.decisions.iter().map(|r| r.number).max()).map(crate::adr::number_label);
                            recorded.set(label.map(|l| format!("{l} was drafted with the migration table: open it under Decisions.")));
                        }
                    }
                >
                    "Record as a decision"
                </button>
                <button type="button" class="button" data-testid="remove-migration" on:click=move |_| { send(&|d: &Document| without_plan(d, index)); }>
                    "Remove plan"
                </button>
            </div>
            <p class="field-hint" role="status" data-testid="migration-recorded">{move || recorded.get().unwrap_or_default()}</p>
            <ol class="migration-timeline" aria-label="Steps of the migration">{steps}</ol>
        </article>
    }
}

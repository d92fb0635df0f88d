//! The limits under the drawing: the order in which components give out
//! as the system grows (the bottleneck first), what is broken at the
//! current growth (connections, rate limits, unbounded queues, capped
//! autoscaling), and every connection budget, each line naming the
//! component and the numbers. The words are `words::limits`. Like the
//! other panels under the drawing it follows the growth dial once the
//! slider rests (the banner above the drawing follows every step).

use leptos::prelude::*;

use super::state::{DocumentContext, Editor, ObjectivesContext, ReportContext, SettledDocument, SuspicionsContext};
use crate::words::limits::{
    budget_lines, ranking_lines, suspicion_line, violation_lines, BudgetLine, RankingLine, SuspicionLine, ViolationLine,
};
use crate::model::suspicions;
use crate::words::quantity::multiplier;

/// How many limits the ranking lists.
const RANKED: usize = 5;

/// Ranking, violations and connection budgets.
#[component]
pub fn LimitsPanel() -> impl IntoView {
    let document = expect_context::<SettledDocument>().0;
    let report = expect_context::<ReportContext>().0;
    let objectives = expect_context::<ObjectivesContext>().0;
    let ranking =
        Memo::new(move |_| document.with(|d| report.with(|r| objectives.with(|o| ranking_lines(d, r, o, RANKED)))));
    let violations = Memo::new(move |_| document.with(|d| report.with(|r| violation_lines(d, r))));
    let budgets = Memo::new(move |_| document.with(|d| report.with(|r| budget_lines(d, r))));
    let growth = move || report.with(|r| multiplier(r.growth));
    let violation = move |index: usize, read: fn(&ViolationLine) -> String| {
        violations.with(|v| v.get(index).map(read).unwrap_or_default())
    };

    view! {
        <section class="limits" aria-labelledby="limits-heading" data-testid="limits">
            <h2 id="limits-heading" class="panel-heading">"Limits"</h2>
            <CheckTheModel/>
            <div class="limits-columns">
                <div class="limits-column">
                    <h3 class="limits-subheading">"What gives out, in order"</h3>
                    <Show
                        when=move || ranking.with(|r| !r.is_empty())
                        fallback=|| view! { <p class="limits-empty">"Nothing receives traffic."</p> }
                    >
                        <ol class="ranking" data-testid="ranking">
                            <For each=move || ranking.get() key=|line: &RankingLine| line.clone() let:line>
                                <li
                                    data-component-id=line.id.clone()
                                    data-limit=line.limit
                                    class:past=line.past
                                >
                                    {line.text.clone()}
                                </li>
                            </For>
                        </ol>
                    </Show>
                </div>
                <div class="limits-column">
                    <h3 class="limits-subheading">"Broken at " {growth}</h3>
                    <Show
                        when=move || violations.with(|v| !v.is_empty())
                        fallback=move || view! {
                            <p class="limits-empty" data-testid="no-violations">
                                "Nothing is broken at " {growth} ": no connection, rate-limit, backlog or scaling limit is exceeded."
                            </p>
                        }
                    >
                        <ul class="violations" data-testid="violations">
                            // Rows are kept by position and their words updated in
                            // place: the figures change at every step of the dial,
                            // and rebuilding every row each step costs the frame.
                            <For each=move || 0..violations.with(Vec::len) key=|index: &usize| *index let:index>
                                <li
                                    data-component-id=move || violation(index, |l| l.id.clone())
                                    data-kind=move || violation(index, |l| l.kind.to_owned())
                                >
                                    {move || violation(index, |l| l.text.clone())}
                                </li>
                            </For>
                        </ul>
                    </Show>
                    <Show when=move || budgets.with(|b| !b.is_empty())>
                        <h3 class="limits-subheading">"Connections"</h3>
                        <ul class="budgets" data-testid="budgets">
                            <For each=move || budgets.get() key=|line: &BudgetLine| line.clone() let:line>
                                <li data-component-id=line.id.clone() class:exceeded=line.exceeded>
                                    {line.text.clone()}
                                </li>
                            </For>
                        </ul>
                    </Show>
                </div>
            </div>
        </section>
    }
}

/// What the model says that its author most likely did not mean, each
/// with the one edit that puts it right (undoable like any edit).
#[component]
fn CheckTheModel() -> impl IntoView {
    let lines = expect_context::<SuspicionsContext>().0;
    let document = expect_context::<DocumentContext>().0;
    let editor = expect_context::<Editor>();
    let outcome = RwSignal::new(None::<String>);
    let fix = move |line: &SuspicionLine| {
        let command = document.with_untracked(|doc| {
            suspicions(doc).into_iter().find(|s| suspicion_line(doc, s) == *line).and_then(|s| s.fix(doc))
        });
        outcome.set(Some(match command.map(|c| editor.dispatch(c)) {
            Some(Ok(())) => format!("{}: done (Ctrl+Z undoes it).", line.fix),
            Some(Err(refused)) => format!("{}: not possible: {refused}", line.fix),
            None => "That was already put right.".to_owned(),
        }));
    };
    view! {
        <Show when=move || lines.with(|l| !l.is_empty())>
            <div class="suspicions" data-testid="suspicions">
                <h3 class="limits-subheading">"Check the model"</h3>
                <ul class="suspicion-list">
                    <For each=move || lines.get() key=|line: &SuspicionLine| line.text.clone() let:line>
                        <li class="suspicion" data-component-id=line.id.clone() data-kind=line.kind>
                            <span class="suspicion-text">{line.text.clone()}</span>
                            <button
                                type="button"
                                class="button"
                                data-testid="suspicion-fix"
                                on:click={
                                    let line = line.clone();
                                    move |_| fix(&line)
                                }
                            >
                                {line.fix.clone()}
                            </button>
                        </li>
                    </For>
                </ul>
            </div>
        </Show>
        <p class="visually-hidden" role="status" aria-live="polite">{move || outcome.get().unwrap_or_default()}</p>
    }
}

//! Failures: the verdict and one line per failure tried (an instance, a
//! zone, a cold cache, a replica, a slow external API), at the current
//! growth; each line opens to its working (what the failure changes, the
//! figures of what breaks first under it, the headroom left, the latency
//! before → after). The words are `words::resilience`; the figures are
//! the engine's solve of the document with that failure. It follows the
//! settled report, like the other panels under the drawing.

use leptos::prelude::*;

use super::explanation::WorkingRows;
use super::row_signals::RowSignals;
use super::state::{ReportContext, SettledDocument};
use crate::engine::{resilience_table, ResilienceTable};
use crate::words::resilience::{failure_lines, failure_working, resilience_verdict, FailureLine};

/// What the panel shows at one growth: the verdict, the lines, and the
/// table the workings are worked out from when a line is opened.
#[derive(Clone, Debug, PartialEq)]
struct Worded {
    verdict: String,
    lines: Vec<FailureLine>,
    table: ResilienceTable,
}

/// A row's key: its place, component and failure.
type RowKey = (usize, String, String);

impl Worded {
    /// Each line by its key: it keeps its row (and whether it is open)
    /// while the dial moves, being the same failure of the same component.
    fn keyed_lines(&self) -> Vec<(RowKey, FailureLine)> {
        self.lines.iter().enumerate().map(|(k, l)| ((k, l.component.clone(), l.failure.clone()), l.clone())).collect()
    }
}

/// The resilience table under the limits.
#[component]
pub fn ResiliencePanel() -> impl IntoView {
    let document = expect_context::<SettledDocument>().0;
    let report = expect_context::<ReportContext>().0;
    let worded = Memo::new(move |_| {
        let growth = report.with(|r| r.growth);
        document.with(|d| {
            let table = resilience_table(d, growth);
            Worded { verdict: resilience_verdict(d, &table), lines: failure_lines(d, &table), table }
        })
    });

    let lines = RowSignals::follow(move || worded.with(Worded::keyed_lines));

    view! {
        <section class="panel resilience" aria-labelledby="resilience-heading" data-testid="resilience">
            <h2 id="resilience-heading" class="panel-heading">"Failures"</h2>
            <p class="resilience-verdict" data-testid="resilience-verdict">{move || worded.with(|w| w.verdict.clone())}</p>
            <p class="panel-hint" id="resilience-hint">"Select a failure to see how its figures are worked out."</p>
            <table class="resilience-table">
                <caption class="visually-hidden">"What each failure does at the current growth"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Component"</th>
                        <th scope="col">"Failure"</th>
                        <th scope="col">"Holds?"</th>
                        <th scope="col">"Then"</th>
                    </tr>
                </thead>
                // A row keeps its place (and whether it is open) while the
                // dial moves: it is the same failure of the same component.
                <For each=move || worded.with(Worded::keyed_lines) key=|(key, _)| key.clone() let:item>
                    {
                        let (key, shown) = item;
                        view! { <FailureRowView index=key.0 line=lines.row(key, shown) worded=worded/> }
                    }
                </For>
            </table>
        </section>
    }
}

/// One failure and, opened, its working (worked out only once asked for).
#[component]
fn FailureRowView(index: usize, line: ReadSignal<FailureLine>, worded: Memo<Worded>) -> impl IntoView {
    let document = expect_context::<SettledDocument>().0;
    let open = RwSignal::new(false);
    let field = move |pick: fn(&FailureLine) -> String| move || line.with(pick);
    let state = move || line.with(|l| l.state);
    let working = Memo::new(move |_| {
        if !open.get() {
            return Vec::new();
        }
        worded.with(|w| document.with(|d| failure_working(d, &w.table, index)))
    });
    let id = format!("failure-working-{index}");
    let caption = move || {
        line.with(|l| format!("How {} — {} is worked out", l.component, l.failure))
    };
    view! {
        <tbody class="failure" data-state=state>
            <tr data-state=state>
                <td>{field(|l| l.component.clone())}</td>
                <td>
                    <button
                        type="button"
                        class="working-toggle failure-toggle"
                        aria-expanded=move || open.get().to_string()
                        aria-controls=id.clone()
                        aria-describedby="resilience-hint"
                        data-testid="failure-toggle"
                        on:click=move |_| open.update(|o| *o = !*o)
                    >
                        <span class="working-arrow" aria-hidden="true">{move || if open.get() { "▾ " } else { "▸ " }}</span>
                        {field(|l| l.failure.clone())}
                        <span class="visually-hidden">{field(|l| format!(" of {}", l.component))}</span>
                    </button>
                </td>
                <td class="resilience-state">{state}</td>
                <td>{field(|l| l.detail.clone())}</td>
            </tr>
            <tr class="working-row failure-working-row" id=id.clone() hidden=move || !open.get()>
                <td colspan="4">
                    <Show when=move || open.get()>
                        <table class="working" data-testid="failure-working" data-row-index=index>
                            <caption>{caption}</caption>
                            <WorkingRows figures=working/>
                        </table>
                    </Show>
                </td>
            </tr>
        </tbody>
    }
}

//! The results table: one row per component with the engine's figures,
//! worded exactly as `words::results_table` words them (the command line
//! prints the same), a database's tiers under its row, and the working
//! behind every figure behind each component's name. Each component is a
//! `ResultRowView` handed its own figures (`row_signals`), so moving the
//! growth dial updates in place the cells that changed.

use leptos::prelude::*;

use super::result_row::{ResultRowView, Rows};
use super::row_signals::RowSignals;
use super::state::{AnalysisContext, ObjectivesContext, ReportContext, SettledDocument};
use crate::words::quantity::multiplier;
use crate::engine::LatencyPercentiles;
use crate::words::latency_working::end_to_end_working;
use crate::words::results_table::{end_to_end_lines, result_rows, tier_rows, with_percentiles};
use super::explanation::WorkingRows;

/// Every component's load, capacity, utilisation, response time, headroom
/// and cost at the current growth.
#[component]
pub fn ResultsTable() -> impl IntoView {
    let document = expect_context::<SettledDocument>().0;
    let report = expect_context::<ReportContext>().0;
    // Percentiles and objectives need the prepared analysis; they follow
    // the settled report, not every step of a moving slider.
    let objectives = expect_context::<ObjectivesContext>().0;
    let analysis = expect_context::<AnalysisContext>();
    let latency = Memo::new(move |_| {
        report.with(|r| {
            document.with(|d| {
                let percentiles = analysis.with_for(d, |a| a.percentiles(r));
                let lines = objectives.with(|o| end_to_end_lines(d, r, &percentiles, o));
                (percentiles, lines)
            })
        })
    });
    let rows = Memo::new(move |_| {
        report.with(|r| {
            let texts = latency.with(|(p, _)| with_percentiles(document.with(|d| result_rows(d, r)), p));
            // Rows are in document order, like the report's components.
            let loads = r.components.iter().map(|c| (c.status, tier_rows(c)));
            Rows {
                rows: texts.into_iter().zip(loads).map(|(text, (status, tiers))| (text, status, tiers)).collect(),
                bottleneck: r.bottleneck().map(|b| b.component.to_string()),
            }
        })
    });
    let figures = RowSignals::follow(move || rows.with(Rows::figures));
    let growth = move || report.with(|r| multiplier(r.growth));

    view! {
        <section class="results" aria-labelledby="results-caption">
            <table data-testid="results" class="results-table">
                <caption id="results-caption">
                    "Every component at " {growth} " growth"
                    <span id="results-hint" class="caption-hint">"Select a name to see how its figures are worked out."</span>
                </caption>
                <thead>
                    <tr>
                        <th scope="col">"Component"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col" class="numeric">"Load"</th>
                        <th scope="col" class="numeric">"Capacity"</th>
                        <th scope="col" class="numeric">"Utilisation"</th>
                        <th scope="col" class="numeric">"Response"</th>
                        <th scope="col" class="numeric"><abbr title="99th percentile of the response time">"p99"</abbr></th>
                        <th scope="col" class="numeric">"Headroom"</th>
                        <th scope="col" class="numeric">"Cost"</th>
                    </tr>
                </thead>
                <For each=move || rows.with(Rows::figures) key=|(id, _)| id.clone() let:item>
                    {
                        let (id, shown) = item;
                        view! { <ResultRowView id=id.clone() row=figures.row(id, shown)/> }
                    }
                </For>
            </table>
            <ul class="end-to-end" data-testid="end-to-end" aria-label="End-to-end latency of each entry point">
                <For
                    each=move || latency.with(|(_, lines)| lines.iter().cloned().enumerate().collect::<Vec<_>>())
                    key=|line| line.clone()
                    let:line
                >
                    <EndToEndLine index=line.0 text=line.1 latency=latency/>
                </For>
            </ul>
        </section>
    }
}

/// One entry point's end-to-end line; opened, the working behind its mean
/// and percentiles (worked out only once asked for).
#[component]
fn EndToEndLine(
    /// The entry point's place in the report.
    index: usize,
    text: String,
    latency: Memo<(LatencyPercentiles, Vec<String>)>,
) -> impl IntoView {
    let document = expect_context::<SettledDocument>().0;
    let report = expect_context::<ReportContext>().0;
    let open = RwSignal::new(false);
    let working = Memo::new(move |_| {
        if !open.get() {
            return Vec::new();
        }
        report.with(|r| document.with(|d| latency.with(|(p, _)| end_to_end_working(d, r, p, index))))
    });
    view! {
        <li>
            <details on:toggle=move |event| {
                use wasm_bindgen::JsCast;
                let opened = event
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|d| d.has_attribute("open"));
                open.set(opened);
            }>
                <summary data-testid="end-to-end-line">{text}</summary>
                <Show when=move || open.get()>
                    <table class="working" data-testid="end-to-end-working" data-entry-index=index>
                        <caption>"How the end-to-end latency is worked out"</caption>
                        <WorkingRows figures=working/>
                    </table>
                </Show>
            </details>
        </li>
    }
}

//! The results table: one row per component with the engine's figures,
//! worded exactly as `formats::results_table` words them (the command line
//! prints the same). The status column repeats the band as glyph and word,
//! so a row's state does not depend on colour.

use leptos::prelude::*;

use super::state::{DocumentContext, ReportContext};
use super::status_icon::StatusIconSvg;
use crate::engine::Status;
use crate::formats::quantity::multiplier;
use crate::formats::results_table::{result_rows, ResultRow};

/// Rows of the table and which one is the bottleneck.
#[derive(Clone, Debug, PartialEq)]
struct Rows {
    rows: Vec<ResultRow>,
    bottleneck: Option<String>,
}

/// Every component's load, capacity, utilisation, response time and
/// headroom at the current growth.
#[component]
pub fn ResultsTable() -> impl IntoView {
    let document = expect_context::<DocumentContext>().0;
    let report = expect_context::<ReportContext>().0;
    let rows = Memo::new(move |_| {
        report.with(|r| Rows {
            rows: document.with(|d| result_rows(d, r)),
            bottleneck: r.bottleneck().map(|b| b.component.to_string()),
        })
    });
    let ids = Memo::new(move |_| rows.with(|t| t.rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>()));
    let growth = move || report.with(|r| multiplier(r.growth));

    view! {
        <section class="results" aria-labelledby="results-caption">
            <table data-testid="results" class="results-table">
                <caption id="results-caption">"Every component at " {growth} " growth"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Component"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col" class="numeric">"Load"</th>
                        <th scope="col" class="numeric">"Capacity"</th>
                        <th scope="col" class="numeric">"Utilisation"</th>
                        <th scope="col" class="numeric">"Response time"</th>
                        <th scope="col" class="numeric">"Headroom"</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || ids.get() key=|id| id.clone() let:id>
                        <ResultRowView id=id rows=rows/>
                    </For>
                </tbody>
            </table>
        </section>
    }
}

/// One component's row.
#[component]
fn ResultRowView(
    /// The component this row shows.
    id: String,
    /// The table's rows, from which this one reads its own.
    rows: Memo<Rows>,
) -> impl IntoView {
    let id_text = id.clone();
    let row = Memo::new(move |_| {
        rows.with(|t| {
            t.rows.iter().find(|r| r.id == id).cloned().map(|r| {
                let is_bottleneck = t.bottleneck.as_deref() == Some(r.id.as_str());
                (r, is_bottleneck)
            })
        })
    });
    // Reads one text of the row; empty while it is being removed.
    let cell = move |read: fn(&ResultRow) -> String| {
        move || row.with(|r| r.as_ref().map(|(r, _)| read(r)).unwrap_or_default())
    };
    let status = Signal::derive(move || {
        row.with(|r| {
            r.as_ref().map_or(Status::Idle, |(r, _)| status_of(&r.status))
        })
    });
    let is_bottleneck = move || row.with(|r| r.as_ref().is_some_and(|(_, b)| *b));

    view! {
        <tr
            data-component-id=id_text
            data-status=move || status.get().label()
            class:row-bottleneck=is_bottleneck
        >
            <td data-col="name">{cell(|r| r.name.clone())}</td>
            <td data-col="status">
                <span class="status-cell">
                    <StatusIconSvg status=status/>
                    <span class="status-word">{move || status.get().label()}</span>
                    <Show when=is_bottleneck>
                        <span class="bottleneck-badge">"bottleneck"</span>
                    </Show>
                </span>
            </td>
            <td data-col="load" class="numeric">{cell(|r| r.load_text.clone())}</td>
            <td data-col="capacity" class="numeric">{cell(|r| r.capacity_text.clone())}</td>
            <td data-col="utilisation" class="numeric">{cell(|r| r.utilisation_text.clone())}</td>
            <td data-col="response" class="numeric">{cell(|r| r.response_text.clone())}</td>
            <td data-col="headroom" class="numeric">{cell(|r| r.headroom_text.clone())}</td>
        </tr>
    }
}

/// The row carries its status as the engine's label; read it back so the
/// glyph and the word come from the same `Status`.
fn status_of(label: &str) -> Status {
    [Status::Idle, Status::Ok, Status::Warm, Status::Hot, Status::Saturated]
        .into_iter()
        .find(|s| s.label() == label)
        .unwrap_or(Status::Idle)
}

//! One row of the results table: a component's figures as
//! `formats::results_table` words them, verbatim, one cell per column
//! (`data-col` names it). The status cell repeats the band as glyph and
//! word, so the row's state does not depend on colour; the bottleneck's row
//! carries a badge.

use leptos::prelude::*;

use super::status_icon::StatusIcon;
use crate::engine::Status;
use crate::formats::results_table::ResultRow;

/// Rows of the table and which component is the bottleneck.
#[derive(Clone, Debug, PartialEq)]
pub struct Rows {
    /// Each row with the band its status text names.
    pub rows: Vec<(ResultRow, Status)>,
    /// Id of the component that limits growth.
    pub bottleneck: Option<String>,
}

/// One component's row.
#[component]
pub fn ResultRowView(
    /// The component this row shows.
    id: String,
    /// The table's rows, from which this one reads its own.
    rows: Memo<Rows>,
) -> impl IntoView {
    let id_text = id.clone();
    let row = Memo::new(move |_| {
        rows.with(|t| {
            t.rows.iter().find(|(r, _)| r.id == id).cloned().map(|(r, status)| {
                let is_bottleneck = t.bottleneck.as_deref() == Some(r.id.as_str());
                (r, status, is_bottleneck)
            })
        })
    });
    // Reads one text of the row; empty while it is being removed.
    let cell = move |read: fn(&ResultRow) -> String| {
        move || row.with(|r| r.as_ref().map(|(r, _, _)| read(r)).unwrap_or_default())
    };
    let status = Signal::derive(move || row.with(|r| r.as_ref().map_or(Status::Idle, |r| r.1)));
    let is_bottleneck = move || row.with(|r| r.as_ref().is_some_and(|r| r.2));

    view! {
        <tr
            data-component-id=id_text
            data-status=move || status.get().label()
            class:row-bottleneck=is_bottleneck
        >
            <td data-col="name">{cell(|r| r.name.clone())}</td>
            <td data-col="status">
                <span class="status-cell">
                    <svg class="status-icon-svg" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                        <StatusIcon status=status/>
                    </svg>
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

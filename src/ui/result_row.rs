//! One component in the results table: its row of figures as
//! `words::results_table` words them, verbatim, one cell per column
//! (`data-col` names it); under it a row per database tier (primary,
//! replicas), the note (a consumer's day, an oversized box) and, when
//! opened, the working behind every figure (the name is the button that
//! opens it). They share a `<tbody>` so the
//! band's stripe runs down all of them. The status cell repeats the band as
//! glyph and word, so the row's state does not depend on colour; the
//! bottleneck's row carries a badge.

use leptos::prelude::*;

use super::explanation::ExplanationView;
use super::status_icon::StatusIcon;
use crate::engine::Status;
use crate::words::results_table::{ResultRow, TierRow};

/// Columns of the table, for the rows that span all of them.
pub const COLUMNS: u32 = 9;

/// Rows of the table and which component is the bottleneck.
#[derive(Clone, Debug, PartialEq)]
pub struct Rows {
    /// Each row with the band its status text names and its tier rows.
    pub rows: Vec<(ResultRow, Status, Vec<TierRow>)>,
    /// Id of the component that limits growth.
    pub bottleneck: Option<String>,
}

/// What one component's rows show: its texts, its band, its tier rows
/// and whether it is the bottleneck.
pub type RowFigures = (ResultRow, Status, Vec<TierRow>, bool);

impl Rows {
    /// Each component's id and figures, in the table's order.
    pub fn figures(&self) -> Vec<(String, Option<RowFigures>)> {
        self.rows
            .iter()
            .map(|(r, status, tiers)| {
                let is_bottleneck = self.bottleneck.as_deref() == Some(r.id.as_str());
                (r.id.clone(), Some((r.clone(), *status, tiers.clone(), is_bottleneck)))
            })
            .collect()
    }
}

/// One component's rows.
#[component]
pub fn ResultRowView(
    /// The component these rows show.
    id: String,
    /// Its figures, handed to it by the table (`row_signals`).
    row: ReadSignal<Option<RowFigures>>,
) -> impl IntoView {
    let id_text = id.clone();
    let explanation_id = format!("working-{id}");
    // Reads one text of the row; empty while it is being removed.
    let cell = move |read: fn(&ResultRow) -> String| {
        move || row.with(|r| r.as_ref().map(|(r, ..)| read(r)).unwrap_or_default())
    };
    let status = Signal::derive(move || row.with(|r| r.as_ref().map_or(Status::Idle, |r| r.1)));
    let is_bottleneck = move || row.with(|r| r.as_ref().is_some_and(|r| r.3));
    let tiers = Memo::new(move |_| row.with(|r| r.as_ref().map(|r| r.2.clone()).unwrap_or_default()));
    let note = Memo::new(move |_| row.with(|r| r.as_ref().and_then(|r| r.0.note.clone())));
    let open = RwSignal::new(false);
    let name = cell(|r| r.name.clone());
    let (tier_of, note_of, working_of) = (id_text.clone(), id_text.clone(), id_text.clone());

    view! {
        <tbody class="component-rows" data-row-of=id_text.clone() data-status=move || status.get().label()>
            <tr
                data-component-id=id_text.clone()
                data-status=move || status.get().label()
                class:row-bottleneck=is_bottleneck
            >
                <td data-col="name">
                    <button
                        type="button"
                        class="working-toggle"
                        data-action="explain"
                        aria-expanded=move || open.get().to_string()
                        aria-controls=explanation_id.clone()
                        aria-describedby="results-hint"
                        on:click=move |_| open.update(|o| *o = !*o)
                    >
                        <span class="working-arrow" aria-hidden="true">{move || if open.get() { "▾ " } else { "▸ " }}</span>
                        {name}
                    </button>
                </td>
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
                <td data-col="p99" class="numeric">{cell(|r| r.p99_text.clone())}</td>
                <td data-col="headroom" class="numeric">{cell(|r| r.headroom_text.clone())}</td>
                <td data-col="cost" class="numeric">{cell(|r| r.cost_text.clone())}</td>
            </tr>
            // Keyed by role, so a dial step updates a tier's figures in
            // place instead of rebuilding its row.
            <For each=move || tiers.with(|t| t.iter().map(|t| t.role.clone()).collect::<Vec<_>>()) key=|role| role.clone() let:role>
                {
                    let tier = Memo::new({
                        let role = role.clone();
                        move |_| tiers.with(|t| t.iter().find(|t| t.role == role).cloned())
                    });
                    let text = move |read: fn(&TierRow) -> String| move || tier.with(|t| t.as_ref().map(read).unwrap_or_default());
                    view! {
                        <tr class="tier-row" data-tier-of=tier_of.clone() data-role=role.clone()>
                            <td data-col="name" class="tier-name">
                                <span aria-hidden="true">"↳ "</span>
                                {text(|t| t.label.clone())}
                            </td>
                            <td data-col="status" class="tier-saturates">{text(|t| t.saturates_text.clone())}</td>
                            <td data-col="load" class="numeric">{text(|t| t.load_text.clone())}</td>
                            <td data-col="capacity" class="numeric">{text(|t| t.capacity_text.clone())}</td>
                            <td data-col="utilisation" class="numeric">{text(|t| t.utilisation_text.clone())}</td>
                            <td data-col="response" class="numeric">{text(|t| t.response_text.clone())}</td>
                            <td colspan="3"></td>
                        </tr>
                    }
                }
            </For>
            <Show when=move || note.with(Option::is_some)>
                <tr class="note-row" data-note-of=note_of.clone()>
                    <td colspan=COLUMNS.to_string()>{move || note.get().unwrap_or_default()}</td>
                </tr>
            </Show>
            <tr class="working-row" data-working-of=working_of id=explanation_id.clone() hidden=move || !open.get()>
                <td colspan=COLUMNS.to_string()>
                    <Show when=move || open.get()>
                        <ExplanationView id=id.clone()/>
                    </Show>
                </td>
            </tr>
        </tbody>
    }
}

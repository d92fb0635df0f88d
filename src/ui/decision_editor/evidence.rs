//! A record's evidence snapshot as its Markdown shows it, taken again from
//! the figures on screen or dropped.

use leptos::prelude::*;

use super::RecordEdit;
use crate::adr::{evidence_now, DecisionRecord};
use crate::files::markdown_preview::to_safe_html;

/// The evidence snapshot, as the record's Markdown shows it; it can be
/// taken again from the figures on screen, or dropped.
#[component]
pub(super) fn EvidenceView(edit: RecordEdit, record: Memo<Option<DecisionRecord>>) -> impl IntoView {
    let document = edit.document;
    let evidence = Memo::new(move |_| record.with(|r| r.as_ref().and_then(|r| r.evidence.clone())));
    let capture = move |_| {
        let linked = record.with_untracked(|r| r.as_ref().map(|r| r.components.clone()).unwrap_or_default());
        let captured = document.with_untracked(|d| evidence_now(d, &linked));
        edit.put(|r| r.evidence = Some(captured));
    };
    view! {
        <fieldset class="form-group" data-testid="evidence">
            <legend>"Evidence"</legend>
            {move || match evidence.get() {
                Some(evidence) => view! {
                    <div class="markdown-preview evidence-preview" inner_html=to_safe_html(&crate::files::evidence::to_markdown(&evidence))></div>
                }
                .into_any(),
                None => view! {
                    <p class="field-hint">"No figures recorded. “Take the figures on screen” freezes the scenario, growth, headroom, bottleneck and every component’s figures into the record."</p>
                }
                .into_any(),
            }}
            <div class="form-actions">
                <button type="button" class="button" on:click=capture>"Take the figures on screen"</button>
                <button
                    type="button"
                    class="button button-quiet"
                    disabled=move || evidence.with(Option::is_none)
                    on:click=move |_| edit.put(|r| r.evidence = None)
                >
                    "Remove the evidence"
                </button>
            </div>
        </fieldset>
    }
}

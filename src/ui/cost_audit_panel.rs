//! The cost audit: where the bill pays for nothing at the growth on the
//! dial (`engine::audit`), each finding with its saving, its reason and
//! the edit that realises it, applied as one undoable step, and the total
//! as a share of the bill. Words are `words::audit`'s.

use leptos::prelude::*;

use super::row_signals::RowSignals;
use super::state::{DocumentContext, Editor, SettledDocument};
use crate::engine::audit::audit;
use crate::words::audit::{audit_text, FindingLine};
use crate::words::quantity::multiplier;

/// A finding's row key: its place (what Apply applies), title and component.
type FindingKey = (usize, &'static str, String);

fn keyed_findings(findings: &[FindingLine]) -> Vec<(FindingKey, FindingLine)> {
    findings.iter().enumerate().map(|(k, l)| ((k, l.title, l.component.clone()), l.clone())).collect()
}

/// The audit panel.
#[component]
pub fn CostAuditPanel() -> impl IntoView {
    let settled = expect_context::<SettledDocument>().0;
    let document = expect_context::<DocumentContext>().0;
    let editor = expect_context::<Editor>();
    let text = Memo::new(move |_| settled.with(|d| audit_text(d, &audit(d))));
    let growth = move || settled.with(|d| multiplier(d.scenario.growth));
    let message = RwSignal::new(None::<String>);
    // Worked out again on the latest document: the fix is its edit.
    let apply = move |k: Option<usize>| {
        let outcome = document.with_untracked(|d| {
            let found = audit(d);
            match k {
                Some(k) => found.findings.get(k).ok_or_else(|| "that finding is gone".to_owned()).and_then(|f| f.fix.command(d).map_err(|e| e.to_string())),
                None => found.fix_all(d).map_err(|e| e.to_string()),
            }
        });
        let outcome = outcome.and_then(|command| editor.dispatch(command).map_err(|e| e.to_string()));
        message.set(outcome.err().map(|why| format!("Nothing was changed: {why}.")));
    };
    let lines = RowSignals::follow(move || text.with(|t| keyed_findings(&t.findings)));
    // One row per finding, keyed by its place and subject so a settle of
    // the dial rewrites only the figures that changed (thousands of
    // findings on a large model).
    let findings = move || {
        view! {
            <For each=move || text.with(|t| keyed_findings(&t.findings)) key=|(key, _)| key.clone() let:row>
                {
                    let (key, shown) = row;
                    let k = key.0;
                    let line = lines.row(key, shown);
                    let field = move |pick: fn(&FindingLine) -> String| move || line.with(pick);
                    let label = move || line.with(|l| format!("Apply: {} — {}", l.title, l.component));
                    view! {
                        <li class="audit-finding" data-testid="audit-finding">
                            <p class="audit-finding-title">
                                <span data-testid="audit-title">{field(|l| l.title.to_owned())}</span>
                                " · "
                                <span data-testid="audit-component">{field(|l| l.component.clone())}</span>
                            </p>
                            <p class="audit-finding-saving" data-testid="audit-saving">"Saves " {field(|l| l.saving.clone())}</p>
                            <p class="audit-finding-reason" data-testid="audit-reason">{field(|l| l.reason.clone())}</p>
                            <button type="button" class="button" data-testid="apply-finding" aria-label=label on:click=move |_| apply(Some(k))>
                                "Apply"
                            </button>
                        </li>
                    }
                }
            </For>
        }
    };

    view! {
        <section class="panel audit" aria-labelledby="audit-heading" data-testid="audit">
            <h2 id="audit-heading" class="panel-heading">"Cost audit at " {growth}</h2>
            <p class="audit-total" data-testid="audit-total">
                {move || text.with(|t| { let mut s = t.total.clone(); if let Some(c) = s.get_mut(0..1) { c.make_ascii_uppercase(); } s })} "."
            </p>
            <Show when=move || text.with(|t| !t.findings.is_empty())>
                <ol class="audit-findings">{findings}</ol>
                <button type="button" class="button button-primary" data-testid="apply-all-findings" on:click=move |_| apply(None)>
                    "Apply all"
                </button>
            </Show>
            <p class="field-message" role="alert" hidden=move || message.with(Option::is_none)>{move || message.get().unwrap_or_default()}</p>
        </section>
    }
}

//! Failures: the verdict and one line per failure tried (an instance, a
//! zone, a cold cache, a replica, a slow external API), at the current
//! growth. The words are `formats::resilience`; the figures are the
//! engine's solve of the document with that failure. It follows the
//! settled report, like the other panels under the drawing.

use leptos::prelude::*;

use super::state::{ReportContext, SettledDocument};
use crate::engine::resilience_table;
use crate::formats::resilience::{failure_lines, resilience_verdict};

/// The resilience table under the limits.
#[component]
pub fn ResiliencePanel() -> impl IntoView {
    let document = expect_context::<SettledDocument>().0;
    let report = expect_context::<ReportContext>().0;
    let worded = Memo::new(move |_| {
        let growth = report.with(|r| r.growth);
        document.with(|d| {
            let table = resilience_table(d, growth);
            (resilience_verdict(d, &table), failure_lines(d, &table))
        })
    });

    view! {
        <section class="panel resilience" aria-labelledby="resilience-heading" data-testid="resilience">
            <h2 id="resilience-heading" class="panel-heading">"Failures"</h2>
            <p class="resilience-verdict" data-testid="resilience-verdict">{move || worded.with(|(v, _)| v.clone())}</p>
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
                <tbody>
                    <For
                        each=move || worded.with(|(_, lines)| lines.clone())
                        key=|line| (line.component.clone(), line.failure.clone(), line.state, line.detail.clone())
                        let:line
                    >
                        <tr data-state=line.state>
                            <td>{line.component.clone()}</td>
                            <td>{line.failure.clone()}</td>
                            <td class="resilience-state">{line.state}</td>
                            <td>{line.detail.clone()}</td>
                        </tr>
                    </For>
                </tbody>
            </table>
        </section>
    }
}

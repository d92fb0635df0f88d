//! The modules panel: for every module of a modular monolith, whether
//! extracting it into its own service is justified at the growth on the
//! dial — kept in its host against extracted, with instances, monthly
//! cost (the extra service's overhead included), database connections,
//! memory per host instance and the latency the new network hop adds.
//! The verdicts are `engine::Analysis::extraction_verdicts`, the words
//! `words::extraction`; `ModuleVerdict` shows one of them, for the
//! inspector of a selected module.

use leptos::prelude::*;

use super::state::{AnalysisContext, SettledDocument};
use crate::words::extraction::{verdict_line, verdict_lines, DeploymentCells, VerdictLine};
use crate::words::quantity::multiplier;
use crate::model::ComponentId;

/// Every hosted module's verdict at the dial's growth.
#[component]
pub fn ModulesPanel() -> impl IntoView {
    let document = expect_context::<SettledDocument>().0;
    let analysis = expect_context::<AnalysisContext>();
    let lines = Memo::new(move |_| {
        document.with(|d| analysis.with_for(d, |a| verdict_lines(d, &a.extraction_verdicts(d.scenario.growth))))
    });
    let growth = move || document.with(|d| multiplier(d.scenario.growth));
    let overhead = move || {
        document.with(|d| {
            format!(
                "One more service costs {} and {} ms per hop (scenario panel, “Cost of one more service”).",
                crate::words::quantity::monthly_cost(d.scenario.overhead.monthly_per_service),
                crate::words::quantity::typed_field_text(d.scenario.overhead.hop_latency_ms)
            )
        })
    };

    view! {
        <section class="modules panel" aria-labelledby="modules-heading" data-testid="modules">
            <h2 id="modules-heading" class="panel-heading">"Modules: extract or keep, at " {growth}</h2>
            <p class="panel-hint">
                "For each module of a deployable: scaling the whole deployable for everything it hosts, against the module "
                "as its own service. " {overhead}
            </p>
            <Show
                when=move || lines.with(|l| !l.is_empty())
                fallback=|| view! {
                    <p class="limits-empty" data-testid="no-modules">
                        "No modules here. A module is part of a deployable (a modular monolith): give a component the kind "
                        "“module” and a host to see whether extracting it pays."
                    </p>
                }
            >
                <div class="module-verdicts">
                    <For each=move || lines.get() key=|line: &VerdictLine| line.clone() let:line>
                        <VerdictCard line=line id_prefix="modules" compact=false/>
                    </For>
                </div>
            </Show>
        </section>
    }
}

/// The verdict of module `id` at the dial's growth, or nothing when it is
/// not a hosted module. For the inspector of a selected module.
#[component]
pub fn ModuleVerdict(
    /// The module.
    id: ComponentId,
    /// Starts the ids of the card's elements, unique on the page.
    id_prefix: &'static str,
) -> impl IntoView {
    let document = expect_context::<SettledDocument>().0;
    let analysis = expect_context::<AnalysisContext>();
    let line = Memo::new(move |_| {
        document.with(|d| {
            let m = d.components.iter().position(|c| c.id == id)?;
            analysis.with_for(d, |a| a.extraction_verdict(m, d.scenario.growth)).map(|v| verdict_line(d, &v))
        })
    });
    move || line.get().map(|line| view! { <VerdictCard line=line id_prefix=id_prefix compact=true/> })
}

/// The glyph that repeats a verdict's label, so it never rests on colour.
fn glyph(kind: &str) -> &'static str {
    match kind {
        "justified" => "✔",
        "not-yet" => "◔",
        _ => "✖",
    }
}

/// One module: its verdict, why, and kept against extracted.
#[component]
fn VerdictCard(
    /// The verdict in words.
    line: VerdictLine,
    /// Starts the ids of the card's elements, unique on the page.
    id_prefix: &'static str,
    /// For a narrow place (the inspector): the module is named already,
    /// and kept and extracted are listed under each figure, not side by
    /// side.
    compact: bool,
) -> impl IntoView {
    let heading = format!("{id_prefix}-verdict-{}-heading", line.module_id);
    let host_label = format!("Kept in {}", line.host);
    view! {
        <article
            class="module-verdict"
            data-testid="module-verdict"
            data-module-id=line.module_id.clone()
            data-kind=line.kind
            class:module-verdict-compact=compact
            aria-labelledby=heading
        >
            <h3 id=heading.clone() class="module-verdict-heading">
                <span class="module-verdict-name">
                    {if compact { "Extract or keep".to_owned() } else { line.module.clone() }}
                </span>
                <span class="verdict-label" data-kind=line.kind>
                    <span aria-hidden="true">{glyph(line.kind)} " "</span>
                    <span data-testid="verdict-label">{line.label.clone()}</span>
                </span>
            </h3>
            <p class="module-verdict-growth">{line.growth.clone()}</p>
            <p class="module-verdict-reason" data-testid="verdict-reason">"Why: " {line.reason.clone()} "."</p>
            {if compact { figures_list(&line, &host_label).into_any() } else { figures_table(&line).into_any() }}
            <details class="module-verdict-details">
                <summary>"The verdict in one sentence"</summary>
                <p class="module-verdict-sentence" data-testid="verdict-sentence">{line.sentence.clone()}</p>
            </details>
        </article>
    }
}

/// Every figure as (label, kept, extracted); "Broken" only when something is.
fn figures(line: &VerdictLine) -> Vec<(&'static str, String, String)> {
    let violations = |cells: &DeploymentCells| {
        if cells.violations.is_empty() { "none".to_owned() } else { cells.violations.join("; ") }
    };
    let mut rows = vec![
        ("Instances", line.keep.instances.clone(), line.extract.instances.clone()),
        ("Monthly cost", line.keep.cost.clone(), line.extract.cost.clone()),
        ("Database connections", line.keep.connections.clone(), line.extract.connections.clone()),
        ("Memory", line.keep.memory.clone(), line.extract.memory.clone()),
        ("Added latency", "—".to_owned(), line.latency.clone()),
    ];
    if !line.keep.violations.is_empty() || !line.extract.violations.is_empty() {
        rows.push(("Broken", violations(&line.keep), violations(&line.extract)));
    }
    rows
}

/// Kept and extracted side by side.
fn figures_table(line: &VerdictLine) -> impl IntoView {
    view! {
        <table class="module-verdict-table">
            <thead>
                <tr>
                    <th scope="col"><span class="visually-hidden">"Figure"</span></th>
                    <th scope="col">"Kept in " {line.host.clone()}</th>
                    <th scope="col">"Extracted"</th>
                </tr>
            </thead>
            <tbody>
                {figures(line)
                    .into_iter()
                    .map(|(label, keep, extract)| view! {
                        <tr>
                            <th scope="row">{label}</th>
                            <td>{keep}</td>
                            <td>{extract}</td>
                        </tr>
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// Kept and extracted under each figure, for a narrow place.
fn figures_list(line: &VerdictLine, host_label: &str) -> impl IntoView {
    let host_label = host_label.to_owned();
    view! {
        <dl class="module-verdict-list">
            {figures(line)
                .into_iter()
                .map(|(label, keep, extract)| view! {
                    <dt>{label}</dt>
                    <dd><span class="module-verdict-side">{host_label.clone()} ": "</span>{keep}</dd>
                    <dd><span class="module-verdict-side">"Extracted: "</span>{extract}</dd>
                })
                .collect_view()}
        </dl>
    }
}

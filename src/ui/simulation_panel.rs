//! Simulate: the engine's discrete-event simulation of the settled document
//! at the current growth (`engine::simulation`), run on demand in slices so
//! the page stays live (the dial moves, the panels follow), with a progress
//! bar and Cancel, and then each entry point's analytic figures beside the
//! simulated ones with their 95% half-widths and the difference. The
//! simulation is the cross-check; the panel says where the analytic figure
//! is an approximation. A finished run whose document or growth has since
//! changed is marked stale, with the offer to run again.

use leptos::prelude::*;

use super::state::{ReportContext, SettledDocument};
use crate::engine::{Analysis, Simulation, SimulationReport};
use crate::formats::quantity::{duration, grouped, multiplier};
use crate::model::Document;
use crate::platform::clock::since_page_start;
use crate::platform::timer::soon;

/// Measured requests of one run: enough for a p99 to within a few percent.
const REQUESTS: u64 = 1_000_000;
/// Seeded, so the same document gives the same figures.
const SEED: u64 = 13;
/// Work in one slice before the page gets a turn: under a frame, so a dial
/// step between two slices is drawn at once.
const SLICE_MS: f64 = 10.0;
/// Events between two looks at the clock.
const EVENTS_PER_LOOK: usize = 2048;

/// One figure of one entry point, worded.
#[derive(Clone, Debug, PartialEq)]
struct FigureLine {
    figure: &'static str,
    analytic: String,
    simulated: String,
    /// "± 0.21 ms", or "—" where the run gives no interval.
    half_width: String,
    /// "+1.2%".
    difference: String,
}

/// What a finished run shows.
#[derive(Clone, Debug, PartialEq)]
struct Comparison {
    growth: f64,
    requests: u64,
    /// Milliseconds the run took in this browser.
    elapsed_ms: f64,
    entries: Vec<(String, Vec<FigureLine>)>,
    /// Where the analytic figures are approximations, for this document.
    approximations: Vec<&'static str>,
}

#[derive(Clone, Debug, PartialEq)]
enum Run {
    Idle,
    Running { done: u64, total: u64 },
    Cancelled { done: u64, total: u64 },
    Failed(String),
    Finished(Comparison),
}

/// The signed difference of `simulated` from `analytic`, in percent.
fn difference(analytic: Option<f64>, simulated: f64) -> String {
    match analytic {
        Some(a) if a > 0.0 && a.is_finite() && simulated.is_finite() => {
            let d = (simulated - a) / a * 100.0;
            let d = if d.abs() < 0.05 { 0.0 } else { d };
            format!("{}{d:.1}%", if d > 0.0 { "+" } else { "" })
        }
        _ => "—".to_owned(),
    }
}

fn half_width(value: Option<f64>) -> String {
    match value {
        Some(h) if h.is_finite() => format!("± {}", duration(Some(h))),
        _ => "—".to_owned(),
    }
}

/// Analytic beside simulated, per entry point the run measured.
fn compare(doc: &Document, simulated: &SimulationReport, elapsed_ms: f64) -> Comparison {
    let analysis = Analysis::new(doc);
    let report = analysis.report_at(simulated.growth);
    let percentiles = analysis.percentiles(&report);
    let entries = simulated
        .per_entry
        .iter()
        .map(|s| {
            let mean = report.entries.get(s.entry).and_then(|e| e.latency);
            let p = percentiles.entries.get(s.entry).copied().flatten();
            let line = |figure, analytic: Option<f64>, simulated: f64, half: Option<f64>| FigureLine {
                figure,
                analytic: duration(analytic),
                simulated: duration(Some(simulated)),
                half_width: half_width(half),
                difference: difference(analytic, simulated),
            };
            let lines = vec![
                line("mean", mean, s.mean, Some(s.mean_half_width)),
                line("p50", p.map(|p| p.p50), s.p50, None),
                line("p95", p.map(|p| p.p95), s.p95, None),
                line("p99", p.map(|p| p.p99), s.p99, Some(s.p99_half_width)),
            ];
            (doc.name_of(&s.component), lines)
        })
        .collect();
    Comparison { growth: simulated.growth, requests: simulated.requests, elapsed_ms, entries, approximations: approximations(doc) }
}

/// Where this document's analytic figures are approximations
/// (docs/design.md 4.10a and 4.10b).
fn approximations(doc: &Document) -> Vec<&'static str> {
    let mut found = vec![
        "The analytic mean is exact for the model; its percentiles treat the time at each component as independent \
         of the others: where one request loads a component twice (a write and a worker's write onto one database) \
         the simulated tail is the one to trust.",
    ];
    let variable = doc.components.iter().any(|c| c.service_variability() != 1.0)
        || doc.scenario.entries.iter().any(|e| e.arrival_scv.is_some_and(|v| v != 1.0));
    if variable {
        found.push(
            "Waits with service or arrival variability other than 1 are two-moment approximations \
             (Allen–Cunneen, Kimura's M/G/c, arrival variability carried by QNA), not an exact queue.",
        );
    }
    if doc.components.iter().any(|c| c.parallel_calls) {
        found.push(
            "Calls marked parallel are added one after another in the analysis (an upper bound); the simulation \
             runs them at once.",
        );
    }
    found
}

/// The Simulate panel, beside Failures.
#[component]
pub fn SimulationPanel() -> impl IntoView {
    let document = expect_context::<SettledDocument>().0;
    let report = expect_context::<ReportContext>().0;
    let run = RwSignal::new(Run::Idle);
    // The document (at its growth) the last run was started on.
    let simulated_document = RwSignal::new(None::<Document>);
    let simulation = StoredValue::new_local(None::<Simulation>);
    // A slice of an older run (cancelled, or replaced) finds its number
    // changed and stops.
    let generation = StoredValue::new(0_u64);
    let started_at = StoredValue::new(0.0_f64);

    let stale = Memo::new(move |_| {
        simulated_document.with(|shown| document.with(|now| shown.as_ref().is_some_and(|shown| shown != now)))
    });

    fn slice(
        mine: u64,
        run: RwSignal<Run>,
        simulation: StoredValue<Option<Simulation>, LocalStorage>,
        generation: StoredValue<u64>,
        started_at: StoredValue<f64>,
        simulated_document: RwSignal<Option<Document>>,
    ) {
        if generation.get_value() != mine {
            return;
        }
        let start = since_page_start();
        let progress = simulation.try_update_value(|s| {
            let s = s.as_mut()?;
            loop {
                let progress = s.step(EVENTS_PER_LOOK);
                if progress.is_finished() || since_page_start() - start > SLICE_MS {
                    return Some((progress, progress.is_finished().then(|| s.report())));
                }
            }
        });
        let Some(Some((progress, finished))) = progress else { return };
        match finished {
            Some(report) => {
                simulation.set_value(None);
                let elapsed = since_page_start() - started_at.get_value();
                let comparison = simulated_document.with_untracked(|d| d.as_ref().map(|d| compare(d, &report, elapsed)));
                run.set(comparison.map_or(Run::Idle, Run::Finished));
            }
            None => {
                run.set(Run::Running { done: progress.done, total: progress.total });
                soon(move || slice(mine, run, simulation, generation, started_at, simulated_document));
            }
        }
    }

    let start = move |_| {
        let growth = report.with_untracked(|r| r.growth);
        let mut doc = document.get_untracked();
        doc.scenario.growth = growth;
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        match Simulation::new(&doc, growth, SEED, REQUESTS) {
            Ok(prepared) => {
                let progress = prepared.progress();
                simulation.set_value(Some(prepared));
                simulated_document.set(Some(doc));
                started_at.set_value(since_page_start());
                run.set(Run::Running { done: progress.done, total: progress.total });
                soon(move || slice(mine, run, simulation, generation, started_at, simulated_document));
            }
            Err(reason) => {
                simulation.set_value(None);
                simulated_document.set(Some(doc));
                run.set(Run::Failed(reason));
            }
        }
    };
    let cancel = move |_| {
        generation.update_value(|g| *g += 1);
        simulation.set_value(None);
        if let Run::Running { done, total } = run.get_untracked() {
            run.set(Run::Cancelled { done, total });
        }
    };
    let running = move || matches!(run.get(), Run::Running { .. });
    let share = move || match run.get() {
        Run::Running { done, total } | Run::Cancelled { done, total } if total > 0 => done as f64 / total as f64,
        _ => 0.0,
    };
    let progress_text = move || match run.get() {
        Run::Running { done, total } => {
            format!("{:.0}% ({} of {} requests)", share() * 100.0, grouped(done as f64), grouped(total as f64))
        }
        _ => String::new(),
    };
    let growth_now = move || report.with(|r| multiplier(r.growth));

    view! {
        <section class="panel simulation" aria-labelledby="simulation-heading" data-testid="simulation">
            <h2 id="simulation-heading" class="panel-heading">"Simulation"</h2>
            <p class="panel-hint simulation-intro">
                "A seeded simulation of the same model at " {growth_now} ": " {grouped(REQUESTS as f64)}
                " requests walk their calls through queues, and their latency is measured rather than derived. It is the cross-check of the figures above."
            </p>
            <div class="simulation-actions">
                <button type="button" class="button button-primary simulate-button" data-testid="simulate" on:click=start disabled=running>
                    {move || match run.get() {
                        Run::Idle | Run::Running { .. } => "Simulate",
                        _ => "Simulate again",
                    }}
                </button>
                <Show when=running>
                    <button type="button" class="button simulate-cancel" data-testid="simulate-cancel" on:click=cancel>
                        "Cancel"
                    </button>
                </Show>
            </div>
            <Show when=running>
                <div
                    class="simulation-progress"
                    role="progressbar"
                    aria-label="Simulation progress"
                    aria-valuemin="0"
                    aria-valuemax="100"
                    aria-valuenow=move || format!("{:.0}", share() * 100.0)
                    aria-valuetext=progress_text
                    data-testid="simulation-progress"
                >
                    <div class="simulation-progress-bar" style:width=move || format!("{:.1}%", share() * 100.0)></div>
                </div>
                <p class="simulation-status" aria-live="polite">{progress_text}</p>
            </Show>
            {move || match run.get() {
                Run::Cancelled { done, total } => Some(
                    view! {
                        <p class="simulation-status" data-testid="simulation-cancelled" role="status">
                            {format!(
                                "Cancelled after {} of {} requests: no figures from a part of a run.",
                                grouped(done as f64),
                                grouped(total as f64)
                            )}
                        </p>
                    }
                    .into_any(),
                ),
                Run::Failed(reason) => Some(
                    view! {
                        <p class="simulation-status" data-testid="simulation-failed" role="status">
                            {format!("Nothing to simulate: {reason}.")}
                        </p>
                    }
                    .into_any(),
                ),
                Run::Finished(comparison) => Some(view! { <ComparisonTable comparison=comparison stale=stale/> }.into_any()),
                _ => None,
            }}
        </section>
    }
}

/// Analytic beside simulated, one group of rows per entry point.
#[component]
fn ComparisonTable(comparison: Comparison, stale: Memo<bool>) -> impl IntoView {
    let summary = format!(
        "{} requests simulated at {} in {:.1} s in this browser.",
        grouped(comparison.requests as f64),
        multiplier(comparison.growth),
        comparison.elapsed_ms / 1000.0
    );
    let elapsed = format!("{:.0}", comparison.elapsed_ms);
    let approximations = comparison.approximations.clone();
    view! {
        <Show when=move || stale.get()>
            <p class="simulation-stale" data-testid="simulation-stale" role="status">
                "Stale: the document or the growth changed since this run. The figures below are for the earlier version; simulate again to compare with the figures above."
            </p>
        </Show>
        <p class="simulation-summary" data-testid="simulation-summary" data-elapsed-ms=elapsed>{summary}</p>
        <table class="simulation-table" class:is-stale=move || stale.get() data-testid="simulation-table">
            <caption class="visually-hidden">"Analytic and simulated latency of each entry point"</caption>
            <thead>
                <tr>
                    <th scope="col">"Entry point"</th>
                    <th scope="col">"Figure"</th>
                    <th scope="col" class="numeric">"Analytic"</th>
                    <th scope="col" class="numeric">"Simulated"</th>
                    <th scope="col" class="numeric"><abbr title="half-width of the 95% confidence interval">"95% ±"</abbr></th>
                    <th scope="col" class="numeric">"Difference"</th>
                </tr>
            </thead>
            {comparison
                .entries
                .into_iter()
                .map(|(name, lines)| {
                    let count = lines.len().to_string();
                    let rows = lines
                        .into_iter()
                        .enumerate()
                        .map(|(i, line)| {
                            let first = (i == 0).then(|| view! { <th scope="rowgroup" rowspan=count.clone()>{name.clone()}</th> });
                            view! {
                                <tr data-figure=line.figure>
                                    {first}
                                    <td>{line.figure}</td>
                                    <td class="numeric" data-col="analytic">{line.analytic}</td>
                                    <td class="numeric" data-col="simulated">{line.simulated}</td>
                                    <td class="numeric" data-col="half-width">{line.half_width}</td>
                                    <td class="numeric" data-col="difference">{line.difference}</td>
                                </tr>
                            }
                        })
                        .collect_view();
                    view! { <tbody data-entry=name.clone()>{rows}</tbody> }
                })
                .collect_view()}
        </table>
        <ul class="simulation-notes" data-testid="simulation-notes">
            {approximations.into_iter().map(|note| view! { <li>{note}</li> }).collect_view()}
        </ul>
    }
}

//! Simulate: the engine's discrete-event simulation of the settled document
//! at the current growth (`engine::simulation`), run on demand in slices so
//! the page stays live (the dial moves, the panels follow), with a progress
//! bar and Cancel, and then each entry point's analytic figures beside the
//! simulated ones with their 95% half-widths and the difference. The
//! simulation is the cross-check; the panel says where the analytic figure
//! is an approximation. It runs at the current growth or where the
//! bottleneck reaches 90% utilisation (`engine::simulation::growth_at_bottleneck`),
//! where the analysis's assumptions are most tested. Each figure opens to
//! how it was estimated (requests measured, warm-up, sample mean, order
//! statistics, batch means) and to the analytic working beside it. A
//! finished run whose document or growth has since changed is marked
//! stale, with the offer to run again.

use leptos::prelude::*;

use super::state::{ReportContext, SettledDocument};
use crate::engine::simulation::{confidence_batches, growth_at_bottleneck, BottleneckGrowth};
use crate::engine::{Analysis, SimulatedLatency, Simulation, SimulationReport};
use crate::words::explain::{number, Accuracy, Explanation};
use crate::words::latency_working::end_to_end_working;
use crate::words::quantity::{duration, grouped, multiplier, percent};
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
/// The bottleneck's utilisation for the second kind of run: busy enough
/// that correlated waits and the variability approximations show.
const BOTTLENECK_SHARE: f64 = 0.9;

/// Where a run is made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RunAt {
    /// The dial's growth.
    Current,
    /// The growth where the bottleneck is [`BOTTLENECK_SHARE`] busy.
    Bottleneck,
}

/// What a run was started on: the settled document, and where the
/// bottleneck is busy enough when it was run there.
#[derive(Clone, Debug, PartialEq)]
struct Started {
    doc: Document,
    bottleneck: Option<BottleneckGrowth>,
}

impl Started {
    /// Whether `now` is not what this run simulated: a run at the
    /// bottleneck does not follow the dial, one at the current growth does.
    fn is_stale(&self, now: &Document) -> bool {
        match self.bottleneck {
            Some(_) => !self.doc.same_apart_from_positions_and_growth(now),
            None => &self.doc != now,
        }
    }
}

/// One line of a figure's working as the panel shows it: like
/// `words::explain::Explanation`, with a simulated figure marked an
/// estimate rather than exact or approximate.
#[derive(Clone, Debug, PartialEq)]
struct WorkingLine {
    figure: String,
    formula: String,
    substituted: String,
    result: String,
    /// "exact", "approximation: …", "estimate (simulated): …".
    accuracy: String,
    /// "exact", "approximation" or "estimate", for the style.
    kind: &'static str,
}

impl WorkingLine {
    fn analytic(explanation: Explanation) -> WorkingLine {
        let kind = match explanation.accuracy {
            Accuracy::Exact => "exact",
            Accuracy::Approximation(_) => "approximation",
        };
        WorkingLine {
            figure: format!("Analytic {}", explanation.figure.to_lowercase()),
            accuracy: explanation.accuracy.label(),
            formula: explanation.formula,
            substituted: explanation.substituted,
            result: explanation.result,
            kind,
        }
    }

    fn estimate(figure: String, formula: String, substituted: String, result: String) -> WorkingLine {
        WorkingLine {
            figure,
            formula,
            substituted,
            result,
            accuracy: format!("estimate (simulated, seed {SEED}): the same document gives the same run"),
            kind: "estimate",
        }
    }
}

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
    /// How the simulated figure was estimated and how the analytic one
    /// is worked out.
    working: Vec<WorkingLine>,
}

/// Where the bottleneck reaches 90%, and what the run found there.
#[derive(Clone, Debug, PartialEq)]
struct BottleneckLine {
    /// "At 2.93×, where Postgres reaches 90.0% utilisation …".
    growth_text: String,
    /// Per entry point: "p99 end to end of Load balancer: analytic …".
    p99_lines: Vec<String>,
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
    /// Set for a run at the bottleneck's 90%.
    bottleneck: Option<BottleneckLine>,
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

/// How run `run` measured entry point `s`'s requests: the first line of
/// every simulated figure's working.
fn requests_line(doc: &Document, run: &SimulationReport, s: &SimulatedLatency) -> WorkingLine {
    let here = if run.per_entry.len() > 1 {
        format!(" ({} of them entering at {})", grouped(s.requests as f64), doc.name_of(&s.component))
    } else {
        String::new()
    };
    WorkingLine::estimate(
        "Requests measured".to_owned(),
        "n requests measured after a warm-up of max(n / 20, 200) that are discarded: the queues start empty".to_owned(),
        format!(
            "{} entered first and were discarded; then {} measured{here}, over {} simulated",
            grouped(run.warmup_discarded as f64),
            grouped(run.requests as f64),
            duration(Some(run.simulated_seconds))
        ),
        grouped(s.requests as f64),
    )
}

/// How a simulated figure was estimated: the sample mean, or an order
/// statistic of the measured requests' latencies.
fn estimate_line(label: &str, q: Option<f64>, value: f64, s: &SimulatedLatency) -> WorkingLine {
    let n = s.requests as f64;
    let (formula, substituted) = match q {
        None => (
            "sample mean: the sum of the n measured end-to-end latencies / n".to_owned(),
            format!("{} s / {}", number(value * n), grouped(n)),
        ),
        Some(q) => (
            "order statistic: the latency q·n requests finish within, of the n measured, read off log-spaced \
             bins 0.2% wide (interpolated within its bin)"
                .to_owned(),
            format!("rank {} × {} = {} of {}", number(q), grouped(n), grouped((q * n).ceil()), grouped(n)),
        ),
    };
    WorkingLine::estimate(format!("Simulated {label}"), formula, substituted, duration(Some(value)))
}

/// The 95% half-width by batch means, with its numbers: the batches'
/// standard deviation follows from the half-width the engine reports.
fn half_width_line(label: &str, of: &str, half: f64) -> Option<WorkingLine> {
    if !half.is_finite() {
        return None;
    }
    let (batches, t) = confidence_batches();
    let k = batches as f64;
    let deviation = half * k.sqrt() / t;
    Some(WorkingLine::estimate(
        format!("95% half-width of the {label}"),
        format!(
            "batch means: t(0.975, k − 1) × s / √k, s the standard deviation of the {of} of the k = {batches} \
             batches (consecutive {batches}ths of the measured requests)"
        ),
        format!("{} × {} / √{batches}", number(t), duration(Some(deviation))),
        half_width(Some(half)),
    ))
}

fn difference_line(analytic: Option<f64>, simulated: f64) -> WorkingLine {
    WorkingLine {
        figure: "Difference".to_owned(),
        formula: "(simulated − analytic) / analytic".to_owned(),
        substituted: format!(
            "({} − {}) / {}",
            duration(Some(simulated)),
            duration(analytic),
            duration(analytic)
        ),
        result: difference(analytic, simulated),
        accuracy: "as good as the simulated figure: see its half-width".to_owned(),
        kind: "estimate",
    }
}

/// "the analytic is 7.9% below the simulated", from analytic / simulated − 1
/// (the sign `engine::simulation::EntryComparison` reports).
fn below_or_above(analytic: Option<f64>, simulated: f64) -> String {
    match analytic {
        Some(a) if a.is_finite() && simulated > 0.0 && simulated.is_finite() => {
            let d = (a / simulated - 1.0) * 100.0;
            if d.abs() < 0.05 {
                "the analytic equals the simulated".to_owned()
            } else {
                format!("the analytic is {:.1}% {} the simulated", d.abs(), if d < 0.0 { "below" } else { "above" })
            }
        }
        _ => "no analytic figure to compare".to_owned(),
    }
}

/// Analytic beside simulated, per entry point the run measured;
/// `bottleneck` where the run was made at the bottleneck's 90%.
fn compare(doc: &Document, simulated: &SimulationReport, elapsed_ms: f64, bottleneck: Option<&BottleneckGrowth>) -> Comparison {
    let analysis = Analysis::new(doc);
    let report = analysis.report_at(simulated.growth);
    let percentiles = analysis.percentiles(&report);
    let mut p99_lines = Vec::new();
    let entries = simulated
        .per_entry
        .iter()
        .map(|s| {
            let mean = report.entries.get(s.entry).and_then(|e| e.latency);
            let p = percentiles.entries.get(s.entry).copied().flatten();
            // Mean, p50, p95, p99: the order of the rows below.
            let analytic_working = end_to_end_working(doc, &report, &percentiles, s.entry);
            let line = |index: usize, figure, q: Option<f64>, analytic: Option<f64>, value: f64, half: Option<f64>| {
                let mut working = vec![requests_line(doc, simulated, s), estimate_line(figure, q, value, s)];
                let of = if q.is_none() { "means" } else { "p99s" };
                working.extend(half.and_then(|h| half_width_line(figure, of, h)));
                working.extend(analytic_working.get(index).cloned().map(WorkingLine::analytic));
                working.push(difference_line(analytic, value));
                FigureLine {
                    figure,
                    analytic: duration(analytic),
                    simulated: duration(Some(value)),
                    half_width: half_width(half),
                    difference: difference(analytic, value),
                    working,
                }
            };
            let name = doc.name_of(&s.component);
            let analytic_p99 = p.map(|p| p.p99);
            p99_lines.push(format!(
                "p99 end to end of {name}: analytic {}, simulated {} ± {}; {}",
                duration(analytic_p99),
                duration(Some(s.p99)),
                duration(Some(s.p99_half_width)),
                below_or_above(analytic_p99, s.p99)
            ));
            let lines = vec![
                line(0, "mean", None, mean, s.mean, Some(s.mean_half_width)),
                line(1, "p50", Some(0.5), p.map(|p| p.p50), s.p50, None),
                line(2, "p95", Some(0.95), p.map(|p| p.p95), s.p95, None),
                line(3, "p99", Some(0.99), analytic_p99, s.p99, Some(s.p99_half_width)),
            ];
            (name, lines)
        })
        .collect();
    let bottleneck = bottleneck.map(|b| {
        let busiest = report
            .component(&b.bottleneck)
            .and_then(|load| load.tiers.iter().max_by(|x, y| x.utilisation.total_cmp(&y.utilisation)).map(|t| (load, t)));
        let rho = busiest.map_or_else(String::new, |(load, tier)| {
            format!(" = {} / ({} × {})", number(tier.arrival_rate), tier.servers, number(load.service_rate))
        });
        BottleneckLine {
            growth_text: format!(
                "At {}, the growth where the analysis puts {} at {} utilisation (ρ = λ / (c·μ){rho}), {} requests were simulated.",
                multiplier(b.growth),
                doc.name_of(&b.bottleneck),
                percent(b.utilisation),
                grouped(simulated.requests as f64)
            ),
            p99_lines,
        }
    });
    Comparison {
        growth: simulated.growth,
        requests: simulated.requests,
        elapsed_ms,
        entries,
        approximations: approximations(doc),
        bottleneck,
    }
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
    let run_at = RwSignal::new(RunAt::Current);
    // The document (at its growth) the last run was started on.
    let simulated_document = RwSignal::new(None::<Started>);
    let simulation = StoredValue::new_local(None::<Simulation>);
    // A slice of an older run (cancelled, or replaced) finds its number
    // changed and stops.
    let generation = StoredValue::new(0_u64);
    let started_at = StoredValue::new(0.0_f64);

    let stale = Memo::new(move |_| {
        simulated_document.with(|shown| document.with(|now| shown.as_ref().is_some_and(|shown| shown.is_stale(now))))
    });

    fn slice(
        mine: u64,
        run: RwSignal<Run>,
        simulation: StoredValue<Option<Simulation>, LocalStorage>,
        generation: StoredValue<u64>,
        started_at: StoredValue<f64>,
        simulated_document: RwSignal<Option<Started>>,
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
                let comparison = simulated_document
                    .with_untracked(|d| d.as_ref().map(|d| compare(&d.doc, &report, elapsed, d.bottleneck.as_ref())));
                run.set(comparison.map_or(Run::Idle, Run::Finished));
            }
            None => {
                run.set(Run::Running { done: progress.done, total: progress.total });
                soon(move || slice(mine, run, simulation, generation, started_at, simulated_document));
            }
        }
    }

    let start = move |_| {
        let dial = report.with_untracked(|r| r.growth);
        let mut doc = document.get_untracked();
        doc.scenario.growth = dial;
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        let bottleneck = match run_at.get_untracked() {
            RunAt::Current => None,
            RunAt::Bottleneck => match growth_at_bottleneck(&doc, BOTTLENECK_SHARE) {
                Ok(found) => Some(found),
                Err(reason) => {
                    simulation.set_value(None);
                    simulated_document.set(Some(Started { doc, bottleneck: None }));
                    run.set(Run::Failed(reason));
                    return;
                }
            },
        };
        let growth = bottleneck.as_ref().map_or(dial, |b| b.growth);
        match Simulation::new(&doc, growth, SEED, REQUESTS) {
            Ok(prepared) => {
                let progress = prepared.progress();
                simulation.set_value(Some(prepared));
                simulated_document.set(Some(Started { doc, bottleneck }));
                started_at.set_value(since_page_start());
                run.set(Run::Running { done: progress.done, total: progress.total });
                soon(move || slice(mine, run, simulation, generation, started_at, simulated_document));
            }
            Err(reason) => {
                simulation.set_value(None);
                simulated_document.set(Some(Started { doc, bottleneck }));
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
                "A seeded simulation of the same model: " {grouped(REQUESTS as f64)}
                " requests walk their calls through queues, and their latency is measured rather than derived. It is the cross-check of the figures above."
            </p>
            <fieldset class="simulation-where" data-testid="simulation-where">
                <legend>"Where to run"</legend>
                <label>
                    <input
                        type="radio"
                        name="simulation-where"
                        value="current"
                        prop:checked=move || run_at.get() == RunAt::Current
                        on:change=move |_| run_at.set(RunAt::Current)
                        disabled=running
                    />
                    " at the current growth (" {growth_now} ")"
                </label>
                <label>
                    <input
                        type="radio"
                        name="simulation-where"
                        value="bottleneck"
                        prop:checked=move || run_at.get() == RunAt::Bottleneck
                        on:change=move |_| run_at.set(RunAt::Bottleneck)
                        disabled=running
                    />
                    {format!(" where the bottleneck is {} busy", percent(BOTTLENECK_SHARE))}
                </label>
            </fieldset>
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
    let growth = comparison.growth.to_string();
    let approximations = comparison.approximations.clone();
    let bottleneck = comparison.bottleneck.clone().map(|b| {
        view! {
            <div class="simulation-bottleneck" data-testid="simulation-bottleneck">
                <p data-testid="simulation-bottleneck-growth">{b.growth_text}</p>
                <ul>
                    {b.p99_lines.into_iter().map(|line| view! { <li data-testid="simulation-bottleneck-p99">{line}</li> }).collect_view()}
                </ul>
            </div>
        }
    });
    view! {
        <Show when=move || stale.get()>
            <p class="simulation-stale" data-testid="simulation-stale" role="status">
                "Stale: the document or the growth changed since this run. The figures below are for the earlier version; simulate again to compare with the figures above."
            </p>
        </Show>
        <p class="simulation-summary" data-testid="simulation-summary" data-elapsed-ms=elapsed data-growth=growth>{summary}</p>
        {bottleneck}
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
                .enumerate()
                .map(|(e, (name, lines))| {
                    let rows = lines
                        .into_iter()
                        .enumerate()
                        .map(|(i, line)| {
                            // The entry's name heads its group in the first
                            // column; a working row between two figures
                            // would break a rowspan, so it is its own cell.
                            let first = if i == 0 { name.clone() } else { String::new() };
                            view! { <FigureRows entry=name.clone() first=first index=e line=line/> }
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

/// One figure of one entry point, and the working it opens to.
#[component]
fn FigureRows(entry: String, first: String, index: usize, line: FigureLine) -> impl IntoView {
    let open = RwSignal::new(false);
    let id = format!("simulation-working-{index}-{}", line.figure);
    let caption = format!("How the {} end to end of {entry} is estimated and worked out", line.figure);
    let head = (!first.is_empty()).then(|| view! { <th scope="row">{first}</th> });
    let blank = head.is_none().then(|| view! { <td></td> });
    let working = line
        .working
        .into_iter()
        .map(|w| {
            let figure = w.figure.clone();
            view! {
                <tr data-figure=figure>
                    <th scope="row" data-part="figure">{w.figure}</th>
                    <td data-part="formula" class="formula">{w.formula}</td>
                    <td data-part="substituted" class="formula">{w.substituted}</td>
                    <td data-part="result" class="numeric">{w.result}</td>
                    <td data-part="accuracy" class="accuracy" data-kind=w.kind>{w.accuracy}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <tr data-figure=line.figure>
            {head}
            {blank}
            <td>
                <button
                    type="button"
                    class="working-toggle"
                    aria-expanded=move || open.get().to_string()
                    aria-controls=id.clone()
                    data-testid="simulation-figure"
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    <span class="working-arrow" aria-hidden="true">{move || if open.get() { "▾ " } else { "▸ " }}</span>
                    {line.figure}
                    <span class="visually-hidden">{format!(" of {entry}: how it is estimated")}</span>
                </button>
            </td>
            <td class="numeric" data-col="analytic">{line.analytic}</td>
            <td class="numeric" data-col="simulated">{line.simulated}</td>
            <td class="numeric" data-col="half-width">{line.half_width}</td>
            <td class="numeric" data-col="difference">{line.difference}</td>
        </tr>
        <tr class="working-row simulation-working-row" id=id.clone() hidden=move || !open.get()>
            <td colspan="6">
                <table class="working" data-testid="simulation-working" data-figure-of=line.figure>
                    <caption>{caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Figure"</th>
                            <th scope="col">"Rule"</th>
                            <th scope="col">"With the numbers"</th>
                            <th scope="col" class="numeric">"Result"</th>
                            <th scope="col">"Exact, approximate or estimated"</th>
                        </tr>
                    </thead>
                    <tbody>{working}</tbody>
                </table>
            </td>
        </tr>
    }
}

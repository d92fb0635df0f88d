//! Utilisation against growth for the components that give out first: one
//! line each on a log growth axis (1×–1000×), a numbered marker where each
//! reaches its limit, the comfort line and the limit as rules, and the
//! current growth as a vertical line. Lines differ in dash pattern as well
//! as colour, markers carry numbers that the legend repeats, and the chart
//! has a text description. An autoscaled component's line saw-tooths (each
//! added instance drops its utilisation back under the comfort line); its
//! legend entry says so, so the zigzag does not read as an error. Each
//! entry point's latency objective is a dashed vertical line at the growth
//! where it breaks, labelled ("p99 ≤ 100 ms (Load balancer)") and said in
//! the legend and the text description. The geometry is `editor::view::charts`;
//! the sweep is recomputed only when something other than the growth
//! changes, the objectives' search only when the document does.

use leptos::prelude::*;

use super::state::{ObjectivesContext, ReportContext, SettledDocument};
use crate::editor::view::charts::{objective_markers, utilisation_chart, LineChart, Y_TITLE_X};
use crate::engine::growth_sweep;

/// Growths the sweep samples between 1× and 1000×.
const SWEEP_POINTS: usize = 121;
/// Components drawn.
const TOP: usize = 4;
const WIDTH: f64 = 900.0;
const HEIGHT: f64 = 380.0;
/// Room under the plot for the axis title.
const AXIS_TITLE_ROOM: f64 = 30.0;

/// The growth chart.
#[component]
pub fn GrowthChart() -> impl IntoView {
    let document = expect_context::<SettledDocument>().0;
    let report = expect_context::<ReportContext>().0;
    // The sweep runs from 1× to 1000× whatever the dial says: key it on the
    // document with the growth taken out, so moving the dial reuses it.
    let shape = Memo::new(move |_| {
        document.with(|d| {
            let mut d = d.clone();
            d.scenario.growth = 1.0;
            d
        })
    });
    let sweep = Memo::new(move |_| shape.with(|d| growth_sweep(d, SWEEP_POINTS)));
    let chart = Memo::new(move |_| {
        document.with(|d| report.with(|r| sweep.with(|s| utilisation_chart(d, r, s, TOP, WIDTH, HEIGHT))))
    });
    let objectives = expect_context::<ObjectivesContext>().0;
    let markers = Memo::new(move |_| {
        chart.with(|c| document.with(|d| objectives.with(|o| objective_markers(c, d, o))))
    });
    let description = move || {
        let mut text = chart.with(|c| c.description.clone());
        markers.with(|m| {
            if !m.is_empty() {
                let sentences: Vec<&str> = m.iter().map(|m| m.sentence.as_str()).collect();
                text.push_str(&format!(" Latency objectives: {}.", sentences.join("; ")));
            }
        });
        text
    };
    let plot = move || chart.with(|c| c.plot);
    let legend = Memo::new(move |_| {
        chart.with(|c| {
            c.series
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let text = s.marker.as_ref().map_or_else(|| format!("{} stays under the limit up to 1000×", s.name), |m| m.label.clone());
                    (i, s.id.clone(), text, s.note.clone())
                })
                .collect::<Vec<_>>()
        })
    });

    view! {
        <figure class="chart panel" data-testid="growth-chart" aria-labelledby="growth-chart-title">
            <h2 id="growth-chart-title" class="panel-heading">"Utilisation as the system grows"</h2>
            <svg
                class="chart-svg"
                viewBox=format!("0 0 {WIDTH} {}", HEIGHT + AXIS_TITLE_ROOM)
                role="img"
                aria-labelledby="growth-chart-title growth-chart-description"
            >
                <rect
                    class="plot-frame"
                    x=move || plot().0
                    y=move || plot().1
                    width=move || plot().2 - plot().0
                    height=move || plot().3 - plot().1
                ></rect>
                <g class="ticks">
                    <For each=move || chart.with(|c| c.y_ticks.clone()) key=|t| t.label.clone() let:tick>
                        <line class="grid-line" x1=move || plot().0 x2=move || plot().2 y1=tick.at y2=tick.at></line>
                        <text class="tick-label" x=move || plot().0 - 8.0 y=tick.at text-anchor="end" dominant-baseline="central">
                            {tick.label.clone()}
                        </text>
                    </For>
                    <For each=move || chart.with(|c| c.x_ticks.clone()) key=|t| t.label.clone() let:tick>
                        <line class="grid-line" x1=tick.at x2=tick.at y1=move || plot().1 y2=move || plot().3></line>
                        <text
                            class="tick-label"
                            x=tick.at
                            y=move || plot().3 + 22.0
                            text-anchor=move || tick_anchor(tick.at, plot().2)
                        >
                            {tick.label.clone()}
                        </text>
                    </For>
                </g>
                <text class="axis-title" x=move || (plot().0 + plot().2) / 2.0 y=HEIGHT + AXIS_TITLE_ROOM - 6.0 text-anchor="middle">
                    "Growth (log scale)"
                </text>
                <text
                    class="axis-title"
                    data-testid="growth-chart-y-title"
                    transform=move || format!("translate({Y_TITLE_X} {}) rotate(-90)", (plot().1 + plot().3) / 2.0)
                    text-anchor="middle"
                >
                    "Utilisation (peak or day's average)"
                </text>
                <g class="rules">
                    <For each=move || chart.with(|c| c.rules.clone()) key=|r| r.1.clone() let:rule>
                        <line
                            class="rule"
                            data-rule=if rule.1.starts_with("comfort") { "comfort" } else { "limit" }
                            x1=move || plot().0
                            x2=move || plot().2
                            y1=rule.0
                            y2=rule.0
                        ></line>
                        <text class="rule-label" x=move || plot().2 - 6.0 y=rule.0 - 6.0 text-anchor="end">
                            {rule.1.clone()}
                        </text>
                    </For>
                </g>
                <g class="series">
                    <For
                        each=move || chart.with(|c| c.series.iter().cloned().enumerate().collect::<Vec<_>>())
                        key=|(i, s)| (*i, s.id.clone(), s.path.clone())
                        let:item
                    >
                        <path class=format!("series-line series-{}", item.0) data-component-id=item.1.id.clone() d=item.1.path.clone()></path>
                    </For>
                    <For
                        each=move || {
                            chart.with(|c| {
                                c.series
                                    .iter()
                                    .enumerate()
                                    .filter_map(|(i, s)| s.marker.clone().map(|m| (i, s.id.clone(), m)))
                                    .collect::<Vec<_>>()
                            })
                        }
                        key=|(i, id, m)| (*i, id.clone(), m.on_line.0.to_bits(), m.on_line.1.to_bits(), m.badge.1.to_bits())
                        let:item
                    >
                        // The point on the line, and the numbered badge on
                        // it (or above it, joined by a leader, when
                        // another badge is there).
                        <g class=format!("saturation-marker series-{}", item.0) data-component-id=item.1.clone()>
                            <title>{item.2.label.clone()}</title>
                            <line
                                class="marker-leader"
                                x1=item.2.on_line.0
                                y1=item.2.on_line.1
                                x2=item.2.badge.0
                                y2=item.2.badge.1
                            ></line>
                            <circle class="marker-point" data-testid="marker-point" cx=item.2.on_line.0 cy=item.2.on_line.1 r="4"></circle>
                            <circle cx=item.2.badge.0 cy=item.2.badge.1 r="12"></circle>
                            <text x=item.2.badge.0 y=item.2.badge.1 text-anchor="middle" dominant-baseline="central">
                                {(item.0 + 1).to_string()}
                            </text>
                        </g>
                    </For>
                </g>
                <g class="objective-markers">
                    <For
                        each=move || markers.with(|m| m.iter().filter(|m| m.x.is_some()).cloned().collect::<Vec<_>>())
                        key=|m| (m.entry.clone(), m.label.clone(), m.breaks_at.to_bits(), m.label_y.to_bits())
                        let:marker
                    >
                        <g class="objective-marker" data-testid="objective-marker" data-entry=marker.entry.clone() data-breaks-at=marker.breaks_at.to_string()>
                            <title>{marker.sentence.clone()}</title>
                            <line
                                class="objective-line"
                                x1=marker.x.unwrap_or_default()
                                x2=marker.x.unwrap_or_default()
                                y1=move || plot().1
                                y2=move || plot().3
                            ></line>
                            <text
                                class="objective-label"
                                x=marker.x.unwrap_or_default() + if marker.label_left { -6.0 } else { 6.0 }
                                y=marker.label_y
                                text-anchor=if marker.label_left { "end" } else { "start" }
                            >
                                {marker.label.clone()}
                            </text>
                        </g>
                    </For>
                </g>
                <Show when=move || chart.with(|c| c.now.is_some())>
                    <g class="now-marker">
                        <line
                            x1=move || now(chart).0
                            x2=move || now(chart).0
                            y1=move || plot().1
                            y2=move || plot().3
                        ></line>
                        <text x=move || now(chart).0 + 6.0 y=move || plot().1 + 16.0 text-anchor="start">
                            {move || now(chart).1}
                        </text>
                    </g>
                </Show>
            </svg>
            <ol class="chart-legend" aria-label="Lines of the chart">
                <For each=move || legend.get() key=|l| l.clone() let:line>
                    <li data-component-id=line.1.clone()>
                        <svg class="legend-line" viewBox="0 0 60 24" aria-hidden="true" focusable="false">
                            <path class=format!("series-line series-{}", line.0) d="M2 12 L58 12"></path>
                            <g class=format!("saturation-marker series-{}", line.0)>
                                <circle cx="30" cy="12" r="10"></circle>
                                <text x="30" y="12" text-anchor="middle" dominant-baseline="central">{(line.0 + 1).to_string()}</text>
                            </g>
                        </svg>
                        <span class="legend-text">{line.2.clone()}</span>
                        {line.3.clone().map(|note| view! { <span class="legend-note" data-testid="legend-note">{format!("({note})")}</span> })}
                    </li>
                </For>
                <li class="legend-rules">
                    <svg class="legend-line" viewBox="0 0 60 24" aria-hidden="true" focusable="false">
                        <line class="rule" data-rule="comfort" x1="2" x2="58" y1="12" y2="12"></line>
                    </svg>
                    <span>"comfort line"</span>
                    <svg class="legend-line" viewBox="0 0 60 24" aria-hidden="true" focusable="false">
                        <line class="rule" data-rule="limit" x1="2" x2="58" y1="12" y2="12"></line>
                    </svg>
                    <span>"utilisation limit"</span>
                    <svg class="legend-line" viewBox="0 0 60 24" aria-hidden="true" focusable="false">
                        <g class="now-marker"><line x1="30" x2="30" y1="2" y2="22"></line></g>
                    </svg>
                    <span>"current growth"</span>
                </li>
                <For each=move || markers.get() key=|m| m.sentence.clone() let:marker>
                    <li class="legend-objective" data-testid="objective-legend">
                        <svg class="legend-line" viewBox="0 0 60 24" aria-hidden="true" focusable="false">
                            <line class="objective-line" x1="30" x2="30" y1="2" y2="22"></line>
                        </svg>
                        <span>{marker.sentence.clone()}</span>
                    </li>
                </For>
            </ol>
            <figcaption id="growth-chart-description" class="chart-description" data-testid="growth-chart-description">
                {description}
            </figcaption>
        </figure>
    }
}

/// Tick labels sit centred under their tick, but the last would stick
/// out past the plot's right edge: it ends there instead.
fn tick_anchor(at: f64, right: f64) -> &'static str {
    if at >= right - 1.0 {
        "end"
    } else {
        "middle"
    }
}

/// The current growth's line: x and label.
fn now(chart: Memo<LineChart>) -> (f64, String) {
    chart.with(|c| c.now.clone().unwrap_or((0.0, String::new())))
}

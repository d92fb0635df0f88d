//! A consumer's day, for every component judged over the day (work behind
//! a queue): requests arriving and what it can process, hour by hour, as
//! steps on the left axis, and the backlog as a shaded area on its own
//! axis on the right. Lines differ in dash pattern as well as colour, the
//! backlog is hatched, and each chart has a text description. The geometry
//! is `editor::view::charts::day_chart`.

use leptos::prelude::*;

use super::canvas::HATCH_ID;
use super::state::{ReportContext, SettledDocument};
use crate::editor::view::charts::{day_chart, DayChart};

const WIDTH: f64 = 900.0;
const HEIGHT: f64 = 300.0;
/// Room under the plot for the axis title.
const AXIS_TITLE_ROOM: f64 = 30.0;
/// Room left and right of the chart for the two vertical axis titles.
const SIDE_ROOM: f64 = 24.0;

/// One chart per component judged over the day.
#[component]
pub fn DayCharts() -> impl IntoView {
    let document = expect_context::<SettledDocument>().0;
    let report = expect_context::<ReportContext>().0;
    let charts = Memo::new(move |_| {
        document.with(|d| {
            report.with(|r| {
                r.components
                    .iter()
                    .filter_map(|load| {
                        let day = load.day.as_ref()?;
                        let name = d.name_of(&load.id);
                        Some((load.id.to_string(), name.clone(), day_chart(&name, day, WIDTH, HEIGHT)))
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let ids = Memo::new(move |_| charts.with(|c| c.iter().map(|(id, ..)| id.clone()).collect::<Vec<_>>()));

    view! {
        <Show when=move || ids.with(|i| !i.is_empty())>
            <section class="day-charts" aria-labelledby="day-charts-heading">
                <h2 id="day-charts-heading" class="panel-heading">"Queues over the day"</h2>
                <For each=move || ids.get() key=|id| id.clone() let:id>
                    <DayChartView id=id charts=charts/>
                </For>
            </section>
        </Show>
    }
}

/// The day of one consumer.
#[component]
fn DayChartView(
    /// The component whose day is drawn.
    id: String,
    /// Every day chart, by component id, with its name.
    charts: Memo<Vec<(String, String, DayChart)>>,
) -> impl IntoView {
    let lookup = id.clone();
    let entry = Memo::new(move |_| charts.with(|c| c.iter().find(|(i, ..)| *i == lookup).map(|(_, n, chart)| (n.clone(), chart.clone()))));
    let read = move |f: fn(&(String, DayChart)) -> String| move || entry.with(|e| e.as_ref().map(f).unwrap_or_default());
    let plot = move || entry.with(|e| e.as_ref().map_or((0.0, 0.0, 0.0, 0.0), |e| e.1.plot));
    let ticks = move |f: fn(&DayChart) -> Vec<crate::editor::view::charts::Tick>| {
        move || entry.with(|e| e.as_ref().map(|e| f(&e.1)).unwrap_or_default())
    };
    let title_id = format!("day-chart-{id}-title");
    let description_id = format!("day-chart-{id}-description");

    view! {
        <figure class="chart panel" data-testid="day-chart" data-component-id=id.clone() aria-labelledby=title_id.clone()>
            <h3 id=title_id.clone() class="panel-subheading">{read(|e| format!("{} over the day", e.0))}</h3>
            <svg
                class="chart-svg"
                viewBox=format!("{} 0 {} {}", -SIDE_ROOM, WIDTH + 2.0 * SIDE_ROOM, HEIGHT + AXIS_TITLE_ROOM)
                role="img"
                aria-labelledby=format!("{title_id} {description_id}")
            >
                <rect
                    class="plot-frame"
                    x=move || plot().0
                    y=move || plot().1
                    width=move || plot().2 - plot().0
                    height=move || plot().3 - plot().1
                ></rect>
                <path class="day-backlog" d=read(|e| e.1.backlog_area.clone())></path>
                <path class="day-backlog-hatch" fill=format!("url(#{HATCH_ID})") d=read(|e| e.1.backlog_area.clone())></path>
                <g class="ticks">
                    <For each=ticks(|c| c.x_ticks.clone()) key=|t| t.label.clone() let:tick>
                        <line class="grid-line" x1=tick.at x2=tick.at y1=move || plot().1 y2=move || plot().3></line>
                        <text class="tick-label" x=tick.at y=move || plot().3 + 22.0 text-anchor="middle">{tick.label.clone()}</text>
                    </For>
                    <For each=ticks(|c| c.rate_ticks.clone()) key=|t| (t.label.clone(), t.at.to_bits()) let:tick>
                        <text class="tick-label" x=move || plot().0 - 8.0 y=tick.at text-anchor="end" dominant-baseline="central">
                            {tick.label.clone()}
                        </text>
                    </For>
                    <For each=ticks(|c| c.backlog_ticks.clone()) key=|t| (t.label.clone(), t.at.to_bits()) let:tick>
                        <text class="tick-label tick-backlog" x=move || plot().2 + 8.0 y=tick.at text-anchor="start" dominant-baseline="central">
                            {tick.label.clone()}
                        </text>
                    </For>
                </g>
                <path class="day-capacity" d=read(|e| e.1.capacity_path.clone())></path>
                <path class="day-inflow" d=read(|e| e.1.inflow_path.clone())></path>
                <text class="axis-title" x=move || (plot().0 + plot().2) / 2.0 y=HEIGHT + AXIS_TITLE_ROOM - 6.0 text-anchor="middle">
                    "Hour of the day"
                </text>
                <text
                    class="axis-title"
                    transform=move || format!("translate({} {}) rotate(-90)", 6.0 - SIDE_ROOM / 2.0, (plot().1 + plot().3) / 2.0)
                    text-anchor="middle"
                >
                    "Requests per second"
                </text>
                <text
                    class="axis-title"
                    transform=move || format!("translate({} {}) rotate(90)", WIDTH + SIDE_ROOM / 2.0 - 6.0, (plot().1 + plot().3) / 2.0)
                    text-anchor="middle"
                >
                    "Requests waiting"
                </text>
            </svg>
            <ul class="chart-legend" aria-label="Parts of the chart">
                <li>
                    <svg class="legend-line" viewBox="0 0 60 24" aria-hidden="true" focusable="false">
                        <path class="day-inflow" d="M2 12 L58 12"></path>
                    </svg>
                    <span>"arriving (left axis)"</span>
                </li>
                <li>
                    <svg class="legend-line" viewBox="0 0 60 24" aria-hidden="true" focusable="false">
                        <path class="day-capacity" d="M2 12 L58 12"></path>
                    </svg>
                    <span>"can process (left axis)"</span>
                </li>
                <li>
                    <svg class="legend-line" viewBox="0 0 60 24" aria-hidden="true" focusable="false">
                        <rect class="day-backlog" x="2" y="4" width="56" height="16"></rect>
                        <rect class="day-backlog-hatch" fill=format!("url(#{HATCH_ID})") x="2" y="4" width="56" height="16"></rect>
                    </svg>
                    <span>"backlog (right axis)"</span>
                </li>
            </ul>
            <figcaption id=description_id class="chart-description" data-testid="day-chart-description">
                {read(|e| e.1.description.clone())}
            </figcaption>
        </figure>
    }
}

//! The root component: owns the document and its report, provides both as
//! context, and arranges the page: header with the growth dial, the
//! headline banner and the limits beside it, the canvas with its legend,
//! the results table, the growth chart and cost, the queues' days and the
//! scenario form.

use leptos::prelude::*;

use super::banner::Banner;
use super::canvas::Canvas;
use super::cost_panel::CostPanel;
use super::day_charts::DayCharts;
use super::growth_chart::GrowthChart;
use super::growth_dial::GrowthDial;
use super::legend::Legend;
use super::limits_panel::LimitsPanel;
use super::results_table::ResultsTable;
use super::scenario_panel::ScenarioPanel;
use super::state::{DocumentContext, Editor, ReportContext};
use crate::engine;
use crate::model::mvp_that_creaks;

/// The whole page, opened on the "MVP that creaks" sample.
#[component]
pub fn App() -> impl IntoView {
    let document = RwSignal::new(mvp_that_creaks());
    // The only place the engine runs: every view reads this memo.
    let report = Memo::new(move |_| document.with(engine::solve));
    provide_context(DocumentContext(document));
    provide_context(Editor::new(document));
    provide_context(ReportContext(report));

    let name = move || document.with(|d| d.name.clone());

    view! {
        <header class="app-header">
            <div class="app-title">
                <h1>"Headroom"</h1>
                <p class="app-document">{name}</p>
            </div>
            <GrowthDial/>
        </header>
        <main class="app-main">
            <Banner/>
            <LimitsPanel/>
            <section class="diagram" aria-labelledby="diagram-heading">
                <h2 id="diagram-heading" class="visually-hidden">"Architecture diagram"</h2>
                <Canvas/>
                <Legend/>
            </section>
            <ResultsTable/>
            <GrowthChart/>
            <DayCharts/>
            <CostPanel/>
            <ScenarioPanel/>
        </main>
    }
}

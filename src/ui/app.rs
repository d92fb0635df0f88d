//! The root component: owns the document and its report, provides both as
//! context, and arranges the page: a top that stays in view (the header
//! with the growth dial, the headline banner and the sections' links),
//! the limits, the canvas with its legend,
//! the results table, the growth chart and cost, the queues' days, the
//! scenario form, the modules' extraction verdicts, options side by side,
//! the automatic plan and the decisions; the document's line in the header and
//! the messages about storage under it.

use leptos::prelude::*;

use super::banner::Banner;
use super::conflict_dialog::ConflictDialog;
use super::cost_audit_panel::CostAuditPanel;
use super::cost_panel::CostPanel;
use super::day_charts::DayCharts;
use super::decisions_panel::DecisionsPanel;
use super::decisions_state::DecisionsContext;
use super::document_bar::DocumentBar;
use super::growth_chart::GrowthChart;
use super::growth_dial::GrowthDial;
use super::legend::Legend;
use super::live_room::LiveRoom;
use super::limits_panel::LimitsPanel;
use super::migration_panel::MigrationPanel;
use super::modules_panel::ModulesPanel;
use super::notices::Notices;
use super::options_panel::OptionsPanel;
use super::plan_panel::PlanPanel;
use super::legend::BoxLatencyChoice;
use super::resilience_panel::ResiliencePanel;
use super::results_table::ResultsTable;
use super::scenario_panel::ScenarioPanel;
use super::section_nav::SectionNav;
use super::simulation_panel::SimulationPanel;
use super::staged::{Staged, Stages};
use super::state::{provide_document_contexts, DocumentContexts};
use super::storage_session::StorageSession;
use super::update_notice::UpdateNotice;
use super::workspace::Workspace;
use crate::model::mvp_that_creaks;

/// The whole page, opened on the most recently saved document (the "MVP
/// that creaks" sample on a first visit, a shared document when the
/// address carries one).
#[component]
pub fn App() -> impl IntoView {
    let document = RwSignal::new(mvp_that_creaks());
    let DocumentContexts { editor, .. } = provide_document_contexts(document);
    // Replaces the sample with the document storage opens, before anything
    // reads it; then autosaves every edit.
    let storage = StorageSession::start(document, editor);
    provide_context(storage);
    provide_context(LiveRoom::start(document, editor, storage));
    provide_context(DecisionsContext::new());
    provide_context(BoxLatencyChoice::restore());
    // The canvas takes the screen left under the sticky top and above its
    // legend (style/canvas.css); both change height with their text.
    request_animation_frame(|| {
        crate::platform::element_size::follow_height(".app-top", "--top-height");
        crate::platform::element_size::follow_height(".diagram > .legend", "--legend-height");
    });

    // The drawing first; the panels under it after, one task each.
    let stages = Stages::start(13);

    view! {
        // The dial, the headline and the sections' links stay in view
        // however far the page is scrolled: turning the dial while reading
        // the table or the plan shows what changes.
        <div class="app-top">
            <header class="app-header">
                <div class="app-title">
                    <h1>"Headroom"</h1>
                    <DocumentBar/>
                </div>
                <GrowthDial/>
            </header>
            <div class="app-headline">
                <Banner/>
                <SectionNav/>
            </div>
        </div>
        <Notices/>
        <UpdateNotice/>
        <main class="app-main">
            <section class="diagram" aria-labelledby="diagram-heading">
                <h2 id="diagram-heading" class="visually-hidden">"Architecture diagram"</h2>
                <Workspace/>
                <Legend/>
            </section>
            <LimitsPanel/>
            <Staged stages at=0><ResultsTable/></Staged>
            <Staged stages at=1><ResiliencePanel/></Staged>
            <Staged stages at=2><SimulationPanel/></Staged>
            <Staged stages at=3><GrowthChart/></Staged>
            <Staged stages at=4><DayCharts/></Staged>
            <Staged stages at=5><CostPanel/></Staged>
            <Staged stages at=6><CostAuditPanel/></Staged>
            <Staged stages at=7><ModulesPanel/></Staged>
            <Staged stages at=8><MigrationPanel/></Staged>
            <Staged stages at=9><ScenarioPanel/></Staged>
            <Staged stages at=10><OptionsPanel/></Staged>
            <Staged stages at=11><PlanPanel/></Staged>
            <Staged stages at=12><DecisionsPanel/></Staged>
        </main>
        <ConflictDialog/>
    }
}

//! Pure simulation: the document in, a report out. An open queueing network
//! solved analytically at steady state (see docs/design.md, "Engine
//! semantics"): traffic equations, M/M/c per component, end-to-end latency
//! along synchronous calls, headroom and the saturation ranking, and a
//! growth sweep.
//!
//! The engine never fails on a valid document; what goes wrong in the
//! system (a saturated component, a loop that amplifies traffic) is part of
//! the report. It does no I/O and knows nothing of the page.

mod analysis;
pub mod audit;
mod calibration;
pub mod call_tree;
mod complex;
mod connections;
mod extraction;
pub mod migration;
pub mod readiness;
mod options;
mod overload;
mod parallel;
mod percentiles;
mod plan;
mod plan_floor;
mod queueing;
mod report;
mod resilience;
pub mod response_law;
pub mod simulation;
mod strongly_connected;
pub mod synthetic;
mod sweep;
mod tiers;
mod timeline;
mod traffic;
pub mod variability;

pub use analysis::{Analysis, OVERSIZED_BELOW, SECONDS_PER_MONTH};
pub use connections::{ConnectionBudget, ConnectionClient};
pub use extraction::{Deployment, DeploymentViolation, ExtractionVerdict, Verdict, VerdictReason};
pub use plan::{
    exhaustive_cheapest_cost, plan, step_groups, Alternative, Binding, Choice, Intervention, Plan, PlanAssembly,
    PlanSearch, PlanSettings, PlanStep, PlanTarget, Resource, RuledOut, SearchProgress, StepFigures, Unlock,
};
pub use options::{compare_options, figures, Best, Comparison, OptionFigures};
pub use calibration::{calibrated_throughput, CalibratedFrom, Calibration, CalibrationWorking};
pub use resilience::{
    headroom_cache_cold, headroom_one_instance_lost, resilience_table, with_failure, EntryLatencyChange, Failure,
    FailureRow, ResilienceTable, ResilienceVerdict,
};
pub use percentiles::{LatencyPercentiles, ObjectiveHeadroom, Percentiles};
pub use queueing::{erlang_b, erlang_c, instances_needed, mmc, Queueing};
pub use report::{
    ComponentLoad, CostSummary, DependencyFlow, EntryLatency, Judgement, Limit, Report,
    RightSizing, Saturation, Status, TierLoad, TierLoads, Violation, Warning, HOT_LINE,
};
pub use simulation::{simulate, Progress, SimulatedComponent, SimulatedLatency, Simulation, SimulationReport};
pub use tiers::TierRole;
pub use timeline::{simulate_day, DayLoad};
pub use sweep::{growth_sweep, log_spaced, Sweep, SWEEP_MAX_GROWTH};
pub use traffic::{AmplifyingLoop, ClassRates};

use crate::model::Document;

/// Solves the document at its scenario's growth.
pub fn solve(doc: &Document) -> Report {
    Analysis::new(doc).report_at(doc.scenario.growth)
}

/// Requests per second offered to each component at 1x, in document order.
pub fn arrival_rates_at_unit_growth(doc: &Document) -> Vec<f64> {
    Analysis::new(doc).unit_arrival_rates()
}

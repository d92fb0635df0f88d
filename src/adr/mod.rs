//! Architecture Decision Records: what was decided about the system, why,
//! and the numbers that justified it. A record follows MADR 4 (title,
//! status, date, people, context, drivers, options, outcome, consequences,
//! confirmation, more information) and adds what only Headroom can give:
//! the components it is about, an evidence snapshot of the engine's
//! figures, and guardrails that say when the decision stops holding.
//!
//! Everything here is a pure function of its inputs: dates and documents
//! are passed in, nothing reads a clock or storage. Markdown in and out
//! lives in `files::{madr, nygard}`.

mod editing;
mod evidence;
mod from_planning;
mod guardrail;
mod lifecycle;
mod migration_table;
mod slug;

pub use editing::{change_status, draft_from_scenario, evidence_now, number_imported};
pub use from_planning::{record_from_comparison, record_from_plan_step};
pub use guardrail::{
    draft_utilisation, drift_notices, drifted, evaluate, evaluate_for, exact_decimal, DriftNotice, GuardrailCheck,
    GuardrailDraft, Unheld,
};
pub use migration_table::record_from_migration;
pub use lifecycle::{filter, next_number, supersede, LifecycleError};
pub use slug::{file_name, slug};
// The records themselves are the model's (what is saved); here for the
// code that works with them.
pub use crate::model::decision::{
    is_iso_date, number_label, validate_decisions, validate_fields, validate_record, CacheEvidence, Comparison,
    ConsideredOption, DecisionRecord, Evidence, EvidenceRow, Figures, Guardrail, GuardrailMetric, MigrationTable, Snapshot,
    Status, StatusKind,
};
//! Decisions, as the document saves them: the Architecture Decision
//! Records (MADR 4's fields plus the components a record is about, its
//! evidence, guardrails and migration table) and the rules a valid record
//! keeps. What is done with them (drafting, evidence, guardrail checks,
//! the lifecycle) is `adr`'s; Markdown in and out is `files`'.

mod date;
mod evidence;
mod guardrail;
mod migration_table;
mod record;
mod validation;

pub use date::is_iso_date;
pub use evidence::{CacheEvidence, Evidence, EvidenceRow, Figures, Snapshot};
pub use guardrail::{Comparison, Guardrail, GuardrailMetric};
pub use migration_table::MigrationTable;
pub use record::{number_label, ConsideredOption, DecisionRecord, Status, StatusKind};
pub use validation::{validate_decisions, validate_fields, validate_record};

//! Words: everything people read, as text. Each sentence and figure the
//! page, the command line and a decision record show is written here, from
//! the engine's report and the document: quantities (the one reader and
//! writer of numbers), the headline, the results table, each figure's
//! working, costs, limits, violations, and the panels' verdicts.
//!
//! Words are computed, never stored: a file that keeps them (a record's
//! evidence) keeps the text as it was read.

pub mod audit;
pub mod calibration;
pub mod cost;
pub mod explain;
pub mod extraction;
pub mod headline;
pub mod latency_working;
pub mod limits;
pub mod migration;
pub mod options;
pub mod plan;
pub mod quantity;
pub mod readiness;
pub mod resilience;
pub mod results_table;
pub mod violations;

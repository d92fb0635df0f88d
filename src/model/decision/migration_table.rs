//! A record's "Migration" section: the strangler-fig plan's steps as the
//! page showed them when the decision was taken. Worded by
//! `adr::MigrationTable::of`.

use serde::{Deserialize, Serialize};

/// The plan's table, worded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MigrationTable {
    /// "Safe up to 50% at 3×; at 100%: …".
    pub summary: String,
    pub headings: Vec<String>,
    /// One row per step, a cell per heading.
    pub rows: Vec<Vec<String>>,
}

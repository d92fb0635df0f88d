//! The decision record itself: MADR 4's fields plus the components it is
//! about, the evidence that justified it and the guardrails that say when
//! it stops holding.

use serde::{Deserialize, Serialize};

use super::evidence::Evidence;
use super::guardrail::Guardrail;
use super::migration_table::MigrationTable;
use crate::model::ComponentId;

/// Where a record is in its life. A record superseded by others names
/// them; the superseding records name it back in `supersedes`, so the link
/// can be followed both ways.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Proposed,
    Accepted,
    Rejected,
    Deprecated,
    /// Replaced by one or several later records (their numbers).
    SupersededBy(Vec<u32>),
}

/// A status without its links, for filtering.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusKind {
    Proposed,
    Accepted,
    Rejected,
    Deprecated,
    Superseded,
}

impl StatusKind {
    pub const ALL: [StatusKind; 5] = [
        StatusKind::Proposed,
        StatusKind::Accepted,
        StatusKind::Rejected,
        StatusKind::Deprecated,
        StatusKind::Superseded,
    ];

    /// The word MADR writes in the `status:` field and a filter shows.
    pub fn label(self) -> &'static str {
        match self {
            StatusKind::Proposed => "proposed",
            StatusKind::Accepted => "accepted",
            StatusKind::Rejected => "rejected",
            StatusKind::Deprecated => "deprecated",
            StatusKind::Superseded => "superseded",
        }
    }
}

impl Status {
    pub fn kind(&self) -> StatusKind {
        match self {
            Status::Proposed => StatusKind::Proposed,
            Status::Accepted => StatusKind::Accepted,
            Status::Rejected => StatusKind::Rejected,
            Status::Deprecated => StatusKind::Deprecated,
            Status::SupersededBy(_) => StatusKind::Superseded,
        }
    }

    /// "accepted", "superseded by ADR-0008, ADR-0009": the MADR status
    /// line.
    pub fn label(&self) -> String {
        match self {
            Status::SupersededBy(numbers) => {
                let names: Vec<String> = numbers.iter().map(|n| number_label(*n)).collect();
                format!("superseded by {}", names.join(", "))
            }
            other => other.kind().label().to_owned(),
        }
    }
}

/// "ADR-0007": how records refer to each other.
pub fn number_label(number: u32) -> String {
    format!("ADR-{number:04}")
}

/// One option that was considered, with the arguments for and against it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsideredOption {
    pub title: String,
    /// Free text: an example, a description, a pointer to more.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// "Good, because …"
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pros: Vec<String>,
    /// "Neutral, because …": MADR 4's arguments that weigh neither way.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub neutral: Vec<String>,
    /// "Bad, because …"
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cons: Vec<String>,
}

impl ConsideredOption {
    pub fn new(title: impl Into<String>) -> Self {
        ConsideredOption { title: title.into(), ..ConsideredOption::default() }
    }
}

/// One Architecture Decision Record. Text fields are plain text, not
/// Markdown: the exporters escape them so a file shows exactly what was
/// typed, and no text can inject markup.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionRecord {
    /// 1 for ADR-0001; unique within a document and never reused.
    pub number: u32,
    /// Short, naming the problem solved and the solution found.
    pub title: String,
    pub status: Status,
    /// When the decision was last updated, `yyyy-mm-dd`.
    pub date: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decision_makers: Vec<String>,
    /// People whose opinion was sought (two-way).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consulted: Vec<String>,
    /// People kept up to date (one-way).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub informed: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub context_and_problem: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decision_drivers: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub considered_options: Vec<ConsideredOption>,
    /// The title of the option chosen (empty while nothing is chosen).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub chosen_option: String,
    /// Why it was chosen: what follows "because".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub justification: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub good_consequences: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bad_consequences: Vec<String>,
    /// How compliance with the decision will be confirmed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub confirmation: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub more_information: String,
    /// The components the decision is about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<ComponentId>,
    /// The engine's figures when the decision was taken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
    /// Conditions under which the decision still holds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub guardrails: Vec<Guardrail>,
    /// Records this one replaces (the reverse of `Status::SupersededBy`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supersedes: Vec<u32>,
    /// A strangler-fig migration's steps, when the decision is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub migration: Option<MigrationTable>,
}

impl DecisionRecord {
    /// A proposed record with nothing but a number, a title and a date.
    pub fn new(number: u32, title: impl Into<String>, date: impl Into<String>) -> Self {
        DecisionRecord {
            number,
            title: title.into(),
            status: Status::Proposed,
            date: date.into(),
            decision_makers: Vec::new(),
            consulted: Vec::new(),
            informed: Vec::new(),
            context_and_problem: String::new(),
            decision_drivers: Vec::new(),
            considered_options: Vec::new(),
            chosen_option: String::new(),
            justification: String::new(),
            good_consequences: Vec::new(),
            bad_consequences: Vec::new(),
            confirmation: String::new(),
            more_information: String::new(),
            components: Vec::new(),
            evidence: None,
            guardrails: Vec::new(),
            supersedes: Vec::new(),
            migration: None,
        }
    }

    /// "ADR-0007".
    pub fn label(&self) -> String {
        number_label(self.number)
    }

    /// Whether the record is about `component`.
    pub fn links(&self, component: &ComponentId) -> bool {
        self.components.contains(component)
            || self.guardrails.iter().any(|g| &g.component == component)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_as_madr_writes_them() {
        assert_eq!(Status::Accepted.label(), "accepted");
        assert_eq!(Status::SupersededBy(vec![8]).label(), "superseded by ADR-0008");
        assert_eq!(
            Status::SupersededBy(vec![8, 12]).label(),
            "superseded by ADR-0008, ADR-0012"
        );
        assert_eq!(number_label(7), "ADR-0007");
        assert_eq!(number_label(12345), "ADR-12345");
    }

    #[test]
    fn a_record_serialises_compactly_and_back() {
        let mut record = DecisionRecord::new(7, "Add read replicas", "2024-05-01");
        record.status = Status::SupersededBy(vec![9]);
        let json = serde_json::to_string(&record).unwrap();
        assert_eq!(
            json,
            r#"{"number":7,"title":"Add read replicas","status":{"superseded_by":[9]},"date":"2024-05-01"}"#
        );
        let back: DecisionRecord = serde_json::from_str(&json).unwrap();
        assert_eq!(back, record);
    }
}

//! A record's evidence: the engine's figures when the decision was taken,
//! kept as the text the page showed, so the record reads the same years
//! later whatever the engine then says. Taken by `adr::evidence_now`.

use serde::{Deserialize, Serialize};

use crate::model::ComponentId;

/// The summary figures of one report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    /// The growth dial: "10×".
    pub growth: String,
    /// How much more growth the system takes: "2.4×", or "none".
    pub headroom: String,
    /// "Postgres saturates at 4.17×"; `None` without traffic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bottleneck: Option<String>,
}

/// One component's figures, formatted as in the results table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figures {
    pub load: String,
    pub utilisation: String,
    pub response: String,
    pub headroom: String,
    /// The 99th percentile of its response time ("47.7 ms"); `None` in
    /// evidence written before percentiles existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p99: Option<String>,
}

/// One row of the evidence table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceRow {
    pub component: ComponentId,
    pub name: String,
    /// The figures the decision was taken on; `None` for a component that
    /// only existed before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<Figures>,
    /// The figures to compare with (same component before the edit, or at
    /// 1×); `None` without a comparison or for a new component.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<Figures>,
}

/// A cache or CDN the decision is about, with what its numbers rest on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CacheEvidence {
    pub component: ComponentId,
    pub name: String,
    /// "80%".
    pub hit_ratio: String,
    /// "5 min"; `None` until components carry cache settings (see
    /// [`cache_policy`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl: Option<String>,
    /// "TTL expiry", "on write"; `None` likewise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invalidation: Option<String>,
}

/// The figures that justified a decision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub scenario: String,
    pub after: Snapshot,
    /// The comparison point, when one was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<Snapshot>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<EvidenceRow>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub caches: Vec<CacheEvidence>,
    /// Each entry point's end-to-end mean and percentiles with its
    /// objective ("… p99 47.7 ms; objective p99 ≤ 100 ms holds until
    /// 3.53×").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub latency: Vec<String>,
    /// The resilience verdict at the growth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failures: Option<String>,
    /// The observations capacities are calibrated from, each with the
    /// throughput derived.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measured: Vec<String>,
    /// Each linked component's readiness checklist: its score and what is
    /// still open ("Postgres: 2 of 8 items (25%); open: backups, …").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub readiness: Vec<String>,
}

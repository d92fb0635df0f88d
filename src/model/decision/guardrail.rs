//! A guardrail: the condition under which a decision still holds
//! ("Postgres utilisation ≤ 70% at 10×"). Checked against the document by
//! `adr::evaluate`.

use serde::{Deserialize, Serialize};

use crate::model::ComponentId;

/// What a guardrail measures on one component. Values are in the engine's
/// units: utilisation as a fraction (0.7 for 70%), response time in
/// seconds, headroom as a growth multiplier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GuardrailMetric {
    /// λ / (c·μ) of the component.
    Utilisation,
    /// Waiting plus service time of one request at the component.
    ResponseTime,
    /// How much more growth the component takes from `at_growth`.
    Headroom,
    /// The 95th percentile of the latency: end to end when the component
    /// is an entry point (a latency objective as a guardrail), otherwise
    /// of its own response time.
    P95Latency,
    /// The 99th percentile, read like [`GuardrailMetric::P95Latency`].
    P99Latency,
}

/// Which side of the threshold is safe.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// Holds while the value is at most the threshold (≤).
    AtMost,
    /// Holds while the value is at least the threshold (≥).
    AtLeast,
}

/// "db-primary utilisation ≤ 70% at 10×".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guardrail {
    pub component: ComponentId,
    pub metric: GuardrailMetric,
    pub comparison: Comparison,
    /// In the metric's engine unit (see [`GuardrailMetric`]).
    pub threshold: f64,
    /// The growth multiplier (absolute, like the dial) it is judged at.
    pub at_growth: f64,
}

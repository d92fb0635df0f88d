//! The scenario: the load a system is judged under and the lines it is
//! judged against.

use serde::{Deserialize, Serialize};

use super::ComponentId;

/// Default comfort line: above 70% utilisation queues grow quickly and a
/// spike has nowhere to go.
pub const DEFAULT_COMFORT_LINE: f64 = 0.7;

/// Load at the entry points and the growth dial.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    /// Requests per second arriving from outside at 1x.
    pub entries: Vec<EntryPoint>,
    /// The growth dial: every entry rate is multiplied by it.
    pub growth: f64,
    /// Utilisation above which a component is uncomfortable (0..1].
    #[serde(default = "default_comfort_line")]
    pub comfort_line: f64,
    /// Utilisation at which a component counts as saturated for headroom
    /// (0..=1, default 1: the queue is unstable).
    #[serde(default = "default_utilisation_limit")]
    pub utilisation_limit: f64,
    /// Entry rates times this give the peak that synchronous components
    /// are judged at (default 1: the entered rates are the peak).
    #[serde(default = "default_peak_factor")]
    pub peak_factor: f64,
    /// Load of each hour of the day relative to the busiest (24 values,
    /// the largest is the peak). Work behind a queue is judged over this
    /// day: a worker pool need only keep up with the average.
    #[serde(default = "default_daily_profile")]
    pub daily_profile: Vec<f64>,
    /// Components whose traffic grows faster or slower than the rest
    /// ("search grows 10× as fast").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub growth_overrides: Vec<GrowthOverride>,
    /// What running one more service costs and what crossing a network
    /// boundary adds, for extraction verdicts and plans.
    #[serde(default)]
    pub overhead: ServiceOverhead,
    /// How big the failures the resilience table tries are.
    #[serde(default, skip_serializing_if = "FailureSizes::is_default")]
    pub failures: FailureSizes,
}

/// The size of the failures Headroom tries on every component.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FailureSizes {
    /// Share of a component's instances one availability zone holds.
    pub zone_share: f64,
    /// How many times slower an external API answers when it degrades.
    pub api_slowdown: f64,
}

impl Default for FailureSizes {
    fn default() -> Self {
        // Three zones, the common cloud layout; a degraded API at three
        // times its usual latency is what status pages call "elevated".
        FailureSizes { zone_share: 1.0 / 3.0, api_slowdown: 3.0 }
    }
}

impl FailureSizes {
    fn is_default(&self) -> bool {
        *self == FailureSizes::default()
    }
}

/// The price of one more deployable: money for its pipeline, dashboards,
/// on-call share and idle capacity, and latency on every call that now
/// crosses the network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceOverhead {
    /// Dollars per month per extra service.
    pub monthly_per_service: f64,
    /// Milliseconds added to every call across a service boundary.
    pub hop_latency_ms: f64,
}

impl Default for ServiceOverhead {
    fn default() -> Self {
        // A small team's share of CI, monitoring and on-call for one more
        // service, and a same-zone round trip with serialisation.
        ServiceOverhead { monthly_per_service: 400.0, hop_latency_ms: 2.0 }
    }
}

/// A component whose load grows at its own pace.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrowthOverride {
    pub component: ComponentId,
    /// Multiplies the traffic arriving at the component (and so what it
    /// sends on) relative to the global growth: 10 means "grows 50× when
    /// the rest grows 5×".
    pub factor: f64,
}

/// A typical working-day curve for a single-region product, relative to
/// its busiest hour: quiet at night, climbing from 7:00, busiest in the
/// early afternoon, a second bump in the evening. Its mean is 0.66, so a
/// consumer sized for the day's average needs two thirds of the peak.
pub const DIURNAL_PROFILE: [f64; 24] = [
    0.30, 0.24, 0.20, 0.18, 0.18, 0.22, 0.35, 0.55, 0.75, 0.88, 0.95, 0.98,
    1.00, 1.00, 0.97, 0.93, 0.90, 0.88, 0.90, 0.92, 0.85, 0.70, 0.52, 0.40,
];

fn default_peak_factor() -> f64 {
    1.0
}

fn default_daily_profile() -> Vec<f64> {
    DIURNAL_PROFILE.to_vec()
}

/// External load arriving at one component.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryPoint {
    pub component: ComponentId,
    /// Requests per second at 1x.
    pub rate: f64,
    /// Squared coefficient of variation of the time between arrivals:
    /// 1 is Poisson (the default), above 1 bursty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrival_scv: Option<f64>,
    /// The latency this entry point promises ("p99 ≤ 300 ms").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objective: Option<LatencyObjective>,
}

impl EntryPoint {
    /// Poisson arrivals at `rate`, no objective.
    pub fn new(component: impl Into<ComponentId>, rate: f64) -> Self {
        EntryPoint { component: component.into(), rate, arrival_scv: None, objective: None }
    }

    /// The arrival variability the engine applies (1: Poisson).
    pub fn arrival_variability(&self) -> f64 {
        self.arrival_scv.unwrap_or(1.0)
    }
}

/// "p99 of this entry point's end-to-end latency at most 300 ms".
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LatencyObjective {
    /// The percentile, as a share: 0.99 for p99.
    pub percentile: f64,
    /// The most the percentile may be, milliseconds.
    pub target_ms: f64,
}

impl LatencyObjective {
    /// "p99", "p99.9", "p50".
    pub fn percentile_label(&self) -> String {
        let value = (self.percentile * 1000.0).round() / 10.0;
        format!("p{value}")
    }
}

fn default_comfort_line() -> f64 {
    DEFAULT_COMFORT_LINE
}

fn default_utilisation_limit() -> f64 {
    1.0
}

impl Scenario {
    /// Whether `other` is this scenario with at most the growth dial
    /// turned: a dial step, not an edit of the scenario.
    pub fn same_apart_from_growth(&self, other: &Scenario) -> bool {
        Scenario { growth: other.growth, ..self.clone() } == *other
    }

    pub fn new(name: impl Into<String>, entries: Vec<EntryPoint>) -> Self {
        Scenario {
            name: name.into(),
            entries,
            growth: 1.0,
            comfort_line: DEFAULT_COMFORT_LINE,
            utilisation_limit: 1.0,
            peak_factor: 1.0,
            daily_profile: default_daily_profile(),
            growth_overrides: Vec::new(),
            overhead: ServiceOverhead::default(),
            failures: FailureSizes::default(),
        }
    }

    /// The growth factor of one component relative to the global dial.
    pub fn growth_factor(&self, component: &ComponentId) -> f64 {
        self.growth_overrides
            .iter()
            .filter(|o| &o.component == component)
            .map(|o| o.factor)
            .product()
    }

    /// The daily profile scaled so its busiest hour is 1.
    pub fn profile_shape(&self) -> Vec<f64> {
        let max = self.daily_profile.iter().cloned().fold(0.0, f64::max);
        if max > 0.0 {
            self.daily_profile.iter().map(|v| v / max).collect()
        } else {
            vec![1.0; 24]
        }
    }
}

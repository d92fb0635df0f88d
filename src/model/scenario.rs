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
}

/// External load arriving at one component.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryPoint {
    pub component: ComponentId,
    /// Requests per second at 1x.
    pub rate: f64,
}

fn default_comfort_line() -> f64 {
    DEFAULT_COMFORT_LINE
}

fn default_utilisation_limit() -> f64 {
    1.0
}

impl Scenario {
    pub fn new(name: impl Into<String>, entries: Vec<EntryPoint>) -> Self {
        Scenario {
            name: name.into(),
            entries,
            growth: 1.0,
            comfort_line: DEFAULT_COMFORT_LINE,
            utilisation_limit: 1.0,
        }
    }
}

//! What a team read off its monitoring for one component: the rate it was
//! carrying and what the dashboards showed at that rate. The engine derives
//! the component's throughput per instance from it (`engine::calibration`),
//! so a figure can be calibrated instead of assumed.

use serde::{Deserialize, Serialize};

/// One observation of a component under a known load.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Observation {
    /// Requests per second the component carried when observed (all its
    /// instances together).
    pub rate: f64,
    /// Mean busy share of its instances (CPU), 0..=1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utilisation: Option<f64>,
    /// Mean response time at the component, milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean_latency_ms: Option<f64>,
    /// 95th percentile of the response time, milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p95_latency_ms: Option<f64>,
    /// Connections in use to the component when observed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connections_in_use: Option<u32>,
    /// When it was read, as the team wrote it ("2026-11-30").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub date: String,
}

impl Observation {
    /// Which measurement the throughput is derived from, best first:
    /// utilisation is a direct reading of work per request; a latency
    /// needs the queueing model to be read backwards.
    pub fn basis(&self) -> Option<ObservationBasis> {
        if let Some(utilisation) = self.utilisation {
            Some(ObservationBasis::Utilisation(utilisation))
        } else if let Some(mean) = self.mean_latency_ms {
            Some(ObservationBasis::MeanLatency(mean))
        } else {
            self.p95_latency_ms.map(ObservationBasis::P95Latency)
        }
    }
}

/// The one measurement a calibration stands on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ObservationBasis {
    Utilisation(f64),
    MeanLatency(f64),
    P95Latency(f64),
}

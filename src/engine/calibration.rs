//! Capacities calibrated from what a team measured: the throughput per
//! instance that explains an observation (a utilisation, a mean or a p95
//! latency at a known rate), so a figure can rest on the dashboards
//! instead of a guess.

use super::queueing::mmc;
use super::response_law::{Branch, ResponseLaw, ServiceLaw};
use crate::model::{Component, ObservationBasis};

/// The derived throughput and how it was derived.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Calibration {
    /// μ, requests per second one instance serves.
    pub throughput_per_instance: f64,
    /// The formula with the observed numbers in it.
    pub formula: String,
    /// Exact under the model's assumptions (M/M/c): utilisation always;
    /// a latency read backwards only under exponential service.
    pub exact: bool,
}

/// The μ at which `reading(μ)` (decreasing in μ) equals `target`, between
/// the least μ that keeps `servers` instances below saturation and a μ at
/// which the reading is below the target.
fn solve_decreasing(lambda: f64, servers: u32, target: f64, reading: &dyn Fn(f64) -> Option<f64>) -> Option<f64> {
    let mut lo = lambda / f64::from(servers.max(1)) * (1.0 + 1e-12);
    let mut hi = lo.max(1e-9) * 2.0;
    let mut guard = 0;
    while reading(hi).is_none_or(|r| r > target) {
        lo = hi;
        hi *= 2.0;
        guard += 1;
        if guard > 200 {
            return None;
        }
    }
    for _ in 0..200 {
        let mid = (lo * hi).sqrt();
        match reading(mid) {
            Some(r) if r <= target => hi = mid,
            _ => lo = mid,
        }
        if hi / lo - 1.0 < 1e-13 {
            break;
        }
    }
    Some(hi)
}

/// The throughput per instance `component.observed` implies, or why none
/// does (naming the observed field).
pub fn calibrated_throughput(component: &Component) -> Result<Calibration, String> {
    let observed = component.observed.as_ref().ok_or_else(|| "nothing observed".to_owned())?;
    let lambda = observed.rate;
    let servers = component.instances.max(1);
    let c = f64::from(servers);
    let base = component.base_latency_ms / 1000.0;
    match observed.basis() {
        None => Err("observed: give a utilisation, a mean latency or a p95 latency".to_owned()),
        Some(ObservationBasis::Utilisation(u)) => {
            if u.is_nan() || u <= 0.0 || u > 1.0 || !lambda.is_finite() || lambda <= 0.0 {
                return Err(format!("observed.utilisation: cannot explain {u} at {lambda} req/s"));
            }
            let mu = lambda / (c * u);
            Ok(Calibration {
                throughput_per_instance: mu,
                formula: format!("μ = λ / (c × U) = {lambda} / ({servers} × {u}) = {mu:.4} req/s"),
                exact: true,
            })
        }
        Some(ObservationBasis::MeanLatency(ms)) => {
            let target = ms / 1000.0;
            let mu = solve_decreasing(lambda, servers, target, &|mu| mmc(lambda, mu, servers, base).map(|q| q.response_time))
                .ok_or_else(|| format!("observed.mean_latency_ms: no throughput explains {ms} ms at {lambda} req/s"))?;
            Ok(Calibration {
                throughput_per_instance: mu,
                formula: format!(
                    "μ such that the M/M/{servers} mean response at λ = {lambda} req/s, W_q(μ) + 1/μ + {} ms, is {ms} ms: μ = {mu:.4} req/s",
                    component.base_latency_ms
                ),
                exact: component.service_variability() == 1.0,
            })
        }
        Some(ObservationBasis::P95Latency(ms)) => {
            let target = ms / 1000.0;
            let p95 = |mu: f64| {
                let q = mmc(lambda, mu, servers, base)?;
                let law = ResponseLaw::single(Branch {
                    weight: 1.0,
                    delay: base,
                    prob_wait: q.prob_wait,
                    wait_rate: c * mu - lambda,
                    service: ServiceLaw::fit(1.0 / mu, 1.0),
                });
                law.quantile(0.95)
            };
            let mu = solve_decreasing(lambda, servers, target, &p95)
                .ok_or_else(|| format!("observed.p95_latency_ms: no throughput explains {ms} ms at {lambda} req/s"))?;
            Ok(Calibration {
                throughput_per_instance: mu,
                formula: format!("μ such that the M/M/{servers} p95 response at λ = {lambda} req/s is {ms} ms: μ = {mu:.4} req/s"),
                exact: component.service_variability() == 1.0,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ComponentKind, Observation};

    fn observed(instances: u32, observation: Observation) -> Component {
        Component {
            instances,
            base_latency_ms: 0.0,
            observed: Some(observation),
            ..Component::with_defaults("svc", "Service", ComponentKind::Service)
        }
    }

    /// "Our dashboards say 64% CPU at 240 req/s on 3 instances": 125 each.
    #[test]
    fn from_utilisation() {
        let c = observed(3, Observation { rate: 240.0, utilisation: Some(0.64), ..Default::default() });
        let found = calibrated_throughput(&c).unwrap();
        assert!((found.throughput_per_instance - 125.0).abs() < 1e-9);
        assert_eq!(found.formula, "μ = λ / (c × U) = 240 / (3 × 0.64) = 125.0000 req/s");
    }

    /// M/M/1: mean response 1/(μ − λ); 50 req/s and 40 ms give μ = 75.
    #[test]
    fn from_mean_latency() {
        let c = observed(1, Observation { rate: 50.0, mean_latency_ms: Some(40.0), ..Default::default() });
        let mu = calibrated_throughput(&c).unwrap().throughput_per_instance;
        assert!((mu - 75.0).abs() < 1e-9, "{mu}");
    }

    /// M/M/1: p95 = ln 20 / (μ − λ).
    #[test]
    fn from_p95_latency() {
        let p95_ms = 20f64.ln() / 25.0 * 1000.0;
        let c = observed(1, Observation { rate: 50.0, p95_latency_ms: Some(p95_ms), ..Default::default() });
        let mu = calibrated_throughput(&c).unwrap().throughput_per_instance;
        assert!((mu - 75.0).abs() < 1e-7, "{mu}");
    }
}

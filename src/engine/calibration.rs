//! Capacities calibrated from what a team measured: the throughput per
//! instance that explains an observation (a utilisation, a mean or a p95
//! latency at a known rate), so a figure can rest on the dashboards
//! instead of a guess. Each result carries its formula with the observed
//! numbers in it, for the page to show beside the figure it replaces.

use serde::Serialize;

use super::queueing::mmc;
use crate::model::{Component, ObservationBasis};

/// Which measurement a calibration stands on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CalibratedFrom {
    Utilisation,
    MeanLatency,
    P95Latency,
}

/// The derived throughput and how it was derived.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Calibration {
    /// μ, requests per second one instance serves.
    pub throughput_per_instance: f64,
    pub basis: CalibratedFrom,
    /// The formula with the observed numbers in it.
    pub formula: String,
    /// Exact under the model's assumptions: a utilisation always (work
    /// per request is what it measures); a latency read backwards through
    /// M/M/c only when service is exponential, the variability the
    /// inversion assumes.
    pub exact: bool,
}

/// The μ at which `reading(μ)` (decreasing in μ; `None` when μ saturates
/// the instances) equals `target`, between the least μ that keeps
/// `servers` instances below saturation and a μ at which the reading is
/// below the target. `None` when no μ brings the reading that low.
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

/// P(R > t) for an M/M/c node (the reference cases' closed form): no
/// wait with probability 1 − C, else an exponential wait at rate
/// θ = cμ − λ, then an exponential service at rate μ, after a fixed delay.
fn mmc_survival(lambda: f64, mu: f64, servers: u32, delay: f64, t: f64) -> Option<f64> {
    let q = mmc(lambda, mu, servers, delay)?;
    let u = t - delay;
    if u <= 0.0 {
        return Some(1.0);
    }
    let c = q.prob_wait;
    let theta = f64::from(servers) * mu - lambda;
    let waited = if ((mu - theta) / mu).abs() < 1e-9 {
        (1.0 + mu * u) * (-mu * u).exp()
    } else {
        (mu * (-theta * u).exp() - theta * (-mu * u).exp()) / (mu - theta)
    };
    Some((1.0 - c) * (-mu * u).exp() + c * waited)
}

/// A figure for a formula: at most `decimals` decimals, no trailing zeros.
fn figure(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

/// The throughput per instance `component.observed` implies, or why none
/// does (naming the observed field). The servers are the component's
/// `instances`: what it ran when the team looked.
pub fn calibrated_throughput(component: &Component) -> Result<Calibration, String> {
    let observed = component.observed.as_ref().ok_or_else(|| "observed: nothing observed".to_owned())?;
    let lambda = observed.rate;
    let servers = component.instances.max(1);
    let c = f64::from(servers);
    let base_ms = component.base_latency_ms;
    let base = base_ms / 1000.0;
    if !lambda.is_finite() || lambda <= 0.0 {
        return Err(format!("observed.rate: a calibration needs the rate carried when observed, got {lambda}"));
    }
    let lambda_text = figure(lambda, 4);
    let queue = if servers == 1 { "M/M/1".to_owned() } else { format!("M/M/{servers}") };
    let on = if servers == 1 { "1 instance".to_owned() } else { format!("{servers} instances") };
    match observed.basis() {
        None => Err("observed: give a utilisation, a mean latency or a p95 latency".to_owned()),
        Some(ObservationBasis::Utilisation(u)) => {
            if u.is_nan() || u <= 0.0 || u > 1.0 {
                return Err(format!("observed.utilisation: must be above 0 and at most 1, got {u}"));
            }
            let mu = lambda / (c * u);
            Ok(Calibration {
                throughput_per_instance: mu,
                basis: CalibratedFrom::Utilisation,
                formula: format!("μ = λ / (c × U) = {lambda_text} / ({servers} × {}) = {} req/s", figure(u, 4), figure(mu, 4)),
                exact: true,
            })
        }
        Some(ObservationBasis::MeanLatency(ms)) => {
            if ms.is_nan() || ms <= base_ms || ms.is_infinite() {
                return Err(format!(
                    "observed.mean_latency_ms: {ms} ms is not above the base latency ({base_ms} ms), so no throughput explains it"
                ));
            }
            // The analysis waits Allen–Cunneen's (1 + cs²)/2 times the
            // M/M/c wait for Poisson arrivals: read backwards the same
            // way, so the engine reproduces the observation at its rate.
            let factor = (1.0 + component.service_variability()) / 2.0;
            let mean = |mu: f64| mmc(lambda, mu, servers, base).map(|q| q.wait_time * factor + 1.0 / mu + base);
            let mu = solve_decreasing(lambda, servers, ms / 1000.0, &mean)
                .ok_or_else(|| format!("observed.mean_latency_ms: no throughput explains {ms} ms at {lambda} req/s"))?;
            let wait_ms = mmc(lambda, mu, servers, base).map_or(0.0, |q| q.wait_time * factor * 1000.0);
            let varied = if factor == 1.0 { String::new() } else { format!(" × (1 + cs²)/2 = {}", figure(factor, 4)) };
            Ok(Calibration {
                throughput_per_instance: mu,
                basis: CalibratedFrom::MeanLatency,
                formula: format!(
                    "μ = {} req/s: at λ = {lambda_text} req/s on {on} ({queue}) the mean response W_q{varied} + 1/μ + d = {} + {} + {} = {} ms, as observed",
                    figure(mu, 4),
                    figure(wait_ms, 2),
                    figure(1000.0 / mu, 2),
                    figure(base_ms, 2),
                    figure(ms, 2)
                ),
                exact: component.service_variability() == 1.0,
            })
        }
        Some(ObservationBasis::P95Latency(ms)) => {
            if ms.is_nan() || ms <= base_ms || ms.is_infinite() {
                return Err(format!(
                    "observed.p95_latency_ms: {ms} ms is not above the base latency ({base_ms} ms), so no throughput explains it"
                ));
            }
            let t = ms / 1000.0;
            // P(R > t) falls as μ rises: the μ where it is 5% makes t the p95.
            let survival = |mu: f64| mmc_survival(lambda, mu, servers, base, t);
            let mu = solve_decreasing(lambda, servers, 0.05, &survival)
                .ok_or_else(|| format!("observed.p95_latency_ms: no throughput explains {ms} ms at {lambda} req/s"))?;
            let prob_wait = mmc(lambda, mu, servers, base).map_or(0.0, |q| q.prob_wait);
            Ok(Calibration {
                throughput_per_instance: mu,
                basis: CalibratedFrom::P95Latency,
                formula: format!(
                    "μ = {} req/s: at λ = {lambda_text} req/s on {on} ({queue}, C = {}, θ = cμ − λ = {}/s) P(R > {} ms) = 5%: the p95 observed",
                    figure(mu, 4),
                    figure(prob_wait, 4),
                    figure(c * mu - lambda, 4),
                    figure(ms, 2)
                ),
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

    fn close(got: f64, expected: f64, relative: f64) {
        assert!((got - expected).abs() <= relative * expected.abs(), "got {got}, expected {expected}");
    }

    /// "64% CPU at 240 req/s on 2 instances": 240 / 1.28 = 187.5 each.
    #[test]
    fn from_utilisation() {
        let c = observed(2, Observation { rate: 240.0, utilisation: Some(0.64), ..Default::default() });
        let found = calibrated_throughput(&c).unwrap();
        close(found.throughput_per_instance, 187.5, 1e-12);
        assert_eq!(found.basis, CalibratedFrom::Utilisation);
        assert!(found.exact);
        assert_eq!(found.formula, "μ = λ / (c × U) = 240 / (2 × 0.64) = 187.5 req/s");
    }

    /// Reference case calibrate_from_utilisation: 240 req/s, 3 servers,
    /// U = 0.64, service_rate 125.
    #[test]
    fn reference_case_from_utilisation() {
        let c = observed(3, Observation { rate: 240.0, utilisation: Some(0.64), ..Default::default() });
        let found = calibrated_throughput(&c).unwrap();
        close(found.throughput_per_instance, 125.0, 1e-6);
        assert_eq!(found.formula, "μ = λ / (c × U) = 240 / (3 × 0.64) = 125 req/s");
    }

    /// Reference case calibrate_from_mean_response_c1: M/M/1, mean
    /// response 1/(μ − λ) = 0.04 s at 50 req/s gives μ = 75.
    #[test]
    fn reference_case_from_mean_latency() {
        let c = observed(1, Observation { rate: 50.0, mean_latency_ms: Some(40.0), ..Default::default() });
        let found = calibrated_throughput(&c).unwrap();
        close(found.throughput_per_instance, 75.0, 1e-9);
        assert_eq!(found.basis, CalibratedFrom::MeanLatency);
        assert!(found.exact);
        // W_q = ρ/(μ − λ) = (2/3)/25 s, 1/μ = 13.33 ms.
        assert_eq!(
            found.formula,
            "μ = 75 req/s: at λ = 50 req/s on 1 instance (M/M/1) the mean response W_q + 1/μ + d = 26.67 + 13.33 + 0 = 40 ms, as observed"
        );
    }

    /// M/M/2 at λ = 1.5, μ = 1: W = 16/7 s (the textbook case in
    /// queueing.rs); with a 10 ms base latency on top.
    #[test]
    fn from_mean_latency_on_two_instances_with_a_base_latency() {
        let mut c = observed(2, Observation { rate: 1.5, mean_latency_ms: Some(16.0 / 7.0 * 1000.0 + 10.0), ..Default::default() });
        c.base_latency_ms = 10.0;
        close(calibrated_throughput(&c).unwrap().throughput_per_instance, 1.0, 1e-9);
    }

    /// With deterministic service (cs² = 0) the M/M/1 wait halves:
    /// W = ρ/(2(μ − λ)) + 1/μ; μ = 100, λ = 50 gives 5 + 10 = 15 ms.
    #[test]
    fn from_mean_latency_with_constant_service_is_not_exact() {
        let mut c = observed(1, Observation { rate: 50.0, mean_latency_ms: Some(15.0), ..Default::default() });
        c.service_scv = Some(0.0);
        let found = calibrated_throughput(&c).unwrap();
        close(found.throughput_per_instance, 100.0, 1e-9);
        assert!(!found.exact);
    }

    /// M/M/1: R ~ Exp(μ − λ), so p95 = ln 20 / (μ − λ).
    #[test]
    fn from_p95_latency() {
        let p95_ms = 20f64.ln() / 25.0 * 1000.0;
        let c = observed(1, Observation { rate: 50.0, p95_latency_ms: Some(p95_ms), ..Default::default() });
        let found = calibrated_throughput(&c).unwrap();
        close(found.throughput_per_instance, 75.0, 1e-9);
        assert_eq!(found.basis, CalibratedFrom::P95Latency);
        assert_eq!(
            found.formula,
            "μ = 75 req/s: at λ = 50 req/s on 1 instance (M/M/1, C = 0.6667, θ = cμ − λ = 25/s) P(R > 119.83 ms) = 5%: the p95 observed"
        );
    }

    /// M/M/2 at λ = 1.5, μ = 1: C = 9/14, θ = 0.5, so
    /// P(R > t) = (9/7) e^(−t/2) − (2/7) e^(−t). Its 5% point, found here
    /// by bisection on that hand-worked expression, calibrates back to μ = 1.
    #[test]
    fn from_p95_latency_on_two_instances() {
        let survival = |t: f64| 9.0 / 7.0 * (-t / 2.0).exp() - 2.0 / 7.0 * (-t).exp();
        let (mut lo, mut hi) = (0.0, 100.0);
        for _ in 0..200 {
            let mid = 0.5 * (lo + hi);
            if survival(mid) > 0.05 { lo = mid } else { hi = mid }
        }
        let c = observed(2, Observation { rate: 1.5, p95_latency_ms: Some(hi * 1000.0), ..Default::default() });
        close(calibrated_throughput(&c).unwrap().throughput_per_instance, 1.0, 1e-9);
    }

    /// θ = μ: c = 2, λ = μ makes cμ − λ = μ, the closed form's special case.
    #[test]
    fn the_survival_where_the_wait_and_service_rates_meet() {
        let (lambda, mu) = (10.0, 10.0);
        let t = 0.3;
        let c = mmc(lambda, mu, 2, 0.0).unwrap().prob_wait;
        let expected = (1.0 - c) * (-mu * t).exp() + c * (1.0 + mu * t) * (-mu * t).exp();
        close(mmc_survival(lambda, mu, 2, 0.0, t).unwrap(), expected, 1e-12);
        let nearby = mmc_survival(lambda, mu * (1.0 + 1e-7), 2, 0.0, t).unwrap();
        close(nearby, expected, 1e-5);
    }

    #[test]
    fn what_cannot_be_explained_names_its_field() {
        let mut c = observed(1, Observation { rate: 50.0, mean_latency_ms: Some(4.0), ..Default::default() });
        c.base_latency_ms = 5.0;
        assert!(calibrated_throughput(&c).unwrap_err().starts_with("observed.mean_latency_ms"));
        let c = observed(1, Observation { rate: 50.0, utilisation: Some(1.5), ..Default::default() });
        assert!(calibrated_throughput(&c).unwrap_err().starts_with("observed.utilisation"));
        let c = observed(1, Observation { rate: 0.0, utilisation: Some(0.5), ..Default::default() });
        assert!(calibrated_throughput(&c).unwrap_err().starts_with("observed.rate"));
        let c = observed(1, Observation { rate: 50.0, ..Default::default() });
        assert!(calibrated_throughput(&c).unwrap_err().starts_with("observed:"));
        let c = Component::with_defaults("svc", "Service", ComponentKind::Service);
        assert!(calibrated_throughput(&c).is_err());
    }
}

//! Capacities calibrated from what a team measured: the throughput per
//! instance that explains an observation (a utilisation, a mean or a p95
//! latency at a known rate), so a figure can rest on the dashboards
//! instead of a guess. Each result carries its formula with the observed
//! numbers in it, for the page to show beside the figure it replaces.
//!
//! A latency is read backwards through the very model the analysis reads
//! forwards: the M/M/c wait times `variability::wait_factor` (Kimura's
//! M/G/c for several servers with non-exponential service, Allen–Cunneen
//! otherwise), and for a p95 the analysis's response-time law
//! (`engine::response_law`: a wait with that mean, the service fitted to
//! its two moments). So a component calibrated from its latency, analysed
//! at the rate it was observed at with Poisson arrivals, shows that
//! latency again (to 1e-12 over 1–8 servers, cs² 0.25–4, ρ 0.05–0.97;
//! `tests/calibration.rs`), where reading back by Allen–Cunneen alone was
//! off by up to 5.6% on the mean (4 servers, cs² = 4, ρ = 0.8) and by
//! −36% to +149% on the p95 (read back through M/M/c's distribution).
//!
//! **Arrivals are taken as Poisson (ca² = 1)**, not as the burstiness QNA
//! works out for the station in the network. That figure depends on the
//! utilisations upstream at the observed rate (their calibrations), and
//! through loops and hosts on this μ itself; a fixed point would make a
//! capacity derived from a measurement move when someone edits another
//! component's variability, though nothing measured changed. It would also
//! read μ through the wait approximations where they measured worst
//! (arrivals off Poisson: 36% low to several times too high at 50%,
//! `engine::variability`), where at ca² = 1 Kimura is within 5% at 80–90%.
//! And an observation is its own reading: the component's figure, shown in
//! the inspector without an analysis, the same figure the analysis uses.
//! Where the network does make the arrivals bursty (a declared entry
//! burstiness, or variable service upstream), the analysis's wait at the
//! observed rate is the observation's times the ratio of the two wait
//! factors: higher for burstier arrivals than Poisson, lower for smoother.
//! Measured on the sample's Postgres at 3×: web's service at cs² = 4
//! gives it ca² 1.12 and a mean 3.6% above the observation, cs² = 0.25
//! ca² 0.97 and −0.9%, an entry at ca² = 4 ca² 1.43 and +13%.

use serde::Serialize;

use super::queueing::{mmc, Queueing};
use super::response_law::{Branch, ResponseLaw, ServiceLaw};
use super::variability::{approximation_note, wait_factor, wait_method, WaitMethod};
use crate::model::{Component, ObservationBasis};

/// The arrival variability a latency is read back with: Poisson (see the
/// module documentation for why not the network's).
pub const ARRIVAL_SCV: f64 = 1.0;

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
    /// The numbers the formula is written with (`words::calibration`
    /// writes it).
    pub working: CalibrationWorking,
    /// The rule it was read back through: "the utilisation law", or the
    /// wait method (`variability::WaitMethod::name`).
    pub method: &'static str,
    /// Exact under the model's assumptions: a utilisation always (work
    /// per request is what it measures); a mean latency where the wait is
    /// exact (Erlang C; Pollaczek–Khinchine on one server); a p95 only for
    /// exponential service, whose M/M/c distribution is closed form.
    pub exact: bool,
    /// Why it is an approximation and how far the method measured from
    /// the simulation; `None` when exact.
    pub approximation: Option<String>,
}

/// What a calibration was worked out from and what it found on the way:
/// the observation, the station and, for a latency, the wait it read back
/// through.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CalibrationWorking {
    /// What was observed: U for a utilisation, else the latency in ms.
    pub observed: f64,
    /// λ, requests per second when observed.
    pub rate: f64,
    /// c, the instances it ran.
    pub servers: u32,
    /// d, the base latency in ms.
    pub base_ms: f64,
    /// cs², the service's variability.
    pub service_scv: f64,
    /// ca², the arrivals' variability it was read back with.
    pub arrival_scv: f64,
    /// The wait method a latency was read through (Erlang C for a
    /// utilisation, which reads no wait).
    #[serde(skip)]
    pub wait_method: WaitMethod,
    /// k, the factor on the M/M/c wait.
    pub factor: f64,
    /// W_q at μ, in ms.
    pub wait_ms: f64,
    /// C, the probability of waiting at μ.
    pub prob_wait: f64,
    /// W_q at μ, in seconds (for θ).
    pub wait_time: f64,
}

/// A station as the analysis solves it: M/M/c's Erlang C and wait, the
/// wait scaled by the analysis's factor for the service's (and arrivals')
/// variability.
struct Station {
    /// The waits already scaled: `wait_time` is W_q(M/M/c) × `factor`.
    queueing: Queueing,
    factor: f64,
    law: ResponseLaw,
}

impl Station {
    fn solve(lambda: f64, mu: f64, servers: u32, base: f64, service: f64, arrival: f64) -> Option<Station> {
        let q = mmc(lambda, mu, servers, base)?;
        let factor = wait_factor(servers, lambda / (f64::from(servers) * mu), arrival, service);
        let wait_time = q.wait_time * factor;
        let queueing = Queueing { wait_time, response_time: q.response_time - q.wait_time + wait_time, ..q };
        // The wait's shape as `Analysis::response_laws` gives it: none
        // with probability 1 − C, else exponential with the scaled mean.
        let (prob_wait, wait_rate) =
            if wait_time > 0.0 && q.prob_wait > 0.0 { (q.prob_wait, q.prob_wait / wait_time) } else { (0.0, f64::INFINITY) };
        let law = ResponseLaw::single(Branch { weight: 1.0, delay: base, prob_wait, wait_rate, service: ServiceLaw::fit(1.0 / mu, service) });
        Some(Station { queueing, factor, law })
    }
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

/// Why a latency read back this way is an approximation, `None` when it
/// is exact; `percentile`: a p95, whose distribution is closed form only
/// for exponential service.
fn approximation(servers: u32, service: f64, arrival: f64, percentile: bool) -> Option<String> {
    let wait = approximation_note(servers, service, arrival);
    let shape = percentile && service != 1.0;
    if wait.is_none() && !shape {
        return None;
    }
    let mut text = match wait {
        Some(note) => format!("the wait by {}: {}", note.method, note.measured_error),
        None => "the mean wait is exact (Pollaczek–Khinchine)".to_owned(),
    };
    if shape {
        text.push_str("; the distribution takes the wait as exponential and fits the service time by its two moments");
    }
    Some(text)
}

/// The throughput per instance `component.observed` implies, or why none
/// does (naming the observed field). The servers are the component's
/// `instances`: what it ran when the team looked. A latency is read back
/// with Poisson arrivals (`ARRIVAL_SCV`).
pub fn calibrated_throughput(component: &Component) -> Result<Calibration, String> {
    calibrated_throughput_with_arrivals(component, ARRIVAL_SCV)
}

/// The same with the arrivals' variability `arrival` (ca²) given, for a
/// caller that knows it better than Poisson.
pub(crate) fn calibrated_throughput_with_arrivals(component: &Component, arrival: f64) -> Result<Calibration, String> {
    let observed = component.observed.as_ref().ok_or_else(|| "observed: nothing observed".to_owned())?;
    let lambda = observed.rate;
    let servers = component.instances.max(1);
    let c = f64::from(servers);
    let base_ms = component.base_latency_ms;
    let base = base_ms / 1000.0;
    let service = component.service_variability();
    if !lambda.is_finite() || lambda <= 0.0 {
        return Err(format!("observed.rate: a calibration needs the rate carried when observed, got {lambda}"));
    }
    let working = |observed: f64, method: WaitMethod, solved: Option<&Station>| CalibrationWorking {
        observed,
        rate: lambda,
        servers,
        base_ms,
        service_scv: service,
        arrival_scv: arrival,
        wait_method: method,
        factor: solved.map_or(1.0, |s| s.factor),
        wait_ms: solved.map_or(0.0, |s| s.queueing.wait_time * 1000.0),
        prob_wait: solved.map_or(0.0, |s| s.queueing.prob_wait),
        wait_time: solved.map_or(0.0, |s| s.queueing.wait_time),
    };
    let station = |mu: f64| Station::solve(lambda, mu, servers, base, service, arrival);
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
                working: working(u, WaitMethod::ErlangC, None),
                method: "the utilisation law",
                exact: true,
                approximation: None,
            })
        }
        Some(ObservationBasis::MeanLatency(ms)) => {
            if ms.is_nan() || ms <= base_ms || ms.is_infinite() {
                return Err(format!(
                    "observed.mean_latency_ms: {ms} ms is not above the base latency ({base_ms} ms), so no throughput explains it"
                ));
            }
            let mean = |mu: f64| station(mu).map(|s| s.queueing.response_time);
            let mu = solve_decreasing(lambda, servers, ms / 1000.0, &mean)
                .ok_or_else(|| format!("observed.mean_latency_ms: no throughput explains {ms} ms at {lambda} req/s"))?;
            let method = wait_method(servers, service, arrival);
            let approximation = approximation(servers, service, arrival, false);
            Ok(Calibration {
                throughput_per_instance: mu,
                basis: CalibratedFrom::MeanLatency,
                working: working(ms, method, station(mu).as_ref()),
                method: method.name(),
                exact: approximation.is_none(),
                approximation,
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
            let survival = |mu: f64| station(mu).map(|s| 1.0 - s.law.cdf(t));
            let mu = solve_decreasing(lambda, servers, 0.05, &survival)
                .ok_or_else(|| format!("observed.p95_latency_ms: no throughput explains {ms} ms at {lambda} req/s"))?;
            let method = wait_method(servers, service, arrival);
            let approximation = approximation(servers, service, arrival, true);
            Ok(Calibration {
                throughput_per_instance: mu,
                basis: CalibratedFrom::P95Latency,
                working: working(ms, method, station(mu).as_ref()),
                method: method.name(),
                exact: approximation.is_none(),
                approximation,
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
        assert_eq!(crate::words::calibration::calibration_formula(&found), "μ = λ / (c × U) = 240 / (2 × 0.64) = 187.5 req/s");
    }

    /// Reference case calibrate_from_utilisation: 240 req/s, 3 servers,
    /// U = 0.64, service_rate 125.
    #[test]
    fn reference_case_from_utilisation() {
        let c = observed(3, Observation { rate: 240.0, utilisation: Some(0.64), ..Default::default() });
        let found = calibrated_throughput(&c).unwrap();
        close(found.throughput_per_instance, 125.0, 1e-6);
        assert_eq!(crate::words::calibration::calibration_formula(&found), "μ = λ / (c × U) = 240 / (3 × 0.64) = 125 req/s");
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
            crate::words::calibration::calibration_formula(&found),
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
    /// Exact: Pollaczek–Khinchine, which Allen–Cunneen is on one server.
    #[test]
    fn from_mean_latency_with_constant_service_on_one_server_is_exact() {
        let mut c = observed(1, Observation { rate: 50.0, mean_latency_ms: Some(15.0), ..Default::default() });
        c.service_scv = Some(0.0);
        let found = calibrated_throughput(&c).unwrap();
        close(found.throughput_per_instance, 100.0, 1e-9);
        assert!(found.exact);
        assert_eq!(found.method, "Allen–Cunneen");
        assert_eq!(
            crate::words::calibration::calibration_formula(&found),
            "μ = 100 req/s: at λ = 50 req/s on 1 instance (M/G/1, cs² = 0) the mean response W_q × k + 1/μ + d \
             = 5 + 10 + 0 = 15 ms, as observed; k = (ca² + cs²)/2 = 0.5 by Allen–Cunneen"
        );
    }

    /// Several servers with variable service wait by Kimura, as the
    /// analysis does: the μ found reproduces the mean through the same
    /// factor, and the formula names it as an approximation.
    #[test]
    fn from_mean_latency_on_four_servers_with_heavy_tailed_service_is_kimura() {
        let (lambda, mu, servers, scv) = (320.0, 100.0, 4, 4.0);
        let q = mmc(lambda, mu, servers, 0.0).unwrap();
        let mean = q.wait_time * wait_factor(servers, 0.8, 1.0, scv) + 1.0 / mu;
        let mut c = observed(servers, Observation { rate: lambda, mean_latency_ms: Some(mean * 1000.0), ..Default::default() });
        c.service_scv = Some(scv);
        let found = calibrated_throughput(&c).unwrap();
        close(found.throughput_per_instance, mu, 1e-9);
        assert!(!found.exact);
        assert!(found.method.starts_with("Kimura"));
        assert!(crate::words::calibration::calibration_formula(&found).contains("on 4 instances (M/G/4, cs² = 4) the mean response W_q × k + 1/μ + d"), "{}", crate::words::calibration::calibration_formula(&found));
        assert!(crate::words::calibration::calibration_formula(&found).ends_with("by Kimura (M/G/c), Cosmetatos (M/D/c)"), "{}", crate::words::calibration::calibration_formula(&found));
        assert!(found.approximation.as_deref().is_some_and(|a| a.contains("within 5% of the simulation")));
    }

    /// Arrivals given as bursty read back through Allen–Cunneen's
    /// (ca² + cs²)/2 on exponential service: twice the wait at ca² = 3.
    #[test]
    fn with_bursty_arrivals_the_wait_is_scaled_by_allen_cunneen() {
        let q = mmc(160.0, 100.0, 2, 0.0).unwrap();
        let mean = q.wait_time * 2.0 + 0.01;
        let c = observed(2, Observation { rate: 160.0, mean_latency_ms: Some(mean * 1000.0), ..Default::default() });
        let found = calibrated_throughput_with_arrivals(&c, 3.0).unwrap();
        close(found.throughput_per_instance, 100.0, 1e-9);
        assert!(crate::words::calibration::calibration_formula(&found).contains("(G/M/2, ca² = 3)"), "{}", crate::words::calibration::calibration_formula(&found));
        assert!(crate::words::calibration::calibration_formula(&found).ends_with("k = (ca² + cs²)/2 = 2 by Allen–Cunneen"), "{}", crate::words::calibration::calibration_formula(&found));
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
            crate::words::calibration::calibration_formula(&found),
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

    /// A p95 with variable service reads back through the analysis's
    /// law (the service fitted by two moments), an approximation even on
    /// one server, where the mean would be exact.
    #[test]
    fn from_p95_latency_with_variable_service_is_an_approximation() {
        let station = Station::solve(50.0, 100.0, 1, 0.0, 0.25, 1.0).unwrap();
        let p95 = station.law.quantile(0.95).unwrap();
        let mut c = observed(1, Observation { rate: 50.0, p95_latency_ms: Some(p95 * 1000.0), ..Default::default() });
        c.service_scv = Some(0.25);
        let found = calibrated_throughput(&c).unwrap();
        close(found.throughput_per_instance, 100.0, 1e-9);
        assert!(!found.exact);
        assert!(crate::words::calibration::calibration_formula(&found).contains("the service time fitted to cs²"), "{}", crate::words::calibration::calibration_formula(&found));
        assert!(found.approximation.as_deref().is_some_and(|a| a.starts_with("the mean wait is exact (Pollaczek–Khinchine)")));
    }

    /// θ = μ: c = 2, λ = μ makes cμ − λ = μ, the closed form's special case.
    #[test]
    fn the_survival_where_the_wait_and_service_rates_meet() {
        let (lambda, mu) = (10.0, 10.0);
        let t = 0.3;
        let c = mmc(lambda, mu, 2, 0.0).unwrap().prob_wait;
        let expected = (1.0 - c) * (-mu * t).exp() + c * (1.0 + mu * t) * (-mu * t).exp();
        let survival = |mu: f64| 1.0 - Station::solve(lambda, mu, 2, 0.0, 1.0, 1.0).unwrap().law.cdf(t);
        close(survival(mu), expected, 1e-12);
        close(survival(mu * (1.0 + 1e-7)), expected, 1e-5);
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

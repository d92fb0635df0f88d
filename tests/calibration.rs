//! Calibration read back through the analysis: a component calibrated
//! from an observed mean (or p95) latency must, analysed at the rate it
//! was observed at, show that latency again — for one and several
//! servers and for service smoother and burstier than exponential, where
//! the analysis waits by Kimura's M/G/c rather than Allen–Cunneen.

mod common;

use common::{component, document};
use headroom::engine::{calibrated_throughput, Analysis, CalibratedFrom};
use headroom::model::{ComponentKind, Document, Observation};
use proptest::prelude::*;

const BASE_MS: f64 = 2.0;

/// One service of `servers` instances at `throughput` each, service
/// variability `scv`, fed by one Poisson entry at `rate` (so the arrivals
/// at it are Poisson in the analysis too), with `observed` if any.
fn station(servers: u32, throughput: f64, scv: f64, rate: f64, observed: Option<Observation>) -> Document {
    let mut service = component("svc", ComponentKind::Service, servers, throughput);
    service.base_latency_ms = BASE_MS;
    service.service_scv = Some(scv);
    service.observed = observed;
    document(vec![service], Vec::new(), &[("svc", rate)])
}

/// The component's mean response and p95, milliseconds, as the analysis
/// reports them at growth 1.
fn analysed(doc: &Document) -> (f64, f64) {
    let analysis = Analysis::new(doc);
    let report = analysis.report_at(1.0);
    let mean = report.components[0].response_time().expect("a steady state") * 1000.0;
    let p95 = analysis.percentiles(&report).components[0].expect("percentiles").p95 * 1000.0;
    (mean, p95)
}

/// How far the analysis of a station calibrated from its own figure at
/// utilisation `rho` lands from that figure: (mean error, p95 error),
/// each analysed / observed − 1.
fn round_trip(servers: u32, scv: f64, rho: f64) -> (f64, f64) {
    let throughput = 100.0;
    let rate = rho * f64::from(servers) * throughput;
    let (mean, p95) = analysed(&station(servers, throughput, scv, rate, None));
    let from_mean = Observation { rate, mean_latency_ms: Some(mean), ..Default::default() };
    let from_p95 = Observation { rate, p95_latency_ms: Some(p95), ..Default::default() };
    let (mean_back, _) = analysed(&station(servers, 1.0, scv, rate, Some(from_mean)));
    let (_, p95_back) = analysed(&station(servers, 1.0, scv, rate, Some(from_p95)));
    (mean_back / mean - 1.0, p95_back / p95 - 1.0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Calibrate from the mean, then from the p95: the analysis at the
    /// observed rate gives the observed figure back within 0.1%.
    #[test]
    fn a_calibrated_station_reproduces_its_observation(
        servers in 1u32..=8,
        scv in prop::sample::select(vec![0.25, 1.0, 4.0]),
        rho in 0.05f64..0.97,
    ) {
        let (mean_error, p95_error) = round_trip(servers, scv, rho);
        prop_assert!(mean_error.abs() <= 1e-3, "c {servers} cs² {scv} ρ {rho}: mean {:+.4}%", mean_error * 100.0);
        prop_assert!(p95_error.abs() <= 1e-3, "c {servers} cs² {scv} ρ {rho}: p95 {:+.4}%", p95_error * 100.0);
    }
}

/// The same on a fixed grid, printed: `cargo test --test calibration --
/// --nocapture round_trip_errors`.
#[test]
fn round_trip_errors() {
    for servers in [1, 2, 4, 8] {
        for scv in [0.25, 1.0, 4.0] {
            for rho in [0.3, 0.5, 0.8, 0.95] {
                let (mean, p95) = round_trip(servers, scv, rho);
                println!("c {servers} cs² {scv} ρ {rho}: mean {mean:+.1e}, p95 {p95:+.1e}");
                assert!(mean.abs() <= 1e-3 && p95.abs() <= 1e-3, "c {servers} cs² {scv} ρ {rho}: {mean} {p95}");
            }
        }
    }
}

/// A utilisation reads back exactly whatever the variability: the
/// page's "Postgres 240 req/s at 64% on one instance → 375".
#[test]
fn utilisation_is_unchanged_by_variability() {
    for scv in [0.25, 1.0, 4.0] {
        let observed = Observation { rate: 240.0, utilisation: Some(0.64), ..Default::default() };
        let doc = station(1, 1.0, scv, 240.0, Some(observed));
        let found = calibrated_throughput(&doc.components[0]).expect("a calibration");
        assert_eq!(found.basis, CalibratedFrom::Utilisation);
        assert!((found.throughput_per_instance - 375.0).abs() < 1e-9);
        assert!(found.exact);
        assert_eq!(headroom::words::calibration::calibration_formula(&found), "μ = λ / (c × U) = 240 / (1 × 0.64) = 375 req/s");
    }
}

/// Postgres in the sample at `growth`, observed at its own mean latency
/// there (its declared throughput's), calibrated and analysed again:
/// (observed ms, analysed ms, the arrival variability QNA gives it).
fn postgres_in_the_sample(growth: f64, edit: impl Fn(&mut Document)) -> (f64, f64, f64) {
    let mut doc = headroom::model::mvp_that_creaks();
    edit(&mut doc);
    let i = doc.components.iter().position(|c| c.id.as_str() == "postgres").expect("the sample has Postgres");
    let analysis = Analysis::new(&doc);
    let report = analysis.report_at(growth);
    let load = &report.components[i];
    let observed_ms = load.response_time().expect("a steady state") * 1000.0;
    let arrival = analysis.arrival_variability_at(growth)[i];
    doc.components[i].observed =
        Some(Observation { rate: load.arrival_rate, mean_latency_ms: Some(observed_ms), ..Default::default() });
    let analysed_ms = Analysis::new(&doc).report_at(growth).components[i].response_time().expect("a steady state") * 1000.0;
    (observed_ms, analysed_ms, arrival)
}

/// In a network the round trip holds where the station's arrivals are
/// Poisson, and is off by the wait factors' ratio where QNA makes them
/// burstier (calibration reads back with ca² = 1): printed, bounded.
#[test]
fn in_the_sample_the_round_trip_holds_for_poisson_arrivals() {
    let (observed, analysed, arrival) = postgres_in_the_sample(3.0, |_| {});
    assert_eq!(arrival, 1.0);
    assert!((analysed / observed - 1.0).abs() < 1e-9, "{analysed} vs {observed}");
    for (label, scv) in [("web cs² 4", 4.0), ("web cs² 0.25", 0.25)] {
        let (observed, analysed, arrival) = postgres_in_the_sample(3.0, |doc| {
            doc.components[1].service_scv = Some(scv);
        });
        println!("{label}: Postgres ca² {arrival:.3}, observed {observed:.3} ms, analysed {analysed:.3} ms ({:+.2}%)", (analysed / observed - 1.0) * 100.0);
        // Burstier arrivals than the Poisson read back with wait longer.
        assert_eq!(analysed > observed, arrival > 1.0, "{label}");
        assert!((analysed / observed - 1.0).abs() < 0.05, "{label}");
    }
    let (observed, analysed, arrival) = postgres_in_the_sample(3.0, |doc| {
        doc.scenario.entries[0].arrival_scv = Some(4.0);
    });
    println!("entry ca² 4: Postgres ca² {arrival:.3}, observed {observed:.3} ms, analysed {analysed:.3} ms ({:+.2}%)", (analysed / observed - 1.0) * 100.0);
    assert!(arrival > 1.0 && analysed > observed && analysed < observed * 1.2);
}

/// On one server a mean reads back exactly whatever the service's
/// variability (Pollaczek–Khinchine); a p95 only for exponential service
/// (the distribution is a two-moment fit): the sample's Postgres, one
/// worker, heavy-tailed service.
#[test]
fn on_one_server_a_mean_is_exact_and_a_p95_an_approximation() {
    let mut postgres = headroom::model::mvp_that_creaks().components[2].clone();
    postgres.service_scv = Some(4.0);
    postgres.observed = Some(Observation { rate: 240.0, mean_latency_ms: Some(6.0), ..Default::default() });
    let mean = calibrated_throughput(&postgres).expect("a mean above the base latency");
    assert!(mean.exact && mean.approximation.is_none(), "{mean:?}");
    postgres.observed = Some(Observation { rate: 240.0, p95_latency_ms: Some(12.0), ..Default::default() });
    let p95 = calibrated_throughput(&postgres).expect("a p95 above the base latency");
    assert!(!p95.exact, "{p95:?}");
    assert!(p95.approximation.as_deref().is_some_and(|a| a.contains("two moments")), "{p95:?}");
}

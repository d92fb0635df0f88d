//! The discrete-event simulation against what is known exactly (M/M/1,
//! M/M/c percentiles, Pollaczek–Khinchine, the maximum of two parallel
//! calls) and against the analytic engine's mean end-to-end latency on
//! every template and the sample. Seeded, so every figure is the same on
//! every run; request counts are sized so the 95% confidence half-width is
//! well inside each tolerance, which the tests also check, so a pass is
//! not luck of the seed.

mod common;

use common::{call, component, document};
use headroom::engine::variability::{allen_cunneen_factor, kimura_factor};
use headroom::engine::simulation::comparison_at_bottleneck;
use headroom::engine::{mmc, simulate, solve, Simulation};
use headroom::model::{mvp_that_creaks, CallKind, CallMode, ComponentKind, Document};

fn one_station(servers: u32, mu: f64, lambda: f64) -> Document {
    document(vec![component("api", ComponentKind::Service, servers, mu)], Vec::new(), &[("api", lambda)])
}

/// P(R > t) of M/M/c FCFS (tests/reference-cases/README.md, "Beyond the mean").
fn mmc_survival(lambda: f64, mu: f64, c: u32, t: f64) -> f64 {
    let q = mmc(lambda, mu, c, 0.0).expect("stable");
    let theta = f64::from(c) * mu - lambda;
    let big_c = q.prob_wait;
    if (theta - mu).abs() < 1e-12 * mu {
        (1.0 - big_c) * (-mu * t).exp() + big_c * (1.0 + mu * t) * (-mu * t).exp()
    } else {
        (1.0 - big_c) * (-mu * t).exp() + big_c * (mu * (-theta * t).exp() - theta * (-mu * t).exp()) / (mu - theta)
    }
}

fn mmc_percentile(lambda: f64, mu: f64, c: u32, q: f64) -> f64 {
    let (mut lo, mut hi) = (0.0, 1.0 / mu);
    while mmc_survival(lambda, mu, c, hi) > 1.0 - q {
        hi *= 2.0;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mmc_survival(lambda, mu, c, mid) > 1.0 - q {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}

fn within(label: &str, simulated: f64, expected: f64, tolerance: f64) {
    let error = simulated / expected - 1.0;
    println!("{label}: simulated {simulated:.6}, expected {expected:.6} ({:+.2}%)", error * 100.0);
    assert!(
        error.abs() <= tolerance,
        "{label}: {simulated} vs {expected}, {:+.2}% (tolerance {}%)",
        error * 100.0,
        tolerance * 100.0
    );
}

fn check_mmc(servers: u32, mu: f64, rho: f64, requests: u64, seed: u64) {
    let lambda = rho * f64::from(servers) * mu;
    let report = simulate(&one_station(servers, mu, lambda), 1.0, seed, requests).expect("stable");
    let entry = &report.per_entry[0];
    let mean = mmc(lambda, mu, servers, 0.0).expect("stable").response_time;
    let label = format!("M/M/{servers} at rho {rho}");
    within(&format!("{label} mean"), entry.mean, mean, 0.02);
    within(&format!("{label} p99"), entry.p99, mmc_percentile(lambda, mu, servers, 0.99), 0.03);
    // The run is long enough for its own precision to be inside the
    // tolerances: a pass is not the seed's luck.
    assert!(entry.mean_half_width < 0.02 * mean, "{label}: mean ± {}", entry.mean_half_width);
    assert!(entry.p99_half_width < 0.03 * entry.p99, "{label}: p99 ± {}", entry.p99_half_width);
    let utilisation = report.per_component[0].utilisation.expect("a queue");
    within(&format!("{label} utilisation"), utilisation, rho, 0.02);
}

#[test]
fn mm1_at_half_load() {
    check_mmc(1, 100.0, 0.5, 1_000_000, 1);
}

/// At 90% a queue forgets its past slowly: 2 million requests still leave
/// the mean ±2.9% and p99 ±6.4% (95%), so the run is 12 million (about
/// 7 s in a debug build).
#[test]
fn mm4_at_ninety_percent() {
    check_mmc(4, 100.0, 0.9, 12_000_000, 2);
}

/// Bursty arrivals (a balanced hyperexponential gap, scv 4) into one
/// exponential server: GI/M/1 is exact, R = 1 / (μ(1 − σ)) with σ the
/// root in (0, 1) of σ = A*(μ(1 − σ)), A* the gaps' Laplace transform.
/// The analysis's Allen–Cunneen figure is printed beside it.
#[test]
fn bursty_arrivals_wait_as_gi_m_1() {
    let (mu, lambda, scv) = (100.0, 50.0, 4.0);
    let mut doc = one_station(1, mu, lambda);
    doc.scenario.entries[0].arrival_scv = Some(scv);
    let p = 0.5 * (1.0 + ((scv - 1.0) / (scv + 1.0)).sqrt());
    let (first, second) = (2.0 * p * lambda, 2.0 * (1.0 - p) * lambda);
    let transform = |s: f64| p * first / (first + s) + (1.0 - p) * second / (second + s);
    let mut sigma: f64 = 0.5;
    for _ in 0..10_000 {
        sigma = transform(mu * (1.0 - sigma));
    }
    let exact = 1.0 / (mu * (1.0 - sigma));
    let report = simulate(&doc, 1.0, 6, 1_000_000).expect("stable");
    within("H2/M/1 mean", report.per_entry[0].mean, exact, 0.02);
    assert!(report.per_entry[0].mean_half_width < 0.02 * exact);
    let analytic = solve(&doc).entries[0].latency.expect("a latency");
    println!("H2/M/1: Allen–Cunneen gives {analytic:.6} ({:+.1}% from exact)", (analytic / exact - 1.0) * 100.0);
}

/// M/D/1: the mean wait is Pollaczek–Khinchine's ρ / (2μ(1 − ρ)).
#[test]
fn deterministic_service_waits_as_pollaczek_khinchine() {
    let (mu, rho) = (100.0, 0.7);
    let mut doc = one_station(1, mu, rho * mu);
    doc.components[0].service_scv = Some(0.0);
    let report = simulate(&doc, 1.0, 3, 300_000).expect("stable");
    let wait = report.per_entry[0].mean - 1.0 / mu;
    within("M/D/1 mean wait", wait, rho / (2.0 * mu * (1.0 - rho)), 0.03);
    assert!(report.per_entry[0].mean_half_width < 0.03 * wait);
}

/// A caller making two calls in parallel waits for the slower: at light
/// load the callees' responses are independent exponentials with rates
/// a = μ_a − λ and b = μ_b − λ, and E[max] = 1/a + 1/b − 1/(a + b).
#[test]
fn parallel_calls_wait_for_the_slowest() {
    let lambda = 5.0;
    let mut caller = component("api", ComponentKind::Service, 1, 200.0);
    caller.parallel_calls = true;
    let doc = document(
        vec![caller, component("a", ComponentKind::Service, 1, 100.0), component("b", ComponentKind::Service, 1, 50.0)],
        vec![call("api", "a", 1.0, CallKind::Call, CallMode::Sync), call("api", "b", 1.0, CallKind::Call, CallMode::Sync)],
        &[("api", lambda)],
    );
    let report = simulate(&doc, 1.0, 4, 200_000).expect("stable");
    let (a, b) = (100.0 - lambda, 50.0 - lambda);
    let expected = 1.0 / (200.0 - lambda) + 1.0 / a + 1.0 / b - 1.0 / (a + b);
    within("parallel calls mean", report.per_entry[0].mean, expected, 0.03);
    assert!(report.per_entry[0].mean_half_width < 0.015 * expected);
    // One after another it would be 1/a + 1/b: the maximum is what is seen.
    let sequential = 1.0 / (200.0 - lambda) + 1.0 / a + 1.0 / b;
    println!("sequential would be {sequential:.6} ({:+.1}%)", (sequential / expected - 1.0) * 100.0);
}

fn documents() -> Vec<(String, Document)> {
    common::sample_and_templates()
}

/// The bounds (mean, p99) for each document at 90%, analytic against
/// simulated, relative: what was measured (seed 21, 10⁶ requests; the
/// simulation's own 95% half-width after ±) with a margin.
/// - sample: mean +1.5% ± 1.8%, p99 −7.9% ± 4.5% (correlated waits at
///   Postgres: two reads by the cache's misses and a write per request,
///   and the worker's writes onto the same primary).
/// - mvp-monolith (app at 90%): mean −0.8% ± 2.5%, p99 −3.1% ± 4.7%.
/// - scaled-web-app (Postgres): mean −0.1%, p99 −0.4% ± 1.3%.
/// - modular-monolith (the host): mean +3.2% ± 1.3%, p99 −10.9% ± 3.2%:
///   the host is one queue for service times of 2 to 20 ms (scv 2.7),
///   waited on as M/M/c at the mix's mean; near saturation its waits are
///   less often long but longer in the tail than an exponential's, and a
///   request's visits to the host (its own, then its modules') follow
///   one another, so they are correlated as the sample's are.
/// - event-pipeline (email, behind a queue; the walked requests do not
///   reach it): mean −0.1%, p99 −0.3%.
fn bound_at_ninety(name: &str) -> (f64, f64) {
    match name {
        "sample" | "mvp-that-creaks" => (0.03, 0.12),
        "mvp-monolith" => (0.03, 0.06),
        "modular-monolith" => (0.045, 0.14),
        _ => (0.02, 0.03),
    }
}

/// The analysis's mean end to end (Σ visits × mean response) is exact in
/// expectation whatever the dependence between sojourns, and its stations
/// are M/M/c: a network of exponential FCFS stations fed by Poisson
/// arrivals has M/M/c stations in steady state (BCMP), so the simulated
/// mean must agree within its noise. A modular monolith's host is not an
/// exponential station (its own requests take 2 ms, its modules' 1.5 to
/// 20 ms): its wait is M/M/c's at the mix's mean, each request's own
/// service after it, and that measures within the same 2%. The p99
/// assumes independent sojourns too, which at these loads is within 3%.
#[test]
fn every_template_agrees_with_the_analytic_mean_and_p99() {
    for (name, doc) in documents() {
        let growth = doc.scenario.growth;
        let analysis = headroom::engine::Analysis::new(&doc);
        let analytic = analysis.report_at(growth);
        let percentiles = analysis.percentiles(&analytic);
        let report = simulate(&doc, growth, 11, 200_000).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(report.truncated, 0, "{name}");
        for entry in &report.per_entry {
            let expected = analytic.entries[entry.entry].latency.expect("a latency");
            let label = format!("{name} entry {} at {growth}x", entry.component);
            within(&format!("{label} mean"), entry.mean, expected, 0.02);
            assert!(entry.mean_half_width < 0.01 * expected, "{label}: ± {}", entry.mean_half_width);
            let p99 = percentiles.entries[entry.entry].expect("percentiles").p99;
            within(&format!("{label} p99"), entry.p99, p99, 0.03);
            assert!(entry.p99_half_width < 0.02 * p99, "{label}: p99 ± {}", entry.p99_half_width);
        }
        for simulated in &report.per_component {
            let load = analytic.components.iter().find(|c| c.id == simulated.component).expect("a component");
            println!(
                "  {:<10} response {:>9.6} vs {:>9.6}  utilisation {:>6.3} vs {:>6.3}",
                simulated.component.as_str(),
                simulated.mean.unwrap_or(f64::NAN),
                load.response_time().unwrap_or(f64::NAN),
                simulated.utilisation.unwrap_or(f64::NAN),
                load.utilisation
            );
        }
    }
}

/// Where each document's bottleneck is 90% busy: analytic against
/// simulated, printed, and held to the bound measured for it. The means
/// stay exact in expectation; the p99 assumes a request's sojourns are
/// independent, and where one request visits the busy station several
/// times (the sample's Postgres: two reads by the cache's misses and a
/// write, plus a worker's write onto the same queue) a request that finds
/// it busy once finds it busy again, so the simulated p99 is higher than
/// the independent walk's (bounds and measurements at `bound_at_ninety`).
#[test]
fn at_ninety_percent_the_difference_is_within_its_measured_bound() {
    for (name, doc) in documents() {
        let comparison = comparison_at_bottleneck(&doc, 0.9, 21, 1_000_000).unwrap_or_else(|e| panic!("{name}: {e}"));
        let (mean_bound, p99_bound) = bound_at_ninety(&name);
        for entry in &comparison.entries {
            let line = format!(
                "{name} at {:.3}x ({} at {:.1}%), entry {}: mean analytic {:.3} ms, simulated {:.3} ± {:.3} ms ({:+.1}%); \
                 p99 analytic {:.3} ms, simulated {:.3} ± {:.3} ms ({:+.1}%)",
                comparison.growth,
                comparison.bottleneck.as_str(),
                comparison.utilisation * 100.0,
                entry.component.as_str(),
                entry.analytic_mean * 1000.0,
                entry.simulated_mean * 1000.0,
                entry.mean_half_width * 1000.0,
                entry.mean_difference() * 100.0,
                entry.analytic_p99 * 1000.0,
                entry.simulated_p99 * 1000.0,
                entry.p99_half_width * 1000.0,
                entry.p99_difference() * 100.0,
            );
            println!("{line}");
            assert!((comparison.utilisation - 0.9).abs() < 1e-6, "{line}");
            assert!(entry.mean_difference().abs() <= mean_bound, "{line}: mean bound {}%", mean_bound * 100.0);
            assert!(
                entry.p99_difference().abs() <= p99_bound,
                "{line}: p99 bound {}% ({})",
                p99_bound * 100.0,
                if p99_bound > 0.06 { "correlated waits: one request visits the busy station several times" } else { "independent sojourns" }
            );
        }
    }
}

/// The sample at 3×: busier, the web tier autoscaled, Postgres at 72%.
/// The mean agrees; the analytic p99 assumes a request's sojourns are
/// independent, but its visits to Postgres (two reads by the cache's
/// misses, a write) follow one another through the same queue, so a
/// request that finds it busy once is likely to find it busy again: the
/// simulated p99 is higher (measured with 2 million requests: 71.5 ± 0.7
/// ms against 66.5 ms, +7.5%; at 1× 48.1 against 47.7, +0.7%). Printed,
/// not asserted: it is the size of the assumption, not a tolerance.
#[test]
fn the_sample_at_three_times_agrees() {
    let doc = mvp_that_creaks();
    let analysis = headroom::engine::Analysis::new(&doc);
    let report = analysis.report_at(3.0);
    let percentiles = analysis.percentiles(&report);
    let simulated = simulate(&doc, 3.0, 12, 500_000).expect("stable");
    let entry = &simulated.per_entry[0];
    within("sample at 3x mean", entry.mean, report.entries[0].latency.expect("a latency"), 0.02);
    if let Some(p) = percentiles.entries[0] {
        println!("sample at 3x p99: simulated {:.6} ± {:.6}, analytic {:.6}", entry.p99, entry.p99_half_width, p.p99);
    }
}

/// Run in slices, the same seed gives the same report as in one go.
#[test]
fn slices_give_the_same_report() {
    let doc = mvp_that_creaks();
    let whole = simulate(&doc, 2.0, 5, 20_000).expect("stable");
    let mut sliced = Simulation::new(&doc, 2.0, 5, 20_000).expect("stable");
    let mut steps = 0;
    while !sliced.step(997).is_finished() {
        steps += 1;
        // A report part-way is allowed and changes nothing.
        if steps % 10 == 0 {
            let partial = sliced.report();
            assert!(partial.requests <= 20_000);
        }
    }
    assert!(steps > 10);
    assert_eq!(sliced.report(), whole);
    assert_eq!(whole.requests, 20_000);
}

#[test]
fn a_saturated_station_is_named() {
    let doc = mvp_that_creaks();
    let report = solve(&doc);
    let postgres = report.components.iter().find(|c| c.id.as_str() == "postgres").expect("postgres");
    let saturates_at = postgres.saturates_at.expect("it saturates");
    let Err(err) = Simulation::new(&doc, saturates_at * 1.05, 1, 1_000) else { panic!("simulated past saturation") };
    assert!(err.contains("postgres is saturated"), "{err}");
    println!("{err}");
    assert!(Simulation::new(&doc, saturates_at * 0.95, 1, 1_000).is_ok());
    let same = simulate(&doc, 1.0, 9, 5_000).expect("stable");
    assert_eq!(same, simulate(&doc, 1.0, 9, 5_000).expect("stable"), "seeded runs are deterministic");
}

/// A database of two shards (a fifth of queries fan out to both) with two
/// replicas per shard, read and written synchronously by an API, and
/// written by a worker behind a queue: the replicas' replicated writes,
/// the fan-out queries' other shard and the worker's writes are the
/// background that brings every node to the analysis's load. The mean
/// and the busiest tier's utilisation agree.
#[test]
fn tiers_and_background_carry_the_analytic_load() {
    let mut db = component("db", ComponentKind::Database, 2, 300.0);
    if let Some(settings) = db.database.as_mut() {
        settings.shards = 2;
        settings.fan_out_share = 0.2;
        settings.read_replicas = 2;
    }
    db.base_latency_ms = 1.0;
    let doc = document(
        vec![
            component("api", ComponentKind::Service, 4, 200.0),
            db,
            component("queue", ComponentKind::Queue, 1, 5_000.0),
            component("worker", ComponentKind::WorkerPool, 2, 100.0),
        ],
        vec![
            call("api", "db", 2.0, CallKind::Read, CallMode::Sync),
            call("api", "db", 0.5, CallKind::Write, CallMode::Sync),
            call("api", "queue", 0.2, CallKind::Write, CallMode::Async),
            call("queue", "worker", 1.0, CallKind::Call, CallMode::Async),
            call("worker", "db", 2.0, CallKind::Write, CallMode::Sync),
        ],
        &[("api", 300.0)],
    );
    let analytic = solve(&doc);
    let report = simulate(&doc, 1.0, 8, 300_000).expect("stable");
    within("tiers mean", report.per_entry[0].mean, analytic.entries[0].latency.expect("a latency"), 0.02);
    let simulated = report.per_component.iter().find(|c| c.component.as_str() == "db").expect("visited");
    let load = analytic.components.iter().find(|c| c.id.as_str() == "db").expect("a component");
    within("db utilisation", simulated.utilisation.expect("a queue"), load.utilisation, 0.02);
    within("db response", simulated.mean.expect("visited"), load.response_time().expect("stable"), 0.02);
}

/// A damped loop of synchronous calls (b calls back into a for 40% of its
/// requests): visits are 1/(1 − 0.4) each, and the walk is cut only
/// beyond 64 calls deep, which is never reached in practice.
#[test]
fn a_damped_synchronous_loop_agrees() {
    let doc = document(
        vec![component("a", ComponentKind::Service, 2, 400.0), component("b", ComponentKind::Service, 2, 300.0)],
        vec![call("a", "b", 1.0, CallKind::Call, CallMode::Sync), call("b", "a", 0.4, CallKind::Call, CallMode::Sync)],
        &[("a", 100.0)],
    );
    let report = simulate(&doc, 1.0, 10, 200_000).expect("stable");
    within("loop mean", report.per_entry[0].mean, solve(&doc).entries[0].latency.expect("a latency"), 0.02);
    println!("truncated {}", report.truncated);
}

/// One row of the wait-approximation table: W_q simulated with its 95%
/// half-width, and each method's error against it.
fn measure_wait(servers: u32, rho: f64, arrival: f64, service: f64, seed: u64) {
    let mu = 100.0;
    let lambda = rho * f64::from(servers) * mu;
    let mut doc = one_station(servers, mu, lambda);
    doc.components[0].service_scv = Some(service);
    doc.scenario.entries[0].arrival_scv = Some(arrival);
    // Waits relax slowly near saturation and with variable service.
    let requests = if rho >= 0.9 { 4_000_000 } else if rho >= 0.8 { 2_000_000 } else { 1_000_000 };
    let report = simulate(&doc, 1.0, seed, requests).expect("stable");
    let entry = &report.per_entry[0];
    let wait = entry.mean - 1.0 / mu;
    let erlang = mmc(lambda, mu, servers, 0.0).expect("stable").wait_time;
    let ac = erlang * allen_cunneen_factor(arrival, service);
    let kimura = erlang * kimura_factor(servers, rho, arrival, service);
    println!(
        "| {servers} | {arrival} | {service} | {rho} | {:.4} ± {:.4} | {:+.1}% | {:+.1}% |",
        wait * 1000.0,
        entry.mean_half_width * 1000.0,
        (ac / wait - 1.0) * 100.0,
        (kimura / wait - 1.0) * 100.0
    );
}

/// The table in engine::variability's documentation: Allen–Cunneen and
/// Kimura against the simulated mean wait of one station, Poisson
/// arrivals (ms; `cargo test --test simulation -- --ignored --nocapture`).
#[test]
#[ignore = "a measurement (about a minute): its table is in engine::variability"]
fn measure_wait_approximations() {
    println!("| c | ca² | cs² | ρ | W_q simulated (ms) | Allen–Cunneen | Kimura |");
    let mut seed = 100;
    for servers in [1, 2, 4, 8] {
        for service in [0.25, 1.0, 4.0] {
            for rho in [0.5, 0.8, 0.9] {
                seed += 1;
                measure_wait(servers, rho, 1.0, service, seed);
            }
        }
    }
}

/// The same with bursty and smooth arrivals.
#[test]
#[ignore = "a measurement (about a minute): its table is in engine::variability"]
fn measure_wait_approximations_with_arrival_variability() {
    println!("| c | ca² | cs² | ρ | W_q simulated (ms) | Allen–Cunneen | Kimura |");
    let mut seed = 200;
    for servers in [1, 4] {
        for arrival in [0.25, 4.0] {
            for service in [0.25, 1.0, 4.0] {
                for rho in [0.5, 0.9] {
                    seed += 1;
                    measure_wait(servers, rho, arrival, service, seed);
                }
            }
        }
    }
}

/// Bursty arrivals (scv 4) at the first of two single servers: the
/// second sees the first's departures, which QNA says are still bursty
/// (cd² = 1 + (1 − ρ²)(ca² − 1) = 3.25 at ρ = 0.5), not Poisson as the
/// entry-only variability had it. The second station's simulated mean
/// response is printed beside both and must be nearer QNA's.
#[test]
fn burstiness_carries_on_to_the_next_station() {
    let mut doc = document(
        vec![component("api", ComponentKind::Service, 1, 200.0), component("db", ComponentKind::Service, 1, 150.0)],
        vec![call("api", "db", 1.0, CallKind::Call, CallMode::Sync)],
        &[("api", 100.0)],
    );
    doc.scenario.entries[0].arrival_scv = Some(4.0);
    let analytic = solve(&doc);
    let db = analytic.components.iter().find(|c| c.id.as_str() == "db").expect("db");
    let qna = db.response_time().expect("stable");
    let poisson = mmc(100.0, 150.0, 1, 0.0).expect("stable").response_time;
    let report = simulate(&doc, 1.0, 13, 1_000_000).expect("stable");
    let simulated = report.per_component.iter().find(|c| c.component.as_str() == "db").and_then(|c| c.mean).expect("visited");
    println!(
        "db response: simulated {:.4} ms, QNA {:.4} ms ({:+.1}%), Poisson {:.4} ms ({:+.1}%)",
        simulated * 1000.0,
        qna * 1000.0,
        (qna / simulated - 1.0) * 100.0,
        poisson * 1000.0,
        (poisson / simulated - 1.0) * 100.0
    );
    assert!((qna / simulated - 1.0).abs() < (poisson / simulated - 1.0).abs());
    within("db response by QNA", simulated, qna, BURSTY_TANDEM_BOUND);
}

/// Measured (seed 13, 10⁶ requests): QNA −0.1% against the simulation,
/// Poisson at the second station −42.9%.
const BURSTY_TANDEM_BOUND: f64 = 0.02;

//! Properties of the latency percentiles on every template and the sample:
//! they are ordered, they never fall as growth rises, the end-to-end
//! distribution's mean is the mean formula's, and with every variability
//! at 1 the old figures are unchanged. The same with every component
//! calling in parallel, which never makes a request slower than one after
//! another, and against the simulation of parallel calls.

mod common;

use headroom::engine::Analysis;
use common::{call, component};
use headroom::model::{CallKind, CallMode, ComponentKind, Document};

fn documents() -> Vec<(String, Document)> {
    common::sample_and_templates()
}

/// The document with every component making its synchronous calls at
/// once (only those with two or more change).
fn in_parallel(doc: &Document) -> Document {
    let mut doc = doc.clone();
    for component in &mut doc.components {
        component.parallel_calls = true;
    }
    doc
}

fn parallel_documents() -> Vec<(String, Document)> {
    documents().into_iter().map(|(name, doc)| (format!("{name} in parallel"), in_parallel(&doc))).collect()
}

#[test]
fn percentiles_are_ordered_and_rise_with_growth() {
    for (name, doc) in documents().into_iter().chain(parallel_documents()) {
        // An autoscaler adding instances can make a request faster at
        // higher load, so the property is for fixed capacity.
        let mut doc = doc;
        for component in &mut doc.components {
            component.max_instances = None;
        }
        let analysis = Analysis::new(&doc);
        let mut previous: Option<headroom::engine::LatencyPercentiles> = None;
        for step in 0..12 {
            let growth = 0.25 * 1.4f64.powi(step);
            let report = analysis.report_at(growth);
            let found = analysis.percentiles(&report);
            for (k, p) in found.entries.iter().enumerate() {
                let Some(p) = p else { continue };
                assert!(p.p50 <= p.p95 && p.p95 <= p.p99, "{name} entry {k} at {growth}: {p:?}");
                let mean = report.entries[k].latency.expect("a mean where percentiles exist");
                // p50 of a right-skewed latency sits below p99, the mean between.
                assert!(p.p99 >= mean, "{name} entry {k} at {growth}: p99 {} below the mean {mean}", p.p99);
                if let Some(Some(before)) = previous.as_ref().map(|pr| pr.entries[k]) {
                    for (a, b, label) in [(before.p50, p.p50, "p50"), (before.p95, p.p95, "p95"), (before.p99, p.p99, "p99")] {
                        assert!(b >= a * (1.0 - 1e-7), "{name} entry {k}: {label} fell from {a} to {b} at {growth}");
                    }
                }
            }
            for (i, p) in found.components.iter().enumerate() {
                let Some(p) = p else { continue };
                assert!(p.p50 <= p.p95 && p.p95 <= p.p99, "{name} component {i} at {growth}: {p:?}");
            }
            previous = Some(found);
        }
    }
}

/// ∫ P(X > t) dt over the inverted distribution equals the mean formula
/// Σ visits × mean response, to 0.2%.
#[test]
fn the_end_to_end_distribution_has_the_formula_mean() {
    for (name, doc) in documents().into_iter().chain(parallel_documents()) {
        let analysis = Analysis::new(&doc);
        let report = analysis.report_at(doc.scenario.growth);
        let laws = analysis.response_laws(&report);
        for (k, entry) in report.entries.iter().enumerate() {
            let Some(mean) = entry.latency else { continue };
            // E[X] = ∫₀¹ Q(u) du, by the midpoint rule over the quantile
            // function (its last cell reaches into the tail).
            let n = 1000;
            let estimate: f64 = (0..n)
                .map(|j| analysis.entry_quantile(&report, &laws, k, (j as f64 + 0.5) / n as f64).expect("quantile"))
                .sum::<f64>()
                / n as f64;
            assert!(
                (estimate - mean).abs() <= 0.002 * mean,
                "{name} entry {k}: distribution mean {estimate} vs formula {mean}"
            );
        }
    }
}

/// Setting every variability to 1 explicitly changes no figure.
#[test]
fn variability_one_changes_nothing() {
    for (name, doc) in documents() {
        let mut explicit = doc.clone();
        for component in &mut explicit.components {
            component.service_scv = Some(1.0);
        }
        for entry in &mut explicit.scenario.entries {
            entry.arrival_scv = Some(1.0);
        }
        let (a, b) = (headroom::engine::solve(&doc), headroom::engine::solve(&explicit));
        assert_eq!(a, b, "{name}");
    }
}

/// Waiting for the slowest branch is never slower than making the calls
/// one after another: every percentile and the mean at most the
/// sequential walk's, and strictly less where a component makes two calls.
#[test]
fn parallel_is_never_slower_than_one_after_another() {
    for (name, doc) in documents() {
        let parallel = in_parallel(&doc);
        let (one, other) = (Analysis::new(&doc), Analysis::new(&parallel));
        let mut growths = vec![0.5, 1.0, doc.scenario.growth];
        growths.dedup();
        for growth in growths {
            let (sequential, concurrent) = (one.report_at(growth), other.report_at(growth));
            let (p_seq, p_par) = (one.percentiles(&sequential), other.percentiles(&concurrent));
            for (k, (a, b)) in sequential.entries.iter().zip(&concurrent.entries).enumerate() {
                let (Some(mean_seq), Some(mean_par)) = (a.latency, b.latency) else { continue };
                assert!(mean_par <= mean_seq * (1.0 + 1e-12), "{name} entry {k} at {growth}: mean {mean_par} > {mean_seq}");
                let (Some(s), Some(p)) = (p_seq.entries[k], p_par.entries[k]) else { continue };
                for (x, y, label) in [(s.p50, p.p50, "p50"), (s.p95, p.p95, "p95"), (s.p99, p.p99, "p99")] {
                    assert!(y <= x * (1.0 + 1e-6), "{name} entry {k} at {growth}: parallel {label} {y} > sequential {x}");
                }
                if growth == doc.scenario.growth && mean_par < mean_seq {
                    println!(
                        "{name} entry {k} at {growth}x: mean {:.3} ms vs {:.3} one after another, p99 {:.3} vs {:.3}",
                        mean_par * 1e3,
                        mean_seq * 1e3,
                        p.p99 * 1e3,
                        s.p99 * 1e3
                    );
                }
            }
        }
    }
}

/// A caller waiting for three different callees at once: a service, a
/// cache whose misses go on to a database, an external API called by
/// half the requests (a jump in the distribution). Each callee sees one
/// sub-request per request, so the branches are what the analysis takes
/// them for and only the maximum is tested.
fn three_callees_at_once() -> Document {
    let mut api = component("api", ComponentKind::Service, 2, 500.0);
    api.parallel_calls = true;
    let mut cache = component("cache", ComponentKind::Cache, 1, 2_000.0);
    cache.hit_ratio = Some(0.7);
    let mut payments = component("payments", ComponentKind::ExternalApi, 1, 10_000.0);
    payments.base_latency_ms = 8.0;
    common::document(
        vec![
            api,
            component("orders", ComponentKind::Service, 1, 200.0),
            cache,
            component("db", ComponentKind::Service, 2, 150.0),
            payments,
        ],
        vec![
            call("api", "orders", 1.0, CallKind::Call, CallMode::Sync),
            call("api", "cache", 1.0, CallKind::Read, CallMode::Sync),
            call("cache", "db", 1.0, CallKind::Read, CallMode::Sync),
            call("api", "payments", 0.5, CallKind::Call, CallMode::Sync),
        ],
        &[("api", 120.0)],
    )
}

struct Compared {
    mean_error: f64,
    p99_error: f64,
    /// Whether waiting for the slowest is nearer the simulation than one
    /// after another, on the mean and on p99.
    nearer: bool,
}

/// Analytic (parallel and one after another) against simulated, printed.
fn compare_with_simulation(name: &str, doc: &Document, requests: u64) -> Vec<Compared> {
    let growth = doc.scenario.growth;
    let analysis = Analysis::new(doc);
    let report = analysis.report_at(growth);
    let percentiles = analysis.percentiles(&report);
    let mut sequential = doc.clone();
    for component in &mut sequential.components {
        component.parallel_calls = false;
    }
    let before = Analysis::new(&sequential);
    let before_report = before.report_at(growth);
    let before_percentiles = before.percentiles(&before_report);
    let simulated = headroom::engine::simulate(doc, growth, 21, requests).expect("stable");
    let mut found = Vec::new();
    for entry in &simulated.per_entry {
        let k = entry.entry;
        let mean = report.entries[k].latency.expect("a mean");
        let p99 = percentiles.entries[k].expect("percentiles").p99;
        let mean_seq = before_report.entries[k].latency.expect("a mean");
        let p99_seq = before_percentiles.entries[k].expect("percentiles").p99;
        let (mean_error, p99_error) = (mean / entry.mean - 1.0, p99 / entry.p99 - 1.0);
        println!(
            "{name} at {growth}x: mean parallel {:.3} ms, one after another {:.3}, simulated {:.3} ± {:.3} ({:+.2}%); \
             p99 parallel {:.3}, one after another {:.3}, simulated {:.3} ± {:.3} ({:+.2}%)",
            mean * 1e3,
            mean_seq * 1e3,
            entry.mean * 1e3,
            entry.mean_half_width * 1e3,
            mean_error * 100.0,
            p99 * 1e3,
            p99_seq * 1e3,
            entry.p99 * 1e3,
            entry.p99_half_width * 1e3,
            p99_error * 100.0
        );
        let nearer = (mean - entry.mean).abs() < (mean_seq - entry.mean).abs()
            && (p99 - entry.p99).abs() < (p99_seq - entry.p99).abs();
        found.push(Compared { mean_error, p99_error, nearer });
    }
    // Where the two part: a callee's own response, simulated against M/M/c.
    for component in &simulated.per_component {
        let Some(load) = report.components.iter().find(|c| c.id == component.component) else { continue };
        let (Some(simulated), Some(analytic)) = (component.mean, load.response_time()) else { continue };
        if (simulated / analytic - 1.0).abs() > 0.02 {
            println!(
                "  {} responds in {:.3} ms simulated, {:.3} analytic ({:+.1}%)",
                component.component.as_str(),
                simulated * 1e3,
                analytic * 1e3,
                (simulated / analytic - 1.0) * 100.0
            );
        }
    }
    found
}

/// The maximum itself, within the simulation's tolerances (mean 2%, p99
/// 3%): three different callees at once (measured +0.00% and −0.12%); the
/// scaled web app's application server making its cache reads and writes
/// at once (three reads at Redis, 10% going on to Postgres: +0.12%,
/// −0.08%); the sample's web tier (−0.9%, −1.1%: its Postgres, reached
/// by the cache's misses and the writes at once, responds 11% slower than
/// M/M/c, the effect of the test below on a smaller scale).
#[test]
fn parallel_calls_agree_with_the_simulation() {
    let build = headroom::model::templates::template("scaled-web-app").expect("a template").build;
    for (name, doc) in [
        ("three callees at once", three_callees_at_once()),
        ("scaled-web-app", in_parallel(&build())),
        ("sample", in_parallel(&headroom::model::mvp_that_creaks())),
    ] {
        for compared in compare_with_simulation(name, &doc, 400_000) {
            assert!(compared.mean_error.abs() <= 0.02, "{name}: mean {:+.2}%", compared.mean_error * 100.0);
            assert!(compared.p99_error.abs() <= 0.03, "{name}: p99 {:+.2}%", compared.p99_error * 100.0);
        }
    }
}

/// Where a caller sends several sub-requests at once to the same station
/// (the monolith's 2.5 reads and 0.4 writes at Postgres; the modular
/// monolith's modules each querying Postgres), they arrive together: a
/// batch, which waits longer than the Poisson arrivals M/M/c assumes (the
/// simulated Postgres of the monolith responds 59% slower; the modules,
/// which run on the monolith's own instances, 9–39%), so the analysis is
/// low there, by the measured bounds below (−8.8% and −7.0% on the mean,
/// −3.5% and −5.2% on p99). It is still far nearer than one after another
/// (+17% and +37% on the mean).
#[test]
fn concurrent_sub_requests_at_one_station_wait_longer() {
    for (id, mean_bound, p99_bound) in [("mvp-monolith", 0.10, 0.05), ("modular-monolith", 0.08, 0.06)] {
        let build = headroom::model::templates::template(id).expect("a template").build;
        for compared in compare_with_simulation(id, &in_parallel(&build()), 400_000) {
            assert!(compared.nearer, "{id}: one after another is nearer the simulation");
            assert!(
                compared.mean_error < 0.0 && compared.mean_error.abs() <= mean_bound,
                "{id}: mean {:+.2}%",
                compared.mean_error * 100.0
            );
            assert!(compared.p99_error.abs() <= p99_bound, "{id}: p99 {:+.2}%", compared.p99_error * 100.0);
        }
    }
}

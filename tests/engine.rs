//! Engine behaviour beyond the reference cases: caches and write
//! pass-through, loops, autoscaling, limits, latency. Every expected value
//! is worked out by hand from the formulas in ../shared/DESIGN.md and the
//! working is in the comment beside it.

use headroom::engine::{self, Report, Status, Warning};
use headroom::model::{
    CallKind, CallMode, Component, ComponentKind, Dependency, Document, EntryPoint, Scenario,
    SCHEMA_VERSION,
};

fn component(id: &str, kind: ComponentKind, instances: u32, rate: f64) -> Component {
    Component {
        instances,
        throughput_per_instance: rate,
        base_latency_ms: 0.0,
        ..Component::with_defaults(id, id, kind)
    }
}

fn call(from: &str, to: &str, calls: f64, kind: CallKind, mode: CallMode) -> Dependency {
    Dependency {
        id: format!("{from}-{to}-{}", kind.label()).into(),
        from: from.into(),
        to: to.into(),
        calls,
        kind,
        mode,
    }
}

fn document(components: Vec<Component>, dependencies: Vec<Dependency>, entries: &[(&str, f64)]) -> Document {
    let doc = Document {
        schema_version: SCHEMA_VERSION,
        decisions: Vec::new(),
        name: "test".into(),
        components,
        dependencies,
        scenario: Scenario::new(
            "test",
            entries
                .iter()
                .map(|(id, rate)| EntryPoint { component: (*id).into(), rate: *rate })
                .collect(),
        ),
    };
    doc.validate().expect("test document is valid");
    doc
}

/// The single place that calls the engine: solve and compare arrival rates.
fn check(doc: &Document, expected_rates: &[(&str, f64)]) -> Report {
    let report = engine::solve(doc);
    for (id, expected) in expected_rates {
        let got = report.component(&(*id).into()).expect("component").arrival_rate;
        assert!(
            (got - expected).abs() <= 1e-9 * expected.abs().max(1.0),
            "{id}: arrival rate {got}, expected {expected}"
        );
    }
    report
}

fn close(got: f64, expected: f64) {
    assert!((got - expected).abs() <= 1e-9 * expected.abs().max(1.0), "got {got}, expected {expected}");
}

#[test]
fn a_cache_absorbs_read_hits_and_passes_writes_through() {
    // app: 100 req/s, each 1 read and 0.25 writes at the cache (h = 0.8).
    // Cache: 100 reads + 25 writes. DB: 0.2 × 100 misses + 25 writes = 45.
    let mut cache = component("cache", ComponentKind::Cache, 1, 5_000.0);
    cache.hit_ratio = Some(0.8);
    let doc = document(
        vec![component("app", ComponentKind::Service, 4, 100.0), cache, component("db", ComponentKind::Database, 1, 500.0)],
        vec![
            call("app", "cache", 1.0, CallKind::Read, CallMode::Sync),
            call("app", "cache", 0.25, CallKind::Write, CallMode::Sync),
            call("cache", "db", 1.0, CallKind::Call, CallMode::Sync),
        ],
        &[("app", 100.0)],
    );
    let report = check(&doc, &[("app", 100.0), ("cache", 125.0), ("db", 45.0)]);
    let cache = report.component(&"cache".into()).unwrap();
    close(cache.read_rate, 100.0);
    close(cache.write_rate, 25.0);
    // The cache→db edge carries the same 45 req/s.
    close(report.dependencies[2].rate, 45.0);
}

#[test]
fn a_hit_ratio_on_a_service_is_ignored() {
    // Only caches and CDNs serve hits; a stray hit ratio elsewhere must not
    // make traffic vanish.
    let mut app = component("app", ComponentKind::Service, 4, 100.0);
    app.hit_ratio = Some(0.9);
    let doc = document(
        vec![app, component("db", ComponentKind::Database, 1, 500.0)],
        vec![call("app", "db", 2.0, CallKind::Read, CallMode::Sync)],
        &[("app", 50.0)],
    );
    check(&doc, &[("db", 100.0)]);
}

#[test]
fn a_damped_loop_is_solved_exactly() {
    // a → b (1), b → a (0.5): λa = 100 + 0.5 λb, λb = λa ⇒ λa = λb = 200.
    let doc = document(
        vec![component("a", ComponentKind::Service, 4, 100.0), component("b", ComponentKind::Service, 4, 100.0)],
        vec![
            call("a", "b", 1.0, CallKind::Call, CallMode::Sync),
            call("b", "a", 0.5, CallKind::Call, CallMode::Sync),
        ],
        &[("a", 100.0)],
    );
    let report = check(&doc, &[("a", 200.0), ("b", 200.0)]);
    assert!(report.warnings.is_empty());
    // Fluid rates are defined on DAGs only.
    assert_eq!(report.components[0].effective_arrival_rate, None);
}

#[test]
fn an_amplifying_loop_is_named_and_everything_it_feeds_is_unbounded() {
    // a → b (1), b → a (1.5): each round trip multiplies traffic by 1.5.
    let doc = document(
        vec![
            component("entry", ComponentKind::Service, 4, 100.0),
            component("a", ComponentKind::Service, 4, 100.0),
            component("b", ComponentKind::Service, 4, 100.0),
            component("after", ComponentKind::Database, 1, 100.0),
            component("beside", ComponentKind::Database, 1, 100.0),
        ],
        vec![
            call("entry", "a", 1.0, CallKind::Call, CallMode::Sync),
            call("a", "b", 1.0, CallKind::Call, CallMode::Sync),
            call("b", "a", 1.5, CallKind::Call, CallMode::Sync),
            call("b", "after", 1.0, CallKind::Call, CallMode::Sync),
            call("entry", "beside", 1.0, CallKind::Call, CallMode::Sync),
        ],
        &[("entry", 10.0)],
    );
    let report = check(&doc, &[("entry", 10.0), ("beside", 10.0)]);
    match &report.warnings[..] {
        [Warning::AmplifyingLoop { members, gain }] => {
            let names: Vec<&str> = members.iter().map(|m| m.as_str()).collect();
            assert!(names == ["a", "b"] || names == ["b", "a"], "{names:?}");
            close(gain.unwrap(), 1.5);
        }
        other => panic!("expected one amplifying loop, got {other:?}"),
    }
    for id in ["a", "b", "after"] {
        let load = report.component(&id.into()).unwrap();
        assert!(load.arrival_rate.is_infinite(), "{id}");
        assert_eq!(load.status, Status::Saturated, "{id}: {load:?}");
        assert_eq!(load.queueing, None);
    }
    assert_eq!(report.entries[0].latency, None);
    let headline = headroom::formats::headline::headline(&doc, &report);
    assert!(headline.starts_with("Traffic loops a → b → a") || headline.starts_with("Traffic loops b → a → b"), "{headline}");
}

#[test]
fn a_loop_at_exactly_one_does_not_damp() {
    // A self-loop with calls = 1 retries forever: spectral radius 1.
    let doc = document(
        vec![component("svc", ComponentKind::Service, 1, 100.0)],
        vec![call("svc", "svc", 1.0, CallKind::Call, CallMode::Sync)],
        &[("svc", 1.0)],
    );
    let report = engine::solve(&doc);
    assert!(matches!(report.warnings[..], [Warning::AmplifyingLoop { .. }]));
}

#[test]
fn autoscaling_holds_the_comfort_line_until_the_ceiling() {
    // μ = 150, 2..6 instances, comfort 0.7 ⇒ 105 req/s per instance.
    let mut web = component("web", ComponentKind::Service, 2, 150.0);
    web.max_instances = Some(6);
    let doc = document(vec![web], vec![], &[("web", 100.0)]);
    let at = |growth: f64| engine::Analysis::new(&doc).report_at(growth).components[0].clone();
    // 100 req/s: ⌈100/105⌉ = 1, but never below the minimum of 2.
    assert_eq!(at(1.0).instances, 2);
    // 300 req/s: ⌈2.857⌉ = 3 instances, ρ = 300/450.
    assert_eq!(at(3.0).instances, 3);
    close(at(3.0).utilisation, 300.0 / 450.0);
    // 1000 req/s needs ⌈9.52⌉ = 10, capped at 6: ρ = 1000/900, saturated.
    let capped = at(10.0);
    assert_eq!((capped.instances, capped.needed_instances), (6, 10));
    assert_eq!(capped.status, Status::Saturated);
    // It saturates where 6 instances are full: 900 / 100 = 9x.
    close(capped.saturates_at.unwrap(), 9.0);
}

#[test]
fn a_utilisation_limit_below_one_brings_saturation_forward() {
    // 2 × 50 = 100 req/s of capacity, 40 req/s at 1x; limit 0.8 ⇒ 80/40 = 2x.
    let mut doc = document(vec![component("svc", ComponentKind::Service, 2, 50.0)], vec![], &[("svc", 40.0)]);
    doc.scenario.utilisation_limit = 0.8;
    let report = engine::solve(&doc);
    close(report.bottleneck().unwrap().saturates_at, 2.0);
    close(report.components[0].comfortable_until.unwrap(), 0.7 * 100.0 / 40.0);
}

#[test]
fn async_work_loads_the_worker_but_not_the_callers_latency() {
    // api (M/M/1, μ=100) at 50 req/s: R = 1/(100−50) = 20 ms. It sends 1
    // async job per request to a worker (M/M/1, μ=60): ρ = 50/60.
    // Latency = R_api only = 20 ms; plus 5 ms declared base latency = 25 ms.
    let mut api = component("api", ComponentKind::Service, 1, 100.0);
    api.base_latency_ms = 5.0;
    let doc = document(
        vec![api, component("worker", ComponentKind::WorkerPool, 1, 60.0)],
        vec![call("api", "worker", 1.0, CallKind::Call, CallMode::Async)],
        &[("api", 50.0)],
    );
    let report = check(&doc, &[("worker", 50.0)]);
    close(report.entries[0].latency.unwrap(), 0.025);
    close(report.components[1].utilisation, 50.0 / 60.0);
    assert_eq!(report.entries[0].visit_ratios, vec![1.0, 0.0]);
}

#[test]
fn each_entry_point_has_its_own_latency() {
    // web → db (1 call); admin → db (3 calls). db: M/M/1 μ=1000 at
    // 100 + 3×10 = 130 req/s ⇒ R_db = 1/870. web, admin: M/M/4 μ=100.
    let doc = document(
        vec![
            component("web", ComponentKind::Service, 4, 100.0),
            component("admin", ComponentKind::Service, 4, 100.0),
            component("db", ComponentKind::Database, 1, 1_000.0),
        ],
        vec![
            call("web", "db", 1.0, CallKind::Read, CallMode::Sync),
            call("admin", "db", 3.0, CallKind::Write, CallMode::Sync),
        ],
        &[("web", 100.0), ("admin", 10.0)],
    );
    let report = check(&doc, &[("db", 130.0)]);
    let r = |id: &str| report.component(&id.into()).unwrap().response_time().unwrap();
    close(r("db"), 1.0 / 870.0);
    close(report.entries[0].latency.unwrap(), r("web") + r("db"));
    close(report.entries[1].latency.unwrap(), r("admin") + 3.0 * r("db"));
}

#[test]
fn the_sample_ranks_postgres_then_web_then_worker() {
    // Postgres 400 / 96 = 4.17x; web 6 × 150 / 120 = 7.5x; worker, judged
    // over the day (mean of the diurnal profile 0.65625), 4 × 25 / (12 ×
    // 0.65625) = 12.7x; load balancer 10 000 / 120 = 83.3x.
    let doc = headroom::model::mvp_that_creaks();
    let report = engine::solve(&doc);
    let ranking: Vec<(&str, f64)> =
        report.ranking.iter().map(|s| (s.component.as_str(), s.saturates_at)).collect();
    assert_eq!(ranking.iter().map(|r| r.0).collect::<Vec<_>>()[..4], ["postgres", "web", "worker", "lb"]);
    close(ranking[0].1, 400.0 / 96.0);
    close(ranking[1].1, 7.5);
    close(ranking[2].1, 100.0 / (12.0 * 0.65625));
    close(report.headroom().unwrap(), 400.0 / 96.0);
}

#[test]
fn no_entry_points_gives_an_empty_ranking_and_a_warning() {
    let doc = document(vec![component("svc", ComponentKind::Service, 1, 10.0)], vec![], &[]);
    let report = engine::solve(&doc);
    assert!(report.ranking.is_empty());
    assert_eq!(report.headroom(), None);
    assert_eq!(report.warnings, vec![Warning::NoEntryPoints]);
    assert_eq!(report.components[0].status, Status::Idle);
}

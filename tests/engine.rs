//! Engine behaviour beyond the reference cases: caches and write
//! pass-through, loops, autoscaling, limits, latency. Every expected value
//! is worked out by hand from the formulas in docs/design.md and the
//! working is in the comment beside it.

use headroom::engine::{self, Judgement, Limit, Report, Status, TierRole, Violation, Warning};
use headroom::model::{CallKind, CallMode, Component, ComponentKind, Document};

mod common;
use common::{api_feeding_a_worker, call, component, document};

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
    let headline = headroom::words::headline::headline(&doc, &report, &[]);
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
    let ranking: Vec<(&str, f64)> = report
        .ranking
        .iter()
        .filter(|s| s.limit != Limit::Connections)
        .map(|s| (s.component.as_str(), s.saturates_at))
        .collect();
    assert_eq!(ranking.iter().map(|r| r.0).collect::<Vec<_>>()[..4], ["postgres", "web", "worker", "lb"]);
    close(ranking[0].1, 400.0 / 96.0);
    close(ranking[1].1, 7.5);
    close(ranking[2].1, 100.0 / (12.0 * 0.65625));
    // Connections run out first: see the_sample_runs_out_of_connections_first.
    close(report.headroom().unwrap(), 3.5);
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

fn database(id: &str, workers: u32, rate: f64, replicas: u32, reads_on_primary: bool) -> Component {
    let mut db = component(id, ComponentKind::Database, workers, rate);
    let settings = db.database.as_mut().expect("databases have settings");
    settings.read_replicas = replicas;
    settings.reads_on_primary = reads_on_primary;
    db
}

#[test]
fn read_replicas_take_the_reads_and_replay_every_write() {
    // 150 reads + 20 writes; 2 replicas of 1 × 100 req/s.
    // Primary: the 20 writes → ρ = 0.2. Each replica: 150/2 = 75 reads +
    // 20 replicated writes = 95 → ρ = 0.95. Saturates where a replica
    // reaches 100: 100/95 = 1.0526x.
    let doc = document(
        vec![component("app", ComponentKind::Service, 8, 100.0), database("db", 1, 100.0, 2, false)],
        vec![
            call("app", "db", 1.5, CallKind::Read, CallMode::Sync),
            call("app", "db", 0.2, CallKind::Write, CallMode::Sync),
        ],
        &[("app", 100.0)],
    );
    let report = check(&doc, &[("db", 170.0)]);
    let db = report.component(&"db".into()).unwrap();
    assert_eq!(db.tiers.len(), 2);
    assert_eq!((db.tiers[0].role, db.tiers[0].nodes), (TierRole::Primary, 1));
    close(db.tiers[0].arrival_rate, 20.0);
    close(db.tiers[1].arrival_rate, 95.0);
    assert_eq!((db.tiers[1].role, db.tiers[1].nodes), (TierRole::Replica, 2));
    close(db.utilisation, 0.95);
    close(db.saturates_at.unwrap(), 100.0 / 95.0);
    // Response time: writes wait on the primary (M/M/1 at 20: 1/80 s),
    // reads on a replica (M/M/1 at 95: 1/5 s), weighted 20:150.
    let expected = (20.0 * (1.0 / 80.0) + 150.0 * (1.0 / 5.0)) / 170.0;
    close(db.response_time().unwrap(), expected);
    // Three nodes at $400 each.
    close(db.monthly_cost, 3.0 * 400.0);

    // Reads on the primary too: 150 / 3 = 50 each; primary 50 + 20 = 70,
    // each replica 50 + 20 = 70.
    let doc = document(
        doc.components.iter().map(|c| if c.id.as_str() == "db" { database("db", 1, 100.0, 2, true) } else { c.clone() }).collect(),
        doc.dependencies.clone(),
        &[("app", 100.0)],
    );
    let report = engine::solve(&doc);
    let db = report.component(&"db".into()).unwrap();
    close(db.tiers[0].arrival_rate, 70.0);
    close(db.tiers[1].arrival_rate, 70.0);
}

#[test]
fn shards_split_keys_but_fan_out_queries_hit_every_shard() {
    // 400 reads/s, 4 shards, 20% fan out: per shard 400 × (0.8/4 + 0.2) =
    // 160; each shard 1 × 200 → ρ = 0.8, saturates at 200/160 = 1.25x.
    let mut db = database("db", 1, 200.0, 0, false);
    if let Some(settings) = db.database.as_mut() {
        settings.shards = 4;
        settings.fan_out_share = 0.2;
    }
    let doc = document(
        vec![component("app", ComponentKind::Service, 8, 100.0), db],
        vec![call("app", "db", 1.0, CallKind::Read, CallMode::Sync)],
        &[("app", 400.0)],
    );
    let report = engine::solve(&doc);
    let db = report.component(&"db".into()).unwrap();
    assert_eq!(db.tiers[0].nodes, 4);
    close(db.tiers[0].arrival_rate, 160.0);
    close(db.utilisation, 0.8);
    close(db.saturates_at.unwrap(), 1.25);
}

#[test]
fn a_pooler_caps_the_connections_the_database_sees() {
    // Web: 6 instances × pool 20 = 120 connections. Straight to a
    // Postgres allowing 100: a violation. Through a pooler with a server
    // pool of 20: the database sees 20, the pooler 120 of its 1000.
    let mut web = component("web", ComponentKind::Service, 6, 100.0);
    web.connection_pool = Some(20);
    let direct = document(
        vec![web.clone(), database("db", 1, 1000.0, 0, false)],
        vec![call("web", "db", 1.0, CallKind::Read, CallMode::Sync)],
        &[("web", 100.0)],
    );
    let report = engine::solve(&direct);
    match &report.violations[..] {
        [Violation::Connections(budget)] => {
            assert_eq!((budget.demand, budget.limit), (120, 100));
            assert_eq!(budget.exhausted_at, Some(0.0));
        }
        other => panic!("expected a connection violation, got {other:?}"),
    }
    // The ranking puts the exhausted budget first.
    assert_eq!(report.bottleneck().map(|b| b.limit), Some(Limit::Connections));

    let pooled = document(
        vec![web, component("pgbouncer", ComponentKind::ConnectionPooler, 1, 10_000.0), database("db", 1, 1000.0, 0, false)],
        vec![
            call("web", "pgbouncer", 1.0, CallKind::Read, CallMode::Sync),
            call("pgbouncer", "db", 1.0, CallKind::Read, CallMode::Sync),
        ],
        &[("web", 100.0)],
    );
    let report = engine::solve(&pooled);
    assert!(report.violations.is_empty(), "{:?}", report.violations);
    let budget = |id: &str| report.connections.iter().find(|b| b.component.as_str() == id).unwrap();
    assert_eq!((budget("db").demand, budget("db").limit), (20, 100));
    assert_eq!((budget("pgbouncer").demand, budget("pgbouncer").limit), (120, 1000));
}

#[test]
fn autoscaled_clients_raise_the_connection_demand_as_they_grow() {
    // Web 2..6 instances (105 req/s each at the comfort line), pool 15;
    // worker 4 × 10 = 40. Limit 100: the 5th web instance (above
    // 4 × 105 = 420 req/s = 3.5x of 120) makes 5 × 15 + 40 = 115.
    let doc = headroom::model::mvp_that_creaks();
    let at = |g: f64| engine::Analysis::new(&doc).report_at(g);
    let budget = at(1.0).connections.into_iter().find(|b| b.component.as_str() == "postgres").unwrap();
    assert_eq!((budget.demand, budget.demand_at_ceiling, budget.limit), (70, 130, 100));
    close(budget.exhausted_at.unwrap(), 3.5);
    let later = at(3.6);
    assert!(later.violations.iter().any(|v| matches!(v, Violation::Connections(b) if b.demand == 115)));
}

#[test]
fn a_worker_pool_sized_for_the_average_absorbs_the_peak() {
    // The day: 20 hours at a quarter of the peak, 4 at the peak. The API
    // sends 40 jobs/s at the peak, so 10/s most of the day, mean 0.375 ×
    // 40 = 15/s. One worker at 20/s: each busy hour adds (40 − 20) × 3600
    // = 72 000; the backlog peaks at 288 000, a 14 400 s wait, drained at
    // 20 − 10 = 10/s in 28 800 s. It falls behind for good where the
    // average reaches 20: 20 / 15 = 1.333x.
    let mut doc = api_feeding_a_worker(40.0, 20.0);
    let mut profile = vec![0.25; 24];
    for hour in profile.iter_mut().skip(12).take(4) {
        *hour = 1.0;
    }
    doc.scenario.daily_profile = profile;
    let report = engine::solve(&doc);
    let worker = report.component(&"worker".into()).unwrap();
    assert_eq!(worker.judged, Judgement::Day);
    assert_eq!(worker.status, Status::Hot);
    let day = worker.day.as_ref().unwrap();
    close(day.average_inflow, 15.0);
    close(day.peak_backlog, 288_000.0);
    close(day.worst_delay, 14_400.0);
    close(day.drain_time, 28_800.0);
    close(worker.saturates_at.unwrap(), 20.0 / 15.0);
    assert!(report.violations.is_empty());

    // At 1.5x the average is 22.5/s: unbounded, 2.5 × 86 400 a day.
    let report = engine::Analysis::new(&doc).report_at(1.5);
    let worker = report.component(&"worker".into()).unwrap();
    assert_eq!(worker.status, Status::Saturated);
    match &report.violations[..] {
        [Violation::UnboundedBacklog { growth_per_day, .. }] => close(*growth_per_day, 216_000.0),
        other => panic!("expected an unbounded backlog, got {other:?}"),
    }
}

#[test]
fn capped_autoscaling_is_reported_with_what_it_needs() {
    // 1000 req/s needs ⌈1000 / (0.7 × 150)⌉ = 10 instances; max 6.
    let mut web = component("web", ComponentKind::Service, 2, 150.0);
    web.max_instances = Some(6);
    let doc = document(vec![web], vec![], &[("web", 1000.0)]);
    let report = engine::solve(&doc);
    assert_eq!(
        report.violations,
        vec![Violation::ScalingCapped { component: "web".into(), needed: 10, ceiling: 6 }]
    );
}

#[test]
fn a_function_scales_to_its_concurrency_limit_and_costs_per_invocation() {
    // 500 req/s at 10 req/s per slot (100 ms): 50 slots of 100 in use,
    // ρ = 0.5. Cold starts: 2% × 400 ms = 8 ms on top of 100 ms plus
    // Erlang C waiting (negligible at c = 100, ρ = 0.5). Cost: 500 × 0.65625
    // (the day's mean) × 2 592 000 s = 850.5 M invocations × $2/M = $1701.
    let mut function = component("fn", ComponentKind::Function, 100, 10.0);
    function.base_latency_ms = 0.0;
    let doc = document(vec![function], vec![], &[("fn", 500.0)]);
    let report = engine::solve(&doc);
    let load = &report.components[0];
    close(load.utilisation, 0.5);
    assert_eq!(load.instances, 50);
    assert!((load.response_time().unwrap() - 0.108).abs() < 1e-6);
    close(load.monthly_cost, 1701.0);
}

#[test]
fn an_external_api_answers_in_its_latency_until_its_rate_limit() {
    // Rate limit 1 × 100 req/s, 120 ms. At 80 req/s: R = 120 ms. At 150:
    // a rate-limit violation.
    let mut api = component("stripe", ComponentKind::ExternalApi, 1, 100.0);
    api.base_latency_ms = 120.0;
    let doc = document(vec![api], vec![], &[("stripe", 80.0)]);
    let report = engine::solve(&doc);
    close(report.components[0].response_time().unwrap(), 0.12);
    let report = engine::Analysis::new(&doc).report_at(150.0 / 80.0);
    assert_eq!(
        report.violations,
        vec![Violation::RateLimit { component: "stripe".into(), rate: 150.0, limit: 100.0 }]
    );
}

#[test]
fn growth_overrides_and_the_peak_factor_scale_what_arrives() {
    // Entry 10 req/s, peak factor 2, growth 5: the site sees 100 req/s.
    // Search grows 10× as fast: it gets 0.5 × 100 × 10 = 500 req/s and
    // passes 1 call each to its index: 500.
    let mut doc = document(
        vec![
            component("site", ComponentKind::Service, 8, 100.0),
            component("search", ComponentKind::Service, 8, 100.0),
            component("index", ComponentKind::Database, 1, 1_000.0),
        ],
        vec![
            call("site", "search", 0.5, CallKind::Call, CallMode::Sync),
            call("search", "index", 1.0, CallKind::Read, CallMode::Sync),
        ],
        &[("site", 10.0)],
    );
    doc.scenario.peak_factor = 2.0;
    doc.scenario.growth = 5.0;
    doc.scenario.growth_overrides.push(headroom::model::GrowthOverride { component: "search".into(), factor: 10.0 });
    let report = check(&doc, &[("site", 100.0), ("search", 500.0), ("index", 500.0)]);
    close(report.dependencies[0].rate, 500.0);
}

#[test]
fn cost_totals_per_million_requests_and_right_sizing() {
    // A service of 4 × $70 at 30 req/s of 4 × 100: ρ = 0.075 < 20%.
    // One instance would do (⌈30 / 70⌉ = 1): saving 3 × $70 = $210.
    // A flat day at 30 req/s is 30 × 2 592 000 = 77.76 M requests a month:
    // $280 / 77.76 = $3.60 per million.
    let mut doc = document(vec![component("svc", ComponentKind::Service, 4, 100.0)], vec![], &[("svc", 30.0)]);
    doc.scenario.daily_profile = vec![1.0; 24];
    let report = engine::solve(&doc);
    close(report.cost.monthly_total, 280.0);
    close(report.cost.monthly_requests, 77_760_000.0);
    close(report.cost.per_million_requests.unwrap(), 280.0 / 77.76);
    let sizing = report.components[0].right_sizing.clone().unwrap();
    assert_eq!(sizing.instances_needed, 1);
    close(sizing.monthly_saving, 210.0);
    close(report.cost.right_sizing_saving, 210.0);
}

#[test]
fn an_autoscaled_service_pays_for_the_instances_it_runs_each_hour() {
    // 2..6 instances of 150 req/s, peak 600 req/s, a day of 12 hours at
    // the peak and 12 at a sixth of it (100 req/s): ⌈600/105⌉ = 6 and
    // max(2, ⌈100/105⌉) = 2, so 4 instances on average × $70 = $280.
    let mut web = component("web", ComponentKind::Service, 2, 150.0);
    web.max_instances = Some(6);
    let mut doc = document(vec![web], vec![], &[("web", 600.0)]);
    doc.scenario.daily_profile = (0..24).map(|h| if h < 12 { 1.0 } else { 1.0 / 6.0 }).collect();
    let report = engine::solve(&doc);
    close(report.components[0].monthly_cost, 280.0);
}

#[test]
fn a_plain_call_passes_reads_and_writes_on_as_they_are() {
    // app → pooler: 1.5 reads and 0.2 writes per request; pooler → db is
    // a plain call, so the database still sees 150 reads and 20 writes:
    // the primary takes the 20 writes, each of 2 replicas 75 + 20 = 95.
    let doc = document(
        vec![
            component("app", ComponentKind::Service, 8, 100.0),
            component("pooler", ComponentKind::ConnectionPooler, 1, 10_000.0),
            database("db", 1, 100.0, 2, false),
        ],
        vec![
            call("app", "pooler", 1.5, CallKind::Read, CallMode::Sync),
            call("app", "pooler", 0.2, CallKind::Write, CallMode::Sync),
            call("pooler", "db", 1.0, CallKind::Call, CallMode::Sync),
        ],
        &[("app", 100.0)],
    );
    let report = check(&doc, &[("pooler", 170.0), ("db", 170.0)]);
    let db = report.component(&"db".into()).unwrap();
    close(db.read_rate, 150.0);
    close(db.write_rate, 20.0);
    close(db.tiers[0].arrival_rate, 20.0);
    close(db.tiers[1].arrival_rate, 95.0);
}

#[test]
fn load_too_large_for_any_number_is_saturated_never_healthy() {
    // The bug: a load that overflowed (inf, or NaN from inf × 0) showed a
    // component "ok at 0.0%". Each value here is within its bound; only
    // their product along a chain of 90 calls overflows.
    let n = 90;
    let components: Vec<Component> = (0..n).map(|i| component(&format!("s{i}"), ComponentKind::Service, 1, 1e9)).collect();
    let calls = (1..n).map(|i| call(&format!("s{}", i - 1), &format!("s{i}"), 1e4, CallKind::Call, CallMode::Sync)).collect();
    let doc = document(components, calls, &[("s0", 1e9)]);
    assert_eq!(doc.validate(), Ok(()));
    let report = engine::solve(&doc);
    let last = report.component(&format!("s{}", n - 1).as_str().into()).unwrap();
    assert!(!last.arrival_rate.is_finite());
    assert_eq!(last.status, Status::Saturated);
    for load in &report.components {
        assert!(load.status != Status::Ok || load.utilisation.is_finite(), "{} is ok at {}", load.id, load.utilisation);
    }
    let text = headroom::words::headline::headline(&doc, &report, &[]);
    assert!(!text.contains("inf") && !text.contains("NaN"), "{text}");
}

//! Modules and extraction verdicts on constructed cases whose answers are
//! worked out by hand: clearly justified, clearly not, and justified only
//! by a database connection limit.

use headroom::engine::{Analysis, Verdict};
use headroom::words::extraction::{reason_text, violation_text};
use headroom::model::{
    CallKind, CallMode, Component, ComponentKind, Dependency, Document, EntryPoint, GrowthOverride,
    ModuleSettings, Scenario, SCHEMA_VERSION,
};

fn close(got: f64, expected: f64) {
    assert!((got - expected).abs() <= 1e-9 * expected.abs().max(1.0), "got {got}, expected {expected}");
}

/// A host (own handling 2 ms, 1 instance minimum, $100 per instance,
/// 500 MB runtime in 4 GB instances, pool 10) with modules given as
/// (id, cpu ms, memory MB, calls per host request, calls the db per
/// request), and a Postgres allowing `max_connections`.
fn monolith(modules: &[(&str, f64, f64, f64, f64)], entry: f64, max_connections: u32) -> Document {
    let mut host = Component {
        instances: 1,
        throughput_per_instance: 500.0,
        max_instances: Some(1_000),
        monthly_cost_per_instance: 100.0,
        connection_pool: Some(10),
        memory_mb: Some(500.0),
        instance_memory_mb: Some(4_096.0),
        ..Component::with_defaults("host", "Host", ComponentKind::Service)
    };
    host.base_latency_ms = 0.0;
    let mut components = vec![host];
    let mut db = Component { instances: 64, throughput_per_instance: 1_000.0, ..Component::with_defaults("db", "DB", ComponentKind::Database) };
    if let Some(settings) = db.database.as_mut() {
        settings.max_connections = max_connections;
    }
    let dependency = |from: &str, to: &str, calls: f64| Dependency {
        id: format!("{from}-{to}").into(),
        from: from.into(),
        to: to.into(),
        calls,
        kind: CallKind::Call,
        mode: CallMode::Sync,
        deferrable: false,
        routing: headroom::model::Routing::Calls,
        repeat_share: None,
    };
    let mut dependencies = vec![dependency("host", "db", 1.0)];
    for &(id, cpu, memory, calls, db_calls) in modules {
        components.push(Component {
            module: Some(ModuleSettings { host: "host".into(), cpu_ms_per_request: cpu }),
            memory_mb: Some(memory),
            base_latency_ms: 0.0,
            ..Component::with_defaults(id, id, ComponentKind::Module)
        });
        dependencies.push(dependency("host", id, calls));
        if db_calls > 0.0 {
            dependencies.push(dependency(id, "db", db_calls));
        }
    }
    components.push(db);
    let doc = Document {
        schema_version: SCHEMA_VERSION,
        name: "monolith".into(),
        components,
        dependencies,
        scenario: Scenario::new("test", vec![EntryPoint::new("host", entry)]),
        decisions: Vec::new(),
        options: Vec::new(),
        migrations: Vec::new(),
        positions: Default::default(),
    };
    doc.validate().expect("valid test document");
    doc
}

#[test]
fn a_host_carries_the_cpu_time_of_its_modules() {
    // 1000 req/s: own 2 ms + auth 1.5 ms + catalog 5.5 ms + 10% × 30 ms
    // checkout = 12 ms → 12 CPU-seconds per second. At the 70% comfort
    // line it runs ⌈12 / 0.7⌉ = 18 instances: ρ = 12 / 18.
    let doc = monolith(
        &[("auth", 1.5, 100.0, 1.0, 0.0), ("catalog", 5.5, 100.0, 1.0, 0.0), ("checkout", 30.0, 100.0, 0.1, 0.0)],
        1_000.0,
        1_000,
    );
    let report = Analysis::new(&doc).report_at(1.0);
    let host = report.component(&"host".into()).unwrap();
    assert_eq!(host.instances, 18);
    close(host.utilisation, 12.0 / 18.0);
    // Modules share the host's utilisation and are not ranked on their own.
    let checkout = report.component(&"checkout".into()).unwrap();
    close(checkout.utilisation, 12.0 / 18.0);
    assert_eq!(checkout.hosted_by.as_ref().map(|h| h.as_str()), Some("host"));
    assert!(report.ranking.iter().all(|r| r.component.as_str() != "checkout"));
    // A checkout request waits in the host's queue, then takes 30 ms.
    let host_wait = host.queueing.unwrap().wait_time;
    close(checkout.response_time().unwrap(), host_wait + 0.030);
    // The host saturates where 1000 instances are full: 1000 / 12 = 83.3x.
    close(host.saturates_at.unwrap(), 1_000.0 / 12.0);
}

#[test]
fn a_hot_heavy_module_is_clearly_worth_extracting() {
    // Search takes 40 ms and grows 10× as fast as the rest (30 req/s →
    // 300 at 1x): kept, the host does 100 × 2 ms + 300 × 40 ms = 12.2
    // CPU-s/s → ⌈17.43⌉ = 18 instances × $100 = $1,800. Extracted: host
    // ⌈0.2/0.7⌉ = 1 × $100; search ⌈12/0.7⌉ = 18 instances on 1 GB of
    // 4 GB... priced by memory: runtime 500 + search 500 = 1000 of
    // 500 + 500 + 2000 (reports) = 3000 MB → $33.33 each = $600, plus $400
    // overhead: $1,100 < $1,800.
    let mut doc = monolith(&[("search", 40.0, 500.0, 0.3, 0.0), ("reports", 1.0, 2_000.0, 0.1, 0.0)], 100.0, 1_000);
    doc.scenario.growth_overrides.push(GrowthOverride { component: "search".into(), factor: 10.0 });
    // A flat day: an autoscaled host pays for what it runs hour by hour
    // (as its row in the results table does), and here every hour is the peak.
    doc.scenario.daily_profile = vec![1.0; 24];
    let analysis = Analysis::new(&doc);
    let verdict = analysis.extraction_verdict(1, 1.0).unwrap();
    // Reports: 100 × 0.1 × 1 ms = 0.01 more CPU-s/s on the host: 12.21.
    assert_eq!(verdict.keep.host_instances, 18);
    close(verdict.keep.monthly_cost, 1_800.0);
    // Kept, the figures are the host's row's (issue 12: one figure from one place).
    let row = analysis.report_at(1.0).components.into_iter().find(|c| c.id.as_str() == "host").unwrap();
    assert_eq!((verdict.keep.host_instances, verdict.keep.running_monthly_cost), (row.instances, row.monthly_cost));
    assert_eq!((verdict.extract.host_instances, verdict.extract.module_instances), (1, 18));
    close(verdict.extract.monthly_cost, 100.0 + 18.0 * 100.0 / 3.0 + 400.0);
    assert!(matches!(verdict.verdict, Verdict::Justified { .. }), "{:?}", verdict.verdict);
    // Each entering request reaches search 0.3 × 10 = 3 times (its growth
    // override multiplies its visits too): 3 × 2 ms more.
    close(verdict.added_latency_ms, 6.0);
}

#[test]
fn a_module_that_grows_with_its_host_is_not_worth_extracting() {
    // Same module without the growth override: it grows with the host, so
    // a split only adds a service and a hop, whatever it costs.
    let doc = monolith(&[("search", 40.0, 500.0, 0.3, 0.0), ("reports", 1.0, 2_000.0, 0.1, 0.0)], 100.0, 1_000);
    let verdict = Analysis::new(&doc).extraction_verdict(1, 1.0).unwrap();
    assert!(matches!(verdict.verdict, Verdict::NotJustified { .. }), "{:?}", verdict.verdict);
    close(verdict.relative_growth, 1.0);
}

#[test]
fn extraction_can_be_justified_by_the_connection_limit_alone() {
    // Search (no database access, same memory as the host's other code so
    // no cheaper instances) grows 10× as fast. Kept: the host scales to
    // ⌈(100 × 2 ms + 300 × 40 ms) / 0.7⌉ = 18 instances × pool 10 = 180
    // connections > 150. Extracted: the host needs 1 instance (10
    // connections) and search holds none: it fits. The split costs more
    // ($100 + 18 × $100 + $400 overhead = $2,300 vs $1,800), so the
    // connection limit is the only reason.
    let mut doc = monolith(&[("search", 40.0, 0.0, 0.3, 0.0)], 100.0, 150);
    if let Some(host) = doc.components.iter_mut().find(|c| c.id.as_str() == "host") {
        host.memory_mb = None;
        host.instance_memory_mb = None;
    }
    for component in &mut doc.components {
        component.memory_mb = None;
    }
    doc.scenario.growth_overrides.push(GrowthOverride { component: "search".into(), factor: 10.0 });
    let verdict = Analysis::new(&doc).extraction_verdict(1, 1.0).unwrap();
    assert_eq!(verdict.keep.connections[0].1, 180);
    assert_eq!(verdict.extract.connections[0].1, 10);
    assert!(verdict.extract.monthly_cost > verdict.keep.monthly_cost);
    match &verdict.verdict {
        Verdict::Justified { reason } => assert_eq!(
            reason_text(&doc, reason),
            "it removes a limit the monolith cannot meet: DB needs 180 connections, 150 allowed"
        ),
        other => panic!("expected justified, got {other:?}"),
    }
}

#[test]
fn the_modular_monolith_template_names_search_and_when_it_pays() {
    let doc = headroom::model::templates::modular_monolith();
    let analysis = Analysis::new(&doc);
    let at = |g: f64| analysis.extraction_verdicts(g);
    let search = |verdicts: Vec<headroom::engine::ExtractionVerdict>| {
        verdicts.into_iter().find(|v| v.module.as_str() == "search").unwrap().verdict
    };
    let Verdict::NotYet { pays_from } = search(at(1.0)) else { panic!("search at 1x: {:?}", search(at(1.0))) };
    // Issue 12 (c): the kept side is the Monolith's row in the results
    // table at every growth, below its maximum of 12 and past it (where
    // the need is said beside it and counts as broken).
    for g in [1.0, 3.0, 10.0, 50.0] {
        let row = analysis.report_at(g).components.into_iter().find(|c| c.id.as_str() == "monolith").unwrap();
        for verdict in at(g) {
            assert_eq!(verdict.keep.host_instances, row.instances, "at {g}");
            close(verdict.keep.running_monthly_cost, row.monthly_cost);
            let capped = verdict.keep.host_instances_needed > row.instances;
            // It needs more than 12 from 12 × 0.7 / 5.565 = 1.51× on.
            assert_eq!(capped, g > 1.51, "at {g}");
            assert_eq!(verdict.keep.violations.iter().any(|v| violation_text(&doc, v).starts_with("Monolith needs")), capped, "at {g}");
        }
    }
    // "Pays from" is where the split wins for good, wherever the dial is:
    // the same answer below it, "justified" everywhere past it.
    assert!(matches!(search(at(1.5)), Verdict::NotYet { pays_from: p } if (p - pays_from).abs() < 1e-6));
    for k in 1..=40 {
        let g = pays_from * (1000.0 / pays_from).powf(f64::from(k) / 40.0) * 0.999_999;
        assert!(matches!(search(at(g)), Verdict::Justified { .. }), "search at {g}: {:?}", search(at(g)));
    }
    assert!(matches!(search(at(5.0)), Verdict::Justified { .. }));
    // Auth and catalog grow with the monolith: not justified at any growth,
    // and when memory-sized instances make the split a little cheaper the
    // reason says by how much instead of claiming it only adds cost.
    for g in [1.0, 5.0, 10.0, 100.0] {
        for verdict in at(g).into_iter().filter(|v| v.module.as_str() != "search") {
            let Verdict::NotJustified { reason } = &verdict.verdict else { panic!("{} at {g}: {:?}", verdict.module, verdict.verdict) };
            let reason = reason_text(&doc, reason);
            let saves = verdict.extract.monthly_cost < verdict.keep.monthly_cost;
            assert_eq!(reason.contains("it saves only $"), saves, "{} at {g}: {reason}", verdict.module);
        }
    }
}

//! The resilience table on the sample and every template: the verdict's
//! words, and that no failure ever adds headroom or takes latency away.

use headroom::engine::{headroom_one_instance_lost, resilience_table, solve, with_failure, Analysis, Failure, Limit};
use headroom::model::{mvp_that_creaks, templates, Document};

fn documents() -> Vec<(String, Document)> {
    let mut docs = vec![("sample".to_owned(), mvp_that_creaks())];
    for template in templates::TEMPLATES {
        docs.push((template.id.to_owned(), (template.build)()));
    }
    docs
}

fn index(doc: &Document, id: &str) -> usize {
    doc.components.iter().position(|c| c.id.as_str() == id).unwrap()
}

/// At launch traffic the sample's only redundant parts are the web app
/// (2 instances) and the workers (4): losing one costs nothing, since
/// Postgres runs out of connections at 3.5× either way. A cold Redis
/// sends all 240 reads a second to Postgres: 1.39×.
#[test]
fn the_samples_verdict() {
    let doc = mvp_that_creaks();
    let table = resilience_table(&doc, doc.scenario.growth);
    assert_eq!(
        headroom::words::resilience::resilience_verdict(&doc, &table),
        "Single points of failure: Load balancer, Postgres, Redis cache and Job queue (nothing to fail over to). \
         Survives the loss of one instance of any other component up to 3.5×, as far as with nothing lost. \
         Worst failure: a cold Redis cache takes Postgres down at 1.39×."
    );
    let cold = table.rows.iter().find(|r| r.failure == Failure::CacheCold).unwrap();
    assert_eq!(cold.breaks_first.as_ref().map(|id| id.as_str()), Some("postgres"));
    assert!(cold.holds);
    // Every read now waits for Postgres too: 18.8 ms → 40.3 ms.
    let (before, after) = (cold.latency_before.unwrap(), cold.latency_after.unwrap());
    assert!((before * 1000.0 - 18.84).abs() < 0.01 && (after * 1000.0 - 40.27).abs() < 0.01, "{before} → {after}");
    // Two workers fewer hold twenty connections fewer, so Postgres would
    // next saturate on CPU at 4.17×; the table keeps the 3.5× it must
    // survive without the failure.
    let zone = table.rows.iter().find(|r| matches!(r.failure, Failure::ZoneLost { lost: 2 })).unwrap();
    assert!((zone.headroom.unwrap() - 3.5).abs() < 1e-9);
    assert_eq!(zone.limit, Some(Limit::Connections));
}

/// The scaled web app's CDN answers 85% of 2000 req/s; cold, the rest of
/// the system gets 6.7 times the traffic and Postgres is past its limit
/// at today's load.
#[test]
fn the_scaled_web_apps_verdict() {
    let doc = templates::scaled_web_app();
    let table = resilience_table(&doc, doc.scenario.growth);
    assert_eq!(
        headroom::words::resilience::resilience_verdict(&doc, &table),
        "Single points of failure: CDN, Redis, PgBouncer and Job queue (nothing to fail over to). \
         Survives the loss of one instance of any other component up to 4.71×, as far as with nothing lost. \
         Worst failure: a cold CDN takes Postgres down at 0.706×, below the current 1×."
    );
    let replica = table.rows.iter().find(|r| r.failure == Failure::ReplicaLost).unwrap();
    assert!((replica.headroom.unwrap() - 4.0).abs() < 1e-9, "{replica:?}");
}

/// The modular monolith's host carries every module: with one of its
/// three instances lost (and its ceiling at 11) it breaks first itself.
#[test]
fn the_modular_monoliths_verdict() {
    let doc = templates::modular_monolith();
    let table = resilience_table(&doc, doc.scenario.growth);
    assert_eq!(
        headroom::words::resilience::resilience_verdict(&doc, &table),
        "Single points of failure: Load balancer and Postgres (nothing to fail over to). \
         Survives the loss of one instance of any other component up to 1.98× \
         (with one Monolith instance lost, Monolith itself breaks first; 2.16× with nothing lost)."
    );
}

/// An autoscaler loses the instance from its ceiling too.
#[test]
fn an_autoscaler_loses_the_instance_from_its_ceiling() {
    let doc = mvp_that_creaks();
    let web = index(&doc, "web");
    let failed = with_failure(&doc, web, &Failure::InstanceLost).unwrap();
    assert_eq!((failed.components[web].instances, failed.components[web].max_instances), (1, Some(5)));
    assert!(with_failure(&doc, index(&doc, "postgres"), &Failure::InstanceLost).is_none());
}

/// Every failure on every template at several growths: the system's
/// headroom under it is never above the headroom without it; no
/// component's own throughput limit comes sooner without the failure; a
/// limit only a failure relieves is a connection limit (fewer instances,
/// fewer connections); and no entry point gets faster.
#[test]
fn no_failure_adds_headroom_or_speed() {
    for (name, doc) in documents() {
        for growth in [0.5, 1.0, 2.0, 4.0] {
            let table = resilience_table(&doc, growth);
            let intact = table.headroom.unwrap_or(f64::INFINITY);
            let before = Analysis::new(&doc).report_at(growth);
            for row in &table.rows {
                let what = format!("{name} at {growth}×: {} {:?}", row.component, row.failure);
                let headroom = row.headroom.unwrap_or(f64::INFINITY);
                assert!(headroom <= intact * (1.0 + 1e-12), "{what}: {headroom} > {intact}");
                for (change, after) in row.entry_latency.iter().map(|c| (c.before, c.after)) {
                    let (b, a) = (change.unwrap_or(f64::INFINITY), after.unwrap_or(f64::INFINITY));
                    assert!(a >= b * (1.0 - 1e-12), "{what}: latency {b} → {a}");
                }
                let i = index(&doc, row.component.as_str());
                let Some(failed) = with_failure(&doc, i, &row.failure) else {
                    assert!(row.outage && !row.holds && row.headroom == Some(0.0), "{what}");
                    continue;
                };
                let after = Analysis::new(&failed).report_at(growth);
                for (b, a) in before.components.iter().zip(&after.components) {
                    let (b, a) = (b.saturates_at.unwrap_or(f64::INFINITY), a.saturates_at.unwrap_or(f64::INFINITY));
                    assert!(a <= b * (1.0 + 1e-12), "{what}: {} saturates at {a} instead of {b}", row.component);
                }
                if after.headroom().unwrap_or(f64::INFINITY) > intact * (1.0 + 1e-12) {
                    assert_eq!(before.bottleneck().map(|s| s.limit), Some(Limit::Connections), "{what}");
                }
                if row.failure == Failure::InstanceLost {
                    // The node's own figure is never below the system's.
                    let mut at = doc.clone();
                    at.scenario.growth = growth;
                    let own = headroom_one_instance_lost(&at, i);
                    assert!(headroom <= own * (1.0 + 1e-12), "{what}: system {headroom} above its own {own}");
                }
            }
            if let Some(until) = table.verdict.one_instance_lost_until {
                assert!(until <= intact * growth * (1.0 + 1e-12), "{name} at {growth}×");
            }
        }
    }
}

/// Every component with traffic and a single instance of a kind that can
/// lose one is named as a single point of failure, by its name.
#[test]
fn single_instances_are_named_as_single_points_of_failure() {
    use headroom::model::ComponentKind::{Database, ExternalApi, Function, Module};
    for (name, doc) in documents() {
        let table = resilience_table(&doc, doc.scenario.growth);
        let words = headroom::words::resilience::resilience_verdict(&doc, &table);
        let report = solve(&doc);
        for (component, load) in doc.components.iter().zip(&report.components) {
            let kind = component.kind;
            let single = component.instances == 1 && !matches!(kind, Database | ExternalApi | Function | Module);
            let unreplicated = kind == Database && component.database.as_ref().is_some_and(|d| d.read_replicas == 0);
            if load.arrival_rate > 0.0 && (single || unreplicated) {
                assert!(table.verdict.single_points_of_failure.contains(&component.id), "{name}: {}", component.id);
                assert!(words.contains(&component.name), "{name}: {words}");
            }
        }
    }
}

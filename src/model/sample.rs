//! The sample the page opens with: an MVP that is starting to creak.

use super::{
    CallKind, CallMode, Component, ComponentKind, Dependency, Document, EntryPoint, Routing, Scenario,
    SCHEMA_VERSION,
};

/// A load balancer in front of two web instances that autoscale to six, a
/// Redis cache on the read path, one Postgres, and a queue feeding a
/// background worker that also writes to Postgres. At 120 requests/s it is
/// comfortable; the database is the first to go as it grows.
pub fn mvp_that_creaks() -> Document {
    let component = |id: &str, name: &str, kind, instances, throughput, latency_ms, cost| Component {
        instances,
        throughput_per_instance: throughput,
        base_latency_ms: latency_ms,
        monthly_cost_per_instance: cost,
        ..Component::with_defaults(id, name, kind)
    };
    let mut web = component("web", "Web app", ComponentKind::Service, 2, 150.0, 5.0, 70.0);
    web.max_instances = Some(6);
    // Fifteen connections per web instance and ten per worker: fine at
    // launch (70 of Postgres' 100), but autoscaling the web tier runs the
    // database out of connections before it runs out of CPU.
    web.connection_pool = Some(15);
    let mut redis = component("redis", "Redis cache", ComponentKind::Cache, 1, 20_000.0, 0.5, 90.0);
    redis.hit_ratio = Some(0.8);

    let dependency = |from: &str, to: &str, calls, kind, mode| {
        Dependency::new(format!("{from}-{to}"), from, to, calls, kind, mode)
    };

    Document {
        schema_version: SCHEMA_VERSION,
        name: "MVP that creaks".to_owned(),
        components: vec![
            component("lb", "Load balancer", ComponentKind::LoadBalancer, 1, 10_000.0, 1.0, 25.0),
            web,
            component("postgres", "Postgres", ComponentKind::Database, 1, 400.0, 2.0, 400.0),
            redis,
            component("queue", "Job queue", ComponentKind::Queue, 1, 5_000.0, 2.0, 80.0),
            component("worker", "Background worker", ComponentKind::WorkerPool, 4, 25.0, 0.0, 70.0),
        ],
        dependencies: vec![
            // The balancer sends all its traffic to the web tier.
            Dependency { routing: Routing::Share, ..dependency("lb", "web", 1.0, CallKind::Call, CallMode::Sync) },
            dependency("web", "redis", 2.0, CallKind::Read, CallMode::Sync),
            dependency("redis", "postgres", 1.0, CallKind::Read, CallMode::Sync),
            dependency("web", "postgres", 0.3, CallKind::Write, CallMode::Sync),
            dependency("web", "queue", 0.1, CallKind::Write, CallMode::Async),
            dependency("queue", "worker", 1.0, CallKind::Call, CallMode::Async),
            dependency("worker", "postgres", 1.0, CallKind::Write, CallMode::Sync),
        ],
        scenario: Scenario::new(
            "Launch traffic",
            vec![EntryPoint::new("lb", 120.0)],
        ),
        decisions: Vec::new(),
        options: Vec::new(),
        migrations: Vec::new(),
        positions: Default::default(),
    }
}

/// The sample at 5× with one option, "More connections": Postgres'
/// `max_connections` raised from 100 to 300. At 5× the main line is out of
/// connections (they run out at 3.5×) and the option is limited by
/// Postgres' CPU instead (4.17×): the fixture of the comparison tests.
#[cfg(test)]
pub fn mvp_with_more_connections_option() -> Document {
    let mut doc = mvp_that_creaks();
    doc.scenario.growth = 5.0;
    let mut option = super::DesignOption::fork(&doc, "more-connections", "More connections");
    if let Some(db) = option.components.iter_mut().find_map(|c| c.database.as_mut().filter(|_| c.id.as_str() == "postgres")) {
        db.max_connections = 300;
    }
    doc.options.push(option);
    doc
}

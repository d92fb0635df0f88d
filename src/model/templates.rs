//! Templates: starting architectures for the situations teams are usually
//! in. Each is a complete, valid document with realistic capacities, so
//! opening one already answers "what breaks first?".

use super::{
    CallKind, CallMode, Component, ComponentKind, Dependency, Document, EntryPoint, GrowthOverride,
    ModuleSettings, Routing, Scenario, SCHEMA_VERSION,
};

/// A template as the picker lists it.
#[derive(Clone, Copy, Debug)]
pub struct Template {
    pub id: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub build: fn() -> Document,
}

/// Every template, in the order the picker shows them.
pub const TEMPLATES: [Template; 5] = [
    Template {
        id: "mvp-that-creaks",
        name: "MVP that creaks",
        description: "Load balancer, web app ×2, Postgres, a Redis cache and a background worker: the sample.",
        build: super::mvp_that_creaks,
    },
    Template {
        id: "mvp-monolith",
        name: "MVP monolith + Postgres",
        description: "One app server in front of one Postgres: where most products start.",
        build: mvp_monolith,
    },
    Template {
        id: "scaled-web-app",
        name: "Scaled web app",
        description: "CDN, load balancer, autoscaled app, Redis, PgBouncer, Postgres with read replicas, queue and workers.",
        build: scaled_web_app,
    },
    Template {
        id: "modular-monolith",
        name: "Modular monolith with a hot module",
        description: "One deployable hosting auth, catalog and search; search grows five times as fast as the rest.",
        build: modular_monolith,
    },
    Template {
        id: "event-pipeline",
        name: "Event-driven pipeline",
        description: "API gateway, ingest function, a broker, stream workers, a store and a notifier calling an email API.",
        build: event_pipeline,
    },
];

pub fn template(id: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.id == id)
}

struct Builder {
    components: Vec<Component>,
    dependencies: Vec<Dependency>,
}

impl Builder {
    fn new() -> Builder {
        Builder { components: Vec::new(), dependencies: Vec::new() }
    }

    fn add(&mut self, id: &str, name: &str, kind: ComponentKind, instances: u32, throughput: f64) -> &mut Component {
        let component = Component { instances, throughput_per_instance: throughput, ..Component::with_defaults(id, name, kind) };
        self.components.push(component);
        let last = self.components.len() - 1;
        &mut self.components[last]
    }

    /// A dependency; from a load balancer or gateway, `calls` is the
    /// share of its traffic sent this way.
    fn call(&mut self, from: &str, to: &str, calls: f64, kind: CallKind, mode: CallMode) {
        let mut dependency = Dependency::new(format!("{from}-{to}-{}", kind.label()), from, to, calls, kind, mode);
        if let Some(caller) = self.components.iter().find(|c| c.id.as_str() == from) {
            dependency.routing = Routing::for_caller(caller.kind);
        }
        self.dependencies.push(dependency);
    }

    fn finish(self, name: &str, scenario: Scenario) -> Document {
        Document {
            schema_version: SCHEMA_VERSION,
            name: name.to_owned(),
            components: self.components,
            dependencies: self.dependencies,
            scenario,
            decisions: Vec::new(),
            options: Vec::new(),
            migrations: Vec::new(),
            positions: Default::default(),
        }
    }
}

use CallKind::{Call, Read, Write};
use CallMode::{Async, Sync};

fn entry(component: &str, rate: f64) -> Vec<EntryPoint> {
    vec![EntryPoint::new(component, rate)]
}

/// One app server and one database at 40 requests/s.
pub fn mvp_monolith() -> Document {
    let mut b = Builder::new();
    b.add("app", "App server", ComponentKind::Service, 1, 120.0).connection_pool = Some(20);
    b.add("postgres", "Postgres", ComponentKind::Database, 1, 500.0);
    b.call("app", "postgres", 2.5, Read, Sync);
    b.call("app", "postgres", 0.4, Write, Sync);
    b.finish("MVP monolith + Postgres", Scenario::new("Today", entry("app", 40.0)))
}

/// The architecture most teams reach after their first scaling crisis.
pub fn scaled_web_app() -> Document {
    let mut b = Builder::new();
    b.add("cdn", "CDN", ComponentKind::Cdn, 1, 50_000.0).hit_ratio = Some(0.85);
    b.add("lb", "Load balancer", ComponentKind::LoadBalancer, 2, 10_000.0);
    {
        let app = b.add("app", "App", ComponentKind::Service, 4, 200.0);
        app.max_instances = Some(12);
        app.connection_pool = Some(10);
    }
    b.add("redis", "Redis", ComponentKind::Cache, 1, 40_000.0).hit_ratio = Some(0.9);
    {
        let pooler = b.add("pgbouncer", "PgBouncer", ComponentKind::ConnectionPooler, 1, 15_000.0);
        if let Some(settings) = pooler.pooler.as_mut() {
            settings.server_pool = 40;
        }
    }
    {
        let db = b.add("postgres", "Postgres", ComponentKind::Database, 4, 300.0);
        db.monthly_cost_per_instance = 180.0;
        if let Some(settings) = db.database.as_mut() {
            settings.read_replicas = 2;
            settings.max_connections = 200;
        }
    }
    b.add("queue", "Job queue", ComponentKind::Queue, 1, 5_000.0);
    {
        let workers = b.add("workers", "Workers", ComponentKind::WorkerPool, 4, 30.0);
        workers.max_instances = Some(10);
        workers.connection_pool = Some(5);
    }
    b.call("cdn", "lb", 1.0, Call, Sync);
    b.call("lb", "app", 1.0, Call, Sync);
    b.call("app", "redis", 3.0, Read, Sync);
    b.call("redis", "pgbouncer", 1.0, Read, Sync);
    b.call("app", "pgbouncer", 0.3, Write, Sync);
    b.call("pgbouncer", "postgres", 1.0, Call, Sync);
    b.call("app", "queue", 0.2, Write, Async);
    b.call("queue", "workers", 1.0, Call, Async);
    b.call("workers", "pgbouncer", 2.0, Write, Sync);
    b.finish("Scaled web app", Scenario::new("Peak season", entry("cdn", 2_000.0)))
}

/// A deployable with three modules; search is the hot one. The
/// monolith's own request handling takes 2 ms; every module request runs
/// on the monolith's instances for its CPU time.
pub fn modular_monolith() -> Document {
    let mut b = Builder::new();
    b.add("lb", "Load balancer", ComponentKind::LoadBalancer, 1, 10_000.0);
    {
        let host = b.add("monolith", "Monolith", ComponentKind::Service, 3, 500.0);
        host.max_instances = Some(12);
        host.connection_pool = Some(10);
        host.memory_mb = Some(600.0);
        host.instance_memory_mb = Some(2_048.0);
        host.monthly_cost_per_instance = 120.0;
    }
    for (id, name, cpu_ms, memory_mb) in [
        ("auth", "Auth module", 1.5, 150.0),
        ("catalog", "Catalog module", 6.0, 300.0),
        ("search", "Search module", 20.0, 700.0),
    ] {
        let module = b.add(id, name, ComponentKind::Module, 1, 1_000.0 / cpu_ms);
        module.module = Some(ModuleSettings { host: "monolith".into(), cpu_ms_per_request: cpu_ms });
        module.memory_mb = Some(memory_mb);
    }
    {
        let db = b.add("postgres", "Postgres", ComponentKind::Database, 4, 400.0);
        if let Some(settings) = db.database.as_mut() {
            settings.max_connections = 150;
        }
    }
    b.call("lb", "monolith", 1.0, Call, Sync);
    b.call("monolith", "auth", 1.0, Call, Sync);
    b.call("monolith", "catalog", 0.6, Call, Sync);
    b.call("monolith", "search", 0.3, Call, Sync);
    b.call("catalog", "postgres", 2.0, Read, Sync);
    b.call("search", "postgres", 0.5, Read, Sync);
    b.call("auth", "postgres", 0.2, Write, Sync);
    let mut scenario = Scenario::new("Search takes off", entry("lb", 150.0));
    scenario.growth_overrides.push(GrowthOverride { component: "search".into(), factor: 5.0 });
    b.finish("Modular monolith with a hot module", scenario)
}

/// Events in through a gateway, processed off a broker, notifications out.
pub fn event_pipeline() -> Document {
    let mut b = Builder::new();
    b.add("gateway", "API gateway", ComponentKind::ApiGateway, 2, 3_000.0);
    b.add("ingest", "Ingest function", ComponentKind::Function, 200, 20.0);
    b.add("broker", "Event broker", ComponentKind::Queue, 3, 10_000.0);
    {
        let stream = b.add("stream", "Stream workers", ComponentKind::WorkerPool, 6, 80.0);
        stream.max_instances = Some(20);
        stream.connection_pool = Some(4);
    }
    {
        let store = b.add("store", "Events store", ComponentKind::Database, 4, 500.0);
        if let Some(settings) = store.database.as_mut() {
            settings.shards = 2;
        }
    }
    b.add("notifier", "Notifier function", ComponentKind::Function, 50, 15.0);
    {
        let email = b.add("email", "Email API", ComponentKind::ExternalApi, 1, 100.0);
        email.base_latency_ms = 180.0;
    }
    b.call("gateway", "ingest", 1.0, Call, Sync);
    b.call("ingest", "broker", 1.0, Write, Async);
    b.call("broker", "stream", 1.0, Call, Async);
    b.call("stream", "store", 1.0, Write, Sync);
    b.call("broker", "notifier", 0.1, Call, Async);
    b.call("notifier", "email", 1.0, Call, Sync);
    b.finish("Event-driven pipeline", Scenario::new("Launch", entry("gateway", 400.0)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::solve;

    #[test]
    fn every_template_is_valid_and_has_a_bottleneck() {
        for template in TEMPLATES {
            let doc = (template.build)();
            assert_eq!(doc.validate(), Ok(()), "{}", template.id);
            let report = solve(&doc);
            assert!(report.warnings.is_empty(), "{}: {:?}", template.id, report.warnings);
            let bottleneck = report.bottleneck().unwrap_or_else(|| panic!("{} has no bottleneck", template.id));
            // Comfortable today: nothing is past its limit at 1x.
            assert!(bottleneck.saturates_at > 1.0, "{}: {bottleneck:?}", template.id);
            assert!(super::template(template.id).is_some());
        }
    }
}

//! A component: one box on the canvas, with the capacity it declares.

use serde::{Deserialize, Serialize};

use super::observation::Observation;
use super::readiness::ReadinessMark;
use super::settings::{CachePolicy, DatabaseSettings, FunctionSettings, ModuleSettings, PoolerSettings};
use super::{ComponentId, ComponentKind};

/// A box in the architecture and what it can carry.
///
/// Capacity is `instances × throughput_per_instance` requests per second;
/// each instance is modelled as one server of an M/M/c queue with service
/// rate `throughput_per_instance`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Component {
    pub id: ComponentId,
    pub name: String,
    pub kind: ComponentKind,
    /// Instances running at 1x (the autoscaling minimum when `max_instances`
    /// is larger).
    pub instances: u32,
    /// Requests per second one instance serves (μ).
    pub throughput_per_instance: f64,
    /// Autoscaling ceiling. `None` means the component does not scale by
    /// itself: it runs `instances` whatever the load.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_instances: Option<u32>,
    /// Fixed latency added to every request (network, disk), in
    /// milliseconds, that does not occupy an instance.
    #[serde(default)]
    pub base_latency_ms: f64,
    /// Monthly price of one instance, in dollars.
    #[serde(default)]
    pub monthly_cost_per_instance: f64,
    /// Share of reads a cache or CDN answers itself (0..=1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hit_ratio: Option<f64>,
    /// Cache or CDN: write policy, TTL and invalidation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache: Option<CachePolicy>,
    /// Relational database: replicas, shards, connection limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<DatabaseSettings>,
    /// Connections each instance keeps open to every database or pooler it
    /// calls (its client pool size).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_pool: Option<u32>,
    /// Connection pooler: server pool and client limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pooler: Option<PoolerSettings>,
    /// Function: cold starts and price per invocation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function: Option<FunctionSettings>,
    /// Module of a modular monolith: its host and CPU time per request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub module: Option<ModuleSettings>,
    /// Memory one instance needs for this component's code and data, MB
    /// (for a module: what it adds to each host instance).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_mb: Option<f64>,
    /// Memory one instance has, MB; the host's footprint plus its modules'
    /// must fit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_memory_mb: Option<f64>,
    /// External API: dollars per million calls it answers, on top of any
    /// flat price per key (`monthly_cost_per_instance`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_per_million_calls: Option<f64>,
    /// Squared coefficient of variation of one request's service time:
    /// 1 is exponential (the M/M/c default), 0 every request alike, 4 a
    /// heavy tail. `None` reads as 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_scv: Option<f64>,
    /// Whether this component makes its synchronous calls concurrently
    /// and waits for the slowest, instead of one after another.
    #[serde(default, skip_serializing_if = "is_false")]
    pub parallel_calls: bool,
    /// What monitoring showed at a known rate; when present the engine
    /// derives the throughput per instance from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<Observation>,
    /// The reliability checklist's items the team has marked done or not
    /// needed (`model::readiness`); every other item it asks for is open.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub readiness: Vec<ReadinessMark>,
    /// Where the user placed the box; `None` lets the layout decide.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Point>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl Component {
    /// A component of `kind` with that kind's realistic defaults.
    pub fn with_defaults(id: impl Into<ComponentId>, name: impl Into<String>, kind: ComponentKind) -> Self {
        let defaults = kind.default_capacity();
        Component {
            id: id.into(),
            name: name.into(),
            kind,
            instances: defaults.instances,
            throughput_per_instance: defaults.throughput_per_instance,
            max_instances: None,
            base_latency_ms: defaults.base_latency_ms,
            monthly_cost_per_instance: defaults.monthly_cost_per_instance,
            hit_ratio: defaults.hit_ratio,
            cache: kind.serves_hits().then(CachePolicy::default),
            database: (kind == ComponentKind::Database).then(DatabaseSettings::default),
            connection_pool: defaults.connection_pool,
            pooler: (kind == ComponentKind::ConnectionPooler).then(PoolerSettings::default),
            function: (kind == ComponentKind::Function).then(FunctionSettings::default),
            module: None,
            memory_mb: None,
            instance_memory_mb: None,
            price_per_million_calls: None,
            service_scv: None,
            parallel_calls: false,
            observed: None,
            readiness: Vec::new(),
            position: None,
        }
    }

    /// The most instances this component can ever run. Kinds that we do
    /// not scale ourselves (a database node, an external API) run exactly
    /// `instances`.
    pub fn instance_ceiling(&self) -> u32 {
        if !self.kind.can_autoscale() {
            return self.instances;
        }
        self.max_instances.unwrap_or(self.instances).max(self.instances)
    }

    /// Whether the component adds instances under load.
    pub fn autoscales(&self) -> bool {
        self.instance_ceiling() > self.instances
    }

    /// The host of a module, when it has one.
    pub fn host(&self) -> Option<&ComponentId> {
        match (&self.module, self.kind) {
            (Some(module), ComponentKind::Module) => Some(&module.host),
            _ => None,
        }
    }

    /// The service-time variability the engine applies (1: exponential).
    pub fn service_variability(&self) -> f64 {
        self.service_scv.unwrap_or(1.0)
    }

    /// The hit ratio the engine applies: only caches and CDNs serve hits.
    pub fn effective_hit_ratio(&self) -> f64 {
        if self.kind.serves_hits() {
            self.hit_ratio.unwrap_or(0.0)
        } else {
            0.0
        }
    }
}

/// A position on the canvas, in canvas units.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

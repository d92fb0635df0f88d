//! Component kinds: what each kind of box does to traffic, and the
//! defaults a newly drawn box of that kind starts from.

use serde::{Deserialize, Serialize};

/// What a component is. The kind decides which parameters apply (a hit
/// ratio only means something for a cache or CDN) and how the engine
/// treats the traffic passing through it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComponentKind {
    Service,
    Module,
    LoadBalancer,
    ApiGateway,
    Cdn,
    Cache,
    Database,
    ConnectionPooler,
    Queue,
    WorkerPool,
    Function,
    ExternalApi,
}

impl ComponentKind {
    pub const ALL: [ComponentKind; 12] = [
        ComponentKind::Service,
        ComponentKind::Module,
        ComponentKind::LoadBalancer,
        ComponentKind::ApiGateway,
        ComponentKind::Cdn,
        ComponentKind::Cache,
        ComponentKind::Database,
        ComponentKind::ConnectionPooler,
        ComponentKind::Queue,
        ComponentKind::WorkerPool,
        ComponentKind::Function,
        ComponentKind::ExternalApi,
    ];

    /// The name a person reads in the palette and the inspector.
    pub fn label(self) -> &'static str {
        match self {
            ComponentKind::Service => "Service",
            ComponentKind::Module => "Module",
            ComponentKind::LoadBalancer => "Load balancer",
            ComponentKind::ApiGateway => "API gateway",
            ComponentKind::Cdn => "CDN",
            ComponentKind::Cache => "Cache",
            ComponentKind::Database => "Relational database",
            ComponentKind::ConnectionPooler => "Connection pooler",
            ComponentKind::Queue => "Queue",
            ComponentKind::WorkerPool => "Worker pool",
            ComponentKind::Function => "Function",
            ComponentKind::ExternalApi => "External API",
        }
    }

    /// The identifier used in files (`"load_balancer"`).
    pub fn slug(self) -> &'static str {
        match self {
            ComponentKind::Service => "service",
            ComponentKind::Module => "module",
            ComponentKind::LoadBalancer => "load_balancer",
            ComponentKind::ApiGateway => "api_gateway",
            ComponentKind::Cdn => "cdn",
            ComponentKind::Cache => "cache",
            ComponentKind::Database => "database",
            ComponentKind::ConnectionPooler => "connection_pooler",
            ComponentKind::Queue => "queue",
            ComponentKind::WorkerPool => "worker_pool",
            ComponentKind::Function => "function",
            ComponentKind::ExternalApi => "external_api",
        }
    }

    pub fn from_slug(slug: &str) -> Option<ComponentKind> {
        ComponentKind::ALL.into_iter().find(|kind| kind.slug() == slug)
    }

    /// Caches and CDNs answer a share of reads themselves and forward only
    /// the misses; every other kind forwards everything it receives.
    pub fn serves_hits(self) -> bool {
        matches!(self, ComponentKind::Cache | ComponentKind::Cdn)
    }

    /// Whether instances can be added under load. A database grows by
    /// replicas and shards, an external API not at all, a module with its
    /// host.
    pub fn can_autoscale(self) -> bool {
        !matches!(self, ComponentKind::Database | ComponentKind::ExternalApi | ComponentKind::Module)
    }

    /// Whether the kind spreads what it receives over what it calls (each
    /// request goes one way) rather than making calls of its own.
    pub fn splits_traffic(self) -> bool {
        matches!(self, ComponentKind::LoadBalancer | ComponentKind::ApiGateway)
    }

    /// Whether the kind opens connections to databases it calls.
    pub fn holds_connections(self) -> bool {
        matches!(
            self,
            ComponentKind::Service | ComponentKind::WorkerPool | ComponentKind::Function | ComponentKind::Module
        )
    }

    /// Realistic starting capacity for a new box of this kind:
    /// (instances, requests/s per instance, base latency in ms, monthly cost
    /// per instance in dollars). Numbers are typical of small cloud
    /// instances, so a freshly drawn system is plausible before tuning.
    pub fn default_capacity(self) -> KindDefaults {
        let (instances, throughput, latency_ms, cost) = match self {
            ComponentKind::Service => (2, 150.0, 5.0, 70.0),
            ComponentKind::Module => (1, 400.0, 0.0, 0.0),
            ComponentKind::LoadBalancer => (1, 10_000.0, 1.0, 25.0),
            ComponentKind::ApiGateway => (2, 3_000.0, 2.0, 60.0),
            ComponentKind::Cdn => (1, 50_000.0, 10.0, 100.0),
            ComponentKind::Cache => (1, 20_000.0, 0.5, 90.0),
            ComponentKind::Database => (1, 800.0, 2.0, 400.0),
            ComponentKind::ConnectionPooler => (1, 8_000.0, 0.3, 30.0),
            ComponentKind::Queue => (1, 5_000.0, 2.0, 80.0),
            ComponentKind::WorkerPool => (2, 20.0, 0.0, 70.0),
            ComponentKind::Function => (100, 10.0, 20.0, 0.0),
            ComponentKind::ExternalApi => (1, 100.0, 120.0, 0.0),
        };
        KindDefaults {
            instances,
            throughput_per_instance: throughput,
            base_latency_ms: latency_ms,
            monthly_cost_per_instance: cost,
            hit_ratio: match self {
                ComponentKind::Cache => Some(0.8),
                ComponentKind::Cdn => Some(0.9),
                _ => None,
            },
            connection_pool: match self {
                ComponentKind::Service | ComponentKind::WorkerPool | ComponentKind::Module => Some(10),
                // One connection per concurrent invocation.
                ComponentKind::Function => Some(1),
                _ => None,
            },
        }
    }
}

/// Starting parameters of a new component of one kind.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KindDefaults {
    pub instances: u32,
    pub throughput_per_instance: f64,
    pub base_latency_ms: f64,
    pub monthly_cost_per_instance: f64,
    pub hit_ratio: Option<f64>,
    pub connection_pool: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip_for_every_kind() {
        for kind in ComponentKind::ALL {
            assert_eq!(ComponentKind::from_slug(kind.slug()), Some(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.slug()));
        }
        assert_eq!(ComponentKind::from_slug("mainframe"), None);
    }

    #[test]
    fn only_caches_and_cdns_have_a_default_hit_ratio() {
        for kind in ComponentKind::ALL {
            assert_eq!(kind.default_capacity().hit_ratio.is_some(), kind.serves_hits());
        }
    }
}

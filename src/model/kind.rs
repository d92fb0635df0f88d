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

/// Every kind with the identifier files use and the name a person reads,
/// in declaration order (so a kind's discriminant is its row): the one
/// place a kind is named. serde's `snake_case` spelling is the slug, which
/// a test checks.
const NAMES: [(ComponentKind, &str, &str); 12] = [
    (ComponentKind::Service, "service", "Service"),
    (ComponentKind::Module, "module", "Module"),
    (ComponentKind::LoadBalancer, "load_balancer", "Load balancer"),
    (ComponentKind::ApiGateway, "api_gateway", "API gateway"),
    (ComponentKind::Cdn, "cdn", "CDN"),
    (ComponentKind::Cache, "cache", "Cache"),
    (ComponentKind::Database, "database", "Relational database"),
    (ComponentKind::ConnectionPooler, "connection_pooler", "Connection pooler"),
    (ComponentKind::Queue, "queue", "Queue"),
    (ComponentKind::WorkerPool, "worker_pool", "Worker pool"),
    (ComponentKind::Function, "function", "Function"),
    (ComponentKind::ExternalApi, "external_api", "External API"),
];

// Each row sits at its kind's discriminant, checked as the crate compiles.
const _: () = {
    let mut i = 0;
    while i < NAMES.len() {
        assert!(NAMES[i].0 as usize == i, "a row of NAMES is out of its kind's place");
        i += 1;
    }
};

impl ComponentKind {
    /// Every kind, in the palette's order.
    pub const ALL: [ComponentKind; 12] = {
        let mut all = [ComponentKind::Service; 12];
        let mut i = 0;
        while i < NAMES.len() {
            all[i] = NAMES[i].0;
            i += 1;
        }
        all
    };

    /// Every kind as (slug, label), in the palette's order: the choices of
    /// a kind picker.
    pub const SLUGS_AND_LABELS: [(&'static str, &'static str); 12] = {
        let mut pairs = [("", ""); 12];
        let mut i = 0;
        while i < NAMES.len() {
            pairs[i] = (NAMES[i].1, NAMES[i].2);
            i += 1;
        }
        pairs
    };

    /// The name a person reads in the palette and the inspector.
    pub const fn label(self) -> &'static str {
        NAMES[self.row()].2
    }

    /// The identifier used in files (`"load_balancer"`).
    pub const fn slug(self) -> &'static str {
        NAMES[self.row()].1
    }

    /// The kind's row in [`NAMES`]. The match is exhaustive on purpose: a
    /// new kind does not compile until it is listed here, which is the
    /// reminder to give it its row.
    const fn row(self) -> usize {
        match self {
            ComponentKind::Service
            | ComponentKind::Module
            | ComponentKind::LoadBalancer
            | ComponentKind::ApiGateway
            | ComponentKind::Cdn
            | ComponentKind::Cache
            | ComponentKind::Database
            | ComponentKind::ConnectionPooler
            | ComponentKind::Queue
            | ComponentKind::WorkerPool
            | ComponentKind::Function
            | ComponentKind::ExternalApi => self as usize,
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
    fn each_kind_is_named_by_its_own_row() {
        // `slug` and `label` index the table by discriminant: each row
        // must sit at its kind's place.
        for (i, (kind, slug, label)) in NAMES.into_iter().enumerate() {
            assert_eq!(kind as usize, i, "{kind:?}");
            assert_eq!((kind.slug(), kind.label()), (slug, label));
            assert_eq!(ComponentKind::SLUGS_AND_LABELS[i], (slug, label));
            assert_eq!(ComponentKind::ALL[i], kind);
        }
        assert_eq!(ComponentKind::Database.label(), "Relational database");
        assert_eq!(ComponentKind::LoadBalancer.slug(), "load_balancer");
    }

    #[test]
    fn only_caches_and_cdns_have_a_default_hit_ratio() {
        for kind in ComponentKind::ALL {
            assert_eq!(kind.default_capacity().hit_ratio.is_some(), kind.serves_hits());
        }
    }
}

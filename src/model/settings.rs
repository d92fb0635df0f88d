//! Kind-specific settings: what a cache, a relational database, a
//! connection pooler or a function declares beyond instances and
//! throughput. Each group is present only on components of its kind.

use serde::{Deserialize, Serialize};

/// How a cache or CDN treats writes and stale entries. The engine only
/// needs the hit ratio; these are recorded because they belong in the
/// decision record ("5-minute TTL, invalidate on write").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CachePolicy {
    /// What happens to the cache on a write. Either way the write reaches
    /// the store behind the cache.
    #[serde(default)]
    pub write_policy: WritePolicy,
    /// How long an entry lives, in seconds; `None` for no expiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl_seconds: Option<f64>,
    /// How stale entries are removed.
    #[serde(default)]
    pub invalidation: Invalidation,
}

impl Default for CachePolicy {
    fn default() -> Self {
        CachePolicy {
            write_policy: WritePolicy::Invalidate,
            ttl_seconds: Some(300.0),
            invalidation: Invalidation::Ttl,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WritePolicy {
    /// The write updates the cache and the store.
    WriteThrough,
    /// The write goes to the store and deletes the cached entry.
    #[default]
    Invalidate,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Invalidation {
    /// Entries expire after the TTL; nothing else removes them.
    #[default]
    Ttl,
    /// The writer deletes or updates the entry as it writes.
    OnWrite,
    /// Change events (CDC, pub/sub) remove entries.
    EventDriven,
    /// Someone purges by hand or by deploy.
    Manual,
}

impl WritePolicy {
    pub fn label(self) -> &'static str {
        match self {
            WritePolicy::WriteThrough => "write-through",
            WritePolicy::Invalidate => "invalidate on write",
        }
    }
}

impl Invalidation {
    pub fn label(self) -> &'static str {
        match self {
            Invalidation::Ttl => "TTL expiry",
            Invalidation::OnWrite => "on write",
            Invalidation::EventDriven => "change events",
            Invalidation::Manual => "manual purge",
        }
    }
}

/// A relational database: a primary per shard, read replicas beside it,
/// and a connection limit per node.
///
/// Every node is the component's size: `instances` workers of
/// `throughput_per_instance` each.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    /// Read replicas per shard; each applies every write of its primary.
    #[serde(default)]
    pub read_replicas: u32,
    /// Whether reads are spread over the primary too, not only the
    /// replicas. Without replicas the primary takes every read anyway.
    #[serde(default)]
    pub reads_on_primary: bool,
    /// Connections one node accepts (Postgres' `max_connections`).
    pub max_connections: u32,
    /// Shards the data is split over; keys spread evenly.
    #[serde(default = "one")]
    pub shards: u32,
    /// Share of queries that cannot be routed to one shard and go to all
    /// of them (0..=1).
    #[serde(default)]
    pub fan_out_share: f64,
}

fn one() -> u32 {
    1
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        DatabaseSettings {
            read_replicas: 0,
            reads_on_primary: false,
            max_connections: 100,
            shards: 1,
            fan_out_share: 0.0,
        }
    }
}

/// A connection pooler (PgBouncer-like): many client connections in, a
/// fixed server pool out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoolerSettings {
    /// Connections the pooler opens to each database node behind it.
    pub server_pool: u32,
    /// Client connections it accepts.
    pub max_client_connections: u32,
}

impl Default for PoolerSettings {
    fn default() -> Self {
        PoolerSettings { server_pool: 20, max_client_connections: 1_000 }
    }
}

/// A serverless function: it scales per request up to its concurrency
/// limit (`max_instances`), pays a cold start now and then, and costs per
/// invocation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FunctionSettings {
    /// Extra latency of a cold start, in milliseconds.
    pub cold_start_ms: f64,
    /// Share of invocations that start cold (0..=1).
    pub cold_start_share: f64,
    /// Dollars per million invocations (compute included).
    pub price_per_million: f64,
}

impl Default for FunctionSettings {
    fn default() -> Self {
        FunctionSettings { cold_start_ms: 400.0, cold_start_share: 0.02, price_per_million: 2.0 }
    }
}

/// A module of a modular monolith: it runs inside its host deployable and
/// spends the host's CPU, memory and database connections.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleSettings {
    /// The deployable (a service) that hosts the module.
    pub host: super::ComponentId,
    /// CPU time one request to the module takes on a host instance, ms.
    pub cpu_ms_per_request: f64,
}

//! The names of a document's fields as files spell them and as
//! [`FieldError::field`](super::FieldError) reports them: `validate` names
//! what it refuses with these, and the forms find the field a refusal
//! belongs beside by the same constants, so each path is spelled once.
//!
//! One module per thing that holds fields. Some paths are never refused by
//! `validate` (a choice cannot be out of range) but are named here all the
//! same, so every field a form shows has its path in one place.

/// A component's fields (`component "db"`).
pub mod component {
    pub const ID: &str = "id";
    pub const NAME: &str = "name";
    pub const KIND: &str = "kind";
    pub const INSTANCES: &str = "instances";
    pub const MAX_INSTANCES: &str = "max_instances";
    pub const THROUGHPUT_PER_INSTANCE: &str = "throughput_per_instance";
    pub const BASE_LATENCY_MS: &str = "base_latency_ms";
    pub const MONTHLY_COST_PER_INSTANCE: &str = "monthly_cost_per_instance";
    pub const HIT_RATIO: &str = "hit_ratio";
    pub const CACHE_WRITE_POLICY: &str = "cache.write_policy";
    pub const CACHE_TTL_SECONDS: &str = "cache.ttl_seconds";
    pub const CACHE_INVALIDATION: &str = "cache.invalidation";
    /// The database's settings as a whole (replicas and shards together).
    pub const DATABASE: &str = "database";
    pub const DATABASE_READ_REPLICAS: &str = "database.read_replicas";
    pub const DATABASE_READS_ON_PRIMARY: &str = "database.reads_on_primary";
    pub const DATABASE_MAX_CONNECTIONS: &str = "database.max_connections";
    pub const DATABASE_SHARDS: &str = "database.shards";
    pub const DATABASE_FAN_OUT_SHARE: &str = "database.fan_out_share";
    pub const CONNECTION_POOL: &str = "connection_pool";
    pub const POOLER_SERVER_POOL: &str = "pooler.server_pool";
    pub const POOLER_MAX_CLIENT_CONNECTIONS: &str = "pooler.max_client_connections";
    pub const FUNCTION_COLD_START_MS: &str = "function.cold_start_ms";
    pub const FUNCTION_COLD_START_SHARE: &str = "function.cold_start_share";
    pub const FUNCTION_PRICE_PER_MILLION: &str = "function.price_per_million";
    pub const MODULE_HOST: &str = "module.host";
    pub const MODULE_CPU_MS_PER_REQUEST: &str = "module.cpu_ms_per_request";
    pub const MEMORY_MB: &str = "memory_mb";
    pub const INSTANCE_MEMORY_MB: &str = "instance_memory_mb";
    pub const SERVICE_SCV: &str = "service_scv";
    pub const PARALLEL_CALLS: &str = "parallel_calls";
    pub const PRICE_PER_MILLION_CALLS: &str = "price_per_million_calls";
    pub const OBSERVED_RATE: &str = "observed.rate";
    pub const OBSERVED_UTILISATION: &str = "observed.utilisation";
    pub const OBSERVED_MEAN_LATENCY_MS: &str = "observed.mean_latency_ms";
    pub const OBSERVED_P95_LATENCY_MS: &str = "observed.p95_latency_ms";
    pub const OBSERVED_CONNECTIONS_IN_USE: &str = "observed.connections_in_use";
    pub const OBSERVED_DATE: &str = "observed.date";
    pub const POSITION: &str = "position";
}

/// A dependency's fields (`dependency "web-db"`).
pub mod dependency {
    pub const ID: &str = "id";
    pub const FROM: &str = "from";
    pub const TO: &str = "to";
    pub const CALLS: &str = "calls";
    pub const ROUTING: &str = "routing";
    pub const KIND: &str = "kind";
    pub const MODE: &str = "mode";
    pub const DEFERRABLE: &str = "deferrable";
    pub const REPEAT_SHARE: &str = "repeat_share";
}

/// The document's own fields (`document`).
pub mod document {
    pub const NAME: &str = "name";
}

/// The scenario's fields (`scenario`).
pub mod scenario {
    pub const NAME: &str = "name";
    /// The entry points as a whole; one is `entries[0]`, its fields [`super::entry`]'s.
    pub const ENTRIES: &str = "entries";
    /// The growth overrides as a whole; one is `growth_overrides[0]`, its
    /// fields [`super::growth_override`]'s.
    pub const GROWTH_OVERRIDES: &str = "growth_overrides";
    pub const FAILURES_ZONE_SHARE: &str = "failures.zone_share";
    pub const FAILURES_API_SLOWDOWN: &str = "failures.api_slowdown";
    pub const GROWTH: &str = "growth";
    pub const PEAK_FACTOR: &str = "peak_factor";
    pub const OVERHEAD_MONTHLY_PER_SERVICE: &str = "overhead.monthly_per_service";
    pub const OVERHEAD_HOP_LATENCY_MS: &str = "overhead.hop_latency_ms";
    /// The profile as a whole; one hour is [`daily_profile_hour`].
    pub const DAILY_PROFILE: &str = "daily_profile";
    pub const COMFORT_LINE: &str = "comfort_line";
    pub const UTILISATION_LIMIT: &str = "utilisation_limit";

    /// One hour of the daily profile: `daily_profile[3]`.
    pub fn daily_profile_hour(hour: usize) -> String {
        format!("{DAILY_PROFILE}[{hour}]")
    }
}

/// A scenario entry's fields (`scenario entry 1 ("web")`).
pub mod entry {
    pub const COMPONENT: &str = "component";
    pub const RATE: &str = "rate";
    pub const ARRIVAL_SCV: &str = "arrival_scv";
    pub const OBJECTIVE_PERCENTILE: &str = "objective.percentile";
    pub const OBJECTIVE_TARGET_MS: &str = "objective.target_ms";
}

/// A growth override's fields (`growth override 1 ("web")`).
pub mod growth_override {
    pub const COMPONENT: &str = "component";
    pub const FACTOR: &str = "factor";
}

/// A design option's own fields (`option "replicas"`); its architecture's
/// fields are named as the main line's, after the thing that holds them.
pub mod option {
    pub const ID: &str = "id";
    pub const NAME: &str = "name";
    pub const NOTE: &str = "note";
}

/// A migration's ends (`migration 1`); its steps name their own fields.
pub mod migration {
    pub const OLD: &str = "old";
    pub const NEW: &str = "new";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_hour_of_the_profile_is_named_by_its_index() {
        assert_eq!(scenario::daily_profile_hour(3), "daily_profile[3]");
        assert_eq!(scenario::daily_profile_hour(23), "daily_profile[23]");
    }

    #[test]
    fn a_components_paths_are_distinct() {
        let paths = [
            component::ID,
            component::NAME,
            component::KIND,
            component::INSTANCES,
            component::MAX_INSTANCES,
            component::THROUGHPUT_PER_INSTANCE,
            component::BASE_LATENCY_MS,
            component::MONTHLY_COST_PER_INSTANCE,
            component::HIT_RATIO,
            component::CACHE_WRITE_POLICY,
            component::CACHE_TTL_SECONDS,
            component::CACHE_INVALIDATION,
            component::DATABASE,
            component::DATABASE_READ_REPLICAS,
            component::DATABASE_READS_ON_PRIMARY,
            component::DATABASE_MAX_CONNECTIONS,
            component::DATABASE_SHARDS,
            component::DATABASE_FAN_OUT_SHARE,
            component::CONNECTION_POOL,
            component::POOLER_SERVER_POOL,
            component::POOLER_MAX_CLIENT_CONNECTIONS,
            component::FUNCTION_COLD_START_MS,
            component::FUNCTION_COLD_START_SHARE,
            component::FUNCTION_PRICE_PER_MILLION,
            component::MODULE_HOST,
            component::MODULE_CPU_MS_PER_REQUEST,
            component::MEMORY_MB,
            component::INSTANCE_MEMORY_MB,
            component::SERVICE_SCV,
            component::PARALLEL_CALLS,
            component::PRICE_PER_MILLION_CALLS,
            component::OBSERVED_RATE,
            component::OBSERVED_UTILISATION,
            component::OBSERVED_MEAN_LATENCY_MS,
            component::OBSERVED_P95_LATENCY_MS,
            component::OBSERVED_CONNECTIONS_IN_USE,
            component::OBSERVED_DATE,
            component::POSITION,
        ];
        let distinct: std::collections::HashSet<_> = paths.iter().collect();
        assert_eq!(distinct.len(), paths.len());
    }
}

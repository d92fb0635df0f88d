//! The inspector's field table: one row per field a component or a
//! dependency shows, saying everything about it in one place — its group,
//! which components show it, label, unit and help (some in the words of
//! the component's kind), how it is entered, its path in files and in the
//! model's messages (`model::field_path`), how it is read for display and
//! how a read value is written back. The inspector's `sections`, `value`,
//! `set` and `spec_of`, and the dependency fields likewise, are walks over
//! these rows.
//!
//! The measured group is the exception: its six fields make one
//! observation together and have their own table in [`super::measured`].

use super::{number_text, percent_text, DependencyField, Field, FieldSpec, Input};
use crate::model::field_path::{component as path, dependency as dependency_path, entry as entry_path};
use crate::model::{
    CachePolicy, CallKind, CallMode, Component, ComponentKind, DatabaseSettings, Dependency, Document,
    FunctionSettings, Invalidation, PoolerSettings, Routing, WritePolicy,
};

/// The titled groups of a component's fields, in the order shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Group {
    Component,
    Capacity,
    Cache,
    Database,
    Connections,
    Pooler,
    Module,
    Memory,
    Billing,
    Function,
    Timing,
}

impl Group {
    pub(super) const ALL: [Group; 11] = [
        Group::Component,
        Group::Capacity,
        Group::Cache,
        Group::Database,
        Group::Connections,
        Group::Pooler,
        Group::Module,
        Group::Memory,
        Group::Billing,
        Group::Function,
        Group::Timing,
    ];

    pub(super) fn title(self, kind: ComponentKind) -> &'static str {
        match self {
            Group::Component => "Component",
            Group::Capacity => "Capacity",
            Group::Cache if kind == ComponentKind::Cdn => "Edge cache",
            Group::Cache => "Cache",
            Group::Database => "Database",
            Group::Connections => "Connections",
            Group::Pooler => "Pooler",
            Group::Module => "Module",
            Group::Memory => "Memory",
            Group::Billing => "Billing",
            Group::Function => "Function",
            Group::Timing => "Timing",
        }
    }
}

/// A label, unit or help text: the same for every kind, or in the words of
/// the component's kind (a database's "workers", a function's
/// "invocations").
#[derive(Clone, Copy)]
pub(super) enum Words {
    Same(&'static str),
    ByKind(fn(ComponentKind) -> &'static str),
}

impl Words {
    fn for_kind(self, kind: ComponentKind) -> &'static str {
        match self {
            Words::Same(text) => text,
            Words::ByKind(words) => words(kind),
        }
    }
}

/// Which components show a field.
#[derive(Clone, Copy)]
pub(super) enum Shown {
    /// Those for which this holds.
    If(fn(&Component) -> bool),
    /// Those for which this holds of them in their document: such a field
    /// shows only when the document is at hand (`sections_in`, not
    /// `sections`).
    InDocument(fn(&Document, &Component) -> bool),
}

/// How a value read from a field's text is written into the component.
#[derive(Clone, Copy)]
pub(super) enum Write {
    /// A number, or `None` for an empty optional field.
    Number(fn(&mut Component, Option<f64>)),
    Toggle(fn(&mut Component, bool)),
    /// One of the field's choices, by value.
    Choice(fn(&mut Component, &str)),
    /// The edit is more than writing one field of the component (the
    /// scenario's entries, a change of kind, a module's host), or must be
    /// refused first (an empty name): `inspector::edit` makes it.
    Edit,
}

/// One field of a component, everything about it.
pub(super) struct Row {
    pub field: Field,
    pub group: Group,
    pub shown: Shown,
    pub label: Words,
    /// Shown after the input; may be empty.
    pub unit: Words,
    pub help: Words,
    pub input: Input,
    pub path: &'static str,
    pub value: fn(&Document, &Component) -> String,
    pub write: Write,
}

impl Row {
    /// Whether `component` shows the field; `doc` is `None` when the rest
    /// of the document is not at hand.
    pub(super) fn shows(&self, component: &Component, doc: Option<&Document>) -> bool {
        match self.shown {
            Shown::If(holds) => holds(component),
            Shown::InDocument(holds) => doc.is_some_and(|doc| holds(doc, component)),
        }
    }

    /// The field as a component of `kind` shows it.
    pub(super) fn spec(&self, kind: ComponentKind) -> FieldSpec {
        FieldSpec {
            field: self.field,
            label: self.label.for_kind(kind),
            unit: self.unit.for_kind(kind),
            help: self.help.for_kind(kind),
            input: self.input,
            path: self.path,
        }
    }
}

const WRITE_POLICIES: &[(&str, &str)] =
    &[("invalidate", "Invalidate on write"), ("write_through", "Write-through")];

const INVALIDATIONS: &[(&str, &str)] = &[
    ("ttl", "TTL expiry"),
    ("on_write", "On write"),
    ("event_driven", "Change events"),
    ("manual", "Manual purge"),
];

const ROUTINGS: &[(&str, &str)] = &[("share", "A share of the caller's traffic"), ("calls", "Calls per request")];
const CALL_KINDS: &[(&str, &str)] = &[("call", "Call"), ("read", "Read"), ("write", "Write")];
const CALL_MODES: &[(&str, &str)] =
    &[("sync", "Synchronous: the caller waits"), ("async", "Asynchronous: through a queue")];

pub(super) const PERCENT: Input = Input::Percent { optional: false };

pub(super) const fn number(whole: bool, optional: bool, min: f64) -> Input {
    Input::Number { whole, optional, min }
}

const fn always(_: &Component) -> bool {
    true
}

/// A hosted module runs on its host's instances and is paid with them:
/// its own instances, throughput and price mean nothing until it is
/// extracted (the verdict works those out from its CPU time), so only its
/// latency is asked for.
fn unhosted(c: &Component) -> bool {
    c.host().is_none()
}

fn calls_synchronously(doc: &Document, c: &Component) -> bool {
    doc.dependencies.iter().any(|d| d.from == c.id && d.mode == CallMode::Sync)
}

/// The words for a component's instances: (label, help).
fn instances_words(kind: ComponentKind) -> (&'static str, &'static str) {
    match kind {
        ComponentKind::Database => ("Workers per node", "Parallel workers (cores) of each database node."),
        ComponentKind::Function => (
            "Concurrency",
            "Invocations that can run at once (raise the limit below to let it grow).",
        ),
        // An external API is a rate limit we cannot raise: the quotas we
        // hold (API keys, accounts) times what each allows.
        ComponentKind::ExternalApi => ("Keys", "Separate rate-limit quotas held (API keys or accounts); usually 1."),
        ComponentKind::WorkerPool => ("Workers", "Workers running at 1× (the autoscaling minimum)."),
        _ if kind.can_autoscale() => ("Instances", "Instances running at 1× (the autoscaling minimum)."),
        _ => ("Instances", "Instances running."),
    }
}

fn throughput_label(kind: ComponentKind) -> &'static str {
    match kind {
        ComponentKind::Database | ComponentKind::WorkerPool => "Throughput per worker",
        ComponentKind::Function => "Throughput per invocation slot",
        ComponentKind::ExternalApi => "Rate limit per key",
        _ => "Throughput per instance",
    }
}

fn database(c: &Component) -> DatabaseSettings {
    c.database.clone().unwrap_or_default()
}

fn pooler(c: &Component) -> PoolerSettings {
    c.pooler.clone().unwrap_or_default()
}

fn function(c: &Component) -> FunctionSettings {
    c.function.clone().unwrap_or_default()
}

fn optional_number(v: Option<f64>) -> String {
    v.map(number_text).unwrap_or_default()
}

fn optional_count(v: Option<u32>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// A number `read` has checked is whole and within u32.
fn whole(v: Option<f64>) -> u32 {
    v.unwrap_or(0.0) as u32
}

// Every component field but the measured group's, grouped in the order
// shown; a field shown in two groups (a module's memory, a service's own
// memory) has a row in each.
pub(super) const ROWS: &[Row] = &[
    Row {
        field: Field::Name,
        group: Group::Component,
        shown: Shown::If(always),
        label: Words::Same("Name"),
        unit: Words::Same(""),
        help: Words::Same("What the box says."),
        input: Input::Text,
        path: path::NAME,
        value: |_, c| c.name.clone(),
        write: Write::Edit,
    },
    Row {
        field: Field::Kind,
        group: Group::Component,
        shown: Shown::If(always),
        label: Words::Same("Kind"),
        unit: Words::Same(""),
        help: Words::Same("Changing it resets the settings only that kind has."),
        input: Input::Choice(&ComponentKind::SLUGS_AND_LABELS),
        path: path::KIND,
        value: |_, c| c.kind.slug().to_owned(),
        write: Write::Edit,
    },
    Row {
        field: Field::EntryRate,
        group: Group::Component,
        shown: Shown::If(always),
        label: Words::Same("Entry rate"),
        unit: Words::Same("req/s"),
        help: Words::Same("Requests per second arriving here from outside at 1×; empty or 0 if none."),
        input: number(false, true, 0.0),
        path: entry_path::RATE,
        value: |doc, c| {
            let rate = doc.entry_rate(&c.id);
            if rate > 0.0 { number_text(rate) } else { String::new() }
        },
        write: Write::Edit,
    },
    Row {
        field: Field::Instances,
        group: Group::Capacity,
        shown: Shown::If(unhosted),
        label: Words::ByKind(|kind| instances_words(kind).0),
        unit: Words::Same(""),
        help: Words::ByKind(|kind| instances_words(kind).1),
        input: number(true, false, 1.0),
        path: path::INSTANCES,
        value: |_, c| c.instances.to_string(),
        write: Write::Number(|c, v| c.instances = whole(v)),
    },
    Row {
        field: Field::Throughput,
        group: Group::Capacity,
        shown: Shown::If(unhosted),
        label: Words::ByKind(throughput_label),
        unit: Words::Same("req/s"),
        help: Words::Same("Requests per second one of them serves."),
        input: number(false, false, 0.0),
        path: path::THROUGHPUT_PER_INSTANCE,
        value: |_, c| number_text(c.throughput_per_instance),
        write: Write::Number(|c, v| c.throughput_per_instance = v.unwrap_or(0.0)),
    },
    Row {
        field: Field::MaxInstances,
        group: Group::Capacity,
        shown: Shown::If(|c| c.kind.can_autoscale() && unhosted(c)),
        label: Words::ByKind(|kind| if kind == ComponentKind::Function { "Concurrency limit" } else { "Autoscale up to" }),
        unit: Words::ByKind(|kind| match kind {
            ComponentKind::Function => "invocations",
            ComponentKind::WorkerPool => "workers",
            _ => "instances",
        }),
        help: Words::Same("The most it scales to under load; empty if it does not autoscale."),
        input: number(true, true, 1.0),
        path: path::MAX_INSTANCES,
        value: |_, c| optional_count(c.max_instances),
        write: Write::Number(|c, v| c.max_instances = v.map(|v| v as u32)),
    },
    // Even a hosted module has its own latency.
    Row {
        field: Field::BaseLatency,
        group: Group::Capacity,
        shown: Shown::If(always),
        label: Words::ByKind(|kind| if kind == ComponentKind::ExternalApi { "Latency" } else { "Base latency" }),
        unit: Words::Same("ms"),
        help: Words::ByKind(|kind| {
            if kind == ComponentKind::ExternalApi {
                "Time it takes to answer; we cannot make it faster."
            } else {
                "Fixed time every request spends here (network, disk)."
            }
        }),
        input: number(false, false, 0.0),
        path: path::BASE_LATENCY_MS,
        value: |_, c| number_text(c.base_latency_ms),
        write: Write::Number(|c, v| c.base_latency_ms = v.unwrap_or(0.0)),
    },
    // A function is paid per invocation (its own group), not per instance.
    Row {
        field: Field::MonthlyCost,
        group: Group::Capacity,
        shown: Shown::If(|c| c.kind != ComponentKind::Function && unhosted(c)),
        label: Words::ByKind(|kind| match kind {
            ComponentKind::ExternalApi => "Monthly cost per key",
            ComponentKind::Database | ComponentKind::WorkerPool => "Monthly cost per worker",
            _ => "Monthly cost per instance",
        }),
        unit: Words::Same("$/month"),
        help: Words::ByKind(|kind| match kind {
            ComponentKind::ExternalApi => "What one key's plan costs.",
            ComponentKind::Database => {
                "What one worker of one node costs; every node (each shard's primary and replicas) pays for its workers."
            }
            _ => "What one instance costs.",
        }),
        input: number(false, false, 0.0),
        path: path::MONTHLY_COST_PER_INSTANCE,
        value: |_, c| number_text(c.monthly_cost_per_instance),
        write: Write::Number(|c, v| c.monthly_cost_per_instance = v.unwrap_or(0.0)),
    },
    Row {
        field: Field::HitRatio,
        group: Group::Cache,
        shown: Shown::If(|c| c.kind.serves_hits()),
        label: Words::Same("Hit ratio"),
        unit: Words::Same("%"),
        help: Words::Same("Share of reads answered here; misses go on."),
        input: PERCENT,
        path: path::HIT_RATIO,
        value: |_, c| c.hit_ratio.map(percent_text).unwrap_or_default(),
        write: Write::Number(|c, v| c.hit_ratio = Some(v.unwrap_or(0.0))),
    },
    Row {
        field: Field::WritePolicy,
        group: Group::Cache,
        shown: Shown::If(|c| c.kind.serves_hits()),
        label: Words::Same("Write policy"),
        unit: Words::Same(""),
        help: Words::Same("What a write does to the cached entry."),
        input: Input::Choice(WRITE_POLICIES),
        path: path::CACHE_WRITE_POLICY,
        value: |_, c| match c.cache.as_ref().map(|cache| cache.write_policy) {
            Some(WritePolicy::WriteThrough) => "write_through".to_owned(),
            _ => "invalidate".to_owned(),
        },
        write: Write::Choice(|c, value| {
            c.cache.get_or_insert_with(CachePolicy::default).write_policy = match value {
                "write_through" => WritePolicy::WriteThrough,
                _ => WritePolicy::Invalidate,
            }
        }),
    },
    Row {
        field: Field::TtlSeconds,
        group: Group::Cache,
        shown: Shown::If(|c| c.kind.serves_hits()),
        label: Words::Same("Time to live"),
        unit: Words::Same("s"),
        help: Words::Same("How long an entry lives; empty for no expiry."),
        input: number(false, true, 0.0),
        path: path::CACHE_TTL_SECONDS,
        value: |_, c| optional_number(c.cache.as_ref().and_then(|cache| cache.ttl_seconds)),
        write: Write::Number(|c, v| c.cache.get_or_insert_with(CachePolicy::default).ttl_seconds = v),
    },
    Row {
        field: Field::Invalidation,
        group: Group::Cache,
        shown: Shown::If(|c| c.kind.serves_hits()),
        label: Words::Same("Invalidation"),
        unit: Words::Same(""),
        help: Words::Same("How stale entries are removed."),
        input: Input::Choice(INVALIDATIONS),
        path: path::CACHE_INVALIDATION,
        value: |_, c| {
            match c.cache.as_ref().map(|cache| cache.invalidation).unwrap_or_default() {
                Invalidation::Ttl => "ttl",
                Invalidation::OnWrite => "on_write",
                Invalidation::EventDriven => "event_driven",
                Invalidation::Manual => "manual",
            }
            .to_owned()
        },
        write: Write::Choice(|c, value| {
            c.cache.get_or_insert_with(CachePolicy::default).invalidation = match value {
                "on_write" => Invalidation::OnWrite,
                "event_driven" => Invalidation::EventDriven,
                "manual" => Invalidation::Manual,
                _ => Invalidation::Ttl,
            }
        }),
    },
    Row {
        field: Field::ReadReplicas,
        group: Group::Database,
        shown: Shown::If(|c| c.kind == ComponentKind::Database),
        label: Words::Same("Read replicas"),
        unit: Words::Same("per shard"),
        help: Words::Same("Each applies every write of its primary."),
        input: number(true, false, 0.0),
        path: path::DATABASE_READ_REPLICAS,
        value: |_, c| database(c).read_replicas.to_string(),
        write: Write::Number(|c, v| c.database.get_or_insert_with(DatabaseSettings::default).read_replicas = whole(v)),
    },
    Row {
        field: Field::ReadsOnPrimary,
        group: Group::Database,
        shown: Shown::If(|c| c.kind == ComponentKind::Database),
        label: Words::Same("Reads on the primary too"),
        unit: Words::Same(""),
        help: Words::Same("Spread reads over the primary as well as the replicas."),
        input: Input::Toggle,
        path: path::DATABASE_READS_ON_PRIMARY,
        value: |_, c| database(c).reads_on_primary.to_string(),
        write: Write::Toggle(|c, on| c.database.get_or_insert_with(DatabaseSettings::default).reads_on_primary = on),
    },
    Row {
        field: Field::MaxConnections,
        group: Group::Database,
        shown: Shown::If(|c| c.kind == ComponentKind::Database),
        label: Words::Same("Max connections"),
        unit: Words::Same("per node"),
        help: Words::Same("Connections one node accepts (max_connections)."),
        input: number(true, false, 1.0),
        path: path::DATABASE_MAX_CONNECTIONS,
        value: |_, c| database(c).max_connections.to_string(),
        write: Write::Number(|c, v| c.database.get_or_insert_with(DatabaseSettings::default).max_connections = whole(v)),
    },
    Row {
        field: Field::Shards,
        group: Group::Database,
        shown: Shown::If(|c| c.kind == ComponentKind::Database),
        label: Words::Same("Shards"),
        unit: Words::Same(""),
        help: Words::Same("Nodes the data is split over."),
        input: number(true, false, 1.0),
        path: path::DATABASE_SHARDS,
        value: |_, c| database(c).shards.to_string(),
        write: Write::Number(|c, v| c.database.get_or_insert_with(DatabaseSettings::default).shards = whole(v)),
    },
    Row {
        field: Field::FanOutShare,
        group: Group::Database,
        shown: Shown::If(|c| c.kind == ComponentKind::Database),
        label: Words::Same("Fan-out share"),
        unit: Words::Same("%"),
        help: Words::Same("Share of queries that go to every shard."),
        input: PERCENT,
        path: path::DATABASE_FAN_OUT_SHARE,
        value: |_, c| percent_text(database(c).fan_out_share),
        write: Write::Number(|c, v| {
            c.database.get_or_insert_with(DatabaseSettings::default).fan_out_share = v.unwrap_or(0.0)
        }),
    },
    Row {
        field: Field::ConnectionPool,
        group: Group::Connections,
        shown: Shown::If(|c| c.kind.holds_connections()),
        label: Words::Same("Connection pool"),
        unit: Words::ByKind(|kind| if kind == ComponentKind::Function { "per invocation" } else { "per instance" }),
        help: Words::Same("Connections each instance keeps open to every database or pooler it calls; empty if none."),
        input: number(true, true, 1.0),
        path: path::CONNECTION_POOL,
        value: |_, c| optional_count(c.connection_pool),
        write: Write::Number(|c, v| c.connection_pool = v.map(|v| v as u32)),
    },
    Row {
        field: Field::ServerPool,
        group: Group::Pooler,
        shown: Shown::If(|c| c.kind == ComponentKind::ConnectionPooler),
        label: Words::Same("Server pool"),
        unit: Words::Same("connections"),
        help: Words::Same("Connections it opens to each database node."),
        input: number(true, false, 1.0),
        path: path::POOLER_SERVER_POOL,
        value: |_, c| pooler(c).server_pool.to_string(),
        write: Write::Number(|c, v| c.pooler.get_or_insert_with(PoolerSettings::default).server_pool = whole(v)),
    },
    Row {
        field: Field::ClientLimit,
        group: Group::Pooler,
        shown: Shown::If(|c| c.kind == ComponentKind::ConnectionPooler),
        label: Words::Same("Client limit"),
        unit: Words::Same("connections"),
        help: Words::Same("Client connections it accepts."),
        input: number(true, false, 1.0),
        path: path::POOLER_MAX_CLIENT_CONNECTIONS,
        value: |_, c| pooler(c).max_client_connections.to_string(),
        write: Write::Number(|c, v| {
            c.pooler.get_or_insert_with(PoolerSettings::default).max_client_connections = whole(v)
        }),
    },
    Row {
        field: Field::ModuleHost,
        group: Group::Module,
        shown: Shown::If(|c| c.kind == ComponentKind::Module),
        label: Words::Same("Host"),
        unit: Words::Same(""),
        help: Words::Same("The deployable it runs in: its requests spend the host's CPU, memory and connections."),
        input: Input::Host,
        path: path::MODULE_HOST,
        value: |_, c| c.module.as_ref().map(|m| m.host.to_string()).unwrap_or_default(),
        write: Write::Edit,
    },
    // Optional only in that an unhosted module shows none; an empty entry
    // is refused by `edit`.
    Row {
        field: Field::CpuMs,
        group: Group::Module,
        shown: Shown::If(|c| c.kind == ComponentKind::Module),
        label: Words::Same("CPU per request"),
        unit: Words::Same("ms"),
        help: Words::Same("CPU time one request takes on a host instance."),
        input: number(false, true, 0.0),
        path: path::MODULE_CPU_MS_PER_REQUEST,
        value: |_, c| c.module.as_ref().map(|m| number_text(m.cpu_ms_per_request)).unwrap_or_default(),
        write: Write::Edit,
    },
    Row {
        field: Field::MemoryMb,
        group: Group::Module,
        shown: Shown::If(|c| c.kind == ComponentKind::Module),
        label: Words::Same("Memory"),
        unit: Words::Same("MB"),
        help: Words::Same("What it adds to every host instance; empty if not known."),
        input: number(false, true, 0.0),
        path: path::MEMORY_MB,
        value: |_, c| optional_number(c.memory_mb),
        write: Write::Number(|c, v| c.memory_mb = v),
    },
    Row {
        field: Field::MemoryMb,
        group: Group::Memory,
        shown: Shown::If(|c| c.kind == ComponentKind::Service),
        label: Words::Same("Own memory"),
        unit: Words::Same("MB"),
        help: Words::Same(
            "What its runtime and own code need per instance; its modules add theirs. Empty if not known.",
        ),
        input: number(false, true, 0.0),
        path: path::MEMORY_MB,
        value: |_, c| optional_number(c.memory_mb),
        write: Write::Number(|c, v| c.memory_mb = v),
    },
    Row {
        field: Field::InstanceMemoryMb,
        group: Group::Memory,
        shown: Shown::If(|c| c.kind == ComponentKind::Service),
        label: Words::Same("Memory per instance"),
        unit: Words::Same("MB"),
        help: Words::Same("What one instance has; empty if memory is no constraint."),
        input: number(false, true, 0.0),
        path: path::INSTANCE_MEMORY_MB,
        value: |_, c| optional_number(c.instance_memory_mb),
        write: Write::Number(|c, v| c.instance_memory_mb = v),
    },
    Row {
        field: Field::PricePerMillionCalls,
        group: Group::Billing,
        shown: Shown::If(|c| c.kind == ComponentKind::ExternalApi),
        label: Words::Same("Price per million calls"),
        unit: Words::Same("$"),
        help: Words::Same(
            "What the provider charges per million calls; empty if a flat fee (put that in the cost per key).",
        ),
        input: number(false, true, 0.0),
        path: path::PRICE_PER_MILLION_CALLS,
        value: |_, c| optional_number(c.price_per_million_calls),
        write: Write::Number(|c, v| c.price_per_million_calls = v),
    },
    Row {
        field: Field::ColdStart,
        group: Group::Function,
        shown: Shown::If(|c| c.kind == ComponentKind::Function),
        label: Words::Same("Cold start"),
        unit: Words::Same("ms"),
        help: Words::Same("Extra latency of a cold start."),
        input: number(false, false, 0.0),
        path: path::FUNCTION_COLD_START_MS,
        value: |_, c| number_text(function(c).cold_start_ms),
        write: Write::Number(|c, v| {
            c.function.get_or_insert_with(FunctionSettings::default).cold_start_ms = v.unwrap_or(0.0)
        }),
    },
    Row {
        field: Field::ColdShare,
        group: Group::Function,
        shown: Shown::If(|c| c.kind == ComponentKind::Function),
        label: Words::Same("Cold starts"),
        unit: Words::Same("%"),
        help: Words::Same("Share of invocations that start cold."),
        input: PERCENT,
        path: path::FUNCTION_COLD_START_SHARE,
        value: |_, c| percent_text(function(c).cold_start_share),
        write: Write::Number(|c, v| {
            c.function.get_or_insert_with(FunctionSettings::default).cold_start_share = v.unwrap_or(0.0)
        }),
    },
    Row {
        field: Field::PricePerMillion,
        group: Group::Function,
        shown: Shown::If(|c| c.kind == ComponentKind::Function),
        label: Words::Same("Price per million"),
        unit: Words::Same("$"),
        help: Words::Same("Dollars per million invocations, compute included."),
        input: number(false, false, 0.0),
        path: path::FUNCTION_PRICE_PER_MILLION,
        value: |_, c| number_text(function(c).price_per_million),
        write: Write::Number(|c, v| {
            c.function.get_or_insert_with(FunctionSettings::default).price_per_million = v.unwrap_or(0.0)
        }),
    },
    // Even a hosted module has its own service times (its requests' CPU on
    // the host varies as they do).
    Row {
        field: Field::ServiceScv,
        group: Group::Timing,
        shown: Shown::If(always),
        label: Words::Same("Service-time variability"),
        unit: Words::Same("cs²"),
        help: Words::Same(
            "How much one request's service time varies: 0.25 steady, 1 typical of web requests (exponential), 4 a heavy tail. Empty means 1.",
        ),
        input: number(false, true, 0.0),
        path: path::SERVICE_SCV,
        value: |_, c| optional_number(c.service_scv),
        write: Write::Number(|c, v| c.service_scv = v),
    },
    // Only a component that makes synchronous calls has calls to make at
    // once.
    Row {
        field: Field::ParallelCalls,
        group: Group::Timing,
        shown: Shown::InDocument(calls_synchronously),
        label: Words::Same("Calls its dependencies in parallel"),
        unit: Words::Same(""),
        help: Words::Same(
            "It makes its synchronous calls at once and waits for the slowest, instead of one after another.",
        ),
        input: Input::Toggle,
        path: path::PARALLEL_CALLS,
        value: |_, c| c.parallel_calls.to_string(),
        write: Write::Toggle(|c, on| c.parallel_calls = on),
    },
];

/// How a value read from a dependency field's text is written into the
/// dependency.
#[derive(Clone, Copy)]
pub(super) enum DependencyWrite {
    /// A number, or `None` for an empty optional field.
    Number(fn(&mut Dependency, Option<f64>)),
    Toggle(fn(&mut Dependency, bool)),
    /// One of the field's choices, by value.
    Choice(fn(&mut Dependency, &str)),
}

/// One field of a dependency, everything about it.
pub(super) struct DependencyRow {
    pub field: DependencyField,
    /// Which dependencies show it, by how their number reads and their kind.
    pub shown: fn(Routing, CallKind) -> bool,
    pub label: &'static str,
    pub unit: &'static str,
    pub help: &'static str,
    pub input: Input,
    pub path: &'static str,
    pub value: fn(&Dependency) -> String,
    pub write: DependencyWrite,
}

// Every dependency field, in the order shown. The number of calls has a
// row for each way it reads: a share of the caller's traffic (typed in
// percent) or calls per request. A new share is written by
// `inspector::edit_dependency`, which changes the caller's other shares
// with it.
pub(super) const DEPENDENCY_ROWS: &[DependencyRow] = &[
    DependencyRow {
        field: DependencyField::Calls,
        shown: |routing, _| routing == Routing::Share,
        label: "Share of traffic",
        unit: "%",
        help: "The part of the caller's requests sent this way; the caller's other shares change so that together they stay 100%.",
        input: PERCENT,
        path: dependency_path::CALLS,
        value: |d| percent_text(d.calls),
        write: DependencyWrite::Number(|d, v| d.calls = v.unwrap_or(0.0)),
    },
    DependencyRow {
        field: DependencyField::Calls,
        shown: |routing, _| routing == Routing::Calls,
        label: "Calls per request",
        unit: "×",
        help: "Requests caused at the callee per request here: 0.3 for 30% of requests, 3 for a fan-out.",
        input: number(false, false, 0.0),
        path: dependency_path::CALLS,
        value: |d| number_text(d.calls),
        write: DependencyWrite::Number(|d, v| d.calls = v.unwrap_or(0.0)),
    },
    DependencyRow {
        field: DependencyField::Routing,
        shown: |_, _| true,
        label: "The number is",
        unit: "",
        help: "A load balancer or gateway splits its traffic (shares that add up to 100%); a service calls (each request causes this many).",
        input: Input::Choice(ROUTINGS),
        path: dependency_path::ROUTING,
        value: |d| match d.routing {
            Routing::Share => "share".to_owned(),
            Routing::Calls => "calls".to_owned(),
        },
        // A dependency made a share keeps its number when it is one (at
        // most 1), else starts as all of the caller's traffic.
        write: DependencyWrite::Choice(|d, value| match value {
            "share" => {
                d.routing = Routing::Share;
                d.calls = d.calls.min(1.0);
            }
            "calls" => d.routing = Routing::Calls,
            _ => {}
        }),
    },
    DependencyRow {
        field: DependencyField::Kind,
        shown: |_, _| true,
        label: "Kind",
        unit: "",
        help: "Reads can hit a cache and go to replicas; writes pass through to the primary.",
        input: Input::Choice(CALL_KINDS),
        path: dependency_path::KIND,
        value: |d| d.kind.label().to_owned(),
        write: DependencyWrite::Choice(|d, value| match value {
            "call" => d.kind = CallKind::Call,
            "read" => d.kind = CallKind::Read,
            "write" => d.kind = CallKind::Write,
            _ => {}
        }),
    },
    DependencyRow {
        field: DependencyField::Mode,
        shown: |_, _| true,
        label: "Mode",
        unit: "",
        help: "Asynchronous calls load the callee but do not add to the caller's latency.",
        input: Input::Choice(CALL_MODES),
        path: dependency_path::MODE,
        value: |d| d.mode.label().to_owned(),
        write: DependencyWrite::Choice(|d, value| match value {
            "sync" => d.mode = CallMode::Sync,
            "async" => d.mode = CallMode::Async,
            _ => {}
        }),
    },
    DependencyRow {
        field: DependencyField::Deferrable,
        shown: |_, _| true,
        label: "Could be deferred",
        unit: "",
        help: "The caller could do this later: a plan may move it onto a queue.",
        input: Input::Toggle,
        path: dependency_path::DEFERRABLE,
        value: |d| d.deferrable.to_string(),
        write: DependencyWrite::Toggle(|d, on| d.deferrable = on),
    },
    // A read also says how often its calls repeat: what a cache could
    // answer.
    DependencyRow {
        field: DependencyField::RepeatShare,
        shown: |_, kind| kind == CallKind::Read,
        label: "Repeated reads",
        unit: "%",
        help: "The share of these reads that ask again for something asked before: what a cache here could answer. Empty if not known.",
        input: Input::Percent { optional: true },
        path: dependency_path::REPEAT_SHARE,
        value: |d| d.repeat_share.map(percent_text).unwrap_or_default(),
        write: DependencyWrite::Number(|d, v| d.repeat_share = v),
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_a_row_and_rows_follow_their_groups() {
        use std::collections::BTreeSet;
        let fields: BTreeSet<Field> = ROWS.iter().map(|row| row.field).collect();
        for field in [Field::Name, Field::Kind, Field::EntryRate, Field::ServiceScv, Field::ParallelCalls] {
            assert!(fields.contains(&field), "{field:?}");
        }
        // Grouped in the order shown: a group's rows are together.
        let order: Vec<usize> =
            ROWS.iter().map(|row| Group::ALL.iter().position(|g| *g == row.group).unwrap_or(usize::MAX)).collect();
        assert!(order.windows(2).all(|w| w[0] <= w[1]), "{order:?}");
        // A field shown in two groups reads and writes the same place.
        let memory: Vec<&Row> = ROWS.iter().filter(|row| row.field == Field::MemoryMb).collect();
        assert_eq!(memory.len(), 2);
        assert!(memory.iter().all(|row| row.path == path::MEMORY_MB));
    }

    #[test]
    fn kind_words_follow_the_kind() {
        let instances = ROWS.iter().find(|row| row.field == Field::Instances).map(|row| row.spec(ComponentKind::Database));
        assert_eq!(instances.map(|spec| spec.label), Some("Workers per node"));
        assert_eq!(Group::Cache.title(ComponentKind::Cdn), "Edge cache");
        assert_eq!(Group::Cache.title(ComponentKind::Cache), "Cache");
    }

    #[test]
    fn each_dependency_shape_shows_one_calls_field() {
        for routing in [Routing::Share, Routing::Calls] {
            for kind in [CallKind::Call, CallKind::Read, CallKind::Write] {
                let calls = DEPENDENCY_ROWS.iter().filter(|row| row.field == DependencyField::Calls && (row.shown)(routing, kind));
                assert_eq!(calls.count(), 1, "{routing:?} {kind:?}");
            }
        }
    }
}

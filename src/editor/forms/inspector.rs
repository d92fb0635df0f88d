//! The inspector's rules: which parameters a component of each kind has,
//! with labels and units, what each field shows, and how what a person
//! types becomes an edit — or a message beside the field. The page renders
//! these specs and dispatches the edits; it decides nothing itself.
//!
//! Every edit is checked against the model (`Document::validate`) on a
//! copy before it is offered, so a refused value leaves the document as it
//! was, and the message names the field by the label the person sees.

pub mod measured;

use crate::editor::canvas::connect;
use crate::model::{
    apply, shares, CachePolicy, CallKind, CallMode, Command, Component, ComponentId, ComponentKind, DatabaseSettings,
    Dependency, DependencyId, Document, EditError, EntryPoint, FunctionSettings, Invalidation, ModuleSettings,
    PoolerSettings, Routing, WritePolicy,
};

/// One parameter of a component.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Name,
    Kind,
    EntryRate,
    Instances,
    Throughput,
    MaxInstances,
    BaseLatency,
    MonthlyCost,
    HitRatio,
    WritePolicy,
    TtlSeconds,
    Invalidation,
    ReadReplicas,
    ReadsOnPrimary,
    MaxConnections,
    Shards,
    FanOutShare,
    ConnectionPool,
    ServerPool,
    ClientLimit,
    ColdStart,
    ColdShare,
    PricePerMillion,
    /// What an external API charges per million calls.
    PricePerMillionCalls,
    /// A module's host deployable.
    ModuleHost,
    /// CPU time one request to a module takes on its host.
    CpuMs,
    /// Memory a component needs per instance (a module: what it adds to
    /// each host instance).
    MemoryMb,
    /// Memory one instance has.
    InstanceMemoryMb,
    /// Squared coefficient of variation of one request's service time (cs²).
    ServiceScv,
    /// Whether its synchronous calls go out at once.
    ParallelCalls,
    /// What monitoring showed (`observed.*`): see [`measured`].
    ObservedRate,
    ObservedUtilisation,
    ObservedMeanLatency,
    ObservedP95Latency,
    ObservedConnections,
    ObservedDate,
}

/// One parameter of a dependency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DependencyField {
    Calls,
    /// Whether `Calls` is calls per request or a share of the caller's traffic.
    Routing,
    Kind,
    Mode,
    Deferrable,
    /// The share of a read's calls that repeat one made before.
    RepeatShare,
}

/// How a field is entered.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Input {
    Text,
    /// A number; `whole` for counts; `optional` fields may be left empty
    /// (meaning "none": no autoscaling, no expiry).
    Number { whole: bool, optional: bool, min: f64 },
    /// A share typed in percent (0–100), stored as a ratio; `optional`
    /// ones may be left empty.
    Percent { optional: bool },
    /// One of these (value, label) pairs.
    Choice(&'static [(&'static str, &'static str)]),
    Toggle,
    /// One of the document's deployables, or none ([`host_choices`]).
    Host,
    /// A calendar day, "2026-11-30", or empty.
    Date,
}

/// A field as the inspector shows it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FieldSpec {
    pub field: Field,
    pub label: &'static str,
    /// Shown after the input ("req/s", "ms", "$/month"); may be empty.
    pub unit: &'static str,
    /// One sentence under the field.
    pub help: &'static str,
    pub input: Input,
    /// The field's name in files and in the model's messages
    /// (`throughput_per_instance`, `database.shards`).
    pub path: &'static str,
}

/// A titled group of fields.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub title: &'static str,
    pub fields: Vec<FieldSpec>,
}

const WRITE_POLICIES: &[(&str, &str)] =
    &[("invalidate", "Invalidate on write"), ("write_through", "Write-through")];

const INVALIDATIONS: &[(&str, &str)] = &[
    ("ttl", "TTL expiry"),
    ("on_write", "On write"),
    ("event_driven", "Change events"),
    ("manual", "Manual purge"),
];

const CALL_KINDS: &[(&str, &str)] = &[("call", "Call"), ("read", "Read"), ("write", "Write")];
const CALL_MODES: &[(&str, &str)] =
    &[("sync", "Synchronous: the caller waits"), ("async", "Asynchronous: through a queue")];

const PERCENT: Input = Input::Percent { optional: false };

const fn number(whole: bool, optional: bool, min: f64) -> Input {
    Input::Number { whole, optional, min }
}

const fn spec(field: Field, label: &'static str, unit: &'static str, help: &'static str, input: Input, path: &'static str) -> FieldSpec {
    FieldSpec { field, label, unit, help, input, path }
}

/// The fields of a component of its kind, in sections.
pub fn sections(component: &Component) -> Vec<Section> {
    let kind = component.kind;
    let mut sections = vec![Section {
        title: "Component",
        fields: vec![
            spec(Field::Name, "Name", "", "What the box says.", Input::Text, "name"),
            spec(Field::Kind, "Kind", "", "Changing it resets the settings only that kind has.", Input::Choice(&ComponentKind::SLUGS_AND_LABELS), "kind"),
            spec(
                Field::EntryRate,
                "Entry rate",
                "req/s",
                "Requests per second arriving here from outside at 1×; empty or 0 if none.",
                number(false, true, 0.0),
                "rate",
            ),
        ],
    }];

    let (instances_label, instances_help, throughput_label) = match kind {
        ComponentKind::Database => (
            "Workers per node",
            "Parallel workers (cores) of each database node.",
            "Throughput per worker",
        ),
        ComponentKind::Function => (
            "Concurrency",
            "Invocations that can run at once (raise the limit below to let it grow).",
            "Throughput per invocation slot",
        ),
        // An external API is a rate limit we cannot raise: the quotas we
        // hold (API keys, accounts) times what each allows.
        ComponentKind::ExternalApi => (
            "Keys",
            "Separate rate-limit quotas held (API keys or accounts); usually 1.",
            "Rate limit per key",
        ),
        ComponentKind::WorkerPool => (
            "Workers",
            "Workers running at 1× (the autoscaling minimum).",
            "Throughput per worker",
        ),
        _ if kind.can_autoscale() => (
            "Instances",
            "Instances running at 1× (the autoscaling minimum).",
            "Throughput per instance",
        ),
        _ => ("Instances", "Instances running.", "Throughput per instance"),
    };
    let mut capacity = vec![
        spec(Field::Instances, instances_label, "", instances_help, number(true, false, 1.0), "instances"),
        spec(
            Field::Throughput,
            throughput_label,
            "req/s",
            "Requests per second one of them serves.",
            number(false, false, 0.0),
            "throughput_per_instance",
        ),
    ];
    if kind.can_autoscale() {
        capacity.push(spec(
            Field::MaxInstances,
            if kind == ComponentKind::Function { "Concurrency limit" } else { "Autoscale up to" },
            match kind {
                ComponentKind::Function => "invocations",
                ComponentKind::WorkerPool => "workers",
                _ => "instances",
            },
            "The most it scales to under load; empty if it does not autoscale.",
            number(true, true, 1.0),
            "max_instances",
        ));
    }
    let external = kind == ComponentKind::ExternalApi;
    capacity.push(spec(
        Field::BaseLatency,
        if external { "Latency" } else { "Base latency" },
        "ms",
        if external {
            "Time it takes to answer; we cannot make it faster."
        } else {
            "Fixed time every request spends here (network, disk)."
        },
        number(false, false, 0.0),
        "base_latency_ms",
    ));
    // A function is paid per invocation (its own section), not per instance.
    if kind != ComponentKind::Function {
        capacity.push(spec(
            Field::MonthlyCost,
            match kind {
                ComponentKind::ExternalApi => "Monthly cost per key",
                ComponentKind::Database | ComponentKind::WorkerPool => "Monthly cost per worker",
                _ => "Monthly cost per instance",
            },
            "$/month",
            match kind {
                ComponentKind::ExternalApi => "What one key's plan costs.",
                ComponentKind::Database => "What one worker of one node costs; every node (each shard's primary and replicas) pays for its workers.",
                _ => "What one instance costs.",
            },
            number(false, false, 0.0),
            "monthly_cost_per_instance",
        ));
    }
    // A hosted module runs on its host's instances and is paid with them:
    // its own instances, throughput and price mean nothing until it is
    // extracted (the verdict works those out from its CPU time), so only
    // its latency is asked for.
    if component.host().is_some() {
        capacity.retain(|f| f.field == Field::BaseLatency);
    }
    sections.push(Section { title: "Capacity", fields: capacity });

    if kind.serves_hits() {
        sections.push(Section {
            title: if kind == ComponentKind::Cdn { "Edge cache" } else { "Cache" },
            fields: vec![
                spec(Field::HitRatio, "Hit ratio", "%", "Share of reads answered here; misses go on.", PERCENT, "hit_ratio"),
                spec(Field::WritePolicy, "Write policy", "", "What a write does to the cached entry.", Input::Choice(WRITE_POLICIES), "cache.write_policy"),
                spec(Field::TtlSeconds, "Time to live", "s", "How long an entry lives; empty for no expiry.", number(false, true, 0.0), "cache.ttl_seconds"),
                spec(Field::Invalidation, "Invalidation", "", "How stale entries are removed.", Input::Choice(INVALIDATIONS), "cache.invalidation"),
            ],
        });
    }
    if kind == ComponentKind::Database {
        sections.push(Section {
            title: "Database",
            fields: vec![
                spec(Field::ReadReplicas, "Read replicas", "per shard", "Each applies every write of its primary.", number(true, false, 0.0), "database.read_replicas"),
                spec(Field::ReadsOnPrimary, "Reads on the primary too", "", "Spread reads over the primary as well as the replicas.", Input::Toggle, "database.reads_on_primary"),
                spec(Field::MaxConnections, "Max connections", "per node", "Connections one node accepts (max_connections).", number(true, false, 1.0), "database.max_connections"),
                spec(Field::Shards, "Shards", "", "Nodes the data is split over.", number(true, false, 1.0), "database.shards"),
                spec(Field::FanOutShare, "Fan-out share", "%", "Share of queries that go to every shard.", PERCENT, "database.fan_out_share"),
            ],
        });
    }
    if kind.holds_connections() {
        sections.push(Section {
            title: "Connections",
            fields: vec![spec(
                Field::ConnectionPool,
                "Connection pool",
                if kind == ComponentKind::Function { "per invocation" } else { "per instance" },
                "Connections each instance keeps open to every database or pooler it calls; empty if none.",
                number(true, true, 1.0),
                "connection_pool",
            )],
        });
    }
    if kind == ComponentKind::ConnectionPooler {
        sections.push(Section {
            title: "Pooler",
            fields: vec![
                spec(Field::ServerPool, "Server pool", "connections", "Connections it opens to each database node.", number(true, false, 1.0), "pooler.server_pool"),
                spec(Field::ClientLimit, "Client limit", "connections", "Client connections it accepts.", number(true, false, 1.0), "pooler.max_client_connections"),
            ],
        });
    }
    if kind == ComponentKind::Module {
        sections.push(Section {
            title: "Module",
            fields: vec![
                spec(Field::ModuleHost, "Host", "", "The deployable it runs in: its requests spend the host's CPU, memory and connections.", Input::Host, "module.host"),
                // Optional only in that an unhosted module shows none; an empty
                // entry is refused below.
                spec(Field::CpuMs, "CPU per request", "ms", "CPU time one request takes on a host instance.", number(false, true, 0.0), "module.cpu_ms_per_request"),
                spec(Field::MemoryMb, "Memory", "MB", "What it adds to every host instance; empty if not known.", number(false, true, 0.0), "memory_mb"),
            ],
        });
    }
    if kind == ComponentKind::Service {
        sections.push(Section {
            title: "Memory",
            fields: vec![
                spec(Field::MemoryMb, "Own memory", "MB", "What its runtime and own code need per instance; its modules add theirs. Empty if not known.", number(false, true, 0.0), "memory_mb"),
                spec(Field::InstanceMemoryMb, "Memory per instance", "MB", "What one instance has; empty if memory is no constraint.", number(false, true, 0.0), "instance_memory_mb"),
            ],
        });
    }
    if kind == ComponentKind::ExternalApi {
        sections.push(Section {
            title: "Billing",
            fields: vec![spec(
                Field::PricePerMillionCalls,
                "Price per million calls",
                "$",
                "What the provider charges per million calls; empty if a flat fee (put that in the cost per key).",
                number(false, true, 0.0),
                "price_per_million_calls",
            )],
        });
    }
    if kind == ComponentKind::Function {
        sections.push(Section {
            title: "Function",
            fields: vec![
                spec(Field::ColdStart, "Cold start", "ms", "Extra latency of a cold start.", number(false, false, 0.0), "function.cold_start_ms"),
                spec(Field::ColdShare, "Cold starts", "%", "Share of invocations that start cold.", PERCENT, "function.cold_start_share"),
                spec(Field::PricePerMillion, "Price per million", "$", "Dollars per million invocations, compute included.", number(false, false, 0.0), "function.price_per_million"),
            ],
        });
    }
    // Even a hosted module has its own service times (its requests' CPU
    // on the host varies as they do).
    sections.push(Section {
        title: "Timing",
        fields: vec![spec(
            Field::ServiceScv,
            "Service-time variability",
            "cs²",
            "How much one request's service time varies: 0.25 steady, 1 typical of web requests (exponential), 4 a heavy tail. Empty means 1.",
            number(false, true, 0.0),
            "service_scv",
        )],
    });
    // A hosted module is served by its host's instances: what monitoring
    // shows of them calibrates the host.
    if component.host().is_none() {
        sections.push(Section { title: "Measured", fields: measured::specs().to_vec() });
    }
    sections
}

/// The parallel-calls toggle: only a component that makes synchronous
/// calls has calls to make at once.
const PARALLEL_CALLS: FieldSpec = spec(
    Field::ParallelCalls,
    "Calls its dependencies in parallel",
    "",
    "It makes its synchronous calls at once and waits for the slowest, instead of one after another.",
    Input::Toggle,
    "parallel_calls",
);

/// [`sections`] with the fields that depend on the rest of the document:
/// the parallel-calls toggle for a component that calls synchronously.
pub fn sections_in(doc: &Document, component: &Component) -> Vec<Section> {
    let mut all = sections(component);
    let calls_synchronously = doc.dependencies.iter().any(|d| d.from == component.id && d.mode == CallMode::Sync);
    if calls_synchronously {
        if let Some(timing) = all.iter_mut().find(|s| s.title == "Timing") {
            timing.fields.push(PARALLEL_CALLS);
        }
    }
    all
}

/// The spec of one field of a component.
pub fn spec_of(component: &Component, field: Field) -> Option<FieldSpec> {
    sections(component).into_iter().flat_map(|s| s.fields).find(|f| f.field == field)
}

/// The spec of one field of a component in its document.
pub fn spec_in(doc: &Document, component: &Component, field: Field) -> Option<FieldSpec> {
    sections_in(doc, component).into_iter().flat_map(|s| s.fields).find(|f| f.field == field)
}

/// What a field shows: the number as typed back, the choice's value,
/// "true"/"false" for a toggle, "" for an empty optional.
pub fn value(doc: &Document, component: &Component, field: Field) -> String {
    let ratio = |r: f64| number_text((r * 100.0 * 1e6).round() / 1e6);
    let optional = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
    match field {
        Field::Name => component.name.clone(),
        Field::Kind => component.kind.slug().to_owned(),
        Field::EntryRate => {
            let rate = doc.entry_rate(&component.id);
            if rate > 0.0 { number_text(rate) } else { String::new() }
        }
        Field::Instances => component.instances.to_string(),
        Field::Throughput => number_text(component.throughput_per_instance),
        Field::MaxInstances => optional(component.max_instances),
        Field::BaseLatency => number_text(component.base_latency_ms),
        Field::MonthlyCost => number_text(component.monthly_cost_per_instance),
        Field::HitRatio => component.hit_ratio.map(ratio).unwrap_or_default(),
        Field::WritePolicy => match component.cache.as_ref().map(|c| c.write_policy) {
            Some(WritePolicy::WriteThrough) => "write_through".to_owned(),
            _ => "invalidate".to_owned(),
        },
        Field::TtlSeconds => component.cache.as_ref().and_then(|c| c.ttl_seconds).map(number_text).unwrap_or_default(),
        Field::Invalidation => match component.cache.as_ref().map(|c| c.invalidation).unwrap_or_default() {
            Invalidation::Ttl => "ttl",
            Invalidation::OnWrite => "on_write",
            Invalidation::EventDriven => "event_driven",
            Invalidation::Manual => "manual",
        }
        .to_owned(),
        Field::ReadReplicas => database(component).read_replicas.to_string(),
        Field::ReadsOnPrimary => database(component).reads_on_primary.to_string(),
        Field::MaxConnections => database(component).max_connections.to_string(),
        Field::Shards => database(component).shards.to_string(),
        Field::FanOutShare => ratio(database(component).fan_out_share),
        Field::ConnectionPool => optional(component.connection_pool),
        Field::ServerPool => pooler(component).server_pool.to_string(),
        Field::ClientLimit => pooler(component).max_client_connections.to_string(),
        Field::ColdStart => number_text(function(component).cold_start_ms),
        Field::ColdShare => ratio(function(component).cold_start_share),
        Field::PricePerMillion => number_text(function(component).price_per_million),
        Field::PricePerMillionCalls => component.price_per_million_calls.map(number_text).unwrap_or_default(),
        Field::ModuleHost => component.module.as_ref().map(|m| m.host.to_string()).unwrap_or_default(),
        Field::CpuMs => component.module.as_ref().map(|m| number_text(m.cpu_ms_per_request)).unwrap_or_default(),
        Field::MemoryMb => component.memory_mb.map(number_text).unwrap_or_default(),
        Field::InstanceMemoryMb => component.instance_memory_mb.map(number_text).unwrap_or_default(),
        Field::ServiceScv => component.service_scv.map(number_text).unwrap_or_default(),
        Field::ParallelCalls => component.parallel_calls.to_string(),
        Field::ObservedRate
        | Field::ObservedUtilisation
        | Field::ObservedMeanLatency
        | Field::ObservedP95Latency
        | Field::ObservedConnections
        | Field::ObservedDate => measured::value(component, field),
    }
}

/// The deployables a module can run in, as (id, name), after "not hosted"
/// (""): the document's services.
pub fn host_choices(doc: &Document) -> Vec<(String, String)> {
    std::iter::once((String::new(), "Not hosted: runs on its own".to_owned()))
        .chain(
            doc.components
                .iter()
                .filter(|c| c.kind == ComponentKind::Service)
                .map(|c| (c.id.to_string(), doc.name_of(&c.id))),
        )
        .collect()
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

/// A number as a field shows it: no trailing ".0", no exponent for
/// everyday values.
pub fn number_text(value: f64) -> String {
    if value.is_finite() && value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        value.to_string()
    }
}

/// What was typed, read as the field's kind of value.
pub(super) enum Typed {
    Number(Option<f64>),
    Choice(String),
    Toggle(bool),
    Text(String),
}

/// Reads a field's text; the error is the message shown beside it.
pub(super) fn read(spec: &FieldSpec, text: &str) -> Result<Typed, String> {
    let label = spec.label;
    match spec.input {
        Input::Text => Ok(Typed::Text(text.trim().to_owned())),
        Input::Toggle => match text.trim() {
            "true" | "on" => Ok(Typed::Toggle(true)),
            "false" | "off" | "" => Ok(Typed::Toggle(false)),
            other => Err(format!("{label} must be on or off, got \"{other}\"")),
        },
        Input::Host => Ok(Typed::Choice(text.trim().to_owned())),
        Input::Choice(options) => {
            let chosen = text.trim();
            if options.iter().any(|(value, _)| *value == chosen) {
                Ok(Typed::Choice(chosen.to_owned()))
            } else {
                Err(format!("{label} must be one of the listed options"))
            }
        }
        Input::Date => {
            let day = text.trim();
            let digits = |part: &str, len: usize| part.len() == len && part.chars().all(|c| c.is_ascii_digit());
            let parts: Vec<&str> = day.split('-').collect();
            let iso = matches!(parts.as_slice(), [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2));
            if day.is_empty() || iso {
                Ok(Typed::Text(day.to_owned()))
            } else {
                Err(format!("{label} must be a day such as 2026-11-30, got \"{day}\""))
            }
        }
        Input::Percent { optional } => {
            let cleaned = text.trim().trim_end_matches('%').trim_end();
            if cleaned.is_empty() {
                return if optional {
                    Ok(Typed::Number(None))
                } else {
                    Err(format!("{label} is empty: enter a percentage from 0 to 100"))
                };
            }
            let value = parse_number(cleaned).ok_or_else(|| format!("{label} must be a percentage from 0 to 100, got \"{}\"", text.trim()))?;
            if !(0.0..=100.0).contains(&value) {
                return Err(format!("{label} must be from 0 to 100%, got {}%", number_text(value)));
            }
            Ok(Typed::Number(Some(value / 100.0)))
        }
        Input::Number { whole, optional, min } => {
            let cleaned = text.trim();
            if cleaned.is_empty() {
                return if optional {
                    Ok(Typed::Number(None))
                } else {
                    Err(format!("{label} is empty: enter a number"))
                };
            }
            let value = parse_number(cleaned).ok_or_else(|| format!("{label} must be a number, got \"{cleaned}\""))?;
            if whole && value.fract() != 0.0 {
                return Err(format!("{label} must be a whole number, got {}", number_text(value)));
            }
            if whole && value > f64::from(u32::MAX) {
                return Err(format!("{label} is too large: {}", number_text(value)));
            }
            if value < min {
                return Err(if min == 0.0 {
                    format!("{label} must not be negative, got {}", number_text(value))
                } else {
                    format!("{label} must be at least {}, got {}", number_text(min), number_text(value))
                });
            }
            Ok(Typed::Number(Some(value)))
        }
    }
}

/// A number as people type it: "1200", "1,200", "1 200", "2.5", "1e3".
/// Words that Rust would read as numbers ("inf", "NaN") are not numbers.
fn parse_number(text: &str) -> Option<f64> {
    crate::words::quantity::read_number(text)
}

/// The component after a change of kind: the settings only the old kind
/// had are dropped and the new kind's start from its defaults; the
/// capacity figures are the new kind's defaults too unless someone had
/// already changed them from the old kind's.
pub fn change_kind(component: &Component, kind: ComponentKind) -> Component {
    if component.kind == kind {
        return component.clone();
    }
    let fresh = Component::with_defaults(component.id.clone(), component.name.clone(), kind);
    let old = component.kind.default_capacity();
    let keep = |current: f64, old_default: f64, new_default: f64| if current == old_default { new_default } else { current };
    let name = if component.name == component.kind.label() { kind.label().to_owned() } else { component.name.clone() };
    Component {
        name,
        instances: if component.instances == old.instances { fresh.instances } else { component.instances },
        throughput_per_instance: keep(component.throughput_per_instance, old.throughput_per_instance, fresh.throughput_per_instance),
        base_latency_ms: keep(component.base_latency_ms, old.base_latency_ms, fresh.base_latency_ms),
        monthly_cost_per_instance: keep(
            component.monthly_cost_per_instance,
            old.monthly_cost_per_instance,
            fresh.monthly_cost_per_instance,
        ),
        max_instances: if kind.can_autoscale() { component.max_instances } else { None },
        connection_pool: if kind.holds_connections() {
            component.connection_pool.or(fresh.connection_pool)
        } else {
            None
        },
        hit_ratio: if kind.serves_hits() { component.hit_ratio.or(fresh.hit_ratio) } else { None },
        cache: if kind.serves_hits() { component.cache.clone().or(fresh.cache) } else { None },
        position: component.position,
        ..fresh
    }
    .with_consistent_ceiling()
}

trait ConsistentCeiling {
    fn with_consistent_ceiling(self) -> Self;
}

impl ConsistentCeiling for Component {
    /// An autoscaling ceiling below the (possibly new) instances is
    /// dropped rather than left to refuse the edit.
    fn with_consistent_ceiling(mut self) -> Component {
        if self.max_instances.is_some_and(|max| max < self.instances) {
            self.max_instances = None;
        }
        self
    }
}

/// The edit a field's new text makes, checked against the model; the
/// error is the message to show beside the field.
pub fn edit(doc: &Document, id: &ComponentId, field: Field, text: &str) -> Result<Command, String> {
    let component = doc.component(id).ok_or_else(|| format!("There is no component \"{id}\" any more"))?;
    let spec = spec_in(doc, component, field).ok_or_else(|| "This field does not apply to this kind".to_owned())?;
    if measured::is_measured(field) {
        let typed = std::iter::once((field, text.to_owned())).collect();
        return match measured::edit_observation(doc, id, &typed) {
            Ok(measured::ObservationEdit::Apply(command)) => Ok(*command),
            Ok(measured::ObservationEdit::Unchanged) => Ok(Command::UpdateComponent(component.clone())),
            Ok(measured::ObservationEdit::Pending(hint)) => Err(hint),
            Err(refused) => Err(refused.message),
        };
    }
    let typed = read(&spec, text)?;
    let command = match (field, typed) {
        (Field::Name, Typed::Text(name)) => {
            if name.is_empty() {
                return Err("Name is empty: type a name".to_owned());
            }
            Command::UpdateComponent(Component { name, ..component.clone() })
        }
        (Field::Kind, Typed::Choice(slug)) => {
            let kind = ComponentKind::from_slug(&slug).ok_or_else(|| "Kind must be one of the listed kinds".to_owned())?;
            Command::UpdateComponent(change_kind(component, kind))
        }
        (Field::EntryRate, Typed::Number(rate)) => {
            let mut scenario = doc.scenario.clone();
            let at = scenario.entries.iter().position(|e| &e.component == id);
            scenario.entries.retain(|e| &e.component != id);
            if let Some(rate) = rate.filter(|r| *r > 0.0) {
                let entry = EntryPoint::new(id.clone(), rate);
                scenario.entries.insert(at.unwrap_or(scenario.entries.len()).min(scenario.entries.len()), entry);
            }
            Command::SetScenario(scenario)
        }
        (Field::ModuleHost, Typed::Choice(host)) => {
            let module = if host.is_empty() {
                None
            } else {
                let host = doc
                    .components
                    .iter()
                    .find(|c| c.id.as_str() == host && c.kind == ComponentKind::Service)
                    .ok_or_else(|| "Host must be one of the listed deployables".to_owned())?;
                // A module keeps its CPU time; a new one spends what its
                // throughput says one request costs.
                let cpu_ms_per_request = component
                    .module
                    .as_ref()
                    .map_or(1000.0 / component.throughput_per_instance, |m| m.cpu_ms_per_request);
                Some(ModuleSettings { host: host.id.clone(), cpu_ms_per_request })
            };
            Command::UpdateComponent(Component { module, ..component.clone() })
        }
        (Field::CpuMs, Typed::Number(cpu)) => {
            let Some(settings) = component.module.as_ref() else {
                return Err("Choose its host first: the CPU time is spent on the host".to_owned());
            };
            let cpu = cpu.ok_or_else(|| "CPU per request is empty: enter a number".to_owned())?;
            let settings = ModuleSettings { cpu_ms_per_request: cpu, ..settings.clone() };
            Command::UpdateComponent(Component { module: Some(settings), ..component.clone() })
        }
        (field, typed) => {
            let mut changed = component.clone();
            set(&mut changed, field, typed);
            Command::UpdateComponent(changed)
        }
    };
    let all: Vec<FieldSpec> = sections_in(doc, component).into_iter().flat_map(|s| s.fields).collect();
    check(doc, command, &spec, &all)
}

/// Writes a read value into its place in the component.
fn set(c: &mut Component, field: Field, typed: Typed) {
    let whole = |v: Option<f64>| v.map(|v| v as u32);
    match typed {
        Typed::Number(v) => {
            let n = v.unwrap_or(0.0);
            match field {
                Field::Instances => c.instances = n as u32,
                Field::Throughput => c.throughput_per_instance = n,
                Field::MaxInstances => c.max_instances = whole(v),
                Field::BaseLatency => c.base_latency_ms = n,
                Field::MonthlyCost => c.monthly_cost_per_instance = n,
                Field::HitRatio => c.hit_ratio = Some(n),
                Field::TtlSeconds => c.cache.get_or_insert_with(CachePolicy::default).ttl_seconds = v,
                Field::ReadReplicas => c.database.get_or_insert_with(DatabaseSettings::default).read_replicas = n as u32,
                Field::MaxConnections => c.database.get_or_insert_with(DatabaseSettings::default).max_connections = n as u32,
                Field::Shards => c.database.get_or_insert_with(DatabaseSettings::default).shards = n as u32,
                Field::FanOutShare => c.database.get_or_insert_with(DatabaseSettings::default).fan_out_share = n,
                Field::ConnectionPool => c.connection_pool = whole(v),
                Field::ServerPool => c.pooler.get_or_insert_with(PoolerSettings::default).server_pool = n as u32,
                Field::ClientLimit => {
                    c.pooler.get_or_insert_with(PoolerSettings::default).max_client_connections = n as u32
                }
                Field::ColdStart => c.function.get_or_insert_with(FunctionSettings::default).cold_start_ms = n,
                Field::ColdShare => c.function.get_or_insert_with(FunctionSettings::default).cold_start_share = n,
                Field::PricePerMillion => c.function.get_or_insert_with(FunctionSettings::default).price_per_million = n,
                Field::PricePerMillionCalls => c.price_per_million_calls = v,
                Field::MemoryMb => c.memory_mb = v,
                Field::InstanceMemoryMb => c.instance_memory_mb = v,
                Field::ServiceScv => c.service_scv = v,
                _ => {}
            }
        }
        Typed::Toggle(on) => match field {
            Field::ReadsOnPrimary => c.database.get_or_insert_with(DatabaseSettings::default).reads_on_primary = on,
            Field::ParallelCalls => c.parallel_calls = on,
            _ => {}
        },
        Typed::Choice(value) => {
            let cache = c.cache.get_or_insert_with(CachePolicy::default);
            match (field, value.as_str()) {
                (Field::WritePolicy, "write_through") => cache.write_policy = WritePolicy::WriteThrough,
                (Field::WritePolicy, _) => cache.write_policy = WritePolicy::Invalidate,
                (Field::Invalidation, "on_write") => cache.invalidation = Invalidation::OnWrite,
                (Field::Invalidation, "event_driven") => cache.invalidation = Invalidation::EventDriven,
                (Field::Invalidation, "manual") => cache.invalidation = Invalidation::Manual,
                (Field::Invalidation, _) => cache.invalidation = Invalidation::Ttl,
                _ => {}
            }
        }
        Typed::Text(_) => {}
    }
}

/// Tries the edit on a copy; a refusal becomes the message for `spec`'s
/// field, in its label's words when the model names that field.
fn check(doc: &Document, command: Command, spec: &FieldSpec, others: &[FieldSpec]) -> Result<Command, String> {
    let mut draft = doc.clone();
    match apply(&mut draft, command.clone()) {
        Ok(_) => Ok(command),
        Err(error) => Err(message_for(spec, others, &error)),
    }
}

/// A refusal in words: the model's message about the edited field ("must
/// be at least 1, got 0") after its label; else its message about another
/// field of the inspector, after that field's label; else the whole
/// refusal.
pub fn message_for(spec: &FieldSpec, others: &[FieldSpec], error: &EditError) -> String {
    let errors = error.field_errors();
    let about = |s: &FieldSpec| errors.iter().find(|e| e.field == s.path).map(|e| format!("{} {}", s.label, e.message));
    match about(spec).or_else(|| others.iter().find_map(about)) {
        Some(message) => message,
        None => {
            let text = error.to_string();
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => text,
            }
        }
    }
}

/// A dependency field as the inspector shows it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DependencySpec {
    pub field: DependencyField,
    pub label: &'static str,
    pub unit: &'static str,
    pub help: &'static str,
    pub input: Input,
}

const ROUTINGS: &[(&str, &str)] = &[("share", "A share of the caller's traffic"), ("calls", "Calls per request")];

/// The fields of a dependency whose number reads as `routing`; a read
/// also says how often its calls repeat (what a cache could answer).
pub fn dependency_fields(routing: Routing, kind: CallKind) -> Vec<DependencySpec> {
    let calls = match routing {
        Routing::Share => DependencySpec {
            field: DependencyField::Calls,
            label: "Share of traffic",
            unit: "%",
            help: "The part of the caller's requests sent this way; the caller's other shares change so that together they stay 100%.",
            input: PERCENT,
        },
        Routing::Calls => DependencySpec {
            field: DependencyField::Calls,
            label: "Calls per request",
            unit: "×",
            help: "Requests caused at the callee per request here: 0.3 for 30% of requests, 3 for a fan-out.",
            input: number(false, false, 0.0),
        },
    };
    let mut fields = vec![
        calls,
        DependencySpec {
            field: DependencyField::Routing,
            label: "The number is",
            unit: "",
            help: "A load balancer or gateway splits its traffic (shares that add up to 100%); a service calls (each request causes this many).",
            input: Input::Choice(ROUTINGS),
        },
        DependencySpec {
            field: DependencyField::Kind,
            label: "Kind",
            unit: "",
            help: "Reads can hit a cache and go to replicas; writes pass through to the primary.",
            input: Input::Choice(CALL_KINDS),
        },
        DependencySpec {
            field: DependencyField::Mode,
            label: "Mode",
            unit: "",
            help: "Asynchronous calls load the callee but do not add to the caller's latency.",
            input: Input::Choice(CALL_MODES),
        },
        DependencySpec {
            field: DependencyField::Deferrable,
            label: "Could be deferred",
            unit: "",
            help: "The caller could do this later: a plan may move it onto a queue.",
            input: Input::Toggle,
        },
    ];
    if kind == CallKind::Read {
        fields.push(DependencySpec {
            field: DependencyField::RepeatShare,
            label: "Repeated reads",
            unit: "%",
            help: "The share of these reads that ask again for something asked before: what a cache here could answer. Empty if not known.",
            input: Input::Percent { optional: true },
        });
    }
    fields
}

/// What a dependency field shows.
pub fn dependency_value(dependency: &Dependency, field: DependencyField) -> String {
    match field {
        DependencyField::Calls => match dependency.routing {
            Routing::Share => number_text((dependency.calls * 100.0 * 1e6).round() / 1e6),
            Routing::Calls => number_text(dependency.calls),
        },
        DependencyField::Routing => match dependency.routing {
            Routing::Share => "share".to_owned(),
            Routing::Calls => "calls".to_owned(),
        },
        DependencyField::Kind => dependency.kind.label().to_owned(),
        DependencyField::Mode => dependency.mode.label().to_owned(),
        DependencyField::Deferrable => dependency.deferrable.to_string(),
        DependencyField::RepeatShare => {
            dependency.repeat_share.map(|r| number_text((r * 100.0 * 1e6).round() / 1e6)).unwrap_or_default()
        }
    }
}

/// The edit a dependency field's new text makes, or the message. A new
/// share changes the caller's other shares with it, in proportion, so
/// they keep adding up to the whole (one undo step). A dependency made a
/// share keeps its number when it is one (at most 1), else starts as all
/// of the caller's traffic.
pub fn edit_dependency(doc: &Document, id: &DependencyId, field: DependencyField, text: &str) -> Result<Command, String> {
    let current = doc.dependency(id).ok_or_else(|| format!("There is no dependency \"{id}\" any more"))?;
    let spec = dependency_fields(current.routing, current.kind).into_iter().find(|s| s.field == field).map(|s| FieldSpec {
        field: Field::Name,
        label: s.label,
        unit: s.unit,
        help: s.help,
        input: s.input,
        path: match field {
            DependencyField::Calls => "calls",
            DependencyField::Routing => "routing",
            DependencyField::Kind => "kind",
            DependencyField::Mode => "mode",
            DependencyField::Deferrable => "deferrable",
            DependencyField::RepeatShare => "repeat_share",
        },
    });
    let Some(spec) = spec else {
        return Err("Unknown field".to_owned());
    };
    let mut changed = current.clone();
    match read(&spec, text)? {
        Typed::Number(share) if field == DependencyField::RepeatShare => changed.repeat_share = share,
        Typed::Number(Some(calls)) if current.routing == Routing::Share => {
            let alone = shares::shares_of(doc, &current.from).count() == 1;
            if alone && (calls - 1.0).abs() > shares::WHOLE_TOLERANCE {
                return Err(format!(
                    "{} sends all of its traffic this way (100%): this is its only arrow. Connect another to split it, or make this number calls per request",
                    doc.name_of(&current.from)
                ));
            }
            // Close to the whole is the whole, when there is nothing else.
            let calls = if alone { 1.0 } else { calls };
            let edits = shares::with_share(doc, id, calls).ok_or_else(|| "Unknown field".to_owned())?;
            return check(doc, Command::Batch(edits), &spec, &[]);
        }
        Typed::Number(Some(calls)) => changed.calls = calls,
        Typed::Choice(value) => match value.as_str() {
            "call" => changed.kind = CallKind::Call,
            "read" => changed.kind = CallKind::Read,
            "write" => changed.kind = CallKind::Write,
            "sync" => changed.mode = CallMode::Sync,
            "async" => changed.mode = CallMode::Async,
            "share" => {
                changed.routing = Routing::Share;
                changed.calls = changed.calls.min(1.0);
            }
            "calls" => changed.routing = Routing::Calls,
            _ => {}
        },
        Typed::Toggle(on) => changed.deferrable = on,
        _ => {}
    }
    let command = connect::update(doc, changed).map_err(|e| message_for(&spec, &[], &e))?;
    check(doc, command, &spec, &[])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::mvp_that_creaks;

    /// Edits `field` of `id` with `text` and checks the result: `Ok` with
    /// what the field shows afterwards, or the message.
    fn check_edit(id: &str, field: Field, text: &str, expected: Result<&str, &str>) {
        let mut doc = mvp_that_creaks();
        let got = edit(&doc, &id.into(), field, text).and_then(|command| {
            apply(&mut doc, command).map_err(|e| format!("dispatch refused: {e}"))?;
            let component = doc.component(&id.into()).ok_or("gone")?;
            Ok(value(&doc, component, field))
        });
        assert_eq!(got, expected.map(str::to_owned).map_err(str::to_owned), "{id}.{field:?} = {text:?}");
    }

    #[test]
    fn typed_values_become_edits_or_messages_naming_the_field() {
        check_edit("web", Field::Instances, "4", Ok("4"));
        check_edit("web", Field::Instances, " 4 ", Ok("4"));
        check_edit("web", Field::Instances, "0", Err("Instances must be at least 1, got 0"));
        check_edit("web", Field::Instances, "2.5", Err("Instances must be a whole number, got 2.5"));
        check_edit("web", Field::Instances, "", Err("Instances is empty: enter a number"));
        check_edit("web", Field::Instances, "many", Err("Instances must be a number, got \"many\""));
        // More instances than the autoscaling ceiling: the model explains.
        check_edit("web", Field::Instances, "8", Err("Autoscale up to must be at least instances (8), got 6"));
        check_edit("web", Field::Instances, "200000", Err("Instances must be at most 100000, got 200000"));
        check_edit("web", Field::Throughput, "1,200", Ok("1200"));
        check_edit("web", Field::Throughput, "-5", Err("Throughput per instance must not be negative, got -5"));
        check_edit("web", Field::Throughput, "0", Err("Throughput per instance must be greater than 0, got 0"));
        check_edit("web", Field::Throughput, "inf", Err("Throughput per instance must be a number, got \"inf\""));
        check_edit("web", Field::MaxInstances, "", Ok(""));
        check_edit("web", Field::MaxInstances, "12", Ok("12"));
        check_edit("web", Field::BaseLatency, "7.5", Ok("7.5"));
        check_edit("web", Field::ConnectionPool, "", Ok(""));
        check_edit("redis", Field::HitRatio, "95%", Ok("95"));
        check_edit("redis", Field::HitRatio, "150", Err("Hit ratio must be from 0 to 100%, got 150%"));
        check_edit("redis", Field::TtlSeconds, "", Ok(""));
        check_edit("redis", Field::TtlSeconds, "0", Err("Time to live must be greater than 0, got 0"));
        check_edit("redis", Field::WritePolicy, "write_through", Ok("write_through"));
        check_edit("redis", Field::Invalidation, "event_driven", Ok("event_driven"));
        check_edit("redis", Field::Invalidation, "<script>", Err("Invalidation must be one of the listed options"));
        check_edit("postgres", Field::ReadReplicas, "2", Ok("2"));
        check_edit("postgres", Field::ReadsOnPrimary, "true", Ok("true"));
        check_edit("postgres", Field::Shards, "0", Err("Shards must be at least 1, got 0"));
        check_edit("postgres", Field::FanOutShare, "12.5", Ok("12.5"));
        check_edit("postgres", Field::MaxConnections, "300", Ok("300"));
        check_edit("web", Field::Name, "  Web tier ", Ok("Web tier"));
        check_edit("web", Field::Name, "  ", Err("Name is empty: type a name"));
        check_edit("web", Field::Name, &"x".repeat(121), Err("Name must be at most 120 characters"));
        check_edit("web", Field::EntryRate, "50", Ok("50"));
        check_edit("lb", Field::EntryRate, "", Ok(""));
        check_edit("lb", Field::EntryRate, "-1", Err("Entry rate must not be negative, got -1"));
        // Fields that do not belong to the kind are refused.
        check_edit("web", Field::HitRatio, "50", Err("This field does not apply to this kind"));
    }

    #[test]
    fn every_kind_has_its_own_settings() {
        let titles = |kind: ComponentKind| -> Vec<&str> {
            sections(&Component::with_defaults("x", "X", kind)).iter().map(|s| s.title).collect()
        };
        assert_eq!(titles(ComponentKind::Cache), ["Component", "Capacity", "Cache", "Timing", "Measured"]);
        assert_eq!(titles(ComponentKind::Cdn), ["Component", "Capacity", "Edge cache", "Timing", "Measured"]);
        assert_eq!(titles(ComponentKind::Database), ["Component", "Capacity", "Database", "Timing", "Measured"]);
        assert_eq!(titles(ComponentKind::Service), ["Component", "Capacity", "Connections", "Memory", "Timing", "Measured"]);
        assert_eq!(titles(ComponentKind::Module), ["Component", "Capacity", "Connections", "Module", "Timing", "Measured"]);
        assert_eq!(titles(ComponentKind::ConnectionPooler), ["Component", "Capacity", "Pooler", "Timing", "Measured"]);
        assert_eq!(titles(ComponentKind::Function), ["Component", "Capacity", "Connections", "Function", "Timing", "Measured"]);
        assert_eq!(titles(ComponentKind::ExternalApi), ["Component", "Capacity", "Billing", "Timing", "Measured"]);
        let db = Component::with_defaults("x", "X", ComponentKind::Database);
        assert!(spec_of(&db, Field::MaxInstances).is_none(), "a database does not autoscale");
        // Every field of every kind shows a value that reads back.
        let doc = mvp_that_creaks();
        for kind in ComponentKind::ALL {
            let component = Component::with_defaults("x", "X", kind);
            for section in sections(&component) {
                for spec in section.fields {
                    let shown = value(&doc, &component, spec.field);
                    let read_back = read(&spec, &shown);
                    assert!(read_back.is_ok() || (spec.field == Field::Kind), "{kind:?} {:?}: {shown:?}", spec.field);
                }
            }
        }
    }

    #[test]
    fn service_time_variability_and_parallel_calls() {
        check_edit("postgres", Field::ServiceScv, "4", Ok("4"));
        check_edit("postgres", Field::ServiceScv, "0.25", Ok("0.25"));
        // Empty is the exponential's 1, stored as nothing.
        check_edit("postgres", Field::ServiceScv, "", Ok(""));
        check_edit("postgres", Field::ServiceScv, "-1", Err("Service-time variability must not be negative, got -1"));
        check_edit("postgres", Field::ServiceScv, "101", Err("Service-time variability must be at most 100 (a tail a hundred times the exponential's), got 101"));
        check_edit("web", Field::ParallelCalls, "true", Ok("true"));
        // Postgres calls nothing: it has no calls to make at once.
        let doc = mvp_that_creaks();
        let titles_and_fields = |id: &str| -> Vec<Field> {
            let c = doc.component(&id.into()).unwrap();
            sections_in(&doc, c).into_iter().find(|s| s.title == "Timing").map(|s| s.fields.iter().map(|f| f.field).collect()).unwrap_or_default()
        };
        assert_eq!(titles_and_fields("web"), [Field::ServiceScv, Field::ParallelCalls]);
        assert_eq!(titles_and_fields("postgres"), [Field::ServiceScv]);
        check_edit("postgres", Field::ParallelCalls, "true", Err("This field does not apply to this kind"));
        // The measured fields edit one at a time too, once there is a rate.
        check_edit("postgres", Field::ObservedRate, "240", Ok("240"));
        check_edit("postgres", Field::ObservedUtilisation, "64", Err("Enter the rate observed: the other figures are read at that rate."));
    }

    #[test]
    fn every_scaling_parameter_has_a_field_with_its_unit() {
        // The parameters the scaling patterns need (cache, replicas,
        // connection budget, pooler, sharding, autoscaling, function,
        // external API), each with the label and unit the inspector shows.
        let expected = [
            (ComponentKind::Cache, Field::HitRatio, "Hit ratio", "%"),
            (ComponentKind::Cdn, Field::HitRatio, "Hit ratio", "%"),
            (ComponentKind::Cache, Field::WritePolicy, "Write policy", ""),
            (ComponentKind::Cache, Field::TtlSeconds, "Time to live", "s"),
            (ComponentKind::Cache, Field::Invalidation, "Invalidation", ""),
            (ComponentKind::Database, Field::ReadReplicas, "Read replicas", "per shard"),
            (ComponentKind::Database, Field::ReadsOnPrimary, "Reads on the primary too", ""),
            (ComponentKind::Database, Field::MaxConnections, "Max connections", "per node"),
            (ComponentKind::Database, Field::Shards, "Shards", ""),
            (ComponentKind::Database, Field::FanOutShare, "Fan-out share", "%"),
            (ComponentKind::Database, Field::MonthlyCost, "Monthly cost per worker", "$/month"),
            (ComponentKind::Service, Field::ConnectionPool, "Connection pool", "per instance"),
            (ComponentKind::WorkerPool, Field::ConnectionPool, "Connection pool", "per instance"),
            (ComponentKind::Function, Field::ConnectionPool, "Connection pool", "per invocation"),
            (ComponentKind::ConnectionPooler, Field::ServerPool, "Server pool", "connections"),
            (ComponentKind::ConnectionPooler, Field::ClientLimit, "Client limit", "connections"),
            (ComponentKind::Service, Field::Instances, "Instances", ""),
            (ComponentKind::Service, Field::MaxInstances, "Autoscale up to", "instances"),
            (ComponentKind::WorkerPool, Field::Instances, "Workers", ""),
            (ComponentKind::WorkerPool, Field::Throughput, "Throughput per worker", "req/s"),
            (ComponentKind::WorkerPool, Field::MaxInstances, "Autoscale up to", "workers"),
            (ComponentKind::Function, Field::MaxInstances, "Concurrency limit", "invocations"),
            (ComponentKind::Function, Field::ColdStart, "Cold start", "ms"),
            (ComponentKind::Function, Field::ColdShare, "Cold starts", "%"),
            (ComponentKind::Function, Field::PricePerMillion, "Price per million", "$"),
            (ComponentKind::ExternalApi, Field::Instances, "Keys", ""),
            (ComponentKind::ExternalApi, Field::PricePerMillionCalls, "Price per million calls", "$"),
            (ComponentKind::ExternalApi, Field::Throughput, "Rate limit per key", "req/s"),
            (ComponentKind::ExternalApi, Field::BaseLatency, "Latency", "ms"),
            (ComponentKind::ExternalApi, Field::MonthlyCost, "Monthly cost per key", "$/month"),
        ];
        for (kind, field, label, unit) in expected {
            let spec = spec_of(&Component::with_defaults("x", "X", kind), field);
            assert_eq!(spec.map(|s| (s.label, s.unit)), Some((label, unit)), "{kind:?} {field:?}");
        }
        // A function's price is per invocation, not per instance.
        assert!(spec_of(&Component::with_defaults("x", "X", ComponentKind::Function), Field::MonthlyCost).is_none());
        // An external API cannot autoscale: its limit is what it is.
        assert!(spec_of(&Component::with_defaults("x", "X", ComponentKind::ExternalApi), Field::MaxInstances).is_none());
    }

    #[test]
    fn a_module_gets_a_host_cpu_time_and_memory() {
        let mut doc = crate::model::templates::modular_monolith();
        let search = doc.component(&"search".into()).unwrap();
        assert_eq!(value(&doc, search, Field::ModuleHost), "monolith");
        assert_eq!(value(&doc, search, Field::CpuMs), "20");
        assert_eq!(value(&doc, search, Field::MemoryMb), "700");
        assert_eq!(host_choices(&doc).iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), ["", "monolith"]);
        // Hosted, it runs on the host's instances: only its latency is its own.
        for field in [Field::Instances, Field::Throughput, Field::MaxInstances, Field::MonthlyCost] {
            assert!(spec_of(search, field).is_none(), "{field:?} of a hosted module");
        }
        assert!(spec_of(search, Field::BaseLatency).is_some());
        let cpu = edit(&doc, &"search".into(), Field::CpuMs, "12").unwrap();
        apply(&mut doc, cpu).unwrap();
        assert_eq!(doc.component(&"search".into()).unwrap().module.as_ref().unwrap().cpu_ms_per_request, 12.0);
        assert_eq!(
            edit(&doc, &"search".into(), Field::CpuMs, "0"),
            Err("CPU per request must be greater than 0, got 0".to_owned())
        );
        assert_eq!(
            edit(&doc, &"search".into(), Field::ModuleHost, "postgres"),
            Err("Host must be one of the listed deployables".to_owned())
        );
        // Unhosted, then hosted again: CPU time from its throughput.
        {
            let command = edit(&doc, &"search".into(), Field::ModuleHost, "").unwrap();
            apply(&mut doc, command).unwrap();
        }
        assert_eq!(doc.component(&"search".into()).unwrap().module, None);
        assert!(spec_of(doc.component(&"search".into()).unwrap(), Field::Instances).is_some(), "unhosted, it has instances");
        assert_eq!(
            edit(&doc, &"search".into(), Field::CpuMs, "5"),
            Err("Choose its host first: the CPU time is spent on the host".to_owned())
        );
        {
            let command = edit(&doc, &"search".into(), Field::ModuleHost, "monolith").unwrap();
            apply(&mut doc, command).unwrap();
        }
        assert_eq!(value(&doc, doc.component(&"search".into()).unwrap(), Field::CpuMs), "20");
        // The host's memory.
        {
            let command = edit(&doc, &"monolith".into(), Field::InstanceMemoryMb, "4096").unwrap();
            apply(&mut doc, command).unwrap();
        }
        assert_eq!(doc.component(&"monolith".into()).unwrap().instance_memory_mb, Some(4096.0));
        assert_eq!(
            edit(&doc, &"monolith".into(), Field::InstanceMemoryMb, "0"),
            Err("Memory per instance must be greater than 0, got 0".to_owned())
        );
        {
            let command = edit(&doc, &"search".into(), Field::MemoryMb, "").unwrap();
            apply(&mut doc, command).unwrap();
        }
        assert_eq!(doc.component(&"search".into()).unwrap().memory_mb, None);
    }

    #[test]
    fn changing_kind_resets_what_only_the_old_kind_had() {
        let doc = mvp_that_creaks();
        let redis = doc.component(&"redis".into()).unwrap();
        let as_db = change_kind(redis, ComponentKind::Database);
        assert_eq!(as_db.hit_ratio, None);
        assert_eq!(as_db.cache, None);
        assert_eq!(as_db.database, Some(DatabaseSettings::default()));
        // Redis had the cache's default throughput: it takes the database's.
        assert_eq!(as_db.throughput_per_instance, 800.0);
        // Postgres's throughput was tuned: it stays.
        let postgres = doc.component(&"postgres".into()).unwrap();
        let as_cache = change_kind(postgres, ComponentKind::Cache);
        assert_eq!(as_cache.throughput_per_instance, 400.0);
        assert_eq!((as_cache.hit_ratio, as_cache.database.clone()), (Some(0.8), None));
        let fresh = Component::with_defaults("s", "Service", ComponentKind::Service);
        let function = change_kind(&fresh, ComponentKind::Function);
        // Untouched defaults follow the kind, and so does the kind's name.
        assert_eq!((function.instances, function.throughput_per_instance), (100, 10.0));
        assert_eq!(function.name, "Function");
        assert!(function.function.is_some());
        let web = doc.component(&"web".into()).unwrap();
        let as_api = change_kind(web, ComponentKind::ExternalApi);
        assert_eq!(as_api.max_instances, None);
        assert_eq!(as_api.connection_pool, None);
        let mut d = doc.clone();
        apply(&mut d, edit(&doc, &"web".into(), Field::Kind, "external_api").unwrap()).unwrap();
        assert_eq!(d.validate(), Ok(()));
    }

    #[test]
    fn a_share_is_typed_in_percent_and_the_others_make_room() {
        let mut doc = mvp_that_creaks();
        let (command, id) = connect::connect(&doc, &"lb".into(), &"postgres".into()).unwrap();
        apply(&mut doc, command).unwrap();
        assert_eq!(dependency_value(doc.dependency(&id).unwrap(), DependencyField::Calls), "50");
        let command = edit_dependency(&doc, &id, DependencyField::Calls, "25%").unwrap();
        assert_eq!(command.label(), "2 edits");
        apply(&mut doc, command).unwrap();
        assert_eq!(dependency_value(doc.dependency(&"lb-web".into()).unwrap(), DependencyField::Calls), "75");
        assert_eq!(
            edit_dependency(&doc, &id, DependencyField::Calls, "120"),
            Err("Share of traffic must be from 0 to 100%, got 120%".to_owned())
        );
        // The only arrow of a balancer takes everything.
        let sample = mvp_that_creaks();
        assert_eq!(
            edit_dependency(&sample, &"lb-web".into(), DependencyField::Calls, "50"),
            Err("Load balancer sends all of its traffic this way (100%): this is its only arrow. Connect another to split it, or make this number calls per request".to_owned())
        );
        // Made calls per request, the number reads as calls again.
        let mut calls = sample.clone();
        apply(&mut calls, edit_dependency(&sample, &"lb-web".into(), DependencyField::Routing, "calls").unwrap()).unwrap();
        assert_eq!(dependency_value(calls.dependency(&"lb-web".into()).unwrap(), DependencyField::Calls), "1");
    }

    #[test]
    fn dependency_fields_edit_or_explain() {
        let doc = mvp_that_creaks();
        let id: DependencyId = "web-redis".into();
        assert!(edit_dependency(&doc, &id, DependencyField::Calls, "3").is_ok());
        assert_eq!(
            edit_dependency(&doc, &id, DependencyField::Calls, "-1"),
            Err("Calls per request must not be negative, got -1".to_owned())
        );
        assert!(edit_dependency(&doc, &id, DependencyField::Mode, "async").is_ok());
        assert!(edit_dependency(&doc, &id, DependencyField::Kind, "write").is_ok());
        // A read web → postgres beside the write; turning it into a write
        // would duplicate web-postgres.
        let mut with_read = doc.clone();
        let (add, read_id) = connect::connect(&doc, &"web".into(), &"postgres".into()).unwrap();
        apply(&mut with_read, add).unwrap();
        assert_eq!(
            edit_dependency(&with_read, &read_id, DependencyField::Kind, "write"),
            Err("\"web\" already has a write dependency on \"postgres\"; edit its calls instead".to_owned())
        );
        let d = doc.dependency(&"web-postgres".into()).unwrap();
        assert_eq!(dependency_value(d, DependencyField::Calls), "0.3");
        let mut deferred = doc.clone();
        apply(&mut deferred, edit_dependency(&doc, &"web-postgres".into(), DependencyField::Deferrable, "true").unwrap()).unwrap();
        assert!(deferred.dependency(&"web-postgres".into()).unwrap().deferrable);
    }

    #[test]
    fn a_read_says_how_often_it_repeats_and_an_api_what_a_call_costs() {
        let mut doc = mvp_that_creaks();
        // web → redis is a read: it has the field; web → postgres writes.
        let read = doc.dependency(&"web-redis".into()).unwrap();
        let fields = |d: &Dependency| dependency_fields(d.routing, d.kind).iter().map(|s| s.field).collect::<Vec<_>>();
        assert!(fields(read).contains(&DependencyField::RepeatShare));
        assert!(!fields(doc.dependency(&"web-postgres".into()).unwrap()).contains(&DependencyField::RepeatShare));
        assert_eq!(dependency_value(read, DependencyField::RepeatShare), "");
        let command = edit_dependency(&doc, &"web-redis".into(), DependencyField::RepeatShare, "40%").unwrap();
        apply(&mut doc, command).unwrap();
        let read = doc.dependency(&"web-redis".into()).unwrap();
        assert_eq!(read.repeat_share, Some(0.4));
        assert_eq!(dependency_value(read, DependencyField::RepeatShare), "40");
        assert_eq!(
            edit_dependency(&doc, &"web-redis".into(), DependencyField::RepeatShare, "140"),
            Err("Repeated reads must be from 0 to 100%, got 140%".to_owned())
        );
        let command = edit_dependency(&doc, &"web-redis".into(), DependencyField::RepeatShare, "").unwrap();
        apply(&mut doc, command).unwrap();
        assert_eq!(doc.dependency(&"web-redis".into()).unwrap().repeat_share, None);

        doc.components.push(Component::with_defaults("geo", "Geocoder", ComponentKind::ExternalApi));
        let geo: ComponentId = "geo".into();
        let command = edit(&doc, &geo, Field::PricePerMillionCalls, "5").unwrap();
        apply(&mut doc, command).unwrap();
        assert_eq!(doc.component(&geo).unwrap().price_per_million_calls, Some(5.0));
        assert_eq!(value(&doc, doc.component(&geo).unwrap(), Field::PricePerMillionCalls), "5");
        assert_eq!(
            edit(&doc, &geo, Field::PricePerMillionCalls, "-1"),
            Err("Price per million calls must not be negative, got -1".to_owned())
        );
        // Only an external API bills per call.
        assert!(spec_of(doc.component(&"web".into()).unwrap(), Field::PricePerMillionCalls).is_none());
    }
}

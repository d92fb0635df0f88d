//! What a solve produces: per-component load and queueing figures, flows on
//! dependencies, end-to-end latency per entry point, the saturation ranking
//! and warnings. A report is derived from a document and never stored.

use serde::Serialize;

use super::connections::ConnectionBudget;
use super::queueing::Queueing;
use super::tiers::TierRole;
use super::timeline::DayLoad;
use super::traffic::AmplifyingLoop;
use crate::model::{ComponentId, DependencyId};

/// How loaded a component is, in the bands the page colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Receives no traffic.
    Idle,
    /// Under the comfort line.
    Ok,
    /// At or over the comfort line (70% by default).
    Warm,
    /// At or over 85%: waits climb steeply.
    Hot,
    /// At or over 100%: the queue grows without bound.
    Saturated,
}

/// Utilisation from which a component is hot, whatever the comfort line.
pub const HOT_LINE: f64 = 0.85;

impl Status {
    pub fn of(utilisation: f64, arrival_rate: f64, comfort_line: f64) -> Status {
        if arrival_rate <= 0.0 {
            Status::Idle
        } else if utilisation >= 1.0 || utilisation.is_nan() {
            Status::Saturated
        } else if utilisation >= HOT_LINE.max(comfort_line) {
            Status::Hot
        } else if utilisation >= comfort_line {
            Status::Warm
        } else {
            Status::Ok
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Idle => "idle",
            Status::Ok => "ok",
            Status::Warm => "warm",
            Status::Hot => "hot",
            Status::Saturated => "saturated",
        }
    }
}

/// One component at one growth.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ComponentLoad {
    pub id: ComponentId,
    /// Offered requests per second (λ); infinite inside an amplifying loop.
    pub arrival_rate: f64,
    pub read_rate: f64,
    pub write_rate: f64,
    /// Instances running at this growth (autoscaled between the minimum and
    /// the ceiling).
    pub instances: u32,
    /// Instances that would keep utilisation at the comfort line.
    pub needed_instances: u32,
    /// The most it may run.
    pub instance_ceiling: u32,
    /// Requests per second one instance serves (μ).
    pub service_rate: f64,
    /// `instances × service_rate`.
    pub capacity: f64,
    /// ρ = λ / (c·μ); above 1 when saturated.
    pub utilisation: f64,
    pub status: Status,
    /// Waiting and response figures; `None` when saturated (no finite
    /// steady state exists).
    pub queueing: Option<Queueing>,
    /// Growth at which utilisation reaches the limit, at the autoscaling
    /// ceiling; `None` when the component receives no traffic.
    pub saturates_at: Option<f64>,
    /// Growth at which utilisation reaches the comfort line.
    pub comfortable_until: Option<f64>,
    /// How much more growth it can take from here: `saturates_at / growth`.
    pub headroom: Option<f64>,
    /// What actually arrives once saturated components upstream pass on
    /// only their capacity (DAGs only; `None` on graphs with loops).
    pub effective_arrival_rate: Option<f64>,
    /// Requests per second by which the backlog grows (0 when it keeps up).
    pub backlog_growth_rate: Option<f64>,
    /// The groups of nodes the load lands on: one for most kinds; primary
    /// and replicas for a database.
    pub tiers: TierLoads,
    /// Whether anyone waits for this component. Work reached only through
    /// asynchronous dependencies is judged over the day, not at the peak.
    pub judged: Judgement,
    /// The day of a component judged over the day.
    pub day: Option<Box<DayLoad>>,
    /// Monthly cost at this growth, dollars.
    pub monthly_cost: f64,
    /// Set when the component idles under 20% at the peak and fewer
    /// instances would do.
    pub right_sizing: Option<RightSizing>,
    /// For a module of a modular monolith: the deployable whose instances
    /// it runs on (it shares their utilisation and saturates with them).
    pub hosted_by: Option<ComponentId>,
}

/// One group of identical nodes of a component.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TierLoad {
    pub role: TierRole,
    /// Identical nodes (1 for instances; shards; shards × replicas).
    pub nodes: u32,
    /// Servers (instances, workers) per node: the c of M/M/c.
    pub servers: u32,
    /// Requests per second arriving at one node.
    pub arrival_rate: f64,
    pub utilisation: f64,
    pub queueing: Option<Queueing>,
    /// Growth at which one node of this tier reaches the limit.
    pub saturates_at: Option<f64>,
}

/// When a component's load is judged.
/// A component's tiers' loads: its instances, or a database's primaries
/// and replicas. Never more than two, so kept inline: a vector per
/// component was a thousand allocations a dial step on a large model.
/// Reads as a slice.
#[derive(Clone, Debug)]
pub struct TierLoads {
    slots: [TierLoad; 2],
    len: usize,
}

impl TierLoads {
    /// No tiers (a hosted module queues at its host's).
    pub fn none() -> TierLoads {
        let empty = TierLoad {
            role: TierRole::Instances,
            nodes: 0,
            servers: 0,
            arrival_rate: 0.0,
            utilisation: 0.0,
            queueing: None,
            saturates_at: None,
        };
        TierLoads { slots: [empty.clone(), empty], len: 0 }
    }

    pub fn as_slice(&self) -> &[TierLoad] {
        &self.slots[..self.len]
    }
}

impl std::ops::Deref for TierLoads {
    type Target = [TierLoad];

    fn deref(&self) -> &[TierLoad] {
        self.as_slice()
    }
}

impl PartialEq for TierLoads {
    fn eq(&self, other: &TierLoads) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl FromIterator<TierLoad> for TierLoads {
    /// Keeps the first two: a component has at most two tiers.
    fn from_iter<I: IntoIterator<Item = TierLoad>>(iter: I) -> TierLoads {
        let mut loads = TierLoads::none();
        for load in iter.into_iter().take(2) {
            loads.slots[loads.len] = load;
            loads.len += 1;
        }
        loads
    }
}

impl Serialize for TierLoads {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.as_slice())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Judgement {
    /// Someone waits for it: it must carry the peak.
    Peak,
    /// Reached only asynchronously: it must keep up with the day's average.
    Day,
}

/// What right-sizing an idle component would save.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RightSizing {
    pub instances_needed: u32,
    pub monthly_saving: f64,
}

/// Something that breaks that is not a queue growing at the peak.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Violation {
    /// More connections demanded than a database node or pooler accepts.
    Connections(ConnectionBudget),
    /// More requests than an external API allows.
    RateLimit { component: ComponentId, rate: f64, limit: f64 },
    /// A queue's consumers cannot keep up with the day's average.
    UnboundedBacklog { component: ComponentId, average_inflow: f64, average_capacity: f64, growth_per_day: f64 },
    /// Autoscaling needs more instances than its maximum.
    ScalingCapped { component: ComponentId, needed: u32, ceiling: u32 },
    /// A deployable's code and its modules do not fit an instance's memory.
    Memory { component: ComponentId, needed_mb: f64, available_mb: f64 },
}

impl Violation {
    pub fn component(&self) -> &ComponentId {
        match self {
            Violation::Connections(budget) => &budget.component,
            Violation::RateLimit { component, .. }
            | Violation::UnboundedBacklog { component, .. }
            | Violation::ScalingCapped { component, .. }
            | Violation::Memory { component, .. } => component,
        }
    }
}

/// Money, for the whole system.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CostSummary {
    /// Dollars per month at this growth.
    pub monthly_total: f64,
    /// Requests entering per month (the day's average rate × 30 days).
    pub monthly_requests: f64,
    /// Dollars per million entering requests; `None` without traffic.
    pub per_million_requests: Option<f64>,
    /// Dollars per month right-sizing the idle components would save.
    pub right_sizing_saving: f64,
}

impl ComponentLoad {
    pub fn is_saturated(&self) -> bool {
        self.status == Status::Saturated
    }

    pub fn response_time(&self) -> Option<f64> {
        self.queueing.map(|q| q.response_time)
    }
}

/// Requests per second carried by one dependency.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DependencyFlow {
    pub id: DependencyId,
    pub rate: f64,
    /// The reads among them: what a cache on this arrow could answer. An
    /// arrow out of a cache also carries the writes it passes through.
    pub reads: f64,
}

/// End-to-end latency of requests entering at one component.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntryLatency {
    pub component: ComponentId,
    /// Requests per second entering here at this growth.
    pub rate: f64,
    /// Seconds a request waits end to end along synchronous calls; `None`
    /// when a component it waits for is saturated.
    pub latency: Option<f64>,
    /// Synchronous visits per entering request, per component in document
    /// order.
    pub visit_ratios: Vec<f64>,
}

/// When one component saturates as the system grows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Saturation {
    pub component: ComponentId,
    /// Growth multiplier (absolute, like the dial) at which it saturates.
    pub saturates_at: f64,
    /// Which limit it reaches.
    pub limit: Limit,
}

/// The kind of limit a component reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Limit {
    /// Utilisation reaches the limit at the peak.
    Throughput,
    /// The day's average reaches what its consumers can do.
    DailyAverage,
    /// Its clients open more connections than it accepts.
    Connections,
}

/// Something the user should know that is not a number in the table.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Warning {
    /// A loop multiplies traffic instead of damping it (`gain` at least 1,
    /// or unknown for a tangle of loops), or damps it too little to plan
    /// with (`gain` just below 1).
    AmplifyingLoop { members: Vec<ComponentId>, gain: Option<f64> },
    /// No traffic enters anywhere, so nothing can be judged.
    NoEntryPoints,
}

impl From<AmplifyingLoop> for Warning {
    fn from(found: AmplifyingLoop) -> Warning {
        Warning::AmplifyingLoop {
            members: found.members,
            gain: if found.gain.is_finite() { Some(found.gain) } else { None },
        }
    }
}

/// Everything the engine says about a document at one growth.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub growth: f64,
    pub comfort_line: f64,
    pub utilisation_limit: f64,
    /// In document order.
    pub components: Vec<ComponentLoad>,
    /// In document order.
    pub dependencies: Vec<DependencyFlow>,
    pub entries: Vec<EntryLatency>,
    /// Every component with traffic, soonest to saturate first; ties keep
    /// document order. Connection limits rank beside throughput.
    pub ranking: Vec<Saturation>,
    pub warnings: Vec<Warning>,
    /// Connection limits, rate limits, unbounded queues, capped scaling.
    pub violations: Vec<Violation>,
    /// Every database and pooler's connection budget, exceeded or not.
    pub connections: Vec<ConnectionBudget>,
    pub cost: CostSummary,
    /// Where each component's load is, for lookups by id (not printed).
    #[serde(skip)]
    pub positions: crate::model::PositionCache,
}

impl Report {
    /// The component that limits growth.
    pub fn bottleneck(&self) -> Option<&Saturation> {
        self.ranking.first()
    }

    /// How much more growth the whole system takes from the current growth
    /// before the bottleneck reaches the utilisation limit.
    pub fn headroom(&self) -> Option<f64> {
        self.bottleneck().map(|b| b.saturates_at / self.growth)
    }

    pub fn component(&self, id: &ComponentId) -> Option<&ComponentLoad> {
        self.positions.find(&self.components, id, |c| &c.id)
    }

    /// Where the load of component `id` is in [`Report::components`]
    /// (and so the component in its document's).
    pub fn position(&self, id: &ComponentId) -> Option<usize> {
        self.positions.position(&self.components, id, |c| &c.id)
    }

    pub fn saturated(&self) -> impl Iterator<Item = &ComponentLoad> {
        self.components.iter().filter(|c| c.is_saturated())
    }
}

//! The automatic plan: given a target growth and a utilisation ceiling,
//! search for the sequence of interventions that reaches it at the least
//! monthly cost. Interventions are the moves a team makes: scale out, raise
//! an autoscaling maximum, add read replicas, put a cache in front of a
//! read-heavy store, add a connection pooler, move a deferrable call onto a
//! queue, extract a module, shard a store.
//!
//! The search is best-first over architectures, lowest floor first (A*):
//! an architecture's floor (`plan_floor`) is the least any plan through
//! it can cost, so once a plan is found, every architecture whose floor
//! is not below it is set aside, and when none is left the plan is proven
//! the cheapest. Duplicates (the same architecture reached in another
//! order) are merged. Moves are generated only for what fails the target,
//! each sized to the least that fixes it in the current architecture;
//! real choices (a database's replicas, shards, bigger box or cache;
//! extracting a module; deferring a call) are branched on, while moves
//! every plan needs (a plain service that can only grow) are applied
//! together once no choice is left, so they are sized for the
//! architecture the choices produced. When the budget runs out first, the
//! plan is finished greedily and the least floor left unexamined says how
//! far it can be from the cheapest. It runs in slices (`step`), so a page
//! can show progress and cancel, never freeze.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashSet, VecDeque};
use std::hash::{Hash, Hasher};
use std::ops::Range;

use serde::Serialize;

use super::{instances_needed, Analysis, Limit, Report, Violation};
use super::strongly_connected::{each_component, Successors};
use super::plan_floor::CostFloor;
use super::traffic::ComponentIndex;
use rustc_hash::FxHashSet;
use crate::model::{
    CallKind, CallMode, Command, Component, ComponentId, ComponentKind, Dependency, DependencyId,
    Document,
};

/// What the plan must reach.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PlanTarget {
    /// Growth multiplier to reach (like the dial).
    pub growth: f64,
    /// Highest utilisation allowed anywhere at that growth (0..=1).
    pub ceiling: f64,
}

/// How the search behaves.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PlanSettings {
    /// Hit ratio assumed for a cache the plan adds.
    pub cache_hit_ratio: f64,
    /// Architectures examined before the search settles for the best found.
    pub max_expansions: usize,
    /// Longest plan considered.
    pub max_steps: usize,
}

impl PlanSettings {
    /// Defaults with a budget scaled to the architecture: examining one
    /// costs time in proportion to its size, so a large model gets fewer
    /// (and then finishes greedily) to stay within seconds.
    pub fn for_document(doc: &Document) -> PlanSettings {
        let size = doc.components.len().max(1);
        PlanSettings { max_expansions: (60_000 / size).clamp(200, 4_000), ..PlanSettings::default() }
    }
}

impl Default for PlanSettings {
    fn default() -> Self {
        // 80% is a conservative hit ratio for a read-through cache of hot
        // rows; the budget keeps a 100-component search under seconds.
        PlanSettings { cache_hit_ratio: 0.8, max_expansions: 4_000, max_steps: 200 }
    }
}

/// One move.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Intervention {
    /// Run more instances (for a database: more workers per node, a bigger
    /// box; for a function: a higher concurrency limit).
    ScaleOut { component: ComponentId, instances: u32 },
    /// Let an autoscaled component grow further (or start autoscaling).
    RaiseMaximum { component: ComponentId, max_instances: u32 },
    AddReplicas { component: ComponentId, replicas: u32 },
    Shard { component: ComponentId, shards: u32 },
    /// A cache in front of a store: reads go through it.
    AddCache { store: ComponentId, hit_ratio: f64 },
    /// A pooler between a database and its clients.
    AddPooler { database: ComponentId },
    /// The caller no longer waits: the call goes through a queue.
    DeferToQueue { dependency: DependencyId },
    /// A module becomes its own service.
    ExtractModule { module: ComponentId },
}

/// The figures before and after a step, at the target growth.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StepFigures {
    /// Growth at which the first limit is reached.
    pub headroom: Option<f64>,
    /// The component that limits growth.
    pub bottleneck: Option<ComponentId>,
    pub bottleneck_limit: Option<Limit>,
    /// Dollars per month at the target growth, overheads included.
    pub monthly_cost: f64,
    /// Components still failing the target.
    pub failing: usize,
}

/// What runs out when a limit binds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Resource {
    /// Utilisation reaches the limit at the peak.
    Throughput,
    /// The day's average reaches what its consumers can do.
    DailyAverage,
    /// Its clients open more connections than it accepts.
    Connections,
    /// Its code and modules do not fit an instance's memory.
    Memory,
}

impl From<Limit> for Resource {
    fn from(limit: Limit) -> Resource {
        match limit {
            Limit::Throughput => Resource::Throughput,
            Limit::DailyAverage => Resource::DailyAverage,
            Limit::Connections => Resource::Connections,
        }
    }
}

/// One limit of an architecture: which component, what runs out, and the
/// growth at which it does.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Binding {
    pub component: ComponentId,
    pub resource: Resource,
    /// Growth (absolute, like the dial) at which it binds; `None` for
    /// memory, which does not depend on growth.
    pub at: Option<f64>,
}

/// What a step unlocks: the limit it lifts and the limit that binds next.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Unlock {
    /// The limit the step lifts: among the limits of what it acts on (the
    /// component it resizes, the store behind a new cache, the host of an
    /// extracted module…), the first to bind whose growth the step moves.
    pub lifts: Option<Binding>,
    /// Where that limit binds after the step; `None` when it no longer
    /// binds at any growth.
    pub lifted_to: Option<f64>,
    /// The limit that binds first after the step (it sets the headroom).
    pub next: Option<Binding>,
}

/// Why a step that was one choice among several moves (a database's
/// replicas, shards, bigger box or cache; extracting a module; deferring a
/// call) is the one in the plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Choice {
    /// The other moves the catalogue offered at that point, each with what
    /// it alone would have done.
    pub alternatives: Vec<Alternative>,
    /// Moves the catalogue did not offer, and why.
    pub ruled_out: Vec<RuledOut>,
}

/// A move the plan could have made instead.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alternative {
    pub intervention: Intervention,
    /// Dollars per month it alone would have added at the target growth.
    pub added_monthly_cost: f64,
    /// Where the limit the step lifts would bind after it alone (`None`:
    /// no longer at all).
    pub binds_at: Option<f64>,
    /// Whether the component the step acts on would still fail the target.
    pub still_fails: bool,
}

/// A move of the catalogue that was not on offer, and why.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RuledOut {
    /// Read replicas: every replica applies every write, so the busiest
    /// node would stay as busy.
    ReplicasDoNotHelp,
    /// Read replicas: no reads reach the store.
    NoReads,
    /// Read replicas: even the most a plan tries would not be enough.
    TooManyReplicas { most: u32 },
    /// Shards: even the most a plan tries would not be enough.
    TooManyShards { most: u32 },
    /// A bigger box would need `workers` workers, more than the `most` a
    /// plan will go to (four times the current ones, and 64 at most).
    BoxTooBig { workers: u32, most: u32 },
    /// A cache: there is one in front already.
    CacheInFront,
    /// A cache: nothing reads through one (only writes arrive).
    NothingToCache,
}

/// Most replicas or shards a plan tries.
const MOST_NODES: u32 = 64;

/// One step of a plan: what to do, the edit that does it, and what it
/// changes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlanStep {
    pub intervention: Intervention,
    /// The edit, as one undoable command.
    #[serde(skip)]
    pub command: Command,
    pub before: StepFigures,
    pub after: StepFigures,
    /// The limit it lifts and what binds next.
    pub unlock: Unlock,
    /// When the step was a choice: what else was possible and why this.
    pub choice: Option<Choice>,
    /// The architecture the step applies to (names of components an
    /// earlier step added live here).
    #[serde(skip)]
    pub before_doc: Document,
}

/// The cheapest way found to reach the target.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Plan {
    pub target: PlanTarget,
    pub steps: Vec<PlanStep>,
    /// Whether the target is met after the last step.
    pub reached: bool,
    /// Dollars per month the plan adds at the target growth (can be
    /// negative when it also removes waste).
    pub added_monthly_cost: f64,
    /// Architectures examined.
    pub explored: usize,
    /// Whether the plan is proven the cheapest the catalogue of moves
    /// allows: every architecture left unexamined could not cost less
    /// (otherwise the budget ran out and the plan is the best found).
    pub exhaustive: bool,
    /// The least any plan could add, dollars per month: what the search
    /// can prove of the cheapest. Equal to `added_monthly_cost` when
    /// exhaustive; otherwise the gap between them is the most this plan
    /// can cost above the cheapest. `None` when the plan leaves short
    /// something the bound counts on fixing.
    pub least_added_monthly_cost: Option<f64>,
    /// Components still short of the target that no move can fix (an
    /// external API's rate limit, a write-bound store beyond 64 shards).
    pub unfixable: Vec<ComponentId>,
    /// The architecture after the last step.
    #[serde(skip)]
    pub result: Document,
}

impl PlanStep {
    /// Whether the step changes the headroom (beyond rounding).
    pub fn moves_headroom(&self) -> bool {
        !same_growth(self.before.headroom, self.after.headroom)
    }
}

impl Plan {
    /// The steps in groups that each move the headroom (see
    /// [`step_groups`]).
    pub fn groups(&self) -> Vec<Range<usize>> {
        step_groups(&self.steps)
    }
}

/// Steps grouped so that each group moves the headroom: a step that leaves
/// it where it was (another limit binds at the same growth) only prepares
/// a later one, so it goes with the steps after it, up to the one that
/// moves it. Steps at the end that move nothing prepare nothing either
/// (what holds the headroom is beyond the plan): each stands alone.
pub fn step_groups(steps: &[PlanStep]) -> Vec<Range<usize>> {
    let mut groups = Vec::new();
    let mut start = 0;
    for (k, step) in steps.iter().enumerate() {
        if step.moves_headroom() {
            groups.push(start..k + 1);
            start = k + 1;
        }
    }
    groups.extend((start..steps.len()).map(|k| k..k + 1));
    groups
}

/// Two growths equal but for rounding.
fn same_growth(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0),
        (None, None) => true,
        _ => false,
    }
}

/// Every limit of a report: the ranking (soonest first), then memory.
fn bindings(report: &Report) -> Vec<Binding> {
    let ranked = report.ranking.iter().map(|s| Binding {
        component: s.component.clone(),
        resource: s.limit.into(),
        at: Some(s.saturates_at),
    });
    let memory = report.violations.iter().filter_map(|v| match v {
        Violation::Memory { component, .. } => {
            Some(Binding { component: component.clone(), resource: Resource::Memory, at: None })
        }
        _ => None,
    });
    ranked.chain(memory).collect()
}

/// The components whose limits a move acts on, on the architecture before
/// it: the one it resizes, the store behind a new cache or pooler, the
/// callee of a deferred call, the host of an extracted module and the
/// databases that host holds connections to.
fn subjects(doc: &Document, intervention: &Intervention) -> Vec<ComponentId> {
    match intervention {
        Intervention::ScaleOut { component, .. }
        | Intervention::RaiseMaximum { component, .. }
        | Intervention::AddReplicas { component, .. }
        | Intervention::Shard { component, .. } => vec![component.clone()],
        Intervention::AddCache { store, .. } => vec![store.clone()],
        Intervention::AddPooler { database } => vec![database.clone()],
        Intervention::DeferToQueue { dependency } => doc.dependency(dependency).map(|d| vec![d.to.clone()]).unwrap_or_default(),
        Intervention::ExtractModule { module } => {
            let Some(host) = doc.component(module).and_then(|m| m.host()).cloned() else { return Vec::new() };
            let databases = doc
                .dependencies
                .iter()
                .filter(|d| d.from == host && doc.component(&d.to).is_some_and(|c| c.kind == ComponentKind::Database))
                .map(|d| d.to.clone());
            std::iter::once(host.clone()).chain(databases).collect()
        }
    }
}

/// Where the limit `of` binds in `after`: `None` if it is gone, else its
/// growth.
fn rebound(of: &Binding, after: &[Binding]) -> Option<Option<f64>> {
    after.iter().find(|b| b.component == of.component && b.resource == of.resource).map(|b| b.at)
}

/// What a move unlocks: the first limit of what it acts on that it moves
/// (or, if it moves none, the first of them), and what binds next.
fn unlock(before_doc: &Document, intervention: &Intervention, before: &Report, after: &Report) -> Unlock {
    let subjects = subjects(before_doc, intervention);
    let (before, after) = (bindings(before), bindings(after));
    let own: Vec<&Binding> = before.iter().filter(|b| subjects.contains(&b.component)).collect();
    let moved = |b: &&Binding| rebound(b, &after).is_none_or(|at| !same_growth(at, b.at));
    let lifts = own.iter().find(|b| moved(b)).or(own.first()).map(|b| (*b).clone());
    let lifted_to = lifts.as_ref().and_then(|b| rebound(b, &after).flatten());
    let next = after.into_iter().find(|b| b.at.is_some());
    Unlock { lifts, lifted_to, next }
}

/// Where a running search stands.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct SearchProgress {
    pub explored: usize,
    pub waiting: usize,
    /// Added monthly cost of the best plan found so far.
    pub best_added_cost: Option<f64>,
    pub done: bool,
}

/// Something that fails the target.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Failure {
    Capacity(usize),
    Connections(usize),
    Memory(usize),
}

/// An architecture judged against the target.
struct Assessment {
    failures: Vec<Failure>,
    /// Monthly cost at the target growth, without overheads.
    cost: f64,
    figures: StepFigures,
    report: Report,
}

fn assess(doc: &Document, target: PlanTarget, overheads: f64) -> Assessment {
    let report = Analysis::new(doc).report_at(target.growth);
    let mut failures = Vec::new();
    let components = ComponentIndex::new(doc);
    let index = |id: &ComponentId| components.get(id);
    for saturation in &report.ranking {
        let Some(i) = index(&saturation.component) else { continue };
        let reached = match saturation.limit {
            Limit::Connections => saturation.saturates_at,
            Limit::Throughput | Limit::DailyAverage => {
                saturation.saturates_at * target.ceiling / report.utilisation_limit
            }
        };
        // A hair of tolerance: sizing to exactly the ceiling must count.
        if reached < target.growth * (1.0 - 1e-9) {
            failures.push(match saturation.limit {
                Limit::Connections => Failure::Connections(i),
                _ => Failure::Capacity(i),
            });
        }
    }
    for violation in &report.violations {
        if let Violation::Memory { component, .. } = violation {
            if let Some(i) = index(component) {
                failures.push(Failure::Memory(i));
            }
        }
    }
    let cost = report.cost.monthly_total;
    let figures = StepFigures {
        headroom: report.bottleneck().map(|b| b.saturates_at),
        bottleneck: report.bottleneck().map(|b| b.component.clone()),
        bottleneck_limit: report.bottleneck().map(|b| b.limit),
        monthly_cost: cost + overheads,
        failing: failures.len(),
    };
    Assessment { failures, cost, figures, report }
}

/// A fresh id that no component of `doc` uses.
/// An id no component or dependency of `doc` uses, from `base`.
pub(crate) fn fresh_id(doc: &Document, base: &str) -> String {
    let base: String = base.chars().take(56).collect();
    let mut candidate = base.clone();
    let mut n = 2;
    while doc.components.iter().any(|c| c.id.as_str() == candidate)
        || doc.dependencies.iter().any(|d| d.id.as_str() == candidate)
    {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    candidate
}

fn dependency(id: String, from: &ComponentId, to: &ComponentId, mode: CallMode) -> Dependency {
    Dependency { id: id.into(), from: from.clone(), to: to.clone(), calls: 1.0, kind: CallKind::Call, mode, deferrable: false, routing: crate::model::Routing::Calls, repeat_share: None }
}

impl Intervention {
    /// The edit that makes this move on `doc`, or `None` if it no longer
    /// applies (the component is gone).
    pub fn command(&self, doc: &Document) -> Option<Command> {
        let update = |id: &ComponentId, edit: &dyn Fn(&mut Component)| {
            let mut component = doc.component(id)?.clone();
            edit(&mut component);
            Some(Command::UpdateComponent(component))
        };
        match self {
            Intervention::ScaleOut { component, instances } => update(component, &|c| {
                c.instances = *instances;
                if let Some(max) = c.max_instances.as_mut() {
                    *max = (*max).max(*instances);
                }
            }),
            Intervention::RaiseMaximum { component, max_instances } => {
                update(component, &|c| c.max_instances = Some((*max_instances).max(c.instances)))
            }
            Intervention::AddReplicas { component, replicas } => update(component, &|c| {
                if let Some(db) = c.database.as_mut() {
                    db.read_replicas = *replicas;
                }
            }),
            Intervention::Shard { component, shards } => update(component, &|c| {
                if let Some(db) = c.database.as_mut() {
                    db.shards = *shards;
                }
            }),
            Intervention::AddCache { store, hit_ratio } => {
                let target = doc.component(store)?;
                let id = fresh_id(doc, &format!("cache-{store}"));
                let mut cache =
                    Component::with_defaults(id.clone(), format!("Cache for {}", target.name), ComponentKind::Cache);
                cache.hit_ratio = Some(*hit_ratio);
                let cache_id = cache.id.clone();
                let mut commands = vec![Command::add(cache)];
                for d in &doc.dependencies {
                    let caller_is_cache = doc.component(&d.from).is_some_and(|c| c.kind.serves_hits());
                    if &d.to == store && d.kind != CallKind::Write && !caller_is_cache {
                        commands.push(Command::UpdateDependency(Dependency { to: cache_id.clone(), ..d.clone() }));
                    }
                }
                let link = dependency(fresh_id(doc, &format!("{id}-{store}")), &cache_id, store, CallMode::Sync);
                commands.push(Command::Insert { components: vec![], dependencies: vec![(usize::MAX, link)], entries: vec![] });
                Some(Command::Batch(commands))
            }
            Intervention::AddPooler { database } => {
                let target = doc.component(database)?;
                let id = fresh_id(doc, &format!("pooler-{database}"));
                let mut pooler = Component::with_defaults(
                    id.clone(),
                    format!("Pooler for {}", target.name),
                    ComponentKind::ConnectionPooler,
                );
                let limit = target.database.as_ref().map(|d| d.max_connections).unwrap_or(100);
                if let Some(settings) = pooler.pooler.as_mut() {
                    // Leave room for clients that stay direct.
                    settings.server_pool = settings.server_pool.min((limit / 2).max(1));
                }
                let pooler_id = pooler.id.clone();
                let mut commands = vec![Command::add(pooler)];
                for d in &doc.dependencies {
                    let holds = doc
                        .component(&d.from)
                        .is_some_and(|c| (c.kind.holds_connections() && c.connection_pool.is_some()) || c.host().is_some());
                    if &d.to == database && holds {
                        commands.push(Command::UpdateDependency(Dependency { to: pooler_id.clone(), ..d.clone() }));
                    }
                }
                let link = dependency(fresh_id(doc, &format!("{id}-{database}")), &pooler_id, database, CallMode::Sync);
                commands.push(Command::Insert { components: vec![], dependencies: vec![(usize::MAX, link)], entries: vec![] });
                Some(Command::Batch(commands))
            }
            Intervention::DeferToQueue { dependency: dep_id } => {
                let d = doc.dependency(dep_id)?.clone();
                let id = fresh_id(doc, &format!("queue-{}", d.to));
                let callee = doc.component(&d.to)?;
                let queue = Component::with_defaults(id.clone(), format!("Queue to {}", callee.name), ComponentKind::Queue);
                let queue_id = queue.id.clone();
                let link = dependency(fresh_id(doc, &format!("{id}-{}", d.to)), &queue_id, &d.to, CallMode::Async);
                Some(Command::Batch(vec![
                    Command::add(queue),
                    Command::UpdateDependency(Dependency { to: queue_id, mode: CallMode::Async, deferrable: false, ..d }),
                    Command::Insert { components: vec![], dependencies: vec![(usize::MAX, link)], entries: vec![] },
                ]))
            }
            Intervention::ExtractModule { module } => {
                let analysis = Analysis::new(doc);
                let m = doc.components.iter().position(|c| &c.id == module)?;
                let verdict = analysis.extraction_verdict(m, doc.scenario.growth)?;
                let component = doc.component(module)?;
                let host = doc.component(&verdict.host)?;
                let cpu_ms = component.module.as_ref()?.cpu_ms_per_request;
                let calls_database = doc.dependencies.iter().any(|d| {
                    &d.from == module && doc.component(&d.to).is_some_and(|t| t.kind == ComponentKind::Database)
                });
                let price_share = if verdict.extract.module_instances > 0 {
                    let host_part = f64::from(verdict.extract.host_instances) * host.monthly_cost_per_instance;
                    (verdict.extract.monthly_cost - verdict.overhead_monthly - host_part)
                        / f64::from(verdict.extract.module_instances)
                } else {
                    host.monthly_cost_per_instance
                };
                let service = Component {
                    kind: ComponentKind::Service,
                    module: None,
                    instances: 1,
                    max_instances: Some(verdict.extract.module_instances.max(1)),
                    throughput_per_instance: 1000.0 / cpu_ms,
                    monthly_cost_per_instance: price_share.max(0.0),
                    connection_pool: if calls_database { host.connection_pool } else { None },
                    // Every call into it now crosses the network.
                    base_latency_ms: component.base_latency_ms + doc.scenario.overhead.hop_latency_ms,
                    memory_mb: Some(host.memory_mb.unwrap_or(0.0) + component.memory_mb.unwrap_or(0.0)),
                    instance_memory_mb: host.instance_memory_mb,
                    ..component.clone()
                };
                Some(Command::UpdateComponent(service))
            }
        }
    }

    /// Whether this move adds a deployable (and so the per-service
    /// overhead).
    pub fn adds_service(&self) -> bool {
        matches!(self, Intervention::ExtractModule { .. })
    }
}

/// Moves that could fix what fails, each sized to the least that fixes it,
/// split into real choices (a component with several ways out: a database,
/// a host with modules, a callee whose call could be deferred) and forced
/// moves (a plain component that can only grow).
fn interventions(doc: &Document, assessment: &Assessment, target: PlanTarget, settings: &PlanSettings) -> Moves {
    let wiring = Wiring::new(doc);
    let mut per_component: Vec<(usize, Vec<Intervention>)> = Vec::new();
    let mut out: Vec<Intervention> = Vec::new();
    let report = &assessment.report;
    // A module is offered once, for the first failure it can relieve (its
    // host's capacity or memory, or a database its host connects to).
    let mut offered_modules: FxHashSet<usize> = FxHashSet::default();
    let push = |out: &mut Vec<Intervention>, before: usize, i: Intervention| {
        if !out[before..].contains(&i) {
            out.push(i);
        }
    };
    let mut push_modules = |out: &mut Vec<Intervention>, h: usize| {
        for &m in &wiring.modules[h] {
            if offered_modules.insert(m) {
                out.push(Intervention::ExtractModule { module: doc.components[m].id.clone() });
            }
        }
    };
    for failure in &assessment.failures {
        let before = out.len();
        let failing = match *failure {
            Failure::Capacity(i) | Failure::Connections(i) | Failure::Memory(i) => i,
        };
        match *failure {
            Failure::Capacity(i) => {
                let component = &doc.components[i];
                let Some(load) = report.components.get(i) else { continue };
                push_modules(&mut out, i);
                for &(d, _) in &wiring.incoming[i] {
                    let d = &doc.dependencies[d];
                    if d.deferrable && d.mode == CallMode::Sync {
                        push(&mut out, before, Intervention::DeferToQueue { dependency: d.id.clone() });
                    }
                }
                match component.kind {
                    ComponentKind::Database => {
                        for move_ in database_moves(component, load, target).0 {
                            push(&mut out, before, move_);
                        }
                        if cache_refusal(doc, &wiring, i, load.read_rate).is_none() {
                            push(&mut out, before, Intervention::AddCache { store: component.id.clone(), hit_ratio: settings.cache_hit_ratio });
                        }
                    }
                    ComponentKind::ExternalApi => {
                        // Only answers to reads can be cached.
                        if cache_refusal(doc, &wiring, i, load.read_rate).is_none() {
                            push(&mut out, before, Intervention::AddCache { store: component.id.clone(), hit_ratio: settings.cache_hit_ratio });
                        }
                    }
                    ComponentKind::Module if component.host().is_some() => {}
                    _ => {
                        let needed = instances_to_pass(load, target.ceiling);
                        // Autoscaling up to what is needed never costs more
                        // than running it all day (it pays by the hour), so
                        // a component that can autoscale is let to; one that
                        // cannot (a function's concurrency limit) is scaled.
                        let autoscalable = component.kind.can_autoscale() && component.kind != ComponentKind::Function;
                        if autoscalable && needed > component.instance_ceiling() {
                            push(&mut out, before, Intervention::RaiseMaximum { component: component.id.clone(), max_instances: needed });
                        } else if !autoscalable && needed > component.instances {
                            push(&mut out, before, Intervention::ScaleOut { component: component.id.clone(), instances: needed });
                        }
                    }
                }
            }
            Failure::Connections(i) => {
                let component = &doc.components[i];
                match component.kind {
                    ComponentKind::Database => {
                        let direct = wiring.callers(i).any(|c| {
                            let c = &doc.components[c];
                            (c.kind.holds_connections() && c.connection_pool.is_some()) || c.host().is_some()
                        });
                        if direct {
                            push(&mut out, before, Intervention::AddPooler { database: component.id.clone() });
                        }
                        // A host scaled for a hot module holds connections
                        // for it: extracting the module can relieve them.
                        for h in wiring.callers(i) {
                            push_modules(&mut out, h);
                        }
                    }
                    ComponentKind::ConnectionPooler => {
                        let budget = report.connections.iter().find(|b| b.component == component.id);
                        if let (Some(budget), Some(pooler)) = (budget, &component.pooler) {
                            let per_instance = pooler.max_client_connections.max(1);
                            let needed = budget.demand_at_ceiling.div_ceil(per_instance).max(component.instances + 1);
                            push(&mut out, before, Intervention::ScaleOut { component: component.id.clone(), instances: needed });
                        }
                    }
                    _ => {}
                }
            }
            Failure::Memory(h) => push_modules(&mut out, h),
        }
        per_component.push((failing, out[before..].to_vec()));
    }
    // Decide one component at a time, upstream first: a cache or a queue
    // upstream changes what everything behind it needs, so downstream
    // choices are sized after it. Branching on one component's options per
    // step (not on every option of every component) also means each
    // combination is reached in one order only.
    let rank = upstream_rank(doc, &wiring);
    per_component.sort_by_key(|&(i, _)| rank[i]);
    let mut moves = Moves::default();
    for (_, options) in per_component {
        let forced = matches!(
            options.as_slice(),
            [Intervention::ScaleOut { .. }] | [Intervention::RaiseMaximum { .. }]
        );
        if forced {
            for option in options {
                if !moves.forced.contains(&option) {
                    moves.forced.push(option);
                }
            }
        } else if moves.choices.is_empty() && !options.is_empty() {
            moves.choices = options;
        } else if !options.is_empty() {
            moves.later += 1;
        }
    }
    moves
}

/// The fewest instances that keep a plain component's busiest tier under
/// `ceiling` at `load`: its work per second in instance-seconds (ρ × c),
/// over the day's average when it is judged over the day.
pub(super) fn instances_to_pass(load: &super::ComponentLoad, ceiling: f64) -> u32 {
    let busiest = load.tiers.iter().map(|t| t.utilisation * f64::from(t.servers)).fold(0.0, f64::max);
    let divisor = match &load.day {
        Some(day) if day.inflow.iter().cloned().fold(0.0, f64::max) > 0.0 => {
            day.average_inflow / day.inflow.iter().cloned().fold(0.0, f64::max)
        }
        _ => 1.0,
    };
    instances_needed(busiest * divisor, 1.0, ceiling).max(1)
}

/// Each component's place when they are listed upstream first (a
/// topological order; document order among equals and inside loops).
fn upstream_rank(doc: &Document, wiring: &Wiring) -> Vec<usize> {
    let edges = wiring.edges.iter().copied().filter(|(from, to)| from != to);
    let graph = Successors::new(doc.components.len(), edges);
    let mut sccs: Vec<Vec<usize>> = Vec::new();
    each_component(&graph, |scc| sccs.push(scc.to_vec()));
    sccs.reverse();
    let mut rank = vec![usize::MAX; doc.components.len()];
    let order = sccs.into_iter().flat_map(|mut scc| {
        scc.sort_unstable();
        scc
    });
    for (place, n) in order.enumerate() {
        rank[n] = place;
    }
    rank
}

/// Who calls whom and who hosts whom, by position: built once per
/// architecture, so generating its moves reads a component's neighbours
/// instead of scanning every dependency for each failure.
pub(super) struct Wiring {
    /// (caller, callee) of each dependency whose ends both exist.
    edges: Vec<(usize, usize)>,
    /// Per component, the dependencies into it whose caller exists: the
    /// dependency's position in the document's list and the caller's.
    incoming: Vec<Vec<(usize, usize)>>,
    /// Per component, the modules it hosts.
    modules: Vec<Vec<usize>>,
}

impl Wiring {
    pub(super) fn new(doc: &Document) -> Wiring {
        let index = ComponentIndex::new(doc);
        let n = doc.components.len();
        let mut incoming = vec![Vec::new(); n];
        let mut edges = Vec::with_capacity(doc.dependencies.len());
        for (k, d) in doc.dependencies.iter().enumerate() {
            if let (Some(from), Some(to)) = (index.get(&d.from), index.get(&d.to)) {
                edges.push((from, to));
                incoming[to].push((k, from));
            }
        }
        let mut modules = vec![Vec::new(); n];
        for (m, component) in doc.components.iter().enumerate() {
            if let Some(h) = component.host().and_then(|h| index.get(h)) {
                modules[h].push(m);
            }
        }
        Wiring { edges, incoming, modules }
    }

    /// The callers of component `i`, once per dependency.
    fn callers(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.incoming[i].iter().map(|&(_, from)| from)
    }
}

/// The moves for one architecture.
#[derive(Default)]
struct Moves {
    /// Alternatives to branch on: the options of the most upstream
    /// component that has a real choice.
    choices: Vec<Intervention>,
    /// Components with choices decided after this one.
    later: usize,
    /// Moves every plan from here needs; applied together once no choice
    /// is left, so that they are sized for the architecture the choices
    /// produced.
    forced: Vec<Intervention>,
}

/// Why no cache goes in front of `store`, or `None` when one may: only
/// reads from callers that are not caches themselves can be cached.
pub(super) fn cache_refusal(doc: &Document, wiring: &Wiring, store: usize, read_rate: f64) -> Option<RuledOut> {
    let serves_hits = |caller: usize| doc.components[caller].kind.serves_hits();
    let in_front = wiring.callers(store).any(serves_hits);
    let read_callers = wiring.incoming[store]
        .iter()
        .any(|&(d, caller)| doc.dependencies[d].kind != CallKind::Write && !serves_hits(caller));
    if in_front {
        Some(RuledOut::CacheInFront)
    } else if !read_callers || read_rate <= 0.0 {
        Some(RuledOut::NothingToCache)
    } else {
        None
    }
}

/// The moves of the catalogue not on offer for component `i`'s capacity,
/// and why: for a database its replicas, shards, bigger box and cache;
/// for an external API its cache.
fn capacity_ruled_out(doc: &Document, report: &Report, i: usize, target: PlanTarget) -> Vec<RuledOut> {
    let (Some(component), Some(load)) = (doc.components.get(i), report.components.get(i)) else { return Vec::new() };
    let mut ruled_out = match component.kind {
        ComponentKind::Database => database_moves(component, load, target).1,
        ComponentKind::ExternalApi => Vec::new(),
        _ => return Vec::new(),
    };
    ruled_out.extend(cache_refusal(doc, &Wiring::new(doc), i, load.read_rate));
    ruled_out
}

/// Requests per second at a database's busiest primary and at each of
/// its replicas, with `replicas` per shard and `shards` shards: a replica
/// applies every write of its shard, and a fanned-out query reaches every
/// shard.
pub(super) fn node_loads(db: &crate::model::DatabaseSettings, reads: f64, writes: f64, replicas: u32, shards: u32) -> (f64, f64) {
    let per_shard = super::tiers::per_shard_share(db.fan_out_share, shards);
    let on_primary = super::tiers::primary_read_share(db.reads_on_primary, replicas);
    let primary = per_shard * (writes + reads * on_primary);
    let replica = if replicas > 0 { per_shard * (reads * (1.0 - on_primary) / f64::from(replicas) + writes) } else { 0.0 };
    (primary, replica)
}

/// Replicas, shards or bigger nodes for a database, each the least that
/// brings its nodes under the ceiling; and those not on offer, with why.
pub(super) fn database_moves(component: &Component, load: &super::ComponentLoad, target: PlanTarget) -> (Vec<Intervention>, Vec<RuledOut>) {
    let Some(db) = &component.database else { return (Vec::new(), Vec::new()) };
    let (reads, writes) = (load.read_rate, load.write_rate);
    let node_capacity = f64::from(component.instances) * component.throughput_per_instance * target.ceiling;
    let loads = |replicas: u32, shards: u32| node_loads(db, reads, writes, replicas, shards);
    let mut moves = Vec::new();
    let mut ruled_out = Vec::new();
    let current = loads(db.read_replicas, db.shards);
    let worst = current.0.max(current.1);
    let per_shard = (1.0 - db.fan_out_share) / f64::from(db.shards.max(1)) + db.fan_out_share;
    if reads > 0.0 {
        match (db.read_replicas + 1..=MOST_NODES).find(|&n| loads(n, db.shards).1 <= node_capacity) {
            Some(replicas) => {
                let after = loads(replicas, db.shards);
                if after.0.max(after.1) < worst {
                    moves.push(Intervention::AddReplicas { component: component.id.clone(), replicas });
                } else {
                    ruled_out.push(RuledOut::ReplicasDoNotHelp);
                }
            }
            // Writes alone fill a replica: more of them cannot help.
            None if per_shard * writes >= node_capacity => ruled_out.push(RuledOut::ReplicasDoNotHelp),
            None => ruled_out.push(RuledOut::TooManyReplicas { most: MOST_NODES }),
        }
    } else {
        ruled_out.push(RuledOut::NoReads);
    }
    match (db.shards + 1..=MOST_NODES).find(|&s| {
        let (p, r) = loads(db.read_replicas, s);
        p <= node_capacity && r <= node_capacity
    }) {
        Some(shards) => moves.push(Intervention::Shard { component: component.id.clone(), shards }),
        None => ruled_out.push(RuledOut::TooManyShards { most: MOST_NODES }),
    }
    let per_worker = component.throughput_per_instance * target.ceiling;
    let workers = (worst / per_worker * (1.0 - 1e-12)).ceil() as u32;
    // A bigger box: up to four times the workers, and no more than 64.
    let most = component.instances.saturating_mul(4).min(64);
    if workers > component.instances && workers <= most {
        moves.push(Intervention::ScaleOut { component: component.id.clone(), instances: workers });
    } else if workers > most {
        ruled_out.push(RuledOut::BoxTooBig { workers, most });
    }
    (moves, ruled_out)
}

/// One architecture as a number, to merge architectures reached in
/// different orders: every field a move of the catalogue changes (sizes,
/// kinds, where a dependency points and how it is called, and what a new
/// or extracted component is given), so two architectures that differ by
/// a move never share it. The rest of a component or dependency is the
/// root's in every architecture of one search.
fn fingerprint(doc: &Document) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    let real = |hasher: &mut rustc_hash::FxHasher, value: f64| hasher.write_u64(value.to_bits());
    for c in &doc.components {
        c.id.as_str().hash(&mut hasher);
        c.kind.hash(&mut hasher);
        hasher.write_u32(c.instances);
        hasher.write_u32(c.max_instances.map_or(0, |m| m.saturating_add(1)));
        real(&mut hasher, c.throughput_per_instance);
        real(&mut hasher, c.monthly_cost_per_instance);
        real(&mut hasher, c.base_latency_ms);
        real(&mut hasher, c.hit_ratio.unwrap_or(-1.0));
        real(&mut hasher, c.memory_mb.unwrap_or(-1.0));
        hasher.write_u32(c.connection_pool.map_or(0, |p| p.saturating_add(1)));
        if let Some(db) = &c.database {
            hasher.write_u32(db.read_replicas);
            hasher.write_u32(db.shards);
        }
        if let Some(pooler) = &c.pooler {
            hasher.write_u32(pooler.server_pool);
        }
        hasher.write_u8(u8::from(c.module.is_some()));
    }
    hasher.write_usize(doc.components.len());
    for d in &doc.dependencies {
        d.id.as_str().hash(&mut hasher);
        d.to.as_str().hash(&mut hasher);
        d.mode.hash(&mut hasher);
        hasher.write_u8(u8::from(d.deferrable));
    }
    hasher.write_usize(doc.dependencies.len());
    hasher.finish()
}

struct Node {
    doc: Document,
    parent: Option<usize>,
    /// The moves that led here from the parent (several when forced moves
    /// were applied together).
    interventions: Vec<Intervention>,
    depth: usize,
    extractions: usize,
    cost: f64,
    /// The least any plan through here costs (`cost` once it is final):
    /// the search's order.
    floor: f64,
    /// What a plan through here will likely cost (its cost plus the
    /// forced moves ahead): the greedy finish's order.
    likely: f64,
    reached: bool,
    /// Whether everything still failing here is something the floors do
    /// not count on being fixed: final, it can be compared with them.
    comparable: bool,
    figures: StepFigures,
    /// The moves from here, worked out when the node was made.
    moves: Moves,
}

/// What the forced moves still ahead of an architecture will roughly cost:
/// every plan from it pays them, so the greedy finish, going by cost plus
/// this estimate, does not wander into cheap-looking half plans. (Not a
/// floor: an autoscaled component is costed by the day's mean.)
fn forced_estimate(doc: &Document, moves: &Moves) -> f64 {
    let shape = doc.scenario.profile_shape();
    let day_mean = shape.iter().sum::<f64>() / shape.len().max(1) as f64;
    moves
        .forced
        .iter()
        .map(|m| match m {
            Intervention::ScaleOut { component, instances } => doc
                .component(component)
                .map(|c| f64::from(instances.saturating_sub(c.instances)) * c.monthly_cost_per_instance)
                .unwrap_or(0.0),
            Intervention::RaiseMaximum { component, max_instances } => doc
                .component(component)
                .map(|c| f64::from(max_instances.saturating_sub(c.instance_ceiling())) * c.monthly_cost_per_instance * day_mean)
                .unwrap_or(0.0),
            _ => 0.0,
        })
        .sum()
}

/// The moves of `branch` made on a copy of `doc`, and those that applied.
/// Several moves at once are forced resizes of distinct components, so
/// each edit is worked out on `doc` and they are made as one edit, checked
/// once (a forced step can hold dozens); if that is refused, one at a
/// time, keeping those that apply.
fn applied_together(doc: &Document, branch: Vec<Intervention>) -> (Document, Vec<Intervention>) {
    let mut resized = FxHashSet::default();
    let resizes = branch.len() > 1
        && branch.iter().all(|i| match i {
            Intervention::ScaleOut { component, .. } | Intervention::RaiseMaximum { component, .. } => {
                resized.insert(component.as_str())
            }
            _ => false,
        });
    if resizes {
        let commands: Option<Vec<Command>> = branch.iter().map(|i| i.command(doc)).collect();
        if let Some(commands) = commands {
            let mut next = doc.clone();
            if crate::model::apply(&mut next, Command::Batch(commands)).is_ok() {
                return (next, branch);
            }
        }
    }
    let mut next = doc.clone();
    let mut applied = Vec::new();
    for intervention in branch {
        let Some(command) = intervention.command(&next) else { continue };
        if crate::model::apply(&mut next, command).is_ok() {
            applied.push(intervention);
        }
    }
    (next, applied)
}

#[derive(PartialEq)]
struct Queued {
    /// The node's floor.
    floor: f64,
    node: usize,
}

impl Eq for Queued {}

impl Ord for Queued {
    fn cmp(&self, other: &Self) -> Ordering {
        // Lowest floor first; on a tie, the earlier node (a shorter plan).
        other.floor.total_cmp(&self.floor).then_with(|| other.node.cmp(&self.node))
    }
}

impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A plan search that runs in slices.
pub struct PlanSearch {
    target: PlanTarget,
    settings: PlanSettings,
    overhead: f64,
    nodes: Vec<Node>,
    waiting: BinaryHeap<Queued>,
    seen: HashSet<u64>,
    /// The cheapest architecture found that is final: meets the target, or
    /// has failures no move touches.
    best: Option<usize>,
    explored: usize,
    budget_ran_out: bool,
    cost_floor: CostFloor,
    /// Once the budget has run out: the least floor of the architectures
    /// left unexamined, under which no plan can be.
    floor_left: Option<f64>,
    /// Once the budget has run out without a plan: the architecture the
    /// greedy finish has reached and how many of its moves it has made.
    /// One greedy move per expansion of `step`, so it runs in slices too.
    greedy: Option<(usize, usize)>,
}

impl PlanSearch {
    pub fn new(doc: &Document, target: PlanTarget, settings: PlanSettings) -> PlanSearch {
        let assessment = assess(doc, target, 0.0);
        let moves = interventions(doc, &assessment, target, &settings);
        let cost_floor = CostFloor::new(doc, target, &settings);
        let reached = assessment.failures.is_empty();
        let comparable = cost_floor.leaves_alone(&assessment.failures);
        let floor = if reached { assessment.cost } else { cost_floor.at(doc, &assessment.report, 0) };
        let root = Node {
            doc: doc.clone(),
            parent: None,
            interventions: Vec::new(),
            depth: 0,
            extractions: 0,
            cost: assessment.cost,
            floor,
            likely: assessment.cost + forced_estimate(doc, &moves),
            reached,
            comparable,
            figures: assessment.figures,
            moves,
        };
        let mut search = PlanSearch {
            target,
            settings,
            overhead: doc.scenario.overhead.monthly_per_service,
            nodes: vec![root],
            waiting: BinaryHeap::new(),
            seen: HashSet::new(),
            best: None,
            explored: 0,
            budget_ran_out: false,
            cost_floor,
            floor_left: None,
            greedy: None,
        };
        search.seen.insert(fingerprint(doc));
        search.waiting.push(Queued { floor: search.nodes[0].floor, node: 0 });
        search
    }

    /// Examines up to `expansions` more architectures.
    pub fn step(&mut self, expansions: usize) -> SearchProgress {
        for _ in 0..expansions {
            if let Some((at, taken)) = self.greedy {
                self.greedy_move(at, taken);
                continue;
            }
            if self.explored >= self.settings.max_expansions {
                // Once set, it stays: after the greedy finish the queue is
                // empty but the budget did run out.
                self.budget_ran_out |= !self.waiting.is_empty();
                let left = self.waiting.iter().map(|q| self.nodes[q.node].floor).reduce(f64::min);
                self.floor_left = match (self.floor_left, left) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                // The greedy finish starts where a plan looks nearest and
                // cheapest, not at the lowest floor (often a half plan
                // that has yet to pay for its choices).
                let most_promising = self.waiting.iter().map(|q| q.node).min_by(|&a, &b| {
                    self.nodes[a].likely.total_cmp(&self.nodes[b].likely).then(a.cmp(&b))
                });
                self.waiting.clear();
                match (self.best, most_promising) {
                    (None, Some(start)) => self.greedy = Some((start, 0)),
                    _ => break,
                }
                continue;
            }
            let Some(Queued { node, .. }) = self.waiting.pop() else { break };
            if self.beaten(self.nodes[node].floor) {
                // Found since it was queued: a plan it cannot beat.
                continue;
            }
            self.expand(node);
        }
        self.progress()
    }

    /// Runs to the end.
    pub fn run(&mut self) -> Option<Plan> {
        while !self.progress().done {
            self.step(64);
        }
        self.plan()
    }

    pub fn progress(&self) -> SearchProgress {
        SearchProgress {
            explored: self.explored,
            waiting: self.waiting.len(),
            best_added_cost: self.best.map(|b| self.nodes[b].cost - self.nodes[0].cost),
            done: self.waiting.is_empty() && self.greedy.is_none(),
        }
    }

    /// Whether a plan costing at least `floor` cannot beat the best found
    /// (only a best the floors bound is a yardstick).
    fn beaten(&self, floor: f64) -> bool {
        self.best.is_some_and(|b| {
            let best = &self.nodes[b];
            best.comparable && floor >= best.cost - 1e-9 * best.cost.abs().max(1.0)
        })
    }

    /// Node `index` is final: kept if it is the cheapest final one yet that
    /// the floors bound. One they do not (a database left short that a
    /// move could have fixed at less load) ends the search when nothing
    /// better is known: as before floors, the first such is the answer.
    fn found(&mut self, index: usize) {
        let node = &self.nodes[index];
        if node.comparable {
            let cheaper = self.best.is_none_or(|b| !self.nodes[b].comparable || node.cost < self.nodes[b].cost - 1e-9);
            if cheaper {
                self.best = Some(index);
            }
        } else if self.best.is_none() {
            self.best = Some(index);
            self.waiting.clear();
        }
    }

    fn expand(&mut self, index: usize) {
        self.explored += 1;
        let (doc, depth, extractions) = {
            let node = &self.nodes[index];
            (node.doc.clone(), node.depth, node.extractions)
        };
        if self.nodes[index].reached {
            // Ordered by what they will likely cost, not by their floors,
            // the first to meet the target need not be the cheapest: the
            // search goes on until every architecture left is beaten by
            // its floor (or the budget runs out).
            self.found(index);
            return;
        }
        if depth >= self.settings.max_steps {
            return;
        }
        let moves = std::mem::take(&mut self.nodes[index].moves);
        let branches: Vec<Vec<Intervention>> = if !moves.choices.is_empty() {
            moves.choices.into_iter().map(|choice| vec![choice]).collect()
        } else if !moves.forced.is_empty() {
            vec![moves.forced]
        } else {
            // Something still fails and no move in the catalogue touches
            // it (an external rate limit, say): this is as far as any plan
            // through here gets.
            self.found(index);
            return;
        };
        for branch in branches {
            if let Some(id) = self.make_child(index, &doc, depth, extractions, branch, true) {
                let floor = self.nodes[id].floor;
                if !self.beaten(floor) {
                    self.waiting.push(Queued { floor, node: id });
                }
            }
        }
    }

    /// Applies `branch` to `doc` (the architecture of node `parent`) and
    /// records the result as a new node, which it returns. `None` when
    /// nothing applied or, with `dedupe`, the architecture was seen before.
    fn make_child(
        &mut self,
        parent: usize,
        doc: &Document,
        depth: usize,
        extractions: usize,
        branch: Vec<Intervention>,
        dedupe: bool,
    ) -> Option<usize> {
        let (next, applied) = applied_together(doc, branch);
        if applied.is_empty() || (!self.seen.insert(fingerprint(&next)) && dedupe) {
            return None;
        }
        let extractions = extractions + applied.iter().filter(|i| i.adds_service()).count();
        let overheads = extractions as f64 * self.overhead;
        let after = assess(&next, self.target, overheads);
        let moves = interventions(&next, &after, self.target, &self.settings);
        let estimate = forced_estimate(&next, &moves);
        let cost = after.cost + overheads;
        let reached = after.failures.is_empty();
        let comparable = self.cost_floor.leaves_alone(&after.failures);
        let last = moves.choices.is_empty() && moves.forced.is_empty();
        let floor = if reached || last { cost } else { self.cost_floor.at(&next, &after.report, extractions) };
        self.nodes.push(Node {
            doc: next,
            parent: Some(parent),
            interventions: applied,
            depth: depth + 1,
            extractions,
            cost,
            floor,
            likely: cost + estimate,
            reached,
            comparable,
            figures: after.figures,
            moves,
        });
        Some(self.nodes.len() - 1)
    }

    /// When the budget runs out before any plan: carry on greedily from the
    /// most promising architecture, taking at each step the option that
    /// looks cheapest. Not guaranteed cheapest, but it finishes. This makes
    /// one such move from node `at` (the `taken`-th); the search is over
    /// when the architecture meets the target, no move applies, or the
    /// plan is as long as plans may be.
    fn greedy_move(&mut self, at: usize, taken: usize) {
        let finish = |search: &mut PlanSearch, at: usize| {
            search.best = Some(at);
            search.greedy = None;
        };
        if taken >= self.settings.max_steps || self.nodes[at].reached {
            return finish(self, at);
        }
        let moves = std::mem::take(&mut self.nodes[at].moves);
        let branches: Vec<Vec<Intervention>> = if !moves.choices.is_empty() {
            moves.choices.into_iter().map(|choice| vec![choice]).collect()
        } else if !moves.forced.is_empty() {
            vec![moves.forced]
        } else {
            return finish(self, at);
        };
        let (doc, depth, extractions) = {
            let node = &self.nodes[at];
            (node.doc.clone(), node.depth, node.extractions)
        };
        let mut best: Option<(usize, f64)> = None;
        for branch in branches {
            if let Some(id) = self.make_child(at, &doc, depth, extractions, branch, false) {
                let priority = self.nodes[id].likely;
                if best.is_none_or(|(_, p)| priority < p) {
                    best = Some((id, priority));
                }
            }
        }
        match best {
            Some((id, _)) => self.greedy = Some((id, taken + 1)),
            None => finish(self, at),
        }
    }

    /// The least any plan can cost, as far as the search has shown, when
    /// the one it offers ends at node `end`: that plan's cost when nothing
    /// was left unexamined, else the least floor of what was.
    fn least_cost(&self, end: usize) -> Option<f64> {
        if !self.nodes[end].comparable {
            return None;
        }
        let left = self.waiting.iter().map(|q| self.nodes[q.node].floor).chain(self.floor_left);
        Some(left.fold(self.nodes[end].cost, f64::min))
    }

    /// The best plan found so far: the cheapest architecture that meets the
    /// target, or, when none does, the one with the fewest failures.
    pub fn plan(&self) -> Option<Plan> {
        let mut assembly = self.assemble()?;
        while !assembly.step(64) {}
        Some(assembly.finish())
    }

    /// The best plan found so far, to be put together in slices: every
    /// move is replayed for its own edit and before and after figures,
    /// which on a large model takes a while (see [`PlanAssembly::step`]).
    pub fn assemble(&self) -> Option<PlanAssembly> {
        let end = self.best.or_else(|| {
            (1..self.nodes.len()).min_by(|&a, &b| {
                let (a, b) = (&self.nodes[a], &self.nodes[b]);
                a.figures.failing.cmp(&b.figures.failing).then(a.cost.total_cmp(&b.cost))
            })
        })?;
        let mut chain = Vec::new();
        let mut at = Some(end);
        while let Some(i) = at {
            chain.push(i);
            at = self.nodes[i].parent;
        }
        chain.reverse();
        let batches: Vec<Vec<Intervention>> = chain[1..].iter().map(|&i| self.nodes[i].interventions.clone()).collect();
        let (least, cost) = (self.least_cost(end), self.nodes[end].cost);
        // Reached, or the budget ran out before anything was settled:
        // nothing is known to be unfixable.
        let judge_unfixable = !(self.nodes[end].reached || self.best.is_none());
        Some(PlanAssembly {
            target: self.target,
            settings: self.settings,
            overhead: self.overhead,
            total: batches.iter().map(Vec::len).sum(),
            batches: batches.into(),
            pending: VecDeque::new(),
            next: 0,
            doc: self.nodes[0].doc.clone(),
            extractions: 0,
            assessment: None,
            steps: Vec::new(),
            end: self.nodes[end].doc.clone(),
            reached: self.nodes[end].reached,
            added_monthly_cost: self.nodes[end].cost - self.nodes[0].cost,
            least_added_monthly_cost: least.map(|least| least - self.nodes[0].cost),
            explored: self.explored,
            // Out of budget, but what was left unexamined cannot beat it:
            // proven all the same.
            exhaustive: !self.budget_ran_out || least.is_some_and(|l| l >= cost - 1e-9 * cost.abs().max(1.0)),
            judge_unfixable,
        })
    }
}

/// The other moves of a choice, each tried alone, before the limit the
/// step lifts is known.
struct TriedChoice {
    /// Each move with the monthly cost it adds, the report after it and
    /// whether what the step acts on would still fail.
    tried: Vec<(Intervention, f64, Report, bool)>,
    ruled_out: Vec<RuledOut>,
}

impl TriedChoice {
    fn judged_on(self, lifted: Option<&Binding>) -> Choice {
        // What the catalogue leaves out is about capacity: a step that
        // lifts connections or memory had nothing else to weigh.
        let capacity = lifted.is_some_and(|b| matches!(b.resource, Resource::Throughput | Resource::DailyAverage));
        Choice {
            alternatives: self
                .tried
                .into_iter()
                .map(|(intervention, added_monthly_cost, report, still_fails)| Alternative {
                    intervention,
                    added_monthly_cost,
                    binds_at: lifted.and_then(|b| rebound(b, &bindings(&report)).flatten()),
                    still_fails,
                })
                .collect(),
            ruled_out: if capacity { self.ruled_out } else { Vec::new() },
        }
    }
}

/// A plan being put together: the moves of the chosen architecture
/// replayed one by one, so each step has its own edit, its own before and
/// after figures, what it unlocks and, for a choice, why it was chosen.
pub struct PlanAssembly {
    target: PlanTarget,
    settings: PlanSettings,
    overhead: f64,
    /// The moves of each architecture along the way, not yet begun.
    batches: VecDeque<Vec<Intervention>>,
    /// What is left of the batch being replayed.
    pending: VecDeque<Intervention>,
    /// Moves replayed so far, and in all.
    next: usize,
    total: usize,
    doc: Document,
    extractions: usize,
    /// `doc` judged against the target (worked out on the first step).
    assessment: Option<Assessment>,
    steps: Vec<PlanStep>,
    end: Document,
    reached: bool,
    added_monthly_cost: f64,
    least_added_monthly_cost: Option<f64>,
    explored: usize,
    exhaustive: bool,
    judge_unfixable: bool,
}

impl PlanAssembly {
    /// Replays up to `moves` more moves; true once every move is in.
    pub fn step(&mut self, moves: usize) -> bool {
        for _ in 0..moves {
            if self.next >= self.total {
                break;
            }
            let overheads = self.extractions as f64 * self.overhead;
            let before = match self.assessment.take() {
                Some(assessment) => assessment,
                None => assess(&self.doc, self.target, overheads),
            };
            let Some(intervention) = self.next_move(&before) else {
                // Nothing left after all: count it done, or `finish` would wait forever.
                self.next = self.total;
                self.assessment = Some(before);
                break;
            };
            self.next += 1;
            let command = intervention.command(&self.doc);
            let before_doc = self.doc.clone();
            let Some(command) = command.filter(|c| crate::model::apply(&mut self.doc, c.clone()).is_ok()) else {
                self.assessment = Some(before);
                continue;
            };
            let choice = self.choice(&before_doc, &before, &intervention);
            self.extractions += usize::from(intervention.adds_service());
            let after = assess(&self.doc, self.target, self.extractions as f64 * self.overhead);
            let unlock = unlock(&before_doc, &intervention, &before.report, &after.report);
            let choice = choice.map(|tried| tried.judged_on(unlock.lifts.as_ref()));
            self.steps.push(PlanStep {
                intervention,
                command,
                before: before.figures,
                after: after.figures.clone(),
                unlock,
                choice,
                before_doc,
            });
            self.assessment = Some(after);
        }
        self.next >= self.total
    }

    /// The next move to replay. The moves of one batch were applied
    /// together (forced moves, each sized for the architecture the choices
    /// produced), so they may go in any order: the one whose component
    /// binds soonest now goes first, so that each step lifts the limit
    /// that sets the headroom, rather than one far above it.
    fn next_move(&mut self, now: &Assessment) -> Option<Intervention> {
        while self.pending.is_empty() {
            self.pending = self.batches.pop_front()?.into();
            // Batches of plain growth in a row (a scaled web tier needing
            // a bigger pooler next) set one number on one component each:
            // they too may go in any order.
            let growth = |m: &Intervention| matches!(m, Intervention::ScaleOut { .. } | Intervention::RaiseMaximum { .. });
            while self.pending.iter().all(growth) && self.batches.front().is_some_and(|b| b.iter().all(growth)) {
                self.pending.extend(self.batches.pop_front().unwrap_or_default());
            }
        }
        let touched: Vec<Vec<ComponentId>> = self.pending.iter().map(|m| subjects(&self.doc, m)).collect();
        // Moves on the same component could depend on their order: a move
        // never goes before an earlier one on the same component.
        let free = |k: usize| touched[..k].iter().all(|earlier| touched[k].iter().all(|id| !earlier.contains(id)));
        let soonest = |ids: &Vec<ComponentId>| {
            now.report.ranking.iter().find(|s| ids.contains(&s.component)).map_or(f64::INFINITY, |s| s.saturates_at)
        };
        // The first of the soonest, so ties keep the search's order.
        let (first, _) = (0..touched.len())
            .filter(|&k| free(k))
            .map(|k| (k, soonest(&touched[k])))
            .fold((0, f64::INFINITY), |best, (k, at)| if at < best.1 { (k, at) } else { best });
        self.pending.remove(first)
    }

    /// When `intervention` was one of several moves to choose from on
    /// `doc`: the others, each tried alone, and the moves not on offer.
    /// Returned as a closure over the limit the step lifts, which is known
    /// only once the step is made.
    fn choice(
        &self,
        doc: &Document,
        before: &Assessment,
        intervention: &Intervention,
    ) -> Option<TriedChoice> {
        let moves = interventions(doc, before, self.target, &self.settings);
        if !moves.choices.contains(intervention) {
            return None;
        }
        let subjects = subjects(doc, intervention);
        let fails = |assessment: &Assessment, doc: &Document| {
            assessment.failures.iter().any(|f| {
                let (Failure::Capacity(i) | Failure::Connections(i) | Failure::Memory(i)) = *f;
                doc.components.get(i).is_some_and(|c| subjects.contains(&c.id))
            })
        };
        let tried: Vec<(Intervention, f64, Report, bool)> = moves
            .choices
            .iter()
            .filter(|m| *m != intervention)
            .filter_map(|m| {
                let mut next = doc.clone();
                crate::model::apply(&mut next, m.command(doc)?).ok()?;
                let extractions = self.extractions + usize::from(m.adds_service());
                let after = assess(&next, self.target, extractions as f64 * self.overhead);
                let still_fails = fails(&after, &next);
                Some((m.clone(), after.figures.monthly_cost - before.figures.monthly_cost, after.report, still_fails))
            })
            .collect();
        let mut ruled_out: Vec<RuledOut> = Vec::new();
        for failure in &before.failures {
            if let Failure::Capacity(i) = *failure {
                if doc.components.get(i).is_some_and(|c| subjects.contains(&c.id)) {
                    for why in capacity_ruled_out(doc, &before.report, i, self.target) {
                        if !ruled_out.contains(&why) {
                            ruled_out.push(why);
                        }
                    }
                }
            }
        }
        Some(TriedChoice { tried, ruled_out })
    }

    /// Moves replayed so far, and in all.
    pub fn replayed(&self) -> (usize, usize) {
        (self.next, self.total)
    }

    /// The plan (replaying whatever moves are left first).
    pub fn finish(mut self) -> Plan {
        while !self.step(64) {}
        let unfixable = if self.judge_unfixable {
            let assessment = assess(&self.end, self.target, 0.0);
            let mut ids: Vec<ComponentId> = assessment
                .failures
                .iter()
                .map(|f| match *f {
                    Failure::Capacity(i) | Failure::Connections(i) | Failure::Memory(i) => self.end.components[i].id.clone(),
                })
                .collect();
            ids.dedup();
            ids
        } else {
            Vec::new()
        };
        Plan {
            unfixable,
            target: self.target,
            steps: self.steps,
            reached: self.reached,
            added_monthly_cost: self.added_monthly_cost,
            least_added_monthly_cost: self.least_added_monthly_cost,
            explored: self.explored,
            exhaustive: self.exhaustive,
            result: self.end,
        }
    }
}

/// Plans in one go (for tests and the command line).
pub fn plan(doc: &Document, target: PlanTarget, settings: PlanSettings) -> Option<Plan> {
    PlanSearch::new(doc, target, settings).run()
}

/// The cheapest plan by brute force: every sequence of up to `depth`
/// moves, each chosen among the moves for *every* component (not only the
/// failing ones). Exponential; for checking the search on small models.
pub fn exhaustive_cheapest_cost(doc: &Document, target: PlanTarget, settings: PlanSettings, depth: usize) -> Option<f64> {
    fn all_moves(doc: &Document, target: PlanTarget, settings: &PlanSettings, overheads: f64) -> (bool, f64, Vec<Intervention>) {
        let assessment = assess(doc, target, overheads);
        let reached = assessment.failures.is_empty();
        // Pretend every component fails, so every move is on the table.
        let mut everything = Assessment {
            failures: (0..doc.components.len())
                .flat_map(|i| [Failure::Capacity(i), Failure::Connections(i), Failure::Memory(i)])
                .collect(),
            cost: assessment.cost,
            figures: assessment.figures.clone(),
            report: assessment.report,
        };
        // Every component's options, one failure at a time, so that no
        // choice is deferred.
        let mut all: Vec<Intervention> = Vec::new();
        for failure in std::mem::take(&mut everything.failures) {
            everything.failures = vec![failure];
            let moves = interventions(doc, &everything, target, settings);
            for m in moves.choices.into_iter().chain(moves.forced) {
                if !all.contains(&m) {
                    all.push(m);
                }
            }
        }
        (reached, assessment.cost, all)
    }
    fn walk(doc: &Document, target: PlanTarget, settings: &PlanSettings, depth: usize, extractions: usize, best: &mut Option<f64>) {
        let overheads = extractions as f64 * doc.scenario.overhead.monthly_per_service;
        let (reached, cost, moves) = all_moves(doc, target, settings, overheads);
        if reached {
            let total = cost + overheads;
            if best.is_none_or(|b| total < b) {
                *best = Some(total);
            }
            return;
        }
        if depth == 0 {
            return;
        }
        for intervention in moves {
            let Some(command) = intervention.command(doc) else { continue };
            let mut next = doc.clone();
            if crate::model::apply(&mut next, command).is_ok() {
                walk(&next, target, settings, depth - 1, extractions + usize::from(intervention.adds_service()), best);
            }
        }
    }
    let start = assess(doc, target, 0.0).cost;
    let mut best = None;
    walk(doc, target, &settings, depth, 0, &mut best);
    best.map(|b| b - start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::mvp_that_creaks;
    use crate::model::templates::template;

    fn found(doc: &Document, growth: f64) -> Plan {
        plan(doc, PlanTarget { growth, ceiling: 0.7 }, PlanSettings::for_document(doc)).expect("a plan")
    }

    fn template_doc(id: &str) -> Document {
        (template(id).expect("a template").build)()
    }

    fn close(a: Option<f64>, b: Option<f64>) -> bool {
        same_growth(a, b)
    }

    /// The single place that checks what every step unlocks: it lifts a
    /// limit of what it acts on, says where that limit went, and names as
    /// next the limit that sets the headroom after it.
    fn check_unlocks(plan: &Plan) {
        for (k, step) in plan.steps.iter().enumerate() {
            let lifts = step.unlock.lifts.as_ref().unwrap_or_else(|| panic!("step {k} lifts nothing: {step:?}"));
            assert!(subjects(&step.before_doc, &step.intervention).contains(&lifts.component), "step {k}");
            if let (Some(from), Some(to)) = (lifts.at, step.unlock.lifted_to) {
                assert!(to >= from * (1.0 - 1e-9), "step {k} lowers the limit it lifts: {from} → {to}");
            }
            assert_eq!(step.unlock.next.as_ref().map(|n| n.component.clone()), step.after.bottleneck, "step {k}");
            assert!(close(step.unlock.next.as_ref().and_then(|n| n.at), step.after.headroom), "step {k}");
        }
    }

    #[test]
    fn the_pooler_step_removes_postgres_connections_and_names_postgres_throughput_next() {
        let plan = found(&mvp_that_creaks(), 100.0);
        check_unlocks(&plan);
        let first = &plan.steps[0];
        assert_eq!(first.intervention, Intervention::AddPooler { database: "postgres".into() });
        let lifts = first.unlock.lifts.as_ref().expect("a lifted limit");
        assert_eq!((lifts.component.as_str(), lifts.resource), ("postgres", Resource::Connections));
        assert!(close(lifts.at, first.before.headroom), "it was the limit that bound first");
        assert_eq!(first.unlock.lifted_to, None, "behind a pooler Postgres' connections no longer bind");
        let next = first.unlock.next.as_ref().expect("a next limit");
        assert_eq!((next.component.as_str(), next.resource), ("postgres", Resource::Throughput));
    }

    #[test]
    fn sharding_says_the_limit_it_lifts_and_why_nothing_cheaper_does() {
        // Regression: "Shard Postgres into 27 shards, +$56,160/mo" came with
        // no reason. On the scaled web app replicas cannot help (every
        // replica takes every write), a bigger box would need more workers
        // than a plan goes to, and a cache is already in front.
        let plan = found(&template_doc("scaled-web-app"), 100.0);
        check_unlocks(&plan);
        let shard = plan.steps.iter().find(|s| matches!(s.intervention, Intervention::Shard { .. })).expect("a shard step");
        let lifts = shard.unlock.lifts.as_ref().expect("a lifted limit");
        assert_eq!((lifts.component.as_str(), lifts.resource), ("postgres", Resource::Throughput));
        assert!(shard.unlock.lifted_to.is_some_and(|to| to >= 100.0), "{:?}", shard.unlock);
        let choice = shard.choice.as_ref().expect("sharding was a choice");
        assert!(choice.ruled_out.contains(&RuledOut::ReplicasDoNotHelp), "{choice:?}");
        assert!(choice.ruled_out.contains(&RuledOut::CacheInFront), "{choice:?}");
        assert!(
            choice.ruled_out.iter().any(|r| matches!(r, RuledOut::BoxTooBig { workers, most } if workers > most)),
            "{choice:?}"
        );
        // A forced move (a plain service that can only grow) is no choice.
        assert!(plan.steps.iter().filter(|s| matches!(s.intervention, Intervention::RaiseMaximum { .. })).all(|s| s.choice.is_none()));
    }

    #[test]
    fn an_offered_alternative_is_tried_alone_and_either_falls_short_or_costs_more() {
        let plan = found(&template_doc("modular-monolith"), 20.0);
        let mut seen = 0;
        for step in &plan.steps {
            let Some(choice) = &step.choice else { continue };
            let cost = step.after.monthly_cost - step.before.monthly_cost;
            for alternative in &choice.alternatives {
                seen += 1;
                assert_ne!(alternative.intervention, step.intervention);
                assert!(alternative.still_fails || alternative.added_monthly_cost >= cost - 1e-6 || plan.exhaustive, "{alternative:?}");
            }
        }
        assert!(seen > 0, "the modular monolith's plan weighs alternatives");
    }

    #[test]
    fn forced_moves_lift_the_limit_that_binds_now_so_headroom_rises_at_every_step_but_ties() {
        // Regression: on the scaled web app five steps in a row left
        // headroom at 7.62× (the CDN, the balancer, the app, Redis, the
        // queue, each far from binding) before the workers' step that set
        // it. Forced moves now go soonest-binding first: a step leaves the
        // headroom where it was only when another limit binds at the same
        // growth, or a later move on the same component must come first.
        for (doc, growth) in [(template_doc("scaled-web-app"), 100.0), (mvp_that_creaks(), 100.0)] {
            let plan = found(&doc, growth);
            check_unlocks(&plan);
            let mut replayed = doc.clone();
            for step in &plan.steps {
                crate::model::apply(&mut replayed, step.command.clone()).expect("every step applies");
            }
            assert_eq!(replayed.components, plan.result.components, "reordering keeps the planned architecture");
            let forced = |s: &PlanStep| matches!(s.intervention, Intervention::ScaleOut { .. } | Intervention::RaiseMaximum { .. });
            for (k, step) in plan.steps.iter().enumerate().filter(|(_, s)| forced(s) && !s.moves_headroom()) {
                let next = step.unlock.next.as_ref().expect("a next limit");
                let lifted_later = plan.steps[k + 1..].iter().any(|later| {
                    later.unlock.lifts.as_ref().is_some_and(|l| l.component == next.component && l.resource == next.resource)
                });
                assert!(lifted_later, "flat step {k} is not followed by the step that lifts what holds it: {step:?}");
            }
            let flat = plan.steps.iter().filter(|s| !s.moves_headroom()).count();
            assert!(flat <= 2, "{flat} flat steps");
        }
    }

    #[test]
    fn steps_that_leave_headroom_unchanged_go_with_the_step_that_moves_it() {
        let plan = found(&mvp_that_creaks(), 100.0);
        let step = plan.steps[0].clone();
        let with = |from: f64, to: f64| PlanStep {
            before: StepFigures { headroom: Some(from), ..step.before.clone() },
            after: StepFigures { headroom: Some(to), ..step.after.clone() },
            ..step.clone()
        };
        let check = |headrooms: &[(f64, f64)], expected: &[Range<usize>]| {
            let steps: Vec<PlanStep> = headrooms.iter().map(|&(a, b)| with(a, b)).collect();
            assert_eq!(step_groups(&steps), expected, "{headrooms:?}");
        };
        check(&[], &[]);
        check(&[(1.0, 2.0)], &[Range { start: 0, end: 1 }]);
        check(&[(1.0, 2.0), (2.0, 2.0), (2.0, 2.0 + 1e-12), (2.0, 5.0), (5.0, 7.0)], &[0..1, 1..4, 4..5]);
        // Flat steps with no mover after them prepare nothing: alone.
        check(&[(1.0, 2.0), (2.0, 2.0), (2.0, 2.0)], &[0..1, 1..2, 2..3]);
        // The sample: the balancer's step waits for Redis', which binds at the same growth.
        let groups = plan.groups();
        assert!(groups.iter().all(|g| plan.steps[g.end - 1].moves_headroom()));
        assert!(groups.iter().any(|g| g.len() == 2), "{groups:?}");
        assert_eq!(groups.iter().map(|g| g.len()).sum::<usize>(), plan.steps.len());
    }
}

#[cfg(test)]
mod floor_tests {
    use super::*;
    use crate::engine::synthetic::layered_dag;

    /// The floor is a floor: no architecture the search reaches, and no
    /// plan that ends below an architecture, costs less than that
    /// architecture's floor. Checked on every final architecture of
    /// budget-limited searches over generated models, against its own
    /// floor and every one of its ancestors'.
    #[test]
    fn no_plan_costs_less_than_the_floor_of_any_architecture_it_passes() {
        let mut finals = 0;
        for (size, seed, growth) in [(12, 1, 10.0), (25, 2, 30.0), (40, 3, 100.0), (60, 4, 100.0), (30, 5, 5.0), (20, 6, 50.0), (45, 7, 20.0), (80, 8, 100.0)] {
            let doc = layered_dag(size, size * 3, seed);
            let target = PlanTarget { growth, ceiling: 0.7 };
            let settings = PlanSettings { max_expansions: 150, ..PlanSettings::default() };
            let mut search = PlanSearch::new(&doc, target, settings);
            while !search.step(16).done {}
            for (i, node) in search.nodes.iter().enumerate() {
                let last = node.moves.choices.is_empty() && node.moves.forced.is_empty() && node.moves.later == 0;
                if !(node.reached || (last && node.comparable)) {
                    continue;
                }
                finals += 1;
                let assessment = assess(&node.doc, target, node.extractions as f64 * search.overhead);
                let own = search.cost_floor.at(&node.doc, &assessment.report, node.extractions);
                let slack = 1e-9 * node.cost.abs().max(1.0);
                assert!(own <= node.cost + slack, "{size}/{seed}: node {i} costs {} under its floor {own}", node.cost);
                let mut at = node.parent;
                while let Some(a) = at {
                    let floor = search.nodes[a].floor;
                    assert!(floor <= node.cost + slack, "{size}/{seed}: node {i} costs {} under ancestor {a}'s floor {floor}", node.cost);
                    at = search.nodes[a].parent;
                }
            }
        }
        assert!(finals >= 5, "only {finals} final architectures checked");
    }
}

//! The automatic plan: given a target growth and a utilisation ceiling,
//! search for the sequence of interventions that reaches it at the least
//! monthly cost. Interventions are the moves a team makes: scale out, raise
//! an autoscaling maximum, add read replicas, put a cache in front of a
//! read-heavy store, add a connection pooler, move a deferrable call onto a
//! queue, extract a module, shard a store.
//!
//! The search is best-first over architectures, cheapest first (uniform
//! cost), with duplicates (the same architecture reached in another order)
//! merged; the first architecture that meets the target ends it. Moves are
//! generated only for what fails the target, each sized to the least that
//! fixes it in the current architecture; real choices (a database's
//! replicas, shards, bigger box or cache; extracting a module; deferring a
//! call) are branched on, while moves every plan needs (a plain service
//! that can only grow) are applied together once no choice is left, so
//! they are sized for the architecture the choices produced. It runs in
//! slices (`step`), so a page can show progress and cancel, never freeze.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashSet};
use std::hash::{Hash, Hasher};

use serde::Serialize;

use super::{instances_needed, Analysis, Limit, Report, Violation};
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
    /// Whether the search finished (otherwise the budget ran out and the
    /// plan is the best found).
    pub exhaustive: bool,
    /// Components still short of the target that no move can fix (an
    /// external API's rate limit, a write-bound store beyond 64 shards).
    pub unfixable: Vec<ComponentId>,
    /// The architecture after the last step.
    #[serde(skip)]
    pub result: Document,
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
enum Failure {
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
    let index = |id: &ComponentId| doc.components.iter().position(|c| &c.id == id);
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
fn fresh_id(doc: &Document, base: &str) -> String {
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
    Dependency { id: id.into(), from: from.clone(), to: to.clone(), calls: 1.0, kind: CallKind::Call, mode, deferrable: false, routing: crate::model::Routing::Calls }
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
    let mut per_component: Vec<(ComponentId, Vec<Intervention>)> = Vec::new();
    let mut out: Vec<Intervention> = Vec::new();
    let report = &assessment.report;
    let push = |out: &mut Vec<Intervention>, i: Intervention| {
        if !out.contains(&i) {
            out.push(i);
        }
    };
    let modules_of = |h: usize| {
        doc.components
            .iter()
            .filter(|c| c.host() == Some(&doc.components[h].id))
            .map(|c| c.id.clone())
            .collect::<Vec<_>>()
    };
    let has_cache_in_front = |store: &ComponentId| {
        doc.dependencies
            .iter()
            .any(|d| &d.to == store && doc.component(&d.from).is_some_and(|c| c.kind.serves_hits()))
    };
    let read_callers = |store: &ComponentId| {
        doc.dependencies.iter().any(|d| {
            &d.to == store
                && d.kind != CallKind::Write
                && doc.component(&d.from).is_some_and(|c| !c.kind.serves_hits())
        })
    };
    for failure in &assessment.failures {
        let before = out.len();
        let failing = match *failure {
            Failure::Capacity(i) | Failure::Connections(i) | Failure::Memory(i) => doc.components[i].id.clone(),
        };
        match *failure {
            Failure::Capacity(i) => {
                let component = &doc.components[i];
                let Some(load) = report.components.get(i) else { continue };
                for module in modules_of(i) {
                    push(&mut out, Intervention::ExtractModule { module });
                }
                for d in &doc.dependencies {
                    if d.to == component.id && d.deferrable && d.mode == CallMode::Sync {
                        push(&mut out, Intervention::DeferToQueue { dependency: d.id.clone() });
                    }
                }
                match component.kind {
                    ComponentKind::Database => {
                        for move_ in database_moves(component, load, target) {
                            push(&mut out, move_);
                        }
                        if !has_cache_in_front(&component.id) && read_callers(&component.id) && load.read_rate > 0.0 {
                            push(&mut out, Intervention::AddCache { store: component.id.clone(), hit_ratio: settings.cache_hit_ratio });
                        }
                    }
                    ComponentKind::ExternalApi => {
                        // Only answers to reads can be cached.
                        if !has_cache_in_front(&component.id) && read_callers(&component.id) && load.read_rate > 0.0 {
                            push(&mut out, Intervention::AddCache { store: component.id.clone(), hit_ratio: settings.cache_hit_ratio });
                        }
                    }
                    ComponentKind::Module if component.host().is_some() => {}
                    _ => {
                        // Work per second in instance-seconds: ρ × c.
                        let busiest = load.tiers.iter().map(|t| t.utilisation * f64::from(t.servers)).fold(0.0, f64::max);
                        let divisor = match &load.day {
                            // Judged over the day: size for the average.
                            Some(day) if day.inflow.iter().cloned().fold(0.0, f64::max) > 0.0 => {
                                day.average_inflow / day.inflow.iter().cloned().fold(0.0, f64::max)
                            }
                            _ => 1.0,
                        };
                        let needed = instances_needed(busiest * divisor, 1.0, target.ceiling).max(1);
                        // Autoscaling up to what is needed never costs more
                        // than running it all day (it pays by the hour), so
                        // a component that can autoscale is let to; one that
                        // cannot (a function's concurrency limit) is scaled.
                        let autoscalable = component.kind.can_autoscale() && component.kind != ComponentKind::Function;
                        if autoscalable && needed > component.instance_ceiling() {
                            push(&mut out, Intervention::RaiseMaximum { component: component.id.clone(), max_instances: needed });
                        } else if !autoscalable && needed > component.instances {
                            push(&mut out, Intervention::ScaleOut { component: component.id.clone(), instances: needed });
                        }
                    }
                }
            }
            Failure::Connections(i) => {
                let component = &doc.components[i];
                match component.kind {
                    ComponentKind::Database => {
                        let direct = doc.dependencies.iter().any(|d| {
                            d.to == component.id
                                && doc.component(&d.from).is_some_and(|c| {
                                    (c.kind.holds_connections() && c.connection_pool.is_some()) || c.host().is_some()
                                })
                        });
                        if direct {
                            push(&mut out, Intervention::AddPooler { database: component.id.clone() });
                        }
                        // A host scaled for a hot module holds connections
                        // for it: extracting the module can relieve them.
                        for d in &doc.dependencies {
                            if d.to != component.id {
                                continue;
                            }
                            let Some(h) = doc.components.iter().position(|c| c.id == d.from) else { continue };
                            for module in modules_of(h) {
                                push(&mut out, Intervention::ExtractModule { module });
                            }
                        }
                    }
                    ComponentKind::ConnectionPooler => {
                        let budget = report.connections.iter().find(|b| b.component == component.id);
                        if let (Some(budget), Some(pooler)) = (budget, &component.pooler) {
                            let per_instance = pooler.max_client_connections.max(1);
                            let needed = budget.demand_at_ceiling.div_ceil(per_instance).max(component.instances + 1);
                            push(&mut out, Intervention::ScaleOut { component: component.id.clone(), instances: needed });
                        }
                    }
                    _ => {}
                }
            }
            Failure::Memory(h) => {
                for module in modules_of(h) {
                    push(&mut out, Intervention::ExtractModule { module });
                }
            }
        }
        per_component.push((failing, out[before..].to_vec()));
    }
    // Decide one component at a time, upstream first: a cache or a queue
    // upstream changes what everything behind it needs, so downstream
    // choices are sized after it. Branching on one component's options per
    // step (not on every option of every component) also means each
    // combination is reached in one order only.
    let order = upstream_order(doc);
    per_component.sort_by_key(|(id, _)| order.iter().position(|o| o == id).unwrap_or(usize::MAX));
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

/// Component ids upstream first (a topological order; document order
/// among equals and inside loops).
fn upstream_order(doc: &Document) -> Vec<ComponentId> {
    use petgraph::graph::{DiGraph, NodeIndex};
    let mut graph: DiGraph<usize, ()> = DiGraph::new();
    for i in 0..doc.components.len() {
        graph.add_node(i);
    }
    for d in &doc.dependencies {
        let from = doc.components.iter().position(|c| c.id == d.from);
        let to = doc.components.iter().position(|c| c.id == d.to);
        if let (Some(from), Some(to)) = (from, to) {
            if from != to {
                graph.add_edge(NodeIndex::new(from), NodeIndex::new(to), ());
            }
        }
    }
    let mut sccs = petgraph::algo::tarjan_scc(&graph);
    sccs.reverse();
    sccs.into_iter()
        .flat_map(|mut scc| {
            scc.sort();
            scc
        })
        .map(|n| doc.components[n.index()].id.clone())
        .collect()
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

/// Replicas, shards or bigger nodes for a database, each the least that
/// brings its nodes under the ceiling.
fn database_moves(component: &Component, load: &super::ComponentLoad, target: PlanTarget) -> Vec<Intervention> {
    let Some(db) = &component.database else { return Vec::new() };
    let (reads, writes) = (load.read_rate, load.write_rate);
    let node_capacity = f64::from(component.instances) * component.throughput_per_instance * target.ceiling;
    let loads = |replicas: u32, shards: u32| {
        let per_shard = (1.0 - db.fan_out_share) / f64::from(shards.max(1)) + db.fan_out_share;
        let on_primary = if replicas == 0 {
            1.0
        } else if db.reads_on_primary {
            1.0 / f64::from(replicas + 1)
        } else {
            0.0
        };
        let primary = per_shard * (writes + reads * on_primary);
        let replica = if replicas > 0 { per_shard * (reads * (1.0 - on_primary) / f64::from(replicas) + writes) } else { 0.0 };
        (primary, replica)
    };
    let mut moves = Vec::new();
    let current = loads(db.read_replicas, db.shards);
    let worst = current.0.max(current.1);
    if reads > 0.0 {
        if let Some(replicas) = (db.read_replicas + 1..=64).find(|&n| loads(n, db.shards).1 <= node_capacity) {
            let after = loads(replicas, db.shards);
            if after.0.max(after.1) < worst {
                moves.push(Intervention::AddReplicas { component: component.id.clone(), replicas });
            }
        }
    }
    if let Some(shards) = (db.shards + 1..=64).find(|&s| {
        let (p, r) = loads(db.read_replicas, s);
        p <= node_capacity && r <= node_capacity
    }) {
        moves.push(Intervention::Shard { component: component.id.clone(), shards });
    }
    let per_worker = component.throughput_per_instance * target.ceiling;
    let workers = (worst / per_worker * (1.0 - 1e-12)).ceil() as u32;
    // A bigger box: up to four times the workers, and no more than 64.
    if workers > component.instances && workers <= (component.instances * 4).min(64) {
        moves.push(Intervention::ScaleOut { component: component.id.clone(), instances: workers });
    }
    moves
}

fn fingerprint(doc: &Document) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    let text = serde_json::to_string(&(&doc.components, &doc.dependencies)).unwrap_or_default();
    text.hash(&mut hasher);
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
    reached: bool,
    figures: StepFigures,
    /// The moves from here, worked out when the node was made.
    moves: Moves,
}

/// What the forced moves still ahead of an architecture will roughly cost:
/// every plan from it pays them, so ordering by cost plus this estimate
/// keeps the search from wandering through cheap-looking half plans.
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

#[derive(PartialEq)]
struct Queued {
    cost: f64,
    node: usize,
}

impl Eq for Queued {}

impl Ord for Queued {
    fn cmp(&self, other: &Self) -> Ordering {
        // Cheapest first; on a tie, the earlier node (a shorter plan).
        other.cost.total_cmp(&self.cost).then_with(|| other.node.cmp(&self.node))
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
    best: Option<usize>,
    explored: usize,
    budget_ran_out: bool,
    /// Once the budget has run out without a plan: the architecture the
    /// greedy finish has reached and how many of its moves it has made.
    /// One greedy move per expansion of `step`, so it runs in slices too.
    greedy: Option<(usize, usize)>,
}

impl PlanSearch {
    pub fn new(doc: &Document, target: PlanTarget, settings: PlanSettings) -> PlanSearch {
        let assessment = assess(doc, target, 0.0);
        let moves = interventions(doc, &assessment, target, &settings);
        let root = Node {
            doc: doc.clone(),
            parent: None,
            interventions: Vec::new(),
            depth: 0,
            extractions: 0,
            cost: assessment.cost,
            reached: assessment.failures.is_empty(),
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
            greedy: None,
        };
        search.seen.insert(fingerprint(doc));
        search.waiting.push(Queued { cost: search.nodes[0].cost, node: 0 });
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
                let most_promising = self.waiting.peek().map(|q| q.node);
                self.waiting.clear();
                match (self.best, most_promising) {
                    (None, Some(start)) => self.greedy = Some((start, 0)),
                    _ => break,
                }
                continue;
            }
            let Some(Queued { node, .. }) = self.waiting.pop() else { break };
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

    fn expand(&mut self, index: usize) {
        self.explored += 1;
        let (doc, depth, extractions, cost) = {
            let node = &self.nodes[index];
            (node.doc.clone(), node.depth, node.extractions, node.cost)
        };
        if self.nodes[index].reached {
            if self.best.is_none_or(|b| cost < self.nodes[b].cost - 1e-9) {
                self.best = Some(index);
            }
            // Architectures come off the queue cheapest first, and moves
            // add cost, so the first one that meets the target is the
            // cheapest: stop. (A move that saves money — a cache that lets
            // autoscaled callers shrink — is cheaper than its parent and so
            // is examined before it anyway.)
            self.waiting.clear();
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
            // gets, and being the cheapest such architecture, the answer.
            self.best = Some(index);
            self.waiting.clear();
            return;
        };
        for branch in branches {
            if let Some((id, priority)) = self.make_child(index, &doc, depth, extractions, branch, true) {
                self.waiting.push(Queued { cost: priority, node: id });
            }
        }
    }

    /// Applies `branch` to `doc` (the architecture of node `parent`) and
    /// records the result as a new node; returns it with its priority (cost
    /// plus the forced moves still ahead). `None` when nothing applied or,
    /// with `dedupe`, the architecture was seen before.
    fn make_child(
        &mut self,
        parent: usize,
        doc: &Document,
        depth: usize,
        extractions: usize,
        branch: Vec<Intervention>,
        dedupe: bool,
    ) -> Option<(usize, f64)> {
        let mut next = doc.clone();
        let mut applied = Vec::new();
        for intervention in branch {
            let Some(command) = intervention.command(&next) else { continue };
            if crate::model::apply(&mut next, command).is_ok() {
                applied.push(intervention);
            }
        }
        if applied.is_empty() || (!self.seen.insert(fingerprint(&next)) && dedupe) {
            return None;
        }
        let extractions = extractions + applied.iter().filter(|i| i.adds_service()).count();
        let overheads = extractions as f64 * self.overhead;
        let after = assess(&next, self.target, overheads);
        let moves = interventions(&next, &after, self.target, &self.settings);
        let estimate = forced_estimate(&next, &moves);
        self.nodes.push(Node {
            doc: next,
            parent: Some(parent),
            interventions: applied,
            depth: depth + 1,
            extractions,
            cost: after.cost + overheads,
            reached: after.failures.is_empty(),
            figures: after.figures,
            moves,
        });
        let id = self.nodes.len() - 1;
        Some((id, self.nodes[id].cost + estimate))
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
            if let Some((id, priority)) = self.make_child(at, &doc, depth, extractions, branch, false) {
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
        let moves: Vec<Intervention> =
            chain[1..].iter().flat_map(|&i| self.nodes[i].interventions.iter().cloned()).collect();
        // Reached, or the budget ran out before anything was settled:
        // nothing is known to be unfixable.
        let judge_unfixable = !(self.nodes[end].reached || self.best.is_none());
        Some(PlanAssembly {
            target: self.target,
            overhead: self.overhead,
            moves,
            next: 0,
            doc: self.nodes[0].doc.clone(),
            extractions: 0,
            figures: self.nodes[0].figures.clone(),
            steps: Vec::new(),
            end: self.nodes[end].doc.clone(),
            reached: self.nodes[end].reached,
            added_monthly_cost: self.nodes[end].cost - self.nodes[0].cost,
            explored: self.explored,
            exhaustive: !self.budget_ran_out,
            judge_unfixable,
        })
    }
}

/// A plan being put together: the moves of the chosen architecture
/// replayed one by one, so each step has its own edit and its own before
/// and after figures.
pub struct PlanAssembly {
    target: PlanTarget,
    overhead: f64,
    moves: Vec<Intervention>,
    next: usize,
    doc: Document,
    extractions: usize,
    figures: StepFigures,
    steps: Vec<PlanStep>,
    end: Document,
    reached: bool,
    added_monthly_cost: f64,
    explored: usize,
    exhaustive: bool,
    judge_unfixable: bool,
}

impl PlanAssembly {
    /// Replays up to `moves` more moves; true once every move is in.
    pub fn step(&mut self, moves: usize) -> bool {
        for _ in 0..moves {
            let Some(intervention) = self.moves.get(self.next).cloned() else { break };
            self.next += 1;
            let Some(command) = intervention.command(&self.doc) else { continue };
            let before_doc = self.doc.clone();
            if crate::model::apply(&mut self.doc, command.clone()).is_err() {
                continue;
            }
            self.extractions += usize::from(intervention.adds_service());
            let after = assess(&self.doc, self.target, self.extractions as f64 * self.overhead).figures;
            self.steps.push(PlanStep {
                intervention,
                command,
                before: std::mem::replace(&mut self.figures, after.clone()),
                after,
                before_doc,
            });
        }
        self.next >= self.moves.len()
    }

    /// Moves replayed so far, and in all.
    pub fn replayed(&self) -> (usize, usize) {
        (self.next, self.moves.len())
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

//! The least any plan can cost: a floor under the plan search, so that it
//! can set aside architectures that cannot beat the best plan found and
//! say how far that plan can be from the cheapest when it stops early.
//!
//! Moves only take load away from a component (a cache in front of a
//! store, a queue on a deferrable call, an extracted module) or add
//! capacity to it; none removes an instance. So every move that takes
//! load away is made at once, and for free, on the starting architecture:
//! what each component still receives there is the least it receives in
//! any plan. Each component then costs at least what serving that least
//! load under the ceiling costs, and never less than its floor of
//! instances in the architecture being judged.

use super::plan::{cache_refusal, database_moves, instances_to_pass, node_loads, Failure, Intervention, PlanSettings, PlanTarget, Wiring};
use super::{instances_needed, Analysis, ComponentLoad, Report};
use crate::model::{CallMode, ComponentKind, Document};

/// What one component of the starting architecture costs at least.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Floor {
    /// Cannot autoscale: at least `needed` instances all month.
    Fixed { needed: u32 },
    /// Can autoscale (or start to): pays by the hour for what each hour
    /// needs, never below its floor, with its maximum at least `needed`.
    Hourly { each_hour: Vec<u32>, needed: u32 },
    /// Priced by calls (a function, an external API's per-call charge):
    /// what the least load's calls cost (an external API's keys are
    /// added at their price).
    ByLoad { calls: f64 },
    /// A database: the cheapest shape a plan can leave it in that serves
    /// the least load under the ceiling — counted only when a move can
    /// bring it there, as a plan may otherwise leave it short.
    Database { least: Option<f64> },
    /// A module runs inside its host and costs nothing of its own.
    Hosted,
}

/// The floor of every component of a search's starting architecture.
pub(super) struct CostFloor {
    pub(super) floors: Vec<(ComponentKind, Floor)>,
    overhead_per_service: f64,
}

impl CostFloor {
    /// The floors for plans from `doc` to `target`.
    pub(super) fn new(doc: &Document, target: PlanTarget, settings: &PlanSettings) -> CostFloor {
        let relieved = relieved(doc, target, settings);
        let analysis = Analysis::new(&relieved);
        let report = analysis.report_at(target.growth);
        let growth = target.growth;
        let comfort = relieved.scenario.comfort_line;
        let floors = doc
            .components
            .iter()
            .enumerate()
            .map(|(i, component)| {
                let Some(load) = report.components.get(i) else { return (component.kind, Floor::Hosted) };
                let floor = match component.kind {
                    _ if component.host().is_some() => Floor::Hosted,
                    ComponentKind::Database => Floor::Database { least: least_database_cost(component, load, target) },
                    ComponentKind::Function | ComponentKind::ExternalApi => {
                        let per_instance = if component.kind == ComponentKind::ExternalApi {
                            f64::from(component.instances) * component.monthly_cost_per_instance
                        } else {
                            0.0
                        };
                        Floor::ByLoad { calls: load.monthly_cost - per_instance }
                    }
                    kind if kind.can_autoscale() => {
                        let served = analysis.served[i] * growth;
                        let mu = analysis.mu[i];
                        let each_hour =
                            analysis.day_shape.iter().map(|s| instances_needed(served * s, mu, comfort)).collect();
                        Floor::Hourly { each_hour, needed: passable(instances_to_pass(load, target.ceiling)) }
                    }
                    _ => Floor::Fixed { needed: passable(instances_to_pass(load, target.ceiling)) },
                };
                (component.kind, floor)
            })
            .collect();
        CostFloor { floors, overhead_per_service: doc.scenario.overhead.monthly_per_service }
    }

    /// Whether component `i`'s floor counts on it meeting the target: a
    /// final architecture that leaves it short is not bounded by the
    /// floors (so is not compared with them).
    pub(super) fn insists(&self, i: usize) -> bool {
        match self.floors.get(i) {
            Some((_, Floor::Fixed { needed } | Floor::Hourly { needed, .. })) => *needed > 0,
            Some((_, Floor::Database { least })) => least.is_some(),
            _ => false,
        }
    }

    /// Whether no capacity in `failures` is one a floor insists on (the
    /// floors are of capacity: connections and memory left short do not
    /// make them wrong).
    pub(super) fn leaves_alone(&self, failures: &[Failure]) -> bool {
        failures.iter().all(|f| !matches!(*f, Failure::Capacity(i) if self.insists(i)))
    }

    /// The least monthly cost, overheads included, of any plan that starts
    /// from `doc` (an architecture of the search, with its `report` at the
    /// target and `extractions` modules extracted so far).
    pub(super) fn at(&self, doc: &Document, report: &Report, extractions: usize) -> f64 {
        let components: f64 = self.each(doc, report).sum();
        components + extractions as f64 * self.overhead_per_service
    }

    /// Each component's floor, in order.
    pub(super) fn each<'a>(&'a self, doc: &'a Document, report: &'a Report) -> impl Iterator<Item = f64> + 'a {
        doc.components
            .iter()
            .enumerate()
            .map(move |(i, c)| {
                let price = c.monthly_cost_per_instance;
                let instances = f64::from(c.instances);
                match self.floors.get(i) {
                    Some((kind, floor)) if *kind == c.kind => match floor {
                        Floor::Fixed { needed } => f64::from(c.instances.max(*needed)) * price,
                        Floor::Hourly { each_hour, needed } => {
                            let (low, high) = (c.instances, c.instance_ceiling().max(*needed));
                            let hours: u32 = each_hour.iter().map(|&h| h.clamp(low, high.max(low))).sum();
                            f64::from(hours) / each_hour.len().max(1) as f64 * price
                        }
                        Floor::ByLoad { calls } if c.kind == ComponentKind::ExternalApi => calls + instances * price,
                        Floor::ByLoad { calls } => *calls,
                        Floor::Database { least } => {
                            let now = report.components.get(i).map_or(0.0, |l| l.monthly_cost);
                            now.max(least.unwrap_or(0.0))
                        }
                        Floor::Hosted => 0.0,
                    },
                    // Added by a move, or a module extracted into a service:
                    // it runs at least the instances it has.
                    _ => match c.kind {
                        ComponentKind::Function => 0.0,
                        _ => instances * price,
                    },
                }
            })
    }
}

/// The instances a floor may insist on: none beyond what a component has
/// when more than the model allows are needed (no plan can run them, so
/// a plan may leave it short).
fn passable(needed: u32) -> u32 {
    if needed > crate::model::bounds::MAX_INSTANCES {
        0
    } else {
        needed
    }
}

/// A database's least cost at its least load, or `None` when no move
/// brings it under the ceiling there. The plan gives a database one move
/// for its capacity, sized to what it then receives (never less than its
/// least load), and once under the ceiling it stays there as moves only
/// take load away: so it ends as it is, or with more replicas, more shards
/// or more workers per node, each at least what the least load needs.
fn least_database_cost(component: &crate::model::Component, load: &ComponentLoad, target: PlanTarget) -> Option<f64> {
    let db = component.database.as_ref()?;
    let price = component.monthly_cost_per_instance;
    let shape = |replicas: u32, shards: u32, workers: u32| {
        f64::from(shards.max(1)) * f64::from(1 + replicas) * f64::from(workers) * price
    };
    let now = shape(db.read_replicas, db.shards, component.instances);
    let (primary, replica) = node_loads(db, load.read_rate, load.write_rate, db.read_replicas, db.shards);
    let capacity = f64::from(component.instances) * component.throughput_per_instance * target.ceiling;
    if primary.max(replica) <= capacity {
        return Some(now);
    }
    database_moves(component, load, target)
        .0
        .iter()
        .map(|m| match *m {
            Intervention::AddReplicas { replicas, .. } => shape(replicas, db.shards, component.instances),
            Intervention::Shard { shards, .. } => shape(db.read_replicas, shards, component.instances),
            Intervention::ScaleOut { instances, .. } => shape(db.read_replicas, db.shards, instances),
            _ => now,
        })
        .reduce(f64::min)
}

/// `doc` with every load-taking move of the catalogue made: every
/// deferrable call on a queue and every module extracted, then a cache in
/// front of every store with reads to cache (a call deferred away from a
/// CDN leaves its store open to a cache of its own). A move that does not
/// apply is left out, as the search cannot make it either.
fn relieved(doc: &Document, target: PlanTarget, settings: &PlanSettings) -> Document {
    let mut moves: Vec<Intervention> = doc
        .dependencies
        .iter()
        .filter(|d| d.deferrable && d.mode == CallMode::Sync)
        .map(|d| Intervention::DeferToQueue { dependency: d.id.clone() })
        .collect();
    moves.extend(
        doc.components.iter().filter(|c| c.host().is_some()).map(|c| Intervention::ExtractModule { module: c.id.clone() }),
    );
    let mut relieved = made(doc.clone(), moves);
    let report = Analysis::new(&relieved).report_at(target.growth);
    let wiring = Wiring::new(&relieved);
    let caches: Vec<Intervention> = relieved
        .components
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            let read_rate = report.components.get(*i).map_or(0.0, |l| l.read_rate);
            matches!(c.kind, ComponentKind::Database | ComponentKind::ExternalApi)
                && cache_refusal(&relieved, &wiring, *i, read_rate).is_none()
        })
        .map(|(_, c)| Intervention::AddCache { store: c.id.clone(), hit_ratio: settings.cache_hit_ratio })
        .collect();
    relieved = made(relieved, caches);
    relieved
}

/// `doc` after `moves`, each worked out on the architecture before it.
fn made(mut doc: Document, moves: Vec<Intervention>) -> Document {
    for intervention in moves {
        if let Some(command) = intervention.command(&doc) {
            // A refused move is one the search cannot make either.
            let _ = crate::model::apply(&mut doc, command);
        }
    }
    doc
}

//! One document prepared for solving. Every rate scales linearly with the
//! growth dial, so the traffic at 1x, the split of each component's load
//! over its tiers and the synchronous visit ratios of every entry point are
//! computed once; a report at any growth is then one pass over the
//! components (plus a 24-step day for work behind queues).

use super::call_tree::{call_trees, CallTree};
use super::connections::{budget, ClientDemand, ConnectionBudget};
use super::overload::effective_arrival_rates;
use super::queueing::{instances_needed, mmc, Queueing};
use super::report::{
    ComponentLoad, CostSummary, DependencyFlow, EntryLatency, Judgement, Limit, Report,
    RightSizing, Saturation, Status, TierLoad, TierLoads, Violation, Warning,
};
use super::tiers::{tier_shapes, TierShape, TierShapes};
use super::timeline::{day_of, DayLoad};
use super::traffic::{AmplifyingLoop, ClassRates, ComponentIndex, EdgeSet, Network, SolveOrder, TrafficSolution};
use super::variability::{departure_scv, split_scv, wait_factor, Flows, Inflow, Source};
use std::borrow::Cow;

use crate::model::{Component, ComponentKind, Document};

/// Seconds in a 30-day month, for monthly request counts and invocations.
pub const SECONDS_PER_MONTH: f64 = 30.0 * 24.0 * 3600.0;

/// Components below this utilisation at the peak are flagged as oversized.
pub const OVERSIZED_BELOW: f64 = 0.2;

/// A document ready to be reported at any growth. It borrows the document
/// (a one-off report) or owns it ([`Analysis::owning`]): the page keeps
/// one per document in a memo, so a step of the growth dial is one
/// [`Analysis::report_at`] and never a new solve.
pub struct Analysis<'a> {
    pub(super) doc: Cow<'a, Document>,
    pub(super) network: Network,
    /// The network's order over every edge, kept for the overload pass.
    pub(super) order: SolveOrder,
    /// Offered rates at 1x (at the peak).
    pub(super) unit: Vec<ClassRates>,
    /// How each component's load divides over its tiers.
    pub(super) shapes: Vec<TierShapes>,
    /// Per component, its busiest tier's share per node (0 for none).
    busiest: Vec<f64>,
    /// Judged over the day: reached only through asynchronous work.
    pub(super) over_the_day: Vec<bool>,
    /// Per entry: component index, rate at 1x, synchronous visit ratios.
    pub(super) visits: Vec<(usize, f64, Vec<f64>)>,
    /// Per entry: its synchronous solve at one request a second, from
    /// which its call tree is built when first asked for.
    per_entry: Vec<TrafficSolution>,
    /// Per entry: the synchronous calls one of its requests makes. Only
    /// the percentiles and the simulation walk them, so a report (the
    /// dial, a solve) never builds them.
    trees: std::sync::OnceLock<Vec<CallTree>>,
    /// The streams arriving at each component, for the arrival
    /// variability (QNA) at any growth.
    pub(super) flows: Flows,
    /// The daily profile scaled to a busiest hour of 1, and its mean.
    pub(super) day_shape: Vec<f64>,
    pub(super) day_mean: f64,
    /// Per database or pooler: the components that open connections to it.
    pub(super) connection_clients: Vec<(usize, Vec<usize>)>,
    /// Per component, the positions in `connection_clients` of the budgets
    /// it takes part in (as the target or a client), for the failure
    /// table; built when first asked for.
    budgets_of: std::sync::OnceLock<Vec<Vec<usize>>>,
    /// Built when a change is first followed downstream.
    downstream: std::sync::OnceLock<Downstream>,
    /// Scratch marks for a walk over the components (all false between
    /// walks), so a walk costs what it visits, not the document's size.
    marks: Vec<bool>,
    /// [`Analysis::changes_stay_local`], found when first asked (the
    /// failure table asks once a row).
    stays_local: std::sync::OnceLock<bool>,
    /// The synchronous edges' order, for the visits.
    sync_order: SolveOrder,
    /// The host of each hosted module.
    pub(super) host_of: Vec<Option<usize>>,
    /// Per host, its modules in document order (empty for the rest).
    pub(super) modules_of: Vec<Vec<usize>>,
    /// Requests a component serves at 1x: its own, plus its modules' for a
    /// host of a modular monolith.
    pub(super) served: Vec<f64>,
    /// Mean service rate over what it serves (μ; for a host, what its own
    /// requests and its modules' requests take on average).
    pub(super) mu: Vec<f64>,
    /// Service seconds of one of its own requests: 1/μ, except for a
    /// host, whose own requests take its declared throughput's time while
    /// they wait in a queue shared with its modules (the mix's μ).
    pub(super) own_service: Vec<f64>,
    pub(super) warnings: Vec<Warning>,
}

/// A report's figures that one component's change alters, when they are
/// all it alters ([`Analysis::local_change`]).
pub(super) struct LocalChange {
    /// The loads that change, each once.
    pub loads: Vec<ChangedLoad>,
    /// What the component's own load breaks (a backlog, a capped
    /// autoscaler, a rate limit).
    pub violations: Vec<Violation>,
    /// The connection budgets it takes part in, by position in the
    /// report's.
    pub budgets: Vec<(usize, ConnectionBudget)>,
}

/// One component's load under a change, and how often each entry's
/// requests visit it then (in the report's order of entries).
pub(super) struct ChangedLoad {
    pub position: usize,
    pub load: ComponentLoad,
    pub visits: Vec<f64>,
}

/// What [`Analysis::prepare`] worked out for one component, kept while a
/// change is tried.
struct Prepared {
    unit: ClassRates,
    served: f64,
    mu: f64,
    own_service: f64,
    shapes: TierShapes,
    busiest: f64,
    over_the_day: bool,
}

/// [`Prepared`] for the components a change touches, and each one's
/// traffic and visits per entry (`entries` a component, in order).
struct Kept {
    own: Vec<Prepared>,
    per_entry: Vec<(ClassRates, f64)>,
}

/// Where each component's arrows lead (its callees, `offsets[v]..
/// offsets[v + 1]` of `callees`, one list laid end to end so a walk
/// downstream reads memory in order) and its place in the call order.
struct Downstream {
    offsets: Vec<u32>,
    callees: Vec<u32>,
    place: Vec<u32>,
}

impl Downstream {
    fn of(network: &Network, order: &SolveOrder, n: usize) -> Downstream {
        let mut offsets = vec![0u32; n + 1];
        for edge in &network.edges {
            offsets[edge.from + 1] += 1;
        }
        for v in 0..n {
            offsets[v + 1] += offsets[v];
        }
        let mut fill: Vec<u32> = offsets[..n].to_vec();
        let mut callees = vec![0u32; network.edges.len()];
        for edge in &network.edges {
            callees[fill[edge.from] as usize] = edge.to as u32;
            fill[edge.from] += 1;
        }
        let mut place = vec![0u32; n];
        for (p, &v) in order.call_order().iter().enumerate() {
            place[v] = p as u32;
        }
        Downstream { offsets, callees, place }
    }

    fn targets(&self, v: usize) -> &[u32] {
        &self.callees[self.offsets[v] as usize..self.offsets[v + 1] as usize]
    }
}

impl Analysis<'static> {
    /// An analysis that keeps its own copy of the document, to be kept
    /// while only the growth changes.
    pub fn owning(doc: Document) -> Analysis<'static> {
        Analysis::prepare(Cow::Owned(doc))
    }
}

impl<'a> Analysis<'a> {
    /// The document this analysis is of.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    pub fn new(doc: &'a Document) -> Analysis<'a> {
        Analysis::prepare(Cow::Borrowed(doc))
    }

    fn prepare(source: Cow<'a, Document>) -> Analysis<'a> {
        let doc: &Document = &source;
        // Index maps, so that every pass below is linear in the document.
        let index = ComponentIndex::new(doc);
        let network = Network::indexed(doc, &index);
        let order = network.order(EdgeSet::All);
        let traffic = network.solve(&order, &network.entries);
        let mut warnings: Vec<Warning> = traffic
            .loops
            .into_iter()
            .map(|found| {
                let members = found.members.iter().map(|&i| doc.components[i].id.clone()).collect();
                Warning::from(AmplifyingLoop { members, gain: found.gain })
            })
            .collect();
        if network.entries.iter().all(|&(_, rate)| rate <= 0.0) {
            warnings.push(Warning::NoEntryPoints);
        }
        let entry_points: Vec<usize> = network.entries.iter().map(|&(entry, _)| entry).collect();
        let sync_order = network.sync_order(&order);
        let per_entry = network.solve_each(&sync_order, &entry_points);
        let visits: Vec<(usize, f64, Vec<f64>)> = network
            .entries
            .iter()
            .zip(&per_entry)
            .map(|(&(entry, rate), solution)| {
                // Visits are per request that enters.
                let gain = network.gain[entry];
                (entry, rate, solution.rates.iter().map(|r| per_request(gain, r.total())).collect())
            })
            .collect();
        let over_the_day = doc
            .components
            .iter()
            .enumerate()
            .map(|(i, component)| judged_over_the_day(component, visits.iter().map(|(_, _, v)| v[i]), traffic.rates[i]))
            .collect();
        let shapes: Vec<TierShapes> = doc
            .components
            .iter()
            .zip(&traffic.rates)
            .map(|(component, rates)| tier_shapes(component, *rates))
            .collect();
        let busiest = shapes.iter().map(|s| s.iter().map(|s| s.share_per_node).fold(0.0, f64::max)).collect();
        let day_shape = doc.scenario.profile_shape();
        let day_mean = day_shape.iter().sum::<f64>() / day_shape.len().max(1) as f64;

        let host_of: Vec<Option<usize>> = doc
            .components
            .iter()
            .map(|c| c.host().and_then(|h| index.get(h)).filter(|&h| doc.components[h].host().is_none()))
            .collect();
        let mut modules_of: Vec<Vec<usize>> = vec![Vec::new(); doc.components.len()];
        for (m, host) in host_of.iter().enumerate() {
            if let Some(h) = host {
                modules_of[*h].push(m);
            }
        }
        let mut served = Vec::with_capacity(doc.components.len());
        let mut mu = Vec::with_capacity(doc.components.len());
        let mut own_service = Vec::with_capacity(doc.components.len());
        for (i, modules) in modules_of.iter().enumerate() {
            let rates = service_rates(doc, &traffic.rates, modules, i);
            served.push(rates.served);
            mu.push(rates.mu);
            own_service.push(rates.own_service);
        }

        let mut connection_clients = Vec::new();
        for (i, component) in doc.components.iter().enumerate() {
            let accepts = matches!(
                (component.kind, &component.database, &component.pooler),
                (ComponentKind::Database, Some(_), _) | (ComponentKind::ConnectionPooler, _, Some(_))
            );
            if !accepts {
                continue;
            }
            let mut clients: Vec<usize> = order
                .incoming(i)
                .iter()
                .filter(|e| e.from != i)
                // A module's queries go through its host's pool.
                .map(|e| host_of[e.from].unwrap_or(e.from))
                .filter(|&u| {
                    let client = &doc.components[u];
                    (client.kind.holds_connections() && client.connection_pool.is_some())
                        || (client.kind == ComponentKind::ConnectionPooler && client.pooler.is_some())
                })
                .collect();
            clients.sort_unstable();
            clients.dedup();
            connection_clients.push((i, clients));
        }

        let flows = flows(doc, &network, &order, &index, &traffic.rates, &host_of);
        Analysis {
            doc: source,
            per_entry,
            trees: std::sync::OnceLock::new(),
            budgets_of: std::sync::OnceLock::new(),
            downstream: std::sync::OnceLock::new(),
            marks: Vec::new(),
            stays_local: std::sync::OnceLock::new(),
            sync_order,
            flows,
            network,
            order,
            unit: traffic.rates,
            shapes,
            busiest,
            over_the_day,
            visits,
            day_shape,
            day_mean,
            connection_clients,
            host_of,
            modules_of,
            served,
            mu,
            own_service,
            warnings,
        }
    }

    /// Whether a change to one component's instances, replicas or latency
    /// changes nothing in the report but that component's own figures, its
    /// modules' and the connection budgets it takes part in: every stream
    /// is Poisson (so its load passes no variability on to the components
    /// it calls) and no calls are made at once (whose saving is not a sum
    /// of the visits). Then [`Analysis::local_change`] answers for it.
    pub(super) fn changes_stay_local(&self) -> bool {
        *self.stays_local.get_or_init(|| self.flows.is_poisson() && !self.doc.components.iter().any(|c| c.parallel_calls))
    }

    /// Component `i`'s figures at `before`'s growth with the component
    /// replaced by `changed` (the same id and kind, with fewer instances
    /// or replicas, slower, or a cache gone cold), and every figure that
    /// changes with them, worked out on this analysis and undone after,
    /// instead of preparing the whole document again; `None` unless
    /// [`Analysis::changes_stay_local`] (and, when the change sends other
    /// traffic on, the calls form no loop). `before` is this analysis's
    /// report.
    ///
    /// A change of hit ratio changes what reaches every component its
    /// arrows lead to: their traffic and visits are solved again in call
    /// order from their callers', exactly as the whole solve does, and
    /// their figures (and their hosts', for modules) worked out again.
    pub(super) fn local_change(&mut self, i: usize, changed: Component, before: &Report) -> Option<LocalChange> {
        if !self.changes_stay_local() || i >= self.doc.components.len() {
            return None;
        }
        let read_pass = 1.0 - changed.effective_hit_ratio();
        let traffic_changes = read_pass != self.network.read_pass[i];
        if traffic_changes && !self.order.is_acyclic() {
            return None;
        }
        let original = std::mem::replace(&mut self.doc.to_mut().components[i], changed);
        let original_pass = std::mem::replace(&mut self.network.read_pass[i], read_pass);
        let reached = if traffic_changes { self.reached_from(i) } else { vec![i] };
        let changing = self.figures_to_change(&reached);
        let kept = self.prepared(&changing);
        self.solve_reached(&reached);
        for &j in &changing {
            self.prepare_component(j);
        }
        let change = self.local_figures(&changing, before);
        self.restore(&changing, kept);
        self.network.read_pass[i] = original_pass;
        self.doc.to_mut().components[i] = original;
        Some(change)
    }

    /// `i` and every component its arrows lead to, in call order.
    fn reached_from(&mut self, i: usize) -> Vec<usize> {
        let n = self.doc.components.len();
        let downstream = self.downstream.get_or_init(|| Downstream::of(&self.network, &self.order, n));
        let marks = &mut self.marks;
        marks.resize(n, false);
        marks[i] = true;
        let mut reached = vec![i];
        let mut next = 0;
        while let Some(&v) = reached.get(next) {
            next += 1;
            for &to in downstream.targets(v) {
                if !std::mem::replace(&mut marks[to as usize], true) {
                    reached.push(to as usize);
                }
            }
        }
        for &v in &reached {
            marks[v] = false;
        }
        reached.sort_unstable_by_key(|&v| downstream.place[v]);
        reached
    }

    /// The components whose figures change when those `reached` change:
    /// them, the hosts of the modules among them, and every module of
    /// those (whose figures are its host's), each once, in that order.
    fn figures_to_change(&mut self, reached: &[usize]) -> Vec<usize> {
        let marks = &mut self.marks;
        marks.resize(self.doc.components.len(), false);
        let mut figures: Vec<usize> = reached.to_vec();
        for &j in reached {
            marks[j] = true;
        }
        for &j in reached {
            if let Some(h) = self.host_of[j] {
                if !std::mem::replace(&mut marks[h], true) {
                    figures.push(h);
                }
            }
        }
        for k in 0..figures.len() {
            for &m in &self.modules_of[figures[k]] {
                if !std::mem::replace(&mut marks[m], true) {
                    figures.push(m);
                }
            }
        }
        for &j in &figures {
            marks[j] = false;
        }
        figures
    }

    /// The traffic and each entry's visits at every component `reached`
    /// (in call order, the first the changed one, whose own arrivals do
    /// not change), from their callers', as [`Network::solve`] adds them.
    fn solve_reached(&mut self, reached: &[usize]) {
        for &v in reached.iter().skip(1) {
            let gain = self.network.gain[v];
            let mut rates = self.network.inflow(&self.order, v, &self.unit);
            for &(entry, rate) in self.network.entries.iter().filter(|(entry, _)| *entry == v) {
                rates.reads += rate * self.network.gain[entry];
            }
            self.unit[v] = rates;
            for (e, &(entry, _)) in self.network.entries.iter().enumerate() {
                let mut rates = self.network.inflow(&self.sync_order, v, &self.per_entry[e].rates);
                if entry == v {
                    rates.reads += gain;
                }
                self.per_entry[e].rates[v] = rates;
                self.visits[e].2[v] = per_request(self.network.gain[entry], rates.total());
            }
        }
    }

    /// What [`Analysis::prepare`] derives for component `i` from its own
    /// settings and traffic.
    fn prepare_component(&mut self, i: usize) {
        let rates = service_rates(&self.doc, &self.unit, &self.modules_of[i], i);
        self.served[i] = rates.served;
        self.mu[i] = rates.mu;
        self.own_service[i] = rates.own_service;
        self.shapes[i] = tier_shapes(&self.doc.components[i], self.unit[i]);
        self.busiest[i] = self.shapes[i].iter().map(|s| s.share_per_node).fold(0.0, f64::max);
        let visits = self.visits.iter().map(|(_, _, v)| v[i]);
        self.over_the_day[i] = judged_over_the_day(&self.doc.components[i], visits, self.unit[i]);
    }

    /// Everything prepared for the components `at`, to be put back.
    fn prepared(&self, at: &[usize]) -> Kept {
        Kept {
            own: at
                .iter()
                .map(|&i| Prepared {
                    unit: self.unit[i],
                    served: self.served[i],
                    mu: self.mu[i],
                    own_service: self.own_service[i],
                    shapes: self.shapes[i],
                    busiest: self.busiest[i],
                    over_the_day: self.over_the_day[i],
                })
                .collect(),
            per_entry: at
                .iter()
                .flat_map(|&i| self.per_entry.iter().zip(&self.visits).map(move |(solution, (_, _, v))| (solution.rates[i], v[i])))
                .collect(),
        }
    }

    fn restore(&mut self, at: &[usize], kept: Kept) {
        let entries = self.per_entry.len();
        for (k, (&i, prepared)) in at.iter().zip(kept.own).enumerate() {
            self.unit[i] = prepared.unit;
            for (e, &(rates, visits)) in kept.per_entry[k * entries..(k + 1) * entries].iter().enumerate() {
                self.per_entry[e].rates[i] = rates;
                self.visits[e].2[i] = visits;
            }
            self.served[i] = prepared.served;
            self.mu[i] = prepared.mu;
            self.own_service[i] = prepared.own_service;
            self.shapes[i] = prepared.shapes;
            self.busiest[i] = prepared.busiest;
            self.over_the_day[i] = prepared.over_the_day;
        }
    }

    /// The loads of the components `changing` as prepared now, with what
    /// their own loads break and the budgets they take part in.
    fn local_figures(&self, changing: &[usize], before: &Report) -> LocalChange {
        let growth = before.growth;
        let mut violations = Vec::new();
        // Every stream is Poisson (changes_stay_local): scv 1 everywhere.
        let mut loads: Vec<ChangedLoad> = changing
            .iter()
            .map(|&j| {
                let load = self.component_load(j, growth, 1.0);
                self.push_load_violations(j, &load, &mut violations);
                ChangedLoad { position: j, load, visits: self.visits.iter().map(|(_, _, v)| v[j]).collect() }
            })
            .collect();
        // A module's figures are its host's (listed before its modules).
        for m in 0..loads.len() {
            let Some(h) = self.host_of[loads[m].position] else { continue };
            if let Some(host) = loads.iter().find(|l| l.position == h).map(|l| l.load.clone()) {
                let position = loads[m].position;
                self.fill_in_module(position, &host, &mut loads[m].load, growth);
            }
        }
        let budgets_of = self.budgets_of.get_or_init(|| {
            let mut of = vec![Vec::new(); self.doc.components.len()];
            for (k, (target, clients)) in self.connection_clients.iter().enumerate() {
                of[*target].push(k);
                for &u in clients.iter().filter(|&&u| u != *target) {
                    of[u].push(k);
                }
            }
            of
        });
        let mut touched: Vec<usize> = changing.iter().flat_map(|&j| budgets_of[j].iter().copied()).collect();
        touched.sort_unstable();
        touched.dedup();
        let budgets = touched
            .into_iter()
            .map(|k| {
                let (target, clients) = &self.connection_clients[k];
                (k, self.connection_budget(*target, clients, growth))
            })
            .collect();
        LocalChange { loads, violations, budgets }
    }

    /// Per entry: the synchronous calls one of its requests makes.
    pub(super) fn trees(&self) -> &[CallTree] {
        self.trees.get_or_init(|| call_trees(&self.network, &self.per_entry))
    }

    /// The daily profile's mean with its busiest hour at 1: a month of
    /// requests is the peak rate times this times the seconds in a month.
    pub fn day_mean(&self) -> f64 {
        self.day_mean
    }

    pub fn unit_arrival_rates(&self) -> Vec<f64> {
        self.unit.iter().map(|r| r.total()).collect()
    }

    /// Servers (the c of M/M/c) a component runs at arrival rate `lambda`:
    /// a function's concurrency limit, an autoscaler's count at the comfort
    /// line between its minimum and ceiling, or its fixed instances.
    /// `served` is what it serves per second (its own requests, plus its
    /// modules' for a host), at service rate `self.mu[i]`.
    pub(super) fn servers_at(&self, i: usize, served: f64) -> u32 {
        let component = &self.doc.components[i];
        if component.kind == ComponentKind::Function || !component.autoscales() {
            return component.instance_ceiling();
        }
        let comfort = self.doc.scenario.comfort_line;
        let needed = instances_needed(served, self.mu[i], comfort);
        needed.clamp(component.instances, component.instance_ceiling())
    }

    /// Instances actually running (and paid for, and holding connections):
    /// for a function, the concurrency in use (λ/μ by Little's law).
    pub(super) fn running_at(&self, i: usize, served: f64) -> u32 {
        let component = &self.doc.components[i];
        if component.kind == ComponentKind::Function {
            return instances_needed(served, self.mu[i], 1.0).min(component.instance_ceiling());
        }
        self.servers_at(i, served)
    }

    /// Servers per node of one tier.
    fn tier_servers(&self, i: usize, served: f64) -> u32 {
        let component = &self.doc.components[i];
        if component.kind == ComponentKind::Database {
            component.instances
        } else {
            self.servers_at(i, served)
        }
    }

    /// The component-level arrival rate at which its busiest tier would
    /// saturate, with the servers it runs at `lambda`.
    fn capacity_at(&self, i: usize, served: f64) -> f64 {
        let servers = f64::from(self.tier_servers(i, served));
        let nominal = servers * self.mu[i];
        let busiest = self.busiest[i];
        if busiest > 0.0 {
            nominal / busiest
        } else {
            nominal
        }
    }

    /// The variability (scv of the gaps) of the arrivals at each
    /// component's station at `growth`, by Whitt's decomposition in call
    /// order (what a station sends on depends on how busy it is, so on
    /// growth), for `variability::approximation_note`. A hosted module's
    /// entry is unused: it queues at its host's.
    pub fn arrival_variability_at(&self, growth: f64) -> Vec<f64> {
        self.flows.arrival_scv(|i, arrival| self.departure_scv_at(i, growth, arrival))
    }

    /// The variability of what leaves component `i`'s station at `growth`
    /// given what arrives: each tier's nodes see their share of the
    /// arrivals, and the requests leave from the tier they waited on.
    fn departure_scv_at(&self, i: usize, growth: f64, arrival: f64) -> f64 {
        let component = &self.doc.components[i];
        if component.kind == ComponentKind::ExternalApi {
            // No queue: it delays every request alike.
            return arrival;
        }
        let served = self.served[i] * growth;
        let servers = self.tier_servers(i, served);
        let capacity = f64::from(servers) * self.mu[i];
        let service = component.service_variability();
        let total: f64 = self.shapes[i].iter().map(|s| s.wait_share).sum();
        if total <= 0.0 || capacity <= 0.0 {
            return arrival;
        }
        let spread: f64 = self
            .shapes[i]
            .iter()
            .map(|shape| {
                let node_arrival = split_scv(arrival, shape.share_per_node);
                let utilisation = served * shape.share_per_node / capacity;
                shape.wait_share / total * (departure_scv(node_arrival, utilisation, servers, service) - 1.0)
            })
            .sum();
        1.0 + spread
    }

    /// Latency every request pays that does not occupy a server, seconds.
    fn fixed_latency(component: &Component) -> f64 {
        let cold = match (&component.function, component.kind) {
            (Some(f), ComponentKind::Function) => f.cold_start_share * f.cold_start_ms,
            _ => 0.0,
        };
        (component.base_latency_ms + cold) / 1000.0
    }

    /// Utilisation of every component at `growth` as it is judged, in
    /// document order: at the peak, or over the day's average for work
    /// reached only through a queue (so it reaches the limit exactly at its
    /// `saturates_at`). The sweep calls this many times, so it skips the
    /// queueing maths.
    pub fn utilisation_at(&self, growth: f64) -> Vec<f64> {
        (0..self.doc.components.len())
            .map(|i| {
                // A hosted module runs at its host's utilisation.
                let i = self.host_of[i].unwrap_or(i);
                let judged_over = if self.over_the_day[i] { self.day_mean } else { 1.0 };
                let served = self.served[i] * growth * judged_over;
                if served <= 0.0 {
                    0.0
                } else {
                    served / self.capacity_at(i, served)
                }
            })
            .collect()
    }

    /// `arrival_scv`: the variability of what arrives at the component
    /// (each node sees its share of it).
    fn tier_loads(&self, i: usize, lambda: f64, unit_total: f64, arrival_scv: f64) -> TierLoads {
        let component = &self.doc.components[i];
        let scenario = &self.doc.scenario;
        let mu = self.mu[i];
        let servers = self.tier_servers(i, lambda);
        // The most servers it runs when it reaches the limit: an
        // autoscaler reaches its ceiling first when it holds a comfort
        // line at or under the limit; with the comfort line above the
        // limit it adds no instance until past the limit, so the limit is
        // first reached on its minimum (it used to say "saturates at 6×"
        // for a web app already at 88% of a limit of 80% at 5.5×).
        let ceiling_servers = if component.kind == ComponentKind::Database {
            component.instances
        } else if scenario.comfort_line > scenario.utilisation_limit && component.kind != ComponentKind::Function {
            component.instances.max(1)
        } else {
            component.instance_ceiling()
        };
        let divisor = if self.over_the_day[i] { self.day_mean } else { 1.0 };
        self.shapes[i]
            .iter()
            .map(|shape| {
                let node_lambda = lambda * shape.share_per_node;
                let utilisation = if node_lambda > 0.0 { node_lambda / (f64::from(servers) * mu) } else { 0.0 };
                let queueing = if utilisation >= 1.0 || utilisation.is_nan() {
                    None
                } else if component.kind == ComponentKind::ExternalApi {
                    // We cannot see inside an external API: it answers in
                    // its declared latency until its rate limit.
                    let response_time = Self::fixed_latency(component);
                    Some(Queueing {
                        prob_wait: 0.0,
                        wait_time: 0.0,
                        response_time,
                        mean_in_queue: 0.0,
                        mean_in_system: node_lambda * response_time,
                    })
                } else {
                    let cs2 = component.service_variability();
                    let ca2 = split_scv(arrival_scv, shape.share_per_node);
                    let factor = wait_factor(servers, utilisation, ca2, cs2);
                    mmc(node_lambda, mu, servers, Self::fixed_latency(component))
                        .map(|q| with_waits(q, node_lambda, factor, self.own_service[i] - 1.0 / mu))
                };
                let unit_node = unit_total * shape.share_per_node * divisor;
                let saturates_at = (unit_node > 0.0)
                    .then(|| scenario.utilisation_limit * f64::from(ceiling_servers) * mu / unit_node);
                TierLoad {
                    role: shape.role,
                    nodes: shape.nodes,
                    servers,
                    arrival_rate: node_lambda,
                    utilisation,
                    queueing,
                    saturates_at,
                }
            })
            .collect()
    }

    /// The report at `growth`: every figure below, in the order each one
    /// needs the ones before it (the overload pass reads the modules'
    /// filled-in capacities, the latencies and the ranking read the loads).
    pub fn report_at(&self, growth: f64) -> Report {
        let scenario = &self.doc.scenario;
        let mut violations = Vec::new();
        let mut components = self.component_loads(growth, &mut violations);
        self.fill_in_modules(&mut components, growth);
        self.check_memory(&mut violations);
        self.fill_in_overload(&mut components, growth);
        let connections = self.connection_budgets(growth);
        violations.extend(connections.iter().filter(|b| b.is_exceeded()).cloned().map(Violation::Connections));
        let dependencies = self.dependency_flows(growth);
        let entries = self.entry_latencies(growth, &components);
        let ranking = saturation_ranking(&components, &connections);
        let cost = self.cost_summary(growth, &components);
        Report {
            growth,
            comfort_line: scenario.comfort_line,
            utilisation_limit: scenario.utilisation_limit,
            components,
            dependencies,
            entries,
            ranking,
            warnings: self.warnings.clone(),
            violations,
            connections,
            cost,
            positions: Default::default(),
        }
    }

    /// Every component's load at `growth`, in document order, with the
    /// violations each one's load shows (a backlog, a capped autoscaler,
    /// a rate limit) pushed in the same order. A hosted module's figures
    /// are still its own here: [`Analysis::fill_in_modules`] replaces them.
    fn component_loads(&self, growth: f64, violations: &mut Vec<Violation>) -> Vec<ComponentLoad> {
        let arrival_scv = self.arrival_variability_at(growth);
        (0..self.doc.components.len())
            .map(|i| {
                let load = self.component_load(i, growth, arrival_scv[i]);
                self.push_load_violations(i, &load, violations);
                load
            })
            .collect()
    }

    /// Component `i` at `growth`: its tiers' queues, utilisation,
    /// instances, saturation growth, status, day (for work behind a
    /// queue), cost and right-sizing. `arrival_scv`: the variability of
    /// what arrives at it.
    fn component_load(&self, i: usize, growth: f64, arrival_scv: f64) -> ComponentLoad {
        let component = &self.doc.components[i];
        let scenario = &self.doc.scenario;
        let comfort = scenario.comfort_line;
        let unit = self.unit[i];
        let lambda = unit.total() * growth;
        // What it serves: its own requests, plus its modules' for a host.
        let served = self.served[i] * growth;
        let mu = self.mu[i];
        let tiers = self.tier_loads(i, served, self.served[i], arrival_scv);
        let utilisation = tiers.iter().map(|t| t.utilisation).fold(0.0, f64::max);
        let capacity = self.capacity_at(i, served);
        let queueing = combine(&tiers, &self.shapes[i], served);
        let saturates_at = tiers.iter().filter_map(|t| t.saturates_at).reduce(f64::min);
        // Never past where it reaches the limit (a comfort line above
        // the limit is reached after it).
        let comfortable_until = saturates_at.map(|at| at * (comfort / scenario.utilisation_limit).min(1.0));

        let judged = if self.over_the_day[i] { Judgement::Day } else { Judgement::Peak };
        let day = self.over_the_day[i].then(|| Box::new(self.day_at(i, served)));
        let status = match &day {
            Some(day) if day.unbounded => Status::Saturated,
            Some(_) if utilisation >= 1.0 => Status::Hot,
            _ => Status::of(utilisation, served, comfort),
        };
        let needed = instances_needed(served, mu, comfort);
        ComponentLoad {
            id: component.id.clone(),
            arrival_rate: lambda,
            read_rate: unit.reads * growth,
            write_rate: unit.writes * growth,
            instances: self.running_at(i, served),
            needed_instances: needed,
            instance_ceiling: component.instance_ceiling(),
            service_rate: mu,
            capacity,
            utilisation,
            status,
            queueing,
            saturates_at,
            comfortable_until,
            headroom: saturates_at.map(|at| at / growth),
            effective_arrival_rate: None,
            backlog_growth_rate: None,
            tiers,
            judged,
            day,
            monthly_cost: self.monthly_cost(i, served),
            right_sizing: self.right_sizing(i, utilisation, needed, judged),
            hosted_by: None,
        }
    }

    /// The day of a component judged over it, serving `served` requests a
    /// second at the busiest hour: hour by hour inflow against what it
    /// runs then, and its ceiling for a backlog.
    fn day_at(&self, i: usize, served: f64) -> DayLoad {
        let inflow: Vec<f64> = self.day_shape.iter().map(|s| served * s).collect();
        let capacity: Vec<f64> = inflow.iter().map(|&l| self.capacity_at(i, l)).collect();
        let burst = self.capacity_at(i, f64::MAX);
        day_of(inflow, capacity, burst)
    }

    /// Fewer instances a fixed component could run, and what that saves,
    /// when it idles under [`OVERSIZED_BELOW`] at the peak.
    fn right_sizing(&self, i: usize, utilisation: f64, needed: u32, judged: Judgement) -> Option<RightSizing> {
        let component = &self.doc.components[i];
        let oversized = judged == Judgement::Peak
            && !component.autoscales()
            && matches!(component.kind, k if k != ComponentKind::Function && k != ComponentKind::ExternalApi)
            && utilisation < OVERSIZED_BELOW;
        if !oversized {
            return None;
        }
        let keep = if component.kind == ComponentKind::Database {
            // A database node keeps its workers; only whole
            // replicas could go, which is a decision, not sizing.
            component.instances
        } else {
            needed.max(1)
        };
        (keep < component.instances).then(|| RightSizing {
            instances_needed: keep,
            monthly_saving: f64::from(component.instances - keep) * component.monthly_cost_per_instance,
        })
    }

    /// What component `i`'s own load breaks: a backlog that grows every
    /// day, an autoscaler at its ceiling, an external API's rate limit.
    fn push_load_violations(&self, i: usize, load: &ComponentLoad, violations: &mut Vec<Violation>) {
        let component = &self.doc.components[i];
        if let Some(day) = load.day.as_ref().filter(|d| d.unbounded) {
            violations.push(Violation::UnboundedBacklog {
                component: component.id.clone(),
                average_inflow: day.average_inflow,
                average_capacity: day.average_capacity,
                growth_per_day: day.growth_per_day,
            });
        }
        if component.autoscales()
            && component.kind != ComponentKind::Function
            && load.utilisation >= 1.0
            && load.judged == Judgement::Peak
        {
            violations.push(Violation::ScalingCapped {
                component: component.id.clone(),
                needed: load.needed_instances,
                ceiling: component.instance_ceiling(),
            });
        }
        if component.kind == ComponentKind::ExternalApi && load.utilisation >= 1.0 {
            violations.push(Violation::RateLimit {
                component: component.id.clone(),
                rate: load.arrival_rate,
                limit: f64::from(component.instances) * component.throughput_per_instance,
            });
        }
    }

    /// A host whose own memory and its modules' do not fit on one of its
    /// instances (whatever the growth).
    fn check_memory(&self, violations: &mut Vec<Violation>) {
        for (h, host) in self.doc.components.iter().enumerate() {
            let Some(available) = host.instance_memory_mb else { continue };
            let needed = host.memory_mb.unwrap_or(0.0)
                + self.modules_of[h].iter().map(|&m| self.doc.components[m].memory_mb.unwrap_or(0.0)).sum::<f64>();
            if needed > available {
                violations.push(Violation::Memory { component: host.id.clone(), needed_mb: needed, available_mb: available });
            }
        }
    }

    /// What actually arrives where saturated components pass on only their
    /// capacity, and how fast the backlog in front of each grows (left
    /// unset when the calls form a loop).
    fn fill_in_overload(&self, components: &mut [ComponentLoad], growth: f64) {
        let capacities: Vec<f64> = components.iter().map(|c| c.capacity).collect();
        if let Some(effective) = effective_arrival_rates(&self.network, &self.order, growth, &capacities) {
            for (load, arriving) in components.iter_mut().zip(effective) {
                load.effective_arrival_rate = Some(arriving);
                load.backlog_growth_rate = Some((arriving - load.capacity).max(0.0));
            }
        }
    }

    /// Requests a second along every dependency at `growth`, and how many
    /// of them are reads, in document order.
    fn dependency_flows(&self, growth: f64) -> Vec<DependencyFlow> {
        self.doc
            .dependencies
            .iter()
            .zip(&self.network.edges)
            .map(|(dependency, edge)| {
                let carried = edge.carried_by_class(&self.network.read_pass, self.unit[edge.from]);
                let scale = self.network.gain[edge.to] * growth;
                DependencyFlow { id: dependency.id.clone(), rate: carried.total() * scale, reads: carried.reads * scale }
            })
            .collect()
    }

    /// Each entry point's rate at `growth` and the mean latency of one of
    /// its requests: the visits' response times summed, less what calls
    /// made at once save; `None` when a visited component is saturated.
    fn entry_latencies(&self, growth: f64, components: &[ComponentLoad]) -> Vec<EntryLatency> {
        // Calls made at once take the slowest branch, not the sum
        // (engine::parallel); empty, and free, when none are.
        let parallel_savings = self.parallel_savings(components);
        self.visits
            .iter()
            .enumerate()
            .map(|(k, (entry, rate, visits))| {
                let mut latency = Some(0.0);
                for (visit, load) in visits.iter().zip(components) {
                    if *visit <= 0.0 {
                        continue;
                    }
                    latency = match (latency, load.response_time()) {
                        (Some(sum), Some(response)) if visit.is_finite() => Some(sum + visit * response),
                        _ => None,
                    };
                }
                if let (Some(sum), Some(saving)) = (latency, parallel_savings.get(k)) {
                    latency = Some(sum - saving);
                }
                EntryLatency {
                    component: self.doc.components[*entry].id.clone(),
                    rate: rate * growth * self.network.gain[*entry],
                    latency,
                    visit_ratios: visits.clone(),
                }
            })
            .collect()
    }

    /// Monthly cost at `growth`: the components' total, the requests a
    /// month the entry points take, the price per million and what
    /// right-sizing would save.
    fn cost_summary(&self, growth: f64, components: &[ComponentLoad]) -> CostSummary {
        let monthly_requests: f64 = self
            .network
            .entries
            .iter()
            .map(|&(i, rate)| rate * self.network.gain[i] * growth * self.day_mean * SECONDS_PER_MONTH)
            .sum();
        let monthly_total: f64 = components.iter().map(|c| c.monthly_cost).sum();
        CostSummary {
            monthly_total,
            monthly_requests,
            per_million_requests: (monthly_requests > 0.0).then(|| monthly_total / (monthly_requests / 1e6)),
            right_sizing_saving: components
                .iter()
                .filter_map(|c| c.right_sizing.as_ref().map(|r| r.monthly_saving))
                .sum(),
        }
    }

    /// A hosted module's figures come from its host: it runs on the host's
    /// instances, waits in the host's queue and then takes its own CPU time.
    fn fill_in_modules(&self, components: &mut [ComponentLoad], growth: f64) {
        for m in 0..components.len() {
            let Some(h) = self.host_of[m] else { continue };
            // A host is never a module (host_of says so): h ≠ m, and the
            // host's figures are read where they are, not copied.
            let (host, load) = match h.cmp(&m) {
                std::cmp::Ordering::Less => {
                    let (before, from_m) = components.split_at_mut(m);
                    (&before[h], &mut from_m[0])
                }
                std::cmp::Ordering::Greater => {
                    let (before, from_h) = components.split_at_mut(h);
                    (&from_h[0], &mut before[m])
                }
                std::cmp::Ordering::Equal => continue,
            };
            self.fill_in_module(m, host, load, growth);
        }
    }

    /// Module `m`'s figures from its host's `host` (see
    /// [`Analysis::fill_in_modules`]).
    fn fill_in_module(&self, m: usize, host: &ComponentLoad, load: &mut ComponentLoad, growth: f64) {
        let module = &self.doc.components[m];
        let cpu = module.module.as_ref().map(|s| s.cpu_ms_per_request / 1000.0).unwrap_or(0.0);
        let lambda = self.unit[m].total() * growth;
        let queueing = host.queueing.map(|q| {
            let response_time = q.wait_time + cpu + module.base_latency_ms / 1000.0;
            Queueing {
                prob_wait: q.prob_wait,
                wait_time: q.wait_time,
                response_time,
                // Its waiting requests are counted in the host's queue.
                mean_in_queue: lambda * q.wait_time,
                mean_in_system: lambda * response_time,
            }
        });
        load.instances = host.instances;
        load.needed_instances = host.needed_instances;
        load.instance_ceiling = host.instance_ceiling;
        load.service_rate = if cpu > 0.0 { 1.0 / cpu } else { load.service_rate };
        load.utilisation = host.utilisation;
        load.capacity = if host.utilisation > 0.0 { lambda / host.utilisation } else { host.capacity };
        load.status = if lambda > 0.0 { host.status } else { Status::Idle };
        load.queueing = queueing;
        load.saturates_at = host.saturates_at;
        load.comfortable_until = host.comfortable_until;
        load.headroom = host.headroom;
        load.tiers = TierLoads::none();
        load.judged = host.judged;
        load.day = None;
        load.monthly_cost = 0.0;
        load.right_sizing = None;
        load.hosted_by = Some(host.id.clone());
    }

    /// Dollars per month at arrival rate `lambda` (at the peak).
    pub(super) fn monthly_cost(&self, i: usize, lambda: f64) -> f64 {
        let component = &self.doc.components[i];
        let per_instance = component.monthly_cost_per_instance;
        match component.kind {
            ComponentKind::Database => {
                let (shards, replicas) = component.database.as_ref().map_or((1, 0), |d| (d.shards, d.read_replicas));
                let nodes = f64::from(shards.max(1)) * f64::from(1 + replicas);
                nodes * f64::from(component.instances) * per_instance
            }
            ComponentKind::Function => {
                let price = component.function.as_ref().map(|f| f.price_per_million).unwrap_or(0.0);
                lambda * self.day_mean * SECONDS_PER_MONTH / 1e6 * price
            }
            ComponentKind::ExternalApi => {
                // A flat price per key, plus what the provider charges per call.
                let per_call = component.price_per_million_calls.unwrap_or(0.0);
                f64::from(component.instances) * per_instance + lambda * self.day_mean * SECONDS_PER_MONTH / 1e6 * per_call
            }
            _ if component.autoscales() => {
                // An autoscaled component pays for what it runs hour by
                // hour, not for its peak.
                // What servers_at gives an autoscaled component, with its
                // bounds read once rather than for each of the 24 hours.
                let hours = self.day_shape.len().max(1) as f64;
                let (floor, ceiling) = (component.instances, component.instance_ceiling());
                let (mu, comfort) = (self.mu[i], self.doc.scenario.comfort_line);
                let instance_hours: f64 = self
                    .day_shape
                    .iter()
                    .map(|s| f64::from(instances_needed(lambda * s, mu, comfort).clamp(floor, ceiling)))
                    .sum();
                instance_hours / hours * per_instance
            }
            _ => f64::from(component.instances) * per_instance,
        }
    }

    fn connection_budgets(&self, growth: f64) -> Vec<ConnectionBudget> {
        self.connection_clients.iter().map(|(target, clients)| self.connection_budget(*target, clients, growth)).collect()
    }

    /// The budget of the database or pooler `target` that `clients` open
    /// connections to.
    fn connection_budget(&self, target: usize, clients: &[usize], growth: f64) -> ConnectionBudget {
        let component = &self.doc.components[target];
        let limit = match (&component.database, &component.pooler) {
            (Some(db), _) if component.kind == ComponentKind::Database => db.max_connections,
            (_, Some(pooler)) => pooler.max_client_connections.saturating_mul(component.instances),
            _ => u32::MAX,
        };
        let demands: Vec<ClientDemand<'_>> = clients
            .iter()
            .map(|&u| {
                let client = &self.doc.components[u];
                let served = self.served[u];
                if client.kind == ComponentKind::ConnectionPooler {
                    let pool = client.pooler.as_ref().map(|p| p.server_pool).unwrap_or(0);
                    let instances = client.instances;
                    ClientDemand { id: &client.id, pool, instances_at: Box::new(move |_| instances), ceiling: instances }
                } else {
                    ClientDemand {
                        id: &client.id,
                        pool: client.connection_pool.unwrap_or(0),
                        instances_at: Box::new(move |g| self.running_at(u, served * g)),
                        ceiling: client.instance_ceiling(),
                    }
                }
            })
            .collect();
        budget(component.id.clone(), limit, &demands, growth)
    }
}

/// What saturates first, and on which limit: every component that is not
/// a hosted module (it saturates with its host, which is ranked) at its
/// saturation growth, then every connection budget where it runs out.
/// Stable sort: ties keep document order, throughput before connections.
fn saturation_ranking(components: &[ComponentLoad], connections: &[ConnectionBudget]) -> Vec<Saturation> {
    // Sorted as (growth, position) keys, which is the stable sort of the
    // entries themselves, and only then built (ids cloned once, in order).
    ranking_keys(components, connections)
        .into_iter()
        .map(|key| ranked(components, connections, key))
        .collect()
}

/// The ranking as (growth, position) keys, soonest first: a position below
/// `components.len()` is a component's, the rest a budget's.
pub(super) fn ranking_keys(components: &[ComponentLoad], connections: &[ConnectionBudget]) -> Vec<(f64, usize)> {
    let mut keys: Vec<(f64, usize)> = components
        .iter()
        .enumerate()
        .filter(|(_, c)| c.hosted_by.is_none())
        .filter_map(|(i, c)| Some((c.saturates_at?, i)))
        .collect();
    let n = components.len();
    keys.extend(connections.iter().enumerate().filter_map(|(k, b)| Some((b.exhausted_at?, n + k))));
    keys.sort_unstable_by(ranks_before);
    keys
}

/// The order of the ranking's keys: sooner first, ties in position order.
pub(super) fn ranks_before(a: &(f64, usize), b: &(f64, usize)) -> std::cmp::Ordering {
    a.0.total_cmp(&b.0).then(a.1.cmp(&b.1))
}

/// The ranking's entry for one key.
pub(super) fn ranked(components: &[ComponentLoad], connections: &[ConnectionBudget], key: (f64, usize)) -> Saturation {
    let (saturates_at, position) = key;
    match components.get(position) {
        Some(c) => Saturation {
            component: c.id.clone(),
            saturates_at,
            limit: if c.judged == Judgement::Day { Limit::DailyAverage } else { Limit::Throughput },
        },
        None => Saturation {
            component: connections[position - components.len()].component.clone(),
            saturates_at,
            limit: Limit::Connections,
        },
    }
}

/// The figures with the mean wait `factor` times M/M/c's (the
/// variability's approximation; 1 leaves M/M/c's) and `own_extra` seconds
/// more of service (a host's own requests against the mix's mean).
fn with_waits(q: Queueing, lambda: f64, factor: f64, own_extra: f64) -> Queueing {
    if factor == 1.0 && own_extra == 0.0 {
        return q;
    }
    let wait_time = q.wait_time * factor;
    let response_time = q.response_time - q.wait_time + wait_time + own_extra;
    Queueing { wait_time, response_time, mean_in_queue: lambda * wait_time, mean_in_system: lambda * response_time, ..q }
}

/// Visits per request that enters at an entry whose growth override is
/// `gain`, from the entry's solve's `total` at a component. A growth
/// override on the entry itself multiplies how many requests enter (the
/// entry's rate says so), not how often each visits: the solve multiplied
/// what arrives at the entry by it too, so it is divided back out (it made
/// a 3× override triple the entry's latency). Overrides further down still
/// multiply the visits to what they name. A gain so small that its
/// reciprocal overflows (a subnormal factor) is divided out instead:
/// multiplying by infinity made every visit infinite.
fn per_request(gain: f64, total: f64) -> f64 {
    let per_request = if gain > 0.0 && gain.is_finite() { 1.0 / gain } else { 1.0 };
    if per_request.is_finite() { total * per_request } else { total / gain }
}

/// Whether a component is judged over the day rather than at the peak: it
/// is reached only through asynchronous work (no entry's requests visit it
/// and wait) and carries traffic. A broker must accept every enqueue at
/// the peak, and an external rate limit counts per second whoever calls;
/// what else consumes from a queue need only keep up over the day.
fn judged_over_the_day(component: &Component, mut visits: impl Iterator<Item = f64>, rates: ClassRates) -> bool {
    !matches!(component.kind, ComponentKind::Queue | ComponentKind::ExternalApi)
        && visits.all(|v| v <= 0.0)
        && rates.total() > 0.0
}

/// What component `i` serves at 1x, at what mean rate, and how long one of
/// its own requests takes.
struct ServiceRates {
    served: f64,
    mu: f64,
    own_service: f64,
}

/// A host spends CPU on its own requests (1/μ each) and on every request
/// to its modules (their CPU time each): it is one M/M/c queue serving the
/// mix, with the mix's mean service time; each request waits in it and
/// then takes its own. A component observed under load is judged at the
/// throughput its observation implies; the declared figure is the
/// assumption it replaces.
fn service_rates(doc: &Document, rates: &[ClassRates], modules: &[usize], i: usize) -> ServiceRates {
    let component = &doc.components[i];
    let own = rates[i].total();
    if !modules.is_empty() {
        let mut work = own / component.throughput_per_instance;
        let mut total = own;
        for &m in modules {
            let rate = rates[m].total();
            let cpu = doc.components[m].module.as_ref().map(|s| s.cpu_ms_per_request).unwrap_or(0.0);
            work += rate * cpu / 1000.0;
            total += rate;
        }
        if total > 0.0 && work > 0.0 && total.is_finite() {
            return ServiceRates { served: total, mu: total / work, own_service: 1.0 / component.throughput_per_instance };
        }
    }
    let mu = match &component.observed {
        Some(_) => super::calibration::calibrated_throughput(component)
            .map_or(component.throughput_per_instance, |k| k.throughput_per_instance),
        None => component.throughput_per_instance,
    };
    ServiceRates { served: own, mu, own_service: 1.0 / mu }
}

/// The streams arriving at each component, for Whitt's decomposition:
/// each entry point's traffic with its declared burstiness, and each
/// arrow's share of its caller's departures. A hosted module queues at
/// its host.
fn flows(
    doc: &Document,
    network: &Network,
    order: &SolveOrder,
    index: &ComponentIndex<'_>,
    rates: &[ClassRates],
    host_of: &[Option<usize>],
) -> Flows {
    let n = network.len();
    // Poisson in and exponential service everywhere: every scv is 1 at
    // every growth, so the streams need not be set up at all.
    let services_poisson = doc.components.iter().all(|c| c.service_variability() == 1.0);
    let entries_poisson = || {
        let entering = doc.scenario.entries.iter().filter(|e| index.get(&e.component).is_some());
        entering.map(|e| e.arrival_variability()).all(|scv| scv == 1.0)
    };
    if services_poisson && entries_poisson() {
        return Flows::poisson(n);
    }
    let mut inflows: Vec<Vec<Inflow>> = vec![Vec::new(); n];
    for entry in &doc.scenario.entries {
        let Some(i) = index.get(&entry.component) else { continue };
        let scv = entry.arrival_variability();
        let rate = entry.rate * doc.scenario.peak_factor * network.gain[i];
        inflows[i].push(Inflow { rate, source: Source::Outside(scv) });
    }
    for edge in &network.edges {
        let rate = edge.carried(&network.read_pass, rates[edge.from]) * network.gain[edge.to];
        let at_caller = rates[edge.from].total();
        if rate > 0.0 && at_caller > 0.0 {
            let share = (rate / at_caller).min(1.0);
            inflows[edge.to].push(Inflow { rate, source: Source::Caller { from: edge.from, share } });
        }
    }
    let station_of = (0..n).map(|i| host_of[i].unwrap_or(i)).collect();
    Flows::new(order.call_order().to_vec(), station_of, inflows, false)
}

/// The component's queueing figures from its tiers: a request waits on the
/// tier that serves it (writes on the primary, reads where they are spread),
/// so the mean is weighted by each tier's share of the requests.
fn combine(tiers: &[TierLoad], shapes: &[TierShape], lambda: f64) -> Option<Queueing> {
    if let [only] = tiers {
        return only.queueing;
    }
    let mut combined = Queueing { prob_wait: 0.0, wait_time: 0.0, response_time: 0.0, mean_in_queue: 0.0, mean_in_system: 0.0 };
    for (tier, shape) in tiers.iter().zip(shapes) {
        let q = match tier.queueing {
            Some(q) => q,
            None if shape.wait_share > 0.0 || tier.arrival_rate > 0.0 => return None,
            None => continue,
        };
        combined.prob_wait += shape.wait_share * q.prob_wait;
        combined.wait_time += shape.wait_share * q.wait_time;
        combined.response_time += shape.wait_share * q.response_time;
        combined.mean_in_queue += f64::from(tier.nodes) * q.mean_in_queue;
    }
    combined.mean_in_system = lambda * combined.response_time;
    Some(combined)
}

#[cfg(test)]
mod tests {
    use crate::engine::solve;
    use crate::model::{mvp_that_creaks, GrowthOverride};

    /// Issue 12: a growth override on the entry component multiplied each
    /// entering request's visits too, so 3× more traffic at the load
    /// balancer read as three times the latency per request. With the
    /// override the same traffic must have the same latency as the dial
    /// giving it.
    #[test]
    fn an_override_on_the_entry_does_not_inflate_its_latency() {
        let mut by_override = mvp_that_creaks();
        by_override.scenario.growth = 0.5;
        by_override.scenario.growth_overrides.push(GrowthOverride { component: "lb".into(), factor: 2.0 });
        let mut by_dial = mvp_that_creaks();
        by_dial.scenario.growth = 1.0;
        let (a, b) = (solve(&by_override), solve(&by_dial));
        assert!((a.entries[0].rate - b.entries[0].rate).abs() < 1e-9);
        assert_eq!(a.entries[0].visit_ratios[0], 1.0);
        let (la, lb) = (a.entries[0].latency.unwrap(), b.entries[0].latency.unwrap());
        assert!((la - lb).abs() < 1e-12 * lb.max(1.0), "{la} vs {lb}");
    }

    /// Issue 12: with the comfort line (95%) above the utilisation limit
    /// (80%) the autoscaled web app said "saturates at 6×" (its ceiling
    /// full at the limit) while at 5.5× it ran 5 instances at 88%. Its
    /// saturation growth is where it first reaches the limit, and it is
    /// under the limit at every growth below.
    #[test]
    fn a_comfort_line_above_the_limit_saturates_where_the_limit_is_first_reached() {
        let mut doc = mvp_that_creaks();
        doc.scenario.comfort_line = 0.95;
        doc.scenario.utilisation_limit = 0.8;
        let web = |doc: &crate::model::Document| solve(doc).components.into_iter().find(|c| c.id.as_str() == "web").unwrap();
        let at = web(&doc).saturates_at.unwrap();
        assert!(web(&doc).comfortable_until.unwrap() <= at);
        for k in 1..200 {
            doc.scenario.growth = at * f64::from(k) / 200.0;
            assert!(web(&doc).utilisation < 0.8, "{} at {}", web(&doc).utilisation, doc.scenario.growth);
        }
        doc.scenario.growth = at;
        assert!((web(&doc).utilisation - 0.8).abs() < 1e-9);
    }
}

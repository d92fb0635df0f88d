//! Traffic equations: how many requests per second reach each component.
//!
//! `λ_v = entry_v + Σ_{u→v} calls_uv · pass_u · λ_u`, where `pass_u` is
//! `1 − hit_ratio` for reads at a cache or CDN and 1 otherwise (writes pass
//! through). Traffic is tracked in two classes, reads (entry traffic counts as
//! reads) and writes, because a cache treats them differently.
//!
//! Components are visited strongly-connected component by component in
//! topological order: on a DAG that is one pass; a loop (a retry, say) is
//! solved as a small linear system. A loop that does not damp — its routing
//! matrix has spectral radius ≥ 1 — is reported with its members instead
//! of being solved; its components receive unbounded traffic.

use std::collections::HashMap;

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use crate::model::{CallKind, CallMode, ComponentId, Document};

/// Requests per second at one component, by class.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ClassRates {
    /// Reads and plain calls.
    pub reads: f64,
    pub writes: f64,
}

impl ClassRates {
    pub fn total(self) -> f64 {
        self.reads + self.writes
    }

    fn get(self, class: usize) -> f64 {
        if class == READ { self.reads } else { self.writes }
    }
}

pub(crate) const READ: usize = 0;
pub(crate) const WRITE: usize = 1;

/// A loop in the dependency graph that multiplies traffic instead of
/// damping it, or damps it so little that no figure behind it could be
/// planned with.
#[derive(Clone, Debug, PartialEq)]
pub struct AmplifyingLoop {
    /// The components of the loop, in call order, starting anywhere.
    pub members: Vec<ComponentId>,
    /// Requests that come back around one turn of `members` per request
    /// that started it: at least 1 when the loop amplifies; below 1 (but
    /// within [`UNPLANNABLE`] of it) for a single cycle that damps too
    /// little; NaN when the loop amplifies only as a tangle of loops,
    /// none of which reaches 1 alone.
    pub gain: f64,
}

/// A loop whose elimination pivot (about 1 − its gain) is this small or
/// smaller is not solved: each request would go round it a billion times
/// or more, so every figure behind it would be a rounding artefact. Above
/// 1 the loop amplifies; just below, it is too close to 1 to plan with.
pub const UNPLANNABLE: f64 = 1e-9;

/// The dependency graph in index form, built once per solve.
pub(crate) struct Network {
    pub ids: Vec<ComponentId>,
    /// `1 − hit_ratio` per component (1 for everything that is not a cache).
    pub read_pass: Vec<f64>,
    /// Growth of each component relative to the dial (its growth
    /// override; 1 for most): it multiplies everything arriving there.
    pub gain: Vec<f64>,
    pub edges: Vec<Edge>,
    pub entries: Vec<(usize, f64)>,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Edge {
    pub from: usize,
    pub to: usize,
    pub calls: f64,
    /// The class the caused requests have at the callee: `Some(READ)` for
    /// a read, `Some(WRITE)` for a write, `None` for a plain call, which
    /// passes the caller's mix on unchanged (a load balancer or pooler
    /// forwards reads as reads and writes as writes).
    pub class: Option<usize>,
    pub sync: bool,
}

impl Edge {
    /// Requests this edge carries per second, given the rates at its caller.
    pub fn carried(&self, read_pass: &[f64], at_caller: ClassRates) -> f64 {
        self.carried_by_class(read_pass, at_caller).total()
    }

    /// What this edge delivers to its callee, by class.
    pub fn carried_by_class(&self, read_pass: &[f64], at_caller: ClassRates) -> ClassRates {
        if self.calls == 0.0 {
            return ClassRates::default();
        }
        // 0 × ∞ must stay 0: a cache that absorbs every read passes none.
        let reads = if at_caller.reads == 0.0 || read_pass[self.from] == 0.0 {
            0.0
        } else {
            read_pass[self.from] * at_caller.reads
        };
        let writes = at_caller.writes;
        match self.class {
            Some(READ) => ClassRates { reads: self.calls * (reads + writes), writes: 0.0 },
            Some(_) => ClassRates { reads: 0.0, writes: self.calls * (reads + writes) },
            None => ClassRates { reads: self.calls * reads, writes: self.calls * writes },
        }
    }
}

/// Which edges a solve follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EdgeSet {
    /// Every edge: the load components actually carry.
    All,
    /// Synchronous edges only: what a caller waits for.
    SyncOnly,
}

impl Network {
    pub fn new(doc: &Document) -> Network {
        let ids: Vec<ComponentId> = doc.components.iter().map(|c| c.id.clone()).collect();
        let index: HashMap<ComponentId, usize> =
            ids.iter().enumerate().map(|(i, id)| (id.clone(), i)).collect();
        let read_pass = doc
            .components
            .iter()
            .map(|c| 1.0 - c.effective_hit_ratio())
            .collect();
        // Scenario::growth_factor per component would scan every override
        // for every component; the same product, in the same order, once.
        let mut factor_of: HashMap<&ComponentId, f64> = HashMap::new();
        for o in &doc.scenario.growth_overrides {
            *factor_of.entry(&o.component).or_insert(1.0) *= o.factor;
        }
        let gain = ids.iter().map(|id| factor_of.get(id).copied().unwrap_or(1.0)).collect();
        let edges = doc
            .dependencies
            .iter()
            .filter_map(|d| {
                let from = *index.get(&d.from)?;
                // What leaves a cache for its store is its misses (reads)
                // and the writes it passes through, whatever the arrow's
                // kind: a read or write arrow out of a cache says where
                // they go, and must not turn writes into reads (they
                // would land on read replicas) nor misses into writes
                // (they would all load the primary).
                let cache = doc.components.get(from).is_some_and(|c| c.kind.serves_hits());
                Some(Edge {
                    from,
                    to: *index.get(&d.to)?,
                    calls: d.calls,
                    class: match d.kind {
                        CallKind::Read | CallKind::Write if cache => None,
                        CallKind::Read => Some(READ),
                        CallKind::Write => Some(WRITE),
                        CallKind::Call => None,
                    },
                    sync: d.mode == CallMode::Sync,
                })
            })
            .collect();
        let entries = doc
            .scenario
            .entries
            .iter()
            .filter_map(|e| Some((*index.get(&e.component)?, e.rate * doc.scenario.peak_factor)))
            .collect();
        Network { ids, read_pass, gain, edges, entries }
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Solves the traffic equations for external load `sources` (reads per
    /// second arriving from outside, by component index).
    pub fn solve(&self, set: EdgeSet, sources: &[(usize, f64)]) -> TrafficSolution {
        self.solve_in(&self.solve_order(set), sources)
    }

    /// Solves the traffic equations once per source, each alone at one
    /// request a second (`(component, 1.0)`): the graph, its loops and their
    /// order are worked out once and walked once per source, so an entry's
    /// visit ratios cost one walk and not a rebuild of the whole order.
    /// Each solution is exactly the one [`Network::solve`] gives for that
    /// source alone.
    pub fn solve_each(&self, set: EdgeSet, sources: &[usize]) -> Vec<TrafficSolution> {
        let order = self.solve_order(set);
        sources.iter().map(|&source| self.solve_in(&order, &[(source, 1.0)])).collect()
    }

    /// The edges a solve of `set` follows and their strongly-connected
    /// components, callers before callees.
    fn solve_order(&self, set: EdgeSet) -> SolveOrder {
        let n = self.len();
        let edges: Vec<Edge> = self
            .edges
            .iter()
            .filter(|e| set == EdgeSet::All || e.sync)
            .copied()
            .collect();

        let mut graph: DiGraph<(), ()> = DiGraph::with_capacity(n, edges.len());
        for _ in 0..n {
            graph.add_node(());
        }
        let mut incoming: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut has_self_loop = vec![false; n];
        for (k, edge) in edges.iter().enumerate() {
            graph.add_edge(NodeIndex::new(edge.from), NodeIndex::new(edge.to), ());
            incoming[edge.to].push(k);
            if edge.from == edge.to {
                has_self_loop[edge.from] = true;
            }
        }

        // tarjan_scc yields components in reverse topological order.
        let sccs: Vec<Vec<usize>> = tarjan_scc(&graph)
            .into_iter()
            .rev()
            .map(|scc| scc.into_iter().map(|node| node.index()).collect())
            .collect();
        let mut scc_of = vec![usize::MAX; n];
        for (s, scc) in sccs.iter().enumerate() {
            for &node in scc {
                scc_of[node] = s;
            }
        }
        SolveOrder { edges, incoming, has_self_loop, sccs, scc_of }
    }

    /// Solves for `sources` along an order from [`Network::solve_order`].
    fn solve_in(&self, order: &SolveOrder, sources: &[(usize, f64)]) -> TrafficSolution {
        let SolveOrder { edges, incoming, has_self_loop, sccs, scc_of } = order;
        let mut rates = vec![ClassRates::default(); self.len()];
        for &(i, rate) in sources {
            rates[i].reads += rate * self.gain[i];
        }
        let mut loops = Vec::new();

        for (s, scc) in sccs.iter().enumerate() {
            if scc.len() == 1 && !has_self_loop[scc[0]] {
                let v = scc[0];
                for &k in &incoming[v] {
                    let edge = &edges[k];
                    let carried = edge.carried_by_class(&self.read_pass, rates[edge.from]);
                    rates[v].reads += carried.reads * self.gain[v];
                    rates[v].writes += carried.writes * self.gain[v];
                }
                continue;
            }
            let members: &[usize] = scc;
            // Inflow from outside the loop (already final) plus sources.
            let mut inflow: Vec<ClassRates> = members.iter().map(|&v| rates[v]).collect();
            let position: HashMap<usize, usize> =
                members.iter().enumerate().map(|(p, &v)| (v, p)).collect();
            let mut internal = Vec::new();
            for (p, &v) in members.iter().enumerate() {
                for &k in &incoming[v] {
                    let edge = &edges[k];
                    if scc_of[edge.from] == s {
                        internal.push(*edge);
                    } else {
                        let carried = edge.carried_by_class(&self.read_pass, rates[edge.from]);
                        inflow[p].reads += carried.reads * self.gain[v];
                        inflow[p].writes += carried.writes * self.gain[v];
                    }
                }
            }
            match solve_loop(members, &position, &internal, &inflow, &self.read_pass, &self.gain) {
                Some(solution) => {
                    for (p, &v) in members.iter().enumerate() {
                        rates[v] = solution[p];
                    }
                }
                None => {
                    let receives = inflow.iter().any(|r| r.total() > 0.0);
                    for &v in members {
                        rates[v] = if receives {
                            ClassRates { reads: f64::INFINITY, writes: f64::INFINITY }
                        } else {
                            ClassRates::default()
                        };
                    }
                    loops.push(self.describe_loop(members, &internal));
                }
            }
        }

        TrafficSolution { rates, loops }
    }

    /// Every component, callers before callees (strongly-connected loops
    /// kept together, in no particular order within): the order in which
    /// anything that flows along the calls, such as arrival variability,
    /// is settled in one pass when the calls form no loop.
    pub fn call_order(&self) -> Vec<usize> {
        let mut graph: DiGraph<usize, ()> = DiGraph::with_capacity(self.len(), self.edges.len());
        for i in 0..self.len() {
            graph.add_node(i);
        }
        for edge in &self.edges {
            graph.add_edge(NodeIndex::new(edge.from), NodeIndex::new(edge.to), ());
        }
        // tarjan_scc yields components in reverse topological order.
        tarjan_scc(&graph).into_iter().rev().flatten().map(|node| node.index()).collect()
    }

    /// Finds one cycle through the loop's first member to name in the
    /// warning, and its gain.
    fn describe_loop(&self, members: &[usize], internal: &[Edge]) -> AmplifyingLoop {
        let start = members[0];
        // Depth-first search for a path back to `start`.
        let mut stack = vec![(start, 0usize)];
        let mut path = vec![start];
        let mut gains = vec![1.0];
        let mut visited = vec![start];
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let outgoing: Vec<&Edge> = internal.iter().filter(|e| e.from == node).collect();
            if *next >= outgoing.len() {
                stack.pop();
                path.pop();
                gains.pop();
                continue;
            }
            let edge = outgoing[*next];
            *next += 1;
            let gain = gains[gains.len() - 1] * edge.calls * self.read_pass[node] * self.gain[edge.to];
            if edge.to == start {
                // A cycle below 1 is the loop's whole story only when the
                // loop is that one cycle (then it damps too little);
                // inside a tangle it says nothing useful.
                let the_whole_loop = path.len() == members.len() && internal.len() == members.len();
                return AmplifyingLoop {
                    members: path.iter().map(|&i| self.ids[i].clone()).collect(),
                    gain: if gain >= 1.0 || the_whole_loop { gain } else { f64::NAN },
                };
            }
            if !visited.contains(&edge.to) {
                visited.push(edge.to);
                stack.push((edge.to, 0));
                path.push(edge.to);
                gains.push(gain);
            }
        }
        AmplifyingLoop {
            members: members.iter().map(|&i| self.ids[i].clone()).collect(),
            gain: f64::NAN,
        }
    }
}

/// The edges one kind of solve follows, indexed by callee, and their
/// strongly-connected components in call order: what every solve along the
/// same edges shares.
struct SolveOrder {
    edges: Vec<Edge>,
    /// Per component, the indices in `edges` of the edges into it.
    incoming: Vec<Vec<usize>>,
    has_self_loop: Vec<bool>,
    /// Callers' components before callees'.
    sccs: Vec<Vec<usize>>,
    /// Per component, its position in `sccs`.
    scc_of: Vec<usize>,
}

/// Traffic at every component for one set of sources.
pub(crate) struct TrafficSolution {
    pub rates: Vec<ClassRates>,
    pub loops: Vec<AmplifyingLoop>,
}

/// Solves `(I − M) x = inflow` on one strongly-connected loop, with two
/// unknowns (reads, writes) per member. `I − M` is a Z-matrix, and such a
/// matrix is a nonsingular M-matrix — which is exactly "the loop damps" —
/// iff Gaussian elimination without pivoting meets only positive pivots.
/// So the elimination is both the solver and the test.
fn solve_loop(
    members: &[usize],
    position: &HashMap<usize, usize>,
    internal: &[Edge],
    inflow: &[ClassRates],
    read_pass: &[f64],
    gain: &[f64],
) -> Option<Vec<ClassRates>> {
    let size = members.len() * 2;
    let mut a = vec![0.0; size * size];
    let mut b = vec![0.0; size];
    for (p, rates) in inflow.iter().enumerate() {
        a[(2 * p) * size + 2 * p] = 1.0;
        a[(2 * p + 1) * size + 2 * p + 1] = 1.0;
        b[2 * p] = rates.get(READ);
        b[2 * p + 1] = rates.get(WRITE);
    }
    for edge in internal {
        let callee = 2 * position[&edge.to];
        let caller = 2 * position[&edge.from];
        let calls = edge.calls * gain[edge.to];
        let pass = read_pass[edge.from];
        match edge.class {
            // Both classes at the caller become one class at the callee.
            Some(class) => {
                a[(callee + class) * size + caller + READ] -= calls * pass;
                a[(callee + class) * size + caller + WRITE] -= calls;
            }
            // Each class stays itself.
            None => {
                a[(callee + READ) * size + caller + READ] -= calls * pass;
                a[(callee + WRITE) * size + caller + WRITE] -= calls;
            }
        }
    }
    for pivot in 0..size {
        let p = a[pivot * size + pivot];
        if p.is_nan() || p <= UNPLANNABLE {
            return None;
        }
        for row in pivot + 1..size {
            let factor = a[row * size + pivot] / p;
            if factor == 0.0 {
                continue;
            }
            for col in pivot..size {
                a[row * size + col] -= factor * a[pivot * size + col];
            }
            b[row] -= factor * b[pivot];
        }
    }
    let mut x = vec![0.0; size];
    for row in (0..size).rev() {
        let mut sum = b[row];
        for col in row + 1..size {
            sum -= a[row * size + col] * x[col];
        }
        // Clamp the last bits of rounding: rates are never negative.
        x[row] = (sum / a[row * size + row]).max(0.0);
    }
    Some(
        (0..members.len())
            .map(|p| ClassRates { reads: x[2 * p], writes: x[2 * p + 1] })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use crate::engine::solve;
    use crate::model::{mvp_that_creaks, CallKind, CallMode, Dependency, Document, Routing};

    /// The sample with its web app writing 0.3 per request through Redis
    /// (instead of straight to Postgres), and Redis's arrow to Postgres of
    /// `store_arrow` kind.
    fn sample_writing_through_redis(store_arrow: CallKind) -> Document {
        let mut doc = mvp_that_creaks();
        let Some(arrow) = doc.dependencies.iter_mut().find(|d| d.id.as_str() == "redis-postgres") else {
            panic!("the sample has Redis reading Postgres")
        };
        assert_eq!(arrow.kind, CallKind::Read, "the sample's Redis reads Postgres");
        arrow.kind = store_arrow;
        doc.dependencies.retain(|d| d.id.as_str() != "web-postgres");
        doc.dependencies.push(Dependency {
            id: "web-redis-write".into(),
            from: "web".into(),
            to: "redis".into(),
            calls: 0.3,
            kind: CallKind::Write,
            mode: CallMode::Sync,
            deferrable: false,
            routing: Routing::Calls,
            repeat_share: None,
        });
        doc
    }

    /// Postgres's reads and writes a second in `doc`.
    fn postgres_reads_and_writes(doc: &Document) -> (f64, f64) {
        let report = solve(doc);
        let postgres = report.component(&"postgres".into()).unwrap();
        (postgres.read_rate, postgres.write_rate)
    }

    /// Issue 12: a cache whose arrow to its store is a read turned the
    /// writes it passes through into reads at the store (where replicas
    /// would serve them). The sample's web app writing through its cache:
    /// 36 writes a second reach Postgres through Redis as writes.
    #[test]
    fn a_cache_passes_writes_through_as_writes() {
        let (reads, writes) = postgres_reads_and_writes(&sample_writing_through_redis(CallKind::Read));
        // Reads: (1 − 0.8) × 240 misses; writes: the web app's 36 plus the worker's 12.
        assert!((reads - 48.0).abs() < 1e-9, "{reads}");
        assert!((writes - 48.0).abs() < 1e-9, "{writes}");
    }

    /// A write arrow out of a cache turned its misses into writes at the
    /// store (every one on the primary). The sample's web app writing
    /// through Redis, with Redis's arrow to Postgres made a write:
    /// Postgres gets the 0.2 × 240 = 48 misses as reads and the 36 + 12
    /// writes as writes (it got 0 reads and 96 writes).
    #[test]
    fn a_cache_write_arrow_carries_misses_as_reads() {
        let (reads, writes) = postgres_reads_and_writes(&sample_writing_through_redis(CallKind::Write));
        assert!((reads - 48.0).abs() < 1e-9, "{reads}");
        assert!((writes - 48.0).abs() < 1e-9, "{writes}");
    }
}

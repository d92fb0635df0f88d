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

use rustc_hash::FxHashMap;


use super::strongly_connected::{each_component, Successors};
use crate::model::{CallKind, CallMode, ComponentId, Document};

/// Each component id's index in the document, looked up once per arrow
/// end, entry and override: built once per analysis and shared by every
/// pass that names components by id. A duplicated id maps to its last
/// component, as it always has. Fx hashing: ids are short and come from
/// the user's own document, so a keyed hash (SipHash, a fifth of a solve's
/// time) buys nothing here, and Fx reads eight bytes a step where FNV
/// read one.
pub(crate) struct ComponentIndex<'d>(FxHashMap<&'d str, usize>);

impl<'d> ComponentIndex<'d> {
    pub fn new(doc: &'d Document) -> ComponentIndex<'d> {
        let mut map = FxHashMap::with_capacity_and_hasher(doc.components.len(), Default::default());
        map.extend(doc.components.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)));
        ComponentIndex(map)
    }

    pub fn get(&self, id: &ComponentId) -> Option<usize> {
        self.0.get(id.as_str()).copied()
    }
}

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

/// The dependency graph in index form, built once per solve. Components
/// are their indices in the document (ids stay in the document).
pub(crate) struct Network {
    len: usize,
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
    #[cfg(test)]
    pub fn new(doc: &Document) -> Network {
        Network::indexed(doc, &ComponentIndex::new(doc))
    }

    /// The network of `doc`, whose ids `index` maps.
    pub fn indexed(doc: &Document, index: &ComponentIndex<'_>) -> Network {
        let read_pass = doc
            .components
            .iter()
            .map(|c| 1.0 - c.effective_hit_ratio())
            .collect();
        // Read once in document order: looked up per arrow, a component
        // (hundreds of bytes each) missed the cache for every arrow.
        let serves_hits: Vec<bool> = doc.components.iter().map(|c| c.kind.serves_hits()).collect();
        // Scenario::growth_factor per component would scan every override
        // for every component; the same product, in the same order, once.
        // (Kept per id: components that share an id share its factor.)
        let mut factor_of = vec![1.0; doc.components.len()];
        for o in &doc.scenario.growth_overrides {
            if let Some(k) = index.get(&o.component) {
                factor_of[k] *= o.factor;
            }
        }
        let gain = doc.components.iter().map(|c| index.get(&c.id).map_or(1.0, |k| factor_of[k])).collect();
        // Reserved up front: collected through a filter it grew by
        // doubling, a fifth of what preparing an analysis allocates.
        let mut edges = Vec::with_capacity(doc.dependencies.len());
        edges.extend(doc.dependencies.iter().filter_map(|d| {
                let from = index.get(&d.from)?;
                // What leaves a cache for its store is its misses (reads)
                // and the writes it passes through, whatever the arrow's
                // kind: a read or write arrow out of a cache says where
                // they go, and must not turn writes into reads (they
                // would land on read replicas) nor misses into writes
                // (they would all load the primary).
                let cache = serves_hits.get(from).copied().unwrap_or(false);
                Some(Edge {
                    from,
                    to: index.get(&d.to)?,
                    calls: d.calls,
                    class: match d.kind {
                        CallKind::Read | CallKind::Write if cache => None,
                        CallKind::Read => Some(READ),
                        CallKind::Write => Some(WRITE),
                        CallKind::Call => None,
                    },
                    sync: d.mode == CallMode::Sync,
                })
        }));
        let entries = doc
            .scenario
            .entries
            .iter()
            .filter_map(|e| Some((index.get(&e.component)?, e.rate * doc.scenario.peak_factor)))
            .collect();
        Network { len: doc.components.len(), read_pass, gain, edges, entries }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// The edges a solve of `set` follows and their strongly-connected
    /// components, callers before callees: worked out once, and walked by
    /// every solve, call-order pass and overload pass along those edges.
    pub fn order(&self, set: EdgeSet) -> SolveOrder {
        let n = self.len();
        let follows = |e: &Edge| set == EdgeSet::All || e.sync;
        let (incoming_start, incoming, has_self_loop) = self.incoming(set);
        let successors = Successors::new(n, self.edges.iter().filter(|e| follows(e)).map(|e| (e.from, e.to)));

        // Components come callees first; each is kept as it comes
        // (members in the search's order), the list reversed.
        let mut postorder: Vec<usize> = Vec::with_capacity(n);
        let mut ends: Vec<usize> = Vec::new();
        each_component(&successors, |scc| {
            postorder.extend_from_slice(scc);
            ends.push(postorder.len());
        });
        let mut members = Vec::with_capacity(n);
        let mut scc_start = Vec::with_capacity(ends.len() + 1);
        scc_start.push(0);
        let mut scc_of = vec![usize::MAX; n];
        for s in (0..ends.len()).rev() {
            let begin = if s == 0 { 0 } else { ends[s - 1] };
            for &node in &postorder[begin..ends[s]] {
                scc_of[node] = scc_start.len() - 1;
                members.push(node);
            }
            scc_start.push(members.len());
        }
        let acyclic = scc_start.len() == n + 1 && !has_self_loop.contains(&true);
        SolveOrder { incoming_start, incoming, has_self_loop, members, scc_start, scc_of, acyclic }
    }

    /// The order along synchronous edges only, given `all`, the order
    /// along every edge. When every edge together forms no loop, the
    /// synchronous ones (some of them) form none either, and `all`'s
    /// order is already one in which every caller comes first: only
    /// which edges are followed changes, and the search is not run again.
    pub fn sync_order(&self, all: &SolveOrder) -> SolveOrder {
        if !all.acyclic {
            return self.order(EdgeSet::SyncOnly);
        }
        let (incoming_start, incoming, has_self_loop) = self.incoming(EdgeSet::SyncOnly);
        SolveOrder {
            incoming_start,
            incoming,
            has_self_loop,
            members: all.members.clone(),
            scc_start: all.scc_start.clone(),
            scc_of: all.scc_of.clone(),
            acyclic: true,
        }
    }

    /// The edges into each component that `set` follows, copied in
    /// document order (one flat list with each component's start, and one
    /// more start: the end), and which components call themselves along
    /// them.
    fn incoming(&self, set: EdgeSet) -> (Vec<usize>, Vec<Edge>, Vec<bool>) {
        let n = self.len();
        let follows = |e: &Edge| set == EdgeSet::All || e.sync;
        let mut incoming_start = vec![0usize; n + 1];
        let mut has_self_loop = vec![false; n];
        for edge in self.edges.iter().filter(|e| follows(e)) {
            incoming_start[edge.to + 1] += 1;
            if edge.from == edge.to {
                has_self_loop[edge.from] = true;
            }
        }
        for v in 0..n {
            incoming_start[v + 1] += incoming_start[v];
        }
        // A stable sort keeps each callee's edges in document order.
        let mut incoming: Vec<Edge> = self.edges.iter().filter(|e| follows(e)).copied().collect();
        incoming.sort_by_key(|e| e.to);
        (incoming_start, incoming, has_self_loop)
    }

    /// Solves the traffic equations for external load `sources` (reads per
    /// second arriving from outside, by component index) along `order`.
    pub fn solve(&self, order: &SolveOrder, sources: &[(usize, f64)]) -> TrafficSolution {
        self.solve_in(order, sources)
    }

    /// Solves the traffic equations once per source, each alone at one
    /// request a second (`(component, 1.0)`), along one order: an entry's
    /// visit ratios cost one walk and not a rebuild of the whole order.
    /// Each solution is exactly the one [`Network::solve`] gives for that
    /// source alone.
    pub fn solve_each(&self, order: &SolveOrder, sources: &[usize]) -> Vec<TrafficSolution> {
        sources.iter().map(|&source| self.solve_in(order, &[(source, 1.0)])).collect()
    }

    /// What reaches component `v` along its incoming arrows in `order`
    /// when its callers carry `rates`, times `v`'s growth override: its
    /// whole arrivals but its own sources' when `v` is on no loop.
    pub(super) fn inflow(&self, order: &SolveOrder, v: usize, rates: &[ClassRates]) -> ClassRates {
        let mut inflow = ClassRates::default();
        for edge in order.incoming(v) {
            let carried = edge.carried_by_class(&self.read_pass, rates[edge.from]);
            inflow.reads += carried.reads * self.gain[v];
            inflow.writes += carried.writes * self.gain[v];
        }
        inflow
    }

    /// Solves for `sources` along an order from [`Network::order`].
    fn solve_in(&self, order: &SolveOrder, sources: &[(usize, f64)]) -> TrafficSolution {
        let mut rates = vec![ClassRates::default(); self.len()];
        for &(i, rate) in sources {
            rates[i].reads += rate * self.gain[i];
        }
        let mut loops = Vec::new();

        for s in 0..order.scc_count() {
            let members = order.scc(s);
            if let [v] = *members {
                if !order.has_self_loop[v] {
                    let inflow = self.inflow(order, v, &rates);
                    rates[v].reads += inflow.reads;
                    rates[v].writes += inflow.writes;
                    continue;
                }
            }
            // Inflow from outside the loop (already final) plus sources.
            let mut inflow: Vec<ClassRates> = members.iter().map(|&v| rates[v]).collect();
            let position: HashMap<usize, usize> =
                members.iter().enumerate().map(|(p, &v)| (v, p)).collect();
            let mut internal = Vec::new();
            for (p, &v) in members.iter().enumerate() {
                for edge in order.incoming(v) {
                    if order.scc_of[edge.from] == s {
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

    /// Finds one cycle through the loop's first member to name in the
    /// warning, and its gain.
    fn describe_loop(&self, members: &[usize], internal: &[Edge]) -> LoopFound {
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
                return LoopFound {
                    members: path,
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
        LoopFound { members: members.to_vec(), gain: f64::NAN }
    }
}

/// The edges one kind of solve follows, indexed by callee, and their
/// strongly-connected components in call order: what every solve along the
/// same edges shares.
pub(crate) struct SolveOrder {
    /// Where each component's edges start in `incoming` (one more entry
    /// than components: the end).
    incoming_start: Vec<usize>,
    /// The followed edges, copied and laid out by callee: a component's
    /// inflow reads its arrows from one place instead of all over the
    /// network's list (a 100,000-component failure table spent a quarter
    /// of its time waiting on those reads).
    incoming: Vec<Edge>,
    has_self_loop: Vec<bool>,
    /// Every component, callers' strongly-connected components before
    /// callees' (the members of one in no particular order).
    members: Vec<usize>,
    /// Where each strongly-connected component starts in `members`.
    scc_start: Vec<usize>,
    /// Per component, its strongly-connected component's position.
    scc_of: Vec<usize>,
    /// No loop and no self-call: `members` is a topological order.
    acyclic: bool,
}

impl SolveOrder {
    /// The followed edges into `v`.
    pub fn incoming(&self, v: usize) -> &[Edge] {
        &self.incoming[self.incoming_start[v]..self.incoming_start[v + 1]]
    }

    fn scc_count(&self) -> usize {
        self.scc_start.len() - 1
    }

    fn scc(&self, s: usize) -> &[usize] {
        &self.members[self.scc_start[s]..self.scc_start[s + 1]]
    }

    /// Every component, callers before callees (strongly-connected loops
    /// kept together, in no particular order within): the order in which
    /// anything that flows along the calls, such as arrival variability,
    /// is settled in one pass when the calls form no loop.
    pub fn call_order(&self) -> &[usize] {
        &self.members
    }

    /// The calls form no loop (nor call themselves): then
    /// [`SolveOrder::call_order`] is a topological order.
    pub fn is_acyclic(&self) -> bool {
        self.acyclic
    }
}

/// A loop that amplifies, by component index (the analysis names them).
pub(crate) struct LoopFound {
    pub members: Vec<usize>,
    pub gain: f64,
}

/// Traffic at every component for one set of sources.
pub(crate) struct TrafficSolution {
    pub rates: Vec<ClassRates>,
    pub loops: Vec<LoopFound>,
}

/// Solves `(I − M) x = inflow` on one strongly-connected loop, with two
/// unknowns (reads, writes) per member. `I − M` is a Z-matrix, and such a
/// matrix is a nonsingular M-matrix — which is exactly "the loop damps" —
/// iff Gaussian elimination without pivoting meets only positive pivots.
/// So the elimination is both the solver and the test.
///
/// The matrix is kept sparse (each row its entries by column, each column
/// the rows below the diagonal that still hold an entry there): a loop's
/// arrows are few, and eliminating a member joins only its neighbours, so
/// a ring of 2,000 services costs milliseconds where the dense matrix of
/// 4,000 unknowns took 46 seconds. The operations are the dense
/// elimination's, in its order, less the ones on zeros.
fn solve_loop(
    members: &[usize],
    position: &HashMap<usize, usize>,
    internal: &[Edge],
    inflow: &[ClassRates],
    read_pass: &[f64],
    gain: &[f64],
) -> Option<Vec<ClassRates>> {
    use std::collections::{BTreeMap, BTreeSet};
    let size = members.len() * 2;
    let mut rows: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new(); size];
    let mut b = vec![0.0; size];
    for (p, rates) in inflow.iter().enumerate() {
        rows[2 * p].insert(2 * p, 1.0);
        rows[2 * p + 1].insert(2 * p + 1, 1.0);
        b[2 * p] = rates.get(READ);
        b[2 * p + 1] = rates.get(WRITE);
    }
    for edge in internal {
        let callee = 2 * position[&edge.to];
        let caller = 2 * position[&edge.from];
        let calls = edge.calls * gain[edge.to];
        let pass = read_pass[edge.from];
        let mut subtract = |row: usize, col: usize, value: f64| *rows[row].entry(col).or_insert(0.0) -= value;
        match edge.class {
            // Both classes at the caller become one class at the callee.
            Some(class) => {
                subtract(callee + class, caller + READ, calls * pass);
                subtract(callee + class, caller + WRITE, calls);
            }
            // Each class stays itself.
            None => {
                subtract(callee + READ, caller + READ, calls * pass);
                subtract(callee + WRITE, caller + WRITE, calls);
            }
        }
    }
    let mut below: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); size];
    for (row, entries) in rows.iter().enumerate() {
        for &col in entries.keys().filter(|&&col| col < row) {
            below[col].insert(row);
        }
    }
    for pivot in 0..size {
        let p = rows[pivot].get(&pivot).copied().unwrap_or(0.0);
        if p.is_nan() || p <= UNPLANNABLE {
            return None;
        }
        let pivot_row: Vec<(usize, f64)> = rows[pivot].range(pivot..).map(|(&col, &value)| (col, value)).collect();
        for row in std::mem::take(&mut below[pivot]) {
            let factor = rows[row].get(&pivot).copied().unwrap_or(0.0) / p;
            if factor == 0.0 {
                continue;
            }
            for &(col, value) in &pivot_row {
                *rows[row].entry(col).or_insert(0.0) -= factor * value;
                if col > pivot && col < row {
                    below[col].insert(row);
                }
            }
            b[row] -= factor * b[pivot];
        }
    }
    let mut x = vec![0.0; size];
    for row in (0..size).rev() {
        let mut sum = b[row];
        for (&col, &value) in rows[row].range(row + 1..) {
            sum -= value * x[col];
        }
        // Clamp the last bits of rounding: rates are never negative.
        x[row] = (sum / rows[row].get(&row).copied().unwrap_or(0.0)).max(0.0);
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

/// The sparse elimination against the dense one it replaced, on random
/// loops (damped and not, plain calls, reads and writes).
#[cfg(test)]
mod sparse_elimination {
    use super::*;

    /// The dense elimination, as it was: the reference.
    fn dense(members: &[usize], position: &HashMap<usize, usize>, internal: &[Edge], inflow: &[ClassRates], read_pass: &[f64], gain: &[f64]) -> Option<Vec<ClassRates>> {
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
            let (callee, caller) = (2 * position[&edge.to], 2 * position[&edge.from]);
            let (calls, pass) = (edge.calls * gain[edge.to], read_pass[edge.from]);
            match edge.class {
                Some(class) => {
                    a[(callee + class) * size + caller + READ] -= calls * pass;
                    a[(callee + class) * size + caller + WRITE] -= calls;
                }
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
            x[row] = (sum / a[row * size + row]).max(0.0);
        }
        Some((0..members.len()).map(|p| ClassRates { reads: x[2 * p], writes: x[2 * p + 1] }).collect())
    }

    /// Members, arrows, inflow, read pass and gain of one loop.
    type Loop = (Vec<usize>, Vec<Edge>, Vec<ClassRates>, Vec<f64>, Vec<f64>);

    /// A ring through every member plus `extra` random arrows, members
    /// numbered in a shuffled order.
    fn random_loop(seed: u64, size: usize, extra: usize, scale: f64) -> Loop {
        let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let mut next = move || {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut members: Vec<usize> = (0..size).collect();
        for i in (1..size).rev() {
            members.swap(i, (next() * (i + 1) as f64) as usize % (i + 1));
        }
        let class = |r: f64| if r < 0.4 { None } else if r < 0.7 { Some(READ) } else { Some(WRITE) };
        let mut edges: Vec<Edge> = (0..size)
            .map(|i| Edge { from: i, to: (i + 1) % size, calls: scale * next(), class: class(next()), sync: true })
            .collect();
        for _ in 0..extra {
            let (from, to) = ((next() * size as f64) as usize % size, (next() * size as f64) as usize % size);
            edges.push(Edge { from, to, calls: scale * next(), class: class(next()), sync: true });
        }
        let inflow = (0..size).map(|_| ClassRates { reads: 10.0 * next(), writes: next() }).collect();
        let read_pass = (0..size).map(|_| if next() < 0.3 { next() } else { 1.0 }).collect();
        let gain = (0..size).map(|_| if next() < 0.1 { 1.0 + next() } else { 1.0 }).collect();
        (members, edges, inflow, read_pass, gain)
    }

    #[test]
    fn agrees_with_the_dense_elimination() {
        let (mut damped, mut undamped) = (0, 0);
        for seed in 0..60 {
            let size = 2 + (seed as usize * 7) % 40;
            // Scales on both sides of damping: the verdicts must agree too.
            for scale in [0.3, 0.9, 1.6] {
                let (members, edges, inflow, read_pass, gain) = random_loop(seed, size, size / 2, scale);
                let position: HashMap<usize, usize> = members.iter().enumerate().map(|(p, &v)| (v, p)).collect();
                let inflow: Vec<ClassRates> = members.iter().map(|&v| inflow[v]).collect();
                let sparse = solve_loop(&members, &position, &edges, &inflow, &read_pass, &gain);
                let reference = dense(&members, &position, &edges, &inflow, &read_pass, &gain);
                assert_eq!(sparse.is_some(), reference.is_some(), "seed {seed}, scale {scale}");
                if sparse.is_some() { damped += 1 } else { undamped += 1 }
                for (s, d) in sparse.iter().flatten().zip(reference.iter().flatten()) {
                    for (got, want) in [(s.reads, d.reads), (s.writes, d.writes)] {
                        assert!((got - want).abs() <= 1e-9 * want.abs().max(1.0), "seed {seed}: {got} vs {want}");
                    }
                }
            }
        }
        assert!(damped > 20 && undamped > 20, "{damped} damped, {undamped} not");
    }
}

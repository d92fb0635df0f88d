//! Automatic layered layout of the dependency graph, left to right in the
//! direction traffic flows (a Sugiyama-style layout):
//!
//! 1. cycles are broken by reversing the back edges a depth-first search
//!    finds (starting at the entry points), and self-loops are set aside, so
//!    a retry loop cannot make the layering run forever;
//! 2. each component's layer (column) is the longest path to it from a
//!    source, so every dependency points rightwards;
//! 3. a dependency spanning several layers gets a waypoint in each layer it
//!    crosses, so it is routed around the boxes instead of through them;
//! 4. a few barycenter sweeps order each column to reduce crossings;
//! 5. vertical positions pull each box towards its neighbours while keeping
//!    the boxes of a column apart.
//!
//! A component the user placed (`position: Some(..)`) keeps its position;
//! the layout only fills in the others. Everything here is deterministic:
//! the same document always gets the same picture.

use std::collections::BTreeMap;

use crate::model::{ComponentId, DependencyId, Document, Point};

/// Width of a component's box, in canvas units.
pub const NODE_WIDTH: f64 = 220.0;
/// Height of a component's box, in canvas units.
pub const NODE_HEIGHT: f64 = 150.0;
/// Horizontal space between the boxes of adjacent columns: room for the
/// rate label of every arrow that crosses it.
const COLUMN_GAP: f64 = 110.0;
/// Vertical space between two boxes of one column: room for the
/// bottleneck tab drawn above a box.
const ROW_GAP: f64 = 60.0;
/// Vertical room a dependency passing through a column takes.
const LANE_HEIGHT: f64 = 44.0;
/// Space around the drawing inside the canvas bounds.
const MARGIN: f64 = 16.0;
/// Space above the drawing, where a top box's bottleneck tab goes.
const TOP_MARGIN: f64 = 40.0;
/// Ordering sweeps (one down and one up each). Crossings rarely improve
/// after the third on architecture-sized graphs.
const ORDERING_SWEEPS: usize = 4;
/// Vertical placement passes (one down and one up each).
const PLACEMENT_PASSES: usize = 4;

/// The rectangle the canvas must show, in canvas units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// Where every component and every long dependency goes.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// The centre of each component's box.
    pub positions: BTreeMap<ComponentId, Point>,
    /// For a dependency that crosses intermediate columns, the points it
    /// passes through there, in order from caller to callee. Absent for
    /// dependencies between adjacent columns.
    pub waypoints: BTreeMap<DependencyId, Vec<Point>>,
    /// The drawing's extent, margins included.
    pub bounds: Bounds,
}

impl Layout {
    /// The centre of a component's box.
    pub fn position(&self, id: &ComponentId) -> Option<Point> {
        self.positions.get(id).copied()
    }

    /// The intermediate points of a dependency (empty when it is direct).
    pub fn waypoints_of(&self, id: &DependencyId) -> &[Point] {
        self.waypoints.get(id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The layout with the boxes `ids` moved by `offset`: what a drag in
    /// progress shows. Dependencies touching a moved box lose their
    /// waypoints and are drawn direct, as after the drop.
    pub fn moved(&self, doc: &Document, ids: &[ComponentId], offset: Point) -> Layout {
        let mut moved = self.clone();
        for id in ids {
            if let Some(p) = moved.positions.get_mut(id) {
                p.x += offset.x;
                p.y += offset.y;
                let b = &mut moved.bounds;
                let (left, top) = (p.x - NODE_WIDTH / 2.0 - MARGIN, p.y - NODE_HEIGHT / 2.0 - TOP_MARGIN);
                let (right, bottom) = (p.x + NODE_WIDTH / 2.0 + MARGIN, p.y + NODE_HEIGHT / 2.0 + MARGIN);
                let (r, btm) = ((b.x + b.width).max(right), (b.y + b.height).max(bottom));
                b.x = b.x.min(left);
                b.y = b.y.min(top);
                b.width = r - b.x;
                b.height = btm - b.y;
            }
        }
        let ids: std::collections::BTreeSet<&ComponentId> = ids.iter().collect();
        for dependency in &doc.dependencies {
            if ids.contains(&dependency.from) || ids.contains(&dependency.to) {
                moved.waypoints.remove(&dependency.id);
            }
        }
        moved
    }
}

/// Lays out every component of the document: the automatic layout, with
/// the boxes people placed where they put them.
pub fn layered_layout(doc: &Document) -> Layout {
    place(doc, &automatic_layout(doc))
}

/// Where the layering puts every box and long arrow, ignoring the
/// positions people chose. It depends only on the graph and the entry
/// points, so the page keeps it while boxes are moved.
pub fn automatic_layout(doc: &Document) -> Layout {
    let graph = LayeredGraph::new(doc);
    let mut order = graph.initial_order();
    graph.reduce_crossings(&mut order);
    let ys = graph.place_vertically(&order);

    let x_of = |layer: usize| MARGIN + layer as f64 * (NODE_WIDTH + COLUMN_GAP) + NODE_WIDTH / 2.0;
    let mut positions = BTreeMap::new();
    for (index, component) in doc.components.iter().enumerate() {
        let vertex = graph.real[index];
        positions.insert(component.id.clone(), Point { x: x_of(graph.vertices[vertex].layer), y: ys[vertex] });
    }
    let mut waypoints = BTreeMap::new();
    for (dependency_index, chain) in &graph.chains {
        let dependency = &doc.dependencies[*dependency_index];
        let points = chain
            .iter()
            .map(|&v| Point { x: x_of(graph.vertices[v].layer), y: ys[v] })
            .collect();
        waypoints.insert(dependency.id.clone(), points);
    }
    let bounds = bounds_of(positions.values(), waypoints.values().flatten());
    Layout { positions, waypoints, bounds }
}

/// The automatic layout with the document's positions: a placed box goes
/// where it was put. A long arrow keeps its lanes while both its ends are
/// where the layering put them (boxes pinned there by a first drag
/// elsewhere, say); next to a box that moved, the lanes would lead astray,
/// so it is drawn direct.
pub fn place(doc: &Document, automatic: &Layout) -> Layout {
    let mut positions = BTreeMap::new();
    let mut moved = std::collections::BTreeSet::new();
    for component in &doc.components {
        let auto = automatic.position(&component.id);
        // A valid document has finite positions; a non-finite one is
        // ignored rather than allowed to poison the whole viewBox.
        let placed = component.position.filter(|p| p.x.is_finite() && p.y.is_finite());
        let at = match (placed, auto) {
            (Some(p), Some(a)) => {
                if (p.x - a.x).abs() > 0.5 || (p.y - a.y).abs() > 0.5 {
                    moved.insert(&component.id);
                }
                p
            }
            (Some(p), None) => {
                moved.insert(&component.id);
                p
            }
            (None, Some(a)) => a,
            (None, None) => continue,
        };
        positions.insert(component.id.clone(), at);
    }
    let waypoints: BTreeMap<DependencyId, Vec<Point>> = doc
        .dependencies
        .iter()
        .filter(|d| !moved.contains(&d.from) && !moved.contains(&d.to))
        .filter_map(|d| automatic.waypoints.get(&d.id).map(|w| (d.id.clone(), w.clone())))
        .collect();
    let bounds = bounds_of(positions.values(), waypoints.values().flatten());
    Layout { positions, waypoints, bounds }
}

/// The extent of the boxes and waypoints plus margins, or a small empty
/// canvas when there is nothing to draw.
fn bounds_of<'a>(
    centres: impl Iterator<Item = &'a Point>,
    waypoints: impl Iterator<Item = &'a Point>,
) -> Bounds {
    let mut extent: Option<(f64, f64, f64, f64)> = None;
    let mut include = |left: f64, top: f64, right: f64, bottom: f64| {
        extent = Some(match extent {
            None => (left, top, right, bottom),
            Some((l, t, r, b)) => (l.min(left), t.min(top), r.max(right), b.max(bottom)),
        });
    };
    for c in centres {
        include(
            c.x - NODE_WIDTH / 2.0,
            c.y - NODE_HEIGHT / 2.0,
            c.x + NODE_WIDTH / 2.0,
            c.y + NODE_HEIGHT / 2.0,
        );
    }
    for w in waypoints {
        include(w.x, w.y - LANE_HEIGHT / 2.0, w.x, w.y + LANE_HEIGHT / 2.0);
    }
    match extent {
        None => Bounds { x: 0.0, y: 0.0, width: NODE_WIDTH + 2.0 * MARGIN, height: NODE_HEIGHT },
        Some((left, top, right, bottom)) => Bounds {
            x: left - MARGIN,
            y: top - TOP_MARGIN,
            width: right - left + 2.0 * MARGIN,
            height: bottom - top + TOP_MARGIN + MARGIN,
        },
    }
}

/// A box or a waypoint in one layer.
#[derive(Clone, Copy, Debug)]
struct Vertex {
    layer: usize,
    /// Whether it is a component's box (tall) or a dependency's waypoint
    /// (one lane high).
    is_box: bool,
}

impl Vertex {
    /// Half the vertical room it needs, gaps included.
    fn half_extent(self) -> f64 {
        if self.is_box {
            (NODE_HEIGHT + ROW_GAP) / 2.0
        } else {
            LANE_HEIGHT / 2.0
        }
    }
}

/// The graph made "proper" for layering: acyclic, every edge between
/// adjacent layers, long edges split by waypoint vertices.
struct LayeredGraph {
    vertices: Vec<Vertex>,
    /// Edges between adjacent layers, from the lower layer to the higher.
    edges: Vec<(usize, usize)>,
    /// Vertex of each component, in document order.
    real: Vec<usize>,
    /// Waypoint vertices of each long dependency (by document index), in
    /// order from caller to callee.
    chains: Vec<(usize, Vec<usize>)>,
    /// Rank of each component in depth-first discovery order, used as the
    /// first ordering of the layers.
    discovery: Vec<usize>,
    layer_count: usize,
}

impl LayeredGraph {
    fn new(doc: &Document) -> LayeredGraph {
        let n = doc.components.len();
        let index: BTreeMap<&ComponentId, usize> =
            doc.components.iter().enumerate().map(|(i, c)| (&c.id, i)).collect();
        // (from, to, dependency index); dependencies naming unknown
        // components cannot be drawn and are skipped.
        let edges: Vec<(usize, usize, usize)> = doc
            .dependencies
            .iter()
            .enumerate()
            .filter_map(|(d, dep)| Some((*index.get(&dep.from)?, *index.get(&dep.to)?, d)))
            .collect();

        // Depth-first search from the entry points, then from sources, then
        // from anything left, so the layering follows the traffic.
        let mut roots: Vec<usize> =
            doc.scenario.entries.iter().filter_map(|e| index.get(&e.component).copied()).collect();
        let mut has_incoming = vec![false; n];
        for &(from, to, _) in &edges {
            if from != to {
                has_incoming[to] = true;
            }
        }
        roots.extend((0..n).filter(|&i| !has_incoming[i]));
        roots.extend(0..n);
        let (back, discovery) = back_edges(n, &edges, &roots);

        // Reverse back edges, drop self-loops: what remains is acyclic.
        let oriented: Vec<(usize, usize, usize, bool)> = edges
            .iter()
            .zip(&back)
            .filter(|((from, to, _), _)| from != to)
            .map(|(&(from, to, d), &is_back)| {
                if is_back {
                    (to, from, d, true)
                } else {
                    (from, to, d, false)
                }
            })
            .collect();
        let layers = longest_path_layers(n, &oriented);
        let layer_count = layers.iter().copied().max().map_or(1, |m| m + 1);

        let mut vertices: Vec<Vertex> =
            layers.iter().map(|&layer| Vertex { layer, is_box: true }).collect();
        let real: Vec<usize> = (0..n).collect();
        let mut proper_edges = Vec::new();
        let mut chains = Vec::new();
        for &(from, to, d, reversed) in &oriented {
            let (low, high) = (layers[from], layers[to]);
            let mut previous = from;
            let mut chain = Vec::new();
            for layer in low + 1..high {
                vertices.push(Vertex { layer, is_box: false });
                let waypoint = vertices.len() - 1;
                proper_edges.push((previous, waypoint));
                chain.push(waypoint);
                previous = waypoint;
            }
            proper_edges.push((previous, to));
            if !chain.is_empty() {
                // The chain runs in layering direction; a reversed edge's
                // caller is at the far end.
                if reversed {
                    chain.reverse();
                }
                chains.push((d, chain));
            }
        }
        LayeredGraph { vertices, edges: proper_edges, real, chains, discovery, layer_count }
    }

    /// Vertices of each layer, boxes in discovery order, waypoints after
    /// them in creation order. The sweeps improve on it.
    fn initial_order(&self) -> Vec<Vec<usize>> {
        let mut order = vec![Vec::new(); self.layer_count];
        let mut boxes: Vec<usize> = self.real.clone();
        boxes.sort_by_key(|&v| self.discovery[v]);
        for v in boxes {
            order[self.vertices[v].layer].push(v);
        }
        for (v, vertex) in self.vertices.iter().enumerate().skip(self.real.len()) {
            order[vertex.layer].push(v);
        }
        order
    }

    fn neighbours(&self) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
        let mut predecessors = vec![Vec::new(); self.vertices.len()];
        let mut successors = vec![Vec::new(); self.vertices.len()];
        for &(from, to) in &self.edges {
            successors[from].push(to);
            predecessors[to].push(from);
        }
        (predecessors, successors)
    }

    /// Barycenter sweeps, down then up, keeping the best ordering seen.
    fn reduce_crossings(&self, order: &mut Vec<Vec<usize>>) {
        let (predecessors, successors) = self.neighbours();
        let mut best = order.clone();
        let mut best_crossings = self.crossings(order);
        for _ in 0..ORDERING_SWEEPS {
            if best_crossings == 0 {
                break;
            }
            for layer in 1..order.len() {
                sort_by_barycenter(order, layer, layer - 1, &predecessors);
            }
            for layer in (0..order.len().saturating_sub(1)).rev() {
                sort_by_barycenter(order, layer, layer + 1, &successors);
            }
            let crossings = self.crossings(order);
            if crossings < best_crossings {
                best_crossings = crossings;
                best = order.clone();
            }
        }
        *order = best;
    }

    /// How many pairs of edges cross between adjacent layers.
    fn crossings(&self, order: &[Vec<usize>]) -> usize {
        let rank = ranks(self.vertices.len(), order);
        let mut by_layer: Vec<Vec<(usize, usize)>> = vec![Vec::new(); order.len()];
        for &(from, to) in &self.edges {
            by_layer[self.vertices[from].layer].push((rank[from], rank[to]));
        }
        by_layer.iter_mut().map(|edges| crossings_between(edges)).sum()
    }

    /// Vertical centre of every vertex: each column is first stacked around
    /// 0, then alternately pulled towards its predecessors and successors,
    /// never letting two vertices of a column come closer than they need.
    fn place_vertically(&self, order: &[Vec<usize>]) -> Vec<f64> {
        let (predecessors, successors) = self.neighbours();
        let mut y = vec![0.0; self.vertices.len()];
        for layer in order {
            let desired = vec![0.0; layer.len()];
            let placed = pack(&self.separations(layer), &desired);
            for (&v, value) in layer.iter().zip(placed) {
                y[v] = value;
            }
        }
        for _ in 0..PLACEMENT_PASSES {
            for layer in order.iter().skip(1) {
                self.pull_towards(layer, &predecessors, &mut y);
            }
            for layer in order.iter().rev().skip(1) {
                self.pull_towards(layer, &successors, &mut y);
            }
        }
        // Put the topmost box edge at 0; the bounds add the margins.
        let top = (0..self.vertices.len())
            .map(|v| y[v] - self.vertices[v].half_extent())
            .fold(f64::INFINITY, f64::min);
        if top.is_finite() {
            for value in &mut y {
                *value -= top;
            }
        }
        y
    }

    fn separations(&self, layer: &[usize]) -> Vec<f64> {
        layer
            .windows(2)
            .map(|pair| self.vertices[pair[0]].half_extent() + self.vertices[pair[1]].half_extent())
            .collect()
    }

    fn pull_towards(&self, layer: &[usize], neighbours: &[Vec<usize>], y: &mut [f64]) {
        let desired: Vec<f64> = layer
            .iter()
            .map(|&v| match neighbours[v].as_slice() {
                [] => y[v],
                linked => linked.iter().map(|&u| y[u]).sum::<f64>() / linked.len() as f64,
            })
            .collect();
        for (&v, value) in layer.iter().zip(pack(&self.separations(layer), &desired)) {
            y[v] = value;
        }
    }
}

/// Marks the dependencies that close a cycle (an edge to a vertex still on
/// the depth-first stack, including self-loops) and returns the discovery
/// rank of every vertex. Iterative, so a long chain cannot overflow the
/// stack.
fn back_edges(n: usize, edges: &[(usize, usize, usize)], roots: &[usize]) -> (Vec<bool>, Vec<usize>) {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Unvisited,
        OnStack,
        Done,
    }
    let mut outgoing: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for (e, &(from, to, _)) in edges.iter().enumerate() {
        outgoing[from].push((to, e));
    }
    let mut state = vec![State::Unvisited; n];
    let mut back = vec![false; edges.len()];
    let mut discovery = vec![0; n];
    let mut discovered = 0;
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for &root in roots {
        if state[root] != State::Unvisited {
            continue;
        }
        state[root] = State::OnStack;
        discovery[root] = discovered;
        discovered += 1;
        stack.push((root, 0));
        while let Some(top) = stack.last_mut() {
            let (vertex, next) = *top;
            if let Some(&(to, e)) = outgoing[vertex].get(next) {
                top.1 += 1;
                match state[to] {
                    State::Unvisited => {
                        state[to] = State::OnStack;
                        discovery[to] = discovered;
                        discovered += 1;
                        stack.push((to, 0));
                    }
                    State::OnStack => back[e] = true,
                    State::Done => {}
                }
            } else {
                state[vertex] = State::Done;
                stack.pop();
            }
        }
    }
    (back, discovery)
}

/// How many pairs of `edges` (ranks at their two ends) cross: two cross
/// when one starts above the other and ends below it. Sorted by start,
/// then end, a pair crosses exactly when the later one ends strictly
/// above the earlier (edges sharing a start are sorted by end, so never
/// counted), which a Fenwick tree over the ends counts in O(E log V)
/// instead of comparing every pair (seconds for a 5,000-box model's layers).
fn crossings_between(edges: &mut [(usize, usize)]) -> usize {
    edges.sort_unstable();
    let size = edges.iter().map(|e| e.1 + 1).max().unwrap_or(0);
    // tree[k] counts the ends seen so far in a range ending at k (1-based).
    let mut tree = vec![0usize; size + 1];
    let mut count = 0;
    for (seen, &(_, end)) in edges.iter().enumerate() {
        let mut at_or_above = 0;
        let mut k = end + 1;
        while k > 0 {
            at_or_above += tree[k];
            k &= k - 1;
        }
        count += seen - at_or_above;
        let mut k = end + 1;
        while k <= size {
            tree[k] += 1;
            k += k & k.wrapping_neg();
        }
    }
    count
}

/// Layer of every vertex: the longest path to it from a vertex without
/// predecessors, over acyclic edges (Kahn's topological order).
fn longest_path_layers(n: usize, edges: &[(usize, usize, usize, bool)]) -> Vec<usize> {
    let mut outgoing: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut incoming = vec![0usize; n];
    for &(from, to, _, _) in edges {
        outgoing[from].push(to);
        incoming[to] += 1;
    }
    let mut layer = vec![0; n];
    let mut ready: Vec<usize> = (0..n).filter(|&v| incoming[v] == 0).collect();
    while let Some(v) = ready.pop() {
        for &to in &outgoing[v] {
            layer[to] = layer[to].max(layer[v] + 1);
            incoming[to] -= 1;
            if incoming[to] == 0 {
                ready.push(to);
            }
        }
    }
    // Had a cycle survived, its vertices would simply stay where they got
    // to: the layout degrades, it does not hang.
    layer
}

fn ranks(vertex_count: usize, order: &[Vec<usize>]) -> Vec<usize> {
    let mut rank = vec![0; vertex_count];
    for layer in order {
        for (i, &v) in layer.iter().enumerate() {
            rank[v] = i;
        }
    }
    rank
}

/// Reorders `order[layer]` by the mean rank of each vertex's neighbours in
/// `order[reference]`. A vertex without neighbours there keeps its rank as
/// its key, so it stays roughly where it was. The sort is stable: ties keep
/// the current order, which keeps the result deterministic.
fn sort_by_barycenter(
    order: &mut [Vec<usize>],
    layer: usize,
    reference: usize,
    neighbours: &[Vec<usize>],
) {
    let reference_rank: BTreeMap<usize, f64> =
        order[reference].iter().enumerate().map(|(i, &v)| (v, i as f64)).collect();
    let mut keyed: Vec<(f64, usize)> = order[layer]
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            let ranks: Vec<f64> =
                neighbours[v].iter().filter_map(|u| reference_rank.get(u).copied()).collect();
            let key = if ranks.is_empty() {
                i as f64
            } else {
                ranks.iter().sum::<f64>() / ranks.len() as f64
            };
            (key, v)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
    order[layer] = keyed.into_iter().map(|(_, v)| v).collect();
}

/// Positions as close as possible (least squares) to `desired` while
/// keeping consecutive positions at least `separations[i]` apart, in
/// order. Subtracting the cumulative separations turns this into isotonic
/// regression, solved exactly by pooling adjacent violators.
fn pack(separations: &[f64], desired: &[f64]) -> Vec<f64> {
    let mut offsets = Vec::with_capacity(desired.len());
    let mut total = 0.0;
    for i in 0..desired.len() {
        if i > 0 {
            total += separations[i - 1];
        }
        offsets.push(total);
    }
    // Blocks of pooled values: (sum, count).
    let mut blocks: Vec<(f64, usize)> = Vec::new();
    for (value, offset) in desired.iter().zip(&offsets) {
        blocks.push((value - offset, 1));
        while blocks.len() >= 2 {
            let (sum_b, count_b) = blocks[blocks.len() - 1];
            let (sum_a, count_a) = blocks[blocks.len() - 2];
            if sum_a / count_a as f64 > sum_b / count_b as f64 {
                blocks.pop();
                let last = blocks.len() - 1;
                blocks[last] = (sum_a + sum_b, count_a + count_b);
            } else {
                break;
            }
        }
    }
    let mut placed = Vec::with_capacity(desired.len());
    for (sum, count) in blocks {
        let mean = sum / count as f64;
        placed.extend(std::iter::repeat_n(mean, count));
    }
    placed.iter().zip(&offsets).map(|(z, offset)| z + offset).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        mvp_that_creaks, CallKind, CallMode, Component, ComponentKind, Dependency, EntryPoint,
        Scenario, SCHEMA_VERSION,
    };

    /// A document of services named by `ids` with `edges` as (from, to).
    fn graph(ids: &[&str], edges: &[(&str, &str)]) -> Document {
        Document {
            schema_version: SCHEMA_VERSION,
            decisions: Vec::new(),
            options: Vec::new(),
            migrations: Vec::new(),
            positions: Default::default(),
            name: "test".to_owned(),
            components: ids
                .iter()
                .map(|id| Component::with_defaults(*id, *id, ComponentKind::Service))
                .collect(),
            dependencies: edges
                .iter()
                .map(|(from, to)| Dependency {
                    id: format!("{from}-{to}").into(),
                    from: (*from).into(),
                    to: (*to).into(),
                    calls: 0.5,
                    kind: CallKind::Call,
                    mode: CallMode::Sync,
                    deferrable: false,
                    routing: crate::model::Routing::Calls,
                    repeat_share: None,
                })
                .collect(),
            scenario: Scenario::new(
                "test",
                vec![EntryPoint::new(ids[0], 10.0)],
            ),
        }
    }

    fn at(layout: &Layout, id: &str) -> Point {
        layout.position(&ComponentId::new(id)).expect("every component is placed")
    }

    /// Boxes never overlap, and every box is finite and inside the bounds.
    fn check_well_formed(layout: &Layout) {
        let b = layout.bounds;
        let boxes: Vec<&Point> = layout.positions.values().collect();
        for p in &boxes {
            assert!(p.x.is_finite() && p.y.is_finite());
            assert!(p.x - NODE_WIDTH / 2.0 >= b.x && p.x + NODE_WIDTH / 2.0 <= b.x + b.width);
            assert!(p.y - NODE_HEIGHT / 2.0 >= b.y && p.y + NODE_HEIGHT / 2.0 <= b.y + b.height);
        }
        for (i, a) in boxes.iter().enumerate() {
            for c in &boxes[i + 1..] {
                let overlap = (a.x - c.x).abs() < NODE_WIDTH && (a.y - c.y).abs() < NODE_HEIGHT;
                assert!(!overlap, "boxes at {a:?} and {c:?} overlap");
            }
        }
    }

    #[test]
    fn the_sample_flows_left_to_right() {
        let layout = layered_layout(&mvp_that_creaks());
        let (lb, web, postgres) = (at(&layout, "lb"), at(&layout, "web"), at(&layout, "postgres"));
        assert!(lb.x < web.x && web.x < postgres.x, "{lb:?} {web:?} {postgres:?}");
        // The cache and the queue both hang off the web app, one column on.
        assert_eq!(at(&layout, "redis").x, at(&layout, "queue").x);
        assert!(at(&layout, "worker").x < postgres.x);
        check_well_formed(&layout);
    }

    #[test]
    fn long_dependencies_get_a_waypoint_in_every_column_they_cross() {
        let layout = layered_layout(&mvp_that_creaks());
        // web (column 1) writes to postgres (column 4, after the worker).
        let waypoints = layout.waypoints_of(&DependencyId::new("web-postgres"));
        assert_eq!(waypoints.len(), 2);
        assert!(waypoints[0].x < waypoints[1].x);
        assert!(layout.waypoints_of(&DependencyId::new("lb-web")).is_empty());
    }

    #[test]
    fn cycles_and_self_loops_terminate() {
        let doc = graph(&["a", "b", "c"], &[("a", "b"), ("b", "c"), ("c", "a"), ("b", "b")]);
        let layout = layered_layout(&doc);
        assert_eq!(layout.positions.len(), 3);
        let (a, b, c) = (at(&layout, "a"), at(&layout, "b"), at(&layout, "c"));
        // The entry point starts the chain; the edge back to it is reversed.
        assert!(a.x < b.x && b.x < c.x);
        check_well_formed(&layout);
    }

    #[test]
    fn a_cycle_without_an_entry_point_terminates_too() {
        let mut doc = graph(&["a", "b"], &[("a", "b"), ("b", "a")]);
        doc.scenario.entries.clear();
        let layout = layered_layout(&doc);
        assert_eq!(layout.positions.len(), 2);
        check_well_formed(&layout);
    }

    #[test]
    fn ordering_removes_the_crossings_of_a_crafted_case() {
        // Columns in document order: y→p crosses both of x's edges. (The
        // depth-first first guess would already avoid that, so the sweeps
        // are tested from the worse order.)
        let doc = graph(&["x", "y", "p", "q", "r"], &[("x", "r"), ("y", "p"), ("x", "q")]);
        let graph = LayeredGraph::new(&doc);
        let mut order = vec![vec![0, 1], vec![2, 3, 4]];
        assert_eq!(graph.crossings(&order), 2, "the case must start with crossings");
        graph.reduce_crossings(&mut order);
        assert_eq!(graph.crossings(&order), 0);
    }

    /// The counted crossings are those of comparing every pair, on
    /// random layers with shared starts and ends.
    #[test]
    fn crossings_are_counted_as_comparing_every_pair_does() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for round in 0..200 {
            let (width, count) = (1 + round % 9, round % 40);
            let mut edges: Vec<(usize, usize)> = (0..count).map(|_| (next(width), next(width))).collect();
            let mut pairs = 0;
            for (i, a) in edges.iter().enumerate() {
                for b in &edges[i + 1..] {
                    if (a.0 < b.0 && a.1 > b.1) || (a.0 > b.0 && a.1 < b.1) {
                        pairs += 1;
                    }
                }
            }
            assert_eq!(super::crossings_between(&mut edges), pairs, "round {round}");
        }
    }

    #[test]
    fn the_sample_is_drawn_without_crossings() {
        let graph = LayeredGraph::new(&mvp_that_creaks());
        let mut order = graph.initial_order();
        graph.reduce_crossings(&mut order);
        assert_eq!(graph.crossings(&order), 0);
    }

    #[test]
    fn pinning_every_box_where_it_is_drawn_changes_nothing() {
        // What the editor does at the first drag: the picture stays, long
        // arrows keep their lanes.
        let mut doc = mvp_that_creaks();
        let automatic = layered_layout(&doc);
        assert!(!automatic.waypoints.is_empty());
        for component in &mut doc.components {
            component.position = automatic.position(&component.id);
        }
        assert_eq!(layered_layout(&doc), automatic);
        // Moving one end drops the lanes of its arrows only.
        doc.components[1].position = Some(Point { x: 900.0, y: 900.0 });
        let moved = layered_layout(&doc);
        assert!(moved.waypoints.keys().all(|id| {
            let d = doc.dependency(id).unwrap();
            d.from.as_str() != "web" && d.to.as_str() != "web"
        }));
        check_well_formed(&moved);
    }

    #[test]
    fn a_placed_component_keeps_its_position() {
        let mut doc = mvp_that_creaks();
        let chosen = Point { x: -500.0, y: 900.0 };
        doc.components[2].position = Some(chosen);
        let layout = layered_layout(&doc);
        assert_eq!(at(&layout, "postgres"), chosen);
        assert!(layout.bounds.x <= chosen.x - NODE_WIDTH / 2.0);
        assert!(layout.bounds.y + layout.bounds.height >= chosen.y + NODE_HEIGHT / 2.0);
        // Its long dependencies no longer route through the old columns.
        assert!(layout.waypoints_of(&DependencyId::new("web-postgres")).is_empty());
    }

    #[test]
    fn an_empty_document_has_a_small_canvas() {
        let mut doc = graph(&["a"], &[]);
        doc.components.clear();
        doc.scenario.entries.clear();
        let layout = layered_layout(&doc);
        assert!(layout.positions.is_empty());
        assert!(layout.bounds.width > 0.0 && layout.bounds.height > 0.0);
    }

    #[test]
    fn large_generated_graphs_lay_out_cleanly() {
        let doc = crate::engine::synthetic::layered_dag(80, 200, 3);
        check_well_formed(&layered_layout(&doc));
    }

    #[test]
    fn packing_keeps_order_and_separation() {
        assert_eq!(pack(&[10.0, 10.0], &[0.0, 0.0, 0.0]), vec![-10.0, 0.0, 10.0]);
        assert_eq!(pack(&[10.0], &[0.0, 50.0]), vec![0.0, 50.0]);
    }
}

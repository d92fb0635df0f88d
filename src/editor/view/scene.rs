//! The canvas scene: what every box and arrow shows and where, derived from
//! the document, its report and the layout. The page draws a scene and
//! computes nothing itself; every number comes from `engine`, every text
//! from `words`, so the canvas, the results table and the command line
//! say the same thing.
//!
//! Arrows leave a box on its right side and enter the next on its left,
//! spread over the side so that several arrows into one box (three into the
//! sample's Postgres) do not share one arrowhead; they bend smoothly through
//! the layout's waypoints. An arrow that cannot point right (a loop drawn
//! back, or boxes the user placed) swings below the boxes instead.

use std::collections::BTreeMap;

use rustc_hash::FxHashSet as HashSet;

use crate::editor::view::layout::{Bounds, Layout, NODE_HEIGHT, NODE_WIDTH};
pub use super::scene_texts::{status_note, EdgeText, SceneTexts, OVER_THE_DAY};
use crate::engine::{Analysis, Report, Status};
use crate::words::quantity::{duration, rate};
use crate::model::{CallKind, CallMode, ComponentId, ComponentKind, DependencyId, Document, Point};

/// Distance between the ends of neighbouring arrows on one side of a box.
const PORT_SPACING: f64 = 26.0;
/// Keep arrow ends this far from a box's rounded corners.
const PORT_INSET: f64 = 22.0;
/// The arrowhead's tip stops this short of the box, clear of the heaviest
/// border (7 units, half of it outside the box).
const ARROW_GAP: f64 = 6.0;
/// How far below the boxes a backwards arrow swings.
const RETURN_DROP: f64 = 80.0;
/// Half the room an arrow's label needs, for the canvas bounds.
const LABEL_HALF_WIDTH: f64 = 70.0;
const LABEL_HALF_HEIGHT: f64 = 18.0;

/// A bottleneck tab longer than this many characters is set smaller and
/// reaches into the gap beside its box ("Bottleneck · connections at
/// 3.5×" does not fit a box's width at full size).
pub const LONG_TAB: usize = 20;
/// How far a long tab reaches past its box, in canvas units (less than
/// the gap between columns).
pub const LONG_TAB_EXTRA: f64 = 100.0;

/// Whether a bottleneck tab's text needs the long tab.
pub fn tab_is_long(text: &str) -> bool {
    text.chars().count() > LONG_TAB
}

/// Everything the canvas draws.
#[derive(Clone, Debug, PartialEq)]
pub struct CanvasScene {
    /// The area to show: the layout plus arrows that swing outside it.
    pub bounds: Bounds,
    /// In document order.
    pub nodes: Vec<NodeScene>,
    /// In document order.
    pub edges: Vec<EdgeScene>,
    /// Where each node and edge is in the lists, so that every box's view
    /// finds its own part in one step (a 200-box drawing has 800 views).
    node_index: BTreeMap<ComponentId, usize>,
    edge_index: BTreeMap<DependencyId, usize>,
}

/// One component's box.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeScene {
    pub id: ComponentId,
    /// Top-left corner of the box; it is [`NODE_WIDTH`] × [`NODE_HEIGHT`].
    pub origin: Point,
    /// The name as drawn: shortened with "…" when it would not fit.
    pub name: String,
    /// Whether the name needs the smaller type to fit.
    pub long_name: bool,
    /// "Relational database".
    pub kind: String,
    /// The kind itself, for its icon.
    pub component_kind: ComponentKind,
    pub status: Status,
    /// Said beside the band's word when the band is not the one the
    /// legend gives the figure: "over the day" for a queue's consumer
    /// above 100% at the peak whose backlog is worked off over the day
    /// (hot, not saturated: docs/design.md 4.11).
    pub status_note: Option<&'static str>,
    /// Exactly the results table's utilisation text ("24.0%").
    pub utilisation_text: String,
    /// For the component that limits growth, its tab: "Bottleneck · 4.17×"
    /// (the growth at which it saturates, as the banner says).
    pub bottleneck: Option<String>,
    /// What a screen reader announces and a tooltip shows:
    /// "Postgres, Relational database, 24.0% utilised, ok".
    pub description: String,
}

/// One dependency's arrow.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeScene {
    pub id: DependencyId,
    /// SVG path data, ending where the arrowhead's tip goes.
    pub path: String,
    /// "240/s read": requests per second at the current growth and, for
    /// reads and writes, which.
    pub label: String,
    /// Centre of the label, on the path.
    pub label_at: Point,
    pub mode: CallMode,
    pub kind: CallKind,
    /// "Web app to Redis cache: 240 req/s, 2 calls per request, read, synchronous".
    pub description: String,
}

/// Where every box and arrow is drawn, from the graph and the layout
/// alone: the growth dial never changes it, a drag changes only this.
#[derive(Clone, Debug, PartialEq)]
pub struct SceneGeometry {
    /// Each drawn box's top-left corner, in document order.
    pub nodes: Vec<(ComponentId, Point)>,
    /// Each drawn arrow, in document order.
    pub edges: Vec<EdgeGeometry>,
    /// The area to show: the layout plus arrows that swing outside it.
    pub bounds: Bounds,
    node_index: BTreeMap<ComponentId, usize>,
    edge_index: BTreeMap<DependencyId, usize>,
}

/// Where an arrow is drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeGeometry {
    pub id: DependencyId,
    /// SVG path data, ending where the arrowhead's tip goes.
    pub path: String,
    /// Centre of the label, on the path.
    pub label_at: Point,
    /// The area the arrow and its label cover (for culling what is off
    /// screen).
    pub bounds: Bounds,
}

impl EdgeGeometry {
    /// The area the arrow's label covers.
    pub fn label_bounds(&self) -> Bounds {
        let p = self.label_at;
        Bounds {
            x: p.x - LABEL_HALF_WIDTH,
            y: p.y - LABEL_HALF_HEIGHT,
            width: 2.0 * LABEL_HALF_WIDTH,
            height: 2.0 * LABEL_HALF_HEIGHT,
        }
    }
}

impl SceneGeometry {
    pub fn new(doc: &Document, layout: &Layout) -> SceneGeometry {
        let nodes: Vec<(ComponentId, Point)> = doc
            .components
            .iter()
            .filter_map(|c| {
                let centre = layout.position(&c.id)?;
                Some((c.id.clone(), Point { x: centre.x - NODE_WIDTH / 2.0, y: centre.y - NODE_HEIGHT / 2.0 }))
            })
            .collect();
        let edges = edge_geometry(doc, layout, None);
        let bounds = scene_bounds(layout, &edges);
        let node_index = nodes.iter().enumerate().map(|(i, (id, _))| (id.clone(), i)).collect();
        let edge_index = edges.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect();
        SceneGeometry { nodes, edges, bounds, node_index, edge_index }
    }

    /// The geometry of `layout`, which is the layout `self` was drawn on
    /// with the boxes `moved` elsewhere (a drag frame): only their arrows
    /// and their neighbours' are drawn again (a neighbour's arrow ends are
    /// ordered by where the other ends are), the rest are kept. The same
    /// as [`SceneGeometry::new`] on `layout`, for a fraction of a frame on
    /// a large model.
    pub fn with_moved(&self, doc: &Document, layout: &Layout, moved: &[ComponentId]) -> SceneGeometry {
        let moved_set: HashSet<&ComponentId> = moved.iter().collect();
        let mut touched = moved_set.clone();
        for d in &doc.dependencies {
            if moved_set.contains(&d.from) {
                touched.insert(&d.to);
            }
            if moved_set.contains(&d.to) {
                touched.insert(&d.from);
            }
        }
        let mut nodes = self.nodes.clone();
        for (id, origin) in nodes.iter_mut().filter(|(id, _)| moved_set.contains(id)) {
            if let Some(centre) = layout.position(id) {
                *origin = Point { x: centre.x - NODE_WIDTH / 2.0, y: centre.y - NODE_HEIGHT / 2.0 };
            }
        }
        let edges = edge_geometry(doc, layout, Some((&touched, self)));
        let bounds = scene_bounds(layout, &edges);
        SceneGeometry { nodes, edges, bounds, node_index: self.node_index.clone(), edge_index: self.edge_index.clone() }
    }

    /// A box's top-left corner.
    pub fn node(&self, id: &ComponentId) -> Option<Point> {
        self.node_index.get(id).and_then(|&i| self.nodes.get(i)).map(|(_, p)| *p)
    }

    pub fn edge(&self, id: &DependencyId) -> Option<&EdgeGeometry> {
        self.edge_index.get(id).and_then(|&i| self.edges.get(i))
    }
}

impl CanvasScene {
    pub fn new(doc: &Document, report: &Report, layout: &Layout) -> CanvasScene {
        CanvasScene::assemble(&SceneTexts::new(doc, report), &SceneGeometry::new(doc, layout))
    }

    /// The scene from what everything says and where it is drawn (both
    /// computed from the same document).
    pub fn assemble(texts: &SceneTexts, geometry: &SceneGeometry) -> CanvasScene {
        let nodes: Vec<NodeScene> = geometry
            .nodes
            .iter()
            .filter_map(|(id, origin)| Some(NodeScene { origin: *origin, ..texts.node(id)?.clone() }))
            .collect();
        let edges: Vec<EdgeScene> = geometry
            .edges
            .iter()
            .filter_map(|g| {
                let text = texts.edge(&g.id)?;
                Some(EdgeScene {
                    id: g.id.clone(),
                    path: g.path.clone(),
                    label: text.label.clone(),
                    label_at: g.label_at,
                    mode: text.mode,
                    kind: text.kind,
                    description: edge_description(text),
                })
            })
            .collect();
        let node_index = nodes.iter().enumerate().map(|(i, n)| (n.id.clone(), i)).collect();
        let edge_index = edges.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect();
        CanvasScene { bounds: geometry.bounds, nodes, edges, node_index, edge_index }
    }

    /// The SVG viewBox showing the whole scene.
    pub fn view_box(&self) -> String {
        let b = self.bounds;
        format!("{} {} {} {}", b.x.floor(), b.y.floor(), b.width.ceil(), b.height.ceil())
    }

    pub fn node(&self, id: &ComponentId) -> Option<&NodeScene> {
        self.node_index.get(id).and_then(|&i| self.nodes.get(i))
    }

    pub fn edge(&self, id: &DependencyId) -> Option<&EdgeScene> {
        self.edge_index.get(id).and_then(|&i| self.edges.get(i))
    }
}

/// Which latency the boxes show beside their band: the legend's switch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum BoxLatency {
    /// The mean response time, as the results table's Response column.
    #[default]
    Mean,
    P95,
    P99,
}

impl BoxLatency {
    pub const ALL: [BoxLatency; 3] = [BoxLatency::Mean, BoxLatency::P95, BoxLatency::P99];

    /// "mean", "p95", "p99": the switch's words, and how the choice is saved.
    pub fn label(self) -> &'static str {
        match self {
            BoxLatency::Mean => "mean",
            BoxLatency::P95 => "p95",
            BoxLatency::P99 => "p99",
        }
    }

    /// The choice a saved label names (`None` for anything else).
    pub fn from_label(label: &str) -> Option<BoxLatency> {
        BoxLatency::ALL.into_iter().find(|c| c.label() == label)
    }

    fn quantile(self) -> Option<f64> {
        match self {
            BoxLatency::Mean => None,
            BoxLatency::P95 => Some(0.95),
            BoxLatency::P99 => Some(0.99),
        }
    }
}

/// Each component's latency as its box shows it, in document order: the
/// results table's response time for the mean, the percentile of its
/// response law otherwise (the results table's p99 column; ∞ where the
/// queue has no steady state). The document's prepared analysis for all
/// the boxes, and only the one quantile asked for: this runs at every step
/// of the dial.
pub fn box_latencies(analysis: &Analysis<'_>, report: &Report, choice: BoxLatency) -> Vec<(ComponentId, String)> {
    match choice.quantile() {
        None => report.components.iter().map(|load| (load.id.clone(), duration(load.response_time()))).collect(),
        Some(q) => {
            let laws = analysis.response_laws(report);
            report
                .components
                .iter()
                .zip(laws)
                .map(|(load, law)| (load.id.clone(), duration(law.and_then(|law| law.quantile(q)))))
                .collect()
        }
    }
}

/// How an arrow is drawn between its two boxes.
enum Route {
    /// Rightwards, through the waypoints.
    Forward { waypoints: Vec<Point> },
    /// Back to the left or within a column: below the boxes.
    Return,
    /// From a box to itself.
    SelfLoop,
}

/// The area to show: the layout, room for a long bottleneck tab past the
/// rightmost box, and the arrows' labels.
fn scene_bounds(layout: &Layout, edges: &[EdgeGeometry]) -> Bounds {
    let mut bounds = layout.bounds;
    bounds.width += LONG_TAB_EXTRA;
    for edge in edges {
        let p = edge.label_at;
        include(&mut bounds, p.x - LABEL_HALF_WIDTH, p.y - LABEL_HALF_HEIGHT);
        include(&mut bounds, p.x + LABEL_HALF_WIDTH, p.y + LABEL_HALF_HEIGHT);
    }
    bounds
}

/// Every drawable arrow, in document order. With `reuse`, an arrow none of
/// whose boxes is among the touched ones is taken from the previous
/// geometry as it is: its boxes, their neighbours and its route have not
/// moved, so neither have its ends. Writing an arrow's path is what costs.
fn edge_geometry(doc: &Document, layout: &Layout, reuse: Option<(&HashSet<&ComponentId>, &SceneGeometry)>) -> Vec<EdgeGeometry> {
    let touched = |id: &ComponentId| reuse.is_none_or(|(touched, _)| touched.contains(id));
    // Ends and route of every drawable dependency, in document order.
    let mut drawn = Vec::new();
    for dependency in &doc.dependencies {
        let (Some(from), Some(to)) =
            (layout.position(&dependency.from), layout.position(&dependency.to))
        else {
            continue;
        };
        let route = if dependency.from == dependency.to {
            Route::SelfLoop
        } else if to.x - from.x >= NODE_WIDTH {
            Route::Forward { waypoints: layout.waypoints_of(&dependency.id).to_vec() }
        } else {
            Route::Return
        };
        drawn.push((dependency, from, to, route));
    }

    // Spread the ends of forward arrows over each box's side, ordered by
    // where the arrow comes from or goes to, so they do not cross there.
    let mut leaving: BTreeMap<&ComponentId, Vec<(f64, usize)>> = BTreeMap::new();
    let mut arriving: BTreeMap<&ComponentId, Vec<(f64, usize)>> = BTreeMap::new();
    for (i, (dependency, from, to, route)) in drawn.iter().enumerate() {
        if let Route::Forward { waypoints } = route {
            let next = waypoints.first().copied().unwrap_or(*to);
            let previous = waypoints.last().copied().unwrap_or(*from);
            leaving.entry(&dependency.from).or_default().push((next.y, i));
            arriving.entry(&dependency.to).or_default().push((previous.y, i));
        }
    }
    let leave_offset = port_offsets(leaving, drawn.len());
    let arrive_offset = port_offsets(arriving, drawn.len());

    drawn
        .iter()
        .enumerate()
        .map(|(i, (dependency, from, to, route))| {
            // An arrow between two boxes that are not touched has the same
            // ends, route and side order as before: kept as drawn.
            let kept = match reuse {
                Some((_, previous)) if !touched(&dependency.from) && !touched(&dependency.to) => previous.edge(&dependency.id),
                _ => None,
            };
            if let Some(kept) = kept {
                return kept.clone();
            }
            let (path, label_at, mut bounds) = match route {
                Route::Forward { waypoints } => {
                    let start =
                        Point { x: from.x + NODE_WIDTH / 2.0, y: from.y + leave_offset[i] };
                    let end = Point {
                        x: to.x - NODE_WIDTH / 2.0 - ARROW_GAP,
                        y: to.y + arrive_offset[i],
                    };
                    forward_path(start, waypoints, end)
                }
                Route::Return => return_path(*from, *to),
                Route::SelfLoop => self_loop_path(*from),
            };
            include(&mut bounds, label_at.x - LABEL_HALF_WIDTH, label_at.y - LABEL_HALF_HEIGHT);
            include(&mut bounds, label_at.x + LABEL_HALF_WIDTH, label_at.y + LABEL_HALF_HEIGHT);
            EdgeGeometry { id: dependency.id.clone(), path, label_at, bounds }
        })
        .collect()
}

/// "Web app to Redis cache: 240 req/s, 2 calls per request, read, synchronous": the title with
/// the rate after the ends.
fn edge_description(text: &EdgeText) -> String {
    match text.title.rsplit_once(": ") {
        Some((ends, rest)) => format!("{ends}: {}, {rest}", rate(text.carried)),
        None => text.title.clone(),
    }
}

/// Vertical offset from its box's centre of every arrow end, by index into
/// the drawn arrows (0 for arrows not in `sides`).
fn port_offsets(sides: BTreeMap<&ComponentId, Vec<(f64, usize)>>, count: usize) -> Vec<f64> {
    let mut offsets = vec![0.0; count];
    for (_, mut ends) in sides {
        ends.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let k = ends.len();
        if k < 2 {
            continue;
        }
        let spacing = PORT_SPACING.min((NODE_HEIGHT - 2.0 * PORT_INSET) / (k - 1) as f64);
        for (slot, (_, i)) in ends.into_iter().enumerate() {
            offsets[i] = (slot as f64 - (k - 1) as f64 / 2.0) * spacing;
        }
    }
    offsets
}

/// A path from `start` to `end` through the columns the waypoints stand
/// in: straight across each column in its lane, and a smooth S-bend in each
/// gap between columns (leaving and arriving horizontally, so arrows read
/// left to right). Bending only in the gaps keeps a long arrow clear of the
/// boxes beside its lane. Returns the path and the label position at its
/// middle.
fn forward_path(start: Point, waypoints: &[Point], end: Point) -> (String, Point, Bounds) {
    // Each waypoint becomes the two ends of its lane's straight stretch.
    let mut points = Vec::with_capacity(2 * waypoints.len() + 2);
    points.push(start);
    for w in waypoints {
        points.push(Point { x: w.x - NODE_WIDTH / 2.0, y: w.y });
        points.push(Point { x: w.x + NODE_WIDTH / 2.0, y: w.y });
    }
    points.push(end);
    let mut path = String::with_capacity(24 * points.len());
    path.push('M');
    push_pair(&mut path, start);
    for (i, pair) in points.windows(2).enumerate() {
        let (a, b) = (pair[0], pair[1]);
        if i % 2 == 1 {
            // A lane across a column.
            path.push_str(" L");
            push_pair(&mut path, b);
        } else {
            let half = (b.x - a.x) / 2.0;
            path.push_str(" C");
            push_pair(&mut path, Point { x: a.x + half, y: a.y });
            path.push(' ');
            push_pair(&mut path, Point { x: b.x - half, y: b.y });
            path.push(' ');
            push_pair(&mut path, b);
        }
    }
    // The control points lie between the points they join, so the points
    // bound the curve.
    let bounds = bounds_of_points(&points);
    // The list always has an even number of points. The middle stretch is
    // a lane (one waypoint in it) or a bend, and the middle of a bend drawn
    // this way is the midpoint of its ends: either way the label sits on
    // the line.
    let middle = points.len() / 2;
    (path, midpoint(points[middle - 1], points[middle]), bounds)
}

/// From the bottom of `from` to the bottom of `to`, swinging below both.
fn return_path(from: Point, to: Point) -> (String, Point, Bounds) {
    let start = Point { x: from.x, y: from.y + NODE_HEIGHT / 2.0 };
    let end = Point { x: to.x, y: to.y + NODE_HEIGHT / 2.0 + ARROW_GAP };
    let low = start.y.max(end.y) + RETURN_DROP;
    let (c1, c2) = (Point { x: start.x, y: low }, Point { x: end.x, y: low });
    cubic(start, c1, c2, end)
}

/// A loop from a box's top back into its right side.
fn self_loop_path(centre: Point) -> (String, Point, Bounds) {
    let right = centre.x + NODE_WIDTH / 2.0;
    let top = centre.y - NODE_HEIGHT / 2.0;
    let start = Point { x: right - 50.0, y: top };
    let end = Point { x: right + ARROW_GAP, y: top + 34.0 };
    cubic(start, Point { x: right - 50.0, y: top - 70.0 }, Point { x: right + 80.0, y: top + 34.0 }, end)
}

/// One cubic Bézier, the point halfway along it, and the box around its
/// control polygon (which holds the curve).
fn cubic(p0: Point, c1: Point, c2: Point, p3: Point) -> (String, Point, Bounds) {
    let mut path = String::with_capacity(64);
    path.push('M');
    push_pair(&mut path, p0);
    path.push_str(" C");
    push_pair(&mut path, c1);
    path.push(' ');
    push_pair(&mut path, c2);
    path.push(' ');
    push_pair(&mut path, p3);
    let at = |a: f64, b: f64, c: f64, d: f64| (a + 3.0 * b + 3.0 * c + d) / 8.0;
    let mid = Point { x: at(p0.x, c1.x, c2.x, p3.x), y: at(p0.y, c1.y, c2.y, p3.y) };
    (path, mid, bounds_of_points(&[p0, c1, c2, p3]))
}

fn bounds_of_points(points: &[Point]) -> Bounds {
    let mut bounds: Option<Bounds> = None;
    for p in points {
        match bounds.as_mut() {
            None => bounds = Some(Bounds { x: p.x, y: p.y, width: 0.0, height: 0.0 }),
            Some(b) => include(b, p.x, p.y),
        }
    }
    bounds.unwrap_or(Bounds { x: 0.0, y: 0.0, width: 0.0, height: 0.0 })
}

fn midpoint(a: Point, b: Point) -> Point {
    Point { x: (a.x + b.x) / 2.0, y: (a.y + b.y) / 2.0 }
}

fn include(bounds: &mut Bounds, x: f64, y: f64) {
    let right = (bounds.x + bounds.width).max(x);
    let bottom = (bounds.y + bounds.height).max(y);
    bounds.x = bounds.x.min(x);
    bounds.y = bounds.y.min(y);
    bounds.width = right - bounds.x;
    bounds.height = bottom - bounds.y;
}

/// A coordinate for path data: one decimal is finer than a pixel.
#[cfg(test)]
fn num(value: f64) -> String {
    let mut out = String::new();
    push_num(&mut out, value);
    out
}

/// "x y" for path data.
fn push_pair(out: &mut String, p: Point) {
    push_num(out, p.x);
    out.push(' ');
    push_num(out, p.y);
}

/// Writes a coordinate rounded to one decimal, as `num` prints it ("12",
/// "-3.5", never "-0"), through integer formatting: a drag redraws
/// hundreds of paths a frame, and float formatting was their main cost.
fn push_num(out: &mut String, value: f64) {
    use std::fmt::Write;
    let tenths = (value * 10.0).round();
    if !tenths.is_finite() || tenths.abs() >= 1e15 {
        let rounded = tenths / 10.0;
        let _ = write!(out, "{}", if rounded == 0.0 { 0.0 } else { rounded });
        return;
    }
    let tenths = tenths as i64;
    if tenths == 0 {
        out.push('0');
        return;
    }
    if tenths < 0 {
        out.push('-');
    }
    let magnitude = tenths.unsigned_abs();
    let _ = write!(out, "{}", magnitude / 10);
    let fraction = magnitude % 10;
    if fraction != 0 {
        out.push('.');
        out.push(char::from(b'0' + fraction as u8));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editor::view::layout::layered_layout;
    use crate::engine::solve;
    use crate::words::headline::headline;
    use crate::model::{mvp_that_creaks, Component, ComponentKind, Dependency};

    /// A drag frame's geometry, patched from the resting one, is the
    /// geometry drawn afresh on the moved layout: every box, every arrow
    /// (its path, label and bounds) and the bounds of the whole.
    #[test]
    fn a_drag_frame_redraws_what_a_fresh_drawing_would() {
        for (size, seed) in [(60, 3), (150, 9), (8, 1)] {
            let doc = crate::engine::synthetic::layered_dag(size, size * 3, seed);
            let layout = layered_layout(&doc);
            let resting = SceneGeometry::new(&doc, &layout);
            let picks: Vec<Vec<ComponentId>> = vec![
                vec![doc.components[size / 2].id.clone()],
                vec![doc.components[0].id.clone(), doc.components[size - 1].id.clone()],
            ];
            for ids in picks {
                for offset in [Point { x: 37.0, y: -250.0 }, Point { x: -900.0, y: 40.0 }] {
                    let moved = layout.moved(&doc, &ids, offset);
                    let patched = resting.with_moved(&doc, &moved, &ids);
                    assert_eq!(patched, SceneGeometry::new(&doc, &moved), "{size}/{seed}: {ids:?} by {offset:?}");
                }
            }
        }
    }

    fn scene_at(doc: &mut Document, growth: f64) -> CanvasScene {
        doc.scenario.growth = growth;
        let report = solve(doc);
        CanvasScene::new(doc, &report, &layered_layout(doc))
    }

    fn node<'a>(scene: &'a CanvasScene, id: &str) -> &'a NodeScene {
        scene.node(&ComponentId::new(id)).expect("node drawn")
    }

    fn edge<'a>(scene: &'a CanvasScene, id: &str) -> &'a EdgeScene {
        scene.edge(&DependencyId::new(id)).expect("edge drawn")
    }

    #[test]
    fn boxes_say_what_the_results_table_says() {
        let mut doc = mvp_that_creaks();
        let scene = scene_at(&mut doc, 1.0);
        assert_eq!(scene.nodes.len(), 6);
        let postgres = node(&scene, "postgres");
        assert_eq!(postgres.utilisation_text, "24.0%");
        assert_eq!(postgres.status, Status::Ok);
        assert_eq!(postgres.kind, "Relational database");
        assert_eq!(postgres.bottleneck.as_deref(), Some("Bottleneck · connections at 3.5×"));
        assert_eq!(
            postgres.description,
            "Postgres, Relational database, 24.0% utilised, ok, bottleneck: runs out of connections at 3.5×"
        );
        let web = node(&scene, "web");
        assert_eq!(web.bottleneck, None);
        assert_eq!(web.description, "Web app, Service, 40.0% utilised, ok");

        let scene = scene_at(&mut doc, 10.0);
        assert_eq!(node(&scene, "postgres").utilisation_text, "240.0%");
        assert_eq!(node(&scene, "postgres").status, Status::Saturated);
        // The headline names the same bottleneck the canvas marks.
        assert!(headline(&doc, &solve(&doc), &[]).contains("Postgres is out of connections (since 3.5×)"));
    }

    /// Issue 12 (a): the sample's worker at 10× is 120% at the peak and
    /// hot (its queue catches up over the day) while the legend says 100%
    /// or more is saturated: the box says "over the day" beside "hot".
    /// At exactly the growth where it falls behind for good it is
    /// saturated, as the table's "falls behind for good at 12.7×" says.
    #[test]
    fn a_consumer_over_100_percent_says_it_is_judged_over_the_day() {
        let mut doc = mvp_that_creaks();
        let scene = scene_at(&mut doc, 10.0);
        let worker = node(&scene, "worker");
        assert_eq!((worker.utilisation_text.as_str(), worker.status), ("120.0%", Status::Hot));
        assert_eq!(worker.status_note, Some("over the day"));
        assert!(worker.description.ends_with("120.0% utilised, hot over the day"), "{}", worker.description);
        // The peak-judged boxes and a consumer under 100% need no note.
        assert_eq!(node(&scene, "web").status_note, None);
        assert_eq!(node(&scene_at(&mut doc, 1.0), "worker").status_note, None);
        let at = solve(&doc).component(&"worker".into()).and_then(|w| w.saturates_at).unwrap();
        let scene = scene_at(&mut doc, at);
        assert_eq!(node(&scene, "worker").status, Status::Saturated);
        assert_eq!(node(&scene, "worker").status_note, None);
    }

    #[test]
    fn coordinates_print_as_before_only_faster() {
        for value in [0.0, -0.0, 0.04, -0.04, 0.05, 12.0, 12.34, -12.36, 1234.95, -0.5, 99.99, 1e16, f64::NAN] {
            let rounded = (value * 10.0).round() / 10.0;
            let expected = if rounded == 0.0 { "0".to_owned() } else { rounded.to_string() };
            assert_eq!(num(value), expected, "{value}");
        }
    }

    #[test]
    fn boxes_say_exactly_what_the_results_table_says() {
        let mut doc = mvp_that_creaks();
        doc.components[5].name = String::new();
        for growth in [1.0, 3.16, 10.0, 400.0] {
            doc.scenario.growth = growth;
            let report = solve(&doc);
            let texts = SceneTexts::new(&doc, &report);
            for row in crate::words::results_table::result_rows(&doc, &report) {
                let node = texts.node(&ComponentId::new(row.id.clone())).unwrap();
                assert_eq!(node.utilisation_text, row.utilisation_text, "{} at {growth}", row.id);
                assert_eq!(node.status.label(), row.status, "{} at {growth}", row.id);
                assert_eq!(node.kind, row.kind);
                assert!(node.description.starts_with(&format!("{}, ", row.name)), "{}", node.description);
            }
        }
    }

    /// The boxes' latency is the results table's: its Response column
    /// for the mean and its p99 column for p99, on every template.
    #[test]
    fn box_latencies_are_the_results_table_figures() {
        let documents = std::iter::once(mvp_that_creaks()).chain(crate::model::templates::TEMPLATES.iter().map(|t| (t.build)()));
        for mut doc in documents {
            for growth in [0.5, 1.0, 3.0] {
                doc.scenario.growth = growth;
                let report = solve(&doc);
                let analysis = crate::engine::Analysis::new(&doc);
                let rows = crate::words::results_table::with_percentiles(
                    crate::words::results_table::result_rows(&doc, &report),
                    &analysis.percentiles(&report),
                );
                let mean = box_latencies(&analysis, &report, BoxLatency::Mean);
                let p99 = box_latencies(&analysis, &report, BoxLatency::P99);
                let p95 = box_latencies(&analysis, &report, BoxLatency::P95);
                for (((row, (id, m)), (_, p)), (_, q)) in rows.iter().zip(&mean).zip(&p99).zip(&p95) {
                    assert_eq!(row.id, id.to_string());
                    assert_eq!(&row.response_text, m, "{} mean at {growth}", row.id);
                    assert_eq!(&row.p99_text, p, "{} p99 at {growth}", row.id);
                    assert!(!q.is_empty());
                }
            }
        }
        for choice in BoxLatency::ALL {
            assert_eq!(BoxLatency::from_label(choice.label()), Some(choice));
        }
        assert_eq!(BoxLatency::from_label("p100"), None);
    }

    #[test]
    fn arrows_carry_the_rate_at_the_current_growth() {
        let mut doc = mvp_that_creaks();
        let scene = scene_at(&mut doc, 1.0);
        assert_eq!(scene.edges.len(), 7);
        assert_eq!(edge(&scene, "web-redis").label, "×2 · 240/s read");
        assert_eq!(edge(&scene, "web-postgres").label, "×0.3 · 36/s write");
        assert_eq!(edge(&scene, "lb-web").label, "100% · 120/s");
        assert_eq!(edge(&scene, "queue-worker").mode, CallMode::Async);
        assert_eq!(
            edge(&scene, "web-redis").description,
            "Web app to Redis cache: 240 req/s, 2 calls per request, read, synchronous"
        );
        assert_eq!(edge(&scene, "web-queue").description, "Web app to Job queue: 12 req/s, 0.1 calls per request, write, asynchronous");
        let scene = scene_at(&mut doc, 10.0);
        assert_eq!(edge(&scene, "web-redis").label, "×2 · 2400/s read");
    }

    #[test]
    fn arrows_into_one_box_end_at_different_points() {
        let mut doc = mvp_that_creaks();
        let scene = scene_at(&mut doc, 1.0);
        let ends: Vec<String> = ["redis-postgres", "web-postgres", "worker-postgres"]
            .iter()
            .map(|id| edge(&scene, id).path.rsplit(' ').take(2).collect::<Vec<_>>().join(","))
            .collect();
        assert_ne!(ends[0], ends[1]);
        assert_ne!(ends[1], ends[2]);
        assert_ne!(ends[0], ends[2]);
    }

    #[test]
    fn long_arrows_run_straight_through_the_columns_they_cross() {
        let mut doc = mvp_that_creaks();
        let scene = scene_at(&mut doc, 1.0);
        // web → postgres crosses two columns: two straight lanes, bends
        // only in the three gaps.
        let path = &edge(&scene, "web-postgres").path;
        assert_eq!(path.matches(" L").count(), 2, "{path}");
        assert_eq!(path.matches(" C").count(), 3, "{path}");
        assert_eq!(edge(&scene, "lb-web").path.matches(" L").count(), 0);
    }

    #[test]
    fn long_names_are_shortened_but_described_in_full() {
        let mut doc = mvp_that_creaks();
        doc.components[5].name = "Background worker for nightly invoices".to_owned();
        let scene = scene_at(&mut doc, 1.0);
        let worker = node(&scene, "worker");
        assert_eq!(worker.name, "Background worker…");
        assert!(worker.long_name);
        assert!(worker.description.starts_with("Background worker for nightly invoices, "));
        assert!(!node(&scene, "postgres").long_name);
    }

    #[test]
    fn loops_are_drawn_and_stay_inside_the_view() {
        let mut doc = mvp_that_creaks();
        doc.dependencies.push(Dependency {
            id: "worker-retry".into(),
            from: "worker".into(),
            to: "worker".into(),
            calls: 0.1,
            kind: CallKind::Call,
            mode: CallMode::Async,
            deferrable: false,
            routing: crate::model::Routing::Calls,
            repeat_share: None,
        });
        doc.dependencies.push(Dependency {
            id: "postgres-web".into(),
            from: "postgres".into(),
            to: "web".into(),
            calls: 0.01,
            kind: CallKind::Call,
            mode: CallMode::Sync,
            deferrable: false,
            routing: crate::model::Routing::Calls,
            repeat_share: None,
        });
        let scene = scene_at(&mut doc, 1.0);
        let b = scene.bounds;
        for id in ["worker-retry", "postgres-web"] {
            let e = edge(&scene, id);
            assert!(e.path.starts_with('M') && !e.path.contains("NaN"), "{}", e.path);
            assert!(e.label_at.x > b.x && e.label_at.x < b.x + b.width);
            assert!(e.label_at.y > b.y && e.label_at.y < b.y + b.height);
        }
    }

    #[test]
    fn the_view_box_is_whole_numbers() {
        let mut doc = mvp_that_creaks();
        doc.components.push(Component::with_defaults("lonely", "Lonely", ComponentKind::ExternalApi));
        let scene = scene_at(&mut doc, 1.0);
        let parts: Vec<f64> = scene.view_box().split(' ').map(|p| p.parse().unwrap()).collect();
        assert_eq!(parts.len(), 4);
        assert!(parts.iter().all(|p| p.fract() == 0.0));
        assert_eq!(node(&scene, "lonely").status, Status::Idle);
    }
}

//! The canvas scene: what every box and arrow shows and where, derived from
//! the document, its report and the layout. The page draws a scene and
//! computes nothing itself; every number comes from `engine`, every text
//! from `formats`, so the canvas, the results table and the command line
//! say the same thing.
//!
//! Arrows leave a box on its right side and enter the next on its left,
//! spread over the side so that several arrows into one box (three into the
//! sample's Postgres) do not share one arrowhead; they bend smoothly through
//! the layout's waypoints. An arrow that cannot point right (a loop drawn
//! back, or boxes the user placed) swings below the boxes instead.

use std::collections::BTreeMap;

use super::layout::{Bounds, Layout, NODE_HEIGHT, NODE_WIDTH};
use crate::engine::{Limit, Report, Status};
use crate::formats::headline::limit_phrase;
use crate::formats::quantity::{multiplier, rate, rate_short};
use crate::formats::results_table::{result_rows, ResultRow};
use crate::model::{CallKind, CallMode, ComponentId, ComponentKind, DependencyId, Document, Point};

/// Names up to this many characters are drawn at full size.
const SHORT_NAME: usize = 13;
/// Longer names are cut to this many characters with an ellipsis; the full
/// name is in the box's accessible description and tooltip.
const LONGEST_NAME: usize = 18;
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
    /// "Web app to Redis cache: 240 req/s, read, synchronous".
    pub description: String,
}

impl CanvasScene {
    pub fn new(doc: &Document, report: &Report, layout: &Layout) -> CanvasScene {
        let rows = result_rows(doc, report);
        let bottleneck = report.bottleneck();
        let nodes: Vec<NodeScene> = rows
            .iter()
            .zip(&report.components)
            .zip(&doc.components)
            .filter_map(|((row, load), component)| {
                let centre = layout.position(&load.id)?;
                let tab = bottleneck.filter(|b| b.component == load.id).map(|b| {
                    let at = multiplier(b.saturates_at);
                    let text = match b.limit {
                        Limit::Throughput => format!("Bottleneck · {at}"),
                        Limit::Connections => format!("Bottleneck · connections at {at}"),
                        Limit::DailyAverage => format!("Bottleneck · {at} over the day"),
                    };
                    (text, limit_phrase(b))
                });
                Some(node_scene(row, load.status, component.kind, centre, tab))
            })
            .collect();
        let edges = edge_scenes(doc, report, layout);

        let mut bounds = layout.bounds;
        for edge in &edges {
            let p = edge.label_at;
            include(&mut bounds, p.x - LABEL_HALF_WIDTH, p.y - LABEL_HALF_HEIGHT);
            include(&mut bounds, p.x + LABEL_HALF_WIDTH, p.y + LABEL_HALF_HEIGHT);
        }
        let node_index = nodes.iter().enumerate().map(|(i, n)| (n.id.clone(), i)).collect();
        let edge_index = edges.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect();
        CanvasScene { bounds, nodes, edges, node_index, edge_index }
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

/// `tab` is the bottleneck's short label and how it reaches its limit
/// ("saturates at 4.17×"), for the one component that limits growth.
fn node_scene(
    row: &ResultRow,
    status: Status,
    component_kind: ComponentKind,
    centre: Point,
    tab: Option<(String, String)>,
) -> NodeScene {
    let length = row.name.chars().count();
    let name = if length > LONGEST_NAME {
        let kept: String = row.name.chars().take(LONGEST_NAME - 1).collect();
        format!("{}…", kept.trim_end())
    } else {
        row.name.clone()
    };
    let mut description =
        format!("{}, {}, {} utilised, {}", row.name, row.kind, row.utilisation_text, row.status);
    let tab = tab.map(|(text, phrase)| {
        description.push_str(&format!(", bottleneck: {phrase}"));
        text
    });
    NodeScene {
        id: ComponentId::new(row.id.clone()),
        origin: Point { x: centre.x - NODE_WIDTH / 2.0, y: centre.y - NODE_HEIGHT / 2.0 },
        name,
        long_name: length > SHORT_NAME,
        kind: row.kind.clone(),
        component_kind,
        status,
        utilisation_text: row.utilisation_text.clone(),
        bottleneck: tab,
        description,
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

fn edge_scenes(doc: &Document, report: &Report, layout: &Layout) -> Vec<EdgeScene> {
    let flows: BTreeMap<&DependencyId, f64> =
        report.dependencies.iter().map(|f| (&f.id, f.rate)).collect();

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
            let (path, label_at) = match route {
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
            let carried = flows.get(&dependency.id).copied().unwrap_or(0.0);
            let kind_word = match dependency.kind {
                CallKind::Call => None,
                CallKind::Read => Some("read"),
                CallKind::Write => Some("write"),
            };
            let label = match kind_word {
                Some(word) => format!("{} {word}", rate_short(carried)),
                None => rate_short(carried),
            };
            let mode_word = match dependency.mode {
                CallMode::Sync => "synchronous",
                CallMode::Async => "asynchronous",
            };
            let description = format!(
                "{} to {}: {}, {}{}",
                doc.name_of(&dependency.from),
                doc.name_of(&dependency.to),
                rate(carried),
                kind_word.map(|w| format!("{w}, ")).unwrap_or_default(),
                mode_word
            );
            EdgeScene {
                id: dependency.id.clone(),
                path,
                label,
                label_at,
                mode: dependency.mode,
                kind: dependency.kind,
                description,
            }
        })
        .collect()
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
fn forward_path(start: Point, waypoints: &[Point], end: Point) -> (String, Point) {
    // Each waypoint becomes the two ends of its lane's straight stretch.
    let mut points = Vec::with_capacity(2 * waypoints.len() + 2);
    points.push(start);
    for w in waypoints {
        points.push(Point { x: w.x - NODE_WIDTH / 2.0, y: w.y });
        points.push(Point { x: w.x + NODE_WIDTH / 2.0, y: w.y });
    }
    points.push(end);
    let mut path = format!("M{} {}", num(start.x), num(start.y));
    for (i, pair) in points.windows(2).enumerate() {
        let (a, b) = (pair[0], pair[1]);
        if i % 2 == 1 {
            // A lane across a column.
            path.push_str(&format!(" L{} {}", num(b.x), num(b.y)));
        } else {
            let half = (b.x - a.x) / 2.0;
            path.push_str(&format!(
                " C{} {} {} {} {} {}",
                num(a.x + half),
                num(a.y),
                num(b.x - half),
                num(b.y),
                num(b.x),
                num(b.y)
            ));
        }
    }
    // The list always has an even number of points. The middle stretch is
    // a lane (one waypoint in it) or a bend, and the middle of a bend drawn
    // this way is the midpoint of its ends: either way the label sits on
    // the line.
    let middle = points.len() / 2;
    (path, midpoint(points[middle - 1], points[middle]))
}

/// From the bottom of `from` to the bottom of `to`, swinging below both.
fn return_path(from: Point, to: Point) -> (String, Point) {
    let start = Point { x: from.x, y: from.y + NODE_HEIGHT / 2.0 };
    let end = Point { x: to.x, y: to.y + NODE_HEIGHT / 2.0 + ARROW_GAP };
    let low = start.y.max(end.y) + RETURN_DROP;
    let (c1, c2) = (Point { x: start.x, y: low }, Point { x: end.x, y: low });
    cubic(start, c1, c2, end)
}

/// A loop from a box's top back into its right side.
fn self_loop_path(centre: Point) -> (String, Point) {
    let right = centre.x + NODE_WIDTH / 2.0;
    let top = centre.y - NODE_HEIGHT / 2.0;
    let start = Point { x: right - 50.0, y: top };
    let end = Point { x: right + ARROW_GAP, y: top + 34.0 };
    cubic(start, Point { x: right - 50.0, y: top - 70.0 }, Point { x: right + 80.0, y: top + 34.0 }, end)
}

/// One cubic Bézier and the point halfway along it.
fn cubic(p0: Point, c1: Point, c2: Point, p3: Point) -> (String, Point) {
    let path = format!(
        "M{} {} C{} {} {} {} {} {}",
        num(p0.x),
        num(p0.y),
        num(c1.x),
        num(c1.y),
        num(c2.x),
        num(c2.y),
        num(p3.x),
        num(p3.y)
    );
    let at = |a: f64, b: f64, c: f64, d: f64| (a + 3.0 * b + 3.0 * c + d) / 8.0;
    (path, Point { x: at(p0.x, c1.x, c2.x, p3.x), y: at(p0.y, c1.y, c2.y, p3.y) })
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
fn num(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    // "-0" reads oddly in a path; it is 0.
    if rounded == 0.0 {
        "0".to_owned()
    } else {
        rounded.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editor::layout::layered_layout;
    use crate::engine::solve;
    use crate::formats::headline::headline;
    use crate::model::{mvp_that_creaks, Component, ComponentKind, Dependency};

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
        assert!(headline(&doc, &solve(&doc)).contains("Postgres runs out of connections at 3.5×"));
    }

    #[test]
    fn arrows_carry_the_rate_at_the_current_growth() {
        let mut doc = mvp_that_creaks();
        let scene = scene_at(&mut doc, 1.0);
        assert_eq!(scene.edges.len(), 7);
        assert_eq!(edge(&scene, "web-redis").label, "240/s read");
        assert_eq!(edge(&scene, "web-postgres").label, "36/s write");
        assert_eq!(edge(&scene, "lb-web").label, "120/s");
        assert_eq!(edge(&scene, "queue-worker").mode, CallMode::Async);
        assert_eq!(
            edge(&scene, "web-redis").description,
            "Web app to Redis cache: 240 req/s, read, synchronous"
        );
        assert_eq!(edge(&scene, "web-queue").description, "Web app to Job queue: 12 req/s, write, asynchronous");
        let scene = scene_at(&mut doc, 10.0);
        assert_eq!(edge(&scene, "web-redis").label, "2400/s read");
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
        });
        doc.dependencies.push(Dependency {
            id: "postgres-web".into(),
            from: "postgres".into(),
            to: "web".into(),
            calls: 0.01,
            kind: CallKind::Call,
            mode: CallMode::Sync,
            deferrable: false,
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

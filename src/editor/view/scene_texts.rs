//! What the canvas's boxes and arrows say, in two halves that change at
//! different times: the faces (names, kinds, what an arrow is) change only
//! when the design does, the figures (utilisation, band, bottleneck tab,
//! rates) at every step of the growth dial. The page keeps one of each, so
//! a dial step formats a thousand figures and no names; `SceneTexts` joins
//! them for everything that wants the whole picture (the exported drawing,
//! the tests).
//!
//! The words are the results table's (`words::results_table`), computed
//! for the few fields a box shows (a test in `scene` checks they agree).

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use super::scene::NodeScene;
use crate::engine::{ComponentLoad, Judgement, Limit, Report, Status};
use crate::model::{CallKind, CallMode, ComponentId, ComponentKind, Dependency, DependencyId, Document, Point, Routing};
use crate::words::headline::limit_phrase;
use crate::words::quantity::{multiplier, per_request, rate_short, round_percent, utilisation};

/// Names up to this many characters are drawn at full size.
const SHORT_NAME: usize = 13;
/// Longer names are cut to this many characters with an ellipsis; the full
/// name is in the box's accessible description and tooltip.
const LONGEST_NAME: usize = 18;

/// What the legend's line for "hot · over the day" says, and the box.
pub const OVER_THE_DAY: &str = "over the day";

/// What the boxes and arrows say that the growth does not change, in
/// document order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SceneFaces {
    pub nodes: Vec<NodeFaceText>,
    pub edges: Vec<EdgeFaceText>,
    /// Where each box and arrow is in the lists (and in the figures'),
    /// so that each of a thousand boxes finds its part in one step.
    node_index: FxHashMap<ComponentId, usize>,
    edge_index: FxHashMap<DependencyId, usize>,
}

/// A box's name and kind.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeFaceText {
    pub id: ComponentId,
    /// The full name (the id when the name is empty), as its description
    /// says it.
    pub full_name: String,
    /// The name as drawn: shortened with "…" when it would not fit.
    pub name: String,
    /// Whether the name needs the smaller type to fit.
    pub long_name: bool,
    /// "Relational database".
    pub kind: &'static str,
    pub component_kind: ComponentKind,
}

/// What an arrow is; its label's rate is a figure.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeFaceText {
    pub id: DependencyId,
    /// "Web app to Redis cache: read, synchronous".
    pub title: String,
    /// What the label says before the rate: "×2 · ", "50% · " or nothing.
    label_number: String,
    /// What it says after the rate: "read", "write" or nothing.
    label_word: Option<&'static str>,
    pub mode: CallMode,
    pub kind: CallKind,
}

/// What the boxes and arrows say at one growth, in the faces' order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SceneFigures {
    pub nodes: Vec<NodeFigure>,
    pub edges: Vec<EdgeFigure>,
}

/// A box's figures.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeFigure {
    pub id: ComponentId,
    pub status: Status,
    /// Said beside the band's word when the band is not the one the legend
    /// gives the figure ([`status_note`]).
    pub status_note: Option<&'static str>,
    /// Exactly the results table's utilisation text ("24.0%").
    pub utilisation_text: String,
    /// For the component that limits growth: its tab ("Bottleneck ·
    /// 4.17×") and how it reaches its limit ("saturates at 4.17×").
    pub bottleneck: Option<(String, String)>,
}

/// An arrow's figures.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeFigure {
    pub id: DependencyId,
    /// "×2 · 240/s read".
    pub label: String,
    /// Requests per second it carries.
    pub carried: f64,
}

impl SceneFaces {
    pub fn new(doc: &Document) -> SceneFaces {
        let nodes: Vec<NodeFaceText> = doc
            .components
            .iter()
            .map(|component| {
                let full_name = doc_name(&component.name, &component.id);
                let length = full_name.chars().count();
                let name = if length > LONGEST_NAME {
                    let kept: String = full_name.chars().take(LONGEST_NAME - 1).collect();
                    format!("{}…", kept.trim_end())
                } else {
                    full_name.clone()
                };
                NodeFaceText {
                    id: component.id.clone(),
                    full_name,
                    name,
                    long_name: length > SHORT_NAME,
                    kind: component.kind.label(),
                    component_kind: component.kind,
                }
            })
            .collect();
        // Names by id, looked up once for every arrow's ends.
        let names: FxHashMap<&ComponentId, &str> = nodes.iter().map(|n| (&n.id, n.full_name.as_str())).collect();
        let edges: Vec<EdgeFaceText> = doc.dependencies.iter().map(|dependency| edge_face(&names, dependency)).collect();
        let node_index = nodes.iter().enumerate().map(|(i, n)| (n.id.clone(), i)).collect();
        let edge_index = edges.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect();
        SceneFaces { nodes, edges, node_index, edge_index }
    }

    /// Where the box of `id` is in the faces' order.
    pub fn node_position(&self, id: &ComponentId) -> Option<usize> {
        self.node_index.get(id).copied()
    }

    pub fn node(&self, id: &ComponentId) -> Option<&NodeFaceText> {
        self.nodes.get(self.node_position(id)?)
    }

    pub fn edge(&self, id: &DependencyId) -> Option<&EdgeFaceText> {
        self.edges.get(*self.edge_index.get(id)?)
    }

    /// The figure of `id`'s box in `figures` (of these faces).
    pub fn node_figure<'f>(&self, figures: &'f SceneFigures, id: &ComponentId) -> Option<&'f NodeFigure> {
        figures.nodes.get(self.node_position(id)?).filter(|f| &f.id == id)
    }

    /// The figure of `id`'s arrow in `figures` (of these faces).
    pub fn edge_figure<'f>(&self, figures: &'f SceneFigures, id: &DependencyId) -> Option<&'f EdgeFigure> {
        figures.edges.get(*self.edge_index.get(id)?).filter(|f| &f.id == id)
    }
}

impl SceneFigures {
    /// The figures of `report` for the boxes and arrows of `faces` (both of
    /// one document).
    pub fn new(faces: &SceneFaces, report: &Report) -> SceneFigures {
        let bottleneck = report.bottleneck();
        let nodes = faces
            .nodes
            .iter()
            .enumerate()
            .filter_map(|(i, face)| {
                // The report's components are in document order.
                let load = match report.components.get(i) {
                    Some(load) if load.id == face.id => load,
                    _ => report.component(&face.id)?,
                };
                let bottleneck = bottleneck.filter(|b| b.component == load.id).map(|b| {
                    let at = multiplier(b.saturates_at);
                    let text = match b.limit {
                        Limit::Throughput => format!("Bottleneck · {at}"),
                        Limit::Connections => format!("Bottleneck · connections at {at}"),
                        Limit::DailyAverage => format!("Bottleneck · {at} over the day"),
                    };
                    (text, limit_phrase(b))
                });
                Some(NodeFigure {
                    id: face.id.clone(),
                    status: load.status,
                    status_note: status_note(load, report.comfort_line),
                    utilisation_text: utilisation(load.utilisation),
                    bottleneck,
                })
            })
            .collect();
        let in_order = report.dependencies.len() == faces.edges.len()
            && report.dependencies.iter().zip(&faces.edges).all(|(flow, face)| flow.id == face.id);
        let by_id: FxHashMap<&DependencyId, f64> = if in_order {
            FxHashMap::default()
        } else {
            report.dependencies.iter().map(|f| (&f.id, f.rate)).collect()
        };
        let edges = faces
            .edges
            .iter()
            .enumerate()
            .map(|(i, face)| {
                let carried = if in_order {
                    report.dependencies.get(i).map_or(0.0, |f| f.rate)
                } else {
                    by_id.get(&face.id).copied().unwrap_or(0.0)
                };
                let label = match face.label_word {
                    Some(word) => format!("{}{} {word}", face.label_number, rate_short(carried)),
                    None => format!("{}{}", face.label_number, rate_short(carried)),
                };
                EdgeFigure { id: face.id.clone(), label, carried }
            })
            .collect();
        SceneFigures { nodes, edges }
    }
}

/// What a screen reader announces and a tooltip shows of a box:
/// "Postgres, Relational database, 24.0% utilised, ok".
pub fn node_description(face: &NodeFaceText, figure: &NodeFigure) -> String {
    let mut description =
        format!("{}, {}, {} utilised, {}", face.full_name, face.kind, figure.utilisation_text, figure.status.label());
    if let Some(note) = figure.status_note {
        description.push_str(&format!(" {note}"));
    }
    if let Some((_, phrase)) = &figure.bottleneck {
        description.push_str(&format!(", bottleneck: {phrase}"));
    }
    description
}

/// What the boxes and arrows say — names, utilisation, status, rates —
/// from the document and its report, independent of where they are drawn.
/// A drag only moves things, so it reuses these.
#[derive(Clone, Debug, PartialEq)]
pub struct SceneTexts {
    /// In document order; every origin is (0, 0): see `SceneGeometry`.
    pub nodes: Vec<NodeScene>,
    /// In document order.
    pub edges: Vec<EdgeText>,
    node_index: BTreeMap<ComponentId, usize>,
    edge_index: BTreeMap<DependencyId, usize>,
}

/// What an arrow says.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeText {
    pub id: DependencyId,
    /// "240/s read".
    pub label: String,
    /// What the arrow is, without the rate, which changes with the growth
    /// ("Web app to Redis cache: read, synchronous"); its label says the
    /// rate.
    pub title: String,
    /// Requests per second it carries.
    pub carried: f64,
    pub mode: CallMode,
    pub kind: CallKind,
}

impl SceneTexts {
    pub fn new(doc: &Document, report: &Report) -> SceneTexts {
        let faces = SceneFaces::new(doc);
        SceneTexts::join(&faces, &SceneFigures::new(&faces, report))
    }

    /// The faces with their figures (of one document).
    pub fn join(faces: &SceneFaces, figures: &SceneFigures) -> SceneTexts {
        let nodes: Vec<NodeScene> = faces
            .nodes
            .iter()
            .zip(&figures.nodes)
            .map(|(face, figure)| NodeScene {
                id: face.id.clone(),
                origin: Point { x: 0.0, y: 0.0 },
                name: face.name.clone(),
                long_name: face.long_name,
                kind: face.kind.to_owned(),
                component_kind: face.component_kind,
                status: figure.status,
                status_note: figure.status_note,
                utilisation_text: figure.utilisation_text.clone(),
                bottleneck: figure.bottleneck.as_ref().map(|(text, _)| text.clone()),
                description: node_description(face, figure),
            })
            .collect();
        let edges: Vec<EdgeText> = faces
            .edges
            .iter()
            .zip(&figures.edges)
            .map(|(face, figure)| EdgeText {
                id: face.id.clone(),
                label: figure.label.clone(),
                title: face.title.clone(),
                carried: figure.carried,
                mode: face.mode,
                kind: face.kind,
            })
            .collect();
        let node_index = nodes.iter().enumerate().map(|(i, n)| (n.id.clone(), i)).collect();
        let edge_index = edges.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect();
        SceneTexts { nodes, edges, node_index, edge_index }
    }

    pub fn node(&self, id: &ComponentId) -> Option<&NodeScene> {
        self.node_index.get(id).and_then(|&i| self.nodes.get(i))
    }

    pub fn edge(&self, id: &DependencyId) -> Option<&EdgeText> {
        self.edge_index.get(id).and_then(|&i| self.edges.get(i))
    }
}

/// "over the day" when a component's band is not the legend's band for
/// its figure: work judged over the day (docs/design.md 4.11) is hot at
/// 120% at the peak when its queue catches up, where the peak bands say
/// saturated.
pub fn status_note(load: &ComponentLoad, comfort_line: f64) -> Option<&'static str> {
    let by_the_peak = Status::of(load.utilisation, load.arrival_rate, comfort_line);
    (load.judged == Judgement::Day && load.status != by_the_peak).then_some(OVER_THE_DAY)
}

/// A component's display name, as `Document::name_of` gives it: its name,
/// or its id when it has none.
fn doc_name(name: &str, id: &ComponentId) -> String {
    if name.trim().is_empty() {
        id.to_string()
    } else {
        name.to_owned()
    }
}

/// What an arrow is, and what its label says around the rate. The label
/// says what the number means: a share of the caller's traffic ("50% ·
/// 60/s") or calls per request ("×2 · 240/s read"; one call, the plain
/// case, has no number: "12/s").
fn edge_face(names: &FxHashMap<&ComponentId, &str>, dependency: &Dependency) -> EdgeFaceText {
    let (number, meaning) = match dependency.routing {
        Routing::Share => {
            let share = round_percent(dependency.calls);
            (share.clone(), format!("{share} of its traffic"))
        }
        Routing::Calls => {
            let calls = per_request(dependency.calls);
            let word = if dependency.calls == 1.0 { "call" } else { "calls" };
            let meaning = format!("{} {word} per request", calls.trim_start_matches('×'));
            (calls, meaning)
        }
    };
    // One call per request is what an arrow says without a number.
    let label_number = if dependency.routing == Routing::Calls && dependency.calls == 1.0 {
        String::new()
    } else {
        format!("{number} · ")
    };
    let name = |id: &ComponentId| names.get(id).map_or_else(|| id.to_string(), |n| (*n).to_owned());
    let title = format!(
        "{} to {}: {meaning}, {}{}",
        name(&dependency.from),
        name(&dependency.to),
        kind_word(dependency.kind).map(|w| format!("{w}, ")).unwrap_or_default(),
        mode_word(dependency.mode)
    );
    EdgeFaceText {
        id: dependency.id.clone(),
        title,
        label_number,
        label_word: kind_word(dependency.kind),
        mode: dependency.mode,
        kind: dependency.kind,
    }
}

fn kind_word(kind: CallKind) -> Option<&'static str> {
    match kind {
        CallKind::Call => None,
        CallKind::Read => Some("read"),
        CallKind::Write => Some("write"),
    }
}

fn mode_word(mode: CallMode) -> &'static str {
    match mode {
        CallMode::Sync => "synchronous",
        CallMode::Async => "asynchronous",
    }
}


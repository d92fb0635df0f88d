//! The canvas scene split into one signal per box and per arrow, and
//! within each into what it says (texts) and where it is (geometry). One
//! effect compares each new set of texts with the last and sets only the
//! parts that changed, another does the same for the geometry. So a drag
//! frame wakes only the moved boxes' positions and their arrows' paths,
//! and a dial step only the texts whose figures changed — instead of
//! every view re-reading one big scene (hundreds of subscribers on one
//! memo cost the reactive graph quadratic time on a 200-box drawing).

use std::hash::Hash;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use leptos::prelude::*;

use crate::editor::canvas::culling::{drawn_area, Detail, edge_labels_in_area, edges_in_area, nodes_in_area};
use super::legend::BoxLatencyChoice;
use super::state::{AnalysisContext, LiveReport};
use crate::editor::view::scene::{box_latencies, BoxLatency, EdgeGeometry, SceneGeometry};
use crate::editor::view::scene_texts::{node_description, EdgeFaceText, NodeFaceText, NodeFigure, SceneFaces, SceneFigures};
use crate::editor::canvas::viewport::Viewport;
use crate::engine::Status;
use crate::model::{CallKind, CallMode, ComponentId, ComponentKind, DependencyId, Point};

/// Signals by id, created on first use.
struct CellMap<K, V>(StoredValue<HashMap<K, ArcRwSignal<Option<V>>>>);

impl<K, V> Clone for CellMap<K, V> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K, V> Copy for CellMap<K, V> {}

impl<K, V> CellMap<K, V>
where
    K: Clone + Eq + Hash + Send + Sync + 'static,
    V: Clone + PartialEq + Send + Sync + 'static,
{
    fn new() -> Self {
        CellMap(StoredValue::new(HashMap::default()))
    }

    /// The cell of `id`, created with `current` if it is new.
    fn get(&self, id: &K, current: impl FnOnce() -> Option<V>) -> RwSignal<Option<V>> {
        if let Some(found) = self.0.with_value(|c| c.get(id).cloned()) {
            return RwSignal::from(found);
        }
        let created = ArcRwSignal::new(current());
        self.0.update_value(|c| {
            c.insert(id.clone(), created.clone());
        });
        RwSignal::from(created)
    }

    /// Sets each cell whose part changed, adds cells for new parts and
    /// empties and drops the cells of parts that are gone. Ids are
    /// unique (the document's validation sees to it), so when there are as
    /// many cells as parts none is gone, and a dial step hashes no id
    /// twice; only when boxes came or went are the ids gathered again.
    fn refresh<'a>(&self, parts: impl Iterator<Item = (&'a K, V)> + Clone)
    where
        K: 'a,
    {
        self.0.update_value(|cells| {
            let mut count = 0;
            for (id, part) in parts.clone() {
                count += 1;
                match cells.get(id) {
                    Some(cell) => {
                        if cell.with_untracked(|now| now.as_ref() != Some(&part)) {
                            cell.set(Some(part));
                        }
                    }
                    None => {
                        cells.insert(id.clone(), ArcRwSignal::new(Some(part)));
                    }
                }
            }
            if count != cells.len() {
                let seen: HashSet<&K> = parts.map(|(id, _)| id).collect();
                cells.retain(|id, cell| {
                    let keep = seen.contains(id);
                    if !keep {
                        cell.set(None);
                    }
                    keep
                });
            }
        });
    }
}

/// What a box shows that changes only when the document does.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeFace {
    /// The name as drawn (shortened with "…" when long).
    pub name: String,
    pub long_name: bool,
    /// "Relational database".
    pub kind: String,
    pub component_kind: ComponentKind,
}

/// What an arrow shows that changes only when the document does.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeFace {
    pub title: String,
    pub mode: CallMode,
    pub kind: CallKind,
}

/// Per-box and per-arrow signals of the scene, one per part that changes
/// on its own.
#[derive(Clone, Copy)]
pub struct SceneCells {
    node_face: CellMap<ComponentId, NodeFace>,
    node_status: CellMap<ComponentId, Status>,
    node_status_note: CellMap<ComponentId, Option<&'static str>>,
    node_utilisation: CellMap<ComponentId, String>,
    /// The latency the legend's switch chose ("31.4 ms").
    node_latency: CellMap<ComponentId, String>,
    node_tab: CellMap<ComponentId, Option<String>>,
    node_description: CellMap<ComponentId, String>,
    node_origin: CellMap<ComponentId, Point>,
    edge_face: CellMap<DependencyId, EdgeFace>,
    edge_label: CellMap<DependencyId, String>,
    edge_geometry: CellMap<DependencyId, EdgeGeometry>,
    node_on_screen: CellMap<ComponentId, bool>,
    edge_on_screen: CellMap<DependencyId, bool>,
    edge_label_on_screen: CellMap<DependencyId, bool>,
    faces: Memo<SceneFaces>,
    figures: Memo<SceneFigures>,
    geometry: Memo<SceneGeometry>,
    /// `None` while nothing needs the percentiles (the slider moving with
    /// the boxes drawn too small to show them): the cells keep their text.
    latencies: Memo<Option<Vec<(ComponentId, String)>>>,
}

fn face_of(n: &NodeFaceText) -> NodeFace {
    NodeFace { name: n.name.clone(), long_name: n.long_name, kind: n.kind.to_owned(), component_kind: n.component_kind }
}

fn edge_face_of(e: &EdgeFaceText) -> EdgeFace {
    EdgeFace { title: e.title.clone(), mode: e.mode, kind: e.kind }
}

impl SceneCells {
    /// Cells that follow the faces, the figures and the geometry.
    /// Tooltips follow the figures only while `resting` holds.
    pub fn new(
        faces: Memo<SceneFaces>,
        figures: Memo<SceneFigures>,
        geometry: Memo<SceneGeometry>,
        viewport: RwSignal<Viewport>,
        resting: ReadSignal<bool>,
    ) -> SceneCells {
        // The chosen latency of every box, computed once per report (one
        // analysis, one quantile per component), not once per box. A
        // percentile is worked out while the slider moves only if the boxes
        // are drawn close enough to show it (style/canvas.css leaves it out
        // below full detail); at rest always, for the boxes' descriptions.
        let choice = expect_context::<BoxLatencyChoice>().0;
        let report = expect_context::<LiveReport>().0;
        let analysis = expect_context::<AnalysisContext>().0;
        let full_detail = Memo::new(move |_| Detail::at(viewport.with(|v| v.zoom)) == Detail::Full);
        let latencies = Memo::new(move |_| {
            let choice = choice.get();
            let needed = choice == BoxLatency::Mean || resting.get() || full_detail.get();
            needed.then(|| analysis.with(|a| report.with(|r| box_latencies(a, r, choice))))
        });
        let cells = SceneCells {
            node_face: CellMap::new(),
            node_status: CellMap::new(),
            node_status_note: CellMap::new(),
            node_utilisation: CellMap::new(),
            node_latency: CellMap::new(),
            node_tab: CellMap::new(),
            node_description: CellMap::new(),
            node_origin: CellMap::new(),
            edge_face: CellMap::new(),
            edge_label: CellMap::new(),
            edge_geometry: CellMap::new(),
            node_on_screen: CellMap::new(),
            edge_on_screen: CellMap::new(),
            edge_label_on_screen: CellMap::new(),
            faces,
            figures,
            geometry,
            latencies,
        };
        Effect::new(move |_| {
            latencies.with(|l| {
                if let Some(l) = l {
                    cells.node_latency.refresh(l.iter().map(|(id, text)| (id, text.clone())));
                }
            })
        });
        // Names and kinds change with the design only, not with the dial.
        Effect::new(move |_| {
            faces.with(|f| {
                cells.node_face.refresh(f.nodes.iter().map(|n| (&n.id, face_of(n))));
                cells.edge_face.refresh(f.edges.iter().map(|e| (&e.id, edge_face_of(e))));
            })
        });
        Effect::new(move |_| {
            figures.with(|f| {
                cells.node_status.refresh(f.nodes.iter().map(|n| (&n.id, n.status)));
                cells.node_status_note.refresh(f.nodes.iter().map(|n| (&n.id, n.status_note)));
                cells.node_utilisation.refresh(f.nodes.iter().map(|n| (&n.id, n.utilisation_text.clone())));
                cells.node_tab.refresh(f.nodes.iter().map(|n| (&n.id, n.bottleneck.as_ref().map(|(tab, _)| tab.clone()))));
                cells.edge_label.refresh(f.edges.iter().map(|e| (&e.id, e.label.clone())));
            })
        });
        // A box's tooltip is not on screen while the slider moves: it
        // follows once the slider rests (a thousand texts less per step).
        Effect::new(move |_| {
            if resting.get() {
                let word = choice.get().label();
                latencies.with(|l| {
                    faces.with(|faces| {
                        figures.with(|figures| {
                            let described = faces.nodes.iter().zip(&figures.nodes).map(|(face, figure)| (&face.id, node_description(face, figure)));
                            match l {
                                Some(l) => cells.node_description.refresh(
                                    described.zip(l).map(|((id, description), (_, latency))| (id, format!("{description}, {word} latency {latency}"))),
                                ),
                                None => cells.node_description.refresh(described),
                            }
                        })
                    })
                });
            }
        });
        Effect::new(move |_| {
            geometry.with(|g| {
                cells.node_origin.refresh(g.nodes.iter().map(|(id, p)| (id, *p)));
                cells.edge_geometry.refresh(g.edges.iter().map(|e| (&e.id, e.clone())));
            })
        });
        // Culling: what is near the screen is drawn in full.
        Effect::new(move |_| {
            let area = viewport.with(drawn_area);
            geometry.with(|g| {
                cells.node_on_screen.refresh(nodes_in_area(g, area));
                cells.edge_on_screen.refresh(edges_in_area(g, area));
                cells.edge_label_on_screen.refresh(edge_labels_in_area(g, area));
            })
        });
        cells
    }

    /// Whether a box is near the screen (else its texts are not drawn).
    pub fn node_on_screen(&self, id: &ComponentId) -> RwSignal<Option<bool>> {
        self.node_on_screen.get(id, || Some(true))
    }

    /// Whether an arrow is near the screen (else it is not drawn).
    pub fn edge_on_screen(&self, id: &DependencyId) -> RwSignal<Option<bool>> {
        self.edge_on_screen.get(id, || Some(true))
    }

    /// Whether an arrow's label is near the screen (else it is left empty).
    pub fn edge_label_on_screen(&self, id: &DependencyId) -> RwSignal<Option<bool>> {
        self.edge_label_on_screen.get(id, || Some(true))
    }

    /// The cell of one of a box's figures, created from the figures now.
    fn figure<V>(&self, map: CellMap<ComponentId, V>, id: &ComponentId, read: impl FnOnce(&NodeFigure) -> V) -> RwSignal<Option<V>>
    where
        V: Clone + PartialEq + Send + Sync + 'static,
    {
        let (faces, figures) = (self.faces, self.figures);
        map.get(id, || faces.with_untracked(|faces| figures.with_untracked(|figures| faces.node_figure(figures, id).map(read))))
    }

    pub fn node_face(&self, id: &ComponentId) -> RwSignal<Option<NodeFace>> {
        let faces = self.faces;
        self.node_face.get(id, || faces.with_untracked(|f| f.node(id).map(face_of)))
    }

    pub fn node_status(&self, id: &ComponentId) -> RwSignal<Option<Status>> {
        self.figure(self.node_status, id, |n| n.status)
    }

    /// "over the day" beside the band's word, when it applies.
    pub fn node_status_note(&self, id: &ComponentId) -> RwSignal<Option<Option<&'static str>>> {
        self.figure(self.node_status_note, id, |n| n.status_note)
    }

    pub fn node_utilisation(&self, id: &ComponentId) -> RwSignal<Option<String>> {
        self.figure(self.node_utilisation, id, |n| n.utilisation_text.clone())
    }

    /// The latency the legend's switch chose, as the box shows it.
    pub fn node_latency(&self, id: &ComponentId) -> RwSignal<Option<String>> {
        let (latencies, faces) = (self.latencies, self.faces);
        self.node_latency.get(id, || {
            // In document order, as the faces are.
            let at = faces.with_untracked(|f| f.node_position(id))?;
            latencies.with_untracked(|l| l.as_ref()?.get(at).filter(|(c, _)| c == id).map(|(_, t)| t.clone()))
        })
    }

    /// The bottleneck's tab text, when this box limits growth.
    pub fn node_tab(&self, id: &ComponentId) -> RwSignal<Option<Option<String>>> {
        self.figure(self.node_tab, id, |n| n.bottleneck.as_ref().map(|(tab, _)| tab.clone()))
    }

    pub fn node_description(&self, id: &ComponentId) -> RwSignal<Option<String>> {
        let (faces, figures) = (self.faces, self.figures);
        self.node_description.get(id, || {
            faces.with_untracked(|faces| {
                figures.with_untracked(|figures| Some(node_description(faces.node(id)?, faces.node_figure(figures, id)?)))
            })
        })
    }

    /// Where a box's top-left corner is drawn.
    pub fn node_origin(&self, id: &ComponentId) -> RwSignal<Option<Point>> {
        let geometry = self.geometry;
        self.node_origin.get(id, || geometry.with_untracked(|g| g.node(id)))
    }

    pub fn edge_face(&self, id: &DependencyId) -> RwSignal<Option<EdgeFace>> {
        let faces = self.faces;
        self.edge_face.get(id, || faces.with_untracked(|f| f.edge(id).map(edge_face_of)))
    }

    pub fn edge_label(&self, id: &DependencyId) -> RwSignal<Option<String>> {
        let (faces, figures) = (self.faces, self.figures);
        self.edge_label.get(id, || {
            faces.with_untracked(|faces| figures.with_untracked(|figures| faces.edge_figure(figures, id).map(|e| e.label.clone())))
        })
    }

    pub fn edge_geometry(&self, id: &DependencyId) -> RwSignal<Option<EdgeGeometry>> {
        let geometry = self.geometry;
        self.edge_geometry.get(id, || geometry.with_untracked(|g| g.edge(id).cloned()))
    }
}

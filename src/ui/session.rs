//! The editing session as the page holds it: selection, viewport, the
//! gesture in progress and its previews, open panels and the last notice —
//! session state, never saved and never an undo step — and the derived
//! layout and scene every canvas view reads. Provided as context by the
//! `Workspace`; the rules all live in `editor`.

use leptos::prelude::*;

use super::scene_cells::SceneCells;
use super::state::{DesignContext, DocumentContext, Editor, LiveReport, SettledReport};
use crate::editor::canvas::culling::Detail;
use crate::editor::canvas::gesture::{Board, ConnectPreview, DragPreview, Effect as GestureEffect, Gestures, Input, Phase, Tool};
use crate::editor::view::layout::{automatic_layout, place, Bounds, Layout};
use crate::editor::view::scene::{CanvasScene, SceneGeometry, SceneTexts};
use crate::editor::view::scene_texts::{SceneFaces, SceneFigures};
use crate::editor::canvas::selection::Selection;
use crate::editor::canvas::viewport::{Cover, Size, Viewport, LEGIBLE_ZOOM};
use crate::model::{Command, ComponentId, Document, Point, Scenario};

/// A message in the status line: what an edit did, or why it was refused.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

/// The session's signals, shared by every part of the editor.
#[derive(Clone, Copy)]
pub struct Session {
    pub selection: RwSignal<Selection>,
    pub viewport: RwSignal<Viewport>,
    pub drag: RwSignal<Option<DragPreview>>,
    pub connecting: RwSignal<Option<ConnectPreview>>,
    pub rectangle: RwSignal<Option<Bounds>>,
    /// The gesture's phase, for the cursor.
    pub phase: RwSignal<Phase>,
    pub tool: RwSignal<Tool>,
    pub space_held: RwSignal<bool>,
    /// The component whose name is being edited in place.
    pub renaming: RwSignal<Option<ComponentId>>,
    pub notice: RwSignal<Option<Notice>>,
    pub help_open: RwSignal<bool>,
    pub templates_open: RwSignal<bool>,
    pub presenting: RwSignal<bool>,
    /// Bumped to ask the canvas to measure itself again (the panels
    /// around it appeared or vanished).
    pub remeasure: RwSignal<u32>,
    gestures: StoredValue<Gestures>,
    /// Where the pointer last was over the canvas (canvas units): where
    /// a paste goes.
    pub pointer: StoredValue<Option<Point>>,
    /// The layout of the document as saved.
    pub layout: Memo<Layout>,
    /// What every box and arrow is called (the design's).
    pub faces: Memo<SceneFaces>,
    /// What every box's and arrow's figures say (at the current growth).
    pub figures: Memo<SceneFigures>,
    /// Where every box and arrow is drawn (with the drag in progress).
    pub geometry: Memo<SceneGeometry>,
    /// How much of the drawing is shown at the current zoom.
    pub detail: Memo<Detail>,
    /// The scene, one signal per box and arrow.
    pub cells: SceneCells,
    /// The ends of the arrow being connected: from, and the box under the
    /// pointer. Changes only when the pointer reaches another box.
    pub connect_ends: Memo<Option<(ComponentId, Option<ComponentId>)>>,
    document: RwSignal<Document>,
    design: ReadSignal<Document>,
    editor: Editor,
}

impl Session {
    /// The session over the page's document; call once, in the
    /// workspace.
    pub fn new() -> Session {
        let document = expect_context::<DocumentContext>().0;
        let design = expect_context::<DesignContext>().0;
        let report = expect_context::<LiveReport>().0;
        let editor = expect_context::<Editor>();
        // The layout depends on the graph and the entry points only; this
        // memo compares equal when only the name or a decision changed, so
        // the layout is not recomputed then (nor run at all as the dial
        // moves: the design does not change).
        let graph = Memo::new(move |_| {
            design.with(|d| Document {
                schema_version: d.schema_version,
                name: String::new(),
                components: d.components.clone(),
                dependencies: d.dependencies.clone(),
                scenario: Scenario::new("", d.scenario.entries.clone()),
                decisions: Vec::new(),
                options: Vec::new(),
                migrations: Vec::new(),
                positions: Default::default(),
            })
        });
        // The layering depends on the graph's structure, not on where boxes
        // were put: moving a box does not lay the drawing out again.
        let structure = Memo::new(move |_| {
            graph.with(|g| {
                let mut bare = g.clone();
                for component in &mut bare.components {
                    component.position = None;
                }
                bare
            })
        });
        let automatic = Memo::new(move |_| structure.with(automatic_layout));
        let layout = Memo::new(move |_| graph.with(|g| automatic.with(|a| place(g, a))));
        let drag = RwSignal::new(None::<DragPreview>);
        // A drag frame changes only this and the scene: never the
        // document, so the engine does not run while boxes move.
        let shown = Memo::new(move |_| {
            drag.with(|preview| match preview {
                Some(p) => graph.with(|g| layout.with(|l| l.moved(g, &p.ids, p.offset))),
                None => layout.get(),
            })
        });
        // What boxes and arrows are called depends on the design, what
        // their figures say on the report; where they are drawn, on the
        // layout and the drag. A dial step recomputes only the figures, a
        // drag frame only the geometry.
        let faces = Memo::new(move |_| design.with(SceneFaces::new));
        let figures = Memo::new(move |_| faces.with(|f| report.with(|r| SceneFigures::new(f, r))));
        let resting_geometry = Memo::new(move |_| graph.with(|g| layout.with(|l| SceneGeometry::new(g, l))));
        // A drag frame redraws the dragged boxes' arrows and their
        // neighbours' only.
        let geometry = Memo::new(move |_| {
            drag.with(|preview| match preview {
                Some(p) => graph.with(|g| shown.with(|l| resting_geometry.with(|resting| resting.with_moved(g, l, &p.ids)))),
                None => resting_geometry.get(),
            })
        });

        let connecting = RwSignal::new(None::<ConnectPreview>);
        let connect_ends = Memo::new(move |_| connecting.with(|c| c.as_ref().map(|c| (c.from.clone(), c.over.clone()))));
        let selection = RwSignal::new(Selection::none());
        let viewport = RwSignal::new(Viewport::default());
        let renaming = RwSignal::new(None::<ComponentId>);
        // Ids an undo or a delete took away leave the selection.
        Effect::new(move |_| {
            design.with(|d| {
                let kept = selection.with_untracked(|s| s.retain_existing(d));
                if selection.with_untracked(|s| s != &kept) {
                    selection.set(kept);
                }
                if renaming.with_untracked(|r| r.as_ref().is_some_and(|id| d.component(id).is_none())) {
                    renaming.set(None);
                }
            })
        });
        Session {
            selection,
            viewport,
            drag,
            connecting,
            connect_ends,
            cells: SceneCells::new(faces, figures, geometry, viewport, expect_context::<SettledReport>().resting()),
            detail: Memo::new(move |_| Detail::at(viewport.with(|v| v.zoom))),
            rectangle: RwSignal::new(None),
            phase: RwSignal::new(Phase::Idle),
            tool: RwSignal::new(Tool::Select),
            space_held: RwSignal::new(false),
            renaming,
            notice: RwSignal::new(None),
            help_open: RwSignal::new(false),
            templates_open: RwSignal::new(false),
            presenting: RwSignal::new(false),
            remeasure: RwSignal::new(0),
            gestures: StoredValue::new(Gestures::new()),
            pointer: StoredValue::new(None),
            layout,
            faces,
            figures,
            geometry,
            document,
            design,
            editor,
        }
    }

    /// Feeds the gesture machine and carries out what it answers.
    pub fn feed(&self, input: Input) {
        let mut effects = Vec::new();
        self.document.with_untracked(|doc| {
            self.layout.with_untracked(|layout| {
                self.selection.with_untracked(|selection| {
                    self.viewport.with_untracked(|viewport| {
                        let board = Board { doc, layout, selection, viewport };
                        self.gestures.update_value(|g| {
                            g.tool = self.tool.get_untracked();
                            effects = g.handle(input, board);
                        });
                    })
                })
            })
        });
        let phase = self.gestures.with_value(Gestures::phase);
        if self.phase.get_untracked() != phase {
            self.phase.set(phase);
        }
        let held = self.gestures.with_value(Gestures::space_held);
        if self.space_held.get_untracked() != held {
            self.space_held.set(held);
        }
        for effect in effects {
            self.carry_out(effect);
        }
    }

    /// Whether a gesture is under way (Esc cancels it first).
    pub fn busy(&self) -> bool {
        self.gestures.with_value(|g| g.phase() != Phase::Idle)
    }

    fn carry_out(&self, effect: GestureEffect) {
        match effect {
            GestureEffect::Select(selection) => self.select(selection),
            GestureEffect::View(viewport) => self.viewport.set(viewport),
            GestureEffect::DragPreview(preview) => self.drag.set(preview),
            GestureEffect::ConnectPreview(preview) => self.connecting.set(preview),
            GestureEffect::BoxPreview(area) => self.rectangle.set(area),
            GestureEffect::Dispatch(command) => {
                self.run(*command, None);
            }
            GestureEffect::Connect { from, to } => {
                let outcome = self.document.with_untracked(|d| {
                    crate::editor::canvas::connect::connect(d, &from, &to)
                        .map_err(|refused| crate::editor::canvas::connect::refusal(d, &refused))
                });
                match outcome {
                    Ok((command, id)) => {
                        if self.run(command, Some("Connected; edit the dependency in the inspector.".to_owned())) {
                            self.select(Selection::dependency(id));
                        }
                    }
                    Err(refused) => self.warn(sentence(&refused)),
                }
            }
            GestureEffect::DoubleClick(target) => match target {
                crate::editor::canvas::gesture::Target::Node(id) => self.renaming.set(Some(id)),
                crate::editor::canvas::gesture::Target::Edge(_) => focus_inspector(),
                _ => {}
            },
        }
    }

    /// Changes the selection (only when it differs, so views reading it
    /// do not wake up for nothing).
    pub fn select(&self, selection: Selection) {
        if self.selection.with_untracked(|s| s != &selection) {
            self.selection.set(selection);
        }
    }

    /// Dispatches an edit; says `done` when it applied, the refusal when
    /// not. Returns whether it applied.
    pub fn run(&self, command: Command, done: Option<String>) -> bool {
        match self.editor.dispatch(command) {
            Ok(()) => {
                match done {
                    Some(text) => self.say(text),
                    None => self.notice.set(None),
                }
                true
            }
            Err(refused) => {
                self.warn(sentence(&refused.to_string()));
                false
            }
        }
    }

    pub fn say(&self, text: impl Into<String>) {
        self.notice.set(Some(Notice { text: text.into(), error: false }));
    }

    pub fn warn(&self, text: impl Into<String>) {
        self.notice.set(Some(Notice { text: text.into(), error: true }));
    }

    /// Shows the whole drawing, beside the palette and the inspector
    /// that float over the canvas's sides.
    pub fn fit(&self) {
        let bounds = self.geometry.with_untracked(|g| g.bounds);
        // Measured now: the canvas may just have changed size (entering
        // presentation mode) without its resize having been noticed yet.
        let (size, cover) = measure_canvas();
        let presenting = self.presenting.get_untracked();
        self.viewport.update(|v| {
            let view = size.map_or(*v, |size| v.resized(size));
            *v = if presenting { view.fitted_legibly(bounds, cover, LEGIBLE_ZOOM) } else { view.fitted_beside(bounds, cover) };
        });
    }

    /// Pans just enough to show `bounds` clear of the floating panels,
    /// once they have drawn (a new selection opens the inspector).
    pub fn reveal(&self, bounds: Bounds) {
        let viewport = self.viewport;
        request_animation_frame(move || {
            let (size, cover) = measure_canvas();
            viewport.update(|v| {
                let view = size.map_or(*v, |size| v.resized(size));
                *v = view.revealing_beside(bounds, cover);
            });
        });
    }

    /// Pans so that the selected box is in view, once the panels around
    /// the canvas have settled (the inspector opening narrows it).
    pub fn reveal_selection(&self) {
        let bounds = self.selection.with_untracked(|s| {
            s.single_component()
                .and_then(|id| self.layout.with_untracked(|l| crate::editor::canvas::placement::node_bounds(l, id)))
        });
        if let Some(bounds) = bounds {
            self.reveal(bounds);
        }
    }

    /// The whole scene as drawn now (for the exported picture).
    pub fn scene(&self) -> CanvasScene {
        let texts = self.faces.with_untracked(|faces| self.figures.with_untracked(|figures| SceneTexts::join(faces, figures)));
        self.geometry.with_untracked(|g| CanvasScene::assemble(&texts, g))
    }

    pub fn editor(&self) -> Editor {
        self.editor
    }

    pub fn document(&self) -> RwSignal<Document> {
        self.document
    }

    /// The document apart from the growth (see [`DesignContext`]): what
    /// views that do not show the growth read.
    pub fn design(&self) -> ReadSignal<Document> {
        self.design
    }
}

/// A message as a sentence: capital first letter, full stop at the end.
pub fn sentence(text: &str) -> String {
    let mut chars = text.trim().chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// The canvas element's size, and how much of it the palette (left) and
/// the inspector (right) hide, measured on the page: a hidden panel hides
/// nothing.
fn measure_canvas() -> (Option<Size>, Cover) {
    // A little air between a panel and the drawing.
    const GAP: f64 = 12.0;
    let rect = |selector: &str| {
        document()
            .query_selector(selector)
            .ok()
            .flatten()
            .map(|e| e.get_bounding_client_rect())
            .filter(|r| r.width() > 0.0 && r.height() > 0.0)
    };
    let Some(canvas) = rect("svg[data-testid='canvas']") else {
        return (None, Cover::NONE);
    };
    let cover = Cover {
        left: rect(".workspace .palette").map_or(0.0, |p| (p.right() - canvas.left() + GAP).max(0.0)),
        right: rect(".workspace .inspector").map_or(0.0, |i| (canvas.right() - i.left() + GAP).max(0.0)),
    };
    (Some(Size::sane(canvas.width(), canvas.height())), cover)
}

/// Moves the keyboard focus to the inspector panel.
pub fn focus_inspector() {
    focus_element("inspector");
}

/// Focuses the element with this id, if there is one.
pub fn focus_element(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(element) = document().get_element_by_id(id) {
        if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
            let _ = element.focus();
        }
    }
}

/// Focuses a component's box on the canvas (keyboard navigation).
pub fn focus_node(id: &ComponentId) {
    use wasm_bindgen::JsCast;
    // Ids are letters, digits, '-', '_' and '.': safe inside quotes.
    let selector = format!("[data-component-id=\"{}\"]", id.as_str());
    if let Ok(Some(element)) = document().query_selector(&selector) {
        if let Ok(element) = element.dyn_into::<web_sys::SvgElement>() {
            let _ = element.focus();
        }
    }
}

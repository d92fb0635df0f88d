//! The pointer gesture state machine: what pressing, moving and releasing
//! the pointer on the canvas means. It is fed pointer events (already
//! converted to screen points, with the thing under the pointer) and
//! answers with [`Effect`]s for the page to carry out: a new selection, a
//! new viewport, a preview to draw, or a document edit to dispatch.
//!
//! ```text
//!            down on box / arrow / background
//!   Idle ─────────────────────────────────────▶ Pointing
//!    ▲ ▲ ▲                                      │   │
//!    │ │ │   moved past the threshold: on a box │   │ on the background
//!    │ │ │                                      ▼   ▼
//!    │ │ └────────────── up: one Move ─────── Dragging  BoxSelecting
//!    │ └─ down on a handle ─▶ Connecting ── up on a box: Connect
//!    └─── middle button / Space / hand tool ─▶ Panning
//!         second finger ─▶ Pinching
//! ```
//!
//! Previews (a drag's offset, the arrow being drawn, the selection
//! rectangle) are session state: a drag is drawn frame by frame without
//! touching the document, and the drop is one `Command::Move` — one undo
//! step, however many frames it took.

use std::collections::BTreeMap;

use crate::editor::canvas::hit::{node_at, nodes_in, BoxRule};
use crate::editor::view::layout::{Bounds, Layout};
use crate::editor::canvas::placement::{drag_offset, move_command};
use crate::editor::canvas::selection::Selection;
use crate::editor::canvas::viewport::{ScreenPoint, Viewport};
use crate::model::{Command, ComponentId, DependencyId, Document, Point};

/// How far (screen pixels) the pointer must travel before a press becomes
/// a drag; less is a click, so a shaky hand does not move boxes.
pub const DRAG_THRESHOLD: f64 = 4.0;
/// Two clicks on the same thing within this many milliseconds are a
/// double-click (rename a box).
pub const DOUBLE_CLICK_MS: f64 = 500.0;

/// Which mouse button.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Button {
    Primary,
    Middle,
    Secondary,
}

/// Keys held during a pointer event.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Modifiers {
    pub shift: bool,
    pub alt: bool,
    /// Ctrl, or Cmd on a Mac.
    pub command: bool,
}

/// What is under the pointer when it goes down.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Background,
    Node(ComponentId),
    /// The connection handle on a box's side.
    Handle(ComponentId),
    Edge(DependencyId),
}

/// One pointer event.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pointer {
    /// The browser's pointer id: several fingers are several pointers.
    pub id: i32,
    pub at: ScreenPoint,
    pub button: Button,
    pub modifiers: Modifiers,
    /// When it happened, in milliseconds (any clock; only differences
    /// count).
    pub time: f64,
}

/// What the machine is fed.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    Down(Pointer, Target),
    Move(Pointer),
    Up(Pointer),
    /// Esc, a cancelled pointer, lost capture: abandon the gesture.
    Cancel,
    /// Space pressed or released: while held, dragging pans.
    Space(bool),
}

/// What the page does in answer.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    Select(Selection),
    View(Viewport),
    /// Draw these boxes moved by an offset (or stop doing so).
    DragPreview(Option<DragPreview>),
    /// Draw the arrow being connected (or stop doing so).
    ConnectPreview(Option<ConnectPreview>),
    /// Draw the selection rectangle (or stop doing so).
    BoxPreview(Option<Bounds>),
    /// Apply this edit (one undo step).
    Dispatch(Box<Command>),
    /// Connect these two components (the page builds the dependency and
    /// reports a refusal, such as a self-dependency).
    Connect { from: ComponentId, to: ComponentId },
    /// A double-click on a box (rename it) or an arrow (edit it).
    DoubleClick(Target),
}

/// Boxes being dragged and by how much (canvas units).
#[derive(Clone, Debug, PartialEq)]
pub struct DragPreview {
    pub ids: Vec<ComponentId>,
    pub offset: Point,
}

/// The arrow being drawn from a handle.
#[derive(Clone, Debug, PartialEq)]
pub struct ConnectPreview {
    pub from: ComponentId,
    /// Where the pointer is, in canvas units.
    pub to: Point,
    /// The box under the pointer, if any.
    pub over: Option<ComponentId>,
}

/// The state a gesture is in, for the page's cursor and for tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Idle,
    Pointing,
    Dragging,
    Connecting,
    Panning,
    BoxSelecting,
    Pinching,
}

/// The tool the primary button uses on the background.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tool {
    /// Press and drag on the background draws a selection rectangle.
    #[default]
    Select,
    /// Press and drag anywhere pans (H, as in Excalidraw).
    Hand,
}

/// What the machine needs to know about the drawing.
#[derive(Clone, Copy)]
pub struct Board<'a> {
    pub doc: &'a Document,
    /// Where every box is drawn now (the automatic layout with the
    /// document's positions).
    pub layout: &'a Layout,
    pub selection: &'a Selection,
    pub viewport: &'a Viewport,
}

#[derive(Clone, Debug, PartialEq)]
enum State {
    Idle,
    Pointing {
        pointer: i32,
        start: ScreenPoint,
        target: Target,
        /// The selection a click (no drag) ends with, if it changes then.
        on_click: Option<Selection>,
        /// The boxes a drag from here moves.
        drag_ids: Vec<ComponentId>,
    },
    Dragging {
        pointer: i32,
        start: ScreenPoint,
        ids: Vec<ComponentId>,
        /// Centre of the box the drag started on: its corner snaps.
        anchor: Point,
        offset: Point,
    },
    Connecting {
        pointer: i32,
        from: ComponentId,
        over: Option<ComponentId>,
    },
    Panning {
        pointer: i32,
        last: ScreenPoint,
    },
    BoxSelecting {
        pointer: i32,
        start: Point,
        base: Selection,
    },
    Pinching {
        start_distance: f64,
        start_mid: ScreenPoint,
        start_view: Viewport,
    },
}

/// The gesture in progress and what it remembers between events.
#[derive(Clone, Debug, PartialEq)]
pub struct Gestures {
    state: State,
    space_held: bool,
    pub tool: Tool,
    /// Where each pressed pointer is (two at once make a pinch).
    pressed: BTreeMap<i32, ScreenPoint>,
    /// The last click: what, when and where, to recognise a double-click.
    last_click: Option<(Target, f64, ScreenPoint)>,
}

impl Default for Gestures {
    fn default() -> Self {
        Gestures::new()
    }
}

impl Gestures {
    pub fn new() -> Gestures {
        Gestures {
            state: State::Idle,
            space_held: false,
            tool: Tool::Select,
            pressed: BTreeMap::new(),
            last_click: None,
        }
    }

    pub fn phase(&self) -> Phase {
        match self.state {
            State::Idle => Phase::Idle,
            State::Pointing { .. } => Phase::Pointing,
            State::Dragging { .. } => Phase::Dragging,
            State::Connecting { .. } => Phase::Connecting,
            State::Panning { .. } => Phase::Panning,
            State::BoxSelecting { .. } => Phase::BoxSelecting,
            State::Pinching { .. } => Phase::Pinching,
        }
    }

    /// Whether Space is held (the canvas shows a grab cursor).
    pub fn space_held(&self) -> bool {
        self.space_held
    }

    /// Feeds one event; returns what the page should do, in order.
    pub fn handle(&mut self, input: Input, board: Board<'_>) -> Vec<Effect> {
        match input {
            Input::Down(pointer, target) => self.down(pointer, target, board),
            Input::Move(pointer) => self.moved(pointer, board),
            Input::Up(pointer) => self.up(pointer, board),
            Input::Cancel => {
                self.pressed.clear();
                self.cancel()
            }
            Input::Space(held) => {
                self.space_held = held;
                Vec::new()
            }
        }
    }

    /// Ends the gesture without its result, taking back its previews.
    fn cancel(&mut self) -> Vec<Effect> {
        match std::mem::replace(&mut self.state, State::Idle) {
            State::Dragging { .. } => vec![Effect::DragPreview(None)],
            State::Connecting { .. } => vec![Effect::ConnectPreview(None)],
            State::BoxSelecting { base, .. } => vec![Effect::BoxPreview(None), Effect::Select(base)],
            _ => Vec::new(),
        }
    }

    fn down(&mut self, pointer: Pointer, target: Target, board: Board<'_>) -> Vec<Effect> {
        self.pressed.insert(pointer.id, pointer.at);
        if self.pressed.len() == 2 {
            // A second finger: whatever the first one started becomes a pinch.
            let mut effects = self.cancel();
            let mut points = self.pressed.values().copied();
            if let (Some(a), Some(b)) = (points.next(), points.next()) {
                self.state = State::Pinching {
                    start_distance: a.distance(b).max(1.0),
                    start_mid: a.midpoint(b),
                    start_view: *board.viewport,
                };
            }
            effects.retain(|e| !matches!(e, Effect::Select(_)));
            return effects;
        }
        if self.state != State::Idle {
            return Vec::new();
        }
        let pans = pointer.button == Button::Middle
            || (pointer.button == Button::Primary && (self.space_held || self.tool == Tool::Hand));
        if pans {
            self.state = State::Panning { pointer: pointer.id, last: pointer.at };
            return Vec::new();
        }
        if pointer.button != Button::Primary {
            return Vec::new();
        }
        let adding = pointer.modifiers.shift || pointer.modifiers.command;
        let selection = board.selection;
        match target {
            Target::Handle(from) => {
                let to = board.viewport.to_canvas(pointer.at);
                self.state = State::Connecting { pointer: pointer.id, from: from.clone(), over: None };
                vec![Effect::ConnectPreview(Some(ConnectPreview { from, to, over: None }))]
            }
            Target::Node(id) => {
                let (now, on_click) = match (selection.has_component(&id), adding) {
                    // Shift on a selected box: a click takes it out, a drag
                    // moves the whole selection.
                    (true, true) => (None, Some(selection.toggled_component(&id))),
                    (false, true) => (Some(selection.with_component(&id)), None),
                    // A selected box: a drag moves the whole selection, a
                    // click narrows it to this box.
                    (true, false) => (None, Some(Selection::component(id.clone()))),
                    (false, false) => (Some(Selection::component(id.clone())), None),
                };
                let moving = now.as_ref().unwrap_or(selection);
                let drag_ids: Vec<ComponentId> = board
                    .doc
                    .components
                    .iter()
                    .filter(|c| moving.has_component(&c.id) && board.layout.position(&c.id).is_some())
                    .map(|c| c.id.clone())
                    .collect();
                self.state = State::Pointing {
                    pointer: pointer.id,
                    start: pointer.at,
                    target: Target::Node(id),
                    on_click,
                    drag_ids,
                };
                now.map(Effect::Select).into_iter().collect()
            }
            Target::Edge(id) => {
                let next = if adding { selection.toggled_dependency(&id) } else { Selection::dependency(id.clone()) };
                self.state = State::Pointing {
                    pointer: pointer.id,
                    start: pointer.at,
                    target: Target::Edge(id),
                    on_click: None,
                    drag_ids: Vec::new(),
                };
                vec![Effect::Select(next)]
            }
            Target::Background => {
                let on_click = if adding { None } else { Some(Selection::none()) };
                self.state = State::Pointing {
                    pointer: pointer.id,
                    start: pointer.at,
                    target: Target::Background,
                    on_click,
                    drag_ids: Vec::new(),
                };
                Vec::new()
            }
        }
    }

    fn moved(&mut self, pointer: Pointer, board: Board<'_>) -> Vec<Effect> {
        if let Some(at) = self.pressed.get_mut(&pointer.id) {
            *at = pointer.at;
        }
        match &mut self.state {
            State::Idle => Vec::new(),
            State::Pointing { pointer: id, start, target, drag_ids, .. } => {
                if *id != pointer.id || start.distance(pointer.at) < DRAG_THRESHOLD {
                    return Vec::new();
                }
                let start = *start;
                match target.clone() {
                    Target::Node(pressed) => {
                        let ids = std::mem::take(drag_ids);
                        let anchor = board.layout.position(&pressed).unwrap_or(Point { x: 0.0, y: 0.0 });
                        self.state = State::Dragging {
                            pointer: pointer.id,
                            start,
                            ids,
                            anchor,
                            offset: Point { x: 0.0, y: 0.0 },
                        };
                        self.drag_to(pointer, board)
                    }
                    Target::Background => {
                        let base = if pointer.modifiers.shift || pointer.modifiers.command {
                            board.selection.clone()
                        } else {
                            Selection::none()
                        };
                        self.state = State::BoxSelecting {
                            pointer: pointer.id,
                            start: board.viewport.to_canvas(start),
                            base,
                        };
                        self.select_box(pointer, board)
                    }
                    // Arrows and handles do not drag.
                    Target::Edge(_) | Target::Handle(_) => Vec::new(),
                }
            }
            State::Dragging { pointer: id, .. } if *id == pointer.id => self.drag_to(pointer, board),
            State::Connecting { pointer: id, from, over } if *id == pointer.id => {
                let to = board.viewport.to_canvas(pointer.at);
                let now_over = node_at(board.doc, board.layout, to);
                *over = now_over.clone();
                vec![Effect::ConnectPreview(Some(ConnectPreview { from: from.clone(), to, over: now_over }))]
            }
            State::Panning { pointer: id, last } if *id == pointer.id => {
                let (dx, dy) = (pointer.at.x - last.x, pointer.at.y - last.y);
                *last = pointer.at;
                vec![Effect::View(board.viewport.panned(dx, dy))]
            }
            State::BoxSelecting { pointer: id, .. } if *id == pointer.id => self.select_box(pointer, board),
            State::Pinching { start_distance, start_mid, start_view } => {
                let mut points = self.pressed.values().copied();
                let (Some(a), Some(b)) = (points.next(), points.next()) else {
                    return Vec::new();
                };
                let factor = a.distance(b) / *start_distance;
                let mid = a.midpoint(b);
                let view = start_view.zoomed_at(*start_mid, factor).panned(mid.x - start_mid.x, mid.y - start_mid.y);
                vec![Effect::View(view)]
            }
            _ => Vec::new(),
        }
    }

    fn drag_to(&mut self, pointer: Pointer, board: Board<'_>) -> Vec<Effect> {
        let State::Dragging { start, ids, anchor, offset, .. } = &mut self.state else {
            return Vec::new();
        };
        let delta = Point {
            x: (pointer.at.x - start.x) / board.viewport.zoom,
            y: (pointer.at.y - start.y) / board.viewport.zoom,
        };
        // Alt turns snapping off, as in draw.io.
        let next = drag_offset(*anchor, delta, !pointer.modifiers.alt);
        if next == *offset && next != (Point { x: 0.0, y: 0.0 }) {
            return Vec::new();
        }
        *offset = next;
        vec![Effect::DragPreview(Some(DragPreview { ids: ids.clone(), offset: next }))]
    }

    fn select_box(&mut self, pointer: Pointer, board: Board<'_>) -> Vec<Effect> {
        let State::BoxSelecting { start, base, .. } = &self.state else {
            return Vec::new();
        };
        let area = Bounds::from_corners(*start, board.viewport.to_canvas(pointer.at));
        let rule = if pointer.modifiers.alt { BoxRule::Touched } else { BoxRule::Enclosed };
        let picked = Selection::components_of(nodes_in(board.doc, board.layout, &area, rule));
        vec![Effect::BoxPreview(Some(area)), Effect::Select(base.union(&picked))]
    }

    fn up(&mut self, pointer: Pointer, board: Board<'_>) -> Vec<Effect> {
        self.pressed.remove(&pointer.id);
        let owns = |id: i32| id == pointer.id;
        let state = std::mem::replace(&mut self.state, State::Idle);
        match state {
            State::Pointing { pointer: id, on_click, target, start, .. } if owns(id) => {
                let mut effects: Vec<Effect> = on_click.map(Effect::Select).into_iter().collect();
                // Shift- and Ctrl-clicks add and take out: two quick ones
                // toggle twice rather than open the rename field.
                if pointer.modifiers.shift || pointer.modifiers.command {
                    self.last_click = None;
                    return effects;
                }
                let double = self.last_click.take().is_some_and(|(last, time, at)| {
                    last == target
                        && pointer.time - time <= DOUBLE_CLICK_MS
                        && at.distance(start) <= 2.0 * DRAG_THRESHOLD
                });
                if double {
                    if target != Target::Background {
                        effects.push(Effect::DoubleClick(target));
                    }
                } else {
                    self.last_click = Some((target, pointer.time, start));
                }
                effects
            }
            State::Dragging { pointer: id, ids, offset, .. } if owns(id) => {
                let mut effects = vec![Effect::DragPreview(None)];
                if let Some(command) = move_command(board.doc, board.layout, &ids, offset) {
                    effects.push(Effect::Dispatch(Box::new(command)));
                }
                effects
            }
            State::Connecting { pointer: id, from, over } if owns(id) => {
                let mut effects = vec![Effect::ConnectPreview(None)];
                if let Some(to) = over {
                    effects.push(Effect::Connect { from, to });
                }
                effects
            }
            State::BoxSelecting { pointer: id, .. } if owns(id) => vec![Effect::BoxPreview(None)],
            State::Panning { pointer: id, .. } if owns(id) => Vec::new(),
            // One finger of a pinch lifted: the pinch is over.
            State::Pinching { .. } => Vec::new(),
            other => {
                // Another pointer's release: the gesture goes on.
                self.state = other;
                Vec::new()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editor::view::layout::layered_layout;
    use crate::editor::canvas::viewport::Size;
    use crate::model::{mvp_that_creaks, History};

    /// A document, its layout, the session and the machine, fed events the
    /// way the page feeds them and applying effects the way it does.
    struct Session {
        doc: Document,
        history: History,
        layout: Layout,
        selection: Selection,
        viewport: Viewport,
        gestures: Gestures,
        preview: Option<DragPreview>,
        connect: Option<ConnectPreview>,
        rectangle: Option<Bounds>,
        connected: Vec<(ComponentId, ComponentId)>,
        double_clicked: Vec<Target>,
        clock: f64,
    }

    impl Session {
        fn new() -> Session {
            let doc = mvp_that_creaks();
            let layout = layered_layout(&doc);
            // Zoom 1 with the canvas origin at the screen corner: screen
            // and canvas points coincide.
            let viewport = Viewport { origin: Point { x: 0.0, y: 0.0 }, zoom: 1.0, size: Size::sane(1600.0, 900.0) };
            Session {
                doc,
                history: History::new(),
                layout,
                selection: Selection::none(),
                viewport,
                gestures: Gestures::new(),
                preview: None,
                connect: None,
                rectangle: None,
                connected: Vec::new(),
                double_clicked: Vec::new(),
                clock: 0.0,
            }
        }

        fn feed(&mut self, input: Input) -> Vec<Effect> {
            // A second passes between events unless a test sets the time.
            self.clock += 1000.0;
            let input = match input {
                Input::Down(p, t) if p.time == 0.0 => Input::Down(Pointer { time: self.clock, ..p }, t),
                Input::Up(p) if p.time == 0.0 => Input::Up(Pointer { time: self.clock, ..p }),
                other => other,
            };
            let board = Board { doc: &self.doc, layout: &self.layout, selection: &self.selection, viewport: &self.viewport };
            let effects = self.gestures.handle(input, board);
            for effect in effects.clone() {
                match effect {
                    Effect::Select(s) => self.selection = s,
                    Effect::View(v) => self.viewport = v,
                    Effect::DragPreview(p) => self.preview = p,
                    Effect::ConnectPreview(p) => self.connect = p,
                    Effect::BoxPreview(r) => self.rectangle = r,
                    Effect::Dispatch(command) => {
                        self.history.apply(&mut self.doc, *command).unwrap();
                        self.layout = layered_layout(&self.doc);
                    }
                    Effect::Connect { from, to } => self.connected.push((from, to)),
                    Effect::DoubleClick(target) => self.double_clicked.push(target),
                }
            }
            effects
        }

        fn centre(&self, id: &str) -> ScreenPoint {
            self.viewport.to_screen(self.layout.position(&id.into()).unwrap())
        }

        fn down(&mut self, at: ScreenPoint, target: Target, modifiers: Modifiers) -> Vec<Effect> {
            self.feed(Input::Down(pointer(1, at, modifiers), target))
        }

        fn move_to(&mut self, at: ScreenPoint) -> Vec<Effect> {
            self.feed(Input::Move(pointer(1, at, Modifiers::default())))
        }

        fn up(&mut self, at: ScreenPoint) -> Vec<Effect> {
            self.feed(Input::Up(pointer(1, at, Modifiers::default())))
        }
    }

    fn pointer(id: i32, at: ScreenPoint, modifiers: Modifiers) -> Pointer {
        Pointer { id, at, button: Button::Primary, modifiers, time: 0.0 }
    }

    fn node(id: &str) -> Target {
        Target::Node(id.into())
    }

    fn shift() -> Modifiers {
        Modifiers { shift: true, ..Modifiers::default() }
    }

    fn offset(p: ScreenPoint, dx: f64, dy: f64) -> ScreenPoint {
        ScreenPoint::new(p.x + dx, p.y + dy)
    }

    #[test]
    fn a_click_selects_one_box_and_the_background_clears() {
        let mut s = Session::new();
        let web = s.centre("web");
        s.down(web, node("web"), Modifiers::default());
        assert_eq!(s.gestures.phase(), Phase::Pointing);
        s.up(web);
        assert_eq!(s.gestures.phase(), Phase::Idle);
        assert_eq!(s.selection, Selection::component("web".into()));
        // A shaky click (under the threshold) is still a click.
        let lb = s.centre("lb");
        s.down(lb, node("lb"), Modifiers::default());
        s.move_to(offset(lb, 2.0, 1.0));
        s.up(offset(lb, 2.0, 1.0));
        assert_eq!(s.selection, Selection::component("lb".into()));
        assert!(!s.history.can_undo(), "a click is no edit");
        s.down(ScreenPoint::new(5.0, 5.0), Target::Background, Modifiers::default());
        s.up(ScreenPoint::new(5.0, 5.0));
        assert!(s.selection.is_empty());
    }

    #[test]
    fn shift_click_adds_and_removes() {
        let mut s = Session::new();
        for id in ["web", "postgres"] {
            let at = s.centre(id);
            s.down(at, node(id), shift());
            s.up(at);
        }
        assert_eq!(s.selection.component_count(), 2);
        let web = s.centre("web");
        s.down(web, node("web"), shift());
        s.up(web);
        assert_eq!(s.selection, Selection::component("postgres".into()));
        // Shift on the background keeps the selection.
        s.down(ScreenPoint::new(5.0, 5.0), Target::Background, shift());
        s.up(ScreenPoint::new(5.0, 5.0));
        assert_eq!(s.selection, Selection::component("postgres".into()));
    }

    #[test]
    fn a_drag_previews_every_frame_and_drops_as_one_undo_step() {
        let mut s = Session::new();
        let original = s.doc.clone();
        let web = s.centre("web");
        let before = s.layout.position(&"web".into()).unwrap();
        s.down(web, node("web"), Modifiers::default());
        for step in 1..=30 {
            s.move_to(offset(web, 3.0 * f64::from(step), 2.0 * f64::from(step)));
            assert_eq!(s.doc, original, "frames never touch the document");
        }
        assert_eq!(s.gestures.phase(), Phase::Dragging);
        let preview = s.preview.clone().unwrap();
        assert_eq!(preview.ids, vec![ComponentId::new("web")]);
        // Snapped: the corner is on the grid.
        let corner_x = before.x + preview.offset.x - crate::editor::view::layout::NODE_WIDTH / 2.0;
        assert_eq!(corner_x % crate::editor::canvas::placement::GRID, 0.0);
        s.up(offset(web, 90.0, 60.0));
        assert_eq!(s.preview, None);
        assert_eq!(s.history.undo_label(), Some("move 6 components"));
        let after = s.doc.component(&"web".into()).unwrap().position.unwrap();
        assert_eq!(after, Point { x: before.x + preview.offset.x, y: before.y + preview.offset.y });
        // The other boxes were pinned where they were drawn.
        assert_eq!(
            s.doc.component(&"lb".into()).unwrap().position,
            layered_layout(&original).position(&"lb".into())
        );
        s.history.undo(&mut s.doc);
        assert_eq!(s.doc, original, "one undo step takes the whole drag back");
    }

    #[test]
    fn dragging_a_selected_box_moves_the_whole_selection() {
        let mut s = Session::new();
        s.selection = Selection::components_of(["web".into(), "redis".into()]);
        let web = s.centre("web");
        let before: Vec<Point> = ["web", "redis"].iter().map(|id| s.layout.position(&(*id).into()).unwrap()).collect();
        s.down(web, node("web"), Modifiers::default());
        s.move_to(offset(web, 200.0, 100.0));
        s.up(offset(web, 200.0, 100.0));
        assert_eq!(s.selection.component_count(), 2, "a drag keeps the selection");
        let after: Vec<Point> = ["web", "redis"].iter().map(|id| s.layout.position(&(*id).into()).unwrap()).collect();
        let moved = |i: usize| (after[i].x - before[i].x, after[i].y - before[i].y);
        assert_eq!(moved(0), moved(1));
        assert_ne!(moved(0), (0.0, 0.0));
    }

    #[test]
    fn a_cancelled_drag_changes_nothing() {
        let mut s = Session::new();
        let web = s.centre("web");
        s.down(web, node("web"), Modifiers::default());
        s.move_to(offset(web, 100.0, 0.0));
        assert!(s.preview.is_some());
        s.feed(Input::Cancel);
        assert_eq!(s.preview, None);
        assert_eq!(s.gestures.phase(), Phase::Idle);
        s.up(offset(web, 100.0, 0.0));
        assert!(!s.history.can_undo());
    }

    #[test]
    fn dragging_from_a_handle_onto_a_box_connects() {
        let mut s = Session::new();
        let lb = s.centre("lb");
        s.down(lb, Target::Handle("lb".into()), Modifiers::default());
        assert_eq!(s.gestures.phase(), Phase::Connecting);
        let redis = s.centre("redis");
        s.move_to(redis);
        assert_eq!(s.connect.as_ref().and_then(|c| c.over.clone()), Some("redis".into()));
        s.up(redis);
        assert_eq!(s.connect, None);
        assert_eq!(s.connected, vec![(ComponentId::new("lb"), ComponentId::new("redis"))]);
        // Released over nothing: no connection.
        s.down(lb, Target::Handle("lb".into()), Modifiers::default());
        s.move_to(ScreenPoint::new(-5000.0, -5000.0));
        s.up(ScreenPoint::new(-5000.0, -5000.0));
        assert_eq!(s.connected.len(), 1);
    }

    #[test]
    fn a_rectangle_on_the_background_selects_what_it_encloses() {
        let mut s = Session::new();
        let lb = s.layout.position(&"lb".into()).unwrap();
        let web = s.layout.position(&"web".into()).unwrap();
        let area = Bounds::of_node(lb).union(&Bounds::of_node(web)).inflated(10.0);
        let from = s.viewport.to_screen(Point { x: area.x, y: area.y });
        let to = s.viewport.to_screen(Point { x: area.x + area.width, y: area.y + area.height });
        s.down(from, Target::Background, Modifiers::default());
        s.move_to(to);
        assert_eq!(s.gestures.phase(), Phase::BoxSelecting);
        assert!(s.rectangle.is_some());
        s.up(to);
        assert_eq!(s.rectangle, None);
        assert_eq!(s.selection, Selection::components_of(["lb".into(), "web".into()]));
        // Esc during a rectangle restores what was selected before.
        s.down(from, Target::Background, Modifiers::default());
        s.move_to(to);
        s.feed(Input::Cancel);
        assert!(s.selection.is_empty());
    }

    #[test]
    fn space_middle_button_and_hand_tool_pan() {
        let mut s = Session::new();
        s.feed(Input::Space(true));
        let web = s.centre("web");
        s.down(web, node("web"), Modifiers::default());
        assert_eq!(s.gestures.phase(), Phase::Panning);
        s.move_to(offset(web, 50.0, 20.0));
        s.up(offset(web, 50.0, 20.0));
        assert_eq!(s.viewport.origin, Point { x: -50.0, y: -20.0 });
        assert!(s.selection.is_empty(), "panning over a box does not select it");
        s.feed(Input::Space(false));

        let middle = Pointer { id: 2, at: ScreenPoint::new(0.0, 0.0), button: Button::Middle, modifiers: Modifiers::default(), time: 0.0 };
        s.feed(Input::Down(middle, Target::Background));
        s.feed(Input::Move(Pointer { at: ScreenPoint::new(10.0, 0.0), ..middle }));
        s.feed(Input::Up(middle));
        assert_eq!(s.viewport.origin, Point { x: -60.0, y: -20.0 });

        s.gestures.tool = Tool::Hand;
        s.down(ScreenPoint::new(0.0, 0.0), Target::Background, Modifiers::default());
        assert_eq!(s.gestures.phase(), Phase::Panning);
    }

    #[test]
    fn two_fingers_pinch_to_zoom() {
        let mut s = Session::new();
        let touch = |id, x| Pointer { id, at: ScreenPoint::new(x, 100.0), button: Button::Primary, modifiers: Modifiers::default(), time: 0.0 };
        s.feed(Input::Down(touch(1, 100.0), Target::Background));
        s.feed(Input::Down(touch(2, 200.0), Target::Background));
        assert_eq!(s.gestures.phase(), Phase::Pinching);
        s.feed(Input::Move(touch(2, 300.0)));
        assert!((s.viewport.zoom - 2.0).abs() < 1e-9);
        s.feed(Input::Up(touch(2, 300.0)));
        assert_eq!(s.gestures.phase(), Phase::Idle);
        s.feed(Input::Up(touch(1, 100.0)));
        assert_eq!(s.gestures.phase(), Phase::Idle);
    }

    #[test]
    fn clicking_an_arrow_selects_it() {
        let mut s = Session::new();
        s.down(ScreenPoint::new(1.0, 1.0), Target::Edge("web-redis".into()), Modifiers::default());
        s.up(ScreenPoint::new(1.0, 1.0));
        assert_eq!(s.selection, Selection::dependency("web-redis".into()));
        s.down(ScreenPoint::new(1.0, 1.0), Target::Edge("lb-web".into()), shift());
        s.move_to(ScreenPoint::new(100.0, 100.0));
        s.up(ScreenPoint::new(100.0, 100.0));
        assert_eq!(s.selection.len(), 2);
        assert!(!s.history.can_undo());
    }

    #[test]
    fn a_quick_second_click_on_a_box_is_a_double_click() {
        let mut s = Session::new();
        let web = s.centre("web");
        let at = |time| Pointer { time, ..pointer(1, web, Modifiers::default()) };
        s.feed(Input::Down(at(10.0), node("web")));
        s.feed(Input::Up(at(60.0)));
        s.feed(Input::Down(at(200.0), node("web")));
        s.feed(Input::Up(at(250.0)));
        assert_eq!(s.double_clicked, vec![node("web")]);
        // Slow clicks are two clicks.
        s.feed(Input::Down(at(2000.0), node("web")));
        s.feed(Input::Up(at(2050.0)));
        s.feed(Input::Down(at(4000.0), node("web")));
        s.feed(Input::Up(at(4050.0)));
        assert_eq!(s.double_clicked.len(), 1);
        // Two quick shift-clicks toggle the box in and out of the
        // selection; they do not rename it.
        let shifted = |time| Pointer { time, ..pointer(1, web, Modifiers { shift: true, ..Modifiers::default() }) };
        let before = s.selection.clone();
        s.feed(Input::Down(shifted(6000.0), node("web")));
        s.feed(Input::Up(shifted(6050.0)));
        s.feed(Input::Down(shifted(6200.0), node("web")));
        s.feed(Input::Up(shifted(6250.0)));
        assert_eq!(s.double_clicked.len(), 1);
        assert_eq!(s.selection, before);
    }

    #[test]
    fn a_drop_where_it_started_is_no_edit() {
        let mut s = Session::new();
        let web = s.centre("web");
        s.down(web, node("web"), Modifiers::default());
        s.move_to(offset(web, 30.0, 0.0));
        s.move_to(web);
        s.up(web);
        assert!(!s.history.can_undo());
    }
}

//! The canvas: the architecture as an SVG drawing inside a pannable,
//! zoomable viewport, and the pointer gestures on it. Pointer events are
//! turned into `editor::canvas::gesture` inputs (with what was under the pointer)
//! and the machine decides; the canvas only measures itself, feeds events
//! and draws the session's previews.
//!
//! Arrows are drawn under the boxes. Each box and arrow is its own
//! component reading its part of the scene by id, so moving the growth dial
//! or dragging a box updates only what changed.
//!
//! The `<defs>` here (arrowhead, hatching) are shared with the legend's
//! swatches, which reference them by id.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::edge_view::EdgeView;
use super::node_view::NodeView;
use super::rename_field::RenameField;
use super::session::Session;
use crate::editor::canvas::gesture::{Button, Input, Modifiers, Phase, Pointer, Target, Tool};
use crate::editor::canvas::culling::Detail;
use crate::editor::view::layout::{NODE_HEIGHT, NODE_WIDTH};
use crate::editor::canvas::placement::{add_component, GRID};
use crate::editor::canvas::selection::Selection;
use crate::editor::canvas::viewport::{wheel_factor, ScreenPoint, Size, Viewport};
use crate::model::{ComponentKind, Point};

/// Id of the arrowhead marker every dependency line ends with.
pub const ARROWHEAD_ID: &str = "arrowhead";
/// Id of the hatching that fills saturated boxes.
pub const HATCH_ID: &str = "hatch-saturated";
/// Id of the dot grid behind the drawing.
const GRID_ID: &str = "canvas-grid";
/// The data type a palette item carries when dragged onto the canvas.
pub const KIND_DRAG_TYPE: &str = "application/x-headroom-kind";

/// Turns a browser pointer event into the machine's pointer.
fn pointer_of(ev: &web_sys::PointerEvent, origin: (f64, f64)) -> Pointer {
    Pointer {
        id: ev.pointer_id(),
        at: ScreenPoint::new(f64::from(ev.client_x()) - origin.0, f64::from(ev.client_y()) - origin.1),
        button: match ev.button() {
            1 => Button::Middle,
            2 => Button::Secondary,
            _ => Button::Primary,
        },
        modifiers: Modifiers { shift: ev.shift_key(), alt: ev.alt_key(), command: ev.ctrl_key() || ev.meta_key() },
        time: ev.time_stamp(),
    }
}

/// The canvas element's top-left corner on the screen and its size.
fn measure(svg: &web_sys::Element) -> ((f64, f64), Size) {
    let rect = svg.get_bounding_client_rect();
    ((rect.left(), rect.top()), Size::sane(rect.width(), rect.height()))
}

/// Handlers the boxes and arrows call when the pointer goes down on them.
#[derive(Clone, Copy)]
pub struct CanvasInput {
    svg: NodeRef<leptos::svg::Svg>,
    origin: StoredValue<(f64, f64)>,
    session: Session,
}

impl CanvasInput {
    /// A pointer went down on `target`: the canvas captures the pointer
    /// (so a drag that leaves it still ends) and feeds the machine.
    pub fn down(&self, ev: &web_sys::PointerEvent, target: Target) {
        let Some(svg) = self.svg.get_untracked() else {
            return;
        };
        let (origin, size) = measure(&svg);
        self.origin.set_value(origin);
        let viewport = self.session.viewport.get_untracked();
        if viewport.size != size {
            self.session.viewport.set(viewport.resized(size));
        }
        if ev.button() == 1 {
            // No autoscroll circle on a middle-button pan.
            ev.prevent_default();
        }
        let _ = svg.set_pointer_capture(ev.pointer_id());
        self.session.feed(Input::Down(pointer_of(ev, origin), target));
    }
}

/// The drawing of every component and dependency, with the viewport and
/// the pointer gestures.
#[component]
pub fn Canvas() -> impl IntoView {
    let session = expect_context::<Session>();
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();
    let input = CanvasInput { svg: svg_ref, origin: StoredValue::new((0.0, 0.0)), session };
    provide_context(input);
    let viewport = session.viewport;

    // Which boxes and arrows exist changes only with the document, never
    // during a drag.
    let document = session.design();
    let node_ids = Memo::new(move |_| document.with(|d| d.components.iter().map(|c| c.id.clone()).collect::<Vec<_>>()));
    let edge_ids = Memo::new(move |_| document.with(|d| d.dependencies.iter().map(|e| e.id.clone()).collect::<Vec<_>>()));

    // Measure the element when it appears, when the window or the panels
    // around it change size, and fit the drawing the first time.
    let fitted_once = StoredValue::new(false);
    let remeasure = move || {
        if let Some(svg) = svg_ref.get_untracked() {
            let (_, size) = measure(&svg);
            let first = !fitted_once.get_value();
            viewport.update(|v| *v = v.resized(size));
            if first && size.width > 1.0 {
                fitted_once.set_value(true);
                session.fit();
            }
        }
    };
    Effect::new(move |_| {
        session.remeasure.track();
        if svg_ref.get().is_some() {
            request_animation_frame(remeasure);
        }
    });
    let resize = window_event_listener(ev::resize, move |_| remeasure());
    on_cleanup(move || resize.remove());

    let on_pointerdown = move |ev: web_sys::PointerEvent| input.down(&ev, Target::Background);
    let on_pointermove = move |ev: web_sys::PointerEvent| {
        let pointer = pointer_of(&ev, input.origin.get_value());
        session.pointer.set_value(Some(viewport.with_untracked(|v| v.to_canvas(pointer.at))));
        if session.busy() {
            session.feed(Input::Move(pointer));
        }
    };
    let on_pointerup = move |ev: web_sys::PointerEvent| {
        session.feed(Input::Up(pointer_of(&ev, input.origin.get_value())));
    };
    let on_pointercancel = move |_: web_sys::PointerEvent| session.feed(Input::Cancel);
    let on_wheel = move |ev: web_sys::WheelEvent| {
        ev.prevent_default();
        let Some(svg) = svg_ref.get_untracked() else {
            return;
        };
        let ((left, top), size) = measure(&svg);
        let per_unit = match ev.delta_mode() {
            1 => 16.0,
            2 => size.height,
            _ => 1.0,
        };
        let (dx, dy) = (ev.delta_x() * per_unit, ev.delta_y() * per_unit);
        let at = ScreenPoint::new(f64::from(ev.client_x()) - left, f64::from(ev.client_y()) - top);
        viewport.update(|v| {
            let view = v.resized(size);
            *v = if ev.shift_key() {
                // Shift+wheel scrolls sideways (some mice report it as x).
                view.panned(-(if dx != 0.0 { dx } else { dy }), 0.0)
            } else {
                view.zoomed_at(at, wheel_factor(dy, ev.ctrl_key() || ev.meta_key()))
            };
        });
    };
    let on_dragover = move |ev: web_sys::DragEvent| {
        let carries_kind = ev
            .data_transfer()
            .is_some_and(|t| t.types().iter().any(|ty| ty.as_string().as_deref() == Some(KIND_DRAG_TYPE)));
        if carries_kind {
            ev.prevent_default();
            if let Some(transfer) = ev.data_transfer() {
                transfer.set_drop_effect("copy");
            }
        }
    };
    let on_drop = move |ev: web_sys::DragEvent| {
        let Some(kind) = ev
            .data_transfer()
            .and_then(|t| t.get_data(KIND_DRAG_TYPE).ok())
            .and_then(|slug| ComponentKind::from_slug(&slug))
        else {
            return;
        };
        ev.prevent_default();
        let Some(svg) = svg_ref.get_untracked() else {
            return;
        };
        let ((left, top), size) = measure(&svg);
        let view = viewport.get_untracked().resized(size);
        let at = view.to_canvas(ScreenPoint::new(f64::from(ev.client_x()) - left, f64::from(ev.client_y()) - top));
        add_at(session, kind, Some(at));
    };

    let frame_class = move || {
        let mut class = String::from("canvas-frame");
        match session.phase.get() {
            Phase::Dragging => class.push_str(" is-dragging"),
            Phase::Panning | Phase::Pinching => class.push_str(" is-panning"),
            Phase::Connecting => class.push_str(" is-connecting"),
            _ => {}
        }
        if session.tool.get() == Tool::Hand || session.space_held.get() {
            class.push_str(" can-pan");
        }
        class
    };
    // The dot grid fills exactly what is on screen.
    let background = move |read: fn(&crate::editor::view::layout::Bounds) -> f64| {
        move || viewport.with(|v| read(&v.visible().inflated(GRID * 2.0)).to_string())
    };
    let connect_path = move || {
        session.connecting.with(|c| {
            c.as_ref()
                .and_then(|c| {
                    let from = session.layout.with(|l| l.position(&c.from))?;
                    let start = Point { x: from.x + NODE_WIDTH / 2.0, y: from.y };
                    Some(format!("M{} {} L{} {}", start.x, start.y, c.to.x, c.to.y))
                })
                .unwrap_or_default()
        })
    };
    let rectangle = move |read: fn(&crate::editor::view::layout::Bounds) -> f64| {
        move || session.rectangle.with(|r| r.as_ref().map_or_else(|| "0".to_owned(), |b| read(b).to_string()))
    };

    view! {
        <div class=frame_class>
            <svg
                node_ref=svg_ref
                id="canvas"
                tabindex="-1"
                data-testid="canvas"
                class="canvas"
                role="group"
                aria-label="Architecture canvas: components and dependencies, drawn in the direction traffic flows"
                aria-describedby="canvas-help"
                viewBox=move || viewport.with(Viewport::view_box)
                data-detail=move || Detail::at(viewport.with(|v| v.zoom)).label()
                preserveAspectRatio="xMinYMin meet"
                on:pointerdown=on_pointerdown
                on:pointermove=on_pointermove
                on:pointerup=on_pointerup
                on:pointercancel=on_pointercancel
                on:wheel=on_wheel
                on:dragover=on_dragover
                on:drop=on_drop
                on:contextmenu=move |ev: web_sys::MouseEvent| ev.prevent_default()
            >
                <defs>
                    <marker
                        id=ARROWHEAD_ID
                        class="arrowhead"
                        viewBox="0 0 10 10"
                        refX="9"
                        refY="5"
                        markerWidth="5"
                        markerHeight="5"
                        orient="auto-start-reverse"
                    >
                        <path d="M0 0 L10 5 L0 10 Z"></path>
                    </marker>
                    <pattern
                        id=HATCH_ID
                        class="hatch"
                        width="16"
                        height="16"
                        patternUnits="userSpaceOnUse"
                        patternTransform="rotate(45)"
                    >
                        <rect class="hatch-line" width="5" height="16"></rect>
                    </pattern>
                    <pattern id=GRID_ID width=GRID height=GRID patternUnits="userSpaceOnUse">
                        <circle class="grid-dot" cx="1" cy="1" r="1.3"></circle>
                    </pattern>
                </defs>
                <rect
                    class="canvas-background"
                    x=background(|b| b.x)
                    y=background(|b| b.y)
                    width=background(|b| b.width)
                    height=background(|b| b.height)
                    fill=format!("url(#{GRID_ID})")
                ></rect>
                <g class="edges">
                    <For each=move || edge_ids.get() key=|id| id.clone() let:id>
                        <EdgeView id=id/>
                    </For>
                </g>
                <g class="nodes" role="listbox" aria-label="Components" aria-multiselectable="true">
                    <For each=move || node_ids.get() key=|id| id.clone() let:id>
                        <NodeView id=id/>
                    </For>
                </g>
                <g class="overlay" aria-hidden="true">
                    // Shows only during a gesture, to give it its cursor
                    // (see editor.css); presses on it reach the canvas.
                    <rect
                        class="gesture-cover"
                        x=background(|b| b.x)
                        y=background(|b| b.y)
                        width=background(|b| b.width)
                        height=background(|b| b.height)
                    ></rect>
                    <path class="connect-preview" d=connect_path marker-end=format!("url(#{ARROWHEAD_ID})")></path>
                    <rect
                        class="selection-rectangle"
                        class:is-active=move || session.rectangle.with(Option::is_some)
                        x=rectangle(|b| b.x)
                        y=rectangle(|b| b.y)
                        width=rectangle(|b| b.width)
                        height=rectangle(|b| b.height)
                    ></rect>
                </g>
                <RenameField/>
            </svg>
            <p id="canvas-help" class="visually-hidden">
                "Tab moves between boxes and selects them; arrow keys move the selection; Enter renames; Delete removes; press question mark for every shortcut."
            </p>
        </div>
    }
}

/// Adds a component of `kind` at `at` (a drop point) or in free space near
/// the middle of the screen, and selects it.
pub fn add_at(session: Session, kind: ComponentKind, at: Option<Point>) {
    let near = session.viewport.with_untracked(Viewport::centre);
    let (command, id) = session
        .document()
        .with_untracked(|d| session.layout.with_untracked(|l| add_component(d, l, kind, at, near)));
    if session.run(command, Some(format!("Added a {}; set its capacity in the inspector.", kind.label().to_lowercase()))) {
        session.select(Selection::component(id.clone()));
        // Make sure it is on screen.
        if let Some(centre) = session.layout.with_untracked(|l| l.position(&id)) {
            let bounds = crate::editor::view::layout::Bounds {
                x: centre.x - NODE_WIDTH / 2.0,
                y: centre.y - NODE_HEIGHT / 2.0,
                width: NODE_WIDTH,
                height: NODE_HEIGHT,
            };
            session.reveal(bounds);
        }
    }
}

/// Whether a keyboard or clipboard event is the editor's: aimed at the
/// page as a whole (nothing focused) or at the editor itself, and not at
/// a dialog or another panel, whose keys are their own.
pub fn is_for_editor(target: Option<web_sys::EventTarget>) -> bool {
    let Some(element) = target.and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
        return true;
    };
    if element.closest("dialog[open]").ok().flatten().is_some() {
        return false;
    }
    let tag = element.tag_name().to_ascii_lowercase();
    tag == "body" || tag == "html" || element.closest(".workspace").ok().flatten().is_some()
}

/// The element a keyboard or clipboard event is aimed at is a text field
/// (or a select): keys type there rather than edit the drawing.
pub fn is_editable(target: Option<web_sys::EventTarget>) -> bool {
    let Some(element) = target.and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
        return false;
    };
    let tag = element.tag_name().to_ascii_lowercase();
    if tag == "textarea" || tag == "select" {
        return true;
    }
    // Every input, the growth slider and checkboxes included: their keys
    // (arrows, Space) are theirs.
    if tag == "input" {
        return true;
    }
    element.closest("[contenteditable='true']").ok().flatten().is_some()
}

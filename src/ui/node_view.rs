//! One component on the canvas: a rounded box with its kind's icon, name,
//! kind and utilisation, and a status strip along the bottom in its band's
//! colour with the band's glyph and word. The band also reads without
//! colour: the word, the glyph, the border style and, when saturated,
//! hatching. The bottleneck gets a heavy frame and a tab saying when it
//! saturates. The strip's right end says the latency the legend's switch
//! chose (mean, p95 or p99), except where the band needs its note ("over
//! the day"): the two would not fit side by side, and the note says how
//! to read the colour; the latency is still in the box's description.
//!
//! The box is focusable (Tab) and selectable; a press on it starts the
//! gesture machine's select-or-drag, a press on its handle (the dot on its
//! right side) starts a connection.

use leptos::prelude::*;

use super::canvas::{CanvasInput, HATCH_ID};
use super::decision_marker::DecisionMarker;
use super::suspicion_marker::SuspicionMarker;
use super::session::Session;
use super::live_room::LiveRoom;
use super::status_icon::StatusIcon;
use crate::editor::canvas::culling::Detail;
use crate::editor::canvas::gesture::{Phase, Target};
use crate::editor::view::layout::{NODE_HEIGHT, NODE_WIDTH};
use crate::editor::view::scene::{tab_is_long, LONG_TAB_EXTRA};
use super::scene_cells::NodeFace;
use crate::editor::canvas::selection::Selection;
use crate::editor::view::shapes::{icon, ICON_SIZE};
use crate::engine::Status;
use crate::model::{ComponentId, ComponentKind};

/// Corner radius of a box.
const CORNER: f64 = 14.0;
/// Height of the status strip along the bottom of a box.
const STRIP_HEIGHT: f64 = 36.0;
/// How far the bottleneck frame stands off the box.
const FRAME_OFFSET: f64 = 7.0;
/// Height of the bottleneck tab above the box.
const TAB_HEIGHT: f64 = 30.0;
/// Left padding of the texts.
const INSET: f64 = 16.0;
/// Radius of the connection handle.
const HANDLE_RADIUS: f64 = 12.0;

/// The box of one component.
#[component]
pub fn NodeView(
    /// The component this box draws.
    id: ComponentId,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let input = expect_context::<CanvasInput>();
    let id_text = id.to_string();
    let cells = session.cells;
    let face = cells.node_face(&id);
    let status_cell = cells.node_status(&id);
    let status_note = cells.node_status_note(&id);
    let utilisation = cells.node_utilisation(&id);
    let latency = cells.node_latency(&id);
    let tab = cells.node_tab(&id);
    let description = cells.node_description(&id);
    let origin = cells.node_origin(&id);
    let on_screen = cells.node_on_screen(&id);
    // What is built is what can be seen. Off screen a box is its group,
    // its title (the name a screen reader lists) and its shape; on screen
    // at the outline zoom (a whole large model fitted to the screen) it
    // is its shape, band and glyph; closer, its texts, icon, markers and
    // handle too. A reopened 1,000-component model zoomed in on a corner
    // builds 14 elements a box fewer, and nothing hidden follows the dial.
    let visible = Memo::new(move |_| on_screen.get() != Some(false));
    let detailed = Memo::new(move |_| visible.get() && session.detail.get() != Detail::Outline);
    // Reads one part of the box's face; empty while it is being removed.
    let face_text = move |read: fn(&NodeFace) -> String| move || face.with(|f| f.as_ref().map(read).unwrap_or_default());
    // A box off screen keeps the band it showed: a dial step that moves
    // seventy boxes of a large model into another band then restyles
    // only the few in view, and a box scrolled into view takes its band.
    let status: Signal<Status> = Memo::new(move |shown: Option<&Status>| match (on_screen.get(), shown) {
        (Some(false), Some(shown)) => *shown,
        _ => status_cell.get().unwrap_or(Status::Idle),
    })
    .into();
    let is_bottleneck = move || tab.with(|t| matches!(t, Some(Some(_))));
    let long_tab = move || tab.with(|t| t.as_ref().and_then(|t| t.as_deref()).is_some_and(tab_is_long));
    let has_long_name = move || face.with(|f| f.as_ref().is_some_and(|f| f.long_name));
    let transform = move || origin.with(|o| o.map(|o| format!("translate({} {})", o.x, o.y)).unwrap_or_default());
    let kind = move || face.with(|f| f.as_ref().map_or(ComponentKind::Service, |f| f.component_kind));
    let selected = {
        let id = id.clone();
        Memo::new(move |_| session.selection.with(|s| s.has_component(&id)))
    };
    // Someone else in the live room has this box selected: their colour
    // around it and their name under it.
    let peer = {
        let id = id.to_string();
        let live = use_context::<LiveRoom>();
        Memo::new(move |_| {
            live.and_then(|live| {
                live.peers.with(|peers| {
                    peers.iter().find(|p| p.presence.selected.contains(&id)).map(|p| (p.colour, p.presence.name.clone()))
                })
            })
        })
    };
    let connect_role = {
        let id = id.clone();
        Memo::new(move |_| {
            session.connect_ends.with(|c| match c {
                Some((from, _)) if from == &id => "source",
                Some((_, Some(over))) if over == &id => "target",
                _ => "",
            })
        })
    };

    let (w, h) = (NODE_WIDTH, NODE_HEIGHT);
    let strip_top = h - STRIP_HEIGHT;
    // The strip follows the box's rounded bottom corners.
    let strip = format!(
        "M0 {strip_top} H{w} V{} A{CORNER} {CORNER} 0 0 1 {} {h} H{CORNER} A{CORNER} {CORNER} 0 0 1 0 {} Z",
        h - CORNER,
        w - CORNER,
        h - CORNER
    );
    let hatch = format!("url(#{HATCH_ID})");

    let on_pointerdown = {
        let id = id.clone();
        move |ev: web_sys::PointerEvent| {
            ev.stop_propagation();
            input.down(&ev, Target::Node(id.clone()));
        }
    };
    let handle_id = StoredValue::new(id.clone());
    let on_handle_down = move |ev: web_sys::PointerEvent| {
        ev.stop_propagation();
        input.down(&ev, Target::Handle(handle_id.get_value()));
    };
    // Tab onto a box selects it; a click focuses it too, but the click's
    // own rules (Shift adds) decide the selection then.
    let on_focus = {
        let id = id.clone();
        move |_: web_sys::FocusEvent| {
            let by_pointer = session.phase.get_untracked() != Phase::Idle;
            if !by_pointer && !session.selection.with_untracked(|s| s.has_component(&id)) {
                session.select(Selection::component(id.clone()));
            }
        }
    };

    view! {
        <g
            class="node"
            class:node-bottleneck=is_bottleneck
            class:node-long-name=has_long_name
            class:is-selected=move || selected.get()
            class:offscreen=move || on_screen.get() == Some(false)
            data-connect=move || connect_role.get()
            data-peer=move || peer.with(|p| p.as_ref().map(|(colour, _)| colour.to_string()))
            data-component-id=id_text
            data-status=move || status.get().label()
            transform=transform
            role="option"
            tabindex="0"
            aria-selected=move || selected.get().to_string()
            on:pointerdown=on_pointerdown
            on:focus=on_focus
        >
            <title>{move || description.get().unwrap_or_default()}</title>
            <Show when=move || visible.get()>
            <rect
                class="node-selection"
                x="-12"
                y="-12"
                width=w + 24.0
                height=h + 24.0
                rx=CORNER + 12.0
            ></rect>
            <Show when=move || peer.with(Option::is_some)>
                <rect
                    class="node-peer"
                    x="-18"
                    y="-18"
                    width=w + 36.0
                    height=h + 36.0
                    rx=CORNER + 18.0
                ></rect>
                <text class="node-peer-name" x=w / 2.0 y=h + 40.0 text-anchor="middle">
                    {move || peer.with(|p| p.as_ref().map(|(_, name)| name.clone()).unwrap_or_default())}
                </text>
            </Show>
            <rect
                class="node-frame"
                x=-FRAME_OFFSET
                y=-FRAME_OFFSET
                width=w + 2.0 * FRAME_OFFSET
                height=h + 2.0 * FRAME_OFFSET
                rx=CORNER + FRAME_OFFSET
            ></rect>
            <g class="node-tab" class:node-tab-long=long_tab>
                <rect
                    class="node-tab-box"
                    x=-FRAME_OFFSET
                    y=-FRAME_OFFSET - TAB_HEIGHT
                    width=move || w + 2.0 * FRAME_OFFSET + if long_tab() { LONG_TAB_EXTRA } else { 0.0 }
                    height=TAB_HEIGHT + 6.0
                    rx="8"
                ></rect>
                <text
                    class="node-tab-text"
                    x=INSET - FRAME_OFFSET
                    y=-FRAME_OFFSET - TAB_HEIGHT / 2.0
                    dominant-baseline="central"
                >
                    {move || tab.get().flatten().unwrap_or_default()}
                </text>
            </g>
            <Show when=move || detailed.get()>
                <rect class="node-shadow" x="1" y="3" width=w height=h rx=CORNER></rect>
            </Show>
            </Show>
            <rect class="node-box" width=w height=h rx=CORNER></rect>
            <Show when=move || visible.get()>
            <rect class="node-hatch" width=w height=strip_top rx=CORNER fill=hatch.clone()></rect>
            <path class="node-strip" d=strip.clone()></path>
            <rect class="node-border" width=w height=h rx=CORNER></rect>
            <g class="node-strip-content">
                <g transform=format!("translate({} {})", INSET - 4.0, strip_top + 6.0)>
                    <StatusIcon status=status/>
                </g>
            </g>
            <Show when=move || detailed.get()>
                <path
                    class="node-icon"
                    d=move || icon(kind())
                    transform=format!("translate({} {})", w - ICON_SIZE - 12.0, strip_top - ICON_SIZE - 10.0)
                ></path>
                <text class="node-name" x=INSET y="36">{face_text(|f| f.name.clone())}</text>
                <text class="node-kind" x=INSET y="61">{face_text(|f| f.kind.clone())}</text>
                // The figure changes at every step of the dial.
                <text class="node-utilisation" x=INSET y=strip_top - 14.0>
                    {move || utilisation.get().unwrap_or_default()}
                </text>
                <g class="node-strip-content">
                    <text
                        class="node-status"
                        x=INSET + 28.0
                        y=strip_top + STRIP_HEIGHT / 2.0
                        dominant-baseline="central"
                    >
                        {move || status.get().label()}
                    </text>
                    // "over the day": the band the legend lists for a queue's
                    // consumer past 100% at the peak.
                    <text
                        class="node-status-note"
                        x=w - 12.0
                        y=strip_top + STRIP_HEIGHT / 2.0
                        text-anchor="end"
                        dominant-baseline="central"
                    >
                        {move || status_note.get().flatten().map(|note| format!("· {note}")).unwrap_or_default()}
                    </text>
                    <text
                        class="node-latency"
                        x=w - 12.0
                        y=strip_top + STRIP_HEIGHT / 2.0
                        text-anchor="end"
                        dominant-baseline="central"
                    >
                        {move || {
                            // Drawn at full detail only (style/canvas.css).
                            let shown = session.detail.get() == Detail::Full && status_note.with(|n| n.flatten().is_none());
                            if shown { latency.get().unwrap_or_default() } else { String::new() }
                        }}
                    </text>
                </g>
                <DecisionMarker id=handle_id.get_value()/>
                <SuspicionMarker id=handle_id.get_value() lifted=Signal::derive(is_bottleneck)/>
            </Show>
            <rect class="node-focus" x="-6" y="-6" width=w + 12.0 height=h + 12.0 rx=CORNER + 6.0></rect>
            </Show>
            <Show when=move || detailed.get()>
                <circle
                    class="node-handle"
                    data-handle-for=handle_id.get_value().to_string()
                    cx=w
                    cy=h / 2.0
                    r=HANDLE_RADIUS
                    on:pointerdown=on_handle_down
                >
                    <title>"Drag onto another box to connect"</title>
                </circle>
            </Show>
        </g>
    }
}

//! One dependency on the canvas: a line with an arrowhead from caller to
//! callee, solid when the caller waits and dashed when it goes through a
//! queue, labelled with the requests per second it carries now and whether
//! they are reads or writes. A wide invisible stroke along the line makes
//! it easy to click (select) on a projector's small pixels.

use leptos::prelude::*;

use super::canvas::{CanvasInput, ARROWHEAD_ID};
use super::session::Session;
use crate::editor::gesture::Target;
use crate::editor::scene::{CanvasScene, EdgeScene};
use crate::model::DependencyId;

/// The arrow of one dependency.
#[component]
pub fn EdgeView(
    /// The dependency this arrow draws.
    id: DependencyId,
    /// The canvas scene the arrow's geometry and texts come from.
    scene: Memo<CanvasScene>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let input = expect_context::<CanvasInput>();
    let id_text = id.to_string();
    let edge = {
        let id = id.clone();
        Memo::new(move |_| scene.with(|s| s.edge(&id).cloned()))
    };
    // Reads one field of the arrow; empty while it is being removed.
    let field = move |read: fn(&EdgeScene) -> String| {
        move || edge.with(|e| e.as_ref().map(read).unwrap_or_default())
    };
    let selected = {
        let id = id.clone();
        Memo::new(move |_| session.selection.with(|s| s.has_dependency(&id)))
    };
    let marker = format!("url(#{ARROWHEAD_ID})");
    let on_pointerdown = move |ev: web_sys::PointerEvent| {
        ev.stop_propagation();
        input.down(&ev, Target::Edge(id.clone()));
    };

    view! {
        <g
            class="edge"
            class:is-selected=move || selected.get()
            data-dependency-id=id_text
            data-mode=field(|e| e.mode.label().to_owned())
            data-kind=field(|e| e.kind.label().to_owned())
            role="img"
            aria-label=field(|e| e.description.clone())
            on:pointerdown=on_pointerdown
        >
            <title>{field(|e| e.description.clone())}</title>
            <path class="edge-hit" d=field(|e| e.path.clone())></path>
            <path class="edge-line" d=field(|e| e.path.clone()) marker-end=marker></path>
            <text
                class="edge-label"
                x=field(|e| e.label_at.x.to_string())
                y=field(|e| e.label_at.y.to_string())
                text-anchor="middle"
                dominant-baseline="central"
            >
                {field(|e| e.label.clone())}
            </text>
        </g>
    }
}

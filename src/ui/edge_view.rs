//! One dependency on the canvas: a line with an arrowhead from caller to
//! callee, solid when the caller waits and dashed when it goes through a
//! queue, labelled with the requests per second it carries now and whether
//! they are reads or writes. A wide invisible stroke along the line makes
//! it easy to click (select) on a projector's small pixels.

use leptos::prelude::*;

use super::canvas::{CanvasInput, ARROWHEAD_ID};
use super::session::Session;
use crate::editor::canvas::culling::Detail;
use crate::editor::canvas::gesture::Target;
use super::scene_cells::EdgeFace;
use crate::editor::view::scene::EdgeGeometry;
use crate::model::DependencyId;

/// The arrow of one dependency.
#[component]
pub fn EdgeView(
    /// The dependency this arrow draws.
    id: DependencyId,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let input = expect_context::<CanvasInput>();
    let id_text = id.to_string();
    let face = session.cells.edge_face(&id);
    let label = session.cells.edge_label(&id);
    let geometry = session.cells.edge_geometry(&id);
    let on_screen = session.cells.edge_on_screen(&id);
    let label_on_screen = session.cells.edge_label_on_screen(&id);
    // Reads one part of the arrow; empty while it is being removed.
    let field = move |read: fn(&EdgeFace) -> String| {
        move || face.with(|e| e.as_ref().map(read).unwrap_or_default())
    };
    let place = move |read: fn(&EdgeGeometry) -> String| {
        move || geometry.with(|e| e.as_ref().map(read).unwrap_or_default())
    };
    let marker = format!("url(#{ARROWHEAD_ID})");
    let title = field(|e| e.title.clone());
    let visible = Memo::new(move |_| on_screen.get() != Some(false));
    // Off screen an arrow is its group and title (what a screen reader
    // reads of it): no lines, no label, nothing that follows the
    // selection or the dial. A reopened 1,000-component model has some
    // 2,900 of its 3,000 arrows off screen.
    let hidden = {
        let id_text = id_text.clone();
        move || view! { <g class="edge offscreen" data-dependency-id=id_text.clone() role="group"><title>{title}</title></g> }
    };
    view! {
        <Show when=move || visible.get() fallback=hidden>
            {
                let id = id.clone();
                let selected = {
                    let id = id.clone();
                    Memo::new(move |_| session.selection.with(|s| s.has_dependency(&id)))
                };
                let on_pointerdown = move |ev: web_sys::PointerEvent| {
                    ev.stop_propagation();
                    input.down(&ev, Target::Edge(id.clone()));
                };
                view! {
                    <g
                        class="edge"
                        class:is-selected=move || selected.get()
                        data-dependency-id=id_text.clone()
                        data-mode=field(|e| e.mode.label().to_owned())
                        data-kind=field(|e| e.kind.label().to_owned())
                        role="group"
                        on:pointerdown=on_pointerdown
                    >
                        <title>{title}</title>
                        <path class="edge-hit" d=place(|e| e.path.clone())></path>
                        <path class="edge-line" d=place(|e| e.path.clone()) marker-end=marker.clone()></path>
                        // A label too small to read, or off screen, is not
                        // built, and so does not follow the dial, until it shows.
                        <Show when=move || session.detail.get() == Detail::Full && label_on_screen.get() != Some(false)>
                            <text
                                class="edge-label"
                                x=place(|e| e.label_at.x.to_string())
                                y=place(|e| e.label_at.y.to_string())
                                text-anchor="middle"
                                dominant-baseline="central"
                            >
                                {move || label.get().unwrap_or_default()}
                            </text>
                        </Show>
                    </g>
                }
            }
        </Show>
    }
}

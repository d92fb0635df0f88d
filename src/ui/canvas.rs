//! The canvas: the architecture as an SVG drawing, fitted to its layout.
//! Arrows are drawn under the boxes. Each box and arrow is its own
//! component reading its part of the scene by id, so moving the growth dial
//! updates texts and colours in place instead of rebuilding the drawing.
//!
//! The `<defs>` here (arrowhead, hatching) are shared with the legend's
//! swatches, which reference them by id.

use leptos::prelude::*;

use super::edge_view::EdgeView;
use super::node_view::NodeView;
use super::state::{DocumentContext, ReportContext};
use crate::editor::layout::layered_layout;
use crate::editor::scene::CanvasScene;

/// Id of the arrowhead marker every dependency line ends with.
pub const ARROWHEAD_ID: &str = "arrowhead";
/// Id of the hatching that fills saturated boxes.
pub const HATCH_ID: &str = "hatch-saturated";

/// The drawing of every component and dependency.
#[component]
pub fn Canvas() -> impl IntoView {
    let document = expect_context::<DocumentContext>().0;
    let report = expect_context::<ReportContext>().0;
    // The layout depends only on the graph; as a memo it is recomputed when
    // the document changes but does not ripple on when it comes out equal
    // (moving the growth dial).
    let layout = Memo::new(move |_| document.with(layered_layout));
    let scene = Memo::new(move |_| {
        document.with(|d| report.with(|r| layout.with(|l| CanvasScene::new(d, r, l))))
    });
    let node_ids =
        Memo::new(move |_| scene.with(|s| s.nodes.iter().map(|n| n.id.clone()).collect::<Vec<_>>()));
    let edge_ids =
        Memo::new(move |_| scene.with(|s| s.edges.iter().map(|e| e.id.clone()).collect::<Vec<_>>()));

    view! {
        <div class="canvas-frame">
            <svg
                data-testid="canvas"
                class="canvas"
                role="group"
                aria-label="Components and dependencies, drawn left to right in the direction traffic flows"
                viewBox=move || scene.with(CanvasScene::view_box)
                preserveAspectRatio="xMidYMid meet"
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
                </defs>
                <g class="edges">
                    <For each=move || edge_ids.get() key=|id| id.clone() let:id>
                        <EdgeView id=id scene=scene/>
                    </For>
                </g>
                <g class="nodes">
                    <For each=move || node_ids.get() key=|id| id.clone() let:id>
                        <NodeView id=id scene=scene/>
                    </For>
                </g>
            </svg>
        </div>
    }
}

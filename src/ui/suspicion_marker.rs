//! The mark on a box whose model looks wrong (`model::suspicion`): a small
//! tab on its top edge, "Check", whose tooltip is the sentence; the limits
//! panel lists the same sentences with their fixes. It only draws.

use leptos::prelude::*;

use super::state::SuspicionsContext;
use crate::editor::view::layout::NODE_WIDTH;
use crate::model::ComponentId;

const WIDTH: f64 = 84.0;
const HEIGHT: f64 = 26.0;
/// Above the bottleneck's tab when there is one (it spans the box's width).
const ABOVE_TAB: f64 = 44.0;

/// The mark of one component; nothing when its model looks right.
#[component]
pub fn SuspicionMarker(
    /// The component whose box carries the mark.
    id: ComponentId,
    /// Whether the box carries the bottleneck's tab.
    #[prop(into)]
    lifted: Signal<bool>,
) -> impl IntoView {
    let Some(suspicions) = use_context::<SuspicionsContext>() else {
        return ().into_any();
    };
    let id = id.to_string();
    let said = Memo::new(move |_| {
        suspicions.0.with(|lines| {
            let texts: Vec<&str> = lines.iter().filter(|l| l.id == id).map(|l| l.text.as_str()).collect();
            (!texts.is_empty()).then(|| texts.join("\n"))
        })
    });
    let transform = move || {
        let y = if lifted.get() { -HEIGHT / 2.0 - ABOVE_TAB } else { -HEIGHT / 2.0 };
        format!("translate({} {y})", NODE_WIDTH - WIDTH - 12.0)
    };
    (move || {
        said.get().map(|text| {
            view! {
                <g class="suspicion-marker" data-testid="suspicion-marker" transform=transform>
                    <title>{text}</title>
                    <rect class="suspicion-marker-box" width=WIDTH height=HEIGHT rx="13"></rect>
                    <text
                        class="suspicion-marker-text"
                        x=WIDTH / 2.0
                        y=HEIGHT / 2.0
                        text-anchor="middle"
                        dominant-baseline="central"
                    >
                        "? Check"
                    </text>
                </g>
            }
        })
    })
    .into_any()
}

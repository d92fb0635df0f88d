//! The decision marker on a component's box: a small tab on its lower
//! right edge saying how many records link the component, drawn in the
//! alarm style (and saying "drifted") when an accepted record's guardrail
//! broke. It only draws; the decisions panel lists the records.

use leptos::prelude::*;

use super::decisions_state::DecisionsContext;
use crate::editor::view::layout::{NODE_HEIGHT, NODE_WIDTH};
use crate::model::ComponentId;

const WIDTH: f64 = 92.0;
const HEIGHT: f64 = 24.0;

/// The marker of one component; nothing when no record links it.
#[component]
pub fn DecisionMarker(
    /// The component whose box carries the marker.
    id: ComponentId,
) -> impl IntoView {
    let Some(decisions) = use_context::<DecisionsContext>() else {
        return ().into_any();
    };
    let mark = Memo::new(move |_| decisions.marks.with(|marks| marks.iter().find(|m| m.component == id).cloned()));
    let transform = format!("translate({} {})", NODE_WIDTH - WIDTH - 12.0, NODE_HEIGHT - HEIGHT / 2.0);
    (move || {
        mark.get().map(|mark| {
            let noun = if mark.count == 1 { "decision" } else { "decisions" };
            let label = if mark.drifted { format!("⚠ {} drifted", mark.count) } else { format!("{} ADR", mark.count) };
            let title = if mark.drifted {
                format!("{} {noun} linked; an accepted one no longer holds (drifted)", mark.count)
            } else {
                format!("{} {noun} linked", mark.count)
            };
            view! {
                <g
                    class="decision-marker"
                    class:decision-marker-drifted=mark.drifted
                    data-testid="decision-marker"
                    data-drifted=mark.drifted.to_string()
                    transform=transform.clone()
                >
                    <title>{title}</title>
                    <rect class="decision-marker-box" width=WIDTH height=HEIGHT rx="12"></rect>
                    <text class="decision-marker-text" x=WIDTH / 2.0 y=HEIGHT / 2.0 text-anchor="middle" dominant-baseline="central">
                        {label}
                    </text>
                </g>
            }
        })
    })
    .into_any()
}

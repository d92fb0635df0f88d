//! A component kind's icon as a small standalone SVG (palette, inspector),
//! drawn from `editor::view::shapes` so it matches the boxes on the canvas.
//! Decorative: the kind's name beside it carries the meaning.

use leptos::prelude::*;

use crate::editor::view::shapes::icon;
use crate::model::ComponentKind;

/// The icon of `kind`.
#[component]
pub fn KindIcon(
    /// The kind whose icon to draw.
    kind: ComponentKind,
) -> impl IntoView {
    view! {
        <svg class="kind-icon" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
            <path d=icon(kind)></path>
        </svg>
    }
}

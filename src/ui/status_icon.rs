//! The status glyph: a distinct shape per utilisation band (circle with a
//! tick, warning triangle, diamond, stop octagon, hollow circle for idle),
//! so the band reads without colour. Drawn in a 24×24 box; the canvas
//! places it in a box's status strip, the legend and the table in a small
//! `<svg>` of their own. Always decorative: the status word beside it
//! carries the meaning for screen readers.

use leptos::prelude::*;

use crate::engine::Status;

/// The glyph of one band, as SVG shapes in a 24×24 box.
#[component]
pub fn StatusIcon(
    /// The band to show; the glyph changes with it.
    #[prop(into)]
    status: Signal<Status>,
) -> impl IntoView {
    view! {
        <g class="status-icon" data-status=move || status.get().label() aria-hidden="true">
            {move || glyph(status.get())}
        </g>
    }
}

fn glyph(status: Status) -> AnyView {
    match status {
        Status::Ok => view! {
            <circle class="icon-shape" cx="12" cy="12" r="11"></circle>
            <path class="icon-mark" d="M6.5 12.5 L10.5 16.5 L17.5 8"></path>
        }
        .into_any(),
        Status::Warm => view! {
            <path class="icon-shape" d="M12 1.5 L23 21.5 L1 21.5 Z"></path>
            <path class="icon-mark" d="M12 8.5 L12 14"></path>
            <circle class="icon-dot" cx="12" cy="18" r="1.7"></circle>
        }
        .into_any(),
        Status::Hot => view! {
            <path class="icon-shape" d="M12 0.5 L23.5 12 L12 23.5 L0.5 12 Z"></path>
            <path class="icon-mark" d="M12 6.5 L12 13"></path>
            <circle class="icon-dot" cx="12" cy="17" r="1.7"></circle>
        }
        .into_any(),
        Status::Saturated => view! {
            <path class="icon-shape" d="M7 1 L17 1 L23 7 L23 17 L17 23 L7 23 L1 17 L1 7 Z"></path>
            <path class="icon-mark" d="M8 8 L16 16 M16 8 L8 16"></path>
        }
        .into_any(),
        Status::Idle => view! {
            <circle class="icon-shape" cx="12" cy="12" r="10"></circle>
            <path class="icon-mark" d="M7 12 L17 12"></path>
        }
        .into_any(),
    }
}

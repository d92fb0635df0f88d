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
    // The same three paths for every band, only their outlines change: a
    // growth-dial step that moves thirty boxes into another band then sets
    // attributes instead of replacing elements.
    let part = move |read: fn(&Glyph) -> &'static str| move || read(&glyph(status.get()));
    view! {
        <g class="status-icon" data-status=move || status.get().label() aria-hidden="true">
            <path class="icon-shape" d=part(|g| g.shape)></path>
            <path class="icon-mark" d=part(|g| g.mark)></path>
            <path class="icon-dot" d=part(|g| g.dot)></path>
        </g>
    }
}

/// A band's glyph: its outline, the mark inside it and, for the warnings,
/// a dot (empty when the glyph has none).
struct Glyph {
    shape: &'static str,
    mark: &'static str,
    dot: &'static str,
}

fn glyph(status: Status) -> Glyph {
    match status {
        Status::Ok => Glyph {
            shape: "M1 12 A11 11 0 1 0 23 12 A11 11 0 1 0 1 12 Z",
            mark: "M6.5 12.5 L10.5 16.5 L17.5 8",
            dot: "",
        },
        Status::Warm => Glyph {
            shape: "M12 1.5 L23 21.5 L1 21.5 Z",
            mark: "M12 8.5 L12 14",
            dot: "M10.3 18 A1.7 1.7 0 1 0 13.7 18 A1.7 1.7 0 1 0 10.3 18 Z",
        },
        Status::Hot => Glyph {
            shape: "M12 0.5 L23.5 12 L12 23.5 L0.5 12 Z",
            mark: "M12 6.5 L12 13",
            dot: "M10.3 17 A1.7 1.7 0 1 0 13.7 17 A1.7 1.7 0 1 0 10.3 17 Z",
        },
        Status::Saturated => Glyph {
            shape: "M7 1 L17 1 L23 7 L23 17 L17 23 L7 23 L1 17 L1 7 Z",
            mark: "M8 8 L16 16 M16 8 L8 16",
            dot: "",
        },
        Status::Idle => Glyph {
            shape: "M2 12 A10 10 0 1 0 22 12 A10 10 0 1 0 2 12 Z",
            mark: "M7 12 L17 12",
            dot: "",
        },
    }
}


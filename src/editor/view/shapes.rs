//! A distinct icon per component kind, as SVG path data in a 32 × 32 box,
//! drawn as strokes: server racks for a service, a cylinder for a
//! database, a bolt for a cache, a globe for a CDN, a funnel for a
//! pooler, a lambda for a function, a cloud for an external API … The
//! canvas, the palette and the exported picture all draw these, so a kind
//! looks the same everywhere — and reads in greyscale.

use crate::engine::Status;
use crate::model::ComponentKind;

/// The icon's box: path data is in `0 0 ICON_SIZE ICON_SIZE`.
pub const ICON_SIZE: f64 = 32.0;

/// The icon of a kind.
pub fn icon(kind: ComponentKind) -> &'static str {
    match kind {
        // Two stacked servers with their status lights.
        ComponentKind::Service => "M5 6h22v9H5z M5 17h22v9H5z M9 10.5h3 M9 21.5h3",
        // A square with a tab on top and one on the side: a part of a whole.
        ComponentKind::Module => "M6 11h6a4 4 0 0 1 8 0h6v6a4 4 0 0 1 0 8v3H6z",
        // One line in, three out.
        ComponentKind::LoadBalancer => "M3 16h9 M12 16L27 6 M12 16h15 M12 16l15 10 M23 4l4 2-2 4 M24 13l3 3-3 3 M25 22l2 4-4 2",
        // An arched gate with a door.
        ComponentKind::ApiGateway => "M4 28V13a12 9 0 0 1 24 0v15 M4 28h24 M12 28v-9h8v9",
        // A globe: circle, equator and two meridians.
        ComponentKind::Cdn => "M16 4a12 12 0 1 0 0.01 0z M4 16h24 M16 4c-6 5-6 19 0 24 M16 4c6 5 6 19 0 24 M6 10h20 M6 22h20",
        // A lightning bolt: fast memory.
        ComponentKind::Cache => "M19 3L7 18h8l-3 11 13-16h-8z",
        // A cylinder.
        ComponentKind::Database => "M6 8c0-5 20-5 20 0v16c0 5-20 5-20 0z M6 8c0 5 20 5 20 0 M6 16c0 5 20 5 20 0",
        // A funnel: many connections in, few out.
        ComponentKind::ConnectionPooler => "M3 5h26l-10 11v9l-6 4V16z",
        // Messages waiting in line.
        ComponentKind::Queue => "M2 9h28v14H2z M9 9v14 M16 9v14 M23 9v14",
        // A gear.
        ComponentKind::WorkerPool => {
            "M16 11a5 5 0 1 0 0.01 0z M16 3v5 M16 24v5 M3 16h5 M24 16h5 M6.8 6.8l3.5 3.5 M21.7 21.7l3.5 3.5 M6.8 25.2l3.5-3.5 M21.7 10.3l3.5-3.5"
        }
        // A lambda.
        ComponentKind::Function => "M7 5h5l11 22h4 M16.5 14L8 27",
        // A cloud: someone else's service.
        ComponentKind::ExternalApi => "M9 25a6 6 0 0 1-0.5-12A8.5 8.5 0 0 1 24.5 11.5 6.8 6.8 0 0 1 24 25z",
    }
}

/// One shape of a status glyph (in a 24 × 24 box): the filled outline,
/// the stroked mark inside it, or a dot.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum GlyphPart {
    Shape(&'static str),
    Mark(&'static str),
    /// Centre x, centre y, radius.
    Dot(f64, f64, f64),
}

/// The glyph of a utilisation band, as the exported picture draws it (the
/// page's own status icon draws the same shapes): circle and tick, warning
/// triangle, diamond, octagon with a cross, hollow circle with a dash.
pub fn status_glyph(status: Status) -> &'static [GlyphPart] {
    use GlyphPart::{Dot, Mark, Shape};
    match status {
        Status::Ok => &[Shape("M12 1a11 11 0 1 0 0.01 0z"), Mark("M6.5 12.5 L10.5 16.5 L17.5 8")],
        Status::Warm => &[Shape("M12 1.5 L23 21.5 L1 21.5 Z"), Mark("M12 8.5 L12 14"), Dot(12.0, 18.0, 1.7)],
        Status::Hot => &[Shape("M12 0.5 L23.5 12 L12 23.5 L0.5 12 Z"), Mark("M12 6.5 L12 13"), Dot(12.0, 17.0, 1.7)],
        Status::Saturated => &[
            Shape("M7 1 L17 1 L23 7 L23 17 L17 23 L7 23 L1 17 L1 7 Z"),
            Mark("M8 8 L16 16 M16 8 L8 16"),
        ],
        Status::Idle => &[Shape("M12 2a10 10 0 1 0 0.01 0z"), Mark("M7 12 L17 12")],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_kind_has_its_own_icon() {
        let icons: BTreeSet<&str> = ComponentKind::ALL.iter().map(|&k| icon(k)).collect();
        assert_eq!(icons.len(), ComponentKind::ALL.len());
        for kind in ComponentKind::ALL {
            let path = icon(kind);
            assert!(path.starts_with('M'), "{kind:?}");
            // Only path commands and numbers: safe to put in an attribute.
            assert!(path.chars().all(|c| c.is_ascii_alphanumeric() || " .-".contains(c)), "{kind:?}");
        }
    }
}

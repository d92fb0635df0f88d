//! What the canvas needs to draw in full: boxes and arrows off screen are
//! culled (their texts are not laid out), and when zoomed far out the
//! texts no one could read are left out (level of detail). Both are what
//! keeps a 200-box drawing responsive: a growth-dial step changes hundreds
//! of figures, and only the visible, readable ones cost an update.

use crate::editor::view::layout::Bounds;
use crate::editor::view::scene::SceneGeometry;
use crate::editor::canvas::viewport::Viewport;
use crate::model::{ComponentId, DependencyId, Point};

/// Parts this close outside the screen (screen pixels) are drawn too.
/// Panning never shows a part appear late even without it (the culling
/// follows the viewport in the same update that moves the drawing); it
/// spares a slow pan from switching the same parts on and off. Kept
/// small because everything in it follows the growth dial: at 31% zoom a
/// 240-pixel margin doubled the texts a dial step changes.
pub const MARGIN: f64 = 64.0;
/// Below this zoom, arrow labels, kinds and status words are left out:
/// at 30% a 19-pixel label is under 6 pixels tall.
pub const LOW_DETAIL_BELOW: f64 = 0.3;
/// Below this zoom no text is drawn at all: the largest, the 36-pixel
/// utilisation figure, is under 6 pixels tall. The band colours, border
/// styles and glyphs still say how each box is doing.
pub const OUTLINE_BELOW: f64 = 1.0 / 6.0;

/// How much of each part the canvas draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    Full,
    /// Boxes with their names, utilisation and band colours; no arrow
    /// labels or small texts.
    Low,
    /// Boxes, arrows and band colours only.
    Outline,
}

impl Detail {
    pub fn at(zoom: f64) -> Detail {
        if zoom < OUTLINE_BELOW {
            Detail::Outline
        } else if zoom < LOW_DETAIL_BELOW {
            Detail::Low
        } else {
            Detail::Full
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Detail::Full => "full",
            Detail::Low => "low",
            Detail::Outline => "outline",
        }
    }
}

/// The canvas area worth drawing: what is on screen plus a margin.
pub fn drawn_area(viewport: &Viewport) -> Bounds {
    let zoom = if viewport.zoom.is_finite() { viewport.zoom.clamp(0.1, 1.0) } else { 1.0 };
    viewport.visible().inflated(MARGIN / zoom)
}

/// Whether each box, by its top-left corner, is in `area`.
pub fn nodes_in_area<'a>(
    geometry: &'a SceneGeometry,
    area: Bounds,
) -> impl Iterator<Item = (&'a ComponentId, bool)> + Clone + 'a {
    geometry.nodes.iter().map(move |(id, origin)| (id, area.intersects(&Bounds::of_node(centre_of(*origin)))))
}

/// Whether each arrow (with its label) crosses `area`.
pub fn edges_in_area<'a>(
    geometry: &'a SceneGeometry,
    area: Bounds,
) -> impl Iterator<Item = (&'a DependencyId, bool)> + Clone + 'a {
    geometry.edges.iter().map(move |e| (&e.id, area.intersects(&e.bounds)))
}

/// Whether each arrow's label is in `area`. A long arrow crossing the
/// screen is drawn; its label, far off at its middle, need not follow
/// the dial until it comes near.
pub fn edge_labels_in_area<'a>(
    geometry: &'a SceneGeometry,
    area: Bounds,
) -> impl Iterator<Item = (&'a DependencyId, bool)> + Clone + 'a {
    geometry.edges.iter().map(move |e| (&e.id, area.intersects(&e.label_bounds())))
}

fn centre_of(origin: Point) -> Point {
    use crate::editor::view::layout::{NODE_HEIGHT, NODE_WIDTH};
    Point { x: origin.x + NODE_WIDTH / 2.0, y: origin.y + NODE_HEIGHT / 2.0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editor::view::layout::layered_layout;
    use crate::editor::canvas::viewport::Size;
    use crate::model::mvp_that_creaks;

    #[test]
    fn only_what_is_near_the_screen_is_drawn_in_full() {
        let doc = mvp_that_creaks();
        let geometry = SceneGeometry::new(&doc, &layered_layout(&doc));
        let whole = Viewport::default().resized(Size::sane(1200.0, 700.0)).fitted(geometry.bounds);
        assert!(nodes_in_area(&geometry, drawn_area(&whole)).all(|(_, on)| on));
        assert!(edges_in_area(&geometry, drawn_area(&whole)).all(|(_, on)| on));
        // Zoomed in on the load balancer: the worker far to the right is
        // culled, the web app next to it is not.
        let lb = geometry.node(&"lb".into()).unwrap();
        let close = Viewport { origin: Point { x: lb.x - 20.0, y: lb.y - 20.0 }, zoom: 2.0, size: Size::sane(800.0, 500.0) };
        let area = drawn_area(&close);
        let on: Vec<&str> = nodes_in_area(&geometry, area).filter(|(_, on)| *on).map(|(id, _)| id.as_str()).collect();
        assert!(on.contains(&"lb") && on.contains(&"web"), "{on:?}");
        assert!(!on.contains(&"worker"), "{on:?}");
        let edges: Vec<&str> = edges_in_area(&geometry, area).filter(|(_, on)| *on).map(|(id, _)| id.as_str()).collect();
        assert!(edges.contains(&"lb-web") && !edges.contains(&"queue-worker"), "{edges:?}");
        let labels: Vec<&str> =
            edge_labels_in_area(&geometry, area).filter(|(_, on)| *on).map(|(id, _)| id.as_str()).collect();
        assert!(labels.iter().all(|id| edges.contains(id)), "{labels:?} {edges:?}");
    }

    #[test]
    fn a_long_arrow_crossing_the_screen_keeps_its_far_label_out() {
        let doc = mvp_that_creaks();
        let geometry = SceneGeometry::new(&doc, &layered_layout(&doc));
        let edge = geometry.edges.first().unwrap();
        let label = edge.label_bounds();
        // A screen-sized area on the arrow's path but well away from its label.
        let far = Bounds { x: label.x + label.width + 400.0, y: label.y - 2000.0, width: 10.0, height: 10.0 };
        let crossing = Bounds { x: edge.bounds.x, y: edge.bounds.y, width: 1.0, height: 1.0 };
        assert!(crossing.intersects(&edge.bounds));
        let shown = |area: Bounds| edge_labels_in_area(&geometry, area).find(|(id, _)| **id == edge.id).map(|(_, on)| on);
        assert_eq!(shown(far), Some(false));
        assert_eq!(shown(label), Some(true));
    }

    #[test]
    fn far_out_the_small_texts_go() {
        assert_eq!(Detail::at(1.0), Detail::Full);
        assert_eq!(Detail::at(0.3), Detail::Full);
        assert_eq!(Detail::at(0.2), Detail::Low);
        assert_eq!(Detail::at(0.2).label(), "low");
        // A 36-pixel figure at 15% would be 5.4 pixels tall.
        assert_eq!(Detail::at(0.17), Detail::Low);
        assert_eq!(Detail::at(0.15), Detail::Outline);
        assert_eq!(Detail::at(0.1).label(), "outline");
    }
}

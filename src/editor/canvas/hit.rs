//! Hit tests on the drawing: which box is under a point, which boxes a
//! selection rectangle encloses, which box lies next in a direction (for
//! keyboard navigation). Boxes are [`NODE_WIDTH`] × [`NODE_HEIGHT`] around
//! the centres the layout gives.

use crate::editor::view::layout::{Bounds, Layout, NODE_HEIGHT, NODE_WIDTH};
use crate::model::{ComponentId, Document, Point};

impl Bounds {
    /// The rectangle with these two opposite corners, in any order.
    pub fn from_corners(a: Point, b: Point) -> Bounds {
        Bounds { x: a.x.min(b.x), y: a.y.min(b.y), width: (a.x - b.x).abs(), height: (a.y - b.y).abs() }
    }

    /// The box of a component centred at `centre`.
    pub fn of_node(centre: Point) -> Bounds {
        Bounds {
            x: centre.x - NODE_WIDTH / 2.0,
            y: centre.y - NODE_HEIGHT / 2.0,
            width: NODE_WIDTH,
            height: NODE_HEIGHT,
        }
    }

    pub fn contains(&self, p: Point) -> bool {
        p.x >= self.x && p.x <= self.x + self.width && p.y >= self.y && p.y <= self.y + self.height
    }

    /// Whether `other` lies wholly inside.
    pub fn encloses(&self, other: &Bounds) -> bool {
        other.x >= self.x
            && other.y >= self.y
            && other.x + other.width <= self.x + self.width
            && other.y + other.height <= self.y + self.height
    }

    pub fn intersects(&self, other: &Bounds) -> bool {
        self.x < other.x + other.width
            && other.x < self.x + self.width
            && self.y < other.y + other.height
            && other.y < self.y + self.height
    }

    /// The rectangle grown by `margin` on every side.
    pub fn inflated(&self, margin: f64) -> Bounds {
        Bounds {
            x: self.x - margin,
            y: self.y - margin,
            width: self.width + 2.0 * margin,
            height: self.height + 2.0 * margin,
        }
    }

    /// The smallest rectangle holding both.
    pub fn union(&self, other: &Bounds) -> Bounds {
        let left = self.x.min(other.x);
        let top = self.y.min(other.y);
        let right = (self.x + self.width).max(other.x + other.width);
        let bottom = (self.y + self.height).max(other.y + other.height);
        Bounds { x: left, y: top, width: right - left, height: bottom - top }
    }
}

/// The topmost box under `p` (boxes later in the document are drawn on
/// top).
pub fn node_at(doc: &Document, layout: &Layout, p: Point) -> Option<ComponentId> {
    doc.components
        .iter()
        .rev()
        .find(|c| layout.position(&c.id).is_some_and(|centre| Bounds::of_node(centre).contains(p)))
        .map(|c| c.id.clone())
}

/// How a selection rectangle picks boxes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoxRule {
    /// Boxes wholly inside the rectangle (the default, as in draw.io and
    /// Excalidraw).
    Enclosed,
    /// Boxes the rectangle touches (with Alt held).
    Touched,
}

/// The boxes a selection rectangle picks, in document order.
pub fn nodes_in(doc: &Document, layout: &Layout, area: &Bounds, rule: BoxRule) -> Vec<ComponentId> {
    doc.components
        .iter()
        .filter(|c| {
            layout.position(&c.id).is_some_and(|centre| {
                let node = Bounds::of_node(centre);
                match rule {
                    BoxRule::Enclosed => area.encloses(&node),
                    BoxRule::Touched => area.intersects(&node),
                }
            })
        })
        .map(|c| c.id.clone())
        .collect()
}

/// A direction on the screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Left,
    Right,
    Up,
    Down,
}

impl Direction {
    /// The unit step in canvas coordinates (y grows downwards).
    pub fn step(self) -> (f64, f64) {
        match self {
            Direction::Left => (-1.0, 0.0),
            Direction::Right => (1.0, 0.0),
            Direction::Up => (0.0, -1.0),
            Direction::Down => (0.0, 1.0),
        }
    }
}

/// The box nearest to `from` in `direction`: among the boxes whose centre
/// lies within 60° of that direction, the closest, with sideways distance
/// counting double so that the box straight ahead wins over a nearer one
/// off to the side.
pub fn nearest_in_direction(
    doc: &Document,
    layout: &Layout,
    from: &ComponentId,
    direction: Direction,
) -> Option<ComponentId> {
    let origin = layout.position(from)?;
    let (dx, dy) = direction.step();
    doc.components
        .iter()
        .filter(|c| &c.id != from)
        .filter_map(|c| {
            let p = layout.position(&c.id)?;
            let (vx, vy) = (p.x - origin.x, p.y - origin.y);
            let ahead = vx * dx + vy * dy;
            let aside = (vx * dy - vy * dx).abs();
            // Within 60° either side of the direction.
            (ahead > 0.0 && aside <= ahead * 3f64.sqrt()).then(|| (ahead + 2.0 * aside, c.id.clone()))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, id)| id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editor::view::layout::layered_layout;
    use crate::model::mvp_that_creaks;

    #[test]
    fn the_box_under_a_point_is_found() {
        let doc = mvp_that_creaks();
        let layout = layered_layout(&doc);
        let web = layout.position(&"web".into()).unwrap();
        assert_eq!(node_at(&doc, &layout, web), Some("web".into()));
        let corner = Point { x: web.x + NODE_WIDTH / 2.0 - 1.0, y: web.y - NODE_HEIGHT / 2.0 + 1.0 };
        assert_eq!(node_at(&doc, &layout, corner), Some("web".into()));
        assert_eq!(node_at(&doc, &layout, Point { x: -1e6, y: -1e6 }), None);
    }

    #[test]
    fn a_rectangle_picks_enclosed_or_touched_boxes() {
        let doc = mvp_that_creaks();
        let layout = layered_layout(&doc);
        let lb = Bounds::of_node(layout.position(&"lb".into()).unwrap());
        let web = Bounds::of_node(layout.position(&"web".into()).unwrap());
        let both = lb.union(&web).inflated(1.0);
        assert_eq!(nodes_in(&doc, &layout, &both, BoxRule::Enclosed), vec![ComponentId::new("lb"), "web".into()]);
        // Half of the web box: enclosed misses it, touched takes it.
        let half = Bounds { width: web.width / 2.0, ..web };
        assert!(nodes_in(&doc, &layout, &half, BoxRule::Enclosed).is_empty());
        assert_eq!(nodes_in(&doc, &layout, &half, BoxRule::Touched), vec![ComponentId::new("web")]);
        assert_eq!(
            Bounds::from_corners(Point { x: 10.0, y: 5.0 }, Point { x: 0.0, y: 25.0 }),
            Bounds { x: 0.0, y: 5.0, width: 10.0, height: 20.0 }
        );
    }

    #[test]
    fn arrow_navigation_walks_the_columns() {
        let doc = mvp_that_creaks();
        let layout = layered_layout(&doc);
        let next = |from: &str, d| nearest_in_direction(&doc, &layout, &from.into(), d);
        assert_eq!(next("lb", Direction::Right), Some("web".into()));
        assert_eq!(next("lb", Direction::Left), None);
        assert_eq!(next("web", Direction::Left), Some("lb".into()));
        assert_eq!(next("ghost", Direction::Left), None);
    }
}

//! Where things go: the grid boxes snap to, a free spot for a new box, fresh
//! ids and names, and "freezing" the automatic layout.
//!
//! A document whose boxes have no positions is drawn by the automatic
//! layout. The first time a person places something (drags, adds, pastes),
//! every box still placed automatically is pinned where it is drawn, in the
//! same undo step — so nothing jumps when the graph changes afterwards.
//! "Auto-layout" hands every box back to the layout.

use std::collections::BTreeSet;

use crate::editor::view::layout::{Bounds, Layout, NODE_HEIGHT, NODE_WIDTH};
use crate::model::{Command, Component, ComponentId, ComponentKind, DependencyId, Document, Point};

/// Grid spacing, in canvas units. Box corners snap to it.
pub const GRID: f64 = 20.0;
/// One arrow-key nudge, and the larger one with Shift.
pub const NUDGE: f64 = GRID;
pub const NUDGE_LARGE: f64 = 5.0 * GRID;
/// Space kept clear around a new box.
const CLEARANCE: f64 = 40.0;

/// The nearest grid value.
pub fn snap(value: f64) -> f64 {
    (value / GRID).round() * GRID
}

/// The centre a box centred near `centre` takes so that its top-left
/// corner sits on the grid.
pub fn snap_centre(centre: Point) -> Point {
    let (hw, hh) = (NODE_WIDTH / 2.0, NODE_HEIGHT / 2.0);
    Point { x: snap(centre.x - hw) + hw, y: snap(centre.y - hh) + hh }
}

/// A component id not used yet: `base` itself, or `base-2`, `base-3`, …
/// (an existing numeric suffix is replaced, so copying `web-2` gives
/// `web-3`, not `web-2-2`). Characters ids may not hold are dropped.
pub fn fresh_component_id(taken: &BTreeSet<String>, base: &str) -> ComponentId {
    ComponentId::new(fresh(taken, base, "component"))
}

pub fn fresh_dependency_id(taken: &BTreeSet<String>, base: &str) -> DependencyId {
    DependencyId::new(fresh(taken, base, "dependency"))
}

fn fresh(taken: &BTreeSet<String>, base: &str, fallback: &str) -> String {
    let cleaned: String = base
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .take(56)
        .collect();
    let cleaned = if cleaned.is_empty() { fallback.to_owned() } else { cleaned };
    if !taken.contains(&cleaned) {
        return cleaned;
    }
    let stem = match cleaned.rsplit_once('-') {
        Some((stem, number)) if !stem.is_empty() && number.parse::<u32>().is_ok() => stem.to_owned(),
        _ => cleaned,
    };
    (2..)
        .map(|n| format!("{stem}-{n}"))
        .find(|candidate| !taken.contains(candidate))
        .unwrap_or(stem)
}

/// Ids of the document's components.
pub fn component_ids(doc: &Document) -> BTreeSet<String> {
    doc.components.iter().map(|c| c.id.to_string()).collect()
}

/// Ids of the document's dependencies.
pub fn dependency_ids(doc: &Document) -> BTreeSet<String> {
    doc.dependencies.iter().map(|d| d.id.to_string()).collect()
}

/// A display name not used yet: the kind's label, then "Service 2", …
pub fn fresh_name(doc: &Document, base: &str) -> String {
    let taken: BTreeSet<&str> = doc.components.iter().map(|c| c.name.as_str()).collect();
    if !taken.contains(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base} {n}"))
        .find(|candidate| !taken.contains(candidate.as_str()))
        .unwrap_or_else(|| base.to_owned())
}

/// The centre of a free spot for a new box as near `wanted` as possible:
/// the grid positions around it are tried in growing rings until one
/// keeps [`CLEARANCE`] from every box already drawn.
pub fn free_spot(layout: &Layout, wanted: Point) -> Point {
    let start = snap_centre(wanted);
    let occupied: Vec<Bounds> =
        layout.positions.values().map(|&c| Bounds::of_node(c).inflated(CLEARANCE / 2.0)).collect();
    let free = |centre: Point| {
        let candidate = Bounds::of_node(centre).inflated(CLEARANCE / 2.0);
        !occupied.iter().any(|o| o.intersects(&candidate))
    };
    let (step_x, step_y) = (NODE_WIDTH / 2.0 + GRID, NODE_HEIGHT / 2.0 + GRID / 2.0);
    for ring in 0..60i32 {
        // Candidates on the ring, nearest first.
        let mut candidates: Vec<Point> = Vec::new();
        for i in -ring..=ring {
            for j in -ring..=ring {
                if i.abs().max(j.abs()) != ring {
                    continue;
                }
                candidates.push(Point { x: start.x + f64::from(i) * step_x, y: start.y + f64::from(j) * step_y });
            }
        }
        candidates.sort_by(|a, b| {
            let d = |p: &Point| (p.x - start.x).hypot(p.y - start.y);
            d(a).total_cmp(&d(b))
        });
        if let Some(found) = candidates.into_iter().map(snap_centre).find(|&c| free(c)) {
            return found;
        }
    }
    start
}

/// Moves that pin every automatically placed box where the layout draws
/// it, leaving out `except` (boxes the caller positions itself).
pub fn freeze(doc: &Document, layout: &Layout, except: &BTreeSet<ComponentId>) -> Vec<(ComponentId, Option<Point>)> {
    doc.components
        .iter()
        .filter(|c| c.position.is_none() && !except.contains(&c.id))
        .filter_map(|c| layout.position(&c.id).map(|p| (c.id.clone(), Some(p))))
        .collect()
}

/// One undo step: pin the automatic layout (when any box is still placed
/// by it) and then do `edit`.
pub fn with_frozen_layout(doc: &Document, layout: &Layout, except: &BTreeSet<ComponentId>, edit: Command) -> Command {
    let pins = freeze(doc, layout, except);
    if pins.is_empty() {
        edit
    } else {
        Command::Batch(vec![edit, Command::Move(pins)])
    }
}

/// Moves `ids` by `offset` (snapping the first box's corner to the grid
/// when `snapping`, and moving the others by the same amount so the group
/// keeps its shape), pinning the rest of the automatic layout: one undo
/// step. `None` when nothing would move.
pub fn move_command(
    doc: &Document,
    layout: &Layout,
    ids: &[ComponentId],
    offset: Point,
) -> Option<Command> {
    if (offset.x == 0.0 && offset.y == 0.0) || !offset.x.is_finite() || !offset.y.is_finite() {
        return None;
    }
    let moves: Vec<(ComponentId, Option<Point>)> = ids
        .iter()
        .filter_map(|id| {
            let p = layout.position(id)?;
            Some((id.clone(), Some(Point { x: p.x + offset.x, y: p.y + offset.y })))
        })
        .collect();
    if moves.is_empty() {
        return None;
    }
    let except: BTreeSet<ComponentId> = ids.iter().cloned().collect();
    let pins = freeze(doc, layout, &except);
    Some(Command::Move(moves.into_iter().chain(pins).collect()))
}

/// The offset a drag by `delta` (canvas units) becomes: with snapping,
/// the dragged box's corner lands on the grid.
pub fn drag_offset(anchor_centre: Point, delta: Point, snapping: bool) -> Point {
    // Back within half a grid step of where it started: no move at all,
    // even for a box that was not on the grid.
    if !snapping || (delta.x.abs() < GRID / 2.0 && delta.y.abs() < GRID / 2.0) {
        return if snapping { Point { x: 0.0, y: 0.0 } } else { delta };
    }
    let moved = snap_centre(Point { x: anchor_centre.x + delta.x, y: anchor_centre.y + delta.y });
    Point { x: moved.x - anchor_centre.x, y: moved.y - anchor_centre.y }
}

/// A new component of `kind`, with its kind's defaults, a fresh id and
/// name, placed at `at` (a drop point) or in a free spot near `near`.
/// Returns the command (one undo step, pinning the automatic layout) and
/// the new id.
pub fn add_component(
    doc: &Document,
    layout: &Layout,
    kind: ComponentKind,
    at: Option<Point>,
    near: Point,
) -> (Command, ComponentId) {
    let id = fresh_component_id(&component_ids(doc), kind.slug().replace('_', "-").as_str());
    let name = fresh_name(doc, kind.label());
    let centre = match at {
        Some(p) if p.x.is_finite() && p.y.is_finite() => snap_centre(p),
        _ => free_spot(layout, near),
    };
    let component = Component { position: Some(centre), ..Component::with_defaults(id.clone(), name, kind) };
    let command = with_frozen_layout(doc, layout, &BTreeSet::new(), Command::add(component));
    (command, id)
}

/// Whether a box at `centre` would overlap another box.
pub fn overlaps(layout: &Layout, id: &ComponentId, centre: Point) -> bool {
    let bounds = Bounds::of_node(centre);
    layout.positions.iter().any(|(other, &c)| other != id && Bounds::of_node(c).intersects(&bounds))
}

/// All boxes' centres the layout draws, as a point to look up (used by
/// hit tests); re-exported for callers that only need the box of one id.
pub fn node_bounds(layout: &Layout, id: &ComponentId) -> Option<Bounds> {
    layout.position(id).map(Bounds::of_node)
}

/// The bounds of several boxes, if any is drawn.
pub fn bounds_of_nodes<'a>(layout: &Layout, ids: impl IntoIterator<Item = &'a ComponentId>) -> Option<Bounds> {
    ids.into_iter().filter_map(|id| node_bounds(layout, id)).reduce(|a, b| a.union(&b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editor::view::layout::layered_layout;
    use crate::model::{apply, mvp_that_creaks, History};

    #[test]
    fn corners_snap_to_the_grid() {
        assert_eq!(snap(29.0), 20.0);
        assert_eq!(snap(31.0), 40.0);
        let c = snap_centre(Point { x: 113.0, y: 80.0 });
        assert_eq!(((c.x - NODE_WIDTH / 2.0) % GRID, (c.y - NODE_HEIGHT / 2.0) % GRID), (0.0, 0.0));
        assert_eq!(drag_offset(Point { x: 110.0, y: 75.0 }, Point { x: 7.0, y: 13.0 }, true), Point { x: 0.0, y: 20.0 });
        assert_eq!(drag_offset(Point { x: 110.0, y: 75.0 }, Point { x: 7.0, y: 13.0 }, false), Point { x: 7.0, y: 13.0 });
    }

    #[test]
    fn fresh_ids_and_names_never_collide() {
        let taken: BTreeSet<String> = ["web", "web-2", "db"].iter().map(|s| s.to_string()).collect();
        assert_eq!(fresh_component_id(&taken, "web").as_str(), "web-3");
        assert_eq!(fresh_component_id(&taken, "web-2").as_str(), "web-3");
        assert_eq!(fresh_component_id(&taken, "cache").as_str(), "cache");
        assert_eq!(fresh_component_id(&taken, "<img>").as_str(), "img");
        assert_eq!(fresh_component_id(&taken, "!!").as_str(), "component");
        let doc = mvp_that_creaks();
        assert_eq!(fresh_name(&doc, "Postgres"), "Postgres 2");
        assert_eq!(fresh_name(&doc, "Function"), "Function");
    }

    #[test]
    fn a_new_box_goes_where_nothing_is() {
        let doc = mvp_that_creaks();
        let layout = layered_layout(&doc);
        let web = layout.position(&"web".into()).unwrap();
        let spot = free_spot(&layout, web);
        assert!(!overlaps(&layout, &"new".into(), spot));
        assert!(Bounds::of_node(spot).inflated(1.0).intersects(&Bounds::of_node(web).inflated(CLEARANCE + 20.0))
            || (spot.x - web.x).hypot(spot.y - web.y) < 600.0, "the spot is near where it was wanted");
    }

    #[test]
    fn adding_pins_the_automatic_layout_in_one_undo_step() {
        let mut doc = mvp_that_creaks();
        let original = doc.clone();
        let layout = layered_layout(&doc);
        let (command, id) = add_component(&doc, &layout, ComponentKind::Cache, None, Point { x: 0.0, y: 0.0 });
        assert_eq!(id.as_str(), "cache");
        let mut history = History::new();
        history.apply(&mut doc, command).unwrap();
        assert_eq!(doc.components.len(), 7);
        assert!(doc.components.iter().all(|c| c.position.is_some()));
        // Every old box stays exactly where it was drawn.
        let after = layered_layout(&doc);
        for c in &original.components {
            assert_eq!(after.position(&c.id), layout.position(&c.id));
        }
        assert_eq!(history.undo_label(), Some("add 1 component"));
        history.undo(&mut doc);
        assert_eq!(doc, original);
    }

    #[test]
    fn moving_a_group_is_one_command() {
        let mut doc = mvp_that_creaks();
        let layout = layered_layout(&doc);
        let ids = vec![ComponentId::new("web"), "redis".into()];
        let command = move_command(&doc, &layout, &ids, Point { x: 40.0, y: 20.0 }).unwrap();
        apply(&mut doc, command).unwrap();
        let after = layered_layout(&doc);
        for id in &ids {
            let (a, b) = (layout.position(id).unwrap(), after.position(id).unwrap());
            assert_eq!((b.x - a.x, b.y - a.y), (40.0, 20.0));
        }
        assert_eq!(after.position(&"lb".into()), layout.position(&"lb".into()));
        assert!(move_command(&doc, &after, &ids, Point { x: 0.0, y: 0.0 }).is_none());
    }
}

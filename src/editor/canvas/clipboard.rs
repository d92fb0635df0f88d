//! Copy and paste of components, within a document and between documents
//! (and browser tabs): the clipboard holds JSON of the copied components
//! and the dependencies among them, marked as Headroom's. Pasting gives
//! every component a fresh id (and its dependencies fresh ids and ends),
//! places the group where it is wanted, and is one undo step.
//!
//! Text that is not Headroom's (a URL, a paragraph, someone else's JSON)
//! is refused with a message, never half-pasted; so is damaged Headroom
//! data, naming the field.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::editor::view::layout::{Bounds, Layout};
use crate::editor::canvas::placement::{
    component_ids, dependency_ids, fresh_component_id, fresh_dependency_id, snap_centre, with_frozen_layout, GRID,
};
use crate::editor::canvas::selection::Selection;
use crate::model::{apply, Command, Component, ComponentId, Dependency, Document, Point};

/// The marker that says the text is Headroom's.
pub const CLIPBOARD_KIND: &str = "headroom/components";
/// The clipboard format's version.
pub const CLIPBOARD_VERSION: u32 = 1;
/// The most components one paste takes.
pub const MAX_PASTE: usize = 1_000;
/// How far a duplicate (Ctrl+D) lands from its original.
pub const DUPLICATE_OFFSET: f64 = 2.0 * GRID;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Clip {
    headroom: String,
    version: u32,
    components: Vec<Component>,
    #[serde(default)]
    dependencies: Vec<Dependency>,
}

/// Why a paste was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum PasteError {
    /// The text is not Headroom components.
    Foreign,
    /// Headroom's marker, but something is wrong with it.
    Damaged(String),
    /// Written by a newer Headroom.
    NewerVersion(u32),
    TooMany(usize),
    /// The pasted components break a rule of the model.
    Invalid(String),
}

impl fmt::Display for PasteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PasteError::Foreign => write!(
                f,
                "Nothing to paste: the clipboard holds no Headroom components (copy some with Ctrl+C first)."
            ),
            PasteError::Damaged(why) => write!(f, "The copied components could not be read: {why}."),
            PasteError::NewerVersion(v) => write!(
                f,
                "The components were copied from a newer Headroom (clipboard version {v}); reload this page to paste them."
            ),
            PasteError::TooMany(n) => write!(f, "Pasting {n} components at once is too many; paste at most {MAX_PASTE}."),
            PasteError::Invalid(why) => write!(f, "The copied components were not pasted: {why}."),
        }
    }
}

impl std::error::Error for PasteError {}

/// The clipboard text for the selected components and every dependency
/// between them, with the positions they are drawn at; `None` when no
/// component is selected.
pub fn copy(doc: &Document, layout: &Layout, selection: &Selection) -> Option<String> {
    let components: Vec<Component> = doc
        .components
        .iter()
        .filter(|c| selection.has_component(&c.id))
        .map(|c| Component { position: layout.position(&c.id).or(c.position), ..c.clone() })
        .collect();
    if components.is_empty() {
        return None;
    }
    let ids: BTreeSet<&ComponentId> = components.iter().map(|c| &c.id).collect();
    let dependencies = doc
        .dependencies
        .iter()
        .filter(|d| ids.contains(&d.from) && ids.contains(&d.to))
        .cloned()
        .collect();
    let clip = Clip {
        headroom: CLIPBOARD_KIND.to_owned(),
        version: CLIPBOARD_VERSION,
        components,
        dependencies,
    };
    serde_json::to_string_pretty(&clip).ok()
}

/// Where pasted components go.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Placement {
    /// The group's centre at this canvas point (a paste).
    CentredAt(Point),
    /// Moved by this much from where they were copied (a duplicate).
    Offset(Point),
}

/// A paste ready to dispatch.
#[derive(Clone, Debug, PartialEq)]
pub struct Pasted {
    /// One undo step.
    pub command: Command,
    /// The new components' ids, to select them.
    pub ids: Vec<ComponentId>,
}

/// Reads clipboard text and builds the edit that pastes it.
pub fn paste(doc: &Document, layout: &Layout, text: &str, placement: Placement) -> Result<Pasted, PasteError> {
    let clip = read(text)?;
    if clip.components.len() > MAX_PASTE {
        return Err(PasteError::TooMany(clip.components.len()));
    }
    if clip.components.is_empty() {
        return Err(PasteError::Foreign);
    }

    // Fresh ids, in the order the components come.
    let mut taken = component_ids(doc);
    let mut renamed: BTreeMap<ComponentId, ComponentId> = BTreeMap::new();
    for component in &clip.components {
        if renamed.contains_key(&component.id) {
            return Err(PasteError::Damaged(format!("component \"{}\" appears twice", component.id)));
        }
        let fresh = fresh_component_id(&taken, component.id.as_str());
        taken.insert(fresh.to_string());
        renamed.insert(component.id.clone(), fresh);
    }

    // Where the group goes: positions missing from foreign-made data are
    // filled in a row.
    let positions: Vec<Point> = clip
        .components
        .iter()
        .enumerate()
        .map(|(i, c)| {
            c.position
                .filter(|p| p.x.is_finite() && p.y.is_finite())
                .unwrap_or(Point { x: i as f64 * 260.0, y: 0.0 })
        })
        .collect();
    let group = positions
        .iter()
        .map(|&p| Bounds::of_node(p))
        .reduce(|a, b| a.union(&b))
        .unwrap_or(Bounds { x: 0.0, y: 0.0, width: 0.0, height: 0.0 });
    let mut shift = match placement {
        Placement::Offset(offset) => offset,
        Placement::CentredAt(target) => {
            let centre = Point { x: group.x + group.width / 2.0, y: group.y + group.height / 2.0 };
            let first = positions[0];
            let wanted = Point { x: first.x + target.x - centre.x, y: first.y + target.y - centre.y };
            let snapped = snap_centre(wanted);
            Point { x: snapped.x - first.x, y: snapped.y - first.y }
        }
    };
    // Never exactly on top of a box already there (pasting twice, or
    // duplicating a duplicate): step down and right until clear.
    let occupied: BTreeSet<(i64, i64)> =
        layout.positions.values().map(|p| (p.x.round() as i64, p.y.round() as i64)).collect();
    for _ in 0..100 {
        let first = Point { x: positions[0].x + shift.x, y: positions[0].y + shift.y };
        if !occupied.contains(&(first.x.round() as i64, first.y.round() as i64)) {
            break;
        }
        shift = Point { x: shift.x + DUPLICATE_OFFSET, y: shift.y + DUPLICATE_OFFSET };
    }

    let components: Vec<(usize, Component)> = clip
        .components
        .into_iter()
        .zip(&positions)
        .map(|(c, p)| {
            let id = renamed.get(&c.id).cloned().unwrap_or_else(|| c.id.clone());
            (usize::MAX, Component { id, position: Some(Point { x: p.x + shift.x, y: p.y + shift.y }), ..c })
        })
        .collect();
    let mut taken_dependencies = dependency_ids(doc);
    let dependencies: Vec<(usize, Dependency)> = clip
        .dependencies
        .into_iter()
        // A dependency whose ends were not copied has nothing to attach to.
        .filter_map(|d| {
            let from = renamed.get(&d.from)?.clone();
            let to = renamed.get(&d.to)?.clone();
            let id = fresh_dependency_id(&taken_dependencies, &format!("{from}-{to}"));
            taken_dependencies.insert(id.to_string());
            Some((usize::MAX, Dependency { id, from, to, ..d }))
        })
        .collect();
    let ids: Vec<ComponentId> = components.iter().map(|(_, c)| c.id.clone()).collect();
    let insert = Command::Insert { components, dependencies, entries: Vec::new() };
    let command = with_frozen_layout(doc, layout, &BTreeSet::new(), insert);

    // Checked on a copy, so a bad value is reported here and the
    // document is never touched.
    let mut draft = doc.clone();
    apply(&mut draft, command.clone()).map_err(|e| PasteError::Invalid(e.to_string()))?;
    Ok(Pasted { command, ids })
}

/// Copies and pastes the selection beside itself in one step.
pub fn duplicate(doc: &Document, layout: &Layout, selection: &Selection) -> Option<Result<Pasted, PasteError>> {
    let text = copy(doc, layout, selection)?;
    Some(paste(doc, layout, &text, Placement::Offset(Point { x: DUPLICATE_OFFSET, y: DUPLICATE_OFFSET })))
}

fn read(text: &str) -> Result<Clip, PasteError> {
    // A paste is a document's worth at most, like every other reader.
    if text.len() > crate::files::json::MAX_DOCUMENT_BYTES {
        return Err(PasteError::Damaged(format!(
            "it is {} KB, more than a document may be",
            text.len() / 1024
        )));
    }
    let value: serde_json::Value = serde_json::from_str(text.trim()).map_err(|_| PasteError::Foreign)?;
    let marked = value.get("headroom").and_then(|v| v.as_str()) == Some(CLIPBOARD_KIND);
    if !marked {
        return Err(PasteError::Foreign);
    }
    if let Some(version) = value.get("version").and_then(|v| v.as_u64()) {
        if version > u64::from(CLIPBOARD_VERSION) {
            return Err(PasteError::NewerVersion(u32::try_from(version).unwrap_or(u32::MAX)));
        }
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = crate::files::json::cut(&e.into_inner().to_string(), 240);
        PasteError::Damaged(if path == "." { inner } else { format!("{path}: {inner}") })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editor::view::layout::layered_layout;
    use crate::model::{mvp_that_creaks, History};

    fn check_paste(text: &str, expected: Result<usize, &str>) {
        let doc = mvp_that_creaks();
        let layout = layered_layout(&doc);
        let got = paste(&doc, &layout, text, Placement::CentredAt(Point { x: 0.0, y: 0.0 }))
            .map(|p| p.ids.len())
            .map_err(|e| e.to_string());
        match expected {
            Ok(n) => assert_eq!(got, Ok(n), "pasting {text:?}"),
            Err(fragment) => {
                let message = got.expect_err("refused");
                assert!(message.contains(fragment), "{message:?} should contain {fragment:?}");
            }
        }
    }

    #[test]
    fn copy_then_paste_remaps_ids_and_keeps_inner_dependencies() {
        let mut doc = mvp_that_creaks();
        let layout = layered_layout(&doc);
        let selection = Selection::components_of(["web".into(), "redis".into()]);
        let text = copy(&doc, &layout, &selection).unwrap();
        assert!(text.contains(CLIPBOARD_KIND));
        let pasted = paste(&doc, &layout, &text, Placement::CentredAt(Point { x: 2000.0, y: 2000.0 })).unwrap();
        assert_eq!(pasted.ids, vec![ComponentId::new("web-2"), "redis-2".into()]);
        let mut history = History::new();
        history.apply(&mut doc, pasted.command).unwrap();
        assert_eq!(doc.components.len(), 8);
        // Only web → redis is between two copied components.
        let new: Vec<&Dependency> = doc.dependencies.iter().filter(|d| d.from.as_str() == "web-2").collect();
        assert_eq!(new.len(), 1);
        assert_eq!(new[0].to.as_str(), "redis-2");
        assert_eq!(new[0].id.as_str(), "web-2-redis-2");
        // Entry points are the scenario's, not copied.
        assert_eq!(doc.scenario.entries.len(), 1);
        assert_eq!(history.undo_label(), Some("add 2 components"));
        history.undo(&mut doc);
        assert_eq!(doc, mvp_that_creaks());
    }

    #[test]
    fn pasting_into_another_document_works() {
        let source = mvp_that_creaks();
        let text = copy(&source, &layered_layout(&source), &Selection::component("postgres".into())).unwrap();
        let mut target = crate::model::templates::mvp_monolith();
        let layout = layered_layout(&target);
        let pasted = paste(&target, &layout, &text, Placement::CentredAt(Point { x: 0.0, y: 0.0 })).unwrap();
        // The monolith template has a "postgres" already.
        assert_eq!(pasted.ids, vec![ComponentId::new("postgres-2")]);
        apply(&mut target, pasted.command).unwrap();
        assert_eq!(target.validate(), Ok(()));
    }

    #[test]
    fn duplicates_land_beside_and_never_on_top() {
        let mut doc = mvp_that_creaks();
        let selection = Selection::component("web".into());
        let mut placed = Vec::new();
        for _ in 0..3 {
            let layout = layered_layout(&doc);
            let pasted = duplicate(&doc, &layout, &selection).unwrap().unwrap();
            apply(&mut doc, pasted.command).unwrap();
            let id = &pasted.ids[0];
            placed.push(doc.component(id).unwrap().position.unwrap());
        }
        let original = doc.component(&"web".into()).unwrap().position.unwrap();
        assert_eq!(placed[0], Point { x: original.x + DUPLICATE_OFFSET, y: original.y + DUPLICATE_OFFSET });
        assert_ne!(placed[0], placed[1]);
        assert_ne!(placed[1], placed[2]);
        assert!(duplicate(&doc, &layered_layout(&doc), &Selection::none()).is_none());
    }

    #[test]
    fn foreign_or_damaged_text_is_refused_with_a_message() {
        check_paste("https://example.org", Err("the clipboard holds no Headroom components"));
        check_paste("", Err("the clipboard holds no Headroom components"));
        check_paste("{\"components\": []}", Err("the clipboard holds no Headroom components"));
        check_paste("[1, 2, 3]", Err("the clipboard holds no Headroom components"));
        check_paste(
            r#"{"headroom": "headroom/components", "version": 1, "components": [{"id": "x"}]}"#,
            Err("could not be read: components[0]"),
        );
        check_paste(
            r#"{"headroom": "headroom/components", "version": 9, "components": []}"#,
            Err("newer Headroom"),
        );
        check_paste(r#"{"headroom": "headroom/components", "version": 1, "components": []}"#, Err("no Headroom components"));
        // A value the model refuses: the document is untouched.
        let doc = mvp_that_creaks();
        let layout = layered_layout(&doc);
        let mut text = copy(&doc, &layout, &Selection::component("web".into())).unwrap();
        text = text.replace("\"throughput_per_instance\": 150.0", "\"throughput_per_instance\": -1.0");
        let error = paste(&doc, &layout, &text, Placement::CentredAt(Point { x: 0.0, y: 0.0 })).unwrap_err();
        assert!(error.to_string().contains("throughput_per_instance: must be greater than 0"), "{error}");
    }

    #[test]
    fn markup_in_names_stays_text() {
        let doc = mvp_that_creaks();
        let layout = layered_layout(&doc);
        let text = copy(&doc, &layout, &Selection::component("web".into()))
            .unwrap()
            .replace("\"Web app\"", "\"<img src=x onerror=alert(1)>\"");
        let pasted = paste(&doc, &layout, &text, Placement::CentredAt(Point { x: 0.0, y: 0.0 })).unwrap();
        let mut after = doc.clone();
        apply(&mut after, pasted.command).unwrap();
        assert_eq!(after.component(&"web-2".into()).unwrap().name, "<img src=x onerror=alert(1)>");
    }
}

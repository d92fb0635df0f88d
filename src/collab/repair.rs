//! What two people's edits, each valid, can make invalid together, and
//! how the merged document is mended: in stated ways, the same in every
//! browser (the rules read only the merged state, in its order), each
//! told to the people in the room in words.
//!
//! - An item someone deleted while another changed it: the deletion
//!   stands.
//! - Two components, arrows, options given one id, or two decisions one
//!   number, at once: the first in the list keeps it, the other gets the
//!   next free one (done as the items are read, in `collab`, where each
//!   item's key is known, so the new id is written under that key).
//! - An arrow, entry point, growth override or migration naming a
//!   component someone deleted: removed. A module whose host went: it
//!   becomes a service of its own, keeping its figures.
//! - Two arrows that became the same call between one pair: the first
//!   stays.

use std::collections::HashSet;

use serde_json::{Map as JsonMap, Value};

use crate::model::{ComponentId, ComponentKind, DependencyId, Document, PositionCache};

/// One thing mended after a merge.
#[derive(Clone, Debug, PartialEq)]
pub enum Repair {
    /// Only some fields of a deleted item came back.
    EditOfDeleted { list: &'static str, fields: Vec<String> },
    /// An item that does not read (a field's value from another version).
    Unreadable { list: &'static str, why: String },
    /// The scenario's fields did not read together; this browser's stays.
    ScenarioKept { why: String },
    /// Two items were given one id (or number); the later was renamed.
    Renamed { list: &'static str, from: String, to: String },
    /// An arrow, entry, override or migration lost its component.
    Dangling { what: String, missing: ComponentId },
    /// A module's host was deleted: it stands alone now.
    Unhosted { module: ComponentId, host: ComponentId },
    /// Two arrows became one call.
    Duplicate { dependency: DependencyId },
    /// Instances set above a ceiling someone else lowered: the ceiling
    /// follows.
    CeilingRaised { component: ComponentId, to: u32 },
    /// A component whose merged fields break its own rules.
    Invalid { component: ComponentId, why: String },
}

impl std::fmt::Display for Repair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Repair::EditOfDeleted { list, fields } => write!(
                f,
                "someone changed {} of an item of {list} that someone else deleted at the same time: the deletion stands",
                fields.join(", ")
            ),
            Repair::Unreadable { list, why } => write!(f, "an item of {list} did not read and was left out: {why}"),
            Repair::ScenarioKept { why } => write!(f, "the scenario's merged fields did not read ({why}); this browser's scenario is kept"),
            Repair::Renamed { list, from, to } => {
                write!(f, "two people gave \"{from}\" to different {list} at once: the second is now \"{to}\"")
            }
            Repair::Dangling { what, missing } => {
                write!(f, "{what} named \"{missing}\", which someone deleted at the same time: it was removed")
            }
            Repair::Unhosted { module, host } => write!(
                f,
                "the module \"{module}\" was hosted by \"{host}\", which someone deleted at the same time: it is a service of its own now"
            ),
            Repair::CeilingRaised { component, to } => write!(
                f,
                "\"{component}\" was given more instances than the autoscaling ceiling someone else set at the same time: the ceiling is {to} now"
            ),
            Repair::Invalid { component, why } => {
                write!(f, "\"{component}\" was changed by two people at once into something it cannot be ({why}): it was removed")
            }
            Repair::Duplicate { dependency } => {
                write!(f, "the arrow \"{dependency}\" became the same call as another between the same pair: the first is kept")
            }
        }
    }
}

/// Reads each item on its own, so one that does not read is left out
/// instead of losing the document.
pub(super) fn read_items(mut root: JsonMap<String, Value>, repairs: &mut Vec<Repair>) -> Result<Document, String> {
    fn each<T: serde::de::DeserializeOwned>(root: &mut JsonMap<String, Value>, list: &'static str, repairs: &mut Vec<Repair>) -> Vec<T> {
        let Some(Value::Array(items)) = root.remove(list) else { return Vec::new() };
        items
            .into_iter()
            .filter_map(|item| match serde_json::from_value::<T>(item) {
                Ok(item) => Some(item),
                Err(why) => {
                    repairs.push(Repair::Unreadable { list, why: why.to_string() });
                    None
                }
            })
            .collect()
    }
    let components = each(&mut root, "components", repairs);
    let dependencies = each(&mut root, "dependencies", repairs);
    let decisions = each(&mut root, "decisions", repairs);
    let options = each(&mut root, "options", repairs);
    let migrations = each(&mut root, "migrations", repairs);
    let field = |name: &str| root.get(name).cloned().unwrap_or(Value::Null);
    Ok(Document {
        schema_version: serde_json::from_value(field("schema_version")).map_err(|e| format!("schema_version: {e}"))?,
        name: serde_json::from_value(field("name")).map_err(|e| format!("name: {e}"))?,
        components,
        dependencies,
        scenario: serde_json::from_value(field("scenario")).map_err(|e| format!("scenario: {e}"))?,
        decisions,
        options,
        migrations,
        positions: PositionCache::default(),
    })
}

/// `base` with the smallest suffix `-2`, `-3`… that `taken` lacks.
pub(super) fn free_name(base: &str, taken: &HashSet<String>) -> String {
    (2..).map(|n| format!("{base}-{n}")).find(|name| !taken.contains(name)).unwrap_or_else(|| base.to_owned())
}

/// Mends the merged document in place, in the order the rules are listed
/// at the top of this file.
pub(super) fn repair(doc: &mut Document, repairs: &mut Vec<Repair>) {
    // Each component's own rules.
    for component in &mut doc.components {
        if component.max_instances.is_some_and(|max| max < component.instances) {
            component.max_instances = Some(component.instances);
            repairs.push(Repair::CeilingRaised { component: component.id.clone(), to: component.instances });
        }
    }
    let invalid: Vec<(usize, String)> = doc
        .components
        .iter()
        .enumerate()
        .filter_map(|(i, c)| doc.validate_component(c).err().map(|e| (i, e.to_string())))
        .filter(|(_, why)| !why.contains("unknown component"))
        .collect();
    for (i, why) in invalid.into_iter().rev() {
        let component = doc.components.remove(i);
        repairs.push(Repair::Invalid { component: component.id, why });
    }
    let ids: HashSet<ComponentId> = doc.components.iter().map(|c| c.id.clone()).collect();

    // Modules whose host is gone stand alone.
    for component in &mut doc.components {
        if component.kind == ComponentKind::Module {
            if let Some(module) = &component.module {
                if !ids.contains(&module.host) {
                    repairs.push(Repair::Unhosted { module: component.id.clone(), host: module.host.clone() });
                    component.kind = ComponentKind::Service;
                    component.module = None;
                }
            }
        }
    }

    // Arrows: both ends there, one call per pair and kind.
    let mut calls = HashSet::new();
    doc.dependencies.retain_mut(|dependency| {
        for end in [&dependency.from, &dependency.to] {
            if !ids.contains(end) {
                repairs.push(Repair::Dangling { what: format!("the arrow \"{}\"", dependency.id), missing: end.clone() });
                return false;
            }
        }
        if !calls.insert((dependency.from.clone(), dependency.to.clone(), dependency.kind)) {
            repairs.push(Repair::Duplicate { dependency: dependency.id.clone() });
            return false;
        }
        true
    });

    // What names a component by id.
    doc.scenario.entries.retain(|entry| {
        let kept = ids.contains(&entry.component);
        if !kept {
            repairs.push(Repair::Dangling { what: "an entry point".to_owned(), missing: entry.component.clone() });
        }
        kept
    });
    doc.scenario.growth_overrides.retain(|o| {
        let kept = ids.contains(&o.component);
        if !kept {
            repairs.push(Repair::Dangling { what: "a growth override".to_owned(), missing: o.component.clone() });
        }
        kept
    });
    doc.migrations.retain(|m| {
        let missing = [&m.old, &m.new].into_iter().find(|id| !ids.contains(*id)).cloned();
        if let Some(missing) = &missing {
            repairs.push(Repair::Dangling { what: "a migration".to_owned(), missing: missing.clone() });
        }
        missing.is_none()
    });
}

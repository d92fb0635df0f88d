//! Structurizr workspaces — the JSON the Structurizr CLI, Lite and cloud
//! service export — read into an [`ImportDraft`]: which elements become
//! Headroom components, what their `headroom.*` properties declare, which
//! relationships become dependencies and which people make entry points.
//!
//! # Which elements are components
//!
//! C4's levels do not map one to one onto Headroom's boxes, which are
//! things that run on instances. The rule, from coarse to fine:
//!
//! - A **container** is always a component: C4 defines it as a separately
//!   running unit, which is what Headroom sizes.
//! - A **software system with containers** is read as its containers and is
//!   not a component itself (listed as such). A relationship to or from it
//!   is attached to its container when it has exactly one. With several it
//!   is listed, not read: as repeating its containers' arrows when one of
//!   them has an arrow with the same element (the usual case: a context
//!   diagram's line over a container diagram's), or as not placed, since
//!   the file does not say which container it means.
//! - A **software system without containers** (an external system, an
//!   existing one drawn as a box) is one component.
//! - A **component** (C4's, inside a container) is code running on its
//!   container's instances, not a deployable: it is not imported, and its
//!   relationships are read as its container's. Several component-level
//!   relationships between the same two containers are one arrow (the
//!   container-level one when the file draws it too); relationships between
//!   components of one container stay inside it. A component that carries
//!   `headroom.*` properties is one its author sized for Headroom, and is
//!   imported as a component of its own. (Headroom's modules are exactly
//!   this — code hosted by a deployable — but the draft cannot yet give a
//!   component a host, so they are not made modules.)
//! - **People** are not components. A relationship from a person marks what
//!   it reaches as an entry point, at the `headroom.rate` of the
//!   relationship, else of the person, else a placeholder rate; a person
//!   who reaches nothing imported is listed. Relationships that end at a
//!   person are listed.
//! - Custom elements and deployment nodes are listed, not read.
//!
//! Relationships Structurizr implies (the copies on parents of a child's
//! relationship, which carry `linkedRelationshipId`) repeat the ones read
//! and are skipped, counted in one line of the list.
//!
//! # What properties say
//!
//! On an element: `headroom.kind` (a kind's slug), `headroom.instances`,
//! `headroom.max_instances`, `headroom.throughput_per_instance` (requests
//! per second per instance), `headroom.base_latency_ms`,
//! `headroom.monthly_cost_per_instance`, `headroom.hit_ratio` and
//! `headroom.rate` (requests per second entering there). On a relationship:
//! `headroom.calls` (calls per request), `headroom.call_kind` (`call`,
//! `read`, `write`), `headroom.routing` (`calls`, `share`) and, from a
//! person, `headroom.rate`. A value that is not a number in range is listed
//! with its path and not used. `headroom.utilisation`, `headroom.status`
//! and `headroom.headroom` are the figures Headroom's own export writes and
//! are passed over; `structurizr.*` properties are Structurizr's own
//! bookkeeping (every DSL-made element has `structurizr.dsl.identifier`)
//! and are passed over too; any other property is listed once per element.
//!
//! # Ids
//!
//! An element's id is its key, and so its Headroom id, unless it is all
//! digits — Structurizr numbers elements itself, and "17" says nothing —
//! in which case its name is (qualified by its parent's name, then by its
//! id, should two elements share one).

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::draft::GUESSED_ENTRY_RATE;
use super::{DraftDependency, DraftEntry, ImportDraft, ImportFormat, Place, ReadError};
use crate::model::bounds::{self, Range};
use crate::model::{CallKind, CallMode, ComponentKind, Routing};
use crate::words::quantity::{field_text, read_number};

/// The tags Structurizr gives every element and relationship of a type;
/// they say nothing about a kind.
const DEFAULT_TAGS: [&str; 8] =
    ["Element", "Person", "Software System", "Container", "Component", "Relationship", "Synchronous", "Asynchronous"];

/// The figures Headroom's own export writes beside what it declares: what
/// a report said, not something to read back.
const REPORT_PROPERTIES: [&str; 3] = ["headroom.utilisation", "headroom.status", "headroom.headroom"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Level {
    Person,
    SoftwareSystem,
    Container,
    Component,
    Custom,
}

impl Level {
    fn label(self) -> &'static str {
        match self {
            Level::Person => "person",
            Level::SoftwareSystem => "software system",
            Level::Container => "container",
            Level::Component => "component",
            Level::Custom => "custom element",
        }
    }
}

struct Element<'a> {
    id: String,
    name: String,
    level: Level,
    path: String,
    parent: Option<usize>,
    children: Vec<usize>,
    fields: &'a Map<String, Value>,
}

impl<'a> Element<'a> {
    fn properties(&self) -> Option<&'a Map<String, Value>> {
        self.fields.get("properties").and_then(Value::as_object)
    }

    fn has_headroom_property(&self) -> bool {
        self.properties()
            .is_some_and(|p| p.keys().any(|k| k.starts_with("headroom.") && !REPORT_PROPERTIES.contains(&k.as_str())))
    }

    fn tags(&self) -> Vec<&'a str> {
        tags_of(self.fields)
    }

    fn text(&self, field: &str) -> Option<&'a str> {
        self.fields.get(field).and_then(Value::as_str).map(str::trim).filter(|t| !t.is_empty())
    }
}

/// How an element takes part in the draft.
#[derive(Clone, Debug)]
enum Role {
    /// A component of its own, with this id.
    Own(String),
    /// A C4 component read as its container (element `container`), whose
    /// id this is.
    Lifted {
        id: String,
        container: usize,
    },
    /// A software system read as these containers (element indices).
    Group(Vec<usize>),
    Person,
    /// Not imported: a custom element.
    Off,
}

/// One end of a relationship, resolved.
#[derive(Clone, Debug)]
enum End {
    Component { id: String, lifted: bool },
    Group(Vec<String>),
    Person(usize),
    Off(String),
}

struct Relationship<'a> {
    owner: usize,
    path: String,
    fields: &'a Map<String, Value>,
}

impl<'a> Relationship<'a> {
    fn description(&self) -> Option<&'a str> {
        self.fields.get("description").and_then(Value::as_str).map(str::trim).filter(|t| !t.is_empty())
    }

    fn properties(&self) -> Option<&'a Map<String, Value>> {
        self.fields.get("properties").and_then(Value::as_object)
    }
}

/// A person's share of an entry point's traffic.
struct Contribution {
    person: usize,
    component: String,
    /// The relationship's own `headroom.rate`.
    rate: Option<f64>,
}

/// Reads a Structurizr workspace. Only text that is not JSON, or JSON that
/// is not a workspace (no `model` object), is an error; everything else
/// the reader cannot use is listed in the draft.
pub fn read(text: &str) -> Result<ImportDraft, ReadError> {
    let text = text.trim_start_matches('\u{feff}');
    let value: Value = serde_json::from_str(text)
        .map_err(|error| ReadError::at_line(error.line().max(1), format!("not valid JSON: {error}")))?;
    let Some(workspace) = value.as_object() else {
        return Err(ReadError::at_path("", "a Structurizr workspace is a JSON object, with a \"model\" object in it"));
    };
    let Some(model) = workspace.get("model").and_then(Value::as_object) else {
        return Err(ReadError::at_path("", "no \"model\" object: not a Structurizr workspace"));
    };
    let name = workspace.get("name").and_then(Value::as_str).unwrap_or("").trim();
    let mut reader = Reader {
        draft: ImportDraft::new(ImportFormat::Structurizr, name),
        elements: Vec::new(),
        deployment_ids: HashSet::new(),
    };
    reader.collect(model);
    let roles = reader.add_components();
    reader.read_relationships(&roles);
    Ok(reader.draft)
}

struct Reader<'a> {
    draft: ImportDraft,
    elements: Vec<Element<'a>>,
    /// Ids of deployment nodes and what runs in them, to say why a
    /// relationship to one is not read.
    deployment_ids: HashSet<String>,
}

impl<'a> Reader<'a> {
    fn skip(&mut self, path: &str, text: impl Into<String>, why: impl Into<String>) {
        self.draft.skip(Place::Path(path.to_owned()), text, why);
    }

    /// Every person, software system, container, component and custom
    /// element, parents before their children, each with its path.
    fn collect(&mut self, model: &'a Map<String, Value>) {
        let mut seen: HashMap<String, String> = HashMap::new();
        self.collect_list(model, "people", "model", Level::Person, None, &mut seen);
        self.collect_list(model, "softwareSystems", "model", Level::SoftwareSystem, None, &mut seen);
        self.collect_list(model, "customElements", "model", Level::Custom, None, &mut seen);
        if let Some(nodes) = model.get("deploymentNodes") {
            let count = deployment_elements(nodes, 0, &mut self.deployment_ids);
            if count > 0 {
                self.skip(
                    "model.deploymentNodes",
                    format!("{count} deployment node{}", plural(count)),
                    "where containers run is not read: give a container's instances as its headroom.instances property",
                );
            }
        }
    }

    fn collect_list(
        &mut self,
        fields: &'a Map<String, Value>,
        key: &str,
        at: &str,
        level: Level,
        parent: Option<usize>,
        seen: &mut HashMap<String, String>,
    ) {
        let Some(list) = fields.get(key) else { return };
        let list_path = format!("{at}.{key}");
        let Some(items) = list.as_array() else {
            self.skip(&list_path, short_json(list), "not a list: nothing in it is read");
            return;
        };
        for (k, item) in items.iter().enumerate() {
            let path = format!("{list_path}[{k}]");
            let Some(item_fields) = item.as_object() else {
                self.skip(&path, short_json(item), format!("a {} must be a JSON object", level.label()));
                continue;
            };
            let name_field = item_fields.get("name").and_then(Value::as_str).map(str::trim).filter(|n| !n.is_empty());
            let Some(id) = item_fields.get("id").and_then(id_text) else {
                self.skip(
                    &path,
                    name_field.unwrap_or(level.label()).to_owned(),
                    format!("a {} without an id: nothing can refer to it", level.label()),
                );
                continue;
            };
            if let Some(first) = seen.get(&id) {
                let why = format!("id \"{id}\" is already the id of {first}: only the first is read");
                self.skip(&path, name_field.unwrap_or(&id).to_owned(), why);
                continue;
            }
            seen.insert(id.clone(), path.clone());
            let index = self.elements.len();
            self.elements.push(Element {
                name: name_field.map_or_else(|| id.clone(), str::to_owned),
                id,
                level,
                path: path.clone(),
                parent,
                children: Vec::new(),
                fields: item_fields,
            });
            if let Some(parent) = parent {
                self.elements[parent].children.push(index);
            }
            match level {
                Level::SoftwareSystem => {
                    self.collect_list(item_fields, "containers", &path, Level::Container, Some(index), seen);
                }
                Level::Container => {
                    self.collect_list(item_fields, "components", &path, Level::Component, Some(index), seen);
                }
                _ => {}
            }
        }
    }

    /// Adds the elements that are components to the draft, in file order,
    /// with their kinds and declared capacities; says what each element is.
    fn add_components(&mut self) -> Vec<Role> {
        let mut keys: HashSet<String> = HashSet::new();
        let mut roles: Vec<Role> = Vec::with_capacity(self.elements.len());
        for k in 0..self.elements.len() {
            let element = &self.elements[k];
            let role = match element.level {
                Level::Person => Role::Person,
                Level::Custom => Role::Off,
                Level::SoftwareSystem if !element.children.is_empty() => Role::Group(element.children.clone()),
                Level::Component if !element.has_headroom_property() => match element.parent {
                    // Filled in below: a container comes before its components.
                    Some(container) => Role::Lifted { id: String::new(), container },
                    None => Role::Off,
                },
                Level::SoftwareSystem | Level::Container | Level::Component => {
                    let key = self.key_for(k, &mut keys);
                    Role::Own(self.add_component(k, &key))
                }
            };
            roles.push(role);
        }
        for k in 0..roles.len() {
            if let Role::Lifted { container, .. } = roles[k] {
                let id = match roles.get(container) {
                    Some(Role::Own(id)) => id.clone(),
                    _ => continue,
                };
                roles[k] = Role::Lifted { id, container };
            }
        }
        self.list_elements_not_components(&roles);
        roles
    }

    /// The key an element goes into the draft under: its id, unless
    /// Structurizr numbered it; then its name, made unique.
    fn key_for(&self, k: usize, keys: &mut HashSet<String>) -> String {
        let element = &self.elements[k];
        let numbered = element.id.chars().all(|c| c.is_ascii_digit());
        let mut candidates = Vec::new();
        if !numbered {
            candidates.push(element.id.clone());
        }
        candidates.push(element.name.clone());
        if let Some(parent) = element.parent.and_then(|p| self.elements.get(p)) {
            candidates.push(format!("{} {}", parent.name, element.name));
        }
        candidates.push(format!("{} {}", element.name, element.id));
        for candidate in candidates {
            if keys.insert(candidate.clone()) {
                return candidate;
            }
        }
        // Ids are unique, so "name id" was only taken by a name that
        // happens to read the same: the id alone is left.
        let mut key = element.id.clone();
        while !keys.insert(key.clone()) {
            key.push('_');
        }
        key
    }

    fn add_component(&mut self, k: usize, key: &str) -> String {
        let element = &self.elements[k];
        let path = element.path.clone();
        let name = element.name.clone();
        let technology = element.text("technology").unwrap_or("").to_owned();
        let tags: Vec<String> =
            element.tags().into_iter().filter(|t| !DEFAULT_TAGS.contains(t)).map(str::to_owned).collect();
        let tag_text = tags.join(", ");
        let properties = element.properties();
        let location_external = element.text("location").is_some_and(|l| l.eq_ignore_ascii_case("external"));
        let external = element.level == Level::SoftwareSystem
            && (location_external || tags.iter().any(|t| t.eq_ignore_ascii_case("external")));

        let mut declared_kind = None;
        if let Some(value) = properties.and_then(|p| p.get("headroom.kind")) {
            match value.as_str().and_then(|slug| ComponentKind::from_slug(slug.trim())) {
                Some(kind) => declared_kind = Some(kind),
                None => {
                    let slugs: Vec<&str> = ComponentKind::ALL.iter().map(|k| k.slug()).collect();
                    self.skip(
                        &format!("{path}.properties.headroom.kind"),
                        format!("headroom.kind = {}", short_json(value)),
                        format!("not a kind Headroom knows (one of {}): the kind is guessed instead", slugs.join(", ")),
                    );
                }
            }
        }
        let (kind, external_guess) = match declared_kind {
            Some(kind) => (Some(kind), None),
            None if external => {
                let why = if location_external { "location External" } else { "tag External" };
                (Some(ComponentKind::ExternalApi), Some(format!("{why}: a system outside, called as an external API")))
            }
            None => (None, None),
        };
        let hints: Vec<&str> = [technology.as_str(), tag_text.as_str()].into_iter().filter(|h| !h.is_empty()).collect();
        let id = self.draft.component(key, Some(name.as_str()), kind, &hints, Place::Path(path.clone()));
        if let Some(guess) = external_guess {
            if let Some(component) = self.draft.component_mut(&id) {
                component.guess = Some(guess);
            }
        }
        self.read_element_properties(k, &id);
        id
    }

    /// The capacities an element's properties declare, onto its draft
    /// component; what is out of range or unknown is listed.
    fn read_element_properties(&mut self, k: usize, id: &str) {
        let element = &self.elements[k];
        let Some(properties) = element.properties() else { return };
        let path = element.path.clone();
        let kind = self.draft.components.iter().find(|c| c.id == id).map_or(ComponentKind::Service, |c| c.kind);
        let mut declared = super::Declared::default();
        let mut others = Vec::new();
        let mut problems: Vec<(String, String, String)> = Vec::new();
        let mut problem = |name: &str, value: &Value, why: String| {
            problems.push((format!("{path}.properties.{name}"), format!("{name} = {}", short_json(value)), why));
        };
        for (name, value) in properties {
            match name.as_str() {
                "headroom.kind" => {}
                "headroom.instances" => match whole(value) {
                    Ok(n) => declared.instances = Some(n),
                    Err(why) => problem(name, value, why),
                },
                "headroom.max_instances" => match whole(value) {
                    Ok(n) => declared.max_instances = Some(n),
                    Err(why) => problem(name, value, why),
                },
                "headroom.throughput_per_instance" => match within(value, &bounds::THROUGHPUT) {
                    Ok(v) => declared.throughput_per_instance = Some(v),
                    Err(why) => problem(name, value, why),
                },
                "headroom.base_latency_ms" => match within(value, &bounds::LATENCY_MS) {
                    Ok(v) => declared.base_latency_ms = Some(v),
                    Err(why) => problem(name, value, why),
                },
                "headroom.monthly_cost_per_instance" => match within(value, &bounds::MONTHLY_COST) {
                    Ok(v) => declared.monthly_cost_per_instance = Some(v),
                    Err(why) => problem(name, value, why),
                },
                "headroom.hit_ratio" => match ratio(value) {
                    Ok(v) => {
                        declared.hit_ratio = Some(v);
                        if !kind.serves_hits() {
                            problem(
                                name,
                                value,
                                format!(
                                    "only a cache or CDN serves hits: kept, but used only if the kind becomes one (it is a {})",
                                    kind.label().to_lowercase()
                                ),
                            );
                        }
                    }
                    Err(why) => problem(name, value, why),
                },
                // Read with the entry points.
                "headroom.rate" => {}
                "headroom.host" => problem(
                    name,
                    value,
                    "a module's host is not read yet: it is imported as a module of its own, with no host".to_owned(),
                ),
                name if REPORT_PROPERTIES.contains(&name) || name.starts_with("structurizr.") => {}
                name if name.starts_with("headroom.") => {
                    problem(name, value, "not a property Headroom reads on an element".to_owned())
                }
                name => others.push(name.to_owned()),
            }
        }
        let instances = declared.instances.unwrap_or(kind.default_capacity().instances);
        if let Some(max) = declared.max_instances {
            let refusal = if max < instances {
                Some(format!("below its instances ({instances}): not read"))
            } else if max != instances && !kind.can_autoscale() {
                Some(format!("a {} does not autoscale: not read", kind.label().to_lowercase()))
            } else {
                None
            };
            if let Some(why) = refusal {
                declared.max_instances = None;
                if let Some(value) = properties.get("headroom.max_instances") {
                    problem("headroom.max_instances", value, why);
                }
            }
        }
        for (place, text, why) in problems {
            self.skip(&place, text, why);
        }
        if !others.is_empty() {
            self.list_other_properties(&format!("{path}.properties"), &others);
        }
        if let Some(component) = self.draft.component_mut(id) {
            component.declared = declared;
        }
    }

    fn list_other_properties(&mut self, path: &str, names: &[String]) {
        self.skip(
            path,
            format!("propert{} {}", if names.len() == 1 { "y" } else { "ies" }, names.join(", ")),
            "not read: Headroom reads the headroom.* properties",
        );
    }

    /// Says what became of the elements that are not components: systems
    /// read as their containers, containers' components read as them,
    /// custom elements.
    fn list_elements_not_components(&mut self, roles: &[Role]) {
        let mut lines = Vec::new();
        for (k, element) in self.elements.iter().enumerate() {
            match &roles[k] {
                Role::Group(children) => {
                    let count = children.len();
                    lines.push((
                        element.path.clone(),
                        element.name.clone(),
                        format!(
                            "a software system read as its {count} container{}, not a component itself",
                            plural(count)
                        ),
                    ));
                    let others: Vec<String> = element
                        .properties()
                        .map(|p| p.keys().filter(|n| !n.starts_with("structurizr.")).cloned().collect())
                        .unwrap_or_default();
                    if !others.is_empty() {
                        lines.push((
                            format!("{}.properties", element.path),
                            format!("properties {}", others.join(", ")),
                            "not read: the system is read as its containers, which take properties".to_owned(),
                        ));
                    }
                }
                Role::Off => lines.push((
                    element.path.clone(),
                    element.name.clone(),
                    format!(
                        "a {}: Headroom reads people, software systems, containers and components",
                        element.level.label()
                    ),
                )),
                Role::Own(_) if element.level == Level::Container => {
                    let lifted: Vec<&str> = element
                        .children
                        .iter()
                        .filter(|&&c| matches!(roles.get(c), Some(Role::Lifted { .. })))
                        .filter_map(|&c| self.elements.get(c).map(|e| e.name.as_str()))
                        .collect();
                    if !lifted.is_empty() {
                        lines.push((
                            format!("{}.components", element.path),
                            format!("component{} {}", plural(lifted.len()), lifted.join(", ")),
                            format!(
                                "code inside {0}, not deployables of their own: their relationships are read as {0}'s \
                                 (a component with headroom.* properties is imported on its own)",
                                element.name
                            ),
                        ));
                    }
                }
                Role::Person => {
                    let others: Vec<String> = element
                        .properties()
                        .map(|p| {
                            p.keys()
                                .filter(|n| *n != "headroom.rate" && !n.starts_with("structurizr."))
                                .cloned()
                                .collect()
                        })
                        .unwrap_or_default();
                    if !others.is_empty() {
                        lines.push((
                            format!("{}.properties", element.path),
                            format!("properties {}", others.join(", ")),
                            "not read: on a person Headroom reads headroom.rate".to_owned(),
                        ));
                    }
                }
                _ => {}
            }
        }
        for (path, text, why) in lines {
            self.skip(&path, text, why);
        }
    }

    fn end(&self, k: usize, roles: &[Role]) -> End {
        match roles.get(k) {
            Some(Role::Own(id)) => End::Component { id: id.clone(), lifted: false },
            Some(Role::Lifted { id, .. }) if !id.is_empty() => End::Component { id: id.clone(), lifted: true },
            Some(Role::Group(children)) => {
                let ids: Vec<String> = children
                    .iter()
                    .filter_map(|&c| match roles.get(c) {
                        Some(Role::Own(id)) => Some(id.clone()),
                        _ => None,
                    })
                    .collect();
                match ids.as_slice() {
                    [one] => End::Component { id: one.clone(), lifted: false },
                    _ => End::Group(ids),
                }
            }
            Some(Role::Person) => End::Person(k),
            _ => End::Off(match self.elements.get(k) {
                Some(element) => format!("{} {} is not imported", element.level.label(), element.name),
                None => "an element that is not imported".to_owned(),
            }),
        }
    }

    fn name_of(&self, k: usize) -> &str {
        self.elements.get(k).map_or("?", |e| e.name.as_str())
    }

    /// Every relationship: the direct ones first (both ends components),
    /// then those read through a container, then those at a system read
    /// as its containers — so a finer drawing of an arrow already read is
    /// recognised as one.
    fn read_relationships(&mut self, roles: &[Role]) {
        let by_id: HashMap<String, usize> = self.elements.iter().enumerate().map(|(k, e)| (e.id.clone(), k)).collect();
        let mut relationships = Vec::new();
        let mut problems: Vec<(String, String, String)> = Vec::new();
        for (owner, element) in self.elements.iter().enumerate() {
            let Some(list) = element.fields.get("relationships") else { continue };
            let list_path = format!("{}.relationships", element.path);
            let Some(items) = list.as_array() else {
                problems.push((list_path, short_json(list), "not a list: no relationship in it is read".to_owned()));
                continue;
            };
            for (k, item) in items.iter().enumerate() {
                let path = format!("{list_path}[{k}]");
                match item.as_object() {
                    Some(fields) => relationships.push(Relationship { owner, path, fields }),
                    None => problems.push((path, short_json(item), "a relationship must be a JSON object".to_owned())),
                }
            }
        }
        for (path, text, why) in problems {
            self.skip(&path, text, why);
        }

        let person_rates = self.person_rates();
        let mut implied: Vec<&Relationship> = Vec::new();
        let mut direct = Vec::new();
        let mut lifted = Vec::new();
        let mut grouped = Vec::new();
        for relationship in &relationships {
            if relationship.fields.get("linkedRelationshipId").and_then(id_text).is_some() {
                implied.push(relationship);
                continue;
            }
            let text = self.relationship_text(relationship);
            let Some(destination) = relationship.fields.get("destinationId").and_then(id_text) else {
                self.skip(&relationship.path, text, "no destinationId: it points nowhere");
                continue;
            };
            let Some(&to) = by_id.get(destination.as_str()) else {
                let why = if self.deployment_ids.contains(&destination) {
                    format!("destinationId \"{destination}\" is a deployment element: where things run is not read")
                } else {
                    format!("destinationId \"{destination}\" names no element of the model")
                };
                self.skip(&relationship.path, text, why);
                continue;
            };
            let from_end = self.end(relationship.owner, roles);
            let to_end = self.end(to, roles);
            match (&from_end, &to_end) {
                (End::Off(why), _) | (_, End::Off(why)) => {
                    let why = why.clone();
                    self.skip(&relationship.path, text, why);
                }
                (_, End::Person(person)) => {
                    let why = format!("it ends at person {}: people are not components", self.name_of(*person));
                    self.skip(&relationship.path, text, why);
                }
                (End::Group(_), _) | (_, End::Group(_)) => grouped.push((relationship, from_end, to_end, to)),
                (End::Person(_), End::Component { lifted: false, .. })
                | (End::Component { lifted: false, .. }, End::Component { lifted: false, .. }) => {
                    direct.push((relationship, from_end, to_end))
                }
                _ => lifted.push((relationship, from_end, to_end)),
            }
        }

        let mut arrows: HashSet<(String, String)> = HashSet::new();
        let mut contributions: Vec<Contribution> = Vec::new();
        let mut component_level: Vec<((String, String), usize, String)> = Vec::new();
        let mut inside: Vec<(String, usize, String)> = Vec::new();
        for (relationship, from, to) in direct.iter().chain(lifted.iter()) {
            let End::Component { id: to_id, lifted: to_lifted } = to else { continue };
            match from {
                End::Person(person) => {
                    if contributions.iter().any(|c| c.person == *person && &c.component == to_id) {
                        continue;
                    }
                    let rate = self.relationship_rate(relationship);
                    contributions.push(Contribution { person: *person, component: to_id.clone(), rate });
                }
                End::Component { id: from_id, lifted: from_lifted } => {
                    if from_id == to_id {
                        if *from_lifted || *to_lifted {
                            match inside.iter_mut().find(|(id, _, _)| id == from_id) {
                                Some(entry) => entry.1 += 1,
                                None => inside.push((from_id.clone(), 1, relationship.path.clone())),
                            }
                        } else {
                            let text = self.relationship_text(relationship);
                            self.skip(&relationship.path, text, "from an element to itself: not an arrow");
                        }
                        continue;
                    }
                    let pair = (from_id.clone(), to_id.clone());
                    if (*from_lifted || *to_lifted) && arrows.contains(&pair) {
                        match component_level.iter_mut().find(|(p, _, _)| *p == pair) {
                            Some(entry) => entry.1 += 1,
                            None => component_level.push((pair, 1, relationship.path.clone())),
                        }
                        continue;
                    }
                    arrows.insert(pair);
                    let dependency = self.dependency(relationship, from_id, to_id);
                    self.draft.dependency(dependency);
                }
                _ => {}
            }
        }
        for (relationship, from, to, destination) in &grouped {
            let text = self.relationship_text(relationship);
            let ids = |end: &End| -> Vec<String> {
                match end {
                    End::Component { id, .. } => vec![id.clone()],
                    End::Group(ids) => ids.clone(),
                    _ => Vec::new(),
                }
            };
            let to_ids = ids(to);
            let repeats = match from {
                End::Person(person) => {
                    contributions.iter().any(|c| c.person == *person && to_ids.contains(&c.component))
                }
                _ => {
                    let from_ids = ids(from);
                    arrows.iter().any(|(f, t)| from_ids.contains(f) && to_ids.contains(t))
                }
            };
            // The system read as its containers, and the other end.
            let (system, count, other) = match (from, to) {
                (End::Group(members), _) => (relationship.owner, members.len(), *destination),
                (_, End::Group(members)) => (*destination, members.len(), relationship.owner),
                _ => (relationship.owner, 0, *destination),
            };
            let (system, other) = (self.name_of(system).to_owned(), self.name_of(other).to_owned());
            let why = if repeats {
                format!(
                    "{system} is read as its {count} containers, and their relationships with {other} are read: \
                     this one repeats them"
                )
            } else {
                format!(
                    "{system} is read as its {count} containers, and the file does not say which of them this one is \
                     with: drawn to a container, it would be read"
                )
            };
            self.skip(&relationship.path, text, why);
        }
        let name = |draft: &ImportDraft, id: &str| -> String {
            draft.components.iter().find(|c| c.id == id).map_or_else(|| id.to_owned(), |c| c.name.clone())
        };
        for ((from, to), count, path) in component_level {
            let (from, to) = (name(&self.draft, &from), name(&self.draft, &to));
            self.skip(
                &path,
                format!("{count} more relationship{} from {from} to {to} at component level", plural(count)),
                format!(
                    "the same arrow drawn in more detail than Headroom models: read as the one arrow {from} → {to}"
                ),
            );
        }
        for (id, count, path) in inside {
            let container = name(&self.draft, &id);
            self.skip(
                &path,
                format!("{count} relationship{} between components of {container}", plural(count)),
                "inside one deployable: not arrows between components",
            );
        }
        if let Some(first) = implied.first() {
            let count = implied.len();
            let path = first.path.clone();
            self.skip(
                &path,
                format!("{count} implied relationship{} (linkedRelationshipId)", plural(count)),
                "they repeat the ones imported",
            );
        }
        self.add_entries(&contributions, &person_rates, roles, &grouped);
    }

    /// Each person's `headroom.rate`, where it is a rate in range.
    fn person_rates(&mut self) -> HashMap<usize, f64> {
        let mut rates = HashMap::new();
        let mut problems = Vec::new();
        for (k, element) in self.elements.iter().enumerate() {
            if element.level != Level::Person {
                continue;
            }
            match declared_rate(element) {
                Some(Ok(rate)) => {
                    rates.insert(k, rate);
                }
                Some(Err(problem)) => problems.push(problem),
                None => {}
            }
        }
        for (path, text, why) in problems {
            self.skip(&path, text, why);
        }
        rates
    }

    /// A relationship's own `headroom.rate`; on a person's relationship
    /// its other properties are listed.
    fn relationship_rate(&mut self, relationship: &Relationship) -> Option<f64> {
        let properties = relationship.properties()?;
        let mut rate = None;
        let mut others = Vec::new();
        let mut problems = Vec::new();
        for (name, value) in properties {
            match name.as_str() {
                "headroom.rate" => match within(value, &bounds::ENTRY_RATE) {
                    Ok(v) => rate = Some(v),
                    Err(why) => problems.push((name.clone(), value, why)),
                },
                name if name.starts_with("structurizr.") => {}
                name if name.starts_with("headroom.") => problems.push((
                    name.to_owned(),
                    value,
                    "not read on a person's relationship: there headroom.rate says the traffic".to_owned(),
                )),
                name => others.push(name.to_owned()),
            }
        }
        for (name, value, why) in problems {
            self.skip(
                &format!("{}.properties.{name}", relationship.path),
                format!("{name} = {}", short_json(value)),
                why,
            );
        }
        if !others.is_empty() {
            self.list_other_properties(&format!("{}.properties", relationship.path), &others);
        }
        rate
    }

    /// The dependency a relationship between two components describes.
    fn dependency(&mut self, relationship: &Relationship, from: &str, to: &str) -> DraftDependency {
        let path = &relationship.path;
        let label = relationship.description().map(str::to_owned);
        let style = relationship.fields.get("interactionStyle").and_then(Value::as_str).map(str::trim);
        let asynchronous = style.is_some_and(|s| s.eq_ignore_ascii_case("asynchronous"))
            || tags_of(relationship.fields).iter().any(|t| t.eq_ignore_ascii_case("asynchronous"));
        if let Some(style) =
            style.filter(|s| !s.eq_ignore_ascii_case("asynchronous") && !s.eq_ignore_ascii_case("synchronous"))
        {
            self.skip(
                &format!("{path}.interactionStyle"),
                format!("interactionStyle = \"{style}\""),
                "neither Synchronous nor Asynchronous: read as synchronous",
            );
        }
        let mut calls = None;
        let mut kind = None;
        let mut routing = Routing::Calls;
        let mut others = Vec::new();
        let mut problems = Vec::new();
        if let Some(properties) = relationship.properties() {
            for (name, value) in properties {
                match name.as_str() {
                    "headroom.calls" => match within(value, &bounds::CALLS) {
                        Ok(v) => calls = Some(v),
                        Err(why) => problems.push((name.clone(), value, why)),
                    },
                    "headroom.call_kind" => match value.as_str().map(str::trim) {
                        Some("call") => kind = Some(CallKind::Call),
                        Some("read") => kind = Some(CallKind::Read),
                        Some("write") => kind = Some(CallKind::Write),
                        _ => {
                            problems.push((name.clone(), value, "not call, read or write: guessed instead".to_owned()))
                        }
                    },
                    "headroom.routing" => match value.as_str().map(str::trim) {
                        Some("calls") => routing = Routing::Calls,
                        Some("share") => routing = Routing::Share,
                        _ => problems.push((name.clone(), value, "neither calls nor share: read as calls".to_owned())),
                    },
                    "headroom.rate" => problems.push((
                        name.clone(),
                        value,
                        "a rate is read on a person's relationship or on the element traffic enters".to_owned(),
                    )),
                    name if REPORT_PROPERTIES.contains(&name) || name.starts_with("structurizr.") => {}
                    name if name.starts_with("headroom.") => problems.push((
                        name.to_owned(),
                        value,
                        "not a property Headroom reads on a relationship".to_owned(),
                    )),
                    name => others.push(name.to_owned()),
                }
            }
        }
        if routing == Routing::Share && calls.is_some_and(|c| c > 1.0) {
            routing = Routing::Calls;
            if let Some(value) = relationship.properties().and_then(|p| p.get("headroom.routing")) {
                problems.push((
                    "headroom.routing".to_owned(),
                    value,
                    "a share is at most 1 (all the traffic) and headroom.calls is more: read as calls".to_owned(),
                ));
            }
        }
        for (name, value, why) in problems {
            self.skip(&format!("{path}.properties.{name}"), format!("{name} = {}", short_json(value)), why);
        }
        if !others.is_empty() {
            self.list_other_properties(&format!("{path}.properties"), &others);
        }
        let mut guesses = Vec::new();
        let kind = match kind {
            Some(kind) => kind,
            None => {
                let (kind, why) = call_kind_from(label.as_deref().unwrap_or(""));
                if let Some(why) = why {
                    guesses.push(why);
                }
                kind
            }
        };
        let calls = calls.unwrap_or_else(|| {
            guesses.push("no headroom.calls: 1 call per request".to_owned());
            1.0
        });
        DraftDependency {
            from: from.to_owned(),
            to: to.to_owned(),
            calls,
            kind,
            mode: if asynchronous { CallMode::Async } else { CallMode::Sync },
            routing,
            guess: (!guesses.is_empty()).then(|| guesses.join("; ")),
            label,
            place: Place::Path(path.clone()),
        }
    }

    /// Entry points: where people's relationships lead (their rates
    /// summed), or an element's own `headroom.rate`, which wins.
    fn add_entries(
        &mut self,
        contributions: &[Contribution],
        person_rates: &HashMap<usize, f64>,
        roles: &[Role],
        grouped: &[(&Relationship, End, End, usize)],
    ) {
        let mut uses: HashMap<usize, usize> = HashMap::new();
        for contribution in contributions {
            *uses.entry(contribution.person).or_default() += 1;
        }
        let mut own_rates: Vec<(String, f64)> = Vec::new();
        let mut problems = Vec::new();
        for (k, element) in self.elements.iter().enumerate() {
            let Some(Role::Own(id)) = roles.get(k) else { continue };
            match declared_rate(element) {
                Some(Ok(rate)) => own_rates.push((id.clone(), rate)),
                Some(Err(problem)) => problems.push(problem),
                None => {}
            }
        }
        for (path, text, why) in problems {
            self.skip(&path, text, why);
        }

        let mut entries: Vec<DraftEntry> = Vec::new();
        for contribution in contributions {
            if own_rates.iter().any(|(id, _)| *id == contribution.component) {
                continue;
            }
            let person = self.name_of(contribution.person).to_owned();
            let (rate, guess) = match (contribution.rate, person_rates.get(&contribution.person)) {
                (Some(rate), _) => (rate, None),
                (None, Some(&rate)) => {
                    let used = uses.get(&contribution.person).copied().unwrap_or(1);
                    let guess = (used > 1).then(|| {
                        format!(
                            "used by {person}, whose headroom.rate ({} requests/s) is given to each of the {used} \
                             elements they use",
                            field_text(rate)
                        )
                    });
                    (rate, guess)
                }
                (None, None) => (
                    GUESSED_ENTRY_RATE,
                    Some(format!(
                        "used by {person}, with no headroom.rate: {} requests/s is a placeholder to replace",
                        field_text(GUESSED_ENTRY_RATE)
                    )),
                ),
            };
            match entries.iter_mut().find(|e| e.component == contribution.component) {
                Some(entry) => {
                    entry.rate = (entry.rate + rate).min(bounds::ENTRY_RATE.max);
                    entry.guess = match (entry.guess.take(), guess) {
                        (Some(a), Some(b)) => Some(format!("{a}; {b}")),
                        (a, b) => a.or(b),
                    };
                }
                None => entries.push(DraftEntry { component: contribution.component.clone(), rate, guess }),
            }
        }
        for (id, rate) in own_rates {
            if rate > 0.0 {
                entries.push(DraftEntry { component: id, rate, guess: None });
            }
        }
        // Keep the draft's component order, which is the file's.
        let order: HashMap<&str, usize> =
            self.draft.components.iter().enumerate().map(|(k, c)| (c.id.as_str(), k)).collect();
        entries.sort_by_key(|e| order.get(e.component.as_str()).copied().unwrap_or(usize::MAX));
        self.draft.entries.extend(entries);

        let mut idle = Vec::new();
        for (k, element) in self.elements.iter().enumerate() {
            let in_group = grouped.iter().any(|(r, _, _, _)| r.owner == k);
            if element.level == Level::Person && !uses.contains_key(&k) && !in_group {
                idle.push((element.path.clone(), element.name.clone()));
            }
        }
        for (path, name) in idle {
            self.skip(&path, name, "a person who uses nothing Headroom imports: not an entry point");
        }
    }

    /// How a relationship is named in the list: "A → B: description".
    fn relationship_text(&self, relationship: &Relationship) -> String {
        let from = self.name_of(relationship.owner);
        let to = relationship
            .fields
            .get("destinationId")
            .and_then(id_text)
            .map(|id| self.elements.iter().find(|e| e.id == id).map_or(id.clone(), |e| e.name.clone()))
            .unwrap_or_else(|| "?".to_owned());
        match relationship.description() {
            Some(description) => format!("{from} → {to}: {description}"),
            None => format!("{from} → {to}"),
        }
    }
}

/// Whether a description says reads or writes, and the guess's words
/// (`None` when nothing in it says either: a plain call is no guess).
fn call_kind_from(description: &str) -> (CallKind, Option<String>) {
    const READS: [&str; 14] = [
        "read", "reads", "reading", "query", "queries", "fetch", "fetches", "get", "gets", "load", "loads", "lookup",
        "search", "searches",
    ];
    const WRITES: [&str; 16] = [
        "write",
        "writes",
        "writing",
        "store",
        "stores",
        "save",
        "saves",
        "update",
        "updates",
        "insert",
        "inserts",
        "delete",
        "deletes",
        "publish",
        "publishes",
        "persists",
    ];
    let words: Vec<String> =
        description.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    let read = words.iter().find(|w| READS.contains(&w.as_str()));
    let write = words.iter().find(|w| WRITES.contains(&w.as_str()));
    match (read, write) {
        (Some(r), Some(w)) => (CallKind::Call, Some(format!("\"{r}\" and \"{w}\" in the description: a plain call"))),
        (Some(r), None) => (CallKind::Read, Some(format!("\"{r}\" in the description: a read"))),
        (None, Some(w)) => (CallKind::Write, Some(format!("\"{w}\" in the description: a write"))),
        (None, None) => (CallKind::Call, None),
    }
}

/// Structurizr keeps ids as strings; a hand-written file may use numbers.
fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.trim().to_owned()).filter(|t| !t.is_empty()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// Tags, which Structurizr keeps comma separated in one string.
fn tags_of(fields: &Map<String, Value>) -> Vec<&str> {
    fields
        .get("tags")
        .and_then(Value::as_str)
        .map(|tags| tags.split(',').map(str::trim).filter(|t| !t.is_empty()).collect())
        .unwrap_or_default()
}

/// A property's number: Structurizr writes every value as a string.
fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(number) => number.as_f64().filter(|v| v.is_finite()),
        Value::String(text) => read_number(text),
        _ => None,
    }
}

/// An element's `headroom.rate`, if it has one: the rate, or what to list
/// (its path, what it says, why it was not read).
fn declared_rate(element: &Element<'_>) -> Option<Result<f64, (String, String, String)>> {
    let value = element.properties()?.get("headroom.rate")?;
    Some(within(value, &bounds::ENTRY_RATE).map_err(|why| {
        (format!("{}.properties.headroom.rate", element.path), format!("headroom.rate = {}", short_json(value)), why)
    }))
}

fn within(value: &Value, range: &Range) -> Result<f64, String> {
    let v = number(value).ok_or_else(|| "not a number: not read".to_owned())?;
    match range.refusal(v) {
        None => Ok(v),
        Some(why) => Err(format!("{why}: not read")),
    }
}

fn whole(value: &Value) -> Result<u32, String> {
    let why = || format!("not a whole number from 1 to {}: not read", bounds::MAX_INSTANCES);
    let v = number(value).ok_or_else(why)?;
    if v.fract() != 0.0 || v < 1.0 || v > f64::from(bounds::MAX_INSTANCES) {
        return Err(why());
    }
    // In range and whole: the cast is exact.
    Ok(v as u32)
}

fn ratio(value: &Value) -> Result<f64, String> {
    match number(value) {
        Some(v) if (0.0..=1.0).contains(&v) => Ok(v),
        Some(v) => Err(format!("a ratio is from 0 to 1, got {}: not read", bounds::written(v))),
        None => Err("not a number: not read".to_owned()),
    }
}

/// A value as the list quotes it: a string as written, anything else as
/// JSON, cut short.
fn short_json(value: &Value) -> String {
    let text = match value {
        Value::String(text) => format!("\"{text}\""),
        other => other.to_string(),
    };
    match text.char_indices().nth(80) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

/// How many deployment nodes `value` holds, nested ones included; the
/// ids of those nodes and of what runs in them go into `ids`.
fn deployment_elements(value: &Value, depth: usize, ids: &mut HashSet<String>) -> usize {
    // serde_json refuses nesting past 128, so the depth is bounded anyway;
    // the guard keeps that an assumption no one has to check.
    let Some(nodes) = value.as_array().filter(|_| depth <= 200) else { return 0 };
    let mut count = 0;
    for node in nodes {
        count += 1;
        ids.extend(node.get("id").and_then(id_text));
        for key in ["infrastructureNodes", "containerInstances", "softwareSystemInstances"] {
            let items = node.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
            ids.extend(items.iter().filter_map(|item| item.get("id").and_then(id_text)));
        }
        if let Some(children) = node.get("children") {
            count += deployment_elements(children, depth + 1, ids);
        }
    }
    count
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn workspace(model: Value) -> String {
        json!({ "name": "Shop", "model": model }).to_string()
    }

    fn read_ok(model: Value) -> ImportDraft {
        let mut draft = read(&workspace(model)).expect("a workspace");
        draft.settle_guesses();
        draft
    }

    fn why_at<'d>(draft: &'d ImportDraft, path: &str) -> Vec<&'d str> {
        draft
            .not_understood
            .iter()
            .filter(|u| u.place == Place::Path(path.to_owned()))
            .map(|u| u.why.as_str())
            .collect()
    }

    #[test]
    fn not_json_and_not_a_workspace_are_errors() {
        let error = read("{\n  \"model\": {\n  oops\n}").unwrap_err();
        assert_eq!(error.place, Place::Line(3));
        let error = read("{\"name\": \"x\"}").unwrap_err();
        assert_eq!(error.place, Place::Path(String::new()));
        assert!(read("[1, 2]").is_err());
        assert!(read("{\"model\": []}").is_err());
        let draft = read("\u{feff}{\"model\": {}}").unwrap();
        assert!(draft.components.is_empty());
    }

    #[test]
    fn containers_stand_for_their_system_and_components_for_nothing() {
        let draft = read_ok(json!({
            "softwareSystems": [{
                "id": "1", "name": "Shop",
                "containers": [
                    {"id": "2", "name": "API", "technology": "Go", "components": [
                        {"id": "3", "name": "Orders Controller", "relationships": [
                            {"id": "10", "sourceId": "3", "destinationId": "4", "description": "Reads orders from"},
                            {"id": "11", "sourceId": "3", "destinationId": "5", "description": "Uses"}
                        ]},
                        {"id": "5", "name": "Orders Repository", "relationships": [
                            {"id": "12", "sourceId": "5", "destinationId": "4", "description": "Writes orders to"}
                        ]}
                    ]},
                    {"id": "4", "name": "Orders DB", "technology": "PostgreSQL"}
                ],
                "relationships": [{"id": "13", "sourceId": "1", "destinationId": "6", "description": "Charges cards with"}]
            }, {
                "id": "6", "name": "Stripe", "location": "External"
            }]
        }));
        let ids: Vec<&str> = draft.components.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["api", "orders-db", "stripe"]);
        assert_eq!(draft.components[1].kind, ComponentKind::Database);
        assert_eq!(draft.components[2].kind, ComponentKind::ExternalApi);
        assert!(draft.components[2].guess.as_deref().unwrap_or("").contains("location External"));
        // Two component-level arrows between the same containers are one.
        assert_eq!(draft.dependencies.len(), 1);
        let d = &draft.dependencies[0];
        assert_eq!((d.from.as_str(), d.to.as_str(), d.kind), ("api", "orders-db", CallKind::Read));
        assert!(why_at(&draft, "model.softwareSystems[0].containers[0].components[1].relationships[0]")[0]
            .contains("more detail"));
        assert!(why_at(&draft, "model.softwareSystems[0].containers[0].components[0].relationships[1]")[0]
            .contains("inside one deployable"));
        assert!(why_at(&draft, "model.softwareSystems[0].containers[0].components")[0].contains("code inside API"));
        // The system has two containers and none of them calls Stripe.
        assert!(why_at(&draft, "model.softwareSystems[0].relationships[0]")[0].contains("does not say which"));
        assert!(why_at(&draft, "model.softwareSystems[0]")[0].contains("read as its 2 containers"));
    }

    #[test]
    fn a_system_with_one_container_is_that_container() {
        let draft = read_ok(json!({
            "people": [{"id": "p", "name": "Shopper", "relationships": [
                {"id": "r1", "destinationId": "s", "description": "Buys from"}
            ]}],
            "softwareSystems": [{"id": "s", "name": "Shop", "containers": [{"id": "web", "name": "Web"}]}]
        }));
        assert_eq!(draft.components.len(), 1);
        assert_eq!(draft.entries.len(), 1);
        assert_eq!(draft.entries[0].component, "web");
        assert_eq!(draft.entries[0].rate, GUESSED_ENTRY_RATE);
        assert!(draft.entries[0].guess.as_deref().unwrap_or("").contains("placeholder"));
    }

    #[test]
    fn properties_declare_capacities_and_bad_values_are_listed() {
        let draft = read_ok(json!({
            "softwareSystems": [{"id": "s", "name": "S", "containers": [
                {"id": "cache", "name": "Sessions", "technology": "Redis", "properties": {
                    "headroom.instances": "3", "headroom.max_instances": 6, "headroom.throughput_per_instance": "20000",
                    "headroom.base_latency_ms": "0.4", "headroom.monthly_cost_per_instance": "55",
                    "headroom.hit_ratio": "0.9", "owner": "team-a", "structurizr.dsl.identifier": "cache",
                    "headroom.status": "ok"
                }},
                {"id": "db", "name": "Main", "properties": {
                    "headroom.kind": "database", "headroom.instances": "two", "headroom.max_instances": "4",
                    "headroom.base_latency_ms": "-1", "headroom.colour": "red"
                }},
                {"id": "x", "name": "X", "properties": {"headroom.kind": "mainframe", "headroom.hit_ratio": "0.5"}}
            ]}]
        }));
        let cache = &draft.components[0];
        assert_eq!(cache.kind, ComponentKind::Cache);
        assert_eq!(cache.declared.instances, Some(3));
        assert_eq!(cache.declared.max_instances, Some(6));
        assert_eq!(cache.declared.throughput_per_instance, Some(20_000.0));
        assert_eq!(cache.declared.base_latency_ms, Some(0.4));
        assert_eq!(cache.declared.monthly_cost_per_instance, Some(55.0));
        assert_eq!(cache.declared.hit_ratio, Some(0.9));
        assert_eq!(why_at(&draft, "model.softwareSystems[0].containers[0].properties").len(), 1);
        let db = &draft.components[1];
        assert_eq!((db.kind, db.guess.as_ref()), (ComponentKind::Database, None));
        assert_eq!(db.declared.instances, None);
        assert!(why_at(&draft, "model.softwareSystems[0].containers[1].properties.headroom.instances")[0]
            .contains("whole number"));
        // A database does not autoscale: a ceiling above its one instance is refused.
        assert!(why_at(&draft, "model.softwareSystems[0].containers[1].properties.headroom.max_instances")[0]
            .contains("does not autoscale"));
        assert!(why_at(&draft, "model.softwareSystems[0].containers[1].properties.headroom.base_latency_ms")[0]
            .contains("negative"));
        assert_eq!(why_at(&draft, "model.softwareSystems[0].containers[1].properties.headroom.colour").len(), 1);
        let x = &draft.components[2];
        assert_eq!(x.kind, ComponentKind::Service);
        assert!(x.guess.is_some());
        assert!(
            why_at(&draft, "model.softwareSystems[0].containers[2].properties.headroom.kind")[0].contains("not a kind")
        );
        assert!(why_at(&draft, "model.softwareSystems[0].containers[2].properties.headroom.hit_ratio")[0]
            .contains("only a cache or CDN"));
        assert!(draft.to_document().is_ok());
    }

    #[test]
    fn relationships_say_mode_kind_and_calls() {
        let draft = read_ok(json!({
            "softwareSystems": [{"id": "s", "name": "S", "containers": [
                {"id": "api", "name": "API", "relationships": [
                    {"id": "r1", "destinationId": "queue", "description": "Publishes orders to",
                     "interactionStyle": "Asynchronous", "properties": {"headroom.calls": "0.5"}},
                    {"id": "r2", "destinationId": "db", "description": "Reads from and writes to",
                     "properties": {"headroom.call_kind": "write", "team": "x"}},
                    {"id": "r3", "destinationId": "db", "description": "Looks up prices in", "tags": "Relationship,Asynchronous"},
                    {"id": "r4", "description": "Sends mail"},
                    {"id": "r5", "destinationId": "nowhere"},
                    {"id": "r6", "destinationId": "db", "linkedRelationshipId": "r2"}
                ]},
                {"id": "queue", "name": "Orders", "technology": "RabbitMQ"},
                {"id": "db", "name": "DB", "technology": "MySQL"}
            ]}]
        }));
        assert_eq!(draft.dependencies.len(), 3);
        let queue = &draft.dependencies[0];
        assert_eq!((queue.mode, queue.kind, queue.calls), (CallMode::Async, CallKind::Write, 0.5));
        assert!(queue.guess.as_deref().unwrap_or("").contains("publishes"));
        let db = &draft.dependencies[1];
        // r2 declared a write; r3, a call of another kind, stays an arrow of its own.
        assert_eq!((db.kind, db.calls, db.mode), (CallKind::Write, 1.0, CallMode::Sync));
        assert_eq!(db.label.as_deref(), Some("Reads from and writes to"));
        let lookup = &draft.dependencies[2];
        assert_eq!((lookup.to.as_str(), lookup.kind, lookup.mode), ("db", CallKind::Call, CallMode::Async));
        assert!(
            why_at(&draft, "model.softwareSystems[0].containers[0].relationships[3]")[0].contains("no destinationId")
        );
        assert!(
            why_at(&draft, "model.softwareSystems[0].containers[0].relationships[4]")[0].contains("names no element")
        );
        assert_eq!(why_at(&draft, "model.softwareSystems[0].containers[0].relationships[1].properties").len(), 1);
        let implied: Vec<_> = draft.not_understood.iter().filter(|u| u.text.contains("implied")).collect();
        assert_eq!(implied.len(), 1);
        assert_eq!(implied[0].text, "1 implied relationship (linkedRelationshipId)");
    }

    #[test]
    fn people_make_entry_points() {
        let draft = read_ok(json!({
            "people": [
                {"id": "c", "name": "Customer", "properties": {"headroom.rate": "50"}, "relationships": [
                    {"id": "r1", "destinationId": "web", "properties": {"headroom.rate": "30"}},
                    {"id": "r2", "destinationId": "app"},
                    {"id": "r3", "destinationId": "ops"}
                ]},
                {"id": "o", "name": "Operator", "relationships": [{"id": "r4", "destinationId": "app"}]},
                {"id": "ops", "name": "Support"},
                {"id": "a", "name": "Auditor", "properties": {"headroom.rate": "lots"}}
            ],
            "softwareSystems": [{"id": "s", "name": "S", "containers": [
                {"id": "web", "name": "Web", "relationships": [{"id": "r5", "destinationId": "c", "description": "Emails"}]},
                {"id": "app", "name": "Mobile backend"},
                {"id": "batch", "name": "Batch", "properties": {"headroom.rate": "5"}}
            ]}]
        }));
        let entries: Vec<(&str, f64, bool)> =
            draft.entries.iter().map(|e| (e.component.as_str(), e.rate, e.guess.is_some())).collect();
        // Web: the relationship's own 30. App: the customer's 50 (given to
        // each of the two they use: a guess) plus the operator's placeholder.
        assert_eq!(entries, [("web", 30.0, false), ("app", 150.0, true), ("batch", 5.0, false)]);
        assert!(why_at(&draft, "model.people[0].relationships[2]")[0].contains("people are not components"));
        assert!(why_at(&draft, "model.softwareSystems[0].containers[0].relationships[0]")[0].contains("ends at person"));
        assert!(why_at(&draft, "model.people[2]")[0].contains("uses nothing"));
        assert!(why_at(&draft, "model.people[3].properties.headroom.rate")[0].contains("not a number"));
        assert!(draft.to_document().is_ok());
    }

    #[test]
    fn keys_are_ids_unless_numbered_and_names_made_unique() {
        let draft = read_ok(json!({
            "softwareSystems": [
                {"id": "1", "name": "Billing", "containers": [{"id": "2", "name": "API"}, {"id": "web-app", "name": "Web"}]},
                {"id": "3", "name": "Search", "containers": [{"id": "4", "name": "API"}, {"id": "5", "name": "Index"}]}
            ]
        }));
        let ids: Vec<&str> = draft.components.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["api", "web-app", "search-api", "index"]);
        assert_eq!(draft.components[2].name, "API");
    }

    #[test]
    fn a_component_with_headroom_properties_is_its_own() {
        let draft = read_ok(json!({
            "softwareSystems": [{"id": "s", "name": "S", "containers": [
                {"id": "mono", "name": "Monolith", "components": [
                    {"id": "search", "name": "Search", "properties": {"headroom.kind": "module"},
                     "relationships": [{"id": "r1", "destinationId": "db", "description": "Queries"}]},
                    {"id": "auth", "name": "Auth", "relationships": [{"id": "r2", "destinationId": "db"}]}
                ]},
                {"id": "db", "name": "Postgres"}
            ]}]
        }));
        let ids: Vec<&str> = draft.components.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["mono", "search", "db"]);
        assert_eq!(draft.components[1].kind, ComponentKind::Module);
        let arrows: Vec<(&str, &str)> = draft.dependencies.iter().map(|d| (d.from.as_str(), d.to.as_str())).collect();
        assert_eq!(arrows, [("search", "db"), ("mono", "db")]);
        assert!(draft.to_document().is_ok());
    }

    #[test]
    fn odd_shapes_are_listed_not_fatal() {
        let draft = read_ok(json!({
            "people": {"not": "a list"},
            "softwareSystems": [
                7,
                {"name": "No id"},
                {"id": "a", "name": "A", "relationships": "none"},
                {"id": "a", "name": "A again"},
                {"id": "b", "name": "B", "relationships": [{"id": "r8", "destinationId": "lb1"}]}
            ],
            "customElements": [{"id": "k", "name": "Kiosk", "relationships": [{"id": "r9", "destinationId": "a"}]}],
            "deploymentNodes": [{"id": "d", "name": "Live", "children": [
                {"id": "e", "name": "Rack", "infrastructureNodes": [{"id": "lb1", "name": "F5"}]}
            ]}]
        }));
        assert_eq!(draft.components.len(), 2);
        assert!(why_at(&draft, "model.softwareSystems[4].relationships[0]")[0].contains("a deployment element"));
        assert!(why_at(&draft, "model.customElements[0].relationships[0]")[0].contains("custom element Kiosk"));
        for path in [
            "model.people",
            "model.softwareSystems[0]",
            "model.softwareSystems[1]",
            "model.softwareSystems[2].relationships",
            "model.softwareSystems[3]",
            "model.customElements[0]",
            "model.deploymentNodes",
        ] {
            assert_eq!(why_at(&draft, path).len(), 1, "{path}: {:?}", draft.not_understood);
        }
        assert!(draft.not_understood.iter().any(|u| u.text == "2 deployment nodes"));
    }

    #[test]
    fn descriptions_guess_reads_and_writes() {
        assert_eq!(call_kind_from("Reads from").0, CallKind::Read);
        assert_eq!(call_kind_from("Gets account information from").0, CallKind::Read);
        assert_eq!(call_kind_from("Stores uploads in").0, CallKind::Write);
        assert_eq!(call_kind_from("Reads from and writes to").0, CallKind::Call);
        assert_eq!(call_kind_from("Uses"), (CallKind::Call, None));
        assert_eq!(call_kind_from("Readiness"), (CallKind::Call, None));
    }
}

//! A document as a Structurizr workspace, for teams whose architecture
//! lives in Structurizr: the DSL they edit ([`workspace`]) and the JSON the
//! Structurizr tools export ([`workspace_json`]), which
//! [`crate::files::import::structurizr`] reads back into the same
//! components and dependencies.
//!
//! The document becomes one software system named after it, holding one
//! container per component (C4's container is what runs on instances,
//! which is what a Headroom component is), tagged by kind ("Database",
//! "Queue", …) and carrying every figure the importer reads as `headroom.*`
//! properties. Dependencies become relationships with `headroom.calls`,
//! `headroom.call_kind` and, for a load balancer's share, `headroom.routing`;
//! asynchronous ones are tagged "Asynchronous" (the DSL has no other way to
//! say it; the JSON also sets `interactionStyle`). The scenario's entry
//! points become a person, "Users", whose relationships carry
//! `headroom.rate`. Given a report, the DSL adds `headroom.utilisation`,
//! `headroom.status` and `headroom.headroom` and a status tag with a
//! colour: figures for the reader, which the importer passes over.
//!
//! What does not survive a trip out and back: a module's host (written as
//! `headroom.host`, which the importer cannot apply yet), settings past
//! capacity (database replicas, pools, cache expiry, memory), deferrable
//! and repeat shares, the scenario's name and growth, and ids made only of
//! digits (the importer reads those as Structurizr's own numbering and
//! keys by name instead). Two components with one name get their id after
//! the name, as Structurizr wants container names unique.
//!
//! The DSL's strings have two escapes, `\"` and `\n`, and no way to write a
//! backslash that the parser would read as one of them (before an `n`, or
//! last in the string): such a backslash is written as "⧵" (U+29F5). Its
//! `${NAME}` substitution cannot be escaped at all; a name holding one is
//! written as it is.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write;

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::engine::{Report, Status};
use crate::model::{CallKind, CallMode, Component, ComponentKind, Dependency, Document, Routing};
use crate::words::quantity::{field_text, significant_figures};

/// Words a DSL identifier must not be: the keywords a line can start with
/// (the parser is forgiving, but an identifier named `this` or `model` is
/// a trap for whoever edits the file next).
const RESERVED: [&str; 46] = [
    "this",
    "workspace",
    "model",
    "views",
    "person",
    "softwaresystem",
    "container",
    "component",
    "group",
    "element",
    "enterprise",
    "deploymentenvironment",
    "deploymentgroup",
    "deploymentnode",
    "infrastructurenode",
    "softwaresysteminstance",
    "containerinstance",
    "instanceof",
    "healthcheck",
    "properties",
    "perspectives",
    "tags",
    "description",
    "technology",
    "instances",
    "url",
    "name",
    "styles",
    "theme",
    "themes",
    "branding",
    "terminology",
    "configuration",
    "include",
    "exclude",
    "autolayout",
    "default",
    "animation",
    "title",
    "systemlandscape",
    "systemcontext",
    "filtered",
    "dynamic",
    "deployment",
    "custom",
    "image",
];

/// The tag that says a component's kind, which the styles below shape.
fn kind_tag(kind: ComponentKind) -> &'static str {
    match kind {
        ComponentKind::Service => "Service",
        ComponentKind::Module => "Module",
        ComponentKind::LoadBalancer => "Load Balancer",
        ComponentKind::ApiGateway => "API Gateway",
        ComponentKind::Cdn => "CDN",
        ComponentKind::Cache => "Cache",
        ComponentKind::Database => "Database",
        ComponentKind::ConnectionPooler => "Connection Pooler",
        ComponentKind::Queue => "Queue",
        ComponentKind::WorkerPool => "Worker Pool",
        ComponentKind::Function => "Function",
        ComponentKind::ExternalApi => "External",
    }
}

fn status_tag(status: Status) -> String {
    format!("Headroom: {}", status.label())
}

/// The same colours as the Mermaid export's, so both read alike.
const STATUS_COLOURS: [(Status, &str, &str); 4] = [
    (Status::Ok, "#dff3e4", "#1b7a3a"),
    (Status::Warm, "#fff1c2", "#9a6b00"),
    (Status::Hot, "#ffd9b8", "#b34700"),
    (Status::Saturated, "#ffd6d6", "#b00020"),
];

/// One container as both exports write it.
struct Placed<'d> {
    component: &'d Component,
    /// Its name, made unique within the system.
    name: String,
    identifier: String,
    properties: Vec<(&'static str, String)>,
}

/// One relationship as both exports write it.
struct Arrow<'d> {
    dependency: &'d Dependency,
    from: usize,
    to: usize,
    description: String,
    properties: Vec<(&'static str, String)>,
}

/// What both exports write, worked out once.
struct Plan<'d> {
    system_name: String,
    system_identifier: String,
    person_name: String,
    person_identifier: String,
    boxes: Vec<Placed<'d>>,
    arrows: Vec<Arrow<'d>>,
    /// (box, requests per second) of each entry point.
    entries: Vec<(usize, f64)>,
    description: String,
}

fn plan(doc: &Document) -> Plan<'_> {
    let system_name = if doc.name.trim().is_empty() { "System".to_owned() } else { doc.name.trim().to_owned() };
    // Structurizr wants people's and software systems' names unique.
    let person_name = if system_name == "Users" { "Incoming users".to_owned() } else { "Users".to_owned() };
    let mut identifiers: HashSet<String> = HashSet::new();
    let person_identifier = unique_identifier("users", &mut identifiers);
    let system_identifier = unique_identifier("system", &mut identifiers);
    let mut names: HashSet<String> = HashSet::new();
    let boxes: Vec<Placed> = doc
        .components
        .iter()
        .map(|component| {
            let mut name = component.name.clone();
            if !names.insert(name.clone()) {
                name = format!("{} ({})", component.name, component.id);
                names.insert(name.clone());
            }
            Placed {
                component,
                name,
                identifier: unique_identifier(component.id.as_str(), &mut identifiers),
                properties: component_properties(component),
            }
        })
        .collect();
    let position = |id: &str| boxes.iter().position(|b| b.component.id.as_str() == id);
    let mut descriptions: HashSet<(usize, usize, String)> = HashSet::new();
    let arrows = doc
        .dependencies
        .iter()
        .filter_map(|dependency| {
            let (from, to) = (position(dependency.from.as_str())?, position(dependency.to.as_str())?);
            // Structurizr wants the descriptions between two elements unique.
            let base = relationship_description(dependency);
            let mut description = base.clone();
            let mut n = 2;
            while !descriptions.insert((from, to, description.clone())) {
                description = format!("{base} ({n})");
                n += 1;
            }
            Some(Arrow { dependency, from, to, description, properties: dependency_properties(dependency) })
        })
        .collect();
    let entries: Vec<(usize, f64)> = doc
        .scenario
        .entries
        .iter()
        .filter_map(|entry| Some((position(entry.component.as_str())?, entry.rate)))
        .collect();
    let description = format!(
        "Modelled in Headroom: {} component{}, {} dependenc{}; scenario: {}",
        doc.components.len(),
        if doc.components.len() == 1 { "" } else { "s" },
        doc.dependencies.len(),
        if doc.dependencies.len() == 1 { "y" } else { "ies" },
        doc.scenario.name
    );
    Plan { system_name, system_identifier, person_name, person_identifier, boxes, arrows, entries, description }
}

/// Every figure the importer reads back, as Structurizr keeps properties:
/// strings, here the shortest that reads back as the same number.
fn component_properties(component: &Component) -> Vec<(&'static str, String)> {
    let mut properties = vec![
        ("headroom.kind", component.kind.slug().to_owned()),
        ("headroom.instances", component.instances.to_string()),
    ];
    if let Some(max) = component.max_instances {
        properties.push(("headroom.max_instances", max.to_string()));
    }
    properties.push(("headroom.throughput_per_instance", field_text(component.throughput_per_instance)));
    properties.push(("headroom.base_latency_ms", field_text(component.base_latency_ms)));
    properties.push(("headroom.monthly_cost_per_instance", field_text(component.monthly_cost_per_instance)));
    if let Some(hit_ratio) = component.hit_ratio.filter(|_| component.kind.serves_hits()) {
        properties.push(("headroom.hit_ratio", field_text(hit_ratio)));
    }
    if let Some(host) = component.host() {
        properties.push(("headroom.host", host.to_string()));
    }
    properties
}

fn dependency_properties(dependency: &Dependency) -> Vec<(&'static str, String)> {
    let mut properties = vec![
        ("headroom.calls", field_text(dependency.calls)),
        ("headroom.call_kind", dependency.kind.label().to_owned()),
    ];
    if dependency.routing == Routing::Share {
        properties.push(("headroom.routing", "share".to_owned()));
    }
    properties
}

fn relationship_description(dependency: &Dependency) -> String {
    let calls = significant_figures(dependency.calls, 3);
    if dependency.routing == Routing::Share {
        return format!("Sends {}% of its traffic to", significant_figures(dependency.calls * 100.0, 3));
    }
    let verb = match dependency.kind {
        CallKind::Call => "Calls",
        CallKind::Read => "Reads from",
        CallKind::Write => "Writes to",
    };
    format!("{verb}, {calls} per request")
}

/// A DSL identifier from a Headroom id: the DSL takes letters, digits and
/// underscores (and compares them ignoring case), so the id is lowered,
/// every other character made '_', a leading digit or a keyword guarded,
/// and a clash numbered.
fn unique_identifier(id: &str, taken: &mut HashSet<String>) -> String {
    let mut base: String =
        id.chars().flat_map(char::to_lowercase).map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
        base = format!("c_{base}");
    }
    if RESERVED.contains(&base.as_str()) {
        base.push_str("_component");
    }
    let mut identifier = base.clone();
    let mut n = 2;
    while !taken.insert(identifier.clone()) {
        identifier = format!("{base}_{n}");
        n += 1;
    }
    identifier
}

/// `text` as a quoted DSL string (see the module's note on backslashes).
fn dsl_string(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for (k, &ch) in chars.iter().enumerate() {
        match ch {
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            '\\' if matches!(chars.get(k + 1), None | Some('n')) => out.push('⧵'),
            ch if ch.is_control() => out.push(' '),
            ch => out.push(ch),
        }
    }
    out.push('"');
    out
}

fn write_properties(out: &mut String, indent: &str, properties: &[(&'static str, String)]) {
    if properties.is_empty() {
        return;
    }
    let _ = writeln!(out, "{indent}properties {{");
    for (name, value) in properties {
        let _ = writeln!(out, "{indent}    {} {}", dsl_string(name), dsl_string(value));
    }
    let _ = writeln!(out, "{indent}}}");
}

/// The document as a Structurizr DSL workspace: one software system of
/// containers, the relationships between them, a container view with
/// automatic layout and styles for the kinds (and, given a report, for
/// each component's status).
pub fn workspace(doc: &Document, report: Option<&Report>) -> String {
    let plan = plan(doc);
    let mut out = String::new();
    let _ = writeln!(out, "workspace {} {} {{", dsl_string(&plan.system_name), dsl_string(&plan.description));
    out.push('\n');
    out.push_str("    model {\n");
    if !plan.entries.is_empty() {
        let _ = writeln!(
            out,
            "        {} = person {} {}",
            plan.person_identifier,
            dsl_string(&plan.person_name),
            dsl_string("Where the scenario's traffic comes from")
        );
    }
    let _ = writeln!(
        out,
        "        {} = softwareSystem {} {} {{",
        plan.system_identifier,
        dsl_string(&plan.system_name),
        dsl_string("Modelled in Headroom")
    );
    let mut statuses: Vec<Status> = Vec::new();
    for b in &plan.boxes {
        let component = b.component;
        let mut tags = vec![kind_tag(component.kind).to_owned()];
        let mut properties = b.properties.clone();
        if let Some(load) = report.and_then(|r| r.component(&component.id)) {
            properties.push(("headroom.utilisation", significant_figures(load.utilisation, 3)));
            properties.push(("headroom.status", load.status.label().to_owned()));
            if let Some(headroom) = load.headroom {
                properties.push(("headroom.headroom", significant_figures(headroom, 3)));
            }
            if load.status != Status::Idle {
                tags.push(status_tag(load.status));
                if !statuses.contains(&load.status) {
                    statuses.push(load.status);
                }
            }
        }
        let _ = writeln!(
            out,
            "            {} = container {} {} \"\" {} {{",
            b.identifier,
            dsl_string(&b.name),
            dsl_string(component.kind.label()),
            dsl_string(&tags.join(","))
        );
        write_properties(&mut out, "                ", &properties);
        out.push_str("            }\n");
    }
    out.push_str("        }\n");
    if !plan.entries.is_empty() || !plan.arrows.is_empty() {
        out.push('\n');
    }
    for &(to, rate) in &plan.entries {
        let Some(b) = plan.boxes.get(to) else { continue };
        let _ = writeln!(
            out,
            "        {} -> {} {} {{",
            plan.person_identifier,
            b.identifier,
            dsl_string("Sends requests to")
        );
        write_properties(&mut out, "            ", &[("headroom.rate", field_text(rate))]);
        out.push_str("        }\n");
    }
    for arrow in &plan.arrows {
        let (Some(from), Some(to)) = (plan.boxes.get(arrow.from), plan.boxes.get(arrow.to)) else { continue };
        let tags = if arrow.dependency.mode == CallMode::Async { " \"\" \"Asynchronous\"" } else { "" };
        let _ = writeln!(
            out,
            "        {} -> {} {}{tags} {{",
            from.identifier,
            to.identifier,
            dsl_string(&arrow.description)
        );
        write_properties(&mut out, "            ", &arrow.properties);
        out.push_str("        }\n");
    }
    out.push_str("    }\n\n");
    out.push_str("    views {\n");
    let _ = writeln!(out, "        container {} \"Containers\" {{", plan.system_identifier);
    out.push_str("            include *\n");
    out.push_str("            autoLayout lr\n");
    out.push_str("        }\n\n");
    out.push_str("        styles {\n");
    let style = |out: &mut String, tag: &str, lines: &[String]| {
        let _ = writeln!(out, "            element {} {{", dsl_string(tag));
        for line in lines {
            let _ = writeln!(out, "                {line}");
        }
        out.push_str("            }\n");
    };
    style(&mut out, "Person", &["shape Person".to_owned()]);
    style(&mut out, "Database", &["shape Cylinder".to_owned()]);
    style(&mut out, "Queue", &["shape Pipe".to_owned()]);
    style(&mut out, "External", &["background #8a8a8a".to_owned(), "color #ffffff".to_owned()]);
    for (status, fill, stroke) in STATUS_COLOURS {
        if statuses.contains(&status) {
            style(
                &mut out,
                &status_tag(status),
                &[format!("background {fill}"), format!("stroke {stroke}"), "color #000000".to_owned()],
            );
        }
    }
    out.push_str("            relationship \"Asynchronous\" {\n");
    out.push_str("                dashed true\n");
    out.push_str("            }\n");
    out.push_str("        }\n");
    out.push_str("    }\n\n");
    out.push_str("}\n");
    out
}

/// Name–value properties in the order written (Structurizr keeps them as
/// a JSON object of strings).
struct Properties<'p>(&'p [(&'static str, String)]);

impl Serialize for Properties<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

#[derive(serde::Serialize)]
struct JsonWorkspace<'p> {
    name: &'p str,
    description: &'p str,
    model: JsonModel<'p>,
    views: JsonViews,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonModel<'p> {
    people: Vec<JsonElement<'p>>,
    software_systems: Vec<JsonSystem<'p>>,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonSystem<'p> {
    id: String,
    tags: &'static str,
    name: &'p str,
    description: &'static str,
    location: &'static str,
    containers: Vec<JsonElement<'p>>,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonElement<'p> {
    id: String,
    tags: String,
    name: &'p str,
    description: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    technology: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Properties<'p>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    relationships: Vec<JsonRelationship<'p>>,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonRelationship<'p> {
    id: String,
    tags: &'static str,
    source_id: String,
    destination_id: String,
    description: &'p str,
    interaction_style: &'static str,
    properties: Properties<'p>,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonViews {
    container_views: Vec<JsonContainerView>,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonContainerView {
    key: &'static str,
    software_system_id: String,
    automatic_layout: BTreeMap<&'static str, serde_json::Value>,
    elements: Vec<JsonId>,
    relationships: Vec<JsonId>,
}

#[derive(serde::Serialize)]
struct JsonId {
    id: String,
}

/// Ids of a Structurizr workspace are unique across elements and
/// relationships alike.
fn unique_id(base: &str, taken: &mut HashSet<String>) -> String {
    let mut id = base.to_owned();
    let mut n = 2;
    while !taken.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// The document as the Structurizr JSON the Structurizr tools export:
/// element ids are the components' ids, so an import keeps them.
pub fn workspace_json(doc: &Document) -> String {
    let plan = plan(doc);
    let mut taken: HashSet<String> = doc.components.iter().map(|c| c.id.to_string()).collect();
    let person_id = unique_id(&plan.person_identifier, &mut taken);
    let system_id = unique_id(&plan.system_identifier, &mut taken);
    let entry_properties: Vec<Vec<(&'static str, String)>> =
        plan.entries.iter().map(|&(_, rate)| vec![("headroom.rate", field_text(rate))]).collect();
    let mut relationship_ids = Vec::new();
    let person_relationships: Vec<JsonRelationship> = plan
        .entries
        .iter()
        .zip(&entry_properties)
        .filter_map(|(&(to, _), properties)| {
            let b = plan.boxes.get(to)?;
            let id = unique_id(&format!("{person_id}-{}", b.component.id), &mut taken);
            relationship_ids.push(id.clone());
            Some(JsonRelationship {
                id,
                tags: "Relationship,Synchronous",
                source_id: person_id.clone(),
                destination_id: b.component.id.to_string(),
                description: "Sends requests to",
                interaction_style: "Synchronous",
                properties: Properties(properties),
            })
        })
        .collect();
    let mut outgoing: Vec<Vec<JsonRelationship>> = plan.boxes.iter().map(|_| Vec::new()).collect();
    for arrow in &plan.arrows {
        let (Some(from), Some(to)) = (plan.boxes.get(arrow.from), plan.boxes.get(arrow.to)) else { continue };
        let id = unique_id(arrow.dependency.id.as_str(), &mut taken);
        relationship_ids.push(id.clone());
        let asynchronous = arrow.dependency.mode == CallMode::Async;
        let relationship = JsonRelationship {
            id,
            tags: if asynchronous { "Relationship,Asynchronous" } else { "Relationship,Synchronous" },
            source_id: from.component.id.to_string(),
            destination_id: to.component.id.to_string(),
            description: &arrow.description,
            interaction_style: if asynchronous { "Asynchronous" } else { "Synchronous" },
            properties: Properties(&arrow.properties),
        };
        if let Some(list) = outgoing.get_mut(arrow.from) {
            list.push(relationship);
        }
    }
    let containers: Vec<JsonElement> = plan
        .boxes
        .iter()
        .zip(outgoing)
        .map(|(b, relationships)| JsonElement {
            id: b.component.id.to_string(),
            tags: format!("Element,Container,{}", kind_tag(b.component.kind)),
            name: &b.name,
            description: b.component.kind.label(),
            technology: Some(""),
            location: None,
            properties: Some(Properties(&b.properties)),
            relationships,
        })
        .collect();
    let people = if plan.entries.is_empty() {
        Vec::new()
    } else {
        vec![JsonElement {
            id: person_id.clone(),
            tags: "Element,Person".to_owned(),
            name: &plan.person_name,
            description: "Where the scenario's traffic comes from",
            technology: None,
            location: Some("External"),
            properties: None,
            relationships: person_relationships,
        }]
    };
    let mut elements: Vec<JsonId> = people.iter().map(|p| JsonId { id: p.id.clone() }).collect();
    elements.extend(containers.iter().map(|c| JsonId { id: c.id.clone() }));
    let automatic_layout = BTreeMap::from([
        ("implementation", serde_json::json!("Graphviz")),
        ("rankDirection", serde_json::json!("LeftRight")),
        ("rankSeparation", serde_json::json!(300)),
        ("nodeSeparation", serde_json::json!(300)),
        ("edgeSeparation", serde_json::json!(0)),
        ("vertices", serde_json::json!(false)),
    ]);
    let workspace = JsonWorkspace {
        name: &plan.system_name,
        description: &plan.description,
        model: JsonModel {
            people,
            software_systems: vec![JsonSystem {
                id: system_id.clone(),
                tags: "Element,Software System",
                name: &plan.system_name,
                description: "Modelled in Headroom",
                location: "Internal",
                containers,
            }],
        },
        views: JsonViews {
            container_views: vec![JsonContainerView {
                key: "Containers",
                software_system_id: system_id,
                automatic_layout,
                elements,
                relationships: relationship_ids.into_iter().map(|id| JsonId { id }).collect(),
            }],
        },
    };
    // Serialising plain strings and numbers into a String cannot fail.
    serde_json::to_string_pretty(&workspace).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::solve;
    use crate::files::import::structurizr;
    use crate::model::{mvp_that_creaks, templates::TEMPLATES};

    #[test]
    fn the_sample_becomes_a_dsl_workspace() {
        let doc = mvp_that_creaks();
        let text = workspace(&doc, None);
        assert!(text.starts_with("workspace \"MVP that creaks\" \"Modelled in Headroom: 6 components, 7 dependencies"));
        assert!(
            text.contains("        system = softwareSystem \"MVP that creaks\" \"Modelled in Headroom\" {\n"),
            "{text}"
        );
        assert!(
            text.contains(
                "            postgres = container \"Postgres\" \"Relational database\" \"\" \"Database\" {\n"
            ),
            "{text}"
        );
        assert!(text.contains("                    \"headroom.kind\" \"database\"\n"), "{text}");
        assert!(text.contains("                    \"headroom.throughput_per_instance\" \"400\"\n"), "{text}");
        assert!(text.contains("                    \"headroom.hit_ratio\" \"0.8\"\n"), "{text}");
        assert!(text.contains("        users -> lb \"Sends requests to\" {\n            properties {\n                \"headroom.rate\" \"120\"\n"), "{text}");
        assert!(
            text.contains("        web -> queue \"Writes to, 0.1 per request\" \"\" \"Asynchronous\" {\n"),
            "{text}"
        );
        assert!(text.contains("        lb -> web \"Sends 100% of its traffic to\" {\n"), "{text}");
        assert!(text.contains("                \"headroom.routing\" \"share\"\n"), "{text}");
        assert!(text
            .contains("        container system \"Containers\" {\n            include *\n            autoLayout lr\n"));
        assert!(!text.contains("headroom.status"));
        // Braces balance and each closing one is alone on its line, as the DSL requires.
        let opening = text.matches('{').count();
        assert_eq!(opening, text.lines().filter(|l| l.trim() == "}").count(), "{text}");
        assert!(text.lines().filter(|l| l.contains('{')).all(|l| l.ends_with('{')), "{text}");
    }

    #[test]
    fn a_report_adds_figures_and_status_styles() {
        let doc = mvp_that_creaks();
        let text = workspace(&doc, Some(&solve(&doc)));
        assert!(text.contains("\"headroom.status\" \"ok\""), "{text}");
        assert!(text.contains("\"headroom.utilisation\" \"0.24\""), "{text}");
        assert!(text.contains("\"Database,Headroom: ok\""), "{text}");
        assert!(
            text.contains("            element \"Headroom: ok\" {\n                background #dff3e4\n"),
            "{text}"
        );
        // The importer passes the figures over rather than listing them.
        let draft = structurizr::read(&workspace_json(&doc)).unwrap();
        assert!(draft.not_understood.iter().all(|u| !u.text.contains("headroom.status")));
    }

    #[test]
    fn strings_and_identifiers_are_safe() {
        assert_eq!(dsl_string("Say \"hi\""), "\"Say \\\"hi\\\"\"");
        assert_eq!(dsl_string("two\nlines\r"), "\"two\\nlines\"");
        assert_eq!(dsl_string("C:\\new\\"), "\"C:⧵new⧵\"");
        assert_eq!(dsl_string("a\\b \\\""), "\"a\\b \\\\\"\"");
        assert_eq!(dsl_string("tab\there"), "\"tab here\"");
        let mut taken = HashSet::new();
        let ids: Vec<String> = ["web-app", "web.app", "Web_App", "2fa", "this", "", "ünïcode"]
            .iter()
            .map(|id| unique_identifier(id, &mut taken))
            .collect();
        assert_eq!(ids, ["web_app", "web_app_2", "web_app_3", "c_2fa", "this_component", "c_", "_n_code"]);
        for id in &ids {
            assert!(id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'), "{id}");
        }
    }

    #[test]
    fn duplicate_names_and_hostile_names_stay_valid() {
        let mut doc = mvp_that_creaks();
        doc.components[1].name = "Load balancer".to_owned();
        doc.components[2].name = "Post\"gres\\".to_owned();
        let text = workspace(&doc, None);
        assert!(text.contains("container \"Load balancer (web)\""), "{text}");
        assert!(text.contains("container \"Post\\\"gres⧵\""), "{text}");
        let json: serde_json::Value = serde_json::from_str(&workspace_json(&doc)).unwrap();
        let names: Vec<&str> = json["model"]["softwareSystems"][0]["containers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(names[..3], ["Load balancer", "Load balancer (web)", "Post\"gres\\"]);
    }

    #[test]
    fn the_json_reads_back_as_the_document() {
        for template in TEMPLATES {
            let doc = (template.build)();
            let mut draft = structurizr::read(&workspace_json(&doc)).unwrap();
            draft.settle_guesses();
            let back = draft.to_document().unwrap_or_else(|e| panic!("{}: {e:?}", template.id));
            let ids = |d: &Document| d.components.iter().map(|c| c.id.to_string()).collect::<Vec<_>>();
            assert_eq!(ids(&back), ids(&doc), "{}", template.id);
            for (a, b) in doc.components.iter().zip(&back.components) {
                assert_eq!((a.kind, a.instances, a.max_instances), (b.kind, b.instances, b.max_instances), "{}", a.id);
                assert_eq!(a.throughput_per_instance, b.throughput_per_instance, "{}", a.id);
            }
            assert_eq!(back.scenario.entries.len(), doc.scenario.entries.len());
        }
    }
}

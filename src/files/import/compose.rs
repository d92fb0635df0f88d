//! docker-compose files (the Compose Specification, compose-spec.io) read
//! into a draft: each service a component, its kind guessed from its image
//! and build context; `depends_on` and `links` arrows; `deploy.replicas`
//! (or the older `scale`) its instances. What a file holds beyond the
//! model — ports, environment, volumes, networks, healthchecks — is listed
//! once per service and once per top-level key, never dropped silently.
//!
//! yaml-rust2 expands aliases but leaves merge keys (`<<: *common`) as
//! plain keys, so they are merged here, as compose itself does. Before the
//! file is loaded its nesting and what its aliases expand to are measured,
//! so a hostile file (a "billion laughs") is an error naming its line, not
//! a page that runs out of memory or stack.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::Marker;
use yaml_rust2::yaml::Hash;
use yaml_rust2::{ScanError, Yaml, YamlLoader};

use super::draft::{DraftDependency, ImportDraft, Unread};
use super::{ImportFormat, Place, ReadError};
use crate::model::bounds::MAX_INSTANCES;
use crate::model::{CallKind, CallMode, Routing};

/// The document's name when the file has no top-level `name`.
const DEFAULT_NAME: &str = "docker-compose";

/// yaml-rust2's parser recurses once per level of nesting, and the trees
/// it builds are cloned and dropped recursively: past this depth (far
/// beyond any compose file) the file is refused before it can exhaust the
/// stack, in the browser as on the command line.
const MAX_DEPTH: usize = 64;

/// The most values (scalars and collections) a file may hold once its
/// aliases are expanded: each alias is a full copy, so ten nested aliases
/// of ten can ask for billions. A large compose file holds a few thousand.
const MAX_VALUES: usize = 1_000_000;

/// Names are at most this long in Headroom (validation refuses more).
const NAME_CHARS: usize = 120;

/// Reads a docker-compose file: its `services` (required), `name`, and
/// everything else listed as not understood.
pub fn read(text: &str) -> Result<ImportDraft, ReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    check_shape(text)?;
    let documents = YamlLoader::load_from_str(text).map_err(|error| scan_error(&error))?;
    let root = match documents.first() {
        None | Some(Yaml::Null | Yaml::BadValue) => {
            return Err(ReadError::at_line(1, "the file is empty: a compose file lists its services under services:"));
        }
        Some(root) => root,
    };
    let mut problems = Vec::new();
    let root = with_merges(root, "", &mut problems);
    let Yaml::Hash(top) = &root else {
        return Err(ReadError::at_path(
            "",
            format!("expected a mapping with services: at the top, got {}", describe(&root)),
        ));
    };
    let services = match field(top, "services") {
        None => {
            return Err(ReadError::at_path(
                "services",
                "missing: a compose file lists its services under a top-level services: mapping",
            ));
        }
        Some(Yaml::Hash(services)) if !services.is_empty() => services,
        Some(Yaml::Hash(_) | Yaml::Null) => {
            return Err(ReadError::at_path("services", "no services: there is nothing to import"));
        }
        Some(other) => {
            return Err(ReadError::at_path(
                "services",
                format!("expected a mapping of service names to their definitions, got {}", describe(other)),
            ));
        }
    };

    let mut draft = ImportDraft::new(ImportFormat::Compose, DEFAULT_NAME);
    draft.not_understood.append(&mut problems);
    // Top-level keys in the file's order, so the list reads as the file does.
    for (raw_key, value) in top {
        let Some(key) = key_text(raw_key) else {
            draft.skip(Place::Path(String::new()), describe(raw_key), "a top-level key that is not text: not read");
            continue;
        };
        match key.as_str() {
            "services" => read_services(&mut draft, services),
            "name" => match key_text(value) {
                Some(name) if !name.trim().is_empty() => draft.name = clean_name(&name),
                _ => draft.skip(Place::Path(key), describe(value), "not a name: the document is called docker-compose"),
            },
            "include" => {
                let files = included_files(value);
                let text = if files.is_empty() { key.clone() } else { format!("include: {}", files.join(", ")) };
                draft.skip(Place::Path(key), text, "the included files are not read: import each on its own");
            }
            "version" => draft.skip(
                Place::Path(key),
                format!("version: {}", key_text(value).unwrap_or_default()),
                "obsolete in the Compose Specification (compose ignores it too); not part of the model",
            ),
            extension if extension.starts_with("x-") => {
                draft.skip(Place::Path(key.clone()), key, "extension field: not part of the model");
            }
            _ => {
                let names = match value {
                    Yaml::Hash(entries) => entries.keys().filter_map(key_text).collect::<Vec<_>>(),
                    _ => Vec::new(),
                };
                let text = if names.is_empty() { key.clone() } else { format!("{key}: {}", names.join(", ")) };
                draft.skip(Place::Path(key), text, "not part of the model");
            }
        }
    }
    if documents.len() > 1 {
        draft.skip(
            Place::Path(String::new()),
            match documents.len() - 1 {
                1 => "a second YAML document after ---".to_owned(),
                more => format!("{more} more YAML documents after ---"),
            },
            "only the first document of the file is read",
        );
    }
    Ok(draft)
}

/// Every service a component (first, so that a `depends_on` may name one
/// defined further down), then every service's arrows.
fn read_services(draft: &mut ImportDraft, services: &Hash) {
    let mut ids: HashMap<String, String> = HashMap::new();
    let mut read: Vec<(String, String, &Hash)> = Vec::new();
    for (raw_key, value) in services {
        let Some(key) = key_text(raw_key) else {
            draft.skip(
                Place::Path("services".to_owned()),
                describe(raw_key),
                "a service name that is not text: not read",
            );
            continue;
        };
        let path = format!("services.{key}");
        let definition = match value {
            Yaml::Hash(definition) => Some(definition),
            // `web:` with nothing under it is a service with no settings.
            Yaml::Null => None,
            other => {
                draft.skip(
                    Place::Path(path),
                    key,
                    format!("expected the service's settings (a mapping), got {}: not read", describe(other)),
                );
                continue;
            }
        };
        if ids.contains_key(&key) {
            draft.skip(Place::Path(path), key, "a second service of that name: not read");
            continue;
        }
        let image = definition.and_then(|d| field(d, "image")).and_then(Yaml::as_str);
        let build = definition.and_then(|d| field(d, "build")).and_then(build_context);
        let container_name = definition.and_then(|d| field(d, "container_name")).and_then(Yaml::as_str);
        let hints: Vec<&str> = image.into_iter().chain(build).collect();
        let id = draft.component(&key, Some(container_name.unwrap_or(&key)), None, &hints, Place::Path(path.clone()));
        if let Some(definition) = definition {
            read_settings(draft, &id, &path, definition);
            read.push((path, id.clone(), definition));
        }
        ids.insert(key, id);
    }
    for (path, id, definition) in read {
        read_arrows(draft, &ids, &id, &path, definition);
    }
}

/// A service's settings other than its arrows: instances, profiles,
/// `extends`, and one line listing every key that is not part of the model.
fn read_settings(draft: &mut ImportDraft, id: &str, path: &str, definition: &Hash) {
    let mut ignored: Vec<String> = Vec::new();
    let mut scale = None;
    let mut replicas = None;
    for (raw_key, value) in definition {
        let Some(key) = key_text(raw_key) else {
            ignored.push(describe(raw_key));
            continue;
        };
        match key.as_str() {
            "image" | "container_name" if value.as_str().is_some() => {}
            "build" if matches!(value, Yaml::String(_) | Yaml::Hash(_)) => {}
            "depends_on" | "links" => {}
            "scale" => scale = Some(value),
            "deploy" => match value {
                Yaml::Hash(deploy) => {
                    for (raw_setting, setting) in deploy {
                        match key_text(raw_setting) {
                            Some(name) if name == "replicas" => replicas = Some(setting),
                            Some(name) => ignored.push(format!("deploy.{name}")),
                            None => ignored.push(format!("deploy.{}", describe(raw_setting))),
                        }
                    }
                }
                Yaml::Null => {}
                _ => ignored.push(key),
            },
            "profiles" => match profile_names(value) {
                Some(names) => draft.skip(
                    Place::Path(format!("{path}.profiles")),
                    format!("profiles: {}", names.join(", ")),
                    format!(
                        "started only with the profile{} {}: imported anyway (leave it out in the preview if that \
                         profile is not run)",
                        if names.len() == 1 { "" } else { "s" },
                        names.join(", ")
                    ),
                ),
                None => ignored.push(key),
            },
            "extends" => match extended(value) {
                Some((text, why)) => draft.skip(Place::Path(format!("{path}.extends")), text, why),
                None => ignored.push(key),
            },
            _ => ignored.push(key),
        }
    }
    read_instances(draft, id, path, replicas, scale);
    if !ignored.is_empty() {
        draft.skip(Place::Path(path.to_owned()), ignored.join(", "), "not part of the model");
    }
}

/// `deploy.replicas`, else the legacy `scale`, as the component's instances.
fn read_instances(draft: &mut ImportDraft, id: &str, path: &str, replicas: Option<&Yaml>, scale: Option<&Yaml>) {
    if let (Some(replicas), Some(scale)) = (replicas, scale) {
        if replicas != scale {
            draft.skip(
                Place::Path(format!("{path}.scale")),
                format!("scale: {}", describe(scale)),
                format!("deploy.replicas ({}) is given too, and is the one read", describe(replicas)),
            );
        }
    }
    let Some((setting, value)) = replicas.map(|v| ("deploy.replicas", v)).or(scale.map(|v| ("scale", v))) else {
        return;
    };
    let place = Place::Path(format!("{path}.{setting}"));
    match replica_count(value) {
        Ok(0) => draft.skip(
            place,
            format!("{setting}: 0"),
            "no replicas: compose starts none of it; imported with its kind's usual instances",
        ),
        Ok(count) => {
            if let Some(component) = draft.component_mut(id) {
                component.declared.instances = Some(count);
            }
        }
        Err(why) => draft.skip(place, format!("{setting}: {}", describe(value)), why),
    }
}

/// A replica count: a whole number from 0 to Headroom's most instances
/// (as text too: compose reads `"3"` as 3).
fn replica_count(value: &Yaml) -> Result<u32, String> {
    let count = match value {
        Yaml::Integer(count) => *count,
        Yaml::String(text) if text.contains("${") => {
            return Err(
                "a variable: not resolved (the environment is not read), so instances are the kind's usual".to_owned()
            );
        }
        Yaml::String(text) => text
            .trim()
            .parse::<i64>()
            .map_err(|_| "expected a whole number of replicas: instances are the kind's usual".to_owned())?,
        _ => return Err("expected a whole number of replicas: instances are the kind's usual".to_owned()),
    };
    if count < 0 {
        return Err("a negative number of replicas: instances are the kind's usual".to_owned());
    }
    match u32::try_from(count) {
        Ok(count) if count <= MAX_INSTANCES => Ok(count),
        _ => {
            Err(format!("more than {MAX_INSTANCES} replicas, the most Headroom models: instances are the kind's usual"))
        }
    }
}

/// One service the file says this one needs, and how it says so.
struct Wanted {
    service: String,
    place: Place,
    how: String,
}

/// `depends_on` (a list of names, or names with a condition) and `links`
/// (`service` or `service:alias`) as arrows. The same pair named twice
/// (in both, say) is one arrow whose guess says both: compose says what
/// starts first, not how often it is called.
fn read_arrows(draft: &mut ImportDraft, ids: &HashMap<String, String>, from: &str, path: &str, definition: &Hash) {
    let mut wanted = Vec::new();
    if let Some(depends_on) = field(definition, "depends_on") {
        wanted_by_depends_on(draft, depends_on, &format!("{path}.depends_on"), &mut wanted);
    }
    if let Some(links) = field(definition, "links") {
        wanted_by_links(draft, links, &format!("{path}.links"), &mut wanted);
    }
    let mut arrows: Vec<(String, Place, Vec<String>)> = Vec::new();
    for Wanted { service, place, how } in wanted {
        let Some(to) = ids.get(&service) else {
            draft.skip(place, service, "names no service read from this file: no arrow drawn");
            continue;
        };
        if to == from {
            draft.skip(place, service, "the service itself: no arrow drawn");
            continue;
        }
        match arrows.iter_mut().find(|(id, _, _)| id == to) {
            Some((_, _, hows)) => hows.push(how),
            None => arrows.push((to.clone(), place, vec![how])),
        }
    }
    let caller =
        draft.components.iter().find(|c| c.id == from).map_or_else(|| from.to_owned(), |c| c.source_key.clone());
    for (to, place, hows) in arrows {
        draft.dependency(DraftDependency {
            from: from.to_owned(),
            to,
            calls: 1.0,
            kind: CallKind::Call,
            mode: CallMode::Sync,
            routing: Routing::Calls,
            guess: Some(format!(
                "{caller} {}: read as one call per request (compose says what starts first, not how often it is \
                 called)",
                hows.join(" and ")
            )),
            label: None,
            place,
        });
    }
}

fn wanted_by_depends_on(draft: &mut ImportDraft, depends_on: &Yaml, path: &str, wanted: &mut Vec<Wanted>) {
    match depends_on {
        Yaml::Array(services) => {
            for (k, service) in services.iter().enumerate() {
                let place = Place::Path(format!("{path}[{k}]"));
                match service.as_str() {
                    Some(name) => {
                        wanted.push(Wanted { service: name.to_owned(), place, how: format!("depends_on {name}") });
                    }
                    None => draft.skip(place, describe(service), "not a service name: no arrow drawn"),
                }
            }
        }
        Yaml::Hash(services) => {
            for (raw_name, settings) in services {
                let Some(name) = key_text(raw_name) else {
                    draft.skip(Place::Path(path.to_owned()), describe(raw_name), "not a service name: no arrow drawn");
                    continue;
                };
                let setting = |key: &str| match settings {
                    Yaml::Hash(settings) => field(settings, key),
                    _ => None,
                };
                let mut how = format!("depends_on {name}");
                match setting("condition").and_then(Yaml::as_str) {
                    Some("service_healthy") => how.push_str(" (once it is healthy)"),
                    Some("service_completed_successfully") => how.push_str(
                        " (once it has run to completion: a one-off job, most likely not called per request)",
                    ),
                    Some("service_started") | None => {}
                    Some(other) => how.push_str(&format!(" (condition: {other})")),
                }
                if setting("required").and_then(Yaml::as_bool) == Some(false) {
                    how.push_str(" (optional: required: false)");
                }
                wanted.push(Wanted { place: Place::Path(format!("{path}.{name}")), service: name, how });
            }
        }
        Yaml::Null => {}
        other => draft.skip(
            Place::Path(path.to_owned()),
            describe(other),
            "expected a list of service names or a mapping of them: no arrows drawn",
        ),
    }
}

fn wanted_by_links(draft: &mut ImportDraft, links: &Yaml, path: &str, wanted: &mut Vec<Wanted>) {
    let Yaml::Array(links) = links else {
        if !links.is_null() {
            draft.skip(Place::Path(path.to_owned()), describe(links), "expected a list of services: no arrows drawn");
        }
        return;
    };
    for (k, link) in links.iter().enumerate() {
        let place = Place::Path(format!("{path}[{k}]"));
        let Some(link) = link.as_str() else {
            draft.skip(place, describe(link), "not a service name: no arrow drawn");
            continue;
        };
        let (service, how) = match link.split_once(':') {
            Some((service, alias)) => (service.trim(), format!("links to {} as {}", service.trim(), alias.trim())),
            None => (link.trim(), format!("links to {}", link.trim())),
        };
        wanted.push(Wanted { service: service.to_owned(), place, how });
    }
}

/// The directory a service is built from, a hint to its kind
/// (`./services/worker`).
fn build_context(build: &Yaml) -> Option<&str> {
    match build {
        Yaml::String(context) => Some(context),
        Yaml::Hash(build) => field(build, "context").and_then(Yaml::as_str),
        _ => None,
    }
}

fn profile_names(profiles: &Yaml) -> Option<Vec<String>> {
    let names: Vec<String> = match profiles {
        Yaml::Array(names) => names.iter().filter_map(key_text).collect(),
        Yaml::String(name) => vec![name.clone()],
        _ => Vec::new(),
    };
    (!names.is_empty()).then_some(names)
}

/// What an `extends` names, and why it is not followed.
fn extended(extends: &Yaml) -> Option<(String, String)> {
    let (service, file) = match extends {
        Yaml::String(service) => (service.clone(), None),
        Yaml::Hash(extends) => (
            field(extends, "service").and_then(key_text)?,
            field(extends, "file").and_then(Yaml::as_str).map(str::to_owned),
        ),
        _ => return None,
    };
    Some(match file {
        Some(file) => (
            format!("extends: service {service} of {file}"),
            "the other file is not read: only the settings written here are imported".to_owned(),
        ),
        None => (
            format!("extends: {service}"),
            format!("{service}'s settings are not merged in: only the settings written here are imported"),
        ),
    })
}

/// The files a top-level `include` names: paths, or mappings with a
/// `path` (one or a list).
fn included_files(include: &Yaml) -> Vec<String> {
    let items: Vec<&Yaml> = match include {
        Yaml::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let mut files = Vec::new();
    for item in items {
        match item {
            Yaml::String(path) => files.push(path.clone()),
            Yaml::Hash(entry) => match field(entry, "path") {
                Some(Yaml::String(path)) => files.push(path.clone()),
                Some(Yaml::Array(paths)) => files.extend(paths.iter().filter_map(Yaml::as_str).map(str::to_owned)),
                _ => {}
            },
            _ => {}
        }
    }
    files
}

/// `value` with YAML merge keys applied at every level: `<<: *base`, or a
/// list of them, brings in each key of the merged mapping(s) the mapping
/// does not set itself (of a list, the first to set a key wins). A `<<`
/// over something that is not a mapping is listed in `problems`.
fn with_merges(value: &Yaml, path: &str, problems: &mut Vec<Unread>) -> Yaml {
    let child_path = |key: &str| if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") };
    match value {
        Yaml::Array(items) => Yaml::Array(
            items
                .iter()
                .enumerate()
                .map(|(k, item)| match item {
                    Yaml::Array(_) | Yaml::Hash(_) => with_merges(item, &format!("{path}[{k}]"), problems),
                    scalar => scalar.clone(),
                })
                .collect(),
        ),
        Yaml::Hash(entries) => {
            let mut merged = Hash::new();
            let mut sources = Vec::new();
            for (key, item) in entries {
                if key.as_str() == Some("<<") {
                    sources.push(item);
                    continue;
                }
                let item = match item {
                    Yaml::Array(_) | Yaml::Hash(_) => {
                        with_merges(item, &child_path(&key_text(key).unwrap_or_default()), problems)
                    }
                    scalar => scalar.clone(),
                };
                merged.insert(key.clone(), item);
            }
            let merge_path = child_path("<<");
            for source in sources {
                let listed: Vec<&Yaml> = match source {
                    Yaml::Array(list) => list.iter().collect(),
                    single => vec![single],
                };
                for source in listed {
                    match with_merges(source, &merge_path, problems) {
                        Yaml::Hash(source) => {
                            for (key, item) in source {
                                if !merged.contains_key(&key) {
                                    merged.insert(key, item);
                                }
                            }
                        }
                        Yaml::Null => {}
                        other => problems.push(Unread {
                            place: Place::Path(merge_path.clone()),
                            text: describe(&other),
                            why: "a merge key (<<) brings in a mapping or a list of them: nothing merged".to_owned(),
                        }),
                    }
                }
            }
            Yaml::Hash(merged)
        }
        scalar => scalar.clone(),
    }
}

/// Refuses, with the line, a file nested deeper than [`MAX_DEPTH`] or
/// whose aliases expand past [`MAX_VALUES`], before yaml-rust2's loader
/// (recursive, copying each alias in full) is given it. Walks the parser's
/// events, which come from a loop, not a recursion; a YAML error found on
/// the way is reported as the loader would.
fn check_shape(text: &str) -> Result<(), ReadError> {
    struct Open {
        anchor: usize,
        values: usize,
        height: usize,
    }
    let mut parser = Parser::new_from_str(text);
    let mut open: Vec<Open> = Vec::new();
    // Per anchor: the values and the height of what it names.
    let mut anchored: HashMap<usize, (usize, usize)> = HashMap::new();
    let mut total: usize = 0;
    loop {
        let (event, mark) = parser.next_token().map_err(|error| scan_error(&error))?;
        let (anchor, values, height) = match event {
            Event::StreamEnd => return Ok(()),
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if open.len() >= MAX_DEPTH {
                    return Err(too_deep(mark));
                }
                open.push(Open { anchor, values: 1, height: 0 });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match open.pop() {
                Some(done) => (done.anchor, done.values, done.height + 1),
                None => continue,
            },
            Event::Scalar(_, _, anchor, _) => (anchor, 1, 0),
            Event::Alias(anchor) => {
                let (values, height) = anchored.get(&anchor).copied().unwrap_or((1, 0));
                (0, values, height)
            }
            _ => continue,
        };
        if open.len() + height > MAX_DEPTH {
            return Err(too_deep(mark));
        }
        if anchor > 0 {
            anchored.insert(anchor, (values, height));
        }
        let count = match open.last_mut() {
            Some(parent) => {
                parent.values = parent.values.saturating_add(values);
                parent.height = parent.height.max(height);
                parent.values
            }
            None => {
                total = total.saturating_add(values);
                total
            }
        };
        if count > MAX_VALUES {
            return Err(ReadError::at_line(
                line_of(mark),
                format!("its aliases expand to more than {MAX_VALUES} values: not a compose file Headroom reads"),
            ));
        }
    }
}

fn too_deep(mark: Marker) -> ReadError {
    ReadError::at_line(
        line_of(mark),
        format!("nested more than {MAX_DEPTH} levels deep (aliases included): not a compose file Headroom reads"),
    )
}

/// yaml-rust2 counts lines from 1; a marker it makes before reading
/// anything says 0, which is the first line too.
fn line_of(mark: Marker) -> usize {
    mark.line().max(1)
}

fn scan_error(error: &ScanError) -> ReadError {
    ReadError::at_line(line_of(*error.marker()), format!("not valid YAML: {}", error.info()))
}

fn field<'a>(hash: &'a Hash, key: &str) -> Option<&'a Yaml> {
    hash.get(&Yaml::String(key.to_owned()))
}

/// A key or scalar as text: compose keys are strings, but YAML reads
/// `8080:` or `true:` as a number or a boolean.
fn key_text(key: &Yaml) -> Option<String> {
    match key {
        Yaml::String(text) | Yaml::Real(text) => Some(text.clone()),
        Yaml::Integer(number) => Some(number.to_string()),
        Yaml::Boolean(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// A value as a message quotes it: scalars as written (shortened), the
/// rest by what they are.
fn describe(value: &Yaml) -> String {
    match value {
        Yaml::String(text) => {
            let short: String = text.chars().take(40).collect();
            if short.len() < text.len() {
                format!("\"{short}…\"")
            } else {
                format!("\"{short}\"")
            }
        }
        Yaml::Real(text) => text.chars().take(40).collect(),
        Yaml::Integer(number) => number.to_string(),
        Yaml::Boolean(flag) => flag.to_string(),
        Yaml::Array(_) => "a list".to_owned(),
        Yaml::Hash(_) => "a mapping".to_owned(),
        Yaml::Null => "nothing (null)".to_owned(),
        Yaml::Alias(_) | Yaml::BadValue => "a value that could not be read (an unknown alias or tag)".to_owned(),
    }
}

fn clean_name(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(NAME_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ComponentKind;

    fn why_of<'a>(draft: &'a ImportDraft, text_part: &str) -> Option<&'a str> {
        draft.not_understood.iter().find(|u| u.text.contains(text_part)).map(|u| u.why.as_str())
    }

    #[test]
    fn images_give_the_kinds_away() {
        let draft = read(
            "services:
  proxy: {image: nginx:1.27-alpine}
  edge: {image: traefik:v3.1}
  lb: {image: haproxy:2.9}
  mesh: {image: envoyproxy/envoy:v1.31}
  db: {image: postgres:16}
  legacy: {image: mysql:8.4}
  maria: {image: mariadb:11}
  sessions: {image: redis:7-alpine}
  memo: {image: memcached:1.6}
  bus: {image: rabbitmq:3.13-management}
  events: {image: bitnami/kafka:3.7}
  nats: {image: nats:2.10}
  pool: {image: edoburu/pgbouncer:1.22.1}
  checkout: {image: ghcr.io/acme/checkout:2.3}
  jobs: {build: ./services/worker}
",
        )
        .unwrap();
        let kinds: Vec<ComponentKind> = draft.components.iter().map(|c| c.kind).collect();
        use ComponentKind::*;
        assert_eq!(
            kinds,
            vec![
                LoadBalancer,
                LoadBalancer,
                LoadBalancer,
                LoadBalancer,
                Database,
                Database,
                Database,
                Cache,
                Cache,
                Queue,
                Queue,
                Queue,
                ConnectionPooler,
                Service,
                WorkerPool
            ]
        );
        assert!(draft.components[4].guess.as_deref().unwrap().contains("postgres"));
        assert_eq!(draft.name, "docker-compose");
        assert!(draft.not_understood.is_empty(), "{:?}", draft.not_understood);
    }

    #[test]
    fn depends_on_in_both_forms_and_links_draw_one_arrow_per_pair() {
        let draft = read(
            "name: shop
services:
  api:
    image: shop/api
    container_name: shop-api
    depends_on:
      db: {condition: service_healthy, restart: true}
      cache: {condition: service_started, required: false}
      migrate: {condition: service_completed_successfully}
    links: [\"db:database\", cache]
  web:
    image: shop/web
    depends_on: [api, ghost, web]
  db: {image: postgres}
  cache: {image: redis}
  migrate: {image: shop/api}
",
        )
        .unwrap();
        assert_eq!(draft.name, "shop");
        assert_eq!(draft.components[0].name, "shop-api");
        let arrows: Vec<(&str, &str)> = draft.dependencies.iter().map(|d| (d.from.as_str(), d.to.as_str())).collect();
        assert_eq!(arrows, vec![("api", "db"), ("api", "cache"), ("api", "migrate"), ("web", "api")]);
        assert!(draft.dependencies.iter().all(|d| d.calls == 1.0 && d.routing == Routing::Calls));
        let guess = draft.dependencies[0].guess.as_deref().unwrap();
        assert!(guess.contains("depends_on db (once it is healthy) and links to db as database"), "{guess}");
        assert!(guess.contains("one call per request"), "{guess}");
        assert!(draft.dependencies[1].guess.as_deref().unwrap().contains("required: false"));
        assert!(draft.dependencies[2].guess.as_deref().unwrap().contains("one-off job"));
        assert_eq!(why_of(&draft, "ghost"), Some("names no service read from this file: no arrow drawn"));
        assert_eq!(why_of(&draft, "web"), Some("the service itself: no arrow drawn"));
        assert!(!draft.not_understood.iter().any(|u| u.why.contains("drawn again")));
    }

    #[test]
    fn replicas_and_scale_become_instances_or_say_why_not() {
        let draft = read(
            "services:
  a: {image: x, deploy: {replicas: 3, resources: {limits: {cpus: '0.5'}}}}
  b: {image: x, scale: 2}
  c: {image: x, deploy: {replicas: 0}}
  d: {image: x, deploy: {replicas: -1}}
  e: {image: x, deploy: {replicas: '${N:-2}'}}
  f: {image: x, deploy: {replicas: 4}, scale: 5}
  g: {image: x, deploy: {replicas: \"6\"}}
  h: {image: x, deploy: {replicas: 1.5}}
  i: {image: x, deploy: {replicas: 100001}}
",
        )
        .unwrap();
        let instances: Vec<Option<u32>> = draft.components.iter().map(|c| c.declared.instances).collect();
        assert_eq!(instances, vec![Some(3), Some(2), None, None, None, Some(4), Some(6), None, None]);
        assert!(why_of(&draft, "deploy.replicas: 0").unwrap().contains("usual instances"));
        assert!(why_of(&draft, "deploy.replicas: -1").unwrap().contains("negative"));
        assert!(why_of(&draft, "${N").unwrap().contains("variable"));
        assert!(why_of(&draft, "scale: 5").unwrap().contains("deploy.replicas (4)"));
        assert!(why_of(&draft, "deploy.replicas: 1.5").unwrap().contains("whole number"));
        assert!(why_of(&draft, "100001").unwrap().contains("most Headroom models"));
        assert_eq!(why_of(&draft, "deploy.resources"), Some("not part of the model"));
        assert!(draft.to_document().is_ok());
    }

    #[test]
    fn merge_keys_bring_in_what_a_service_does_not_set() {
        let draft = read(
            "x-common: &common
  image: acme/api:1
  deploy: {replicas: 2}
  environment: {LOG: info}
x-more: &more
  restart: always
  image: ignored/because-first-wins
services:
  api:
    <<: [*common, *more]
    container_name: api
  pinned:
    <<: *common
    image: redis:7
    deploy: {replicas: 5}
",
        )
        .unwrap();
        assert_eq!(draft.components[0].declared.instances, Some(2));
        assert!(draft.components[0].guess.as_deref().unwrap().contains("api"));
        assert_eq!(draft.components[1].kind, ComponentKind::Cache);
        assert_eq!(draft.components[1].declared.instances, Some(5));
        let api_keys = draft.not_understood.iter().find(|u| u.place == Place::Path("services.api".into())).unwrap();
        assert_eq!(api_keys.text, "environment, restart");
        let extensions: Vec<&str> =
            draft.not_understood.iter().filter(|u| u.why.starts_with("extension")).map(|u| u.text.as_str()).collect();
        assert_eq!(extensions, vec!["x-common", "x-more"]);
    }

    #[test]
    fn other_keys_are_listed_once_per_service_and_per_top_level_key() {
        let draft = read(
            "version: '3.9'
include: [../infra/compose.yaml, {path: [a.yaml, b.yaml]}]
services:
  web:
    image: nginx
    ports: ['80:80']
    environment: [A=1]
    volumes: [./site:/usr/share/nginx/html]
    healthcheck: {test: [CMD, true]}
    profiles: [debug, tools]
    extends: {file: common.yml, service: base}
  tail:
    extends: web
networks: {front: {}, back: {}}
volumes: {pgdata: {}}
secrets: {token: {file: ./token}}
configs: {}
",
        )
        .unwrap();
        let listed: Vec<(String, &str, &str)> =
            draft.not_understood.iter().map(|u| (u.place.to_string(), u.text.as_str(), u.why.as_str())).collect();
        assert!(listed.contains(&(
            "services.web".into(),
            "ports, environment, volumes, healthcheck",
            "not part of the model"
        )));
        assert!(listed.contains(&("networks".into(), "networks: front, back", "not part of the model")));
        assert!(listed.contains(&("volumes".into(), "volumes: pgdata", "not part of the model")));
        assert!(listed.iter().any(|(p, t, _)| p == "secrets" && *t == "secrets: token"));
        assert!(listed.iter().any(|(p, t, _)| p == "configs" && *t == "configs"));
        assert!(listed.iter().any(|(_, t, w)| t.starts_with("version") && w.contains("obsolete")));
        assert!(listed
            .iter()
            .any(|(_, t, w)| *t == "include: ../infra/compose.yaml, a.yaml, b.yaml" && w.contains("not read")));
        assert!(listed.iter().any(|(p, t, w)| p == "services.web.profiles"
            && *t == "profiles: debug, tools"
            && w.contains("debug, tools")));
        assert!(listed
            .iter()
            .any(|(_, t, w)| *t == "extends: service base of common.yml" && w.contains("other file is not read")));
        assert!(listed.iter().any(|(_, t, w)| *t == "extends: web" && w.contains("not merged")));
        assert_eq!(draft.components.len(), 2);
    }

    #[test]
    fn files_that_cannot_be_read_say_where() {
        let error = read("services:\n  web:\n    image: nginx\n   ports: [80]\n").unwrap_err();
        assert!(matches!(error.place, Place::Line(4)), "{error}");
        assert!(error.message.starts_with("not valid YAML"), "{error}");
        let error = read("services: [1, 2]\n").unwrap_err();
        assert_eq!(error.place, Place::Path("services".into()));
        assert!(error.message.contains("got a list"), "{error}");
        assert_eq!(read("name: x\nvolumes: {}\n").unwrap_err().place, Place::Path("services".into()));
        assert_eq!(read("services:\n").unwrap_err().place, Place::Path("services".into()));
        assert_eq!(read("").unwrap_err().place, Place::Line(1));
        assert_eq!(read("- a\n- b\n").unwrap_err().place, Place::Path(String::new()));
        let error = read("services:\n  a: {image: x}\n  a: {image: y}\n").unwrap_err();
        assert!(error.message.contains("duplicated key"), "{error}");
    }

    #[test]
    fn hostile_files_are_refused_not_expanded() {
        let mut laughs = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..10 {
            let previous = (b'a' + level - 1) as char;
            let this = (b'a' + level) as char;
            laughs.push_str(&format!("{this}: &{this} [{}]\n", vec![format!("*{previous}"); 10].join(", ")));
        }
        laughs.push_str("services: {web: {image: nginx}}\n");
        let error = read(&laughs).unwrap_err();
        assert!(error.message.contains("aliases expand"), "{error}");
        assert!(matches!(error.place, Place::Line(line) if line > 1), "{error}");

        // The scanner stops flow nesting at 255 levels itself; blocks it does not.
        for deep in [
            format!("services: {}1{}\n", "[".repeat(200), "]".repeat(200)),
            format!("services:\n{}x\n", "- ".repeat(20_000)),
            (0..5000).map(|k| format!("{}k{k}:\n", " ".repeat(k))).collect(),
        ] {
            let error = read(&deep).unwrap_err();
            assert!(error.message.contains("levels deep"), "{error}");
        }
        let mut chain = String::from("a0: &a0 [x]\n");
        for k in 1..200 {
            chain.push_str(&format!("a{k}: &a{k} [*a{}]\n", k - 1));
        }
        chain.push_str("services: {web: {image: nginx}}\n");
        assert!(read(&chain).unwrap_err().message.contains("levels deep"));
    }

    #[test]
    fn odd_values_are_listed_not_fatal() {
        let draft = read(
            "services:
  empty:
  weird: 42
  1: {image: x}
  api:
    depends_on: db
    links: {db: x}
    deploy: [1]
    profiles: 7
    <<: 3
  db: {image: postgres, depends_on: [{x: 1}]}
",
        )
        .unwrap();
        let keys: Vec<&str> = draft.components.iter().map(|c| c.source_key.as_str()).collect();
        assert_eq!(keys, vec!["empty", "1", "api", "db"]);
        assert!(draft.dependencies.is_empty());
        assert!(why_of(&draft, "weird").unwrap().contains("got 42"));
        let merge = draft.not_understood.iter().find(|u| u.place == Place::Path("services.api.<<".into())).unwrap();
        assert_eq!(merge.text, "3");
        assert!(merge.why.contains("merge key"));
        let api = draft.not_understood.iter().find(|u| u.place == Place::Path("services.api".into())).unwrap();
        assert_eq!(api.text, "deploy, profiles");
        assert!(draft.to_document().is_ok());
    }
}

//! The JSON document file. Reading goes in stages: the text's size is
//! checked, it is parsed as JSON (a byte-order mark is allowed), migrated
//! forward to the current schema, read into the model's types with the
//! path of every field tracked, and validated as a whole. Every shape
//! mistake is reported at once, each naming its component, dependency,
//! option or record by id; nothing partial is ever returned.

use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::model::{
    Component, ComponentKind, Dependency, DesignOption, Document, ValidationErrors, SCHEMA_VERSION,
};

/// The largest document text any reader accepts (a file, a paste, a share
/// link once inflated, a stored copy): far beyond any real architecture
/// (a 1,000-component document with 50 records is about 320 KB), small
/// enough that a wrong file cannot exhaust the page's memory.
pub const MAX_DOCUMENT_BYTES: usize = 4 * 1024 * 1024;

/// How much of a value a message quotes: enough to recognise it.
const QUOTED_CHARS: usize = 64;
/// How long one message about one field may be.
const MESSAGE_CHARS: usize = 240;

/// One field with the wrong shape.
#[derive(Clone, Debug, PartialEq)]
pub struct ShapeError {
    /// What holds the field and where: `component "db" (components[2])`,
    /// `scenario`, `document`.
    pub subject: String,
    /// The field inside it: `instances`, `entries[0].rate`; empty when the
    /// subject itself is wrong.
    pub field: String,
    pub message: String,
}

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}: {}", self.subject, self.message)
        } else {
            write!(f, "{}, {}: {}", self.subject, self.field, self.message)
        }
    }
}

/// Why a JSON document was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum DocumentError {
    /// Longer than [`MAX_DOCUMENT_BYTES`].
    TooLarge { bytes: usize },
    /// Not JSON at all.
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    /// JSON, but fields have the wrong shape: every one found.
    Fields(Vec<ShapeError>),
    /// Written by a newer Headroom than this one.
    NewerSchema { found: u64 },
    /// Every field parsed, but the values break the model's rules.
    Invalid(ValidationErrors),
}

impl DocumentError {
    fn field(subject: &str, message: String) -> DocumentError {
        DocumentError::Fields(vec![ShapeError {
            subject: subject.to_owned(),
            field: String::new(),
            message,
        }])
    }
}

impl fmt::Display for DocumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocumentError::TooLarge { bytes } => write!(
                f,
                "the document is {} MB, more than the {} MB a Headroom document may be",
                megabytes(*bytes),
                megabytes(MAX_DOCUMENT_BYTES)
            ),
            DocumentError::Syntax { line, column, message } => {
                write!(f, "not valid JSON at line {line}, column {column}: {message}")
            }
            DocumentError::Fields(errors) => {
                for (i, error) in errors.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{error}")?;
                }
                Ok(())
            }
            DocumentError::NewerSchema { found } => write!(
                f,
                "schema_version {found} was written by a newer Headroom (this one reads up to {SCHEMA_VERSION})"
            ),
            DocumentError::Invalid(errors) => write!(f, "{errors}"),
        }
    }
}

fn megabytes(bytes: usize) -> String {
    let mb = bytes as f64 / (1024.0 * 1024.0);
    if mb >= 10.0 {
        format!("{mb:.0}")
    } else {
        format!("{mb:.1}")
    }
}

impl std::error::Error for DocumentError {}

/// At most `limit` characters of `text`, with "…" when it was longer.
pub fn cut(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// Parses, migrates and validates a document.
pub fn parse_document(text: &str) -> Result<Document, DocumentError> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(DocumentError::TooLarge { bytes: text.len() });
    }
    // Some editors on Windows start a UTF-8 file with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = serde_json::from_str(text).map_err(|error| DocumentError::Syntax {
        line: error.line(),
        column: error.column(),
        message: cut(&strip_position(&error.to_string()), MESSAGE_CHARS),
    })?;
    let value = migrate(value)?;
    let document = read_all(value).map_err(DocumentError::Fields)?;
    document.validate().map_err(DocumentError::Invalid)?;
    Ok(document)
}

/// The document's value read into the model's types; on failure, every
/// shape mistake: each component, dependency, option and decision record
/// is read on its own (so one bad box does not hide the next), then the
/// rest of the document.
fn read_all(value: Value) -> Result<Document, Vec<ShapeError>> {
    // Through the path-tracking reader even when it succeeds: one reader
    // of the model's types in the page instead of two (tens of KB of wasm).
    if let Ok(document) = serde_path_to_error::deserialize::<_, Document>(value.clone()) {
        return Ok(document);
    }
    let mut errors = Vec::new();
    let mut rest = value;
    items::<Component>(&mut rest, "components", "component", &mut errors);
    items::<Dependency>(&mut rest, "dependencies", "dependency", &mut errors);
    items::<DesignOption>(&mut rest, "options", "option", &mut errors);
    items::<crate::adr::DecisionRecord>(&mut rest, "decisions", "decision", &mut errors);
    if let Err(error) = serde_path_to_error::deserialize::<_, Document>(rest) {
        let path = error.path().to_string();
        let message = cut(&error.into_inner().to_string(), MESSAGE_CHARS);
        let (subject, field) = match path.split_once('.') {
            _ if path == "." => ("document".to_owned(), String::new()),
            Some((head, tail)) => (head.to_owned(), tail.to_owned()),
            None => (path, String::new()),
        };
        errors.push(ShapeError {
            subject,
            field,
            message,
        });
    }
    Err(errors)
}

/// Reads every element of the array `key` as a `T`, records each one's
/// mistakes under its id, and empties the array (so the rest of the
/// document can be read without it).
fn items<T: DeserializeOwned>(
    value: &mut Value,
    key: &str,
    noun: &str,
    errors: &mut Vec<ShapeError>,
) {
    let Some(array) = value.get_mut(key).and_then(Value::as_array_mut) else {
        return;
    };
    for (index, item) in array.iter().enumerate() {
        if let Err(error) = serde_path_to_error::deserialize::<_, T>(item.clone()) {
            let name = item
                .get("id")
                .and_then(Value::as_str)
                .map(|id| format!("\"{}\" ", cut(id, QUOTED_CHARS)))
                .or_else(|| {
                    item.get("number")
                        .and_then(Value::as_u64)
                        .map(|n| format!("{n} "))
                })
                .unwrap_or_default();
            let path = error.path().to_string();
            errors.push(ShapeError {
                subject: format!("{noun} {name}({key}[{index}])"),
                field: if path == "." { String::new() } else { path },
                message: cut(&error.into_inner().to_string(), MESSAGE_CHARS),
            });
        }
    }
    array.clear();
}

/// Brings an older document up to the current schema, one step per
/// version, each from its predecessor.
fn migrate(mut value: Value) -> Result<Value, DocumentError> {
    let version = match value.get("schema_version") {
        Some(v) => v.as_u64().ok_or_else(|| {
            DocumentError::field(
                "schema_version",
                format!(
                    "must be a whole number, got {}",
                    cut(&v.to_string(), QUOTED_CHARS)
                ),
            )
        })?,
        None => {
            return Err(DocumentError::field(
                "schema_version",
                "is missing: this does not look like a Headroom document".to_owned(),
            ))
        }
    };
    if version > u64::from(SCHEMA_VERSION) {
        return Err(DocumentError::NewerSchema { found: version });
    }
    if version == 0 {
        return Err(DocumentError::field(
            "schema_version",
            "must be at least 1, got 0".to_owned(),
        ));
    }
    if version < 2 {
        shares_from_splitters(&mut value);
    }
    if let Some(object) = value.as_object_mut() {
        object.insert("schema_version".to_owned(), SCHEMA_VERSION.into());
    }
    Ok(value)
}

/// Version 1 to 2: dependencies learnt to say whether their number is
/// calls per request or a share of the caller's traffic. What a load
/// balancer or gateway sent on was meant as a share, so its dependencies
/// of at most one call become shares: the same number, so every figure
/// stays as it was. (Two arrows of one call each still send out twice what
/// comes in; the model's suspicions say so and offer the even split.) The
/// main line and every design option are migrated, each against its own
/// components.
fn shares_from_splitters(value: &mut Value) {
    fn migrate_architecture(architecture: &mut Value) {
        let splitters: Vec<String> = architecture
            .get("components")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|c| {
                // The kinds that split traffic in version 1, named here
                // rather than by `splits_traffic`: an old file's meaning
                // must not follow later kinds.
                let kind = c
                    .get("kind")
                    .and_then(Value::as_str)
                    .and_then(ComponentKind::from_slug);
                matches!(
                    kind,
                    Some(ComponentKind::LoadBalancer | ComponentKind::ApiGateway)
                )
            })
            .filter_map(|c| c.get("id").and_then(Value::as_str).map(str::to_owned))
            .collect();
        let Some(dependencies) = architecture
            .get_mut("dependencies")
            .and_then(Value::as_array_mut)
        else {
            return;
        };
        for dependency in dependencies {
            let from_splitter = dependency
                .get("from")
                .and_then(Value::as_str)
                .is_some_and(|from| splitters.iter().any(|s| s == from));
            let a_share = dependency
                .get("calls")
                .and_then(Value::as_f64)
                .is_some_and(|c| (0.0..=1.0).contains(&c));
            if from_splitter && a_share && dependency.get("routing").is_none() {
                if let Some(object) = dependency.as_object_mut() {
                    object.insert("routing".to_owned(), "share".into());
                }
            }
        }
    }
    migrate_architecture(value);
    if let Some(options) = value.get_mut("options").and_then(Value::as_array_mut) {
        for option in options {
            migrate_architecture(option);
        }
    }
}

/// serde_json appends " at line L column C"; the error carries those
/// separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

/// The document as pretty-printed JSON, fields in a stable order.
pub fn to_json(document: &Document) -> String {
    // Serialising plain structs of strings and finite numbers cannot fail;
    // fall back to an empty object rather than panic if it ever did.
    serde_json::to_string_pretty(document).unwrap_or_else(|_| "{}".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::mvp_that_creaks;

    #[test]
    fn the_sample_round_trips() {
        let doc = mvp_that_creaks();
        assert_eq!(parse_document(&to_json(&doc)), Ok(doc));
    }

    fn error_of(text: &str) -> String {
        match parse_document(text) {
            Ok(_) => panic!("accepted: {text}"),
            Err(error) => error.to_string(),
        }
    }

    fn sample_with(edit: impl FnOnce(&mut Value)) -> String {
        let mut value: Value = serde_json::from_str(&to_json(&mvp_that_creaks())).unwrap();
        edit(&mut value);
        value.to_string()
    }

    #[test]
    fn a_version_1_document_reads_its_splitters_arrows_as_shares_with_the_same_numbers() {
        let mut value: Value = serde_json::from_str(&to_json(&mvp_that_creaks())).unwrap();
        value["schema_version"] = 1.into();
        for dependency in value["dependencies"].as_array_mut().unwrap() {
            dependency.as_object_mut().unwrap().remove("routing");
        }
        // A second arrow from the load balancer, one call each: as drawn in
        // version 1, the balancer sent out twice what came in.
        let mut second = value["dependencies"][0].clone();
        second["id"] = "lb-postgres".into();
        second["to"] = "postgres".into();
        value["dependencies"].as_array_mut().unwrap().push(second);
        let before = serde_json::from_value::<Value>(value.clone()).unwrap();
        let doc = parse_document(&value.to_string()).unwrap();
        assert_eq!(doc.schema_version, SCHEMA_VERSION);
        let routing = |id: &str| doc.dependency(&id.into()).map(|d| (d.routing, d.calls));
        assert_eq!(routing("lb-web"), Some((crate::model::Routing::Share, 1.0)));
        assert_eq!(
            routing("lb-postgres"),
            Some((crate::model::Routing::Share, 1.0))
        );
        assert_eq!(
            routing("web-redis"),
            Some((crate::model::Routing::Calls, 2.0))
        );
        // The numbers the engine reads are those of the file.
        for (dependency, old) in doc
            .dependencies
            .iter()
            .zip(before["dependencies"].as_array().unwrap())
        {
            assert_eq!(
                Some(dependency.calls),
                old["calls"].as_f64(),
                "{}",
                dependency.id
            );
        }
    }

    #[test]
    fn every_shape_mistake_is_named_at_once_by_id() {
        let text = sample_with(|v| {
            v["components"][1]["instances"] = (-1).into();
            v["components"][3]["hit_ratio"] = "high".into();
            v["dependencies"][2]["calls"] = "many".into();
            v["scenario"]["growth"] = "big".into();
        });
        assert_eq!(
            error_of(&text),
            "component \"web\" (components[1]), instances: invalid value: integer `-1`, expected u32; \
             component \"redis\" (components[3]), hit_ratio: invalid type: string \"high\", expected f64; \
             dependency \"redis-postgres\" (dependencies[2]), calls: invalid type: string \"many\", expected f64; \
             scenario, growth: invalid type: string \"big\", expected f64"
        );
    }

    #[test]
    fn a_byte_order_mark_is_read_and_a_huge_text_is_refused_without_being_read() {
        let text = format!("\u{feff}{}", to_json(&mvp_that_creaks()));
        assert_eq!(parse_document(&text), Ok(mvp_that_creaks()));
        let huge = " ".repeat(MAX_DOCUMENT_BYTES + 1);
        assert_eq!(
            error_of(&huge),
            "the document is 4.0 MB, more than the 4.0 MB a Headroom document may be"
        );
        // A 10 MB id is quoted, not echoed.
        let long_id = "x".repeat(10_000);
        let message = error_of(&sample_with(|v| {
            v["components"][0]["id"] = long_id.clone().into();
            v["components"][0]["instances"] = (-1).into();
        }));
        assert!(message.len() < 400, "{} characters", message.len());
        assert!(
            message.starts_with(&format!(
                "component \"{}…\" (components[0])",
                "x".repeat(64)
            )),
            "{message}"
        );
    }

    #[test]
    fn errors_name_the_field() {
        assert_eq!(
            error_of("{\"schema_version\": 1,"),
            "not valid JSON at line 1, column 21: EOF while parsing a value"
        );
        assert_eq!(
            error_of(&sample_with(|v| v["components"][2]["instances"] = (-1).into())),
            "component \"postgres\" (components[2]), instances: invalid value: integer `-1`, expected u32"
        );
        assert_eq!(
            error_of(&sample_with(|v| v["components"][0]["kind"] = "mainframe".into())),
            "component \"lb\" (components[0]), kind: unknown variant `mainframe`, expected one of `service`, `module`, `load_balancer`, `api_gateway`, `cdn`, `cache`, `database`, `connection_pooler`, `queue`, `worker_pool`, `function`, `external_api`"
        );
        assert_eq!(
            error_of(&sample_with(
                |v| v["components"][3]["hit_ratio"] = 2.0.into()
            )),
            "component \"redis\", hit_ratio: must be between 0 and 1, got 2"
        );
        assert_eq!(
            error_of(&sample_with(|v| v["schema_version"] = 99.into())),
            "schema_version 99 was written by a newer Headroom (this one reads up to 2)"
        );
        assert_eq!(
            error_of("{\"name\": \"x\"}"),
            "schema_version: is missing: this does not look like a Headroom document"
        );
    }
}

//! The JSON document file. Reading goes in two stages: the text is parsed
//! with the path of every field tracked (so an error can say
//! `components[2].instances`), migrated forward to the current schema, and
//! then validated as a whole. Nothing partial is ever returned.

use std::fmt;

use serde_json::Value;

use crate::model::{Document, ValidationErrors, SCHEMA_VERSION};

/// Why a JSON document was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum DocumentError {
    /// Not JSON at all.
    Syntax { line: usize, column: usize, message: String },
    /// JSON, but a field has the wrong shape; `path` names it.
    Field { path: String, message: String },
    /// Written by a newer Headroom than this one.
    NewerSchema { found: u64 },
    /// Every field parsed, but the values break the model's rules.
    Invalid(ValidationErrors),
}

impl fmt::Display for DocumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocumentError::Syntax { line, column, message } => {
                write!(f, "not valid JSON at line {line}, column {column}: {message}")
            }
            DocumentError::Field { path, message } => write!(f, "{path}: {message}"),
            DocumentError::NewerSchema { found } => write!(
                f,
                "schema_version {found} was written by a newer Headroom (this one reads up to {SCHEMA_VERSION})"
            ),
            DocumentError::Invalid(errors) => write!(f, "{errors}"),
        }
    }
}

impl std::error::Error for DocumentError {}

/// Parses, migrates and validates a document.
pub fn parse_document(text: &str) -> Result<Document, DocumentError> {
    let value: Value = serde_json::from_str(text).map_err(|error| DocumentError::Syntax {
        line: error.line(),
        column: error.column(),
        message: strip_position(&error.to_string()),
    })?;
    let value = migrate(value)?;
    let document: Document = serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        DocumentError::Field {
            path: if path == "." { "document".to_owned() } else { path },
            message: error.into_inner().to_string(),
        }
    })?;
    document.validate().map_err(DocumentError::Invalid)?;
    crate::adr::validate_decisions(&document).map_err(DocumentError::Invalid)?;
    Ok(document)
}

/// Brings an older document up to the current schema, one step per
/// version, each from its predecessor.
fn migrate(mut value: Value) -> Result<Value, DocumentError> {
    let version = match value.get("schema_version") {
        Some(v) => v.as_u64().ok_or_else(|| DocumentError::Field {
            path: "schema_version".to_owned(),
            message: format!("must be a whole number, got {v}"),
        })?,
        None => {
            return Err(DocumentError::Field {
                path: "schema_version".to_owned(),
                message: "is missing: this does not look like a Headroom document".to_owned(),
            })
        }
    };
    if version > u64::from(SCHEMA_VERSION) {
        return Err(DocumentError::NewerSchema { found: version });
    }
    if version == 0 {
        return Err(DocumentError::Field {
            path: "schema_version".to_owned(),
            message: "must be at least 1, got 0".to_owned(),
        });
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
            .filter(|c| matches!(c.get("kind").and_then(Value::as_str), Some("load_balancer" | "api_gateway")))
            .filter_map(|c| c.get("id").and_then(Value::as_str).map(str::to_owned))
            .collect();
        let Some(dependencies) = architecture.get_mut("dependencies").and_then(Value::as_array_mut) else {
            return;
        };
        for dependency in dependencies {
            let from_splitter = dependency
                .get("from")
                .and_then(Value::as_str)
                .is_some_and(|from| splitters.iter().any(|s| s == from));
            let a_share = dependency.get("calls").and_then(Value::as_f64).is_some_and(|c| (0.0..=1.0).contains(&c));
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
        assert_eq!(routing("lb-postgres"), Some((crate::model::Routing::Share, 1.0)));
        assert_eq!(routing("web-redis"), Some((crate::model::Routing::Calls, 2.0)));
        // The numbers the engine reads are those of the file.
        for (dependency, old) in doc.dependencies.iter().zip(before["dependencies"].as_array().unwrap()) {
            assert_eq!(Some(dependency.calls), old["calls"].as_f64(), "{}", dependency.id);
        }
    }

    #[test]
    fn errors_name_the_field() {
        assert_eq!(error_of("{\"schema_version\": 1,"), "not valid JSON at line 1, column 21: EOF while parsing a value");
        assert_eq!(
            error_of(&sample_with(|v| v["components"][2]["instances"] = (-1).into())),
            "components[2].instances: invalid value: integer `-1`, expected u32"
        );
        assert_eq!(
            error_of(&sample_with(|v| v["components"][0]["kind"] = "mainframe".into())),
            "components[0].kind: unknown variant `mainframe`, expected one of `service`, `module`, `load_balancer`, `api_gateway`, `cdn`, `cache`, `database`, `connection_pooler`, `queue`, `worker_pool`, `function`, `external_api`"
        );
        assert_eq!(
            error_of(&sample_with(|v| v["components"][3]["hit_ratio"] = 2.0.into())),
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

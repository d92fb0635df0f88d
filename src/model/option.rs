//! Design options: named forks of the architecture ("Add read replicas",
//! "Extract search") kept in the document beside the main line and judged
//! under the same scenario, so they can be compared side by side and one
//! adopted as the main line.

use serde::{Deserialize, Serialize};

use super::{Component, Dependency, Document};

/// An alternative architecture: its own components and dependencies, the
/// main line's scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DesignOption {
    /// Stable identifier (a slug), unique among the document's options.
    pub id: String,
    pub name: String,
    /// Why this option exists, in a sentence.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    pub components: Vec<Component>,
    pub dependencies: Vec<Dependency>,
}

impl DesignOption {
    /// A fork of the document's current architecture.
    pub fn fork(doc: &Document, id: impl Into<String>, name: impl Into<String>) -> DesignOption {
        DesignOption {
            id: id.into(),
            name: name.into(),
            note: String::new(),
            components: doc.components.clone(),
            dependencies: doc.dependencies.clone(),
        }
    }

    /// The document as it would be with this option as its main line:
    /// same scenario (entry points and overrides on components the option
    /// lacks are dropped), no options, no decisions.
    pub fn as_document(&self, doc: &Document) -> Document {
        let mut scenario = doc.scenario.clone();
        let exists = |id: &super::ComponentId| self.components.iter().any(|c| &c.id == id);
        scenario.entries.retain(|e| exists(&e.component));
        scenario.growth_overrides.retain(|o| exists(&o.component));
        Document {
            schema_version: doc.schema_version,
            name: format!("{} — {}", doc.name, self.name),
            components: self.components.clone(),
            dependencies: self.dependencies.clone(),
            scenario,
            decisions: Vec::new(),
            options: Vec::new(),
            migrations: Vec::new(),
            positions: Default::default(),
        }
    }
}

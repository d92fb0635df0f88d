//! The document: everything a user saves, undoes and exports.

use serde::{Deserialize, Serialize};

use super::validation::{self, ValidationErrors};
use super::{Component, ComponentId, Dependency, DependencyId, PositionCache, Scenario};

/// The schema version this build writes. Older versions are migrated
/// forward on load by `files::json`.
pub const SCHEMA_VERSION: u32 = 2;

/// One architecture and the scenario it is judged under.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub schema_version: u32,
    pub name: String,
    pub components: Vec<Component>,
    pub dependencies: Vec<Dependency>,
    pub scenario: Scenario,
    /// Architecture Decision Records taken on this system, in the order
    /// they were written. Absent from files written before ADRs existed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<super::decision::DecisionRecord>,
    /// Alternative architectures kept beside the main line for comparison.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<super::DesignOption>,
    /// Strangler-fig migrations under way: traffic moved from one
    /// component to its replacement step by step.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub migrations: Vec<super::Migration>,
    /// Where each component is, for lookups by id (never saved).
    #[serde(skip)]
    pub positions: PositionCache,
}

impl Document {
    /// Whether `other` differs from this document at most in the growth
    /// dial's position: what the views that never show the growth compare
    /// so that turning the dial does not wake them.
    pub fn same_apart_from_growth(&self, other: &Document) -> bool {
        self.scenario.same_apart_from_growth(&other.scenario)
            && self.components == other.components
            && self.same_apart_from_scenario_and_components(other)
    }

    /// Whether `other` differs from this document at most in where boxes
    /// are drawn: what the panels that show figures compare, since a
    /// drag changes no figure.
    pub fn same_apart_from_positions(&self, other: &Document) -> bool {
        // The scenario first: a growth-dial step differs there, and only there.
        self.scenario == other.scenario && self.same_apart_from_scenario_and_positions(other)
    }

    /// Whether `other` differs at most in where boxes are drawn and in the
    /// growth dial: what figures that hold at every growth (where an
    /// objective breaks) compare.
    pub fn same_apart_from_positions_and_growth(&self, other: &Document) -> bool {
        let regrown = Scenario { growth: other.scenario.growth, ..self.scenario.clone() };
        regrown == other.scenario && self.same_apart_from_scenario_and_positions(other)
    }

    fn same_apart_from_scenario_and_positions(&self, other: &Document) -> bool {
        let unplaced = |c: &Component| Component { position: None, ..c.clone() };
        self.components.len() == other.components.len()
            && self.components.iter().zip(&other.components).all(|(a, b)| {
                if a.position == b.position {
                    a == b
                } else {
                    unplaced(a) == unplaced(b)
                }
            })
            && self.same_apart_from_scenario_and_components(other)
    }

    fn same_apart_from_scenario_and_components(&self, other: &Document) -> bool {
        // Destructured so that a field added later must be considered here.
        let Document { schema_version, name, components: _, dependencies, scenario: _, decisions, options, migrations, positions: _ } =
            self;
        *schema_version == other.schema_version
            && *name == other.name
            && *dependencies == other.dependencies
            && *decisions == other.decisions
            && *options == other.options
            && *migrations == other.migrations
    }

    /// A valid document with nothing in it yet: no components, no load.
    pub fn empty(name: impl Into<String>) -> Document {
        Document {
            schema_version: SCHEMA_VERSION,
            name: name.into(),
            components: Vec::new(),
            dependencies: Vec::new(),
            scenario: Scenario::new("Launch traffic", Vec::new()),
            decisions: Vec::new(),
            options: Vec::new(),
            migrations: Vec::new(),
            positions: PositionCache::default(),
        }
    }

    /// Checks every invariant the engine relies on, then every decision
    /// record (`decision::validate_decisions`): the one validation of a
    /// whole document, run at each boundary (an edit, a file, a share
    /// link, storage). The error lists every problem found, each naming
    /// the component, dependency or record and field.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        validation::validate(self)?;
        super::decision::validate_decisions(self)
    }

    /// Whether `component`, put in this valid document in place of the
    /// one with its id, keeps the rules a component keeps on its own: a
    /// change of one component's figures checked without validating the
    /// rest again (the cost audit's resizes, thousands on a large model).
    /// A change of its id, kind or host, which other rules read, needs
    /// [`Document::validate`].
    pub fn validate_component(&self, component: &Component) -> Result<(), ValidationErrors> {
        validation::validate_component(self, component)
    }

    pub fn component(&self, id: &ComponentId) -> Option<&Component> {
        self.positions.find(&self.components, id, |c| &c.id)
    }

    pub fn component_mut(&mut self, id: &ComponentId) -> Option<&mut Component> {
        let i = self.positions.position(&self.components, id, |c| &c.id)?;
        self.components.get_mut(i)
    }

    pub fn dependency(&self, id: &DependencyId) -> Option<&Dependency> {
        self.dependencies.iter().find(|d| &d.id == id)
    }

    /// The display name of a component, or its id when it has none.
    pub fn name_of(&self, id: &ComponentId) -> String {
        match self.component(id) {
            Some(component) if !component.name.trim().is_empty() => component.name.clone(),
            _ => id.to_string(),
        }
    }

    /// Entry rate of a component at 1x (0 when it is not an entry point).
    pub fn entry_rate(&self, id: &ComponentId) -> f64 {
        self.scenario
            .entries
            .iter()
            .filter(|entry| &entry.component == id)
            .map(|entry| entry.rate)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_growth_dial_alone_is_ignored_where_asked() {
        let doc = crate::model::mvp_that_creaks();
        let mut turned = doc.clone();
        turned.scenario.growth = 3.0;
        assert!(doc.same_apart_from_positions_and_growth(&turned) && !doc.same_apart_from_positions(&turned));
        turned.scenario.peak_factor += 1.0;
        assert!(!doc.same_apart_from_positions_and_growth(&turned));
    }

    #[test]
    fn an_empty_document_is_valid() {
        let doc = Document::empty("Untitled");
        assert_eq!(doc.validate(), Ok(()));
        assert_eq!(crate::engine::solve(&doc).bottleneck(), None);
    }

    #[test]
    fn only_positions_are_left_out_of_the_figures_comparison() {
        let doc = crate::model::mvp_that_creaks();
        let mut moved = doc.clone();
        moved.components[0].position = Some(crate::model::Point { x: 40.0, y: 80.0 });
        assert!(doc.same_apart_from_positions(&moved));
        let mut scaled = moved.clone();
        scaled.components[0].instances += 1;
        assert!(!doc.same_apart_from_positions(&scaled));
        let mut turned = doc.clone();
        turned.scenario.growth = 2.0;
        assert!(!doc.same_apart_from_positions(&turned));
        let mut fewer = doc.clone();
        fewer.components.pop();
        assert!(!doc.same_apart_from_positions(&fewer));
    }

    #[test]
    fn only_the_growth_is_left_out_of_the_design_comparison() {
        let doc = crate::model::mvp_that_creaks();
        let mut turned = doc.clone();
        turned.scenario.growth = 7.5;
        assert!(doc.same_apart_from_growth(&turned));
        assert!(turned.same_apart_from_growth(&doc));
        let mut edited = turned.clone();
        edited.scenario.peak_factor = 1.5;
        assert!(!doc.same_apart_from_growth(&edited));
        let mut renamed = doc.clone();
        renamed.components[0].name.push('!');
        assert!(!doc.same_apart_from_growth(&renamed));
        let mut limited = doc.clone();
        limited.scenario.comfort_line = 0.6;
        assert!(!doc.same_apart_from_growth(&limited));
    }
}

//! The selection: which components and dependencies the next edit applies
//! to. Session state — never saved, never an undo step — kept by id, so an
//! undo that removes a selected box only needs [`Selection::retain_existing`].

use std::collections::BTreeSet;

use crate::model::{Command, ComponentId, DependencyId, Document};

/// Selected components and dependencies.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    components: BTreeSet<ComponentId>,
    dependencies: BTreeSet<DependencyId>,
}

impl Selection {
    /// Nothing selected.
    pub fn none() -> Selection {
        Selection::default()
    }

    /// Exactly one component.
    pub fn component(id: ComponentId) -> Selection {
        Selection { components: BTreeSet::from([id]), dependencies: BTreeSet::new() }
    }

    /// Exactly one dependency.
    pub fn dependency(id: DependencyId) -> Selection {
        Selection { components: BTreeSet::new(), dependencies: BTreeSet::from([id]) }
    }

    /// These components and no dependency.
    pub fn components_of(ids: impl IntoIterator<Item = ComponentId>) -> Selection {
        Selection { components: ids.into_iter().collect(), dependencies: BTreeSet::new() }
    }

    /// Every component and dependency of the document (Ctrl+A).
    pub fn all(doc: &Document) -> Selection {
        Selection {
            components: doc.components.iter().map(|c| c.id.clone()).collect(),
            dependencies: doc.dependencies.iter().map(|d| d.id.clone()).collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.components.is_empty() && self.dependencies.is_empty()
    }

    pub fn len(&self) -> usize {
        self.components.len() + self.dependencies.len()
    }

    pub fn has_component(&self, id: &ComponentId) -> bool {
        self.components.contains(id)
    }

    pub fn has_dependency(&self, id: &DependencyId) -> bool {
        self.dependencies.contains(id)
    }

    /// Selected components, in id order.
    pub fn components(&self) -> impl Iterator<Item = &ComponentId> {
        self.components.iter()
    }

    pub fn dependencies(&self) -> impl Iterator<Item = &DependencyId> {
        self.dependencies.iter()
    }

    pub fn component_count(&self) -> usize {
        self.components.len()
    }

    /// The component, when exactly one component and nothing else is
    /// selected (the inspector shows it).
    pub fn single_component(&self) -> Option<&ComponentId> {
        match (self.components.len(), self.dependencies.len()) {
            (1, 0) => self.components.iter().next(),
            _ => None,
        }
    }

    /// The dependency, when exactly one dependency and nothing else is
    /// selected.
    pub fn single_dependency(&self) -> Option<&DependencyId> {
        match (self.components.len(), self.dependencies.len()) {
            (0, 1) => self.dependencies.iter().next(),
            _ => None,
        }
    }

    /// Adds a component, or removes it when it is already selected
    /// (Shift+click).
    pub fn toggled_component(&self, id: &ComponentId) -> Selection {
        let mut next = self.clone();
        if !next.components.remove(id) {
            next.components.insert(id.clone());
        }
        next
    }

    pub fn toggled_dependency(&self, id: &DependencyId) -> Selection {
        let mut next = self.clone();
        if !next.dependencies.remove(id) {
            next.dependencies.insert(id.clone());
        }
        next
    }

    pub fn with_component(&self, id: &ComponentId) -> Selection {
        let mut next = self.clone();
        next.components.insert(id.clone());
        next
    }

    /// Both selections together (Shift+box-select adds to what was there).
    pub fn union(&self, other: &Selection) -> Selection {
        Selection {
            components: self.components.union(&other.components).cloned().collect(),
            dependencies: self.dependencies.union(&other.dependencies).cloned().collect(),
        }
    }

    /// The selection without ids the document no longer has (after an
    /// undo, a delete or another document was opened).
    pub fn retain_existing(&self, doc: &Document) -> Selection {
        Selection {
            components: self.components.iter().filter(|id| doc.component(id).is_some()).cloned().collect(),
            dependencies: self.dependencies.iter().filter(|id| doc.dependency(id).is_some()).cloned().collect(),
        }
    }

    /// The edit that deletes the selection (with every dependency touching
    /// a selected component), or `None` when nothing is selected. A load
    /// balancer that loses an arrow spreads its share over the others, in
    /// the same undo step.
    pub fn delete_command(&self, doc: &Document) -> Option<Command> {
        let selection = self.retain_existing(doc);
        if selection.is_empty() {
            return None;
        }
        // Dependencies that go anyway with their component are not named
        // twice.
        let dependencies = selection
            .dependencies
            .iter()
            .filter(|id| {
                doc.dependency(id).is_some_and(|d| {
                    !selection.components.contains(&d.from) && !selection.components.contains(&d.to)
                })
            })
            .cloned()
            .collect::<Vec<_>>();
        let components: Vec<_> = selection.components.into_iter().collect();
        let rebalance = crate::model::shares::after_removal(doc, &dependencies, &components);
        // A growth override of a deleted box goes with it (first, so the
        // document stays valid at every step of the batch).
        let overrides = doc.scenario.growth_overrides.iter().any(|o| components.contains(&o.component));
        let mut edits = Vec::new();
        if overrides {
            let mut scenario = doc.scenario.clone();
            scenario.growth_overrides.retain(|o| !components.contains(&o.component));
            edits.push(Command::SetScenario(scenario));
        }
        edits.push(Command::Remove { components, dependencies });
        edits.extend(rebalance);
        if edits.len() == 1 {
            edits.pop()
        } else {
            Some(Command::Batch(edits))
        }
    }

    /// What is selected, in words, for screen readers ("2 components and
    /// 1 dependency selected").
    pub fn describe(&self) -> String {
        let count = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        match (self.components.len(), self.dependencies.len()) {
            (0, 0) => "Nothing selected".to_owned(),
            (c, 0) => format!("{} selected", count(c, "component", "components")),
            (0, d) => format!("{} selected", count(d, "dependency", "dependencies")),
            (c, d) => format!(
                "{} and {} selected",
                count(c, "component", "components"),
                count(d, "dependency", "dependencies")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{apply, mvp_that_creaks};

    #[test]
    fn toggling_adds_and_removes() {
        let s = Selection::component("web".into());
        let both = s.toggled_component(&"postgres".into());
        assert_eq!(both.component_count(), 2);
        assert_eq!(both.single_component(), None);
        let back = both.toggled_component(&"postgres".into());
        assert_eq!(back, s);
        assert_eq!(back.single_component(), Some(&ComponentId::new("web")));
        let mixed = back.toggled_dependency(&"web-redis".into());
        assert_eq!(mixed.describe(), "1 component and 1 dependency selected");
        assert_eq!(mixed.single_dependency(), None);
        assert_eq!(Selection::none().describe(), "Nothing selected");
    }

    #[test]
    fn deleting_the_selection_is_one_command_that_undoes_exactly() {
        let original = mvp_that_creaks();
        let mut doc = original.clone();
        let selection = Selection::component("redis".into())
            .toggled_dependency(&"web-redis".into())
            .toggled_dependency(&"web-queue".into());
        let command = selection.delete_command(&doc).unwrap();
        // web-redis goes with redis; only web-queue is named.
        assert_eq!(
            command,
            Command::Remove { components: vec!["redis".into()], dependencies: vec!["web-queue".into()] }
        );
        let inverse = apply(&mut doc, command).unwrap();
        assert!(doc.component(&"redis".into()).is_none());
        assert!(Selection::none().delete_command(&doc).is_none());
        // Ids the document lost are dropped from the selection.
        assert!(selection.retain_existing(&doc).is_empty());
        apply(&mut doc, inverse).unwrap();
        assert_eq!(doc, original);
    }

    #[test]
    fn deleting_a_box_with_a_growth_override_takes_the_override_along_and_undoes_exactly() {
        // The bug: the override still named the deleted box, so the
        // document was invalid and the delete was refused.
        let mut original = mvp_that_creaks();
        original.scenario.growth_overrides.push(crate::model::GrowthOverride { component: "worker".into(), factor: 3.0 });
        let mut doc = original.clone();
        let command = Selection::component("worker".into()).delete_command(&doc).unwrap();
        assert_eq!(command.label(), "delete 1 component");
        let inverse = apply(&mut doc, command).unwrap();
        assert!(doc.component(&"worker".into()).is_none() && doc.scenario.growth_overrides.is_empty());
        apply(&mut doc, inverse).unwrap();
        assert_eq!(doc, original);
    }

    #[test]
    fn select_all_takes_everything() {
        let doc = mvp_that_creaks();
        let all = Selection::all(&doc);
        assert_eq!(all.len(), doc.components.len() + doc.dependencies.len());
        assert_eq!(all.describe(), "6 components and 7 dependencies selected");
    }
}

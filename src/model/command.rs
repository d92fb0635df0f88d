//! Edits. Every change to the document is a `Command` value; applying one
//! returns its inverse, which is how undo and redo work. The set is closed:
//! the page cannot change the document any other way.
//!
//! A command is applied to a copy that is validated before it replaces the
//! document, so a bad value leaves the document exactly as it was and the
//! error names the field.

use std::fmt;

use super::{
    CallKind, Component, ComponentId, Dependency, DependencyId, Document, EntryPoint, FieldError,
    Point, Scenario, ValidationErrors,
};
use super::{DesignOption, Migration};
use super::decision::DecisionRecord;

/// One edit of the document.
// A component with its observation is larger than the other edits; a
// command lives for one gesture and the history holds documents, not
// commands, so boxing would only add indirection.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Puts components, dependencies and entry points at the given
    /// positions of their lists (positions past the end append).
    Insert {
        components: Vec<(usize, Component)>,
        dependencies: Vec<(usize, Dependency)>,
        entries: Vec<(usize, EntryPoint)>,
    },
    /// Removes components (with every dependency and entry point that
    /// touches them) and dependencies.
    Remove {
        components: Vec<ComponentId>,
        dependencies: Vec<DependencyId>,
    },
    /// Replaces the component with the same id.
    UpdateComponent(Component),
    /// Moves components; `None` hands a component back to the auto-layout.
    Move(Vec<(ComponentId, Option<Point>)>),
    /// Replaces the dependency with the same id.
    UpdateDependency(Dependency),
    /// Replaces the scenario (entry rates, growth, lines).
    SetScenario(Scenario),
    /// Renames the document.
    Rename(String),
    /// Replaces the whole document (opening a template).
    Replace(Box<Document>),
    /// Puts a decision record in place: replaces the record with the same
    /// number, or adds it.
    PutDecision(Box<DecisionRecord>),
    /// Removes the decision record with this number.
    RemoveDecision(u32),
    /// Puts a design option in place: replaces the option with the same id,
    /// or adds it.
    PutOption(Box<DesignOption>),
    /// Removes the design option with this id.
    RemoveOption(String),
    /// Makes an option the main line: its architecture replaces the main
    /// line's, which is kept as an option in its place ("Before …").
    AdoptOption(String),
    /// Replaces the migration plans (adding, editing or dropping one).
    SetMigrations(Vec<Migration>),
    /// Several edits as one undo step.
    Batch(Vec<Command>),
}

/// Why an edit was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum EditError {
    UnknownComponent(ComponentId),
    UnknownDependency(DependencyId),
    UnknownDecision(u32),
    UnknownOption(String),
    /// A dependency from a component to itself.
    SelfDependency(ComponentId),
    /// The same ends and kind already have a dependency.
    DuplicateDependency { from: ComponentId, to: ComponentId, kind: CallKind },
    /// The edit would break a rule of the model.
    Invalid(ValidationErrors),
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::UnknownComponent(id) => write!(f, "there is no component \"{id}\""),
            EditError::UnknownDependency(id) => write!(f, "there is no dependency \"{id}\""),
            EditError::UnknownDecision(number) => write!(f, "there is no decision ADR-{number:04}"),
            EditError::UnknownOption(id) => write!(f, "there is no option \"{id}\""),
            EditError::SelfDependency(id) => {
                write!(f, "\"{id}\" cannot depend on itself; model a retry with its calls instead")
            }
            EditError::DuplicateDependency { from, to, kind } => write!(
                f,
                "\"{from}\" already has a {} dependency on \"{to}\"; edit its calls instead",
                kind.label()
            ),
            EditError::Invalid(errors) => write!(f, "{errors}"),
        }
    }
}

impl std::error::Error for EditError {}

impl EditError {
    /// The field errors, when the refusal is about field values.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            EditError::Invalid(errors) => &errors.0,
            _ => &[],
        }
    }
}

impl Command {
    /// Connects two components. Refuses a self-dependency and a second
    /// dependency with the same ends and kind, which the page would draw on
    /// top of the first.
    pub fn connect(doc: &Document, dependency: Dependency) -> Result<Command, EditError> {
        if dependency.from == dependency.to {
            return Err(EditError::SelfDependency(dependency.from));
        }
        for end in [&dependency.from, &dependency.to] {
            if doc.component(end).is_none() {
                return Err(EditError::UnknownComponent(end.clone()));
            }
        }
        if doc
            .dependencies
            .iter()
            .any(|d| d.from == dependency.from && d.to == dependency.to && d.kind == dependency.kind)
        {
            return Err(EditError::DuplicateDependency {
                from: dependency.from,
                to: dependency.to,
                kind: dependency.kind,
            });
        }
        Ok(Command::Insert {
            components: Vec::new(),
            dependencies: vec![(usize::MAX, dependency)],
            entries: Vec::new(),
        })
    }

    /// Adds one component at the end.
    pub fn add(component: Component) -> Command {
        Command::Insert {
            components: vec![(usize::MAX, component)],
            dependencies: Vec::new(),
            entries: Vec::new(),
        }
    }

    /// Whether the command is an edit worth an undo step. Moving the growth
    /// dial changes the saved scenario but is exploration, not an edit.
    pub fn enters_history(&self, before: &Document) -> bool {
        match self {
            Command::SetScenario(scenario) => !before.scenario.same_apart_from_growth(scenario),
            Command::Batch(commands) => !commands.is_empty(),
            Command::Move(moves) => !moves.is_empty(),
            _ => true,
        }
    }

    /// What the command does, for "Undo …" labels.
    pub fn label(&self) -> String {
        let plural = |n: usize, one: &str| if n == 1 { format!("1 {one}") } else { format!("{n} {one}s") };
        match self {
            Command::Insert { components, dependencies, .. } => match (components.len(), dependencies.len()) {
                (0, d) => format!("add {}", plural(d, "dependency").replace("dependencys", "dependencies")),
                (c, _) => format!("add {}", plural(c, "component")),
            },
            Command::Remove { components, dependencies } => match (components.len(), dependencies.len()) {
                (0, d) => format!("delete {}", plural(d, "dependency").replace("dependencys", "dependencies")),
                (c, _) => format!("delete {}", plural(c, "component")),
            },
            Command::UpdateComponent(c) => format!("edit {}", c.name),
            Command::Move(moves) => format!("move {}", plural(moves.len(), "component")),
            Command::UpdateDependency(_) => "edit dependency".to_owned(),
            Command::SetScenario(_) => "edit scenario".to_owned(),
            Command::Rename(_) => "rename document".to_owned(),
            Command::Replace(doc) => format!("open {}", doc.name),
            Command::PutDecision(record) => format!("edit ADR-{:04}", record.number),
            Command::RemoveDecision(number) => format!("delete ADR-{number:04}"),
            Command::PutOption(option) => format!("save option {}", option.name),
            Command::RemoveOption(_) => "delete option".to_owned(),
            Command::AdoptOption(_) => "adopt option".to_owned(),
            Command::SetMigrations(_) => "edit migration plan".to_owned(),
            // An edit followed by moves that only pin the automatic layout
            // (the editor adds them so nothing jumps) reads as the edit; so
            // does one edit with what the editor does beside it to keep the
            // model whole (a balancer's other shares, the overrides of a
            // deleted box).
            Command::Batch(commands) => match commands.split_first() {
                Some((first, rest)) if rest.iter().all(|c| matches!(c, Command::Move(_))) => first.label(),
                _ => {
                    let mut main = commands.iter().filter(|c| {
                        !matches!(c, Command::Move(_) | Command::UpdateDependency(_) | Command::SetScenario(_))
                    });
                    match (main.next(), main.next()) {
                        (Some(only), None) => only.label(),
                        _ => plural(commands.len(), "edit"),
                    }
                }
            },
        }
    }
}

/// Applies `command` and returns the command that undoes it. On error the
/// document is unchanged. Decision records are checked too (dates, links,
/// superseding numbers), so an edit cannot leave a dangling link.
pub fn apply(doc: &mut Document, command: Command) -> Result<Command, EditError> {
    // A growth-dial step, dozens a second: only the growth changes, so it
    // alone is checked and nothing is copied. (Documents are validated when
    // they are read and after every other edit, so the rest is valid.)
    if let Command::SetScenario(scenario) = command {
        if !doc.scenario.same_apart_from_growth(&scenario) {
            return apply_checked(doc, Command::SetScenario(scenario));
        }
        super::validation::validate_growth(scenario.growth).map_err(EditError::Invalid)?;
        return Ok(Command::SetScenario(std::mem::replace(&mut doc.scenario, scenario)));
    }
    apply_checked(doc, command)
}

/// Applies `command` to a copy, checks the whole result and only then
/// keeps it.
fn apply_checked(doc: &mut Document, command: Command) -> Result<Command, EditError> {
    let mut draft = doc.clone();
    let inverse = apply_unchecked(&mut draft, command)?;
    draft.validate().map_err(EditError::Invalid)?;
    *doc = draft;
    Ok(inverse)
}

fn apply_unchecked(doc: &mut Document, command: Command) -> Result<Command, EditError> {
    match command {
        Command::Insert { components, dependencies, entries } => {
            let mut inserted_components = Vec::new();
            let mut inserted_dependencies = Vec::new();
            for (at, component) in components {
                inserted_components.push(component.id.clone());
                let at = at.min(doc.components.len());
                doc.components.insert(at, component);
            }
            for (at, dependency) in dependencies {
                inserted_dependencies.push(dependency.id.clone());
                let at = at.min(doc.dependencies.len());
                doc.dependencies.insert(at, dependency);
            }
            for (at, entry) in entries {
                let at = at.min(doc.scenario.entries.len());
                doc.scenario.entries.insert(at, entry);
            }
            Ok(Command::Remove { components: inserted_components, dependencies: inserted_dependencies })
        }
        Command::Remove { components, dependencies } => {
            for id in &components {
                if doc.component(id).is_none() {
                    return Err(EditError::UnknownComponent(id.clone()));
                }
            }
            for id in &dependencies {
                if doc.dependency(id).is_none() {
                    return Err(EditError::UnknownDependency(id.clone()));
                }
            }
            // Record positions from the front so that re-inserting in the
            // same order restores every index.
            let removed_dependencies: Vec<(usize, Dependency)> = doc
                .dependencies
                .iter()
                .enumerate()
                .filter(|(_, d)| {
                    dependencies.contains(&d.id)
                        || components.contains(&d.from)
                        || components.contains(&d.to)
                })
                .map(|(i, d)| (i, d.clone()))
                .collect();
            let removed_components: Vec<(usize, Component)> = doc
                .components
                .iter()
                .enumerate()
                .filter(|(_, c)| components.contains(&c.id))
                .map(|(i, c)| (i, c.clone()))
                .collect();
            let removed_entries: Vec<(usize, EntryPoint)> = doc
                .scenario
                .entries
                .iter()
                .enumerate()
                .filter(|(_, e)| components.contains(&e.component))
                .map(|(i, e)| (i, e.clone()))
                .collect();
            doc.dependencies.retain(|d| {
                !(dependencies.contains(&d.id) || components.contains(&d.from) || components.contains(&d.to))
            });
            doc.components.retain(|c| !components.contains(&c.id));
            doc.scenario.entries.retain(|e| !components.contains(&e.component));
            let restore = Command::Insert {
                components: removed_components,
                dependencies: removed_dependencies,
                entries: removed_entries,
            };
            // A migration from or to a deleted box goes with it.
            if doc.migrations.iter().any(|m| components.iter().any(|id| m.involves(id))) {
                let before = doc.migrations.clone();
                doc.migrations.retain(|m| !components.iter().any(|id| m.involves(id)));
                return Ok(Command::Batch(vec![restore, Command::SetMigrations(before)]));
            }
            Ok(restore)
        }
        Command::UpdateComponent(component) => {
            let slot = doc
                .component_mut(&component.id)
                .ok_or_else(|| EditError::UnknownComponent(component.id.clone()))?;
            let before = std::mem::replace(slot, component);
            Ok(Command::UpdateComponent(before))
        }
        Command::Move(moves) => {
            let mut before = Vec::with_capacity(moves.len());
            for (id, position) in moves {
                let slot = doc
                    .component_mut(&id)
                    .ok_or_else(|| EditError::UnknownComponent(id.clone()))?;
                before.push((id, std::mem::replace(&mut slot.position, position)));
            }
            Ok(Command::Move(before))
        }
        Command::UpdateDependency(dependency) => {
            let slot = doc
                .dependencies
                .iter_mut()
                .find(|d| d.id == dependency.id)
                .ok_or_else(|| EditError::UnknownDependency(dependency.id.clone()))?;
            let before = std::mem::replace(slot, dependency);
            Ok(Command::UpdateDependency(before))
        }
        Command::SetScenario(scenario) => {
            Ok(Command::SetScenario(std::mem::replace(&mut doc.scenario, scenario)))
        }
        Command::Rename(name) => Ok(Command::Rename(std::mem::replace(&mut doc.name, name))),
        Command::Replace(document) => Ok(Command::Replace(Box::new(std::mem::replace(doc, *document)))),
        Command::PutDecision(record) => {
            match doc.decisions.iter_mut().find(|d| d.number == record.number) {
                Some(slot) => Ok(Command::PutDecision(Box::new(std::mem::replace(slot, *record)))),
                None => {
                    let number = record.number;
                    doc.decisions.push(*record);
                    doc.decisions.sort_by_key(|d| d.number);
                    Ok(Command::RemoveDecision(number))
                }
            }
        }
        Command::PutOption(option) => match doc.options.iter_mut().find(|o| o.id == option.id) {
            Some(slot) => Ok(Command::PutOption(Box::new(std::mem::replace(slot, *option)))),
            None => {
                let id = option.id.clone();
                doc.options.push(*option);
                Ok(Command::RemoveOption(id))
            }
        },
        Command::RemoveOption(id) => {
            let at = doc.options.iter().position(|o| o.id == id).ok_or(EditError::UnknownOption(id))?;
            let removed = doc.options.remove(at);
            // Put it back where it was, not at the end.
            let mut restore = doc.clone();
            restore.options.insert(at, removed);
            Ok(Command::Replace(Box::new(restore)))
        }
        Command::AdoptOption(id) => {
            let before = doc.clone();
            let slot = doc.options.iter_mut().find(|o| o.id == id).ok_or(EditError::UnknownOption(id))?;
            let name = format!("Before {}", slot.name);
            let components = std::mem::replace(&mut doc.components, std::mem::take(&mut slot.components));
            let dependencies = std::mem::replace(&mut doc.dependencies, std::mem::take(&mut slot.dependencies));
            slot.components = components;
            slot.dependencies = dependencies;
            slot.name = name;
            slot.note = String::new();
            // Entry points and overrides that named components the adopted
            // option does not have are dropped with the old architecture.
            let exists = |id: &ComponentId, components: &[Component]| components.iter().any(|c| &c.id == id);
            let components = doc.components.clone();
            doc.scenario.entries.retain(|e| exists(&e.component, &components));
            doc.scenario.growth_overrides.retain(|o| exists(&o.component, &components));
            Ok(Command::Replace(Box::new(before)))
        }
        Command::RemoveDecision(number) => {
            let at = doc
                .decisions
                .iter()
                .position(|d| d.number == number)
                .ok_or(EditError::UnknownDecision(number))?;
            Ok(Command::PutDecision(Box::new(doc.decisions.remove(at))))
        }
        Command::SetMigrations(migrations) => {
            Ok(Command::SetMigrations(std::mem::replace(&mut doc.migrations, migrations)))
        }
        Command::Batch(commands) => {
            let mut inverses = Vec::with_capacity(commands.len());
            for command in commands {
                inverses.push(apply_unchecked(doc, command)?);
            }
            inverses.reverse();
            Ok(Command::Batch(inverses))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{mvp_that_creaks, CallMode, ComponentKind};

    /// Applies, checks the result, undoes, and checks the document is back
    /// exactly as it was.
    fn check_round_trip(command: Command, after: impl FnOnce(&Document)) {
        let original = mvp_that_creaks();
        let mut doc = original.clone();
        let inverse = apply(&mut doc, command).expect("applies");
        after(&doc);
        apply(&mut doc, inverse).expect("undo applies");
        assert_eq!(doc, original);
    }

    #[test]
    fn deleting_a_side_of_a_migration_drops_the_plan_and_undo_brings_it_back() {
        let mut doc = mvp_that_creaks();
        let plan = crate::model::Migration::new("web".into(), "worker".into());
        apply(&mut doc, Command::SetMigrations(vec![plan.clone()])).expect("a plan between two components");
        let before = doc.clone();
        let undo = apply(&mut doc, Command::Remove { components: vec!["worker".into()], dependencies: vec![] }).expect("removes");
        assert!(doc.migrations.is_empty());
        apply(&mut doc, undo).expect("undo applies");
        assert_eq!(doc, before);
        // A plan naming a component that is not there is refused, by field.
        let error = apply(&mut doc, Command::SetMigrations(vec![crate::model::Migration::new("web".into(), "nowhere".into())]))
            .unwrap_err()
            .to_string();
        assert!(error.contains("migration 1") && error.contains("new") && error.contains("nowhere"), "{error}");
    }

    #[test]
    fn removing_a_component_takes_its_dependencies_and_entries_and_undo_restores_them() {
        check_round_trip(
            Command::Remove { components: vec!["web".into()], dependencies: vec![] },
            |doc| {
                assert!(doc.component(&"web".into()).is_none());
                assert!(doc.dependencies.iter().all(|d| d.from.as_str() != "web" && d.to.as_str() != "web"));
                assert_eq!(doc.dependencies.len(), 3);
            },
        );
        check_round_trip(
            Command::Remove { components: vec!["lb".into()], dependencies: vec![] },
            |doc| assert!(doc.scenario.entries.is_empty()),
        );
    }

    #[test]
    fn every_kind_of_edit_undoes_exactly() {
        let mut postgres = mvp_that_creaks().components[2].clone();
        postgres.instances = 3;
        check_round_trip(Command::UpdateComponent(postgres), |doc| {
            assert_eq!(doc.components[2].instances, 3)
        });
        check_round_trip(Command::Move(vec![("web".into(), Some(Point { x: 10.0, y: 20.0 }))]), |doc| {
            assert_eq!(doc.components[1].position, Some(Point { x: 10.0, y: 20.0 }))
        });
        check_round_trip(Command::add(Component::with_defaults("cdn", "CDN", ComponentKind::Cdn)), |doc| {
            assert_eq!(doc.components.len(), 7)
        });
        check_round_trip(Command::Rename("Renamed".into()), |doc| assert_eq!(doc.name, "Renamed"));
        check_round_trip(
            Command::Batch(vec![
                Command::add(Component::with_defaults("api", "API", ComponentKind::Service)),
                Command::Remove { components: vec!["queue".into()], dependencies: vec![] },
            ]),
            |doc| assert_eq!(doc.components.len(), 6),
        );
    }

    #[test]
    fn a_bad_value_is_refused_and_changes_nothing() {
        let mut doc = mvp_that_creaks();
        let mut broken = doc.components[2].clone();
        broken.throughput_per_instance = -1.0;
        let error = apply(&mut doc, Command::UpdateComponent(broken)).unwrap_err();
        assert_eq!(
            error.to_string(),
            "component \"postgres\", throughput_per_instance: must be greater than 0, got -1"
        );
        assert_eq!(doc, mvp_that_creaks());
    }

    #[test]
    fn connecting_refuses_self_and_duplicate_dependencies() {
        let doc = mvp_that_creaks();
        let dependency = |from: &str, to: &str, kind| Dependency {
            id: "new".into(),
            from: from.into(),
            to: to.into(),
            calls: 1.0,
            kind,
            mode: CallMode::Sync,
            deferrable: false,
            routing: crate::model::Routing::Calls,
            repeat_share: None,
        };
        assert_eq!(
            Command::connect(&doc, dependency("web", "web", CallKind::Call)).unwrap_err(),
            EditError::SelfDependency("web".into())
        );
        assert!(matches!(
            Command::connect(&doc, dependency("web", "redis", CallKind::Read)),
            Err(EditError::DuplicateDependency { .. })
        ));
        // A write alongside the existing read is a different dependency.
        assert!(Command::connect(&doc, dependency("web", "redis", CallKind::Write)).is_ok());
        assert_eq!(
            Command::connect(&doc, dependency("web", "ghost", CallKind::Call)).unwrap_err(),
            EditError::UnknownComponent("ghost".into())
        );
    }

    #[test]
    fn decisions_are_put_and_removed_undoably() {
        let record = crate::model::decision::DecisionRecord::new(1, "Add a pooler", "2026-11-21");
        check_round_trip(Command::PutDecision(Box::new(record.clone())), |doc| {
            assert_eq!(doc.decisions.len(), 1)
        });
        let mut doc = mvp_that_creaks();
        apply(&mut doc, Command::PutDecision(Box::new(record))).unwrap();
        let mut edited = doc.decisions[0].clone();
        edited.title = "Add PgBouncer".into();
        let inverse = apply(&mut doc, Command::PutDecision(Box::new(edited))).unwrap();
        assert_eq!(doc.decisions[0].title, "Add PgBouncer");
        apply(&mut doc, inverse).unwrap();
        assert_eq!(doc.decisions[0].title, "Add a pooler");
        assert_eq!(
            apply(&mut doc, Command::RemoveDecision(9)).unwrap_err(),
            EditError::UnknownDecision(9)
        );
    }

    #[test]
    fn options_are_saved_adopted_and_removed_undoably() {
        let doc = mvp_that_creaks();
        let mut fork = DesignOption::fork(&doc, "replicas", "Add read replicas");
        if let Some(db) = fork.components.iter_mut().find(|c| c.id.as_str() == "postgres") {
            db.database.as_mut().unwrap().read_replicas = 2;
        }
        check_round_trip(Command::PutOption(Box::new(fork.clone())), |doc| assert_eq!(doc.options.len(), 1));
        let mut with_option = doc.clone();
        apply(&mut with_option, Command::PutOption(Box::new(fork))).unwrap();
        let mut adopted = with_option.clone();
        let inverse = apply(&mut adopted, Command::AdoptOption("replicas".into())).unwrap();
        assert_eq!(adopted.components[2].database.as_ref().unwrap().read_replicas, 2);
        assert_eq!(adopted.options[0].name, "Before Add read replicas");
        assert_eq!(adopted.options[0].components[2].database.as_ref().unwrap().read_replicas, 0);
        apply(&mut adopted, inverse).unwrap();
        assert_eq!(adopted, with_option);
        let mut removed = with_option.clone();
        let inverse = apply(&mut removed, Command::RemoveOption("replicas".into())).unwrap();
        assert!(removed.options.is_empty());
        apply(&mut removed, inverse).unwrap();
        assert_eq!(removed, with_option);
        assert_eq!(
            apply(&mut removed, Command::AdoptOption("nope".into())).unwrap_err(),
            EditError::UnknownOption("nope".into())
        );
    }

    #[test]
    fn a_batch_reads_as_its_first_edit_when_the_rest_only_move() {
        let add = Command::add(Component::with_defaults("cdn", "CDN", ComponentKind::Cdn));
        let pin = Command::Move(vec![("web".into(), Some(Point { x: 1.0, y: 2.0 }))]);
        assert_eq!(Command::Batch(vec![add.clone(), pin.clone()]).label(), "add 1 component");
        assert_eq!(Command::Batch(vec![add.clone(), Command::Rename("x".into())]).label(), "2 edits");
        assert_eq!(Command::Batch(vec![add]).label(), "add 1 component");
    }

    #[test]
    fn moving_the_growth_dial_is_not_an_undo_step() {
        let doc = mvp_that_creaks();
        let mut scenario = doc.scenario.clone();
        scenario.growth = 10.0;
        assert!(!Command::SetScenario(scenario.clone()).enters_history(&doc));
        scenario.comfort_line = 0.6;
        assert!(Command::SetScenario(scenario).enters_history(&doc));
    }

    #[test]
    fn a_growth_step_is_checked_like_any_edit_and_undone_exactly() {
        let doc = mvp_that_creaks();
        for bad in [0.0, -2.0, f64::NAN, f64::INFINITY] {
            let mut scenario = doc.scenario.clone();
            scenario.growth = bad;
            let mut edited = doc.clone();
            let Err(EditError::Invalid(errors)) = apply(&mut edited, Command::SetScenario(scenario)) else {
                panic!("growth {bad} accepted");
            };
            assert_eq!(errors.0[0].field, "growth", "{errors}");
            assert_eq!(edited, doc, "a refused growth leaves the document as it was");
        }
        let mut scenario = doc.scenario.clone();
        scenario.growth = 12.5;
        let mut edited = doc.clone();
        let inverse = apply(&mut edited, Command::SetScenario(scenario)).unwrap();
        assert_eq!(edited.scenario.growth, 12.5);
        apply(&mut edited, inverse).unwrap();
        assert_eq!(edited, doc);
    }
}

//! Connecting components and editing a dependency's ends and kind. A new
//! dependency starts with what the callee suggests (a read of a database
//! or cache, an asynchronous write into a queue); the refusals — a
//! component depending on itself, a second dependency with the same ends
//! and kind — are the model's (`Command::connect`), so every path into the
//! document says the same thing.

use crate::editor::canvas::placement::{dependency_ids, fresh_dependency_id};
use crate::model::{
    shares, CallKind, CallMode, Command, ComponentId, ComponentKind, Dependency, DependencyId, Document, EditError,
    Routing,
};

/// The kind and mode a new dependency from `from` to `to` starts with.
pub fn suggested(from: Option<ComponentKind>, to: Option<ComponentKind>) -> (CallKind, CallMode) {
    match (from, to) {
        // Consumers drain a queue at their own pace.
        (Some(ComponentKind::Queue), _) => (CallKind::Call, CallMode::Async),
        (_, Some(ComponentKind::Queue)) => (CallKind::Write, CallMode::Async),
        (_, Some(ComponentKind::Database | ComponentKind::Cache | ComponentKind::ConnectionPooler)) => {
            (CallKind::Read, CallMode::Sync)
        }
        _ => (CallKind::Call, CallMode::Sync),
    }
}

/// The edit that connects `from` to `to` with the suggested kind, with the
/// new dependency's id; or why not. From a load balancer or gateway the
/// arrow takes an even share of its traffic and the caller's other shares
/// make room in proportion (one undo step); from anything else it is one
/// call per request.
pub fn connect(doc: &Document, from: &ComponentId, to: &ComponentId) -> Result<(Command, DependencyId), EditError> {
    let kind_of = |id: &ComponentId| doc.component(id).map(|c| c.kind);
    let (kind, mode) = suggested(kind_of(from), kind_of(to));
    let routing = kind_of(from).map_or(Routing::Calls, Routing::for_caller);
    let (calls, room) = match routing {
        Routing::Share => shares::making_room(doc, from),
        Routing::Calls => (1.0, Vec::new()),
    };
    let id = fresh_dependency_id(&dependency_ids(doc), &format!("{from}-{to}"));
    let dependency =
        Dependency { id: id.clone(), from: from.clone(), to: to.clone(), calls, kind, mode, deferrable: false, routing, repeat_share: None };
    let command = Command::connect(doc, dependency)?;
    let command = if room.is_empty() { command } else { Command::Batch([vec![command], room].concat()) };
    Ok((command, id))
}

/// The edit that replaces a dependency with `changed` (same id): other
/// calls, kind, mode or ends. Refused, like a new connection, when it would
/// depend on itself or duplicate another dependency's ends and kind.
pub fn update(doc: &Document, changed: Dependency) -> Result<Command, EditError> {
    if changed.from == changed.to {
        return Err(EditError::SelfDependency(changed.from));
    }
    if doc
        .dependencies
        .iter()
        .any(|d| d.id != changed.id && d.from == changed.from && d.to == changed.to && d.kind == changed.kind)
    {
        return Err(EditError::DuplicateDependency { from: changed.from, to: changed.to, kind: changed.kind });
    }
    if doc.dependency(&changed.id).is_none() {
        return Err(EditError::UnknownDependency(changed.id));
    }
    Ok(Command::UpdateDependency(changed))
}

/// A refused connection in the words people see on the canvas: the
/// boxes' names rather than their ids ("“Web app” cannot depend on
/// itself"), with what to do instead.
pub fn refusal(doc: &Document, error: &EditError) -> String {
    let name = |id: &ComponentId| doc.component(id).map_or_else(|| id.to_string(), |c| c.name.clone());
    match error {
        EditError::SelfDependency(id) => {
            format!("“{}” cannot depend on itself; model a retry with its calls instead", name(id))
        }
        EditError::DuplicateDependency { from, to, kind } => format!(
            "“{}” already has a {} dependency on “{}”; select that arrow and edit its calls instead",
            name(from),
            kind.label(),
            name(to)
        ),
        other => other.to_string(),
    }
}

/// The edit that turns a dependency round (the callee becomes the caller).
pub fn swap(doc: &Document, id: &DependencyId) -> Result<Command, EditError> {
    let current = doc.dependency(id).ok_or_else(|| EditError::UnknownDependency(id.clone()))?;
    update(doc, Dependency { from: current.to.clone(), to: current.from.clone(), ..current.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{apply, mvp_that_creaks};

    #[test]
    fn a_new_connection_takes_the_callees_suggestion() {
        let mut doc = mvp_that_creaks();
        let (command, id) = connect(&doc, &"lb".into(), &"postgres".into()).unwrap();
        assert_eq!(id.as_str(), "lb-postgres");
        apply(&mut doc, command).unwrap();
        let added = doc.dependency(&id).unwrap();
        // From a load balancer: a share, half of its traffic beside the web app.
        assert_eq!((added.kind, added.mode, added.calls, added.routing), (CallKind::Read, CallMode::Sync, 0.5, Routing::Share));
        assert_eq!(suggested(Some(ComponentKind::Service), Some(ComponentKind::Queue)), (CallKind::Write, CallMode::Async));
        assert_eq!(suggested(Some(ComponentKind::Queue), Some(ComponentKind::WorkerPool)), (CallKind::Call, CallMode::Async));
        assert_eq!(suggested(None, None), (CallKind::Call, CallMode::Sync));
    }

    #[test]
    fn a_balancer_splits_its_traffic_evenly_over_what_it_is_connected_to() {
        let mut doc = mvp_that_creaks();
        let (command, id) = connect(&doc, &"lb".into(), &"postgres".into()).unwrap();
        apply(&mut doc, command).unwrap();
        let share = |id: &str| doc.dependency(&id.into()).map(|d| (d.routing, d.calls));
        assert_eq!(share("lb-web"), Some((Routing::Share, 0.5)));
        assert_eq!(share(id.as_str()), Some((Routing::Share, 0.5)));
        // What comes in goes out once: 120 req/s in, 60 + 60 out.
        let report = crate::engine::solve(&doc);
        let arrival = |id: &str| report.components.iter().find(|c| c.id.as_str() == id).map(|c| c.arrival_rate);
        assert_eq!(arrival("web"), Some(60.0));
        // A service still calls: one call per request.
        let (command, id) = connect(&doc, &"worker".into(), &"redis".into()).unwrap();
        apply(&mut doc, command).unwrap();
        assert_eq!(doc.dependency(&id).map(|d| (d.routing, d.calls)), Some((Routing::Calls, 1.0)));
    }

    #[test]
    fn self_and_duplicate_connections_are_refused_with_words() {
        let doc = mvp_that_creaks();
        let error = connect(&doc, &"web".into(), &"web".into()).unwrap_err();
        assert_eq!(error.to_string(), "\"web\" cannot depend on itself; model a retry with its calls instead");
        // web → redis is already a read.
        let error = connect(&doc, &"web".into(), &"redis".into()).unwrap_err();
        assert_eq!(error.to_string(), "\"web\" already has a read dependency on \"redis\"; edit its calls instead");
        // On the page, in the names the boxes show.
        assert_eq!(
            refusal(&doc, &error),
            "“Web app” already has a read dependency on “Redis cache”; select that arrow and edit its calls instead"
        );
        let error = connect(&doc, &"web".into(), &"web".into()).unwrap_err();
        assert_eq!(refusal(&doc, &error), "“Web app” cannot depend on itself; model a retry with its calls instead");
        assert_eq!(refusal(&doc, &EditError::UnknownOption("x".into())), "there is no option \"x\"");
    }

    #[test]
    fn swapping_turns_an_arrow_round_unless_that_duplicates() {
        let mut doc = mvp_that_creaks();
        let command = swap(&doc, &"lb-web".into()).unwrap();
        apply(&mut doc, command).unwrap();
        let d = doc.dependency(&"lb-web".into()).unwrap();
        assert_eq!((d.from.as_str(), d.to.as_str()), ("web", "lb"));
        // A write web → redis beside the read, then turning the read into
        // a write duplicates it.
        let (add, id) = connect(&doc, &"web".into(), &"postgres".into()).unwrap();
        apply(&mut doc, add).unwrap();
        let mut changed = doc.dependency(&id).unwrap().clone();
        changed.kind = CallKind::Write;
        assert!(matches!(update(&doc, changed), Err(EditError::DuplicateDependency { .. })));
        assert!(matches!(swap(&doc, &"ghost".into()), Err(EditError::UnknownDependency(_))));
    }
}

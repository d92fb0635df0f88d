//! The planning panels' rules, without a browser: naming and forking
//! design options, reading the plan's target and ceiling as typed, and
//! where the document stands along a plan that was found earlier — which
//! step applies next, whether every step is in, or whether the document
//! changed underneath and the plan must be found again.
//!
//! A plan's steps were computed one after another on the architecture of
//! the moment; step k is only valid on the architecture that steps 0..k
//! produced. So the page never applies a step whose starting point is not
//! the document on screen: it asks [`plan_position`] first, and builds the
//! edit with [`step_command`] on the document as it is (keeping where the
//! user placed the boxes).

use crate::adr::slug;
use crate::editor::forms::scenario_form::{number, ratio};
use crate::engine::{Plan, PlanStep};
use crate::model::{Command, Component, Document, DesignOption, Scenario};

/// Growth a plan aims for when the user has not typed one.
pub const DEFAULT_TARGET_GROWTH: f64 = 100.0;
/// The largest target the plan accepts: the growth dial's end.
pub const MAX_TARGET_GROWTH: f64 = 1000.0;
/// Most options compared beside the main line at once (three columns fit
/// a projector).
pub const MAX_COMPARED: usize = 2;

/// A name for the next option: "Option 1", "Option 2", … (the first not
/// taken).
pub fn next_option_name(doc: &Document) -> String {
    (1..)
        .map(|n| format!("Option {n}"))
        .find(|name| !doc.options.iter().any(|o| o.name.eq_ignore_ascii_case(name)))
        .unwrap_or_else(|| "Option".to_owned())
}

/// A typed option name, trimmed; refused when empty or already used by
/// another option (`except` is the option being renamed).
pub fn option_name(doc: &Document, text: &str, except: Option<&str>) -> Result<String, String> {
    let name = text.trim();
    if name.is_empty() {
        return Err("Name is empty: type a name for the option".to_owned());
    }
    if doc.options.iter().any(|o| Some(o.id.as_str()) != except && o.name.trim().eq_ignore_ascii_case(name)) {
        return Err(format!("There is already an option named \"{name}\": choose another name"));
    }
    Ok(name.to_owned())
}

/// A stable id for a new option named `name`: its slug, made unique among
/// the document's options.
pub fn option_id(doc: &Document, name: &str) -> String {
    let base = slug(name);
    let taken = |id: &str| doc.options.iter().any(|o| o.id == id);
    if !taken(&base) {
        return base;
    }
    (2..).map(|n| format!("{base}-{n}")).find(|id| !taken(id)).unwrap_or(base)
}

/// "Save as option…": the current architecture as a new option.
pub fn fork_option(doc: &Document, text: &str) -> Result<DesignOption, String> {
    let name = option_name(doc, text, None)?;
    Ok(DesignOption::fork(doc, option_id(doc, &name), name))
}

/// The option `id` renamed, ready for `Command::PutOption`.
pub fn renamed_option(doc: &Document, id: &str, text: &str) -> Result<DesignOption, String> {
    let name = option_name(doc, text, Some(id))?;
    let option = doc.options.iter().find(|o| o.id == id).ok_or_else(|| format!("There is no option \"{id}\""))?;
    Ok(DesignOption { name, ..option.clone() })
}

/// "Save plan as option": the architecture the plan ends with, as an
/// option named after its target ("Plan to 100×", "Plan to 100× (2)").
pub fn plan_option(doc: &Document, plan: &Plan) -> DesignOption {
    let base = format!("Plan to {}", crate::words::quantity::multiplier(plan.target.growth));
    let name = (1..)
        .map(|n| if n == 1 { base.clone() } else { format!("{base} ({n})") })
        .find(|name| option_name(doc, name, None).is_ok())
        .unwrap_or(base);
    let mut option = DesignOption::fork(&plan.result, option_id(doc, &name), name);
    option.note = format!(
        "The automatic plan's architecture: {} step{} to reach {} under {:.0}% utilisation.",
        plan.steps.len(),
        if plan.steps.len() == 1 { "" } else { "s" },
        crate::words::quantity::multiplier(plan.target.growth),
        plan.target.ceiling * 100.0
    );
    option
}

/// The target growth as typed ("100", "100×", "100x"): above 1 and at most
/// 1000.
pub fn parse_target(text: &str) -> Result<f64, String> {
    let trimmed = text.trim().trim_end_matches(['×', 'x', 'X']).trim();
    let value = number(trimmed).map_err(|why| format!("Target growth: {why}"))?;
    if value <= 1.0 || value > MAX_TARGET_GROWTH {
        return Err(format!("Target growth must be above 1× and at most 1000×, got {}", crate::words::quantity::typed_field_text(value)));
    }
    Ok(value)
}

/// The utilisation ceiling as typed, in percent ("70", "70%").
pub fn parse_ceiling(text: &str) -> Result<f64, String> {
    ratio(text).map_err(|why| format!("Utilisation ceiling {why}"))
}

/// Where the document stands along a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanPosition {
    /// Steps before this one are in; this one applies now.
    Next(usize),
    /// Every step is in: the document is the plan's result.
    Done,
    /// The document is neither where the plan started nor at any of its
    /// steps: it changed since the plan was found.
    Stale,
}

/// A component without its place on the canvas: moving a box does not
/// change the architecture a plan was found for.
fn unplaced(components: &[Component]) -> Vec<Component> {
    components.iter().map(|c| Component { position: None, ..c.clone() }).collect()
}

fn scenario_but_growth(scenario: &Scenario) -> Scenario {
    Scenario { growth: 1.0, ..scenario.clone() }
}

/// Whether two documents have the same architecture and scenario, apart
/// from box positions and the growth dial (and decisions and options,
/// which a plan does not touch).
pub fn same_architecture(a: &Document, b: &Document) -> bool {
    a.dependencies == b.dependencies
        && scenario_but_growth(&a.scenario) == scenario_but_growth(&b.scenario)
        && a.components.len() == b.components.len()
        && unplaced(&a.components) == unplaced(&b.components)
}

/// Where `doc` stands along `plan`.
pub fn plan_position(doc: &Document, plan: &Plan) -> PlanPosition {
    if let Some(k) = plan.steps.iter().position(|s| same_architecture(doc, &s.before_doc)) {
        return PlanPosition::Next(k);
    }
    if same_architecture(doc, &plan.result) {
        PlanPosition::Done
    } else {
        PlanPosition::Stale
    }
}

/// Where the step the panel applied last stands now, read from the
/// document (so it follows Undo and Redo from anywhere: the toolbar,
/// Ctrl+Z, the message's own button).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppliedStep {
    /// The document has step `k` and nothing after it.
    Applied(usize),
    /// The document is back where step `k` starts.
    Undone(usize),
}

/// What to say about step `k`, applied earlier, now that the document is
/// at `position` along a plan of `steps` steps; `None` when the document
/// has moved on (a later step, another edit), so the message must not
/// claim anything about it.
pub fn applied_step(position: PlanPosition, k: usize, steps: usize) -> Option<AppliedStep> {
    match position {
        PlanPosition::Next(next) if next == k + 1 => Some(AppliedStep::Applied(k)),
        PlanPosition::Next(next) if next == k => Some(AppliedStep::Undone(k)),
        PlanPosition::Done if k + 1 == steps => Some(AppliedStep::Applied(k)),
        _ => None,
    }
}

/// The edit that makes `step` on `doc`, which must be at the step's
/// starting point ([`plan_position`]): the step's own move, built on the
/// document as it is so the boxes stay where the user put them. `None`
/// when the move no longer applies.
pub fn step_command(doc: &Document, step: &PlanStep) -> Option<Command> {
    if !same_architecture(doc, &step.before_doc) {
        return None;
    }
    // The move is sized at the growth the plan was found at (an extracted
    // service's instances), not wherever the dial is now.
    let mut at = doc.clone();
    at.scenario.growth = step.before_doc.scenario.growth;
    step.intervention.command(&at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{plan, PlanSettings, PlanTarget};
    use crate::model::{apply, mvp_that_creaks, Point};

    fn sample_plan() -> (Document, Plan) {
        let doc = mvp_that_creaks();
        let found = plan(&doc, PlanTarget { growth: 20.0, ceiling: 0.7 }, PlanSettings::default()).unwrap();
        assert!(found.steps.len() >= 2, "the sample needs several steps to reach 20×");
        (doc, found)
    }

    #[test]
    fn options_get_free_names_and_unique_ids() {
        let mut doc = mvp_that_creaks();
        assert_eq!(next_option_name(&doc), "Option 1");
        let first = fork_option(&doc, "  Add read replicas ").unwrap();
        assert_eq!((first.id.as_str(), first.name.as_str()), ("add-read-replicas", "Add read replicas"));
        assert_eq!(first.components, doc.components);
        doc.options.push(first);
        assert_eq!(
            fork_option(&doc, "add READ replicas").unwrap_err(),
            "There is already an option named \"add READ replicas\": choose another name"
        );
        assert_eq!(fork_option(&doc, "   ").unwrap_err(), "Name is empty: type a name for the option");
        // Another name with the same slug gets its own id.
        assert_eq!(fork_option(&doc, "Add read-replicas!").unwrap().id, "add-read-replicas-2");
        // Renaming to its own name (another case) is fine; to another's is not.
        assert_eq!(renamed_option(&doc, "add-read-replicas", "Add Read Replicas").unwrap().name, "Add Read Replicas");
        doc.options.push(fork_option(&doc, "Option 1").unwrap());
        assert_eq!(next_option_name(&doc), "Option 2");
        assert!(renamed_option(&doc, "option-1", "Add read replicas").is_err());
        assert!(renamed_option(&doc, "ghost", "X").is_err());
    }

    #[test]
    fn target_and_ceiling_are_read_as_typed() {
        assert_eq!(parse_target(" 100 "), Ok(100.0));
        assert_eq!(parse_target("250×"), Ok(250.0));
        assert_eq!(parse_target("20x"), Ok(20.0));
        assert_eq!(parse_target("1").unwrap_err(), "Target growth must be above 1× and at most 1000×, got 1");
        assert_eq!(parse_target("lots").unwrap_err(), "Target growth: \"lots\" is not a number");
        assert_eq!(parse_ceiling("70"), Ok(0.7));
        assert_eq!(parse_ceiling("85%"), Ok(0.85));
        assert_eq!(parse_ceiling("0").unwrap_err(), "Utilisation ceiling must be above 0% and at most 100%, got 0%");
    }

    #[test]
    fn applying_steps_in_order_walks_the_plan_and_undo_walks_back() {
        let (mut doc, found) = sample_plan();
        assert_eq!(plan_position(&doc, &found), PlanPosition::Next(0));
        let mut undo = Vec::new();
        for k in 0..found.steps.len() {
            assert_eq!(plan_position(&doc, &found), PlanPosition::Next(k));
            // A later step does not apply before its turn.
            if let Some(later) = found.steps.get(k + 1) {
                assert_eq!(step_command(&doc, later), None);
            }
            let command = step_command(&doc, &found.steps[k]).expect("the next step applies");
            undo.push(apply(&mut doc, command).expect("the edit is valid"));
        }
        assert_eq!(plan_position(&doc, &found), PlanPosition::Done);
        // Undoing the last step makes it the next one again.
        apply(&mut doc, undo.pop().unwrap()).unwrap();
        assert_eq!(plan_position(&doc, &found), PlanPosition::Next(found.steps.len() - 1));
    }

    #[test]
    fn the_applied_step_follows_undo_and_redo_and_never_outlives_the_document() {
        // Regression: after Undo the panel still said "Applied step 1…
        // Undo takes it back" of a step the document no longer had.
        let (mut doc, found) = sample_plan();
        let n = found.steps.len();
        let mut history = crate::model::History::new();
        let first = step_command(&doc, &found.steps[0]).unwrap();
        history.apply(&mut doc, first).unwrap();
        let at = |doc: &Document| applied_step(plan_position(doc, &found), 0, n);
        assert_eq!(at(&doc), Some(AppliedStep::Applied(0)));
        history.undo(&mut doc).expect("an undo step");
        assert_eq!(at(&doc), Some(AppliedStep::Undone(0)));
        history.redo(&mut doc).expect("a redo step");
        assert_eq!(at(&doc), Some(AppliedStep::Applied(0)));
        // The next step applied: step 1's message says nothing more.
        let second = step_command(&doc, &found.steps[1]).unwrap();
        history.apply(&mut doc, second).unwrap();
        assert_eq!(at(&doc), None);
        assert_eq!(applied_step(plan_position(&doc, &found), 1, n), Some(AppliedStep::Applied(1)));
        // Another edit: nothing is claimed.
        doc.components[1].instances += 1;
        assert_eq!(applied_step(plan_position(&doc, &found), 1, n), None);
        // The last step applied is the plan done.
        assert_eq!(applied_step(PlanPosition::Done, n - 1, n), Some(AppliedStep::Applied(n - 1)));
        assert_eq!(applied_step(PlanPosition::Done, 0, n), None);
    }

    #[test]
    fn moving_a_box_or_the_dial_keeps_the_plan_an_edit_makes_it_stale() {
        let (doc, found) = sample_plan();
        let mut moved = doc.clone();
        moved.components[1].position = Some(Point { x: 500.0, y: 40.0 });
        moved.scenario.growth = 7.0;
        assert_eq!(plan_position(&moved, &found), PlanPosition::Next(0));
        // The step keeps the box where the user put it.
        let mut applied = moved.clone();
        apply(&mut applied, step_command(&moved, &found.steps[0]).unwrap()).unwrap();
        assert_eq!(applied.components[1].position, Some(Point { x: 500.0, y: 40.0 }));
        assert_eq!(plan_position(&applied, &found), PlanPosition::Next(1));

        let mut edited = doc.clone();
        edited.components[1].instances += 1;
        assert_eq!(plan_position(&edited, &found), PlanPosition::Stale);
        assert_eq!(step_command(&edited, &found.steps[0]), None);
        let mut rescaled = doc;
        rescaled.scenario.peak_factor = 2.0;
        assert_eq!(plan_position(&rescaled, &found), PlanPosition::Stale);
    }

    #[test]
    fn a_plan_becomes_an_option_with_its_architecture() {
        let (mut doc, found) = sample_plan();
        let option = plan_option(&doc, &found);
        assert_eq!((option.id.as_str(), option.name.as_str()), ("plan-to-20", "Plan to 20×"));
        assert_eq!(option.components, found.result.components);
        assert!(option.note.starts_with(&format!("The automatic plan's architecture: {} steps to reach 20×", found.steps.len())));
        doc.options.push(option);
        assert_eq!(plan_option(&doc, &found).name, "Plan to 20× (2)");
        assert_eq!(plan_option(&doc, &found).id, "plan-to-20-2");
    }
}

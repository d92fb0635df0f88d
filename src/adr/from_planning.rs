//! Decisions straight from planning: a comparison of options or a step of
//! an automatic plan becomes a proposed record in one action. The options
//! become its considered options, their numbers its pros and cons, the
//! chosen one its outcome, the figures its evidence, and guardrails are
//! proposed so the record says when it stops holding. A guardrail holds in
//! the model the record is about, the option adopted or the step applied,
//! at the growth the change reaches (the target, or less when the change
//! goes no further under the line), with its margin stated.

use super::{draft_utilisation, ConsideredOption, DecisionRecord, Evidence, GuardrailDraft, Unheld};
use crate::engine::{Analysis, Comparison, OptionFigures, Plan};
use crate::words::headline::verb;
use crate::words::plan::{describe_intervention, describe_reason, describe_unlock};
use crate::words::quantity::{duration, monthly_cost, multiplier};
use crate::model::{ComponentId, Document};

/// Pros and cons of `column` measured against `baseline`.
fn pros_and_cons(column: &OptionFigures, baseline: &OptionFigures) -> (Vec<String>, Vec<String>) {
    let (mut pros, mut cons) = (Vec::new(), Vec::new());
    let headroom = |h: Option<f64>| h.map(multiplier).unwrap_or_else(|| "—".to_owned());
    match (column.headroom, baseline.headroom) {
        (Some(a), Some(b)) if a > b * (1.0 + 1e-9) => pros.push(format!("headroom {} instead of {}", headroom(Some(a)), headroom(Some(b)))),
        (Some(a), Some(b)) if a < b * (1.0 - 1e-9) => cons.push(format!("headroom {} instead of {}", headroom(Some(a)), headroom(Some(b)))),
        _ => {}
    }
    let delta = column.monthly_cost - baseline.monthly_cost;
    if delta > 0.5 {
        cons.push(format!("costs {} more a month ({})", monthly_cost(delta), monthly_cost(column.monthly_cost)));
    } else if delta < -0.5 {
        pros.push(format!("costs {} less a month ({})", monthly_cost(-delta), monthly_cost(column.monthly_cost)));
    }
    match (column.latency, baseline.latency) {
        (Some(a), Some(b)) if a < b * 0.99 => pros.push(format!("end-to-end latency {} instead of {}", duration(Some(a)), duration(Some(b)))),
        (Some(a), Some(b)) if a > b * 1.01 => cons.push(format!("end-to-end latency {} instead of {}", duration(Some(a)), duration(Some(b)))),
        (Some(a), None) => pros.push(format!("end-to-end latency {} where the baseline saturates", duration(Some(a)))),
        (None, Some(_)) => cons.push("a component on the request path saturates".to_owned()),
        _ => {}
    }
    let (mine, theirs) = (column.violations.len(), baseline.violations.len());
    if mine < theirs {
        pros.push(format!("{mine} violation{} instead of {theirs}", if mine == 1 { "" } else { "s" }));
    } else if mine > theirs {
        cons.push(format!("{mine} violation{} instead of {theirs}", if mine == 1 { "" } else { "s" }));
    }
    (pros, cons)
}

fn bottleneck_text(column: &OptionFigures) -> String {
    match (&column.bottleneck, column.headroom) {
        (Some((name, limit)), Some(at)) => format!("{name} {} at {}", verb(*limit), multiplier(at)),
        _ => "nothing limits growth".to_owned(),
    }
}

/// A proposed record choosing column `chosen` of `comparison`.
pub fn record_from_comparison(
    doc: &Document,
    comparison: &Comparison,
    chosen: usize,
    number: u32,
    date: &str,
) -> Option<DecisionRecord> {
    let baseline = comparison.columns.first()?;
    let pick = comparison.columns.get(chosen)?;
    let mut record = DecisionRecord::new(number, format!("Adopt \"{}\"", pick.name), date);
    record.context_and_problem = format!(
        "Under the scenario \"{}\" at {}, {}. We compared {} options on the same scenario.",
        doc.scenario.name,
        multiplier(comparison.growth),
        bottleneck_text(baseline),
        comparison.columns.len()
    );
    record.decision_drivers = vec![
        "headroom for the expected growth".to_owned(),
        "monthly cost".to_owned(),
        "no connection, rate-limit or backlog violations".to_owned(),
    ];
    for (i, column) in comparison.columns.iter().enumerate() {
        let mut option = ConsideredOption::new(column.name.clone());
        option.description = bottleneck_text(column);
        if i != 0 {
            let (pros, cons) = pros_and_cons(column, baseline);
            option.pros = pros;
            option.cons = cons;
        } else {
            option.description = format!("Keep the main line: {}.", bottleneck_text(column));
        }
        record.considered_options.push(option);
    }
    record.chosen_option = pick.name.clone();
    let mut reasons = Vec::new();
    if comparison.best.headroom == Some(chosen) {
        reasons.push("it has the most headroom");
    }
    if comparison.best.monthly_cost == Some(chosen) {
        reasons.push("it costs the least");
    }
    if comparison.best.violations == Some(chosen) {
        reasons.push("it has the fewest violations");
    }
    if comparison.best.latency == Some(chosen) {
        reasons.push("it has the lowest latency");
    }
    record.justification = if reasons.is_empty() {
        format!("it gives {} for {}", bottleneck_text(pick), monthly_cost(pick.monthly_cost))
    } else {
        reasons.join(", ")
    };
    let (good, bad) = pros_and_cons(pick, baseline);
    record.good_consequences = good;
    record.bad_consequences = bad;

    // Evidence: the chosen architecture beside the main line.
    let chosen_doc = match &pick.id {
        Some(id) => doc.options.iter().find(|o| &o.id == id)?.as_document(doc),
        None => doc.clone(),
    };
    let after = Analysis::new(&chosen_doc).report_at(comparison.growth);
    let before = Analysis::new(doc).report_at(comparison.growth);
    let bottlenecks: Vec<ComponentId> = [before.bottleneck(), after.bottleneck()]
        .into_iter()
        .flatten()
        .map(|b| b.component.clone())
        .fold(Vec::new(), |mut all, id| {
            if !all.contains(&id) {
                all.push(id);
            }
            all
        });
    record.evidence = Some(Evidence::capture(&chosen_doc, &after, Some(&before), &bottlenecks));
    record.components = bottlenecks;
    // The guardrail is on the chosen architecture's bottleneck and is
    // judged on that architecture: the decision is to adopt it.
    if let Some(bottleneck) = after.bottleneck() {
        let (what, model) = match &pick.id {
            Some(_) => (format!("“{}”", pick.name), format!("the model with “{}” adopted", pick.name)),
            None => ("the main line".to_owned(), "the main line as it is".to_owned()),
        };
        let drafted = draft_utilisation(
            &chosen_doc,
            std::slice::from_ref(&bottleneck.component),
            comparison.growth,
            doc.scenario.comfort_line,
            Some(comparison.growth.min(1.0)),
        );
        place_guardrails(&mut record, &chosen_doc, drafted, &what, &model);
    }
    Some(record)
}

/// A proposed record for step `index` of `plan` (taken on `doc`, the
/// architecture before the step).
pub fn record_from_plan_step(plan: &Plan, index: usize, number: u32, date: &str) -> Option<DecisionRecord> {
    let step = plan.steps.get(index)?;
    let doc = &step.before_doc;
    let action = describe_intervention(doc, &step.intervention);
    let mut record = DecisionRecord::new(number, action.clone(), date);
    let headroom = |h: Option<f64>| h.map(multiplier).unwrap_or_else(|| "—".to_owned());
    record.context_and_problem = format!(
        "We want to reach {} with every component at or under {:.0}% utilisation. Before this step the first limit is at {}{}.",
        multiplier(plan.target.growth),
        plan.target.ceiling * 100.0,
        headroom(step.before.headroom),
        step.before.bottleneck.as_ref().map(|b| format!(" ({})", doc.name_of(b))).unwrap_or_default()
    );
    // What the step unlocks, in the plan panel's words, so the record
    // says which limit it removes and what binds next.
    record.context_and_problem = format!("{} This step: {}", record.context_and_problem, describe_unlock(plan, index));
    record.decision_drivers = vec![format!("reach {} at the least monthly cost", multiplier(plan.target.growth))];
    let mut chosen = ConsideredOption::new(action.clone());
    let delta = step.after.monthly_cost - step.before.monthly_cost;
    if step.after.headroom > step.before.headroom {
        chosen.pros.push(format!("headroom {} → {}", headroom(step.before.headroom), headroom(step.after.headroom)));
    }
    if step.after.failing < step.before.failing {
        chosen.pros.push(format!("{} → {} components short of the target", step.before.failing, step.after.failing));
    }
    if delta > 0.5 {
        chosen.cons.push(format!("+{} a month", monthly_cost(delta)));
    }
    let mut nothing = ConsideredOption::new("Do nothing");
    nothing.cons.push(format!("the first limit stays at {}", headroom(step.before.headroom)));
    record.considered_options = vec![chosen.clone(), nothing];
    record.chosen_option = action;
    record.justification = format!(
        "it is step {} of the cheapest plan found to reach {} ({} in all)",
        index + 1,
        multiplier(plan.target.growth),
        monthly_cost(plan.added_monthly_cost.max(0.0))
    );
    if let Some(reason) = describe_reason(step, plan) {
        record.justification = format!("{}. {reason}", record.justification);
    }
    record.good_consequences = chosen.pros;
    record.bad_consequences = chosen.cons;

    let mut after_doc = doc.clone();
    crate::model::apply(&mut after_doc, step.command.clone()).ok()?;
    let before = Analysis::new(doc).report_at(plan.target.growth);
    let after = Analysis::new(&after_doc).report_at(plan.target.growth);
    let touched = step_component(&step.intervention);
    record.components = touched.iter().filter(|id| after_doc.component(id).is_some()).cloned().collect();
    record.evidence = Some(Evidence::capture(&after_doc, &after, Some(&before), &record.components));
    if !record.components.is_empty() {
        // One step rarely reaches the plan's target alone: its guardrails
        // say how far the step itself goes, judged with it applied.
        let drafted = draft_utilisation(
            &after_doc,
            &record.components,
            plan.target.growth,
            plan.target.ceiling,
            Some(plan.target.growth.min(1.0)),
        );
        place_guardrails(&mut record, &after_doc, drafted, "this step", "the model with this step applied");
    }
    Some(record)
}

/// Puts drafted guardrails into `record`: the target among its drivers,
/// the guardrails, and their margins as its confirmation; or, when none
/// could hold, says so in the confirmation instead.
fn place_guardrails(
    record: &mut DecisionRecord,
    applied: &Document,
    drafted: Result<GuardrailDraft, Unheld>,
    what: &str,
    model: &str,
) {
    match drafted {
        Ok(draft) => {
            record.decision_drivers.push(draft.target_text(applied, what));
            record.confirmation = draft.confirmation(applied, model);
            record.guardrails = draft.guardrails.into_iter().map(|(guardrail, _)| guardrail).collect();
        }
        Err(unheld) => record.confirmation = unheld.explanation(applied, model),
    }
}

fn step_component(intervention: &crate::engine::Intervention) -> Vec<ComponentId> {
    use crate::engine::Intervention::*;
    match intervention {
        ScaleOut { component, .. } | RaiseMaximum { component, .. } | AddReplicas { component, .. } | Shard { component, .. } => {
            vec![component.clone()]
        }
        AddCache { store, .. } => vec![store.clone()],
        AddPooler { database } => vec![database.clone()],
        ExtractModule { module } => vec![module.clone()],
        DeferToQueue { .. } => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adr::{draft_from_scenario, evaluate};
    use crate::engine::{compare_options, plan, PlanSettings, PlanTarget};
    use crate::model::templates::TEMPLATES;
    use crate::model::{mvp_that_creaks, mvp_with_more_connections_option, DesignOption};

    /// Every guardrail of `record` holds in `applied`, the model the
    /// record is about; returns how many there were.
    fn assert_holds(record: &DecisionRecord, applied: &Document, case: &str) -> usize {
        for guardrail in &record.guardrails {
            let check = evaluate(applied, guardrail);
            assert!(check.holds, "{case}: drafted guardrail broken against what it records: {}", check.text);
        }
        if record.guardrails.is_empty() && !applied.scenario.entries.is_empty() {
            assert!(record.confirmation.starts_with("No guardrail could hold"), "{case}: {}", record.confirmation);
        }
        record.guardrails.len()
    }

    #[test]
    fn a_comparison_becomes_a_record_with_options_pros_cons_and_a_guardrail() {
        let doc = mvp_with_more_connections_option();
        let comparison = compare_options(&doc, &["more-connections"]);
        let record = record_from_comparison(&doc, &comparison, 1, 4, "2026-11-21").unwrap();
        assert_eq!(record.title, "Adopt \"More connections\"");
        assert_eq!(record.considered_options.len(), 2);
        assert_eq!(record.considered_options[1].pros, vec!["headroom 4.17× instead of 3.5×", "0 violations instead of 1"]);
        assert_eq!(record.chosen_option, "More connections");
        assert_eq!(record.justification, "it has the most headroom, it has the fewest violations");
        assert_eq!(record.guardrails[0].component.as_str(), "postgres");
        assert!(record.evidence.is_some());
        assert!(crate::adr::validate_fields(&record).is_empty());
    }

    // The bug: at 5× the option's Postgres is at 120%, and the draft
    // proposed "utilisation ≤ 70% at 5×", broken from the start. It now
    // states the growth the option reaches under the line and its margin.
    #[test]
    fn a_comparison_guardrail_holds_with_the_option_adopted() {
        let doc = mvp_with_more_connections_option();
        let comparison = compare_options(&doc, &["more-connections"]);
        let record = record_from_comparison(&doc, &comparison, 1, 4, "2026-11-21").unwrap();
        let adopted = doc.options[0].as_document(&doc);
        assert_eq!(assert_holds(&record, &adopted, "More connections at 5×"), 1);
        assert_eq!(record.guardrails[0].condition_text(), "utilisation ≤ 70% at 2.9×");
        assert_eq!(
            record.decision_drivers.last().map(String::as_str),
            Some("Target: 2.9× with Postgres at or under 70% — as far as “More connections” stays under the line (5× was asked)")
        );
        assert_eq!(
            record.confirmation,
            "Guardrails, judged on the model with “More connections” adopted: Postgres utilisation ≤ 70% at 2.9×: \
             69.6% there, a margin of 0.4 points."
        );

        // At 2× the option is comfortably under the line: the target is the dial.
        let mut doc = doc;
        doc.scenario.growth = 2.0;
        let comparison = compare_options(&doc, &["more-connections"]);
        let record = record_from_comparison(&doc, &comparison, 1, 4, "2026-11-21").unwrap();
        assert_eq!(record.guardrails[0].condition_text(), "utilisation ≤ 70% at 2×");
        assert_eq!(record.decision_drivers.last().map(String::as_str), Some("Target: 2× with Postgres at or under 70%"));
    }

    #[test]
    fn a_plan_step_becomes_a_record() {
        let doc = mvp_that_creaks();
        let found = plan(&doc, PlanTarget { growth: 5.0, ceiling: 0.7 }, PlanSettings::default()).unwrap();
        let record = record_from_plan_step(&found, 0, 1, "2026-11-21").unwrap();
        assert_eq!(record.title, "Put a connection pooler in front of Postgres");
        assert_eq!(record.considered_options[1].title, "Do nothing");
        assert!(record.considered_options[0].pros[0].starts_with("headroom 3.5× → 4.17×"), "{:?}", record.considered_options[0].pros);
        assert_eq!(record.guardrails.len(), 1);
        assert!(record.context_and_problem.starts_with("We want to reach 5× with every component at or under 70% utilisation."));
        // It says what the step unlocks and why it was chosen, as the plan does.
        let explained = crate::words::plan::explain_steps(&found);
        assert!(record.context_and_problem.ends_with(&format!("This step: {}", explained.steps[0].unlock)), "{}", record.context_and_problem);
        if let Some(reason) = &explained.steps[0].reason {
            assert!(record.justification.ends_with(reason.as_str()), "{}", record.justification);
        }
        // The pooler alone leaves Postgres at 120% at 5× (the old draft's
        // "≤ 70% at 5×" was broken with the step applied).
        let mut applied = found.steps[0].before_doc.clone();
        crate::model::apply(&mut applied, found.steps[0].command.clone()).unwrap();
        assert_holds(&record, &applied, "step 1");
        assert!(record.guardrails[0].at_growth < 5.0);
        assert!(record.decision_drivers[1].ends_with("as far as this step stays under the line (5× was asked)"), "{:?}", record.decision_drivers);
    }

    /// Options to compare on `doc`: the architecture of a plan to `growth`,
    /// the bottleneck doubled, and the bottleneck halved (a worse idea).
    fn options_for(doc: &Document, growth: f64) -> Vec<DesignOption> {
        let mut options = Vec::new();
        let settings = PlanSettings { max_expansions: 300, ..PlanSettings::default() };
        if let Some(found) = plan(doc, PlanTarget { growth: growth.max(1.0), ceiling: doc.scenario.comfort_line }, settings) {
            options.push(DesignOption::fork(&found.result, "plan", "The plan"));
        }
        let report = crate::engine::Analysis::new(doc).report_at(growth);
        if let Some(bottleneck) = report.bottleneck() {
            for (id, name, factor) in [("twice", "Twice the bottleneck", 2.0), ("half", "Half the bottleneck", 0.5)] {
                let mut option = DesignOption::fork(doc, id, name);
                for component in option.components.iter_mut().filter(|c| c.id == bottleneck.component) {
                    component.throughput_per_instance *= factor;
                }
                options.push(option);
            }
        }
        options
    }

    #[test]
    fn drafted_guardrails_hold_for_the_sample_and_every_template_with_each_option_applied() {
        let mut drafted = 0;
        for template in TEMPLATES {
            for growth in [0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 40.0] {
                let mut doc = (template.build)();
                doc.scenario.growth = growth;
                doc.options = options_for(&doc, growth);
                let ids: Vec<&str> = doc.options.iter().map(|o| o.id.as_str()).collect();
                let comparison = compare_options(&doc, &ids);
                for (column, figures) in comparison.columns.iter().enumerate() {
                    let record = record_from_comparison(&doc, &comparison, column, 1, "2026-01-01").unwrap();
                    let applied = match &figures.id {
                        Some(id) => doc.options.iter().find(|o| &o.id == id).unwrap().as_document(&doc),
                        None => doc.clone(),
                    };
                    drafted += assert_holds(&record, &applied, &format!("{} at {growth}×, {}", template.id, figures.name));
                    assert!(record.guardrails.iter().all(|g| g.at_growth <= growth));
                }
                let record = draft_from_scenario(&doc, 1, "2026-01-01", &[]);
                drafted += assert_holds(&record, &doc, &format!("{} at {growth}×, from the scenario", template.id));
            }
            let doc = (template.build)();
            let settings = PlanSettings { max_expansions: 300, ..PlanSettings::default() };
            for target in [3.0, 10.0] {
                let Some(found) = plan(&doc, PlanTarget { growth: target, ceiling: 0.7 }, settings) else { continue };
                for (k, step) in found.steps.iter().enumerate() {
                    let record = record_from_plan_step(&found, k, 1, "2026-01-01").unwrap();
                    let mut applied = step.before_doc.clone();
                    crate::model::apply(&mut applied, step.command.clone()).unwrap();
                    drafted += assert_holds(&record, &applied, &format!("{} plan to {target}×, step {}", template.id, k + 1));
                }
            }
        }
        assert!(drafted > 100, "the property must not hold by having no guardrails: {drafted}");
    }
}

//! A strangler-fig migration in words: one row per phase, both sides'
//! figures, the bill, and whether the step is safe with what makes it not
//! (`engine::migration` judges; this only words it). The page's timeline
//! and the decision record's "Migration" table are these rows.

use crate::words::explain::{Accuracy, Explanation};
use crate::words::quantity::{duration, grouped, monthly_cost, percent, rate, round_percent};
use crate::engine::migration::{MigrationReport, Side, StepFigures};
use crate::engine::Violation;
use crate::model::Document;

/// One phase, worded.
#[derive(Clone, Debug, PartialEq)]
pub struct MigrationRow {
    /// "Shadow", "1%", "100%".
    pub step: String,
    pub old: SideText,
    pub new: SideText,
    /// The system's bill at the step.
    pub bill: String,
    pub safe: bool,
    /// "safe", or what breaks: "Postgres out of connections (115 of 100)".
    pub verdict: String,
}

/// One side's figures.
#[derive(Clone, Debug, PartialEq)]
pub struct SideText {
    pub load: String,
    /// "64.0%", "64.0% of Monolith" for a module.
    pub utilisation: String,
    pub p99: String,
}

/// The column headings of the table, both sides named.
pub fn headings(doc: &Document, report: &MigrationReport) -> Vec<String> {
    let (old, new) = (doc.name_of(&report.old), doc.name_of(&report.new));
    let mut out = vec!["Step".to_owned()];
    for name in [old, new] {
        for figure in ["load", "utilisation", "p99"] {
            out.push(format!("{name} {figure}"));
        }
    }
    out.extend(["Bill".to_owned(), "Safe?".to_owned()]);
    out
}

/// Every phase in order.
pub fn migration_rows(doc: &Document, report: &MigrationReport) -> Vec<MigrationRow> {
    report.steps.iter().map(|step| row(doc, step)).collect()
}

fn row(doc: &Document, step: &StepFigures) -> MigrationRow {
    let reasons = reasons(doc, step);
    MigrationRow {
        step: if step.shadow { "Shadow".to_owned() } else { round_percent(step.share) },
        old: side(doc, &step.old),
        new: side(doc, &step.new),
        bill: monthly_cost(step.monthly_cost),
        safe: reasons.is_empty(),
        verdict: if reasons.is_empty() { "safe".to_owned() } else { reasons.join("; ") },
    }
}

fn side(doc: &Document, side: &Side) -> SideText {
    let utilisation = if side.runs_on == side.component {
        percent(side.utilisation)
    } else {
        format!("{} of {}", percent(side.utilisation), doc.name_of(&side.runs_on))
    };
    SideText { load: rate(side.load), utilisation, p99: duration(side.p99) }
}

/// What makes a step unsafe, each short enough to read from the back row.
fn reasons(doc: &Document, step: &StepFigures) -> Vec<String> {
    let mut out: Vec<String> = step.saturated.iter().map(|id| format!("{} saturates", doc.name_of(id))).collect();
    out.extend(step.violations.iter().map(|v| violation(doc, v)));
    out.extend(step.objectives_broken.iter().map(|b| {
        format!(
            "{} of {} {} > {} ms",
            b.objective.percentile_label(),
            doc.name_of(&b.entry),
            duration(b.value),
            crate::words::quantity::significant_figures(b.objective.target_ms, 3)
        )
    }));
    if !step.rollback.holds {
        out.push(format!(
            "no way back: {} would be at {} with all the traffic",
            doc.name_of(&step.old.runs_on),
            percent(step.rollback.utilisation)
        ));
    }
    out
}

fn violation(doc: &Document, violation: &Violation) -> String {
    let name = doc.name_of(violation.component());
    match violation {
        Violation::Connections(budget) => format!("{name} out of connections ({} of {})", budget.demand, budget.limit),
        Violation::RateLimit { .. } => format!("{name} over its rate limit"),
        Violation::UnboundedBacklog { .. } => format!("{name}'s backlog grows"),
        Violation::ScalingCapped { needed, ceiling, .. } => format!("{name} needs {needed} instances, capped at {ceiling}"),
        Violation::Memory { .. } => format!("{name} out of memory"),
    }
}

/// How a step's figures are worked out, with its numbers: the split of
/// the traffic in flight, each side's utilisation, the way back and the
/// bill. Utilisation and the split are exact under the model; a p99 is as
/// exact as the component's response-time law (its own working says).
pub fn step_working(doc: &Document, step: &StepFigures) -> Vec<Explanation> {
    let (old, new) = (doc.name_of(&step.old.component), doc.name_of(&step.new.component));
    let in_flight = step.old.load + step.new.load;
    let mut out = Vec::new();
    if step.shadow {
        out.push(Explanation {
            figure: format!("Copy on {new}"),
            formula: "λ_new = λ_old (a copy of all of it, answering nobody)".to_owned(),
            substituted: rate(step.old.load),
            result: rate(step.new.load),
            accuracy: Accuracy::Exact,
        });
    } else {
        out.push(Explanation {
            figure: format!("Traffic on {new}"),
            formula: "λ_new = s × (λ_old + λ_new), the rest stays on the old side".to_owned(),
            substituted: format!("{} × {}", round_percent(step.share), rate(in_flight)),
            result: rate(step.new.load),
            accuracy: Accuracy::Exact,
        });
    }
    for (name, side) in [(old, &step.old), (new, &step.new)] {
        let runner = doc.name_of(&side.runs_on);
        let on = if side.runs_on == side.component { name.to_owned() } else { format!("{runner}, which runs {name}") };
        out.push(Explanation {
            figure: format!("Utilisation of {on}"),
            formula: "ρ = λ / (c·μ)".to_owned(),
            substituted: format!("{} / ({} × {})", grouped(side.runner_load), side.instances, grouped(side.service_rate)),
            result: percent(side.utilisation),
            accuracy: Accuracy::Exact,
        });
    }
    let back = &step.rollback;
    out.push(Explanation {
        figure: format!("The way back: {} with all the traffic", doc.name_of(&step.old.runs_on)),
        formula: "ρ = λ / (c·μ) < the utilisation limit, and within its connections".to_owned(),
        substituted: format!("{} / ({} × {}) against {}", grouped(back.load), back.instances, grouped(back.service_rate), round_percent(back.limit)),
        result: format!("{} — {}", percent(back.utilisation), if back.holds { "holds" } else { "fails" }),
        accuracy: Accuracy::Exact,
    });
    out.push(Explanation {
        figure: "Bill".to_owned(),
        formula: "Σ each component's monthly cost at this step".to_owned(),
        substituted: format!("{} components", doc.components.len()),
        result: monthly_cost(step.monthly_cost),
        accuracy: Accuracy::Exact,
    });
    out
}

/// One line for the whole plan: "Safe at every step at 1×." or "Safe up
/// to 10%; at 50%: Postgres saturates."
pub fn migration_summary(doc: &Document, report: &MigrationReport) -> String {
    let rows = migration_rows(doc, report);
    let growth = crate::words::quantity::multiplier(report.growth);
    match rows.iter().position(|r| !r.safe) {
        None => format!("Safe at every step at {growth}."),
        Some(0) => format!("Not safe from the first step at {growth}: {}.", rows[0].verdict),
        Some(i) => format!("Safe up to {} at {growth}; at {}: {}.", rows[i - 1].step, rows[i].step, rows[i].verdict),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::migration::{migration_report, replacement_for};
    use crate::model::{mvp_that_creaks, Migration};

    fn sample_plan() -> (Document, Migration) {
        let mut doc = mvp_that_creaks();
        let (component, calls) = replacement_for(&doc, &"web".into()).unwrap();
        let plan = Migration::new("web".into(), component.id.clone());
        doc.components.push(component);
        doc.dependencies.extend(calls);
        (doc, plan)
    }

    #[test]
    fn rows_give_both_sides_and_the_verdict() {
        let (doc, mut plan) = sample_plan();
        plan.steps[2].old_instances = Some(1);
        let report = migration_report(&doc, &plan, 1.0).unwrap();
        let rows = migration_rows(&doc, &report);
        let steps: Vec<&str> = rows.iter().map(|r| r.step.as_str()).collect();
        assert_eq!(steps, ["1%", "10%", "50%", "100%"]);
        // 120 req/s: 10% is 12 on the copy, 108 on the web app's 2 × 150.
        assert_eq!(rows[1].old.load, "108 req/s");
        assert_eq!(rows[1].new.load, "12 req/s");
        assert_eq!(rows[1].old.utilisation, "36.0%");
        assert!(rows.iter().all(|r| r.safe), "{rows:?}");
        assert_eq!(migration_summary(&doc, &report), "Safe at every step at 1×.");
        let headings = headings(&doc, &report);
        assert_eq!(headings[1], "Web app load");
        assert_eq!(headings[4], "Web app service load");
    }

    #[test]
    fn a_step_opens_to_its_working() {
        let (doc, mut plan) = sample_plan();
        plan.steps[2].old_instances = Some(1);
        let report = migration_report(&doc, &plan, 2.0).unwrap();
        let working = step_working(&doc, &report.steps[1]);
        assert_eq!(working[0].substituted, "10% × 240 req/s");
        assert_eq!(working[0].result, "24 req/s");
        // Autoscaled to 3 instances at the comfort line.
        assert_eq!(working[1].substituted, "216 / (3 × 150)");
        assert_eq!(working[1].result, "48.0%");
        let back = step_working(&doc, &report.steps[2]);
        assert_eq!(back[3].substituted, "240 / (1 × 150) against 100%");
        assert_eq!(back[3].result, "160.0% — fails");
    }

    #[test]
    fn an_unsafe_step_says_what_breaks() {
        let (doc, mut plan) = sample_plan();
        plan.steps[2].old_instances = Some(1);
        let report = migration_report(&doc, &plan, 2.0).unwrap();
        let rows = migration_rows(&doc, &report);
        assert_eq!(rows[0].verdict, "Postgres out of connections (115 of 100)");
        assert!(rows[2].verdict.ends_with("no way back: Web app would be at 160.0% with all the traffic"), "{}", rows[2].verdict);
        assert_eq!(migration_summary(&doc, &report), "Not safe from the first step at 2×: Postgres out of connections (115 of 100).");
    }
}

//! Plans in words: each step says what to do and what it changes, with the
//! numbers ("Add 2 read replicas to Postgres: headroom 4.71× → 12.3×,
//! bottleneck Postgres → App, +$800/mo").

use serde::Serialize;

use super::headline::verb;
use super::quantity::{monthly_cost, multiplier};
use crate::engine::{Analysis, Intervention, Limit, Plan, PlanStep, SearchProgress};
use crate::model::{ComponentKind, Document};

/// What a move does, as an instruction.
pub fn describe_intervention(doc: &Document, intervention: &Intervention) -> String {
    let name = |id: &crate::model::ComponentId| doc.name_of(id);
    match intervention {
        Intervention::ScaleOut { component, instances } => {
            let now = doc.component(component).map(|c| c.instances).unwrap_or(0);
            format!("Scale {} from {now} to {instances} instances", name(component))
        }
        Intervention::RaiseMaximum { component, max_instances } => {
            format!("Let {} autoscale up to {max_instances} instances", name(component))
        }
        Intervention::AddReplicas { component, replicas } => format!(
            "Give {} {replicas} read replica{}",
            name(component),
            if *replicas == 1 { "" } else { "s" }
        ),
        Intervention::Shard { component, shards } => format!("Shard {} into {shards} shards", name(component)),
        Intervention::AddCache { store, hit_ratio } => {
            format!("Put a cache in front of {} (assuming {:.0}% hits)", name(store), hit_ratio * 100.0)
        }
        Intervention::AddPooler { database } => format!("Put a connection pooler in front of {}", name(database)),
        Intervention::DeferToQueue { dependency } => match doc.dependency(dependency) {
            Some(d) => format!("Move {} → {} onto a queue", name(&d.from), name(&d.to)),
            None => format!("Move {dependency} onto a queue"),
        },
        Intervention::ExtractModule { module } => format!("Extract {} into its own service", name(module)),
    }
}

/// One step with its before and after figures.
pub fn describe_step(step: &PlanStep) -> String {
    let doc = &step.before_doc;
    let headroom = |h: Option<f64>| h.map(multiplier).unwrap_or_else(|| "—".to_owned());
    let bottleneck = |b: &Option<crate::model::ComponentId>| b.as_ref().map(|id| doc.name_of(id)).unwrap_or_else(|| "none".to_owned());
    let delta = step.after.monthly_cost - step.before.monthly_cost;
    let sign = if delta >= 0.0 { "+" } else { "−" };
    format!(
        "{}: headroom {} → {}, bottleneck {} → {}, {sign}{}",
        describe_intervention(doc, &step.intervention),
        headroom(step.before.headroom),
        headroom(step.after.headroom),
        bottleneck(&step.before.bottleneck),
        bottleneck(&step.after.bottleneck),
        monthly_cost(delta.abs())
    )
}

/// A plan as a whole, in words: whether it reaches the target, what it
/// adds to the bill, what no move can fix and how far the search looked.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlanSummary {
    /// "Reaches 100× with every component at or under 70% utilisation in
    /// 5 steps."
    pub outcome: String,
    /// "Adds $1,234/mo at 100×."
    pub cost: String,
    /// One sentence per component no move fixes, naming why.
    pub unfixable: Vec<String>,
    /// "Examined 312 architectures: this is the cheapest plan found."
    pub search: String,
}

fn steps_text(n: usize) -> String {
    if n == 1 { "1 step".to_owned() } else { format!("{n} steps") }
}

/// Why no move in the catalogue helps a component, by what it is.
fn why_unfixable(kind: ComponentKind, limit: Option<Limit>) -> &'static str {
    match (kind, limit) {
        (ComponentKind::ExternalApi, _) => "its rate limit belongs to someone else, and no call to it can be cached or deferred",
        (_, Some(Limit::Connections)) => "no pooler or pool size brings its connections under the limit",
        (ComponentKind::Database, _) => "it stays write-bound even at the most shards a plan will try",
        _ => "no move in the catalogue raises its limit far enough",
    }
}

/// The plan as a whole, judged on `doc` (the architecture it was found for).
pub fn summarise(doc: &Document, plan: &Plan) -> PlanSummary {
    let target = multiplier(plan.target.growth);
    let ceiling = format!("{:.0}%", plan.target.ceiling * 100.0);
    let outcome = match (plan.reached, plan.steps.len()) {
        (true, 0) => format!("Nothing to do: at {target} every component already stays at or under {ceiling} utilisation."),
        (true, n) => format!("Reaches {target} with every component at or under {ceiling} utilisation in {}.", steps_text(n)),
        (false, 0) => format!("Falls short of {target}: no move in the catalogue helps."),
        (false, n) => {
            let left = plan.steps.last().map_or(0, |s| s.after.failing);
            format!(
                "Falls short of {target}: after {}, {left} component{} {} still over {ceiling} or past a limit.",
                steps_text(n),
                if left == 1 { "" } else { "s" },
                if left == 1 { "is" } else { "are" }
            )
        }
    };
    let delta = plan.added_monthly_cost;
    let cost = if delta > 0.5 {
        format!("Adds {} at {target}.", monthly_cost(delta))
    } else if delta < -0.5 {
        format!("Saves {} at {target}.", monthly_cost(-delta))
    } else {
        format!("Costs nothing more at {target}.")
    };
    let report = (!plan.unfixable.is_empty()).then(|| Analysis::new(&plan.result).report_at(plan.target.growth));
    let unfixable = plan
        .unfixable
        .iter()
        .map(|id| {
            let saturation = report.as_ref().and_then(|r| r.ranking.iter().find(|s| &s.component == id));
            let kind = plan.result.component(id).or_else(|| doc.component(id)).map(|c| c.kind);
            let gives_out = saturation.map_or_else(String::new, |s| {
                format!(" {} at {}", verb(s.limit), multiplier(s.saturates_at))
            });
            format!(
                "{}{gives_out}: {}.",
                plan.result.name_of(id),
                why_unfixable(kind.unwrap_or(ComponentKind::Service), saturation.map(|s| s.limit))
            )
        })
        .collect();
    let examined = if plan.explored == 1 { "1 architecture".to_owned() } else { format!("{} architectures", plan.explored) };
    let search = if plan.exhaustive {
        format!("Examined {examined}: this is the cheapest plan the catalogue of moves allows.")
    } else {
        format!("Examined {examined}, the search's budget, then finished greedily: a good plan, not proven the cheapest.")
    };
    PlanSummary { outcome, cost, unfixable, search }
}

/// A running search in words: "Examined 340 of at most 4000
/// architectures; best plan so far adds $1,200/mo."
pub fn progress_text(progress: &SearchProgress, budget: usize) -> String {
    let best = match progress.best_added_cost {
        Some(cost) if cost >= 0.0 => format!("; best plan so far adds {}", monthly_cost(cost)),
        Some(cost) => format!("; best plan so far saves {}", monthly_cost(-cost)),
        None => String::new(),
    };
    format!("Examined {} of at most {budget} architectures{best}.", progress.explored.min(budget))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{plan, PlanSettings, PlanTarget};
    use crate::model::templates::template;

    fn found(id: &str, growth: f64) -> (Document, Plan) {
        let doc = (template(id).unwrap().build)();
        let found = plan(&doc, PlanTarget { growth, ceiling: 0.7 }, PlanSettings::for_document(&doc)).unwrap();
        (doc, found)
    }

    #[test]
    fn a_plan_that_reaches_its_target_says_so_with_its_cost() {
        let (doc, found) = found("scaled-web-app", 100.0);
        let summary = summarise(&doc, &found);
        assert_eq!(
            summary.outcome,
            format!("Reaches 100× with every component at or under 70% utilisation in {} steps.", found.steps.len())
        );
        assert_eq!(summary.cost, format!("Adds {} at 100×.", monthly_cost(found.added_monthly_cost)));
        assert!(summary.unfixable.is_empty());
        assert!(summary.search.starts_with("Examined "), "{}", summary.search);
    }

    #[test]
    fn what_no_move_fixes_is_named_with_the_reason() {
        let (doc, found) = found("event-pipeline", 10.0);
        let summary = summarise(&doc, &found);
        assert!(summary.outcome.starts_with("Falls short of 10×: after "), "{}", summary.outcome);
        assert!(summary.outcome.ends_with("1 component is still over 70% or past a limit."), "{}", summary.outcome);
        assert_eq!(summary.unfixable.len(), 1);
        assert!(
            summary.unfixable[0].ends_with(": its rate limit belongs to someone else, and no call to it can be cached or deferred."),
            "{}",
            summary.unfixable[0]
        );
    }

    #[test]
    fn progress_reads_as_a_sentence() {
        let progress = SearchProgress { explored: 340, waiting: 12, best_added_cost: None, done: false };
        assert_eq!(progress_text(&progress, 4000), "Examined 340 of at most 4000 architectures.");
        let progress = SearchProgress { best_added_cost: Some(1200.0), ..progress };
        assert_eq!(progress_text(&progress, 4000), "Examined 340 of at most 4000 architectures; best plan so far adds $1,200/mo.");
    }

    #[test]
    fn nothing_to_do_when_already_there() {
        let (doc, found) = found("scaled-web-app", 1.0);
        if found.steps.is_empty() {
            assert!(summarise(&doc, &found).outcome.starts_with("Nothing to do: at 1×"));
        }
    }
}

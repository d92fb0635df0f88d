//! Plans in words: each step says what to do and what it changes, with the
//! numbers ("Add 2 read replicas to Postgres: headroom 4.71× → 12.3×,
//! bottleneck Postgres → App, +$800/mo"), what it unlocks ("Removes the
//! Postgres connections limit (at 3.5×). Next limit: Postgres throughput
//! at 4.17×."), why a choice was made ("Why sharding: …"), and steps that
//! only prepare a later one under one heading ("2 steps together raise
//! headroom 83.3× → 143×").

use std::ops::Range;

use serde::Serialize;

use crate::words::headline::verb;
use crate::words::quantity::{instance_count, monthly_cost, multiplier};
use crate::engine::{Binding, Choice, Intervention, Limit, Plan, PlanStep, Resource, RuledOut, SearchProgress};
use crate::engine::Analysis;
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
    // An unchanged bottleneck is said once: "Postgres → Postgres" read as
    // if something had moved.
    let bottlenecks = if step.before.bottleneck == step.after.bottleneck {
        format!("bottleneck still {}", bottleneck(&step.after.bottleneck))
    } else {
        format!("bottleneck {} → {}", bottleneck(&step.before.bottleneck), bottleneck(&step.after.bottleneck))
    };
    format!(
        "{}: headroom {} → {}, {bottlenecks}, {sign}{}",
        describe_intervention(doc, &step.intervention),
        headroom(step.before.headroom),
        headroom(step.after.headroom),
        monthly_cost(delta.abs())
    )
}

/// What runs out, as a noun after the component's name.
fn resource_name(resource: Resource) -> &'static str {
    match resource {
        Resource::Throughput => "throughput",
        Resource::DailyAverage => "daily capacity",
        Resource::Connections => "connections",
        Resource::Memory => "memory",
    }
}

/// The architecture after a step, for the names of what it added (a
/// pooler the step puts in is not in `before_doc`).
fn after_doc(step: &PlanStep) -> Document {
    let mut doc = step.before_doc.clone();
    // A step that does not apply leaves the names as they were.
    let _ = crate::model::apply(&mut doc, step.command.clone());
    doc
}

/// "Postgres connections".
fn limit_name(doc: &Document, binding: &Binding) -> String {
    format!("{} {}", doc.name_of(&binding.component), resource_name(binding.resource))
}

/// "Postgres throughput at 4.17×", "Web app memory".
fn limit_at(doc: &Document, binding: &Binding) -> String {
    match binding.at {
        Some(at) => format!("{} at {}", limit_name(doc, binding), multiplier(at)),
        None => limit_name(doc, binding),
    }
}

fn same_limit(a: &Binding, b: &Binding) -> bool {
    a.component == b.component && a.resource == b.resource
}

/// What step `k` of `plan` unlocks: the limit it removes or lifts, and
/// the limit that binds next with the growth at which it does. "Removes
/// the Postgres connections limit (at 3.5×). Next limit: Postgres
/// throughput at 4.17×." A step that leaves the headroom where it was
/// names the step that lifts what holds it there.
pub fn describe_unlock(plan: &Plan, k: usize) -> String {
    let Some(step) = plan.steps.get(k) else { return String::new() };
    let doc = after_doc(step);
    let unlock = &step.unlock;
    let lifted = unlock.lifts.as_ref().map(|b| {
        let name = limit_name(&doc, b);
        match (b.at, unlock.lifted_to) {
            (Some(from), Some(to)) if to > from * (1.0 + 1e-9) => {
                format!("Lifts the {name} limit from {} to {}.", multiplier(from), multiplier(to))
            }
            (Some(from), Some(_)) => format!("Leaves the {name} limit at {}.", multiplier(from)),
            (Some(from), None) => format!("Removes the {name} limit (at {}).", multiplier(from)),
            (None, _) => format!("Removes the {name} limit."),
        }
    });
    let next = match (&unlock.next, &unlock.lifts) {
        (None, _) => "Nothing else limits growth.".to_owned(),
        (Some(next), Some(lifted)) if same_limit(next, lifted) => "It is still the first limit.".to_owned(),
        (Some(next), _) if !step.moves_headroom() && next.at.is_some() => {
            let lifter = plan.steps[k + 1..]
                .iter()
                .position(|later| later.unlock.lifts.as_ref().is_some_and(|l| same_limit(l, next)));
            match lifter {
                Some(n) => format!("Next limit: {}, so headroom stays there until step {} lifts it.", limit_at(&doc, next), k + n + 2),
                None => format!("Next limit: {}, which no step of the plan lifts.", limit_at(&doc, next)),
            }
        }
        (Some(next), _) => format!("Next limit: {}.", limit_at(&doc, next)),
    };
    match lifted {
        Some(lifted) => format!("{lifted} {next}"),
        None => next,
    }
}

/// Why a move of the catalogue was not on offer, as a sentence.
fn ruled_out_text(why: RuledOut) -> String {
    match why {
        RuledOut::ReplicasDoNotHelp => {
            "Read replicas would not help: every replica applies every write, and the writes alone keep the busiest node too busy.".to_owned()
        }
        RuledOut::NoReads => "Read replicas would not help: no reads reach it.".to_owned(),
        RuledOut::TooManyReplicas { most } => format!("Even {} read replicas would not be enough.", instance_count(most)),
        RuledOut::TooManyShards { most } => format!("Even {} shards would not be enough.", instance_count(most)),
        RuledOut::BoxTooBig { workers, most } => format!(
            "A bigger box would need {} workers; a plan goes to at most {} (four times today's, and never past 64).",
            instance_count(workers),
            instance_count(most)
        ),
        RuledOut::CacheInFront => "A cache is already in front of it.".to_owned(),
        RuledOut::NothingToCache => "A cache would not help: only writes reach it.".to_owned(),
    }
}

/// Why a step that was a choice is the one in the plan: the limit that
/// needs a move and the growth at which it binds, what the catalogue
/// could not offer, and what each other move would have done ("Why: …
/// Read replicas would not help: … A bigger box would need 35 workers …").
/// `None` for a step every plan needs (a component that can only grow).
pub fn describe_reason(step: &PlanStep, plan: &Plan) -> Option<String> {
    let choice: &Choice = step.choice.as_ref()?;
    let doc = &step.before_doc;
    let target = multiplier(plan.target.growth);
    let mut sentences = Vec::new();
    if let Some(lifted) = &step.unlock.lifts {
        let at = lifted.at.map(|at| format!(" at {}", multiplier(at))).unwrap_or_default();
        sentences.push(format!("Why: the {} limit binds{at}, short of the {target} target.", limit_name(doc, lifted)));
    }
    sentences.extend(choice.ruled_out.iter().map(|why| ruled_out_text(*why)));
    let this_cost = step.after.monthly_cost - step.before.monthly_cost;
    for alternative in &choice.alternatives {
        let what = format!(
            "“{}” ({}{})",
            describe_intervention(doc, &alternative.intervention),
            if alternative.added_monthly_cost < 0.0 { "−" } else { "+" },
            monthly_cost(alternative.added_monthly_cost.abs())
        );
        sentences.push(if alternative.still_fails {
            match alternative.binds_at {
                Some(at) => format!("{what} would leave it binding at {}, short of {target}.", multiplier(at)),
                None => format!("{what} would leave it short of {target}."),
            }
        } else if alternative.added_monthly_cost >= this_cost {
            format!("{what} costs more.")
        } else if plan.exhaustive {
            format!("{what} would clear it too, but the whole plan that way costs more.")
        } else {
            format!("{what} would clear it too; the search, finishing greedily, took this move instead.")
        });
    }
    if choice.alternatives.is_empty() {
        sentences.push("No other move in the catalogue is left for it.".to_owned());
    }
    Some(sentences.join(" "))
}

/// The heading of a group of steps that together move the headroom:
/// "3 steps together raise headroom 7.62× → 12×". `None` for a group of
/// one step, which speaks for itself.
pub fn describe_group(plan: &Plan, group: &Range<usize>) -> Option<String> {
    let steps = plan.steps.get(group.clone())?;
    let (first, last) = (steps.first()?, steps.last()?);
    if steps.len() < 2 {
        return None;
    }
    let headroom = |h: Option<f64>| h.map(multiplier).unwrap_or_else(|| "—".to_owned());
    let (from, to) = (first.before.headroom, last.after.headroom);
    let verb = match (from, to) {
        (Some(a), Some(b)) if b > a => "raise",
        (Some(a), Some(b)) if b < a => "lower",
        _ => "move",
    };
    if headroom(from) == headroom(to) {
        return Some(format!("{} steps together, headroom stays at {}", steps.len(), headroom(from)));
    }
    Some(format!("{} steps together {verb} headroom {} → {}", steps.len(), headroom(from), headroom(to)))
}

/// One step in words, as the plan panel shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StepText {
    /// What to do and what it changes ([`describe_step`]).
    pub description: String,
    /// What it unlocks ([`describe_unlock`]).
    pub unlock: String,
    /// Why this move, for a choice ([`describe_reason`]).
    pub reason: Option<String>,
}

/// Steps that together move the headroom, under a heading when there are
/// several.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupText {
    pub heading: Option<String>,
    /// Indices into the plan's steps, in order.
    pub steps: Vec<usize>,
}

/// A plan's steps in words, grouped.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StepsText {
    pub steps: Vec<StepText>,
    pub groups: Vec<GroupText>,
}

/// Every step of `plan` in words, and the groups they form.
pub fn explain_steps(plan: &Plan) -> StepsText {
    let steps = plan
        .steps
        .iter()
        .enumerate()
        .map(|(k, step)| StepText {
            description: describe_step(step),
            unlock: describe_unlock(plan, k),
            reason: describe_reason(step, plan),
        })
        .collect();
    let groups = plan
        .groups()
        .into_iter()
        .map(|group| GroupText { heading: describe_group(plan, &group), steps: group.collect() })
        .collect();
    StepsText { steps, groups }
}

/// Where the step the plan panel applied last stands, in words: applied
/// (while the document has it), undone (when the document is back where
/// the step starts), or nothing to say.
pub fn applied_step_text(plan: &Plan, step: usize, applied: bool) -> Option<String> {
    let s = plan.steps.get(step)?;
    let what = describe_intervention(&s.before_doc, &s.intervention);
    Some(if applied {
        format!("Applied step {}: {what}. Undo takes it back.", step + 1)
    } else {
        format!("Undid step {}: {what}. It is the next step again; Redo or Apply puts it back.", step + 1)
    })
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
    let search = match (plan.exhaustive, plan.least_added_monthly_cost) {
        (true, _) => format!("Examined {examined}: this is the cheapest plan the catalogue of moves allows."),
        (false, Some(least)) => {
            // The gap as a share of the cheapest plan's whole bill: what a
            // better search could at most save.
            let start = plan.steps.first().map_or(0.0, |s| s.before.monthly_cost);
            let gap = (plan.added_monthly_cost - least).max(0.0);
            let share = if start + least > 0.0 { gap / (start + least) * 100.0 } else { 0.0 };
            let floor = if least >= 0.0 {
                format!("no plan can add less than {}", monthly_cost(least))
            } else {
                format!("no plan can save more than {}", monthly_cost(-least))
            };
            format!(
                "Examined {examined}, the search's budget, then finished greedily: {floor}, so this one costs at most {} ({share:.1}%) more a month than the cheapest.",
                monthly_cost(gap).trim_end_matches("/mo")
            )
        }
        (false, None) => format!("Examined {examined}, the search's budget, then finished greedily: a good plan, not proven the cheapest."),
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
    fn an_unchanged_bottleneck_is_named_once() {
        for doc in [crate::model::mvp_that_creaks(), crate::model::templates::template("scaled-web-app").map_or_else(crate::model::mvp_that_creaks, |t| (t.build)())] {
            let found = plan(&doc, PlanTarget { growth: 100.0, ceiling: 0.7 }, PlanSettings::for_document(&doc)).unwrap();
            let mut stayed = 0;
            for step in &found.steps {
                let text = describe_step(step);
                if step.before.bottleneck == step.after.bottleneck {
                    stayed += 1;
                    assert!(text.contains(", bottleneck still "), "{text}");
                } else {
                    assert!(text.contains(" → ") && !text.contains("bottleneck still"), "{text}");
                }
            }
            assert!(stayed > 0, "{}: some step keeps its bottleneck", doc.name);
        }
    }

    #[test]
    fn each_step_says_what_it_unlocks_and_what_binds_next() {
        let doc = crate::model::mvp_that_creaks();
        let found = plan(&doc, PlanTarget { growth: 100.0, ceiling: 0.7 }, PlanSettings::for_document(&doc)).unwrap();
        let explained = explain_steps(&found);
        let first = &explained.steps[0];
        assert_eq!(first.description, describe_step(&found.steps[0]));
        let next = found.steps[0].after.headroom.map(multiplier).unwrap();
        assert_eq!(
            first.unlock,
            format!(
                "Removes the Postgres connections limit (at {}). Next limit: Postgres throughput at {next}.",
                found.steps[0].before.headroom.map(multiplier).unwrap()
            )
        );
        // A step that adds a component names it, though its own
        // architecture does not have it yet.
        for text in &explained.steps {
            assert!(text.unlock.contains("Next limit: ") || text.unlock.ends_with("Nothing else limits growth."), "{}", text.unlock);
            assert!(!text.unlock.contains("pooler-postgres"), "{}", text.unlock);
        }
        // Forced moves (a component that can only grow) need no reason.
        for (step, text) in found.steps.iter().zip(&explained.steps) {
            assert_eq!(text.reason.is_some(), step.choice.is_some());
        }
    }

    #[test]
    fn sharding_says_why_nothing_cheaper_does() {
        let (_, found) = found("scaled-web-app", 100.0);
        let k = found.steps.iter().position(|s| matches!(s.intervention, Intervention::Shard { .. })).unwrap();
        let step = &found.steps[k];
        let reason = describe_reason(step, &found).unwrap();
        let at = step.before.headroom.map(multiplier).unwrap();
        assert!(reason.starts_with(&format!("Why: the Postgres throughput limit binds at {at}, short of the 100× target. ")), "{reason}");
        assert!(reason.contains("Read replicas would not help: every replica applies every write"), "{reason}");
        assert!(reason.contains("A bigger box would need "), "{reason}");
        assert!(reason.contains("A cache is already in front of it."), "{reason}");
        assert!(describe_unlock(&found, k).starts_with("Lifts the Postgres throughput limit from "), "{}", describe_unlock(&found, k));
    }

    #[test]
    fn steps_that_only_prepare_one_are_grouped_under_what_they_do_together() {
        let (_, found) = found("scaled-web-app", 100.0);
        let explained = explain_steps(&found);
        assert_eq!(explained.groups.iter().flat_map(|g| g.steps.clone()).collect::<Vec<_>>(), (0..found.steps.len()).collect::<Vec<_>>());
        let group = explained.groups.iter().find(|g| g.steps.len() > 1).expect("a group");
        let (first, last) = (&found.steps[group.steps[0]], &found.steps[*group.steps.last().unwrap()]);
        assert_eq!(
            group.heading.as_deref(),
            Some(
                format!(
                    "{} steps together raise headroom {} → {}",
                    group.steps.len(),
                    multiplier(first.before.headroom.unwrap()),
                    multiplier(last.after.headroom.unwrap())
                )
                .as_str()
            )
        );
        // The preparing step names the step that lifts what holds the headroom.
        let prepare = &explained.steps[group.steps[0]].unlock;
        assert!(prepare.ends_with(&format!("so headroom stays there until step {} lifts it.", group.steps[1] + 1)), "{prepare}");
        assert!(explained.groups.iter().filter(|g| g.steps.len() == 1).all(|g| g.heading.is_none()));
    }

    #[test]
    fn the_applied_step_message_follows_undo() {
        let (_, found) = found("scaled-web-app", 100.0);
        let what = describe_intervention(&found.steps[0].before_doc, &found.steps[0].intervention);
        assert_eq!(applied_step_text(&found, 0, true), Some(format!("Applied step 1: {what}. Undo takes it back.")));
        let undone = applied_step_text(&found, 0, false).unwrap();
        assert!(undone.starts_with(&format!("Undid step 1: {what}.")), "{undone}");
        assert!(!undone.contains("Applied"), "{undone}");
        assert_eq!(applied_step_text(&found, found.steps.len(), true), None);
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

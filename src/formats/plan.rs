//! Plans in words: each step says what to do and what it changes, with the
//! numbers ("Add 2 read replicas to Postgres: headroom 4.71× → 12.3×,
//! bottleneck Postgres → App, +$800/mo").

use super::quantity::{monthly_cost, multiplier};
use crate::engine::{Intervention, PlanStep};
use crate::model::Document;

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

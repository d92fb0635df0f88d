//! The resilience table in words: one line per failure tried, and the
//! verdict that sums them up ("survives the loss of any one instance up to
//! 2.4×; a cold Redis takes Postgres down at 1.3×").

use serde::Serialize;

use super::quantity::{duration, multiplier};
use crate::engine::{Failure, FailureRow, Limit, ResilienceTable};
use crate::model::ComponentId;
use crate::model::Document;

/// One failure, worded.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FailureLine {
    pub component: String,
    /// "one instance lost", "a zone lost (2 of 6 instances)".
    pub failure: String,
    /// "holds", "breaks now", "outage".
    pub state: &'static str,
    /// "headroom 2.4× (Postgres first)".
    pub detail: String,
}

fn failure_words(doc: &Document, row: &FailureRow) -> String {
    let instances = doc.component(&row.component).map(|c| c.instance_ceiling()).unwrap_or(0);
    match &row.failure {
        Failure::InstanceLost => "one instance lost".to_owned(),
        Failure::ZoneLost { lost } => format!("a zone lost ({lost} of {instances} instances)"),
        Failure::CacheCold => "cache cold (every read reaches the store behind it)".to_owned(),
        Failure::ReplicaLost => "one read replica lost".to_owned(),
        Failure::ApiSlowed { factor } => format!("{} slower", multiplier(*factor)),
    }
}

/// Every row of `table`, worded.
pub fn failure_lines(doc: &Document, table: &ResilienceTable) -> Vec<FailureLine> {
    table
        .rows
        .iter()
        .map(|row| {
            let name = doc.name_of(&row.component);
            let first = row.breaks_first.as_ref().map(|id| doc.name_of(id));
            let (state, detail) = if row.outage {
                ("outage", "its only instance: everything that calls it fails".to_owned())
            } else {
                let verb = match row.limit {
                    Some(Limit::Connections) => "runs out of connections",
                    Some(Limit::DailyAverage) => "falls behind for good",
                    _ => "saturates",
                };
                let headroom = match (row.headroom, &first) {
                    (Some(h), Some(first)) => format!("{first} {verb} at {}", multiplier(h * table.growth)),
                    _ => "nothing saturates".to_owned(),
                };
                let latency = match (&row.failure, row.latency_before, row.latency_after) {
                    (Failure::ApiSlowed { .. }, before, after) => {
                        format!("; mean end to end {} → {}", duration(before), duration(after))
                    }
                    _ => String::new(),
                };
                (if row.holds { "holds" } else { "breaks now" }, format!("{headroom}{latency}"))
            };
            FailureLine { component: name, failure: failure_words(doc, row), state, detail }
        })
        .collect()
}

/// The verdict in a sentence or three: single points of failure, the
/// growth up to which it survives losing any one instance, the worst failure.
pub fn resilience_verdict(doc: &Document, table: &ResilienceTable) -> String {
    verdict_wording(table, doc)
}


/// "A", "A and B", "A, B and C".
fn listed(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

    /// The verdict in plain words, with the components' names: single
    /// points of failure, the growth up to which it survives losing any
    /// one instance, and the worst failure.
fn verdict_wording(table: &ResilienceTable, doc: &Document) -> String {
    let name = |id: &ComponentId| {
        doc.components.iter().find(|c| &c.id == id).map_or_else(|| id.to_string(), |c| c.name.clone())
    };
    let verdict = &table.verdict;
    let now = multiplier(table.growth);
    let mut sentences = Vec::new();
    let spofs: Vec<String> = verdict.single_points_of_failure.iter().map(name).collect();
    match spofs.len() {
        0 => {}
        1 => sentences.push(format!("Single point of failure: {} (nothing to fail over to).", spofs[0])),
        _ => sentences.push(format!("Single points of failure: {} (nothing to fail over to).", listed(&spofs))),
    }
    let breaks = |r: &FailureRow| {
        let at = multiplier(r.headroom.unwrap_or(f64::INFINITY) * table.growth);
        let whom = r.breaks_first.as_ref().map(name).unwrap_or_default();
        match r.limit {
            Some(Limit::Connections) => format!("runs {whom} out of connections at {at}"),
            Some(Limit::DailyAverage) => format!("leaves {whom} behind its day's work at {at}"),
            _ => format!("takes {whom} down at {at}"),
        }
    };
    if let Some(k) = verdict.one_instance_lost_row {
        let r = &table.rows[k];
        let lost = name(&r.component);
        let until = multiplier(verdict.one_instance_lost_until.unwrap_or(f64::INFINITY));
        let others = if spofs.is_empty() { "any one instance" } else { "one instance of any other component" };
        let whom = r.breaks_first.as_ref().map(name).unwrap_or_default();
        let itself = if r.breaks_first.as_ref() == Some(&r.component) { " itself" } else { "" };
        let intact = table.headroom.unwrap_or(f64::INFINITY);
        sentences.push(if !r.holds {
            format!("Does not survive the loss of one {lost} instance at {now}: it {}.", breaks(r))
        } else if r.headroom.unwrap_or(f64::INFINITY) < intact * (1.0 - 1e-9) {
            format!(
                "Survives the loss of {others} up to {until} (with one {lost} instance lost, {whom}{itself} breaks first; {} with nothing lost).",
                multiplier(intact * table.growth)
            )
        } else {
            format!("Survives the loss of {others} up to {until}, as far as with nothing lost.")
        });
    }
    if let Some(k) = verdict.worst_row.filter(|&k| Some(k) != verdict.one_instance_lost_row) {
        let r = &table.rows[k];
        let failed = name(&r.component);
        let subject = match &r.failure {
            Failure::InstanceLost => format!("one {failed} instance lost"),
            Failure::ZoneLost { lost } => {
                let of = doc.components.iter().find(|c| c.id == r.component).map_or(*lost, |c| c.instances);
                format!("a zone lost ({lost} of {of} {failed} instances)")
            }
            Failure::CacheCold => format!("a cold {failed}"),
            Failure::ReplicaLost => format!("a {failed} replica lost"),
            Failure::ApiSlowed { factor } => format!("{failed} {} slower", multiplier(*factor)),
        };
        let already = if r.holds { String::new() } else { format!(", below the current {now}") };
        sentences.push(format!("Worst failure: {subject} {}{already}.", breaks(r)));
    } else if verdict.worst_row.is_none() && table.rows.iter().any(|r| !r.outage) {
        let other = if spofs.is_empty() { "" } else { " other" };
        sentences.push(format!("No{other} failure lowers its headroom."));
    }
    if table.rows.is_empty() {
        sentences.push("No failure applies: nothing carries traffic.".to_owned());
    }
    capitalised(&sentences.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::resilience_table;
    use crate::model::{mvp_that_creaks, templates};

    #[test]
    fn the_samples_verdict() {
        let doc = mvp_that_creaks();
        let table = resilience_table(&doc, doc.scenario.growth);
        let verdict = resilience_verdict(&doc, &table);
        println!("sample: {verdict}");
        assert!(verdict.starts_with("Single points of failure: "), "{verdict}");
        assert!(verdict.contains("Postgres"), "{verdict}");
        let lines = failure_lines(&doc, &table);
        let redis = lines.iter().find(|l| l.component == "Redis cache" && l.failure.starts_with("cache cold")).unwrap();
        assert!(redis.detail.starts_with("Postgres saturates at "), "{redis:?}");
        let doc = templates::scaled_web_app();
        let table = resilience_table(&doc, doc.scenario.growth);
        println!("scaled web app: {}", resilience_verdict(&doc, &table));
        for line in failure_lines(&doc, &table) {
            println!("  {} — {}: {} ({})", line.component, line.failure, line.state, line.detail);
        }
    }
}

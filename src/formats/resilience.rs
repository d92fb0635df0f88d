//! The resilience table in words: one line per failure tried, and the
//! verdict that sums them up ("survives the loss of any one instance up to
//! 2.4×; a cold Redis takes Postgres down at 1.3×").

use serde::Serialize;

use super::quantity::{duration, multiplier};
use crate::engine::{Failure, FailureRow, Limit, ResilienceTable};
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

/// The verdict in a sentence or three. The wording lives with the
/// verdict's figures in `engine::resilience` for now (one wording, not
/// two); it belongs here with the other words.
pub fn resilience_verdict(doc: &Document, table: &ResilienceTable) -> String {
    table.verdict_wording(doc)
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

//! Options side by side in words: one row per figure a decision turns on
//! (headroom, bottleneck, end-to-end latency, monthly cost, violations),
//! one cell per column, the best cell of each row marked as such
//! (`engine::Comparison::best`) and every cell that differs from the main
//! line marked too, so the page can say both in words, not only in colour.

use serde::Serialize;

use crate::words::headline::verb;
use crate::words::limits::violation_kind;
use crate::words::quantity::{duration, monthly_cost, multiplier};
use crate::engine::{Comparison, Violation};
use crate::model::{ComponentId, Document};

/// One cell of the comparison.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct ComparisonCell {
    pub text: String,
    /// The best value of its row (a single winner; ties have none).
    pub best: bool,
    /// Different from the main line's value (always false in the main
    /// line's own column).
    pub differs: bool,
}

/// One figure across the columns.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct ComparisonRow {
    /// Stable key: "headroom", "bottleneck", "latency", "monthly_cost",
    /// "violations".
    pub key: &'static str,
    /// The row's heading.
    pub label: &'static str,
    pub cells: Vec<ComparisonCell>,
}

/// A component's name wherever it lives: the main line, or the option
/// that added it (a cache, a pooler a plan put in).
fn name_of(doc: &Document, id: &ComponentId) -> String {
    if doc.component(id).is_some() {
        return doc.name_of(id);
    }
    doc.options
        .iter()
        .flat_map(|o| o.components.iter())
        .find(|c| &c.id == id && !c.name.trim().is_empty())
        .map_or_else(|| id.to_string(), |c| c.name.clone())
}

fn short_violation(doc: &Document, violation: &Violation) -> String {
    let what = match violation_kind(violation) {
        "connections" => "connections",
        "rate_limit" => "rate limit",
        "unbounded_backlog" => "backlog grows",
        "scaling_capped" => "scaling capped",
        _ => "memory",
    };
    format!("{} ({what})", name_of(doc, violation.component()))
}

/// The rows of the comparison table, in the order the page shows them.
pub fn comparison_rows(doc: &Document, comparison: &Comparison) -> Vec<ComparisonRow> {
    let columns = &comparison.columns;
    let headroom: Vec<String> =
        columns.iter().map(|c| c.headroom.map_or_else(|| "no limit".to_owned(), multiplier)).collect();
    let bottleneck: Vec<String> = columns
        .iter()
        .map(|c| match &c.bottleneck {
            Some((name, limit)) => format!("{name} ({})", verb(*limit)),
            None => "none".to_owned(),
        })
        .collect();
    let latency: Vec<String> = columns
        .iter()
        .map(|c| match c.latency {
            Some(seconds) => duration(Some(seconds)),
            None => "saturated".to_owned(),
        })
        .collect();
    let cost: Vec<String> = columns.iter().map(|c| monthly_cost(c.monthly_cost)).collect();
    let violations: Vec<String> = columns
        .iter()
        .map(|c| match c.violations.len() {
            0 => "none".to_owned(),
            n => format!(
                "{n}: {}",
                c.violations.iter().map(|v| short_violation(doc, v)).collect::<Vec<_>>().join(", ")
            ),
        })
        .collect();
    let best = &comparison.best;
    let row = |key, label, texts: Vec<String>, best: Option<usize>| ComparisonRow {
        key,
        label,
        cells: texts
            .iter()
            .enumerate()
            .map(|(i, text)| ComparisonCell {
                text: text.clone(),
                best: best == Some(i),
                differs: i > 0 && Some(text) != texts.first(),
            })
            .collect(),
    };
    vec![
        row("headroom", "Headroom", headroom, best.headroom),
        row("bottleneck", "Bottleneck", bottleneck, None),
        row("latency", "End-to-end latency", latency, best.latency),
        row("monthly_cost", "Monthly cost", cost, best.monthly_cost),
        row("violations", "Violations", violations, best.violations),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::compare_options;
    use crate::model::mvp_with_more_connections_option;

    fn check(rows: &[ComparisonRow], key: &str, expected: &[(&str, bool, bool)]) {
        let row = rows.iter().find(|r| r.key == key).unwrap();
        let got: Vec<(&str, bool, bool)> = row.cells.iter().map(|c| (c.text.as_str(), c.best, c.differs)).collect();
        assert_eq!(got, expected, "row {key}");
    }

    #[test]
    fn more_connections_wins_headroom_and_violations_and_ties_on_cost() {
        let doc = mvp_with_more_connections_option();
        let rows = comparison_rows(&doc, &compare_options(&doc, &["more-connections"]));
        assert_eq!(rows.iter().map(|r| r.label).collect::<Vec<_>>(),
                   ["Headroom", "Bottleneck", "End-to-end latency", "Monthly cost", "Violations"]);
        check(&rows, "headroom", &[("3.5×", false, false), ("4.17×", true, true)]);
        check(&rows, "bottleneck", &[
            ("Postgres (runs out of connections)", false, false),
            ("Postgres (saturates)", false, true),
        ]);
        // Same boxes, same cost: nobody wins.
        let cost = &rows[3].cells;
        assert!(!cost[0].best && !cost[1].best && !cost[1].differs);
        let violations = &rows[4].cells;
        assert!(violations[0].text.starts_with("1: Postgres (connections)"), "{:?}", violations[0]);
        assert_eq!((violations[1].text.as_str(), violations[1].best), ("none", true));
    }
}

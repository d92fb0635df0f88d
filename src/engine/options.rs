//! Options side by side: the main line and some design options solved under
//! the same scenario, with the figures a decision turns on — headroom,
//! bottleneck, end-to-end latency, monthly cost, violations — and which
//! column is best at each.

use serde::{Deserialize, Serialize};

use super::{Analysis, Limit, Report, Violation};
use crate::model::Document;

/// One column of the comparison.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OptionFigures {
    /// `None` for the main line.
    pub id: Option<String>,
    pub name: String,
    /// Growth at which the first limit is reached (absolute, like the dial).
    pub headroom: Option<f64>,
    /// The component that limits growth, with the kind of limit.
    pub bottleneck: Option<(String, Limit)>,
    /// End-to-end latency in seconds, averaged over entry points by rate;
    /// `None` when a component on the way is saturated.
    pub latency: Option<f64>,
    pub monthly_cost: f64,
    pub violations: Vec<Violation>,
}

/// Which column wins each figure (`None`: a tie or nothing to compare).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Best {
    pub headroom: Option<usize>,
    pub latency: Option<usize>,
    pub monthly_cost: Option<usize>,
    pub violations: Option<usize>,
}

/// The main line and the chosen options at the scenario's growth.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub growth: f64,
    pub columns: Vec<OptionFigures>,
    pub best: Best,
}

/// The figures of one architecture.
pub fn figures(doc: &Document, id: Option<String>, name: String) -> OptionFigures {
    let report: Report = Analysis::new(doc).report_at(doc.scenario.growth);
    let total_rate: f64 = report.entries.iter().map(|e| e.rate).sum();
    let latency = if report.entries.is_empty() {
        None
    } else {
        report.entries.iter().try_fold(0.0, |sum, entry| {
            let weight = if total_rate > 0.0 { entry.rate / total_rate } else { 1.0 / report.entries.len() as f64 };
            entry.latency.map(|l| sum + weight * l)
        })
    };
    OptionFigures {
        id,
        name,
        headroom: report.bottleneck().map(|b| b.saturates_at),
        bottleneck: report.bottleneck().map(|b| (doc.name_of(&b.component), b.limit)),
        latency,
        monthly_cost: report.cost.monthly_total,
        violations: report.violations,
    }
}

/// Compares the main line with the options named by `ids` (unknown ids
/// are skipped), under the document's scenario.
pub fn compare_options(doc: &Document, ids: &[&str]) -> Comparison {
    let mut columns = vec![figures(doc, None, "Main line".to_owned())];
    for id in ids {
        if let Some(option) = doc.options.iter().find(|o| o.id == *id) {
            columns.push(figures(&option.as_document(doc), Some(option.id.clone()), option.name.clone()));
        }
    }
    let best = Best {
        headroom: best_by(&columns, |c| c.headroom, true),
        latency: best_by(&columns, |c| c.latency, false),
        monthly_cost: best_by(&columns, |c| Some(c.monthly_cost), false),
        violations: best_by(&columns, |c| Some(c.violations.len() as f64), false),
    };
    Comparison { growth: doc.scenario.growth, columns, best }
}

/// The single best column by `value` (highest or lowest); `None` on a tie
/// for first place or when fewer than two columns have a value.
fn best_by(columns: &[OptionFigures], value: impl Fn(&OptionFigures) -> Option<f64>, highest: bool) -> Option<usize> {
    let values: Vec<(usize, f64)> = columns.iter().enumerate().filter_map(|(i, c)| Some((i, value(c)?))).collect();
    if values.len() < 2 {
        return None;
    }
    let better = |a: f64, b: f64| if highest { a > b } else { a < b };
    let mut best = values[0];
    let mut tied = false;
    for &(i, v) in &values[1..] {
        if better(v, best.1) {
            best = (i, v);
            tied = false;
        } else if (v - best.1).abs() <= 1e-9 * v.abs().max(best.1.abs()).max(1.0) {
            tied = true;
        }
    }
    (!tied).then_some(best.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::mvp_with_more_connections_option;

    #[test]
    fn a_pooler_option_beats_the_main_line_on_headroom_and_violations() {
        // Main line at 5x: Postgres runs out of connections (3.5x). The
        // option raises max_connections to 300: Postgres' CPU (4.17x) is
        // then the limit.
        let doc = mvp_with_more_connections_option();
        let comparison = compare_options(&doc, &["more-connections"]);
        assert_eq!(comparison.columns.len(), 2);
        assert!((comparison.columns[0].headroom.unwrap() - 3.5).abs() < 1e-9);
        assert!((comparison.columns[1].headroom.unwrap() - 400.0 / 96.0).abs() < 1e-9);
        assert_eq!(comparison.best.headroom, Some(1));
        assert_eq!(comparison.best.violations, Some(1));
        // Same boxes, same cost: no winner on cost.
        assert_eq!(comparison.best.monthly_cost, None);
        assert_eq!(comparison.columns[1].bottleneck, Some(("Postgres".to_owned(), Limit::Throughput)));
    }
}

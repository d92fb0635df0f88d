//! Money in words: the monthly total, what a million requests cost, where
//! the money goes and what right-sizing the idle components would save.
//! The cost panel and the command line print these texts.

use serde::Serialize;

use crate::words::explain::{number, Accuracy, Explanation};
use crate::words::quantity::{monthly_cost, percent, round_percent};
use crate::words::violations::whole;
use crate::engine::{Report, OVERSIZED_BELOW, SECONDS_PER_MONTH};
use crate::model::Document;

/// One component's share of the bill.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CostItem {
    pub id: String,
    pub name: String,
    /// "$400/mo".
    pub cost_text: String,
    /// Share of the total, 0..=1.
    pub share: f64,
    /// "39.4%".
    pub share_text: String,
}

/// An oversized component and what right-sizing it saves.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct OversizedLine {
    pub id: String,
    /// "Load balancer: 1.5% at the peak, 2 instances where 1 would do;
    /// right-sizing saves $25/mo."
    pub text: String,
}

/// The cost panel's texts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CostText {
    /// "$1,015/mo".
    pub total: String,
    /// "$4.97", or "—" without traffic.
    pub per_million: String,
    /// "204M requests a month".
    pub monthly_requests: String,
    /// "$25/mo", `None` when nothing is oversized.
    pub saving: Option<String>,
    pub oversized: Vec<OversizedLine>,
    /// Every component that costs something, dearest first (ties in
    /// document order).
    pub breakdown: Vec<CostItem>,
}

/// Formats the report's cost summary and the components' costs.
pub fn cost_text(doc: &Document, report: &Report) -> CostText {
    let cost = &report.cost;
    let total = cost.monthly_total;
    let mut breakdown: Vec<CostItem> = report
        .components
        .iter()
        .filter(|c| c.monthly_cost > 0.0)
        .map(|c| {
            let share = if total > 0.0 { c.monthly_cost / total } else { 0.0 };
            CostItem {
                id: c.id.to_string(),
                name: doc.name_of(&c.id),
                cost_text: monthly_cost(c.monthly_cost),
                share,
                share_text: percent(share),
            }
        })
        .collect();
    breakdown.sort_by(|a, b| b.share.total_cmp(&a.share));
    let oversized = report
        .components
        .iter()
        .filter_map(|c| {
            let sizing = c.right_sizing.as_ref()?;
            Some(OversizedLine {
                id: c.id.to_string(),
                text: format!(
                    "{}: {} at the peak (under {}), {} instance{} where {} would do; right-sizing saves {}.",
                    doc.name_of(&c.id),
                    percent(c.utilisation),
                    round_percent(OVERSIZED_BELOW),
                    c.instances,
                    if c.instances == 1 { "" } else { "s" },
                    sizing.instances_needed,
                    monthly_cost(sizing.monthly_saving)
                ),
            })
        })
        .collect::<Vec<_>>();
    CostText {
        total: monthly_cost(total),
        per_million: cost.per_million_requests.map_or_else(|| "—".to_owned(), dollars),
        monthly_requests: format!("{} requests a month", count(cost.monthly_requests)),
        saving: (cost.right_sizing_saving > 0.0).then(|| monthly_cost(cost.right_sizing_saving)),
        oversized,
        breakdown,
    }
}

/// Terms listed in a sum before the rest are summarised, so a
/// 1,000-component bill stays one readable line.
const LISTED_TERMS: usize = 8;

fn sum_of(terms: Vec<String>) -> String {
    let more = terms.len().saturating_sub(LISTED_TERMS);
    let mut listed: Vec<String> = terms.into_iter().take(LISTED_TERMS).collect();
    if more > 0 {
        listed.push(format!("{more} more"));
    }
    listed.join(" + ")
}

/// The working behind the cost panel's figures (the monthly total, the
/// requests a month, the price of a million of them and the right-sizing
/// saving), each with its rule and its numbers, like the results table's.
pub fn cost_working(doc: &Document, report: &Report) -> Vec<Explanation> {
    let cost = &report.cost;
    let scenario = &doc.scenario;
    let shape = scenario.profile_shape();
    let mean = shape.iter().sum::<f64>() / shape.len().max(1) as f64;
    let dearest = {
        let mut costs: Vec<_> = report.components.iter().filter(|c| c.monthly_cost > 0.0).collect();
        costs.sort_by(|a, b| b.monthly_cost.total_cmp(&a.monthly_cost));
        costs
    };
    let entries: Vec<String> = scenario
        .entries
        .iter()
        .filter(|e| e.rate > 0.0)
        .map(|e| {
            let factor = scenario.growth_factor(&e.component);
            format!(
                "{} {} × peak {} × growth {}{} × mean of the day {} × {} s",
                doc.name_of(&e.component),
                number(e.rate),
                number(scenario.peak_factor),
                number(report.growth),
                if factor != 1.0 { format!(" × override {}", number(factor)) } else { String::new() },
                number(mean),
                whole(SECONDS_PER_MONTH)
            )
        })
        .collect();
    let savings: Vec<String> = report
        .components
        .iter()
        .filter_map(|c| {
            let sizing = c.right_sizing.as_ref()?;
            let price = doc.component(&c.id).map_or(0.0, |d| d.monthly_cost_per_instance);
            Some(format!("{} ({} − {}) × {}", doc.name_of(&c.id), c.instances, sizing.instances_needed, monthly_cost(price)))
        })
        .collect();
    vec![
        Explanation {
            accuracy: Accuracy::Exact,
            figure: "Every month".to_owned(),
            formula: "Σ each component's monthly cost (its row's Cost, dearest first)".to_owned(),
            substituted: if dearest.is_empty() {
                "nothing costs anything".to_owned()
            } else {
                sum_of(dearest.iter().map(|c| format!("{} {}", doc.name_of(&c.id), monthly_cost(c.monthly_cost))).collect())
            },
            result: monthly_cost(cost.monthly_total),
        },
        Explanation {
            accuracy: Accuracy::Exact,
            figure: "Traffic".to_owned(),
            formula: "Σ entry rate × peak factor × growth × the day's mean (busiest hour = 1) × seconds in 30 days".to_owned(),
            substituted: if entries.is_empty() { "no traffic enters".to_owned() } else { sum_of(entries) },
            result: format!("{} requests a month", count(cost.monthly_requests)),
        },
        Explanation {
            accuracy: Accuracy::Exact,
            figure: "Per million requests".to_owned(),
            formula: "monthly total / (requests a month / 1,000,000)".to_owned(),
            substituted: format!("{} / {}", monthly_cost(cost.monthly_total).replace("/mo", ""), number(cost.monthly_requests / 1e6)),
            result: cost.per_million_requests.map_or_else(|| "—".to_owned(), dollars),
        },
        Explanation {
            accuracy: Accuracy::Exact,
            figure: "Right-sizing saves".to_owned(),
            formula: format!(
                "Σ over components under {} at the peak: (instances − ⌈λ / (comfort × μ)⌉) × price",
                round_percent(OVERSIZED_BELOW)
            ),
            substituted: if savings.is_empty() { "nothing is oversized".to_owned() } else { sum_of(savings) },
            result: monthly_cost(cost.right_sizing_saving),
        },
    ]
}

/// Dollars with the precision that matters: "$1,240", "$4.97", "$0.902".
pub fn dollars(value: f64) -> String {
    if !value.is_finite() {
        return "—".to_owned();
    }
    if value.abs() >= 100.0 {
        return monthly_cost(value).replace("/mo", "");
    }
    if value == 0.0 {
        // Also -0.0, which "{:.2}" writes "-0.00".
        return "$0.00".to_owned();
    }
    if value.abs() >= 1.0 {
        return format!("${value:.2}");
    }
    // Cents and their fractions, to three significant figures ("$0.0902").
    let text = crate::words::quantity::significant_figures(value, 3);
    if text == "0" { "$0.00".to_owned() } else { format!("${text}") }
}

/// A large count: "204M", "3.4B", "12.5k", "950".
pub fn count(value: f64) -> String {
    if !value.is_finite() {
        return "∞".to_owned();
    }
    let (scaled, suffix) = match value.abs() {
        v if v >= 999.5e6 => (value / 1e9, "B"),
        v if v >= 999.5e3 => (value / 1e6, "M"),
        v if v >= 999.5 => (value / 1e3, "k"),
        _ => (value, ""),
    };
    format!("{}{suffix}", crate::words::quantity::significant_figures(scaled, 3))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::solve;
    use crate::model::{mvp_that_creaks, templates};

    #[test]
    fn the_sample_costs_1015_a_month() {
        // 25 + 2 × 70 + 400 + 90 + 80 + 4 × 70 = $1,015. Requests: 120/s
        // at the peak × the profile's mean 0.65625 × 2,592,000 s = 204M;
        // 1015 / 204.12 = $4.97 per million.
        let doc = mvp_that_creaks();
        let text = cost_text(&doc, &solve(&doc));
        assert_eq!(text.total, "$1,015/mo");
        assert_eq!(text.per_million, "$4.97");
        assert_eq!(text.monthly_requests, "204M requests a month");
        assert_eq!(text.saving, None);
        assert_eq!(text.breakdown[0].name, "Postgres");
        assert_eq!((text.breakdown[0].cost_text.as_str(), text.breakdown[0].share_text.as_str()), ("$400/mo", "39.4%"));
        assert_eq!(text.breakdown.len(), 6);
    }

    #[test]
    fn an_idle_load_balancer_pair_is_oversized() {
        // Scaled web app: 2 load balancers of 10k req/s carry 300 req/s
        // (1.5%); one would do, saving $25 a month.
        let doc = templates::scaled_web_app();
        let text = cost_text(&doc, &solve(&doc));
        assert_eq!(text.saving.as_deref(), Some("$25/mo"));
        assert_eq!(
            text.oversized[0].text,
            "Load balancer: 1.5% at the peak (under 20%), 2 instances where 1 would do; right-sizing saves $25/mo."
        );
    }

    #[test]
    fn amounts_read_well() {
        assert_eq!(dollars(4.9726), "$4.97");
        assert_eq!(dollars(0.90241), "$0.902");
        assert_eq!(dollars(0.0123), "$0.0123");
        assert_eq!(dollars(1240.4), "$1,240");
        assert_eq!(count(204_120_000.0), "204M");
        assert_eq!(count(3_402_000_000.0), "3.4B");
        assert_eq!(count(12_500.0), "12.5k");
        assert_eq!(count(950.0), "950");
    }

    /// Issue 12 (e): a blank document's cost panel said "-0 requests a
    /// month" (the sum of no rates is -0.0).
    #[test]
    fn a_blank_document_costs_zero_not_minus_zero() {
        let doc = Document::empty("Blank");
        let report = solve(&doc);
        let text = cost_text(&doc, &report);
        assert_eq!(text.monthly_requests, "0 requests a month");
        assert_eq!(text.total, "$0/mo");
        for value in [-0.0, -1e-12] {
            assert_eq!(count(value), "0");
            assert_eq!(dollars(value), "$0.00");
        }
        let working = cost_working(&doc, &report);
        for figure in working {
            for text in [&figure.substituted, &figure.result] {
                assert!(!text.contains("-0"), "{}: {text}", figure.figure);
            }
        }
    }
}

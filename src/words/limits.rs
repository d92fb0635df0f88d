//! The limits, in words: the order in which components give out as the
//! system grows (the bottleneck first), what is broken at the current
//! growth, every connection budget, and what the model says that its
//! author most likely did not mean. The "Limits" panel beside the
//! banner and the command line print these lines, so both say the same.

use serde::Serialize;

use crate::words::headline::{limit_phrase, objective_phrase};
use crate::words::violations::describe;
use crate::engine::{Limit, ObjectiveHeadroom, Report, Violation};
use crate::words::quantity::{connection_count, multiplier, per_request, round_percent};
use crate::model::{shares, suspicions, Document, Suspicion};

/// One component reaching one limit, or one entry point's latency
/// objective breaking, as growth rises.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct RankingLine {
    /// The component, or for an objective its entry point.
    pub id: String,
    /// "Postgres runs out of connections at 3.5×", "p99 of Web API passes
    /// 100 ms at 3.53×".
    pub text: String,
    /// "throughput", "daily_average", "connections" or "objective".
    pub limit: &'static str,
    /// Reached at or below the current growth.
    pub past: bool,
}

/// The first `count` limits and objectives in the order they are
/// reached; at the same growth a component's limit comes first.
pub fn ranking_lines(doc: &Document, report: &Report, objectives: &[ObjectiveHeadroom], count: usize) -> Vec<RankingLine> {
    let mut lines: Vec<(f64, RankingLine)> = report
        .ranking
        .iter()
        .map(|saturation| {
            (
                saturation.saturates_at,
                RankingLine {
                    id: saturation.component.to_string(),
                    text: format!("{} {}", doc.name_of(&saturation.component), limit_phrase(saturation)),
                    limit: limit_name(saturation.limit),
                    past: saturation.saturates_at <= report.growth,
                },
            )
        })
        .collect();
    lines.extend(objectives.iter().map(|objective| {
        (
            objective.breaks_at,
            RankingLine {
                id: objective.entry.to_string(),
                text: objective_phrase(doc, objective),
                limit: "objective",
                past: objective.breaks_at <= report.growth,
            },
        )
    }));
    lines.sort_by(|a, b| a.0.total_cmp(&b.0));
    lines.into_iter().take(count).map(|(_, line)| line).collect()
}

fn limit_name(limit: Limit) -> &'static str {
    match limit {
        Limit::Throughput => "throughput",
        Limit::DailyAverage => "daily_average",
        Limit::Connections => "connections",
    }
}

/// One constraint broken at the current growth.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct ViolationLine {
    pub id: String,
    /// "connections", "rate_limit", "unbounded_backlog", "scaling_capped"
    /// or "memory".
    pub kind: &'static str,
    /// The sentence from [`describe`], naming the component and the numbers.
    pub text: String,
}

/// Every violation at the current growth, in the report's order.
pub fn violation_lines(doc: &Document, report: &Report) -> Vec<ViolationLine> {
    report
        .violations
        .iter()
        .map(|violation| ViolationLine {
            id: violation.component().to_string(),
            kind: violation_kind(violation),
            text: describe(doc, violation),
        })
        .collect()
}

/// The kind of a violation as the report's JSON names it.
pub fn violation_kind(violation: &Violation) -> &'static str {
    match violation {
        Violation::Connections(_) => "connections",
        Violation::RateLimit { .. } => "rate_limit",
        Violation::UnboundedBacklog { .. } => "unbounded_backlog",
        Violation::ScalingCapped { .. } => "scaling_capped",
        Violation::Memory { .. } => "memory",
    }
}

/// A database's or pooler's connection budget, exceeded or not.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct BudgetLine {
    pub id: String,
    /// "Postgres: 70 of 100 connections (Web app 2 × 15, Background
    /// worker 4 × 10); runs out at 3.5×, 130 when every client runs its
    /// maximum."
    pub text: String,
    pub exceeded: bool,
}

/// Every connection budget, in the report's order.
pub fn budget_lines(doc: &Document, report: &Report) -> Vec<BudgetLine> {
    report
        .connections
        .iter()
        .map(|budget| {
            let clients: Vec<String> = budget
                .clients
                .iter()
                .map(|c| format!("{} {} × {}", doc.name_of(&c.id), c.instances, c.pool))
                .collect();
            let clients = if clients.is_empty() { "no clients".to_owned() } else { clients.join(", ") };
            let outlook = match budget.exhausted_at {
                None => format!("enough at any growth ({} at most)", connection_count(budget.demand_at_ceiling)),
                Some(at) if at <= 0.0 => "too many at any growth".to_owned(),
                Some(at) => format!(
                    "runs out at {}, {} when every client runs its maximum",
                    multiplier(at),
                    connection_count(budget.demand_at_ceiling)
                ),
            };
            BudgetLine {
                id: budget.component.to_string(),
                text: format!(
                    "{}: {} of {} connections ({clients}); {outlook}.",
                    doc.name_of(&budget.component),
                    connection_count(budget.demand),
                    budget.limit
                ),
                exceeded: budget.is_exceeded(),
            }
        })
        .collect()
}

/// Something the model says that its author most likely did not mean,
/// with the edit that puts it right.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SuspicionLine {
    /// The box it is shown on.
    pub id: String,
    /// "shares_not_whole" or "reads_bypass_cache".
    pub kind: &'static str,
    /// "Load balancer sends on 200% of what it receives (Web app 100%,
    /// Web B 100%): its shares should add up to 100%."
    pub text: String,
    /// What the fix button says: "Split it 50% / 50%".
    pub fix: String,
}

/// Every suspicion in the document (`model::suspicion`), in its order.
pub fn suspicion_lines(doc: &Document) -> Vec<SuspicionLine> {
    suspicions(doc).iter().map(|suspicion| suspicion_line(doc, suspicion)).collect()
}

/// One suspicion in words.
pub fn suspicion_line(doc: &Document, suspicion: &Suspicion) -> SuspicionLine {
    match suspicion {
        Suspicion::SharesNotWhole { component, total } => {
            let arrows: Vec<&crate::model::Dependency> = shares::shares_of(doc, component).collect();
            let listed: Vec<String> =
                arrows.iter().map(|d| format!("{} {}", doc.name_of(&d.to), round_percent(d.calls))).collect();
            let whole: Vec<String> = arrows
                .iter()
                .map(|d| round_percent(if *total > 0.0 { d.calls / total } else { 1.0 / arrows.len() as f64 }))
                .collect();
            let name = doc.name_of(component);
            let text = if *total > 1.0 {
                format!(
                    "{name} sends on {} of what it receives ({}): it splits its traffic, so its shares should add up to 100%, and as drawn it invents requests.",
                    round_percent(*total),
                    listed.join(", ")
                )
            } else {
                format!(
                    "{name} sends on only {} of what it receives ({}): the other {} go nowhere.",
                    round_percent(*total),
                    listed.join(", "),
                    round_percent(1.0 - total)
                )
            };
            SuspicionLine { id: component.to_string(), kind: "shares_not_whole", text, fix: format!("Split it {}", whole.join(" / ")) }
        }
        Suspicion::ReadsBypassCache { caller, cache, store, dependency } => {
            let calls = doc.dependency(dependency).map_or(0.0, |d| d.calls);
            SuspicionLine {
                id: caller.to_string(),
                kind: "reads_bypass_cache",
                text: format!(
                    "{} reads {} directly ({} per request) although it reads through {}, which sits in front of {}: those reads never get the chance to hit.",
                    doc.name_of(caller),
                    doc.name_of(store),
                    per_request(calls),
                    doc.name_of(cache),
                    doc.name_of(store)
                ),
                fix: format!("Send them through {}", doc.name_of(cache)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::solve;
    use crate::model::mvp_that_creaks;

    #[test]
    fn objectives_join_the_ranking_in_order() {
        let mut doc = mvp_that_creaks();
        doc.scenario.entries[0].objective = Some(crate::model::LatencyObjective { percentile: 0.99, target_ms: 100.0 });
        let analysis = crate::engine::Analysis::new(&doc);
        let report = analysis.report_at(1.0);
        let lines = ranking_lines(&doc, &report, &analysis.objective_headroom(), 3);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            ["Postgres runs out of connections at 3.5×", "p99 of Load balancer passes 100 ms at 3.53×", "Postgres saturates at 4.17×"]
        );
        assert_eq!((lines[1].limit, lines[1].id.as_str(), lines[1].past), ("objective", "lb", false));
    }

    #[test]
    fn suspicions_read_as_sentences_with_their_fix() {
        let mut doc = mvp_that_creaks();
        let mut web_b = doc.components[1].clone();
        web_b.id = "web-b".into();
        web_b.name = "Web B".into();
        doc.components.push(web_b);
        let mut arrow = doc.dependencies[0].clone();
        arrow.id = "lb-web-b".into();
        arrow.to = "web-b".into();
        doc.dependencies.push(arrow);
        let lines = suspicion_lines(&doc);
        assert_eq!(lines.len(), 1);
        assert_eq!(
            lines[0].text,
            "Load balancer sends on 200% of what it receives (Web app 100%, Web B 100%): it splits its traffic, \
             so its shares should add up to 100%, and as drawn it invents requests."
        );
        assert_eq!(lines[0].fix, "Split it 50% / 50%");
        doc.dependencies[0].calls = 0.3;
        doc.dependencies.last_mut().unwrap().calls = 0.5;
        let lines = suspicion_lines(&doc);
        assert_eq!(lines[0].text, "Load balancer sends on only 80% of what it receives (Web app 30%, Web B 50%): the other 20% go nowhere.");
        assert_eq!(lines[0].fix, "Split it 37.5% / 62.5%");
    }

    fn at(growth: f64) -> (Document, Report) {
        let mut doc = mvp_that_creaks();
        doc.scenario.growth = growth;
        let report = solve(&doc);
        (doc, report)
    }

    #[test]
    fn the_sample_ranks_connections_first() {
        let (doc, report) = at(1.0);
        let lines = ranking_lines(&doc, &report, &[], 3);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            ["Postgres runs out of connections at 3.5×", "Postgres saturates at 4.17×", "Web app saturates at 7.5×"]
        );
        assert_eq!(lines[0].limit, "connections");
        assert!(lines.iter().all(|l| !l.past));
        assert!(violation_lines(&doc, &report).is_empty());
        assert_eq!(
            budget_lines(&doc, &report)[0].text,
            "Postgres: 70 of 100 connections (Web app 2 × 15, Background worker 4 × 10); \
             runs out at 3.5×, 130 when every client runs its maximum."
        );
    }

    #[test]
    fn at_4x_postgres_is_out_of_connections() {
        // 4× = 480 req/s: the web tier runs ⌈480 / 105⌉ = 5 instances,
        // 5 × 15 + 4 × 10 = 115 connections of 100.
        let (doc, report) = at(4.0);
        let violations = violation_lines(&doc, &report);
        assert_eq!(violations.len(), 1);
        assert_eq!(violations[0].kind, "connections");
        assert_eq!(
            violations[0].text,
            "Postgres: 115 connections needed, 100 allowed (Web app 5 × 15, Background worker 4 × 10). \
             A pooler in front, or smaller pools, fixes it."
        );
        assert!(ranking_lines(&doc, &report, &[], 1)[0].past);
        assert!(budget_lines(&doc, &report)[0].exceeded);
    }
}

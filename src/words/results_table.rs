//! The results table as text: one row per component with every figure
//! already formatted, so the page, the command line and the tests read the
//! same words.

use serde::Serialize;

use crate::words::quantity::{duration, monthly_cost, multiplier, rate, significant_figures, utilisation};
use crate::words::violations::backlog_summary;
use crate::engine::{ComponentLoad, Judgement, LatencyPercentiles, Report, TierRole};
use crate::model::{ComponentKind, Document};

/// One component's figures, formatted.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResultRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    /// "ok", "warm", "hot", "saturated" or "idle".
    pub status: String,
    pub load_text: String,
    pub capacity_text: String,
    pub utilisation: f64,
    pub utilisation_text: String,
    pub response_text: String,
    /// "31.4 ms": the 99th percentile of its response time (empty until
    /// [`with_percentiles`] fills it in).
    pub p99_text: String,
    pub headroom_text: String,
    /// "saturates at 4.17×", or why it never does.
    pub saturates_text: String,
    /// "$420/mo".
    pub cost_text: String,
    /// What else matters: the day of a queue consumer, an oversized box.
    pub note: Option<String>,
}

impl ResultRow {
    pub fn of(doc: &Document, load: &ComponentLoad) -> ResultRow {
        let component = doc.component(&load.id);
        let kind = component.map(|c| c.kind.label()).unwrap_or("Component");
        let per_instance = per_instance(load.capacity, load.instances, load.service_rate);
        let mut capacity_text = format!("{} ({} × {per_instance})", rate(load.capacity), load.instances);
        if let Some(replicas) = load.tiers.iter().find(|t| t.role == TierRole::Replica) {
            let primaries = load.tiers.first().map(|t| t.nodes).unwrap_or(1);
            capacity_text = format!(
                "{} ({} primary, {} replica{}, {} × {per_instance} each)",
                rate(load.capacity),
                primaries,
                replicas.nodes,
                if replicas.nodes == 1 { "" } else { "s" },
                replicas.servers
            );
        } else if load.tiers.first().is_some_and(|t| t.role == TierRole::Primary && t.nodes > 1) {
            let shards = load.tiers[0].nodes;
            capacity_text = format!("{} ({shards} shards, {} × {per_instance} each)", rate(load.capacity), load.tiers[0].servers);
        } else if component.is_some_and(|c| c.kind == ComponentKind::Function) {
            capacity_text = format!(
                "{} ({} of {} concurrent × {per_instance})",
                rate(load.capacity),
                load.instances,
                load.instance_ceiling
            );
        } else if let Some(host) = &load.hosted_by {
            // A module has no instances of its own: its capacity is its
            // part of what the host's instances can do at today's mix.
            capacity_text = format!(
                "{} (its share of {} {} instance{})",
                rate(load.capacity),
                load.instances,
                doc.name_of(host),
                if load.instances == 1 { "" } else { "s" }
            );
        } else if load.instance_ceiling > load.instances {
            capacity_text = format!(
                "{} ({} × {per_instance}, max {})",
                rate(load.capacity),
                load.instances,
                load.instance_ceiling
            );
        }
        let headroom_text = headroom_text(load.headroom);
        let saturates_text = match (load.saturates_at, load.judged) {
            (None, _) => "no traffic".to_owned(),
            (Some(at), Judgement::Peak) => format!("saturates at {}", multiplier(at)),
            (Some(at), Judgement::Day) => format!("falls behind for good at {}", multiplier(at)),
        };
        let note = match (&load.day, &load.right_sizing) {
            (Some(day), _) => Some(format!("judged over the day: {}", backlog_summary(day))),
            (None, Some(sizing)) => Some(format!(
                "under 20% at the peak: {} instance{} would do, saving {}",
                sizing.instances_needed,
                if sizing.instances_needed == 1 { "" } else { "s" },
                monthly_cost(sizing.monthly_saving)
            )),
            _ => None,
        };
        ResultRow {
            id: load.id.to_string(),
            name: doc.name_of(&load.id),
            kind: kind.to_owned(),
            status: load.status.label().to_owned(),
            load_text: load_text(load),
            capacity_text,
            utilisation: load.utilisation,
            utilisation_text: utilisation(load.utilisation),
            response_text: duration(load.response_time()),
            p99_text: String::new(),
            headroom_text,
            saturates_text,
            cost_text: monthly_cost(load.monthly_cost),
            note,
        }
    }
}

/// What arrives: "96 req/s"; for a host of modules what its instances
/// serve, which its capacity and utilisation are figures of, with its
/// own part: "6150 req/s (1500 its own)".
fn load_text(load: &ComponentLoad) -> String {
    match load.tiers.as_slice() {
        [tier] if tier.role == TierRole::Instances && (tier.arrival_rate - load.arrival_rate).abs() > 1e-9 * load.arrival_rate.abs().max(1.0) => {
            format!("{} ({} its own)", rate(tier.arrival_rate), rate(load.arrival_rate).replace(" req/s", ""))
        }
        _ => rate(load.arrival_rate),
    }
}

/// What one instance does, written so that "12 × 110.5" multiplies out
/// to the capacity beside it ("1326 req/s"): the usual three significant
/// figures when they do ("4 × 25"), more when rounding would not ("111"
/// would make 1332). A capacity that is not instances × rate (a
/// database's busiest node) keeps the usual figure.
fn per_instance(capacity: f64, instances: u32, service_rate: f64) -> String {
    let usual = rate(service_rate).replace(" req/s", "");
    let shown = rate(capacity);
    let multiplies_out = |text: &str| {
        let value = match text.strip_suffix('k') {
            Some(thousands) => thousands.parse::<f64>().map(|v| v * 1e3),
            None => match text.strip_suffix('M') {
                Some(millions) => millions.parse::<f64>().map(|v| v * 1e6),
                None => text.parse::<f64>(),
            },
        };
        value.is_ok_and(|v| rate(v * f64::from(instances)) == shown)
    };
    if multiplies_out(&usual) {
        return usual;
    }
    (4..=7).map(|digits| significant_figures(service_rate, digits)).find(|text| multiplies_out(text)).unwrap_or(usual)
}

/// Headroom as the table shows it: "4.17×", "none" once at or past the
/// limit, "—" without traffic.
pub fn headroom_text(headroom: Option<f64>) -> String {
    match headroom {
        None => "—".to_owned(),
        Some(h) if h > 1.0 => multiplier(h),
        Some(_) => "none".to_owned(),
    }
}

/// One group of a database's nodes (its primary, its replicas), shown
/// under the component's row: the load and figures of one node.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct TierRow {
    /// "primary" or "replica".
    pub role: String,
    /// "Primary, 1 node", "Replicas, 2 nodes", "Primaries, 2 shards".
    pub label: String,
    /// Requests per second arriving at one node.
    pub load_text: String,
    /// What one node can do: "1200 req/s (4 × 300)".
    pub capacity_text: String,
    pub utilisation_text: String,
    pub response_text: String,
    /// "saturates at 8×", "no traffic".
    pub saturates_text: String,
}

/// A database's tiers, one row each; empty for components that are one
/// plain group of instances (their row already says it all).
pub fn tier_rows(load: &ComponentLoad) -> Vec<TierRow> {
    let plain = load.tiers.len() == 1 && load.tiers[0].nodes == 1;
    if plain || load.tiers.iter().all(|t| t.role == TierRole::Instances) {
        return Vec::new();
    }
    let sharded = load.tiers.first().is_some_and(|t| t.role == TierRole::Primary && t.nodes > 1);
    load.tiers
        .iter()
        .map(|tier| {
            let plural = tier.nodes != 1;
            let label = match (tier.role, plural) {
                (TierRole::Primary, false) => "Primary, 1 node".to_owned(),
                (TierRole::Primary, true) => format!("Primaries, {} shards", tier.nodes),
                (TierRole::Replica, false) => "Replica, 1 node".to_owned(),
                (TierRole::Replica, true) if sharded => format!("Replicas, {} nodes over the shards", tier.nodes),
                (TierRole::Replica, true) => format!("Replicas, {} nodes", tier.nodes),
                (TierRole::Instances, _) => format!("Instances, {} node{}", tier.nodes, if plural { "s" } else { "" }),
            };
            let per_instance = rate(load.service_rate).replace(" req/s", "");
            TierRow {
                role: tier.role.label().to_owned(),
                label,
                load_text: format!("{} each", rate(tier.arrival_rate)),
                capacity_text: format!(
                    "{} ({} × {per_instance}) each",
                    rate(f64::from(tier.servers) * load.service_rate),
                    tier.servers
                ),
                utilisation_text: utilisation(tier.utilisation),
                response_text: duration(tier.queueing.map(|q| q.response_time)),
                saturates_text: match tier.saturates_at {
                    None => "no traffic".to_owned(),
                    Some(at) => format!("saturates at {}", multiplier(at)),
                },
            }
        })
        .collect()
}

/// Every component's row, in document order.
pub fn result_rows(doc: &Document, report: &Report) -> Vec<ResultRow> {
    report.components.iter().map(|load| ResultRow::of(doc, load)).collect()
}

/// The rows with each component's p99 filled in (∞ where it has none: a
/// saturated queue has no steady state).
pub fn with_percentiles(mut rows: Vec<ResultRow>, percentiles: &LatencyPercentiles) -> Vec<ResultRow> {
    for (row, p) in rows.iter_mut().zip(&percentiles.components) {
        row.p99_text = duration(p.map(|p| p.p99));
    }
    rows
}

/// One line per entry point: its end-to-end mean and percentiles, and its
/// objective with the growth at which it breaks.
pub fn end_to_end_lines(
    doc: &Document,
    report: &Report,
    percentiles: &LatencyPercentiles,
    objectives: &[crate::engine::ObjectiveHeadroom],
) -> Vec<String> {
    report
        .entries
        .iter()
        .zip(&percentiles.entries)
        .map(|(entry, p)| {
            let figures = match p {
                Some(p) => format!(
                    "mean {}, p50 {}, p95 {}, p99 {}",
                    duration(entry.latency),
                    duration(Some(p.p50)),
                    duration(Some(p.p95)),
                    duration(Some(p.p99))
                ),
                None => "no steady state: something on its way is saturated".to_owned(),
            };
            let mut line = format!("{} end to end: {figures}", doc.name_of(&entry.component));
            if let Some(objective) = objectives.iter().find(|o| o.entry == entry.component) {
                let label = objective.objective.percentile_label();
                let target = duration(Some(objective.objective.target_ms / 1000.0));
                line.push_str(&if objective.breaks_at <= 0.0 {
                    format!("; objective {label} ≤ {target} is not met even without load")
                } else if objective.breaks_at >= report.growth {
                    format!("; objective {label} ≤ {target} holds until {}", multiplier(objective.breaks_at))
                } else {
                    format!("; objective {label} ≤ {target} broken since {}", multiplier(objective.breaks_at))
                });
            }
            line
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::solve;
    use crate::model::mvp_that_creaks;

    /// The sample's end to end at 1× with an objective of p99 ≤ 100 ms.
    #[test]
    fn end_to_end_line_with_an_objective() {
        let mut doc = mvp_that_creaks();
        doc.scenario.entries[0].objective = Some(crate::model::LatencyObjective { percentile: 0.99, target_ms: 100.0 });
        let analysis = crate::engine::Analysis::new(&doc);
        let report = analysis.report_at(1.0);
        let percentiles = analysis.percentiles(&report);
        let lines = end_to_end_lines(&doc, &report, &percentiles, &analysis.objective_headroom());
        assert_eq!(lines.len(), 1);
        assert!(lines[0].starts_with("Load balancer end to end: mean 18.8 ms, p50 "), "{}", lines[0]);
        assert!(lines[0].contains("; objective p99 ≤ 100 ms holds until "), "{}", lines[0]);
        let rows = with_percentiles(result_rows(&doc, &report), &percentiles);
        assert!(rows.iter().all(|r| r.p99_text.ends_with("ms") || r.p99_text.ends_with("µs")), "{rows:?}");
    }

    #[test]
    fn postgres_row_at_1x() {
        let doc = mvp_that_creaks();
        let rows = result_rows(&doc, &solve(&doc));
        let postgres = rows.iter().find(|r| r.id == "postgres").unwrap();
        assert_eq!(postgres.load_text, "96 req/s");
        assert_eq!(postgres.capacity_text, "400 req/s (1 × 400)");
        assert_eq!(postgres.utilisation_text, "24.0%");
        assert_eq!(postgres.status, "ok");
        assert_eq!(postgres.headroom_text, "4.17×");
        assert_eq!(postgres.cost_text, "$400/mo");
        let web = rows.iter().find(|r| r.id == "web").unwrap();
        assert_eq!(web.capacity_text, "300 req/s (2 × 150, max 6)");
        let worker = rows.iter().find(|r| r.id == "worker").unwrap();
        assert_eq!(worker.note.as_deref(), Some("judged over the day: keeps up all day"));
        assert_eq!(worker.saturates_text, "falls behind for good at 12.7×");
        // The load balancer idles at 1.2%: but one instance is the least.
        let lb = rows.iter().find(|r| r.id == "lb").unwrap();
        assert_eq!(lb.note, None);
    }

    /// Issue 12 (d): "1326 req/s (12 × 111)" did not multiply out (one
    /// Monolith instance does 110.5 req/s of its mix); a module's
    /// capacity said "8 × 667" for 216 req/s.
    #[test]
    fn capacity_cells_multiply_out() {
        let mut doc = crate::model::templates::modular_monolith();
        for growth in [1.0, 10.0] {
            doc.scenario.growth = growth;
            let rows = result_rows(&doc, &solve(&doc));
            let monolith = rows.iter().find(|r| r.id == "monolith").unwrap();
            let expected = if growth == 1.0 { "884 req/s (8 × 110.5, max 12)" } else { "1326 req/s (12 × 110.5)" };
            assert_eq!(monolith.capacity_text, expected);
            // What it serves is what its utilisation divides: 6150 / 1326 = 463.7%.
            if growth == 10.0 {
                assert_eq!((monolith.load_text.as_str(), monolith.utilisation_text.as_str()), ("6150 req/s (1500 its own)", "463.7%"));
            }
            let auth = rows.iter().find(|r| r.id == "auth").unwrap();
            let instances = if growth == 1.0 { 8 } else { 12 };
            assert!(auth.capacity_text.ends_with(&format!("(its share of {instances} Monolith instances)")), "{}", auth.capacity_text);
        }
        // Every plain "N × r" cell of every template multiplies out.
        for template in crate::model::templates::TEMPLATES {
            let doc = (template.build)();
            for growth in [1.0, 3.7, 10.0] {
                let mut doc = doc.clone();
                doc.scenario.growth = growth;
                for row in result_rows(&doc, &solve(&doc)) {
                    let Some((total, inner)) = row.capacity_text.split_once(" (") else { continue };
                    let inner = inner.trim_end_matches(')');
                    let inner = inner.split(", max").next().unwrap_or(inner);
                    let Some((n, each)) = inner.split_once(" × ") else { continue };
                    let (Ok(n), Ok(each)) = (n.parse::<f64>(), each.parse::<f64>()) else { continue };
                    assert_eq!(rate(n * each), total, "{} of {} at {growth}: {}", row.id, template.id, row.capacity_text);
                }
            }
        }
    }

    /// Issue 12 (g): "13333.3%" was wider than its box.
    #[test]
    fn a_huge_utilisation_reads_compactly() {
        let mut doc = mvp_that_creaks();
        doc.scenario.growth = 1000.0;
        let rows = result_rows(&doc, &solve(&doc));
        let postgres = rows.iter().find(|r| r.id == "postgres").unwrap();
        assert_eq!(postgres.utilisation_text, ">999%");
        assert_eq!(postgres.status, "saturated");
    }

    #[test]
    fn a_database_with_replicas_shows_a_row_per_tier() {
        // The sample with two read replicas: 48 reads and 48 writes reach
        // Postgres. The primary takes the 48 writes (12.0% of 400); each
        // replica 24 reads + 48 replicated writes = 72 (18.0%).
        let mut doc = mvp_that_creaks();
        if let Some(settings) = doc.components[2].database.as_mut() {
            settings.read_replicas = 2;
        }
        let report = solve(&doc);
        let rows = tier_rows(report.component(&"postgres".into()).unwrap());
        let texts: Vec<(&str, &str, &str)> = rows
            .iter()
            .map(|r| (r.label.as_str(), r.load_text.as_str(), r.utilisation_text.as_str()))
            .collect();
        assert_eq!(texts, [("Primary, 1 node", "48 req/s each", "12.0%"), ("Replicas, 2 nodes", "72 req/s each", "18.0%")]);
        assert_eq!(rows[1].capacity_text, "400 req/s (1 × 400) each");
        assert_eq!(rows[1].saturates_text, "saturates at 5.56×");
        // A plain database or service has no tier rows.
        let plain = solve(&mvp_that_creaks());
        assert!(tier_rows(plain.component(&"postgres".into()).unwrap()).is_empty());
        assert!(tier_rows(plain.component(&"web".into()).unwrap()).is_empty());
    }
}

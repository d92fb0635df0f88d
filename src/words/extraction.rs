//! Extraction verdicts in words, always with the numbers: "Search module:
//! not yet (pays from 3.77×): kept, 8 Monolith instances at $960/mo;
//! extracted, 3 + 7 instances at $1,180/mo including $400 overhead, +3 ms
//! per request."

use serde::Serialize;

use crate::words::quantity::{connection_count, instance_count, monthly_cost, multiplier};
use crate::engine::{Deployment, DeploymentViolation, ExtractionVerdict, Verdict, VerdictReason};
use crate::model::Document;

/// A limit a deployment breaks, with its numbers: "Monolith needs 80
/// instances, 12 at most".
pub fn violation_text(doc: &Document, violation: &DeploymentViolation) -> String {
    match violation {
        DeploymentViolation::Instances { host, needed, ceiling } => {
            format!("{} needs {} instances, {ceiling} at most", doc.name_of(host), instance_count(*needed))
        }
        DeploymentViolation::Connections { database, demand, limit } => {
            // A demand that saturated is no count anyone can use.
            let needed = if *demand > 1_000_000_000 { "more than 1,000,000,000".to_owned() } else { demand.to_string() };
            format!("{} needs {needed} connections, {limit} allowed", doc.name_of(database))
        }
        DeploymentViolation::Memory { host, needed_mb, available_mb } => {
            format!("{} instances need {needed_mb:.0} MB, have {available_mb:.0} MB", doc.name_of(host))
        }
    }
}

/// Why a verdict is what it is, as a clause.
pub fn reason_text(doc: &Document, reason: &VerdictReason) -> String {
    match reason {
        VerdictReason::RemovesLimit { limit } => {
            format!("it removes a limit the monolith cannot meet: {}", violation_text(doc, limit))
        }
        VerdictReason::GrowsDifferentlyAndCheaper => {
            "its load grows differently from its host's and the split costs less, overhead included".to_owned()
        }
        VerdictReason::GrowsWithHostSavingOnly { saves } => format!(
            "it grows with its host, so the split buys no separate scaling: it saves only ${saves:.0}/mo (smaller instances, overhead included) for another service to run and a network hop"
        ),
        VerdictReason::GrowsWithHost => {
            "it grows with its host, so splitting only adds a service to run and a network hop".to_owned()
        }
        VerdictReason::KeepingCostsLess => "keeping it costs less at every growth up to 1000×".to_owned(),
    }
}

/// The verdict's short label: "justified", "not yet (pays from 37×)",
/// "not justified".
pub fn label(verdict: &ExtractionVerdict) -> String {
    match &verdict.verdict {
        Verdict::Justified { .. } => "justified".to_owned(),
        Verdict::NotYet { pays_from } => format!("not yet (pays from {})", multiplier(*pays_from)),
        Verdict::NotJustified { .. } => "not justified".to_owned(),
    }
}

fn deployment(doc: &Document, verdict: &ExtractionVerdict, d: &Deployment, extracted: bool) -> String {
    let host = doc.name_of(&verdict.host);
    let mut text = if extracted {
        format!(
            "{} {host} + {} {} instances at {} including {} overhead",
            instance_count(d.host_instances),
            instance_count(d.module_instances),
            doc.name_of(&verdict.module),
            monthly_cost(d.running_monthly_cost),
            monthly_cost(verdict.overhead_monthly)
        )
    } else {
        format!("{} {host} instances at {}", instance_count(d.host_instances), monthly_cost(d.running_monthly_cost))
    };
    if d.host_instances_needed > d.host_instances {
        text.push_str(&format!(
            " ({} {host} instances needed, {} to keep up)",
            instance_count(d.host_instances_needed),
            monthly_cost(d.monthly_cost)
        ));
    }
    for (db, demand, limit) in &d.connections {
        text.push_str(&format!(", {} of {limit} {} connections", connection_count(*demand), doc.name_of(db)));
    }
    if let Some(memory) = d.host_memory_mb {
        text.push_str(&format!(", {memory:.0} MB per {host} instance"));
    }
    text
}

/// The whole verdict as a sentence with its numbers.
pub fn describe(doc: &Document, verdict: &ExtractionVerdict) -> String {
    let reason = match &verdict.verdict {
        Verdict::Justified { reason } | Verdict::NotJustified { reason } => format!(": {}", reason_text(doc, reason)),
        Verdict::NotYet { .. } => String::new(),
    };
    format!(
        "{} at {}: {}{reason}. Kept: {}. Extracted: {}; +{:.1} ms per request across the new boundary.",
        doc.name_of(&verdict.module),
        multiplier(verdict.growth),
        label(verdict),
        deployment(doc, verdict, &verdict.keep, false),
        deployment(doc, verdict, &verdict.extract, true),
        verdict.added_latency_ms
    )
}

/// One way of deploying, cell by cell, as the modules table shows it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct DeploymentCells {
    /// "8 Monolith" or "3 Monolith + 7 Search module".
    pub instances: String,
    /// "$960/mo", or "$1,384/mo incl. $400/mo overhead" when extracted.
    pub cost: String,
    /// "80 of 150 Postgres", one per database; "—" when none.
    pub connections: String,
    /// "1750 MB per Monolith instance"; "—" when nothing declares memory.
    pub memory: String,
    /// What this deployment breaks, in words.
    pub violations: Vec<String>,
}

/// One module's verdict, every figure already in words.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct VerdictLine {
    pub module_id: String,
    pub module: String,
    pub host: String,
    /// "justified", "not yet (pays from 3.77×)", "not justified".
    pub label: String,
    /// "justified", "not-yet" or "not-justified": a stable key for styling
    /// (the label says it in words).
    pub kind: &'static str,
    /// "grows 5× as fast as Monolith" or "grows with Monolith".
    pub growth: String,
    /// Why, in a clause: the engine's reason, or when a "not yet" pays.
    pub reason: String,
    /// (a) kept in the host.
    pub keep: DeploymentCells,
    /// (b) extracted into its own service.
    pub extract: DeploymentCells,
    /// "+3.0 ms per request".
    pub latency: String,
    /// The whole verdict as a sentence ([`describe`]).
    pub sentence: String,
}

fn cells(doc: &Document, verdict: &ExtractionVerdict, d: &Deployment, extracted: bool) -> DeploymentCells {
    let host = doc.name_of(&verdict.host);
    // What runs (kept: the host's row in the results table), and what
    // keeping up would take when its maximum stops it.
    let capped = d.host_instances_needed > d.host_instances;
    let need = if capped { format!(" (needs {})", instance_count(d.host_instances_needed)) } else { String::new() };
    let instances = if extracted {
        format!(
            "{} {host}{need} + {} {}",
            instance_count(d.host_instances),
            instance_count(d.module_instances),
            doc.name_of(&verdict.module)
        )
    } else {
        format!("{} {host}{need}", instance_count(d.host_instances))
    };
    let mut cost = monthly_cost(d.running_monthly_cost);
    if extracted {
        cost.push_str(&format!(" incl. {} overhead", monthly_cost(verdict.overhead_monthly)));
    }
    if capped {
        cost.push_str(&format!("; {} to keep up", monthly_cost(d.monthly_cost)));
    }
    let connections: Vec<String> =
        d.connections.iter().map(|(db, demand, limit)| format!("{} of {limit} {}", connection_count(*demand), doc.name_of(db))).collect();
    DeploymentCells {
        instances,
        cost,
        connections: if connections.is_empty() { "—".to_owned() } else { connections.join(", ") },
        memory: d.host_memory_mb.map_or_else(|| "—".to_owned(), |mb| format!("{mb:.0} MB per {host} instance")),
        violations: d.violations.iter().map(|v| violation_text(doc, v)).collect(),
    }
}

/// Every verdict as the page's table and the inspector show it.
pub fn verdict_lines(doc: &Document, verdicts: &[ExtractionVerdict]) -> Vec<VerdictLine> {
    verdicts.iter().map(|v| verdict_line(doc, v)).collect()
}

/// One verdict as the page shows it.
pub fn verdict_line(doc: &Document, verdict: &ExtractionVerdict) -> VerdictLine {
    let host = doc.name_of(&verdict.host);
    let relative = verdict.relative_growth;
    let growth = if (relative - 1.0).abs() <= 1e-9 {
        format!("grows with {host}")
    } else if relative > 1.0 {
        format!("grows {} as fast as {host}", multiplier(relative))
    } else {
        format!("grows {} as fast as {host} (slower)", multiplier(relative))
    };
    VerdictLine {
        module_id: verdict.module.to_string(),
        module: doc.name_of(&verdict.module),
        host,
        label: label(verdict),
        kind: match verdict.verdict {
            Verdict::Justified { .. } => "justified",
            Verdict::NotYet { .. } => "not-yet",
            Verdict::NotJustified { .. } => "not-justified",
        },
        growth,
        reason: match &verdict.verdict {
            Verdict::Justified { reason } | Verdict::NotJustified { reason } => reason_text(doc, reason),
            Verdict::NotYet { pays_from } => format!(
                "at {} the split costs more, overhead included; from {} on it costs less",
                multiplier(verdict.growth),
                multiplier(*pays_from)
            ),
        },
        keep: cells(doc, verdict, &verdict.keep, false),
        extract: cells(doc, verdict, &verdict.extract, true),
        latency: format!("+{:.1} ms per request", verdict.added_latency_ms),
        sentence: describe(doc, verdict),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Analysis;
    use crate::model::templates::modular_monolith;

    #[test]
    fn the_hot_module_is_not_yet_worth_extracting_at_1x() {
        let doc = modular_monolith();
        let verdicts = Analysis::new(&doc).extraction_verdicts(1.0);
        let search = verdicts.iter().find(|v| v.module.as_str() == "search").unwrap();
        assert_eq!(label(search), "not yet (pays from 3.77×)");
        let text = describe(&doc, search);
        assert!(
            text.starts_with("Search module at 1×: not yet (pays from 3.77×). Kept: 8 Monolith instances at $700/mo, 80 of 150 Postgres connections, 1750 MB per Monolith instance."),
            "{text}"
        );
        assert!(text.contains("Extracted: 3 Monolith + 7 Search module instances at $1,180/mo including $400/mo overhead"), "{text}");
        assert!(text.ends_with("+3.0 ms per request across the new boundary."), "{text}");
    }

    #[test]
    fn every_module_gets_a_line_with_its_cells() {
        let doc = modular_monolith();
        let lines = verdict_lines(&doc, &Analysis::new(&doc).extraction_verdicts(1.0));
        assert_eq!(lines.iter().map(|l| l.module_id.as_str()).collect::<Vec<_>>(), ["auth", "catalog", "search"]);
        let search = &lines[2];
        assert_eq!((search.kind, search.label.as_str()), ("not-yet", "not yet (pays from 3.77×)"));
        assert_eq!(search.growth, "grows 5× as fast as Monolith");
        assert_eq!(search.reason, "at 1× the split costs more, overhead included; from 3.77× on it costs less");
        assert_eq!(search.keep.instances, "8 Monolith");
        assert_eq!(search.keep.cost, "$700/mo");
        assert_eq!(search.keep.connections, "80 of 150 Postgres");
        assert_eq!(search.keep.memory, "1750 MB per Monolith instance");
        assert_eq!(search.extract.instances, "3 Monolith + 7 Search module");
        assert_eq!(search.extract.cost, "$1,180/mo incl. $400/mo overhead");
        assert_eq!(search.latency, "+3.0 ms per request");
        assert_eq!(search.sentence, describe(&doc, &Analysis::new(&doc).extraction_verdicts(1.0)[2]));
        assert_eq!(lines[0].growth, "grows with Monolith");
        assert_eq!(lines[0].kind, "not-justified");
    }

    /// Issue 12 (c): the panel said "kept in Monolith: 159 instances,
    /// $19,080/mo" beside a results table that caps the Monolith at 12
    /// ($1,440/mo). Kept, the cells are the row's figures, with the need
    /// beside them.
    #[test]
    fn kept_is_the_hosts_row_in_the_results_table() {
        let mut doc = modular_monolith();
        doc.scenario.growth = 10.0;
        let analysis = Analysis::new(&doc);
        let rows = crate::words::results_table::result_rows(&doc, &analysis.report_at(10.0));
        let monolith = rows.iter().find(|r| r.id == "monolith").unwrap();
        let lines = verdict_lines(&doc, &analysis.extraction_verdicts(10.0));
        for line in &lines {
            assert_eq!(line.keep.instances, "12 Monolith (needs 80)");
            assert!(line.keep.cost.starts_with(&format!("{}; ", monolith.cost_text)), "{}", line.keep.cost);
            assert!(line.keep.cost.ends_with(" to keep up"), "{}", line.keep.cost);
            assert!(line.keep.violations.contains(&"Monolith needs 80 instances, 12 at most".to_owned()));
        }
        assert_eq!(monolith.cost_text, "$1,440/mo");
    }
}

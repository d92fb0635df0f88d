//! Extraction verdicts in words, always with the numbers: "Search module:
//! not yet (pays from 1.89×): kept, 8 Monolith instances at $960/mo;
//! extracted, 3 + 7 instances at $1,384/mo including $400 overhead, +3 ms
//! per request."

use super::quantity::{monthly_cost, multiplier};
use crate::engine::{Deployment, ExtractionVerdict, Verdict};
use crate::model::Document;

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
            d.host_instances,
            d.module_instances,
            doc.name_of(&verdict.module),
            monthly_cost(d.monthly_cost),
            monthly_cost(verdict.overhead_monthly)
        )
    } else {
        format!("{} {host} instances at {}", d.host_instances, monthly_cost(d.monthly_cost))
    };
    for (db, demand, limit) in &d.connections {
        text.push_str(&format!(", {demand} of {limit} {} connections", doc.name_of(db)));
    }
    if let Some(memory) = d.host_memory_mb {
        text.push_str(&format!(", {memory:.0} MB per {host} instance"));
    }
    text
}

/// The whole verdict as a sentence with its numbers.
pub fn describe(doc: &Document, verdict: &ExtractionVerdict) -> String {
    let reason = match &verdict.verdict {
        Verdict::Justified { reason } | Verdict::NotJustified { reason } => format!(": {reason}"),
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
        assert_eq!(label(search), "not yet (pays from 1.89×)");
        let text = describe(&doc, search);
        assert!(
            text.starts_with("Search module at 1×: not yet (pays from 1.89×). Kept: 8 Monolith instances at $960/mo, 80 of 150 Postgres connections, 1750 MB per Monolith instance."),
            "{text}"
        );
        assert!(text.contains("Extracted: 3 Monolith + 7 Search module instances at $1,384/mo including $400/mo overhead"), "{text}");
        assert!(text.ends_with("+3.0 ms per request across the new boundary."), "{text}");
    }
}

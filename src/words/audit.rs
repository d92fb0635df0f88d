//! The cost audit in words: one line per finding with the figures behind
//! its saving, and the total as audits report it ("saves $1,200/mo, 71.9%
//! of $1,670/mo"). The findings themselves are `engine::audit`'s.

use serde::Serialize;

use crate::words::cost::count;
use crate::words::quantity::{multiplier, percent, rate, round_percent, monthly_cost};
use crate::engine::audit::{Audit, Finding, FindingKind};
use crate::model::Document;

/// One finding as the audit panel lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FindingLine {
    /// "Idle", "Sized for a peak the day never reaches", …
    pub title: &'static str,
    /// The component the saving is on.
    pub component: String,
    /// "$1,200/mo".
    pub saving: String,
    /// The reason with its figures, one line.
    pub reason: String,
}

/// The audit panel's texts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AuditText {
    pub findings: Vec<FindingLine>,
    /// "saves $1,200/mo, 71.9% of $1,670/mo", or "nothing to save at 1×".
    pub total: String,
}

/// Every finding's line and the total.
pub fn audit_text(doc: &Document, audit: &Audit) -> AuditText {
    let findings = audit.findings.iter().map(|finding| finding_line(doc, audit, finding)).collect();
    let total = match audit.share_of_bill() {
        Some(share) if audit.monthly_saving > 0.0 => format!(
            "saves {}, {} of {}",
            monthly_cost(audit.monthly_saving),
            percent(share),
            monthly_cost(audit.monthly_total)
        ),
        _ => format!("nothing to save at {}", multiplier(audit.growth)),
    };
    AuditText { findings, total }
}

/// The title of a finding's kind.
pub fn kind_title(kind: &FindingKind) -> &'static str {
    match kind {
        FindingKind::Idle { .. } => "Idle",
        FindingKind::Oversized { .. } => "Sized for a peak the day never reaches",
        FindingKind::Cacheable { .. } => "Calls a cache could absorb",
        FindingKind::UnreadReplicas { .. } => "Replicas nobody reads from",
    }
}

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "Old cache: no traffic reaches it at 1×; removing it and its 1 arrow saves $90/mo."
pub fn finding_line(doc: &Document, audit: &Audit, finding: &Finding) -> FindingLine {
    let component = finding.components.first().map(|id| doc.name_of(id)).unwrap_or_default();
    let saving = monthly_cost(finding.monthly_saving);
    let reason = match &finding.kind {
        FindingKind::Idle { arrows, .. } => {
            let with = match finding.components.len() {
                1 => "it".to_owned(),
                n => format!("it and the {} it hosts", plural(n as u32 - 1, "module", "modules")),
            };
            let arrows = u32::try_from(*arrows).unwrap_or(u32::MAX);
            format!(
                "{component}: no traffic reaches it at {}; removing {with} and {} saves {saving}.",
                multiplier(audit.growth),
                plural(arrows, "arrow", "arrows")
            )
        }
        FindingKind::Oversized { instances, needed, nodes, busiest_rate, service_rate, comfort_line, price } => {
            let (unit, units) = if *nodes > 1 { ("worker per node", "workers per node") } else { ("instance", "instances") };
            let on_nodes = if *nodes > 1 { format!(" on {nodes} nodes") } else { String::new() };
            format!(
                "{component}: its busiest hour needs {} ({} at {} of {} each), it runs {}{on_nodes}; dropping {} at {} each saves {saving}.",
                plural(*needed, unit, units),
                rate(*busiest_rate),
                round_percent(*comfort_line),
                rate(*service_rate),
                plural(*instances, unit, units),
                (instances - needed) * nodes,
                monthly_cost(*price)
            )
        }
        FindingKind::Cacheable { caller, calls_per_month, repeat_share, price_per_million, calls_saving, cache_cost, .. } => format!(
            "{component}: {} of {}'s {} calls a month repeat (at ${} per million); a cache in front answers them: {} of calls less the cache's own {} saves {saving}.",
            round_percent(*repeat_share),
            doc.name_of(caller),
            count(*calls_per_month),
            crate::words::quantity::significant_figures(*price_per_million, 3),
            monthly_cost(*calls_saving),
            monthly_cost(*cache_cost)
        ),
        FindingKind::UnreadReplicas { replicas, shards, instances, price } => {
            let per_shard = if *shards > 1 { format!(" on each of {shards} shards") } else { String::new() };
            format!(
                "{component}: {}{per_shard} and no reads reach them, they only replay writes; dropping them ({} × {} × {} workers × {}) saves {saving}.",
                plural(*replicas, "read replica", "read replicas"),
                shards,
                replicas,
                instances,
                monthly_cost(*price)
            )
        }
    };
    FindingLine { title: kind_title(&finding.kind), component, saving, reason }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::audit::audit;
    use crate::model::{mvp_that_creaks, templates, CallKind, CallMode, Component, ComponentKind, Dependency};

    #[test]
    fn an_idle_cache() {
        let mut doc = mvp_that_creaks();
        doc.components.push(Component::with_defaults("old-cache", "Old cache", ComponentKind::Cache));
        doc.dependencies.push(Dependency::new("old-cache-postgres", "old-cache", "postgres", 1.0, CallKind::Read, CallMode::Sync));
        let text = audit_text(&doc, &audit(&doc));
        assert_eq!(
            text.findings[0].reason,
            "Old cache: no traffic reaches it at 1×; removing it and 1 arrow saves $90/mo."
        );
        // 90 of 1,105.
        assert_eq!(text.total, "saves $90/mo, 8.1% of $1,105/mo");
    }

    #[test]
    fn an_oversized_database() {
        // 116 req/s on one node of 4 workers of 500 req/s: ⌈116 / 350⌉ = 1;
        // 3 × $400 = $1,200 of a $1,670 bill (70 + 4 × 400): 71.9%.
        let mut doc = templates::mvp_monolith();
        doc.components[1].instances = 4;
        let text = audit_text(&doc, &audit(&doc));
        assert_eq!(text.findings[0].title, "Sized for a peak the day never reaches");
        assert_eq!(
            text.findings[0].reason,
            "Postgres: its busiest hour needs 1 instance (116 req/s at 70% of 500 req/s each), it runs 4 instances; dropping 3 at $400/mo each saves $1,200/mo."
        );
        assert_eq!(text.total, "saves $1,200/mo, 71.9% of $1,670/mo");
    }

    #[test]
    fn unread_replicas_on_shards() {
        let mut doc = templates::event_pipeline();
        if let Some(db) = doc.components.iter_mut().find(|c| c.id.as_str() == "store").and_then(|c| c.database.as_mut()) {
            db.read_replicas = 2;
        }
        let audit = audit(&doc);
        let text = audit_text(&doc, &audit);
        let line = text.findings.iter().find(|l| l.title == "Replicas nobody reads from").unwrap();
        assert_eq!(
            line.reason,
            "Events store: 2 read replicas on each of 2 shards and no reads reach them, they only replay writes; dropping them (2 × 2 × 4 workers × $400/mo) saves $6,400/mo."
        );
    }

    #[test]
    fn calls_to_a_paid_api() {
        // 680.4M calls a month at $5 per million, 40% repeat: $1,361 of
        // calls less $90 of cache: $1,271.
        let mut doc = templates::mvp_monolith();
        let mut api = Component::with_defaults("geo", "Geocoder", ComponentKind::ExternalApi);
        api.throughput_per_instance = 1_000.0;
        api.price_per_million_calls = Some(5.0);
        doc.components.push(api);
        let mut lookups = Dependency::new("app-geo", "app", "geo", 10.0, CallKind::Read, CallMode::Sync);
        lookups.repeat_share = Some(0.4);
        doc.dependencies.push(lookups);
        let text = audit_text(&doc, &audit(&doc));
        assert_eq!(
            text.findings[0].reason,
            "Geocoder: 40% of App server's 680M calls a month repeat (at $5 per million); a cache in front answers them: $1,361/mo of calls less the cache's own $90/mo saves $1,271/mo."
        );
    }

    #[test]
    fn nothing_to_save() {
        let doc = mvp_that_creaks();
        assert_eq!(audit_text(&doc, &audit(&doc)).total, "nothing to save at 1×");
    }
}

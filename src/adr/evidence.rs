//! Evidence: the engine's figures at the moment a decision was taken,
//! frozen as the reader saw them ("Postgres 84.0%, saturates at 4.17×").
//! Evidence is a snapshot of text, never recomputed: it records what
//! justified the decision. What is recomputed against today's document are
//! the guardrails. Beside the utilisation figures it keeps what the
//! decision stood on beyond the mean: the end-to-end percentiles with each
//! objective's headroom, the resilience verdict, and what the team
//! measured (the observations its capacities are calibrated from).


use crate::engine::{resilience_table, Analysis, LatencyPercentiles, Report};
use crate::words::headline::limit_phrase;
use crate::words::quantity::{multiplier, round_percent};
use crate::words::results_table::{end_to_end_lines, result_rows, with_percentiles, ResultRow};
use crate::model::decision::{CacheEvidence, Evidence, EvidenceRow, Figures, Snapshot};
use crate::model::{Component, ComponentId, Document};

/// TTL, write policy and invalidation of a cache, as text: they belong in
/// the record because they decide how stale an answer can be.
fn cache_policy(component: &Component) -> (Option<String>, Option<String>) {
    let Some(policy) = &component.cache else {
        return (None, None);
    };
    let ttl = policy.ttl_seconds.map(|s| crate::words::quantity::duration(Some(s)));
    let invalidation = format!("{}, {}", policy.invalidation.label(), policy.write_policy.label());
    (ttl, Some(invalidation))
}

fn snapshot(doc: &Document, report: &Report) -> Snapshot {
    Snapshot {
        growth: multiplier(report.growth),
        headroom: match report.headroom() {
            Some(h) if h > 1.0 => multiplier(h),
            Some(_) => "none".to_owned(),
            None => "unlimited".to_owned(),
        },
        bottleneck: report
            .bottleneck()
            .map(|b| format!("{} {}", doc.name_of(&b.component), limit_phrase(b))),
    }
}

fn figures(row: &ResultRow) -> Figures {
    Figures {
        load: row.load_text.clone(),
        utilisation: row.utilisation_text.clone(),
        response: row.response_text.clone(),
        headroom: row.headroom_text.clone(),
        p99: (!row.p99_text.is_empty()).then(|| row.p99_text.clone()),
    }
}

/// `report`'s rows, with their p99 when `percentiles` are given.
fn rows_of(doc: &Document, report: &Report, percentiles: Option<&LatencyPercentiles>) -> Vec<ResultRow> {
    let rows = result_rows(doc, report);
    match percentiles {
        Some(p) => with_percentiles(rows, p),
        None => rows,
    }
}

/// Whether `report` is of `doc`: another model's percentiles would be
/// matched to the wrong components.
fn same_model(doc: &Document, report: &Report) -> bool {
    report.components.len() == doc.components.len()
        && report.components.iter().zip(&doc.components).all(|(load, component)| load.id == component.id)
}

impl Evidence {
    /// Freezes the figures of `report` (of `doc`), beside those of `before`
    /// when given: the same document at 1×, or before an edit. The cache
    /// section covers the caches and CDNs among `linked` (the record's
    /// components), or every one in the document when `linked` is empty.
    pub fn capture(
        doc: &Document,
        report: &Report,
        before: Option<&Report>,
        linked: &[ComponentId],
    ) -> Evidence {
        let analysis = Analysis::new(doc);
        let percentiles_of = |r: &Report| same_model(doc, r).then(|| analysis.percentiles(r));
        let before_rows: Vec<ResultRow> =
            before.map(|b| rows_of(doc, b, percentiles_of(b).as_ref())).unwrap_or_default();
        let percentiles = percentiles_of(report);
        let after_rows = rows_of(doc, report, percentiles.as_ref());
        let mut rows: Vec<EvidenceRow> = after_rows
            .iter()
            .map(|row| EvidenceRow {
                component: ComponentId::new(row.id.clone()),
                name: row.name.clone(),
                after: Some(figures(row)),
                before: before_rows.iter().find(|b| b.id == row.id).map(figures),
            })
            .collect();
        // Components removed by the edit keep their "before" figures.
        for gone in before_rows.iter().filter(|b| report.components.iter().all(|c| c.id.as_str() != b.id)) {
            rows.push(EvidenceRow {
                component: ComponentId::new(gone.id.clone()),
                name: gone.name.clone(),
                after: None,
                before: Some(figures(gone)),
            });
        }
        let caches = doc
            .components
            .iter()
            .filter(|c| c.kind.serves_hits())
            .filter(|c| linked.is_empty() || linked.contains(&c.id))
            .map(|c| {
                let (ttl, invalidation) = cache_policy(c);
                CacheEvidence {
                    component: c.id.clone(),
                    name: doc.name_of(&c.id),
                    hit_ratio: round_percent(c.effective_hit_ratio()),
                    ttl,
                    invalidation,
                }
            })
            .collect();
        let latency = percentiles
            .as_ref()
            .map(|p| end_to_end_lines(doc, report, p, &analysis.objective_headroom()))
            .unwrap_or_default();
        let resilience = resilience_table(doc, report.growth);
        let failures = (!resilience.rows.is_empty())
            .then(|| crate::words::resilience::resilience_verdict(doc, &resilience))
            .filter(|verdict| !verdict.is_empty());
        Evidence {
            scenario: doc.scenario.name.clone(),
            after: snapshot(doc, report),
            before: before.map(|b| snapshot(doc, b)),
            rows,
            caches,
            latency,
            failures,
            measured: crate::words::calibration::observation_lines(doc),
            readiness: linked
                .iter()
                .filter_map(|id| doc.component(id))
                .map(|c| crate::words::readiness::evidence_line(doc, &crate::engine::readiness::component_readiness(c)))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Analysis;
    use crate::model::mvp_that_creaks;

    #[test]
    fn the_sample_at_10x_against_1x() {
        let doc = mvp_that_creaks();
        let analysis = Analysis::new(&doc);
        let (at_1x, at_10x) = (analysis.report_at(1.0), analysis.report_at(10.0));
        let evidence = Evidence::capture(&doc, &at_10x, Some(&at_1x), &[]);
        assert_eq!(evidence.scenario, "Launch traffic");
        assert_eq!(evidence.after.growth, "10×");
        assert_eq!(evidence.after.headroom, "none");
        assert_eq!(evidence.after.bottleneck.as_deref(), Some("Postgres runs out of connections at 3.5×"));
        assert_eq!(evidence.before.as_ref().map(|b| b.headroom.as_str()), Some("3.5×"));
        let postgres = evidence.rows.iter().find(|r| r.component.as_str() == "postgres").unwrap();
        assert_eq!(postgres.before.as_ref().unwrap().utilisation, "24.0%");
        assert_eq!(postgres.after.as_ref().unwrap().utilisation, "240.0%");
        assert_eq!(evidence.caches.len(), 1);
        assert_eq!(evidence.caches[0].hit_ratio, "80%");

        let text = crate::files::evidence::to_markdown(&evidence);
        assert!(text.starts_with("### Evidence\n\n* Scenario: Launch traffic\n* Growth: 10×\n"), "{text}");
        assert!(text.contains("| Postgres (`postgres`) | 96 req/s → 960 req/s | 24.0% → 240.0% |"), "{text}");
        assert!(text.contains("| Redis cache (`redis`) | 80% | 300 s | TTL expiry, invalidate on write |"), "{text}");
    }

    #[test]
    fn evidence_keeps_percentiles_failures_and_observations() {
        let mut doc = mvp_that_creaks();
        let postgres = doc.components.iter_mut().find(|c| c.id.as_str() == "postgres").unwrap();
        postgres.observed =
            Some(crate::model::Observation { rate: 96.0, utilisation: Some(0.24), date: "2026-11-30".into(), ..Default::default() });
        let evidence = Evidence::capture(&doc, &Analysis::new(&doc).report_at(1.0), None, &[]);
        let postgres = evidence.rows.iter().find(|r| r.component.as_str() == "postgres").unwrap();
        assert!(postgres.after.as_ref().unwrap().p99.as_deref().is_some_and(|p| p.ends_with("ms")));
        assert_eq!(evidence.measured, ["Postgres: 24.0% CPU at 96 req/s on 2026-11-30 → 400 req/s per instance, calibrated from utilisation, exact"]);
        let text = crate::files::evidence::to_markdown(&evidence);
        assert!(text.contains("* End to end: Load balancer end to end: mean 18.8 ms, p50 "), "{text}");
        assert!(text.contains("* Failures: Single points of failure: "), "{text}");
        assert!(text.contains("* Measured: Postgres: 24.0% CPU at 96 req/s on 2026-11-30 → 400 req/s"), "{text}");
        assert!(text.contains("| Component | Load | Utilisation | Response | p99 | Headroom |"), "{text}");
    }

    #[test]
    fn names_are_escaped_in_tables() {
        let mut doc = mvp_that_creaks();
        doc.components[4].name = "Jobs | <b>queue</b>".into();
        let evidence = Evidence::capture(&doc, &Analysis::new(&doc).report_at(1.0), None, &["redis".into()]);
        let text = crate::files::evidence::to_markdown(&evidence);
        assert!(text.contains("| Jobs \\| &lt;b&gt;queue&lt;/b&gt; (`queue`) |"), "{text}");
        assert!(!text.contains("<b>"));
    }

    #[test]
    fn removed_components_keep_their_before_figures() {
        let before_doc = mvp_that_creaks();
        let before = Analysis::new(&before_doc).report_at(1.0);
        let mut doc = before_doc.clone();
        doc.components.retain(|c| c.id.as_str() != "queue" && c.id.as_str() != "worker");
        doc.dependencies.retain(|d| d.from.as_str() != "queue" && d.from.as_str() != "worker" && d.to.as_str() != "queue");
        let evidence = Evidence::capture(&doc, &Analysis::new(&doc).report_at(1.0), Some(&before), &[]);
        let worker = evidence.rows.iter().find(|r| r.component.as_str() == "worker").unwrap();
        assert!(worker.after.is_none() && worker.before.is_some());
        assert!(crate::files::evidence::to_markdown(&evidence).contains("(`worker`) | 12 req/s → — |"));
    }
}

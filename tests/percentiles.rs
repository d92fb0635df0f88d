//! Properties of the latency percentiles on every template and the sample:
//! they are ordered, they never fall as growth rises, the end-to-end
//! distribution's mean is the mean formula's, and with every variability
//! at 1 the old figures are unchanged.

mod common;

use headroom::engine::Analysis;
use headroom::model::Document;

fn documents() -> Vec<(String, Document)> {
    common::sample_and_templates()
}

#[test]
fn percentiles_are_ordered_and_rise_with_growth() {
    for (name, doc) in documents() {
        // An autoscaler adding instances can make a request faster at
        // higher load, so the property is for fixed capacity.
        let mut doc = doc;
        for component in &mut doc.components {
            component.max_instances = None;
        }
        let analysis = Analysis::new(&doc);
        let mut previous: Option<headroom::engine::LatencyPercentiles> = None;
        for step in 0..12 {
            let growth = 0.25 * 1.4f64.powi(step);
            let report = analysis.report_at(growth);
            let found = analysis.percentiles(&report);
            for (k, p) in found.entries.iter().enumerate() {
                let Some(p) = p else { continue };
                assert!(p.p50 <= p.p95 && p.p95 <= p.p99, "{name} entry {k} at {growth}: {p:?}");
                let mean = report.entries[k].latency.expect("a mean where percentiles exist");
                // p50 of a right-skewed latency sits below p99, the mean between.
                assert!(p.p99 >= mean, "{name} entry {k} at {growth}: p99 {} below the mean {mean}", p.p99);
                if let Some(Some(before)) = previous.as_ref().map(|pr| pr.entries[k]) {
                    for (a, b, label) in [(before.p50, p.p50, "p50"), (before.p95, p.p95, "p95"), (before.p99, p.p99, "p99")] {
                        assert!(b >= a * (1.0 - 1e-7), "{name} entry {k}: {label} fell from {a} to {b} at {growth}");
                    }
                }
            }
            for (i, p) in found.components.iter().enumerate() {
                let Some(p) = p else { continue };
                assert!(p.p50 <= p.p95 && p.p95 <= p.p99, "{name} component {i} at {growth}: {p:?}");
            }
            previous = Some(found);
        }
    }
}

/// ∫ P(X > t) dt over the inverted distribution equals the mean formula
/// Σ visits × mean response, to 0.2%.
#[test]
fn the_end_to_end_distribution_has_the_formula_mean() {
    for (name, doc) in documents() {
        let analysis = Analysis::new(&doc);
        let report = analysis.report_at(doc.scenario.growth);
        let laws = analysis.response_laws(&report);
        for (k, entry) in report.entries.iter().enumerate() {
            let Some(mean) = entry.latency else { continue };
            // E[X] = ∫₀¹ Q(u) du, by the midpoint rule over the quantile
            // function (its last cell reaches into the tail).
            let n = 1000;
            let estimate: f64 = (0..n)
                .map(|j| analysis.entry_quantile(&report, &laws, k, (j as f64 + 0.5) / n as f64).expect("quantile"))
                .sum::<f64>()
                / n as f64;
            assert!(
                (estimate - mean).abs() <= 0.002 * mean,
                "{name} entry {k}: distribution mean {estimate} vs formula {mean}"
            );
        }
    }
}

/// Setting every variability to 1 explicitly changes no figure.
#[test]
fn variability_one_changes_nothing() {
    for (name, doc) in documents() {
        let mut explicit = doc.clone();
        for component in &mut explicit.components {
            component.service_scv = Some(1.0);
        }
        for entry in &mut explicit.scenario.entries {
            entry.arrival_scv = Some(1.0);
        }
        let (a, b) = (headroom::engine::solve(&doc), headroom::engine::solve(&explicit));
        assert_eq!(a, b, "{name}");
    }
}

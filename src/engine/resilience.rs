//! Failures: what the system's headroom becomes when one instance of a
//! component is lost or every cache goes cold (hit ratio 0: every read
//! reaches the store behind it).

use super::analysis::Analysis;
use crate::model::Document;

/// The growth, relative to the scenario's, at which component `i`
/// saturates with one instance fewer: `(c − 1)μ/λ` for a plain component,
/// 0 for a single instance (no redundancy: losing it is an outage).
pub fn headroom_one_instance_lost(doc: &Document, i: usize) -> f64 {
    let Some(component) = doc.components.get(i) else { return 0.0 };
    if component.instances <= 1 {
        return 0.0;
    }
    let mut failed = doc.clone();
    let target = &mut failed.components[i];
    target.instances -= 1;
    target.max_instances = target.max_instances.map(|m| m.saturating_sub(1).max(target.instances));
    let growth = doc.scenario.growth;
    let report = Analysis::new(&failed).report_at(growth);
    report.components[i].saturates_at.map(|at| at / growth).unwrap_or(f64::INFINITY)
}

/// The system's headroom with every cache and CDN cold.
pub fn headroom_cache_cold(doc: &Document) -> f64 {
    let mut cold = doc.clone();
    for component in &mut cold.components {
        if component.kind.serves_hits() {
            component.hit_ratio = Some(0.0);
        }
    }
    let growth = doc.scenario.growth;
    let report = Analysis::new(&cold).report_at(growth);
    report.ranking.first().map(|s| s.saturates_at / growth).unwrap_or(f64::INFINITY)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::mvp_that_creaks;

    /// The sample's web app runs 2 of at most 6 instances at 150 req/s:
    /// with one lost, its autoscaler still reaches 5 — less headroom, never more.
    #[test]
    fn a_failure_never_adds_headroom() {
        let doc = mvp_that_creaks();
        let report = crate::engine::solve(&doc);
        for (i, load) in report.components.iter().enumerate() {
            let lost = headroom_one_instance_lost(&doc, i);
            if let Some(own) = load.headroom {
                assert!(lost <= own + 1e-9, "{}: {lost} > {own}", load.id);
            }
        }
        let cold = headroom_cache_cold(&doc);
        let warm = report.ranking[0].saturates_at / doc.scenario.growth;
        assert!(cold < warm, "{cold} vs {warm}");
    }
}

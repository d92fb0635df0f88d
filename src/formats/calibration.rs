//! What a team measured, in words: each observation with the rate it was
//! read at, the date, and the throughput per instance Headroom derives
//! from it ("Postgres: 64% CPU at 240 req/s on 2026-11-30 → 375 req/s
//! per instance, calibrated from utilisation, exact"). ADR evidence and
//! the command line print these lines, so a decision keeps what its
//! numbers stood on.

use super::quantity::{percent, rate};
use crate::engine::{calibrated_throughput, CalibratedFrom};
use crate::model::{Component, Document};

/// The measurement a calibration stands on, as a noun phrase.
pub fn basis_label(basis: CalibratedFrom) -> &'static str {
    match basis {
        CalibratedFrom::Utilisation => "utilisation",
        CalibratedFrom::MeanLatency => "mean latency",
        CalibratedFrom::P95Latency => "p95 latency",
    }
}

/// "64% CPU, mean 12 ms at 240 req/s on 2026-11-30": what was read.
fn readings(component: &Component) -> Option<String> {
    let observed = component.observed.as_ref()?;
    let mut parts = Vec::new();
    if let Some(u) = observed.utilisation {
        parts.push(format!("{} CPU", percent(u)));
    }
    if let Some(ms) = observed.mean_latency_ms {
        parts.push(format!("mean {}", super::quantity::duration(Some(ms / 1000.0))));
    }
    if let Some(ms) = observed.p95_latency_ms {
        parts.push(format!("p95 {}", super::quantity::duration(Some(ms / 1000.0))));
    }
    if let Some(connections) = observed.connections_in_use {
        parts.push(format!("{connections} connections in use"));
    }
    let mut text = format!("{} at {}", parts.join(", "), rate(observed.rate));
    if !observed.date.is_empty() {
        text.push_str(&format!(" on {}", observed.date));
    }
    Some(text)
}

/// One line for a component with an observation; `None` without one.
pub fn observation_line(doc: &Document, component: &Component) -> Option<String> {
    let read = readings(component)?;
    let derived = match calibrated_throughput(component) {
        Ok(calibration) => format!(
            "{} per instance, calibrated from {}, {}",
            rate(calibration.throughput_per_instance),
            basis_label(calibration.basis),
            if calibration.exact { "exact" } else { "an approximation" }
        ),
        Err(why) => format!("no throughput derived ({why})"),
    };
    Some(format!("{}: {read} → {derived}", doc.name_of(&component.id)))
}

/// Every observation in the document, in document order.
pub fn observation_lines(doc: &Document) -> Vec<String> {
    doc.components.iter().filter_map(|c| observation_line(doc, c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{mvp_that_creaks, Observation};

    #[test]
    fn an_observation_reads_as_one_line() {
        let mut doc = mvp_that_creaks();
        let postgres = doc.components.iter_mut().find(|c| c.id.as_str() == "postgres").unwrap();
        postgres.observed = Some(Observation {
            rate: 240.0,
            utilisation: Some(0.64),
            date: "2026-11-30".into(),
            ..Observation::default()
        });
        let lines = observation_lines(&doc);
        assert_eq!(lines.len(), 1);
        // μ = 240 / (1 × 0.64) = 375 on Postgres's one instance.
        assert_eq!(
            lines[0],
            "Postgres: 64.0% CPU at 240 req/s on 2026-11-30 → 375 req/s per instance, calibrated from utilisation, exact"
        );
    }

    #[test]
    fn nothing_observed_means_no_line() {
        assert!(observation_lines(&mvp_that_creaks()).is_empty());
    }
}

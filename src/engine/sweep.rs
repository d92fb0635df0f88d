//! The growth sweep: utilisation of every component from 1x to 1000x on a
//! log scale, as each is judged (at the peak, or over the day's average
//! behind a queue), for the chart and for "when does each part go".

use serde::Serialize;

use super::Analysis;
use crate::model::{ComponentId, Document};

/// The top of the growth dial and of the sweep.
pub const SWEEP_MAX_GROWTH: f64 = 1000.0;

/// Utilisation of every component at log-spaced growths.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sweep {
    pub growths: Vec<f64>,
    /// One series per component, in document order; each has one
    /// utilisation per growth.
    pub series: Vec<(ComponentId, Vec<f64>)>,
}

/// `points` growths from `from` to `to`, evenly spaced on a log scale.
pub fn log_spaced(from: f64, to: f64, points: usize) -> Vec<f64> {
    match points {
        0 => Vec::new(),
        1 => vec![from],
        _ => {
            let (a, b) = (from.ln(), to.ln());
            // Exact ends: exp(ln(1000)) is not quite 1000.
            (0..points)
                .map(|i| match i {
                    0 => from,
                    i if i == points - 1 => to,
                    i => (a + (b - a) * i as f64 / (points - 1) as f64).exp(),
                })
                .collect()
        }
    }
}

/// Utilisation of every component over 1x–1000x at `points` growths.
pub fn growth_sweep(doc: &Document, points: usize) -> Sweep {
    let analysis = Analysis::new(doc);
    let growths = log_spaced(1.0, SWEEP_MAX_GROWTH, points);
    let mut series: Vec<(ComponentId, Vec<f64>)> = doc
        .components
        .iter()
        .map(|c| (c.id.clone(), Vec::with_capacity(growths.len())))
        .collect();
    for &growth in &growths {
        for (entry, utilisation) in series.iter_mut().zip(analysis.utilisation_at(growth)) {
            entry.1.push(utilisation);
        }
    }
    Sweep { growths, series }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_spacing_hits_both_ends_and_each_decade() {
        let growths = log_spaced(1.0, 1000.0, 7);
        let expected = [1.0, 3.162, 10.0, 31.62, 100.0, 316.2, 1000.0];
        for (got, want) in growths.iter().zip(expected) {
            assert!((got - want).abs() / want < 1e-3, "{got} vs {want}");
        }
    }

    #[test]
    fn sample_sweep_has_one_series_per_component_and_rises() {
        let doc = crate::model::mvp_that_creaks();
        let sweep = growth_sweep(&doc, 61);
        assert_eq!(sweep.series.len(), doc.components.len());
        let postgres = &sweep.series.iter().find(|(id, _)| id.as_str() == "postgres").unwrap().1;
        assert_eq!(postgres.len(), 61);
        assert!(postgres.windows(2).all(|w| w[1] > w[0]));
    }

    #[test]
    fn work_behind_a_queue_is_swept_at_the_days_average() {
        // The sample's worker (4 × 25 req/s) gets 12 req/s at the peak; the
        // typical day's mean is 0.65625, so its line reaches 100% where
        // 12 × 0.65625 × g = 100: g = 12.7×, its saturation growth.
        let doc = crate::model::mvp_that_creaks();
        let analysis = Analysis::new(&doc);
        let worker = doc.components.iter().position(|c| c.id.as_str() == "worker").unwrap();
        let at = 100.0 / (12.0 * 0.65625);
        assert!((analysis.report_at(1.0).components[worker].saturates_at.unwrap() - at).abs() < 1e-9);
        assert!((analysis.utilisation_at(at)[worker] - 1.0).abs() < 1e-9);
        assert!((analysis.utilisation_at(1.0)[worker] - 12.0 * 0.65625 / 100.0).abs() < 1e-12);
    }
}

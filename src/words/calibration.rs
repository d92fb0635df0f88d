//! What a team measured, in words: each observation with the rate it was
//! read at, the date, and the throughput per instance Headroom derives
//! from it ("Postgres: 64% CPU at 240 req/s on 2026-11-30 → 375 req/s
//! per instance, calibrated from utilisation, exact"). ADR evidence and
//! the command line print these lines, so a decision keeps what its
//! numbers stood on. A latency's line names the wait method it was read
//! back through, as the analysis waits (`engine::variability`), and the
//! working gives the formula with the numbers, exact or an approximation
//! with the method's measured band.

use crate::words::explain::{Accuracy, Explanation};
use crate::words::quantity::{percent, rate};
use crate::engine::variability::WaitMethod;
use crate::engine::{calibrated_throughput, CalibratedFrom, Calibration, CalibrationWorking};
use crate::model::{Component, Document};

/// The measurement a calibration stands on, as a noun phrase.
pub fn basis_label(basis: CalibratedFrom) -> &'static str {
    match basis {
        CalibratedFrom::Utilisation => "utilisation",
        CalibratedFrom::MeanLatency => "mean latency",
        CalibratedFrom::P95Latency => "p95 latency",
    }
}

/// A figure for a formula: at most `decimals` decimals, no trailing zeros.
fn figure(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

/// What a latency calibration reads back through: the queue's name
/// ("M/G/4, cs² = 4") and the factor k on the M/M/c wait for the
/// formula's end ("" for Erlang C, whose factor is 1).
fn wait_terms(working: &CalibrationWorking) -> (String, String) {
    let (servers, service, arrival) = (working.servers, working.service_scv, working.arrival_scv);
    let arrivals = if arrival == 1.0 { "M" } else { "G" };
    let serving = if service == 1.0 { "M" } else { "G" };
    let mut queue = format!("{arrivals}/{serving}/{servers}");
    if service != 1.0 {
        queue.push_str(&format!(", cs² = {}", figure(service, 4)));
    }
    if arrival != 1.0 {
        queue.push_str(&format!(", ca² = {}", figure(arrival, 4)));
    }
    let method = working.wait_method;
    let factor_text = match method {
        WaitMethod::ErlangC => String::new(),
        WaitMethod::AllenCunneen => format!("; k = (ca² + cs²)/2 = {} by {}", figure(working.factor, 4), method.name()),
        WaitMethod::Kimura => format!("; k = {} by {}", figure(working.factor, 4), method.name()),
    };
    (queue, factor_text)
}

/// The calibration's formula with the observed numbers in it, naming the
/// wait method a latency was read back through: "μ = λ / (c × U) = 240 /
/// (1 × 0.64) = 375 req/s".
pub fn calibration_formula(calibration: &Calibration) -> String {
    let w = &calibration.working;
    let mu = calibration.throughput_per_instance;
    let servers = w.servers;
    let lambda_text = figure(w.rate, 4);
    let on = if servers == 1 { "1 instance".to_owned() } else { format!("{servers} instances") };
    match calibration.basis {
        CalibratedFrom::Utilisation => {
            format!("μ = λ / (c × U) = {lambda_text} / ({servers} × {}) = {} req/s", figure(w.observed, 4), figure(mu, 4))
        }
        CalibratedFrom::MeanLatency => {
            let (queue, factor_text) = wait_terms(w);
            let scaled = if factor_text.is_empty() { "" } else { " × k" };
            format!(
                "μ = {} req/s: at λ = {lambda_text} req/s on {on} ({queue}) the mean response W_q{scaled} + 1/μ + d = {} + {} + {} = {} ms, as observed{factor_text}",
                figure(mu, 4),
                figure(w.wait_ms, 2),
                figure(1000.0 / mu, 2),
                figure(w.base_ms, 2),
                figure(w.observed, 2)
            )
        }
        CalibratedFrom::P95Latency => {
            let (queue, factor_text) = wait_terms(w);
            let wait = if factor_text.is_empty() {
                format!("θ = cμ − λ = {}/s", figure(f64::from(servers) * mu - w.rate, 4))
            } else {
                let theta = if w.wait_time > 0.0 { w.prob_wait / w.wait_time } else { f64::INFINITY };
                format!("θ = C / (W_q × k) = {}/s", figure(theta, 4))
            };
            let fitted = if w.service_scv == 1.0 { "" } else { ", the service time fitted to cs²" };
            format!(
                "μ = {} req/s: at λ = {lambda_text} req/s on {on} ({queue}, C = {}, {wait}{fitted}) P(R > {} ms) = 5%: the p95 observed{factor_text}",
                figure(mu, 4),
                figure(w.prob_wait, 4),
                figure(w.observed, 2)
            )
        }
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
        parts.push(format!("mean {}", crate::words::quantity::duration(Some(ms / 1000.0))));
    }
    if let Some(ms) = observed.p95_latency_ms {
        parts.push(format!("p95 {}", crate::words::quantity::duration(Some(ms / 1000.0))));
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

/// "calibrated from mean latency through Kimura (M/G/c), Cosmetatos
/// (M/D/c), an approximation": the basis, for a latency the wait method
/// it was read back through, and whether it is exact.
fn derivation(calibration: &Calibration) -> String {
    let through = match calibration.basis {
        // The utilisation law needs no queueing model: its line stays short.
        CalibratedFrom::Utilisation => String::new(),
        _ => format!(" through {}", calibration.method),
    };
    format!(
        "calibrated from {}{through}, {}",
        basis_label(calibration.basis),
        if calibration.exact { "exact" } else { "an approximation" }
    )
}

/// One line for a component with an observation; `None` without one.
pub fn observation_line(doc: &Document, component: &Component) -> Option<String> {
    let read = readings(component)?;
    let derived = match calibrated_throughput(component) {
        Ok(calibration) => format!("{} per instance, {}", rate(calibration.throughput_per_instance), derivation(&calibration)),
        Err(why) => format!("no throughput derived ({why})"),
    };
    Some(format!("{}: {read} → {derived}", doc.name_of(&component.id)))
}

/// The working behind a calibrated throughput: the rule read backwards,
/// the engine's formula with the observed numbers, the result, and
/// whether it is exact or an approximation (naming the wait method and
/// its measured band). `None` without an observation; the reason, naming
/// the field, when it explains no throughput.
pub fn calibration_working(component: &Component) -> Option<Result<Explanation, String>> {
    component.observed.as_ref()?;
    Some(calibrated_throughput(component).map(|calibration| {
        let rule = match calibration.basis {
            CalibratedFrom::Utilisation => "μ = λ / (c × U), the utilisation law".to_owned(),
            CalibratedFrom::MeanLatency => {
                format!("the μ whose mean response W_q × k + 1/μ + d at the observed λ is the observed mean; W_q by {}", calibration.method)
            }
            CalibratedFrom::P95Latency => {
                format!("the μ with P(R > observed p95) = 5% at the observed λ; the wait by {}", calibration.method)
            }
        };
        Explanation {
            figure: format!("Throughput per instance, calibrated from {}", basis_label(calibration.basis)),
            formula: rule,
            substituted: calibration_formula(&calibration),
            result: rate(calibration.throughput_per_instance),
            accuracy: match calibration.approximation {
                Some(note) => Accuracy::Approximation(note),
                None => Accuracy::Exact,
            },
        }
    }))
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

    /// A mean latency on several servers with heavy-tailed service is
    /// read back through Kimura's M/G/c, as the analysis waits: the line
    /// and the working say so, and that it is an approximation.
    #[test]
    fn a_latency_names_its_wait_method() {
        let mut doc = mvp_that_creaks();
        let web = doc.components.iter_mut().find(|c| c.id.as_str() == "web").unwrap();
        web.service_scv = Some(4.0);
        web.observed = Some(Observation { rate: 240.0, mean_latency_ms: Some(20.0), ..Observation::default() });
        let line = observation_line(&doc, &doc.components[1]).unwrap();
        assert!(line.starts_with("Web app: mean 20"), "{line}");
        assert!(line.ends_with("calibrated from mean latency through Kimura (M/G/c), Cosmetatos (M/D/c), an approximation"), "{line}");
        let working = calibration_working(&doc.components[1]).unwrap().unwrap();
        assert!(working.formula.contains("Kimura"), "{}", working.formula);
        assert!(working.substituted.starts_with("μ = "), "{}", working.substituted);
        assert!(working.accuracy.label().starts_with("approximation: the wait by Kimura"), "{}", working.accuracy.label());

        // Exponential service: Erlang C, exact.
        doc.components[1].service_scv = None;
        let line = observation_line(&doc, &doc.components[1]).unwrap();
        assert!(line.ends_with("calibrated from mean latency through Erlang C, exact"), "{line}");
        assert_eq!(calibration_working(&doc.components[1]).unwrap().unwrap().accuracy, Accuracy::Exact);
    }

    #[test]
    fn a_refused_observation_names_its_field_in_the_working() {
        let mut doc = mvp_that_creaks();
        doc.components[1].observed = Some(Observation { rate: 240.0, mean_latency_ms: Some(1.0), ..Observation::default() });
        let why = calibration_working(&doc.components[1]).unwrap().unwrap_err();
        assert!(why.starts_with("observed.mean_latency_ms"), "{why}");
        assert!(calibration_working(&doc.components[2]).is_none());
    }

    #[test]
    fn nothing_observed_means_no_line() {
        assert!(observation_lines(&mvp_that_creaks()).is_empty());
    }
}

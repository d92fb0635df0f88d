//! The working behind latency percentiles: a component's p99 from its
//! response-time distribution, and an entry point's mean and p99 end to
//! end, each with its rule, the numbers in it, and whether it is exact or
//! an approximation (with how far off it measured against the
//! simulation). `words::explain` adds the component figure to a
//! component's working; the results table opens the end-to-end one.

use crate::words::explain::{number, Accuracy, Explanation};
use crate::words::quantity::{duration, percent};
use crate::engine::{Analysis, ComponentLoad, LatencyPercentiles, Report};
use crate::engine::response_law::{Branch, ResponseLaw};
use crate::engine::variability;
use crate::model::{ComponentKind, Document};

/// What the percentile working needs of the analysis, worked out once
/// per report however many components are explained.
pub struct LatencyInputs {
    /// Each component's response-time law (`None` when saturated).
    pub laws: Vec<Option<ResponseLaw>>,
    /// The arrival variability each component's station sees.
    pub arrival_scv: Vec<f64>,
}

impl LatencyInputs {
    pub fn of(analysis: &Analysis, report: &Report) -> LatencyInputs {
        LatencyInputs { laws: analysis.response_laws(report), arrival_scv: analysis.arrival_variability_at(report.growth) }
    }

    /// The p99 figure of component `i` of the report.
    pub fn percentile_figure(&self, doc: &Document, i: usize, load: &ComponentLoad) -> Option<Explanation> {
        let law = self.laws.get(i).and_then(Option::as_ref);
        percentile_figure(doc, law, load, self.arrival_scv.get(i).copied().unwrap_or(1.0))
    }
}

/// Why a component's percentile is not the closed form, from the wait
/// approximation the engine used for its station (`arrival` its ca²) and
/// that method's measured band; `None` when the M/M/c distribution is
/// exact for it.
fn approximation_note(doc: &Document, load: &ComponentLoad, arrival: f64) -> Option<String> {
    let cs2 = doc.component(&load.id)?.service_variability();
    let servers = load.tiers.first().map_or(1, |t| t.servers);
    let wait = variability::approximation_note(servers, cs2, arrival);
    if wait.is_none() && cs2 == 1.0 {
        return None;
    }
    let mut text = match wait {
        Some(note) => format!(
            "the wait by {} (ca² = {}, {servers} server{}): {}",
            note.method,
            number(arrival),
            if servers == 1 { "" } else { "s" },
            note.measured_error
        ),
        None => "the mean wait is exact (Pollaczek–Khinchine)".to_owned(),
    };
    if cs2 != 1.0 {
        text.push_str(&format!("; the distribution fits the service time by its two moments (cs² = {})", number(cs2)));
    }
    Some(text)
}

/// "d = 2 ms, C = 24.0%, θ = 304/s, μ = 400/s".
fn branch_text(branch: &Branch) -> String {
    let mut parts = vec![format!("d = {}", duration(Some(branch.delay)))];
    if branch.prob_wait > 0.0 {
        parts.push(format!("C = {}", percent(branch.prob_wait)));
        parts.push(format!("θ = {}/s", number(branch.wait_rate)));
    }
    match branch.service.phases.as_slice() {
        [] if branch.service.fixed > 0.0 => parts.push(format!("S = {} fixed", duration(Some(branch.service.fixed)))),
        [] => {}
        [(_, rate)] if branch.service.fixed == 0.0 => parts.push(format!("μ = {}/s", number(*rate))),
        [(_, rate)] => parts.push(format!("S = {} + Exp({}/s)", duration(Some(branch.service.fixed)), number(*rate))),
        phases => parts.push(format!(
            "S a two-phase mix {}",
            phases.iter().map(|(p, r)| format!("{} × Exp({}/s)", percent(*p), number(*r))).collect::<Vec<_>>().join(" + ")
        )),
    }
    parts.join(", ")
}

/// The p99 of one component's response time; `arrival` the variability
/// of what reaches it (`Analysis::arrival_variability_at`).
pub fn percentile_figure(doc: &Document, law: Option<&ResponseLaw>, load: &ComponentLoad, arrival: f64) -> Option<Explanation> {
    if load.arrival_rate <= 0.0 {
        return None;
    }
    let external = doc.component(&load.id).is_some_and(|c| c.kind == ComponentKind::ExternalApi);
    let Some(law) = law else {
        return Some(Explanation {
            figure: "p99 response time".to_owned(),
            formula: "the t with P(R > t) = 1%; R has a distribution only while ρ < 1".to_owned(),
            substituted: format!("ρ = {} ≥ 100%: no steady state", percent(load.utilisation)),
            result: duration(None),
            accuracy: Accuracy::Exact,
        });
    };
    let p99 = law.quantile(0.99);
    let substituted = match law.branches.as_slice() {
        [only] => branch_text(only),
        branches => branches
            .iter()
            .map(|b| format!("{}: {}", percent(b.weight), branch_text(b)))
            .collect::<Vec<_>>()
            .join("; "),
    };
    let formula = if external {
        "R = declared latency: every percentile is that latency".to_owned()
    } else if law.branches.len() > 1 {
        "P(R > t) = Σ share × P(R_branch > t) = 1%, each branch R = d + W + S (tiers, cold starts)".to_owned()
    } else {
        "P(R > t) = 1%, R = d + W + S: no wait with probability 1 − C, else W ~ Exp(θ); S the service time".to_owned()
    };
    Some(Explanation {
        figure: "p99 response time".to_owned(),
        formula,
        substituted,
        result: duration(p99),
        accuracy: if external {
            Accuracy::Exact
        } else {
            approximation_note(doc, load, arrival).map_or(Accuracy::Exact, Accuracy::Approximation)
        },
    })
}

/// The mean and the percentiles of entry point `k` end to end.
pub fn end_to_end_working(
    doc: &Document,
    report: &Report,
    percentiles: &LatencyPercentiles,
    k: usize,
) -> Vec<Explanation> {
    let Some(entry) = report.entries.get(k) else {
        return Vec::new();
    };
    let hops: Vec<(String, f64, Option<f64>)> = entry
        .visit_ratios
        .iter()
        .zip(&report.components)
        .filter(|(visits, _)| **visits > 0.0)
        .map(|(visits, load)| (doc.name_of(&load.id), *visits, load.response_time()))
        .collect();
    let terms: Vec<String> = hops
        .iter()
        .map(|(name, visits, response)| format!("{} × {} ({name})", number(*visits), duration(*response)))
        .collect();
    let mut out = vec![Explanation {
        figure: "Mean end to end".to_owned(),
        formula: "T = Σ visits × R: each component's response time, as often as one request waits for it".to_owned(),
        substituted: terms.join(" + "),
        result: duration(entry.latency),
        accuracy: Accuracy::Exact,
    }];
    let visits: Vec<String> = hops.iter().map(|(name, visits, _)| format!("{name} {}", number(*visits))).collect();
    let independent = "sojourns taken as independent: against the simulation the sample's p99 is within 1% at 1× and \
                       7% low at 3×, where each request also spawns a worker write onto the same Postgres (correlated waits)";
    let p = percentiles.entries.get(k).copied().flatten();
    for (label, q, value) in [("p50", 0.5, p.map(|p| p.p50)), ("p95", 0.95, p.map(|p| p.p95)), ("p99", 0.99, p.map(|p| p.p99))] {
        out.push(Explanation {
            figure: format!("{label} end to end"),
            formula: format!(
                "the t with P(T ≤ t) = {}: T's transform X̂_u(s) = R̂_u(s) · Π_v G_uv(X̂_v(s)) along the synchronous calls, \
                 inverted numerically (Abate–Whitt Euler, error ≈ e^−18.4)",
                percent(q)
            ),
            substituted: if value.is_some() {
                format!("visits per request: {}", visits.join(", "))
            } else {
                "something on the way is saturated: no steady state".to_owned()
            },
            result: duration(value),
            accuracy: Accuracy::Approximation(independent.to_owned()),
        });
    }
    out
}

/// Every entry point's end-to-end working, in the report's entry order.
pub fn end_to_end_workings(doc: &Document, report: &Report) -> Vec<Vec<Explanation>> {
    let percentiles = Analysis::new(doc).percentiles(report);
    (0..report.entries.len()).map(|k| end_to_end_working(doc, report, &percentiles, k)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::mvp_that_creaks;

    #[test]
    fn postgres_p99_is_the_m_m_1_percentile_and_exact() {
        let doc = mvp_that_creaks();
        let analysis = Analysis::new(&doc);
        let report = analysis.report_at(1.0);
        let i = report.components.iter().position(|c| c.id.as_str() == "postgres").unwrap();
        let figure = LatencyInputs::of(&analysis, &report).percentile_figure(&doc, i, &report.components[i]).unwrap();
        // M/M/1 at λ = 96, μ = 400: no base latency's worth of waiting,
        // C = ρ = 24%, θ = μ − λ = 304.
        assert_eq!(figure.substituted, "d = 2 ms, C = 24.0%, θ = 304/s, μ = 400/s");
        assert_eq!(figure.result, "17.1 ms");
        assert_eq!(figure.accuracy, Accuracy::Exact);
    }

    #[test]
    fn heavy_tailed_service_is_an_approximation() {
        let mut doc = mvp_that_creaks();
        doc.components.iter_mut().find(|c| c.id.as_str() == "postgres").unwrap().service_scv = Some(4.0);
        let analysis = Analysis::new(&doc);
        let report = analysis.report_at(1.0);
        let i = report.components.iter().position(|c| c.id.as_str() == "postgres").unwrap();
        let figure = LatencyInputs::of(&analysis, &report).percentile_figure(&doc, i, &report.components[i]).unwrap();
        assert!(figure.substituted.contains("S a two-phase mix"), "{}", figure.substituted);
        assert!(matches!(figure.accuracy, Accuracy::Approximation(ref note) if note.contains("cs² = 4")), "{:?}", figure.accuracy);
    }

    #[test]
    fn the_sample_end_to_end_working() {
        let doc = mvp_that_creaks();
        let report = Analysis::new(&doc).report_at(1.0);
        let working = &end_to_end_workings(&doc, &report)[0];
        let figures: Vec<&str> = working.iter().map(|e| e.figure.as_str()).collect();
        assert_eq!(figures, ["Mean end to end", "p50 end to end", "p95 end to end", "p99 end to end"]);
        assert_eq!(working[0].result, "18.8 ms");
        assert!(working[0].substituted.starts_with("1 × 1.1 ms (Load balancer) + 1 × 12.9 ms (Web app)"), "{}", working[0].substituted);
        assert_eq!(working[3].result, "47.7 ms");
        assert!(matches!(working[3].accuracy, Accuracy::Approximation(_)));
    }
}

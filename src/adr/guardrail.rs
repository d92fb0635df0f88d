//! Guardrails: the conditions under which a decision still holds, checked
//! against today's document ("Postgres utilisation ≤ 70% at 10×"). A
//! decision whose guardrail breaks has drifted: the system moved under it
//! and the record deserves another look.

use serde::{Deserialize, Serialize};

use super::record::{DecisionRecord, Status};
use crate::engine::{Analysis, ComponentLoad, Report};
use crate::formats::quantity::{duration, multiplier, percent};
use crate::model::{ComponentId, Document};

/// What a guardrail measures on one component. Values are in the engine's
/// units: utilisation as a fraction (0.7 for 70%), response time in
/// seconds, headroom as a growth multiplier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GuardrailMetric {
    /// λ / (c·μ) of the component.
    Utilisation,
    /// Waiting plus service time of one request at the component.
    ResponseTime,
    /// How much more growth the component takes from `at_growth`.
    Headroom,
}

/// Which side of the threshold is safe.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// Holds while the value is at most the threshold (≤).
    AtMost,
    /// Holds while the value is at least the threshold (≥).
    AtLeast,
}

/// "db-primary utilisation ≤ 70% at 10×".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guardrail {
    pub component: ComponentId,
    pub metric: GuardrailMetric,
    pub comparison: Comparison,
    /// In the metric's engine unit (see [`GuardrailMetric`]).
    pub threshold: f64,
    /// The growth multiplier (absolute, like the dial) it is judged at.
    pub at_growth: f64,
}

/// The outcome of checking one guardrail.
#[derive(Clone, Debug, PartialEq)]
pub struct GuardrailCheck {
    pub guardrail: Guardrail,
    pub holds: bool,
    /// The measured value in the metric's engine unit; infinite for a
    /// saturated response time or the headroom of an idle component;
    /// `None` when the component no longer exists.
    pub actual: Option<f64>,
    /// "Postgres utilisation ≤ 70% at 10×: now 84.0% — broken".
    pub text: String,
}

impl GuardrailMetric {
    pub const ALL: [GuardrailMetric; 3] =
        [GuardrailMetric::Utilisation, GuardrailMetric::ResponseTime, GuardrailMetric::Headroom];

    /// The words in a guardrail sentence and in Markdown.
    pub fn label(self) -> &'static str {
        match self {
            GuardrailMetric::Utilisation => "utilisation",
            GuardrailMetric::ResponseTime => "response time",
            GuardrailMetric::Headroom => "headroom",
        }
    }

    /// The unit people type a threshold in, and how many engine units one
    /// of it is: percent for utilisation, milliseconds for response time,
    /// × for headroom.
    pub fn display_unit(self) -> (&'static str, f64) {
        match self {
            GuardrailMetric::Utilisation => ("%", 100.0),
            GuardrailMetric::ResponseTime => (" ms", 1000.0),
            GuardrailMetric::Headroom => ("×", 1.0),
        }
    }

    fn measure(self, load: &ComponentLoad) -> f64 {
        match self {
            GuardrailMetric::Utilisation => load.utilisation,
            GuardrailMetric::ResponseTime => load.response_time().unwrap_or(f64::INFINITY),
            GuardrailMetric::Headroom => load.headroom.unwrap_or(f64::INFINITY),
        }
    }

    /// A measured value as the results table shows it.
    fn format(self, value: f64) -> String {
        match self {
            GuardrailMetric::Utilisation => percent(value),
            GuardrailMetric::ResponseTime => duration(Some(value)),
            GuardrailMetric::Headroom => multiplier(value),
        }
    }
}

impl Comparison {
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::AtMost => "≤",
            Comparison::AtLeast => "≥",
        }
    }

    fn holds(self, actual: f64, threshold: f64) -> bool {
        match self {
            Comparison::AtMost => actual <= threshold,
            Comparison::AtLeast => actual >= threshold,
        }
    }
}

/// The shortest decimal that reads back to exactly `value` once divided by
/// `scale`: 0.7 at scale 100 is "70", 0.25 at scale 1000 is "250". `None`
/// when no decimal of up to 17 places does, which the Markdown writer then
/// avoids by writing the engine unit itself.
pub fn exact_decimal(value: f64, scale: f64) -> Option<String> {
    if !value.is_finite() {
        return None;
    }
    let scaled = value * scale;
    for places in 0..=17 {
        let text = format!("{scaled:.places$}");
        if text.parse::<f64>().is_ok_and(|back| back / scale == value) {
            return Some(text);
        }
    }
    None
}

impl Guardrail {
    /// The threshold as people type it: "70%", "250 ms", "3×". Falls back
    /// to the engine unit ("0.70000000000000007") in the rare case where
    /// the scaled decimal cannot be exact, so reading it back never drifts.
    pub fn threshold_text(&self) -> String {
        let (unit, scale) = self.metric.display_unit();
        match exact_decimal(self.threshold, scale) {
            Some(text) => format!("{text}{unit}"),
            None => match self.metric {
                GuardrailMetric::ResponseTime => format!("{} s", self.threshold),
                _ => format!("{}", self.threshold),
            },
        }
    }

    /// "utilisation ≤ 70% at 10×", without the component.
    pub fn condition_text(&self) -> String {
        format!(
            "{} {} {} at {}×",
            self.metric.label(),
            self.comparison.symbol(),
            self.threshold_text(),
            self.at_growth
        )
    }

    /// Judges this guardrail against a report at `at_growth`.
    fn check(&self, doc: &Document, report: &Report) -> GuardrailCheck {
        let name = doc.name_of(&self.component);
        let condition = format!("{name} {}", self.condition_text());
        match report.component(&self.component) {
            Some(load) => {
                let actual = self.metric.measure(load);
                let holds = self.comparison.holds(actual, self.threshold);
                let verdict = if holds { "holds" } else { "broken" };
                GuardrailCheck {
                    guardrail: self.clone(),
                    holds,
                    actual: Some(actual),
                    text: format!("{condition}: now {} — {verdict}", self.metric.format(actual)),
                }
            }
            None => GuardrailCheck {
                guardrail: self.clone(),
                holds: false,
                actual: None,
                text: format!("{condition}: the component no longer exists — broken"),
            },
        }
    }
}

/// Checks one guardrail against the document as it is now.
pub fn evaluate(doc: &Document, guardrail: &Guardrail) -> GuardrailCheck {
    let report = Analysis::new(doc).report_at(guardrail.at_growth);
    guardrail.check(doc, &report)
}

/// Accepted records with at least one guardrail that no longer holds, each
/// with the checks that broke. The traffic is solved once and reported at
/// each growth asked for.
pub fn drifted(doc: &Document) -> Vec<(u32, Vec<GuardrailCheck>)> {
    // The page asks after every edit: solve nothing when there is nothing
    // to check.
    if !doc.decisions.iter().any(|r| r.status == Status::Accepted && !r.guardrails.is_empty()) {
        return Vec::new();
    }
    let analysis = Analysis::new(doc);
    let mut reports: Vec<(f64, Report)> = Vec::new();
    let mut found = Vec::new();
    for record in doc.decisions.iter().filter(|r| r.status == Status::Accepted) {
        let broken: Vec<GuardrailCheck> = record
            .guardrails
            .iter()
            .map(|guardrail| {
                let at = guardrail.at_growth;
                let index = match reports.iter().position(|(growth, _)| *growth == at) {
                    Some(index) => index,
                    None => {
                        reports.push((at, analysis.report_at(at)));
                        reports.len() - 1
                    }
                };
                guardrail.check(doc, &reports[index].1)
            })
            .filter(|check| !check.holds)
            .collect();
        if !broken.is_empty() {
            found.push((record.number, broken));
        }
    }
    found
}

impl DecisionRecord {
    /// Every guardrail of this record checked against `doc`.
    pub fn check_guardrails(&self, doc: &Document) -> Vec<GuardrailCheck> {
        self.guardrails.iter().map(|g| evaluate(doc, g)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::mvp_that_creaks;

    fn postgres(metric: GuardrailMetric, comparison: Comparison, threshold: f64, at_growth: f64) -> Guardrail {
        Guardrail { component: "postgres".into(), metric, comparison, threshold, at_growth }
    }

    #[test]
    fn checks_read_as_sentences() {
        let doc = mvp_that_creaks();
        // Postgres takes 96 req/s at 1x of 400: 24% at 1x, 72% at 3x.
        let check = evaluate(&doc, &postgres(GuardrailMetric::Utilisation, Comparison::AtMost, 0.7, 3.0));
        assert!(!check.holds);
        assert_eq!(check.text, "Postgres utilisation ≤ 70% at 3×: now 72.0% — broken");
        let check = evaluate(&doc, &postgres(GuardrailMetric::Utilisation, Comparison::AtMost, 0.7, 2.0));
        assert!(check.holds);
        assert_eq!(check.text, "Postgres utilisation ≤ 70% at 2×: now 48.0% — holds");
        // Headroom from 2x: saturates at 4.17x, so 2.08x left.
        let check = evaluate(&doc, &postgres(GuardrailMetric::Headroom, Comparison::AtLeast, 2.0, 2.0));
        assert_eq!(check.text, "Postgres headroom ≥ 2× at 2×: now 2.08× — holds");
        // Saturated at 5x: no finite response time.
        let check = evaluate(&doc, &postgres(GuardrailMetric::ResponseTime, Comparison::AtMost, 0.25, 5.0));
        assert_eq!(check.actual, Some(f64::INFINITY));
        assert_eq!(check.text, "Postgres response time ≤ 250 ms at 5×: now ∞ — broken");
        let mut gone = postgres(GuardrailMetric::Utilisation, Comparison::AtMost, 0.7, 1.0);
        gone.component = "mysql".into();
        let check = evaluate(&doc, &gone);
        assert_eq!((check.holds, check.actual), (false, None));
        assert_eq!(check.text, "mysql utilisation ≤ 70% at 1×: the component no longer exists — broken");
    }

    #[test]
    fn thresholds_are_written_exactly() {
        assert_eq!(exact_decimal(0.7, 100.0).as_deref(), Some("70"));
        assert_eq!(exact_decimal(0.725, 100.0).as_deref(), Some("72.5"));
        assert_eq!(exact_decimal(0.25, 1000.0).as_deref(), Some("250"));
        assert_eq!(exact_decimal(f64::NAN, 100.0), None);
        for value in [0.1, 0.3, 0.123_456_789_012_345_67, 1e-300, 0.999_999_999_999_999_9] {
            if let Some(text) = exact_decimal(value, 100.0) {
                assert_eq!(text.parse::<f64>().unwrap() / 100.0, value);
            }
        }
    }

    #[test]
    fn only_accepted_records_drift() {
        let mut doc = mvp_that_creaks();
        let mut accepted = DecisionRecord::new(1, "Cache reads", "2024-01-01");
        accepted.status = Status::Accepted;
        accepted.guardrails = vec![
            postgres(GuardrailMetric::Utilisation, Comparison::AtMost, 0.7, 2.0),
            postgres(GuardrailMetric::Utilisation, Comparison::AtMost, 0.7, 10.0),
        ];
        let mut proposed = accepted.clone();
        proposed.number = 2;
        proposed.status = Status::Proposed;
        doc.decisions = vec![accepted, proposed];
        let drift = drifted(&doc);
        assert_eq!(drift.len(), 1);
        assert_eq!(drift[0].0, 1);
        assert_eq!(drift[0].1.len(), 1);
        assert_eq!(drift[0].1[0].text, "Postgres utilisation ≤ 70% at 10×: now 240.0% — broken");
    }
}

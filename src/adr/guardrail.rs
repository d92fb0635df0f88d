//! Guardrails: the conditions under which a decision still holds, checked
//! against today's document ("Postgres utilisation ≤ 70% at 10×"). A
//! decision whose guardrail breaks has drifted: the system moved under it
//! and the record deserves another look. Drafted guardrails are made to
//! hold in the model the decision records (its change applied), so a
//! fresh record never arrives broken; the page's drift notice is written
//! here too.


use crate::model::decision::{Comparison, DecisionRecord, Guardrail, GuardrailMetric, Status, StatusKind};
use crate::engine::{Analysis, ComponentLoad, Report};
use crate::words::quantity::{duration, multiplier, percent, round_percent, significant_figures};
use crate::model::{ComponentId, Document};

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
    pub const ALL: [GuardrailMetric; 5] = [
        GuardrailMetric::Utilisation,
        GuardrailMetric::ResponseTime,
        GuardrailMetric::Headroom,
        GuardrailMetric::P95Latency,
        GuardrailMetric::P99Latency,
    ];

    /// The words in a guardrail sentence and in Markdown.
    pub fn label(self) -> &'static str {
        match self {
            GuardrailMetric::Utilisation => "utilisation",
            GuardrailMetric::ResponseTime => "response time",
            GuardrailMetric::Headroom => "headroom",
            GuardrailMetric::P95Latency => "p95 latency",
            GuardrailMetric::P99Latency => "p99 latency",
        }
    }

    /// The unit people type a threshold in, and how many engine units one
    /// of it is: percent for utilisation, milliseconds for response time,
    /// × for headroom.
    pub fn display_unit(self) -> (&'static str, f64) {
        match self {
            GuardrailMetric::Utilisation => ("%", 100.0),
            GuardrailMetric::ResponseTime | GuardrailMetric::P95Latency | GuardrailMetric::P99Latency => (" ms", 1000.0),
            GuardrailMetric::Headroom => ("×", 1.0),
        }
    }

    /// A latency in seconds, the threshold read in milliseconds.
    pub fn is_latency(self) -> bool {
        matches!(self, GuardrailMetric::ResponseTime | GuardrailMetric::P95Latency | GuardrailMetric::P99Latency)
    }

    fn percentile(self) -> Option<f64> {
        match self {
            GuardrailMetric::P95Latency => Some(0.95),
            GuardrailMetric::P99Latency => Some(0.99),
            _ => None,
        }
    }

    /// The value on `load` in `report`; a percentile has no steady state
    /// (infinite) when something on the way is saturated.
    fn measure(self, analysis: &Analysis, report: &Report, load: &ComponentLoad) -> f64 {
        if let Some(q) = self.percentile() {
            let laws = analysis.response_laws(report);
            let quantile = match report.entries.iter().position(|e| e.component == load.id) {
                Some(k) => analysis.entry_quantile(report, &laws, k, q),
                None => report
                    .components
                    .iter()
                    .position(|c| c.id == load.id)
                    .and_then(|i| laws.get(i)?.as_ref()?.quantile(q)),
            };
            return quantile.unwrap_or(f64::INFINITY);
        }
        match self {
            GuardrailMetric::Utilisation => load.utilisation,
            GuardrailMetric::Headroom => load.headroom.unwrap_or(f64::INFINITY),
            _ => load.response_time().unwrap_or(f64::INFINITY),
        }
    }

    /// A measured value as the results table shows it.
    fn format(self, value: f64) -> String {
        match self {
            GuardrailMetric::Utilisation => percent(value),
            GuardrailMetric::ResponseTime | GuardrailMetric::P95Latency | GuardrailMetric::P99Latency => {
                duration(Some(value))
            }
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
            None if self.metric.is_latency() => format!("{} s", self.threshold),
            None => format!("{}", self.threshold),
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
    fn check(&self, doc: &Document, analysis: &Analysis, report: &Report) -> GuardrailCheck {
        let name = doc.name_of(&self.component);
        let condition = format!("{name} {}", self.condition_text());
        match report.component(&self.component) {
            Some(load) => {
                let actual = self.metric.measure(analysis, report, load);
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
    let analysis = Analysis::new(doc);
    let report = analysis.report_at(guardrail.at_growth);
    guardrail.check(doc, &analysis, &report)
}

/// Checks one guardrail of a record whose status is `status`. A proposed
/// record describes a change the model may not have yet, so a guardrail it
/// does not meet is "not met yet", not broken; only an accepted record
/// whose guardrail fails has drifted.
pub fn evaluate_for(doc: &Document, guardrail: &Guardrail, status: StatusKind) -> GuardrailCheck {
    let mut check = evaluate(doc, guardrail);
    if status == StatusKind::Proposed && !check.holds {
        if let Some(cut) = check.text.strip_suffix("— broken") {
            check.text = format!("{cut}— not met yet (the model does not have this change)");
        }
    }
    check
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
                guardrail.check(doc, &analysis, &reports[index].1)
            })
            .filter(|check| !check.holds)
            .collect();
        if !broken.is_empty() {
            found.push((record.number, broken));
        }
    }
    found
}

/// Utilisation guardrails drafted for a decision, every one holding in the
/// model it was drafted on (the decision's change applied).
#[derive(Clone, Debug, PartialEq)]
pub struct GuardrailDraft {
    /// The growth the decision is meant to reach: the growth asked for, or
    /// less when the model does not stay under the line that far. Every
    /// guardrail is judged here.
    pub target: f64,
    /// The growth asked for (the dial, the plan's target).
    pub wanted: f64,
    /// Each guardrail with the utilisation it has in the drafted-on model.
    pub guardrails: Vec<(Guardrail, f64)>,
}

/// Why no guardrail was drafted: even at the lowest growth allowed, this
/// component is over the line.
#[derive(Clone, Debug, PartialEq)]
pub struct Unheld {
    pub component: ComponentId,
    /// Its utilisation at `growth` (may be infinite).
    pub utilisation: f64,
    pub growth: f64,
    pub ceiling: f64,
}

/// The largest readable growth at most `value`: two significant figures,
/// rounded down (2.917 → 2.9, 12.7 → 12, 0.837 → 0.83), so a target reads
/// well and its guardrail is written exactly.
fn readable_floor(value: f64) -> f64 {
    if !value.is_finite() || value <= 0.0 {
        return value;
    }
    let magnitude = value.log10().floor() as i32 - 1;
    // Multiply or divide by an exact power of ten so 2.9 comes out as 2.9,
    // not 2.9000000000000004.
    if magnitude >= 0 {
        let unit = 10f64.powi(magnitude);
        (value / unit).floor() * unit
    } else {
        let scale = 10f64.powi(-magnitude);
        (value * scale).floor() / scale
    }
}

/// Drafts one guardrail per component of `components` that `applied` has:
/// utilisation at most `ceiling` at the growth the decision reaches. That
/// is `wanted` when every one of them is under the line there; otherwise,
/// when `lowest` allows it, the highest readable growth down to `lowest`
/// where they all are (the most the change achieves). `Err` names the
/// worst component when not even that holds, so the draft can say so
/// instead of proposing a guardrail that is broken from the start.
pub fn draft_utilisation(
    applied: &Document,
    components: &[ComponentId],
    wanted: f64,
    ceiling: f64,
    lowest: Option<f64>,
) -> Result<GuardrailDraft, Unheld> {
    let ids: Vec<&ComponentId> = components.iter().filter(|id| applied.component(id).is_some()).collect();
    let analysis = Analysis::new(applied);
    let at = |growth: f64| -> Vec<(ComponentId, f64)> {
        let report = analysis.report_at(growth);
        ids.iter()
            .map(|id| ((*id).clone(), report.component(id).map_or(f64::INFINITY, |load| load.utilisation)))
            .collect()
    };
    // NaN compares false, so a value the engine could not settle never holds.
    let all_hold = |values: &[(ComponentId, f64)]| values.iter().all(|(_, u)| Comparison::AtMost.holds(*u, ceiling));
    let worst = |values: Vec<(ComponentId, f64)>, growth: f64| -> Unheld {
        let (component, utilisation) = values
            .into_iter()
            .filter(|(_, u)| !Comparison::AtMost.holds(*u, ceiling))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .unwrap_or_else(|| (ComponentId::new(""), f64::NAN));
        Unheld { component, utilisation, growth, ceiling }
    };
    let draft = |target: f64, values: Vec<(ComponentId, f64)>| GuardrailDraft {
        target,
        wanted,
        guardrails: values
            .into_iter()
            .map(|(component, utilisation)| {
                let guardrail = Guardrail {
                    component,
                    metric: GuardrailMetric::Utilisation,
                    comparison: Comparison::AtMost,
                    threshold: ceiling,
                    at_growth: target,
                };
                (guardrail, utilisation)
            })
            .collect(),
    };

    let there = at(wanted);
    if all_hold(&there) {
        return Ok(draft(wanted, there));
    }
    let Some(floor) = lowest.filter(|floor| *floor > 0.0 && *floor < wanted) else {
        return Err(worst(there, wanted));
    };
    let bottom = at(floor);
    if !all_hold(&bottom) {
        return Err(worst(bottom, floor));
    }
    // Utilisation rises with growth except where autoscaling adds an
    // instance, so bisection finds a growth where it holds close to where
    // it stops; the readable value under it is checked again, not assumed.
    let (mut low, mut high) = (floor, wanted);
    for _ in 0..48 {
        let middle = (low + high) / 2.0;
        if all_hold(&at(middle)) {
            low = middle;
        } else {
            high = middle;
        }
    }
    for candidate in [readable_floor(low).max(floor), floor] {
        let values = at(candidate);
        if all_hold(&values) {
            return Ok(draft(candidate, values));
        }
    }
    Ok(draft(floor, bottom))
}

/// A utilisation difference in percentage points: "0.5 points".
fn points(difference: f64) -> String {
    let text = percent(difference.abs());
    format!("{} points", text.trim_end_matches('%'))
}

impl GuardrailDraft {
    /// "Postgres" or "Postgres, Redis": the components guarded.
    pub fn names(&self, doc: &Document) -> String {
        let names: Vec<String> = self.guardrails.iter().map(|(g, _)| doc.name_of(&g.component)).collect();
        names.join(", ")
    }

    /// The target as a decision driver: "Target: 5× with Postgres at or
    /// under 70%", and when the change reaches less than was asked, how far
    /// it goes and what was asked. `what` names the change ("“More
    /// connections”", "this step").
    pub fn target_text(&self, doc: &Document, what: &str) -> String {
        let Some((first, _)) = self.guardrails.first() else {
            return format!("Target: {}", multiplier(self.target));
        };
        let line = round_percent(first.threshold);
        let mut text = format!("Target: {} with {} at or under {line}", multiplier(self.target), self.names(doc));
        if self.target < self.wanted {
            text.push_str(&format!(
                " — as far as {what} stays under the line ({} was asked)",
                multiplier(self.wanted)
            ));
        }
        text
    }

    /// How the guardrails confirm the decision, each with its margin, on
    /// the model named by `model` ("the model with “More connections”
    /// adopted"): "Postgres utilisation ≤ 70% at 2.9× holds on …: 69.5%
    /// there, a margin of 0.5 points."
    pub fn confirmation(&self, doc: &Document, model: &str) -> String {
        let lines: Vec<String> = self
            .guardrails
            .iter()
            .map(|(guardrail, value)| {
                format!(
                    "{} {}: {} there, a margin of {}.",
                    doc.name_of(&guardrail.component),
                    guardrail.condition_text(),
                    percent(*value),
                    points(guardrail.threshold - value)
                )
            })
            .collect();
        format!("Guardrails, judged on {model}: {}", lines.join(" "))
    }
}

impl Unheld {
    /// Why the draft has no guardrail, in the draft's confirmation: "No
    /// guardrail could hold yet: Postgres is at 120.0% at 5× in the model
    /// as it is now, over the 70% line. Add one once the change is in the
    /// model (Postgres utilisation ≤ 70% at 5×)."
    pub fn explanation(&self, doc: &Document, model: &str) -> String {
        let name = doc.name_of(&self.component);
        let line = round_percent(self.ceiling);
        format!(
            "No guardrail could hold yet: {name} is at {} at {} in {model}, over the {line} line. Add one once \
             the change that relieves it is in the model ({name} utilisation ≤ {line} at {}).",
            percent(self.utilisation),
            multiplier(self.growth),
            multiplier(self.growth)
        )
    }
}

/// One drifted record as the page-level notice says it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DriftNotice {
    pub number: u32,
    /// "Decision 0003 “Add a read replica” has drifted: Postgres
    /// utilisation at 3× is now 91% (guardrail: at most 80%)".
    pub text: String,
}

/// Longest title a notice quotes: the notice is read from across a room.
const NOTICE_TITLE: usize = 48;

fn short_title(title: &str) -> String {
    let title = title.trim();
    if title.chars().count() <= NOTICE_TITLE {
        return title.to_owned();
    }
    let cut: String = title.chars().take(NOTICE_TITLE - 1).collect();
    // At a word boundary when there is one: half a word reads as a typo.
    let cut = match cut.rfind(char::is_whitespace) {
        Some(at) if at > 0 => &cut[..at],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end())
}

impl GuardrailCheck {
    /// The measured value as short as it can be and still differ from the
    /// threshold: "91%", not "91.3%", but "80.04%" rather than an "80%"
    /// that reads as if it held.
    fn short_actual(&self) -> String {
        let guardrail = &self.guardrail;
        let Some(actual) = self.actual else {
            return "gone".to_owned();
        };
        match guardrail.metric {
            GuardrailMetric::Utilisation => {
                if !actual.is_finite() {
                    return "∞".to_owned();
                }
                let threshold = significant_figures(guardrail.threshold * 100.0, 6);
                (2..=6)
                    .map(|digits| significant_figures(actual * 100.0, digits))
                    .find(|text| *text != threshold)
                    .map_or_else(|| percent(actual), |text| format!("{text}%"))
            }
            metric => metric.format(actual),
        }
    }

    /// "Postgres utilisation at 3× is now 91% (guardrail: at most 80%)",
    /// or "Postgres no longer exists".
    pub fn drift_text(&self, doc: &Document) -> String {
        let guardrail = &self.guardrail;
        let name = doc.name_of(&guardrail.component);
        if self.actual.is_none() {
            return format!("{name} no longer exists");
        }
        let side = match guardrail.comparison {
            Comparison::AtMost => "at most",
            Comparison::AtLeast => "at least",
        };
        format!(
            "{name} {} at {} is now {} (guardrail: {side} {})",
            guardrail.metric.label(),
            multiplier(guardrail.at_growth),
            self.short_actual(),
            guardrail.threshold_text()
        )
    }
}

/// The page-level notices of `drift` (from [`drifted`]): one sentence per
/// record, its first broken guardrail, and how many more broke.
pub fn drift_notices(doc: &Document, drift: &[(u32, Vec<GuardrailCheck>)]) -> Vec<DriftNotice> {
    drift
        .iter()
        .filter_map(|(number, checks)| {
            let record = doc.decisions.iter().find(|r| r.number == *number)?;
            let first = checks.first()?;
            let mut text = format!(
                "Decision {number:04} “{}” has drifted: {}",
                short_title(&record.title),
                first.drift_text(doc)
            );
            match checks.len() {
                1 => {}
                2 => text.push_str(", and 1 more guardrail"),
                n => text.push_str(&format!(", and {} more guardrails", n - 1)),
            }
            Some(DriftNotice { number: *number, text })
        })
        .collect()
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
    fn a_latency_objective_is_a_guardrail() {
        let doc = mvp_that_creaks();
        // The sample's end-to-end p99 at the load balancer is 47.7 ms at 1×
        // and 66.5 ms at 3×; Postgres' own p99 is the M/M/1 percentile.
        let entry = |threshold: f64, at_growth: f64| Guardrail {
            component: "lb".into(),
            metric: GuardrailMetric::P99Latency,
            comparison: Comparison::AtMost,
            threshold,
            at_growth,
        };
        let check = evaluate(&doc, &entry(0.1, 1.0));
        assert_eq!(check.text, "Load balancer p99 latency ≤ 100 ms at 1×: now 47.7 ms — holds");
        let check = evaluate(&doc, &entry(0.06, 3.0));
        assert_eq!(check.text, "Load balancer p99 latency ≤ 60 ms at 3×: now 66.5 ms — broken");
        let own = evaluate(&doc, &postgres(GuardrailMetric::P95Latency, Comparison::AtMost, 0.05, 1.0));
        let analysis = Analysis::new(&doc);
        let report = analysis.report_at(1.0);
        let i = report.components.iter().position(|c| c.id.as_str() == "postgres").unwrap();
        let expected = analysis.response_laws(&report)[i].as_ref().unwrap().quantile(0.95).unwrap();
        assert_eq!(own.actual, Some(expected));
        // Past saturation there is no percentile: broken, not a panic.
        let check = evaluate(&doc, &entry(0.1, 5.0));
        assert_eq!((check.holds, check.actual), (false, Some(f64::INFINITY)));
        // Written and read back through the Markdown.
        assert_eq!(entry(0.1, 3.0).condition_text(), "p99 latency ≤ 100 ms at 3×");
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

    #[test]
    fn a_proposed_record_s_unmet_guardrail_is_not_yet_met_not_broken() {
        let doc = crate::model::mvp_that_creaks();
        let guardrail = Guardrail {
            component: "postgres".into(),
            metric: GuardrailMetric::Utilisation,
            comparison: Comparison::AtMost,
            threshold: 0.7,
            at_growth: 10.0,
        };
        let proposed = evaluate_for(&doc, &guardrail, StatusKind::Proposed);
        assert!(!proposed.holds);
        assert_eq!(proposed.text, "Postgres utilisation ≤ 70% at 10×: now 240.0% — not met yet (the model does not have this change)");
        assert!(evaluate_for(&doc, &guardrail, StatusKind::Accepted).text.ends_with("— broken"));
        let held = Guardrail { at_growth: 1.0, ..guardrail };
        assert!(evaluate_for(&doc, &held, StatusKind::Proposed).text.ends_with("— holds"));
    }

    #[test]
    fn drifted_records_read_as_one_short_sentence_each() {
        let mut doc = mvp_that_creaks();
        let mut record = DecisionRecord::new(3, "Add a read replica", "2024-01-01");
        record.status = Status::Accepted;
        // Postgres is at 72% at 3×.
        record.guardrails = vec![postgres(GuardrailMetric::Utilisation, Comparison::AtMost, 0.6, 3.0)];
        let mut long = DecisionRecord::new(4, "A title far too long to read from the back of the room, on and on", "2024-01-01");
        long.status = Status::Accepted;
        long.guardrails = vec![
            postgres(GuardrailMetric::Utilisation, Comparison::AtMost, 0.75, 3.0),
            postgres(GuardrailMetric::Headroom, Comparison::AtLeast, 2.0, 3.0),
            Guardrail { component: "mysql".into(), ..postgres(GuardrailMetric::Utilisation, Comparison::AtMost, 0.7, 1.0) },
        ];
        doc.decisions = vec![record, long];
        let notices = drift_notices(&doc, &drifted(&doc));
        assert_eq!(notices.len(), 2);
        assert_eq!(notices[0].number, 3);
        assert_eq!(
            notices[0].text,
            "Decision 0003 “Add a read replica” has drifted: Postgres utilisation at 3× is now 72% (guardrail: at most 60%)"
        );
        // 72% at most 75% holds; the headroom and the missing component
        // break, and the title is cut.
        assert_eq!(
            notices[1].text,
            "Decision 0004 “A title far too long to read from the back of…” has drifted: \
             Postgres headroom at 3× is now 1.39× (guardrail: at least 2×), and 1 more guardrail"
        );
        // A value that rounds to the threshold keeps the digits that show it broke.
        doc.decisions[0].guardrails = vec![postgres(GuardrailMetric::Utilisation, Comparison::AtMost, 0.7199, 3.0)];
        let notices = drift_notices(&doc, &drifted(&doc));
        assert!(notices[0].text.ends_with("is now 72% (guardrail: at most 71.99%)"), "{}", notices[0].text);
        doc.decisions[0].guardrails = vec![Guardrail { component: "mysql".into(), ..postgres(GuardrailMetric::Utilisation, Comparison::AtMost, 0.7, 1.0) }];
        assert!(drift_notices(&doc, &drifted(&doc))[0].text.ends_with("has drifted: mysql no longer exists"));
    }

    #[test]
    fn a_drafted_guardrail_holds_where_it_is_drafted_or_is_not_drafted() {
        let doc = mvp_that_creaks();
        let postgres = [ComponentId::new("postgres")];
        // 48% at 2×: drafted at the growth asked for, with its value.
        let draft = draft_utilisation(&doc, &postgres, 2.0, 0.7, None).unwrap();
        assert_eq!((draft.target, draft.guardrails.len()), (2.0, 1));
        assert!((draft.guardrails[0].1 - 0.48).abs() < 1e-9);
        // 120% at 5×: nothing at 5×; allowed lower, the most under 70% is 2.9×.
        let unheld = draft_utilisation(&doc, &postgres, 5.0, 0.7, None).unwrap_err();
        assert_eq!((unheld.component.as_str(), unheld.growth), ("postgres", 5.0));
        let lower = draft_utilisation(&doc, &postgres, 5.0, 0.7, Some(1.0)).unwrap();
        assert_eq!(lower.target, 2.9);
        assert!(evaluate(&doc, &lower.guardrails[0].0).holds);
        // Over the line already at the lowest growth allowed.
        assert!(draft_utilisation(&doc, &postgres, 5.0, 0.2, Some(1.0)).is_err());
        assert_eq!(readable_floor(2.917), 2.9);
        assert_eq!(readable_floor(12.7), 12.0);
        assert_eq!(readable_floor(127.0), 120.0);
        assert_eq!(readable_floor(0.837), 0.83);
    }
}

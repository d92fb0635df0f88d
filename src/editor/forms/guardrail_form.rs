//! The guardrail editor's rules: what each field of a record's guardrail
//! shows and how a choice or typed text changes the guardrail. The page's
//! `ui::decision_editor` only wires these to its inputs, so the rules are
//! tested here, natively.

use crate::adr::{exact_decimal, Comparison, Guardrail, GuardrailMetric};
use crate::model::{ComponentId, Document};
use crate::words::quantity::{field_text, read_number};

/// One field of the guardrail editor, with what was chosen or typed.
#[derive(Clone, Debug, PartialEq)]
pub enum GuardrailField {
    /// The component's id, chosen from the list.
    Component(String),
    /// The measure, by its label ("utilisation", "p99 latency").
    Metric(String),
    /// "Holds while" at least (`true`) or at most.
    AtLeast(bool),
    /// The threshold as typed, in the measure's display unit (70 for 70%).
    Threshold(String),
    /// The growth the guardrail is checked at, as typed.
    AtGrowth(String),
}

/// A threshold that makes sense for a measure just chosen, so the number
/// the user sees stays meaningful in the new unit.
fn default_threshold(metric: GuardrailMetric) -> f64 {
    match metric {
        GuardrailMetric::Utilisation => 0.7,
        GuardrailMetric::ResponseTime => 0.25,
        GuardrailMetric::P95Latency | GuardrailMetric::P99Latency => 0.3,
        GuardrailMetric::Headroom => 2.0,
    }
}

fn number(text: &str) -> Result<f64, String> {
    read_number(text).ok_or_else(|| format!("{:?} is not a number", text.trim()))
}

/// `guardrail` with `field` changed, or why the change is refused (the
/// guardrail is then left as it was).
pub fn apply(guardrail: &mut Guardrail, field: GuardrailField) -> Result<(), String> {
    match field {
        GuardrailField::Component(id) => guardrail.component = ComponentId::new(id),
        GuardrailField::Metric(label) => {
            let metric = GuardrailMetric::ALL.into_iter().find(|m| m.label() == label).ok_or("unknown measure")?;
            if metric != guardrail.metric {
                guardrail.threshold = default_threshold(metric);
                guardrail.comparison =
                    if metric == GuardrailMetric::Headroom { Comparison::AtLeast } else { Comparison::AtMost };
                guardrail.metric = metric;
            }
        }
        GuardrailField::AtLeast(at_least) => {
            guardrail.comparison = if at_least { Comparison::AtLeast } else { Comparison::AtMost };
        }
        GuardrailField::Threshold(text) => {
            let (_, scale) = guardrail.metric.display_unit();
            guardrail.threshold = number(&text)? / scale;
        }
        GuardrailField::AtGrowth(text) => guardrail.at_growth = number(&text)?,
    }
    Ok(())
}

/// The threshold as its field shows it, in the display unit: "70" for a
/// utilisation of 0.7, "250" for 0.25 s, exact so it reads back the same.
pub fn threshold_text(guardrail: &Guardrail) -> String {
    let (_, scale) = guardrail.metric.display_unit();
    exact_decimal(guardrail.threshold, scale).unwrap_or_else(|| field_text(guardrail.threshold * scale))
}

/// The growth as its field shows it.
pub fn growth_text(guardrail: &Guardrail) -> String {
    field_text(guardrail.at_growth)
}

/// A new guardrail for a record: on its first linked component (else the
/// document's first), its utilisation at most the comfort line at the
/// growth on the dial. `None` when the document has no component.
pub fn new_guardrail(doc: &Document, linked: Option<&ComponentId>) -> Option<Guardrail> {
    let component = linked
        .filter(|id| doc.component(id).is_some())
        .cloned()
        .or_else(|| doc.components.first().map(|c| c.id.clone()))?;
    Some(Guardrail {
        component,
        metric: GuardrailMetric::Utilisation,
        comparison: Comparison::AtMost,
        threshold: doc.scenario.comfort_line,
        at_growth: doc.scenario.growth,
    })
}

/// The components a guardrail can watch, (id, name), and its own when it
/// was removed from the document since ("web (removed)"), so the list
/// never shows a choice that is not the guardrail's.
pub fn component_choices(doc: &Document, own: Option<&ComponentId>) -> Vec<(String, String)> {
    let mut items: Vec<(String, String)> = doc.components.iter().map(|c| (c.id.to_string(), doc.name_of(&c.id))).collect();
    if let Some(own) = own.filter(|id| doc.component(id).is_none()) {
        items.push((own.to_string(), format!("{own} (removed)")));
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::mvp_that_creaks;

    fn guardrail() -> Guardrail {
        Guardrail {
            component: ComponentId::new("db"),
            metric: GuardrailMetric::Utilisation,
            comparison: Comparison::AtMost,
            threshold: 0.7,
            at_growth: 10.0,
        }
    }

    #[test]
    fn a_new_measure_brings_a_threshold_in_its_unit() {
        let mut g = guardrail();
        apply(&mut g, GuardrailField::Metric(GuardrailMetric::Headroom.label().to_owned())).unwrap();
        assert_eq!((g.metric, g.comparison, g.threshold), (GuardrailMetric::Headroom, Comparison::AtLeast, 2.0));
        apply(&mut g, GuardrailField::Metric(GuardrailMetric::P99Latency.label().to_owned())).unwrap();
        assert_eq!((g.comparison, threshold_text(&g)), (Comparison::AtMost, "300".to_owned()));
        // Choosing the measure it already has keeps what was typed.
        g.threshold = 0.12;
        apply(&mut g, GuardrailField::Metric(GuardrailMetric::P99Latency.label().to_owned())).unwrap();
        assert_eq!(g.threshold, 0.12);
        assert_eq!(apply(&mut g, GuardrailField::Metric("speed".into())), Err("unknown measure".to_owned()));
    }

    #[test]
    fn typed_numbers_are_read_in_the_display_unit() {
        let mut g = guardrail();
        apply(&mut g, GuardrailField::Threshold("85".into())).unwrap();
        assert_eq!(g.threshold, 0.85);
        assert_eq!(threshold_text(&g), "85");
        apply(&mut g, GuardrailField::AtGrowth("1,000".into())).unwrap();
        assert_eq!((g.at_growth, growth_text(&g)), (1000.0, "1000".to_owned()));
        let before = g.clone();
        assert_eq!(apply(&mut g, GuardrailField::Threshold(" inf ".into())), Err("\"inf\" is not a number".to_owned()));
        assert_eq!(apply(&mut g, GuardrailField::AtGrowth("ten".into())), Err("\"ten\" is not a number".to_owned()));
        assert_eq!(g, before, "a refused value changes nothing");
        apply(&mut g, GuardrailField::AtLeast(true)).unwrap();
        assert_eq!(g.comparison, Comparison::AtLeast);
    }

    #[test]
    fn a_new_guardrail_watches_the_linked_component_at_the_comfort_line() {
        let mut doc = mvp_that_creaks();
        doc.scenario.growth = 3.0;
        let db = doc.components[3].id.clone();
        let g = new_guardrail(&doc, Some(&db)).unwrap();
        assert_eq!((&g.component, g.threshold, g.at_growth), (&db, doc.scenario.comfort_line, 3.0));
        let g = new_guardrail(&doc, Some(&ComponentId::new("gone"))).unwrap();
        assert_eq!(g.component, doc.components[0].id);
        doc.components.clear();
        assert_eq!(new_guardrail(&doc, None), None);
    }

    #[test]
    fn a_removed_component_stays_in_the_list_as_removed() {
        let doc = mvp_that_creaks();
        let choices = component_choices(&doc, Some(&ComponentId::new("gone")));
        assert_eq!(choices.len(), doc.components.len() + 1);
        assert_eq!(choices.last(), Some(&("gone".to_owned(), "gone (removed)".to_owned())));
        assert_eq!(component_choices(&doc, Some(&doc.components[0].id)).len(), doc.components.len());
    }
}

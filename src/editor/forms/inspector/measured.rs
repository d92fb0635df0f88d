//! The inspector's "Measured" group: what monitoring showed of a component
//! (`Component.observed`), typed as six fields that together make one
//! observation, and the words for what the engine derives from it — the
//! throughput per instance with its formula, and whether the throughput
//! field is calibrated or assumed.
//!
//! The fields are read together: an observation needs its rate, so the
//! page holds what was typed ([`Typed`]) until the fields make one, and
//! the document changes only by a whole, valid observation.

use std::collections::BTreeMap;

use super::{message_for, number_text, percent_text, read, Field, FieldSpec, Input, Typed};
use crate::model::field_path::component as path;
use crate::engine::{calibrated_throughput, CalibratedFrom, Calibration};
use crate::words::calibration::basis_label;
use crate::words::quantity::rate;
use crate::model::{apply, Command, Component, ComponentId, Document, EditError, Observation};

/// The presets the variability fields offer: (cs² or ca², what it is
/// like). 1 is the exponential, the queueing model's own assumption.
pub const VARIABILITY_PRESETS: [(f64, &str); 3] = [(0.25, "steady"), (1.0, "typical web"), (4.0, "heavy tail")];

const SPECS: [FieldSpec; 6] = [
    FieldSpec {
        field: Field::ObservedRate,
        label: "Rate observed",
        unit: "req/s",
        help: "Requests per second it carried, all instances together, when the figures below were read.",
        input: Input::Number { whole: false, optional: true, min: 0.0 },
        path: path::OBSERVED_RATE,
    },
    FieldSpec {
        field: Field::ObservedUtilisation,
        label: "Utilisation",
        unit: "% CPU",
        help: "Mean CPU busy share of its instances at that rate: the most direct reading of the work per request.",
        input: Input::Percent { optional: true },
        path: path::OBSERVED_UTILISATION,
    },
    FieldSpec {
        field: Field::ObservedMeanLatency,
        label: "Mean latency",
        unit: "ms",
        help: "Mean response time here at that rate (used when no utilisation is given).",
        input: Input::Number { whole: false, optional: true, min: 0.0 },
        path: path::OBSERVED_MEAN_LATENCY_MS,
    },
    FieldSpec {
        field: Field::ObservedP95Latency,
        label: "p95 latency",
        unit: "ms",
        help: "95th percentile of the response time at that rate (used when neither of the above is given).",
        input: Input::Number { whole: false, optional: true, min: 0.0 },
        path: path::OBSERVED_P95_LATENCY_MS,
    },
    FieldSpec {
        field: Field::ObservedConnections,
        label: "Connections in use",
        unit: "",
        help: "Connections open to it when observed.",
        input: Input::Number { whole: true, optional: true, min: 0.0 },
        path: path::OBSERVED_CONNECTIONS_IN_USE,
    },
    FieldSpec {
        field: Field::ObservedDate,
        label: "Date observed",
        unit: "",
        help: "When the figures were read.",
        input: Input::Date,
        path: path::OBSERVED_DATE,
    },
];

/// The group's fields, in the order shown.
pub fn specs() -> &'static [FieldSpec; 6] {
    &SPECS
}

/// Whether `field` is one of the group's.
pub fn is_measured(field: Field) -> bool {
    SPECS.iter().any(|s| s.field == field)
}

/// What a field of the group shows of the stored observation.
pub fn value(component: &Component, field: Field) -> String {
    let Some(observed) = component.observed.as_ref() else { return String::new() };
    let shown = |v: Option<f64>| v.map(number_text).unwrap_or_default();
    match field {
        Field::ObservedRate => number_text(observed.rate),
        Field::ObservedUtilisation => observed.utilisation.map(percent_text).unwrap_or_default(),
        Field::ObservedMeanLatency => shown(observed.mean_latency_ms),
        Field::ObservedP95Latency => shown(observed.p95_latency_ms),
        Field::ObservedConnections => observed.connections_in_use.map(|c| c.to_string()).unwrap_or_default(),
        Field::ObservedDate => observed.date.clone(),
        _ => String::new(),
    }
}

/// What the group's fields make of the document.
// Made once per keystroke and matched at once: boxing the command would
// cost an allocation for nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum ObservationEdit {
    /// The observation (or its removal) to dispatch (boxed: a component
    /// is large beside the other answers).
    Apply(Box<Command>),
    /// The fields say what is stored already.
    Unchanged,
    /// Not yet an observation (no rate yet): nothing to store; the hint
    /// says what is missing.
    Pending(String),
}

/// A value the group refused, and the field it belongs beside.
#[derive(Clone, Debug, PartialEq)]
pub struct Refusal {
    pub field: Field,
    pub message: String,
}

/// The edit the group's fields make: each field's text from `typed` where
/// the person typed one, else what is stored. Every field empty removes
/// the observation.
pub fn edit_observation(
    doc: &Document,
    id: &ComponentId,
    typed: &BTreeMap<Field, String>,
) -> Result<ObservationEdit, Refusal> {
    let component = doc.component(id).ok_or_else(|| Refusal {
        field: Field::ObservedRate,
        message: format!("There is no component \"{id}\" any more"),
    })?;
    let mut numbers = BTreeMap::new();
    let mut date = String::new();
    for spec in &SPECS {
        let text = typed.get(&spec.field).cloned().unwrap_or_else(|| value(component, spec.field));
        match read(spec, &text).map_err(|message| Refusal { field: spec.field, message })? {
            Typed::Number(Some(n)) => {
                numbers.insert(spec.field, n);
            }
            Typed::Text(day) => date = day,
            _ => {}
        }
    }
    let observed = match numbers.get(&Field::ObservedRate) {
        None if numbers.is_empty() && date.is_empty() => None,
        None if component.observed.is_none() => {
            return Ok(ObservationEdit::Pending(
                "Enter the rate observed: the other figures are read at that rate.".to_owned(),
            ))
        }
        None => {
            return Err(Refusal {
                field: Field::ObservedRate,
                message: "Rate observed is empty: the other figures are read at a rate (empty them all to remove the observation)".to_owned(),
            })
        }
        Some(&rate) => Some(Observation {
            rate,
            utilisation: numbers.get(&Field::ObservedUtilisation).copied(),
            mean_latency_ms: numbers.get(&Field::ObservedMeanLatency).copied(),
            p95_latency_ms: numbers.get(&Field::ObservedP95Latency).copied(),
            // `read` has checked it is whole and within u32.
            connections_in_use: numbers.get(&Field::ObservedConnections).map(|c| *c as u32),
            date,
        }),
    };
    if observed == component.observed {
        return Ok(ObservationEdit::Unchanged);
    }
    let command = Command::UpdateComponent(Component { observed, ..component.clone() });
    let mut draft = doc.clone();
    match apply(&mut draft, command.clone()) {
        Ok(_) => Ok(ObservationEdit::Apply(Box::new(command))),
        Err(error) => Err(refusal(typed, &error)),
    }
}

/// The model's refusal beside the field it names (the first the person
/// typed into, when it names none of the group's).
fn refusal(typed: &BTreeMap<Field, String>, error: &EditError) -> Refusal {
    let named = error.field_errors().iter().find_map(|e| SPECS.iter().find(|s| s.path == e.field));
    let spec = named
        .or_else(|| SPECS.iter().find(|s| typed.contains_key(&s.field)))
        .unwrap_or(&SPECS[0]);
    Refusal { field: spec.field, message: message_for(spec, &SPECS, error) }
}

/// The derived throughput in words, for the group's output.
#[derive(Clone, Debug, PartialEq)]
pub struct CalibrationText {
    /// "Throughput per instance: 375 req/s, from the utilisation".
    pub derived: String,
    /// The engine's formula with the observed numbers in it.
    pub formula: String,
    /// "Exact" or "Approximate", with why.
    pub exactness: String,
    pub exact: bool,
}

/// The throughput the component's observation gives, in words; `None`
/// when nothing is observed, the reason when the observation gives none
/// (only a rate so far).
pub fn calibration_text(component: &Component) -> Option<Result<CalibrationText, String>> {
    component.observed.as_ref()?;
    let per = per_instance(component);
    Some(match calibrated_throughput(component) {
        Ok(calibration) => Ok(worded(&calibration, per, component.service_variability())),
        Err(reason) => Err(match reason.split_once(": ") {
            Some(("observed", _)) => {
                "Give a utilisation, a mean or a p95 latency to derive its throughput; until then the declared figure is used.".to_owned()
            }
            Some((_, why)) => format!("No throughput derived ({why}); the declared figure is used."),
            None => reason,
        }),
    })
}

fn worded(calibration: &Calibration, per: &str, variability: f64) -> CalibrationText {
    let exactness = match (&calibration.approximation, calibration.basis) {
        (None, CalibratedFrom::Utilisation) => "Exact: a utilisation measures the work per request directly.".to_owned(),
        (None, _) => format!("Exact under the model: the latency reads back through {} as the analysis waits.", calibration.method),
        (Some(why), _) => format!(
            "Approximate (service-time variability {}): {why}.",
            number_text(variability)
        ),
    };
    CalibrationText {
        derived: format!(
            "Throughput per {per}: {}, from the {}",
            rate(calibration.throughput_per_instance),
            basis_label(calibration.basis)
        ),
        formula: crate::words::calibration::calibration_formula(calibration),
        exactness,
        exact: calibration.exact,
    }
}

/// What "instance" is for a component of this kind, as its throughput
/// field names it.
fn per_instance(component: &Component) -> &'static str {
    use crate::model::ComponentKind;
    match component.kind {
        ComponentKind::Database | ComponentKind::WorkerPool => "worker",
        ComponentKind::Function => "invocation slot",
        ComponentKind::ExternalApi => "key",
        _ => "instance",
    }
}

/// Whether the analysis uses a throughput derived from the component's
/// observation rather than the declared one.
pub fn is_calibrated(component: &Component) -> bool {
    component.observed.is_some() && calibrated_throughput(component).is_ok()
}

/// Where the throughput the analysis uses comes from, for beside the
/// throughput field: calibrated from an observation (and its date), or
/// the declared figure, assumed.
pub fn throughput_basis(component: &Component) -> String {
    let calibrated = component.observed.as_ref().and_then(|o| calibrated_throughput(component).ok().map(|c| (o, c)));
    match calibrated {
        Some((observed, calibration)) => {
            let on = if observed.date.is_empty() { String::new() } else { format!(" on {}", observed.date) };
            format!(
                "Calibrated from {}{on}: the analysis uses {}, not the figure above.",
                basis_label(calibration.basis),
                rate(calibration.throughput_per_instance)
            )
        }
        None => "Assumed: nothing measured calibrates it (see Measured below).".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::mvp_that_creaks;

    fn typed(fields: &[(Field, &str)]) -> BTreeMap<Field, String> {
        fields.iter().map(|(f, t)| (*f, (*t).to_owned())).collect()
    }

    fn applied(doc: &Document, fields: &[(Field, &str)]) -> Document {
        let mut edited = doc.clone();
        match edit_observation(doc, &"postgres".into(), &typed(fields)) {
            Ok(ObservationEdit::Apply(command)) => {
                apply(&mut edited, *command).unwrap();
            }
            other => panic!("expected an edit, got {other:?}"),
        }
        edited
    }

    #[test]
    fn the_fields_make_one_observation_once_it_has_a_rate() {
        let doc = mvp_that_creaks();
        let id: ComponentId = "postgres".into();
        // The utilisation first: nothing to store until the rate comes.
        assert_eq!(
            edit_observation(&doc, &id, &typed(&[(Field::ObservedUtilisation, "64")])),
            Ok(ObservationEdit::Pending("Enter the rate observed: the other figures are read at that rate.".to_owned()))
        );
        let edited = applied(&doc, &[(Field::ObservedUtilisation, "64"), (Field::ObservedRate, "240"), (Field::ObservedDate, "2026-11-30")]);
        let postgres = edited.component(&id).unwrap();
        assert_eq!(
            postgres.observed,
            Some(Observation { rate: 240.0, utilisation: Some(0.64), date: "2026-11-30".to_owned(), ..Default::default() })
        );
        assert_eq!(value(postgres, Field::ObservedUtilisation), "64");
        assert_eq!(value(postgres, Field::ObservedRate), "240");
        assert_eq!(value(postgres, Field::ObservedMeanLatency), "");
        // What is stored, typed again, changes nothing.
        assert_eq!(edit_observation(&edited, &id, &typed(&[(Field::ObservedRate, "240")])), Ok(ObservationEdit::Unchanged));
        // Emptying every field removes it; the rate alone cannot go.
        let cleared = [
            (Field::ObservedRate, ""),
            (Field::ObservedUtilisation, ""),
            (Field::ObservedDate, ""),
        ];
        assert_eq!(applied(&edited, &cleared).component(&id).unwrap().observed, None);
        assert_eq!(
            edit_observation(&edited, &id, &typed(&[(Field::ObservedRate, "")])).unwrap_err().field,
            Field::ObservedRate
        );
    }

    #[test]
    fn what_the_model_cannot_explain_is_refused_beside_its_field() {
        let doc = mvp_that_creaks();
        let id: ComponentId = "postgres".into();
        let refused = |fields: &[(Field, &str)]| edit_observation(&doc, &id, &typed(fields)).unwrap_err();
        assert_eq!(
            refused(&[(Field::ObservedRate, "240"), (Field::ObservedUtilisation, "120")]),
            Refusal { field: Field::ObservedUtilisation, message: "Utilisation must be from 0 to 100%, got 120%".to_owned() }
        );
        // Postgres's base latency is 2 ms.
        assert_eq!(
            refused(&[(Field::ObservedRate, "240"), (Field::ObservedMeanLatency, "1.5")]),
            Refusal {
                field: Field::ObservedMeanLatency,
                message: "Mean latency must be above the base latency (2 ms), which every request waits without doing work, got 1.5".to_owned()
            }
        );
        // The p95 below the mean: beside the p95, whichever was typed last.
        assert_eq!(
            refused(&[(Field::ObservedRate, "240"), (Field::ObservedP95Latency, "4"), (Field::ObservedMeanLatency, "6")]),
            Refusal { field: Field::ObservedP95Latency, message: "p95 latency cannot be below the mean (6 ms), got 4".to_owned() }
        );
        assert_eq!(refused(&[(Field::ObservedRate, "lots")]).message, "Rate observed must be a number, got \"lots\"");
        assert_eq!(refused(&[(Field::ObservedRate, "240"), (Field::ObservedDate, "<b>monday</b>")]).field, Field::ObservedDate);
        assert_eq!(
            refused(&[(Field::ObservedRate, "240"), (Field::ObservedConnections, "2.5")]).message,
            "Connections in use must be a whole number, got 2.5"
        );
    }

    #[test]
    fn the_derived_throughput_is_worded_with_its_formula() {
        let doc = mvp_that_creaks();
        let postgres = doc.component(&"postgres".into()).unwrap();
        assert_eq!(calibration_text(postgres), None);
        assert_eq!(throughput_basis(postgres), "Assumed: nothing measured calibrates it (see Measured below).");
        let edited = applied(&doc, &[(Field::ObservedRate, "240"), (Field::ObservedUtilisation, "64"), (Field::ObservedDate, "2026-11-30")]);
        let postgres = edited.component(&"postgres".into()).unwrap();
        let text = calibration_text(postgres).unwrap().unwrap();
        // One worker: 240 / (1 × 0.64).
        assert_eq!(text.derived, "Throughput per worker: 375 req/s, from the utilisation");
        assert_eq!(text.formula, "μ = λ / (c × U) = 240 / (1 × 0.64) = 375 req/s");
        assert!(text.exact);
        assert_eq!(
            throughput_basis(postgres),
            "Calibrated from utilisation on 2026-11-30: the analysis uses 375 req/s, not the figure above."
        );
        // A p95 with a heavy tail: read back, approximately (a mean on
        // Postgres's one worker would be exact, Pollaczek–Khinchine).
        let mut heavy = applied(&doc, &[(Field::ObservedRate, "240"), (Field::ObservedP95Latency, "12")]);
        heavy.components.iter_mut().for_each(|c| c.service_scv = Some(4.0));
        let text = calibration_text(heavy.component(&"postgres".into()).unwrap()).unwrap().unwrap();
        assert!(!text.exact);
        assert!(text.exactness.starts_with("Approximate"), "{}", text.exactness);
        // A rate alone derives nothing yet.
        let rate_only = applied(&doc, &[(Field::ObservedRate, "240")]);
        let reason = calibration_text(rate_only.component(&"postgres".into()).unwrap()).unwrap().unwrap_err();
        assert!(reason.starts_with("Give a utilisation"), "{reason}");
    }
}

//! The scenario panel's rules: what each field of the scenario form does to
//! the scenario, how typed text becomes a value, and which field a refusal
//! belongs beside. The panel turns an input into a [`ScenarioEdit`], asks
//! [`edit_scenario`] for the new scenario and dispatches it; a refusal (a
//! text that is not a number, or the model's validation) comes back as
//! [`FieldMessage`]s naming the field, so the message is shown beside it.

use std::fmt;

use crate::model::field_path::{entry, growth_override, scenario as path};
use crate::model::{
    ComponentId, Document, EditError, EntryPoint, FieldError, GrowthOverride, LatencyObjective,
    Scenario, DIURNAL_PROFILE,
};
use crate::words::quantity::{percent, round_percent, typed_field_text};

/// Rate a new entry point starts with, requests per second at 1x.
pub const NEW_ENTRY_RATE: f64 = 10.0;
/// The percentile an objective bounds until its author picks another:
/// p99, what latency objectives are usually written against.
pub const DEFAULT_OBJECTIVE_PERCENTILE: f64 = 0.99;
/// The target an objective starts with when only its percentile is picked.
pub const DEFAULT_OBJECTIVE_TARGET_MS: f64 = 300.0;
/// The percentiles the form offers, as shares and as labels.
pub const OBJECTIVE_PERCENTILES: [(f64, &str); 5] = [
    (0.5, "p50"),
    (0.9, "p90"),
    (0.95, "p95"),
    (0.99, "p99"),
    (0.999, "p99.9"),
];
/// Factor a new growth override starts with.
pub const NEW_OVERRIDE_FACTOR: f64 = 2.0;

/// A field of the scenario form.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Name,
    /// The list of entry points as a whole (adding one).
    Entries,
    EntryComponent(usize),
    EntryRate(usize),
    /// The latency an entry point's objective allows, ms (empty: none).
    EntryObjectiveTarget(usize),
    /// Which percentile the objective bounds.
    EntryObjectivePercentile(usize),
    /// How bursty its arrivals are (ca², empty: 1, Poisson).
    EntryArrivalScv(usize),
    PeakFactor,
    ComfortLine,
    UtilisationLimit,
    /// The daily profile as a whole.
    Profile,
    ProfileHour(usize),
    /// The list of growth overrides as a whole (adding one).
    Overrides,
    OverrideComponent(usize),
    OverrideFactor(usize),
    /// Dollars per month one more service costs (`overhead.monthly_per_service`).
    OverheadMonthly,
    /// Milliseconds one network hop adds (`overhead.hop_latency_ms`).
    OverheadHop,
    /// Something the form has no field for (the growth dial's growth).
    Other,
}

impl fmt::Display for Field {
    /// A stable key for the page: `entries[0].rate`, `daily_profile[3]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Name => f.write_str(path::NAME),
            Field::Entries => f.write_str(path::ENTRIES),
            Field::EntryComponent(i) => write!(f, "{}[{i}].{}", path::ENTRIES, entry::COMPONENT),
            Field::EntryRate(i) => write!(f, "{}[{i}].{}", path::ENTRIES, entry::RATE),
            Field::EntryObjectiveTarget(i) => {
                write!(f, "{}[{i}].{}", path::ENTRIES, entry::OBJECTIVE_TARGET_MS)
            }
            Field::EntryObjectivePercentile(i) => {
                write!(f, "{}[{i}].{}", path::ENTRIES, entry::OBJECTIVE_PERCENTILE)
            }
            Field::EntryArrivalScv(i) => write!(f, "{}[{i}].{}", path::ENTRIES, entry::ARRIVAL_SCV),
            Field::PeakFactor => f.write_str(path::PEAK_FACTOR),
            Field::ComfortLine => f.write_str(path::COMFORT_LINE),
            Field::UtilisationLimit => f.write_str(path::UTILISATION_LIMIT),
            Field::Profile => f.write_str(path::DAILY_PROFILE),
            Field::ProfileHour(h) => f.write_str(&path::daily_profile_hour(*h)),
            Field::Overrides => f.write_str(path::GROWTH_OVERRIDES),
            Field::OverrideComponent(i) => write!(
                f,
                "{}[{i}].{}",
                path::GROWTH_OVERRIDES,
                growth_override::COMPONENT
            ),
            Field::OverrideFactor(i) => write!(
                f,
                "{}[{i}].{}",
                path::GROWTH_OVERRIDES,
                growth_override::FACTOR
            ),
            Field::OverheadMonthly => f.write_str(path::OVERHEAD_MONTHLY_PER_SERVICE),
            Field::OverheadHop => f.write_str(path::OVERHEAD_HOP_LATENCY_MS),
            // Not a field path: the key of messages about the scenario as a whole.
            Field::Other => f.write_str("scenario"),
        }
    }
}

/// Why a field's value was refused, for the message beside it.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldMessage {
    pub field: Field,
    pub message: String,
}

/// One change the scenario form can make. Texts are what was typed.
#[derive(Clone, Debug, PartialEq)]
pub enum ScenarioEdit {
    Rename(String),
    /// Adds an entry point at the first component that has none.
    AddEntry,
    RemoveEntry(usize),
    EntryComponent(usize, String),
    EntryRate(usize, String),
    /// Milliseconds as typed; empty removes the objective.
    EntryObjectiveTarget(usize, String),
    /// The percentile as a share ("0.99").
    EntryObjectivePercentile(usize, String),
    /// The arrivals' squared coefficient of variation as typed; empty
    /// for Poisson arrivals (1).
    EntryArrivalScv(usize, String),
    PeakFactor(String),
    /// In percent ("70").
    ComfortLine(String),
    /// In percent ("100").
    UtilisationLimit(String),
    ProfileHour(usize, String),
    /// The typical working day, `model::DIURNAL_PROFILE`.
    DiurnalProfile,
    /// The same load every hour: the peak all day.
    FlatProfile,
    /// Adds an override for the first component that has none.
    AddOverride,
    RemoveOverride(usize),
    OverrideComponent(usize, String),
    OverrideFactor(usize, String),
    /// Dollars per month per extra service, as typed.
    OverheadMonthly(String),
    /// Milliseconds per network hop, as typed.
    OverheadHop(String),
}

impl ScenarioEdit {
    /// The field the edit changes (a list or the profile as a whole for
    /// edits that add, remove or reset).
    pub fn field(&self) -> Field {
        match self {
            ScenarioEdit::Rename(_) => Field::Name,
            ScenarioEdit::AddEntry | ScenarioEdit::RemoveEntry(_) => Field::Entries,
            ScenarioEdit::EntryComponent(i, _) => Field::EntryComponent(*i),
            ScenarioEdit::EntryRate(i, _) => Field::EntryRate(*i),
            ScenarioEdit::EntryObjectiveTarget(i, _) => Field::EntryObjectiveTarget(*i),
            ScenarioEdit::EntryObjectivePercentile(i, _) => Field::EntryObjectivePercentile(*i),
            ScenarioEdit::EntryArrivalScv(i, _) => Field::EntryArrivalScv(*i),
            ScenarioEdit::PeakFactor(_) => Field::PeakFactor,
            ScenarioEdit::ComfortLine(_) => Field::ComfortLine,
            ScenarioEdit::UtilisationLimit(_) => Field::UtilisationLimit,
            ScenarioEdit::ProfileHour(h, _) => Field::ProfileHour(*h),
            ScenarioEdit::DiurnalProfile | ScenarioEdit::FlatProfile => Field::Profile,
            ScenarioEdit::AddOverride | ScenarioEdit::RemoveOverride(_) => Field::Overrides,
            ScenarioEdit::OverrideComponent(i, _) => Field::OverrideComponent(*i),
            ScenarioEdit::OverrideFactor(i, _) => Field::OverrideFactor(*i),
            ScenarioEdit::OverheadMonthly(_) => Field::OverheadMonthly,
            ScenarioEdit::OverheadHop(_) => Field::OverheadHop,
        }
    }

    /// Whether, once this edit is applied, a message shown beside `field`
    /// no longer applies: the field itself, its list or profile as a whole,
    /// and every field of a list whose rows were added, removed or reset
    /// (their positions moved).
    pub fn settles(&self, field: &Field) -> bool {
        let own = self.field();
        if &own == field || *field == Field::Other {
            return true;
        }
        let family = |f: &Field| match f {
            Field::Entries
            | Field::EntryComponent(_)
            | Field::EntryRate(_)
            | Field::EntryObjectiveTarget(_)
            | Field::EntryObjectivePercentile(_)
            | Field::EntryArrivalScv(_) => Some(Field::Entries),
            Field::Profile | Field::ProfileHour(_) => Some(Field::Profile),
            Field::Overrides | Field::OverrideComponent(_) | Field::OverrideFactor(_) => {
                Some(Field::Overrides)
            }
            _ => None,
        };
        match (family(&own), family(field)) {
            // A reset or a row added or removed: the whole list settles.
            (Some(a), Some(b)) if a == b && own == a => true,
            // A field of a list settles the message about the list.
            (Some(a), Some(_)) => *field == a,
            _ => false,
        }
    }
}

/// The scenario after `edit`, or why the typed text cannot be used. The
/// model's own rules (no negative rates, a comfort line in 0..1) are
/// checked when the result is dispatched; see [`messages_for`].
pub fn edit_scenario(doc: &Document, edit: ScenarioEdit) -> Result<Scenario, FieldMessage> {
    let mut scenario = doc.scenario.clone();
    let refuse = |field: Field, message: String| Err(FieldMessage { field, message });
    match edit {
        ScenarioEdit::Rename(name) => scenario.name = name.trim().to_owned(),
        ScenarioEdit::AddEntry => {
            let free = doc
                .components
                .iter()
                .find(|c| !scenario.entries.iter().any(|e| e.component == c.id));
            match free {
                Some(component) => scenario
                    .entries
                    .push(EntryPoint::new(component.id.clone(), NEW_ENTRY_RATE)),
                None if doc.components.is_empty() => {
                    return refuse(Field::Entries, "add a component first".to_owned())
                }
                None => {
                    return refuse(
                        Field::Entries,
                        "every component already has an entry rate".to_owned(),
                    )
                }
            }
        }
        ScenarioEdit::RemoveEntry(i) => {
            if i < scenario.entries.len() {
                scenario.entries.remove(i);
            }
        }
        ScenarioEdit::EntryComponent(i, id) => {
            match (scenario.entries.get_mut(i), component(doc, &id)) {
                (Some(entry), Some(found)) => entry.component = found,
                (None, _) => return refuse(Field::Entries, format!("there is no entry {}", i + 1)),
                (_, None) => {
                    return refuse(
                        Field::EntryComponent(i),
                        format!("there is no component \"{id}\""),
                    )
                }
            }
        }
        ScenarioEdit::EntryRate(i, text) => {
            let rate = number(&text).map_err(beside(Field::EntryRate(i)))?;
            match scenario.entries.get_mut(i) {
                Some(entry) => entry.rate = rate,
                None => return refuse(Field::Entries, format!("there is no entry {}", i + 1)),
            }
        }
        ScenarioEdit::EntryObjectiveTarget(i, text) => {
            let target = if text.trim().is_empty() {
                None
            } else {
                Some(number(&text).map_err(beside(Field::EntryObjectiveTarget(i)))?)
            };
            match scenario.entries.get_mut(i) {
                Some(entry) => {
                    entry.objective = target.map(|target_ms| LatencyObjective {
                        percentile: entry
                            .objective
                            .map(|o| o.percentile)
                            .unwrap_or(DEFAULT_OBJECTIVE_PERCENTILE),
                        target_ms,
                    })
                }
                None => return refuse(Field::Entries, format!("there is no entry {}", i + 1)),
            }
        }
        ScenarioEdit::EntryObjectivePercentile(i, text) => {
            let percentile = number(&text).map_err(beside(Field::EntryObjectivePercentile(i)))?;
            match scenario.entries.get_mut(i) {
                Some(entry) => {
                    entry.objective = Some(LatencyObjective {
                        percentile,
                        target_ms: entry
                            .objective
                            .map(|o| o.target_ms)
                            .unwrap_or(DEFAULT_OBJECTIVE_TARGET_MS),
                    })
                }
                None => return refuse(Field::Entries, format!("there is no entry {}", i + 1)),
            }
        }
        ScenarioEdit::EntryArrivalScv(i, text) => {
            let scv = if text.trim().is_empty() {
                None
            } else {
                Some(number(&text).map_err(beside(Field::EntryArrivalScv(i)))?)
            };
            match scenario.entries.get_mut(i) {
                Some(entry) => entry.arrival_scv = scv,
                None => return refuse(Field::Entries, format!("there is no entry {}", i + 1)),
            }
        }
        ScenarioEdit::PeakFactor(text) => {
            scenario.peak_factor = number(&text).map_err(beside(Field::PeakFactor))?
        }
        ScenarioEdit::ComfortLine(text) => {
            scenario.comfort_line = ratio(&text).map_err(beside(Field::ComfortLine))?
        }
        ScenarioEdit::UtilisationLimit(text) => {
            scenario.utilisation_limit = ratio(&text).map_err(beside(Field::UtilisationLimit))?
        }
        ScenarioEdit::ProfileHour(hour, text) => {
            let value = number(&text).map_err(beside(Field::ProfileHour(hour)))?;
            match scenario.daily_profile.get_mut(hour) {
                Some(slot) => *slot = value,
                None => return refuse(Field::Profile, format!("there is no hour {hour}")),
            }
        }
        ScenarioEdit::DiurnalProfile => scenario.daily_profile = DIURNAL_PROFILE.to_vec(),
        ScenarioEdit::FlatProfile => scenario.daily_profile = vec![1.0; 24],
        ScenarioEdit::AddOverride => {
            let free = doc.components.iter().find(|c| {
                !scenario
                    .growth_overrides
                    .iter()
                    .any(|o| o.component == c.id)
            });
            match free {
                Some(component) => scenario.growth_overrides.push(GrowthOverride {
                    component: component.id.clone(),
                    factor: NEW_OVERRIDE_FACTOR,
                }),
                None if doc.components.is_empty() => {
                    return refuse(Field::Overrides, "add a component first".to_owned())
                }
                None => {
                    return refuse(
                        Field::Overrides,
                        "every component already has an override".to_owned(),
                    )
                }
            }
        }
        ScenarioEdit::RemoveOverride(i) => {
            if i < scenario.growth_overrides.len() {
                scenario.growth_overrides.remove(i);
            }
        }
        ScenarioEdit::OverrideComponent(i, id) => {
            match (scenario.growth_overrides.get_mut(i), component(doc, &id)) {
                (Some(o), Some(found)) => o.component = found,
                (None, _) => {
                    return refuse(Field::Overrides, format!("there is no override {}", i + 1))
                }
                (_, None) => {
                    return refuse(
                        Field::OverrideComponent(i),
                        format!("there is no component \"{id}\""),
                    )
                }
            }
        }
        ScenarioEdit::OverrideFactor(i, text) => {
            let factor = number(&text).map_err(beside(Field::OverrideFactor(i)))?;
            match scenario.growth_overrides.get_mut(i) {
                Some(o) => o.factor = factor,
                None => return refuse(Field::Overrides, format!("there is no override {}", i + 1)),
            }
        }
        ScenarioEdit::OverheadMonthly(text) => {
            let text = text
                .trim()
                .trim_start_matches('$')
                .trim_end_matches("/mo")
                .replace(',', "");
            scenario.overhead.monthly_per_service =
                number(&text).map_err(beside(Field::OverheadMonthly))?
        }
        ScenarioEdit::OverheadHop(text) => {
            let text = text.trim().trim_end_matches("ms").to_owned();
            scenario.overhead.hop_latency_ms = number(&text).map_err(beside(Field::OverheadHop))?
        }
    }
    Ok(scenario)
}

/// Turns a parse error into a message beside `field`.
fn beside(field: Field) -> impl FnOnce(String) -> FieldMessage {
    move |message| FieldMessage { field, message }
}

fn component(doc: &Document, id: &str) -> Option<ComponentId> {
    doc.components
        .iter()
        .find(|c| c.id.as_str() == id)
        .map(|c| c.id.clone())
}

/// A number as typed: "12", " 0.5 ", "1e3", "1,200" (read as every field
/// reads one: `words::quantity::read_number`). Empty or not a number is
/// refused with a message for the field.
pub fn number(text: &str) -> Result<f64, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("enter a number".to_owned());
    }
    crate::words::quantity::read_number(trimmed)
        .ok_or_else(|| format!("\"{trimmed}\" is not a number"))
}

/// A percentage as typed ("70", "70%") as a ratio (0.7), checked against
/// the range in percent so the message reads in the field's own unit.
pub fn ratio(text: &str) -> Result<f64, String> {
    let value = number(text.trim().trim_end_matches('%'))?;
    if value <= 0.0 || value > 100.0 {
        return Err(format!(
            "must be above 0% and at most 100%, got {}%",
            typed_field_text(value)
        ));
    }
    Ok(value / 100.0)
}

/// The field each of the model's complaints belongs beside. Subjects and
/// field names are those of `model::validation`.
pub fn messages_for(error: &EditError) -> Vec<FieldMessage> {
    let fields = error.field_errors();
    if fields.is_empty() {
        return vec![FieldMessage {
            field: Field::Other,
            message: error.to_string(),
        }];
    }
    fields
        .iter()
        .map(|e| FieldMessage {
            field: field_of(e),
            message: e.message.clone(),
        })
        .collect()
}

fn field_of(error: &FieldError) -> Field {
    // "scenario entry 2 (\"web\")" → 1; "growth override 1 (\"x\")" → 0.
    let position = |prefix: &str| -> Option<usize> {
        let rest = error.subject.strip_prefix(prefix)?;
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        digits.parse::<usize>().ok()?.checked_sub(1)
    };
    if let Some(i) = position("scenario entry ") {
        return match error.field.as_str() {
            entry::RATE => Field::EntryRate(i),
            entry::COMPONENT => Field::EntryComponent(i),
            entry::OBJECTIVE_TARGET_MS => Field::EntryObjectiveTarget(i),
            entry::OBJECTIVE_PERCENTILE => Field::EntryObjectivePercentile(i),
            entry::ARRIVAL_SCV => Field::EntryArrivalScv(i),
            _ => Field::Entries,
        };
    }
    if let Some(i) = position("growth override ") {
        return match error.field.as_str() {
            growth_override::FACTOR => Field::OverrideFactor(i),
            growth_override::COMPONENT => Field::OverrideComponent(i),
            _ => Field::Overrides,
        };
    }
    if error.subject != "scenario" {
        return Field::Other;
    }
    match error.field.as_str() {
        path::NAME => Field::Name,
        path::PEAK_FACTOR => Field::PeakFactor,
        path::COMFORT_LINE => Field::ComfortLine,
        path::UTILISATION_LIMIT => Field::UtilisationLimit,
        path::DAILY_PROFILE => Field::Profile,
        path::OVERHEAD_MONTHLY_PER_SERVICE => Field::OverheadMonthly,
        path::OVERHEAD_HOP_LATENCY_MS => Field::OverheadHop,
        other => other
            .strip_prefix(path::DAILY_PROFILE)
            .and_then(|rest| rest.strip_prefix('['))
            .and_then(|rest| rest.strip_suffix(']'))
            .and_then(|hour| hour.parse().ok())
            .map_or(Field::Other, Field::ProfileHour),
    }
}

/// One hour's bar in the profile preview, in a `viewBox="0 0 width height"`.
#[derive(Clone, Debug, PartialEq)]
pub struct ProfileBar {
    pub hour: usize,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// "14:00: 0.97 of the peak".
    pub label: String,
}

/// The daily profile as bars scaled to its busiest hour, and a sentence
/// describing its shape.
pub fn profile_bars(scenario: &Scenario, width: f64, height: f64) -> (Vec<ProfileBar>, String) {
    let shape = scenario.profile_shape();
    let hours = shape.len().max(1) as f64;
    let slot = width / hours;
    let bars = shape
        .iter()
        .enumerate()
        .map(|(hour, &value)| {
            let h = value.clamp(0.0, 1.0) * height;
            ProfileBar {
                hour,
                x: hour as f64 * slot + slot * 0.1,
                y: height - h,
                width: slot * 0.8,
                height: h,
                label: format!(
                    "{hour:02}:00: {} of the peak",
                    typed_field_text((value * 100.0).round() / 100.0)
                ),
            }
        })
        .collect();
    let mean = shape.iter().sum::<f64>() / hours;
    let busiest =
        shape.iter().enumerate().fold(
            (0, f64::MIN),
            |best, (h, &v)| if v > best.1 { (h, v) } else { best },
        );
    let quietest =
        shape.iter().enumerate().fold(
            (0, f64::MAX),
            |best, (h, &v)| if v < best.1 { (h, v) } else { best },
        );
    let description = if shape.iter().all(|v| (v - 1.0).abs() < 1e-12) {
        "Flat: the peak all day; the day's average is the peak.".to_owned()
    } else {
        format!(
            "Busiest at {:02}:00, quietest at {:02}:00 ({} of the peak); the day's average is {} of the peak.",
            busiest.0,
            quietest.0,
            round_percent(quietest.1),
            percent(mean)
        )
    };
    (bars, description)
}

/// The component typed into a long document's picker: its id, or the
/// one component with that name (letter case aside).
pub fn typed_component(components: &[(String, String)], typed: &str) -> Result<String, String> {
    let typed = typed.trim();
    if let Some((id, _)) = components.iter().find(|(id, _)| id == typed) {
        return Ok(id.clone());
    }
    let mut named = components.iter().filter(|(_, name)| name.to_lowercase() == typed.to_lowercase());
    match (named.next(), named.next()) {
        (Some((id, _)), None) => Ok(id.clone()),
        (Some(_), Some(_)) => Err(format!("several components are named \u{201c}{typed}\u{201d}: type the id of one")),
        (None, _) => Err(format!("no component has the id or name \u{201c}{typed}\u{201d}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{apply, mvp_that_creaks, Command};

    fn edited(edit: ScenarioEdit) -> Result<Scenario, FieldMessage> {
        edit_scenario(&mvp_that_creaks(), edit)
    }

    /// Applies the edit as the panel does and returns the messages the
    /// model's validation gives back, by field key.
    fn refused_by_model(edit: ScenarioEdit) -> Vec<(String, String)> {
        let mut doc = mvp_that_creaks();
        let scenario = edit_scenario(&doc, edit).expect("the text parses");
        match apply(&mut doc, Command::SetScenario(scenario)) {
            Ok(_) => Vec::new(),
            Err(error) => messages_for(&error)
                .into_iter()
                .map(|m| (m.field.to_string(), m.message))
                .collect(),
        }
    }

    #[test]
    fn typed_values_change_one_field() {
        assert_eq!(
            edited(ScenarioEdit::PeakFactor(" 2.5 ".into()))
                .unwrap()
                .peak_factor,
            2.5
        );
        assert_eq!(
            edited(ScenarioEdit::ComfortLine("60".into()))
                .unwrap()
                .comfort_line,
            0.6
        );
        assert_eq!(
            edited(ScenarioEdit::UtilisationLimit("90%".into()))
                .unwrap()
                .utilisation_limit,
            0.9
        );
        assert_eq!(
            edited(ScenarioEdit::EntryRate(0, "240".into()))
                .unwrap()
                .entries[0]
                .rate,
            240.0
        );
        let objective = edited(ScenarioEdit::EntryObjectiveTarget(0, "150".into()))
            .unwrap()
            .entries[0]
            .objective;
        assert_eq!(
            objective,
            Some(LatencyObjective {
                percentile: 0.99,
                target_ms: 150.0
            })
        );
        assert_eq!(
            edited(ScenarioEdit::EntryObjectiveTarget(0, " ".into()))
                .unwrap()
                .entries[0]
                .objective,
            None
        );
        let objective = edited(ScenarioEdit::EntryObjectivePercentile(0, "0.95".into()))
            .unwrap()
            .entries[0]
            .objective;
        assert_eq!(
            objective,
            Some(LatencyObjective {
                percentile: 0.95,
                target_ms: 300.0
            })
        );
        assert_eq!(
            edited(ScenarioEdit::EntryArrivalScv(0, "4".into()))
                .unwrap()
                .entries[0]
                .arrival_scv,
            Some(4.0)
        );
        assert_eq!(
            edited(ScenarioEdit::EntryArrivalScv(0, "".into()))
                .unwrap()
                .entries[0]
                .arrival_scv,
            None
        );
        assert_eq!(
            edited(ScenarioEdit::EntryArrivalScv(0, "bursty".into())),
            Err(FieldMessage {
                field: Field::EntryArrivalScv(0),
                message: "\"bursty\" is not a number".to_owned()
            })
        );
        assert_eq!(
            refused_by_model(ScenarioEdit::EntryArrivalScv(0, "-1".into()))
                .first()
                .map(|(f, _)| f.as_str()),
            Some("entries[0].arrival_scv")
        );
        assert_eq!(
            edited(ScenarioEdit::ProfileHour(3, "0.5".into()))
                .unwrap()
                .daily_profile[3],
            0.5
        );
        assert_eq!(
            edited(ScenarioEdit::FlatProfile).unwrap().daily_profile,
            vec![1.0; 24]
        );
        assert_eq!(
            edited(ScenarioEdit::Rename(" Black Friday ".into()))
                .unwrap()
                .name,
            "Black Friday"
        );
    }

    #[test]
    fn entries_and_overrides_are_added_for_the_first_free_component() {
        // The sample's entry is the load balancer: the next free one is web.
        let scenario = edited(ScenarioEdit::AddEntry).unwrap();
        assert_eq!(scenario.entries[1], EntryPoint::new("web", NEW_ENTRY_RATE));
        let scenario = edited(ScenarioEdit::AddOverride).unwrap();
        assert_eq!(
            scenario.growth_overrides,
            [GrowthOverride {
                component: "lb".into(),
                factor: 2.0
            }]
        );
        let mut doc = mvp_that_creaks();
        doc.scenario = scenario;
        let scenario =
            edit_scenario(&doc, ScenarioEdit::OverrideComponent(0, "worker".into())).unwrap();
        assert_eq!(scenario.growth_overrides[0].component.as_str(), "worker");
        doc.scenario = scenario;
        assert!(edit_scenario(&doc, ScenarioEdit::RemoveOverride(0))
            .unwrap()
            .growth_overrides
            .is_empty());
        assert!(edited(ScenarioEdit::RemoveEntry(0))
            .unwrap()
            .entries
            .is_empty());
    }

    #[test]
    fn text_that_is_not_a_number_is_refused_beside_its_field() {
        let refused = edited(ScenarioEdit::EntryRate(0, "lots".into())).unwrap_err();
        assert_eq!(
            (refused.field.to_string(), refused.message),
            ("entries[0].rate".into(), "\"lots\" is not a number".into())
        );
        let refused = edited(ScenarioEdit::PeakFactor("".into())).unwrap_err();
        assert_eq!(refused.message, "enter a number");
        let refused = edited(ScenarioEdit::ComfortLine("150".into())).unwrap_err();
        assert_eq!(
            refused.message,
            "must be above 0% and at most 100%, got 150%"
        );
        let refused = edited(ScenarioEdit::OverrideComponent(0, "web".into())).unwrap_err();
        assert_eq!(refused.field, Field::Overrides);
    }

    #[test]
    fn numbers_read_as_the_inspector_reads_them() {
        assert_eq!(number("1,200"), Ok(1200.0));
        assert_eq!(number("inf"), Err("\"inf\" is not a number".to_owned()));
        assert_eq!(
            edited(ScenarioEdit::EntryRate(0, "1,200".into()))
                .unwrap()
                .entries[0]
                .rate,
            1200.0
        );
    }

    #[test]
    fn the_models_refusals_are_placed_beside_their_fields() {
        assert_eq!(
            refused_by_model(ScenarioEdit::PeakFactor("0".into())),
            [(
                "peak_factor".to_owned(),
                "must be greater than 0, got 0".to_owned()
            )]
        );
        assert_eq!(
            refused_by_model(ScenarioEdit::EntryRate(0, "-5".into())),
            [(
                "entries[0].rate".to_owned(),
                "must not be negative, got -5".to_owned()
            )]
        );
        assert_eq!(
            refused_by_model(ScenarioEdit::ProfileHour(7, "-1".into())),
            [(
                "daily_profile[7]".to_owned(),
                "must be 0 or more, got -1".to_owned()
            )]
        );
        let mut doc = mvp_that_creaks();
        doc.scenario = edit_scenario(&doc, ScenarioEdit::AddOverride).unwrap();
        let scenario = edit_scenario(&doc, ScenarioEdit::OverrideFactor(0, "0".into())).unwrap();
        let error = apply(&mut doc, Command::SetScenario(scenario)).unwrap_err();
        assert_eq!(messages_for(&error)[0].field, Field::OverrideFactor(0));
        // A profile without any load is refused as a whole.
        let mut scenario = mvp_that_creaks().scenario;
        scenario.daily_profile = vec![0.0; 24];
        let error = apply(&mut mvp_that_creaks(), Command::SetScenario(scenario)).unwrap_err();
        assert_eq!(messages_for(&error)[0].field, Field::Profile);
    }

    #[test]
    fn the_overhead_of_one_more_service_is_edited_and_checked() {
        let scenario = edited(ScenarioEdit::OverheadMonthly(" $1,200/mo ".into())).unwrap();
        assert_eq!(scenario.overhead.monthly_per_service, 1200.0);
        assert_eq!(
            edited(ScenarioEdit::OverheadHop("0.5 ms".into()))
                .unwrap()
                .overhead
                .hop_latency_ms,
            0.5
        );
        assert_eq!(
            edited(ScenarioEdit::OverheadHop("far".into()))
                .unwrap_err()
                .field,
            Field::OverheadHop
        );
        assert_eq!(
            refused_by_model(ScenarioEdit::OverheadMonthly("-5".into())),
            [(
                "overhead.monthly_per_service".to_owned(),
                "must not be negative, got -5".to_owned()
            )]
        );
    }

    #[test]
    fn an_applied_edit_settles_its_own_messages() {
        let rate = ScenarioEdit::EntryRate(1, "5".into());
        assert!(rate.settles(&Field::EntryRate(1)));
        assert!(rate.settles(&Field::Entries));
        assert!(!rate.settles(&Field::EntryRate(0)));
        assert!(!rate.settles(&Field::PeakFactor));
        // Removing a row moves the others: every entry message goes.
        assert!(ScenarioEdit::RemoveEntry(0).settles(&Field::EntryRate(3)));
        assert!(!ScenarioEdit::RemoveEntry(0).settles(&Field::OverrideFactor(0)));
        assert!(ScenarioEdit::FlatProfile.settles(&Field::ProfileHour(5)));
        assert!(!ScenarioEdit::ProfileHour(4, "1".into()).settles(&Field::ProfileHour(5)));
        assert!(ScenarioEdit::ProfileHour(4, "1".into()).settles(&Field::Profile));
    }

    #[test]
    fn the_diurnal_profile_is_described() {
        let (bars, description) = profile_bars(&mvp_that_creaks().scenario, 480.0, 100.0);
        assert_eq!(bars.len(), 24);
        // 12:00 is the busiest hour: a full-height bar.
        assert_eq!((bars[12].y, bars[12].height), (0.0, 100.0));
        assert_eq!(bars[14].label, "14:00: 0.97 of the peak");
        assert_eq!(
            description,
            "Busiest at 12:00, quietest at 03:00 (18% of the peak); the day's average is 65.6% of the peak."
        );
        let flat = edited(ScenarioEdit::FlatProfile).unwrap();
        assert_eq!(
            profile_bars(&flat, 480.0, 100.0).1,
            "Flat: the peak all day; the day's average is the peak."
        );
    }

    fn components() -> Vec<(String, String)> {
        [("api", "API"), ("db-1", "Orders"), ("db-2", "Orders"), ("cache", "Redis")]
            .into_iter()
            .map(|(id, name)| (id.to_owned(), name.to_owned()))
            .collect()
    }

    #[test]
    fn a_typed_component_is_its_id_or_its_one_name() {
        assert_eq!(typed_component(&components(), " db-2 "), Ok("db-2".to_owned()));
        assert_eq!(typed_component(&components(), "redis"), Ok("cache".to_owned()));
        assert!(typed_component(&components(), "Orders").is_err_and(|why| why.contains("several")));
        assert!(typed_component(&components(), "queue").is_err_and(|why| why.contains("\u{201c}queue\u{201d}")));
    }
}

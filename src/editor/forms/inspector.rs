//! The inspector's rules: which parameters a component of each kind has,
//! with labels and units, what each field shows, and how what a person
//! types becomes an edit — or a message beside the field. The page renders
//! these specs and dispatches the edits; it decides nothing itself.
//!
//! Every edit is checked against the model (`Document::validate`) on a
//! copy before it is offered, so a refused value leaves the document as it
//! was, and the message names the field by the label the person sees.

mod fields;
pub mod measured;

use self::fields::{DependencyRow, DependencyWrite, Group, Row, Write, DEPENDENCY_ROWS, ROWS};
use crate::editor::canvas::connect;
use crate::model::{
    apply, shares, CallKind, Command, Component, ComponentId, ComponentKind, Dependency, DependencyId, Document,
    EditError, EntryPoint, ModuleSettings, Routing,
};

/// One parameter of a component.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Name,
    Kind,
    EntryRate,
    Instances,
    Throughput,
    MaxInstances,
    BaseLatency,
    MonthlyCost,
    HitRatio,
    WritePolicy,
    TtlSeconds,
    Invalidation,
    ReadReplicas,
    ReadsOnPrimary,
    MaxConnections,
    Shards,
    FanOutShare,
    ConnectionPool,
    ServerPool,
    ClientLimit,
    ColdStart,
    ColdShare,
    PricePerMillion,
    /// What an external API charges per million calls.
    PricePerMillionCalls,
    /// A module's host deployable.
    ModuleHost,
    /// CPU time one request to a module takes on its host.
    CpuMs,
    /// Memory a component needs per instance (a module: what it adds to
    /// each host instance).
    MemoryMb,
    /// Memory one instance has.
    InstanceMemoryMb,
    /// Squared coefficient of variation of one request's service time (cs²).
    ServiceScv,
    /// Whether its synchronous calls go out at once.
    ParallelCalls,
    /// What monitoring showed (`observed.*`): see [`measured`].
    ObservedRate,
    ObservedUtilisation,
    ObservedMeanLatency,
    ObservedP95Latency,
    ObservedConnections,
    ObservedDate,
}

/// One parameter of a dependency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DependencyField {
    Calls,
    /// Whether `Calls` is calls per request or a share of the caller's traffic.
    Routing,
    Kind,
    Mode,
    Deferrable,
    /// The share of a read's calls that repeat one made before.
    RepeatShare,
}

/// How a field is entered.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Input {
    Text,
    /// A number; `whole` for counts; `optional` fields may be left empty
    /// (meaning "none": no autoscaling, no expiry).
    Number { whole: bool, optional: bool, min: f64 },
    /// A share typed in percent (0–100), stored as a ratio; `optional`
    /// ones may be left empty.
    Percent { optional: bool },
    /// One of these (value, label) pairs.
    Choice(&'static [(&'static str, &'static str)]),
    Toggle,
    /// One of the document's deployables, or none ([`host_choices`]).
    Host,
    /// A calendar day, "2026-11-30", or empty.
    Date,
}

/// A field as the inspector shows it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FieldSpec {
    pub field: Field,
    pub label: &'static str,
    /// Shown after the input ("req/s", "ms", "$/month"); may be empty.
    pub unit: &'static str,
    /// One sentence under the field.
    pub help: &'static str,
    pub input: Input,
    /// The field's name in files and in the model's messages
    /// (`throughput_per_instance`, `database.shards`).
    pub path: &'static str,
}

/// A titled group of fields.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub title: &'static str,
    pub fields: Vec<FieldSpec>,
}

/// The fields of a component of its kind, in sections: the table's rows
/// it shows (those that need the rest of the document left out), then the
/// measured group.
pub fn sections(component: &Component) -> Vec<Section> {
    sections_shown(component, None)
}

/// [`sections`] with the fields that depend on the rest of the document:
/// the parallel-calls toggle for a component that calls synchronously.
pub fn sections_in(doc: &Document, component: &Component) -> Vec<Section> {
    sections_shown(component, Some(doc))
}

fn sections_shown(component: &Component, doc: Option<&Document>) -> Vec<Section> {
    let kind = component.kind;
    let mut sections: Vec<Section> = Group::ALL
        .into_iter()
        .filter_map(|group| {
            let fields: Vec<FieldSpec> = ROWS
                .iter()
                .filter(|row| row.group == group && row.shows(component, doc))
                .map(|row| row.spec(kind))
                .collect();
            (!fields.is_empty()).then(|| Section { title: group.title(kind), fields })
        })
        .collect();
    // A hosted module is served by its host's instances: what monitoring
    // shows of them calibrates the host.
    if component.host().is_none() {
        sections.push(Section { title: "Measured", fields: measured::specs().to_vec() });
    }
    sections
}

/// The spec of one field of a component.
pub fn spec_of(component: &Component, field: Field) -> Option<FieldSpec> {
    sections(component).into_iter().flat_map(|s| s.fields).find(|f| f.field == field)
}

/// The spec of one field of a component in its document.
pub fn spec_in(doc: &Document, component: &Component, field: Field) -> Option<FieldSpec> {
    sections_in(doc, component).into_iter().flat_map(|s| s.fields).find(|f| f.field == field)
}

/// The table's row of a field; a field shown in two groups reads and
/// writes the same place from either.
fn row_of(field: Field) -> Option<&'static Row> {
    ROWS.iter().find(|row| row.field == field)
}

/// What a field shows: the number as typed back, the choice's value,
/// "true"/"false" for a toggle, "" for an empty optional.
pub fn value(doc: &Document, component: &Component, field: Field) -> String {
    match row_of(field) {
        Some(row) => (row.value)(doc, component),
        None => measured::value(component, field),
    }
}

/// The deployables a module can run in, as (id, name), after "not hosted"
/// (""): the document's services.
pub fn host_choices(doc: &Document) -> Vec<(String, String)> {
    std::iter::once((String::new(), "Not hosted: runs on its own".to_owned()))
        .chain(
            doc.components
                .iter()
                .filter(|c| c.kind == ComponentKind::Service)
                .map(|c| (c.id.to_string(), doc.name_of(&c.id))),
        )
        .collect()
}

/// A share as a percentage field shows it, rounded to a millionth of a
/// percent: 0.855 → "85.5".
pub(super) fn percent_text(ratio: f64) -> String {
    number_text((ratio * 100.0 * 1e6).round() / 1e6)
}

/// A number as a field shows it: the shortest text that reads back as
/// exactly the number, with no trailing ".0" and no exponent
/// (`words::quantity::field_text`, the one writer of field numbers).
pub fn number_text(value: f64) -> String {
    crate::words::quantity::field_text(value)
}

/// What was typed, read as the field's kind of value.
pub(super) enum Typed {
    Number(Option<f64>),
    Choice(String),
    Toggle(bool),
    Text(String),
}

/// Reads a field's text; the error is the message shown beside it.
pub(super) fn read(spec: &FieldSpec, text: &str) -> Result<Typed, String> {
    let label = spec.label;
    match spec.input {
        Input::Text => Ok(Typed::Text(text.trim().to_owned())),
        Input::Toggle => match text.trim() {
            "true" | "on" => Ok(Typed::Toggle(true)),
            "false" | "off" | "" => Ok(Typed::Toggle(false)),
            other => Err(format!("{label} must be on or off, got \"{other}\"")),
        },
        Input::Host => Ok(Typed::Choice(text.trim().to_owned())),
        Input::Choice(options) => {
            let chosen = text.trim();
            if options.iter().any(|(value, _)| *value == chosen) {
                Ok(Typed::Choice(chosen.to_owned()))
            } else {
                Err(format!("{label} must be one of the listed options"))
            }
        }
        Input::Date => {
            let day = text.trim();
            let digits = |part: &str, len: usize| part.len() == len && part.chars().all(|c| c.is_ascii_digit());
            let parts: Vec<&str> = day.split('-').collect();
            let iso = matches!(parts.as_slice(), [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2));
            if day.is_empty() || iso {
                Ok(Typed::Text(day.to_owned()))
            } else {
                Err(format!("{label} must be a day such as 2026-11-30, got \"{day}\""))
            }
        }
        Input::Percent { optional } => {
            let cleaned = text.trim().trim_end_matches('%').trim_end();
            if cleaned.is_empty() {
                return if optional {
                    Ok(Typed::Number(None))
                } else {
                    Err(format!("{label} is empty: enter a percentage from 0 to 100"))
                };
            }
            let value = parse_number(cleaned).ok_or_else(|| format!("{label} must be a percentage from 0 to 100, got \"{}\"", text.trim()))?;
            if !(0.0..=100.0).contains(&value) {
                return Err(format!("{label} must be from 0 to 100%, got {}%", number_text(value)));
            }
            Ok(Typed::Number(Some(value / 100.0)))
        }
        Input::Number { whole, optional, min } => {
            let cleaned = text.trim();
            if cleaned.is_empty() {
                return if optional {
                    Ok(Typed::Number(None))
                } else {
                    Err(format!("{label} is empty: enter a number"))
                };
            }
            let value = parse_number(cleaned).ok_or_else(|| format!("{label} must be a number, got \"{cleaned}\""))?;
            if whole && value.fract() != 0.0 {
                return Err(format!("{label} must be a whole number, got {}", number_text(value)));
            }
            if whole && value > f64::from(u32::MAX) {
                return Err(format!("{label} is too large: {}", number_text(value)));
            }
            if value < min {
                return Err(if min == 0.0 {
                    format!("{label} must not be negative, got {}", number_text(value))
                } else {
                    format!("{label} must be at least {}, got {}", number_text(min), number_text(value))
                });
            }
            Ok(Typed::Number(Some(value)))
        }
    }
}

/// A number as people type it: "1200", "1,200", "1 200", "2.5", "1e3".
/// Words that Rust would read as numbers ("inf", "NaN") are not numbers.
fn parse_number(text: &str) -> Option<f64> {
    crate::words::quantity::read_number(text)
}

/// The component after a change of kind: the settings only the old kind
/// had are dropped and the new kind's start from its defaults; the
/// capacity figures are the new kind's defaults too unless someone had
/// already changed them from the old kind's.
pub fn change_kind(component: &Component, kind: ComponentKind) -> Component {
    if component.kind == kind {
        return component.clone();
    }
    let fresh = Component::with_defaults(component.id.clone(), component.name.clone(), kind);
    let old = component.kind.default_capacity();
    let keep = |current: f64, old_default: f64, new_default: f64| if current == old_default { new_default } else { current };
    let name = if component.name == component.kind.label() { kind.label().to_owned() } else { component.name.clone() };
    Component {
        name,
        instances: if component.instances == old.instances { fresh.instances } else { component.instances },
        throughput_per_instance: keep(component.throughput_per_instance, old.throughput_per_instance, fresh.throughput_per_instance),
        base_latency_ms: keep(component.base_latency_ms, old.base_latency_ms, fresh.base_latency_ms),
        monthly_cost_per_instance: keep(
            component.monthly_cost_per_instance,
            old.monthly_cost_per_instance,
            fresh.monthly_cost_per_instance,
        ),
        max_instances: if kind.can_autoscale() { component.max_instances } else { None },
        connection_pool: if kind.holds_connections() {
            component.connection_pool.or(fresh.connection_pool)
        } else {
            None
        },
        hit_ratio: if kind.serves_hits() { component.hit_ratio.or(fresh.hit_ratio) } else { None },
        cache: if kind.serves_hits() { component.cache.clone().or(fresh.cache) } else { None },
        position: component.position,
        ..fresh
    }
    .with_consistent_ceiling()
}

trait ConsistentCeiling {
    fn with_consistent_ceiling(self) -> Self;
}

impl ConsistentCeiling for Component {
    /// An autoscaling ceiling below the (possibly new) instances is
    /// dropped rather than left to refuse the edit.
    fn with_consistent_ceiling(mut self) -> Component {
        if self.max_instances.is_some_and(|max| max < self.instances) {
            self.max_instances = None;
        }
        self
    }
}

/// The edit a field's new text makes, checked against the model; the
/// error is the message to show beside the field.
pub fn edit(doc: &Document, id: &ComponentId, field: Field, text: &str) -> Result<Command, String> {
    let component = doc.component(id).ok_or_else(|| format!("There is no component \"{id}\" any more"))?;
    let spec = spec_in(doc, component, field).ok_or_else(|| "This field does not apply to this kind".to_owned())?;
    if measured::is_measured(field) {
        let typed = std::iter::once((field, text.to_owned())).collect();
        return match measured::edit_observation(doc, id, &typed) {
            Ok(measured::ObservationEdit::Apply(command)) => Ok(*command),
            Ok(measured::ObservationEdit::Unchanged) => Ok(Command::UpdateComponent(component.clone())),
            Ok(measured::ObservationEdit::Pending(hint)) => Err(hint),
            Err(refused) => Err(refused.message),
        };
    }
    let typed = read(&spec, text)?;
    let command = match (field, typed) {
        (Field::Name, Typed::Text(name)) => {
            if name.is_empty() {
                return Err("Name is empty: type a name".to_owned());
            }
            Command::UpdateComponent(Component { name, ..component.clone() })
        }
        (Field::Kind, Typed::Choice(slug)) => {
            let kind = ComponentKind::from_slug(&slug).ok_or_else(|| "Kind must be one of the listed kinds".to_owned())?;
            Command::UpdateComponent(change_kind(component, kind))
        }
        (Field::EntryRate, Typed::Number(rate)) => {
            let mut scenario = doc.scenario.clone();
            let at = scenario.entries.iter().position(|e| &e.component == id);
            scenario.entries.retain(|e| &e.component != id);
            if let Some(rate) = rate.filter(|r| *r > 0.0) {
                let entry = EntryPoint::new(id.clone(), rate);
                scenario.entries.insert(at.unwrap_or(scenario.entries.len()).min(scenario.entries.len()), entry);
            }
            Command::SetScenario(scenario)
        }
        (Field::ModuleHost, Typed::Choice(host)) => {
            let module = if host.is_empty() {
                None
            } else {
                let host = doc
                    .components
                    .iter()
                    .find(|c| c.id.as_str() == host && c.kind == ComponentKind::Service)
                    .ok_or_else(|| "Host must be one of the listed deployables".to_owned())?;
                // A module keeps its CPU time; a new one spends what its
                // throughput says one request costs.
                let cpu_ms_per_request = component
                    .module
                    .as_ref()
                    .map_or(1000.0 / component.throughput_per_instance, |m| m.cpu_ms_per_request);
                Some(ModuleSettings { host: host.id.clone(), cpu_ms_per_request })
            };
            Command::UpdateComponent(Component { module, ..component.clone() })
        }
        (Field::CpuMs, Typed::Number(cpu)) => {
            let Some(settings) = component.module.as_ref() else {
                return Err("Choose its host first: the CPU time is spent on the host".to_owned());
            };
            let cpu = cpu.ok_or_else(|| "CPU per request is empty: enter a number".to_owned())?;
            let settings = ModuleSettings { cpu_ms_per_request: cpu, ..settings.clone() };
            Command::UpdateComponent(Component { module: Some(settings), ..component.clone() })
        }
        (field, typed) => {
            let mut changed = component.clone();
            set(&mut changed, field, typed);
            Command::UpdateComponent(changed)
        }
    };
    let all: Vec<FieldSpec> = sections_in(doc, component).into_iter().flat_map(|s| s.fields).collect();
    check(doc, command, &spec, &all)
}

/// Writes a read value into its place in the component, as the field's
/// row says.
fn set(c: &mut Component, field: Field, typed: Typed) {
    let Some(row) = row_of(field) else { return };
    match (row.write, typed) {
        (Write::Number(write), Typed::Number(v)) => write(c, v),
        (Write::Toggle(write), Typed::Toggle(on)) => write(c, on),
        (Write::Choice(write), Typed::Choice(value)) => write(c, &value),
        _ => {}
    }
}

/// Tries the edit on a copy; a refusal becomes the message for `spec`'s
/// field, in its label's words when the model names that field.
fn check(doc: &Document, command: Command, spec: &FieldSpec, others: &[FieldSpec]) -> Result<Command, String> {
    let mut draft = doc.clone();
    match apply(&mut draft, command.clone()) {
        Ok(_) => Ok(command),
        Err(error) => Err(message_for(spec, others, &error)),
    }
}

/// A refusal in words: the model's message about the edited field ("must
/// be at least 1, got 0") after its label; else its message about another
/// field of the inspector, after that field's label; else the whole
/// refusal.
pub fn message_for(spec: &FieldSpec, others: &[FieldSpec], error: &EditError) -> String {
    let errors = error.field_errors();
    let about = |s: &FieldSpec| errors.iter().find(|e| e.field == s.path).map(|e| format!("{} {}", s.label, e.message));
    match about(spec).or_else(|| others.iter().find_map(about)) {
        Some(message) => message,
        None => {
            let text = error.to_string();
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => text,
            }
        }
    }
}

/// A dependency field as the inspector shows it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DependencySpec {
    pub field: DependencyField,
    pub label: &'static str,
    pub unit: &'static str,
    pub help: &'static str,
    pub input: Input,
}

/// The fields of a dependency whose number reads as `routing`; a read
/// also says how often its calls repeat (what a cache could answer).
pub fn dependency_fields(routing: Routing, kind: CallKind) -> Vec<DependencySpec> {
    dependency_rows(routing, kind)
        .map(|row| DependencySpec { field: row.field, label: row.label, unit: row.unit, help: row.help, input: row.input })
        .collect()
}

fn dependency_rows(routing: Routing, kind: CallKind) -> impl Iterator<Item = &'static DependencyRow> {
    DEPENDENCY_ROWS.iter().filter(move |row| (row.shown)(routing, kind))
}

/// What a dependency field shows.
pub fn dependency_value(dependency: &Dependency, field: DependencyField) -> String {
    dependency_rows(dependency.routing, dependency.kind)
        .find(|row| row.field == field)
        .map(|row| (row.value)(dependency))
        .unwrap_or_default()
}

/// The edit a dependency field's new text makes, or the message. A new
/// share changes the caller's other shares with it, in proportion, so
/// they keep adding up to the whole (one undo step). A dependency made a
/// share keeps its number when it is one (at most 1), else starts as all
/// of the caller's traffic.
pub fn edit_dependency(doc: &Document, id: &DependencyId, field: DependencyField, text: &str) -> Result<Command, String> {
    let current = doc.dependency(id).ok_or_else(|| format!("There is no dependency \"{id}\" any more"))?;
    let Some(row) = dependency_rows(current.routing, current.kind).find(|row| row.field == field) else {
        return Err("Unknown field".to_owned());
    };
    // A dependency field is read and refused as a component field is
    // (`read`, `message_for`); `field` only names it among those.
    let spec = FieldSpec { field: Field::Name, label: row.label, unit: row.unit, help: row.help, input: row.input, path: row.path };
    let typed = read(&spec, text)?;
    if let (DependencyField::Calls, Routing::Share, Typed::Number(Some(calls))) = (field, current.routing, &typed) {
        let alone = shares::shares_of(doc, &current.from).count() == 1;
        if alone && (calls - 1.0).abs() > shares::WHOLE_TOLERANCE {
            return Err(format!(
                "{} sends all of its traffic this way (100%): this is its only arrow. Connect another to split it, or make this number calls per request",
                doc.name_of(&current.from)
            ));
        }
        // Close to the whole is the whole, when there is nothing else.
        let calls = if alone { 1.0 } else { *calls };
        let edits = shares::with_share(doc, id, calls).ok_or_else(|| "Unknown field".to_owned())?;
        return check(doc, Command::Batch(edits), &spec, &[]);
    }
    let mut changed = current.clone();
    match (row.write, typed) {
        (DependencyWrite::Number(write), Typed::Number(v)) => write(&mut changed, v),
        (DependencyWrite::Toggle(write), Typed::Toggle(on)) => write(&mut changed, on),
        (DependencyWrite::Choice(write), Typed::Choice(value)) => write(&mut changed, &value),
        _ => {}
    }
    let command = connect::update(doc, changed).map_err(|e| message_for(&spec, &[], &e))?;
    check(doc, command, &spec, &[])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{mvp_that_creaks, DatabaseSettings};

    /// Edits `field` of `id` with `text` and checks the result: `Ok` with
    /// what the field shows afterwards, or the message.
    fn check_edit(id: &str, field: Field, text: &str, expected: Result<&str, &str>) {
        let mut doc = mvp_that_creaks();
        let got = edit(&doc, &id.into(), field, text).and_then(|command| {
            apply(&mut doc, command).map_err(|e| format!("dispatch refused: {e}"))?;
            let component = doc.component(&id.into()).ok_or("gone")?;
            Ok(value(&doc, component, field))
        });
        assert_eq!(got, expected.map(str::to_owned).map_err(str::to_owned), "{id}.{field:?} = {text:?}");
    }

    #[test]
    fn typed_values_become_edits_or_messages_naming_the_field() {
        check_edit("web", Field::Instances, "4", Ok("4"));
        check_edit("web", Field::Instances, " 4 ", Ok("4"));
        check_edit("web", Field::Instances, "0", Err("Instances must be at least 1, got 0"));
        check_edit("web", Field::Instances, "2.5", Err("Instances must be a whole number, got 2.5"));
        check_edit("web", Field::Instances, "", Err("Instances is empty: enter a number"));
        check_edit("web", Field::Instances, "many", Err("Instances must be a number, got \"many\""));
        // More instances than the autoscaling ceiling: the model explains.
        check_edit("web", Field::Instances, "8", Err("Autoscale up to must be at least instances (8), got 6"));
        check_edit("web", Field::Instances, "200000", Err("Instances must be at most 100000, got 200000"));
        check_edit("web", Field::Throughput, "1,200", Ok("1200"));
        check_edit("web", Field::Throughput, "-5", Err("Throughput per instance must not be negative, got -5"));
        check_edit("web", Field::Throughput, "0", Err("Throughput per instance must be greater than 0, got 0"));
        check_edit("web", Field::Throughput, "inf", Err("Throughput per instance must be a number, got \"inf\""));
        check_edit("web", Field::MaxInstances, "", Ok(""));
        check_edit("web", Field::MaxInstances, "12", Ok("12"));
        check_edit("web", Field::BaseLatency, "7.5", Ok("7.5"));
        check_edit("web", Field::ConnectionPool, "", Ok(""));
        check_edit("redis", Field::HitRatio, "95%", Ok("95"));
        check_edit("redis", Field::HitRatio, "150", Err("Hit ratio must be from 0 to 100%, got 150%"));
        check_edit("redis", Field::TtlSeconds, "", Ok(""));
        check_edit("redis", Field::TtlSeconds, "0", Err("Time to live must be greater than 0, got 0"));
        check_edit("redis", Field::WritePolicy, "write_through", Ok("write_through"));
        check_edit("redis", Field::Invalidation, "event_driven", Ok("event_driven"));
        check_edit("redis", Field::Invalidation, "<script>", Err("Invalidation must be one of the listed options"));
        check_edit("postgres", Field::ReadReplicas, "2", Ok("2"));
        check_edit("postgres", Field::ReadsOnPrimary, "true", Ok("true"));
        check_edit("postgres", Field::Shards, "0", Err("Shards must be at least 1, got 0"));
        check_edit("postgres", Field::FanOutShare, "12.5", Ok("12.5"));
        check_edit("postgres", Field::MaxConnections, "300", Ok("300"));
        check_edit("web", Field::Name, "  Web tier ", Ok("Web tier"));
        check_edit("web", Field::Name, "  ", Err("Name is empty: type a name"));
        check_edit("web", Field::Name, &"x".repeat(121), Err("Name must be at most 120 characters"));
        check_edit("web", Field::EntryRate, "50", Ok("50"));
        check_edit("lb", Field::EntryRate, "", Ok(""));
        check_edit("lb", Field::EntryRate, "-1", Err("Entry rate must not be negative, got -1"));
        // Fields that do not belong to the kind are refused.
        check_edit("web", Field::HitRatio, "50", Err("This field does not apply to this kind"));
    }

    #[test]
    fn a_field_number_reads_back_as_written() {
        for (value, shown) in [(1200.0, "1200"), (-0.0, "0"), (2.5, "2.5"), (1e-10, "0.0000000001"), (-5.0, "-5"), (1e15, "1000000000000000")] {
            assert_eq!(number_text(value), shown);
        }
    }

    #[test]
    fn every_kind_has_its_own_settings() {
        let titles = |kind: ComponentKind| -> Vec<&str> {
            sections(&Component::with_defaults("x", "X", kind)).iter().map(|s| s.title).collect()
        };
        assert_eq!(titles(ComponentKind::Cache), ["Component", "Capacity", "Cache", "Timing", "Measured"]);
        assert_eq!(titles(ComponentKind::Cdn), ["Component", "Capacity", "Edge cache", "Timing", "Measured"]);
        assert_eq!(titles(ComponentKind::Database), ["Component", "Capacity", "Database", "Timing", "Measured"]);
        assert_eq!(titles(ComponentKind::Service), ["Component", "Capacity", "Connections", "Memory", "Timing", "Measured"]);
        assert_eq!(titles(ComponentKind::Module), ["Component", "Capacity", "Connections", "Module", "Timing", "Measured"]);
        assert_eq!(titles(ComponentKind::ConnectionPooler), ["Component", "Capacity", "Pooler", "Timing", "Measured"]);
        assert_eq!(titles(ComponentKind::Function), ["Component", "Capacity", "Connections", "Function", "Timing", "Measured"]);
        assert_eq!(titles(ComponentKind::ExternalApi), ["Component", "Capacity", "Billing", "Timing", "Measured"]);
        let db = Component::with_defaults("x", "X", ComponentKind::Database);
        assert!(spec_of(&db, Field::MaxInstances).is_none(), "a database does not autoscale");
        // Every field of every kind shows a value that reads back.
        let doc = mvp_that_creaks();
        for kind in ComponentKind::ALL {
            let component = Component::with_defaults("x", "X", kind);
            for section in sections(&component) {
                for spec in section.fields {
                    let shown = value(&doc, &component, spec.field);
                    let read_back = read(&spec, &shown);
                    assert!(read_back.is_ok() || (spec.field == Field::Kind), "{kind:?} {:?}: {shown:?}", spec.field);
                }
            }
        }
    }

    #[test]
    fn service_time_variability_and_parallel_calls() {
        check_edit("postgres", Field::ServiceScv, "4", Ok("4"));
        check_edit("postgres", Field::ServiceScv, "0.25", Ok("0.25"));
        // Empty is the exponential's 1, stored as nothing.
        check_edit("postgres", Field::ServiceScv, "", Ok(""));
        check_edit("postgres", Field::ServiceScv, "-1", Err("Service-time variability must not be negative, got -1"));
        check_edit("postgres", Field::ServiceScv, "101", Err("Service-time variability must be at most 100 (a tail a hundred times the exponential's), got 101"));
        check_edit("web", Field::ParallelCalls, "true", Ok("true"));
        // Postgres calls nothing: it has no calls to make at once.
        let doc = mvp_that_creaks();
        let titles_and_fields = |id: &str| -> Vec<Field> {
            let c = doc.component(&id.into()).unwrap();
            sections_in(&doc, c).into_iter().find(|s| s.title == "Timing").map(|s| s.fields.iter().map(|f| f.field).collect()).unwrap_or_default()
        };
        assert_eq!(titles_and_fields("web"), [Field::ServiceScv, Field::ParallelCalls]);
        assert_eq!(titles_and_fields("postgres"), [Field::ServiceScv]);
        check_edit("postgres", Field::ParallelCalls, "true", Err("This field does not apply to this kind"));
        // The measured fields edit one at a time too, once there is a rate.
        check_edit("postgres", Field::ObservedRate, "240", Ok("240"));
        check_edit("postgres", Field::ObservedUtilisation, "64", Err("Enter the rate observed: the other figures are read at that rate."));
    }

    #[test]
    fn every_scaling_parameter_has_a_field_with_its_unit() {
        // The parameters the scaling patterns need (cache, replicas,
        // connection budget, pooler, sharding, autoscaling, function,
        // external API), each with the label and unit the inspector shows.
        let expected = [
            (ComponentKind::Cache, Field::HitRatio, "Hit ratio", "%"),
            (ComponentKind::Cdn, Field::HitRatio, "Hit ratio", "%"),
            (ComponentKind::Cache, Field::WritePolicy, "Write policy", ""),
            (ComponentKind::Cache, Field::TtlSeconds, "Time to live", "s"),
            (ComponentKind::Cache, Field::Invalidation, "Invalidation", ""),
            (ComponentKind::Database, Field::ReadReplicas, "Read replicas", "per shard"),
            (ComponentKind::Database, Field::ReadsOnPrimary, "Reads on the primary too", ""),
            (ComponentKind::Database, Field::MaxConnections, "Max connections", "per node"),
            (ComponentKind::Database, Field::Shards, "Shards", ""),
            (ComponentKind::Database, Field::FanOutShare, "Fan-out share", "%"),
            (ComponentKind::Database, Field::MonthlyCost, "Monthly cost per worker", "$/month"),
            (ComponentKind::Service, Field::ConnectionPool, "Connection pool", "per instance"),
            (ComponentKind::WorkerPool, Field::ConnectionPool, "Connection pool", "per instance"),
            (ComponentKind::Function, Field::ConnectionPool, "Connection pool", "per invocation"),
            (ComponentKind::ConnectionPooler, Field::ServerPool, "Server pool", "connections"),
            (ComponentKind::ConnectionPooler, Field::ClientLimit, "Client limit", "connections"),
            (ComponentKind::Service, Field::Instances, "Instances", ""),
            (ComponentKind::Service, Field::MaxInstances, "Autoscale up to", "instances"),
            (ComponentKind::WorkerPool, Field::Instances, "Workers", ""),
            (ComponentKind::WorkerPool, Field::Throughput, "Throughput per worker", "req/s"),
            (ComponentKind::WorkerPool, Field::MaxInstances, "Autoscale up to", "workers"),
            (ComponentKind::Function, Field::MaxInstances, "Concurrency limit", "invocations"),
            (ComponentKind::Function, Field::ColdStart, "Cold start", "ms"),
            (ComponentKind::Function, Field::ColdShare, "Cold starts", "%"),
            (ComponentKind::Function, Field::PricePerMillion, "Price per million", "$"),
            (ComponentKind::ExternalApi, Field::Instances, "Keys", ""),
            (ComponentKind::ExternalApi, Field::PricePerMillionCalls, "Price per million calls", "$"),
            (ComponentKind::ExternalApi, Field::Throughput, "Rate limit per key", "req/s"),
            (ComponentKind::ExternalApi, Field::BaseLatency, "Latency", "ms"),
            (ComponentKind::ExternalApi, Field::MonthlyCost, "Monthly cost per key", "$/month"),
        ];
        for (kind, field, label, unit) in expected {
            let spec = spec_of(&Component::with_defaults("x", "X", kind), field);
            assert_eq!(spec.map(|s| (s.label, s.unit)), Some((label, unit)), "{kind:?} {field:?}");
        }
        // A function's price is per invocation, not per instance.
        assert!(spec_of(&Component::with_defaults("x", "X", ComponentKind::Function), Field::MonthlyCost).is_none());
        // An external API cannot autoscale: its limit is what it is.
        assert!(spec_of(&Component::with_defaults("x", "X", ComponentKind::ExternalApi), Field::MaxInstances).is_none());
    }

    #[test]
    fn a_module_gets_a_host_cpu_time_and_memory() {
        let mut doc = crate::model::templates::modular_monolith();
        let search = doc.component(&"search".into()).unwrap();
        assert_eq!(value(&doc, search, Field::ModuleHost), "monolith");
        assert_eq!(value(&doc, search, Field::CpuMs), "20");
        assert_eq!(value(&doc, search, Field::MemoryMb), "700");
        assert_eq!(host_choices(&doc).iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), ["", "monolith"]);
        // Hosted, it runs on the host's instances: only its latency is its own.
        for field in [Field::Instances, Field::Throughput, Field::MaxInstances, Field::MonthlyCost] {
            assert!(spec_of(search, field).is_none(), "{field:?} of a hosted module");
        }
        assert!(spec_of(search, Field::BaseLatency).is_some());
        let cpu = edit(&doc, &"search".into(), Field::CpuMs, "12").unwrap();
        apply(&mut doc, cpu).unwrap();
        assert_eq!(doc.component(&"search".into()).unwrap().module.as_ref().unwrap().cpu_ms_per_request, 12.0);
        assert_eq!(
            edit(&doc, &"search".into(), Field::CpuMs, "0"),
            Err("CPU per request must be greater than 0, got 0".to_owned())
        );
        assert_eq!(
            edit(&doc, &"search".into(), Field::ModuleHost, "postgres"),
            Err("Host must be one of the listed deployables".to_owned())
        );
        // Unhosted, then hosted again: CPU time from its throughput.
        {
            let command = edit(&doc, &"search".into(), Field::ModuleHost, "").unwrap();
            apply(&mut doc, command).unwrap();
        }
        assert_eq!(doc.component(&"search".into()).unwrap().module, None);
        assert!(spec_of(doc.component(&"search".into()).unwrap(), Field::Instances).is_some(), "unhosted, it has instances");
        assert_eq!(
            edit(&doc, &"search".into(), Field::CpuMs, "5"),
            Err("Choose its host first: the CPU time is spent on the host".to_owned())
        );
        {
            let command = edit(&doc, &"search".into(), Field::ModuleHost, "monolith").unwrap();
            apply(&mut doc, command).unwrap();
        }
        assert_eq!(value(&doc, doc.component(&"search".into()).unwrap(), Field::CpuMs), "20");
        // The host's memory.
        {
            let command = edit(&doc, &"monolith".into(), Field::InstanceMemoryMb, "4096").unwrap();
            apply(&mut doc, command).unwrap();
        }
        assert_eq!(doc.component(&"monolith".into()).unwrap().instance_memory_mb, Some(4096.0));
        assert_eq!(
            edit(&doc, &"monolith".into(), Field::InstanceMemoryMb, "0"),
            Err("Memory per instance must be greater than 0, got 0".to_owned())
        );
        {
            let command = edit(&doc, &"search".into(), Field::MemoryMb, "").unwrap();
            apply(&mut doc, command).unwrap();
        }
        assert_eq!(doc.component(&"search".into()).unwrap().memory_mb, None);
    }

    #[test]
    fn changing_kind_resets_what_only_the_old_kind_had() {
        let doc = mvp_that_creaks();
        let redis = doc.component(&"redis".into()).unwrap();
        let as_db = change_kind(redis, ComponentKind::Database);
        assert_eq!(as_db.hit_ratio, None);
        assert_eq!(as_db.cache, None);
        assert_eq!(as_db.database, Some(DatabaseSettings::default()));
        // Redis had the cache's default throughput: it takes the database's.
        assert_eq!(as_db.throughput_per_instance, 800.0);
        // Postgres's throughput was tuned: it stays.
        let postgres = doc.component(&"postgres".into()).unwrap();
        let as_cache = change_kind(postgres, ComponentKind::Cache);
        assert_eq!(as_cache.throughput_per_instance, 400.0);
        assert_eq!((as_cache.hit_ratio, as_cache.database.clone()), (Some(0.8), None));
        let fresh = Component::with_defaults("s", "Service", ComponentKind::Service);
        let function = change_kind(&fresh, ComponentKind::Function);
        // Untouched defaults follow the kind, and so does the kind's name.
        assert_eq!((function.instances, function.throughput_per_instance), (100, 10.0));
        assert_eq!(function.name, "Function");
        assert!(function.function.is_some());
        let web = doc.component(&"web".into()).unwrap();
        let as_api = change_kind(web, ComponentKind::ExternalApi);
        assert_eq!(as_api.max_instances, None);
        assert_eq!(as_api.connection_pool, None);
        let mut d = doc.clone();
        apply(&mut d, edit(&doc, &"web".into(), Field::Kind, "external_api").unwrap()).unwrap();
        assert_eq!(d.validate(), Ok(()));
    }

    #[test]
    fn a_share_is_typed_in_percent_and_the_others_make_room() {
        let mut doc = mvp_that_creaks();
        let (command, id) = connect::connect(&doc, &"lb".into(), &"postgres".into()).unwrap();
        apply(&mut doc, command).unwrap();
        assert_eq!(dependency_value(doc.dependency(&id).unwrap(), DependencyField::Calls), "50");
        let command = edit_dependency(&doc, &id, DependencyField::Calls, "25%").unwrap();
        assert_eq!(command.label(), "2 edits");
        apply(&mut doc, command).unwrap();
        assert_eq!(dependency_value(doc.dependency(&"lb-web".into()).unwrap(), DependencyField::Calls), "75");
        assert_eq!(
            edit_dependency(&doc, &id, DependencyField::Calls, "120"),
            Err("Share of traffic must be from 0 to 100%, got 120%".to_owned())
        );
        // The only arrow of a balancer takes everything.
        let sample = mvp_that_creaks();
        assert_eq!(
            edit_dependency(&sample, &"lb-web".into(), DependencyField::Calls, "50"),
            Err("Load balancer sends all of its traffic this way (100%): this is its only arrow. Connect another to split it, or make this number calls per request".to_owned())
        );
        // Made calls per request, the number reads as calls again.
        let mut calls = sample.clone();
        apply(&mut calls, edit_dependency(&sample, &"lb-web".into(), DependencyField::Routing, "calls").unwrap()).unwrap();
        assert_eq!(dependency_value(calls.dependency(&"lb-web".into()).unwrap(), DependencyField::Calls), "1");
    }

    #[test]
    fn dependency_fields_edit_or_explain() {
        let doc = mvp_that_creaks();
        let id: DependencyId = "web-redis".into();
        assert!(edit_dependency(&doc, &id, DependencyField::Calls, "3").is_ok());
        assert_eq!(
            edit_dependency(&doc, &id, DependencyField::Calls, "-1"),
            Err("Calls per request must not be negative, got -1".to_owned())
        );
        assert!(edit_dependency(&doc, &id, DependencyField::Mode, "async").is_ok());
        assert!(edit_dependency(&doc, &id, DependencyField::Kind, "write").is_ok());
        // A read web → postgres beside the write; turning it into a write
        // would duplicate web-postgres.
        let mut with_read = doc.clone();
        let (add, read_id) = connect::connect(&doc, &"web".into(), &"postgres".into()).unwrap();
        apply(&mut with_read, add).unwrap();
        assert_eq!(
            edit_dependency(&with_read, &read_id, DependencyField::Kind, "write"),
            Err("\"web\" already has a write dependency on \"postgres\"; edit its calls instead".to_owned())
        );
        let d = doc.dependency(&"web-postgres".into()).unwrap();
        assert_eq!(dependency_value(d, DependencyField::Calls), "0.3");
        let mut deferred = doc.clone();
        apply(&mut deferred, edit_dependency(&doc, &"web-postgres".into(), DependencyField::Deferrable, "true").unwrap()).unwrap();
        assert!(deferred.dependency(&"web-postgres".into()).unwrap().deferrable);
    }

    #[test]
    fn a_read_says_how_often_it_repeats_and_an_api_what_a_call_costs() {
        let mut doc = mvp_that_creaks();
        // web → redis is a read: it has the field; web → postgres writes.
        let read = doc.dependency(&"web-redis".into()).unwrap();
        let fields = |d: &Dependency| dependency_fields(d.routing, d.kind).iter().map(|s| s.field).collect::<Vec<_>>();
        assert!(fields(read).contains(&DependencyField::RepeatShare));
        assert!(!fields(doc.dependency(&"web-postgres".into()).unwrap()).contains(&DependencyField::RepeatShare));
        assert_eq!(dependency_value(read, DependencyField::RepeatShare), "");
        let command = edit_dependency(&doc, &"web-redis".into(), DependencyField::RepeatShare, "40%").unwrap();
        apply(&mut doc, command).unwrap();
        let read = doc.dependency(&"web-redis".into()).unwrap();
        assert_eq!(read.repeat_share, Some(0.4));
        assert_eq!(dependency_value(read, DependencyField::RepeatShare), "40");
        assert_eq!(
            edit_dependency(&doc, &"web-redis".into(), DependencyField::RepeatShare, "140"),
            Err("Repeated reads must be from 0 to 100%, got 140%".to_owned())
        );
        let command = edit_dependency(&doc, &"web-redis".into(), DependencyField::RepeatShare, "").unwrap();
        apply(&mut doc, command).unwrap();
        assert_eq!(doc.dependency(&"web-redis".into()).unwrap().repeat_share, None);

        doc.components.push(Component::with_defaults("geo", "Geocoder", ComponentKind::ExternalApi));
        let geo: ComponentId = "geo".into();
        let command = edit(&doc, &geo, Field::PricePerMillionCalls, "5").unwrap();
        apply(&mut doc, command).unwrap();
        assert_eq!(doc.component(&geo).unwrap().price_per_million_calls, Some(5.0));
        assert_eq!(value(&doc, doc.component(&geo).unwrap(), Field::PricePerMillionCalls), "5");
        assert_eq!(
            edit(&doc, &geo, Field::PricePerMillionCalls, "-1"),
            Err("Price per million calls must not be negative, got -1".to_owned())
        );
        // Only an external API bills per call.
        assert!(spec_of(doc.component(&"web".into()).unwrap(), Field::PricePerMillionCalls).is_none());
    }
}

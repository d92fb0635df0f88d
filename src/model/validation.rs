//! Validation at the boundary: what a file, local storage or an inspector
//! field supplies is checked here once, and every message names the thing
//! and the field so the user can find it.

use rustc_hash::FxHashSet as HashSet;
use std::fmt;

use super::bounds;
use super::field_path;
use super::ids::{is_well_formed_id, quoted_id};
use super::{Component, ComponentId, ComponentKind, Document, Observation, Routing, Scenario};

/// One problem with one field.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    /// What holds the field: `component "db"`, `dependency "web->db"`,
    /// `scenario`.
    pub subject: String,
    /// The field as it is named in the file (`throughput_per_instance`).
    pub field: String,
    /// What is wrong, in words, with the offending value.
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, {}: {}", self.subject, self.field, self.message)
    }
}

/// Every problem found in a document.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

pub use super::bounds::MAX_INSTANCES;

/// A name (document, scenario, component, option), in characters.
const NAME_CHARS: usize = 120;
/// An option's note, in characters.
const NOTE_CHARS: usize = 20_000;

/// An observation the queueing model can explain: a utilisation a queue
/// can have, latencies no faster than the fixed part and a p95 no lower
/// than the mean.
fn observation(errors: &mut Collector, subject: &str, component: &Component, observed: &Observation) {
    use super::field_path::component as path;
    errors.positive(subject, path::OBSERVED_RATE, observed.rate);
    errors.within(subject, path::OBSERVED_RATE, observed.rate, &bounds::ENTRY_RATE);
    if let Some(utilisation) = observed.utilisation {
        if utilisation > 1.0 && utilisation.is_finite() {
            errors.push(
                subject,
                path::OBSERVED_UTILISATION,
                format!("cannot be over 100% (1): a queue that busy grows without end, got {}", bounds::written(utilisation)),
            );
        } else {
            errors.ratio(subject, path::OBSERVED_UTILISATION, utilisation, true);
        }
    }
    let base = component.base_latency_ms;
    for (field, value) in [(path::OBSERVED_MEAN_LATENCY_MS, observed.mean_latency_ms), (path::OBSERVED_P95_LATENCY_MS, observed.p95_latency_ms)] {
        let Some(value) = value else { continue };
        errors.within(subject, field, value, &bounds::LATENCY_MS);
        if value.is_finite() && value <= base {
            errors.push(
                subject,
                field,
                format!(
                    "must be above the base latency ({} ms), which every request waits without doing work, got {}",
                    bounds::written(base),
                    bounds::written(value)
                ),
            );
        }
    }
    if let (Some(mean), Some(p95)) = (observed.mean_latency_ms, observed.p95_latency_ms) {
        if p95 < mean {
            errors.push(
                subject,
                path::OBSERVED_P95_LATENCY_MS,
                format!("cannot be below the mean ({} ms), got {}", bounds::written(mean), bounds::written(p95)),
            );
        }
    }
    if let Some(connections) = observed.connections_in_use {
        if connections > bounds::MAX_CONNECTIONS {
            errors.push(subject, path::OBSERVED_CONNECTIONS_IN_USE, format!("must be at most {}, got {connections}", bounds::MAX_CONNECTIONS));
        }
    }
    if observed.date.chars().count() > NAME_CHARS {
        errors.push(subject, path::OBSERVED_DATE, format!("must be at most {NAME_CHARS} characters, got {}", observed.date.chars().count()));
    }
}

struct Collector(Vec<FieldError>);

impl Collector {
    fn into_result(self) -> Result<(), ValidationErrors> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors(self.0))
        }
    }

    fn push(&mut self, subject: &str, field: &str, message: String) {
        self.0.push(FieldError {
            subject: subject.to_owned(),
            field: field.to_owned(),
            message,
        });
    }

    fn positive(&mut self, subject: &str, field: &str, value: f64) {
        if !value.is_finite() {
            self.push(subject, field, format!("must be a finite number, got {}", bounds::written(value)));
        } else if value <= 0.0 {
            self.push(subject, field, format!("must be greater than 0, got {}", bounds::written(value)));
        }
    }

    /// `value` within `range` (`model::bounds`), else the range's words.
    fn within(&mut self, subject: &str, field: &str, value: f64, range: &bounds::Range) {
        if let Some(message) = range.refusal(value) {
            self.push(subject, field, message);
        }
    }

    fn ratio(&mut self, subject: &str, field: &str, value: f64, lower_open: bool) {
        let below = if lower_open { value <= 0.0 } else { value < 0.0 };
        if !value.is_finite() || below || value > 1.0 {
            let range = if lower_open { "above 0 and at most 1" } else { "between 0 and 1" };
            self.push(subject, field, format!("must be {range}, got {}", bounds::written(value)));
        }
    }
}

/// The growth alone, with the same message `validate` gives for it: what
/// a growth-dial step can break in an otherwise valid document.
pub(super) fn validate_growth(growth: f64) -> Result<(), ValidationErrors> {
    let mut errors = Collector(Vec::new());
    errors.within("scenario", field_path::scenario::GROWTH, growth, &bounds::GROWTH);
    errors.into_result()
}

/// Every rule a document keeps, in the order its messages are listed:
/// the components, the dependencies, the names, the scenario, the design
/// options and the migrations.
pub(super) fn validate(doc: &Document) -> Result<(), ValidationErrors> {
    let mut errors = Collector(Vec::new());
    let mut seen = HashSet::default();
    for component in &doc.components {
        let subject = format!("component \"{}\"", quoted_id(component.id.as_str()));
        component_identity(&mut errors, &subject, component, &mut seen);
        component_rules(&mut errors, &subject, doc, component);
    }
    let component_ids: HashSet<ComponentId> = doc.components.iter().map(|c| c.id.clone()).collect();
    dependencies(&mut errors, doc, &component_ids);
    names(&mut errors, doc);
    entries(&mut errors, &doc.scenario, &component_ids);
    scenario_figures(&mut errors, &doc.scenario);
    daily_profile(&mut errors, &doc.scenario.daily_profile);
    growth_overrides(&mut errors, &doc.scenario, &component_ids);
    utilisation_lines(&mut errors, &doc.scenario);
    options(&mut errors, doc);
    migrations(&mut errors, doc, &component_ids);
    errors.into_result()
}

/// The rules `component` keeps on its own (every rule of [`validate`]'s
/// first loop but the uniqueness of its id), as a member of `doc`: what
/// a change of one component's figures (its instances, its replicas) can
/// break in an otherwise valid document, checked without the rest.
pub(super) fn validate_component(doc: &Document, component: &Component) -> Result<(), ValidationErrors> {
    let mut errors = Collector(Vec::new());
    let subject = format!("component \"{}\"", quoted_id(component.id.as_str()));
    let mut seen = HashSet::default();
    component_identity(&mut errors, &subject, component, &mut seen);
    component_rules(&mut errors, &subject, doc, component);
    errors.into_result()
}

/// Everything a component keeps but its identity: capacity, settings,
/// host, resources, observation and position.
fn component_rules(errors: &mut Collector, subject: &str, doc: &Document, component: &Component) {
    component_capacity(errors, subject, component);
    component_settings(errors, subject, component);
    module_host(errors, subject, doc, component);
    component_resources(errors, subject, component);
    if let Some(observed) = &component.observed {
        observation(errors, subject, component, observed);
    }
    position(errors, subject, component);
}

/// A component's id is well formed and its own; its name fits.
fn component_identity(errors: &mut Collector, subject: &str, component: &Component, seen: &mut HashSet<ComponentId>) {
    use super::field_path::component as path;
    if !is_well_formed_id(component.id.as_str()) {
        errors.push(subject, path::ID, "must be 1–64 letters, digits, '-', '_' or '.'".to_owned());
    }
    if !seen.insert(component.id.clone()) {
        errors.push(subject, path::ID, "is used by more than one component".to_owned());
    }
    if component.name.chars().count() > NAME_CHARS {
        errors.push(subject, path::NAME, format!("must be at most {NAME_CHARS} characters"));
    }
}

/// Instances, the autoscaling ceiling (which only a kind that autoscales
/// may raise above them), throughput, latency, cost and hit ratio.
fn component_capacity(errors: &mut Collector, subject: &str, component: &Component) {
    use super::field_path::component as path;
    if component.instances == 0 {
        errors.push(subject, path::INSTANCES, "must be at least 1, got 0".to_owned());
    } else if component.instances > MAX_INSTANCES {
        errors.push(subject, path::INSTANCES, format!("must be at most {MAX_INSTANCES}, got {}", component.instances));
    }
    if let Some(max) = component.max_instances {
        if max < component.instances {
            errors.push(subject, path::MAX_INSTANCES, format!("must be at least instances ({}), got {max}", component.instances));
        } else if max > MAX_INSTANCES {
            errors.push(subject, path::MAX_INSTANCES, format!("must be at most {MAX_INSTANCES}, got {max}"));
        }
    }
    errors.within(subject, path::THROUGHPUT_PER_INSTANCE, component.throughput_per_instance, &bounds::THROUGHPUT);
    errors.within(subject, path::BASE_LATENCY_MS, component.base_latency_ms, &bounds::LATENCY_MS);
    errors.within(subject, path::MONTHLY_COST_PER_INSTANCE, component.monthly_cost_per_instance, &bounds::MONTHLY_COST);
    if let Some(hit_ratio) = component.hit_ratio {
        errors.ratio(subject, path::HIT_RATIO, hit_ratio, false);
    }
    if component.max_instances.is_some_and(|max| max > component.instances) && !component.kind.can_autoscale() {
        errors.push(
            subject,
            path::MAX_INSTANCES,
            format!(
                "must equal instances: a {} does not autoscale{}",
                component.kind.label().to_lowercase(),
                match component.kind {
                    ComponentKind::Database => " (add read replicas or shards instead)",
                    ComponentKind::Module => " (it scales with its host)",
                    _ => "",
                }
            ),
        );
    }
}

/// The kind-specific settings: a cache's expiry, a database's nodes and
/// connections, a connection pool, a pooler's pools, a function's cold
/// starts and price, a module's CPU time.
fn component_settings(errors: &mut Collector, subject: &str, component: &Component) {
    use super::field_path::component as path;
    if let Some(ttl) = component.cache.as_ref().and_then(|cache| cache.ttl_seconds) {
        errors.within(subject, path::CACHE_TTL_SECONDS, ttl, &bounds::TTL_SECONDS);
    }
    if let Some(database) = &component.database {
        if database.shards == 0 {
            errors.push(subject, path::DATABASE_SHARDS, "must be at least 1, got 0".to_owned());
        }
        if database.max_connections == 0 {
            errors.push(subject, path::DATABASE_MAX_CONNECTIONS, "must be at least 1, got 0".to_owned());
        } else if database.max_connections > bounds::MAX_CONNECTIONS {
            errors.push(
                subject,
                path::DATABASE_MAX_CONNECTIONS,
                format!("must be at most {}, got {}", bounds::MAX_CONNECTIONS, database.max_connections),
            );
        }
        if database.read_replicas > 1_000 || database.shards > 10_000 {
            errors.push(subject, path::DATABASE, "at most 1000 replicas and 10000 shards".to_owned());
        }
        errors.ratio(subject, path::DATABASE_FAN_OUT_SHARE, database.fan_out_share, false);
    }
    if component.connection_pool == Some(0) {
        errors.push(subject, path::CONNECTION_POOL, "must be at least 1 when set, got 0".to_owned());
    } else if let Some(pool) = component.connection_pool.filter(|p| *p > bounds::MAX_CONNECTIONS) {
        errors.push(subject, path::CONNECTION_POOL, format!("must be at most {}, got {pool}", bounds::MAX_CONNECTIONS));
    }
    if let Some(pooler) = &component.pooler {
        if pooler.server_pool == 0 {
            errors.push(subject, path::POOLER_SERVER_POOL, "must be at least 1, got 0".to_owned());
        }
        if pooler.max_client_connections == 0 {
            errors.push(subject, path::POOLER_MAX_CLIENT_CONNECTIONS, "must be at least 1, got 0".to_owned());
        }
        for (field, value) in [
            (path::POOLER_SERVER_POOL, pooler.server_pool),
            (path::POOLER_MAX_CLIENT_CONNECTIONS, pooler.max_client_connections),
        ] {
            if value > bounds::MAX_CONNECTIONS {
                errors.push(subject, field, format!("must be at most {}, got {value}", bounds::MAX_CONNECTIONS));
            }
        }
    }
    if let Some(function) = &component.function {
        errors.within(subject, path::FUNCTION_COLD_START_MS, function.cold_start_ms, &bounds::LATENCY_MS);
        errors.ratio(subject, path::FUNCTION_COLD_START_SHARE, function.cold_start_share, false);
        errors.within(subject, path::FUNCTION_PRICE_PER_MILLION, function.price_per_million, &bounds::PRICE_PER_MILLION);
    }
    if let Some(module) = &component.module {
        errors.within(subject, path::MODULE_CPU_MS_PER_REQUEST, module.cpu_ms_per_request, &bounds::CPU_MS);
    }
}

/// A module's host is another component of the document, and not a module.
fn module_host(errors: &mut Collector, subject: &str, doc: &Document, component: &Component) {
    use super::field_path::component as path;
    let Some(module) = &component.module else { return };
    if module.host == component.id {
        errors.push(subject, path::MODULE_HOST, "cannot be the module itself".to_owned());
        return;
    }
    match doc.component(&module.host) {
        None => errors.push(
            subject,
            path::MODULE_HOST,
            format!("names an unknown component \"{}\"", quoted_id(module.host.as_str())),
        ),
        Some(host) if host.kind == ComponentKind::Module => errors.push(
            subject,
            path::MODULE_HOST,
            format!("\"{}\" is a module itself: a module is hosted by a deployable", module.host),
        ),
        Some(_) => {}
    }
}

/// Memory, service-time variability and a per-call price, where given.
fn component_resources(errors: &mut Collector, subject: &str, component: &Component) {
    use super::field_path::component as path;
    if let Some(memory) = component.memory_mb {
        errors.within(subject, path::MEMORY_MB, memory, &bounds::MEMORY_MB);
    }
    if let Some(memory) = component.instance_memory_mb {
        errors.positive(subject, path::INSTANCE_MEMORY_MB, memory);
        errors.within(subject, path::INSTANCE_MEMORY_MB, memory, &bounds::MEMORY_MB);
    }
    if let Some(scv) = component.service_scv {
        errors.within(subject, path::SERVICE_SCV, scv, &bounds::VARIABILITY);
    }
    if let Some(price) = component.price_per_million_calls {
        errors.within(subject, path::PRICE_PER_MILLION_CALLS, price, &bounds::PRICE_PER_MILLION);
    }
}

/// Where a box is drawn, when it has been placed: finite coordinates.
fn position(errors: &mut Collector, subject: &str, component: &Component) {
    use super::field_path::component as path;
    if let Some(position) = component.position {
        if !position.x.is_finite() || !position.y.is_finite() {
            errors.push(subject, path::POSITION, "must be finite coordinates".to_owned());
        }
    }
}

/// Every dependency: its own well-formed id, ends that are components, a
/// number of calls in range (a share at most the whole).
fn dependencies(errors: &mut Collector, doc: &Document, component_ids: &HashSet<ComponentId>) {
    use super::field_path::dependency as path;
    let mut seen = HashSet::default();
    for dependency in &doc.dependencies {
        let subject = format!("dependency \"{}\"", quoted_id(dependency.id.as_str()));
        if !is_well_formed_id(dependency.id.as_str()) {
            errors.push(&subject, path::ID, "must be 1–64 letters, digits, '-', '_' or '.'".to_owned());
        }
        if !seen.insert(dependency.id.clone()) {
            errors.push(&subject, path::ID, "is used by more than one dependency".to_owned());
        }
        for (field, end) in [(path::FROM, &dependency.from), (path::TO, &dependency.to)] {
            if !component_ids.contains(end) {
                errors.push(&subject, field, format!("names an unknown component \"{}\"", quoted_id(end.as_str())));
            }
        }
        errors.within(&subject, path::CALLS, dependency.calls, &bounds::CALLS);
        if let Some(share) = dependency.repeat_share {
            errors.ratio(&subject, path::REPEAT_SHARE, share, false);
        }
        if dependency.routing == Routing::Share && dependency.calls > 1.0 {
            errors.push(
                &subject,
                path::CALLS,
                format!(
                    "a share of the caller's traffic is at most 1 (100%), got {}; for more calls per request make it calls",
                    bounds::written(dependency.calls)
                ),
            );
        }
    }
}

/// The document's and the scenario's names fit.
fn names(errors: &mut Collector, doc: &Document) {
    for (subject, field, text) in [
        ("document", field_path::document::NAME, &doc.name),
        ("scenario", field_path::scenario::NAME, &doc.scenario.name),
    ] {
        if text.chars().count() > NAME_CHARS {
            errors.push(subject, field, format!("must be at most {NAME_CHARS} characters, got {}", text.chars().count()));
        }
    }
}

/// Every entry point: a component of the document, a rate and arrival
/// variability in range, an objective that is a percentile and a time.
fn entries(errors: &mut Collector, scenario: &Scenario, component_ids: &HashSet<ComponentId>) {
    use super::field_path::entry as path;
    for (i, entry) in scenario.entries.iter().enumerate() {
        let subject = format!("scenario entry {} (\"{}\")", i + 1, quoted_id(entry.component.as_str()));
        if !component_ids.contains(&entry.component) {
            errors.push(
                &subject,
                path::COMPONENT,
                format!("names an unknown component \"{}\"", quoted_id(entry.component.as_str())),
            );
        }
        errors.within(&subject, path::RATE, entry.rate, &bounds::ENTRY_RATE);
        if let Some(scv) = entry.arrival_scv {
            errors.within(&subject, path::ARRIVAL_SCV, scv, &bounds::VARIABILITY);
        }
        if let Some(objective) = &entry.objective {
            if !(objective.percentile > 0.0 && objective.percentile < 1.0) {
                errors.push(
                    &subject,
                    path::OBJECTIVE_PERCENTILE,
                    format!("must be above 0 and below 1 (0.99 for p99), got {}", bounds::written(objective.percentile)),
                );
            }
            errors.positive(&subject, path::OBJECTIVE_TARGET_MS, objective.target_ms);
            errors.within(&subject, path::OBJECTIVE_TARGET_MS, objective.target_ms, &bounds::LATENCY_MS);
        }
    }
}

/// The scenario's single figures: failure sizes, growth, peak factor and
/// the service overhead.
fn scenario_figures(errors: &mut Collector, scenario: &Scenario) {
    use super::field_path::scenario as path;
    errors.ratio("scenario", path::FAILURES_ZONE_SHARE, scenario.failures.zone_share, true);
    errors.within("scenario", path::FAILURES_API_SLOWDOWN, scenario.failures.api_slowdown, &bounds::SLOWDOWN);
    errors.within("scenario", path::GROWTH, scenario.growth, &bounds::GROWTH);
    errors.within("scenario", path::PEAK_FACTOR, scenario.peak_factor, &bounds::PEAK_FACTOR);
    errors.within("scenario", path::OVERHEAD_MONTHLY_PER_SERVICE, scenario.overhead.monthly_per_service, &bounds::MONTHLY_COST);
    errors.within("scenario", path::OVERHEAD_HOP_LATENCY_MS, scenario.overhead.hop_latency_ms, &bounds::LATENCY_MS);
}

/// Twenty-four hours, none negative or out of range, at least one with load.
fn daily_profile(errors: &mut Collector, profile: &[f64]) {
    use super::field_path::scenario as path;
    if profile.len() != 24 {
        errors.push("scenario", path::DAILY_PROFILE, format!("must have 24 hourly values, got {}", profile.len()));
    }
    for (hour, value) in profile.iter().enumerate() {
        if !value.is_finite() || *value < 0.0 {
            errors.push("scenario", &path::daily_profile_hour(hour), format!("must be 0 or more, got {}", bounds::written(*value)));
        } else {
            errors.within("scenario", &path::daily_profile_hour(hour), *value, &bounds::PROFILE_HOUR);
        }
    }
    if !profile.iter().any(|v| *v > 0.0) {
        errors.push("scenario", path::DAILY_PROFILE, "needs at least one hour with load".to_owned());
    }
}

/// Every growth override names a component and has a factor in range;
/// several on one component multiply, and their product is what its
/// traffic is multiplied by, so it has the one factor's range.
fn growth_overrides(errors: &mut Collector, scenario: &Scenario, component_ids: &HashSet<ComponentId>) {
    use super::field_path::growth_override as path;
    for (i, growth_override) in scenario.growth_overrides.iter().enumerate() {
        let subject = format!("growth override {} (\"{}\")", i + 1, quoted_id(growth_override.component.as_str()));
        if !component_ids.contains(&growth_override.component) {
            errors.push(
                &subject,
                path::COMPONENT,
                format!("names an unknown component \"{}\"", quoted_id(growth_override.component.as_str())),
            );
        }
        errors.within(&subject, path::FACTOR, growth_override.factor, &bounds::GROWTH_FACTOR);
    }
    let mut products: Vec<(&ComponentId, f64)> = Vec::new();
    for growth_override in &scenario.growth_overrides {
        match products.iter_mut().find(|(id, _)| **id == growth_override.component) {
            Some((_, product)) => *product *= growth_override.factor,
            None => products.push((&growth_override.component, growth_override.factor)),
        }
    }
    for (component, product) in products {
        let several = scenario.growth_overrides.iter().filter(|o| o.component == *component).count() > 1;
        if several && product.is_finite() && product > bounds::GROWTH_FACTOR.max {
            errors.push(
                &format!("growth overrides of \"{component}\""),
                path::FACTOR,
                format!("multiply to {product:e}: together they must be at most {}", bounds::GROWTH_FACTOR.max_words),
            );
        } else if several && !product.is_finite() {
            errors.push(&format!("growth overrides of \"{component}\""), path::FACTOR, "multiply beyond any number".to_owned());
        }
    }
}

/// The comfort line and the utilisation limit are utilisations a line can
/// be drawn at.
fn utilisation_lines(errors: &mut Collector, scenario: &Scenario) {
    use super::field_path::scenario as path;
    errors.within("scenario", path::COMFORT_LINE, scenario.comfort_line, &bounds::UTILISATION_LINE);
    errors.within("scenario", path::UTILISATION_LIMIT, scenario.utilisation_limit, &bounds::UTILISATION_LINE);
}

/// Every design option: its own well-formed id, a name and note that fit,
/// and an architecture that obeys every rule the main line does (its
/// errors named after the option).
fn options(errors: &mut Collector, doc: &Document) {
    use super::field_path::option as path;
    let mut seen = HashSet::default();
    for option in &doc.options {
        let subject = format!("option \"{}\"", quoted_id(&option.id));
        if !is_well_formed_id(&option.id) {
            errors.push(&subject, path::ID, "must be 1–64 letters, digits, '-', '_' or '.'".to_owned());
        }
        if !seen.insert(option.id.clone()) {
            errors.push(&subject, path::ID, "is used by more than one option".to_owned());
        }
        if option.name.chars().count() > NAME_CHARS {
            errors.push(&subject, path::NAME, format!("must be at most {NAME_CHARS} characters"));
        }
        if option.note.chars().count() > NOTE_CHARS {
            errors.push(&subject, path::NOTE, format!("must be at most {NOTE_CHARS} characters"));
        }
        let as_doc = option.as_document(doc);
        if let Err(inner) = validate(&as_doc) {
            for error in inner.0 {
                errors.push(&subject, &format!("{}: {}", error.subject, error.field), error.message);
            }
        }
    }
}

/// Every migration: both ends are components, and its steps keep their
/// own rules.
fn migrations(errors: &mut Collector, doc: &Document, component_ids: &HashSet<ComponentId>) {
    use super::field_path::migration as path;
    for (i, migration) in doc.migrations.iter().enumerate() {
        let subject = format!("migration {}", i + 1);
        for (field, id) in [(path::OLD, &migration.old), (path::NEW, &migration.new)] {
            if !component_ids.contains(id) {
                errors.push(&subject, field, format!("names \"{}\", which is not a component", quoted_id(id.as_str())));
            }
        }
        for (field, message) in migration.problems() {
            errors.push(&subject, &field, message);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{mvp_that_creaks, ComponentId};

    fn messages(doc: &crate::model::Document) -> Vec<String> {
        match doc.validate() {
            Ok(()) => Vec::new(),
            Err(errors) => errors.0.iter().map(|e| e.to_string()).collect(),
        }
    }

    fn check(edit: impl FnOnce(&mut crate::model::Document), expected: &str) {
        let mut doc = mvp_that_creaks();
        edit(&mut doc);
        let found = messages(&doc);
        assert!(
            found.iter().any(|m| m.contains(expected)),
            "expected a message containing {expected:?}, got {found:?}"
        );
    }

    #[test]
    fn the_sample_is_valid() {
        assert_eq!(messages(&mvp_that_creaks()), Vec::<String>::new());
    }

    #[test]
    fn every_bad_value_is_named_with_its_component_and_field() {
        check(|d| d.components[0].throughput_per_instance = -5.0,
              "component \"lb\", throughput_per_instance: must be greater than 0, got -5");
        check(|d| d.components[0].throughput_per_instance = 0.0,
              "throughput_per_instance: must be greater than 0, got 0");
        check(|d| d.components[0].throughput_per_instance = f64::NAN,
              "throughput_per_instance: must be a finite number");
        check(|d| d.components[1].instances = 0, "component \"web\", instances: must be at least 1");
        check(|d| d.components[3].hit_ratio = Some(1.5),
              "component \"redis\", hit_ratio: must be between 0 and 1, got 1.5");
        check(|d| d.components[1].id = d.components[0].id.clone(), "is used by more than one component");
        check(|d| d.dependencies[0].to = ComponentId::new("nowhere"),
              "to: names an unknown component \"nowhere\"");
        check(|d| d.dependencies[0].calls = f64::INFINITY, "calls: must be a finite number");
        check(|d| d.dependencies[0].repeat_share = Some(1.2),
              "dependency \"lb-web\", repeat_share: must be between 0 and 1, got 1.2");
        check(|d| d.dependencies[0].repeat_share = Some(f64::NAN), "repeat_share: must be between 0 and 1");
        check(|d| d.components[0].price_per_million_calls = Some(-1.0), "component \"lb\", price_per_million_calls:");
        check(|d| d.scenario.entries[0].rate = -1.0, "rate: must not be negative");
        check(|d| d.scenario.growth = 0.0, "scenario, growth: must be greater than 0");
        check(|d| d.scenario.comfort_line = 0.0, "comfort_line: must be greater than 0, got 0");
        check(|d| d.scenario.comfort_line = 5e-324, "comfort_line: must be at least 0.01, got 5e-324");
        check(|d| d.components[1].max_instances = Some(1), "max_instances: must be at least instances");
        check(|d| d.components[1].id = ComponentId::new("<img src=x>"), "id: must be 1–64 letters");
        check(|d| d.components[2].max_instances = Some(4),
              "component \"postgres\", max_instances: must equal instances: a relational database does not autoscale (add read replicas or shards instead)");
        check(|d| d.components[2].database.as_mut().unwrap().shards = 0, "database.shards: must be at least 1");
        check(|d| d.components[2].database.as_mut().unwrap().fan_out_share = 1.5, "database.fan_out_share: must be between 0 and 1");
        check(|d| d.scenario.daily_profile.pop().map(|_| ()).unwrap_or(()), "daily_profile: must have 24 hourly values, got 23");
        check(|d| d.scenario.daily_profile[3] = -1.0, "daily_profile[3]: must be 0 or more");
        check(|d| d.scenario.peak_factor = 0.0, "peak_factor: must be greater than 0");
        check(|d| d.scenario.growth_overrides.push(crate::model::GrowthOverride { component: ComponentId::new("x"), factor: 2.0 }),
              "growth override 1 (\"x\"), component: names an unknown component");
    }

    #[test]
    fn observations_that_cannot_be_explained_are_refused_by_field() {
        let observed = |rate: f64| crate::model::Observation { rate, ..Default::default() };
        check(|d| d.components[1].observed = Some(crate::model::Observation { utilisation: Some(1.2), ..observed(100.0) }),
              "component \"web\", observed.utilisation: cannot be over 100% (1)");
        check(|d| d.components[1].observed = Some(crate::model::Observation { mean_latency_ms: Some(1.0), ..observed(100.0) }),
              "observed.mean_latency_ms: must be above the base latency");
        check(|d| d.components[1].observed = Some(crate::model::Observation {
                  mean_latency_ms: Some(40.0), p95_latency_ms: Some(30.0), ..observed(100.0) }),
              "observed.p95_latency_ms: cannot be below the mean (40 ms), got 30");
        check(|d| d.components[1].observed = Some(observed(0.0)), "observed.rate: must be greater than 0");
        check(|d| d.components[1].service_scv = Some(-1.0), "service_scv: must not be negative");
        check(|d| d.scenario.entries[0].objective = Some(crate::model::LatencyObjective { percentile: 99.0, target_ms: 300.0 }),
              "objective.percentile: must be above 0 and below 1 (0.99 for p99), got 99");
    }
}

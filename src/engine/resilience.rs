//! Failures: what the system's headroom and latency become when part of
//! it fails — one instance lost, an availability zone lost, a cache gone
//! cold (hit ratio 0: every read reaches the store behind it), a read
//! replica lost, an external API slowed — tried one at a time on every
//! component they apply to, and the verdict in plain words.
//!
//! Each failure is the document edited (fewer instances, a hit ratio of 0)
//! and solved again, so it is judged by exactly the rules the report uses.

use serde::Serialize;

use super::analysis::{ranked, ranking_keys, ranks_before, Analysis, LocalChange};
use super::report::{ComponentLoad, EntryLatency, Limit, Report, Saturation, Violation};
use crate::model::{Component, ComponentId, ComponentKind, Document, FailureSizes};

/// One failure of one component, with its size.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Failure {
    /// One instance lost (an autoscaler's ceiling falls by one too). A
    /// database's instances are the workers of each node, so for a
    /// database this is its one node lost: an outage without a replica.
    InstanceLost,
    /// An availability zone lost: `lost` of its instances
    /// (⌈instances × zone share⌉, and as many off an autoscaler's ceiling).
    ZoneLost { lost: u32 },
    /// A cache or CDN emptied: every read misses.
    CacheCold,
    /// One read replica fewer (per shard); also what a primary lost
    /// leaves once a replica is promoted.
    ReplicaLost,
    /// An external API answering `factor` times slower than usual.
    ApiSlowed { factor: f64 },
}

/// What one failure does at the current growth.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FailureRow {
    pub component: ComponentId,
    pub failure: Failure,
    /// The failure takes the component out entirely (no redundancy).
    pub outage: bool,
    /// Nothing saturated and nothing violated at the current growth.
    pub holds: bool,
    /// The system's headroom under the failure (the report's headroom:
    /// the soonest saturation over the current growth), never more than
    /// without it; 0 for an outage, `None` when nothing carries traffic.
    pub headroom: Option<f64>,
    /// The first component to reach its limit under the failure (the
    /// component itself for an outage).
    pub breaks_first: Option<ComponentId>,
    /// Which limit it reaches.
    pub limit: Option<Limit>,
    /// The mean end-to-end latency of a request entering anywhere
    /// (entries weighted by rate), seconds, without and with the failure;
    /// `None` where a component some entry waits for is saturated or down.
    pub latency_before: Option<f64>,
    pub latency_after: Option<f64>,
    /// The same per entry point, in the report's order.
    pub entry_latency: Vec<EntryLatencyChange>,
}

/// One entry point's mean end-to-end latency without and with a failure,
/// seconds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntryLatencyChange {
    pub entry: ComponentId,
    pub before: Option<f64>,
    pub after: Option<f64>,
}

/// The summary the page says in words (`words::resilience::resilience_verdict`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResilienceVerdict {
    /// The growth (absolute, like the dial) up to which losing one
    /// instance of any component that has more than one leaves every
    /// component under the limit; `None` when no component has a spare.
    pub one_instance_lost_until: Option<f64>,
    /// The row that sets it.
    pub one_instance_lost_row: Option<usize>,
    /// Components carrying traffic that one failure takes out entirely.
    pub single_points_of_failure: Vec<ComponentId>,
    /// The failure (outages aside) that leaves the least headroom, when
    /// it is less than without any failure.
    pub worst_row: Option<usize>,
}

/// Every failure tried on a document at one growth.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResilienceTable {
    pub growth: f64,
    /// The headroom with nothing failed.
    pub headroom: Option<f64>,
    /// In document order, each component's failures in [`Failure`]'s order.
    pub rows: Vec<FailureRow>,
    pub verdict: ResilienceVerdict,
}

/// A copy of what the analysis reads, without the options and decisions
/// (a failure is tried on the main line only, and they can be large).
fn working_copy(doc: &Document) -> Document {
    Document {
        schema_version: doc.schema_version,
        name: String::new(),
        components: doc.components.clone(),
        dependencies: doc.dependencies.clone(),
        scenario: doc.scenario.clone(),
        decisions: Vec::new(),
        options: Vec::new(),
        migrations: Vec::new(),
        positions: Default::default(),
    }
}

/// The failures that apply to `component`. A function's instances and an
/// API's keys are not ours to lose, and a module fails with its host.
fn failures_of(component: &Component, sizes: &FailureSizes) -> Vec<Failure> {
    let mut found = Vec::new();
    let instances = component.instances;
    match component.kind {
        ComponentKind::Function | ComponentKind::Module => {}
        ComponentKind::ExternalApi => {
            if sizes.api_slowdown > 1.0 && component.base_latency_ms > 0.0 {
                found.push(Failure::ApiSlowed { factor: sizes.api_slowdown });
            }
        }
        ComponentKind::Database => match component.database.as_ref().map_or(0, |d| d.read_replicas) {
            0 => found.push(Failure::InstanceLost),
            _ => found.push(Failure::ReplicaLost),
        },
        _ => {
            found.push(Failure::InstanceLost);
            let share = sizes.zone_share;
            if instances > 1 && share > 0.0 && share.is_finite() {
                // Tolerate float noise: a third of 3 instances is one.
                let lost = ((f64::from(instances) * share.min(1.0)) * (1.0 - 1e-12)).ceil() as u32;
                let lost = lost.clamp(1, instances);
                // A zone holding one instance is the instance lost again.
                if lost > 1 {
                    found.push(Failure::ZoneLost { lost });
                }
            }
            if component.kind.serves_hits() && component.effective_hit_ratio() > 0.0 {
                found.push(Failure::CacheCold);
            }
        }
    }
    found
}

/// Whether the failure leaves the component nothing to serve with.
fn is_outage(component: &Component, failure: &Failure) -> bool {
    let replicas = component.database.as_ref().map_or(0, |d| d.read_replicas);
    match *failure {
        Failure::InstanceLost if component.kind == ComponentKind::Database => replicas == 0,
        Failure::InstanceLost => component.instances <= 1,
        Failure::ZoneLost { lost } => lost >= component.instances,
        Failure::CacheCold | Failure::ReplicaLost | Failure::ApiSlowed { .. } => false,
    }
}

/// The main line (without its options and decisions) with `failure`
/// applied to component `i`, for the page to solve or show; `None` for an
/// outage, which no queue models.
pub fn with_failure(doc: &Document, i: usize, failure: &Failure) -> Option<Document> {
    let failed = failed_component(doc.components.get(i)?, failure)?;
    let mut copy = working_copy(doc);
    copy.components[i] = failed;
    Some(copy)
}

/// `component` with `failure` applied; `None` for an outage.
fn failed_component(component: &Component, failure: &Failure) -> Option<Component> {
    if is_outage(component, failure) {
        return None;
    }
    let mut target = component.clone();
    let lose = |target: &mut Component, lost: u32| {
        // An autoscaler loses the instances from its ceiling too: the
        // zone or the quota they ran in is gone.
        let remaining = target.instances.saturating_sub(lost);
        target.instances = remaining;
        target.max_instances = target.max_instances.map(|m| m.saturating_sub(lost).max(remaining));
    };
    match *failure {
        Failure::InstanceLost if target.kind != ComponentKind::Database => lose(&mut target, 1),
        Failure::ZoneLost { lost } => lose(&mut target, lost),
        Failure::CacheCold => target.hit_ratio = Some(0.0),
        // A database node lost with a replica to promote leaves one
        // replica fewer.
        Failure::InstanceLost | Failure::ReplicaLost => {
            if let Some(settings) = target.database.as_mut() {
                // The model's shards are identical, so one replica fewer in
                // each shard loads the busiest replica as one fewer in one.
                settings.read_replicas = settings.read_replicas.saturating_sub(1);
            }
        }
        Failure::ApiSlowed { factor } => target.base_latency_ms *= factor,
    }
    Some(target)
}

/// Whether nothing is saturated or violated: every component under the
/// limit (the soonest saturation past the current growth).
fn report_holds(report: &Report) -> bool {
    report.headroom().is_none_or(|h| h > 1.0) && report.violations.is_empty() && report.saturated().next().is_none()
}

/// Whether entry `e`'s requests wait for any of `positions` (a component
/// and the modules it hosts).
fn waits_for(report: &Report, e: usize, positions: &[usize]) -> bool {
    let visits = &report.entries[e].visit_ratios;
    positions.iter().any(|&p| visits.get(p).is_some_and(|&v| v > 0.0))
}

/// The mean of `latency` over every request entering, each entry point
/// weighted by its rate; `None` when one with traffic has none.
fn mean_latency(report: &Report, latency: impl Fn(usize, &EntryLatency) -> Option<f64>) -> Option<f64> {
    mean_of(report.entries.iter().enumerate().map(|(e, entry)| (entry.rate, latency(e, entry))))
}

/// The mean of (rate, latency) pairs weighted by rate, over those with a
/// rate; `None` when one with a rate has no latency.
fn mean_of(entries: impl Iterator<Item = (f64, Option<f64>)>) -> Option<f64> {
    let (mut weighted, mut total) = (0.0, 0.0);
    for (rate, latency) in entries.filter(|(rate, _)| *rate > 0.0) {
        weighted += rate * latency?;
        total += rate;
    }
    (total > 0.0).then(|| weighted / total)
}

/// What a row needs of the report under a failure.
struct After {
    bottleneck: Option<Saturation>,
    /// Nothing saturated and nothing violated under the failure.
    holds: bool,
    /// Each entry point's mean latency under the failure, in the report's
    /// order.
    latencies: Vec<Option<f64>>,
}

impl After {
    fn of(report: &Report) -> After {
        After {
            bottleneck: report.bottleneck().cloned(),
            holds: report_holds(report),
            latencies: report.entries.iter().map(|e| e.latency).collect(),
        }
    }
}

/// What is read of a report when a change's figures are worked out from
/// the ones it changes ([`Analysis::local_change`]): a failure's row here,
/// a cost audit's check of a resize (`audit`).
pub(super) struct Baseline {
    /// The ranking as (growth, position) keys, soonest first.
    keys: Vec<(f64, usize)>,
    /// Per component, the violations its own load shows.
    own_violations: Vec<usize>,
    violations: usize,
    saturated: usize,
    /// Per component, whether it is saturated and its response time, read
    /// from small lists rather than from each load.
    was_saturated: Vec<bool>,
    response_time: Vec<Option<f64>>,
}

impl Baseline {
    pub(super) fn of(before: &Report) -> Baseline {
        let mut own_violations = vec![0; before.components.len()];
        for violation in &before.violations {
            let own = matches!(
                violation,
                Violation::RateLimit { .. } | Violation::UnboundedBacklog { .. } | Violation::ScalingCapped { .. }
            );
            if let Some(i) = before.position(violation.component()).filter(|_| own) {
                own_violations[i] += 1;
            }
        }
        Baseline {
            keys: ranking_keys(&before.components, &before.connections),
            own_violations,
            violations: before.violations.len(),
            saturated: before.saturated().count(),
            was_saturated: before.components.iter().map(ComponentLoad::is_saturated).collect(),
            response_time: before.components.iter().map(ComponentLoad::response_time).collect(),
        }
    }

    /// How many violations the report lists under `change`: those of the
    /// loads and budgets it changes counted off, their new ones on.
    pub(super) fn violations_after(&self, before: &Report, change: &LocalChange) -> usize {
        let removed = change.loads.iter().map(|l| self.own_violations[l.position]).sum::<usize>()
            + change.budgets.iter().filter(|(k, _)| before.connections[*k].is_exceeded()).count();
        let added = change.violations.len() + change.budgets.iter().filter(|(_, b)| b.is_exceeded()).count();
        self.violations - removed + added
    }

    /// How many components are saturated under `change`.
    pub(super) fn saturated_after(&self, change: &LocalChange) -> usize {
        self.saturated - change.loads.iter().filter(|l| self.was_saturated[l.position]).count()
            + change.loads.iter().filter(|l| l.load.is_saturated()).count()
    }

    /// The report under a failure whose every change is in `change`:
    /// the ranking's first is the sooner of the first key the change left
    /// alone and the changed ones; violations and saturated components are
    /// counted off and on; each latency moves by the visits to what
    /// changed times the change in their response time.
    fn after(&self, before: &Report, change: &LocalChange) -> After {
        let n = before.components.len();
        let mut changed: Vec<usize> =
            change.loads.iter().map(|l| l.position).chain(change.budgets.iter().map(|(k, _)| n + k)).collect();
        changed.sort_unstable();
        let kept = self.keys.iter().copied().find(|(_, p)| changed.binary_search(p).is_err());
        let changed_keys = change
            .loads
            .iter()
            .filter(|l| l.load.hosted_by.is_none())
            .filter_map(|l| Some((l.load.saturates_at?, l.position)))
            .chain(change.budgets.iter().filter_map(|(k, budget)| Some((budget.exhausted_at?, n + k))));
        let first = kept.into_iter().chain(changed_keys).min_by(ranks_before);
        let bottleneck = first.map(|(at, p)| {
            if let Some(l) = change.loads.iter().find(|l| l.position == p) {
                ranked(std::slice::from_ref(&l.load), &[], (at, 0))
            } else if let Some((_, budget)) = change.budgets.iter().find(|(k, _)| n + k == p) {
                ranked(&[], std::slice::from_ref(budget), (at, 0))
            } else {
                ranked(&before.components, &before.connections, (at, p))
            }
        });
        let headroom = bottleneck.as_ref().map(|b| b.saturates_at / before.growth);
        let holds = headroom.is_none_or(|h| h > 1.0)
            && self.violations_after(before, change) == 0
            && self.saturated_after(change) == 0;
        let latencies = before
            .entries
            .iter()
            .enumerate()
            .map(|(e, entry)| {
                let mut latency = entry.latency?;
                for changed in &change.loads {
                    let was = entry.visit_ratios.get(changed.position).copied().unwrap_or(0.0);
                    if was > 0.0 {
                        latency -= was * self.response_time[changed.position]?;
                    }
                    let visits = changed.visits.get(e).copied().unwrap_or(0.0);
                    if visits > 0.0 {
                        if !visits.is_finite() {
                            return None;
                        }
                        latency += visits * changed.load.response_time()?;
                    }
                }
                Some(latency)
            })
            .collect();
        After { bottleneck, holds, latencies }
    }
}

/// The row of `failure` on component `i`: worked out from what it changes
/// when `local` holds the analysis of the report `before` (and the
/// failure leaves the traffic as it is), else by solving the failed
/// document afresh.
fn row(
    doc: &Document,
    before: &Report,
    i: usize,
    failure: Failure,
    local: Option<(&mut Analysis<'_>, &Baseline)>,
    with_modules: &[usize],
) -> FailureRow {
    let component = doc.components[i].id.clone();
    let growth = before.growth;
    let Some(failed) = failed_component(&doc.components[i], &failure) else {
        let waiting: Vec<bool> = (0..before.entries.len()).map(|e| waits_for(before, e, with_modules)).collect();
        return FailureRow {
            entry_latency: before
                .entries
                .iter()
                .enumerate()
                .map(|(e, entry)| EntryLatencyChange {
                    entry: entry.component.clone(),
                    before: entry.latency,
                    after: if waiting[e] { None } else { entry.latency },
                })
                .collect(),
            latency_before: mean_latency(before, |_, entry| entry.latency),
            latency_after: mean_latency(before, |e, entry| if waiting[e] { None } else { entry.latency }),
            component: component.clone(),
            failure,
            outage: true,
            holds: false,
            headroom: Some(0.0),
            breaks_first: Some(component),
            limit: None,
        };
    };
    let worked_out = match local {
        Some((analysis, baseline)) => {
            analysis.local_change(i, failed.clone(), before).map(|change| baseline.after(before, &change))
        }
        _ => None,
    };
    let after = worked_out.unwrap_or_else(|| {
        let mut copy = working_copy(doc);
        copy.components[i] = failed;
        After::of(&Analysis::new(&copy).report_at(growth))
    });
    // The system must carry its load without the failure too: a failure
    // that relieves a limit (two workers fewer hold twenty connections
    // fewer) does not lift the growth it survives to.
    let first = match (after.bottleneck.as_ref(), before.bottleneck()) {
        (Some(a), Some(b)) if b.saturates_at < a.saturates_at => Some(b),
        (None, b) => b,
        (a, _) => a,
    };
    let rates = before.entries.iter().map(|e| e.rate);
    FailureRow {
        component,
        failure,
        outage: false,
        holds: after.holds && report_holds(before),
        headroom: first.map(|s| s.saturates_at / growth),
        breaks_first: first.map(|s| s.component.clone()),
        limit: first.map(|s| s.limit),
        latency_before: mean_latency(before, |_, entry| entry.latency),
        latency_after: mean_of(rates.zip(after.latencies.iter().copied())),
        entry_latency: before
            .entries
            .iter()
            .zip(&after.latencies)
            .map(|(b, &a)| EntryLatencyChange { entry: b.component.clone(), before: b.latency, after: a })
            .collect(),
    }
}

/// Every failure that applies to every component carrying traffic, at
/// `growth`, and the verdict. Where a failure changes only its component's
/// own figures, its row is worked out from them on one analysis
/// ([`Analysis::local_change`]); a cache gone cold, or a document whose
/// variability or parallel calls carry a change further, is solved again.
pub fn resilience_table(doc: &Document, growth: f64) -> ResilienceTable {
    table(doc, growth, true)
}

fn table(doc: &Document, growth: f64, work_out_locally: bool) -> ResilienceTable {
    let mut analysis = Analysis::owning(working_copy(doc));
    let before = analysis.report_at(growth);
    let baseline = (work_out_locally && analysis.changes_stay_local()).then(|| Baseline::of(&before));
    let sizes = &doc.scenario.failures;
    // Per component, its own position and its modules', for the outages.
    let with_modules: Vec<Vec<usize>> = analysis
        .modules_of
        .iter()
        .enumerate()
        .map(|(i, modules)| std::iter::once(i).chain(modules.iter().copied()).collect())
        .collect();
    let mut rows = Vec::new();
    for (i, component) in doc.components.iter().enumerate() {
        if before.components[i].arrival_rate <= 0.0 {
            continue;
        }
        for failure in failures_of(component, sizes) {
            let local = baseline.as_ref().map(|baseline| (&mut analysis, baseline));
            rows.push(row(doc, &before, i, failure, local, &with_modules[i]));
        }
    }
    let headroom = before.headroom();
    let verdict = verdict(&rows, headroom, growth);
    ResilienceTable { growth, headroom, rows, verdict }
}

fn verdict(rows: &[FailureRow], headroom: Option<f64>, growth: f64) -> ResilienceVerdict {
    let finite = |r: &FailureRow| r.headroom.unwrap_or(f64::INFINITY);
    let lowest = |keep: &dyn Fn(&FailureRow) -> bool| {
        rows.iter()
            .enumerate()
            .filter(|(_, r)| keep(r))
            .min_by(|(_, a), (_, b)| finite(a).total_cmp(&finite(b)))
            .map(|(k, _)| k)
    };
    let one_instance_lost_row =
        lowest(&|r| !r.outage && matches!(r.failure, Failure::InstanceLost) && r.headroom.is_some());
    let mut single_points_of_failure: Vec<ComponentId> =
        rows.iter().filter(|r| r.outage).map(|r| r.component.clone()).collect();
    single_points_of_failure.dedup();
    let baseline = headroom.unwrap_or(f64::INFINITY);
    let worst_row = lowest(&|r| !r.outage && r.headroom.is_some()).filter(|&k| finite(&rows[k]) < baseline * (1.0 - 1e-9));
    ResilienceVerdict {
        one_instance_lost_until: one_instance_lost_row.and_then(|k| rows[k].headroom).map(|h| h * growth),
        one_instance_lost_row,
        single_points_of_failure,
        worst_row,
    }
}


/// The growth, relative to the scenario's, at which component `i` itself
/// saturates with one instance fewer: `(c − 1)μ/λ` for a plain
/// component, 0 for a single instance (no redundancy: losing it is an
/// outage). A database loses a node: 0 without a replica, else its
/// headroom with one replica fewer. A kind whose instances are not lost
/// (a function, an external API, a module) keeps its headroom.
pub fn headroom_one_instance_lost(doc: &Document, i: usize) -> f64 {
    let Some(component) = doc.components.get(i) else { return 0.0 };
    let growth = doc.scenario.growth;
    let own = |report: &Report| report.components[i].saturates_at.map_or(f64::INFINITY, |at| at / growth);
    let failure = failures_of(component, &doc.scenario.failures)
        .into_iter()
        .find(|f| matches!(f, Failure::InstanceLost | Failure::ReplicaLost));
    match failure {
        None => own(&Analysis::new(doc).report_at(growth)),
        Some(failure) => match with_failure(doc, i, &failure) {
            None => 0.0,
            Some(failed) => own(&Analysis::new(&failed).report_at(growth)),
        },
    }
}

/// The system's headroom with every cache and CDN cold.
pub fn headroom_cache_cold(doc: &Document) -> f64 {
    let mut cold = working_copy(doc);
    for component in &mut cold.components {
        if component.kind.serves_hits() {
            component.hit_ratio = Some(0.0);
        }
    }
    let growth = doc.scenario.growth;
    Analysis::new(&cold).report_at(growth).headroom().unwrap_or(f64::INFINITY)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{mvp_that_creaks, CallKind, CallMode, Dependency, EntryPoint, Scenario, SCHEMA_VERSION};

    fn close(got: f64, expected: f64) {
        assert!((got - expected).abs() <= 1e-9_f64.max(1e-6 * expected.abs()), "got {got}, expected {expected}");
    }

    /// The reference case one_instance_lost: lb (2 × 5000) → web (3 × 120)
    /// → 3 reads per request on a cache (2 × 8000, 90% hits) → db
    /// (1 × 600), 150 req/s entering. Plain queues: no base latency,
    /// autoscaling or pools.
    fn reference_case() -> Document {
        let node = |id: &str, kind, servers, rate| Component {
            instances: servers,
            throughput_per_instance: rate,
            base_latency_ms: 0.0,
            connection_pool: None,
            ..Component::with_defaults(id, id, kind)
        };
        let mut cache = node("cache", ComponentKind::Cache, 2, 8000.0);
        cache.hit_ratio = Some(0.9);
        let call = |from: &str, to: &str, calls| Dependency::new(format!("{from}-{to}"), from, to, calls, CallKind::Call, CallMode::Sync);
        Document {
            schema_version: SCHEMA_VERSION,
            name: "one_instance_lost".to_owned(),
            components: vec![
                node("lb", ComponentKind::Service, 2, 5000.0),
                node("web", ComponentKind::Service, 3, 120.0),
                node("db", ComponentKind::Service, 1, 600.0),
                cache,
            ],
            dependencies: vec![call("lb", "web", 1.0), call("web", "cache", 3.0), call("cache", "db", 1.0)],
            scenario: Scenario::new("reference", vec![EntryPoint::new("lb", 150.0)]),
            decisions: Vec::new(),
            options: Vec::new(),
            migrations: Vec::new(),
            positions: Default::default(),
        }
    }

    #[test]
    fn one_instance_lost_matches_the_reference_case() {
        let doc = reference_case();
        // (c − 1)μ/λ: lb 5000/150, web 2 × 120/150, db 0, cache 8000/450.
        for (i, expected) in [(0, 100.0 / 3.0), (1, 1.6), (2, 0.0), (3, 160.0 / 9.0)] {
            close(headroom_one_instance_lost(&doc, i), expected);
        }
        // Every read reaches the db: 450 req/s on 600.
        close(headroom_cache_cold(&doc), 600.0 / 450.0);
    }

    #[test]
    fn the_reference_case_in_words() {
        let doc = reference_case();
        let table = resilience_table(&doc, 1.0);
        assert_eq!(table.verdict.single_points_of_failure, vec![ComponentId::from("db")]);
        // One web instance lost: 240 req/s of capacity for 150.
        close(table.verdict.one_instance_lost_until.unwrap(), 1.6);
        let cold = table.rows.iter().find(|r| r.failure == Failure::CacheCold).unwrap();
        close(cold.headroom.unwrap(), 4.0 / 3.0);
        assert_eq!(cold.breaks_first, Some(ComponentId::from("db")));
        assert_eq!(
            crate::words::resilience::resilience_verdict(&doc, &table),
            "Single point of failure: db (nothing to fail over to). \
             Survives the loss of one instance of any other component up to 1.6× (with one web instance lost, web itself breaks first; 2.4× with nothing lost). \
             Worst failure: a cold cache takes db down at 1.33×."
        );
    }

    #[test]
    fn an_outage_cuts_the_entries_that_wait_for_it() {
        let doc = reference_case();
        let table = resilience_table(&doc, 1.0);
        let db = table.rows.iter().find(|r| r.component.as_str() == "db").unwrap();
        assert!(db.outage && !db.holds);
        assert_eq!(db.headroom, Some(0.0));
        assert!(db.entry_latency[0].before.is_some() && db.entry_latency[0].after.is_none());
        assert_eq!((db.latency_before, db.latency_after), (db.entry_latency[0].before, None));
    }

    /// The sample's web app runs 2 of at most 6 instances at 120 req/s:
    /// with one lost, its autoscaler still reaches 5 — less headroom, never more.
    #[test]
    fn a_failure_never_adds_headroom() {
        let doc = mvp_that_creaks();
        let report = crate::engine::solve(&doc);
        for (i, load) in report.components.iter().enumerate() {
            let lost = headroom_one_instance_lost(&doc, i);
            if let Some(own) = load.headroom {
                assert!(lost <= own + 1e-9, "{}: {lost} > {own}", load.id);
            }
        }
        let cold = headroom_cache_cold(&doc);
        let warm = report.headroom().unwrap();
        assert!(cold < warm, "{cold} vs {warm}");
    }

    #[test]
    fn a_zone_is_a_share_of_the_instances() {
        let sizes = FailureSizes::default();
        let with = |instances| Component { instances, ..Component::with_defaults("s", "S", ComponentKind::Service) };
        assert_eq!(failures_of(&with(1), &sizes), vec![Failure::InstanceLost]);
        assert!(is_outage(&with(1), &Failure::InstanceLost));
        // A third of 2 or 3 is one instance: the same as one lost.
        assert_eq!(failures_of(&with(3), &sizes), vec![Failure::InstanceLost]);
        assert_eq!(failures_of(&with(4), &sizes), vec![Failure::InstanceLost, Failure::ZoneLost { lost: 2 }]);
        assert_eq!(failures_of(&with(6), &sizes)[1], Failure::ZoneLost { lost: 2 });
        assert!(!is_outage(&with(6), &Failure::ZoneLost { lost: 2 }));
    }

    /// Rows worked out from what a failure changes agree with rows solved
    /// afresh, on generated documents of every pattern at several growths
    /// and on the sample and every template.
    #[test]
    fn rows_worked_out_locally_are_the_rows_solved_afresh() {
        let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1e-12),
            (a, b) => a == b,
        };
        let mut documents: Vec<Document> =
            (0..24).map(|seed| crate::engine::synthetic::layered_dag(20 + 9 * seed as usize, 60 + 25 * seed as usize, seed)).collect();
        documents.push(mvp_that_creaks());
        documents.extend(crate::model::templates::TEMPLATES.iter().map(|t| (t.build)()));
        let (mut local_rows, mut cold_rows) = (0, 0);
        for doc in &documents {
            let local = Analysis::new(doc).changes_stay_local();
            for growth in [0.5, 1.0, 3.0, 12.0] {
                let fast = table(doc, growth, true);
                let slow = table(doc, growth, false);
                assert_eq!(fast.rows.len(), slow.rows.len());
                for (f, s) in fast.rows.iter().zip(&slow.rows) {
                    let at = format!("{} at {growth}: {:?} of {}", doc.name, f.failure, f.component);
                    assert_eq!((&f.component, &f.failure, f.outage, f.holds), (&s.component, &s.failure, s.outage, s.holds), "{at}");
                    assert_eq!((&f.breaks_first, f.limit), (&s.breaks_first, s.limit), "{at}");
                    assert!(close(f.headroom, s.headroom), "{at}: {:?} vs {:?}", f.headroom, s.headroom);
                    assert!(close(f.latency_after, s.latency_after), "{at}: {:?} vs {:?}", f.latency_after, s.latency_after);
                    assert_eq!(f.latency_before, s.latency_before, "{at}");
                    for (a, b) in f.entry_latency.iter().zip(&s.entry_latency) {
                        assert!(a.entry == b.entry && a.before == b.before && close(a.after, b.after), "{at}: {a:?} vs {b:?}");
                    }
                    if local && !f.outage {
                        local_rows += 1;
                        cold_rows += usize::from(f.failure == Failure::CacheCold);
                    }
                }
                assert_eq!(fast.verdict, slow.verdict, "{} at {growth}", doc.name);
            }
        }
        assert!(local_rows > 1_000 && cold_rows > 100, "only {local_rows} rows ({cold_rows} cold caches) were worked out locally");
    }

}

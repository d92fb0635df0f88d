//! The resilience table in words: one line per failure tried, the
//! verdict that sums them up ("survives the loss of any one instance up to
//! 2.4×; a cold Redis takes Postgres down at 1.3×"), and each line's
//! working: what the failure changes, the figures of the component that
//! breaks first under it (from the engine's solve of the document with
//! the failure, worded by `words::explain`), the headroom left and the
//! latency before and after, each exact or an approximation.

use serde::Serialize;

use crate::words::explain::{explain_with, ExplainInputs, number, Accuracy, Explanation};
use crate::words::quantity::{duration, instance_count, multiplier, percent, rate};
use crate::words::results_table::headroom_text;
use crate::engine::{variability, with_failure, Analysis, Failure, FailureRow, Limit, ResilienceTable, Report};
use crate::model::{Component, ComponentId, ComponentKind, Document};

/// One failure, worded.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FailureLine {
    pub component: String,
    /// "one instance lost", "a zone lost (2 of 6 instances)".
    pub failure: String,
    /// "holds", "breaks now", "outage".
    pub state: &'static str,
    /// "headroom 2.4× (Postgres first)".
    pub detail: String,
}

fn failure_words(doc: &Document, row: &FailureRow) -> String {
    let instances = doc.component(&row.component).map(|c| c.instance_ceiling()).unwrap_or(0);
    match &row.failure {
        Failure::InstanceLost => "one instance lost".to_owned(),
        Failure::ZoneLost { lost } => format!("a zone lost ({lost} of {instances} instances)"),
        Failure::CacheCold => "cache cold (every read reaches the store behind it)".to_owned(),
        Failure::ReplicaLost => "one read replica lost".to_owned(),
        Failure::ApiSlowed { factor } => format!("{} slower", multiplier(*factor)),
    }
}

/// Every row of `table`, worded.
pub fn failure_lines(doc: &Document, table: &ResilienceTable) -> Vec<FailureLine> {
    table
        .rows
        .iter()
        .map(|row| {
            let name = doc.name_of(&row.component);
            let first = row.breaks_first.as_ref().map(|id| doc.name_of(id));
            let (state, detail) = if row.outage {
                ("outage", "its only instance: everything that calls it fails".to_owned())
            } else {
                let verb = match row.limit {
                    Some(Limit::Connections) => "runs out of connections",
                    Some(Limit::DailyAverage) => "falls behind for good",
                    _ => "saturates",
                };
                let headroom = match (row.headroom, &first) {
                    (Some(h), Some(first)) => format!("{first} {verb} at {}", multiplier(h * table.growth)),
                    _ => "nothing saturates".to_owned(),
                };
                let latency = match (&row.failure, row.latency_before, row.latency_after) {
                    (Failure::ApiSlowed { .. }, before, after) => {
                        format!("; mean end to end {} → {}", duration(before), duration(after))
                    }
                    _ => String::new(),
                };
                (if row.holds { "holds" } else { "breaks now" }, format!("{headroom}{latency}"))
            };
            FailureLine { component: name, failure: failure_words(doc, row), state, detail }
        })
        .collect()
}

/// The verdict in a sentence or three: single points of failure, the
/// growth up to which it survives losing any one instance, the worst failure.
pub fn resilience_verdict(doc: &Document, table: &ResilienceTable) -> String {
    verdict_wording(table, doc)
}


/// "A", "A and B", "A, B and C".
fn listed(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

    /// The verdict in plain words, with the components' names: single
    /// points of failure, the growth up to which it survives losing any
    /// one instance, and the worst failure.
fn verdict_wording(table: &ResilienceTable, doc: &Document) -> String {
    let name = |id: &ComponentId| {
        doc.component(id).map_or_else(|| id.to_string(), |c| c.name.clone())
    };
    let verdict = &table.verdict;
    let now = multiplier(table.growth);
    let mut sentences = Vec::new();
    let spofs: Vec<String> = verdict.single_points_of_failure.iter().map(name).collect();
    match spofs.len() {
        0 => {}
        1 => sentences.push(format!("Single point of failure: {} (nothing to fail over to).", spofs[0])),
        _ => sentences.push(format!("Single points of failure: {} (nothing to fail over to).", listed(&spofs))),
    }
    let breaks = |r: &FailureRow| {
        let at = multiplier(r.headroom.unwrap_or(f64::INFINITY) * table.growth);
        let whom = r.breaks_first.as_ref().map(name).unwrap_or_default();
        match r.limit {
            Some(Limit::Connections) => format!("runs {whom} out of connections at {at}"),
            Some(Limit::DailyAverage) => format!("leaves {whom} behind its day's work at {at}"),
            _ => format!("takes {whom} down at {at}"),
        }
    };
    if let Some(k) = verdict.one_instance_lost_row {
        let r = &table.rows[k];
        let lost = name(&r.component);
        let until = multiplier(verdict.one_instance_lost_until.unwrap_or(f64::INFINITY));
        let others = if spofs.is_empty() { "any one instance" } else { "one instance of any other component" };
        let whom = r.breaks_first.as_ref().map(name).unwrap_or_default();
        let itself = if r.breaks_first.as_ref() == Some(&r.component) { " itself" } else { "" };
        let intact = table.headroom.unwrap_or(f64::INFINITY);
        sentences.push(if !r.holds {
            format!("Does not survive the loss of one {lost} instance at {now}: it {}.", breaks(r))
        } else if r.headroom.unwrap_or(f64::INFINITY) < intact * (1.0 - 1e-9) {
            format!(
                "Survives the loss of {others} up to {until} (with one {lost} instance lost, {whom}{itself} breaks first; {} with nothing lost).",
                multiplier(intact * table.growth)
            )
        } else {
            format!("Survives the loss of {others} up to {until}, as far as with nothing lost.")
        });
    }
    if let Some(k) = verdict.worst_row.filter(|&k| Some(k) != verdict.one_instance_lost_row) {
        let r = &table.rows[k];
        let failed = name(&r.component);
        let subject = match &r.failure {
            Failure::InstanceLost => format!("one {failed} instance lost"),
            Failure::ZoneLost { lost } => {
                let of = doc.component(&r.component).map_or(*lost, |c| c.instances);
                format!("a zone lost ({lost} of {of} {failed} instances)")
            }
            Failure::CacheCold => format!("a cold {failed}"),
            Failure::ReplicaLost => format!("a {failed} replica lost"),
            Failure::ApiSlowed { factor } => format!("{failed} {} slower", multiplier(*factor)),
        };
        let already = if r.holds { String::new() } else { format!(", below the current {now}") };
        sentences.push(format!("Worst failure: {subject} {}{already}.", breaks(r)));
    } else if verdict.worst_row.is_none() && table.rows.iter().any(|r| !r.outage) {
        let other = if spofs.is_empty() { "" } else { " other" };
        sentences.push(format!("No{other} failure lowers its headroom."));
    }
    if table.rows.is_empty() {
        sentences.push("No failure applies: nothing carries traffic.".to_owned());
    }
    capitalised(&sentences.join(" "))
}

/// "1 instance", "3 instances".
fn instances_text(count: u32) -> String {
    format!("{} instance{}", instance_count(count), if count == 1 { "" } else { "s" })
}

/// What the failure changes in the document, with its numbers: the first
/// line of a failure's working. `failed` is the document with the failure
/// (`None` for an outage).
fn change(doc: &Document, component: &Component, row: &FailureRow, before: &Report, failed: Option<&Document>) -> Explanation {
    let name = &component.name;
    let c = component.instances;
    let replicas = component.database.as_ref().map_or(0, |d| d.read_replicas);
    let ceiling = |doc: Option<&Document>| doc.and_then(|d| d.component(&component.id)).and_then(|c| c.max_instances);
    let ceiling_change = match (component.max_instances, ceiling(failed)) {
        (Some(from), Some(to)) if from != to => format!("; an autoscaler's ceiling {from} → {to}"),
        _ => String::new(),
    };
    let exact = |figure: &str, formula: String, substituted: String, result: String| Explanation {
        figure: figure.to_owned(),
        formula,
        substituted,
        result,
        accuracy: Accuracy::Exact,
    };
    if row.outage {
        let (formula, substituted) = if component.kind == ComponentKind::Database {
            ("one node and no read replica to promote: nothing left to serve with".to_owned(), format!("{name}: 1 node, 0 replicas"))
        } else {
            (format!("c → c − {}: nothing left to serve with", c.max(1)), format!("{name}: {}", instances_text(c)))
        };
        return exact("What fails", formula, substituted, "outage".to_owned());
    }
    match &row.failure {
        Failure::InstanceLost | Failure::ReplicaLost if component.kind == ComponentKind::Database => exact(
            "What fails",
            if matches!(row.failure, Failure::InstanceLost) {
                "a node lost: a read replica is promoted, so each shard has one replica fewer: r → r − 1".to_owned()
            } else {
                "one read replica fewer in each shard: r → r − 1".to_owned()
            },
            format!("{name}: {replicas} → {replicas} − 1 = {}", replicas.saturating_sub(1)),
            format!("{} replica{}", replicas.saturating_sub(1), if replicas == 2 { "" } else { "s" }),
        ),
        Failure::ZoneLost { lost } => {
            let share = doc.scenario.failures.zone_share;
            exact(
                "What fails",
                "c → c − ⌈c × zone share⌉ instances (as many off an autoscaler's ceiling)".to_owned(),
                format!("{name}: {c} − ⌈{c} × {}⌉ = {c} − {lost}{ceiling_change}", number(share)),
                instances_text(c.saturating_sub(*lost)),
            )
        }
        Failure::InstanceLost | Failure::ReplicaLost => exact(
            "What fails",
            "c → c − 1 instances (an autoscaler's ceiling one lower too)".to_owned(),
            format!("{name}: {c} → {c} − 1{ceiling_change}"),
            instances_text(c.saturating_sub(1)),
        ),
        Failure::CacheCold => cold_cache_change(doc, component, before, failed),
        Failure::ApiSlowed { factor } => {
            let d = component.base_latency_ms / 1000.0;
            exact(
                "What fails",
                "declared latency d → d × slowdown".to_owned(),
                format!("{name}: {} × {}", duration(Some(d)), number(*factor)),
                duration(Some(d * factor)),
            )
        }
    }
}

/// A cache gone cold: each store behind it gets every read instead of the
/// misses, `calls × ((1 − h) × reads + writes)` → `calls × (reads + writes)`.
fn cold_cache_change(doc: &Document, cache: &Component, before: &Report, failed: Option<&Document>) -> Explanation {
    let h = cache.effective_hit_ratio();
    let after = failed.map(|f| Analysis::new(f).report_at(before.growth));
    let load = before.component(&cache.id);
    let (reads, writes) = load.map_or((0.0, 0.0), |l| (l.read_rate, l.write_rate));
    let mut terms = Vec::new();
    let mut reaching = 0.0;
    for (j, dependency) in doc.dependencies.iter().enumerate().filter(|(_, d)| d.from == cache.id) {
        let was = before.dependencies.get(j).map_or(0.0, |f| f.rate);
        let now = after.as_ref().and_then(|a| a.dependencies.get(j)).map_or(0.0, |f| f.rate);
        if was <= 0.0 && now <= 0.0 {
            continue;
        }
        reaching += now;
        let written = if writes > 0.0 { format!(" + {} writes", number(writes)) } else { String::new() };
        terms.push(format!(
            "{}: {} × ((1 − {}) × {} reads{written}) = {} → {} × ({} reads{written}) = {}",
            doc.name_of(&dependency.to),
            number(dependency.calls),
            number(h),
            number(reads),
            number(was),
            number(dependency.calls),
            number(reads),
            number(now)
        ));
    }
    Explanation {
        figure: "What fails".to_owned(),
        formula: format!(
            "hit ratio h → 0: every read misses, so what is behind {} gets λ·(1 − h) → λ of its reads",
            cache.name
        ),
        substituted: if terms.is_empty() { format!("h = {} → 0; nothing behind it", number(h)) } else { terms.join("; ") },
        result: format!("{} to the store", rate(reaching)),
        accuracy: Accuracy::Exact,
    }
}

/// Whether a figure of `words::explain` is one a failure's working
/// shows for the component that breaks first: its load, its servers, its
/// utilisation and where it saturates (and its connections when those are
/// the limit).
fn shown_for_first(figure: &str, limit: Option<Limit>) -> bool {
    matches!(figure, "Arrival rate" | "Capacity" | "Instances" | "Concurrency in use" | "Saturates at")
        || figure.starts_with("Utilisation")
        || (figure == "Connections" && limit == Some(Limit::Connections))
}

/// `figure` of component `name`: "Postgres: utilisation of each primary node".
fn of_component(name: &str, mut figure: Explanation) -> Explanation {
    let mut chars = figure.figure.chars();
    let lowered: String = match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    };
    figure.figure = format!("{name}: {lowered}");
    figure
}

/// Whether the mean latency is the closed form: every station the
/// requests wait at is M/M/c (or M/G/1 by Pollaczek–Khinchine), or else
/// which wait approximations it uses, where, and how far off each
/// measured (`engine::variability::approximation_note`).
fn mean_latency_accuracy(doc: &Document, analysis: &Analysis, report: &Report) -> Accuracy {
    let arrival = analysis.arrival_variability_at(report.growth);
    let mut notes: Vec<(String, Vec<String>)> = Vec::new();
    for (i, load) in report.components.iter().enumerate() {
        let Some(component) = doc.component(&load.id) else { continue };
        if load.arrival_rate <= 0.0 || component.kind == ComponentKind::ExternalApi {
            continue;
        }
        let servers = load.tiers.first().map_or(1, |t| t.servers);
        let ca2 = arrival.get(i).copied().unwrap_or(1.0);
        let Some(note) = variability::approximation_note(servers, component.service_variability(), ca2) else { continue };
        let text = format!("{}: {}", note.method, note.measured_error);
        match notes.iter_mut().find(|(t, _)| *t == text) {
            Some((_, names)) => names.push(component.name.clone()),
            None => notes.push((text, vec![component.name.clone()])),
        }
    }
    if notes.is_empty() {
        return Accuracy::Exact;
    }
    let parts: Vec<String> =
        notes.into_iter().map(|(text, names)| format!("the waits at {} by {text}", listed(&names))).collect();
    Accuracy::Approximation(parts.join("; "))
}

/// The working behind row `k` of `table`: what the failure changes, the
/// figures under it of the component that breaks first (or, with nothing
/// to break, the busiest), the headroom it leaves and the mean latency
/// before → after. Every figure is the engine's, from its solve of the
/// document with the failure (`engine::with_failure`).
pub fn failure_working(doc: &Document, table: &ResilienceTable, k: usize) -> Vec<Explanation> {
    let Some(row) = table.rows.get(k) else { return Vec::new() };
    let Some(i) = doc.positions.position(&doc.components, &row.component, |c| &c.id) else { return Vec::new() };
    let component = &doc.components[i];
    let growth = table.growth;
    let before_analysis = Analysis::new(doc);
    let before = before_analysis.report_at(growth);
    let failed = with_failure(doc, i, &row.failure);
    let mut out = vec![change(doc, component, row, &before, failed.as_ref())];
    // Down, a request that waits for it fails rather than waits forever.
    let after_text = |after: Option<f64>| if row.outage && after.is_none() { "fails".to_owned() } else { duration(after) };
    let per_entry: Vec<String> = row
        .entry_latency
        .iter()
        .map(|e| format!("{} {} → {}", doc.name_of(&e.entry), duration(e.before), after_text(e.after)))
        .collect();
    let latency = |accuracy| Explanation {
        figure: "Mean end to end".to_owned(),
        formula: "T = Σ rate × T_entry / Σ rate over the entry points, without → with the failure".to_owned(),
        substituted: per_entry.join("; "),
        result: format!("{} → {}", duration(row.latency_before), after_text(row.latency_after)),
        accuracy,
    };
    let Some(failed) = failed else {
        let cut: Vec<String> = row
            .entry_latency
            .iter()
            .filter(|e| e.before.is_some() && e.after.is_none())
            .map(|e| doc.name_of(&e.entry))
            .collect();
        out.push(Explanation {
            figure: "Headroom under the failure".to_owned(),
            formula: "an outage: every request that waits for it fails, at any growth".to_owned(),
            substituted: if cut.is_empty() {
                format!("{} is down", component.name)
            } else {
                format!("{} is down; requests entering at {} fail", component.name, listed(&cut))
            },
            result: headroom_text(row.headroom),
            accuracy: Accuracy::Exact,
        });
        out.push(latency(mean_latency_accuracy(doc, &before_analysis, &before)));
        return out;
    };
    let after_analysis = Analysis::new(&failed);
    let after = after_analysis.report_at(growth);
    // The engine's rule (resilience::row): where the failure relieves a
    // limit, the limit without it still holds the system back.
    let from_before = match (after.bottleneck(), before.bottleneck()) {
        (Some(a), Some(b)) => b.saturates_at < a.saturates_at,
        (None, Some(_)) => true,
        _ => false,
    };
    let (focus_doc, focus_analysis, focus_report) =
        if from_before { (doc, &before_analysis, &before) } else { (&failed, &after_analysis, &after) };
    let focus = row.breaks_first.clone().or_else(|| {
        after
            .components
            .iter()
            .filter(|c| c.arrival_rate > 0.0)
            .max_by(|a, b| a.utilisation.total_cmp(&b.utilisation))
            .map(|c| c.id.clone())
    });
    let explained = |d: &Document, analysis: &Analysis, report: &Report, id: &ComponentId| {
        let inputs = ExplainInputs::of(analysis, report);
        report.component(id).map(|load| explain_with(d, report, &inputs, load)).unwrap_or_default()
    };
    // The failed component's own servers, when the failure changes them.
    let own_changes = matches!(row.failure, Failure::InstanceLost | Failure::ZoneLost { .. } | Failure::ReplicaLost);
    if focus.as_ref() != Some(&component.id) {
        let mut own = explained(&failed, &after_analysis, &after, &component.id);
        // How many servers before what they carry.
        own.sort_by_key(|e| e.figure != "Instances");
        let unchanged = explained(doc, &before_analysis, &before, &component.id);
        for figure in own {
            let wanted = if own_changes {
                figure.figure == "Instances" || figure.figure.starts_with("Utilisation")
            } else {
                matches!(row.failure, Failure::ApiSlowed { .. }) && figure.figure == "Response time"
            };
            if wanted {
                out.push(of_component(&component.name, with_before(figure, &unchanged)));
            }
        }
    }
    if let Some(focus) = &focus {
        let name = doc.name_of(focus);
        let unchanged = explained(doc, &before_analysis, &before, focus);
        for figure in explained(focus_doc, focus_analysis, focus_report, focus) {
            if shown_for_first(&figure.figure, row.limit) {
                let figure = if from_before { figure } else { with_before(figure, &unchanged) };
                out.push(of_component(&name, figure));
            }
        }
    }
    let first = row.breaks_first.as_ref().map(|id| doc.name_of(id));
    let (formula, substituted) = match (row.limit, &first, row.headroom) {
        (Some(limit), Some(first), Some(h)) => {
            let at = multiplier(h * growth);
            let (rule, verb) = match limit {
                Limit::Throughput => (
                    format!("the soonest growth at which a component's ρ reaches the limit ({})", percent(doc.scenario.utilisation_limit)),
                    "saturates",
                ),
                Limit::Connections => (
                    "the soonest growth at which its clients' pools (Σ instances × pool, autoscalers growing with the load) pass its max connections".to_owned(),
                    "runs out of connections",
                ),
                Limit::DailyAverage => {
                    ("the soonest growth at which the day's average reaches what its consumers can do".to_owned(), "falls behind for good")
                }
            };
            let without = if from_before { " (without the failure too)" } else { "" };
            (format!("{rule}, over the current growth"), format!("{first} {verb} at {at}{without}: {at} / {}", multiplier(growth)))
        }
        _ => ("the soonest growth at which anything saturates, over the current growth".to_owned(), "nothing saturates".to_owned()),
    };
    out.push(Explanation {
        figure: "Headroom under the failure".to_owned(),
        formula,
        substituted,
        result: headroom_text(row.headroom),
        accuracy: Accuracy::Exact,
    });
    out.push(latency(mean_latency_accuracy(&failed, &after_analysis, &after)));
    out
}

/// `figure` with what it was without the failure, where that differs: a
/// utilisation with its numbers ("120 / (1 × 150); without the failure
/// 120 / (2 × 150) = 40.0%"), anything else by its result, so the working
/// stays short enough to read on a projector.
fn with_before(mut figure: Explanation, unchanged: &[Explanation]) -> Explanation {
    if let Some(was) = unchanged.iter().find(|e| e.figure == figure.figure) {
        if was.substituted != figure.substituted || was.result != figure.result {
            figure.substituted = if figure.figure.starts_with("Utilisation") {
                format!("{}; without the failure {} = {}", figure.substituted, was.substituted, was.result)
            } else {
                format!("{} (without the failure {})", figure.substituted, was.result)
            };
        }
    }
    figure
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::resilience_table;
    use crate::model::{mvp_that_creaks, templates};

    fn figure<'a>(working: &'a [Explanation], name: &str) -> &'a Explanation {
        working.iter().find(|e| e.figure == name).unwrap_or_else(|| panic!("no {name} in {working:#?}"))
    }

    fn working_of(doc: &Document, component: &str, failure: &str) -> Vec<Explanation> {
        let table = resilience_table(doc, doc.scenario.growth);
        let lines = failure_lines(doc, &table);
        let k = lines.iter().position(|l| l.component == component && l.failure.starts_with(failure)).unwrap();
        failure_working(doc, &table, k)
    }

    /// The sample's Web app runs 2 instances of 150 req/s (at most 6) at
    /// 120 req/s. One lost, its autoscaler starts another at the peak:
    /// ⌈120 / (0.7 × 150)⌉ = 2, so ρ stays 120 / (2 × 150) = 40%, and
    /// Postgres still runs out of connections first at 3.5×.
    #[test]
    fn one_web_instance_lost_on_the_sample() {
        let doc = mvp_that_creaks();
        let working = working_of(&doc, "Web app", "one instance lost");
        let change = figure(&working, "What fails");
        assert_eq!((change.substituted.as_str(), change.result.as_str()), ("Web app: 2 → 2 − 1; an autoscaler's ceiling 6 → 5", "1 instance"));
        let instances = figure(&working, "Web app: instances");
        assert!(instances.substituted.starts_with("⌈120 / (0.7 × 150)⌉ = 2, within 1..5"), "{}", instances.substituted);
        assert_eq!(instances.result, "2");
        let rho = figure(&working, "Web app: utilisation");
        assert_eq!((rho.substituted.as_str(), rho.result.as_str()), ("120 / (2 × 150)", "40.0%"));
        assert_eq!(figure(&working, "Postgres: connections").result, "70 of 100");
        let headroom = figure(&working, "Headroom under the failure");
        assert_eq!(headroom.substituted, "Postgres runs out of connections at 3.5×: 3.5× / 1×");
        assert_eq!((headroom.result.as_str(), &headroom.accuracy), ("3.5×", &Accuracy::Exact));
        let latency = figure(&working, "Mean end to end");
        assert_eq!(latency.result, "18.8 ms → 18.8 ms");
        assert_eq!(latency.accuracy, Accuracy::Exact, "every station of the sample is M/M/c");
    }

    /// Without the autoscaler the one instance left carries it all:
    /// ρ = 120 / (1 × 150) = 80%, and it saturates at 150 / 120 = 1.25×.
    #[test]
    fn one_instance_lost_without_an_autoscaler() {
        let mut doc = mvp_that_creaks();
        doc.components[1].max_instances = None;
        let working = working_of(&doc, "Web app", "one instance lost");
        assert_eq!(figure(&working, "What fails").substituted, "Web app: 2 → 2 − 1");
        let rho = figure(&working, "Web app: utilisation");
        assert_eq!(rho.substituted, "120 / (1 × 150); without the failure 120 / (2 × 150) = 40.0%");
        assert_eq!((rho.result.as_str(), &rho.accuracy), ("80.0%", &Accuracy::Exact));
        let saturates = figure(&working, "Web app: saturates at");
        assert_eq!(saturates.result, "1.25×");
        let headroom = figure(&working, "Headroom under the failure");
        assert_eq!(headroom.substituted, "Web app saturates at 1.25×: 1.25× / 1×");
        assert_eq!(headroom.result, "1.25×");
        // The mean end to end grows with the one instance's queue.
        let latency = figure(&working, "Mean end to end");
        assert!(latency.result.starts_with("18.8 ms → ") && latency.result != "18.8 ms → 18.8 ms", "{}", latency.result);
    }

    /// A cold Redis: 240 reads a second, 80% hits, so Postgres gets
    /// 240 × (1 − 0.8) = 48 → 240 reads; with 36 writes from the web app
    /// and 12 from the worker, λ = 288 on 400: ρ = 72%, saturating at
    /// 400 / 288 = 1.39×.
    #[test]
    fn a_cold_cache_on_the_sample() {
        let doc = mvp_that_creaks();
        let working = working_of(&doc, "Redis cache", "cache cold");
        let change = figure(&working, "What fails");
        assert_eq!(change.substituted, "Postgres: 1 × ((1 − 0.8) × 240 reads) = 48 → 1 × (240 reads) = 240");
        assert_eq!(change.result, "240 req/s to the store");
        let arrival = figure(&working, "Postgres: arrival rate");
        assert_eq!(arrival.result, "288 req/s");
        let rho = figure(&working, "Postgres: utilisation of each primary node");
        assert_eq!(rho.substituted, "288 / (1 × 400); without the failure 96 / (1 × 400) = 24.0%");
        assert_eq!(rho.result, "72.0%");
        assert_eq!(figure(&working, "Headroom under the failure").result, "1.39×");
    }

    #[test]
    fn an_outage_has_no_headroom() {
        let doc = mvp_that_creaks();
        let working = working_of(&doc, "Load balancer", "one instance lost");
        assert_eq!(figure(&working, "What fails").result, "outage");
        let headroom = figure(&working, "Headroom under the failure");
        assert_eq!(headroom.substituted, "Load balancer is down; requests entering at Load balancer fail");
        assert_eq!(headroom.result, "none");
        assert_eq!(figure(&working, "Mean end to end").result, "18.8 ms → fails");
    }

    /// Heavy-tailed service at Postgres: its mean wait is Pollaczek–Khinchine
    /// at one server with Poisson arrivals, but the web app's two servers
    /// then see burstier arrivals … whatever the engine's method says, the
    /// latency says it is an approximation where a note applies.
    #[test]
    fn variability_makes_the_latency_an_approximation() {
        let mut doc = mvp_that_creaks();
        doc.components[1].service_scv = Some(4.0);
        let working = working_of(&doc, "Redis cache", "cache cold");
        let latency = figure(&working, "Mean end to end");
        assert!(matches!(&latency.accuracy, Accuracy::Approximation(note) if note.contains("Web app")), "{:?}", latency.accuracy);
        assert_eq!(figure(&working, "Headroom under the failure").accuracy, Accuracy::Exact);
    }

    /// Every row of every template opens to a working whose figures are
    /// the engine's: the utilisation it shows for the component that
    /// breaks first is that component's in the report of the document
    /// with the failure.
    #[test]
    fn every_template_row_has_a_working() {
        for template in templates::TEMPLATES {
            let doc = (template.build)();
            let table = resilience_table(&doc, doc.scenario.growth);
            for (k, row) in table.rows.iter().enumerate() {
                let working = failure_working(&doc, &table, k);
                assert_eq!(working.first().map(|e| e.figure.as_str()), Some("What fails"), "{}", template.id);
                assert_eq!(working.last().map(|e| e.figure.as_str()), Some("Mean end to end"), "{}", template.id);
                assert!(working.iter().any(|e| e.figure == "Headroom under the failure"), "{}", template.id);
                assert_eq!(figure(&working, "Headroom under the failure").result, headroom_text(row.headroom));
            }
        }
    }

    #[test]
    fn the_samples_verdict() {
        let doc = mvp_that_creaks();
        let table = resilience_table(&doc, doc.scenario.growth);
        let verdict = resilience_verdict(&doc, &table);
        println!("sample: {verdict}");
        assert!(verdict.starts_with("Single points of failure: "), "{verdict}");
        assert!(verdict.contains("Postgres"), "{verdict}");
        let lines = failure_lines(&doc, &table);
        let redis = lines.iter().find(|l| l.component == "Redis cache" && l.failure.starts_with("cache cold")).unwrap();
        assert!(redis.detail.starts_with("Postgres saturates at "), "{redis:?}");
        let doc = templates::scaled_web_app();
        let table = resilience_table(&doc, doc.scenario.growth);
        println!("scaled web app: {}", resilience_verdict(&doc, &table));
        for (k, line) in failure_lines(&doc, &table).iter().enumerate() {
            println!("  {} — {}: {} ({})", line.component, line.failure, line.state, line.detail);
            for e in failure_working(&doc, &table, k) {
                println!("      {} | {} | {} | {} | {}", e.figure, e.formula, e.substituted, e.result, e.accuracy.label());
            }
        }
    }
}

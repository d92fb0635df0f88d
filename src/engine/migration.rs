//! What each step of a strangler-fig migration does (`model::Migration`):
//! the architecture of the step, both sides' figures at a growth, and
//! whether the step is safe to take — nothing saturated or out of
//! connections, no latency objective broken, and the old side able to
//! take all the traffic back if the new one fails (the rollback check).
//!
//! A step moving a share s routes s of every call into the old component
//! (and of every request entering there) to the new one instead; the
//! shadow phase sends the new one a copy of all of it while the old one
//! still answers. The copy loads the new side and everything behind it
//! at the peak like any call, but nobody waits for it: its loads are
//! those of a document where the copies are synchronous calls, its
//! latencies (the objectives) those of one where they are asynchronous.
//! A step that shrinks the old side (`old_instances`) keeps it shrunk in
//! the steps after; for a module that is its host, which runs it.

use super::analysis::Analysis;
use super::report::{Report, Violation};
use crate::model::{
    CallMode, Command, Component, ComponentId, ComponentKind, Dependency, DependencyId, Document, EntryPoint,
    GrowthOverride, LatencyObjective, Migration,
};

/// One phase of a plan: the shadow copy, or a step of the split.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Phase {
    Shadow,
    /// The plan's step at this index.
    Split(usize),
}

/// The phases of a plan in the order they are taken.
pub fn phases(migration: &Migration) -> Vec<Phase> {
    let shadow = migration.shadow.then_some(Phase::Shadow);
    shadow.into_iter().chain((0..migration.steps.len()).map(Phase::Split)).collect()
}

/// One side of the migration at a step.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Side {
    pub component: ComponentId,
    /// What runs it: its host for a module, itself otherwise.
    pub runs_on: ComponentId,
    /// Requests per second arriving.
    pub load: f64,
    /// Requests per second arriving at what runs it (a host: all its
    /// modules').
    pub runner_load: f64,
    /// Instances of what runs it, and what one serves (μ).
    pub instances: u32,
    pub service_rate: f64,
    /// Of what runs it.
    pub utilisation: f64,
    /// Seconds, its own response time's p99; `None` when saturated.
    pub p99: Option<f64>,
    /// Dollars a month of what runs it.
    pub monthly_cost: f64,
}

/// An objective a step breaks, with the percentile it would have.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct BrokenObjective {
    pub entry: ComponentId,
    pub objective: LatencyObjective,
    /// Seconds; `None` when something on the way is saturated.
    pub value: Option<f64>,
}

/// Whether the old side could take everything back at this step.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Rollback {
    /// What runs the old side, with this step's instances and all the
    /// traffic: its arrivals, instances and μ.
    pub load: f64,
    pub instances: u32,
    pub service_rate: f64,
    pub utilisation: f64,
    /// The utilisation it must stay under.
    pub limit: f64,
    pub holds: bool,
}

/// Everything one phase is judged by.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct StepFigures {
    pub shadow: bool,
    /// Share of the traffic on the new side (the shadow phase: 0, with a
    /// copy of all of it).
    pub share: f64,
    pub old: Side,
    pub new: Side,
    /// The whole system's bill at this step, dollars a month.
    pub monthly_cost: f64,
    pub saturated: Vec<ComponentId>,
    pub violations: Vec<Violation>,
    pub objectives_broken: Vec<BrokenObjective>,
    pub rollback: Rollback,
}

impl StepFigures {
    /// Safe: nothing saturated or violated, no objective broken, and the
    /// way back holds.
    pub fn safe(&self) -> bool {
        self.saturated.is_empty() && self.violations.is_empty() && self.objectives_broken.is_empty() && self.rollback.holds
    }
}

/// A plan's phases at one growth.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct MigrationReport {
    pub growth: f64,
    pub old: ComponentId,
    pub new: ComponentId,
    pub steps: Vec<StepFigures>,
}

impl MigrationReport {
    /// The first phase that is not safe, if any.
    pub fn first_unsafe(&self) -> Option<usize> {
        self.steps.iter().position(|s| !s.safe())
    }
}

/// The architecture with `phase` of `migration` taken, at the document's
/// growth. Refused, with the reason, when a side is missing.
pub fn phase_document(doc: &Document, migration: &Migration, phase: Phase) -> Result<Document, String> {
    match phase {
        Phase::Shadow => mirrored(doc, migration, CallMode::Sync),
        Phase::Split(i) => {
            let step = migration.steps.get(i).ok_or_else(|| format!("the migration has no step {}", i + 1))?;
            split(doc, migration, step.share, old_instances_at(migration, i))
        }
    }
}

/// The instances the old side runs at step `i`: the last step up to it
/// that says.
fn old_instances_at(migration: &Migration, i: usize) -> Option<u32> {
    migration.steps.iter().take(i + 1).rev().find_map(|s| s.old_instances)
}

fn sides<'a>(doc: &'a Document, migration: &Migration) -> Result<(&'a Component, &'a Component), String> {
    let find = |id: &ComponentId, side: &str| {
        doc.component(id).ok_or_else(|| format!("the migration's {side} component \"{id}\" is not in the document"))
    };
    Ok((find(&migration.old, "old")?, find(&migration.new, "new")?))
}

/// What runs `component`: its host for a module.
fn runner(component: &Component) -> ComponentId {
    component.host().cloned().unwrap_or_else(|| component.id.clone())
}

/// `share` of the traffic in flight on the new side. The traffic in
/// flight is, per caller and kind of call, what it sends to both sides
/// together (and what enters at both): a document with a step already
/// taken splits the same way, so the plan can be taken step by step and
/// rolled back from any of them.
fn split(doc: &Document, migration: &Migration, share: f64, old_instances: Option<u32>) -> Result<Document, String> {
    let (old, new) = sides(doc, migration)?;
    let (old_id, new_id) = (old.id.clone(), new.id.clone());
    let mut out = doc.clone();
    let in_flight = |d: &Dependency| (d.to == old_id && d.from != new_id) || (d.to == new_id && d.from != old_id);
    let mut callers: Vec<Dependency> = Vec::new();
    for d in doc.dependencies.iter().filter(|d| in_flight(d)) {
        if !callers.iter().any(|c| c.from == d.from && c.kind == d.kind && c.mode == d.mode) {
            callers.push(d.clone());
        }
    }
    for caller in &callers {
        let same = |e: &Dependency| in_flight(e) && e.from == caller.from && e.kind == caller.kind && e.mode == caller.mode;
        let total: f64 = doc.dependencies.iter().filter(|e| same(e)).map(|e| e.calls).sum();
        let existing = |to: &ComponentId| doc.dependencies.iter().find(|e| same(e) && &e.to == to).map(|e| e.id.clone());
        let (to_old, to_new) = (existing(&old_id), existing(&new_id));
        out.dependencies.retain(|e| !same(e));
        for (to, id, calls) in [(&old_id, to_old, total * (1.0 - share)), (&new_id, to_new, total * share)] {
            if calls > 0.0 {
                let id = id.unwrap_or_else(|| DependencyId::new(super::plan::fresh_id(&out, &format!("{}-to-{}", caller.from, to))));
                out.dependencies.push(Dependency { id, to: to.clone(), calls, ..caller.clone() });
            }
        }
    }
    let entered = |id: &ComponentId| doc.scenario.entries.iter().filter(|e| &e.component == id).map(|e| e.rate).sum::<f64>();
    let total = entered(&old_id) + entered(&new_id);
    if total > 0.0 {
        let template = doc.scenario.entries.iter().find(|e| e.component == old_id || e.component == new_id).cloned();
        out.scenario.entries.retain(|e| e.component != old_id && e.component != new_id);
        if let Some(template) = template {
            for (id, rate) in [(&old_id, total * (1.0 - share)), (&new_id, total * share)] {
                if rate > 0.0 {
                    out.scenario.entries.push(EntryPoint { component: id.clone(), rate, ..template.clone() });
                }
            }
        }
    }
    follow_growth(&mut out, &old_id, &new_id);
    if let Some(instances) = old_instances {
        shrink(&mut out, &runner(old), instances);
    }
    Ok(out)
}

/// The share of the traffic in flight already on the new side in `doc`
/// as it stands (0 before the first step is taken).
pub fn current_share(doc: &Document, migration: &Migration) -> f64 {
    let (old, new) = (&migration.old, &migration.new);
    let calls = |to: &ComponentId, other: &ComponentId| -> f64 {
        doc.dependencies.iter().filter(|d| &d.to == to && &d.from != other).map(|d| d.calls).sum()
    };
    let entered = |id: &ComponentId| doc.scenario.entries.iter().filter(|e| &e.component == id).map(|e| e.rate).sum::<f64>();
    let (on_old, on_new) = (calls(old, new) + entered(old), calls(new, old) + entered(new));
    if on_old + on_new > 0.0 { on_new / (on_old + on_new) } else { 0.0 }
}

/// The edit that takes `phase` on the document: the calls and entry
/// points it moves and the old side it shrinks, as one undo step. The
/// shadow phase is judged, not taken: its copy is not an arrow to keep.
pub fn phase_command(doc: &Document, migration: &Migration, phase: Phase) -> Result<Command, String> {
    if phase == Phase::Shadow {
        return Err("the shadow phase is shown, not applied: its copy answers nobody".to_owned());
    }
    let after = phase_document(doc, migration, phase)?;
    let mut commands = Vec::new();
    let gone: Vec<DependencyId> =
        doc.dependencies.iter().filter(|d| after.dependency(&d.id).is_none()).map(|d| d.id.clone()).collect();
    if !gone.is_empty() {
        commands.push(Command::Remove { components: Vec::new(), dependencies: gone });
    }
    let mut added = Vec::new();
    for d in &after.dependencies {
        match doc.dependency(&d.id) {
            Some(before) if before != d => commands.push(Command::UpdateDependency(d.clone())),
            Some(_) => {}
            None => added.push((usize::MAX, d.clone())),
        }
    }
    if !added.is_empty() {
        commands.push(Command::Insert { components: Vec::new(), dependencies: added, entries: Vec::new() });
    }
    for c in &after.components {
        if doc.component(&c.id) != Some(c) {
            commands.push(Command::UpdateComponent(c.clone()));
        }
    }
    if after.scenario != doc.scenario {
        commands.push(Command::SetScenario(after.scenario));
    }
    Ok(Command::Batch(commands))
}

/// A copy of all the old side's traffic sent to the new side too, as calls
/// of `mode`.
fn mirrored(doc: &Document, migration: &Migration, mode: CallMode) -> Result<Document, String> {
    let (old, new) = sides(doc, migration)?;
    let (old_id, new_id) = (old.id.clone(), new.id.clone());
    let mut out = doc.clone();
    for d in doc.dependencies.iter().filter(|d| d.to == old_id && d.from != new_id) {
        let id = super::plan::fresh_id(&out, &format!("{}-shadow-{}", d.from, new_id));
        out.dependencies.push(Dependency { id: DependencyId::new(id), to: new_id.clone(), mode, ..d.clone() });
    }
    for entry in doc.scenario.entries.iter().filter(|e| e.component == old_id) {
        // Entered traffic copied: the copy promises nothing.
        out.scenario.entries.push(EntryPoint { component: new_id.clone(), objective: None, ..entry.clone() });
    }
    follow_growth(&mut out, &old_id, &new_id);
    Ok(out)
}

/// The new side grows as the traffic it takes over does.
fn follow_growth(doc: &mut Document, old: &ComponentId, new: &ComponentId) {
    let Some(factor) = doc.scenario.growth_overrides.iter().find(|o| &o.component == old).map(|o| o.factor) else { return };
    if !doc.scenario.growth_overrides.iter().any(|o| &o.component == new) {
        doc.scenario.growth_overrides.push(GrowthOverride { component: new.clone(), factor });
    }
}

fn shrink(doc: &mut Document, id: &ComponentId, instances: u32) {
    if let Some(c) = doc.components.iter_mut().find(|c| &c.id == id) {
        c.instances = instances;
        if c.max_instances.is_some() {
            c.max_instances = Some(instances);
        }
    }
}

/// Every phase of `migration` at `growth`.
pub fn migration_report(doc: &Document, migration: &Migration, growth: f64) -> Result<MigrationReport, String> {
    let steps = phases(migration)
        .into_iter()
        .map(|phase| phase_figures(doc, migration, phase, growth))
        .collect::<Result<Vec<_>, String>>()?;
    Ok(MigrationReport { growth, old: migration.old.clone(), new: migration.new.clone(), steps })
}

fn phase_figures(doc: &Document, migration: &Migration, phase: Phase, growth: f64) -> Result<StepFigures, String> {
    let loaded = phase_document(doc, migration, phase)?;
    let analysis = Analysis::new(&loaded);
    let report = analysis.report_at(growth);
    let laws = analysis.response_laws(&report);
    let side = |id: &ComponentId| -> Result<Side, String> {
        let component = loaded.component(id).ok_or_else(|| format!("\"{id}\" is not in the document"))?;
        let runs_on = runner(component);
        let i = loaded.components.iter().position(|c| &c.id == id).ok_or_else(|| format!("\"{id}\" is not in the document"))?;
        let load = report.components.get(i).ok_or_else(|| format!("no figures for \"{id}\""))?;
        let running = report.component(&runs_on).unwrap_or(load);
        Ok(Side {
            component: id.clone(),
            runs_on: runs_on.clone(),
            load: load.arrival_rate,
            runner_load: running.arrival_rate,
            instances: running.instances,
            service_rate: running.service_rate,
            utilisation: running.utilisation,
            p99: laws.get(i).and_then(|l| l.as_ref()).and_then(|l| l.quantile(0.99)),
            monthly_cost: running.monthly_cost,
        })
    };
    let (old, new) = (side(&migration.old)?, side(&migration.new)?);
    // Nobody waits for the shadow's copy: its latencies come from the
    // copy sent asynchronously.
    let objectives_broken = match phase {
        Phase::Shadow => {
            let quiet = mirrored(doc, migration, CallMode::Async)?;
            let quiet_analysis = Analysis::new(&quiet);
            broken_objectives(&quiet, &quiet_analysis, &quiet_analysis.report_at(growth))
        }
        Phase::Split(_) => broken_objectives(&loaded, &analysis, &report),
    };
    let rollback = match phase {
        Phase::Shadow => Rollback {
            load: old.runner_load,
            instances: old.instances,
            service_rate: old.service_rate,
            utilisation: old.utilisation,
            limit: report.utilisation_limit,
            holds: old.utilisation < report.utilisation_limit,
        },
        Phase::Split(i) => rollback(doc, migration, i, growth)?,
    };
    Ok(StepFigures {
        shadow: phase == Phase::Shadow,
        share: match phase {
            Phase::Shadow => 0.0,
            Phase::Split(i) => migration.steps.get(i).map_or(0.0, |s| s.share),
        },
        old,
        new,
        monthly_cost: report.cost.monthly_total,
        saturated: report.saturated().map(|c| c.id.clone()).collect(),
        violations: report.violations.clone(),
        objectives_broken,
        rollback,
    })
}

/// Every objective `report` misses.
fn broken_objectives(doc: &Document, analysis: &Analysis, report: &Report) -> Vec<BrokenObjective> {
    let laws = analysis.response_laws(report);
    report
        .entries
        .iter()
        .enumerate()
        .filter_map(|(k, entry)| {
            let objective = doc.scenario.entries.iter().find(|e| e.component == entry.component)?.objective?;
            let value = analysis.entry_quantile(report, &laws, k, objective.percentile);
            let holds = value.is_some_and(|v| v * 1000.0 <= objective.target_ms);
            (!holds).then(|| BrokenObjective { entry: entry.component.clone(), objective, value })
        })
        .collect()
}

/// Step `i`'s old side, as shrunk by then, with all the traffic back.
fn rollback(doc: &Document, migration: &Migration, i: usize, growth: f64) -> Result<Rollback, String> {
    let back = split(doc, migration, 0.0, old_instances_at(migration, i))?;
    let (old, _) = sides(&back, migration)?;
    let report = Analysis::new(&back).report_at(growth);
    let running = report.component(&runner(old)).ok_or_else(|| format!("no figures for \"{}\"", old.id))?;
    let limit = report.utilisation_limit;
    let out_of_connections = report.violations.iter().any(|v| matches!(v, Violation::Connections(_)) && v.component() == &running.id);
    Ok(Rollback {
        load: running.arrival_rate,
        instances: running.instances,
        service_rate: running.service_rate,
        utilisation: running.utilisation,
        limit,
        holds: running.utilisation < limit && !out_of_connections,
    })
}

/// A replacement for `old` to migrate to: for a module, the service it
/// would be extracted into (sized as `engine::plan`'s extraction sizes it);
/// otherwise a copy of it. It makes the same calls as `old`, under a fresh
/// id. The page inserts both and the plan as one edit.
pub fn replacement_for(doc: &Document, old: &ComponentId) -> Result<(Component, Vec<Dependency>), String> {
    let component = doc.component(old).ok_or_else(|| format!("\"{old}\" is not in the document"))?;
    let base_name = component.name.trim_end_matches(" module").trim_end_matches(" Module");
    let id = ComponentId::new(super::plan::fresh_id(doc, &format!("{old}-new")));
    let mut replacement = if component.kind == ComponentKind::Module {
        let mut extracted = doc.clone();
        let command = super::Intervention::ExtractModule { module: old.clone() }
            .command(doc)
            .ok_or_else(|| format!("\"{}\" cannot be extracted", component.name))?;
        crate::model::apply(&mut extracted, command).map_err(|e| e.to_string())?;
        extracted.component(old).cloned().ok_or_else(|| format!("\"{old}\" is not in the document"))?
    } else {
        component.clone()
    };
    replacement.id = id.clone();
    replacement.name = format!("{base_name} service");
    replacement.position = component.position.map(|p| crate::model::Point { x: p.x + 220.0, y: p.y });
    let mut calls = Vec::new();
    for d in doc.dependencies.iter().filter(|d| &d.from == old) {
        let mut scratch = doc.clone();
        scratch.dependencies.extend(calls.iter().cloned());
        let dep_id = super::plan::fresh_id(&scratch, &format!("{id}-{}", d.to));
        calls.push(Dependency { id: DependencyId::new(dep_id), from: id.clone(), ..d.clone() });
    }
    Ok((replacement, calls))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::templates::modular_monolith;
    use crate::model::{mvp_that_creaks, MigrationStep};

    fn with_replacement(mut doc: Document, old: &str) -> (Document, Migration) {
        let (component, calls) = replacement_for(&doc, &old.into()).unwrap();
        let new = component.id.clone();
        doc.components.push(component);
        doc.dependencies.extend(calls);
        (doc, Migration::new(old.into(), new))
    }

    /// The web app's 120 req/s (lb → web, 1 call) split 10/90 between the
    /// old web app and a copy of it.
    #[test]
    fn a_split_moves_its_share_of_every_call() {
        let (doc, plan) = with_replacement(mvp_that_creaks(), "web");
        let step = phase_document(&doc, &plan, Phase::Split(1)).unwrap();
        let report = Analysis::new(&step).report_at(1.0);
        let rate = |id: &str| report.component(&id.into()).unwrap().arrival_rate;
        assert!((rate("web") - 108.0).abs() < 1e-9, "{}", rate("web"));
        assert!((rate("web-new") - 12.0).abs() < 1e-9, "{}", rate("web-new"));
        // What is behind them sees the same traffic as before.
        let before = Analysis::new(&doc).report_at(1.0);
        let postgres = |r: &Report| r.component(&"postgres".into()).unwrap().arrival_rate;
        assert!((postgres(&report) - postgres(&before)).abs() < 1e-9);
        // At 100% the old side has no callers left.
        let all = phase_document(&doc, &plan, Phase::Split(3)).unwrap();
        assert!(all.dependencies.iter().all(|d| d.to.as_str() != "web"));
    }

    /// The monolith's search module: 150 req/s × 0.3 calls, grown 5× by
    /// its override, is 225 req/s at 1×; half of it on the new service.
    #[test]
    fn the_monoliths_search_module_moves_half_its_load() {
        let (doc, plan) = with_replacement(modular_monolith(), "search");
        let report = migration_report(&doc, &plan, 1.0).unwrap();
        let half = &report.steps[2];
        assert_eq!(half.share, 0.5);
        let total = half.old.load + half.new.load;
        let before = Analysis::new(&doc).report_at(1.0);
        let search = before.component(&"search".into()).unwrap().arrival_rate;
        assert!((total - search).abs() < 1e-9 * search, "{total} vs {search}");
        assert!((half.old.load - search / 2.0).abs() < 1e-9 * search);
        assert_eq!(half.old.runs_on.as_str(), "monolith");
        assert_eq!(half.new.runs_on.as_str(), "search-new");
    }

    /// Shrinking the old side leaves a step safe while the traffic is
    /// away but fails the way back: all of the web app's 120 req/s on one
    /// instance of 150 is 80%, at 2× 160%.
    #[test]
    fn the_rollback_check_uses_the_shrunk_old_side() {
        let (doc, mut plan) = with_replacement(mvp_that_creaks(), "web");
        plan.steps[2].old_instances = Some(1);
        let report = migration_report(&doc, &plan, 1.0).unwrap();
        assert!(report.steps[1].rollback.holds);
        assert!((report.steps[1].rollback.utilisation - 0.4).abs() < 1e-9);
        assert!((report.steps[2].rollback.utilisation - 0.8).abs() < 1e-9, "{:?}", report.steps[2].rollback);
        assert!(report.steps[2].rollback.holds);
        let grown = migration_report(&doc, &plan, 2.0).unwrap();
        assert!(!grown.steps[2].rollback.holds);
        assert!(!grown.steps[3].rollback.holds, "the shrinking carries on");
        // Both sides hold their pools to Postgres: 3 × 15 + 4 × 10 + 2 × 15
        // = 115 of its 100 connections at 2×, unsafe from the first step.
        assert_eq!(grown.first_unsafe(), Some(0));
        assert!(matches!(&grown.steps[0].violations[..], [Violation::Connections(b)] if b.demand == 115));
    }

    /// The shadow copy doubles what reaches the store behind both sides
    /// and the new side's own load, and the latency promised at the entry
    /// does not wait for it.
    #[test]
    fn the_shadow_phase_loads_both_sides_and_answers_nobody() {
        let (mut doc, mut plan) = with_replacement(mvp_that_creaks(), "web");
        plan.shadow = true;
        doc.scenario.entries[0].objective = Some(LatencyObjective { percentile: 0.99, target_ms: 100.0 });
        let report = migration_report(&doc, &plan, 1.0).unwrap();
        let shadow = &report.steps[0];
        assert!(shadow.shadow);
        assert!((shadow.old.load - 120.0).abs() < 1e-9 && (shadow.new.load - 120.0).abs() < 1e-9);
        assert!(shadow.objectives_broken.is_empty());
        let before = Analysis::new(&doc).report_at(1.0);
        let postgres = |r: &Report| r.component(&"postgres".into()).unwrap().arrival_rate;
        let shadowed = Analysis::new(&phase_document(&doc, &plan, Phase::Shadow).unwrap()).report_at(1.0);
        assert!((postgres(&shadowed) - 2.0 * postgres(&before)).abs() < 1e-9);
        assert_eq!(phases(&plan), vec![Phase::Shadow, Phase::Split(0), Phase::Split(1), Phase::Split(2), Phase::Split(3)]);
    }

    #[test]
    fn an_objective_broken_by_a_step_makes_it_unsafe() {
        let (mut doc, plan) = with_replacement(mvp_that_creaks(), "web");
        doc.scenario.entries[0].objective = Some(LatencyObjective { percentile: 0.99, target_ms: 1.0 });
        let report = migration_report(&doc, &plan, 1.0).unwrap();
        assert!(report.steps.iter().all(|s| !s.safe() && s.objectives_broken.len() == 1));
    }

    /// Taken step by step on the document, the plan gives the same
    /// figures as judged from the start, and the way back is there from
    /// the last step.
    #[test]
    fn steps_taken_one_by_one_split_the_same() {
        let (mut doc, plan) = with_replacement(modular_monolith(), "search");
        let judged = migration_report(&doc, &plan, 1.0).unwrap();
        for (k, phase) in phases(&plan).into_iter().enumerate() {
            let command = phase_command(&doc, &plan, phase).unwrap();
            crate::model::apply(&mut doc, command).unwrap();
            assert!((current_share(&doc, &plan) - plan.steps[k].share).abs() < 1e-12);
            let again = migration_report(&doc, &plan, 1.0).unwrap();
            for (a, b) in judged.steps.iter().zip(&again.steps) {
                assert!((a.old.load - b.old.load).abs() < 1e-9 && (a.new.load - b.new.load).abs() < 1e-9, "after step {k}");
                assert_eq!(a.rollback.holds, b.rollback.holds);
            }
        }
        let search = doc.component(&"search".into()).unwrap();
        let report = Analysis::new(&doc).report_at(1.0);
        assert_eq!(report.component(&search.id).unwrap().arrival_rate, 0.0);
        assert!(phase_command(&doc, &Migration { shadow: true, ..plan.clone() }, Phase::Shadow).is_err());
    }

    #[test]
    fn a_missing_side_is_refused_by_name() {
        let plan = Migration { old: "web".into(), new: "gone".into(), shadow: false, steps: vec![MigrationStep { share: 0.5, old_instances: None }] };
        let error = migration_report(&mvp_that_creaks(), &plan, 1.0).unwrap_err();
        assert!(error.contains("\"gone\""), "{error}");
    }
}

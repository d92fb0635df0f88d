//! Invariants that must hold for every architecture, checked on generated
//! ones: flow is conserved, load and utilisation never fall as growth
//! rises (for fixed capacity; an autoscaled component adds instances
//! instead and holds the comfort line until its ceiling), headroom never rises, documents survive a
//! JSON round trip.

use headroom::engine::{self, Analysis, Limit, Status};
use headroom::files::json::{parse_document, to_json};
use headroom::engine::synthetic::layered_dag;
use headroom::model::{
    CallKind, CallMode, Component, ComponentKind, Dependency, Document, EntryPoint, Scenario,
    SCHEMA_VERSION,
};
use proptest::prelude::*;

fn close(got: f64, expected: f64) -> bool {
    (got - expected).abs() <= 1e-9 * got.abs().max(expected.abs()).max(1.0)
}

/// Small graphs that may contain loops, with every component's outgoing
/// calls summing to at most 0.9 so that every loop damps.
fn damped_graph() -> impl Strategy<Value = Document> {
    (2usize..9)
        .prop_flat_map(|n| {
            let edges = prop::collection::vec((0..n, 0..n, 0.05f64..1.0, 0u8..3, any::<bool>()), 0..(n * 3));
            let hits = prop::collection::vec(prop::option::of(0.0f64..=1.0), n);
            (Just(n), edges, hits, 1.0f64..500.0)
        })
        .prop_map(|(n, raw_edges, hits, entry_rate)| {
            let components: Vec<Component> = (0..n)
                .map(|i| {
                    let kind = if hits[i].is_some() { ComponentKind::Cache } else { ComponentKind::Service };
                    let mut c = Component::with_defaults(format!("c{i}"), format!("C{i}"), kind);
                    c.hit_ratio = hits[i];
                    c
                })
                .collect();
            let mut outgoing = vec![0.0; n];
            for &(from, _, weight, _, _) in &raw_edges {
                outgoing[from] += weight;
            }
            let dependencies = raw_edges
                .iter()
                .enumerate()
                .map(|(k, &(from, to, weight, kind, sync))| Dependency {
                    id: format!("d{k}").into(),
                    from: format!("c{from}").into(),
                    to: format!("c{to}").into(),
                    calls: 0.9 * weight / outgoing[from],
                    kind: [CallKind::Call, CallKind::Read, CallKind::Write][kind as usize],
                    mode: if sync { CallMode::Sync } else { CallMode::Async },
                    deferrable: false,
                    routing: headroom::model::Routing::Calls,
                    repeat_share: None,
                })
                .collect();
            Document {
                schema_version: SCHEMA_VERSION,
                decisions: Vec::new(),
                options: Vec::new(),
                migrations: Vec::new(),
                positions: Default::default(),
                name: "generated".into(),
                components,
                dependencies,
                scenario: Scenario::new("generated", vec![EntryPoint::new("c0", entry_rate)]),
            }
        })
}

fn synthetic() -> impl Strategy<Value = Document> {
    (2usize..60, 0usize..120, any::<u64>()).prop_map(|(n, extra, seed)| layered_dag(n, n + extra, seed))
}

/// λ_v = entry_v + Σ flows in, and every flow out of a non-cache is
/// calls × λ_from (times the callee's growth override, which multiplies
/// everything arriving there).
fn assert_conserved(doc: &Document, growth: f64) -> Result<(), TestCaseError> {
    let report = Analysis::new(doc).report_at(growth);
    prop_assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    for (component, load) in doc.components.iter().zip(&report.components) {
        let inflow: f64 = doc
            .dependencies
            .iter()
            .zip(&report.dependencies)
            .filter(|(d, _)| d.to == component.id)
            .map(|(_, flow)| flow.rate)
            .sum();
        let factor = doc.scenario.growth_factor(&component.id);
        let entering = doc.entry_rate(&component.id) * growth * factor;
        prop_assert!(close(load.arrival_rate, entering + inflow),
            "{}: λ = {}, entry + inflow = {}", component.id, load.arrival_rate, entering + inflow);
        if !component.kind.serves_hits() {
            for (d, flow) in doc.dependencies.iter().zip(&report.dependencies) {
                if d.from == component.id {
                    let expected = d.calls * load.arrival_rate * doc.scenario.growth_factor(&d.to);
                    prop_assert!(close(flow.rate, expected),
                        "{}: carries {}, expected {}", d.id, flow.rate, expected);
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn flow_is_conserved_on_dags(doc in synthetic(), growth in 1.0f64..1000.0) {
        assert_conserved(&doc, growth)?;
    }

    #[test]
    fn flow_is_conserved_through_damped_loops(doc in damped_graph(), growth in 1.0f64..100.0) {
        prop_assert!(doc.validate().is_ok());
        assert_conserved(&doc, growth)?;
    }

    #[test]
    fn load_and_fixed_capacity_utilisation_never_fall_as_growth_rises(
        doc in synthetic(), low in 1.0f64..500.0, factor in 1.0f64..20.0,
    ) {
        let analysis = Analysis::new(&doc);
        let (before, after) = (analysis.report_at(low), analysis.report_at(low * factor));
        for ((component, a), b) in doc.components.iter().zip(&before.components).zip(&after.components) {
            prop_assert!(b.arrival_rate >= a.arrival_rate);
            if !component.autoscales() {
                prop_assert!(b.utilisation >= a.utilisation, "{}: {} then {}", component.id, a.utilisation, b.utilisation);
            }
            // An autoscaled component may add instances, but never beyond
            // its ceiling, and it saturates at the same growth.
            prop_assert!(b.instances <= component.instance_ceiling());
            prop_assert_eq!(a.saturates_at, b.saturates_at);
        }
        if let (Some(h1), Some(h2)) = (before.headroom(), after.headroom()) {
            prop_assert!(h2 <= h1);
        }
    }

    #[test]
    fn autoscaled_instances_never_fall_and_hold_the_comfort_line_below_the_ceiling(
        doc in synthetic(), low in 1.0f64..500.0, factor in 1.0f64..20.0,
    ) {
        // The saw-tooth of an autoscaled line on the growth chart: its
        // utilisation may drop as growth rises, but only because an
        // instance was added; until the ceiling it stays at or under the
        // comfort line, and past the ceiling it rises like a fixed one.
        let analysis = Analysis::new(&doc);
        let (before, after) = (analysis.report_at(low), analysis.report_at(low * factor));
        let comfort = doc.scenario.comfort_line;
        for ((component, a), b) in doc.components.iter().zip(&before.components).zip(&after.components) {
            if !component.autoscales() || component.kind == ComponentKind::Function {
                continue;
            }
            prop_assert!(b.instances >= a.instances, "{}: {} then {} instances", component.id, a.instances, b.instances);
            if b.instances < component.instance_ceiling() {
                prop_assert!(b.utilisation <= comfort * (1.0 + 1e-9), "{}: {} under its ceiling", component.id, b.utilisation);
            }
            if a.instances == component.instance_ceiling() {
                prop_assert!(b.utilisation >= a.utilisation, "{}: {} then {} at the ceiling", component.id, a.utilisation, b.utilisation);
            }
        }
    }

    #[test]
    fn saturation_growth_is_where_a_component_becomes_saturated(doc in synthetic()) {
        // Just past each component's saturation growth it is saturated (at
        // the peak, or unbounded over the day); just before, it is not.
        let report = engine::solve(&doc);
        let analysis = Analysis::new(&doc);
        for rank in report.ranking.iter().filter(|r| r.limit != Limit::Connections).take(5) {
            let past = analysis.report_at(rank.saturates_at * 1.0001);
            let before = analysis.report_at(rank.saturates_at * 0.9999);
            let id = &rank.component;
            prop_assert_eq!(past.component(id).unwrap().status, Status::Saturated, "{} past {}", id, rank.saturates_at);
            prop_assert!(before.component(id).unwrap().status != Status::Saturated, "{} before {}", id, rank.saturates_at);
        }
        // Connection limits: the budget is exceeded just past, not before.
        for rank in report.ranking.iter().filter(|r| r.limit == Limit::Connections && r.saturates_at > 0.0).take(3) {
            let exceeded = |g: f64| analysis.report_at(g).connections.iter()
                .any(|b| b.component == rank.component && b.is_exceeded());
            prop_assert!(exceeded(rank.saturates_at * 1.0001));
            prop_assert!(!exceeded(rank.saturates_at * 0.9999));
        }
    }

    #[test]
    fn end_to_end_latency_is_at_least_the_entry_components_own(doc in synthetic()) {
        let report = engine::solve(&doc);
        for entry in &report.entries {
            let own = report.component(&entry.component).unwrap().response_time();
            if let (Some(total), Some(own)) = (entry.latency, own) {
                prop_assert!(total >= own);
            }
        }
    }

    #[test]
    fn json_export_then_import_is_the_identity(doc in prop_oneof![synthetic(), damped_graph()]) {
        let text = to_json(&doc);
        prop_assert_eq!(parse_document(&text), Ok(doc));
    }
}

/// What a person does to a load balancer's arrows in the editor: connect
/// it to one of the boxes, delete one of its arrows, or type a share.
#[derive(Clone, Debug)]
enum BalancerEdit {
    Connect(usize),
    Delete(usize),
    Share(usize, f64),
}

fn balancer_edits() -> impl Strategy<Value = Vec<BalancerEdit>> {
    let edit = prop_oneof![
        (0usize..6).prop_map(BalancerEdit::Connect),
        (0usize..6).prop_map(BalancerEdit::Delete),
        ((0usize..6), 0.0f64..=1.0).prop_map(|(i, s)| BalancerEdit::Share(i, s)),
    ];
    prop::collection::vec(edit, 1..16)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// A load balancer built up by connecting, deleting and typing shares
    /// in the editor never sends out more than it receives: its shares
    /// stay the whole, and what reaches its callees through it is what
    /// reaches it.
    #[test]
    fn a_balancer_edited_in_the_editor_never_sends_out_more_than_it_receives(edits in balancer_edits()) {
        use headroom::editor::canvas::{connect, selection::Selection};
        use headroom::editor::forms::inspector;
        use headroom::model::{apply, mvp_that_creaks, shares};
        let mut doc = mvp_that_creaks();
        let targets: Vec<_> = doc.components.iter().map(|c| c.id.clone()).filter(|id| id.as_str() != "lb").collect();
        for edit in edits {
            let arrows: Vec<_> = shares::shares_of(&doc, &"lb".into()).map(|d| d.id.clone()).collect();
            let command = match edit {
                BalancerEdit::Connect(i) => connect::connect(&doc, &"lb".into(), &targets[i % targets.len()]).ok().map(|(c, _)| c),
                BalancerEdit::Delete(i) if !arrows.is_empty() => {
                    Selection::dependency(arrows[i % arrows.len()].clone()).delete_command(&doc)
                }
                BalancerEdit::Share(i, share) if !arrows.is_empty() => inspector::edit_dependency(
                    &doc,
                    &arrows[i % arrows.len()],
                    inspector::DependencyField::Calls,
                    &format!("{}", share * 100.0),
                )
                .ok(),
                _ => None,
            };
            if let Some(command) = command {
                apply(&mut doc, command).map_err(|e| TestCaseError::fail(e.to_string()))?;
            }
            let total = shares::total_share(&doc, &"lb".into());
            let has_arrows = shares::shares_of(&doc, &"lb".into()).next().is_some();
            prop_assert!(!has_arrows || (total - 1.0).abs() < 1e-9, "shares add up to {total}");
            let report = engine::solve(&doc);
            let inbound = report.component(&"lb".into()).unwrap().arrival_rate;
            let outbound: f64 = shares::shares_of(&doc, &"lb".into()).map(|d| d.calls * inbound).sum();
            prop_assert!(outbound <= inbound * (1.0 + 1e-9), "out {outbound} > in {inbound}");
            let unwhole = headroom::model::suspicions(&doc)
                .into_iter()
                .filter(|s| matches!(s, headroom::model::Suspicion::SharesNotWhole { .. }))
                .count();
            prop_assert_eq!(unwhole, 0);
        }
    }
}

//! The plan search: it reaches the target when the catalogue of moves can,
//! every step is an edit that applies, and on small models it finds the
//! same cheapest plan as brute force over every sequence of moves.

use headroom::engine::{exhaustive_cheapest_cost, plan, Analysis, Intervention, PlanSettings, PlanTarget};
use headroom::engine::synthetic::layered_dag;
use headroom::model::templates::{mvp_monolith, template};
use headroom::model::{apply, mvp_that_creaks, Document};

/// The single place that runs a plan and checks what every plan must
/// satisfy; returns its added cost.
fn check(doc: &Document, target: PlanTarget) -> headroom::engine::Plan {
    let found = plan(doc, target, PlanSettings::default()).expect("a plan");
    // Replaying the steps' edits reproduces the planned architecture.
    let mut replayed = doc.clone();
    for step in &found.steps {
        apply(&mut replayed, step.command.clone()).expect("every step applies");
    }
    assert_eq!(replayed.components, found.result.components);
    assert_eq!(replayed.dependencies, found.result.dependencies);
    if found.reached {
        // Every ranked limit is at or beyond the target under the ceiling.
        let report = Analysis::new(&found.result).report_at(target.growth);
        for saturation in &report.ranking {
            let scale = match saturation.limit {
                headroom::engine::Limit::Connections => 1.0,
                _ => target.ceiling,
            };
            assert!(
                saturation.saturates_at * scale >= target.growth * (1.0 - 1e-9),
                "{} still limits at {}",
                saturation.component,
                saturation.saturates_at
            );
        }
    }
    found
}

#[test]
fn the_sample_reaches_5x_with_a_pooler_first() {
    // At 5× Postgres runs out of connections (3.5×) and its CPU saturates
    // (4.17×): the cheapest way is a pooler ($30) plus a second Postgres
    // node's worth of capacity ($400: two shards or a bigger box).
    let doc = mvp_that_creaks();
    let found = check(&doc, PlanTarget { growth: 5.0, ceiling: 0.7 });
    assert!(found.reached);
    assert!(found.exhaustive);
    let moves: Vec<&Intervention> = found.steps.iter().map(|s| &s.intervention).collect();
    assert!(moves.iter().any(|m| matches!(m, Intervention::AddPooler { .. })), "{moves:?}");
    let brute = exhaustive_cheapest_cost(&doc, PlanTarget { growth: 5.0, ceiling: 0.7 }, PlanSettings::default(), 4)
        .expect("brute force finds a plan");
    assert!((found.added_monthly_cost - brute).abs() < 1e-6, "search {} vs brute force {brute}", found.added_monthly_cost);
}

#[test]
fn on_small_models_the_search_matches_brute_force() {
    let target = PlanTarget { growth: 3.0, ceiling: 0.8 };
    let mut compared = 0;
    let cases: Vec<Document> = (1..=8u64)
        .map(|seed| layered_dag(5, 7, seed))
        .chain([mvp_monolith(), mvp_that_creaks()])
        .collect();
    for doc in cases {
        let found = check(&doc, target);
        let Some(brute) = exhaustive_cheapest_cost(&doc, target, PlanSettings::default(), 4) else { continue };
        compared += 1;
        assert!(found.reached, "{}: brute force reaches the target, the search does not", doc.name);
        assert!(
            found.added_monthly_cost <= brute + 1e-6,
            "{}: search +${:.2}/mo, brute force +${brute:.2}/mo",
            doc.name,
            found.added_monthly_cost
        );
    }
    assert!(compared >= 5, "only {compared} cases were comparable");
}

#[test]
fn the_scaled_web_app_reaches_100x() {
    let doc = (template("scaled-web-app").expect("template").build)();
    let found = check(&doc, PlanTarget { growth: 100.0, ceiling: 0.7 });
    assert!(found.reached);
    assert!(found.steps.len() >= 3);
    // Costs only go up along this plan, and the last step's figures are
    // the plan's.
    let last = found.steps.last().unwrap();
    assert_eq!(last.after.failing, 0);
}

#[test]
fn an_unfixable_limit_is_reported_not_hidden() {
    // The event pipeline's email API has a rate limit no move can raise
    // (its calls are writes: nothing to cache, and none is deferrable).
    let doc = (template("event-pipeline").expect("template").build)();
    let found = check(&doc, PlanTarget { growth: 10.0, ceiling: 0.7 });
    assert!(!found.reached);
    assert_eq!(found.unfixable, vec![headroom::model::ComponentId::new("email")]);
    // Everything else is fixed: the email API is the only failure left.
    assert_eq!(found.steps.last().map(|s| s.after.failing), Some(1));
}

#[test]
fn a_search_that_runs_out_of_budget_finishes_in_slices_with_the_same_plan() {
    // Regression: the greedy finish after the budget, and replaying the
    // plan's moves for their figures, each ran in one call — seconds on a
    // 300-component model, with the page frozen. Both now advance a little
    // per call; slicing must not change the plan.
    let doc = layered_dag(40, 120, 7);
    let target = PlanTarget { growth: 100.0, ceiling: 0.7 };
    let settings = PlanSettings { max_expansions: 30, ..PlanSettings::default() };
    let whole = plan(&doc, target, settings).expect("a plan");
    assert!(!whole.exhaustive, "the budget runs out on this model");

    let mut search = headroom::engine::PlanSearch::new(&doc, target, settings);
    let mut calls = 0;
    while !search.step(1).done {
        calls += 1;
    }
    assert!(calls > settings.max_expansions, "the greedy finish took more calls: {calls}");
    let mut assembly = search.assemble().expect("a plan");
    let mut slices = 0;
    while !assembly.step(1) {
        slices += 1;
    }
    assert_eq!(slices + 1, assembly.replayed().1.max(1));
    let sliced = assembly.finish();
    assert_eq!(sliced, whole);
}

#[test]
fn a_search_cut_short_says_how_far_its_plan_can_be_from_the_cheapest() {
    // 100 components at 100×: more choices than the budget can settle, so
    // the plan is finished greedily; the floor under every architecture
    // left unexamined bounds the cheapest, and the summary says the gap.
    let doc = layered_dag(100, 300, 7);
    let target = PlanTarget { growth: 100.0, ceiling: 0.7 };
    let found = plan(&doc, target, PlanSettings::for_document(&doc)).expect("a plan");
    let least = found.least_added_monthly_cost.expect("a floor: only external APIs are left short");
    assert!(least <= found.added_monthly_cost + 1e-6, "floor {least} above the plan {}", found.added_monthly_cost);
    let start = found.steps.first().map_or(0.0, |s| s.before.monthly_cost);
    let gap = (found.added_monthly_cost - least) / (start + least);
    assert!(gap < 0.02, "the plan is up to {:.1}% above the cheapest", gap * 100.0);
    let words = headroom::words::plan::summarise(&doc, &found).search;
    if found.exhaustive {
        assert!(words.contains("cheapest plan the catalogue of moves allows"), "{words}");
    } else {
        assert!(words.contains("no plan can add less than $") && words.contains("at most $"), "{words}");
    }
}

#[test]
fn a_proven_plan_has_its_own_cost_as_the_floor() {
    for (doc, growth) in [((template("scaled-web-app").expect("template").build)(), 100.0), (mvp_that_creaks(), 5.0)] {
        let found = check(&doc, PlanTarget { growth, ceiling: 0.7 });
        assert!(found.exhaustive, "{}", doc.name);
        let least = found.least_added_monthly_cost.expect("a floor");
        assert!((least - found.added_monthly_cost).abs() < 1e-6, "{}: {least} vs {}", doc.name, found.added_monthly_cost);
    }
}

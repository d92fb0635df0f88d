//! Engine speed on generated architectures: one full solve (traffic
//! equations, visit ratios, M/M/c for every component, ranking) and one
//! growth sweep, at the sizes the issues name. Measured, never asserted.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use headroom::engine::{self, plan, Analysis, PlanSettings, PlanTarget};
use headroom::engine::synthetic::{damped_ring, layered_dag};

fn solve(c: &mut Criterion) {
    let mut group = c.benchmark_group("solve");
    for (components, dependencies) in [(100, 300), (1_000, 3_000)] {
        let doc = layered_dag(components, dependencies, 42);
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{components}x{dependencies}")),
            &doc,
            |b, doc| b.iter(|| engine::solve(doc)),
        );
    }
    // One loop of 2,000 services: a sparse elimination, not a dense one.
    let ring = damped_ring(2_000);
    group.bench_function("damped ring of 2000", |b| b.iter(|| engine::solve(&ring)));
    group.finish();
}

fn report_at_new_growth(c: &mut Criterion) {
    // What the growth dial costs once the document is prepared.
    let doc = layered_dag(1_000, 3_000, 42);
    let analysis = Analysis::new(&doc);
    c.bench_function("report_at/1000x3000", |b| b.iter(|| analysis.report_at(7.5)));
}

fn sweep(c: &mut Criterion) {
    let doc = layered_dag(1_000, 3_000, 42);
    c.bench_function("growth_sweep/1000x3000/121 points", |b| {
        b.iter(|| engine::growth_sweep(&doc, 121))
    });
}

fn plan_search(c: &mut Criterion) {
    // How the plan search scales with model size, and the scaled-web-app
    // template at 100x (the reference point).
    let mut group = c.benchmark_group("plan");
    group.sample_size(10);
    let template = (headroom::model::templates::template("scaled-web-app").map(|t| t.build))
        .map(|build| build())
        .unwrap_or_else(|| layered_dag(10, 20, 1));
    let target = PlanTarget { growth: 100.0, ceiling: 0.7 };
    group.bench_function("scaled-web-app/100x", |b| b.iter(|| plan(&template, target, PlanSettings::default())));
    for size in [10, 30, 100, 300] {
        let doc = layered_dag(size, size * 3, 7);
        let target = PlanTarget { growth: 5.0, ceiling: 0.7 };
        group.bench_with_input(BenchmarkId::new("synthetic/5x", size), &doc, |b, doc| {
            b.iter(|| plan(doc, target, PlanSettings::for_document(doc)))
        });
    }
    group.finish();
}

fn percentiles(c: &mut Criterion) {
    // Issue 13: p50/p95/p99 of every component and entry point of a
    // 200-component model at one growth (the report is made beforehand:
    // the dial already pays for it).
    let doc = layered_dag(200, 600, 42);
    let analysis = Analysis::new(&doc);
    let report = analysis.report_at(1.0);
    c.bench_function("percentiles/200x600", |b| b.iter(|| analysis.percentiles(&report)));
    let sample = headroom::model::mvp_that_creaks();
    let analysis = Analysis::new(&sample);
    let report = analysis.report_at(1.0);
    c.bench_function("percentiles/sample", |b| b.iter(|| analysis.percentiles(&report)));
}

fn parallel_calls(c: &mut Criterion) {
    // Issue 13: what marking calls parallel costs the dial (a report, whose
    // mean needs each maximum's law, then the percentiles): the sample
    // with its web app calling at once, and a 30-component model where
    // every component that calls two or more does.
    let mut group = c.benchmark_group("parallel");
    group.sample_size(10);
    let mut sample = headroom::model::mvp_that_creaks();
    for component in &mut sample.components {
        component.parallel_calls = component.id.as_str() == "web";
    }
    let mut layered = layered_dag(30, 90, 42);
    for component in &mut layered.components {
        component.parallel_calls = true;
    }
    // 30x90 at 0.3x: nothing saturated (at 1x six are, and a saturated
    // walk has no law to build).
    for (name, doc, growth) in [("sample web", &sample, 1.5), ("30x90 all", &layered, 0.3)] {
        let analysis = Analysis::new(doc);
        group.bench_function(format!("{name}/report and percentiles"), |b| {
            b.iter(|| {
                let report = analysis.report_at(growth);
                analysis.percentiles(&report)
            })
        });
    }
    group.finish();
}

/// What a large page works out once: the cost audit (every finding
/// proved) and the layered drawing of a model without positions.
fn large_model(c: &mut Criterion) {
    let mut group = c.benchmark_group("large model");
    group.sample_size(10);
    let doc = layered_dag(5_000, 15_000, 7);
    group.bench_function("audit/5000x15000", |b| b.iter(|| headroom::engine::audit::audit(&doc)));
    group.bench_function("layered_layout/5000x15000", |b| b.iter(|| headroom::editor::view::layout::layered_layout(&doc)));
    group.finish();
}

/// Live collaboration on a 1,000-component model: one person's edit
/// recorded into the CRDT (the update sent to the room), and that update
/// merged and read back as a repaired, validated document by another.
fn collaboration(c: &mut Criterion) {
    use headroom::collab::SharedDocument;
    let doc = headroom::engine::synthetic::layered_dag(1_000, 3_000, 7);
    let mut mine = SharedDocument::new(1);
    let seed = mine.record(&doc);
    let mut group = c.benchmark_group("collab/1000x3000");
    group.sample_size(10);
    let mut edited = doc.clone();
    let mut n = 0u32;
    group.bench_function("record one edit", |b| {
        b.iter(|| {
            n += 1;
            edited.components[500].instances = 1 + n % 7;
            edited.components[500].max_instances = None;
            mine.record(&edited)
        })
    });
    let mut theirs = SharedDocument::new(2);
    let _ = theirs.apply(&seed);
    edited.components[10].name = "Renamed".to_owned();
    let update = mine.record(&edited);
    group.bench_function("merge one edit and read the document", |b| {
        b.iter(|| {
            let _ = theirs.apply(&update);
            theirs.document(&doc).map(|m| m.document.components.len())
        })
    });
    group.finish();
}

criterion_group!(benches, solve, report_at_new_growth, sweep, plan_search, percentiles, parallel_calls, large_model, collaboration);
criterion_main!(benches);

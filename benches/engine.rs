//! Engine speed on generated architectures: one full solve (traffic
//! equations, visit ratios, M/M/c for every component, ranking) and one
//! growth sweep, at the sizes the issues name. Measured, never asserted.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use headroom::engine::{self, Analysis};
use headroom::model::synthetic::layered_dag;

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

criterion_group!(benches, solve, report_at_new_growth, sweep);
criterion_main!(benches);

//! Simulation speed: a million requests of the sample (the page runs it
//! in slices, so this is the whole cross-check's cost). Measured, never
//! asserted.

use criterion::{criterion_group, criterion_main, Criterion};
use headroom::engine::simulate;
use headroom::model::mvp_that_creaks;

fn million_requests(c: &mut Criterion) {
    let sample = mvp_that_creaks();
    let mut group = c.benchmark_group("simulation");
    group.sample_size(10);
    for growth in [1.0, 3.0] {
        group.bench_function(format!("sample/{growth}x/1e6 requests"), |b| {
            b.iter(|| simulate(&sample, growth, 42, 1_000_000))
        });
    }
    group.finish();
}

criterion_group!(benches, million_requests);
criterion_main!(benches);

//! Builders the integration tests share: a component with a capacity, a
//! dependency named after its ends, a validated document with entry rates.
//! (A `tests/common/` module, so cargo does not run it as a test of its own.)

#![allow(dead_code)]

use headroom::model::{
    CallKind, CallMode, Component, ComponentKind, Dependency, Document, EntryPoint, Scenario,
    SCHEMA_VERSION,
};

pub fn component(id: &str, kind: ComponentKind, instances: u32, rate: f64) -> Component {
    Component {
        instances,
        throughput_per_instance: rate,
        base_latency_ms: 0.0,
        ..Component::with_defaults(id, id, kind)
    }
}

pub fn call(from: &str, to: &str, calls: f64, kind: CallKind, mode: CallMode) -> Dependency {
    Dependency::new(format!("{from}-{to}-{}", kind.label()), from, to, calls, kind, mode)
}

pub fn document(components: Vec<Component>, dependencies: Vec<Dependency>, entries: &[(&str, f64)]) -> Document {
    let doc = Document {
        schema_version: SCHEMA_VERSION,
        decisions: Vec::new(),
        options: Vec::new(),
        migrations: Vec::new(),
        positions: Default::default(),
        name: "test".into(),
        components,
        dependencies,
        scenario: Scenario::new(
            "test",
            entries
                .iter()
                .map(|(id, rate)| EntryPoint::new(*id, *rate))
                .collect(),
        ),
    };
    doc.validate().expect("test document is valid");
    doc
}

/// An API (8 × 100 req/s) sending one job per request, asynchronously, to
/// a worker pool of one worker at `worker_rate`, with `api_rate` arriving.
pub fn api_feeding_a_worker(api_rate: f64, worker_rate: f64) -> Document {
    document(
        vec![component("api", ComponentKind::Service, 8, 100.0), component("worker", ComponentKind::WorkerPool, 1, worker_rate)],
        vec![call("api", "worker", 1.0, CallKind::Call, CallMode::Async)],
        &[("api", api_rate)],
    )
}

/// The sample and every template, each with its name.
pub fn sample_and_templates() -> Vec<(String, Document)> {
    let mut docs = vec![("sample".to_owned(), headroom::model::mvp_that_creaks())];
    for template in headroom::model::templates::TEMPLATES {
        docs.push((template.id.to_owned(), (template.build)()));
    }
    docs
}

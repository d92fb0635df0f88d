//! Generated architectures of any size, for benchmarks and property
//! tests. Deterministic for a seed, so a slow case can be replayed. The
//! engine's, because it sizes their capacities from the traffic it solves.

use crate::model::{
    CallKind, CallMode, Component, ComponentKind, Dependency, Document, EntryPoint, GrowthOverride,
    Scenario, SCHEMA_VERSION,
};

/// A layered random DAG of `components` components and about
/// `dependencies` dependencies: edges only go from a lower to a higher
/// index, so traffic stays finite. Every pattern the engine knows appears:
/// caches on the read path, databases with replicas and shards, poolers,
/// connection pools, autoscaling, functions, external APIs, async work and
/// growth overrides. Capacities are sized so the system sits between 10%
/// and 80% utilisation at 1x.
pub fn layered_dag(components: usize, dependencies: usize, seed: u64) -> Document {
    let mut rng = fastrand::Rng::with_seed(seed);
    let components = components.max(1);
    let kinds = [
        ComponentKind::Service,
        ComponentKind::Service,
        ComponentKind::Service,
        ComponentKind::Database,
        ComponentKind::Cache,
        ComponentKind::Queue,
        ComponentKind::WorkerPool,
        ComponentKind::Function,
        ComponentKind::ExternalApi,
        ComponentKind::ApiGateway,
        ComponentKind::ConnectionPooler,
        ComponentKind::Cdn,
    ];
    let mut nodes: Vec<Component> = (0..components)
        .map(|i| {
            let kind = if i == 0 { ComponentKind::LoadBalancer } else { kinds[rng.usize(..kinds.len())] };
            let mut component =
                Component::with_defaults(format!("n{i:04}"), format!("{} {i}", kind.label()), kind);
            component.instances = rng.u32(1..=8);
            if kind.can_autoscale() && kind != ComponentKind::Function && rng.u8(..4) == 0 {
                component.max_instances = Some(component.instances * 4);
            }
            if kind.serves_hits() {
                component.hit_ratio = Some(0.5 + rng.f64() * 0.45);
            }
            if let Some(database) = component.database.as_mut() {
                database.read_replicas = rng.u32(0..=3);
                database.reads_on_primary = rng.bool();
                database.shards = rng.u32(1..=4);
                database.fan_out_share = rng.f64() * 0.2;
                database.max_connections = rng.u32(100..=2_000);
            }
            component
        })
        .collect();

    let mut edges = Vec::with_capacity(dependencies);
    let mut seen = std::collections::HashSet::new();
    // A spine first, so every component is reachable from the entry.
    for to in 1..components {
        let from = rng.usize(..to);
        seen.insert((from, to));
        edges.push((from, to));
    }
    let mut attempts = 0;
    while edges.len() < dependencies && components > 1 && attempts < dependencies * 20 {
        attempts += 1;
        let from = rng.usize(..components - 1);
        let to = rng.usize(from + 1..components);
        if seen.insert((from, to)) {
            edges.push((from, to));
        }
    }
    let dependencies: Vec<Dependency> = edges
        .into_iter()
        .map(|(from, to)| {
            let kind = match rng.u8(..10) {
                0..=5 => CallKind::Call,
                6..=8 => CallKind::Read,
                _ => CallKind::Write,
            };
            Dependency {
                id: format!("e{from:04}-{to:04}").into(),
                from: nodes[from].id.clone(),
                to: nodes[to].id.clone(),
                calls: (rng.f64() * 0.9 + 0.1) / 3.0,
                kind,
                mode: if rng.u8(..8) == 0 { CallMode::Async } else { CallMode::Sync },
                deferrable: rng.u8(..6) == 0,
                routing: crate::model::Routing::Calls,
                repeat_share: None,
            }
        })
        .collect();

    let mut doc = Document {
        schema_version: SCHEMA_VERSION,
        decisions: Vec::new(),
        options: Vec::new(),
        migrations: Vec::new(),
        positions: Default::default(),
        name: format!("Synthetic {components}×{}", dependencies.len()),
        components: Vec::new(),
        dependencies,
        scenario: Scenario::new(
            "Synthetic load",
            vec![EntryPoint::new("n0000", 1_000.0)],
        ),
    };
    // Size every component from the load it actually receives.
    doc.components = nodes.clone();
    let loads = super::arrival_rates_at_unit_growth(&doc);
    for (node, load) in nodes.iter_mut().zip(loads) {
        let target = 0.1 + rng.f64() * 0.7;
        let needed = (load / target).max(1.0);
        node.throughput_per_instance = (needed / f64::from(node.instances)).max(0.5);
    }
    doc.components = nodes;
    // A few components grow at their own pace.
    for i in (1..components).step_by(50) {
        doc.scenario.growth_overrides.push(GrowthOverride {
            component: doc.components[i].id.clone(),
            factor: 0.5 + rng.f64() * 2.5,
        });
    }
    doc
}

/// One damped loop through `components` services: each passes 99.8% of
/// its requests to the next and the last calls the first back on a tenth
/// of its requests (a retry through the whole chain), and every seventh
/// retries six back on 1%, so the traffic is one strongly-connected
/// component solved as a linear system. Sized to about half load at 1x.
pub fn damped_ring(components: usize) -> Document {
    let components = components.max(2);
    let id = |i: usize| format!("s{i:05}");
    let mut doc = Document::empty(format!("Damped ring of {components}"));
    doc.components = (0..components)
        .map(|i| {
            let mut component = Component::with_defaults(id(i), format!("Service {i}"), ComponentKind::Service);
            component.instances = 2;
            component
        })
        .collect();
    let call = |from: usize, to: usize, calls: f64| Dependency {
        id: format!("{}-{}", id(from), id(to)).into(),
        from: id(from).into(),
        to: id(to).into(),
        calls,
        kind: CallKind::Call,
        mode: CallMode::Sync,
        deferrable: false,
        routing: crate::model::Routing::Calls,
        repeat_share: None,
    };
    doc.dependencies = (0..components - 1).map(|i| call(i, i + 1, 0.998)).collect();
    doc.dependencies.push(call(components - 1, 0, 0.1));
    doc.dependencies.extend((0..components.saturating_sub(7)).step_by(7).map(|i| call(i + 7, i + 1, 0.01)));
    doc.scenario = Scenario::new("Ring load", vec![EntryPoint::new(id(0), 100.0)]);
    let loads = super::arrival_rates_at_unit_growth(&doc);
    for (component, load) in doc.components.iter_mut().zip(loads) {
        component.throughput_per_instance = (load / 2.0 / 0.5).max(1.0);
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ring's traffic against the closed form of a plain ring without
    /// shortcuts: the first sees 100 / (1 − 0.1 × 0.998⁵) requests a
    /// second, and each next one 0.998 of its caller's.
    #[test]
    fn a_ring_without_shortcuts_has_the_closed_form_traffic() {
        let mut doc = damped_ring(6);
        assert_eq!(doc.validate(), Ok(()));
        assert_eq!(doc.dependencies.len(), 6, "six services have no shortcut");
        let loads = crate::engine::arrival_rates_at_unit_growth(&doc);
        let first = 100.0 / (1.0 - 0.1 * 0.998f64.powi(5));
        for (i, load) in loads.iter().enumerate() {
            let expected = first * 0.998f64.powi(i as i32);
            assert!((load - expected).abs() < 1e-9, "{i}: {load} vs {expected}");
        }
        doc = damped_ring(2_000);
        assert_eq!(doc.validate(), Ok(()));
        let report = crate::engine::solve(&doc);
        assert!(report.warnings.is_empty(), "{:?}", report.warnings);
        assert!(report.components.iter().all(|c| c.arrival_rate.is_finite() && c.arrival_rate > 10.0));
        // What enters at the first service equals what leaves the ring:
        // the last's share that is not retried.
        let rates: Vec<f64> = report.components.iter().map(|c| c.arrival_rate).collect();
        let (first, last) = (rates[0], rates[rates.len() - 1]);
        assert!(first > 100.0 && (first - 100.0 - 0.1 * last).abs() < 1e-6 * first, "{first} {last}");
    }

    #[test]
    fn generated_documents_are_valid_and_deterministic() {
        let a = layered_dag(60, 150, 7);
        let b = layered_dag(60, 150, 7);
        assert_eq!(a, b);
        assert_eq!(a.components.len(), 60);
        assert_eq!(a.dependencies.len(), 150);
        assert_eq!(a.validate(), Ok(()));
    }

    #[test]
    fn the_benchmarked_thousand_has_every_scaling_pattern() {
        // The bench's 1,000-component model: the solve time it reports is
        // for a model where every pattern is present, not plain services.
        let doc = layered_dag(1_000, 3_000, 42);
        let has = |test: &dyn Fn(&crate::model::Component) -> bool| doc.components.iter().any(test);
        assert!(has(&|c| c.kind == ComponentKind::Cache && c.hit_ratio.is_some()), "a cache");
        assert!(has(&|c| c.kind == ComponentKind::Cdn), "a CDN");
        assert!(has(&|c| c.database.as_ref().is_some_and(|d| d.read_replicas > 0 && d.reads_on_primary)), "replicas");
        assert!(has(&|c| c.database.as_ref().is_some_and(|d| d.shards > 1 && d.fan_out_share > 0.0)), "shards");
        assert!(has(&|c| c.kind == ComponentKind::ConnectionPooler), "a pooler");
        assert!(has(&|c| c.connection_pool.is_some() && c.autoscales()), "autoscaled connection clients");
        assert!(has(&|c| c.kind == ComponentKind::Function), "a function");
        assert!(has(&|c| c.kind == ComponentKind::ExternalApi), "an external API");
        assert!(has(&|c| c.kind == ComponentKind::WorkerPool), "a worker pool");
        assert!(has(&|c| c.kind == ComponentKind::Queue), "a queue");
        assert!(doc.dependencies.iter().any(|d| d.mode == CallMode::Async), "async work");
        assert!(!doc.scenario.growth_overrides.is_empty(), "growth overrides");
    }
}

//! Traffic under overload: a saturated component passes on at most its
//! capacity, so what reaches components behind it is less than offered.
//! This is the long-run fluid view; it is defined on DAGs only, because on
//! a loop the throttled flow feeds back into itself.

use petgraph::algo::toposort;
use petgraph::graph::{DiGraph, NodeIndex};

use super::traffic::{ClassRates, Network};

/// Effective arrival rates at `growth`, given each component's capacity.
/// `None` when the graph has a loop.
pub(crate) fn effective_arrival_rates(
    network: &Network,
    growth: f64,
    capacity: &[f64],
) -> Option<Vec<f64>> {
    let n = network.len();
    let mut graph: DiGraph<(), ()> = DiGraph::with_capacity(n, network.edges.len());
    for _ in 0..n {
        graph.add_node(());
    }
    for edge in &network.edges {
        graph.add_edge(NodeIndex::new(edge.from), NodeIndex::new(edge.to), ());
    }
    let order = toposort(&graph, None).ok()?;

    let mut arriving = vec![ClassRates::default(); n];
    for &(i, rate) in &network.entries {
        arriving[i].reads += rate * growth * network.gain[i];
    }
    let mut incoming: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, edge) in network.edges.iter().enumerate() {
        incoming[edge.to].push(k);
    }
    let mut departing = vec![ClassRates::default(); n];
    for node in order {
        let v = node.index();
        for &k in &incoming[v] {
            let edge = network.edges[k];
            let carried = edge.carried_by_class(&network.read_pass, departing[edge.from]);
            arriving[v].reads += carried.reads * network.gain[v];
            arriving[v].writes += carried.writes * network.gain[v];
        }
        let total = arriving[v].total();
        let share = if total > capacity[v] { capacity[v] / total } else { 1.0 };
        departing[v] = ClassRates {
            reads: arriving[v].reads * share,
            writes: arriving[v].writes * share,
        };
    }
    Some(arriving.iter().map(|r| r.total()).collect())
}

//! Traffic under overload: a saturated component passes on at most its
//! capacity, so what reaches components behind it is less than offered.
//! This is the long-run fluid view; it is defined on DAGs only, because on
//! a loop the throttled flow feeds back into itself.

use super::traffic::{ClassRates, Network, SolveOrder};

/// Effective arrival rates at `growth`, given each component's capacity,
/// along `order` (the network's order over every edge). `None` when the
/// graph has a loop.
pub(crate) fn effective_arrival_rates(
    network: &Network,
    order: &SolveOrder,
    growth: f64,
    capacity: &[f64],
) -> Option<Vec<f64>> {
    if !order.is_acyclic() {
        return None;
    }
    let n = network.len();
    let mut arriving = vec![ClassRates::default(); n];
    for &(i, rate) in &network.entries {
        arriving[i].reads += rate * growth * network.gain[i];
    }
    let mut departing = vec![ClassRates::default(); n];
    // Any topological order gives the same sums: each component adds its
    // callers' final departures in edge order.
    for &v in order.call_order() {
        for edge in order.incoming(v) {
            let carried = edge.carried_by_class(&network.read_pass, departing[edge.from]);
            arriving[v].reads += carried.reads * network.gain[v];
            arriving[v].writes += carried.writes * network.gain[v];
        }
        let total = arriving[v].total();
        let share = if total > capacity[v] {
            capacity[v] / total
        } else {
            1.0
        };
        departing[v] = ClassRates {
            reads: arriving[v].reads * share,
            writes: arriving[v].writes * share,
        };
    }
    Some(arriving.iter().map(|r| r.total()).collect())
}

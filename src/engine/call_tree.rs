//! The synchronous calls one request makes, entry by entry: from each
//! component, which components it calls, how many attempts it makes and
//! how likely each attempt is to go through (a cache answers a hit
//! itself). The latency distribution and the simulation both walk it, so
//! they walk the same request.

use super::traffic::{Edge, Network, TrafficSolution};

/// One synchronous call out of a component, per request it serves.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Call {
    /// The callee, by component index.
    pub to: usize,
    /// Attempts per request: `floor` of it always, one more with the
    /// chance of its fractional part (0.3 is "30% of requests").
    pub attempts: f64,
    /// Chance each attempt reaches the callee (a cache's miss ratio for
    /// the reads it passes on; 1 for a plain call).
    pub pass: f64,
}

impl Call {
    /// Requests caused at the callee per request at the caller.
    pub fn mean_calls(&self) -> f64 {
        self.attempts * self.pass
    }
}

/// What one request entering at `entry` calls, component by component.
#[derive(Clone, Debug, PartialEq)]
pub struct CallTree {
    pub entry: usize,
    /// Per component, its synchronous calls (empty when the entry's
    /// requests never reach it).
    pub calls: Vec<Vec<Call>>,
}

/// The call tree of every entry point, in the scenario's order, from each
/// entry's synchronous solve at one request a second (`per_entry`, in the
/// same order: what [`Network::solve_each`] gives for the entries).
pub(crate) fn call_trees(network: &Network, per_entry: &[TrafficSolution]) -> Vec<CallTree> {
    let sync_edges: Vec<&Edge> = network.edges.iter().filter(|e| e.sync).collect();
    network
        .entries
        .iter()
        .zip(per_entry)
        .map(|(&(entry, _), solution)| {
            let mut calls = vec![Vec::new(); network.len()];
            for &edge in &sync_edges {
                let at_caller = solution.rates[edge.from];
                let total = at_caller.total();
                if !total.is_finite() || total <= 0.0 || edge.calls <= 0.0 {
                    continue;
                }
                // Per request at the caller: the mix of reads and writes
                // this entry brings decides how many pass a cache, and a
                // growth override on the callee multiplies what arrives.
                let mean = edge.carried(&network.read_pass, at_caller) * network.gain[edge.to] / total;
                if !mean.is_finite() || mean <= 0.0 {
                    continue;
                }
                let call = if mean <= edge.calls * (1.0 + 1e-12) {
                    Call { to: edge.to, attempts: edge.calls, pass: (mean / edge.calls).min(1.0) }
                } else {
                    // An override above 1 makes more requests than attempts.
                    Call { to: edge.to, attempts: mean, pass: 1.0 }
                };
                calls[edge.from].push(call);
            }
            CallTree { entry, calls }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::traffic::EdgeSet;
    use crate::model::mvp_that_creaks;

    /// The mean calls of the tree reproduce the visit ratios the mean
    /// latency uses: both describe the same request.
    #[test]
    fn mean_calls_give_the_visit_ratios() {
        let doc = mvp_that_creaks();
        let network = Network::new(&doc);
        let entries: Vec<usize> = network.entries.iter().map(|&(entry, _)| entry).collect();
        let trees = call_trees(&network, &network.solve_each(&network.order(EdgeSet::SyncOnly), &entries));
        let analysis = crate::engine::Analysis::new(&doc);
        for (tree, (_, _, visits)) in trees.iter().zip(&analysis.visits) {
            let mut derived = vec![0.0; network.len()];
            derived[tree.entry] = 1.0;
            // The sample's synchronous graph is acyclic: one pass in
            // call order reaches every visit.
            for _ in 0..network.len() {
                let mut next = vec![0.0; network.len()];
                next[tree.entry] = 1.0;
                for (from, calls) in tree.calls.iter().enumerate() {
                    for call in calls {
                        next[call.to] += derived[from] * call.mean_calls();
                    }
                }
                derived = next;
            }
            for (a, b) in derived.iter().zip(visits) {
                assert!((a - b).abs() < 1e-9 * b.max(1.0), "{derived:?} vs {visits:?}");
            }
        }
    }
}

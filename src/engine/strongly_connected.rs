//! Strongly connected components of a graph of component indices: which
//! components call one another round a loop, and an order in which every
//! caller comes before what it calls.
//!
//! Pearce's space-efficient variant of Tarjan's algorithm, the one
//! petgraph implements, written here iteratively: petgraph's recursion
//! overflowed the stack on a chain of 100,000 components, and building
//! its graph cost more than the search. Neighbours are visited newest
//! edge first, as petgraph's graph lists them, so every order (and every
//! loop's members) is the one the engine has always used.

/// A directed graph on nodes `0..n`, as one flat list of each node's
/// successors.
pub(crate) struct Successors {
    start: Vec<usize>,
    targets: Vec<usize>,
}

impl Successors {
    /// The graph of `n` nodes with `edges` (from, to) in document order.
    /// Edges naming a node outside `0..n` are not possible: callers map
    /// ids to indices first.
    pub fn new(n: usize, edges: impl Iterator<Item = (usize, usize)> + Clone) -> Successors {
        let mut start = vec![0usize; n + 1];
        let mut count = 0;
        for (from, _) in edges.clone() {
            start[from + 1] += 1;
            count += 1;
        }
        for v in 0..n {
            start[v + 1] += start[v];
        }
        // Filled from each list's end, so the newest edge comes first.
        let mut next = start[1..].to_vec();
        let mut targets = vec![0usize; count];
        for (from, to) in edges {
            next[from] -= 1;
            targets[next[from]] = to;
        }
        Successors { start, targets }
    }

    fn len(&self) -> usize {
        self.start.len() - 1
    }
}

/// One node being searched: where it is in its successor list, and
/// whether no successor has reached back past it yet.
struct Frame {
    node: usize,
    at: usize,
    local_root: bool,
}

/// Calls `found` with the members of each strongly connected component,
/// callees before callers (reverse topological order); members in the
/// order the search closed them.
pub(crate) fn each_component(graph: &Successors, mut found: impl FnMut(&[usize])) {
    let n = graph.len();
    // 0: not reached; below `finished`: the order it was reached in (or
    // the earliest a successor reached back to); from `finished` up: done.
    let mut rank = vec![0usize; n];
    let mut next_rank = 1usize;
    let mut finished = usize::MAX;
    let mut stack: Vec<usize> = Vec::new();
    let mut frames: Vec<Frame> = Vec::new();

    for root in 0..n {
        if rank[root] != 0 {
            continue;
        }
        rank[root] = next_rank;
        next_rank += 1;
        frames.push(Frame { node: root, at: graph.start[root], local_root: true });
        while let Some(frame) = frames.last_mut() {
            let v = frame.node;
            if frame.at < graph.start[v + 1] {
                let w = graph.targets[frame.at];
                if rank[w] == 0 {
                    rank[w] = next_rank;
                    next_rank += 1;
                    frames.push(Frame { node: w, at: graph.start[w], local_root: true });
                    continue;
                }
                if rank[w] < rank[v] {
                    rank[v] = rank[w];
                    frame.local_root = false;
                }
                frame.at += 1;
                continue;
            }
            let local_root = frame.local_root;
            frames.pop();
            if local_root {
                let mut reached = 1;
                let begin = stack
                    .iter()
                    .rposition(|&w| {
                        if rank[v] > rank[w] {
                            true
                        } else {
                            rank[w] = finished;
                            reached += 1;
                            false
                        }
                    })
                    .map_or(0, |x| x + 1);
                rank[v] = finished;
                stack.push(v);
                found(&stack[begin..]);
                stack.truncate(begin);
                next_rank -= reached;
                finished -= 1;
            } else {
                stack.push(v);
            }
            // Back in the caller: the successor just closed may have
            // reached further back than the caller itself.
            if let Some(parent) = frames.last_mut() {
                if rank[v] < rank[parent.node] {
                    rank[parent.node] = rank[v];
                    parent.local_root = false;
                }
                parent.at += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn components(n: usize, edges: &[(usize, usize)]) -> Vec<Vec<usize>> {
        let graph = Successors::new(n, edges.iter().copied());
        let mut out = Vec::new();
        each_component(&graph, |members| out.push(members.to_vec()));
        out
    }

    #[test]
    fn a_chain_comes_out_callees_first() {
        assert_eq!(components(3, &[(0, 1), (1, 2)]), vec![vec![2], vec![1], vec![0]]);
    }

    #[test]
    fn a_loop_is_one_component_and_what_it_calls_comes_before_it() {
        let found = components(4, &[(0, 1), (1, 2), (2, 1), (2, 3)]);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0], vec![3]);
        let mut middle = found[1].clone();
        middle.sort_unstable();
        assert_eq!(middle, vec![1, 2]);
        assert_eq!(found[2], vec![0]);
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let n = 200_000;
        let edges: Vec<(usize, usize)> = (0..n - 1).map(|i| (i, i + 1)).collect();
        let found = components(n, &edges);
        assert_eq!(found.len(), n);
        assert_eq!(found[0], vec![n - 1]);
    }

    #[test]
    fn self_loops_and_repeated_edges_change_nothing() {
        assert_eq!(components(2, &[(0, 0), (0, 1), (0, 1)]), vec![vec![1], vec![0]]);
    }

    #[test]
    fn agrees_with_petgraph_on_random_graphs() {
        use petgraph::graph::{DiGraph, NodeIndex};
        let mut rng = fastrand::Rng::with_seed(9);
        for _ in 0..300 {
            let n = rng.usize(1..40);
            let m = rng.usize(0..n * 3);
            let edges: Vec<(usize, usize)> = (0..m).map(|_| (rng.usize(..n), rng.usize(..n))).collect();
            let mut graph: DiGraph<(), ()> = DiGraph::new();
            for _ in 0..n {
                graph.add_node(());
            }
            for &(a, b) in &edges {
                graph.add_edge(NodeIndex::new(a), NodeIndex::new(b), ());
            }
            let theirs: Vec<Vec<usize>> = petgraph::algo::tarjan_scc(&graph)
                .into_iter()
                .map(|scc| scc.into_iter().map(|v| v.index()).collect())
                .collect();
            assert_eq!(components(n, &edges), theirs, "edges {edges:?}");
        }
    }
}

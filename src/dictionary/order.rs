//! Foreign-key dependency order: strongly connected components (Tarjan, iterative), then the
//! longest path from a root over their condensation. Pure: no SQL, no I/O.

use std::collections::{BTreeMap, BTreeSet};

/// The result of [`dependency_order`]: every node once, parents before children, with the cycles
/// found on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DependencyOrder<T> {
    /// Every node with its depth, sorted by depth and then by node. A node's depth is the length
    /// of the longest chain of references from it to a root (a node that references nothing
    /// outside its own cycle), so each node comes after everything it references, except for
    /// the other members of its own cycle, which share its depth.
    pub order: Vec<(T, usize)>,
    /// Each group of nodes that reference each other in a circle, members sorted, groups sorted
    /// by their first member. A node that references itself is a cycle of one.
    pub cycles: Vec<Vec<T>>,
}

/// Orders `nodes` so that each comes after the nodes it references: `edges` are
/// `(child, parent)` pairs, "child references parent" (a foreign key's table and the table it
/// points to).
///
/// Nodes in a cycle, including a node that references itself, are still listed: the whole cycle
/// counts as one node for the ordering, its members get the same depth and the cycle is
/// reported in [`DependencyOrder::cycles`]. The depth is the *longest* path to a root, so a
/// table referencing both a root and a child of that root sits below the child. Edges naming a
/// node not in `nodes` are ignored; duplicate nodes and edges count once.
///
/// ```
/// use pgline::dictionary::dependency_order;
///
/// let order = dependency_order(&["a", "b", "c"], &[("b", "a"), ("c", "a"), ("c", "b")]);
/// assert_eq!(order.order, vec![("a", 0), ("b", 1), ("c", 2)]);
/// assert!(order.cycles.is_empty());
/// ```
pub fn dependency_order<T: Ord + Clone>(nodes: &[T], edges: &[(T, T)]) -> DependencyOrder<T> {
    // Indices follow the nodes' sort order, so every tie below breaks by node.
    let sorted: Vec<&T> = nodes.iter().collect::<BTreeSet<_>>().into_iter().collect();
    let index: BTreeMap<&T, usize> = sorted.iter().enumerate().map(|(i, &n)| (n, i)).collect();
    let mut parents: Vec<Vec<usize>> = vec![Vec::new(); sorted.len()];
    for (child, parent) in edges {
        if let (Some(&c), Some(&p)) = (index.get(child), index.get(parent)) {
            parents[c].push(p);
        }
    }
    for list in &mut parents {
        list.sort_unstable();
        list.dedup();
    }

    let components = strongly_connected(&parents);
    // Tarjan emits a component only after every component it reaches, i.e. parents first, so
    // one pass in emission order sees each parent's final depth.
    let mut component_of = vec![0; parents.len()];
    for (k, members) in components.iter().enumerate() {
        for &m in members {
            component_of[m] = k;
        }
    }
    let mut depth_of = vec![0usize; components.len()];
    let mut cycles = Vec::new();
    for (k, members) in components.iter().enumerate() {
        let mut depth = 0;
        let mut self_reference = false;
        for &m in members {
            for &p in &parents[m] {
                let pk = component_of[p];
                if pk == k {
                    self_reference = true;
                } else {
                    depth = depth.max(depth_of[pk] + 1);
                }
            }
        }
        depth_of[k] = depth;
        if members.len() > 1 || self_reference {
            let mut cycle: Vec<T> = members.iter().map(|&m| sorted[m].clone()).collect();
            cycle.sort();
            cycles.push(cycle);
        }
    }
    cycles.sort();

    let mut order: Vec<(usize, usize)> = (0..sorted.len())
        .map(|n| (depth_of[component_of[n]], n))
        .collect();
    order.sort_unstable();
    DependencyOrder {
        order: order
            .into_iter()
            .map(|(depth, n)| (sorted[n].clone(), depth))
            .collect(),
        cycles,
    }
}

/// Tarjan's algorithm without recursion (a chain of thousands of tables must not overflow the
/// stack). Returns the components in the order Tarjan completes them: every component after
/// all the components it has an edge to.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut number = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut components = Vec::new();
    let mut next = 0;
    // (node, index of the next edge to follow)
    let mut calls: Vec<(usize, usize)> = Vec::new();

    for root in 0..n {
        if number[root] != UNSEEN {
            continue;
        }
        calls.push((root, 0));
        while let Some(&(v, edge)) = calls.last() {
            if number[v] == UNSEEN {
                number[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(edge) {
                if let Some(top) = calls.last_mut() {
                    top.1 += 1;
                }
                if number[w] == UNSEEN {
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(number[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(caller, _)) = calls.last() {
                low[caller] = low[caller].min(low[v]);
            }
            if low[v] == number[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                components.push(component);
            }
        }
    }
    components
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(
        nodes: &[&'static str],
        edges: &[(&'static str, &'static str)],
    ) -> DependencyOrder<&'static str> {
        dependency_order(nodes, edges)
    }

    #[test]
    fn a_chain_is_ordered_root_first_with_growing_depth() {
        let result = order(
            &["e", "d", "c", "b", "a"],
            &[("b", "a"), ("c", "b"), ("d", "c"), ("e", "d")],
        );
        assert_eq!(
            result.order,
            vec![("a", 0), ("b", 1), ("c", 2), ("d", 3), ("e", 4)]
        );
        assert!(result.cycles.is_empty());
    }

    #[test]
    fn a_diamond_puts_the_bottom_at_its_longest_path() {
        // top <- left <- bottom, top <- right <- mid <- bottom, and bottom -> top directly: the
        // shortest path from bottom to the root is 1, the longest 3.
        let result = order(
            &["bottom", "left", "mid", "right", "top"],
            &[
                ("left", "top"),
                ("right", "top"),
                ("mid", "right"),
                ("bottom", "left"),
                ("bottom", "mid"),
                ("bottom", "top"),
            ],
        );
        assert_eq!(
            result.order,
            vec![
                ("top", 0),
                ("left", 1),
                ("right", 1),
                ("mid", 2),
                ("bottom", 3)
            ]
        );
        assert!(result.cycles.is_empty());
    }

    #[test]
    fn a_two_table_cycle_is_listed_at_one_depth_and_reported() {
        let result = order(
            &["root", "ping", "pong", "leaf"],
            &[
                ("ping", "pong"),
                ("pong", "ping"),
                ("ping", "root"),
                ("leaf", "pong"),
            ],
        );
        assert_eq!(
            result.order,
            vec![("root", 0), ("ping", 1), ("pong", 1), ("leaf", 2)]
        );
        assert_eq!(result.cycles, vec![vec!["ping", "pong"]]);
    }

    #[test]
    fn a_self_reference_is_a_cycle_of_one_and_does_not_add_depth() {
        let result = order(
            &["tree", "root", "leaf"],
            &[("tree", "tree"), ("tree", "root"), ("leaf", "tree")],
        );
        assert_eq!(result.order, vec![("root", 0), ("tree", 1), ("leaf", 2)]);
        assert_eq!(result.cycles, vec![vec!["tree"]]);
    }

    #[test]
    fn disconnected_nodes_are_all_roots_and_sorted_by_name() {
        let result = order(&["z", "b", "a", "m"], &[("m", "b")]);
        assert_eq!(result.order, vec![("a", 0), ("b", 0), ("z", 0), ("m", 1)]);
        assert!(result.cycles.is_empty());
    }

    #[test]
    fn unknown_endpoints_and_duplicates_are_ignored() {
        let result = order(
            &["a", "b", "a"],
            &[("b", "a"), ("b", "a"), ("b", "elsewhere"), ("nowhere", "a")],
        );
        assert_eq!(result.order, vec![("a", 0), ("b", 1)]);
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let nodes: Vec<u32> = (0..100_000).collect();
        let edges: Vec<(u32, u32)> = (1..100_000).map(|i| (i, i - 1)).collect();
        let result = dependency_order(&nodes, &edges);
        assert_eq!(result.order.last(), Some(&(99_999, 99_999)));
        let cycle: Vec<(u32, u32)> = (0..100_000).map(|i| (i, (i + 1) % 100_000)).collect();
        let result = dependency_order(&nodes, &cycle);
        assert_eq!(result.cycles.len(), 1);
        assert_eq!(result.cycles[0].len(), 100_000);
        assert!(result.order.iter().all(|&(_, depth)| depth == 0));
    }

    #[test]
    fn cycles_below_other_cycles_and_every_edge_points_up() {
        // Two cycles, one hanging off the other, plus a node referencing both.
        let edges = [
            ("a1", "a2"),
            ("a2", "a1"),
            ("b1", "b2"),
            ("b2", "b3"),
            ("b3", "b1"),
            ("b2", "a1"),
            ("c", "b3"),
            ("c", "a2"),
        ];
        let result = order(&["a1", "a2", "b1", "b2", "b3", "c"], &edges);
        assert_eq!(
            result.order,
            vec![
                ("a1", 0),
                ("a2", 0),
                ("b1", 1),
                ("b2", 1),
                ("b3", 1),
                ("c", 2)
            ]
        );
        assert_eq!(
            result.cycles,
            vec![vec!["a1", "a2"], vec!["b1", "b2", "b3"]]
        );
    }
}

//! Orders changes so each runs after what it needs: a graph of changes, sorted
//! topologically with a deterministic tie-break.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap, HashMap};

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};

use super::change_links::{ChangeLinks, Resource, change_links};
use super::order_key::OrderKey;
use crate::diff::Change;

/// Why changes could not be ordered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrderError {
    /// The changes need each other (trust cycles among new roles are split before
    /// ordering, so this is rare); names the changes involved.
    #[error("these changes depend on each other in a cycle: {}", .0.join("; "))]
    Cycle(Vec<String>),
}

/// One change in its place: `order_changes` returns these in execution order.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderedChange {
    /// The change.
    pub change: Change,
    /// Positions, in the ordered list, of the changes that must succeed first (each
    /// earlier than this one, ascending).
    pub depends_on: Vec<usize>,
}

/// Which changes touch each resource, and how.
#[derive(Default)]
struct ResourceIndex {
    creators: HashMap<Resource, Vec<usize>>,
    deleters: HashMap<Resource, Vec<usize>>,
}

/// Puts `changes` in dependency order: creates before what refers to them, what stops
/// referring to an entity before its delete, and for a replace: tear down, replace,
/// rebuild. `depends_on` lists each change's direct dependencies.
pub fn order_changes(changes: Vec<Change>) -> Result<Vec<OrderedChange>, OrderError> {
    let links: Vec<ChangeLinks> = changes.iter().map(change_links).collect();
    let graph = change_graph(&links);
    let keys: Vec<OrderKey<'_>> = changes
        .iter()
        .enumerate()
        .map(|(i, c)| OrderKey::new(c, i))
        .collect();

    let mut waiting: Vec<usize> = graph
        .node_indices()
        .map(|n| graph.neighbors_directed(n, Direction::Incoming).count())
        .collect();
    let mut ready: BinaryHeap<Reverse<&OrderKey<'_>>> = keys
        .iter()
        .filter(|k| waiting[k.index()] == 0)
        .map(Reverse)
        .collect();
    let mut order = Vec::with_capacity(changes.len());
    while let Some(Reverse(key)) = ready.pop() {
        let i = key.index();
        order.push(i);
        for next in graph.neighbors_directed(NodeIndex::new(i), Direction::Outgoing) {
            waiting[next.index()] -= 1;
            if waiting[next.index()] == 0 {
                ready.push(Reverse(&keys[next.index()]));
            }
        }
    }
    if order.len() < changes.len() {
        let stuck = (0..changes.len())
            .filter(|&i| waiting[i] > 0)
            .map(|i| format!("{:#}", changes[i]))
            .collect();
        return Err(OrderError::Cycle(stuck));
    }

    let mut position = vec![0; changes.len()];
    for (pos, &i) in order.iter().enumerate() {
        position[i] = pos;
    }
    let mut slots: Vec<Option<Change>> = changes.into_iter().map(Some).collect();
    Ok(order
        .iter()
        .map(|&i| {
            let deps: BTreeSet<usize> = graph
                .neighbors_directed(NodeIndex::new(i), Direction::Incoming)
                .map(|n| position[n.index()])
                .collect();
            OrderedChange {
                change: slots[i].take().expect("each change is placed once"),
                depends_on: deps.into_iter().collect(),
            }
        })
        .collect())
}

/// Edges `a → b` meaning `a` must run before `b`, one per pair, never a self-loop.
fn change_graph(links: &[ChangeLinks]) -> DiGraph<(), ()> {
    let mut index = ResourceIndex::default();
    for (i, l) in links.iter().enumerate() {
        for r in &l.creates {
            index.creators.entry(r.clone()).or_default().push(i);
        }
        for r in &l.deletes {
            index.deleters.entry(r.clone()).or_default().push(i);
        }
    }
    let mut edges: BTreeSet<(usize, usize)> = BTreeSet::new();
    for (i, l) in links.iter().enumerate() {
        for r in &l.uses {
            for &c in index.creators.get(r).into_iter().flatten() {
                edges.insert((c, i));
            }
            // Something still used must not be deleted first; a replace re-creates it,
            // so users of a replaced entity come after the replace instead.
            for &d in index.deleters.get(r).into_iter().flatten() {
                if !links[d].creates.contains(r) {
                    edges.insert((i, d));
                }
            }
        }
        for r in &l.releases {
            for &d in index.deleters.get(r).into_iter().flatten() {
                edges.insert((i, d));
            }
        }
    }
    let mut graph = DiGraph::with_capacity(links.len(), edges.len());
    for _ in links {
        graph.add_node(());
    }
    for (a, b) in edges {
        if a != b {
            graph.add_edge(NodeIndex::new(a), NodeIndex::new(b), ());
        }
    }
    graph
}

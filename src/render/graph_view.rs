//! A plan as a graph, in Graphviz dot or Mermaid: its changes in dependency order, or
//! the entities those changes touch. An edge `a -> b` reads "a first, then b".

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::plan::Plan;

use super::terminal_text::terminal_safe;

/// Graph languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    /// Graphviz (`dot -Tsvg`).
    Dot,
    /// Mermaid (renders in GitHub Markdown).
    Mermaid,
}

/// What the nodes stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphNodes {
    /// One node per change.
    Changes,
    /// One node per entity (account, kind, name); its changes' dependencies become edges.
    Entities,
}

/// `plan` as a graph; a change's label is its one-line description (`[prod] create …`).
pub fn graph(plan: &Plan, format: GraphFormat, nodes: GraphNodes) -> String {
    let (labels, edges) = match nodes {
        GraphNodes::Changes => (
            plan.changes.iter().map(|c| c.change.to_string()).collect(),
            plan.changes
                .iter()
                .flat_map(|c| c.depends_on.iter().map(move |&d| (d, c.id)))
                .collect(),
        ),
        GraphNodes::Entities => entity_graph(plan),
    };
    match format {
        GraphFormat::Dot => dot(&labels, &edges),
        GraphFormat::Mermaid => mermaid(&labels, &edges),
    }
}

/// Node labels in plan order (a dependency order) and deduplicated edges between them.
fn entity_graph(plan: &Plan) -> (Vec<String>, BTreeSet<(usize, usize)>) {
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut labels = Vec::new();
    let mut node_of_change = Vec::with_capacity(plan.changes.len());
    for c in &plan.changes {
        let label = format!("{}: {}", c.change.account.name, c.change.target);
        let node = *index.entry(label.clone()).or_insert_with(|| {
            labels.push(label);
            labels.len() - 1
        });
        node_of_change.push(node);
    }
    let edges = plan
        .changes
        .iter()
        .flat_map(|c| c.depends_on.iter().map(move |&d| (d, c.id)))
        .filter_map(|(from, to)| {
            let (a, b) = (*node_of_change.get(from)?, *node_of_change.get(to)?);
            (a != b).then_some((a, b))
        })
        .collect();
    (labels, edges)
}

fn dot(labels: &[String], edges: &BTreeSet<(usize, usize)>) -> String {
    let mut out = String::from("digraph iamform {\n    rankdir=LR;\n    node [shape=box];\n");
    for (i, label) in labels.iter().enumerate() {
        let label = terminal_safe(label)
            .replace('\\', "\\\\")
            .replace('"', "\\\"");
        let _ = writeln!(out, "    n{i} [label=\"{label}\"];");
    }
    for (a, b) in edges {
        let _ = writeln!(out, "    n{a} -> n{b};");
    }
    out.push_str("}\n");
    out
}

fn mermaid(labels: &[String], edges: &BTreeSet<(usize, usize)>) -> String {
    let mut out = String::from("flowchart LR\n");
    for (i, label) in labels.iter().enumerate() {
        // Mermaid's entity codes keep quotes and markup characters literal.
        let label = terminal_safe(label)
            .replace('#', "#35;")
            .replace('"', "#quot;")
            .replace('<', "#lt;")
            .replace('>', "#gt;");
        let _ = writeln!(out, "    n{i}[\"{label}\"]");
    }
    for (a, b) in edges {
        let _ = writeln!(out, "    n{a} --> n{b}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixture_plans::full_plan;

    #[test]
    fn every_dependency_is_an_edge_from_first_to_then() {
        let plan = full_plan();
        let out = graph(&plan, GraphFormat::Dot, GraphNodes::Changes);
        let edges: usize = plan.changes.iter().map(|c| c.depends_on.len()).sum();
        assert!(edges > 0, "the fixture has dependencies");
        assert_eq!(out.matches(" -> ").count(), edges);
        for c in &plan.changes {
            for d in &c.depends_on {
                assert!(out.contains(&format!("    n{d} -> n{};\n", c.id)), "{out}");
            }
        }
    }

    #[test]
    fn entities_merge_their_changes_and_drop_self_edges() {
        let plan = full_plan();
        let out = graph(&plan, GraphFormat::Mermaid, GraphNodes::Entities);
        let (labels, edges) = entity_graph(&plan);
        assert!(
            labels.len() < plan.changes.len(),
            "some entity has two changes"
        );
        assert!(edges.iter().all(|(a, b)| a != b));
        assert_eq!(out.lines().count(), 1 + labels.len() + edges.len());
        insta::assert_snapshot!(out);
    }

    #[test]
    fn labels_cannot_break_out_of_their_quotes() {
        let labels = vec!["a\"b\\c#d<e>\u{1b}[2J".to_string()];
        let edges = BTreeSet::new();
        assert_eq!(
            dot(&labels, &edges).lines().nth(3),
            Some("    n0 [label=\"a\\\"b\\\\c#d<e>\\\\u{1b}[2J\"];")
        );
        assert_eq!(
            mermaid(&labels, &edges).lines().nth(1),
            Some("    n0[\"a#quot;b\\c#35;d#lt;e#gt;\\u{1b}[2J\"]")
        );
    }
}

//! Roles created in one plan that trust each other, or themselves. Each needs the
//! others to exist before its trust can name them, so no creation order works; instead
//! each is created with an interim trust that leaves out the principals created in the
//! same cycle, and an `UpdateTrustPolicy` (UpdateAssumeRolePolicy) sets its real trust
//! once all of them exist. Roles that already exist may trust each other freely.

use std::collections::{BTreeSet, HashMap};

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use super::interim_trust::without_principals;
use super::trusted_principals::trusted_principal_arns;
use crate::arn;
use crate::diff::{Action, Change};
use crate::model::{Entity, Role};

/// The changes with every trust cycle among created roles split in two steps, and one
/// note per cycle saying so (for the plan's warnings).
#[derive(Debug, Default)]
pub struct TrustSplit {
    /// The diff's changes, creates adjusted, plus one trust update per split role.
    pub changes: Vec<Change>,
    /// One line per cycle.
    pub notes: Vec<String>,
}

/// Splits the trust of each role created (or re-created by a replace) in a cycle of
/// trust among such roles, including a role trusting itself.
pub fn split_trust_cycles(mut changes: Vec<Change>) -> TrustSplit {
    // Nodes: the changes that create a role; an edge i → j when i's trust names j's role.
    let created: Vec<(usize, String)> = changes
        .iter()
        .enumerate()
        .filter_map(|(i, c)| created_role(c).map(|r| (i, created_arn(c, r))))
        .collect();
    let mut graph: DiGraph<usize, ()> = DiGraph::new();
    let mut by_arn: HashMap<&str, NodeIndex> = HashMap::new();
    let nodes: Vec<NodeIndex> = created
        .iter()
        .map(|(i, arn)| {
            let node = graph.add_node(*i);
            by_arn.insert(arn.as_str(), node);
            node
        })
        .collect();
    for (node, (i, _)) in nodes.iter().zip(&created) {
        let role = created_role(&changes[*i]).expect("only role creations are nodes");
        for principal in trusted_principal_arns(&role.trust_policy) {
            if let Some(&target) = by_arn.get(principal.as_str()) {
                graph.update_edge(*node, target, ());
            }
        }
    }
    let mut cycles: Vec<Vec<usize>> = tarjan_scc(&graph)
        .into_iter()
        .filter(|scc| scc.len() > 1 || graph.contains_edge(scc[0], scc[0]))
        .map(|scc| {
            let mut members: Vec<usize> = scc.into_iter().map(|n| graph[n]).collect();
            members.sort_unstable();
            members
        })
        .collect();
    cycles.sort();

    let arn_of: HashMap<usize, String> = created.into_iter().collect();
    let mut split = TrustSplit::default();
    let mut updates = Vec::new();
    for members in &cycles {
        let absent: BTreeSet<String> = members.iter().map(|i| arn_of[i].clone()).collect();
        for &i in members {
            let change = &mut changes[i];
            let role = created_role_mut(change).expect("only role creations are nodes");
            let interim = without_principals(&role.trust_policy, &absent);
            let wanted = std::mem::replace(&mut role.trust_policy, interim.clone());
            updates.push(Change {
                account: change.account.clone(),
                target: change.target.clone(),
                action: Action::UpdateTrustPolicy {
                    before: interim,
                    after: wanted,
                },
            });
        }
        split.notes.push(cycle_note(&changes, members));
    }
    changes.extend(updates);
    split.changes = changes;
    split
}

/// The role a create or replace makes.
fn created_role(change: &Change) -> Option<&Role> {
    match &change.action {
        Action::Create { entity } | Action::Replace { after: entity, .. } => {
            match entity.as_ref() {
                Entity::Role(r) => Some(r),
                _ => None,
            }
        }
        _ => None,
    }
}

fn created_role_mut(change: &mut Change) -> Option<&mut Role> {
    match &mut change.action {
        Action::Create { entity } | Action::Replace { after: entity, .. } => {
            match entity.as_mut() {
                Entity::Role(r) => Some(r),
                _ => None,
            }
        }
        _ => None,
    }
}

fn created_arn(change: &Change, role: &Role) -> String {
    role.meta.arn.clone().unwrap_or_else(|| {
        let account = &change.account;
        arn::iam_entity(
            account.partition,
            &account.id,
            "role",
            &role.path,
            &role.name,
        )
    })
}

fn cycle_note(changes: &[Change], members: &[usize]) -> String {
    let names: Vec<String> = members
        .iter()
        .map(|&i| format!("{}: {}", changes[i].account.name, changes[i].target))
        .collect();
    let (what, rest) = match names.as_slice() {
        [one] => (
            format!("{one} trusts itself"),
            "it is created with a trust that leaves itself out",
        ),
        _ => (
            format!("{} trust each other", names.join(", ")),
            "each is created with a trust that leaves the others out",
        ),
    };
    format!(
        "{what} and IAM refuses a trust naming a role that does not exist yet, so {rest}, \
         then its trust policy is set once all exist"
    )
}

//! The desired entities of all accounts and what each needs to exist first.

use std::collections::HashMap;

use petgraph::graph::{DiGraph, NodeIndex};

use super::trusted_principals::trusted_principal_arns;
use crate::arn;
use crate::model::{DesiredState, EntityKind, EntityRef};

/// One entity of one account (by manifest account name).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntityNode {
    /// Manifest name of the account.
    pub account: String,
    /// The entity.
    pub entity: EntityRef,
}

/// Why the edge's source must exist before its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dependency {
    /// The policy is attached to the principal.
    AttachedPolicy,
    /// The policy is the principal's permissions boundary.
    Boundary,
    /// The user is a member of the group.
    Membership,
    /// The role sits in the instance profile.
    ProfileRole,
    /// The role's trust policy names the principal by ARN.
    Trust,
}

/// Desired entities as nodes; an edge `a → b` means `b` refers to `a`.
#[derive(Debug, Default)]
pub struct EntityGraph {
    graph: DiGraph<EntityNode, Dependency>,
    index: HashMap<EntityNode, NodeIndex>,
}

impl EntityGraph {
    /// Builds the graph over every account of `desired`. References to entities outside
    /// the manifests (AWS-managed policies, other principals) add no edge.
    pub fn build(desired: &DesiredState) -> EntityGraph {
        let mut g = EntityGraph::default();
        let mut by_arn: HashMap<String, NodeIndex> = HashMap::new();
        for (account, a) in &desired.accounts {
            let id = &a.config.id;
            let iam = &a.iam;
            let paths = iam
                .policies
                .values()
                .map(|e| (EntityKind::Policy, &e.name, &e.path))
                .chain(
                    iam.groups
                        .values()
                        .map(|e| (EntityKind::Group, &e.name, &e.path)),
                )
                .chain(
                    iam.users
                        .values()
                        .map(|e| (EntityKind::User, &e.name, &e.path)),
                )
                .chain(
                    iam.roles
                        .values()
                        .map(|e| (EntityKind::Role, &e.name, &e.path)),
                )
                .chain(
                    iam.instance_profiles
                        .values()
                        .map(|e| (EntityKind::InstanceProfile, &e.name, &e.path)),
                );
            for (kind, name, path) in paths {
                let node = g.add_node(account, kind, name);
                let partition = desired.project.partition(account);
                by_arn.insert(
                    arn::iam_entity_in(partition, id, kind.arn_type(), path, name),
                    node,
                );
            }
        }
        for (account, a) in &desired.accounts {
            let iam = &a.iam;
            let node = |g: &EntityGraph, kind, name: &str| {
                g.index[&EntityNode {
                    account: account.clone(),
                    entity: EntityRef::new(kind, name),
                }]
            };
            let mut edges = Vec::new();
            for u in iam.users.values() {
                let to = node(&g, EntityKind::User, &u.name);
                edges.extend(policy_edges(
                    &by_arn,
                    to,
                    &u.managed_policies,
                    &u.permissions_boundary,
                ));
                for group in &u.groups {
                    let key = EntityNode {
                        account: account.clone(),
                        entity: EntityRef::new(EntityKind::Group, group.clone()),
                    };
                    if let Some(&from) = g.index.get(&key) {
                        edges.push((from, to, Dependency::Membership));
                    }
                }
            }
            for gr in iam.groups.values() {
                let to = node(&g, EntityKind::Group, &gr.name);
                edges.extend(policy_edges(&by_arn, to, &gr.managed_policies, &None));
            }
            for r in iam.roles.values() {
                let to = node(&g, EntityKind::Role, &r.name);
                edges.extend(policy_edges(
                    &by_arn,
                    to,
                    &r.managed_policies,
                    &r.permissions_boundary,
                ));
                for principal in trusted_principal_arns(&r.trust_policy) {
                    if let Some(&from) = by_arn.get(&principal) {
                        edges.push((from, to, Dependency::Trust));
                    }
                }
            }
            for p in iam.instance_profiles.values() {
                let to = node(&g, EntityKind::InstanceProfile, &p.name);
                for role in &p.roles {
                    let key = EntityNode {
                        account: account.clone(),
                        entity: EntityRef::new(EntityKind::Role, role.clone()),
                    };
                    if let Some(&from) = g.index.get(&key) {
                        edges.push((from, to, Dependency::ProfileRole));
                    }
                }
            }
            for (from, to, why) in edges {
                g.graph.add_edge(from, to, why);
            }
        }
        g
    }

    fn add_node(&mut self, account: &str, kind: EntityKind, name: &str) -> NodeIndex {
        let node = EntityNode {
            account: account.to_string(),
            entity: EntityRef::new(kind, name),
        };
        let ix = self.graph.add_node(node.clone());
        self.index.insert(node, ix);
        ix
    }

    /// How many entities.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// How many dependencies.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// What `node` refers to, and why, sorted.
    pub fn dependencies_of(&self, node: &EntityNode) -> Vec<(EntityNode, Dependency)> {
        let Some(&ix) = self.index.get(node) else {
            return Vec::new();
        };
        let mut deps: Vec<(EntityNode, Dependency)> = self
            .graph
            .edges_directed(ix, petgraph::Direction::Incoming)
            .map(|e| {
                use petgraph::visit::EdgeRef;
                (self.graph[e.source()].clone(), *e.weight())
            })
            .collect();
        deps.sort();
        deps
    }

    /// Each set of entities that depend on each other in a circle (including an entity
    /// that depends on itself), members sorted, sets sorted by their first member.
    pub fn cycles(&self) -> Vec<Vec<EntityNode>> {
        let mut cycles: Vec<Vec<EntityNode>> = petgraph::algo::tarjan_scc(&self.graph)
            .into_iter()
            .filter(|scc| scc.len() > 1 || self.graph.contains_edge(scc[0], scc[0]))
            .map(|scc| {
                let mut members: Vec<EntityNode> =
                    scc.into_iter().map(|ix| self.graph[ix].clone()).collect();
                members.sort();
                members
            })
            .collect();
        cycles.sort();
        cycles
    }
}

fn policy_edges(
    by_arn: &HashMap<String, NodeIndex>,
    to: NodeIndex,
    attached: &std::collections::BTreeSet<String>,
    boundary: &Option<String>,
) -> Vec<(NodeIndex, NodeIndex, Dependency)> {
    let attached = attached.iter().map(|a| (a, Dependency::AttachedPolicy));
    let boundary = boundary.iter().map(|b| (b, Dependency::Boundary));
    attached
        .chain(boundary)
        .filter_map(|(arn, why)| by_arn.get(arn).map(|&from| (from, to, why)))
        .collect()
}

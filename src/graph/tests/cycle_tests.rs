//! The entity graph and its cycle check, with the rendered diagnostics snapshotted.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::Span;
use crate::diff::tests::fixtures::*;
use crate::graph::{Dependency, EntityGraph, EntityNode, check_cycles};
use crate::model::{DesiredState, EntityKind, EntityRef, Scope};

const ROLES_YAML: &str = "roles:\n  - name: a\n    trust: [role/b]\n  - name: b\n    trust: [role/a]\n  - name: self\n    trust: [role/self]\n";

fn role_trusting(name: &str, trusted: &[&str]) -> crate::model::Role {
    let arns: Vec<String> = trusted
        .iter()
        .map(|t| crate::arn::iam_entity(PROD, "role", "/", t))
        .collect();
    let arns: Vec<&str> = arns.iter().map(String::as_str).collect();
    let mut r = role(name);
    r.trust_policy = trust(&arns);
    r
}

fn with_origins(mut state: DesiredState) -> DesiredState {
    let file = Arc::new(PathBuf::from("roles.yaml"));
    let account = state.accounts.get_mut("prod").unwrap();
    for (line, name) in [(2, "a"), (4, "b"), (6, "self")] {
        account.origins.insert(
            EntityRef::new(EntityKind::Role, name),
            Span::new(file.clone(), line, 11, name.len() as u32),
        );
    }
    state
}

fn render(state: &DesiredState) -> String {
    let diagnostics = check_cycles(state).unwrap_err();
    let source = |p: &Path| (p == Path::new("roles.yaml")).then(|| ROLES_YAML.to_string());
    diagnostics
        .0
        .iter()
        .map(|d| d.render(&source))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_graph_links_policies_members_profiles_and_trust() {
    let mut iam = prod();
    iam.policies.insert("read".into(), policy("read"));
    iam.groups.insert("devs".into(), group("devs"));
    let mut u = user("alice");
    u.groups.insert("devs".into());
    u.managed_policies.insert(policy_arn("read"));
    u.managed_policies
        .insert("arn:aws:iam::aws:policy/ReadOnlyAccess".into());
    iam.users.insert("alice".into(), u);
    let mut r = role("web");
    r.permissions_boundary = Some(policy_arn("read"));
    r.trust_policy = trust(&[&crate::arn::iam_entity(PROD, "user", "/", "alice")]);
    iam.roles.insert("web".into(), r);
    iam.instance_profiles
        .insert("web".into(), profile("web", &["web"]));
    let graph = EntityGraph::build(&desired_prod(iam, false));
    assert_eq!((graph.node_count(), graph.edge_count()), (5, 5));
    let node = |kind, name: &str| EntityNode {
        account: "prod".into(),
        entity: EntityRef::new(kind, name),
    };
    assert_eq!(
        graph.dependencies_of(&node(EntityKind::Role, "web")),
        vec![
            (node(EntityKind::Policy, "read"), Dependency::Boundary),
            (node(EntityKind::User, "alice"), Dependency::Trust),
        ]
    );
    assert_eq!(
        graph.dependencies_of(&node(EntityKind::User, "alice")),
        vec![
            (node(EntityKind::Policy, "read"), Dependency::AttachedPolicy),
            (node(EntityKind::Group, "devs"), Dependency::Membership),
        ]
    );
    assert!(graph.cycles().is_empty());
}

#[test]
fn each_trust_cycle_is_reported_once_at_its_definitions() {
    let mut iam = prod();
    for (name, trusted) in [("a", vec!["b"]), ("b", vec!["a"]), ("self", vec!["self"])] {
        iam.roles.insert(name.into(), role_trusting(name, &trusted));
    }
    iam.roles
        .insert("fine".into(), role_trusting("fine", &["a"]));
    let state = with_origins(desired_prod(iam, false));
    let diagnostics = check_cycles(&state).unwrap_err();
    assert_eq!(diagnostics.0.len(), 2);
    insta::assert_snapshot!(render(&state));
}

#[test]
fn acyclic_states_pass() {
    let mut iam = prod();
    iam.roles.insert("a".into(), role_trusting("a", &["b"]));
    iam.roles.insert("b".into(), role("b"));
    let state = desired_accounts(vec![("prod", PROD, iam)], Scope::default());
    assert_eq!(check_cycles(&state), Ok(()));
}

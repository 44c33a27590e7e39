//! `links:` entries → resolved cross-account links: which principals, which role, and the
//! trust statement that admits them. [`super::links_merge`] writes both halves into the
//! desired accounts.
//!
//! Users and roles are trusted by ARN. IAM cannot name a group as a principal, so a group
//! source is trusted as its account root, narrowed with an `ArnEquals aws:PrincipalArn`
//! condition to the users the manifests put in the group. Naming members in a condition
//! rather than as principals keeps the trust policy valid when a member is deleted (IAM
//! rewrites deleted principals to unique ids, but leaves condition values alone) and lets
//! the trust be written before the members exist.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use crate::arn::{self, Partition};
use crate::diagnostic::{Diagnostic, Span};
use crate::model::{EntityKind, EntityRef, Link, Project};

use super::decode::closest;
use super::entity_index::{AccountManifest, ManifestIndex};
use super::expires::Expires;
use super::link_pairs::{PairBudget, link_pairs};
use super::link_spec::{LinkSpec, LinkToSpec};
use super::located::Located;
use super::project_config::unknown_account;
use super::session_duration::SessionDuration;
use super::source_files::ManifestSource;

/// A link with everything needed to write its two halves.
#[derive(Debug, Clone)]
pub struct ResolvedLink {
    /// The link as the model records it.
    pub link: Link,
    /// Where the link is written (its name).
    pub at: Span,
    /// Statements to append to the target role's trust policy.
    pub trust_statements: Vec<Value>,
    /// ARN of the target role (the grant's `Resource`).
    pub role_arn: String,
    /// The link's `max_session_duration`, if set.
    pub max_session_duration: Option<Located<SessionDuration>>,
    /// When the link ends, if set.
    pub expires: Option<Located<Expires>>,
}

/// Resolves every `links:` entry of every file (one per pair of accounts for an entry
/// whose ends say `accounts:`), reporting each problem.
pub fn resolve_links(
    sources: &[ManifestSource],
    project: &Project,
    index: &ManifestIndex<'_>,
    sink: &mut Vec<Diagnostic>,
) -> Vec<ResolvedLink> {
    let mut seen: BTreeMap<String, Span> = BTreeMap::new();
    let mut budget = PairBudget::default();
    let mut out = Vec::new();
    for source in sources {
        for (name, spec) in source.doc.links.iter().flat_map(|l| l.iter()) {
            if let Some(first) = seen.get(&name.value) {
                sink.push(
                    Diagnostic::error(
                        Some(name.span.clone()),
                        format!("link `{}` is defined twice", name.value),
                    )
                    .with_related(first.clone(), "first defined here")
                    .with_help("link names are unique across the project; rename one"),
                );
                continue;
            }
            seen.insert(name.value.clone(), name.span.clone());
            let Some(pairs) = link_pairs(name, spec, project, &mut budget, sink) else {
                out.extend(resolve_link(name, spec, project, index, sink));
                continue;
            };
            for pair in &pairs {
                out.extend(resolve_link(name, pair, project, index, sink));
            }
        }
    }
    out
}

fn resolve_link(
    name: &Located<String>,
    spec: &Located<LinkSpec>,
    project: &Project,
    index: &ManifestIndex<'_>,
    sink: &mut Vec<Diagnostic>,
) -> Option<ResolvedLink> {
    let before = sink.len();
    let s = &spec.value;
    let missing = |key: &str, example: &str| {
        Diagnostic::error(
            Some(name.span.clone()),
            format!("link `{}` has no `{key}`", name.value),
        )
        .with_help(format!("add `{key}: {example}`"))
    };
    let Some(from) = &s.from else {
        sink.push(missing("from", "{account: NAME, groups: [GROUP]}"));
        return None;
    };
    let Some(to) = &s.to else {
        sink.push(missing("to", "{account: NAME, role: ROLE}"));
        return None;
    };
    let from_account = account(
        from.value.account.as_ref(),
        &from.span,
        "from",
        project,
        sink,
    );
    let target = target_role(to, project, index, sink);
    // Check the sources even when the target is wrong, so one run reports both.
    let from_account = from_account?;
    let defined = &index.accounts[&from_account];
    let from_config = &project.accounts[&from_account];
    let (from_id, from_partition) = (&from_config.id, from_config.partition);
    let f = &from.value;
    let mut sources = Vec::new();
    let mut principals = BTreeSet::new();
    for (kind, names) in [
        (EntityKind::User, &f.users),
        (EntityKind::Role, &f.roles),
        (EntityKind::Group, &f.groups),
    ] {
        for n in names.iter().flatten() {
            let Some(path) = source_path(defined, kind, n, &from_account, sink) else {
                continue;
            };
            if kind != EntityKind::Group {
                principals.insert(arn::iam_entity(
                    from_partition,
                    from_id,
                    kind.arn_type(),
                    &path,
                    &n.value,
                ));
            }
            sources.push(EntityRef::new(kind, n.value.clone()));
        }
    }
    if sources.is_empty() && sink.len() == before {
        sink.push(
            Diagnostic::error(
                Some(from.span.clone()),
                format!("link `{}` names no source principals", name.value),
            )
            .with_help("list `users`, `groups` or `roles` of the source account"),
        );
    }
    let (to_account, role, role_arn) = target?;
    let to_partition = project.accounts[&to_account].partition;
    if to_partition != from_partition {
        // IAM trust never crosses partitions: the role could not name the principals.
        sink.push(
            Diagnostic::error(
                Some(name.span.clone()),
                format!(
                    "link `{}` joins account `{from_account}` ({from_partition}) to `{to_account}` ({to_partition})",
                    name.value
                ),
            )
            .with_help("a role can only trust principals of its own partition; link accounts of one partition"),
        );
    }
    if sink.len() != before {
        return None;
    }
    let conditions = link_conditions(s);
    let mut trust_statements = Vec::new();
    if !principals.is_empty() {
        trust_statements.push(statement(
            json!(one_or_many(principals.into_iter().collect())),
            conditions.clone(),
        ));
    }
    let members = group_members(
        defined,
        f.groups.iter().flatten(),
        (from_partition, from_id),
        sink,
    );
    if !members.is_empty() {
        let mut narrowed = conditions;
        narrowed.insert(
            "ArnEquals".into(),
            json!({"aws:PrincipalArn": one_or_many(members.into_iter().collect())}),
        );
        trust_statements.push(statement(
            json!(arn::account_root(from_partition, from_id)),
            narrowed,
        ));
    }
    Some(ResolvedLink {
        link: Link {
            name: name.value.clone(),
            from_account,
            sources,
            to_account,
            role,
        },
        at: name.span.clone(),
        expires: s.expires.clone(),
        trust_statements,
        role_arn,
        max_session_duration: s.max_session_duration.clone(),
    })
}

/// A manifest account named on one side of a link.
fn account(
    name: Option<&Located<String>>,
    side_at: &Span,
    side: &str,
    project: &Project,
    sink: &mut Vec<Diagnostic>,
) -> Option<String> {
    let Some(name) = name else {
        sink.push(
            Diagnostic::error(
                Some(side_at.clone()),
                format!("link `{side}` has no `account`"),
            )
            .with_help("name a manifest account (`account: identity`) or select accounts (`accounts: {ou: [/Workloads/*]}`)"),
        );
        return None;
    };
    if project.accounts.contains_key(&name.value) {
        return Some(name.value.clone());
    }
    sink.push(unknown_account(name, project));
    None
}

/// The target's account, role name and role ARN; the role must be a manifest role.
fn target_role(
    to: &Located<LinkToSpec>,
    project: &Project,
    index: &ManifestIndex<'_>,
    sink: &mut Vec<Diagnostic>,
) -> Option<(String, String, String)> {
    let account_name = account(to.value.account.as_ref(), &to.span, "to", project, sink);
    let Some(role) = &to.value.role else {
        sink.push(
            Diagnostic::error(Some(to.span.clone()), "link `to` has no `role`")
                .with_help("name a role defined in the target account, e.g. `role: admin`"),
        );
        return None;
    };
    let account_name = account_name?;
    let defined = &index.accounts[&account_name];
    let path = source_path(defined, EntityKind::Role, role, &account_name, sink)?;
    let config = &project.accounts[&account_name];
    let role_arn = arn::iam_entity(config.partition, &config.id, "role", &path, &role.value);
    Some((account_name, role.value.clone(), role_arn))
}

/// The IAM path of a user, group or role the manifests define, or a located error.
fn source_path(
    defined: &AccountManifest<'_>,
    kind: EntityKind,
    name: &Located<String>,
    account: &str,
    sink: &mut Vec<Diagnostic>,
) -> Option<String> {
    let (path, known): (Option<Option<&Located<String>>>, Vec<&str>) = match kind {
        EntityKind::User => (
            defined.users.get(&name.value).map(|d| d.spec.path.as_ref()),
            defined.users.keys().map(String::as_str).collect(),
        ),
        EntityKind::Group => (
            defined
                .groups
                .get(&name.value)
                .map(|d| d.spec.path.as_ref()),
            defined.groups.keys().map(String::as_str).collect(),
        ),
        _ => (
            defined.roles.get(&name.value).map(|d| d.spec.path.as_ref()),
            defined.roles.keys().map(String::as_str).collect(),
        ),
    };
    if let Some(path) = path {
        return Some(path.map_or("/", |p| p.value.as_str()).to_string());
    }
    let noun = kind.noun();
    let d = Diagnostic::error(
        Some(name.span.clone()),
        format!(
            "{noun} `{}` is not defined in account `{account}`",
            name.value
        ),
    );
    sink.push(match closest(&name.value, known.into_iter()) {
        Some(best) => d.with_help(format!("did you mean `{best}`?")),
        None => d.with_help(format!(
            "links join manifest entities: define the {noun} under `{noun}s:` in account `{account}`"
        )),
    });
    None
}

/// ARNs of the users the manifests put in `groups`; a group without members is a warning,
/// since its part of the link admits nobody.
fn group_members<'g>(
    defined: &AccountManifest<'_>,
    groups: impl Iterator<Item = &'g Located<String>>,
    (partition, account_id): (Partition, &str),
    sink: &mut Vec<Diagnostic>,
) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for group in groups {
        let members: Vec<String> = defined
            .users
            .iter()
            .filter(|(_, d)| {
                d.spec
                    .groups
                    .iter()
                    .flatten()
                    .any(|g| g.name.value == group.value)
            })
            .map(|(name, d)| {
                let path = d.spec.path.as_ref().map_or("/", |p| p.value.as_str());
                arn::iam_entity(partition, account_id, "user", path, name)
            })
            .collect();
        if members.is_empty() {
            sink.push(
                Diagnostic::warning(
                    Some(group.span.clone()),
                    format!("group `{}` has no members in the manifests; the link admits nobody through it", group.value),
                )
                .with_help("add users to the group (`groups: [...]` on a user), or remove it from the link"),
            );
        }
        out.extend(members);
    }
    out
}

fn link_conditions(s: &LinkSpec) -> Map<String, Value> {
    let mut c = Map::new();
    if s.require_mfa == Some(true) {
        c.insert("Bool".into(), json!({"aws:MultiFactorAuthPresent": "true"}));
    }
    if let Some(id) = &s.external_id {
        c.insert("StringEquals".into(), json!({"sts:ExternalId": id.value}));
    }
    c
}

fn statement(principal: Value, conditions: Map<String, Value>) -> Value {
    let mut s = Map::new();
    s.insert("Effect".into(), "Allow".into());
    s.insert("Principal".into(), json!({ "AWS": principal }));
    s.insert("Action".into(), "sts:AssumeRole".into());
    if !conditions.is_empty() {
        s.insert("Condition".into(), Value::Object(conditions));
    }
    Value::Object(s)
}

fn one_or_many(mut values: Vec<String>) -> Value {
    if values.len() == 1 {
        Value::String(values.remove(0))
    } else {
        Value::Array(values.into_iter().map(Value::String).collect())
    }
}

#[cfg(test)]
#[path = "links_tests.rs"]
mod tests;

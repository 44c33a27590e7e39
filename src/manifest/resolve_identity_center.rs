//! `identity_center:` → the desired [`IdentityCenter`]: permission sets with their
//! policies resolved, and assignments expanded per account, every reference checked.

use std::collections::BTreeSet;

use crate::arn;
use crate::diagnostic::Diagnostic;
use crate::model::{
    Assignment, Boundary, CustomerPolicyRef, DEFAULT_PERMISSION_SET_SESSION, IdentityCenter,
    PermissionSet, PolicyDocument, Principal, PrincipalReference, PrincipalType, Project,
};
use crate::policy::aws_managed::AwsManagedPolicies;

use super::account_selector::{AccountsSelector, SelectorSpec};
use super::decode::closest;
use super::documents::load_document;
use super::identity_center_spec::{
    AssignmentSpec, BoundarySpec, CustomerPolicySpec, IdentityCenterSpec, PermissionSetSpec,
};
use super::located::{Checked, Located};
use super::name_rules::{check_name, check_path, check_tag, check_tag_count};
use crate::arn::Partition;

/// Identity Center's longest permission set name.
const MAX_PERMISSION_SET_NAME: usize = 32;
/// Identity Center's longest permission set description.
const MAX_PERMISSION_SET_DESCRIPTION: usize = 700;
/// Identity Center's largest inline policy, in characters.
const MAX_INLINE_POLICY: usize = 32768;

/// Builds the desired Identity Center of the account that holds the section; `principals`
/// gets the groups and users its assignments name, where they are written.
pub fn identity_center(
    spec: &IdentityCenterSpec,
    project: &Project,
    partition: Partition,
    principals: &mut Vec<PrincipalReference>,
    sink: &mut Vec<Diagnostic>,
) -> IdentityCenter {
    let mut out = IdentityCenter {
        prune: spec.prune.unwrap_or(false),
        ..IdentityCenter::default()
    };
    for (name, set) in spec.permission_sets.iter().flat_map(|s| s.iter()) {
        sink.extend(check_name(name, "permission set", MAX_PERMISSION_SET_NAME));
        let set = permission_set(set, partition, sink);
        out.permission_sets.insert(name.value.clone(), set);
    }
    for assignment in spec.assignments.iter().flatten() {
        let declared = out.permission_sets.keys().map(String::as_str);
        out.assignments.extend(assignments(
            assignment,
            declared.collect(),
            project,
            principals,
            sink,
        ));
    }
    out
}

fn permission_set(
    spec: &PermissionSetSpec,
    partition: Partition,
    sink: &mut Vec<Diagnostic>,
) -> PermissionSet {
    if let Some(d) = &spec.description {
        let len = d.value.chars().count();
        if len > MAX_PERMISSION_SET_DESCRIPTION {
            sink.push(
                Diagnostic::error(
                    Some(d.span.clone()),
                    format!("description is {len} characters long; Identity Center allows at most {MAX_PERMISSION_SET_DESCRIPTION}"),
                )
                .with_help("shorten the description"),
            );
        }
    }
    let aws_managed_policies = spec
        .aws_managed_policies
        .iter()
        .flatten()
        .filter_map(|p| aws_managed_arn(p, partition, sink))
        .collect();
    let customer_managed_policies = spec
        .customer_managed_policies
        .iter()
        .flatten()
        .filter_map(|p| customer_policy(p, sink))
        .collect();
    let mut tags = crate::model::Tags::new();
    for (key, value) in spec.tags.iter().flat_map(|t| t.iter()) {
        sink.extend(check_tag(key, value));
        tags.insert(key.value.clone(), value.value.clone());
    }
    if let Some((first, _)) = spec.tags.iter().flat_map(|t| t.iter()).next() {
        sink.extend(check_tag_count(tags.len(), &first.span, "permission set"));
    }
    PermissionSet {
        description: spec.description.as_ref().map(|d| d.value.clone()),
        session_duration: spec.session_duration.as_ref().map_or_else(
            || DEFAULT_PERMISSION_SET_SESSION.to_string(),
            |d| d.value.0.clone(),
        ),
        relay_state: spec.relay_state.as_ref().map(|r| r.value.clone()),
        aws_managed_policies,
        customer_managed_policies,
        inline_policy: inline_policy(spec.inline_policy.as_ref(), sink),
        permissions_boundary: spec
            .permissions_boundary
            .as_ref()
            .and_then(|b| boundary(b, partition, sink)),
        tags,
    }
}

fn inline_policy(
    source: Option<&Checked<Located<super::document::DocumentSource>>>,
    sink: &mut Vec<Diagnostic>,
) -> Option<PolicyDocument> {
    let (value, at) = load_document(source?.valid()?, sink)?;
    let size = value.to_string().len();
    if size > MAX_INLINE_POLICY {
        sink.push(
            Diagnostic::error(
                Some(at),
                format!(
                    "inline policy is {size} characters; Identity Center allows {MAX_INLINE_POLICY}"
                ),
            )
            .with_help("move statements to customer-managed policies referenced by name"),
        );
    }
    Some(PolicyDocument(value))
}

/// An AWS-managed policy ARN from a name iamform knows or an ARN.
fn aws_managed_arn(
    reference: &Located<String>,
    partition: Partition,
    sink: &mut Vec<Diagnostic>,
) -> Option<String> {
    let name = reference.value.as_str();
    let aws = AwsManagedPolicies::builtin();
    if let Some(path) = aws.path_of(name) {
        return Some(arn::aws_managed_policy(partition, path, name));
    }
    let prefix = format!("arn:{}:iam::aws:policy/", partition.as_str());
    if name.starts_with(&prefix) && name.len() > prefix.len() {
        return Some(name.to_string());
    }
    sink.push(
        Diagnostic::error(
            Some(reference.span.clone()),
            format!("`{name}` is not an AWS-managed policy iamform knows"),
        )
        .with_help(format!(
            "write a known name (`ReadOnlyAccess`) or the full ARN ({prefix}PATH/NAME); customer-managed policies go under customer_managed_policies"
        )),
    );
    None
}

fn customer_policy(
    spec: &Located<CustomerPolicySpec>,
    sink: &mut Vec<Diagnostic>,
) -> Option<CustomerPolicyRef> {
    let Some(name) = &spec.value.name else {
        sink.push(
            Diagnostic::error(
                Some(spec.span.clone()),
                "customer-managed policy reference has no `name`",
            )
            .with_help("write `{name: POLICY, path: /PATH/}`; the path is `/` when omitted"),
        );
        return None;
    };
    sink.extend(check_name(name, "policy", 128));
    if let Some(path) = &spec.value.path {
        sink.extend(check_path(path));
    }
    Some(CustomerPolicyRef {
        name: name.value.clone(),
        path: spec
            .value
            .path
            .as_ref()
            .map_or("/".into(), |p| p.value.clone()),
    })
}

fn boundary(
    spec: &Located<BoundarySpec>,
    partition: Partition,
    sink: &mut Vec<Diagnostic>,
) -> Option<Boundary> {
    match (&spec.value.managed_policy, &spec.value.customer_managed) {
        (Some(m), None) => aws_managed_arn(m, partition, sink).map(Boundary::ManagedPolicyArn),
        (None, Some(c)) => customer_policy(c, sink).map(Boundary::CustomerManaged),
        _ => {
            sink.push(
                Diagnostic::error(
                    Some(spec.span.clone()),
                    "a permissions boundary needs exactly one of `managed_policy` or `customer_managed`",
                )
                .with_help("write `{managed_policy: NAME_OR_ARN}` or `{customer_managed: {name: N, path: P}}`"),
            );
            None
        }
    }
}

/// The ids of the accounts an assignment's `accounts:` selects, in name order. A plain
/// name (no glob) the project does not declare is an error at the name, as a typo
/// would otherwise assign nothing.
fn assigned_accounts(
    selector: &Located<AccountsSelector>,
    project: &Project,
    ok: &mut bool,
    sink: &mut Vec<Diagnostic>,
) -> Vec<String> {
    selector.value.check(&selector.span, sink);
    if let AccountsSelector::Select(spec) = &selector.value {
        let plain = spec
            .names
            .iter()
            .flatten()
            .chain(spec.exclude.iter().flatten());
        for name in plain.filter(|n| !n.value.contains(['*', '?'])) {
            if !project.accounts.contains_key(&name.value) {
                *ok = false;
                sink.push(super::project_config::unknown_account(name, project));
            }
        }
    }
    super::multi_account::selected(&selector.value, project)
        .into_iter()
        .filter_map(|name| project.accounts.get(name).map(|a| a.id.clone()))
        .collect()
}

/// One assignment entry, as one [`Assignment`] per account.
fn assignments(
    spec: &Located<AssignmentSpec>,
    declared: BTreeSet<&str>,
    project: &Project,
    principals: &mut Vec<PrincipalReference>,
    sink: &mut Vec<Diagnostic>,
) -> Vec<Assignment> {
    let a = &spec.value;
    let mut ok = true;
    let Some(set) = &a.permission_set else {
        sink.push(
            Diagnostic::error(
                Some(spec.span.clone()),
                "assignment has no `permission_set`",
            )
            .with_help("name a permission set declared under `permission_sets`"),
        );
        return Vec::new();
    };
    if !declared.contains(set.value.as_str()) {
        ok = false;
        let d = Diagnostic::error(
            Some(set.span.clone()),
            format!("unknown permission set `{}`", set.value),
        );
        sink.push(match closest(&set.value, declared.iter().copied()) {
            Some(best) => d.with_help(format!("did you mean `{best}`?")),
            None => d.with_help("declare it under `identity_center.permission_sets`"),
        });
    }
    let principal = match (&a.group, &a.user) {
        (Some(g), None) => Some((PrincipalType::Group, g)),
        (None, Some(u)) => Some((PrincipalType::User, u)),
        _ => {
            sink.push(
                Diagnostic::error(
                    Some(spec.span.clone()),
                    "an assignment needs exactly one of `group` or `user`",
                )
                .with_help(
                    "write `group: DISPLAY_NAME` or `user: USER_NAME` from the Identity Store",
                ),
            );
            None
        }
    };
    let ids = match &a.accounts {
        Some(selector) => assigned_accounts(selector, project, &mut ok, sink),
        None => Vec::new(),
    };
    let empty_list = matches!(
        a.accounts.as_ref().map(|s| &s.value),
        Some(AccountsSelector::Select(SelectorSpec { names: Some(n), ou: None, tags: None, .. }))
            if n.is_empty()
    );
    if a.accounts.is_none() || empty_list {
        ok = false;
        sink.push(
            Diagnostic::error(Some(spec.span.clone()), "assignment names no `accounts`").with_help(
                "list the accounts by the names iamform.yaml declares, or select them \
                     (`all`, `{ou: [...]}`, `{tags: {...}}`)",
            ),
        );
    }
    let (Some((principal_type, principal)), true) = (principal, ok) else {
        return Vec::new();
    };
    principals.push(PrincipalReference {
        principal: Principal {
            principal_type,
            name: principal.value.clone(),
        },
        span: principal.span.clone(),
    });
    ids.into_iter()
        .map(|account_id| Assignment {
            account_id,
            permission_set: set.value.clone(),
            principal_type,
            principal: principal.value.clone(),
        })
        .collect()
}

//! The policies that apply to one user or role: inline, attached, its groups', and its
//! permissions boundary, resolved against the account's customer-managed policies and
//! the bundled AWS-managed ones.

use std::fmt;
use std::sync::Arc;

use crate::model::{AccountIam, PolicyDocument};
use crate::policy::Policy;
use crate::policy::aws_managed::AwsManagedPolicies;
use crate::policy::simulate::{NamedPolicy, PolicyRole};

/// A user or role by name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PrincipalRef {
    /// An IAM user.
    User(String),
    /// An IAM role.
    Role(String),
}

impl fmt::Display for PrincipalRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PrincipalRef::User(n) => write!(f, "user {n}"),
            PrincipalRef::Role(n) => write!(f, "role {n}"),
        }
    }
}

/// The documents that decide what a principal may do.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PrincipalPolicies {
    /// The principal's ARN.
    pub arn: String,
    /// Named policies (identity and boundary), ready for the simulator. Documents that
    /// do not parse are left out (validation reports them).
    pub policies: Vec<NamedPolicy>,
    /// Attached policies whose documents are not known: AWS-managed policies newer than
    /// the bundled data, or ARNs that name no policy.
    pub unresolved: Vec<String>,
}

/// The policies of `principal` in `account`; `None` when the account has no such principal.
pub fn policies_for(account: &AccountIam, principal: &PrincipalRef) -> Option<PrincipalPolicies> {
    let mut out = PrincipalPolicies::default();
    match principal {
        PrincipalRef::User(name) => {
            let user = account.users.get(name)?;
            out.arn = crate::arn::iam_entity(
                account.partition,
                &account.account_id,
                "user",
                &user.path,
                name,
            );
            add_inline(&mut out, &format!("user {name}"), &user.inline_policies);
            add_attached(
                &mut out,
                account,
                &user.managed_policies,
                PolicyRole::Identity,
            );
            for group_name in &user.groups {
                if let Some(group) = account.groups.get(group_name) {
                    add_inline(
                        &mut out,
                        &format!("group {group_name}"),
                        &group.inline_policies,
                    );
                    add_attached(
                        &mut out,
                        account,
                        &group.managed_policies,
                        PolicyRole::Identity,
                    );
                }
            }
            add_attached(
                &mut out,
                account,
                user.permissions_boundary.iter(),
                PolicyRole::Boundary,
            );
        }
        PrincipalRef::Role(name) => {
            let role = account.roles.get(name)?;
            out.arn = crate::arn::iam_entity(
                account.partition,
                &account.account_id,
                "role",
                &role.path,
                name,
            );
            add_inline(&mut out, &format!("role {name}"), &role.inline_policies);
            add_attached(
                &mut out,
                account,
                &role.managed_policies,
                PolicyRole::Identity,
            );
            add_attached(
                &mut out,
                account,
                role.permissions_boundary.iter(),
                PolicyRole::Boundary,
            );
        }
    }
    Some(out)
}

fn add_inline<'a>(
    out: &mut PrincipalPolicies,
    owner: &str,
    inline: impl IntoIterator<Item = (&'a String, &'a PolicyDocument)>,
) {
    for (name, doc) in inline {
        push(
            out,
            format!("{owner} / inline {name}"),
            PolicyRole::Identity,
            || parsed(doc),
        );
    }
}

fn add_attached<'a>(
    out: &mut PrincipalPolicies,
    account: &AccountIam,
    arns: impl IntoIterator<Item = &'a String>,
    role: PolicyRole,
) {
    for arn in arns {
        if let Some((name, doc)) = customer_policy(account, arn) {
            push(out, format!("policy {name}"), role, || parsed(doc));
            continue;
        }
        let aws = AwsManagedPolicies::builtin().by_arn(arn);
        match aws.and_then(|p| Some((p.name, p.policy()?))) {
            Some((name, policy)) => push(out, format!("AWS-managed policy {name}"), role, || {
                Some(policy)
            }),
            None if !out.unresolved.contains(arn) => out.unresolved.push(arn.clone()),
            None => {}
        }
    }
}

/// Adds the policy unless it is there already (a policy attached to the user and to one
/// of its groups counts once); `policy` is only parsed when it is added. Documents that
/// do not parse are left out.
fn push(
    out: &mut PrincipalPolicies,
    name: String,
    role: PolicyRole,
    policy: impl FnOnce() -> Option<Arc<Policy>>,
) {
    if out
        .policies
        .iter()
        .any(|p| p.name == name && p.role == role)
    {
        return;
    }
    if let Some(policy) = policy() {
        out.policies.push(NamedPolicy { name, role, policy });
    }
}

fn parsed(doc: &PolicyDocument) -> Option<Arc<Policy>> {
    crate::policy::parse(&doc.0).ok().map(Arc::new)
}

/// The customer-managed policy an ARN names in this account (by path and name). Policies
/// are keyed by name, the ARN's last segment, so this is a lookup, not a scan.
fn customer_policy<'a>(
    account: &'a AccountIam,
    arn: &str,
) -> Option<(&'a str, &'a PolicyDocument)> {
    let name = arn.rsplit('/').next()?;
    let p = account.policies.get(name)?;
    let own = crate::arn::iam_entity(
        account.partition,
        &account.account_id,
        "policy",
        &p.path,
        &p.name,
    );
    (own == arn).then_some((p.name.as_str(), &p.document))
}

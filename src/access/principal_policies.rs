//! The policies that apply to one user or role: inline, attached, its groups', and its
//! permissions boundary, resolved against the account's customer-managed policies and
//! the bundled AWS-managed ones.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

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
    AccountPolicies::new(account).policies_for(principal)
}

/// One account's documents, each parsed once by identity: a customer-managed or group
/// policy is parsed for the first principal that uses it and shared (the same `Arc`) by
/// the others, which also lets action sets cached by document find it. Usable from
/// several threads.
pub struct AccountPolicies<'a> {
    account: &'a AccountIam,
    /// By the address of the `PolicyDocument` in `account`, which the borrow keeps in
    /// place and alive.
    parsed: Mutex<HashMap<usize, Option<Arc<Policy>>>>,
}

impl<'a> AccountPolicies<'a> {
    /// Nothing parsed yet.
    pub fn new(account: &'a AccountIam) -> AccountPolicies<'a> {
        AccountPolicies {
            account,
            parsed: Mutex::default(),
        }
    }

    /// The policies of `principal`; `None` when the account has no such principal.
    pub fn policies_for(&self, principal: &PrincipalRef) -> Option<PrincipalPolicies> {
        let account = self.account;
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
                self.add_inline(
                    &mut out,
                    &format!("user {name}"),
                    &user.inline_policies,
                    false,
                );
                self.add_attached(&mut out, &user.managed_policies, PolicyRole::Identity);
                for group_name in &user.groups {
                    if let Some(group) = account.groups.get(group_name) {
                        self.add_inline(
                            &mut out,
                            &format!("group {group_name}"),
                            &group.inline_policies,
                            true,
                        );
                        self.add_attached(&mut out, &group.managed_policies, PolicyRole::Identity);
                    }
                }
                self.add_attached(
                    &mut out,
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
                self.add_inline(
                    &mut out,
                    &format!("role {name}"),
                    &role.inline_policies,
                    false,
                );
                self.add_attached(&mut out, &role.managed_policies, PolicyRole::Identity);
                self.add_attached(
                    &mut out,
                    role.permissions_boundary.iter(),
                    PolicyRole::Boundary,
                );
            }
        }
        Some(out)
    }

    /// Adds `owner`'s inline policies; `shared` ones (a group's) are parsed once for
    /// all members, a principal's own are parsed for it alone and not kept.
    fn add_inline<'d>(
        &self,
        out: &mut PrincipalPolicies,
        owner: &str,
        inline: impl IntoIterator<Item = (&'d String, &'d PolicyDocument)>,
        shared: bool,
    ) {
        for (name, doc) in inline {
            push(
                out,
                format!("{owner} / inline {name}"),
                PolicyRole::Identity,
                || {
                    if shared {
                        self.parsed(doc)
                    } else {
                        parsed(doc)
                    }
                },
            );
        }
    }

    fn add_attached<'d>(
        &self,
        out: &mut PrincipalPolicies,
        arns: impl IntoIterator<Item = &'d String>,
        role: PolicyRole,
    ) {
        for arn in arns {
            if let Some((name, doc)) = customer_policy(self.account, arn) {
                push(out, format!("policy {name}"), role, || self.parsed(doc));
                continue;
            }
            let aws = AwsManagedPolicies::builtin().by_arn(arn);
            match aws.and_then(|p| Some((p.name, p.policy()?))) {
                Some((name, policy)) => {
                    push(out, format!("AWS-managed policy {name}"), role, || {
                        Some(policy)
                    })
                }
                None if !out.unresolved.contains(arn) => out.unresolved.push(arn.clone()),
                None => {}
            }
        }
    }

    /// `doc` parsed, from the first parse of the same document.
    fn parsed(&self, doc: &PolicyDocument) -> Option<Arc<Policy>> {
        let key = doc as *const PolicyDocument as usize;
        if let Some(policy) = self.locked().get(&key) {
            return policy.clone();
        }
        // Parsed outside the lock; another thread may parse it too, to the same result.
        let policy = parsed(doc);
        self.locked().entry(key).or_insert(policy).clone()
    }

    fn locked(&self) -> MutexGuard<'_, HashMap<usize, Option<Arc<Policy>>>> {
        // Each insert is one call: a panic elsewhere leaves the map whole.
        self.parsed.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn parsed(doc: &PolicyDocument) -> Option<Arc<Policy>> {
    crate::policy::parse(&doc.0).ok().map(Arc::new)
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

/// The customer-managed policy an ARN names in this account (by path and name). Policies
/// are keyed by name, the ARN's last segment, so this is a lookup, not a scan.
pub(super) fn customer_policy<'a>(
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

//! `can PRINCIPAL ACTION RESOURCE`: what the manifests' policies decide for one request.

use super::principal_policies::{PrincipalRef, policies_for};
use crate::model::DesiredState;
use crate::policy::simulate::{Context, Evaluation, Request, evaluate};

/// Why a question could not be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccessError {
    /// No user or role has this name (in the chosen account).
    #[error("no user or role named `{0}` in the manifests")]
    UnknownPrincipal(String),
    /// The name exists in several accounts or as both a user and a role.
    #[error("`{0}` is ambiguous: {1}; write ACCOUNT/user/NAME or ACCOUNT/role/NAME")]
    Ambiguous(String, String),
}

/// The answer with what it was computed from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CanAnswer {
    /// Manifest name of the account.
    pub account: String,
    /// `user alice` or `role deployer`.
    pub principal: String,
    /// The principal's ARN.
    pub principal_arn: String,
    /// The decision and the statements behind it.
    pub evaluation: Evaluation,
    /// Attached policies that could not be evaluated offline (AWS-managed).
    pub not_evaluated: Vec<String>,
}

/// Evaluates `action` on `resource` for `principal`, written as `NAME`, `user/NAME`,
/// `role/NAME`, or any of those prefixed by `ACCOUNT/` (the manifest's account name).
pub fn can(
    desired: &DesiredState,
    principal: &str,
    action: &str,
    resource: &str,
    context: Context,
) -> Result<CanAnswer, AccessError> {
    let matches = find_principal(desired, principal);
    let (account_name, found) = match matches.as_slice() {
        [] => return Err(AccessError::UnknownPrincipal(principal.to_string())),
        [one] => one.clone(),
        many => {
            let names: Vec<String> = many
                .iter()
                .map(|(a, p)| format!("{a}/{}", p.to_string().replace(' ', "/")))
                .collect();
            return Err(AccessError::Ambiguous(
                principal.to_string(),
                names.join(", "),
            ));
        }
    };
    let account = &desired.accounts[&account_name];
    let policies = policies_for(&account.iam, &found).unwrap_or_default();
    let request = Request::new(action, resource, Some(&policies.arn), context);
    Ok(CanAnswer {
        account: account_name,
        principal: found.to_string(),
        evaluation: evaluate(&policies.policies, &request),
        principal_arn: policies.arn,
        not_evaluated: policies.unresolved,
    })
}

fn find_principal(desired: &DesiredState, query: &str) -> Vec<(String, PrincipalRef)> {
    let parts: Vec<&str> = query.split('/').collect();
    let (account, kind, name) = match parts.as_slice() {
        [name] => (None, None, *name),
        [kind @ ("user" | "role"), name] => (None, Some(*kind), *name),
        [account, name] => (Some(*account), None, *name),
        [account, kind, name] => (Some(*account), Some(*kind), *name),
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    for (account_name, acct) in &desired.accounts {
        if account.is_some_and(|a| a != account_name) {
            continue;
        }
        if kind != Some("role") && acct.iam.users.contains_key(name) {
            out.push((account_name.clone(), PrincipalRef::User(name.to_string())));
        }
        if kind != Some("user") && acct.iam.roles.contains_key(name) {
            out.push((account_name.clone(), PrincipalRef::Role(name.to_string())));
        }
    }
    out
}

//! Own-account policies the manifests name by ARN without defining them must exist in
//! the account: attaching a missing policy fails in the middle of an apply
//! (NoSuchEntity), so the plan refuses it up front, located at the reference.

use std::collections::{BTreeMap, BTreeSet};

use crate::arn;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{AccountIam, DesiredState};

/// One error per reference to a policy of its own account that neither the manifests
/// define nor the account holds (`actual`, by account name; a missing account holds
/// nothing). Policies that exist but are not managed by iamform are fine.
pub fn missing_policy_references(
    desired: &DesiredState,
    actual: &BTreeMap<String, AccountIam>,
) -> Diagnostics {
    let mut diagnostics = Vec::new();
    for (name, account) in &desired.accounts {
        if account.external_policies.is_empty() {
            continue;
        }
        let held: BTreeSet<String> = actual
            .get(name)
            .map(|iam| {
                iam.policies
                    .values()
                    .map(|p| {
                        p.meta.arn.clone().unwrap_or_else(|| {
                            let config = &account.config;
                            arn::iam_entity(
                                config.partition,
                                &config.id,
                                "policy",
                                &p.path,
                                &p.name,
                            )
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        for reference in &account.external_policies {
            if held.contains(&reference.arn) {
                continue;
            }
            diagnostics.push(
                Diagnostic::error(
                    Some(reference.span.clone()),
                    format!(
                        "{} names policy `{}`, which account `{name}` ({}) does not have",
                        reference.holder, reference.arn, account.config.id
                    ),
                )
                .with_help(
                    "define the policy under `policies:` (then name it), fix the ARN's path \
                     and name, or create the policy before planning",
                ),
            );
        }
    }
    let mut diagnostics = Diagnostics(diagnostics);
    diagnostics.sort();
    diagnostics
}

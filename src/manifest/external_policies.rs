//! Own-account policies that manifests name by ARN without defining them (a policy made
//! by hand or by another tool): where each is written, so the plan can check it against
//! the account it read and point at the reference when the policy is missing.

use std::collections::BTreeSet;

use crate::arn::{self, Arn};
use crate::model::{AccountConfig, AccountIam, EntityKind, EntityRef, PolicyReference};

use super::entity_index::AccountManifest;
use super::located::Located;

/// Every `policies:` entry and `permissions_boundary` of the account's users, groups and
/// roles that is an ARN of a policy in account `config` no manifest policy has.
pub fn external_policies(
    config: &AccountConfig,
    account: &AccountManifest<'_>,
    iam: &AccountIam,
) -> Vec<PolicyReference> {
    let account_id = config.id.as_str();
    let defined: BTreeSet<String> = iam
        .policies
        .values()
        .map(|p| arn::iam_entity(config.partition, account_id, "policy", &p.path, &p.name))
        .collect();
    let mut found = Vec::new();
    let mut add = |kind, name: &str, references: Vec<&Located<String>>| {
        for reference in references {
            let value = reference.value.as_str();
            let own_policy = Arn::parse(value).is_ok_and(|a| {
                a.service == "iam" && a.account == account_id && a.resource.starts_with("policy/")
            });
            if own_policy && !defined.contains(value) {
                found.push(PolicyReference {
                    arn: value.to_string(),
                    holder: EntityRef::new(kind, name),
                    span: reference.span.clone(),
                });
            }
        }
    };
    for (name, d) in &account.users {
        let refs = d.spec.policies.iter().flatten().map(|p| &p.name);
        add(
            EntityKind::User,
            name,
            refs.chain(&d.spec.permissions_boundary).collect(),
        );
    }
    for (name, d) in &account.groups {
        add(
            EntityKind::Group,
            name,
            d.spec.policies.iter().flatten().map(|p| &p.name).collect(),
        );
    }
    for (name, d) in &account.roles {
        let refs = d.spec.policies.iter().flatten().map(|p| &p.name);
        add(
            EntityKind::Role,
            name,
            refs.chain(&d.spec.permissions_boundary).collect(),
        );
    }
    found.sort();
    found
}

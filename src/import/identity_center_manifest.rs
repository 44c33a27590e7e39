//! The `identity_center:` section an import writes: permission sets with their policies
//! named as the manifests resolve them back, and assignments grouped per permission set
//! and principal with the accounts by project name.

use std::collections::BTreeMap;

use super::entity_manifests::document;
use super::yaml_text::Yaml;
use crate::arn::{self, Partition};
use crate::model::{Boundary, CustomerPolicyRef, IdentityCenter, PermissionSet, PrincipalType};
use crate::policy::aws_managed::AwsManagedPolicies;

/// The section for `ic`, or `None` when it holds no permission set. `account_names` maps
/// the project's account ids to names; assignments elsewhere are left out (the read
/// covers only the project's accounts).
pub fn identity_center(
    ic: &IdentityCenter,
    account_names: &BTreeMap<&str, &str>,
    partition: Partition,
) -> Option<Yaml> {
    if ic.permission_sets.is_empty() {
        return None;
    }
    let sets = ic
        .permission_sets
        .iter()
        .map(|(name, set)| (name.clone(), permission_set(set, partition)))
        .collect();
    let mut fields = vec![("permission_sets".to_string(), Yaml::Map(sets))];
    // (permission set, principal) → account names, in the project's order of names.
    let mut grouped: BTreeMap<(&str, PrincipalType, &str), Vec<String>> = BTreeMap::new();
    for a in &ic.assignments {
        if let Some(account) = account_names.get(a.account_id.as_str()) {
            grouped
                .entry((&a.permission_set, a.principal_type, &a.principal))
                .or_default()
                .push(account.to_string());
        }
    }
    let assignments: Vec<Yaml> = grouped
        .into_iter()
        .map(|((set, kind, principal), mut accounts)| {
            accounts.sort();
            Yaml::Map(vec![
                ("permission_set".to_string(), Yaml::str(set)),
                (kind.noun().to_string(), Yaml::str(principal)),
                ("accounts".to_string(), Yaml::strings(&accounts)),
            ])
        })
        .collect();
    if !assignments.is_empty() {
        fields.push(("assignments".to_string(), Yaml::List(assignments)));
    }
    Some(Yaml::Map(fields))
}

fn permission_set(set: &PermissionSet, partition: Partition) -> Yaml {
    let mut f: Vec<(String, Yaml)> = Vec::new();
    let mut put = |key: &str, value: Yaml| f.push((key.to_string(), value));
    if let Some(d) = &set.description {
        put("description", Yaml::str(d));
    }
    put("session_duration", Yaml::str(&set.session_duration));
    if let Some(r) = &set.relay_state {
        put("relay_state", Yaml::str(r));
    }
    if !set.aws_managed_policies.is_empty() {
        let mut names: Vec<String> = set
            .aws_managed_policies
            .iter()
            .map(|a| aws_managed_name(a, partition))
            .collect();
        names.sort();
        put("aws_managed_policies", Yaml::strings(&names));
    }
    if !set.customer_managed_policies.is_empty() {
        let refs = set.customer_managed_policies.iter().map(customer_ref);
        put("customer_managed_policies", Yaml::List(refs.collect()));
    }
    if let Some(doc) = &set.inline_policy {
        put("inline_policy", document(doc));
    }
    match &set.permissions_boundary {
        Some(Boundary::ManagedPolicyArn(policy)) => put(
            "permissions_boundary",
            Yaml::Map(vec![(
                "managed_policy".to_string(),
                Yaml::str(aws_managed_name(policy, partition)),
            )]),
        ),
        Some(Boundary::CustomerManaged(policy)) => put(
            "permissions_boundary",
            Yaml::Map(vec![("customer_managed".to_string(), customer_ref(policy))]),
        ),
        None => {}
    }
    let tags = crate::model::managed_tags(&set.tags);
    if !tags.is_empty() {
        let entries = tags.iter().map(|(k, v)| (k.clone(), Yaml::str(v)));
        put("tags", Yaml::Map(entries.collect()));
    }
    Yaml::Map(f)
}

/// The name iamform knows for an AWS-managed policy ARN when it resolves back to that
/// ARN, the ARN otherwise.
fn aws_managed_name(policy_arn: &str, partition: Partition) -> String {
    let aws = AwsManagedPolicies::builtin();
    let prefix = format!("arn:{}:iam::aws:policy", partition.as_str());
    policy_arn
        .strip_prefix(&prefix)
        .and_then(super::policy_reference::split_path)
        .filter(|(path, name)| {
            aws.path_of(name) == Some(*path)
                && arn::aws_managed_policy(partition, path, name) == policy_arn
        })
        .map_or_else(|| policy_arn.to_string(), |(_, name)| name.to_string())
}

fn customer_ref(policy: &CustomerPolicyRef) -> Yaml {
    let mut fields = vec![("name".to_string(), Yaml::str(&policy.name))];
    if policy.path != "/" {
        fields.push(("path".to_string(), Yaml::str(&policy.path)));
    }
    Yaml::Map(fields)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::yaml_text::write_document;
    use crate::model::Assignment;

    #[test]
    fn permission_sets_and_grouped_assignments_are_written_as_the_loader_reads_them() {
        let mut ic = IdentityCenter::default();
        ic.permission_sets.insert(
            "Admin".into(),
            PermissionSet {
                session_duration: "PT8H".into(),
                aws_managed_policies: [
                    "arn:aws:iam::aws:policy/AdministratorAccess".to_string(),
                    "arn:aws:iam::aws:policy/NotKnownToIamform".to_string(),
                ]
                .into(),
                customer_managed_policies: [CustomerPolicyRef {
                    name: "deny-secrets".into(),
                    path: "/guards/".into(),
                }]
                .into(),
                permissions_boundary: Some(Boundary::ManagedPolicyArn(
                    "arn:aws:iam::aws:policy/PowerUserAccess".into(),
                )),
                ..PermissionSet::default()
            },
        );
        for account in ["222222222222", "333333333333", "444444444444"] {
            ic.assignments.insert(Assignment {
                account_id: account.into(),
                permission_set: "Admin".into(),
                principal_type: PrincipalType::Group,
                principal: "platform".into(),
            });
        }
        let names = [("222222222222", "prod"), ("333333333333", "staging")].into();
        let yaml = identity_center(&ic, &names, Partition::default()).unwrap();
        assert_eq!(
            write_document(&[("identity_center".to_string(), yaml)]),
            "identity_center:
  permission_sets:
    Admin:
      session_duration: PT8H
      aws_managed_policies: [AdministratorAccess, arn:aws:iam::aws:policy/NotKnownToIamform]
      customer_managed_policies:
        - name: deny-secrets
          path: /guards/
      permissions_boundary:
        managed_policy: PowerUserAccess
  assignments:
    - permission_set: Admin
      group: platform
      accounts: [prod, staging]
"
        );
        assert!(
            identity_center(&IdentityCenter::default(), &names, Partition::default()).is_none()
        );
    }
}

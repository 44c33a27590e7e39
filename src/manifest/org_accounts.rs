//! The accounts of AWS Organizations made project accounts: each active member is
//! governed, named by the slug of its Organizations name unless `accounts:` names its id,
//! and reached through the organization's `assume_role`. Members that are not active are
//! left out and listed.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Diagnostic, Span};
use crate::model::{
    AccountConfig, OrgAccount, Organization, OrganizationConfig, Project, ProjectOrganization, slug,
};

use super::document::OrganizationSpec;
use super::located::Located;
use super::name_rules::{check_name, max_name_len};

/// Accounts a project may govern; more is refused, so a runaway organization (or a
/// recorded state file naming millions) cannot make a plan without bound.
pub const MAX_ACCOUNTS: usize = 5_000;

/// Reads `organization:`; `None` (with errors in `sink`) when it is unusable.
pub fn organization_config(
    spec: &Located<OrganizationSpec>,
    sink: &mut Vec<Diagnostic>,
) -> Option<OrganizationConfig> {
    let Some(role) = &spec.value.assume_role else {
        sink.push(
            Diagnostic::error(Some(spec.span.clone()), "organization has no `assume_role`")
                .with_help("name the role iamform assumes in each account, e.g. `assume_role: OrganizationAccountAccessRole`"),
        );
        return None;
    };
    if let Some(d) = check_name(role, "role", max_name_len(crate::model::EntityKind::Role)) {
        sink.push(d);
        return None;
    }
    Some(OrganizationConfig {
        assume_role: role.value.clone(),
        partition: spec
            .value
            .partition
            .as_ref()
            .map_or_else(Default::default, |p| p.value),
        profile: spec.value.profile.as_ref().map(|p| p.value.clone()),
    })
}

/// Adds the organization's active members to `project.accounts`; `at` locates problems.
pub fn add_members(
    project: &mut Project,
    config: OrganizationConfig,
    organization: Organization,
    at: &Span,
    sink: &mut Vec<Diagnostic>,
) {
    if organization.accounts.len() > MAX_ACCOUNTS {
        sink.push(Diagnostic::error(
            Some(at.clone()),
            format!(
                "the organization has {} accounts; iamform governs at most {MAX_ACCOUNTS}",
                organization.accounts.len()
            ),
        ));
        return;
    }
    let by_id: BTreeMap<String, String> = project
        .accounts
        .values()
        .map(|a| (a.id.clone(), a.name.clone()))
        .collect();
    let mut members = BTreeMap::new();
    let mut discovered = BTreeSet::new();
    let mut left_out = Vec::new();
    let mut seen = BTreeSet::new();
    for account in organization.sorted().accounts {
        if !crate::arn::is_account_id(&account.id) || !seen.insert(account.id.clone()) {
            sink.push(Diagnostic::error(
                Some(at.clone()),
                format!(
                    "the organization lists account id `{}` that is not a unique 12-digit id",
                    account.id
                ),
            ));
            continue;
        }
        if !account.is_active() {
            left_out.push(account);
            continue;
        }
        if let Some(name) = by_id.get(&account.id) {
            members.insert(name.clone(), account);
            continue;
        }
        let name = free_name(project, &account);
        project.accounts.insert(
            name.clone(),
            AccountConfig {
                name: name.clone(),
                id: account.id.clone(),
                partition: config.partition,
                assume_role: Some(config.assume_role.clone()),
                profile: config.profile.clone(),
            },
        );
        discovered.insert(name.clone());
        members.insert(name, account);
    }
    project.organization = Some(ProjectOrganization {
        config,
        members,
        discovered,
        left_out,
    });
}

/// The slug of the account's name, or `slug-ID` when a declared or earlier account
/// (by id) has that name already.
fn free_name(project: &Project, account: &OrgAccount) -> String {
    let base = slug(&account.name, &account.id);
    if project.accounts.contains_key(&base) {
        format!("{base}-{}", account.id)
    } else {
        base
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use crate::model::Tags;

    fn member(id: &str, name: &str, status: &str) -> OrgAccount {
        OrgAccount {
            id: id.into(),
            name: name.into(),
            ou: "/Workloads".into(),
            status: status.into(),
            tags: Tags::new(),
        }
    }

    fn config() -> OrganizationConfig {
        OrganizationConfig {
            assume_role: "OrganizationAccountAccessRole".into(),
            partition: Default::default(),
            profile: None,
        }
    }

    #[test]
    fn members_are_named_by_slug_unless_declared_and_inactive_ones_are_left_out() {
        let mut project = Project::default();
        project.accounts.insert(
            "identity".into(),
            AccountConfig {
                name: "identity".into(),
                id: "111111111111".into(),
                ..AccountConfig::default()
            },
        );
        let organization = Organization {
            accounts: vec![
                member("111111111111", "Identity Account", "ACTIVE"),
                member("222222222222", "Dev 1", "ACTIVE"),
                member("333333333333", "dev-1", "ACTIVE"),
                member("444444444444", "Old", "SUSPENDED"),
            ],
            tags_read: false,
        };
        let at = Span::file_only(Arc::new(PathBuf::from("iamform.yaml")));
        let mut sink = Vec::new();
        add_members(&mut project, config(), organization, &at, &mut sink);
        assert!(sink.is_empty());
        let names: Vec<_> = project.accounts.keys().cloned().collect();
        assert_eq!(names, ["dev-1", "dev-1-333333333333", "identity"]);
        let dev = &project.accounts["dev-1"];
        assert_eq!(
            dev.assume_role_arn().as_deref(),
            Some("arn:aws:iam::222222222222:role/OrganizationAccountAccessRole")
        );
        // The declared account keeps its own settings (no assume_role) and its name.
        assert_eq!(project.accounts["identity"].assume_role, None);
        let org = project.organization.unwrap();
        assert!(org.members.contains_key("identity"));
        assert_eq!(org.left_out.len(), 1);
        assert_eq!(org.left_out[0].name, "Old");
    }
}

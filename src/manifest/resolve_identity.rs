//! Users and groups of one account: memberships, attachments, inline policies.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::Diagnostic;
use crate::model::{EntityMeta, Group, PolicyDocument, User};

use super::credential_rules::credential_rules;
use super::decode::closest;
use super::documents::inline_policies;
use super::policy_check::{GROUP_INLINE_LIMIT, USER_INLINE_LIMIT};
use super::require_mfa::{REQUIRE_MFA_POLICY_NAME, require_mfa_document};
use super::resolve::{
    AccountContext, MAX_GROUPS_PER_USER, attachments, boundary, entity_path, merged_tags,
};

/// The groups of the account, with `require_mfa` expanded.
pub fn groups(cx: &AccountContext<'_, '_>, sink: &mut Vec<Diagnostic>) -> BTreeMap<String, Group> {
    let mut out = BTreeMap::new();
    for (name, d) in &cx.account.groups {
        let spec = d.spec;
        let path = entity_path(spec.path.as_ref(), sink);
        let managed_policies = attachments(cx, spec.policies.as_ref(), d.name, "group", sink);
        let mut inline = inline_policies(
            spec.inline_policies.as_ref(),
            GROUP_INLINE_LIMIT,
            d.name,
            "group",
            sink,
        );
        if spec.require_mfa == Some(true) {
            if let Some((key, _)) = spec
                .inline_policies
                .iter()
                .flat_map(|p| p.iter())
                .find(|(k, _)| k.value == REQUIRE_MFA_POLICY_NAME)
            {
                sink.push(
                    Diagnostic::error(
                        Some(key.span.clone()),
                        format!("inline policy `{REQUIRE_MFA_POLICY_NAME}` is reserved for `require_mfa: true`"),
                    )
                    .with_help("rename this inline policy"),
                );
            }
            inline.insert(
                REQUIRE_MFA_POLICY_NAME.to_string(),
                PolicyDocument(require_mfa_document()),
            );
        }
        out.insert(
            name.clone(),
            Group {
                name: name.clone(),
                path,
                managed_policies,
                inline_policies: inline,
                meta: EntityMeta::default(),
            },
        );
    }
    out
}

/// The users of the account, with group memberships checked.
pub fn users(cx: &AccountContext<'_, '_>, sink: &mut Vec<Diagnostic>) -> BTreeMap<String, User> {
    let mut out = BTreeMap::new();
    for (name, d) in &cx.account.users {
        let spec = d.spec;
        let groups = spec.groups.as_deref().unwrap_or_default();
        if let Some(extra) = groups.get(MAX_GROUPS_PER_USER) {
            sink.push(
                Diagnostic::error(
                    Some(extra.name.span.clone()),
                    format!(
                        "user `{name}` is in {} groups; IAM allows at most {MAX_GROUPS_PER_USER}",
                        groups.len()
                    ),
                )
                .with_help("this limit cannot be raised; merge groups"),
            );
        }
        let mut member_of = BTreeSet::new();
        for group in groups.iter().map(|g| &g.name) {
            if cx.account.groups.contains_key(&group.value) {
                member_of.insert(group.value.clone());
                continue;
            }
            let d = Diagnostic::error(
                Some(group.span.clone()),
                format!("no group `{}` in account `{}`", group.value, cx.name),
            );
            sink.push(
                match closest(&group.value, cx.account.groups.keys().map(String::as_str)) {
                    Some(best) => d.with_help(format!("did you mean `{best}`?")),
                    None => d.with_help(format!(
                        "define the group under `groups:` in account `{}`",
                        cx.name
                    )),
                },
            );
        }
        out.insert(
            name.clone(),
            User {
                name: name.clone(),
                path: entity_path(spec.path.as_ref(), sink),
                tags: merged_tags(cx.project, spec.tags.as_ref(), d.name, "user", sink),
                permissions_boundary: boundary(cx, spec.permissions_boundary.as_ref(), sink),
                managed_policies: attachments(cx, spec.policies.as_ref(), d.name, "user", sink),
                inline_policies: inline_policies(
                    spec.inline_policies.as_ref(),
                    USER_INLINE_LIMIT,
                    d.name,
                    "user",
                    sink,
                ),
                groups: member_of,
                credential_rules: credential_rules(spec, sink),
                credential_state: None,
                meta: EntityMeta::default(),
            },
        );
    }
    out
}

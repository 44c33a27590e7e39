//! IAM120: a user in a group that requires MFA who can still act without MFA (e.g. the
//! group conditions its own Allows on MFA, but the user's direct policies do not).

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Span};
use crate::model::{
    AccountIam, DocumentLocations, DocumentRef, DocumentSlot, EntityKind, EntityRef, Group,
    PolicyDocument, User,
};
use crate::policy::catalog::ActionSetCache;
use crate::policy::catalog::catalog;
use crate::policy::lint::Rule;
use crate::policy::simulate::{Context, Decision, IndexedPolicies, Request, needs_no_permissions};
use crate::policy::{ActionList, Effect, JsonPath, Policy};

use super::principal_policies::{PrincipalRef, policies_for};

const MFA_KEY: &str = "aws:multifactorauthpresent";

/// The finding for `user`, if it can act without MFA although a group requires it.
pub(super) fn check_user(
    account: &AccountIam,
    user: &User,
    span: Option<Span>,
    documents: &BTreeMap<DocumentRef, DocumentLocations>,
    action_sets: &mut ActionSetCache,
) -> Option<Diagnostic> {
    let requiring: Vec<&Group> = user
        .groups
        .iter()
        .filter_map(|g| account.groups.get(g))
        .filter(|g| requires_mfa(g))
        .collect();
    let group = requiring.first()?;
    let exceptions = mfa_exceptions(&requiring);
    let policies = policies_for(account, &PrincipalRef::User(user.name.clone()))?;
    let c = catalog();
    // One evaluation per pattern: index the actions once (ReadOnlyAccess alone has over
    // a thousand patterns).
    let indexed = IndexedPolicies::new(&policies.policies, action_sets);
    for named in &policies.policies {
        for (index, s) in named
            .policy
            .statements
            .iter()
            .enumerate()
            .filter(|(_, s)| s.effect == Effect::Allow)
        {
            let ActionList::Action(patterns) = &s.action else {
                continue;
            };
            let resources = s.named_resources();
            for pattern in patterns {
                // An action that needs no permissions is no way around MFA: it is
                // allowed with or without it.
                let Some((svc, action)) = c.matching_actions(pattern).find(|(svc, a)| {
                    let full = format!("{}:{}", svc.prefix, a.name);
                    needs_no_permissions(&full).is_none()
                        && !exceptions
                            .iter()
                            .any(|e| crate::policy::glob_matches(e, &full, true))
                }) else {
                    continue;
                };
                let full = format!("{}:{}", svc.prefix, action.name);
                for resource in &resources {
                    let request =
                        Request::new(&full, resource, Some(&policies.arn), Context::new());
                    if indexed.evaluate(&request).decision == Decision::Allowed {
                        let at = statement_span(account, user, &named.policy, index, documents);
                        return Some(
                            Diagnostic::coded(
                                Rule::UserWithoutMfa,
                                at.or(span),
                                format!(
                                    "user {} can call {full} on {resource} without MFA ({}), although group {} requires MFA",
                                    user.name, named.name, group.name
                                ),
                            )
                            .with_help("put `require_mfa: true` on the group (it denies everything but MFA set-up without MFA), or condition the statement on aws:MultiFactorAuthPresent"),
                        );
                    }
                }
            }
        }
    }
    None
}

/// Where statement `index` of `policy` is written, when `policy` is one of the user's or
/// its groups' documents written in a manifest. Found by content: it runs once per
/// finding, and the simulator's policy names are for people, not for lookups.
fn statement_span(
    account: &AccountIam,
    user: &User,
    policy: &Policy,
    index: usize,
    documents: &BTreeMap<DocumentRef, DocumentLocations>,
) -> Option<Span> {
    let path = JsonPath::root().key("Statement").index(index);
    user_documents(account, user)
        .into_iter()
        .find(|(_, doc)| crate::policy::parse(&doc.0).is_ok_and(|p| p == *policy))
        .and_then(|(at, _)| documents.get(&at)?.locate(&path).cloned())
}

/// The user's inline and customer-managed documents and its groups'.
fn user_documents<'a>(
    account: &'a AccountIam,
    user: &'a User,
) -> Vec<(DocumentRef, &'a PolicyDocument)> {
    let inline = |kind: EntityKind, owner: &str, docs: &'a BTreeMap<String, PolicyDocument>| {
        docs.iter()
            .map(|(name, doc)| {
                let slot = DocumentSlot::Inline(name.clone());
                (DocumentRef::new(EntityRef::new(kind, owner), slot), doc)
            })
            .collect::<Vec<_>>()
    };
    let mut out = inline(EntityKind::User, &user.name, &user.inline_policies);
    let mut attached: Vec<&String> = user.managed_policies.iter().collect();
    for group in user.groups.iter().filter_map(|g| account.groups.get(g)) {
        out.extend(inline(
            EntityKind::Group,
            &group.name,
            &group.inline_policies,
        ));
        attached.extend(&group.managed_policies);
    }
    for arn in attached {
        let name = arn.rsplit('/').next().unwrap_or(arn);
        if let Some(p) = account.policies.get(name) {
            let at = DocumentRef::new(
                EntityRef::new(EntityKind::Policy, name),
                DocumentSlot::Managed,
            );
            out.push((at, &p.document));
        }
    }
    out
}

/// A group requires MFA when any of its inline policies tests `aws:MultiFactorAuthPresent`.
fn requires_mfa(group: &Group) -> bool {
    group.inline_policies.values().any(|doc| {
        crate::policy::parse(&doc.0).is_ok_and(|p| {
            p.statements.iter().any(|s| {
                s.condition
                    .0
                    .values()
                    .any(|keys| keys.keys().any(|k| k.eq_ignore_ascii_case(MFA_KEY)))
            })
        })
    })
}

/// Actions the groups deliberately leave usable without MFA: the `NotAction` list of
/// their MFA Deny (changing one's password, setting up an MFA device, …).
fn mfa_exceptions(groups: &[&Group]) -> Vec<String> {
    let mut out = Vec::new();
    for g in groups {
        for doc in g.inline_policies.values() {
            let Ok(p) = crate::policy::parse(&doc.0) else {
                continue;
            };
            for s in &p.statements {
                let mfa = s
                    .condition
                    .0
                    .values()
                    .any(|keys| keys.keys().any(|k| k.eq_ignore_ascii_case(MFA_KEY)));
                if let (Effect::Deny, true, ActionList::NotAction(list)) =
                    (s.effect, mfa, &s.action)
                {
                    out.extend(list.iter().cloned());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// IAM120 for dana, in a group whose Allows all need MFA, with an inline Allow of
    /// `action` on `*`.
    fn finding_with_inline(action: &str) -> Option<Diagnostic> {
        let mfa = json!({"Bool": {"aws:MultiFactorAuthPresent": "true"}});
        let group: Group = serde_json::from_value(json!({"name": "mfa-only", "inline_policies": {
            "all": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": mfa}}}}))
        .unwrap();
        let user: User = serde_json::from_value(json!({"name": "dana", "groups": ["mfa-only"], "inline_policies": {
            "extra": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": action, "Resource": "*"}}}}))
        .unwrap();
        let mut account = AccountIam::default();
        account.groups.insert(group.name.clone(), group);
        account.users.insert(user.name.clone(), user);
        let user = &account.users["dana"];
        check_user(
            &account,
            user,
            None,
            &BTreeMap::new(),
            &mut ActionSetCache::default(),
        )
    }

    // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html:
    // it needs no permissions, so allowing it is no way around an MFA requirement.
    #[test]
    fn an_action_that_needs_no_permissions_is_not_acting_without_mfa() {
        assert!(finding_with_inline("sts:GetCallerIdentity").is_none());
        let found = finding_with_inline("s3:ListAllMyBuckets").expect("IAM120");
        assert!(
            found.message.contains("s3:ListAllMyBuckets"),
            "{}",
            found.message
        );
    }
}

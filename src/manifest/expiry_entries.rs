//! Every `expires:` of one account's definitions, as [`Expiry`] entries naming what they
//! end (attachments by the ARN they resolve to). References that do not resolve are
//! reported by the resolver and skipped here.

use crate::model::{EntityKind, EntityRef, Expiry, ExpiryTarget};

use super::document::InlinePoliciesSpec;
use super::expires::{Expires, ExpiringName};
use super::links::ResolvedLink;
use super::located::Located;
use super::resolve::AccountContext;

/// The `expires:` entries of the account `cx` resolves.
pub fn account_expiries(cx: &AccountContext<'_, '_>) -> Vec<Expiry> {
    let mut out = Vec::new();
    let mut push = |target: ExpiryTarget, expires: &Located<Expires>| {
        out.push(Expiry {
            account: cx.name.to_string(),
            target,
            at: expires.value.0,
            span: expires.span.clone(),
        });
    };
    let entity = |kind, name: &str| ExpiryTarget::Entity {
        entity: EntityRef::new(kind, name),
    };
    let a = cx.account;
    for (name, d) in &a.policies {
        if let Some(e) = &d.spec.expires {
            push(entity(EntityKind::Policy, name), e);
        }
    }
    for (name, d) in &a.users {
        if let Some(e) = &d.spec.expires {
            push(entity(EntityKind::User, name), e);
        }
        for g in d.spec.groups.iter().flatten() {
            if let Some(e) = &g.expires {
                let target = ExpiryTarget::Membership {
                    user: name.clone(),
                    group: g.name.value.clone(),
                };
                push(target, e);
            }
        }
    }
    for (name, d) in &a.roles {
        if let Some(e) = &d.spec.expires {
            push(entity(EntityKind::Role, name), e);
            if d.spec.instance_profile.as_ref().is_some_and(|p| p.value) {
                push(entity(EntityKind::InstanceProfile, name), e);
            }
        }
    }
    let holders = a
        .users
        .iter()
        .map(|(n, d)| {
            (
                EntityKind::User,
                n,
                &d.spec.policies,
                &d.spec.inline_policies,
            )
        })
        .chain(a.groups.iter().map(|(n, d)| {
            (
                EntityKind::Group,
                n,
                &d.spec.policies,
                &d.spec.inline_policies,
            )
        }))
        .chain(a.roles.iter().map(|(n, d)| {
            (
                EntityKind::Role,
                n,
                &d.spec.policies,
                &d.spec.inline_policies,
            )
        }));
    for (kind, name, policies, inline) in holders {
        let holder = EntityRef::new(kind, name.clone());
        for (target, e) in attachment_expiries(cx, &holder, policies.as_ref()) {
            push(target, e);
        }
        for (target, e) in inline_expiries(&holder, inline.as_ref()) {
            push(target, e);
        }
    }
    out
}

fn attachment_expiries<'s>(
    cx: &AccountContext<'_, '_>,
    holder: &EntityRef,
    list: Option<&'s Vec<ExpiringName>>,
) -> Vec<(ExpiryTarget, &'s Located<Expires>)> {
    let resolver = cx.policies();
    list.iter()
        .copied()
        .flatten()
        .filter_map(|p| {
            let e = p.expires.as_ref()?;
            let policy_arn = resolver.resolve(&p.name).ok()?;
            let target = ExpiryTarget::Attachment {
                holder: holder.clone(),
                policy_arn,
            };
            Some((target, e))
        })
        .collect()
}

fn inline_expiries<'s>(
    holder: &EntityRef,
    spec: Option<&'s InlinePoliciesSpec>,
) -> Vec<(ExpiryTarget, &'s Located<Expires>)> {
    spec.iter()
        .flat_map(|s| s.iter())
        .filter_map(|(name, entry)| {
            let e = entry.value.expires.as_ref()?;
            let target = ExpiryTarget::InlinePolicy {
                holder: holder.clone(),
                policy_name: name.value.clone(),
            };
            Some((target, e))
        })
        .collect()
}

/// The `expires:` of each link, in the account of its target role.
pub fn link_expiries(links: &[ResolvedLink]) -> Vec<Expiry> {
    links
        .iter()
        .filter_map(|r| {
            let e = r.expires.as_ref()?;
            Some(Expiry {
                account: r.link.to_account.clone(),
                target: ExpiryTarget::Link {
                    name: r.link.name.clone(),
                },
                at: e.value.0,
                span: e.span.clone(),
            })
        })
        .collect()
}

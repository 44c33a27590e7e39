//! Roles (trust, session duration, attachments) and instance profiles, including the
//! ones roles create with `instance_profile: true`.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Diagnostic, Span};
use crate::model::{
    DEFAULT_MAX_SESSION_DURATION, EntityKind, EntityMeta, EntityRef, InstanceProfile,
    PolicyDocument, Role,
};

use super::decode::closest;
use super::documents::{inline_policies, load_document};
use super::located::Checked;
use super::name_rules::check_description;
use super::policy_check::{ROLE_INLINE_LIMIT, TRUST_POLICY_LIMIT, check_size, policy_size};
use super::resolve::{AccountContext, attachments, boundary, entity_path, merged_tags};
use super::trust::{TrustContext, trust_document};

/// The roles of the account.
pub fn roles(cx: &AccountContext<'_, '_>, sink: &mut Vec<Diagnostic>) -> BTreeMap<String, Role> {
    let mut out = BTreeMap::new();
    for (name, d) in &cx.account.roles {
        let spec = d.spec;
        let path = entity_path(spec.path.as_ref(), sink);
        if let Some(desc) = &spec.description {
            sink.extend(check_description(desc));
        }
        let trust = match (&spec.trust, &spec.assume_role_policy) {
            // Present but invalid: already reported.
            (Some(Checked::Invalid), _) | (_, Some(Checked::Invalid)) => None,
            (Some(Checked::Valid(entries)), None) => {
                let tcx = TrustContext {
                    project: cx.project,
                    index: cx.index,
                    role_account: cx.name,
                };
                let at = entries.first().map_or(&d.name.span, |e| &e.span).clone();
                trust_document(entries, &tcx, sink).map(|doc| (doc, at))
            }
            (None, Some(Checked::Valid(raw))) => load_document(raw, sink),
            (Some(_), Some(Checked::Valid(raw))) => {
                sink.push(
                    Diagnostic::error(Some(raw.span.clone()), format!("role `{name}` sets both `trust` and `assume_role_policy`"))
                        .with_help("keep one: `trust` entries generate the policy, `assume_role_policy` is written by hand"),
                );
                None
            }
            (None, None) => {
                sink.push(
                    Diagnostic::error(
                        Some(d.name.span.clone()),
                        format!("role `{name}` has no `trust` or `assume_role_policy`"),
                    )
                    .with_help(
                        "say who may assume the role, e.g. `trust: [{service: ec2.amazonaws.com}]`",
                    ),
                );
                None
            }
        };
        let Some((trust_policy, trust_at)) = trust else {
            continue;
        };
        let help = "shorten the trust policy, or request a higher \"Role trust policy length\" quota (up to 4096)";
        sink.extend(check_size(
            policy_size(&trust_policy),
            TRUST_POLICY_LIMIT,
            &trust_at,
            &format!("trust policy of role `{name}`"),
            help,
        ));
        out.insert(
            name.clone(),
            Role {
                name: name.clone(),
                path,
                description: spec.description.as_ref().map(|d| d.value.clone()),
                max_session_duration: spec
                    .max_session_duration
                    .as_ref()
                    .map_or(DEFAULT_MAX_SESSION_DURATION, |m| m.value.0),
                trust_policy: PolicyDocument(trust_policy),
                permissions_boundary: boundary(cx, spec.permissions_boundary.as_ref(), sink),
                managed_policies: attachments(cx, spec.policies.as_ref(), d.name, "role", sink),
                inline_policies: inline_policies(
                    spec.inline_policies.as_ref(),
                    ROLE_INLINE_LIMIT,
                    d.name,
                    "role",
                    sink,
                ),
                tags: merged_tags(cx.project, spec.tags.as_ref(), d.name, "role", sink),
                meta: EntityMeta::default(),
            },
        );
    }
    out
}

/// Instance profiles written under `instance_profiles` and created by roles.
pub fn instance_profiles(
    cx: &AccountContext<'_, '_>,
    origins: &mut BTreeMap<EntityRef, Span>,
    sink: &mut Vec<Diagnostic>,
) -> BTreeMap<String, InstanceProfile> {
    let mut out = BTreeMap::new();
    let mut folded: BTreeMap<String, Span> = BTreeMap::new();
    for (name, d) in &cx.account.instance_profiles {
        let spec = d.spec;
        let listed = spec.roles.as_deref().unwrap_or_default();
        if let Some(extra) = listed.get(1) {
            sink.push(
                Diagnostic::error(
                    Some(extra.span.clone()),
                    format!(
                        "instance profile `{name}` lists {} roles; it can hold only one",
                        listed.len()
                    ),
                )
                .with_help("create one instance profile per role"),
            );
        }
        let mut roles = BTreeSet::new();
        for role in listed {
            if cx.account.roles.contains_key(&role.value) {
                roles.insert(role.value.clone());
                continue;
            }
            let diag = Diagnostic::error(
                Some(role.span.clone()),
                format!("no role `{}` in account `{}`", role.value, cx.name),
            );
            sink.push(
                match closest(&role.value, cx.account.roles.keys().map(String::as_str)) {
                    Some(best) => diag.with_help(format!("did you mean `{best}`?")),
                    None => diag.with_help(format!(
                        "define the role under `roles:` in account `{}`",
                        cx.name
                    )),
                },
            );
        }
        folded.insert(name.to_lowercase(), d.name.span.clone());
        origins.insert(
            EntityRef::new(EntityKind::InstanceProfile, name.clone()),
            d.name.span.clone(),
        );
        out.insert(
            name.clone(),
            InstanceProfile {
                name: name.clone(),
                path: entity_path(spec.path.as_ref(), sink),
                roles,
                tags: merged_tags(
                    cx.project,
                    spec.tags.as_ref(),
                    d.name,
                    "instance profile",
                    sink,
                ),
                meta: EntityMeta::default(),
            },
        );
    }
    for (name, d) in &cx.account.roles {
        let Some(flag) = d.spec.instance_profile.as_ref().filter(|f| f.value) else {
            continue;
        };
        if let Some(first) = folded.get(&name.to_lowercase()) {
            sink.push(
                Diagnostic::error(
                    Some(flag.span.clone()),
                    format!("role `{name}` creates instance profile `{name}`, which is also defined under instance_profiles"),
                )
                .with_related(first.clone(), "defined here")
                .with_help("remove `instance_profile: true`, or the instance_profiles entry"),
            );
            continue;
        }
        origins.insert(
            EntityRef::new(EntityKind::InstanceProfile, name.clone()),
            flag.span.clone(),
        );
        out.insert(
            name.clone(),
            InstanceProfile {
                name: name.clone(),
                path: d
                    .spec
                    .path
                    .as_ref()
                    .map_or("/", |p| p.value.as_str())
                    .to_string(),
                roles: BTreeSet::from([name.clone()]),
                tags: merged_tags(
                    cx.project,
                    d.spec.tags.as_ref(),
                    d.name,
                    "instance profile",
                    &mut Vec::new(),
                ),
                meta: EntityMeta::default(),
            },
        );
    }
    out
}

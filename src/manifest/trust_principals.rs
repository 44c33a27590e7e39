//! The AWS principals of a trust entry: service principals, whole accounts, and roles
//! and users by name, all in the trusting role's partition.

use crate::arn;
use crate::arn::is_account_id;
use crate::diagnostic::Diagnostic;

use super::decode::closest;
use super::located::Located;
use super::project_config::unknown_account;
use super::trust::TrustContext;
use super::trust_spec::TrustEntry;

pub(super) fn services(e: &TrustEntry, sink: &mut Vec<Diagnostic>) -> Vec<String> {
    let all = e.service.iter().chain(e.services.iter().flatten());
    let mut out = Vec::new();
    for s in all {
        let v = &s.value;
        if v.ends_with(".amazonaws.com") || v.ends_with(".amazonaws.com.cn") {
            out.push(v.clone());
        } else {
            sink.push(
                Diagnostic::error(
                    Some(s.span.clone()),
                    format!("`{v}` is not an AWS service principal"),
                )
                .with_help("service principals look like `ec2.amazonaws.com`"),
            );
        }
    }
    out
}

/// The account id a trust entry names: a manifest account or a literal 12-digit id.
pub(super) fn account_id(
    name: &Located<String>,
    cx: &TrustContext<'_, '_>,
    sink: &mut Vec<Diagnostic>,
) -> Option<String> {
    if let Some(a) = cx.project.accounts.get(&name.value) {
        if a.partition != cx.partition() {
            sink.push(
                Diagnostic::error(
                    Some(name.span.clone()),
                    format!(
                        "account `{}` is in partition `{}`, but this role is in `{}`",
                        name.value,
                        a.partition,
                        cx.partition()
                    ),
                )
                .with_help("a role can only trust principals of its own partition"),
            );
            return None;
        }
        return Some(a.id.clone());
    }
    if is_account_id(&name.value) {
        return Some(name.value.clone());
    }
    sink.push(unknown_account(name, cx.project));
    None
}

pub(super) fn principal_arns(
    e: &TrustEntry,
    cx: &TrustContext<'_, '_>,
    sink: &mut Vec<Diagnostic>,
) -> Vec<String> {
    // Principals live in the named account, or the trusting role's own account.
    let (manifest_account, id) = match &e.account {
        None => (
            Some(cx.role_account.to_string()),
            cx.project
                .accounts
                .get(cx.role_account)
                .map(|a| a.id.clone()),
        ),
        Some(a) if cx.project.accounts.contains_key(&a.value) => {
            (Some(a.value.clone()), account_id(a, cx, sink))
        }
        Some(a) => (None, account_id(a, cx, sink)),
    };
    let Some(id) = id else { return Vec::new() };
    let mut out = Vec::new();
    let kinds = [("role", &e.roles), ("user", &e.users)];
    for (kind, names) in kinds {
        for name in names.iter().flatten() {
            let Some(account) = &manifest_account else {
                // An external account: iamform cannot see its paths, so `/` is assumed.
                out.push(arn::iam_entity(cx.partition(), &id, kind, "/", &name.value));
                continue;
            };
            let defined = &cx.index.accounts[account];
            let path = if kind == "role" {
                defined.roles.get(&name.value).map(|d| d.spec.path.as_ref())
            } else {
                defined.users.get(&name.value).map(|d| d.spec.path.as_ref())
            };
            match path {
                Some(p) => out.push(arn::iam_entity(
                    cx.partition(),
                    &id,
                    kind,
                    p.map_or("/", |p| p.value.as_str()),
                    &name.value,
                )),
                None => {
                    let known: Vec<&str> = if kind == "role" {
                        defined.roles.keys().map(String::as_str).collect()
                    } else {
                        defined.users.keys().map(String::as_str).collect()
                    };
                    let d = Diagnostic::error(
                        Some(name.span.clone()),
                        format!(
                            "trusted {kind} `{}` is not defined in account `{account}`",
                            name.value
                        ),
                    );
                    sink.push(match closest(&name.value, known.into_iter()) {
                        Some(best) => d.with_help(format!("did you mean `{best}`?")),
                        None => d.with_help(format!(
                            "define the {kind} in account `{account}`, or trust an external account by its 12-digit id"
                        )),
                    });
                }
            }
        }
    }
    out
}

//! A `federated:` trust entry: a SAML or OIDC provider ARN in the role's partition, or
//! an OIDC host meaning the provider of the role's own account, and the action each
//! federation assumes with.

use crate::arn::{self, Arn};
use crate::diagnostic::Diagnostic;

use super::located::Located;
use super::trust::TrustContext;

/// The provider ARN and the action (`sts:AssumeRoleWithSAML` or
/// `sts:AssumeRoleWithWebIdentity`), or `None` after reporting the problem.
pub(super) fn federated_principal(
    federated: &Located<String>,
    cx: &TrustContext<'_, '_>,
    sink: &mut Vec<Diagnostic>,
) -> Option<(String, &'static str)> {
    let v = &federated.value;
    let help = "write a provider ARN (…:saml-provider/NAME or …:oidc-provider/HOST) or an OIDC host such as token.actions.githubusercontent.com";
    if v.starts_with("arn:") {
        let action = match Arn::parse(v) {
            Ok(a) if a.partition != cx.partition() => {
                sink.push(
                    Diagnostic::error(
                        Some(federated.span.clone()),
                        format!(
                            "`{v}` is in partition `{}`, but this role is in `{}`",
                            a.partition,
                            cx.partition()
                        ),
                    )
                    .with_help("a role can only trust identity providers of its own partition"),
                );
                return None;
            }
            Ok(a) if a.service == "iam" && a.resource.starts_with("saml-provider/") => {
                "sts:AssumeRoleWithSAML"
            }
            Ok(a) if a.service == "iam" && a.resource.starts_with("oidc-provider/") => {
                "sts:AssumeRoleWithWebIdentity"
            }
            Ok(_) => {
                sink.push(
                    Diagnostic::error(
                        Some(federated.span.clone()),
                        format!("`{v}` is not an identity provider ARN"),
                    )
                    .with_help(help),
                );
                return None;
            }
            Err(e) => {
                sink.push(
                    Diagnostic::error(Some(federated.span.clone()), e.to_string()).with_help(help),
                );
                return None;
            }
        };
        return Some((v.clone(), action));
    }
    if v.is_empty() || v.contains("://") || v.contains(char::is_whitespace) {
        sink.push(
            Diagnostic::error(
                Some(federated.span.clone()),
                format!("`{v}` is not a provider ARN or host"),
            )
            .with_help(help),
        );
        return None;
    }
    let id = &cx.project.accounts.get(cx.role_account)?.id;
    Some((
        arn::iam_entity(cx.partition(), id, "oidc-provider", "/", v),
        "sts:AssumeRoleWithWebIdentity",
    ))
}

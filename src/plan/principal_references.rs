//! Identity Store groups and users the Identity Center assignments name must exist: an
//! assignment to a missing one fails in the middle of an apply, so the plan refuses it
//! up front, located at the name.

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{AccountIam, DesiredState};

/// One error per assignment naming a group or user the Identity Store does not hold, as
/// the read of the account holding the instance (`actual`, by account name) found.
/// Backends that know no Identity Store (the fake, a state file) report none missing.
pub fn missing_principals(
    desired: &DesiredState,
    actual: &BTreeMap<String, AccountIam>,
) -> Diagnostics {
    let mut diagnostics = Vec::new();
    for (name, account) in &desired.accounts {
        let Some(read) = actual.get(name).and_then(|a| a.identity_center.as_ref()) else {
            continue;
        };
        if read.missing_principals.is_empty() {
            continue;
        }
        let store = read
            .identity_store_id
            .as_deref()
            .unwrap_or("of the instance");
        for reference in &account.identity_principals {
            if !read.missing_principals.contains(&reference.principal) {
                continue;
            }
            let kind = reference.principal.principal_type.noun();
            let attribute = match reference.principal.principal_type {
                crate::model::PrincipalType::Group => "display name",
                crate::model::PrincipalType::User => "user name",
            };
            diagnostics.push(
                Diagnostic::error(
                    Some(reference.span.clone()),
                    format!(
                        "assignment names {kind} `{}`, which the Identity Store {store} of \
                         account `{name}` ({}) does not hold",
                        reference.principal.name, account.config.id
                    ),
                )
                .with_help(format!(
                    "create the {kind} in the Identity Store (or in the identity source that \
                     syncs to it), or fix the name: a {kind} is named by its {attribute}"
                )),
            );
        }
    }
    let mut diagnostics = Diagnostics(diagnostics);
    diagnostics.sort();
    diagnostics
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use crate::diagnostic::Span;
    use crate::model::{IdentityCenter, Principal, PrincipalReference, PrincipalType};

    fn reference(kind: PrincipalType, name: &str, line: u32) -> PrincipalReference {
        PrincipalReference {
            principal: Principal {
                principal_type: kind,
                name: name.into(),
            },
            span: Span::new(Arc::new(PathBuf::from("identity_center.yaml")), line, 5, 8),
        }
    }

    #[test]
    fn only_the_names_the_store_lacks_are_errors_at_their_place() {
        let mut desired = crate::diff::tests::fixtures::desired_accounts(
            vec![("management", "111111111111", AccountIam::default())],
            crate::model::Scope::default(),
        );
        if let Some(account) = desired.accounts.get_mut("management") {
            account.identity_principals = vec![
                reference(PrincipalType::Group, "platform", 3),
                reference(PrincipalType::User, "alice", 4),
            ];
        }
        let mut read = AccountIam::default();
        let mut ic = IdentityCenter {
            identity_store_id: Some("d-1234567890".into()),
            ..IdentityCenter::default()
        };
        let mut actual = BTreeMap::new();
        read.identity_center = Some(ic.clone());
        actual.insert("management".to_string(), read.clone());
        assert!(missing_principals(&desired, &actual).0.is_empty());

        ic.missing_principals
            .insert(reference(PrincipalType::User, "alice", 0).principal);
        read.identity_center = Some(ic);
        actual.insert("management".to_string(), read);
        let found = missing_principals(&desired, &actual).0;
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "assignment names user `alice`, which the Identity Store d-1234567890 of account \
             `management` (111111111111) does not hold"
        );
        assert_eq!(found[0].span.as_ref().map(|s| s.line), Some(4));
    }
}

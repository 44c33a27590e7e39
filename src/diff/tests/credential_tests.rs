//! Users' credential declarations: removals of what the manifest forbids, notes for
//! what iamform will not do itself.

use super::fixtures::*;
use crate::model::{AccessKeyInfo, AccessKeyRule, CredentialRules, UserCredentials};

fn key(id: &str, created: &str) -> AccessKeyInfo {
    AccessKeyInfo {
        id: id.into(),
        status: "Active".into(),
        created: Some(created.into()),
    }
}

fn accounts(
    rules: CredentialRules,
    creds: UserCredentials,
) -> (crate::model::AccountIam, crate::model::AccountIam) {
    let mut desired = prod();
    let mut d = user("alice");
    d.credential_rules = rules;
    desired.users.insert("alice".into(), d);
    let mut actual = prod();
    let mut a = user("alice");
    a.credential_state = Some(creds);
    actual.users.insert("alice".into(), a);
    (desired, actual)
}

fn both_keys() -> Vec<AccessKeyInfo> {
    vec![
        key("AKIAZZZ", "2024-05-01T00:00:00Z"),
        key("AKIAAAA", "2023-01-01T00:00:00Z"),
    ]
}

#[test]
fn forbidden_password_and_keys_are_removed() {
    let (desired, actual) = accounts(
        CredentialRules {
            console_access: Some(false),
            access_keys: Some(AccessKeyRule::None),
            mfa_required_for_console: true,
        },
        UserCredentials {
            login_profile: true,
            access_keys: both_keys(),
            mfa_devices: 0,
        },
    );
    let result = diff_prod(desired, actual, false);
    assert_eq!(
        described(&result),
        [
            "user alice: delete_login_profile",
            "user alice: delete_access_key AKIAAAA",
            "user alice: delete_access_key AKIAZZZ",
        ]
    );
    // The password goes, so there is no console sign-in left to want MFA for.
    assert!(result.warnings.is_empty(), "{:?}", result.warnings);
}

#[test]
fn what_iamform_will_not_do_is_a_note_not_a_change() {
    let (desired, actual) = accounts(
        CredentialRules {
            console_access: Some(true),
            access_keys: Some(AccessKeyRule::MaxOne),
            mfa_required_for_console: true,
        },
        UserCredentials {
            login_profile: false,
            access_keys: both_keys(),
            mfa_devices: 0,
        },
    );
    let result = diff_prod(desired, actual, false);
    assert!(described(&result).is_empty());
    assert_eq!(result.warnings.len(), 2, "{:?}", result.warnings);
    assert!(result.warnings[0].contains("prod: user alice has no console password"));
    assert!(result.warnings[1].contains(
        "2 access keys (AKIAAAA (Active, created 2023-01-01T00:00:00Z), AKIAZZZ (Active, \
         created 2024-05-01T00:00:00Z))"
    ));
}

#[test]
fn console_without_mfa_is_noted_and_satisfied_states_are_quiet() {
    let rules = CredentialRules {
        console_access: Some(true),
        access_keys: Some(AccessKeyRule::MaxOne),
        mfa_required_for_console: true,
    };
    let console = UserCredentials {
        login_profile: true,
        access_keys: vec![key("AKIAONE", "2024-01-01T00:00:00Z")],
        mfa_devices: 0,
    };
    let (desired, actual) = accounts(rules.clone(), console.clone());
    let result = diff_prod(desired, actual, false);
    assert!(described(&result).is_empty());
    assert!(
        matches!(&result.warnings[..], [w] if w.contains("without MFA")),
        "{:?}",
        result.warnings
    );
    let with_mfa = UserCredentials {
        mfa_devices: 1,
        ..console
    };
    let (desired, actual) = accounts(rules, with_mfa);
    let result = diff_prod(desired, actual, false);
    assert!(described(&result).is_empty() && result.warnings.is_empty());
}

#[test]
fn undeclared_credentials_are_left_alone() {
    let (desired, actual) = accounts(
        CredentialRules::default(),
        UserCredentials {
            login_profile: true,
            access_keys: both_keys(),
            mfa_devices: 0,
        },
    );
    let result = diff_prod(desired, actual, false);
    assert!(described(&result).is_empty() && result.warnings.is_empty());
}

#[test]
fn a_new_user_is_created_without_credentials() {
    let mut desired = prod();
    let mut d = user("bob");
    d.credential_rules.console_access = Some(true);
    desired.users.insert("bob".into(), d);
    let result = diff_prod(desired, prod(), false);
    assert_eq!(described(&result), ["user bob: create"]);
    assert!(result.warnings[0].contains("never creates passwords"));
    let crate::diff::Action::Create { entity } = &result.changes[0].action else {
        panic!("not a create");
    };
    let crate::model::Entity::User(created) = entity.as_ref() else {
        panic!("not a user");
    };
    assert!(created.credential_rules.is_empty());
}

//! The AWS backend's reads against [`super::stub_iam`]: `MaxItems` on every listing,
//! paging, and the SDK's retries of throttled reads.

use std::sync::Arc;

use super::read_retry::READ_ATTEMPTS;
use super::stub_iam::{StubIam, stub_account};
use crate::backend::{Backend, BackendError};

const GAAD: &str = "GetAccountAuthorizationDetails";

/// The `MaxItems` sent with each request of `operation`, in order.
fn max_items_of(backend: &super::AwsBackend, operation: &str) -> Vec<Option<u32>> {
    backend
        .sent_requests()
        .into_iter()
        .filter(|r| r.operation == operation)
        .map(|r| r.max_items)
        .collect()
}

/// Every listing that takes MaxItems asks for 1000, IAM's maximum; the three calls that
/// take none (they return everything at once) send none. MaxItems ranges from
/// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html,
/// API_ListRoles.html, API_ListInstanceProfiles.html and API_ListAccountAliases.html;
/// API_ListOpenIDConnectProviders.html, API_ListSAMLProviders.html and
/// API_GetAccountPasswordPolicy.html have no request parameter for it.
#[test]
fn every_listing_asks_for_the_largest_page() {
    let stub = Arc::new(StubIam::with_users(5));
    let backend = stub.backend();
    let iam = backend.read_account(&stub_account("100000000001")).unwrap();
    assert_eq!(iam.users.len(), 5);
    for op in [
        GAAD,
        "ListRoles",
        "ListInstanceProfiles",
        "ListAccountAliases",
    ] {
        assert_eq!(max_items_of(&backend, op), [Some(1000)], "{op}");
    }
    for op in [
        "ListOpenIDConnectProviders",
        "ListSAMLProviders",
        "GetAccountPasswordPolicy",
    ] {
        assert_eq!(max_items_of(&backend, op), [None], "{op}");
    }
    // A read is these seven calls, one request each.
    assert_eq!(backend.api_calls().len(), 7, "{:?}", backend.api_calls());
    assert_eq!(backend.api_calls().values().sum::<u64>(), 7);
}

/// 610 users: one GetAccountAuthorizationDetails page now that MaxItems is 1000, where
/// IAM's default page of 100 took seven.
#[test]
fn a_large_account_is_one_page() {
    let stub = Arc::new(StubIam::with_users(610));
    let backend = stub.backend();
    let iam = backend.read_account(&stub_account("100000000002")).unwrap();
    assert_eq!(iam.users.len(), 610);
    assert_eq!(backend.api_calls()[GAAD], 1);
}

/// IAM may return fewer items than MaxItems: the read follows the markers to the end.
#[test]
fn paging_follows_markers_across_several_pages() {
    let stub = Arc::new(StubIam {
        page_limit: Some(100),
        ..StubIam::with_users(610)
    });
    let backend = stub.backend();
    let iam = backend.read_account(&stub_account("100000000003")).unwrap();
    assert_eq!(iam.users.len(), 610);
    assert!(iam.users.contains_key("u0") && iam.users.contains_key("u609"));
    assert_eq!(max_items_of(&backend, GAAD), vec![Some(1000); 7]);
}

#[test]
fn a_throttled_read_is_retried_then_succeeds() {
    let stub = Arc::new(StubIam::with_users(3));
    stub.throttle(GAAD, 2);
    let backend = stub.backend();
    let iam = backend.read_account(&stub_account("100000000004")).unwrap();
    assert_eq!(iam.users.len(), 3);
    let attempts: Vec<u32> = backend
        .sent_requests()
        .into_iter()
        .filter(|r| r.operation == GAAD)
        .map(|r| r.attempt)
        .collect();
    assert_eq!(attempts, [1, 2, 3]);
}

#[test]
fn a_read_whose_retry_budget_is_spent_fails_with_one_sentence() {
    let stub = Arc::new(StubIam::with_users(3));
    stub.throttle(GAAD, 1_000);
    let backend = stub.backend();
    let err = backend
        .read_account(&stub_account("100000000005"))
        .unwrap_err();
    let BackendError::Throttled(text) = &err else {
        panic!("{err:?}")
    };
    assert!(
        text.starts_with(&format!(
            "IAM kept throttling {GAAD} for account prod (100000000005) through \
             {READ_ATTEMPTS} attempts"
        )),
        "{text}"
    );
    assert!(
        text.ends_with("read fewer accounts at once with --account"),
        "{text}"
    );
    assert_eq!(backend.api_calls()[GAAD], u64::from(READ_ATTEMPTS));
}

#[test]
fn the_caller_check_is_retried_as_a_read() {
    let stub = Arc::new(StubIam::default());
    stub.throttle("GetCallerIdentity", 1);
    let backend = stub.backend();
    let caller = backend
        .caller_identity(&stub_account("100000000006"))
        .unwrap()
        .unwrap();
    assert_eq!(caller.account_id, super::stub_iam::STUB_ACCOUNT);
    assert_eq!(backend.api_calls()["GetCallerIdentity"], 2);
}

/// Credentials are read for the declaring users only: one credential report for the
/// account, then a confirmation only where the report (which IAM may serve up to four
/// hours old) shows a password or keys, or does not list the user yet. The report's
/// columns are those of
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html.
#[test]
fn credentials_are_confirmed_only_where_the_report_shows_some() {
    use crate::model::{AccessKeyRule, CredentialRules};
    let header = "user,arn,user_creation_time,password_enabled,password_last_used,\
        password_last_changed,password_next_rotation,mfa_active,access_key_1_active,\
        access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,\
        access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,\
        access_key_2_last_used_date,access_key_2_last_used_region,\
        access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,\
        cert_2_last_rotated";
    let row = |user: &str, password: &str, key: &str, rotated: &str| {
        format!(
            "{user},arn:aws:iam::111111111111:user/{user},2024-01-01T00:00:00+00:00,\
             {password},N/A,N/A,N/A,false,{key},{rotated},N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,\
             false,N/A,false,N/A"
        )
    };
    let stub = Arc::new(StubIam {
        // stale: the report still shows the password and key removed since.
        credential_report: [
            header.to_string(),
            row("holder", "true", "true", "2024-01-01T00:00:00+00:00"),
            row("clean", "false", "false", "N/A"),
            row("stale", "true", "true", "2024-01-01T00:00:00+00:00"),
        ]
        .join("\n"),
        login_profiles: vec!["holder".into(), "newcomer".into()],
        access_keys: [
            ("holder".to_string(), vec!["AKIAHOLDER".to_string()]),
            ("newcomer".to_string(), vec!["AKIANEW".to_string()]),
        ]
        .into(),
        ..StubIam::default()
    });
    let backend = stub.backend();
    let rules = CredentialRules {
        console_access: Some(false),
        access_keys: Some(AccessKeyRule::None),
        mfa_required_for_console: false,
    };
    let users = ["holder", "clean", "stale", "newcomer"]
        .map(|u| (u.to_string(), rules.clone()))
        .into();
    let read = backend
        .read_credentials(&stub_account("100000000006"), &users)
        .unwrap();
    let summary: Vec<(&str, bool, Vec<&str>)> = read
        .iter()
        .map(|(name, c)| {
            let keys = c.access_keys.iter().map(|k| k.id.as_str()).collect();
            (name.as_str(), c.login_profile, keys)
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("clean", false, vec![]),
            ("holder", true, vec!["AKIAHOLDER"]),
            ("newcomer", true, vec!["AKIANEW"]),
            ("stale", false, vec![]),
        ]
    );
    let calls = backend.api_calls();
    assert_eq!(calls["GetCredentialReport"], 1, "{calls:?}");
    // holder, stale (reported) and newcomer (not in the report yet); never clean.
    assert_eq!(calls["GetLoginProfile"], 3, "{calls:?}");
    assert_eq!(calls["ListAccessKeys"], 3, "{calls:?}");
    assert!(!calls.contains_key("ListMFADevices"), "{calls:?}");
    assert_eq!(max_items_of(&backend, "ListAccessKeys"), [Some(1000); 3]);
}

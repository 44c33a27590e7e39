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

//! The multi-account example applied to the fake backend with eventual consistency: a
//! role created in one account is not yet visible to the trust policy in another.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Duration;

use iamform::apply::{self, ApplyEvent, ApplyOptions, RetryPolicy};
use iamform::backend::BackendError;
use iamform::backend::fake::{FakeBackend, FaultConfig};
use iamform::backend::memory_iam::MemoryIam;
use iamform::diff::Action;
use iamform::model::AccountIam;
use iamform::plan::PlannedChange;

#[test]
fn cross_account_trust_rides_out_propagation_delay() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/multi-account");
    let desired = iamform::manifest::load(&dir, iamform::model::UtcTime { unix: 0 })
        .expect("the example is valid");
    let mut iam = MemoryIam::with_seed(11);
    for account in desired.accounts.values() {
        iam.insert_account(AccountIam::new(account.config.id.clone()));
    }
    let plan = iamform::plan::build(&desired, &BTreeMap::new()).unwrap();
    assert_eq!(plan.links.len(), 3);
    // A new principal stays invisible for as many calls as the whole plan makes, so the
    // trust naming it is rejected at least once whatever order the workers run in.
    let window = plan.changes.len() as u32;
    let fake = FakeBackend::new(iam).with_faults(FaultConfig {
        propagation_calls: u64::from(window),
        ..FaultConfig::default()
    });

    let options = ApplyOptions {
        parallelism: 4,
        retry: RetryPolicy {
            max_attempts: 2 * window + 10,
            base_delay: Duration::from_micros(200),
            max_delay: Duration::from_millis(2),
            propagation_window: Duration::from_secs(5),
        },
        seed: Some(3),
        accounts: desired
            .accounts
            .values()
            .map(|a| a.config.clone())
            .collect(),
        ..ApplyOptions::default()
    };
    let mut events = Vec::new();
    let report = apply::execute(&plan, &fake, &options, &mut |e| events.push(e)).unwrap();
    assert!(report.is_success(), "{report:?}");
    assert!(
        events.iter().any(|e| matches!(
            e,
            ApplyEvent::Retrying { error, .. } if error.may_be_propagation()
        )),
        "propagation delays were injected, so some change must have waited"
    );
    let after: BTreeMap<String, AccountIam> = desired
        .accounts
        .iter()
        .map(|(name, a)| (name.clone(), fake.snapshot(&a.config.id)))
        .collect();
    let again = iamform::plan::build(&desired, &after).unwrap();
    assert!(again.is_empty(), "{:#?}", again.changes);
    assert!(again.links.is_empty() && again.warnings.is_empty());
}

/// The trust half in prod, written right after its principal was created in identity, is
/// rejected as an invalid principal until IAM has propagated the role, then succeeds.
#[test]
fn trust_naming_a_new_principal_in_another_account_waits_for_it() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/multi-account");
    let desired = iamform::manifest::load(&dir, iamform::model::UtcTime { unix: 0 })
        .expect("the example is valid");
    let full = iamform::plan::build(&desired, &BTreeMap::new()).unwrap();
    let ci_arn = format!(
        "arn:aws:iam::{}:role/ci",
        desired.accounts["identity"].config.id
    );
    let create_ci = full
        .changes
        .iter()
        .find(|c| {
            c.change.account.name == "identity"
                && c.change.target.name == "ci"
                && matches!(c.change.action, Action::Create { .. })
        })
        .expect("the plan creates role ci");
    let trust_naming_ci = full
        .changes
        .iter()
        .find(|c| {
            c.change.account.name != "identity"
                && serde_json::to_string(&c.change.action)
                    .unwrap()
                    .contains(&ci_arn)
        })
        .expect("a trust policy in another account names role ci");
    // Two changes, the second after the first: the second's first call is within the window.
    let mut plan = full.clone();
    plan.changes = vec![
        PlannedChange {
            id: 0,
            change: create_ci.change.clone(),
            depends_on: Vec::new(),
            expired: None,
        },
        PlannedChange {
            id: 1,
            change: trust_naming_ci.change.clone(),
            depends_on: vec![0],
            expired: None,
        },
    ];
    let mut iam = MemoryIam::with_seed(5);
    for account in desired.accounts.values() {
        iam.insert_account(AccountIam::new(account.config.id.clone()));
    }
    let fake = FakeBackend::new(iam).with_faults(FaultConfig {
        propagation_calls: 3,
        ..FaultConfig::default()
    });
    let options = ApplyOptions {
        retry: RetryPolicy {
            max_attempts: 10,
            base_delay: Duration::from_micros(100),
            max_delay: Duration::from_millis(1),
            propagation_window: Duration::from_secs(5),
        },
        seed: Some(1),
        accounts: desired
            .accounts
            .values()
            .map(|a| a.config.clone())
            .collect(),
        ..ApplyOptions::default()
    };
    let mut events = Vec::new();
    let report = apply::execute(&plan, &fake, &options, &mut |e| events.push(e)).unwrap();
    assert!(report.is_success(), "{report:?}");
    let invalid_principals: Vec<&String> = events
        .iter()
        .filter_map(|e| match e {
            ApplyEvent::Retrying {
                id: 1,
                error: BackendError::MalformedPolicy(m),
                ..
            } => Some(m),
            _ => None,
        })
        .collect();
    assert!(
        invalid_principals.iter().any(|m| m.contains(&ci_arn)),
        "the trust in prod waited for the role in identity: {invalid_principals:?}"
    );
}

/// `apply --account-parallelism 1`: changes of one account at a time, whatever
/// `--parallelism` allows, and the whole plan still applies in dependency order.
#[test]
fn one_account_at_a_time_when_the_account_bound_is_one() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/multi-account");
    let desired = iamform::manifest::load(&dir, iamform::model::UtcTime { unix: 0 })
        .expect("the example is valid");
    let plan = iamform::plan::build(&desired, &BTreeMap::new()).unwrap();
    let accounts: BTreeSet<&str> = plan
        .changes
        .iter()
        .map(|c| c.change.account.name.as_str())
        .collect();
    assert_eq!(accounts.len(), 3);
    for bound in [1, 2] {
        let mut iam = MemoryIam::with_seed(7);
        for account in desired.accounts.values() {
            iam.insert_account(AccountIam::new(account.config.id.clone()));
        }
        // Calls take long enough that changes of several accounts would overlap.
        let fake = FakeBackend::new(iam).with_faults(FaultConfig {
            latency: Duration::from_millis(2),
            ..FaultConfig::default()
        });
        let options = ApplyOptions {
            parallelism: 8,
            account_parallelism: bound,
            accounts: desired
                .accounts
                .values()
                .map(|a| a.config.clone())
                .collect(),
            ..ApplyOptions::default()
        };
        let account_of = |id: usize| plan.changes[id].change.account.name.clone();
        let mut running: BTreeMap<String, usize> = BTreeMap::new();
        let mut most = 0;
        let report = apply::execute(&plan, &fake, &options, &mut |e| match e {
            ApplyEvent::Started { id, .. } => {
                *running.entry(account_of(id)).or_default() += 1;
                most = most.max(running.len());
            }
            ApplyEvent::Succeeded { id, .. } | ApplyEvent::Failed { id, .. } => {
                let account = account_of(id);
                let left = running.get_mut(&account).expect("started first");
                *left -= 1;
                if *left == 0 {
                    running.remove(&account);
                }
            }
            _ => {}
        })
        .unwrap();
        assert!(report.is_success(), "{report:?}");
        assert_eq!(report.done.len(), plan.changes.len());
        assert!(
            (1..=bound).contains(&most),
            "{most} accounts changed at once with a bound of {bound}"
        );
    }
}

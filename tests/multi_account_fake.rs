//! The multi-account example applied to the fake backend with eventual consistency: a
//! role created in one account is not yet visible to the trust policy in another.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use iamform::apply::{self, ApplyEvent, ApplyOptions, RetryPolicy};
use iamform::backend::BackendError;
use iamform::backend::fake::{FakeBackend, FaultConfig};
use iamform::backend::memory_iam::MemoryIam;
use iamform::model::AccountIam;

#[test]
fn cross_account_trust_rides_out_propagation_delay() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/multi-account");
    let desired = iamform::manifest::load(&dir).expect("the example is valid");
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
    let invalid_principals: Vec<String> = events
        .iter()
        .filter_map(|e| match e {
            ApplyEvent::Retrying {
                error: BackendError::MalformedPolicy(m),
                ..
            } => Some(m.clone()),
            _ => None,
        })
        .collect();
    let ci_arn = format!(
        "arn:aws:iam::{}:role/ci",
        desired.accounts["identity"].config.id
    );
    assert!(
        invalid_principals.iter().any(|m| m.contains(&ci_arn)),
        "the trust in prod waited for the role in identity: {invalid_principals:?}"
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

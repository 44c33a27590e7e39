//! `account_settings.service_linked_roles` offline (fake backend through a state file):
//! created when missing, converged, and deleted only with the explicit opt-in.

use crate::support::offline_cli::{iamform, temp_copy};

const APPLY: [&str; 4] = ["apply", "--state", "state.json", "--auto-approve"];

#[test]
fn service_linked_roles_are_ensured_and_pruned_only_on_request() {
    let (_guard, dir) = temp_copy("tests/fixtures/workflows/federation");
    let settings = dir.join("settings.yaml");
    std::fs::write(
        &settings,
        "account: main\naccount_settings:\n  service_linked_roles: [elasticbeanstalk.amazonaws.com, autoscaling.amazonaws.com]\n",
    )
    .unwrap();
    std::fs::write(dir.join("roles.yaml"), "account: main\n").unwrap();
    std::fs::write(dir.join("providers.yaml"), "account: main\n").unwrap();
    let create = iamform(&dir, &["plan", "--state", "state.json"]);
    crate::assert_run_snapshot!("service_linked_role_create_plan", create);
    assert_eq!(iamform(&dir, &APPLY).code, 0);
    let again = iamform(
        &dir,
        &["plan", "--state", "state.json", "--detailed-exitcode"],
    );
    assert_eq!(again.code, 0, "{}", again.stdout);

    // Unlisted, with scope.prune on: kept (and reported as AWS's), never deleted.
    std::fs::write(
        &settings,
        "account: main\naccount_settings:\n  service_linked_roles: [elasticbeanstalk.amazonaws.com]\n",
    )
    .unwrap();
    let config = dir.join("iamform.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("paths: [\"/\"]", "paths: [\"/\"]\n  prune: true"),
    )
    .unwrap();
    let kept = iamform(
        &dir,
        &["plan", "--state", "state.json", "--detailed-exitcode"],
    );
    assert_eq!(kept.code, 0, "{}", kept.stdout);

    std::fs::write(
        &settings,
        "account: main\naccount_settings:\n  service_linked_roles: [elasticbeanstalk.amazonaws.com]\n  prune_service_linked_roles: true\n",
    )
    .unwrap();
    let pruned = iamform(&dir, &["plan", "--state", "state.json"]);
    crate::assert_run_snapshot!("service_linked_role_prune_plan", pruned);
    assert_eq!(iamform(&dir, &APPLY).code, 0);
    let done = iamform(
        &dir,
        &["plan", "--state", "state.json", "--detailed-exitcode"],
    );
    assert_eq!(done.code, 0, "{}", done.stdout);
}

//! `expires:` end to end against moto (`scripts/test --test it e2e_moto_expiry::`): a
//! role expiring tomorrow is applied, then a clock set past its instant (`IAMFORM_NOW`,
//! no sleeping) plans its removal with pruning off, apply removes it, and nothing is left
//! to do.

use std::time::{SystemTime, UNIX_EPOCH};

use iamform::diff::Action;
use iamform::model::{EntityKind, EntityRef, UtcTime};

use crate::support::moto;
use crate::support::moto_project::{MotoProject, Run, run};

/// `args` with the clock at `now`.
fn run_at(project: &MotoProject, now: &str, args: &[&str]) -> Run {
    run(project.command().env("IAMFORM_NOW", now).args(args), "")
}

#[test]
fn a_role_expiring_tomorrow_is_removed_once_the_clock_passes_it() {
    let Some(endpoint) =
        moto::endpoint("a_role_expiring_tomorrow_is_removed_once_the_clock_passes_it")
    else {
        return;
    };
    let project = MotoProject::quickstart(&endpoint);
    // The quickstart keeps pruning off: the removal below is the expiry's doing.
    assert!(
        std::fs::read_to_string(project.path("iamform.yaml"))
            .unwrap()
            .contains("prune: false")
    );
    let today = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let tomorrow = UtcTime {
        unix: i64::try_from(today).unwrap() + 86_400,
    };
    let date = &tomorrow.to_string()[..10];
    std::fs::write(
        project.path("temporary.yaml"),
        format!(
            "roles:\n  incident-responder:\n    expires: {date}\n    trust: [{{service: ec2.amazonaws.com}}]\n"
        ),
    )
    .unwrap();
    let applied = project.apply();
    assert!(
        applied.stdout.contains("Apply complete"),
        "{}",
        applied.stdout
    );
    let role = project.sdk.iam.get_role().role_name("incident-responder");
    assert!(project.sdk.run(role.send()).is_ok(), "the role was created");

    // Valid through tomorrow: it ends at 00:00:00Z the day after.
    let instant = UtcTime::parse_expiry(date).unwrap().to_string();
    let plan = run_at(&project, &instant, &["plan", "--format", "json"])
        .expect_code(0)
        .plan();
    let removal: Vec<_> = plan
        .changes
        .iter()
        .map(|c| (c.change.target.clone(), &c.change.action, c.expired))
        .collect();
    assert_eq!(removal.len(), 1, "{removal:?}");
    assert_eq!(
        removal[0].0,
        EntityRef::new(EntityKind::Role, "incident-responder")
    );
    assert!(matches!(removal[0].1, Action::Delete { .. }));
    assert_eq!(removal[0].2.map(|t| t.to_string()), Some(instant.clone()));
    assert_eq!(plan.expiry.as_ref().unwrap().now.to_string(), instant);

    // A second earlier the role is still in force, announced as expiring.
    let before = UtcTime::parse_rfc3339(&instant).unwrap().unix - 1;
    let before = UtcTime { unix: before }.to_string();
    let quiet = run_at(&project, &before, &["plan", "--detailed-exitcode"]).expect_code(0);
    assert!(
        quiet.stdout.contains("expires in 1 day"),
        "{}",
        quiet.stdout
    );

    run_at(&project, &instant, &["apply", "--auto-approve"]).expect_code(0);
    let role = project.sdk.iam.get_role().role_name("incident-responder");
    assert!(project.sdk.run(role.send()).is_err(), "the role is gone");
    let again = run_at(&project, &instant, &["plan", "--detailed-exitcode"]).expect_code(0);
    assert!(again.stdout.contains("No changes"), "{}", again.stdout);
    assert!(
        again.stdout.contains("not in the account, so not created"),
        "{}",
        again.stdout
    );
}

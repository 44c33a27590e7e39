//! Drift made behind iamform's back with the SDK, seen by `plan` against moto and
//! repaired by `apply` (`scripts/test --test e2e_drift`).

use crate::support::moto;
use crate::support::moto_project::MotoProject;
use iamform::diff::Action;
use iamform::model::{EntityKind, EntityRef, Ownership};
use iamform::plan::Plan;
use serde_json::json;

/// The inline policy iamform did not write.
fn tampered_upload_policy() -> String {
    json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]
    })
    .to_string()
}

/// Detaches app-deploy from developers, rewrites ci-bot's inline policy, puts bob into
/// admins and creates a role no manifest defines.
fn drift(project: &MotoProject) {
    let sdk = &project.sdk;
    sdk.run(
        sdk.iam
            .detach_group_policy()
            .group_name("developers")
            .policy_arn(project.policy_arn("app-deploy"))
            .send(),
    )
    .expect("DetachGroupPolicy");
    sdk.run(
        sdk.iam
            .put_user_policy()
            .user_name("ci-bot")
            .policy_name("upload-builds")
            .policy_document(tampered_upload_policy())
            .send(),
    )
    .expect("PutUserPolicy");
    sdk.run(
        sdk.iam
            .add_user_to_group()
            .group_name("admins")
            .user_name("bob")
            .send(),
    )
    .expect("AddUserToGroup");
    let trust = json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                       "Action": "sts:AssumeRole"}]
    });
    sdk.run(
        sdk.iam
            .create_role()
            .role_name("hand-made")
            .assume_role_policy_document(trust.to_string())
            .send(),
    )
    .expect("CreateRole");
}

/// The plan's changes as (target, action) pairs, in plan order.
fn changes(plan: &Plan) -> Vec<(EntityRef, Action)> {
    plan.changes
        .iter()
        .map(|c| (c.change.target.clone(), c.change.action.clone()))
        .collect()
}

#[test]
fn drift_is_planned_exactly_then_pruned_and_repaired() {
    let Some(endpoint) = moto::endpoint("drift_is_planned_exactly_then_pruned_and_repaired") else {
        return;
    };
    let project = MotoProject::quickstart(&endpoint);
    project.apply();
    drift(&project);

    let plan = project.plan_json();
    let found = changes(&plan);
    assert_eq!(found.len(), 3, "exactly the three drifts: {found:#?}");
    assert!(found.contains(&(
        EntityRef::new(EntityKind::Group, "developers"),
        Action::AttachPolicy {
            policy_arn: project.policy_arn("app-deploy")
        }
    )));
    assert!(found.contains(&(
        EntityRef::new(EntityKind::User, "bob"),
        Action::RemoveUserFromGroup {
            group: "admins".into()
        }
    )));
    let inline_put = found
        .iter()
        .find(|(target, _)| *target == EntityRef::new(EntityKind::User, "ci-bot"))
        .map(|(_, action)| action);
    match inline_put {
        Some(Action::PutInlinePolicy {
            policy_name,
            before: Some(before),
            after,
        }) => {
            assert_eq!(policy_name, "upload-builds");
            assert_eq!(before.0["Statement"][0]["Action"], "s3:*", "{before:?}");
            let committed: serde_json::Value = serde_json::from_str(
                &std::fs::read_to_string(project.path("policies/ci-artifacts.json")).unwrap(),
            )
            .unwrap();
            assert!(
                iamform::policy::equivalent(&after.0, &committed),
                "the put restores the committed document: {after:?}"
            );
        }
        other => panic!("expected an inline put on ci-bot, got {other:?}"),
    }
    let hand_made = EntityRef::new(EntityKind::Role, "hand-made");
    let ignored: Vec<_> = plan
        .ignored
        .iter()
        .filter(|i| i.target == hand_made)
        .collect();
    assert_eq!(ignored.len(), 1, "{:#?}", plan.ignored);
    assert_eq!(ignored[0].ownership, Ownership::Unmanaged);
    assert!(found.iter().all(|(target, _)| *target != hand_made));
    project
        .snapshot_settings()
        .bind(|| insta::assert_snapshot!("drift_plan_text", project.run(&["plan"]).stdout));

    // The role sits at `/`, inside the scope: with pruning on, it is deleted.
    project.edit("iamform.yaml", "prune: false", "prune: true");
    let pruning = changes(&project.plan_json());
    assert_eq!(pruning.len(), 4, "{pruning:#?}");
    assert!(
        pruning
            .iter()
            .any(|(target, action)| *target == hand_made && matches!(action, Action::Delete { .. })),
        "{pruning:#?}"
    );

    project.apply();
    let converged = project.run(&["plan", "--detailed-exitcode"]).expect_code(0);
    assert!(
        converged.stdout.contains("No changes"),
        "{}",
        converged.stdout
    );
    let roles = project
        .sdk
        .run(project.sdk.iam.list_roles().send())
        .expect("ListRoles");
    assert!(roles.roles().iter().all(|r| r.role_name() != "hand-made"));
}

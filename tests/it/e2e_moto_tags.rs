//! Tags of customer-managed policies and instance profiles against moto
//! (`scripts/test --test it e2e_moto_tags::`): no listing returns them, so the read asks
//! for them one entity at a time (ListPolicyTags, GetInstanceProfile), for the entities
//! the manifests define only. A tag changed behind iamform's back shows in the plan, and
//! apply puts it back.

use crate::support::moto;
use crate::support::moto_project::MotoProject;
use aws_sdk_iam::types::Tag;

fn tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build().expect("a tag")
}

/// The policy's tags as the SDK reads them, sorted.
fn policy_tags(project: &MotoProject, name: &str) -> Vec<(String, String)> {
    let out = project
        .sdk
        .run(
            project
                .sdk
                .iam
                .list_policy_tags()
                .policy_arn(project.policy_arn(name))
                .send(),
        )
        .expect("ListPolicyTags");
    let mut tags: Vec<_> = out
        .tags()
        .iter()
        .map(|t| (t.key().to_string(), t.value().to_string()))
        .collect();
    tags.sort();
    tags
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn tags_changed_out_of_band_show_in_the_plan_and_apply_restores_them() {
    let endpoint = moto::moto_or_skip!("tags_changed_out_of_band_show_in_the_plan");
    let project = MotoProject::quickstart(&endpoint);
    project.apply();
    assert_eq!(
        policy_tags(&project, "app-deploy"),
        pairs(&[("managed-by", "iamform")])
    );

    // Behind iamform's back: a value changed and a key added on the policy, a key added
    // on the instance profile.
    let sdk = &project.sdk;
    sdk.run(
        sdk.iam
            .tag_policy()
            .policy_arn(project.policy_arn("app-deploy"))
            .tags(tag("managed-by", "someone-else"))
            .tags(tag("cost-center", "42"))
            .send(),
    )
    .expect("TagPolicy");
    sdk.run(
        sdk.iam
            .tag_instance_profile()
            .instance_profile_name("web-server")
            .tags(tag("stray", "yes"))
            .send(),
    )
    .expect("TagInstanceProfile");

    let drift = project.run(&["plan", "--detailed-exitcode"]).expect_code(2);
    project.snapshot_settings().bind(|| {
        insta::assert_snapshot!("out_of_band_tags_plan", drift.stdout);
    });

    project.apply();
    let again = project
        .run(&["-v", "plan", "--detailed-exitcode"])
        .expect_code(0);
    assert!(again.stdout.contains("No changes"), "{}", again.stdout);
    // One tag read per entity the manifests define: the quickstart's two policies and
    // one instance profile.
    for line in [
        "  ListPolicyTags                           2",
        "  GetInstanceProfile                       1",
    ] {
        assert!(
            again.stderr.lines().any(|l| l == line),
            "{line:?} in:\n{}",
            again.stderr
        );
    }
    assert_eq!(
        policy_tags(&project, "app-deploy"),
        pairs(&[("managed-by", "iamform")])
    );
    let profile = sdk
        .run(
            sdk.iam
                .get_instance_profile()
                .instance_profile_name("web-server")
                .send(),
        )
        .expect("GetInstanceProfile");
    let keys: Vec<_> = profile
        .instance_profile()
        .map(|p| p.tags().iter().map(|t| t.key().to_string()).collect())
        .unwrap_or_default();
    assert_eq!(keys, ["managed-by"]);
}

#[test]
fn a_tag_edited_in_the_manifest_is_applied() {
    let endpoint = moto::moto_or_skip!("a_tag_edited_in_the_manifest_is_applied");
    let project = MotoProject::quickstart(&endpoint);
    project.apply();
    project.edit(
        "policies.yaml",
        "    description: Deploy the web application",
        "    tags: { team: web }\n    description: Deploy the web application",
    );
    let plan = project.run(&["plan", "--detailed-exitcode"]).expect_code(2);
    project.snapshot_settings().bind(|| {
        insta::assert_snapshot!("manifest_tag_edit_plan", plan.stdout);
    });
    project.apply();
    project.run(&["plan", "--detailed-exitcode"]).expect_code(0);
    assert_eq!(
        policy_tags(&project, "app-deploy"),
        pairs(&[("managed-by", "iamform"), ("team", "web")])
    );
}

//! OIDC and SAML providers offline (fake backend through a state file): plan, apply,
//! converge, in-place updates, prune, and located errors in their manifest syntax.

use crate::support::offline_cli::{iamform, temp_copy};

const APPLY: [&str; 6] = [
    "apply",
    "--state",
    "state.json",
    "--auto-approve",
    "--parallelism",
    "1",
];

fn edit(path: &std::path::Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from:?} in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn providers_are_created_before_the_roles_that_trust_them_and_converge() {
    let (_guard, dir) = temp_copy("tests/fixtures/workflows/federation");
    let plan = iamform(&dir, &["plan", "--state", "state.json"]);
    crate::assert_run_snapshot!("providers_create_plan", plan);
    let apply = iamform(&dir, &APPLY);
    assert_eq!(apply.code, 0, "{}", apply.stderr);
    let order: Vec<&str> = apply
        .stdout
        .lines()
        .filter(|l| l.contains("] ok "))
        .collect();
    let position = |what: &str| order.iter().position(|l| l.contains(what)).unwrap();
    assert!(position("OIDC provider token.actions") < position("role deploy"));
    assert!(position("SAML provider corp-idp") < position("role people"));
    let again = iamform(
        &dir,
        &["plan", "--state", "state.json", "--detailed-exitcode"],
    );
    assert_eq!(again.code, 0, "{}", again.stdout);

    // Same providers, written differently: no change. Audiences are a set, the URL is
    // normalized (scheme, host case, trailing slash), thumbprints are compared in any case.
    let providers = dir.join("providers.yaml");
    edit(
        &providers,
        "https://token.actions.githubusercontent.com/:",
        "token.actions.githubusercontent.com:",
    );
    edit(
        &providers,
        "client_ids: [https://gitlab.example.com, sts.amazonaws.com]",
        "client_ids: [sts.amazonaws.com, https://gitlab.example.com]",
    );
    edit(
        &providers,
        "9e99a48a9960b14926bb7f3b02e22da2b0ab7280",
        "9E99A48A9960B14926BB7F3B02E22DA2B0AB7280",
    );
    let same = iamform(
        &dir,
        &["plan", "--state", "state.json", "--detailed-exitcode"],
    );
    assert_eq!(same.code, 0, "{}", same.stdout);

    // Real edits: an audience swapped, a thumbprint, a tag, the SAML metadata.
    edit(
        &providers,
        "client_ids: [sts.amazonaws.com, https://gitlab.example.com]",
        "client_ids: [sts.amazonaws.com, gitlab-ci]",
    );
    edit(
        &providers,
        "9E99A48A9960B14926BB7F3B02E22DA2B0AB7280",
        "0000000000000000000000000000000000000001",
    );
    edit(&providers, "tags: { team: ci }", "tags: { team: platform }");
    edit(
        &dir.join("saml/corp-idp.xml"),
        "https://idp.example.com/sso",
        "https://sso.example.com/saml/login",
    );
    let updates = iamform(&dir, &["plan", "--state", "state.json"]);
    crate::assert_run_snapshot!("providers_update_plan", updates);
    assert_eq!(iamform(&dir, &APPLY).code, 0);
    let done = iamform(
        &dir,
        &["plan", "--state", "state.json", "--detailed-exitcode"],
    );
    assert_eq!(done.code, 0, "{}", done.stdout);

    // Out of the manifests with pruning on: deleted.
    edit(
        &dir.join("iamform.yaml"),
        "paths: [\"/\"]",
        "paths: [\"/\"]\n  prune: true",
    );
    edit(
        &providers,
        "  https://Gitlab.Example.com:\n    client_ids: [sts.amazonaws.com, gitlab-ci]\n    thumbprints: [0000000000000000000000000000000000000001]\n    tags: { team: platform }\n",
        "",
    );
    let prune = iamform(&dir, &["plan", "--state", "state.json"]);
    crate::assert_run_snapshot!("providers_prune_plan", prune);
}

/// A hand-written GitHub trust without `sub` is an error (IAM113) before anything is
/// planned: any repository on GitHub could assume the role.
#[test]
fn a_github_trust_without_sub_stops_validate() {
    let (_guard, dir) = temp_copy("tests/fixtures/workflows/federation");
    std::fs::write(
        dir.join("roles.yaml"),
        "account: main\nroles:\n  deploy:\n    trust:\n      - federated: token.actions.githubusercontent.com\n        conditions:\n          StringEquals: {\"token.actions.githubusercontent.com:aud\": sts.amazonaws.com}\n",
    )
    .unwrap();
    let run = iamform(&dir, &["plan", "--state", "state.json"]);
    crate::assert_run_snapshot!("github_trust_without_sub", run);
}

/// A hand-written trust of the self-managed GitLab provider without `sub` is an error
/// (IAM114): the manifests declare that provider with its own URL as audience, as
/// GitLab documents (https://docs.gitlab.com/ee/ci/cloud_services/aws/), so it is read
/// as GitLab even though the statement does not show it.
#[test]
fn a_gitlab_trust_without_sub_stops_validate() {
    let (_guard, dir) = temp_copy("tests/fixtures/workflows/federation");
    std::fs::write(
        dir.join("roles.yaml"),
        "account: main\nroles:\n  deploy:\n    trust:\n      - federated: gitlab.example.com\n",
    )
    .unwrap();
    let run = iamform(&dir, &["validate"]);
    crate::assert_run_snapshot!("gitlab_trust_without_sub", run);
}

#[test]
fn provider_mistakes_are_located() {
    let (_guard, dir) = temp_copy("tests/fixtures/workflows/federation");
    std::fs::write(
        dir.join("providers.yaml"),
        "account: main\n\noidc_providers:\n  http://insecure.example.com:\n    client_ids: [sts.amazonaws.com]\n  https://no-audience.example.com: {}\n  https://thumb.example.com:\n    client_ids: [sts.amazonaws.com]\n    thumbprints: [abc]\n  https://token.actions.githubusercontent.com:\n    client_ids: [sts.amazonaws.com]\n  token.actions.githubusercontent.com/:\n    client_ids: [sts.amazonaws.com]\n\nsaml_providers:\n  no-metadata: {}\n  outside:\n    metadata_file: ../../etc/passwd\n  short:\n    metadata_file: short.xml\n  corp-idp:\n    metadata_file: saml/corp-idp.xml\n",
    )
    .unwrap();
    std::fs::write(dir.join("short.xml"), "<EntityDescriptor/>").unwrap();
    let run = iamform(&dir, &["validate"]);
    crate::assert_run_snapshot!("provider_errors", run);
}

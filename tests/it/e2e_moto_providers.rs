//! OIDC and SAML providers against moto (`scripts/test --test it e2e_moto_providers::`):
//! created before the roles that trust them (through the `github:`, `gitlab:` with a
//! self-managed `host:` and `saml:` trust shorthands), converged, updated in place,
//! imported back (shorthands included) to manifests that plan no changes.
//!
//! moto gaps the fake backend covers instead (`cli_identity_providers`): it implements
//! no Add/RemoveClientID call, and keeps no tags on SAML providers, so this project
//! changes no audience and tags no SAML provider (no `default_tags`).

use std::path::Path;

use crate::support::iam_fixtures::fresh;
use crate::support::moto;
use crate::support::offline_cli::copy_dir;
use iamform::backend::Backend;

fn iamform(endpoint: &str, dir: &Path, args: &[&str]) -> (i32, String, String) {
    moto::run_binary(endpoint, dir, args)
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from:?} in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn providers_apply_converge_update_and_import() {
    let endpoint = moto::moto_or_skip!("providers_apply_converge_update_and_import");
    let (account, backend) = fresh(&endpoint);
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("project");
    copy_dir(
        &crate::support::offline_cli::crate_root().join("tests/fixtures/workflows/federation"),
        &dir,
    );
    std::fs::remove_file(dir.join("state.json")).unwrap();
    std::fs::write(
        dir.join("iamform.yaml"),
        format!(
            "accounts:\n  main:\n    id: \"{}\"\n    assume_role: {}\nscope:\n  paths: [\"/\"]\n",
            account.id,
            moto::TEST_ROLE
        ),
    )
    .unwrap();
    // A self-managed GitLab instance's trust, through the fixture's provider of it.
    edit(
        &dir.join("roles.yaml"),
        "  people:\n",
        "  gitlab-deploy:\n    trust:\n      - gitlab: {host: gitlab.example.com, project: acme/web, ref: main}\n  people:\n",
    );

    let (code, stdout, stderr) = iamform(&endpoint, &dir, &["apply", "--auto-approve"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let (code, stdout, _) = iamform(&endpoint, &dir, &["plan", "--detailed-exitcode"]);
    assert_eq!(code, 0, "apply must converge:\n{stdout}");

    let iam = backend.read_account(&account).unwrap();
    let gitlab = &iam.oidc_providers["gitlab.example.com"];
    assert_eq!(
        gitlab.thumbprints.iter().collect::<Vec<_>>(),
        ["9E99A48A9960B14926BB7F3B02E22DA2B0AB7280"]
    );
    assert_eq!(gitlab.tags["team"], "ci");
    assert!(iam.saml_providers["corp-idp"].metadata.is_some());

    // In place: a thumbprint, a tag, the SAML metadata.
    edit(
        &dir.join("providers.yaml"),
        "9e99a48a9960b14926bb7f3b02e22da2b0ab7280",
        "0000000000000000000000000000000000000001",
    );
    edit(&dir.join("providers.yaml"), "team: ci", "team: platform");
    edit(
        &dir.join("saml/corp-idp.xml"),
        "https://idp.example.com/sso",
        "https://sso.example.com/saml/login",
    );
    let (code, stdout, _) = iamform(&endpoint, &dir, &["plan", "--detailed-exitcode"]);
    assert_eq!(code, 2, "{stdout}");
    insta::with_settings!({filters => vec![(account.id.as_str(), "[ACCOUNT]")]}, {
        insta::assert_snapshot!("provider_updates_plan", stdout);
    });
    let (code, stdout, stderr) = iamform(&endpoint, &dir, &["apply", "--auto-approve"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let (code, stdout, _) = iamform(&endpoint, &dir, &["plan", "--detailed-exitcode"]);
    assert_eq!(code, 0, "updates must converge:\n{stdout}");

    // Import writes the providers (and the metadata file) back; a plan of them is empty.
    let out = temp.path().join("imported");
    std::fs::create_dir(&out).unwrap();
    std::fs::copy(dir.join("iamform.yaml"), out.join("iamform.yaml")).unwrap();
    let import = ["import", "--out", out.to_str().unwrap()];
    let (code, _, stderr) = iamform(&endpoint, &dir, &import);
    assert_eq!(code, 0, "{stderr}");
    let oidc = std::fs::read_to_string(out.join("oidc_providers.yaml")).unwrap();
    assert!(
        oidc.contains("https://token.actions.githubusercontent.com:"),
        "{oidc}"
    );
    // The trust shorthands come back as written.
    let roles = std::fs::read_to_string(out.join("roles.yaml")).unwrap();
    for entry in [
        "- github:",
        "repo: acme/web",
        "ref: refs/heads/main",
        "- saml: corp-idp",
        "host: gitlab.example.com",
    ] {
        assert!(roles.contains(entry), "{entry} in {roles}");
    }
    let saml = std::fs::read_to_string(out.join("saml_providers.yaml")).unwrap();
    assert!(saml.contains("metadata_file: saml/corp-idp.xml"), "{saml}");
    assert_eq!(
        std::fs::read_to_string(out.join("saml/corp-idp.xml")).unwrap(),
        std::fs::read_to_string(dir.join("saml/corp-idp.xml")).unwrap()
    );
    let (code, stdout, stderr) = iamform(&endpoint, &out, &["plan", "--detailed-exitcode"]);
    assert_eq!(
        code, 0,
        "plan after import must be empty:\n{stdout}\n{stderr}"
    );
    // A second import over the first writes the same files (the metadata file included).
    let (code, _, stderr) = iamform(&endpoint, &dir, &import);
    assert_eq!(code, 0, "{stderr}");
}

/// `service_linked_roles` on moto: created with CreateServiceLinkedRole, then the plan
/// is empty; an import lists it back.
#[test]
fn service_linked_roles_are_created_and_imported() {
    let endpoint = moto::moto_or_skip!("service_linked_roles_are_created_and_imported");
    let (account, backend) = fresh(&endpoint);
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("project");
    std::fs::create_dir(&dir).unwrap();
    let config = format!(
        "accounts:\n  main:\n    id: \"{}\"\n    assume_role: {}\nscope:\n  paths: [\"/\"]\n",
        account.id,
        moto::TEST_ROLE
    );
    std::fs::write(dir.join("iamform.yaml"), &config).unwrap();
    std::fs::write(
        dir.join("settings.yaml"),
        "account_settings:\n  service_linked_roles: [elasticbeanstalk.amazonaws.com]\n",
    )
    .unwrap();
    let (code, stdout, stderr) = iamform(&endpoint, &dir, &["apply", "--auto-approve"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(
        stdout.contains("create the service-linked role of elasticbeanstalk.amazonaws.com"),
        "{stdout}"
    );
    let (code, stdout, _) = iamform(&endpoint, &dir, &["plan", "--detailed-exitcode"]);
    assert_eq!(code, 0, "apply must converge:\n{stdout}");
    let iam = backend.read_account(&account).unwrap();
    assert!(
        iam.roles
            .values()
            .any(|r| r.path == "/aws-service-role/elasticbeanstalk.amazonaws.com/"),
        "{:?}",
        iam.roles.keys()
    );

    let out = temp.path().join("imported");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("iamform.yaml"), &config).unwrap();
    let (code, _, stderr) = iamform(&endpoint, &dir, &["import", "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let settings = std::fs::read_to_string(out.join("account_settings.yaml")).unwrap();
    assert!(
        settings.contains("service_linked_roles: [elasticbeanstalk.amazonaws.com]"),
        "{settings}"
    );
    let (code, stdout, stderr) = iamform(&endpoint, &out, &["plan", "--detailed-exitcode"]);
    assert_eq!(
        code, 0,
        "plan after import must be empty:\n{stdout}\n{stderr}"
    );
}

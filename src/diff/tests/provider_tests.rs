//! OIDC and SAML providers: compared by meaning, updated in place, pruned like any
//! entity in scope.

use super::fixtures::*;
use crate::diff::{Action, FieldChange};
use crate::model::{OidcProvider, SamlProvider, oidc_provider_name};

fn github() -> OidcProvider {
    OidcProvider {
        url: "token.actions.githubusercontent.com".into(),
        client_ids: ["sts.amazonaws.com".to_string()].into(),
        ..OidcProvider::default()
    }
}

fn idp(metadata: &str) -> SamlProvider {
    SamlProvider {
        name: "corp".into(),
        metadata: Some(metadata.into()),
        ..SamlProvider::default()
    }
}

fn with(oidc: Vec<OidcProvider>, saml: Vec<SamlProvider>) -> crate::model::AccountIam {
    let mut iam = prod();
    for p in oidc {
        iam.oidc_providers.insert(p.url.clone(), p);
    }
    for p in saml {
        iam.saml_providers.insert(p.name.clone(), p);
    }
    iam
}

/// IAM names an OIDC provider by its URL without `https://`; host names are
/// case-insensitive (RFC 3986 section 3.2.2), paths are not.
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html
#[test]
fn provider_names_normalize_scheme_host_case_and_trailing_slash() {
    for written in [
        "https://token.actions.githubusercontent.com",
        "HTTPS://Token.Actions.GithubUserContent.com/",
        "token.actions.githubusercontent.com//",
    ] {
        assert_eq!(
            oidc_provider_name(written),
            "token.actions.githubusercontent.com"
        );
    }
    assert_eq!(
        oidc_provider_name("https://OIDC.EKS.us-east-1.amazonaws.com/id/ABC123"),
        "oidc.eks.us-east-1.amazonaws.com/id/ABC123"
    );
}

#[test]
fn a_new_provider_is_created_and_an_equal_one_left_alone() {
    let result = diff_prod(with(vec![github()], vec![idp(" <m/>\r\n")]), prod(), false);
    assert_eq!(
        described(&result),
        [
            "OIDC provider token.actions.githubusercontent.com: create",
            "SAML provider corp: create"
        ]
    );
    // Thumbprints the manifest leaves out are AWS's to manage; line ends and outer
    // whitespace of the metadata do not count.
    let mut actual = github();
    actual.thumbprints = ["6938FD4D98BAB03FAADB97B34396831E3780AEA1".to_string()].into();
    let result = diff_prod(
        with(vec![github()], vec![idp("<m/>\n")]),
        with(vec![actual], vec![idp(" <m/>\r\n")]),
        false,
    );
    assert!(result.changes.is_empty(), "{:?}", described(&result));
}

#[test]
fn audiences_thumbprints_metadata_and_tags_update_in_place() {
    let mut want = github();
    want.client_ids.insert("gitlab".into());
    want.thumbprints = ["ab".repeat(20)].into();
    want.tags.insert("team".into(), "ci".into());
    let mut have = github();
    have.thumbprints = ["CD".repeat(20)].into();
    let result = diff_prod(
        with(vec![want], vec![idp("<new/>")]),
        with(vec![have], vec![idp("<old/>")]),
        false,
    );
    let fields: Vec<&FieldChange> = result
        .changes
        .iter()
        .flat_map(|c| match &c.action {
            Action::Update { fields } => fields.iter().collect(),
            _ => Vec::new(),
        })
        .collect();
    assert!(
        matches!(
            fields.as_slice(),
            [
                FieldChange::ClientIds { .. },
                FieldChange::Thumbprints { after, .. },
                FieldChange::Tags { .. },
                FieldChange::SamlMetadata { .. },
            ] if after.iter().all(|t| t == &"AB".repeat(20))
        ),
        "{fields:?}"
    );
}

#[test]
fn providers_outside_the_manifests_are_pruned_only_with_prune() {
    let actual = with(vec![github()], vec![idp("<m/>")]);
    let kept = diff_prod(prod(), actual.clone(), false);
    assert!(kept.changes.is_empty());
    assert_eq!(kept.ignored.len(), 2);
    let pruned = diff_prod(prod(), actual, true);
    assert_eq!(
        described(&pruned),
        [
            "OIDC provider token.actions.githubusercontent.com: delete",
            "SAML provider corp: delete"
        ]
    );
}

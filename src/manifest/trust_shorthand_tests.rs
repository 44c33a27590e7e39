//! The trust shorthands write exactly the conditions their issuers document.

use serde_json::json;

use crate::manifest::test_project::{TWO_ACCOUNTS, check_files, positions};

fn trust_of(entries: &str) -> serde_json::Value {
    let roles = format!("roles:\n  r:\n    trust:\n{entries}");
    let report = check_files(&[("iamform.yaml", TWO_ACCOUNTS), ("roles.yaml", &roles)]);
    assert!(report.diagnostics.0.is_empty(), "{:?}", report.diagnostics);
    let state = report.state.unwrap();
    state.accounts["prod"].iam.roles["r"].trust_policy.0["Statement"].clone()
}

const GITHUB: &str = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";

/// GitHub's subject claims and AWS condition, from
/// https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#example-subject-claims
/// and https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
/// (`aud` = `sts.amazonaws.com`; `sub` with StringEquals when exact, StringLike with
/// wildcards).
#[test]
fn github_writes_aud_and_the_documented_sub() {
    let statements = trust_of(
        "      - github: {repo: acme/web, ref: refs/heads/main}\n\
         \x20     - github: {repo: acme/web, environment: production}\n\
         \x20     - github: {repo: acme/web, pull_request: true}\n\
         \x20     - github: {repo: \"acme/*\", ref: \"refs/tags/v*\"}\n\
         \x20     - github: {repo: acme/web}\n",
    );
    let aud = json!({"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"});
    let exact = |sub: &str| {
        json!({"Effect": "Allow", "Principal": {"Federated": GITHUB},
               "Action": "sts:AssumeRoleWithWebIdentity",
               "Condition": {"StringEquals": {
                   "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                   "token.actions.githubusercontent.com:sub": sub}}})
    };
    let like = |sub: &str| {
        json!({"Effect": "Allow", "Principal": {"Federated": GITHUB},
               "Action": "sts:AssumeRoleWithWebIdentity",
               "Condition": {"StringEquals": aud.clone(),
                             "StringLike": {"token.actions.githubusercontent.com:sub": sub}}})
    };
    assert_eq!(
        statements,
        json!([
            exact("repo:acme/web:ref:refs/heads/main"),
            exact("repo:acme/web:environment:production"),
            exact("repo:acme/web:pull_request"),
            like("repo:acme/*:ref:refs/tags/v*"),
            like("repo:acme/web:*"),
        ])
    );
}

/// GitLab: `project_path:GROUP/PROJECT:ref_type:branch:ref:BRANCH`, provider
/// `gitlab.com`, audience the instance URL (https://docs.gitlab.com/ee/ci/cloud_services/aws/).
/// EKS: `system:serviceaccount:NAMESPACE:NAME` and `aud` = `sts.amazonaws.com`
/// (https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html).
/// SAML: `SAML:aud` = `https://signin.aws.amazon.com/saml`
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_saml.html).
#[test]
fn gitlab_eks_and_saml_write_their_documented_conditions() {
    let statements = trust_of(
        "      - gitlab: {project: acme/infra/web, ref: main}\n\
         \x20     - eks: {cluster_oidc: \"https://oidc.eks.eu-west-1.amazonaws.com/id/ABC123\", namespace: apps, service_account: web}\n\
         \x20     - saml: corp-idp\n\
         \x20       conditions: {StringEquals: {\"saml:sub_type\": persistent}}\n",
    );
    let eks = "oidc.eks.eu-west-1.amazonaws.com/id/ABC123";
    assert_eq!(
        statements,
        json!([
            {"Effect": "Allow",
             "Principal": {"Federated": "arn:aws:iam::111111111111:oidc-provider/gitlab.com"},
             "Action": "sts:AssumeRoleWithWebIdentity",
             "Condition": {"StringEquals": {
                 "gitlab.com:aud": "https://gitlab.com",
                 "gitlab.com:sub": "project_path:acme/infra/web:ref_type:branch:ref:main"}}},
            {"Effect": "Allow",
             "Principal": {"Federated": format!("arn:aws:iam::111111111111:oidc-provider/{eks}")},
             "Action": "sts:AssumeRoleWithWebIdentity",
             "Condition": {"StringEquals": {
                 format!("{eks}:aud"): "sts.amazonaws.com",
                 format!("{eks}:sub"): "system:serviceaccount:apps:web"}}},
            {"Effect": "Allow",
             "Principal": {"Federated": "arn:aws:iam::111111111111:saml-provider/corp-idp"},
             "Action": "sts:AssumeRoleWithSAML",
             "Condition": {"StringEquals": {
                 "SAML:aud": "https://signin.aws.amazon.com/saml",
                 "saml:sub_type": "persistent"}}}
        ])
    );
}

#[test]
fn shorthand_mistakes_are_located() {
    let roles = "roles:\n  r:\n    trust:\n\
                 \x20     - github: {repo: \"*/web\"}\n\
                 \x20     - github: {repo: acme/web, ref: main}\n\
                 \x20     - github: {repo: acme/web, ref: refs/heads/main, pull_request: true}\n\
                 \x20     - github: {repo: web}\n\
                 \x20     - gitlab: {ref: main}\n\
                 \x20     - eks: {namespace: apps}\n\
                 \x20     - github: {repo: acme/web}\n\
                 \x20       service: ec2.amazonaws.com\n\
                 \x20     - github: {repo: \"acme/web:ref:x\"}\n";
    let report = check_files(&[("iamform.yaml", TWO_ACCOUNTS), ("roles.yaml", roles)]);
    let found: Vec<(u32, u32, String)> = positions(&report);
    let messages: Vec<&str> = found.iter().map(|(_, _, m)| m.as_str()).collect();
    assert_eq!(
        messages,
        [
            "the repository `*/web` lets any owner match",
            "`main` is not a full Git ref",
            "a github trust names one of `ref`, `environment` and `pull_request`",
            "the repository `web` is not OWNER/NAME",
            "a gitlab trust needs `project`",
            "an eks trust needs `cluster_oidc`, `namespace` and `service_account`",
            "trust entry mixes principals: service and github",
            "the repository `acme/web:ref:x` contains `:`",
        ],
        "{found:?}"
    );
    assert_eq!((found[0].0, found[0].1), (4, 24));
}

/// A self-managed GitLab instance issues tokens as `https://HOST`: its AWS provider is
/// named by the host, the audience is the instance URL, and the claim keys are
/// `HOST:aud`/`HOST:sub` (https://docs.gitlab.com/ee/ci/cloud_services/aws/; the
/// `sub` format of https://docs.gitlab.com/ee/ci/secrets/id_token_authentication.html#token-payload).
#[test]
fn gitlab_host_names_the_instance_provider_audience_and_keys() {
    let statements = trust_of(
        "      - gitlab: {host: gitlab.example.com, project: acme/web, ref: main}\n\
         \x20     - gitlab: {host: gitlab.com, project: acme/web, tag: \"v*\"}\n",
    );
    assert_eq!(
        statements,
        json!([
            {"Effect": "Allow",
             "Principal": {"Federated": "arn:aws:iam::111111111111:oidc-provider/gitlab.example.com"},
             "Action": "sts:AssumeRoleWithWebIdentity",
             "Condition": {"StringEquals": {
                 "gitlab.example.com:aud": "https://gitlab.example.com",
                 "gitlab.example.com:sub": "project_path:acme/web:ref_type:branch:ref:main"}}},
            {"Effect": "Allow",
             "Principal": {"Federated": "arn:aws:iam::111111111111:oidc-provider/gitlab.com"},
             "Action": "sts:AssumeRoleWithWebIdentity",
             "Condition": {"StringEquals": {"gitlab.com:aud": "https://gitlab.com"},
                           "StringLike": {"gitlab.com:sub": "project_path:acme/web:ref_type:tag:ref:v*"}}}
        ])
    );
}

#[test]
fn a_gitlab_host_that_is_not_a_dns_name_is_located() {
    let roles = "roles:\n  r:\n    trust:\n\
                 \x20     - gitlab: {host: \"https://gitlab.example.com\", project: acme/web}\n\
                 \x20     - gitlab: {host: gitlab.example.com/ci, project: acme/web}\n\
                 \x20     - gitlab: {host: \"gitlab.example.com:8443\", project: acme/web}\n\
                 \x20     - gitlab: {host: GitLab.example.com, project: acme/web}\n\
                 \x20     - gitlab: {host: gitlab, project: acme/web}\n\
                 \x20     - gitlab: {host: gitlab.example.com}\n";
    let report = check_files(&[("iamform.yaml", TWO_ACCOUNTS), ("roles.yaml", roles)]);
    assert!(report.state.is_none());
    assert_eq!(
        positions(&report),
        [
            (
                4,
                24,
                "the GitLab host `https://gitlab.example.com` is a URL".to_string()
            ),
            (
                5,
                24,
                "the GitLab host `gitlab.example.com/ci` has a path".to_string()
            ),
            (
                6,
                24,
                "the GitLab host `gitlab.example.com:8443` has a port".to_string()
            ),
            (
                7,
                24,
                "the GitLab host `GitLab.example.com` is not in lower case".to_string()
            ),
            (
                8,
                24,
                "the GitLab host `gitlab` is not a DNS host name".to_string()
            ),
            (9, 17, "a gitlab trust needs `project`".to_string()),
        ]
    );
}

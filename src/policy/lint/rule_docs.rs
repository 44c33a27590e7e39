//! Each rule's reason and example, and `docs/lint-rules.md` made from them
//! ([`rules_markdown`]; a test checks the committed file and that every example triggers
//! its rule).

use super::finding::Rule;
use crate::diagnostic::Severity;
use crate::policy::PolicyKind;

/// A document (or manifest) that shows a rule's finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleExample {
    /// A policy document of this kind that the rule reports.
    Policy(PolicyKind, &'static str),
    /// Manifests, for rules that need a whole account.
    Manifest(&'static str),
    /// Words, for findings too large to show (size).
    Described(&'static str),
}

impl Rule {
    /// The policy kinds the rule checks, in words.
    pub fn applies_to(self) -> &'static str {
        match self {
            Rule::Grammar
            | Rule::WrongElementForKind
            | Rule::UnknownService
            | Rule::UnknownAction
            | Rule::UndocumentedAction
            | Rule::UnknownConditionKey
            | Rule::MfaMissingNotFalse
            | Rule::SetOperatorOnSingleValuedKey
            | Rule::UnknownGlobalConditionKey
            | Rule::ConditionValueType => "every kind",
            Rule::ResourceFormat | Rule::ResourceMismatch | Rule::WildcardPartlyFits => {
                "every kind that names resources"
            }
            Rule::Size => "identity (as advice), trust, SCP, boundary (as advice)",
            Rule::FullAdmin
            | Rule::PassRoleAnyRole
            | Rule::PrivilegeEscalation
            | Rule::WriteOnAnyResource
            | Rule::CredentialsExposure
            | Rule::SensitiveDataAccess => "identity",
            Rule::AllowNotResource => "identity, resource",
            Rule::AllowNotPrincipal => "resource",
            Rule::TrustAnyone
            | Rule::TrustWholeAccount
            | Rule::TrustWithoutExternalId
            | Rule::GithubTrustAnyRepository
            | Rule::GitlabTrustAnyProject
            | Rule::EksTrustAnyServiceAccount
            | Rule::EksTrustWithoutAudience => "trust",
            Rule::UserWithoutMfa => "manifests (the whole account)",
        }
    }

    /// Why the rule matters, one paragraph (Markdown), with the AWS documentation.
    pub fn why(self) -> &'static str {
        match self {
            Rule::Grammar => {
                "IAM rejects a document that does not follow its policy grammar (a misspelt element, `\"Effect\": \"allow\"`, an action without a service prefix, a non-alphanumeric `Sid` in an IAM policy), so `apply` would fail; nothing else in such a document can be read reliably, so the other rules wait until it is fixed. See [IAM JSON policy grammar](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html)."
            }
            Rule::WrongElementForKind => {
                "Each kind of policy has its own elements. Identity policies, permissions boundaries and SCPs apply to the identities they are attached to, so they name no `Principal` and need a `Resource`; a role trust policy names who may assume the role and no resource; a resource-based policy names a principal. IAM rejects the wrong elements. Use `policy lint --kind` when `auto` guesses wrong. See [Principal](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html) and [NotPrincipal](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html)."
            }
            Rule::ResourceFormat => {
                "A resource is `*` or an ARN with a partition and a service (`arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`); IAM rejects anything else. See [Resource](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html)."
            }
            Rule::Size => {
                "IAM rejects documents over its quotas: 6,144 characters for a customer managed policy, 2,048 for a role trust policy (the default, adjustable to 4,096), and per identity 2,048 (user), 5,120 (group) or 10,240 (role) for all inline policies together, whitespace not counted; AWS Organizations allows 5,120 characters per SCP, whitespace included. A standalone identity policy may be customer managed, inline or AWS managed (AWS-managed policies are not bound by the customer quota), so `policy lint` only warns for it; `validate` and `plan` know each document's use and check the exact quota. See [IAM quotas](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html)."
            }
            Rule::UnknownService => {
                "The action's service prefix is not in the bundled service authorization reference (the message names its date). IAM accepts it, so this is a warning, never an error that blocks `plan`: a misspelt prefix grants nothing, but a brand-new service may simply be newer than the catalog. The hint suggests the closest known prefix. See [Service Authorization Reference](https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html)."
            }
            Rule::UnknownAction => {
                "The service has no such action in the bundled service authorization reference (the message names its date). IAM accepts unknown actions, so an imported account with a typo or a brand-new action can still be planned; but a misspelt action grants nothing, so the hint offers the closest name (`did you mean …?`)."
            }
            Rule::UnknownGlobalConditionKey => {
                "A condition key that starts with `aws:` is a global condition key, and IAM knows a fixed list of them; a misspelt one (`aws:SourceIpp`) is never present in a request, so the condition never matches (an Allow grants nothing, a Deny with a negated operator denies everything). IAM Access Analyzer reports it as an invalid global condition key. The hint names the closest known key. See [AWS global condition context keys](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html)."
            }
            Rule::ConditionValueType => {
                "Each condition operator reads its values as one type: an IP range for `IpAddress`, a date for `Date*`, a number for `Numeric*`, `true`/`false` for `Bool` and `Null`, base64 for `BinaryEquals`, an ARN for `Arn*`. A value the operator cannot read never matches, so the condition silently does something else than it says; policy variables only work in string and ARN operators. See [IAM JSON policy elements: Condition operators](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html)."
            }
            Rule::UndocumentedAction => {
                "AWS-managed policies still name some retired or preview services and actions that the service authorization reference no longer (or not yet) lists. IAM accepts them; they usually do nothing."
            }
            Rule::ResourceMismatch => {
                "No action of the statement acts on resources of this shape, so the statement grants nothing on it: the ARN is probably for another service or resource type (an object ARN for a bucket action), or the actions support no resource-level permissions and need `\"Resource\": \"*\"`. See [Actions, resources, and condition keys](https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html)."
            }
            Rule::UnknownConditionKey => {
                "A condition key that is neither global (`aws:…`) nor documented by its service is never present in requests, so the condition never matches (or, with `…IfExists` and negated operators, always does). Usually a typo. See [Global condition context keys](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html)."
            }
            Rule::FullAdmin => {
                "`\"Action\": \"*\"` on `\"Resource\": \"*\"` makes its holder an administrator of the account. Keep that for break-glass roles and grant the services people use. See [Security best practices: grant least privilege](https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege)."
            }
            Rule::PassRoleAnyRole => {
                "`iam:PassRole` on every role lets its holder hand any role, including administrator roles, to a service it can start (an instance, a function, a stack) and act through it. List the roles and add an `iam:PassedToService` condition. See [Granting a user permissions to pass a role](https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html)."
            }
            Rule::PrivilegeEscalation => {
                "These action sets let a principal grant itself more access: rewrite or attach policies, join groups, change trust policies or boundaries, create credentials for other users, or pass a role to a service that runs its code (`iam:PassRole` with `ec2:RunInstances`, `lambda:CreateFunction`, `glue:CreateDevEndpoint`, CloudFormation, Data Pipeline, SageMaker, ECS, CodeBuild) or change code that already runs as a role (`lambda:UpdateFunctionCode`, `glue:UpdateDevEndpoint`). These are the published escalation paths that Parliament and Cloudsplaining check; actions match case-insensitively, and `iam:CreateAccessKey` and the login-profile actions count only on other users than the caller. See [Rhino Security Labs: AWS IAM privilege escalation](https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/)."
            }
            Rule::TrustAnyone => {
                "A trust policy with `\"Principal\": \"*\"` (or `{\"AWS\": \"*\"}`) and no condition lets any AWS principal in any account assume the role. See [Role trust policies](https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#term_trust-policy)."
            }
            Rule::TrustWholeAccount => {
                "Trusting another account's root (`arn:aws:iam::ACCOUNT:root` or the bare id) without a condition lets every principal that account's administrators allow assume the role. Name the role that may assume it, or add an `aws:PrincipalArn` condition."
            }
            Rule::TrustWithoutExternalId => {
                "A role that a third party assumes from its own account should require the `sts:ExternalId` the third party gave you, so that party cannot be tricked into using your role for someone else (the confused deputy). See [The confused deputy problem](https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html)."
            }
            Rule::GithubTrustAnyRepository => {
                "GitHub's OIDC provider issues tokens to every workflow of every repository on GitHub; only the token's `sub` claim (`repo:OWNER/NAME:…`) says whose. A trust of `token.actions.githubusercontent.com` without a `sub` condition, or with a pattern whose owner part is a wildcard (`*`, `repo:*`, `repo:*/web:*`), lets workflows of repositories anyone can create assume the role. It is an error: write the `github:` shorthand, or a `StringEquals`/`StringLike` condition on `token.actions.githubusercontent.com:sub` naming the owner. See [Configuring OpenID Connect in Amazon Web Services](https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services) and [Create a role for OpenID Connect federation](https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html)."
            }
            Rule::GitlabTrustAnyProject => {
                "A GitLab instance's OIDC provider issues tokens to the CI jobs of every project on it (on gitlab.com, of anyone who signs up); only the token's `sub` claim (`project_path:GROUP/NAME:ref_type:…:ref:…`) says whose. A trust of a GitLab provider without a `sub` condition, or with a `StringLike` pattern whose top-level group is a wildcard (`*`, `project_path:*`), lets jobs of projects anyone can create assume the role. A provider is read as GitLab when it is `gitlab.com`, when the manifests declare it with its own URL (`https://HOST`) as an audience, or when the statement compares `HOST:aud` with `https://HOST` or `HOST:sub` with a `project_path:` value. It is an error: write the `gitlab:` shorthand, or a condition on `HOST:sub` naming the group. `StringEquals` compares `*` literally, so only `StringLike` patterns are read as wildcards. See [Configure OpenID Connect in AWS to retrieve temporary credentials](https://docs.gitlab.com/ee/ci/cloud_services/aws/), [GitLab ID token claims](https://docs.gitlab.com/ee/ci/secrets/id_token_authentication.html#token-payload) and [IAM condition operators](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String)."
            }
            Rule::EksTrustAnyServiceAccount => {
                "An EKS cluster's OIDC provider (`oidc.eks.REGION.amazonaws.com/id/ID`) issues tokens to every service account of every namespace; only the token's `sub` claim (`system:serviceaccount:NAMESPACE:NAME`) says which. Without a `sub` condition, or with a `StringLike` pattern whose namespace is a wildcard (`system:serviceaccount:*`), any workload that can run in the cluster can assume the role. A warning, as only the cluster's workloads can: write the `eks:` shorthand, or a condition on `ISSUER:sub` naming the namespace. See [Assign IAM roles to Kubernetes service accounts](https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html)."
            }
            Rule::EksTrustWithoutAudience => {
                "AWS's trust policy for IAM roles for service accounts compares both `ISSUER:sub` and `ISSUER:aud` (`sts.amazonaws.com`, the audience of the tokens EKS mounts into pods for IAM roles for service accounts). Without the `aud` condition the role relies on the provider's audience list alone, so a token the cluster issues for any other audience that list holds is accepted too. The `eks:` shorthand writes it. See [Assign IAM roles to Kubernetes service accounts](https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html) and [Create a role for OpenID Connect federation](https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html)."
            }
            Rule::UserWithoutMfa => {
                "A group that requires MFA (`require_mfa`) only protects its users if nothing else lets them act without MFA: another group, a user policy or an attached managed policy that grants the same actions unconditionally undoes it. See [Tutorial: Enable your users to configure their own credentials and MFA settings](https://docs.aws.amazon.com/IAM/latest/UserGuide/tutorial_users-self-manage-mfa-and-creds.html)."
            }
            Rule::WriteOnAnyResource => {
                "Write and permissions-management actions that support resource-level permissions, allowed on `\"Resource\": \"*\"`, can change or open up every resource of their type in the account, including ones created later (Parliament's `RESOURCE_STAR`, Cloudsplaining's infrastructure modification and resource exposure). Actions that support no resource-level permissions are not counted: they only ever take `*`. See [Grant least privilege](https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege)."
            }
            Rule::CredentialsExposure => {
                "These actions return credentials, passwords or tokens (`iam:CreateAccessKey`, `sts:AssumeRole`, `ec2:GetPasswordData`, `redshift:GetClusterCredentials`, `rds-db:Connect`…); on every resource they let their holder act as other users, roles or database users (Cloudsplaining's and Parliament's credentials exposure)."
            }
            Rule::SensitiveDataAccess => {
                "Reading every secret (`secretsmanager:GetSecretValue`), every parameter (`ssm:GetParameter*`), every object (`s3:GetObject`) or decrypting with every key (`kms:Decrypt`) reaches data the holder was probably not meant to see (Cloudsplaining's data exfiltration, Parliament's sensitive access). Name the secrets, parameters, buckets and keys."
            }
            Rule::AllowNotResource => {
                "`NotResource` in an Allow statement grants the actions on every resource except the listed ones, including resources created later and in other services the actions reach. List the resources in `Resource` instead. See [NotResource](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html)."
            }
            Rule::AllowNotPrincipal => {
                "`NotPrincipal` in an Allow statement grants every principal except the listed ones, anonymous users included. AWS documents `NotPrincipal` as supported only with `\"Effect\": \"Deny\"` and recommends an `aws:PrincipalArn` condition instead. See [NotPrincipal](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html)."
            }
            Rule::MfaMissingNotFalse => {
                "`aws:MultiFactorAuthPresent` is missing, not false, in requests signed with long-term access keys. So a Deny with `Bool` false does not stop them, an Allow with `BoolIfExists` true lets them in, and `Null` false only asks for temporary credentials. Deny with `BoolIfExists` false (or `Null` true), or allow with `Bool` true (Parliament's `BAD_PATTERN_FOR_MFA`). See [aws:MultiFactorAuthPresent](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent)."
            }
            Rule::SetOperatorOnSingleValuedKey => {
                "`ForAllValues:` and `ForAnyValue:` compare sets of request values. On a key with one value per request they are at best redundant, and `ForAllValues:` also holds when the key is missing, which makes an Allow more permissive than it reads (Parliament's `SINGLE_VALUE_CONDITION_TOO_PERMISSIVE`). Single-valued: the documented global keys, tag keys, and service keys whose documented type is not an array. See [Single-valued vs. multivalued context keys](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html)."
            }
            Rule::WildcardPartlyFits => {
                "A wildcard action expands to many actions; when only some of them act on the statement's resources, the others are granted nothing by this statement. That is often intended (`s3:*` on objects), so this is information, shown by `policy lint` only; it helps spot a missing bucket ARN next to an object ARN."
            }
        }
    }
}

/// `docs/lint-rules.md`: every rule with its code, name, severity, kinds, summary, why
/// and example, in [`Rule::ALL`] order.
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "# Policy lint rules\n\n\
         Generated from `Rule::ALL` in `src/policy/lint/` (`IAMFORM_WRITE_DOCS=1 cargo test --lib \
         rule_docs` rewrites it; a test fails when it is stale, and checks that every example \
         triggers its rule).\n\n\
         `iamform policy lint FILE… [--kind auto|identity|trust|resource|scp|boundary]` exits 1 \
         when any finding is an error and 0 otherwise; warnings and information never change the \
         exit code. `validate` and `plan` run the same rules on every document of the manifests \
         (without the information-level ones), and stop on errors only. Errors are what IAM \
         rejects; everything the bundled catalog merely does not know is a warning.\n\n\
         `--kind auto` reads a document without `Principal` as an identity policy, one whose \
         statements name principals, no resources and only `sts:` actions as a role trust \
         policy, and any other document with a principal as a resource-based policy (bucket, \
         queue, topic, key…). Boundaries and SCPs read like identity policies: name them with \
         `--kind`.\n\n\
         | code | name | severity | checks |\n|---|---|---|---|\n",
    );
    for rule in Rule::ALL {
        out.push_str(&format!(
            "| [{code}](#{anchor}) | `{name}` | {severity} | {kinds} |\n",
            code = rule.code(),
            anchor = rule.code().to_ascii_lowercase(),
            name = rule.name(),
            severity = rule.severity().word(),
            kinds = rule.applies_to(),
        ));
    }
    for rule in Rule::ALL {
        let category = if rule.is_security() {
            "security"
        } else {
            "correctness"
        };
        out.push_str(&format!(
            "\n## {code}\n\n`{name}`: {severity}, {category}; checks {kinds}.\n\n{summary}\n\n{why}\n\n",
            code = rule.code(),
            name = rule.name(),
            severity = severity_words(rule.severity()),
            kinds = rule.applies_to(),
            summary = rule.summary(),
            why = rule.why(),
        ));
        match rule.example() {
            RuleExample::Policy(kind, document) => {
                out.push_str(&format!(
                    "Example ({}, `--kind {}`):\n\n```json\n{document}\n```\n",
                    kind.described(),
                    kind.name()
                ));
            }
            RuleExample::Manifest(yaml) => {
                out.push_str(&format!("Example (manifests):\n\n```yaml\n{yaml}```\n"));
            }
            RuleExample::Described(words) => {
                out.push_str(&format!("Example: {words}\n"));
            }
        }
    }
    out
}

fn severity_words(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error (exit code 1)",
        Severity::Warning => "warning",
        Severity::Info => "information (`policy lint` only)",
    }
}

#[cfg(test)]
mod tests {
    use super::super::{LintOptions, lint_document};
    use super::*;

    #[test]
    fn every_example_triggers_its_rule() {
        for &rule in Rule::ALL {
            let RuleExample::Policy(kind, document) = rule.example() else {
                continue;
            };
            let value: serde_json::Value = serde_json::from_str(document).unwrap();
            let options = LintOptions {
                own_accounts: vec!["111122223333".into()],
                ..LintOptions::for_kind(kind)
            };
            let codes: Vec<&str> = lint_document(&value, &options)
                .iter()
                .map(|f| f.rule.code())
                .collect();
            assert!(
                codes.contains(&rule.code()),
                "{}: example gives {codes:?}",
                rule.code()
            );
        }
    }

    #[test]
    fn docs_lint_rules_md_is_fresh() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/lint-rules.md");
        let fresh = rules_markdown();
        if std::env::var_os("IAMFORM_WRITE_DOCS").is_some() {
            std::fs::write(path, &fresh).expect("write docs/lint-rules.md");
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == fresh,
            "docs/lint-rules.md is stale; regenerate it with IAMFORM_WRITE_DOCS=1 cargo test --lib rule_docs"
        );
    }
}

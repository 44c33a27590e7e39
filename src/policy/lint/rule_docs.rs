//! Why each lint rule exists, with an example that triggers it; `docs/lint-rules.md` is
//! generated from these texts (`rules_markdown`), and a test keeps the file fresh.

use super::Rule;

impl Rule {
    /// One paragraph on why the rule matters.
    pub fn why(self) -> &'static str {
        self.docs().0
    }

    /// A policy (or statement) that triggers the rule.
    pub fn example(self) -> &'static str {
        self.docs().1
    }

    fn docs(self) -> (&'static str, &'static str) {
        match self {
            Rule::Grammar => (
                "IAM rejects a document that does not follow its policy grammar (unknown elements, an `Effect` other than `Allow`/`Deny`, values of the wrong JSON type), so nothing else in it can be trusted; the other rules wait until it parses. See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html.",
                r#"{"Version": "2012-10-17", "Statement": {"Effect": "Permit", "Action": "s3:GetObject", "Resource": "*"}}"#,
            ),
            Rule::WrongElementForKind => (
                "Each kind of policy allows different elements: identity policies and permissions boundaries name no principal (they apply to whom they are attached to), role trust policies name no resource (the role is the resource), resource-based policies must name a principal, and service control policies name no principal. `policy lint --kind auto` recognises the kind from the elements; pass `--kind` to check a document against a specific one.",
                r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}}   (as --kind identity)"#,
            ),
            Rule::ResourceFormat => (
                "IAM only accepts `*` or an ARN in `Resource`; a bare bucket or role name is rejected. See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html.",
                r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "my-bucket"}"#,
            ),
            Rule::Size => (
                "IAM refuses documents over its quotas (whitespace not counted): 6,144 characters for a customer managed policy or a permissions boundary, 2,048 for a role trust policy at the default quota, 5,120 for a service control policy; inline policies count together per user (2,048), group (5,120) and role (10,240). AWS-managed policies are not bound by the customer managed quota. See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html.",
                "a customer managed policy of 7,000 characters",
            ),
            Rule::UnknownService => (
                "An action prefix that no service of the bundled catalog uses is usually a typo, and a statement naming only such actions grants nothing. IAM accepts it, and the catalog can be older than a new service, so this is a warning that names the catalog's date; it never blocks `plan`.",
                r#"{"Effect": "Allow", "Action": "s4:GetObject", "Resource": "*"}"#,
            ),
            Rule::UnknownAction => (
                "An action its service does not have is usually a typo (a did-you-mean is offered) and grants nothing. IAM accepts it, and the catalog can be older than a new action, so this is a warning naming the catalog's date; it never blocks `plan`.",
                r#"{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}"#,
            ),
            Rule::ResourceMismatch => (
                "A resource that none of the statement's actions acts on grants nothing: `s3:GetObject` on a bucket ARN (not its objects) fails at request time, and actions without resource-level permissions need `\"Resource\": \"*\"`. See the service's \"Resource types\" table in https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html.",
                r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket"}"#,
            ),
            Rule::UnknownConditionKey => (
                "A condition key that is neither a documented global key (`aws:SourceIp`, `aws:PrincipalOrgID`, …) nor a key of its service is never present in a request, so the condition never matches (or, with `…IfExists` or in a Deny, silently stops protecting). See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html.",
                r#"{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIpp": "203.0.113.0/24"}}}"#,
            ),
            Rule::UndocumentedAction => (
                "IAM still accepts some actions that the service authorization reference no longer lists (retired services, previews); they are probably dead weight.",
                r#"{"Effect": "Allow", "Action": "evidently:GetProject", "Resource": "*"}"#,
            ),
            Rule::ConditionValueType => (
                "Typed operators read their values as a type: `IpAddress` a CIDR or address, `Date…` an ISO 8601 date or epoch seconds, `Numeric…` a number, `Bool` and `Null` `true`/`false`, `Arn…` an ARN. A value they cannot read never matches, so an Allow grants nothing and a Deny protects nothing. See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html.",
                r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.300/8"}}}"#,
            ),
            Rule::WildcardPartialFit => (
                "A wildcard action such as `s3:Get*` on an object ARN expands to some actions that act on objects and others (bucket-level ones) that never match that resource. Nothing is wrong, but listing the actions that fit says what the statement really grants.",
                r#"{"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::my-bucket/*"}"#,
            ),
            Rule::FullAdmin => (
                "`Action: *` on `Resource: *` is full administrator access: anyone holding it can do anything, including removing every guard. Keep it to a break-glass role.",
                r#"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#,
            ),
            Rule::PassRoleAnyRole => (
                "`iam:PassRole` on every role lets a principal hand any role, including an administrator one, to a service it can start (EC2, Lambda, ECS…) and act through it. See https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html.",
                r#"{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}"#,
            ),
            Rule::PrivilegeEscalation => (
                "Some actions, alone or together, let a principal give itself more access: rewriting or attaching policies (`iam:CreatePolicyVersion`, `iam:SetDefaultPolicyVersion`, `iam:Attach*Policy`, `iam:Put*Policy`), changing who may assume a role (`iam:UpdateAssumeRolePolicy`), credentials for other users (`iam:CreateAccessKey`, `iam:CreateLoginProfile`, `iam:UpdateLoginProfile`), joining groups, passing a role to new compute (`iam:PassRole` with `ec2:RunInstances`, `lambda:CreateFunction`, `glue:CreateDevEndpoint`, `cloudformation:CreateStack`, …) or changing code that already runs as a role (`lambda:UpdateFunctionCode`, `glue:UpdateDevEndpoint`). These are the published escalation paths (Rhino Security Labs); action names are matched case-insensitively, and the user-credential actions count only when they reach other users than `${aws:username}`.",
                r#"{"Effect": "Allow", "Action": ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": "*"}"#,
            ),
            Rule::WriteAnyResource => (
                "Write and permissions-management actions on `Resource: *` can change or re-share every resource of the service in the account (Cloudsplaining's infrastructure modification and resource exposure); naming the resources keeps a mistake or a stolen credential contained. Actions that only support `*` are not reported.",
                r#"{"Effect": "Allow", "Action": ["s3:PutBucketPolicy", "s3:DeleteObject"], "Resource": "*"}"#,
            ),
            Rule::CredentialsExposure => (
                "Some actions return credentials (`sts:AssumeRole`, `iam:CreateAccessKey`, `ecr:GetAuthorizationToken`, `redshift:GetClusterCredentials`, `sso:GetRoleCredentials`, …); allowed on every resource they hand out access well beyond the policy itself.",
                r#"{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}"#,
            ),
            Rule::SensitiveDataAccess => (
                "Reading every secret, parameter or object (`secretsmanager:GetSecretValue`, `ssm:GetParameter*`, `s3:GetObject`, `kms:Decrypt` on `*`) is data exfiltration waiting to happen (Cloudsplaining); name the secrets, parameters and buckets.",
                r#"{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}"#,
            ),
            Rule::NotResourceWithAllow => (
                "`Allow` with `NotResource` grants every resource except those listed, including resources and services created later. AWS advises against it; list the resources instead. See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html.",
                r#"{"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::secrets/*"}"#,
            ),
            Rule::NotPrincipalWithAllow => (
                "`Allow` with `NotPrincipal` grants access to everyone except the principals listed, anonymous users included. AWS strongly recommends against it. See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html.",
                r#"{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:role/admin"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
            ),
            Rule::MfaFalseCheck => (
                "`aws:MultiFactorAuthPresent` is missing, not false, in requests signed with long-term access keys. `{\"Bool\": {\"aws:MultiFactorAuthPresent\": \"false\"}}` therefore does not match them: a Deny meant to require MFA lets access keys through. Use `BoolIfExists` (or a `Null` check). See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent.",
                r#"{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}"#,
            ),
            Rule::SetOperatorSingleValued => (
                "`ForAllValues:` and `ForAnyValue:` are for multivalued keys such as `aws:TagKeys`. On a single-valued key `ForAllValues:` also matches when the key is missing, which makes an Allow far broader than it reads. See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html.",
                r#"{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}}"#,
            ),
            Rule::TrustAnyone => (
                "A trust policy with `Principal: *` and no condition lets any AWS principal in any account assume the role.",
                r#"{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}"#,
            ),
            Rule::TrustWholeAccount => (
                "Trusting an account root delegates the decision to that account's administrators: every principal they allow may assume the role. Name the roles, or narrow with `aws:PrincipalArn`.",
                r#"{"Effect": "Allow", "Principal": {"AWS": "222222222222"}, "Action": "sts:AssumeRole"}"#,
            ),
            Rule::TrustWithoutExternalId => (
                "A role for a third party's account should require the `sts:ExternalId` they gave you, or the third party can be tricked into using it for someone else (the confused deputy). See https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html.",
                r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999999999999:root"}, "Action": "sts:AssumeRole"}   (with --account 111111111111)"#,
            ),
            Rule::UserWithoutMfa => (
                "When a group declares `require_mfa`, each member must be unable to act without MFA; a policy attached elsewhere that allows actions without the MFA condition defeats it. Checked in manifests only.",
                "a user in a `require_mfa` group with its own unconditional policy",
            ),
        }
    }
}

/// The Markdown of `docs/lint-rules.md`: every rule with its code, level, summary, why
/// and example.
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "# Lint rules\n\n<!-- Generated from src/policy/lint/rule_docs.rs and finding.rs; do not edit. \
         Refresh: `IAMFORM_UPDATE_DOCS=1 cargo test --test lint_rules_doc`. -->\n\n\
         `iamform policy lint` and `iamform validate` report these findings. Errors are what IAM \
         would reject and stop `validate`, `plan` and `apply`; warnings are worth fixing and stop \
         nothing; info is advice shown by `policy lint` only.\n\n\
         | code | name | level | checks |\n|---|---|---|---|\n",
    );
    for r in Rule::ALL {
        out.push_str(&format!(
            "| [{code}](#{anchor}) | `{}` | {} | {} |\n",
            r.name(),
            r.level().word(),
            r.summary(),
            code = r.code(),
            anchor = r.code().to_ascii_lowercase(),
        ));
    }
    for r in Rule::ALL {
        out.push_str(&format!(
            "\n## {}\n\n`{}` · {} · {}\n\n{}\n\n{}\n\n```text\n{}\n```\n",
            r.code(),
            r.name(),
            r.level().word(),
            if r.is_security() {
                "security"
            } else {
                "correctness"
            },
            r.summary(),
            r.why(),
            r.example()
        ));
    }
    out
}

//! A small example of each rule's finding, as `docs/lint-rules.md` shows it; the tests in
//! `rule_docs` check that each policy example triggers its rule.

use super::finding::Rule;
use super::rule_docs::RuleExample;
use crate::policy::PolicyKind;

impl Rule {
    /// A small example that triggers the rule.
    pub fn example(self) -> RuleExample {
        use PolicyKind::{Identity, Resource, RoleTrust};
        use RuleExample::{Described, Manifest, Policy};
        match self {
            Rule::UnknownGlobalConditionKey => Policy(
                Identity,
                r#"{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::my-bucket/*",
    "Condition": {"IpAddress": {"aws:SourceIpp": "203.0.113.0/24"}}
  }
}"#,
            ),
            Rule::ConditionValueType => Policy(
                Identity,
                r#"{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::my-bucket/*",
    "Condition": {"IpAddress": {"aws:SourceIp": "not-an-address"}}
  }
}"#,
            ),
            Rule::Grammar => Policy(
                Identity,
                r#"{
  "Version": "2012-10-17",
  "Statement": {"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}
}"#,
            ),
            Rule::WrongElementForKind => Policy(
                Identity,
                r#"{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Principal": "*",
    "Action": "s3:GetObject",
    "Resource": "*"
  }
}"#,
            ),
            Rule::ResourceFormat => Policy(
                Identity,
                r#"{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Action": "s3:GetObject",
    "Resource": "arn::s3:::my-bucket/*"
  }
}"#,
            ),
            Rule::Size => Described(
                "a customer managed policy one character over its quota: 6,145 characters \
                 (or a role trust policy of 2,049), whitespace not counted.",
            ),
            Rule::UnknownService => Policy(
                Identity,
                r#"{
  "Version": "2012-10-17",
  "Statement": {"Effect": "Allow", "Action": "s4:GetObject", "Resource": "*"}
}"#,
            ),
            Rule::UnknownAction => Policy(
                Identity,
                r#"{
  "Version": "2012-10-17",
  "Statement": {"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}
}"#,
            ),
            Rule::UndocumentedAction => Policy(
                Identity,
                r#"{
  "Version": "2012-10-17",
  "Statement": {"Effect": "Allow", "Action": "codestar:CreateProject", "Resource": "*"}
}"#,
            ),
            Rule::ResourceMismatch => Policy(
                Identity,
                r#"{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Action": "s3:ListBucket",
    "Resource": "arn:aws:s3:::my-bucket/*"
  }
}"#,
            ),
            Rule::UnknownConditionKey => Policy(
                Identity,
                r#"{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Action": "s3:ListBucket",
    "Resource": "arn:aws:s3:::my-bucket",
    "Condition": {"StringLike": {"s3:prefx": "home/*"}}
  }
}"#,
            ),
            Rule::FullAdmin => Policy(
                Identity,
                r#"{
  "Version": "2012-10-17",
  "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}
}"#,
            ),
            Rule::PassRoleAnyRole => Policy(
                Identity,
                r#"{
  "Version": "2012-10-17",
  "Statement": {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}
}"#,
            ),
            Rule::PrivilegeEscalation => Policy(
                Identity,
                r#"{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Action": ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"],
    "Resource": "arn:aws:iam::111122223333:role/*"
  }
}"#,
            ),
            Rule::TrustAnyone => Policy(
                RoleTrust,
                r#"{
  "Version": "2012-10-17",
  "Statement": {"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}
}"#,
            ),
            Rule::TrustWholeAccount => Policy(
                RoleTrust,
                r#"{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
    "Action": "sts:AssumeRole"
  }
}"#,
            ),
            Rule::TrustWithoutExternalId => Policy(
                RoleTrust,
                r#"{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::444455556666:role/vendor"},
    "Action": "sts:AssumeRole"
  }
}"#,
            ),
            Rule::GithubTrustAnyRepository => Policy(
                RoleTrust,
                r#"{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}
  }
}"#,
            ),
            Rule::GitlabTrustAnyProject => Policy(
                RoleTrust,
                r#"{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/gitlab.com"},
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {
      "StringEquals": {"gitlab.com:aud": "https://gitlab.com"},
      "StringLike": {"gitlab.com:sub": "project_path:*"}
    }
  }
}"#,
            ),
            Rule::EksTrustAnyServiceAccount => Policy(
                RoleTrust,
                r#"{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"},
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {
      "StringEquals": {"oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud": "sts.amazonaws.com"}
    }
  }
}"#,
            ),
            Rule::EksTrustWithoutAudience => Policy(
                RoleTrust,
                r#"{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"},
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {
      "StringEquals": {"oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub": "system:serviceaccount:apps:web"}
    }
  }
}"#,
            ),
            Rule::UserWithoutMfa => Manifest(
                "groups:\n  admins:\n    require_mfa: true\n    policies: [AdministratorAccess]\n  \
                 readers:\n    policies: [AdministratorAccess]\nusers:\n  alice:\n    groups: \
                 [admins, readers]\n",
            ),
            Rule::WriteOnAnyResource => Policy(
                Identity,
                r#"{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Action": ["s3:PutObject", "s3:DeleteBucket"],
    "Resource": "*"
  }
}"#,
            ),
            Rule::CredentialsExposure => Policy(
                Identity,
                r#"{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Action": "redshift:GetClusterCredentials",
    "Resource": "*"
  }
}"#,
            ),
            Rule::SensitiveDataAccess => Policy(
                Identity,
                r#"{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Action": "secretsmanager:GetSecretValue",
    "Resource": "*"
  }
}"#,
            ),
            Rule::AllowNotResource => Policy(
                Identity,
                r#"{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Action": "s3:GetObject",
    "NotResource": "arn:aws:s3:::payroll/*"
  }
}"#,
            ),
            Rule::AllowNotPrincipal => Policy(
                Resource,
                r#"{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/intruder"},
    "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::my-bucket/*"
  }
}"#,
            ),
            Rule::MfaMissingNotFalse => Policy(
                Identity,
                r#"{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Deny",
    "Action": "iam:*",
    "Resource": "*",
    "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}
  }
}"#,
            ),
            Rule::SetOperatorOnSingleValuedKey => Policy(
                Identity,
                r#"{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Action": "ec2:RunInstances",
    "Resource": "*",
    "Condition": {
      "ForAllValues:StringEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]}
    }
  }
}"#,
            ),
            Rule::WildcardPartlyFits => Policy(
                Identity,
                r#"{
  "Version": "2012-10-17",
  "Statement": {"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::my-bucket/*"}
}"#,
            ),
        }
    }
}

//! Managed policy references (`policies:` lists, `permissions_boundary`): a manifest
//! policy of the same account, an AWS-managed policy from the built-in list, or an ARN.

use crate::arn::{self, Arn};
use crate::diagnostic::Diagnostic;

use super::decode::closest;
use super::entity_index::AccountManifest;
use super::located::Located;
use crate::policy::aws_managed::AwsManagedPolicies;

/// Resolves policy references within one account.
pub struct PolicyResolver<'a, 'm> {
    /// The account's id, for manifest policy ARNs.
    pub account_id: &'a str,
    /// The account's partition, for every ARN built.
    pub partition: &'a str,
    /// The account's manifest definitions.
    pub account: &'a AccountManifest<'m>,
    /// AWS-managed policies iamform knows by name.
    pub aws: &'a AwsManagedPolicies,
}

impl PolicyResolver<'_, '_> {
    /// The ARN `reference` stands for, or why it stands for nothing.
    pub fn resolve(&self, reference: &Located<String>) -> Result<String, Diagnostic> {
        let name = reference.value.as_str();
        if let Some(policy) = self.account.policies.get(name) {
            let path = policy.spec.path.as_ref().map_or("/", |p| p.value.as_str());
            return Ok(arn::iam_entity_in(
                self.partition,
                self.account_id,
                "policy",
                path,
                name,
            ));
        }
        if let Some(path) = self.aws.path_of(name) {
            return Ok(arn::aws_managed_policy_in(self.partition, path, name));
        }
        if name.starts_with("arn:") {
            return match Arn::parse(name) {
                Ok(a) if a.service == "iam" && a.resource.starts_with("policy/") => Ok(name.to_string()),
                Ok(_) => Err(Diagnostic::error(
                    Some(reference.span.clone()),
                    format!("`{name}` is not a policy ARN"),
                )
                .with_help("policy ARNs look like arn:aws:iam::aws:policy/NAME or arn:aws:iam::123456789012:policy/NAME")),
                Err(e) => Err(Diagnostic::error(Some(reference.span.clone()), e.to_string())
                    .with_help("policy ARNs look like arn:aws:iam::aws:policy/NAME or arn:aws:iam::123456789012:policy/NAME")),
            };
        }
        let mut candidates: Vec<&str> = self.account.policies.keys().map(String::as_str).collect();
        candidates.extend(self.aws.names());
        let fallback = "for an AWS-managed policy not in iamform's built-in list, write its full ARN (arn:aws:iam::aws:policy/…)";
        let help = match closest(name, candidates.into_iter()) {
            Some(best) => format!("did you mean `{best}`? {fallback}"),
            None => format!("define it under `policies:` in this account; {fallback}"),
        };
        Err(Diagnostic::error(
            Some(reference.span.clone()),
            format!("no such policy `{name}`"),
        )
        .with_help(help))
    }
}

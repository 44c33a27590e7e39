//! Managed policy references (`policies:` lists, `permissions_boundary`): a manifest
//! policy of the same account, an AWS-managed policy from the built-in list (by name, by
//! path and name as AWS documents it, `job-function/ViewOnlyAccess`, or by ARN), or an ARN.

use crate::arn::{self, Arn, Partition};
use crate::diagnostic::Diagnostic;

use super::entity_index::AccountManifest;
use super::located::Located;
use crate::policy::aws_managed::{AwsManagedPolicies, AwsManagedPolicy};

/// IAM's longest policy name; longer words get no did-you-mean (which is quadratic).
const MAX_POLICY_NAME: usize = 128;

const ARN_HELP: &str =
    "policy ARNs look like arn:aws:iam::aws:policy/NAME or arn:aws:iam::123456789012:policy/NAME";
const NOT_LISTED: &str = "for an AWS-managed policy not in iamform's built-in list, write its \
full ARN (arn:aws:iam::aws:policy/PATH/NAME)";

/// Resolves policy references within one account.
pub struct PolicyResolver<'a, 'm> {
    /// The account's id, for manifest policy ARNs.
    pub account_id: &'a str,
    /// The account's partition, for every policy ARN.
    pub partition: Partition,
    /// The account's manifest definitions.
    pub account: &'a AccountManifest<'m>,
    /// AWS-managed policies iamform knows by name.
    pub aws: &'a AwsManagedPolicies,
}

impl PolicyResolver<'_, '_> {
    /// The ARN `reference` stands for, or why it stands for nothing.
    pub fn resolve(&self, reference: &Located<String>) -> Result<String, Diagnostic> {
        let name = reference.value.as_str();
        let error = |message: String, help: String| {
            Err(Diagnostic::error(Some(reference.span.clone()), message).with_help(help))
        };
        if let Some(path) = self.manifest_policy_path(name) {
            return Ok(arn::iam_entity(
                self.partition,
                self.account_id,
                "policy",
                path,
                name,
            ));
        }
        if let Some(path) = self.aws.path_of(name) {
            return Ok(arn::aws_managed_policy(self.partition, path, name));
        }
        if name.starts_with("arn:") {
            return match Arn::parse(name) {
                Ok(a) if a.service == "iam" && a.resource.starts_with("policy/") => {
                    self.resolve_arn(name, &a).or_else(|(m, h)| error(m, h))
                }
                Ok(_) => error(format!("`{name}` is not a policy ARN"), ARN_HELP.into()),
                Err(e) => error(e.to_string(), ARN_HELP.into()),
            };
        }
        if let Some((path, short)) = split_path_form(name) {
            if self.manifest_policy_path(short) == Some(path.as_str()) {
                return Ok(arn::iam_entity(
                    self.partition,
                    self.account_id,
                    "policy",
                    &path,
                    short,
                ));
            }
            return match self.aws.get(short) {
                Some(p) if p.path == path => Ok(p.arn(self.partition)),
                Some(p) => error(
                    format!(
                        "AWS-managed policy `{short}` is at path `{}`, not `{path}`",
                        p.path
                    ),
                    format!("write `{}` (or just `{short}`)", reference_form(p)),
                ),
                None => error(
                    format!("no such AWS-managed policy `{name}`"),
                    self.suggestion(short),
                ),
            };
        }
        error(format!("no such policy `{name}`"), self.suggestion(name))
    }

    /// The path of the manifest policy `name` of this account.
    fn manifest_policy_path(&self, name: &str) -> Option<&str> {
        let policy = self.account.policies.get(name)?;
        Some(policy.spec.path.as_ref().map_or("/", |p| p.value.as_str()))
    }

    /// An `iam` policy ARN: AWS-managed ones the built-in list knows must carry their
    /// path; those it does not know are taken as written (the list may be older than
    /// AWS), as are customer-managed ones (the plan checks those of this account).
    fn resolve_arn(&self, name: &str, parsed: &Arn) -> Result<String, (String, String)> {
        if parsed.partition != self.partition {
            // IAM attaches only policies of the account's own partition.
            let fixed = format!(
                "arn:{}:{}",
                self.partition,
                name.splitn(3, ':').nth(2).unwrap_or_default()
            );
            return Err((
                format!(
                    "`{name}` is in partition `{}`, but the account is in `{}`",
                    parsed.partition, self.partition
                ),
                format!("write `{fixed}`, or set the account's `partition` in iamform.yaml"),
            ));
        }
        if parsed.account != "aws" || self.aws.by_arn(name).is_some() {
            return Ok(name.to_string());
        }
        let short = parsed.resource.rsplit('/').next().unwrap_or_default();
        match self.aws.get(short) {
            Some(p) => Err((
                format!(
                    "AWS-managed policy `{short}` is at path `{}`: `{name}` does not exist",
                    p.path
                ),
                format!("write `{}` (or just `{short}`)", p.arn(self.partition)),
            )),
            None => Ok(name.to_string()),
        }
    }

    /// "did you mean …?" for a mistyped name: the closest manifest or AWS-managed policy
    /// name by edit distance, AWS-managed ones written with their path.
    fn suggestion(&self, word: &str) -> String {
        let manifest = self
            .account
            .policies
            .keys()
            .map(|k| (k.as_str(), k.to_string()));
        let aws = self.aws.iter().map(|p| (p.name, reference_form(p)));
        match closest_name(word, manifest.chain(aws)) {
            Some(best) => format!("did you mean `{best}`? {NOT_LISTED}"),
            None => format!("define it under `policies:` in this account; {NOT_LISTED}"),
        }
    }
}

/// `job-function/ViewOnlyAccess` or `/job-function/ViewOnlyAccess` → (`/job-function/`,
/// `ViewOnlyAccess`); `None` for a plain name.
fn split_path_form(reference: &str) -> Option<(String, &str)> {
    let (path, name) = reference.trim_start_matches('/').rsplit_once('/')?;
    Some((format!("/{path}/"), name))
}

/// How a manifest names an AWS-managed policy with its path: `job-function/ViewOnlyAccess`,
/// or just the name at `/`.
fn reference_form(policy: &AwsManagedPolicy) -> String {
    format!("{}{}", policy.path.trim_start_matches('/'), policy.name)
}

/// The candidate whose name (first of each pair) is closest to `word` by Levenshtein
/// distance, ignoring case, if close enough to be a typo: at most 2 edits, or a third of
/// the word. Ties go to the first candidate.
fn closest_name<'c>(
    word: &str,
    candidates: impl Iterator<Item = (&'c str, String)>,
) -> Option<String> {
    if word.len() > MAX_POLICY_NAME {
        return None;
    }
    let word = word.to_lowercase();
    let limit = (word.chars().count() / 3).max(2);
    let mut best: Option<(usize, String)> = None;
    for (name, shown) in candidates {
        if name.len() > MAX_POLICY_NAME {
            continue;
        }
        let distance = strsim::levenshtein(&word, &name.to_lowercase());
        if distance <= limit && best.as_ref().is_none_or(|(d, _)| distance < *d) {
            best = Some((distance, shown));
        }
    }
    best.map(|(_, shown)| shown)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use crate::diagnostic::Span;

    fn resolve(reference: &str) -> Result<String, (String, String)> {
        resolve_in(Partition::Aws, reference)
    }

    fn resolve_in(partition: Partition, reference: &str) -> Result<String, (String, String)> {
        let account = AccountManifest::default();
        let resolver = PolicyResolver {
            account_id: "111111111111",
            partition,
            account: &account,
            aws: AwsManagedPolicies::builtin(),
        };
        let span = Span::new(Arc::new(PathBuf::from("u.yaml")), 3, 14, 5);
        resolver
            .resolve(&Located::new(reference.to_string(), span))
            .map_err(|d| (d.message, d.help.unwrap_or_default()))
    }

    // The documented forms: https://docs.aws.amazon.com/aws-managed-policy/latest/reference/ViewOnlyAccess.html
    // names arn:aws:iam::aws:policy/job-function/ViewOnlyAccess, and
    // https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaBasicExecutionRole.html
    // arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole.
    #[test]
    fn aws_managed_policies_resolve_by_name_path_or_arn() {
        let view = "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess";
        for form in [
            "ViewOnlyAccess",
            "job-function/ViewOnlyAccess",
            "/job-function/ViewOnlyAccess",
            view,
        ] {
            assert_eq!(resolve(form).as_deref(), Ok(view), "{form}");
        }
        let lambda = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
        assert_eq!(
            resolve("service-role/AWSLambdaBasicExecutionRole").as_deref(),
            Ok(lambda)
        );
        assert_eq!(
            resolve("ReadOnlyAccess").as_deref(),
            Ok("arn:aws:iam::aws:policy/ReadOnlyAccess")
        );
        // Not in the built-in list: taken as written. Own-account ARNs are checked by plan.
        for arn in [
            "arn:aws:iam::aws:policy/SomethingNewer",
            "arn:aws:iam::111111111111:policy/legacy-x",
        ] {
            assert_eq!(resolve(arn).as_deref(), Ok(arn));
        }
    }

    // Every partition has its own AWS-managed policies and accounts:
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
    #[test]
    fn references_resolve_in_the_account_partition() {
        let gov = Partition::AwsUsGov;
        assert_eq!(
            resolve_in(gov, "ViewOnlyAccess").as_deref(),
            Ok("arn:aws-us-gov:iam::aws:policy/job-function/ViewOnlyAccess")
        );
        let own = "arn:aws-us-gov:iam::111111111111:policy/legacy-x";
        assert_eq!(resolve_in(gov, own).as_deref(), Ok(own));
        let (message, help) =
            resolve_in(gov, "arn:aws:iam::aws:policy/ReadOnlyAccess").unwrap_err();
        assert_eq!(
            message,
            "`arn:aws:iam::aws:policy/ReadOnlyAccess` is in partition `aws`, but the account is in `aws-us-gov`"
        );
        assert!(
            help.starts_with("write `arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess`"),
            "{help}"
        );
    }

    #[test]
    fn wrong_paths_and_typos_suggest_the_documented_form() {
        let (message, help) = resolve("service-role/ViewOnlyAccess").unwrap_err();
        assert_eq!(
            message,
            "AWS-managed policy `ViewOnlyAccess` is at path `/job-function/`, not `/service-role/`"
        );
        assert_eq!(
            help,
            "write `job-function/ViewOnlyAccess` (or just `ViewOnlyAccess`)"
        );
        let (message, help) = resolve("arn:aws:iam::aws:policy/ViewOnlyAccess").unwrap_err();
        assert!(message.contains("is at path `/job-function/`"), "{message}");
        assert!(
            help.starts_with("write `arn:aws:iam::aws:policy/job-function/ViewOnlyAccess`"),
            "{help}"
        );
        let (message, help) = resolve("job-function/ViewOnlyAcess").unwrap_err();
        assert_eq!(
            message,
            "no such AWS-managed policy `job-function/ViewOnlyAcess`"
        );
        assert!(
            help.starts_with("did you mean `job-function/ViewOnlyAccess`?"),
            "{help}"
        );
        let (_, help) = resolve("AWSLambdaBasicExecutionRol").unwrap_err();
        assert!(
            help.starts_with("did you mean `service-role/AWSLambdaBasicExecutionRole`?"),
            "{help}"
        );
        let (message, help) = resolve("nothing-like-any-policy-at-all").unwrap_err();
        assert_eq!(message, "no such policy `nothing-like-any-policy-at-all`");
        assert!(help.starts_with("define it under `policies:`"), "{help}");
        // A huge word gets no suggestion rather than a quadratic search.
        let (_, help) = resolve(&"x".repeat(100_000)).unwrap_err();
        assert!(help.starts_with("define it"), "{help}");
    }
}

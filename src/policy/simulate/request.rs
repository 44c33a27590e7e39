//! What is being asked: action, resource, principal and the request context.

use std::collections::BTreeMap;

/// Context keys and their values. Keys compare case-insensitively, as in IAM.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context(BTreeMap<String, Vec<String>>);

impl Context {
    /// An empty context.
    pub fn new() -> Context {
        Context::default()
    }

    /// Adds a value to `key` (a key given twice is multivalued).
    pub fn insert(&mut self, key: &str, value: impl Into<String>) {
        self.0
            .entry(key.to_ascii_lowercase())
            .or_default()
            .push(value.into());
    }

    /// Sets `key` unless the caller already gave it.
    pub fn insert_default(&mut self, key: &str, value: impl Into<String>) {
        self.0
            .entry(key.to_ascii_lowercase())
            .or_insert_with(|| vec![value.into()]);
    }

    /// The values of `key`, if present.
    pub fn get(&self, key: &str) -> Option<&[String]> {
        self.0.get(&key.to_ascii_lowercase()).map(Vec::as_slice)
    }
}

/// One request to evaluate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    /// `service:Action`.
    pub action: String,
    /// The resource ARN (or `*`).
    pub resource: String,
    /// The calling principal's ARN, when known; checked against resource policies.
    pub principal: Option<String>,
    /// The account that owns the resource. When it differs from the principal's, the
    /// request is cross-account and needs an Allow on both sides.
    pub resource_account: Option<String>,
    /// Request context (condition keys).
    pub context: Context,
}

impl Request {
    /// A request with the usual principal keys filled from the principal ARN:
    /// `aws:PrincipalArn` (for an assumed-role session, the role's ARN),
    /// `aws:PrincipalAccount`, and `aws:username` for users. The resource's account is
    /// the one in the resource ARN, else the principal's (S3 ARNs carry none).
    pub fn new(
        action: &str,
        resource: &str,
        principal: Option<&str>,
        mut context: Context,
    ) -> Request {
        let principal_account = principal.and_then(arn_account);
        if let Some(arn) = principal {
            context.insert_default("aws:PrincipalArn", principal_arn_key(arn));
            if let Some(account) = principal_account {
                context.insert_default("aws:PrincipalAccount", account);
            }
            let parts: Vec<&str> = arn.splitn(6, ':').collect();
            if parts.len() == 6
                && parts[2] == "iam"
                && let Some(user_path) = parts[5].strip_prefix("user/")
            {
                let name = user_path.rsplit('/').next().unwrap_or(user_path);
                context.insert_default("aws:username", name);
            }
        }
        let resource_account = arn_account(resource).or(principal_account);
        if let Some(account) = resource_account {
            context.insert_default("aws:ResourceAccount", account);
        }
        Request {
            action: action.to_string(),
            resource: resource.to_string(),
            principal: principal.map(str::to_string),
            resource_account: resource_account.map(str::to_string),
            context,
        }
    }

    /// Sets the resource's account, and `aws:ResourceAccount` to it.
    pub fn with_resource_account(mut self, account: &str) -> Request {
        self.resource_account = Some(account.to_string());
        self.context
            .0
            .insert("aws:resourceaccount".into(), vec![account.to_string()]);
        self
    }

    /// True when the principal and the resource are in different known accounts.
    pub fn is_cross_account(&self) -> bool {
        let principal = self.principal.as_deref().and_then(arn_account);
        matches!((principal, self.resource_account.as_deref()), (Some(p), Some(r)) if p != r)
    }
}

/// The account field of an ARN, when it is an account id (not empty, not a pattern
/// such as `*`: a resource pattern names no one account).
fn arn_account(arn: &str) -> Option<&str> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    (parts.len() == 6 && parts[0] == "arn" && crate::arn::is_account_id(parts[4])).then(|| parts[4])
}

/// `aws:PrincipalArn` of a caller: for `arn:aws:sts::A:assumed-role/R/S`, the role's
/// ARN `arn:aws:iam::A:role/R` (the role path is not in the session ARN)
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn).
fn principal_arn_key(arn: &str) -> String {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    if let [_, partition, "sts", _, account, resource] = parts[..]
        && let Some(rest) = resource.strip_prefix("assumed-role/")
        && let Some((role, _)) = rest.split_once('/')
    {
        return format!("arn:{partition}:iam::{account}:role/{role}");
    }
    arn.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn principal_keys_come_from_the_arn_unless_given() {
        let mut cx = Context::new();
        cx.insert("aws:PrincipalAccount", "999999999999");
        let r = Request::new(
            "s3:GetObject",
            "*",
            Some("arn:aws:iam::111111111111:user/people/alice"),
            cx,
        );
        assert_eq!(r.context.get("AWS:USERNAME").unwrap(), ["alice"]);
        assert_eq!(
            r.context.get("aws:principalaccount").unwrap(),
            ["999999999999"]
        );
        assert!(r.context.get("aws:sourceip").is_none());
        assert_eq!(r.resource_account.as_deref(), Some("111111111111"));
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
    #[test]
    fn sessions_report_their_role_and_resources_their_account() {
        let r = Request::new(
            "sqs:SendMessage",
            "arn:aws:sqs:us-east-1:222222222222:q",
            Some("arn:aws:sts::111111111111:assumed-role/app/build-7"),
            Context::new(),
        );
        assert_eq!(
            r.context.get("aws:PrincipalArn").unwrap(),
            ["arn:aws:iam::111111111111:role/app"]
        );
        assert!(r.context.get("aws:username").is_none());
        assert_eq!(r.resource_account.as_deref(), Some("222222222222"));
        assert!(r.is_cross_account());
        let pattern = Request::new(
            "sqs:SendMessage",
            "arn:aws:sqs:*:*:q",
            Some("arn:aws:iam::111111111111:user/alice"),
            Context::new(),
        );
        assert_eq!(pattern.resource_account.as_deref(), Some("111111111111"));
        let same = r.clone().with_resource_account("111111111111");
        assert!(!same.is_cross_account());
        assert_eq!(
            same.context.get("aws:ResourceAccount").unwrap(),
            ["111111111111"]
        );
    }
}

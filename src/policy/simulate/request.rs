//! What is being asked: action, resource, principal and the request context.

use std::collections::BTreeMap;

use super::caller::Caller;

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
    /// The account the principal belongs to (from its ARN), when known.
    pub principal_account: Option<String>,
    /// The account that owns the resource; `None`: the principal's own account.
    pub resource_account: Option<String>,
    /// Request context (condition keys).
    pub context: Context,
}

impl Request {
    /// A same-account request with the usual principal keys filled from the principal
    /// ARN: `aws:PrincipalArn` (a session's role, as AWS fills it), `aws:PrincipalAccount`,
    /// and `aws:username` for users.
    pub fn new(
        action: &str,
        resource: &str,
        principal: Option<&str>,
        mut context: Context,
    ) -> Request {
        let mut principal_account = None;
        if let Some(arn) = principal {
            let caller = Caller::parse(arn);
            let principal_arn = caller.session_role_arn();
            context.insert_default("aws:PrincipalArn", principal_arn.as_deref().unwrap_or(arn));
            principal_account = caller.account.map(str::to_string);
            if let Some(account) = caller.account {
                context.insert_default("aws:PrincipalAccount", account);
            }
            let parts: Vec<&str> = arn.splitn(6, ':').collect();
            if let [.., resource] = parts.as_slice()
                && parts.len() == 6
                && let Some(user_path) = resource.strip_prefix("user/")
            {
                let name = user_path.rsplit('/').next().unwrap_or(user_path);
                context.insert_default("aws:username", name);
            }
        }
        Request {
            action: action.to_string(),
            resource: resource.to_string(),
            principal: principal.map(str::to_string),
            principal_account,
            resource_account: None,
            context,
        }
    }

    /// The request with the resource owned by `account` (also `aws:ResourceAccount`,
    /// unless the context gives it).
    pub fn with_resource_account(mut self, account: &str) -> Request {
        self.context.insert_default("aws:ResourceAccount", account);
        self.resource_account = Some(account.to_string());
        self
    }

    /// True when the principal's and the resource's accounts are both known and differ:
    /// then both sides must allow the request.
    pub fn is_cross_account(&self) -> bool {
        matches!(
            (&self.principal_account, &self.resource_account),
            (Some(p), Some(r)) if p != r
        )
    }
}

/// The account in an ARN's account field (`arn:P:S:R:ACCOUNT:…`), if it is a 12-digit id.
pub fn account_in_arn(arn: &str) -> Option<&str> {
    arn.strip_prefix("arn:")?
        .split(':')
        .nth(3)
        .filter(|a| crate::arn::is_account_id(a))
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
        assert_eq!(r.principal_account.as_deref(), Some("111111111111"));
        assert!(!r.is_cross_account());
        let r = r.with_resource_account("222222222222");
        assert!(r.is_cross_account());
        assert_eq!(
            r.context.get("aws:ResourceAccount").unwrap(),
            ["222222222222"]
        );
    }

    /// For a role session, aws:PrincipalArn is the role's ARN, not the session's:
    /// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
    #[test]
    fn a_sessions_principal_arn_is_its_role() {
        let r = Request::new(
            "s3:GetObject",
            "*",
            Some("arn:aws:sts::111111111111:assumed-role/deploy/ci"),
            Context::new(),
        );
        assert_eq!(
            r.context.get("aws:PrincipalArn").unwrap(),
            ["arn:aws:iam::111111111111:role/deploy"]
        );
        assert!(r.context.get("aws:username").is_none());
    }

    #[test]
    fn accounts_come_from_arns() {
        assert_eq!(
            account_in_arn("arn:aws:sqs:us-east-1:222222222222:queue"),
            Some("222222222222")
        );
        assert_eq!(account_in_arn("arn:aws:s3:::bucket/key"), None);
        assert_eq!(account_in_arn("arn:aws:iam::*:user/x"), None);
        assert_eq!(account_in_arn("*"), None);
    }
}

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
    /// Request context (condition keys).
    pub context: Context,
}

impl Request {
    /// A request with the usual principal keys filled from the principal ARN:
    /// `aws:PrincipalArn`, `aws:PrincipalAccount`, and `aws:username` for users.
    pub fn new(
        action: &str,
        resource: &str,
        principal: Option<&str>,
        mut context: Context,
    ) -> Request {
        if let Some(arn) = principal {
            context.insert_default("aws:PrincipalArn", arn);
            let parts: Vec<&str> = arn.splitn(6, ':').collect();
            if parts.len() == 6 {
                if !parts[4].is_empty() {
                    context.insert_default("aws:PrincipalAccount", parts[4]);
                }
                if let Some(user_path) = parts[5].strip_prefix("user/") {
                    let name = user_path.rsplit('/').next().unwrap_or(user_path);
                    context.insert_default("aws:username", name);
                }
            }
        }
        Request {
            action: action.to_string(),
            resource: resource.to_string(),
            principal: principal.map(str::to_string),
            context,
        }
    }
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
    }
}

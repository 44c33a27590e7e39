//! Keeps credential-like values out of every rendering.
//!
//! The model holds no secrets today, but renderers show JSON values they do not define
//! themselves (policy documents read from accounts, the password policy) and the whole
//! plan as JSON. If a value ever sits under a key that names credential material, it is
//! replaced before anything is rendered, so a future model field or a strange document
//! cannot leak it into a terminal, a pull-request comment or a saved plan.

use serde_json::Value;

/// What a redacted value is replaced with.
pub(crate) const REDACTED: &str = "(redacted)";

/// Key names (lower-case, without `_`, `-` and spaces) that hold credential material.
/// Exact names only: IAM condition keys (`aws:RequestTag/secret`) and password-policy
/// settings (`minimum_password_length`) must stay visible.
const SECRET_KEYS: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "newpassword",
    "oldpassword",
    "secret",
    "secretkey",
    "secretaccesskey",
    "awssecretaccesskey",
    "clientsecret",
    "privatekey",
    "sessiontoken",
    "awssessiontoken",
    "token",
    "credentials",
    "sshprivatekey",
];

/// True when a JSON object key names credential material.
pub(crate) fn is_secret_key(key: &str) -> bool {
    let normalized: String = key
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .flat_map(char::to_lowercase)
        .collect();
    SECRET_KEYS.contains(&normalized.as_str())
}

/// Replaces every string or structured value under a secret-named key, at any depth.
/// Booleans and numbers stay: a flag or a length is never a credential.
pub(crate) fn redact(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map.iter_mut() {
                if is_secret_key(key) && !matches!(inner, Value::Bool(_) | Value::Number(_)) {
                    *inner = Value::String(REDACTED.to_string());
                } else {
                    redact(inner);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn credential_names_are_recognized_in_any_spelling() {
        for key in [
            "password",
            "SecretAccessKey",
            "secret_access_key",
            "Session-Token",
        ] {
            assert!(is_secret_key(key), "{key}");
        }
        for key in [
            "minimum_password_length",
            "allow_users_to_change_password",
            "aws:RequestTag/secret",
            "Statement",
            "policy_arn",
        ] {
            assert!(!is_secret_key(key), "{key}");
        }
    }

    #[test]
    fn redacts_nested_values_but_keeps_flags() {
        let mut value = json!({
            "Statement": [{"Condition": {"StringEquals": {"SecretAccessKey": "wJalrXUtnFEMI"}}}],
            "password": {"value": "hunter2"},
            "token": true,
            "Effect": "Allow"
        });
        redact(&mut value);
        assert_eq!(
            value,
            json!({
                "Statement": [{"Condition": {"StringEquals": {"SecretAccessKey": REDACTED}}}],
                "password": REDACTED,
                "token": true,
                "Effect": "Allow"
            })
        );
    }
}

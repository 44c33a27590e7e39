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

    /// A plan whose documents carry credential-like values and whose created entity
    /// carries IAM metadata, which the human renderers do not list.
    fn plan_with_secrets() -> crate::plan::Plan {
        use crate::diff::Action;
        use crate::model::{Entity, EntityKind, EntityMeta, PolicyDocument};
        use crate::render::fixture_plans::{PlanBuilder, prod};
        use crate::render::plan_builder::user;

        let mut b = PlanBuilder::new(&[prod()]);
        let mut alice = user("alice", "/");
        alice.meta = EntityMeta {
            id: Some("AIDAEXAMPLEUNIQUEID".into()),
            arn: Some("arn:aws:iam::111111111111:user/alice".into()),
            created: Some("2024-01-01T00:00:00Z".into()),
        };
        b.change(
            &prod(),
            EntityKind::User,
            "alice",
            Action::Create {
                entity: Box::new(Entity::User(alice)),
            },
            &[],
        );
        let leaky = PolicyDocument(json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*",
                "Condition": {"StringEquals": {"SecretAccessKey": "wJalrXUtnFEMIK7MDENG"}}}],
            "password": "hunter2"
        }));
        b.change(
            &prod(),
            EntityKind::User,
            "alice",
            Action::PutInlinePolicy {
                policy_name: "inline".into(),
                before: Some(leaky.clone()),
                after: leaky.clone(),
            },
            &[],
        );
        b.change(
            &prod(),
            EntityKind::Role,
            "ci",
            Action::UpdateTrustPolicy {
                before: PolicyDocument(json!({})),
                after: leaky,
            },
            &[],
        );
        b.build()
    }

    #[test]
    fn no_rendering_shows_credential_values() {
        use crate::render::{TextOptions, json, markdown, text};
        let plan = plan_with_secrets();
        for (name, out) in [
            ("text", text(&plan, &TextOptions { color: true })),
            ("markdown", markdown(&plan)),
            ("json", json(&plan)),
        ] {
            assert!(
                !out.contains("wJalrXUtnFEMIK7MDENG"),
                "{name} leaks a key:\n{out}"
            );
            assert!(!out.contains("hunter2"), "{name} leaks a password:\n{out}");
            assert!(out.contains(REDACTED), "{name} shows no redaction:\n{out}");
        }
    }

    #[test]
    fn human_renderings_show_only_documented_attributes() {
        use crate::render::{TextOptions, markdown, text};
        let plan = plan_with_secrets();
        for out in [text(&plan, &TextOptions::default()), markdown(&plan)] {
            for meta in ["AIDAEXAMPLEUNIQUEID", "user/alice", "2024-01-01"] {
                assert!(!out.contains(meta), "{meta} in:\n{out}");
            }
        }
    }
}

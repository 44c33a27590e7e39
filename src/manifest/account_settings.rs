//! `account_settings`: the account alias and the IAM user password policy.

use crate::diagnostic::Diagnostic;
use crate::model::{AccountSettings, PasswordPolicy};

use super::document::{AccountSettingsSpec, PasswordPolicySpec};
use super::located::Located;

/// AWS's default minimum password length, used when the manifest sets none.
pub const DEFAULT_MINIMUM_PASSWORD_LENGTH: u32 = 8;

/// Converts and checks account settings.
pub fn account_settings(spec: &AccountSettingsSpec, sink: &mut Vec<Diagnostic>) -> AccountSettings {
    if let Some(alias) = &spec.alias {
        sink.extend(check_alias(alias));
    }
    let services = spec.service_linked_roles.as_deref().unwrap_or_default();
    for service in services {
        let s = &service.value;
        let ok = s.ends_with(".amazonaws.com")
            && s.len() > ".amazonaws.com".len()
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-".contains(c));
        if !ok {
            sink.push(
                Diagnostic::error(
                    Some(service.span.clone()),
                    format!("`{s}` is not an AWS service principal"),
                )
                .with_help("write the service's principal, e.g. `elasticbeanstalk.amazonaws.com`"),
            );
        }
    }
    AccountSettings {
        alias: spec.alias.as_ref().map(|a| a.value.clone()),
        password_policy: spec
            .password_policy
            .as_ref()
            .map(|p| password_policy(&p.value, sink)),
        service_linked_roles: services.iter().map(|s| s.value.clone()).collect(),
        prune_service_linked_roles: spec.prune_service_linked_roles == Some(true),
    }
}

fn check_alias(alias: &Located<String>) -> Option<Diagnostic> {
    let a = &alias.value;
    let ok = (3..=63).contains(&a.len())
        && a.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !a.starts_with('-')
        && !a.ends_with('-');
    (!ok).then(|| {
        Diagnostic::error(Some(alias.span.clone()), format!("`{a}` is not a valid account alias"))
            .with_help("use 3 to 63 lower-case letters, digits and hyphens, not starting or ending with a hyphen")
    })
}

fn in_range(
    value: &Located<u32>,
    what: &str,
    min: u32,
    max: u32,
    sink: &mut Vec<Diagnostic>,
) -> u32 {
    if !(min..=max).contains(&value.value) {
        sink.push(
            Diagnostic::error(
                Some(value.span.clone()),
                format!("{what} {} is out of range", value.value),
            )
            .with_help(format!("IAM accepts {min} to {max}")),
        );
    }
    value.value
}

fn password_policy(spec: &PasswordPolicySpec, sink: &mut Vec<Diagnostic>) -> PasswordPolicy {
    let flag = |b: Option<bool>| b.unwrap_or(false);
    PasswordPolicy {
        minimum_password_length: spec
            .minimum_password_length
            .as_ref()
            .map_or(DEFAULT_MINIMUM_PASSWORD_LENGTH, |v| {
                in_range(v, "minimum_password_length", 6, 128, sink)
            }),
        require_symbols: flag(spec.require_symbols),
        require_numbers: flag(spec.require_numbers),
        require_uppercase_characters: flag(spec.require_uppercase_characters),
        require_lowercase_characters: flag(spec.require_lowercase_characters),
        allow_users_to_change_password: flag(spec.allow_users_to_change_password),
        max_password_age: spec
            .max_password_age
            .as_ref()
            .map(|v| in_range(v, "max_password_age", 1, 1095, sink)),
        password_reuse_prevention: spec
            .password_reuse_prevention
            .as_ref()
            .map(|v| in_range(v, "password_reuse_prevention", 1, 24, sink)),
        hard_expiry: flag(spec.hard_expiry),
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use crate::diagnostic::Span;

    fn at<T>(v: T) -> Located<T> {
        Located::new(v, Span::new(Arc::new(PathBuf::from("t.yaml")), 2, 3, 1))
    }

    #[test]
    fn checks_alias_and_ranges() {
        let spec = AccountSettingsSpec {
            alias: Some(at("Acme-".to_string())),
            password_policy: Some(at(PasswordPolicySpec {
                minimum_password_length: Some(at(4)),
                require_symbols: Some(true),
                require_numbers: None,
                require_uppercase_characters: None,
                require_lowercase_characters: None,
                allow_users_to_change_password: Some(true),
                max_password_age: Some(at(90)),
                password_reuse_prevention: Some(at(25)),
                hard_expiry: None,
            })),
            service_linked_roles: Some(vec![
                at("elasticbeanstalk.amazonaws.com".to_string()),
                at("Elastic Beanstalk".to_string()),
            ]),
            prune_service_linked_roles: None,
        };
        let mut sink = Vec::new();
        let settings = account_settings(&spec, &mut sink);
        let messages: Vec<_> = sink.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`Acme-` is not a valid account alias",
                "`Elastic Beanstalk` is not an AWS service principal",
                "minimum_password_length 4 is out of range",
                "password_reuse_prevention 25 is out of range",
            ]
        );
        assert!(
            settings
                .service_linked_roles
                .contains("elasticbeanstalk.amazonaws.com")
        );
        assert!(!settings.prune_service_linked_roles);
        let p = settings.password_policy.unwrap();
        assert!(p.require_symbols && p.allow_users_to_change_password && !p.hard_expiry);
        assert_eq!(p.max_password_age, Some(90));
    }

    #[test]
    fn minimum_length_defaults_to_aws_default() {
        let spec = AccountSettingsSpec {
            alias: Some(at("acme-prod".to_string())),
            password_policy: Some(at(PasswordPolicySpec {
                minimum_password_length: None,
                require_symbols: None,
                require_numbers: None,
                require_uppercase_characters: None,
                require_lowercase_characters: None,
                allow_users_to_change_password: None,
                max_password_age: None,
                password_reuse_prevention: None,
                hard_expiry: None,
            })),
            service_linked_roles: None,
            prune_service_linked_roles: None,
        };
        let mut sink = Vec::new();
        let s = account_settings(&spec, &mut sink);
        assert!(sink.is_empty());
        assert_eq!(s.password_policy.unwrap().minimum_password_length, 8);
    }
}

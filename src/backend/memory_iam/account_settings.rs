//! Account alias and password policy, with IAM's value ranges.

use crate::backend::BackendError;
use crate::model::{AccountIam, PasswordPolicy};

/// IAM's CreateAccountAlias: 3–63 lower-case letters, digits and single hyphens, not
/// starting or ending with a hyphen. An account has one alias; a new one replaces it.
pub fn set_alias(account: &mut AccountIam, alias: &str) -> Result<(), BackendError> {
    let valid_chars = alias
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let valid = (3..=63).contains(&alias.len())
        && valid_chars
        && !alias.starts_with('-')
        && !alias.ends_with('-')
        && !alias.contains("--");
    if !valid {
        return Err(BackendError::InvalidInput(format!(
            "account alias `{alias}` must be 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit"
        )));
    }
    account.settings.alias = Some(alias.to_string());
    Ok(())
}

/// IAM's UpdateAccountPasswordPolicy.
pub fn set_password_policy(
    account: &mut AccountIam,
    policy: &PasswordPolicy,
) -> Result<(), BackendError> {
    let out_of_range = |what: &str, range: &str| {
        Err(BackendError::InvalidInput(format!(
            "password policy {what} must be in {range}"
        )))
    };
    if !(6..=128).contains(&policy.minimum_password_length) {
        return out_of_range("minimum_password_length", "6–128");
    }
    if policy
        .max_password_age
        .is_some_and(|d| !(1..=1095).contains(&d))
    {
        return out_of_range("max_password_age", "1–1095");
    }
    if policy
        .password_reuse_prevention
        .is_some_and(|n| !(1..=24).contains(&n))
    {
        return out_of_range("password_reuse_prevention", "1–24");
    }
    account.settings.password_policy = Some(policy.clone());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(min: u32) -> PasswordPolicy {
        PasswordPolicy {
            minimum_password_length: min,
            require_symbols: true,
            require_numbers: true,
            require_uppercase_characters: false,
            require_lowercase_characters: false,
            allow_users_to_change_password: true,
            max_password_age: Some(90),
            password_reuse_prevention: None,
            hard_expiry: false,
        }
    }

    #[test]
    fn alias_follows_iam_rules() {
        let mut account = AccountIam::new("123456789012");
        set_alias(&mut account, "acme-prod").unwrap();
        assert_eq!(account.settings.alias.as_deref(), Some("acme-prod"));
        for bad in ["ab", "Acme", "-acme", "acme-", "ac--me", "acme_prod"] {
            assert!(
                matches!(
                    set_alias(&mut account, bad),
                    Err(BackendError::InvalidInput(_))
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn password_policy_ranges_are_checked() {
        let mut account = AccountIam::new("123456789012");
        set_password_policy(&mut account, &policy(14)).unwrap();
        assert!(set_password_policy(&mut account, &policy(5)).is_err());
        let mut reuse = policy(14);
        reuse.password_reuse_prevention = Some(25);
        assert!(set_password_policy(&mut account, &reuse).is_err());
        assert_eq!(account.settings.password_policy, Some(policy(14)));
    }
}

//! Account alias and password policy, with IAM's value ranges.

use crate::backend::BackendError;
use crate::model::{AccountIam, EntityMeta, PasswordPolicy, PolicyDocument, Role};

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

/// The role name the fake gives the service-linked role of `service`:
/// `AWSServiceRoleFor` and the service's first label, capitalized (IAM's own names vary
/// by service; only the path `/aws-service-role/SERVICE/` is fixed).
fn linked_role_name(service: &str) -> String {
    let label = service.split('.').next().unwrap_or(service);
    let mut chars = label.chars();
    let first = chars.next().map(|c| c.to_ascii_uppercase());
    format!(
        "AWSServiceRoleFor{}{}",
        first.into_iter().collect::<String>(),
        chars.as_str()
    )
}

/// CreateServiceLinkedRole: a role at `/aws-service-role/SERVICE/` the service trusts;
/// InvalidInput when the service already has one, as IAM answers.
pub fn create_service_linked_role(
    account: &mut AccountIam,
    service: &str,
) -> Result<(), BackendError> {
    let path = format!("/aws-service-role/{service}/");
    if account.roles.values().any(|r| r.path == path) {
        return Err(BackendError::InvalidInput(format!(
            "Service role name {} has been taken in this account",
            linked_role_name(service)
        )));
    }
    let name = linked_role_name(service);
    let trust = serde_json::json!({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]});
    let role = Role {
        name: name.clone(),
        path: path.clone(),
        description: None,
        max_session_duration: crate::model::DEFAULT_MAX_SESSION_DURATION,
        trust_policy: PolicyDocument(trust),
        permissions_boundary: None,
        managed_policies: Default::default(),
        inline_policies: Default::default(),
        tags: Default::default(),
        meta: EntityMeta {
            id: None,
            arn: Some(crate::arn::iam_entity(
                account.partition,
                &account.account_id,
                "role",
                &path,
                &name,
            )),
            created: None,
        },
    };
    account.roles.insert(name, role);
    Ok(())
}

/// DeleteServiceLinkedRole: only a role under `/aws-service-role/`.
pub fn delete_service_linked_role(
    account: &mut AccountIam,
    role: &str,
) -> Result<(), BackendError> {
    match account.roles.get(role) {
        Some(r) if r.path.starts_with("/aws-service-role/") => {
            account.roles.remove(role);
            Ok(())
        }
        Some(_) => Err(BackendError::InvalidInput(format!(
            "role {role} is not a service-linked role"
        ))),
        None => Err(BackendError::NoSuchEntity(format!("role {role}"))),
    }
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

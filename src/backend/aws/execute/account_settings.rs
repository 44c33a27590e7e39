//! Account-wide settings: the alias and the password policy.

use crate::backend::BackendError;
use crate::backend::aws::account_session::AccountSession;
use crate::backend::aws::pagination::MAX_ITEMS;
use crate::model::PasswordPolicy;

/// Makes `alias` the account alias, deleting a different existing alias first
/// (an account has at most one).
pub(crate) async fn set_alias(session: &AccountSession, alias: &str) -> Result<(), BackendError> {
    let iam = &session.iam;
    let listed = session
        .read(
            "ListAccountAliases",
            session
                .reads
                .list_account_aliases()
                .max_items(MAX_ITEMS)
                .send(),
        )
        .await?;
    for existing in listed.account_aliases() {
        if existing == alias {
            return Ok(());
        }
        let call = iam.delete_account_alias().account_alias(existing).send();
        session.send("DeleteAccountAlias", call).await?;
    }
    let call = iam.create_account_alias().account_alias(alias).send();
    session.send("CreateAccountAlias", call).await.map(drop)
}

fn as_i32(what: &str, value: u32) -> Result<i32, BackendError> {
    i32::try_from(value)
        .map_err(|_| BackendError::InvalidInput(format!("{what} {value} is too large")))
}

/// Sets every field of the password policy (omitted optional fields mean "never
/// expires" and "no reuse prevention" to IAM).
pub(crate) async fn set_password_policy(
    session: &AccountSession,
    policy: &PasswordPolicy,
) -> Result<(), BackendError> {
    let call = session
        .iam
        .update_account_password_policy()
        .minimum_password_length(as_i32(
            "minimum password length",
            policy.minimum_password_length,
        )?)
        .require_symbols(policy.require_symbols)
        .require_numbers(policy.require_numbers)
        .require_uppercase_characters(policy.require_uppercase_characters)
        .require_lowercase_characters(policy.require_lowercase_characters)
        .allow_users_to_change_password(policy.allow_users_to_change_password)
        .set_max_password_age(
            policy
                .max_password_age
                .map(|v| as_i32("max password age", v))
                .transpose()?,
        )
        .set_password_reuse_prevention(
            policy
                .password_reuse_prevention
                .map(|v| as_i32("password reuse prevention", v))
                .transpose()?,
        )
        .hard_expiry(policy.hard_expiry)
        .send();
    session
        .send("UpdateAccountPasswordPolicy", call)
        .await
        .map(drop)
}

/// CreateServiceLinkedRole: the service names the role and attaches its policy
/// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateServiceLinkedRole.html).
pub(crate) async fn create_service_linked_role(
    session: &AccountSession,
    service: &str,
) -> Result<(), BackendError> {
    let call = session
        .iam
        .create_service_linked_role()
        .aws_service_name(service)
        .send();
    session
        .send("CreateServiceLinkedRole", call)
        .await
        .map(drop)
}

/// DeleteServiceLinkedRole: IAM deletes it in the background once the service no
/// longer uses it (https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteServiceLinkedRole.html).
pub(crate) async fn delete_service_linked_role(
    session: &AccountSession,
    role: &str,
) -> Result<(), BackendError> {
    let call = session
        .iam
        .delete_service_linked_role()
        .role_name(role)
        .send();
    session
        .send("DeleteServiceLinkedRole", call)
        .await
        .map(drop)
}

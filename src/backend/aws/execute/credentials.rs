//! A user's console password and access keys, removed one call at a time. Nothing here
//! reads or sends a secret: DeleteLoginProfile and DeleteAccessKey take a user name and
//! a key id.

use crate::backend::BackendError;
use crate::backend::aws::account_session::AccountSession;
use crate::model::{EntityKind, EntityRef};

fn user_name(target: &EntityRef) -> Result<&str, BackendError> {
    if target.kind == EntityKind::User {
        Ok(&target.name)
    } else {
        Err(BackendError::InvalidInput(format!(
            "credentials belong to users, not {target}"
        )))
    }
}

/// DeleteLoginProfile: the user can no longer sign in to the console.
pub(crate) async fn delete_login_profile(
    session: &AccountSession,
    target: &EntityRef,
) -> Result<(), BackendError> {
    let call = session
        .iam
        .delete_login_profile()
        .user_name(user_name(target)?)
        .send();
    session.send("DeleteLoginProfile", call).await.map(drop)
}

/// DeleteAccessKey of one key.
pub(crate) async fn delete_access_key(
    session: &AccountSession,
    target: &EntityRef,
    key_id: &str,
) -> Result<(), BackendError> {
    let call = session
        .iam
        .delete_access_key()
        .user_name(user_name(target)?)
        .access_key_id(key_id)
        .send();
    session.send("DeleteAccessKey", call).await.map(drop)
}

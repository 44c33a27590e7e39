//! Users' login profiles and access keys, with IAM's answers: deleting what is not there
//! is NoSuchEntity. Only ids and dates are held; there is no secret to hold.

use super::naming::existing_key;
use crate::backend::BackendError;
use crate::model::{AccountIam, EntityKind, EntityRef, UserCredentials};

fn credentials<'a>(
    account: &'a mut AccountIam,
    target: &EntityRef,
) -> Result<(String, &'a mut UserCredentials), BackendError> {
    if target.kind != EntityKind::User {
        return Err(BackendError::InvalidInput(format!(
            "credentials belong to users, not {target}"
        )));
    }
    let key = existing_key(&account.users, EntityKind::User, &target.name)?;
    let user = account.users.get_mut(&key).expect("key was just found");
    Ok((
        key,
        user.credential_state.get_or_insert_with(Default::default),
    ))
}

/// IAM's DeleteLoginProfile.
pub fn delete_login_profile(
    account: &mut AccountIam,
    target: &EntityRef,
) -> Result<(), BackendError> {
    let (name, creds) = credentials(account, target)?;
    if !creds.login_profile {
        return Err(BackendError::NoSuchEntity(format!(
            "login profile for user `{name}` cannot be found"
        )));
    }
    creds.login_profile = false;
    Ok(())
}

/// IAM's DeleteAccessKey.
pub fn delete_access_key(
    account: &mut AccountIam,
    target: &EntityRef,
    key_id: &str,
) -> Result<(), BackendError> {
    let (name, creds) = credentials(account, target)?;
    let before = creds.access_keys.len();
    creds.access_keys.retain(|k| k.id != key_id);
    if creds.access_keys.len() == before {
        return Err(BackendError::NoSuchEntity(format!(
            "the access key {key_id} of user `{name}` cannot be found"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AccessKeyInfo, User};

    fn account() -> AccountIam {
        let mut account = AccountIam::new("111111111111");
        let user: User = serde_json::from_value(serde_json::json!({
            "name": "alice",
            "credential_state": {
                "login_profile": true,
                "access_keys": [{"id": "AKIAONE", "status": "Active"}],
                "mfa_devices": 0
            }
        }))
        .unwrap();
        account.users.insert("alice".into(), user);
        account
    }

    fn alice() -> EntityRef {
        EntityRef::new(EntityKind::User, "alice")
    }

    #[test]
    fn deletes_once_then_no_such_entity() {
        let mut account = account();
        delete_login_profile(&mut account, &alice()).unwrap();
        assert!(matches!(
            delete_login_profile(&mut account, &alice()),
            Err(BackendError::NoSuchEntity(_))
        ));
        delete_access_key(&mut account, &alice(), "AKIAONE").unwrap();
        assert!(matches!(
            delete_access_key(&mut account, &alice(), "AKIAONE"),
            Err(BackendError::NoSuchEntity(_))
        ));
        let creds = account.users["alice"].credential_state.clone().unwrap();
        assert_eq!(creds.access_keys, Vec::<AccessKeyInfo>::new());
        assert!(!creds.login_profile);
    }

    #[test]
    fn unknown_user_is_no_such_entity() {
        let mut account = account();
        let bob = EntityRef::new(EntityKind::User, "bob");
        assert!(matches!(
            delete_login_profile(&mut account, &bob),
            Err(BackendError::NoSuchEntity(_))
        ));
    }
}

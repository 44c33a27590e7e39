//! Waiting for Identity Center's asynchronous operations (account assignments,
//! permission-set provisioning): both answer a status with a request id to ask again.

use std::time::Duration;

use aws_sdk_ssoadmin::types::{
    AccountAssignmentOperationStatus, PermissionSetProvisioningStatus, StatusValues,
};

use crate::backend::BackendError;

/// How often, and how long at most, an asynchronous operation's status is asked.
const POLL_EVERY: Duration = Duration::from_secs(2);
const POLL_TIMES: u32 = 60;

/// The status of an asynchronous Identity Center operation, as its two kinds report it.
pub(super) trait OperationStatus {
    fn state(&self) -> Option<&StatusValues>;
    fn reason(&self) -> Option<&str>;
    fn request_id(&self) -> Option<&str>;
}

impl OperationStatus for AccountAssignmentOperationStatus {
    fn state(&self) -> Option<&StatusValues> {
        self.status()
    }
    fn reason(&self) -> Option<&str> {
        self.failure_reason()
    }
    fn request_id(&self) -> Option<&str> {
        self.request_id()
    }
}

impl OperationStatus for PermissionSetProvisioningStatus {
    fn state(&self) -> Option<&StatusValues> {
        self.status()
    }
    fn reason(&self) -> Option<&str> {
        self.failure_reason()
    }
    fn request_id(&self) -> Option<&str> {
        self.request_id()
    }
}

/// Waits while `status` says in progress, asking `next` (with the request id) every
/// [`POLL_EVERY`], at most [`POLL_TIMES`] times; a failure gives its reason.
pub(super) async fn wait_for<S: OperationStatus>(
    mut status: S,
    what: &str,
    next: impl AsyncFn(String) -> Result<Option<S>, BackendError>,
) -> Result<(), BackendError> {
    for _ in 0..POLL_TIMES {
        match status.state() {
            Some(StatusValues::InProgress) => {}
            Some(StatusValues::Failed) => {
                return Err(BackendError::Other(format!(
                    "{what} failed: {}",
                    status.reason().unwrap_or("no reason given")
                )));
            }
            _ => return Ok(()),
        }
        tokio::time::sleep(POLL_EVERY).await;
        let Some(request_id) = status.request_id() else {
            return Ok(());
        };
        status = next(request_id.to_string())
            .await?
            .ok_or_else(|| BackendError::Other(format!("{what}: status missing")))?;
    }
    Err(BackendError::Other(format!(
        "{what} still in progress after two minutes"
    )))
}

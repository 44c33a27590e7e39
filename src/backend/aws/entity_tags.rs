//! The tags of customer-managed policies and instance profiles, which no listing returns
//! (GetAccountAuthorizationDetails and ListInstanceProfiles leave them out): one call per
//! entity, only for the entities a [`ReadScope`] wants, a few at once.
//!
//! Policies: ListPolicyTags
//! (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPolicyTags.html).
//! Instance profiles: GetInstanceProfile, whose `InstanceProfile` carries `Tags`
//! (https://docs.aws.amazon.com/IAM/latest/APIReference/API_InstanceProfile.html); it
//! costs the same one call as ListInstanceProfileTags and moto implements only it.

use tokio::task::JoinSet;

use super::account_session::AccountSession;
use super::pagination::{MAX_ITEMS, Page, all_pages};
use super::sdk_values::tags_from_sdk;
use crate::backend::{BackendError, ReadScope};
use crate::model::{AccountIam, EntityKind, EntityRef, Tags};

/// Tag reads in flight at once: enough to hide latency, few enough to stay far below
/// IAM's request rate (the read client's adaptive retries absorb any throttling).
const READS_AT_ONCE: usize = 8;

/// One entity whose tags are read.
#[derive(Debug, Clone)]
enum Tagged {
    /// A customer-managed policy, by name and ARN.
    Policy { name: String, arn: String },
    /// An instance profile, by name.
    InstanceProfile { name: String },
}

impl Tagged {
    async fn read(&self, session: &AccountSession) -> Result<Tags, BackendError> {
        let read = match self {
            Tagged::Policy { arn, .. } => policy_tags(session, arn).await,
            Tagged::InstanceProfile { name } => instance_profile_tags(session, name).await,
        };
        match read {
            // Deleted since it was listed: the next read will not list it either.
            Err(BackendError::NoSuchEntity(_)) => Ok(Tags::new()),
            other => other,
        }
    }
}

/// Fills the tags of the policies and instance profiles of `iam` that `scope` wants.
pub(crate) async fn read_tags(
    session: &AccountSession,
    scope: &ReadScope,
    iam: &mut AccountIam,
) -> Result<(), BackendError> {
    let policies = iam.policies.iter().filter_map(|(name, p)| {
        let wanted = scope.wants(&EntityRef::new(EntityKind::Policy, name), &p.path);
        let arn = p.meta.arn.clone().filter(|_| wanted)?;
        Some(Tagged::Policy {
            name: name.clone(),
            arn,
        })
    });
    let profiles = iam
        .instance_profiles
        .iter()
        .filter(|(name, p)| {
            scope.wants(
                &EntityRef::new(EntityKind::InstanceProfile, name.as_str()),
                &p.path,
            )
        })
        .map(|(name, _)| Tagged::InstanceProfile { name: name.clone() });
    let mut pending = policies.chain(profiles).collect::<Vec<_>>().into_iter();
    let mut running = JoinSet::new();
    let mut read = Vec::new();
    loop {
        while running.len() < READS_AT_ONCE
            && let Some(entity) = pending.next()
        {
            let session = session.clone();
            running.spawn(async move {
                let tags = entity.read(&session).await;
                (entity, tags)
            });
        }
        let Some(done) = running.join_next().await else {
            break;
        };
        let (entity, tags) =
            done.map_err(|e| BackendError::Other(format!("a tag read did not finish: {e}")))?;
        // An error ends the read; dropping `running` cancels the reads still in flight.
        read.push((entity, tags?));
    }
    for (entity, tags) in read {
        match entity {
            Tagged::Policy { name, .. } => {
                if let Some(p) = iam.policies.get_mut(&name) {
                    p.tags = tags;
                }
            }
            Tagged::InstanceProfile { name } => {
                if let Some(p) = iam.instance_profiles.get_mut(&name) {
                    p.tags = tags;
                }
            }
        }
    }
    Ok(())
}

async fn policy_tags(session: &AccountSession, arn: &str) -> Result<Tags, BackendError> {
    const OP: &str = "ListPolicyTags";
    let pages = all_pages(OP, |marker| async move {
        let out = session
            .read(
                OP,
                session
                    .reads
                    .list_policy_tags()
                    .policy_arn(arn)
                    .max_items(MAX_ITEMS)
                    .set_marker(marker)
                    .send(),
            )
            .await?;
        let truncated = out.is_truncated();
        let marker = out.marker().map(str::to_string);
        Ok(Page::new(out.tags, truncated, marker.as_deref()))
    })
    .await?;
    Ok(pages.iter().flat_map(|tags| tags_from_sdk(tags)).collect())
}

async fn instance_profile_tags(session: &AccountSession, name: &str) -> Result<Tags, BackendError> {
    let out = session
        .read(
            "GetInstanceProfile",
            session
                .reads
                .get_instance_profile()
                .instance_profile_name(name)
                .send(),
        )
        .await?;
    Ok(out
        .instance_profile()
        .map(|p| tags_from_sdk(p.tags()))
        .unwrap_or_default())
}

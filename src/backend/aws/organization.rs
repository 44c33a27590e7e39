//! Reads AWS Organizations with the management account's credentials: the OU tree from
//! the root down (ListRoots, then ListOrganizationalUnitsForParent and
//! ListAccountsForParent per parent), and each account's tags (ListTagsForResource) only
//! when asked, so a read costs a few paged calls per OU.

use std::collections::VecDeque;

use super::account_session::AccountSession;
use super::pagination::{Page, all_pages};
use crate::backend::BackendError;
use crate::model::{OrgAccount, Organization, Tags};

/// OUs a read visits at most: AWS allows 1,000 per organization
/// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html),
/// so a longer walk means a cycle or an answer that is not Organizations'.
const MAX_OUS: usize = 2_000;

/// Reads every account of the organization with its OU path and state; tags too when
/// `with_tags`.
pub(crate) async fn read_organization(
    session: &AccountSession,
    with_tags: bool,
) -> Result<Organization, BackendError> {
    let roots = all_pages("ListRoots", |token| async move {
        let out = session
            .read(
                "ListRoots",
                session
                    .organizations
                    .list_roots()
                    .set_next_token(token)
                    .send(),
            )
            .await?;
        let ids: Vec<String> = out
            .roots()
            .iter()
            .filter_map(|r| r.id())
            .map(str::to_string)
            .collect();
        Ok(Page::new(ids, out.next_token().is_some(), out.next_token()))
    })
    .await?;
    let mut queue: VecDeque<(String, String)> = roots
        .into_iter()
        .flatten()
        .map(|id| (id, "/".to_string()))
        .collect();
    let mut accounts = Vec::new();
    let mut visited = 0usize;
    while let Some((parent, path)) = queue.pop_front() {
        visited += 1;
        if visited > MAX_OUS {
            return Err(BackendError::ServiceFailure(format!(
                "Organizations: more than {MAX_OUS} organizational units; stopped the walk"
            )));
        }
        accounts.extend(accounts_in(session, &parent, &path).await?);
        for (id, name) in child_units(session, &parent).await? {
            let child = if path == "/" {
                format!("/{name}")
            } else {
                format!("{path}/{name}")
            };
            queue.push_back((id, child));
        }
    }
    if with_tags {
        for account in &mut accounts {
            account.tags = tags_of(session, &account.id).await?;
        }
    }
    Ok(Organization {
        accounts,
        tags_read: with_tags,
    }
    .sorted())
}

async fn accounts_in(
    session: &AccountSession,
    parent: &str,
    path: &str,
) -> Result<Vec<OrgAccount>, BackendError> {
    let op = "ListAccountsForParent";
    let pages = all_pages(op, |token| async move {
        let out = session
            .read(
                op,
                session
                    .organizations
                    .list_accounts_for_parent()
                    .parent_id(parent)
                    .set_next_token(token)
                    .send(),
            )
            .await?;
        let accounts: Vec<OrgAccount> = out
            .accounts()
            .iter()
            .map(|a| OrgAccount {
                id: a.id().unwrap_or_default().to_string(),
                name: a.name().unwrap_or_default().to_string(),
                ou: path.to_string(),
                status: account_state(a),
                tags: Tags::new(),
            })
            .collect();
        Ok(Page::new(
            accounts,
            out.next_token().is_some(),
            out.next_token(),
        ))
    })
    .await?;
    Ok(pages.into_iter().flatten().collect())
}

/// The account's `State`, or its older `Status` where a server sends only that.
#[allow(deprecated)]
fn account_state(account: &aws_sdk_organizations::types::Account) -> String {
    match (account.state(), account.status()) {
        (Some(state), _) => state.as_str().to_string(),
        (None, Some(status)) => status.as_str().to_string(),
        (None, None) => String::new(),
    }
}

async fn child_units(
    session: &AccountSession,
    parent: &str,
) -> Result<Vec<(String, String)>, BackendError> {
    let op = "ListOrganizationalUnitsForParent";
    let pages = all_pages(op, |token| async move {
        let out = session
            .read(
                op,
                session
                    .organizations
                    .list_organizational_units_for_parent()
                    .parent_id(parent)
                    .set_next_token(token)
                    .send(),
            )
            .await?;
        let units: Vec<(String, String)> = out
            .organizational_units()
            .iter()
            .map(|u| {
                (
                    u.id().unwrap_or_default().to_string(),
                    u.name().unwrap_or_default().to_string(),
                )
            })
            .collect();
        Ok(Page::new(
            units,
            out.next_token().is_some(),
            out.next_token(),
        ))
    })
    .await?;
    Ok(pages.into_iter().flatten().collect())
}

async fn tags_of(session: &AccountSession, account_id: &str) -> Result<Tags, BackendError> {
    let op = "ListTagsForResource";
    let pages = all_pages(op, |token| async move {
        let out = session
            .read(
                op,
                session
                    .organizations
                    .list_tags_for_resource()
                    .resource_id(account_id)
                    .set_next_token(token)
                    .send(),
            )
            .await?;
        let tags: Vec<(String, String)> = out
            .tags()
            .iter()
            .map(|t| (t.key().to_string(), t.value().to_string()))
            .collect();
        Ok(Page::new(
            tags,
            out.next_token().is_some(),
            out.next_token(),
        ))
    })
    .await?;
    Ok(pages.into_iter().flatten().collect())
}

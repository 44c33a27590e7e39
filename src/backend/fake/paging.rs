//! The fake's read, paged the way GetAccountAuthorizationDetails pages: users, groups,
//! roles and customer-managed policies in that order, `max_items` a page, each page one
//! call, the next page found from the marker of the one before.

use crate::backend::BackendError;
use crate::model::{AccountIam, Group, ManagedPolicy, Role, User};

/// One entry of a page.
enum Item<'a> {
    User(&'a User),
    Group(&'a Group),
    Role(&'a Role),
    Policy(&'a ManagedPolicy),
}

/// The entries GetAccountAuthorizationDetails lists, in its order.
fn items(iam: &AccountIam) -> Vec<Item<'_>> {
    let users = iam.users.values().map(Item::User);
    let groups = iam.groups.values().map(Item::Group);
    let roles = iam.roles.values().map(Item::Role);
    let policies = iam.policies.values().map(Item::Policy);
    users.chain(groups).chain(roles).chain(policies).collect()
}

/// The page starting at `marker` (the index of its first entry) and the next marker,
/// `None` on the last page.
fn page<'i, 'a>(
    items: &'i [Item<'a>],
    marker: usize,
    max_items: usize,
) -> (&'i [Item<'a>], Option<usize>) {
    let start = marker.min(items.len());
    let end = start.saturating_add(max_items.max(1)).min(items.len());
    (&items[start..end], (end < items.len()).then_some(end))
}

/// `iam` as a paged read returns it; `on_page` runs once per page (the call count and
/// its faults), and its error ends the read.
pub(super) fn paged_read(
    iam: &AccountIam,
    max_items: usize,
    mut on_page: impl FnMut() -> Result<(), BackendError>,
) -> Result<AccountIam, BackendError> {
    let items = items(iam);
    let mut read = iam.clone();
    read.users.clear();
    read.groups.clear();
    read.roles.clear();
    read.policies.clear();
    let mut marker = 0;
    loop {
        on_page()?;
        let (entries, next) = page(&items, marker, max_items);
        for entry in entries {
            match entry {
                Item::User(u) => read.users.insert(u.name.clone(), (*u).clone()).is_none(),
                Item::Group(g) => read.groups.insert(g.name.clone(), (*g).clone()).is_none(),
                Item::Role(r) => read.roles.insert(r.name.clone(), (*r).clone()).is_none(),
                Item::Policy(p) => read.policies.insert(p.name.clone(), (*p).clone()).is_none(),
            };
        }
        match next {
            Some(next) => marker = next,
            None => return Ok(read),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PolicyDocument, User};

    /// An account of `n` users, two groups, a role and a policy.
    fn sample(n: usize) -> AccountIam {
        let mut iam = AccountIam::new("111111111111");
        let doc = PolicyDocument(serde_json::json!({"Version": "2012-10-17", "Statement": []}));
        for i in 0..n {
            let name = format!("u{i}");
            let user = User {
                name: name.clone(),
                path: "/".into(),
                tags: Default::default(),
                permissions_boundary: None,
                managed_policies: Default::default(),
                inline_policies: Default::default(),
                groups: Default::default(),
                credential_rules: Default::default(),
                credential_state: None,
                meta: Default::default(),
            };
            iam.users.insert(name, user);
        }
        for name in ["g1", "g2"] {
            let group = Group {
                name: name.into(),
                path: "/".into(),
                managed_policies: Default::default(),
                inline_policies: Default::default(),
                meta: Default::default(),
            };
            iam.groups.insert(name.into(), group);
        }
        let role = Role {
            name: "r".into(),
            path: "/".into(),
            description: None,
            max_session_duration: 3600,
            trust_policy: doc.clone(),
            permissions_boundary: None,
            managed_policies: Default::default(),
            inline_policies: Default::default(),
            tags: Default::default(),
            meta: Default::default(),
        };
        iam.roles.insert("r".into(), role);
        let policy = ManagedPolicy {
            name: "p".into(),
            path: "/".into(),
            description: None,
            document: doc,
            tags: Default::default(),
            versions: Vec::new(),
            meta: Default::default(),
        };
        iam.policies.insert("p".into(), policy);
        iam.settings.alias = Some("kept".into());
        iam
    }

    #[test]
    fn pages_reassemble_the_whole_account() {
        let iam = sample(6);
        let listed = 10;
        for size in [1, 2, 3, listed, 1000] {
            let mut pages = 0;
            let read = paged_read(&iam, size, || {
                pages += 1;
                Ok(())
            })
            .unwrap();
            assert_eq!(read, iam, "page size {size}");
            assert_eq!(pages, listed.div_ceil(size), "page size {size}");
        }
    }

    #[test]
    fn an_empty_account_is_one_page_and_errors_stop_the_read() {
        let empty = AccountIam::new("111111111111");
        let mut pages = 0;
        paged_read(&empty, 100, || {
            pages += 1;
            Ok(())
        })
        .unwrap();
        assert_eq!(pages, 1);
        let err = paged_read(&sample(2), 1, || {
            Err(BackendError::Throttled("slow".into()))
        });
        assert_eq!(err, Err(BackendError::Throttled("slow".into())));
    }
}

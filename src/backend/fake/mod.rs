//! An in-memory backend for tests: [`MemoryIam`] plus switchable faults ([`FaultConfig`]),
//! per-operation call counts and a record of which entities each change touched.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, MutexGuard};

mod faults;
mod operations;
mod paging;

use super::memory_iam::MemoryIam;
use super::{Backend, BackendError, READ_PAGE_ITEMS};
use crate::diff::{Action, Change};
use crate::model::trust_principals::{aws_principals, principal_entity};
use crate::model::{
    AccountConfig, AccountIam, Entity, EntityKind, EntityRef, Organization, OrganizationConfig,
};
pub use faults::{FaultConfig, FaultSchedule, PermanentFault, RateLimit};
use operations::operations;

/// Operation name a read counts as: GetAccountAuthorizationDetails, once per page.
pub const READ_OPERATION: &str = "GetAccountAuthorizationDetails";

/// One executed change and the entities whose state it changed.
#[derive(Debug, Clone, PartialEq)]
pub struct TouchedChange {
    /// The change.
    pub change: Change,
    /// Account id and stored name of every entity whose state differs before and after it.
    pub entities: Vec<(String, EntityRef)>,
}

/// The fake IAM service.
#[derive(Debug)]
pub struct FakeBackend {
    state: Mutex<FakeState>,
}

#[derive(Debug)]
struct FakeState {
    iam: MemoryIam,
    faults: FaultConfig,
    rng: fastrand::Rng,
    page_size: usize,
    bucket: Option<(f64, std::time::Instant)>,
    calls: u64,
    successes: usize,
    crashed: bool,
    call_counts: BTreeMap<String, u64>,
    created_at_call: BTreeMap<(String, EntityRef), u64>,
    touched: Vec<TouchedChange>,
    organization: Option<Organization>,
}

impl FakeBackend {
    /// A fault-free fake over `iam`.
    pub fn new(iam: MemoryIam) -> FakeBackend {
        FakeBackend {
            state: Mutex::new(FakeState {
                iam,
                faults: FaultConfig::default(),
                rng: fastrand::Rng::with_seed(0),
                page_size: READ_PAGE_ITEMS,
                bucket: None,
                calls: 0,
                successes: 0,
                crashed: false,
                call_counts: BTreeMap::new(),
                created_at_call: BTreeMap::new(),
                touched: Vec::new(),
                organization: None,
            }),
        }
    }

    /// Makes the fake answer [`Backend::read_organization`] with `organization` (tags
    /// dropped from the answer when they are not asked for, as the AWS backend skips them).
    pub fn set_organization(&self, organization: Organization) {
        self.lock().organization = Some(organization);
    }

    /// Switches to `faults` (reseeding the random faults).
    pub fn set_faults(&self, faults: FaultConfig) {
        let mut state = self.lock();
        state.rng = fastrand::Rng::with_seed(faults.seed);
        state.bucket = None;
        state.faults = faults;
    }

    /// Makes a read page `items` entities at a time: [`READ_PAGE_ITEMS`] by default, as
    /// the AWS backend asks; [`crate::backend::IAM_DEFAULT_PAGE_ITEMS`] is what IAM
    /// answers a read that does not ask; small sizes exercise paging.
    pub fn set_page_size(&self, items: usize) {
        self.lock().page_size = items.max(1);
    }

    /// Builder form of [`FakeBackend::set_faults`].
    pub fn with_faults(self, faults: FaultConfig) -> FakeBackend {
        self.set_faults(faults);
        self
    }

    /// A new process after a crash: the service keeps its state, the crash is over.
    pub fn restart(&self) {
        let mut state = self.lock();
        state.crashed = false;
        state.successes = 0;
        state.faults.crash_after = None;
    }

    /// Calls made so far by IAM operation name.
    pub fn call_counts(&self) -> BTreeMap<String, u64> {
        self.lock().call_counts.clone()
    }

    /// Every successfully executed change with the entities it changed, in order.
    pub fn touched(&self) -> Vec<TouchedChange> {
        self.lock().touched.clone()
    }

    /// All entities any executed change changed.
    pub fn touched_entities(&self) -> BTreeSet<(String, EntityRef)> {
        self.lock()
            .touched
            .iter()
            .flat_map(|t| t.entities.iter().cloned())
            .collect()
    }

    /// The account as the service holds it, without counting a call or injecting faults.
    pub fn snapshot(&self, account_id: &str) -> AccountIam {
        self.lock().iam.read(account_id)
    }

    /// Waits as long as `calls` API calls take, without holding the state lock.
    fn wait_latency(&self, calls: usize) {
        let latency = self.lock().faults.latency;
        if !latency.is_zero() {
            std::thread::sleep(latency * u32::try_from(calls).unwrap_or(u32::MAX));
        }
    }

    fn lock(&self) -> MutexGuard<'_, FakeState> {
        // MemoryIam undoes a refused change before returning and its rules do not panic
        // on any input, so a poisoned lock still guards consistent state.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl FakeState {
    fn count(&mut self, operation: &str) {
        self.calls += 1;
        *self.call_counts.entry(operation.to_string()).or_default() += 1;
    }

    fn crash_error(&self) -> Option<BackendError> {
        self.crashed.then(|| {
            BackendError::Other("the process crashed (injected by the fake backend)".into())
        })
    }

    fn injected_fault(&mut self, change: &Change) -> Option<BackendError> {
        let call = self.calls;
        let over_rate = self
            .faults
            .rate_limit
            .is_some_and(|limit| !limit.admit(&mut self.bucket, std::time::Instant::now()));
        if over_rate || self.faults.throttling.hits(call, &mut self.rng) {
            return Some(BackendError::Throttled("Rate exceeded".into()));
        }
        if self.faults.service_failures.hits(call, &mut self.rng) {
            return Some(BackendError::ServiceFailure(
                "ServiceFailure (HTTP 500, injected)".into(),
            ));
        }
        if let Some(fault) = &self.faults.permanent
            && fault.schedule.hits(call, &mut self.rng)
        {
            return Some(fault.error.clone());
        }
        self.propagation_error(change)
    }

    /// Eventual consistency: recently created users and roles are not yet visible.
    fn propagation_error(&self, change: &Change) -> Option<BackendError> {
        let window = self.faults.propagation_calls;
        if window == 0 {
            return None;
        }
        let fresh = |account: &str, entity: &EntityRef| {
            self.created_at_call
                .get(&(account.to_string(), entity.clone()))
                .is_some_and(|created| self.calls <= created + window)
        };
        let account = change.account.id.as_str();
        if let Some(trust) = trust_set_by(&change.action) {
            for principal in aws_principals(trust) {
                if let Some((acct, kind, _, name)) = principal_entity(&principal) {
                    let kind = if kind == "user" {
                        EntityKind::User
                    } else {
                        EntityKind::Role
                    };
                    if fresh(&acct, &EntityRef::new(kind, name)) {
                        return Some(super::memory_iam::invalid_principal(&principal));
                    }
                }
            }
        }
        let mut referenced = Vec::new();
        match &change.action {
            Action::Create { .. } | Action::Delete { .. } | Action::Replace { .. } => {}
            Action::AddRoleToInstanceProfile { role } => {
                referenced.push(change.target.clone());
                referenced.push(EntityRef::new(EntityKind::Role, role.clone()));
            }
            _ => referenced.push(change.target.clone()),
        }
        referenced
            .into_iter()
            .filter(|e| matches!(e.kind, EntityKind::User | EntityKind::Role))
            .find(|e| fresh(account, e))
            .map(|e| {
                BackendError::NoSuchEntity(format!(
                    "the {} `{}` cannot be found",
                    e.kind.noun(),
                    e.name
                ))
            })
    }
}

fn trust_set_by(action: &Action) -> Option<&crate::model::PolicyDocument> {
    match action {
        Action::Create { entity } | Action::Replace { after: entity, .. } => {
            match entity.as_ref() {
                Entity::Role(role) => Some(&role.trust_policy),
                _ => None,
            }
        }
        Action::UpdateTrustPolicy { after, .. } => Some(after),
        _ => None,
    }
}

impl Backend for FakeBackend {
    fn api_calls(&self) -> BTreeMap<String, u64> {
        self.call_counts()
    }

    fn read_organization(
        &self,
        _config: &OrganizationConfig,
        with_tags: bool,
    ) -> Result<Organization, BackendError> {
        let mut organization = self
            .lock()
            .organization
            .clone()
            .ok_or_else(|| BackendError::AccessDenied("not in an organization".into()))?;
        if !with_tags {
            organization
                .accounts
                .iter_mut()
                .for_each(|a| a.tags.clear());
        }
        organization.tags_read = with_tags;
        Ok(organization)
    }

    fn read_account(&self, account: &AccountConfig) -> Result<AccountIam, BackendError> {
        let mut pages = 0;
        let read = {
            let mut state = self.lock();
            if let Some(error) = state.faults.unreadable.get(&account.id).cloned() {
                state.count(READ_OPERATION);
                return Err(error);
            }
            let mut held = state.iam.read(&account.id);
            held.partition = account.partition;
            let page_size = state.page_size;
            paging::paged_read(&held, page_size, || {
                pages += 1;
                state.count(READ_OPERATION);
                state.crash_error().map_or(Ok(()), Err)
            })
        };
        self.wait_latency(pages);
        read
    }

    fn execute(&self, change: &Change) -> Result<(), BackendError> {
        let operations = operations(change);
        self.wait_latency(operations.len());
        let mut state = self.lock();
        for operation in operations {
            state.count(&operation);
        }
        if let Some(e) = state.crash_error() {
            return Err(e);
        }
        if let Some(e) = state.injected_fault(change) {
            return Err(e);
        }
        let account = change.account.id.clone();
        // The rules report what they changed, so recording it costs the change's own
        // entities rather than two copies and a comparison of the whole account.
        let entities = state
            .iam
            .apply_listing_changed(change)?
            .into_iter()
            .map(|e| (account.clone(), e))
            .collect();
        state.touched.push(TouchedChange {
            change: change.clone(),
            entities,
        });
        if matches!(
            change.action,
            Action::Create { .. } | Action::Replace { .. }
        ) {
            let call = state.calls;
            state
                .created_at_call
                .insert((account, change.target.clone()), call);
        }
        state.successes += 1;
        if state
            .faults
            .crash_after
            .is_some_and(|n| state.successes >= n)
        {
            state.crashed = true;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;

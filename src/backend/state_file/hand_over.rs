//! A state file opened only to read hands each account to its reader instead of
//! copying it: `plan --state` reads every account once, and a copy of a 10,000-entity
//! account was the largest allocation of the whole plan (about 40 MB).

use std::collections::BTreeSet;
use std::path::Path;

use super::StateFile;
use crate::backend::BackendError;
use crate::backend::memory_iam::MemoryIam;
use crate::model::AccountIam;

/// The ids of the accounts handed over; one read again (or changed, or written) is
/// loaded from the file again first, so every read returns the whole recorded account.
/// Once a change is made in memory the file no longer holds the state, so from then on
/// reads copy.
#[derive(Debug, Default)]
pub(super) struct HandedOver {
    ids: BTreeSet<String>,
    changed: bool,
}

impl HandedOver {
    /// The account `id`, moved out of `iam` (an empty account when the file has none).
    pub(super) fn take(
        &mut self,
        iam: &mut MemoryIam,
        id: &str,
        path: &Path,
    ) -> Result<AccountIam, BackendError> {
        if self.changed {
            return Ok(iam.read(id));
        }
        if self.ids.contains(id) {
            self.restore(iam, path)?;
        }
        Ok(match iam.take(id) {
            Some(account) => {
                self.ids.insert(id.to_string());
                account
            }
            None => AccountIam::new(id),
        })
    }

    /// [`HandedOver::restore`], before `iam` is changed in memory.
    pub(super) fn restore_to_change(
        &mut self,
        iam: &mut MemoryIam,
        path: &Path,
    ) -> Result<(), BackendError> {
        self.restore(iam, path)?;
        self.changed = true;
        Ok(())
    }

    /// Puts every handed-over account back into `iam`, loaded from the file at `path`.
    pub(super) fn restore(&mut self, iam: &mut MemoryIam, path: &Path) -> Result<(), BackendError> {
        if self.ids.is_empty() {
            return Ok(());
        }
        let mut state = StateFile::read(path)?;
        for id in std::mem::take(&mut self.ids) {
            if let Some(account) = state.accounts.remove(&id) {
                iam.insert_account(account);
            }
        }
        Ok(())
    }
}

//! Scenario tests of [`crate::diff::compute`], one file per concern.

pub(crate) mod fixtures;

mod create_update_tests;
mod credential_tests;
mod provider_tests;
mod prune_tests;
mod replace_tests;

//! Helpers shared by the integration tests. Each test file uses only some of them, so
//! unused ones are not an error in any single file.
#![allow(dead_code)]

pub mod iam_fixtures;
pub mod moto;
pub mod moto_identity_center;
pub mod moto_org;
pub mod moto_project;
pub mod offline_cli;

//! iamform: AWS IAM as code.
//!
//! Data flows one way: [`manifest`] → [`model`] → [`diff`] → [`graph`] → [`plan`] →
//! [`render`] | [`apply`]. [`policy`] is a pure policy-document library and [`backend`]
//! holds the ways to read and change an account (AWS, fake, state file). [`layout`]
//! rewrites manifests in their canonical layout (`iamform fmt`).

pub mod access;
pub mod apply;
pub mod arn;
pub mod audit;
pub mod backend;
pub mod diagnostic;
pub mod diff;
pub mod graph;
pub mod import;
pub mod input_file;
pub mod layout;
pub mod manifest;
pub mod model;
pub mod parallel;
pub mod plan;
pub mod policy;
pub mod render;

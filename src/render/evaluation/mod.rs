//! A policy evaluation (`policy simulate`, `can`): the decision, the statements behind
//! it, the reason and notes; as text or as JSON, one file per format.

mod json;
mod text;

pub use json::evaluation_json;
pub use text::evaluation_text;

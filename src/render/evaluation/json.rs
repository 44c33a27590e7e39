//! An evaluation as JSON: its serde form, with `notes` when there are any.

use crate::policy::simulate::Evaluation;

/// The evaluation as pretty JSON with `notes`, ending in a newline.
pub fn evaluation_json(e: &Evaluation, notes: &[String]) -> String {
    let mut v = serde_json::to_value(e).unwrap_or_default();
    if !notes.is_empty() {
        v["notes"] = notes.into();
    }
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}

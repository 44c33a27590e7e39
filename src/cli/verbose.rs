//! `--verbose` extras.

use iamform::backend::Backend;

use super::Ui;

/// Prints how many API calls of each kind the backend made (to stderr).
pub fn print_api_calls(ui: &Ui, backend: &dyn Backend) {
    let calls = backend.api_calls();
    if calls.is_empty() {
        return;
    }
    let total: u64 = calls.values().sum();
    ui.eprintln(format_args!("API calls: {total}"));
    for (op, n) in calls {
        ui.eprintln(format_args!("  {op:<40} {n}"));
    }
}

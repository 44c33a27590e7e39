//! `--verbose` extras.

use iamform::backend::Backend;

/// Prints how many API calls of each kind the backend made (to stderr).
pub fn print_api_calls(backend: &dyn Backend) {
    let calls = backend.api_calls();
    if calls.is_empty() {
        return;
    }
    let total: u64 = calls.values().sum();
    eprintln!("API calls: {total}");
    for (op, n) in calls {
        eprintln!("  {op:<40} {n}");
    }
}

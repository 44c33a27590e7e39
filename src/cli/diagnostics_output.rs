//! Printing located diagnostics to stderr.

use iamform::diagnostic::Diagnostics;

/// Prints every diagnostic (errors and warnings) with its source snippet, then a count line.
pub fn print(diags: &Diagnostics) {
    let source = |p: &std::path::Path| std::fs::read_to_string(p).ok();
    for d in &diags.0 {
        eprint!("{}", d.render(&source));
    }
    let errors = diags
        .0
        .iter()
        .filter(|d| d.severity == iamform::diagnostic::Severity::Error)
        .count();
    let warnings = diags.0.len() - errors;
    match (errors, warnings) {
        (0, 0) => {}
        (0, w) => eprintln!("{w} warning(s)"),
        (e, 0) => eprintln!("{e} error(s)"),
        (e, w) => eprintln!("{e} error(s), {w} warning(s)"),
    }
}

//! Diagnostics (validate, policy lint, the manifest checks of every command) in each
//! output format: terminal text with source snippets, JSON with a committed schema, and
//! SARIF for code scanning. One file per format; all take [`crate::diagnostic::Diagnostic`].

mod json;
mod overrides;
pub mod sarif;
mod text;

pub use json::{
    DIAGNOSTICS_FORMAT_VERSION, DiagnosticRecord, DiagnosticsReport, LocationRecord,
    PolicyFileRecord, RelatedRecord, diagnostics_json_schema,
};
pub use overrides::{OverrideRecord, overrides_text};
pub use sarif::sarif_json;
pub use text::{DiagnosticTextOptions, SourceLine, count_line, diagnostic_text};

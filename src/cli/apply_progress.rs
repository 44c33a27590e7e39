//! One line per apply event as changes complete (stdout), so CI logs read like a journal.

use iamform::apply::ApplyEvent;

/// Formats an event as a progress line; `None` for events not worth a line.
pub fn line(event: &ApplyEvent, total: usize) -> Option<String> {
    let width = total.to_string().len();
    let tag = |id: usize| format!("[{:>width$}/{total}]", id + 1);
    match event {
        ApplyEvent::Started { .. } => None,
        ApplyEvent::Succeeded {
            id,
            description,
            already_present,
        } => Some(match already_present {
            Some(note) => format!("{} ok    {description} (already present: {note})", tag(*id)),
            None => format!("{} ok    {description}", tag(*id)),
        }),
        ApplyEvent::Retrying {
            id,
            description,
            attempt,
            error,
            delay,
        } => Some(format!(
            "{} retry {description}: attempt {attempt} failed ({error}); next in {} ms",
            tag(*id),
            delay.as_millis()
        )),
        ApplyEvent::Failed {
            id,
            description,
            error,
        } => Some(format!("{} FAIL  {description}: {error}", tag(*id))),
        ApplyEvent::Skipped {
            id,
            description,
            failed_dependency,
        } => Some(format!(
            "{} skip  {description} (change {} failed)",
            tag(*id),
            failed_dependency + 1
        )),
    }
}

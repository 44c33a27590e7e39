//! IAM's Marker/IsTruncated paging, independent of any one operation so that the loop can
//! be tested without a server (moto ignores `MaxItems` for several calls and always
//! answers with one page).

use std::future::Future;

use crate::backend::BackendError;

/// `MaxItems` of every call that takes it: [`crate::backend::READ_PAGE_ITEMS`], IAM's
/// largest page. Without it IAM answers 100 items a page, so a 610-entity account took 7
/// GetAccountAuthorizationDetails pages instead of 1.
pub(crate) const MAX_ITEMS: i32 = crate::backend::READ_PAGE_ITEMS as i32;

/// One page of a paged IAM call: its items, and the marker of the next page when
/// IAM says the listing is truncated.
#[derive(Debug)]
pub(crate) struct Page<T> {
    /// What this page holds.
    pub(crate) items: T,
    /// `Marker` to ask for the next page; `None` when this is the last page.
    pub(crate) next_marker: Option<String>,
}

impl<T> Page<T> {
    /// A page, from IAM's `IsTruncated` and `Marker` fields.
    pub(crate) fn new(items: T, is_truncated: bool, marker: Option<&str>) -> Page<T> {
        Page {
            items,
            next_marker: if is_truncated {
                Some(marker.unwrap_or_default().to_string())
            } else {
                None
            },
        }
    }
}

/// Fetches every page, starting without a marker and following each next marker.
/// A truncated page without a marker, or a marker that repeats, is an error rather
/// than an endless loop.
pub(crate) async fn all_pages<T, F, Fut>(
    operation: &str,
    mut fetch: F,
) -> Result<Vec<T>, BackendError>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<T>, BackendError>>,
{
    let mut pages = Vec::new();
    let mut marker: Option<String> = None;
    let mut seen = std::collections::HashSet::new();
    loop {
        let page = fetch(marker.clone()).await?;
        pages.push(page.items);
        match page.next_marker {
            None => return Ok(pages),
            Some(next) if next.is_empty() => {
                return Err(BackendError::ServiceFailure(format!(
                    "{operation}: IAM reported a truncated page without a Marker"
                )));
            }
            Some(next) => {
                if !seen.insert(next.clone()) {
                    return Err(BackendError::ServiceFailure(format!(
                        "{operation}: IAM returned the Marker `{next}` twice"
                    )));
                }
                marker = Some(next);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run<T>(f: impl Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(f)
    }

    /// A fake paged listing of `total` numbers, `per_page` at a time.
    fn numbers(total: u32, per_page: u32, marker: Option<String>) -> Page<Vec<u32>> {
        let start: u32 = marker.map(|m| m.parse().unwrap()).unwrap_or(0);
        let end = (start + per_page).min(total);
        let more = end < total;
        Page::new((start..end).collect(), more, Some(&end.to_string()))
    }

    #[test]
    fn follows_markers_until_not_truncated() {
        let mut asked = Vec::new();
        let pages = run(all_pages("ListUsers", |m| {
            asked.push(m.clone());
            std::future::ready(Ok(numbers(7, 3, m)))
        }))
        .unwrap();
        assert_eq!(pages, vec![vec![0, 1, 2], vec![3, 4, 5], vec![6]]);
        assert_eq!(asked, vec![None, Some("3".into()), Some("6".into())]);
    }

    #[test]
    fn a_single_page_is_one_call() {
        let mut calls = 0;
        let pages = run(all_pages("ListRoles", |m| {
            calls += 1;
            std::future::ready(Ok(numbers(2, 100, m)))
        }))
        .unwrap();
        assert_eq!(pages.concat(), vec![0, 1]);
        assert_eq!(calls, 1);
    }

    #[test]
    fn truncated_page_without_marker_is_an_error() {
        let err = run(all_pages("ListRoles", |_| {
            std::future::ready(Ok(Page::new(vec![1], true, None)))
        }))
        .unwrap_err();
        assert!(matches!(err, BackendError::ServiceFailure(m) if m.contains("without a Marker")));
    }

    #[test]
    fn repeating_marker_is_an_error_not_a_loop() {
        let err = run(all_pages("ListRoles", |_| {
            std::future::ready(Ok(Page::new(vec![1], true, Some("same"))))
        }))
        .unwrap_err();
        assert!(matches!(err, BackendError::ServiceFailure(m) if m.contains("twice")));
    }

    #[test]
    fn errors_stop_the_loop() {
        let err = run(all_pages::<Vec<u32>, _, _>("ListRoles", |_| {
            std::future::ready(Err(BackendError::Throttled("slow down".into())))
        }))
        .unwrap_err();
        assert_eq!(err, BackendError::Throttled("slow down".into()));
    }
}

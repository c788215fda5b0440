//! Live-page hints: elements the browser reports as `position: fixed` or `sticky` (sticky
//! headers, bottom bars, floating players, "subscribe" slide-ins). The HTML alone can't say
//! which elements these are (the stylesheets decide); the extension can, and sends their paths.
//!
//! The engine decides as for everything else: what is boilerplate goes (a removal, which the
//! guard may still refuse), and whatever stays is made static in place (an `unstick` edit),
//! so that nothing covers the text as the reader scrolls. Each hinted element gets both
//! candidates; resolution in `clean::plan` keeps the first that applies: a card or a removal
//! of the element wins over unsticking it, a removal of an ancestor takes the unstick with it,
//! and a removal the guard refuses leaves the unstick.

use crate::article::Article;
use crate::options::Options;
use crate::page::{Ix, Page};
use crate::plan::Planned;
use crate::schema::Action;

use super::{classify, Guard, Kept};

/// At most this many hints are read (the extension sends at most 200); a hostile page can't
/// make the engine do more.
const MAX_HINTS: usize = 1000;

/// What an unstuck element gets, after its own inline declarations: an inline `!important`
/// declaration wins over the page's stylesheets.
const STATIC: &str = "position: static !important";

/// A fixed bar outside the article that no table names.
const STICKY_REMOVE: (&str, &str) = ("sticky.remove", "fixed/sticky bar outside the article");
const STICKY_UNSTICK: (&str, &str) = ("sticky.unstick", "made static: it stayed fixed on screen");

/// Removal candidates sort with the boilerplate's; unsticking comes after every other edit of
/// the same element (one edit per element: the first wins).
const REMOVE_PRIORITY: u8 = 2;
const UNSTICK_PRIORITY: u8 = 6;

/// Candidate edits for the elements of `fixed` (element paths from `<html>`).
pub(super) fn plan(
    page: &Page,
    article: &Article,
    guard: &Guard,
    options: &Options,
    kept: &Kept,
    fixed: &[Vec<u32>],
    cands: &mut Vec<Planned>,
) {
    let Some(body) = page.body else { return };
    if !options.clean || fixed.is_empty() {
        return;
    }
    let mut hinted: Vec<Ix> = fixed
        .iter()
        .take(MAX_HINTS)
        .filter_map(|path| page.resolve(path))
        // `<html>`, `<head>` and `<body>` are the page (a body fixed in place is a scroll
        // lock, the scroll-lock edit's business); only what lies in the body is a bar.
        .filter(|&ix| ix != body && page.info(ix).is_element && page.contains(body, ix))
        .collect();
    hinted.sort_unstable();
    hinted.dedup();
    if hinted.is_empty() {
        return;
    }
    let body_text = page.info(body).text;
    for ix in hinted {
        // An element that holds the article or most of the page's text is the page's own
        // frame (an app shell scrolling inside a fixed box), not a bar over it.
        let frame = (article.is_article() && article.is_within(page, ix))
            || page.info(ix).text.saturating_mul(2) > body_text;
        if frame {
            continue;
        }
        if let Some((rule, reason)) = removal(page, article, guard, kept, ix) {
            cands.push(Planned::remove(ix, REMOVE_PRIORITY, rule, reason));
        }
        cands.push(Planned {
            ix,
            priority: UNSTICK_PRIORITY,
            order: 0,
            action: Action::Unstick {
                style: unstuck_style(page.attr(ix, "style")),
            },
            rule: STICKY_UNSTICK.0.into(),
            reason: STICKY_UNSTICK.1.into(),
        });
    }
}

/// The rule and reason to remove a hinted element, if it is boilerplate: anything the tables
/// name; outside the article, also anything that is not the article's title, header or the
/// site's identity (what the clean keeps there). On a page that is not an article, nothing.
fn removal(
    page: &Page,
    article: &Article,
    guard: &Guard,
    kept: &Kept,
    ix: Ix,
) -> Option<(&'static str, &'static str)> {
    if !article.is_article() {
        return None;
    }
    if let Some(cat) = classify(page, guard, ix) {
        return Some((cat.rule, cat.reason));
    }
    let outside = !article.contains(page, ix) && !kept.in_header(page, ix);
    (outside && !kept.touches(page, ix)).then_some(STICKY_REMOVE)
}

/// The element's inline declarations as written, then [`STATIC`].
fn unstuck_style(old: Option<&str>) -> String {
    let old = old
        .unwrap_or("")
        .trim_end()
        .trim_end_matches(';')
        .trim_end();
    if old.trim().is_empty() {
        STATIC.to_string()
    } else {
        format!("{old}; {STATIC}")
    }
}

#[cfg(test)]
mod tests {
    use super::unstuck_style;

    #[test]
    fn the_static_declaration_comes_after_the_elements_own() {
        assert_eq!(unstuck_style(None), "position: static !important");
        assert_eq!(unstuck_style(Some("  ")), "position: static !important");
        assert_eq!(
            unstuck_style(Some("top: 0; position: fixed !important; ")),
            "top: 0; position: fixed !important; position: static !important"
        );
    }
}

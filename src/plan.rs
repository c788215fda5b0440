//! Planning: candidate edits from the cleaning and annotating stages become the plan's
//! ordered, numbered, targeted edits.

use crate::page::Ix;
use crate::schema::{Action, Edit};

/// An edit decided but not yet numbered and targeted.
pub(crate) struct Planned {
    pub ix: Ix,
    /// Lower sorts first when two edits target the same element.
    pub priority: u8,
    /// Order among edits of the same element and priority (an annotation's offset).
    pub order: u32,
    pub action: Action,
    pub rule: String,
    pub reason: String,
}

impl Planned {
    /// A removal of the element `ix`.
    pub fn remove(
        ix: Ix,
        priority: u8,
        rule: impl Into<String>,
        reason: impl Into<String>,
    ) -> Planned {
        Planned {
            ix,
            priority,
            order: 0,
            action: Action::Remove,
            rule: rule.into(),
            reason: reason.into(),
        }
    }

    /// A removal by the boilerplate pass (priority 2: after trackers and player cards).
    pub fn boilerplate(ix: Ix, rule: impl Into<String>, reason: impl Into<String>) -> Planned {
        Planned::remove(ix, 2, rule, reason)
    }
}

/// Numbers the edits in document order and computes their targets. Edits inside a
/// `<template>`'s content are dropped, whichever stage planned them.
pub(crate) fn finish(page: &crate::page::Page, mut planned: Vec<Planned>) -> Vec<Edit> {
    let inert = template_contents(page);
    planned.retain(|p| {
        let pos = inert.partition_point(|&(start, _)| start <= p.ix);
        !(pos > 0 && inert[pos - 1].1 >= p.ix)
    });
    planned.sort_by_key(|p| (p.ix, p.priority, p.order));
    planned
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let text = match &p.action {
                Action::ReplaceEmbed { embed } => embed
                    .title
                    .clone()
                    .unwrap_or_else(|| embed.provider_name.clone()),
                Action::Annotate { term, .. } => term.clone(),
                Action::UnlockScroll { .. } => String::new(),
                _ => page.text_excerpt(p.ix, 80),
            };
            Edit {
                id: i as u32 + 1,
                action: p.action,
                rule: p.rule,
                reason: p.reason,
                text,
                target: page.target(p.ix),
            }
        })
        .collect()
}

/// The subtrees holding `<template>` contents, as ordered, disjoint `(first, last)` node
/// indexes. The parser keeps a template's content under a document fragment, the template's
/// only child: inert (not shown, nothing in it loads or runs), and not in the DOM a host
/// applies the plan to, where a target path cannot reach it. In a parsed document only
/// template contents are fragments.
fn template_contents(page: &crate::page::Page) -> Vec<(Ix, Ix)> {
    let mut ranges = Vec::new();
    let mut ix: Ix = 0;
    while (ix as usize) < page.len() {
        let end = page.info(ix).end;
        if matches!(page.node(ix).value(), scraper::Node::Fragment) {
            ranges.push((ix, end));
            ix = end + 1; // nested templates lie inside this range
        } else {
            ix += 1;
        }
    }
    ranges
}

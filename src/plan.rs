//! The plan: a serialisable list of edits, each with its target, kind, rule and reason.
//!
//! The plan is what crosses from the engine to a host: `render` applies it to HTML, the
//! extension's applier to the live DOM. Both verify each target's fingerprint first.

use serde::{Deserialize, Serialize};

use crate::page::Ix;

/// Schema version of plans and reports.
pub const SCHEMA_VERSION: u32 = 1;

/// Which element an edit applies to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Target {
    /// Element-child indexes from `<html>` down to the element (`[1, 0]`: the first element
    /// in `<body>`). Text and comment nodes are not counted.
    pub path: Vec<u32>,
    /// What the element looked like when the plan was made.
    pub fingerprint: Fingerprint,
}

/// Identifies an element well enough to refuse an edit when the page changed under the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fingerprint {
    /// Lower-case tag name.
    pub tag: String,
    /// The `id` attribute, if any.
    pub id: Option<String>,
    /// The `class` attribute, as written.
    pub class: Option<String>,
    /// FNV-1a (32-bit) over the code points of the element's `textContent`, ASCII whitespace
    /// skipped.
    pub text_hash: u32,
}

/// A video or audio player turned into a click-to-play card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Embed {
    /// Provider key (`youtube`, `vimeo`, `bilibili`, … or `video`/`audio` for the page's own
    /// autoplaying media).
    pub provider: String,
    /// Human name of the provider (`YouTube`).
    pub provider_name: String,
    /// The provider's id of the video, where the URL carries one.
    pub video_id: Option<String>,
    /// The title the page gives the player, if any.
    pub title: Option<String>,
    /// Where the reader can watch it on the provider's site (or the media file itself).
    pub watch_url: Option<String>,
    /// The player's original source address.
    pub src: Option<String>,
    /// The player was set to start by itself.
    pub autoplay: bool,
}

/// What an edit does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Action {
    /// Take the element out of the page.
    Remove,
    /// Replace the element with a click-to-play card.
    #[serde(rename_all = "camelCase")]
    ReplaceEmbed {
        /// The player the card stands for.
        embed: Embed,
    },
    /// Rewrite a link without its tracking parameters.
    #[serde(rename_all = "camelCase")]
    StripParams {
        /// The attribute rewritten (`href`).
        attr: String,
        /// Its new value.
        value: String,
        /// The parameter names taken out.
        removed: Vec<String>,
    },
    /// Wrap a term in one of the element's text nodes with a tooltip.
    #[serde(rename_all = "camelCase")]
    Annotate {
        /// Index of the text node among the element's child nodes (`childNodes`).
        text_index: u32,
        /// Start of the term in the text node, in UTF-16 code units (as JS counts).
        start: u32,
        /// End of the term (exclusive), in UTF-16 code units.
        end: u32,
        /// The term as it appears.
        term: String,
        /// The explanation, in the page's language where the source has both.
        definition: String,
        /// `page`, `pack:<name>` or `user`.
        source: String,
    },
    /// Undo the scroll lock a consent banner or overlay left on `<html>`/`<body>`.
    #[serde(rename_all = "camelCase")]
    UnlockScroll {
        /// The new `style` attribute (`None`: remove it).
        style: Option<String>,
        /// The new `class` attribute (`None`: remove it).
        class: Option<String>,
    },
}

impl Action {
    /// The kind's name as it appears in JSON and in report counts.
    pub fn kind(&self) -> &'static str {
        match self {
            Action::Remove => "remove",
            Action::ReplaceEmbed { .. } => "replaceEmbed",
            Action::StripParams { .. } => "stripParams",
            Action::Annotate { .. } => "annotate",
            Action::UnlockScroll { .. } => "unlockScroll",
        }
    }
}

/// One change to the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Edit {
    /// Unique within the plan, in document order of the targets.
    pub id: u32,
    /// What to do.
    #[serde(flatten)]
    pub action: Action,
    /// The rule that fired (`footer.syndication`, `embed.youtube`, `tracker.pixel`, …).
    pub rule: String,
    /// Why, in words a reader understands.
    pub reason: String,
    /// The start of the element's visible text, for the report.
    pub text: String,
    /// Where.
    pub target: Target,
}

/// Everything a host needs to apply a clean.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    /// Schema version ([`SCHEMA_VERSION`]).
    pub version: u32,
    /// The edits, in document order; targets never nest inside a removed or replaced element.
    pub edits: Vec<Edit>,
    /// The article's sections (empty when it has fewer than two).
    #[serde(default)]
    pub outline: Vec<crate::report::OutlineEntry>,
}

impl Plan {
    /// Reads a plan from JSON.
    pub fn from_json(json: &str) -> crate::Result<Plan> {
        let plan: Plan =
            serde_json::from_str(json).map_err(|e| crate::Error::Plan(e.to_string()))?;
        if plan.version != SCHEMA_VERSION {
            return Err(crate::Error::Plan(format!(
                "schema version {} is not supported (expected {SCHEMA_VERSION})",
                plan.version
            )));
        }
        Ok(plan)
    }
}

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

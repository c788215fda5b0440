//! The schema: the serialisable types every host sees (the plan and its edits, the report),
//! as camelCase JSON, version [`SCHEMA_VERSION`].
//!
//! The plan is what crosses from the engine to a host: `render` applies it to HTML, the
//! extension's applier to the live DOM. Both verify each target's fingerprint first. The
//! report says what a clean did, for people (the CLI summary, the extension's status bar) and
//! for tests. This module depends on serde only; the TypeScript definitions in `wasm.rs` are
//! checked against it (`tests/schema_types.rs`).

use serde::{Deserialize, Serialize};

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
    /// Make an element the browser reported as `position: fixed` or `sticky` static in place:
    /// it stays where it is in the page, but no longer covers the text as the reader scrolls.
    #[serde(rename_all = "camelCase")]
    Unstick {
        /// The new `style` attribute: the old declarations, then `position: static
        /// !important` (an inline `!important` declaration wins over the page's stylesheets).
        style: String,
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
            Action::Unstick { .. } => "unstick",
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
    pub outline: Vec<OutlineEntry>,
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

/// What the host knows of the live page and the HTML does not say: the browser computed it
/// from the page's stylesheets. The CLI and the playground have none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Hints {
    /// Elements whose computed `position` is `fixed` or `sticky` and that cover part of the
    /// viewport, as element paths (the format of [`Target::path`]). Paths that lead nowhere
    /// are ignored.
    #[serde(default)]
    pub fixed: Vec<Vec<u32>>,
}

/// Everything a clean found and did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// Schema version.
    pub version: u32,
    /// The page address given to `analyze`, if any.
    pub url: Option<String>,
    /// The document title.
    pub title: String,
    /// BCP 47 language of the article (`zh-CN`, `en`, … `und` if unknown).
    pub language: String,
    /// What was found as the article.
    pub article: ArticleStats,
    /// The plan's edits.
    pub edits: Vec<Edit>,
    /// Sections of the article.
    pub outline: Vec<OutlineEntry>,
    /// Terms explained.
    pub annotations: Vec<Annotation>,
    /// Counts and timing.
    pub stats: Stats,
    /// Problems with the options that did not stop the clean (a malformed rule, say).
    pub warnings: Vec<String>,
    /// Every rule (`##`) and exception (`#@#`) of the reader's that applies to the page's
    /// host, in the order of the `rules` option, with the number of elements it matched
    /// (empty when `clean` is off: the rules are not run).
    #[serde(default)]
    pub rule_matches: Vec<RuleMatch>,
    /// The reader's exceptions that kept something, each with the removals it prevented.
    #[serde(default)]
    pub kept_by_exceptions: Vec<ExceptionKept>,
}

/// How many elements one of the reader's rules or exceptions matched on the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleMatch {
    /// The rule as the reader wrote it (without surrounding white space).
    pub rule: String,
    /// Elements its selector matched (`0`: none on this page). For a `##` rule, the guard may
    /// still have refused some of the removals.
    pub matched: usize,
}

/// One of the reader's exceptions and the removals it prevented.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExceptionKept {
    /// The exception as the reader wrote it (`example.com#@#.promo`).
    pub exception: String,
    /// The removals it prevented, in document order: one per element, none inside another.
    pub edits: Vec<KeptEdit>,
}

/// A removal an exception prevented: what would have gone, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeptEdit {
    /// The rule that asked for the removal (as [`Edit::rule`]).
    pub rule: String,
    /// Why it asked (as [`Edit::reason`]).
    pub reason: String,
    /// The start of the element's visible text (as [`Edit::text`]).
    pub text: String,
}

/// The article as found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ArticleStats {
    /// 0–1. Below 0.3 the page is not treated as an article: only trackers, embeds and
    /// widgets (share bars, cookie banners, newsletter prompts, dialogs) are cleaned, and no
    /// outline is built.
    pub confidence: f64,
    /// Visible characters (not counting white space) in the article.
    pub characters: u32,
    /// Reading time at 230 English words or 400 CJK characters a minute, rounded up.
    pub reading_minutes: u32,
}

/// One section of the outline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OutlineEntry {
    /// Stable, unique id for the section.
    pub id: String,
    /// 1 for top-level sections.
    pub level: u32,
    /// The heading text.
    pub title: String,
    /// Reading time of the section.
    pub minutes: u32,
    /// The heading element.
    pub target: Target,
}

/// A term explained on the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Annotation {
    /// The term as it appears.
    pub term: String,
    /// The explanation.
    pub definition: String,
    /// `page`, `pack:<name>` or `user`.
    pub source: String,
}

/// Counts per edit kind, and timing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// Elements removed.
    pub remove: usize,
    /// Players replaced by cards.
    pub replace_embed: usize,
    /// Terms annotated.
    pub annotate: usize,
    /// Links stripped of tracking parameters.
    pub strip_params: usize,
    /// Scroll locks undone.
    pub unlock_scroll: usize,
    /// Fixed or sticky elements made static.
    pub unstick: usize,
    /// Removals refused because the element holds article text.
    pub guarded: usize,
    /// Time taken by `analyze`, in milliseconds (not compared by fixtures).
    pub elapsed_ms: f64,
}

impl Stats {
    /// Counts the edits by kind; `guarded` is the number of removals the guard refused.
    pub(crate) fn count(edits: &[Edit], guarded: usize) -> Stats {
        let mut s = Stats {
            guarded,
            ..Stats::default()
        };
        for e in edits {
            // Exhaustive: a new kind of edit must say where it is counted.
            match e.action {
                Action::Remove => s.remove += 1,
                Action::ReplaceEmbed { .. } => s.replace_embed += 1,
                Action::Annotate { .. } => s.annotate += 1,
                Action::StripParams { .. } => s.strip_params += 1,
                Action::UnlockScroll { .. } => s.unlock_scroll += 1,
                Action::Unstick { .. } => s.unstick += 1,
            }
        }
        s
    }
}

//! The report: what a clean did, for people (the CLI summary, the extension's status bar) and
//! for tests. Serialised as camelCase JSON, schema [`SCHEMA_VERSION`](crate::plan::SCHEMA_VERSION).

use serde::{Deserialize, Serialize};

use crate::plan::{Edit, Target};

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
}

/// The article as found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ArticleStats {
    /// 0–1. Below 0.3 the page is not treated as an article: only trackers and embeds are
    /// cleaned, and no outline is built.
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
    /// Removals refused because the element holds article text.
    pub guarded: usize,
    /// Time taken by `analyze`, in milliseconds (not compared by fixtures).
    pub elapsed_ms: f64,
}

impl Stats {
    pub(crate) fn count(edits: &[Edit], guarded: usize) -> Stats {
        let mut s = Stats {
            guarded,
            ..Stats::default()
        };
        for e in edits {
            match e.action.kind() {
                "remove" => s.remove += 1,
                "replaceEmbed" => s.replace_embed += 1,
                "annotate" => s.annotate += 1,
                "stripParams" => s.strip_params += 1,
                _ => s.unlock_scroll += 1,
            }
        }
        s
    }
}

//! # Newslens
//!
//! Cleans a news page in place: removes boilerplate (syndication footers, share bars, related
//! and most-read lists, newsletter and cookie banners) and trackers, turns embedded players into
//! click-to-play cards, and strips tracking parameters from links, without ever deleting a
//! sentence of the article.
//!
//! The engine parses a page once and returns a [`Plan`] (serialisable edits, each with a target,
//! a kind, a rule and a reason) and a [`Report`]. [`Analysis::render`] applies the plan to the
//! same parsed tree; [`render`] applies a stored plan to HTML; the browser extension applies it
//! to the live page.
//!
//! ```
//! use newslens::{Engine, Options};
//!
//! let engine = Engine::new(Options::default()).unwrap();
//! let html = r#"<html><body><article><h1>Title</h1>
//!   <p>A first paragraph of the article, long enough to be read as prose by the engine.</p>
//!   <iframe src="https://www.youtube.com/embed/mx0ovCyPbfU"></iframe>
//! </article></body></html>"#;
//! let analysis = engine.analyze(html, Some("https://example.com/a")).unwrap();
//! assert_eq!(analysis.report().stats.replace_embed, 1);
//! let cleaned = analysis.render();
//! assert!(cleaned.contains("https://www.youtube.com/watch?v=mx0ovCyPbfU"));
//! assert!(!cleaned.contains("<iframe"));
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod annotate;
mod article;
mod clean;
mod engine;
mod error;
mod fragments;
mod input;
mod options;
mod page;
mod plan;
mod render;
mod report;
mod rules;
mod schema;
/// The WebAssembly binding (`Engine`, `render` as JS sees them); public so that the browser
/// tests can drive it as JS does.
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use engine::{Analysis, Engine};
pub use error::{Error, Result};
#[cfg(not(target_arch = "wasm32"))]
pub use input::charset;
pub use input::MAX_INPUT_BYTES;
pub use options::{CustomTerm, Explain, Options};
pub use render::{render, Rendered};
pub use schema::{
    Action, Annotation, ArticleStats, Edit, Embed, ExceptionKept, Fingerprint, Hints, KeptEdit,
    OutlineEntry, Plan, Report, RuleMatch, Stats, Target, SCHEMA_VERSION,
};

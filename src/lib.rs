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
#[cfg(not(target_arch = "wasm32"))]
pub mod charset;
mod clean;
mod error;
mod fragments;
mod nesting;
mod options;
mod page;
mod plan;
mod render;
mod report;
/// The WebAssembly binding (`Engine`, `render` as JS sees them); public so that the browser
/// tests can drive it as JS does.
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::{Error, Result};
pub use options::{CustomTerm, Options};
pub use plan::{Action, Edit, Embed, Fingerprint, Plan, Target, SCHEMA_VERSION};
pub use render::{render, Rendered};
pub use report::{Annotation, ArticleStats, OutlineEntry, Report, Stats};

use std::collections::HashMap;

use clean::UserRule;
use page::Page;

/// Largest page accepted, in bytes.
pub const MAX_INPUT_BYTES: usize = 256 * 1024 * 1024;

/// A configured engine: options validated and rule tables built once, then used for any
/// number of pages.
pub struct Engine {
    options: Options,
    rules: Vec<UserRule>,
    /// Packs and the reader's terms, one automaton; `None` when the glossary is off.
    glossary: Option<annotate::Glossary>,
    warnings: Vec<String>,
}

impl Engine {
    /// Builds an engine with the glossary packs compiled in (feature `bundled-packs`, on by
    /// default; without it, no packs). Malformed `rules` and `customGlossary` entries do not
    /// fail the build: they are skipped and listed in every report's `warnings`.
    pub fn new(options: Options) -> Result<Engine> {
        #[cfg(feature = "bundled-packs")]
        let packs: Vec<&str> = annotate::PACKS.iter().map(|(_, json)| *json).collect();
        #[cfg(not(feature = "bundled-packs"))]
        let packs: Vec<&str> = Vec::new();
        Engine::with_packs(options, &packs)
    }

    /// Builds an engine whose glossary packs are the given JSON texts (the format of
    /// `data/glossary/*.json`); `options.packs` picks among them by name. A pack that does not
    /// parse is skipped and listed in `warnings`, like a malformed rule.
    pub fn with_packs(options: Options, packs: &[&str]) -> Result<Engine> {
        let (rules, mut warnings) = clean::parse_rules(&options.rules);
        let mut custom = Vec::new();
        for (i, entry) in options.custom_glossary.iter().enumerate() {
            match CustomTerm::from_value(entry) {
                Ok(term) => custom.push(term),
                Err(e) => warnings.push(format!("customGlossary[{i}]: {e}, skipped")),
            }
        }
        let glossary = options.glossary.then(|| {
            let (glossary, pack_warnings) =
                annotate::Glossary::from_packs(packs, options.packs.as_deref(), &custom);
            warnings.extend(pack_warnings);
            glossary
        });
        Ok(Engine {
            options,
            rules,
            glossary,
            warnings,
        })
    }

    /// Builds an engine from options as JSON text.
    pub fn from_json(options: &str) -> Result<Engine> {
        Engine::new(Options::from_json(options)?)
    }

    /// The options in force.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Problems found in the options (also listed in every report).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Analyses a page: finds the article and plans the clean. `url` is the page's address,
    /// used for site-specific rules; relative links stay as they are.
    pub fn analyze(&self, html: &str, url: Option<&str>) -> Result<Analysis> {
        #[cfg(not(target_arch = "wasm32"))]
        let started = std::time::Instant::now();
        check_input(html)?;
        let page = Page::parse(html);
        let article = article::find(&page);
        let host = url
            .and_then(clean::url::UrlParts::parse)
            .map(|u| u.host.to_ascii_lowercase());
        let mut cleaned = clean::plan(&page, &article, &self.options, &self.rules, host.as_deref());

        let article_text: String = article
            .roots
            .iter()
            .map(|&r| page.visible_text(r))
            .collect();
        let characters = article
            .roots
            .iter()
            .map(|&r| page.info(r).text)
            .sum::<u32>();
        let cjk = article.roots.iter().map(|&r| page.info(r).cjk).sum::<u32>();
        // Latin-script words; CJK text is counted by characters.
        let words = article_text
            .split(|c: char| c.is_whitespace() || page::is_cjk(c))
            .filter(|w| w.chars().any(|c| c.is_ascii_alphanumeric()))
            .count() as u32;
        let declared = page.root.and_then(|r| page.attr(r, "lang"));
        let sample: String = if article_text.is_empty() {
            page.body
                .map(|b| page.text_excerpt(b, 5000))
                .unwrap_or_default()
        } else {
            article_text.chars().take(5000).collect()
        };
        let language = page::detect_language(&sample, declared);
        let minutes = cjk as f32 / 400.0 + words as f32 / 230.0;

        let mut planned = std::mem::take(&mut cleaned.planned);
        let mut outline = Vec::new();
        let mut annotations = Vec::new();
        if article.is_article() && (self.options.glossary || self.options.outline) {
            let gone = |ix: page::Ix| cleaned.is_gone(ix);
            let glossary = if self.options.glossary {
                self.glossary.as_ref()
            } else {
                None
            };
            let annotated =
                annotate::annotate(&page, &article, glossary, language.starts_with("zh"), &gone);
            planned.extend(annotated.planned);
            annotations = annotated.annotations;
            if self.options.outline {
                outline = annotate::outline_entries(&page, &article, &annotated.sections);
            }
        }
        let edits = plan::finish(&page, planned);

        let stats = report::Stats::count(&edits, cleaned.guarded);
        let mut report = Report {
            version: SCHEMA_VERSION,
            url: url.map(str::to_string),
            title: article::document_title(&page),
            language,
            article: ArticleStats {
                confidence: (f64::from(article.confidence) * 100.0).round() / 100.0,
                characters,
                reading_minutes: if characters == 0 {
                    0
                } else {
                    minutes.ceil().max(1.0) as u32
                },
            },
            edits,
            outline,
            annotations,
            stats,
            warnings: self.warnings.clone(),
        };
        #[cfg(not(target_arch = "wasm32"))]
        {
            report.stats.elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
        }
        #[cfg(target_arch = "wasm32")]
        {
            report.stats.elapsed_ms = 0.0; // measured by the wasm binding around the call
        }
        Ok(Analysis { page, report })
    }
}

/// Refuses what is not a page: empty input and binary data.
pub(crate) fn check_input(html: &str) -> Result<()> {
    if html.len() > MAX_INPUT_BYTES {
        return Err(Error::Input(format!(
            "the page is {} MB; the limit is {} MB",
            html.len() / (1024 * 1024),
            MAX_INPUT_BYTES / (1024 * 1024)
        )));
    }
    if html.trim().is_empty() {
        return Err(Error::Input("the page is empty".into()));
    }
    if nesting::nesting_depth(html, nesting::MAX_DEPTH) > nesting::MAX_DEPTH {
        return Err(Error::Input(format!(
            "elements nest more than {} deep (browsers flatten such pages); the page is left as it is",
            nesting::MAX_DEPTH
        )));
    }
    if looks_binary(html) {
        return Err(Error::Input(
            "the input looks like binary data, not HTML".into(),
        ));
    }
    Ok(())
}

/// In the first 64 KB, more than one character in 20 is a control character, or more than half
/// are U+FFFD (what a decoder makes of bytes that are not text). Replacement characters alone
/// weigh less: a page with stray bytes is still text, and cleaning it (removing its plain
/// boilerplate) must not make the engine's own output look binary. Counted on the bytes, eight
/// at a time: this runs on every page.
fn looks_binary(html: &str) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // C0 controls and DEL (tab, line feed, form feed and return are text).
    let is_control = |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f;
    let mut end = html.len().min(65_536);
    while !html.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &html.as_bytes()[..end];
    let (mut controls, mut continuations) = (0usize, 0usize);
    let mut words = sample.chunks_exact(8);
    for word in &mut words {
        let x = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        // UTF-8 continuation bytes (10xxxxxx) do not start a character.
        continuations += (x & !(x << 1) & HIGH).count_ones() as usize;
        // A byte below 0x20 or equal to 0x7f somewhere in the word (the classic zero-byte
        // test; it never misses one): then look at each byte.
        let low = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
        let del = (x ^ (ONES * 0x7f)).wrapping_sub(ONES) & !(x ^ (ONES * 0x7f)) & HIGH;
        if low | del != 0 {
            controls += word.iter().filter(|&&b| is_control(b)).count();
        }
    }
    for &b in words.remainder() {
        continuations += usize::from(b & 0xc0 == 0x80);
        controls += usize::from(is_control(b));
    }
    // C1 controls (U+0080..U+009F) are C2 80..C2 9F; U+FFFD is EF BF BD.
    let c1 = memchr::memchr_iter(0xc2, sample)
        .filter(|&i| sample.get(i + 1).is_some_and(|b| (0x80..=0x9f).contains(b)))
        .count();
    let replacement = memchr::memmem::find_iter(sample, "\u{fffd}".as_bytes()).count();
    let chars = sample.len() - continuations;
    (controls + c1) * 20 > chars || replacement * 2 > chars
}

/// A page analysed: the parsed tree, the plan and the report.
pub struct Analysis {
    page: Page,
    report: Report,
}

impl Analysis {
    /// The report (the plan's edits included).
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// The report, mutable (hosts fill in their own timings).
    pub fn report_mut(&mut self) -> &mut Report {
        &mut self.report
    }

    /// The plan for hosts that apply it elsewhere (the extension, a later `render`).
    pub fn plan(&self) -> Plan {
        Plan {
            version: SCHEMA_VERSION,
            edits: self.report.edits.clone(),
            outline: self.report.outline.clone(),
        }
    }

    /// The cleaned page, rendered from the tree this analysis parsed.
    pub fn render(&self) -> String {
        let mut by_node: HashMap<page::Ix, Vec<&Edit>> = HashMap::new();
        for e in &self.report.edits {
            if let Some(ix) = self.page.resolve(&e.target.path) {
                by_node.entry(ix).or_default().push(e);
            }
        }
        render::serialize(&self.page, &by_node)
    }
}

#[cfg(test)]
mod tests {
    /// The definition `looks_binary` counts on bytes: characters, decoded.
    fn looks_binary_by_chars(html: &str) -> bool {
        let mut end = html.len().min(65_536);
        while !html.is_char_boundary(end) {
            end -= 1;
        }
        let sample: Vec<char> = html[..end].chars().collect();
        let controls = sample
            .iter()
            .filter(|&&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c'))
            .count();
        let replacement = sample.iter().filter(|&&c| c == '\u{fffd}').count();
        controls * 20 > sample.len() || replacement * 2 > sample.len()
    }

    #[test]
    fn binary_detection_on_bytes_matches_the_char_definition() {
        let mut cases = vec![
            "<p>plain text, tabs\tand\r\nlines\x0c</p>".to_string(),
            "<p>人工智能芯片出口管制再次升级。</p>".repeat(50),
            "\u{fffd}".repeat(3) + &"<p>abc</p>".repeat(10),
            "\u{85}\u{9f}\u{a0}\u{100}".repeat(40),
            (0u8..=127).map(char::from).collect(),
        ];
        // Around the thresholds: n bad characters in 100.
        for n in (3..8).chain(48..53) {
            for bad in ['\u{1}', '\u{7f}', '\u{80}', '\u{fffd}'] {
                let s: String = std::iter::repeat_n(bad, n)
                    .chain(std::iter::repeat_n('é', 100 - n))
                    .collect();
                cases.push(s);
            }
        }
        // Every alignment and mix: pseudo-random strings over a palette of the cases.
        let palette = [
            'a', '<', '\n', '\t', '\r', '\x0c', '\u{1}', '\u{1f}', '\u{7f}', ' ', 'é', '漢',
            '\u{85}', '\u{a0}', '\u{fffd}', '😀',
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..2000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 90) as usize;
            let s: String = (0..len)
                .map(|i| palette[((state >> (i % 60)) as usize + i * 7) % palette.len()])
                .collect();
            cases.push(s);
        }
        // A page longer than the sample, cut inside a character.
        cases.push("a".repeat(65_535) + "漢字\u{1}\u{1}");
        for case in &cases {
            assert_eq!(
                super::looks_binary(case),
                looks_binary_by_chars(case),
                "{:?}",
                &case[..case.len().min(80)]
            );
        }
    }
}

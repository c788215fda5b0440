//! The pipeline: options and tables built once ([`Engine`]), then for each page a handful of
//! stages: input checks → parse → find the article → clean → annotate → plan → report.

use std::collections::HashMap;

use crate::clean::{self, UserRule};
use crate::error::Result;
use crate::options::{CustomTerm, Options};
use crate::page::{self, Page};
use crate::schema::{Edit, Hints, Plan, Report, Stats, SCHEMA_VERSION};
use crate::{annotate, article, input, plan, render, report};

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
            let (glossary, pack_warnings) = annotate::Glossary::from_packs(
                packs,
                options.packs.as_deref(),
                &custom,
                options.explain,
            );
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
        self.analyze_with_hints(html, url, &Hints::default())
    }

    /// Analyses a page with what the host knows of it beyond its HTML (the extension: the
    /// elements the browser shows as `position: fixed` or `sticky`). Hints whose paths lead
    /// nowhere are ignored.
    pub fn analyze_with_hints(
        &self,
        html: &str,
        url: Option<&str>,
        hints: &Hints,
    ) -> Result<Analysis> {
        #[cfg(not(target_arch = "wasm32"))]
        let started = std::time::Instant::now();
        input::check(html)?;
        let page = Page::parse(html);
        let article = article::find(&page);
        let host = url
            .and_then(clean::url::UrlParts::parse)
            .map(|u| u.host.to_ascii_lowercase());
        let mut cleaned = clean::plan(
            &page,
            &article,
            &self.options,
            &self.rules,
            host.as_deref(),
            &hints.fixed,
        );

        let (language, article_stats) = report::describe(&page, &article);

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

        let mut report = Report {
            version: SCHEMA_VERSION,
            url: url.map(str::to_string),
            title: article::document_title(&page),
            language,
            article: article_stats,
            stats: Stats::count(&edits, cleaned.guarded),
            edits,
            outline,
            annotations,
            warnings: self.warnings.clone(),
            rule_matches: std::mem::take(&mut cleaned.rule_matches),
            kept_by_exceptions: std::mem::take(&mut cleaned.kept_by_exceptions),
        };
        #[cfg(not(target_arch = "wasm32"))]
        {
            report.stats.elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
        }
        #[cfg(target_arch = "wasm32")]
        {
            report.stats.elapsed_ms = 0.0; // measured by the wasm binding around the call
        }
        let article_roots = article.roots.iter().map(|&r| page.path(r)).collect();
        let article_core = article.core.map(|c| page.path(c));
        Ok(Analysis {
            page,
            report,
            article_roots,
            article_core,
        })
    }
}

/// A page analysed: the parsed tree, the plan and the report.
pub struct Analysis {
    page: Page,
    report: Report,
    /// Where the article was found (element paths), for study tools.
    article_roots: Vec<Vec<u32>>,
    article_core: Option<Vec<u32>>,
}

impl Analysis {
    /// The paths of the containers found as the article (the first is the best candidate):
    /// for tools that study a clean (`examples/trace.rs`), not a stable interface.
    #[doc(hidden)]
    pub fn article_roots(&self) -> &[Vec<u32>] {
        &self.article_roots
    }

    /// The path of the article's body, its best-scored container (see `article_roots`).
    #[doc(hidden)]
    pub fn article_core(&self) -> Option<&[u32]> {
        self.article_core.as_deref()
    }

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

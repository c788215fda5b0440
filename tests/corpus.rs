//! Every corpus page, cleaned with the default options, checked against its ground truth:
//! - no article sentence lost (≥ 99.8% over the corpus, no page below 98%);
//! - most of the non-article text removed (≥ 73% on average over the pages that have any);
//! - every video-host player neutralised;
//! - the plan (each edit's kind, rule, target and excerpt, and the outline) equal to the
//!   page's golden file in `tests/golden/` (`BLESS=1` rewrites them: review the diff).
//!
//! Prints a per-page table. Reads the corpus from `NEWSLENS_CORPUS`.
#![cfg(not(target_arch = "wasm32"))] // native: files, processes, threads

mod common;

use std::path::{Path, PathBuf};

use common::{corpus_dir, sentences, squash, visible_text};
use newslens::{charset, Engine, Options};
use scraper::{Html, Selector};

/// Pages whose ground truth is not (only) the article: it also holds blocks the product is
/// specified to remove, so a correct clean "loses" those sentences.
const EXCEPTIONS: &[(&str, &str)] = &[
    // Readability's extract keeps two inline promos ("Related: <a>Chicago is America's most
    // segregated city</a>") between the story's paragraphs: links to other stories, removed by
    // design (rule promo.inline).
    (
        "readability/cnn",
        "ground truth includes inline \"Related:\" promo links",
    ),
    // Readability's extract includes the reader comments section ("2 comments on …", each
    // comment's text): comments are not the article and are removed by design.
    (
        "readability/firefox-nightly-blog",
        "ground truth includes reader comments",
    ),
    // The hand-made copy ends with the "推荐文章" box: the teaser of another article by the
    // same author, then the comment widget ("发一条友善的评论").
    (
        "zh/658d9f03-ebba-4946-b0e8-25b6fdbeb1c7",
        "ground truth includes a recommended-article teaser",
    ),
    // Readability's extract includes the "CityLab Daily" newsletter sign-up box that sits in
    // the middle of the article (heading, pitch and form label).
    (
        "readability/citylab-1",
        "ground truth includes a newsletter sign-up box",
    ),
];

/// Readability pages whose extract has headings that are not section headings of the
/// article: the page's article has no sections, so it is not among the pages the outline
/// target counts ("pages whose article has two or more section headings", issue 3). Judged
/// by reading each page; the test still checks that the outline is empty there.
const NO_SECTIONS: &[(&str, &str)] = &[
    (
        "readability/tmz-1",
        "the extract's headings are the headline's second line and the posting date",
    ),
    (
        "readability/ars-1",
        "the extract's headings are the section label (\"Biz & IT —\") and the subtitle",
    ),
    (
        "readability/lazy-image-3",
        "two headings over two images and no text: not an article",
    ),
];

/// Pages whose outline differs from the section headings of Readability's extract because the
/// extract, not the outline, is wrong. They count as misses against the 90% target.
const OUTLINE_DIFFERENCES: &[(&str, &str)] = &[
    (
        "readability/mercurial",
        "Readability drops the section #example-1-amend-a-shared-changeset (its id contains \"share\"); the outline keeps it",
    ),
    (
        "readability/mozilla-1",
        "Readability drops the page's last section, \"Keep your Firefox in Sync\"; the outline keeps it",
    ),
];

/// Hosts of video players, for the test's own count (independent of the engine's table).
const VIDEO_HOSTS: &[&str] = &[
    "youtube.com",
    "youtube-nocookie.com",
    "youtu.be",
    "vimeo.com",
    "dailymotion.com",
    "bilibili.com",
    "youku.com",
    "v.qq.com",
    "brightcove.net",
    "jwplayer.com",
    "jwplatform.com",
    "twitch.tv",
    "iqiyi.com",
];

struct PageResult {
    name: String,
    counted: usize,
    kept: usize,
    missing: Vec<String>,
    non_article: usize,
    removed: usize,
    embeds_before: usize,
    embeds_after: usize,
    readability: bool,
    exception: bool,
    /// Section headings of the ground truth (Readability pages), and the outline's titles.
    expected_headings: Vec<String>,
    outline: Vec<String>,
    /// Annotation rules broken on this page (inside a link/heading/code/pre, density).
    annotation_problems: Vec<String>,
    annotations: usize,
    confidence: f64,
    /// Outline entries that are text of the ground-truth article, of all entries.
    outline_right: usize,
    /// The page's edits differ from its golden file (`None`: same, or just blessed).
    golden_diff: Option<String>,
}

/// The golden file of a corpus page: `tests/golden/<group>/<page>.txt`.
fn golden_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(format!("{name}.txt"))
}

/// The plan of a page as reviewable lines: `kind rule path <tag> excerpt` (excerpt ≤ 40
/// characters, white space folded). Every behaviour change shows up as a diff of these.
fn golden_lines(report: &newslens::Report) -> String {
    let mut out = String::new();
    for e in &report.edits {
        let path: Vec<String> = e.target.path.iter().map(u32::to_string).collect();
        let excerpt: String = e
            .text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .take(40)
            .collect();
        out.push_str(&format!(
            "{} {} {} <{}> {}\n",
            e.action.kind(),
            e.rule,
            path.join("."),
            e.target.fingerprint.tag,
            excerpt
        ));
    }
    for o in &report.outline {
        out.push_str(&format!(
            "outline {} {}\n",
            o.level,
            squash(&o.title).chars().take(40).collect::<String>()
        ));
    }
    out
}

/// Compares a page's plan with its golden file, or rewrites the file when `BLESS=1`.
fn check_golden(name: &str, report: &newslens::Report) -> Option<String> {
    let path = golden_path(name);
    let actual = golden_lines(report);
    if std::env::var("BLESS").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &actual).unwrap();
        return None;
    }
    let Ok(expected) = std::fs::read_to_string(&path) else {
        return Some(format!(
            "no golden file {} (run BLESS=1 make test-native and review it)",
            path.display()
        ));
    };
    if expected == actual {
        return None;
    }
    let (exp, act): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let gone: Vec<&&str> = exp.iter().filter(|l| !act.contains(l)).collect();
    let new: Vec<&&str> = act.iter().filter(|l| !exp.contains(l)).collect();
    let mut diff = format!(
        "edits differ from {} ({} lines gone, {} new; BLESS=1 to accept):",
        path.display(),
        gone.len(),
        new.len()
    );
    for l in gone.iter().take(5) {
        diff.push_str(&format!("\n        - {l}"));
    }
    for l in new.iter().take(5) {
        diff.push_str(&format!("\n        + {l}"));
    }
    if gone.is_empty() && new.is_empty() {
        diff.push_str("\n        (same lines, another order)");
    }
    Some(diff)
}

/// Where a term must never be annotated.
const NO_TERMS_INSIDE: &[&str] = &["a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre"];

fn annotation_problems(cleaned: &Html, truth: &str) -> (usize, Vec<String>) {
    let mut problems = Vec::new();
    let spans: Vec<_> = cleaned
        .select(&Selector::parse("span.newslens-term").unwrap())
        .collect();
    let mut per_block: std::collections::HashMap<ego_tree::NodeId, usize> = Default::default();
    for span in &spans {
        let term: String = span.text().collect();
        let mut block = None;
        for anc in span.ancestors().filter_map(scraper::ElementRef::wrap) {
            let tag = anc.value().name();
            if NO_TERMS_INSIDE.contains(&tag) {
                problems.push(format!("\"{term}\" annotated inside <{tag}>"));
            }
            if block.is_none()
                && matches!(
                    tag,
                    "p" | "li"
                        | "div"
                        | "td"
                        | "blockquote"
                        | "dd"
                        | "section"
                        | "article"
                        | "body"
                )
            {
                block = Some(anc.id());
            }
        }
        if let Some(b) = block {
            *per_block.entry(b).or_default() += 1;
        }
    }
    if let Some(n) = per_block.values().max().filter(|&&n| n > 4) {
        problems.push(format!("{n} annotations in one paragraph"));
    }
    let cjk = truth.chars().filter(|&c| common::is_cjk(c)).count();
    let words = truth
        .split(|c: char| c.is_whitespace() || common::is_cjk(c))
        .filter(|w| w.chars().any(|c| c.is_ascii_alphanumeric()))
        .count();
    let cap = (words / 40 + cjk / 80).max(1);
    if spans.len() > cap {
        problems.push(format!(
            "{} annotations for {words} words and {cjk} CJK characters (cap {cap})",
            spans.len()
        ));
    }
    (spans.len(), problems)
}

/// Section headings of an extract. Readability turns the page's `<h1>`s into `<h2>`s: the
/// page's title heading (its first `<h1>`, or a heading the `<title>` contains) is the
/// outline's caption, not a section.
fn section_headings(extract: &Html, page: &Html) -> Vec<String> {
    let text_of = |e: scraper::ElementRef| squash(&e.text().collect::<String>());
    let first_h1 = page
        .select(&Selector::parse("h1").unwrap())
        .next()
        .map(text_of);
    let title = page
        .select(&Selector::parse("title").unwrap())
        .next()
        .map(text_of)
        .unwrap_or_default();
    extract
        .select(&Selector::parse("h1, h2, h3, h4, h5, h6").unwrap())
        .map(text_of)
        .filter(|h| !h.is_empty() && first_h1.as_ref() != Some(h) && !title.contains(h.as_str()))
        .collect()
}

fn video_players(html: &Html) -> usize {
    html.tree
        .nodes()
        .filter_map(|n| n.value().as_element())
        .filter(|e| matches!(e.name(), "iframe" | "embed" | "object"))
        .filter(|e| {
            ["src", "data-src", "data"]
                .iter()
                .filter_map(|a| e.attr(a))
                .any(|src| {
                    let host = src
                        .split("//")
                        .nth(1)
                        .unwrap_or("")
                        .split(['/', '?', '#'])
                        .next()
                        .unwrap_or("");
                    VIDEO_HOSTS
                        .iter()
                        .any(|h| host == *h || host.ends_with(&format!(".{h}")))
                })
        })
        .count()
}

fn check_page(engine: &Engine, name: &str, dir: &Path) -> PageResult {
    let bytes = std::fs::read(dir.join("source.html")).unwrap();
    let source = charset::decode(&bytes).text;
    let mut expected_headings = Vec::new();
    let (truth, sep) = if dir.join("expected.html").is_file() {
        let html =
            Html::parse_document(&std::fs::read_to_string(dir.join("expected.html")).unwrap());
        expected_headings = section_headings(&html, &Html::parse_document(&source));
        (visible_text(&html, None), "\n")
    } else {
        (
            std::fs::read_to_string(dir.join("expected.txt")).unwrap(),
            "\n\n",
        )
    };
    let url = std::fs::read_to_string(dir.join("url.txt"))
        .ok()
        .map(|u| u.trim().to_string());
    let analysis = engine
        .analyze(&source, url.as_deref())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let cleaned = Html::parse_document(&analysis.render());
    let source_doc = Html::parse_document(&source);

    let source_text = squash(&visible_text(&source_doc, None));
    let cleaned_text = squash(&visible_text(&cleaned, None));
    let cleaned_without_cards = squash(&visible_text(&cleaned, Some("newslens-embed")));
    let mut counted = 0;
    let mut kept = 0;
    let mut missing = Vec::new();
    let mut article_chars = 0;
    for s in sentences(&truth, sep) {
        if !source_text.contains(&s) {
            continue; // not shown as text by the page itself
        }
        counted += 1;
        article_chars += s.chars().count();
        if cleaned_text.contains(&s) {
            kept += 1;
        } else {
            missing.push(s);
        }
    }
    let total = source_text.chars().count();
    let non_article =
        total.saturating_sub(article_chars.max(squash(&truth).chars().count().min(total)));
    let removed = total.saturating_sub(cleaned_without_cards.chars().count());
    let (annotations, annotation_problems) = annotation_problems(&cleaned, &truth);
    let outline = analysis
        .report()
        .outline
        .iter()
        .map(|o| squash(&o.title))
        .collect();
    PageResult {
        name: name.to_string(),
        counted,
        kept,
        missing,
        non_article,
        removed: removed.min(non_article),
        embeds_before: video_players(&source_doc),
        embeds_after: video_players(&cleaned),
        readability: dir.join("expected.html").is_file(),
        exception: EXCEPTIONS.iter().any(|(n, _)| *n == name),
        expected_headings,
        outline,
        annotation_problems,
        annotations,
        confidence: analysis.report().article.confidence,
        outline_right: analysis
            .report()
            .outline
            .iter()
            .filter(|o| squash(&truth).contains(&squash(&o.title)))
            .count(),
        golden_diff: check_golden(name, analysis.report()),
    }
}

#[test]
fn corpus_keeps_article_text_removes_boilerplate_and_neutralises_players() {
    let Some(corpus) = corpus_dir() else { return };
    let engine = Engine::new(Options::default()).unwrap();
    let list = common::page_dirs(&corpus);
    assert!(
        list.len() >= 85,
        "expected 65 readability + 20 zh pages, found {}",
        list.len()
    );

    let results: Vec<PageResult> =
        common::map_on_two_threads(&list, |(n, p)| check_page(&engine, n, p));

    eprintln!(
        "\n{:<52} {:>9} {:>7} {:>8} {:>7} {:>5} {:>8}",
        "page", "sentences", "kept", "removal", "embeds", "conf", "other"
    );
    let (mut counted, mut kept) = (0, 0);
    let mut removal_sum = 0.0;
    let mut removal_pages = 0;
    let (mut readability_sum, mut readability_pages) = (0.0, 0);
    let mut failures = Vec::new();
    for r in &results {
        let share = if r.counted == 0 {
            1.0
        } else {
            r.kept as f64 / r.counted as f64
        };
        let removal = if r.non_article > 0 {
            r.removed as f64 / r.non_article as f64
        } else {
            f64::NAN
        };
        eprintln!(
            "{:<52} {:>9} {:>6.1}% {:>7.1}% {:>3}→{:<3} {:>4.2} {:>8}{}",
            r.name,
            r.counted,
            share * 100.0,
            removal * 100.0,
            r.embeds_before,
            r.embeds_after,
            r.confidence,
            r.non_article,
            if r.exception { " (exception)" } else { "" }
        );
        for m in r.missing.iter().take(3) {
            eprintln!("      missing: {}", m.chars().take(110).collect::<String>());
        }
        // An exception's ground truth holds text that is not the article: its sentences are
        // not counted. What it removes and its players count as on every page.
        if !r.exception {
            counted += r.counted;
            kept += r.kept;
            if share < 0.98 {
                failures.push(format!(
                    "{}: kept {:.1}% of its sentences (< 98%)",
                    r.name,
                    share * 100.0
                ));
            }
        }
        if r.embeds_after > 0 {
            failures.push(format!("{}: {} video players left", r.name, r.embeds_after));
        }
        if r.non_article >= 200 {
            removal_sum += removal;
            removal_pages += 1;
            if r.readability {
                readability_sum += removal;
                readability_pages += 1;
            }
        }
    }
    // Outline: on Readability pages whose article has two or more section headings, the
    // outline's titles are those headings, in order, on at least 90% of them.
    for (name, _) in NO_SECTIONS {
        match results.iter().find(|r| r.name == *name) {
            Some(r) if !r.outline.is_empty() => failures.push(format!(
                "{name}: listed as having no sections, but the outline is {:?}",
                r.outline
            )),
            Some(_) => {}
            None => failures.push(format!(
                "{name}: listed in NO_SECTIONS but not in the corpus"
            )),
        }
    }
    let with_sections: Vec<&PageResult> = results
        .iter()
        .filter(|r| r.readability && !r.exception && r.expected_headings.len() >= 2)
        .filter(|r| !NO_SECTIONS.iter().any(|(n, _)| *n == r.name))
        .collect();
    let same = |r: &&&PageResult| {
        r.outline.len() == r.expected_headings.len()
            && r.outline
                .iter()
                .zip(&r.expected_headings)
                .all(|(a, b)| a.contains(b.as_str()) || b.contains(a.as_str()))
    };
    let outline_ok = with_sections.iter().filter(|r| same(r)).count();
    for r in with_sections.iter().filter(|r| !same(r)) {
        eprintln!(
            "outline differs on {}:\n      expected {:?}\n      got      {:?}",
            r.name, r.expected_headings, r.outline
        );
    }
    let outline_share = outline_ok as f64 / with_sections.len().max(1) as f64;
    eprintln!(
        "\noutline: {outline_ok}/{} pages with two or more section headings match ({:.0}%)",
        with_sections.len(),
        outline_share * 100.0
    );
    for r in with_sections.iter().filter(|r| !same(r)) {
        match OUTLINE_DIFFERENCES.iter().find(|(n, _)| *n == r.name) {
            Some((_, why)) => eprintln!("  {}: {why}", r.name),
            None => eprintln!("  {}: not explained", r.name),
        }
    }
    if outline_share < 0.9 {
        failures.push(format!(
            "outline matches on {outline_ok}/{} pages, under 90%",
            with_sections.len()
        ));
    }
    for r in &results {
        if let Some(diff) = &r.golden_diff {
            failures.push(format!("{}: {diff}", r.name));
        }
    }
    // Outline precision: on the pages whose article has section headings (and the others
    // too: an outline where the article has none is all wrong), the share of entries that are
    // text of the ground-truth article.
    let entries: usize = results
        .iter()
        .filter(|r| !r.exception)
        .map(|r| r.outline.len())
        .sum();
    let right: usize = results
        .iter()
        .filter(|r| !r.exception)
        .map(|r| r.outline_right)
        .sum();
    let outline_precision = right as f64 / entries.max(1) as f64;
    eprintln!(
        "outline precision: {right}/{entries} entries are text of the article ({:.1}%)",
        outline_precision * 100.0
    );
    for r in results.iter().filter(|r| r.outline_right < r.outline.len()) {
        eprintln!(
            "  {}: {} of {} entries not in the article",
            r.name,
            r.outline.len() - r.outline_right,
            r.outline.len()
        );
    }
    if outline_precision < 0.95 {
        failures.push(format!(
            "outline precision {:.1}% < 95%",
            outline_precision * 100.0
        ));
    }
    let annotated: usize = results.iter().map(|r| r.annotations).sum();
    eprintln!("annotations: {annotated} over {} pages", results.len());
    for r in &results {
        for p in &r.annotation_problems {
            failures.push(format!("{}: {p}", r.name));
        }
    }
    let overall = kept as f64 / counted.max(1) as f64;
    let mean_removal = removal_sum / removal_pages.max(1) as f64;
    eprintln!(
        "\noverall: {kept}/{counted} sentences kept ({:.2}%), mean removal {:.1}% over {removal_pages} pages ({:.1}% over {readability_pages} Readability pages)\n",
        overall * 100.0,
        mean_removal * 100.0,
        readability_sum / f64::from(readability_pages.max(1)) * 100.0
    );
    if overall < 0.998 {
        failures.push(format!("overall retention {:.2}% < 99.8%", overall * 100.0));
    }
    // The goal, reached: a change that cleans less fails.
    if mean_removal < 0.80 {
        failures.push(format!(
            "mean removal {:.1}% < 80% (the issue's goal)",
            mean_removal * 100.0
        ));
    }
    assert!(
        failures.is_empty(),
        "corpus failures:\n  {}",
        failures.join("\n  ")
    );
}

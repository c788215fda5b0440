//! Page-mined definitions and pack levels over the shared corpus (readability, zh, snippets).
//!
//! - `corpus_page_definitions_dump` (ignored: it reads ~580 pages) writes every definition the
//!   engine takes from a page, with the paragraph it came from, to
//!   `target/page-definitions.tsv` (or `$DEFINITIONS_OUT`), for a person to judge:
//!   `cargo test --locked --test definitions -- --ignored --nocapture`.
//! - `corpus_default_explains_no_everyday_term`: under the default `explain: "general"` no
//!   explained pack term is one its pack marks everyday for the page's language; `"all"` brings
//!   them back. Prints the terms explained per page both ways.
#![cfg(not(target_arch = "wasm32"))] // native: files, processes, threads

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use common::corpus_dir;
use newslens::{charset, Action, Engine, Options, Report};
use scraper::Html;

/// Every page of the corpus: (name, decoded source).
fn corpus_pages(corpus: &Path, snippets: bool) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = common::page_dirs(corpus)
        .into_iter()
        .map(|(name, dir)| {
            let bytes = std::fs::read(dir.join("source.html")).unwrap();
            (name, charset::decode(&bytes).text)
        })
        .collect();
    if snippets {
        let mut files: Vec<PathBuf> = std::fs::read_dir(corpus.join("snippets/html"))
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "gz"))
            .collect();
        files.sort();
        for f in files {
            let bytes = common::gunzip(&f);
            let name = format!("snippets/{}", f.file_name().unwrap().to_string_lossy());
            out.push((name, charset::decode(&bytes).text));
        }
    }
    out
}

fn analyze(engine: &Engine, source: &str) -> Option<Report> {
    engine
        .analyze(source, None)
        .ok()
        .map(|a| a.report().clone())
}

/// The text of the element an edit targets, in the source page.
fn target_text(doc: &Html, path: &[u32]) -> String {
    common::element_at(doc, path)
        .map(|node| node.text().collect::<Vec<_>>().join(""))
        .unwrap_or_default()
}

/// About `width` characters either side of the first `term` in `text`.
fn around(text: &str, term: &str, width: usize) -> String {
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let Some(at) = text.find(term) else {
        return text.chars().take(2 * width).collect();
    };
    let before: Vec<char> = text[..at].chars().collect();
    let start = before.len().saturating_sub(width);
    let head: String = before[start..].iter().collect();
    let tail: String = text[at..]
        .chars()
        .take(term.chars().count() + width)
        .collect();
    format!("{head}{tail}")
}

#[test]
#[ignore = "reads the whole corpus (~580 pages); run with --ignored to write the dump"]
fn corpus_page_definitions_dump() {
    let Some(corpus) = corpus_dir() else { return };
    let engine = Engine::new(Options::from_json(r#"{"explain": "all"}"#).unwrap()).unwrap();
    let mut lines = vec!["page\tterm\tdefinition\tcontext".to_string()];
    let pages = corpus_pages(&corpus, true);
    let mut pages_with = 0;
    for (name, source) in &pages {
        let Some(report) = analyze(&engine, source) else {
            continue;
        };
        let doc = Html::parse_document(source);
        let mut seen = std::collections::HashSet::new();
        let mut any = false;
        for e in &report.edits {
            let Action::Annotate {
                term,
                definition,
                source,
                ..
            } = &e.action
            else {
                continue;
            };
            if source != "page" || !seen.insert(term.clone()) {
                continue;
            }
            any = true;
            let context = around(&target_text(&doc, &e.target.path), term, 160);
            let clean = |s: &str| s.replace(['\t', '\n'], " ");
            lines.push(format!(
                "{name}\t{}\t{}\t{}",
                clean(term),
                clean(definition),
                clean(&context)
            ));
        }
        pages_with += usize::from(any);
    }
    let out = std::env::var_os("DEFINITIONS_OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/page-definitions.tsv")
        });
    std::fs::write(&out, lines.join("\n") + "\n").unwrap();
    eprintln!(
        "{} page definitions on {pages_with} of {} pages, written to {}",
        lines.len() - 1,
        pages.len(),
        out.display()
    );
}

/// Pack names (terms and aliases, lower case) → the entry's level for English and Chinese.
fn pack_levels() -> HashMap<String, (String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/glossary");
    let mut out = HashMap::new();
    for name in ["tech", "economy", "politics", "science"] {
        let pack: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap(),
        )
        .unwrap();
        for e in pack["entries"].as_array().unwrap() {
            let level = |lang: &str| e["level"][lang].as_str().unwrap_or("").to_string();
            let levels = (level("en"), level("zh"));
            for n in std::iter::once(&e["term"]).chain(e["aliases"].as_array().unwrap()) {
                out.insert(n.as_str().unwrap().to_lowercase(), levels.clone());
            }
        }
    }
    out
}

#[test]
fn every_pack_entry_has_a_level_per_language() {
    let levels = pack_levels();
    let bad: Vec<_> = levels
        .iter()
        .filter(|(_, (en, zh))| {
            ![en, zh]
                .iter()
                .all(|l| matches!(l.as_str(), "everyday" | "general" | "specialist"))
        })
        .map(|(n, _)| n.clone())
        .collect();
    assert!(
        bad.is_empty(),
        "names without a level per language: {bad:?}"
    );
}

#[test]
fn corpus_default_explains_no_everyday_term() {
    let Some(corpus) = corpus_dir() else { return };
    let levels = pack_levels();
    let default = Engine::new(Options::default()).unwrap();
    let all = Engine::new(Options::from_json(r#"{"explain": "all"}"#).unwrap()).unwrap();
    let specialist =
        Engine::new(Options::from_json(r#"{"explain": "specialist"}"#).unwrap()).unwrap();
    let level_of = |report: &Report, term: &str| {
        let (en, zh) = levels.get(&term.to_lowercase())?;
        Some(
            if report.language.starts_with("zh") {
                zh
            } else {
                en
            }
            .clone(),
        )
    };
    let pages = corpus_pages(&corpus, std::env::var("SNIPPETS").is_ok_and(|v| v == "1"));
    let (mut n_all, mut n_default, mut n_specialist, mut pages_n) = (0, 0, 0, 0);
    let (mut everyday_all, mut everyday_default) = (0, 0);
    let mut wrong = Vec::new();
    let mut rows = Vec::new();
    for (name, source) in &pages {
        let (Some(a), Some(d), Some(s)) = (
            analyze(&all, source),
            analyze(&default, source),
            analyze(&specialist, source),
        ) else {
            continue;
        };
        pages_n += 1;
        n_all += a.annotations.len();
        n_default += d.annotations.len();
        n_specialist += s.annotations.len();
        for ann in &a.annotations {
            if ann.source.starts_with("pack:")
                && level_of(&a, &ann.term).as_deref() == Some("everyday")
            {
                everyday_all += 1;
            }
        }
        for ann in &d.annotations {
            if ann.source.starts_with("pack:")
                && level_of(&d, &ann.term).as_deref() == Some("everyday")
            {
                everyday_default += 1;
                wrong.push(format!("{name}: {}", ann.term));
            }
        }
        for ann in &s.annotations {
            if ann.source.starts_with("pack:")
                && level_of(&s, &ann.term).as_deref() != Some("specialist")
            {
                wrong.push(format!("{name}: {} under \"specialist\"", ann.term));
            }
        }
        if !a.annotations.is_empty() {
            rows.push(format!(
                "{name}: all {} / general {} / specialist {}",
                a.annotations.len(),
                d.annotations.len(),
                s.annotations.len()
            ));
        }
    }
    eprintln!("terms explained per page (explain: all / general (default) / specialist):");
    for r in &rows {
        eprintln!("  {r}");
    }
    let mean = |n: usize| n as f64 / pages_n.max(1) as f64;
    eprintln!(
        "{pages_n} pages: mean terms explained per page: all {:.2}, general {:.2}, specialist {:.2}; \
         everyday pack terms explained: all {everyday_all}, general {everyday_default}",
        mean(n_all),
        mean(n_default),
        mean(n_specialist)
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(everyday_all > 0, "\"all\" explains no everyday term");
}

//! Helpers shared by the integration tests: the corpus location and a reader's view of a page
//! (the text a browser shows), written independently of the engine's own text statistics.

#![allow(dead_code)]

use std::path::PathBuf;

use scraper::{ElementRef, Html, Node};

/// `NEWSLENS_CORPUS`, or `../shared/corpus` from the crate root. `None` (after saying so
/// loudly) if the folder is missing; a missing corpus fails the run when `CI=true`.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("NEWSLENS_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    if dir.join("seed/voa-deepseek/source.html").is_file() {
        return Some(dir);
    }
    let msg = format!(
        "\n*** CORPUS NOT FOUND at {} — set NEWSLENS_CORPUS to the shared corpus folder. \
         Corpus checks are SKIPPED. ***\n",
        dir.display()
    );
    eprintln!("{msg}");
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{msg}");
    }
    None
}

const HIDDEN_TAGS: &[&str] = &[
    "head", "script", "style", "noscript", "template", "iframe", "textarea", "select", "svg",
    "object", "embed",
];
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "tr",
    "td",
    "th",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "nav",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "dd",
    "dt",
    "dl",
    "main",
    "form",
    "br",
    "hr",
];

fn hidden(el: &scraper::node::Element) -> bool {
    if HIDDEN_TAGS.contains(&el.name()) || el.attr("hidden").is_some() {
        return true;
    }
    el.attr("style").is_some_and(|s| {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// The text a reader sees, one line per block, skipping hidden elements and, if
/// `skip_class` is given, elements with that class (the cleaner's own cards).
pub fn visible_text(html: &Html, skip_class: Option<&str>) -> String {
    let mut out = String::new();
    let mut stack = vec![(html.tree.root(), false)];
    while let Some((node, closing)) = stack.pop() {
        if closing {
            out.push('\n');
            continue;
        }
        match node.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(el) => {
                if hidden(el)
                    || skip_class.is_some_and(|c| {
                        el.attr("class")
                            .is_some_and(|k| k.split_whitespace().any(|w| w == c))
                    })
                {
                    continue;
                }
                if BLOCKS.contains(&el.name()) {
                    out.push('\n');
                    stack.push((node, true));
                }
                let children: Vec<_> = node.children().collect();
                stack.extend(children.into_iter().rev().map(|c| (c, false)));
            }
            _ => {
                let children: Vec<_> = node.children().collect();
                stack.extend(children.into_iter().rev().map(|c| (c, false)));
            }
        }
    }
    out
}

/// Text with all white space removed (sentences are compared this way, so line wrapping and
/// indentation never matter).
/// The text of an HTML string with its tags dropped, nothing else changed: what a check needs
/// where the engine wraps words in elements of its own (terms, cards).
pub fn text_without_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The element at a target's `path` (element-child positions from `<html>`), if the page has
/// one there.
pub fn element_at<'a>(doc: &'a Html, path: &[u32]) -> Option<ElementRef<'a>> {
    let mut el = doc.root_element();
    for &i in path {
        el = el.children().filter_map(ElementRef::wrap).nth(i as usize)?;
    }
    Some(el)
}

/// The plan's edit of the element at `path`, if any.
pub fn edit_at<'a>(analysis: &'a newslens::Analysis, path: &[u32]) -> Option<&'a newslens::Edit> {
    analysis
        .report()
        .edits
        .iter()
        .find(|e| e.target.path == path)
}

pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

/// Sentences of a text: split on `. ! ? 。！？` (and line breaks between paragraphs), keeping
/// those with at least 20 letters or 10 CJK characters.
pub fn sentences(text: &str, paragraph_sep: &str) -> Vec<String> {
    let mut out = Vec::new();
    for para in text.split(paragraph_sep) {
        let mut cur = String::new();
        for c in para.chars() {
            cur.push(c);
            if matches!(c, '.' | '!' | '?' | '。' | '！' | '？') {
                push_sentence(&mut out, &cur);
                cur.clear();
            }
        }
        push_sentence(&mut out, &cur);
    }
    out
}

fn push_sentence(out: &mut Vec<String>, s: &str) {
    let letters = s
        .chars()
        .filter(|c| c.is_alphabetic() && !is_cjk(*c))
        .count();
    let cjk = s.chars().filter(|c| is_cjk(*c)).count();
    if letters >= 20 || cjk >= 10 {
        out.push(squash(s));
    }
}

/// `f` over `items` on two threads (the machines have two cores), results in the items' order.
pub fn map_on_two_threads<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(items.len().div_ceil(2).max(1))
            .map(|chunk| {
                let f = &f;
                s.spawn(move || chunk.iter().map(f).collect::<Vec<_>>())
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    })
}

/// The readability and zh corpus pages, sorted: (`group/page`, the page's folder).
pub fn page_dirs(corpus: &std::path::Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for group in ["readability", "zh"] {
        let mut entries: Vec<_> = std::fs::read_dir(corpus.join(group))
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.join("source.html").is_file())
            .collect();
        entries.sort();
        for p in entries {
            out.push((
                format!("{group}/{}", p.file_name().unwrap().to_string_lossy()),
                p,
            ));
        }
    }
    out
}

/// A gzipped file's bytes (the snippets corpus stores its pages gzipped).
#[cfg(not(target_arch = "wasm32"))]
pub fn gunzip(path: &std::path::Path) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_end(&mut out)
        .unwrap();
    out
}

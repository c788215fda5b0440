//! Invariants over a cleaned page, shared by the property-based harness (`tests/properties.rs`) and
//! the coverage-guided fuzz target (`fuzz/fuzz_targets/analyze_render.rs`), which include
//! this file with `#[path]`: what counts as active content, and how a difference is shown.

use scraper::{Html, Node};

/// Elements and attributes that run code or load things, counted in a parsed page.
#[derive(Debug, Default, PartialEq, PartialOrd)]
pub struct Active {
    pub script: usize,
    pub iframe: usize,
    pub img: usize,
    pub object: usize,
    pub embed: usize,
    pub handlers: usize,
    pub javascript_urls: usize,
}

/// Attributes whose value a browser follows as an address.
const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "xlink:href",
];

pub fn active(doc: &Html) -> Active {
    let mut a = Active::default();
    for node in doc.tree.nodes() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        match el.name() {
            "script" => a.script += 1,
            "iframe" | "frame" => a.iframe += 1,
            "img" | "image" => a.img += 1,
            "object" => a.object += 1,
            "embed" => a.embed += 1,
            _ => {}
        }
        for (name, value) in el.attrs() {
            if name.len() > 2 && name.as_bytes()[..2].eq_ignore_ascii_case(b"on") {
                a.handlers += 1;
            }
            if !URL_ATTRS.contains(&&*name.to_ascii_lowercase()) {
                continue;
            }
            let v: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            if v.starts_with("javascript:") {
                a.javascript_urls += 1;
            }
        }
    }
    a
}

pub fn more_active(before: &Active, after: &Active) -> bool {
    after.script > before.script
        || after.iframe > before.iframe
        || after.img > before.img
        || after.object > before.object
        || after.embed > before.embed
        || after.handlers > before.handlers
        || after.javascript_urls > before.javascript_urls
}

/// The neighbourhood of the first difference between two strings.
pub fn first_difference(a: &str, b: &str) -> (String, String) {
    let at = a
        .char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i);
    let from = a[..at].char_indices().rev().nth(60).map_or(0, |(i, _)| i);
    let show = |s: &str| {
        s.get(from..)
            .unwrap_or("")
            .chars()
            .take(160)
            .collect::<String>()
    };
    (show(a), show(b))
}

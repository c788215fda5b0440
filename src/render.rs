//! Applying a plan to HTML: one iterative serialiser over the parsed tree, which skips removed
//! subtrees, writes cards for replaced players and rewrites attributes.

use std::collections::HashMap;
use std::fmt::Write;

use scraper::node::Element;
use scraper::Node;

use crate::page::{Ix, Page};
use crate::rules::tags::{RAW_TEXT, VOID};
use crate::schema::{Action, Edit, Embed, Plan};

/// The result of applying a plan to HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The cleaned page.
    pub html: String,
    /// Edits applied.
    pub applied: usize,
    /// Ids of edits whose target was missing or did not match its fingerprint.
    pub skipped: Vec<u32>,
}

/// Applies a plan to a page parsed from `html`: each target is resolved by its path and
/// verified against its fingerprint; edits whose target moved are skipped and reported.
/// Input that `analyze` refuses (empty, binary, nested too deep) is refused here too.
pub fn render(html: &str, plan: &Plan) -> crate::Result<Rendered> {
    crate::input::check(html)?;
    let page = Page::parse(html);
    let mut by_node: HashMap<Ix, Vec<&Edit>> = HashMap::new();
    let mut skipped = Vec::new();
    let mut applied = 0;
    for edit in &plan.edits {
        match page.resolve(&edit.target.path) {
            Some(ix)
                if page.target(ix).fingerprint == edit.target.fingerprint
                    && annotation_fits(&page, ix, edit) =>
            {
                by_node.entry(ix).or_default().push(edit);
                applied += 1;
            }
            _ => skipped.push(edit.id),
        }
    }
    Ok(Rendered {
        html: serialize(&page, &by_node),
        applied,
        skipped,
    })
}

const HTML_NS: &str = "http://www.w3.org/1999/xhtml";

enum Step<'a> {
    Open(ego_tree::NodeRef<'a, Node>),
    Close(&'a Element),
    /// A text node with terms to wrap.
    Annotated(&'a str, Vec<&'a Edit>),
}

/// An annotation's text node exists and holds its term at its offsets.
fn annotation_fits(page: &Page, ix: Ix, edit: &Edit) -> bool {
    let Action::Annotate {
        text_index,
        start,
        end,
        term,
        ..
    } = &edit.action
    else {
        return true;
    };
    let Some(node) = page.node(ix).children().nth(*text_index as usize) else {
        return false;
    };
    let Some(text) = node.value().as_text() else {
        return false;
    };
    utf16_range(text, *start, *end).is_some_and(|(s, e)| &text[s..e] == term)
}

/// Byte offsets of a UTF-16 range, if it falls on character boundaries.
fn utf16_range(text: &str, start: u32, end: u32) -> Option<(usize, usize)> {
    let (mut s, mut e) = (None, None);
    let mut units = 0u32;
    for (byte, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if units == start {
            s = Some(byte);
        }
        if units == end {
            e = Some(byte);
            break;
        }
        units += c.len_utf16() as u32;
    }
    Some((s?, e?)).filter(|(s, e)| s <= e)
}

/// Serialises the page with the edits applied (HTML serialisation algorithm, iteratively).
pub(crate) fn serialize(page: &Page, edits: &HashMap<Ix, Vec<&Edit>>) -> String {
    let mut out = String::with_capacity(page.len() * 16);
    let mut stack = vec![Step::Open(page.html.tree.root())];
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Close(el) => {
                out.push_str("</");
                out.push_str(el.name());
                out.push('>');
                continue;
            }
            Step::Annotated(text, terms) => {
                write_annotated(&mut out, text, &terms);
                continue;
            }
            Step::Open(node) => node,
        };
        let node_edits: &[&Edit] = if node.value().is_element() {
            edits.get(&page.ix(node.id())).map_or(&[], Vec::as_slice)
        } else {
            &[]
        };
        match node.value() {
            Node::Document | Node::Fragment => {}
            Node::Doctype(d) => {
                let _ = write!(out, "<!DOCTYPE {}>", d.name());
                continue;
            }
            Node::Comment(c) => {
                let _ = write!(out, "<!--{}-->", &**c);
                continue;
            }
            Node::ProcessingInstruction(p) => {
                let _ = write!(out, "<?{} {}>", p.target, p.data);
                continue;
            }
            Node::Text(t) => {
                let raw = node
                    .parent()
                    .and_then(|p| p.value().as_element())
                    // Only HTML elements hold raw text: an `<svg><style>`'s text is parsed as
                    // markup, so written raw it would turn into elements (mutation XSS).
                    .is_some_and(|e| RAW_TEXT.contains(&e.name()) && &*e.name.ns == HTML_NS);
                if raw {
                    out.push_str(t);
                } else {
                    escape_text(&mut out, t);
                }
                continue;
            }
            Node::Element(el) => {
                let own = node_edits
                    .iter()
                    .find(|e| matches!(e.action, Action::Remove | Action::ReplaceEmbed { .. }));
                match own.map(|e| &e.action) {
                    Some(Action::Remove) => continue,
                    Some(Action::ReplaceEmbed { embed }) => {
                        let in_link = node
                            .ancestors()
                            .filter_map(|a| a.value().as_element())
                            .any(|e| e.name() == "a" && &*e.name.ns == HTML_NS);
                        write_card(&mut out, embed, in_link);
                        continue;
                    }
                    _ => open_tag(&mut out, el, &attribute_overrides(node_edits)),
                }
                if VOID.contains(&el.name()) {
                    continue;
                }
                stack.push(Step::Close(el));
            }
        }
        let children: Vec<_> = node.children().collect();
        for (i, child) in children.into_iter().enumerate().rev() {
            let terms: Vec<&Edit> = node_edits
                .iter()
                .copied()
                .filter(|e| matches!(e.action, Action::Annotate { text_index, .. } if text_index as usize == i))
                .collect();
            match child.value().as_text() {
                Some(text) if !terms.is_empty() => stack.push(Step::Annotated(text, terms)),
                _ => stack.push(Step::Open(child)),
            }
        }
    }
    out
}

/// A text node with its terms wrapped: `<span class="newslens-term" title="definition">`.
/// Definitions and terms are written as escaped text, never as markup.
fn write_annotated(out: &mut String, text: &str, terms: &[&Edit]) {
    let mut spans: Vec<(usize, usize, &str, &str)> = terms
        .iter()
        .filter_map(|e| match &e.action {
            Action::Annotate {
                start,
                end,
                definition,
                source,
                ..
            } => utf16_range(text, *start, *end)
                .map(|(s, e)| (s, e, definition.as_str(), source.as_str())),
            _ => None,
        })
        .collect();
    spans.sort_by_key(|s| s.0);
    let mut at = 0;
    for (start, end, definition, source) in spans {
        if start < at {
            continue; // overlapping spans: the first wins
        }
        escape_text(out, &text[at..start]);
        out.push_str("<span class=\"newslens-term\" tabindex=\"0\" title=\"");
        escape_attr(out, definition);
        out.push_str("\" data-newslens-source=\"");
        escape_attr(out, source);
        out.push_str("\">");
        escape_text(out, &text[start..end]);
        out.push_str("</span>");
        at = end;
    }
    escape_text(out, &text[at..]);
}

/// The attributes an element's edits rewrite, as `(name, new value)` (`None`: dropped). An
/// element may have more than one such edit (a fixed link made static and stripped of tracking
/// parameters); for one attribute, the first edit wins.
fn attribute_overrides<'a>(edits: &[&'a Edit]) -> Vec<(&'a str, Option<&'a str>)> {
    let mut out: Vec<(&str, Option<&str>)> = Vec::new();
    for e in edits {
        let rewrites: &[(&str, Option<&str>)] = match &e.action {
            Action::StripParams { attr, value, .. } => &[(attr.as_str(), Some(value.as_str()))],
            Action::UnlockScroll { style, class } => {
                &[("style", style.as_deref()), ("class", class.as_deref())]
            }
            Action::Unstick { style } => &[("style", Some(style.as_str()))],
            Action::Remove | Action::ReplaceEmbed { .. } | Action::Annotate { .. } => &[],
        };
        for &(name, value) in rewrites {
            if !out.iter().any(|(n, _)| *n == name) {
                out.push((name, value));
            }
        }
    }
    out
}

/// Writes a start tag; `overrides` replace (or, with `None`, drop) attributes by name.
fn open_tag(out: &mut String, el: &Element, overrides: &[(&str, Option<&str>)]) {
    out.push('<');
    out.push_str(el.name());
    for (name, value) in el.attrs.iter() {
        let local: &str = &name.local;
        let value: &str = match overrides.iter().find(|(n, _)| *n == local) {
            Some((_, Some(v))) => v,
            Some((_, None)) => continue,
            None => value,
        };
        out.push(' ');
        if let Some(prefix) = &name.prefix {
            out.push_str(prefix);
            out.push(':');
        }
        out.push_str(local);
        out.push_str("=\"");
        escape_attr(out, value);
        out.push('"');
    }
    // Overrides for attributes the element did not have yet.
    for (name, value) in overrides {
        if let Some(v) = value {
            if !el.attrs.iter().any(|(n, _)| &*n.local == *name) {
                let _ = write!(out, " {name}=\"");
                escape_attr(out, v);
                out.push('"');
            }
        }
    }
    out.push('>');
}

pub(crate) fn escape_text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            c => out.push(c),
        }
    }
}

pub(crate) fn escape_attr(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            c => out.push(c),
        }
    }
}

/// Only links that cannot run script are written into the page.
fn safe_link(url: &str) -> Option<&str> {
    let t = url.trim();
    let lower = t.to_ascii_lowercase();
    // Absolute http(s), protocol-relative and site-relative addresses cannot run script.
    (lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with('/'))
        .then_some(t)
}

/// The static card that stands for a player in rendered HTML: provider, title, a play link
/// to the watch page. It loads nothing: no frame, no script, no thumbnail.
///
/// The card is phrasing content (`<span>`s shown as blocks, `<strong>`, `<small>`, `<br>`),
/// so that it re-parses in place wherever an HTML player can sit: a `<div>` inside a `<p>`
/// would close the paragraph when the page is parsed again, splitting it. Inside a link
/// (`in_link`) the watch address is text, not a nested `<a>`, which the parser would pull
/// out of the outer link. (Players in SVG or MathML content are not HTML and get no card:
/// see `embeds::classify`.)
fn write_card(out: &mut String, embed: &Embed, in_link: bool) {
    out.push_str("<span class=\"newslens-embed\" data-newslens-provider=\"");
    escape_attr(out, &embed.provider);
    out.push('"');
    if let Some(src) = &embed.src {
        out.push_str(" data-newslens-src=\"");
        escape_attr(out, src);
        out.push('"');
    }
    out.push_str(
        " style=\"display:block;box-sizing:border-box;max-width:640px;margin:1em 0;\
         padding:14px 16px;border:1px solid #c9c9c9;border-radius:8px;background:#f5f5f5;\
         color:#222;font:15px/1.45 system-ui,sans-serif\">",
    );
    out.push_str("<strong>");
    escape_text(out, &embed.provider_name);
    out.push_str("</strong>");
    if let Some(title) = &embed.title {
        out.push_str(" · ");
        escape_text(out, title);
    }
    if embed.autoplay {
        out.push_str(" <small>(was set to autoplay)</small>");
    }
    out.push_str("<br>");
    match embed.watch_url.as_deref().and_then(safe_link) {
        Some(url) if in_link => {
            out.push_str("▶ Watch on ");
            escape_text(out, &embed.provider_name);
            out.push_str(": ");
            escape_text(out, url);
        }
        Some(url) => {
            out.push_str("<a href=\"");
            escape_attr(out, url);
            out.push_str("\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">▶ Play on ");
            escape_text(out, &embed.provider_name);
            out.push_str("</a>");
        }
        None => out.push_str("▶ Player removed"),
    }
    out.push_str("</span>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_without_edits() {
        let html = "<!DOCTYPE html><html lang=\"en\"><head><title>T &amp; t</title><script>if (a < b) {}</script></head>\
                    <body><p class=\"x\" data-q='a\"b'>One&nbsp;&lt;two&gt;<br>three</p><!-- c --></body></html>";
        let page = Page::parse(html);
        let out = serialize(&page, &HashMap::new());
        assert_eq!(
            out,
            "<!DOCTYPE html><html lang=\"en\"><head><title>T &amp; t</title><script>if (a < b) {}</script></head>\
             <body><p class=\"x\" data-q=\"a&quot;b\">One&nbsp;&lt;two&gt;<br>three</p><!-- c --></body></html>"
        );
        // Serialising the output again changes nothing.
        assert_eq!(serialize(&Page::parse(&out), &HashMap::new()), out);
    }

    #[test]
    fn hostile_card_fields_stay_text() {
        let embed = Embed {
            provider: "x\"><script>".into(),
            provider_name: "<img src=x onerror=alert(1)>".into(),
            video_id: None,
            title: Some("\"><script>alert(1)</script>".into()),
            watch_url: Some("javascript:alert(1)".into()),
            src: Some("\" onload=\"alert(1)".into()),
            autoplay: false,
        };
        let mut out = String::new();
        write_card(&mut out, &embed, false);
        write_card(&mut out, &embed, true);
        assert!(
            !out.contains("<script") && !out.contains("<img") && !out.contains("javascript:"),
            "{out}"
        );
        assert!(!out.contains("\" onload"), "{out}");
    }
}

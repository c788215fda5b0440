//! Applying a plan to HTML: one iterative serialiser over the parsed tree, which skips removed
//! subtrees, writes cards for replaced players and rewrites attributes.

use std::collections::HashMap;
use std::fmt::Write;

use scraper::node::Element;
use scraper::Node;

use crate::page::{Ix, Page};
use crate::plan::{Action, Edit, Embed, Plan};

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
    crate::check_input(html)?;
    let page = Page::parse(html);
    let mut by_node: HashMap<Ix, &Edit> = HashMap::new();
    let mut skipped = Vec::new();
    for edit in &plan.edits {
        match page.resolve(&edit.target.path) {
            Some(ix) if page.target(ix).fingerprint == edit.target.fingerprint => {
                by_node.insert(ix, edit);
            }
            _ => skipped.push(edit.id),
        }
    }
    Ok(Rendered {
        html: serialize(&page, &by_node),
        applied: by_node.len(),
        skipped,
    })
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "basefont", "bgsound", "frame", "keygen", "param",
];
const RAW_TEXT: &[&str] = &[
    "style",
    "script",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
    "noscript",
];

enum Step<'a> {
    Open(ego_tree::NodeRef<'a, Node>),
    Close(&'a Element),
}

/// Serialises the page with the edits applied (HTML serialisation algorithm, iteratively).
pub(crate) fn serialize(page: &Page, edits: &HashMap<Ix, &Edit>) -> String {
    let mut out = String::with_capacity(page.len() * 16);
    let mut stack = vec![Step::Open(page.html.tree.root())];
    let mut children = Vec::new();
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Close(el) => {
                out.push_str("</");
                out.push_str(el.name());
                out.push('>');
                continue;
            }
            Step::Open(node) => node,
        };
        let edit = if node.value().is_element() {
            edits.get(&page.ix(node.id()))
        } else {
            None
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
                    .is_some_and(|e| RAW_TEXT.contains(&e.name()));
                if raw {
                    out.push_str(t);
                } else {
                    escape_text(&mut out, t);
                }
                continue;
            }
            Node::Element(el) => {
                match edit.map(|e| &e.action) {
                    Some(Action::Remove) => continue,
                    Some(Action::ReplaceEmbed { embed }) => {
                        write_card(&mut out, embed);
                        continue;
                    }
                    Some(Action::StripParams { attr, value, .. }) => {
                        open_tag(&mut out, el, &[(attr.as_str(), Some(value.as_str()))]);
                    }
                    Some(Action::UnlockScroll { style, class }) => {
                        open_tag(
                            &mut out,
                            el,
                            &[("style", style.as_deref()), ("class", class.as_deref())],
                        );
                    }
                    None => open_tag(&mut out, el, &[]),
                }
                if VOID.contains(&el.name()) {
                    continue;
                }
                stack.push(Step::Close(el));
            }
        }
        children.clear();
        children.extend(node.children());
        stack.extend(children.drain(..).rev().map(Step::Open));
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
fn write_card(out: &mut String, embed: &Embed) {
    out.push_str("<div class=\"newslens-embed\" data-newslens-provider=\"");
    escape_attr(out, &embed.provider);
    out.push('"');
    if let Some(src) = &embed.src {
        out.push_str(" data-newslens-src=\"");
        escape_attr(out, src);
        out.push('"');
    }
    out.push_str(
        " style=\"box-sizing:border-box;max-width:640px;margin:1em 0;padding:14px 16px;\
         border:1px solid #c9c9c9;border-radius:8px;background:#f5f5f5;color:#222;\
         font:15px/1.45 system-ui,sans-serif\">",
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
        Some(url) => {
            out.push_str("<a href=\"");
            escape_attr(out, url);
            out.push_str("\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">▶ Play on ");
            escape_text(out, &embed.provider_name);
            out.push_str("</a>");
        }
        None => out.push_str("▶ Player removed"),
    }
    out.push_str("</div>");
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
        write_card(&mut out, &embed);
        assert!(
            !out.contains("<script") && !out.contains("<img") && !out.contains("javascript:"),
            "{out}"
        );
        assert!(!out.contains("\" onload"), "{out}");
    }
}

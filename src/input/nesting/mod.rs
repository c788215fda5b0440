//! The nesting pre-scan: how deep a page's elements will nest once parsed, read from the
//! markup before parsing it.
//!
//! html5ever's scope checks make a deep tree quadratic to build (100,000 nested elements take
//! minutes), so a page that nests deeper than [`MAX_DEPTH`] is refused before the parse. The
//! scan must never count less than the parser nests: it follows html5ever 0.40.1's tree
//! builder rules for which tags open, close and reopen elements, and where it can't tell, it
//! counts deeper. It is linear, allocates nothing, and runs on every page.

/// Deepest element nesting accepted. Browsers flatten deeper trees while parsing (Blink stops
/// at 512), and html5ever's scope checks make deeper trees quadratic to build.
pub const MAX_DEPTH: usize = 4096;

mod foreign;
mod open;
mod tokenizer;

use foreign::*;
use open::*;
use tokenizer::*;

use crate::rules::tags::{BREAKOUT, MATHML_INTEGRATION_POINTS, SVG_INTEGRATION_POINTS, VOID};

/// Where the pre-scan is: what the parser would do with the next tag.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Content {
    Html,
    /// Inside `<svg>`/`<math>`, every open element since known: `/>` closes an element,
    /// nothing is raw text, HTML's optional end tags nest.
    Foreign,
    /// HTML inside an integration point of that foreign content (`<foreignObject>`, an SVG
    /// `<title>`, a MathML `<mi>`): as HTML, until the integration point's own end tag when
    /// nothing opened inside it is left open.
    Integration,
    /// Lost track of whether this is HTML or foreign content (an end tag that closes no open
    /// foreign element, SVG inside an integration point, deep or long-named foreign
    /// elements): from here on every reading that could nest deeper is taken.
    Unsure,
}

/// An upper bound on how deep the elements of `html` nest, stopping once it passes `limit`.
/// The start and end tags are applied to the open elements as html5ever's tree builder
/// applies them ([`OpenElements`]): an end tag closes only an element of its name that is
/// open (`</span>` with no `span` open closes nothing), `p`, `li`, `td` and the like close
/// the ones before them, `<table><td>` opens `tbody`, `tr` and `td`. Raw-text elements and
/// comments are skipped; a `/>` closes nothing in HTML (`<div/>` opens a `div`), only in SVG
/// and MathML, whose `<title>`, `<style>` and the like hold markup, not text. Void elements
/// do not count.
pub(crate) fn nesting_depth(html: &str, limit: usize) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut content = Content::Html;
    let mut open = OpenElements::new();
    let mut foreign = ForeignElements {
        names: [(0, 0); FOREIGN_CAPACITY],
        len: 0,
        base: 0,
        integration: (0, 0),
    };
    let mut i = 0;
    while let Some(off) = memchr_lt(&bytes[i..]) {
        let lt = i + off;
        i = lt + 1;
        match bytes.get(i) {
            Some(b'!') if bytes[i..].starts_with(b"!--") => {
                i = find_from(bytes, i, b"-->").map_or(bytes.len(), |e| e + 3);
                continue;
            }
            Some(b'!') if content == Content::Foreign && bytes[i..].starts_with(b"![CDATA[") => {
                // Text in foreign content (a bogus comment up to `>` in HTML).
                i = find_from(bytes, i, b"]]>").map_or(bytes.len(), |e| e + 3);
                continue;
            }
            // A doctype, a bogus comment (`<!x`, `<?x`): up to the next `>`.
            Some(b'!' | b'?') => {
                i = find_from(bytes, i, b">").map_or(bytes.len(), |e| e + 1);
                continue;
            }
            _ => {}
        }
        let closing = bytes.get(i) == Some(&b'/');
        let name_start = i + usize::from(closing);
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            if closing {
                // `</3…>` is a bogus comment, `</>` nothing: up to the next `>`.
                i = find_from(bytes, i, b">").map_or(bytes.len(), |e| e + 1);
            }
            continue; // `<` as text
        }
        let name_end = bytes[name_start..]
            .iter()
            .position(|&b| is_tag_space(b) || b == b'/' || b == b'>')
            .map_or(bytes.len(), |e| name_start + e);
        // Lower-cased into a small buffer: every name in the tables is short.
        let mut buf = [0u8; 16];
        let raw_name = &bytes[name_start..name_end];
        let lname: &[u8] = if raw_name.len() <= buf.len() {
            buf[..raw_name.len()].copy_from_slice(raw_name);
            buf[..raw_name.len()].make_ascii_lowercase();
            &buf[..raw_name.len()]
        } else {
            b"" // longer than any name in the tables: a plain element
        };
        if content == Content::Integration
            && closing
            && open.at_integration_point()
            && !matches!(lname, b"p" | b"br")
        {
            // With the integration point the current node, an end tag is handled as in
            // foreign content (but `</p>` and `</br>`): it closes the integration point (its
            // own end tag) or an open SVG/MathML element of its name, or is handled as HTML
            // (no such element open: it may close elements around the `<svg>`).
            let (tag_end, _) = scan_tag(bytes, name_end);
            i = (tag_end + 1).min(bytes.len());
            let (at, len) = foreign.integration;
            let at = at as usize;
            let own = bytes[at..at + len as usize].eq_ignore_ascii_case(raw_name);
            let found = foreign.find(bytes, raw_name);
            if own || found.is_some() {
                open.pop(1, false, &mut depth); // the integration point's mark
                depth -= 1;
                content = Content::Foreign;
                if let Some(k) = found.filter(|_| !own) {
                    depth -= foreign.len - k;
                    foreign.len = k;
                    if k == 0 {
                        content = Content::Html;
                    }
                }
            } else {
                content = Content::Unsure;
            }
            continue;
        }
        let html_content = matches!(content, Content::Html | Content::Integration);
        if html_content && (closing || !matches!(lname, b"svg" | b"math")) {
            // HTML: `/>` changes nothing.
            // The tag's end: the first `>` not in a quoted value (`<div title="</div>">`).
            let (tag_end, _) = scan_tag(bytes, name_end);
            i = tag_end.min(bytes.len());
            let applied = if closing {
                open.end_tag(bytes, raw_name, lname, &mut depth)
                    .then_some(Role::Other)
            } else {
                open.start_tag(bytes, name_start, raw_name, lname, &mut depth)
            };
            match applied {
                Some(Role::Raw) => i = find_end_tag(bytes, tag_end, lname),
                Some(_) => {}
                None => {
                    // Lost track: from here on both readings, this tag's first.
                    content = Content::Unsure;
                    if !closing {
                        open.unsure_start_tag(name_start, raw_name, lname, false, &mut depth);
                    }
                }
            }
            max = max.max(depth);
            if max > limit {
                return max;
            }
            continue;
        }
        let name = std::str::from_utf8(lname).unwrap_or("");
        let (tag_end, self_closing) = scan_tag(bytes, name_end);
        i = (tag_end + 1).min(bytes.len());
        match content {
            Content::Integration => {
                // `<svg>` or `<math>` in HTML inside foreign content: not followed further.
                if !self_closing {
                    depth += 1;
                    content = Content::Unsure;
                }
            }
            Content::Html => {
                // `<svg>` or `<math>`.
                if !self_closing {
                    foreign.base = depth;
                    foreign.len = 0;
                    depth += 1;
                    content = if foreign.push(name_start, raw_name.len()) {
                        Content::Foreign
                    } else {
                        Content::Unsure
                    };
                }
            }
            Content::Foreign if closing => {
                if matches!(name, "p" | "br") {
                    // Out of foreign content, then as in HTML.
                    depth = foreign.base;
                    content = Content::Html;
                    open.end_tag(bytes, raw_name, lname, &mut depth);
                } else if let Some(k) = foreign.find(bytes, raw_name) {
                    depth -= foreign.len - k;
                    foreign.len = k;
                    if k == 0 {
                        content = Content::Html;
                    }
                } else {
                    // Handled as HTML: it may close elements around the `<svg>`, or nothing.
                    content = Content::Unsure;
                }
            }
            Content::Foreign => {
                let integration_points = if foreign.in_svg(bytes) {
                    SVG_INTEGRATION_POINTS
                } else {
                    MATHML_INTEGRATION_POINTS
                };
                if BREAKOUT.contains(&name) {
                    // Out of foreign content, then as in HTML.
                    depth = foreign.base;
                    content = Content::Html;
                    if open
                        .start_tag(bytes, name_start, raw_name, lname, &mut depth)
                        .is_none()
                    {
                        content = Content::Unsure;
                    }
                } else if name == "font" {
                    // A breakout with `color`, `face` or `size`, else an SVG/MathML `font`.
                    open.unsure_start_tag(name_start, raw_name, b"font", false, &mut depth);
                    content = Content::Unsure;
                } else if self_closing {
                    // An empty element: no depth.
                } else if name == "annotation-xml" {
                    // An integration point only with some `encoding` attributes.
                    depth += 1;
                    content = Content::Unsure;
                } else if integration_points.contains(&name) {
                    depth += 1;
                    // Text only, then its end tag (`<title>Share</title>`): still foreign.
                    let text_end = memchr_lt(&bytes[i..]).map_or(bytes.len(), |e| i + e);
                    let end_tag = &bytes[text_end..];
                    let closes_it = end_tag.starts_with(b"</")
                        && end_tag.len() > raw_name.len() + 2
                        && end_tag[2..2 + raw_name.len()].eq_ignore_ascii_case(raw_name)
                        && (matches!(end_tag[2 + raw_name.len()], b'/' | b'>')
                            || is_tag_space(end_tag[2 + raw_name.len()]));
                    if closes_it {
                        let (end, _) = scan_tag(bytes, text_end + 2 + raw_name.len());
                        i = (end + 1).min(bytes.len());
                        max = max.max(depth);
                        depth -= 1;
                    } else if name_start <= u32::MAX as usize && raw_name.len() <= 255 {
                        foreign.integration = (name_start as u32, raw_name.len() as u8);
                        open.push_integration_point();
                        content = Content::Integration;
                    } else {
                        content = Content::Unsure;
                    }
                } else {
                    depth += 1;
                    if !foreign.push(name_start, raw_name.len()) {
                        content = Content::Unsure;
                    }
                }
            }
            Content::Unsure if closing => {
                open.unsure_end_tag(bytes, raw_name, lname, &mut depth);
            }
            Content::Unsure => {
                // Raw text in HTML (`<script>`, `<title>`, …) is markup in foreign content:
                // read as markup, the deeper reading.
                open.unsure_start_tag(name_start, raw_name, lname, self_closing, &mut depth);
            }
        }
        max = max.max(depth);
        if max > limit {
            return max;
        }
    }
    max
}

#[cfg(test)]
mod tests;

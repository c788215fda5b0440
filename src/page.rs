//! The parsed page: one parse, every node in document order with the text statistics the
//! cleaners need, element paths and fingerprints for edit targets, and language detection.
//!
//! Everything here walks the tree iteratively: pages with 100,000 nested elements must not
//! overflow the stack (the wasm stack is about 1 MB).

use ego_tree::iter::Edge;
use ego_tree::NodeId;
use scraper::node::Element;
use scraper::{Html, Node};

use crate::plan::{Fingerprint, Target};

/// Index of a node in document order.
pub(crate) type Ix = u32;
/// "No node" (the document root's parent).
pub(crate) const NONE: Ix = Ix::MAX;

/// What the cleaners know about one node, computed in a single pass.
#[derive(Debug, Clone)]
pub(crate) struct NodeInfo {
    pub id: NodeId,
    pub parent: Ix,
    /// Index of the last node of this node's subtree: the subtree is `self..=end`.
    pub end: Ix,
    /// Position among the parent's element children (elements only).
    pub elem_index: u32,
    pub is_element: bool,
    /// A block element ([`is_block_tag`]).
    pub is_block: bool,
    /// Not inside `<head>`, `<script>`, a `hidden` element and the like.
    pub visible: bool,
    /// Visible non-whitespace characters in the subtree.
    pub text: u32,
    /// Of those, CJK characters.
    pub cjk: u32,
    /// Of those, characters inside links.
    pub link: u32,
    /// Commas (`,`, `，`, `、`) in the visible text: a sign of prose.
    pub commas: u32,
    /// For block elements: visible characters of the block's own inline content (text not
    /// inside a nested block), its CJK and link share.
    pub inline_text: u32,
    pub inline_cjk: u32,
    pub inline_link: u32,
    /// Links (`<a>` elements) in the subtree, the node itself included.
    pub anchors: u32,
    /// Media elements (img, picture, video, audio, iframe, embed, object, canvas, svg) in the
    /// subtree, the node itself included.
    pub media: u32,
}

impl NodeInfo {
    /// Weighted text length: one CJK character carries about as much as three Latin letters.
    pub fn weight(&self) -> u32 {
        self.text - self.cjk + 3 * self.cjk
    }
    pub fn inline_weight(&self) -> u32 {
        self.inline_text - self.inline_cjk + 3 * self.inline_cjk
    }
    pub fn link_density(&self) -> f32 {
        if self.text == 0 {
            0.0
        } else {
            self.link as f32 / self.text as f32
        }
    }
    pub fn inline_link_density(&self) -> f32 {
        if self.inline_text == 0 {
            0.0
        } else {
            self.inline_link as f32 / self.inline_text as f32
        }
    }
}

/// Deepest element nesting accepted. Browsers flatten deeper trees while parsing (Blink stops
/// at 512), and html5ever's scope checks make deeper trees quadratic to build.
pub const MAX_DEPTH: usize = 4096;

/// Start tags that never nest in HTML content: their end tag is optional (`p`, `li`, `td`, …)
/// or they are void.
const NO_DEPTH: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot",
    "colgroup", "caption", "rb", "rt", "rp", "html", "head", "body", "area", "base", "br", "col",
    "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param", "keygen",
    "frame", "basefont", "bgsound",
];
/// HTML elements whose content is text, not markup.
const RAW: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "noscript",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];
/// Start tags that end SVG or MathML content: the parser pops back to HTML and handles them
/// there. (`font` only with `color`, `face` or `size`: see `nesting_depth`.)
const BREAKOUT: &[&str] = &[
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "i",
    "img",
    "li",
    "listing",
    "menu",
    "meta",
    "nobr",
    "ol",
    "p",
    "pre",
    "ruby",
    "s",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "sup",
    "table",
    "tt",
    "u",
    "ul",
    "var",
];
/// SVG and MathML elements whose content is HTML again (integration points).
const INTEGRATION_POINTS: &[&str] = &[
    "foreignobject",
    "desc",
    "title",
    "mi",
    "mo",
    "mn",
    "ms",
    "mtext",
    "annotation-xml",
];

/// Where the pre-scan is: what the parser would do with the next tag.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Content {
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

/// The open SVG/MathML elements (where their names are in the input), innermost last, and
/// the depth outside them; in [`Content::Integration`], the integration point's name and the
/// depth inside it. Fixed capacity: the pre-scan allocates nothing.
struct ForeignElements {
    names: [(u32, u8); FOREIGN_CAPACITY],
    len: usize,
    base: usize,
    integration: (u32, u8),
    integration_depth: usize,
}
const FOREIGN_CAPACITY: usize = 32;
/// Longest foreign element name tracked (`feComponentTransfer` is 19).
const FOREIGN_NAME_MAX: usize = 24;

/// An upper bound on how deep the elements of `html` nest, stopping once it passes `limit`.
/// A tokenizer-level count: start tags of elements whose end tag is optional (`p`, `li`, `td`,
/// …) or that are void do not count, raw-text elements and comments are skipped; a `/>` closes
/// nothing in HTML (`<div/>` opens a `div`), only in SVG and MathML, whose `<title>`, `<style>`
/// and the like hold markup, not text.
pub(crate) fn nesting_depth(html: &str, limit: usize) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut content = Content::Html;
    let mut foreign = ForeignElements {
        names: [(0, 0); FOREIGN_CAPACITY],
        len: 0,
        base: 0,
        integration: (0, 0),
        integration_depth: 0,
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
        let name: &str = if raw_name.len() <= buf.len() {
            buf[..raw_name.len()].copy_from_slice(raw_name);
            buf[..raw_name.len()].make_ascii_lowercase();
            std::str::from_utf8(&buf[..raw_name.len()]).unwrap_or("")
        } else {
            "" // longer than any name in the tables: a plain element
        };
        let html_content = matches!(content, Content::Html | Content::Integration);
        if html_content && (closing || !matches!(name, "svg" | "math")) {
            // HTML: the first `>` ends the tag, and `/>` changes nothing.
            let tag_end = find_from(bytes, name_end, b">").unwrap_or(bytes.len());
            i = tag_end.min(bytes.len());
            if content == Content::Integration && closing {
                // The integration point's own end tag closes it when it is the innermost
                // element, else nothing; with the integration point innermost, no other end
                // tag closes anything (it bounds the parser's search).
                let (at, len) = foreign.integration;
                let at = at as usize;
                let own = bytes[at..at + len as usize].eq_ignore_ascii_case(raw_name);
                let innermost = depth == foreign.integration_depth;
                if own && innermost {
                    depth -= 1;
                    content = Content::Foreign;
                }
                if own || innermost {
                    continue;
                }
            }
            if NO_DEPTH.contains(&name) {
                continue;
            }
            if closing {
                depth = depth.saturating_sub(1);
                continue;
            }
            depth += 1;
            max = max.max(depth);
            if max > limit {
                return max;
            }
            if RAW.contains(&name) {
                i = find_end_tag(bytes, tag_end, name.as_bytes());
            }
            continue;
        }
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
                    depth = foreign.base; // out of foreign content, then as in HTML: no depth
                    content = Content::Html;
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
                if BREAKOUT.contains(&name) {
                    depth = foreign.base;
                    content = Content::Html;
                    if !NO_DEPTH.contains(&name) {
                        depth += 1;
                    }
                } else if name == "font" {
                    // A breakout with `color`, `face` or `size`, else an SVG/MathML `font`.
                    depth += 1;
                    content = Content::Unsure;
                } else if self_closing {
                    // An empty element: no depth.
                } else if INTEGRATION_POINTS.contains(&name) {
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
                        foreign.integration_depth = depth;
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
                if !(NO_DEPTH.contains(&name) && BREAKOUT.contains(&name)) {
                    depth = depth.saturating_sub(1);
                }
            }
            Content::Unsure => {
                // No depth only where neither reading nests: an HTML-only optional end tag or
                // void element that also breaks out of foreign content, or a void element
                // written `/>`.
                let flat = NO_DEPTH.contains(&name)
                    && (BREAKOUT.contains(&name) || (self_closing && VOID.contains(&name)));
                if !flat {
                    depth += 1;
                }
                // Raw text in HTML (`<script>`, `<title>`, …) is markup in foreign content:
                // read as markup, the deeper reading.
            }
        }
        max = max.max(depth);
        if max > limit {
            return max;
        }
    }
    max
}

/// Void HTML elements.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "frame", "basefont", "bgsound",
];

impl ForeignElements {
    /// Records an open element; `false` if it can't be tracked (too deep, too long a name).
    fn push(&mut self, at: usize, len: usize) -> bool {
        if self.len == FOREIGN_CAPACITY || len > FOREIGN_NAME_MAX || at > u32::MAX as usize {
            return false;
        }
        self.names[self.len] = (at as u32, len as u8);
        self.len += 1;
        true
    }

    /// The innermost open element named `name` (ASCII case-insensitive), as the parser looks
    /// for the element an end tag closes.
    fn find(&self, bytes: &[u8], name: &[u8]) -> Option<usize> {
        (0..self.len).rev().find(|&k| {
            let (at, len) = self.names[k];
            let at = at as usize;
            bytes[at..at + len as usize].eq_ignore_ascii_case(name)
        })
    }
}

/// HTML's white space between attributes.
fn is_tag_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Reads a tag's attributes from `from` (just after its name) as the HTML tokenizer does:
/// the position of the `>` that ends it (a `>` in a quoted value does not), and whether it is
/// written self-closing (`<path d="…"/>`, but not `<a href=/x/>`, whose `/` is in the value).
fn scan_tag(bytes: &[u8], from: usize) -> (usize, bool) {
    // The tokenizer's states after a tag name (HTML § 13.2.5.32–40).
    #[derive(Clone, Copy)]
    enum State {
        BeforeName,
        Name,
        AfterName,
        BeforeValue,
        Unquoted,
        AfterQuoted,
        SelfClosing,
    }
    let mut state = State::BeforeName;
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        let space = is_tag_space(b);
        // `consume: false`: the same byte again, in the new state.
        let (next, consume) = match state {
            State::BeforeName if space => (State::BeforeName, true),
            State::BeforeName if matches!(b, b'/' | b'>') => (State::AfterName, false),
            State::BeforeName => (State::Name, true),
            State::Name if space || matches!(b, b'/' | b'>') => (State::AfterName, false),
            State::Name if b == b'=' => (State::BeforeValue, true),
            State::Name => (State::Name, true),
            State::AfterName if space => (State::AfterName, true),
            State::AfterName if b == b'/' => (State::SelfClosing, true),
            State::AfterName if b == b'=' => (State::BeforeValue, true),
            State::AfterName if b == b'>' => return (i, false),
            State::AfterName => (State::Name, true),
            State::BeforeValue if space => (State::BeforeValue, true),
            State::BeforeValue if matches!(b, b'"' | b'\'') => {
                // A quoted value runs to the same quote, `>` and all.
                match memchr::memchr(b, &bytes[i + 1..]) {
                    Some(e) => {
                        i += e + 2;
                        state = State::AfterQuoted;
                        continue;
                    }
                    None => return (bytes.len(), false),
                }
            }
            State::BeforeValue if b == b'>' => return (i, false),
            State::BeforeValue => (State::Unquoted, false),
            State::Unquoted if space => (State::BeforeName, true),
            State::Unquoted if b == b'>' => return (i, false),
            State::Unquoted => (State::Unquoted, true),
            State::AfterQuoted if space => (State::BeforeName, true),
            State::AfterQuoted if b == b'/' => (State::SelfClosing, true),
            State::AfterQuoted if b == b'>' => return (i, false),
            State::AfterQuoted => (State::BeforeName, false),
            State::SelfClosing if b == b'>' => return (i, true),
            State::SelfClosing => (State::BeforeName, false),
        };
        state = next;
        i += usize::from(consume);
    }
    (bytes.len(), false)
}

fn memchr_lt(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(b'<', bytes)
}

/// Position of `</name` (ASCII case-insensitive) at or after `from`, or the end.
fn find_end_tag(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut i = from;
    while let Some(off) = bytes.get(i..).and_then(memchr_lt) {
        let at = i + off;
        let rest = &bytes[at + 1..];
        if rest.first() == Some(&b'/')
            && rest.len() > name.len()
            && rest[1..=name.len()].eq_ignore_ascii_case(name)
        {
            return at;
        }
        i = at + 1;
    }
    bytes.len()
}

fn find_from(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let hay = bytes.get(from..)?;
    // A one-byte needle (`>`, once per tag) must not pay for building a substring searcher.
    let found = match needle {
        [byte] => memchr::memchr(*byte, hay),
        _ => memchr::memmem::find(hay, needle),
    };
    found.map(|p| from + p)
}

/// How many nodes an excerpt looks through for its text.
const EXCERPT_SCAN_LIMIT: Ix = 4096;

/// Elements that start a new line of text: the unit "paragraph" for text statistics. (A
/// `match`, not a list search: it runs for every element, several times.)
pub(crate) fn is_block_tag(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "html"
            | "li"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
    )
}

/// A parsed page with per-node statistics.
pub(crate) struct Page {
    pub html: Html,
    pub nodes: Vec<NodeInfo>,
    /// Every NodeId in arena order (ascending: a NodeId is its arena position), and the
    /// document-order index of each: NodeId → index without hashing.
    arena: Vec<NodeId>,
    arena_ix: Vec<Ix>,
    /// The `<html>` element, `<head>` and `<body>`.
    pub root: Option<Ix>,
    pub body: Option<Ix>,
    /// Each node's lower-cased `class` and `id` (see [`Page::class_id`]), computed once: every
    /// stage matches class fragments, many of them on every element.
    class_ids: Vec<Box<str>>,
}

impl Page {
    pub fn parse(source: &str) -> Page {
        Page::from_html(Html::parse_document(source))
    }

    pub fn from_html(html: Html) -> Page {
        let mut nodes: Vec<NodeInfo> = Vec::new();
        let arena: Vec<NodeId> = html.tree.nodes().map(|n| n.id()).collect();
        debug_assert!(arena.windows(2).all(|w| w[0] < w[1]));
        let mut arena_ix: Vec<Ix> = vec![NONE; arena.len()];
        // Open elements: (node index, number of element children seen so far).
        let mut stack: Vec<(Ix, u32)> = Vec::new();
        // Nearest open block element, for inline statistics.
        let mut blocks: Vec<Ix> = Vec::new();
        let mut links = 0u32;
        let (mut root, mut body) = (None, None);
        let mut class_ids: Vec<Box<str>> = Vec::new();

        for edge in html.tree.root().traverse() {
            match edge {
                Edge::Open(node) => {
                    let ix = nodes.len() as Ix;
                    let parent = stack.last().map_or(NONE, |p| p.0);
                    let parent_visible = parent == NONE || nodes[parent as usize].visible;
                    let mut info = NodeInfo {
                        id: node.id(),
                        parent,
                        end: ix,
                        elem_index: 0,
                        is_element: false,
                        is_block: false,
                        visible: parent_visible,
                        text: 0,
                        cjk: 0,
                        link: 0,
                        commas: 0,
                        inline_text: 0,
                        inline_cjk: 0,
                        inline_link: 0,
                        anchors: 0,
                        media: 0,
                    };
                    class_ids.push(match node.value() {
                        Node::Element(el) => class_id_of(el),
                        _ => Box::default(),
                    });
                    match node.value() {
                        Node::Element(el) => {
                            let tag = el.name();
                            info.is_element = true;
                            if let Some(top) = stack.last_mut() {
                                info.elem_index = top.1;
                                top.1 += 1;
                            }
                            info.visible = parent_visible && !is_hidden(el);
                            if matches!(
                                tag,
                                "img"
                                    | "picture"
                                    | "video"
                                    | "audio"
                                    | "iframe"
                                    | "embed"
                                    | "object"
                                    | "canvas"
                                    | "svg"
                            ) {
                                info.media = 1;
                            }
                            match tag {
                                "html" if root.is_none() => root = Some(ix),
                                "body" if body.is_none() => body = Some(ix),
                                _ => {}
                            }
                            if tag == "a" {
                                links += 1;
                                info.anchors = 1;
                            }
                            if is_block_tag(tag) {
                                info.is_block = true;
                                blocks.push(ix);
                            }
                        }
                        Node::Text(text) if info.visible => {
                            let (chars, cjk, commas) = count_text(text);
                            info.text = chars;
                            info.cjk = cjk;
                            info.commas = commas;
                            if links > 0 {
                                info.link = chars;
                            }
                            if let Some(&b) = blocks.last() {
                                let block = &mut nodes[b as usize];
                                block.inline_text += chars;
                                block.inline_cjk += cjk;
                                if links > 0 {
                                    block.inline_link += chars;
                                }
                            }
                        }
                        _ => {}
                    }
                    let slot = arena.binary_search(&node.id()).expect("node of this tree");
                    arena_ix[slot] = ix;
                    nodes.push(info);
                    stack.push((ix, 0));
                }
                Edge::Close(node) => {
                    let (ix, _) = stack.pop().expect("balanced traversal");
                    if let Node::Element(el) = node.value() {
                        if el.name() == "a" {
                            links -= 1;
                        }
                        if nodes[ix as usize].is_block {
                            blocks.pop();
                        }
                    }
                    let end = (nodes.len() - 1) as Ix;
                    let n = &mut nodes[ix as usize];
                    n.end = end;
                    if !n.visible {
                        // Hidden subtrees contribute nothing to what a reader sees.
                        n.text = 0;
                        n.cjk = 0;
                        n.link = 0;
                        n.commas = 0;
                    }
                    let (text, cjk, link, commas, anchors, media, parent) = (
                        n.text, n.cjk, n.link, n.commas, n.anchors, n.media, n.parent,
                    );
                    if parent != NONE {
                        let p = &mut nodes[parent as usize];
                        p.text += text;
                        p.cjk += cjk;
                        p.link += link;
                        p.commas += commas;
                        p.anchors += anchors;
                        p.media += media;
                    }
                }
            }
        }
        Page {
            html,
            nodes,
            arena,
            arena_ix,
            root,
            body,
            class_ids,
        }
    }

    /// The element's `class` and `id`, lower-cased, each followed by a space (empty for other
    /// nodes), for matching class fragments such as `share` or `related`.
    pub fn class_id(&self, ix: Ix) -> &str {
        &self.class_ids[ix as usize]
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn info(&self, ix: Ix) -> &NodeInfo {
        &self.nodes[ix as usize]
    }

    pub fn ix(&self, id: NodeId) -> Ix {
        let slot = self.arena.binary_search(&id).expect("node of this tree");
        self.arena_ix[slot]
    }

    pub fn node(&self, ix: Ix) -> ego_tree::NodeRef<'_, Node> {
        self.html
            .tree
            .get(self.nodes[ix as usize].id)
            .expect("index built from this tree")
    }

    pub fn element(&self, ix: Ix) -> Option<&Element> {
        self.node(ix).value().as_element()
    }

    pub fn tag(&self, ix: Ix) -> &str {
        self.element(ix).map_or("", |e| e.name())
    }

    pub fn attr(&self, ix: Ix, name: &str) -> Option<&str> {
        self.element(ix).and_then(|e| attr(e, name))
    }

    /// `a` is `b` or one of its ancestors.
    pub fn contains(&self, a: Ix, b: Ix) -> bool {
        a <= b && b <= self.nodes[a as usize].end
    }

    /// Element children of `ix`, in order.
    pub fn element_children(&self, ix: Ix) -> impl Iterator<Item = Ix> + '_ {
        self.node(ix)
            .children()
            .filter(|c| c.value().is_element())
            .map(|c| self.ix(c.id()))
    }

    /// Ancestors of `ix`, nearest first (not `ix` itself).
    pub fn ancestors(&self, ix: Ix) -> impl Iterator<Item = Ix> + '_ {
        let parent = |i: Ix| Some(self.nodes[i as usize].parent).filter(|&p| p != NONE);
        std::iter::successors(parent(ix), move |&p| parent(p))
    }

    /// Elements in the subtree of `ix` (itself included), document order.
    pub fn subtree_elements(&self, ix: Ix) -> impl Iterator<Item = Ix> + '_ {
        (ix..=self.nodes[ix as usize].end).filter(|&i| self.nodes[i as usize].is_element)
    }

    /// The visible text of a subtree, whitespace collapsed, at most `max` characters.
    pub fn text_excerpt(&self, ix: Ix, max: usize) -> String {
        let mut out = String::new();
        let mut count = 0;
        let mut pending_space = false;
        // Bounded, so that asking for the start of each of 100,000 nested elements stays linear.
        let end = self.nodes[ix as usize]
            .end
            .min(ix.saturating_add(EXCERPT_SCAN_LIMIT));
        let mut i = ix;
        while i <= end {
            let info = &self.nodes[i as usize];
            if !info.visible {
                i = info.end + 1; // a hidden subtree: nothing in it is visible
                continue;
            }
            if info.is_block {
                pending_space = !out.is_empty();
            } else if !info.is_element {
                if let Some(text) = self.node(i).value().as_text() {
                    for c in text.chars() {
                        if c.is_whitespace() {
                            pending_space = !out.is_empty();
                            continue;
                        }
                        if count >= max {
                            out.push('…');
                            return out;
                        }
                        if pending_space {
                            out.push(' ');
                            pending_space = false;
                        }
                        out.push(c);
                        count += 1;
                    }
                }
            }
            i += 1;
        }
        out
    }

    /// The visible text of a subtree with blocks separated by newlines.
    pub fn visible_text(&self, ix: Ix) -> String {
        let mut out = String::new();
        let (mut i, end) = (ix, self.nodes[ix as usize].end);
        while i <= end {
            let info = &self.nodes[i as usize];
            if !info.visible {
                i = info.end + 1; // a hidden subtree: nothing in it is visible
                continue;
            }
            match self.node(i).value() {
                Node::Text(t) => out.push_str(t),
                Node::Element(_) if info.is_block => out.push('\n'),
                Node::Element(e) if e.name() == "br" => out.push('\n'),
                _ => {}
            }
            i += 1;
        }
        out
    }

    /// Where an edit applies: the element path from `<html>` and a fingerprint to verify it.
    pub fn target(&self, ix: Ix) -> Target {
        let mut path: Vec<u32> = Vec::new();
        let mut cur = ix;
        while Some(cur) != self.root && cur != NONE {
            path.push(self.nodes[cur as usize].elem_index);
            cur = self.nodes[cur as usize].parent;
        }
        path.reverse();
        let el = self.element(ix);
        Target {
            path,
            fingerprint: Fingerprint {
                tag: self.tag(ix).to_string(),
                id: el.and_then(|e| attr(e, "id")).map(str::to_string),
                class: el.and_then(|e| attr(e, "class")).map(str::to_string),
                text_hash: self.text_hash(ix),
            },
        }
    }

    /// All text nodes of a subtree, hidden or not, as written (a `<noscript>`'s raw markup).
    pub fn raw_text(&self, ix: Ix) -> String {
        (ix..=self.nodes[ix as usize].end)
            .filter_map(|i| self.node(i).value().as_text().map(|t| &**t))
            .collect()
    }

    /// The fingerprint hash of the subtree's text (all text nodes, scripts included, as the
    /// DOM's `textContent` reports them), ignoring ASCII whitespace and anything inside a
    /// `<noscript>`: a browser with scripting off parses its content as elements, one with
    /// scripting on (and this parser) as raw text, so it can't be compared.
    pub fn text_hash(&self, ix: Ix) -> u32 {
        let mut hash = TextHash::new();
        let end = self.nodes[ix as usize].end;
        let mut i = ix;
        while i <= end {
            let node = self.node(i);
            if node
                .value()
                .as_element()
                .is_some_and(|e| e.name() == "noscript")
            {
                i = self.nodes[i as usize].end + 1;
                continue;
            }
            if let Some(t) = node.value().as_text() {
                hash.update(t);
            }
            i += 1;
        }
        hash.finish()
    }

    /// Resolves a target path to a node index, if the path exists.
    pub fn resolve(&self, path: &[u32]) -> Option<Ix> {
        let mut cur = self.root?;
        for &step in path {
            cur = self.element_children(cur).nth(step as usize)?;
        }
        Some(cur)
    }
}

/// FNV-1a over Unicode scalar values, skipping ASCII whitespace. The extension's applier
/// computes the same function over `textContent` (see `extension/common/applier.js`).
pub(crate) struct TextHash(u32);
impl TextHash {
    pub fn new() -> Self {
        TextHash(0x811c_9dc5)
    }
    pub fn update(&mut self, text: &str) {
        for c in text.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c') {
                continue;
            }
            self.0 ^= c as u32;
            self.0 = self.0.wrapping_mul(0x0100_0193);
        }
    }
    pub fn finish(&self) -> u32 {
        self.0
    }
}

/// Ids made from a heading's words (`sharing-with-a-single-developer`) are left out: they say
/// what the section is about, not what kind of block it is.
/// An attribute of an HTML element (`name` lower-case, as the parser stores them).
///
/// Not `Element::attr`: that interns `name` as an atom and hashes it into the attribute map on
/// every call, and the stages ask for attributes of every element many times. Elements have a
/// few attributes each, so a scan comparing names is several times cheaper.
pub(crate) fn attr<'a>(el: &'a Element, name: &str) -> Option<&'a str> {
    el.attrs
        .iter()
        .find(|(key, _)| key.ns.is_empty() && &*key.local == name)
        .map(|(_, value)| &**value)
}

fn class_id_of(el: &Element) -> Box<str> {
    let mut s = String::new();
    if let Some(v) = attr(el, "class") {
        s.push_str(&v.to_lowercase());
        s.push(' ');
    }
    if let Some(v) = attr(el, "id").filter(|id| id.split('-').count() < 4) {
        s.push_str(&v.to_lowercase());
        s.push(' ');
    }
    s.into_boxed_str()
}

fn is_hidden(el: &Element) -> bool {
    if attr(el, "hidden").is_some() {
        return true;
    }
    if attr(el, "type").is_some_and(|t| t.eq_ignore_ascii_case("hidden")) {
        return true;
    }
    // Elements whose text is never shown.
    if matches!(
        el.name(),
        "head"
            | "script"
            | "style"
            | "noscript"
            | "template"
            | "iframe"
            | "textarea"
            | "select"
            | "svg"
            | "object"
            | "embed"
    ) {
        return true;
    }
    attr(el, "style").is_some_and(style_hides)
}

/// `display:none` or `visibility:hidden` in an inline style.
pub(crate) fn style_hides(style: &str) -> bool {
    let compact: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    compact
        .split(';')
        .any(|decl| decl.starts_with("display:none") || decl.starts_with("visibility:hidden"))
}

/// Non-whitespace characters, CJK characters and commas in a text.
fn count_text(text: &str) -> (u32, u32, u32) {
    let (mut chars, mut cjk, mut commas) = (0, 0, 0);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            // ASCII, most of any page: no decoding (the white space of `char::is_whitespace`).
            i += 1;
            if !matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r') {
                chars += 1;
                commas += u32::from(b == b',');
            }
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        i += c.len_utf8();
        if c.is_whitespace() {
            continue;
        }
        chars += 1;
        if is_cjk(c) {
            cjk += 1;
        } else if matches!(c, '，' | '、') {
            commas += 1;
        }
    }
    (chars, cjk, commas)
}

/// Han ideographs, kana and hangul: scripts written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    let c = c as u32;
    // Most text is ASCII or Latin: one comparison.
    c >= 0x3040
        && matches!(c,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF |
        0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// A best guess at the language of `text`, refined by the page's `lang` attribute: a BCP 47
/// tag such as `zh-CN`, `en`, `ja`, or `und` when there is too little text to tell.
pub(crate) fn detect_language(text: &str, declared: Option<&str>) -> String {
    let (mut han, mut kana, mut hangul, mut latin) = (0usize, 0usize, 0usize, 0usize);
    for c in text.chars() {
        match c as u32 {
            0x3040..=0x30FF => kana += 1,
            0xAC00..=0xD7AF => hangul += 1,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F => han += 1,
            _ if c.is_ascii_alphabetic() => latin += 1,
            _ => {}
        }
    }
    let declared = declared
        .map(|d| d.trim().replace('_', "-"))
        .filter(|d| !d.is_empty() && d.len() <= 35);
    let declared_primary = declared
        .as_deref()
        .map(|d| d.split('-').next().unwrap_or("").to_ascii_lowercase());
    let cjk = han + kana + hangul;
    // One CJK character is worth about three Latin letters.
    let script = if cjk * 3 >= latin && cjk >= 20 {
        if kana * 10 > cjk {
            "ja"
        } else if hangul * 2 > cjk {
            "ko"
        } else {
            "zh"
        }
    } else if latin >= 60 {
        "latin"
    } else {
        "und"
    };
    match (script, declared_primary.as_deref()) {
        ("zh" | "ja" | "ko", Some(p)) if p == script => declared.unwrap_or_default(),
        ("zh" | "ja" | "ko", _) => script.to_string(),
        ("latin", Some(p)) if !matches!(p, "zh" | "ja" | "ko") => declared.unwrap_or_default(),
        ("latin", _) => {
            if looks_english(text) {
                "en".into()
            } else {
                "und".into()
            }
        }
        (_, Some(_)) => declared.unwrap_or_default(),
        _ => "und".into(),
    }
}

fn looks_english(text: &str) -> bool {
    let mut words = 0;
    let mut common = 0;
    for w in text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .take(2000)
    {
        words += 1;
        if matches!(
            w.to_ascii_lowercase().as_str(),
            "the" | "and" | "of" | "to" | "in" | "is" | "that" | "for" | "it" | "with" | "was"
        ) {
            common += 1;
        }
    }
    words > 0 && common * 10 >= words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics_follow_visibility_and_links() {
        let page = Page::parse(
            "<html><body><p>Hello, <a href=x>world</a></p><div hidden>secret</div>\
             <script>var x = 1;</script></body></html>",
        );
        let body = page.info(page.body.unwrap());
        assert_eq!(body.text, "Hello,world".len() as u32);
        assert_eq!(body.link, 5);
        assert_eq!(body.commas, 1);
    }

    #[test]
    fn paths_and_fingerprints_resolve() {
        let page = Page::parse(
            "<html><head></head><body><div id=a><p class=x>One</p><p>Two</p></div></body></html>",
        );
        let two = (0..page.len() as Ix)
            .find(|&i| page.tag(i) == "p" && page.text_excerpt(i, 10) == "Two")
            .unwrap();
        let target = page.target(two);
        assert_eq!(target.path, vec![1, 0, 1]);
        assert_eq!(page.resolve(&target.path), Some(two));
        let mut h = TextHash::new();
        h.update("T w\no");
        assert_eq!(target.fingerprint.text_hash, h.finish());
    }

    #[test]
    fn text_counts_match_a_char_by_char_count() {
        for text in [
            "",
            " a, b\t",
            "中文，测试、 x\u{3000}y\u{a0}",
            "é,\u{b}ü 한국어 カナ 𠀀",
        ] {
            let mut want = (0, 0, 0);
            for c in text.chars().filter(|c| !c.is_whitespace()) {
                want.0 += 1;
                if is_cjk(c) {
                    want.1 += 1;
                } else if matches!(c, ',' | '，' | '、') {
                    want.2 += 1;
                }
            }
            assert_eq!(count_text(text), want, "{text:?}");
        }
    }

    #[test]
    fn fingerprints_leave_noscript_out() {
        let page = Page::parse(
            "<html><body><div>One<noscript><img src=x>raw</noscript> two</div></body></html>",
        );
        let div = (0..page.len() as Ix)
            .find(|&i| page.tag(i) == "div")
            .unwrap();
        let mut h = TextHash::new();
        h.update("One two");
        assert_eq!(page.target(div).fingerprint.text_hash, h.finish());
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = "<div>".repeat(MAX_DEPTH) + "x";
        let page = Page::parse(&html);
        assert!(page.len() > 1000);
        assert_eq!(page.info(page.body.unwrap()).text, 1);
    }

    #[test]
    fn nesting_depth_is_bounded_and_ignores_optional_end_tags() {
        assert_eq!(nesting_depth("<div><div><p>a<p>b</div></div>", 100), 2);
        assert_eq!(nesting_depth(&"<p>x".repeat(10_000), 100), 0);
        assert_eq!(
            nesting_depth("<script>if (a<b) { x = '<div><div>'; }</script><div>", 100),
            1
        );
        // `<span/>` opens a span: in HTML `/>` closes only void elements.
        assert_eq!(
            nesting_depth("<!-- <div><div> --><br/><img src=x><span/>", 100),
            1
        );
        assert!(nesting_depth(&"<div>".repeat(100_000), 4096) > 4096);
    }

    /// How deep the parser really nests the elements of `html` (`html`, `head`, `body`, the
    /// optional-end-tag and void elements the pre-scan leaves out not counted).
    fn parsed_depth(html: &str) -> usize {
        let page = Page::parse(html);
        let mut depth = vec![0usize; page.len()];
        for ix in 0..page.len() {
            let info = page.info(ix as Ix);
            let own = usize::from(info.is_element && !NO_DEPTH.contains(&page.tag(ix as Ix)));
            let above = if info.parent == NONE {
                0
            } else {
                depth[info.parent as usize]
            };
            depth[ix] = above + own;
        }
        depth.into_iter().max().unwrap_or(0)
    }

    /// Nesting the parser builds that the pre-scan once missed: it must count at least as deep
    /// as the parser nests (checked against the parser at 200 deep), and refuse 100,000 deep.
    #[test]
    fn nesting_depth_counts_what_the_parser_nests() {
        for unit in [
            "<div/>",
            "<x-y/>",
            "<p-x>",
            "<div></3 </div>",
            "<svg><td>",
            "<svg><g x=\"/>\">",
            "<svg><g x=/>",
            "<svg><g/x>",
            "<svg><foreignObject><div/>",
            "<svg><foreignObject><b>x</b></foreignObject><td>",
            "<svg><title><b>x</b></title><style>",
            "<math><mi><div/>",
            "<svg><font><div/>",
            "<svg></x><div/>",
        ] {
            let shallow = unit.repeat(200);
            let real = parsed_depth(&shallow);
            let counted = nesting_depth(&shallow, usize::MAX);
            // The count leaves out empty elements (`<br>`, `<path/>`): a leaf is one deeper.
            assert!(
                counted + 1 >= real,
                "{unit}: counted {counted}, parsed {real}"
            );
            assert!(real >= 100, "{unit}: parsed only {real} deep");
            assert!(nesting_depth(&unit.repeat(100_000), 4096) > 4096, "{unit}");
        }
        for (prefix, unit) in [
            ("<svg><title>", "<div>"),
            ("<svg><style>", "<div>"),
            ("<math><style>", "<span>"),
            ("<svg><script>", "<section>"),
            ("<svg><![CDATA[x]]><textarea>", "<div>"),
            ("<svg><foreignObject><div></foreignObject>", "<x-y/>"),
        ] {
            let html = prefix.to_string() + &unit.repeat(200);
            assert!(
                nesting_depth(&html, usize::MAX) + 1 >= parsed_depth(&html),
                "{prefix}{unit}"
            );
            let deep = prefix.to_string() + &unit.repeat(100_000);
            assert!(nesting_depth(&deep, 4096) > 4096, "{prefix}{unit}");
        }
    }

    /// Inline SVG icons, written as pages write them, add nothing up: a page full of them is
    /// not refused.
    #[test]
    fn nesting_depth_of_svg_icons_stays_flat() {
        let icon = "<a href=/s><svg viewBox=\"0 0 24 24\" aria-hidden=\"true\"><title>Share</title>\
                    <desc>An arrow</desc><defs><linearGradient id=g><stop offset=0 /></linearGradient>\
                    </defs><g fill=\"none\"><path d=\"M0 0h24v24H0z\"/><circle cx=12 cy=12 r=3/></g>\
                    <use href=\"#i\"></use><text x=1>A <tspan>b</tspan></text></svg></a>";
        let html = format!("<div>{}</div>", icon.repeat(10_000));
        // div, a, svg, then defs and linearGradient (or g and the circle whose `r=3/` is not
        // self-closing); the parser's leaves (`<stop/>`) one deeper.
        assert_eq!(nesting_depth(&html, 4096), 5);
        assert_eq!(parsed_depth(&html), 6);
        // HTML inside an integration point, then SVG again.
        let chart = "<svg><foreignObject><div><p>Label<br/>two</p></div></foreignObject>\
                     <g><rect/></g></svg>"
            .repeat(10_000);
        assert_eq!(nesting_depth(&chart, 4096), 3);
        // An icon that breaks out of its SVG (`<div>` inside) leaves the parser in HTML.
        let broken = "<svg><path d=x><div>text</div></svg>".repeat(10_000);
        assert!(nesting_depth(&broken, 4096) <= 3);
    }

    /// The pre-scan runs on every page: its speed over the corpus pages, in ns per byte (the
    /// best of 20 rounds). `NEWSLENS_CORPUS=… cargo test --lib nesting_depth_speed -- --ignored
    /// --nocapture`
    #[test]
    #[ignore = "a measurement, not a check"]
    fn nesting_depth_speed() {
        let dir =
            std::path::PathBuf::from(std::env::var_os("NEWSLENS_CORPUS").expect("NEWSLENS_CORPUS"));
        let mut pages = Vec::new();
        for group in std::fs::read_dir(&dir).unwrap().flatten() {
            for page in std::fs::read_dir(group.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                if let Ok(bytes) = std::fs::read(page.path().join("source.html")) {
                    pages.push(String::from_utf8_lossy(&bytes).into_owned());
                }
            }
        }
        let bytes: usize = pages.iter().map(String::len).sum();
        let mut best = f64::MAX;
        for _ in 0..20 {
            let start = std::time::Instant::now();
            for page in &pages {
                std::hint::black_box(nesting_depth(std::hint::black_box(page), MAX_DEPTH));
            }
            best = best.min(start.elapsed().as_nanos() as f64 / bytes as f64);
        }
        let deepest = pages
            .iter()
            .map(|p| nesting_depth(p, usize::MAX))
            .max()
            .unwrap_or(0);
        eprintln!(
            "{} pages, {bytes} bytes: {best:.3} ns/byte; deepest count {deepest}",
            pages.len()
        );
    }

    #[test]
    fn ancestors_end_at_the_document() {
        let page = Page::parse("<p>x</p>");
        let p = (0..page.len() as Ix).find(|&i| page.tag(i) == "p").unwrap();
        let tags: Vec<&str> = page.ancestors(p).map(|a| page.tag(a)).collect();
        assert_eq!(tags, ["body", "html", ""]);
    }

    #[test]
    fn languages() {
        assert_eq!(
            detect_language("这是一个中文句子，用来测试语言检测是否正确工作。", None),
            "zh"
        );
        assert_eq!(
            detect_language(
                "这是一个中文句子，用来测试语言检测是否正确工作。",
                Some("zh-CN")
            ),
            "zh-CN"
        );
        let en = "The quick brown fox jumps over the lazy dog and the cat is asleep in the sun.";
        assert_eq!(detect_language(en, None), "en");
        assert_eq!(detect_language(en, Some("en-US")), "en-US");
    }
}

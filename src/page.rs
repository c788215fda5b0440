//! The parsed page: one parse, every node in document order with the text statistics the
//! cleaners need, element paths and fingerprints for edit targets, and language detection.
//!
//! Everything here walks the tree iteratively: pages with 100,000 nested elements must not
//! overflow the stack (the wasm stack is about 1 MB).

use ego_tree::iter::Edge;
use ego_tree::NodeId;
use scraper::node::Element;
use scraper::{Html, Node};

use crate::rules::tags::is_block_tag;
use crate::schema::{Fingerprint, Target};

/// Index of a node in document order.
pub(crate) type Ix = u32;
/// "No node" (the document root's parent).
pub(crate) const NONE: Ix = Ix::MAX;

/// What the cleaners know about one node, computed in a single pass.
#[derive(Debug, Clone)]
pub(crate) struct NodeInfo {
    /// The tag's code in [`TAG_NAMES`] ([`OTHER_TAG`]: another tag; [`NOT_AN_ELEMENT`]: "").
    tag: u8,
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

/// Tag names common enough to be worth a code of their own: [`Page::tag`] reads them from the
/// node's statistics instead of looking the element up in the tree (it runs for every element,
/// several times).
const TAG_NAMES: [&str; 86] = [
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "audio",
    "b",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "cite",
    "code",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "input",
    "label",
    "li",
    "link",
    "main",
    "mark",
    "menu",
    "meta",
    "nav",
    "noscript",
    "object",
    "ol",
    "option",
    "p",
    "picture",
    "pre",
    "q",
    "s",
    "section",
    "select",
    "small",
    "source",
    "span",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "u",
    "ul",
    "video",
    "",
];

/// The code of a tag name in [`TAG_NAMES`], or [`OTHER_TAG`].
fn tag_code(tag: &str) -> u8 {
    match tag {
        "a" => 0,
        "abbr" => 1,
        "address" => 2,
        "article" => 3,
        "aside" => 4,
        "audio" => 5,
        "b" => 6,
        "blockquote" => 7,
        "body" => 8,
        "br" => 9,
        "button" => 10,
        "canvas" => 11,
        "caption" => 12,
        "center" => 13,
        "cite" => 14,
        "code" => 15,
        "dd" => 16,
        "details" => 17,
        "div" => 18,
        "dl" => 19,
        "dt" => 20,
        "em" => 21,
        "embed" => 22,
        "fieldset" => 23,
        "figcaption" => 24,
        "figure" => 25,
        "font" => 26,
        "footer" => 27,
        "form" => 28,
        "h1" => 29,
        "h2" => 30,
        "h3" => 31,
        "h4" => 32,
        "h5" => 33,
        "h6" => 34,
        "head" => 35,
        "header" => 36,
        "hr" => 37,
        "html" => 38,
        "i" => 39,
        "iframe" => 40,
        "img" => 41,
        "input" => 42,
        "label" => 43,
        "li" => 44,
        "link" => 45,
        "main" => 46,
        "mark" => 47,
        "menu" => 48,
        "meta" => 49,
        "nav" => 50,
        "noscript" => 51,
        "object" => 52,
        "ol" => 53,
        "option" => 54,
        "p" => 55,
        "picture" => 56,
        "pre" => 57,
        "q" => 58,
        "s" => 59,
        "section" => 60,
        "select" => 61,
        "small" => 62,
        "source" => 63,
        "span" => 64,
        "strong" => 65,
        "style" => 66,
        "sub" => 67,
        "summary" => 68,
        "sup" => 69,
        "svg" => 70,
        "table" => 71,
        "tbody" => 72,
        "td" => 73,
        "template" => 74,
        "textarea" => 75,
        "tfoot" => 76,
        "th" => 77,
        "thead" => 78,
        "time" => 79,
        "title" => 80,
        "tr" => 81,
        "u" => 82,
        "ul" => 83,
        "video" => 84,
        "" => NOT_AN_ELEMENT,
        _ => OTHER_TAG,
    }
}

/// The code of a node that is not an element (text, comments): its tag is "".
const NOT_AN_ELEMENT: u8 = 85;

/// Not in [`TAG_NAMES`]: read from the tree.
const OTHER_TAG: u8 = u8::MAX;

/// How many nodes an excerpt looks through for its text.
const EXCERPT_SCAN_LIMIT: Ix = 4096;

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
    /// stage matches class fragments, many of them on every element. All in one string; node
    /// `i`'s ends at `class_id_ends[i]` and starts where node `i - 1`'s ends.
    class_id_text: String,
    class_id_ends: Vec<u32>,
}

impl Page {
    pub fn parse(source: &str) -> Page {
        Page::from_html(Html::parse_document(source))
    }

    pub fn from_html(html: Html) -> Page {
        let arena: Vec<NodeId> = html.tree.nodes().map(|n| n.id()).collect();
        let mut nodes: Vec<NodeInfo> = Vec::with_capacity(arena.len());
        debug_assert!(arena.windows(2).all(|w| w[0] < w[1]));
        let mut arena_ix: Vec<Ix> = vec![NONE; arena.len()];
        // Open elements: (node index, number of element children seen so far).
        let mut stack: Vec<(Ix, u32)> = Vec::new();
        // Nearest open block element, for inline statistics.
        let mut blocks: Vec<Ix> = Vec::new();
        let mut links = 0u32;
        let (mut root, mut body) = (None, None);
        let mut class_id_text = String::new();
        let mut class_id_ends: Vec<u32> = Vec::with_capacity(arena.len());

        for edge in html.tree.root().traverse() {
            match edge {
                Edge::Open(node) => {
                    let ix = nodes.len() as Ix;
                    let parent = stack.last().map_or(NONE, |p| p.0);
                    let parent_visible = parent == NONE || nodes[parent as usize].visible;
                    let mut info = NodeInfo {
                        tag: NOT_AN_ELEMENT,
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
                    let hidden = match node.value() {
                        Node::Element(el) => scan_element(el, &mut class_id_text),
                        _ => false,
                    };
                    class_id_ends.push(class_id_text.len() as u32);
                    match node.value() {
                        Node::Element(el) => {
                            let tag = el.name();
                            info.tag = tag_code(tag);
                            info.is_element = true;
                            if let Some(top) = stack.last_mut() {
                                info.elem_index = top.1;
                                top.1 += 1;
                            }
                            info.visible = parent_visible && !hidden;
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
            class_id_text,
            class_id_ends,
        }
    }

    /// The element's `class` and `id`, lower-cased, each followed by a space (empty for other
    /// nodes), for matching class fragments such as `share` or `related`.
    pub fn class_id(&self, ix: Ix) -> &str {
        let i = ix as usize;
        let start = if i == 0 { 0 } else { self.class_id_ends[i - 1] };
        &self.class_id_text[start as usize..self.class_id_ends[i] as usize]
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
        match self.nodes[ix as usize].tag {
            OTHER_TAG => self.element(ix).map_or("", |e| e.name()),
            code => TAG_NAMES[code as usize],
        }
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

    /// The nearest element sibling of `ix` that is visible and holds text: before it
    /// (`before`) or after it.
    pub fn sibling_with_text(&self, ix: Ix, before: bool) -> Option<Ix> {
        let shown = |s: ego_tree::NodeRef<'_, Node>| {
            if !s.value().is_element() {
                return None;
            }
            let i = self.ix(s.id());
            let n = &self.nodes[i as usize];
            (n.visible && n.text > 0).then_some(i)
        };
        let node = self.node(ix);
        if before {
            node.prev_siblings().find_map(shown)
        } else {
            node.next_siblings().find_map(shown)
        }
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
        let mut space = false;
        for c in self.visible_chars(ix) {
            if c == ' ' {
                space = true;
                continue;
            }
            if count >= max {
                out.push('…');
                return out;
            }
            if std::mem::take(&mut space) {
                out.push(' ');
            }
            out.push(c);
            count += 1;
        }
        out
    }

    /// The visible characters of a subtree as a reader sees them: each run of whitespace and
    /// each block boundary one space, none before the first character. Lazy: asking for the
    /// start of a block reads no further. Bounded, so that asking for the start of each of
    /// 100,000 nested elements stays linear.
    pub fn visible_chars(&self, ix: Ix) -> VisibleChars<'_> {
        VisibleChars {
            page: self,
            next: ix,
            end: self.nodes[ix as usize]
                .end
                .min(ix.saturating_add(EXCERPT_SCAN_LIMIT)),
            chars: "".chars(),
            started: false,
            pending_space: false,
            held: None,
        }
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
        let el = self.element(ix);
        Target {
            path: self.path(ix),
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

    /// The element's path: its position among its parent's element children, for each
    /// ancestor below the root element ([`Target::path`]).
    pub fn path(&self, ix: Ix) -> Vec<u32> {
        let mut path: Vec<u32> = Vec::new();
        let mut cur = ix;
        while Some(cur) != self.root && cur != NONE {
            path.push(self.nodes[cur as usize].elem_index);
            cur = self.nodes[cur as usize].parent;
        }
        path.reverse();
        path
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
        // Code points, not bytes (JS hashes the same way): ASCII bytes are their code points,
        // so only text with other characters needs decoding.
        if text.is_ascii() {
            for &b in text.as_bytes() {
                if !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c) {
                    self.0 = (self.0 ^ u32::from(b)).wrapping_mul(0x0100_0193);
                }
            }
            return;
        }
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

/// See [`Page::visible_chars`].
pub(crate) struct VisibleChars<'a> {
    page: &'a Page,
    /// The next node to read, and the last.
    next: Ix,
    end: Ix,
    /// The rest of the text node being read.
    chars: std::str::Chars<'a>,
    /// A character has been given out: later whitespace becomes a space.
    started: bool,
    pending_space: bool,
    /// A character that waits behind the space given out before it.
    held: Option<char>,
}

impl Iterator for VisibleChars<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        if let Some(c) = self.held.take() {
            return Some(c);
        }
        loop {
            if let Some(c) = self.chars.next() {
                if c.is_whitespace() {
                    self.pending_space = self.started;
                    continue;
                }
                self.started = true;
                if std::mem::take(&mut self.pending_space) {
                    self.held = Some(c);
                    return Some(' ');
                }
                return Some(c);
            }
            if self.next > self.end {
                return None;
            }
            let info = &self.page.nodes[self.next as usize];
            if !info.visible {
                self.next = info.end + 1; // a hidden subtree: nothing in it is visible
                continue;
            }
            if info.is_block {
                self.pending_space = self.started;
            } else if !info.is_element {
                if let Some(text) = self.page.node(self.next).value().as_text() {
                    self.chars = text.chars();
                }
            }
            self.next += 1;
        }
    }
}

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

/// Whether an element is hidden, and its lower-cased `class` and `id` (see [`Page::class_id`])
/// appended to `class_id`, from one pass over its attributes (this runs for every element).
/// Ids made from a heading's words (`sharing-with-a-single-developer`) are left out: they say
/// what the section is about, not what kind of block it is.
fn scan_element(el: &Element, class_id: &mut String) -> bool {
    let (mut class, mut id, mut hidden) = (None, None, false);
    for (key, value) in &el.attrs {
        if !key.ns.is_empty() {
            continue;
        }
        match &*key.local {
            "class" => class = class.or(Some(&**value)),
            "id" => id = id.or(Some(&**value)),
            "hidden" => hidden = true,
            "type" => hidden |= value.eq_ignore_ascii_case("hidden"),
            "style" => hidden |= style_hides(value),
            _ => {}
        }
    }
    // Elements whose text is never shown.
    hidden |= matches!(
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
    );
    let id = id.filter(|id| id.split('-').count() < 4);
    for value in [class, id].into_iter().flatten() {
        if value.is_ascii() {
            let start = class_id.len();
            class_id.push_str(value);
            class_id[start..].make_ascii_lowercase();
        } else {
            class_id.push_str(&value.to_lowercase());
        }
        class_id.push(' ');
    }
    hidden
}

/// `display:none` or `visibility:hidden` in an inline style.
pub(crate) fn style_hides(style: &str) -> bool {
    // Most styles say neither word: no need to compact them.
    let has = |word: &[u8]| {
        style
            .as_bytes()
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word))
    };
    if !has(b"none") && !has(b"hidden") {
        return false;
    }
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
    fn tag_codes_name_their_tags() {
        for (i, name) in TAG_NAMES.iter().enumerate() {
            assert_eq!(tag_code(name), i as u8, "{name}");
        }
        let page = Page::parse(
            "<main><p>a<b>b</b><x-card>c</x-card><svg><circle/><foreignObject><div>d</div>\
             </foreignObject></svg><table><tr><td>e</td></tr></table><my-el><video></video>",
        );
        for ix in 0..page.len() as Ix {
            let want = page.element(ix).map_or("", |e| e.name());
            assert_eq!(page.tag(ix), want, "node {ix}");
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
        let html = "<div>".repeat(crate::input::MAX_DEPTH) + "x";
        let page = Page::parse(&html);
        assert!(page.len() > 1000);
        assert_eq!(page.info(page.body.unwrap()).text, 1);
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

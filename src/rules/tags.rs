//! HTML tag sets: void and raw-text elements (serialising, the nesting pre-scan), the tags that
//! end SVG/MathML content and the integration points inside it (the pre-scan), and where
//! terms are never annotated.

/// Void HTML elements: no end tag, no content.
pub(crate) const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "basefont", "bgsound", "frame", "keygen", "param",
];

/// Elements whose content is raw text: serialised as is, never escaped.
pub(crate) const RAW_TEXT: &[&str] = &[
    "style",
    "script",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
    "noscript",
];

/// Start tags that end SVG or MathML content: the parser pops back to HTML and handles them
/// there. (`font` only with `color`, `face` or `size`: see `nesting_depth`.)
pub(crate) const BREAKOUT: &[&str] = &[
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
/// SVG elements whose content is HTML again (integration points).
pub(crate) const SVG_INTEGRATION_POINTS: &[&str] = &["foreignobject", "desc", "title"];
/// MathML elements whose content is HTML again (text integration points).
pub(crate) const MATHML_INTEGRATION_POINTS: &[&str] = &["mi", "mo", "mn", "ms", "mtext"];

/// Elements whose text is never annotated.
pub(crate) const NO_ANNOTATION: &[&str] = &[
    "a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "kbd", "samp", "tt", "var", "button",
    "label", "input", "textarea", "select", "option", "script", "style", "noscript", "template",
    "svg", "math", "abbr", "dfn", "title",
];

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

/// Elements whose text is part of the sentence around them although it is not annotated:
/// read when mining definitions (`According to <a>Reuters</a>, the company…`).
pub(crate) const INLINE_TEXT: &[&str] = &["a", "abbr", "dfn", "code", "kbd", "samp", "tt", "var"];

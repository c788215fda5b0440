//! Readability's class lists (`unlikelyCandidates`, `okMaybeItsACandidate`, positive and
//! negative class weights), extended with Chinese sites' habits, and the ARIA roles of page
//! furniture: what finding the article scores containers by.

use crate::fragments::Fragments;

/// Class/id fragments of containers that are rarely the article (Readability's
/// `unlikelyCandidates`, plus Chinese sites' habits).
pub(crate) static UNLIKELY: Fragments = Fragments::new(&[
    "-ad-",
    "ai2html",
    "banner",
    "breadcrumb",
    "combx",
    "comment",
    "community",
    "cover-wrap",
    "disqus",
    "extra",
    "footer",
    "gdpr",
    "header",
    "legends",
    "menu",
    "related",
    "remark",
    "replies",
    "rss",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "supplemental",
    "ad-break",
    "agegate",
    "pagination",
    "pager",
    "popup",
    "yom-remote",
    "cookie",
    "consent",
    "newsletter",
    "share",
    "recommend",
    "hotnews",
    "hot-news",
    "rank",
    // carousels (a testimonials slider, a gallery of other stories) never hold the article
    "slider",
    "carousel",
]);

/// ...unless they also say they might be content.
pub(crate) static MAYBE: Fragments = Fragments::new(&[
    "and", "article", "body", "column", "content", "main", "shadow", "story", "post",
]);

/// Class/id fragments that raise a container's score.
pub(crate) static POSITIVE: Fragments = Fragments::new(&[
    "article",
    "body",
    "content",
    "entry",
    "hentry",
    "h-entry",
    "main",
    "page",
    "pagination",
    "post",
    "text",
    "blog",
    "story",
    "detail",
    "zoom",
    "artibody",
    "trs_editor",
    "con_txt",
    "正文",
]);

/// Class/id fragments that lower it.
pub(crate) static NEGATIVE: Fragments = Fragments::new(&[
    "-ad-",
    "hidden",
    "banner",
    "combx",
    "comment",
    "com-",
    "contact",
    "foot",
    "footnote",
    "gdpr",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "tool",
    "widget",
    "recommend",
    "taboola",
]);

/// ARIA roles of page furniture.
pub(crate) const UNLIKELY_ROLES: &[&str] = &[
    "menu",
    "menubar",
    "complementary",
    "navigation",
    "alert",
    "alertdialog",
    "dialog",
    "banner",
    "contentinfo",
];

/// Class/id fragments of page furniture beyond [`UNLIKELY`]: widget areas and site chrome that
/// hold teaser prose. Outside the article, prose in them is not kept as possible article text.
pub(crate) static FURNITURE: Fragments = Fragments::new(&[
    "widget",
    "sidebar",
    "side-bar",
    "site-info",
    "colophon",
    "masthead",
    "navbar",
    "topbar",
    "toolbar",
    "teaser",
    "promo",
]);

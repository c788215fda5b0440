//! Finding the article: paragraph scores propagated to ancestors, as Readability does, but
//! counting characters so that CJK text (no spaces between words) scores fairly.
//!
//! The result is the set of article containers (`roots`: the best candidate and the siblings
//! that belong with it), the title heading, and a confidence: low confidence means the page is
//! not an article, and only the safe cleanups run.

use crate::clean::teasers::Teasers;
use crate::page::{Ix, Page, NONE};
use crate::rules::readability::{MAYBE, NEGATIVE, POSITIVE, UNLIKELY, UNLIKELY_ROLES};

/// A candidate whose class says content gets the bonus for it when it holds this much text
/// (characters, or weighted characters of prose): more than a line.
const CLASS_BONUS_TEXT: f32 = 100.0;
/// Paragraph-like blocks shorter than this (weighted characters) do not score.
const MIN_PARAGRAPH: u32 = 25;
/// Prose that makes a page an article with full confidence (about 250 words or 400 CJK
/// characters of paragraphs).
const FULL_CONFIDENCE_PROSE: f32 = 1200.0;
/// The same on a page that says it is one article (see [`says_article`]): a short post of
/// about 80 words is all there is of it.
const FULL_CONFIDENCE_PROSE_DECLARED: f32 = 400.0;
/// Below this confidence only trackers, embeds and widgets (share bars, cookie banners,
/// newsletter prompts, dialogs) are cleaned.
const MIN_CONFIDENCE: f32 = 0.3;
/// A page with more `<article>` elements than this is a list of them (a home page, an index),
/// whatever its metadata says.
const MAX_ARTICLE_ELEMENTS: usize = 3;

/// The article as found on the page.
#[derive(Debug, Clone)]
pub(crate) struct Article {
    /// Containers of the article text, siblings under one parent, in document order.
    pub roots: Vec<Ix>,
    /// The heading that titles the article, inside or outside the roots.
    pub title: Option<Ix>,
    /// 0–1: how sure we are this page is an article and the roots hold it.
    pub confidence: f32,
    /// Prose blocks that are the excerpts of teaser cards (other stories), sorted: they
    /// neither score as article text nor count as the page's prose.
    pub teasers: Vec<Ix>,
    /// The elements that hold those cards, sorted.
    pub teaser_lists: Vec<Ix>,
    /// The best-scored container of paragraphs, before the roots grew around it: the
    /// article's body proper (a list of teasers inside it is the article's, not other
    /// stories').
    pub core: Option<Ix>,
}

impl Article {
    /// Confident enough to clean boilerplate and annotate.
    pub fn is_article(&self) -> bool {
        self.confidence >= MIN_CONFIDENCE && !self.roots.is_empty()
    }

    /// The article's flow: the roots and, when there are several, the siblings between them
    /// and the headings right before the first (`<h2>` then paragraphs, all siblings).
    pub fn flow(&self, page: &Page) -> Vec<Ix> {
        let (Some(&first), Some(&last)) = (self.roots.first(), self.roots.last()) else {
            return Vec::new();
        };
        let parent = page.info(first).parent;
        if parent == NONE {
            return self.roots.clone();
        }
        let siblings: Vec<Ix> = page.element_children(parent).collect();
        let start = siblings.iter().position(|&s| s == first).unwrap_or(0);
        let end = siblings.iter().position(|&s| s == last).unwrap_or(start);
        let mut from = start;
        while from > 0
            && matches!(
                page.tag(siblings[from - 1]),
                "h2" | "h3" | "h4" | "h5" | "h6"
            )
        {
            from -= 1;
        }
        siblings[from..=end].to_vec()
    }

    /// The prose block is a teaser card's excerpt ([`crate::clean::teasers`]).
    pub fn is_teaser(&self, ix: Ix) -> bool {
        self.teasers.binary_search(&ix).is_ok()
    }

    pub fn contains(&self, page: &Page, ix: Ix) -> bool {
        self.roots.iter().any(|&r| page.contains(r, ix))
    }
    /// Some root lies inside `ix` (or is it).
    pub fn is_within(&self, page: &Page, ix: Ix) -> bool {
        self.roots.iter().any(|&r| page.contains(ix, r))
    }
}

/// The element's lower-cased `class` and `id` (see [`Page::class_id`]).
pub(crate) fn class_id(page: &Page, ix: Ix) -> &str {
    page.class_id(ix)
}

/// A block that reads like a paragraph: enough own text, mostly not links.
pub(crate) fn is_prose(page: &Page, ix: Ix) -> bool {
    let n = page.info(ix);
    n.is_element
        && n.visible
        && n.inline_weight() >= MIN_PARAGRAPH
        && n.inline_link_density() < 0.5
        && !matches!(
            page.tag(ix),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" | "nav" | "button"
        )
}

/// Finds the article. As in Readability, a first attempt sets aside containers whose class
/// says "unlikely" (`header`, `comment`, …); if that leaves less than a short article, the
/// page is scored again without them (a whole page wrapped in `<div class="site_header">`).
pub(crate) fn find(page: &Page) -> Article {
    let declared = says_article(page);
    // One pass: which prose blocks are teasers' excerpts, and the prose weight before each
    // node with those left out (what a subtree holds).
    let body = page.body.map(|b| (b, page.info(b).end));
    let mut cards = Teasers::default();
    let mut teasers = Vec::new();
    let mut prose_before = vec![0f64; page.len() + 1];
    for ix in 0..page.len() as Ix {
        let mut w = 0.0;
        if is_prose(page, ix) {
            if body.is_some_and(|(b, end)| ix >= b && ix <= end) && cards.in_card(page, ix) {
                teasers.push(ix);
            } else {
                w = f64::from(page.info(ix).inline_weight());
            }
        }
        prose_before[ix as usize + 1] = prose_before[ix as usize] + w;
    }
    let teaser_lists = cards.lists();
    let strict = attempt(page, true, declared, &prose_before);
    let mut found = if strict.confidence >= 0.9 {
        strict
    } else {
        let lenient = attempt(page, false, declared, &prose_before);
        if lenient.confidence > strict.confidence + 0.2 {
            lenient
        } else {
            strict
        }
    };
    found.teasers = teasers;
    found.teaser_lists = teaser_lists;
    found
}

/// One scoring of the page; `declared`: the page says it is one article ([`says_article`]).
/// `prose_before[i]`: the weight of the prose blocks before node `i` (teasers' excerpts
/// excluded, see [`find`]).
fn attempt(page: &Page, strip_unlikely: bool, declared: bool, prose_before: &[f64]) -> Article {
    let Some(body) = page.body else {
        return Article {
            roots: Vec::new(),
            title: None,
            confidence: 0.0,
            teasers: Vec::new(),
            teaser_lists: Vec::new(),
            core: None,
        };
    };
    let end = page.info(body).end;
    let n = page.len();

    // Mark subtrees that are unlikely to hold the article.
    let mut unlikely = vec![false; n];
    for ix in body..=end {
        let info = page.info(ix);
        if info.parent != NONE && unlikely[info.parent as usize] {
            unlikely[ix as usize] = true;
            continue;
        }
        if !strip_unlikely || !info.is_element || ix == body {
            continue;
        }
        let tag = page.tag(ix);
        if matches!(tag, "article" | "main" | "a") {
            continue;
        }
        let role = page.attr(ix, "role").unwrap_or("");
        let ci = class_id(page, ix);
        if UNLIKELY_ROLES.contains(&role)
            || matches!(tag, "nav" | "aside" | "footer")
            || (UNLIKELY.is_match(ci) && !MAYBE.is_match(ci))
        {
            unlikely[ix as usize] = true;
        }
    }

    let prose_in =
        |ix: Ix| (prose_before[page.info(ix).end as usize + 1] - prose_before[ix as usize]) as f32;

    // Score paragraphs into their ancestors.
    let mut score = vec![0f32; n];
    let mut scored = vec![false; n];
    let mut candidates: Vec<Ix> = Vec::new();
    for ix in body..=end {
        // A prose block (not a teaser's excerpt) is one with prose weight of its own.
        if unlikely[ix as usize] || prose_before[ix as usize + 1] == prose_before[ix as usize] {
            continue;
        }
        let info = page.info(ix);
        let commas = info.commas.min(20) as f32;
        let base = 1.0 + commas + (info.inline_weight() as f32 / 100.0).floor().min(3.0);
        let mut level = 0u32;
        let mut cur = info.parent;
        // The paragraph itself scores too when it is a container (a div holding text).
        if !matches!(
            page.tag(ix),
            "p" | "pre" | "td" | "li" | "dd" | "blockquote"
        ) {
            cur = ix;
            level = 0;
        }
        while cur != NONE && level <= 5 && page.contains(body, cur) {
            if !scored[cur as usize] {
                scored[cur as usize] = true;
                score[cur as usize] = initial_score(page, cur, prose_in(cur));
                candidates.push(cur);
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            score[cur as usize] += base / divider;
            cur = page.info(cur).parent;
            level += 1;
        }
    }
    let final_score = |ix: Ix| score[ix as usize] * (1.0 - page.info(ix).link_density());

    let mut ranked: Vec<(Ix, f32)> = candidates.iter().map(|&c| (c, final_score(c))).collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let Some(&(mut top, top_score)) = ranked.first() else {
        return Article {
            roots: Vec::new(),
            title: find_title(page, body, &[]),
            confidence: 0.0,
            teasers: Vec::new(),
            teaser_lists: Vec::new(),
            core: None,
        };
    };

    let core = Some(top);
    // Several near-equal candidates: the article is their common ancestor.
    let alternatives: Vec<Ix> = ranked
        .iter()
        .skip(1)
        .take(4)
        .filter(|(_, s)| *s >= top_score * 0.75)
        .map(|(c, _)| *c)
        .collect();
    if alternatives.len() >= 3 {
        let mut parent = page.info(top).parent;
        while parent != NONE && parent != body {
            let holds = alternatives
                .iter()
                .filter(|&&a| page.contains(parent, a))
                .count();
            if holds >= 3 {
                top = parent;
                break;
            }
            parent = page.info(parent).parent;
        }
    }
    // Climb while the parent scores better: the article body is often split in columns.
    let mut last = final_score(top);
    let mut parent = page.info(top).parent;
    while parent != NONE && parent != body {
        if !scored[parent as usize] {
            parent = page.info(parent).parent;
            continue;
        }
        let s = final_score(parent);
        if s < last / 3.0 {
            break;
        }
        if s > last {
            top = parent;
            break;
        }
        last = s;
        parent = page.info(parent).parent;
    }
    // A lone child says nothing: its parent is the same container.
    loop {
        let parent = page.info(top).parent;
        if parent == NONE || parent == body || page.element_children(parent).count() != 1 {
            break;
        }
        top = parent;
    }

    // Siblings that belong with the top candidate.
    let top_score = final_score(top);
    let threshold = (top_score * 0.2).max(10.0);
    let top_class = page.attr(top, "class").unwrap_or("");
    let parent = page.info(top).parent;
    let mut roots = Vec::new();
    if parent == NONE {
        roots.push(top);
    } else {
        for sib in page.element_children(parent) {
            if sib == top {
                roots.push(sib);
                continue;
            }
            let mut bonus = 0.0;
            if !top_class.is_empty() && page.attr(sib, "class") == Some(top_class) {
                bonus = top_score * 0.2;
            }
            let s = if scored[sib as usize] {
                final_score(sib)
            } else {
                0.0
            };
            let info = page.info(sib);
            let keep = if scored[sib as usize] && s + bonus >= threshold {
                true
            } else if page.tag(sib) == "p" {
                let len = info.weight();
                let density = info.link_density();
                (len > 80 && density < 0.25)
                    || (len > 0
                        && len <= 80
                        && density == 0.0
                        && ends_sentence(&page.text_excerpt(sib, 400)))
            } else {
                false
            };
            if keep && !unlikely[sib as usize] {
                roots.push(sib);
            }
        }
    }

    // Confidence: how much prose the roots hold, and what share of the page's prose.
    let all = prose_in(body);
    let inside: f32 = roots.iter().map(|&r| prose_in(r)).sum();
    let full = if declared {
        FULL_CONFIDENCE_PROSE_DECLARED
    } else {
        FULL_CONFIDENCE_PROSE
    };
    let amount = (inside / full).min(1.0);
    let share = if all > 0.0 { inside / all } else { 0.0 };
    let confidence = amount * (0.4 + 0.6 * share);

    let title = find_title(page, body, &roots);
    Article {
        roots,
        title,
        confidence,
        teasers: Vec::new(),
        teaser_lists: Vec::new(),
        core,
    }
}

/// The page says it is one article, in what it tells machines: Open Graph's `og:type` is
/// `article`, its structured data (JSON-LD) is an `Article`, `NewsArticle`, `BlogPosting`, …, or
/// it is a WordPress single post (`single-post` on `<body>`); and it holds no more than a few
/// `<article>` elements (a home page's metadata may say article too, but it lists many).
/// Then a short text is a whole article, not a scrap of a page.
fn says_article(page: &Page) -> bool {
    const TYPES: [&str; 7] = [
        "\"article\"",
        "\"newsarticle\"",
        "\"blogposting\"",
        "\"reportagenewsarticle\"",
        "\"analysisnewsarticle\"",
        "\"opinionnewsarticle\"",
        "\"socialmediaposting\"",
    ];
    let (mut declared, mut articles) = (false, 0usize);
    for ix in 0..page.len() as Ix {
        match page.tag(ix) {
            "article" => articles += 1,
            "body" => {
                declared |= page
                    .attr(ix, "class")
                    .is_some_and(|c| c.split_ascii_whitespace().any(|t| t == "single-post"))
            }
            "meta" if !declared => {
                declared = page
                    .attr(ix, "property")
                    .or_else(|| page.attr(ix, "name"))
                    .is_some_and(|p| p.eq_ignore_ascii_case("og:type"))
                    && page
                        .attr(ix, "content")
                        .is_some_and(|c| c.trim().eq_ignore_ascii_case("article"));
            }
            "script"
                if !declared
                    && page
                        .attr(ix, "type")
                        .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json")) =>
            {
                let json = page.raw_text(ix);
                declared = json.split("\"@type\"").skip(1).any(|rest| {
                    let rest = rest.trim_start().trim_start_matches(':').trim_start();
                    let rest = rest.trim_start_matches('[').trim_start();
                    TYPES.iter().any(|t| {
                        rest.get(..t.len())
                            .is_some_and(|head| head.eq_ignore_ascii_case(t))
                    })
                });
            }
            _ => {}
        }
    }
    declared && articles <= MAX_ARTICLE_ELEMENTS
}

fn initial_score(page: &Page, ix: Ix, prose: f32) -> f32 {
    let tag_score = match page.tag(ix) {
        "div" | "article" | "section" | "main" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    let ci = class_id(page, ix);
    let mut weight = 0.0;
    if NEGATIVE.is_match(ci) {
        weight -= 25.0;
    }
    // A class that says content earns its bonus by holding some: a line of text in a
    // `<div class="text-xs">` (a utility class) or a "details" box is not the article.
    if POSITIVE.is_match(ci)
        && (page.info(ix).text as f32 >= CLASS_BONUS_TEXT || prose >= CLASS_BONUS_TEXT)
    {
        weight += 25.0;
    }
    tag_score + weight
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .ends_with(['.', '!', '?', '。', '！', '？', '”', '"'])
}

/// The article's title: the `<h1>` (else `<h2>`) that best matches the document title,
/// preferring one before or at the start of the article.
fn find_title(page: &Page, body: Ix, roots: &[Ix]) -> Option<Ix> {
    let doc_title = document_title(page);
    let first_root = roots.first().copied().unwrap_or(page.info(body).end);
    // Sites mark the title with whatever level they like (Medium uses <h3>): a lower level
    // must match the document title more closely.
    for (level, threshold) in [("h1", 0.2), ("h2", 0.5), ("h3", 0.8)] {
        let mut best: Option<(f32, Ix)> = None;
        for ix in page.subtree_elements(body) {
            if page.tag(ix) != level
                || !page.info(ix).visible
                || page.info(ix).text == 0
                || in_sidebar_or_menu(page, ix)
                || names_the_site(page, ix)
            {
                continue;
            }
            let text = page.text_excerpt(ix, 300);
            let mut s = similarity(&text, &doc_title);
            // Headings after the article's start are rarely its title.
            if ix > first_root && !roots.iter().any(|&r| page.contains(r, ix)) {
                s -= 0.5;
            }
            if level == "h1" {
                s += 0.2;
            }
            if best.is_none_or(|(b, _)| s > b) {
                best = Some((s, ix));
            }
        }
        if let Some((s, ix)) = best {
            if s >= threshold {
                return Some(ix);
            }
        }
    }
    // No heading element: a block before the article whose class says title and whose text
    // is the document's title (`<div class="art_title">`); on a page without a document title,
    // the last such block before the article, if short.
    let mut titled = (body..first_root)
        .filter(|&ix| page.info(ix).is_element && page.info(ix).visible && page.info(ix).text > 0)
        .filter(|&ix| {
            let ci = class_id(page, ix);
            (ci.contains("title") || ci.contains("headline"))
                && page.info(ix).end < first_root
                && !in_sidebar_or_menu(page, ix)
        });
    if doc_title.trim().is_empty() {
        titled
            .rev()
            .find(|&ix| (8..=200).contains(&page.info(ix).weight()))
    } else {
        titled.find(|&ix| similarity(&page.text_excerpt(ix, 300), &doc_title) >= 0.8)
    }
}

/// The site's name in its masthead (`<h1 class="site-title"><a rel="home">`), which themes
/// print as a heading: not the article's title.
fn names_the_site(page: &Page, ix: Ix) -> bool {
    let ci = class_id(page, ix);
    ci.contains("site-title") || ci.contains("site-name") || ci.contains("logo") || {
        page.subtree_elements(ix).any(|d| {
            page.tag(d) == "a"
                && page
                    .attr(d, "rel")
                    .is_some_and(|r| r.split_ascii_whitespace().any(|t| t == "home"))
        })
    }
}

/// Inside the site's navigation or a sidebar: a heading there ("Navigation", "Archives") is
/// not the article's title. (`<html>` and `<body>` classes describe the page: `has-menu`.)
fn in_sidebar_or_menu(page: &Page, ix: Ix) -> bool {
    page.ancestors(ix).any(|a| {
        let tag = page.tag(a);
        if matches!(tag, "html" | "body") {
            return false;
        }
        matches!(tag, "nav" | "aside" | "menu")
            || matches!(
                page.attr(a, "role"),
                Some("navigation" | "complementary" | "menu")
            )
            || {
                let ci = class_id(page, a);
                ci.contains("sidebar") || ci.contains("menu")
            }
    })
}

/// `<title>` text.
pub(crate) fn document_title(page: &Page) -> String {
    for ix in 0..page.len() as Ix {
        if page.tag(ix) == "title" {
            let mut t = String::new();
            for i in ix..=page.info(ix).end {
                if let Some(text) = page.node(i).value().as_text() {
                    t.push_str(text);
                }
            }
            return t.split_whitespace().collect::<Vec<_>>().join(" ");
        }
    }
    String::new()
}

/// Share of the heading's characters that appear, in order, in the title (titles carry a
/// site name suffix, so containment is what counts).
fn similarity(heading: &str, title: &str) -> f32 {
    let h: String = heading
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let t: String = title
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    if h.is_empty() || t.is_empty() {
        return 0.0;
    }
    let (hl, tl) = (h.chars().count() as f32, t.chars().count() as f32);
    if t.contains(&h) {
        // A site name ("CNN") is contained in every title: short headings count less.
        return (3.0 * hl / tl).min(1.0);
    }
    if tl >= 8.0 && h.contains(&t) {
        return 0.9; // the title plus a subtitle or translation
    }
    // Longest common prefix relative to the heading.
    let common = h.chars().zip(t.chars()).take_while(|(a, b)| a == b).count();
    common as f32 / hl
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A short post: about 70 words of prose, a menu and a footer.
    fn short_post(head: &str, body_class: &str, articles: usize) -> String {
        let post = "<article><h1>Tmux and me</h1><p>For the first time in many years I changed \
                    my terminal setup this week, and tmux is now the centre of it.</p><p>As \
                    usual the answers were on StackOverflow, but putting them together took an \
                    evening of reading manuals and trying things out.</p></article>";
        let others = "<article><h2><a href=/x>Another post</a></h2></article>".repeat(articles);
        format!(
            "<html><head>{head}</head><body class=\"{body_class}\"><nav><a href=/>Home</a> \
             <a href=/about>About</a></nav>{post}{others}<footer>Powered by a blog engine \
             and a lot of coffee, since 2009.</footer></body></html>"
        )
    }

    #[test]
    fn a_short_post_that_says_so_is_an_article() {
        let bare = find(&Page::parse(&short_post("", "", 0)));
        assert!(!bare.is_article(), "{}", bare.confidence);
        for (head, class) in [
            ("<meta property=\"og:type\" content=\"article\">", ""),
            (
                "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\
                 \"@type\": [\"BlogPosting\"], \"headline\": \"Tmux\"}</script>",
                "",
            ),
            ("", "post-template-default single single-post postid-12"),
        ] {
            let page = Page::parse(&short_post(head, class, 0));
            assert!(says_article(&page), "{head} {class}");
            let article = find(&page);
            assert!(
                article.is_article(),
                "{head} {class}: {}",
                article.confidence
            );
        }
    }

    #[test]
    fn metadata_does_not_make_a_list_of_posts_an_article() {
        let head = "<meta property=\"og:type\" content=\"article\">";
        assert!(!says_article(&Page::parse(&short_post(head, "", 3))));
        let website = "<meta property=\"og:type\" content=\"website\">\
                       <script type=\"application/ld+json\">{\"@type\":\"WebSite\",\
                       \"mainEntity\":{\"@type\":\"ItemList\"}}</script>";
        assert!(!says_article(&Page::parse(&short_post(
            website,
            "home blog",
            0
        ))));
    }
}

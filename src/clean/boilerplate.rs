//! Boilerplate: what a block is when it is not article text, by the tables of
//! [`crate::rules::boilerplate`] (class/id fragments and the phrases a block starts with).
//!
//! Class evidence marks a container; phrase evidence marks a short block. Neither alone may
//! delete article text: the guard in `clean::mod` has the last word. Attribution ("This
//! article originally appeared on …") is not boilerplate: it credits the source.

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use crate::article::class_id;
use crate::clean::teasers;
use crate::page::{Ix, Page, NONE};
use crate::rules::boilerplate::{
    Category, CATEGORIES, FORM, MENU, OUTSIDE_ARTICLE, SIDEBAR, SITE_FOOTER,
};
use crate::rules::tags::is_block_tag;

/// All categories' class fragments in one automaton: each fragment knows the categories it
/// puts a block in, or vetoes.
struct ClassTable {
    automaton: AhoCorasick,
    /// For each fragment: (category index, veto).
    owners: Vec<Vec<(usize, bool)>>,
}

// Categories are tracked in a u64 bit set.
const _: () = assert!(CATEGORIES.len() <= 64);

fn class_table() -> &'static ClassTable {
    static TABLE: OnceLock<ClassTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut fragments: Vec<&'static str> = Vec::new();
        let mut owners: Vec<Vec<(usize, bool)>> = Vec::new();
        for (i, category) in CATEGORIES.iter().enumerate() {
            for (list, veto) in [(category.classes, false), (category.not_classes, true)] {
                for &fragment in list {
                    let k = fragments
                        .iter()
                        .position(|&f| f == fragment)
                        .unwrap_or_else(|| {
                            fragments.push(fragment);
                            owners.push(Vec::new());
                            fragments.len() - 1
                        });
                    owners[k].push((i, veto));
                }
            }
        }
        ClassTable {
            automaton: AhoCorasick::new(&fragments).expect("the class table is small"),
            owners,
        }
    })
}

/// The category a container's class or id puts it in: the first category with a fragment in
/// the element's `class id` and none of its vetoes.
pub(crate) fn by_class(page: &Page, ix: Ix) -> Option<&'static Category> {
    let ci = class_id(page, ix);
    if ci.is_empty() {
        return None;
    }
    let table = class_table();
    let (mut hit, mut veto) = (0u64, 0u64);
    for m in table.automaton.find_overlapping_iter(ci) {
        for &(category, is_veto) in &table.owners[m.pattern().as_usize()] {
            if is_veto {
                veto |= 1 << category;
            } else {
                hit |= 1 << category;
            }
        }
    }
    let found = hit & !veto;
    (found != 0).then(|| &CATEGORIES[found.trailing_zeros() as usize])
}

/// The category a block's text puts it in: the text starts with one of the phrases, and the
/// block is as short (or as full of links) as that category's blocks are.
pub(crate) fn by_phrase(page: &Page, ix: Ix) -> Option<&'static Category> {
    let info = page.info(ix);
    let tag = page.tag(ix);
    let blockish =
        is_block_tag(tag) || matches!(tag, "span" | "a" | "font" | "b" | "strong" | "label");
    if !blockish || info.text == 0 {
        return None;
    }
    // Most blocks are too long for every category and not link lists: no need to read them.
    let (max_weight, min_links) = phrase_limits();
    if (info.weight() > max_weight && info.link_density() < 0.5) || info.anchors < min_links {
        return None;
    }
    let cat = phrase_category(page, ix)?;
    let fits = (info.weight() <= cat.max_weight || info.link_density() >= 0.5)
        && info.anchors >= cat.min_links
        && info.link_density() >= cat.min_link_density;
    fits.then_some(cat)
}

/// The first category (in table order) with a phrase the block's text starts with.
pub(crate) fn phrase_category(page: &Page, ix: Ix) -> Option<&'static Category> {
    let index = phrase_index();
    let mut chars = lead_chars(page, ix);
    let mut lead = String::with_capacity(64);
    // Two characters first: most blocks start like no phrase, and reading on costs more than
    // the comparison. The rest of the lead is read from where they end.
    let mut count = extend_lead(&mut lead, 0, &mut chars, 1);
    let mut start = lead.chars();
    let first = start.next()?;
    let at = index
        .by_first_char
        .binary_search_by_key(&first, |g| g.first)
        .ok()?;
    let group = &index.by_first_char[at];
    // A space may still become part of a ` :` (dropped before the colon): read on then.
    if let Some(second) = start.next().filter(|&c| c != ' ') {
        if !group.short && group.seconds.binary_search(&second).is_err() {
            return None;
        }
    }
    count = extend_lead(&mut lead, count, &mut chars, group.longest);
    debug_assert!(count <= group.longest + 1);
    let cat = group
        .phrases
        .iter()
        .filter(|(phrase, _)| lead.starts_with(phrase.as_str()))
        .map(|&(_, cat)| cat)
        .min()?;
    Some(&CATEGORIES[cat])
}

/// A heading of a list block: a short line without links whose text is the phrase of a
/// category of link lists ("Mehr zum Thema", "Related stories"), directly followed by the list
/// itself (mostly links, at least two). Returns the category and what goes: the list, or the
/// run of one-link lines that is the list (`<p><a>…</a></p>` after `<p><a>…</a></p>`), or the
/// wrapper of a heading nothing follows. The heading alone is too short to be the list, and
/// the list alone says nothing of what it is.
pub(crate) fn heading_with_list(
    page: &Page,
    ix: Ix,
    teaser_list: impl Fn(Ix) -> bool,
) -> Option<(&'static Category, Vec<Ix>)> {
    let info = page.info(ix);
    let tag = page.tag(ix);
    let heading = matches!(tag, "h2" | "h3" | "h4" | "h5" | "h6")
        || (matches!(tag, "p" | "div" | "span" | "strong" | "b") && info.weight() <= 60);
    if !heading || info.anchors > 0 || info.text == 0 || info.weight() > 120 {
        return None;
    }
    // The list first (cheap), then the heading's words. A heading alone in its wrappers
    // (`<div class="title"><h3>…</h3></div>`) heads what follows them.
    let mut h = ix;
    let list = loop {
        if let Some(list) = page.sibling_with_text(h, false) {
            break Some(list);
        }
        let parent = page.info(h).parent;
        if parent == NONE {
            return None;
        }
        if page.info(parent).text != info.text {
            break None;
        }
        h = parent;
    };
    let Some(list) = list else {
        // Nothing follows in its section: the heading of a list the page fills in by script
        // ("Aktuelle News" over an empty grid). A real heading of the article heads text.
        let dangling = matches!(tag, "h2" | "h3" | "h4" | "h5" | "h6")
            && !page
                .node(h)
                .next_siblings()
                .any(|s| s.value().as_text().is_some_and(|t| !t.trim().is_empty()));
        return dangling
            .then(|| phrase_category(page, ix).filter(|c| c.min_links > 0))
            .flatten()
            .map(|cat| (cat, vec![h]));
    };
    let l = page.info(list);
    if l.anchors == 0 {
        return None;
    }
    // A list of links, or of teaser cards (linked headlines with excerpts), or one card, or
    // lines that are each one link.
    let (targets, links, one_card) =
        if l.anchors >= 2 && (l.link_density() >= 0.5 || teaser_list(list)) {
            (vec![list], l.anchors, false)
        } else if teasers::is_card(page, list, None) {
            (vec![list], 1, true)
        } else {
            // One link line under its own heading is one story, as one card is.
            let lines = link_lines(page, list);
            let links = lines.iter().map(|&x| page.info(x).anchors).sum();
            let one = links == 1;
            (lines, links, one)
        };
    if targets.is_empty() || (!one_card && links < 2) {
        return None;
    }
    let cat = phrase_category(page, ix).filter(|c| c.min_links > 0)?;
    (one_card || links >= cat.min_links).then_some((cat, targets))
}

/// From `first` on, the siblings that are each a short line (a block, or a link standing
/// alone between blocks: not one beside the words of a sentence) that is mostly a link.
fn link_lines(page: &Page, first: Ix) -> Vec<Ix> {
    let is_line = |x: Ix| {
        let i = page.info(x);
        i.anchors >= 1
            && i.weight() <= 200
            && i.link_density() >= 0.8
            && (i.is_block || !super::in_running_text(page, x))
    };
    let mut lines = Vec::new();
    let mut at = Some(first);
    while let Some(x) = at.filter(|&x| is_line(x)) {
        lines.push(x);
        at = page.sibling_with_text(x, false);
    }
    lines
}

/// The largest `max_weight` and the smallest `min_links` of the categories that have phrases:
/// a block outside both bounds fits no category.
fn phrase_limits() -> (u32, u32) {
    static LIMITS: OnceLock<(u32, u32)> = OnceLock::new();
    *LIMITS.get_or_init(|| {
        let with_phrases = || CATEGORIES.iter().filter(|c| !c.phrases.is_empty());
        (
            with_phrases().map(|c| c.max_weight).max().unwrap_or(0),
            with_phrases().map(|c| c.min_links).min().unwrap_or(0),
        )
    })
}

/// The phrases of every category, normalised as block text is (see [`normalise`]), by their
/// first character: a block's lead is compared with the few phrases that start like it. Built
/// once: the tables stay as written (`"编辑："`), and a phrase can only match text normalised the
/// same way.
struct PhraseIndex {
    /// Sorted by the character (a binary search is cheaper than hashing one).
    by_first_char: Vec<PhraseGroup>,
}

/// The phrases that start with one character.
struct PhraseGroup {
    first: char,
    /// The second characters of the phrases, sorted.
    seconds: Vec<char>,
    /// A phrase of that one character alone.
    short: bool,
    /// Characters in the longest of them: how much of a block's text is worth reading.
    longest: usize,
    phrases: Vec<(String, usize)>,
}

fn phrase_index() -> &'static PhraseIndex {
    static INDEX: OnceLock<PhraseIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut by_first_char: HashMap<char, Vec<(String, usize)>> = HashMap::new();
        for (cat, c) in CATEGORIES.iter().enumerate() {
            for phrase in c.phrases.iter().map(|p| normalise(p)) {
                let Some(first) = phrase.chars().next() else {
                    continue;
                };
                by_first_char.entry(first).or_default().push((phrase, cat));
            }
        }
        let mut by_first_char: Vec<PhraseGroup> = by_first_char
            .into_iter()
            .map(|(first, phrases)| {
                let mut seconds: Vec<char> = phrases
                    .iter()
                    .filter_map(|(p, _)| p.chars().nth(1))
                    .collect();
                seconds.sort_unstable();
                seconds.dedup();
                PhraseGroup {
                    first,
                    seconds,
                    short: phrases.iter().any(|(p, _)| p.chars().count() < 2),
                    longest: phrases
                        .iter()
                        .map(|(p, _)| p.chars().count())
                        .max()
                        .unwrap_or(0),
                    phrases,
                }
            })
            .collect();
        by_first_char.sort_by_key(|g| g.first);
        PhraseIndex { by_first_char }
    })
}

/// Lower-cased, full-width colons made ASCII and a space before a colon dropped: `Share :`,
/// `分享：` and `分享:` read the same.
fn normalise(text: &str) -> String {
    text.to_lowercase().replace('：', ":").replace(" :", ":")
}

/// The first `max` characters of a block's visible text, leading punctuation and bullets
/// skipped, normalised as [`normalise`] does, for phrase matching. Reads no more of the block
/// than that.
#[cfg(test)]
fn lead_text(page: &Page, ix: Ix, max: usize) -> String {
    let mut out = String::new();
    extend_lead(&mut out, 0, &mut lead_chars(page, ix), max);
    out
}

/// A block's visible characters for its lead: leading blanks and bullets skipped, lower-cased.
fn lead_chars(page: &Page, ix: Ix) -> impl Iterator<Item = char> + '_ {
    page.visible_chars(ix)
        .skip_while(|&c| {
            c == ' ' || matches!(c, '【' | '[' | '|' | '-' | '·' | '•' | '»' | '›' | '>')
        })
        .flat_map(char::to_lowercase)
}

/// Appends to a lead of `count` characters until it has one more than `max` (a space there may
/// still be dropped before a colon), normalised as [`normalise`] does. Takes from `chars` only
/// what it appends (it stops before taking one more), so a lead can be made longer. Returns the new count.
fn extend_lead(
    out: &mut String,
    mut count: usize,
    chars: &mut impl Iterator<Item = char>,
    max: usize,
) -> usize {
    while count <= max {
        let Some(c) = chars.next() else { break };
        let c = if c == '：' { ':' } else { c };
        if c == ':' && out.ends_with(' ') {
            out.pop();
            count -= 1;
        }
        out.push(c);
        count += 1;
    }
    count
}

/// The category of an element outside the article, from its tag or role when its class and
/// text say nothing.
pub(crate) fn outside_reason(page: &Page, ix: Ix) -> (&'static str, &'static str) {
    let role = page.attr(ix, "role").unwrap_or("");
    match (page.tag(ix), role) {
        ("footer", _) | (_, "contentinfo") => SITE_FOOTER,
        ("aside", _) | (_, "complementary") => SIDEBAR,
        ("nav", _) | (_, "navigation" | "menu" | "menubar") => MENU,
        ("form", _) => FORM,
        _ => {
            let ci = class_id(page, ix);
            if ci.contains("footer") {
                SITE_FOOTER
            } else if ci.contains("sidebar") || ci.contains("rail") || ci.contains("widget") {
                SIDEBAR
            } else if ci.contains("menu") || ci.contains("nav") {
                MENU
            } else {
                OUTSIDE_ARTICLE
            }
        }
    }
}

/// The list of teaser cards is introduced by a heading that says related stories ("Weitere
/// Artikel", "More from …", "相关阅读"): the element with text before it is a short block
/// without links whose opening phrase is a related-list phrase.
pub(crate) fn labelled_as_related(page: &Page, list: Ix) -> bool {
    let Some(prev) = page.sibling_with_text(list, true) else {
        return false;
    };
    let info = page.info(prev);
    info.anchors == 0
        && info.weight() <= 120
        && phrase_category(page, prev).is_some_and(|c| c.min_links > 0)
}

#[cfg(test)]
mod tests {
    /// Every rule a removal can carry has a reason in each of the extension's languages
    /// (Firefox reports an unknown message as an error).
    #[test]
    fn every_removal_rule_has_a_localised_reason() {
        use crate::rules::boilerplate::{AFTER_ARTICLE, LINKS_ASIDE, LINKS_LIST, TEASER, TEASERS};
        let mut rules: Vec<&str> = CATEGORIES.iter().map(|c| c.rule).collect();
        rules.extend(
            [
                OUTSIDE_ARTICLE,
                SITE_FOOTER,
                SIDEBAR,
                MENU,
                FORM,
                LINKS_LIST,
                LINKS_ASIDE,
                TEASER,
                TEASERS,
                AFTER_ARTICLE,
            ]
            .map(|r| r.0),
        );
        rules.extend([
            "tracker.iframe",
            "tracker.pixel",
            "tracker.script",
            "tracker.noscript",
            "tracker.widget",
            "sticky.remove",
            "overlay.backdrop",
            "user",
        ]);
        for (locale, json) in [
            (
                "en",
                include_str!("../../extension/common/_locales/en/messages.json"),
            ),
            (
                "zh_CN",
                include_str!("../../extension/common/_locales/zh_CN/messages.json"),
            ),
            (
                "zh_TW",
                include_str!("../../extension/common/_locales/zh_TW/messages.json"),
            ),
        ] {
            let messages: serde_json::Value = serde_json::from_str(json).unwrap();
            for rule in &rules {
                let key = format!(
                    "reason_{}",
                    rule.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
                );
                assert!(
                    messages.get(&key).is_some(),
                    "{locale}: no message {key} for the rule {rule}"
                );
            }
        }
    }

    use super::*;

    #[test]
    fn the_lead_is_the_start_of_the_normalised_excerpt() {
        // The definition lead_text streams: the 60-character excerpt, bullets trimmed,
        // normalised. (Lower-casing char by char differs from `str::to_lowercase` only on a
        // word-final Greek capital sigma, which no phrase has.)
        let by_excerpt = |page: &Page, ix: Ix| {
            let raw = page.text_excerpt(ix, 60);
            let trimmed = raw.trim_start_matches(|c: char| {
                c.is_whitespace()
                    || matches!(c, '【' | '[' | '|' | '-' | '·' | '•' | '»' | '›' | '>')
            });
            normalise(trimmed)
        };
        let page = Page::parse(
            "<div> » <b>Related</b> :<a href=a>one</a><p>two</p></div>\
             <div hidden>Share</div><div><span>  </span>【相关阅读】<i>分享 ：</i>微信</div>\
             <ul><li>• Read <em>MORE</em></li><li>İstanbul ΑΒΓ</li></ul><p>-</p>",
        );
        let longest = phrase_index()
            .by_first_char
            .iter()
            .map(|g| g.longest)
            .max()
            .unwrap();
        for ix in page.subtree_elements(page.body.unwrap()) {
            let want: String = by_excerpt(&page, ix).chars().take(longest).collect();
            let got: String = lead_text(&page, ix, longest)
                .chars()
                .take(longest)
                .collect();
            assert_eq!(got, want, "element {} ({})", ix, page.tag(ix));
        }
    }

    /// The index (first character, then second, then the phrases of that group) finds what
    /// comparing the lead with every phrase finds.
    #[test]
    fn phrase_index_agrees_with_every_phrase() {
        let phrases: Vec<(String, usize)> = CATEGORIES
            .iter()
            .enumerate()
            .flat_map(|(i, c)| c.phrases.iter().map(move |p| (normalise(p), i)))
            .collect();
        let longest = phrases
            .iter()
            .map(|(p, _)| p.chars().count())
            .max()
            .unwrap();
        let mut html = String::new();
        for (p, _) in &phrases {
            html += &format!(
                "<div>{p} and more</div><div>x{p}</div><p>{}</p>",
                p.to_uppercase()
            );
        }
        html += "<div>a : b</div><div>Related :x</div><div>编辑 ：张三</div><div>q</div>";
        let page = Page::parse(&html);
        for ix in page.subtree_elements(page.body.unwrap()) {
            let lead = lead_text(&page, ix, longest);
            let want = phrases
                .iter()
                .filter(|(p, _)| lead.starts_with(p.as_str()))
                .map(|&(_, c)| c)
                .min();
            let got = phrase_category(&page, ix).map(|c| c.rule);
            assert_eq!(got, want.map(|c| CATEGORIES[c].rule), "{lead:?}");
        }
    }

    #[test]
    fn phrase_tables_are_lower_case_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for c in CATEGORIES {
            for p in c.phrases {
                assert_eq!(*p, p.to_lowercase(), "{p}");
                assert!(seen.insert(normalise(p)), "phrase {p} appears twice");
            }
        }
    }

    #[test]
    fn phrases_with_a_full_width_colon_match_either_colon() {
        let page = Page::parse("<p>责编：李四</p><p>编辑:张三</p><p>分享 : 微信</p>");
        let rules: Vec<Option<&str>> = page
            .subtree_elements(page.body.unwrap())
            .filter(|&i| page.tag(i) == "p")
            .map(|i| by_phrase(&page, i).map(|c| c.rule))
            .collect();
        assert_eq!(
            rules,
            [
                Some("footer.editor"),
                Some("footer.editor"),
                Some("social.share")
            ]
        );
    }

    #[test]
    fn phrases_match_short_block_starts() {
        let page = Page::parse(
            "<div>获取更多RSS：<a href=x>x</a></div><div>相关阅读<a href=a>a</a><a href=b>b</a></div>\
             <p>分享到：<a>微信</a></p><p>Related: <a href=x>one story</a></p>\
             <p>Read more: the council's full statement is online, and residents may write to \
             <a href=x>the clerk</a>.</p>\
             <p>The related question is whether anyone noticed.</p>\
             <p>Copyright © Provided by Example Inc. The rest of this paragraph is a long sentence of the \
             article that goes on and on about what happened, far longer than any copyright line would be, \
             and then it keeps going for another clause just to be sure.</p>",
        );
        let rules: Vec<Option<&str>> = page
            .subtree_elements(page.body.unwrap())
            .filter(|&i| matches!(page.tag(i), "div" | "p"))
            .map(|i| by_phrase(&page, i).map(|c| c.rule))
            .collect();
        assert_eq!(
            rules,
            [
                Some("footer.syndication"),
                Some("footer.related"),
                Some("social.share"),
                // An inline promo: the label, then the link; a sentence that starts with the
                // words and links a little stays.
                Some("promo.inline"),
                None,
                None,
                None
            ]
        );
    }
}

//! The section outline: headings inside the article at whatever level the site used (the
//! title heading is the caption, not a section), or, when the article has none, pseudo-headings:
//! short bold-only paragraphs and numbered lead-ins (`一、`, `（二）`, `1.`, `I.`).

use crate::article::{class_id, Article};
use crate::clean::boilerplate::phrase_category;
use crate::page::{Ix, Page};
use crate::rules::annotate::{CREDIT_MARKERS, NOT_SECTION_CLASSES};

/// A section start.
#[derive(Debug, Clone)]
pub(crate) struct Section {
    pub ix: Ix,
    pub level: u32,
    pub title: String,
}

/// Longest pseudo-heading, in characters (Latin / with CJK).
const MAX_LATIN: usize = 40;
const MAX_CJK: usize = 24;

fn heading_level(tag: &str) -> Option<u32> {
    match tag {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// Sections of the article, in order; empty when it has fewer than two.
pub(crate) fn sections(page: &Page, article: &Article, gone: &dyn Fn(Ix) -> bool) -> Vec<Section> {
    let mut headings: Vec<(Ix, u32)> = Vec::new();
    let flow = article.flow(page);
    for &root in &flow {
        for ix in page.subtree_elements(root) {
            let info = page.info(ix);
            let Some(level) = heading_level(page.tag(ix)) else {
                continue;
            };
            // Not sections: a slide's title in a gallery, a teaser card's headline (inside a
            // link, an aside or a "read more" / recirculation box).
            let in_furniture = std::iter::once(ix)
                .chain(page.ancestors(ix).take_while(|&a| a != root))
                .any(|a| {
                    let ci = class_id(page, a);
                    (a != ix && matches!(page.tag(a), "a" | "aside" | "th" | "thead"))
                        || NOT_SECTION_CLASSES.iter().any(|f| ci.contains(f))
                });
            if info.visible
                && info.text > 0
                && Some(ix) != article.title
                && !gone(ix)
                && !in_furniture
            {
                headings.push((ix, level));
            }
        }
    }
    // A heading that names boilerplate ("Recommended for you", "Related posts", "More:") heads
    // no section of the article, and neither do the headings under it (the other stories'
    // headlines); nor does a comment's header ("re: … 2004-12-27 12:46").
    let mut skip_below: Option<u32> = None;
    headings.retain(|&(ix, level)| {
        if skip_below.is_some_and(|l| level > l) {
            return false;
        }
        skip_below = None;
        let text = page.text_excerpt(ix, 200);
        if phrase_category(page, ix).is_some() {
            skip_below = Some(level);
            return false;
        }
        !is_comment_header(&text)
    });
    // The heading that follows the title as its next sibling (empty elements aside) is the
    // title's second line (Medium's "Open Journalism Project:" / "Better Student Journalism").
    if let Some(title) = article.title {
        let next = page
            .node(title)
            .next_siblings()
            .filter(|n| n.value().is_element())
            .map(|n| page.ix(n.id()))
            .find(|&i| page.info(i).text > 0 || page.info(i).media > 0);
        if let Some(pos) = next.and_then(|n| headings.iter().position(|h| h.0 == n)) {
            headings.remove(pos);
        }
    }
    // The article's only <h1>, first, above <h2>s: its title, whatever <title> says.
    if headings.len() >= 3 && headings[0].1 == 1 && headings[1..].iter().all(|h| h.1 > 1) {
        headings.remove(0);
    }
    let out: Vec<Section> = if headings.len() >= 2 {
        // Levels relative to the levels the site used: h2/h3 become 1/2.
        let mut used: Vec<u32> = headings.iter().map(|h| h.1).collect();
        used.sort_unstable();
        used.dedup();
        headings
            .into_iter()
            .map(|(ix, l)| Section {
                ix,
                level: used.iter().position(|&u| u == l).unwrap_or(0) as u32 + 1,
                title: page.text_excerpt(ix, 200),
            })
            .collect()
    } else {
        flow.iter()
            .flat_map(|&root| page.subtree_elements(root))
            .filter(|&ix| !gone(ix) && is_pseudo_heading(page, ix))
            .filter(|&ix| !is_credit(&page.text_excerpt(ix, 100)))
            .map(|ix| Section {
                ix,
                level: 1,
                title: page.text_excerpt(ix, 200),
            })
            .collect()
    };
    if out.len() >= 2 {
        out
    } else {
        Vec::new()
    }
}

/// A credit line or a date, not a section title: it names a reporter, an editor, a
/// producer, or it is only a date (`2003年5月`, `2024-01-05`).
fn is_credit(text: &str) -> bool {
    let lower = text.to_lowercase();
    let asks = text.contains(['？', '?']);
    let date_only = text.chars().any(|c| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || " -/.:年月日号".contains(c) || c.is_whitespace());
    date_only || (!asks && CREDIT_MARKERS.iter().any(|m| lower.contains(m)))
}

/// A comment's header: it starts with `re:` or carries a date and a time
/// (`2004-12-27 12:46`).
fn is_comment_header(text: &str) -> bool {
    let t = text.trim_start().to_lowercase();
    if t.starts_with("re:") || t.starts_with("# re:") {
        return true;
    }
    let b = t.as_bytes();
    (0..b.len().saturating_sub(15)).any(|i| {
        let d = |k: usize| b.get(i + k).is_some_and(u8::is_ascii_digit);
        d(0) && d(1) && d(2) && d(3) && b[i + 4] == b'-' && t[i + 5..].contains(':') && {
            let rest = &t[i + 5..];
            rest.split_once(' ')
                .is_some_and(|(_, time)| time.len() >= 5 && time.as_bytes()[2] == b':')
        }
    })
}

/// A short paragraph that is all bold, or that opens with a section number.
fn is_pseudo_heading(page: &Page, ix: Ix) -> bool {
    let info = page.info(ix);
    if !matches!(page.tag(ix), "p" | "div")
        || !info.visible
        || info.text == 0
        || info.inline_text != info.text
    {
        return false;
    }
    let text = page.text_excerpt(ix, 100);
    let count = text.chars().count();
    let limit = if text.chars().any(crate::page::is_cjk) {
        MAX_CJK
    } else {
        MAX_LATIN
    };
    if count > limit || text.ends_with(['.', '。', ':', '：', ',', '，']) {
        return false;
    }
    all_bold(page, ix) || numbered(&text)
}

/// Every visible character of the block is inside `<strong>`/`<b>` (or a bold-styled span).
fn all_bold(page: &Page, block: Ix) -> bool {
    let end = page.info(block).end;
    let mut bold_until: Option<Ix> = None;
    let mut any = false;
    for ix in block + 1..=end {
        let info = page.info(ix);
        if bold_until.is_some_and(|u| ix > u) {
            bold_until = None;
        }
        if info.is_element {
            if page.info(ix).is_block {
                return false;
            }
            let bold = matches!(page.tag(ix), "strong" | "b")
                || page.attr(ix, "style").is_some_and(|s| {
                    s.replace(' ', "").contains("font-weight:bold")
                        || s.replace(' ', "").contains("font-weight:700")
                });
            if bold && bold_until.is_none() {
                bold_until = Some(info.end);
            }
        } else if info.visible && info.text > 0 {
            if bold_until.is_none() {
                return false;
            }
            any = true;
        }
    }
    any
}

/// `一、`, `（二）`, `(3)`, `1.`, `2、`, `IV.` at the start.
fn numbered(text: &str) -> bool {
    let t = text.trim_start();
    let mut chars = t.chars().peekable();
    let first = chars.peek().copied();
    let zh_digits = |c: char| "一二三四五六七八九十".contains(c);
    match first {
        Some('（' | '(') => {
            let inner: String = t
                .chars()
                .skip(1)
                .take_while(|&c| c != '）' && c != ')')
                .collect();
            !inner.is_empty()
                && inner.chars().count() <= 3
                && inner.chars().all(|c| zh_digits(c) || c.is_ascii_digit())
        }
        Some(c) if zh_digits(c) => {
            let n: String = t.chars().take_while(|&c| zh_digits(c)).collect();
            t[n.len()..].starts_with('、')
        }
        Some(c) if c.is_ascii_digit() => {
            let n: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
            n.len() <= 2 && (t[n.len()..].starts_with(". ") || t[n.len()..].starts_with('、'))
        }
        Some('I' | 'V' | 'X') => {
            let n: String = t
                .chars()
                .take_while(|c| matches!(c, 'I' | 'V' | 'X'))
                .collect();
            n.len() <= 4 && t[n.len()..].starts_with(". ")
        }
        _ => false,
    }
}

/// A stable, unique, CJK-safe id for each section title.
pub(crate) fn ids(titles: &[String]) -> Vec<String> {
    let mut used = std::collections::HashSet::new();
    titles
        .iter()
        .map(|t| {
            let mut slug = String::new();
            for c in t.chars().flat_map(char::to_lowercase) {
                if c.is_alphanumeric() {
                    slug.push(c);
                } else if !slug.ends_with('-') && !slug.is_empty() {
                    slug.push('-');
                }
                if slug.chars().count() >= 40 {
                    break;
                }
            }
            let base = format!("nl-{}", slug.trim_end_matches('-'));
            let mut id = base.clone();
            let mut n = 2;
            while !used.insert(id.clone()) {
                id = format!("{base}-{n}");
                n += 1;
            }
            id
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_and_ids() {
        for t in [
            "一、背景",
            "（二）影响",
            "(3) Costs",
            "1. Why now",
            "2、结论",
            "IV. Outlook",
        ] {
            assert!(numbered(t), "{t}");
        }
        for t in ["1999年，", "In 2024 the", "I think", "一些问题"] {
            assert!(!numbered(t), "{t}");
        }
        let ids = ids(&[
            "DeepSeek 物美价廉？".into(),
            "Why now?".into(),
            "Why now?".into(),
        ]);
        assert_eq!(ids, ["nl-deepseek-物美价廉", "nl-why-now", "nl-why-now-2"]);
    }
}

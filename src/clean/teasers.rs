//! Teaser cards: a list of other stories, each a linked headline with a short excerpt ("More
//! news", a stream of headlines under the article, a grid of cards in a rail). Their excerpts
//! read like prose, and prose outside the article is kept in case it belongs to the article
//! after all; a card is not part of the article, however its excerpt reads.
//!
//! A card: an element of at most [`MAX_CARD`] weighted characters holding a heading (or a
//! link-wrapped heading) that is mostly one link to another page. Cards come in lists: the
//! element's parent has at least [`MIN_CARDS`] children of the same tag that are cards.

use std::collections::HashMap;

use crate::page::{Ix, Page, NONE};

/// A card is short: a headline, a line or two of excerpt, a byline.
const MAX_CARD: u32 = 900;
/// Cards in a list of at least this many.
const MIN_CARDS: usize = 3;
/// How far above a prose block its card may be (excerpt < wrapper < card body < card).
const MAX_DEPTH: usize = 5;

#[derive(Default)]
pub(crate) struct Teasers {
    /// For a parent: whether it holds a list of cards.
    lists: HashMap<Ix, bool>,
}

impl Teasers {
    /// The block is (inside) a teaser card that is one of a list of cards.
    pub fn in_card(&mut self, page: &Page, block: Ix) -> bool {
        let mut c = block;
        for _ in 0..MAX_DEPTH {
            let parent = page.info(c).parent;
            if parent == NONE || page.info(c).weight() > MAX_CARD {
                return false;
            }
            if is_card(page, c, Some(block)) && self.is_list(page, parent, c) {
                return true;
            }
            c = parent;
        }
        false
    }

    /// The elements found to hold a list of cards, sorted.
    pub fn lists(&self) -> Vec<Ix> {
        let mut lists: Vec<Ix> = self
            .lists
            .iter()
            .filter(|(_, &list)| list)
            .map(|(&ix, _)| ix)
            .collect();
        lists.sort_unstable();
        lists
    }

    fn is_list(&mut self, page: &Page, parent: Ix, child: Ix) -> bool {
        if let Some(&known) = self.lists.get(&parent) {
            return known;
        }
        let tag = page.tag(child);
        let cards = page
            .element_children(parent)
            .filter(|&c| page.tag(c) == tag && is_card(page, c, None))
            .take(MIN_CARDS)
            .count();
        let list = cards >= MIN_CARDS;
        self.lists.insert(parent, list);
        list
    }
}

/// One teaser card on its own, inside the article ("Mehr zum Thema" with one story): an
/// element whose class names it a teaser (`teaser`, `m-teaser`, `sz-teaser`: the word CMSs
/// use for a story card) that is a card, or that is itself a link to another page and
/// little else. A lead whose class says teaser (a standfirst) links nowhere and is no card;
/// one that holds the article's `title` (its headline a link to the article itself) is the
/// article's header.
pub(crate) fn is_single_card(page: &Page, ix: Ix, title: Option<Ix>) -> bool {
    let info = page.info(ix);
    if info.anchors == 0
        || info.weight() > MAX_CARD
        || !page.class_id(ix).contains("teaser")
        || title.is_some_and(|t| page.contains(ix, t))
    {
        return false;
    }
    is_card(page, ix, None)
        || (page.tag(ix) == "a"
            && info.text >= 20
            && info.link_density() >= 0.9
            && goes_elsewhere(page, ix))
}

/// The block is the excerpt of a single teaser card ([`is_single_card`]) it lies in.
pub(crate) fn in_single_card(page: &Page, block: Ix, title: Option<Ix>) -> bool {
    page.ancestors(block)
        .take(MAX_DEPTH)
        .take_while(|&c| page.info(c).weight() <= MAX_CARD)
        .any(|c| is_single_card(page, c, title) && is_card(page, c, Some(block)))
}

/// A short element with a linked headline to another page (not the `block` asked about:
/// a heading is the card's title, not its excerpt).
pub(crate) fn is_card(page: &Page, card: Ix, block: Option<Ix>) -> bool {
    let info = page.info(card);
    if !info.is_element || info.weight() > MAX_CARD || info.anchors == 0 {
        return false;
    }
    page.subtree_elements(card).any(|h| {
        matches!(page.tag(h), "h2" | "h3" | "h4" | "h5")
            && block.is_none_or(|b| !page.contains(h, b))
            && is_linked_headline(page, h)
    })
}

/// A heading whose text is mostly one link to another page, or that a link wraps.
fn is_linked_headline(page: &Page, h: Ix) -> bool {
    let info = page.info(h);
    if info.text < 8 {
        return false;
    }
    let wrapped = page
        .ancestors(h)
        .take(3)
        .find(|&a| page.tag(a) == "a")
        .filter(|&a| goes_elsewhere(page, a));
    if wrapped.is_some() {
        return true;
    }
    info.link as f32 >= 0.7 * info.text as f32
        && page
            .subtree_elements(h)
            .any(|a| page.tag(a) == "a" && goes_elsewhere(page, a))
}

fn goes_elsewhere(page: &Page, a: Ix) -> bool {
    page.attr(a, "href").is_some_and(|href| {
        let href = href.trim();
        !href.is_empty() && !href.starts_with('#') && !href.starts_with("javascript:")
    })
}

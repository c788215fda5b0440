//! Cleaning: decide which elements to remove, replace or rewrite, as plan edits.
//!
//! Order of work: trackers and embeds anywhere; then, on article pages, everything outside
//! the article except the site's masthead, the title and the article's header, and the
//! boilerplate the rule tables recognise inside it; the reader's own rules, and their
//! exceptions, which withhold any removal of what they keep; tracking parameters on the links
//! that remain.
//!
//! **Article text is sacred.** Every removal passes one guard, [`Guard::holds_article_text`]:
//! an element that holds a paragraph of the article (or prose anywhere that might be part of
//! it) is never removed, whatever rule asked for it.

pub(crate) mod boilerplate;
mod embeds;
mod hints;
mod rules;
pub(crate) mod teasers;
mod trackers;
pub(crate) mod url;

pub(crate) use rules::{parse as parse_rules, UserRule};

use crate::article::{is_prose, Article};
use crate::options::Options;
use crate::page::{Ix, Page, NONE};
use crate::plan::Planned;
use crate::schema::{Action, ExceptionKept, RuleMatch};

use crate::rules::boilerplate::Category;
use crate::rules::boilerplate::{
    AFTER_ARTICLE, LINKS_ASIDE, LINKS_LIST, MASTHEAD_CLASSES, MENU, SCROLL_LOCK_CLASSES,
    SITE_IDENTITY_CLASSES, TEASER, TEASERS,
};
use crate::rules::players::PLAYER_CLASSES;
use crate::rules::readability::{FURNITURE, MAYBE, UNLIKELY};
use crate::rules::tags::is_block_tag;

/// The site's identity (its name, logo and perhaps tagline) is at most this long (weighted
/// characters).
const MAX_IDENTITY: u32 = 200;
/// From this confidence on, stray prose is kept only in the article's own container.
const NEAR_ONLY_CONFIDENCE: f32 = 0.9;
/// A block of the article shorter than this (weighted characters) whose own class names a
/// boilerplate category is not protected as article text.
const SELF_CLASSED_LINE: u32 = 150;
/// Prose outside the article this long (weighted characters) is kept, in case it belongs to
/// the article after all.
const STRAY_PROSE: u32 = 80;
/// A container recognised by its class as boilerplate may hold at most this share of the
/// article's prose; above it, the class is a coincidence (`post-content share-enabled`).
const MAX_BOILERPLATE_SHARE: f32 = 0.3;
/// ... and at most this much prose (weighted characters): a share bar or a related list has
/// none to speak of; a container with more is a section of the article (`<div class="section"
/// id="sharing-…">`).
const MAX_BOILERPLATE_PROSE: u32 = 1500;

/// The cleaning edits and how many removals the guard refused.
pub(crate) struct Cleaned {
    pub planned: Vec<Planned>,
    /// Subtrees removed or replaced, as `(first, last)` node indexes, in order.
    gone: Vec<(Ix, Ix)>,
    pub guarded: usize,
    /// The reader's rules and exceptions that apply to the page, with what each matched.
    pub rule_matches: Vec<RuleMatch>,
    /// What the reader's exceptions kept.
    pub kept_by_exceptions: Vec<ExceptionKept>,
}

impl Cleaned {
    /// The node is removed or replaced (by its own edit or an ancestor's).
    pub fn is_gone(&self, ix: Ix) -> bool {
        covered(&self.gone, ix)
    }
}

/// `ix` lies in one of the ordered, disjoint `(first, last)` ranges.
fn covered(ranges: &[(Ix, Ix)], ix: Ix) -> bool {
    let pos = ranges.partition_point(|&(start, _)| start <= ix);
    pos > 0 && ranges[pos - 1].1 >= ix
}

/// Which elements hold article text.
pub(crate) struct Guard {
    /// `protected_before[i]`: protected blocks with index < i.
    protected_before: Vec<u32>,
    /// The boilerplate category each element's class or id names, computed once.
    class_category: Vec<Option<&'static Category>>,
    /// The category of each prose block by its opening phrase, read once by the guard and kept
    /// for [`classify`] (`None`: not read).
    phrase_category: Vec<Option<Option<&'static Category>>>,
    /// Lists of teaser cards in the article's containers but beside its body, sorted.
    teaser_lists: Vec<Ix>,
    /// The article's title heading: a card that holds it is the article's header (a lead
    /// whose headline links to the article itself), not a teaser.
    title: Option<Ix>,
    /// The last node of the article's body (its best-scored container), when a root holds
    /// more than the body.
    core_end: Option<Ix>,
}

impl Guard {
    fn new(page: &Page, article: &Article, is_article: bool) -> Guard {
        let n = page.len();
        let body = page.body.unwrap_or(0);
        // Nearest ancestor whose class says boilerplate, and whether we're in page furniture.
        // Parents come before children in document order, so one pass fills both.
        let mut boiler = vec![NONE; n];
        let mut class_category: Vec<Option<&'static Category>> = vec![None; n];
        let mut furniture = vec![false; n];
        let mut in_player = vec![false; n];
        let mut prose_before = vec![0u32; n + 1];
        for ix in 0..n as Ix {
            let info = page.info(ix);
            let i = ix as usize;
            if info.is_element {
                // `<html>` and `<body>` classes describe the whole page (WordPress writes
                // `has-sidebar`, `wpex-share-p-horizontal` there): they name no block.
                if !matches!(page.tag(ix), "html" | "body") {
                    class_category[i] = boilerplate::by_class(page, ix);
                    // A sidebar widget that holds the site's licence notice (`rel="license"`)
                    // states the terms of the article: it stays, as in `structural`.
                    if class_category[i].is_some_and(|c| c.rule == "sidebar.widget")
                        && page.subtree_elements(ix).any(|d| is_license_link(page, d))
                    {
                        class_category[i] = None;
                    }
                }
                // Inherited below (what is inside furniture or a player is too): only asked
                // where the parent doesn't say already. An ASP.NET page wraps everything in a
                // <form>: what holds the article is not furniture.
                let parent = (info.parent != NONE).then_some(info.parent as usize);
                // Only prose outside the article asks (inside it, nothing is furniture).
                if !parent.is_some_and(|p| furniture[p]) && !article.contains(page, ix) {
                    furniture[i] = is_furniture(page, ix) && !article.is_within(page, ix);
                }
                // A player framework's controls and dialogs ("This is a modal window…") are
                // the player's, not the article's.
                if !parent.is_some_and(|p| in_player[p]) {
                    in_player[i] = match page.tag(ix) {
                        "video-js" => true,
                        "div" | "figure" | "section" => PLAYER_CLASSES.is_match(page.class_id(ix)),
                        _ => false,
                    };
                }
            }
            if info.parent != NONE {
                let p = info.parent as usize;
                boiler[i] = if class_category[p].is_some() {
                    info.parent
                } else {
                    boiler[p]
                };
                furniture[i] |= furniture[p];
                in_player[i] |= in_player[p];
            }
            let w = if is_prose(page, ix) {
                info.inline_weight()
            } else {
                0
            };
            prose_before[i + 1] = prose_before[i] + w;
        }
        let prose_in =
            |ix: Ix| prose_before[page.info(ix).end as usize + 1] - prose_before[ix as usize];
        let article_prose: u32 = article.roots.iter().map(|&r| prose_in(r)).sum();

        // How far above the first root each of its ancestors is (0: the root itself).
        let mut above_root = Vec::new();
        if let Some(&first) = article.roots.first() {
            above_root = vec![u32::MAX; n];
            above_root[first as usize] = 0;
            for (i, a) in page.ancestors(first).enumerate() {
                above_root[a as usize] = i as u32 + 1;
            }
        }
        // Stray prose is kept near the article: in the container that holds its roots. On a
        // page where the article was found with confidence, prose further away (an "about
        // us" blurb in the page's last row, a disclaimer under the comments) is not its text.
        let near = |ix: Ix| {
            if above_root.is_empty() || article.confidence < NEAR_ONLY_CONFIDENCE {
                return true;
            }
            let lca = std::iter::once(ix)
                .chain(page.ancestors(ix))
                .find(|&a| above_root[a as usize] != u32::MAX);
            lca.is_none_or(|a| above_root[a as usize] <= 1)
        };
        // Teaser lists a related-stories heading introduces: other stories even in the
        // article's body.
        let labelled: Vec<Ix> = article
            .teaser_lists
            .iter()
            .copied()
            .filter(|&l| boilerplate::labelled_as_related(page, l))
            .collect();
        // Beside the body means after it: a list of linked items before the body, or between
        // two of its parts, may be part of the article.
        let after_core = |ix: Ix| article.core.is_some_and(|c| ix > page.info(c).end);
        let mut protected_before = vec![0u32; n + 1];
        let mut phrase_category = vec![None; n];
        for ix in 0..n as Ix {
            let mut protect = false;
            if page.contains(body, ix) && is_prose(page, ix) && !in_player[ix as usize] {
                let info = page.info(ix);
                let by_phrase = boilerplate::by_phrase(page, ix);
                phrase_category[ix as usize] = Some(by_phrase);
                // A line that heads a list of links ("Lesen Sie auch die folgenden
                // Beiträge:" over three links) goes with its list.
                let phrase_block = by_phrase.is_some()
                    || boilerplate::heading_with_list(page, ix, |l| {
                        article.teaser_lists.binary_search(&l).is_ok()
                    })
                    .is_some();
                let b = boiler[ix as usize];
                if is_article && article.contains(page, ix) {
                    // A short block's own class counts as its nearest container's would (a
                    // newsletter box whose text is its own: `<div class="newsletter">Join…`);
                    // a paragraph's class is too loose a word for that.
                    let b = if class_category[ix as usize].is_some()
                        && info.inline_weight() < SELF_CLASSED_LINE
                    {
                        ix
                    } else {
                        b
                    };
                    let small_boilerplate = b != NONE
                        && article.contains(page, b)
                        && prose_in(b) < MAX_BOILERPLATE_PROSE
                        && (prose_in(b) as f32) < MAX_BOILERPLATE_SHARE * article_prose as f32;
                    // A teaser card's excerpt beside the article's body (a stream of other
                    // stories in the article's container) is not its text; in the body, a
                    // list of linked items with blurbs may be the article itself.
                    let teaser = (article.is_teaser(ix)
                        && (after_core(ix) || labelled.iter().any(|&l| page.contains(l, ix))))
                        || teasers::in_single_card(page, ix, article.title);
                    protect = !phrase_block && !small_boilerplate && !teaser;
                } else {
                    // Prose outside the article: keep it unless it sits in page furniture.
                    protect = !phrase_block
                        && info.inline_weight() >= STRAY_PROSE
                        && info.inline_link_density() < 0.3
                        && b == NONE
                        && class_category[ix as usize].is_none()
                        && !furniture[ix as usize]
                        // Nor the excerpt of a teaser card in a list of other stories.
                        && !article.is_teaser(ix)
                        && near(ix);
                }
            }
            protected_before[ix as usize + 1] = protected_before[ix as usize] + u32::from(protect);
        }
        let teaser_lists: Vec<Ix> = article
            .teaser_lists
            .iter()
            .copied()
            .filter(|&l| {
                !article.is_within(page, l) && (after_core(l) || labelled.binary_search(&l).is_ok())
            })
            .collect();
        Guard {
            protected_before,
            class_category,
            phrase_category,
            teaser_lists,
            title: article.title,
            core_end: article.core.map(|c| page.info(c).end),
        }
    }

    /// The element is itself a protected block.
    pub fn is_protected(&self, ix: Ix) -> bool {
        self.protected_before[ix as usize + 1] > self.protected_before[ix as usize]
    }

    /// A protected block starts in nodes `from..=to`.
    fn protected_between(&self, from: Ix, to: Ix) -> bool {
        from <= to && self.protected_before[to as usize + 1] > self.protected_before[from as usize]
    }

    /// The element holds (or is) a protected block of article text.
    pub fn holds_article_text(&self, page: &Page, ix: Ix) -> bool {
        let end = page.info(ix).end as usize;
        self.protected_before[end + 1] > self.protected_before[ix as usize]
    }
}

/// Navigation, sidebars, footers and forms: prose inside them is not article text. By tag or
/// role, or (as Readability decides what is unlikely to be the article) by a class or id that
/// says page furniture (`sidebar`, `widget-area`, `footer`, …) and nothing that says content.
fn is_furniture(page: &Page, ix: Ix) -> bool {
    let tag = page.tag(ix);
    if matches!(tag, "nav" | "aside" | "footer" | "form" | "header" | "menu")
        || matches!(
            page.attr(ix, "role").unwrap_or(""),
            "navigation" | "complementary" | "contentinfo" | "banner" | "menu" | "dialog"
        )
    {
        return true;
    }
    // Furniture is a container: inline elements are not asked (this runs for every element).
    let ci = page.class_id(ix);
    page.info(ix).is_block
        && !ci.is_empty()
        && !matches!(tag, "html" | "body" | "article" | "main")
        && (UNLIKELY.is_match(ci) || FURNITURE.is_match(ci))
        && !MAYBE.is_match(ci)
}

/// Elements never removed: they carry no content of their own, or removing them breaks the
/// page (styles) without helping the reader.
/// An empty element that dims or blocks the page behind a banner or a modal: its class or id
/// names a backdrop or an overlay. It has no text, so nothing else would remove it.
fn is_backdrop(page: &Page, ix: Ix) -> bool {
    ["class", "id"]
        .iter()
        .filter_map(|a| page.attr(ix, a))
        .any(|v| {
            v.split(|c: char| c.is_ascii_whitespace() || c == '_')
                .any(|token| {
                    let token = token.to_ascii_lowercase();
                    token
                        .split('-')
                        .any(|w| matches!(w, "backdrop" | "overlay"))
                })
        })
}

fn never_remove(tag: &str) -> bool {
    matches!(
        tag,
        "html" | "head" | "body" | "style" | "link" | "meta" | "title" | "base" | "template"
    )
}

pub(crate) fn plan(
    page: &Page,
    article: &Article,
    options: &Options,
    user_rules: &[UserRule],
    host: Option<&str>,
    fixed: &[Vec<u32>],
) -> Cleaned {
    let is_article = article.is_article();
    let guard = Guard::new(page, article, is_article);
    let mut cands: Vec<Planned> = Vec::new();

    for ix in 0..page.len() as Ix {
        if !page.info(ix).is_element {
            continue;
        }
        if options.clean {
            if let Some((rule, reason)) = trackers::classify(page, ix) {
                cands.push(Planned::remove(ix, 0, rule, reason));
                continue;
            }
        }
        if options.embeds {
            if let Some(embed) = embeds::classify(page, ix) {
                let rule = format!("embed.{}", embed.provider);
                let reason = if matches!(embed.provider.as_str(), "video" | "audio") {
                    format!(
                        "autoplaying {} replaced by a click-to-play card",
                        embed.provider
                    )
                } else {
                    format!("{} player (loads third-party code and trackers) replaced by a click-to-play card", embed.provider_name)
                };
                cands.push(Planned {
                    ix,
                    priority: 1,
                    order: 0,
                    action: Action::ReplaceEmbed { embed },
                    rule,
                    reason,
                });
            }
        }
    }

    let kept = if options.clean {
        Kept::new(page, article, options.keep_site_navigation)
    } else {
        Kept {
            kept: Vec::new(),
            header: None,
        }
    };
    if options.clean && is_article {
        boilerplate(page, article, &guard, &kept, &mut cands);
    } else if options.clean {
        widgets_anywhere(page, &guard, &mut cands);
    }
    // The reader's rules (`##`) and exceptions (`#@#`), each selector matched once.
    let mut user = if options.clean {
        rules::apply(page, user_rules, host)
    } else {
        rules::Matched::default()
    };
    cands.append(&mut user.removals);

    hints::plan(page, article, &guard, options, &kept, fixed, &mut cands);

    // Resolve: the guard first, then one edit per element, none inside a removed element.
    let mut guarded = 0;
    cands.retain(|c| {
        // A card stands in for a frame or a media element; a player a script built is a
        // container, and a card never replaces one that holds article text.
        let container_card = matches!(c.action, Action::ReplaceEmbed { .. })
            && !matches!(
                page.tag(c.ix),
                "iframe" | "embed" | "object" | "video" | "audio"
            );
        let refused = (matches!(c.action, Action::Remove) || container_card)
            && (never_remove(page.tag(c.ix)) || guard.holds_article_text(page, c.ix));
        guarded += usize::from(refused && !never_remove(page.tag(c.ix)));
        !refused
    });
    // No removal takes what the reader's exceptions keep, nor what holds it (a smaller removal
    // beside it, in a block kept for its sake, still goes).
    let withheld = user.exceptions.withhold(page, &mut cands);
    cands.sort_by_key(|c| (c.ix, c.priority));
    let mut kept: Vec<Planned> = Vec::with_capacity(cands.len());
    let mut covered_until: Option<Ix> = None; // end of the last removed/replaced subtree
    for c in cands {
        if covered_until.is_some_and(|end| c.ix <= end) {
            continue;
        }
        if kept.last().is_some_and(|k| k.ix == c.ix) {
            continue;
        }
        if matches!(c.action, Action::Remove | Action::ReplaceEmbed { .. }) {
            covered_until = Some(page.info(c.ix).end);
        }
        kept.push(c);
    }

    // An overlay that was actually removed takes its scroll lock with it.
    if options.clean {
        let overlay_removed = kept.iter().any(|c| {
            matches!(
                c.rule.as_str(),
                "consent.cookie" | "newsletter" | "app.download"
            )
        });
        unlock_scroll(page, overlay_removed, &mut kept);
    }

    let gone: Vec<(Ix, Ix)> = kept
        .iter()
        .filter(|c| matches!(c.action, Action::Remove | Action::ReplaceEmbed { .. }))
        .map(|c| (c.ix, page.info(c.ix).end))
        .collect();
    let kept_by_exceptions = user
        .exceptions
        .kept(page, withheld, |ix| covered(&gone, ix));

    // Tracking parameters on the links that stay.
    if options.clean {
        for ix in 0..page.len() as Ix {
            if page.tag(ix) != "a" || covered(&gone, ix) {
                continue;
            }
            if let Some((value, removed)) = page.attr(ix, "href").and_then(trackers::strip_params) {
                kept.push(Planned {
                    ix,
                    priority: 4,
                    order: 0,
                    reason: format!(
                        "tracking parameters removed from link: {}",
                        removed.join(", ")
                    ),
                    action: Action::StripParams {
                        attr: "href".into(),
                        value,
                        removed,
                    },
                    rule: "tracker.params".into(),
                });
            }
        }
        kept.sort_by_key(|c| (c.ix, c.priority));
    }

    Cleaned {
        planned: kept,
        gone,
        guarded,
        rule_matches: user.counts,
        kept_by_exceptions,
    }
}

/// The categories whose blocks are never what a page is for, article or not: share bars,
/// cookie and consent banners, newsletter and follow-us prompts, pop-up dialogs.
const WIDGET_RULES: &[&str] = &["social.share", "consent.cookie", "newsletter", "dialog"];

/// On a page that is not an article (a home page, an index, or an article not found): only
/// the widgets of [`WIDGET_RULES`], by their class, where they hold no text the guard keeps.
fn widgets_anywhere(page: &Page, guard: &Guard, cands: &mut Vec<Planned>) {
    let Some(body) = page.body else { return };
    let end = page.info(body).end;
    let mut ix = body + 1;
    while ix <= end {
        let info = page.info(ix);
        let widget = (info.is_element && info.visible && (info.text > 0 || info.media > 0))
            .then(|| guard.class_category[ix as usize])
            .flatten()
            .filter(|c| WIDGET_RULES.contains(&c.rule));
        match widget {
            Some(cat) if !guard.holds_article_text(page, ix) => {
                cands.push(Planned::boilerplate(ix, cat.rule, cat.reason));
                ix = info.end + 1;
            }
            _ => ix += 1,
        }
    }
}

/// What the clean keeps outside the article on an article page: the title, the site's
/// identity (or its whole masthead when the reader keeps the site's navigation), and the
/// article's header between the title and the article (byline, date, lead image). Built once
/// for the boilerplate pass and the live-page hints.
pub(super) struct Kept {
    /// Kept elements, sorted.
    kept: Vec<Ix>,
    /// The article's header: nodes after the title's end and before the first root.
    header: Option<(Ix, Ix)>,
}

impl Kept {
    fn new(page: &Page, article: &Article, keep_site_navigation: bool) -> Kept {
        let Some(&first_root) = article.roots.first().filter(|_| article.is_article()) else {
            return Kept {
                kept: Vec::new(),
                header: None,
            };
        };
        let masthead = find_masthead(page, article, first_root);
        // The reader keeps the site's whole masthead (its menus too) only when they ask for
        // it; otherwise only the site's identity in it: its logo or name, as a link home.
        let mut kept: Vec<Ix> = if keep_site_navigation {
            masthead
        } else {
            masthead
                .iter()
                .filter_map(|&m| site_identity(page, m))
                .take(1)
                .collect()
        };
        kept.extend(article.title);
        // A kicker right above the title ("Biz & IT —", a section label) heads the article.
        if let Some(title) = article.title {
            let kicker = page.sibling_with_text(title, true).filter(|&s| {
                let info = page.info(s);
                info.weight() <= 60
                    && info.anchors <= 1
                    && !is_list_or_form(page.tag(s))
                    && !is_menu(page, s)
            });
            kept.extend(kicker);
        }
        kept.sort_unstable();
        kept.dedup();
        let header = article
            .title
            .filter(|&t| t < first_root && !article.contains(page, t))
            .map(|t| (page.info(t).end, first_root));
        Kept { kept, header }
    }

    /// The element is kept, lies in something kept, or holds something kept.
    fn touches(&self, page: &Page, ix: Ix) -> bool {
        self.kept
            .iter()
            .any(|&k| page.contains(k, ix) || page.contains(ix, k))
    }

    /// The element lies in the article's header.
    fn in_header(&self, page: &Page, ix: Ix) -> bool {
        self.header
            .is_some_and(|(after, before)| ix > after && page.info(ix).end < before)
    }
}

/// Boilerplate on an article page: outside the article everything but the masthead, title and
/// article header; inside, what the rule tables recognise.
fn boilerplate(
    page: &Page,
    article: &Article,
    guard: &Guard,
    kept: &Kept,
    cands: &mut Vec<Planned>,
) {
    let Some(body) = page.body else { return };
    let first_root = article.roots[0];
    let zone = kept.header;
    let mut keep: Vec<Ix> = article.roots.clone();
    keep.extend(kept.kept.iter().copied());
    keep.sort_unstable();
    keep.dedup();
    let contains_kept = |ix: Ix| -> bool {
        let end = page.info(ix).end;
        let pos = keep.partition_point(|&k| k < ix);
        keep.get(pos).is_some_and(|&k| k <= end)
    };

    // Siblings between the first and last root run in the article's flow (the pages of an
    // IETF draft, a caption between paragraphs): there only the rule tables act.
    let last_root = *article.roots.last().expect("article pages have roots");
    let root_parent = page.info(first_root).parent;

    let mut inside: Vec<Ix> = article.roots.clone();
    // When the article is the whole <body>, nothing is outside it.
    let mut stack = if keep.contains(&body) {
        Vec::new()
    } else {
        vec![body]
    };
    while let Some(n) = stack.pop() {
        // The block writes text of its own around its inline pieces ("By <a>Name</a>"): they
        // are parts of that line. (A span alone in a header is not.)
        let mixed = page.info(n).inline_text > 0
            && page.node(n).children().any(|c| {
                c.value()
                    .as_text()
                    .is_some_and(|t| t.chars().any(|ch| !ch.is_whitespace()))
            });
        for c in page.element_children(n) {
            if keep.binary_search(&c).is_ok() {
                continue;
            }
            let info = page.info(c);
            let in_zone = zone.is_some_and(|(after, before)| c > after && info.end < before);
            let between_roots = n == root_parent && c > first_root && c < last_root;
            if in_zone || between_roots || is_adjacent_data_table(page, article, c) {
                inside.push(c);
                continue;
            }
            if guard.is_protected(c) {
                continue; // a paragraph that may be article text stays whole
            }
            if contains_kept(c) || guard.holds_article_text(page, c) {
                stack.push(c);
                continue;
            }
            let tag = page.tag(c);
            let empty = info.text == 0 && info.media == 0;
            if empty && info.visible && is_backdrop(page, c) {
                cands.push(Planned::boilerplate(
                    c,
                    "overlay.backdrop",
                    "an empty overlay that dims the page",
                ));
                continue;
            }
            // Inline pieces of a block that stays (a byline's link) stay with it.
            let inline_in_text = mixed && !info.is_block && info.media == 0;
            if !info.visible
                || empty
                || inline_in_text
                || never_remove(tag)
                || matches!(tag, "script" | "noscript")
            {
                continue;
            }
            let (rule, reason) = match classify(page, guard, c) {
                Some(cat) => (cat.rule, cat.reason),
                None => boilerplate::outside_reason(page, c),
            };
            cands.push(Planned::boilerplate(c, rule, reason));
        }
    }
    for region in inside {
        // An article root is the article; a block of its header or flow may itself be a
        // share bar.
        let first = if article.roots.contains(&region) {
            region + 1
        } else {
            region
        };
        let root = article.roots.contains(&region);
        inside_region(page, guard, first, page.info(region).end, root, cands);
    }
}

/// A data table right before or after an article container: the facts a notice is made of on
/// government and institutional pages (索引号 / 发文机关 / 成文日期), a results table. Rows of
/// cells, little of it links, no table nested in it (a layout table holds the page).
fn is_adjacent_data_table(page: &Page, article: &Article, ix: Ix) -> bool {
    if page.tag(ix) != "table" {
        return false;
    }
    let info = page.info(ix);
    let adjacent = article.roots.iter().any(|&r| {
        let node = page.node(r);
        let prev = node.prev_siblings().find_map(scraper::ElementRef::wrap);
        let next = node.next_siblings().find_map(scraper::ElementRef::wrap);
        [prev, next]
            .into_iter()
            .flatten()
            .any(|e| page.ix(e.id()) == ix)
    });
    let rows = page
        .subtree_elements(ix)
        .filter(|&d| page.tag(d) == "tr")
        .count();
    adjacent
        && rows >= 2
        && info.text > 0
        && info.link_density() < 0.3
        && !page
            .subtree_elements(ix)
            .skip(1)
            .any(|d| page.tag(d) == "table")
}

/// The boilerplate category of a block, by class or by its opening phrase.
fn classify(page: &Page, guard: &Guard, ix: Ix) -> Option<&'static Category> {
    guard.class_category[ix as usize].or_else(|| {
        guard.phrase_category[ix as usize].unwrap_or_else(|| boilerplate::by_phrase(page, ix))
    })
}

/// Inside the article (or its header), nodes `first..=end`: only what the rule tables
/// recognise.
/// In an article container (`root`), also what the structure says is not article text.
fn inside_region(
    page: &Page,
    guard: &Guard,
    first: Ix,
    end: Ix,
    root: bool,
    cands: &mut Vec<Planned>,
) {
    let mut ix = first;
    // The end of the protected paragraph being walked through: its inline pieces are part of
    // its sentences, whatever they say, and are not read.
    let mut protected_end: Option<Ix> = None;
    while ix <= end {
        let info = page.info(ix);
        if !info.is_element || !info.visible || (info.text == 0 && info.media == 0) {
            ix += 1;
            continue;
        }
        if protected_end.is_some_and(|e| ix > e) {
            protected_end = None;
        }
        // (A link around blocks, a whole teaser card, is not a piece of a sentence.)
        if protected_end.is_some() && !info.is_block && !wraps_blocks(page, ix) {
            ix += 1;
            continue;
        }
        if guard.is_protected(ix) && protected_end.is_none() {
            protected_end = Some(info.end);
        }
        let category = classify(page, guard, ix);
        // In the article's header or between its containers, a menu is the site's (the
        // masthead's navigation printed after a heading the finder took for the title): it
        // goes, unless it is the article's contents or holds its text.
        if !root
            && category.is_none()
            && is_menu(page, ix)
            && !guard.holds_article_text(page, ix)
            && !is_contents(page, ix)
        {
            cands.push(Planned::boilerplate(ix, MENU.0, MENU.1));
            ix = info.end + 1;
            continue;
        }
        if category.is_none() {
            if let Some((rule, reason)) = structural(page, guard, ix, root.then_some(end)) {
                cands.push(Planned::boilerplate(ix, rule, reason));
                ix = info.end + 1;
                continue;
            }
        }
        if let Some((cat, targets)) = category
            .is_none()
            .then(|| {
                boilerplate::heading_with_list(page, ix, |l| {
                    guard.teaser_lists.binary_search(&l).is_ok()
                })
            })
            .flatten()
        {
            for target in std::iter::once(ix).chain(targets) {
                cands.push(Planned::boilerplate(target, cat.rule, cat.reason));
            }
        } else if let Some(cat) = category {
            // A word in bold (`<b>comments</b>`) inside a paragraph of the article is part of
            // its sentence, whatever it says.
            let inline = !page.info(ix).is_block;
            if inline
                && in_running_text(page, ix)
                && page.ancestors(ix).any(|a| guard.is_protected(a))
            {
                ix += 1;
                continue;
            }
            cands.push(Planned::boilerplate(ix, cat.rule, cat.reason));
            // A separator left dangling at the end of the article goes with the footer.
            if is_trailing(page, ix) {
                for sep in separators_before(page, ix) {
                    cands.push(Planned::boilerplate(
                        sep,
                        cat.rule,
                        format!("separator before the {}", cat.reason),
                    ));
                }
            }
            // Nested blocks are still examined: if the guard refuses this one, a smaller
            // one inside may go.
        }
        ix += 1;
    }
}

/// What the structure of a block inside the article says it is, when it holds no article
/// text (no paragraph the guard protects): a list of links to other pages (three links or
/// more, most of its text in them), or an `<aside>`, `<nav>` or `<footer>` of the article
/// (Readability drops them from its extracts too). Tables, code, quotes and figures are the
/// article's, whatever their links, and so is a licence notice.
fn structural(
    page: &Page,
    guard: &Guard,
    ix: Ix,
    root_end: Option<Ix>,
) -> Option<(&'static str, &'static str)> {
    let root = root_end.is_some();
    let info = page.info(ix);
    if guard.teaser_lists.binary_search(&ix).is_ok() {
        return (!guard.holds_article_text(page, ix)).then_some(TEASERS);
    }
    if teasers::is_single_card(page, ix, guard.title) {
        return (!guard.holds_article_text(page, ix)).then_some(TEASER);
    }
    // The cheap tests first: this runs for every element of the article.
    let found = match page.tag(ix) {
        "aside" | "nav" | "footer" => LINKS_ASIDE,
        // In the article's header, a line of links may be its byline ("on <a>date</a> by
        // <a>name</a> in <a>section</a>"): only a list there.
        "div" | "section" | "dl" if !root => return None,
        "div" | "section" | "ul" | "ol" | "dl"
            if info.anchors >= 3 && info.weight() >= 40 && info.link_density() > 0.7 =>
        {
            LINKS_LIST
        }
        _ => return root_end.and_then(|end| after_the_article(page, guard, ix, end)),
    };
    if guard.holds_article_text(page, ix)
        || (found == LINKS_LIST && under_heading(page, ix))
        // The article's table of contents (in its header, even as a `<nav>`).
        || ((found == LINKS_LIST || !root) && is_contents(page, ix))
        // Its authors, listed in its header.
        || (!root && names_authors(page, ix))
        || holds_content(page, ix)
    {
        return None;
    }
    Some(found)
}

/// A list of the article's authors: a link to an author's page (`rel="author"`,
/// `/author/…`, `/autor/…`).
fn names_authors(page: &Page, ix: Ix) -> bool {
    page.subtree_elements(ix)
        .filter(|&d| page.tag(d) == "a")
        .any(|a| {
            page.attr(a, "rel")
                .is_some_and(|r| r.split_ascii_whitespace().any(|t| t == "author"))
                || page.attr(a, "href").is_some_and(|h| {
                    let h = h.to_ascii_lowercase();
                    ["/author", "/autor", "/auteur", "/byline"]
                        .iter()
                        .any(|p| h.contains(p))
                })
        })
}

/// Tables, code, quotes, figures and formulas are the article's, whatever their links; so is
/// a licence notice.
fn holds_content(page: &Page, ix: Ix) -> bool {
    page.subtree_elements(ix).any(|d| {
        matches!(
            page.tag(d),
            "table" | "pre" | "code" | "blockquote" | "figure" | "math"
        ) || is_license_link(page, d)
    })
}

/// A box with a heading after the article's end in its container (`root_end`): after its
/// body and after the last of its text the guard protects, without text of its own to
/// protect, media or content ("Kommende Events", a contact card, "Recommended for you", a
/// comment form). An article's last section heads text, and that text is protected.
fn after_the_article(
    page: &Page,
    guard: &Guard,
    ix: Ix,
    root_end: Ix,
) -> Option<(&'static str, &'static str)> {
    let info = page.info(ix);
    let after_body = guard.core_end.is_some_and(|c| ix > c)
        && info.is_block
        && !guard.protected_between(ix, root_end);
    let headed = || {
        page.subtree_elements(ix)
            .skip(1)
            .any(|d| matches!(page.tag(d), "h1" | "h2" | "h3" | "h4" | "h5" | "h6"))
    };
    let media = || {
        page.subtree_elements(ix).any(|d| {
            matches!(
                page.tag(d),
                "img" | "picture" | "video" | "audio" | "iframe" | "svg"
            )
        })
    };
    (after_body && headed() && !media() && !holds_content(page, ix)).then_some(AFTER_ARTICLE)
}

/// A link to the content's licence (`rel="license"`): the licence notice is attribution, and
/// stays with the article like a credit line.
fn is_license_link(page: &Page, ix: Ix) -> bool {
    page.tag(ix) == "a"
        && page.attr(ix, "rel").is_some_and(|r| {
            r.split_ascii_whitespace()
                .any(|t| t.eq_ignore_ascii_case("license"))
        })
}

/// The block is a section's content: a heading is among its three previous siblings ("See
/// also", "External links" and their lists are the article's).
fn under_heading(page: &Page, ix: Ix) -> bool {
    page.node(ix)
        .prev_siblings()
        .filter_map(scraper::ElementRef::wrap)
        .take(3)
        .any(|e| matches!(e.value().name(), "h2" | "h3" | "h4" | "h5" | "h6"))
}

/// A `<nav>` or an element whose role says navigation or menu.
fn is_menu(page: &Page, ix: Ix) -> bool {
    page.tag(ix) == "nav"
        || matches!(
            page.attr(ix, "role").unwrap_or(""),
            "navigation" | "menu" | "menubar"
        )
}

/// A table of contents: most of the block's links point into the page itself (`#section`).
fn is_contents(page: &Page, ix: Ix) -> bool {
    let (mut inside, mut all) = (0, 0);
    for a in page.subtree_elements(ix).filter(|&d| page.tag(d) == "a") {
        all += 1;
        inside += usize::from(page.attr(a, "href").is_some_and(|h| h.starts_with('#')));
    }
    inside * 2 > all
}

/// An inline element amid the text of its block: its nearest sibling on either side (blank
/// text, images and hidden elements aside) is text or an inline element with text. A widget
/// printed as a `<span>` between `<br>`s or blocks (`<br><span class="post-ratings">…`) is
/// not part of a sentence.
pub(crate) fn in_running_text(page: &Page, ix: Ix) -> bool {
    let running = |s: ego_tree::NodeRef<'_, scraper::Node>| match s.value() {
        scraper::Node::Text(t) if t.trim().is_empty() => None,
        scraper::Node::Text(_) => Some(true),
        scraper::Node::Element(e) if is_block_tag(e.name()) || e.name() == "br" => Some(false),
        // An image or a hidden element between them says nothing either way.
        scraper::Node::Element(_) => {
            let i = page.info(page.ix(s.id()));
            (i.visible && i.text > 0).then_some(true)
        }
        _ => None,
    };
    // An inline element alone in an inline parent (`<b><b>…</b></b>`) stands where it does.
    let mut at = ix;
    loop {
        let node = page.node(at);
        let before = node.prev_siblings().find_map(running);
        let after = node.next_siblings().find_map(running);
        if before.is_some() || after.is_some() {
            return before.unwrap_or(false) || after.unwrap_or(false);
        }
        let parent = page.info(at).parent;
        if parent == NONE || page.info(parent).is_block {
            return false;
        }
        at = parent;
    }
}

/// An inline element that holds block elements (`<a><div>…<h2>…</h2></div></a>`).
fn wraps_blocks(page: &Page, ix: Ix) -> bool {
    page.subtree_elements(ix)
        .skip(1)
        .any(|d| is_block_tag(page.tag(d)))
}

/// A navigation, a list or a form: never a kicker line, never inside the site's identity.
fn is_list_or_form(tag: &str) -> bool {
    matches!(tag, "nav" | "ul" | "ol" | "menu" | "form")
}

/// Nothing visible follows the element in its parent.
fn is_trailing(page: &Page, ix: Ix) -> bool {
    let node = page.node(ix);
    node.next_siblings().all(|s| match s.value() {
        scraper::Node::Text(t) => t.trim().is_empty(),
        scraper::Node::Element(_) => {
            let i = page.ix(s.id());
            page.info(i).text == 0 && page.info(i).media == 0
        }
        _ => true,
    })
}

/// `<hr>` and `<br>` directly before the element.
fn separators_before(page: &Page, ix: Ix) -> Vec<Ix> {
    let mut out = Vec::new();
    for s in page.node(ix).prev_siblings() {
        match s.value() {
            scraper::Node::Text(t) if t.trim().is_empty() => {}
            scraper::Node::Comment(_) => {}
            scraper::Node::Element(e) if matches!(e.name(), "hr" | "br") => {
                out.push(page.ix(s.id()))
            }
            _ => break,
        }
    }
    out
}

/// The site's masthead (logo and top navigation): the first banner-like element before the
/// article, and the first navigation bar if the masthead has none.
fn find_masthead(page: &Page, article: &Article, first_root: Ix) -> Vec<Ix> {
    let Some(body) = page.body else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut has_nav = false;
    let candidates = (body + 1..first_root).filter(|&ix| {
        page.info(ix).is_element
            && page.info(ix).visible
            && !article.is_within(page, ix)
            && page.info(ix).end < first_root
    });
    for ix in candidates {
        if out.iter().any(|&m| page.contains(m, ix)) {
            continue;
        }
        let ci = crate::article::class_id(page, ix);
        let banner = page.tag(ix) == "header"
            || page.attr(ix, "role") == Some("banner")
            || MASTHEAD_CLASSES.iter().any(|f| {
                ci.split([' ', '_']).any(|w| {
                    w.strip_prefix(f)
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with('-'))
                })
            });
        let nav = page.tag(ix) == "nav" || page.attr(ix, "role") == Some("navigation");
        if (banner && out.is_empty()) || (nav && !has_nav) {
            has_nav |= nav || page.subtree_elements(ix).any(|d| page.tag(d) == "nav");
            out.push(ix);
        }
        if out.len() == 2 {
            break;
        }
    }
    out
}

/// The site's identity in its masthead: the element that names the site (its logo or name,
/// usually a link home), smallest first: a link to the site's root, or an element whose class,
/// id or alt text says logo or brand. `None` when the masthead names the site nowhere.
fn site_identity(page: &Page, masthead: Ix) -> Option<Ix> {
    let named = |ix: Ix| {
        let ci = page.class_id(ix);
        SITE_IDENTITY_CLASSES.iter().any(|f| ci.contains(f))
            || page
                .attr(ix, "alt")
                .is_some_and(|a| a.to_ascii_lowercase().contains("logo"))
    };
    let home = |ix: Ix| {
        page.tag(ix) == "a"
            && page.attr(ix, "href").is_some_and(|h| {
                let h = h.trim();
                let path = h
                    .strip_prefix("https://")
                    .or_else(|| h.strip_prefix("http://"))
                    .or_else(|| h.strip_prefix("//"))
                    .map_or(h, |rest| rest.find('/').map_or("/", |p| &rest[p..]));
                matches!(path, "/" | "" | "/index.html" | "/index.php" | "./")
            })
    };
    // A "Home" link among the menu's items is a menu item, not the site's name.
    let in_menu = |ix: Ix| {
        page.ancestors(ix)
            .take_while(|&a| a != page.info(masthead).parent)
            .any(|a| matches!(page.tag(a), "nav" | "li" | "menu"))
    };
    // The identity is compact: a wrapper whose class says logo around the whole masthead
    // (`container_wrap_logo` around the menu) is not it.
    let compact = |ix: Ix| {
        page.info(ix).weight() <= MAX_IDENTITY
            && !page
                .subtree_elements(ix)
                .any(|d| is_list_or_form(page.tag(d)))
    };
    let found = page
        .subtree_elements(masthead)
        .filter(|&ix| page.info(ix).visible && (page.info(ix).text > 0 || page.info(ix).media > 0))
        .find(|&ix| {
            (named(ix) || (home(ix) && (!in_menu(ix) || page.info(ix).media > 0))) && compact(ix)
        })?;
    // A logo image inside its link home: keep the link.
    let link_of = |ix: Ix| {
        page.ancestors(ix)
            .take_while(|&a| a != masthead)
            .find(|&a| page.tag(a) == "a")
            .unwrap_or(ix)
    };
    let identity = link_of(found);
    // The site's tagline beside its name (WordPress's `.site-description` in `.site-branding`)
    // is not its identity: keep the name or logo alone when they stand apart from it.
    let tagline = |ix: Ix| {
        let ci = page.class_id(ix);
        ci.contains("site-description") || ci.contains("tagline")
    };
    if page.subtree_elements(identity).any(tagline) {
        let part = page.subtree_elements(identity).skip(1).find(|&d| {
            named(d)
                && page.info(d).visible
                && (page.info(d).text > 0 || page.info(d).media > 0)
                && !page.subtree_elements(d).any(tagline)
        });
        if let Some(part) = part {
            return Some(link_of(part));
        }
    }
    Some(identity)
}

/// Lock classes always go; `overflow: hidden` only when an overlay was removed (some sites
/// scroll an inner container on purpose).
fn unlock_scroll(page: &Page, overlay_removed: bool, cands: &mut Vec<Planned>) {
    for ix in [page.root, page.body].into_iter().flatten() {
        let style = page.attr(ix, "style").unwrap_or("");
        let class = page.attr(ix, "class").unwrap_or("");
        let declarations: Vec<&str> = style.split(';').filter(|d| !d.trim().is_empty()).collect();
        let kept_declarations: Vec<&str> = declarations
            .iter()
            .copied()
            .filter(|d| {
                let d: String = d
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect::<String>()
                    .to_ascii_lowercase();
                !(overlay_removed
                    && (d.starts_with("overflow:hidden") || d.starts_with("overflow-y:hidden")))
            })
            .collect();
        let classes: Vec<&str> = class.split_whitespace().collect();
        let kept_classes: Vec<&str> = classes
            .iter()
            .copied()
            .filter(|w| !SCROLL_LOCK_CLASSES.contains(&w.to_ascii_lowercase().as_str()))
            .collect();
        if kept_declarations.len() == declarations.len() && kept_classes.len() == classes.len() {
            continue;
        }
        let joined = |parts: Vec<&str>, sep: &str| (!parts.is_empty()).then(|| parts.join(sep));
        cands.push(Planned {
            ix,
            priority: 5,
            order: 0,
            action: Action::UnlockScroll {
                style: joined(kept_declarations, ";"),
                class: joined(kept_classes, " "),
            },
            rule: "consent.scroll-lock".into(),
            reason: "scroll lock left by an overlay removed".into(),
        });
    }
}

//! Live-page hints (issue 11, item 4): elements the browser reports as `position: fixed` or
//! `sticky`. Boilerplate goes; whatever else stays is made static in place (`unstick`); article
//! text is never removed; hints that lead nowhere are ignored; without hints (the CLI, the
//! playground) nothing changes.
#![cfg(not(target_arch = "wasm32"))] // native: the same engine runs in the browser tests

mod common;

use common::edit_at;

use newslens::{render, Action, Analysis, Engine, Hints, Options};

/// A news page with a sticky masthead, a floating player in the article, a sticky box of key
/// figures in the article, a "subscribe" slide-in and an empty ad slot fixed at the bottom.
/// Element paths: `<header>` [1, 0], `<main>` [1, 1], `<article>` [1, 1, 0], the floating
/// player's box [1, 1, 0, 2] and its frame [1, 1, 0, 2, 0], the first paragraph [1, 1, 0, 3],
/// the key figures [1, 1, 0, 5], the slide-in [1, 2], the ad slot [1, 3].
const PAGE: &str = r#"<!DOCTYPE html><html lang="en"><head><title>Central bank holds rates - Example News</title>
<style>.site-header{position:sticky;top:0}.floating-video{position:fixed;right:1em;bottom:1em;width:320px}
.key-figures{position:sticky;top:4em}.slide-in{position:fixed;bottom:0}#bottom-ad{position:fixed;bottom:0}</style>
</head><body>
<header class="site-header"><a class="logo" href="/">Example News</a><nav><a href="/world">World</a> <a href="/business">Business</a> <a href="/tech">Technology</a> <a href="/sport">Sport</a></nav></header>
<main>
<article>
<h1>Central bank holds rates steady as inflation cools</h1>
<p class="byline">By A. Reporter, 12 March</p>
<div class="floating-video" style="z-index: 99"><iframe src="https://video.example.org/player/embed/1?autoplay=1" title="The press conference"></iframe><button type="button">Close</button></div>
<p>The central bank left its main interest rate unchanged on Tuesday, saying that inflation had cooled faster than it expected over the winter but that the labour market remained tight.</p>
<p>Officials said they would watch wages closely in the coming months before deciding whether to cut rates, a move that markets had priced in for the summer after a run of weaker data.</p>
<div class="key-figures"><p>Inflation fell to 2.4 percent in February, its lowest level in three years, while unemployment stayed at 3.9 percent for the fourth month in a row.</p></div>
<p>Analysts said the decision was widely expected and that the bank's statement left the door open to a cut in June if prices kept slowing at the pace of the last three months.</p>
<p>The governor told reporters that the bank would not be rushed, and that a single good month of data was not enough to declare victory over the price rises of the last two years.</p>
</article>
</main>
<div class="slide-in"><p>Subscribe to our newsletter</p><form><input type="email" name="email"><button>Sign up</button></form></div>
<div id="bottom-ad"></div>
</body></html>"#;

const HEADER: &[u32] = &[1, 0];
const ARTICLE: &[u32] = &[1, 1, 0];
const PLAYER_BOX: &[u32] = &[1, 1, 0, 2];
const PLAYER: &[u32] = &[1, 1, 0, 2, 0];
const FIRST_PARAGRAPH: &[u32] = &[1, 1, 0, 3];
const KEY_FIGURES: &[u32] = &[1, 1, 0, 5];
const SLIDE_IN: &[u32] = &[1, 2];
const AD_SLOT: &[u32] = &[1, 3];

fn engine() -> Engine {
    Engine::new(Options::default()).unwrap()
}

fn hints(paths: &[&[u32]]) -> Hints {
    Hints {
        fixed: paths.iter().map(|p| p.to_vec()).collect(),
    }
}

fn analyze(hints: &Hints) -> Analysis {
    engine()
        .analyze_with_hints(PAGE, Some("https://news.example.com/rates"), hints)
        .unwrap()
}

fn kind_at(analysis: &Analysis, path: &[u32]) -> Option<&'static str> {
    edit_at(analysis, path).map(|e| e.action.kind())
}

/// The paths of the page in the fixture are the ones the doc comment says.
#[test]
fn the_fixture_paths_are_right() {
    let analysis = analyze(&hints(&[
        HEADER,
        ARTICLE,
        PLAYER_BOX,
        FIRST_PARAGRAPH,
        KEY_FIGURES,
        SLIDE_IN,
        AD_SLOT,
    ]));
    let tag = |path: &[u32]| {
        let rendered = render(PAGE, &analysis.plan()).unwrap();
        assert!(rendered.skipped.is_empty());
        analysis
            .report()
            .edits
            .iter()
            .find(|e| e.target.path == path)
            .map(|e| e.target.fingerprint.tag.clone())
    };
    assert_eq!(tag(HEADER).as_deref(), Some("header"));
    assert_eq!(tag(PLAYER).as_deref(), Some("iframe"));
    assert_eq!(tag(SLIDE_IN).as_deref(), Some("div"));
}

#[test]
fn a_sticky_header_is_unstuck_and_keeps_its_place() {
    let analysis = analyze(&hints(&[HEADER]));
    let edit = edit_at(&analysis, HEADER).expect("an edit of the sticky header");
    assert_eq!(
        edit.action,
        Action::Unstick {
            style: "position: static !important".into()
        }
    );
    assert_eq!(edit.rule, "sticky.unstick");
    assert_eq!(edit.reason, "made static: it stayed fixed on screen");
    assert_eq!(analysis.report().stats.unstick, 1);
    // The masthead's menu still goes, as without hints; the site's name stays.
    let html = analysis.render();
    assert!(html.contains(r#"<header class="site-header" style="position: static !important">"#));
    assert!(html.contains("Example News</a>"));
    assert!(!html.contains("Technology"));
}

#[test]
fn a_slide_in_and_an_empty_fixed_slot_outside_the_article_are_removed() {
    let analysis = analyze(&hints(&[SLIDE_IN, AD_SLOT]));
    assert_eq!(kind_at(&analysis, SLIDE_IN), Some("remove"));
    let ad = edit_at(&analysis, AD_SLOT).expect("the fixed ad slot goes");
    assert_eq!(ad.action, Action::Remove);
    assert_eq!(ad.rule, "sticky.remove");
    // Without the hint the engine can't know the empty box is on screen.
    assert_eq!(kind_at(&analyze(&Hints::default()), AD_SLOT), None);
    assert_eq!(analysis.report().stats.unstick, 0);
}

#[test]
fn a_floating_player_becomes_a_card_and_its_box_is_unstuck() {
    let analysis = analyze(&hints(&[PLAYER_BOX]));
    assert_eq!(kind_at(&analysis, PLAYER), Some("replaceEmbed"));
    let edit = edit_at(&analysis, PLAYER_BOX).expect("the player's box is unstuck");
    assert_eq!(
        edit.action,
        Action::Unstick {
            style: "z-index: 99; position: static !important".into()
        }
    );
    let html = analysis.render();
    assert!(!html.contains("<iframe"));
    assert!(html.contains("newslens-embed"));
    // A fixed frame itself becomes the card: the card is not fixed.
    let analysis = analyze(&hints(&[PLAYER]));
    assert_eq!(kind_at(&analysis, PLAYER), Some("replaceEmbed"));
    assert_eq!(analysis.report().stats.unstick, 0);
}

#[test]
fn hints_on_article_text_never_remove_it() {
    let analysis = analyze(&hints(&[FIRST_PARAGRAPH, KEY_FIGURES, ARTICLE, &[1, 1]]));
    assert_eq!(kind_at(&analysis, FIRST_PARAGRAPH), Some("unstick"));
    assert_eq!(kind_at(&analysis, KEY_FIGURES), Some("unstick"));
    // The article and what holds it are the page's frame, not a bar over it.
    assert_eq!(kind_at(&analysis, ARTICLE), None);
    assert_eq!(kind_at(&analysis, &[1, 1]), None);
    let text = common::text_without_tags(&analysis.render());
    for sentence in [
        "The central bank left its main interest rate unchanged on Tuesday",
        "Inflation fell to 2.4 percent in February",
    ] {
        assert!(text.contains(sentence), "{sentence}");
    }
}

#[test]
fn a_fixed_box_of_prose_outside_the_article_is_unstuck_not_removed() {
    // Prose outside the article that may belong to it: the guard refuses the removal, and
    // the box stays, made static.
    let page = PAGE.replace(
        r#"<div id="bottom-ad"></div>"#,
        r#"<div id="bottom-ad"><p>Correction: an earlier version of this story misstated the month in which inflation reached its lowest level in three years; it was February.</p></div>"#,
    );
    let analysis = engine()
        .analyze_with_hints(&page, None, &hints(&[AD_SLOT]))
        .unwrap();
    assert_eq!(kind_at(&analysis, AD_SLOT), Some("unstick"));
    assert!(
        common::text_without_tags(&analysis.render()).contains("Correction: an earlier version")
    );
}

#[test]
fn hints_that_lead_nowhere_are_ignored() {
    let without = analyze(&Hints::default());
    let bad = hints(&[
        &[],
        &[0],
        &[0, 0],
        &[1],
        &[9],
        &[1, 99],
        &[1, 1, 0, 99, 3],
        &[u32::MAX, u32::MAX],
    ]);
    let with = analyze(&bad);
    assert_eq!(with.report().edits, without.report().edits);
    assert_eq!(with.report().stats.unstick, 0);
    // Far too many hints: read up to a cap, no slower than the page itself.
    let many = Hints {
        fixed: vec![vec![1, 0]; 100_000],
    };
    assert_eq!(analyze(&many).report().stats.unstick, 1);
}

#[test]
fn without_hints_nothing_is_unstuck() {
    let analysis = analyze(&Hints::default());
    assert_eq!(analysis.report().stats.unstick, 0);
    assert_eq!(
        analysis.report().edits,
        engine()
            .analyze(PAGE, Some("https://news.example.com/rates"))
            .unwrap()
            .report()
            .edits
    );
}

#[test]
fn a_page_that_is_no_article_is_only_unstuck() {
    let page = r#"<html><body><div class="promo-bar">Subscribe to our newsletter</div>
        <ul><li><a href="/a">Markets today</a></li><li><a href="/b">Rates and bonds</a></li>
        <li><a href="/c">Technology news</a></li><li><a href="/d">Sport results</a></li></ul></body></html>"#;
    let analysis = engine()
        .analyze_with_hints(page, None, &hints(&[&[1, 0]]))
        .unwrap();
    assert_eq!(kind_at(&analysis, &[1, 0]), Some("unstick"));
    assert_eq!(analysis.report().stats.remove, 0);
}

#[test]
fn with_cleaning_off_hints_do_nothing() {
    let options = Options {
        clean: false,
        ..Options::default()
    };
    let analysis = Engine::new(options)
        .unwrap()
        .analyze_with_hints(PAGE, None, &hints(&[HEADER, SLIDE_IN, AD_SLOT]))
        .unwrap();
    assert_eq!(analysis.report().stats.unstick, 0);
    assert_eq!(kind_at(&analysis, AD_SLOT), None);
}

#[test]
fn render_applies_a_stored_unstick_and_a_link_keeps_both_of_its_edits() {
    let analysis = analyze(&hints(&[HEADER, PLAYER_BOX]));
    let rendered = render(PAGE, &analysis.plan()).unwrap();
    assert!(rendered.skipped.is_empty());
    assert_eq!(rendered.html, analysis.render());
    assert!(rendered.html.contains(
        r#"<div class="floating-video" style="z-index: 99; position: static !important">"#
    ));

    // A fixed link in the article with tracking parameters: made static and stripped.
    let page = PAGE.replace(
        "<p>Analysts said",
        r#"<a class="back" style="position: fixed" href="https://news.example.com/live?utm_source=x&amp;id=3">Back to the live page</a><p>Analysts said"#,
    );
    let link: &[u32] = &[1, 1, 0, 6];
    let analysis = engine()
        .analyze_with_hints(&page, None, &hints(&[link]))
        .unwrap();
    let kinds: Vec<&str> = analysis
        .report()
        .edits
        .iter()
        .filter(|e| e.target.path == link)
        .map(|e| e.action.kind())
        .collect();
    assert_eq!(kinds, ["stripParams", "unstick"]);
    assert!(analysis.render().contains(
        r#"<a class="back" style="position: fixed; position: static !important" href="https://news.example.com/live?id=3">"#
    ));
}

#[test]
fn hints_cross_from_json_in_camel_case() {
    let hints: Hints = serde_json::from_str(r#"{"fixed": [[1, 0], [1, 2]]}"#).unwrap();
    assert_eq!(hints.fixed, [vec![1, 0], vec![1, 2]]);
    let empty: Hints = serde_json::from_str("{}").unwrap();
    assert_eq!(empty, Hints::default());
}

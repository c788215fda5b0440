//! The deep clean on small pages of our own (`tests/fixtures/deep/`), one per kind of clutter
//! or content it must tell apart: a mega-menu, a WordPress sidebar and tag list, a widget area
//! inside the post and a page builder's content widgets, a quoted
//! tweet, a government notice's data table, a `<br>`-separated article, first-party and
//! script-built players, and `keepSiteNavigation`. Each checks what goes, what stays, and that
//! every paragraph of the article is still there.
#![cfg(not(target_arch = "wasm32"))] // native: reads fixture files

mod common;

use std::path::Path;

use common::{squash, visible_text};
use newslens::{Action, Engine, Options, Report};
use scraper::{Html, Selector};

const ARTICLE: &[&str] = &[
    "The city council voted on Tuesday to expand the bus network",
    "Supporters of the plan argued that the new lines would cut commuting times",
    "The first of the routes is expected to open in the spring",
    "Residents will be able to comment on the timetable at a series of public hearings",
];

fn clean_with(name: &str, options: Options) -> (Report, Html, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/deep")
        .join(name);
    let html = std::fs::read_to_string(path).unwrap();
    let engine = Engine::new(options).unwrap();
    let analysis = engine
        .analyze(&html, Some("https://news.example/2026/03/bus"))
        .unwrap();
    let cleaned = Html::parse_document(&analysis.render());
    let text = squash(&visible_text(&cleaned, None));
    (analysis.report().clone(), cleaned, text)
}

fn clean(name: &str) -> (Report, Html, String) {
    clean_with(name, Options::default())
}

fn assert_article_kept(name: &str, text: &str) {
    for line in ARTICLE {
        assert!(text.contains(&squash(line)), "{name}: lost {line:?}");
    }
}

fn assert_gone(name: &str, text: &str, phrases: &[&str]) {
    for p in phrases {
        assert!(!text.contains(&squash(p)), "{name}: {p:?} is still there");
    }
}

/// The rules of the report's edits, in order.
fn rules(report: &Report) -> Vec<&str> {
    report.edits.iter().map(|e| e.rule.as_str()).collect()
}

fn assert_kept(name: &str, text: &str, phrases: &[&str]) {
    for p in phrases {
        assert!(text.contains(&squash(p)), "{name}: {p:?} was removed");
    }
}

#[test]
fn a_mega_menu_goes_and_the_site_name_stays() {
    let (report, doc, text) = clean("mega-menu.html");
    assert_article_kept("mega-menu", &text);
    assert_gone(
        "mega-menu",
        &text,
        &[
            "Police reports",
            "Tennis",
            "Sign in",
            "Edition:",
            "Home›News›Local",
            "Careers",
            "Advertise",
        ],
    );
    assert_kept(
        "mega-menu",
        &text,
        &["Riverside Courier", "By Ana Ruiz, 3 March 2026"],
    );
    let home: Vec<_> = doc
        .select(&Selector::parse("header a").unwrap())
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(home, ["https://courier.example/"], "the logo, a link home");
    assert_eq!(report.stats.guarded, 0);
}

#[test]
fn keep_site_navigation_keeps_the_menu() {
    let options = Options {
        keep_site_navigation: true,
        ..Options::default()
    };
    let (_, _, text) = clean_with("mega-menu.html", options);
    assert_article_kept("mega-menu", &text);
    assert_kept("mega-menu", &text, &["Police reports", "Sign in"]);
    // The rest of the page furniture still goes.
    assert_gone("mega-menu", &text, &["Careers", "Advertise"]);
}

#[test]
fn a_wordpress_sidebar_tag_list_and_post_navigation_go() {
    let (report, _, text) = clean("wordpress-sidebar.html");
    assert_article_kept("wordpress", &text);
    assert_gone(
        "wordpress",
        &text,
        &[
            "This blog has covered the life of our small town",
            "Market day moves to Saturday",
            "Tags:",
            "Previous post",
        ],
    );
    assert_kept("wordpress", &text, &["Town Blog"]);
    let rules = rules(&report);
    assert!(rules.contains(&"tags"), "{rules:?}");
}

#[test]
fn widgets_ratings_and_breadcrumbs_inside_the_post_go_but_the_licence_stays() {
    let (report, _, text) = clean("widgets-in-content.html");
    assert_article_kept("widgets", &text);
    assert_gone(
        "widgets",
        &text,
        &[
            "Our volunteers have written about the life of this town",
            "Market day moves to Saturday",
            "Was this article helpful?",
            "Home Transport",
        ],
    );
    assert_kept(
        "widgets",
        &text,
        &[
            "The posts on this blog are licensed under a Creative Commons",
            // A review's own verdict is the article's, whatever its class.
            "Our verdict: four stars out of five",
        ],
    );
    let rules = rules(&report);
    assert!(rules.contains(&"sidebar.widget"), "{rules:?}");
    assert!(rules.contains(&"rating"), "{rules:?}");
    assert!(rules.contains(&"nav.links"), "{rules:?}");
}

#[test]
fn a_menu_and_a_link_list_in_the_articles_header_go_and_the_header_stays() {
    let (report, _, text) = clean("menu-in-header.html");
    assert_article_kept("menu in header", &text);
    assert_gone(
        "menu in header",
        &text,
        &[
            "News Sport Culture Business Opinion",
            "Public transport City council Outer districts",
        ],
    );
    assert_kept(
        "menu in header",
        &text,
        &[
            "Bus network to grow",
            "Four new lines for the outer districts",
            "By Sam Writer",
            "Posted on 3 March 2026 in Transport by Sam and Lee",
            "The vote The routes The hearings",
            "Samantha Writer-Jones Leonard Reporter Kimberly Editor",
        ],
    );
    assert!(
        report.edits.iter().any(|e| e.rule == "outside.menu"),
        "{:?}",
        report.edits
    );
}

#[test]
fn a_page_builders_content_widget_is_the_article() {
    let (report, _, text) = clean("page-builder.html");
    assert_article_kept("page builder", &text);
    assert!(
        !report.edits.iter().any(|e| e.rule == "sidebar.widget"),
        "{:?}",
        report.edits
    );
}

#[test]
fn a_quoted_tweet_keeps_its_text_and_loses_its_widget_script() {
    let (report, doc, text) = clean("quoted-tweet.html");
    assert_article_kept("tweet", &text);
    assert_kept(
        "tweet",
        &text,
        &[
            "Four new bus routes approved tonight",
            "Riverside Council (@riversidecouncil)",
            "The mayor thanked the residents",
        ],
    );
    assert_eq!(
        doc.select(&Selector::parse("blockquote.twitter-tweet a").unwrap())
            .count(),
        1,
        "the tweet's link stays"
    );
    assert_eq!(
        doc.select(&Selector::parse("script[src]").unwrap()).count(),
        0,
        "the widget script goes"
    );
    assert!(report.edits.iter().any(|e| e.rule == "tracker.widget"));
}

#[test]
fn a_notice_keeps_its_data_table() {
    let (_, _, text) = clean("data-table.html");
    assert_kept(
        "data-table",
        &text,
        &[
            "索引号：",
            "11320100000000000A/2026-00012",
            "发文机关：",
            "市交通运输局",
            "成文日期：",
            "2026年3月1日",
            "为进一步提升公共交通服务水平",
            "市交通运输局负责统筹协调和监督检查",
        ],
    );
    assert_gone("data-table", &text, &["政务公开", "网站地图"]);
}

#[test]
fn a_br_separated_article_is_found_and_kept() {
    let (report, _, text) = clean("br-article.html");
    assert_article_kept("br-article", &text);
    assert!(
        report.article.confidence >= 0.3,
        "{}",
        report.article.confidence
    );
    assert_gone("br-article", &text, &["Weather", "All rights reserved"]);
}

#[test]
fn every_player_becomes_a_card() {
    let (report, doc, text) = clean("first-party-player.html");
    assert_article_kept("players", &text);
    let embeds: Vec<(String, String)> = report
        .edits
        .iter()
        .filter_map(|e| match &e.action {
            Action::ReplaceEmbed { embed } => {
                Some((embed.provider.clone(), embed.provider_name.clone()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        embeds,
        [
            ("player".to_string(), "courier-news.example".to_string()),
            ("player".to_string(), "Video".to_string()),
            (
                "player".to_string(),
                "vplayer.sportsnet.example".to_string()
            ),
        ]
    );
    for sel in ["iframe", "video", ".vjs-control-bar"] {
        assert_eq!(
            doc.select(&Selector::parse(sel).unwrap()).count(),
            0,
            "{sel} left"
        );
    }
    assert_kept("players", &text, &["The new routes, explained."]);
}

#[test]
fn a_stream_of_other_stories_beside_the_article_goes() {
    let (report, _, text) = clean("teasers.html");
    assert_article_kept("teasers", &text);
    assert_gone(
        "teasers",
        &text,
        &[
            "Library opens on Sundays",
            "The central library will open on Sunday afternoons",
            "Engineers found cracks in two of the arches",
            "The new primary school in the north of the town",
        ],
    );
    assert!(
        report
            .edits
            .iter()
            .any(
                |e| matches!(e.action, Action::Remove) && e.reason.contains("other stories")
                    || e.rule.starts_with("outside")
            ),
        "{:?}",
        report.edits
    );
}

#[test]
fn a_list_of_linked_items_with_blurbs_in_the_article_is_the_article() {
    let (_, _, text) = clean("listicle.html");
    assert_kept(
        "listicle",
        &text,
        &[
            "Spring is here, and with it the season for long walks",
            "The river path",
            "Starting at the old mill, the river path follows the water",
            "A steep climb from the church",
            "Flat and easy, the towpath is the route for families",
            "Only three kilometres, but the lake",
            "Wilder than the others, the heath walk crosses open ground",
            "Whichever you choose, take water and a map",
        ],
    );
}

#[test]
fn prose_far_from_a_confident_article_goes_and_prose_beside_it_stays() {
    let (report, _, text) = clean("distant-prose.html");
    assert!(
        report.article.confidence >= 0.9,
        "{}",
        report.article.confidence
    );
    assert_article_kept("distant prose", &text);
    assert_kept(
        "distant prose",
        &text,
        &["Correction: an earlier version of this story gave the wrong date"],
    );
    assert_gone(
        "distant prose",
        &text,
        &["Town News is run by a small team of volunteers"],
    );
}

#[test]
fn the_sites_name_heading_is_not_the_title_and_its_tagline_goes() {
    let (report, _, text) = clean("site-branding.html");
    assert_article_kept("site branding", &text);
    assert_kept(
        "site branding",
        &text,
        &["Town News", "Bus network to grow"],
    );
    assert_gone(
        "site branding",
        &text,
        &["All the news from the valley, every day since 1998"],
    );
    let outline: Vec<&str> = report.outline.iter().map(|o| o.title.as_str()).collect();
    assert!(!outline.contains(&"Town News"), "{outline:?}");
}

#[test]
fn related_stories_with_excerpts_inside_the_story_go() {
    let (_, _, text) = clean("related-teasers.html");
    assert_article_kept("related teasers", &text);
    assert_gone(
        "related teasers",
        &text,
        &[
            "Related stories",
            "The central library will open on Sunday afternoons",
            "The new primary school in the north of the town",
        ],
    );
}

#[test]
fn single_teasers_runs_of_link_lines_and_headings_of_empty_lists_go_but_the_standfirst_stays() {
    let (report, _, text) = clean("single-teasers.html");
    assert_article_kept("single-teasers", &text);
    assert_gone(
        "single-teasers",
        &text,
        &[
            "Library opens on Sundays",
            "Old bridge closed for repairs",
            "More from Town News",
            "Farmers' market moves to the square",
            "Latest news",
            "Read also these stories",
            "Why the trams never came back",
            "Forty years after the last tram left the depot",
            "The tram that never came",
            "Parking fees to double",
            "Was this article helpful?",
        ],
    );
    // A lead whose class says teaser, with the article's title (a link to the article
    // itself): it is the article's header.
    assert_kept(
        "single-teasers",
        &text,
        &[
            "Bus network to grow",
            "Four new lines, the largest change in twenty years, after a long debate",
        ],
    );
    let rules = rules(&report);
    assert!(rules.contains(&"inside.teaser"), "{rules:?}");
    assert!(rules.contains(&"footer.related"), "{rules:?}");
}

#[test]
fn boxes_after_the_articles_last_text_go_but_its_section_headings_stay() {
    let (report, _, text) = clean("after-article.html");
    assert_article_kept("after-article", &text);
    assert_kept("after-article", &text, &["What happens next"]);
    assert_gone(
        "after-article",
        &text,
        &[
            "Upcoming events",
            "Spring fair",
            "Press office",
            "0100 555 0199",
        ],
    );
    let rules = rules(&report);
    assert!(rules.contains(&"inside.after"), "{rules:?}");
}

#[test]
fn a_home_page_keeps_its_lists_and_loses_only_widgets() {
    let (report, _, text) = clean("home-page.html");
    assert!(
        report.article.confidence < 0.3,
        "{}",
        report.article.confidence
    );
    assert_kept(
        "home page",
        &text,
        &[
            "Town News",
            "Latest stories",
            "Library opens on Sundays",
            "Park gets new playground",
            "A short summary of the story for the front page.",
        ],
    );
    assert_gone(
        "home page",
        &text,
        &[
            "Share on Facebook",
            "Get the Town News newsletter",
            "We use cookies",
        ],
    );
    let rules = rules(&report);
    assert_eq!(
        rules,
        ["social.share", "newsletter", "consent.cookie"],
        "only widgets go on a page that is not an article"
    );
}

/// Found by the property test (seed 777): "Most read" and a link after it, inside a sentence's
/// paragraph, are words of that paragraph, not a related-stories heading over a one-link list.
#[test]
fn a_related_phrase_beside_a_link_in_a_paragraph_is_not_a_list() {
    let html = r#"<html><head><title>comments</title></head><body><article><div><h1>comments</h1></div></article><figure><p data-k="0">Officials said on Tuesday that the new rules would apply to every company that sells software in the region.<b><b>Prices rose 5&nbsp;% &amp; wages &lt;lagged&gt; in &#x4E2D;&#22269; and &eacute;t&eacute; sales &copy; fell.</b></b><b><span>Most read</span><a href="https://example.com/a?utm_source=feed&amp;utm_medium=rss&amp;id=7">comments</a></b></p><div><p data-k="1">Officials said on Tuesday that the new rules would apply to every company that sells software in the region.</p><p data-k="2">所谓“模型蒸馏”是指用一个大模型的输出训练一个较小的模型，使小模型在特定任务上接近大模型的表现。</p></div></figure></body></html>"#;
    let engine = Engine::new(Options::default()).unwrap();
    let analysis = engine.analyze(html, None).unwrap();
    let removed: Vec<&str> = analysis
        .report()
        .edits
        .iter()
        .filter(|e| matches!(e.action, Action::Remove))
        .map(|e| e.rule.as_str())
        .collect();
    assert!(removed.is_empty(), "{removed:?}");
    let text = squash(&visible_text(
        &Html::parse_document(&analysis.render()),
        None,
    ));
    assert!(
        text.contains(&squash("sales © fell.Most readcomments")),
        "{text}"
    );
}

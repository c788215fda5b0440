//! The reader's exceptions (`host#@#selector`): what one matches on a site it applies to is
//! never removed, by any rule (boilerplate, trackers, live-page hints, the reader's own `##`
//! rules), nor is anything that holds it or lies in it; cards are not removals and stay. The
//! report lists every rule and exception that applies with the elements it matched
//! (`ruleMatches`) and what each exception kept (`keptByExceptions`).
#![cfg(not(target_arch = "wasm32"))] // native: the CLI test runs the binary

mod common;

use common::edit_at;

use newslens::{Action, Analysis, Engine, ExceptionKept, Hints, Options, RuleMatch};
use serde_json::{json, Value};

/// A news article with, inside it, a promotion the tables don't know (`.river-special`), a
/// Facebook tracking pixel, a video player and a "Related stories" block; outside it a
/// masthead, a "Most read" sidebar and a newsletter slide-in. Element paths: `<main>` [1, 1],
/// `<article>` [1, 1, 0], the promotion [1, 1, 0, 3], the player [1, 1, 0, 5], the pixel
/// [1, 1, 0, 8], the related block [1, 1, 0, 9], its heading [1, 1, 0, 9, 0] and list
/// [1, 1, 0, 9, 1], the sidebar [1, 2], the slide-in [1, 3].
const PAGE: &str = r#"<!DOCTYPE html><html lang="en"><head><title>River towns count the cost of the spring floods - Example News</title></head><body>
<header class="site-header"><a class="logo" href="/">Example News</a><nav><a href="/world">World</a> <a href="/business">Business</a> <a href="/tech">Technology</a> <a href="/sport">Sport</a></nav></header>
<main>
<article>
<h1>River towns count the cost of the spring floods</h1>
<p class="byline">By A. Reporter, 14 April</p>
<p>The river rose above its banks on Sunday night for the third time this spring, flooding the lower streets of four towns and forcing more than two thousand people to leave their homes before dawn.</p>
<div class="river-special"><a href="/special">Our river towns special: maps and pictures</a></div>
<p>Emergency services said the water had started to fall by Monday afternoon, but warned that the ground was saturated and that more rain forecast for the weekend could bring the river back up within hours.</p>
<iframe src="https://www.youtube.com/embed/mx0ovCyPbfU" title="The flooded high street"></iframe>
<p>Shop owners on the high street spent the day carrying ruined stock into skips, and several said they would not reopen until the council had decided whether to build the flood wall promised after last year's floods.</p>
<p>The council's leader said the wall would be discussed at a meeting next month, and that the town would ask the government for emergency funds to help families who had lost everything in the water.</p>
<img src="https://www.facebook.com/tr?id=123&amp;ev=PageView" width="1" height="1" alt="">
<div class="related-stories"><h2>Related stories</h2><ul><li><a href="/a">Flood wall plans delayed again</a></li><li><a href="/b">Farmers count losses after wet winter</a></li><li><a href="/c">How to prepare your home for a flood</a></li></ul></div>
</article>
</main>
<aside class="sidebar"><h3>Most read</h3><ol><li><a href="/1">Story one about something</a></li><li><a href="/2">Story two about another thing</a></li></ol></aside>
<div class="slide-in"><p>Subscribe to our newsletter</p><form><input type="email" name="email"><button>Sign up</button></form></div>
</body></html>"#;

const URL: &str = "https://news.example.com/floods";

const PROMO: &[u32] = &[1, 1, 0, 3];
const PLAYER: &[u32] = &[1, 1, 0, 5];
const PIXEL: &[u32] = &[1, 1, 0, 8];
const RELATED: &[u32] = &[1, 1, 0, 9];
const RELATED_HEADING: &[u32] = &[1, 1, 0, 9, 0];
const RELATED_LIST: &[u32] = &[1, 1, 0, 9, 1];
const SIDEBAR: &[u32] = &[1, 2];
const SLIDE_IN: &[u32] = &[1, 3];

fn engine(rules: &[&str]) -> Engine {
    Engine::new(Options {
        rules: rules.iter().map(|r| json!(r)).collect(),
        ..Options::default()
    })
    .unwrap()
}

fn analyze_at(rules: &[&str], url: Option<&str>) -> Analysis {
    engine(rules).analyze(PAGE, url).unwrap()
}

fn analyze(rules: &[&str]) -> Analysis {
    analyze_at(rules, Some(URL))
}

fn removed(analysis: &Analysis, path: &[u32]) -> bool {
    edit_at(analysis, path).is_some_and(|e| e.action == Action::Remove)
}

/// No edit at or under `path` (an element left whole).
fn untouched(analysis: &Analysis, path: &[u32]) -> bool {
    !analysis
        .report()
        .edits
        .iter()
        .any(|e| e.target.path.starts_with(path))
}

/// The edits as (path, kind, rule), for comparing two plans.
fn shape(analysis: &Analysis) -> Vec<(Vec<u32>, &'static str, String)> {
    analysis
        .report()
        .edits
        .iter()
        .map(|e| (e.target.path.clone(), e.action.kind(), e.rule.clone()))
        .collect()
}

fn matches(analysis: &Analysis) -> Vec<(String, usize)> {
    analysis
        .report()
        .rule_matches
        .iter()
        .map(|RuleMatch { rule, matched }| (rule.clone(), *matched))
        .collect()
}

/// The page as the reader reads it: the rendered page's text, tags dropped.
fn text_of(analysis: &Analysis) -> String {
    common::text_without_tags(&analysis.render())
}

/// Without any rule, the page cleans as the tests below expect: each of them changes one
/// thing from here.
#[test]
fn without_exceptions_the_boilerplate_goes() {
    let a = analyze(&[]);
    assert!(removed(&a, RELATED), "{:#?}", a.report().edits);
    assert!(removed(&a, SIDEBAR));
    assert!(removed(&a, SLIDE_IN));
    assert_eq!(edit_at(&a, PIXEL).unwrap().rule, "tracker.pixel");
    assert_eq!(edit_at(&a, PLAYER).unwrap().action.kind(), "replaceEmbed");
    assert!(untouched(&a, PROMO), "the tables don't know this promotion");
    assert!(a.report().rule_matches.is_empty());
    assert!(a.report().kept_by_exceptions.is_empty());
}

#[test]
fn an_exception_keeps_a_related_block_whole() {
    let base = analyze(&[]);
    let a = analyze(&["news.example.com#@#.related-stories"]);
    assert!(untouched(&a, RELATED), "{:#?}", a.report().edits);
    let text = text_of(&a);
    assert!(text.contains("Related stories"));
    assert!(text.contains("Flood wall plans delayed again"));
    // Everything else is cleaned as before.
    let mut expected = shape(&base);
    expected.retain(|(path, _, _)| !path.starts_with(RELATED));
    assert_eq!(shape(&a), expected);
    assert_eq!(a.report().stats.remove + 1, base.report().stats.remove);
    // The report says what the exception kept, as the edit would have said it.
    let gone = edit_at(&base, RELATED).unwrap();
    assert_eq!(
        a.report().kept_by_exceptions,
        [ExceptionKept {
            exception: "news.example.com#@#.related-stories".into(),
            edits: vec![newslens::KeptEdit {
                rule: gone.rule.clone(),
                reason: gone.reason.clone(),
                text: gone.text.clone(),
            }],
        }]
    );
    assert!(gone.text.starts_with("Related stories"));
    assert_eq!(
        matches(&a),
        [("news.example.com#@#.related-stories".to_string(), 1)]
    );
}

#[test]
fn an_exception_keeps_a_tracker_pixel() {
    let a = analyze(&["example.com#@#img[width=\"1\"]"]);
    assert!(untouched(&a, PIXEL));
    assert!(a.render().contains("https://www.facebook.com/tr?id=123"));
    let kept = &a.report().kept_by_exceptions;
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].edits.len(), 1);
    assert_eq!(kept[0].edits[0].rule, "tracker.pixel");
    assert!(removed(&a, RELATED), "other removals stand");
}

#[test]
fn an_exception_keeps_what_a_reader_rule_removes() {
    let rule = "news.example.com##.river-special";
    let a = analyze(&[rule]);
    let edit = edit_at(&a, PROMO).expect("the rule removes the promotion");
    assert_eq!(edit.action, Action::Remove);
    assert_eq!(edit.rule, "user");
    assert_eq!(edit.reason, format!("your rule: {rule}"));
    assert!(!text_of(&a).contains("Our river towns special"));

    let a = analyze(&[rule, "news.example.com#@#.river-special"]);
    assert!(untouched(&a, PROMO));
    assert!(text_of(&a).contains("Our river towns special"));
    let kept = &a.report().kept_by_exceptions;
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].exception, "news.example.com#@#.river-special");
    assert_eq!(kept[0].edits[0].rule, "user");
    assert_eq!(kept[0].edits[0].reason, format!("your rule: {rule}"));
    assert!(kept[0].edits[0].text.starts_with("Our river towns special"));
    // The rule still matched the element: the options page says so.
    assert_eq!(
        matches(&a),
        [
            (rule.to_string(), 1),
            ("news.example.com#@#.river-special".to_string(), 1)
        ]
    );
}

#[test]
fn an_exception_for_another_site_does_not_apply() {
    let base = analyze(&[]);
    let a = analyze(&["other.org#@#.related-stories", "example.org#@#img"]);
    assert_eq!(shape(&a), shape(&base));
    assert!(removed(&a, RELATED));
    assert!(
        a.report().rule_matches.is_empty(),
        "not listed: not this site's"
    );
    assert!(a.report().kept_by_exceptions.is_empty());
    // Without an address, only exceptions for every site apply.
    let a = analyze_at(&["news.example.com#@#.related-stories", "#@#aside"], None);
    assert!(removed(&a, RELATED));
    assert!(untouched(&a, SIDEBAR));
    assert_eq!(matches(&a), [("#@#aside".to_string(), 1)]);
}

#[test]
fn an_excluded_host_does_not_get_the_exception() {
    let rules = ["example.com,~news.example.com#@#.related-stories"];
    let a = analyze(&rules);
    assert!(removed(&a, RELATED));
    assert!(a.report().kept_by_exceptions.is_empty());
    assert!(a.report().rule_matches.is_empty());
    // The same exception on another subdomain of the site.
    let a = analyze_at(&rules, Some("https://www.example.com/floods"));
    assert!(untouched(&a, RELATED));
    assert_eq!(a.report().kept_by_exceptions.len(), 1);
}

#[test]
fn an_exception_inside_a_removed_block_keeps_the_block() {
    let a = analyze(&["news.example.com#@#.related-stories h2"]);
    // The block stays, and the heading in it; the list beside the heading is still
    // boilerplate, and goes on its own.
    assert!(edit_at(&a, RELATED).is_none(), "{:#?}", a.report().edits);
    assert!(untouched(&a, RELATED_HEADING));
    assert!(removed(&a, RELATED_LIST));
    let text = text_of(&a);
    assert!(text.contains("Related stories"));
    assert!(!text.contains("Flood wall plans delayed again"));
    // What the exception kept is the block's removal (the list's is not: it still happens).
    let kept = &a.report().kept_by_exceptions;
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].edits.len(), 1);
    assert!(kept[0].edits[0].text.starts_with("Related stories"));
    // An exception on something deep in the page keeps every block around it.
    let a = analyze(&["news.example.com#@#.sidebar li:first-child a"]);
    assert!(edit_at(&a, SIDEBAR).is_none());
    assert!(text_of(&a).contains("Story one about something"));
}

#[test]
fn an_exception_that_never_matches_changes_nothing() {
    let base = analyze(&[]);
    let a = analyze(&["news.example.com#@#.no-such-thing", "##.nor-this"]);
    assert_eq!(shape(&a), shape(&base));
    assert!(a.report().kept_by_exceptions.is_empty());
    assert_eq!(
        matches(&a),
        [
            ("news.example.com#@#.no-such-thing".to_string(), 0),
            ("##.nor-this".to_string(), 0)
        ]
    );
    assert!(a.report().warnings.is_empty());
}

#[test]
fn a_malformed_exception_is_reported_and_skipped() {
    let a = analyze(&[
        "news.example.com#@#div[[[",
        "news example.com#@#aside",
        "news.example.com#@#",
        "news.example.com#@#+js(set-constant, ads, false)",
        "news.example.com#@#.related-stories",
    ]);
    let warnings = &a.report().warnings;
    assert_eq!(warnings.len(), 4, "{warnings:?}");
    for (i, w) in warnings.iter().enumerate() {
        assert!(w.starts_with(&format!("rules[{i}] \"news")), "{w}");
        assert!(w.ends_with(", skipped"), "{w}");
    }
    assert!(warnings[0].contains("invalid selector"));
    assert!(warnings[1].contains("\"news example.com\" is not a host name"));
    assert!(warnings[2].contains("the selector is empty"));
    assert!(warnings[3].contains("\"#@#+js\" rules are not supported"));
    // The rest works: the valid exception keeps its block, the sidebar still goes.
    assert!(untouched(&a, RELATED));
    assert!(removed(&a, SIDEBAR));
    assert_eq!(
        matches(&a),
        [("news.example.com#@#.related-stories".to_string(), 1)]
    );
}

#[test]
fn the_report_lists_every_rule_that_applies_and_what_each_exception_kept() {
    let rules = [
        "! my rules",
        "##li",
        "news.example.com#@#h1",
        "example.com#@#.sidebar",
        "other.org##p",
        "#@#.related-stories",
        "example.com#@#.sidebar li",
        "~example.com##p",
    ];
    let a = analyze(&rules);
    assert!(a.report().warnings.is_empty(), "{:?}", a.report().warnings);
    // In the reader's order, only those for this site, with what each matched.
    assert_eq!(
        matches(&a),
        [
            ("##li".to_string(), 5),
            ("news.example.com#@#h1".to_string(), 1),
            ("example.com#@#.sidebar".to_string(), 1),
            ("#@#.related-stories".to_string(), 1),
            ("example.com#@#.sidebar li".to_string(), 2),
        ]
    );
    // The title is never removed anyway, and the sidebar's items lie in the sidebar, whose
    // exception comes first: the exceptions that kept something are the sidebar's (the
    // sidebar itself; the `##li` rule's removals of its items are inside it) and the related
    // block's (the block; the items of its list are inside it).
    let kept = &a.report().kept_by_exceptions;
    let listed: Vec<(&str, Vec<&str>)> = kept
        .iter()
        .map(|k| {
            (
                k.exception.as_str(),
                k.edits.iter().map(|e| e.rule.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("example.com#@#.sidebar", vec!["footer.related"]),
            ("#@#.related-stories", vec!["footer.related"]),
        ]
    );
    // Every `li` of the page lies in a kept element: the `##li` rule removed nothing.
    assert!(!a.report().edits.iter().any(|e| e.rule == "user"));
    assert!(untouched(&a, SIDEBAR));
    assert!(untouched(&a, RELATED));
}

#[test]
fn cards_are_not_removals_and_unsticking_still_applies() {
    // An exception on a player: it still becomes a card.
    let a = analyze(&["news.example.com#@#iframe"]);
    assert_eq!(edit_at(&a, PLAYER).unwrap().action.kind(), "replaceEmbed");
    assert!(a.report().kept_by_exceptions.is_empty());
    // A slide-in the browser shows fixed: removed without an exception; with one, it stays
    // and is made static so that it no longer covers the text.
    let hints = Hints {
        fixed: vec![SLIDE_IN.to_vec()],
    };
    let base = engine(&[])
        .analyze_with_hints(PAGE, Some(URL), &hints)
        .unwrap();
    assert!(removed(&base, SLIDE_IN));
    let a = engine(&["news.example.com#@#.slide-in"])
        .analyze_with_hints(PAGE, Some(URL), &hints)
        .unwrap();
    assert_eq!(edit_at(&a, SLIDE_IN).unwrap().action.kind(), "unstick");
    assert!(text_of(&a).contains("Subscribe to our newsletter"));
    assert_eq!(a.report().kept_by_exceptions[0].edits.len(), 1);
}

#[test]
fn trackers_inside_a_kept_element_still_go() {
    let a = analyze(&["news.example.com#@#article"]);
    // The article is kept whole but for the pixel (which shows nothing).
    assert!(removed(&a, PIXEL));
    assert!(untouched(&a, RELATED));
    assert_eq!(edit_at(&a, PLAYER).unwrap().action.kind(), "replaceEmbed");
}

#[test]
fn with_cleaning_off_no_rule_runs() {
    let mut options = Options {
        rules: vec![json!("##.river-special"), json!("#@#.related-stories")],
        ..Options::default()
    };
    options.clean = false;
    let a = Engine::new(options)
        .unwrap()
        .analyze(PAGE, Some(URL))
        .unwrap();
    assert!(untouched(&a, PROMO));
    assert!(a.report().rule_matches.is_empty());
    assert!(a.report().kept_by_exceptions.is_empty());
}

/// What the extension receives: the report as JSON, camelCase, the new fields always present.
#[test]
fn the_report_json_carries_matches_and_what_was_kept() {
    let engine = Engine::from_json(
        r###"{"rules": ["news.example.com##.river-special", "news.example.com#@#.related-stories", "##.none"]}"###,
    )
    .unwrap();
    let report = serde_json::to_value(engine.analyze(PAGE, Some(URL)).unwrap().report()).unwrap();
    assert_eq!(
        report["ruleMatches"],
        json!([
            {"rule": "news.example.com##.river-special", "matched": 1},
            {"rule": "news.example.com#@#.related-stories", "matched": 1},
            {"rule": "##.none", "matched": 0},
        ])
    );
    let kept = &report["keptByExceptions"];
    assert_eq!(kept.as_array().unwrap().len(), 1);
    assert_eq!(kept[0]["exception"], "news.example.com#@#.related-stories");
    let edit = &kept[0]["edits"][0];
    assert_eq!(edit["rule"], "footer.related");
    assert!(edit["reason"].as_str().is_some_and(|r| !r.is_empty()));
    assert!(edit["text"]
        .as_str()
        .is_some_and(|t| t.starts_with("Related stories")));
    let user_edit = report["edits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["rule"] == "user")
        .unwrap();
    assert_eq!(
        user_edit["reason"],
        "your rule: news.example.com##.river-special"
    );
    // Present, and empty, without rules; and a report reads back without them (older hosts).
    let plain = serde_json::to_value(
        Engine::new(Options::default())
            .unwrap()
            .analyze(PAGE, Some(URL))
            .unwrap()
            .report(),
    )
    .unwrap();
    assert_eq!(plain["ruleMatches"], json!([]));
    assert_eq!(plain["keptByExceptions"], json!([]));
    let mut old = plain.clone();
    let Value::Object(map) = &mut old else {
        unreachable!()
    };
    map.remove("ruleMatches");
    map.remove("keptByExceptions");
    let read: newslens::Report = serde_json::from_value(old).unwrap();
    assert!(read.rule_matches.is_empty() && read.kept_by_exceptions.is_empty());
}

#[test]
fn the_cli_summary_says_what_each_exception_kept() {
    let dir = std::env::temp_dir().join(format!("newslens-exceptions-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join("page.html");
    let options = dir.join("options.json");
    std::fs::write(&page, PAGE).unwrap();
    std::fs::write(
        &options,
        json!({"rules": ["example.com#@#.related-stories", "example.com#@#.sidebar li", "#@#.none"]})
            .to_string(),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_newslens"))
        .args(["clean", page.to_str().unwrap(), "--url", URL, "--summary"])
        .args(["--options", options.to_str().unwrap()])
        .args(["-o", dir.join("out.html").to_str().unwrap()])
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert!(out.status.success());
    let summary = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = summary
        .lines()
        .filter(|l| l.contains("kept by your exception"))
        .collect();
    assert_eq!(
        lines,
        [
            "  kept by your exception example.com#@#.related-stories: 1 element",
            "  kept by your exception example.com#@#.sidebar li: 1 element",
        ],
        "{summary}"
    );
}

//! Bad input: a correct result or a clear error, never a panic or a stack overflow.
//! (The test profile builds with optimisation, so the big pages run in seconds.)
#![cfg(not(target_arch = "wasm32"))] // native: files, processes, threads

use newslens::{render, Engine, Error, Options, Plan};

fn engine() -> Engine {
    Engine::new(Options::default()).unwrap()
}

#[test]
fn empty_input_is_a_clear_error() {
    for input in ["", "   \n\t "] {
        match engine().analyze(input, None) {
            Err(Error::Input(m)) => assert!(m.contains("empty"), "{m}"),
            other => panic!(
                "expected an input error, got {:?}",
                other.map(|a| a.report().clone())
            ),
        }
    }
}

#[test]
fn binary_garbage_is_a_clear_error() {
    let mut state = 0x1234_5678u32;
    let bytes: Vec<u8> = (0..100_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as u8
        })
        .collect();
    let text = newslens::charset::decode(&bytes).text;
    match engine().analyze(&text, None) {
        Err(Error::Input(m)) => assert!(m.contains("binary"), "{m}"),
        Ok(a) => panic!("garbage was accepted: {:?}", a.report().stats),
        Err(e) => panic!("unexpected error {e}"),
    }
}

#[test]
fn fifty_megabyte_page_is_cleaned() {
    let paragraph =
        "<p>Officials said on Tuesday that the new rules, which take effect next year, \
                     would apply to every company that sells software in the region.</p>\n";
    let mut html = String::from("<html><head><title>Big</title></head><body><nav><a href=/>Home</a></nav><article><h1>Big</h1>");
    while html.len() < 50 * 1024 * 1024 {
        html.push_str(paragraph);
    }
    html.push_str("<div class=\"share-bar\">Share on <a href=x>X</a></div></article><footer>© 2026 Example</footer></body></html>");
    let analysis = engine().analyze(&html, None).unwrap();
    let out = analysis.render();
    assert!(
        out.len() > 49 * 1024 * 1024,
        "article text lost: {} bytes",
        out.len()
    );
    assert!(!out.contains("share-bar"), "share bar kept");
    assert!(!out.contains("© 2026 Example"), "footer kept");
}

#[test]
fn hundred_thousand_nested_divs_is_a_clear_error() {
    let html = "<div>".repeat(100_000) + "deep" + &"</div>".repeat(100_000);
    match engine().analyze(&html, None) {
        Err(Error::Input(m)) => assert!(m.contains("nest"), "{m}"),
        other => panic!("expected a nesting error, got ok={}", other.is_ok()),
    }
    // Applying a stored plan to it is refused the same way.
    assert!(matches!(
        render(
            &html,
            &Plan {
                version: 1,
                edits: vec![],
                outline: vec![]
            }
        ),
        Err(Error::Input(_))
    ));
    // Nesting as deep as browsers build it is fine.
    let deep = "<div>".repeat(2000) + "deep";
    assert!(engine()
        .analyze(&deep, None)
        .unwrap()
        .render()
        .contains("deep"));
}

#[test]
fn two_hundred_thousand_siblings() {
    let html = format!(
        "<html><body><article>{}</article></body></html>",
        "<p>One short line of text here.</p>".repeat(200_000)
    );
    let analysis = engine().analyze(&html, None).unwrap();
    assert!(analysis.render().matches("<p>").count() == 200_000);
}

#[test]
fn unclosed_tags_are_handled() {
    let html = "<html><body><article><h1>Title<p>First paragraph of the story, with enough words to count as prose \
                for the engine. <b>bold <i>both</b> italic?<p>Second paragraph, equally unfinished, and \
                still long enough to be prose.<div class=share>Share on <a href=x>Facebook";
    let analysis = engine().analyze(html, None).unwrap();
    let out = analysis.render();
    assert!(out.contains("First paragraph of the story") && out.contains("Second paragraph"));
}

#[test]
fn hostile_attribute_values_stay_inert() {
    let html = r#"<html><body><article><p>A paragraph that is long enough to be the article's text, with a few more words.</p>
        <iframe src="https://www.youtube.com/embed/abc?x=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"></iframe>
        <a href="https://e.org/?utm_source=&quot;&gt;&lt;script&gt;x&lt;/script&gt;&amp;id=1">link</a>
        <div class="x" data-a="<script>alert(2)</script>" onclick="javascript:alert(3)">keep</div>
        </article></body></html>"#;
    let analysis = engine().analyze(html, None).unwrap();
    let out = analysis.render();
    assert!(!out.contains("<script"), "{out}");
    assert!(!out.contains("<img src=x"), "{out}");
    assert!(out.contains("href=\"https://e.org/?id=1\""), "{out}");
    let huge = format!(
        "<html><body><p title=\"{}\">x</p></body></html>",
        "\"'<>&".repeat(200_000)
    );
    assert!(engine().analyze(&huge, None).is_ok());
}

#[test]
fn malformed_options_are_clear_errors_and_bad_entries_are_skipped() {
    for (json, needle) in [
        ("{", "EOF"),
        (r#"{"clean": "yes"}"#, "invalid type"),
        (r#"{"unknownThing": 1}"#, "unknownThing"),
        (r#"{"packs": "tech"}"#, "invalid type"),
        ("[]", "JSON object"),
    ] {
        match Engine::from_json(json) {
            Err(Error::Options(m)) => assert!(m.contains(needle), "{json}: {m}"),
            other => panic!(
                "{json}: expected an options error, got ok={}",
                other.is_ok()
            ),
        }
    }
    let engine = Engine::from_json(
        r#"{"rules": ["example.com##.promo", "bad##[[[", 7], "customGlossary": [{"term": "MoE", "definition": "x"}, {"term": ""}]}"#,
    )
    .unwrap();
    assert_eq!(engine.warnings().len(), 3, "{:?}", engine.warnings());
}

#[test]
fn plans_that_do_not_fit_the_page_are_skipped_not_applied() {
    let html = "<html><body><article><p>Paragraph one of the article, long enough to be prose for sure.</p>\
                <img src=\"https://www.facebook.com/tr?id=1\" width=1 height=1>\
                <iframe src=\"https://player.vimeo.com/video/1\"></iframe></article></body></html>";
    let plan = engine().analyze(html, None).unwrap().plan();
    assert!(!plan.edits.is_empty());
    assert_eq!(render(html, &plan).unwrap().skipped, Vec::<u32>::new());
    // Another page under the same plan: every target fails its fingerprint, nothing changes.
    let changed = html
        .replace("<img", "<span>new</span><img")
        .replace("<iframe", "<p>x</p><iframe");
    let rendered = render(&changed, &plan).unwrap();
    assert_eq!(rendered.skipped.len(), plan.edits.len());
    assert!(
        rendered.html.contains("player.vimeo.com") && rendered.html.contains("facebook.com/tr")
    );
    assert!(Plan::from_json(r#"{"version": 99, "edits": []}"#).is_err());
    assert!(Plan::from_json("not json").is_err());
}

#[test]
fn hostile_terms_and_definitions_reach_the_output_as_text() {
    let evil_def = "\"><img src=x onerror=alert(1)> <script>alert(2)</script> javascript:alert(3)";
    let options = serde_json::json!({
        "customGlossary": [
            {"term": "<script>alert(4)</script>", "definition": evil_def},
            {"term": "Zorblax", "definition": evil_def, "aliases": ["\"><img onerror=alert(5)>"]}
        ]
    });
    let engine = Engine::new(Options::from_value(options).unwrap()).unwrap();
    let html = "<html><body><article>\
        <p>The Zorblax device, made by a firm in Oslo, shipped this week after a long delay and a recall.</p>\
        <p>Its manual literally prints &lt;script&gt;alert(4)&lt;/script&gt; on page two, for reasons unknown.</p>\
        <p>所谓“&lt;script&gt;攻击&lt;/script&gt;”是指&lt;img src=x onerror=alert(6)&gt;这种写法。</p>\
        <p>Reviewers said the device works, although the battery, the screen and the speakers all disappoint.</p>\
        <p>The company, which was founded a decade ago, said it would fix the problems in a software update.</p>\
        <p>Analysts expect sales to recover next year, when a cheaper model arrives in shops across Europe.</p>\
        <p>Shares of the firm rose three percent on Tuesday, their best day since the recall was announced.</p>\
        </article></body></html>";
    let analysis = engine.analyze(html, None).unwrap();
    assert!(
        analysis.report().stats.annotate >= 2,
        "{:?}",
        analysis.report().annotations
    );
    let out = analysis.render();
    let doc = scraper::Html::parse_document(&out);
    let count = |sel: &str| doc.select(&scraper::Selector::parse(sel).unwrap()).count();
    assert_eq!(count("script"), 0, "{out}");
    assert_eq!(count("img"), 0, "{out}");
    assert_eq!(count("[onerror]"), 0, "{out}");
    assert_eq!(count("a[href^=javascript]"), 0, "{out}");
    for span in doc.select(&scraper::Selector::parse("span.newslens-term").unwrap()) {
        let title = span.value().attr("title").unwrap();
        assert!(
            title == evil_def || title.contains("<img src=x onerror=alert(6)>"),
            "{title}"
        );
    }
    // The same through a stored plan applied by `render`.
    let rendered = render(html, &analysis.plan()).unwrap();
    assert!(rendered.skipped.is_empty());
    assert_eq!(rendered.html, out);
}

#[test]
fn pathological_paragraphs_for_the_definition_miner() {
    // Megabyte-long paragraphs full of the miner's markers and no sentence end.
    for unit in [
        "所谓甲是指乙",
        "专家张三说",
        "一家公司“某某”",
        "甲骨文(Oracle)",
        "Jane Doe, a b c, ",
        "X (XY) ",
        "X refers to y ",
    ] {
        let html = format!(
            "<html><body><article><p>{}</p></article></body></html>",
            unit.repeat(1_000_000 / unit.len())
        );
        let analysis = engine().analyze(&html, None).unwrap();
        assert!(analysis.render().len() >= 1_000_000 - unit.len());
    }
}

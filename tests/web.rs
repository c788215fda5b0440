//! The engine compiled to WebAssembly, in real browsers (`wasm-pack test --headless --chrome
//! --firefox`): the exported API as JS calls it, options errors as JS `Error`s, and hostile
//! input within the browser's ~1 MB stack.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Reflect};
use newslens::wasm::{render_plan, WasmEngine};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SAMPLE: &str = include_str!("../data/samples/en-climate.html");

fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |v, key| {
        Reflect::get(&v, &key.into()).unwrap()
    })
}

/// The message of a thrown JS `Error`.
fn message(err: JsValue) -> String {
    err.dyn_into::<js_sys::Error>()
        .unwrap()
        .message()
        .as_string()
        .unwrap()
}

fn len(value: &JsValue) -> u32 {
    value
        .clone()
        .dyn_into::<Array>()
        .map(|a| a.length())
        .unwrap_or(0)
}

#[wasm_bindgen_test]
fn analyze_returns_plan_and_report_objects() {
    let engine = WasmEngine::new(JsValue::UNDEFINED, None).unwrap();
    let out = engine
        .analyze(
            SAMPLE,
            Some("https://news.example.com/a".into()),
            JsValue::UNDEFINED,
        )
        .unwrap();
    let report = get(&out, "report");
    assert_eq!(get(&report, "version").as_f64(), Some(1.0));
    assert_eq!(get(&report, "stats.replaceEmbed").as_f64(), Some(1.0));
    assert!(get(&report, "stats.remove").as_f64().unwrap() >= 5.0);
    assert!(
        get(&report, "stats.elapsedMs").as_f64().unwrap() > 0.0,
        "timed by the binding"
    );
    assert_eq!(len(&get(&report, "outline")), 3);
    assert!(len(&get(&report, "annotations")) >= 3);
    let edits = get(&out, "plan.edits");
    assert_eq!(len(&edits), len(&get(&report, "edits")));
    let first = Reflect::get(&edits, &0.into()).unwrap();
    assert!(get(&first, "kind").as_string().is_some());
    assert!(get(&first, "target.fingerprint.textHash")
        .as_f64()
        .is_some());
}

#[wasm_bindgen_test]
fn a_stored_plan_applies_to_the_same_page() {
    let engine = WasmEngine::new(JsValue::UNDEFINED, None).unwrap();
    let out = engine.analyze(SAMPLE, None, JsValue::UNDEFINED).unwrap();
    let rendered = render_plan(SAMPLE, get(&out, "plan")).unwrap();
    assert_eq!(len(&get(&rendered, "skipped")), 0);
    assert_eq!(
        get(&rendered, "html").as_string().unwrap(),
        engine.clean(SAMPLE, None).unwrap()
    );
}

#[wasm_bindgen_test]
fn options_are_validated_with_clear_errors() {
    let options = js_sys::JSON::parse(r#"{"embeds": "yes"}"#).unwrap();
    let Err(err) = WasmEngine::new(options, None) else {
        panic!("wrong type accepted");
    };
    let message = message(err);
    assert!(message.contains("embeds"), "{message}");
    let options = js_sys::JSON::parse(
        r###"{"rules": ["example.com##[[[", "##.promo"], "glossary": false}"###,
    )
    .unwrap();
    let engine = WasmEngine::new(options, None).unwrap();
    assert_eq!(engine.warnings().len(), 1);
    let out = engine.analyze(SAMPLE, None, JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&out, "report.stats.annotate").as_f64(), Some(0.0));
}

/// The `source` of every annotation in a report.
fn annotation_sources(engine: &WasmEngine) -> Vec<String> {
    let out = engine.analyze(SAMPLE, None, JsValue::UNDEFINED).unwrap();
    get(&out, "report.annotations")
        .dyn_into::<Array>()
        .unwrap()
        .iter()
        .map(|a| get(&a, "source").as_string().unwrap())
        .collect()
}

#[wasm_bindgen_test]
fn packs_handed_over_as_text_are_the_glossary() {
    // The release module carries no packs: the extension passes the enabled ones as text.
    const SCIENCE: &str = include_str!("../data/glossary/science.json");
    let from_pack = |sources: &[String]| sources.iter().filter(|s| s.starts_with("pack:")).count();
    let bundled = WasmEngine::new(JsValue::UNDEFINED, None).unwrap();
    assert!(from_pack(&annotation_sources(&bundled)) > 0);
    let none = WasmEngine::new(JsValue::UNDEFINED, Some(vec![])).unwrap();
    assert_eq!(from_pack(&annotation_sources(&none)), 0);
    let science = WasmEngine::new(JsValue::UNDEFINED, Some(vec![SCIENCE.into()])).unwrap();
    let sources = annotation_sources(&science);
    assert!(from_pack(&sources) > 0, "{sources:?}");
    assert!(sources
        .iter()
        .all(|s| s == "pack:science" || !s.starts_with("pack:")));
    // A broken pack and a pack the options name but nobody gave: warnings, not failures.
    let options = js_sys::JSON::parse(r#"{"packs": ["science", "economy"]}"#).unwrap();
    let engine =
        WasmEngine::new(options, Some(vec!["{\"name\": 1".into(), SCIENCE.into()])).unwrap();
    let warnings = engine.warnings().join("\n");
    assert!(warnings.contains("packs[0]: not a term pack"), "{warnings}");
    assert!(
        warnings.contains("unknown pack \"economy\" (known: science)"),
        "{warnings}"
    );
    assert!(from_pack(&annotation_sources(&engine)) > 0);
}

#[wasm_bindgen_test]
fn hostile_input_is_an_error_or_a_result_never_a_trap() {
    let engine = WasmEngine::new(JsValue::UNDEFINED, None).unwrap();
    // As deep as browsers build trees, inside the ~1 MB wasm stack.
    let deep = "<div>".repeat(4000) + "deep text";
    assert!(engine.clean(&deep, None).unwrap().contains("deep text"));
    // Deeper: a clear error.
    let deeper = "<div>".repeat(100_000) + "x";
    let err = engine
        .analyze(&deeper, None, JsValue::UNDEFINED)
        .expect_err("refused");
    let message = message(err);
    assert!(message.contains("nest"), "{message}");
    for input in ["", "\u{0}\u{1}\u{2}\u{3}".repeat(1000).as_str()] {
        assert!(engine.analyze(input, None, JsValue::UNDEFINED).is_err());
    }
    let siblings = format!(
        "<article>{}</article>",
        "<p>One short line of text here.</p>".repeat(50_000)
    );
    assert!(engine.clean(&siblings, None).is_ok());
    // The engine still works after errors.
    assert!(engine.analyze(SAMPLE, None, JsValue::UNDEFINED).is_ok());
}

// The extension's applier (extension/common/applier.js), on documents built in the browser.

#[wasm_bindgen::prelude::wasm_bindgen(module = "/extension/common/applier.js")]
extern "C" {
    #[wasm_bindgen(js_name = applyPlan)]
    fn apply_plan(doc: &web_sys::Document, plan: &JsValue, hooks: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = pathOf)]
    fn path_of(el: &web_sys::Element) -> JsValue;
}

fn parse(html: &str) -> web_sys::Document {
    web_sys::DomParser::new()
        .unwrap()
        .parse_from_string(html, web_sys::SupportedType::TextHtml)
        .unwrap()
}

fn outer_html(doc: &web_sys::Document) -> String {
    doc.document_element().unwrap().outer_html()
}

/// Asserts two serialisations are equal, showing where they first differ (not all of both).
fn assert_same_html(got: &str, want: &str, what: &str) {
    if got != want {
        let at = got
            .char_indices()
            .zip(want.chars())
            .find(|((_, a), b)| a != b)
            .map_or(got.len().min(want.len()), |((i, _), _)| i);
        let from = got[..at].char_indices().rev().nth(80).map_or(0, |(i, _)| i);
        panic!(
            "{what}: first difference at byte {at}\n got: {}\nwant: {}",
            got[from..].chars().take(200).collect::<String>(),
            want[from..].chars().take(200).collect::<String>()
        );
    }
}

fn all_elements(doc: &web_sys::Document) -> Vec<web_sys::Node> {
    let list = doc.query_selector_all("*").unwrap();
    (0..list.length()).map(|i| list.get(i).unwrap()).collect()
}

/// Calls `session.method(args…)`.
fn call(session: &JsValue, method: &str, args: &[JsValue]) -> JsValue {
    let f: js_sys::Function = get(session, method).dyn_into().unwrap();
    f.apply(session, &args.iter().collect::<Array>()).unwrap()
}

/// Visible text of a document without white space, embed cards left out (their look is the
/// host's business), for comparing the applier with `render()`.
fn text_without_cards(doc: &web_sys::Document) -> String {
    let cards = doc.query_selector_all(".newslens-embed").unwrap();
    for i in 0..cards.length() {
        let card: web_sys::Element = cards.get(i).unwrap().dyn_into().unwrap();
        card.remove();
    }
    for tag in ["script", "style", "noscript", "template"] {
        let list = doc.query_selector_all(tag).unwrap();
        for i in 0..list.length() {
            let el: web_sys::Element = list.get(i).unwrap().dyn_into().unwrap();
            el.remove();
        }
    }
    doc.body()
        .and_then(|b| b.text_content())
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

const SAMPLES: [&str; 3] = [
    include_str!("../data/samples/en-climate.html"),
    include_str!("../data/samples/en-markets.html"),
    // The Chinese sample is stored in GBK; the browser test uses a UTF-8 page of its own.
    r#"<html><head><title>芯片出口管制 - 示例新闻</title></head><body>
    <header><nav><a href="/">首页</a> <a href="/tech">科技</a></nav></header>
    <article><h1>芯片出口管制再升级</h1>
    <p>所谓“模型蒸馏”是指用一个大模型的输出训练一个较小的模型，使小模型在特定任务上接近大模型的表现。</p>
    <p><b>市场反应</b></p>
    <p>甲骨文(Oracle)和其他云服务商表示，人工智能芯片的供应仍然紧张，价格在过去一年里上涨了两成以上。</p>
    <iframe src="https://www.youtube.com/embed/mx0ovCyPbfU?autoplay=1" title="新闻视频"></iframe>
    <p><b>业内观点</b></p>
    <p>分析人士认为，算力成本的下降将使更多公司有能力训练自己的大语言模型。<a href="https://e.org/a?utm_source=feed&amp;id=7">详情</a></p>
    <div class="share-bar">分享到：微信 微博 QQ</div>
    <p>获取更多RSS：<a href="https://feedx.example/rss">feedx</a></p>
    </article>
    <aside class="related"><h3>相关阅读</h3><ul><li><a href="/1">一</a></li><li><a href="/2">二</a></li></ul></aside>
    <img src="https://www.facebook.com/tr?id=1&amp;ev=PageView" width="1" height="1">
    </body></html>"#,
];

#[wasm_bindgen_test]
fn the_applier_gives_the_same_text_as_render_and_undo_gives_back_the_same_nodes() {
    let engine = WasmEngine::new(JsValue::UNDEFINED, None).unwrap();
    for sample in SAMPLES {
        let doc = parse(sample);
        let original = outer_html(&doc);
        let nodes = all_elements(&doc);
        // As the extension does: the plan is made from the live document's serialisation.
        let out = engine
            .analyze(
                &original,
                Some("https://news.example.com/a".into()),
                JsValue::UNDEFINED,
            )
            .unwrap();
        let plan = get(&out, "plan");
        let edits = len(&get(&plan, "edits"));
        assert!(edits >= 5, "a real plan: {edits} edits");
        // A listener on an element the clean removes must survive the round trip.
        let first_removed = (0..edits)
            .map(|i| Reflect::get(&get(&plan, "edits"), &i.into()).unwrap())
            .find(|e| get(e, "kind").as_string().as_deref() == Some("remove"))
            .expect("a removal");
        let path: Vec<u32> = get(&first_removed, "target.path")
            .dyn_into::<Array>()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap() as u32)
            .collect();
        let mut target = doc.document_element().unwrap();
        for step in path {
            target = target.children().item(step).unwrap();
        }
        let clicks = std::rc::Rc::new(std::cell::Cell::new(0));
        let counter = clicks.clone();
        let listener = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
            counter.set(counter.get() + 1)
        });
        target
            .add_event_listener_with_callback("click", listener.as_ref().unchecked_ref())
            .unwrap();

        let session = apply_plan(&doc, &plan, &JsValue::UNDEFINED);
        let skipped = get(&session, "skipped");
        assert_eq!(
            len(&skipped),
            0,
            "nothing skipped: {}",
            js_sys::JSON::stringify(&skipped).unwrap()
        );
        assert_eq!(get(&session, "applied").as_f64(), Some(edits as f64));
        assert!(!doc.contains(Some(&target)), "the removed element is out");
        // Same text as the engine's own HTML applier on the same plan.
        let rendered = render_plan(&original, plan.clone()).unwrap();
        let rendered = parse(&get(&rendered, "html").as_string().unwrap());
        let live = parse(&outer_html(&doc));
        assert_eq!(text_without_cards(&live), text_without_cards(&rendered));

        call(&session, "undo", &[]);
        assert_same_html(
            &outer_html(&doc),
            &original,
            "undo gives back the page exactly",
        );
        let after = all_elements(&doc);
        assert_eq!(after.len(), nodes.len());
        assert!(
            nodes
                .iter()
                .zip(&after)
                .all(|(a, b)| a.is_same_node(Some(b))),
            "the original node objects, not copies"
        );
        target
            .dispatch_event(&web_sys::Event::new("click").unwrap())
            .unwrap();
        assert_eq!(clicks.get(), 1, "the listener survived");
    }
}

#[wasm_bindgen_test]
fn the_applier_skips_what_changed_and_restores_one_edit_at_a_time() {
    let engine = WasmEngine::new(JsValue::UNDEFINED, None).unwrap();
    let doc = parse(SAMPLES[2]);
    let original = outer_html(&doc);
    let plan = get(
        &engine.analyze(&original, None, JsValue::UNDEFINED).unwrap(),
        "plan",
    );
    // The page changes under the plan: the share bar's text is edited.
    let share = doc.query_selector(".share-bar").unwrap().unwrap();
    share.set_text_content(Some("分享到：微信"));
    let changed = outer_html(&doc);
    let session = apply_plan(&doc, &plan, &JsValue::UNDEFINED);
    let skipped = get(&session, "skipped");
    assert_eq!(len(&skipped), 1, "only the changed target is skipped");
    let reason = get(&Reflect::get(&skipped, &0.into()).unwrap(), "reason");
    assert_eq!(reason.as_string().as_deref(), Some("text changed"));
    assert!(doc.contains(Some(&share)), "and left alone");

    // The card plays: the player comes back, the rest stays cleaned.
    let card = doc.query_selector(".newslens-embed").unwrap().unwrap();
    assert!(doc.query_selector("iframe").unwrap().is_none());
    card.dispatch_event(&web_sys::Event::new("click").unwrap())
        .unwrap();
    assert!(doc.query_selector("iframe").unwrap().is_some());
    assert!(doc.query_selector(".newslens-embed").unwrap().is_none());
    assert!(
        doc.query_selector("aside").unwrap().is_none(),
        "still cleaned"
    );

    // Restore one removal by id.
    let edits = get(&plan, "edits");
    let aside_edit = (0..len(&edits))
        .map(|i| Reflect::get(&edits, &i.into()).unwrap())
        .find(|e| get(e, "target.fingerprint.tag").as_string().as_deref() == Some("aside"))
        .expect("the related list is removed");
    let restored = call(&session, "restore", &[get(&aside_edit, "id")]);
    assert_eq!(restored.as_bool(), Some(true));
    assert!(doc.query_selector("aside").unwrap().is_some());
    assert_eq!(
        call(&session, "restore", &[get(&aside_edit, "id")]).as_bool(),
        Some(false)
    );

    call(&session, "undo", &[]);
    assert_same_html(
        &outer_html(&doc),
        &changed,
        "undo gives back the page as it was",
    );
}

// Hostile input and options in the browser (issue 6): what the tests above do not cover.
// Each test is a few seconds at most.

const PROSE: &str =
    "<p>Officials said on Tuesday that the new rules, which take effect next year, \
                     would apply to every company that sells software in the region.</p>";

#[wasm_bindgen_test]
fn two_hundred_thousand_siblings_in_wasm() {
    let engine = WasmEngine::new(JsValue::UNDEFINED, None).unwrap();
    let html = format!(
        "<html><body><article>{}</article></body></html>",
        "<p>One short line of text here.</p>".repeat(200_000)
    );
    let out = engine.clean(&html, None).unwrap();
    assert_eq!(out.matches("<p>").count(), 200_000);
}

#[wasm_bindgen_test]
fn twenty_megabytes_of_text_without_tags_in_wasm() {
    let engine = WasmEngine::new(JsValue::UNDEFINED, None).unwrap();
    let unit = "Officials said the rules, which take effect next year, would apply to every firm. ";
    let text = unit.repeat(20 * 1024 * 1024 / unit.len());
    let out = engine.clean(&text, None).unwrap();
    assert!(
        out.len() >= text.len(),
        "text lost: {} of {}",
        out.len(),
        text.len()
    );
    assert!(out.contains(&unit.repeat(100)));
}

#[wasm_bindgen_test]
fn megabyte_attribute_values_in_wasm() {
    let engine = WasmEngine::new(JsValue::UNDEFINED, None).unwrap();
    let mb = 1024 * 1024;
    let article = PROSE.repeat(6);
    let href = format!(
        "https://e.org/a?{}id=1",
        "utm_source=x&amp;".repeat(mb / 17)
    );
    let src = format!(
        "https://www.youtube.com/embed/mx0ovCyPbfU?x={}",
        "a".repeat(mb)
    );
    let title = "\"'<>&".repeat(mb / 5);
    let html = format!(
        "<html><body><article class=\"{}\">{article}<a href=\"{href}\">link</a>\
         <iframe src=\"{src}\" title=\"{title}\"></iframe><p {}=\"x\">name</p></article></body></html>",
        "share related cookie ".repeat(mb / 21),
        "a".repeat(mb)
    );
    let out = engine.analyze(&html, None, JsValue::UNDEFINED).unwrap();
    let rendered = render_plan(&html, get(&out, "plan")).unwrap();
    assert_eq!(len(&get(&rendered, "skipped")), 0);
    let cleaned = get(&rendered, "html").as_string().unwrap();
    assert_eq!(cleaned, engine.clean(&html, None).unwrap());
    assert!(cleaned.contains("href=\"https://e.org/a?id=1\""));
    assert!(!cleaned.contains("<iframe") && cleaned.contains("watch?v=mx0ovCyPbfU"));
    assert!(cleaned.contains("would apply to every company"));
}

#[wasm_bindgen_test]
fn deep_nesting_of_other_kinds_in_wasm() {
    let engine = WasmEngine::new(JsValue::UNDEFINED, None).unwrap();
    for (what, html) in [
        ("b", "<b>".repeat(100_000) + "x"),
        ("table", "<table><tr><td>".repeat(100_000) + "x"),
        (
            "span closed",
            "<span>".repeat(100_000) + "x" + &"</span>".repeat(100_000),
        ),
        ("svg g", "<svg>".to_string() + &"<g>".repeat(100_000) + "x"),
    ] {
        let message = message(
            engine
                .analyze(&html, None, JsValue::UNDEFINED)
                .expect_err(what),
        );
        assert!(message.contains("nest"), "{what}: {message}");
    }
    // Deeper than the limit, in forms the pre-scan once missed (see tests/hostile.rs,
    // nesting_the_pre_scan_misses_is_refused_too): a clear error or a result, never a trap
    // within the ~1 MB stack.
    for (what, html) in [
        ("div/", "<div/>".repeat(8000) + "deep text"),
        (
            "svg title",
            "<svg><title>".to_string() + &"<div>".repeat(8000) + "deep text</title></svg>",
        ),
    ] {
        match engine.clean(&html, None) {
            Ok(out) => assert!(out.contains("deep text"), "{what}"),
            Err(err) => assert!(message(err).contains("nest"), "{what}"),
        }
    }
    assert!(engine.analyze(SAMPLE, None, JsValue::UNDEFINED).is_ok());
}

#[wasm_bindgen_test]
fn lone_surrogates_from_js_are_replaced_not_trapped() {
    // What `engine.analyze(html)` receives when JS passes a string with lone surrogates:
    // wasm-bindgen's UTF-16 to UTF-8 copy, as here.
    let engine = WasmEngine::new(JsValue::UNDEFINED, None).unwrap();
    let mut units: Vec<u16> = "<html><body><article>".encode_utf16().collect();
    units.extend(PROSE.repeat(3).encode_utf16());
    units.extend([0xD800, 0x41, 0xDFFF, 0xDC00, 0xD83D]);
    units.extend("</article></body></html>".encode_utf16());
    let html = js_sys::JsString::from_char_code(&units)
        .as_string()
        .unwrap();
    assert!(html.contains('\u{fffd}'));
    let out = engine.clean(&html, None).unwrap();
    assert!(out.contains("would apply to every company") && out.contains('\u{fffd}'));
    // Nothing but lone surrogates: refused as binary, clearly.
    let garbage = js_sys::JsString::from_char_code(&[0xDC00; 10_000])
        .as_string()
        .unwrap();
    let message = message(
        engine
            .analyze(&garbage, None, JsValue::UNDEFINED)
            .expect_err("binary"),
    );
    assert!(message.contains("binary"), "{message}");
}

#[wasm_bindgen_test]
fn fifty_thousand_overlapping_terms_in_wasm() {
    let words = [
        "market", "rate", "cut", "central", "bank", "AI", "model", "U.S.",
    ];
    let cjk = ["模型", "蒸馏", "人工", "智能", "芯片", "出口"];
    let entries: Vec<String> = (0..50_000usize)
        .map(|i| {
            let term = match i % 5 {
                0 => format!("term{i}"),
                1 => words
                    .iter()
                    .cycle()
                    .skip(i % words.len())
                    .take(1 + i % 3)
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" "),
                2 => cjk.iter().cycle().skip(i % cjk.len()).take(1 + i % 3).copied().collect(),
                3 => cjk[i % cjk.len()].chars().next().unwrap().to_string(),
                _ => ["Market", "MARKET", "ai"][i % 3].to_string(),
            };
            format!(
                r#"{{"term": "{term}", "definition": "d{i} <b>&amp;</b>", "aliases": ["rate", "模型蒸馏"]}}"#
            )
        })
        .collect();
    let options =
        js_sys::JSON::parse(&format!(r#"{{"customGlossary": [{}]}}"#, entries.join(","))).unwrap();
    let engine = WasmEngine::new(options, None).unwrap();
    assert_eq!(engine.warnings().len(), 0);
    let html = format!(
        "<html><body><article><h1>Rates</h1>{}</article></body></html>",
        "<p>The central bank said the market rate cut would help the U.S. economy, while AI \
          model makers and 模型蒸馏、人工智能芯片出口都被提及 in the report.</p>"
            .repeat(8)
    );
    let out = engine.analyze(&html, None, JsValue::UNDEFINED).unwrap();
    assert!(get(&out, "report.stats.annotate").as_f64().unwrap() >= 3.0);
    let rendered = render_plan(&html, get(&out, "plan")).unwrap();
    assert_eq!(len(&get(&rendered, "skipped")), 0);
    let cleaned = get(&rendered, "html").as_string().unwrap();
    assert!(
        !cleaned.contains("<b>&amp;</b>"),
        "a definition became markup"
    );
}

#[wasm_bindgen_test]
fn every_options_field_with_a_wrong_type_in_wasm() {
    for (field, values) in [
        ("clean", &[r#""yes""#, "1", "null", "[]"][..]),
        ("embeds", &["0", "{}"]),
        ("glossary", &["null", "1.5"]),
        ("outline", &[r#""true""#]),
        ("packs", &[r#""tech""#, "[1]", "{}"]),
        ("customGlossary", &["{}", r#""x""#, "null"]),
        ("rules", &[r###""##.promo""###, "{}"]),
    ] {
        for value in values {
            let json = format!(r#"{{"clean": true, "{field}": {value}}}"#);
            let Err(err) = WasmEngine::new(js_sys::JSON::parse(&json).unwrap(), None) else {
                panic!("{json} accepted");
            };
            let message = message(err);
            assert!(
                message.contains(&format!("\"{field}\"")),
                "{json}: {message}"
            );
        }
    }
    for json in ["1", "\"clean\"", "true", "[]"] {
        let Err(err) = WasmEngine::new(js_sys::JSON::parse(json).unwrap(), None) else {
            panic!("{json} accepted");
        };
        assert!(message(err).contains("JSON object"), "{json}");
    }
    // Objects JSON cannot write: a BigInt, a cycle.
    let big = js_sys::Object::new();
    Reflect::set(&big, &"clean".into(), &js_sys::BigInt::from(1u64).into()).unwrap();
    let cyclic = js_sys::Object::new();
    Reflect::set(&cyclic, &"self".into(), &cyclic).unwrap();
    for options in [big, cyclic] {
        let Err(err) = WasmEngine::new(options.into(), None) else {
            panic!("accepted");
        };
        assert!(message(err).contains("JSON"));
    }
    // Rules nested past what the selector parser accepts: warnings, not a trap.
    let rule = format!("##{}p{}", ":is(".repeat(399), ")".repeat(399));
    let options = js_sys::JSON::parse(&serde_json::json!({ "rules": [rule] }).to_string()).unwrap();
    let engine = WasmEngine::new(options, None).unwrap();
    assert_eq!(engine.warnings().len(), 1);
    assert!(engine.analyze(SAMPLE, None, JsValue::UNDEFINED).is_ok());
}

/// Found by the hardening tests: `JSON.stringify` returns `undefined` (not a string, not an
/// exception) for a function, a symbol, or an object whose `toJSON` returns `undefined`; the
/// constructor must say so clearly, not throw an internal unwrap message.
#[wasm_bindgen_test]
fn options_json_cannot_write_are_a_clear_error() {
    let to_json = js_sys::Object::new();
    Reflect::set(
        &to_json,
        &"toJSON".into(),
        &js_sys::Function::new_no_args("return undefined"),
    )
    .unwrap();
    for options in [
        JsValue::from(js_sys::Function::new_no_args("return 1")),
        JsValue::from(js_sys::Symbol::for_("options")),
        to_json.into(),
    ] {
        let Err(err) = WasmEngine::new(options, None) else {
            panic!("accepted");
        };
        let message = message(err);
        assert!(message.contains("options"), "{message}");
    }
}

// Live-page hints (issue 11, item 4): the elements the browser shows as fixed or sticky, handed
// to `analyze` by the content script; the applier's `unstick` and its undo.

/// A page with a sticky masthead, a floating player in the article and a slide-in.
const STICKY_PAGE: &str = r#"<!DOCTYPE html><html><head><title>Rates - Example News</title></head><body>
<header class="site-header"><a class="logo" href="/">Example News</a><nav><a href="/world">World</a> <a href="/business">Business</a> <a href="/tech">Technology</a></nav></header>
<main><article><h1>Central bank holds rates steady as inflation cools</h1>
<div class="floating-video" style="z-index: 99"><iframe src="https://video.example.org/player/embed/1?autoplay=1" title="The press conference"></iframe></div>
<p>The central bank left its main interest rate unchanged on Tuesday, saying that inflation had cooled faster than it expected over the winter but that the labour market remained tight.</p>
<p>Officials said they would watch wages closely in the coming months before deciding whether to cut rates, a move that markets had priced in for the summer after a run of weaker data.</p>
<p>Analysts said the decision was widely expected and that the bank's statement left the door open to a cut in June if prices kept slowing at the pace of the last three months.</p>
</article></main>
<div class="slide-in"><p>Subscribe to our newsletter</p><form><input type="email" name="email"><button>Sign up</button></form></div>
</body></html>"#;

fn js(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

#[wasm_bindgen_test]
fn hints_cross_from_js_and_malformed_ones_are_ignored_with_a_warning() {
    let engine = WasmEngine::new(JsValue::UNDEFINED, None).unwrap();
    let unstuck = |hints: JsValue| {
        let out = engine.analyze(STICKY_PAGE, None, hints).unwrap();
        let warnings: Vec<String> = get(&out, "report.warnings")
            .dyn_into::<Array>()
            .unwrap()
            .iter()
            .map(|w| w.as_string().unwrap())
            .collect();
        (
            get(&out, "report.stats.unstick").as_f64().unwrap(),
            warnings,
        )
    };
    assert_eq!(unstuck(JsValue::UNDEFINED), (0.0, vec![]));
    assert_eq!(unstuck(JsValue::NULL), (0.0, vec![]));
    assert_eq!(
        unstuck(js(r#"{"fixed": [[1, 0], [1, 1, 0, 1]]}"#)),
        (2.0, vec![])
    );
    // Paths that lead nowhere, and keys the engine does not know: ignored quietly.
    assert_eq!(
        unstuck(js(
            r#"{"fixed": [[], [7], [1, 0, 9, 9], [0]], "later": true}"#
        )),
        (0.0, vec![])
    );
    for bad in [
        r#"{"fixed": "[[1, 0]]"}"#,
        r#"{"fixed": [[-1]]}"#,
        r#"{"fixed": [[1.5]]}"#,
        r#"{"fixed": [[1, null]]}"#,
        "42",
        r#""fixed""#,
        "[[1, 0]]",
    ] {
        let (count, warnings) = unstuck(js(bad));
        assert_eq!(count, 0.0, "{bad}");
        assert!(
            warnings.len() == 1 && warnings[0].starts_with("hints ignored"),
            "{bad}: {warnings:?}"
        );
    }
}

#[wasm_bindgen_test]
fn the_applier_unsticks_in_place_and_undo_gives_back_the_style_exactly() {
    let engine = WasmEngine::new(JsValue::UNDEFINED, None).unwrap();
    let doc = parse(STICKY_PAGE);
    let original = outer_html(&doc);
    let header = doc.query_selector(".site-header").unwrap().unwrap();
    let floating = doc.query_selector(".floating-video").unwrap().unwrap();
    let slide_in = doc.query_selector(".slide-in").unwrap().unwrap();
    // The content script's paths are the engine's.
    let paths: Array = [&header, &floating, &slide_in]
        .into_iter()
        .map(path_of)
        .collect();
    assert_eq!(
        js_sys::JSON::stringify(&paths)
            .unwrap()
            .as_string()
            .unwrap(),
        "[[1,0],[1,1,0,1],[1,2]]"
    );
    let hints = js_sys::Object::new();
    Reflect::set(&hints, &"fixed".into(), &paths).unwrap();
    let out = engine.analyze(&original, None, hints.into()).unwrap();
    let plan = get(&out, "plan");
    assert_eq!(get(&out, "report.stats.unstick").as_f64(), Some(2.0));

    let session = apply_plan(&doc, &plan, &JsValue::UNDEFINED);
    assert_eq!(len(&get(&session, "skipped")), 0);
    assert_eq!(
        header.get_attribute("style").as_deref(),
        Some("position: static !important")
    );
    assert_eq!(
        floating.get_attribute("style").as_deref(),
        Some("z-index: 99; position: static !important")
    );
    assert!(
        doc.query_selector("iframe").unwrap().is_none(),
        "the player is a card"
    );
    assert!(!doc.contains(Some(&slide_in)), "the slide-in is gone");
    // Same page as the engine's own HTML applier, styles included.
    let rendered = render_plan(&original, plan.clone()).unwrap();
    let rendered = parse(&get(&rendered, "html").as_string().unwrap());
    for selector in [".site-header", ".floating-video"] {
        assert_eq!(
            rendered
                .query_selector(selector)
                .unwrap()
                .unwrap()
                .get_attribute("style"),
            doc.query_selector(selector)
                .unwrap()
                .unwrap()
                .get_attribute("style"),
            "{selector}"
        );
    }
    assert_eq!(
        text_without_cards(&parse(&outer_html(&doc))),
        text_without_cards(&rendered)
    );

    // Restoring the header alone gives back its attributes as they were (no style at all).
    let edits = get(&plan, "edits");
    let header_edit = (0..len(&edits))
        .map(|i| Reflect::get(&edits, &i.into()).unwrap())
        .find(|e| get(e, "kind").as_string().as_deref() == Some("unstick"))
        .unwrap();
    assert_eq!(
        call(&session, "restore", &[get(&header_edit, "id")]).as_bool(),
        Some(true)
    );
    assert!(!header.has_attribute("style"));
    call(&session, "undo", &[]);
    assert_same_html(
        &outer_html(&doc),
        &original,
        "undo gives back the page exactly",
    );
}

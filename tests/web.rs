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
    let engine = WasmEngine::new(JsValue::UNDEFINED).unwrap();
    let out = engine
        .analyze(SAMPLE, Some("https://news.example.com/a".into()))
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
    let engine = WasmEngine::new(JsValue::UNDEFINED).unwrap();
    let out = engine.analyze(SAMPLE, None).unwrap();
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
    let Err(err) = WasmEngine::new(options) else {
        panic!("wrong type accepted");
    };
    let message = message(err);
    assert!(message.contains("embeds"), "{message}");
    let options = js_sys::JSON::parse(
        r###"{"rules": ["example.com##[[[", "##.promo"], "glossary": false}"###,
    )
    .unwrap();
    let engine = WasmEngine::new(options).unwrap();
    assert_eq!(engine.warnings().len(), 1);
    let out = engine.analyze(SAMPLE, None).unwrap();
    assert_eq!(get(&out, "report.stats.annotate").as_f64(), Some(0.0));
}

#[wasm_bindgen_test]
fn hostile_input_is_an_error_or_a_result_never_a_trap() {
    let engine = WasmEngine::new(JsValue::UNDEFINED).unwrap();
    // As deep as browsers build trees, inside the ~1 MB wasm stack.
    let deep = "<div>".repeat(4000) + "deep text";
    assert!(engine.clean(&deep, None).unwrap().contains("deep text"));
    // Deeper: a clear error.
    let deeper = "<div>".repeat(100_000) + "x";
    let err = engine.analyze(&deeper, None).expect_err("refused");
    let message = message(err);
    assert!(message.contains("nest"), "{message}");
    for input in ["", "\u{0}\u{1}\u{2}\u{3}".repeat(1000).as_str()] {
        assert!(engine.analyze(input, None).is_err());
    }
    let siblings = format!(
        "<article>{}</article>",
        "<p>One short line of text here.</p>".repeat(50_000)
    );
    assert!(engine.clean(&siblings, None).is_ok());
    // The engine still works after errors.
    assert!(engine.analyze(SAMPLE, None).is_ok());
}

// The extension's applier (extension/common/applier.js), on documents built in the browser.

#[wasm_bindgen::prelude::wasm_bindgen(module = "/extension/common/applier.js")]
extern "C" {
    #[wasm_bindgen(js_name = applyPlan)]
    fn apply_plan(doc: &web_sys::Document, plan: &JsValue, hooks: &JsValue) -> JsValue;
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
    let engine = WasmEngine::new(JsValue::UNDEFINED).unwrap();
    for sample in SAMPLES {
        let doc = parse(sample);
        let original = outer_html(&doc);
        let nodes = all_elements(&doc);
        // As the extension does: the plan is made from the live document's serialisation.
        let out = engine
            .analyze(&original, Some("https://news.example.com/a".into()))
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
    let engine = WasmEngine::new(JsValue::UNDEFINED).unwrap();
    let doc = parse(SAMPLES[2]);
    let original = outer_html(&doc);
    let plan = get(&engine.analyze(&original, None).unwrap(), "plan");
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

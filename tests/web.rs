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

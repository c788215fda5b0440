//! The WebAssembly binding: the only file that names wasm-bindgen. camelCase names; options,
//! plans and reports cross as plain JS objects (serde-wasm-bindgen); errors as JS `Error`s
//! carrying the core's message.

use wasm_bindgen::prelude::*;

use crate::{Engine, Hints, Options, Plan};

/// The TypeScript definitions (kept beside the schema; `tests/schema_types.rs` checks them).
#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = include_str!("schema.d.ts");

fn js_error(e: impl std::fmt::Display) -> JsValue {
    js_sys::Error::new(&e.to_string()).into()
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

/// A configured engine (options validated once).
#[wasm_bindgen(js_name = Engine)]
pub struct WasmEngine {
    engine: Engine,
}

#[wasm_bindgen(js_class = Engine)]
impl WasmEngine {
    /// Builds an engine from an options object (`undefined` or `null`: defaults) and the
    /// glossary packs as JSON texts (the files of `data/glossary/`, which the extension and the
    /// playground ship beside the module). Without `packs`, the packs compiled in, if any: the
    /// release module has none.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue, packs: Option<Vec<String>>) -> Result<WasmEngine, JsValue> {
        console_error_panic_hook::set_once();
        let options = if options.is_undefined() || options.is_null() {
            Options::default()
        } else {
            let json = js_sys::JSON::stringify(&options)
                .ok()
                .and_then(|j| j.as_string())
                .ok_or_else(|| js_error("options must be a plain object (JSON-serialisable)"))?;
            Options::from_json(&json).map_err(js_error)?
        };
        let engine = match packs {
            Some(packs) => {
                let packs: Vec<&str> = packs.iter().map(String::as_str).collect();
                Engine::with_packs(options, &packs)
            }
            None => Engine::new(options),
        };
        Ok(WasmEngine {
            engine: engine.map_err(js_error)?,
        })
    }

    /// Analyses a page: returns `{ plan, report }`. `hints` (optional) is what the host knows
    /// of the live page beyond its HTML: `{ fixed: [[1, 0], …] }`, the paths of the elements
    /// the browser shows as `position: fixed` or `sticky`. Hints that are not of that shape are
    /// ignored, and the report's warnings say so: a clean never fails on them.
    pub fn analyze(
        &self,
        html: &str,
        url: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "Hints | null")] hints: JsValue,
    ) -> Result<JsValue, JsValue> {
        let started = now_ms();
        let (hints, problem) = if hints.is_undefined() || hints.is_null() {
            (Hints::default(), None)
        } else if !hints.is_object() || js_sys::Array::is_array(&hints) {
            // serde would read an array as the struct's fields in order: not what a host means.
            let problem = "hints ignored: not an object like { fixed: [[1, 0]] }".to_string();
            (Hints::default(), Some(problem))
        } else {
            match serde_wasm_bindgen::from_value::<Hints>(hints) {
                Ok(hints) => (hints, None),
                Err(e) => (Hints::default(), Some(format!("hints ignored: {e}"))),
            }
        };
        let mut analysis = self
            .engine
            .analyze_with_hints(html, url.as_deref(), &hints)
            .map_err(js_error)?;
        let report = analysis.report_mut();
        report.stats.elapsed_ms = now_ms() - started;
        report.warnings.extend(problem);
        let out = js_sys::Object::new();
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        let plan = serde::Serialize::serialize(&analysis.plan(), &serializer).map_err(js_error)?;
        let report =
            serde::Serialize::serialize(analysis.report(), &serializer).map_err(js_error)?;
        js_sys::Reflect::set(&out, &"plan".into(), &plan)?;
        js_sys::Reflect::set(&out, &"report".into(), &report)?;
        Ok(out.into())
    }

    /// Analyses and renders: the cleaned HTML.
    pub fn clean(&self, html: &str, url: Option<String>) -> Result<String, JsValue> {
        Ok(self
            .engine
            .analyze(html, url.as_deref())
            .map_err(js_error)?
            .render())
    }

    /// Problems found in the options.
    pub fn warnings(&self) -> Vec<String> {
        self.engine.warnings().to_vec()
    }
}

/// Applies a plan to HTML: `{ html, applied, skipped }`.
#[wasm_bindgen(js_name = render)]
pub fn render_plan(html: &str, plan: JsValue) -> Result<JsValue, JsValue> {
    let plan: Plan = serde_wasm_bindgen::from_value(plan).map_err(js_error)?;
    let rendered = crate::render(html, &plan).map_err(js_error)?;
    let out = js_sys::Object::new();
    js_sys::Reflect::set(&out, &"html".into(), &rendered.html.into())?;
    js_sys::Reflect::set(&out, &"applied".into(), &(rendered.applied as u32).into())?;
    let skipped: js_sys::Array = rendered.skipped.iter().map(|&i| JsValue::from(i)).collect();
    js_sys::Reflect::set(&out, &"skipped".into(), &skipped)?;
    Ok(out.into())
}

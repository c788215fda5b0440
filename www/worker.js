// The engine's thread: a module worker running the wasm package the extension ships
// (pkg/newslens.js, copied by scripts/build-www.py), loaded with the extension's loader
// (common/engine.js). The page posts bytes or text and options; this decodes, checks, analyses
// and answers. A page that takes long never freezes the tab, and the page can end a job by
// terminating the worker.
//
// Messages in:  { id, type: "analyze", bytes?: ArrayBuffer, text?: string, url, options }
//               { id, type: "render", text, plan }  (the engine's HTML of a plan applied)
// Messages out: { id, ok: … } or { id, error: { code, message, detail? } }
import * as pkg from "./pkg/newslens.js";
import { engineLoader } from "./common/engine.js";
import { binaryFormat, decodePage, looksLikeHtml } from "./decode.js";

// The glossary packs are files of this site (packs/), fetched once.
const engines = engineLoader(pkg, import.meta.url);

let engine = null;
let engineKey = null;

class Refusal extends Error {
  constructor(code, message, detail) {
    super(message);
    this.code = code;
    this.detail = detail;
  }
}

async function engineFor(options) {
  const key = JSON.stringify(options ?? {});
  if (engine && engineKey === key) return engine;
  engine?.free();
  engine = null;
  const built = await engines.build(options ?? {});
  if (built.failed.length) {
    built.engine?.free();
    throw new Refusal("engine", `glossary packs did not load: ${built.failed.join("; ")}`);
  }
  if (!built.engine) throw new Refusal("options", built.error);
  engine = built.engine;
  engineKey = key;
  return engine;
}

async function analyze({ bytes, text, url, options }) {
  const started = performance.now();
  let encoding = null;
  let declared = null;
  if (bytes) {
    const view = new Uint8Array(bytes);
    if (view.length === 0) throw new Refusal("empty", "empty");
    const format = binaryFormat(view);
    if (format) throw new Refusal("binary", format, format);
    ({ text, encoding, declared } = decodePage(view));
  }
  if (!text || !text.trim()) throw new Refusal("empty", "empty");
  if (!looksLikeHtml(text)) throw new Refusal("notHtml", "no markup");
  const decodeMs = performance.now() - started;
  const eng = await engineFor(options);
  const t0 = performance.now();
  let result;
  try {
    result = eng.analyze(text, url || null);
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) {
      // The module is not usable after a trap: the page starts a fresh worker.
      throw new Refusal("crash", e.message);
    }
    throw new Refusal("engine", e.message);
  }
  const t1 = performance.now();
  const analyzeMs = t1 - t0;
  return {
    text,
    encoding,
    declared,
    plan: result.plan,
    report: result.report,
    // `from`/`to`: when the engine worked, in ms since the epoch (comparable across threads).
    timing: { decodeMs, analyzeMs, from: performance.timeOrigin + t0, to: performance.timeOrigin + t1 },
  };
}

self.addEventListener("message", async ({ data }) => {
  const { id, type } = data;
  try {
    await engines.load();
    let ok;
    if (type === "analyze") ok = await analyze(data);
    else if (type === "render") ok = pkg.render(data.text, data.plan);
    else throw new Refusal("engine", `unknown request ${type}`);
    self.postMessage({ id, ok });
  } catch (e) {
    self.postMessage({
      id,
      error: {
        code: e instanceof Refusal ? e.code : "engine",
        message: String(e?.message ?? e),
        detail: e?.detail,
      },
    });
  }
});

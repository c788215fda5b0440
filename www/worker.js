// The engine's thread: a module worker running the wasm package the extension ships
// (pkg/newslens.js, copied by scripts/build-www.py). The page posts bytes or text and options;
// this decodes, checks, analyses and answers. A page that takes long never freezes the tab, and
// the page can end a job by terminating the worker.
//
// Messages in:  { id, type: "analyze", bytes?: ArrayBuffer, text?: string, url, options }
//               { id, type: "render", text, plan }  (the engine's HTML of a plan applied)
// Messages out: { id, ok: … } or { id, error: { code, message, detail? } }
import init, { Engine, render } from "./pkg/newslens.js";
import { loadPacks } from "./common/packs.js";
import { binaryFormat, decodePage, looksLikeHtml } from "./decode.js";

let ready = null;
const load = () =>
  (ready ??= init({ module_or_path: new URL("./pkg/newslens_bg.wasm", import.meta.url) }).catch((e) => {
    ready = null;
    throw e;
  }));
load().catch(() => {});

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
  // The glossary packs are files of this site (packs/), fetched once.
  const base = new URL("./packs/", import.meta.url);
  const { packs, failed } = await loadPacks(options?.packs ?? null, base);
  if (failed.length) throw new Refusal("engine", `glossary packs did not load: ${failed.join("; ")}`);
  try {
    engine = new Engine(options ?? {}, packs);
  } catch (e) {
    throw new Refusal("options", e.message);
  }
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
    await load();
    let ok;
    if (type === "analyze") ok = await analyze(data);
    else if (type === "render") ok = render(data.text, data.plan);
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

// The page side of the browser benchmark (see run.mjs). For each corpus page: Newslens's wasm
// `engine.analyze(html)` (it takes the HTML string and parses it itself) against
// `new Readability(doc).parse()` on a clone of a document parsed once beforehand with
// DOMParser (clone made outside the timed region, since Readability modifies the document).
// Also timed, for the asymmetry: DOMParser alone, and DOMParser + Readability in one region;
// and, to see where Newslens's time goes, `analyze` with the glossary off.
// One untimed warm-up round over every page, then `rounds` timed rounds (rounds outside, pages
// inside); each page's median per measurement is returned.
// Page bytes become text as the command-line tool and the playground read them (www/decode.js).
import init, { Engine } from "/pkg/newslens.js";
import { decodePage } from "/decode.js";

const log = (s) => {
  console.log(s);
  document.getElementById("log").textContent += s + "\n";
};

function median(v) {
  const s = [...v].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** Smallest non-zero step of performance.now(), in ms. */
function timerStep() {
  let step = Infinity;
  for (let i = 0; i < 50; i++) {
    const a = performance.now();
    let b = performance.now();
    while (b === a) b = performance.now();
    step = Math.min(step, b - a);
  }
  return step;
}

async function runBench({ rounds = 7 } = {}) {
  const t0 = performance.now();
  await init();
  const initMs = performance.now() - t0;
  // Default options and every glossary pack, as the native benches and the extension.
  const names = await (await fetch("/packs/list.json")).json();
  const packs = await Promise.all(names.map(async (name) => (await fetch(`/packs/${name}.json`)).text()));
  const engine = new Engine(undefined, packs);
  // Where the time goes: the same analysis without the glossary (no term annotation).
  const bare = new Engine({ glossary: false }, []);
  const list = await (await fetch("/corpus/list.json")).json();
  const pages = [];
  for (const { page, bytes } of list) {
    const buf = new Uint8Array(await (await fetch(`/corpus/${page}`)).arrayBuffer());
    const html = decodePage(buf).text;
    const doc = new DOMParser().parseFromString(html, "text/html");
    pages.push({ page, bytes, chars: html.length, html, doc, nl: [], ng: [], rd: [], dprd: [], dp: [] });
  }
  log(`${pages.length} pages loaded; wasm init ${initMs.toFixed(1)} ms; crossOriginIsolated=${self.crossOriginIsolated}`);

  const results = new Array(pages.length);
  for (let round = 0; round <= rounds; round++) {
    const started = performance.now();
    pages.forEach((p, i) => {
      let a = performance.now();
      const out = engine.analyze(p.html, undefined);
      const nl = performance.now() - a;

      a = performance.now();
      bare.analyze(p.html, undefined);
      const ng = performance.now() - a;

      const clone = p.doc.cloneNode(true);
      a = performance.now();
      const article = new Readability(clone).parse();
      const rd = performance.now() - a;

      a = performance.now();
      const fresh = new DOMParser().parseFromString(p.html, "text/html");
      const article2 = new Readability(fresh).parse();
      const dprd = performance.now() - a;

      a = performance.now();
      const parsed = new DOMParser().parseFromString(p.html, "text/html");
      const dp = performance.now() - a;

      if (round === 0) {
        // The warm-up round: untimed, it records what each side found.
        results[i] = {
          edits: out.plan.edits.length,
          articleChars: out.report.article.characters,
          readabilityChars: article ? article.length : null,
          readabilitySame: (article?.length ?? null) === (article2?.length ?? null),
          domNodes: parsed.getElementsByTagName("*").length,
        };
      } else {
        p.nl.push(nl);
        p.ng.push(ng);
        p.rd.push(rd);
        p.dprd.push(dprd);
        p.dp.push(dp);
      }
    });
    log(`round ${round}${round === 0 ? " (warm-up, untimed)" : ""}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  engine.free();
  bare.free();
  return {
    userAgent: navigator.userAgent,
    crossOriginIsolated: self.crossOriginIsolated,
    timerStepMs: timerStep(),
    wasmInitMs: initMs,
    rounds,
    pages: pages.map((p, i) => ({
      page: p.page,
      bytes: p.bytes,
      chars: p.chars,
      newslens_ms: median(p.nl),
      newslens_noglossary_ms: median(p.ng),
      readability_ms: median(p.rd),
      domparser_readability_ms: median(p.dprd),
      domparser_ms: median(p.dp),
      ...results[i],
    })),
  };
}

window.runBench = runBench;
window.benchReady = true;

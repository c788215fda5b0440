// The browser benchmark: headless Chromium (playwright-core, /usr/bin/chromium) opens
// benches/browser/index.html from a local server (server.mjs) and runs bench.js there, which
// times Newslens's wasm `analyze` and @mozilla/readability on every corpus page. Writes
// target/bench/browser.json for scripts/bench-report.py.
// Usage: node benches/browser/run.mjs [--rounds N] (after `make extension`: target/wasm-pkg).
// Env: CHROMIUM (default /usr/bin/chromium), NEWSLENS_CORPUS.
import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT, startServer } from "./server.mjs";

const argv = process.argv.slice(2);
const roundsAt = argv.indexOf("--rounds");
const rounds = roundsAt >= 0 ? Number(argv[roundsAt + 1]) : 7;
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error("usage: node benches/browser/run.mjs [--rounds N]");
  process.exit(2);
}
for (const need of ["target/wasm-pkg/newslens_bg.wasm", "node_modules/@mozilla/readability/Readability.js"]) {
  if (!fs.existsSync(path.join(ROOT, need))) {
    console.error(`browser bench: ${need} is missing (make extension; npm install)`);
    process.exit(1);
  }
}

const server = await startServer();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
let failed = false;
try {
  const page = await browser.newPage();
  page.on("console", (m) => console.log(`  [page] ${m.text()}`));
  page.on("pageerror", (e) => {
    failed = true;
    console.error(`  [page error] ${e.message}`);
  });
  await page.goto(`${server.origin}/`);
  await page.waitForFunction(() => window.benchReady === true, null, { timeout: 30_000 });
  const loadBefore = os.loadavg()[0];
  const result = await page.evaluate((rounds) => window.runBench({ rounds }), rounds);
  result.loadAverage = [loadBefore, os.loadavg()[0]]; // 1-minute load, before and after
  result.browserVersion = browser.version();
  const out = path.join(ROOT, "target/bench/browser.json");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(result, null, 2));
  const sum = (k) => result.pages.reduce((s, p) => s + p[k], 0);
  console.log(
    `browser (Chromium ${result.browserVersion}, ${result.pages.length} pages, median of ${rounds} rounds): ` +
      `Newslens analyze ${sum("newslens_ms").toFixed(1)} ms, Readability ${sum("readability_ms").toFixed(1)} ms, ` +
      `DOMParser+Readability ${sum("domparser_readability_ms").toFixed(1)} ms, DOMParser ${sum("domparser_ms").toFixed(1)} ms -> ${out}`,
  );
} catch (e) {
  failed = true;
  console.error(`browser bench: ${e.stack ?? e}`);
} finally {
  await browser.close();
  await server.close();
}
process.exit(failed ? 1 : 0);

// Screenshots for the documentation (docs/screenshots/, issue 11): three corpus pages before
// and after a clean by the real extension (the test build, dist/test/chromium) in headless
// Chromium. Not part of `make test`. Usage, after `make extension`:
//
//   node scripts/screenshots.mjs                      the three pages below
//   node scripts/screenshots.mjs NAME=path/in/corpus/source.html …   other pages (to try one
//                                                     out: docs/screenshots/NAME-before.png …)
//   VERBOSE=1 node scripts/screenshots.mjs            also lists what each clean removed
//
// The pages come from the shared corpus ($NEWSLENS_CORPUS, default ../shared/corpus), served
// as stored bytes on 127.0.0.1 by the end-to-end tests' server (tests/e2e/server.mjs), which is
// also the browser's proxy: nothing leaves the machine, so the pages' remote style sheets,
// scripts and images don't load (the "before" shots show the pages' own HTML, as the engine
// sees it, without the sites' CSS). A clean is what a toolbar click runs, called through the
// test build's service-worker hook, as tests/e2e/chromium.mjs does. Each shot is the top of the
// page (the seed: its end) in a 1280×900 viewport; "after" shows the cleaned article with the status bar (bottom
// right) and the outline (top right) when the article has one.
import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CHROMIUM, chromiumArgs, cleanTab } from "../tests/e2e/browsers.mjs";
import { waitFor, withTimeout } from "../tests/e2e/helpers.mjs";
import { CORPUS, ROOT, startProxy } from "../tests/e2e/server.mjs";

const EXTENSION = path.join(ROOT, "dist/test/chromium");
const OUT = path.join(ROOT, "docs/screenshots");
const VIEWPORT = { width: 1280, height: 900 };
/** Above this, a PNG is replaced by a JPEG (quality 70) of the same view. */
const MAX_PNG = 400 * 1024;

/** The documentation's pages: a name for the files, a corpus file (docs/screenshots/README.md says why these). */
const DEFAULT_PAGES = [
  // The seed's clutter (the YouTube player, the syndication footer) is at the end of the article.
  { name: "voa-deepseek", file: "seed/voa-deepseek/source.html", at: "bottom" },
  // Also pick mode on the cleaned page: the outline and label over a block of it.
  { name: "nytimes", file: "readability/nytimes-1/source.html", pick: "figure, aside, blockquote, p" },
  { name: "xinhuanet", file: "zh/a0cb0242-d33a-4a90-b0c4-f27d791e0a9e/source.html" },
];

const pages = process.argv.slice(2).length
  ? process.argv.slice(2).map((arg) => {
      const m = /^([\w.-]+)=(.+)$/.exec(arg);
      if (!m) {
        console.error(`screenshots: "${arg}" is not NAME=path/in/corpus/source.html`);
        process.exit(2);
      }
      return { name: m[1], file: m[2] };
    })
  : DEFAULT_PAGES;

if (!fs.existsSync(path.join(EXTENSION, "manifest.json"))) {
  console.error(`screenshots: ${EXTENSION} is missing: run \`make extension\` first`);
  process.exit(1);
}
for (const p of pages) {
  p.path = `/${p.name}/`;
  p.abs = path.join(CORPUS, p.file);
  if (!fs.existsSync(p.abs)) {
    console.error(`screenshots: ${p.abs} is missing (NEWSLENS_CORPUS=${CORPUS})`);
    process.exit(1);
  }
}

/**
 * The charset to name in Content-Type: the pages' own bytes are served as stored, and a page
 * whose <meta> names its charset (GB2312/GBK pages) is decoded by it, as in a browser. Some
 * corpus pages (nytimes-1) are UTF-8 and name no charset (the site's header did): those are
 * served as UTF-8, as the site served them, rather than guessed as windows-1252.
 */
function contentType(bytes) {
  const head = bytes.subarray(0, 8192).toString("latin1");
  if (/<meta[^>]+charset/i.test(head)) return "text/html";
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return "text/html; charset=utf-8";
  } catch {
    return "text/html";
  }
}

/** The e2e proxy, serving each page's stored bytes at /NAME/. */
function startServer() {
  const byPath = new Map(pages.map((p) => [p.path, p]));
  return startProxy((req, res) => {
    const page = byPath.get(req.url.split("?")[0]);
    if (!page) {
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end("not found");
      return;
    }
    const bytes = fs.readFileSync(page.abs);
    res.writeHead(200, { "Content-Type": contentType(bytes), "Cache-Control": "no-store" });
    res.end(bytes);
  });
}

/** Chromium with the test build of the extension, as tests/e2e/chromium.mjs starts it; in English, light colours. */
async function launch(server) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "newslens-shots-"));
  fs.mkdirSync(path.join(profile, "Default"));
  fs.writeFileSync(path.join(profile, "Default", "Preferences"), JSON.stringify({ net: { network_prediction_options: 2 } }));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      ...chromiumArgs({ proxyPort: server.port }),
      `--disable-extensions-except=${EXTENSION}`,
      `--load-extension=${EXTENSION}`,
      "--dns-prefetch-disable",
      "--lang=en-US",
      "--hide-scrollbars",
    ],
    viewport: VIEWPORT,
    deviceScaleFactor: 1,
    colorScheme: "light",
    reducedMotion: "reduce",
    locale: "en-US",
    env: { ...process.env, LANGUAGE: "en_US", LANG: "en_US.UTF-8" },
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
  return { context, worker, profile };
}


/**
 * The viewport, scrolled to the top of the page (or its bottom, `at: "bottom"`), as a PNG at
 * `base`.png, or as a JPEG at `base`.jpg if the PNG is too big; returns the file written.
 */
async function shoot(page, base, at) {
  await page.evaluate((bottom) => window.scrollTo(0, bottom ? document.documentElement.scrollHeight : 0), at === "bottom");
  await page.waitForTimeout(150);
  const png = await page.screenshot({ type: "png", caret: "initial", animations: "disabled" });
  for (const ext of [".png", ".jpg"]) fs.rmSync(base + ext, { force: true });
  if (png.length <= MAX_PNG) {
    fs.writeFileSync(`${base}.png`, png);
    return `${base}.png`;
  }
  const jpg = await page.screenshot({ type: "jpeg", quality: 70, caret: "initial", animations: "disabled" });
  fs.writeFileSync(`${base}.jpg`, jpg);
  return `${base}.jpg`;
}

/** What a frame from `url` shows in the shots: its host, on grey. */
function framePlaceholder(url) {
  let host = url;
  try {
    host = new URL(url).host;
  } catch {}
  const text = `${host} (not loaded: the screenshots are taken offline)`.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return (
    `<!doctype html><body style="margin:0;height:100vh;display:grid;place-items:center;background:#e9ecef;` +
    `color:#6c757d;font:13px/1.4 sans-serif;text-align:center">${text}</body>`
  );
}

const kb = (file) => `${Math.round(fs.statSync(file).size / 1024)} KB`;

fs.mkdirSync(OUT, { recursive: true });
const server = await startServer();
const { context, worker, profile } = await launch(server);
let failed = 0;
try {
  for (const spec of pages) {
    const page = await context.newPage();
    // The page's own requests beyond 127.0.0.1 (style sheets, scripts, images) fail here at
    // once rather than at the proxy: the shot does not wait for them. A frame from elsewhere (a
    // player, an ad, a tracker's storage frame) gets a grey page naming its host rather than
    // Chromium's error page, so the shot says what would have been there.
    await page.route("**/*", (route) => {
      const request = route.request();
      const url = request.url();
      if (/^(?:http:\/\/127\.0\.0\.1[:/]|data:|blob:)/.test(url)) return route.continue();
      if (request.resourceType() === "document") return route.fulfill({ contentType: "text/html; charset=utf-8", body: framePlaceholder(url) });
      return route.abort();
    });
    const url = server.origin + spec.path;
    try {
      await page.goto(url, { waitUntil: "load", timeout: 30000 });
      await page.evaluate(() => document.fonts.ready);
      await page.waitForTimeout(300);
      const base = path.join(OUT, spec.name);
      const before = await shoot(page, `${base}-before`, spec.at);

      const report = await withTimeout(cleanTab(worker, url), 30000, `clean of ${spec.name}`);
      if (report.error) throw new Error(`clean failed: ${report.error}`);
      await waitFor(() => page.evaluate(() => !!document.querySelector("newslens-ui")?.shadowRoot?.querySelector("section.bar")), {
        what: "the status bar",
      });
      await page.evaluate(() => document.fonts.ready);
      await page.waitForTimeout(300);
      const after = await shoot(page, `${base}-after`, spec.at);
      const s = report.stats ?? {};
      console.log(
        `${spec.name}: ${spec.file}\n  applied ${report.applied}: removed ${s.remove ?? 0}, cards ${s.replaceEmbed ?? 0}, ` +
          `terms ${s.annotate ?? 0}, outline ${report.outline?.length ?? 0}`,
      );
      if (process.env.VERBOSE) {
        for (const e of report.edits.filter((e) => e.kind === "remove")) console.log(`    - ${e.rule}: ${e.text.replace(/\s+/g, " ").slice(0, 90)}`);
      }
      console.log(`  wrote ${path.relative(ROOT, before)} (${kb(before)})`);
      console.log(`  wrote ${path.relative(ROOT, after)} (${kb(after)})`);
      if (spec.pick) {
        // "Remove something…" in the status bar, then the pointer over the first visible match
        // of `pick` in the cleaned page: the shot shows the outline and its label.
        await page.locator("newslens-ui button.pick-start").click();
        const target = await page.evaluate((sel) => {
          for (const el of document.querySelectorAll(sel)) {
            const r = el.getBoundingClientRect();
            if (r.width > 200 && r.height > 40) {
              el.scrollIntoView({ block: "center" });
              const b = el.getBoundingClientRect();
              return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
            }
          }
          return null;
        }, spec.pick);
        if (!target) throw new Error(`pick: nothing matches ${spec.pick}`);
        await page.mouse.move(target.x, target.y);
        await waitFor(
          () => page.evaluate(() => !!document.querySelector("newslens-ui")?.shadowRoot?.querySelector(".pick-label")?.textContent),
          { what: "the pick label" },
        );
        await page.waitForTimeout(200);
        const png = await page.screenshot({ type: "png", caret: "initial", animations: "disabled" });
        const file = path.join(OUT, "pick.png");
        fs.writeFileSync(file, png);
        console.log(`  wrote ${path.relative(ROOT, file)} (${kb(file)})`);
        await page.keyboard.press("Escape");
      }
    } catch (e) {
      failed++;
      console.error(`${spec.name}: FAILED: ${e.message}`);
    }
    await page.close();
  }
} finally {
  await context.close();
  await server.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
if (server.external.length) {
  // Not an error for documentation, but worth knowing: the pages' requests are routed away, so
  // these came from the browser or the extension.
  console.log(`screenshots: ${server.external.length} requests reached the proxy: ${server.external.map((r) => r.target).join(", ")}`);
}
if (failed) {
  console.error(`screenshots: ${failed} of ${pages.length} pages failed`);
  process.exit(1);
}
console.log(`screenshots: ${pages.length * 2 + pages.filter((p) => p.pick).length} images in ${path.relative(ROOT, OUT)}/`);

// End-to-end test of the extension's release build in real headless Chromium (Playwright
// driving /usr/bin/chromium): every test page is cleaned the way a toolbar click cleans it,
// checked, undone, and checked again. Usage: node tests/e2e/chromium.mjs (after make extension).
//
// What "the extension makes no network request" means here: the test server is the browser's
// proxy, so anything leaving 127.0.0.1 reaches it and is logged. The pages' own requests are
// routed away first (and recorded): what reaches the proxy came from the browser or the
// extension's background. Requests the page makes while cleaned to hosts it had not asked for
// before the clean are flagged too (that is what injected UI loading something would look like).
import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CHROMIUM, chromiumArgs, cleanTab, extensionWorker } from "./browsers.mjs";
import { VIDEO_PLAYER, firstDifference, stickyProblems } from "./helpers.mjs";
import { PAGES, ROOT, startServer } from "./server.mjs";

const EXTENSION = path.join(ROOT, "dist/test/chromium");
const SHOTS = path.join(ROOT, "target/e2e");

const failures = [];
const fail = (page, what) => failures.push(`${page}: ${what}`);
const check = (cond, page, what) => cond || fail(page, what);

if (!fs.existsSync(path.join(EXTENSION, "manifest.json"))) {
  console.error(`chromium e2e: ${EXTENSION} is missing: run make extension first`);
  process.exit(1);
}

async function launch(server, { lang } = {}) {
  const args = [
    ...chromiumArgs({ proxyPort: server.port }),
    `--disable-extensions-except=${EXTENSION}`,
    `--load-extension=${EXTENSION}`,
    "--dns-prefetch-disable", // no speculative connections: see the profile below
  ];
  if (lang) args.push(`--lang=${lang}`);
  // No speculative connections: Chromium would otherwise open sockets (through the proxy) to
  // hosts the page merely mentions, which the log can't tell from real requests.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "newslens-chromium-"));
  fs.mkdirSync(path.join(profile, "Default"));
  fs.writeFileSync(
    path.join(profile, "Default", "Preferences"),
    JSON.stringify({ net: { network_prediction_options: 2 } }),
  );
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args,
    viewport: { width: 1280, height: 900 },
    env: lang ? { ...process.env, LANGUAGE: lang.replace("-", "_"), LANG: `${lang.replace("-", "_")}.UTF-8` } : process.env,
  });
  // Errors in the background are counted from the start.
  const worker = await extensionWorker(context);
  return { context, worker };
}


/** Everything the page itself requests beyond 127.0.0.1 is recorded (with the phase) and aborted. */
async function routePage(page, phase) {
  const requests = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("http://127.0.0.1") || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
    requests.push({ url, phase: phase.now });
    return route.abort();
  });
  return requests;
}

/** A new tab on `url`, with the page's own requests beyond 127.0.0.1 aborted (routePage). */
async function openPage(context, url) {
  const page = await context.newPage();
  await routePage(page, { now: "load" });
  await page.goto(url);
  return page;
}

const host = (url) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

/** A video player's address (VIDEO_PLAYER). */
function isVideoPlayer(src) {
  try {
    const url = new URL(src);
    return VIDEO_PLAYER.test(`${url.hostname}${url.pathname}`);
  } catch {
    return false;
  }
}

async function testPage(context, worker, server, spec, timings) {
  const page = await context.newPage();
  const phase = { now: "load" };
  const pageRequests = await routePage(page, phase);
  const consoleErrors = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /chrome-extension:|newslens/i.test(`${m.location()?.url} ${m.text()}`)) consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => {
    if (/chrome-extension:|newslens/i.test(`${e.stack} ${e.message}`)) consoleErrors.push(e.message);
  });
  const url = server.origin + spec.path;
  await page.goto(url, { waitUntil: "load" });
  await page.waitForTimeout(300);
  const proxyBefore = server.external.length;
  // The page as it was, and a listener on every element.
  const before = await page.evaluate(() => {
    window.__nl = { els: [...document.querySelectorAll("*")], hits: 0 };
    for (const el of window.__nl.els) el.addEventListener("newslens-test", () => window.__nl.hits++);
    return document.documentElement.outerHTML;
  });

  phase.now = "clean";
  const started = Date.now();
  const report = await cleanTab(worker, url);
  const took = Date.now() - started;
  if (report.error) {
    fail(spec.name, `clean failed: ${report.error}`);
    await page.close();
    return;
  }
  timings[spec.name] = took;
  check(report.applied > 0, spec.name, "nothing applied");
  const dom = await page.evaluate(() => ({
    text: document.body.textContent,
    cards: document.querySelectorAll("newslens-embed").length,
    players: [...document.querySelectorAll("iframe, embed, object")].map((e) => e.src || e.data || "").filter(Boolean),
    terms: document.querySelectorAll(".newslens-term").length,
    ui: !!document.querySelector("newslens-ui")?.shadowRoot?.querySelector("section.bar"),
  }));
  check(dom.ui, spec.name, "no status bar");
  if (spec.boilerplate) {
    check(report.stats.remove > 0, spec.name, "no boilerplate removed");
    if (spec.name.startsWith("seed")) check(!dom.text.includes("获取更多RSS"), spec.name, "the syndication footer is still there");
    if (spec.name === "social-buttons") check(report.edits.some((e) => e.rule.startsWith("social")), spec.name, "no share bar removed");
  }
  if (spec.embeds) {
    check(dom.cards > 0, spec.name, "no embed card");
    const left = dom.players.filter(isVideoPlayer);
    check(left.length === 0, spec.name, `video players left: ${left.join(", ")}`);
  }
  if (spec.sticky) {
    // The content script reported what stays on screen; the engine removed or unstuck it.
    for (const problem of await page.evaluate(stickyProblems)) fail(spec.name, problem);
    const unstuck = report.edits.filter((e) => e.kind === "unstick").map((e) => e.target.fingerprint.class);
    check(
      unstuck.includes("site-header") && unstuck.includes("floating-video"),
      spec.name,
      `the masthead and the player's box are not both unstuck: ${unstuck.join(", ")}`,
    );
  }
  if (spec.terms) {
    check(dom.terms > 0, spec.name, "no annotated term");
    // The packs are files of the extension that the background hands to the engine.
    check(report.annotations.some((a) => a.source.startsWith("pack:")), spec.name, "no term from a glossary pack");
    const tip = await page.evaluate(() => {
      const term = document.querySelector(".newslens-term");
      term.focus();
      const tipEl = document.querySelector("newslens-ui").shadowRoot.querySelector("#tip");
      const described = document.getElementById(term.getAttribute("aria-describedby"));
      return { hidden: tipEl.hidden, text: tipEl.textContent, described: described?.textContent ?? "" };
    });
    check(!tip.hidden, spec.name, "focusing a term shows no tooltip");
    const definitions = report.annotations.map((a) => a.definition);
    check(definitions.some((d) => tip.text.includes(d)), spec.name, `tooltip text is not a definition: ${tip.text}`);
    check(definitions.some((d) => tip.described.startsWith(d)), spec.name, "aria-describedby does not lead to the definition");
    await page.keyboard.press("Escape");
    check(await page.evaluate(() => document.querySelector("newslens-ui").shadowRoot.querySelector("#tip").hidden), spec.name, "Esc does not close the tooltip");
  }
  if (spec.outline) {
    check(report.outline.length >= 2, spec.name, `outline has ${report.outline.length} entries`);
    const buttons = page.locator("newslens-ui nav.outline button[data-section]");
    const count = await buttons.count();
    check(count === report.outline.length, spec.name, `outline panel shows ${count} of ${report.outline.length}`);
    if (count >= 2) {
      const title = report.outline[1].title;
      await buttons.nth(1).click();
      await page.waitForFunction(
        (title) => {
          const h = [...document.querySelectorAll("h1,h2,h3,h4,h5,h6,p,strong,b")].find((e) => e.textContent.trim() === title);
          return h && Math.abs(h.getBoundingClientRect().top) < 150;
        },
        title,
        { timeout: 5000 },
      ).catch(() => fail(spec.name, `outline entry "${title}" did not scroll to its section`));
    }
  }
  if (spec.restore) {
    const edit = report.edits.find((e) => e.kind === "remove" && e.text.length > 8);
    await page.locator("newslens-ui section.bar button[aria-controls=edits]").click();
    const row = page.locator(`newslens-ui li[data-edit="${edit.id}"] button`);
    await row.click();
    const back = await page.evaluate((text) => document.body.textContent.replace(/\s+/g, "").includes(text.replace(/\s+/g, "").slice(0, 30)), edit.text);
    check(back, spec.name, `Restore did not bring back "${edit.text.slice(0, 40)}"`);
    check(await page.evaluate(() => !!document.querySelector("newslens-ui")), spec.name, "Restore undid the whole clean");
  }
  if (spec.name === "seed") await page.screenshot({ path: path.join(SHOTS, "chromium-seed.png"), caret: "initial" });

  phase.now = "undo";
  const undone = await cleanTab(worker, url);
  check(undone.restored === true, spec.name, `second click did not undo: ${JSON.stringify(undone).slice(0, 200)}`);
  const after = await page.evaluate(() => {
    const { els } = window.__nl;
    window.__nl.hits = 0;
    for (const el of els) el.dispatchEvent(new Event("newslens-test"));
    return { html: document.documentElement.outerHTML, connected: els.filter((e) => e.isConnected).length, count: els.length, hits: window.__nl.hits };
  });
  if (after.html !== before) {
    const d = firstDifference(after.html, before);
    fail(spec.name, `undo did not give back the page: at ${d.at}: got ${JSON.stringify(d.a)} want ${JSON.stringify(d.b)}`);
  }
  check(after.connected === after.count, spec.name, `${after.count - after.connected} original elements not back in the page`);
  check(after.hits === after.count, spec.name, `${after.count - after.hits} listeners lost`);

  // Network: nothing through the proxy (browser + background), nothing new from the page while cleaned.
  const loadHosts = new Set(pageRequests.filter((r) => r.phase === "load").map((r) => host(r.url)));
  const newHosts = pageRequests.filter((r) => r.phase === "clean" && !loadHosts.has(host(r.url)));
  check(newHosts.length === 0, spec.name, `requests while cleaned: ${newHosts.map((r) => r.url).join(", ")}`);
  const proxied = server.external.slice(proxyBefore);
  check(proxied.length === 0, spec.name, `requests left 127.0.0.1: ${proxied.map((r) => r.target).join(", ")}`);
  check(consoleErrors.length === 0, spec.name, `console errors: ${consoleErrors.join(" | ")}`);
  console.log(
    `  ${spec.name.padEnd(16)} ${String(took).padStart(5)} ms  applied ${report.applied}, skipped ${report.skipped}, ` +
      `removed ${report.stats.remove}, cards ${dom.cards}, terms ${dom.terms}, outline ${report.outline.length}, page requests routed ${pageRequests.length}`,
  );
  await page.close();
}

async function optionsChangeNextClean(context, worker, server) {
  const spec = PAGES.find((p) => p.name === "en-climate");
  const url = server.origin + spec.path;
  await worker.evaluate(() => chrome.storage.sync.set({ glossary: false }));
  const page = await openPage(context, url);
  const report = await cleanTab(worker, url);
  check(!report.error, "options", `clean failed: ${report.error}`);
  check(report.stats?.annotate === 0, "options", `glossary off, still ${report.stats?.annotate} terms`);
  check((await page.locator(".newslens-term").count()) === 0, "options", "glossary off, terms in the page");
  await worker.evaluate(() => chrome.storage.sync.clear());
  await page.close();
}

/** Content the page adds while cleaned (a lazy "related" block, a player made by script). */
async function addedContent(context, worker, server) {
  const url = server.origin + PAGES.find((p) => p.name === "en-markets").path;
  const page = await openPage(context, url);
  const report = await cleanTab(worker, url);
  check(!report.error, "added content", `clean failed: ${report.error}`);
  await page.evaluate(() => {
    const aside = document.createElement("aside");
    aside.className = "related-stories lazy-loaded";
    aside.innerHTML = "<h2>Related stories</h2><ul><li><a href='/a'>One more story about markets</a></li>" +
      "<li><a href='/b'>Another story about rates</a></li><li><a href='/c'>A third story</a></li></ul>";
    const player = document.createElement("iframe");
    player.src = "https://www.youtube.com/embed/abcdefghijk";
    player.title = "Added later";
    document.querySelector("article, main, body").append(player);
    document.body.append(aside);
  });
  await page
    .waitForFunction(() => !document.querySelector("aside.lazy-loaded") && !document.querySelector("iframe[title='Added later']"), null, { timeout: 5000 })
    .catch(() => fail("added content", "a related block or a player added after the clean was not cleaned"));
  check((await page.locator("newslens-embed").count()) >= 3, "added content", "the added player has no card");
  const undone = await cleanTab(worker, url);
  check(undone.restored === true, "added content", "undo failed");
  check(await page.evaluate(() => !!document.querySelector("aside.lazy-loaded") && !!document.querySelector("iframe[title='Added later']")), "added content", "undo did not bring the added content back");
  await page.close();
}

/** Auto-clean: a site the reader listed (and granted; the test build holds 127.0.0.1) is cleaned on load. */
async function autoClean(context, worker, server) {
  await worker.evaluate(() => chrome.storage.sync.set({ autoCleanSites: ["127.0.0.1"] }));
  const page = await openPage(context, server.origin + PAGES.find((p) => p.name === "en-climate").path);
  await page
    .waitForFunction(() => !!document.querySelector("newslens-ui") && !document.querySelector(".share-bar"), null, { timeout: 10000 })
    .catch(() => fail("auto-clean", "a listed site was not cleaned on load"));
  await worker.evaluate(() => chrome.storage.sync.clear());
  await page.close();
}

/** The options page: entries checked by the engine, bad ones listed and skipped, and the next clean follows. */
async function optionsPage(context, worker, server) {
  const id = new URL(worker.url()).host;
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(`chrome-extension://${id}/options.html`);
  await page.fill("#glossary", "[{");
  await page.click("#glossary-save");
  await page.waitForSelector("#glossary-problems li");
  check(/JSON/.test(await page.textContent("#glossary-problems")), "options page", "bad JSON is not reported");
  const entries = [
    { term: "Denver", definition: "The capital of Colorado." },
    { term: 5, definition: "not a term" },
  ];
  await page.fill("#glossary", JSON.stringify(entries));
  await page.click("#glossary-save");
  await page.waitForFunction(() => document.querySelectorAll("#glossary-problems li").length === 1);
  await page.uncheck("[data-toggle=outline]");
  await page.waitForFunction(() => /Saved/.test(document.getElementById("status").textContent));
  const stored = await worker.evaluate(async () => ({ ...(await chrome.storage.local.get(null)), ...(await chrome.storage.sync.get(null)) }));
  check(stored.customGlossary?.length === 2 && stored.outline === false, "options page", `stored ${JSON.stringify(stored).slice(0, 200)}`);
  check(errors.length === 0, "options page", `errors: ${errors.join(" | ")}`);
  const url = server.origin + PAGES.find((p) => p.name === "en-climate").path;
  const article = await openPage(context, url);
  const report = await cleanTab(worker, url);
  check(report.annotations?.some((a) => a.term === "Denver" && a.source === "user"), "options page", "the reader's term is not used");
  check(report.outline?.length === 0, "options page", "outline off, still an outline");
  check(report.warnings?.some((w) => /customGlossary/.test(w)), "options page", `the skipped entry is not reported: ${report.warnings}`);
  await worker.evaluate(async () => {
    await chrome.storage.sync.clear();
    await chrome.storage.local.clear();
  });
  await article.close();
  await page.close();
}

/** A trap in the wasm module: that clean fails with the reason, the next one works. */
async function engineTrap(context, worker, server) {
  const url = server.origin + PAGES.find((p) => p.name === "en-markets").path;
  const page = await openPage(context, url);
  await worker.evaluate(() => globalThis.newslens.breakEngine());
  const failed = await cleanTab(worker, url);
  check(/restarted/.test(failed.error ?? ""), "engine trap", `the failure is not reported: ${JSON.stringify(failed).slice(0, 200)}`);
  check(await page.evaluate(() => !document.querySelector("newslens-ui")), "engine trap", "the page was changed");
  const again = await cleanTab(worker, url);
  check(again.applied > 0, "engine trap", `the next clean does not work: ${again.error}`);
  await page.close();
}

/** Pages no extension may touch: the clean is refused, the badge and its tooltip say why. */
async function refusedPages(context, worker) {
  const page = await context.newPage();
  await page.goto("chrome://version");
  const result = await worker.evaluate(async () => {
    // Without the tabs permission the extension can't read this tab's address: the newest tab.
    const tab = (await chrome.tabs.query({})).sort((a, b) => b.id - a.id)[0];
    let error = null;
    try {
      await globalThis.newslens.cleanTab(tab.id);
    } catch (e) {
      error = e.message;
    }
    return { error, badge: await chrome.action.getBadgeText({ tabId: tab.id }), title: await chrome.action.getTitle({ tabId: tab.id }) };
  });
  check(/browser/.test(result.error ?? ""), "chrome://version", `not refused with a reason: ${result.error}`);
  check(result.badge === "!", "chrome://version", `badge is "${result.badge}"`);
  check(result.title.includes(result.error ?? "\u0000"), "chrome://version", `badge tooltip "${result.title}" does not say why`);
  await page.close();
}

async function localeChinese(server) {
  const { context, worker } = await launch(server, { lang: "zh-CN" });
  try {
    const url = server.origin + PAGES.find((p) => p.name === "en-climate").path;
    const page = await openPage(context, url);
    const report = await cleanTab(worker, url);
    check(!report.error, "zh-CN", `clean failed: ${report.error}`);
    const text = await page.evaluate(() => document.querySelector("newslens-ui").shadowRoot.textContent);
    check(text.includes("全部撤销"), "zh-CN", `the status bar is not in Chinese: ${text.slice(0, 80)}`);
    check(text.includes("分享栏和社交组件"), "zh-CN", "the reasons of the edits are not in Chinese");
  } finally {
    await context.close();
  }
}

const server = await startServer();
fs.mkdirSync(SHOTS, { recursive: true });
const timings = {};
let browser;
try {
  browser = await launch(server);
  const idleStart = server.external.length;
  for (const spec of PAGES) {
    try {
      await testPage(browser.context, browser.worker, server, spec, timings);
    } catch (e) {
      fail(spec.name, `error: ${e.stack ?? e}`);
    }
  }
  await optionsChangeNextClean(browser.context, browser.worker, server);
  await addedContent(browser.context, browser.worker, server);
  await refusedPages(browser.context, browser.worker);
  await autoClean(browser.context, browser.worker, server);
  await optionsPage(browser.context, browser.worker, server);
  await engineTrap(browser.context, browser.worker, server);
  const bgErrors = await browser.worker.evaluate(() => self.__errors);
  check(bgErrors.length === 0, "background", `errors: ${bgErrors.join(" | ")}`);
  const all = server.external.slice(idleStart);
  check(all.length === 0, "browser", `requests left 127.0.0.1: ${all.map((r) => r.target).join(", ")}`);
  await browser.context.close();
  browser = null;
  await localeChinese(server);
} catch (e) {
  failures.push(`error: ${e.stack ?? e}`);
} finally {
  await browser?.context.close();
  await server.close();
}
console.log(`chromium e2e: click to cleaned page: seed ${timings.seed} ms, nytimes-1 ${timings["nytimes-1"]} ms`);
if (failures.length) {
  console.log(`chromium e2e: ${failures.length} failures\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
console.log(`chromium e2e: ${PAGES.length} pages ok`);

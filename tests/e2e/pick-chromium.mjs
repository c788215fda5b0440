// Pick mode and remembered corrections, end to end, in real headless Chromium (Playwright
// driving /usr/bin/chromium) with the extension's test build. Usage (after make extension):
//
//     node tests/e2e/pick-chromium.mjs
//
// On the pages of tests/e2e/pages/pick.mjs:
//  1. by mouse: "Remove something…" in the status bar, point (the outline's label names the
//     element), the wheel widens to the parent, a click removes it; the row says "you removed
//     it", with Restore and "Always on this site";
//  2. by keyboard only, on a page not cleaned (the shortcut's hook): ↑ widens, ↓ narrows back,
//     Tab does not leave, Enter removes; the live region announces each pick; the title needs a
//     confirmation (Esc keeps it);
//  3. "Always on this site" → the rule is saved (storage) → reload → clean → the element is gone
//     with "your rule: …";
//  4. Restore of something Newslens removed → "Never remove this on this site" → `#@#` saved →
//     reload → clean → it stays (needs the engine's `#@#`, see docs/extension.md);
//  5. Undo all after picked and planned edits gives back the page byte for byte;
//  6. an element inside the page's own shadow root, and a click inside a frame: refused with a
//     message, nothing removed;
//  7. pick mode under `default-src 'none'` (the overlay styled and placed) and on a page that
//     rewrites itself every 40 ms (nothing breaks, nothing detached is "removed");
//  8. a selector unique only on the cleaned page is checked against the page as it loaded and
//     refused with a message;
//  9. the per-site buttons: "Never clean this site" lists it; "Clean this site automatically"
//     opens the options page at #grant=<site>;
// and no request leaves 127.0.0.1, no error from the extension.
import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CHROMIUM, chromiumArgs, cleanTab, extensionWorker, testHook } from "./browsers.mjs";
import { checker, finish, firstDifference, waitFor } from "./helpers.mjs";
import { ROOT } from "./server.mjs";
import { pickUiState, startPickServer } from "./pages/pick.mjs";

const EXTENSION = path.join(ROOT, "dist/test/chromium");
const started = Date.now();
const { failures, check } = checker();
if (!fs.existsSync(path.join(EXTENSION, "manifest.json"))) {
  console.error(`pick chromium: ${EXTENSION} is missing: run make extension first`);
  process.exit(1);
}

async function launch(server) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "newslens-pick-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...chromiumArgs({ proxyPort: server.port }), `--disable-extensions-except=${EXTENSION}`, `--load-extension=${EXTENSION}`],
    viewport: { width: 1280, height: 900 },
  });
  const worker = await extensionWorker(context);
  return { context, worker };
}

const errors = [];
async function open(context, url) {
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(`${url}: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && /newslens|chrome-extension/i.test(`${m.text()} ${m.location()?.url}`) && errors.push(`${url}: ${m.text()}`));
  await page.route("**/*", (route) => (route.request().url().startsWith("http://127.0.0.1") ? route.continue() : route.abort()));
  await page.goto(url, { waitUntil: "load" });
  return page;
}

/** Pick mode in the tab showing `url`, as the keyboard command starts it (test build hook). */
const pickTab = (worker, url) => testHook(worker, "pickTab", url);

/** What the UI shows (`pickUiState` in pages/pick.mjs). */
const uiState = (page) => page.evaluate(pickUiState);

const ui = (page, sel) => page.locator(`newslens-ui ${sel}`);

async function storedRules(worker) {
  // Through the settings layer: rules live in storage.sync (chunked) or storage.local.
  return worker.evaluate(async () => [...(await self.newslens.rules())]);
}

// ---------------------------------------------------------------------------------------------

async function byMouse({ context, worker }, server) {
  const url = `${server.origin}/pick/article/`;
  const page = await open(context, url);
  const before = await page.evaluate(() => document.documentElement.outerHTML);
  const report = await cleanTab(worker, url);
  check(!report.error && report.applied > 0, `mouse: the article is cleaned (${report.error ?? report.applied})`);
  const planned = report.edits.filter((e) => e.kind === "remove").length;
  await ui(page, "button.pick-start").click();
  check((await uiState(page)).picking, "mouse: Remove something… starts pick mode");
  // Point at the poll's question: the label names it.
  const span = page.locator(".reader-poll span");
  const box = await span.boundingBox();
  await page.mouse.move(box.x + 5, box.y + box.height / 2);
  await waitFor(async () => /^span\b/.test((await uiState(page)).label ?? ""), { what: "the label of the span", timeout: 3000 }).catch(() => {});
  let state = await uiState(page);
  check(/^span\s+\d+×\d+$/.test(state.label ?? ""), `mouse: the label names the element and its size ("${state.label}")`);
  check(state.boxShown && state.boxPosition === "fixed", "mouse: the outline is drawn over it");
  check(/span/.test(state.live ?? ""), `mouse: the live region says what is picked ("${state.live}")`);
  check(await page.evaluate(() => !document.querySelector(".reader-poll span").hasAttribute("style")), "mouse: the page's element is not restyled");
  // The wheel widens to the parent.
  await page.mouse.wheel(0, -120);
  await waitFor(async () => /^div\.reader-poll/.test((await uiState(page)).label ?? ""), { what: "the poll", timeout: 3000 }).catch(() => {});
  state = await uiState(page);
  check(/^div\.reader-poll\s+\d+×\d+$/.test(state.label ?? ""), `mouse: the wheel widens to the parent ("${state.label}")`);
  const scrolled = await page.evaluate(() => scrollY);
  check(scrolled === 0, "mouse: the wheel did not scroll the page");
  // The event badge: pointed at its image, widened to the figure, a click removes it (and
  // does not reach the page).
  await page.evaluate(() => {
    window.__pageClicks = 0;
    document.addEventListener("click", () => window.__pageClicks++);
  });
  const logo = await page.locator(".event-logo").boundingBox();
  await page.mouse.move(logo.x + 10, logo.y + 10);
  await page.mouse.wheel(0, -120);
  state = await uiState(page);
  check(/^figure\.event-badge/.test(state.label ?? ""), `mouse: widened to the figure ("${state.label}")`);
  await page.mouse.click(logo.x + 10, logo.y + 10);
  state = await uiState(page);
  check(await page.evaluate(() => !document.querySelector(".event-badge")), "mouse: a click removes what is outlined (the figure)");
  check(await page.evaluate(() => window.__pageClicks === 0), "mouse: the page did not get the click");
  check(!state.picking, "mouse: pick mode ends after a removal");
  const row = state.rows.find((r) => r.rule === "user.pick");
  check(row && /you removed it/.test(row.reason), `mouse: the removal is listed ("${row?.reason}")`);
  check(row?.always, "mouse: the row offers Always on this site");

  // "Always on this site" → saved, with where.
  await ui(page, "button.remember-always").click();
  await waitFor(async () => /Saved/.test((await uiState(page)).notice ?? ""), { what: "saved", timeout: 5000 }).catch(() => {});
  state = await uiState(page);
  const rules = await storedRules(worker);
  check(rules.length === 1 && rules[0] === "127.0.0.1##.event-badge", `remember: the rule is saved (${JSON.stringify(rules)})`);
  check(/Saved with your rules, (on this computer only|synced)/.test(state.notice ?? ""), `remember: the status bar says where ("${state.notice}")`);

  // Restore of a planned removal → "Never remove this on this site".
  const related = report.edits.find((e) => e.kind === "remove" && /Related stories/.test(e.text));
  check(!!related, "never: the engine removed the related list (the test needs it)");
  if (related) {
    await ui(page, "button[aria-controls=edits]").isVisible();
    await ui(page, `li[data-edit="${related.id}"] button.restore`).click();
    state = await uiState(page);
    check(await page.evaluate(() => !!document.querySelector(".related-stories")), "never: Restore brings the related list back");
    check(state.rows.find((r) => r.id === String(related.id))?.never, "never: the restored row offers Never remove this on this site");
    await ui(page, `li[data-edit="${related.id}"] button.remember-never`).click();
    await waitFor(async () => (await storedRules(worker)).length === 2, { what: "the exception saved", timeout: 5000 }).catch(() => {});
    const saved = await storedRules(worker);
    check(saved.length === 2 && /^127\.0\.0\.1#@#/.test(saved[1]), `never: the exception is saved (${JSON.stringify(saved)})`);
  }

  // Undo all: the page as it was, after picked and planned edits.
  check(planned > 1, `undo: the page had planned removals too (${planned})`);
  await ui(page, "section.bar .bar-head button:last-child").click();
  const after = await page.evaluate(() => document.documentElement.outerHTML);
  if (after !== before) {
    const d = firstDifference(after, before);
    check(false, `undo: Undo all gives back the page exactly (at ${d.at}: ${JSON.stringify(d.a)} vs ${JSON.stringify(d.b)})`);
  } else check(true, "undo: Undo all gives back the page exactly after picked and planned edits");
  await page.close();

  // Reload → clean: the rule removes the poll, with the rule as its reason.
  const again = await open(context, url);
  const second = await cleanTab(worker, url);
  const byRule = second.edits?.find((e) => e.rule === "user");
  check(byRule?.target.fingerprint.class === "event-badge", `reload: the reader's rule removed the badge (${JSON.stringify(byRule ?? [second.warnings, second.stats, await storedRules(worker)])})`);
  check(await again.evaluate(() => !document.querySelector(".event-badge")), "reload: the badge is gone");
  state = await uiState(again);
  const ruleRow = state.rows.find((r) => r.rule === "user");
  check(/your rule: 127\.0\.0\.1##/.test(ruleRow?.reason ?? ""), `reload: the reason is "your rule: …" ("${ruleRow?.reason}")`);
  check(!(second.warnings ?? []).some((w) => /#@#/.test(w)), `never: the exception is read (${second.warnings})`);
  check(await again.evaluate(() => !!document.querySelector(".related-stories")), "never: after reload and clean, the related list stays");
  await again.close();
  await worker.evaluate(() => Promise.all([chrome.storage.local.clear(), chrome.storage.sync.clear()]));
}

async function byKeyboard({ context, worker }, server) {
  const url = `${server.origin}/pick/article/`;
  const page = await open(context, url);
  const before = await page.evaluate(() => document.documentElement.outerHTML);
  const started = await pickTab(worker, url);
  check(started?.picking === true, `keyboard: the shortcut starts pick mode on a page not cleaned (${JSON.stringify(started)})`);
  let state = await uiState(page);
  check(state?.picking && /^Picked \S+, \d+ × \d+ pixels/.test(state.live ?? "") && !!state.label, `keyboard: pick mode starts on an element and announces it ("${state?.live}")`);
  const focused = await page.evaluate(() => document.activeElement?.localName === "newslens-ui");
  check(focused, "keyboard: the focus is in Newslens's panel");
  await page.keyboard.press("ArrowDown");
  state = await uiState(page);
  check(!!state.label, `keyboard: the first key picks an element ("${state.label}")`);
  const first = state.label;
  await page.keyboard.press("ArrowUp");
  const wider = (await uiState(page)).label;
  check(wider !== first, `keyboard: ↑ widens ("${first}" → "${wider}")`);
  await page.keyboard.press("ArrowDown");
  check((await uiState(page)).label === first, "keyboard: ↓ narrows back to the same element");
  // Walk to the title: up to the article, down into it, left to its first block.
  for (let i = 0; i < 12 && !/^article\.story/.test((await uiState(page)).label ?? ""); i++) await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowDown");
  for (let i = 0; i < 15 && !/^h1\.headline/.test((await uiState(page)).label ?? ""); i++) await page.keyboard.press("ArrowLeft");
  state = await uiState(page);
  check(/^h1\.headline/.test(state.label ?? ""), `keyboard: the arrows reach the title ("${state.label}")`);
  await page.keyboard.press("Enter");
  state = await uiState(page);
  check(state.confirm && /title/.test(state.live ?? ""), "keyboard: the title needs a confirmation");
  check(await page.evaluate(() => !!document.querySelector("h1.headline")), "keyboard: the title is not removed on Enter alone");
  await page.keyboard.press("Escape");
  state = await uiState(page);
  check(!state.confirm && state.picking && /stays/.test(state.live ?? ""), "keyboard: Esc keeps the title and stays in pick mode");
  // Tab and Shift+Tab move between siblings; the focus stays in pick mode.
  await page.keyboard.press("Tab");
  state = await uiState(page);
  const inPanel = await page.evaluate(() => document.activeElement?.localName === "newslens-ui");
  check(/^p\.byline/.test(state.label ?? "") && inPanel && state.picking, `keyboard: Tab moves to the next sibling, the focus stays ("${state.label}")`);
  await page.keyboard.press("Shift+Tab");
  state = await uiState(page);
  check(/^h1\.headline/.test(state.label ?? ""), `keyboard: Shift+Tab moves back ("${state.label}")`);
  // → the byline, Enter removes it.
  await page.keyboard.press("ArrowRight");
  state = await uiState(page);
  check(/^p\.byline/.test(state.label ?? ""), `keyboard: → moves to the byline ("${state.label}")`);
  await page.keyboard.press("Enter");
  state = await uiState(page);
  check(await page.evaluate(() => !document.querySelector(".byline")), "keyboard: Enter removes the byline");
  check(state.rows.some((r) => r.rule === "user.pick"), "keyboard: the removal is listed");
  const focus = await page.evaluate(() => document.querySelector("newslens-ui").shadowRoot.activeElement?.className);
  check(focus === "remember-always", `keyboard: the focus goes to "Always on this site" (${focus})`);
  // Esc leaves pick mode, nothing removed.
  await pickTab(worker, url);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Escape");
  state = await uiState(page);
  check(!state.picking && state.rows.filter((r) => r.rule === "user.pick").length === 1, "keyboard: Esc leaves pick mode, nothing more removed");
  // The page can still be cleaned (the picks stay), and undone exactly.
  const report = await cleanTab(worker, url);
  check(report.applied > 0, "keyboard: a page with picks can then be cleaned");
  const undone = await cleanTab(worker, url);
  check(undone.restored === true, "keyboard: the second click undoes");
  check((await page.evaluate(() => document.documentElement.outerHTML)) === before, "keyboard: undo gives back the page exactly (picks first, then the clean)");
  await page.close();
}

async function refusals({ context, worker }, server) {
  const url = `${server.origin}/pick/components/`;
  const page = await open(context, url);
  await cleanTab(worker, url);
  await ui(page, "button.pick-start").click();
  // Inside the shadow root.
  const forecast = await page.locator("news-widget .forecast").boundingBox();
  await page.mouse.move(forecast.x + 5, forecast.y + forecast.height / 2);
  let state = await uiState(page);
  check(/component/.test(state.label ?? "") && /component/.test(state.live ?? ""), `shadow root: refused with a message ("${state.live}")`);
  await page.mouse.click(forecast.x + 5, forecast.y + forecast.height / 2);
  state = await uiState(page);
  check(await page.evaluate(() => !!document.querySelector("news-widget")?.shadowRoot?.querySelector(".forecast")), "shadow root: nothing removed");
  check(state.picking && !state.rows.some((r) => r.rule === "user.pick"), "shadow root: no removal listed, still picking");
  // ↑ then picks the whole component.
  await page.keyboard.press("ArrowUp");
  state = await uiState(page);
  check(/^news-widget/.test(state.label ?? ""), `shadow root: ↑ picks the whole component ("${state.label}")`);
  // A click inside the frame.
  const frame = await page.locator("iframe.embedded-box").boundingBox();
  await page.mouse.move(frame.x + 40, frame.y + 30);
  await page.mouse.click(frame.x + 40, frame.y + 30);
  await waitFor(async () => /frame/.test((await uiState(page)).live ?? ""), { what: "the frame refusal", timeout: 3000 }).catch(() => {});
  state = await uiState(page);
  check(/inside a frame/.test(state.live ?? ""), `frame: a click inside is refused with a message ("${state.live}")`);
  check(await page.evaluate(() => !!document.querySelector("iframe.embedded-box")), "frame: nothing removed");
  check(!state.rows.some((r) => r.rule === "user.pick"), "frame: no removal listed");
  await page.keyboard.press("Escape");
  await page.close();
}

async function strictCsp({ context, worker }, server) {
  const url = `${server.origin}/pick/csp/`;
  const page = await open(context, url);
  const started = await pickTab(worker, url);
  check(started?.picking === true, `csp: pick mode starts under default-src 'none' (${JSON.stringify(started)})`);
  await page.keyboard.press("ArrowDown");
  const state = await uiState(page);
  check(state.boxPosition === "fixed" && state.boxShown, `csp: the outline is styled and placed (position ${state.boxPosition})`);
  const panel = await page.evaluate(() => getComputedStyle(document.querySelector("newslens-ui").shadowRoot.querySelector(".pick-panel")).position);
  check(panel === "fixed", `csp: the panel is styled (position ${panel})`);
  const promo = await page.locator(".promo-rail h3").boundingBox();
  await page.mouse.move(promo.x + 5, promo.y + 5);
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("Enter");
  check(await page.evaluate(() => !document.querySelector(".promo-rail")), "csp: the promo rail is removed");
  const report = await cleanTab(worker, url);
  check(report.applied > 0, `csp: the page is then cleaned (${report.error ?? report.applied})`);
  await page.close();
}

async function rewriting({ context, worker }, server) {
  const url = `${server.origin}/pick/rewrite/`;
  const page = await open(context, url);
  await cleanTab(worker, url);
  await ui(page, "button.pick-start").click();
  const tick = await page.locator("#live").boundingBox();
  await page.mouse.move(tick.x + 10, tick.y + tick.height / 2);
  await page.waitForTimeout(300); // the element under the pointer is replaced several times
  let state = await uiState(page);
  check(/^(p\.tick|div#live)/.test(state.label ?? "") && state.boxShown, `rewrite: the outline follows the rewritten element ("${state.label}")`);
  await page.keyboard.press("Enter");
  state = await uiState(page);
  const row = state.rows.find((r) => r.rule === "user.pick");
  check(!!row, "rewrite: the pick is a removal even though the element was replaced meanwhile");
  await page.waitForTimeout(200);
  const counting = await page.evaluate(() => document.querySelector("#live .tick")?.textContent);
  check(/Update \d+/.test(counting ?? ""), "rewrite: the page goes on rewriting itself");
  // Widen to the box and remove it.
  await ui(page, "button.pick-start").click();
  await page.mouse.move(tick.x + 10, tick.y + tick.height / 2);
  await page.waitForTimeout(100);
  // On the current line (or on the box, when the move landed while the line was being swapped).
  if (/^p\.tick/.test((await uiState(page)).label ?? "")) await page.keyboard.press("ArrowUp");
  state = await uiState(page);
  check(/^div#live/.test(state.label ?? ""), `rewrite: ↑ widens to the box ("${state.label}")`);
  await page.keyboard.press("Enter");
  check(await page.evaluate(() => !document.querySelector("#live")), "rewrite: the box is removed");
  const undone = await cleanTab(worker, url);
  check(undone.restored === true && (await page.evaluate(() => !!document.querySelector("#live"))), "rewrite: undo brings the box back");
  await page.close();
}

/**
 * A selector unique on the cleaned page but not on the page as it loads (the clean removed the
 * other match): "Always on this site" says so and saves nothing.
 */
async function checkedOnLoad({ context, worker }, server) {
  const url = `${server.origin}/pick/article/`;
  const page = await open(context, url);
  await cleanTab(worker, url);
  check(await page.evaluate(() => document.querySelectorAll(".note").length === 1), "on load: the clean left one .note of two");
  await ui(page, "button.pick-start").click();
  const note = await page.locator("article .note").boundingBox();
  await page.mouse.move(note.x + 10, note.y + 5);
  await page.mouse.click(note.x + 10, note.y + 5);
  await ui(page, "button.remember-always").click();
  await waitFor(async () => /would match/.test((await uiState(page)).notice ?? ""), { what: "the refusal", timeout: 5000 }).catch(() => {});
  const state = await uiState(page);
  check(/would match 2 elements/.test(state.notice ?? ""), `on load: a rule that would match more on load is not saved ("${state.notice}")`);
  check((await storedRules(worker)).length === 0, "on load: nothing saved");
  await page.close();
}

async function siteButtons({ context, worker }, server) {
  const url = `${server.origin}/pick/article/`;
  const page = await open(context, url);
  await cleanTab(worker, url);
  await ui(page, "button[aria-controls=edits]").click();
  await ui(page, "button[data-site=never]").click();
  await waitFor(async () => /will not be cleaned/.test((await uiState(page)).notice ?? ""), { what: "never", timeout: 5000 }).catch(() => {});
  const sync = await worker.evaluate(() => chrome.storage.sync.get({ neverCleanSites: [] }));
  check(sync.neverCleanSites.includes("127.0.0.1"), `site: Never clean this site lists it (${JSON.stringify(sync)})`);
  const opened = context.waitForEvent("page", { timeout: 5000 }).catch(() => null);
  await ui(page, "button[data-site=auto]").click();
  const options = await opened;
  check(/options\.html#grant=127\.0\.0\.1$/.test(options?.url() ?? ""), `site: Clean this site automatically opens the options page at #grant ("${options?.url()}")`);
  await options?.close();
  await worker.evaluate(() => chrome.storage.sync.clear());
  await page.close();
}

const server = await startPickServer();
let browser = null;
try {
  browser = await launch(server);
  for (const [name, test] of Object.entries({ byMouse, byKeyboard, refusals, strictCsp, rewriting, checkedOnLoad, siteButtons })) {
    console.log(name);
    try {
      await test(browser, server);
    } catch (e) {
      check(false, `${name}: ${e.stack ?? e}`);
    }
  }
  const bgErrors = await browser.worker.evaluate(() => self.__errors);
  check(bgErrors.length === 0, `no error in the background (${bgErrors.join(" | ")})`);
  check(errors.length === 0, `no error from the extension in the pages (${errors.join(" | ")})`);
  check(server.external.length === 0, `nothing left 127.0.0.1 (${server.external.map((r) => r.target).join(", ")})`);
} finally {
  await browser?.context.close();
  await server.close();
}
finish("pick chromium", failures, started);

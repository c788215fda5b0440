// Pick mode and remembered corrections, end to end, in real headless Firefox (selenium-webdriver
// + geckodriver, WebDriver BiDi) with the extension's test build installed as a temporary
// add-on. Usage (after make extension):
//
//     node tests/e2e/pick-firefox.mjs
//
// The same pages (tests/e2e/pages/pick.mjs) and the same gestures as pick-chromium.mjs, with real
// pointer, wheel and key input (WebDriver actions): by mouse (label, wheel to widen, click
// removes, the page gets no click) and "Always on this site" → reload → clean → gone with "your
// rule: …"; Restore → "Never remove this on this site" (→ it stays after a reload, where the
// engine knows `#@#`); Undo all gives back the page exactly after picked and planned edits; by
// keyboard only on a page not cleaned (↑ ↓ ← → Tab, the title's confirmation, Enter); a
// shadow-root element and a click inside a frame refused with a message; pick mode under
// `default-src 'none'` and on a page that rewrites itself. The background is reached from the
// extension's options page (see firefox.mjs).
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { Key, Origin } from "selenium-webdriver";
import { bidiSend, callIn, firefoxOptions, startFirefox } from "./browsers.mjs";
import { checker, finish, firstDifference, sleep, waitFor, withTimeout } from "./helpers.mjs";
import { ROOT } from "./server.mjs";
import { pickUiState, startPickServer } from "./pages/pick.mjs";

const DIST = path.join(ROOT, "dist/test/firefox");
const ZIP = path.join(ROOT, "dist/test/newslens-firefox-test.zip");
const started = Date.now();
const { failures, check } = checker();

if (!fs.existsSync(ZIP)) {
  console.error(`pick firefox: ${ZIP} is missing: run make extension first`);
  process.exit(1);
}

const callPage = (b, fn, ...args) => callIn(b, b.page, fn, args);
const callExt = (b, fn, ...args) => callIn(b, b.ext, fn, args);

async function launch(server) {
  const uuid = randomUUID();
  const manifest = JSON.parse(fs.readFileSync(path.join(DIST, "manifest.json"), "utf8"));
  const options = firefoxOptions({ proxyPort: server.port });
  options.setPreference("extensions.webextensions.uuids", JSON.stringify({ [manifest.browser_specific_settings.gecko.id]: uuid }));
  const driver = await withTimeout(startFirefox(options, { systemAccess: true }), 60000, "starting Firefox");
  const b = { driver, uuid, logs: [] };
  try {
    b.bidi = await driver.getBidi();
    b.bidi.on("log.entryAdded", (entry) => b.logs.push(entry));
    await bidiSend(b, "session.subscribe", { events: ["log.entryAdded"] });
    await driver.installAddon(ZIP, true);
    const tree = await bidiSend(b, "browsingContext.getTree", { maxDepth: 0 });
    b.page = tree.contexts[0].context;
    await bidiSend(b, "browsingContext.setViewport", { context: b.page, viewport: { width: 1280, height: 900 } });
    b.ext = (await bidiSend(b, "browsingContext.create", { type: "window", background: true })).context;
    await bidiSend(b, "browsingContext.navigate", { context: b.ext, url: `moz-extension://${uuid}/options.html`, wait: "complete" });
    await waitFor(() => callExt(b, () => typeof browser?.runtime?.getBackgroundPage === "function"), { what: "the options page" });
  } catch (e) {
    await driver.quit().catch(() => {});
    throw e;
  }
  return b;
}

async function navigate(b, url) {
  await bidiSend(b, "browsingContext.navigate", { context: b.page, url, wait: "complete" }, 60000);
}

/** The background's test hooks on the tab showing `url`: "cleanTab" or "pickTab". */
function hook(b, name, url) {
  return callExt(
    b,
    async (name, url) => {
      const bg = await browser.runtime.getBackgroundPage();
      const tab = (await browser.tabs.query({})).find((t) => t.url === url);
      if (!tab) return { error: `no tab shows ${url}` };
      try {
        return JSON.parse(JSON.stringify((await bg.newslens[name](tab.id)) ?? null));
      } catch (e) {
        return { error: String(e?.message ?? e) };
      }
    },
    name,
    url,
  );
}

// Through the settings layer: rules live in storage.sync (chunked) or storage.local.
const storedRules = (b) =>
  callExt(b, async () => JSON.parse(JSON.stringify(await (await browser.runtime.getBackgroundPage()).newslens.rules())));

/** What the UI shows (`pickUiState` in pages/pick.mjs). */
const uiState = (b) => callPage(b, pickUiState);

/** Clicks a button of the UI by its selector in the shadow root (a real click at its centre). */
async function clickUi(b, selector) {
  const at = await callPage(
    b,
    (selector) => {
      const el = document.querySelector("newslens-ui").shadowRoot.querySelector(selector);
      if (!el) return null;
      el.scrollIntoView({ block: "nearest" });
      const r = el.getBoundingClientRect();
      return { x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 2) };
    },
    selector,
  );
  if (!at) throw new Error(`no ${selector} in the UI`);
  await clickAt(b, at.x, at.y);
}

/** The centre of the page's element `selector` (or a point `dx, dy` into it), in the viewport. */
const pointOf = (b, selector, dx = null, dy = null) =>
  callPage(
    b,
    (selector, dx, dy) => {
      const r = document.querySelector(selector)?.getBoundingClientRect();
      if (!r) return null;
      return { x: Math.round(r.left + (dx ?? r.width / 2)), y: Math.round(r.top + (dy ?? r.height / 2)) };
    },
    selector,
    dx,
    dy,
  );

const moveTo = (b, x, y) => b.driver.actions().move({ x, y, origin: Origin.VIEWPORT }).perform();
const clickAt = (b, x, y) => b.driver.actions().move({ x, y, origin: Origin.VIEWPORT }).press().release().perform();
const wheelUp = (b, x, y) => b.driver.actions().scroll(x, y, 0, -120, Origin.VIEWPORT).perform();
async function press(b, key, { shift = false } = {}) {
  let a = b.driver.actions();
  if (shift) a = a.keyDown(Key.SHIFT);
  a = a.keyDown(key).keyUp(key);
  if (shift) a = a.keyUp(Key.SHIFT);
  await a.perform();
  await sleep(30);
}
const html = (b) => callPage(b, () => document.documentElement.outerHTML);

// ---------------------------------------------------------------------------------------------

async function byMouse(b, server) {
  const url = `${server.origin}/pick/article/`;
  await navigate(b, url);
  const before = await html(b);
  const report = await hook(b, "cleanTab", url);
  check(report?.applied > 0, `mouse: the article is cleaned (${report?.error ?? report?.applied})`);
  await clickUi(b, "button.pick-start");
  check((await uiState(b)).picking, "mouse: Remove something… starts pick mode");
  const span = await pointOf(b, ".reader-poll span", 5);
  await moveTo(b, span.x, span.y);
  let state = await uiState(b);
  check(/^span\s+\d+×\d+$/.test(state.label ?? "") && state.boxPosition === "fixed", `mouse: the label names the element and its size ("${state.label}")`);
  check(/span/.test(state.live ?? ""), `mouse: the live region says what is picked ("${state.live}")`);
  await callPage(b, () => {
    window.__pageClicks = 0;
    document.addEventListener("click", () => window.__pageClicks++);
  });
  const logo = await pointOf(b, ".event-logo", 10, 10);
  await moveTo(b, logo.x, logo.y);
  await wheelUp(b, logo.x, logo.y);
  state = await uiState(b);
  check(/^figure\.event-badge/.test(state.label ?? ""), `mouse: the wheel widens to the figure ("${state.label}")`);
  check((await callPage(b, () => scrollY)) === 0, "mouse: the wheel did not scroll the page");
  await clickAt(b, logo.x, logo.y);
  state = await uiState(b);
  check(await callPage(b, () => !document.querySelector(".event-badge")), "mouse: a click removes what is outlined (the figure)");
  check(await callPage(b, () => window.__pageClicks === 0), "mouse: the page did not get the click");
  const row = state.rows.find((r) => r.rule === "user.pick");
  check(row && /you removed it/.test(row.reason) && row.always, `mouse: listed with Always on this site ("${row?.reason}")`);
  await clickUi(b, "button.remember-always");
  await waitFor(async () => (await storedRules(b)).length === 1, { what: "the rule saved", timeout: 5000 }).catch(() => {});
  const rules = await storedRules(b);
  check(rules[0] === "127.0.0.1##.event-badge", `remember: the rule is saved (${JSON.stringify(rules)})`);
  state = await uiState(b);
  check(/Saved with your rules/.test(state.notice ?? ""), `remember: the status bar says where ("${state.notice}")`);

  const related = report.edits.find((e) => e.kind === "remove" && /Related stories/.test(e.text));
  check(!!related, "never: the engine removed the related list (the test needs it)");
  if (related) {
    await clickUi(b, `li[data-edit="${related.id}"] button.restore`);
    check(await callPage(b, () => !!document.querySelector(".related-stories")), "never: Restore brings the related list back");
    await clickUi(b, `li[data-edit="${related.id}"] button.remember-never`);
    await waitFor(async () => (await storedRules(b)).length === 2, { what: "the exception saved", timeout: 5000 }).catch(() => {});
    const saved = await storedRules(b);
    check(saved[1] === "127.0.0.1#@#.related-stories", `never: the exception is saved (${JSON.stringify(saved)})`);
  }
  await clickUi(b, "section.bar .bar-head button:last-child"); // Undo all
  const after = await html(b);
  const d = firstDifference(after, before);
  check(after === before, `undo: Undo all gives back the page exactly after picked and planned edits${after === before ? "" : ` (at ${d.at}: ${JSON.stringify(d.a)})`}`);

  await navigate(b, url);
  const second = await hook(b, "cleanTab", url);
  const byRule = second.edits?.find((e) => e.rule === "user");
  check(byRule?.target.fingerprint.class === "event-badge", `reload: the reader's rule removed the badge (${JSON.stringify(byRule ?? second.warnings)})`);
  check(await callPage(b, () => !document.querySelector(".event-badge")), "reload: the badge is gone");
  state = await uiState(b);
  const ruleRow = state.rows.find((r) => r.rule === "user");
  check(/your rule: 127\.0\.0\.1##\.event-badge/.test(ruleRow?.reason ?? ""), `reload: the reason is "your rule: …" ("${ruleRow?.reason}")`);
  check(!(second.warnings ?? []).some((w) => /#@#/.test(w)), `never: the exception is read (${second.warnings})`);
  check(await callPage(b, () => !!document.querySelector(".related-stories")), "never: after reload and clean, the related list stays");
  await hook(b, "cleanTab", url);
  await callExt(b, () => Promise.all([browser.storage.local.clear(), browser.storage.sync.clear()]));
}

async function byKeyboard(b, server) {
  const url = `${server.origin}/pick/article/`;
  await navigate(b, url);
  const before = await html(b);
  const started = await hook(b, "pickTab", url);
  check(started?.picking === true, `keyboard: the shortcut's hook starts pick mode on a page not cleaned (${JSON.stringify(started)})`);
  let state = await uiState(b);
  check(state?.picking && state.focusInUi && /^Picked /.test(state.live ?? ""), `keyboard: an element is picked and announced, the focus in the panel ("${state?.live}")`);
  for (let i = 0; i < 12 && !/^article\.story/.test((await uiState(b)).label ?? ""); i++) await press(b, Key.ARROW_UP);
  await press(b, Key.ARROW_DOWN);
  for (let i = 0; i < 15 && !/^h1\.headline/.test((await uiState(b)).label ?? ""); i++) await press(b, Key.ARROW_LEFT);
  state = await uiState(b);
  check(/^h1\.headline/.test(state.label ?? ""), `keyboard: ↑ ↓ ← reach the title ("${state.label}")`);
  await press(b, Key.ENTER);
  state = await uiState(b);
  check(state.confirm && (await callPage(b, () => !!document.querySelector("h1.headline"))), "keyboard: the title needs a confirmation");
  await press(b, Key.ESCAPE);
  state = await uiState(b);
  check(!state.confirm && state.picking, "keyboard: Esc keeps the title, still picking");
  await press(b, Key.TAB);
  state = await uiState(b);
  check(/^p\.byline/.test(state.label ?? "") && state.focusInUi, `keyboard: Tab moves to the next sibling, the focus stays ("${state.label}")`);
  await press(b, Key.ENTER);
  state = await uiState(b);
  check(await callPage(b, () => !document.querySelector(".byline")), "keyboard: Enter removes the byline");
  check(state.rows.some((r) => r.rule === "user.pick"), "keyboard: the removal is listed");
  const report = await hook(b, "cleanTab", url);
  check(report?.applied > 0, "keyboard: the page with a pick is then cleaned");
  const undone = await hook(b, "cleanTab", url);
  check(undone?.restored === true && (await html(b)) === before, "keyboard: undo gives back the page exactly");
}

async function refusals(b, server) {
  const url = `${server.origin}/pick/components/`;
  await navigate(b, url);
  await hook(b, "cleanTab", url);
  await clickUi(b, "button.pick-start");
  const forecast = await callPage(b, () => {
    const r = document.querySelector("news-widget").shadowRoot.querySelector(".forecast").getBoundingClientRect();
    return { x: Math.round(r.left + 5), y: Math.round(r.top + r.height / 2) };
  });
  await moveTo(b, forecast.x, forecast.y);
  await clickAt(b, forecast.x, forecast.y);
  let state = await uiState(b);
  check(/component/.test(state.live ?? ""), `shadow root: refused with a message ("${state.live}")`);
  check(
    (await callPage(b, () => !!document.querySelector("news-widget").shadowRoot.querySelector(".forecast"))) &&
      !state.rows.some((r) => r.rule === "user.pick"),
    "shadow root: nothing removed",
  );
  const frame = await pointOf(b, "iframe.embedded-box", 40, 30);
  await moveTo(b, frame.x, frame.y);
  await clickAt(b, frame.x, frame.y);
  await waitFor(async () => /inside a frame/.test((await uiState(b)).live ?? ""), { what: "the frame refusal", timeout: 3000 }).catch(() => {});
  state = await uiState(b);
  check(/inside a frame/.test(state.live ?? ""), `frame: a click inside is refused with a message ("${state.live}")`);
  check((await callPage(b, () => !!document.querySelector("iframe.embedded-box"))) && !state.rows.some((r) => r.rule === "user.pick"), "frame: nothing removed");
  await press(b, Key.ESCAPE);
  await hook(b, "cleanTab", url);
}

async function strictCsp(b, server) {
  const url = `${server.origin}/pick/csp/`;
  await navigate(b, url);
  const started = await hook(b, "pickTab", url);
  check(started?.picking === true, `csp: pick mode starts under default-src 'none' (${JSON.stringify(started)})`);
  const state = await uiState(b);
  const panel = await callPage(b, () => getComputedStyle(document.querySelector("newslens-ui").shadowRoot.querySelector(".pick-panel")).position);
  check(state.boxPosition === "fixed" && panel === "fixed", `csp: the outline and the panel are styled (${state.boxPosition}, ${panel})`);
  const promo = await pointOf(b, ".promo-rail h3", 5, 5);
  await moveTo(b, promo.x, promo.y);
  await press(b, Key.ARROW_UP);
  await press(b, Key.ENTER);
  check(await callPage(b, () => !document.querySelector(".promo-rail")), "csp: the promo rail is removed");
  const report = await hook(b, "cleanTab", url);
  check(report?.applied > 0, `csp: the page is then cleaned (${report?.error ?? report?.applied})`);
}

async function rewriting(b, server) {
  const url = `${server.origin}/pick/rewrite/`;
  await navigate(b, url);
  await hook(b, "cleanTab", url);
  await clickUi(b, "button.pick-start");
  const live = await pointOf(b, "#live", 10);
  await moveTo(b, live.x, live.y);
  await sleep(300);
  let state = await uiState(b);
  // The element under the pointer is replaced every 40 ms: the outline is on the current one
  // (or on the box, when the pointer's move landed while the line was being swapped).
  check(/^(p\.tick|div#live)/.test(state.label ?? "") && state.boxPosition === "fixed", `rewrite: the outline follows the rewritten element ("${state.label}")`);
  if (/^p\.tick/.test(state.label ?? "")) await press(b, Key.ARROW_UP);
  state = await uiState(b);
  check(/^div#live/.test(state.label ?? ""), `rewrite: ↑ widens to the box ("${state.label}")`);
  await press(b, Key.ENTER);
  check(await callPage(b, () => !document.querySelector("#live")), "rewrite: the box is removed");
  const undone = await hook(b, "cleanTab", url);
  check(undone?.restored === true && (await callPage(b, () => !!document.querySelector("#live .tick"))), "rewrite: undo brings the box back, still updating");
}

/** Errors from the extension that WebDriver BiDi saw (pages, content scripts). */
function extensionErrors(b) {
  return b.logs
    .filter((e) => e.level === "error")
    .map((e) => `${e.text} ${(e.stackTrace?.callFrames ?? []).map((f) => f.url).join(" ")}`)
    .filter((s) => s.includes(`moz-extension://${b.uuid}`) || /newslens/i.test(s));
}

const server = await startPickServer();
let b = null;
try {
  b = await launch(server);
  for (const [name, test] of Object.entries({ byMouse, byKeyboard, refusals, strictCsp, rewriting })) {
    console.log(name);
    try {
      await test(b, server);
    } catch (e) {
      check(false, `${name}: ${e.stack ?? e}`);
    }
  }
  const errors = extensionErrors(b);
  check(errors.length === 0, `no error from the extension (${errors.join(" | ")})`);
  check(server.external.length === 0, `nothing left 127.0.0.1 (${server.external.map((r) => r.target).join(", ")})`);
} finally {
  await b?.driver.quit().catch(() => {});
  await server.close();
}
finish("pick firefox", failures, started);

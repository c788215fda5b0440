// End-to-end test of the extension's release build (the test variant, dist/test/) in real
// headless Firefox, driven by selenium-webdriver + geckodriver.
//
//     make extension && node tests/e2e/firefox.mjs
//
// For every page of tests/e2e/server.mjs (PAGES), in one browser with the add-on installed as a
// temporary add-on:
//  1. load the page, let it settle (and scroll through it once, so lazy content has loaded), then
//     in the page's main world cancel the page's pending timers (so that only the extension
//     changes the page from here on), remember `documentElement.outerHTML` and the path of every
//     element, and put a listener for a custom event on every element;
//  2. clean with the background's `newslens.cleanTab(tabId)` (what a toolbar click runs), called
//     from a script on the extension's options page, and time it;
//  3. check what the page is flagged for: boilerplate removed (and gone), video players replaced
//     by cards (no video iframe left), term tooltip on focus, outline scrolls to its heading,
//     restoring one removed element from the status bar, nothing left fixed or sticky;
//  4. undo with cleanTab again: same outerHTML, byte for byte; every original element still
//     connected; every listener still fires;
//  5. no network request by the extension: the browser's HTTP/HTTPS proxy is the test server,
//     which logs every request leaving 127.0.0.1. A host first asked for during the clean (up to
//     after the undo) that the plain page load did not ask for is flagged, and so is any request
//     while the extension sits idle on a blank tab;
//  6. no error from the extension: WebDriver BiDi `log.entryAdded` (pages, content scripts,
//     extension pages), the parent's console service (uncaught errors of every process, the
//     background's included: BiDi does not see the background page) and console.error in the
//     background (hooked through getBackgroundPage()).
// Also: an option (glossary off) changes the next clean; a second browser with its UI in Chinese
// shows the status bar in Chinese; a screenshot of the cleaned seed goes to
// target/e2e/firefox-seed.png.
//
// Exit code 1 on any failure. One line per page with its figures, then `firefox e2e: N pages ok`.
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { bidiSend, callIn, firefoxOptions, startFirefox } from "./browsers.mjs";
import { VIDEO_PLAYER, firstDifference, sleep, stickyProblems, waitFor, withTimeout } from "./helpers.mjs";
import { hostOf, startServer, PAGES, ROOT } from "./server.mjs";

const DIST = path.join(ROOT, "dist/test/firefox");
const ZIP = path.join(ROOT, "dist/test/newslens-firefox-test.zip");
const SHOT = path.join(ROOT, "target/e2e/firefox-seed.png");
const VIEWPORT = { width: 1280, height: 900 };
const EVENT = "newslens-test";
/** Text that must be gone after a clean, per page (the removed boilerplate). */
const GONE_TEXT = {
  seed: ["获取更多RSS"],
  "seed-csp": ["获取更多RSS"],
  "social-buttons": ["Like this:"],
};
const LANGPACK_PACKAGE = "firefox-esr-l10n-zh-cn";

const failures = [];
const fail = (what) => {
  failures.push(what);
  console.log(`  FAIL ${what}`);
};
/**
 * A headless Firefox with the test build installed as a temporary add-on. `page` is the tab the
 * pages load in; `ext` a window on the extension's options page, where `callExt` runs scripts
 * with the WebExtension API.
 */
async function launch({ server, locale = null }) {
  const uuid = randomUUID();
  const manifest = JSON.parse(fs.readFileSync(path.join(DIST, "manifest.json"), "utf8"));
  const geckoId = manifest.browser_specific_settings.gecko.id;
  // The test server is the proxy for everything that would leave 127.0.0.1.
  const options = firefoxOptions({ proxyPort: server.port, locale });
  options.setPreference("extensions.webextensions.uuids", JSON.stringify({ [geckoId]: uuid }));
  // The chrome context (system access) is where the console service's errors are collected.
  const driver = await withTimeout(startFirefox(options, { systemAccess: true }), 60000, "starting Firefox");
  const b = { driver, uuid, logs: [], bgErrors: [], navigationErrors: [] };
  try {
    b.bidi = await driver.getBidi();
    b.bidi.on("log.entryAdded", (entry) => b.logs.push(entry));
    await bidiSend(b, "session.subscribe", { events: ["log.entryAdded"] });

    // Uncaught errors of every process (the background's too) reach the parent's console
    // service; a listener there keeps them, on the chrome window of the page tab.
    await driver.setContext("chrome");
    await driver.executeScript(`
      window.__newslensErrors = [];
      const listener = { observe(m) {
        try {
          if (!(m instanceof Ci.nsIScriptError)) return;
          if (m.flags & (Ci.nsIScriptError.warningFlag | Ci.nsIScriptError.infoFlag)) return;
          window.__newslensErrors.push({ source: m.sourceName, message: m.errorMessage,
            stack: m.stack ? String(m.stack) : "", category: m.category });
        } catch {}
      } };
      Services.console.registerListener(listener);
      window.addEventListener("unload", () => Services.console.unregisterListener(listener));
    `);
    await driver.setContext("content");

    b.installMark = server.external.length;
    await driver.installAddon(ZIP, true);
    const tree = await bidiSend(b, "browsingContext.getTree", { maxDepth: 0 });
    b.page = tree.contexts[0].context;
    await bidiSend(b, "browsingContext.setViewport", { context: b.page, viewport: VIEWPORT });
    const ext = await bidiSend(b, "browsingContext.create", { type: "window", background: true });
    b.ext = ext.context;
    await bidiSend(b, "browsingContext.navigate", {
      context: b.ext,
      url: `moz-extension://${uuid}/options.html`,
      wait: "complete",
    });
    await waitFor(() => callExt(b, () => typeof browser?.runtime?.getBackgroundPage === "function"), {
      what: "the options page's WebExtension API",
    });
  } catch (e) {
    await driver.quit().catch(() => {});
    throw e;
  }
  return b;
}

// Calls here count as user gestures (the options page's permission request needs one).
const callPage = (b, fn, ...args) => callIn(b, b.page, fn, args, { userActivation: true });
const callExt = (b, fn, ...args) => callIn(b, b.ext, fn, args, { userActivation: true });

/**
 * Runs the toolbar click on the tab showing `url`, through the background's test hook. Before
 * that, hooks console.error and uncaught errors in the background (idempotent: the background
 * may have been suspended and started again). Returns `{ ms, result }` or `{ ms, error }`.
 */
async function cleanTab(b, url) {
  const out = await callIn(
    b,
    b.ext,
    async (url) => {
      const bg = await browser.runtime.getBackgroundPage();
      if (!bg.__newslensTestErrors) {
        bg.__newslensTestErrors = [];
        const original = bg.console.error.bind(bg.console);
        bg.console.error = (...a) => {
          bg.__newslensTestErrors.push(a.map((x) => String(x?.stack ?? x)).join(" "));
          original(...a);
        };
        bg.addEventListener("error", (e) => bg.__newslensTestErrors.push(`uncaught: ${e.message}`));
        bg.addEventListener("unhandledrejection", (e) =>
          bg.__newslensTestErrors.push(`unhandled rejection: ${e.reason?.stack ?? e.reason}`),
        );
      }
      const tabs = await browser.tabs.query({});
      const tab = tabs.find((t) => t.url === url);
      if (!tab) return { error: `no tab shows ${url} (${tabs.map((t) => t.url).join(", ")})` };
      const t0 = performance.now();
      let result;
      let error;
      try {
        result = await bg.newslens.cleanTab(tab.id);
      } catch (e) {
        error = String(e?.message ?? e);
      }
      const ms = performance.now() - t0;
      const errors = bg.__newslensTestErrors.splice(0);
      return { ms, result: result === undefined ? undefined : JSON.parse(JSON.stringify(result)), error, errors };
    },
    [url],
    { timeout: 60000, userActivation: true },
  );
  for (const e of out.errors ?? []) b.bgErrors.push(e);
  return out;
}

/** Waits until the proxy log has had no new entry for `quiet` ms (at most `max` ms). */
async function settleNetwork(server, { quiet = 400, max = 5000 } = {}) {
  const end = Date.now() + max;
  let count = server.external.length;
  let since = Date.now();
  while (Date.now() < end) {
    await sleep(50);
    if (server.external.length !== count) {
      count = server.external.length;
      since = Date.now();
    } else if (Date.now() - since >= quiet) return;
  }
}

/** The extension's errors among everything collected so far (and clears the collections). */
async function takeExtensionErrors(b) {
  const mine = (s) => s && (s.includes(`moz-extension://${b.uuid}`) || /newslens/i.test(s));
  // Firefox's built-in add-ons have moz-extension:// addresses too: theirs are shown, not failed.
  const other = (s) => s && s.includes("moz-extension://") && !mine(s);
  const found = [];
  for (const entry of b.logs.splice(0)) {
    if (entry.level !== "error") continue;
    const frames = (entry.stackTrace?.callFrames ?? []).map((f) => f.url).join(" ");
    if (mine(entry.text) || mine(frames)) {
      found.push(`[bidi ${entry.type}] ${entry.text} ${frames}`.trim());
    } else if (other(entry.text) || other(frames)) {
      console.log(`note: an error from another add-on: ${entry.text} ${frames}`);
    }
  }
  await b.driver.setContext("chrome");
  try {
    const errors = await b.driver.executeScript("return window.__newslensErrors.splice(0)");
    for (const e of errors) {
      if (mine(e.source) || mine(e.message) || mine(e.stack)) {
        found.push(`[console ${e.category}] ${e.message} (${e.source}) ${e.stack}`.trim());
      } else if (other(e.source) || other(e.message) || other(e.stack)) {
        console.log(`note: an error from another add-on: ${e.message} (${e.source})`);
      }
    }
  } finally {
    await b.driver.setContext("content");
  }
  for (const e of b.bgErrors.splice(0)) found.push(`[background console.error] ${e}`);
  return found;
}

// ---- In-page functions (run in the page's main world) ------------------------------------

/** Scrolls through the page once (lazy content loads) and back to the top. */
async function scrollThrough() {
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  const max = () => document.documentElement.scrollHeight - innerHeight;
  for (let y = 0, i = 0; y <= max() && i < 60; y += innerHeight, i++) {
    scrollTo(0, y);
    await frame();
  }
  scrollTo(0, max());
  await frame();
  scrollTo(0, 0);
  await frame();
  await frame();
  return scrollY;
}

/**
 * Step 1: remembers the page and puts a listener on every element. The page's own pending
 * timers are cancelled first, so that from here to the undo only the extension changes the page
 * (videos-1, for one, inserts a script 5 s after it loads).
 */
function remember(event) {
  const last = setTimeout(() => {}, 0);
  for (let id = 1; id <= last; id++) {
    clearTimeout(id);
    clearInterval(id);
  }
  const els = [...document.querySelectorAll("*")];
  const paths = new Map();
  const walk = (el, p) => {
    paths.set(p.join("/"), el);
    [...el.children].forEach((c, i) => walk(c, [...p, i]));
  };
  walk(document.documentElement, []);
  window.__nlTest = { html: document.documentElement.outerHTML, els, paths, fired: 0 };
  for (const el of els) el.addEventListener(event, () => window.__nlTest.fired++);
  return { elements: els.length, bytes: window.__nlTest.html.length };
}

/** Checks after the clean, against the report. */
function checkCleaned(report, flags, goneTexts, videoPlayerSource) {
  const problems = [];
  const T = window.__nlTest;
  const byPath = (p) => T.paths.get(p.join("/")) ?? null;
  const ui = document.querySelector("newslens-ui");
  if (!ui?.shadowRoot) problems.push("no <newslens-ui> with an open shadow root after the clean");
  const skipped = new Set((report.skippedEdits ?? []).map((s) => s.id));
  const removes = report.edits.filter((e) => e.kind === "remove" && !skipped.has(e.id));
  const out = { removedGone: 0 };
  if (flags.boilerplate) {
    if (!(report.stats.remove > 0)) problems.push(`stats.remove is ${report.stats.remove}, expected > 0`);
    for (const e of removes) {
      const el = byPath(e.target.path);
      if (!el) problems.push(`remove #${e.id}: no element at ${e.target.path} before the clean`);
      else if (el.isConnected) problems.push(`remove #${e.id} (${e.reason}): <${el.localName}> still in the page`);
      else out.removedGone++;
    }
    const body = document.body.textContent;
    for (const text of goneTexts) if (body.includes(text)) problems.push(`"${text}" still in the page`);
  }
  if (flags.embeds) {
    const video = new RegExp(videoPlayerSource, "i");
    const left = [...document.querySelectorAll("iframe")].filter((f) => {
      const src = f.getAttribute("src") || f.getAttribute("data-src") || "";
      try {
        const url = new URL(src, location.href);
        return video.test(`${url.hostname}${url.pathname}`);
      } catch {
        return false;
      }
    });
    for (const f of left) problems.push(`video iframe still in the page: ${f.getAttribute("src")}`);
    out.cards = document.querySelectorAll("newslens-embed.newslens-embed").length;
    if (out.cards < 1) problems.push("no <newslens-embed> card");
    for (const card of document.querySelectorAll("newslens-embed")) {
      if (!card.shadowRoot?.querySelector("button")) problems.push("a card without a button in an open shadow root");
    }
  }
  out.terms = document.querySelectorAll(".newslens-term").length;
  return { problems, ...out };
}

/** `terms`: focusing the first term shows the tooltip with its definition. */
async function checkTooltip(report) {
  const span = document.querySelector(".newslens-term");
  if (!span) return { problem: "no .newslens-term in the page" };
  const id = Number(span.getAttribute("aria-describedby")?.replace("newslens-def-", ""));
  const edit = report.edits.find((e) => e.kind === "annotate" && e.id === id);
  if (!edit) return { problem: `first term's aria-describedby does not name an annotate edit` };
  const desc = document.getElementById(`newslens-def-${id}`);
  if (!desc || !desc.textContent.includes(edit.definition))
    return { problem: "the term's description element does not hold its definition" };
  const tip = document.querySelector("newslens-ui")?.shadowRoot?.getElementById("tip");
  if (!tip) return { problem: "no #tip in newslens-ui's shadow root" };
  if (!tip.hidden) return { problem: "tooltip visible before focus" };
  span.focus();
  for (let i = 0; i < 40 && tip.hidden; i++) await new Promise((r) => setTimeout(r, 25));
  const visible = !tip.hidden && tip.getBoundingClientRect().height > 0 && getComputedStyle(tip).display !== "none";
  const text = tip.textContent;
  const active = document.activeElement === span;
  span.blur();
  if (!visible) return { problem: `tooltip not visible after focus (term focused: ${active})` };
  if (!text.includes(edit.definition))
    return { problem: `tooltip text "${text.slice(0, 80)}" lacks the definition "${edit.definition.slice(0, 80)}"` };
  if (tip.getAttribute("role") !== "tooltip") return { problem: "#tip has no role=tooltip" };
  return { term: edit.term };
}

/** `outline`: the second outline button scrolls its heading to the top of the window. */
async function checkOutline(report) {
  const T = window.__nlTest;
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  const root = document.querySelector("newslens-ui")?.shadowRoot;
  const buttons = [...(root?.querySelectorAll("nav.outline button[data-section]") ?? [])];
  if (buttons.length < 2) return { problem: `${buttons.length} outline buttons, expected >= 2` };
  const button = buttons[1];
  const entry = report.outline.find((o) => String(o.id) === button.dataset.section);
  if (!entry) return { problem: `outline button data-section=${button.dataset.section} not in the report` };
  const heading = T.paths.get(entry.target.path.join("/"));
  if (!heading?.isConnected) return { problem: "the outline entry's heading is not in the page" };
  const max = () => document.documentElement.scrollHeight - innerHeight;
  // Start where the heading is far from the top.
  const absTop = heading.getBoundingClientRect().top + scrollY;
  scrollTo(0, absTop > innerHeight / 2 ? 0 : max());
  await frame();
  await frame();
  const before = { y: scrollY, top: heading.getBoundingClientRect().top };
  button.click();
  let last = -1;
  let still = 0;
  const end = performance.now() + 5000;
  while (performance.now() < end) {
    await frame();
    if (scrollY === last) still++;
    else still = 0;
    last = scrollY;
    const top = heading.getBoundingClientRect().top;
    const atEnd = scrollY >= max() - 1 && top >= 0 && top < innerHeight;
    if (still >= 5 && (Math.abs(top) <= 150 || atEnd)) break;
  }
  const after = { y: scrollY, top: heading.getBoundingClientRect().top };
  const atEnd = after.y >= max() - 1 && after.top >= 0 && after.top < innerHeight;
  const result = { before, after, title: entry.title };
  if (after.y === before.y) result.problem = `no scroll (scrollY ${before.y})`;
  else if (!(Math.abs(after.top) <= 150 || atEnd))
    result.problem = `heading "${entry.title}" at top=${Math.round(after.top)} after the click (scrollY ${before.y} → ${after.y})`;
  scrollTo(0, 0);
  return result;
}

/** `restore`: the Restore button of one removed element's row brings it back. */
function checkRestore(report) {
  const T = window.__nlTest;
  const root = document.querySelector("newslens-ui")?.shadowRoot;
  if (!root) return { problem: "no newslens-ui" };
  const body = () => document.body.textContent;
  const edits = new Map(report.edits.map((e) => [String(e.id), e]));
  // A removed element with text of its own that is nowhere else on the page now.
  let chosen = null;
  for (const li of root.querySelectorAll("section.bar li[data-edit][data-kind=remove]")) {
    const edit = edits.get(li.dataset.edit);
    const el = edit && T.paths.get(edit.target.path.join("/"));
    const text = el?.textContent.replace(/\s+/g, " ").trim() ?? "";
    const probe = text.slice(0, 40);
    if (el && !el.isConnected && probe.length >= 4 && !body().replace(/\s+/g, " ").includes(probe)) {
      chosen = { li, edit, el, probe };
      break;
    }
  }
  if (!chosen) return { problem: "no remove row whose element has text of its own" };
  const details = root.querySelector("section.bar button[aria-controls=edits]");
  details?.click();
  const restore = chosen.li.querySelector("button");
  if (!restore) return { problem: "the row has no Restore button" };
  restore.click();
  const problems = [];
  if (!chosen.el.isConnected) problems.push("the element is not back in the page");
  if (!body().replace(/\s+/g, " ").includes(chosen.probe)) problems.push(`its text "${chosen.probe}" is not back`);
  if (!chosen.li.classList.contains("restored")) problems.push("the row is not marked restored");
  if (!document.querySelector("newslens-ui")) problems.push("the page is no longer cleaned (no newslens-ui)");
  const otherRemoves = report.edits.filter(
    (e) => e.kind === "remove" && e.id !== chosen.edit.id && !(report.skippedEdits ?? []).some((s) => s.id === e.id),
  );
  const back = otherRemoves.filter((e) => T.paths.get(e.target.path.join("/"))?.isConnected);
  if (back.length) problems.push(`${back.length} other removed elements came back too`);
  details?.click();
  return { problem: problems.join("; ") || null, restored: chosen.probe };
}

/** Step 4: after undo, the page is the remembered one, original nodes and listeners included. */
function checkUndone(event) {
  const T = window.__nlTest;
  const html = document.documentElement.outerHTML;
  const out = { same: html === T.html, leftovers: 0 };
  if (!out.same) Object.assign(out, { before: T.html, after: html });
  out.disconnected = T.els.filter((el) => !el.isConnected).map((el) => `<${el.localName}>`);
  T.fired = 0;
  for (const el of T.els) el.dispatchEvent(new CustomEvent(event, { bubbles: false }));
  out.fired = T.fired;
  out.elements = T.els.length;
  out.leftovers = document.querySelectorAll("newslens-ui, newslens-embed, newslens-descriptions, .newslens-term").length;
  return out;
}

// ---- The run --------------------------------------------------------------------------------

/**
 * Navigates the page tab to `url` and waits for its load event. Firefox's BiDi sometimes fails a
 * navigation with "Address rejected" when a frame of the page being left shows an error page
 * (the test proxy refuses the players' addresses): then the new document is awaited directly.
 */
async function navigate(b, url) {
  await callPage(b, () => {
    window.__nlLeaving = true;
  }).catch(() => {});
  try {
    await bidiSend(b, "browsingContext.navigate", { context: b.page, url, wait: "complete" }, 60000);
  } catch (e) {
    const arrived = await waitFor(
      () =>
        callPage(b, (url) => location.href === url && document.readyState === "complete" && !window.__nlLeaving, url).catch(
          () => false,
        ),
      { timeout: 30000, what: `${url} to load` },
    ).catch(() => false);
    if (!arrived) throw e;
    b.navigationErrors.push(`${url}: ${e.message}`);
  }
}

/**
 * Loads `url` in the page tab, lets it settle, and remembers it (step 1). Returns what
 * `remember` returns and the external hosts the page asked for before the extension was called.
 */
async function loadPlain(b, server, url) {
  const mark = server.external.length;
  await navigate(b, url);
  await settleNetwork(server);
  await callPage(b, scrollThrough);
  await settleNetwork(server);
  const remembered = await callPage(b, remember, EVENT);
  // A request the page started just before its timers were cancelled is still the page's.
  await settleNetwork(server, { quiet: 300, max: 3000 });
  return { remembered, hosts: new Set(server.external.slice(mark).map(hostOf)) };
}

async function testPage(b, server, page, extras) {
  const url = server.origin + page.path;
  const line = { page: page.name };
  const problems = [];
  const { remembered, hosts: baseline } = await loadPlain(b, server, url);
  line.pageHosts = baseline.size;
  line.elements = remembered.elements;

  const mark = server.external.length;
  const cleanStart = Date.now();
  const cleaned = await cleanTab(b, url);
  line.cleanMs = cleaned.ms;
  if (cleaned.error || !cleaned.result?.stats) {
    problems.push(`cleanTab failed: ${cleaned.error ?? JSON.stringify(cleaned.result)}`);
    for (const e of await takeExtensionErrors(b)) problems.push(`extension error: ${e}`);
    return { line, problems };
  }
  const report = cleaned.result;
  line.applied = report.applied;
  line.skipped = report.skipped;
  line.stats = report.stats;
  if (extras.screenshot) {
    const shot = await bidiSend(b, "browsingContext.captureScreenshot", { context: b.page, origin: "viewport" });
    fs.mkdirSync(path.dirname(extras.screenshot), { recursive: true });
    fs.writeFileSync(extras.screenshot, Buffer.from(shot.data, "base64"));
    line.screenshot = path.relative(ROOT, extras.screenshot);
  }
  const after = await callPage(b, checkCleaned, report, page, GONE_TEXT[page.name] ?? [], VIDEO_PLAYER.source);
  problems.push(...after.problems);
  if (page.boilerplate) line.removedGone = after.removedGone;
  if (page.embeds) line.cards = after.cards;
  line.terms = after.terms;
  if (page.sticky) {
    // The content script reported what stays on screen; the engine removed or unstuck it.
    problems.push(...(await callPage(b, stickyProblems)));
    const unstuck = report.edits.filter((e) => e.kind === "unstick").map((e) => e.target.fingerprint.class);
    if (!unstuck.includes("site-header") || !unstuck.includes("floating-video")) {
      problems.push(`the masthead and the player's box are not both unstuck: ${unstuck.join(", ")}`);
    }
    line.unstuck = report.stats.unstick;
  }
  if (extras.expectNoTerms) {
    if (report.stats.annotate !== 0) problems.push(`glossary off: stats.annotate is ${report.stats.annotate}`);
    if (after.terms !== 0) problems.push(`glossary off: ${after.terms} .newslens-term in the page`);
  }
  if (extras.uiText) {
    const text = await callPage(
      b,
      () => document.querySelector("newslens-ui")?.shadowRoot?.querySelector("section.bar")?.textContent ?? "",
    );
    line.uiText = text.replace(/\s+/g, " ").slice(0, 60);
    if (!text.includes(extras.uiText)) problems.push(`status bar lacks "${extras.uiText}": "${text.slice(0, 200)}"`);
  }
  if (page.terms && !extras.expectNoTerms) {
    // The packs are files of the extension that the background hands to the engine.
    if (!report.annotations.some((a) => a.source.startsWith("pack:"))) problems.push("no term from a glossary pack");
    await bidiSend(b, "browsingContext.activate", { context: b.page });
    const tip = await callPage(b, checkTooltip, report);
    if (tip.problem) problems.push(`tooltip: ${tip.problem}`);
    else line.tooltip = tip.term;
  }
  if (page.outline && !extras.expectNoTerms) {
    const o = await callPage(b, checkOutline, report);
    if (o.problem) problems.push(`outline: ${o.problem}`);
    else line.outline = `${Math.round(o.before.y)}→${Math.round(o.after.y)} (top ${Math.round(o.after.top)})`;
  }
  if (page.restore && !extras.expectNoTerms) {
    const r = await callPage(b, checkRestore, report);
    if (r.problem) problems.push(`restore: ${r.problem}`);
    else line.restored = r.restored;
  }

  const undone = await cleanTab(b, url);
  line.undoMs = undone.ms;
  if (undone.error || !undone.result?.restored) {
    problems.push(`undo failed: ${undone.error ?? JSON.stringify(undone.result)}`);
  } else {
    const u = await callPage(b, checkUndone, EVENT);
    if (!u.same) {
      const d = firstDifference(u.after, u.before, 100);
      problems.push(
        `outerHTML differs after undo at char ${d.at}:\n      before: …${JSON.stringify(d.b)}…\n      after:  …${JSON.stringify(d.a)}…`,
      );
    }
    if (u.disconnected.length)
      problems.push(`${u.disconnected.length} original elements not connected after undo: ${u.disconnected.slice(0, 5).join(" ")}`);
    if (u.fired !== u.elements) problems.push(`listeners fired ${u.fired} of ${u.elements} after undo`);
    if (u.leftovers) problems.push(`${u.leftovers} Newslens elements left after undo`);
    line.listeners = `${u.fired}/${u.elements}`;
  }
  await settleNetwork(server, { quiet: 300, max: 3000 });
  const during = server.external.slice(mark);
  const flagged = during.filter((e) => !baseline.has(hostOf(e)));
  line.requests = `${during.length} (${flagged.length} new hosts)`;
  for (const e of flagged) {
    problems.push(`request not made by the plain page load: ${e.method} ${e.target} (${e.at - cleanStart} ms after the clean began)`);
  }
  const errors = await takeExtensionErrors(b);
  for (const e of errors) problems.push(`extension error: ${e}`);
  return { line, problems };
}

function printLine({ line, problems }) {
  const f = (ms) => (ms === undefined ? "-" : `${ms.toFixed(0)} ms`);
  const s = line.stats;
  const parts = [
    `clean ${f(line.cleanMs)}`,
    `undo ${f(line.undoMs)}`,
    s ? `applied ${line.applied} (remove ${s.remove}, embed ${s.replaceEmbed ?? s.embed ?? "?"}, annotate ${s.annotate}, params ${s.stripParams ?? "?"}) skipped ${line.skipped}` : null,
    line.removedGone !== undefined ? `gone ${line.removedGone}` : null,
    line.cards !== undefined ? `cards ${line.cards}` : null,
    line.unstuck !== undefined ? `unstuck ${line.unstuck}` : null,
    `terms ${line.terms ?? "-"}`,
    line.tooltip ? `tooltip "${line.tooltip}"` : null,
    line.outline ? `outline ${line.outline}` : null,
    line.restored ? `restored "${line.restored}"` : null,
    line.uiText ? `ui "${line.uiText}"` : null,
    line.screenshot ? `screenshot ${line.screenshot}` : null,
    `elements ${line.elements ?? "-"}`,
    line.listeners ? `listeners ${line.listeners}` : null,
    `external ${line.requests ?? "-"}`,
  ].filter(Boolean);
  console.log(`${problems.length ? "FAIL" : "ok  "} ${line.page}: ${parts.join(", ")}`);
  for (const p of problems) console.log(`     - ${p}`);
}

/**
 * A blank tab, the extension idle: no request at all, for `ms` (counted from `mark`, by default
 * from when the tab is blank).
 */
async function checkIdle(b, server, ms, what, mark = null) {
  await navigate(b, "about:blank");
  mark ??= server.external.length;
  await sleep(ms);
  const seen = server.external.slice(mark);
  console.log(`${seen.length ? "FAIL" : "ok  "} idle on a blank tab (${what}, ${ms} ms): ${seen.length} requests`);
  for (const e of seen) fail(`request while idle (${what}): ${e.method} ${e.target}`);
}

async function main() {
  if (!fs.existsSync(ZIP) || !fs.existsSync(path.join(DIST, "manifest.json"))) {
    console.log(`firefox e2e: ${path.relative(ROOT, ZIP)} is missing: run \`make extension\` first`);
    process.exit(1);
  }
  const t0 = Date.now();
  const server = await startServer();
  const browsers = [];
  let okPages = 0;
  let pageCount = PAGES.length;
  try {
    // ---- Browser 1: every page, the options change.
    const b = await launch({ server });
    browsers.push(b);
    const early = server.external.slice(0, b.installMark);
    if (early.length) {
      console.log(`note: Firefox made ${early.length} requests before the add-on was installed (not the extension's):`);
      for (const e of early) console.log(`  ${e.method} ${e.target}`);
    }
    // From the install on: the background starts and loads its engine; nothing may leave.
    await checkIdle(b, server, 2000, "install and start-up", b.installMark);
    const startErrors = await takeExtensionErrors(b);
    for (const e of startErrors) fail(`extension error at start-up: ${e}`);

    // NEWSLENS_E2E_PAGES=seed,cnn runs only those pages.
    const only = process.env.NEWSLENS_E2E_PAGES?.split(",").filter(Boolean);
    const pages = only ? PAGES.filter((p) => only.includes(p.name)) : PAGES;
    pageCount = pages.length;
    if (only && pages.length !== only.length) throw new Error(`NEWSLENS_E2E_PAGES names unknown pages: ${only}`);
    for (const page of pages) {
      const extras = page.name === "seed" ? { screenshot: SHOT } : {};
      let result;
      try {
        result = await testPage(b, server, page, extras);
      } catch (e) {
        result = { line: { page: page.name }, problems: [`error: ${e.stack ?? e}`] };
      }
      printLine(result);
      if (result.problems.length) for (const p of result.problems) failures.push(`${page.name}: ${p}`);
      else okPages++;
    }

    // ---- An option changes the next clean: glossary off → no term.
    const english = PAGES.find((p) => p.name === "en-climate");
    {
      let result;
      try {
        await callExt(b, () => browser.storage.sync.set({ glossary: false }));
        result = await testPage(b, server, { ...english, name: "option glossary=false" }, { expectNoTerms: true });
      } catch (e) {
        result = { line: { page: "option glossary=false" }, problems: [`error: ${e.stack ?? e}`] };
      } finally {
        await callExt(b, () => browser.storage.sync.clear()).catch((e) => fail(`storage.sync.clear: ${e}`));
      }
      printLine(result);
      for (const p of result.problems) failures.push(`option glossary=false: ${p}`);
    }
    for (const n of b.navigationErrors) console.log(`note: BiDi navigate failed but the page loaded: ${n}`);
    await checkIdle(b, server, 1000, "after all pages");
    for (const e of await takeExtensionErrors(b)) fail(`extension error: ${e}`);
    await b.driver.quit();
    browsers.pop();

    // ---- Browser 2: the UI in Chinese.
    const zhMark = server.external.length;
    const zh = await launch({ server, locale: "zh-CN" });
    browsers.push(zh);
    for (const e of server.external.slice(zhMark, zh.installMark)) {
      console.log(`note: Firefox (zh-CN) made a request before the add-on was installed: ${e.method} ${e.target}`);
    }
    await checkIdle(zh, server, 1000, "install and start-up, zh-CN", zh.installMark);
    const lang = await callExt(zh, () => browser.i18n.getUILanguage());
    if (!/^zh/i.test(lang)) {
      await zh.driver.setContext("chrome");
      const available = await zh.driver.executeScript("return Services.locale.availableLocales");
      await zh.driver.setContext("content");
      const why = available.some((l) => /^zh-CN/i.test(l))
        ? `Firefox has zh-CN (${available.join(", ")}) but the extension's UI language is ${lang}`
        : `Firefox has no zh-CN language pack (available: ${available.join(", ")}): install the Debian package ${LANGPACK_PACKAGE}`;
      console.log(`FAIL locale zh-CN: ${why}`);
      failures.push(`locale zh-CN: ${why}`);
    } else {
      const messages = JSON.parse(fs.readFileSync(path.join(DIST, "_locales/zh_CN/messages.json"), "utf8"));
      const undoText = messages.barUndo.message;
      let result;
      try {
        result = await testPage(zh, server, { ...english, name: `locale ${lang}` }, { uiText: undoText });
      } catch (e) {
        result = { line: { page: `locale ${lang}` }, problems: [`error: ${e.stack ?? e}`] };
      }
      printLine(result);
      for (const p of result.problems) failures.push(`locale zh-CN: ${p}`);
    }
  } catch (e) {
    failures.push(`harness: ${e.stack ?? e}`);
    console.log(`FAIL harness: ${e.stack ?? e}`);
  } finally {
    for (const b of browsers) await b.driver.quit().catch(() => {});
    await server.close();
  }
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (failures.length) {
    console.log(`firefox e2e: ${failures.length} failures (${okPages} of ${pageCount} pages ok, ${secs} s)`);
    process.exit(1);
  }
  console.log(`firefox e2e: ${okPages} pages ok (${secs} s)`);
}

await main();

// The background: owns the engine (wasm), answers the toolbar button, the keyboard shortcut and
// auto-clean, and keeps the badge. One module for both browsers: Chromium runs it as a service
// worker, Firefox as an event page.
//
// The engine never runs in the page: a page's CSP can forbid wasm there (Chromium enforces it on
// content scripts). The content script sends the page's HTML here and applies the plan it gets
// back. Listeners are registered synchronously at the top level (no top-level await), so the
// event that wakes a suspended background is never lost.
import * as pkg from "./pkg/newslens.js";
import { engineLoader } from "./engine.js";
import { addRule, loadRules, loadSettings, recordRuleMatches, saveSettings, settingsChanged, siteListed, siteOf } from "./settings.js";
import { TEST_BUILD } from "./build-flags.js";
import { t, webext } from "./webext.js";

// The wasm module: loaded now, once; a failed load is retried on the next use.
const engines = engineLoader(pkg, import.meta.url);

// The engine, built from the reader's settings; rebuilt when they change.
let engine = null;
let settingsProblem = null;
// (Not the match counts a clean records for the options page: those change nothing here.)
webext.storage.onChanged.addListener((changes) => {
  if (settingsChanged(changes)) engine = null;
});

async function getEngine() {
  await engines.load();
  if (engine) return engine;
  const { options } = await loadSettings(webext.storage);
  let built = await engines.build(options);
  settingsProblem = null;
  if (!built.engine) {
    // Broken settings never stop a clean: defaults (with the reader's packs), and the reader is
    // told why.
    settingsProblem = t("settingsBroken", built.error);
    built = await engines.build(undefined, options.packs);
  }
  engine = built.engine;
  if (built.failed.length) {
    settingsProblem = [settingsProblem, `packs: ${built.failed.join("; ")}`].filter(Boolean).join(" ");
  }
  return engine;
}

/**
 * Analyses a page, with the content script's hints (the elements the browser shows as fixed or
 * sticky). If the module traps, it is started afresh and the error says so.
 */
async function analyze(html, url, hints) {
  const eng = await getEngine();
  try {
    const { plan, report } = eng.analyze(html, url, hints ?? undefined);
    // The engine lists skipped settings entries in every report's warnings already.
    if (settingsProblem) report.warnings.unshift(settingsProblem);
    return { plan, report };
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) {
      engine = null;
      engines.reset();
      throw new Error(t("errorCrashed", e.message));
    }
    throw e;
  }
}

// Pages no extension may touch, and why.
const STORES = [
  /^https:\/\/chromewebstore\.google\.com\//,
  /^https:\/\/chrome\.google\.com\/webstore/,
  /^https:\/\/addons\.mozilla\.org\//,
  /^https:\/\/microsoftedge\.microsoft\.com\/addons/,
];

function refusalFor(url) {
  // No address: the browser hides it (a page the extension has no access to); injecting
  // will fail with the browser's own reason.
  if (!url) return null;
  if (!/^(https?|file):/.test(url)) return t("errorBrowserPage");
  if (STORES.some((re) => re.test(url))) return t("errorStorePage");
  return null;
}

async function setBadge(tabId, text, title, color = "#3b5bdb") {
  try {
    await webext.action.setBadgeText({ tabId, text });
    await webext.action.setTitle({ tabId, title });
    if (text) await webext.action.setBadgeBackgroundColor({ tabId, color });
  } catch {
    // The tab is gone.
  }
}

/** Calls `globalThis.__newslens[name](...args)` in the tab's content script. */
async function callContent(tabId, name, args = []) {
  const [frame] = await webext.scripting.executeScript({
    target: { tabId },
    func: async (name, args) => {
      try {
        return { ok: await globalThis.__newslens[name](...args) };
      } catch (e) {
        return { error: String(e?.message ?? e) };
      }
    },
    args: [name, args],
  });
  if (!frame || frame.error) throw new Error(String(frame?.error?.message ?? frame?.error));
  if (frame.result?.error) throw new Error(frame.result.error);
  return frame.result?.ok;
}

/** Refuses: the badge and its tooltip say why; the page is left as it was. */
async function refuse(tabId, why) {
  await setBadge(tabId, "!", t("badgeProblem", why), "#c92a2a");
  throw new Error(why);
}

/**
 * The tab, with the content script injected (once: it keeps itself to one instance). Rejects,
 * with the reason on the badge, on a page no extension may touch or that can't be reached.
 */
async function withContentScript(tabId) {
  const tab = await webext.tabs.get(tabId);
  const refusal = refusalFor(tab.url);
  if (refusal) return refuse(tabId, refusal);
  try {
    await webext.scripting.executeScript({ target: { tabId }, files: ["content.js"] });
  } catch (e) {
    return refuse(tabId, t("errorCantAccess", e.message));
  }
  return tab;
}

/**
 * What a click on the toolbar button does on a tab: clean it, or undo if it is cleaned.
 * Resolves to the report (plus `applied`, `skipped`) or `{ restored: true }`; rejects with the
 * reason where it can't run.
 */
async function toggleTab(tabId, { auto = false } = {}) {
  const tab = await withContentScript(tabId);
  if ((await callContent(tabId, "state")) === "cleaned") {
    if (auto) return { alreadyCleaned: true };
    await callContent(tabId, "undo");
    applied.delete(tabId);
    await setBadge(tabId, "", t("actionTitle"));
    return { restored: true };
  }
  const { sites } = await loadSettings(webext.storage);
  if (!auto && siteListed(sites.neverCleanSites, tab.url)) {
    return refuse(tabId, t("errorNeverClean", siteOf(tab.url)));
  }
  const page = await callContent(tabId, "snapshot");
  if (!/html/.test(page.contentType)) return refuse(tabId, t("errorNotHtml", page.contentType));
  let analysis;
  try {
    analysis = await analyze(page.html, page.url, page.hints);
  } catch (e) {
    return refuse(tabId, t("errorEngine", e.message));
  }
  const { plan, report } = analysis;
  // What each of the reader's rules matched, for the options page.
  recordRuleMatches(webext.storage, report).catch(() => {});
  const result = await callContent(tabId, "apply", [plan, report]);
  applied.set(tabId, result.applied);
  await setBadge(tabId, String(result.applied), t("badgeCleaned", result.applied));
  return {
    url: report.url,
    title: report.title,
    language: report.language,
    article: report.article,
    edits: report.edits,
    outline: report.outline,
    annotations: report.annotations,
    stats: report.stats,
    warnings: report.warnings,
    applied: result.applied,
    skipped: result.skipped,
    skippedEdits: result.skippedEdits,
  };
}

// One toggle at a time per tab: a double click does not clean twice.
const busy = new Map();
function toggle(tabId, opts) {
  if (busy.has(tabId)) return busy.get(tabId);
  const job = toggleTab(tabId, opts).finally(() => busy.delete(tabId));
  busy.set(tabId, job);
  return job;
}

webext.action.onClicked.addListener((tab) => {
  toggle(tab.id).catch(() => {});
});

/**
 * Pick mode in a tab (the second shortcut): on a page cleaned or not. Resolves what the content
 * script answers (`{ picking: true }`); rejects with the reason where it can't run.
 */
async function pickTab(tabId) {
  await withContentScript(tabId);
  return callContent(tabId, "pick", [{ keyboard: true }]);
}

webext.commands.onCommand.addListener((command, tab) => {
  const actions = { "toggle-clean": (id) => toggle(id), "pick-element": (id) => pickTab(id) };
  const action = actions[command];
  if (!action) return;
  const run = (id) => action(id).catch(() => {});
  if (tab?.id !== undefined) run(tab.id);
  else webext.tabs.query({ active: true, currentWindow: true }).then(([t]) => t && run(t.id));
});

/**
 * A correction the reader asked to keep (`host##selector`, `host#@#selector`), saved with their
 * rules. Only a line for the tab's own site is taken.
 */
async function saveRule(line, tabUrl) {
  const site = siteOf(tabUrl);
  const m = /^([^#\s]+)(##|#@#)(.+)$/.exec(String(line ?? ""));
  if (!site || !m || m[1] !== site) throw new Error(t("rememberBadLine", String(line).slice(0, 200)));
  const { area } = await addRule(webext.storage, line);
  return { area };
}

/**
 * "Never clean this site" and "Clean this site automatically" from the status bar. Never: the
 * site goes into `neverCleanSites`. Auto: the browser asks for a site's permission only from an
 * extension page and a click there, so the options page opens at `#grant=<site>`, where one
 * click grants it and lists the site. Resolves the message the status bar shows.
 */
async function siteAction(action, tabUrl) {
  const site = siteOf(tabUrl);
  if (!site || !/^https?:/.test(tabUrl)) throw new Error(t("siteNoSite"));
  if (action === "never") {
    const { sites } = await loadSettings(webext.storage);
    const list = Array.isArray(sites.neverCleanSites) ? sites.neverCleanSites : [];
    // Through the settings layer: sync, or local when sync is unavailable or full, stamped
    // so that the newest copy is the one read back.
    if (!siteListed(list, tabUrl)) await saveSettings(webext.storage, { neverCleanSites: [...list, site] });
    return { message: t("siteNeverSaved", site) };
  }
  if (action === "auto") {
    await webext.tabs.create({ url: webext.runtime.getURL(`options.html#grant=${encodeURIComponent(site)}`) });
    return { message: t("siteAutoOpened", site) };
  }
  throw new Error(`unknown site action ${action}`);
}

// Content the page adds after a clean: the content script sends the page again and applies
// what concerns the new nodes.
const applied = new Map(); // tab id → edits applied, for the badge
webext.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const tabId = sender.tab?.id;
  if (tabId === undefined) return false;
  if (message?.type === "newslens:undone") {
    // "Undo all" in the page's status bar.
    applied.delete(tabId);
    setBadge(tabId, "", t("actionTitle"));
    return false;
  }
  if (message?.type === "newslens:more") {
    const n = (applied.get(tabId) ?? 0) + (message.applied | 0);
    applied.set(tabId, n);
    setBadge(tabId, String(n), t("badgeCleaned", n));
    return false;
  }
  if (message?.type === "newslens:saveRule" || message?.type === "newslens:site") {
    // The sender's own address, not one the message names: a page can only speak for itself.
    const url = sender.url ?? sender.tab?.url;
    const job = message.type === "newslens:saveRule" ? saveRule(message.line, url) : siteAction(message.action, url);
    job.then(
      (ok) => sendResponse({ ok }),
      (e) => sendResponse({ error: String(e?.message ?? e) }),
    );
    return true;
  }
  if (message?.type !== "newslens:analyze") return false;
  analyze(message.html, message.url, message.hints).then(
    (analysis) => sendResponse({ ok: analysis }),
    (e) => sendResponse({ error: String(e?.message ?? e) }),
  );
  return true;
});

// Auto-clean: sites the reader chose, where they granted the permission.
webext.tabs.onUpdated.addListener(async (tabId, change, tab) => {
  if (change.status === "loading") {
    setBadge(tabId, "", t("actionTitle"));
    return;
  }
  if (change.status !== "complete" || !tab.url || refusalFor(tab.url)) return;
  try {
    const { sites } = await loadSettings(webext.storage);
    if (!siteListed(sites.autoCleanSites, tab.url)) return;
    if (siteListed(sites.neverCleanSites, tab.url)) return;
    const origin = `${new URL(tab.url).origin}/*`;
    if (!(await webext.permissions.contains({ origins: [origin] }))) return;
    await toggle(tabId, { auto: true });
  } catch {
    // The badge already says why.
  }
});

if (TEST_BUILD) {
  // The test build only: what the toolbar click runs, callable from automation; and a way to
  // make the module trap (a wild pointer: the next call reads outside wasm memory), to test
  // that the background survives it.
  globalThis.newslens = {
    cleanTab: (tabId) => toggle(tabId),
    pickTab: (tabId) => pickTab(tabId),
    // The reader's rule lines as the settings layer reads them back (sync or local).
    rules: () => loadRules(webext.storage),
    breakEngine: async () => {
      (await getEngine()).__wbg_ptr = 0xfffffff0;
    },
  };
}

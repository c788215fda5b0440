// The options page. Toggles, site lists and rules are saved with `saveSettings` (storage.sync,
// or storage.local where sync is unavailable or full; the page says which), the glossary in
// `storage.local` (see settings.js). Entries are checked with the engine itself, so the page
// says exactly what the engine will skip, and why.
//
// `options.html#grant=<host>`: the background opens this when the reader asks, in a page's status
// bar, to clean that site automatically; the page then asks first, at the top, and a click asks
// the browser for that site's permission.
import * as pkg from "./pkg/newslens.js";
import { engineLoader } from "./engine.js";
import {
  PACKS,
  RULE_MATCHES,
  SYNC_DEFAULTS,
  loadSettings,
  saveSettings,
  siteOf,
  siteOfHost,
} from "./settings.js";
import { t, webext } from "./webext.js";

const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};

document.documentElement.lang = t("uiLang");
for (const node of document.querySelectorAll("[data-i18n]")) {
  const text = t(node.dataset.i18n);
  if (text !== node.dataset.i18n) node.textContent = text;
}

// With the packs the background would give the engine, so that only real problems are listed.
const engines = engineLoader(pkg, import.meta.url);

function say(message, bad = false) {
  const status = $("status");
  status.textContent = message;
  status.classList.toggle("bad", bad);
}

/** The engine's verdict on options: `{ error }` (unusable) or `{ warnings }` (skipped entries). */
async function check(options) {
  const { engine, error } = await engines.build(options);
  if (!engine) return { error };
  const warnings = engine.warnings();
  engine.free();
  return { warnings };
}

function showProblems(list, problems) {
  list.replaceChildren(...problems.map((p) => el("li", { textContent: p })));
}

/** Where the settings are kept, and what could not be read, at the top of the page. */
function showArea({ area, why, problems = [] }) {
  const key = area === "sync" ? "optStorageSync" : why === "unavailable" ? "optStorageUnavailable" : "optStorageFull";
  $("storage-area").textContent = t(key);
  $("storage-area").dataset.area = area;
  $("storage-area").classList.toggle("local", area !== "sync");
  showProblems($("settings-problems"), problems.length ? [t("optStoredProblems", problems.join("; "))] : []);
}

async function refreshArea() {
  showArea(await loadSettings(webext.storage));
}

/** Saves settings (see `saveSettings`), says so, and shows where they went. */
async function save(changes) {
  try {
    await saveSettings(webext.storage, changes);
  } catch (e) {
    say(t("optNotSavedWhy", String(e?.message ?? e)), true);
    return false;
  }
  say(t("optSaved"));
  await refreshArea();
  return true;
}

let autoSites = null;

async function load() {
  const settings = await loadSettings(webext.storage);
  const { options, sites } = settings;
  showArea(settings);

  // The engine's own verdict on the stored options (a wrong type stops it using any of them).
  const stored = await check({ ...options, rules: [] });
  if (stored.error) {
    showProblems($("settings-problems"), [...$("settings-problems").children].map((li) => li.textContent).concat(t("settingsBroken", stored.error)));
  }

  for (const box of document.querySelectorAll("[data-toggle]")) {
    box.checked = options[box.dataset.toggle] === undefined ? SYNC_DEFAULTS[box.dataset.toggle] : options[box.dataset.toggle] !== false;
    box.addEventListener("change", () => save({ [box.dataset.toggle]: box.checked }));
  }

  for (const select of document.querySelectorAll("[data-choice]")) {
    select.value = options[select.dataset.choice] ?? SYNC_DEFAULTS[select.dataset.choice];
    if (!select.value) select.value = SYNC_DEFAULTS[select.dataset.choice];
    select.addEventListener("change", () => save({ [select.dataset.choice]: select.value }));
  }

  const enabled = Array.isArray(options.packs) ? options.packs : PACKS;
  for (const pack of PACKS) {
    const box = el("input", { type: "checkbox", checked: enabled.includes(pack) });
    box.dataset.pack = pack;
    box.addEventListener("change", () => {
      const packs = [...document.querySelectorAll("[data-pack]")].filter((b) => b.checked).map((b) => b.dataset.pack);
      return save({ packs: packs.length === PACKS.length ? null : packs });
    });
    $("packs").append(el("label", {}, box, ` ${t(`pack_${pack}`)}`));
  }

  autoSites = siteList("auto", "autoCleanSites", sites.autoCleanSites, true);
  siteList("never", "neverCleanSites", sites.neverCleanSites, false);

  $("glossary").value = JSON.stringify(options.customGlossary, null, 2);
  await showRules(options.rules);
}

// A site and its subdomains, over HTTP and HTTPS. Not `*://`: Chromium refuses that scheme
// ("Only permissions specified in the manifest may be requested"), since it is more than the
// manifest's optional `http://*/*` and `https://*/*`.
const origins = (site) => ["http", "https"].flatMap((scheme) => [`${scheme}://${site}/*`, `${scheme}://*.${site}/*`]);

/**
 * A list of sites; for auto-clean, adding asks for the site's permission (a user gesture).
 * Returns `{ add(site) }`, for a site whose permission was granted already.
 */
function siteList(prefix, key, initial, needsPermission) {
  let sites = Array.isArray(initial) ? [...initial] : [];
  const list = $(`${prefix}-list`);
  const render = () => {
    list.replaceChildren(
      ...sites.map((site) => {
        const remove = el("button", { type: "button", textContent: t("optRemove") });
        remove.setAttribute("aria-label", `${t("optRemove")} ${site}`);
        remove.addEventListener("click", async () => {
          sites = sites.filter((s) => s !== site);
          await save({ [key]: sites });
          if (needsPermission) await webext.permissions.remove({ origins: origins(site) }).catch(() => {});
          render();
        });
        return el("li", {}, el("span", { textContent: site }), remove);
      }),
    );
  };
  const add = async (site) => {
    if (sites.includes(site)) return true;
    sites.push(site);
    const saved = await save({ [key]: sites });
    render();
    return saved;
  };
  render();
  $(`${prefix}-form`).addEventListener("submit", async (event) => {
    event.preventDefault();
    const raw = $(`${prefix}-input`).value.trim();
    const site = siteOf(raw.includes("://") ? raw : `https://${raw}`);
    if (!raw || !site || !/^[a-z0-9.-]+$/.test(site) || !site.includes(".") && site !== "localhost") {
      say(t("optBadSite", raw), true);
      return;
    }
    if (sites.includes(site)) return;
    if (needsPermission) {
      // Must run in the click's task: the browser only asks in answer to a user gesture.
      const granted = await webext.permissions.request({ origins: origins(site) }).catch(() => false);
      if (!granted) {
        say(t("optNoPermission", site), true);
        return;
      }
    }
    if (await add(site)) $(`${prefix}-input`).value = "";
  });
  return { add };
}

async function saveGlossary() {
  let entries;
  try {
    entries = JSON.parse($("glossary").value.trim() || "[]");
  } catch (e) {
    showProblems($("glossary-problems"), [t("optBadJson", e.message)]);
    say(t("optNotSaved"), true);
    return;
  }
  if (!Array.isArray(entries)) {
    showProblems($("glossary-problems"), [t("optNotList")]);
    say(t("optNotSaved"), true);
    return;
  }
  const verdict = await check({ customGlossary: entries });
  if (verdict.error) {
    showProblems($("glossary-problems"), [verdict.error]);
    say(t("optNotSaved"), true);
    return;
  }
  await webext.storage.local.set({ customGlossary: entries });
  showProblems($("glossary-problems"), verdict.warnings);
  say(verdict.warnings.length ? t("optSavedSkipping", verdict.warnings.length) : t("optSaved"));
}

// ---- The reader's rules and exceptions, grouped by site.

/** The rule lines as stored (comments included, in order). */
let rules = [];

const EVERY_SITE = "";
const OTHER = "\u0000other";
const isComment = (line) => typeof line === "string" && line.trim().startsWith("!");

/** The sites part of a rule (`a.com, ~b.a.com`), EVERY_SITE for `##x`, OTHER for what isn't a rule. */
function groupOf(line) {
  if (typeof line !== "string") return OTHER;
  const m = /^([^#]*)(#@#|##)/.exec(line.trim());
  if (!m) return OTHER;
  return m[1].split(",").map((s) => s.trim().toLowerCase()).filter(Boolean).join(", ");
}

/** The lines as entries: a rule with the comments just above it; comments at the end alone. */
function entriesOf(lines) {
  const entries = [];
  let comments = [];
  lines.forEach((line, index) => {
    if (isComment(line)) comments.push(index);
    else {
      entries.push({ index, comments, line });
      comments = [];
    }
  });
  if (comments.length) entries.push({ index: null, comments, line: null });
  return entries;
}

const truncate = (s, max) => ([...s].length <= max ? s : [...s].slice(0, max).join("") + "…");

/**
 * What the engine says of each line of `lines` (a Map from index to its reason), with the
 * packs left out (rules don't need them).
 */
async function ruleProblems(lines) {
  const verdict = await check({ rules: lines, packs: [] });
  const problems = new Map();
  if (verdict.error) {
    problems.set(-1, verdict.error);
    return problems;
  }
  for (const warning of verdict.warnings) {
    const m = /^rules\[(\d+)\]/.exec(warning);
    if (!m) continue;
    const index = Number(m[1]);
    const line = lines[index];
    // The engine's words: `rules[i] "line": reason, skipped`.
    const quoted = typeof line === "string" ? `rules[${index}] "${truncate(line.trim(), 80)}": ` : `rules[${index}]: `;
    let reason = warning.startsWith(quoted) ? warning.slice(quoted.length) : warning.slice(m[0].length).replace(/^[\s:]+/, "");
    reason = reason.replace(/, skipped$/, "");
    problems.set(index, reason);
  }
  return problems;
}

/** The match counts the background keeps after each clean (settings.js, recordRuleMatches). */
async function ruleMatches() {
  try {
    const stored = (await webext.storage.local.get({ [RULE_MATCHES]: {} }))[RULE_MATCHES];
    return stored && typeof stored === "object" ? stored : {};
  } catch {
    return {};
  }
}

async function showRules(lines) {
  rules = Array.isArray(lines) ? [...lines] : [];
  const [problems, matches] = await Promise.all([ruleProblems(rules), ruleMatches()]);
  const groups = new Map();
  for (const entry of entriesOf(rules)) {
    const key = entry.line === null ? OTHER : groupOf(entry.line);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(entry);
  }
  const order = [...groups.keys()].sort((a, b) => {
    const rank = (k) => (k === EVERY_SITE ? 0 : k === OTHER ? 2 : 1);
    return rank(a) - rank(b) || a.replace(/^~/, "").localeCompare(b.replace(/^~/, ""));
  });
  const container = $("rule-groups");
  if (!order.length) {
    container.replaceChildren(el("p", { className: "hint", id: "no-rules", textContent: t("optNoRules") }));
    return;
  }
  container.replaceChildren(
    ...order.map((key) => {
      const title = key === EVERY_SITE ? t("optEverySite") : key === OTHER ? t("optOtherLines") : key;
      const section = el("section", { className: "group" });
      section.dataset.site = key === OTHER ? "other" : key;
      const heading = el("h3", { textContent: title });
      const list = el("ul", { className: "rules" }, ...groups.get(key).map((entry) => ruleItem(entry, problems, matches)));
      section.append(heading, list);
      return section;
    }),
  );
}

function ruleItem(entry, problems, matches) {
  const li = el("li", { className: "rule" });
  for (const index of entry.comments) li.append(el("div", { className: "comment", textContent: rules[index] }));
  const problem = el("p", { className: "problem" });
  const remove = el("button", { type: "button", className: "delete", textContent: t("optRuleDelete") });
  if (entry.line === null) {
    // Comments that no rule follows.
    remove.setAttribute("aria-label", `${t("optRuleDelete")} ${rules[entry.comments[0]]}`);
    remove.addEventListener("click", () => storeRules(rules.filter((_, i) => !entry.comments.includes(i))));
    li.append(el("div", { className: "line" }, remove));
    return li;
  }
  const text = typeof entry.line === "string" ? entry.line : JSON.stringify(entry.line);
  li.dataset.rule = text;
  const exception = typeof entry.line === "string" && entry.line.includes("#@#");
  const kind = el("span", { className: `kind ${exception ? "keep" : "hide"}`, textContent: t(exception ? "optKindException" : "optKindRule") });
  const input = el("input", { type: "text", className: "rule-text", value: text, spellcheck: false, autocomplete: "off" });
  input.setAttribute("aria-label", t("optRuleEditLabel", text));
  const match = matches[text];
  const count = el("span", { className: "count" });
  if (match && Number.isInteger(match.count)) {
    count.textContent = t("optRuleMatched", match.count, match.host ?? "?");
    if (Number.isFinite(match.at)) count.title = new Date(match.at).toLocaleString(t("uiLang"));
  }
  remove.setAttribute("aria-label", `${t("optRuleDelete")} ${text}`);
  remove.addEventListener("click", () => {
    const drop = new Set([entry.index, ...entry.comments]);
    return storeRules(rules.filter((_, i) => !drop.has(i)));
  });
  const commit = async () => {
    const value = input.value.trim();
    if (value === text) return;
    if (!value) {
      // Left as it is (the reader may be typing a new one); Esc puts the rule back.
      problem.textContent = t("optRuleEmpty");
      return;
    }
    problem.textContent = "";
    const reason = await lineProblem(value, entry.index);
    if (reason) {
      problem.textContent = reason;
      say(t("optNotSaved"), true);
      return;
    }
    const next = [...rules];
    next[entry.index] = value;
    await storeRules(next);
  };
  input.addEventListener("change", commit);
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      commit();
    } else if (e.key === "Escape") {
      input.value = text;
      problem.textContent = "";
    }
  });
  const known = problems.get(entry.index);
  if (known) problem.textContent = t("optRuleSkipped", known);
  li.append(el("div", { className: "line" }, kind, input, count, remove), problem);
  return li;
}

/** Why `line` can't be saved (the engine's reason, or a duplicate), or null. */
async function lineProblem(line, replacing = null) {
  if (rules.some((r, i) => r === line && i !== replacing)) return t("optRuleExists", line);
  const problems = await ruleProblems([line]);
  return problems.get(0) ?? problems.get(-1) ?? null;
}

async function storeRules(next) {
  if (await save({ rules: next })) await showRules(next);
}

$("rule-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const line = $("rule-input").value.trim();
  if (!line) return;
  const reason = await lineProblem(line);
  if (reason) {
    showProblems($("rules-problems"), [reason]);
    say(t("optNotSaved"), true);
    return;
  }
  showProblems($("rules-problems"), []);
  await storeRules([...rules, line]);
  $("rule-input").value = "";
});

/**
 * Imports a uBlock Origin-style list: `merge` adds the rules that are not there yet (with their
 * comments), `replace` puts the list in place of the reader's rules. Lines the engine refuses are
 * listed by number with its reason and left out; a list with no usable rule changes nothing.
 */
async function importList(text, mode) {
  const items = text
    .split(/\r\n|\r|\n/)
    .map((line, i) => ({ number: i + 1, line: line.trim() }))
    .filter((item) => item.line);
  const problems = await ruleProblems(items.map((item) => item.line));
  if (problems.has(-1)) {
    showProblems($("import-problems"), [problems.get(-1)]);
    say(t("optNotSaved"), true);
    return;
  }
  const imported = [];
  const report = [];
  let comments = [];
  items.forEach((item, i) => {
    if (isComment(item.line)) comments.push(item.line);
    else if (problems.has(i)) {
      report.push(t("optImportLine", item.number, problems.get(i)));
      comments = [];
    } else {
      imported.push({ comments, line: item.line });
      comments = [];
    }
  });
  showProblems($("import-problems"), report);
  if (!imported.length) {
    say(t(report.length ? "optImportRefused" : "optImportNothing"), true);
    return;
  }
  let next;
  if (mode === "replace") next = imported.flatMap((e) => [...e.comments, e.line]).concat(comments);
  else {
    next = [...rules];
    for (const entry of imported) if (!next.includes(entry.line)) next.push(...entry.comments, entry.line);
    next.push(...comments.filter((c) => !next.includes(c)));
  }
  if (!(await save({ rules: next }))) return;
  await showRules(next);
  say(t("optImportDone", imported.length, report.length), report.length > 0);
}

const importMode = () => document.querySelector("input[name=import-mode]:checked")?.value ?? "merge";

$("import-paste").addEventListener("click", async () => {
  const text = $("import-text").value;
  if (!text.trim()) {
    say(t("optImportNothing"), true);
    return;
  }
  await importList(text, importMode());
});

$("import-file").addEventListener("change", async (event) => {
  const file = event.target.files?.[0];
  if (!file) return;
  const text = await file.text();
  event.target.value = "";
  await importList(text, importMode());
});

/** Offers `text` as a file to download. */
function download(text, name, type) {
  const a = el("a", { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

$("rules-export").addEventListener("click", () => {
  const lines = rules.filter((line) => typeof line === "string");
  download(lines.length ? `${lines.join("\n")}\n` : "", "newslens-rules.txt", "text/plain");
});

// Two clicks delete everything: the first says how many.
let clearArmed = null;
$("rules-clear").addEventListener("click", async () => {
  const button = $("rules-clear");
  if (!rules.length) return;
  if (!clearArmed) {
    button.textContent = t("optClearConfirm", entriesOf(rules).filter((e) => e.line !== null).length);
    clearArmed = setTimeout(() => {
      clearArmed = null;
      button.textContent = t("optClearRules");
    }, 5000);
    return;
  }
  clearTimeout(clearArmed);
  clearArmed = null;
  button.textContent = t("optClearRules");
  await storeRules([]);
});

// Rules saved elsewhere (a page's "Always on this site") or counts after a clean: shown, unless
// the reader is editing a rule here.
webext.storage.onChanged.addListener((changes) => {
  if (!Object.keys(changes).some((k) => k.startsWith("rules") || k === "at.rules" || k === RULE_MATCHES)) return;
  if (document.activeElement?.classList?.contains("rule-text")) return;
  loadSettings(webext.storage)
    .then((settings) => {
      showArea(settings);
      return showRules(settings.options.rules);
    })
    .catch(() => {});
});

$("glossary-save").addEventListener("click", saveGlossary);
$("glossary-export").addEventListener("click", async () => {
  const { options } = await loadSettings(webext.storage);
  download(JSON.stringify(options.customGlossary, null, 2), "newslens-glossary.json", "application/json");
});
$("glossary-import").addEventListener("change", async (event) => {
  const file = event.target.files?.[0];
  if (!file) return;
  $("glossary").value = await file.text();
  event.target.value = "";
  await saveGlossary();
});

// ---- `#grant=<host>`: clean this site automatically?

function showGrant() {
  const m = /^#grant=(.*)$/s.exec(location.hash);
  const box = $("grant");
  if (!m) {
    box.hidden = true;
    return;
  }
  let host = m[1];
  try {
    host = decodeURIComponent(host);
  } catch {
    // Shown as it came.
  }
  const site = siteOfHost(host);
  box.hidden = false;
  $("grant-result").textContent = "";
  $("grant-result").classList.remove("bad");
  if (!site) {
    box.classList.add("bad");
    $("grant-title").textContent = t("optGrantBadTitle");
    $("grant-text").textContent = t("optGrantBadHost", truncate(host, 100));
    $("grant-buttons").hidden = true;
    return;
  }
  const shown = host.trim().toLowerCase().replace(/\.$/, "");
  box.classList.remove("bad");
  box.dataset.site = site;
  $("grant-title").textContent = t("optGrantTitle", shown);
  $("grant-text").textContent = t("optGrantText", shown);
  $("grant-buttons").hidden = false;
  $("grant-allow").focus();
}

$("grant-allow").addEventListener("click", async () => {
  const site = $("grant").dataset.site;
  if (!site) return;
  // First thing in the click: the browser asks only in answer to a user gesture.
  const granted = await webext.permissions.request({ origins: origins(site) }).catch(() => false);
  const result = $("grant-result");
  if (!granted) {
    result.textContent = t("optGrantRefused", site);
    result.classList.add("bad");
    return;
  }
  await ready;
  const saved = await autoSites.add(site);
  result.classList.toggle("bad", !saved);
  result.textContent = saved ? t("optGrantDone", site) : t("optNotSaved");
  if (saved) $("grant-buttons").hidden = true;
});

$("grant-dismiss").addEventListener("click", () => {
  $("grant").hidden = true;
  history.replaceState(null, "", location.pathname);
});

window.addEventListener("hashchange", showGrant);
showGrant();

const ready = load().catch((e) => say(String(e?.message ?? e), true));

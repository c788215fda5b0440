// The options page. Toggles and site lists go to `storage.sync`, the glossary and rules to
// `storage.local` (see settings.js). Entries are checked with the engine itself, so the page
// says exactly what the engine will skip, and why.
import * as pkg from "./pkg/newslens.js";
import { engineLoader } from "./engine.js";
import { PACKS, SYNC_DEFAULTS, loadSettings, siteOf } from "./settings.js";
import { t, webext } from "./webext.js";

const $ = (id) => document.getElementById(id);

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
  list.replaceChildren(...problems.map((p) => Object.assign(document.createElement("li"), { textContent: p })));
}

async function load() {
  const { options, sites } = await loadSettings(webext.storage);

  for (const box of document.querySelectorAll("[data-toggle]")) {
    box.checked = options[box.dataset.toggle] !== false;
    box.addEventListener("change", async () => {
      await webext.storage.sync.set({ [box.dataset.toggle]: box.checked });
      say(t("optSaved"));
    });
  }

  for (const select of document.querySelectorAll("[data-choice]")) {
    select.value = options[select.dataset.choice] ?? SYNC_DEFAULTS[select.dataset.choice];
    select.addEventListener("change", async () => {
      await webext.storage.sync.set({ [select.dataset.choice]: select.value });
      say(t("optSaved"));
    });
  }

  const enabled = Array.isArray(options.packs) ? options.packs : PACKS;
  for (const pack of PACKS) {
    const label = document.createElement("label");
    const box = Object.assign(document.createElement("input"), { type: "checkbox", checked: enabled.includes(pack) });
    box.dataset.pack = pack;
    box.addEventListener("change", async () => {
      const packs = [...document.querySelectorAll("[data-pack]")].filter((b) => b.checked).map((b) => b.dataset.pack);
      await webext.storage.sync.set({ packs: packs.length === PACKS.length ? null : packs });
      say(t("optSaved"));
    });
    label.append(box, ` ${t(`pack_${pack}`)}`);
    $("packs").append(label);
  }

  siteList("auto", "autoCleanSites", sites.autoCleanSites, true);
  siteList("never", "neverCleanSites", sites.neverCleanSites, false);

  $("glossary").value = JSON.stringify(options.customGlossary, null, 2);
  $("rules").value = options.rules.join("\n");
}

/** A list of sites; for auto-clean, adding asks for the site's permission (a user gesture). */
function siteList(prefix, key, initial, needsPermission) {
  let sites = Array.isArray(initial) ? [...initial] : [];
  const list = $(`${prefix}-list`);
  const origins = (site) => [`*://${site}/*`, `*://*.${site}/*`];
  const render = () => {
    list.replaceChildren(
      ...sites.map((site) => {
        const li = document.createElement("li");
        const remove = Object.assign(document.createElement("button"), { type: "button", textContent: t("optRemove") });
        remove.setAttribute("aria-label", `${t("optRemove")} ${site}`);
        remove.addEventListener("click", async () => {
          sites = sites.filter((s) => s !== site);
          await webext.storage.sync.set({ [key]: sites });
          if (needsPermission) await webext.permissions.remove({ origins: origins(site) }).catch(() => {});
          render();
          say(t("optSaved"));
        });
        li.append(Object.assign(document.createElement("span"), { textContent: site }), remove);
        return li;
      }),
    );
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
    sites.push(site);
    await webext.storage.sync.set({ [key]: sites });
    $(`${prefix}-input`).value = "";
    render();
    say(t("optSaved"));
  });
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

async function saveRules() {
  const rules = $("rules").value.split("\n").map((r) => r.trim()).filter(Boolean);
  const verdict = await check({ rules });
  if (verdict.error) {
    showProblems($("rules-problems"), [verdict.error]);
    say(t("optNotSaved"), true);
    return;
  }
  await webext.storage.local.set({ rules });
  showProblems($("rules-problems"), verdict.warnings);
  say(verdict.warnings.length ? t("optSavedSkipping", verdict.warnings.length) : t("optSaved"));
}

$("glossary-save").addEventListener("click", saveGlossary);
$("rules-save").addEventListener("click", saveRules);
$("glossary-export").addEventListener("click", async () => {
  const { options } = await loadSettings(webext.storage);
  const blob = new Blob([JSON.stringify(options.customGlossary, null, 2)], { type: "application/json" });
  const a = Object.assign(document.createElement("a"), { href: URL.createObjectURL(blob), download: "newslens-glossary.json" });
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
});
$("glossary-import").addEventListener("change", async (event) => {
  const file = event.target.files?.[0];
  if (!file) return;
  $("glossary").value = await file.text();
  event.target.value = "";
  await saveGlossary();
});

load().catch((e) => say(String(e?.message ?? e), true));

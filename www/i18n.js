// Strings. The playground's own (strings.json: `{1}` placeholders) come first; the rest are the
// extension's (_locales/<locale>/messages.json, Chrome's format with `$P1$` placeholders, copied
// by the build), so ui.js and the option labels read exactly as in the extension.

export const LANGS = ["en", "zh"];
const EXT_LOCALE = { en: "en", zh: "zh_CN" };

let own = {};
const ext = {};
let lang = "en";

/** The language to start in: `?lang=`, then the reader's last choice, then the browser's. */
export function initialLang() {
  const asked = new URLSearchParams(location.search).get("lang");
  if (LANGS.includes(asked)) return asked;
  try {
    const saved = localStorage.getItem("newslens-playground-lang");
    if (LANGS.includes(saved)) return saved;
  } catch {
    // Storage may be off.
  }
  const nav = (navigator.languages?.[0] ?? navigator.language ?? "en").toLowerCase();
  return nav.startsWith("zh") ? "zh" : "en";
}

async function json(path) {
  const res = await fetch(new URL(path, import.meta.url));
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

/** Loads every string table (all small). */
export async function loadStrings() {
  own = await json("./strings.json");
  await Promise.all(
    LANGS.map(async (l) => {
      ext[l] = await json(`./_locales/${EXT_LOCALE[l]}/messages.json`);
    }),
  );
}

export function setLang(l, remember = false) {
  lang = LANGS.includes(l) ? l : "en";
  if (remember) {
    try {
      localStorage.setItem("newslens-playground-lang", lang);
    } catch {
      // Storage may be off.
    }
  }
}

export const currentLang = () => lang;

/** Chrome's i18n format: `$NAME$` names a placeholder whose content is `$1`…`$9`; `$$` is `$`. */
function chromeFormat(entry, subs) {
  const ph = entry.placeholders ?? {};
  const fill = (s) => s.replace(/\$(\d)/g, (_, d) => String(subs[d - 1] ?? ""));
  return entry.message.replace(/\$\$|\$([A-Za-z_@][\w@]*)\$|\$(\d)/g, (m, name, digit) => {
    if (m === "$$") return "$";
    if (digit) return String(subs[digit - 1] ?? "");
    const p = ph[name.toLowerCase()];
    return p ? fill(p.content) : m;
  });
}

const ownFormat = (text, subs) => text.replace(/\{(\d)\}/g, (_, d) => String(subs[d - 1] ?? ""));

/** `t(key, ...subs)`: the string for the current language (English if it lacks one), or the key. */
export function t(key, ...subs) {
  for (const l of [lang, "en"]) {
    if (own[l]?.[key] !== undefined) return ownFormat(own[l][key], subs);
    if (ext[l]?.[key]) return chromeFormat(ext[l][key], subs);
  }
  return key;
}

/** Fills `data-t` (text), `data-t-label` (aria-label) and `data-t-placeholder` in `root`. */
export function translate(root) {
  for (const node of root.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
  for (const node of root.querySelectorAll("[data-t-label]")) {
    node.setAttribute("aria-label", t(node.dataset.tLabel));
  }
  for (const node of root.querySelectorAll("[data-t-placeholder]")) {
    node.setAttribute("placeholder", t(node.dataset.tPlaceholder));
  }
}

// The reader's settings, as the options page stores them and the hosts read them.
//
// Two kinds. Engine options: the engine's own schema (src/options.rs, camelCase), handed to
// `new Engine(options)` and validated there. Site lists: the extension's own (which sites are
// cleaned on load, which never), read by the background and never given to the engine.
//
// Where they are kept. The toggles, the site lists and the reader's rules (`##` rules and `#@#`
// exceptions, with their `!` comments) are saved in `storage.sync`, so they follow the reader to
// another computer; the custom glossary and the rules' match counts stay in `storage.local`.
// When sync can't take a write (the API is missing or throws: Firefox without sync, a policy; or
// it is full: its quotas are 100 KB in all, 8 KB an item, 512 items), that write goes to
// `storage.local` instead and nothing is lost. Layout, the same in both areas:
// - `clean`, `glossary`, … `autoCleanSites`, `neverCleanSites`: one item each;
// - the rules: `rules.count` chunks `rules.0`, `rules.1`, … (lists of lines, each chunk under
//   the per-item quota), read back in order;
// - `at.<name>`: when that setting was last written (ms since 1970), in the same `set` call as
//   the value. Reading takes, setting by setting, the newest copy of the two areas (a tie goes
//   to sync), so a fallback copy wins until sync is written again and a list deleted from never
//   comes back from an older copy. A successful sync write removes the local copy.
// - `fallback.why` (local only): why the last fallback happened, "full" or "unavailable".
// Before this layout the rules were one `rules` list in `storage.local`; the first load moves
// them (merged with any rules another computer has put in sync).

/** Engine options saved with the settings (`storage.sync`), with their defaults (as in `Options::default`). */
export const SYNC_DEFAULTS = {
  clean: true,
  embeds: true,
  glossary: true,
  outline: true,
  keepSiteNavigation: false,
  explain: "general",
  packs: null,
};

/**
 * The reader's lists among the engine options, with their defaults: the glossary (kept in
 * `storage.local`) and the rules (saved with the settings, in chunks; see above).
 */
export const LOCAL_DEFAULTS = { customGlossary: [], rules: [] };

/** The extension's site lists, saved with the settings: host names (see `siteListed`). */
export const SITE_DEFAULTS = { autoCleanSites: [], neverCleanSites: [] };

/** The glossary packs the engine bundles (data/glossary/*.json). */
export const PACKS = ["tech", "economy", "politics", "science"];

/** The settings `saveSettings` takes: the toggles, the site lists and `rules`. */
export const SAVED = [...Object.keys(SYNC_DEFAULTS), ...Object.keys(SITE_DEFAULTS), "rules"];

/** `storage.sync`'s quotas where the browser does not say (Chromium's and Firefox's values). */
const SYNC_QUOTA = { QUOTA_BYTES: 102400, QUOTA_BYTES_PER_ITEM: 8192, MAX_ITEMS: 512 };

const encoder = new TextEncoder();

/**
 * An item's size as the browsers count it against the quotas: its key plus its value as JSON
 * (counted here in UTF-8 bytes, never less than the browsers' count).
 */
export const itemBytes = (key, value) => encoder.encode(key).length + encoder.encode(JSON.stringify(value)).length;

function quotaOf(sync) {
  const get = (name) => (Number.isFinite(sync?.[name]) && sync[name] > 0 ? sync[name] : SYNC_QUOTA[name]);
  return { bytes: get("QUOTA_BYTES"), perItem: get("QUOTA_BYTES_PER_ITEM"), items: get("MAX_ITEMS") };
}

const chunkKey = (i) => `rules.${i}`;
const isChunkKey = (key) => /^rules\.\d+$/.test(key);

/**
 * The rules split into chunks `{ "rules.0": [...], … , "rules.count": n }`, each under
 * `perItem` bytes; null when one line alone is too big for an item.
 */
export function chunkRules(lines, perItem = Infinity) {
  const chunks = [];
  let chunk = [];
  let size = 2; // the brackets
  for (const line of lines) {
    const bytes = encoder.encode(JSON.stringify(line) ?? "null").length;
    const key = encoder.encode(chunkKey(chunks.length)).length;
    if (chunk.length && key + size + 1 + bytes > perItem) {
      chunks.push(chunk);
      chunk = [];
      size = 2;
    }
    size += bytes + (chunk.length ? 1 : 0);
    chunk.push(line);
  }
  if (chunk.length) chunks.push(chunk);
  // A line too long for an item alone.
  if (chunks.some((c, i) => itemBytes(chunkKey(i), c) > perItem)) return null;
  return { ...Object.fromEntries(chunks.map((c, i) => [chunkKey(i), c])), "rules.count": chunks.length };
}

/** The rules kept in `raw` (one area's items), in order; undefined where there are none. */
function readRules(raw, where, problems) {
  if (!("rules.count" in raw) && !Object.keys(raw).some(isChunkKey)) return undefined;
  let count = raw["rules.count"];
  if (!Number.isInteger(count) || count < 0) {
    problems.push(`${where} rules.count: expected a number, found ${JSON.stringify(count)}; the chunks there were read`);
    count = 0;
    while (chunkKey(count) in raw) count++;
  }
  const lines = [];
  for (let i = 0; i < count; i++) {
    const chunk = raw[chunkKey(i)];
    if (Array.isArray(chunk)) lines.push(...chunk);
    else if (chunk === undefined) problems.push(`${where} ${chunkKey(i)} is missing (not synchronised yet?)`);
    else {
      problems.push(`${where} ${chunkKey(i)}: expected a list of rules`);
      // Kept, so that the engine reports it too and a save does not silently drop it.
      lines.push(chunk);
    }
  }
  return lines;
}

/** One area's copy of setting `key`: `{ value, at }`, or undefined where it has none. */
function copyIn(raw, key, where, problems) {
  const value = key === "rules" ? readRules(raw, where, problems) : raw[key];
  if (value === undefined) return undefined;
  const at = raw[`at.${key}`];
  return { value, at: Number.isFinite(at) ? at : 0 };
}

/** All of one area's items; `null` where the area can't be read (sync missing or refusing). */
async function readArea(area) {
  if (!area || typeof area.get !== "function") return null;
  try {
    const raw = await area.get(null);
    return raw && typeof raw === "object" ? raw : {};
  } catch {
    return null;
  }
}

/** The site lists as the background can use them: lists of host names. */
function sanitizeSites(key, value, problems) {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push(`${key}: expected a list of sites, found ${JSON.stringify(value)?.slice(0, 60)}; ignored`);
    return [];
  }
  const sites = value.filter((s) => typeof s === "string" && s.trim());
  if (sites.length !== value.length) problems.push(`${key}: ${value.length - sites.length} entries that are not site names ignored`);
  return sites;
}

/**
 * Reads the settings: `options` holds the engine's fields only (what `new Engine` takes),
 * `sites` the site lists; `area` says where they are kept: "sync", or "local" when sync is
 * unavailable or any setting's newest copy is the local one (`why`: "unavailable" or "full").
 * `problems` lists stored values that could not be read as they are (the site lists then fall
 * back to empty; the engine options are handed over as stored, and the engine names what it
 * refuses). The first load moves rules from the old layout (see the top of this file).
 */
export async function loadSettings(storage, migrated = false) {
  const problems = [];
  const [sync, local] = await Promise.all([readArea(storage.sync), readArea(storage.local).then((raw) => raw ?? {})]);
  const chosen = {};
  let fromLocal = false;
  for (const key of SAVED) {
    const s = sync ? copyIn(sync, key, "sync", problems) : undefined;
    const l = copyIn(local, key, "local", problems);
    const pick = s && l ? (l.at > s.at ? l : s) : (s ?? l);
    if (pick) chosen[key] = pick.value;
    if (pick && pick === l) fromLocal = true;
  }

  // The old layout: one `rules` list in storage.local, moved once (merged with what another
  // computer may have put in sync already), then read again.
  if ("rules" in local) {
    const legacy = local.rules;
    if (!Array.isArray(legacy)) {
      problems.push(`local rules: expected a list of rules, found ${JSON.stringify(legacy)?.slice(0, 60)}; ignored`);
    } else {
      const current = Array.isArray(chosen.rules) ? chosen.rules : [];
      const merged = [...current, ...legacy.filter((line) => !current.includes(line))];
      if (!migrated) {
        try {
          await saveSettings(storage, { rules: merged });
          return loadSettings(storage, true);
        } catch (e) {
          problems.push(`your rules could not be moved to the new storage (${e?.message ?? e}); they are used as they are`);
        }
      }
      chosen.rules = merged;
    }
  }

  const options = { ...SYNC_DEFAULTS };
  for (const key of Object.keys(SYNC_DEFAULTS)) if (key in chosen) options[key] = chosen[key];
  options.customGlossary = "customGlossary" in local ? local.customGlossary : [];
  options.rules = chosen.rules ?? [];
  const sites = {};
  for (const key of Object.keys(SITE_DEFAULTS)) sites[key] = sanitizeSites(key, chosen[key], problems);

  let area = "sync";
  let why = null;
  if (!sync) [area, why] = ["local", "unavailable"];
  else if (fromLocal) [area, why] = ["local", local["fallback.why"] === "unavailable" ? "unavailable" : "full"];
  return { options, sites, area, why, problems };
}

/** The keys of `raw` that hold setting `key` (its value, its chunks, its time). */
function keysOf(raw, key) {
  const keys = [`at.${key}`];
  if (key === "rules") keys.push("rules.count", ...Object.keys(raw).filter(isChunkKey));
  else keys.push(key);
  return keys.filter((k) => k in raw);
}

/** The items that hold `changes`, written at `at`; null when a rule line alone exceeds `perItem`. */
function itemsFor(changes, at, perItem) {
  const items = {};
  for (const [key, value] of Object.entries(changes)) {
    if (key === "rules") {
      const chunks = chunkRules(value, perItem);
      if (!chunks) return null;
      Object.assign(items, chunks);
    } else {
      items[key] = value;
    }
    items[`at.${key}`] = at;
  }
  return items;
}

/** The chunks of `raw` a new rules list of `count` chunks leaves behind. */
const staleChunks = (raw, count) => Object.keys(raw).filter((k) => isChunkKey(k) && Number(k.slice(6)) >= count);

/** Why sync refused a write: its quotas, or anything else (unavailable). */
const reasonOf = (e) => (/quota|too (large|big)|exceed/i.test(String(e?.message ?? e)) ? "full" : "unavailable");

/**
 * Saves settings (`changes`: some of SAVED, e.g. `{ clean: false }` or `{ rules: [...] }`) in
 * `storage.sync`, or, where sync is unavailable or the write would go past one of its quotas
 * (checked before writing), in `storage.local`. Resolves `{ area, why }`: where this write went
 * and, for "local", why ("full" or "unavailable"). Rejects only when neither area takes it (the
 * stored settings are then as they were).
 */
export async function saveSettings(storage, changes) {
  for (const key of Object.keys(changes)) {
    if (!SAVED.includes(key)) throw new Error(`not a saved setting: ${key}`);
  }
  if ("rules" in changes && !Array.isArray(changes.rules)) throw new Error("rules: expected a list");
  const local = (await readArea(storage.local)) ?? {};
  const sync = await readArea(storage.sync);
  // Newer than any copy already there, so the copy written now is the one read back.
  let at = Date.now();
  for (const key of Object.keys(changes)) {
    for (const raw of [sync, local]) {
      const t = raw?.[`at.${key}`];
      if (Number.isFinite(t) && t >= at) at = t + 1;
    }
  }

  let why = "unavailable";
  if (sync) {
    const quota = quotaOf(storage.sync);
    const items = itemsFor(changes, at, quota.perItem);
    if (!items) why = "full";
    else {
      const stale = "rules" in changes ? staleChunks(sync, items["rules.count"]) : [];
      const after = { ...sync, ...items };
      for (const key of stale) delete after[key];
      const sizes = Object.entries(after).map(([k, v]) => itemBytes(k, v));
      const total = sizes.reduce((a, b) => a + b, 0);
      const fits =
        Object.entries(items).every(([k, v]) => itemBytes(k, v) <= quota.perItem) &&
        total <= quota.bytes &&
        sizes.length <= quota.items;
      if (!fits) why = "full";
      else {
        try {
          await storage.sync.set(items);
          if (stale.length) await storage.sync.remove(stale).catch(() => {});
          // The local copies are older now: gone, so that they never come back.
          const old = Object.keys(changes).flatMap((key) => keysOf(local, key));
          if ("rules" in changes && "rules" in local) old.push("rules");
          if (old.length) await storage.local.remove(old).catch(() => {});
          return { area: "sync", why: null };
        } catch (e) {
          why = reasonOf(e);
        }
      }
    }
  }

  const items = itemsFor(changes, at, Infinity);
  const stale = "rules" in changes ? staleChunks(local, items["rules.count"]) : [];
  await storage.local.set({ ...items, "fallback.why": why });
  const old = [...stale];
  if ("rules" in changes && "rules" in local) old.push("rules");
  if (old.length) await storage.local.remove(old).catch(() => {});
  return { area: "local", why };
}

/** The reader's rule lines as stored (comments included), the newest copy. */
export async function loadRules(storage) {
  return (await loadSettings(storage)).options.rules;
}

// The one site matcher of the JS side, the same as the engine's for the sites of `##` rules
// (`site_matches` in src/clean/trackers.rs): a site is a host name, in any case, around which
// spaces do not count; a leading `*.` is dropped (`*.example.com` is `example.com`: a site covers
// its subdomains anyway), then a leading `www.`.
const bareSite = (site) =>
  site.trim().toLowerCase().replace(/^\*\./, "").replace(/^www\./, "");

/** The site of a URL (its host name, bare as in a site list), or null. */
export function siteOf(url) {
  try {
    return bareSite(new URL(url).hostname);
  } catch {
    return null;
  }
}

/**
 * A host name as a reader or the background may give one (`example.com`, `news.example.co.uk`,
 * `127.0.0.1`, `localhost`): its bare site (see `siteOf`), or null when it is anything else
 * (a scheme, a path, a port, spaces, characters no host name has).
 */
export function siteOfHost(host) {
  if (typeof host !== "string") return null;
  const h = host.trim().toLowerCase();
  const label = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
  if (h.length > 253 || !new RegExp(`^(?:\\*\\.)?${label}(?:\\.${label})*\\.?$`).test(h)) return null;
  const site = bareSite(h.replace(/\.$/, ""));
  return site.includes(".") || site === "localhost" ? site : null;
}

/** Whether `url` belongs to one of `sites` (a site covers its subdomains). */
export function siteListed(sites, url) {
  const host = siteOf(url);
  if (!host || !Array.isArray(sites)) return false;
  return sites.some((s) => {
    const site = bareSite(String(s));
    return host === site || host.endsWith(`.${site}`);
  });
}

/**
 * Saves one rule line (`host##selector` or an exception `host#@#selector`) with the reader's
 * other rules, unless it is there already. Answers where the rules are kept (`{ area }`, with
 * `why` for "local").
 */
export async function addRule(storage, line) {
  const { options } = await loadSettings(storage);
  const rules = options.rules;
  if (rules.includes(line)) {
    // Already saved: where it is.
    const fresh = await loadSettings(storage);
    return { area: fresh.area, why: fresh.why };
  }
  return saveSettings(storage, { rules: [...rules, line] });
}

/** Where the rules' match counts are kept (`storage.local`): `{ [rule text]: { count, host, at } }`. */
export const RULE_MATCHES = "ruleMatches";
/** The most rules whose last match count is kept. */
const MAX_RULE_MATCHES = 500;

/**
 * After a clean: keeps, for each of the reader's rules and exceptions that applied to the page,
 * how many elements it matched (`storage.local`, key RULE_MATCHES), for the options page. Reads
 * the engine report's per-rule list: `report.ruleMatches`, entries `{ rule, matched }`.
 * A report without it records nothing.
 */
export async function recordRuleMatches(storage, report) {
  const list = Array.isArray(report?.ruleMatches) ? report.ruleMatches : null;
  if (!list) return;
  const host = siteOf(report.url ?? "");
  const at = Date.now();
  const entries = list
    .map((r) => [r?.rule, r?.matched])
    .filter(([text, count]) => typeof text === "string" && Number.isInteger(count) && count >= 0);
  if (!entries.length) return;
  const stored = (await storage.local.get({ [RULE_MATCHES]: {} }))[RULE_MATCHES];
  const map = stored && typeof stored === "object" && !Array.isArray(stored) ? { ...stored } : {};
  for (const [text, count] of entries) map[text] = { count, host, at };
  const kept = Object.entries(map)
    .filter(([, v]) => v && Number.isFinite(v.at))
    .sort((a, b) => b[1].at - a[1].at)
    .slice(0, MAX_RULE_MATCHES);
  await storage.local.set({ [RULE_MATCHES]: Object.fromEntries(kept) });
}

/**
 * Whether a `storage.onChanged` change touches what the engine is built from (not the match
 * counts `recordRuleMatches` keeps, nor the fallback note).
 */
export function settingsChanged(changes) {
  return Object.keys(changes ?? {}).some((key) => key !== RULE_MATCHES && key !== "fallback.why");
}

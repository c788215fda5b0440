// The settings' storage logic (extension/common/settings.js), in node, no browser: the real
// module against a fake `storage` whose `sync` area enforces the browsers' quotas the way they
// do (a write past one is refused and changes nothing) and can be made unavailable (every call
// throws, as in Firefox with sync switched off by policy). What the browsers themselves do with
// it is the options runners' part (options-chromium.mjs, options-firefox.mjs).
//
//     node tests/e2e/settings-unit.mjs
import {
  SAVED,
  addRule,
  chunkRules,
  itemBytes,
  loadSettings,
  recordRuleMatches,
  saveSettings,
  settingsChanged,
  siteOfHost,
} from "../../extension/common/settings.js";
import { checker, finish } from "./helpers.mjs";

const started = Date.now();
const { failures, check } = checker();

/** A storage area like the browsers': values go through JSON; optional quotas. */
function fakeArea({ quota = null } = {}) {
  const data = new Map();
  const area = {
    unavailable: false,
    writes: 0,
    data,
    async get(keys) {
      if (area.unavailable) throw new Error("Sync is disabled");
      const all = Object.fromEntries([...data].map(([k, v]) => [k, JSON.parse(v)]));
      if (keys === null || keys === undefined) return all;
      if (typeof keys === "string") return keys in all ? { [keys]: all[keys] } : {};
      if (Array.isArray(keys)) return Object.fromEntries(keys.filter((k) => k in all).map((k) => [k, all[k]]));
      return Object.fromEntries(Object.entries(keys).map(([k, d]) => [k, k in all ? all[k] : d]));
    },
    async set(items) {
      if (area.unavailable) throw new Error("Sync is disabled");
      const next = new Map(data);
      for (const [k, v] of Object.entries(items)) next.set(k, JSON.stringify(v));
      if (quota) {
        for (const k of Object.keys(items)) {
          if (itemBytes(k, items[k]) > quota.QUOTA_BYTES_PER_ITEM) throw new Error("QUOTA_BYTES_PER_ITEM quota exceeded");
        }
        const total = [...next].reduce((sum, [k, v]) => sum + itemBytes(k, JSON.parse(v)), 0);
        if (total > quota.QUOTA_BYTES) throw new Error("QUOTA_BYTES quota exceeded");
        if (next.size > quota.MAX_ITEMS) throw new Error("MAX_ITEMS quota exceeded");
      }
      area.writes++;
      data.clear();
      for (const [k, v] of next) data.set(k, v);
    },
    async remove(keys) {
      if (area.unavailable) throw new Error("Sync is disabled");
      for (const k of [keys].flat()) data.delete(k);
    },
  };
  if (quota) Object.assign(area, quota);
  return area;
}

const QUOTA = { QUOTA_BYTES: 102400, QUOTA_BYTES_PER_ITEM: 8192, MAX_ITEMS: 512 };
const fakeStorage = () => ({ sync: fakeArea({ quota: QUOTA }), local: fakeArea() });
/** `n` distinct rules of about 60 bytes each. */
const manyRules = (n, site = "example.com") =>
  Array.from({ length: n }, (_, i) => `${site}##div.promo-block-number-${String(i).padStart(5, "0")} > .inner`);
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// Chunking: each chunk under the per-item quota, read back in order.
{
  const lines = ["! a comment", ...manyRules(400), "ünïcödé.example##.日本語"];
  const items = chunkRules(lines, 8192);
  const chunks = Object.entries(items).filter(([k]) => k !== "rules.count");
  check(items["rules.count"] === chunks.length && chunks.length > 2, `400 rules make ${chunks.length} chunks (rules.count ${items["rules.count"]})`);
  check(chunks.every(([k, v]) => itemBytes(k, v) <= 8192), "every chunk is within QUOTA_BYTES_PER_ITEM");
  check(same(chunks.flatMap(([, v]) => v), lines), "the chunks hold the lines in order");
  check(chunkRules([`example.com##${"x".repeat(9000)}`], 8192) === null, "a line longer than an item can't be chunked");
  check(same(chunkRules([], 8192), { "rules.count": 0 }), "no rules: no chunk");
}

// Defaults, and a fresh save going to sync.
{
  const storage = fakeStorage();
  const empty = await loadSettings(storage);
  check(empty.area === "sync" && empty.options.clean === true && same(empty.options.rules, []) && same(empty.sites.autoCleanSites, []), "nothing stored: defaults, area sync");
  const lines = ["! promo rail", "example.com##.promo", "example.com#@#.keep"];
  const saved = await saveSettings(storage, { rules: lines, clean: false });
  check(saved.area === "sync", `a small write goes to sync (${saved.area})`);
  check(storage.sync.data.has("rules.0") && !storage.local.data.size, "sync holds the chunks, local nothing");
  const read = await loadSettings(storage);
  check(same(read.options.rules, lines) && read.options.clean === false && read.area === "sync", "read back from sync");
}

// Long lists: split over several keys, within every quota.
{
  const storage = fakeStorage();
  const lines = manyRules(1000);
  const saved = await saveSettings(storage, { rules: lines });
  const chunks = [...storage.sync.data.keys()].filter((k) => /^rules\.\d+$/.test(k));
  check(saved.area === "sync" && chunks.length > 5, `1000 rules (${JSON.stringify(lines).length} bytes) go to sync in ${chunks.length} chunks`);
  check(same((await loadSettings(storage)).options.rules, lines), "1000 rules read back in order");
  // Shorter again: the chunks left over are removed.
  await saveSettings(storage, { rules: lines.slice(0, 10) });
  const left = [...storage.sync.data.keys()].filter((k) => /^rules\.\d+$/.test(k));
  check(left.length === 1, `a shorter list leaves no stale chunk (${left.join(", ")})`);
  check(same((await loadSettings(storage)).options.rules, lines.slice(0, 10)), "the shorter list is read back");
}

// Full: the write goes to local, nothing lost; the area says so; back to sync when it fits.
{
  const storage = fakeStorage();
  await saveSettings(storage, { rules: ["a.com##.x"], glossary: false });
  const before = storage.sync.writes;
  const big = manyRules(2500);
  const saved = await saveSettings(storage, { rules: big });
  check(saved.area === "local" && saved.why === "full", `past the 100 KB quota: local, full (${saved.area}, ${saved.why})`);
  check(storage.sync.writes === before, "the quota is checked before writing: no refused write to sync");
  const read = await loadSettings(storage);
  check(same(read.options.rules, big), "the big list is read back whole");
  check(read.area === "local" && read.why === "full", `loadSettings says local, full (${read.area}, ${read.why})`);
  check(read.options.glossary === false, "the other settings still come from sync");
  // A toggle still fits in sync.
  await saveSettings(storage, { glossary: true });
  check((await loadSettings(storage)).options.glossary === true, "a later toggle is read back");
  // Deleting rules until they fit: back in sync, the local copy gone; the deleted ones stay deleted.
  const small = big.slice(0, 5);
  const back = await saveSettings(storage, { rules: small });
  check(back.area === "sync", `a list that fits again goes to sync (${back.area})`);
  check(![...storage.local.data.keys()].some((k) => k.startsWith("rules")), "the local copy is removed");
  const again = await loadSettings(storage);
  check(same(again.options.rules, small) && again.area === "sync", "the deleted rules do not come back; area sync");
}

// One line too long for a sync item: local.
{
  const storage = fakeStorage();
  const saved = await saveSettings(storage, { rules: [`example.com##${"div ".repeat(2500)}`] });
  check(saved.area === "local" && saved.why === "full", "a line over QUOTA_BYTES_PER_ITEM: local, full");
}

// Too many items: local.
{
  const storage = fakeStorage();
  for (let i = 0; i < 508; i++) storage.sync.data.set(`other.${i}`, "1");
  const saved = await saveSettings(storage, { rules: ["a.com##.x"], clean: false });
  check(saved.area === "local", `past MAX_ITEMS: local (${saved.area})`);
}

// Sync unavailable (API missing, or throwing).
{
  const missing = { local: fakeArea() };
  const saved = await saveSettings(missing, { rules: ["a.com##.x"] });
  const read = await loadSettings(missing);
  check(saved.area === "local" && saved.why === "unavailable", "no storage.sync: saved locally, unavailable");
  check(read.area === "local" && read.why === "unavailable" && same(read.options.rules, ["a.com##.x"]), "no storage.sync: read back, area local");
  const throwing = fakeStorage();
  throwing.sync.unavailable = true;
  const s2 = await saveSettings(throwing, { neverCleanSites: ["b.org"] });
  const r2 = await loadSettings(throwing);
  check(s2.area === "local" && r2.area === "local" && r2.why === "unavailable" && same(r2.sites.neverCleanSites, ["b.org"]), "sync throwing: local, unavailable");
  // Sync comes back: a newer write there wins over the older local copy.
  throwing.sync.unavailable = false;
  const s3 = await saveSettings(throwing, { neverCleanSites: [] });
  const r3 = await loadSettings(throwing);
  check(s3.area === "sync" && same(r3.sites.neverCleanSites, []) && r3.area === "sync", "sync back: the newer sync copy wins, the local one is gone");
}

// The newest copy wins, setting by setting, whichever area holds it.
{
  const storage = fakeStorage();
  storage.sync.data.set("rules.count", "1");
  storage.sync.data.set("rules.0", JSON.stringify(["old.com##.x"]));
  storage.sync.data.set("at.rules", "1000");
  storage.local.data.set("rules.count", "1");
  storage.local.data.set("rules.0", JSON.stringify(["new.com##.y"]));
  storage.local.data.set("at.rules", "2000");
  storage.sync.data.set("clean", "false");
  storage.sync.data.set("at.clean", "3000");
  storage.local.data.set("clean", "true");
  storage.local.data.set("at.clean", "2500");
  const read = await loadSettings(storage);
  check(same(read.options.rules, ["new.com##.y"]), "a newer local copy of the rules wins");
  check(read.options.clean === false, "a newer sync copy of a toggle wins");
  check(read.area === "local", "one setting from local: area local");
  // A later write from another computer (sync, newer): it wins, the older local copy never resurfaces.
  storage.sync.data.set("rules.0", JSON.stringify(["other-computer.com##.z"]));
  storage.sync.data.set("at.rules", "5000");
  check(same((await loadSettings(storage)).options.rules, ["other-computer.com##.z"]), "a newer sync copy wins over the local fallback");
}

// A write right after another, in the same millisecond: still read back.
{
  const storage = fakeStorage();
  storage.local.data.set("at.rules", String(Date.now() + 60000)); // a clock ahead
  storage.local.data.set("rules.count", "1");
  storage.local.data.set("rules.0", JSON.stringify(["ahead.com##.x"]));
  await saveSettings(storage, { rules: ["now.com##.y"] });
  check(same((await loadSettings(storage)).options.rules, ["now.com##.y"]), "a write is newer than any copy already stored");
}

// Migration of the old layout: storage.local `rules` moves to sync on first load.
{
  const storage = fakeStorage();
  storage.local.data.set("rules", JSON.stringify(["! old", "old.com##.promo"]));
  storage.local.data.set("customGlossary", JSON.stringify([{ term: "a", definition: "b" }]));
  const read = await loadSettings(storage);
  check(same(read.options.rules, ["! old", "old.com##.promo"]), "old local rules are read");
  check(read.area === "sync" && storage.sync.data.has("rules.0") && !storage.local.data.has("rules"), "…moved to sync, the old key removed");
  check(read.options.customGlossary.length === 1 && storage.local.data.has("customGlossary"), "the glossary stays local");
  // Merged with what another computer put in sync already.
  const both = fakeStorage();
  await saveSettings(both, { rules: ["synced.com##.a", "shared.com##.b"] });
  both.local.data.set("rules", JSON.stringify(["shared.com##.b", "mine.com##.c"]));
  check(same((await loadSettings(both)).options.rules, ["synced.com##.a", "shared.com##.b", "mine.com##.c"]), "old local rules merge into synced ones, once each");
}

// Broken stored values never stop a load: site lists fall back, engine options are handed over
// as stored (the engine names them), and the problems are listed.
{
  const storage = fakeStorage();
  storage.sync.data.set("autoCleanSites", JSON.stringify("example.com"));
  storage.sync.data.set("neverCleanSites", JSON.stringify(["a.com", 5, null]));
  storage.sync.data.set("glossary", JSON.stringify("yes"));
  storage.sync.data.set("rules.count", JSON.stringify("two"));
  storage.sync.data.set("rules.0", JSON.stringify(["a.com##.x"]));
  storage.sync.data.set("rules.1", JSON.stringify({ not: "a list" }));
  const read = await loadSettings(storage);
  check(same(read.sites.autoCleanSites, []) && same(read.sites.neverCleanSites, ["a.com"]), "broken site lists: what is usable");
  check(read.options.glossary === "yes", "a wrong-typed engine option is handed to the engine as stored");
  check(read.options.rules[0] === "a.com##.x" && read.options.rules.length === 2, "broken rule chunks: the rules that are there, the broken chunk kept for the engine to report");
  check(read.problems.length >= 3, `problems listed: ${read.problems.join(" | ")}`);
}

// addRule: the same storage logic; a duplicate is not added twice.
{
  const storage = fakeStorage();
  const a = await addRule(storage, "example.com##.promo");
  const b = await addRule(storage, "example.com#@#.keep");
  const c = await addRule(storage, "example.com##.promo");
  const rules = (await loadSettings(storage)).options.rules;
  check(a.area === "sync" && b.area === "sync" && c.area === "sync", "addRule answers the area");
  check(same(rules, ["example.com##.promo", "example.com#@#.keep"]), "addRule appends once");
  // Sync filled to 10 bytes short of its quota: one more rule does not fit.
  const full = fakeStorage();
  await saveSettings(full, { rules: manyRules(1000) });
  const used = [...full.sync.data].reduce((sum, [k, v]) => sum + itemBytes(k, JSON.parse(v)), 0);
  full.sync.data.set("pad", JSON.stringify("x".repeat(QUOTA.QUOTA_BYTES - used - 10 - itemBytes("pad", ""))));
  check((await addRule(full, "late.com##.x")).area === "local", "addRule past the quota: local");
  const all = (await loadSettings(full)).options.rules;
  check(all.length === 1001 && all.at(-1) === "late.com##.x", "…and the rule is kept with the others");
}

// Unknown settings are refused; neither area touched.
{
  const storage = fakeStorage();
  let error = null;
  try {
    await saveSettings(storage, { customGlossary: [] });
  } catch (e) {
    error = e.message;
  }
  check(/customGlossary/.test(error ?? "") && storage.sync.data.size === 0, "saveSettings refuses what is not a saved setting");
  check(SAVED.includes("rules") && SAVED.includes("autoCleanSites"), "SAVED lists the rules and the site lists");
}

// Match counts after a clean, and what counts as a settings change.
{
  const storage = fakeStorage();
  await recordRuleMatches(storage, { url: "https://www.example.com/a", ruleMatches: [{ rule: "example.com##.promo", matched: 3 }, { rule: "example.com#@#.keep", matched: 0 }] });
  const { ruleMatches } = await storage.local.get("ruleMatches");
  check(ruleMatches["example.com##.promo"]?.count === 3 && ruleMatches["example.com##.promo"].host === "example.com", "recordRuleMatches keeps count and site");
  check(ruleMatches["example.com#@#.keep"]?.count === 0, "an exception that matched nothing is recorded as 0");
  await recordRuleMatches(storage, { url: "https://example.com/", edits: [] });
  check(Object.keys((await storage.local.get("ruleMatches")).ruleMatches).length === 2, "a report without the list records nothing");
  check(!settingsChanged({ ruleMatches: {} }) && settingsChanged({ "rules.0": {} }) && settingsChanged({ clean: {} }), "settingsChanged ignores the match counts");
}

// Host names for the grant prompt.
{
  check(siteOfHost("www.Example.com") === "example.com" && siteOfHost("127.0.0.1") === "127.0.0.1" && siteOfHost("localhost") === "localhost", "host names accepted");
  const bad = ["https://example.com", "example.com/path", "exa mple.com", "example.com:8080", "", "<script>", "com", "-a.com", "a..com", null];
  check(bad.every((h) => siteOfHost(h) === null), `bad hosts refused: ${bad.filter((h) => siteOfHost(h) !== null).join(", ")}`);
}

finish("settings unit", failures, started);

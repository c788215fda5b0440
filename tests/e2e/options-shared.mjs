// What the options page's runners (options-chromium.mjs, options-firefox.mjs) share: the rule
// lists they import, and reading the rules back from both storage areas the way settings.js
// keeps them (newest copy wins; chunks in order), independently of settings.js.

/** A list with every-site rules, two sites, an exception, comments, and a rule for the test page. */
export const LIST = [
  "! every site",
  "##.newsletter-box",
  "! the promo rail",
  "example.com##.promo",
  "example.com##aside.rail",
  "news.example.org#@#.comments",
  "127.0.0.1##.story__dek",
];

/** Lines 3 (a bad selector) and 5 (not a rule) are bad; lines 1, 2 and 4 are fine. */
export const BAD_LIST = ["! from a forum", "good.example##.ok", "bad.example##div[[[", "good.example##.also-ok", "just some words"];

/**
 * More than storage.sync's 100 KB: 2000 rules of about 65 bytes, and the rule for the test page
 * (en-climate's dek) at the end.
 */
export function bigList() {
  const lines = Array.from({ length: 2000 }, (_, i) => `site${i % 40}.example##div.promo-number-${String(i).padStart(5, "0")} > .inner-content-block`);
  return ["! a long list", ...lines, "127.0.0.1##.story__dek"];
}

/** The rule lines stored in `{ sync, local }` (both areas' items). */
export function rulesFromStorage({ sync, local }) {
  const read = (raw) => {
    if (!("rules.count" in raw)) return null;
    const lines = [];
    for (let i = 0; i < raw["rules.count"]; i++) lines.push(...raw[`rules.${i}`]);
    return { lines, at: raw["at.rules"] ?? 0 };
  };
  const s = read(sync);
  const l = read(local);
  const newest = s && l ? (l.at > s.at ? l : s) : (s ?? l);
  return newest?.lines ?? [];
}

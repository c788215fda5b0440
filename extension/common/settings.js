// The reader's settings, as the options page stores them and the hosts read them.
//
// Two kinds. Engine options: the engine's own schema (src/options.rs, camelCase), handed to
// `new Engine(options)` and validated there. Site lists: the extension's own (which sites are
// cleaned on load, which never), read by the background and never given to the engine. Toggles
// and site lists live in `storage.sync` (small, follows the reader between machines), the custom
// glossary and rules in `storage.local` (sync quotas are too small for them).

/** Engine options kept in `storage.sync`, with their defaults (as in `Options::default`). */
export const SYNC_DEFAULTS = {
  clean: true,
  embeds: true,
  glossary: true,
  outline: true,
  keepSiteNavigation: false,
  explain: "general",
  packs: null,
};

/** Engine options kept in `storage.local`, with their defaults. */
export const LOCAL_DEFAULTS = { customGlossary: [], rules: [] };

/** The extension's site lists, kept in `storage.sync`: host names (see `siteListed`). */
export const SITE_DEFAULTS = { autoCleanSites: [], neverCleanSites: [] };

/** The glossary packs the engine bundles (data/glossary/*.json). */
export const PACKS = ["tech", "economy", "politics", "science"];

/**
 * Reads the settings: `options` holds the engine's fields only (what `new Engine` takes),
 * `sites` the site lists.
 */
export async function loadSettings(storage) {
  const [sync, local] = await Promise.all([
    storage.sync.get({ ...SYNC_DEFAULTS, ...SITE_DEFAULTS }),
    storage.local.get(LOCAL_DEFAULTS),
  ]);
  const pick = (from, defaults) => Object.fromEntries(Object.keys(defaults).map((key) => [key, from[key]]));
  return {
    options: { ...pick(sync, SYNC_DEFAULTS), ...pick(local, LOCAL_DEFAULTS) },
    sites: pick(sync, SITE_DEFAULTS),
  };
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
 * other rules, unless it is there already. Answers where the rules are kept.
 */
export async function addRule(storage, line) {
  const { rules } = await storage.local.get({ rules: [] });
  const list = Array.isArray(rules) ? rules : [];
  if (!list.includes(line)) await storage.local.set({ rules: [...list, line] });
  return { area: "local" };
}

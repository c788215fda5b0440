// The reader's settings, as the options page stores them and the engine reads them.
//
// One schema, the engine's own (src/options.rs, camelCase): toggles and site lists in
// `storage.sync` (small, follows the reader between machines), the custom glossary and rules in
// `storage.local` (sync quotas are too small for them). The engine validates everything; this
// file only knows where each field lives and what it defaults to.

/** Fields kept in `storage.sync`, with their defaults (as in `Options::default`). */
export const SYNC_DEFAULTS = {
  clean: true,
  embeds: true,
  glossary: true,
  outline: true,
  packs: null,
  autoCleanSites: [],
  neverCleanSites: [],
};

/** Fields kept in `storage.local`, with their defaults. */
export const LOCAL_DEFAULTS = { customGlossary: [], rules: [] };

/** The glossary packs the engine bundles (data/glossary/*.json). */
export const PACKS = ["tech", "economy", "politics", "science"];

/** Reads the settings as one engine options object. */
export async function loadSettings(storage) {
  const [sync, local] = await Promise.all([
    storage.sync.get(SYNC_DEFAULTS),
    storage.local.get(LOCAL_DEFAULTS),
  ]);
  const options = {};
  for (const key of Object.keys(SYNC_DEFAULTS)) options[key] = sync[key];
  for (const key of Object.keys(LOCAL_DEFAULTS)) options[key] = local[key];
  return options;
}

/** The host name of a URL, without a leading `www.`, or null. */
export function siteOf(url) {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host.startsWith("www.") ? host.slice(4) : host;
  } catch {
    return null;
  }
}

/** Whether `url` belongs to one of `sites` (a site covers its subdomains). */
export function siteListed(sites, url) {
  const host = siteOf(url);
  if (!host || !Array.isArray(sites)) return false;
  return sites.some((s) => {
    const site = String(s).toLowerCase().replace(/^www\./, "");
    return host === site || host.endsWith(`.${site}`);
  });
}

// The glossary packs. The build copies data/glossary/*.json into a `packs/` folder beside the
// wasm package; the engine takes the enabled ones as text (`new Engine(options, packs)`), so the
// module itself carries none (300 KB less to download, compile and keep in memory).
// Reading a file of the extension (or of the playground's own site) is not a network request to
// anyone: nothing leaves the machine.
import { PACKS } from "./settings.js";

const texts = new Map();

/**
 * The JSON texts of the packs that `names` enables (`null`: all), fetched once from `base` (the
 * URL of the `packs/` folder). A pack that fails to load is left out and named in `failed`; the
 * engine then reports a wanted name it was not given.
 */
export async function loadPacks(names, base) {
  const wanted = PACKS.filter((name) => !Array.isArray(names) || names.includes(name));
  const failed = [];
  const loaded = await Promise.all(
    wanted.map(async (name) => {
      const url = new URL(`${name}.json`, base).href;
      try {
        if (!texts.has(url)) {
          const response = await fetch(url);
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          texts.set(url, await response.text());
        }
        return texts.get(url);
      } catch (e) {
        failed.push(`${name}: ${e.message}`);
        return null;
      }
    }),
  );
  return { packs: loaded.filter((text) => text !== null), failed };
}

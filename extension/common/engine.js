// The engine's loader, one for every host that runs the wasm package: the extension's
// background and options page, and the playground's worker.
//
// A host imports the package itself (`import * as pkg from "./pkg/newslens.js"`) and passes it
// with its own address: every host sits beside the `pkg/` and `packs/` folders, this file not
// (the playground keeps it in common/), and a module can't pick its import at run time here
// (Chromium's module service worker has no dynamic `import()`).
import { loadPacks } from "./packs.js";

/**
 * Starts loading the wasm module of `pkg` (`pkg/newslens_bg.wasm` next to `base`, the host's
 * `import.meta.url`) now and returns the loader:
 * - `load()`: resolves once the module is ready; a load that failed is tried again on the next
 *   call;
 * - `build(options, packNames = options?.packs)`: an Engine for `options` with the glossary
 *   packs `packNames` enables, fetched from the `packs/` folder next to `base`; resolves
 *   `{ engine, failed, error }`: `engine` is null where the engine refused the options (`error`
 *   says why); `failed` lists the packs that did not load (left out: the engine then warns of
 *   each one it was asked for);
 * - `reset()`: after a trap, the module is not usable: its state is reset (wasm-bindgen's
 *   reset function), or where that fails, the module is loaded afresh on the next use.
 */
export function engineLoader(pkg, base) {
  const packs = new URL("./packs/", base);
  let ready = null;
  const load = () =>
    (ready ??= pkg.default({ module_or_path: new URL("./pkg/newslens_bg.wasm", base) }).catch((e) => {
      ready = null;
      throw e;
    }));
  load().catch(() => {});

  async function build(options, packNames = options?.packs ?? null) {
    await load();
    const loaded = await loadPacks(packNames, packs);
    try {
      return { engine: new pkg.Engine(options, loaded.packs), failed: loaded.failed, error: null };
    } catch (e) {
      return { engine: null, failed: loaded.failed, error: e.message };
    }
  }

  function reset() {
    try {
      pkg.__wbg_reset_state();
    } catch {
      ready = null;
    }
  }

  return { load, build, reset };
}

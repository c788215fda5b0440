// The content script: injected on demand (a click, the shortcut, auto-clean), never on every
// page. It hands the page's HTML to the background, applies the plan it gets back with the
// applier, shows the UI, keeps new content cleaned while the page stays cleaned, and undoes.
//
// The build bundles this file with the modules it imports into one classic script (content
// scripts can't be modules); the background calls it through `globalThis.__newslens`, which
// lives in the extension's isolated world, out of the page's reach.
import { applyPlan, resolvePath, fingerprintMismatch } from "./applier.js";
import { createUI } from "./ui.js";

if (!globalThis.__newslens) {
  const webext = globalThis.browser ?? globalThis.chrome;
  const t = (key, ...subs) => webext.i18n.getMessage(key, subs.map(String)) || key;
  /** Content added after a clean is re-cleaned at most this many times per page. */
  const MAX_RECLEANS = 50;
  /** Added content is gathered for this long before it is cleaned, in one batch. */
  const BATCH_MS = 500;

  let state = null; // { ui, observer, pending, timer, recleans, returned: WeakSet }

  const snapshot = () => ({
    html: document.documentElement.outerHTML,
    url: location.href,
    contentType: document.contentType,
  });

  /** Nodes Newslens put in the page (UI, cards, terms) or put back (restored or played). */
  function isOurs(node) {
    for (let n = node; n; n = n.parentNode) {
      if (n.nodeType !== 1) continue;
      const name = n.localName;
      if (name === "newslens-ui" || name === "newslens-embed" || name === "newslens-descriptions")
        return true;
      if (n.classList?.contains("newslens-term")) return true;
      if (state?.returned.has(n)) return true;
    }
    return false;
  }

  function hooksFor(ui) {
    const index = ui.sessions.length;
    return {
      card: ui.card,
      term: ui.term,
      onRestore: (id, node) => {
        if (node && node.nodeType === 1) state?.returned.add(node);
        ui.restored(index, id);
      },
    };
  }

  function apply(plan, report) {
    if (state) return { applied: 0, skipped: [], alreadyCleaned: true };
    // Outline headings are found before anything moves.
    const headings = (plan.outline ?? []).map((entry) => {
      const el = resolvePath(document, entry.target.path);
      return el && !fingerprintMismatch(el, entry.target.fingerprint) ? el : null;
    });
    // Media that was already playing stops.
    for (const media of document.querySelectorAll("video, audio")) {
      if (!media.paused) media.pause();
    }
    const ui = createUI(document, { t, onUndo: () => undoFromPage() });
    state = { ui, observer: null, pending: new Set(), timer: 0, recleans: 0, returned: new WeakSet() };
    let session = null;
    try {
      session = applyPlan(document, plan, hooksFor(ui));
      ui.show(report, session, headings);
    } catch (e) {
      // Whatever went wrong, the page goes back to how it was.
      session?.undo();
      ui.destroy();
      state = null;
      throw e;
    }
    watch();
    return { applied: session.applied, skipped: session.skipped.length, skippedEdits: session.skipped };
  }

  function undo() {
    if (!state) return { restored: false };
    const { ui, observer, timer } = state;
    observer?.disconnect();
    clearTimeout(timer);
    for (const session of [...ui.sessions].reverse()) session.undo();
    ui.destroy();
    state = null;
    return { restored: true };
  }

  function undoFromPage() {
    undo();
    webext.runtime.sendMessage({ type: "newslens:undone" }).catch(() => {});
  }

  // While the page stays cleaned, what it adds later (lazy "related" blocks, players made by
  // script) is cleaned too, in batches.
  function watch() {
    const observer = new MutationObserver((records) => {
      if (!state) return;
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node.nodeType === 1 && !isOurs(node)) state.pending.add(node);
        }
      }
      if (state.pending.size && !state.timer) state.timer = setTimeout(reclean, BATCH_MS);
    });
    observer.observe(document.documentElement, { childList: true, subtree: true });
    state.observer = observer;
  }

  async function reclean() {
    const current = state;
    if (!current) return;
    current.timer = 0;
    const added = [...current.pending].filter((n) => n.isConnected && !isOurs(n));
    current.pending.clear();
    if (!added.length || current.recleans >= MAX_RECLEANS) return;
    current.recleans += 1;
    const { html, url } = snapshot();
    let answer;
    try {
      answer = await webext.runtime.sendMessage({ type: "newslens:analyze", html, url });
    } catch {
      return;
    }
    if (state !== current || !answer?.ok) return;
    const inAdded = (el) => added.some((a) => a === el || a.contains(el));
    const hooks = hooksFor(current.ui);
    hooks.filter = (edit) => {
      if (edit.kind === "annotate" || edit.kind === "unlockScroll") return false;
      const el = resolvePath(document, edit.target.path);
      return el !== null && inAdded(el);
    };
    const session = applyPlan(document, answer.ok.plan, hooks);
    current.observer.takeRecords();
    if (session.applied) {
      current.ui.addSession(session);
      webext.runtime.sendMessage({ type: "newslens:more", applied: session.applied }).catch(() => {});
    }
  }

  globalThis.__newslens = {
    state: () => (state ? "cleaned" : "clean"),
    snapshot,
    apply(plan, report) {
      const result = apply(plan, report);
      state?.observer?.takeRecords(); // our own changes are not "added content"
      return result;
    },
    undo,
  };
}

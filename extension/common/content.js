// The content script: injected on demand (a click, the shortcut, auto-clean), never on every
// page. It hands the page's HTML to the background, applies the plan it gets back with the
// applier, shows the UI, keeps new content cleaned while the page stays cleaned, and undoes.
//
// The background injects it with `scripting.executeScript({ files: ["content.js"] })`, which runs
// a classic script in both browsers: no static `import` there, and a dynamic `import()` would need
// the modules listed in `web_accessible_resources`, where any page could load them. So the build
// bundles this file with the modules it imports (webext.js, applier.js, ui.js,
// clean-document.js) into one classic script, the same in both browsers. The background calls it
// through `globalThis.__newslens`, which lives in the extension's isolated world, out of the
// page's reach.
import { applyPlan, pathOf, resolvePath } from "./applier.js";
import { cleanDocument, pickInto, uiHooks } from "./clean-document.js";
import { createUI } from "./ui.js";
import { t, webext } from "./webext.js";

if (!globalThis.__newslens) {
  /** Content added after a clean is re-cleaned at most this many times per page. */
  const MAX_RECLEANS = 50;
  /** Added content is gathered for this long before it is cleaned, in one batch. */
  const BATCH_MS = 500;

  // { ui, session, cleaned, title, picker, observer, pending, timer, recleans, returned: WeakSet }
  // `cleaned` is false while the page only has the reader's picks (pick mode on a page not
  // cleaned): a click on the button then cleans it, in the same UI.
  let state = null;

  /** At most this many fixed or sticky elements are reported, and this many elements looked at. */
  const MAX_HINTS = 200;
  const MAX_LOOKED_AT = 50000;
  /** Newslens's own elements: not the page's, never reported. */
  const OURS = new Set(["newslens-ui", "newslens-embed", "newslens-descriptions"]);

  /**
   * What the browser knows and the page's HTML does not say (the engine can't see stylesheets):
   * the paths of the elements shown as `position: fixed` (those on screen now: one parked off
   * screen may be a closed menu) or `sticky` (any size but nothing: it sticks once scrolled to).
   * One walk of the body; hidden subtrees are skipped.
   */
  function hints() {
    const fixed = [];
    if (!document.body) return { fixed };
    const width = innerWidth;
    const height = innerHeight;
    let looked = 0;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT, (el) => {
      if (OURS.has(el.localName) || ++looked > MAX_LOOKED_AT) return NodeFilter.FILTER_REJECT;
      const style = getComputedStyle(el);
      if (style.display === "none") return NodeFilter.FILTER_REJECT;
      if (style.position !== "fixed" && style.position !== "sticky") return NodeFilter.FILTER_SKIP;
      const r = el.getBoundingClientRect();
      if (r.width <= 0 || r.height <= 0) return NodeFilter.FILTER_SKIP;
      const onScreen = r.bottom > 0 && r.right > 0 && r.top < height && r.left < width;
      return style.position === "sticky" || onScreen ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
    });
    while (fixed.length < MAX_HINTS && walker.nextNode()) {
      const path = pathOf(walker.currentNode);
      if (path) fixed.push(path);
    }
    return { fixed };
  }

  /** The page's HTML as last sent to the engine (before the clean changed anything). */
  let lastHtml = null;
  const snapshot = () => {
    lastHtml = document.documentElement.outerHTML;
    return { html: lastHtml, url: location.href, contentType: document.contentType, hints: hints() };
  };

  /**
   * A rule checked against the page as it was before Newslens changed it (what the engine reads
   * on the next load): its selector must match exactly one element there too. Null when it
   * does, or when that page is not known; else why not.
   */
  function problemOnLoad(line) {
    const selector = /^[^#\s]*(?:##|#@#)(.+)$/.exec(line)?.[1];
    if (!selector || !state?.pristine) return null;
    let found;
    try {
      found = new DOMParser().parseFromString(state.pristine, "text/html").querySelectorAll(selector).length;
    } catch {
      return t("rememberNoSelector");
    }
    return found === 1 ? null : t("rememberNotOnLoad", found);
  }

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

  /** Elements put back (restored or played) go into `returned`: not content the page added. */
  const keepIn = (returned) => (id, node) => {
    if (node && node.nodeType === 1) returned.add(node);
  };

  /** Asks the background; resolves its `ok`, rejects with its `error`. */
  async function ask(message) {
    const answer = await webext.runtime.sendMessage(message);
    if (!answer || answer.error !== undefined) throw new Error(answer?.error ?? t("siteFailed", "no answer"));
    return answer.ok;
  }

  /** What the status bar needs for pick mode, rules and the per-site buttons. */
  const uiOptions = () => ({
    t,
    onUndo: () => undoFromPage(),
    onPick: (e) => pick({ keyboard: !e || e.detail === 0 }),
    remember: {
      site: location.hostname.toLowerCase().replace(/^www\./, ""),
      check: problemOnLoad,
      save: (line) => ask({ type: "newslens:saveRule", line }),
    },
    onSite: async (action) => {
      const { message } = await ask({ type: "newslens:site", action, url: location.href });
      return message;
    },
  });

  function newState(ui, session, returned, cleaned) {
    return { ui, session, cleaned, title: document.title, picker: null, observer: null, pending: new Set(), timer: 0, recleans: 0, returned, pristine: null };
  }

  function apply(plan, report) {
    if (state?.cleaned) return { applied: 0, skipped: [], alreadyCleaned: true };
    const returned = state?.returned ?? new WeakSet();
    state?.picker?.stop();
    const { ui, session } = cleanDocument(document, plan, report, {
      ...uiOptions(),
      onRestore: keepIn(returned),
      ui: state?.ui ?? null,
    });
    const picked = state;
    state = newState(ui, session, returned, true);
    state.title = report.title || document.title;
    // The page before any change: the snapshot the engine read, or the one taken at the first pick.
    state.pristine = picked ? picked.pristine : lastHtml;
    // Picks made before the clean stay in their own session (undone last, being the first).
    state.before = picked?.session ?? null;
    watch();
    return { applied: session.applied, skipped: session.skipped.length, skippedEdits: session.skipped };
  }

  /**
   * Pick mode (the keyboard command, "Remove something…", the test build's hook). On a page not
   * cleaned, the status bar comes first, with a session of its own for the picks.
   */
  function pick({ keyboard = true } = {}) {
    if (!state) {
      const pristine = document.documentElement.outerHTML;
      const returned = new WeakSet();
      const ui = createUI(document, { ...uiOptions() });
      const session = applyPlan(document, { edits: [] }, uiHooks(ui, keepIn(returned)));
      ui.show({ warnings: [] }, session, []);
      state = newState(ui, session, returned, false);
      state.pristine = pristine;
    }
    if (state.picker) return { picking: true, already: true };
    const current = state;
    const picker = pickInto(document, current.ui, () => current.session, { t, title: current.title, keyboard });
    current.picker = picker;
    picker.done.then(() => {
      if (current.picker === picker) current.picker = null;
      current.observer?.takeRecords(); // a pick is not "added content"
    });
    return { picking: true };
  }

  function undo() {
    if (!state) return { restored: false };
    const { ui, observer, timer } = state;
    state.picker?.stop();
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
    const { html, url, hints } = snapshot();
    let answer;
    try {
      answer = await webext.runtime.sendMessage({ type: "newslens:analyze", html, url, hints });
    } catch {
      return;
    }
    if (state !== current || !answer?.ok) return;
    const inAdded = (el) => added.some((a) => a === el || a.contains(el));
    const hooks = uiHooks(current.ui, keepIn(current.returned));
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
    state: () => (state ? (state.cleaned ? "cleaned" : "picked") : "clean"),
    pick,
    snapshot,
    apply(plan, report) {
      const result = apply(plan, report);
      state?.observer?.takeRecords(); // our own changes are not "added content"
      return result;
    },
    undo,
  };
}

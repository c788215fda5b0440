// Cleaning a live document: the plan applied with the injected UI (cards, terms, outline panel,
// status bar), or, where anything fails, the document as it was. One sequence for the
// extension's content script (a tab) and the playground (its cleaned frame).
import { applyPlan, elementTextHash, pathOf, resolveTarget } from "./applier.js";
import { describe, startPicker } from "./pick.js";
import { matchesExactly, selectorFor } from "./selector.js";
import { createUI } from "./ui.js";

/**
 * The applier's hooks for the next session of `ui`: its cards and terms, and a restored edit
 * marked in its status bar, after `onRestore(id, node)` (the host's own bookkeeping).
 */
export function uiHooks(ui, onRestore = () => {}) {
  const index = ui.sessions.length;
  return {
    card: ui.card,
    term: ui.term,
    onRestore: (id, node) => {
      onRestore(id, node);
      ui.restored(index, id, node);
    },
  };
}

/**
 * Cleans `doc` with `plan` and shows the UI for `report`; strings from `t`, `onUndo` for the
 * status bar's "Undo all", `onRestore(id, node)` when an edit is put back; `onPick`,
 * `remember` and `onSite` as for `createUI` (pick mode and remembered corrections); `ui`, a UI
 * already in the page (made for picks before the clean), to show the clean in. Returns
 * `{ ui, session, headings }`. Throws after putting the document back as it was.
 */
export function cleanDocument(doc, plan, report, { t, onUndo, onRestore, onPick, remember, onSite, ui: shown = null }) {
  // Outline headings are found before anything moves.
  const headings = (plan.outline ?? []).map((entry) => resolveTarget(doc, entry.target));
  // Media that was already playing stops.
  for (const media of doc.querySelectorAll("video, audio")) {
    if (!media.paused) media.pause();
  }
  // A page where the reader picked something before cleaning has its UI already.
  const ui = shown ?? createUI(doc, { t, onUndo, onPick, remember, onSite });
  let session = null;
  try {
    session = applyPlan(doc, plan, uiHooks(ui, onRestore));
    ui.show(report, session, headings);
  } catch (e) {
    session?.undo();
    if (!shown) ui.destroy();
    throw e;
  }
  return { ui, session, headings };
}

/**
 * The article's title in `doc`: the visible `<h1>` whose text the document's title holds (or
 * that holds it), else the first visible `<h1>`; null if there is none.
 */
export function titleElement(doc, title = doc.title) {
  const visible = [...doc.querySelectorAll("body h1")].filter((h) => {
    const r = h.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  });
  const norm = (s) => (s ?? "").replace(/\s+/g, " ").trim().toLowerCase();
  const wanted = norm(title);
  return (
    visible.find((h) => {
      const text = norm(h.textContent);
      return text && wanted && (wanted.includes(text) || text.includes(wanted));
    }) ??
    visible[0] ??
    null
  );
}

let picks = 0;

/**
 * Pick mode over a document that has a Newslens UI: what the reader removes becomes a `remove`
 * edit (rule `user.pick`) of `session()` (the clean's session, or a session of its own on a
 * page not cleaned), listed in the status bar with Restore and, where a selector matching
 * exactly the element could be made and checked before it went, "Always on this site".
 * `title` is the report's title (the element that holds it needs a confirmation). Returns
 * `{ done, stop() }`: `done` resolves when pick mode ends, to the edit made or null.
 */
export function pickInto(doc, ui, session, { t, title, keyboard = false }) {
  let picker = null;
  const done = new Promise((resolve) => {
    const titleEl = titleElement(doc, title);
    picker = startPicker(doc, {
      layer: ui.layer,
      host: ui.host,
      t,
      keyboard,
      isTitle: (el) => !!titleEl && (el === titleEl || el.contains(titleEl)),
      onChoose(el) {
        // The selector is made and checked now, while the element is still in the page.
        const selector = selectorFor([el], doc);
        const text = (el.textContent ?? "").replace(/\s+/g, " ").trim();
        const edit = {
          id: `pick-${++picks}`,
          kind: "remove",
          rule: "user.pick",
          reason: t("pickReason"),
          text: text.length > 120 ? `${text.slice(0, 120)}…` : text || describe(el),
          selector: selector && matchesExactly(selector, [el], doc) ? selector : null,
          target: {
            path: pathOf(el),
            fingerprint: {
              tag: el.localName,
              id: el.getAttribute("id"),
              class: el.getAttribute("class"),
              textHash: elementTextHash(el),
            },
          },
        };
        const target = session();
        try {
          target.addRemoval(el, edit);
        } catch (e) {
          ui.notify(t("pickFailed", e?.message ?? String(e)), { problem: true });
          resolve(null);
          return;
        }
        ui.addEdit(target, edit.id);
        ui.notify(t("pickRemoved", describe(el)));
        resolve(edit);
      },
      onLeave(reason) {
        if (reason !== "chosen") {
          if (reason === "escape") ui.notify(t("pickLeft"));
          resolve(null);
        }
      },
    });
  });
  return { done, stop: () => picker.stop() };
}

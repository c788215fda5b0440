// Cleaning a live document: the plan applied with the injected UI (cards, terms, outline panel,
// status bar), or, where anything fails, the document as it was. One sequence for the
// extension's content script (a tab) and the playground (its cleaned frame).
import { applyPlan, resolveTarget } from "./applier.js";
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
      ui.restored(index, id);
    },
  };
}

/**
 * Cleans `doc` with `plan` and shows the UI for `report`; strings from `t`, `onUndo` for the
 * status bar's "Undo all", `onRestore(id, node)` when an edit is put back. Returns
 * `{ ui, session, headings }`. Throws after putting the document back as it was.
 */
export function cleanDocument(doc, plan, report, { t, onUndo, onRestore }) {
  // Outline headings are found before anything moves.
  const headings = (plan.outline ?? []).map((entry) => resolveTarget(doc, entry.target));
  // Media that was already playing stops.
  for (const media of doc.querySelectorAll("video, audio")) {
    if (!media.paused) media.pause();
  }
  const ui = createUI(doc, { t, onUndo });
  let session = null;
  try {
    session = applyPlan(doc, plan, uiHooks(ui, onRestore));
    ui.show(report, session, headings);
  } catch (e) {
    session?.undo();
    ui.destroy();
    throw e;
  }
  return { ui, session, headings };
}

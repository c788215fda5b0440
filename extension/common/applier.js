// The applier: applies a Newslens plan to a live document, and undoes it exactly.
//
// One applier for every live DOM (the extension's content script, the playground, the browser
// tests in tests/web.rs); `render()` in the engine is its HTML counterpart. It is generic over
// the edit kinds: what a card or a term looks like is the caller's business (`hooks`), so the
// page gets nothing from here but the edits themselves.
//
// Safety first: every target is resolved and its fingerprint checked against the untouched
// page before anything changes; an edit whose target moved or changed is skipped and reported.
// Nothing is ever parsed as HTML: terms and definitions go in as text.
//
// Undo puts back the original node objects (listeners, form state and media state survive),
// not re-parsed copies: removed nodes are kept, and a marker comment holds their place.

/** FNV-1a over Unicode code points, skipping ASCII whitespace (as `TextHash` in page.rs). */
export function textHash(text) {
  let h = 0x811c9dc5;
  for (const ch of text) {
    if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r" || ch === "\f") continue;
    h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * The fingerprint hash of an element's text: its text nodes, `<noscript>` content left out (a
 * browser with scripting off parses it as elements, the engine as raw text).
 */
export function elementTextHash(el) {
  const doc = el.ownerDocument;
  const walker = doc.createTreeWalker(el, 0x1 | 0x4 /* SHOW_ELEMENT | SHOW_TEXT */, (n) =>
    n.nodeType === 1 && n.localName === "noscript" ? 2 /* FILTER_REJECT */ : 1 /* ACCEPT */,
  );
  let text = "";
  for (let n = walker.currentNode; n; n = walker.nextNode()) {
    if (n.nodeType === 3) text += n.data;
  }
  return el.localName === "noscript" ? textHash("") : textHash(text);
}

/** The element a target path points at (element children from `<html>` down), or null. */
export function resolvePath(doc, path) {
  let el = doc.documentElement;
  for (const step of path) {
    if (!el) return null;
    el = el.children[step] ?? null;
  }
  return el;
}

/**
 * The target path of an element (element-child indexes from `<html>` down), as the engine counts
 * them: the inverse of `resolvePath`. Null for an element outside `doc.documentElement`'s tree.
 */
export function pathOf(el) {
  const root = el.ownerDocument.documentElement;
  const path = [];
  for (let n = el; n !== root; n = n.parentElement) {
    const parent = n?.parentElement;
    if (!parent) return null;
    path.push(Array.prototype.indexOf.call(parent.children, n));
  }
  return path.reverse();
}

/** Why an element does not match a fingerprint, or null when it does. */
export function fingerprintMismatch(el, fp) {
  if (el.localName !== fp.tag) return `tag is <${el.localName}>, expected <${fp.tag}>`;
  if (el.getAttribute("id") !== (fp.id ?? null)) return "id changed";
  if (el.getAttribute("class") !== (fp.class ?? null)) return "class changed";
  if (elementTextHash(el) !== fp.textHash) return "text changed";
  return null;
}

/** The element a target (path and fingerprint) points at in `doc`, or null where it moved or changed. */
export function resolveTarget(doc, target) {
  const el = resolvePath(doc, target.path);
  return el && !fingerprintMismatch(el, target.fingerprint) ? el : null;
}

/** Default look of a card: a plain element naming the provider (the extension passes its own). */
function defaultCard(doc, edit, play) {
  const card = doc.createElement("div");
  card.className = "newslens-embed";
  card.textContent = `${edit.embed.providerName}: ${edit.embed.title ?? ""}`;
  card.addEventListener("click", play);
  return card;
}

/** Default look of a term: a focusable span titled with the definition. */
function defaultTerm(span, edit) {
  span.title = edit.definition;
}

const MARKER = " newslens ";

function attributesOf(el) {
  return el.getAttributeNames().map((name) => [name, el.getAttribute(name)]);
}

/**
 * Gives `names` their values from `before` (absent: removed), keeping the other attributes as
 * they are now, in the original order (serialisation keeps attribute order, and undo must give
 * back the same `outerHTML`).
 */
function restoreAttributes(el, before, names) {
  const now = new Map(attributesOf(el));
  const wanted = [];
  for (const [name, value] of before) {
    if (names.includes(name)) wanted.push([name, value]);
    else if (now.has(name)) wanted.push([name, now.get(name)]);
  }
  for (const [name, value] of now) {
    if (!names.includes(name) && !before.some(([n]) => n === name)) wanted.push([name, value]);
  }
  const same =
    wanted.length === now.size &&
    el.getAttributeNames().every((n, i) => n === wanted[i][0] && now.get(n) === wanted[i][1]);
  if (same) return;
  for (const name of el.getAttributeNames()) el.removeAttribute(name);
  for (const [name, value] of wanted) el.setAttribute(name, value);
}

/**
 * Applies `plan` to `doc`. Returns a session:
 * `{ applied, skipped: [{id, reason}], edits: Map(id → edit), isApplied(id), restore(id), undo() }`.
 *
 * hooks (all optional):
 * - `card(edit, play, player)`: the element that stands in for `player`; `play()` puts it back;
 * - `term(span, edit)`: dresses the `<span class="newslens-term">` around an annotated term;
 * - `filter(edit)`: false skips an edit silently (used for re-cleaning added content);
 * - `onRestore(id, node)`: called when an edit is undone (by `restore`, `undo` or a card's play),
 *   with the node it put back.
 */
export function applyPlan(doc, plan, hooks = {}) {
  if (!plan || !Array.isArray(plan.edits)) throw new TypeError("applyPlan: not a plan");
  const skipped = [];
  const resolved = [];
  const textGroups = new Map(); // Text node → [{edit, el}]
  // Phase 1: resolve and verify everything against the untouched page.
  for (const edit of plan.edits) {
    if (hooks.filter && !hooks.filter(edit)) continue;
    const el = resolvePath(doc, edit.target?.path ?? []);
    if (!el) {
      skipped.push({ id: edit.id, reason: "target not found" });
      continue;
    }
    const mismatch = fingerprintMismatch(el, edit.target.fingerprint);
    if (mismatch) {
      skipped.push({ id: edit.id, reason: mismatch });
      continue;
    }
    if (edit.kind === "annotate") {
      const node = el.childNodes[edit.textIndex];
      if (!node || node.nodeType !== 3 || node.data.slice(edit.start, edit.end) !== edit.term) {
        skipped.push({ id: edit.id, reason: "term not found in the text" });
        continue;
      }
      if (!textGroups.has(node)) textGroups.set(node, []);
      textGroups.get(node).push(edit);
      resolved.push({ edit, el, node });
    } else if (["remove", "replaceEmbed", "stripParams", "unlockScroll", "unstick"].includes(edit.kind)) {
      resolved.push({ edit, el });
    } else {
      skipped.push({ id: edit.id, reason: `unknown edit kind ${edit.kind}` });
    }
  }

  // Phase 2: apply. Each record knows how to undo itself.
  const records = new Map(); // id → { undo() }
  const edits = new Map();
  const restoreOne = (id) => {
    const record = records.get(id);
    if (!record) return false;
    const before = [...records.entries()];
    record.undo();
    for (const [k, r] of before) if (!records.has(k)) hooks.onRestore?.(k, r.restores ?? r.node);
    return true;
  };
  /** Takes `el` out of the page: a marker comment holds its place, undo puts it back there. */
  const remove = (edit, el) => {
    const marker = doc.createComment(MARKER);
    el.replaceWith(marker);
    records.set(edit.id, {
      node: el,
      undo() {
        if (marker.parentNode) marker.replaceWith(el);
        records.delete(edit.id);
      },
    });
  };
  const doneTexts = new Set();
  for (const { edit, el, node } of resolved) {
    edits.set(edit.id, edit);
    // One edit that throws (a node the page made immovable, a hostile custom element) is
    // skipped and reported; the others, already applied, stay undoable.
    try {
      switch (edit.kind) {
        case "remove": {
          remove(edit, el);
          break;
        }
        case "replaceEmbed": {
          if (typeof el.pause === "function") el.pause();
          const play = () => {
            const record = records.get(edit.id);
            if (!record) return;
            restoreOne(edit.id);
            if (typeof el.play === "function") el.play()?.catch?.(() => {});
          };
          const card = (hooks.card ?? ((e, p) => defaultCard(doc, e, p)))(edit, play, el);
          el.replaceWith(card);
          records.set(edit.id, {
            node: el,
            card,
            undo() {
              if (card.parentNode) card.replaceWith(el);
              records.delete(edit.id);
            },
          });
          break;
        }
        case "stripParams": {
          const old = el.getAttribute(edit.attr);
          el.setAttribute(edit.attr, edit.value);
          records.set(edit.id, {
            node: el,
            undo() {
              if (old === null) el.removeAttribute(edit.attr);
              else el.setAttribute(edit.attr, old);
              records.delete(edit.id);
            },
          });
          break;
        }
        case "unlockScroll": {
          const before = attributesOf(el);
          for (const attr of ["style", "class"]) {
            if (edit[attr] === null || edit[attr] === undefined) el.removeAttribute(attr);
            else el.setAttribute(attr, edit[attr]);
          }
          records.set(edit.id, {
            node: el,
            undo() {
              restoreAttributes(el, before, ["style", "class"]);
              records.delete(edit.id);
            },
          });
          break;
        }
        case "unstick": {
          // Made static in place; undo gives back the `style` attribute as it was (or none).
          const before = attributesOf(el);
          el.setAttribute("style", edit.style);
          records.set(edit.id, {
            node: el,
            undo() {
              restoreAttributes(el, before, ["style"]);
              records.delete(edit.id);
            },
          });
          break;
        }
        case "annotate": {
          // All terms of one text node go in at once: the original node is set aside whole and
          // comes back whole.
          if (doneTexts.has(node)) break;
          doneTexts.add(node);
          const group = textGroups.get(node).sort((a, b) => a.start - b.start);
          const text = node.data;
          const parts = [];
          const spans = [];
          let at = 0;
          for (const e of group) {
            if (e.start < at) {
              skipped.push({ id: e.id, reason: "overlaps another term" });
              continue;
            }
            if (e.start > at) parts.push(doc.createTextNode(text.slice(at, e.start)));
            const span = doc.createElement("span");
            span.className = "newslens-term";
            span.tabIndex = 0;
            span.textContent = text.slice(e.start, e.end);
            (hooks.term ?? defaultTerm)(span, e);
            parts.push(span);
            spans.push({ e, span });
            at = e.end;
          }
          if (at < text.length) parts.push(doc.createTextNode(text.slice(at)));
          const first = parts[0];
          node.replaceWith(...parts);
          const live = new Set(spans.map(({ e }) => e.id));
          for (const { e, span } of spans) {
            edits.set(e.id, e);
            records.set(e.id, {
              node: span,
              restores: node,
              undo() {
                // A term alone can't come back without its neighbours: restoring one restores the
                // text node (and so every term in it).
                if (first.parentNode) {
                  first.parentNode.insertBefore(node, first);
                  for (const p of parts) p.remove();
                }
                for (const id of live) records.delete(id);
                live.clear();
              },
            });
          }
          break;
        }
      }
    } catch (e) {
      edits.delete(edit.id);
      skipped.push({ id: edit.id, reason: `failed: ${e?.message ?? e}` });
    }
  }

  const applied = records.size;
  return {
    applied,
    skipped,
    edits,
    /** The live node an applied edit stands for (the removed element, the term's span). */
    nodeOf: (id) => records.get(id)?.node ?? null,
    cardOf: (id) => records.get(id)?.card ?? null,
    isApplied: (id) => records.has(id),
    restore: restoreOne,
    /**
     * Adds a removal the reader made (pick mode) to this session: `edit` is a `remove` edit with
     * an id of its own (its target is `el`'s path and fingerprint, for the record). The element
     * goes out as a planned removal does, is listed with the others, and comes back with
     * `restore(edit.id)` or `undo()`, exactly where it was. Throws on an element that is not in
     * the document or an id in use.
     */
    addRemoval(el, edit) {
      if (edit?.kind !== "remove" || edit.id === undefined) throw new TypeError("addRemoval: not a remove edit");
      if (!el || el.nodeType !== 1 || el.ownerDocument !== doc || !doc.documentElement.contains(el) || el === doc.documentElement) {
        throw new Error("addRemoval: the element is not in the page");
      }
      if (edits.has(edit.id)) throw new Error(`addRemoval: edit ${edit.id} exists`);
      edits.set(edit.id, edit);
      remove(edit, el);
      return edit.id;
    },
    /** Undoes every edit still applied, last first. */
    undo() {
      for (const id of [...records.keys()].reverse()) restoreOne(id);
    },
  };
}

// What the reader sees after a clean: click-to-play cards, term tooltips, the outline panel and
// the status bar. Shared by the extension's content script and the playground.
//
// Everything lives in open shadow roots whose style starts from `all: initial`, so the page's CSS
// can't reach in and ours can't leak out. Page text, terms and definitions are set with
// `textContent`, never parsed as HTML. Strings come from `t(key, ...subs)` (the extension passes
// `i18n.getMessage`), so the UI follows the browser's language.
import { matchesExactly, selectorFor } from "./selector.js";

const STYLE = `
:host { all: initial; }
* { box-sizing: border-box; }
.nl { font: 13px/1.4 system-ui, -apple-system, "Segoe UI", "Noto Sans", "PingFang SC",
      "Microsoft YaHei", sans-serif; color: #1d2129; --bg: #ffffff; --fg: #1d2129;
      --muted: #5c6370; --line: #d8dce3; --accent: #3b5bdb; --accent-bg: #edf2ff; }
@media (prefers-color-scheme: dark) {
  .nl { color: #e6e8eb; --bg: #1f2329; --fg: #e6e8eb; --muted: #a0a7b4; --line: #3a404a;
        --accent: #91a7ff; --accent-bg: #2b3350; }
}
button { font: inherit; color: inherit; cursor: pointer; border: 1px solid var(--line);
         background: var(--bg); border-radius: 6px; padding: 3px 9px; }
button:hover { border-color: var(--accent); }
button:focus-visible, a:focus-visible, [tabindex]:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
a { color: var(--accent); }
.panel { position: fixed; z-index: 2147483646; background: var(--bg); color: var(--fg);
         border: 1px solid var(--line); border-radius: 10px; box-shadow: 0 4px 18px rgba(0,0,0,.18); }
.bar { right: 16px; bottom: 16px; max-width: min(440px, calc(100vw - 32px)); }
.bar-head { display: flex; align-items: center; gap: 8px; padding: 8px 10px; flex-wrap: wrap; }
.bar-head .brand { font-weight: 600; }
.bar-head .counts { color: var(--muted); }
.bar-head .spacer { flex: 1; }
.edits { list-style: none; margin: 0; padding: 0 10px 10px; max-height: 45vh; overflow: auto;
         border-top: 1px solid var(--line); }
.edits li { display: grid; grid-template-columns: 1fr auto; gap: 2px 8px; padding: 6px 0;
            border-bottom: 1px solid var(--line); }
.edits li:last-child { border-bottom: 0; }
.edits .reason { font-weight: 500; }
.edits .excerpt { grid-column: 1; color: var(--muted); font-size: 12px; overflow: hidden;
                  text-overflow: ellipsis; white-space: nowrap; }
.edits button { grid-row: 1 / span 2; grid-column: 2; align-self: center; }
.edits li.restored .reason { text-decoration: line-through; color: var(--muted); }
.warnings { margin: 0; padding: 6px 10px; color: #b35900; border-top: 1px solid var(--line); }
.outline { right: 16px; top: 16px; width: min(280px, calc(100vw - 32px)); }
.outline-head { display: flex; align-items: center; gap: 8px; padding: 8px 10px; }
.outline-head .title { font-weight: 600; flex: 1; overflow: hidden; text-overflow: ellipsis;
                       white-space: nowrap; }
.outline ol { list-style: none; margin: 0; padding: 0 6px 8px; max-height: 60vh; overflow: auto;
              border-top: 1px solid var(--line); }
.outline li button { display: flex; width: 100%; text-align: start; border: 0; gap: 8px;
                     padding: 5px 6px; border-radius: 6px; }
.outline li button .label { flex: 1; }
.outline li button .min { color: var(--muted); font-size: 12px; white-space: nowrap; }
.outline li button[aria-current="true"] { background: var(--accent-bg); color: var(--accent);
                                          font-weight: 600; }
.tooltip { position: fixed; z-index: 2147483647; max-width: min(360px, calc(100vw - 16px));
           padding: 8px 10px; pointer-events: auto; }
.tooltip .term { font-weight: 600; }
.tooltip .source { display: block; margin-top: 4px; color: var(--muted); font-size: 12px; }
.edits .actions { grid-column: 1 / -1; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.edits .rule-text { flex: 1 1 100%; font: 12px/1.3 ui-monospace, monospace; padding: 3px 5px;
                    border: 1px solid var(--line); border-radius: 4px; background: var(--bg); color: var(--fg); }
.notice { margin: 0; padding: 6px 10px; border-top: 1px solid var(--line); }
.notice.problem { color: #c92a2a; }
.site { display: flex; flex-wrap: wrap; gap: 6px; padding: 8px 10px; border-top: 1px solid var(--line); }
.pick-box { position: fixed; z-index: 2147483645; pointer-events: none; border: 2px solid #e8590c;
            background: rgba(232, 89, 12, .12); border-radius: 3px; }
.pick-box.refused { border-style: dashed; border-color: #868e96; background: rgba(134, 142, 150, .12); }
.pick-label { position: fixed; z-index: 2147483646; pointer-events: none; padding: 2px 6px;
              border-radius: 4px; background: #e8590c; color: #fff; font: 12px/1.5 ui-monospace, monospace;
              white-space: pre; max-width: calc(100vw - 8px); overflow: hidden; text-overflow: ellipsis; }
.pick-panel { left: 50%; top: 12px; transform: translateX(-50%); padding: 8px 12px;
              max-width: min(520px, calc(100vw - 32px)); display: flex; flex-direction: column; gap: 6px; }
.pick-panel:focus { outline: 2px solid var(--accent); }
.pick-panel p { margin: 0; }
.pick-help { color: var(--muted); font-size: 12px; }
.pick-live { font-weight: 500; }
.pick-confirm { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.pick-confirm p { flex: 1 1 100%; color: #c92a2a; }
.pick-leave { align-self: flex-end; }
[hidden] { display: none !important; }
@media print { .panel, .tooltip { display: none !important; } }
`;

const CARD_STYLE = `
:host { all: initial; display: block; margin: 1em 0; max-width: 100%; }
.card { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", "Noto Sans", "PingFang SC",
        "Microsoft YaHei", sans-serif; display: flex; flex-direction: column; justify-content: center;
        align-items: center; gap: 8px; text-align: center; padding: 16px; min-height: 140px;
        border-radius: 10px; background: #20242b; color: #f1f3f5; aspect-ratio: 16 / 9;
        max-height: 70vh; }
button { font: inherit; font-weight: 600; color: #111; background: #f1f3f5; border: 0;
         border-radius: 999px; padding: 10px 18px; cursor: pointer; }
button:focus-visible, a:focus-visible { outline: 3px solid #91a7ff; outline-offset: 2px; }
.title { font-weight: 600; max-width: 90%; }
.note { color: #adb5bd; font-size: 12px; }
a { color: #91a7ff; font-size: 12px; }
@media print { .card { aspect-ratio: auto; min-height: 0; background: none; color: #000;
               border: 1px solid #999; } button, .note { display: none; } }
`;

/** The message key naming each edit kind (in the status bar here, in the playground's report). */
export const KIND_LABEL = {
  remove: "kindRemove",
  replaceEmbed: "kindEmbed",
  stripParams: "kindParams",
  annotate: "kindTerm",
  unlockScroll: "kindScroll",
  unstick: "kindUnstick",
};

/**
 * A `tag` element of `doc` with attributes, `text`, `class` and `on…` listeners from `props`,
 * and its children (falsy ones, such as null, are skipped). The playground builds its report with it.
 */
export function el(doc, tag, props = {}, ...children) {
  const node = doc.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "text") node.textContent = v;
    else if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c) node.append(c);
  return node;
}

/** A `source` as the reader reads it: this article, a bundled pack, their own glossary. */
export function sourceLabel(t, source) {
  if (source === "page") return t("sourcePage");
  if (source === "user") return t("sourceUser");
  if (source?.startsWith("pack:")) return t("sourcePack", t(`pack_${source.slice(5)}`));
  return source ?? "";
}

/**
 * An edit's reason in the reader's language: the UI's own words for each kind and rule, the
 * engine's (English) words for a rule the UI does not know.
 */
function reasonLabel(t, edit) {
  switch (edit.kind) {
    case "annotate":
      return sourceLabel(t, edit.source);
    case "replaceEmbed":
      return t("reasonEmbed", edit.embed.providerName);
    case "stripParams":
      return t("reasonParams", edit.removed.join(", "));
    case "unlockScroll":
      return t("reasonScroll");
    case "unstick":
      return t("reasonUnstick");
  }
  // The reader's rule, named: the engine says "your rule: LINE" (or, before, "your rule LINE").
  const line = edit.rule === "user" && /^your rule:? (.+)$/s.exec(String(edit.reason ?? ""))?.[1];
  if (line) return `${t("reason_user")}: ${line}`;
  const key = `reason_${String(edit.rule).replace(/[^A-Za-z0-9]/g, "_")}`;
  const text = t(key);
  return text && text !== key ? text : edit.reason;
}

/**
 * Styles a shadow root: a constructed style sheet where the browser lets this script adopt one
 * (no Content Security Policy applies to it), else a `<style>` element in the root.
 */
export function styleRoot(doc, root, css) {
  try {
    const sheet = new doc.defaultView.CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
    if (root.adoptedStyleSheets.length === 1 && sheet.cssRules.length > 0) return;
  } catch {
    // Not in this browser, or not from this script's world: the element below.
  }
  root.append(el(doc, "style", { text: css }));
}

/**
 * Creates the UI for one cleaned document. `t(key, ...subs)` gives strings; `onUndo()` is what
 * "Undo all" runs. Optional: `onPick()` starts pick mode (the status bar then has "Remove
 * something…"); `remember` makes rules of corrections: `{ site, save(line), check(line) }`,
 * where `site` is the page's host name (no `www.`), `save(line)` resolves `{ area }` or rejects
 * with the reason (without `save`, the rule is shown to copy), and `check(line)` (optional) says
 * why a rule would not do on the page as it loads, or null; `onSite(action)` ("auto" | "never")
 * resolves a message for the per-site buttons. Returns the applier hooks (`card`, `term`,
 * `restored`) and `show`, `addSession`, `addEdit`, `notify`, `layer`, `destroy`.
 */
export function createUI(doc, { t, onUndo, onPick = null, remember = null, onSite = null }) {
  const win = doc.defaultView;
  const host = doc.createElement("newslens-ui");
  const root = host.attachShadow({ mode: "open" });
  const box = el(doc, "div", { class: "nl", lang: t("uiLang") });
  styleRoot(doc, root, STYLE);
  root.append(box);
  // Terms point at their descriptions with aria-describedby, which only reaches elements of
  // the same tree: the descriptions sit in the page, hidden (not read, found or copied).
  const descriptions = el(doc, "newslens-descriptions", { hidden: true });
  const cleanups = [];
  const listen = (target, type, fn, opts) => {
    target.addEventListener(type, fn, opts);
    cleanups.push(() => target.removeEventListener(type, fn, opts));
  };

  // Tooltip: one, moved to the term it explains.
  const tip = el(doc, "div", { class: "panel tooltip", role: "tooltip", id: "tip", hidden: true });
  const tipTerm = el(doc, "span", { class: "term" });
  const tipDef = el(doc, "span", { class: "definition" });
  const tipSource = el(doc, "span", { class: "source" });
  tip.append(tipTerm, doc.createTextNode(" "), tipDef, tipSource);
  box.append(tip);
  let tipFor = null;
  let showTimer = 0;
  let hideTimer = 0;
  const showTip = (span, edit) => {
    clearTimeout(hideTimer);
    tipTerm.textContent = edit.term;
    tipDef.textContent = edit.definition;
    tipSource.textContent = sourceLabel(t, edit.source);
    tip.hidden = false;
    tipFor = span;
    const r = span.getBoundingClientRect();
    const w = tip.offsetWidth;
    const h = tip.offsetHeight;
    const left = Math.max(8, Math.min(r.left, win.innerWidth - w - 8));
    const below = r.bottom + 6 + h <= win.innerHeight;
    tip.style.left = `${left}px`;
    tip.style.top = `${below ? r.bottom + 6 : Math.max(8, r.top - h - 6)}px`;
  };
  const hideTip = () => {
    clearTimeout(showTimer);
    tip.hidden = true;
    tipFor = null;
  };
  listen(tip, "mouseenter", () => clearTimeout(hideTimer));
  listen(tip, "mouseleave", () => (hideTimer = setTimeout(hideTip, 200)));
  listen(doc, "keydown", (e) => e.key === "Escape" && tipFor && hideTip(), true);
  listen(doc, "pointerdown", (e) => tipFor && e.target !== tipFor && e.target !== host && hideTip(), true);
  listen(win, "scroll", () => tipFor && hideTip(), { passive: true });

  function term(span, edit) {
    const id = `newslens-def-${edit.id}`;
    descriptions.append(
      el(doc, "span", { id, text: `${edit.definition} (${sourceLabel(t, edit.source)})` }),
    );
    span.setAttribute("aria-describedby", id);
    span.style.textDecoration = "underline dotted";
    span.style.textUnderlineOffset = "0.2em";
    span.style.cursor = "help";
    // Hover with intent (not on a pass-by), focus, touch (a tap toggles), Esc dismisses.
    span.addEventListener("mouseenter", () => {
      clearTimeout(hideTimer);
      showTimer = setTimeout(() => showTip(span, edit), 350);
    });
    span.addEventListener("mouseleave", () => {
      clearTimeout(showTimer);
      hideTimer = setTimeout(hideTip, 250);
    });
    span.addEventListener("focus", () => showTip(span, edit));
    span.addEventListener("blur", () => hideTip());
    span.addEventListener("click", () => (tipFor === span ? hideTip() : showTip(span, edit)));
  }

  function card(edit, play, player) {
    const e = edit.embed;
    const cardHost = doc.createElement("newslens-embed");
    cardHost.className = "newslens-embed";
    cardHost.dataset.provider = e.provider;
    const rect = player?.getBoundingClientRect?.();
    if (rect && rect.width > 80) cardHost.style.width = `${Math.round(rect.width)}px`;
    const shadow = cardHost.attachShadow({ mode: "open" });
    const title = e.title || t("cardUntitled");
    const button = el(doc, "button", {
      type: "button",
      text: `▶ ${t("cardPlay", e.providerName)}`,
      "aria-label": t("cardPlayLabel", e.providerName, title),
      onclick: () => play(),
    });
    const inner = el(
      doc,
      "div",
      { class: "card", lang: t("uiLang") },
      el(doc, "div", { class: "title", text: title }),
      button,
      el(doc, "div", { class: "note", text: t("cardNote", e.providerName) }),
      e.watchUrl
        ? el(doc, "a", {
            href: e.watchUrl,
            target: "_blank",
            rel: "noopener noreferrer",
            text: t("cardWatch", e.providerName),
          })
        : null,
    );
    styleRoot(doc, shadow, CARD_STYLE);
    shadow.append(inner);
    return cardHost;
  }

  // Status bar and outline.
  let sessions = [];
  let rows = new Map(); // edit id → { li, session }
  const counts = el(doc, "span", { class: "counts" });
  const list = el(doc, "ul", { class: "edits", id: "edits", hidden: true });
  const warnings = el(doc, "p", { class: "warnings", hidden: true });
  const details = el(doc, "button", {
    type: "button",
    "aria-expanded": "false",
    "aria-controls": "edits",
    text: t("barDetails"),
    onclick: () => {
      list.hidden = !list.hidden;
      if (siteBox) siteBox.hidden = list.hidden;
      details.setAttribute("aria-expanded", String(!list.hidden));
    },
  });
  const notice = el(doc, "p", { class: "notice", role: "status", "aria-live": "polite", hidden: true });
  const pickButton = onPick
    ? el(doc, "button", { type: "button", class: "pick-start", text: t("pickStart"), onclick: (e) => onPick(e) })
    : null;
  const siteBox = onSite
    ? el(
        doc,
        "div",
        { class: "site", hidden: true },
        el(doc, "button", { type: "button", "data-site": "auto", text: t("siteAuto"), onclick: () => site("auto") }),
        el(doc, "button", { type: "button", "data-site": "never", text: t("siteNever"), onclick: () => site("never") }),
      )
    : null;
  const bar = el(
    doc,
    "section",
    { class: "panel bar", role: "region", "aria-label": t("barLabel") },
    el(
      doc,
      "div",
      { class: "bar-head" },
      el(doc, "span", { class: "brand", text: "Newslens" }),
      counts,
      el(doc, "span", { class: "spacer" }),
      pickButton,
      details,
      el(doc, "button", { type: "button", text: t("barUndo"), onclick: () => onUndo() }),
    ),
    warnings,
    notice,
    list,
    siteBox,
  );

  /** Says something in the status bar (announced politely); `problem` in red. */
  function notify(text, { problem = false } = {}) {
    notice.textContent = text;
    notice.classList.toggle("problem", problem);
    notice.hidden = !text;
  }

  function openDetails() {
    list.hidden = false;
    if (siteBox) siteBox.hidden = false;
    details.setAttribute("aria-expanded", "true");
  }

  async function site(action) {
    try {
      notify(await onSite(action));
    } catch (e) {
      notify(t("siteFailed", e?.message ?? String(e)), { problem: true });
    }
  }

  /**
   * The rule for a correction (`##` removes `elements` on this site, `#@#` keeps them), checked
   * against the page as it is: `{ line }`, or `{ error }` where no selector matches exactly them.
   */
  function ruleFor(kind, elements, selector = null) {
    const sel = selector ?? selectorFor(elements, doc);
    if (!sel || !matchesExactly(sel, elements, doc)) return { error: t("rememberNoSelector") };
    return { line: `${remember.site}${kind}${sel}` };
  }

  /** Saves `line` (or shows it to copy), saying what happened in the row's action area. */
  async function saveRule(line, actions, button) {
    // A rule must select the same element in the page as it loads (the next clean reads that),
    // shown to copy or saved.
    const problem = remember.check?.(line) ?? null;
    if (problem) {
      notify(t("rememberFailed", problem), { problem: true });
      return;
    }
    if (!remember.save) {
      // The playground: nothing is stored; the rule is there to copy.
      button.remove();
      const text = el(doc, "input", { class: "rule-text", readonly: true, value: line, "aria-label": t("rememberCopyLabel") });
      actions.append(text);
      text.focus();
      text.select();
      notify(t("rememberCopy"));
      return;
    }
    button.disabled = true;
    try {
      const { area } = await remember.save(line);
      button.remove();
      notify(t(area === "sync" ? "rememberSavedSync" : "rememberSavedLocal", line));
    } catch (e) {
      button.disabled = false;
      notify(t("rememberFailed", e?.message ?? String(e)), { problem: true });
    }
  }
  const outline = el(doc, "nav", { class: "panel outline", "aria-label": t("outlineLabel") });
  box.append(bar);

  function refreshCounts() {
    const by = { remove: 0, replaceEmbed: 0, annotate: 0, stripParams: 0, unlockScroll: 0, unstick: 0 };
    for (const s of sessions) for (const id of s.edits.keys()) {
      if (s.isApplied(id)) by[s.edits.get(id).kind] += 1;
    }
    counts.textContent = t("barCounts", by.remove, by.replaceEmbed, by.annotate, by.stripParams);
  }

  function addRow(index, session, id) {
    const edit = session.edits.get(id);
    const restore = el(doc, "button", {
      type: "button",
      class: "restore",
      text: t("barRestore"),
      "aria-label": `${t("barRestore")}: ${reasonLabel(t, edit)}`,
      onclick: () => session.restore(id),
    });
    const li = el(
      doc,
      "li",
      { "data-edit": String(id), "data-kind": edit.kind, "data-rule": edit.rule },
      el(doc, "span", { class: "reason", text: `${t(KIND_LABEL[edit.kind])} · ${reasonLabel(t, edit)}` }),
      el(doc, "span", {
        class: "excerpt",
        text: edit.kind === "annotate" ? edit.term : edit.text || edit.rule,
      }),
      restore,
    );
    if (edit.rule === "user.pick" && remember) {
      // "Always on this site": offered only where a selector was made and checked at the pick.
      const actions = el(doc, "div", { class: "actions" });
      if (edit.selector) {
        const rule = `${remember.site}##${edit.selector}`;
        const always = el(doc, "button", {
          type: "button",
          class: "remember-always",
          text: t("rememberAlways"),
          "aria-label": `${t("rememberAlways")}: ${rule}`,
          onclick: () => saveRule(rule, actions, always),
        });
        actions.append(always);
      } else {
        actions.append(el(doc, "span", { class: "excerpt", text: t("rememberNoSelector") }));
      }
      li.append(actions);
    }
    rows.set(`${index}:${id}`, li);
    li.dataset.key = `${index}:${id}`;
    list.append(li);
    return li;
  }

  function addSession(session) {
    sessions.push(session);
    for (const id of session.edits.keys()) addRow(sessions.length - 1, session, id);
    refreshCounts();
  }

  /**
   * A removal added to a session after it was shown (pick mode): its row, the details opened,
   * the focus on its first action. Returns the row.
   */
  function addEdit(session, id) {
    const index = sessions.indexOf(session);
    if (index < 0) throw new Error("addEdit: not a session of this UI");
    const li = addRow(index, session, id);
    refreshCounts();
    openDetails();
    li.scrollIntoView?.({ block: "nearest" });
    (li.querySelector(".remember-always") ?? li.querySelector("button"))?.focus();
    return li;
  }

  function restored(sessionIndex, id, node = null) {
    const li = rows.get(`${sessionIndex}:${id}`);
    if (li) {
      li.classList.add("restored");
      li.querySelector("button.restore")?.remove();
      li.querySelector(".actions")?.remove();
      const edit = sessions[sessionIndex]?.edits.get(id);
      // "Never remove this on this site": for what Newslens removed and the reader put back.
      if (remember && edit?.kind === "remove" && edit.rule !== "user.pick" && node?.nodeType === 1 && node.isConnected) {
        const actions = el(doc, "div", { class: "actions" });
        const rule = ruleFor("#@#", [node]);
        if (rule.line) {
          const never = el(doc, "button", {
            type: "button",
            class: "remember-never",
            text: t("rememberNever"),
            "aria-label": `${t("rememberNever")}: ${rule.line}`,
            onclick: () => saveRule(rule.line, actions, never),
          });
          actions.append(never);
        } else actions.append(el(doc, "span", { class: "excerpt", text: rule.error }));
        li.append(actions);
      }
    }
    refreshCounts();
  }

  function show(report, session, headings) {
    addSession(session);
    const notes = [...(report.warnings ?? [])];
    if (session.skipped.length) notes.unshift(t("barSkipped", session.skipped.length));
    if (notes.length) {
      warnings.textContent = notes.join(" · ");
      warnings.hidden = false;
    }
    const entries = (report.outline ?? [])
      .map((entry, i) => ({ entry, heading: headings[i] }))
      .filter((x) => x.heading);
    if (entries.length >= 2) {
      const items = el(doc, "ol", { id: "sections" });
      const toggle = el(doc, "button", {
        type: "button",
        "aria-expanded": "true",
        "aria-controls": "sections",
        text: t("outlineHide"),
        onclick: () => {
          items.hidden = !items.hidden;
          toggle.setAttribute("aria-expanded", String(!items.hidden));
          toggle.textContent = items.hidden ? t("outlineShow") : t("outlineHide");
        },
      });
      outline.append(
        el(
          doc,
          "div",
          { class: "outline-head" },
          el(doc, "span", { class: "title", text: t("outlineTitle") }),
          toggle,
        ),
        items,
      );
      const buttons = entries.map(({ entry, heading }) => {
        const b = el(
          doc,
          "button",
          {
            type: "button",
            "data-section": entry.id,
            onclick: () => {
              heading.scrollIntoView({ behavior: "smooth", block: "start" });
              // Focus follows, so the keyboard reader goes on from the section; the tabindex
              // this needs comes off again on undo.
              if (!heading.hasAttribute("tabindex")) {
                heading.tabIndex = -1;
                cleanups.push(() => heading.removeAttribute("tabindex"));
              }
              heading.focus({ preventScroll: true });
            },
          },
          el(doc, "span", { class: "label", text: entry.title }),
          el(doc, "span", { class: "min", text: t("outlineMinutes", Math.max(1, entry.minutes)) }),
        );
        // CSSOM, not a style attribute: a page's CSP may forbid inline style attributes.
        b.style.paddingInlineStart = `${6 + (entry.level - 1) * 14}px`;
        items.append(el(doc, "li", {}, b));
        return b;
      });
      // The section being read: the last heading above the upper third of the window.
      let frame = 0;
      const highlight = () => {
        frame = 0;
        let current = 0;
        entries.forEach(({ heading }, i) => {
          if (heading.getBoundingClientRect().top <= win.innerHeight / 3) current = i;
        });
        buttons.forEach((b, i) => b.setAttribute("aria-current", String(i === current)));
      };
      listen(win, "scroll", () => (frame ||= win.requestAnimationFrame(highlight)), {
        passive: true,
      });
      highlight();
      box.append(outline);
    }
    // Outside <body>, after it: nothing in the page moves, and the page's paths stay valid.
    doc.documentElement.append(host, descriptions);
  }

  function destroy() {
    for (const c of cleanups) c();
    hideTip();
    host.remove();
    descriptions.remove();
  }

  return {
    host,
    /** Where pick mode draws (in the shadow root). */
    layer: box,
    card,
    term,
    show,
    addSession,
    addEdit,
    notify,
    ruleFor,
    restored,
    get sessions() {
      return sessions;
    },
    destroy,
  };
}

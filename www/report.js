// The report panel: what the engine found (summary, notes, edits, outline, terms), each entry a
// button that highlights its place in both frames.
import { resolveTarget } from "./common/applier.js";
import { KIND_LABEL, sourceLabel as termSource } from "./common/ui.js";
import { highlight } from "./frames.js";
import { currentLang, t } from "./i18n.js";
import { $, el } from "./shell.js";

function pct(x) {
  return `${Math.round(x * 100)}%`;
}

function languageName(code) {
  if (!code || code === "und") return t("fLanguageUnknown");
  try {
    return `${new Intl.DisplayNames([currentLang()], { type: "language" }).of(code)} (${code})`;
  } catch {
    return code;
  }
}

function editExcerpt(edit) {
  if (edit.kind === "annotate") return edit.term;
  if (edit.kind === "replaceEmbed") return edit.embed?.title || edit.text || edit.embed?.providerName;
  return edit.text || "";
}

/**
 * Shows the report of `result` (the worker's answer) for `view`, the cleaned frame's state
 * (app.js: `{ doc, origDoc, session, headings, targets, markers, restored, undone }`).
 */
export function renderReport(result, view) {
  const { report } = result;
  const { session } = view;
  $("report").hidden = false;
  const summary = $("summary");
  const encoding = result.encoding
    ? result.declared && result.declared !== result.encoding
      ? t("fEncodingDeclared", result.encoding, result.declared)
      : t("fEncodingValue", result.encoding)
    : null;
  const rows = [
    ["fTitle", report.title, "title"],
    ["fLanguage", languageName(report.language), "language"],
    ["fConfidence", pct(report.article.confidence), "confidence"],
    ["fReading", t("fMinutes", report.article.readingMinutes), "reading"],
    ["fTime", t("fTimeValue", result.timing.analyzeMs.toFixed(1)), "time"],
    ["fApplied", t("fAppliedValue", session.applied, session.skipped.length), "applied"],
  ];
  if (encoding) rows.push(["fEncoding", encoding, "encoding"]);
  summary.replaceChildren(
    ...rows.flatMap(([key, value, name]) => [
      el("dt", { text: t(key) }),
      el("dd", { text: String(value ?? ""), "data-field": name }),
    ]),
  );
  // When the engine worked (ms since the epoch), for the tests' check that the tab kept going.
  const time = summary.querySelector('[data-field="time"]');
  time.dataset.from = String(result.timing.from);
  time.dataset.to = String(result.timing.to);

  const notes = [
    ...session.skipped.length ? [t("barSkipped", session.skipped.length)] : [],
    ...(report.warnings ?? []), // the options' skipped entries are among them
  ];
  $("notes").hidden = !notes.length;
  $("notes-list").replaceChildren(...notes.map((n) => el("li", { text: n })));

  const skipped = new Map(session.skipped.map((s) => [s.id, s.reason]));
  const edits = [...report.edits].sort((a, b) => a.id - b.id);
  $("edits-count").textContent = `(${edits.length})`;
  $("edits").replaceChildren(
    ...edits.map((edit) => {
      const state = skipped.has(edit.id) ? t("skipped", skipped.get(edit.id)) : "";
      return el(
        "li",
        { "data-edit": edit.id, "data-kind": edit.kind, "data-rule": edit.rule },
        el(
          "button",
          { type: "button", class: "edit", onclick: () => focusEdit(view, edit) },
          el("span", { class: "kind", text: t(KIND_LABEL[edit.kind] ?? edit.kind) }),
          el("code", { class: "rule", text: edit.rule }),
          el("span", { class: "reason", text: edit.reason }),
          editExcerpt(edit) ? el("span", { class: "excerpt", text: editExcerpt(edit) }) : null,
          el("span", { class: "state", text: state }),
        ),
      );
    }),
  );

  const outline = report.outline ?? [];
  $("outline").replaceChildren(
    ...(outline.length
      ? outline.map((entry, i) =>
          el(
            "li",
            { "data-section": entry.id, "data-level": entry.level },
            el(
              "button",
              { type: "button", class: "section", onclick: () => focusSection(view, entry, i) },
              el("span", { class: "label", text: entry.title }),
              el("span", { class: "min", text: t("outlineMinutes", Math.max(1, entry.minutes)) }),
            ),
          ),
        )
      : [el("li", { class: "none", text: t("noOutline") })]),
  );
  for (const li of $("outline").querySelectorAll("li[data-level]")) {
    li.style.paddingInlineStart = `${(Number(li.dataset.level) - 1) * 1}em`;
  }

  const terms = report.annotations ?? [];
  const firstEditOf = (term) => report.edits.find((e) => e.kind === "annotate" && e.term === term);
  $("terms").replaceChildren(
    ...(terms.length
      ? terms.map((a) =>
          el(
            "li",
            { "data-term": a.term, "data-source": a.source },
            el(
              "button",
              {
                type: "button",
                class: "term",
                onclick: () => {
                  const edit = firstEditOf(a.term);
                  if (edit) focusEdit(view, edit);
                },
              },
              el("span", { class: "name", text: a.term }),
            ),
            el("span", { class: "definition", text: a.definition }),
            el("span", { class: "source", text: termSource(t, a.source) }),
          ),
        )
      : [el("li", { class: "none", text: t("noTerms") })]),
  );
  for (const id of view.restored) markRow(id);
}

/** Marks an edit's row as restored (its element put back in the cleaned frame). */
export function markRow(id) {
  const row = $("edits").querySelector(`li[data-edit="${id}"]`);
  if (!row) return;
  row.classList.add("restored");
  row.querySelector(".state").textContent = t("restored");
}

/** Highlights an edit in both frames. */
function focusEdit(view, edit) {
  const { doc, origDoc, session, targets, markers } = view;
  const label = (hidden) => {
    const text = `${t(KIND_LABEL[edit.kind] ?? edit.kind)} · ${edit.reason}`;
    return hidden ? t("hiddenElement", text) : text;
  };
  // The original: the target itself (a term: its characters).
  let origTarget = resolveTarget(origDoc, edit.target);
  if (origTarget && edit.kind === "annotate") {
    const node = origTarget.childNodes[edit.textIndex];
    if (node?.nodeType === 3 && node.data.slice(edit.start, edit.end) === edit.term) {
      origTarget = origDoc.createRange();
      origTarget.setStart(node, edit.start);
      origTarget.setEnd(node, edit.end);
    }
  }
  highlight(origDoc, origTarget, label);
  // The cleaned page: where the edit is now.
  let target = null;
  let cleanedLabel = label;
  if (session.isApplied(edit.id)) {
    if (edit.kind === "remove") {
      target = markers.get(session.nodeOf(edit.id)) ?? null;
      cleanedLabel = () => t("removedHere", edit.reason);
    } else if (edit.kind === "replaceEmbed") target = session.cardOf(edit.id);
    else target = session.nodeOf(edit.id);
  } else if (!view.undone || edit.kind !== "annotate") {
    target = targets.get(edit.id); // restored (or skipped): the element as it is
  }
  highlight(doc, target, cleanedLabel);
  for (const li of $("edits").querySelectorAll("li.current")) li.classList.remove("current");
  $("edits").querySelector(`li[data-edit="${edit.id}"]`)?.classList.add("current");
}

/** Highlights an outline entry (the `i`th) in both frames. */
function focusSection(view, entry, i) {
  const label = () => `${t("outlineTitle")} · ${entry.title}`;
  highlight(view.origDoc, resolveTarget(view.origDoc, entry.target), label);
  highlight(view.doc, view.headings[i], label);
}
